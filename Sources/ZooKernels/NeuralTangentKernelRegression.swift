import Foundation
import ZooCore
import ZooLinalg

// MARK: - ntk

/// `ntk`: kernel regression with the two-layer ReLU neural tangent kernel,
///
///     f̂(x) = k(x, X)·(K + nλI)⁻¹y,   K = k(X, X),
///
/// the minimiser of (1/n)‖y − f(X)‖² + λ‖f‖²_H over the kernel's RKHS H (mean loss, so the penalty
/// scales with n as in `ridge`). `lambda = 0` (default) interpolates the training data (the
/// minimum-RKHS-norm interpolant); λ > 0 does not.
///
/// The kernel is the infinite-width tangent kernel of f(x) = m^(−1/2) Σⱼ aⱼ relu(wⱼᵀx), wⱼ ~ N(0, I_d),
/// aⱼ ~ N(0, 1) (NTK parameterisation; Jacot, Gabriel & Hongler 2018), with φ the angle between x and x′:
/// first layer K₁ = xᵀx′(π − φ)/(2π), second layer K₂ = ‖x‖‖x′‖(sin φ + (π − φ)cos φ)/(2π), the degree-0
/// and degree-1 arc-cosine kernels of Cho & Saul 2009 (`ArcCosineTangentKernel`). `layers=both` (default)
/// is K₁ + K₂, the kernel of training both layers; `first` and `second` train one. Hao & Zhang 2024
/// (§5) show that in this lazy regime the interpolating NTK regressor, like the min-norm linear
/// interpolator, becomes adversarially fragile, and that λ > 0 trades standard for adversarial risk.
///
/// Solver: Cholesky of K + nλI; for singular or nearly singular K (duplicated points, λ = 0 on a
/// rank-deficient kernel) the eigendecomposition's pseudo-inverse with a relative threshold, reported
/// in the diagnostics (`KernelSystemSolver`). Memory: two n×n matrices (kernel and factor).
/// Capabilities: input gradient (closed form, batched), kernel, training points.
public struct NeuralTangentKernelRegression: Estimator {
    public static let name = "ntk"
    public static let layers = ParameterKey<TangentLayers>(
        "layers", default: .both, "which layers' gradients the kernel sums: both (K₁ + K₂), first (K₁) or second (K₂)")
    public static let lambda = ParameterKey<Double>(
        "lambda", .real(minimum: 0), default: 0, "λ ≥ 0 in (1/n)‖y − f(X)‖² + λ‖f‖²_H; 0 interpolates",
        notation: .penalty)
    public static let parameters = [layers.spec, lambda.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "f̂(x) = k(x, X)(K + nλI)⁻¹y with the two-layer ReLU NTK: K₁ = xᵀx′(π − φ)/(2π) (first layer), K₂ = ‖x‖‖x′‖(sin φ + (π − φ)cos φ)/(2π) (second layer), φ the angle between x and x′; layers=both is K₁ + K₂.",
        reference:
            "Jacot, Gabriel & Hongler 2018, Neural Tangent Kernel; Cho & Saul 2009, Kernel Methods for Deep Learning (arc-cosine kernels); Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness (the NTK counterpart).",
        notes:
            "lambda=0 (default) interpolates. The loss is the mean squared error, so the ridge is nλ. Singular kernels fall back to an eigendecomposition pseudo-inverse (see diagnostics). Memory: two n×n matrices."
    )
    public static let capabilities: Set<Capability> = [.inputGradient, .kernel, .trainingPoints, .outputBounds]
    public static let interpolates = Interpolation.dependsOnParameters
    public static let interpolatingArguments: [(key: String, value: ParameterValue)]? = [lambda.argument(0)]

    public let parameters: Parameters
    public let layers: TangentLayers
    public let lambda: Double

    public init(parameters: Parameters) {
        self.parameters = parameters
        layers = parameters[Self.layers]
        lambda = parameters[Self.lambda]
    }

    /// The kernel matrix and its Cholesky factor (n² each), the eigen fallback's vectors, and one
    /// block of cross-kernel entries for predictions.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        8 * (3 * Double(n) * Double(n) + Double(n) * Double(d)) + Double(TangentKernelFit.blockBytes)
    }

    /// Refuses, before allocating, a fit whose n×n matrices would not fit in three quarters of
    /// `memory` bytes, with the estimate.
    public func checkMemory(
        samples n: Int, dimension d: Int,
        memory: Double = Double(ProcessInfo.processInfo.physicalMemory)
    ) throws(ZooError) {
        let bytes = estimatedFitBytes(samples: n, dimension: d)
        let available = 0.75 * memory
        guard bytes <= available else {
            throw .resources(
                String(
                    format:
                        "ntk: an n×n kernel with n=%d needs about %.1f GiB, more than the %.1f GiB this machine can spare: reduce n",
                    n, bytes / 1_073_741_824, available / 1_073_741_824))
        }
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let n = training.count
        try checkMemory(samples: n, dimension: training.dimension)
        let kernel = ArcCosineTangentKernel(layers: layers)
        // K = k(X, X): the inner products XXᵀ by SYRK, then the closed form entrywise.
        var matrix = gram(training.features, .rows)
        let norms = RowNorms(training.features)
        kernel.transform(&matrix, rows: norms, columns: norms)
        let shift = Double(n) * lambda
        if shift > 0 { for i in 0..<n { matrix[i, i] += shift } }
        let solution = try KernelSystemSolver.solve(system: matrix, targets: training.targets)
        var diagnostics = solution.diagnostics
        diagnostics["kernel"] = "ntk(layers=\(layers.rawValue))"
        return TangentKernelFit(
            kernel: kernel, training: training, coefficients: solution.alpha, diagnostics: diagnostics)
    }
}

// MARK: - Work, for the time guard

extension NeuralTangentKernelRegression: DeclaresFitWork {
    /// The n×n kernel matrix needs n²·d.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        Double(n) * Double(n) * Double(d)
    }
}
