#ifndef FLOCK_COPENSSL_SHIM_TLS_H
#define FLOCK_COPENSSL_SHIM_TLS_H
/* Shims for the TLS side of FlockTLS (TLS*.swift): each wraps a function-like macro or a
 * cast-built constant that the Swift importer cannot see. */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bn.h>
#include <stdio.h>

/* SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl; returns 1 on success. */
static inline int CFlock_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

/* SSL_CTX_set_mode is a macro over SSL_CTX_ctrl. The modes the transport uses with a
 * non-blocking fd: partial writes (SSL_write returns after whole records) and a moving write
 * buffer (the retry after WANT_WRITE may pass a different pointer). Not SSL_MODE_RELEASE_BUFFERS:
 * it frees and reallocates the read buffer after every record (about 1% of the CPU of a bulk
 * transfer); idle connections release theirs with SSL_free_buffers instead
 * (TLSConnection.releaseIdleBuffers). Returns the new mode bitmask. */
static inline long CFlock_SSL_CTX_set_transport_modes(SSL_CTX *ctx) {
    return SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

/* Attaches `fd` through one buffering BIO (BIO_f_buffer, `bufferSize` bytes each way) in front
 * of a socket BIO:
 *  - reads: one recv() fetches up to bufferSize bytes of records, which OpenSSL then takes as
 *    header + body from memory, instead of two recv()s per 16 KiB record. (OpenSSL's own
 *    read-ahead does the same, but in 3.0 it memmoves everything still buffered to the front of
 *    its buffer before every record, which with a large buffer copies each byte many times.)
 *  - writes: the 16 KiB records of an SSL_write leave in a few large send()s rather than one
 *    send() (one TCP segment, one peer wake-up) per record. The caller must flush
 *    (CFlock_SSL_flush_write) when it has nothing more to write for now.
 * Returns 1 on success. */
static inline int CFlock_SSL_set_fd_buffered(SSL *ssl, int fd, long bufferSize) {
    BIO *sock = BIO_new_socket(fd, BIO_NOCLOSE);
    if (sock == NULL) return 0;
    BIO *buf = BIO_new(BIO_f_buffer());
    if (buf == NULL) { BIO_free(sock); return 0; }
    if (BIO_set_buffer_size(buf, bufferSize) <= 0) { BIO_free(buf); BIO_free(sock); return 0; }
    BIO_push(buf, sock);
    SSL_set_bio(ssl, buf, buf);   /* one reference for both directions; freed with the SSL */
    return 1;
}

/* Writes what the write buffer holds to the socket: 1 when empty, 0 when the socket would block
 * (retry when writable), -1 on an error. */
static inline int CFlock_SSL_flush_write(SSL *ssl) {
    BIO *w = SSL_get_wbio(ssl);
    if (w == NULL || BIO_wpending(w) == 0) return 1;
    if (BIO_flush(w) > 0) return 1;
    return BIO_should_retry(w) ? 0 : -1;
}

/* Bytes waiting in the write buffer. */
static inline size_t CFlock_SSL_write_pending(SSL *ssl) {
    BIO *w = SSL_get_wbio(ssl);
    return w == NULL ? 0 : BIO_wpending(w);
}

/* SSL_OP_* are built with a cast macro (SSL_OP_BIT): no renegotiation, no compression, the
 * server's cipher order. */
static inline uint64_t CFlock_SSL_OP_transport_options(void) {
    return (uint64_t)(SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
}

/* 1 when `options` has both renegotiation and compression disabled. */
static inline int CFlock_SSL_OP_forbids_renegotiation_and_compression(uint64_t options) {
    uint64_t wanted = (uint64_t)(SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    return (options & wanted) == wanted;
}

/* SSL_set_tlsext_host_name is a macro over SSL_ctrl (SNI); returns 1 on success. */
static inline int CFlock_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/* SSL_CTX_add1_chain_cert is a macro over SSL_CTX_ctrl; returns 1 on success (takes its own reference). */
static inline int CFlock_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *cert) {
    return (int)SSL_CTX_add1_chain_cert(ctx, cert);
}

/* The error-queue text flag is a macro constant in some builds; keep the check in C. */
static inline int CFlock_ERR_flags_has_string(int flags) { return (flags & ERR_TXT_STRING) != 0; }

/* Verification detail for the log: when the peer's certificate chain fails verification, the
 * callback below writes "certificate CN=NAME serial=HEX: REASON" (the failing certificate, the
 * reason as X509_verify_cert_error_string says it) into the buffer the connection attached with
 * CFlock_SSL_set_verify_detail_buffer (SSL app data; FLOCK_VERIFY_DETAIL_SIZE bytes, owned by
 * the caller). Only the first failure is kept. The verification result itself is unchanged. */
#define FLOCK_VERIFY_DETAIL_SIZE 512

static inline void CFlock_SSL_set_verify_detail_buffer(SSL *ssl, char *buffer) {
    if (buffer != NULL) buffer[0] = 0;
    SSL_set_app_data(ssl, buffer);
}

static inline int CFlock_verify_detail_callback(int ok, X509_STORE_CTX *store) {
    if (ok) return ok;
    SSL *ssl = (SSL *)X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    char *buffer = ssl != NULL ? (char *)SSL_get_app_data(ssl) : NULL;
    if (buffer == NULL || buffer[0] != 0) return ok;
    X509 *cert = X509_STORE_CTX_get_current_cert(store);
    char cn[256] = "?";
    char serial[80] = "?";
    if (cert != NULL) {
        X509_NAME *name = X509_get_subject_name(cert);
        if (name == NULL || X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn) < 0) {
            cn[0] = '?'; cn[1] = 0;
        }
        BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
        if (bn != NULL) {
            char *hex = BN_bn2hex(bn);
            if (hex != NULL) { snprintf(serial, sizeof serial, "%s", hex); OPENSSL_free(hex); }
            BN_free(bn);
        }
    }
    snprintf(buffer, FLOCK_VERIFY_DETAIL_SIZE, "certificate CN=%s serial=%s: %s", cn, serial,
             X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)));
    return ok;
}

/* Mutual-TLS verification with the detail callback above. */
static inline void CFlock_SSL_CTX_set_verify_with_detail(SSL_CTX *ctx, int mode) {
    SSL_CTX_set_verify(ctx, mode, CFlock_verify_detail_callback);
}

/* Reads one PEM CRL; NULL when the text holds none. */
static inline X509_CRL *CFlock_read_crl(const char *pem, int length) {
    BIO *bio = BIO_new_mem_buf(pem, length);
    if (bio == NULL) return NULL;
    X509_CRL *crl = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return crl;
}

/* The CRL checking flag (leaf only: every Flock certificate is issued by the root itself). */
static inline unsigned long CFlock_X509_V_FLAG_CRL_CHECK(void) { return X509_V_FLAG_CRL_CHECK; }

#endif
