import Foundation
import Testing
import FlockCore
import FlockTLS
@testable import FlockProvision

@Suite("fl-provision revoke")
struct RevokeTests {
    @Test("revoking a client and an admin writes a CRL signed by the root CA listing both serials, recorded in audit.json")
    func revokeWritesCRL() throws {
        let sandbox = try Fixtures.Sandbox(Fixtures.project())
        defer { sandbox.remove() }
        _ = try sandbox.provision()
        let first = try Revoker.revoke(name: "flclient1", outputDirectory: sandbox.output)
        #expect(first.newlyRevoked && first.kind == .client && first.revokedCount == 1)
        let second = try Revoker.revoke(name: "EMAIL@hello.world.com", outputDirectory: sandbox.output)
        #expect(second.kind == .admin && second.name == "email@hello.world.com" && second.revokedCount == 2)

        let audit = try AuditRecord.load(path: sandbox.output + "/audit.json")
        let serials = ["flclient1", "email@hello.world.com"].map { name in
            audit.participants.first { $0.name == name }!.certificate.serial
        }
        #expect(audit.revocations?.map(\.serial) == serials)
        #expect(audit.revocations?.map(\.name) == ["flclient1", "email@hello.world.com"])

        let crl = try CertificateRevocationList(pemFile: sandbox.output + "/state/crl.pem")
        #expect(first.revocationListPath == sandbox.output + "/state/crl.pem")
        #expect(crl.revokedSerials == Set(serials))
        #expect(crl.isSigned(by: try Certificate(pemFile: sandbox.output + "/state/rootCA.pem")))

        // Again: nothing new, the list is rewritten complete.
        let again = try Revoker.revoke(name: "flclient1", outputDirectory: sandbox.output)
        #expect(!again.newlyRevoked && again.revokedCount == 2)
        #expect(try AuditRecord.load(path: sandbox.output + "/audit.json").revocations?.count == 2)
        #expect(try CertificateRevocationList(pemFile: sandbox.output + "/state/crl.pem").revokedSerials == Set(serials))

        // Growing the project keeps the revocations and the list.
        try TestSupport.write(Fixtures.project(clients: [("hospital-a", "flclient1", nil), ("hospital-b", "flclient2", nil), ("hospital-c", "flclient3", nil)]),
                              to: sandbox.projectFile)
        _ = try sandbox.provision()
        #expect(try AuditRecord.load(path: sandbox.output + "/audit.json").revocations?.count == 2)
        #expect(FileManager.default.fileExists(atPath: sandbox.output + "/state/crl.pem"))
    }

    @Test("an unknown name is refused, listing who was issued")
    func unknownName() throws {
        let sandbox = try Fixtures.Sandbox(Fixtures.project())
        defer { sandbox.remove() }
        _ = try sandbox.provision()
        #expect {
            try Revoker.revoke(name: "nobody", outputDirectory: sandbox.output)
        } throws: { error in
            (error as? FlockError)?.message.contains("'nobody' is not in \(sandbox.output)/audit.json; participants issued there: server, flclient1") == true
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.output + "/state/crl.pem"))
    }
}
