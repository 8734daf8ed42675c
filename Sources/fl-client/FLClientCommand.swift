import ArgumentParser
import FlockClient
import FlockCore
import Foundation
import Logging

@main
struct FLClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fl-client",
        abstract: "A Flock federated-learning client (one per site).",
        discussion: """
        Started by the client kit's startup/start.sh (through sub_start.sh, which restarts it after a crash).
        It verifies the kit's signature, dials the server named in startup/fed_client.json, and waits for
        admin commands (deploy, start, abort, ...). The site's data root is set in startup/local_settings.json.
        Exit codes: 0 shutdown, 3 restart requested, 78 configuration error.
        """)

    @Option(name: .long, help: "The kit's startup folder (the workspace is its parent).")
    var startup: String

    @Option(name: .long, help: "GPUs to train on when started by start_mgpu.sh (the admin's start_mgpu also sets it).")
    var gpus: Int?

    @Option(name: .long, help: "Log level: debug, info, warning, error.")
    var logLevel: String = "info"

    func run() async throws {
        MemoryTuning.configureAllocator()   // large messages reuse heap memory (no mmap/fault churn)
        SeedLogHandler.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "FederatedClient")
        let process: ClientProcess
        do {
            process = try ClientProcess(startupDirectory: startup, logger: logger)
        } catch {
            logger.error("Cannot start the client: \(error)")
            throw ExitCode(FlockExitCode.configurationError)
        }
        throw ExitCode(await process.run())
    }
}
