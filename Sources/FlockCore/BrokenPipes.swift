#if canImport(Glibc)
import Glibc
#endif

/// Writing to a socket or pipe whose reader is gone raises SIGPIPE, whose default action kills the
/// process: a client that dies mid-transfer would take the server down with it. Flock handles
/// EPIPE as an error instead; every server, channel and executable calls this once.
public enum BrokenPipes {
    private static let installed: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Ignores SIGPIPE process-wide (idempotent).
    public static func ignore() { _ = installed }
}
