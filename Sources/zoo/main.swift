import ZooCLI

// The `zoo` executable: everything lives in ZooCLI so it can be tested in-process, and so a plugin
// package's executable is this same line with its own catalogue added (docs/plugins.md). The command
// line checks ZOO_ISA and ZOO_THREADS before any work starts (status 2 for a value it cannot honour).
ZooCommandLine.main()
