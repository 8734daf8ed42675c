internal import COpenSSL
import Foundation

/// An owning wrapper over an OpenSSL `SSL` object on a (non-blocking) socket descriptor that the
/// caller owns. Not thread-safe: one thread (the connection's event-loop thread) uses it. Every
/// failure is a `TLSError` carrying the drained OpenSSL error queue.
public final class TLSConnection {
    /// Outcome of a non-blocking operation.
    public enum IOResult: Equatable {
        /// `n` bytes were read or written (handshake: done).
        case done(Int)
        /// Call again when the socket is readable.
        case wantRead
        /// Call again when the socket is writable.
        case wantWrite
        /// The peer closed the TLS session cleanly (read only).
        case closed
    }

    public let context: TLSContext
    private let ssl: OpaquePointer
    /// The name or IP the server certificate was checked against (client only).
    public let expectedServerName: String?
    /// Written by the verification callback when the peer's certificate fails verification.
    private let verifyDetail: UnsafeMutablePointer<CChar>

    /// Wraps `fd`. A client passes the name the server certificate must carry (DNS name or IP
    /// literal). The descriptor is not closed by this object.
    public init(context: TLSContext, fd: Int32, serverName: String? = nil) throws {
        self.context = context
        self.expectedServerName = serverName
        TLSError.clearErrorQueue()
        guard let ssl = SSL_new(context.ctx) else { throw TLSError.drainingErrorQueue("creating a TLS connection") }
        self.ssl = ssl
        verifyDetail = UnsafeMutablePointer<CChar>.allocate(capacity: Int(FLOCK_VERIFY_DETAIL_SIZE))
        CFlock_SSL_set_verify_detail_buffer(ssl, verifyDetail)
        guard CFlock_SSL_set_fd_buffered(ssl, fd, Self.socketBufferSize) == 1 else {
            throw TLSError.drainingErrorQueue("attaching the socket")
        }
        if context.role == .server {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let name = serverName, !name.isEmpty {
                let param = SSL_get0_param(ssl)
                if Self.isIPAddress(name) {
                    guard X509_VERIFY_PARAM_set1_ip_asc(param, name) == 1 else {
                        throw TLSError.drainingErrorQueue("setting the expected server address \(name)")
                    }
                } else {
                    guard CFlock_SSL_set_tlsext_host_name(ssl, name) == 1,
                          X509_VERIFY_PARAM_set1_host(param, name, 0) == 1 else {
                        throw TLSError.drainingErrorQueue("setting the expected server name \(name)")
                    }
                }
            }
        }
    }

    deinit {
        SSL_free(ssl)
        verifyDetail.deallocate()
    }

    /// When the peer's certificate failed verification: which certificate and why, e.g.
    /// `certificate CN=site-1 serial=4A3F...: certificate revoked`. nil otherwise.
    public var verificationFailure: String? {
        let text = String(cString: verifyDetail)
        return text.isEmpty ? nil : text
    }

    static func isIPAddress(_ s: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }

    /// Advances the handshake. `.done(0)` once it completed.
    public func handshake() throws -> IOResult {
        TLSError.clearErrorQueue()
        let rv = SSL_do_handshake(ssl)
        if rv == 1 { return .done(0) }
        return try classify(rv, "TLS handshake failed")
    }

    /// Reads decrypted bytes into `buffer`.
    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> IOResult {
        TLSError.clearErrorQueue()
        var n = 0
        if SSL_read_ex(ssl, buffer, count, &n) == 1 { return .done(n) }
        return try classify(0, "TLS read failed")
    }

    /// Encrypts and writes up to `count` bytes (whole records; partial writes enabled). After
    /// `.wantWrite`/`.wantRead` call again with the same bytes (the pointer may move).
    public func write(_ bytes: UnsafeRawPointer, count: Int) throws -> IOResult {
        TLSError.clearErrorQueue()
        var n = 0
        if SSL_write_ex(ssl, bytes, count, &n) == 1 { return .done(n) }
        return try classify(0, "TLS write failed")
    }

    /// Sends close_notify (best effort, non-blocking).
    /// Size of each of the two buffers between OpenSSL and the socket: reads fetch up to this
    /// many bytes of TLS records at once, and outgoing records are coalesced into writes this large.
    public static let socketBufferSize = 256 * 1024

    /// Sends the encrypted bytes that `write` left in the write buffer: `.done(0)` when all went
    /// out, `.wantWrite` when the socket is full (call again when it is writable). Every `write`
    /// must be followed by `flush` once the caller has nothing more to write for now.
    public func flush() throws -> IOResult {
        TLSError.clearErrorQueue()
        switch CFlock_SSL_flush_write(ssl) {
        case 1: return .done(0)
        case 0: return .wantWrite
        default:
            let savedErrno = errno
            throw TLSError.drainingErrorQueue("TLS write failed", ssl: ssl,
                                              fallback: savedErrno != 0 ? String(cString: strerror(savedErrno)) : "the peer closed the connection")
        }
    }

    /// Frees OpenSSL's record buffers (about 17 KiB each way) when they hold nothing pending; they
    /// are allocated again by the next read or write. For connections that went idle: between
    /// records OpenSSL keeps them (releasing them after every record costs CPU on bulk transfers).
    /// Returns whether they were freed.
    @discardableResult
    public func releaseIdleBuffers() -> Bool {
        SSL_free_buffers(ssl) == 1
    }

    /// Encrypted bytes waiting in the write buffer for `flush`.
    public var pendingWriteBytes: Int { Int(CFlock_SSL_write_pending(ssl)) }

    public func shutdown() {
        TLSError.clearErrorQueue()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    private func classify(_ rv: Int32, _ context: String) throws -> IOResult {
        let savedErrno = errno
        switch SSL_get_error(ssl, rv) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL:
            let fallback = savedErrno != 0 ? String(cString: strerror(savedErrno)) : "the peer closed the connection"
            throw TLSError.drainingErrorQueue(context, ssl: ssl, fallback: fallback)
        default:
            throw TLSError.drainingErrorQueue(context, ssl: ssl, fallback: "unknown TLS error")
        }
    }

    /// The negotiated ALPN protocol ("h2"), if any.
    public var alpnProtocol: String? {
        var data: UnsafePointer<UInt8>? = nil
        var len: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &len)
        guard let data, len > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(len)), as: UTF8.self)
    }

    /// "TLSv1.3" etc.
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The negotiated cipher suite name.
    public var cipherName: String {
        guard let c = SSL_get_current_cipher(ssl) else { return "" }
        return String(cString: SSL_CIPHER_get_name(c))
    }

    /// The verified peer certificate's serial number (upper-case hex, as `Certificate.serialNumber`).
    public var peerSerialNumber: String? {
        guard let cert = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(cert) }
        let serial = CertificateRevocationList.hex(X509_get0_serialNumber(cert))
        return serial.isEmpty ? nil : serial
    }

    /// The verified peer certificate's subject common name.
    /// The verified peer certificate's subject O and OU entries.
    public var peerOrganization: (organization: String?, units: [String]) {
        guard let cert = SSL_get1_peer_certificate(ssl) else { return (nil, []) }
        let c = Certificate(takingOwnership: cert)
        return (c.organization, c.organizationalUnits)
    }

    public var peerCommonName: String? {
        guard let cert = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(cert) }
        guard let name = X509_get_subject_name(cert) else { return nil }
        var buf = [CChar](repeating: 0, count: 256)
        let n = X509_NAME_get_text_by_NID(name, NID_commonName, &buf, Int32(buf.count))
        guard n >= 0 else { return nil }
        return String(cString: buf)
    }
}
