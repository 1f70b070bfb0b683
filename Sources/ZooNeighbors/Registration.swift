import ZooCore

/// Registers this module's estimator: `nearest-neighbor`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(NearestNeighborVote.self)
    }
}
