/*
 * tt_http.c - HTTP/1.1 request writer and incremental response parser.
 * See tt_http.h for the contract.  RFC 9112 is the reference; where it lets
 * a recipient choose, this parser is strict (CRLF only, obs-fold rejected,
 * Content-Length + Transfer-Encoding rejected) because the only peer is an
 * AWS endpoint or a proxy, and strictness closes response-splitting holes.
 */
#include <string.h>

#include "tt_http.h"

#define TT_HTTP_MAX_LENGTH 0x7fffffffffffffffull /* 2^63-1 */

/* ------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------ */

static int tt_http_is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static int tt_http_is_alpha(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 9110 tchar. */
static int tt_http_is_tchar(unsigned c)
{
    if (tt_http_is_digit(c) || tt_http_is_alpha(c))
        return 1;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*':
    case '+': case '-': case '.': case '^': case '_': case '`': case '|':
    case '~':
        return 1;
    default:
        return 0;
    }
}

/* Control characters other than HTAB (what a field value may not hold). */
static int tt_http_is_ctl(unsigned c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

static int tt_http_is_ows(unsigned c)
{
    return c == ' ' || c == '\t';
}

static unsigned tt_http_lower(unsigned c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32u : c;
}

/* Hex digit value, or -1. */
static int tt_http_hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    c = tt_http_lower(c);
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    return -1;
}

static int tt_http_eq_ci(const char *a, size_t alen, const char *want)
{
    size_t i, wlen = strlen(want);
    if (alen != wlen)
        return 0;
    for (i = 0; i < alen; i++)
        if (tt_http_lower((unsigned char)a[i]) != tt_http_lower((unsigned char)want[i]))
            return 0;
    return 1;
}

int tt_http_name_eq(tt_str name, const char *want)
{
    if (want == NULL || (name.ptr == NULL && name.len != 0))
        return 0;
    return tt_http_eq_ci(name.ptr, name.len, want);
}

/* A positive callback/sink return becomes TT_ERR_CALLBACK_ABORT. */
static int tt_http_cb_rc(int rc)
{
    return rc > 0 ? TT_ERR_CALLBACK_ABORT : rc;
}

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

/* CR, LF or NUL anywhere: the bytes that could end a line on the wire. */
static int tt_http_has_breaker(tt_str s)
{
    size_t i;
    for (i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c == '\r' || c == '\n' || c == 0)
            return 1;
    }
    return 0;
}

static int tt_http_str_ok(tt_str s)
{
    return s.ptr != NULL || s.len == 0;
}

static int tt_http_check_field_value(tt_str v)
{
    size_t i;
    if (!tt_http_str_ok(v))
        return TT_ERR_INVALID_ARG;
    if (tt_http_has_breaker(v))
        return TT_ERR_HTTP_HEADER_INJECTION;
    for (i = 0; i < v.len; i++)
        if (tt_http_is_ctl((unsigned char)v.ptr[i]))
            return TT_ERR_HTTP_BAD_REQUEST_HEADER;
    return TT_OK;
}

static int tt_http_check_header(const tt_http_header *h)
{
    size_t i;
    if (!tt_http_str_ok(h->name))
        return TT_ERR_INVALID_ARG;
    if (tt_http_has_breaker(h->name))
        return TT_ERR_HTTP_HEADER_INJECTION;
    if (h->name.len == 0)
        return TT_ERR_HTTP_BAD_REQUEST_HEADER;
    for (i = 0; i < h->name.len; i++)
        if (!tt_http_is_tchar((unsigned char)h->name.ptr[i]))
            return TT_ERR_HTTP_BAD_REQUEST_HEADER;
    /* The writer owns message framing. */
    if (tt_http_name_eq(h->name, "content-length") ||
        tt_http_name_eq(h->name, "transfer-encoding"))
        return TT_ERR_HTTP_BAD_REQUEST_HEADER;
    return tt_http_check_field_value(h->value);
}

static int tt_http_check_request_line(tt_str method, tt_str target)
{
    size_t i;
    if (!tt_http_str_ok(method) || !tt_http_str_ok(target))
        return TT_ERR_INVALID_ARG;
    if (tt_http_has_breaker(method) || tt_http_has_breaker(target))
        return TT_ERR_HTTP_HEADER_INJECTION;
    if (method.len == 0 || target.len == 0)
        return TT_ERR_HTTP_BAD_REQUEST_LINE;
    for (i = 0; i < method.len; i++)
        if (!tt_http_is_tchar((unsigned char)method.ptr[i]))
            return TT_ERR_HTTP_BAD_REQUEST_LINE;
    for (i = 0; i < target.len; i++) {
        unsigned char c = (unsigned char)target.ptr[i];
        if (c <= 0x20 || c >= 0x7f)
            return TT_ERR_HTTP_BAD_REQUEST_LINE;
    }
    return TT_OK;
}

static int tt_http_emit(tt_http_sink sink, void *ctx, const void *data, size_t len)
{
    if (len == 0)
        return TT_OK;
    return tt_http_cb_rc(sink(ctx, (const uint8_t *)data, len));
}

static int tt_http_emit_c(tt_http_sink sink, void *ctx, const char *s)
{
    return tt_http_emit(sink, ctx, s, strlen(s));
}

/* Decimal digits of v into buf (>= 20 bytes); returns the count. */
static size_t tt_http_u64_dec(uint64_t v, char *buf)
{
    char tmp[20];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + (unsigned)(v % 10u));
        v /= 10u;
    } while (v != 0);
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

int tt_http_write_head(tt_str method, tt_str target, const tt_http_header *headers,
                       size_t n_headers, uint64_t content_length, tt_http_sink sink,
                       void *sink_ctx)
{
    size_t i, n;
    int rc;
    char num[20];

    if (sink == NULL || (headers == NULL && n_headers != 0))
        return TT_ERR_INVALID_ARG;
    rc = tt_http_check_request_line(method, target);
    if (rc != TT_OK)
        return rc;
    for (i = 0; i < n_headers; i++) {
        rc = tt_http_check_header(&headers[i]);
        if (rc != TT_OK)
            return rc;
    }
    /* Validated: now emit. */
    if ((rc = tt_http_emit(sink, sink_ctx, method.ptr, method.len)) != TT_OK ||
        (rc = tt_http_emit_c(sink, sink_ctx, " ")) != TT_OK ||
        (rc = tt_http_emit(sink, sink_ctx, target.ptr, target.len)) != TT_OK ||
        (rc = tt_http_emit_c(sink, sink_ctx, " HTTP/1.1\r\n")) != TT_OK)
        return rc;
    for (i = 0; i < n_headers; i++) {
        if ((rc = tt_http_emit(sink, sink_ctx, headers[i].name.ptr, headers[i].name.len)) !=
                TT_OK ||
            (rc = tt_http_emit_c(sink, sink_ctx, ": ")) != TT_OK ||
            (rc = tt_http_emit(sink, sink_ctx, headers[i].value.ptr, headers[i].value.len)) !=
                TT_OK ||
            (rc = tt_http_emit_c(sink, sink_ctx, "\r\n")) != TT_OK)
            return rc;
    }
    n = tt_http_u64_dec(content_length, num);
    if ((rc = tt_http_emit_c(sink, sink_ctx, "Content-Length: ")) != TT_OK ||
        (rc = tt_http_emit(sink, sink_ctx, num, n)) != TT_OK ||
        (rc = tt_http_emit_c(sink, sink_ctx, "\r\n\r\n")) != TT_OK)
        return rc;
    return TT_OK;
}

int tt_http_write_request(tt_str method, tt_str target, const tt_http_header *headers,
                          size_t n_headers, const uint8_t *body, size_t body_len,
                          tt_http_sink sink, void *sink_ctx)
{
    int rc;
    if (body == NULL && body_len != 0)
        return TT_ERR_INVALID_ARG;
    rc = tt_http_write_head(method, target, headers, n_headers, (uint64_t)body_len, sink,
                            sink_ctx);
    if (rc != TT_OK)
        return rc;
    return tt_http_emit(sink, sink_ctx, body, body_len);
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

int tt_http_format_request(uint8_t *buf, size_t cap, size_t *out_len, tt_str method,
                           tt_str target, const tt_http_header *headers, size_t n_headers,
                           const uint8_t *body, size_t body_len)
{
    tt_http_bufsink b;
    int rc;

    if (out_len == NULL || (buf == NULL && cap != 0))
        return TT_ERR_INVALID_ARG;
    *out_len = 0;
    b.buf = buf;
    b.cap = cap;
    b.len = 0;
    rc = tt_http_write_request(method, target, headers, n_headers, body, body_len,
                               tt_http_bufsink_put, &b);
    if (rc != TT_OK)
        return rc;
    *out_len = b.len;
    return b.len > cap ? TT_ERR_BUFFER_TOO_SMALL : TT_OK;
}

/* Validate a URL host; *v6 = 1 when it needs brackets added. */
static int tt_http_check_host(tt_str host, uint16_t port, int *v6)
{
    size_t i, start = 0, end = host.len;
    int colon = 0;

    *v6 = 0;
    if (!tt_http_str_ok(host))
        return TT_ERR_INVALID_ARG;
    if (host.len == 0 || port == 0)
        return TT_ERR_HTTP_BAD_HOST;
    if (host.ptr[0] == '[') {
        /* Already bracketed: "[" inner "]" with a non-empty IPv6 inner. */
        if (host.len < 3 || host.ptr[host.len - 1] != ']')
            return TT_ERR_HTTP_BAD_HOST;
        start = 1;
        end = host.len - 1;
    }
    for (i = start; i < end; i++) {
        unsigned char c = (unsigned char)host.ptr[i];
        if (c <= 0x20 || c >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@' ||
            c == '\\' || c == '[' || c == ']')
            return TT_ERR_HTTP_BAD_HOST;
        if (c == ':')
            colon = 1;
    }
    if (start == 1 && !colon)
        return TT_ERR_HTTP_BAD_HOST; /* brackets are only for IPv6 */
    *v6 = start == 0 && colon;
    return TT_OK;
}

/* Emit host (bracketed if v6) and, when with_port, ":port". */
static int tt_http_emit_authority(tt_http_sink sink, void *ctx, tt_str host, int v6,
                                  uint16_t port, int with_port)
{
    int rc;
    char num[20];
    size_t n;

    if (v6 && (rc = tt_http_emit_c(sink, ctx, "[")) != TT_OK)
        return rc;
    if ((rc = tt_http_emit(sink, ctx, host.ptr, host.len)) != TT_OK)
        return rc;
    if (v6 && (rc = tt_http_emit_c(sink, ctx, "]")) != TT_OK)
        return rc;
    if (with_port) {
        n = tt_http_u64_dec(port, num);
        if ((rc = tt_http_emit_c(sink, ctx, ":")) != TT_OK ||
            (rc = tt_http_emit(sink, ctx, num, n)) != TT_OK)
            return rc;
    }
    return TT_OK;
}

int tt_http_format_host(char *buf, size_t cap, size_t *out_len, tt_str host, uint16_t port,
                        int https)
{
    tt_http_bufsink b;
    int rc, v6;
    uint16_t dflt = (uint16_t)(https ? 443 : 80);

    if (out_len == NULL || (buf == NULL && cap != 0))
        return TT_ERR_INVALID_ARG;
    *out_len = 0;
    rc = tt_http_check_host(host, port, &v6);
    if (rc != TT_OK)
        return rc;
    b.buf = (uint8_t *)buf;
    b.cap = cap;
    b.len = 0;
    rc = tt_http_emit_authority(tt_http_bufsink_put, &b, host, v6, port, port != dflt);
    if (rc != TT_OK)
        return rc;
    if (b.len >= cap) {
        *out_len = b.len + 1;
        return TT_ERR_BUFFER_TOO_SMALL;
    }
    buf[b.len] = '\0';
    *out_len = b.len;
    return TT_OK;
}

int tt_http_write_connect(tt_str host, uint16_t port, tt_str proxy_authorization,
                          tt_http_sink sink, void *sink_ctx)
{
    int rc, v6;

    if (sink == NULL)
        return TT_ERR_INVALID_ARG;
    rc = tt_http_check_host(host, port, &v6);
    if (rc != TT_OK)
        return rc;
    rc = tt_http_check_field_value(proxy_authorization);
    if (rc != TT_OK)
        return rc;
    if ((rc = tt_http_emit_c(sink, sink_ctx, "CONNECT ")) != TT_OK ||
        (rc = tt_http_emit_authority(sink, sink_ctx, host, v6, port, 1)) != TT_OK ||
        (rc = tt_http_emit_c(sink, sink_ctx, " HTTP/1.1\r\nHost: ")) != TT_OK ||
        (rc = tt_http_emit_authority(sink, sink_ctx, host, v6, port, 1)) != TT_OK ||
        (rc = tt_http_emit_c(sink, sink_ctx, "\r\n")) != TT_OK)
        return rc;
    if (proxy_authorization.len != 0) {
        if ((rc = tt_http_emit_c(sink, sink_ctx, "Proxy-Authorization: ")) != TT_OK ||
            (rc = tt_http_emit(sink, sink_ctx, proxy_authorization.ptr,
                               proxy_authorization.len)) != TT_OK ||
            (rc = tt_http_emit_c(sink, sink_ctx, "\r\n")) != TT_OK)
            return rc;
    }
    return tt_http_emit_c(sink, sink_ctx, "\r\n");
}

/* ------------------------------------------------------------------------
 * Parser
 * ------------------------------------------------------------------------ */

enum {
    S_STATUS = 0,   /* status line (line buffered) */
    S_HEADER,       /* header lines (line buffered) */
    S_BODY_LEN,     /* `remaining` body bytes */
    S_BODY_CLOSE,   /* body until eof */
    S_CHUNK_SIZE,   /* hex digits of a chunk-size line */
    S_CHUNK_WS,     /* whitespace after the size (before ';' or CR) */
    S_CHUNK_EXT,    /* chunk extensions, up to CR */
    S_CHUNK_LF,     /* LF ending the chunk-size line */
    S_CHUNK_DATA,   /* `remaining` chunk bytes */
    S_CHUNK_DATA_CR,
    S_CHUNK_DATA_LF,
    S_TRAILER,      /* trailer lines (line buffered) */
    S_DONE
};

/* p->flags */
#define TT_HTTP_F_CR 0x01          /* line mode: last byte was CR */
#define TT_HTTP_F_HAS_LENGTH 0x02  /* Content-Length seen */
#define TT_HTTP_F_CLOSE_BODY 0x04  /* body delimited by close */
#define TT_HTTP_F_FINAL 0x08       /* parsing the final (non-1xx) response */

/* p->conn */
#define TT_HTTP_C_CLOSE 0x01
#define TT_HTTP_C_KEEPALIVE 0x02

static void tt_http_clear(tt_http_parser *p)
{
    p->line_len = 0;
    p->content_length = 0;
    p->remaining = 0;
    p->ext_len = 0;
    p->n_fields = 0;
    p->err = TT_OK;
    p->status = 0;
    p->cur_status = 0;
    p->state = S_STATUS;
    p->version_minor = 0;
    p->flags = 0;
    p->conn = 0;
    p->te = 0;
    p->started = 0;
    p->expect_connect = 0;
    p->chunk_digits = 0;
}

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
    tt_http_clear(p);
    return TT_OK;
}

void tt_http_parser_reset(tt_http_parser *p)
{
    if (p == NULL)
        return;
    if (p->line == NULL)
        return; /* never initialised: keep its error */
    tt_http_clear(p);
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

/* Status line: "HTTP/" 1 "." DIGIT SP 3DIGIT [SP reason]. */
static int tt_http_on_status_line(tt_http_parser *p)
{
    const char *l = p->line;
    size_t n = p->line_len, i;
    int status;
    tt_str reason;

    if (n < 12 || memcmp(l, "HTTP/1.", 7) != 0 || !tt_http_is_digit((unsigned char)l[7]) ||
        l[8] != ' ' || !tt_http_is_digit((unsigned char)l[9]) ||
        !tt_http_is_digit((unsigned char)l[10]) || !tt_http_is_digit((unsigned char)l[11]))
        return TT_ERR_HTTP_BAD_STATUS_LINE;
    status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
    /* 101 would switch protocols, which we never ask for. */
    if (status < 100 || status == 101)
        return TT_ERR_HTTP_BAD_STATUS_LINE;
    reason.ptr = l + n;
    reason.len = 0;
    if (n > 12) {
        if (l[12] != ' ')
            return TT_ERR_HTTP_BAD_STATUS_LINE;
        for (i = 13; i < n; i++)
            if (tt_http_is_ctl((unsigned char)l[i]))
                return TT_ERR_HTTP_BAD_STATUS_LINE;
        reason.ptr = l + 13;
        reason.len = n - 13;
    }
    p->cur_status = status;
    p->n_fields = 0;
    p->conn = 0;
    p->te = 0;
    p->content_length = 0;
    p->flags = (uint8_t)(p->flags & ~(TT_HTTP_F_HAS_LENGTH | TT_HTTP_F_FINAL));
    if (status >= 200) {
        p->flags |= TT_HTTP_F_FINAL;
        p->status = status;
        p->version_minor = (uint8_t)(l[7] == '0' ? 0 : 1);
        if (p->cb.on_status != NULL)
            return tt_http_cb_rc(p->cb.on_status(p->ctx, status, reason));
    }
    return TT_OK;
}

/* Content-Length: 1*DIGIT, or a list of identical ones ("5, 5"). */
static int tt_http_on_content_length(tt_http_parser *p, const char *v, size_t n)
{
    size_t i = 0;
    for (;;) {
        uint64_t val = 0;
        size_t digits = 0;
        while (i < n && tt_http_is_ows((unsigned char)v[i]))
            i++;
        while (i < n && tt_http_is_digit((unsigned char)v[i])) {
            unsigned d = (unsigned)(v[i] - '0');
            if (val > (TT_HTTP_MAX_LENGTH - d) / 10u)
                return TT_ERR_HTTP_BAD_LENGTH;
            val = val * 10u + d;
            digits++;
            i++;
        }
        if (digits == 0)
            return TT_ERR_HTTP_BAD_LENGTH;
        while (i < n && tt_http_is_ows((unsigned char)v[i]))
            i++;
        if (i < n && v[i] != ',')
            return TT_ERR_HTTP_BAD_LENGTH;
        if ((p->flags & TT_HTTP_F_HAS_LENGTH) && p->content_length != val)
            return TT_ERR_HTTP_LENGTH_CONFLICT;
        p->content_length = val;
        p->flags |= TT_HTTP_F_HAS_LENGTH;
        if (i >= n)
            return TT_OK;
        i++; /* ',' */
    }
}

/* Connection: comma-separated tokens; we care about close / keep-alive. */
static void tt_http_on_connection(tt_http_parser *p, const char *v, size_t n)
{
    size_t i = 0, s, e;
    while (i < n) {
        while (i < n && (tt_http_is_ows((unsigned char)v[i]) || v[i] == ','))
            i++;
        s = i;
        while (i < n && v[i] != ',')
            i++;
        e = i;
        while (e > s && tt_http_is_ows((unsigned char)v[e - 1]))
            e--;
        if (tt_http_eq_ci(v + s, e - s, "close"))
            p->conn |= TT_HTTP_C_CLOSE;
        else if (tt_http_eq_ci(v + s, e - s, "keep-alive"))
            p->conn |= TT_HTTP_C_KEEPALIVE;
    }
}

/* Split and check "name: value"; reports it when `report`. */
static int tt_http_on_field_line(tt_http_parser *p, int report)
{
    char *l = p->line;
    size_t n = p->line_len, colon, vs, ve, i;
    tt_str name, value;
    int rc;

    if (tt_http_is_ows((unsigned char)l[0]))
        return TT_ERR_HTTP_OBS_FOLD;
    if (p->n_fields >= TT_HTTP_MAX_HEADERS)
        return TT_ERR_HTTP_TOO_MANY_HEADERS;
    p->n_fields++;
    for (colon = 0; colon < n && l[colon] != ':'; colon++)
        if (!tt_http_is_tchar((unsigned char)l[colon]))
            return TT_ERR_HTTP_BAD_HEADER;
    if (colon == n || colon == 0)
        return TT_ERR_HTTP_BAD_HEADER;
    vs = colon + 1;
    ve = n;
    while (vs < ve && tt_http_is_ows((unsigned char)l[vs]))
        vs++;
    while (ve > vs && tt_http_is_ows((unsigned char)l[ve - 1]))
        ve--;
    for (i = vs; i < ve; i++)
        if (tt_http_is_ctl((unsigned char)l[i]))
            return TT_ERR_HTTP_BAD_HEADER;
    if (!report)
        return TT_OK;
    name.ptr = l;
    name.len = colon;
    value.ptr = l + vs;
    value.len = ve - vs;
    if (tt_http_name_eq(name, "content-length")) {
        rc = tt_http_on_content_length(p, value.ptr, value.len);
        if (rc != TT_OK)
            return rc;
    } else if (tt_http_name_eq(name, "transfer-encoding")) {
        /* Only a single "chunked": we asked for identity encodings. */
        if (p->te || !tt_http_eq_ci(value.ptr, value.len, "chunked"))
            return TT_ERR_HTTP_UNSUPPORTED_TE;
        p->te = 1;
    } else if (tt_http_name_eq(name, "connection")) {
        tt_http_on_connection(p, value.ptr, value.len);
    }
    if (p->cb.on_header != NULL)
        return tt_http_cb_rc(p->cb.on_header(p->ctx, name, value));
    return TT_OK;
}

/* Blank line after the headers: decide how the body is framed. */
static int tt_http_on_headers_end(tt_http_parser *p)
{
    int st = p->cur_status, rc;

    if (!(p->flags & TT_HTTP_F_FINAL)) {
        /* Interim 1xx: forget it, a status line follows. */
        p->state = S_STATUS;
        return TT_OK;
    }
    if (p->te && (p->flags & TT_HTTP_F_HAS_LENGTH))
        return TT_ERR_HTTP_LENGTH_CONFLICT;
    if (p->cb.on_headers_done != NULL) {
        rc = tt_http_cb_rc(p->cb.on_headers_done(p->ctx));
        if (rc != TT_OK)
            return rc;
    }
    if (st == 204 || st == 304 || (p->expect_connect && st >= 200 && st < 300)) {
        p->state = S_DONE;
    } else if (p->te) {
        p->state = S_CHUNK_SIZE;
        p->remaining = 0;
        p->chunk_digits = 0;
        p->ext_len = 0;
    } else if (p->flags & TT_HTTP_F_HAS_LENGTH) {
        p->remaining = p->content_length;
        p->state = p->remaining ? S_BODY_LEN : S_DONE;
    } else {
        p->flags |= TT_HTTP_F_CLOSE_BODY;
        p->state = S_BODY_CLOSE;
    }
    return TT_OK;
}

/* A complete line (without CRLF) is in p->line. */
static int tt_http_on_line(tt_http_parser *p)
{
    int rc;
    switch (p->state) {
    case S_STATUS:
        rc = tt_http_on_status_line(p);
        if (rc == TT_OK)
            p->state = S_HEADER;
        return rc;
    case S_HEADER:
        if (p->line_len == 0)
            return tt_http_on_headers_end(p);
        return tt_http_on_field_line(p, p->flags & TT_HTTP_F_FINAL);
    default: /* S_TRAILER */
        if (p->line_len == 0) {
            p->state = S_DONE;
            return TT_OK;
        }
        return tt_http_on_field_line(p, 0);
    }
}

/* Line mode: consume bytes of data[0..len) into the line buffer until a line
 * completes (then process it).  Returns bytes used or sets *rc. */
static size_t tt_http_step_line(tt_http_parser *p, const uint8_t *d, size_t len, int *rc)
{
    size_t i = 0;
    int bad = p->state == S_STATUS ? TT_ERR_HTTP_BAD_STATUS_LINE : TT_ERR_HTTP_BAD_HEADER;

    if (p->flags & TT_HTTP_F_CR) {
        if (d[0] != '\n') {
            *rc = bad; /* bare CR */
            return 0;
        }
        p->flags = (uint8_t)(p->flags & ~TT_HTTP_F_CR);
        *rc = tt_http_on_line(p);
        p->line_len = 0;
        return *rc == TT_OK ? 1 : 0;
    }
    while (i < len && d[i] != '\r' && d[i] != '\n')
        i++;
    if (i > (size_t)TT_HTTP_MAX_LINE - p->line_len) {
        *rc = TT_ERR_HTTP_LINE_TOO_LONG;
        return 0;
    }
    memcpy(p->line + p->line_len, d, i);
    p->line_len += i;
    if (i < len) {
        if (d[i] == '\n') {
            *rc = bad; /* bare LF */
            return i;
        }
        p->flags |= TT_HTTP_F_CR;
        i++;
    }
    *rc = TT_OK;
    return i;
}

/* Chunk-size line, one byte. */
static int tt_http_step_chunk_size(tt_http_parser *p, unsigned c)
{
    int h;

    if (++p->ext_len > (size_t)TT_HTTP_MAX_LINE + 2u)
        return TT_ERR_HTTP_LINE_TOO_LONG;
    switch (p->state) {
    case S_CHUNK_SIZE:
        h = tt_http_hexval(c);
        if (h >= 0) {
            if (p->remaining > (TT_HTTP_MAX_LENGTH >> 4))
                return TT_ERR_HTTP_CHUNK_TOO_LARGE;
            p->remaining = (p->remaining << 4) | (uint64_t)h;
            p->chunk_digits = 1;
            return TT_OK;
        }
        if (!p->chunk_digits)
            return TT_ERR_HTTP_BAD_CHUNK;
        if (c == '\r')
            p->state = S_CHUNK_LF;
        else if (c == ';')
            p->state = S_CHUNK_EXT;
        else if (tt_http_is_ows(c))
            p->state = S_CHUNK_WS;
        else
            return TT_ERR_HTTP_BAD_CHUNK;
        return TT_OK;
    case S_CHUNK_WS:
        if (c == '\r')
            p->state = S_CHUNK_LF;
        else if (c == ';')
            p->state = S_CHUNK_EXT;
        else if (!tt_http_is_ows(c))
            return TT_ERR_HTTP_BAD_CHUNK;
        return TT_OK;
    case S_CHUNK_EXT:
        /* Extensions are ignored; only their bytes are checked. */
        if (c == '\r')
            p->state = S_CHUNK_LF;
        else if (tt_http_is_ctl(c))
            return TT_ERR_HTTP_BAD_CHUNK;
        return TT_OK;
    default: /* S_CHUNK_LF */
        if (c != '\n')
            return TT_ERR_HTTP_BAD_CHUNK;
        p->ext_len = 0;
        p->chunk_digits = 0;
        if (p->remaining == 0) {
            p->state = S_TRAILER;
            p->n_fields = 0;
            p->line_len = 0;
        } else {
            p->state = S_CHUNK_DATA;
        }
        return TT_OK;
    }
}

static int tt_http_body(tt_http_parser *p, const uint8_t *d, size_t n)
{
    if (n == 0 || p->cb.on_body == NULL)
        return TT_OK;
    return tt_http_cb_rc(p->cb.on_body(p->ctx, d, n));
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
    if (p->state == S_DONE)
        return tt_http_fail(p, TT_ERR_HTTP_UNEXPECTED_DATA);
    p->started = 1;
    while (i < len && p->state != S_DONE) {
        switch (p->state) {
        case S_STATUS:
        case S_HEADER:
        case S_TRAILER:
            i += tt_http_step_line(p, data + i, len - i, &rc);
            break;
        case S_BODY_LEN:
        case S_CHUNK_DATA:
            n = len - i;
            if ((uint64_t)n > p->remaining)
                n = (size_t)p->remaining;
            rc = tt_http_body(p, data + i, n);
            if (rc != TT_OK)
                break;
            i += n;
            p->remaining -= n;
            if (p->remaining == 0)
                p->state = (uint8_t)(p->state == S_BODY_LEN ? S_DONE : S_CHUNK_DATA_CR);
            break;
        case S_BODY_CLOSE:
            rc = tt_http_body(p, data + i, len - i);
            if (rc == TT_OK)
                i = len;
            break;
        case S_CHUNK_DATA_CR:
        case S_CHUNK_DATA_LF:
            if (data[i] != (p->state == S_CHUNK_DATA_CR ? '\r' : '\n')) {
                rc = TT_ERR_HTTP_CHUNK_CRLF;
                break;
            }
            p->state = (uint8_t)(p->state == S_CHUNK_DATA_CR ? S_CHUNK_DATA_LF : S_CHUNK_SIZE);
            i++;
            break;
        case S_CHUNK_SIZE:
        case S_CHUNK_WS:
        case S_CHUNK_EXT:
        case S_CHUNK_LF:
            rc = tt_http_step_chunk_size(p, data[i]);
            if (rc == TT_OK)
                i++;
            break;
        default:
            rc = TT_ERR_INTERNAL;
            break;
        }
        if (rc != TT_OK) {
            *consumed = i;
            return tt_http_fail(p, rc);
        }
    }
    *consumed = i;
    return TT_OK;
}

int tt_http_parser_eof(tt_http_parser *p)
{
    if (p == NULL)
        return TT_ERR_INVALID_ARG;
    if (p->err != TT_OK)
        return p->err;
    if (p->state == S_DONE)
        return TT_OK;
    if (p->state == S_BODY_CLOSE) {
        p->state = S_DONE;
        return TT_OK;
    }
    return tt_http_fail(p, p->started ? TT_ERR_HTTP_TRUNCATED : TT_ERR_HTTP_NO_RESPONSE);
}

int tt_http_parser_done(const tt_http_parser *p)
{
    return p != NULL && p->err == TT_OK && p->state == S_DONE;
}

int tt_http_parser_keep_alive(const tt_http_parser *p)
{
    if (!tt_http_parser_done(p) || (p->flags & TT_HTTP_F_CLOSE_BODY))
        return 0;
    if (p->conn & TT_HTTP_C_CLOSE)
        return 0;
    if (p->version_minor == 0)
        /* HTTP/1.0: opt-in, and chunked framing there is suspect (RFC 9112 6.1). */
        return (p->conn & TT_HTTP_C_KEEPALIVE) && !p->te;
    return 1;
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
