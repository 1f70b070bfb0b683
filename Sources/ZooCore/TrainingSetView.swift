import ZooLinalg

// MARK: - A model paired with its training set

/// A fitted model seen together with the training set it was fitted on (capability
/// `training-points`). Every fit in the harness has a known training set, so the harness hands
/// attacks that need training points (`nearest-flip`) this view of any model, through
/// `Attack.view(of:trainedOn:)`. The view forwards predictions and diagnostics only.
public struct TrainingSetView: TrainingPointsModel {
    public let model: any FittedModel
    public let trainingSet: Dataset

    public init(model: any FittedModel, trainingSet: Dataset) {
        self.model = model
        self.trainingSet = trainingSet
    }

    public func predict(_ inputs: Matrix) -> [Double] { model.predict(inputs) }
    public var diagnostics: [String: String] { model.diagnostics }
}

extension Capability {
    /// Capabilities the harness supplies for every model whatever its estimator declares: it knows
    /// each fit's training set and passes it along (`TrainingSetView`).
    public static let suppliedByHarness: Set<Capability> = [.trainingPoints]
}
