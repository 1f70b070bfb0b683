import Testing
import ZooCore
import ZooTestSupport

@Suite struct RegistryTests {
    func registry() throws -> Registry {
        var registry = Registry()
        try registry.registerModule(named: "Demo", using: ConstantPredictorModule.self)
        return registry
    }

    @Test func verifiesAndAttachesSummaries() throws {
        var registry = try registry()
        try registry.verify(against: [
            CatalogEntry(module: "Demo", kind: .estimator, name: "constant", summary: "predicts a constant")
        ])
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
        #expect(throws: ZooError.self) {
            try registry.registerModule(named: "Again", using: ConstantPredictorModule.self)
        }
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
