internal import COpenSSL

/// A TLS failure with the reason OpenSSL gave, e.g.
/// `TLS handshake failed: certificate verify failed: certificate has expired`.
public struct TLSError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What was being done when it failed ("TLS handshake failed", "loading the private key").
    public let context: String
    /// The drained OpenSSL error queue (and the certificate verification result), most specific
    /// reason last, joined by ": ". Empty when OpenSSL had nothing to say.
    public let reason: String

    public init(_ context: String, reason: String) {
        self.context = context
        self.reason = reason
    }

    public var description: String { reason.isEmpty ? context : "\(context): \(reason)" }

    /// Builds an error from the calling thread's OpenSSL error queue, emptying it. When `ssl`
    /// failed certificate verification, the verification result ("certificate has expired") is
    /// appended, which the queue alone does not carry.
    static func drainingErrorQueue(_ context: String, ssl: OpaquePointer? = nil, fallback: String = "") -> TLSError {
        var reasons: [String] = []
        while true {
            var data: UnsafePointer<CChar>? = nil
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var text = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
            if CFlock_ERR_flags_has_string(flags) != 0, let data, data.pointee != 0 {
                text += " (\(String(cString: data)))"
            }
            if !reasons.contains(text) { reasons.append(text) }
        }
        if let ssl {
            let verify = SSL_get_verify_result(ssl)
            if verify != Int(X509_V_OK), let s = X509_verify_cert_error_string(verify) {
                let text = String(cString: s)
                if !reasons.contains(text) { reasons.append(text) }
            }
        }
        if reasons.isEmpty && !fallback.isEmpty { reasons.append(fallback) }
        return TLSError(context, reason: reasons.joined(separator: ": "))
    }

    /// Empties the calling thread's OpenSSL error queue (before an operation whose failure is
    /// read from it). Usually it is empty already: peeking is cheaper than clearing all of its
    /// slots, and SSL_get_error looks at the queue through the same peek.
    static func clearErrorQueue() {
        if ERR_peek_error() != 0 { ERR_clear_error() }
    }
}
