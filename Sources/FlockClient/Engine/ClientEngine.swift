import FlockCore
import FlockProto
import FlockRPC
import FlockTrain
import Foundation
import Logging

/// The FL client: registers, heartbeats, answers admin requests that arrive through the server,
/// and trains when started. Survives a server restart without being restarted itself: calls are
/// retried, and a server that forgot the client is simply registered with again.
public actor ClientEngine {
    public let name: String
    public let project: String
    public let workspace: Workspace
    let stub: Fl_V1_FederatedTrainingClient
    let dataRoot: String
    let retryTimeout: Double
    let logger: Logger
    let trainLogger: Logger

    var token: String?
    var state: ClientState
    var status: TrainingState = .notStarted
    var round = 0
    var stepsDone: UInt64 = 0
    var training: Task<Void, Never>?
    var trainer: (run: Int, app: String, trainer: LocalTrainer)?
    var heartbeatInterval: Duration = .seconds(5)
    var registeredWaiters: [CheckedContinuation<Void, Never>] = []
    public private(set) var exitRequest: Int32?
    private var exitWaiters: [CheckedContinuation<Int32, Never>] = []

    public init(name: String, project: String, workspace: Workspace, transport: any RPCClientTransport,
                dataRoot: String, retryTimeout: Double, logger: Logger) {
        self.name = name
        self.project = project
        self.workspace = workspace
        self.stub = Fl_V1_FederatedTrainingClient(transport: transport)
        self.dataRoot = dataRoot
        self.retryTimeout = retryTimeout
        self.logger = logger
        self.trainLogger = Logger(label: "ClientTrainer")
        self.state = ClientState.load(workspace)
    }

    // MARK: Lifetime

    /// Runs the client until it is shut down, restarted or removed; returns the exit code.
    public func run() async -> Int32 {
        let connection = Task { await self.connectionLoop() }
        let admin = Task { await self.adminLoop() }
        let beat = Task { await self.heartbeatLoop() }
        let code = await waitForExit()
        connection.cancel(); admin.cancel(); beat.cancel()
        training?.cancel()
        return code
    }

    func requestExit(_ code: Int32) {
        guard exitRequest == nil else { return }
        exitRequest = code
        for w in exitWaiters { w.resume(returning: code) }
        exitWaiters.removeAll()
    }

    public func waitForExit() async -> Int32 {
        if let exitRequest { return exitRequest }
        return await withCheckedContinuation { exitWaiters.append($0) }
    }

    // MARK: Registration

    /// Registers, retrying with back-off until it succeeds; resumes training started before a restart.
    func connectionLoop() async {
        var backoff = Backoff(maximum: max(1, min(retryTimeout, 30)))
        while !Task.isCancelled {
            if token != nil {
                try? await Task.sleep(for: .milliseconds(200))
                continue
            }
            do {
                try await register()
                backoff.reset()
                if state.started, let run = state.runNumber, training == nil {
                    logger.info("Resuming training of run \(run) after a restart")
                    do { _ = try startTraining(run: run, gpus: state.gpus) } catch {
                        logger.error("Cannot resume training of run \(run): \(error)")
                        state.started = false
                        state.save(workspace)
                    }
                }
            } catch let e as RPCError where e.code == .unauthenticated || e.code == .failedPrecondition || e.code == .resourceExhausted {
                logger.error("The server refused the registration: \(e.message)")
                try? await Task.sleep(for: backoff.next())
            } catch {
                logger.info("Could not connect to server. Setting flag for stopping training. failed to connect to all addresses (\(Self.reason(error)))")
                try? await Task.sleep(for: backoff.next())
            }
        }
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? RPCError { return e.message.isEmpty ? "\(e.code)" : e.message }
        return "\(error)"
    }

    func register() async throws {
        let request = Fl_V1_RegisterRequest(clientName: name, instanceName: name, project: project,
                                            previousToken: state.token ?? "", status: Fl_V1_TrainingStatus(status),
                                            runNumber: Int32(state.runNumber ?? 0),
                                            systemInfo: SystemInfo.current(trainingBackend: trainer?.trainer.description ?? "").proto)
        let reply = try await stub.register(request, options: CallOptions(timeout: .seconds(30)))
        token = reply.token
        state.token = reply.token
        state.save(workspace)
        heartbeatInterval = .milliseconds(Int64(max(200, reply.heartbeatIntervalMs)))
        let skew = abs(Double(reply.serverTimeUnixMs) / 1000 - Date().timeIntervalSince1970)
        if skew > 60 { logger.warning("This machine's clock differs from the server's by \(Int(skew)) s; check NTP (log times will not line up)") }
        Logger(label: "FederatedClient").info("Successfully registered client:\(name) for \(project). Got token:\(reply.token)")
        for w in registeredWaiters { w.resume() }
        registeredWaiters.removeAll()
    }

    /// The current token, waiting for a registration if there is none.
    func currentToken() async -> String {
        if let token { return token }
        await withCheckedContinuation { registeredWaiters.append($0) }
        return token ?? ""
    }

    /// The server no longer knows our token (it restarted or dropped us): register again.
    func sessionLost(_ stale: String) {
        guard token == stale else { return }
        logger.info("The server does not know this client's session any more; registering again")
        token = nil
    }

    // MARK: Heartbeat

    func heartbeatLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: heartbeatInterval)
            guard let t = token else { continue }
            let request = Fl_V1_HeartbeatRequest(token: t, clientName: name, status: Fl_V1_TrainingStatus(status),
                                                 runNumber: Int32(state.runNumber ?? 0), round: Int32(round), stepsDone: stepsDone)
            do {
                let reply = try await stub.heartbeat(request, options: CallOptions(timeout: .seconds(10)))
                if !reply.registered { sessionLost(t) }
                heartbeatInterval = .milliseconds(Int64(max(200, reply.heartbeatIntervalMs)))
            } catch {
                logger.debug("Heartbeat failed: \(Self.reason(error))")
            }
        }
    }

    func progressed(_ steps: UInt64) { stepsDone = steps }

    /// Tells the server this client leaves (shutdown); its token stops working.
    func quit() async {
        guard let t = token else { return }
        do {
            _ = try await stub.quit(Fl_V1_QuitRequest(token: t, clientName: name), options: CallOptions(timeout: .seconds(5)))
        } catch {
            logger.info("Could not tell the server that this client leaves (\(Self.reason(error))); it drops the client after heart_beat_timeout")
        }
        token = nil
        state.token = nil
        state.save(workspace)
    }
}
