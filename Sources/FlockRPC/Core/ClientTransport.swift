/// One client call in flight over some transport, carrying serialized messages.
///
/// Contract (every transport implements it exactly so):
/// - `send` suspends while flow control holds data back; after the call ended it throws the call's
///   final status as `RPCError` (CANCELLED after `cancel()`).
/// - `closeSend` half-closes the request side (HTTP/2 END_STREAM); later `send`s throw.
/// - `receive` returns the next response message in order; nil once the call ended with status OK;
///   throws `RPCError` when it ended with any other status (after the messages received before it).
/// - `cancel` resets the stream (RST_STREAM CANCEL) and is idempotent; the server handler is
///   cancelled and pending or later operations throw CANCELLED.
/// - When `CallOptions.timeout` runs out, the call ends with DEADLINE_EXCEEDED; so it does when
///   `CallOptions.idleTimeout` passes with nothing sent or received.
public protocol RPCClientCall: AnyObject, Sendable {
    func send(_ message: [UInt8]) async throws
    func closeSend() async throws
    func receive() async throws -> [UInt8]?
    func cancel()
    /// `send` of one message given as pieces (`RPCMessage.serializedPieces`); the default joins them.
    func send(pieces: [[UInt8]]) async throws
}

extension RPCClientCall {
    public func send(pieces: [[UInt8]]) async throws { try await send(joinedPieces(pieces)) }
}

/// Starts client calls: a channel to one server (FlockRPC's HTTP/2 channel) or anything else that
/// can carry gRPC calls.
public protocol RPCClientTransport: Sendable {
    /// Opens a call's stream. Throws UNAVAILABLE when no connection can be made.
    func makeCall(_ method: MethodDescriptor, options: CallOptions) async throws -> any RPCClientCall
}

/// Typed calls over a transport, one function per call kind. Generated client stubs delegate here.
/// Each streaming form scopes the call to a closure: when the closure returns or throws, or the
/// surrounding task is cancelled, an unfinished call is cancelled, so calls never leak.
public struct RPCClient: Sendable {
    public let transport: any RPCClientTransport

    public init(transport: any RPCClientTransport) { self.transport = transport }

    public func unary<Request: RPCMessage, Response: RPCMessage>(
        _ method: MethodDescriptor, request: Request, options: CallOptions = .defaults
    ) async throws -> Response {
        let call = try await transport.makeCall(method, options: options)
        return try await Self.scoped(call) {
            try await call.send(pieces: request.serializedPieces())
            try await call.closeSend()
            return try await Self.singleResponse(call, method)
        }
    }

    public func serverStreaming<Request: RPCMessage, Response: RPCMessage, Result: Sendable>(
        _ method: MethodDescriptor, request: Request, options: CallOptions = .defaults,
        _ body: (ResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        let call = try await transport.makeCall(method, options: options)
        return try await Self.scoped(call) {
            try await call.send(pieces: request.serializedPieces())
            try await call.closeSend()
            return try await body(ResponseStream(call: call))
        }
    }

    public func clientStreaming<Request: RPCMessage, Response: RPCMessage>(
        _ method: MethodDescriptor, options: CallOptions = .defaults,
        _ body: (RequestWriter<Request>) async throws -> Void
    ) async throws -> Response {
        let call = try await transport.makeCall(method, options: options)
        return try await Self.scoped(call) {
            try await body(RequestWriter(call: call))
            try await call.closeSend()
            return try await Self.singleResponse(call, method)
        }
    }

    public func bidirectionalStreaming<Request: RPCMessage, Response: RPCMessage, Result: Sendable>(
        _ method: MethodDescriptor, options: CallOptions = .defaults,
        _ body: (RequestWriter<Request>, ResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        let call = try await transport.makeCall(method, options: options)
        return try await Self.scoped(call) {
            try await body(RequestWriter(call: call), ResponseStream(call: call))
        }
    }

    /// Runs `body`; cancels the call if the task is cancelled meanwhile or `body` throws, and after
    /// `body` returns (a no-op for a call that already ended).
    static func scoped<T>(_ call: any RPCClientCall, _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await withTaskCancellationHandler {
                try await body()
            } onCancel: {
                call.cancel()
            }
            call.cancel()
            return result
        } catch {
            call.cancel()
            throw error
        }
    }

    static func singleResponse<Response: RPCMessage>(_ call: any RPCClientCall, _ method: MethodDescriptor) async throws -> Response {
        guard let bytes = try await call.receive() else {
            throw RPCError(.internal, "\(method.path): the server ended the call without a response message")
        }
        guard try await call.receive() == nil else {
            throw RPCError(.internal, "\(method.path): the server sent more than one response message")
        }
        return try Response(serializedBytes: bytes)
    }
}
