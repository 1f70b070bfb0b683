import Testing

@testable import ZooRegistryGenerator

/// registry.json and Package.swift must name the same component modules.
@Suite struct PackageLayoutTests {
    let catalogue = configuration([("ZooData", [("data", "isotropic")]), ("ZooRidge", [("estimator", "ridge")])])

    func layout(
        targets: [String] = ["ZooCore", "ZooLinalg", "ZooData", "ZooRidge", "ZooCatalog"],
        dependencies: [String] = ["ZooCore", "ZooData", "ZooRidge"]
    ) -> PackageLayout {
        PackageLayout(catalogTarget: "ZooCatalog", targets: Set(targets), catalogDependencies: Set(dependencies))
    }

    @Test func agreeingPackageHasNoErrors() {
        #expect(layout().agreementErrors(with: catalogue) == [])
    }

    @Test func aModuleThatIsNotATargetIsReported() {
        var withFoo = catalogue
        withFoo.modules.append(
            ModuleEntry(
                name: "ZooFoo", summary: "s", components: [ComponentEntry(kind: "data", name: "foo", summary: "s")]))
        let errors = layout().agreementErrors(with: withFoo)
        #expect(errors == [.moduleNotATarget(module: "ZooFoo", catalogTarget: "ZooCatalog")])
        #expect(
            errors.first?.description == """
                registry.json names module 'ZooFoo', but Package.swift has no target 'ZooFoo': add .target(name: "ZooFoo", …) \
                and list it in ZooCatalog's dependencies
                """)
    }

    @Test func aModuleTheCatalogueDoesNotDependOnIsReported() {
        let errors = layout(dependencies: ["ZooCore", "ZooData"]).agreementErrors(with: catalogue)
        #expect(errors == [.moduleNotADependency(module: "ZooRidge", catalogTarget: "ZooCatalog")])
        #expect(errors.first?.description.contains(#"add "ZooRidge" to ZooCatalog's dependencies"#) == true)
    }

    @Test func anUnlistedDependencyIsReported() {
        let errors = layout(dependencies: ["ZooCore", "ZooData", "ZooRidge", "ZooLinalg", "ZooAttacks"])
            .agreementErrors(with: catalogue)
        // Sorted by name, so the message order does not depend on Package.swift's order.
        #expect(
            errors == [
                .unlistedDependency(module: "ZooAttacks", catalogTarget: "ZooCatalog"),
                .unlistedDependency(module: "ZooLinalg", catalogTarget: "ZooCatalog"),
            ])
        #expect(
            errors.first?.description.hasPrefix(
                "registry.json does not list module 'ZooAttacks', but ZooCatalog depends on it") == true)
    }

    @Test func theCoreDependencyIsRequired() {
        #expect(
            layout(dependencies: ["ZooData", "ZooRidge"]).agreementErrors(with: catalogue) == [
                .missingCoreDependency(catalogTarget: "ZooCatalog")
            ])
    }
}
