import ArgumentParser
import Foundation
import FlockCore
import FlockProvision
import Logging

/// `fl-provision`: makes the startup kits of a Flock project. Thin: the work is in FlockProvision.
@main
struct FlProvision: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fl-provision",
        abstract: "Make the encrypted startup kit of every participant (server, clients, admins) of a Flock project.",
        discussion: """
        Reads the project description (project.yml), creates a root CA, and writes one password-protected \
        package per participant to OUTDIR/packages/<name>.zip, plus OUTDIR/audit.json (what was issued, \
        no secrets) and OUTDIR/state/ (the root CA and its key: keep them safe). Each package's password \
        is printed as '===> password: PASSWORD for NAME.zip [to EMAIL]'; send it separately from the package.

        Run it again after adding clients or admins to project.yml: only the newcomers get kits, signed \
        by the same root CA, and existing packages stay as they are. --reissue-all starts over.

        Sites open AES-256 packages with `7z x -pPASSWORD NAME.zip`, `bsdtar --passphrase PASSWORD -xf NAME.zip` \
        or `fl-provision unpack NAME.zip -d DIR`. See docs/provisioning.md.
        """,
        subcommands: [InitCommand.self, UnpackCommand.self, RevokeCommand.self])

    @Option(name: [.customShort("p"), .customLong("project")],
            help: ArgumentHelp("The project description to read.", valueName: "project.yml"))
    var project: String = "project.yml"

    @OptionGroup var outputFolder: OutputFolderOption
    var output: String { outputFolder.output ?? "." }

    @Option(name: .customLong("zip-encryption"),
            help: ArgumentHelp("Package encryption: aes256 (strong; open with 7z, bsdtar or fl-provision unpack) or zipcrypto (weak; for sites that only have Info-ZIP `unzip -P`).",
                               valueName: "aes256|zipcrypto"))
    var zipEncryption: ZipEncryption = .aes256

    @Flag(name: .customLong("reissue-all"),
          help: "Start over: new root CA and new kits for everyone, replacing earlier output in OUTDIR. Every site then needs its new kit.")
    var reissueAll = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Log each kit as it is issued.")
    var verbose = false

    func run() throws {
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        if zipEncryption == .zipcrypto { Console.error(ZipEncryption.zipCryptoWarning) }
        let result: Provisioner.Result
        do {
            result = try Provisioner().run(.init(projectFile: project, outputDirectory: output,
                                                 zipEncryption: zipEncryption, reissueAll: reissueAll))
        } catch let error as FlockError {
            Console.error("fl-provision: \(error.message)")
            throw ExitCode.failure
        }
        report(result)
    }

    private func report(_ result: Provisioner.Result) {
        if result.action == .unchanged {
            Console.error("fl-provision: nothing to issue: every participant in \(project) already has a package in \(result.packagesDirectory). Add clients or admins to \(project) to issue their kits, or start over with --reissue-all.")
            return
        }
        for package in result.packages { Console.out(package.consoleLine) }
        let counts = Dictionary(grouping: result.packages, by: \.kind).mapValues(\.count)
        let summary = "\(counts[.server] ?? 0) server, \(counts[.client] ?? 0) client and \(counts[.admin] ?? 0) admin kit(s)"
        switch result.action {
        case .create: Console.error("fl-provision: project '\(result.project)': issued \(summary) with a new root CA.")
        case .grow: Console.error("fl-provision: project '\(result.project)': issued \(summary) for newcomers with the existing root CA; \(result.kept.count) existing package(s) left unchanged.")
        case .reissueAll: Console.error("fl-provision: project '\(result.project)': issued \(summary) with a NEW root CA; earlier packages no longer work with this server kit: send every site its new package.")
        case .unchanged: break
        }
        if !result.notInProject.isEmpty {
            Console.error("fl-provision: note: \(result.notInProject.joined(separator: ", ")) no longer in \(project); their earlier kits stay valid until they expire (use --reissue-all to shut them out).")
        }
        Console.error("""
            Packages: \(result.packagesDirectory)  (open with \(zipEncryption.openCommand))
            Audit record: \(result.auditPath)
            Root CA key: \(result.outputDirectory)/state/rootCA.key (keep it safe: it signs every kit and is needed to add participants)
            Send each password separately from its package.
            """)
    }
}

extension ZipEncryption: ExpressibleByArgument {}

/// `-o`, shared by `fl-provision` and its `init` and `revoke` subcommands. ArgumentParser lets a
/// parent command's options appear after a subcommand's name and gives them to the parent, so a
/// subcommand's own `-o` would never be filled; an option group of the same type is decoded once
/// and handed to both. Each command applies its own default.
struct OutputFolderOption: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Folder that receives packages/, audit.json and state/ (created if missing; its parent must exist; default: the current folder). For init: the example file to write (default: project.yml).",
                               valueName: "OUTDIR"))
    var output: String?
}

/// Writes to standard output and error without the Swift 6 `stdout` globals.
enum Console {
    static func out(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    static func error(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
