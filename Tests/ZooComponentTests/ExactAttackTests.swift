import Testing
import ZooAttacks
import ZooCore
import ZooLinalg
import ZooModels
import ZooTestSupport

@Suite struct ExactAttackTests {
    let model = LinearFit(weights: TestSupport.randomMatrix(1, 15, seed: 1).elements)
    let inputs = TestSupport.randomMatrix(40, 15, seed: 2)
    let targets = TestSupport.randomMatrix(40, 1, seed: 3).elements

    func loss(_ delta: Matrix, row i: Int) -> Double {
        var point = inputs.row(i)
        for j in point.indices { point[j] += delta[i, j] }
        let prediction = zip(point, model.weights).reduce(0) { $0 + $1.0 * $1.1 }
        return (prediction - targets[i]) * (prediction - targets[i])
    }

    @Test(arguments: ["exact-l2", "exact-linf"])
    func attainsTheClosedFormAndNoRandomPerturbationBeatsIt(name: String) throws {
        let radius = 0.4
        let attack: any Attack =
            name == "exact-l2"
            ? try ExactL2Attack.make([("radius", .number(radius))])
            : try ExactLinfAttack.make([("radius", .number(radius))])
        let delta = try attack.perturbations(
            model: model, inputs: inputs, predictions: model.predict(inputs),
            target: .fixed(targets), task: .regression, seed: 0
        ).materialized()
        let dual = attack.threatModel.norm.dualNorm(model.weights)
        var stream = RandomStream(seed: 42)
        for i in 0..<inputs.rows {
            let residual = zip(inputs.row(i), model.weights).reduce(0) { $0 + $1.0 * $1.1 } - targets[i]
            let closedForm = (abs(residual) + radius * dual) * (abs(residual) + radius * dual)
            #expect(abs(loss(delta, row: i) - closedForm) <= 1e-12 * closedForm)
            for _ in 0..<200 {
                var random = Matrix(rows: inputs.rows, columns: inputs.columns)
                let v: [Double] =
                    name == "exact-l2"
                    ? stream.uniformOnSphere(dimension: inputs.columns, radius: radius * stream.nextUniform())
                    : (0..<inputs.columns).map { _ in radius * (2 * stream.nextUniform() - 1) }
                for j in 0..<inputs.columns { random[i, j] = v[j] }
                #expect(loss(random, row: i) <= closedForm * (1 + 1e-12))
            }
        }
    }

    @Test func consistentTargetUsesTheErrorDirection() throws {
        let truth = TestSupport.randomMatrix(1, 15, seed: 9).elements
        let attack = try ExactL2Attack.make([("radius", .number(1))])
        let delta = try attack.perturbations(
            model: model, inputs: inputs, predictions: model.predict(inputs),
            target: .linear(weights: truth, clean: inputs.multiply(truth)),
            task: .regression, seed: 0
        ).materialized()
        let error = zip(model.weights, truth).map { $0 - $1 }
        let norm = error.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let cosine = zip(delta.row(0), error).reduce(0) { $0 + $1.0 * $1.1 } / norm
        #expect(abs(abs(cosine) - 1) < 1e-12)
    }

    @Test func zeroWeightsGiveZeroPerturbation() throws {
        let zero = LinearFit(weights: [Double](repeating: 0, count: 15))
        let delta = try ExactL2Attack.make().perturbations(
            model: zero, inputs: inputs, predictions: zero.predict(inputs),
            target: .fixed(targets), task: .regression, seed: 0)
        #expect(delta.materialized().maxAbs == 0)
    }
}
