#ifndef FLOCK_COPENSSL_SHIM_H
#define FLOCK_COPENSSL_SHIM_H
/* OpenSSL headers plus tiny static-inline shims for what the Swift importer cannot see
 * (function-like macros, cast-built constants, variadic functions). Each group of shims
 * lives in its own header so the modules that need them can grow them independently:
 *   shim_x509.h  certificate/key issuance (FlockTLS issuing, fl-provision)
 *   shim_tls.h   TLS contexts and connections (FlockTLS transport side)
 */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/rand.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/pkcs12.h>
#include "shim_x509.h"
#include "shim_tls.h"
#endif
