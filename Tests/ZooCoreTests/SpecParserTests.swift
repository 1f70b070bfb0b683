import Testing
import ZooCore

@Suite struct SpecParserTests {
    @Test func parsesBareNameAndArguments() throws {
        let bare = try ComponentSpec(parsing: "min-norm")
        #expect(bare.name == "min-norm" && bare.arguments.isEmpty)
        let spec = try ComponentSpec(parsing: " pgd-l2(radius=0.1, steps=100, restarts=2) ")
        #expect(spec.name == "pgd-l2")
        #expect(spec.arguments.map(\.key) == ["radius", "steps", "restarts"])
        #expect(spec.arguments.map(\.value) == [.number(0.1), .number(100), .number(2)])
    }

    @Test func parsesValueKinds() throws {
        let spec = try ComponentSpec(
            parsing: #"csv(path="data/my file,v2.csv",standardize=false,task=classification,lambda=1e-3)"#)
        #expect(spec.arguments[0].value == .word("data/my file,v2.csv"))
        #expect(spec.arguments[1].value == .boolean(false))
        #expect(spec.arguments[2].value == .word("classification"))
        #expect(spec.arguments[3].value == .number(0.001))
    }

    @Test func printsAndParsesBack() throws {
        for text in [
            "ridge(lambda=0.01)", "exact-l2(radius=0.5)", "spiked(d=100,k=3)", "min-norm", #"csv(path="a b.csv")"#,
        ] {
            let spec = try ComponentSpec(parsing: text)
            #expect(try ComponentSpec(parsing: spec.description) == spec)
        }
    }

    @Test func splitsListsOutsideParentheses() throws {
        let specs = try ComponentSpec.parseList("min-norm, ridge(lambda=0.1,x=2),ridge(lambda=1)")
        #expect(specs.map(\.name) == ["min-norm", "ridge", "ridge"])
        #expect(specs[1].arguments.count == 2)
    }

    @Test(arguments: ["ridge(lambda=0.1", "ridge)(", "Ridge", "ridge(lambda)", "", "ridge(=3)", "ri dge"])
    func rejectsMalformedSpecs(_ text: String) {
        #expect(throws: ZooError.self) { try ComponentSpec(parsing: text) }
    }

    @Test func canonicalNumbers() {
        #expect(ParameterValue.number(100).description == "100")
        #expect(ParameterValue.number(0.01).description == "0.01")
        #expect(ParameterValue.number(1e-5).description == "1e-05")
        #expect(ParameterValue(parsing: "nan") == .word("nan"))
    }
}
