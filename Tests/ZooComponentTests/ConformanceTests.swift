import Testing
import ZooCatalog
import ZooConformance
import ZooCore
import ZooTestSupport

/// The conformance suite (ZooConformance, the library a plugin package's tests call too) over every
/// registered component — plus the toy components of ZooTestSupport (a non-linear regressor, a linear
/// classifier, a gradient attack, a non-linear data model), registered as a plugin package's would be
/// — so a new component is tested the day it is registered. Each requirement is one parametrised
/// test; every issue the suite finds is recorded with the component and the requirement it fails.
@Suite struct ConformanceTests {
    /// The catalogue and the toys; empty when registry.json and the code disagree
    /// (`catalogueMatchesTheCode` then fails with the message naming the entry).
    static let registry: Registry = (try? Registry(catalogs: [Catalog.self, ToyCatalog.self])) ?? Registry()

    /// The built-in configuration: classification on 20 rows of the shipped breast_cancer.csv (d = 30),
    /// the shipped diabetes.csv for required file paths, small IDX files for `idx`.
    static let suite: ConformanceSuite = {
        var configuration = ConformanceSuite.Configuration()
        configuration.classification = ConformanceSuite.Sample(
            data: ComponentSpec(
                name: "csv", arguments: [("path", .word(Fixtures.breastCancerPath)), ("task", .word("classification"))]),
            trainingSize: 20, testSize: 0, experimentTestSize: 1000)
        configuration.textArgument = Fixtures.diabetesPath
        // Data models whose defaults read installed data (idx: Debian's Fashion-MNIST) get small files
        // the suite writes itself, so it runs on a machine without that data.
        configuration.arguments = ["idx": Fixtures.idxArguments]
        return ConformanceSuite(registry: registry, configuration: configuration)
    }()

    static let names: [String] = registry.components.map(\.name)
    static let dataNames = registry.components(ofKind: .data).map(\.name)
    static let estimatorNames = registry.components(ofKind: .estimator).map(\.name)
    static let attackNames = registry.components(ofKind: .attack).map(\.name)

    /// Records every issue, naming the component and the requirement.
    static func expectNone(_ issues: [ConformanceIssue]) {
        for issue in issues { Issue.record("\(issue)") }
    }

    @Test func catalogueMatchesTheCode() {
        do {
            let registry = try Catalog.makeRegistry()
            #expect(registry.components.map(\.name) == Catalog.entries.map(\.name))
        } catch {
            Issue.record("registry.json and the code disagree: \(error)")
        }
    }

    @Test func theSuiteCoversEveryComponent() {
        #expect(!Self.names.isEmpty && Self.names.contains("toy-tanh"))
    }

    @Test(arguments: names) func constructsWithDefaultsAndRoundTripsItsSpec(name: String) {
        Self.expectNone(Self.suite.checkConstruction(name))
    }

    @Test(arguments: names) func rejectsUnknownAndOutOfRangeParameters(name: String) {
        Self.expectNone(Self.suite.checkParameterValidation(name))
    }

    @Test(arguments: dataNames) func dataModelsDrawReproducibleFiniteSamples(name: String) {
        Self.expectNone(Self.suite.checkDraws(name))
    }

    @Test(arguments: estimatorNames, Task.conformanceTasks) func estimatorsFitDeterministicallyWithDeclaredCapabilities(
        name: String, task: Task
    ) {
        Self.expectNone(Self.suite.checkFit(name, task: task))
    }

    @Test(arguments: attackNames) func attacksStayInTheirBallAndAreReproducible(name: String) {
        Self.expectNone(Self.suite.checkAttack(name))
    }

    @Test(arguments: estimatorNames) func experimentsRunEndToEnd(name: String) {
        Self.expectNone(Self.suite.checkEndToEnd(name))
    }

    /// The suite's failures name the component and the requirement: a component that claims a
    /// capability its model lacks, an attack that leaves its ball, and a component that reads a
    /// parameter after construction instead of decoding it, are caught.
    @Test func theSuiteReportsBrokenComponents() throws {
        let registry = try Registry(catalogs: [Catalog.self, BrokenCatalog.self])
        let suite = ConformanceSuite(registry: registry)
        let fit = suite.checkFit("broken-linear-claim", task: .regression)
        #expect(
            fit.contains { $0.component == "broken-linear-claim" && $0.message.contains("linear-weights") }, "\(fit)")
        let attack = suite.checkAttack("broken-outside-ball")
        #expect(
            attack.contains {
                $0.requirement == "attacks stay in their ball and are reproducible" && $0.message.contains("> radius")
            }, "\(attack)")
        let decoding = suite.checkParameterDecoding("broken-undecoded-parameter")
        #expect(
            decoding.contains {
                $0.requirement == "decodes every declared parameter" && $0.message.contains("decode 'scale'")
            }, "\(decoding)")
        #expect(suite.checkParameterDecoding("ridge").isEmpty)
        #expect(suite.check("no-such-component").first?.requirement == "is registered")
    }
}
