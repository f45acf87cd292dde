/* tt_ca.c - trust anchors from PEM (host only; see tt_ca.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_base64.h"
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

/* Line [*pos, end of line) of text[0..len): its start and length without
 * the line end and trailing blanks; *pos moves past the line end. */
static const char *tt_ca_line(const char *text, size_t len, size_t *pos, size_t *n)
{
    size_t b = *pos, e = b;
    while (e < len && text[e] != '\n')
        e++;
    *pos = e < len ? e + 1 : e;
    while (e > b && (text[e - 1] == '\r' || text[e - 1] == ' ' || text[e - 1] == '\t'))
        e--;
    *n = e - b;
    return text + b;
}

/* "-----<word> LABEL-----": LABEL's offset and length, or 0. */
static int tt_ca_armor(const char *l, size_t n, const char *word, size_t *lab, size_t *labn)
{
    size_t w = strlen(word);
    if (n < 10 + w || memcmp(l, "-----", 5) != 0 || memcmp(l + 5, word, w) != 0 ||
        memcmp(l + n - 5, "-----", 5) != 0)
        return 0;
    *lab = 5 + w;
    *labn = n - 10 - w;
    return 1;
}

static int tt_ca_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* PEM with our own scanner and the core's base64 decoder: BearSSL's PEM
 * decoder (a T0 program) costs ~1 000 instructions per byte, ~60 ms for a
 * system bundle of 220 KB; this is ~10 per byte.  Objects: "-----BEGIN
 * LABEL-----" line, base64 lines (blanks ignored), "-----END ...-----" line;
 * text outside objects is ignored; an object left open at the end of the
 * text or with invalid base64 fails the load.  CR LF line ends work. */
int tt_ca_load_pem(tt_ca_store *st, const void *pem, size_t len)
{
    const char *text = (const char *)pem;
    size_t before = st->count, skipped_before = st->skipped, pos = 0;
    char *b64 = NULL;
    unsigned char *der = NULL;
    int rc = TT_OK;

    while (rc == TT_OK && pos < len) {
        size_t n, lab, labn, start, nb = 0, dlen = 0, k;
        const char *l = tt_ca_line(text, len, &pos, &n);
        int in_cert, closed = 0;
        if (!tt_ca_armor(l, n, "BEGIN ", &lab, &labn))
            continue;
        in_cert = (labn == 11 && memcmp(l + lab, "CERTIFICATE", 11) == 0) ||
                  (labn == 16 && memcmp(l + lab, "X509 CERTIFICATE", 16) == 0);
        start = pos;
        while (pos < len) { /* find the END line; the body is [start, its start) */
            size_t at = pos;
            l = tt_ca_line(text, len, &pos, &n);
            if (tt_ca_armor(l, n, "END ", &lab, &labn)) {
                closed = 1;
                free(b64);
                free(der);
                b64 = (char *)malloc(at - start + 1);
                der = (unsigned char *)malloc(at - start + 1);
                if (!b64 || !der) {
                    rc = TT_ERR_INTERNAL;
                    break;
                }
                for (k = start; k < at; k++)
                    if (!tt_ca_is_ws(text[k]))
                        b64[nb++] = text[k];
                if (tt_base64_decode(b64, nb, der, at - start + 1, &dlen, NULL) != TT_OK)
                    rc = TT_ERR_TLS_CA_FILE;
                break;
            }
        }
        if (!closed)
            rc = TT_ERR_TLS_CA_FILE; /* a cut file: refused whole, as OpenSSL does */
        if (rc == TT_OK && in_cert && tt_ca_add_der(st, der, dlen) == TT_ERR_INTERNAL)
            rc = TT_ERR_INTERNAL; /* TT_ERR_TLS_CA_FILE: skipped, counted */
    }
    free(b64);
    free(der);
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
