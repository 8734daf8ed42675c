import FlockCore
import FlockProto
import FlockRPC
import FlockServer
import FlockTLS
import Foundation
import Testing

/// A real federation on 127.0.0.1 for end-to-end tests: kits provisioned by the real
/// `fl-provision` (fresh root CA per test), unpacked into separate workspaces, processes started
/// with the kits' own `start.sh`, and an admin session over the generated Admin client stub.
final class Federation: @unchecked Sendable {
    let root: String
    let project = "e2e"
    let clients: [String]
    let admin = "admin@lead.org"
    /// Every admin of the project (the first is `admin`, a project_admin of org lead).
    let admins: [AdminKit]
    let fedPort: Int
    let adminPort: Int
    private(set) var passwords: [String: String] = [:]
    private var channel: RPCChannel?
    private(set) var session = ""

    /// The folder holding the built binaries (fl-server, fl-client, fl-provision).
    static let binaries: String = {
        if let env = ProcessInfo.processInfo.environment["FLOCK_HOME"] { return env }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for dir in [exe.deletingLastPathComponent(), exe.deletingLastPathComponent().deletingLastPathComponent()]
            where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("fl-server").path) {
            return dir.path
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug").path
    }()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// An admin of the project.yml: email, org and roles (nil: provisioning's default).
    struct AdminKit: Sendable {
        var email: String
        var org: String
        var roles: [String]?
    }

    /// `admins` adds admins after the default `admin@lead.org` (for role tests); `server` adds or
    /// replaces keys of project.yml's `server:` section (e.g. `["max_num_clients": "1"]`).
    init(clients: [String] = ["site-1", "site-2"], label: String = "fed", admins extraAdmins: [AdminKit] = [],
         server serverSettings: [String: String] = [:]) throws {
        root = NSTemporaryDirectory() + "flock-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        self.clients = clients
        admins = [AdminKit(email: admin, org: "lead", roles: nil)] + extraAdmins
        (fedPort, adminPort) = (LoopbackPort.free(), LoopbackPort.free())
        let serverLines = (["min_num_clients": "1", "max_num_clients": "10"].merging(serverSettings) { $1 })
            .sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
        let yaml = """
        name: \(project)
        server:
          org: lead
          cn: localhost
          fed_learn_port: \(fedPort)
          admin_port: \(adminPort)
          admin_storage: transfer
        \(serverLines)
        fl_clients:
        \(clients.map { "  - org: org-\($0)\n    client_name: \($0)" }.joined(separator: "\n"))
        admin_clients:
        \(admins.map { a in "  - org: \(a.org)\n    email: \(a.email)" + (a.roles.map { "\n    roles: [\($0.joined(separator: ", "))]" } ?? "") }.joined(separator: "\n"))
        """
        try yaml.write(toFile: root + "/project.yml", atomically: true, encoding: .utf8)
        let out = try Self.run(Self.binaries + "/fl-provision", ["-p", root + "/project.yml", "-o", root])
        guard out.status == 0 else { throw FlockError(.internal, "fl-provision failed: \(out.output)") }
        for line in out.output.split(separator: "\n") where line.hasPrefix("===> password: ") {
            let parts = line.split(separator: " ")
            passwords[String(parts[4].dropLast(4))] = String(parts[2])
        }
        for kit in ["server"] + clients + admins.map(\.email) {
            let r = try Self.run(Self.binaries + "/fl-provision", ["unpack", "\(root)/packages/\(kit).zip", "-d", workspace(kit), "-P", passwords[kit]!])
            guard r.status == 0 else { throw FlockError(.internal, "unpack \(kit) failed: \(r.output)") }
        }
    }

    func workspace(_ name: String) -> String { root + "/ws/" + name }
    func log(_ name: String) -> String { (try? String(contentsOfFile: workspace(name) + "/log.txt", encoding: .utf8)) ?? "" }

    // MARK: Processes

    @discardableResult
    func start(_ name: String) throws -> String {
        let r = try Self.run(workspace(name) + "/startup/start.sh", [], environment: ["FLOCK_HOME": Self.binaries, "FLOCK_RESTART_DELAY": "1"])
        guard r.status == 0 else { throw FlockError(.internal, "start.sh of \(name) failed: \(r.output)") }
        return r.output
    }

    func stop(_ name: String) {
        _ = try? Self.run(workspace(name) + "/startup/stop_fl.sh", [])
    }

    /// The pid of the running fl-server / fl-client of `name` (not its supervisor).
    func pid(_ name: String) -> Int32? {
        let program = name == "server" ? "fl-server" : "fl-client"
        let r = try? Self.run("/usr/bin/pgrep", ["-f", "\(program) --startup \(workspace(name))/startup"])
        return r?.stdout.split(separator: "\n").compactMap { Int32($0) }.first
    }

    /// `kill -9` of the process (its supervisor restarts it, as after a crash).
    func kill9(_ name: String) throws {
        guard let p = pid(name) else { throw FlockError(.notFound, "\(name) is not running") }
        kill(p, SIGKILL)
    }

    func shutdownAll() {
        for name in clients + ["server"] { stop(name) }
        channel?.close()
    }

    deinit {
        shutdownAll()
        if ProcessInfo.processInfo.environment["FLOCK_KEEP_TEST_DIRS"] == nil { try? FileManager.default.removeItem(atPath: root) }
    }

    // MARK: Admin

    /// The generated Admin client over mTLS with the admin kit's certificate.
    func adminClient() throws -> Fl_V1_AdminClient {
        if channel == nil {
            let s = workspace(admin) + "/startup/"
            let tls = try TLSConfiguration.fromFiles(certificate: s + "client.crt", privateKey: s + "client.key", trustRoots: s + "rootCA.pem",
                                                     serverHostName: "localhost")
            channel = try RPCChannel(configuration: .init(host: "127.0.0.1", port: adminPort, tls: tls))
        }
        return Fl_V1_AdminClient(transport: channel!)
    }

    /// Runs the real `fl-admin` through the admin kit's `startup/fl_admin.sh` with `input` on
    /// stdin (the user name first, unless `--user` is among `args`, then one command a line).
    func fl_admin(_ input: String, as email: String? = nil, _ args: [String] = []) throws -> Output {
        try Self.run(workspace(email ?? admin) + "/startup/fl_admin.sh", args, environment: ["FLOCK_HOME": Self.binaries], stdin: input)
    }

    /// The server's admin_audit.log.
    var auditLog: String { (try? String(contentsOfFile: workspace("server") + "/admin_audit.log", encoding: .utf8)) ?? "" }

    func login() async throws {
        session = try await eventually("admin login", timeout: 30) {
            try await self.adminClient().login(Fl_V1_LoginRequest(userName: self.admin)).session
        }
    }

    func upload(_ folder: String, from source: String) async throws -> Fl_V1_CommandReply {
        let s = session
        return try await adminClient().uploadFolder { writer in
            try await writer.write(Fl_V1_UploadFolderChunk(header: Fl_V1_UploadFolderHeader(session: s, folder: folder)))
            try await FolderReader(root: source).forEachChunk { try await writer.write(Fl_V1_UploadFolderChunk(file: Fl_V1_FileChunk($0))) }
        }
    }

    func serverStatus() async throws -> Fl_V1_ServerStatus {
        try await adminClient().checkStatus(Fl_V1_CheckStatusRequest(session: session, target: .server)).server ?? Fl_V1_ServerStatus()
    }

    /// Polls `body` until it returns a value (not nil, no error), at most `timeout` seconds.
    func eventually<T>(_ what: String, timeout: Double, every: Double = 0.25, _ body: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var last: Error?
        while Date() < deadline {
            do { if let v = try await body() { return v } } catch { last = error }
            try await Task.sleep(for: .seconds(every))
        }
        throw FlockError(.unavailable, "timed out after \(timeout) s waiting for \(what)\(last.map { " (last error: \($0))" } ?? "")")
    }

    /// Run 1's `fl_state.json` on the server.
    var progressPath: String { workspace("server") + "/run_1/mmar_server/fl_state.json" }
    /// Run 1's progress as saved on the server (nil before its first save).
    func progress() -> RunProgress? { try? RunProgress.load(progressPath) }

    /// Waits until run 1 is recorded as finished; returns its progress.
    func waitForFinish(timeout: Double = 240, every: Double = 1) async throws -> RunProgress {
        try await eventually("the run to finish", timeout: timeout, every: every) { () -> RunProgress? in
            guard let p = progress(), p.finished else { return nil }
            return p
        }
    }

    /// Waits until every client is registered with the server.
    func waitForClients(_ names: [String]? = nil, timeout: Double = 60) async throws {
        let want = Set(names ?? clients)
        _ = try await eventually("clients \(want.sorted()) to register", timeout: timeout) { () -> Bool? in
            let got = Set(try await self.serverStatus().registeredClients.map(\.clientName))
            return want.isSubset(of: got) ? true : nil
        }
    }

    /// Starts the server and the clients, then as the admin: run 1, upload `app` as `name`,
    /// deploy it to the server and every client, start the server and the clients.
    func startRun(app: String, name: String) async throws {
        try start("server")
        for c in clients { try start(c) }
        try await login()
        try await waitForClients()
        let admin = try adminClient(), s = session
        _ = try await admin.setRunNumber(Fl_V1_RunNumberRequest(session: s, runNumber: 1))
        _ = try await upload(name, from: app)
        _ = try await admin.deploy(Fl_V1_DeployRequest(session: s, app: name, target: .server))
        _ = try await admin.deploy(Fl_V1_DeployRequest(session: s, app: name, target: .client))
        _ = try await admin.start(Fl_V1_TargetRequest(session: s, target: .server))
        _ = try await admin.start(Fl_V1_TargetRequest(session: s, target: .client))
    }

    /// A copy of the built-in phantom app with `numRounds` rounds and `epochs` local epochs.
    func makeApp(rounds: Int, epochs: Int, minClients: Int, extraServer: String = "") throws -> String {
        let app = root + "/app"
        try? FileManager.default.removeItem(atPath: app)
        try FileManager.default.copyItem(atPath: Self.repository + "/examples/apps/segmentation_ct_phantom", toPath: app)
        let server = """
        {"servers": [{"min_num_clients": \(minClients), "max_num_clients": 10, "wait_after_min_clients": 0,
                      "heart_beat_timeout": 60, "num_rounds": \(rounds)\(extraServer)}],
         "cross_site_validate": true}
        """
        try server.write(toFile: app + "/config/config_fed_server.json", atomically: true, encoding: .utf8)
        try "{\"client\": {\"local_epochs\": \(epochs)}}".write(toFile: app + "/config/config_fed_client.json", atomically: true, encoding: .utf8)
        return app
    }

    // MARK: Utilities

    struct Output { var status: Int32; var stdout: String; var output: String }

    /// Runs a program to its end (see `ChildProcess`: no Foundation Process, clean signal mask).
    static func run(_ exe: String, _ args: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Output {
        let r = try ChildProcess.run(exe, args, environment: environment, stdin: stdin)
        return Output(status: r.status, stdout: r.stdout, output: r.output)
    }
}

extension Federation {
    /// Ends the federation the way an admin does (`shutdown client`, then `shutdown server`,
    /// through fl-admin), which is quicker than stop_fl.sh's SIGTERM; waits up to 30 s for exit.
    func shutdownByAdmin() {
        _ = try? fl_admin("shutdown client\nshutdown server\n", ["--user", admin, "--yes"])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && !(["server"] + clients).allSatisfy({ pid($0) == nil }) { usleep(200_000) }
        shutdownAll()
    }
}
