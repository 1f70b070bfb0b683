import ZooCore

/// Registers this module's components: estimator `moments`, attack `random-l2` (listed in registry.json).
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(MomentEstimator.self)
        try registry.register(RandomL2Attack.self)
    }
}
