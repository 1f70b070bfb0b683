import Foundation
import ZooCore

// MARK: - Sanyal et al.'s lower bound for interpolating classifiers on `balls`

/// Sanyal, Dokania, Kanade & Torr 2021, *How Benign is Benign Overfitting?* (Theorem 1): data on
/// |ζ| disjoint balls of radius ρ with equal mass, one class per ball, each of the m training labels
/// flipped independently with probability η. A training point lands in a given ball and is flipped
/// with probability η/|ζ|, so that ball holds a mislabelled training point with probability
/// 1 − (1 − η/|ζ|)^m. A classifier that interpolates the training labels predicts the wrong class at
/// that point, and every test point of the ball lies within 2ρ of it: moving it there is an attack of
/// norm ≤ 2ρ that succeeds. Hence, for every interpolating classifier and any attack radius ≥ 2ρ (ℓ₂;
/// ℓ∞ too, whose ball contains the ℓ₂ ball of the same radius), the expected robust error is at least
///   1 − (1 − η/|ζ|)^m.
/// It is a *lower bound*: rows carrying it name the formula `sanyal-lower-bound`.
public enum SanyalBound {
    /// The formula name rows carry.
    public static let formula = "sanyal-lower-bound"

    /// 1 − (1 − η/|ζ|)^m, computed as −expm1(m·log1p(−η/|ζ|)) (accurate when mη/|ζ| is small).
    /// - Parameters: centers |ζ| ≥ 1, flip η ∈ [0, 1], samples m ≥ 0.
    public static func robustErrorLowerBound(centers: Int, flip: Double, samples m: Int) -> Double {
        precondition(
            centers >= 1 && flip >= 0 && flip <= 1 && m >= 0, "SanyalBound: need centers ≥ 1, 0 ≤ flip ≤ 1, m ≥ 0")
        let perPoint = flip / Double(centers)
        if perPoint >= 1 { return m > 0 ? 1 : 0 }
        return -Foundation.expm1(Double(m) * Foundation.log1p(-perPoint))
    }

    /// Whether the bound applies to an attack: radius ≥ 2ρ (ℓ₂ or ℓ∞) and the classifier interpolates.
    public static func applies(threat: ThreatModel, ballRadius rho: Double, interpolates: Bool) -> Bool {
        interpolates && threat.radius >= 2 * rho
    }
}
