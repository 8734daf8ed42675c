import Foundation

/// Returns the result of whichever operation finishes first. Unlike a task group, it does not
/// wait for the others, so operations that cannot be cancelled (waiting for a signal, for an
/// admin's shutdown request) may simply be left behind when a process is about to exit.
public func firstOf<T: Sendable>(_ operations: [@Sendable () async -> T]) async -> T {
    let claimed = ClaimOnce()
    return await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
        for op in operations {
            Task {
                let value = await op()
                if claimed.claim() { c.resume(returning: value) }
            }
        }
    }
}

private final class ClaimOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
