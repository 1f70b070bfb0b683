import ZooCore

// MARK: - Parameter grids

/// Which component of an experiment a grid axis sets a parameter of.
public enum GridComponent: Sendable, Hashable, Comparable {
    case data
    case estimator(Int)
    case attack(Int)

    /// Sort rank: data axes first, then estimators, then attacks, each by index.
    private var rank: (Int, Int) {
        switch self {
        case .data: (0, 0)
        case .estimator(let index): (1, index)
        case .attack(let index): (2, index)
        }
    }

    public static func < (lhs: GridComponent, rhs: GridComponent) -> Bool { lhs.rank < rhs.rank }
}

/// One swept parameter: `component.parameter` takes each of `values` in turn.
public struct GridAxis: Sendable, Equatable {
    /// The axis as written in the experiment file, e.g. `estimators[1].lambda`.
    public let path: String
    public let component: GridComponent
    public let parameter: String
    public let values: [ParameterValue]

    public init(path: String, component: GridComponent, parameter: String, values: [ParameterValue]) {
        self.path = path
        self.component = component
        self.parameter = parameter
        self.values = values
    }
}

/// An experiment with parameter grids: the Cartesian product of the axes' values, each point an
/// `Experiment` with the swept parameters set in the base specs.
///
/// **The cell set.** Axes are ordered by component (data, estimators by index, attacks by index),
/// then by parameter name; points run through the product with the last axis fastest. Points that
/// share a data spec form one *group*: one `Experiment` whose estimators and attacks are the union of
/// its points' (first appearance order), so every grid point that differs only in an estimator or
/// attack parameter shares the drawn samples, one `FitContext` (one ridge path for every λ) and one
/// fit per estimator for every attack. The run's cells are, group by group, (seed, n) in the runner's
/// order, each with every estimator × attack of the group; a row's key holds its full specs.
public struct ExperimentGrid: Sendable {
    public var base: Experiment
    public var axes: [GridAxis]

    public init(base: Experiment, axes: [GridAxis]) {
        self.base = base
        self.axes = axes.sorted { ($0.component, $0.parameter) < ($1.component, $1.parameter) }
    }

    /// Number of grid points (1 without axes).
    public var pointCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The grid points in order, each as the base experiment with the axes' values set.
    public var points: [Experiment] {
        var result = [Experiment]()
        var index = [Int](repeating: 0, count: axes.count)
        for _ in 0..<pointCount {
            var experiment = base
            for (axis, position) in zip(axes, index) {
                let value = axis.values[position]
                switch axis.component {
                case .data: experiment.data = experiment.data.setting(axis.parameter, to: value)
                case .estimator(let i): experiment.estimators[i] = experiment.estimators[i].setting(axis.parameter, to: value)
                case .attack(let i): experiment.attacks[i] = experiment.attacks[i].setting(axis.parameter, to: value)
                }
            }
            result.append(experiment)
            var axis = axes.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < axes[axis].values.count { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// The points grouped by data spec (first appearance order), estimators and attacks merged.
    public var groups: [Experiment] {
        var result = [Experiment]()
        for point in points {
            if let i = result.firstIndex(where: { $0.data == point.data }) {
                for spec in point.estimators where !result[i].estimators.contains(spec) { result[i].estimators.append(spec) }
                for spec in point.attacks where !result[i].attacks.contains(spec) { result[i].attacks.append(spec) }
            } else {
                result.append(point)
            }
        }
        return result
    }
}

extension ComponentSpec {
    /// This spec with `key` set to `value` (replacing a given value, else appended).
    public func setting(_ key: String, to value: ParameterValue) -> ComponentSpec {
        var arguments = self.arguments
        if let i = arguments.firstIndex(where: { $0.key == key }) { arguments[i].value = value } else { arguments.append((key, value)) }
        return ComponentSpec(name: name, arguments: arguments)
    }
}
