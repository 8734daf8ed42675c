import FlockCore
import FlockProto
import FlockRPC
import FlockTLS
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One load test: set-up, ramp, measured window, stop. `run()` never throws: failures land in
/// the result's "error".
final class LoadRun: @unchecked Sendable {
    let o: LoadOptions
    let stats = Stats()
    let stop = StopFlag()
    let project = "load"
    let admin = "admin@lead.org"
    let root: String
    private let lock = NSLock()
    private var serverPID: pid_t?

    init(_ o: LoadOptions) {
        self.o = o
        root = URL(fileURLWithPath: o.work).appendingPathComponent("flock-load-\(o.clients)c-\(UUID().uuidString.prefix(6))").path
    }

    /// Ends fl-server if it is still running (after a timeout or an error).
    func killServer() {
        guard let pid = lock.withLock({ () -> pid_t? in let p = serverPID; serverPID = nil; return p }) else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 where waitpid(pid, nil, WNOHANG) == 0 { usleep(100_000) }
        if kill(pid, 0) == 0 { kill(pid, SIGKILL); _ = ChildProcess.wait(pid) }
    }

    func run() async -> [String: Any] {
        var r: [String: Any] = ["clients": o.clients, "duration_s": o.duration, "train_ms": o.trainMs, "model_kb": o.modelKB,
                                "tls": "mTLS, one connection and certificate per client", "ok": false]
        r["load_start"] = loadAverage()
        defer {
            killServer()
            if !o.keep { try? FileManager.default.removeItem(atPath: root) }
        }
        do {
            try await body(&r)
        } catch {
            r["error"] = "\(error)"
        }
        r["load_end"] = loadAverage()
        let report = stats.report(window: (r["window_start"] as? Double ?? 0, r["window_end"] as? Double ?? .infinity))
        for (k, v) in report { r[k] = v }
        r["generator_cpu_s"] = ProcessStats.ownCPUSeconds()
        let clean = (report["dropped_total"] as? Int) == 0 && (report["misrouted_total"] as? Int) == 0
        r["ok"] = r["error"] == nil && clean && (r["checks_passed"] as? Bool) == true
        return r
    }

    func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
    }

    // MARK: The test

    private func body(_ r: inout [String: Any]) async throws {
        try FileManager.default.createDirectory(atPath: root + "/logs", withIntermediateDirectories: true)
        let names = (1...o.clients).map { String(format: "load-%04d", $0) }
        let (fedPort, adminPort) = (LoopbackPort.free(), LoopbackPort.free())

        // 1. Provision the server and admin kits; the clients' certificates come from the root CA.
        var t = nowSeconds()
        let yaml = """
        name: \(project)
        server:
          org: lead
          cn: localhost
          fed_learn_port: \(fedPort)
          admin_port: \(adminPort)
          admin_storage: transfer
          min_num_clients: 1
          max_num_clients: \(o.clients + 10)
        fl_clients:
          - org: load
            client_name: load-kit
        admin_clients:
          - org: lead
            email: \(admin)
        """
        try yaml.write(toFile: root + "/project.yml", atomically: true, encoding: .utf8)
        let provision = o.bin + "/fl-provision"
        let out = try ChildProcess.run(provision, ["-p", root + "/project.yml", "-o", root])
        guard out.status == 0 else { throw FlockError(.internal, "fl-provision failed: \(out.output)") }
        var passwords: [String: String] = [:]
        for line in out.output.split(separator: "\n") where line.hasPrefix("===> password: ") {
            let parts = line.split(separator: " ")
            passwords[String(parts[4].dropLast(4))] = String(parts[2])
        }
        func ws(_ n: String) -> String { root + "/ws/" + n }
        for kit in ["server", admin] {
            let u = try ChildProcess.run(provision, ["unpack", "\(root)/packages/\(kit).zip", "-d", ws(kit), "-P", passwords[kit] ?? ""])
            guard u.status == 0 else { throw FlockError(.internal, "unpack \(kit) failed: \(u.output)") }
        }
        let ca = try CertificateAuthority(certificateFile: root + "/state/rootCA.pem", privateKeyFile: root + "/state/rootCA.key")
        let rootPEM = try ca.certificate.pemEncoded()
        var identities: [TLSConfiguration] = []
        for n in names {
            let (key, cert) = try ca.issueIdentity(commonName: n, organization: "load", purpose: .client)
            identities.append(TLSConfiguration(certificateChainPEM: try cert.pemEncoded(), privateKeyPEM: try key.pemEncoded(),
                                               trustRootsPEM: rootPEM, serverHostName: "localhost"))
        }
        r["setup_certificates_s"] = nowSeconds() - t

        // 2. The server (optionally with a low soft open-file limit it has to raise itself).
        let serverLog = ws("server") + "/log.txt"
        let serverArgs = ["--startup", ws("server") + "/startup", "--bind", "127.0.0.1"]
        let pid: pid_t
        if let n = o.serverNofile {
            pid = try ChildProcess.spawn("/bin/sh", ["-c", "ulimit -\(o.serverNofileHard ? "" : "S")n \(n) && exec \"$0\" \"$@\"", o.bin + "/fl-server"] + serverArgs,
                                         stdout: serverLog, append: true)
        } else {
            pid = try ChildProcess.spawn(o.bin + "/fl-server", serverArgs, stdout: serverLog, append: true)
        }
        lock.withLock { serverPID = pid }
        r["server_nofile_soft_at_start"] = o.serverNofile ?? Int(OpenFileLimit.current.soft)

        // 3. Admin: run 1, a tiny app, deployed to and started on the server.
        let st = ws(admin) + "/startup/"
        let adminTLS = try TLSConfiguration.fromFiles(certificate: st + "client.crt", privateKey: st + "client.key", trustRoots: st + "rootCA.pem",
                                                      serverHostName: "localhost")
        let adminChannel = try RPCChannel(configuration: .init(host: "127.0.0.1", port: adminPort, tls: adminTLS))
        defer { adminChannel.close() }
        let adm = Fl_V1_AdminClient(transport: adminChannel)
        let session = try await eventually("admin login", timeout: 60) {
            if kill(pid, 0) != 0 { throw FlockError(.internal, "fl-server exited: \(self.tail(serverLog))") }
            return try await adm.login(Fl_V1_LoginRequest(userName: self.admin)).session
        }
        _ = try await adm.setRunNumber(Fl_V1_RunNumberRequest(session: session, runNumber: 1))
        let app = root + "/app"
        try FileManager.default.createDirectory(atPath: app + "/config", withIntermediateDirectories: true)
        try """
        {"servers": [{"min_num_clients": \(o.clients), "max_num_clients": \(o.clients), "wait_after_min_clients": 0,
                      "heart_beat_timeout": 600, "num_rounds": 1000000}],
         "cross_site_validate": false}
        """.write(toFile: app + "/config/config_fed_server.json", atomically: true, encoding: .utf8)
        try "{\"client\": {\"benchmark_model_mb\": \(Double(o.modelKB) / 1024), \"cross_site_validate\": false}}"
            .write(toFile: app + "/config/config_fed_client.json", atomically: true, encoding: .utf8)
        _ = try await adm.uploadFolder { writer in
            try await writer.write(Fl_V1_UploadFolderChunk(header: Fl_V1_UploadFolderHeader(session: session, folder: "load")))
            try await FolderReader(root: app).forEachChunk { try await writer.write(Fl_V1_UploadFolderChunk(file: Fl_V1_FileChunk($0))) }
        }
        _ = try await adm.deploy(Fl_V1_DeployRequest(session: session, app: "load", target: .server))
        _ = try await adm.start(Fl_V1_TargetRequest(session: session, target: .server))
        r["setup_s"] = nowSeconds() - t

        // 4. Ramp: N clients connect (own TLS connection each) and register, spread over --ramp s.
        var sims: [SimClient] = []
        for (n, tls) in zip(names, identities) {
            sims.append(try SimClient(name: n, tls: tls, port: fedPort, project: project, run: 1, options: o, stats: stats, stop: stop))
        }
        t = nowSeconds()
        let cpuRamp0 = ProcessStats.cpuSeconds(pid) ?? 0
        let every = o.ramp / Double(o.clients)
        var starters: [Task<Void, Never>] = []
        for (i, c) in sims.enumerated() {
            let at = t + Double(i) * every
            starters.append(Task {
                let wait = at - nowSeconds()
                if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                await c.start()
            })
        }
        for s in starters { await s.value }
        let registered = sims.filter(\.registered).count
        r["registered"] = registered
        r["ramp_s"] = nowSeconds() - t
        r["ramp_server_cpu_s"] = (ProcessStats.cpuSeconds(pid) ?? 0) - cpuRamp0
        guard registered == o.clients else {
            throw FlockError(.unavailable, "only \(registered) of \(o.clients) clients registered: \(tail(serverLog))")
        }
        // Wait for every admin stream to be attached (the server relays only through them).
        _ = try await eventually("every admin stream to open", timeout: 60) { () -> Bool? in
            self.stats.counter("admin_stream_opened") >= self.o.clients ? true : nil
        }
        // ("opened" counts the calls made; give the server a moment to attach the last ones).
        try await Task.sleep(for: .seconds(1))

        // 5. Deploy to and start all clients through the server (N relayed requests each).
        t = nowSeconds()
        let deploy = try await adm.deploy(Fl_V1_DeployRequest(session: session, app: "load", target: .client),
                                          options: CallOptions(timeout: .seconds(300)))
        r["deploy_clients_s"] = nowSeconds() - t
        let deployOK = deploy.replies.filter(\.ok).count
        r["deploy_clients_ok"] = deployOK
        t = nowSeconds()
        let started = try await adm.start(Fl_V1_TargetRequest(session: session, target: .client), options: CallOptions(timeout: .seconds(120)))
        r["start_clients_s"] = nowSeconds() - t
        let startOK = started.replies.filter(\.ok).count
        r["start_clients_ok"] = startOK

        // 6. The measured window.
        let w0 = nowSeconds()
        r["window_start"] = w0
        let cpu0 = ProcessStats.cpuSeconds(pid) ?? 0
        let gen0 = ProcessStats.ownCPUSeconds()
        r["server_rss_mib_at_window_start"] = ProcessStats.mib(pid, "VmRSS")
        var rss: [Double] = []
        var routed: (ok: Int, wrong: Int, seconds: Double) = (0, 0, 0)
        let halfway = w0 + o.duration / 2
        var checkedStatus = false
        while nowSeconds() < w0 + o.duration {
            if kill(pid, 0) != 0 { throw FlockError(.internal, "fl-server exited during the window: \(tail(serverLog))") }
            if let v = ProcessStats.mib(pid, "VmRSS") { rss.append(v) }
            if !checkedStatus && nowSeconds() >= halfway {
                checkedStatus = true
                routed = try await checkStatusRouting(adm, session: session, names: Set(names))
            }
            try await Task.sleep(for: .seconds(1))
        }
        let w1 = nowSeconds()
        r["window_end"] = w1
        r["window_s"] = w1 - w0
        let cpu1 = ProcessStats.cpuSeconds(pid) ?? 0
        r["server_cpu_s"] = cpu1 - cpu0
        r["server_cores"] = (cpu1 - cpu0) / (w1 - w0)
        r["generator_cores"] = (ProcessStats.ownCPUSeconds() - gen0) / (w1 - w0)
        r["server_rss_mib_samples"] = rss.count
        r["server_rss_mib_steady"] = rss.isEmpty ? nil : rss.sorted()[rss.count / 2]
        r["server_rss_mib_max"] = rss.max()
        r["server_rss_mib_at_window_end"] = ProcessStats.mib(pid, "VmRSS")
        r["server_threads"] = ProcessStats.status(pid, "Threads")
        r["server_open_files"] = ProcessStats.openFiles(pid)
        r["check_status_replies_ok"] = routed.ok
        r["check_status_replies_wrong"] = routed.wrong
        r["check_status_s"] = routed.seconds

        // 7. The server's view of every client's session must be the client's own.
        let status = try await adm.checkStatus(Fl_V1_CheckStatusRequest(session: session, target: .server)).server ?? Fl_V1_ServerStatus()
        let mine = Dictionary(uniqueKeysWithValues: sims.map { ($0.name, ($0.token, $0.instance)) })
        var tokenMismatches = 0
        for c in status.registeredClients where mine[c.clientName] != nil {
            if mine[c.clientName]!.0 != c.token || mine[c.clientName]!.1 != c.instanceName {
                tokenMismatches += 1
                stats.misroute("server_registry", c.clientName, "the server holds token \(c.token) / instance \(c.instanceName)")
            }
        }
        let listed = Set(status.registeredClients.map(\.clientName)).intersection(names).count
        r["server_registered_clients"] = listed
        r["server_token_mismatches"] = tokenMismatches

        // Rounds closed while every client was still active. (A round open at the stop can close
        // with fewer participants: a client that quits before submitting leaves it.)
        let inWindow = Self.roundHistory(ws("server"))

        // 8. Stop: no new calls; calls in flight finish; every client quits.
        stop.set()
        t = nowSeconds()
        var interrupted = 0
        for c in sims { interrupted += await c.drain(timeout: max(0, t + 20 - nowSeconds())) }
        r["loops_interrupted_at_stop"] = interrupted
        r["drain_s"] = nowSeconds() - t
        let quitters = sims.map { c in Task { await c.quit() } }
        for q in quitters { await q.value }
        let history = Self.roundHistory(ws("server"))
        let seconds = history.compactMap { $0["seconds"] as? Double }.sorted()
        r["rounds_completed"] = history.count
        r["round_median_s"] = seconds.isEmpty ? nil : seconds[seconds.count / 2]
        r["round_participants_min"] = inWindow.compactMap { ($0["participants"] as? [Any])?.count }.min()
        r["rounds_completed_before_stop"] = inWindow.count
        r["server_vmhwm_mib"] = ProcessStats.mib(pid, "VmHWM")
        r["server_rss_mib_after_quit"] = ProcessStats.mib(pid, "VmRSS")
        // Connections close asynchronously after Quit: let them settle, then see what is left.
        for _ in 0..<50 where (ProcessStats.openFiles(pid) ?? 0) > 64 { try await Task.sleep(for: .milliseconds(100)) }
        r["server_open_files_after_quit"] = ProcessStats.openFiles(pid)
        r["server_fd_kinds_after_quit"] = ProcessStats.descriptorKinds(pid)
        r["server_log_errors"] = (try? String(contentsOfFile: serverLog, encoding: .utf8))?
            .split(separator: "\n").filter { $0.contains("ERROR") || $0.contains("accept failed") }.prefix(5).map(String.init) ?? []

        _ = try? await adm.shutdown(Fl_V1_TargetRequest(session: session, target: .server), options: CallOptions(timeout: .seconds(30)))
        var exited = false
        for _ in 0..<100 {
            if waitpid(pid, nil, WNOHANG) == pid { exited = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        if exited { lock.withLock { serverPID = nil } }
        r["server_exited_on_shutdown"] = exited

        r["checks_passed"] = deployOK == o.clients && startOK == o.clients && routed.ok == o.clients && routed.wrong == 0
            && tokenMismatches == 0 && listed == o.clients && history.count >= 1 && interrupted == 0
    }

    /// `check_status client` to every client through the server: each answer must come from the
    /// client it is filed under (a simulated client answers with its own name).
    private func checkStatusRouting(_ adm: Fl_V1_AdminClient, session: String, names: Set<String>) async throws -> (ok: Int, wrong: Int, seconds: Double) {
        let t = nowSeconds()
        let reply = try await adm.checkStatus(Fl_V1_CheckStatusRequest(session: session, target: .client), options: CallOptions(timeout: .seconds(120)))
        var ok = 0, wrong = 0
        for c in reply.clients where names.contains(c.clientName) {
            if c.ok && c.message == c.clientName { ok += 1 } else {
                wrong += 1
                if c.ok { stats.misroute("check_status", c.clientName, "answered by \(c.message)") } else { stats.drop("check_status", c.clientName, c.message) }
            }
        }
        stats.ok("admin_check_status_all_clients", since: t)
        return (ok, wrong, nowSeconds() - t)
    }

    private func tail(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(5).joined(separator: " | ")
    }

    private func eventually<T>(_ what: String, timeout: Double, _ body: () async throws -> T?) async throws -> T {
        let deadline = nowSeconds() + timeout
        var last: Error?
        while nowSeconds() < deadline {
            do { if let v = try await body() { return v } } catch { last = error }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw FlockError(.unavailable, "timed out after \(Int(timeout)) s waiting for \(what)\(last.map { " (last error: \($0))" } ?? "")")
    }

    // MARK: Summary

    static func summary(_ r: [String: Any]) -> String {
        func d(_ k: String, _ f: String = "%.2f") -> String { (r[k] as? Double).map { String(format: f, $0) } ?? "-" }
        var s = "flock-load: \(r["ok"] as? Bool == true ? "PASSED" : "FAILED")\(r["error"].map { ": \($0)" } ?? "")\n"
        s += "clients \(r["clients"] ?? "-") registered \(r["registered"] ?? "-"), window \(d("window_s", "%.1f")) s, "
        s += "dropped \(r["dropped_total"] ?? "-"), misrouted \(r["misrouted_total"] ?? "-"), rounds \(r["rounds_completed"] ?? "-")\n"
        s += "server: \(d("server_cores")) cores, RSS steady \(d("server_rss_mib_steady", "%.0f")) MiB, max \(d("server_rss_mib_max", "%.0f")) MiB, "
        s += "VmHWM \(d("server_vmhwm_mib", "%.0f")) MiB, open files \(r["server_open_files"] ?? "-")\n"
        if let calls = r["calls"] as? [String: [String: Any]] {
            for (k, v) in calls.sorted(by: { $0.key < $1.key }) {
                let f = { (x: String) in String(format: "%.1f", v[x] as? Double ?? 0) }
                s += "  \(k): \(v["ok"] ?? 0) ok (\(f("per_s_in_window"))/s in window), p50 \(f("p50_ms")) ms, p99 \(f("p99_ms")) ms\n"
            }
        }
        for e in (r["examples"] as? [String]) ?? [] { s += "  ! \(e)\n" }
        return s
    }

    /// The rounds `fl_state.json` of the server's run 1 records so far.
    static func roundHistory(_ serverWorkspace: String) -> [[String: Any]] {
        let path = serverWorkspace + "/run_1/mmar_server/fl_state.json"
        let progress = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return (progress?["history"] as? [[String: Any]]) ?? []
    }
}
