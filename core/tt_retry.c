/* tt_retry.c - retry policy helpers (see tt_retry.h). */
#include "tt_retry.h"

uint32_t tt_retry_backoff_ms(unsigned retry, uint16_t r16, uint32_t cap_ms)
{
    /* (1000 ms << k) * r16 / 65536 with k = retry - 1 (past 2^20 s every
     * value is over any sane cap: k <= 20), in 32 bits: 1000 * r16 < 2^26,
     * so shifted left by k - 16 <= 4 it still fits; exact either way. */
    unsigned k = retry > 21u ? 20u : retry - 1u;
    uint32_t d = 1000u * r16;
    if (retry == 0)
        return 0;
    d = k <= 16u ? d >> (16u - k) : d << (k - 16u);
    return d < cap_ms ? d : cap_ms;
}

/* Bit k of a mask: code -(base + k) is retryable. */
#define TT_BIT(code, base) (1u << ((unsigned)-(code) - (base)))

int tt_retry_code(int code)
{
    /* connection level (not CLOCK_UNSET, RANDOM) */
    static const unsigned conn = TT_BIT(TT_ERR_DNS, 700u) | TT_BIT(TT_ERR_CONNECT, 700u) |
                                 TT_BIT(TT_ERR_CONNECT_TIMEOUT, 700u) |
                                 TT_BIT(TT_ERR_READ_TIMEOUT, 700u) |
                                 TT_BIT(TT_ERR_WRITE_TIMEOUT, 700u) |
                                 TT_BIT(TT_ERR_CONN_RESET, 700u) | TT_BIT(TT_ERR_IO, 700u) |
                                 TT_BIT(TT_ERR_PROXY, 700u) | TT_BIT(TT_ERR_NOT_CONNECTED, 700u);
    /* TLS (the CLI retries SSL errors too; not CA_FILE, BAD_CERT, NO_TIME) */
    static const unsigned tls =
        TT_BIT(TT_ERR_TLS_UNTRUSTED, 800u) | TT_BIT(TT_ERR_TLS_BAD_HOST, 800u) |
        TT_BIT(TT_ERR_TLS_EXPIRED, 800u) | TT_BIT(TT_ERR_TLS_NOT_YET_VALID, 800u) |
        TT_BIT(TT_ERR_TLS_VERSION, 800u) | TT_BIT(TT_ERR_TLS_NO_COMMON_SUITE, 800u) |
        TT_BIT(TT_ERR_TLS_HANDSHAKE, 800u) | TT_BIT(TT_ERR_TLS_IO, 800u) |
        TT_BIT(TT_ERR_TLS_CLOSED, 800u);
    unsigned k = 0u - (unsigned)code;
    if (k - 700u < 32u)
        return (int)((conn >> (k - 700u)) & 1u);
    if (k - 800u < 32u)
        return (int)((tls >> (k - 800u)) & 1u);
    /* A response that stopped or made no sense (the HTTP parser's block,
     * except the request-side codes -407, -409..-412). */
    return k - 400u < 100u && k != 0u - (unsigned)TT_ERR_HTTP_REQUEST_TOO_LARGE &&
           (k < 0u - (unsigned)TT_ERR_HTTP_HEADER_INJECTION || k > 0u - (unsigned)TT_ERR_HTTP_BAD_HOST);
}

unsigned tt_retry_cost(int code)
{
    if (code == TT_ERR_CONNECT_TIMEOUT || code == TT_ERR_READ_TIMEOUT)
        return TT_RETRY_TIMEOUT_COST;
    return TT_RETRY_COST;
}

int tt_retry_status(int status)
{
    unsigned k = (unsigned)status - 500u;
    return k < 5u && k != 1u; /* 500, 502, 503, 504 */
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
