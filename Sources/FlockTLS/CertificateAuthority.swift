import Foundation
import FlockCore
internal import COpenSSL

/// When a certificate is valid.
public struct CertificateValidity: Sendable, Equatable {
    public var notBefore: Date
    public var notAfter: Date

    /// Explicit bounds: use these for backdated or already-expired certificates in tests.
    public init(notBefore: Date, notAfter: Date) {
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// `days` days from `start`. `notBefore` is set five minutes before `start` so peers whose
    /// clocks run slightly behind accept a freshly issued certificate.
    public static func days(_ days: Int, from start: Date = Date()) -> CertificateValidity {
        CertificateValidity(notBefore: start.addingTimeInterval(-300),
                            notAfter: start.addingTimeInterval(TimeInterval(days) * 86_400))
    }
}

/// A certificate authority: a self-signed root certificate and its private key, issuing TLS
/// server and client certificates for a Flock project.
///
/// Contract used by provisioning, tests and the TLS engineer:
/// - `CertificateAuthority.create(commonName:organization:keyAlgorithm:validity:)` makes a root;
/// - `CertificateAuthority(certificate:privateKey:)` / `(certificateFile:privateKeyFile:)` load one;
/// - `issue(commonName:organization:organizationalUnits:purpose:subjectAltNames:publicKeyOf:validity:)` signs a
///   certificate for an existing key; `issueIdentity(...)` also generates the key;
/// - `Purpose.server` gives keyUsage digitalSignature (+ keyEncipherment for RSA), extendedKeyUsage
///   serverAuth; `.client` the same with clientAuth. All leaves are CA:FALSE, carry subject and
///   authority key identifiers, and a random 127-bit serial number.
public final class CertificateAuthority: @unchecked Sendable {
    /// What an issued certificate is for.
    public enum Purpose: String, Sendable {
        /// A TLS server (extendedKeyUsage serverAuth).
        case server
        /// A TLS client: an FL client or an admin (extendedKeyUsage clientAuth).
        case client
    }

    public let certificate: Certificate
    public let privateKey: PrivateKey

    /// Wraps an existing root; fails unless the key matches the certificate and it is a CA.
    public init(certificate: Certificate, privateKey: PrivateKey) throws {
        guard privateKey.matches(certificate) else {
            throw FlockError(.invalidArgument, "the CA private key does not belong to the CA certificate \(certificate.subject)")
        }
        guard certificate.isCertificateAuthority else {
            throw FlockError(.invalidArgument, "\(certificate.subject) is not a CA certificate (basicConstraints CA:TRUE is missing)")
        }
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// Loads a root from PEM files.
    public convenience init(certificateFile: String, privateKeyFile: String) throws {
        try self.init(certificate: Certificate(pemFile: certificateFile), privateKey: PrivateKey(pemFile: privateKeyFile))
    }

    /// Creates a new self-signed root CA (basicConstraints critical CA:TRUE, keyUsage critical
    /// keyCertSign + cRLSign).
    public static func create(commonName: String,
                              organization: String? = nil,
                              keyAlgorithm: PrivateKey.Algorithm = .ecP256,
                              validity: CertificateValidity = .days(3650)) throws -> CertificateAuthority {
        let key = try PrivateKey.generate(keyAlgorithm)
        let x509 = try makeCertificate(subjectCN: commonName, organization: organization,
                                       subjectKey: key, issuer: nil, validity: validity)
        defer { X509_free(x509) }
        let extensions = [
            (NID_basic_constraints, "critical,CA:TRUE"),
            (NID_key_usage, "critical,keyCertSign,cRLSign"),
            (NID_subject_key_identifier, "hash"),
        ]
        try addExtensions(extensions, to: x509, issuer: x509)
        try sign(x509, with: key)
        X509_up_ref(x509)
        return try CertificateAuthority(certificate: Certificate(takingOwnership: x509), privateKey: key)
    }

    /// Issues a certificate for `key`'s public half, signed by this CA.
    ///
    /// - Parameters:
    ///   - commonName: the subject CN (server host name, client name, or admin email).
    ///   - organization: the subject O, when given.
    ///   - organizationalUnits: subject OU entries, in order (Flock puts an admin's roles here).
    ///   - purpose: `.server` or `.client` (sets extendedKeyUsage).
    ///   - subjectAltNames: written as the subjectAltName extension when not empty.
    ///   - key: the subject's key pair (only its public half goes into the certificate).
    ///   - validity: `.days(n)`, or explicit bounds (expired or not-yet-valid for tests).
    public func issue(commonName: String,
                      organization: String? = nil,
                      organizationalUnits: [String] = [],
                      purpose: Purpose,
                      subjectAltNames: [Certificate.SubjectAltName] = [],
                      publicKeyOf key: PrivateKey,
                      validity: CertificateValidity = .days(365)) throws -> Certificate {
        let x509 = try Self.makeCertificate(subjectCN: commonName, organization: organization,
                                            organizationalUnits: organizationalUnits,
                                            subjectKey: key, issuer: certificate, validity: validity)
        var extensions = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, key.algorithm == .rsa2048 ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"),
            (NID_ext_key_usage, purpose == .server ? "serverAuth" : "clientAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        if !subjectAltNames.isEmpty {
            for name in subjectAltNames where name.value.contains(",") || name.value.isEmpty {
                X509_free(x509)
                throw FlockError(.invalidArgument, "subjectAltName '\(name)' is empty or contains a comma")
            }
            extensions.append((NID_subject_alt_name, subjectAltNames.map(\.description).joined(separator: ",")))
        }
        do {
            try Self.addExtensions(extensions, to: x509, issuer: certificate.pointer)
            try Self.sign(x509, with: privateKey)
        } catch {
            X509_free(x509)
            throw error
        }
        return Certificate(takingOwnership: x509)
    }

    /// Generates a key pair and issues its certificate in one step.
    public func issueIdentity(commonName: String,
                              organization: String? = nil,
                              organizationalUnits: [String] = [],
                              purpose: Purpose,
                              subjectAltNames: [Certificate.SubjectAltName] = [],
                              keyAlgorithm: PrivateKey.Algorithm = .ecP256,
                              validity: CertificateValidity = .days(365)) throws -> (key: PrivateKey, certificate: Certificate) {
        let key = try PrivateKey.generate(keyAlgorithm)
        let cert = try issue(commonName: commonName, organization: organization,
                             organizationalUnits: organizationalUnits, purpose: purpose,
                             subjectAltNames: subjectAltNames, publicKeyOf: key, validity: validity)
        return (key, cert)
    }

    // MARK: Building blocks

    /// A new X509 with version 3, a random serial, subject, issuer name, validity and public key.
    /// The caller owns the result.
    private static func makeCertificate(subjectCN: String, organization: String?, organizationalUnits: [String] = [],
                                        subjectKey: PrivateKey,
                                        issuer: Certificate?, validity: CertificateValidity) throws -> OpaquePointer {
        OpenSSL.clearErrors()
        guard !subjectCN.isEmpty else { throw FlockError(.invalidArgument, "a certificate needs a non-empty common name") }
        guard validity.notBefore < validity.notAfter else {
            throw FlockError(.invalidArgument, "certificate validity ends (\(validity.notAfter)) before it starts (\(validity.notBefore))")
        }
        guard let x509 = X509_new() else { throw OpenSSL.error("X509_new") }
        do {
            guard X509_set_version(x509, 2) == 1 else { throw OpenSSL.error("setting the X.509 version") }
            try setRandomSerial(x509)
            guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(validity.notBefore.timeIntervalSince1970)) != nil,
                  ASN1_TIME_set(X509_getm_notAfter(x509), time_t(validity.notAfter.timeIntervalSince1970)) != nil else {
                throw OpenSSL.error("setting the validity")
            }
            guard let name = X509_NAME_new() else { throw OpenSSL.error("X509_NAME_new") }
            defer { X509_NAME_free(name) }
            if let organization, !organization.isEmpty {
                guard X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, organization, -1, -1, 0) == 1 else {
                    throw OpenSSL.error("setting organization '\(organization)'")
                }
            }
            for unit in organizationalUnits {
                guard X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_UTF8, unit, -1, -1, 0) == 1 else {
                    throw OpenSSL.error("setting organizational unit '\(unit)'")
                }
            }
            guard X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, subjectCN, -1, -1, 0) == 1 else {
                throw OpenSSL.error("setting common name '\(subjectCN)'")
            }
            guard X509_set_subject_name(x509, name) == 1,
                  X509_set_issuer_name(x509, issuer.map { X509_get_subject_name($0.pointer) } ?? name) == 1 else {
                throw OpenSSL.error("setting subject and issuer names")
            }
            guard X509_set_pubkey(x509, subjectKey.pointer) == 1 else { throw OpenSSL.error("setting the public key") }
        } catch {
            X509_free(x509)
            throw error
        }
        return x509
    }

    /// 16 random bytes with the top bit cleared (positive, at most 127 bits) and never zero.
    private static func setRandomSerial(_ x509: OpaquePointer) throws {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw OpenSSL.error("RAND_bytes for a serial number") }
        bytes[0] &= 0x7F
        bytes[0] |= 0x01 << 6   // keep it 16 bytes long, so serials print with a fixed width
        guard let bn = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw OpenSSL.error("BN_bin2bn") }
        defer { BN_free(bn) }
        guard BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x509)) != nil else { throw OpenSSL.error("setting the serial number") }
    }

    private static func addExtensions(_ extensions: [(Int32, String)], to x509: OpaquePointer, issuer: OpaquePointer) throws {
        var ctx = X509V3_CTX()
        X509V3_set_ctx(&ctx, issuer, x509, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else {
                throw OpenSSL.error("building extension \(String(cString: OBJ_nid2sn(nid))) = \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x509, ext, -1) == 1 else { throw OpenSSL.error("adding extension \(value)") }
        }
    }

    private static func sign(_ x509: OpaquePointer, with key: PrivateKey) throws {
        guard X509_sign(x509, key.pointer, EVP_sha256()) > 0 else { throw OpenSSL.error("signing a certificate") }
    }
}

extension Certificate.SubjectAltName {
    /// The bare value (host name, address or email).
    public var value: String {
        switch self {
        case .dns(let v), .ip(let v), .email(let v): return v
        }
    }

    /// The subjectAltNames a server certificate for `host` carries: `DNS:host`, plus
    /// `DNS:localhost` and `IP:127.0.0.1` when `host` is local (`localhost`, `localhost.localdomain`
    /// or this machine's host name), so a server provisioned for a single-machine trial accepts
    /// clients dialing either name.
    public static func serverDefaults(host: String, localHostNames: Set<String> = currentHostNames()) -> [Certificate.SubjectAltName] {
        var names: [Certificate.SubjectAltName] = [.dns(host)]
        let lower = host.lowercased()
        if lower == "localhost" || lower == "localhost.localdomain" || localHostNames.contains(lower) {
            if lower != "localhost" { names.append(.dns("localhost")) }
            names.append(.ip("127.0.0.1"))
        }
        return names
    }

    /// This machine's host name (as `gethostname` reports it), lower-cased.
    public static func currentHostNames() -> Set<String> {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return [] }
        let name = String(cString: buffer).lowercased()
        return name.isEmpty ? [] : [name]
    }
}
