import ZooCore
import ZooLinalg

/// A test-only estimator with no capabilities: f̂(x) = `value` everywhere. Used to exercise the
/// registry and the harness's capability checks; never registered in the catalogue.
public struct ConstantPredictor: Estimator {
    public static let name = "constant"
    public static let value = ParameterKey<Double>("value", .real(), default: 0, "the prediction")
    public static let parameters = [value.spec]
    public static let documentation = ComponentDocumentation(definition: "f̂(x) = value", reference: "test fixture")
    public static let capabilities: Set<Capability> = []
    public static let interpolates = Interpolation.never
    public let parameters: Parameters
    public let value: Double
    public init(parameters: Parameters) {
        self.parameters = parameters
        value = parameters[Self.value]
    }

    struct Model: FittedModel {
        let value: Double
        func predict(_ inputs: Matrix) -> [Double] { [Double](repeating: value, count: inputs.rows) }
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        Model(value: value)
    }
}

extension CatalogEntry {
    /// `ConstantPredictor` as registry.json would list it, in module `module`.
    public static func constant(module: String = "Demo", summary: String = "predicts a constant") -> CatalogEntry {
        CatalogEntry(module: module, kind: .estimator, name: "constant", type: ConstantPredictor.self, summary: summary)
    }
}
