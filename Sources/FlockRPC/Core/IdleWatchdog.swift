/// Ends a call when no bytes of it move either way for a while (`CallOptions.idleTimeout`).
/// Unlike a deadline it never limits a call that keeps moving, however long it runs. The HTTP/2
/// transport touches it from its event loop for every DATA frame sent or received (so a large
/// message trickling over a slow link counts as moving, and so does a reply that this process is
/// too busy to read yet); the in-process transport per message.
final class IdleWatchdog: @unchecked Sendable {
    let limit: Duration
    private let lock = Lock()
    private var lastActivity = ContinuousClock.now
    private var task: Task<Void, Never>?

    init(limit: Duration) { self.limit = limit }

    /// Starts watching; `expired` runs once, when `limit` passes with no `touch()`. A check that
    /// runs late by more than half the limit (this process did not get to run: its threads were
    /// busy) judges nothing and waits one more full period, since a sender starved here looks
    /// just like a silent peer.
    func start(expired: @escaping @Sendable () -> Void) {
        let limit = self.limit
        let t = Task { [weak self] in
            var wait = limit
            while true {
                let due = ContinuousClock.now + wait
                do { try await Task.sleep(for: wait) } catch { return }
                guard let self else { return }
                let now = ContinuousClock.now
                if now - due > limit / 2 {
                    self.touch()
                    wait = limit
                    continue
                }
                let idle = now - self.lock.withLock { self.lastActivity }
                if idle >= limit {
                    expired()
                    return
                }
                wait = limit - idle
            }
        }
        lock.withLock { task = t }
    }

    deinit { task?.cancel() }

    /// Bytes went out or came in.
    func touch() { lock.withLock { lastActivity = .now } }

    /// The call ended: stop watching.
    func cancel() {
        let t = lock.withLock { () -> Task<Void, Never>? in defer { task = nil }; return task }
        t?.cancel()
    }

    /// The status a call ends with when the watchdog fires.
    static func error(_ path: String, _ limit: Duration) -> RPCError {
        RPCError(.deadlineExceeded, "\(path): nothing sent or received for \(limit) (idle timeout)")
    }
}
