/*
 * tt_retry.h - the engine's retry policy (the AWS CLI's "standard" mode),
 * kept apart from tt_client.c so it can be tested on its own.
 *
 * Pure functions: no state, no OS.  Those the engine calls are inline here
 * (each has one call site: no call overhead in a firmware built without
 * LTO); tt_retry.c has the reason phrases.
 */
#ifndef TT_RETRY_H
#define TT_RETRY_H

#include "tt_base.h"
#include "tt_config.h"

/*
 * Back-off before retry number `retry` (1-based: the sleep after attempt 1
 * failed is retry 1): random(0,1) x 2^(retry-1) seconds, capped at
 * `cap_ms`, in milliseconds.  random(0,1) = r16 / 65536.  retry 0 gives 0.
 */
static inline uint32_t tt_retry_backoff_ms(unsigned retry, uint16_t r16, uint32_t cap_ms)
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

/* Bit k of a mask: code -(base + k) (a tt_err code). */
#define TT_RETRY_BIT(code, base) (1u << ((unsigned)-(code) - (base)))

/* 1 when a failure with this tt_err code (transport, TLS, or a broken HTTP
 * response: reset, timeout, truncated, no response, garbage) deserves a new
 * attempt on a new connection. */
static inline int tt_retry_code(int code)
{
    /* Bit k of mask[b - 4]: code -(b * 100 + k) is retryable. */
    static const uint32_t mask[5] = {
        /* -4xx: a response that stopped or made no sense (the HTTP
         * parser's block, except the request-side codes -407, -409..-412;
         * -432..-499 all retryable, see below) */
        ~(TT_RETRY_BIT(TT_ERR_HTTP_REQUEST_TOO_LARGE, 400u)
          | TT_RETRY_BIT(TT_ERR_HTTP_HEADER_INJECTION, 400u)
          | TT_RETRY_BIT(TT_ERR_HTTP_BAD_REQUEST_HEADER, 400u)
          | TT_RETRY_BIT(TT_ERR_HTTP_BAD_REQUEST_LINE, 400u)
          | TT_RETRY_BIT(TT_ERR_HTTP_BAD_HOST, 400u)),
        0, 0, /* -5xx, -6xx: decoder and request-side codes */
        /* -7xx: connection level (not CLOCK_UNSET, RANDOM) */
        TT_RETRY_BIT(TT_ERR_DNS, 700u) | TT_RETRY_BIT(TT_ERR_CONNECT, 700u)
            | TT_RETRY_BIT(TT_ERR_CONNECT_TIMEOUT, 700u) | TT_RETRY_BIT(TT_ERR_READ_TIMEOUT, 700u)
            | TT_RETRY_BIT(TT_ERR_WRITE_TIMEOUT, 700u) | TT_RETRY_BIT(TT_ERR_CONN_RESET, 700u)
            | TT_RETRY_BIT(TT_ERR_IO, 700u) | TT_RETRY_BIT(TT_ERR_PROXY, 700u)
            | TT_RETRY_BIT(TT_ERR_NOT_CONNECTED, 700u),
        /* -8xx: TLS (the CLI retries SSL errors too; not CA_FILE, BAD_CERT,
         * NO_TIME) */
        TT_RETRY_BIT(TT_ERR_TLS_UNTRUSTED, 800u) | TT_RETRY_BIT(TT_ERR_TLS_BAD_HOST, 800u)
            | TT_RETRY_BIT(TT_ERR_TLS_EXPIRED, 800u) | TT_RETRY_BIT(TT_ERR_TLS_NOT_YET_VALID, 800u)
            | TT_RETRY_BIT(TT_ERR_TLS_VERSION, 800u)
            | TT_RETRY_BIT(TT_ERR_TLS_NO_COMMON_SUITE, 800u)
            | TT_RETRY_BIT(TT_ERR_TLS_HANDSHAKE, 800u) | TT_RETRY_BIT(TT_ERR_TLS_IO, 800u)
            | TT_RETRY_BIT(TT_ERR_TLS_CLOSED, 800u)};
    unsigned k = 0u - (unsigned)code, b = k / 100u - 4u, i = k % 100u;
    if (b == 0u && i >= 32u)
        return 1;
    return b < 5u && i < 32u && (mask[b] >> i & 1u);
}

/* What a retry after a failure with this tt_err code takes from the retry
 * quota: TT_RETRY_TIMEOUT_COST after a connect or read timeout (botocore's
 * ConnectTimeoutError/ReadTimeoutError), else TT_RETRY_COST. */
static inline unsigned tt_retry_cost(int code)
{
    return code == TT_ERR_CONNECT_TIMEOUT || code == TT_ERR_READ_TIMEOUT ? TT_RETRY_TIMEOUT_COST
                                                                         : TT_RETRY_COST;
}

/* 1 for HTTP 500, 502, 503, 504. */
static inline int tt_retry_status(int status)
{
    unsigned k = (unsigned)status - 500u;
    return k < 5u && k != 1u;
}

/* Python's http.client.responses phrase for `status` ("Internal Server
 * Error" for 500), "" when unknown.  Static string.  Always "" when built
 * with TT_REASON_PHRASES 0 (tt_config.h; the device profile). */
const char *tt_retry_reason_phrase(int status);

#endif /* TT_RETRY_H */
