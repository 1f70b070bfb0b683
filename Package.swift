// swift-tools-version: 6.2
// 6.2 or later: SwiftPM accepts the unsafe flags below when EstimatorZoo is a versioned dependency
// (docs/plugins.md), so a plugin package builds the kernels as this repository does.
// EstimatorZoo: benign overfitting and adversarial robustness, head to head.
import PackageDescription

// MARK: - Compiler flags
// SIMD kernels need a target with AVX2 and FMA: without it, SIMD4<Double> FMA lowers to one libm call
// per lane (see docs/performance.md). The flags assume an x86-64-v3 machine (Haswell or newer);
// other architectures build with their defaults.
//
// The AVX-512 kernels (ZooAVX512) are compiled for x86-64-v4 (AVX-512 F/CD/BW/DQ/VL, the
// Skylake-X level, nothing newer; no `-target-cpu`: `znver4` tuning would keep the v4 feature list
// but brings nothing measurable) and run only when ZooLinalg's run-time check finds
// AVX-512 and OS support for the zmm state. No other module may contain AVX-512 code; both kernel
// modules are kept out of cross-module optimisation so their code stays in their own symbols.
#if arch(x86_64)
    let simdFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v3", "-target-cpu", "haswell"])]
    let avx512Flags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v4"])]
#else
    let simdFlags: [SwiftSetting] = []
    let avx512Flags: [SwiftSetting] = []
#endif
/// Numerics are optimised even in debug builds, so the debug test suite stays fast.
let numericsFlags: [SwiftSetting] = simdFlags + [.unsafeFlags(["-O"], .when(configuration: .debug))]
/// The kernel modules: optimised in every configuration, no cross-module optimisation.
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-O", "-Xfrontend", "-disable-cmo"])]

let package = Package(
    name: "EstimatorZoo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "zoo", targets: ["zoo"]),
        .library(name: "ZooCore", targets: ["ZooCore"]),
        .library(name: "ZooLinalg", targets: ["ZooLinalg"]),
        /// Model code components share (LinearFit, the shared ridge path, ReLU networks, random features,
        /// the projected-gradient loop, certified bounds): for plugin components built on them.
        .library(name: "ZooModels", targets: ["ZooModels"]),
        /// The papers' experiments with their claims (the presets of `zoo reproduce`) and the theory columns.
        .library(name: "ZooStudies", targets: ["ZooStudies"]),
        .plugin(name: "ListComponentsPlugin", targets: ["ListComponentsPlugin"]),
        // MARK: Products for plugin packages (docs/plugins.md)
        .library(name: "ZooCLI", targets: ["ZooCLI"]),
        .library(name: "ZooConformance", targets: ["ZooConformance"]),
        .plugin(name: "RegistryPlugin", targets: ["RegistryPlugin"]),
    ],
    targets: [
        // MARK: - Numerics and the core abstractions
        .target(name: "ZooCPUID"),
        .target(name: "ZooAVX2", swiftSettings: simdFlags + kernelFlags),
        .target(name: "ZooAVX512", swiftSettings: avx512Flags + kernelFlags),
        .target(
            name: "ZooLinalg", dependencies: ["ZooCPUID", "ZooAVX2", "ZooAVX512"],
            swiftSettings: numericsFlags),
        .target(name: "ZooCore", dependencies: ["ZooLinalg"], swiftSettings: simdFlags),
        /// Theoretical risks (deterministic equivalents, Hassani & Javanmard, Sanyal et al.): pure mathematics.
        .target(name: "ZooTheory", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        /// Model code several components share (ReLU network and its trainer, random-features map,
        /// projected-gradient loop), so that no component module imports another.
        .target(name: "ZooModels", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),

        // MARK: - Component modules (each registers itself; listed in registry.json)
        /// The system zlib, for gzip-compressed data files (Debian/Ubuntu: zlib1g-dev).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(name: "ZooData", dependencies: ["ZooCore", "ZooLinalg", "CZlib"], swiftSettings: numericsFlags),
        .target(name: "ZooLinear", dependencies: ["ZooCore", "ZooLinalg", "ZooModels"], swiftSettings: numericsFlags),
        .target(name: "ZooAttacks", dependencies: ["ZooCore", "ZooLinalg", "ZooModels"], swiftSettings: numericsFlags),
        .target(name: "ZooKernels", dependencies: ["ZooCore", "ZooLinalg", "ZooModels"], swiftSettings: numericsFlags),
        .target(name: "ZooNeighbors", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(
            name: "ZooAdversarial", dependencies: ["ZooCore", "ZooLinalg", "ZooModels"], swiftSettings: numericsFlags),
        .target(
            name: "ZooNetworks", dependencies: ["ZooCore", "ZooLinalg", "ZooModels"], swiftSettings: numericsFlags),

        // MARK: - The catalogue, generated from registry.json
        .target(
            name: "ZooCatalog",
            dependencies: [
                "ZooCore", "ZooData", "ZooLinear", "ZooNeighbors", "ZooAttacks",
                "ZooKernels", "ZooAdversarial", "ZooNetworks",
            ],
            plugins: ["RegistryPlugin"]
        ),
        .executableTarget(name: "ZooRegistryGenerator"),
        .plugin(name: "RegistryPlugin", capability: .buildTool(), dependencies: ["ZooRegistryGenerator"]),
        .plugin(
            name: "ListComponentsPlugin",
            capability: .command(
                intent: .custom(
                    verb: "list-components", description: "Print every registered component, as `zoo list` does")
            )
        ),

        // MARK: - Harness and command line
        .target(name: "ZooHarness", dependencies: ["ZooCore", "ZooLinalg"], swiftSettings: numericsFlags),
        .target(name: "ZooReport", dependencies: ["ZooCore", "ZooHarness"]),
        /// The papers' experiments, their claims and checks, and the theory annotator, for library users.
        .target(name: "ZooStudies", dependencies: ["ZooCore", "ZooHarness", "ZooTheory", "ZooReport"]),
        .target(
            name: "ZooCLI",
            dependencies: [
                "ZooCore", "ZooCatalog", "ZooHarness", "ZooReport", "ZooStudies", "ZooData", "ZooLinalg", "ZooTheory",
            ]),
        .executableTarget(name: "zoo", dependencies: ["ZooCLI"]),
        .executableTarget(
            name: "ZooBenchmarks",
            dependencies: [
                "ZooLinalg", "ZooCore", "ZooCatalog", "ZooHarness", "ZooReport", "ZooData", "ZooAdversarial",
                "ZooTheory",
            ],
            swiftSettings: simdFlags
        ),

        // MARK: - Plugin packages
        /// The conformance suite as a library, for a plugin package's tests and this package's own.
        .target(name: "ZooConformance", dependencies: ["ZooCore", "ZooLinalg", "ZooCatalog", "ZooHarness"]),

        // MARK: - Tests
        .target(name: "ZooTestSupport", dependencies: ["ZooCore", "ZooLinalg"], path: "Tests/ZooTestSupport"),
        .testTarget(name: "ZooLinalgTests", dependencies: ["ZooLinalg", "ZooTestSupport"], swiftSettings: simdFlags),
        .testTarget(name: "ZooCoreTests", dependencies: ["ZooCore", "ZooModels", "ZooTestSupport"]),
        .testTarget(
            name: "ZooComponentTests",
            dependencies: [
                "ZooCore", "ZooCatalog", "ZooHarness", "ZooData", "ZooLinear",
                "ZooNeighbors", "ZooAttacks", "ZooKernels", "ZooAdversarial", "ZooNetworks",
                "ZooModels", "ZooTestSupport", "CZlib", "ZooConformance",
            ]
        ),
        .testTarget(
            name: "ZooTheoryTests",
            dependencies: [
                "ZooTheory", "ZooCore", "ZooLinalg", "ZooData", "ZooLinear", "ZooModels", "ZooCatalog",
                "ZooTestSupport",
            ],
            swiftSettings: numericsFlags  // the simulations the theory is checked against run optimised
        ),
        .testTarget(name: "ZooHarnessTests", dependencies: ["ZooHarness", "ZooCatalog", "ZooTestSupport"]),
        .testTarget(name: "ZooReportTests", dependencies: ["ZooReport", "ZooHarness", "ZooData", "ZooTestSupport"]),
        .testTarget(
            name: "ZooStudiesTests", dependencies: ["ZooStudies", "ZooCatalog", "ZooCore", "ZooHarness", "ZooReport"]),
        .testTarget(
            name: "ZooCLITests",
            dependencies: ["ZooCLI", "ZooCatalog", "ZooCore", "ZooReport", "ZooStudies", "ZooTestSupport"]),
        .testTarget(name: "ZooRegistryGeneratorTests", dependencies: ["ZooRegistryGenerator"], exclude: ["Golden"]),
    ]
)
