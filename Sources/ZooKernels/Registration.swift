import ZooCore

/// Registers this module's estimator: `ntk`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(NeuralTangentKernelRegression.self)
    }
}
