import Foundation

// MARK: - Small numerical routines for the asymptotic formulas

/// Root finding and low-dimensional optimisation for the theory formulas: robust, derivative-free
/// where derivatives are not available in closed form, and deterministic (no randomness, so every
/// theory value is reproducible bit for bit).
enum ScalarOptimization {
    /// A root of a function that is positive at `low` and non-positive at `high` (or the reverse),
    /// by bisection to `tolerance`·max(1, |x|) (at most 200 halvings).
    static func bisect(_ f: (Double) -> Double, low: Double, high: Double, tolerance: Double = 1e-15) -> Double {
        var a = low
        var b = high
        let fa = f(a)
        for _ in 0..<200 {
            let m = 0.5 * (a + b)
            if b - a <= tolerance * max(1, abs(m)) { return m }
            let fm = f(m)
            if fm == 0 { return m }
            if (fm > 0) == (fa > 0) { a = m } else { b = m }
        }
        return 0.5 * (a + b)
    }

    /// max of f over [low, high] by golden-section search (f unimodal on the bracket), to the bracket's
    /// rounding limit: returns (argmax, max).
    static func goldenMaximum(_ f: (Double) -> Double, low: Double, high: Double, iterations: Int = 60) -> (
        x: Double, value: Double
    ) {
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = low
        var b = high
        var c = b - ratio * (b - a)
        var d = a + ratio * (b - a)
        var fc = f(c)
        var fd = f(d)
        for _ in 0..<iterations {
            if b - a <= 1e-12 * max(1, abs(a)) { break }
            if fc >= fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = f(c)
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = f(d)
            }
        }
        let endpoints = [(low, f(low)), (high, f(high)), (c, fc), (d, fd)]
        return endpoints.max { $0.1 < $1.1 }!
    }

    /// max of f over a grid followed by golden-section refinement between the best point's neighbours:
    /// a bounded 1-D maximisation that does not need f unimodal on the whole interval, only near its top.
    static func gridThenGoldenMaximum(_ f: (Double) -> Double, grid: [Double]) -> (x: Double, value: Double) {
        let values = grid.map(f)
        let best = values.indices.max { values[$0] < values[$1] }!
        let low = grid[max(best - 1, 0)]
        let high = grid[min(best + 1, grid.count - 1)]
        let refined = goldenMaximum(f, low: low, high: high)
        return refined.value >= values[best] ? refined : (grid[best], values[best])
    }

    /// min of f by the Nelder–Mead simplex method (adaptive parameters of Gao & Han 2012), from
    /// `start` with initial steps `scale`, until the simplex's values agree to `tolerance` (absolute
    /// plus relative) or `maxEvaluations` is reached. Returns (argmin, min, evaluations).
    static func nelderMead(
        _ f: ([Double]) -> Double, start: [Double], scale: Double, tolerance: Double = 1e-12,
        maxEvaluations: Int = 4000
    ) -> (x: [Double], value: Double, evaluations: Int) {
        let n = start.count
        let dimension = Double(n)
        let reflection = 1.0
        let expansion = 1 + 2 / dimension
        let contraction = 0.75 - 1 / (2 * dimension)
        let shrink = 1 - 1 / dimension
        var simplex =
            [start]
            + (0..<n).map { i -> [Double] in
                var p = start
                p[i] += scale
                return p
            }
        var values = simplex.map(f)
        var evaluations = n + 1
        func combine(_ a: [Double], _ b: [Double], _ t: Double) -> [Double] {
            (0..<n).map { a[$0] + t * (b[$0] - a[$0]) }
        }
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = values[n] - values[0]
            let size = (1...n).map { i in zip(simplex[i], simplex[0]).map { abs($0 - $1) }.max()! }.max()!
            if spread <= tolerance * (1 + abs(values[0])) && size <= 1e-9 { break }
            if size <= 1e-13 { break }
            var centroid = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { centroid[j] += simplex[i][j] / dimension } }
            let reflected = combine(centroid, simplex[n], -reflection)
            let fr = f(reflected)
            evaluations += 1
            if fr < values[0] {
                let expanded = combine(centroid, simplex[n], -expansion)
                let fe = f(expanded)
                evaluations += 1
                if fe < fr {
                    simplex[n] = expanded
                    values[n] = fe
                } else {
                    simplex[n] = reflected
                    values[n] = fr
                }
            } else if fr < values[n - 1] {
                simplex[n] = reflected
                values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = combine(centroid, outside ? reflected : simplex[n], contraction)
                let fc = f(contracted)
                evaluations += 1
                if fc < (outside ? fr : values[n]) {
                    simplex[n] = contracted
                    values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = combine(simplex[0], simplex[i], shrink)
                        values[i] = f(simplex[i])
                        evaluations += 1
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return (simplex[best], values[best], evaluations)
    }

    /// Central-difference gradient with relative steps h·max(|xᵢ|, 1e-3).
    static func gradient(_ f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-6) -> [Double] {
        (0..<x.count).map { i in
            let delta = h * max(abs(x[i]), 1e-3)
            var plus = x
            var minus = x
            plus[i] += delta
            minus[i] -= delta
            return (f(plus) - f(minus)) / (2 * delta)
        }
    }

    /// Central-difference Hessian (symmetrised).
    static func hessian(_ f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-4) -> [[Double]] {
        let n = x.count
        let deltas = x.map { h * max(abs($0), 1e-3) }
        var result = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        let center = f(x)
        for i in 0..<n {
            for j in i..<n {
                let value: Double
                if i == j {
                    var plus = x
                    var minus = x
                    plus[i] += deltas[i]
                    minus[i] -= deltas[i]
                    value = (f(plus) - 2 * center + f(minus)) / (deltas[i] * deltas[i])
                } else {
                    var pp = x
                    var pm = x
                    var mp = x
                    var mm = x
                    pp[i] += deltas[i]
                    pp[j] += deltas[j]
                    pm[i] += deltas[i]
                    pm[j] -= deltas[j]
                    mp[i] -= deltas[i]
                    mp[j] += deltas[j]
                    mm[i] -= deltas[i]
                    mm[j] -= deltas[j]
                    value = (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * deltas[i] * deltas[j])
                }
                result[i][j] = value
                result[j][i] = value
            }
        }
        return result
    }

    /// Solves the small dense system A·x = b by Gaussian elimination with partial pivoting; nil if singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var rhs = b
        for column in 0..<n {
            let pivot = (column..<n).max { abs(m[$0][column]) < abs(m[$1][column]) }!
            guard abs(m[pivot][column]) > 1e-300 else { return nil }
            m.swapAt(column, pivot)
            rhs.swapAt(column, pivot)
            for row in (column + 1)..<n where row < n {
                let factor = m[row][column] / m[column][column]
                for j in column..<n { m[row][j] -= factor * m[column][j] }
                rhs[row] -= factor * rhs[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = rhs[row]
            for j in (row + 1)..<n where j < n { sum -= m[row][j] * x[j] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
