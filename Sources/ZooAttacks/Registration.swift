import ZooCore

/// Registers this module's attacks: `exact-l2`, `exact-linf`, `nearest-flip`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(ExactL2Attack.self)
        try registry.register(ExactLinfAttack.self)
        try registry.register(NearestFlipAttack.self)
    }
}
