import FlockCore
import FlockTLS
import Foundation
import Testing

/// Revocation and key-file permissions with the real binaries: `fl-provision revoke` writes the
/// CRL, the lead drops it into the running server's workspace, and the server refuses the
/// revoked client and admin from then on without a restart.
@Suite("Certificate revocation and key permissions (real binaries)", .serialized)
struct RevocationEndToEndTests {
    static let ops = Federation.AdminKit(email: "ops@lead.org", org: "lead", roles: nil)

    /// Puts `text` at `<server workspace>/crl.pem` the way docs/provisioning.md says: a copy
    /// beside it, then a rename, so the server never reads half a file.
    func install(crl text: String, in fed: Federation) throws {
        let target = fed.workspace("server") + "/crl.pem"
        try text.write(toFile: target + ".new", atomically: false, encoding: .utf8)
        guard rename(target + ".new", target) == 0 else { throw FlockError(.io, "rename failed") }
    }

    func serial(_ fed: Federation, _ name: String) throws -> String {
        try Certificate(pemFile: fed.workspace(name) + "/startup/client.crt").serialNumber
    }

    @Test("fl-provision revoke + crl.pem dropped into a running server: revoked client and admin refused at the handshake and named in the log; a foreign CRL is refused")
    func revokeWhileRunning() async throws {
        let fed = try Federation(clients: ["site-1"], label: "revoke", admins: [Self.ops])
        defer { fed.shutdownByAdmin() }
        try fed.start("server")
        try await fed.login()
        let before = try fed.fl_admin("check_status server\n", as: Self.ops.email, ["--user", Self.ops.email, "--yes"])
        #expect(before.status == 0, "\(before.output)")

        // A CRL from another CA is refused; nobody is shut out by it.
        let impostor = try CertificateAuthority.create(commonName: "Impostor Root CA")
        let foreign = try impostor.makeRevocationList(revoking: [.init(serial: try serial(fed, "site-1"), revokedAt: Date())])
        try install(crl: try foreign.pemEncoded(), in: fed)
        let refused = try await fed.eventually("the foreign CRL refused", timeout: 10) {
            fed.log("server").split(separator: "\n").first { $0.contains("Refused") && $0.contains("crl.pem") }
        }
        #expect(refused.contains("is not signed by this project's root CA"), "\(refused)")

        // Revoke the client and the second admin; the lead copies the list in.
        for name in ["site-1", Self.ops.email] {
            let r = try Federation.run(Federation.binaries + "/fl-provision", ["revoke", name, "-o", fed.root])
            #expect(r.status == 0, "\(r.output)")
            #expect(r.output.contains("revoked"), "\(r.output)")
        }
        try install(crl: try String(contentsOfFile: fed.root + "/state/crl.pem", encoding: .utf8), in: fed)
        let reloaded = try await fed.eventually("the CRL reloaded", timeout: 10) {
            fed.log("server").split(separator: "\n").first { $0.contains("Reloaded") && $0.contains("crl.pem") }
        }
        #expect(reloaded.contains("2 revoked certificate(s)"), "\(reloaded)")

        // The revoked admin cannot connect any more.
        let after = try fed.fl_admin("check_status server\n", as: Self.ops.email, ["--user", Self.ops.email, "--yes"])
        #expect(after.status != 0, "\(after.output)")
        #expect(!after.output.contains("FL server status"), "\(after.output)")
        #expect(after.output.contains("certificate revoked"), "\(after.output)")
        let opsSerial = try serial(fed, Self.ops.email)
        let adminLine = try await fed.eventually("the admin's refusal logged", timeout: 10) {
            fed.log("server").split(separator: "\n").first { $0.contains("CN=\(Self.ops.email) serial=\(opsSerial): certificate revoked") }
        }
        #expect(adminLine.contains("TLS handshake"), "\(adminLine)")

        // The revoked client is refused at the handshake, named with its serial.
        try fed.start("site-1")
        let clientSerial = try serial(fed, "site-1")
        let clientLine = try await fed.eventually("the client's refusal logged", timeout: 15) {
            fed.log("server").split(separator: "\n").first { $0.contains("CN=site-1 serial=\(clientSerial): certificate revoked") }
        }
        #expect(clientLine.contains("TLS handshake"), "\(clientLine)")
        fed.stop("site-1")
        let clients = try await fed.serverStatus().registeredClients
        #expect(clients.isEmpty, "\(clients)")

        // The lead admin, not revoked, still works (a fresh login on its open connection).
        try await fed.login()
    }

    @Test("fl-server and fl-client refuse a private key readable by others: exit 78, the file and chmod 600 named")
    func keyPermissions() throws {
        let fed = try Federation(clients: ["site-1"], label: "keyperm")
        for (name, program, key) in [("server", "fl-server", "server.key"), ("site-1", "fl-client", "client.key")] {
            let path = fed.workspace(name) + "/startup/" + key
            var info = stat()
            #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600, "fl-provision unpack left \(path) at mode \(String(info.st_mode & 0o777, radix: 8))")
            chmod(path, 0o644)
            let r = try Federation.run(Federation.binaries + "/" + program, ["--startup", fed.workspace(name) + "/startup"])
            #expect(r.status == FlockExitCode.configurationError, "\(program): \(r.output)")
            #expect(r.output.contains("private key \(path) is accessible by group or others (mode 0644)"), "\(program): \(r.output)")
            #expect(r.output.contains("chmod 600 \(path)"), "\(program): \(r.output)")
        }
    }
}
