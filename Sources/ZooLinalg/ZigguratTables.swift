import Foundation

// MARK: - Ziggurat tables for the standard normal

/// The 256-layer ziggurat of Marsaglia and Tsang, "The Ziggurat Method for Generating Random Variables"
/// (J. Stat. Software, 2000), for the unnormalised density f(x) = exp(−x²/2) on x ≥ 0.
///
/// Layer boundaries X[0] > X[1] = r > X[2] > … > X[255] > X[256] = 0 satisfy, for every layer i ≥ 1,
/// X[i] · (f(X[i+1]) − f(X[i])) = v, the common layer area. The base layer i = 0 is the rectangle
/// [0, r] × [0, f(r)] plus the tail beyond r, with area v = r f(r) + ∫_r^∞ f, drawn as a virtual
/// rectangle of width X[0] = v / f(r). The tail start r is found by bisection so the top layer closes
/// at f(0) = 1.
///
/// A 64-bit random word w supplies the layer i = w & 255, a 52-bit magnitude m = (w >> 8) mod 2⁵², and
/// the sign from bit 63. The candidate is x = m · X[i] / 2⁵²; it is accepted at once when
/// m < ⌊2⁵² X[i+1] / X[i]⌋ (x lies inside the layer's inner rectangle), which happens about 99% of the
/// time. Otherwise the base layer samples the tail exactly and the other layers test the wedge
/// against f.
///
/// The tables live in never-freed heap memory so the hot loop reads them through plain pointers.
final class NormalZigguratTables: @unchecked Sendable {
    /// Number of layers; the layer index is the low 8 bits of a word.
    static let layerCount = 256
    /// Bits of magnitude in a word (bits 8...59).
    static let magnitudeBits = 52
    static let magnitudeMask: UInt64 = (1 << 52) - 1
    static let signBit: UInt64 = 1 << 63

    /// ⌊2⁵² X[i+1] / X[i]⌋: magnitudes below this are accepted without further work.
    let acceptBelow: UnsafeMutablePointer<UInt64>
    /// X[i] / 2⁵²: magnitude to abscissa.
    let scale: UnsafeMutablePointer<Double>
    /// f(X[i]) for i = 0...256 (f(X[256]) = f(0) = 1).
    let density: UnsafeMutablePointer<Double>
    /// The tail start r = X[1].
    let tailStart: Double

    /// The shared tables, built once.
    static let shared = NormalZigguratTables()

    private init() {
        let n = Self.layerCount
        let r = Self.solveTailStart(layers: n)
        let boundaries = Self.boundaries(tailStart: r, layers: n).points
        acceptBelow = .allocate(capacity: n)
        scale = .allocate(capacity: n)
        density = .allocate(capacity: n + 1)
        let unit = Double(sign: .plus, exponent: Self.magnitudeBits, significand: 1)
        for i in 0..<n {
            acceptBelow[i] = UInt64((boundaries[i + 1] / boundaries[i] * unit).rounded(.down))
            scale[i] = boundaries[i] / unit
        }
        for i in 0...n { density[i] = Self.density(boundaries[i]) }
        density[n] = 1
        tailStart = r
    }

    // MARK: Construction

    @inline(__always) static func density(_ x: Double) -> Double { exp(-0.5 * x * x) }

    /// ∫_r^∞ exp(−x²/2) dx.
    static func tailArea(_ r: Double) -> Double { (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot()) }

    /// The boundaries X[0...layers] for tail start r, and the excess of v over the top layer's area
    /// (positive when r is too small: the layers reach, or nearly reach, f(0) = 1 too early).
    static func boundaries(tailStart r: Double, layers: Int) -> (points: [Double], topExcess: Double) {
        let area = r * density(r) + tailArea(r)
        var points = [area / density(r), r]
        var x = r
        for _ in 2..<layers {
            let height = density(x) + area / x
            if height >= 1 { return (points + Array(repeating: 0, count: layers + 1 - points.count), 1) }
            x = (-2 * log(height)).squareRoot()
            points.append(x)
        }
        points.append(0)
        // The top layer [0, x] × [f(x), 1] must have area v.
        return (points, area - x * (1 - density(x)))
    }

    /// Bisection for the tail start r at which the top layer has exactly the common area.
    static func solveTailStart(layers: Int) -> Double {
        var low = 2.0
        var high = 5.0  // topExcess > 0 at low, < 0 at high
        for _ in 0..<200 {
            let middle = 0.5 * (low + high)
            if middle == low || middle == high { break }
            if boundaries(tailStart: middle, layers: layers).topExcess > 0 { low = middle } else { high = middle }
        }
        return 0.5 * (low + high)
    }
}
