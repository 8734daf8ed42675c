#ifndef FLOCK_COPENSSL_SHIM_X509_H
#define FLOCK_COPENSSL_SHIM_X509_H
#include <openssl/bio.h>
#include <openssl/crypto.h>

/* BIO_get_mem_data is a macro over BIO_ctrl; returns the length and sets *data. */
static inline long CFlock_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* OPENSSL_free is a macro carrying file/line. */
static inline void CFlock_OPENSSL_free(void *p) { OPENSSL_free(p); }

#endif
