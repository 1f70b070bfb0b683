import Foundation
import ZooCLI
import ZooLinalg

// The `zoo` executable: everything lives in ZooCLI so it can be tested in-process.
// Reading the instruction set first makes a bad ZOO_ISA fail before any work starts (status 2).
_ = InstructionSet.current
exit(ZooCommandLine.run(Array(CommandLine.arguments.dropFirst())))
