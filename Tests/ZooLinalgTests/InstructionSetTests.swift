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
        print(
            "ZooLinalg kernels tested under: \(supported.map(\.description).joined(separator: ", "))"
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
            Issue.record("avx512 on an AVX2-only machine must fail")
            return
        }
        #expect(missing.description.contains("does not support AVX-512"))
        #expect(missing.description.contains("supported here: avx2"))
        guard case .failure(let unknown) = InstructionSet.resolve("sse9", supported: [.avx512, .avx2]) else {
            Issue.record("an unknown value must fail")
            return
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
    func avx512AndAVX2KernelsAgreeBitForBit() throws {
        // Same FMA chain per entry and the same depth block in both kernels: identical bits, for
        // products, Gram matrices and what is built on them. If a retune gives the kernels different
        // depth blocks, they agree only to rounding: change this test to a tolerance and the README.
        #expect(GEMMKernel.avx512.depthBlock == GEMMKernel.avx2.depthBlock)
        let a = TestSupport.randomMatrix(203, 517, seed: 21)
        let b = TestSupport.randomMatrix(517, 190, seed: 22)
        let x = TestSupport.randomMatrix(150, 700, seed: 23)
        func results() throws -> [Matrix] {
            [
                Matrix.multiply(a, .none, b, .none), Matrix.multiply(b, .transpose, a, .transpose), gram(x, .rows),
                gram(x, .columns), try CholeskyFactorization(gram(x, .rows)).lower,
            ]
        }
        let wide = try InstructionSet.withOverride(.avx512) { try results() }
        let narrow = try InstructionSet.withOverride(.avx2) { try results() }
        for (index, (w, n)) in zip(wide, narrow).enumerated() {
            #expect(w == n, "result \(index)")
            #expect(KernelReference.productError(w, n, depth: 700) < 1e-15, "result \(index)")
        }
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { return true } else { return false } }
}
