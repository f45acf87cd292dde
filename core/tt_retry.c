/* tt_retry.c - retry policy helpers (see tt_retry.h). */
#include "tt_retry.h"

uint32_t tt_retry_backoff_ms(unsigned retry, uint16_t r16, uint32_t cap_ms)
{
    uint64_t span, d;
    if (retry == 0)
        return 0;
    /* 2^(retry-1) s; past 2^20 s every value is over any sane cap. */
    span = retry > 21 ? ((uint64_t)1000 << 20) : ((uint64_t)1000 << (retry - 1));
    d = (span * r16) >> 16;
    if (d > cap_ms)
        d = cap_ms;
    return (uint32_t)d;
}

int tt_retry_code(int code)
{
    switch (code) {
    /* connection level */
    case TT_ERR_CONNECT:
    case TT_ERR_CONNECT_TIMEOUT:
    case TT_ERR_READ_TIMEOUT:
    case TT_ERR_WRITE_TIMEOUT:
    case TT_ERR_CONN_RESET:
    case TT_ERR_IO:
    case TT_ERR_NOT_CONNECTED:
    case TT_ERR_DNS:
    case TT_ERR_PROXY:
    /* TLS (the CLI retries SSL errors too) */
    case TT_ERR_TLS_UNTRUSTED:
    case TT_ERR_TLS_BAD_HOST:
    case TT_ERR_TLS_EXPIRED:
    case TT_ERR_TLS_NOT_YET_VALID:
    case TT_ERR_TLS_VERSION:
    case TT_ERR_TLS_NO_COMMON_SUITE:
    case TT_ERR_TLS_HANDSHAKE:
    case TT_ERR_TLS_IO:
    case TT_ERR_TLS_CLOSED:
        return 1;
    default:
        break;
    }
    /* A response that stopped or made no sense (the HTTP parser's block,
     * except the request-side codes -407, -409..-412). */
    if (code <= TT_ERR_HTTP_BAD_STATUS_LINE && code > TT_ERR_HTTP_BAD_STATUS_LINE - 100) {
        switch (code) {
        case TT_ERR_HTTP_REQUEST_TOO_LARGE:
        case TT_ERR_HTTP_HEADER_INJECTION:
        case TT_ERR_HTTP_BAD_REQUEST_HEADER:
        case TT_ERR_HTTP_BAD_REQUEST_LINE:
        case TT_ERR_HTTP_BAD_HOST:
            return 0;
        default:
            return 1;
        }
    }
    return 0;
}

unsigned tt_retry_cost(int code)
{
    if (code == TT_ERR_CONNECT_TIMEOUT || code == TT_ERR_READ_TIMEOUT)
        return TT_RETRY_TIMEOUT_COST;
    return TT_RETRY_COST;
}

int tt_retry_status(int status)
{
    return status == 500 || status == 502 || status == 503 || status == 504;
}

#if TT_REASON_PHRASES
struct phrase {
    short status;
    const char *text;
};

/* http.HTTPStatus phrases of CPython 3.11 (what botocore reports). */
static const struct phrase phrases[] = {
    {300, "Multiple Choices"}, {301, "Moved Permanently"}, {302, "Found"},
    {303, "See Other"}, {304, "Not Modified"}, {305, "Use Proxy"},
    {307, "Temporary Redirect"}, {308, "Permanent Redirect"},
    {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"},
    {403, "Forbidden"}, {404, "Not Found"}, {405, "Method Not Allowed"},
    {406, "Not Acceptable"}, {407, "Proxy Authentication Required"},
    {408, "Request Timeout"}, {409, "Conflict"}, {410, "Gone"},
    {411, "Length Required"}, {412, "Precondition Failed"},
    {413, "Request Entity Too Large"}, {414, "Request-URI Too Long"},
    {415, "Unsupported Media Type"}, {416, "Requested Range Not Satisfiable"},
    {417, "Expectation Failed"}, {418, "I'm a Teapot"}, {421, "Misdirected Request"},
    {422, "Unprocessable Entity"}, {423, "Locked"}, {424, "Failed Dependency"},
    {425, "Too Early"}, {426, "Upgrade Required"}, {428, "Precondition Required"},
    {429, "Too Many Requests"}, {431, "Request Header Fields Too Large"},
    {451, "Unavailable For Legal Reasons"},
    {500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
    {503, "Service Unavailable"}, {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"}, {506, "Variant Also Negotiates"},
    {507, "Insufficient Storage"}, {508, "Loop Detected"}, {510, "Not Extended"},
    {511, "Network Authentication Required"},
};

const char *tt_retry_reason_phrase(int status)
{
    size_t i;
    for (i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
        if (phrases[i].status == status)
            return phrases[i].text;
    return "";
}
#else /* device profile: no table (only the CLI's messages show phrases) */
const char *tt_retry_reason_phrase(int status)
{
    (void)status;
    return "";
}
#endif
