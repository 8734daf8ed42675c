// DO NOT EDIT.
// Source: codegen/test/v1/sample.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Method descriptors, server protocols and typed clients for the services of codegen/test/v1/sample.proto.

import FlockRPC

/// Does things.
public enum Codegen_Test_V1_Sampler {
    /// The fully qualified service name, as in the HTTP/2 path `/codegen.test.v1.Sampler/<Method>`.
    public static let serviceName = "codegen.test.v1.Sampler"

    /// The method descriptors, one per RPC.
    public enum Method {
        /// One in, one out.
        public static let get = MethodDescriptor(service: serviceName, method: "Get", kind: .unary)
        public static let watch = MethodDescriptor(service: serviceName, method: "Watch", kind: .serverStreaming)
        public static let upload = MethodDescriptor(service: serviceName, method: "Upload", kind: .clientStreaming)
        public static let chat = MethodDescriptor(service: serviceName, method: "Chat", kind: .bidirectionalStreaming)

        /// Every method, in declaration order.
        public static let all: [MethodDescriptor] = [
            get,
            watch,
            upload,
            chat,
        ]
    }
}

/// The server side of `codegen.test.v1.Sampler`: implement one method per RPC and host the value
/// (its `routes` come from the extension below). Returning ends a call with OK; throwing an
/// `RPCError` ends it with that status; other errors end it with UNKNOWN.
///
/// Does things.
public protocol Codegen_Test_V1_SamplerServiceProtocol: RPCService {
    /// One in, one out.
    func get(_ request: Codegen_Test_V1_Outer, context: ServerContext) async throws -> Codegen_Test_V1_Outer

    func watch(_ request: Codegen_Test_V1_Outer, responses: ResponseWriter<Codegen_Test_V1_Outer.Inner>, context: ServerContext) async throws

    func upload(_ requests: RequestStream<Codegen_Test_V1_Outer.Inner>, context: ServerContext) async throws -> Codegen_Test_V1_Outer

    func chat(_ requests: RequestStream<Codegen_Test_V1_Outer>, responses: ResponseWriter<Codegen_Test_V1_Outer>, context: ServerContext) async throws
}

extension Codegen_Test_V1_SamplerServiceProtocol {
    /// One route per RPC, decoding requests and encoding responses around the methods above.
    public var routes: [RPCRoute] {
        [
            RPCRoute.unary(Codegen_Test_V1_Sampler.Method.get) {
                (request: Codegen_Test_V1_Outer, context: ServerContext) -> Codegen_Test_V1_Outer in
                try await self.get(request, context: context)
            },
            RPCRoute.serverStreaming(Codegen_Test_V1_Sampler.Method.watch) {
                (request: Codegen_Test_V1_Outer, responses: ResponseWriter<Codegen_Test_V1_Outer.Inner>, context: ServerContext) in
                try await self.watch(request, responses: responses, context: context)
            },
            RPCRoute.clientStreaming(Codegen_Test_V1_Sampler.Method.upload) {
                (requests: RequestStream<Codegen_Test_V1_Outer.Inner>, context: ServerContext) -> Codegen_Test_V1_Outer in
                try await self.upload(requests, context: context)
            },
            RPCRoute.bidirectionalStreaming(Codegen_Test_V1_Sampler.Method.chat) {
                (requests: RequestStream<Codegen_Test_V1_Outer>, responses: ResponseWriter<Codegen_Test_V1_Outer>, context: ServerContext) in
                try await self.chat(requests, responses: responses, context: context)
            },
        ]
    }
}

/// A typed client for `codegen.test.v1.Sampler` over any transport (the HTTP/2 channel, or
/// `InProcessTransport` in tests). Streaming calls are scoped to their closure: when it returns
/// or throws, an unfinished call is cancelled.
public struct Codegen_Test_V1_SamplerClient: Sendable {
    public let client: RPCClient

    public init(transport: any RPCClientTransport) {
        self.client = RPCClient(transport: transport)
    }

    public init(client: RPCClient) {
        self.client = client
    }

    /// One in, one out.
    public func get(_ request: Codegen_Test_V1_Outer, options: CallOptions = .defaults) async throws -> Codegen_Test_V1_Outer {
        try await client.unary(Codegen_Test_V1_Sampler.Method.get, request: request, options: options)
    }

    public func watch<Result: Sendable>(
        _ request: Codegen_Test_V1_Outer, options: CallOptions = .defaults,
        _ body: (ResponseStream<Codegen_Test_V1_Outer.Inner>) async throws -> Result
    ) async throws -> Result {
        try await client.serverStreaming(Codegen_Test_V1_Sampler.Method.watch, request: request, options: options, body)
    }

    public func upload(
        options: CallOptions = .defaults,
        _ body: (RequestWriter<Codegen_Test_V1_Outer.Inner>) async throws -> Void
    ) async throws -> Codegen_Test_V1_Outer {
        try await client.clientStreaming(Codegen_Test_V1_Sampler.Method.upload, options: options, body)
    }

    public func chat<Result: Sendable>(
        options: CallOptions = .defaults,
        _ body: (RequestWriter<Codegen_Test_V1_Outer>, ResponseStream<Codegen_Test_V1_Outer>) async throws -> Result
    ) async throws -> Result {
        try await client.bidirectionalStreaming(Codegen_Test_V1_Sampler.Method.chat, options: options, body)
    }
}
