/*
 * tt_http.c - HTTP/1.1 request writer and incremental response parser.
 * See tt_http.h for the contract.  RFC 9112 is the reference; where it lets
 * a recipient choose, this parser is strict (CRLF only, obs-fold rejected,
 * Content-Length + Transfer-Encoding rejected) because the only peer is an
 * AWS endpoint or a proxy, and strictness closes response-splitting holes.
 *
 * Written small for Cortex-M4 (-Os): the writer emits lines as four pieces
 * through one loop; the parser is one byte-at-a-time line scanner (every
 * line of the response - status, header, chunk-size, chunk end, trailer -
 * goes through the same line buffer, a control character is refused as it
 * arrives, and the line is judged when its CRLF arrives by one handler,
 * tt_http_on_line()); only body bytes bypass it (no copy, the hot path).
 * Lengths are 32-bit on devices (TT_HTTP_LEN64, tt_config.h).
 */
#include <string.h>

#include "tt_http.h"

/* Not inlined in the device profile: helpers called from several places
 * (one copy is smaller) and the line handler tt_http_on_line() (the
 * handlers it calls are inlined into it: smallest on Cortex-M4).  The host
 * build (-O2) inlines as it sees fit. */
#if defined(__GNUC__) && TT_PROFILE_SMALL
#define TT_HTTP_SHARED __attribute__((noinline))
#else
#define TT_HTTP_SHARED
#endif

/* Measuring aid: -DTT_HTTP_ONCE='__attribute__((noinline))' shows each
 * line handler's size. */
#ifndef TT_HTTP_ONCE
#define TT_HTTP_ONCE
#endif

/* ------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------ */

enum {
    C_TCHAR,  /* RFC 9110 tchar (names, method) */
    C_TARGET, /* request target: VCHAR */
    C_VALUE,  /* field value / reason / chunk-ext: not CTL except HTAB; 8-bit ok */
    C_LINE    /* anything but CR, LF, NUL (what cannot end a line); 8-bit ok */
};

/* Bit c of a class for c < 128: tchar (the only table the parser needs),
 * then the writer's classes C_TARGET .. C_LINE. */
static const uint32_t tt_http_tchar[4] = {0x00000000u, 0x03ff6cfau, 0xc7fffffeu, 0x57ffffffu};
static const uint32_t tt_http_wcls[3][4] = {
    {0x00000000u, 0xfffffffeu, 0xffffffffu, 0x7fffffffu},
    {0x00000200u, 0xffffffffu, 0xffffffffu, 0x7fffffffu},
    {0xffffdbfeu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
};

static int tt_http_bit(const uint32_t *t, unsigned c)
{
    return c < 128u && ((t[c >> 5] >> (c & 31u)) & 1u) != 0;
}

/* C_VALUE without a table (the parser's check): HTAB, SP, VCHAR, obs-text. */
static int tt_http_vchar(unsigned c)
{
    return c == '\t' || (c >= 0x20u && c != 0x7fu);
}

/* 1 when every byte of s[0..n) is in class k (the writer's checks). */
static int tt_http_all(const char *s, size_t n, unsigned k)
{
    const uint32_t *t = k != C_TCHAR ? tt_http_wcls[k - 1u] : tt_http_tchar;
    while (n != 0) {
        unsigned c = (unsigned char)s[--n];
        if (c >= 128u ? k < C_VALUE : !tt_http_bit(t, c))
            return 0; /* 8-bit bytes: only in values and lines */
    }
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

static tt_str tt_http_lit(const char *s, size_t len)
{
    tt_str t;
    t.ptr = s;
    t.len = len;
    return t;
}

/* Words the parser and writer look for, lower case, NUL-separated. */
enum { KW_CONTENT_LENGTH = 1, KW_TRANSFER_ENCODING, KW_CONNECTION, KW_CHUNKED, KW_CLOSE,
       KW_KEEP_ALIVE };
static const char tt_http_kws[] = "content-length\0transfer-encoding\0connection\0chunked\0"
                                  "close\0keep-alive";

/* 1-based index of s[0..n) among the first `count` words of w (lower-case
 * C strings one after the other), ignoring ASCII case (only s is folded);
 * 0 when absent. */
TT_HTTP_SHARED static unsigned tt_http_word(const char *s, size_t n, const char *w,
                                            unsigned count)
{
    unsigned k;
    size_t i;
    for (k = 1; k <= count; k++) {
        for (i = 0; i < n && w[i] != 0 &&
                    tt_http_lower((unsigned char)s[i]) == (unsigned char)w[i];
             i++)
            ;
        if (i == n && w[i] == 0)
            return k;
        while (*w++ != 0)
            ;
    }
    return 0;
}

int tt_http_name_eqn(const char *s, size_t n, const char *w)
{
    TT_ARG_CHECK(w != NULL && (s != NULL || n == 0), 0);
    return (int)tt_http_word(s, n, w, 1);
}

/* 1-based index of s[0..n) (any case) in tt_http_kws, 0 when absent. */
TT_HTTP_SHARED static unsigned tt_http_kw(const char *s, size_t n)
{
    return tt_http_word(s, n, tt_http_kws, KW_KEEP_ALIVE);
}

/* A positive callback/sink return becomes TT_ERR_CALLBACK_ABORT. */
static int tt_http_cb_rc(int rc)
{
    return rc > 0 ? TT_ERR_CALLBACK_ABORT : rc;
}

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

/* How bad `s` is: 3 NULL pointer with a length, 2 CR/LF/NUL (could end a line
 * on the wire), 1 a byte outside class k (or empty when k is not C_VALUE),
 * 0 fine.  The worst problem wins, wherever it is. */
static unsigned tt_http_rank(tt_str s, unsigned k)
{
    if (TT_ARG_CHECKS && s.ptr == NULL && s.len != 0)
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

    TT_ARG_CHECK(sink != NULL && (headers != NULL || n_headers == 0) &&
                     (body.ptr != NULL || body.len == 0),
                 TT_ERR_INVALID_ARG);
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
    TT_ARG_CHECK(out_len != NULL && (buf != NULL || cap == 0), TT_ERR_INVALID_ARG);
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

int tt_http_check_hostn(const char *h, size_t n)
{
    size_t i = 0, k;
    int colon = 0;

    TT_ARG_CHECK(h != NULL || n == 0, TT_ERR_INVALID_ARG);
    if (n != 0 && h[0] == '[') { /* "[" IPv6 "]" */
        if (n < 3 || h[n - 1] != ']')
            return TT_ERR_HTTP_BAD_HOST;
        i = 1;
        n--;
    }
    if (i == n)
        return TT_ERR_HTTP_BAD_HOST;
    for (; i < n; i++) {
        unsigned c = (unsigned char)h[i];
        if (c - 0x21u > 0x5du) /* VCHAR only */
            return TT_ERR_HTTP_BAD_HOST;
        for (k = 0; k < 7; k++) /* not in a URL's host */
            if (c == (unsigned char)"/?#@\\[]"[k])
                return TT_ERR_HTTP_BAD_HOST;
        colon |= c == ':';
    }
    if (h[0] == '[')
        return colon ? 0 : TT_ERR_HTTP_BAD_HOST; /* brackets are only for IPv6 */
    return colon;
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

    TT_ARG_CHECK(out_len != NULL && (buf != NULL || cap == 0), TT_ERR_INVALID_ARG);
    *out_len = 0;
    v6 = tt_http_check_host(host);
    if (v6 < 0)
        return v6;
    if (port == 0)
        return TT_ERR_HTTP_BAD_HOST;
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

    TT_ARG_CHECK(sink != NULL, TT_ERR_INVALID_ARG);
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

/*
 * One byte-at-a-time line scanner serves every line of a response (status,
 * header, chunk-size, chunk end, trailer): bytes up to CR go to the line
 * buffer (a control character other than HTAB fails at once), CR must be
 * followed by LF, and the complete line is judged by tt_http_on_line().
 * Only body and chunk data bypass it, in runs handed to on_body straight
 * from the caller's slice (the hot path: no copy, no per-byte work).
 */
enum {
    /* Line states: bytes go through the line buffer up to CRLF. */
    S_STATUS = 0, /* status line */
    S_HEADER,     /* header lines */
    S_CHUNK,      /* chunk-size line (with extensions) */
    S_TRAILER,    /* trailer lines */
    S_CHUNK_END,  /* the empty line (CRLF) after chunk data */
    /* Data states: when `remaining` runs out, the state ^ S_DATA_END is
     * next (S_BODY -> S_DONE, S_DATA -> S_CHUNK_END). */
    S_BODY,       /* `remaining` body bytes (endless when delimited by close) */
    S_DATA,       /* `remaining` chunk bytes */
    S_DONE,
    S_DATA_END = S_BODY ^ S_DONE
};
typedef char tt_http_check_states[(S_DATA ^ S_DATA_END) == S_CHUNK_END ? 1 : -1];

/* A malformed line (a control character, bare CR/LF, or data where CRLF
 * should be), by state. */
static const short tt_http_bad_line[] = {
    TT_ERR_HTTP_BAD_STATUS_LINE, TT_ERR_HTTP_BAD_HEADER, TT_ERR_HTTP_BAD_CHUNK,
    TT_ERR_HTTP_BAD_HEADER, TT_ERR_HTTP_CHUNK_CRLF};

/* p->flags (a keyword's flag is bit KW_x) */
#define TT_HTTP_F_CLOSE_BODY 0x04 /* body delimited by close */
#define TT_HTTP_F_TE (1u << KW_CHUNKED)          /* Transfer-Encoding: chunked seen */
#define TT_HTTP_F_CONN_CLOSE (1u << KW_CLOSE)    /* Connection: close */
#define TT_HTTP_F_CONN_KA (1u << KW_KEEP_ALIVE)  /* Connection: keep-alive */
#define TT_HTTP_F_STARTED 0x80    /* any byte of this response received */

/* Overflow of a Content-Length (the host keeps its historical code). */
#if TT_HTTP_LEN64
#define TT_HTTP_ERR_CL_BIG TT_ERR_HTTP_BAD_LENGTH
#else
#define TT_HTTP_ERR_CL_BIG TT_ERR_HTTP_LENGTH_TOO_LARGE
#endif

int tt_http_parser_init(tt_http_parser *p, tt_arena *a, const tt_http_callbacks *cb, void *ctx)
{
    TT_ARG_CHECK(p != NULL && a != NULL, TT_ERR_INVALID_ARG);
    memset(p, 0, sizeof *p);
    if (cb != NULL)
        p->cb = *cb;
    p->ctx = ctx;
    /* On failure p->line is NULL (tt_arena_alloc() says so) and the error
     * sticky: unusable. */
    return p->err = tt_arena_alloc(a, TT_HTTP_PARSER_ARENA_BYTES, 1, &p->line);
}

void tt_http_parser_reset(tt_http_parser *p)
{
    /* A parser never initialised keeps its error. */
    if (TT_ARG_CHECKS && (p == NULL || p->line == NULL))
        return;
    memset(p, 0, offsetof(tt_http_parser, cb));
}

void tt_http_parser_expect_connect(tt_http_parser *p)
{
    if (TT_ARG_CHECKS && p == NULL)
        return;
    p->connect_below = 300; /* a 2xx answer has no body */
}

/* The bytes of [b, e) before the first `stop` byte (all of them when there
 * is none; 256: never), SP/HTAB trimmed off both ends, into *out (field
 * values, list items, what follows a chunk size up to its extensions).
 * Returns where it stopped: the stop byte, or e. */
TT_HTTP_SHARED static const char *tt_http_span(const char *b, const char *e, unsigned stop,
                                               tt_str *out)
{
    const char *q = b, *t;
    while (q < e && (unsigned char)*q != stop)
        q++;
    t = q;
    while (b < t && tt_http_is_ows((unsigned char)*b))
        b++;
    while (t > b && tt_http_is_ows((unsigned char)t[-1]))
        t--;
    *out = tt_http_lit(b, (size_t)(t - b));
    return q;
}

/* Hex or decimal digits of [b, e) from b on into *out.  Returns the first
 * byte after them (b: none), or NULL when the value does not fit
 * tt_http_len's lower bits (2^63-1, or 2^31-1 without TT_HTTP_LEN64). */
TT_HTTP_SHARED static const char *tt_http_num(const char *b, const char *e, unsigned base,
                                              tt_http_len *out)
{
    enum { B = (int)sizeof(tt_http_len) * 8 };
    tt_http_len v = 0;
    for (; b < e; b++) {
        unsigned d = (unsigned)tt_hex_value((unsigned char)*b); /* -1: huge */
        if (d >= base)
            break;
        /* v below 2^(B-4) keeps v * base + d from wrapping; then the top
         * bit must stay 0. */
        if ((v >> (B - 4)) != 0)
            return NULL;
        v = v * base + d;
        if ((v >> (B - 1)) != 0)
            return NULL;
    }
    *out = v;
    return b;
}

/* Status line: "HTTP/1." DIGIT SP 3DIGIT [SP reason]. */
TT_HTTP_ONCE static int tt_http_on_status_line(tt_http_parser *p, const char *l, size_t n)
{
    /* '0' in the template: any digit.  Past the end the line reads as SP,
     * so "HTTP/1.1 200" (no reason) passes and anything shorter fails. */
    static const char tpl[] = "HTTP/1.0 000 ";
    size_t i;
    unsigned st = 0; /* the minor version digit, then the status */

    for (i = 0; i < 13; i++) {
        unsigned c = i < n ? (unsigned char)l[i] : ' ', d = c - '0';
        if (i == 8) {
            p->version_minor = (uint8_t)(st != 0);
            st = 0;
        }
        if (tpl[i] != '0' ? c != (unsigned char)tpl[i] : d >= 10u)
            return TT_ERR_HTTP_BAD_STATUS_LINE;
        if (tpl[i] == '0')
            st = st * 10u + d;
    }
    /* 101 would switch protocols, which we never ask for. */
    if (st < 100u || st == 101u)
        return TT_ERR_HTTP_BAD_STATUS_LINE;
    p->state = S_HEADER;
    if (st < 200u)
        return TT_OK; /* interim: its headers are checked, then forgotten */
    p->status = (uint16_t)st;
    i = 12u + (n > 12); /* the reason phrase */
    if (p->cb.on_status == NULL)
        return TT_OK;
    return p->cb.on_status(p->ctx, (int)st, l + i, n - i);
}

/* "name: value" (header or trailer); reported for the final response.  The
 * framing-relevant fields of the final response are comma-separated lists
 * (OWS trimmed, "" is one empty item): Content-Length is 1*DIGIT items that
 * agree ("5, 5"); Transfer-Encoding must be a single "chunked" (we asked
 * for identity encodings); in Connection, close / keep-alive matter. */
TT_HTTP_ONCE static int tt_http_on_field_line(tt_http_parser *p, const char *l, size_t n)
{
    const char *q, *d, *e = l + n;
    size_t c;
    unsigned which, k;
    tt_str v, it;
    tt_http_len val;

    if (tt_http_is_ows((unsigned char)l[0]))
        return TT_ERR_HTTP_OBS_FOLD;
    if (p->n_fields++ >= TT_HTTP_MAX_HEADERS)
        return TT_ERR_HTTP_TOO_MANY_HEADERS;
    /* The name: tchars up to the colon (':' is not a tchar). */
    for (c = 0; c < n && tt_http_bit(tt_http_tchar, (unsigned char)l[c]); c++)
        ;
    if (c == 0 || c == n || l[c] != ':')
        return TT_ERR_HTTP_BAD_HEADER;
    q = l + c + 1;
    (void)tt_http_span(q, e, 256u, &v);
    if (p->state != S_HEADER || p->status == 0)
        return TT_OK; /* a trailer, or a 1xx's header: checked, not reported */
    which = tt_http_kw(l, c);
    for (; which - 1u < 3u; q++) {
        q = tt_http_span(q, e, ',', &it);
        if (which == KW_CONTENT_LENGTH) {
            d = tt_http_num(it.ptr, it.ptr + it.len, 10u, &val);
            if (d == NULL)
                return TT_HTTP_ERR_CL_BIG;
            if (d == it.ptr || d != it.ptr + it.len)
                return TT_ERR_HTTP_BAD_LENGTH;
            val++; /* stored plus one: 0 is "none" (never wraps: top bit clear) */
            if (p->content_length != 0 && p->content_length != val)
                return TT_ERR_HTTP_LENGTH_CONFLICT;
            p->content_length = val;
        } else {
            /* The word's flag: bit k of p->flags is keyword k's. */
            k = 1u << tt_http_kw(it.ptr, it.len);
            if (which == KW_CONNECTION)
                k &= TT_HTTP_F_CONN_CLOSE | TT_HTTP_F_CONN_KA;
            else if ((p->flags & TT_HTTP_F_TE) || k != TT_HTTP_F_TE)
                return TT_ERR_HTTP_UNSUPPORTED_TE;
            p->flags |= (uint8_t)k;
        }
        if (q == e)
            break;
    }
    if (p->cb.on_header == NULL)
        return TT_OK;
    return p->cb.on_header(p->ctx, l, c, v.ptr, v.len);
}

/* Blank line after the headers: decide how the body is framed. */
TT_HTTP_ONCE static int tt_http_on_headers_end(tt_http_parser *p)
{
    int st = p->status, rc;
    unsigned f = p->flags, next = S_BODY;

    p->n_fields = 0; /* trailers (or the next response's headers) count anew */
    if (st == 0) { /* (status is set for the final response only) */
        /* Interim 1xx: forget it, a status line follows. */
        p->state = S_STATUS;
        return TT_OK;
    }
    if ((f & TT_HTTP_F_TE) && p->content_length != 0)
        return TT_ERR_HTTP_LENGTH_CONFLICT;
    if (p->cb.on_headers_done != NULL && (rc = p->cb.on_headers_done(p->ctx)) != TT_OK)
        return rc;
    /* Without a Content-Length (chunked, or until close) this is the
     * maximum: never 0, and never counted down until close. */
    p->remaining = p->content_length - 1u;
    if (st == 204 || st == 304 || st < p->connect_below || p->remaining == 0) {
        next = S_DONE;
    } else if (f & TT_HTTP_F_TE) {
        next = S_CHUNK;
    } else if (p->content_length == 0) {
        p->flags = (uint8_t)(f | TT_HTTP_F_CLOSE_BODY);
    }
    p->state = (uint8_t)next;
    return TT_OK;
}

/* A complete line (without CRLF) is in p->line. */
TT_HTTP_SHARED static int tt_http_on_line(tt_http_parser *p)
{
    const char *l = (const char *)p->line;
    size_t n = p->line_len;
    unsigned st = p->state;

    p->line_len = 0;
    if (st == S_STATUS)
        return tt_http_on_status_line(p, l, n);
    if (st == S_CHUNK) {
        /* chunk-size [OWS] [";" ext]: the extensions are ignored. */
        tt_str r;
        const char *d = tt_http_num(l, l + n, 16u, &p->remaining);
        if (d == NULL)
            return TT_ERR_HTTP_CHUNK_TOO_LARGE;
        (void)tt_http_span(d, l + n, ';', &r);
        if (d == l || r.len != 0)
            return TT_ERR_HTTP_BAD_CHUNK;
        st = p->remaining ? S_DATA : S_TRAILER;
    } else if (st == S_CHUNK_END) { /* always empty: data there fails at once */
        st = S_CHUNK;
    } else if (n != 0) { /* S_HEADER, S_TRAILER */
        return tt_http_on_field_line(p, l, n);
    } else if (st == S_HEADER) {
        return tt_http_on_headers_end(p);
    } else {
        st = S_DONE; /* the end of the trailers */
    }
    p->state = (uint8_t)st;
    return TT_OK;
}

int tt_http_parser_feed(tt_http_parser *p, const uint8_t *data, size_t len, size_t *consumed)
{
    size_t i = 0;
    int rc = TT_OK;

    TT_ARG_CHECK(consumed != NULL, TT_ERR_INVALID_ARG);
    *consumed = 0;
    /* (Bitwise: one test, no duplicated paths on Thumb.) */
    TT_ARG_CHECK((p != NULL) & ((data != NULL) | (len == 0)), TT_ERR_INVALID_ARG);
    if (p->err != TT_OK)
        return p->err;
    TT_ARG_CHECK(p->line != NULL, TT_ERR_INVALID_ARG); /* never initialised */
    if (len == 0)
        return TT_OK;
    if (p->state >= S_DONE) /* (a state past S_DONE: the struct was overwritten) */
        rc = p->state == S_DONE || !TT_ARG_CHECKS ? TT_ERR_HTTP_UNEXPECTED_DATA
                                                  : TT_ERR_INTERNAL;
    p->flags |= TT_HTTP_F_STARTED;
    while (rc == TT_OK && i < len && p->state != S_DONE) {
        unsigned c = data[i];
        if (p->state >= S_BODY) {
            /* A run of body bytes straight from the caller's slice. */
            size_t n = len - i;
            if (n > p->remaining)
                n = (size_t)p->remaining;
            if (p->cb.on_body != NULL)
                rc = p->cb.on_body(p->ctx, data + i, n);
            if (rc != TT_OK)
                break;
            i += n;
            if (!(p->flags & TT_HTTP_F_CLOSE_BODY) && (p->remaining -= (tt_http_len)n) == 0)
                p->state ^= S_DATA_END;
        } else if (p->cr) {
            /* CR LF ends the line; a bare CR is malformed. */
            rc = c != '\n' ? tt_http_bad_line[p->state] : tt_http_on_line(p);
            p->cr = 0;
            i += rc == TT_OK;
        } else if (c == '\r') {
            p->cr = 1;
            i++;
        } else if (!tt_http_vchar(c) || p->state == S_CHUNK_END) {
            /* A control character (but HTAB; a bare LF too) is wrong in
             * every line, and no byte but CRLF may follow chunk data. */
            rc = tt_http_bad_line[p->state];
        } else if (p->line_len == (size_t)TT_HTTP_MAX_LINE) {
            rc = TT_ERR_HTTP_LINE_TOO_LONG; /* at the first byte that does not fit */
        } else {
            ((char *)p->line)[p->line_len++] = (char)c;
            i++;
        }
    }
    *consumed = i;
    if (rc > 0)
        rc = TT_ERR_CALLBACK_ABORT; /* a positive callback return */
    if (rc != TT_OK)
        p->err = rc;
    return rc;
}

int tt_http_parser_eof(tt_http_parser *p)
{
    TT_ARG_CHECK(p != NULL, TT_ERR_INVALID_ARG);
    if (p->err == TT_OK && p->state != S_DONE) {
        if (p->flags & TT_HTTP_F_CLOSE_BODY)
            p->state = S_DONE;
        else
            p->err = (p->flags & TT_HTTP_F_STARTED) ? TT_ERR_HTTP_TRUNCATED
                                                    : TT_ERR_HTTP_NO_RESPONSE;
    }
    return p->err;
}

int tt_http_parser_done(const tt_http_parser *p)
{
    TT_ARG_CHECK(p != NULL, 0);
    return p->err == TT_OK && p->state == S_DONE;
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
    TT_ARG_CHECK(p != NULL, 0);
    return p->status;
}

int tt_http_parser_version(const tt_http_parser *p)
{
    TT_ARG_CHECK(p != NULL, -1);
    if (p->status == 0)
        return -1;
    return p->version_minor;
}

int tt_http_parser_error(const tt_http_parser *p)
{
    TT_ARG_CHECK(p != NULL, TT_ERR_INVALID_ARG);
    return p->err;
}

int tt_http_parser_content_length(const tt_http_parser *p, uint64_t *len)
{
    TT_ARG_CHECK(p != NULL, 0);
    if (p->status == 0 || p->content_length == 0)
        return 0;
    if (len != NULL)
        *len = p->content_length - 1u;
    return 1;
}
