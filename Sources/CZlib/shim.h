// The system zlib (Debian/Ubuntu: zlib1g-dev; macOS: in the SDK), for reading gzip-compressed data files.
#include <zlib.h>
