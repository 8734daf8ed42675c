import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`).
///
/// Every client connection costs the server one descriptor. Many Linux systems start programs with
/// a soft limit of 1024 (and a hard limit far above it), so a server with ~1,000 clients would
/// fail `accept` with EMFILE although the system allows more. Servers (and load generators)
/// raise the soft limit to the hard limit at start; an unprivileged process may always do that.
public enum OpenFileLimit {
    /// The current soft and hard limits.
    public static var current: (soft: UInt64, hard: UInt64) {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &r) == 0 else { return (0, 0) }
        return (UInt64(r.rlim_cur), UInt64(r.rlim_max))
    }

    /// Raises the soft limit to the hard limit (at most `cap`, for hard limits of "unlimited").
    /// Returns the soft limit before and after; they are equal when nothing changed or the
    /// system refused.
    @discardableResult
    public static func raise(cap: UInt64 = 1 << 20) -> (before: UInt64, after: UInt64) {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &r) == 0 else { return (0, 0) }
        let before = UInt64(r.rlim_cur)
        let target = min(UInt64(r.rlim_max), cap)
        guard target > before else { return (before, before) }
        r.rlim_cur = rlim_t(target)
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &r) == 0 else { return (before, before) }
        return (before, target)
    }
}
