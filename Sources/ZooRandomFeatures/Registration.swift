import ZooCore

/// Registers this module's estimator: `random-features`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(RandomFeaturesRegression.self)
    }
}
