// flock-bench-fl: one Flock configuration of `make bench-fl` (scripts/bench-fl.sh runs the matrix).
//
// Provisions kits with the real fl-provision (fresh CA, mTLS everywhere), unpacks them, starts
// fl-server and N fl-client processes directly (`--startup DIR`, no supervisor, so the pids are
// the programs' own), drives a pass-through-trainer run of R rounds through the generated Admin
// client on 127.0.0.1, then appends one JSON line to --out:
//   {"framework":"flock","mb":..,"clients":..,"rounds":[s,..],"median_s":..,"server_peak_rss_mib":..,
//    "clients_peak_rss_mib_sum":..,"server_cpu_s_per_round":..,"clients_cpu_s_per_round":..,"ok":true,"error":null}
// Round seconds come from the server's fl_state.json (history[].seconds: round start to global
// model saved); peak RSS is VmHWM from /proc/PID/status read just before shutdown.
import FlockCore
import FlockProto
import FlockRPC
import FlockTLS
import Foundation

struct Options {
    var bin = ""
    var repo = ""
    var mb = 1.0
    var clients = 2
    var rounds = 3
    var work = NSTemporaryDirectory()
    var out = "/dev/stdout"
    var timeout = 900.0
    var label = ""

    init(_ args: [String]) throws {
        var i = 1
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw FlockError(.invalidArgument, "\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--bin": bin = try value()
            case "--repo": repo = try value()
            case "--mb": mb = Double(try value()) ?? 1
            case "--clients": clients = Int(try value()) ?? 2
            case "--rounds": rounds = Int(try value()) ?? 3
            case "--work": work = try value()
            case "--out": out = try value()
            case "--timeout": timeout = Double(try value()) ?? 900
            case "--label": label = try value()
            default: throw FlockError(.invalidArgument, "unknown option \(args[i]); usage: flock-bench-fl --bin DIR --repo DIR --mb N --clients N --rounds R [--work DIR] [--out FILE] [--timeout S] [--label L]")
            }
            i += 1
        }
        if bin.isEmpty { bin = URL(fileURLWithPath: args[0]).resolvingSymlinksInPath().deletingLastPathComponent().path }
        if repo.isEmpty { repo = FileManager.default.currentDirectoryPath }
    }
}

// MARK: Processes

/// stdout+stderr appended to `log`.
func spawn(_ exe: String, _ args: [String], log: String) throws -> pid_t {
    try ChildProcess.spawn(exe, args, stdout: log, append: true)
}

func runToEnd(_ exe: String, _ args: [String], log: String) throws -> (Int32, String) {
    let code = ChildProcess.wait(try spawn(exe, args, log: log))
    return (code, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
}

func eventually<T>(_ what: String, timeout: Double, every: Double = 0.1, _ body: () async throws -> T?) async throws -> T {
    let deadline = Date().addingTimeInterval(timeout)
    var last: Error?
    while Date() < deadline {
        do { if let v = try await body() { return v } } catch { last = error }
        try await Task.sleep(for: .seconds(every))
    }
    throw FlockError(.unavailable, "timed out after \(Int(timeout)) s waiting for \(what)\(last.map { " (last error: \($0))" } ?? "")")
}

// MARK: One configuration

func bench(_ o: Options) async -> [String: Any] {
    var result: [String: Any] = ["framework": "flock", "mb": o.mb, "clients": o.clients, "rounds_asked": o.rounds,
                                 "tls": "mTLS", "label": o.label]
    let root = "\(o.work)/flock-bench-\(Int(o.mb))mb-\(o.clients)c-\(UUID().uuidString.prefix(6))"
    var pids: [String: pid_t] = [:]
    var channel: RPCChannel?
    defer {
        for (_, p) in pids { kill(p, SIGTERM) }
        for (_, p) in pids { _ = ChildProcess.wait(p) }
        channel?.close()
        if ProcessInfo.processInfo.environment["FLOCK_KEEP_BENCH_DIRS"] == nil { try? FileManager.default.removeItem(atPath: root) }
    }
    do {
        try FileManager.default.createDirectory(atPath: root + "/logs", withIntermediateDirectories: true)
        let sites = (1...o.clients).map { "site-\($0)" }
        let admin = "admin@lead.org"
        let (fedPort, adminPort) = (LoopbackPort.free(), LoopbackPort.free())
        let yaml = """
        name: bench
        server:
          org: lead
          cn: localhost
          fed_learn_port: \(fedPort)
          admin_port: \(adminPort)
          admin_storage: transfer
          min_num_clients: 1
          max_num_clients: 100
        fl_clients:
        \(sites.map { "  - org: org-\($0)\n    client_name: \($0)" }.joined(separator: "\n"))
        admin_clients:
          - org: lead
            email: \(admin)
        """
        try yaml.write(toFile: root + "/project.yml", atomically: true, encoding: .utf8)
        let provision = o.bin + "/fl-provision"
        let (code, text) = try runToEnd(provision, ["-p", root + "/project.yml", "-o", root], log: root + "/logs/provision.txt")
        guard code == 0 else { throw FlockError(.internal, "fl-provision failed: \(text)") }
        var passwords: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("===> password: ") {
            let parts = line.split(separator: " ")
            passwords[String(parts[4].dropLast(4))] = String(parts[2])
        }
        func ws(_ n: String) -> String { root + "/ws/" + n }
        for kit in ["server"] + sites + [admin] {
            let (c, t) = try runToEnd(provision, ["unpack", "\(root)/packages/\(kit).zip", "-d", ws(kit), "-P", passwords[kit] ?? ""],
                                      log: root + "/logs/unpack-\(kit).txt")
            guard c == 0 else { throw FlockError(.internal, "unpack \(kit) failed: \(t)") }
        }
        pids["server"] = try spawn(o.bin + "/fl-server", ["--startup", ws("server") + "/startup", "--bind", "127.0.0.1"], log: ws("server") + "/log.txt")
        for s in sites { pids[s] = try spawn(o.bin + "/fl-client", ["--startup", ws(s) + "/startup"], log: ws(s) + "/log.txt") }

        let st = ws(admin) + "/startup/"
        let tls = try TLSConfiguration.fromFiles(certificate: st + "client.crt", privateKey: st + "client.key", trustRoots: st + "rootCA.pem",
                                                 serverHostName: "localhost")
        channel = try RPCChannel(configuration: .init(host: "127.0.0.1", port: adminPort, tls: tls))
        let client = Fl_V1_AdminClient(transport: channel!)
        let session = try await eventually("admin login", timeout: 60, every: 0.25) {
            try await client.login(Fl_V1_LoginRequest(userName: admin)).session
        }
        func status() async throws -> Fl_V1_ServerStatus {
            try await client.checkStatus(Fl_V1_CheckStatusRequest(session: session, target: .server)).server ?? Fl_V1_ServerStatus()
        }
        _ = try await eventually("\(o.clients) clients to register", timeout: 120, every: 0.25) { () -> Bool? in
            Set(try await status().registeredClients.map(\.clientName)).isSuperset(of: sites) ? true : nil
        }
        _ = try await client.setRunNumber(Fl_V1_RunNumberRequest(session: session, runNumber: 1))

        // The built-in app with the pass-through trainer (no real training) and no cross-site validation.
        let app = root + "/app"
        try FileManager.default.copyItem(atPath: o.repo + "/examples/apps/segmentation_ct_phantom", toPath: app)
        try """
        {"servers": [{"min_num_clients": \(o.clients), "max_num_clients": \(o.clients), "wait_after_min_clients": 0,
                      "heart_beat_timeout": 600, "num_rounds": \(o.rounds)}],
         "cross_site_validate": false}
        """.write(toFile: app + "/config/config_fed_server.json", atomically: true, encoding: .utf8)
        try "{\"client\": {\"benchmark_model_mb\": \(o.mb), \"cross_site_validate\": false}}"
            .write(toFile: app + "/config/config_fed_client.json", atomically: true, encoding: .utf8)
        _ = try await client.uploadFolder { writer in
            try await writer.write(Fl_V1_UploadFolderChunk(header: Fl_V1_UploadFolderHeader(session: session, folder: "bench")))
            try await FolderReader(root: app).forEachChunk { try await writer.write(Fl_V1_UploadFolderChunk(file: Fl_V1_FileChunk($0))) }
        }
        _ = try await client.deploy(Fl_V1_DeployRequest(session: session, app: "bench", target: .server))
        _ = try await client.deploy(Fl_V1_DeployRequest(session: session, app: "bench", target: .client))
        _ = try await client.start(Fl_V1_TargetRequest(session: session, target: .server))
        _ = try await client.start(Fl_V1_TargetRequest(session: session, target: .client))
        // CPU of fl-server and the clients over the run (user + system), for A/B comparisons that
        // are steadier than round times on shared cores.
        func cpu(_ names: [String]) -> Double { names.compactMap { pids[$0].flatMap(ProcessStats.cpuSeconds) }.reduce(0, +) }
        let cpuBefore = (server: cpu(["server"]), clients: cpu(sites))
        let started = Date()
        _ = try await eventually("the run to finish", timeout: o.timeout, every: 0.5) { () -> Bool? in
            if let p = pids["server"], kill(p, 0) != 0 { throw FlockError(.internal, "fl-server exited") }
            return try await status().status == .finished ? true : nil
        }
        result["run_wall_s"] = Date().timeIntervalSince(started)
        result["server_cpu_s_per_round"] = (cpu(["server"]) - cpuBefore.server) / Double(o.rounds)
        result["clients_cpu_s_per_round"] = (cpu(sites) - cpuBefore.clients) / Double(o.rounds)
        if let p = pids["server"] { result["server_peak_rss_mib"] = ProcessStats.mib(p, "VmHWM") }
        result["clients_peak_rss_mib_sum"] = sites.compactMap { pids[$0].flatMap { ProcessStats.mib($0, "VmHWM") } }.reduce(0, +)
        let state = ws("server") + "/run_1/mmar_server/fl_state.json"
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state))) as? [String: Any]
        let seconds = ((json?["history"] as? [[String: Any]]) ?? []).compactMap { $0["seconds"] as? Double }
        result["rounds"] = seconds
        let sorted = seconds.sorted()
        if !sorted.isEmpty {
            result["median_s"] = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        result["ok"] = seconds.count == o.rounds
        _ = try? await client.shutdown(Fl_V1_TargetRequest(session: session, target: .client))
    } catch {
        result["ok"] = false
        result["error"] = "\(error)"
        if let p = pids["server"] { result["server_peak_rss_mib"] = ProcessStats.mib(p, "VmHWM") }
    }
    return result
}

BrokenPipes.ignore()
do {
    let o = try Options(CommandLine.arguments)
    let r = await bench(o)
    let line = String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
    print(line)
    if o.out != "/dev/stdout" {
        let fh = FileManager.default.fileExists(atPath: o.out) ? FileHandle(forWritingAtPath: o.out) : { FileManager.default.createFile(atPath: o.out, contents: nil); return FileHandle(forWritingAtPath: o.out) }()
        fh?.seekToEndOfFile()
        fh?.write((line + "\n").data(using: .utf8)!)
        fh?.closeFile()
    }
    exit((r["ok"] as? Bool) == true ? 0 : 1)
} catch {
    FileHandle.standardError.write("flock-bench-fl: \(error)\n".data(using: .utf8)!)
    exit(2)
}
