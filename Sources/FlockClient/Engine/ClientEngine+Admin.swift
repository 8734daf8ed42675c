import FlockCore
import FlockProto
import FlockRPC
import Foundation

/// Admin requests arriving through the server.
extension ClientEngine {
    func adminLoop() async {
        var backoff = Backoff(maximum: 5)
        while !Task.isCancelled {
            let t = await currentToken()
            do {
                try await stub.adminRequests(Fl_V1_AdminStreamRequest(token: t, clientName: name)) { requests in
                    backoff.reset()
                    for try await r in requests where r.command != .ping {
                        let reply = await self.handle(r)
                        Task { await self.sendReply(reply) }
                    }
                }
            } catch let e as RPCError where e.code == .unauthenticated {
                sessionLost(t)
            } catch {
                logger.debug("Admin request stream ended: \(Self.reason(error))")
            }
            try? await Task.sleep(for: backoff.next())
        }
    }

    func sendReply(_ reply: Fl_V1_AdminReply) async {
        var r = reply
        r.token = await currentToken()
        r.clientName = name
        do { _ = try await stub.replyAdminRequest(r, options: CallOptions(timeout: .seconds(30))) } catch {
            logger.warning("Could not send the reply to \(reply.requestId): \(Self.reason(error))")
        }
    }

    func handle(_ r: Fl_V1_AdminRequest) async -> Fl_V1_AdminReply {
        var reply = Fl_V1_AdminReply(requestId: r.requestId, ok: true)
        do {
            reply.message = try await execute(r)
        } catch {
            reply.ok = false
            reply.message = (error as? FlockError)?.message ?? Self.reason(error)
        }
        reply.status = Fl_V1_TrainingStatus(status)
        reply.runNumber = Int32(state.runNumber ?? 0)
        reply.round = Int32(round)
        if r.command == .sysInfo {
            reply.systemInfo = SystemInfo.current(trainingBackend: trainer?.trainer.description ?? "chosen when training starts (config_train.json)").proto
        }
        if r.command != .checkStatus && r.command != .shell && r.command != .sysInfo {
            logger.info("Admin \(r.issuedBy.isEmpty ? "command" : r.issuedBy): \(r.command) \(r.args.joined(separator: " ")) → \(reply.ok ? "" : "error: ")\(reply.message)")
        }
        return reply
    }

    func runArgument(_ r: Fl_V1_AdminRequest) throws -> Int {
        guard let s = r.args.first, let n = Int(s), n > 0 else {
            throw FlockError(.invalidArgument, "the request carries no valid run number")
        }
        return n
    }

    func appDirectory(run: Int) -> String { workspace.clientApp(run: run, client: name) }

    func execute(_ r: Fl_V1_AdminRequest) async throws -> String {
        switch r.command {
        case .checkStatus:
            return ""
        case .setRunNumber:
            let n = try runArgument(r)
            if isTraining, state.runNumber != n {
                throw FlockError(.failedPrecondition, "still training run \(state.runNumber ?? 0); abort it first")
            }
            try FileManager.default.createDirectory(atPath: workspace.run(n), withIntermediateDirectories: true)
            if state.runNumber != n {
                state.runNumber = n
                state.started = false
                status = .notStarted
                trainer = nil
            }
            state.save(workspace)
            return "Run number set to \(n)."
        case .deleteRun:
            let n = try runArgument(r)
            if state.runNumber == n, isTraining { throw FlockError(.failedPrecondition, "run \(n) is training; abort it first") }
            try? FileManager.default.removeItem(atPath: workspace.run(n))
            if state.runNumber == n { state = ClientState(token: state.token); state.save(workspace); trainer = nil }
            return "Deleted run_\(n)."
        case .deploy:
            let n = try runArgument(r)
            guard r.args.count >= 2 else { throw FlockError(.invalidArgument, "deploy needs the app name") }
            if state.runNumber == n, isTraining { throw FlockError(.failedPrecondition, "run \(n) is training; abort it before deploying") }
            try await deploy(run: n)
            state.runNumber = n
            state.save(workspace)
            trainer = nil
            return "MMAR deployed."
        case .start, .startMgpu:
            let n = try runArgument(r)
            let gpus = r.command == .startMgpu ? r.args.dropFirst().first.flatMap { Int($0) } : nil
            if r.command == .startMgpu && (gpus ?? 0) < 1 { throw FlockError(.invalidArgument, "start_mgpu needs a GPU count ≥ 1") }
            return try startTraining(run: n, gpus: gpus)
        case .abort:
            // Not an error: abort server aborts every client, idle ones included.
            guard isTraining else { return "The client is not training; nothing to abort." }
            stopTraining()
            return "Aborting the client..."
        case .shutdown, .restart, .remove:
            stopTraining()
            let code = r.command == .restart ? FlockExitCode.restartRequested : FlockExitCode.cleanShutdown
            if r.command == .remove { state.token = nil; state.started = false; state.save(workspace) }
            let quit = r.command == .shutdown
            Task {
                // Answer first (the reply goes out in its own task), then leave.
                try? await Task.sleep(for: .milliseconds(500))
                if quit { await self.quit() }
                await self.requestExit(code)
            }
            switch r.command {
            case .shutdown: return "Shutdown the client..."
            case .restart: return "Restarting the client..."
            default: return "Removed from the server; the client stops."
            }
        case .sysInfo:
            return ""
        case .shell:
            guard let cmd = r.args.first else { throw FlockError(.invalidArgument, "no command given") }
            return try WorkspaceShell(root: workspace.root).run(cmd, Array(r.args.dropFirst()))
        default:
            throw FlockError(.invalidArgument, "this client does not know the command \(r.command)")
        }
    }

    /// Downloads the app deployed for `run` into run_N/mmar_<name> (config/ and resources/ are
    /// replaced; models/ and evals/ stay).
    func deploy(run: Int) async throws {
        let app = appDirectory(run: run)
        let writer = try FolderWriter(destination: app, maxBytes: 4 << 30, keepOnly: ["config", "resources"])
        let t = await currentToken()
        try await stub.downloadApp(Fl_V1_DownloadAppRequest(token: t, clientName: name, runNumber: Int32(run)),
                                   options: CallOptions(idleTimeout: ClientEngine.transferIdleTimeout)) { chunks in
            for try await c in chunks { try writer.write(c.folderChunk) }
        }
        try writer.commit(replacing: ["config", "resources"])
        for sub in ["models", "evals", "resources"] {
            try FileManager.default.createDirectory(atPath: app + "/" + sub, withIntermediateDirectories: true)
        }
    }
}
