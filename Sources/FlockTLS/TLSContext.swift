internal import COpenSSL

/// An owning wrapper over an OpenSSL `SSL_CTX` configured for gRPC: TLS 1.2+ (1.3 preferred,
/// AES-128-GCM first), ALPN `h2`, the peer verified against the configured roots on both sides
/// (and the revocation list, when the configuration has one), and a client certificate required
/// by servers. Immutable after init; shared by all connections: to load a new revocation list,
/// make a new context (connections already open keep theirs).
///
/// Posture: TLS 1.2 suites limited to ECDHE key exchange with AES-GCM or ChaCha20-Poly1305
/// (AEAD, forward secrecy), TLS 1.3's AEAD suites, no renegotiation, no compression, no session
/// tickets on servers.
public final class TLSContext: @unchecked Sendable {
    public enum Role: Sendable { case server, client }

    public let role: Role
    public let configuration: TLSConfiguration
    let ctx: OpaquePointer

    /// Builds a context. Throws `TLSError` saying which certificate or key could not be used and
    /// why (e.g. "loading the private key: key values mismatch").
    public init(role: Role, configuration: TLSConfiguration) throws {
        self.role = role
        self.configuration = configuration
        TLSError.clearErrorQueue()
        guard let ctx = SSL_CTX_new(role == .server ? TLS_server_method() : TLS_client_method()) else {
            throw TLSError.drainingErrorQueue("creating the TLS context")
        }
        self.ctx = ctx
        let minVersion = configuration.minimumVersion == .tls13 ? TLS1_3_VERSION : TLS1_2_VERSION
        guard CFlock_SSL_CTX_set_min_proto_version(ctx, minVersion) == 1 else {
            throw TLSError.drainingErrorQueue("setting the minimum TLS version")
        }
        _ = SSL_CTX_set_options(ctx, CFlock_SSL_OP_transport_options())
        _ = CFlock_SSL_CTX_set_transport_modes(ctx)
        // AES-GCM uses AES-NI; 128-bit first for speed, all of them remain acceptable.
        _ = SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256")
        _ = SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20")
        if role == .server {
            // No session tickets: every connection does a full handshake with the client certificate.
            _ = SSL_CTX_set_num_tickets(ctx, 0)
        }

        // Certificate chain and key.
        if let chainPEM = configuration.certificateChainPEM {
            let certs = try Self.readCertificates(chainPEM, what: "the certificate chain")
            defer { certs.forEach { X509_free($0) } }
            guard SSL_CTX_use_certificate(ctx, certs[0]) == 1 else {
                throw TLSError.drainingErrorQueue("using the certificate")
            }
            for extra in certs.dropFirst() {
                guard CFlock_SSL_CTX_add1_chain_cert(ctx, extra) == 1 else {
                    throw TLSError.drainingErrorQueue("adding an intermediate certificate")
                }
            }
            guard let keyPEM = configuration.privateKeyPEM else {
                throw TLSError("loading the private key", reason: "a certificate was given without its private key")
            }
            let key = try Self.readPrivateKey(keyPEM)
            defer { EVP_PKEY_free(key) }
            guard SSL_CTX_use_PrivateKey(ctx, key) == 1, SSL_CTX_check_private_key(ctx) == 1 else {
                throw TLSError.drainingErrorQueue("loading the private key")
            }
        } else if role == .server {
            throw TLSError("configuring the TLS server", reason: "a server needs a certificate and key")
        }

        // Trust roots.
        let roots = try Self.readCertificates(configuration.trustRootsPEM, what: "the root CA")
        defer { roots.forEach { X509_free($0) } }
        guard let store = SSL_CTX_get_cert_store(ctx) else {
            throw TLSError.drainingErrorQueue("opening the certificate store")
        }
        for root in roots {
            guard X509_STORE_add_cert(store, root) == 1 else {
                throw TLSError.drainingErrorQueue("adding the root CA to the trust store")
            }
        }
        if let crlPEM = configuration.revocationListPEM {
            let crl = try CertificateRevocationList(pemEncoded: crlPEM)
            let rootCertificates = roots.map { X509_up_ref($0); return Certificate(takingOwnership: $0) }
            guard rootCertificates.contains(where: { crl.isSigned(by: $0) }) else {
                throw TLSError("loading the certificate revocation list",
                               reason: "it is not signed by the root CA (the list's issuer is \(crl.issuer))")
            }
            guard X509_STORE_add_crl(store, crl.pointer) == 1,
                  X509_STORE_set_flags(store, CFlock_X509_V_FLAG_CRL_CHECK()) == 1 else {
                throw TLSError.drainingErrorQueue("adding the certificate revocation list to the trust store")
            }
        }
        if role == .server {
            CFlock_SSL_CTX_set_verify_with_detail(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT)
            // The client must offer h2 when it offers ALPN at all.
            SSL_CTX_set_alpn_select_cb(ctx, { _, out, outlen, inp, inlen, _ in
                let h2: [UInt8] = [2, 0x68, 0x32]
                var selected: UnsafeMutablePointer<UInt8>? = nil
                var selectedLen: UInt8 = 0
                let rv = h2.withUnsafeBufferPointer { p in
                    SSL_select_next_proto(&selected, &selectedLen, p.baseAddress, UInt32(p.count), inp, inlen)
                }
                guard rv == OPENSSL_NPN_NEGOTIATED, let selected else { return SSL_TLSEXT_ERR_ALERT_FATAL }
                out?.pointee = UnsafePointer(selected)
                outlen?.pointee = selectedLen
                return SSL_TLSEXT_ERR_OK
            }, nil)
        } else {
            CFlock_SSL_CTX_set_verify_with_detail(ctx, SSL_VERIFY_PEER)
            let h2: [UInt8] = [2, 0x68, 0x32]
            // Returns 0 on success (inverted, unlike the rest of OpenSSL).
            guard SSL_CTX_set_alpn_protos(ctx, h2, UInt32(h2.count)) == 0 else {
                throw TLSError.drainingErrorQueue("setting ALPN")
            }
        }
    }

    deinit { SSL_CTX_free(ctx) }

    /// True when the context refuses renegotiation and compression (always, for Flock's
    /// contexts; tests read it since a client cannot easily provoke either over HTTP/2).
    public var forbidsRenegotiationAndCompression: Bool {
        CFlock_SSL_OP_forbids_renegotiation_and_compression(UInt64(SSL_CTX_get_options(ctx))) == 1
    }

    static func readCertificates(_ pem: String, what: String) throws -> [OpaquePointer] {
        TLSError.clearErrorQueue()
        var certs: [OpaquePointer] = []
        let ok = pem.utf8CString.withUnsafeBufferPointer { buf -> Bool in
            guard let bio = BIO_new_mem_buf(buf.baseAddress, Int32(buf.count - 1)) else { return false }
            defer { BIO_free(bio) }
            while let cert = PEM_read_bio_X509(bio, nil, nil, nil) { certs.append(cert) }
            return true
        }
        // Reading stops with "no start line" at the end of the text: expected once we have some.
        if ok && !certs.isEmpty { TLSError.clearErrorQueue(); return certs }
        certs.forEach { X509_free($0) }
        throw TLSError.drainingErrorQueue("reading \(what)", fallback: "no PEM certificate found")
    }

    static func readPrivateKey(_ pem: String) throws -> OpaquePointer {
        TLSError.clearErrorQueue()
        let key = pem.utf8CString.withUnsafeBufferPointer { buf -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(buf.baseAddress, Int32(buf.count - 1)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let key else { throw TLSError.drainingErrorQueue("reading the private key", fallback: "no PEM private key found") }
        return key
    }
}
