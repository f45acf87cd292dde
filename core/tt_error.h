/*
 * tt_error.h - every error a tinyturk function can return.
 *
 * Functions return `int`: TT_OK (0) on success or one of the negative codes
 * below.  Codes are grouped by module in blocks of 100 so a code alone tells
 * where it came from.  tt_strerror() gives a one-line English description.
 *
 * Stability: codes are never renumbered; new ones are appended to a block.
 */
#ifndef TT_ERROR_H
#define TT_ERROR_H

typedef enum tt_err {
    TT_OK = 0,

    /* --- general (-1 .. -99) --- */
    TT_ERR_INVALID_ARG = -1,      /* a NULL/out-of-range argument */
    TT_ERR_BUFFER_TOO_SMALL = -2, /* caller's output buffer too small */
    TT_ERR_CALLBACK_ABORT = -3,   /* a caller callback asked to stop */
    TT_ERR_INTERNAL = -4,         /* broken invariant (a bug) */

    /* --- arena (-100 .. -199) --- */
    TT_ERR_ARENA_FULL = -100, /* arena exhausted; tt_arena.needed says how much */

    /* --- crypto / time / body encoder (-200 .. -299) --- */
    TT_ERR_TIME_RANGE = -200,    /* instant outside 1970..9999 */
    TT_ERR_BODY_BAD_UTF8 = -201, /* request string is not valid UTF-8 */
    TT_ERR_BODY_NO_HITID = -202, /* HITId missing */

    /* --- SigV4 (-300 .. -399) --- */
    TT_ERR_SIGV4_BAD_HEADER = -300, /* header name/value unusable for signing */
    TT_ERR_SIGV4_BAD_PATH = -301,   /* path not absolute or undecodable */
    TT_ERR_SIGV4_BAD_QUERY = -302,  /* malformed query string */
    TT_ERR_SIGV4_NO_CREDENTIALS = -303,
    TT_ERR_SIGV4_TOO_MANY_HEADERS = -304,

    /* --- HTTP (-400 .. -499) --- */
    TT_ERR_HTTP_BAD_STATUS_LINE = -400,
    TT_ERR_HTTP_BAD_HEADER = -401,
    TT_ERR_HTTP_LINE_TOO_LONG = -402,  /* status/header line > TT_HTTP_MAX_LINE */
    TT_ERR_HTTP_BAD_CHUNK = -403,      /* malformed chunked encoding */
    TT_ERR_HTTP_BAD_LENGTH = -404,     /* bad or conflicting Content-Length */
    TT_ERR_HTTP_TRUNCATED = -405,      /* connection closed mid-message */
    TT_ERR_HTTP_TOO_MANY_HEADERS = -406,
    TT_ERR_HTTP_REQUEST_TOO_LARGE = -407,
    TT_ERR_HTTP_UNEXPECTED_DATA = -408, /* bytes after a complete response */

    /* --- JSON / page decoder (-500 .. -599) --- */
    TT_ERR_JSON_SYNTAX = -500,         /* body is not valid JSON */
    TT_ERR_JSON_TOO_DEEP = -501,       /* nesting > TT_JSON_MAX_DEPTH */
    TT_ERR_JSON_BAD_ESCAPE = -502,     /* invalid \\ escape or \\u sequence */
    TT_ERR_JSON_BAD_UTF8 = -503,       /* string bytes are not UTF-8 */
    TT_ERR_JSON_BAD_NUMBER = -504,     /* number unusable (e.g. timestamp) */
    TT_ERR_JSON_TYPE = -505,           /* member has the wrong JSON type */
    TT_ERR_JSON_TOKEN_TOO_LONG = -506, /* NextToken > TT_MAX_NEXT_TOKEN */
    TT_ERR_JSON_TRUNCATED = -507,      /* body ended inside the document */
    TT_ERR_JSON_TOO_MANY_TOKENS = -508,

    /* --- engine (-600 .. -699) --- */
    TT_ERR_SERVICE = -600,           /* service returned an error; see details */
    TT_ERR_REPEATED_TOKEN = -601,    /* same NextToken twice in a row */
    TT_ERR_BAD_STARTING_TOKEN = -602,
    TT_ERR_RETRIES_EXHAUSTED = -603, /* transient failures on every attempt */
    TT_ERR_CLOCK_SKEW = -604,        /* still rejected as skewed after correction */
    TT_ERR_BAD_PARAMS = -605,        /* list parameters invalid (client side) */
    TT_ERR_HTTP_STATUS = -606,       /* non-2xx with no parsable error body */

    /* --- transport / platform (-700 .. -799) --- */
    TT_ERR_DNS = -700,             /* host name did not resolve */
    TT_ERR_CONNECT = -701,         /* connection refused/unreachable */
    TT_ERR_CONNECT_TIMEOUT = -702,
    TT_ERR_READ_TIMEOUT = -703,
    TT_ERR_WRITE_TIMEOUT = -704,
    TT_ERR_CONN_RESET = -705,      /* peer reset / closed unexpectedly */
    TT_ERR_IO = -706,              /* other socket error */
    TT_ERR_CLOCK_UNSET = -707,     /* wall clock unknown */
    TT_ERR_RANDOM = -708,          /* no randomness available */
    TT_ERR_PROXY = -709,           /* proxy refused CONNECT or bad proxy URL */
    TT_ERR_NOT_CONNECTED = -710,

    /* --- TLS (-800 .. -899) --- */
    TT_ERR_TLS_UNTRUSTED = -800,    /* certificate chain not trusted */
    TT_ERR_TLS_BAD_HOST = -801,     /* certificate does not match host name */
    TT_ERR_TLS_EXPIRED = -802,      /* certificate expired or not yet valid */
    TT_ERR_TLS_HANDSHAKE = -803,    /* other handshake failure */
    TT_ERR_TLS_CA_FILE = -804,      /* CA bundle unreadable / no certificates */
    TT_ERR_TLS_IO = -805,           /* TLS record-layer failure after handshake */
    TT_ERR_TLS_CLOSED = -806        /* peer closed the TLS session */
} tt_err;

/* One-line description of `code` (a static string; never NULL). */
const char *tt_strerror(int code);

/* Symbolic name of `code`, e.g. "TT_ERR_ARENA_FULL" (static; never NULL). */
const char *tt_errname(int code);

#endif /* TT_ERROR_H */
