import ZooCore

// MARK: - Splitting a run into shards

/// `--shard i/N`: the i-th (1-based) of N parts of a run. The run's samples (`RunCell.all(in:)`, the
/// one enumeration of `GroupSamples`) are split by estimated cost; `ExperimentRun` selects a shard's.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Parses `i/N` with 1 ≤ i ≤ N.
    public init(parsing text: String) throws(ZooError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let n = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw .usage("--shard must be i/N with whole numbers, e.g. 2/8, got '\(text)'")
        }
        guard n >= 1 else { throw .usage("--shard \(text): the number of shards N must be at least 1") }
        guard (1...n).contains(i) else { throw .usage("--shard \(text): i must be from 1 to \(n)") }
        index = i
        count = n
    }

    public var description: String { "\(index)/\(count)" }

    /// Which shard (0-based) runs each cell: greedy longest-processing-time. Cells are taken by
    /// decreasing cost (ties: earlier run order first) and each goes to the shard with the least
    /// total cost so far (ties: the lowest shard). Deterministic, so every shard computes the same split.
    /// Only the first min(N, cells) shards can receive a cell (each empty shard takes the next cell), so
    /// the loads array never exceeds the cell count whatever N is (`--shard 1/9223372036854775807`).
    public static func assignment(of cells: [RunCell], shards: Int) -> [Int] {
        let shards = max(1, min(shards, cells.count))
        var loads = [Double](repeating: 0, count: shards)
        var owner = [Int](repeating: 0, count: cells.count)
        let byCost = cells.indices.sorted {
            cells[$0].cost != cells[$1].cost ? cells[$0].cost > cells[$1].cost : $0 < $1
        }
        for i in byCost {
            var best = 0
            for s in 1..<max(1, shards) where loads[s] < loads[best] { best = s }
            owner[i] = best
            loads[best] += cells[i].cost
        }
        return owner
    }

    /// The cells of this shard, in run order, out of all the run's (`RunCell.all(in:)`).
    public func cells(of all: [RunCell]) -> [RunCell] {
        guard index - 1 < all.count else { return [] }  // a shard beyond the cell count is empty
        let owner = Self.assignment(of: all, shards: count)
        return all.indices.filter { owner[$0] == index - 1 }.map { all[$0] }
    }
}
