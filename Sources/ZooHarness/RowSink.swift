import ZooCore

// MARK: - Where a run's rows go

/// Receives a run's rows as their cells finish. The harness does no I/O: `ExperimentRun.run(into:)`
/// hands every row to a sink, and the output layer implements it (`ResultSink` in ZooReport writes
/// CSV, JSON Lines or a table to a file or standard output). A sink that throws stops the run at once.
public protocol RowSink: AnyObject {
    func write(_ row: ResultRow) throws(ZooError)
}

/// A sink that keeps every row in memory, for library code and tests.
public final class RowCollector: RowSink {
    public private(set) var rows: [ResultRow] = []

    public init() {}

    public func write(_ row: ResultRow) throws(ZooError) { rows.append(row) }
}
