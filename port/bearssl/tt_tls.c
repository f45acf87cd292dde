/* tt_tls.c - TLS 1.2 client transport over BearSSL's engine (see tt_tls.h). */
#include <string.h>

#include "tt_sha256.h"
#include "tt_time.h"
#include "tt_tls.h"

/* ---- IP literals ---------------------------------------------------------- */

static int tt_tls_parse_ipv4(const char *s, const char *end, uint8_t out[4])
{
    int part = 0;
    while (part < 4) {
        unsigned v = 0, digits = 0;
        while (s < end && *s >= '0' && *s <= '9') {
            v = v * 10u + (unsigned)(*s - '0');
            if (++digits > 3 || v > 255)
                return 0;
            s++;
        }
        if (digits == 0)
            return 0;
        out[part++] = (uint8_t)v;
        if (part < 4) {
            if (s >= end || *s != '.')
                return 0;
            s++;
        }
    }
    return s == end;
}

static int tt_tls_parse_ipv6(const char *p, const char *end, uint8_t out[16])
{
    uint16_t w[8];
    int n = 0, dbl = -1, i;

    if (p < end && *p == ':') {
        if (end - p < 2 || p[1] != ':')
            return 0;
        p += 2;
        dbl = 0;
    }
    while (p < end) {
        const char *c = p;
        unsigned v = 0;
        int k = 0;
        while (c < end && *c != ':' && *c != '.')
            c++;
        if (c < end && *c == '.') { /* embedded IPv4 tail */
            uint8_t v4[4];
            if (n > 6 || !tt_tls_parse_ipv4(p, end, v4))
                return 0;
            w[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
            w[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
            break; /* the IPv4 tail ends the address */
        }
        while (p < end && tt_hex_value(*p) >= 0) {
            v = v * 16u + (unsigned)tt_hex_value(*p);
            if (++k > 4)
                return 0;
            p++;
        }
        if (k == 0 || n >= 8)
            return 0;
        w[n++] = (uint16_t)v;
        if (p == end)
            break;
        if (*p != ':')
            return 0;
        p++;
        if (p < end && *p == ':') {
            if (dbl >= 0)
                return 0;
            dbl = n;
            p++;
        } else if (p == end) {
            return 0; /* trailing single ':' */
        }
    }
    if (dbl < 0 ? n != 8 : n > 7)
        return 0;
    memset(out, 0, 16);
    if (dbl < 0)
        dbl = n;
    for (i = 0; i < dbl; i++) {
        out[2 * (size_t)i] = (uint8_t)(w[i] >> 8);
        out[2 * (size_t)i + 1] = (uint8_t)w[i];
    }
    for (i = dbl; i < n; i++) {
        int at = 8 - (n - i);
        out[2 * (size_t)at] = (uint8_t)(w[i] >> 8);
        out[2 * (size_t)at + 1] = (uint8_t)w[i];
    }
    return 1;
}

size_t tt_tls_parse_ip(const char *s, uint8_t out[16])
{
    size_t len;
    if (!s)
        return 0;
    len = strlen(s);
    if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
        s++;
        len -= 2;
    }
    if (tt_tls_parse_ipv4(s, s + len, out))
        return 4;
    if (tt_tls_parse_ipv6(s, s + len, out))
        return 16;
    return 0;
}

/* ---- streaming search for an iPAddress SAN in the end-entity cert -------- */

/* Only the path Certificate / tbsCertificate / [3] / Extensions / Extension /
 * extnValue(subjectAltName) / GeneralNames / [7] iPAddress is entered; every
 * other element is skipped by length, so memory stays bounded. */
enum { TT_L_CERT, TT_L_TBS, TT_L_EXTW, TT_L_EXTS, TT_L_EXT, TT_L_SANV, TT_L_GN, TT_L_VALID };
enum { TT_W_TAG, TT_W_LEN0, TT_W_LENN, TT_W_BODY };
#define TT_W_DEPTH 8

typedef struct tt_der_walk {
    uint32_t rem[TT_W_DEPTH]; /* content bytes left in each open element */
    uint8_t kind[TT_W_DEPTH];
    uint8_t nchild[TT_W_DEPTH];
    int depth;
    int st;
    uint8_t tag;
    uint32_t len;
    int lenleft;
    uint32_t body_left;
    int capture;
    uint8_t cap[16];
    size_t caplen;
    int capover;
    int ext_is_san;
    int done, bad, found;
    uint8_t ip[16];
    size_t iplen;
    int tbs_seq;        /* SEQUENCEs seen in tbsCertificate (3rd = validity) */
    int have_nb;        /* not_before parsed */
    int64_t not_before; /* Unix seconds */
} tt_der_walk;

/* UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) -> Unix
 * seconds.  Returns 0 for any other form (BearSSL judges those itself). */
static int tt_tls_der_time(const uint8_t *s, size_t n, uint8_t tag, int64_t *out)
{
    unsigned v[7];
    size_t i, k = 0, digits = tag == 0x17 ? 12 : 14;
    int32_t year;
    if (n != digits + 1 || s[digits] != 'Z')
        return 0;
    for (i = 0; i < digits; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    if (tag == 0x17) {
        year = (int32_t)((s[0] - '0') * 10 + (s[1] - '0'));
        year += year < 50 ? 2000 : 1900; /* RFC 5280 4.1.2.5.1 */
        i = 2;
    } else {
        year = (int32_t)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
        i = 4;
    }
    for (; i < digits; i += 2)
        v[k++] = (unsigned)((s[i] - '0') * 10 + (s[i + 1] - '0'));
    if (v[0] < 1 || v[0] > 12 || v[1] < 1 || v[1] > 31 || v[2] > 23 || v[3] > 59 || v[4] > 60)
        return 0;
    *out = tt_time_days_from_civil(year, v[0], v[1]) * 86400 +
           (int64_t)(v[2] * 3600u + v[3] * 60u + v[4]);
    return 1;
}

static void tt_walk_body_done(tt_der_walk *w)
{
    uint8_t parent = w->kind[w->depth - 1];
    if (!w->capture)
        return;
    if (parent == TT_L_EXT)
        w->ext_is_san = !w->capover && w->caplen == 3 && memcmp(w->cap, "\x55\x1d\x11", 3) == 0;
    else if (parent == TT_L_GN && !w->capover && w->caplen == w->iplen &&
             memcmp(w->cap, w->ip, w->iplen) == 0)
        w->found = 1;
    else if (parent == TT_L_VALID && w->nchild[w->depth - 1] == 1 && !w->capover)
        w->have_nb = tt_tls_der_time(w->cap, w->caplen, w->tag, &w->not_before);
}

static void tt_walk_header_done(tt_der_walk *w)
{
    int push = -1;
    if (w->depth > 0 && w->len > w->rem[w->depth - 1]) {
        w->bad = 1;
        return;
    }
    if (w->depth == 0) {
        if (w->tag != 0x30) {
            w->bad = 1;
            return;
        }
        push = TT_L_CERT;
    } else {
        uint8_t parent = w->kind[w->depth - 1];
        uint8_t idx = w->nchild[w->depth - 1];
        if (w->nchild[w->depth - 1] < 255)
            w->nchild[w->depth - 1]++;
        w->capture = 0;
        switch (parent) {
        case TT_L_CERT:
            if (idx == 0 && w->tag == 0x30)
                push = TT_L_TBS;
            break;
        case TT_L_TBS:
            if (w->tag == 0xA3)
                push = TT_L_EXTW;
            else if (w->tag == 0x30 && ++w->tbs_seq == 3)
                push = TT_L_VALID; /* signature, issuer, validity */
            break;
        case TT_L_VALID:
            if (w->tag == 0x17 || w->tag == 0x18)
                w->capture = 1;
            break;
        case TT_L_EXTW:
            if (w->tag == 0x30)
                push = TT_L_EXTS;
            break;
        case TT_L_EXTS:
            if (w->tag == 0x30) {
                push = TT_L_EXT;
                w->ext_is_san = 0;
            }
            break;
        case TT_L_EXT:
            if (w->tag == 0x06)
                w->capture = 1;
            else if (w->tag == 0x04 && w->ext_is_san)
                push = TT_L_SANV;
            break;
        case TT_L_SANV:
            if (w->tag == 0x30)
                push = TT_L_GN;
            break;
        case TT_L_GN:
            if (w->tag == 0x87)
                w->capture = 1;
            break;
        default:
            break;
        }
    }
    if (push >= 0) {
        if (w->depth >= TT_W_DEPTH) {
            w->bad = 1;
            return;
        }
        w->rem[w->depth] = w->len;
        w->kind[w->depth] = (uint8_t)push;
        w->nchild[w->depth] = 0;
        w->depth++;
        w->st = TT_W_TAG;
        return;
    }
    w->caplen = 0;
    w->capover = 0;
    w->body_left = w->len;
    if (w->len == 0) {
        tt_walk_body_done(w);
        w->st = TT_W_TAG;
    } else {
        w->st = TT_W_BODY;
    }
}

static void tt_walk_byte(tt_der_walk *w, uint8_t b)
{
    int i;
    if (w->done || w->bad)
        return;
    for (i = 0; i < w->depth; i++) {
        if (w->rem[i] == 0) {
            w->bad = 1;
            return;
        }
        w->rem[i]--;
    }
    switch (w->st) {
    case TT_W_TAG:
        w->tag = b;
        if ((b & 0x1f) == 0x1f) {
            w->bad = 1; /* high tag numbers never occur on our path */
            return;
        }
        w->st = TT_W_LEN0;
        break;
    case TT_W_LEN0:
        if (b < 0x80) {
            w->len = b;
            tt_walk_header_done(w);
        } else {
            w->lenleft = b & 0x7f;
            w->len = 0;
            if (w->lenleft == 0 || w->lenleft > 4) {
                w->bad = 1;
                return;
            }
            w->st = TT_W_LENN;
        }
        break;
    case TT_W_LENN:
        w->len = (w->len << 8) | b;
        if (--w->lenleft == 0)
            tt_walk_header_done(w);
        break;
    default: /* TT_W_BODY */
        if (w->capture) {
            if (w->caplen < sizeof w->cap)
                w->cap[w->caplen++] = b;
            else
                w->capover = 1;
        }
        if (--w->body_left == 0) {
            tt_walk_body_done(w);
            w->st = TT_W_TAG;
        }
        break;
    }
    if (w->bad)
        return;
    while (w->st == TT_W_TAG && w->depth > 0 && w->rem[w->depth - 1] == 0) {
        w->depth--;
        if (w->depth == 0)
            w->done = 1;
    }
}

/* ---- X.509 wrapper -------------------------------------------------------- */

/* Wraps br_x509_minimal (verify mode) to add the iPAddress check, or decodes
 * the end-entity certificate only (no_verify mode: accept any chain but hand
 * its key to the key exchange). */
struct tt_tls_x509 {
    const br_x509_class *vtable;
    br_x509_minimal_context *minimal; /* NULL in no_verify mode */
    br_x509_decoder_context *dec;     /* no_verify mode only */
    unsigned cert_index;
    int check_ip;
    int have_now;      /* now_s is the platform's clock */
    int not_yet_valid; /* BR_ERR_X509_EXPIRED was a notBefore in the future */
    int64_t now_s;
    tt_der_walk walk;
};

#if TT_TLS_NO_VERIFY
static void tt_tls_no_dn(void *ctx, const void *buf, size_t len);
#endif

#define TT_XW(ctx) ((struct tt_tls_x509 *)(void *)(ctx))

static void tt_xw_start_chain(const br_x509_class **ctx, const char *server_name)
{
    struct tt_tls_x509 *xw = TT_XW(ctx);
    xw->cert_index = 0;
    xw->not_yet_valid = 0;
    if (xw->minimal)
        xw->minimal->vtable->start_chain(&xw->minimal->vtable, server_name);
}

static void tt_xw_start_cert(const br_x509_class **ctx, uint32_t length)
{
    struct tt_tls_x509 *xw = TT_XW(ctx);
    if (xw->minimal)
        xw->minimal->vtable->start_cert(&xw->minimal->vtable, length);
    if (xw->cert_index == 0) {
#if TT_TLS_NO_VERIFY
        if (xw->dec)
            br_x509_decoder_init(xw->dec, tt_tls_no_dn, NULL);
#endif
        if (xw->minimal) { /* walked for the IP SANs and notBefore */
            uint8_t ip[16];
            size_t iplen = xw->walk.iplen;
            memcpy(ip, xw->walk.ip, sizeof ip);
            memset(&xw->walk, 0, sizeof xw->walk);
            memcpy(xw->walk.ip, ip, sizeof ip);
            xw->walk.iplen = iplen;
        }
    }
}

static void tt_xw_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
    struct tt_tls_x509 *xw = TT_XW(ctx);
    if (xw->minimal)
        xw->minimal->vtable->append(&xw->minimal->vtable, buf, len);
    if (xw->cert_index == 0) {
#if TT_TLS_NO_VERIFY
        if (xw->dec)
            br_x509_decoder_push(xw->dec, buf, len);
#endif
        if (xw->minimal) {
            size_t i;
            for (i = 0; i < len; i++)
                tt_walk_byte(&xw->walk, buf[i]);
        }
    }
}

static void tt_xw_end_cert(const br_x509_class **ctx)
{
    struct tt_tls_x509 *xw = TT_XW(ctx);
    if (xw->minimal)
        xw->minimal->vtable->end_cert(&xw->minimal->vtable);
    xw->cert_index++;
}

static unsigned tt_xw_end_chain(const br_x509_class **ctx)
{
    struct tt_tls_x509 *xw = TT_XW(ctx);
    unsigned err;
#if TT_TLS_NO_VERIFY
    if (!xw->minimal) {
        if (xw->cert_index == 0)
            return BR_ERR_X509_EMPTY_CHAIN;
        err = (unsigned)br_x509_decoder_last_error(xw->dec);
        if (err == 0 && br_x509_decoder_get_pkey(xw->dec) == NULL)
            err = BR_ERR_X509_TRUNCATED;
        return err;
    }
#endif
    err = xw->minimal->vtable->end_chain(&xw->minimal->vtable);
    /* BearSSL says "expired" for both ends of the validity period. */
    if (err == BR_ERR_X509_EXPIRED && xw->have_now && xw->walk.have_nb &&
        xw->now_s < xw->walk.not_before)
        xw->not_yet_valid = 1;
    /* A wrong IP outranks "not trusted", as a wrong DNS name does in
     * BearSSL (it checks the name while reading the end-entity cert). */
    if (xw->check_ip && !xw->walk.found && (err == 0 || err == BR_ERR_X509_NOT_TRUSTED))
        err = BR_ERR_X509_BAD_SERVER_NAME;
    return err;
}

static const br_x509_pkey *tt_xw_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
    const struct tt_tls_x509 *xw = (const struct tt_tls_x509 *)(const void *)ctx;
#if TT_TLS_NO_VERIFY
    if (!xw->minimal) {
        if (usages)
            *usages = BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;
        return br_x509_decoder_get_pkey(xw->dec);
    }
#endif
    return xw->minimal->vtable->get_pkey((const br_x509_class *const *)&xw->minimal->vtable, usages);
}

static const br_x509_class tt_xw_vtable = {
    sizeof(struct tt_tls_x509), tt_xw_start_chain, tt_xw_start_cert, tt_xw_append,
    tt_xw_end_cert,             tt_xw_end_chain,   tt_xw_get_pkey};

/* ---- error mapping -------------------------------------------------------- */

int tt_tls_map_br_error(int e, int handshake)
{
    switch (e) {
    case BR_ERR_X509_NOT_TRUSTED:
    case BR_ERR_X509_NOT_CA:
    case BR_ERR_X509_DN_MISMATCH:
    case BR_ERR_X509_FORBIDDEN_KEY_USAGE:
        return TT_ERR_TLS_UNTRUSTED;
    case BR_ERR_X509_BAD_SERVER_NAME:
        return TT_ERR_TLS_BAD_HOST;
    case BR_ERR_X509_EXPIRED:
        return TT_ERR_TLS_EXPIRED;
    case BR_ERR_X509_TIME_UNKNOWN:
        return TT_ERR_TLS_NO_TIME;
    case BR_ERR_UNSUPPORTED_VERSION:
    case BR_ERR_BAD_VERSION:
    case BR_ERR_RECV_FATAL_ALERT + 70: /* protocol_version */
        return handshake ? TT_ERR_TLS_VERSION : TT_ERR_TLS_IO;
    case BR_ERR_BAD_CIPHER_SUITE:
    case BR_ERR_RECV_FATAL_ALERT + 40: /* handshake_failure: OpenSSL's "no shared cipher" */
    case BR_ERR_RECV_FATAL_ALERT + 71: /* insufficient_security */
        return handshake ? TT_ERR_TLS_NO_COMMON_SUITE : TT_ERR_TLS_IO;
    default:
        break;
    }
    if (e >= BR_ERR_X509_INVALID_VALUE && e <= BR_ERR_X509_WEAK_PUBLIC_KEY)
        return TT_ERR_TLS_BAD_CERT;
    return handshake ? TT_ERR_TLS_HANDSHAKE : TT_ERR_TLS_IO;
}

const char *tt_tls_br_errname(int e)
{
    static const struct {
        int code;
        const char *name;
    } names[] = {
        {BR_ERR_OK, "BR_ERR_OK"},
        {BR_ERR_BAD_PARAM, "BR_ERR_BAD_PARAM"},
        {BR_ERR_BAD_STATE, "BR_ERR_BAD_STATE"},
        {BR_ERR_UNSUPPORTED_VERSION, "BR_ERR_UNSUPPORTED_VERSION"},
        {BR_ERR_BAD_VERSION, "BR_ERR_BAD_VERSION"},
        {BR_ERR_BAD_LENGTH, "BR_ERR_BAD_LENGTH"},
        {BR_ERR_TOO_LARGE, "BR_ERR_TOO_LARGE"},
        {BR_ERR_BAD_MAC, "BR_ERR_BAD_MAC"},
        {BR_ERR_NO_RANDOM, "BR_ERR_NO_RANDOM"},
        {BR_ERR_UNKNOWN_TYPE, "BR_ERR_UNKNOWN_TYPE"},
        {BR_ERR_UNEXPECTED, "BR_ERR_UNEXPECTED"},
        {BR_ERR_BAD_CCS, "BR_ERR_BAD_CCS"},
        {BR_ERR_BAD_ALERT, "BR_ERR_BAD_ALERT"},
        {BR_ERR_BAD_HANDSHAKE, "BR_ERR_BAD_HANDSHAKE"},
        {BR_ERR_OVERSIZED_ID, "BR_ERR_OVERSIZED_ID"},
        {BR_ERR_BAD_CIPHER_SUITE, "BR_ERR_BAD_CIPHER_SUITE"},
        {BR_ERR_BAD_COMPRESSION, "BR_ERR_BAD_COMPRESSION"},
        {BR_ERR_BAD_FRAGLEN, "BR_ERR_BAD_FRAGLEN"},
        {BR_ERR_BAD_SECRENEG, "BR_ERR_BAD_SECRENEG"},
        {BR_ERR_EXTRA_EXTENSION, "BR_ERR_EXTRA_EXTENSION"},
        {BR_ERR_BAD_SNI, "BR_ERR_BAD_SNI"},
        {BR_ERR_BAD_HELLO_DONE, "BR_ERR_BAD_HELLO_DONE"},
        {BR_ERR_LIMIT_EXCEEDED, "BR_ERR_LIMIT_EXCEEDED"},
        {BR_ERR_BAD_FINISHED, "BR_ERR_BAD_FINISHED"},
        {BR_ERR_RESUME_MISMATCH, "BR_ERR_RESUME_MISMATCH"},
        {BR_ERR_INVALID_ALGORITHM, "BR_ERR_INVALID_ALGORITHM"},
        {BR_ERR_BAD_SIGNATURE, "BR_ERR_BAD_SIGNATURE"},
        {BR_ERR_WRONG_KEY_USAGE, "BR_ERR_WRONG_KEY_USAGE"},
        {BR_ERR_NO_CLIENT_AUTH, "BR_ERR_NO_CLIENT_AUTH"},
        {BR_ERR_IO, "BR_ERR_IO"},
        {BR_ERR_X509_INVALID_VALUE, "BR_ERR_X509_INVALID_VALUE"},
        {BR_ERR_X509_TRUNCATED, "BR_ERR_X509_TRUNCATED"},
        {BR_ERR_X509_EMPTY_CHAIN, "BR_ERR_X509_EMPTY_CHAIN"},
        {BR_ERR_X509_INNER_TRUNC, "BR_ERR_X509_INNER_TRUNC"},
        {BR_ERR_X509_BAD_TAG_CLASS, "BR_ERR_X509_BAD_TAG_CLASS"},
        {BR_ERR_X509_BAD_TAG_VALUE, "BR_ERR_X509_BAD_TAG_VALUE"},
        {BR_ERR_X509_INDEFINITE_LENGTH, "BR_ERR_X509_INDEFINITE_LENGTH"},
        {BR_ERR_X509_EXTRA_ELEMENT, "BR_ERR_X509_EXTRA_ELEMENT"},
        {BR_ERR_X509_UNEXPECTED, "BR_ERR_X509_UNEXPECTED"},
        {BR_ERR_X509_NOT_CONSTRUCTED, "BR_ERR_X509_NOT_CONSTRUCTED"},
        {BR_ERR_X509_NOT_PRIMITIVE, "BR_ERR_X509_NOT_PRIMITIVE"},
        {BR_ERR_X509_PARTIAL_BYTE, "BR_ERR_X509_PARTIAL_BYTE"},
        {BR_ERR_X509_BAD_BOOLEAN, "BR_ERR_X509_BAD_BOOLEAN"},
        {BR_ERR_X509_OVERFLOW, "BR_ERR_X509_OVERFLOW"},
        {BR_ERR_X509_BAD_DN, "BR_ERR_X509_BAD_DN"},
        {BR_ERR_X509_BAD_TIME, "BR_ERR_X509_BAD_TIME"},
        {BR_ERR_X509_UNSUPPORTED, "BR_ERR_X509_UNSUPPORTED"},
        {BR_ERR_X509_LIMIT_EXCEEDED, "BR_ERR_X509_LIMIT_EXCEEDED"},
        {BR_ERR_X509_WRONG_KEY_TYPE, "BR_ERR_X509_WRONG_KEY_TYPE"},
        {BR_ERR_X509_BAD_SIGNATURE, "BR_ERR_X509_BAD_SIGNATURE"},
        {BR_ERR_X509_TIME_UNKNOWN, "BR_ERR_X509_TIME_UNKNOWN"},
        {BR_ERR_X509_EXPIRED, "BR_ERR_X509_EXPIRED"},
        {BR_ERR_X509_DN_MISMATCH, "BR_ERR_X509_DN_MISMATCH"},
        {BR_ERR_X509_BAD_SERVER_NAME, "BR_ERR_X509_BAD_SERVER_NAME"},
        {BR_ERR_X509_CRITICAL_EXTENSION, "BR_ERR_X509_CRITICAL_EXTENSION"},
        {BR_ERR_X509_NOT_CA, "BR_ERR_X509_NOT_CA"},
        {BR_ERR_X509_FORBIDDEN_KEY_USAGE, "BR_ERR_X509_FORBIDDEN_KEY_USAGE"},
        {BR_ERR_X509_WEAK_PUBLIC_KEY, "BR_ERR_X509_WEAK_PUBLIC_KEY"},
        {BR_ERR_X509_NOT_TRUSTED, "BR_ERR_X509_NOT_TRUSTED"},
    };
    size_t i;
    if (e >= BR_ERR_SEND_FATAL_ALERT && e < BR_ERR_SEND_FATAL_ALERT + 256)
        return "BR_ERR_SEND_FATAL_ALERT";
    if (e >= BR_ERR_RECV_FATAL_ALERT && e < BR_ERR_RECV_FATAL_ALERT + 256)
        return "BR_ERR_RECV_FATAL_ALERT";
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].code == e)
            return names[i].name;
    return "BR_ERR_UNKNOWN";
}

/* ---- engine loop ------------------------------------------------------------ */

enum { TT_PH_HANDSHAKE, TT_PH_SEND, TT_PH_RECV };
#define TT_TLS_EOF 1 /* internal: stream ended (clean or ragged) */

static uint32_t tt_tls_left(const tt_tls *t, uint64_t deadline)
{
    uint64_t now = t->plat->monotonic_ms(t->plat->ctx);
    if (now >= deadline)
        return 0;
    return deadline - now > 0xffffffffu ? 0xffffffffu : (uint32_t)(deadline - now);
}

static void tt_tls_drop(tt_tls *t)
{
    t->open = 0;
    t->ra_pos = t->ra_len = 0;
    t->lower->close(t->lower->ctx);
}

/* Bytes for the engine: from the read-ahead buffer, refilled with one
 * recv of up to cfg.readahead bytes when empty; or straight from the lower
 * transport when there is none. */
static int tt_tls_lower_recv(tt_tls *t, unsigned char *buf, size_t len, size_t *got,
                             uint32_t timeout_ms)
{
    size_t n;
    if (!t->ra)
        return t->lower->recv(t->lower->ctx, buf, len, got, timeout_ms);
    if (t->ra_pos == t->ra_len) {
        int rc;
        t->ra_pos = t->ra_len = 0;
        rc = t->lower->recv(t->lower->ctx, t->ra, t->cfg.readahead, &t->ra_len, timeout_ms);
        if (rc != TT_OK) {
            t->ra_len = 0;
            return rc;
        }
    }
    n = t->ra_len - t->ra_pos;
    if (n > len)
        n = len;
    memcpy(buf, t->ra + t->ra_pos, n);
    t->ra_pos += n;
    *got = n;
    return TT_OK;
}

/* Run the engine until its state has one of `want`, sending pending records
 * first.  Returns TT_OK, TT_TLS_EOF or an error (the session is dropped). */
static int tt_tls_run(tt_tls *t, unsigned want, uint64_t deadline, int phase)
{
    br_ssl_engine_context *eng = &t->cc->eng;
    for (;;) {
        unsigned st = br_ssl_engine_current_state(eng);
        int rc;
        if (st & BR_SSL_CLOSED) {
            int e = br_ssl_engine_last_error(eng);
            t->last_br_error = e;
            if (e == BR_ERR_OK && phase != TT_PH_HANDSHAKE) {
                t->eof = 1;
                t->open = 0;
                return phase == TT_PH_RECV ? TT_TLS_EOF : TT_ERR_TLS_CLOSED;
            }
            tt_tls_drop(t);
            if (e == BR_ERR_OK)
                return TT_ERR_TLS_HANDSHAKE;
            rc = tt_tls_map_br_error(e, phase == TT_PH_HANDSHAKE);
            if (rc == TT_ERR_TLS_EXPIRED && t->xw->not_yet_valid)
                rc = TT_ERR_TLS_NOT_YET_VALID;
            /* A TLS 1.0/1.1-only server answers in its own version, often
             * with a handshake_failure alert (our suites are TLS 1.2's). */
            if (phase == TT_PH_HANDSHAKE && t->peer_version >= 0x0300 &&
                t->peer_version < BR_TLS12 &&
                (rc == TT_ERR_TLS_HANDSHAKE || rc == TT_ERR_TLS_NO_COMMON_SUITE))
                rc = TT_ERR_TLS_VERSION;
            /* ... but a peer that does not speak TLS at all (HTTP on an
             * https:// URL) is a plain handshake failure. */
            if (rc == TT_ERR_TLS_VERSION && (t->peer_version >> 8) != 3)
                rc = TT_ERR_TLS_HANDSHAKE;
            return rc;
        }
        if (st & BR_SSL_SENDREC) {
            size_t len;
            unsigned char *buf = br_ssl_engine_sendrec_buf(eng, &len);
            rc = t->lower->send(t->lower->ctx, buf, len, tt_tls_left(t, deadline));
            if (rc != TT_OK)
                goto lower_failed;
            br_ssl_engine_sendrec_ack(eng, len);
            continue;
        }
        if (st & want)
            return TT_OK;
        if (st & BR_SSL_RECVREC) {
            size_t len, got = 0;
            unsigned char *buf = br_ssl_engine_recvrec_buf(eng, &len);
            rc = tt_tls_lower_recv(t, buf, len, &got, tt_tls_left(t, deadline));
            if (rc != TT_OK)
                goto lower_failed;
            if (got == 0) {
                if (phase == TT_PH_HANDSHAKE) {
                    tt_tls_drop(t);
                    return TT_ERR_TLS_HANDSHAKE;
                }
                t->eof = 1;
                t->ragged_eof = 1;
                t->open = 0;
                return phase == TT_PH_RECV ? TT_TLS_EOF : TT_ERR_TLS_CLOSED;
            }
            if (phase == TT_PH_HANDSHAKE && t->rec_hdr_len < sizeof t->rec_hdr) {
                /* The first bytes of the connection: the server's first
                 * record header (type, version) - kept for the diagnosis. */
                size_t k = sizeof t->rec_hdr - t->rec_hdr_len;
                if (k > got)
                    k = got;
                memcpy(t->rec_hdr + t->rec_hdr_len, buf, k);
                t->rec_hdr_len += k;
                if (t->rec_hdr_len == sizeof t->rec_hdr)
                    t->peer_version = (uint16_t)(t->rec_hdr[1] << 8 | t->rec_hdr[2]);
            }
            br_ssl_engine_recvrec_ack(eng, got);
            continue;
        }
        /* Half-duplex buffer holding unread application data while the
         * caller wants to send: the caller broke request/response order. */
        tt_tls_drop(t);
        return phase == TT_PH_HANDSHAKE ? TT_ERR_TLS_HANDSHAKE : TT_ERR_TLS_IO;
    lower_failed:
        /* A read timeout leaves the records consistent (nothing half-done),
         * so the caller may wait again; anything else ends the session. */
        if (rc == TT_ERR_READ_TIMEOUT && phase == TT_PH_RECV)
            return rc;
        tt_tls_drop(t);
        if (phase == TT_PH_HANDSHAKE &&
            (rc == TT_ERR_READ_TIMEOUT || rc == TT_ERR_WRITE_TIMEOUT))
            return TT_ERR_CONNECT_TIMEOUT;
        return rc;
    }
}

static void tt_tls_close(void *ctx)
{
    tt_tls *t = (tt_tls *)ctx;
    if (t->open) {
        /* Best-effort close_notify, without waiting for the socket. */
        br_ssl_engine_context *eng = &t->cc->eng;
        br_ssl_engine_close(eng);
        while (br_ssl_engine_current_state(eng) & BR_SSL_SENDREC) {
            size_t len;
            unsigned char *buf = br_ssl_engine_sendrec_buf(eng, &len);
            if (t->lower->send(t->lower->ctx, buf, len, 0) != TT_OK)
                break;
            br_ssl_engine_sendrec_ack(eng, len);
        }
        t->open = 0;
    }
    t->lower->close(t->lower->ctx);
}

static int tt_tls_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    tt_tls *t = (tt_tls *)ctx;
    br_ssl_engine_context *eng = &t->cc->eng;
    const char *name;
    uint8_t seed[32];
    size_t namelen, iplen;
    uint64_t deadline;
    int64_t now_s;
    int rc, resume;

    tt_tls_close(t);
    t->eof = t->ragged_eof = 0;
    t->last_br_error = 0;
    t->peer_version = 0;
    t->rec_hdr_len = 0;
    t->ra_pos = t->ra_len = 0;
    if (!host)
        return TT_ERR_INVALID_ARG;
    name = t->cfg.server_name ? t->cfg.server_name : host;
    namelen = strlen(name);
    if (namelen == 0 || namelen > TT_TLS_MAX_NAME)
        return TT_ERR_INVALID_ARG;
    deadline = t->plat->monotonic_ms(t->plat->ctx) + timeout_ms;

    if (t->plat->random(t->plat->ctx, seed, sizeof seed) != TT_OK)
        return TT_ERR_RANDOM;
    br_ssl_engine_inject_entropy(eng, seed, sizeof seed);
    tt_zeroize(seed, sizeof seed);

    /* Certificate dates: the platform's clock when it knows the time. */
    t->time_from_platform = 0;
    t->xw->have_now = 0;
    if (t->xc) {
        if (t->plat->wall_clock(t->plat->ctx, &now_s) == TT_OK && now_s >= 0 &&
            now_s <= TT_TIME_MAX) {
            /* Days and seconds without a 64-bit division (a libgcc call on
             * 32-bit cores): 86400 = 128 * 675, and now_s >> 7 < 2^32. */
            uint32_t days = (uint32_t)((uint64_t)now_s >> 7) / 675u;
            br_x509_minimal_set_time(t->xc, days + 719528u,
                                     (uint32_t)((uint64_t)now_s - (uint64_t)days * 86400u));
            t->time_from_platform = 1;
            t->xw->now_s = now_s;
            t->xw->have_now = 1;
        } else {
            br_x509_minimal_set_time(t->xc, 0, 0); /* BearSSL's own clock, if any */
        }
    }

    iplen = tt_tls_parse_ip(name, t->xw->walk.ip);
    t->xw->walk.iplen = iplen;
    t->xw->check_ip = iplen != 0 && !t->cfg.no_verify;

    rc = t->lower->connect(t->lower->ctx, host, port, timeout_ms);
    if (rc != TT_OK)
        return rc;

    resume = memcmp(t->last_name, name, namelen + 1) == 0; /* (no strcmp: code size) */
    /* No SNI (and no BearSSL name check) for an IP literal. */
    if (!br_ssl_client_reset(t->cc, iplen ? NULL : name, resume)) {
        t->last_br_error = br_ssl_engine_last_error(eng);
        t->lower->close(t->lower->ctx);
        return TT_ERR_TLS_HANDSHAKE;
    }
    rc = tt_tls_run(t, BR_SSL_SENDAPP | BR_SSL_RECVAPP, deadline, TT_PH_HANDSHAKE);
    if (rc != TT_OK) {
        t->last_name[0] = '\0';
        return rc;
    }
    memcpy(t->last_name, name, namelen + 1);
    t->open = 1;
    return TT_OK;
}

static int tt_tls_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    tt_tls *t = (tt_tls *)ctx;
    br_ssl_engine_context *eng = &t->cc->eng;
    uint64_t deadline = t->plat->monotonic_ms(t->plat->ctx) + timeout_ms;
    int rc;

    if (!t->open)
        return t->eof ? TT_ERR_TLS_CLOSED : TT_ERR_NOT_CONNECTED;
    while (len > 0) {
        size_t avail;
        unsigned char *dst;
        rc = tt_tls_run(t, BR_SSL_SENDAPP, deadline, TT_PH_SEND);
        if (rc != TT_OK)
            return rc == TT_TLS_EOF ? TT_ERR_TLS_CLOSED : rc;
        dst = br_ssl_engine_sendapp_buf(eng, &avail);
        if (avail > len)
            avail = len;
        memcpy(dst, buf, avail);
        br_ssl_engine_sendapp_ack(eng, avail);
        buf += avail;
        len -= avail;
    }
    br_ssl_engine_flush(eng, 0);
    /* Returns once no record is left to send. */
    rc = tt_tls_run(t, BR_SSL_SENDAPP | BR_SSL_RECVAPP | BR_SSL_RECVREC, deadline, TT_PH_SEND);
    return rc == TT_TLS_EOF ? TT_ERR_TLS_CLOSED : rc;
}

static int tt_tls_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    tt_tls *t = (tt_tls *)ctx;
    br_ssl_engine_context *eng = &t->cc->eng;
    uint64_t deadline = t->plat->monotonic_ms(t->plat->ctx) + timeout_ms;
    unsigned char *src;
    size_t avail;
    int rc;

    *got = 0;
    if (!t->open)
        return t->eof ? TT_OK : TT_ERR_NOT_CONNECTED;
    if (cap == 0)
        return TT_ERR_INVALID_ARG;
    rc = tt_tls_run(t, BR_SSL_RECVAPP, deadline, TT_PH_RECV);
    if (rc == TT_TLS_EOF)
        return TT_OK;
    if (rc != TT_OK)
        return rc;
    src = br_ssl_engine_recvapp_buf(eng, &avail);
    if (avail > cap)
        avail = cap;
    memcpy(buf, src, avail);
    br_ssl_engine_recvapp_ack(eng, avail);
    *got = avail;
    return TT_OK;
}

/* ---- setup ------------------------------------------------------------------ */

#define TT_TLS_ROUND(n) (((n) + (TT_ARENA_ALIGN_MAX - 1)) & ~(size_t)(TT_ARENA_ALIGN_MAX - 1))

/* One arena block, carved in this order: client ctx, wrapper, X.509 ctx
 * (minimal or decoder), record buffer.  One block means one ARENA_FULL
 * whose `needed` covers the whole TLS footprint. */
static size_t tt_tls_block_bytes(const tt_tls_config *cfg)
{
    return TT_TLS_ROUND(sizeof(br_ssl_client_context)) + TT_TLS_ROUND(sizeof(struct tt_tls_x509)) +
           (cfg->no_verify ? TT_TLS_ROUND(sizeof(br_x509_decoder_context))
                           : TT_TLS_ROUND(sizeof(br_x509_minimal_context))) +
           (size_t)(cfg->bidi ? BR_SSL_BUFSIZE_BIDI : BR_SSL_BUFSIZE_MONO) + cfg->readahead;
}

size_t tt_tls_arena_bytes(const tt_tls_config *cfg)
{
    tt_tls_config d;
    if (!cfg) {
        memset(&d, 0, sizeof d);
        cfg = &d;
    }
    return tt_tls_block_bytes(cfg) + TT_ARENA_ALIGN_MAX - 1; /* worst-case padding */
}

#if TT_TLS_SMALL && TT_TLS_CORE_SHA256
/* ---- the core's SHA-256 for BearSSL (TT_TLS_CORE_SHA256) ------------------ */

/* A br_hash_class over tt_sha256_ctx.  state()/set_state() are the chaining
 * value (big-endian) and the byte count, as BearSSL's multihash and HMAC use
 * them (only at block boundaries). */
typedef struct tt_tls_sha256 {
    const br_hash_class *vtable;
    tt_sha256_ctx c;
} tt_tls_sha256;

#define TT_TLS_SHA(ctx) ((tt_tls_sha256 *)(void *)(ctx))
#define TT_TLS_CSHA(ctx) ((const tt_tls_sha256 *)(const void *)(ctx))

static const br_hash_class tt_tls_sha256_vtable;

static void tt_tls_sha256_init(const br_hash_class **ctx)
{
    TT_TLS_SHA(ctx)->vtable = &tt_tls_sha256_vtable;
    tt_sha256_init(&TT_TLS_SHA(ctx)->c);
}

static void tt_tls_sha256_update(const br_hash_class **ctx, const void *data, size_t len)
{
    tt_sha256_update(&TT_TLS_SHA(ctx)->c, data, len);
}

static void tt_tls_sha256_out(const br_hash_class *const *ctx, void *dst)
{
    tt_sha256_ctx c = TT_TLS_CSHA(ctx)->c; /* out() leaves the context as is */
    tt_sha256_final(&c, (uint8_t *)dst);
}

static uint64_t tt_tls_sha256_state(const br_hash_class *const *ctx, void *dst)
{
    const tt_sha256_ctx *c = &TT_TLS_CSHA(ctx)->c;
    uint8_t *d = (uint8_t *)dst;
    int i;
    for (i = 0; i < 8; i++) {
        d[4 * i] = (uint8_t)(c->h[i] >> 24);
        d[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
        d[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
        d[4 * i + 3] = (uint8_t)c->h[i];
    }
    return c->count;
}

static void tt_tls_sha256_set_state(const br_hash_class **ctx, const void *stb, uint64_t count)
{
    tt_sha256_ctx *c = &TT_TLS_SHA(ctx)->c;
    const uint8_t *s = (const uint8_t *)stb;
    int i;
    for (i = 0; i < 8; i++)
        c->h[i] = (uint32_t)s[4 * i] << 24 | (uint32_t)s[4 * i + 1] << 16 |
                  (uint32_t)s[4 * i + 2] << 8 | s[4 * i + 3];
    c->count = count;
}

static const br_hash_class tt_tls_sha256_vtable = {
    sizeof(tt_tls_sha256),
    BR_HASHDESC_ID(br_sha256_ID) | BR_HASHDESC_OUT(32) | BR_HASHDESC_STATE(32) |
        BR_HASHDESC_LBLEN(6) | BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE,
    tt_tls_sha256_init,
    tt_tls_sha256_update,
    tt_tls_sha256_out,
    tt_tls_sha256_state,
    tt_tls_sha256_set_state};

static void tt_tls_prf_feed(tt_hmac_sha256_ctx *h, const char *label, size_t seed_num,
                            const br_tls_prf_seed_chunk *seed)
{
    tt_hmac_sha256_update(h, label, strlen(label));
    for (; seed_num > 0; seed_num--, seed++)
        tt_hmac_sha256_update(h, seed->data, seed->len);
}

/* The TLS 1.2 PRF with SHA-256 (RFC 5246 section 5): P_SHA256(secret,
 * label + seed) = HMAC(secret, A(1) + label + seed) + HMAC(secret, A(2) +
 * ...), A(0) = label + seed, A(i) = HMAC(secret, A(i-1)). */
static void tt_tls_prf_sha256(void *dst, size_t len, const void *secret, size_t secret_len,
                              const char *label, size_t seed_num, const br_tls_prf_seed_chunk *seed)
{
    tt_hmac_sha256_ctx h;
    uint8_t a[32], out[32];
    uint8_t *d = (uint8_t *)dst;
    int first = 1;
    while (len > 0) {
        size_t n = len < sizeof out ? len : sizeof out;
        tt_hmac_sha256_init(&h, secret, secret_len);
        if (first)
            tt_tls_prf_feed(&h, label, seed_num, seed);
        else
            tt_hmac_sha256_update(&h, a, sizeof a);
        tt_hmac_sha256_final(&h, a);
        first = 0;
        tt_hmac_sha256_init(&h, secret, secret_len);
        tt_hmac_sha256_update(&h, a, sizeof a);
        tt_tls_prf_feed(&h, label, seed_num, seed);
        tt_hmac_sha256_final(&h, out);
        memcpy(d, out, n);
        d += n;
        len -= n;
    }
    tt_zeroize(a, sizeof a);
    tt_zeroize(out, sizeof out);
    tt_zeroize(&h, sizeof h);
}

#define TT_TLS_SHA256_VT (&tt_tls_sha256_vtable)
#define TT_TLS_PRF_SHA256 (&tt_tls_prf_sha256)
#else
#define TT_TLS_SHA256_VT (&br_sha256_vtable)
#define TT_TLS_PRF_SHA256 (&br_tls12_sha256_prf)
#endif

#if TT_TLS_SMALL
/* The reduced client profile (see tt_tls.h): TLS 1.2, ECDHE with AES-GCM
 * only, so --gc-sections drops CBC, ChaCha20, 3DES, static RSA/ECDH, the
 * TLS 1.0/1.1 PRF, MD5 and SHA-1. */
static const uint16_t tt_tls_suites[] = {
    BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
#if TT_TLS_SHA384
    BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
#endif
};

/* Hashes for certificate signatures and ServerKeyExchange (SHA-224 and
 * SHA-512 share the code of SHA-256 and SHA-384; NULL = not supported:
 * TT_TLS_SHA384 0 keeps SHA-256 only, what MTurk's chain and suites use). */
static const br_hash_class *const tt_tls_hashes[] = {
#if TT_TLS_SHA384
    &br_sha224_vtable, TT_TLS_SHA256_VT, &br_sha384_vtable, &br_sha512_vtable
#else
    NULL, TT_TLS_SHA256_VT, NULL, NULL
#endif
};

static void tt_tls_init_small(br_ssl_client_context *cc, br_x509_minimal_context *xc,
                              const br_x509_trust_anchor *anchors, size_t anchor_count)
{
    br_ssl_engine_context *eng = &cc->eng;
    int id;
    br_ssl_client_zero(cc);
    br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
    br_ssl_engine_set_suites(eng, tt_tls_suites, sizeof tt_tls_suites / sizeof tt_tls_suites[0]);
    br_ssl_client_set_default_rsapub(cc);
    br_ssl_engine_set_default_rsavrfy(eng);
    br_ssl_engine_set_ec(eng, TT_TLS_EC_IMPL);
    br_ssl_engine_set_ecdsa(eng, br_ecdsa_vrfy_asn1_get_default());
    for (id = br_sha224_ID; id <= br_sha512_ID; id++)
        br_ssl_engine_set_hash(eng, id, tt_tls_hashes[id - br_sha224_ID]);
    br_ssl_engine_set_prf_sha256(eng, TT_TLS_PRF_SHA256);
#if TT_TLS_SHA384
    br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
#endif
    br_ssl_engine_set_default_aes_gcm(eng);
    if (xc) {
        br_x509_minimal_init(xc, TT_TLS_SHA256_VT, anchors, anchor_count);
        for (id = br_sha224_ID; id <= br_sha512_ID; id++)
            br_x509_minimal_set_hash(xc, id, tt_tls_hashes[id - br_sha224_ID]);
        br_x509_minimal_set_rsa(xc, br_rsa_pkcs1_vrfy_get_default());
        br_x509_minimal_set_ecdsa(xc, TT_TLS_EC_IMPL, br_ecdsa_vrfy_asn1_get_default());
        br_ssl_engine_set_x509(eng, &xc->vtable);
    }
}
#endif

#if !TT_TLS_SMALL
/* The host profile's suites (tt_tls.h): forward secrecy and AEAD only. */
static const uint16_t tt_tls_host_suites[] = {
    BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,       BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,       BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};
#endif

#if TT_TLS_NO_VERIFY
static void tt_tls_no_dn(void *ctx, const void *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    (void)len;
}
#endif

int tt_tls_transport_init(tt_tls *t, const tt_transport *lower, tt_arena *arena,
                          const tt_tls_config *cfg, const tt_platform *plat, tt_transport *out)
{
    unsigned char *p;
    void *block;
    int rc;

    if (!t || !lower || !arena || !cfg || !plat || !out)
        return TT_ERR_INVALID_ARG;
    if (!cfg->no_verify && (cfg->anchors == NULL || cfg->anchor_count == 0))
        return TT_ERR_INVALID_ARG;
#if !TT_TLS_NO_VERIFY
    if (cfg->no_verify)
        return TT_ERR_INVALID_ARG;
#endif
    memset(t, 0, sizeof *t);
    rc = tt_arena_alloc(arena, tt_tls_block_bytes(cfg), TT_ARENA_ALIGN_MAX, &block);
    if (rc != TT_OK)
        return rc;
    p = (unsigned char *)block;
    t->lower = lower;
    t->plat = plat;
    t->cfg = *cfg;
    t->iobuf_len = cfg->bidi ? BR_SSL_BUFSIZE_BIDI : BR_SSL_BUFSIZE_MONO;

    t->cc = (br_ssl_client_context *)(void *)p;
    p += TT_TLS_ROUND(sizeof(br_ssl_client_context));
    t->xw = (struct tt_tls_x509 *)(void *)p;
    memset(t->xw, 0, sizeof *t->xw);
    p += TT_TLS_ROUND(sizeof(struct tt_tls_x509));
#if TT_TLS_NO_VERIFY
    if (cfg->no_verify) {
        t->xw->dec = (br_x509_decoder_context *)(void *)p;
        p += TT_TLS_ROUND(sizeof(br_x509_decoder_context));
#if TT_TLS_SMALL
        tt_tls_init_small(t->cc, NULL, NULL, 0);
#else
        /* init_full wants an X.509 context; ours replaces it right after and
         * the engine keeps no other pointer to it, so a stack one will do. */
        {
            br_x509_minimal_context tmp;
            br_ssl_client_init_full(t->cc, &tmp, NULL, 0);
        }
#endif
    } else
#endif
    {
        t->xc = (br_x509_minimal_context *)(void *)p;
        p += TT_TLS_ROUND(sizeof(br_x509_minimal_context));
#if TT_TLS_SMALL
        tt_tls_init_small(t->cc, t->xc, cfg->anchors, cfg->anchor_count);
#else
        br_ssl_client_init_full(t->cc, t->xc, cfg->anchors, cfg->anchor_count);
#endif
        t->xw->minimal = t->xc;
    }
    t->iobuf = p;
    if (cfg->readahead)
        t->ra = p + t->iobuf_len;

    t->xw->vtable = &tt_xw_vtable;
    br_ssl_engine_set_x509(&t->cc->eng, &t->xw->vtable);
    br_ssl_engine_set_versions(&t->cc->eng, BR_TLS12, BR_TLS12);
#if !TT_TLS_SMALL
    br_ssl_engine_set_suites(&t->cc->eng, tt_tls_host_suites,
                             sizeof tt_tls_host_suites / sizeof tt_tls_host_suites[0]);
#endif
    br_ssl_engine_set_buffer(&t->cc->eng, t->iobuf, t->iobuf_len, cfg->bidi ? 1 : 0);

    out->ctx = t;
    out->connect = tt_tls_connect;
    out->send = tt_tls_send;
    out->recv = tt_tls_recv;
    out->close = tt_tls_close;
    return TT_OK;
}
