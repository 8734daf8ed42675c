#ifndef FLOCK_COPENSSL_SHIM_TLS_H
#define FLOCK_COPENSSL_SHIM_TLS_H
/* Shims for the TLS side of FlockTLS (TLS*.swift): each wraps a function-like macro or a
 * cast-built constant that the Swift importer cannot see. */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

/* SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl; returns 1 on success. */
static inline int CFlock_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

/* SSL_CTX_set_mode is a macro over SSL_CTX_ctrl. The modes the transport uses with a
 * non-blocking fd: partial writes (SSL_write returns after whole records), a moving write buffer
 * (the retry after WANT_WRITE may pass a different pointer), and released idle buffers (memory
 * per idle connection). Returns the new mode bitmask. */
static inline long CFlock_SSL_CTX_set_transport_modes(SSL_CTX *ctx) {
    return SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
                                     | SSL_MODE_RELEASE_BUFFERS);
}

/* SSL_OP_* are built with a cast macro (SSL_OP_BIT): no renegotiation, no compression, the
 * server's cipher order. */
static inline uint64_t CFlock_SSL_OP_transport_options(void) {
    return (uint64_t)(SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
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

#endif
