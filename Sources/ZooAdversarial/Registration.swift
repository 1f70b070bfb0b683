import ZooCore

/// Registers this module's estimators: `adversarial-linear` (adversarially trained random features
/// and networks will join it here).
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(AdversarialLinearRegression.self)
    }
}
