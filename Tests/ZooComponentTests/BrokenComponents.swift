import ZooCore
import ZooLinalg
import ZooTestSupport

// MARK: - Components that break the conformance requirements on purpose

/// Claims linear weights but fits a model without them.
struct BrokenLinearClaim: Estimator {
    static let name = "broken-linear-claim"
    static let parameters: [ParameterSpec] = []
    static let documentation = ComponentDocumentation(
        definition: "f̂ = 0, claiming linear weights", reference: "test fixture")
    static let capabilities: Set<Capability> = [.linearWeights]
    static let interpolates = Interpolation.never
    let parameters: Parameters

    struct Model: FittedModel {
        func predict(_ inputs: Matrix) -> [Double] { [Double](repeating: 0, count: inputs.rows) }
    }

    func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel { Model() }
}

enum BrokenCatalog: ComponentCatalog {
    static let entries: [CatalogEntry] = [
        CatalogEntry(
            module: "ZooComponentTests", kind: .estimator, name: "broken-linear-claim", type: BrokenLinearClaim.self,
            summary: "claims linear weights it lacks"),
        CatalogEntry(
            module: "ZooComponentTests", kind: .attack, name: "broken-outside-ball", type: OutsideBallAttack.self,
            summary: "leaves its ball"),
        CatalogEntry(
            module: "ZooComponentTests", kind: .estimator, name: "broken-undecoded-parameter",
            type: BrokenUndecodedParameter.self, summary: "reads a parameter after construction"),
    ]
}

/// Declares `scale` but reads it at each fit instead of decoding it into a stored property.
struct BrokenUndecodedParameter: Estimator {
    static let name = "broken-undecoded-parameter"
    static let scale = ParameterKey<Double>("scale", .real(minimum: 0), default: 1, "f̂ = scale")
    static let parameters = [scale.spec]
    static let documentation = ComponentDocumentation(definition: "f̂ = scale", reference: "test fixture")
    static let capabilities: Set<Capability> = []
    static let interpolates = Interpolation.never
    let parameters: Parameters

    struct Model: FittedModel {
        let value: Double
        func predict(_ inputs: Matrix) -> [Double] { [Double](repeating: value, count: inputs.rows) }
    }

    func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        Model(value: parameters[Self.scale])
    }
}
