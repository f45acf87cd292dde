/*
 * tt_ca.h - trust anchors from a PEM CA bundle (host only: uses stdio and
 * malloc; boards compile their anchors in with `brssl ta` instead).
 *
 * Every "CERTIFICATE" / "X509 CERTIFICATE" object in the PEM text is decoded
 * with br_x509_decoder; its subject DN and public key are copied into a
 * br_x509_trust_anchor (BR_X509_TA_CA when the certificate says it is a CA,
 * else a direct-trust anchor matched by key).  Certificates BearSSL cannot
 * decode, or with key types it does not support, are skipped and counted.
 *
 *   tt_ca_store ca;
 *   if (tt_ca_load_file(NULL, &ca) == TT_OK) {   // default bundle
 *       cfg.anchors = ca.anchors; cfg.anchor_count = ca.count;
 *       ... use TLS ...
 *       tt_ca_free(&ca);                         // after the last TLS use
 *   }
 */
#ifndef TT_CA_H
#define TT_CA_H

#include <bearssl.h>

#include "tt_base.h"

/* Debian/Ubuntu's bundle; callers may honour SSL_CERT_FILE / AWS_CA_BUNDLE
 * and pass their own path. */
#define TT_CA_DEFAULT_FILE "/etc/ssl/certs/ca-certificates.crt"

/*
 * The anchors and the bytes they point at are malloc'd and owned by the
 * store; they stay valid until tt_ca_free().  A zeroed store is empty.
 */
typedef struct tt_ca_store {
    br_x509_trust_anchor *anchors; /* count entries (tt_tls_config.anchors) */
    size_t count;   /* usable anchors */
    size_t cap;     /* allocated entries */
    size_t skipped; /* certificates that could not be used */
} tt_ca_store;

/*
 * Initialise `out` and load every certificate in the PEM file at `path`
 * (NULL = TT_CA_DEFAULT_FILE; borrowed for the call).  Returns TT_OK with
 * out->count > 0, or TT_ERR_TLS_CA_FILE (unreadable, malformed PEM, or no
 * usable certificate; `out` is then empty and needs no free) or
 * TT_ERR_INTERNAL when malloc fails.
 */
int tt_ca_load_file(const char *path, tt_ca_store *out);

/*
 * Append the certificates in pem[0..len) (borrowed for the call) to `st`,
 * which must be zeroed or previously loaded.  Same results as above, except
 * that on failure `st` keeps what it held before the call.
 */
int tt_ca_load_pem(tt_ca_store *st, const void *pem, size_t len);

/*
 * Add one DER certificate (borrowed for the call).  TT_OK, TT_ERR_TLS_CA_FILE
 * (not decodable / unsupported key; counted in `skipped`) or TT_ERR_INTERNAL.
 */
int tt_ca_add_der(tt_ca_store *st, const void *der, size_t len);

/* Release everything `st` owns and zero it (safe on a zeroed store). */
void tt_ca_free(tt_ca_store *st);

#endif /* TT_CA_H */
