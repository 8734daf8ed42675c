import Foundation

/// One direction of an in-process call: messages in order from one sender to one receiver, with
/// a bounded buffer (a sender suspends while `capacity` messages wait, like HTTP/2 flow control)
/// and an end: a clean one (half-close, or OK) or a failure carrying the call's status.
final class InProcessMessageQueue: @unchecked Sendable {
    enum SendOutcome { case sent, ended(RPCError?) }

    private let lock = NSLock()
    private let capacity: Int
    private var buffer: [[UInt8]] = []
    /// nil while open; `.success` after a clean end, `.failure(status)` after a failed one.
    private var end: Result<Void, RPCError>?
    private var receiver: CheckedContinuation<[UInt8]?, Error>?
    private var senders: [(id: UInt64, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextSenderID: UInt64 = 0

    init(capacity: Int) { self.capacity = capacity }

    /// Queues `message`; suspends while the buffer is full. Returns `.ended` (without queueing)
    /// when the queue has already ended, with the failure status if it ended with one.
    func send(_ message: [UInt8]) async throws -> SendOutcome {
        enum Step {
            case done(SendOutcome)
            case handOver(CheckedContinuation<[UInt8]?, Error>)
            case wait(UInt64)
        }
        let step: Step = lock.withLock {
            if let end {
                if case .failure(let status) = end { return .done(.ended(status)) }
                return .done(.ended(nil))
            }
            if let receiver {
                self.receiver = nil
                return .handOver(receiver)
            }
            buffer.append(message)
            guard buffer.count > capacity else { return .done(.sent) }
            nextSenderID += 1
            return .wait(nextSenderID)
        }
        switch step {
        case .done(let outcome):
            return outcome
        case .handOver(let receiver):
            receiver.resume(returning: message)
            return .sent
        case .wait(let id):
            // Over capacity: the message is queued; wait until the receiver takes messages.
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                    let resumeNow: Bool = lock.withLock {
                        if Task.isCancelled || end != nil || buffer.count <= capacity { return true }
                        senders.append((id, continuation))
                        return false
                    }
                    if resumeNow {
                        if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                    }
                }
            } onCancel: {
                let waiting: CheckedContinuation<Void, Error>? = lock.withLock {
                    senders.firstIndex(where: { $0.id == id }).map { senders.remove(at: $0).continuation }
                }
                waiting?.resume(throwing: CancellationError())
            }
            return .sent
        }
    }

    /// The next message; nil after a clean end; throws the status after a failed end (once the
    /// messages queued before it were taken, unless the end discarded them).
    func receive() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, Error>) in
                lock.lock()
                if !buffer.isEmpty {
                    let message = buffer.removeFirst()
                    let woken = buffer.count <= capacity && !senders.isEmpty ? senders.removeFirst().continuation : nil
                    lock.unlock()
                    woken?.resume()
                    continuation.resume(returning: message)
                } else if let end {
                    lock.unlock()
                    continuation.resume(with: end.map { nil })
                } else if Task.isCancelled {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    precondition(receiver == nil, "InProcessMessageQueue: two concurrent receivers")
                    receiver = continuation
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            let waiting = receiver
            receiver = nil
            lock.unlock()
            waiting?.resume(throwing: CancellationError())
        }
    }

    /// Ends the queue (the first end wins). `discardingBuffered` drops queued messages, so the
    /// receiver sees the end at once (cancellation); otherwise it gets them first.
    func finish(_ result: Result<Void, RPCError>, discardingBuffered: Bool = false) {
        lock.lock()
        guard end == nil else {
            lock.unlock()
            return
        }
        end = result
        if discardingBuffered { buffer.removeAll() }
        let waitingReceiver = buffer.isEmpty ? receiver : nil
        if waitingReceiver != nil { receiver = nil }
        let waitingSenders = senders.map(\.continuation)
        senders.removeAll()
        lock.unlock()
        waitingReceiver?.resume(with: result.map { nil })
        // Blocked senders' messages were queued already; they return and see the end next time.
        for sender in waitingSenders { sender.resume() }
    }
}
