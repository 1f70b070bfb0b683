// Run-time detection of the vector instruction sets ZooLinalg dispatches to.
//
// A CPUID feature bit alone is not enough: the operating system must also save and restore the
// register state (XCR0, read with XGETBV once CPUID reports OSXSAVE), or the first zmm instruction
// faults. This file is compiled for the baseline target; it uses no AVX itself.
#include "ZooCPUID.h"

#if defined(__x86_64__)
#include <cpuid.h>

/// XCR0, the extended control register listing the state components the OS saves.
static unsigned long long zoo_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

/// CPUID leaf 1 ECX has OSXSAVE (27), AVX (28) and FMA (12); leaf 7 EBX has AVX2 (5); XCR0 has SSE
/// and AVX state (bits 1, 2).
int zoo_cpu_supports_avx2_fma(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int leaf1 = (1u << 27) | (1u << 28) | (1u << 12);
    if ((ecx & leaf1) != leaf1) return 0;
    if ((zoo_xcr0() & 0x6) != 0x6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & (1u << 5)) != 0;
}

/// Leaf 7 EBX has AVX512F (16), AVX512DQ (17), AVX512BW (30), AVX512VL (31); XCR0 has the opmask
/// (bit 5), ZMM_Hi256 (6) and Hi16_ZMM (7) state besides SSE and AVX.
int zoo_cpu_supports_avx512(void) {
    if (!zoo_cpu_supports_avx2_fma()) return 0;
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int leaf7 = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);
    if ((ebx & leaf7) != leaf7) return 0;
    return (zoo_xcr0() & 0xE6) == 0xE6;
}

#else

int zoo_cpu_supports_avx2_fma(void) { return 0; }
int zoo_cpu_supports_avx512(void) { return 0; }

#endif
