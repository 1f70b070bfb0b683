// swift-tools-version: 6.1
// EstimatorZoo: benign overfitting and adversarial robustness, head to head.
import PackageDescription

// MARK: - Compiler flags
// SIMD kernels need a target with AVX2 and FMA: without it, SIMD4<Double> FMA lowers to one libm call
// per lane (see README, "Performance"). The flags assume an x86-64-v3 machine (Haswell or newer);
// other architectures build with their defaults.
#if arch(x86_64)
let simdFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v3", "-target-cpu", "haswell"])]
#else
let simdFlags: [SwiftSetting] = []
#endif
/// Numerics are optimised even in debug builds, so the debug test suite stays fast.
let numericsFlags: [SwiftSetting] = simdFlags + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "EstimatorZoo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "zoo", targets: ["zoo"]),
        .library(name: "ZooCore", targets: ["ZooCore"]),
        .library(name: "ZooLinalg", targets: ["ZooLinalg"]),
        .plugin(name: "ListComponentsPlugin", targets: ["ListComponentsPlugin"]),
    ],
    targets: [
        // MARK: - Numerics and the core abstractions
        .target(name: "ZooLinalg", swiftSettings: numericsFlags),
        .target(name: "ZooCore", dependencies: ["ZooLinalg"], swiftSettings: simdFlags),
        /// Theoretical risks (deterministic equivalents, Hassani & Javanmard, Sanyal et al.): pure mathematics.
        .target(name: "ZooTheory", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),

        // MARK: - Component modules (each registers itself; listed in registry.json)
        .target(name: "ZooData", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooLinear", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooRidge", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooAttacks", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooGradientDescent", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooKernels", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooRandomFeatures", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooNeighbors", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooAdversarial", dependencies: ["ZooCore", "ZooLinalg", "ZooAttacks", "ZooNetworks", "ZooRandomFeatures"], swiftSettings: numericsFlags),
        .target(name: "ZooNetworks", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),

        // MARK: - The catalogue, generated from registry.json
        .target(
            name: "ZooCatalog",
            dependencies: ["ZooCore", "ZooData", "ZooLinear", "ZooRidge", "ZooGradientDescent", "ZooNeighbors", "ZooAttacks", "ZooKernels", "ZooRandomFeatures", "ZooAdversarial", "ZooNetworks"],
            plugins: ["RegistryPlugin"]
        ),
        .executableTarget(name: "ZooRegistryGenerator"),
        .plugin(name: "RegistryPlugin", capability: .buildTool(), dependencies: ["ZooRegistryGenerator"]),
        .plugin(
            name: "ListComponentsPlugin",
            capability: .command(
                intent: .custom(verb: "list-components", description: "Print every registered component, as `zoo list` does")
            )
        ),

        // MARK: - Harness and command line
        .target(name: "ZooHarness", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooReport", dependencies: ["ZooCore", "ZooHarness"]),
        .target(name: "ZooCLI", dependencies: ["ZooCore", "ZooCatalog", "ZooHarness", "ZooReport", "ZooData", "ZooLinalg", "ZooTheory"]),
        .executableTarget(name: "zoo", dependencies: ["ZooCLI"]),
        .executableTarget(
            name: "ZooBenchmarks",
            dependencies: ["ZooLinalg", "ZooCore", "ZooCatalog", "ZooHarness", "ZooReport", "ZooData", "ZooAdversarial", "ZooTheory"],
            swiftSettings: simdFlags
        ),

        // MARK: - Tests
        .target(name: "ZooTestSupport", dependencies: ["ZooCore", "ZooLinalg"], path: "Tests/ZooTestSupport"),
        .testTarget(name: "ZooLinalgTests", dependencies: ["ZooLinalg", "ZooTestSupport"], swiftSettings: simdFlags),
        .testTarget(name: "ZooCoreTests", dependencies: ["ZooCore", "ZooTestSupport"]),
        .testTarget(
            name: "ZooComponentTests",
            dependencies: ["ZooCore", "ZooCatalog", "ZooHarness", "ZooData", "ZooLinear", "ZooRidge", "ZooGradientDescent", "ZooNeighbors", "ZooAttacks", "ZooKernels", "ZooRandomFeatures", "ZooAdversarial", "ZooNetworks", "ZooTestSupport"]
        ),
        .testTarget(
            name: "ZooTheoryTests",
            dependencies: ["ZooTheory", "ZooCore", "ZooLinalg", "ZooData", "ZooRidge", "ZooLinear", "ZooTestSupport"],
            swiftSettings: numericsFlags  // the simulations the theory is checked against run optimised
        ),
        .testTarget(name: "ZooHarnessTests", dependencies: ["ZooHarness", "ZooCatalog", "ZooTestSupport"]),
        .testTarget(name: "ZooReportTests", dependencies: ["ZooReport", "ZooHarness", "ZooData", "ZooTestSupport"]),
        .testTarget(name: "ZooCLITests", dependencies: ["ZooCLI", "ZooCatalog", "ZooCore", "ZooTestSupport"]),
        .testTarget(name: "ZooRegistryGeneratorTests", dependencies: ["ZooRegistryGenerator"], exclude: ["Golden"]),
    ]
)
