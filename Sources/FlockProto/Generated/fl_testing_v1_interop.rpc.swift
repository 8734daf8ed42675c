// DO NOT EDIT.
// Source: fl/testing/v1/interop.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Method descriptors, server protocols and typed clients for the services of fl/testing/v1/interop.proto.

import FlockRPC

public enum Fl_Testing_V1_Interop {
    /// The fully qualified service name, as in the HTTP/2 path `/fl.testing.v1.Interop/<Method>`.
    public static let serviceName = "fl.testing.v1.Interop"

    /// The method descriptors, one per RPC.
    public enum Method {
        /// Returns the request unchanged.
        public static let unary = MethodDescriptor(service: serviceName, method: "Unary", kind: .unary)
        /// Streams `count` chunks of `chunk_size` bytes each.
        public static let serverStream = MethodDescriptor(service: serviceName, method: "ServerStream", kind: .serverStreaming)
        /// Consumes chunks and reports how many, how many bytes, and their checksum.
        public static let clientStream = MethodDescriptor(service: serviceName, method: "ClientStream", kind: .clientStreaming)
        /// Echoes every message as it arrives.
        public static let bidi = MethodDescriptor(service: serviceName, method: "Bidi", kind: .bidirectionalStreaming)
        /// Answers after `milliseconds` (for deadline tests).
        public static let sleep = MethodDescriptor(service: serviceName, method: "Sleep", kind: .unary)
        /// Never answers; records, under request.text, that the server saw the call cancelled.
        public static let hang = MethodDescriptor(service: serviceName, method: "Hang", kind: .unary)
        /// Whether Hang under request.text was seen cancelled.
        public static let wasCancelled = MethodDescriptor(service: serviceName, method: "WasCancelled", kind: .unary)

        /// Every method, in declaration order.
        public static let all: [MethodDescriptor] = [
            unary,
            serverStream,
            clientStream,
            bidi,
            sleep,
            hang,
            wasCancelled,
        ]
    }
}

/// The server side of `fl.testing.v1.Interop`: implement one method per RPC and host the value
/// (its `routes` come from the extension below). Returning ends a call with OK; throwing an
/// `RPCError` ends it with that status; other errors end it with UNKNOWN.
public protocol Fl_Testing_V1_InteropServiceProtocol: RPCService {
    /// Returns the request unchanged.
    func unary(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage

    /// Streams `count` chunks of `chunk_size` bytes each.
    func serverStream(_ request: Fl_Testing_V1_StreamRequest, responses: ResponseWriter<Fl_Testing_V1_Chunk>, context: ServerContext) async throws

    /// Consumes chunks and reports how many, how many bytes, and their checksum.
    func clientStream(_ requests: RequestStream<Fl_Testing_V1_Chunk>, context: ServerContext) async throws -> Fl_Testing_V1_StreamSummary

    /// Echoes every message as it arrives.
    func bidi(_ requests: RequestStream<Fl_Testing_V1_EchoMessage>, responses: ResponseWriter<Fl_Testing_V1_EchoMessage>, context: ServerContext) async throws

    /// Answers after `milliseconds` (for deadline tests).
    func sleep(_ request: Fl_Testing_V1_SleepRequest, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage

    /// Never answers; records, under request.text, that the server saw the call cancelled.
    func hang(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage

    /// Whether Hang under request.text was seen cancelled.
    func wasCancelled(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_CancelState
}

extension Fl_Testing_V1_InteropServiceProtocol {
    /// One route per RPC, decoding requests and encoding responses around the methods above.
    public var routes: [RPCRoute] {
        [
            RPCRoute.unary(Fl_Testing_V1_Interop.Method.unary) {
                (request: Fl_Testing_V1_EchoMessage, context: ServerContext) -> Fl_Testing_V1_EchoMessage in
                try await self.unary(request, context: context)
            },
            RPCRoute.serverStreaming(Fl_Testing_V1_Interop.Method.serverStream) {
                (request: Fl_Testing_V1_StreamRequest, responses: ResponseWriter<Fl_Testing_V1_Chunk>, context: ServerContext) in
                try await self.serverStream(request, responses: responses, context: context)
            },
            RPCRoute.clientStreaming(Fl_Testing_V1_Interop.Method.clientStream) {
                (requests: RequestStream<Fl_Testing_V1_Chunk>, context: ServerContext) -> Fl_Testing_V1_StreamSummary in
                try await self.clientStream(requests, context: context)
            },
            RPCRoute.bidirectionalStreaming(Fl_Testing_V1_Interop.Method.bidi) {
                (requests: RequestStream<Fl_Testing_V1_EchoMessage>, responses: ResponseWriter<Fl_Testing_V1_EchoMessage>, context: ServerContext) in
                try await self.bidi(requests, responses: responses, context: context)
            },
            RPCRoute.unary(Fl_Testing_V1_Interop.Method.sleep) {
                (request: Fl_Testing_V1_SleepRequest, context: ServerContext) -> Fl_Testing_V1_EchoMessage in
                try await self.sleep(request, context: context)
            },
            RPCRoute.unary(Fl_Testing_V1_Interop.Method.hang) {
                (request: Fl_Testing_V1_EchoMessage, context: ServerContext) -> Fl_Testing_V1_EchoMessage in
                try await self.hang(request, context: context)
            },
            RPCRoute.unary(Fl_Testing_V1_Interop.Method.wasCancelled) {
                (request: Fl_Testing_V1_EchoMessage, context: ServerContext) -> Fl_Testing_V1_CancelState in
                try await self.wasCancelled(request, context: context)
            },
        ]
    }
}

/// A typed client for `fl.testing.v1.Interop` over any transport (the HTTP/2 channel, or
/// `InProcessTransport` in tests). Streaming calls are scoped to their closure: when it returns
/// or throws, an unfinished call is cancelled.
public struct Fl_Testing_V1_InteropClient: Sendable {
    public let client: RPCClient

    public init(transport: any RPCClientTransport) {
        self.client = RPCClient(transport: transport)
    }

    public init(client: RPCClient) {
        self.client = client
    }

    /// Returns the request unchanged.
    public func unary(_ request: Fl_Testing_V1_EchoMessage, options: CallOptions = .defaults) async throws -> Fl_Testing_V1_EchoMessage {
        try await client.unary(Fl_Testing_V1_Interop.Method.unary, request: request, options: options)
    }

    /// Streams `count` chunks of `chunk_size` bytes each.
    public func serverStream<Result: Sendable>(
        _ request: Fl_Testing_V1_StreamRequest, options: CallOptions = .defaults,
        _ body: (ResponseStream<Fl_Testing_V1_Chunk>) async throws -> Result
    ) async throws -> Result {
        try await client.serverStreaming(Fl_Testing_V1_Interop.Method.serverStream, request: request, options: options, body)
    }

    /// Consumes chunks and reports how many, how many bytes, and their checksum.
    public func clientStream(
        options: CallOptions = .defaults,
        _ body: (RequestWriter<Fl_Testing_V1_Chunk>) async throws -> Void
    ) async throws -> Fl_Testing_V1_StreamSummary {
        try await client.clientStreaming(Fl_Testing_V1_Interop.Method.clientStream, options: options, body)
    }

    /// Echoes every message as it arrives.
    public func bidi<Result: Sendable>(
        options: CallOptions = .defaults,
        _ body: (RequestWriter<Fl_Testing_V1_EchoMessage>, ResponseStream<Fl_Testing_V1_EchoMessage>) async throws -> Result
    ) async throws -> Result {
        try await client.bidirectionalStreaming(Fl_Testing_V1_Interop.Method.bidi, options: options, body)
    }

    /// Answers after `milliseconds` (for deadline tests).
    public func sleep(_ request: Fl_Testing_V1_SleepRequest, options: CallOptions = .defaults) async throws -> Fl_Testing_V1_EchoMessage {
        try await client.unary(Fl_Testing_V1_Interop.Method.sleep, request: request, options: options)
    }

    /// Never answers; records, under request.text, that the server saw the call cancelled.
    public func hang(_ request: Fl_Testing_V1_EchoMessage, options: CallOptions = .defaults) async throws -> Fl_Testing_V1_EchoMessage {
        try await client.unary(Fl_Testing_V1_Interop.Method.hang, request: request, options: options)
    }

    /// Whether Hang under request.text was seen cancelled.
    public func wasCancelled(_ request: Fl_Testing_V1_EchoMessage, options: CallOptions = .defaults) async throws -> Fl_Testing_V1_CancelState {
        try await client.unary(Fl_Testing_V1_Interop.Method.wasCancelled, request: request, options: options)
    }
}
