import Foundation

// MARK: - Axes

/// One axis of an `SVGPlot`: the data range, its mapping onto pixels, and the ticks.
///
/// A logarithmic axis maps log₁₀ v linearly; values ≤ 0 or non-finite cannot be shown and are left out
/// of the range. The range is padded by `paddingFraction` of its (log) length on each side; a single value
/// is widened to [v/2, 2v] (log) or [v − 1, v + 1] (linear, or ±|v|/2).
struct PlotAxis {
    var scale: SVGPlot.Scale
    /// The data range shown, lower < upper (both > 0 on a log axis).
    var lower: Double
    var upper: Double
    /// Pixel positions of `lower` and `upper` (for a y axis pixelLower > pixelUpper).
    var pixelLower: Double
    var pixelUpper: Double

    static let paddingFraction = 0.05

    /// One tick: its value, the label (empty for a minor tick) and whether it is major.
    struct Tick {
        var value: Double
        var label: String
        var isMajor: Bool
    }

    /// The axis for `values` (nil when none can be shown on this scale).
    init?(
        values: [Double], scale: SVGPlot.Scale, pixelLower: Double, pixelUpper: Double,
        padding: Double = PlotAxis.paddingFraction
    ) {
        // A log axis shows 1e-300 … 1e300 only: beyond, padding and tick arithmetic would leave the
        // double range (log10 of 0 or ∞, then an integer conversion that traps).
        let usable = values.filter { $0.isFinite && (scale == .linear || ($0 >= 1e-300 && $0 <= 1e300)) }
        guard var low = usable.min(), var high = usable.max() else { return nil }
        self.scale = scale
        self.pixelLower = pixelLower
        self.pixelUpper = pixelUpper
        switch scale {
        case .logarithmic:
            if low == high {
                low /= 2
                high *= 2
            }
            let pad = (log10(high) - log10(low)) * padding
            lower = max(pow(10, log10(low) - pad), 1e-305)
            upper = min(pow(10, log10(high) + pad), 1e305)
        case .linear:
            if low == high {
                let half = low == 0 ? 1 : abs(low) / 2
                low -= half
                high += half
            }
            let pad = (high - low) * padding
            lower = low - pad
            upper = high + pad
        }
    }

    /// The axis coordinate of a value (log₁₀ on a log axis); nil when it cannot be shown.
    private func transformed(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .logarithmic: return value >= 1e-300 && value <= 1e300 ? log10(value) : nil
        }
    }

    /// The same axis drawn `pixels` further along (dodging series that share x values).
    func shifted(by pixels: Double) -> PlotAxis {
        var copy = self
        copy.pixelLower += pixels
        copy.pixelUpper += pixels
        return copy
    }

    /// The pixel position of a value, nil if it cannot be shown (it may lie outside the range).
    func pixel(_ value: Double) -> Double? {
        guard let t = transformed(value), let low = transformed(lower), let high = transformed(upper) else {
            return nil
        }
        return pixelLower + (t - low) / (high - low) * (pixelUpper - pixelLower)
    }

    /// The pixel position clamped to the axis (for interval ends that leave the plot, e.g. ≤ 0 on a log axis).
    func clampedPixel(_ value: Double) -> Double {
        if let position = pixel(value) {
            let (a, b) = (min(pixelLower, pixelUpper), max(pixelLower, pixelUpper))
            return min(max(position, a), b)
        }
        return value > 0 ? pixelUpper : pixelLower
    }

    // MARK: Ticks

    /// Ticks inside the range.
    ///
    /// Log axes: major ticks at powers of ten (every k-th when there are more than `maximumDecadeLabels`
    /// decades); over at most 2.5 decades also at 2 and 5 times a power (and 3 within one decade), the
    /// other integer multiples as unlabelled minor ticks (up to 6 decades). Linear axes: about five
    /// ticks at multiples of 1, 2 or 5 times a power of ten.
    func ticks() -> [Tick] {
        scale == .logarithmic ? logarithmicTicks() : linearTicks()
    }

    static let maximumDecadeLabels = 8

    private func logarithmicTicks() -> [Tick] {
        let decades = log10(upper) - log10(lower)
        let firstPower = Int(floor(log10(lower)))
        let lastPower = Int(ceil(log10(upper)))
        let labelled: Set<Int> = decades <= 1 ? [1, 2, 3, 5] : (decades <= 2.5 ? [1, 2, 5] : [1])
        let showMinor = decades <= 6
        let powerStride = max(1, Int((Double(lastPower - firstPower) / Double(Self.maximumDecadeLabels)).rounded(.up)))
        var ticks: [Tick] = []
        for power in firstPower...lastPower {
            for multiple in 1...9 {
                let value = Double(multiple) * pow(10, Double(power))
                guard value >= lower * (1 - 1e-12), value <= upper * (1 + 1e-12) else { continue }
                if multiple == 1 && (power - firstPower) % powerStride == 0
                    || multiple > 1 && labelled.contains(multiple)
                {
                    ticks.append(Tick(value: value, label: NumberText.compact(value), isMajor: true))
                } else if showMinor {
                    ticks.append(Tick(value: value, label: "", isMajor: false))
                }
            }
        }
        return ticks
    }

    private func linearTicks() -> [Tick] {
        let targetCount = 5.0
        let rough = (upper - lower) / targetCount
        let magnitude = pow(10, floor(log10(rough)))
        // The 1-2-5 step closest to the rough step on a log scale.
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.min { abs(log($0 / rough)) < abs(log($1 / rough)) }!
        var ticks: [Tick] = []
        var index = (lower / step).rounded(.up)
        // At most a few dozen ticks: a range tiny against its magnitude (index beyond 2⁵³) must not loop.
        while index * step <= upper + step * 1e-9 && ticks.count < 50 {
            let value = abs(index) < 0.5 ? 0 : index * step
            ticks.append(Tick(value: value, label: NumberText.compact(value), isMajor: true))
            index += 1
        }
        return ticks
    }
}
