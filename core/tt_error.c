/* tt_error.c - names and descriptions of tt_err codes (keep in step with
 * tt_error.h; tests/unit/test_error.c checks every code has an entry). */
#include <stddef.h>

#include "tt_config.h"
#include "tt_error.h"

#if TT_ERROR_TEXT >= 1
/* Rows are TT_E(code, name, text): TT_ERROR_TEXT (tt_config.h) chooses what
 * is compiled in (devices keep the names only, or nothing). */
struct tt_err_entry {
    int code;
    const char *name;
#if TT_ERROR_TEXT >= 2
    const char *text;
#endif
};
#if TT_ERROR_TEXT >= 2
#define TT_E(code, name, text) {code, name, text}
#else
#define TT_E(code, name, text) {code, name}
#endif

static const struct tt_err_entry tt_err_table[] = {
    TT_E(TT_OK, "TT_OK", "success"),
    TT_E(TT_ERR_INVALID_ARG, "TT_ERR_INVALID_ARG", "a NULL/out-of-range argument"),
    TT_E(TT_ERR_BUFFER_TOO_SMALL, "TT_ERR_BUFFER_TOO_SMALL", "caller's output buffer too small"),
    TT_E(TT_ERR_CALLBACK_ABORT, "TT_ERR_CALLBACK_ABORT", "a caller callback asked to stop"),
    TT_E(TT_ERR_INTERNAL, "TT_ERR_INTERNAL", "broken invariant (a bug)"),
    TT_E(TT_ERR_ARENA_FULL, "TT_ERR_ARENA_FULL", "arena exhausted; tt_arena.needed says how much"),
    TT_E(TT_ERR_TIME_RANGE, "TT_ERR_TIME_RANGE", "instant outside 1970..9999"),
    TT_E(TT_ERR_BODY_BAD_UTF8, "TT_ERR_BODY_BAD_UTF8", "request string is not valid UTF-8"),
    TT_E(TT_ERR_BODY_NO_HITID, "TT_ERR_BODY_NO_HITID", "HITId missing"),
    TT_E(TT_ERR_TIME_SYNTAX, "TT_ERR_TIME_SYNTAX", "date/time text not in an accepted form"),
    TT_E(TT_ERR_UTF8_INVALID, "TT_ERR_UTF8_INVALID", "bytes are not strict UTF-8"),
    TT_E(TT_ERR_UTF8_BAD_CODEPOINT, "TT_ERR_UTF8_BAD_CODEPOINT", "surrogate or above U+10FFFF"),
    TT_E(TT_ERR_BASE64_BAD_CHAR, "TT_ERR_BASE64_BAD_CHAR", "character outside the base64 alphabet"),
    TT_E(TT_ERR_BASE64_BAD_LENGTH, "TT_ERR_BASE64_BAD_LENGTH", "length not a multiple of 4"),
    TT_E(TT_ERR_BASE64_BAD_PADDING, "TT_ERR_BASE64_BAD_PADDING", "'=' misplaced or too many"),
    TT_E(TT_ERR_BASE64_NONCANONICAL, "TT_ERR_BASE64_NONCANONICAL", "unused low bits before '=' not zero"),
    TT_E(TT_ERR_TOKEN_NOT_OBJECT, "TT_ERR_TOKEN_NOT_OBJECT", "starting token is base64 JSON but not an object"),
    TT_E(TT_ERR_TOKEN_BAD_NEXT, "TT_ERR_TOKEN_BAD_NEXT", "token's NextToken is not a string or null"),
    TT_E(TT_ERR_TOKEN_BAD_AMOUNT, "TT_ERR_TOKEN_BAD_AMOUNT", "boto_truncate_amount not an int in int64 range"),
    TT_E(TT_ERR_TOKEN_UNKNOWN_KEY, "TT_ERR_TOKEN_UNKNOWN_KEY", "token has another member with a non-null value"),
    TT_E(TT_ERR_TOKEN_UNSUPPORTED, "TT_ERR_TOKEN_UNSUPPORTED", "boto_encoded_keys entries or a lone surrogate"),
    TT_E(TT_ERR_TOKEN_LEGACY_PARTS, "TT_ERR_TOKEN_LEGACY_PARTS", "legacy token with too many '___' parts"),
    TT_E(TT_ERR_TOKEN_TOO_DEEP, "TT_ERR_TOKEN_TOO_DEEP", "token JSON nested deeper than TT_TOKEN_MAX_DEPTH"),
    TT_E(TT_ERR_TOKEN_DISABLED, "TT_ERR_TOKEN_DISABLED", "resume tokens not compiled in (TT_RESUME_TOKENS/TT_CLI_PAGING 0)"),
    TT_E(TT_ERR_SIGV4_BAD_HEADER, "TT_ERR_SIGV4_BAD_HEADER", "header name/value unusable for signing"),
    TT_E(TT_ERR_SIGV4_BAD_PATH, "TT_ERR_SIGV4_BAD_PATH", "path not absolute or has control bytes"),
    TT_E(TT_ERR_SIGV4_BAD_QUERY, "TT_ERR_SIGV4_BAD_QUERY", "query string has control bytes"),
    TT_E(TT_ERR_SIGV4_NO_CREDENTIALS, "TT_ERR_SIGV4_NO_CREDENTIALS", "access key id or secret access key missing"),
    TT_E(TT_ERR_SIGV4_TOO_MANY_HEADERS, "TT_ERR_SIGV4_TOO_MANY_HEADERS", "more than TT_SIGV4_MAX_HEADERS headers to sign"),
    TT_E(TT_ERR_BODY_NOT_ASCII, "TT_ERR_BODY_NOT_ASCII", "request string is not printable ASCII (device build, TT_BODY_UNICODE 0)"),
    TT_E(TT_ERR_HTTP_BAD_STATUS_LINE, "TT_ERR_HTTP_BAD_STATUS_LINE", "response status line malformed (or 101)"),
    TT_E(TT_ERR_HTTP_BAD_HEADER, "TT_ERR_HTTP_BAD_HEADER", "response header line malformed"),
    TT_E(TT_ERR_HTTP_LINE_TOO_LONG, "TT_ERR_HTTP_LINE_TOO_LONG", "status/header line > TT_HTTP_MAX_LINE"),
    TT_E(TT_ERR_HTTP_BAD_CHUNK, "TT_ERR_HTTP_BAD_CHUNK", "malformed chunk-size line"),
    TT_E(TT_ERR_HTTP_BAD_LENGTH, "TT_ERR_HTTP_BAD_LENGTH", "Content-Length empty, non-digit or too big"),
    TT_E(TT_ERR_HTTP_TRUNCATED, "TT_ERR_HTTP_TRUNCATED", "connection closed mid-message"),
    TT_E(TT_ERR_HTTP_TOO_MANY_HEADERS, "TT_ERR_HTTP_TOO_MANY_HEADERS", "> TT_HTTP_MAX_HEADERS fields"),
    TT_E(TT_ERR_HTTP_REQUEST_TOO_LARGE, "TT_ERR_HTTP_REQUEST_TOO_LARGE", "request size overflows size_t"),
    TT_E(TT_ERR_HTTP_UNEXPECTED_DATA, "TT_ERR_HTTP_UNEXPECTED_DATA", "bytes after a complete response"),
    TT_E(TT_ERR_HTTP_HEADER_INJECTION, "TT_ERR_HTTP_HEADER_INJECTION", "CR/LF/NUL in a request header/line"),
    TT_E(TT_ERR_HTTP_BAD_REQUEST_HEADER, "TT_ERR_HTTP_BAD_REQUEST_HEADER", "request header name/value unusable"),
    TT_E(TT_ERR_HTTP_BAD_REQUEST_LINE, "TT_ERR_HTTP_BAD_REQUEST_LINE", "request method/target unusable"),
    TT_E(TT_ERR_HTTP_BAD_HOST, "TT_ERR_HTTP_BAD_HOST", "host/port unusable in Host or CONNECT"),
    TT_E(TT_ERR_HTTP_OBS_FOLD, "TT_ERR_HTTP_OBS_FOLD", "folded (obs-fold) header line"),
    TT_E(TT_ERR_HTTP_LENGTH_CONFLICT, "TT_ERR_HTTP_LENGTH_CONFLICT", "Content-Lengths differ, or CL + TE"),
    TT_E(TT_ERR_HTTP_CHUNK_TOO_LARGE, "TT_ERR_HTTP_CHUNK_TOO_LARGE", "chunk size > 2^63-1"),
    TT_E(TT_ERR_HTTP_CHUNK_CRLF, "TT_ERR_HTTP_CHUNK_CRLF", "chunk data not followed by CRLF"),
    TT_E(TT_ERR_HTTP_UNSUPPORTED_TE, "TT_ERR_HTTP_UNSUPPORTED_TE", "Transfer-Encoding other than chunked"),
    TT_E(TT_ERR_HTTP_NO_RESPONSE, "TT_ERR_HTTP_NO_RESPONSE", "closed before any response byte"),
    TT_E(TT_ERR_HTTP_LENGTH_TOO_LARGE, "TT_ERR_HTTP_LENGTH_TOO_LARGE", "Content-Length > 2^31-1 without TT_HTTP_LEN64"),
    TT_E(TT_ERR_JSON_SYNTAX, "TT_ERR_JSON_SYNTAX", "body is not valid JSON"),
    TT_E(TT_ERR_JSON_TOO_DEEP, "TT_ERR_JSON_TOO_DEEP", "nesting > TT_JSON_MAX_DEPTH"),
    TT_E(TT_ERR_JSON_BAD_ESCAPE, "TT_ERR_JSON_BAD_ESCAPE", "invalid \\ escape or \\u sequence"),
    TT_E(TT_ERR_JSON_BAD_UTF8, "TT_ERR_JSON_BAD_UTF8", "string bytes are not UTF-8"),
    TT_E(TT_ERR_JSON_BAD_NUMBER, "TT_ERR_JSON_BAD_NUMBER", "number unusable (e.g. timestamp)"),
    TT_E(TT_ERR_JSON_TYPE, "TT_ERR_JSON_TYPE", "member has the wrong JSON type"),
    TT_E(TT_ERR_JSON_TOKEN_TOO_LONG, "TT_ERR_JSON_TOKEN_TOO_LONG", "NextToken > TT_MAX_NEXT_TOKEN"),
    TT_E(TT_ERR_JSON_TRUNCATED, "TT_ERR_JSON_TRUNCATED", "body ended inside the document"),
    TT_E(TT_ERR_JSON_TOO_MANY_TOKENS, "TT_ERR_JSON_TOO_MANY_TOKENS", "json too many tokens"),
    TT_E(TT_ERR_JSON_DUPLICATE_KEY, "TT_ERR_JSON_DUPLICATE_KEY", "a second Assignments array in one page"),
    TT_E(TT_ERR_QFA_SYNTAX, "TT_ERR_QFA_SYNTAX", "answer XML: malformed markup"),
    TT_E(TT_ERR_QFA_TRUNCATED, "TT_ERR_QFA_TRUNCATED", "answer XML: ended inside the document"),
    TT_E(TT_ERR_QFA_NO_ROOT, "TT_ERR_QFA_NO_ROOT", "answer XML: no root element (empty document)"),
    TT_E(TT_ERR_QFA_BAD_UTF8, "TT_ERR_QFA_BAD_UTF8", "answer XML: bytes are not UTF-8"),
    TT_E(TT_ERR_QFA_BAD_CHAR, "TT_ERR_QFA_BAD_CHAR", "answer XML: character not allowed in XML"),
    TT_E(TT_ERR_QFA_BAD_NAME, "TT_ERR_QFA_BAD_NAME", "answer XML: malformed element or attribute name"),
    TT_E(TT_ERR_QFA_TAG_MISMATCH, "TT_ERR_QFA_TAG_MISMATCH", "answer XML: end tag does not match start tag"),
    TT_E(TT_ERR_QFA_BAD_REFERENCE, "TT_ERR_QFA_BAD_REFERENCE", "answer XML: '&' not starting a reference"),
    TT_E(TT_ERR_QFA_UNKNOWN_ENTITY, "TT_ERR_QFA_UNKNOWN_ENTITY", "answer XML: entity other than lt gt amp apos quot"),
    TT_E(TT_ERR_QFA_BAD_CHAR_REF, "TT_ERR_QFA_BAD_CHAR_REF", "answer XML: character reference malformed or not an XML character"),
    TT_E(TT_ERR_QFA_BAD_COMMENT, "TT_ERR_QFA_BAD_COMMENT", "answer XML: \"--\" inside a comment"),
    TT_E(TT_ERR_QFA_BAD_DECL, "TT_ERR_QFA_BAD_DECL", "answer XML: bad XML declaration or encoding not UTF-8"),
    TT_E(TT_ERR_QFA_DOCTYPE, "TT_ERR_QFA_DOCTYPE", "answer XML: DOCTYPE not supported"),
    TT_E(TT_ERR_QFA_UNBOUND_PREFIX, "TT_ERR_QFA_UNBOUND_PREFIX", "answer XML: namespace prefix not declared"),
    TT_E(TT_ERR_QFA_BAD_NS_DECL, "TT_ERR_QFA_BAD_NS_DECL", "answer XML: invalid namespace declaration"),
    TT_E(TT_ERR_QFA_DUP_ATTR, "TT_ERR_QFA_DUP_ATTR", "answer XML: namespace declared twice in one tag"),
    TT_E(TT_ERR_QFA_TRAILING, "TT_ERR_QFA_TRAILING", "answer XML: content after the root element"),
    TT_E(TT_ERR_QFA_NOT_QFA, "TT_ERR_QFA_NOT_QFA", "answer XML: root element is not QuestionFormAnswers"),
    TT_E(TT_ERR_QFA_UNEXPECTED_ELEMENT, "TT_ERR_QFA_UNEXPECTED_ELEMENT", "answer XML: element not allowed there"),
    TT_E(TT_ERR_QFA_UNEXPECTED_TEXT, "TT_ERR_QFA_UNEXPECTED_TEXT", "answer XML: text outside value elements"),
    TT_E(TT_ERR_QFA_NO_QID, "TT_ERR_QFA_NO_QID", "answer XML: Answer lacks a leading QuestionIdentifier"),
    TT_E(TT_ERR_QFA_DUP_QID, "TT_ERR_QFA_DUP_QID", "answer XML: second QuestionIdentifier in an Answer"),
    TT_E(TT_ERR_QFA_DUP_VALUE, "TT_ERR_QFA_DUP_VALUE", "answer XML: FreeText, OtherSelectionText or file element twice in an Answer"),
    TT_E(TT_ERR_QFA_BAD_SIZE, "TT_ERR_QFA_BAD_SIZE", "answer XML: UploadedFileSizeInBytes not an integer 0..2^63-1"),
    TT_E(TT_ERR_QFA_VALUE_TOO_LONG, "TT_ERR_QFA_VALUE_TOO_LONG", "answer XML: value larger than the value buffer"),
    TT_E(TT_ERR_QFA_NAME_TOO_LONG, "TT_ERR_QFA_NAME_TOO_LONG", "answer XML: names exceed TT_QFA_NAME_BYTES"),
    TT_E(TT_ERR_QFA_TOO_DEEP, "TT_ERR_QFA_TOO_DEEP", "answer XML: nesting or namespace declarations beyond the limits"),
    TT_E(TT_ERR_SERVICE, "TT_ERR_SERVICE", "service returned a JSON error; see tt_error_info"),
    TT_E(TT_ERR_REPEATED_TOKEN, "TT_ERR_REPEATED_TOKEN", "same NextToken twice in a row"),
    TT_E(TT_ERR_BAD_STARTING_TOKEN, "TT_ERR_BAD_STARTING_TOKEN", "starting token unusable"),
    TT_E(TT_ERR_RETRIES_EXHAUSTED, "TT_ERR_RETRIES_EXHAUSTED", "transient failures on every attempt (reserved)"),
    TT_E(TT_ERR_CLOCK_SKEW, "TT_ERR_CLOCK_SKEW", "still rejected as skewed after correction"),
    TT_E(TT_ERR_BAD_PARAMS, "TT_ERR_BAD_PARAMS", "list parameters or client config invalid"),
    TT_E(TT_ERR_HTTP_STATUS, "TT_ERR_HTTP_STATUS", "non-2xx response whose body is not JSON"),
    TT_E(TT_ERR_DNS, "TT_ERR_DNS", "host name did not resolve"),
    TT_E(TT_ERR_CONNECT, "TT_ERR_CONNECT", "connection refused/unreachable"),
    TT_E(TT_ERR_CONNECT_TIMEOUT, "TT_ERR_CONNECT_TIMEOUT", "connect timeout"),
    TT_E(TT_ERR_READ_TIMEOUT, "TT_ERR_READ_TIMEOUT", "read timeout"),
    TT_E(TT_ERR_WRITE_TIMEOUT, "TT_ERR_WRITE_TIMEOUT", "write timeout"),
    TT_E(TT_ERR_CONN_RESET, "TT_ERR_CONN_RESET", "peer reset / closed unexpectedly"),
    TT_E(TT_ERR_IO, "TT_ERR_IO", "other socket error"),
    TT_E(TT_ERR_CLOCK_UNSET, "TT_ERR_CLOCK_UNSET", "wall clock unknown"),
    TT_E(TT_ERR_RANDOM, "TT_ERR_RANDOM", "no randomness available"),
    TT_E(TT_ERR_PROXY, "TT_ERR_PROXY", "proxy refused CONNECT or bad proxy URL"),
    TT_E(TT_ERR_NOT_CONNECTED, "TT_ERR_NOT_CONNECTED", "not connected"),
    TT_E(TT_ERR_TLS_UNTRUSTED, "TT_ERR_TLS_UNTRUSTED", "certificate chain not trusted"),
    TT_E(TT_ERR_TLS_BAD_HOST, "TT_ERR_TLS_BAD_HOST", "certificate does not match host name"),
    TT_E(TT_ERR_TLS_EXPIRED, "TT_ERR_TLS_EXPIRED", "certificate expired"),
    TT_E(TT_ERR_TLS_HANDSHAKE, "TT_ERR_TLS_HANDSHAKE", "other handshake failure"),
    TT_E(TT_ERR_TLS_CA_FILE, "TT_ERR_TLS_CA_FILE", "CA bundle unreadable / no certificates"),
    TT_E(TT_ERR_TLS_IO, "TT_ERR_TLS_IO", "TLS record-layer failure after handshake"),
    TT_E(TT_ERR_TLS_CLOSED, "TT_ERR_TLS_CLOSED", "peer closed the TLS session"),
    TT_E(TT_ERR_TLS_BAD_CERT, "TT_ERR_TLS_BAD_CERT", "server certificate malformed, unsupported or badly signed"),
    TT_E(TT_ERR_TLS_NO_TIME, "TT_ERR_TLS_NO_TIME", "no wall clock to check certificate dates"),
    TT_E(TT_ERR_TLS_NOT_YET_VALID, "TT_ERR_TLS_NOT_YET_VALID", "certificate not yet valid"),
    TT_E(TT_ERR_TLS_VERSION, "TT_ERR_TLS_VERSION", "server offers only TLS versions below 1.2"),
    TT_E(TT_ERR_TLS_NO_COMMON_SUITE, "TT_ERR_TLS_NO_COMMON_SUITE",
     "no cipher suite in common (only ECDHE with AES-GCM or ChaCha20-Poly1305 accepted)"),
#if !TT_PROFILE_SMALL /* the host block: codes only boards/linux returns */
    TT_E(TT_ERR_HOST_NOMEM, "TT_ERR_HOST_NOMEM", "out of memory (host malloc failed)"),
    TT_E(TT_ERR_JMESPATH_SYNTAX, "TT_ERR_JMESPATH_SYNTAX", "--query: invalid JMESPath expression"),
    TT_E(TT_ERR_JMESPATH_ARITY, "TT_ERR_JMESPATH_ARITY", "--query: wrong number of function arguments"),
    TT_E(TT_ERR_JMESPATH_TYPE, "TT_ERR_JMESPATH_TYPE", "--query: function argument of the wrong type"),
    TT_E(TT_ERR_JMESPATH_VALUE, "TT_ERR_JMESPATH_VALUE", "--query: invalid value (e.g. slice step 0)"),
    TT_E(TT_ERR_JMESPATH_UNKNOWN_FUNCTION, "TT_ERR_JMESPATH_UNKNOWN_FUNCTION", "--query: no such function"),
    TT_E(TT_ERR_OUT_IO, "TT_ERR_OUT_IO", "writing the output or its spool failed"),
    TT_E(TT_ERR_OUT_ARG, "TT_ERR_OUT_ARG", "output layer misuse or unknown format"),
    TT_E(TT_ERR_OUT_TIME, "TT_ERR_OUT_TIME", "timestamp outside what Python can render"),
#endif
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
#if TT_ERROR_TEXT >= 2
    return e ? e->text : "unknown error";
#else
    return e ? e->name : "TT_ERR_UNKNOWN";
#endif
}

const char *tt_errname(int code)
{
    const struct tt_err_entry *e = tt_err_find(code);
    return e ? e->name : "TT_ERR_UNKNOWN";
}
#else /* TT_ERROR_TEXT 0: no texts; callers print the number */
const char *tt_strerror(int code)
{
    return code == TT_OK ? "TT_OK" : "TT_ERR";
}

const char *tt_errname(int code)
{
    return code == TT_OK ? "TT_OK" : "TT_ERR";
}
#endif
