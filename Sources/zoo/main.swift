import ZooCLI

// The `zoo` executable: everything lives in ZooCLI so it can be tested in-process, and so a plugin
// package's executable is this same line with its own catalogue added (docs/plugins.md).
ZooCommandLine.main()
