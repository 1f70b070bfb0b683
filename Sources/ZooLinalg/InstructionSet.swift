import Foundation
import ZooCPUID

// MARK: - Instruction sets

/// The vector instruction set the dense kernels (GEMM, SYRK and what is built on them) run with.
///
/// Chosen once per process at run time: AVX-512 where the CPU has AVX-512 F/DQ/BW/VL and the
/// operating system saves the zmm and opmask state (CPUID and XGETBV, `Sources/ZooCPUID`), AVX2 + FMA
/// otherwise. The environment variable `ZOO_ISA` overrides the choice: `ZOO_ISA=avx2` forces the
/// fallback (reproducing an AVX2 machine's results on an AVX-512 one), `ZOO_ISA=avx512` insists on
/// AVX-512, `ZOO_ISA=auto` (or unset) detects. A value that is unknown, or `avx512` on a machine
/// without it, is recorded in `processConfigurationError`; the `zoo` command line refuses it with one
/// `error:` line and status 2 rather than running with kernels the user did not ask for.
///
/// Results are bit-identical for every thread count, and today also across instruction sets: both
/// GEMM kernels compute every entry as the same FMA chain, in inner-dimension blocks of the same
/// depth (256), whatever their tile shapes. (Retuning one kernel's depth block would make the two
/// differ in the last bits; the tests say so if it happens.)
public enum InstructionSet: String, Sendable, CaseIterable, CustomStringConvertible {
    /// AVX-512 (x86-64-v4): 8×24 GEMM micro-tiles of `SIMD8<Double>`.
    case avx512
    /// AVX2 + FMA (x86-64-v3, the package's baseline on x86-64): 6×8 micro-tiles of `SIMD4<Double>`.
    case avx2
    /// Not x86-64: the AVX2 kernels' source compiled for the compiler's default target.
    case portable

    /// The name `ZOO_ISA` accepts and `zoo --version` prints.
    public var name: String { rawValue }

    /// Width of the vector registers the kernels use, in bits.
    public var vectorBits: Int {
        switch self {
        case .avx512: return 512
        case .avx2: return 256
        case .portable: return 128
        }
    }

    /// `avx512 (512-bit vectors)`.
    public var description: String { "\(name) (\(vectorBits)-bit vectors)" }

    // MARK: Selection

    /// The instruction set in force: the innermost `withOverride`, else the process choice.
    public static var current: InstructionSet { override ?? processChoice }

    /// Every instruction set this CPU and operating system can run, best first.
    public static let supported: [InstructionSet] = {
        #if arch(x86_64)
            var sets: [InstructionSet] = []
            if zoo_cpu_supports_avx512() != 0 { sets.append(.avx512) }
            sets.append(.avx2)  // the package is built for x86-64-v3: AVX2 is assumed (see Package.swift)
            return sets
        #else
            return [.portable]
        #endif
    }()

    /// The process choice, from `ZOO_ISA` and `supported`. A `ZOO_ISA` that cannot be honoured leaves
    /// the best supported set in force and is kept in `processConfigurationError`: the numerics do no
    /// process I/O, so a program reads that error before any work and refuses to run (the `zoo` command
    /// line does, with status 2).
    public static let processChoice: InstructionSet = processResolution.choice

    /// Why the process's `ZOO_ISA` cannot be honoured, or nil when it can (unset, `auto`, or supported).
    public static let processConfigurationError: ConfigurationError? = processResolution.error

    private static let processResolution: (choice: InstructionSet, error: ConfigurationError?) = {
        switch resolve(ProcessInfo.processInfo.environment["ZOO_ISA"], supported: supported) {
        case .success(let choice): return (choice, nil)
        case .failure(let problem): return (supported.first ?? .portable, problem)
        }
    }()

    /// Why a `ZOO_ISA` value cannot be honoured.
    public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The instruction set that `ZOO_ISA=request` selects on a machine supporting `supported` (best
    /// first); nil, empty or `auto` selects the best.
    public static func resolve(_ request: String?, supported: [InstructionSet]) -> Result<
        InstructionSet, ConfigurationError
    > {
        let best = supported.first ?? .portable
        guard let request, !request.isEmpty, request.lowercased() != "auto" else { return .success(best) }
        let names = supported.map(\.name).joined(separator: ", ")
        guard let wanted = InstructionSet(rawValue: request.lowercased()), wanted != .portable else {
            return .failure(
                ConfigurationError(
                    description:
                        "ZOO_ISA=\(request) is not an instruction set; use avx512, avx2 or auto (supported here: \(names))"
                ))
        }
        guard supported.contains(wanted) else {
            let reason =
                wanted == .avx512
                ? "this CPU or its operating system does not support AVX-512 (F, DQ, BW and VL, with the zmm state enabled)"
                : "this is not an x86-64 CPU"
            return .failure(ConfigurationError(description: "ZOO_ISA=\(request): \(reason); supported here: \(names)"))
        }
        return .success(wanted)
    }

    // MARK: Override (tests)

    @TaskLocal private static var override: InstructionSet?

    /// Runs `body` with the kernels of `instructionSet` (which must be in `supported`), for the calling
    /// task and what it calls synchronously; kernels resolve the instruction set on the calling thread.
    static func withOverride<R>(_ instructionSet: InstructionSet, _ body: () throws -> R) rethrows -> R {
        precondition(supported.contains(instructionSet), "\(instructionSet.name) is not supported on this machine")
        return try $override.withValue(instructionSet, operation: body)
    }
}
