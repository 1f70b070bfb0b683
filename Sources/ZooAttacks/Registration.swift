import ZooCore

/// Registers this module's attacks: `exact-l2`, `exact-linf`, `nearest-flip`, `pgd-l2`, `pgd-linf`, `fgsm`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(ExactL2Attack.self)
        try registry.register(ExactLinfAttack.self)
        try registry.register(NearestFlipAttack.self)
        try registry.register(PGDL2Attack.self)
        try registry.register(PGDLinfAttack.self)
        try registry.register(FGSMAttack.self)
    }
}
