#ifndef FLOCK_COPENSSL_SHIM_TLS_H
#define FLOCK_COPENSSL_SHIM_TLS_H
#include <openssl/ssl.h>

/* SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl; returns 1 on success. */
static inline int CFlock_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

#endif
