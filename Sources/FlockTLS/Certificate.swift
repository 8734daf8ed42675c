import Foundation
import FlockCore
internal import COpenSSL

/// An owning wrapper over an OpenSSL `X509` certificate.
///
/// Contract used by provisioning, tests and the TLS transport:
/// - `Certificate(pemEncoded:)`, `Certificate(pemFile:)`, `Certificate.all(pemEncoded:)` read PEM;
///   `pemEncoded()` / `derEncoded()` / `write(toFile:)` write it;
/// - `commonName`, `organization`, `organizationalUnits`, `issuerCommonName`, `subjectAltNames`, `serialNumber`
///   (upper-case hex), `notBefore` / `notAfter`, `fingerprint` (SHA-256, `AB:CD:...` as
///   `openssl x509 -fingerprint -sha256` prints it), `isCertificateAuthority`, `extendedKeyUsages`;
/// - `isSigned(by:)` checks that another certificate issued this one and its signature verifies;
/// - `verify(signature:for:)` checks a `PrivateKey.sign(_:)` signature with this certificate's key.
///
/// Immutable after creation; safe to share between threads.
public final class Certificate: @unchecked Sendable, Equatable, CustomStringConvertible {
    /// One subjectAltName entry.
    public enum SubjectAltName: Hashable, Sendable, CustomStringConvertible {
        case dns(String)
        /// An IPv4 or IPv6 address in its usual text form (`127.0.0.1`, `::1`).
        case ip(String)
        case email(String)

        public var description: String {
            switch self {
            case .dns(let name): return "DNS:\(name)"
            case .ip(let address): return "IP:\(address)"
            case .email(let address): return "email:\(address)"
            }
        }
    }

    /// Extended key usages Flock sets and reads.
    public enum ExtendedKeyUsage: String, Hashable, Sendable {
        case serverAuth, clientAuth
    }

    /// The `X509 *` this object owns (freed in `deinit`). Internal to FlockTLS: the TLS transport
    /// files use it to load certificates into an `SSL_CTX` or an `X509_STORE`.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference of the `X509`); it is freed in `deinit`.
    init(takingOwnership pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }

    /// Reads the first certificate of a PEM text.
    public convenience init(pemEncoded pem: String) throws {
        OpenSSL.clearErrors()
        let x509 = try OpenSSL.withReadBIO(Array(pem.utf8)) { bio in
            PEM_read_bio_X509(bio, nil, nil, nil)
        }
        guard let x509 else { throw OpenSSL.error("reading a PEM certificate") }
        self.init(takingOwnership: x509)
    }

    /// Reads the first certificate of a PEM file; errors name the file.
    public convenience init(pemFile path: String) throws {
        let bytes = try OpenSSL.readFile(path, what: "certificate")
        do {
            try self.init(pemEncoded: String(decoding: bytes, as: UTF8.self))
        } catch let error as FlockError {
            throw FlockError(.tls, "'\(path)' is not a PEM certificate: \(error.message)")
        }
    }

    /// Every certificate in a PEM text (a chain or a bundle), in order.
    public static func all(pemEncoded pem: String) throws -> [Certificate] {
        OpenSSL.clearErrors()
        var result: [Certificate] = []
        try OpenSSL.withReadBIO(Array(pem.utf8)) { bio in
            while let x509 = PEM_read_bio_X509(bio, nil, nil, nil) {
                result.append(Certificate(takingOwnership: x509))
            }
        }
        OpenSSL.clearErrors()  // the end of the text reports "no start line"
        if result.isEmpty { throw FlockError(.tls, "no PEM certificate found") }
        return result
    }

    /// The certificate as PEM (`-----BEGIN CERTIFICATE-----`).
    public func pemEncoded() throws -> String {
        OpenSSL.clearErrors()
        let bytes = try OpenSSL.withMemoryBIO("writing a PEM certificate") { bio in
            PEM_write_bio_X509(bio, pointer)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The certificate as DER.
    public func derEncoded() throws -> [UInt8] {
        OpenSSL.clearErrors()
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(pointer, &out)
        guard length > 0, let out else { throw OpenSSL.error("encoding a certificate as DER") }
        defer { CFlock_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// Writes `pemEncoded()` to `path` atomically with mode 0644.
    public func write(toFile path: String) throws {
        try writeFileAtomically(Array(try pemEncoded().utf8), to: path, mode: 0o644)
    }

    // MARK: Names

    /// The subject's commonName: the server host, client name or admin email in Flock kits.
    public var commonName: String? { Self.entry(NID_commonName, of: X509_get_subject_name(pointer)) }

    /// The subject's organizationName.
    public var organization: String? { Self.entry(NID_organizationName, of: X509_get_subject_name(pointer)) }

    /// The subject's organizationalUnitName entries, in order (an admin's roles in Flock kits).
    public var organizationalUnits: [String] {
        guard let name = X509_get_subject_name(pointer) else { return [] }
        var result: [String] = []
        var index: Int32 = -1
        while true {
            index = X509_NAME_get_index_by_NID(name, NID_organizationalUnitName, index)
            guard index >= 0, let entry = X509_NAME_get_entry(name, index) else { break }
            if let text = Self.string(UnsafePointer(X509_NAME_ENTRY_get_data(entry))) { result.append(text) }
        }
        return result
    }

    /// The issuer's commonName (the root CA's name for Flock certificates).
    public var issuerCommonName: String? { Self.entry(NID_commonName, of: X509_get_issuer_name(pointer)) }

    /// The subject as one line, e.g. `O=hospital-a, CN=site-1`.
    public var subject: String { Self.oneLine(X509_get_subject_name(pointer)) }

    /// The issuer as one line.
    public var issuer: String { Self.oneLine(X509_get_issuer_name(pointer)) }

    /// The subjectAltName entries (DNS names, IP addresses, emails), in certificate order.
    public var subjectAltNames: [SubjectAltName] {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else {
            OpenSSL.clearErrors()
            return []
        }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [SubjectAltName] = []
        for index in 0..<OPENSSL_sk_num(names) {
            guard let entry = OPENSSL_sk_value(names, index)?.assumingMemoryBound(to: GENERAL_NAME.self) else { continue }
            switch entry.pointee.type {
            case GEN_DNS:
                if let text = Self.string(UnsafePointer(entry.pointee.d.dNSName)) { result.append(.dns(text)) }
            case GEN_EMAIL:
                if let text = Self.string(UnsafePointer(entry.pointee.d.rfc822Name)) { result.append(.email(text)) }
            case GEN_IPADD:
                if let address = Self.ipText(UnsafePointer(entry.pointee.d.iPAddress)) { result.append(.ip(address)) }
            default:
                continue
            }
        }
        return result
    }

    // MARK: Serial, validity, fingerprint

    /// The serial number as upper-case hex without leading zeros (as `openssl x509 -serial` prints
    /// it, minus leading zero bytes).
    public var serialNumber: String {
        guard let bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(pointer), nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return "" }
        defer { CFlock_OPENSSL_free(hex) }
        return String(cString: hex)
    }

    /// Start of validity.
    public var notBefore: Date { Self.date(X509_get0_notBefore(pointer)) }

    /// End of validity.
    public var notAfter: Date { Self.date(X509_get0_notAfter(pointer)) }

    /// True when `date` lies within `notBefore...notAfter`.
    public func isValid(at date: Date = Date()) -> Bool { notBefore <= date && date <= notAfter }

    /// SHA-256 of the DER certificate, as upper-case hex pairs joined by colons.
    public var fingerprint: String { OpenSSL.hex(fingerprintBytes, separator: ":") }

    /// SHA-256 of the DER certificate.
    public var fingerprintBytes: [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, EVP_sha256(), &digest, &length) == 1 else { return [] }
        return Array(digest.prefix(Int(length)))
    }

    // MARK: Extensions

    /// True when basicConstraints says CA:TRUE.
    public var isCertificateAuthority: Bool { X509_check_ca(pointer) != 0 }

    /// The extended key usages present (only those Flock knows).
    public var extendedKeyUsages: Set<ExtendedKeyUsage> {
        let flags = X509_get_extended_key_usage(pointer)
        var result: Set<ExtendedKeyUsage> = []
        if flags & UInt32(XKU_SSL_SERVER) != 0 { result.insert(.serverAuth) }
        if flags & UInt32(XKU_SSL_CLIENT) != 0 { result.insert(.clientAuth) }
        return result
    }

    /// The key algorithm of the certificate's public key.
    public var keyAlgorithm: PrivateKey.Algorithm? {
        guard let key = X509_get0_pubkey(pointer) else { return nil }
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_EC: return EVP_PKEY_get_bits(key) == 256 ? .ecP256 : nil
        case EVP_PKEY_RSA: return EVP_PKEY_get_bits(key) == 2048 ? .rsa2048 : nil
        default: return nil
        }
    }

    // MARK: Trust

    /// True when `issuer`'s subject is this certificate's issuer (and key identifiers agree) and
    /// this certificate's signature verifies with `issuer`'s public key. Checks neither dates nor
    /// a chain: use `openssl verify`-like chain checks in the TLS layer for that.
    public func isSigned(by issuer: Certificate) -> Bool {
        defer { OpenSSL.clearErrors() }
        guard X509_check_issued(issuer.pointer, pointer) == X509_V_OK,
              let key = X509_get0_pubkey(issuer.pointer) else { return false }
        return X509_verify(pointer, key) == 1
    }

    /// True when `signature` is a SHA-256 signature of `data` made with this certificate's key.
    public func verify(signature: [UInt8], for data: [UInt8]) -> Bool {
        guard let key = X509_get0_pubkey(pointer) else { return false }
        return verifySignature(publicKey: key, signature: signature, data: data)
    }

    /// The same DER bytes.
    public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
        X509_cmp(lhs.pointer, rhs.pointer) == 0
    }

    public var description: String {
        "Certificate(\(subject), serial \(serialNumber), issuer \(issuer))"
    }

    // MARK: Private helpers

    private static func entry(_ nid: Int32, of name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index) else { return nil }
        return string(UnsafePointer(X509_NAME_ENTRY_get_data(entry)))
    }

    private static func string(_ asn1: UnsafePointer<ASN1_STRING>?) -> String? {
        guard let asn1 else { return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&out, asn1)
        guard length >= 0, let out else { return nil }
        defer { CFlock_OPENSSL_free(out) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self)
    }

    private static func ipText(_ asn1: UnsafePointer<ASN1_STRING>?) -> String? {
        guard let asn1, let data = ASN1_STRING_get0_data(asn1) else { return nil }
        let length = Int(ASN1_STRING_length(asn1))
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = length == 4 ? AF_INET : (length == 16 ? AF_INET6 : -1)
        guard family >= 0, inet_ntop(family, data, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(cString: buffer)
    }

    private static func oneLine(_ name: OpaquePointer?) -> String {
        // X509_NAME_oneline gives "/O=org/CN=name"; turn it into "O=org, CN=name".
        guard let name, let text = X509_NAME_oneline(name, nil, 0) else { return "" }
        defer { CFlock_OPENSSL_free(text) }
        return String(cString: text).split(separator: "/").joined(separator: ", ")
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        guard let time else { return .distantPast }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return .distantPast }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
