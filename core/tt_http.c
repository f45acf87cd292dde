/*
 * tt_http.c - HTTP/1.1 request writer and incremental response parser.
 * See tt_http.h for the contract.  RFC 9112 is the reference; where it lets
 * a recipient choose, this parser is strict (CRLF only, obs-fold rejected,
 * Content-Length + Transfer-Encoding rejected) because the only peer is an
 * AWS endpoint or a proxy, and strictness closes response-splitting holes.
 *
 * Written small for Cortex-M4 (-Os): character classes are bit sets, the
 * writer emits lines as four pieces through one loop, and every line of the
 * response (status, header, chunk-size, chunk end, trailer) goes through the
 * same line buffer and is checked when its CRLF arrives; only body bytes
 * bypass it (no copy, the hot path).
 */
#include <string.h>

#include "tt_http.h"

/* Not inlined in the device profile: helpers called from several places
 * (one copy is smaller) and the per-line handlers (smaller as calls on
 * Cortex-M4).  The host build (-O2) inlines as it sees fit. */
#if defined(__GNUC__) && TT_PROFILE_SMALL
#define TT_HTTP_SHARED __attribute__((noinline))
#else
#define TT_HTTP_SHARED
#endif

/* ------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------ */

enum {
    C_TCHAR,  /* RFC 9110 tchar (names, method) */
    C_TARGET, /* request target: VCHAR */
    C_HOST,   /* URL host: VCHAR but / ? # @ \ [ ] */
    C_VALUE,  /* field value / reason / chunk-ext: not CTL except HTAB; 8-bit ok */
    C_LINE    /* anything but CR, LF, NUL (what cannot end a line); 8-bit ok */
};

/* Bit c of class k for c < 128 (generated from the definitions above). */
static const uint32_t tt_http_cls[5][4] = {
    {0x00000000u, 0x03ff6cfau, 0xc7fffffeu, 0x57ffffffu},
    {0x00000000u, 0xfffffffeu, 0xffffffffu, 0x7fffffffu},
    {0x00000000u, 0x7fff7ff6u, 0xc7fffffeu, 0x7fffffffu},
    {0x00000200u, 0xffffffffu, 0xffffffffu, 0x7fffffffu},
    {0xffffdbfeu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
};

static int tt_http_in(unsigned c, unsigned k)
{
    if (c >= 128u)
        return k >= C_VALUE; /* 8-bit bytes: only in values */
    return (int)((tt_http_cls[k][c >> 5] >> (c & 31u)) & 1u);
}

/* 1 when every byte of s[0..n) is in class k. */
TT_HTTP_SHARED static int tt_http_all(const char *s, size_t n, unsigned k)
{
    while (n != 0)
        if (!tt_http_in((unsigned char)s[--n], k))
            return 0;
    return 1;
}

static int tt_http_is_ows(unsigned c)
{
    return c == ' ' || c == '\t';
}

static unsigned tt_http_lower(unsigned c)
{
    return (c - 'A' < 26u) ? c + 32u : c;
}

/* a[0..n) equals b[0..n) ignoring ASCII case. */
static int tt_http_eq_n(const char *a, const char *b, size_t n)
{
    while (n != 0 &&
           tt_http_lower((unsigned char)a[n - 1]) == tt_http_lower((unsigned char)b[n - 1]))
        n--;
    return n == 0;
}

/* Words the parser and writer look for, lower case, each after its length
 * (octal escapes: a hex one would swallow the next letter). */
enum { KW_CONTENT_LENGTH = 1, KW_TRANSFER_ENCODING, KW_CONNECTION, KW_CHUNKED, KW_CLOSE,
       KW_KEEP_ALIVE };
static const char tt_http_kws[] = "\016content-length\021transfer-encoding\012connection"
                                  "\007chunked\005close\012keep-alive";

/* 1-based index of s[0..n) (any case) in tt_http_kws, 0 when absent. */
static unsigned tt_http_kw(const char *s, size_t n)
{
    const char *w = tt_http_kws;
    unsigned k;
    for (k = 1; *w != 0; w += (unsigned char)*w + 1u, k++)
        if ((unsigned char)*w == n && tt_http_eq_n(s, w + 1, n))
            return k;
    return 0;
}

int tt_http_name_eq(tt_str name, const char *want)
{
    if (want == NULL || (name.ptr == NULL && name.len != 0))
        return 0;
    return name.len == strlen(want) && tt_http_eq_n(name.ptr, want, name.len);
}

/* A positive callback/sink return becomes TT_ERR_CALLBACK_ABORT. */
static int tt_http_cb_rc(int rc)
{
    return rc > 0 ? TT_ERR_CALLBACK_ABORT : rc;
}

static size_t tt_http_skip_ows(const char *s, size_t i, size_t n)
{
    while (i < n && tt_http_is_ows((unsigned char)s[i]))
        i++;
    return i;
}

/* Digits of `base` (10 or 16) at s[*i..n) into *out; *i moves past them.
 * Returns the digit count, or -1 when the value exceeds 2^63-1. */
TT_HTTP_SHARED static int tt_http_num(const char *s, size_t *i, size_t n, unsigned base,
                                       uint64_t *out)
{
    uint64_t v = 0;
    int nd = 0;
    for (; *i < n; ++*i, nd++) {
        unsigned c = (unsigned char)s[*i], d = c - '0';
        if (d >= 10u) {
            d = (c | 0x20u) - 'a' + 10u;
            if (base != 16u || d - 10u >= 6u)
                break;
        }
        /* v < 2^60 keeps v * base + d below 2^64; then bit 63 must stay 0. */
        if ((v >> 60) != 0)
            return -1;
        v = v * base + d;
        if ((v >> 63) != 0)
            return -1;
    }
    *out = v;
    return nd;
}

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

/* How bad `s` is: 3 NULL pointer with a length, 2 CR/LF/NUL (could end a line
 * on the wire), 1 a byte outside class k (or empty when k is not C_VALUE),
 * 0 fine.  The worst problem wins, wherever it is. */
static unsigned tt_http_rank(tt_str s, unsigned k)
{
    if (s.ptr == NULL && s.len != 0)
        return 3;
    if (!tt_http_all(s.ptr, s.len, C_LINE))
        return 2;
    return (s.len == 0 && k != C_VALUE) || !tt_http_all(s.ptr, s.len, k);
}

static int tt_http_rank_err(unsigned r, int bad)
{
    if (r == 0)
        return TT_OK;
    return r == 3 ? TT_ERR_INVALID_ARG : r == 2 ? TT_ERR_HTTP_HEADER_INJECTION : bad;
}

/* Send the non-empty pieces v[0..n) in order. */
static int tt_http_emitv(tt_http_sink sink, void *ctx, const tt_str *v, size_t n)
{
    int rc = TT_OK;
    for (; n != 0 && rc == TT_OK; v++, n--)
        if (v->len != 0)
            rc = tt_http_cb_rc(sink(ctx, (const uint8_t *)v->ptr, v->len));
    return rc;
}

static tt_str tt_http_lit(const char *s, size_t len)
{
    tt_str t;
    t.ptr = s;
    t.len = len;
    return t;
}
#define TT_HTTP_LIT(s) tt_http_lit((s), sizeof(s) - 1u)

/* Decimal digits of v, written backwards ending at `end` (>= 20 bytes). */
TT_HTTP_SHARED static tt_str tt_http_dec(uint64_t v, char *end)
{
    char *p = end;
    do {
        *--p = (char)('0' + (unsigned)(v % 10u));
        v /= 10u;
    } while (v != 0);
    return tt_http_lit(p, (size_t)(end - p));
}

/* The request head, then `body` (empty for tt_http_write_head()). */
static int tt_http_write(tt_str method, tt_str target, const tt_http_header *headers,
                         size_t n_headers, uint64_t content_length, tt_str body,
                         tt_http_sink sink, void *sink_ctx)
{
    size_t i;
    int rc;
    unsigned r;
    char num[20];
    tt_str v[5];

    if (sink == NULL || (headers == NULL && n_headers != 0) ||
        (body.ptr == NULL && body.len != 0))
        return TT_ERR_INVALID_ARG;
    r = tt_http_rank(method, C_TCHAR);
    i = tt_http_rank(target, C_TARGET);
    rc = tt_http_rank_err(r > i ? r : (unsigned)i, TT_ERR_HTTP_BAD_REQUEST_LINE);
    for (i = 0; rc == TT_OK && i < n_headers; i++) {
        rc = tt_http_rank_err(tt_http_rank(headers[i].name, C_TCHAR),
                              TT_ERR_HTTP_BAD_REQUEST_HEADER);
        /* The writer owns message framing. */
        if (rc == TT_OK && tt_http_kw(headers[i].name.ptr, headers[i].name.len) - 1u < 2u)
            rc = TT_ERR_HTTP_BAD_REQUEST_HEADER;
        if (rc == TT_OK)
            rc = tt_http_rank_err(tt_http_rank(headers[i].value, C_VALUE),
                                  TT_ERR_HTTP_BAD_REQUEST_HEADER);
    }
    if (rc != TT_OK)
        return rc;
    /* Validated: now emit, one line (a, sep, b, end [, body]) per turn. */
    v[0] = method;
    v[1] = TT_HTTP_LIT(" ");
    v[2] = target;
    v[3] = TT_HTTP_LIT(" HTTP/1.1\r\n");
    v[4].len = 0;
    for (i = 0;; i++) {
        rc = tt_http_emitv(sink, sink_ctx, v, 5);
        if (rc != TT_OK || i > n_headers)
            return rc;
        v[1] = TT_HTTP_LIT(": ");
        v[3] = TT_HTTP_LIT("\r\n");
        if (i < n_headers) {
            v[0] = headers[i].name;
            v[2] = headers[i].value;
        } else {
            v[0] = TT_HTTP_LIT("Content-Length");
            v[2] = tt_http_dec(content_length, num + sizeof num);
            v[3] = TT_HTTP_LIT("\r\n\r\n");
            v[4] = body;
        }
    }
}

int tt_http_write_head(tt_str method, tt_str target, const tt_http_header *headers,
                       size_t n_headers, uint64_t content_length, tt_http_sink sink,
                       void *sink_ctx)
{
    return tt_http_write(method, target, headers, n_headers, content_length,
                         tt_http_lit(NULL, 0), sink, sink_ctx);
}

int tt_http_write_request(tt_str method, tt_str target, const tt_http_header *headers,
                          size_t n_headers, const uint8_t *body, size_t body_len,
                          tt_http_sink sink, void *sink_ctx)
{
    return tt_http_write(method, target, headers, n_headers, (uint64_t)body_len,
                         tt_http_lit((const char *)body, body_len), sink, sink_ctx);
}

/* Sink into a caller buffer that keeps counting past the end. */
typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t len;
} tt_http_bufsink;

static int tt_http_bufsink_put(void *ctx, const uint8_t *data, size_t len)
{
    tt_http_bufsink *b = (tt_http_bufsink *)ctx;
    if (len > SIZE_MAX - b->len)
        return TT_ERR_HTTP_REQUEST_TOO_LARGE;
    if (b->len < b->cap) {
        size_t room = b->cap - b->len;
        memcpy(b->buf + b->len, data, len < room ? len : room);
    }
    b->len += len;
    return TT_OK;
}

/* Start a buffer sink; TT_ERR_INVALID_ARG for NULL out_len or buf with cap. */
static int tt_http_bufsink_init(tt_http_bufsink *b, void *buf, size_t cap, size_t *out_len)
{
    if (out_len == NULL || (buf == NULL && cap != 0))
        return TT_ERR_INVALID_ARG;
    *out_len = 0;
    b->buf = (uint8_t *)buf;
    b->cap = cap;
    b->len = 0;
    return TT_OK;
}

int tt_http_format_request(uint8_t *buf, size_t cap, size_t *out_len, tt_str method,
                           tt_str target, const tt_http_header *headers, size_t n_headers,
                           const uint8_t *body, size_t body_len)
{
    tt_http_bufsink b;
    int rc = tt_http_bufsink_init(&b, buf, cap, out_len);

    if (rc == TT_OK)
        rc = tt_http_write_request(method, target, headers, n_headers, body, body_len,
                                   tt_http_bufsink_put, &b);
    if (rc != TT_OK)
        return rc;
    *out_len = b.len;
    return b.len > cap ? TT_ERR_BUFFER_TOO_SMALL : TT_OK;
}

/* Check a URL host: 1 when it is an IPv6 literal that needs brackets, 0
 * when not, or a negative error. */
static int tt_http_check_host(tt_str host, uint16_t port)
{
    size_t i, start = 0, end = host.len;
    int colon = 0;

    if (host.ptr == NULL && host.len != 0)
        return TT_ERR_INVALID_ARG;
    if (host.len == 0 || port == 0)
        return TT_ERR_HTTP_BAD_HOST;
    if (host.ptr[0] == '[') {
        /* Already bracketed: "[" inner "]" with a non-empty IPv6 inner. */
        if (host.len < 3 || host.ptr[end - 1] != ']')
            return TT_ERR_HTTP_BAD_HOST;
        start = 1;
        end--;
    }
    if (!tt_http_all(host.ptr + start, end - start, C_HOST))
        return TT_ERR_HTTP_BAD_HOST;
    for (i = start; i < end; i++)
        colon |= host.ptr[i] == ':';
    if (start == 1 && !colon)
        return TT_ERR_HTTP_BAD_HOST; /* brackets are only for IPv6 */
    return start == 0 && colon;
}

int tt_http_format_host(char *buf, size_t cap, size_t *out_len, tt_str host, uint16_t port,
                        int https)
{
    char num[20];
    tt_str d;
    size_t need;
    int v6;
    char *o = buf;
    int with_port = port != (https ? 443 : 80);

    if (out_len == NULL || (buf == NULL && cap != 0))
        return TT_ERR_INVALID_ARG;
    *out_len = 0;
    v6 = tt_http_check_host(host, port);
    if (v6 < 0)
        return v6;
    d = tt_http_dec(port, num + sizeof num);
    need = host.len + 2u * (size_t)v6 + (with_port ? d.len + 1u : 0u);
    if (need >= cap) {
        *out_len = need + 1u;
        return TT_ERR_BUFFER_TOO_SMALL;
    }
    if (v6)
        *o++ = '[';
    memcpy(o, host.ptr, host.len);
    o += host.len;
    if (v6)
        *o++ = ']';
    if (with_port) {
        *o++ = ':';
        memcpy(o, d.ptr, d.len);
        o += d.len;
    }
    *o = '\0';
    *out_len = (size_t)(o - buf);
    return TT_OK;
}

int tt_http_write_connect(tt_str host, uint16_t port, tt_str proxy_authorization,
                          tt_http_sink sink, void *sink_ctx)
{
    /* A DNS name has at most 253 bytes: with "[]", ":65535" and NUL this fits. */
    char auth[272];
    size_t n;
    int rc;
    tt_str v[7];

    if (sink == NULL)
        return TT_ERR_INVALID_ARG;
    /* The scheme default is never `port`: the port is always written. */
    rc = tt_http_format_host(auth, sizeof auth, &n, host, port, port != 443);
    if (rc == TT_ERR_BUFFER_TOO_SMALL)
        rc = TT_ERR_HTTP_BAD_HOST;
    if (rc == TT_OK)
        rc = tt_http_rank_err(tt_http_rank(proxy_authorization, C_VALUE),
                              TT_ERR_HTTP_BAD_REQUEST_HEADER);
    if (rc != TT_OK)
        return rc;
    v[0] = TT_HTTP_LIT("CONNECT ");
    v[1] = tt_http_lit(auth, n);
    v[2] = TT_HTTP_LIT(" HTTP/1.1\r\nHost: ");
    v[3] = v[1];
    v[4] = TT_HTTP_LIT("\r\nProxy-Authorization: ");
    v[5] = proxy_authorization;
    v[6] = TT_HTTP_LIT("\r\n\r\n");
    if (proxy_authorization.len == 0) {
        v[4].len = 2; /* no field: the CRLFs ending the Host line and the head */
        v[6].len = 2;
    }
    return tt_http_emitv(sink, sink_ctx, v, 7);
}

/* ------------------------------------------------------------------------
 * Parser
 * ------------------------------------------------------------------------ */

enum {
    /* Line states: bytes go through the line buffer up to CRLF. */
    S_STATUS = 0, /* status line */
    S_HEADER,     /* header lines */
    S_CHUNK,      /* chunk-size line (with extensions) */
    S_CHUNK_END,  /* the empty line (CRLF) after chunk data */
    S_TRAILER,    /* trailer lines */
    /* Data states. */
    S_BODY,       /* `remaining` body bytes (~0 when delimited by close) */
    S_DATA,       /* `remaining` chunk bytes */
    S_DONE
};

/* A malformed line (bare CR/LF, or data where CRLF should be), by state. */
static const short tt_http_bad_line[] = {
    TT_ERR_HTTP_BAD_STATUS_LINE, TT_ERR_HTTP_BAD_HEADER, TT_ERR_HTTP_BAD_CHUNK,
    TT_ERR_HTTP_CHUNK_CRLF, TT_ERR_HTTP_BAD_HEADER};

/* p->flags */
#define TT_HTTP_F_CR 0x01         /* line mode: last byte was CR */
#define TT_HTTP_F_HAS_LENGTH 0x02 /* Content-Length seen */
#define TT_HTTP_F_CLOSE_BODY 0x04 /* body delimited by close */
#define TT_HTTP_F_FINAL 0x08      /* parsing the final (non-1xx) response */
#define TT_HTTP_F_TE 0x10         /* Transfer-Encoding: chunked seen */
#define TT_HTTP_F_STARTED 0x20    /* any byte of this response received */
#define TT_HTTP_F_CONN_CLOSE 0x40 /* Connection: close */
#define TT_HTTP_F_CONN_KA 0x80    /* Connection: keep-alive */

int tt_http_parser_init(tt_http_parser *p, tt_arena *a, const tt_http_callbacks *cb, void *ctx)
{
    void *mem;
    int rc;

    if (p == NULL || a == NULL)
        return TT_ERR_INVALID_ARG;
    memset(p, 0, sizeof *p);
    rc = tt_arena_alloc(a, TT_HTTP_PARSER_ARENA_BYTES, 1, &mem);
    if (rc != TT_OK) {
        p->err = rc; /* an unusable parser stays unusable */
        return rc;
    }
    p->line = (char *)mem;
    if (cb != NULL)
        p->cb = *cb;
    p->ctx = ctx;
    return TT_OK;
}

void tt_http_parser_reset(tt_http_parser *p)
{
    /* A parser never initialised keeps its error. */
    if (p != NULL && p->line != NULL)
        memset(&p->line_len, 0, sizeof *p - offsetof(tt_http_parser, line_len));
}

void tt_http_parser_expect_connect(tt_http_parser *p)
{
    if (p != NULL)
        p->expect_connect = 1;
}

static int tt_http_fail(tt_http_parser *p, int rc)
{
    p->err = rc;
    return rc;
}

/* Status line: "HTTP/1." DIGIT SP 3DIGIT [SP reason]. */
TT_HTTP_SHARED static int tt_http_on_status_line(tt_http_parser *p, const char *l, size_t n)
{
    /* '0' in the template: any digit. */
    static const char tpl[] = "HTTP/1.0 000 ";
    size_t i;
    int status = 0;

    if (n < 12)
        return TT_ERR_HTTP_BAD_STATUS_LINE;
    for (i = 0; i < 13 && i < n; i++) {
        unsigned c = (unsigned char)l[i];
        if (tpl[i] == '0' ? c - '0' >= 10u : c != (unsigned char)tpl[i])
            return TT_ERR_HTTP_BAD_STATUS_LINE;
        if (i - 9u < 3u)
            status = status * 10 + (int)(c - '0');
    }
    /* 101 would switch protocols, which we never ask for. */
    if (status < 100 || status == 101)
        return TT_ERR_HTTP_BAD_STATUS_LINE;
    i = n > 12 ? 13 : 12; /* the reason phrase */
    if (!tt_http_all(l + i, n - i, C_VALUE))
        return TT_ERR_HTTP_BAD_STATUS_LINE;
    p->state = S_HEADER;
    if (status < 200)
        return TT_OK; /* interim: its headers are checked, then forgotten */
    p->flags |= TT_HTTP_F_FINAL;
    p->status = status;
    p->version_minor = (uint8_t)(l[7] != '0');
    if (p->cb.on_status == NULL)
        return TT_OK;
    return tt_http_cb_rc(p->cb.on_status(p->ctx, status, tt_http_lit(l + i, n - i)));
}

/* Framing-relevant fields of the final response.  Content-Length is
 * 1*DIGIT or a list of identical ones ("5, 5"); Transfer-Encoding must be a
 * single "chunked" (we asked for identity encodings); Connection is a token
 * list where close / keep-alive matter. */
TT_HTTP_SHARED static int tt_http_on_framing(tt_http_parser *p, tt_str name, const char *v,
                                             size_t n)
{
    size_t i = 0, s, e, k;
    uint64_t val;
    unsigned which = tt_http_kw(name.ptr, name.len);

    if (which == KW_TRANSFER_ENCODING) {
        if ((p->flags & TT_HTTP_F_TE) || tt_http_kw(v, n) != KW_CHUNKED)
            return TT_ERR_HTTP_UNSUPPORTED_TE;
        p->flags |= TT_HTTP_F_TE;
        return TT_OK;
    }
    /* Comma-separated items, OWS trimmed ("" is one empty item). */
    while ((which == KW_CONTENT_LENGTH || which == KW_CONNECTION) && i <= n) {
        s = tt_http_skip_ows(v, i, n);
        for (e = s; e < n && v[e] != ','; e++)
            ;
        i = e + 1;
        while (e > s && tt_http_is_ows((unsigned char)v[e - 1]))
            e--;
        if (which == KW_CONNECTION) {
            k = tt_http_kw(v + s, e - s);
            if (k == KW_CLOSE)
                p->flags |= TT_HTTP_F_CONN_CLOSE;
            else if (k == KW_KEEP_ALIVE)
                p->flags |= TT_HTTP_F_CONN_KA;
            continue;
        }
        k = s;
        if (tt_http_num(v, &k, e, 10u, &val) <= 0 || k != e)
            return TT_ERR_HTTP_BAD_LENGTH;
        if ((p->flags & TT_HTTP_F_HAS_LENGTH) && p->content_length != val)
            return TT_ERR_HTTP_LENGTH_CONFLICT;
        p->content_length = val;
        p->flags |= TT_HTTP_F_HAS_LENGTH;
    }
    return TT_OK;
}

/* Split and check "name: value"; reports it when `report`. */
TT_HTTP_SHARED static int tt_http_on_field_line(tt_http_parser *p, const char *l, size_t n,
                                                int report)
{
    size_t colon, vs, ve;
    int rc;

    if (tt_http_is_ows((unsigned char)l[0]))
        return TT_ERR_HTTP_OBS_FOLD;
    if (p->n_fields++ >= TT_HTTP_MAX_HEADERS)
        return TT_ERR_HTTP_TOO_MANY_HEADERS;
    for (colon = 0; colon < n && l[colon] != ':'; colon++)
        ;
    vs = tt_http_skip_ows(l, colon + 1, n);
    for (ve = n; ve > vs && tt_http_is_ows((unsigned char)l[ve - 1]); ve--)
        ;
    if (colon == n || colon == 0 || !tt_http_all(l, colon, C_TCHAR) ||
        !tt_http_all(l + vs, ve - vs, C_VALUE))
        return TT_ERR_HTTP_BAD_HEADER;
    if (!report)
        return TT_OK;
    rc = tt_http_on_framing(p, tt_http_lit(l, colon), l + vs, ve - vs);
    if (rc == TT_OK && p->cb.on_header != NULL)
        rc = tt_http_cb_rc(
            p->cb.on_header(p->ctx, tt_http_lit(l, colon), tt_http_lit(l + vs, ve - vs)));
    return rc;
}

/* Blank line after the headers: decide how the body is framed. */
TT_HTTP_SHARED static int tt_http_on_headers_end(tt_http_parser *p)
{
    int st = p->status, rc;
    uint8_t f = p->flags;

    p->n_fields = 0; /* trailers (or the next response's headers) count anew */
    if (!(f & TT_HTTP_F_FINAL)) {
        /* Interim 1xx: forget it, a status line follows. */
        p->state = S_STATUS;
        return TT_OK;
    }
    if ((f & TT_HTTP_F_TE) && (f & TT_HTTP_F_HAS_LENGTH))
        return TT_ERR_HTTP_LENGTH_CONFLICT;
    if (p->cb.on_headers_done != NULL) {
        rc = tt_http_cb_rc(p->cb.on_headers_done(p->ctx));
        if (rc != TT_OK)
            return rc;
    }
    if (st == 204 || st == 304 || (p->expect_connect && st < 300)) {
        p->state = S_DONE;
    } else if (f & TT_HTTP_F_TE) {
        p->state = S_CHUNK;
    } else {
        p->remaining = p->content_length;
        if (!(f & TT_HTTP_F_HAS_LENGTH)) {
            p->flags |= TT_HTTP_F_CLOSE_BODY;
            p->remaining = ~(uint64_t)0; /* never reached: eof ends it */
        }
        p->state = p->remaining ? S_BODY : S_DONE;
    }
    return TT_OK;
}

/* chunk-size [OWS] [";" ext] with ext free of control characters (the
 * extensions are ignored). */
TT_HTTP_SHARED static int tt_http_on_chunk_line(tt_http_parser *p, const char *l, size_t n)
{
    size_t i = 0;
    int nd = tt_http_num(l, &i, n, 16u, &p->remaining);

    if (nd < 0)
        return TT_ERR_HTTP_CHUNK_TOO_LARGE;
    if (nd == 0)
        return TT_ERR_HTTP_BAD_CHUNK;
    i = tt_http_skip_ows(l, i, n);
    if (i < n && (l[i] != ';' || !tt_http_all(l + i + 1, n - i - 1, C_VALUE)))
        return TT_ERR_HTTP_BAD_CHUNK;
    p->state = p->remaining ? S_DATA : S_TRAILER;
    return TT_OK;
}

/* A complete line (without CRLF) is in p->line. */
TT_HTTP_SHARED static int tt_http_on_line(tt_http_parser *p)
{
    const char *l = p->line;
    size_t n = p->line_len;

    switch (p->state) {
    case S_STATUS:
        return tt_http_on_status_line(p, l, n);
    case S_CHUNK:
        return tt_http_on_chunk_line(p, l, n);
    case S_CHUNK_END: /* always empty: data there fails at once */
        p->state = S_CHUNK;
        return TT_OK;
    default: /* S_HEADER, S_TRAILER */
        if (n != 0)
            return tt_http_on_field_line(
                p, l, n, p->state == S_HEADER && (p->flags & TT_HTTP_F_FINAL));
        if (p->state == S_HEADER)
            return tt_http_on_headers_end(p);
        p->state = S_DONE;
        return TT_OK;
    }
}

int tt_http_parser_feed(tt_http_parser *p, const uint8_t *data, size_t len, size_t *consumed)
{
    size_t i = 0, n;
    int rc = TT_OK;

    if (consumed == NULL)
        return TT_ERR_INVALID_ARG;
    *consumed = 0;
    if (p == NULL || (data == NULL && len != 0))
        return TT_ERR_INVALID_ARG;
    if (p->err != TT_OK)
        return p->err;
    if (p->line == NULL)
        return TT_ERR_INVALID_ARG; /* never initialised */
    if (len == 0)
        return TT_OK;
    if (p->state >= S_DONE)
        return tt_http_fail(p, p->state == S_DONE ? TT_ERR_HTTP_UNEXPECTED_DATA
                                                  : TT_ERR_INTERNAL);
    p->flags |= TT_HTTP_F_STARTED;
    while (rc == TT_OK && i < len && p->state != S_DONE) {
        const uint8_t *d = data + i;
        n = len - i;
        if (p->state >= S_BODY) {
            /* Body bytes go straight from the caller's slice. */
            if ((uint64_t)n > p->remaining)
                n = (size_t)p->remaining;
            if (p->cb.on_body != NULL)
                rc = tt_http_cb_rc(p->cb.on_body(p->ctx, d, n));
            if (rc != TT_OK)
                break;
            i += n;
            p->remaining -= n;
            if (p->remaining == 0)
                p->state = (uint8_t)(p->state == S_BODY ? S_DONE : S_CHUNK_END);
        } else if (p->flags & TT_HTTP_F_CR) {
            if (*d != '\n') {
                rc = tt_http_bad_line[p->state]; /* bare CR */
            } else {
                p->flags &= (uint8_t)~TT_HTTP_F_CR;
                rc = tt_http_on_line(p);
                p->line_len = 0;
                if (rc == TT_OK)
                    i++;
            }
        } else if (*d == '\r') {
            p->flags |= TT_HTTP_F_CR;
            i++;
        } else if (*d == '\n' || p->state == S_CHUNK_END) {
            rc = tt_http_bad_line[p->state]; /* bare LF, or data after a chunk */
        } else {
            /* A run of line bytes up to CR / LF, copied at once. */
            size_t k = 1, room = (size_t)TT_HTTP_MAX_LINE - p->line_len;
            while (k < len - i && d[k] != '\r' && d[k] != '\n')
                k++;
            if (k > room) {
                i += room; /* the first byte that does not fit */
                rc = TT_ERR_HTTP_LINE_TOO_LONG;
            } else {
                memcpy(p->line + p->line_len, d, k);
                p->line_len += k;
                i += k;
            }
        }
    }
    *consumed = i;
    return rc == TT_OK ? TT_OK : tt_http_fail(p, rc);
}

int tt_http_parser_eof(tt_http_parser *p)
{
    if (p == NULL)
        return TT_ERR_INVALID_ARG;
    if (p->err != TT_OK || p->state == S_DONE)
        return p->err;
    if (p->flags & TT_HTTP_F_CLOSE_BODY) {
        p->state = S_DONE;
        return TT_OK;
    }
    return tt_http_fail(p, (p->flags & TT_HTTP_F_STARTED) ? TT_ERR_HTTP_TRUNCATED
                                                          : TT_ERR_HTTP_NO_RESPONSE);
}

int tt_http_parser_done(const tt_http_parser *p)
{
    return p != NULL && p->err == TT_OK && p->state == S_DONE;
}

int tt_http_parser_keep_alive(const tt_http_parser *p)
{
    unsigned f;
    if (!tt_http_parser_done(p))
        return 0;
    f = p->flags;
    if (f & (TT_HTTP_F_CLOSE_BODY | TT_HTTP_F_CONN_CLOSE))
        return 0;
    /* HTTP/1.0: opt-in, and chunked framing there is suspect (RFC 9112 6.1). */
    return p->version_minor != 0 ||
           (f & (TT_HTTP_F_CONN_KA | TT_HTTP_F_TE)) == TT_HTTP_F_CONN_KA;
}

int tt_http_parser_status(const tt_http_parser *p)
{
    return p != NULL ? p->status : 0;
}

int tt_http_parser_version(const tt_http_parser *p)
{
    if (p == NULL || p->status == 0)
        return -1;
    return p->version_minor;
}

int tt_http_parser_error(const tt_http_parser *p)
{
    return p != NULL ? p->err : TT_ERR_INVALID_ARG;
}

int tt_http_parser_content_length(const tt_http_parser *p, uint64_t *len)
{
    if (p == NULL || p->status == 0 || !(p->flags & TT_HTTP_F_HAS_LENGTH))
        return 0;
    if (len != NULL)
        *len = p->content_length;
    return 1;
}
