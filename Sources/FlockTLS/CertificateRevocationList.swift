import Foundation
import FlockCore
internal import COpenSSL

/// An owning wrapper over an OpenSSL `X509_CRL`: the list of certificates a root CA revoked.
///
/// `fl-provision revoke` makes one with `CertificateAuthority.makeRevocationList(revoking:)`; the
/// server reads it (`<server workspace>/crl.pem`), checks it with `isSigned(by:)` and hands its
/// PEM to `TLSConfiguration.revocationListPEM`, so the handshake refuses the revoked certificates.
///
/// Flock's CRLs carry no nextUpdate: a CRL stays in force until a newer one replaces it, so a
/// server never starts refusing every client because nobody re-issued the list in time.
public final class CertificateRevocationList: @unchecked Sendable {
    /// One revoked certificate.
    public struct Entry: Sendable, Equatable {
        /// Serial number, upper-case hex as `Certificate.serialNumber` prints it.
        public var serial: String
        public var revokedAt: Date
        public init(serial: String, revokedAt: Date) {
            self.serial = serial
            self.revokedAt = revokedAt
        }
    }

    let pointer: OpaquePointer

    init(takingOwnership pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_CRL_free(pointer) }

    /// Reads the first CRL of a PEM text (`-----BEGIN X509 CRL-----`).
    public convenience init(pemEncoded pem: String) throws {
        OpenSSL.clearErrors()
        let crl = pem.utf8CString.withUnsafeBufferPointer { buf in
            CFlock_read_crl(buf.baseAddress, Int32(buf.count - 1))
        }
        guard let crl else { throw OpenSSL.error("reading a PEM certificate revocation list") }
        self.init(takingOwnership: crl)
    }

    /// Reads a PEM CRL file; errors name the file.
    public convenience init(pemFile path: String) throws {
        let bytes = try OpenSSL.readFile(path, what: "certificate revocation list")
        do {
            try self.init(pemEncoded: String(decoding: bytes, as: UTF8.self))
        } catch let error as FlockError {
            throw FlockError(.tls, "'\(path)' is not a PEM certificate revocation list: \(error.message)")
        }
    }

    /// The CRL as PEM text.
    public func pemEncoded() throws -> String {
        OpenSSL.clearErrors()
        let bytes = try OpenSSL.withMemoryBIO("writing a PEM certificate revocation list") { bio in
            PEM_write_bio_X509_CRL(bio, pointer)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The revoked certificates, in the CRL's order.
    public var entries: [Entry] {
        (0..<CFlock_X509_CRL_revoked_count(pointer)).map { i in
            Entry(serial: Self.hex(CFlock_X509_CRL_revoked_serial(pointer, i)),
                  revokedAt: Self.date(CFlock_X509_CRL_revoked_date(pointer, i)))
        }
    }

    /// The serial numbers of the revoked certificates.
    public var revokedSerials: Set<String> { Set(entries.map(\.serial)) }

    /// When this list was made.
    public var lastUpdate: Date { Self.date(X509_CRL_get0_lastUpdate(pointer)) }

    /// The issuer's name as one line (`O=..., CN=...`).
    public var issuer: String {
        guard let name = X509_CRL_get_issuer(pointer) else { return "" }
        var buffer = [CChar](repeating: 0, count: 512)
        X509_NAME_oneline(name, &buffer, Int32(buffer.count))
        return String(cString: buffer)
    }

    /// True when `authority` issued this list: its subject is the CRL's issuer and the CRL's
    /// signature verifies with its key.
    public func isSigned(by authority: Certificate) -> Bool {
        defer { OpenSSL.clearErrors() }
        guard X509_NAME_cmp(X509_CRL_get_issuer(pointer), X509_get_subject_name(authority.pointer)) == 0,
              let key = X509_get0_pubkey(authority.pointer) else { return false }
        return X509_CRL_verify(pointer, key) == 1
    }

    // MARK: helpers

    static func hex(_ integer: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let integer, let bn = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return "" }
        defer { CFlock_OPENSSL_free(hex) }
        return String(cString: hex)
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        guard let time else { return .distantPast }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return .distantPast }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

extension CertificateAuthority {
    /// Seconds a CRL's lastUpdate is set before the time it is made.
    public static let clockSkewAllowance: TimeInterval = 300

    /// Makes a version-2 CRL signed by this CA listing `revoked` (lastUpdate five minutes before
    /// `now`, no nextUpdate, a CRL number from `now`). An empty list is valid: it revokes nothing.
    public func makeRevocationList(revoking revoked: [CertificateRevocationList.Entry],
                                   now: Date = Date()) throws -> CertificateRevocationList {
        OpenSSL.clearErrors()
        guard let crl = X509_CRL_new() else { throw OpenSSL.error("X509_CRL_new") }
        let list = CertificateRevocationList(takingOwnership: crl)
        guard X509_CRL_set_version(crl, 1) == 1,
              X509_CRL_set_issuer_name(crl, X509_get_subject_name(certificate.pointer)) == 1 else {
            throw OpenSSL.error("setting the CRL version and issuer")
        }
        // Backdated like certificates' notBefore: a server whose clock runs a little behind the
        // provisioning machine's would otherwise find the list "not yet valid" and refuse everyone.
        guard let thisUpdate = ASN1_TIME_set(nil, time_t(now.timeIntervalSince1970 - Self.clockSkewAllowance)) else { throw OpenSSL.error("ASN1_TIME_set") }
        defer { ASN1_TIME_free(thisUpdate) }
        guard X509_CRL_set1_lastUpdate(crl, thisUpdate) == 1 else { throw OpenSSL.error("setting the CRL's lastUpdate") }
        for entry in revoked {
            var bn: OpaquePointer? = nil
            guard !entry.serial.isEmpty, entry.serial.allSatisfy(\.isHexDigit),
                  BN_hex2bn(&bn, entry.serial) > 0, let bn else {
                throw FlockError(.invalidArgument, "'\(entry.serial)' is not a hexadecimal certificate serial number")
            }
            defer { BN_free(bn) }
            guard let serial = BN_to_ASN1_INTEGER(bn, nil) else { throw OpenSSL.error("converting serial \(entry.serial)") }
            defer { ASN1_INTEGER_free(serial) }
            guard let date = ASN1_TIME_set(nil, time_t(entry.revokedAt.timeIntervalSince1970)) else { throw OpenSSL.error("ASN1_TIME_set") }
            defer { ASN1_TIME_free(date) }
            guard let item = X509_REVOKED_new() else { throw OpenSSL.error("X509_REVOKED_new") }
            guard X509_REVOKED_set_serialNumber(item, serial) == 1, X509_REVOKED_set_revocationDate(item, date) == 1,
                  X509_CRL_add0_revoked(crl, item) == 1 else {
                X509_REVOKED_free(item)
                throw OpenSSL.error("adding serial \(entry.serial) to the CRL")
            }
        }
        guard X509_CRL_sort(crl) == 1 else { throw OpenSSL.error("sorting the CRL") }
        guard let number = ASN1_INTEGER_new() else { throw OpenSSL.error("ASN1_INTEGER_new") }
        defer { ASN1_INTEGER_free(number) }
        guard ASN1_INTEGER_set_int64(number, Int64(now.timeIntervalSince1970 * 1000)) == 1,
              X509_CRL_add1_ext_i2d(crl, NID_crl_number, UnsafeMutableRawPointer(number), 0, 0) == 1 else {
            throw OpenSSL.error("adding the CRL number")
        }
        guard X509_CRL_sign(crl, privateKey.pointer, EVP_sha256()) > 0 else { throw OpenSSL.error("signing the CRL") }
        return list
    }
}
