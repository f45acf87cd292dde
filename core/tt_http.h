/*
 * tt_http.h - HTTP/1.1 request writer and incremental response parser.
 *
 * No OS, no allocator, no stdio.  The writer emits bytes through a caller
 * sink (so a device can stream the head and then the body without one big
 * buffer) or into a caller buffer with a size query.  The parser is fed byte
 * slices of any size (1 byte at a time gives the same results as the whole
 * message at once), hands status/headers/body out through callbacks as they
 * arrive, never buffers the body, and keeps one line buffer of
 * TT_HTTP_MAX_LINE bytes taken from the caller's arena.
 *
 * Errors: every function returns TT_OK or a negative tt_err code from the
 * HTTP block (-400..-499) of tt_error.h, TT_ERR_INVALID_ARG, TT_ERR_ARENA_FULL,
 * TT_ERR_BUFFER_TOO_SMALL, TT_ERR_CALLBACK_ABORT, or a code returned by a
 * caller callback/sink (passed through unchanged when negative).
 *
 * Argument checks: a NULL where a pointer is required, a NULL string
 * pointer with a length, or a parser tt_http_parser_init() never set up
 * gives the result documented below only with TT_ARG_CHECKS (tt_config.h;
 * on by default, off in the device profile); without it such a call is the
 * caller's bug, its behaviour undefined.  Everything the peer or the
 * caller's data can get wrong is always checked.
 */
#ifndef TT_HTTP_H
#define TT_HTTP_H

#include "tt_arena.h"
#include "tt_base.h"

/* TT_HTTP_MAX_HEADERS and TT_HTTP_MAX_LINE: tt_config.h. */

/* Arena bytes tt_http_parser_init() takes (the line buffer; alignment 1). */
#define TT_HTTP_PARSER_ARENA_BYTES ((size_t)TT_HTTP_MAX_LINE)

/*
 * One header field.  Both strings are borrowed from the caller for the
 * duration of the call they are passed to.  (core/tt_sigv4.h defines the
 * same type under the same guard.)
 */
/* tt_http_header (one name/value pair) is defined in tt_base.h. */

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

/*
 * Where the writer puts bytes.  Called several times per request, with short
 * pieces (a name, ": ", a value, "\r\n", ...) and finally the body in one
 * piece; `data` is valid during the call only.  A sink on a raw socket should
 * buffer (a BearSSL engine already does) or use tt_http_format_request().
 * Return TT_OK to go on; a negative code aborts the write and is returned
 * unchanged (e.g. TT_ERR_WRITE_TIMEOUT from a transport); a positive value
 * aborts with TT_ERR_CALLBACK_ABORT.
 */
typedef int (*tt_http_sink)(void *ctx, const uint8_t *data, size_t len);

/*
 * Write a request head:
 *   <method> SP <target> SP "HTTP/1.1" CRLF
 *   <headers[0].name> ": " <headers[0].value> CRLF      (in the given order)
 *   ...
 *   "Content-Length: " <content_length> CRLF
 *   CRLF
 * Content-Length is always added by the writer (also for 0), last, as the
 * AWS CLI does; the caller must not pass Content-Length or Transfer-Encoding.
 * For the MTurk call: method "POST", target "/", headers Host, Accept-Encoding,
 * X-Amz-Target, Content-Type, User-Agent, X-Amz-Date, [X-Amz-Security-Token],
 * Authorization.
 *
 * Everything is validated before the first byte goes to the sink, so an
 * invalid request writes nothing:
 *   TT_ERR_HTTP_HEADER_INJECTION  a name, value, method or target contains
 *                                 CR, LF or NUL
 *   TT_ERR_HTTP_BAD_REQUEST_HEADER  empty name or a non-token character in a
 *                                 name, another control character (except
 *                                 HTAB) in a value, or a caller-supplied
 *                                 Content-Length / Transfer-Encoding
 *   TT_ERR_HTTP_BAD_REQUEST_LINE  method empty or not a token, target empty or
 *                                 containing SP / control characters
 *   TT_ERR_INVALID_ARG            NULL sink, NULL headers with n_headers > 0,
 *                                 a NULL string with a length (checked only
 *                                 with TT_ARG_CHECKS)
 * `headers` and every string are borrowed for the call only.
 */
int tt_http_write_head(tt_str method, tt_str target, const tt_http_header *headers,
                       size_t n_headers, uint64_t content_length, tt_http_sink sink,
                       void *sink_ctx);

/* tt_http_write_head() with content_length = body_len, then the body (one
 * sink call, skipped when body_len is 0).  `body` may be NULL only when
 * body_len is 0. */
int tt_http_write_request(tt_str method, tt_str target, const tt_http_header *headers,
                          size_t n_headers, const uint8_t *body, size_t body_len,
                          tt_http_sink sink, void *sink_ctx);

/*
 * tt_http_write_request() into buf[0..cap).  On TT_OK *out_len is the request
 * length.  On TT_ERR_BUFFER_TOO_SMALL *out_len is the size needed (so
 * buf = NULL, cap = 0 is a size query) and buf holds a partial request.
 * Validation errors as for tt_http_write_head() (*out_len is then 0).
 * TT_ERR_HTTP_REQUEST_TOO_LARGE if the size does not fit a size_t.
 * No NUL terminator is written.
 */
int tt_http_format_request(uint8_t *buf, size_t cap, size_t *out_len, tt_str method,
                           tt_str target, const tt_http_header *headers, size_t n_headers,
                           const uint8_t *body, size_t body_len);

/*
 * The Host header value for a URL's host and port, as the AWS CLI sends it:
 * the host exactly as given (case kept), an IPv6 literal (any host containing
 * ':') put in brackets unless it already is, and ":<port>" only when port is
 * not the scheme default (443 when https != 0, else 80).
 * Writes a NUL-terminated string into buf[0..cap); on TT_OK *out_len is its
 * length without the NUL.  On TT_ERR_BUFFER_TOO_SMALL *out_len is the
 * capacity needed INCLUDING the NUL (buf may be NULL when cap is 0).
 * TT_ERR_HTTP_BAD_HOST: empty host, port 0, or a character that cannot appear
 * in an authority's host (control, SP, non-ASCII, '/', '?', '#', '@', '\\', or
 * brackets anywhere but around an IPv6 literal; "[...]" without a ':' inside).
 * `host` is borrowed for the call.
 */
int tt_http_format_host(char *buf, size_t cap, size_t *out_len, tt_str host, uint16_t port,
                        int https);

/*
 * The host rule of tt_http_format_host() alone (tt_client_list() checks
 * its configured host with it): 1 when `host` is an IPv6 literal that needs
 * brackets, 0 when it is usable as it is, TT_ERR_HTTP_BAD_HOST when it is
 * not a URL's host (the characters listed above), TT_ERR_INVALID_ARG for a
 * NULL ptr with a length (checked only with TT_ARG_CHECKS).  `host` is
 * borrowed for the call.
 */
int tt_http_check_hostn(const char *host, size_t len);

/* tt_http_check_hostn() of a tt_str.  (The tt_str forms are inline: a
 * struct parameter costs a stack copy on Cortex-M.) */
static inline int tt_http_check_host(tt_str host)
{
    return tt_http_check_hostn(host.ptr, host.len);
}

/*
 * Write a proxy tunnel request:
 *   "CONNECT " <host>:<port> " HTTP/1.1" CRLF
 *   "Host: " <host>:<port> CRLF
 *   ["Proxy-Authorization: " <proxy_authorization> CRLF]   (when len > 0)
 *   CRLF
 * <host> is bracketed when it is an IPv6 literal; the port is always present.
 * proxy_authorization is the full field value (e.g. "Basic dXNlcjpwYXNz"),
 * borrowed for the call.  Errors: TT_ERR_HTTP_BAD_HOST (as for
 * tt_http_format_host(), or when "host:port" with any brackets exceeds 271
 * bytes: no DNS name is that long), TT_ERR_HTTP_HEADER_INJECTION /
 * TT_ERR_HTTP_BAD_REQUEST_HEADER for the authorization value, sink errors.
 * Parse the proxy's answer with a parser on which
 * tt_http_parser_expect_connect() was called.
 */
int tt_http_write_connect(tt_str host, uint16_t port, tt_str proxy_authorization,
                          tt_http_sink sink, void *sink_ctx);

/* ------------------------------------------------------------------------
 * Response parser
 * ------------------------------------------------------------------------ */

/*
 * Callbacks; any may be NULL (skipped).  Every pointer handed to a callback
 * (reason, name, value, data) points into the parser's line buffer or the
 * caller's fed slice and is valid during the call only - copy what you keep.
 * Texts come as pointer and length (not tt_str: a struct argument costs a
 * stack copy on each side of the call on Cortex-M); they are not
 * NUL-terminated.
 * A callback returns TT_OK to go on; a negative value aborts the parse with
 * that code, a positive one with TT_ERR_CALLBACK_ABORT (sticky like any
 * error).  Callbacks must not call back into the same parser.
 *
 * on_status: the final (non-1xx) response's status code (100..999) and
 *   reason phrase (may be empty).  Interim 1xx responses (100 Continue, 103)
 *   are skipped entirely: no callbacks for them.
 * on_header: one header field, in arrival order.  `name` is as received (match
 *   it with tt_http_name_eq()); `value` has leading/trailing SP/HTAB removed
 *   and may be empty.  Every field is reported, Content-Length etc. included.
 *   Trailer fields of a chunked body are validated but NOT reported.
 * on_headers_done: after the last header, before any body byte.
 * on_body: the next `len` (> 0) body bytes, already de-chunked.  Split points
 *   depend on how the input was fed; only the concatenation is meaningful.
 */
typedef struct tt_http_callbacks {
    int (*on_status)(void *ctx, int status, const char *reason, size_t reason_len);
    int (*on_header)(void *ctx, const char *name, size_t name_len, const char *value,
                     size_t value_len);
    int (*on_headers_done)(void *ctx);
    int (*on_body)(void *ctx, const uint8_t *data, size_t len);
} tt_http_callbacks;

/* Content-Length and chunk sizes: up to 2^63-1 with TT_HTTP_LEN64 (the
 * host), else up to 2^31-1 (devices: no 64-bit arithmetic; a larger
 * Content-Length fails with TT_ERR_HTTP_LENGTH_TOO_LARGE, a larger chunk
 * with TT_ERR_HTTP_CHUNK_TOO_LARGE).  See tt_config.h. */
#if TT_HTTP_LEN64
typedef uint64_t tt_http_len;
#else
typedef uint32_t tt_http_len;
#endif

#if TT_HTTP_MAX_HEADERS > 65000
#error "TT_HTTP_MAX_HEADERS: the parser counts fields in 16 bits"
#endif

/*
 * Parser state.  Declare it anywhere (stack, static, inside another struct);
 * fields are private - use the functions below.
 */
typedef struct tt_http_parser {
    /* Everything up to `cb` is cleared by tt_http_parser_reset().  (The
     * small fields sit at short offsets: smaller code on Thumb.) */
    size_t line_len;
    tt_http_len content_length; /* the header's value plus one; 0: none */
    tt_http_len remaining;      /* body / chunk bytes still to come */
    int err;                    /* sticky error, TT_OK when none */
    uint16_t status;            /* final status, 0 before it is known */
    uint16_t n_fields;          /* header or trailer fields seen */
    uint16_t connect_below;     /* CONNECT: 300 (2xx: no body), else 0 */
    uint8_t state;
    uint8_t flags;          /* TT_HTTP_F_* in tt_http.c */
    uint8_t cr;             /* the last byte of the line was CR */
    uint8_t version_minor;  /* 0 or 1 */
    tt_http_callbacks cb;   /* copied at init */
    void *ctx;              /* borrowed, passed to callbacks */
    void *line;             /* TT_HTTP_MAX_LINE bytes from the arena */
} tt_http_parser;

/*
 * Prepare `p` for a response.  Takes TT_HTTP_PARSER_ARENA_BYTES from `a`
 * (TT_ERR_ARENA_FULL, with a->needed raised, when it does not fit); the arena
 * and `ctx` must outlive the parser.  `cb` is copied (may be NULL: no
 * callbacks).  TT_ERR_INVALID_ARG for NULL p or a (checked only with
 * TT_ARG_CHECKS).
 */
int tt_http_parser_init(tt_http_parser *p, tt_arena *a, const tt_http_callbacks *cb, void *ctx);

/*
 * The next response answers a CONNECT: a 2xx ends with its header block (no
 * body whatever the headers say; later bytes belong to the tunnel).  Applies
 * to the current response only; tt_http_parser_reset() clears it.
 */
void tt_http_parser_expect_connect(tt_http_parser *p);

/*
 * Feed data[0..len) (borrowed for the call).  *consumed (required) gets how
 * many bytes were used: all of them, or fewer when the response completed
 * inside the slice (the rest belongs to the next response on the connection)
 * or an error stopped the parse (bytes before the one where it was found: a
 * control character - any but HTAB, a bare CR or LF included - at that
 * byte, a status, header, chunk-size or trailer line malformed otherwise at
 * its CRLF).
 * Returns TT_OK (check tt_http_parser_done()) or an error, which is sticky:
 * every later feed/eof returns it with *consumed = 0 until reset/init.
 * TT_ERR_INVALID_ARG for NULL consumed/p, NULL data with len > 0, or a parser
 * that tt_http_parser_init() never set up; TT_ERR_INTERNAL if the parser
 * state is corrupt (a bug, or the struct was overwritten) (these checked
 * only with TT_ARG_CHECKS).
 * Feeding len > 0 after the response is done returns (sticky)
 * TT_ERR_HTTP_UNEXPECTED_DATA; call tt_http_parser_reset() first to parse a
 * pipelined next response.  len == 0 is a no-op.
 *
 * Errors: TT_ERR_HTTP_BAD_STATUS_LINE (not "HTTP/1.x NNN[ reason]", or 101),
 * TT_ERR_HTTP_BAD_HEADER (no colon, bad name char, space before colon,
 * control char in value, bare CR or LF), TT_ERR_HTTP_OBS_FOLD (a line
 * starting with SP/HTAB in a header block: folding is rejected),
 * TT_ERR_HTTP_LINE_TOO_LONG (status/header/trailer/chunk-size line longer than
 * TT_HTTP_MAX_LINE bytes without CRLF), TT_ERR_HTTP_TOO_MANY_HEADERS,
 * TT_ERR_HTTP_BAD_LENGTH (Content-Length empty, non-digit, or > 2^63-1),
 * TT_ERR_HTTP_LENGTH_TOO_LARGE (without TT_HTTP_LEN64: Content-Length over
 * 2^31-1),
 * TT_ERR_HTTP_LENGTH_CONFLICT (Content-Length values that disagree, or both
 * Content-Length and Transfer-Encoding), TT_ERR_HTTP_UNSUPPORTED_TE
 * (Transfer-Encoding other than a single "chunked"), TT_ERR_HTTP_BAD_CHUNK
 * (chunk-size not hex, bad extension, bad CRLF after the size),
 * TT_ERR_HTTP_CHUNK_TOO_LARGE (chunk size over 2^63-1, or 2^31-1 without
 * TT_HTTP_LEN64),
 * TT_ERR_HTTP_CHUNK_CRLF (chunk data not followed by CRLF), callback codes.
 */
int tt_http_parser_feed(tt_http_parser *p, const uint8_t *data, size_t len, size_t *consumed);

/*
 * The peer closed the connection.  Completes a body delimited by close
 * (neither Content-Length nor chunked) and returns TT_OK; TT_OK also when the
 * response was already done.  Otherwise returns (sticky)
 * TT_ERR_HTTP_NO_RESPONSE when not a single byte of the response had
 * arrived (typically a stale keep-alive connection: retry on a new one), or
 * TT_ERR_HTTP_TRUNCATED when the response stopped part-way.
 */
int tt_http_parser_eof(tt_http_parser *p);

/* 1 when a complete response (final status, headers, body) was parsed. */
int tt_http_parser_done(const tt_http_parser *p);

/* 1 when the connection may carry another request after this response:
 * done, no error, HTTP/1.1 without "Connection: close" or HTTP/1.0 with
 * "Connection: keep-alive" (and not chunked), and the body was not delimited
 * by close.  0 otherwise (also while the response is incomplete).  After a
 * 2xx answer to CONNECT it says nothing useful: the stream is now a tunnel. */
int tt_http_parser_keep_alive(const tt_http_parser *p);

/* Final status code (100..999), or 0 while not yet known. */
int tt_http_parser_status(const tt_http_parser *p);

/* HTTP minor version of the final response (0 or 1; 1.x for x > 1 counts as
 * 1), or -1 while not yet known. */
int tt_http_parser_version(const tt_http_parser *p);

/* The sticky error, or TT_OK (TT_ERR_INVALID_ARG for a NULL p: checked
 * only with TT_ARG_CHECKS, as the other getters' NULL p answers). */
int tt_http_parser_error(const tt_http_parser *p);

/* 1 and *len when the final response carried a Content-Length, else 0. */
int tt_http_parser_content_length(const tt_http_parser *p, uint64_t *len);

/* Forget the current response (and any error) to parse the next one on the
 * same connection; keeps the line buffer, callbacks and ctx.  (A parser
 * whose tt_http_parser_init() failed keeps that error: checked only with
 * TT_ARG_CHECKS; without, resetting it is the caller's bug.) */
void tt_http_parser_reset(tt_http_parser *p);

/* 1 when name[0..len) equals the C string `want` ignoring ASCII case (for
 * matching header names: tt_http_name_eq(name, "x-amzn-requestid")).
 * `want` must be in lower case (only `name` is case-folded); 0 for a NULL
 * `want`, or a NULL `name` with a length (checked only with TT_ARG_CHECKS).
 * Both borrowed for the call. */
int tt_http_name_eqn(const char *name, size_t len, const char *want);

/* tt_http_name_eqn() of a tt_str. */
static inline int tt_http_name_eq(tt_str name, const char *want)
{
    return tt_http_name_eqn(name.ptr, name.len, want);
}

#endif /* TT_HTTP_H */
