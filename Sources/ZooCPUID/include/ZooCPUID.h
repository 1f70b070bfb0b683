#ifndef ZOO_CPUID_H
#define ZOO_CPUID_H

/// Whether the CPU has AVX2 and FMA and the operating system saves the ymm state (XCR0 bits 1–2).
/// Always 0 on other architectures than x86-64.
int zoo_cpu_supports_avx2_fma(void);

/// Whether the CPU has AVX-512 F, DQ, BW and VL (the x86-64-v4 level) and the operating system
/// saves the opmask, upper-zmm and zmm16–31 state (XCR0 bits 5–7, besides 1–2). Always 0 on other
/// architectures than x86-64.
int zoo_cpu_supports_avx512(void);

#endif
