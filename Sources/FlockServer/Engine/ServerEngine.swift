import FlockCore
import FlockProto
import FlockRPC
import Foundation
import Logging

/// The FL server's state and every operation on it, shared by the FederatedTraining service
/// (clients) and the Admin service (admins).
///
/// Timeouts (all documented in docs/timeouts.md):
/// - `heartbeatTimeout` (fed_server.json `heart_beat_timeout`, or the app's config): a client with
///   no call at all for this long is dropped. Clients heartbeat during training, so a long round
///   never trips it.
/// - `reconnectGrace`: a client whose request stream broke and did not come back within this time
///   is dropped from the current round (its process most likely died).
/// - `adminTimeout` (per admin session, `set_timeout`): how long an admin command waits for a
///   client's answer.
public actor ServerEngine {
    public let workspace: Workspace
    public let project: String
    public let fedConfig: FedServerConfig.Server
    public let authorization: AuthorizationConfig?
    public let maxUploadBytes: UInt64
    public var reconnectGrace: Duration = .seconds(10)
    let logger: Logger
    let clientLog: Logger
    let audit: AuditLog
    let startedAt = Date()

    public let relay = AdminRelay<Fl_V1_AdminRequest, Fl_V1_AdminReply>()
    var registry: ClientRegistry
    var state: ServerState
    var controller: RunController?
    var status: TrainingState = .notStarted
    var lastError: String?
    /// Shown by check_status server (e.g. the server certificate nearing expiry).
    let startupWarnings: [String]
    var sessions: [String: AdminSession] = [:]
    var graceTimers: [String: Task<Void, Never>] = [:]
    var tokenSaveDelay: Duration = .milliseconds(500)
    var tokenSavePending = false
    /// Writes of the state for token changes (tests).
    var tokenStateWrites = 0
    /// Set when an admin asked the process to end (shutdown) or restart.
    public private(set) var exitRequest: ExitRequest?
    private var exitWaiters: [CheckedContinuation<ExitRequest, Never>] = []

    public enum ExitRequest: Sendable, Equatable { case shutdown, restart }

    public struct AdminSession: Sendable {
        public let email: String
        public let peer: String
        public var timeout: Duration
        /// From authorization.json, or from the certificate for admins added after the server kit.
        public let roles: [AuthorizationConfig.Role]
        public let org: String
        /// The last command (or the login); a session idle for `adminSessionIdleLimit` ends.
        public var lastUsed = Date()
    }

    /// An admin session unused this long ends (log in again); also bounds what forgotten
    /// sessions hold.
    var adminSessionIdleLimit: TimeInterval = 12 * 3600
    /// Sessions one admin may hold at once; a login beyond it ends that admin's least recently
    /// used session (scripts that never say `bye` cannot pile sessions up).
    static let maxSessionsPerAdmin = 16

    /// `maxUploadBytes` nil: fed_server.json `max_upload_bytes`.
    public init(workspace: Workspace, config: FedServerConfig.Server, authorization: AuthorizationConfig?,
                maxUploadBytes: UInt64? = nil, warnings: [String] = [], logger: Logger) throws {
        self.workspace = workspace
        self.startupWarnings = warnings
        self.project = config.name
        self.fedConfig = config
        self.authorization = authorization
        self.maxUploadBytes = maxUploadBytes ?? UInt64(max(0, config.maxUploadBytes))
        self.logger = logger
        var cl = Logger(label: "ClientManager")
        cl.logLevel = logger.logLevel
        self.clientLog = cl
        self.audit = AuditLog(path: workspace.auditLog)
        registry = ClientRegistry(maxClients: config.maxNumClients, heartbeatTimeout: TimeInterval(config.heartBeatTimeout))
        state = try ServerState.load(workspace)
        try FileManager.default.createDirectory(atPath: workspace.transfer, withIntermediateDirectories: true)
    }

    // MARK: Process lifetime

    func requestExit(_ r: ExitRequest) {
        exitRequest = r
        for w in exitWaiters { w.resume(returning: r) }
        exitWaiters.removeAll()
    }

    /// Suspends until an admin asks the server to shut down or restart.
    public func waitForExitRequest() async -> ExitRequest {
        if let exitRequest { return exitRequest }
        return await withCheckedContinuation { exitWaiters.append($0) }
    }

    /// Drops clients whose heartbeat timed out; call periodically.
    public func expireClients() async {
        for c in registry.expire(now: Date()) {
            clientLog.info("Remove the dead Client. Name: \(c.name)\t Token: \(c.token) (no call for more than \(Int(registry.heartbeatTimeout)) s, heart_beat_timeout)")
            await relay.remove(client: c.name, reason: "dropped after heart_beat_timeout")
            await controller?.clientGone(c.name, reason: "no heartbeat for \(Int(registry.heartbeatTimeout)) s")
        }
        await controller?.dropStalled()
    }

    // MARK: Clients

    /// Checks that a call's token belongs to the named client and that the name is the
    /// certificate's CN; records the call as a sign of life.
    func authenticate(token: String, name: String, context: ServerContext) throws -> ClientRegistry.Client {
        guard context.peerCommonName == name else {
            clientLog.warning("Refused a call from \(context.peerAddress): it claims to be \(name) but its certificate says \(context.peerCommonName ?? "nothing")")
            throw RPCError(.unauthenticated, "client name \(name) does not match the certificate CN \(context.peerCommonName ?? "(none)")")
        }
        guard registry.touch(token: token, name: name, now: Date()), let c = registry.client(named: name) else {
            throw RPCError(.unauthenticated, "unknown or expired token for \(name); register again")
        }
        return c
    }

    func register(_ r: Fl_V1_RegisterRequest, context: ServerContext) throws -> Fl_V1_RegisterReply {
        guard let cn = context.peerCommonName, cn == r.clientName else {
            clientLog.warning("Refused registration from \(context.peerAddress): it claims to be \(r.clientName) but its certificate CN is \(context.peerCommonName ?? "missing")")
            throw RPCError(.unauthenticated, "client name \(r.clientName) does not match the certificate CN \(context.peerCommonName ?? "(none)"); use the startup kit issued for \(r.clientName)")
        }
        guard r.project == project else {
            throw RPCError(.failedPrecondition, "client \(r.clientName) belongs to project \(r.project), this server runs \(project); use the kit of this project")
        }
        let ip = context.peerAddress.split(separator: ":").dropLast().joined(separator: ":")
        let previous = r.previousToken.isEmpty ? state.tokens[r.clientName] : r.previousToken
        let (client, replaced) = try registry.register(
            name: r.clientName, instanceName: r.instanceName, address: context.peerAddress, previousToken: previous,
            status: r.status.state ?? .notStarted, runNumber: Int(r.runNumber), now: Date())
        registry.setOrganization(context.peerOrganization, of: r.clientName)
        if let replaced, replaced.token != client.token {
            clientLog.info("Client \(r.clientName) registered again; its previous session (token \(replaced.token)) is closed")
        }
        clientLog.info("Client: New client \(r.clientName)@\(ip.isEmpty ? context.peerAddress : ip) joined. Sent token: \(client.token). Total clients: \(registry.clients.count)")
        state.tokens[r.clientName] = client.token
        saveTokensSoon()
        return Fl_V1_RegisterReply(token: client.token, project: project, heartbeatIntervalMs: heartbeatInterval,
                                   heartbeatTimeoutMs: UInt32(min(registry.heartbeatTimeout * 1000, Double(UInt32.max))),
                                   serverTimeUnixMs: Int64(Date().timeIntervalSince1970 * 1000))
    }

    var heartbeatInterval: UInt32 {
        UInt32(max(500, min(5_000, registry.heartbeatTimeout * 1000 / 4)))
    }

    func heartbeat(_ r: Fl_V1_HeartbeatRequest, context: ServerContext) async throws -> Fl_V1_HeartbeatReply {
        guard context.peerCommonName == r.clientName else {
            throw RPCError(.unauthenticated, "client name \(r.clientName) does not match the certificate CN \(context.peerCommonName ?? "(none)")")
        }
        let before = registry.client(named: r.clientName)
        let known = registry.heartbeat(token: r.token, name: r.clientName, status: r.status.state ?? .notStarted,
                                       runNumber: Int(r.runNumber), round: Int(r.round), stepsDone: r.stepsDone, now: Date())
        // Training steps that moved on since the last heartbeat are progress in the round.
        if known, let before, before.token == r.token, r.stepsDone != before.stepsDone || Int(r.round) != before.round {
            await controller?.noteProgress(r.clientName)
        }
        return Fl_V1_HeartbeatReply(registered: known, heartbeatIntervalMs: heartbeatInterval)
    }

    func quit(_ r: Fl_V1_QuitRequest, context: ServerContext) async throws {
        let c = try authenticate(token: r.token, name: r.clientName, context: context)
        registry.remove(c.name)
        state.tokens[c.name] = nil
        saveTokensSoon()
        clientLog.info("Client \(c.name) quit. Total clients: \(registry.clients.count)")
        await relay.remove(client: c.name, reason: "the client quit")
        await controller?.clientGone(c.name, reason: "the client quit")
    }

    /// Registrations and quits change only `state.tokens`, which is best-effort (clients also send
    /// their previous token themselves): they are written at most every `tokenSaveDelay`. One
    /// fsync'd rewrite of every token per call, on this actor, made 1,000 registrations take ~15 s
    /// and held every other call (heartbeats, tasks) behind them.
    func saveTokensSoon() {
        guard !tokenSavePending else { return }
        tokenSavePending = true
        let delay = tokenSaveDelay
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.flushState()
        }
    }

    /// Writes token changes not saved yet (the server calls it before it exits).
    public func flushState() {
        guard tokenSavePending else { return }
        tokenSavePending = false
        tokenStateWrites += 1
        try? state.save(workspace)
    }

    /// The client's request stream opened; cancels a pending drop.
    func streamAttached(_ client: String) {
        graceTimers.removeValue(forKey: client)?.cancel()
    }

    /// The client's request stream broke: drop it from the round unless it comes back in time.
    func streamLost(_ client: String) {
        graceTimers[client]?.cancel()
        let grace = reconnectGrace
        graceTimers[client] = Task { [weak self] in
            try? await Task.sleep(for: grace)
            guard !Task.isCancelled else { return }
            await self?.graceExpired(client)
        }
    }

    private func graceExpired(_ client: String) async {
        graceTimers[client] = nil
        guard await !relay.isConnected(client) else { return }
        clientLog.warning("Client \(client) lost its connection and did not come back within \(reconnectGrace.components.seconds) s")
        await controller?.clientGone(client, reason: "connection lost")
    }

    func clientName(forToken token: String, name: String, context: ServerContext) throws -> String {
        try authenticate(token: token, name: name, context: context).name
    }

    // MARK: Runs and training

    var runPaths: RunPaths? { state.runNumber.map { RunPaths(workspace: workspace, run: $0) } }

    /// For tests: a shorter idle limit for admin sessions.
    func setAdminSessionIdleLimit(_ seconds: TimeInterval) { adminSessionIdleLimit = seconds }

    /// Waits until the current run's finished rounds are durably saved (before exiting).
    func settleRun() async {
        await controller?.settle()
    }

    /// The controller of the current run, when the server's training was started.
    func currentController(run: Int) -> RunController? {
        guard state.runNumber == run else { return nil }
        return controller
    }

    func appForClient(_ name: String, run: Int) throws -> String {
        guard state.runNumber == run else {
            throw FlockError(.failedPrecondition, "run \(run) is not the server's current run (\(state.runNumber.map(String.init) ?? "none"))")
        }
        guard let app = state.clientApps[name] else {
            throw FlockError(.notFound, "no app was deployed to \(name) for run \(run); deploy one with: deploy APP client \(name)")
        }
        return app
    }
}
