import Testing

@testable import ZooRegistryGenerator

/// Decoded values that break a rule are reported, every one, in file order, with what to change.
@Suite struct ValidationTests {
    @Test func aValidFileHasNoProblems() {
        let valid = registry([
            ("ZooData", [("data", "isotropic"), ("data", "power-law")]),
            ("ZooAttacks", [("attack", "exact-l2"), ("attack", "exact-linf")]),
        ])
        #expect(problems(valid) == [])
    }

    @Test func componentNamesMustBeKebabCase() {
        for name in ["min-norm", "exact-l2", "ridge", "a1-b2-c3"] { #expect(isComponentName(name), "\(name)") }
        for name in [
            "", "Ridge", "min_norm", "min--norm", "-ridge", "ridge-", "2-norm", "min norm", "exact-L2", "ε-net",
        ] {
            #expect(!isComponentName(name), "\(name)")
        }
        #expect(
            problems(registry([("ZooRidge", [("estimator", "Ridge_Regression")])])) == [
                "registry.json: component name 'Ridge_Regression' in module ZooRidge is not kebab-case: use lowercase letters and digits in words joined by single hyphens, starting with a letter (e.g. 'exact-l2')"
            ])
    }

    @Test func moduleAndTypeNamesMustBeSwiftIdentifiers() {
        for name in ["ZooData", "Zoo2", "Zoo_Data"] { #expect(isTypeName(name), "\(name)") }
        for name in ["", "zooData", "Zoo-Data", "Zoo Data", "_Zoo", "Zoö"] { #expect(!isTypeName(name), "\(name)") }
        #expect(
            problems(registry([("zoo-data", [("data", "isotropic")])])) == [
                "registry.json: module name 'zoo-data' is not a target name: use an UpperCamelCase Swift identifier such as ZooLinear"
            ])
        #expect(
            problems(registry([("ZooCore", [("data", "isotropic")])])).first?.contains("is the core module") == true)
        var file = registry([("ZooRidge", [("estimator", "ridge")])])
        file.modules[0].components[0].type = "ridge-regression"
        #expect(
            problems(file) == [
                "registry.json: component 'ridge' in module ZooRidge has type 'ridge-regression', not a Swift type name: give the name of the struct that implements it, such as RidgeRegression"
            ])
    }

    @Test func kindsMustBeKnown() {
        #expect(
            problems(registry([("ZooRidge", [("estimater", "ridge")])])) == [
                "registry.json: component 'ridge' in module ZooRidge has unknown kind 'estimater': use one of data, estimator, attack"
            ])
    }

    @Test func namesMustBeUnique() {
        #expect(
            problems(registry([("ZooRidge", [("estimator", "ridge")]), ("ZooRidge", [("estimator", "ridge-two")])]))
                == ["registry.json: module 'ZooRidge' is listed twice: merge the two entries into one"])
        #expect(
            problems(registry([("ZooLinear", [("estimator", "ridge")]), ("ZooRidge", [("estimator", "ridge")])])) == [
                "registry.json: component name 'ridge' appears in modules ZooLinear and ZooRidge: component names must be unique across all modules; rename or remove one"
            ])
        // Names are global across kinds too: the registry looks components up by name alone.
        let acrossKinds = registry([("ZooAttacks", [("attack", "ridge"), ("estimator", "ridge")])])
        #expect(problems(acrossKinds).first?.contains("appears twice in module ZooAttacks") == true)
    }

    @Test func modulesAndTheFileMustNotBeEmpty() {
        #expect(
            problems(RegistryFile(modules: [])) == [
                #"registry.json: "modules" is empty: list at least one component module"#
            ])
        #expect(
            problems(registry([("ZooRidge", [])])) == [
                "registry.json: module 'ZooRidge' lists no components: add its components or remove the module"
            ])
    }

    @Test func summariesMustBeOneLineOfText() {
        func problem(_ summary: String) -> String? { summaryProblem(summary, of: "x").first?.description }
        #expect(problem("argmin (1/n)‖y − Xθ‖² + λ‖θ‖²") == nil)
        #expect(problem("") == "registry.json: the summary of x is empty: write one line of plain text")
        #expect(problem("   ")?.contains("is empty") == true)
        #expect(problem("two\nlines")?.contains("contains a line break or control character") == true)
        #expect(problem("tab\there")?.contains("contains a line break or control character") == true)
        #expect(problem(" padded")?.contains("has leading or trailing spaces") == true)
        var file = registry([("ZooRidge", [("estimator", "ridge")])])
        file.modules[0].components[0].summary = ""
        file.modules[0].summary = "two\nlines"
        #expect(
            problems(file) == [
                "registry.json: the summary of module ZooRidge contains a line break or control character: write one line of plain text",
                "registry.json: the summary of component 'ridge' in module ZooRidge is empty: write one line of plain text",
            ])
    }

    @Test func everyProblemIsReportedInFileOrder() {
        let file = registry([("ZooData", [("data", "Bad"), ("dataset", "csv")]), ("ZooData", [])])
        let found = problems(file)
        #expect(found.count == 4)
        #expect(
            zip(
                found,
                [
                    "'Bad' in module ZooData is not kebab-case", "unknown kind 'dataset'", "listed twice",
                    "lists no components",
                ]
            )
            .allSatisfy { $0.contains($1) }, "\(found)")
    }
}
