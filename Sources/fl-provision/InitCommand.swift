import ArgumentParser
import FlockCore
import FlockProvision

/// `fl-provision init`: writes a commented example project.yml.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented example project.yml to edit.")

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Where to write the example.", valueName: "project.yml"))
    var output: String = "project.yml"

    @Flag(help: "Overwrite the file if it exists.")
    var force = false

    func run() throws {
        do {
            try ProjectTemplate.write(to: output, force: force)
        } catch let error as FlockError {
            Console.error("fl-provision init: \(error.message)")
            throw ExitCode.failure
        }
        Console.error("fl-provision init: wrote \(output). Edit it (server cn, ports, clients, admins), then run: fl-provision -p \(output) -o OUTDIR")
    }
}
