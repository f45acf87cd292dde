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
    {TT_ERR_TIME_SYNTAX, "TT_ERR_TIME_SYNTAX", "date/time text not in an accepted form"},
    {TT_ERR_UTF8_INVALID, "TT_ERR_UTF8_INVALID", "bytes are not strict UTF-8"},
    {TT_ERR_UTF8_BAD_CODEPOINT, "TT_ERR_UTF8_BAD_CODEPOINT", "surrogate or above U+10FFFF"},
    {TT_ERR_BASE64_BAD_CHAR, "TT_ERR_BASE64_BAD_CHAR", "character outside the base64 alphabet"},
    {TT_ERR_BASE64_BAD_LENGTH, "TT_ERR_BASE64_BAD_LENGTH", "length not a multiple of 4"},
    {TT_ERR_BASE64_BAD_PADDING, "TT_ERR_BASE64_BAD_PADDING", "'=' misplaced or too many"},
    {TT_ERR_BASE64_NONCANONICAL, "TT_ERR_BASE64_NONCANONICAL", "unused low bits before '=' not zero"},
    {TT_ERR_TOKEN_NOT_OBJECT, "TT_ERR_TOKEN_NOT_OBJECT", "starting token is base64 JSON but not an object"},
    {TT_ERR_TOKEN_BAD_NEXT, "TT_ERR_TOKEN_BAD_NEXT", "token's NextToken is not a string or null"},
    {TT_ERR_TOKEN_BAD_AMOUNT, "TT_ERR_TOKEN_BAD_AMOUNT", "boto_truncate_amount not an int in int64 range"},
    {TT_ERR_TOKEN_UNKNOWN_KEY, "TT_ERR_TOKEN_UNKNOWN_KEY", "token has another member with a non-null value"},
    {TT_ERR_TOKEN_UNSUPPORTED, "TT_ERR_TOKEN_UNSUPPORTED", "boto_encoded_keys entries or a lone surrogate"},
    {TT_ERR_TOKEN_LEGACY_PARTS, "TT_ERR_TOKEN_LEGACY_PARTS", "legacy token with too many '___' parts"},
    {TT_ERR_TOKEN_TOO_DEEP, "TT_ERR_TOKEN_TOO_DEEP", "token JSON nested deeper than TT_TOKEN_MAX_DEPTH"},
    {TT_ERR_SIGV4_BAD_HEADER, "TT_ERR_SIGV4_BAD_HEADER", "header name/value unusable for signing"},
    {TT_ERR_SIGV4_BAD_PATH, "TT_ERR_SIGV4_BAD_PATH", "path not absolute or has control bytes"},
    {TT_ERR_SIGV4_BAD_QUERY, "TT_ERR_SIGV4_BAD_QUERY", "query string has control bytes"},
    {TT_ERR_SIGV4_NO_CREDENTIALS, "TT_ERR_SIGV4_NO_CREDENTIALS", "access key id or secret access key missing"},
    {TT_ERR_SIGV4_TOO_MANY_HEADERS, "TT_ERR_SIGV4_TOO_MANY_HEADERS", "more than TT_SIGV4_MAX_HEADERS headers to sign"},
    {TT_ERR_HTTP_BAD_STATUS_LINE, "TT_ERR_HTTP_BAD_STATUS_LINE", "response status line malformed (or 101)"},
    {TT_ERR_HTTP_BAD_HEADER, "TT_ERR_HTTP_BAD_HEADER", "response header line malformed"},
    {TT_ERR_HTTP_LINE_TOO_LONG, "TT_ERR_HTTP_LINE_TOO_LONG", "status/header line > TT_HTTP_MAX_LINE"},
    {TT_ERR_HTTP_BAD_CHUNK, "TT_ERR_HTTP_BAD_CHUNK", "malformed chunk-size line"},
    {TT_ERR_HTTP_BAD_LENGTH, "TT_ERR_HTTP_BAD_LENGTH", "Content-Length empty, non-digit or too big"},
    {TT_ERR_HTTP_TRUNCATED, "TT_ERR_HTTP_TRUNCATED", "connection closed mid-message"},
    {TT_ERR_HTTP_TOO_MANY_HEADERS, "TT_ERR_HTTP_TOO_MANY_HEADERS", "> TT_HTTP_MAX_HEADERS fields"},
    {TT_ERR_HTTP_REQUEST_TOO_LARGE, "TT_ERR_HTTP_REQUEST_TOO_LARGE", "request size overflows size_t"},
    {TT_ERR_HTTP_UNEXPECTED_DATA, "TT_ERR_HTTP_UNEXPECTED_DATA", "bytes after a complete response"},
    {TT_ERR_HTTP_HEADER_INJECTION, "TT_ERR_HTTP_HEADER_INJECTION", "CR/LF/NUL in a request header/line"},
    {TT_ERR_HTTP_BAD_REQUEST_HEADER, "TT_ERR_HTTP_BAD_REQUEST_HEADER", "request header name/value unusable"},
    {TT_ERR_HTTP_BAD_REQUEST_LINE, "TT_ERR_HTTP_BAD_REQUEST_LINE", "request method/target unusable"},
    {TT_ERR_HTTP_BAD_HOST, "TT_ERR_HTTP_BAD_HOST", "host/port unusable in Host or CONNECT"},
    {TT_ERR_HTTP_OBS_FOLD, "TT_ERR_HTTP_OBS_FOLD", "folded (obs-fold) header line"},
    {TT_ERR_HTTP_LENGTH_CONFLICT, "TT_ERR_HTTP_LENGTH_CONFLICT", "Content-Lengths differ, or CL + TE"},
    {TT_ERR_HTTP_CHUNK_TOO_LARGE, "TT_ERR_HTTP_CHUNK_TOO_LARGE", "chunk size > 2^63-1"},
    {TT_ERR_HTTP_CHUNK_CRLF, "TT_ERR_HTTP_CHUNK_CRLF", "chunk data not followed by CRLF"},
    {TT_ERR_HTTP_UNSUPPORTED_TE, "TT_ERR_HTTP_UNSUPPORTED_TE", "Transfer-Encoding other than chunked"},
    {TT_ERR_HTTP_NO_RESPONSE, "TT_ERR_HTTP_NO_RESPONSE", "closed before any response byte"},
    {TT_ERR_JSON_SYNTAX, "TT_ERR_JSON_SYNTAX", "body is not valid JSON"},
    {TT_ERR_JSON_TOO_DEEP, "TT_ERR_JSON_TOO_DEEP", "nesting > TT_JSON_MAX_DEPTH"},
    {TT_ERR_JSON_BAD_ESCAPE, "TT_ERR_JSON_BAD_ESCAPE", "invalid \\ escape or \\u sequence"},
    {TT_ERR_JSON_BAD_UTF8, "TT_ERR_JSON_BAD_UTF8", "string bytes are not UTF-8"},
    {TT_ERR_JSON_BAD_NUMBER, "TT_ERR_JSON_BAD_NUMBER", "number unusable (e.g. timestamp)"},
    {TT_ERR_JSON_TYPE, "TT_ERR_JSON_TYPE", "member has the wrong JSON type"},
    {TT_ERR_JSON_TOKEN_TOO_LONG, "TT_ERR_JSON_TOKEN_TOO_LONG", "NextToken > TT_MAX_NEXT_TOKEN"},
    {TT_ERR_JSON_TRUNCATED, "TT_ERR_JSON_TRUNCATED", "body ended inside the document"},
    {TT_ERR_JSON_TOO_MANY_TOKENS, "TT_ERR_JSON_TOO_MANY_TOKENS", "json too many tokens"},
    {TT_ERR_JSON_DUPLICATE_KEY, "TT_ERR_JSON_DUPLICATE_KEY", "a second Assignments array in one page"},
    {TT_ERR_SERVICE, "TT_ERR_SERVICE", "service returned a JSON error; see tt_error_info"},
    {TT_ERR_REPEATED_TOKEN, "TT_ERR_REPEATED_TOKEN", "same NextToken twice in a row"},
    {TT_ERR_BAD_STARTING_TOKEN, "TT_ERR_BAD_STARTING_TOKEN", "starting token unusable"},
    {TT_ERR_RETRIES_EXHAUSTED, "TT_ERR_RETRIES_EXHAUSTED", "transient failures on every attempt (reserved)"},
    {TT_ERR_CLOCK_SKEW, "TT_ERR_CLOCK_SKEW", "still rejected as skewed after correction"},
    {TT_ERR_BAD_PARAMS, "TT_ERR_BAD_PARAMS", "list parameters or client config invalid"},
    {TT_ERR_HTTP_STATUS, "TT_ERR_HTTP_STATUS", "non-2xx response whose body is not JSON"},
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
    {TT_ERR_TLS_BAD_CERT, "TT_ERR_TLS_BAD_CERT", "server certificate malformed, unsupported or badly signed"},
    {TT_ERR_TLS_NO_TIME, "TT_ERR_TLS_NO_TIME", "no wall clock to check certificate dates"},
    {TT_ERR_HOST_NOMEM, "TT_ERR_HOST_NOMEM", "out of memory (host malloc failed)"},
    {TT_ERR_JMESPATH_SYNTAX, "TT_ERR_JMESPATH_SYNTAX", "--query: invalid JMESPath expression"},
    {TT_ERR_JMESPATH_ARITY, "TT_ERR_JMESPATH_ARITY", "--query: wrong number of function arguments"},
    {TT_ERR_JMESPATH_TYPE, "TT_ERR_JMESPATH_TYPE", "--query: function argument of the wrong type"},
    {TT_ERR_JMESPATH_VALUE, "TT_ERR_JMESPATH_VALUE", "--query: invalid value (e.g. slice step 0)"},
    {TT_ERR_JMESPATH_UNKNOWN_FUNCTION, "TT_ERR_JMESPATH_UNKNOWN_FUNCTION", "--query: no such function"},
    {TT_ERR_OUT_IO, "TT_ERR_OUT_IO", "writing the output or its spool failed"},
    {TT_ERR_OUT_ARG, "TT_ERR_OUT_ARG", "output layer misuse or unknown format"},
    {TT_ERR_OUT_TIME, "TT_ERR_OUT_TIME", "timestamp outside what Python can render"},
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
