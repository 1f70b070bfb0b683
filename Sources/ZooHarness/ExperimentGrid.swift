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

    /// Number of grid points (1 without axes), saturating at `Int.max` (`ResourceModel.checkGrid`
    /// refuses large grids before any point is built).
    public var pointCount: Int { Saturating.product(axes.map(\.values.count)) }

    /// Calls `body` with each grid point in order (the base experiment with the axes' values set),
    /// building one point at a time.
    public func forEachPoint(_ body: (Experiment) -> Void) {
        var index = [Int](repeating: 0, count: axes.count)
        if axes.contains(where: { $0.values.isEmpty }) { return }
        while true {
            var experiment = base
            for (axis, position) in zip(axes, index) {
                let value = axis.values[position]
                switch axis.component {
                case .data: experiment.data = experiment.data.setting(axis.parameter, to: value)
                case .estimator(let i):
                    experiment.estimators[i] = experiment.estimators[i].setting(axis.parameter, to: value)
                case .attack(let i): experiment.attacks[i] = experiment.attacks[i].setting(axis.parameter, to: value)
                }
            }
            body(experiment)
            var axis = axes.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < axes[axis].values.count { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// The grid points in order, each as the base experiment with the axes' values set.
    public var points: [Experiment] {
        var result = [Experiment]()
        forEachPoint { result.append($0) }
        return result
    }

    /// The points grouped by data spec (first appearance order), estimators and attacks merged. Points
    /// are built one at a time and membership is by hash, so the cost is linear in the points.
    public var groups: [Experiment] {
        var result = [Experiment]()
        var groupOfData = [String: Int]()
        var estimatorsSeen = [Set<String>]()
        var attacksSeen = [Set<String>]()
        forEachPoint { point in
            let key = point.data.description
            if let i = groupOfData[key] {
                for spec in point.estimators where estimatorsSeen[i].insert(spec.description).inserted {
                    result[i].estimators.append(spec)
                }
                for spec in point.attacks where attacksSeen[i].insert(spec.description).inserted {
                    result[i].attacks.append(spec)
                }
            } else {
                groupOfData[key] = result.count
                result.append(point)
                estimatorsSeen.append(Set(point.estimators.map(\.description)))
                attacksSeen.append(Set(point.attacks.map(\.description)))
            }
        }
        return result
    }
}

extension ComponentSpec {
    /// This spec with `key` set to `value` (replacing a given value, else appended).
    public func setting(_ key: String, to value: ParameterValue) -> ComponentSpec {
        var arguments = self.arguments
        if let i = arguments.firstIndex(where: { $0.key == key }) {
            arguments[i].value = value
        } else {
            arguments.append((key, value))
        }
        return ComponentSpec(name: name, arguments: arguments)
    }
}
