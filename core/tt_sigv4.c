/*
 * tt_sigv4.c - AWS Signature Version 4 signer (see tt_sigv4.h for the rules).
 *
 * The canonical request is streamed into SHA-256 piece by piece.  One arena
 * block holds the output string (kept) followed by the scratch (the sorted
 * header pointers, and when presigning the query parameters and the raw
 * credential / signed-header list), released before returning.  In header
 * mode the Authorization value is written before hashing: its credential
 * scope and SignedHeaders list are what the canonical request and the
 * string to sign hash, so neither is built twice.
 */
#include <stddef.h>
#include <string.h>

#include "tt_sigv4.h"
#include "tt_time.h"

#define ALGO "AWS4-HMAC-SHA256"

/* Keep big-frame helpers out of tt_sigv4_sign's frame so the canonical
 * request's hash context and the key derivation never share one stack
 * depth (measured by scripts/stack-usage.sh). */
#if defined(__GNUC__) || defined(__clang__)
#define TT_NOINLINE __attribute__((noinline))
#else
#define TT_NOINLINE
#endif
#define LIT_LEN(s) (sizeof(s) - 1)

/* TT_SIGV4_FULL 0 (tt_config.h; the device profile): only what tt_client
 * signs.  The general code stays visible to the compiler (plain `if`s on
 * these constants), so both forms are always type-checked; the unused one
 * is dropped as dead code. */
#define SV_FULL (TT_SIGV4_FULL != 0)
#define SV_DEBUG (TT_SIGV4_FULL || TT_DEBUG)

/* memcpy out of line (an inlined constant-size memcpy is larger); returns
 * the end. */
static TT_NOINLINE char *put(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    return d + n;
}

#define PUT_LIT(d, s) put((d), (s), LIT_LEN(s))

/* ---- output to the hash (and the debug sink) ----------------------------- */

typedef struct sv_emit {
    tt_sha256_ctx *sha;
    tt_sigv4_debug_fn fn;
    void *user;
    int part;
} sv_emit;

static void emit(sv_emit *e, const char *p, size_t n)
{
    tt_sha256_update(e->sha, p, n);
    if (SV_DEBUG && e->fn && n)
        e->fn(e->user, e->part, p, n);
}

static void emit_c(sv_emit *e, char c)
{
    emit(e, &c, 1);
}

static void emit_end(sv_emit *e)
{
    if (SV_DEBUG && e->fn)
        e->fn(e->user, e->part, "", 0);
}

/* ---- character classes ---------------------------------------------------- */

/* A-Z a-z 0-9 - . _ ~ as a bitmap of the 128 ASCII codes. */
static const uint8_t UNRESERVED[16] = {0, 0, 0, 0, 0, 0x60, 0xff, 0x03,
                                       0xfe, 0xff, 0xff, 0x87, 0xfe, 0xff, 0xff, 0x47};

static int is_unreserved(unsigned c)
{
    return c < 128 && (UNRESERVED[c >> 3] >> (c & 7)) & 1;
}

static unsigned lc(unsigned c)
{
    return (c - 'A' < 26u) ? c + 32u : c;
}

/* ---- percent-encoding (TT_SIGV4_FULL) ------------------------------------- */

static const char HEXU[] = "0123456789ABCDEF";

/*
 * Lazy encoder: yields the canonical (AWS) encoding of p[0..n) one byte at
 * a time, optionally percent-decoding valid %XX first.  Lets the query sort
 * compare encoded forms without materialising them.
 */
typedef struct sv_enc {
    const char *p;
    size_t n, i;
    unsigned char decode, keep_slash, npend, ipend;
    char pend[2];
} sv_enc;

static void enc_init(sv_enc *it, const char *p, size_t n, int decode, int keep_slash)
{
    it->p = p;
    it->n = n;
    it->i = 0;
    it->decode = (unsigned char)decode;
    it->keep_slash = (unsigned char)keep_slash;
    it->npend = it->ipend = 0;
}

/* Next output byte, or -1 at the end. */
static int enc_next(sv_enc *it)
{
    unsigned c;
    if (it->ipend < it->npend)
        return (unsigned char)it->pend[it->ipend++];
    if (it->i >= it->n)
        return -1;
    c = (unsigned char)it->p[it->i++];
    if (it->decode && c == '%' && it->n - it->i >= 2) {
        int hi = tt_hex_value((unsigned char)it->p[it->i]);
        int lo = tt_hex_value((unsigned char)it->p[it->i + 1]);
        if (hi >= 0 && lo >= 0) {
            c = (unsigned)(hi * 16 + lo);
            it->i += 2;
        }
    }
    if (is_unreserved(c) || (c == '/' && it->keep_slash))
        return (int)c;
    it->pend[0] = HEXU[c >> 4];
    it->pend[1] = HEXU[c & 15];
    it->npend = 2;
    it->ipend = 0;
    return '%';
}

static void emit_encoded(sv_emit *e, const char *p, size_t n, int decode, int keep_slash)
{
    char tmp[48];
    size_t k = 0;
    sv_enc it;
    int c;
    enc_init(&it, p, n, decode, keep_slash);
    while ((c = enc_next(&it)) >= 0) {
        tmp[k++] = (char)c;
        if (k == sizeof tmp) {
            emit(e, tmp, k);
            k = 0;
        }
    }
    emit(e, tmp, k);
}

/* Encode into dst (caller sized it at 3*n); returns the end. */
static char *put_encoded(char *dst, const char *p, size_t n)
{
    sv_enc it;
    int c;
    enc_init(&it, p, n, 0, 0);
    while ((c = enc_next(&it)) >= 0)
        *dst++ = (char)c;
    return dst;
}

static int enc_cmp(const char *a, size_t an, int adec, const char *b, size_t bn, int bdec)
{
    sv_enc x, y;
    enc_init(&x, a, an, adec, 0);
    enc_init(&y, b, bn, bdec, 0);
    for (;;) {
        int cx = enc_next(&x), cy = enc_next(&y);
        if (cx != cy)
            return cx < cy ? -1 : 1;
        if (cx < 0)
            return 0;
    }
}

/* ---- path ------------------------------------------------------------- */

/* Find the next non-empty segment at or after *i; returns its length, 0 at the end. */
static size_t next_segment(const char *p, size_t n, size_t *i, size_t *start)
{
    size_t j = *i;
    while (j < n && p[j] == '/')
        j++;
    *start = j;
    while (j < n && p[j] != '/')
        j++;
    *i = j;
    return j - *start;
}

static int is_dot(const char *s, size_t len)
{
    return len == 1 && s[0] == '.';
}

static int is_dotdot(const char *s, size_t len)
{
    return len == 2 && s[0] == '.' && s[1] == '.';
}

/* Is the segment ending at i removed by a later ".."?  It is when a ".."
 * arrives while nothing pushed after it is left on the stack. */
static int segment_popped(const char *p, size_t n, size_t i)
{
    size_t depth = 0, s, len;
    while ((len = next_segment(p, n, &i, &s)) != 0) {
        if (is_dot(p + s, len))
            continue;
        if (is_dotdot(p + s, len)) {
            if (depth == 0)
                return 1;
            depth--;
        } else {
            depth++;
        }
    }
    return 0;
}

/* Canonical URI: normalised like botocore's posixpath.normpath (plus the
 * trailing '/' kept), each segment encoded; '%' included (double encoding). */
static void emit_path(sv_emit *e, const char *p, size_t n, int normalize)
{
    size_t i = 0, s, len;
    int any = 0;
    if (n == 0) {
        emit_c(e, '/');
        return;
    }
    if (!SV_FULL) { /* plain_path() checked it needs neither */
        (void)normalize;
        emit(e, p, n);
        return;
    }
    if (!normalize) {
        emit_encoded(e, p, n, 0, 1);
        return;
    }
    emit_c(e, '/');
    while ((len = next_segment(p, n, &i, &s)) != 0) {
        if (is_dot(p + s, len) || is_dotdot(p + s, len) || segment_popped(p, n, i))
            continue;
        if (any)
            emit_c(e, '/');
        emit_encoded(e, p + s, len, 0, 0);
        any = 1;
    }
    if (any && p[n - 1] == '/')
        emit_c(e, '/');
}

/* A path whose canonical form is itself: '/'-separated segments of
 * unreserved bytes, none empty, "." or "..".  (Without TT_SIGV4_FULL only
 * such paths can be signed.)  Walked with '/' appended, so each segment is
 * judged at the '/' that ends it. */
static int plain_path(tt_str p)
{
    size_t i, seg = 0;
    for (i = 0; i <= p.len; i++) {
        unsigned c = i < p.len ? (unsigned char)p.ptr[i] : '/';
        if (c == '/') {
            if (i && (seg == 0 || (seg <= 2 && p.ptr[i - 1] == '.' && p.ptr[i - seg] == '.')))
                return i == p.len && seg == 0; /* only a trailing '/' may end empty */
            seg = 0;
        } else if (is_unreserved(c)) {
            seg++;
        } else {
            return 0;
        }
    }
    return 1;
}

/* ---- headers ------------------------------------------------------------ */

/* Case-insensitive order of header names (byte order of the lower-case forms). */
static int name_cmp(const tt_str *a, const tt_str *b)
{
    size_t i;
    for (i = 0; i < a->len && i < b->len; i++) {
        unsigned x = lc((unsigned char)a->ptr[i]), y = lc((unsigned char)b->ptr[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a->len == b->len ? 0 : (a->len < b->len ? -1 : 1);
}

/* A name: visible ASCII but ':'.  A value: no control bytes but TAB, and
 * CR/LF only as obs-fold (CR LF, LF followed by SP or TAB). */
static int header_ok(const tt_http_header *h)
{
    size_t i;
    if (h->name.len == 0 || !h->name.ptr || (h->value.len && !h->value.ptr))
        return 0;
    for (i = 0; i < h->name.len; i++) {
        unsigned c = (unsigned char)h->name.ptr[i];
        if (c - 0x21u >= 0x5eu || c == ':')
            return 0;
    }
    for (i = 0; i < h->value.len; i++) {
        unsigned c = (unsigned char)h->value.ptr[i];
        unsigned next = i + 1 < h->value.len ? (unsigned char)h->value.ptr[i + 1] : 0u;
        if (c == 0x7f || (c < 0x20 && c != '\t' && !(c == '\r' && next == '\n') &&
                          !(c == '\n' && (next == ' ' || next == '\t'))))
            return 0;
    }
    return 1;
}

/* Value trimmed, each whitespace run (folding included) as one space.  The
 * values signed hold no control bytes but TAB, CR and LF (header_ok(), and
 * the checks on the signer's own values), so whitespace is any byte <= ' '. */
static void emit_value(sv_emit *e, const tt_str *v)
{
    size_t i = 0, s;
    int sep = 0;
    for (;;) {
        while (i < v->len && (unsigned char)v->ptr[i] <= ' ')
            i++;
        if (i >= v->len)
            return;
        if (sep)
            emit_c(e, ' ');
        s = i;
        while (i < v->len && (unsigned char)v->ptr[i] > ' ')
            i++;
        emit(e, v->ptr + s, i - s);
        sep = 1;
    }
}

/* ---- query (TT_SIGV4_FULL) ------------------------------------------------ */

typedef struct sv_param {
    const char *k, *v;
    size_t klen, vlen;
    int decode; /* 1: bytes from the request (decode, re-encode); 0: raw */
} sv_param;

static int param_cmp(const sv_param *a, const sv_param *b)
{
    int r = enc_cmp(a->k, a->klen, a->decode, b->k, b->klen, b->decode);
    return r ? r : enc_cmp(a->v, a->vlen, a->decode, b->v, b->vlen, b->decode);
}

static void add_param(sv_param *q, size_t *nq, const char *k, size_t klen, const char *v,
                      size_t vlen, int decode)
{
    sv_param *p = &q[(*nq)++];
    p->k = k;
    p->klen = klen;
    p->v = v;
    p->vlen = vlen;
    p->decode = decode;
}

/* Split "a=1&b&c=3" into params (empty pieces between '&' are skipped). */
static void parse_query(tt_str q, sv_param *out, size_t *nq)
{
    size_t i = 0;
    while (i < q.len) {
        size_t s = i, eq;
        while (i < q.len && q.ptr[i] != '&')
            i++;
        if (i > s) {
            eq = s;
            while (eq < i && q.ptr[eq] != '=')
                eq++;
            if (eq < i)
                add_param(out, nq, q.ptr + s, eq - s, q.ptr + eq + 1, i - eq - 1, 1);
            else
                add_param(out, nq, q.ptr + s, i - s, q.ptr + i, 0, 1);
        }
        i++;
    }
}

/* ---- signing key -------------------------------------------------------- */

/* The signing key of k[] = {secret, date8, region, service}:
 * HMAC("AWS4" + secret) over date8, region, service, "aws4_request", into
 * key[32]; with `mac` h is then keyed with it (tt_sigv4_hmac_init()).  One
 * context h for the whole chain (flat stack), one init call. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline)) /* (a device image calls it once: no call, one frame) */
#endif
static inline void derive(const tt_str k[4], uint8_t key[32], tt_hmac_sha256_ctx *h, int mac)
{
    static const char aws4[] = "AWS4"; /* then its NUL: "" */
    const char *pre = aws4;
    const void *kp = k[0].ptr;
    size_t kl = k[0].len, i;

    for (i = 1;; i++) {
        tt_hmac_sha256_init_prefixed(h, pre, kp, kl);
        if (i == 5) /* (mac only) */
            return;
        if (i < 4)
            tt_hmac_sha256_update(h, k[i].ptr, k[i].len);
        else
            tt_hmac_sha256_update(h, "aws4_request", 12);
        tt_hmac_sha256_final(h, key); /* final zeroizes h */
        if (i == 4 && !mac)
            return;
        pre = aws4 + 4;
        kp = key;
        kl = 32;
    }
}

void tt_sigv4_derive_key(tt_str secret, const char date8[8], tt_str region, tt_str service,
                         uint8_t key[32])
{
    tt_hmac_sha256_ctx h; /* (zeroized by the chain's last final) */
    tt_str k[4];
    k[0] = secret;
    k[1].ptr = date8;
    k[1].len = 8;
    k[2] = region;
    k[3] = service;
    derive(k, key, &h, 0);
}

void tt_sigv4_key_cache_init(tt_sigv4_key_cache *c)
{
    memset(c, 0, sizeof *c);
}

void tt_sigv4_key_cache_clear(tt_sigv4_key_cache *c)
{
    tt_zeroize(c, sizeof *c);
}

/* ---- the signer ----------------------------------------------------------- */

/* Everything the canonical request and the string to sign are made of. */
typedef struct sv_plan {
    const tt_sigv4_request *req;
    const tt_http_header **hs; /* sorted headers to sign */
    size_t nh;
    sv_param *qs; /* sorted canonical query params (TT_SIGV4_FULL) */
    size_t nq;
    char *sh; /* signed-headers list "host;x-amz-date" */
    size_t shlen;
    const char *scope; /* "YYYYMMDD/region/service/aws4_request" */
    size_t scope_len;
    const char *phash; /* payload hash as hashed */
    size_t phlen;
} sv_plan;

static void emit_start(sv_emit *e, tt_sha256_ctx *sha, const tt_sigv4_request *req, int part)
{
    e->sha = sha;
    e->fn = SV_DEBUG ? req->debug : NULL;
    e->user = req->debug_user;
    e->part = part;
}

/* Walk the sorted headers: write the signed-headers list at pl->sh (each
 * name once, lower case, ';'-separated; sets pl->shlen) and, given e, emit
 * the canonical headers ("\nname:value", a duplicate's value joined with
 * ',' in request order), the name taken from the list just written. */
static void walk_headers(sv_plan *pl, sv_emit *e)
{
    char *d = pl->sh;
    size_t i, j;
    for (i = 0; i < pl->nh; i++) {
        const tt_str *nm = &pl->hs[i]->name;
        if (i && name_cmp(nm, &pl->hs[i - 1]->name) == 0) {
            if (e)
                emit_c(e, ',');
        } else {
            if (i)
                *d++ = ';';
            for (j = 0; j < nm->len; j++)
                d[j] = (char)lc((unsigned char)nm->ptr[j]);
            if (e) {
                emit_c(e, '\n');
                emit(e, d, nm->len);
                emit_c(e, ':');
            }
            d += nm->len;
        }
        if (e)
            emit_value(e, &pl->hs[i]->value);
    }
    pl->shlen = (size_t)(d - pl->sh);
}

/* Canonical request -> SHA-256 (-> debug sink); its hash into out. */
static TT_NOINLINE void hash_canonical_request(sv_plan *pl, uint8_t out[32])
{
    const tt_sigv4_request *req = pl->req;
    tt_sha256_ctx sha;
    sv_emit e;
    size_t i;

    tt_sha256_init(&sha);
    emit_start(&e, &sha, req, TT_SIGV4_DEBUG_CANONICAL_REQUEST);
    emit(&e, req->method.ptr, req->method.len);
    emit_c(&e, '\n');
    emit_path(&e, req->path.ptr, req->path.len, !(req->flags & TT_SIGV4_NO_NORMALIZE_PATH));
    emit_c(&e, '\n');
    for (i = 0; SV_FULL && i < pl->nq; i++) {
        const sv_param *q = &pl->qs[i];
        if (i)
            emit_c(&e, '&');
        emit_encoded(&e, q->k, q->klen, q->decode, 0);
        emit_c(&e, '=');
        emit_encoded(&e, q->v, q->vlen, q->decode, 0);
    }
    walk_headers(pl, &e);
    emit_c(&e, '\n');
    emit_c(&e, '\n');
    emit(&e, pl->sh, pl->shlen);
    emit_c(&e, '\n');
    emit(&e, pl->phash, pl->phlen);
    emit_end(&e);
    tt_sha256_final(&sha, out);
}

/* The cache's pads[] are the outer and inner states, in this order. */
typedef char sv_pads_layout[offsetof(tt_hmac_sha256_ctx, inner) == 32 &&
                                    sizeof(((tt_sigv4_key_cache *)0)->pads) == 64
                                ? 1
                                : -1];

void tt_sigv4_hmac_init(tt_hmac_sha256_ctx *hmac, const tt_str k[4], tt_sigv4_key_cache *cache)
{
    uint8_t tmp[32]; /* the fingerprint, then the signing key */
    size_t i;

    if (cache) {
        /* The fingerprint, hashed in hmac->inner (overwritten below; its
         * buffer's secret bytes go with tt_hmac_sha256_final()'s wipe).
         * Each string with its length: no two inputs hash alike. */
        tt_sha256_init(&hmac->inner);
        for (i = 0; i < 4; i++) {
            tt_sha256_update(&hmac->inner, &k[i].len, sizeof k[i].len);
            tt_sha256_update(&hmac->inner, k[i].ptr, k[i].len);
        }
        tt_sha256_final(&hmac->inner, tmp);
        if (cache->valid && tt_bytes_eq(cache->fp, tmp, sizeof cache->fp)) { /* warm */
            put((char *)hmac, (const char *)cache->pads, sizeof cache->pads);
            hmac->inner.count = 64;
            goto done;
        }
        put((char *)cache->fp, (const char *)tmp, sizeof cache->fp);
    }
    derive(k, tmp, hmac, 1);
    if (cache) {
        put((char *)cache->pads, (const char *)hmac, sizeof cache->pads);
        cache->valid = 1;
    }
done:
    tt_zeroize(tmp, sizeof tmp);
}

/* String to sign -> HMAC with the signing key (-> debug sink); fills
 * out->signature. */
static TT_NOINLINE void sign_string_to_sign(const sv_plan *pl, tt_str secret,
                                            tt_sigv4_key_cache *cache, const char hexdigest[64],
                                            tt_sigv4_result *out)
{
    const tt_sigv4_request *req = pl->req;
    tt_hmac_sha256_ctx hmac;
    uint8_t tmp[32]; /* the MAC */
    sv_emit e;
    tt_str k[4];

    k[0] = secret;
    k[1].ptr = out->amz_date;
    k[1].len = 8;
    k[2] = req->region;
    k[3] = req->service;
    tt_sigv4_hmac_init(&hmac, k, cache);
    emit_start(&e, &hmac.inner, req, TT_SIGV4_DEBUG_STRING_TO_SIGN);
    emit(&e, ALGO "\n", LIT_LEN(ALGO "\n"));
    emit(&e, out->amz_date, 16);
    emit_c(&e, '\n');
    emit(&e, pl->scope, pl->scope_len);
    emit_c(&e, '\n');
    emit(&e, hexdigest, 64);
    emit_end(&e);
    tt_hmac_sha256_final(&hmac, tmp); /* zeroizes hmac */
    tt_hex_lower(tmp, 32, out->signature);
    tt_zeroize(tmp, sizeof tmp);
}

int tt_sigv4_hash_path(tt_sha256_ctx *sha, tt_str path, tt_sigv4_debug_fn debug, void *user)
{
    size_t i;
    sv_emit e;
    if (!path.len || path.ptr[0] != '/' || (!SV_FULL && !plain_path(path)))
        return TT_ERR_SIGV4_BAD_PATH;
    for (i = 0; SV_FULL && i < path.len; i++) /* (a plain path has none) */
        if ((unsigned char)path.ptr[i] < 0x20 || (unsigned char)path.ptr[i] == 0x7f)
            return TT_ERR_SIGV4_BAD_PATH;
    if (sha) {
        e.sha = sha;
        e.fn = SV_DEBUG ? debug : NULL;
        e.user = user;
        e.part = TT_SIGV4_DEBUG_CANONICAL_REQUEST;
        emit_path(&e, path.ptr, path.len, 1);
    }
    return TT_OK;
}

/*
 * The argument checks, in order: each byte is a check (SVC_*) of one of the
 * strings in sign_args(); the high bits of the error index say which code
 * a failure returns (SVE_*).
 */
enum { SA_AKID, SA_SECRET, SA_TOKEN, SA_METHOD, SA_PATH, SA_QUERY, SA_REGION, SA_SERVICE,
       SA_PHASH, SA_HEADERS, SA_PAYLOAD, SA_PRESIGN, SA_N };
#define SVC_NULL 0x00u  /* NULL with a length, or absurdly long */
#define SVC_PTR 0x10u   /* NULL with a length */
#define SVC_EMPTY 0x20u /* empty */
#define SVC_SET 0x30u   /* not empty */
#define SVC_CTL 0x40u   /* a control byte */
#define SVC_SLASH 0x50u /* not starting with '/' */
#define SVC_MAXH 0x60u  /* more than TT_SIGV4_MAX_HEADERS */
#define SVC_PLAIN 0x70u /* not its own canonical form (plain_path) */

static int str_fails(tt_str s, unsigned check)
{
    size_t i;
    switch (check) {
    case SVC_NULL:
        return (!s.ptr && s.len) || s.len >= ((size_t)-1) / 16;
    case SVC_PTR:
        return !s.ptr && s.len;
    case SVC_EMPTY:
        return !s.len;
    case SVC_SET:
        return s.len != 0;
    case SVC_SLASH:
        return s.len && s.ptr[0] != '/';
    case SVC_MAXH:
        return s.len > TT_SIGV4_MAX_HEADERS;
    case SVC_PLAIN:
        return !plain_path(s);
    default: /* SVC_CTL */
        for (i = 0; i < s.len; i++)
            if ((unsigned char)s.ptr[i] < 0x20 || (unsigned char)s.ptr[i] == 0x7f)
                return 1;
        return 0;
    }
}

#define C(check, str) (uint8_t)((check) | (str))
#define E(err) (uint8_t)(0x80u | (err)) /* the checks before this one fail with err */
enum { SVE_INVALID, SVE_NO_CRED, SVE_TOO_MANY, SVE_PATH, SVE_QUERY };
static const int16_t SV_ERRS[] = {TT_ERR_INVALID_ARG, TT_ERR_SIGV4_NO_CREDENTIALS,
                                  TT_ERR_SIGV4_TOO_MANY_HEADERS, TT_ERR_SIGV4_BAD_PATH,
                                  TT_ERR_SIGV4_BAD_QUERY};
static const uint8_t SV_CHECKS[] = {
    C(SVC_NULL, SA_AKID), C(SVC_NULL, SA_SECRET), C(SVC_NULL, SA_TOKEN), E(SVE_INVALID),
    C(SVC_EMPTY, SA_AKID), C(SVC_EMPTY, SA_SECRET), E(SVE_NO_CRED),
    C(SVC_NULL, SA_METHOD), C(SVC_NULL, SA_PATH), C(SVC_NULL, SA_QUERY), C(SVC_NULL, SA_REGION),
    C(SVC_NULL, SA_SERVICE), C(SVC_NULL, SA_PHASH), C(SVC_EMPTY, SA_METHOD),
    C(SVC_EMPTY, SA_REGION), C(SVC_EMPTY, SA_SERVICE), C(SVC_PTR, SA_HEADERS),
    C(SVC_PTR, SA_PAYLOAD), E(SVE_INVALID),
    C(SVC_MAXH, SA_HEADERS), E(SVE_TOO_MANY),
    C(SVC_SLASH, SA_PATH), C(SVC_CTL, SA_PATH), E(SVE_PATH),
    C(SVC_CTL, SA_QUERY),
#if !TT_SIGV4_FULL
    C(SVC_SET, SA_QUERY), E(SVE_QUERY),
    C(SVC_SET, SA_PRESIGN), E(SVE_INVALID),
    C(SVC_PLAIN, SA_PATH), E(SVE_PATH),
#else
    E(SVE_QUERY),
#endif
    /* These end up in header values: no CR/LF (or other control bytes). */
    C(SVC_CTL, SA_TOKEN), C(SVC_CTL, SA_AKID), C(SVC_CTL, SA_METHOD), C(SVC_CTL, SA_PHASH),
    C(SVC_CTL, SA_REGION), C(SVC_CTL, SA_SERVICE), E(SVE_INVALID)};

/* TT_OK or the code of the first failed check; *names = the bytes the
 * caller's header names (+1 each) take. */
static int sign_args(const tt_sigv4_request *req, const tt_credentials *cred, size_t *names)
{
    const tt_str *s[SA_N];
    tt_str extra[3];
    size_t i;
    int failed = 0;

    s[SA_AKID] = &cred->access_key_id;
    s[SA_SECRET] = &cred->secret_access_key;
    s[SA_TOKEN] = &cred->session_token;
    s[SA_METHOD] = &req->method;
    s[SA_PATH] = &req->path;
    s[SA_QUERY] = &req->query;
    s[SA_REGION] = &req->region;
    s[SA_SERVICE] = &req->service;
    s[SA_PHASH] = &req->payload_hash;
    extra[0].ptr = (const char *)req->headers;
    extra[0].len = req->header_count;
    extra[1].ptr = (const char *)req->payload;
    extra[1].len = req->payload_len;
    extra[2].ptr = NULL;
    extra[2].len = req->flags & TT_SIGV4_PRESIGN;
    s[SA_HEADERS] = &extra[0];
    s[SA_PAYLOAD] = &extra[1];
    s[SA_PRESIGN] = &extra[2];
    for (i = 0; i < sizeof SV_CHECKS; i++) {
        unsigned c = SV_CHECKS[i];
        if (c & 0x80u) {
            if (failed)
                return SV_ERRS[c & 0x7fu];
        } else if (!failed) {
            failed = str_fails(*s[c & 15u], c & 0x70u);
        }
    }
    for (i = 0; i < req->header_count; i++) {
        const tt_http_header *h = &req->headers[i];
        if (str_fails(h->name, SVC_NULL) || str_fails(h->value, SVC_NULL) || !header_ok(h))
            return TT_ERR_SIGV4_BAD_HEADER;
        *names += h->name.len + 1;
    }
    return TT_OK;
}

/* Append one header the signer adds (name: a lower-case literal); returns
 * what it adds to the signed-headers list (its name and a separator). */
static TT_NOINLINE size_t add_virt(tt_http_header *virt, size_t *n, const char *name,
                                   const char *v, size_t vlen)
{
    tt_http_header *h = &virt[(*n)++];
    h->name = tt_str_c(name);
    h->value.ptr = v;
    h->value.len = vlen;
    return h->name.len + 1;
}

/* Header i of the caller's followed by the signer's own. */
static const tt_http_header *hdr_at(const tt_sigv4_request *req, const tt_http_header *virt,
                                    size_t i)
{
    return i < req->header_count ? &req->headers[i] : &virt[i - req->header_count];
}

int tt_sigv4_sign(const tt_sigv4_request *req, const tt_credentials *cred,
                  tt_sigv4_key_cache *cache, tt_arena *arena, tt_sigv4_result *out)
{
    tt_http_header virt[3];
    size_t nvirt = 0, i, j, names = 0, credlen, nq_max = 0, outcap, scratch, nhs;
    int presign, token, token_signed, rc;
    sv_plan pl;
    char *outbuf, *d, *w;
    const char *credraw;
    char expires[10];
    size_t explen = 0;
    uint8_t digest[32];
    char hexdigest[64];
    void *mem;

    TT_ARG_CHECK(req && cred && arena && out, TT_ERR_INVALID_ARG);
    memset(out, 0, sizeof *out);
    rc = sign_args(req, cred, &names);
    if (rc == TT_OK)
        rc = tt_time_format_amz(req->epoch_s, out->amz_date);
    if (rc != TT_OK)
        return rc;

    /* Payload hash: given, or SHA-256 of the body. */
    pl.req = req;
    if (req->payload_hash.len) {
        pl.phash = req->payload_hash.ptr;
        pl.phlen = req->payload_hash.len;
        if (pl.phlen < sizeof out->payload_hash)
            memcpy(out->payload_hash, pl.phash, pl.phlen);
    } else {
        tt_sha256(req->payload, req->payload_len, digest);
        tt_hex_lower(digest, 32, out->payload_hash);
        pl.phash = out->payload_hash;
        pl.phlen = 64;
    }

    presign = SV_FULL && (req->flags & TT_SIGV4_PRESIGN) != 0;
    token = cred->session_token.len != 0;
    token_signed = token && !(req->flags & TT_SIGV4_TOKEN_UNSIGNED);

    /* Headers the signer adds itself (header mode). */
    if (!presign) {
        names += add_virt(virt, &nvirt, "x-amz-date", out->amz_date, 16);
        if (token_signed)
            names += add_virt(virt, &nvirt, "x-amz-security-token", cred->session_token.ptr,
                              cred->session_token.len);
        if (req->flags & TT_SIGV4_ADD_CONTENT_SHA256)
            names += add_virt(virt, &nvirt, "x-amz-content-sha256", pl.phash, pl.phlen);
    }
    nhs = req->header_count + nvirt;

    /* One block: the output (kept), then the scratch.  Header mode writes
     * the Authorization value (but its signature) straight into the output;
     * presigning writes the raw credential and signed headers to scratch and
     * their encoded forms to the output at the end. */
    credlen = cred->access_key_id.len + 1 + 8 + 1 + req->region.len + 1 + req->service.len +
              LIT_LEN("/aws4_request");
    if (!presign) {
        outcap = LIT_LEN(ALGO " Credential=") + credlen + LIT_LEN(", SignedHeaders=") + names +
                 LIT_LEN(", Signature=") + 64;
        scratch = 0;
    } else {
        outcap = LIT_LEN("X-Amz-Algorithm=" ALGO "&X-Amz-Credential=") + 3 * credlen +
                 LIT_LEN("&X-Amz-Date=") + 16 + LIT_LEN("&X-Amz-SignedHeaders=") + 3 * names +
                 LIT_LEN("&X-Amz-Expires=") + 10 + LIT_LEN("&X-Amz-Security-Token=") +
                 3 * cred->session_token.len + LIT_LEN("&X-Amz-Signature=") + 64;
        nq_max = 6;
        scratch = credlen + names;
    }
    if (SV_FULL && req->query.len) {
        nq_max++;
        for (i = 0; i < req->query.len; i++)
            nq_max += req->query.ptr[i] == '&';
    }
    outcap = (outcap + 7u) & ~(size_t)7u; /* the pointers after it stay aligned */
    rc = tt_arena_alloc(arena, outcap + nhs * sizeof *pl.hs + nq_max * sizeof *pl.qs + scratch, 0,
                        &mem);
    if (rc != TT_OK)
        return rc;
    outbuf = (char *)mem;
    pl.hs = (const tt_http_header **)(void *)(outbuf + outcap);
    pl.qs = (sv_param *)(void *)(pl.hs + nhs);
    w = presign ? (char *)(pl.qs + nq_max) : outbuf;

    /* Headers: caller's (minus "authorization" and the ones the signer
     * adds) + added ones, stable insertion sort by lower-case name. */
    pl.nh = 0;
    for (i = 0; i < nhs; i++) {
        const tt_http_header *h = hdr_at(req, virt, i);
        if (i < req->header_count) {
            tt_str auth = tt_str_c("authorization");
            int drop = name_cmp(&h->name, &auth) == 0;
            for (j = 0; j < nvirt; j++)
                drop |= name_cmp(&h->name, &virt[j].name) == 0;
            if (drop)
                continue;
        }
        for (j = pl.nh; j > 0 && name_cmp(&pl.hs[j - 1]->name, &h->name) > 0; j--)
            pl.hs[j] = pl.hs[j - 1];
        pl.hs[j] = h;
        pl.nh++;
    }

    /* "<akid>/<scope>" then the signed-headers list. */
    d = w;
    if (!presign)
        d = PUT_LIT(d, ALGO " Credential=");
    credraw = d;
    d = put(d, cred->access_key_id.ptr, cred->access_key_id.len);
    *d++ = '/';
    pl.scope = d;
    d = put(d, out->amz_date, 8);
    *d++ = '/';
    d = put(d, req->region.ptr, req->region.len);
    *d++ = '/';
    d = put(d, req->service.ptr, req->service.len);
    d = PUT_LIT(d, "/aws4_request");
    pl.scope_len = (size_t)(d - pl.scope);
    if (!presign)
        d = PUT_LIT(d, ", SignedHeaders=");
    pl.sh = d;
    if (presign) /* the list is a query parameter: needed before hashing */
        walk_headers(&pl, NULL);

    /* Query: request params (+ the X-Amz-* ones when presigning), sorted. */
    pl.nq = 0;
    if (SV_FULL)
        parse_query(req->query, pl.qs, &pl.nq);
    if (presign) {
        for (i = req->expires_s, j = 1; i >= 10; i /= 10)
            j++;
        explen = j;
        for (i = req->expires_s; j > 0; i /= 10)
            expires[--j] = (char)('0' + i % 10);
        add_param(pl.qs, &pl.nq, "X-Amz-Algorithm", 15, ALGO, LIT_LEN(ALGO), 0);
        add_param(pl.qs, &pl.nq, "X-Amz-Credential", 16, credraw, credlen, 0);
        add_param(pl.qs, &pl.nq, "X-Amz-Date", 10, out->amz_date, 16, 0);
        add_param(pl.qs, &pl.nq, "X-Amz-Expires", 13, expires, explen, 0);
        add_param(pl.qs, &pl.nq, "X-Amz-SignedHeaders", 19, pl.sh, pl.shlen, 0);
        if (token_signed)
            add_param(pl.qs, &pl.nq, "X-Amz-Security-Token", 20, cred->session_token.ptr,
                      cred->session_token.len, 0);
    }
    for (i = 1; SV_FULL && i < pl.nq; i++) {
        sv_param t = pl.qs[i];
        for (j = i; j > 0 && param_cmp(&pl.qs[j - 1], &t) > 0; j--)
            pl.qs[j] = pl.qs[j - 1];
        pl.qs[j] = t;
    }

    hash_canonical_request(&pl, digest); /* (writes the signed headers too) */
    d = pl.sh + pl.shlen;
    tt_hex_lower(digest, 32, hexdigest);
    sign_string_to_sign(&pl, cred->secret_access_key, cache, hexdigest, out);

    /* The rest of the output string. */
    if (!presign) {
        d = PUT_LIT(d, ", Signature=");
        out->authorization.ptr = outbuf;
    } else {
        d = PUT_LIT(outbuf, "X-Amz-Algorithm=" ALGO "&X-Amz-Credential=");
        d = put_encoded(d, credraw, credlen);
        d = PUT_LIT(d, "&X-Amz-Date=");
        d = put(d, out->amz_date, 16);
        d = PUT_LIT(d, "&X-Amz-SignedHeaders=");
        d = put_encoded(d, pl.sh, pl.shlen);
        d = PUT_LIT(d, "&X-Amz-Expires=");
        d = put(d, expires, explen);
        if (token) {
            d = PUT_LIT(d, "&X-Amz-Security-Token=");
            d = put_encoded(d, cred->session_token.ptr, cred->session_token.len);
        }
        d = PUT_LIT(d, "&X-Amz-Signature=");
        out->presign_query.ptr = outbuf;
    }
    d = put(d, out->signature, 64);
    if (!presign)
        out->authorization.len = (size_t)(d - outbuf);
    else
        out->presign_query.len = (size_t)(d - outbuf);
    tt_zeroize(digest, sizeof digest);
    /* Keep only the output string. */
    tt_arena_rollback(arena, (size_t)((unsigned char *)d - arena->base));
    return TT_OK;
}
