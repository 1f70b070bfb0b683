import Foundation

// MARK: - Peak memory

/// The process's peak resident memory, as the kernel counts it (`getrusage`, `ru_maxrss`: KiB on Linux).
enum PeakMemory {
    static var residentBytes: Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Double(usage.ru_maxrss) * 1024
    }
}
