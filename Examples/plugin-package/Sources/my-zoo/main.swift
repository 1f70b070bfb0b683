import MyZooCatalog
import ZooCLI

// The whole `zoo` command line, with this package's components beside the built-in ones.
ZooCommandLine.main(adding: [MyZooCatalog.Catalog.self])
