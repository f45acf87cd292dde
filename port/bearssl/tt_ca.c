/* tt_ca.c - trust anchors from PEM (host only; see tt_ca.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_ca.h"

/* A malloc'd growing byte buffer. */
typedef struct tt_ca_buf {
    unsigned char *p;
    size_t len, cap;
    int oom;
} tt_ca_buf;

static void tt_ca_buf_append(void *ctx, const void *data, size_t len)
{
    tt_ca_buf *b = (tt_ca_buf *)ctx;
    if (b->oom)
        return;
    if (len > b->cap - b->len) {
        size_t ncap = b->cap ? b->cap : 1024;
        unsigned char *np;
        while (ncap - b->len < len)
            ncap *= 2;
        np = (unsigned char *)realloc(b->p, ncap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

static void tt_ca_discard(void *ctx, const void *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
}

int tt_ca_add_der(tt_ca_store *st, const void *der, size_t len)
{
    br_x509_decoder_context dc;
    tt_ca_buf dn;
    const br_x509_pkey *pk;
    br_x509_trust_anchor *ta;
    unsigned char *blk;
    size_t klen;

    memset(&dn, 0, sizeof dn);
    br_x509_decoder_init(&dc, tt_ca_buf_append, &dn);
    br_x509_decoder_push(&dc, der, len);
    pk = br_x509_decoder_get_pkey(&dc);
    if (dn.oom) {
        free(dn.p);
        return TT_ERR_INTERNAL;
    }
    if (pk == NULL || br_x509_decoder_last_error(&dc) != 0 ||
        (pk->key_type != BR_KEYTYPE_RSA && pk->key_type != BR_KEYTYPE_EC)) {
        free(dn.p);
        st->skipped++;
        return TT_ERR_TLS_CA_FILE;
    }
    if (st->count == st->cap) {
        size_t ncap = st->cap ? st->cap * 2 : 64;
        br_x509_trust_anchor *na =
            (br_x509_trust_anchor *)realloc(st->anchors, ncap * sizeof *na);
        if (!na) {
            free(dn.p);
            return TT_ERR_INTERNAL;
        }
        st->anchors = na;
        st->cap = ncap;
    }
    klen = pk->key_type == BR_KEYTYPE_RSA ? pk->key.rsa.nlen + pk->key.rsa.elen : pk->key.ec.qlen;
    /* One block per anchor: DN then key bytes; dn.data is the block start,
     * which is what tt_ca_free() releases. */
    blk = (unsigned char *)malloc(dn.len + klen + 1);
    if (!blk) {
        free(dn.p);
        return TT_ERR_INTERNAL;
    }
    if (dn.len)
        memcpy(blk, dn.p, dn.len);
    free(dn.p);
    ta = &st->anchors[st->count];
    memset(ta, 0, sizeof *ta);
    ta->dn.data = blk;
    ta->dn.len = dn.len;
    ta->flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
    ta->pkey.key_type = pk->key_type;
    if (pk->key_type == BR_KEYTYPE_RSA) {
        unsigned char *n = blk + dn.len, *e = n + pk->key.rsa.nlen;
        memcpy(n, pk->key.rsa.n, pk->key.rsa.nlen);
        memcpy(e, pk->key.rsa.e, pk->key.rsa.elen);
        ta->pkey.key.rsa.n = n;
        ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
        ta->pkey.key.rsa.e = e;
        ta->pkey.key.rsa.elen = pk->key.rsa.elen;
    } else {
        unsigned char *q = blk + dn.len;
        memcpy(q, pk->key.ec.q, pk->key.ec.qlen);
        ta->pkey.key.ec.curve = pk->key.ec.curve;
        ta->pkey.key.ec.q = q;
        ta->pkey.key.ec.qlen = pk->key.ec.qlen;
    }
    st->count++;
    return TT_OK;
}

/* Drop anchors past `keep` (undo a failed load). */
static void tt_ca_truncate(tt_ca_store *st, size_t keep)
{
    while (st->count > keep) {
        st->count--;
        free(st->anchors[st->count].dn.data);
    }
}

int tt_ca_load_pem(tt_ca_store *st, const void *pem, size_t len)
{
    br_pem_decoder_context pc;
    tt_ca_buf der;
    const unsigned char *p = (const unsigned char *)pem;
    size_t before = st->count, skipped_before = st->skipped;
    int in_cert = 0, rc = TT_OK, tail = 0;

    memset(&der, 0, sizeof der);
    br_pem_decoder_init(&pc);
    /* A final newline closes an END line the file left unterminated. */
    while (rc == TT_OK && (len > 0 || !tail)) {
        size_t n;
        if (len == 0) {
            tail = 1;
            p = (const unsigned char *)"\n";
            len = 1;
        }
        n = br_pem_decoder_push(&pc, p, len);
        p += n;
        len -= n;
        switch (br_pem_decoder_event(&pc)) {
        case BR_PEM_BEGIN_OBJ: {
            const char *name = br_pem_decoder_name(&pc);
            in_cert = strcmp(name, "CERTIFICATE") == 0 || strcmp(name, "X509 CERTIFICATE") == 0;
            der.len = 0;
            br_pem_decoder_setdest(&pc, in_cert ? tt_ca_buf_append : tt_ca_discard, &der);
            break;
        }
        case BR_PEM_END_OBJ:
            if (in_cert) {
                if (der.oom) {
                    rc = TT_ERR_INTERNAL;
                    break;
                }
                rc = tt_ca_add_der(st, der.p, der.len);
                if (rc == TT_ERR_TLS_CA_FILE)
                    rc = TT_OK; /* skipped, counted */
            }
            in_cert = 0;
            break;
        case BR_PEM_ERROR:
            rc = TT_ERR_TLS_CA_FILE;
            break;
        default:
            break;
        }
    }
    free(der.p);
    if (rc == TT_OK && st->count == before)
        rc = TT_ERR_TLS_CA_FILE;
    if (rc != TT_OK) {
        tt_ca_truncate(st, before);
        st->skipped = skipped_before;
    }
    return rc;
}

int tt_ca_load_file(const char *path, tt_ca_store *out)
{
    FILE *f;
    tt_ca_buf text;
    unsigned char chunk[4096];
    size_t n;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&text, 0, sizeof text);
    f = fopen(path ? path : TT_CA_DEFAULT_FILE, "rb");
    if (!f)
        return TT_ERR_TLS_CA_FILE;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tt_ca_buf_append(&text, chunk, n);
    rc = ferror(f) ? TT_ERR_TLS_CA_FILE : TT_OK;
    fclose(f);
    if (rc == TT_OK && text.oom)
        rc = TT_ERR_INTERNAL;
    if (rc == TT_OK)
        rc = text.len ? tt_ca_load_pem(out, text.p, text.len) : TT_ERR_TLS_CA_FILE;
    free(text.p);
    if (rc != TT_OK)
        tt_ca_free(out);
    return rc;
}

void tt_ca_free(tt_ca_store *st)
{
    tt_ca_truncate(st, 0);
    free(st->anchors);
    memset(st, 0, sizeof *st);
}
