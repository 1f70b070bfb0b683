import ZooCore

/// Registers this module's estimator: `two-layer`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(TwoLayerNetwork.self)
    }
}
