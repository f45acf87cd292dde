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

/* Every result code: TT_OK or a negative error, grouped by module. */
typedef enum tt_err {
    TT_OK = 0, /* success */

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
    TT_ERR_TIME_SYNTAX = -203,         /* date/time text not in an accepted form */
    TT_ERR_UTF8_INVALID = -204,        /* bytes are not strict UTF-8 */
    TT_ERR_UTF8_BAD_CODEPOINT = -205,  /* surrogate or above U+10FFFF */
    TT_ERR_BASE64_BAD_CHAR = -206,     /* character outside the base64 alphabet */
    TT_ERR_BASE64_BAD_LENGTH = -207,   /* length not a multiple of 4 */
    TT_ERR_BASE64_BAD_PADDING = -208,  /* '=' misplaced or too many */
    TT_ERR_BASE64_NONCANONICAL = -209, /* unused low bits before '=' not zero */
    TT_ERR_TOKEN_NOT_OBJECT = -210,    /* starting token is base64 JSON but not an object */
    TT_ERR_TOKEN_BAD_NEXT = -211,      /* token's NextToken is not a string or null */
    TT_ERR_TOKEN_BAD_AMOUNT = -212,    /* boto_truncate_amount not an int in int64 range */
    TT_ERR_TOKEN_UNKNOWN_KEY = -213,   /* token has another member with a non-null value */
    TT_ERR_TOKEN_UNSUPPORTED = -214,   /* boto_encoded_keys entries or a lone surrogate */
    TT_ERR_TOKEN_LEGACY_PARTS = -215,  /* legacy token with too many '___' parts */
    TT_ERR_TOKEN_TOO_DEEP = -216,      /* token JSON nested deeper than TT_TOKEN_MAX_DEPTH */
    TT_ERR_TOKEN_DISABLED = -217,      /* resume tokens compiled out (TT_RESUME_TOKENS/TT_CLI_PAGING 0) */

    /* --- SigV4 (-300 .. -399) --- */
    TT_ERR_SIGV4_BAD_HEADER = -300, /* header name/value unusable for signing */
    TT_ERR_SIGV4_BAD_PATH = -301,   /* path not absolute or has control bytes */
    TT_ERR_SIGV4_BAD_QUERY = -302,  /* query string has control bytes */
    TT_ERR_SIGV4_NO_CREDENTIALS = -303,   /* access key id or secret missing */
    TT_ERR_SIGV4_TOO_MANY_HEADERS = -304, /* more than TT_SIGV4_MAX_HEADERS */
    TT_ERR_BODY_NOT_ASCII = -305, /* request string not printable ASCII (TT_BODY_UNICODE 0) */

    /* --- HTTP (-400 .. -499) --- */
    TT_ERR_HTTP_BAD_STATUS_LINE = -400, /* response status line malformed (or 101) */
    TT_ERR_HTTP_BAD_HEADER = -401,      /* response header line malformed */
    TT_ERR_HTTP_LINE_TOO_LONG = -402,   /* status/header line > TT_HTTP_MAX_LINE */
    TT_ERR_HTTP_BAD_CHUNK = -403,       /* malformed chunk-size line */
    TT_ERR_HTTP_BAD_LENGTH = -404,      /* Content-Length empty, non-digit or too big */
    TT_ERR_HTTP_TRUNCATED = -405,       /* connection closed mid-message */
    TT_ERR_HTTP_TOO_MANY_HEADERS = -406, /* > TT_HTTP_MAX_HEADERS fields */
    TT_ERR_HTTP_REQUEST_TOO_LARGE = -407, /* request size overflows size_t */
    TT_ERR_HTTP_UNEXPECTED_DATA = -408, /* bytes after a complete response */
    TT_ERR_HTTP_HEADER_INJECTION = -409, /* CR/LF/NUL in a request header/line */
    TT_ERR_HTTP_BAD_REQUEST_HEADER = -410, /* request header name/value unusable */
    TT_ERR_HTTP_BAD_REQUEST_LINE = -411, /* request method/target unusable */
    TT_ERR_HTTP_BAD_HOST = -412,        /* host/port unusable in Host or CONNECT */
    TT_ERR_HTTP_OBS_FOLD = -413,        /* folded (obs-fold) header line */
    TT_ERR_HTTP_LENGTH_CONFLICT = -414, /* Content-Lengths differ, or CL + TE */
    TT_ERR_HTTP_CHUNK_TOO_LARGE = -415, /* chunk size > 2^63-1 */
    TT_ERR_HTTP_CHUNK_CRLF = -416,      /* chunk data not followed by CRLF */
    TT_ERR_HTTP_UNSUPPORTED_TE = -417,  /* Transfer-Encoding other than chunked */
    TT_ERR_HTTP_NO_RESPONSE = -418,     /* closed before any response byte */
    TT_ERR_HTTP_LENGTH_TOO_LARGE = -419, /* Content-Length > 2^31-1 without TT_HTTP_LEN64 */

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
    TT_ERR_JSON_DUPLICATE_KEY = -509,  /* a second Assignments array in one page */

    /* --- QuestionFormAnswers decoder, tt_qfa.h (-550 .. -599) --- */
    TT_ERR_QFA_SYNTAX = -550,          /* answer XML: malformed markup */
    TT_ERR_QFA_TRUNCATED = -551,       /* answer XML: ended inside the document */
    TT_ERR_QFA_NO_ROOT = -552,         /* answer XML: no root element (empty document) */
    TT_ERR_QFA_BAD_UTF8 = -553,        /* answer XML: bytes are not UTF-8 */
    TT_ERR_QFA_BAD_CHAR = -554,        /* answer XML: character not allowed in XML */
    TT_ERR_QFA_BAD_NAME = -555,        /* answer XML: malformed element/attribute name */
    TT_ERR_QFA_TAG_MISMATCH = -556,    /* answer XML: end tag does not match start tag */
    TT_ERR_QFA_BAD_REFERENCE = -557,   /* answer XML: '&' not starting a reference */
    TT_ERR_QFA_UNKNOWN_ENTITY = -558,  /* answer XML: entity other than lt gt amp apos quot */
    TT_ERR_QFA_BAD_CHAR_REF = -559,    /* answer XML: &#..; malformed or not an XML character */
    TT_ERR_QFA_BAD_COMMENT = -560,     /* answer XML: "--" inside a comment */
    TT_ERR_QFA_BAD_DECL = -561,        /* answer XML: bad XML declaration or not UTF-8 */
    TT_ERR_QFA_DOCTYPE = -562,         /* answer XML: DOCTYPE (not supported) */
    TT_ERR_QFA_UNBOUND_PREFIX = -563,  /* answer XML: namespace prefix not declared */
    TT_ERR_QFA_BAD_NS_DECL = -564,     /* answer XML: invalid namespace declaration */
    TT_ERR_QFA_DUP_ATTR = -565,        /* answer XML: namespace declared twice in a tag */
    TT_ERR_QFA_TRAILING = -566,        /* answer XML: content after the root element */
    TT_ERR_QFA_NOT_QFA = -567,         /* answer XML: root is not QuestionFormAnswers */
    TT_ERR_QFA_UNEXPECTED_ELEMENT = -568, /* answer XML: element not allowed there */
    TT_ERR_QFA_UNEXPECTED_TEXT = -569, /* answer XML: text outside value elements */
    TT_ERR_QFA_NO_QID = -570,          /* answer XML: Answer lacks a leading QuestionIdentifier */
    TT_ERR_QFA_DUP_QID = -571,         /* answer XML: second QuestionIdentifier in an Answer */
    TT_ERR_QFA_DUP_VALUE = -572,       /* answer XML: FreeText etc. twice in an Answer */
    TT_ERR_QFA_BAD_SIZE = -573,        /* answer XML: UploadedFileSizeInBytes not an int64 >= 0 */
    TT_ERR_QFA_VALUE_TOO_LONG = -574,  /* answer XML: value larger than the value buffer */
    TT_ERR_QFA_NAME_TOO_LONG = -575,   /* answer XML: names exceed TT_QFA_NAME_BYTES */
    TT_ERR_QFA_TOO_DEEP = -576,        /* answer XML: > TT_QFA_MAX_DEPTH / TT_QFA_MAX_NS */

    /* --- engine (-600 .. -699) --- */
    TT_ERR_SERVICE = -600,           /* service returned a JSON error; see tt_error_info */
    TT_ERR_REPEATED_TOKEN = -601,    /* same NextToken twice in a row */
    TT_ERR_BAD_STARTING_TOKEN = -602, /* starting token unusable (cause: TT_ERR_TOKEN_*) */
    TT_ERR_RETRIES_EXHAUSTED = -603, /* reserved: tt_client_list() returns the last
                                        attempt's own code + info.retries_exhausted */
    TT_ERR_CLOCK_SKEW = -604,        /* still rejected as skewed after correction */
    TT_ERR_BAD_PARAMS = -605,        /* list parameters / client config invalid */
    TT_ERR_HTTP_STATUS = -606,       /* non-2xx whose body is not JSON (code = status) */

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
    TT_ERR_TLS_EXPIRED = -802,      /* certificate expired (or dates unusable, see tt_tls.h) */
    TT_ERR_TLS_HANDSHAKE = -803,    /* other handshake failure */
    TT_ERR_TLS_CA_FILE = -804,      /* CA bundle unreadable / no certificates */
    TT_ERR_TLS_IO = -805,           /* TLS record-layer failure after handshake */
    TT_ERR_TLS_CLOSED = -806,       /* peer closed the TLS session */
    TT_ERR_TLS_BAD_CERT = -807,     /* server certificate malformed/unsupported/badly signed */
    TT_ERR_TLS_NO_TIME = -808,      /* no wall clock to check certificate dates */
    TT_ERR_TLS_NOT_YET_VALID = -809, /* certificate's notBefore is in the future */
    TT_ERR_TLS_VERSION = -810,      /* server offers only TLS < 1.2 */
    TT_ERR_TLS_NO_COMMON_SUITE = -811, /* no cipher suite in common (weak suites refused) */
    /* --- host-only code, boards/linux (-900 .. -999) --- */
    TT_ERR_HOST_NOMEM = -900,             /* out of memory (host malloc failed) */
    TT_ERR_JMESPATH_SYNTAX = -901,        /* --query: invalid JMESPath expression */
    TT_ERR_JMESPATH_ARITY = -902,         /* --query: wrong number of function arguments */
    TT_ERR_JMESPATH_TYPE = -903,          /* --query: function argument of the wrong type */
    TT_ERR_JMESPATH_VALUE = -904,         /* --query: invalid value (e.g. slice step 0) */
    TT_ERR_JMESPATH_UNKNOWN_FUNCTION = -905, /* --query: no such function */
    TT_ERR_OUT_IO = -920,                 /* writing the output or its spool failed */
    TT_ERR_OUT_ARG = -921,                /* output layer misuse or unknown format */
    TT_ERR_OUT_TIME = -922                /* timestamp outside what Python can render */
} tt_err;

/* One-line description of `code` (a static string; never NULL).  Builds
 * with TT_ERROR_TEXT 1 (tt_config.h; the device profile) give the name
 * instead, TT_ERROR_TEXT 0 "TT_ERR" ("TT_OK" for 0). */
const char *tt_strerror(int code);

/* Symbolic name of `code`, e.g. "TT_ERR_ARENA_FULL" (static; never NULL);
 * "TT_ERR" ("TT_OK" for 0) when built with TT_ERROR_TEXT 0. */
const char *tt_errname(int code);

#endif /* TT_ERROR_H */
