import Foundation
import Testing
import ZooAttacks
import ZooCore
import ZooLinalg
import ZooModels
import ZooTestSupport

/// A smooth nonlinear test model f(x) = Σₖ cₖ tanh(wₖᵀx), so monotonicity in steps and restarts is tested
/// where the loss is not concave.
private struct TanhModel: DifferentiableModel {
    let hidden: Matrix  // K×d, row k is wₖ
    let output: [Double]  // cₖ

    func predict(_ inputs: Matrix) -> [Double] {
        let z = Matrix.multiply(inputs, .none, hidden, .transpose)
        return (0..<inputs.rows).map { i in (0..<hidden.rows).reduce(0) { $0 + output[$1] * tanh(z[i, $1]) } }
    }

    func inputGradient(_ inputs: Matrix) -> Matrix {
        var z = Matrix.multiply(inputs, .none, hidden, .transpose)
        for i in 0..<z.rows {
            for k in 0..<z.columns {
                let t = tanh(z[i, k])
                z[i, k] = output[k] * (1 - t * t)
            }
        }
        return Matrix.multiply(z, .none, hidden, .none)
    }
}

@Suite struct GradientAttackTests {
    let model = LinearFit(weights: TestSupport.randomMatrix(1, 12, seed: 11).elements)
    let inputs = TestSupport.randomMatrix(30, 12, seed: 12)
    let truth = TestSupport.randomMatrix(1, 12, seed: 13).elements

    /// The three regression target conventions: clean (f* = truthᵀx), label (noisy), consistent.
    var targets: [AttackTarget] {
        let clean = inputs.multiply(truth)
        let noise = TestSupport.randomMatrix(30, 1, seed: 14).elements
        return [.fixed(clean), .fixed(zip(clean, noise).map { $0 + 0.5 * $1 }), .linear(weights: truth, clean: clean)]
    }

    func attack(_ spec: String) throws -> any Attack {
        let parsed = try ComponentSpec(parsing: spec)
        switch parsed.name {
        case "pgd-l2": return try PGDL2Attack.make(parsed.arguments)
        case "pgd-linf": return try PGDLinfAttack.make(parsed.arguments)
        case "fgsm": return try FGSMAttack.make(parsed.arguments)
        case "exact-l2": return try ExactL2Attack.make(parsed.arguments)
        default: return try ExactLinfAttack.make(parsed.arguments)
        }
    }

    /// The adversary's loss per point at the perturbations `attack` returns.
    func losses(
        _ attack: any Attack, model: any FittedModel, target: AttackTarget, task: Task = .regression,
        seed: UInt64 = 3
    ) throws -> [Double] {
        let delta = try attack.perturbations(
            model: model, inputs: inputs, predictions: model.predict(inputs),
            target: target, task: task, seed: seed)
        let perturbed = delta.applied(to: inputs)
        return AdversarialLoss(task: task, target: target).values(
            predictions: model.predict(perturbed), perturbations: delta)
    }

    // MARK: Linear models: the gradient attacks reach the exact ones

    @Test(arguments: [("pgd-l2", "exact-l2"), ("pgd-linf", "exact-linf")])
    func reachesTheExactAttackOnALinearModelForEveryTarget(names: (String, String)) throws {
        for target in targets {
            let gradient = try losses(attack("\(names.0)(radius=0.4)"), model: model, target: target)
            let exact = try losses(attack("\(names.1)(radius=0.4)"), model: model, target: target)
            for i in exact.indices {
                #expect(
                    abs(gradient[i] - exact[i]) <= 1e-6 * exact[i],
                    "\(names.0) point \(i): \(gradient[i]) vs \(exact[i])")
            }
        }
    }

    @Test(arguments: [("pgd-l2", "exact-l2"), ("pgd-linf", "exact-linf")])
    func flipsExactlyWhereTheExactAttackFlipsOnAClassifier(names: (String, String)) throws {
        let labels = AttackTarget.fixed(inputs.multiply(truth).map { $0 >= 0 ? 1 : -1 })
        let radius = names.0 == "pgd-l2" ? 0.5 : 0.15
        let gradient = try losses(
            attack("\(names.0)(radius=\(radius))"), model: model, target: labels, task: .classification)
        let exact = try losses(
            attack("\(names.1)(radius=\(radius))"), model: model, target: labels, task: .classification)
        var flips = 0
        for i in exact.indices {
            // loss = −margin: positive means the sign flipped
            #expect((gradient[i] > 0) == (exact[i] > 0), "point \(i): margins \(-gradient[i]) vs \(-exact[i])")
            if exact[i] <= 0 { #expect(abs(gradient[i] - exact[i]) <= 1e-6 * abs(exact[i])) } else { flips += 1 }
        }
        #expect(flips > 0 && flips < exact.count, "the radius should flip some points and not others")
    }

    @Test func fgsmIsTheExactLinfAttackOnALinearModel() throws {
        for target in targets {
            let fgsm = try losses(attack("fgsm(radius=0.3)"), model: model, target: target)
            let exact = try losses(attack("exact-linf(radius=0.3)"), model: model, target: target)
            for i in exact.indices { #expect(abs(fgsm[i] - exact[i]) <= 1e-12 * exact[i]) }
        }
    }

    // MARK: The ball, and monotonicity in steps and restarts

    private var tanhModel: TanhModel {
        TanhModel(
            hidden: TestSupport.randomMatrix(16, 12, seed: 21),
            output: TestSupport.randomMatrix(1, 16, seed: 22).elements)
    }

    @Test(arguments: [
        "pgd-l2(radius=0.7,restarts=4)", "pgd-linf(radius=0.2,restarts=4)",
        "pgd-l2(radius=0.7,step=2,steps=5)", "pgd-linf(radius=0.2,step=1,steps=5)", "fgsm(radius=0.2)",
    ])
    func neverLeavesItsBall(spec: String) throws {
        let attack = try attack(spec)
        for task in [Task.regression, .classification] {
            let target: AttackTarget =
                task == .regression ? targets[0] : .fixed(inputs.multiply(truth).map { $0 >= 0 ? 1 : -1 })
            let delta = try attack.perturbations(
                model: tanhModel, inputs: inputs, predictions: tanhModel.predict(inputs),
                target: target, task: task, seed: 5)
            let radius = attack.threatModel.radius
            for norm in delta.norms(in: attack.threatModel.norm) { #expect(norm <= radius * (1 + 1e-12)) }
        }
    }

    @Test(arguments: ["pgd-l2", "pgd-linf"])
    func moreStepsOrRestartsNeverGiveAWeakerAttack(name: String) throws {
        let radius = name == "pgd-l2" ? 1.5 : 0.4
        for (task, target) in [
            (Task.regression, targets[0]), (.classification, .fixed(inputs.multiply(truth).map { $0 >= 0 ? 1 : -1 })),
        ] {
            let short = try losses(
                attack("\(name)(radius=\(radius),steps=5,step=\(radius / 8))"), model: tanhModel, target: target,
                task: task)
            let long = try losses(
                attack("\(name)(radius=\(radius),steps=40,step=\(radius / 8))"), model: tanhModel, target: target,
                task: task)
            let restarted = try losses(
                attack("\(name)(radius=\(radius),steps=40,step=\(radius / 8),restarts=5)"),
                model: tanhModel, target: target, task: task)
            for i in short.indices {
                if task == .classification && short[i] > 0 {
                    // a flipped point stays flipped (its δ is kept, the margin need not grow further)
                    #expect(long[i] > 0 && restarted[i] > 0)
                } else {
                    #expect(long[i] >= short[i] && restarted[i] >= long[i], "\(task) point \(i)")
                }
            }
            #expect(
                zip(short, restarted).contains { $1 > $0 },
                "restarts and steps should help somewhere on a nonlinear model")
        }
    }

    @Test func rejectsANegativeRadiusAndModelsWithoutGradients() throws {
        #expect(throws: ZooError.self) { try PGDL2Attack.make([("radius", .number(-0.1))]) }
        #expect(throws: ZooError.self) { try PGDLinfAttack.make([("steps", .number(0))]) }
        let constant = try ConstantPredictor.make().fit(
            Dataset(features: inputs, targets: [Double](repeating: 0, count: 30)),
            context: FitContext(seed: 0))
        #expect(throws: ZooError.self) {
            try PGDL2Attack.make().perturbations(
                model: constant, inputs: inputs, predictions: constant.predict(inputs),
                target: targets[0], task: .regression, seed: 0)
        }
    }
}
