import ZooLinalg

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Dense-kernel benchmark

/// `ZooBenchmarks linalg`: times the dense kernels on the release sizes and prints one line per case,
/// `linalg <TAB> case <TAB> median seconds <TAB> rate <TAB> unit`, the format that
/// `scripts/benchmark_linalg_numpy.py` also prints, so `scripts/benchmark-linalg.sh` can join them.
///
/// Each case runs once to warm up, then `repetitions` times (at least 3, more for fast cases, within
/// about 1.5 s); the median is reported. Rates count the useful flops: 2n³ for GEMM, n²k for a Gram
/// matrix (one triangle, as syrk), 2mn for GEMV, n³/3 for Cholesky; samples per second for sampling.
enum LinalgBenchmark {
    static func main(_ arguments: [String]) {
        var threads: Int?
        var selected: String?
        var listOnly = false
        var measureCPUTime = false
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--threads" where index + 1 < arguments.count:
                threads = Int(arguments[index + 1])
                index += 1
            case "--case" where index + 1 < arguments.count:
                selected = arguments[index + 1]
                index += 1
            case "--list":
                listOnly = true
            case "--cpu-time":
                measureCPUTime = true
            default:
                print("linalg: unknown argument \(arguments[index])")
                exit(2)
            }
            index += 1
        }
        // Must happen before anything reads Parallelism.threadCount (read once, from ZOO_THREADS).
        if let threads, threads > 0 { setenv("ZOO_THREADS", String(threads), 1) }

        let cases = LinalgBenchmarkCases.all
        if listOnly {
            for benchmark in cases { print(benchmark.name) }
            return
        }
        let chosen = cases.filter { selected == nil || $0.name == selected }
        if chosen.isEmpty {
            print("linalg: no case named \(selected ?? "")")
            exit(2)
        }
        print("# ZooLinalg on \(Parallelism.threadCount) thread(s), kernels: \(InstructionSet.current)")
        for benchmark in chosen { report(benchmark, cpuTime: measureCPUTime) }
    }

    /// Times one case and prints its line.
    /// With `cpuTime`, reports the CPU time of the process (all threads) instead of wall time: a
    /// steadier measure of a kernel's efficiency on a busy host, though not of its speed.
    static func report(_ benchmark: LinalgBenchmarkCase, cpuTime: Bool) {
        let run = benchmark.prepare()
        let measure = cpuTime ? processorSeconds : seconds
        let warmup = measure(run)
        let repetitions = max(3, min(10, Int(1.5 / max(warmup, 1e-6))))
        var times = (0..<repetitions).map { _ in measure(run) }
        times.sort()
        let median = times[times.count / 2]
        let rate = benchmark.work / median / benchmark.unitScale
        print("linalg\t\(benchmark.name)\t\(format(median, digits: 5))\t\(format(rate, digits: 2))\t\(benchmark.unit)")
    }

    /// Wall time of one call, in seconds.
    static func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// CPU time of the whole process spent in one call, in seconds.
    static func processorSeconds(_ body: () -> Void) -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
        }
        let start = now()
        body()
        return now() - start
    }

    static func format(_ value: Double, digits: Int) -> String {
        var scaled = (value * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
        if scaled == -0.0 { scaled = 0 }
        return String(scaled)
    }
}

/// One benchmark: `prepare` builds the inputs (untimed) and returns the timed body.
struct LinalgBenchmarkCase {
    let name: String
    /// Flops (or samples) done by one call of the body.
    let work: Double
    /// "GFLOP/s" or "Msamples/s".
    let unit: String
    let unitScale: Double
    let prepare: () -> (() -> Void)

    init(_ name: String, flops: Double, prepare: @escaping () -> (() -> Void)) {
        self.name = name
        work = flops
        unit = "GFLOP/s"
        unitScale = 1e9
        self.prepare = prepare
    }

    init(_ name: String, samples: Double, prepare: @escaping () -> (() -> Void)) {
        self.name = name
        work = samples
        unit = "Msamples/s"
        unitScale = 1e6
        self.prepare = prepare
    }
}

/// Keeps a result alive so the optimiser cannot drop the work.
@inline(never)
func consume<T>(_ value: T) { withExtendedLifetime(value) {} }
