import FlockCore
import FlockProto
import FlockRPC
import FlockTLS
import Foundation
import Logging

/// Everything `fl-server` does between reading its kit and exiting: verify the kit, load the
/// configs, serve FederatedTraining on fed_learn_port and Admin on admin_port, drop silent
/// clients, and stop on shutdown/restart requests or SIGTERM.
public final class ServerProcess: @unchecked Sendable {
    public let workspace: Workspace
    public let engine: ServerEngine
    let federated: RPCServer
    let admin: RPCServer
    let logger: Logger
    /// `<workspace>/crl.pem`: the revocation list `fl-provision revoke` writes, copied here by the
    /// lead. Beside startup/ (whose files are signed), loaded at start and re-read when it changes.
    let revocationListPath: String
    let rootCAPath: String
    private var revocationListStamp: FileStamp?
    private var revocationListInForce = false

    /// How often `crl.pem` is checked for changes.
    public static let revocationListCheckInterval: Duration = .seconds(2)
    public static let revocationListFileName = "crl.pem"

    /// Reads the kit in `startupDirectory`. Throws `FlockError` (exit code 78) for a kit or config
    /// that cannot be used.
    public init(startupDirectory: String, bindHost: String = "0.0.0.0", logger: Logger) throws {
        self.logger = logger
        let startup = URL(fileURLWithPath: startupDirectory).standardizedFileURL.path
        workspace = Workspace(startupDirectory: startup)
        _ = try KitSignature.verify(startupDirectory: startup)
        let config = try FedServerConfig.load(path: workspace.startupFile(FedServerConfig.fileName)).server
        let authPath = workspace.startupFile(AuthorizationConfig.fileName)
        let authorization = FileManager.default.fileExists(atPath: authPath) ? try AuthorizationConfig.load(path: authPath) : nil
        try KeyFilePermissions.check(workspace.startupFile(config.sslPrivateKey))
        var tls = try TLSConfiguration.fromFiles(certificate: workspace.startupFile(config.sslCert),
                                                 privateKey: workspace.startupFile(config.sslPrivateKey),
                                                 trustRoots: workspace.startupFile(config.sslRootCert))
        rootCAPath = workspace.startupFile(config.sslRootCert)
        revocationListPath = workspace.root + "/" + Self.revocationListFileName
        revocationListStamp = FileStamp(path: revocationListPath)
        if revocationListStamp != nil {
            // A list that cannot be used stops the start: serving without it would let revoked
            // participants in.
            let list = try Self.readRevocationList(revocationListPath, rootCA: rootCAPath)
            tls.revocationListPEM = list.pem
            revocationListInForce = true
            logger.info("Loaded \(revocationListPath): \(list.serials.count) revoked certificate(s)")
        }
        let certificate = try KitCertificateCheck.check(certificate: workspace.startupFile(config.sslCert),
                                                        privateKey: workspace.startupFile(config.sslPrivateKey),
                                                        rootCA: workspace.startupFile(config.sslRootCert))
        if let warning = certificate.warning { logger.warning("\(warning)") }
        let target = try ServiceTarget(parsing: config.service.target)
        engine = try ServerEngine(workspace: workspace, config: config, authorization: authorization,
                                  warnings: certificate.warning.map { [$0] } ?? [], logger: logger)
        let maxMessage = max(config.maxMessageLength, 4 << 20)
        // One limiter for both ports: a caller's CN is a client name or an admin email.
        let limiter = RequestRateLimiter(ratePerSecond: config.maxRequestsPerSecond, burst: config.maxRequestBurst,
                                         logger: Logger(label: "RateLimit"))
        var federatedConfiguration = RPCServer.Configuration(host: bindHost, port: target.port, tls: tls, maxReceiveMessageSize: maxMessage,
                                                             maxConcurrentStreams: config.maxConcurrentStreams)
        federatedConfiguration.streamReceiveWindow = Self.updateReceiveWindow
        // Partly received messages of all calls together (a peer keeping many calls half-sent):
        // at least two of the largest messages allowed.
        federatedConfiguration.partialMessageBudget = max(512 << 20, 2 * maxMessage)
        federated = RPCServer(configuration: federatedConfiguration,
                              services: [limiter.limiting(FederatedTrainingService(engine: engine))], logger: Logger(label: "FederatedServer"))
        var adminConfiguration = RPCServer.Configuration(host: bindHost, port: config.adminPort, tls: tls, maxReceiveMessageSize: maxMessage,
                                                         maxConcurrentStreams: config.maxConcurrentStreams)
        adminConfiguration.partialMessageBudget = federatedConfiguration.partialMessageBudget
        admin = RPCServer(configuration: adminConfiguration,
                          services: [limiter.limiting(AdminService(engine: engine))], logger: Logger(label: "AdminServer"))
    }

    /// Per-call HTTP/2 receive window of the federated service. Every client uploads its update
    /// at the same time, so this bounds what each one can make the server hold ahead of the
    /// aggregator (128 MiB x 8 clients: peak RSS 221 MiB with 16 MiB windows, about 73 with
    /// 2 MiB; 1 MiB saved no more memory and slowed rounds, as a 1 MiB model then needs a window
    /// update mid-upload). 2 MiB in flight per upload is plenty on loopback and a LAN; over a
    /// link with 50 ms round trips it caps one client's upload at about 40 MB/s.
    static let updateReceiveWindow = 2 << 20

    /// Reads `path` and checks that `rootCA` signed it. Throws `FlockError(.tls)` naming the file.
    static func readRevocationList(_ path: String, rootCA: String) throws -> (pem: String, serials: Set<String>) {
        let list = try CertificateRevocationList(pemFile: path)
        let root = try Certificate(pemFile: rootCA)
        guard list.isSigned(by: root) else {
            throw FlockError(.tls, "\(path) is not signed by this project's root CA (\(rootCA)); its issuer is \(list.issuer). Copy the crl.pem that fl-provision revoke wrote for this project (OUTDIR/state/crl.pem)")
        }
        guard list.lastUpdate <= Date() else {
            // OpenSSL would fail every handshake with "CRL is not yet valid".
            throw FlockError(.tls, "\(path) is dated in the future (lastUpdate \(ISO8601DateFormatter().string(from: list.lastUpdate))); this machine's clock is behind the provisioning machine's. Fix the clock, then copy the file again")
        }
        return (try list.pemEncoded(), list.revokedSerials)
    }

    /// Called every `revocationListCheckInterval`: when `crl.pem` changed (modification time,
    /// size or inode), loads it into both RPC servers; open connections of newly revoked
    /// certificates are closed. A list that cannot be used is refused with a log line and the
    /// one in force stays; a removed file keeps the list in force too (restart to drop it).
    func reloadRevocationListIfChanged() {
        let stamp = FileStamp(path: revocationListPath)
        guard stamp != revocationListStamp else { return }
        revocationListStamp = stamp
        guard stamp != nil else {
            if revocationListInForce {
                logger.warning("\(revocationListPath) was removed; the revocation list loaded before stays in force until the server restarts")
            }
            return
        }
        do {
            let list = try Self.readRevocationList(revocationListPath, rootCA: rootCAPath)
            let closed = try federated.updateRevocationList(list.pem) + admin.updateRevocationList(list.pem)
            revocationListInForce = true
            logger.info("Reloaded \(revocationListPath): \(list.serials.count) revoked certificate(s); closed \(closed) open connection(s) of revoked certificates")
        } catch {
            let kept = revocationListInForce ? "the revocation list loaded before stays in force" : "no revocation list is in force"
            logger.error("Refused \(revocationListPath): \((error as? FlockError)?.message ?? "\(error)"); \(kept)")
        }
    }

    /// fed_server.json keys Clara's kits carry that Flock accepts but does not act on, when they
    /// are set to something that would lead an admin to expect otherwise.
    static func ignoredSettings(_ c: FedServerConfig.Server) -> [String] {
        var notes: [String] = []
        if c.compression != "none" {
            notes.append("fed_server.json compression is '\(c.compression)', but Flock does not compress messages (model weights barely compress): they are sent uncompressed. Set it to \"none\" to silence this")
        }
        if c.adminStorage != Workspace.transferFolderName {
            notes.append("fed_server.json admin_storage is '\(c.adminStorage)', but uploaded apps always go to \(Workspace.transferFolderName)/ in the workspace. Set it to \"\(Workspace.transferFolderName)\" to silence this")
        }
        return notes
    }

    /// Serves until an admin asks for shutdown/restart or a signal arrives; returns the exit code.
    public func run() async throws -> Int32 {
        try federated.start()
        try admin.start()
        let engine = self.engine
        logger.info("Server started for project \(engine.project): fed_learn_port \(federated.port), admin_port \(admin.port), workspace \(workspace.root)")
        let c = engine.fedConfig
        logger.info("Limits: max_message_length \(federated.configuration.maxReceiveMessageSize) bytes, max_concurrent_streams \(c.maxConcurrentStreams) per connection, max_num_clients \(c.maxNumClients), max_upload_bytes \(c.maxUploadBytes), max_requests_per_second \(c.maxRequestsPerSecond == 0 ? "unlimited" : "\(c.maxRequestsPerSecond)") per client or admin (bursts of \(c.maxRequestBurst)); models up to \(c.aggregationMemoryMB) MiB are averaged in memory (aggregation_memory_mb)")
        for note in Self.ignoredSettings(c) { logger.warning("\(note)") }
        let expiry = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await engine.expireClients()
            }
        }
        let crlWatch = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.revocationListCheckInterval)
                reloadRevocationListIfChanged()
            }
        }
        defer { crlWatch.cancel() }
        let request = await firstOf([
            { await engine.waitForExitRequest() },
            { await Signals.wait(for: [SIGTERM, SIGINT]); return .shutdown },
        ])
        expiry.cancel()
        logger.info(request == .restart ? "Server restarting" : "Server shutting down")
        async let a: Void = federated.shutdown(gracePeriod: .seconds(5))
        async let b: Void = admin.shutdown(gracePeriod: .seconds(5))
        _ = await (a, b)
        await engine.settleRun()
        await engine.flushState()
        return request == .restart ? FlockExitCode.restartRequested : FlockExitCode.cleanShutdown
    }
}

/// What identifies one version of a file without reading it.
struct FileStamp: Equatable {
    let modified: timespec
    let size: Int
    let inode: UInt

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        modified = info.st_mtim
        size = Int(info.st_size)
        inode = UInt(info.st_ino)
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec && a.size == b.size && a.inode == b.inode
    }
}
