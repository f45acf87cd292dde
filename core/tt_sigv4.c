/*
 * tt_sigv4.c - AWS Signature Version 4 signer (see tt_sigv4.h for the rules).
 *
 * The canonical request is streamed into SHA-256 piece by piece; the only
 * memory besides a few hundred bytes of stack is the scratch arena holding
 * the sorted header pointers and query parameters.
 */
#include <string.h>

#include "tt_sigv4.h"
#include "tt_time.h"

static const char HEXU[] = "0123456789ABCDEF";

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

/* ---- output to the hash (and the debug sink) ----------------------------- */

typedef struct sv_emit {
    tt_sha256_ctx *sha;
    tt_sigv4_debug_fn fn;
    void *user;
    int part;
} sv_emit;

static void emit(sv_emit *e, const char *p, size_t n)
{
    if (!n)
        return;
    tt_sha256_update(e->sha, p, n);
    if (SV_DEBUG && e->fn)
        e->fn(e->user, e->part, p, n);
}

#define EMIT_LIT(e, s) emit((e), (s), LIT_LEN(s))

static void emit_end(sv_emit *e)
{
    if (SV_DEBUG && e->fn)
        e->fn(e->user, e->part, "", 0);
}

/* ---- percent-encoding ---------------------------------------------------- */

static int is_unreserved(unsigned c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

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
        int hi = hexval((unsigned char)it->p[it->i]), lo = hexval((unsigned char)it->p[it->i + 1]);
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

/* Encode into dst (caller sized it at 3*n); returns bytes written. */
static size_t put_encoded(char *dst, const char *p, size_t n)
{
    sv_enc it;
    size_t k = 0;
    int c;
    enc_init(&it, p, n, 0, 0);
    while ((c = enc_next(&it)) >= 0)
        dst[k++] = (char)c;
    return k;
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
        EMIT_LIT(e, "/");
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
    EMIT_LIT(e, "/");
    while ((len = next_segment(p, n, &i, &s)) != 0) {
        if (is_dot(p + s, len) || is_dotdot(p + s, len) || segment_popped(p, n, i))
            continue;
        if (any)
            EMIT_LIT(e, "/");
        emit_encoded(e, p + s, len, 0, 0);
        any = 1;
    }
    if (any && p[n - 1] == '/')
        EMIT_LIT(e, "/");
}

/* A path whose canonical form is itself: '/'-separated segments of
 * unreserved bytes, none empty, "." or "..".  (Without TT_SIGV4_FULL only
 * such paths can be signed.) */
static int plain_path(tt_str p)
{
    size_t i, seg = 0;
    for (i = 0; i < p.len; i++) {
        unsigned c = (unsigned char)p.ptr[i];
        if (c == '/') {
            if (i && (seg == 0 || (seg <= 2 && p.ptr[i - 1] == '.' && p.ptr[i - seg] == '.')))
                return 0;
            seg = 0;
        } else if (is_unreserved(c)) {
            seg++;
        } else {
            return 0;
        }
    }
    return !(seg && seg <= 2 && p.ptr[p.len - 1] == '.' && p.ptr[p.len - seg] == '.');
}

/* ---- headers ------------------------------------------------------------ */

static unsigned lc(unsigned c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32u : c;
}

static int is_ws(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Case-insensitive order of header names (byte order of the lower-case forms). */
static int name_cmp(tt_str a, tt_str b)
{
    size_t i, n = a.len < b.len ? a.len : b.len;
    for (i = 0; i < n; i++) {
        unsigned x = lc((unsigned char)a.ptr[i]), y = lc((unsigned char)b.ptr[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a.len == b.len ? 0 : (a.len < b.len ? -1 : 1);
}

/* `lit` must be lower case. */
static int name_is(tt_str a, const char *lit, size_t litlen)
{
    tt_str b;
    b.ptr = lit;
    b.len = litlen;
    return name_cmp(a, b) == 0;
}

#define NAME_IS(a, lit) name_is((a), (lit), LIT_LEN(lit))

static int header_ok(const tt_http_header *h)
{
    size_t i;
    if (h->name.len == 0 || !h->name.ptr || (h->value.len && !h->value.ptr))
        return 0;
    for (i = 0; i < h->name.len; i++) {
        unsigned c = (unsigned char)h->name.ptr[i];
        if (c <= 0x20 || c >= 0x7f || c == ':')
            return 0;
    }
    for (i = 0; i < h->value.len; i++) {
        unsigned c = (unsigned char)h->value.ptr[i];
        unsigned next = i + 1 < h->value.len ? (unsigned char)h->value.ptr[i + 1] : 0u;
        if (c == '\r') {
            if (next != '\n')
                return 0;
        } else if (c == '\n') {
            if (next != ' ' && next != '\t') /* only obs-fold continuation lines */
                return 0;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return 0;
        }
    }
    return 1;
}

static void emit_lower(sv_emit *e, tt_str s)
{
    char tmp[32];
    size_t i = 0;
    while (i < s.len) {
        size_t k = 0;
        while (k < sizeof tmp && i < s.len)
            tmp[k++] = (char)lc((unsigned char)s.ptr[i++]);
        emit(e, tmp, k);
    }
}

/* Value trimmed, each whitespace run (folding included) as one space. */
static void emit_value(sv_emit *e, tt_str v)
{
    size_t i = 0, s;
    int sep = 0;
    while (i < v.len) {
        while (i < v.len && is_ws((unsigned char)v.ptr[i]))
            i++;
        if (i >= v.len)
            break;
        s = i;
        while (i < v.len && !is_ws((unsigned char)v.ptr[i]))
            i++;
        if (sep)
            EMIT_LIT(e, " ");
        emit(e, v.ptr + s, i - s);
        sep = 1;
    }
}

/* Signed-header list ("host;x-amz-date") of the sorted headers into dst. */
static size_t put_signed_headers(char *dst, const tt_http_header *const *hs, size_t nh)
{
    size_t i, j, k = 0;
    for (i = 0; i < nh; i++) {
        if (i && name_cmp(hs[i]->name, hs[i - 1]->name) == 0)
            continue;
        if (k)
            dst[k++] = ';';
        for (j = 0; j < hs[i]->name.len; j++)
            dst[k++] = (char)lc((unsigned char)hs[i]->name.ptr[j]);
    }
    return k;
}

/* ---- query -------------------------------------------------------------- */

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

void tt_sigv4_derive_key(tt_str secret, const char date8[8], tt_str region, tt_str service,
                         uint8_t key[32])
{
    tt_hmac_sha256_ctx h; /* one context for the whole chain (flat stack) */
    uint8_t k0[64];
    size_t k0len;
    if (secret.len + 4 <= sizeof k0) {
        memcpy(k0, "AWS4", 4); /* NOLINT(bugprone-not-null-terminated-result): a key, not a string */
        if (secret.len)
            memcpy(k0 + 4, secret.ptr, secret.len);
        k0len = secret.len + 4;
    } else { /* an HMAC key longer than a block is hashed anyway */
        tt_sha256_init(&h.inner);
        tt_sha256_update(&h.inner, "AWS4", 4);
        tt_sha256_update(&h.inner, secret.ptr, secret.len);
        tt_sha256_final(&h.inner, k0);
        k0len = 32;
    }
    tt_hmac_sha256_init(&h, k0, k0len);
    tt_hmac_sha256_update(&h, date8, 8);
    tt_hmac_sha256_final(&h, key);
    tt_hmac_sha256_init(&h, key, 32);
    tt_hmac_sha256_update(&h, region.ptr, region.len);
    tt_hmac_sha256_final(&h, key);
    tt_hmac_sha256_init(&h, key, 32);
    tt_hmac_sha256_update(&h, service.ptr, service.len);
    tt_hmac_sha256_final(&h, key);
    tt_hmac_sha256_init(&h, key, 32);
    tt_hmac_sha256_update(&h, "aws4_request", 12);
    tt_hmac_sha256_final(&h, key); /* final zeroizes h */
    tt_zeroize(k0, sizeof k0);
}

void tt_sigv4_key_cache_init(tt_sigv4_key_cache *c)
{
    memset(c, 0, sizeof *c);
}

void tt_sigv4_key_cache_clear(tt_sigv4_key_cache *c)
{
    tt_zeroize(c, sizeof *c);
}

/* Byte equality without early exit (the fingerprint is secret-derived);
 * also keeps clang from turning memcmp()==0 into bcmp, which core may not call. */
static int bytes_eq(const void *a, const void *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    unsigned diff = 0;
    size_t i;
    for (i = 0; i < n; i++)
        diff |= (unsigned)(x[i] ^ y[i]);
    return diff == 0;
}

static int cache_hit(const tt_sigv4_key_cache *c, const uint8_t fp[16], const char *date8,
                     tt_str region, tt_str service)
{
    size_t rl = region.len;
    return c->valid && c->scope_len == 10 + rl + service.len && bytes_eq(c->scope, date8, 8) &&
           c->scope[8] == '/' && bytes_eq(c->scope + 9, region.ptr, rl) &&
           c->scope[9 + rl] == '/' && bytes_eq(c->scope + 10 + rl, service.ptr, service.len) &&
           bytes_eq(c->secret_fp, fp, 16);
}

/* Start h as HMAC keyed with the signing key, from the cache when it holds
 * this (secret, scope), else derive it (and fill the cache). */
static void signing_hmac_init(tt_hmac_sha256_ctx *h, tt_str secret, const char *date8,
                              tt_str region, tt_str service, tt_sigv4_key_cache *cache)
{
    uint8_t tmp[32]; /* secret fingerprint, then the signing key */
    int cacheable = cache && 10 + region.len + service.len <= TT_SIGV4_CACHE_SCOPE_MAX;

    if (cacheable) {
        tt_sha256(secret.ptr, secret.len, tmp);
        if (cache_hit(cache, tmp, date8, region, service)) {
            memcpy(h->inner.h, cache->ipad, sizeof cache->ipad);
            h->inner.count = 64;
            memcpy(h->outer, cache->opad, sizeof cache->opad);
            tt_zeroize(tmp, sizeof tmp);
            return;
        }
        memcpy(cache->secret_fp, tmp, 16);
    }
    tt_sigv4_derive_key(secret, date8, region, service, tmp);
    tt_hmac_sha256_init(h, tmp, 32);
    tt_zeroize(tmp, sizeof tmp);
    if (cacheable) {
        memcpy(cache->ipad, h->inner.h, sizeof cache->ipad);
        memcpy(cache->opad, h->outer, sizeof cache->opad);
        memcpy(cache->scope, date8, 8);
        cache->scope[8] = '/';
        memcpy(cache->scope + 9, region.ptr, region.len);
        cache->scope[9 + region.len] = '/';
        memcpy(cache->scope + 10 + region.len, service.ptr, service.len);
        cache->scope_len = (uint8_t)(10 + region.len + service.len);
        cache->valid = 1;
    }
}

/* ---- the signer ----------------------------------------------------------- */

static char *put(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    return d + n;
}

#define PUT_LIT(d, s) put((d), (s), LIT_LEN(s))

static int str_ok(tt_str s)
{
    return (s.ptr || !s.len) && s.len < ((size_t)-1) / 16;
}

static int has_ctl(tt_str s)
{
    size_t i;
    for (i = 0; i < s.len; i++)
        if ((unsigned char)s.ptr[i] < 0x20 || (unsigned char)s.ptr[i] == 0x7f)
            return 1;
    return 0;
}

/* Scope "YYYYMMDD/region/service/aws4_request" into d. */
static char *put_scope(char *d, const char *date8, tt_str region, tt_str service)
{
    d = put(d, date8, 8);
    *d++ = '/';
    d = put(d, region.ptr, region.len);
    *d++ = '/';
    d = put(d, service.ptr, service.len);
    return PUT_LIT(d, "/aws4_request");
}

static size_t put_u32(char *d, uint32_t v)
{
    char tmp[10];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (i = 0; i < n; i++)
        d[i] = tmp[n - 1 - i];
    return n;
}

/* Everything tt_sigv4_sign works out before it streams. */
typedef struct sv_plan {
    const tt_http_header **hs; /* sorted headers to sign */
    size_t nh;
    sv_param *qs; /* sorted canonical query params */
    size_t nq;
    char *sh; /* signed-headers list */
    size_t shlen;
} sv_plan;

/* Canonical request -> SHA-256 (-> debug sink); returns its hash. */
static TT_NOINLINE void hash_canonical_request(const tt_sigv4_request *req, const sv_plan *pl,
                                   const char *payload_hash, size_t phlen, uint8_t out[32])
{
    tt_sha256_ctx sha;
    sv_emit e;
    size_t i;

    tt_sha256_init(&sha);
    e.sha = &sha;
    e.fn = SV_DEBUG ? req->debug : NULL;
    e.user = req->debug_user;
    e.part = TT_SIGV4_DEBUG_CANONICAL_REQUEST;

    emit(&e, req->method.ptr, req->method.len);
    EMIT_LIT(&e, "\n");
    emit_path(&e, req->path.ptr, req->path.len, !(req->flags & TT_SIGV4_NO_NORMALIZE_PATH));
    EMIT_LIT(&e, "\n");
    for (i = 0; SV_FULL && i < pl->nq; i++) {
        const sv_param *q = &pl->qs[i];
        if (i)
            EMIT_LIT(&e, "&");
        emit_encoded(&e, q->k, q->klen, q->decode, 0);
        EMIT_LIT(&e, "=");
        emit_encoded(&e, q->v, q->vlen, q->decode, 0);
    }
    EMIT_LIT(&e, "\n");
    for (i = 0; i < pl->nh; i++) {
        if (i && name_cmp(pl->hs[i]->name, pl->hs[i - 1]->name) == 0) {
            EMIT_LIT(&e, ","); /* duplicate: values joined in request order */
        } else {
            if (i)
                EMIT_LIT(&e, "\n");
            emit_lower(&e, pl->hs[i]->name);
            EMIT_LIT(&e, ":");
        }
        emit_value(&e, pl->hs[i]->value);
    }
    if (pl->nh)
        EMIT_LIT(&e, "\n");
    EMIT_LIT(&e, "\n");
    emit(&e, pl->sh, pl->shlen);
    EMIT_LIT(&e, "\n");
    emit(&e, payload_hash, phlen);
    emit_end(&e);
    tt_sha256_final(&sha, out);
}

/* String to sign -> HMAC with the signing key (-> debug sink); fills
 * out->signature.  out->amz_date is set. */
static TT_NOINLINE void sign_string_to_sign(const tt_sigv4_request *req,
                                            const tt_credentials *cred,
                                            tt_sigv4_key_cache *cache, const char hexdigest[64],
                                            tt_sigv4_result *out)
{
    tt_hmac_sha256_ctx hmac;
    uint8_t mac[32];
    sv_emit e;

    signing_hmac_init(&hmac, cred->secret_access_key, out->amz_date, req->region, req->service,
                      cache);
    e.sha = &hmac.inner;
    e.fn = SV_DEBUG ? req->debug : NULL;
    e.user = req->debug_user;
    e.part = TT_SIGV4_DEBUG_STRING_TO_SIGN;
    EMIT_LIT(&e, ALGO "\n");
    emit(&e, out->amz_date, 16);
    EMIT_LIT(&e, "\n");
    emit(&e, out->amz_date, 8);
    EMIT_LIT(&e, "/");
    emit(&e, req->region.ptr, req->region.len);
    EMIT_LIT(&e, "/");
    emit(&e, req->service.ptr, req->service.len);
    EMIT_LIT(&e, "/aws4_request\n");
    emit(&e, hexdigest, 64);
    emit_end(&e);
    tt_hmac_sha256_final(&hmac, mac); /* zeroizes hmac */
    tt_hex_lower(mac, 32, out->signature);
    tt_zeroize(mac, sizeof mac);
}

int tt_sigv4_sign(const tt_sigv4_request *req, const tt_credentials *cred,
                  tt_sigv4_key_cache *cache, tt_arena *arena, tt_sigv4_result *out)
{
    tt_http_header virt[3];
    size_t nvirt = 0, i, j, names = 0, scope_len, nq_max, outcap, credlen = 0;
    int presign, token, token_signed, rc;
    tt_arena_mark_t mark0, mark1;
    const char *phash;
    size_t phlen;
    sv_plan pl;
    char *outbuf, *d, *credraw = NULL;
    char expires[10];
    size_t explen = 0;
    uint8_t digest[32];
    char hexdigest[64];
    void *mem;

    if (!req || !cred || !arena || !out)
        return TT_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (!str_ok(cred->access_key_id) || !str_ok(cred->secret_access_key) ||
        !str_ok(cred->session_token))
        return TT_ERR_INVALID_ARG;
    if (!cred->access_key_id.len || !cred->secret_access_key.len)
        return TT_ERR_SIGV4_NO_CREDENTIALS;
    if (!str_ok(req->method) || !str_ok(req->path) || !str_ok(req->query) ||
        !str_ok(req->region) || !str_ok(req->service) || !str_ok(req->payload_hash) ||
        !req->method.len || !req->region.len || !req->service.len ||
        (req->header_count && !req->headers) || (req->payload_len && !req->payload))
        return TT_ERR_INVALID_ARG;
    if (req->header_count > TT_SIGV4_MAX_HEADERS)
        return TT_ERR_SIGV4_TOO_MANY_HEADERS;
    if ((req->path.len && req->path.ptr[0] != '/') || has_ctl(req->path))
        return TT_ERR_SIGV4_BAD_PATH;
    if (has_ctl(req->query) || (!SV_FULL && req->query.len))
        return TT_ERR_SIGV4_BAD_QUERY;
    if (!SV_FULL && (!plain_path(req->path) || (req->flags & TT_SIGV4_PRESIGN)))
        return (req->flags & TT_SIGV4_PRESIGN) ? TT_ERR_INVALID_ARG : TT_ERR_SIGV4_BAD_PATH;
    /* These end up in header values: no CR/LF (or other control bytes) there. */
    if (has_ctl(cred->session_token) || has_ctl(cred->access_key_id) || has_ctl(req->method) ||
        has_ctl(req->payload_hash) || has_ctl(req->region) || has_ctl(req->service))
        return TT_ERR_INVALID_ARG;
    for (i = 0; i < req->header_count; i++) {
        if (!str_ok(req->headers[i].name) || !str_ok(req->headers[i].value) ||
            !header_ok(&req->headers[i]))
            return TT_ERR_SIGV4_BAD_HEADER;
        names += req->headers[i].name.len + 1;
    }
    rc = tt_time_format_amz(req->epoch_s, out->amz_date);
    if (rc != TT_OK)
        return rc;

    /* Payload hash: given, or SHA-256 of the body. */
    if (req->payload_hash.len) {
        phash = req->payload_hash.ptr;
        phlen = req->payload_hash.len;
        if (phlen < sizeof out->payload_hash)
            memcpy(out->payload_hash, phash, phlen);
    } else {
        tt_sha256(req->payload, req->payload_len, digest);
        tt_hex_lower(digest, 32, out->payload_hash);
        phash = out->payload_hash;
        phlen = 64;
    }

    presign = SV_FULL && (req->flags & TT_SIGV4_PRESIGN) != 0;
    token = cred->session_token.len != 0;
    token_signed = token && !(req->flags & TT_SIGV4_TOKEN_UNSIGNED);

    /* Headers the signer adds itself (header mode). */
    if (!presign) {
        virt[nvirt].name = tt_str_c("x-amz-date");
        virt[nvirt].value.ptr = out->amz_date;
        virt[nvirt++].value.len = 16;
        if (token_signed) {
            virt[nvirt].name = tt_str_c("x-amz-security-token");
            virt[nvirt++].value = cred->session_token;
        }
        if (req->flags & TT_SIGV4_ADD_CONTENT_SHA256) {
            virt[nvirt].name = tt_str_c("x-amz-content-sha256");
            virt[nvirt].value.ptr = phash;
            virt[nvirt++].value.len = phlen;
        }
    }
    for (i = 0; i < nvirt; i++)
        names += virt[i].name.len + 1;

    /* Output first (it stays in the arena), exact or upper-bound size. */
    scope_len = 8 + 1 + req->region.len + 1 + req->service.len + LIT_LEN("/aws4_request");
    if (!presign) {
        outcap = LIT_LEN(ALGO " Credential=") + cred->access_key_id.len + 1 + scope_len +
                 LIT_LEN(", SignedHeaders=") + names + LIT_LEN(", Signature=") + 64;
    } else {
        credlen = cred->access_key_id.len + 1 + scope_len;
        outcap = LIT_LEN("X-Amz-Algorithm=" ALGO "&X-Amz-Credential=") + 3 * credlen +
                 LIT_LEN("&X-Amz-Date=") + 16 + LIT_LEN("&X-Amz-SignedHeaders=") + 3 * names +
                 LIT_LEN("&X-Amz-Expires=") + 10 + LIT_LEN("&X-Amz-Security-Token=") +
                 3 * cred->session_token.len + LIT_LEN("&X-Amz-Signature=") + 64;
    }
    nq_max = presign ? 6 : 0;
    if (SV_FULL && req->query.len) {
        nq_max++;
        for (i = 0; i < req->query.len; i++)
            nq_max += req->query.ptr[i] == '&';
    }

    /* Probe for the total first, so a short arena reports (in `needed`)
     * everything this call takes, not just its first allocation. */
    mark0 = tt_arena_mark(arena);
    rc = tt_arena_alloc(arena,
                        outcap + (req->header_count + nvirt) * sizeof(const tt_http_header *) + 1 + names + 1 +
                            nq_max * sizeof *pl.qs + credlen + (size_t)4 * TT_ARENA_ALIGN_MAX,
                        1, &mem);
    if (rc != TT_OK)
        return rc;
    tt_arena_rollback(arena, mark0);
    rc = tt_arena_alloc(arena, outcap, 1, &mem);
    if (rc != TT_OK)
        return rc;
    outbuf = (char *)mem;
    mark1 = tt_arena_mark(arena);

    /* Scratch: header pointers, signed-header list, query params. */
    pl.nh = pl.nq = 0;
    pl.qs = NULL;
    rc = tt_arena_alloc(arena, (req->header_count + nvirt) * sizeof(const tt_http_header *) + 1, 0, &mem);
    if (rc == TT_OK) {
        pl.hs = (const tt_http_header **)mem;
        rc = tt_arena_alloc(arena, names + 1, 1, &mem);
    }
    if (rc == TT_OK) {
        pl.sh = (char *)mem;
        if (nq_max) {
            rc = tt_arena_alloc(arena, nq_max * sizeof *pl.qs, 0, &mem);
            pl.qs = (sv_param *)mem;
        }
    }
    if (rc == TT_OK && presign) {
        rc = tt_arena_alloc(arena, credlen, 1, &mem);
        credraw = (char *)mem;
    }
    if (rc != TT_OK) {
        tt_arena_rollback(arena, mark0);
        return rc;
    }

    /* Headers: caller's (minus the ones the signer replaces) + added ones,
     * stable insertion sort by lower-case name. */
    for (i = 0; i < req->header_count + nvirt; i++) {
        const tt_http_header *h = i < req->header_count ? &req->headers[i]
                                                        : &virt[i - req->header_count];
        if (i < req->header_count) {
            if (NAME_IS(h->name, "authorization"))
                continue;
            if (!presign && (NAME_IS(h->name, "x-amz-date") ||
                             (token_signed && NAME_IS(h->name, "x-amz-security-token")) ||
                             ((req->flags & TT_SIGV4_ADD_CONTENT_SHA256) &&
                              NAME_IS(h->name, "x-amz-content-sha256"))))
                continue;
        }
        for (j = pl.nh; j > 0 && name_cmp(pl.hs[j - 1]->name, h->name) > 0; j--)
            pl.hs[j] = pl.hs[j - 1];
        pl.hs[j] = h;
        pl.nh++;
    }
    pl.shlen = put_signed_headers(pl.sh, pl.hs, pl.nh);

    /* Query: request params (+ the X-Amz-* ones when presigning), sorted. */
    if (SV_FULL)
        parse_query(req->query, pl.qs, &pl.nq);
    if (presign) {
        d = put(credraw, cred->access_key_id.ptr, cred->access_key_id.len);
        *d++ = '/';
        put_scope(d, out->amz_date, req->region, req->service);
        explen = put_u32(expires, req->expires_s);
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

    hash_canonical_request(req, &pl, phash, phlen, digest);
    tt_hex_lower(digest, 32, hexdigest);

    sign_string_to_sign(req, cred, cache, hexdigest, out);

    /* The output string. */
    d = outbuf;
    if (!presign) {
        d = PUT_LIT(d, ALGO " Credential=");
        d = put(d, cred->access_key_id.ptr, cred->access_key_id.len);
        *d++ = '/';
        d = put_scope(d, out->amz_date, req->region, req->service);
        d = PUT_LIT(d, ", SignedHeaders=");
        d = put(d, pl.sh, pl.shlen);
        d = PUT_LIT(d, ", Signature=");
        d = put(d, out->signature, 64);
        out->authorization.ptr = outbuf;
        out->authorization.len = (size_t)(d - outbuf);
    } else {
        d = PUT_LIT(d, "X-Amz-Algorithm=" ALGO "&X-Amz-Credential=");
        d += put_encoded(d, credraw, credlen);
        d = PUT_LIT(d, "&X-Amz-Date=");
        d = put(d, out->amz_date, 16);
        d = PUT_LIT(d, "&X-Amz-SignedHeaders=");
        d += put_encoded(d, pl.sh, pl.shlen);
        d = PUT_LIT(d, "&X-Amz-Expires=");
        d = put(d, expires, explen);
        if (token) {
            d = PUT_LIT(d, "&X-Amz-Security-Token=");
            d += put_encoded(d, cred->session_token.ptr, cred->session_token.len);
        }
        d = PUT_LIT(d, "&X-Amz-Signature=");
        d = put(d, out->signature, 64);
        out->presign_query.ptr = outbuf;
        out->presign_query.len = (size_t)(d - outbuf);
    }
    tt_zeroize(digest, sizeof digest);
    tt_arena_rollback(arena, mark1);
    return TT_OK;
}
