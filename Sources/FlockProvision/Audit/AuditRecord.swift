import Foundation
import FlockCore
import FlockTLS

/// `OUTDIR/audit.json`: what `fl-provision` issued (never keys or passwords), and the settings the
/// kits were made with, so a later run can add participants without changing existing kits.
///
///     { "format_version": 1, "project": "project1", "key_algorithm": "ec-p256",
///       "root_ca": { "common_name": ..., "serial": ..., "fingerprint_sha256": ..., "not_before": ..., "not_after": ... },
///       "server_settings": { "org": ..., "cn": ..., "fed_learn_port": 8002, ... },
///       "participants": [ { "kind": "client", "name": "flclient1", "org": ..., "email": ...,
///                           "package": "packages/flclient1.zip", "package_sha256": ..., "zip_encryption": "aes256",
///                           "issued_at": ..., "files": [...], "certificate": { ... } } ],
///       "runs": [ { "time": ..., "action": "create", "issued": ["server", "flclient1", ...] } ],
///       "revocations": [ { "kind": "client", "name": "flclient1", "serial": ..., "fingerprint_sha256": ..., "revoked_at": ... } ] }
public struct AuditRecord: Codable, Sendable, Equatable {
    public static let fileName = "audit.json"
    public static let currentFormatVersion = 1

    public struct CertificateRecord: Codable, Sendable, Equatable {
        public var commonName: String
        public var organization: String?
        public var organizationalUnits: [String]?
        public var issuer: String
        public var serial: String
        public var fingerprintSHA256: String
        public var notBefore: Date
        public var notAfter: Date
        public var keyAlgorithm: String?
        public var subjectAltNames: [String]?

        enum CodingKeys: String, CodingKey {
            case commonName = "common_name", organization, organizationalUnits = "organizational_units", issuer, serial
            case fingerprintSHA256 = "fingerprint_sha256", notBefore = "not_before", notAfter = "not_after"
            case keyAlgorithm = "key_algorithm", subjectAltNames = "subject_alt_names"
        }

        public init(_ certificate: Certificate) {
            commonName = certificate.commonName ?? ""
            organization = certificate.organization
            let units = certificate.organizationalUnits
            organizationalUnits = units.isEmpty ? nil : units
            issuer = certificate.issuer
            serial = certificate.serialNumber
            fingerprintSHA256 = certificate.fingerprint
            notBefore = certificate.notBefore
            notAfter = certificate.notAfter
            keyAlgorithm = certificate.keyAlgorithm?.rawValue
            let sans = certificate.subjectAltNames.map(\.description)
            subjectAltNames = sans.isEmpty ? nil : sans
        }
    }

    public struct ParticipantRecord: Codable, Sendable, Equatable {
        public var kind: Participant.Kind
        /// Package name: "server", the client name, or the admin email.
        public var name: String
        public var org: String
        public var email: String?
        public var roles: [String]?
        /// Path of the package relative to the output folder.
        public var package: String
        public var packageSHA256: String
        public var zipEncryption: ZipEncryption
        public var issuedAt: Date
        public var files: [String]
        public var certificate: CertificateRecord

        enum CodingKeys: String, CodingKey {
            case kind, name, org, email, roles, package
            case packageSHA256 = "package_sha256", zipEncryption = "zip_encryption", issuedAt = "issued_at"
            case files, certificate
        }
    }

    public struct RunRecord: Codable, Sendable, Equatable {
        /// "create", "grow" or "reissue-all".
        public var action: String
        public var time: Date
        public var issued: [String]
    }

    /// A certificate `fl-provision revoke` revoked.
    public struct RevocationRecord: Codable, Sendable, Equatable {
        public var kind: Participant.Kind
        public var name: String
        public var serial: String
        public var fingerprintSHA256: String
        public var revokedAt: Date

        enum CodingKeys: String, CodingKey {
            case kind, name, serial, fingerprintSHA256 = "fingerprint_sha256", revokedAt = "revoked_at"
        }
    }

    public var formatVersion: Int
    public var project: String
    public var keyAlgorithm: String
    public var rootCA: CertificateRecord
    public var serverSettings: ProjectConfig.Server
    public var participants: [ParticipantRecord]
    public var runs: [RunRecord]
    /// Revoked certificates, oldest first (absent until the first `fl-provision revoke`).
    public var revocations: [RevocationRecord]?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", project, keyAlgorithm = "key_algorithm", rootCA = "root_ca"
        case serverSettings = "server_settings", participants, runs, revocations
    }

    public func participant(kind: Participant.Kind, name: String) -> ParticipantRecord? {
        participants.first { $0.kind == kind && $0.name.lowercased() == name.lowercased() }
    }

    public static func load(path: String) throws -> AuditRecord {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlockError(.notFound, "audit record '\(path)' is missing")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            let record = try decoder.decode(AuditRecord.self, from: data)
            guard record.formatVersion == currentFormatVersion else {
                throw FlockError(.invalidConfiguration, "audit record '\(path)' has format_version \(record.formatVersion); this fl-provision reads \(currentFormatVersion)")
            }
            return record
        } catch let error as DecodingError {
            throw FlockError(.invalidConfiguration, "audit record '\(path)' is damaged: \(JSONConfigFile.describe(error)). Restore it from a backup, or issue every kit anew with --reissue-all")
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
