import Testing
import ZooCatalog
import ZooCore
import ZooData
import ZooLinalg
import ZooLinear
import ZooTestSupport

@testable import ZooTheory

/// A stand-in for `adversarial-rf` (registered by another module), so the provider's choice of formula
/// is tested without it. Under another name it declares Hassani & Javanmard's setting and gets their
/// theory: theory follows the declaration (`RandomFeaturesEstimator`), not the registry name.
struct FakeAdversarialRF: RandomFeaturesEstimator {
    static let name = "fake-adversarial-random-features"
    static let features = ParameterKey<Int>("features", .integer(minimum: 1), default: 200, "N")
    static let radius = ParameterKey<Double>("radius", .real(minimum: 0), default: 0.3, "ε")
    static let mode = ParameterKey<String>("mode", .choice(["pgd", "surrogate"]), default: "surrogate", "mode")
    static let parameters = [features.spec, radius.spec, mode.spec]
    static let documentation = ComponentDocumentation(definition: "test stand-in", reference: "test")
    static let capabilities: Set<Capability> = []
    static let interpolates = Interpolation.never
    let parameters: Parameters
    let randomFeaturesTraining: RandomFeaturesTraining
    init(parameters: Parameters) {
        self.parameters = parameters
        randomFeaturesTraining = RandomFeaturesTraining(
            features: parameters[Self.features], radius: parameters[Self.radius], lambda: 0,
            solvesTheSurrogate: parameters[Self.mode] == "surrogate")
    }
    func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        throw .usage("not fitted in these tests")
    }
}

@Suite struct TheoryProviderTests {
    let spiked = try! SpikedGaussian.make([("d", .number(5000)), ("tail", .number(49.9))])
    let l2 = ThreatModel(norm: .l2, radius: 0.3)

    /// Ridge and min-norm rows carry the linear theory for the row's target and ball, named.
    @Test func linearRowsCarryTheDeterministicEquivalent() throws {
        let population = spiked.population(forSeed: 3)
        for target in LinearTheoryTarget.allCases {
            let row = try #require(
                TheoryProvider.predict(
                    data: spiked, estimator: try RidgeRegression.make([("lambda", .number(0.01))]),
                    threat: l2, target: target.rawValue, samples: 400, seed: 3))
            let direct = try #require(LinearEstimatorTheory.predict(population: population, samples: 400, lambda: 0.01))
            #expect(row.formula == "deterministic-equivalent")
            #expect(row.standardRisk == direct.standardRisk(target: target))
            #expect(row.adversarialRisk == direct.adversarialRisk(threat: l2, target: target))
        }
        let linf = try #require(
            TheoryProvider.predict(
                data: spiked, estimator: try MinimumNormInterpolator.make(),
                threat: ThreatModel(norm: .linf, radius: 0.01), target: "clean", samples: 400, seed: 0))
        #expect(linf.formula == "deterministic-equivalent+sequence-model-l1")
        let isotropic = try IsotropicGaussian.make([("d", .number(500))])
        let exact = try #require(
            TheoryProvider.predict(
                data: isotropic, estimator: try MinimumNormInterpolator.make(),
                threat: nil, target: "clean", samples: 100, seed: 0))
        #expect(exact.formula == "isotropic-finite-n" && exact.adversarialRisk == nil)
        #expect(abs(exact.standardRisk! - (0.8 + 0.25 * 100 / 399)) < 1e-12)
        // n = d: the least-squares expectation diverges, reported as +∞.
        let diverging = try #require(
            TheoryProvider.predict(
                data: isotropic, estimator: try MinimumNormInterpolator.make(),
                threat: l2, target: "clean", samples: 500, seed: 0))
        #expect(diverging.standardRisk == .infinity && diverging.adversarialRisk == .infinity)
    }

    /// ridge-gcv: the λ it chose when fitted; otherwise the grid λ with the least predicted label risk.
    @Test func ridgeGCVUsesTheChosenOrTheOracleLambda() throws {
        let estimator = try RidgeGCV.make()
        let fitted = try #require(
            TheoryProvider.predict(
                data: spiked, estimator: estimator, threat: l2, target: "label", samples: 400,
                seed: 0, diagnostics: ["lambda": "0.01"]))
        let ridge = try #require(
            TheoryProvider.predict(
                data: spiked, estimator: try RidgeRegression.make([("lambda", .number(0.01))]),
                threat: l2, target: "label", samples: 400, seed: 0))
        #expect(fitted.standardRisk == ridge.standardRisk && fitted.formula == "deterministic-equivalent+gcv-lambda")
        let oracle = try #require(
            TheoryProvider.predict(
                data: spiked, estimator: estimator, threat: l2, target: "label", samples: 400, seed: 0))
        #expect(oracle.formula.hasSuffix("+gcv-oracle"))
        for lambda in estimator.grid {
            let other = try #require(
                TheoryProvider.predict(
                    data: spiked, estimator: try RidgeRegression.make([("lambda", .number(lambda))]),
                    threat: l2, target: "label", samples: 400, seed: 0))
            #expect(oracle.standardRisk! <= other.standardRisk!)
        }
    }

    /// No theory: an estimator without one, a data model without a Gaussian population.
    @Test func nullWhereNoTheoryApplies() throws {
        let csv = try CSVData.make([("path", .word("unused.csv"))])
        #expect(
            TheoryProvider.predict(
                data: csv, estimator: try RidgeRegression.make(), threat: l2, target: "label", samples: 50, seed: 0)
                == nil)
        #expect(
            TheoryProvider.predict(
                data: spiked, estimator: try ConstantPredictor.make(), threat: l2, target: "clean", samples: 50, seed: 0
            ) == nil)
    }

    /// adversarial-rf(mode=surrogate) on isotropic data: Hassani & Javanmard at ψ₁ = N/d, ψ₂ = n/d; the
    /// clean target drops τ² from the standard risk; signal rescales the risks by signal².
    @Test func adversarialRandomFeaturesUseHassaniJavanmard() throws {
        let data = try IsotropicGaussian.make([("d", .number(100)), ("noise", .number(0.5))])
        let estimator = try FakeAdversarialRF.make([("features", .number(200))])
        let label = try #require(
            TheoryProvider.predict(data: data, estimator: estimator, threat: l2, target: "label", samples: 200, seed: 0)
        )
        let direct = RandomFeaturesAdversarialTheory(
            featuresRatio: 2, samplesRatio: 2, trainingRadius: 0.3, testRadius: 0.3, noise: 0.5
        ).solve()
        #expect(label.formula == "hassani-javanmard-4.2")
        #expect(
            abs(label.standardRisk! - direct.standardRisk) < 1e-12
                && abs(label.adversarialRisk! - direct.robustRisk) < 1e-12)
        let clean = try #require(
            TheoryProvider.predict(data: data, estimator: estimator, threat: l2, target: "clean", samples: 200, seed: 0)
        )
        #expect(abs(clean.standardRisk! - (direct.standardRisk - 0.25)) < 1e-12)
        #expect(clean.adversarialRisk! < label.adversarialRisk! && clean.adversarialRisk! > clean.standardRisk!)
        let scaled = try IsotropicGaussian.make([("d", .number(100)), ("signal", .number(2)), ("noise", .number(1))])
        let big = try #require(
            TheoryProvider.predict(
                data: scaled,
                estimator: try FakeAdversarialRF.make([("features", .number(200)), ("radius", .number(0.6))]),
                threat: ThreatModel(norm: .l2, radius: 0.6), target: "label", samples: 200, seed: 0))
        #expect(
            abs(big.standardRisk! - 4 * direct.standardRisk) < 1e-9
                && abs(big.adversarialRisk! - 4 * direct.robustRisk) < 1e-9)
        #expect(
            TheoryProvider.predict(
                data: data, estimator: try FakeAdversarialRF.make([("mode", .word("pgd"))]), threat: l2,
                target: "label", samples: 200, seed: 0) == nil)
    }

    /// balls: the lower bound for interpolating classifiers at radius ≥ 2ρ, nothing otherwise; the
    /// same number as the data model's own `LabelNoiseBalls.interpolatorRobustErrorBound`.
    @Test func ballsCarrySanyalsBoundForInterpolatingClassifiers() throws {
        let balls = try LabelledBalls.make()
        let estimator = try MinimumNormInterpolator.make()
        let bound = try #require(
            TheoryProvider.predict(
                data: balls, estimator: estimator, threat: ThreatModel(norm: .l2, radius: 2),
                target: "label", samples: 500, seed: 0, trainingError: 0))
        #expect(bound.formula == "sanyal-lower-bound")
        #expect(bound.robustError == SanyalBound.robustErrorLowerBound(centers: 100, flip: 0.1, samples: 500))
        #expect(
            abs(bound.robustError! - balls.labelNoiseBalls.interpolatorRobustErrorBound(trainingSize: 500)) < 1e-15)
        #expect(
            TheoryProvider.predict(
                data: balls, estimator: estimator, threat: ThreatModel(norm: .l2, radius: 1.5),
                target: "label", samples: 500, seed: 0, trainingError: 0) == nil)
        #expect(
            TheoryProvider.predict(
                data: balls, estimator: estimator, threat: ThreatModel(norm: .l2, radius: 2),
                target: "label", samples: 500, seed: 0, trainingError: 0.02) == nil)
        // Without a fit: the estimator's own claim (min-norm interpolates only for n ≤ d = 10).
        #expect(
            TheoryProvider.predict(
                data: balls, estimator: estimator, threat: ThreatModel(norm: .l2, radius: 2),
                target: "label", samples: 8, seed: 0)?.formula == "sanyal-lower-bound")
        #expect(
            TheoryProvider.predict(
                data: balls, estimator: estimator, threat: ThreatModel(norm: .l2, radius: 2),
                target: "label", samples: 500, seed: 0) == nil)
    }
}

// MARK: - Declarations, over the whole registry

extension TheoryProviderTests {
    /// Every registered estimator that declares a theory's setting gets that theory, under its own
    /// defaults: ridge-family estimators the deterministic equivalent on a spiked design, random-features
    /// estimators in Hassani & Javanmard's setting their formula on isotropic data. A new component that
    /// declares the protocol is covered the day it lands; one that declares it wrongly fails here.
    @Test func everyDeclaredTheoryApplies() throws {
        let registry = try Catalog.makeRegistry()
        let isotropic = try IsotropicGaussian.make([("d", .number(200))])
        var covered = 0
        for component in registry.components where component.kind == .estimator {
            let estimator = try #require(try component.type.make() as? any Estimator)
            if let ridge = estimator as? any RidgeFamilyEstimator {
                if case .outsideAssumptions = ridge.ridgePenalty { continue }
                #expect(
                    TheoryProvider.predict(
                        data: spiked, estimator: estimator, threat: l2, target: "clean", samples: 400, seed: 1) != nil,
                    "\(component.name) declares a ridge penalty but gets no deterministic equivalent")
                covered += 1
            }
            if let randomFeatures = estimator as? any RandomFeaturesEstimator {
                let training = randomFeatures.randomFeaturesTraining
                guard training.solvesTheSurrogate, training.lambda == 0 else { continue }
                #expect(
                    TheoryProvider.predict(
                        data: isotropic, estimator: estimator, threat: l2, target: "label", samples: 300, seed: 1)
                        != nil,
                    "\(component.name) declares Hassani & Javanmard's setting but gets no theory")
                covered += 1
            }
        }
        #expect(covered >= 4, "min-norm, ridge, ridge-gcv and random-features declare a theory")
    }
}
