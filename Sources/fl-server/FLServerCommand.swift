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
        // One descriptor per client connection: a soft limit of 1024 would refuse the ~1000th client.
        let files = OpenFileLimit.raise()
        if files.after > files.before {
            logger.info("Raised the open-file limit from \(files.before) to \(files.after) (one descriptor per client connection)")
        } else if files.after < 4096 {
            logger.warning("The open-file limit is \(files.after) (hard limit \(OpenFileLimit.current.hard)); the server cannot hold more connections than that. Raise it (ulimit -Hn, LimitNOFILE=) for large federations")
        }
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
