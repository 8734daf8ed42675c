import ArgumentParser
import Foundation
import FlockCore
import FlockProvision

/// `fl-provision unpack KIT.zip -d DIR`: extracts a kit package (AES-256 or ZipCrypto).
struct UnpackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack",
        abstract: "Extract a startup kit package (AES-256 or ZipCrypto) for sites without 7z.",
        discussion: """
        Extracts KIT.zip into DIR/startup/ (DIR becomes the workspace: keep startup/ under that name) \
        and checks the kit signature. Without -P the password is asked for (or read from standard input \
        when it is not a terminal).
        """)

    @Argument(help: ArgumentHelp("The package to extract.", valueName: "KIT.zip"))
    var package: String

    @Option(name: [.customShort("d"), .customLong("directory")],
            help: ArgumentHelp("Workspace folder to extract into (created if missing); must not hold a startup/ folder yet.", valueName: "DIR"))
    var directory: String = "."

    @Option(name: [.customShort("P"), .customLong("password")],
            help: ArgumentHelp("The package's password (visible to other users in the process list; omit it to be asked).", valueName: "PASSWORD"))
    var password: String?

    func run() throws {
        let secret = password ?? readPassword()
        do {
            let result = try KitUnpacker.unpack(package: package, password: secret, into: directory)
            Console.error("fl-provision unpack: extracted \(result.files.count) files into \(result.startupDirectory)")
            if let problem = result.signatureProblem {
                Console.error("fl-provision unpack: warning: the kit signature does not verify: \(problem)")
                throw ExitCode.failure
            }
            Console.error("fl-provision unpack: kit signature verified.")
        } catch let error as FlockError {
            Console.error("fl-provision unpack: \(error.message)")
            throw ExitCode.failure
        }
    }

    private func readPassword() -> String {
        if isatty(0) != 0, let entered = getpass("Password for \(package): ") {
            return String(cString: entered)
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
