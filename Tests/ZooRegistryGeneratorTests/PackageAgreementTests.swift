import Testing

@testable import ZooRegistryGenerator

/// registry.json and Package.swift must name the same component modules.
@Suite struct PackageAgreementTests {
    let file = registry([("ZooData", [("data", "isotropic")]), ("ZooRidge", [("estimator", "ridge")])])

    func check(
        _ file: RegistryFile, targets: [String] = ["ZooCore", "ZooLinalg", "ZooData", "ZooRidge", "ZooCatalog"],
        dependencies: [String] = ["ZooCore", "ZooData", "ZooRidge"]
    ) -> [String] {
        packageProblems(file, catalogTarget: "ZooCatalog", targets: Set(targets), dependencies: Set(dependencies))
            .map(\.description)
    }

    @Test func anAgreeingPackageHasNoProblems() {
        #expect(check(file) == [])
    }

    @Test func aModuleThatIsNotATargetIsReported() {
        var withFoo = file
        withFoo.modules += registry([("ZooFoo", [("data", "foo")])]).modules
        #expect(
            check(withFoo) == [
                #"registry.json names module 'ZooFoo', but Package.swift has no target 'ZooFoo': add .target(name: "ZooFoo", …) and list it in ZooCatalog's dependencies"#
            ])
    }

    @Test func aModuleMissingFromTheCataloguesDependenciesIsReported() {
        #expect(
            check(file, dependencies: ["ZooCore", "ZooData"]) == [
                #"registry.json names module 'ZooRidge', but ZooCatalog does not depend on it: add "ZooRidge" to ZooCatalog's dependencies in Package.swift"#
            ])
    }

    @Test func unlistedDependenciesAreReportedSortedByName() {
        let found = check(file, dependencies: ["ZooCore", "ZooData", "ZooRidge", "ZooLinalg", "ZooAttacks"])
        #expect(found.count == 2)
        #expect(
            found.first?.hasPrefix("registry.json does not list module 'ZooAttacks', but ZooCatalog depends on it")
                == true)
        #expect(found.last?.hasPrefix("registry.json does not list module 'ZooLinalg'") == true)
    }

    @Test func theCoreDependencyIsRequired() {
        #expect(
            check(file, dependencies: ["ZooData", "ZooRidge"]) == [
                #"registry.json: the generated catalogue imports ZooCore, but ZooCatalog does not depend on it: add "ZooCore" to ZooCatalog's dependencies in Package.swift"#
            ])
    }
}
