/*
 * tt_retry.h - the engine's retry policy (the AWS CLI's "standard" mode),
 * kept apart from tt_client.c so it can be tested on its own.
 *
 * Pure functions: no state, no OS.
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
uint32_t tt_retry_backoff_ms(unsigned retry, uint16_t r16, uint32_t cap_ms);

/* 1 when a failure with this tt_err code (transport, TLS, or a broken HTTP
 * response: reset, timeout, truncated, no response, garbage) deserves a new
 * attempt on a new connection. */
int tt_retry_code(int code);

/* What a retry after a failure with this tt_err code takes from the retry
 * quota: TT_RETRY_TIMEOUT_COST after a connect or read timeout (botocore's
 * ConnectTimeoutError/ReadTimeoutError), else TT_RETRY_COST. */
unsigned tt_retry_cost(int code);

/* 1 for HTTP 500, 502, 503, 504. */
int tt_retry_status(int status);

/* Python's http.client.responses phrase for `status` ("Internal Server
 * Error" for 500), "" when unknown.  Static string.  Always "" when built
 * with TT_REASON_PHRASES 0 (tt_config.h; the device profile). */
const char *tt_retry_reason_phrase(int status);

#endif /* TT_RETRY_H */
