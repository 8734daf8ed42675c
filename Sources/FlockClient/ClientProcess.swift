import FlockCore
import FlockRPC
import FlockTLS
import Foundation
import Logging

/// Everything `fl-client` does between reading its kit and exiting: verify the kit, load
/// fed_client.json and the site's local settings, dial the server (clients only dial out), and run
/// the client engine until shutdown, restart, removal or a signal.
public final class ClientProcess: @unchecked Sendable {
    public let workspace: Workspace
    public let engine: ClientEngine
    let channel: RPCChannel
    let logger: Logger

    /// Reads the kit in `startupDirectory`. Throws `FlockError` (exit code 78) for a kit or config
    /// that cannot be used. `serverOverride` ("host:port") replaces the kit's target (tests).
    public init(startupDirectory: String, logger: Logger) throws {
        self.logger = logger
        let startup = URL(fileURLWithPath: startupDirectory).standardizedFileURL.path
        workspace = Workspace(startupDirectory: startup)
        _ = try KitSignature.verify(startupDirectory: startup)
        let config = try FedClientConfig.load(path: workspace.startupFile(FedClientConfig.fileName))
        let local = try LocalSettings.load(startupDirectory: startup)
        try KeyFilePermissions.check(workspace.startupFile(config.client.sslPrivateKey))
        let certificate = try KitCertificateCheck.check(certificate: workspace.startupFile(config.client.sslCert),
                                                        privateKey: workspace.startupFile(config.client.sslPrivateKey),
                                                        rootCA: workspace.startupFile(config.client.sslRootCert))
        if let warning = certificate.warning { logger.warning("\(warning)") }
        let target = try config.server.serviceTarget()
        let tls = try TLSConfiguration.fromFiles(certificate: workspace.startupFile(config.client.sslCert),
                                                 privateKey: workspace.startupFile(config.client.sslPrivateKey),
                                                 trustRoots: workspace.startupFile(config.client.sslRootCert),
                                                 serverHostName: target.host)
        channel = try RPCChannel(configuration: .init(host: target.host, port: target.port, tls: tls,
                                                      keepalive: RPCKeepalive(interval: .seconds(30), timeout: .seconds(20)),
                                                      connectTimeout: .seconds(10)),
                                 logger: Logger(label: "FederatedClient"))
        engine = ClientEngine(name: config.client.name, project: config.server.name, workspace: workspace, transport: channel,
                              dataRoot: local.dataRoot, retryTimeout: Double(config.client.retryTimeout), logger: logger)
        logger.info("Client \(config.client.name) of project \(config.server.name) connecting to \(target.host):\(target.port); workspace \(workspace.root)")
    }

    /// Runs until the client should exit; returns the exit code.
    public func run() async -> Int32 {
        let engine = self.engine
        let stopSignal: Int32 = -1
        let code = await firstOf([
            { await engine.run() },
            { await Signals.wait(for: [SIGTERM, SIGINT]); return stopSignal },
        ])
        if code == stopSignal {
            // Stopped from outside (stop_fl.sh, Ctrl-C): say goodbye, so the server drops this
            // client from its round and its list now rather than after heart_beat_timeout.
            await engine.quit()
        }
        channel.close()
        logger.info(code == FlockExitCode.restartRequested ? "Client restarting" : "Client stopped")
        return code == stopSignal ? FlockExitCode.cleanShutdown : code
    }
}
