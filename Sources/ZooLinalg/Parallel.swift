import Dispatch
import Foundation

// MARK: - Threads

/// How many threads the numerics may use.
///
/// The process default is read once from the environment variable `ZOO_THREADS` (a positive integer),
/// otherwise the number of active processors; `withThreadLimit(_:_:)` overrides it for one piece of
/// work (the tests use it to compare thread counts in one process). Every parallel kernel partitions its
/// *output* only, never a reduction, so results are bit-identical for every thread count.
public enum Parallelism {
    /// The thread count in force: the innermost `withThreadLimit`, else the process default.
    public static var threadCount: Int { threadLimit ?? processThreadCount }

    /// Runs `body` with the numerics limited to `threads` threads (the calling task and what it calls
    /// synchronously; kernels decide their partition on the calling thread).
    public static func withThreadLimit<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        precondition(threads > 0, "withThreadLimit needs at least one thread")
        return try $threadLimit.withValue(threads, operation: body)
    }

    @TaskLocal private static var threadLimit: Int?

    /// The process default: `ZOO_THREADS`, else the number of active processors.
    public static let processThreadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["ZOO_THREADS"], let value = Int(text), value > 0 {
            return min(value, 1024)  // the command line refuses more; a library user gets a bounded pool
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Runs `body(chunk)` for `chunk` in `0..<chunks`, on up to `threadCount` threads.
    ///
    /// With one chunk or one thread the body runs inline on the calling thread.
    public static func forEach(chunks: Int, _ body: (Int) -> Void) {
        if chunks <= 0 { return }
        if chunks == 1 || threadCount == 1 {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedSendableBox(escapable)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in box.value(chunk) }
        }
    }

    /// Splits `0..<count` into at most `threadCount` contiguous ranges of multiples of `granularity`
    /// (the last range takes the remainder) and runs `body` on each in parallel.
    public static func forEachRange(
        count: Int, granularity: Int = 1, minimumPerThread: Int = 1,
        _ body: (Range<Int>) -> Void
    ) {
        let ranges = partition(count: count, granularity: granularity, minimumPerThread: minimumPerThread)
        forEach(chunks: ranges.count) { body(ranges[$0]) }
    }

    /// The contiguous ranges `forEachRange` would use.
    public static func partition(count: Int, granularity: Int = 1, minimumPerThread: Int = 1) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let byWork = max(1, count / max(1, minimumPerThread))
        let parts = max(1, min(threadCount, byWork))
        let units = (count + granularity - 1) / granularity
        let unitsPerPart = (units + parts - 1) / parts
        var ranges = [Range<Int>]()
        var start = 0
        while start < count {
            let end = min(count, start + unitsPerPart * granularity)
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}

/// Carries a non-Sendable value into a concurrent region whose synchronisation the caller guarantees.
@usableFromInline
struct UncheckedSendableBox<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @usableFromInline init(_ value: T) { self.value = value }
}
