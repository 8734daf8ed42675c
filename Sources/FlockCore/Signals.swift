#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Waiting for POSIX signals from async code (SIGTERM from stop_fl.sh, Ctrl-C).
///
/// A plain signal handler writes the signal number to a pipe (the only async-signal-safe way
/// out); a thread reads the pipe and resumes the waiters. (libdispatch signal sources never fire
/// on Linux for a signal set to SIG_IGN, and leaving the default action would kill the process.)
public enum Signals {
    private static let state = SignalState()

    /// Suspends until one of `signals` arrives.
    public static func wait(for signals: [Int32]) async {
        state.install(signals)
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in state.add(c, for: Set(signals)) }
    }
}

/// The pipe's write end, readable from the C handler (which cannot capture context).
nonisolated(unsafe) private var signalPipeWriteFD: Int32 = -1

private final class SignalState: @unchecked Sendable {
    private let lock = NSLock()
    private var installed: Set<Int32> = []
    private var waiters: [(Set<Int32>, CheckedContinuation<Void, Never>)] = []
    private var received: Set<Int32> = []
    private var reader: Thread?

    func install(_ signals: [Int32]) {
        lock.lock()
        defer { lock.unlock() }
        if reader == nil {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { return }
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            signalPipeWriteFD = fds[1]
            let readFD = fds[0]
            let t = Thread { [weak self] in
                var byte: UInt8 = 0
                while read(readFD, &byte, 1) == 1 { self?.deliver(Int32(byte)) }
            }
            t.name = "flock-signals"
            t.start()
            reader = t
        }
        for s in signals where !installed.contains(s) {
            installed.insert(s)
            var mask = sigset_t()
            sigemptyset(&mask)
            sigaddset(&mask, s)
            pthread_sigmask(SIG_UNBLOCK, &mask, nil) // a parent may have started us with it blocked
            signal(s) { number in
                var b = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteFD, &b, 1)
            }
        }
    }

    func add(_ c: CheckedContinuation<Void, Never>, for signals: Set<Int32>) {
        lock.lock()
        if !received.isDisjoint(with: signals) {
            lock.unlock()
            c.resume()
            return
        }
        waiters.append((signals, c))
        lock.unlock()
    }

    func deliver(_ s: Int32) {
        lock.lock()
        received.insert(s)
        let ready = waiters.filter { $0.0.contains(s) }
        waiters.removeAll { $0.0.contains(s) }
        lock.unlock()
        for w in ready { w.1.resume() }
    }
}
