import FlockCore
import Foundation

/// The start-time check of a kit's own certificate: signed by the kit's root CA, within its
/// validity, and matching its private key. A process refuses to start with a certificate that
/// peers would refuse anyway, saying why and what to do, instead of failing every handshake.
public enum KitCertificateCheck {
    public struct Result: Sendable {
        public let commonName: String
        public let notAfter: Date
        /// Set when the certificate expires within `warningWindow`.
        public let warning: String?
    }

    /// Checks `certificate` (PEM file) against `rootCA` and `privateKey`. Throws `FlockError`
    /// naming the file and the fix; warns when fewer than `warningDays` days are left.
    public static func check(certificate: String, privateKey: String, rootCA: String,
                             now: Date = Date(), warningDays: Int = 30) throws -> Result {
        let cert = try Certificate(pemFile: certificate)
        let root = try Certificate(pemFile: rootCA)
        let key = try PrivateKey(pemFile: privateKey)
        guard cert.isSigned(by: root) else {
            throw FlockError(.tls, "\(certificate) is not signed by the kit's \(rootCA); the kit mixes files of different projects. Unpack the kit again, or ask lead IT for a new one")
        }
        guard key.matches(cert) else {
            throw FlockError(.tls, "\(privateKey) does not belong to \(certificate); unpack the kit again, or ask lead IT for a new one")
        }
        let f = ISO8601DateFormatter()
        if now < cert.notBefore {
            throw FlockError(.tls, "\(certificate) (\(cert.commonName ?? "?")) is not valid before \(f.string(from: cert.notBefore)); check this machine's clock")
        }
        if now > cert.notAfter {
            throw FlockError(.tls, "\(certificate) (\(cert.commonName ?? "?")) expired on \(f.string(from: cert.notAfter)) (this machine's clock reads \(f.string(from: now)); if that is wrong, check this machine's clock); otherwise ask lead IT for a new kit (fl-provision --reissue-all, or a new project)")
        }
        var warning: String?
        let left = cert.notAfter.timeIntervalSince(now) / 86_400
        if left < Double(warningDays) {
            warning = "\(certificate) (\(cert.commonName ?? "?")) expires in \(Int(left)) days, on \(f.string(from: cert.notAfter)); ask lead IT for a new kit before then"
        }
        return Result(commonName: cert.commonName ?? "", notAfter: cert.notAfter, warning: warning)
    }
}
