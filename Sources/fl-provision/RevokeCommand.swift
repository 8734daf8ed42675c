import ArgumentParser
import FlockCore
import FlockProvision

/// `fl-provision revoke NAME -o OUTDIR`: revokes a participant's certificate.
struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a participant's certificate: write the project's revocation list (CRL) for the server.",
        discussion: """
        Looks NAME (a client name or an admin email) up in OUTDIR/audit.json, records the revocation there, \
        and writes OUTDIR/state/crl.pem: every certificate revoked so far, signed by the root CA in OUTDIR/state/. \
        Copy that file to the server workspace as <server workspace>/crl.pem (beside startup/, not inside it). \
        A running server loads it within seconds, refuses the revoked certificate at the TLS handshake and \
        closes its open connections. See docs/provisioning.md.
        """)

    @Argument(help: ArgumentHelp("The participant to revoke: a client name or an admin email, as in project.yml.", valueName: "NAME"))
    var name: String

    /// The provisioning output folder (holds audit.json and state/); shared with the parent command.
    @OptionGroup var outputFolder: OutputFolderOption

    func run() throws {
        let result: Revoker.Result
        do {
            result = try Revoker.revoke(name: name, outputDirectory: outputFolder.output ?? ".")
        } catch let error as FlockError {
            Console.error("fl-provision revoke: \(error.message)")
            throw ExitCode.failure
        }
        let what = result.newlyRevoked ? "revoked" : "was already revoked; rewrote the list for"
        Console.error("""
            fl-provision revoke: \(what) \(result.kind.rawValue) \(result.name) (certificate serial \(result.serial)); \(result.revokedCount) certificate(s) revoked in all.
            Revocation list: \(result.revocationListPath)
            Next: copy it to the server workspace as <server workspace>/crl.pem; the running server loads it within seconds.
            """)
    }
}
