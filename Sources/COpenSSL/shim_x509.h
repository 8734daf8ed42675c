#ifndef FLOCK_COPENSSL_SHIM_X509_H
#define FLOCK_COPENSSL_SHIM_X509_H
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>

/* BIO_get_mem_data is a macro over BIO_ctrl; returns the length and sets *data. */
static inline long CFlock_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* OPENSSL_free is a macro carrying file/line. */
static inline void CFlock_OPENSSL_free(void *p) { OPENSSL_free(p); }

/* The revoked entries of a CRL (STACK_OF accessors are macros). */
static inline int CFlock_X509_CRL_revoked_count(X509_CRL *crl) {
    STACK_OF(X509_REVOKED) *revoked = X509_CRL_get_REVOKED(crl);
    return revoked == NULL ? 0 : sk_X509_REVOKED_num(revoked);
}

static inline const ASN1_INTEGER *CFlock_X509_CRL_revoked_serial(X509_CRL *crl, int index) {
    X509_REVOKED *entry = sk_X509_REVOKED_value(X509_CRL_get_REVOKED(crl), index);
    return entry == NULL ? NULL : X509_REVOKED_get0_serialNumber(entry);
}

static inline const ASN1_TIME *CFlock_X509_CRL_revoked_date(X509_CRL *crl, int index) {
    X509_REVOKED *entry = sk_X509_REVOKED_value(X509_CRL_get_REVOKED(crl), index);
    return entry == NULL ? NULL : X509_REVOKED_get0_revocationDate(entry);
}

#endif
