import Testing
import ZooCatalog
import ZooCore
import ZooHarness

@testable import ZooStudies

/// What docs/studies.md shows a library user: a preset's experiment run by the harness with the theory
/// columns, its claims checked on the rows, and the setup line asking the data model, not its name.
@Suite struct LibraryUseTests {
    @Test func aPresetRunsThroughTheHarnessAndItsClaimsAreChecked() throws {
        let registry = try Catalog.makeRegistry()
        let preset = try Presets.named("sanyal-breast-cancer")
        try preset.checkData(registry: registry, quick: true)
        var rows: [ResultRow] = []
        for experiment in preset.experiments(quick: true) {
            let plan = try ExperimentPlan(experiment, registry: registry)
            try ExperimentRunner(plan: plan, annotators: [TheoryAnnotator()]).run { row in rows.append(row) }
        }
        #expect(rows.count == 2 * 2 * 3, "2 estimators × 2 sizes × 3 seeds")
        let verdicts = preset.claims.map { $0.check(rows) }
        #expect(verdicts.count == 1 && verdicts[0].checks.count >= 3)
        #expect(verdicts[0].text.hasPrefix("claim: " + preset.claims[0].statement))
    }

    @Test func theSetupLineLeavesOutATestSizeTheDataModelFixes() throws {
        let registry = try Catalog.makeRegistry()
        let csv = try Presets.named("sanyal-breast-cancer").experiments(quick: true)[0]
        let spiked = try Presets.named("benign-overfitting").experiments(quick: true)[0]
        #expect(Presets.fixesTestSize(csv.data, in: registry) && !Presets.fixesTestSize(spiked.data, in: registry))
        #expect(!Presets.setup(of: csv, registry: registry).contains("test points"))
        #expect(Presets.setup(of: spiked, registry: registry).contains("· 500 test points ·"))
        #expect(!Presets.fixesTestSize(ComponentSpec(name: "no-such-data"), in: registry), "unknown: not declared")
    }
}
