#if canImport(Glibc)
internal import CLinuxIO
#endif

/// Process-wide allocator settings for Flock's executables, applied once at start.
///
/// FlockRPC moves large messages (model weights, 1 MiB stream chunks) as fresh `[UInt8]` arrays.
/// glibc serves allocations above its mmap threshold (128 KiB by default, adapting upwards only
/// after frees) with `mmap` and returns them with `munmap`, and trims the heap top past 128 KiB:
/// every large message then costs page faults on first touch (zero-filled pages) and an munmap,
/// which dominates copying it (protobuf-c decode of a 1 MiB field: ~1 GB/s with faults, ~16 GB/s
/// without). Raising both thresholds keeps freed blocks in the heap for reuse. Memory stays
/// bounded by the peak working set (freed blocks are reused, not leaked); blocks over the new
/// mmap threshold (32 MiB, glibc's maximum) still use mmap.
///
/// It also keeps glibc to one malloc arena. By default every thread that allocates under
/// contention gets an arena of its own, and a 1 MiB buffer allocated on an event-loop thread and
/// freed on a task thread leaves free blocks scattered over several arenas that none can reuse:
/// the server's peak RSS then grew with the number of concurrently uploading clients (128 MiB x 8
/// clients: 139 MiB with default arenas, 94 MiB with one; rounds were faster too). Flock
/// allocates few, large blocks, so one arena's lock is not contended.
public enum MemoryTuning {
    /// The mmap threshold set by `configureAllocator()` (glibc's maximum on 64-bit).
    public static let mmapThreshold: Int32 = 32 << 20
    /// The trim threshold: free memory above this at the heap top is returned to the system.
    public static let trimThreshold: Int32 = 256 << 20
    /// glibc malloc arenas (M_ARENA_MAX).
    public static let arenas: Int32 = 1

    /// Sets the allocator's mmap and trim thresholds (idempotent; call early in `main`). Returns
    /// false where the C library refused (or is not glibc).
    @discardableResult
    public static func configureAllocator() -> Bool {
        #if canImport(Glibc)
        let a = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        let b = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        let c = mallopt(M_ARENA_MAX, arenas)
        return a == 1 && b == 1 && c == 1
        #else
        return false
        #endif
    }
}
