/* tt_error.c - names and descriptions of tt_err codes (keep in step with
 * tt_error.h; tests/unit/test_error.c checks every code has an entry). */
#include <stddef.h>

#include "tt_error.h"

struct tt_err_entry {
    int code;
    const char *name;
    const char *text;
};

static const struct tt_err_entry tt_err_table[] = {
    {TT_OK, "TT_OK", "success"},
    {TT_ERR_INVALID_ARG, "TT_ERR_INVALID_ARG", "a NULL/out-of-range argument"},
    {TT_ERR_BUFFER_TOO_SMALL, "TT_ERR_BUFFER_TOO_SMALL", "caller's output buffer too small"},
    {TT_ERR_CALLBACK_ABORT, "TT_ERR_CALLBACK_ABORT", "a caller callback asked to stop"},
    {TT_ERR_INTERNAL, "TT_ERR_INTERNAL", "broken invariant (a bug)"},
    {TT_ERR_ARENA_FULL, "TT_ERR_ARENA_FULL", "arena exhausted; tt_arena.needed says how much"},
    {TT_ERR_TIME_RANGE, "TT_ERR_TIME_RANGE", "instant outside 1970..9999"},
    {TT_ERR_BODY_BAD_UTF8, "TT_ERR_BODY_BAD_UTF8", "request string is not valid UTF-8"},
    {TT_ERR_BODY_NO_HITID, "TT_ERR_BODY_NO_HITID", "HITId missing"},
    {TT_ERR_SIGV4_BAD_HEADER, "TT_ERR_SIGV4_BAD_HEADER", "header name/value unusable for signing"},
    {TT_ERR_SIGV4_BAD_PATH, "TT_ERR_SIGV4_BAD_PATH", "path not absolute or undecodable"},
    {TT_ERR_SIGV4_BAD_QUERY, "TT_ERR_SIGV4_BAD_QUERY", "malformed query string"},
    {TT_ERR_SIGV4_NO_CREDENTIALS, "TT_ERR_SIGV4_NO_CREDENTIALS", "sigv4 no credentials"},
    {TT_ERR_SIGV4_TOO_MANY_HEADERS, "TT_ERR_SIGV4_TOO_MANY_HEADERS", "sigv4 too many headers"},
    {TT_ERR_HTTP_BAD_STATUS_LINE, "TT_ERR_HTTP_BAD_STATUS_LINE", "http bad status line"},
    {TT_ERR_HTTP_BAD_HEADER, "TT_ERR_HTTP_BAD_HEADER", "http bad header"},
    {TT_ERR_HTTP_LINE_TOO_LONG, "TT_ERR_HTTP_LINE_TOO_LONG", "status/header line > TT_HTTP_MAX_LINE"},
    {TT_ERR_HTTP_BAD_CHUNK, "TT_ERR_HTTP_BAD_CHUNK", "malformed chunked encoding"},
    {TT_ERR_HTTP_BAD_LENGTH, "TT_ERR_HTTP_BAD_LENGTH", "bad or conflicting Content-Length"},
    {TT_ERR_HTTP_TRUNCATED, "TT_ERR_HTTP_TRUNCATED", "connection closed mid-message"},
    {TT_ERR_HTTP_TOO_MANY_HEADERS, "TT_ERR_HTTP_TOO_MANY_HEADERS", "http too many headers"},
    {TT_ERR_HTTP_REQUEST_TOO_LARGE, "TT_ERR_HTTP_REQUEST_TOO_LARGE", "http request too large"},
    {TT_ERR_HTTP_UNEXPECTED_DATA, "TT_ERR_HTTP_UNEXPECTED_DATA", "bytes after a complete response"},
    {TT_ERR_JSON_SYNTAX, "TT_ERR_JSON_SYNTAX", "body is not valid JSON"},
    {TT_ERR_JSON_TOO_DEEP, "TT_ERR_JSON_TOO_DEEP", "nesting > TT_JSON_MAX_DEPTH"},
    {TT_ERR_JSON_BAD_ESCAPE, "TT_ERR_JSON_BAD_ESCAPE", "invalid \\ escape or \\u sequence"},
    {TT_ERR_JSON_BAD_UTF8, "TT_ERR_JSON_BAD_UTF8", "string bytes are not UTF-8"},
    {TT_ERR_JSON_BAD_NUMBER, "TT_ERR_JSON_BAD_NUMBER", "number unusable (e.g. timestamp)"},
    {TT_ERR_JSON_TYPE, "TT_ERR_JSON_TYPE", "member has the wrong JSON type"},
    {TT_ERR_JSON_TOKEN_TOO_LONG, "TT_ERR_JSON_TOKEN_TOO_LONG", "NextToken > TT_MAX_NEXT_TOKEN"},
    {TT_ERR_JSON_TRUNCATED, "TT_ERR_JSON_TRUNCATED", "body ended inside the document"},
    {TT_ERR_JSON_TOO_MANY_TOKENS, "TT_ERR_JSON_TOO_MANY_TOKENS", "json too many tokens"},
    {TT_ERR_SERVICE, "TT_ERR_SERVICE", "service returned an error; see details"},
    {TT_ERR_REPEATED_TOKEN, "TT_ERR_REPEATED_TOKEN", "same NextToken twice in a row"},
    {TT_ERR_BAD_STARTING_TOKEN, "TT_ERR_BAD_STARTING_TOKEN", "bad starting token"},
    {TT_ERR_RETRIES_EXHAUSTED, "TT_ERR_RETRIES_EXHAUSTED", "transient failures on every attempt"},
    {TT_ERR_CLOCK_SKEW, "TT_ERR_CLOCK_SKEW", "still rejected as skewed after correction"},
    {TT_ERR_BAD_PARAMS, "TT_ERR_BAD_PARAMS", "list parameters invalid (client side)"},
    {TT_ERR_HTTP_STATUS, "TT_ERR_HTTP_STATUS", "non-2xx with no parsable error body"},
    {TT_ERR_DNS, "TT_ERR_DNS", "host name did not resolve"},
    {TT_ERR_CONNECT, "TT_ERR_CONNECT", "connection refused/unreachable"},
    {TT_ERR_CONNECT_TIMEOUT, "TT_ERR_CONNECT_TIMEOUT", "connect timeout"},
    {TT_ERR_READ_TIMEOUT, "TT_ERR_READ_TIMEOUT", "read timeout"},
    {TT_ERR_WRITE_TIMEOUT, "TT_ERR_WRITE_TIMEOUT", "write timeout"},
    {TT_ERR_CONN_RESET, "TT_ERR_CONN_RESET", "peer reset / closed unexpectedly"},
    {TT_ERR_IO, "TT_ERR_IO", "other socket error"},
    {TT_ERR_CLOCK_UNSET, "TT_ERR_CLOCK_UNSET", "wall clock unknown"},
    {TT_ERR_RANDOM, "TT_ERR_RANDOM", "no randomness available"},
    {TT_ERR_PROXY, "TT_ERR_PROXY", "proxy refused CONNECT or bad proxy URL"},
    {TT_ERR_NOT_CONNECTED, "TT_ERR_NOT_CONNECTED", "not connected"},
    {TT_ERR_TLS_UNTRUSTED, "TT_ERR_TLS_UNTRUSTED", "certificate chain not trusted"},
    {TT_ERR_TLS_BAD_HOST, "TT_ERR_TLS_BAD_HOST", "certificate does not match host name"},
    {TT_ERR_TLS_EXPIRED, "TT_ERR_TLS_EXPIRED", "certificate expired or not yet valid"},
    {TT_ERR_TLS_HANDSHAKE, "TT_ERR_TLS_HANDSHAKE", "other handshake failure"},
    {TT_ERR_TLS_CA_FILE, "TT_ERR_TLS_CA_FILE", "CA bundle unreadable / no certificates"},
    {TT_ERR_TLS_IO, "TT_ERR_TLS_IO", "TLS record-layer failure after handshake"},
    {TT_ERR_TLS_CLOSED, "TT_ERR_TLS_CLOSED", "peer closed the TLS session"},
};

static const struct tt_err_entry *tt_err_find(int code)
{
    size_t i;
    for (i = 0; i < sizeof tt_err_table / sizeof tt_err_table[0]; i++)
        if (tt_err_table[i].code == code)
            return &tt_err_table[i];
    return 0;
}

const char *tt_strerror(int code)
{
    const struct tt_err_entry *e = tt_err_find(code);
    return e ? e->text : "unknown error";
}

const char *tt_errname(int code)
{
    const struct tt_err_entry *e = tt_err_find(code);
    return e ? e->name : "TT_ERR_UNKNOWN";
}
