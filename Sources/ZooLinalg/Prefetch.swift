// MARK: - Software prefetch

// Swift has no prefetch primitive. The LLVM intrinsic `llvm.prefetch.p0(address, rw, locality,
// cache type)` is reachable by declaring it under its LLVM name with `@_silgen_name`: unofficial
// (an underscored attribute binding an LLVM intrinsic), checked to work with Swift 6.3. If a
// future compiler rejects it, this file is the only place to change (make `prefetchForWriting`
// a no-op). On targets without a prefetch instruction LLVM drops the call.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ address: UnsafeRawPointer, _ readWrite: Int32, _ locality: Int32, _ cacheType: Int32)

/// Asks the cache to fetch the line holding `pointer` for writing (rw = 1), to all levels
/// (locality 3), as data (cache type 1). Never faults, even on an invalid address.
@inline(__always)
func prefetchForWriting(_ pointer: UnsafeMutablePointer<Double>) {
    llvmPrefetch(UnsafeRawPointer(pointer), 1, 3, 1)
}
