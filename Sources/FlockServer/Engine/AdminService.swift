import FlockCore
import FlockProto
import FlockRPC
import Foundation

/// The server side of `fl.v1.Admin`: every admin command group, authorized per role and audited.
public struct AdminService: Fl_V1_AdminServiceProtocol {
    let engine: ServerEngine

    public init(engine: ServerEngine) { self.engine = engine }

    static let raiseUploadLimit = "raise max_upload_bytes in fed_server.json (project.yml server.max_upload_bytes, then re-provision the server kit)"

    static func line(_ words: [String]) -> String { words.filter { !$0.isEmpty }.joined(separator: " ") }

    static func targetWord(_ t: Fl_V1_Target) throws -> String {
        switch t {
        case .server: return "server"
        case .client: return "client"
        default: throw RPCError(.invalidArgument, "target must be server or client")
        }
    }

    public func login(_ request: Fl_V1_LoginRequest, context: ServerContext) async throws -> Fl_V1_LoginReply {
        try await engine.login(request.userName, context: context)
    }

    public func logout(_ request: Fl_V1_SessionRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        _ = try await engine.session(request.session, context: context)
        await engine.logout(request.session)
        return Fl_V1_CommandReply(message: "Logged out.")
    }

    public func checkStatus(_ request: Fl_V1_CheckStatusRequest, context: ServerContext) async throws -> Fl_V1_CheckStatusReply {
        let word = try Self.targetWord(request.target)
        let clients = request.target == .client ? request.clientNames : []
        return try await engine.command(request.session, Self.line(["check_status", word] + request.clientNames), right: .view,
                                        clients: clients, context: context) { admin in
            if request.target == .server { return Fl_V1_CheckStatusReply(server: await engine.serverStatus()) }
            return Fl_V1_CheckStatusReply(clients: try await engine.clientStatuses(request.clientNames, admin: admin))
        }
    }

    public func setRunNumber(_ request: Fl_V1_RunNumberRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        try await engine.command(request.session, "set_run_number \(request.runNumber)", right: .train, context: context) { admin in
            try await engine.setRunNumber(Int(request.runNumber), admin: admin)
        }
    }

    public func deleteRunNumber(_ request: Fl_V1_RunNumberRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        try await engine.command(request.session, "delete_run_number \(request.runNumber)", right: .train, context: context) { admin in
            try await engine.deleteRunNumber(Int(request.runNumber), admin: admin)
        }
    }

    public func uploadFolder(_ requests: RequestStream<Fl_V1_UploadFolderChunk>, context: ServerContext) async throws -> Fl_V1_CommandReply {
        var it = requests.makeAsyncIterator()
        guard let first = try await it.next(), let h = first.header else {
            throw RPCError(.invalidArgument, "the first UploadFolderChunk must carry the header")
        }
        return try await engine.command(h.session, "upload_folder \(h.folder)", right: .upload, context: context) { _ in
            let name = try SafePath.name(h.folder, what: "folder")
            guard h.totalBytes <= engine.maxUploadBytes else {
                throw FlockError(.limitExceeded, "\(name) holds \(h.totalBytes) bytes, more than the server's upload limit of \(engine.maxUploadBytes) bytes (max_upload_bytes); leave models/ and data out of the app, or \(Self.raiseUploadLimit)")
            }
            let dest = engine.workspace.transfer + "/" + name
            // Received into a staging folder: an upload refused part-way leaves the app stored
            // before under this name as it was.
            let writer = try FolderWriter(destination: dest, maxBytes: engine.maxUploadBytes, keepOnly: ["config", "resources"])
            writer.limitHint = "the server accepts at most max_upload_bytes; \(Self.raiseUploadLimit)"
            if let f = first.file { try writer.write(f.folderChunk) }
            while let c = try await it.next() {
                if let f = c.file { try writer.write(f.folderChunk) }
            }
            guard FileManager.default.fileExists(atPath: writer.staging + "/config") else {
                writer.abandon()
                throw FlockError(.invalidArgument, "\(name) has no config/ folder; an app (MMAR) needs config/ (and usually resources/)")
            }
            try writer.commit()
            return Fl_V1_CommandReply(message: "Created folder \(dest)")
        }
    }

    public func downloadFolder(_ request: Fl_V1_DownloadFolderRequest, responses: ResponseWriter<Fl_V1_FileChunk>,
                               context: ServerContext) async throws {
        try await engine.command(request.session, "download_folder \(request.folder)", right: .upload, context: context) { _ in
            let name = try SafePath.name(request.folder, what: "folder")
            try await FolderReader(root: engine.workspace.transfer + "/" + name).forEachChunk {
                try await responses.write(Fl_V1_FileChunk($0))
            }
        }
    }

    public func deploy(_ request: Fl_V1_DeployRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        let word = try Self.targetWord(request.target)
        let clients = request.target == .client ? request.clientNames : []
        return try await engine.command(request.session, Self.line(["deploy", request.app, word] + request.clientNames), right: .deploy,
                                        clients: clients, context: context) { admin in
            if request.target == .server { return try await engine.deployServer(request.app) }
            return try await engine.deployClients(request.app, request.clientNames, admin: admin)
        }
    }

    public func start(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        let word = try Self.targetWord(request.target)
        return try await engine.command(request.session, Self.line(["start", word] + request.clientNames), right: .train,
                                        clients: request.target == .client ? request.clientNames : [], context: context) { admin in
            if request.target == .server { return try await engine.startServer() }
            return try await engine.startClients(request.clientNames, gpus: nil, admin: admin)
        }
    }

    public func startMgpu(_ request: Fl_V1_StartMgpuRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        try await engine.command(request.session, "start_mgpu client \(request.gpuCount) \(request.clientName)", right: .train,
                                 clients: [request.clientName], context: context) { admin in
            guard request.gpuCount >= 1 else { throw FlockError(.invalidArgument, "the GPU count must be at least 1") }
            return try await engine.startClients([request.clientName], gpus: Int(request.gpuCount), admin: admin)
        }
    }

    public func abort(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        let word = try Self.targetWord(request.target)
        return try await engine.command(request.session, Self.line(["abort", word] + request.clientNames), right: .train,
                                        clients: request.target == .client ? request.clientNames : [], context: context) { admin in
            if request.target == .server { return try await engine.abortServer(admin: admin) }
            return try await engine.abortClients(request.clientNames, admin: admin)
        }
    }

    public func restart(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        let word = try Self.targetWord(request.target)
        return try await engine.command(request.session, Self.line(["restart", word] + request.clientNames), right: .operate,
                                        clients: request.target == .client ? request.clientNames : [], context: context) { admin in
            if request.target == .server { return try await engine.shutdownServer(restart: true, admin: admin) }
            return try await engine.shutdownClients(request.clientNames, restart: true, admin: admin)
        }
    }

    public func shutdown(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        let word = try Self.targetWord(request.target)
        return try await engine.command(request.session, Self.line(["shutdown", word] + request.clientNames), right: .operate,
                                        clients: request.target == .client ? request.clientNames : [], context: context) { admin in
            if request.target == .server { return try await engine.shutdownServer(restart: false, admin: admin) }
            return try await engine.shutdownClients(request.clientNames, restart: false, admin: admin)
        }
    }

    public func removeClient(_ request: Fl_V1_RemoveClientRequest, context: ServerContext) async throws -> Fl_V1_CommandReply {
        try await engine.command(request.session, "remove_client \(request.clientName)", right: .operate,
                                 clients: [request.clientName], context: context) { admin in
            try await engine.removeClient(request.clientName, admin: admin)
        }
    }

    public func sysInfo(_ request: Fl_V1_TargetRequest, context: ServerContext) async throws -> Fl_V1_SysInfoReply {
        let word = try Self.targetWord(request.target)
        let client = request.target == .client ? request.clientNames.first : nil
        if request.target == .client && client == nil { throw RPCError(.invalidArgument, "sys_info client needs a client name") }
        return try await engine.command(request.session, Self.line(["sys_info", word] + request.clientNames), right: .view,
                                        clients: client.map { [$0] } ?? [], context: context) { admin in
            try await engine.sysInfo(client: client, admin: admin)
        }
    }

    public func validate(_ request: Fl_V1_ValidateRequest, context: ServerContext) async throws -> Fl_V1_ValidateReply {
        let line = request.all ? "validate all" : "validate \(request.source) \(request.target)"
        return try await engine.command(request.session, line, right: .view, context: context) { _ in
            try await engine.validation(request)
        }
    }

    public func shell(_ request: Fl_V1_ShellRequest, context: ServerContext) async throws -> Fl_V1_ShellReply {
        let line = Self.line([request.command, request.target] + request.args)
        let isServer = request.target == "server"
        return try await engine.command(request.session, line, right: .view, clients: isServer ? [] : [request.target],
                                        context: context) { admin in
            guard WorkspaceShell.commands.contains(request.command) else {
                throw FlockError(.invalidArgument, "\(request.command) is not allowed; the workspace commands are \(WorkspaceShell.commands.joined(separator: ", "))")
            }
            if isServer {
                return Fl_V1_ShellReply(output: try WorkspaceShell(root: engine.workspace.root).run(request.command, request.args))
            }
            let results = await engine.relayToClients(try await engine.targets([request.target]), .shell,
                                                      args: [request.command] + request.args, by: admin.email, timeout: admin.timeout)
            switch results[0].reply {
            case .success(let r):
                guard r.ok else { throw FlockError(.invalidArgument, r.message) }
                return Fl_V1_ShellReply(output: r.message)
            case .failure(let e): throw e
            }
        }
    }
}
