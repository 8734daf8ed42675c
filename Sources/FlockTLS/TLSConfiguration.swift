import Foundation

/// The certificates and keys of one side of a mutual-TLS connection, as PEM text.
///
/// Both sides verify the peer against `trustRootsPEM` (the project's root CA). The server always
/// requires a client certificate. A client checks that the server certificate names
/// `serverHostName` (DNS or IP subject alternative name, or the CN when the certificate has no
/// SAN) and sends it as SNI when it is a DNS name.
public struct TLSConfiguration: Sendable, Hashable {
    /// This side's certificate followed by any intermediates. nil only for a client that
    /// presents no certificate (a mutual-TLS server refuses it).
    public var certificateChainPEM: String?
    /// The private key of the first certificate in the chain.
    public var privateKeyPEM: String?
    /// Certificates that peers must chain to (the project's root CA).
    public var trustRootsPEM: String
    /// Client only: the name the server certificate must carry; nil verifies against the host
    /// the channel dials.
    public var serverHostName: String?
    /// Lowest protocol version accepted; TLS 1.3 is preferred whenever both sides have it.
    public var minimumVersion: TLSVersion
    /// A PEM certificate revocation list signed by one of `trustRootsPEM`: peers whose
    /// certificate it lists fail the handshake ("certificate revoked"). nil checks no CRL.
    public var revocationListPEM: String?

    public enum TLSVersion: Sendable, Hashable {
        case tls12, tls13
    }

    public init(certificateChainPEM: String?, privateKeyPEM: String?, trustRootsPEM: String,
                serverHostName: String? = nil, minimumVersion: TLSVersion = .tls12,
                revocationListPEM: String? = nil) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustRootsPEM = trustRootsPEM
        self.serverHostName = serverHostName
        self.minimumVersion = minimumVersion
        self.revocationListPEM = revocationListPEM
    }

    /// Reads the PEM files of a startup kit (`server.crt`, `server.key`, `rootCA.pem`, or the
    /// client's equivalents). Throws `TLSError` naming the file that cannot be read.
    public static func fromFiles(certificate: String?, privateKey: String?, trustRoots: String,
                                 serverHostName: String? = nil) throws -> TLSConfiguration {
        func read(_ path: String) throws -> String {
            do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw TLSError("reading \(path)", reason: "\(error.localizedDescription)")
            }
        }
        return TLSConfiguration(certificateChainPEM: try certificate.map(read),
                                privateKeyPEM: try privateKey.map(read),
                                trustRootsPEM: try read(trustRoots),
                                serverHostName: serverHostName)
    }
}

/// Printing a configuration never prints the private key (it may end up in a log).
extension TLSConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        let certificate = certificateChainPEM.flatMap { try? Certificate(pemEncoded: $0) }
        return "TLSConfiguration(certificate: \(certificate.map { $0.commonName ?? "?" } ?? "none"), "
            + "privateKey: \(privateKeyPEM == nil ? "none" : "<redacted>"), serverHostName: \(serverHostName ?? "-"), "
            + "minimumVersion: \(minimumVersion), revocationList: \(revocationListPEM == nil ? "none" : "present"))"
    }
    public var debugDescription: String { description }
}
