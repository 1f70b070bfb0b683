import ZooCore

/// Registers this module's attacks: `exact-l2`, `exact-linf`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(ExactL2Attack.self)
        try registry.register(ExactLinfAttack.self)
    }
}
