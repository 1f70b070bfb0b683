import ZooCore

/// Registers the data models of this module: `isotropic`, `spiked`, `power-law`, `sphere`, `csv`, `balls`, `idx`.
public enum Registration: ComponentModule {
    public static func register(into registry: inout Registry) throws(ZooError) {
        try registry.register(IsotropicGaussian.self)
        try registry.register(SpikedGaussian.self)
        try registry.register(PowerLawGaussian.self)
        try registry.register(SphereData.self)
        try registry.register(CSVData.self)
        try registry.register(LabelledBalls.self)
        try registry.register(IDXData.self)
    }
}
