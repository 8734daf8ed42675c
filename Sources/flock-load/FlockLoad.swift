// flock-load: a bounded load test of one fl-server by N simulated clients (`make bench-load`,
// Tests/EndToEndTests/LoadTests.swift).
//
// Loopback only, and it stops by itself. It provisions a project with the real fl-provision
// (max_num_clients >= N), issues N client certificates in-process from the project's root CA
// (state/rootCA.key; CN = client name, as a kit's client.crt), starts fl-server, and as the admin
// sets run 1, uploads a tiny app and deploys and starts it on the server. Then N simulated clients,
// in this one process but each with its OWN mutual-TLS connection and certificate, behave like
// fl-client does (docs/protocol.md):
//   Register -> AdminRequests stream kept open (answers DEPLOY with DownloadApp, START, CHECK_STATUS)
//            -> Heartbeat at the interval the server returns
//            -> after the admin's `start client`: the GetTask loop. TRAIN brings the small global
//               model (--model-kb); the client "trains" for --train-ms, then SubmitUpdate sends the
//               model back. WAIT: sleep retry_after_ms. The app's min_num_clients = N, so every
//               round has all N clients.
// The admin deploys and starts all N clients through the server (relayed admin requests), runs
// `check_status client` (N relayed requests) in the middle of the measured window, and compares
// the server's registered clients (name -> token) with the clients' own at its end.
// After --duration seconds the clients stop starting calls, finish the ones in flight, Quit, and
// the server is shut down. A hard --timeout bounds everything.
//
// Dropped call: any call that ends with an error or an unexpected status (transport failures,
// deadlines, an admin stream the server closed, a refused update).
// Misrouted call: a reply that belongs to another client or session: the same token given to two
// clients, a TRAIN task id seen by two clients, a call with the client's own token refused as
// UNAUTHENTICATED, a heartbeat answered `registered: false`, an update refused as "not taking part",
// a CHECK_STATUS answer that the server files under another name, a server-side token that is not
// the client's.
//
// Server figures come from /proc/PID of fl-server: CPU = utime+stime over the window, RSS = VmRSS
// sampled every second and VmHWM at the end. Writes one JSON object to --out.
import ArgumentParser
import FlockCore
import FlockProto
import FlockRPC
import FlockTLS
import Foundation
#if canImport(Glibc)
import Glibc
#endif

@main
struct FlockLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flock-load",
        abstract: "A bounded load test: N simulated clients (own mTLS connection and certificate each) against one fl-server on 127.0.0.1.")

    @Option(help: "Simulated clients.")
    var clients = 1000
    @Option(help: "Seconds of the measured window (after all clients are registered, deployed and started).")
    var duration: Double = 60
    @Option(help: "Simulated training time per TRAIN task, in milliseconds.")
    var trainMs = 1000
    @Option(help: "Size of the model the clients fetch and send back, in KiB (one float32 tensor).")
    var modelKb = 4
    @Option(help: "Seconds over which the clients connect and register (default: clients/200, at least 1).")
    var ramp: Double?
    @Option(help: "Folder with fl-server and fl-provision (default: this program's folder).")
    var bin: String?
    @Option(help: "Scratch folder for the project (a new subfolder is made and removed).")
    var work: String = NSTemporaryDirectory()
    @Option(help: "Write the result (one JSON object) to this file.")
    var out: String?
    @Option(help: "Hard limit for the whole test in seconds (default: duration + 120 + clients/10).")
    var timeout: Double?
    @Option(help: "Start fl-server with this soft open-file limit (it must raise it itself to serve the clients).")
    var serverNofile: Int?
    @Option(help: "Seconds a client waits for its TCP connect and TLS handshake.")
    var connectTimeout: Double = 20
    @Flag(help: "Make --server-nofile the hard limit too, so the server cannot raise it (a descriptor-exhaustion drill).")
    var serverNofileHard = false
    @Flag(help: "Keep the scratch folder.")
    var keep = false

    func run() async throws {
        BrokenPipes.ignore()
        OpenFileLimit.raise()
        let o = LoadOptions(clients: max(1, clients), duration: duration, trainMs: max(0, trainMs), modelKB: max(1, modelKb),
                            ramp: ramp ?? max(1, Double(clients) / 200),
                            bin: bin ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path,
                            work: work, serverNofile: serverNofile, serverNofileHard: serverNofileHard, connectTimeout: connectTimeout, keep: keep)
        let limit = timeout ?? (duration + 120 + Double(clients) / 10)
        let runner = LoadRun(o)
        let result = await firstOf([
            { @Sendable in Box(value: await runner.run()) },
            { @Sendable in
                try? await Task.sleep(for: .seconds(limit))
                return Box(value: ["ok": false, "error": "the load test did not end within --timeout \(Int(limit)) s"])
            },
        ]).value
        runner.killServer()
        let json = String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
        if let out { try json.write(toFile: out, atomically: true, encoding: .utf8) }
        print(LoadRun.summary(result))
        if (result["ok"] as? Bool) != true { throw ExitCode(1) }
    }
}

/// A dictionary in a Sendable box (JSON-like results cross task boundaries).
struct Box: @unchecked Sendable { let value: [String: Any] }

struct LoadOptions: Sendable {
    var clients: Int
    var duration: Double
    var trainMs: Int
    var modelKB: Int
    var ramp: Double
    var bin: String
    var work: String
    var serverNofile: Int?
    var serverNofileHard: Bool
    var connectTimeout: Double
    var keep: Bool
}

// MARK: Statistics

func nowSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Call outcomes of all clients, and the routing ledgers (tokens, task ids).
final class Stats: @unchecked Sendable {
    private let lock = NSLock()
    private var done: [String: [(end: Double, ms: Double)]] = [:]
    private var dropped: [String: Int] = [:]
    private var misrouted: [String: Int] = [:]
    private var examples: [String] = []
    private var tokens: [String: String] = [:]
    private var taskOwners: [String: String] = [:]
    private var counters: [String: Int] = [:]

    func ok(_ kind: String, since start: Double) {
        let end = nowSeconds()
        lock.withLock { done[kind, default: []].append((end, (end - start) * 1000)) }
    }

    func drop(_ kind: String, _ client: String, _ error: Any) {
        lock.withLock {
            dropped[kind, default: 0] += 1
            if examples.count < 20 { examples.append("dropped \(kind) of \(client): \(error)") }
        }
    }

    func misroute(_ kind: String, _ client: String, _ what: String) {
        lock.withLock {
            misrouted[kind, default: 0] += 1
            if examples.count < 20 { examples.append("misrouted \(kind) of \(client): \(what)") }
        }
    }

    func count(_ what: String, _ n: Int = 1) { lock.withLock { counters[what, default: 0] += n } }
    func counter(_ what: String) -> Int { lock.withLock { counters[what] ?? 0 } }

    /// False when another client already holds `token`.
    func claimToken(_ token: String, for client: String) -> Bool {
        lock.withLock {
            if let owner = tokens[token], owner != client { return false }
            tokens[token] = client
            return true
        }
    }

    /// False when another client already received task `id`.
    func claimTask(_ id: String, for client: String) -> Bool {
        lock.withLock {
            if let owner = taskOwners[id], owner != client { return false }
            taskOwners[id] = client
            return true
        }
    }

    var droppedTotal: Int { lock.withLock { dropped.values.reduce(0, +) } }
    var misroutedTotal: Int { lock.withLock { misrouted.values.reduce(0, +) } }

    /// Per call kind: completed calls (all, and those that ended inside the window), rate in the
    /// window, latency percentiles (of the window's calls, or of all when none ended in it).
    func report(window: (Double, Double)) -> [String: Any] {
        lock.withLock {
            var kinds: [String: Any] = [:]
            for (kind, calls) in done {
                let inWindow = calls.filter { $0.end >= window.0 && $0.end <= window.1 }
                let basis = (inWindow.isEmpty ? calls : inWindow).map(\.ms).sorted()
                func pct(_ p: Double) -> Double {
                    guard !basis.isEmpty else { return 0 }
                    let rank = Int((p / 100 * Double(basis.count)).rounded(.up))
                    return basis[max(0, min(basis.count - 1, rank - 1))]
                }
                kinds[kind] = [
                    "ok": calls.count, "ok_in_window": inWindow.count,
                    "per_s_in_window": Double(inWindow.count) / max(0.001, window.1 - window.0),
                    "latency_basis": inWindow.isEmpty ? "all" : "window",
                    "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": basis.last ?? 0,
                ] as [String: Any]
            }
            return ["calls": kinds, "dropped": dropped, "misrouted": misrouted, "examples": examples,
                    "dropped_total": dropped.values.reduce(0, +), "misrouted_total": misrouted.values.reduce(0, +),
                    "counters": counters, "distinct_tokens": tokens.count, "distinct_train_tasks": taskOwners.count]
        }
    }
}

/// Set once when the window closes: loops start no new call after it.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    var isSet: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
}

// MARK: A simulated client

/// One client: its own certificate, RPCChannel (one TCP + TLS connection) and session.
final class SimClient: @unchecked Sendable {
    let name: String
    let instance: String
    let channel: RPCChannel
    let stub: Fl_V1_FederatedTrainingClient
    let stats: Stats
    let stop: StopFlag
    let project: String
    let run: Int32
    let trainMs: Int
    let modelBytes: Int
    private let lock = NSLock()
    private(set) var token = ""
    private var heartbeatMs: UInt32 = 5000
    private var round: Int32 = 0
    private var status: Fl_V1_TrainingStatus = .notStarted
    private var tasks: [Task<Void, Never>] = []
    private var training: Task<Void, Never>?
    private var adminStream: Task<Void, Never>?
    /// Heartbeat and task loops still running.
    private var liveLoops = 0
    var registered: Bool { lock.withLock { !token.isEmpty } }

    init(name: String, tls: TLSConfiguration, port: Int, project: String, run: Int32, options: LoadOptions,
         stats: Stats, stop: StopFlag) throws {
        self.name = name
        self.instance = name + "-" + UUID().uuidString.prefix(6).lowercased()
        channel = try RPCChannel(configuration: .init(host: "127.0.0.1", port: port, tls: tls,
                                                      connectTimeout: .milliseconds(Int64(options.connectTimeout * 1000))))
        stub = Fl_V1_FederatedTrainingClient(transport: channel)
        self.stats = stats
        self.stop = stop
        self.project = project
        self.run = run
        trainMs = options.trainMs
        modelBytes = options.modelKB * 1024
    }

    /// Register, then keep the admin stream open and heartbeat in the background.
    func start() async {
        let t0 = nowSeconds()
        do {
            let r = try await stub.register(Fl_V1_RegisterRequest(clientName: name, instanceName: instance, project: project,
                                                                  status: .notStarted, runNumber: run),
                                            options: CallOptions(timeout: .seconds(60)))
            guard UUID(uuidString: r.token) != nil, r.project == project else {
                stats.misroute("register", name, "reply with token '\(r.token)' for project '\(r.project)'")
                return
            }
            guard stats.claimToken(r.token, for: name) else {
                stats.misroute("register", name, "token \(r.token) was already given to another client")
                return
            }
            stats.ok("register", since: t0)
            lock.withLock {
                token = r.token
                heartbeatMs = r.heartbeatIntervalMs
                liveLoops += 1
                tasks.append(Task { await self.heartbeats(); self.loopEnded() })
                adminStream = Task { await self.adminRequests() }
            }
        } catch {
            classify("register", error)
        }
    }

    private func loopEnded() { lock.withLock { liveLoops -= 1 } }

    private var session: (token: String, round: Int32, status: Fl_V1_TrainingStatus) { lock.withLock { (token, round, status) } }

    /// Counts a failed call: UNAUTHENTICATED for a call made with this client's own token is a
    /// misrouted call (the server attributed it to another session); everything else a drop.
    private func classify(_ kind: String, _ error: Error) {
        if let e = error as? RPCError, e.code == .unauthenticated {
            stats.misroute(kind, name, "\(e)")
        } else {
            stats.drop(kind, name, error)
        }
    }

    /// Sleeps `ms` milliseconds (at most the heartbeat interval, so loops end within ~5 s of the
    /// window's end; a plain sleep keeps the generator's own CPU use low).
    private func pause(_ ms: Int) async {
        guard ms > 0, !stop.isSet else { return }
        try? await Task.sleep(for: .milliseconds(ms))
    }

    private func heartbeats() async {
        // Spread the clients' heartbeats over the interval.
        await pause(Int.random(in: 0..<Int(max(1, lock.withLock { heartbeatMs }))))
        while !stop.isSet {
            let s = session
            let t0 = nowSeconds()
            do {
                let r = try await stub.heartbeat(Fl_V1_HeartbeatRequest(token: s.token, clientName: name, status: s.status, runNumber: run,
                                                                        round: s.round, stepsDone: 0),
                                                 options: CallOptions(timeout: .seconds(30)))
                if r.registered {
                    stats.ok("heartbeat", since: t0)
                } else {
                    stats.misroute("heartbeat", name, "the server does not know this client's token (registered: false)")
                }
                if r.heartbeatIntervalMs > 0 { lock.withLock { heartbeatMs = r.heartbeatIntervalMs } }
            } catch {
                classify("heartbeat", error)
            }
            await pause(Int(lock.withLock { heartbeatMs }))
        }
    }

    private func adminRequests() async {
        while !stop.isSet && !Task.isCancelled {
            let t = session.token
            do {
                stats.count("admin_stream_opened")
                try await stub.adminRequests(Fl_V1_AdminStreamRequest(token: t, clientName: name)) { stream in
                    for try await request in stream { await self.handle(request) }
                }
                if stop.isSet || Task.isCancelled { return }
                stats.drop("admin_stream", name, "the server ended the admin request stream")
            } catch {
                if stop.isSet || Task.isCancelled { return }
                classify("admin_stream", error)
            }
            await pause(1000)
        }
    }

    private func handle(_ request: Fl_V1_AdminRequest) async {
        var ok = true
        var message = ""
        switch request.command {
        case .ping:
            stats.count("admin_pings")
            return
        case .deploy:
            let t0 = nowSeconds()
            do {
                let (files, bytes) = try await stub.downloadApp(Fl_V1_DownloadAppRequest(token: session.token, clientName: name, runNumber: run),
                                                                options: CallOptions(timeout: .seconds(120))) { chunks in
                    var files = 0, bytes = 0
                    for try await c in chunks {
                        bytes += c.data.count
                        if c.lastChunk { files += 1 }
                    }
                    return (files, bytes)
                }
                stats.ok("download_app", since: t0)
                stats.count("download_app_bytes", bytes)
                message = files > 0 ? "MMAR deployed." : "the app had no files"
                ok = files > 0
            } catch {
                classify("download_app", error)
                ok = false
                message = "\(error)"
            }
        case .start:
            lock.withLock {
                if training == nil {
                    status = .started
                    liveLoops += 1
                    training = Task { await self.taskLoop(); self.loopEnded() }
                }
            }
            message = "Starting the client..."
        case .checkStatus:
            // The routing canary: the server files this answer under the name it sent the request to.
            message = name
        case .setRunNumber:
            message = "Run number set to \(request.args.first ?? "?")."
        default:
            ok = false
            message = "\(request.command) is not supported by the load generator"
        }
        let s = session
        let t0 = nowSeconds()
        do {
            _ = try await stub.replyAdminRequest(Fl_V1_AdminReply(token: s.token, clientName: name, requestId: request.requestId, ok: ok,
                                                                  message: message, status: s.status, runNumber: run, round: s.round),
                                                 options: CallOptions(timeout: .seconds(30)))
            stats.ok("reply_admin_request", since: t0)
        } catch {
            classify("reply_admin_request", error)
        }
    }

    private var manifest: Fl_V1_ModelManifest {
        Fl_V1_ModelManifest(tensors: [Fl_V1_TensorInfo(name: "w", dtype: .float32, shape: [Int64(modelBytes / 4)])],
                            totalBytes: UInt64(modelBytes))
    }

    private func taskLoop() async {
        while !stop.isSet {
            let t0 = nowSeconds()
            let header: Fl_V1_TaskHeader
            var model: [UInt8]? = nil
            do {
                (header, model) = try await stub.getTask(Fl_V1_GetTaskRequest(token: session.token, clientName: name, runNumber: run),
                                                         options: CallOptions(timeout: .seconds(60))) { chunks in
                    var header: Fl_V1_TaskHeader?
                    var bytes: [UInt8]? = nil
                    for try await c in chunks {
                        if let h = c.header { header = h }
                        if let m = c.model {
                            if m.manifest != nil { bytes = [] }
                            guard bytes != nil, UInt64(bytes!.count) == m.offset else {
                                throw FlockError(.invalidArgument, "model chunk at offset \(m.offset) out of order")
                            }
                            bytes!.append(contentsOf: m.data)
                        }
                    }
                    guard let header else { throw FlockError(.invalidArgument, "the task had no header") }
                    return (header, bytes)
                }
            } catch {
                classify("get_task", error)
                await pause(1000)
                continue
            }
            guard header.runNumber == run else {
                stats.misroute("get_task", name, "task for run \(header.runNumber)")
                await pause(1000)
                continue
            }
            switch header.kind {
            case .wait:
                stats.ok("get_task_wait", since: t0)
                await pause(Int(max(50, header.retryAfterMs)))
            case .train:
                stats.ok("get_task_train", since: t0)
                guard stats.claimTask(header.taskId, for: name) else {
                    stats.misroute("get_task", name, "task \(header.taskId) was already given to another client")
                    continue
                }
                if let m = model, m.count != modelBytes {
                    stats.misroute("get_task", name, "the global model has \(m.count) bytes, not \(modelBytes)")
                    continue
                }
                stats.count("model_bytes_fetched", model?.count ?? 0)
                lock.withLock { round = header.round }
                await pause(trainMs)
                if stop.isSet { return }
                await submit(header, weights: model ?? [UInt8](repeating: 0, count: modelBytes))
            case .end:
                stats.ok("get_task_end", since: t0)
                return
            default:
                stats.drop("get_task", name, "unexpected task kind \(header.kind)")
                await pause(1000)
            }
        }
    }

    private func submit(_ task: Fl_V1_TaskHeader, weights: [UInt8]) async {
        let s = session
        let t0 = nowSeconds()
        let header = Fl_V1_UpdateHeader(token: s.token, clientName: name, taskId: task.taskId, runNumber: run, round: task.round,
                                        sampleCount: 1, kind: .weights)
        let manifest = self.manifest
        do {
            let stats = self.stats
            let reply = try await stub.submitUpdate(options: CallOptions(timeout: .seconds(60))) { writer in
                try await writer.write(Fl_V1_UpdateChunk(header: header, model: Fl_V1_ModelChunk(manifest: manifest, offset: 0, data: weights)))
                // Written to the connection; the rest of the call is the server's answer.
                stats.ok("submit_update_sent", since: t0)
            }
            if reply.accepted {
                stats.ok("submit_update", since: t0)
            } else if reply.message.contains("not taking part") {
                stats.misroute("submit_update", name, reply.message)
            } else {
                stats.drop("submit_update", name, "refused: \(reply.message)")
            }
        } catch {
            classify("submit_update", error)
        }
    }

    /// Waits (at most `timeout` seconds) for the loops to end after the stop flag, then cancels
    /// what is left (the admin stream, which is long-lived by design, and any stragglers).
    func drain(timeout: Double) async -> Int {
        let deadline = nowSeconds() + timeout
        while lock.withLock({ liveLoops }) > 0 && nowSeconds() < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        let (left, loops, stream) = lock.withLock { (liveLoops, tasks + (training.map { [$0] } ?? []), adminStream) }
        if left > 0 { loops.forEach { $0.cancel() } }
        stream?.cancel()
        return left
    }

    func quit() async {
        let t0 = nowSeconds()
        do {
            _ = try await stub.quit(Fl_V1_QuitRequest(token: session.token, clientName: name), options: CallOptions(timeout: .seconds(30)))
            stats.ok("quit", since: t0)
        } catch {
            classify("quit", error)
        }
        channel.close()
    }
}

