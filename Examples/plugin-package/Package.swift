// swift-tools-version: 6.2
// A plugin package for EstimatorZoo: one estimator and one attack of its own, run by `my-zoo`, the whole
// `zoo` command line with these components beside the built-in ones (see EstimatorZoo's docs/plugins.md).
import PackageDescription

let package = Package(
    name: "MyZoo",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Where your copy of EstimatorZoo lives, and the release you build against.
        .package(url: "https://example.com/EstimatorZoo.git", from: "0.1.0")
    ],
    targets: [
        // The components (the module listed in registry.json, which names each one's type).
        .target(
            name: "MyZoo",
            dependencies: [
                .product(name: "ZooCore", package: "EstimatorZoo"),
                .product(name: "ZooLinalg", package: "EstimatorZoo"),
            ]),
        // The catalogue, generated from registry.json by EstimatorZoo's RegistryPlugin.
        .target(
            name: "MyZooCatalog",
            dependencies: ["MyZoo", .product(name: "ZooCore", package: "EstimatorZoo")],
            plugins: [.plugin(name: "RegistryPlugin", package: "EstimatorZoo")]
        ),
        // `zoo` with the catalogue added.
        .executableTarget(
            name: "my-zoo",
            dependencies: [
                "MyZooCatalog",
                .product(name: "ZooCLI", package: "EstimatorZoo"),
            ]),
        // The conformance suite the built-in components pass, on this package's components.
        .testTarget(
            name: "MyZooTests",
            dependencies: [
                "MyZoo", "MyZooCatalog",
                .product(name: "ZooConformance", package: "EstimatorZoo"),
                .product(name: "ZooCore", package: "EstimatorZoo"),
                .product(name: "ZooLinalg", package: "EstimatorZoo"),
            ]),
    ]
)
