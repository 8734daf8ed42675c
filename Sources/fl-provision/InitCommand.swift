import ArgumentParser
import FlockCore
import FlockProvision

/// `fl-provision init`: writes a commented example project.yml.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented example project.yml to edit.")

    /// `-o FILE`: where to write the example (default project.yml); shared with the parent command.
    @OptionGroup var outputOption: OutputFolderOption
    var output: String { outputOption.output ?? "project.yml" }

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
