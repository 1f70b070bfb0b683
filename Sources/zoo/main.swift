import Foundation
import ZooCLI

// The `zoo` executable: everything lives in ZooCLI so it can be tested in-process.
exit(ZooCommandLine.run(Array(CommandLine.arguments.dropFirst())))
