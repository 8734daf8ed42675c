import FlockCore
import Foundation

/// Carries admin requests to clients through the stream each client holds open (clients only dial
/// out), and matches their replies by request id.
///
/// A client attaches when it opens its request stream; a newer stream from the same client
/// replaces the older one. `send` fails at once for a client without a stream, and fails pending
/// requests when the client's stream goes away, so an admin never waits on a dead client beyond
/// the timeout it chose.
public actor AdminRelay<Request: Sendable, Reply: Sendable> {
    public struct Delivery: Sendable {
        public let id: String
        public let request: Request
    }

    private struct Link {
        let stream: UUID
        let continuation: AsyncStream<Delivery>.Continuation
    }

    private var links: [String: Link] = [:]
    private var pending: [String: (client: String, continuation: CheckedContinuation<Reply, Error>)] = [:]

    public init() {}

    /// Opens `client`'s request stream; iterate it and write each delivery to the client.
    /// The stream finishes when a newer stream replaces it or the client is detached.
    public func attach(client: String) -> (id: UUID, requests: AsyncStream<Delivery>) {
        let id = UUID.random()
        let (stream, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .unbounded)
        if let old = links[client] {
            old.continuation.finish()
        }
        links[client] = Link(stream: id, continuation: continuation)
        return (id, stream)
    }

    /// Closes `client`'s stream `stream` (if still current) and fails its pending requests.
    public func detach(client: String, stream: UUID) {
        guard let link = links[client], link.stream == stream else { return }
        link.continuation.finish()
        links[client] = nil
        failPending(of: client, FlockError(.unavailable, "\(client) disconnected before answering"))
    }

    /// Drops `client` entirely (removed, quit, or timed out).
    public func remove(client: String, reason: String) {
        links.removeValue(forKey: client)?.continuation.finish()
        failPending(of: client, FlockError(.unavailable, "\(client): \(reason)"))
    }

    public func isConnected(_ client: String) -> Bool { links[client] != nil }

    /// Requests sent and not yet answered.
    public var pendingCount: Int { pending.count }

    /// Sends `request` to `client` and waits for its reply, at most `timeout`.
    public func send(_ request: Request, to client: String, timeout: Duration) async throws -> Reply {
        guard let link = links[client] else {
            throw FlockError(.unavailable, "\(client) is not connected to the server")
        }
        let id = UUID.random().uuidString.lowercased()
        return try await withCheckedThrowingContinuation { continuation in
            pending[id] = (client, continuation)
            link.continuation.yield(Delivery(id: id, request: request))
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expire(id, client: client, timeout: timeout)
            }
        }
    }

    private func expire(_ id: String, client: String, timeout: Duration) {
        pending.removeValue(forKey: id)?.continuation.resume(
            throwing: FlockError(.unavailable, "\(client) did not answer within \(timeout.components.seconds) s (raise it with set_timeout)"))
    }

    /// Delivers `client`'s reply to request `id`. Returns false for an unknown or foreign id.
    @discardableResult
    public func reply(_ reply: Reply, to id: String, from client: String) -> Bool {
        guard let p = pending[id], p.client == client else { return false }
        pending[id] = nil
        p.continuation.resume(returning: reply)
        return true
    }

    private func failPending(of client: String, _ error: Error) {
        for (id, p) in pending where p.client == client {
            pending[id] = nil
            p.continuation.resume(throwing: error)
        }
    }
}
