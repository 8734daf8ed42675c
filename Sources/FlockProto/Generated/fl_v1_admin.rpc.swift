// DO NOT EDIT.
// Source: fl/v1/admin.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Method descriptors, server protocols and typed clients for the services of fl/v1/admin.proto.

import FlockRPC

public enum Fl_V1_Admin {
    /// The fully qualified service name, as in the HTTP/2 path `/fl.v1.Admin/<Method>`.
    public static let serviceName = "fl.v1.Admin"

    /// The method descriptors, one per RPC.
    public enum Method {
        /// Opens an admin session. user_name must equal the certificate CN (else UNAUTHENTICATED).
        public static let login = MethodDescriptor(service: serviceName, method: "Login", kind: .unary)
        /// Ends the session.
        public static let logout = MethodDescriptor(service: serviceName, method: "Logout", kind: .unary)
        /// check_status server | client [names...]
        public static let checkStatus = MethodDescriptor(service: serviceName, method: "CheckStatus", kind: .unary)
        /// set_run_number N
        public static let setRunNumber = MethodDescriptor(service: serviceName, method: "SetRunNumber", kind: .unary)
        /// delete_run_number N
        public static let deleteRunNumber = MethodDescriptor(service: serviceName, method: "DeleteRunNumber", kind: .unary)
        /// upload_folder FOLDER: the first message carries the header, the rest the folder's files.
        public static let uploadFolder = MethodDescriptor(service: serviceName, method: "UploadFolder", kind: .clientStreaming)
        /// download_folder FOLDER: the folder's files from the server's transfer/.
        public static let downloadFolder = MethodDescriptor(service: serviceName, method: "DownloadFolder", kind: .serverStreaming)
        /// deploy APP server | client [names...]
        public static let deploy = MethodDescriptor(service: serviceName, method: "Deploy", kind: .unary)
        /// start server | client [names...]
        public static let start = MethodDescriptor(service: serviceName, method: "Start", kind: .unary)
        /// start_mgpu client GPU_COUNT NAME
        public static let startMgpu = MethodDescriptor(service: serviceName, method: "StartMgpu", kind: .unary)
        /// abort server | client [names...]
        public static let abort = MethodDescriptor(service: serviceName, method: "Abort", kind: .unary)
        /// restart server | client [names...]
        public static let restart = MethodDescriptor(service: serviceName, method: "Restart", kind: .unary)
        /// shutdown server | client [names...]
        public static let shutdown = MethodDescriptor(service: serviceName, method: "Shutdown", kind: .unary)
        /// remove_client NAME
        public static let removeClient = MethodDescriptor(service: serviceName, method: "RemoveClient", kind: .unary)
        /// sys_info server | client NAME
        public static let sysInfo = MethodDescriptor(service: serviceName, method: "SysInfo", kind: .unary)
        /// validate all | SOURCE TARGET: cross-site validation results of the current run.
        public static let validate = MethodDescriptor(service: serviceName, method: "Validate", kind: .unary)
        /// ls, cat, head, tail, grep, pwd, env on the server's or a client's workspace (read-only, sandboxed).
        public static let shell = MethodDescriptor(service: serviceName, method: "Shell", kind: .unary)

        /// Every method, in declaration order.
        public static let all: [MethodDescriptor] = [
            login,
            logout,
            checkStatus,
            setRunNumber,
            deleteRunNumber,
            uploadFolder,
            downloadFolder,
            deploy,
            start,
            startMgpu,
            abort,
            restart,
            shutdown,
            removeClient,
            sysInfo,
            validate,
            shell,
        ]
    }
}

/// The server side of `fl.v1.Admin`: implement one method per RPC and host the value
/// (its `routes` come from the extension below). Returning ends a call with OK; throwing an
/// `RPCError` ends it with that status; other errors end it with UNKNOWN.
public protocol Fl_V1_AdminServiceProtocol: RPCService {
    /// Opens an admin session. user_name must equal the certificate CN (else UNAUTHENTICATED).
    func login(_ request: Fl_V1_LoginRequest, context: ServerContext) async throws -> Fl_V1_LoginReply

    /// Ends the session.
    func logout(_ request: Fl_V1_SessionRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// check_status server | client [names...]
    func checkStatus(_ request: Fl_V1_CheckStatusRequest, context: ServerContext) async throws -> Fl_V1_CheckStatusReply

    /// set_run_number N
    func setRunNumber(_ request: Fl_V1_RunNumberRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// delete_run_number N
    func deleteRunNumber(_ request: Fl_V1_RunNumberRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// upload_folder FOLDER: the first message carries the header, the rest the folder's files.
    func uploadFolder(_ requests: RequestStream<Fl_V1_UploadFolderChunk>, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// download_folder FOLDER: the folder's files from the server's transfer/.
    func downloadFolder(_ request: Fl_V1_DownloadFolderRequest, responses: ResponseWriter<Fl_V1_FileChunk>, context: ServerContext) async throws

    /// deploy APP server | client [names...]
    func deploy(_ request: Fl_V1_DeployRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// start server | client [names...]
    func start(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// start_mgpu client GPU_COUNT NAME
    func startMgpu(_ request: Fl_V1_StartMgpuRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// abort server | client [names...]
    func abort(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// restart server | client [names...]
    func restart(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// shutdown server | client [names...]
    func shutdown(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// remove_client NAME
    func removeClient(_ request: Fl_V1_RemoveClientRequest, context: ServerContext) async throws -> Fl_V1_CommandReply

    /// sys_info server | client NAME
    func sysInfo(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_SysInfoReply

    /// validate all | SOURCE TARGET: cross-site validation results of the current run.
    func validate(_ request: Fl_V1_ValidateRequest, context: ServerContext) async throws -> Fl_V1_ValidateReply

    /// ls, cat, head, tail, grep, pwd, env on the server's or a client's workspace (read-only, sandboxed).
    func shell(_ request: Fl_V1_ShellRequest, context: ServerContext) async throws -> Fl_V1_ShellReply
}

extension Fl_V1_AdminServiceProtocol {
    /// One route per RPC, decoding requests and encoding responses around the methods above.
    public var routes: [RPCRoute] {
        [
            RPCRoute.unary(Fl_V1_Admin.Method.login) {
                (request: Fl_V1_LoginRequest, context: ServerContext) -> Fl_V1_LoginReply in
                try await self.login(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.logout) {
                (request: Fl_V1_SessionRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.logout(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.checkStatus) {
                (request: Fl_V1_CheckStatusRequest, context: ServerContext) -> Fl_V1_CheckStatusReply in
                try await self.checkStatus(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.setRunNumber) {
                (request: Fl_V1_RunNumberRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.setRunNumber(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.deleteRunNumber) {
                (request: Fl_V1_RunNumberRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.deleteRunNumber(request, context: context)
            },
            RPCRoute.clientStreaming(Fl_V1_Admin.Method.uploadFolder) {
                (requests: RequestStream<Fl_V1_UploadFolderChunk>, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.uploadFolder(requests, context: context)
            },
            RPCRoute.serverStreaming(Fl_V1_Admin.Method.downloadFolder) {
                (request: Fl_V1_DownloadFolderRequest, responses: ResponseWriter<Fl_V1_FileChunk>, context: ServerContext) in
                try await self.downloadFolder(request, responses: responses, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.deploy) {
                (request: Fl_V1_DeployRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.deploy(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.start) {
                (request: Fl_V1_TargetRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.start(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.startMgpu) {
                (request: Fl_V1_StartMgpuRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.startMgpu(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.abort) {
                (request: Fl_V1_TargetRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.abort(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.restart) {
                (request: Fl_V1_TargetRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.restart(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.shutdown) {
                (request: Fl_V1_TargetRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.shutdown(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.removeClient) {
                (request: Fl_V1_RemoveClientRequest, context: ServerContext) -> Fl_V1_CommandReply in
                try await self.removeClient(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.sysInfo) {
                (request: Fl_V1_TargetRequest, context: ServerContext) -> Fl_V1_SysInfoReply in
                try await self.sysInfo(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.validate) {
                (request: Fl_V1_ValidateRequest, context: ServerContext) -> Fl_V1_ValidateReply in
                try await self.validate(request, context: context)
            },
            RPCRoute.unary(Fl_V1_Admin.Method.shell) {
                (request: Fl_V1_ShellRequest, context: ServerContext) -> Fl_V1_ShellReply in
                try await self.shell(request, context: context)
            },
        ]
    }
}

/// A typed client for `fl.v1.Admin` over any transport (the HTTP/2 channel, or
/// `InProcessTransport` in tests). Streaming calls are scoped to their closure: when it returns
/// or throws, an unfinished call is cancelled.
public struct Fl_V1_AdminClient: Sendable {
    public let client: RPCClient

    public init(transport: any RPCClientTransport) {
        self.client = RPCClient(transport: transport)
    }

    public init(client: RPCClient) {
        self.client = client
    }

    /// Opens an admin session. user_name must equal the certificate CN (else UNAUTHENTICATED).
    public func login(_ request: Fl_V1_LoginRequest, options: CallOptions = .defaults) async throws -> Fl_V1_LoginReply {
        try await client.unary(Fl_V1_Admin.Method.login, request: request, options: options)
    }

    /// Ends the session.
    public func logout(_ request: Fl_V1_SessionRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.logout, request: request, options: options)
    }

    /// check_status server | client [names...]
    public func checkStatus(_ request: Fl_V1_CheckStatusRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CheckStatusReply {
        try await client.unary(Fl_V1_Admin.Method.checkStatus, request: request, options: options)
    }

    /// set_run_number N
    public func setRunNumber(_ request: Fl_V1_RunNumberRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.setRunNumber, request: request, options: options)
    }

    /// delete_run_number N
    public func deleteRunNumber(_ request: Fl_V1_RunNumberRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.deleteRunNumber, request: request, options: options)
    }

    /// upload_folder FOLDER: the first message carries the header, the rest the folder's files.
    public func uploadFolder(
        options: CallOptions = .defaults,
        _ body: (RequestWriter<Fl_V1_UploadFolderChunk>) async throws -> Void
    ) async throws -> Fl_V1_CommandReply {
        try await client.clientStreaming(Fl_V1_Admin.Method.uploadFolder, options: options, body)
    }

    /// download_folder FOLDER: the folder's files from the server's transfer/.
    public func downloadFolder<Result: Sendable>(
        _ request: Fl_V1_DownloadFolderRequest, options: CallOptions = .defaults,
        _ body: (ResponseStream<Fl_V1_FileChunk>) async throws -> Result
    ) async throws -> Result {
        try await client.serverStreaming(Fl_V1_Admin.Method.downloadFolder, request: request, options: options, body)
    }

    /// deploy APP server | client [names...]
    public func deploy(_ request: Fl_V1_DeployRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.deploy, request: request, options: options)
    }

    /// start server | client [names...]
    public func start(_ request: Fl_V1_TargetRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.start, request: request, options: options)
    }

    /// start_mgpu client GPU_COUNT NAME
    public func startMgpu(_ request: Fl_V1_StartMgpuRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.startMgpu, request: request, options: options)
    }

    /// abort server | client [names...]
    public func abort(_ request: Fl_V1_TargetRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.abort, request: request, options: options)
    }

    /// restart server | client [names...]
    public func restart(_ request: Fl_V1_TargetRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.restart, request: request, options: options)
    }

    /// shutdown server | client [names...]
    public func shutdown(_ request: Fl_V1_TargetRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.shutdown, request: request, options: options)
    }

    /// remove_client NAME
    public func removeClient(_ request: Fl_V1_RemoveClientRequest, options: CallOptions = .defaults) async throws -> Fl_V1_CommandReply {
        try await client.unary(Fl_V1_Admin.Method.removeClient, request: request, options: options)
    }

    /// sys_info server | client NAME
    public func sysInfo(_ request: Fl_V1_TargetRequest, options: CallOptions = .defaults) async throws -> Fl_V1_SysInfoReply {
        try await client.unary(Fl_V1_Admin.Method.sysInfo, request: request, options: options)
    }

    /// validate all | SOURCE TARGET: cross-site validation results of the current run.
    public func validate(_ request: Fl_V1_ValidateRequest, options: CallOptions = .defaults) async throws -> Fl_V1_ValidateReply {
        try await client.unary(Fl_V1_Admin.Method.validate, request: request, options: options)
    }

    /// ls, cat, head, tail, grep, pwd, env on the server's or a client's workspace (read-only, sandboxed).
    public func shell(_ request: Fl_V1_ShellRequest, options: CallOptions = .defaults) async throws -> Fl_V1_ShellReply {
        try await client.unary(Fl_V1_Admin.Method.shell, request: request, options: options)
    }
}
