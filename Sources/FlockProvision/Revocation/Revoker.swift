import FlockCore
import FlockTLS
import Foundation

/// `fl-provision revoke NAME -o OUTDIR`: adds NAME's certificate (found in `OUTDIR/audit.json`)
/// to the project's certificate revocation list and writes the list, signed by the root CA in
/// `OUTDIR/state/`, to `OUTDIR/state/crl.pem`. The lead copies that file to
/// `<server workspace>/crl.pem`; the server picks it up within seconds without a restart.
///
/// The list always holds every revocation recorded in audit.json, so revoking again (or another
/// participant) rewrites a complete list. Revoking an already revoked participant only rewrites it.
public enum Revoker {
    public static let revocationListFile = "crl.pem"

    public struct Result: Sendable {
        public let kind: Participant.Kind
        public let name: String
        public let serial: String
        /// False when NAME had been revoked before (the list was written again all the same).
        public let newlyRevoked: Bool
        /// Every serial the list now revokes.
        public let revokedCount: Int
        public let revocationListPath: String
        public let auditPath: String
    }

    public static func revoke(name: String, outputDirectory output: String, now: Date = Date()) throws -> Result {
        let auditPath = output + "/" + AuditRecord.fileName
        let state = output + "/" + Provisioner.stateFolder
        var audit = try AuditRecord.load(path: auditPath)
        let matches = audit.participants.filter { $0.name.lowercased() == name.lowercased() }
        guard let participant = matches.last else {
            let known = audit.participants.map(\.name).joined(separator: ", ")
            throw FlockError(.notFound, "'\(name)' is not in \(auditPath); participants issued there: \(known)")
        }
        let authority: CertificateAuthority
        do {
            authority = try CertificateAuthority(certificateFile: state + "/" + Provisioner.rootCertificateFile,
                                                 privateKeyFile: state + "/" + Provisioner.rootKeyFile)
        } catch let error as FlockError {
            throw FlockError(.failedPrecondition, "the root CA in '\(state)' cannot be used (\(error.message)); revoking needs the CA that issued the kits", cause: error)
        }
        guard participant.certificate.fingerprintSHA256 != audit.rootCA.fingerprintSHA256,
              AuditRecord.CertificateRecord(authority.certificate).fingerprintSHA256 == audit.rootCA.fingerprintSHA256 else {
            throw FlockError(.failedPrecondition, "the root CA in '\(state)' is not the one \(auditPath) records; restore state/ from the same provisioning")
        }
        var revocations = audit.revocations ?? []
        let newlyRevoked = !revocations.contains { $0.serial == participant.certificate.serial }
        if newlyRevoked {
            revocations.append(.init(kind: participant.kind, name: participant.name, serial: participant.certificate.serial,
                                     fingerprintSHA256: participant.certificate.fingerprintSHA256, revokedAt: now))
        }
        let list = try authority.makeRevocationList(
            revoking: revocations.map { .init(serial: $0.serial, revokedAt: $0.revokedAt) }, now: now)
        let crlPath = state + "/" + revocationListFile
        try AtomicFile.write(try list.pemEncoded(), to: crlPath, mode: 0o644)
        audit.revocations = revocations
        try AtomicFile.write(Array(try audit.encoded()), to: auditPath, mode: 0o644)
        return Result(kind: participant.kind, name: participant.name, serial: participant.certificate.serial,
                      newlyRevoked: newlyRevoked, revokedCount: Set(revocations.map(\.serial)).count,
                      revocationListPath: crlPath, auditPath: auditPath)
    }
}
