import Testing

@testable import ZooRegistryGenerator

/// Decoded values that break a rule are reported, every one, with what to change.
@Suite struct ValidationTests {
    @Test func aValidCatalogueHasNoErrors() {
        let valid = configuration([
            ("ZooData", [("data", "isotropic"), ("data", "power-law")]),
            ("ZooAttacks", [("attack", "exact-l2"), ("attack", "exact-linf")]),
        ])
        #expect(valid.validationErrors() == [])
    }

    @Test func componentNamesMustBeKebabCase() {
        for name in ["min-norm", "exact-l2", "ridge", "a1-b2-c3"] {
            #expect(RegistryNames.isComponentName(name), "\(name)")
        }
        for name in [
            "", "Ridge", "min_norm", "min--norm", "-ridge", "ridge-", "2-norm", "min norm", "exact-L2", "ε-net",
        ] {
            #expect(!RegistryNames.isComponentName(name), "\(name)")
        }
        let errors = configuration([("ZooRidge", [("estimator", "Ridge_Regression")])]).validationErrors()
        #expect(errors == [.invalidComponentName(module: "ZooRidge", name: "Ridge_Regression")])
        #expect(errors.first?.description.contains("not kebab-case") == true)
    }

    @Test func moduleNamesMustBeTargetNames() {
        for name in ["ZooData", "Zoo2", "Zoo_Data"] { #expect(RegistryNames.isModuleName(name), "\(name)") }
        for name in ["", "zooData", "Zoo-Data", "Zoo Data", "_Zoo", "Zoö"] {
            #expect(!RegistryNames.isModuleName(name), "\(name)")
        }
        #expect(
            configuration([("zoo-data", [("data", "isotropic")])]).validationErrors() == [
                .invalidModuleName("zoo-data")
            ])
        #expect(configuration([("ZooCore", [("data", "isotropic")])]).validationErrors() == [.coreModuleListed])
    }

    @Test func kindsMustBeKnown() {
        let errors = configuration([("ZooRidge", [("estimater", "ridge")])]).validationErrors()
        #expect(errors == [.unknownKind(module: "ZooRidge", component: "ridge", kind: "estimater")])
        #expect(errors.first?.description.hasSuffix("use one of data, estimator, attack") == true)
    }

    @Test func namesMustBeUnique() {
        let twiceModule = configuration([
            ("ZooRidge", [("estimator", "ridge")]), ("ZooRidge", [("estimator", "ridge-two")]),
        ])
        #expect(twiceModule.validationErrors() == [.duplicateModule("ZooRidge")])
        let twiceComponent = configuration([
            ("ZooLinear", [("estimator", "ridge")]), ("ZooRidge", [("estimator", "ridge")]),
        ])
        #expect(
            twiceComponent.validationErrors() == [
                .duplicateComponent(name: "ridge", firstModule: "ZooLinear", secondModule: "ZooRidge")
            ])
        // Names are global across kinds too: the registry looks components up by name alone.
        let acrossKinds = configuration([("ZooAttacks", [("attack", "ridge"), ("estimator", "ridge")])])
        #expect(acrossKinds.validationErrors().first?.description.contains("twice in module ZooAttacks") == true)
    }

    @Test func modulesAndTheFileMustNotBeEmpty() {
        #expect(RegistryConfiguration(modules: []).validationErrors() == [.noModules])
        #expect(configuration([("ZooRidge", [])]).validationErrors() == [.emptyModule("ZooRidge")])
    }

    @Test func summariesMustBeOneLineOfText() {
        #expect(RegistryNames.summaryProblem("argmin (1/n)‖y − Xθ‖² + λ‖θ‖²") == nil)
        #expect(RegistryNames.summaryProblem("") == "is empty")
        #expect(RegistryNames.summaryProblem("   ") == "is empty")
        #expect(RegistryNames.summaryProblem("two\nlines") == "contains a line break or control character")
        #expect(RegistryNames.summaryProblem("tab\there") == "contains a line break or control character")
        #expect(RegistryNames.summaryProblem(" padded") == "has leading or trailing spaces")
        var catalogue = configuration([("ZooRidge", [("estimator", "ridge")])])
        catalogue.modules[0].components[0].summary = ""
        catalogue.modules[0].summary = "two\nlines"
        #expect(
            catalogue.validationErrors() == [
                .invalidSummary(owner: "module ZooRidge", problem: "contains a line break or control character"),
                .invalidSummary(owner: "component 'ridge' in module ZooRidge", problem: "is empty"),
            ])
    }

    @Test func everyProblemIsReportedInFileOrder() {
        let catalogue = configuration([("ZooData", [("data", "Bad"), ("dataset", "csv")]), ("ZooData", [])])
        #expect(
            catalogue.validationErrors() == [
                .invalidComponentName(module: "ZooData", name: "Bad"),
                .unknownKind(module: "ZooData", component: "csv", kind: "dataset"),
                .duplicateModule("ZooData"),
                .emptyModule("ZooData"),
            ])
    }
}
