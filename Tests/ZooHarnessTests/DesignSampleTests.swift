import Testing
import ZooCatalog
import ZooCore
import ZooLinalg
import ZooTestSupport

/// Stored and streamed samples share one entry point each for drawing, fitting and attacking: the ridge
/// family's one fit gives the same bits through a stored `Dataset` and its `DesignSample`, and what needs
/// the stored X refuses a streamed sample with a usage error naming the component.
@Suite struct DesignSampleTests {
    let registry = try! Catalog.makeRegistry()

    func streamedSpiked() throws -> (data: any DataModel, training: DesignSample, test: DesignTestSample) {
        let data = try registry.makeDataModel(ComponentSpec(parsing: "spiked(d=300,k=3)"))
        return (
            data, try data.drawTraining(size: 30, seed: 1, streamed: true),
            try data.drawTest(size: 12, seed: 1, trainingSize: 30, streamed: true)
        )
    }

    @Test(arguments: ["min-norm", "ridge(lambda=0.1)", "ridge-gcv"])
    func oneFitServesDatasetAndDesignSample(spec: String) throws {
        let estimator = try registry.makeEstimator(ComponentSpec(parsing: spec))
        let data = try registry.makeDataModel(ComponentSpec(parsing: "spiked(d=200,k=3)"))
        let training = try data.drawTraining(size: 40, seed: 2)
        let viaDataset = try #require(try estimator.fit(training, context: FitContext(seed: 2)) as? any LinearModel)
        let viaDesign = try #require(
            try estimator.fit(DesignSample(training), context: FitContext(seed: 2)) as? any LinearModel)
        #expect(viaDataset.weights.map(\.bitPattern) == viaDesign.weights.map(\.bitPattern))
    }

    @Test func storedDrawThroughTheEntryPointIsTheStoredDraw() throws {
        let data = try registry.makeDataModel(ComponentSpec(parsing: "isotropic(d=20)"))
        let direct = try data.drawTraining(size: 10, seed: 4)
        let entry = try data.drawTraining(size: 10, seed: 4, streamed: false)
        #expect(entry.design.storedMatrix == direct.features && entry.targets == direct.targets)
        #expect(entry.design.storageDiagnostic == nil)
        #expect(try streamedSpiked().training.design.storageDiagnostic?.hasPrefix("streamed(block=") == true)
    }

    @Test func whatNeedsTheStoredXRefusesAStreamedSample() throws {
        let (_, training, test) = try streamedSpiked()
        #expect(training.stored == nil)
        func expectUsage(_ name: String, _ body: () throws(ZooError) -> Void) {
            do throws(ZooError) {
                try body()
                Issue.record("\(name) accepted a streamed sample")
            } catch {
                guard case .usage(let message) = error else {
                    Issue.record("\(name): \(error)")
                    return
                }
                #expect(message.contains(name), "\(message)")
            }
        }
        expectUsage("toy-tanh") { () throws(ZooError) in
            _ = try ToyTanhRegressor.make().fit(training, context: FitContext(seed: 1))
        }
        expectUsage("min-norm(rcond=0.1)") { () throws(ZooError) in
            _ = try registry.makeEstimator(ComponentSpec(parsing: "min-norm(rcond=0.1)")).fit(
                training, context: FitContext(seed: 1))
        }
        let model = try registry.makeEstimator(ComponentSpec(parsing: "ridge")).fit(
            training, context: FitContext(seed: 1))
        let predictions = [Double](repeating: 0, count: test.data.count)
        expectUsage("toy-gradient-sign") { () throws(ZooError) in
            _ = try ToyGradientSignAttack.make().perturbations(
                model: model, inputs: test.data.design, trainedOn: training, predictions: predictions,
                target: .fixed(test.data.targets), task: .regression, seed: 1)
        }
        expectUsage("toy-nonlinear-data") { () throws(ZooError) in
            _ = try ToyNonlinearData.make().drawTraining(size: 5, seed: 1, streamed: true)
        }
        // A prediction-only attack needs neither X.
        let exact = try registry.makeAttack(ComponentSpec(parsing: "exact-l2(radius=0.1)"))
        let delta = try exact.perturbations(
            model: model, inputs: test.data.design, trainedOn: training, predictions: predictions,
            target: .fixed(test.data.targets), task: .regression, seed: 1)
        #expect(delta.count == test.data.count && delta.dimension == 300)
    }
}
