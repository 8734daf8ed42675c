import Foundation

/// Runs the slow, durable part of finishing a round (fsyncs, renames, `fl_state.json`) off the
/// round's critical path, one step at a time and in order, so the next round can start while the
/// disk catches up. Once a step fails, later steps are skipped: progress is never recorded past a
/// model that could not be saved.
final class DurableQueue: @unchecked Sendable {
    private let queue: DispatchQueue
    private let lock = NSLock()
    private var failure: Error?

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `step` after every step enqueued before it, unless one of those failed; the first
    /// failure goes to `onFailure` (on the queue's thread).
    func enqueue(_ step: @escaping @Sendable () throws -> Void, onFailure: @escaping @Sendable (Error) -> Void) {
        queue.async {
            if self.lock.withLock({ self.failure != nil }) { return }
            do {
                try step()
            } catch {
                self.lock.withLock { self.failure = error }
                onFailure(error)
            }
        }
    }

    /// The first step failure, if any.
    var failed: Error? { lock.withLock { failure } }

    /// Returns once every step enqueued so far has run (or was skipped).
    func drain() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            queue.async { c.resume() }
        }
    }
}
