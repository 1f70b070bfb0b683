import Testing
import ZooCore
import ZooTestSupport

@Suite struct RegistryTests {
    func registry() throws -> Registry {
        var registry = Registry()
        try registry.register(.constant())
        return registry
    }

    @Test func registersWithModuleAndSummary() throws {
        let registry = try registry()
        #expect(registry.components.first?.summary == "predicts a constant")
        #expect(registry.components.first?.module == "Demo")
        let estimator = try registry.makeEstimator(ComponentSpec(parsing: "constant(value=2)"))
        #expect(estimator.spec == "constant(value=2)")
    }

    @Test func aKindThatDisagreesWithTheTypeIsRefused() throws {
        var registry = Registry()
        do {
            try registry.register(
                CatalogEntry(
                    module: "Demo", kind: .attack, name: "constant", type: ConstantPredictor.self, summary: "s"))
            Issue.record("expected a mismatch")
        } catch {
            #expect(
                error.description.contains(
                    "lists 'constant' as an attack, but its type ConstantPredictor is an estimator"))
        }
    }

    @Test func duplicateNamesAreRefused() throws {
        var registry = try registry()
        #expect(throws: ZooError.self) { try registry.register(.constant(module: "Again")) }
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
