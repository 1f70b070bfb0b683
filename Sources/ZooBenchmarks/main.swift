#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Subcommands
//
// `ZooBenchmarks linalg [--threads N] [--case NAME] [--list] [--cpu-time]`: dense kernels (see LinalgBenchmark.swift).
// Further subcommands (the estimator `sweep`) live in their own files and are dispatched here.

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: ZooBenchmarks linalg [--threads N] [--case NAME] [--list] [--cpu-time]
           ZooBenchmarks sweep [--quick]
           ZooBenchmarks networks [--case two-layer|pgd-l2|pgd-ntk|gemm] [--repeats R] [--steps S]
           ZooBenchmarks kernels [--threads N] [--case NAME] [--list] [--repetitions R]
           ZooBenchmarks adversarial [--train FILE.csv] [--n N] [--d D] [--radius R] [--norm l2|linf] [--rounds K]
           ZooBenchmarks theory
           ZooBenchmarks streaming [--n N] [--d D] [--stored-d D2]
    """

switch arguments.first {
case "linalg":
    LinalgBenchmark.main(Array(arguments.dropFirst()))
case "sweep":
    SweepBenchmark.main(Array(arguments.dropFirst()))
case "networks":
    NetworkBenchmark.main(Array(arguments.dropFirst()))
case "kernels":
    KernelsBenchmark.main(Array(arguments.dropFirst()))
case "adversarial":
    AdversarialBenchmark.main(Array(arguments.dropFirst()))
case "theory":
    TheoryBenchmark.main(Array(arguments.dropFirst()))
case "streaming":
    StreamingBenchmark.main(Array(arguments.dropFirst()))
default:
    print(usage)
    exit(arguments.isEmpty ? 0 : 2)
}
