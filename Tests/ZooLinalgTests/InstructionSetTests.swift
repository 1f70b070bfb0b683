import Testing
import ZooTestSupport
@testable import ZooLinalg

/// Runs `body` once under every instruction set this machine supports (the AVX-512 kernels only where
/// the CPU and OS have them), so the same correctness checks cover every path the machine can run.
func forEachInstructionSet(_ body: (InstructionSet) throws -> Void) rethrows {
    for instructionSet in InstructionSet.supported {
        try InstructionSet.withOverride(instructionSet) { try body(instructionSet) }
    }
}

@Suite struct InstructionSetTests {
    @Test func supportedSetsAreListedBestFirst() {
        let supported = InstructionSet.supported
        print("ZooLinalg kernels tested under: \(supported.map(\.description).joined(separator: ", "))"
              + (supported.contains(.avx512) ? "" : " (this CPU lacks AVX-512: its kernels are not run here)"))
        #expect(!supported.isEmpty)
        #expect(supported.contains(InstructionSet.processChoice))
        #if arch(x86_64)
        #expect(supported.last == .avx2)
        #else
        #expect(supported == [.portable])
        #endif
    }

    @Test func environmentValuesResolve() throws {
        let both: [InstructionSet] = [.avx512, .avx2]
        #expect(try InstructionSet.resolve(nil, supported: both).get() == .avx512)
        #expect(try InstructionSet.resolve("", supported: both).get() == .avx512)
        #expect(try InstructionSet.resolve("auto", supported: [.avx2]).get() == .avx2)
        #expect(try InstructionSet.resolve("avx2", supported: both).get() == .avx2)
        #expect(try InstructionSet.resolve("AVX512", supported: both).get() == .avx512)
    }

    @Test func badEnvironmentValuesAreClearErrors() {
        guard case .failure(let missing) = InstructionSet.resolve("avx512", supported: [.avx2]) else {
            Issue.record("avx512 on an AVX2-only machine must fail"); return
        }
        #expect(missing.description.contains("does not support AVX-512"))
        #expect(missing.description.contains("supported here: avx2"))
        guard case .failure(let unknown) = InstructionSet.resolve("sse9", supported: [.avx512, .avx2]) else {
            Issue.record("an unknown value must fail"); return
        }
        #expect(unknown.description.contains("ZOO_ISA=sse9 is not an instruction set"))
        #expect(InstructionSet.resolve("portable", supported: [.avx2]).isFailure)
        #expect(InstructionSet.resolve("avx2", supported: [.portable]).isFailure)
    }

    @Test func overrideSelectsTheKernel() {
        forEachInstructionSet { instructionSet in
            #expect(InstructionSet.current == instructionSet)
            #expect(GEMMKernel.current.instructionSet == (instructionSet == .avx512 ? .avx512 : .avx2))
        }
    }

    @Test(.enabled(if: InstructionSet.supported.contains(.avx512), "this CPU or OS lacks AVX-512"))
    func avx512KernelsMatchTheAVX2KernelsToRounding() {
        // The two kernels block the inner dimension differently: equal to rounding, not bit for bit.
        let a = TestSupport.randomMatrix(203, 517, seed: 21), b = TestSupport.randomMatrix(517, 190, seed: 22)
        let wide = InstructionSet.withOverride(.avx512) { Matrix.multiply(a, .none, b, .none) }
        let narrow = InstructionSet.withOverride(.avx2) { Matrix.multiply(a, .none, b, .none) }
        #expect(KernelReference.productError(wide, narrow, depth: 517) < 1e-15)
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { return true } else { return false } }
}
