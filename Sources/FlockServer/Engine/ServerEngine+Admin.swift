import FlockCore
import FlockProto
import FlockRPC
import Foundation

/// The admin operations. Each returns the text the shell prints (without "Done [...]").
extension ServerEngine {
    // MARK: Sessions, authorization, audit

    func login(_ userName: String, context: ServerContext) throws -> Fl_V1_LoginReply {
        let peer = context.peerAddress
        guard let cn = context.peerCommonName, cn == userName else {
            audit.record(user: userName, peer: peer, command: "login", outcome: "refused: certificate CN is \(context.peerCommonName ?? "missing")")
            logger.warning("Refused admin login as \(userName) from \(peer): the certificate belongs to \(context.peerCommonName ?? "nobody")")
            throw RPCError(.unauthenticated, "user name \(userName) does not match this admin kit's certificate (\(context.peerCommonName ?? "no certificate")); enter the email the kit was issued to")
        }
        var roles: [AuthorizationConfig.Role] = [.projectAdmin], org = "", rights: [String] = []
        if let authorization {
            if let admin = authorization.admins[userName] {
                roles = admin.roles
                org = admin.org
            } else {
                // An admin added by growing the project after the server kit was made: the roles
                // are in the certificate's OU entries (signed by the project's root CA), the org in O.
                let fromCertificate = context.peerOrganizationalUnits.compactMap { AuthorizationConfig.Role(rawValue: $0) }
                guard !fromCertificate.isEmpty else {
                    audit.record(user: userName, peer: peer, command: "login", outcome: "refused: no role in authorization.json or the certificate")
                    throw RPCError(.permissionDenied, "\(userName) has no admin role in project \(project) (neither in the server kit's authorization.json nor in the certificate); ask the project lead to add you to project.yml with a role and re-provision")
                }
                roles = fromCertificate
                org = context.peerOrganization ?? ""
            }
            rights = AuthorizationConfig.Right.allCases.compactMap { r in
                let s = authorization.scope(roles: roles, for: r)
                return s == .none ? nil : "\(r.rawValue):\(s.rawValue)"
            }
        }
        let role = roles.map(\.rawValue).joined(separator: ",")
        let token = UUID.random().uuidString.lowercased()
        pruneSessions(makingRoomFor: userName)
        sessions[token] = AdminSession(email: userName, peer: peer, timeout: .seconds(30), roles: roles, org: org)
        audit.record(user: userName, peer: peer, command: "login", outcome: "ok")
        logger.info("Admin \(userName) logged in from \(peer)")
        return Fl_V1_LoginReply(session: token, project: project, role: role, org: org, rights: rights)
    }

    func logout(_ session: String) {
        if let s = sessions.removeValue(forKey: session) {
            audit.record(user: s.email, peer: s.peer, command: "bye", outcome: "ok")
        }
    }

    /// The session of a request; its certificate must be the one that logged in.
    func session(_ token: String, context: ServerContext, now: Date = Date()) throws -> AdminSession {
        guard var s = sessions[token], s.email == context.peerCommonName else {
            throw RPCError(.unauthenticated, "not logged in on this server (a restarted server forgets sessions); log in again")
        }
        guard now.timeIntervalSince(s.lastUsed) <= adminSessionIdleLimit else {
            sessions[token] = nil
            audit.record(user: s.email, peer: s.peer, command: "session", outcome: "expired after \(Int(adminSessionIdleLimit)) s without a command")
            throw RPCError(.unauthenticated, "the session ended after \(Self.duration(adminSessionIdleLimit)) without a command; log in again")
        }
        s.lastUsed = now
        sessions[token] = s
        return s
    }

    /// Drops sessions idle past the limit, and `email`'s least recently used ones beyond
    /// `maxSessionsPerAdmin - 1` (so the new login fits).
    func pruneSessions(makingRoomFor email: String) {
        let now = Date()
        for (token, s) in sessions where now.timeIntervalSince(s.lastUsed) > adminSessionIdleLimit { sessions[token] = nil }
        let own = sessions.filter { $0.value.email == email }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (token, s) in own.prefix(max(0, own.count - (Self.maxSessionsPerAdmin - 1))) {
            sessions[token] = nil
            audit.record(user: s.email, peer: s.peer, command: "session", outcome: "ended: more than \(Self.maxSessionsPerAdmin) sessions")
        }
    }

    static func duration(_ seconds: TimeInterval) -> String {
        seconds >= 3600 && seconds.truncatingRemainder(dividingBy: 3600) == 0 ? "\(Int(seconds / 3600)) h" : "\(Int(seconds)) s"
    }

    /// Runs an admin command: checks the session and the right, runs `body`, audits the outcome.
    func command<T>(_ sessionToken: String, _ line: String, right: AuthorizationConfig.Right?, clients: [String] = [],
                    context: ServerContext, _ body: (AdminSession) async throws -> T) async throws -> T {
        var s = try session(sessionToken, context: context)
        // The admin's set_timeout travels as the call's deadline: answers from clients are awaited
        // until shortly before it.
        if let deadline = context.deadline {
            s.timeout = max(.milliseconds(100), (deadline - ContinuousClock.now) - .milliseconds(300))
        }
        if let right, let authorization {
            let targets: [String?] = clients.isEmpty ? [nil] : clients
            // A client's org: authorization.json lists those known when the server kit was made;
            // one added later by growing the project has it in its certificate.
            func org(of client: String) -> String? { authorization.clients[client]?.org ?? registry.client(named: client)?.organization }
            for t in targets where !authorization.allows(roles: s.roles, org: s.org, right, onClientOrg: t.flatMap(org(of:))) {
                let what = t.map { "client \($0)" } ?? "the server"
                audit.record(user: s.email, peer: s.peer, command: line, outcome: "denied: no \(right.rawValue) right on \(what)")
                throw RPCError(.permissionDenied, "Authorization Error: \(s.email) does not have the \(right.rawValue) right on \(what)")
            }
        }
        do {
            let r = try await body(s)
            audit.record(user: s.email, peer: s.peer, command: line, outcome: "ok")
            return r
        } catch {
            let e = RPCError(error)
            audit.record(user: s.email, peer: s.peer, command: line, outcome: "error: \(e.message)")
            throw e
        }
    }

    /// The named clients, or every registered client when none are named; unknown names fail.
    func targets(_ names: [String]) throws -> [String] {
        if names.isEmpty { return registry.sorted.map(\.name) }
        for n in names where registry.client(named: n) == nil {
            throw FlockError(.notFound, "client \(n) is not registered; check_status server lists the registered clients")
        }
        return names
    }

    /// Sends `command` to each client concurrently and collects per-instance answers.
    func relayToClients(_ names: [String], _ command: Fl_V1_AdminCommand, args: [String] = [], by admin: String,
                        timeout: Duration) async -> [(name: String, reply: Result<Fl_V1_AdminReply, Error>)] {
        // One unstructured task per client rather than a TaskGroup of (String, Result) tuples:
        // release builds (Swift 6.3) crashed in TaskGroup.offer copying those tuples.
        let tasks = names.map { n in
            Task { [relay] () -> Result<Fl_V1_AdminReply, Error> in
                let request = Fl_V1_AdminRequest(command: command, args: args, issuedBy: admin)
                do { return .success(try await relay.send(request, to: n, timeout: timeout)) } catch { return .failure(error) }
            }
        }
        var out: [(name: String, reply: Result<Fl_V1_AdminReply, Error>)] = []
        for (n, t) in zip(names, tasks) { out.append((name: n, reply: await t.value)) }
        return out.sorted { $0.name < $1.name }
    }

    func commandReply(_ results: [(name: String, reply: Result<Fl_V1_AdminReply, Error>)], message: String = "") -> Fl_V1_CommandReply {
        let replies = results.map { r -> Fl_V1_TargetReply in
            let instance = registry.client(named: r.name)?.instanceName ?? r.name
            switch r.reply {
            case .success(let a): return Fl_V1_TargetReply(target: instance, ok: a.ok, message: a.message)
            case .failure(let e): return Fl_V1_TargetReply(target: instance, ok: false, message: "\(e)")
            }
        }
        return Fl_V1_CommandReply(message: message, replies: replies)
    }

    // MARK: Status

    func serverStatus() async -> Fl_V1_ServerStatus {
        var s = Fl_V1_ServerStatus()
        s.runNumberSet = state.runNumber != nil
        s.runNumber = Int32(state.runNumber ?? 0)
        s.minNumClients = Int32(fedConfig.minNumClients)
        s.maxNumClients = Int32(fedConfig.maxNumClients)
        s.deployedApp = state.serverApp ?? ""
        if let controller {
            let snap = await controller.snapshot
            s.status = Fl_V1_TrainingStatus(await controller.trainingState)
            s.currentRound = Int32(snap.round)
            s.startRound = Int32(controller.config.startRound)
            s.numRounds = Int32(controller.config.numRounds)
            s.minNumClients = Int32(controller.config.minNumClients)
            s.maxNumClients = Int32(controller.config.maxNumClients)
        } else {
            s.status = Fl_V1_TrainingStatus(status)
        }
        let now = Date()
        s.registeredClients = registry.sorted.map {
            Fl_V1_RegisteredClient(clientName: $0.name, instanceName: $0.instanceName, token: $0.token,
                                   address: $0.address, lastSeenSeconds: now.timeIntervalSince($0.lastSeen))
        }
        s.warnings.append(contentsOf: startupWarnings)
        if let lastError { s.warnings.append(lastError) }
        if let failure = await controller?.failure { s.warnings.append(failure) }
        return s
    }

    func clientStatuses(_ names: [String], admin: AdminSession) async throws -> [Fl_V1_ClientStatus] {
        let results = await relayToClients(try targets(names), .checkStatus, by: admin.email, timeout: admin.timeout)
        return results.map { r in
            let c = registry.client(named: r.name)
            var st = Fl_V1_ClientStatus(instanceName: c?.instanceName ?? r.name, clientName: r.name, token: c?.token ?? "")
            switch r.reply {
            case .success(let a):
                st.status = a.status
                st.runNumber = a.runNumber
                st.round = a.round
                st.ok = a.ok
                st.message = a.message
            case .failure(let e):
                st.ok = false
                st.status = Fl_V1_TrainingStatus(c?.status ?? .notStarted)
                st.message = "\(e)"
            }
            return st
        }
    }

    // MARK: Runs

    var trainingInProgress: Bool {
        get async {
            guard let controller else { return false }
            let phase = await controller.phase
            return phase != .finished && phase != .aborted
        }
    }

    func setRunNumber(_ n: Int, admin: AdminSession) async throws -> Fl_V1_CommandReply {
        guard n > 0 else { throw FlockError(.invalidArgument, "the run number must be a positive integer, got \(n)") }
        if await trainingInProgress {
            throw FlockError(.failedPrecondition, "run \(state.runNumber ?? 0) is still training; abort it (abort server) before setting a new run number")
        }
        let path = workspace.run(n)
        let existed = FileManager.default.fileExists(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        await controller?.settle()
        if state.runNumber != n {
            state.serverApp = nil
            state.clientApps = [:]
            controller = nil
            status = .notStarted
        }
        state.runNumber = n
        try state.save(workspace)
        logger.info("Run number set to \(n) by \(admin.email)")
        let results = await relayToClients(registry.sorted.map(\.name), .setRunNumber, args: ["\(n)"], by: admin.email, timeout: admin.timeout)
        return commandReply(results, message: existed ? "Run folder run_\(n) exists; using it" : "Create a new run folder: run_\(n)")
    }

    func deleteRunNumber(_ n: Int, admin: AdminSession) async throws -> Fl_V1_CommandReply {
        if state.runNumber == n, await trainingInProgress {
            throw FlockError(.failedPrecondition, "run \(n) is training; abort it before deleting it")
        }
        let path = workspace.run(n)
        guard FileManager.default.fileExists(atPath: path) else { throw FlockError(.notFound, "there is no run_\(n) on the server") }
        if state.runNumber == n { await controller?.settle() }
        try FileManager.default.removeItem(atPath: path)
        if state.runNumber == n {
            state = ServerState(runNumber: nil, serverApp: nil, clientApps: [:], tokens: state.tokens)
            controller = nil
            status = .notStarted
            try state.save(workspace)
        }
        let results = await relayToClients(registry.sorted.map(\.name), .deleteRun, args: ["\(n)"], by: admin.email, timeout: admin.timeout)
        return commandReply(results, message: "Deleted run_\(n)")
    }

    func requireRun() throws -> Int {
        guard let n = state.runNumber else {
            throw FlockError(.failedPrecondition, "the run number has not been set; use set_run_number first")
        }
        return n
    }

    func requireApp(_ app: String) throws -> String {
        let name = try SafePath.name(app, what: "app")
        let path = workspace.transfer + "/" + name
        guard FileManager.default.fileExists(atPath: path + "/config") else {
            throw FlockError(.notFound, "app \(name) has not been uploaded (no \(path)/config); upload it with: upload_folder \(name)")
        }
        return name
    }

    func deployServer(_ app: String) async throws -> Fl_V1_CommandReply {
        let run = try requireRun()
        let name = try requireApp(app)
        if await trainingInProgress { throw FlockError(.failedPrecondition, "run \(run) is training; abort it before deploying again") }
        let paths = RunPaths(workspace: workspace, run: run)
        _ = try FedServerAppConfig(contentsOf: workspace.transfer + "/\(name)/config/" + FedServerAppConfig.fileName)
        let writer = try FolderWriter(destination: paths.serverApp, maxBytes: maxUploadBytes)
        try await FolderReader(root: workspace.transfer + "/" + name, only: ["config", "resources"]).forEachChunk { try writer.write($0) }
        // Keep models/ (and the run's progress) of an earlier deploy of this run.
        try writer.commit(replacing: ["config", "resources"])
        try FileManager.default.createDirectory(atPath: paths.models, withIntermediateDirectories: true)
        state.serverApp = name
        try state.save(workspace)
        return Fl_V1_CommandReply(message: "mmar_server has been deployed.")
    }

    func deployClients(_ app: String, _ names: [String], admin: AdminSession) async throws -> Fl_V1_CommandReply {
        let run = try requireRun()
        let name = try requireApp(app)
        let targets = try targets(names)
        guard !targets.isEmpty else { throw FlockError(.failedPrecondition, "no client is registered") }
        for t in targets { state.clientApps[t] = name }
        try state.save(workspace)
        let results = await relayToClients(targets, .deploy, args: ["\(run)", name], by: admin.email, timeout: max(admin.timeout, .seconds(300)))
        return commandReply(results)
    }

    func startServer() async throws -> Fl_V1_CommandReply {
        let run = try requireRun()
        if await trainingInProgress { throw FlockError(.failedPrecondition, "Server already started (run \(run)); abort it first to restart training") }
        guard state.serverApp != nil else {
            throw FlockError(.failedPrecondition, "no app is deployed to the server for run \(run); use: deploy APP server")
        }
        let paths = RunPaths(workspace: workspace, run: run)
        // An aborted run's last rounds may still be on their way to disk: the new controller
        // resumes from what they leave in fl_state.json.
        await controller?.settle()
        status = .starting
        do {
            let config = try FedServerAppConfig(contentsOf: paths.serverConfig)
            registry.heartbeatTimeout = config.heartBeatTimeout ?? TimeInterval(fedConfig.heartBeatTimeout)
            let rc = try RunController(paths: paths, config: config,
                                       aggregationMemoryLimit: UInt64(fedConfig.aggregationMemoryMB) << 20, logger: logger)
            controller = rc
            await rc.begin()
            status = .started
            lastError = nil
            logger.info("Server training started for run \(run)")
            return Fl_V1_CommandReply(message: "Server training is starting....")
        } catch {
            status = .notStarted
            lastError = "\(error)"
            throw error
        }
    }

    func startClients(_ names: [String], gpus: Int?, admin: AdminSession) async throws -> Fl_V1_CommandReply {
        let run = try requireRun()
        let targets = try targets(names)
        for t in targets where state.clientApps[t] == nil {
            throw FlockError(.failedPrecondition, "no app is deployed to \(t) for run \(run); use: deploy APP client \(t)")
        }
        let results: [(name: String, reply: Result<Fl_V1_AdminReply, Error>)]
        if let gpus {
            results = await relayToClients(targets, .startMgpu, args: ["\(run)", "\(gpus)"], by: admin.email, timeout: admin.timeout)
        } else {
            results = await relayToClients(targets, .start, args: ["\(run)"], by: admin.email, timeout: admin.timeout)
        }
        return commandReply(results)
    }

    func abortClients(_ names: [String], admin: AdminSession) async throws -> Fl_V1_CommandReply {
        let results = await relayToClients(try targets(names), .abort, by: admin.email, timeout: admin.timeout)
        for r in results { await controller?.clientGone(r.name, reason: "aborted by \(admin.email)") }
        return commandReply(results)
    }

    func abortServer(admin: AdminSession) async throws -> Fl_V1_CommandReply {
        guard let controller, await trainingInProgress else {
            throw FlockError(.failedPrecondition, "the server is not training; nothing to abort")
        }
        status = .stopping
        let clients = await relayToClients(registry.sorted.map(\.name), .abort, by: admin.email, timeout: admin.timeout)
        await controller.abort()
        status = .stopped
        return commandReply(clients, message: "Server training is aborted; completed rounds are kept (start server resumes).")
    }

    func shutdownClients(_ names: [String], restart: Bool, admin: AdminSession) async throws -> Fl_V1_CommandReply {
        let targets = try targets(names)
        let results = await relayToClients(targets, restart ? .restart : .shutdown, by: admin.email, timeout: admin.timeout)
        return commandReply(results)
    }

    func shutdownServer(restart: Bool, admin: AdminSession) async throws -> Fl_V1_CommandReply {
        var message = restart ? "Server is restarting..." : "Shutting down the server..."
        if !restart, !registry.clients.isEmpty {
            message += " (\(registry.clients.count) clients are still registered: \(registry.sorted.map(\.name).joined(separator: ", ")); they will retry until a server is back)"
        }
        if let controller, await trainingInProgress { await controller.abort() }
        await controller?.settle()
        logger.info("\(restart ? "Restart" : "Shutdown") requested by \(admin.email)")
        let r: ExitRequest = restart ? .restart : .shutdown
        Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(300))
            await self?.requestExit(r)
        }
        return Fl_V1_CommandReply(message: message)
    }

    func removeClient(_ name: String, admin: AdminSession) async throws -> Fl_V1_CommandReply {
        guard registry.client(named: name) != nil else {
            throw FlockError(.notFound, "client \(name) is not registered")
        }
        _ = await relayToClients([name], .remove, by: admin.email, timeout: .seconds(5))
        registry.remove(name)
        state.tokens[name] = nil
        try? state.save(workspace)
        await relay.remove(client: name, reason: "removed by \(admin.email)")
        await controller?.clientGone(name, reason: "removed by \(admin.email)")
        clientLog.info("Client \(name) removed by \(admin.email). Total clients: \(registry.clients.count)")
        return Fl_V1_CommandReply(message: "Client \(name) removed.")
    }

    func sysInfo(client: String?, admin: AdminSession) async throws -> Fl_V1_SysInfoReply {
        guard let client else {
            return Fl_V1_SysInfoReply(infos: [Fl_V1_TargetSystemInfo(target: "server", ok: true, info: SystemInfo.current(trainingBackend: "none: the server aggregates, clients train").proto)])
        }
        let results = await relayToClients(try targets([client]), .sysInfo, by: admin.email, timeout: admin.timeout)
        return Fl_V1_SysInfoReply(infos: results.map { r in
            switch r.reply {
            case .success(let a): return Fl_V1_TargetSystemInfo(target: r.name, ok: a.ok, message: a.message, info: a.systemInfo)
            case .failure(let e): return Fl_V1_TargetSystemInfo(target: r.name, ok: false, message: "\(e)")
            }
        })
    }

    func validation(_ request: Fl_V1_ValidateRequest) async throws -> Fl_V1_ValidateReply {
        let run = try requireRun()
        let paths = RunPaths(workspace: workspace, run: run)
        var results: [String: [String: [String: Double]]] = [:]
        if let controller { results = await controller.crossValidationResults }
        if results.isEmpty, let data = FileManager.default.contents(atPath: paths.crossValidationResults) {
            results = (try? JSONDecoder().decode([String: [String: [String: Double]]].self, from: data)) ?? [:]
        }
        var entries: [Fl_V1_ValidationEntry] = []
        for (owner, byTarget) in results.sorted(by: { $0.key < $1.key }) {
            for (target, metrics) in byTarget.sorted(by: { $0.key < $1.key }) {
                if !request.all && (owner != request.source || target != request.target) { continue }
                entries.append(Fl_V1_ValidationEntry(source: owner, target: target, metrics: Fl_V1_Metric.list(metrics)))
            }
        }
        if !request.all && entries.isEmpty {
            throw FlockError(.notFound, "no validation of \(request.source)'s model on \(request.target) in run \(run) (yet)")
        }
        return Fl_V1_ValidateReply(runNumber: Int32(run), entries: entries)
    }
}
