import Foundation
import ZooCLI

// The `zoo` executable: everything lives in ZooCLI so it can be tested in-process. The command line
// checks ZOO_ISA and ZOO_THREADS before any work starts (status 2 for a value it cannot honour).
exit(ZooCommandLine.run(Array(CommandLine.arguments.dropFirst())))
