import Foundation
import Testing

/// The AVX-512 kernels are compiled for x86-64-v4 but the binary must still run on AVX2-only CPUs:
/// no instruction that needs AVX-512 may sit anywhere but in the AVX-512 kernel module's own
/// functions, which run only after the run-time check. The danger is a generic stdlib
/// specialisation emitted inside that module as a weak symbol, which the linker may keep in place of
/// the baseline copy. This test disassembles the linked binaries and lists every function outside
/// `ZooAVX512` that uses a zmm register, an opmask register, xmm/ymm 16–31, an embedded
/// broadcast or any EVEX-encoded instruction.
@Suite struct DisassemblyTests {
    static let objdump: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/objdump" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    /// The running test binary and, when built, the release executables next to it.
    static var binaries: [String] {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return []
        }
        var found = [executable]
        let buildDirectory = URL(fileURLWithPath: executable).deletingLastPathComponent().deletingLastPathComponent()
        for name in ["zoo", "ZooBenchmarks"] {
            let release = buildDirectory.appendingPathComponent("release").appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: release) { found.append(release) }
        }
        return found
    }

    /// Prints `function<TAB>instruction` for each AVX-512 instruction outside the allowed functions.
    static let scan = #"""
        /^[0-9a-f]+ <.*>:$/ { name = substr($2, 2, length($2) - 3); next }
        {
            n = split($0, field, "\t"); if (n < 3) next
            bytes = field[2]; gsub(/^ +| +$/, "", bytes)
            while (bytes ~ /^(67|2e|3e|26|36|64|65) /) bytes = substr(bytes, 4)
            evex = bytes ~ /^62 /
            asm = field[3]
            if (evex || asm ~ /%zmm|%k[0-7]|%[xy]mm(1[6-9]|2[0-9]|3[01])|\{1to/) {
                if (index(name, "$s9ZooAVX512") != 1) print name "\t" asm
            }
        }
        """#

    @Test(.enabled(if: objdump != nil, "objdump (binutils) is not installed: AVX-512 confinement not checked"))
    func avx512InstructionsStayInsideTheKernelModule() throws {
        #if arch(x86_64) && os(Linux)
            let binaries = Self.binaries
            #expect(!binaries.isEmpty, "cannot locate the test binary")
            for binary in binaries {
                let leaks = try Self.disassemble(binary, options: "-d -w", awk: Self.scan)
                let functions = Set(leaks.map { $0.split(separator: "\t").first.map(String.init) ?? "" })
                print("\(binary): \(leaks.count) AVX-512 instructions outside ZooAVX512")
                let count = leaks.count
                #expect(
                    count == 0, "AVX-512 code outside the kernel module in \(binary): \(functions.sorted().prefix(10))")
            }
        #endif
    }

    /// Runs `objdump ARGUMENTS BINARY | awk SCRIPT` and returns its output lines.
    static func disassemble(_ binary: String, options: String, awk script: String) throws -> [Substring] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" \(options) \"$1\" | awk \"$2\"", objdump!, binary, script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
    }

    /// For each backward conditional jump (a loop), prints its FMA count and its stack accesses.
    static let loops = #"""
        function hex(s,   i, n) {
            n = 0
            for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
            return n
        }
        /^ *[0-9a-f]+:\t/ {
            split($0, field, "\t"); gsub(/[ :]/, "", field[1]); address = hex(field[1])
            line[++count] = address; text[count] = field[2]
            if (field[2] ~ /^j[a-z]+ +[0-9a-f]+ </) {
                split(field[2], operand, " "); target = hex(operand[2])
                if (target < address) {
                    fma = 0; stack = 0
                    for (i = 1; i <= count; i++) if (line[i] >= target) {
                        if (text[i] ~ /vfmadd/) fma++
                        if (text[i] ~ /\(%rsp\)|\(%rbp\)/) stack++
                    }
                    print fma "\t" stack
                }
            }
        }
        """#

    /// The micro-kernels' depth loops keep every accumulator in registers: a small change of source
    /// shape once made the compiler spill them to the stack inside the loop, halving the speed.
    @Test(.enabled(if: objdump != nil, "objdump (binutils) is not installed: kernel loops not checked"))
    func microKernelLoopsDoNotSpill() throws {
        #if arch(x86_64) && os(Linux)
            let binary = try #require(Self.binaries.first, "cannot locate the test binary")
            var kernels = [("$s7ZooAVX219avx2GEMMMicroKernel5depth1a1b1c3ldc5alpha4betaySi_SPySdGAJSpySdGSiS2dtF", 12)]
            kernels.append(
                ("$s9ZooAVX51221avx512GEMMMicroKernel5depth1a1b1c3ldc5alpha4betaySi_SPySdGAJSpySdGSiS2dtF", 24))
            for (symbol, accumulators) in kernels {
                let loops = try Self.disassemble(
                    binary, options: "-d -w --no-show-raw-insn '--disassemble=\(symbol)'",
                    awk: Self.loops)
                // The depth loop is the loop with the most FMAs (unrolled copies count as one loop).
                let counts = loops.map { $0.split(separator: "\t").compactMap { Int($0) } }.filter { $0.count == 2 }
                let depthLoop = try #require(counts.max { $0[0] < $1[0] }, "no loop found in \(symbol)")
                #expect(
                    depthLoop[0] >= accumulators && depthLoop[0] % accumulators == 0, "\(symbol): \(depthLoop[0]) FMAs")
                #expect(depthLoop[1] == 0, "\(symbol): \(depthLoop[1]) stack accesses inside the depth loop")
            }
        #endif
    }
}
