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

    /// Starts watching; `expired` runs once, when `limit` passes with no `touch()` (noticed within
    /// a quarter of the limit after). The watchdog wakes every quarter of the limit; a wake-up
    /// late by more than an eighth means this process did not get to run (its threads were busy),
    /// and a sender starved here looks just like a silent peer, so the period judges nothing and
    /// a new one starts.
    func start(expired: @escaping @Sendable () -> Void) {
        let limit = self.limit, step = limit / 4
        let t = Task { [weak self] in
            while true {
                let due = ContinuousClock.now + step
                do { try await Task.sleep(for: step) } catch { return }
                guard let self else { return }
                let now = ContinuousClock.now
                if now - due > limit / 8 {
                    self.touch()
                    continue
                }
                if now - self.lock.withLock({ self.lastActivity }) >= limit {
                    expired()
                    return
                }
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
