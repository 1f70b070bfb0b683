import Testing
import ZooCore
import ZooLinalg

/// A minimal estimator used only to exercise the registry.
private struct ConstantPredictor: Estimator {
    static let name = "constant"
    static let parameters = [ParameterSpec("value", .real(), default: .number(0), "the prediction")]
    static let documentation = ComponentDocumentation(definition: "f̂(x) = value", reference: "none")
    static let capabilities: Set<Capability> = []
    static let interpolates = Interpolation.never
    let parameters: Parameters
    init(parameters: Parameters) { self.parameters = parameters }
    struct Model: FittedModel {
        let value: Double
        func predict(_ inputs: Matrix) -> [Double] { [Double](repeating: value, count: inputs.rows) }
    }
    func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        Model(value: parameters.double("value"))
    }
}

private enum DemoModule: ComponentModule {
    static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(ConstantPredictor.self)
    }
}

@Suite struct RegistryTests {
    func registry() throws -> Registry {
        var registry = Registry()
        try registry.registerModule(named: "Demo", using: DemoModule.self)
        return registry
    }

    @Test func verifiesAndAttachesSummaries() throws {
        var registry = try registry()
        try registry.verify(against: [CatalogEntry(module: "Demo", kind: .estimator, name: "constant", summary: "predicts a constant")])
        #expect(registry.components.first?.summary == "predicts a constant")
        #expect(registry.components.first?.module == "Demo")
        let estimator = try registry.makeEstimator(ComponentSpec(parsing: "constant(value=2)"))
        #expect(estimator.spec == "constant(value=2)")
    }

    @Test func catalogueEntryWithoutCodeNamesTheEntry() throws {
        var registry = try registry()
        #expect(throws: ZooError.self) {
            try registry.verify(against: [
                CatalogEntry(module: "Demo", kind: .estimator, name: "constant", summary: "s"),
                CatalogEntry(module: "Demo", kind: .estimator, name: "ghost", summary: "s"),
            ])
        }
        do {
            try registry.verify(against: [CatalogEntry(module: "Demo", kind: .estimator, name: "ghost", summary: "s")])
        } catch {
            #expect(error.description.contains("'ghost'"))
        }
    }

    @Test func codeWithoutCatalogueEntryNamesTheComponent() throws {
        var registry = try registry()
        do {
            try registry.verify(against: [])
            Issue.record("expected a mismatch")
        } catch {
            #expect(error.description.contains("registers estimator 'constant', which registry.json does not list"))
        }
    }

    @Test func duplicateNamesAreRefused() throws {
        var registry = try registry()
        #expect(throws: ZooError.self) { try registry.registerModule(named: "Again", using: DemoModule.self) }
    }

    @Test func unknownNamesGetSuggestionsAndKindMismatchIsExplained() throws {
        let registry = try registry()
        do {
            _ = try registry.makeEstimator(ComponentSpec(parsing: "constnt"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "unknown estimator 'constnt' (did you mean 'constant'?)")
        }
        do {
            _ = try registry.makeAttack(ComponentSpec(parsing: "constant"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "'constant' is an estimator, not an attack")
        }
    }
}
