import Foundation

/// One call of `InProcessTransport`: the client's side of two message queues, the handler's task
/// on the other side, and the call's final status.
final class InProcessCall: RPCClientCall, @unchecked Sendable {
    private let method: MethodDescriptor
    private let requests: InProcessMessageQueue
    private let responses: InProcessMessageQueue
    private let maxReceiveMessageSize: Int?

    private let lock = NSLock()
    /// Set once, when the call ends (handler finished, cancelled, deadline, unknown method).
    private var status: RPCError?
    private var handlerTask: Task<Void, Never>?
    private var deadlineTask: Task<Void, Never>?
    private var idle: IdleWatchdog?
    private var sendClosed = false

    init(method: MethodDescriptor, capacity: Int, maxReceiveMessageSize: Int?) {
        self.method = method
        self.requests = InProcessMessageQueue(capacity: capacity)
        self.responses = InProcessMessageQueue(capacity: capacity)
        self.maxReceiveMessageSize = maxReceiveMessageSize
    }

    /// Starts the handler (and the deadline timer).
    func start(_ handler: @escaping RawServerHandler, context: ServerContext, timeout: Duration?, idleTimeout: Duration? = nil) {
        let requests = self.requests, responses = self.responses, method = self.method
        let task = Task { [weak self] in
            let requestStream = RawRequestStream {
                do {
                    return try await requests.receive()
                } catch is CancellationError {
                    throw RPCError(.cancelled, "\(method.path): the call was cancelled")
                }
            }
            let writer = RawResponseWriter { message in
                if Task.isCancelled { throw RPCError(.cancelled, "\(method.path): the call was cancelled") }
                if case .ended(let failure) = try await responses.send(message) {
                    throw failure ?? RPCError(.internal, "\(method.path): a response written after the call ended")
                }
            }
            let outcome: RPCError
            do {
                try await handler(requestStream, writer, context)
                outcome = RPCError(.ok, "")
            } catch let error as RPCError {
                outcome = error
            } catch is CancellationError {
                outcome = RPCError(.cancelled, "\(method.path): the handler was cancelled")
            } catch {
                outcome = RPCError(.unknown, "\(error)")
            }
            self?.end(with: outcome)
        }
        lock.lock()
        handlerTask = task
        if let timeout {
            deadlineTask = Task { [weak self] in
                do { try await Task.sleep(for: timeout) } catch { return }
                self?.end(with: RPCError(.deadlineExceeded, "\(method.path): deadline exceeded"), cancellingHandler: true)
            }
        }
        if let idleTimeout {
            let watchdog = IdleWatchdog(limit: idleTimeout)
            idle = watchdog
            watchdog.start { [weak self] in
                self?.end(with: IdleWatchdog.error(method.path, idleTimeout), cancellingHandler: true)
            }
        }
        let alreadyEnded = status != nil
        lock.unlock()
        if alreadyEnded { task.cancel() }
    }

    /// Ends the call with `status` unless it already ended. A non-OK end from outside the handler
    /// (cancel, deadline) discards queued messages and cancels the handler's task; a handler's own
    /// end lets the client read the responses queued before it.
    func end(with status: RPCError, cancellingHandler: Bool = false) {
        lock.lock()
        guard self.status == nil else {
            lock.unlock()
            return
        }
        self.status = status
        let handler = handlerTask, timer = deadlineTask, watchdog = idle
        idle = nil
        lock.unlock()
        timer?.cancel()
        watchdog?.cancel()
        let result: Result<Void, RPCError> = status.code == .ok ? .success(()) : .failure(status)
        responses.finish(result, discardingBuffered: cancellingHandler)
        requests.finish(.failure(status), discardingBuffered: true)
        if cancellingHandler { handler?.cancel() }
    }

    private var finalStatus: RPCError? { lock.withLock { status } }

    // MARK: RPCClientCall

    func send(_ message: [UInt8]) async throws {
        let closed = lock.withLock { sendClosed }
        if let status = finalStatus {
            // After an OK end the server no longer reads; the message is dropped, as HTTP/2 would.
            if status.code == .ok { return }
            throw status
        }
        if closed { throw RPCError(.internal, "\(method.path): send after closeSend") }
        switch try await requests.send(message) {
        case .sent:
            touch()
            return
        case .ended:
            if let status = finalStatus, status.code != .ok { throw status }
        }
    }

    func closeSend() async throws {
        lock.withLock { sendClosed = true }
        requests.finish(.success(()))
    }

    func receive() async throws -> [UInt8]? {
        let message: [UInt8]?
        do {
            message = try await responses.receive()
        } catch is CancellationError {
            end(with: RPCError(.cancelled, "\(method.path): the call was cancelled"), cancellingHandler: true)
            throw finalStatus ?? RPCError(.cancelled, "\(method.path): the call was cancelled")
        }
        if let message, let limit = maxReceiveMessageSize, message.count > limit {
            let status = RPCError(.resourceExhausted, "\(method.path): a response of \(message.count) bytes exceeds the limit of \(limit)")
            end(with: status, cancellingHandler: true)
            throw status
        }
        if message != nil { touch() }
        return message
    }

    /// A message went out or came in (the idle timeout restarts).
    private func touch() { lock.withLock { idle }?.touch() }

    func cancel() {
        end(with: RPCError(.cancelled, "\(method.path): the call was cancelled"), cancellingHandler: true)
    }
}
