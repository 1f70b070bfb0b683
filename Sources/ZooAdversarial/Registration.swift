import ZooCore

/// Registers this module's estimators: `adversarial-linear`, `adversarial-rf`, `adversarial-two-layer`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(AdversarialLinearRegression.self)
        try registry.register(AdversarialRandomFeatures.self)
        try registry.register(AdversarialTwoLayerNetwork.self)
    }
}
