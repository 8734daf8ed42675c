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
        let tls = try TLSConfiguration.fromFiles(certificate: workspace.startupFile(config.sslCert),
                                                 privateKey: workspace.startupFile(config.sslPrivateKey),
                                                 trustRoots: workspace.startupFile(config.sslRootCert))
        let certificate = try KitCertificateCheck.check(certificate: workspace.startupFile(config.sslCert),
                                                        privateKey: workspace.startupFile(config.sslPrivateKey),
                                                        rootCA: workspace.startupFile(config.sslRootCert))
        if let warning = certificate.warning { logger.warning("\(warning)") }
        let target = try ServiceTarget(parsing: config.service.target)
        engine = try ServerEngine(workspace: workspace, config: config, authorization: authorization,
                                  warnings: certificate.warning.map { [$0] } ?? [], logger: logger)
        let maxMessage = max(config.maxMessageLength, 4 << 20)
        federated = RPCServer(configuration: .init(host: bindHost, port: target.port, tls: tls, maxReceiveMessageSize: maxMessage),
                              services: [FederatedTrainingService(engine: engine)], logger: Logger(label: "FederatedServer"))
        admin = RPCServer(configuration: .init(host: bindHost, port: config.adminPort, tls: tls, maxReceiveMessageSize: maxMessage),
                          services: [AdminService(engine: engine)], logger: Logger(label: "AdminServer"))
    }

    /// Serves until an admin asks for shutdown/restart or a signal arrives; returns the exit code.
    public func run() async throws -> Int32 {
        try federated.start()
        try admin.start()
        let engine = self.engine
        logger.info("Server started for project \(engine.project): fed_learn_port \(federated.port), admin_port \(admin.port), workspace \(workspace.root)")
        let expiry = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await engine.expireClients()
            }
        }
        let request = await firstOf([
            { await engine.waitForExitRequest() },
            { await Signals.wait(for: [SIGTERM, SIGINT]); return .shutdown },
        ])
        expiry.cancel()
        logger.info(request == .restart ? "Server restarting" : "Server shutting down")
        async let a: Void = federated.shutdown(gracePeriod: .seconds(5))
        async let b: Void = admin.shutdown(gracePeriod: .seconds(5))
        _ = await (a, b)
        return request == .restart ? FlockExitCode.restartRequested : FlockExitCode.cleanShutdown
    }
}
