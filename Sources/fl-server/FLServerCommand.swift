import ArgumentParser
import FlockCore
import FlockServer
import Foundation
import Logging

@main
struct FLServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fl-server",
        abstract: "The Flock federated-learning server.",
        discussion: """
        Started by the server kit's startup/start.sh (through sub_start.sh, which restarts it after a crash).
        It verifies the kit's signature, then serves clients on fed_learn_port and admins on admin_port as
        set in startup/fed_server.json. Exit codes: 0 shutdown, 3 restart requested, 78 configuration error.
        """)

    @Option(name: .long, help: "The kit's startup folder (the workspace is its parent).")
    var startup: String

    @Option(name: .long, help: "Address to listen on (default: all interfaces).")
    var bind: String = "0.0.0.0"

    @Option(name: .long, help: "Log level: debug, info, warning, error.")
    var logLevel: String = "info"

    func run() async throws {
        MemoryTuning.configureAllocator()   // large messages reuse heap memory (no mmap/fault churn)
        SeedLogHandler.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "FederatedServer")
        let process: ServerProcess
        do {
            process = try ServerProcess(startupDirectory: startup, bindHost: bind, logger: logger)
        } catch {
            logger.error("Cannot start the server: \(error)")
            throw ExitCode(FlockExitCode.configurationError)
        }
        let code: Int32
        do {
            code = try await process.run()
        } catch {
            logger.error("Server failed: \(error)")
            throw ExitCode(1)
        }
        throw ExitCode(code)
    }
}
