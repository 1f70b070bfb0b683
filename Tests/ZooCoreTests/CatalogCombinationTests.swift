import Testing
import ZooCore
import ZooTestSupport

/// `Registry(catalogs:)`, how `zoo` adds a plugin package's generated catalogue to the built-in one.
@Suite struct CatalogCombinationTests {
    enum DemoCatalog: ComponentCatalog {
        static let entries: [CatalogEntry] = [.constant()]
    }

    /// The same component registered by a second catalogue, under another module.
    enum ClashingCatalog: ComponentCatalog {
        static let entries: [CatalogEntry] = [.constant(module: "Other", summary: "the same name again")]
    }

    @Test func catalogsCombineInOrderWithTheirSummaries() throws {
        let registry = try Registry(catalogs: [DemoCatalog.self, ToyCatalog.self])
        #expect(registry.components.map(\.name) == ["constant"] + ToyCatalog.entries.map(\.name))
        #expect(registry.components.allSatisfy { !$0.summary.isEmpty })
        #expect(try registry.component(named: "toy-tanh").module == "ZooTestSupport")
        #expect(try DemoCatalog.makeRegistry().components.map(\.name) == ["constant"])
    }

    @Test func aNameRegisteredByTwoCatalogsNamesBothModules() {
        do {
            _ = try Registry(catalogs: [DemoCatalog.self, ClashingCatalog.self])
            Issue.record("expected the second 'constant' to be refused")
        } catch {
            #expect(
                error.description.contains("'constant'") && error.description.contains("Demo")
                    && error.description.contains("Other"), "\(error)")
        }
    }
}
