// DO NOT EDIT.
// Source: fl/v1/federated.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Method descriptors, server protocols and typed clients for the services of fl/v1/federated.proto.

import FlockRPC

public enum Fl_V1_FederatedTraining {
    /// The fully qualified service name, as in the HTTP/2 path `/fl.v1.FederatedTraining/<Method>`.
    public static let serviceName = "fl.v1.FederatedTraining"

    /// The method descriptors, one per RPC.
    public enum Method {
        /// Joins the federation. The server answers UNAUTHENTICATED when client_name differs from the
        /// certificate CN, RESOURCE_EXHAUSTED when max_num_clients are registered. Registering again under
        /// a registered name replaces the old session (its token stops working).
        public static let register = MethodDescriptor(service: serviceName, method: "Register", kind: .unary)
        /// Tells the server the client is alive and what it is doing.
        public static let heartbeat = MethodDescriptor(service: serviceName, method: "Heartbeat", kind: .unary)
        /// Leaves the federation; the token stops working.
        public static let quit = MethodDescriptor(service: serviceName, method: "Quit", kind: .unary)
        /// A long-lived stream of admin requests for this client. The server sends a keepalive request
        /// (ADMIN_COMMAND_PING) when idle; a client that loses the stream opens it again.
        public static let adminRequests = MethodDescriptor(service: serviceName, method: "AdminRequests", kind: .serverStreaming)
        /// The client's answer to one AdminRequest, matched by request_id.
        public static let replyAdminRequest = MethodDescriptor(service: serviceName, method: "ReplyAdminRequest", kind: .unary)
        /// The client's next task: the first message carries the TaskHeader (and, for TRAIN and VALIDATE,
        /// the model's manifest in its model chunk); later messages carry the rest of the model.
        public static let getTask = MethodDescriptor(service: serviceName, method: "GetTask", kind: .serverStreaming)
        /// The result of a TRAIN task: the first message carries the UpdateHeader; the model (weights or
        /// deltas, as header.kind says) follows in chunks. The server aggregates as chunks arrive.
        public static let submitUpdate = MethodDescriptor(service: serviceName, method: "SubmitUpdate", kind: .clientStreaming)
        /// The result of a VALIDATE task.
        public static let submitValidation = MethodDescriptor(service: serviceName, method: "SubmitValidation", kind: .unary)
        /// The app (MMAR) deployed to this client for a run: its config/ and resources/ folders.
        public static let downloadApp = MethodDescriptor(service: serviceName, method: "DownloadApp", kind: .serverStreaming)

        /// Every method, in declaration order.
        public static let all: [MethodDescriptor] = [
            register,
            heartbeat,
            quit,
            adminRequests,
            replyAdminRequest,
            getTask,
            submitUpdate,
            submitValidation,
            downloadApp,
        ]
    }
}

/// The server side of `fl.v1.FederatedTraining`: implement one method per RPC and host the value
/// (its `routes` come from the extension below). Returning ends a call with OK; throwing an
/// `RPCError` ends it with that status; other errors end it with UNKNOWN.
public protocol Fl_V1_FederatedTrainingServiceProtocol: RPCService {
    /// Joins the federation. The server answers UNAUTHENTICATED when client_name differs from the
    /// certificate CN, RESOURCE_EXHAUSTED when max_num_clients are registered. Registering again under
    /// a registered name replaces the old session (its token stops working).
    func register(_ request: Fl_V1_RegisterRequest, context: ServerContext) async throws -> Fl_V1_RegisterReply

    /// Tells the server the client is alive and what it is doing.
    func heartbeat(_ request: Fl_V1_HeartbeatRequest, context: ServerContext) async throws -> Fl_V1_HeartbeatReply

    /// Leaves the federation; the token stops working.
    func quit(_ request: Fl_V1_QuitRequest, context: ServerContext) async throws -> Fl_V1_QuitReply

    /// A long-lived stream of admin requests for this client. The server sends a keepalive request
    /// (ADMIN_COMMAND_PING) when idle; a client that loses the stream opens it again.
    func adminRequests(_ request: Fl_V1_AdminStreamRequest, responses: ResponseWriter<Fl_V1_AdminRequest>, context: ServerContext) async throws

    /// The client's answer to one AdminRequest, matched by request_id.
    func replyAdminRequest(_ request: Fl_V1_AdminReply, context: ServerContext) async throws -> Fl_V1_AdminReplyAck

    /// The client's next task: the first message carries the TaskHeader (and, for TRAIN and VALIDATE,
    /// the model's manifest in its model chunk); later messages carry the rest of the model.
    func getTask(_ request: Fl_V1_GetTaskRequest, responses: ResponseWriter<Fl_V1_TaskChunk>, context: ServerContext) async throws

    /// The result of a TRAIN task: the first message carries the UpdateHeader; the model (weights or
    /// deltas, as header.kind says) follows in chunks. The server aggregates as chunks arrive.
    func submitUpdate(_ requests: RequestStream<Fl_V1_UpdateChunk>, context: ServerContext) async throws -> Fl_V1_SubmitUpdateReply

    /// The result of a VALIDATE task.
    func submitValidation(_ request: Fl_V1_ValidationReport, context: ServerContext) async throws -> Fl_V1_SubmitValidationReply

    /// The app (MMAR) deployed to this client for a run: its config/ and resources/ folders.
    func downloadApp(_ request: Fl_V1_DownloadAppRequest, responses: ResponseWriter<Fl_V1_FileChunk>, context: ServerContext) async throws
}

extension Fl_V1_FederatedTrainingServiceProtocol {
    /// One route per RPC, decoding requests and encoding responses around the methods above.
    public var routes: [RPCRoute] {
        [
            RPCRoute.unary(Fl_V1_FederatedTraining.Method.register) {
                (request: Fl_V1_RegisterRequest, context: ServerContext) -> Fl_V1_RegisterReply in
                try await self.register(request, context: context)
            },
            RPCRoute.unary(Fl_V1_FederatedTraining.Method.heartbeat) {
                (request: Fl_V1_HeartbeatRequest, context: ServerContext) -> Fl_V1_HeartbeatReply in
                try await self.heartbeat(request, context: context)
            },
            RPCRoute.unary(Fl_V1_FederatedTraining.Method.quit) {
                (request: Fl_V1_QuitRequest, context: ServerContext) -> Fl_V1_QuitReply in
                try await self.quit(request, context: context)
            },
            RPCRoute.serverStreaming(Fl_V1_FederatedTraining.Method.adminRequests) {
                (request: Fl_V1_AdminStreamRequest, responses: ResponseWriter<Fl_V1_AdminRequest>, context: ServerContext) in
                try await self.adminRequests(request, responses: responses, context: context)
            },
            RPCRoute.unary(Fl_V1_FederatedTraining.Method.replyAdminRequest) {
                (request: Fl_V1_AdminReply, context: ServerContext) -> Fl_V1_AdminReplyAck in
                try await self.replyAdminRequest(request, context: context)
            },
            RPCRoute.serverStreaming(Fl_V1_FederatedTraining.Method.getTask) {
                (request: Fl_V1_GetTaskRequest, responses: ResponseWriter<Fl_V1_TaskChunk>, context: ServerContext) in
                try await self.getTask(request, responses: responses, context: context)
            },
            RPCRoute.clientStreaming(Fl_V1_FederatedTraining.Method.submitUpdate) {
                (requests: RequestStream<Fl_V1_UpdateChunk>, context: ServerContext) -> Fl_V1_SubmitUpdateReply in
                try await self.submitUpdate(requests, context: context)
            },
            RPCRoute.unary(Fl_V1_FederatedTraining.Method.submitValidation) {
                (request: Fl_V1_ValidationReport, context: ServerContext) -> Fl_V1_SubmitValidationReply in
                try await self.submitValidation(request, context: context)
            },
            RPCRoute.serverStreaming(Fl_V1_FederatedTraining.Method.downloadApp) {
                (request: Fl_V1_DownloadAppRequest, responses: ResponseWriter<Fl_V1_FileChunk>, context: ServerContext) in
                try await self.downloadApp(request, responses: responses, context: context)
            },
        ]
    }
}

/// A typed client for `fl.v1.FederatedTraining` over any transport (the HTTP/2 channel, or
/// `InProcessTransport` in tests). Streaming calls are scoped to their closure: when it returns
/// or throws, an unfinished call is cancelled.
public struct Fl_V1_FederatedTrainingClient: Sendable {
    public let client: RPCClient

    public init(transport: any RPCClientTransport) {
        self.client = RPCClient(transport: transport)
    }

    public init(client: RPCClient) {
        self.client = client
    }

    /// Joins the federation. The server answers UNAUTHENTICATED when client_name differs from the
    /// certificate CN, RESOURCE_EXHAUSTED when max_num_clients are registered. Registering again under
    /// a registered name replaces the old session (its token stops working).
    public func register(_ request: Fl_V1_RegisterRequest, options: CallOptions = .defaults) async throws -> Fl_V1_RegisterReply {
        try await client.unary(Fl_V1_FederatedTraining.Method.register, request: request, options: options)
    }

    /// Tells the server the client is alive and what it is doing.
    public func heartbeat(_ request: Fl_V1_HeartbeatRequest, options: CallOptions = .defaults) async throws -> Fl_V1_HeartbeatReply {
        try await client.unary(Fl_V1_FederatedTraining.Method.heartbeat, request: request, options: options)
    }

    /// Leaves the federation; the token stops working.
    public func quit(_ request: Fl_V1_QuitRequest, options: CallOptions = .defaults) async throws -> Fl_V1_QuitReply {
        try await client.unary(Fl_V1_FederatedTraining.Method.quit, request: request, options: options)
    }

    /// A long-lived stream of admin requests for this client. The server sends a keepalive request
    /// (ADMIN_COMMAND_PING) when idle; a client that loses the stream opens it again.
    public func adminRequests<Result: Sendable>(
        _ request: Fl_V1_AdminStreamRequest, options: CallOptions = .defaults,
        _ body: (ResponseStream<Fl_V1_AdminRequest>) async throws -> Result
    ) async throws -> Result {
        try await client.serverStreaming(Fl_V1_FederatedTraining.Method.adminRequests, request: request, options: options, body)
    }

    /// The client's answer to one AdminRequest, matched by request_id.
    public func replyAdminRequest(_ request: Fl_V1_AdminReply, options: CallOptions = .defaults) async throws -> Fl_V1_AdminReplyAck {
        try await client.unary(Fl_V1_FederatedTraining.Method.replyAdminRequest, request: request, options: options)
    }

    /// The client's next task: the first message carries the TaskHeader (and, for TRAIN and VALIDATE,
    /// the model's manifest in its model chunk); later messages carry the rest of the model.
    public func getTask<Result: Sendable>(
        _ request: Fl_V1_GetTaskRequest, options: CallOptions = .defaults,
        _ body: (ResponseStream<Fl_V1_TaskChunk>) async throws -> Result
    ) async throws -> Result {
        try await client.serverStreaming(Fl_V1_FederatedTraining.Method.getTask, request: request, options: options, body)
    }

    /// The result of a TRAIN task: the first message carries the UpdateHeader; the model (weights or
    /// deltas, as header.kind says) follows in chunks. The server aggregates as chunks arrive.
    public func submitUpdate(
        options: CallOptions = .defaults,
        _ body: (RequestWriter<Fl_V1_UpdateChunk>) async throws -> Void
    ) async throws -> Fl_V1_SubmitUpdateReply {
        try await client.clientStreaming(Fl_V1_FederatedTraining.Method.submitUpdate, options: options, body)
    }

    /// The result of a VALIDATE task.
    public func submitValidation(_ request: Fl_V1_ValidationReport, options: CallOptions = .defaults) async throws -> Fl_V1_SubmitValidationReply {
        try await client.unary(Fl_V1_FederatedTraining.Method.submitValidation, request: request, options: options)
    }

    /// The app (MMAR) deployed to this client for a run: its config/ and resources/ folders.
    public func downloadApp<Result: Sendable>(
        _ request: Fl_V1_DownloadAppRequest, options: CallOptions = .defaults,
        _ body: (ResponseStream<Fl_V1_FileChunk>) async throws -> Result
    ) async throws -> Result {
        try await client.serverStreaming(Fl_V1_FederatedTraining.Method.downloadApp, request: request, options: options, body)
    }
}
