#if canImport(Glibc)
import Glibc
#endif

/// Raw memory for an MSM's packed points, 64-byte aligned, optionally on
/// transparent huge pages: a request of 2 MiB or more is then aligned to 2
/// MiB and advised to the kernel with `MADV_HUGEPAGE`, so that reads in
/// random order seldom miss the TLB (32 MiB span 16 huge pages against 8,192
/// small ones). Where the kernel gives no huge pages, it is ordinary memory.
/// Released with `deallocate`.
enum HugePageMemory {
    /// The huge page size on x86-64 and most arm64 kernels.
    static let pageSize = 2 << 20

    /// `byteCount` bytes (at least 1), uninitialized.
    static func allocate(byteCount: Int, hugePages: Bool) -> UnsafeMutableRawPointer {
        let huge = hugePages && byteCount >= pageSize
        let size = huge ? (byteCount + pageSize - 1) / pageSize * pageSize : max(1, byteCount)
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, huge ? pageSize : 64, size) == 0, let memory else {
            fatalError("out of memory: \(size) bytes")
        }
        #if canImport(Glibc)
        if huge { _ = madvise(memory, size, MADV_HUGEPAGE) }
        #endif
        return memory
    }

    static func deallocate(_ memory: UnsafeMutableRawPointer) { free(memory) }
}
