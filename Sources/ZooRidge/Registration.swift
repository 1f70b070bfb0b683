import ZooCore

/// Registers this module's estimators: `ridge`, `ridge-gcv`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(RidgeRegression.self)
        try registry.register(RidgeGCV.self)
    }
}
