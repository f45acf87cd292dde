/*
 * tt_request.h - write the signed ListAssignmentsForHIT request.
 *
 * The engine's request always has the same shape (the AWS CLI's):
 *
 *   POST <path> HTTP/1.1
 *   Host: <host>[:<port>]            (IPv6 literal in brackets; port when not
 *                                     the scheme's default)
 *   Accept-Encoding: identity
 *   X-Amz-Target: MTurkRequesterServiceV20170117.ListAssignmentsForHIT
 *   Content-Type: application/x-amz-json-1.1
 *   User-Agent: <user_agent>
 *   X-Amz-Date: <YYYYMMDDTHHMMSSZ>    \
 *   [X-Amz-Security-Token: <token>]    > signed requests only
 *   Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=
 *     content-type;host;x-amz-date[;x-amz-security-token];x-amz-target,
 *     Signature=<hex>                  /
 *   Content-Length: <n>
 *
 *   {"HITId": ..., ...}               (tt_body.h: the same bytes as
 *                                      tt_body_encode() for valid params;
 *                                      built with TT_BODY_UNICODE 0 - the
 *                                      device profile - its strings must
 *                                      be printable ASCII, tt_config.h)
 *
 * so instead of the general parts (tt_body_encode(), tt_sigv4_sign(),
 * tt_http_write_request()) it is produced from three fixed templates by one
 * walker: the canonical request (into SHA-256), the string to sign (into the
 * HMAC) and the wire bytes (into the caller's sink).  The bytes, canonical
 * request and string to sign are those of the general parts (tests/unit/
 * test_request.c compares them); nothing is built in memory: the body is
 * walked once to hash and count it and once more onto the wire.
 *
 * The path is signed as tt_sigv4_sign() signs it: with TT_SIGV4_FULL
 * normalised and percent-encoded (tt_sigv4_hash_path(),
 * TT_ERR_SIGV4_BAD_PATH for a path it refuses); with TT_SIGV4_FULL 0 as
 * given, so it must be its own canonical form (tt_config.h), which
 * tt_client_init() checks once for the engine.
 *
 * Debug (tt_sigv4_debug_fn, only with TT_DEBUG): parts
 * TT_SIGV4_DEBUG_CANONICAL_REQUEST and TT_SIGV4_DEBUG_STRING_TO_SIGN from
 * tt_request_sign(), then from tt_request_write() the request line, the
 * header lines (CR LF line ends; Content-Length last, no blank line) and
 * the body, each part ended by a call with len 0.  The session token is
 * shown as "<redacted>"; the secret and the signing key never go there.
 */
#ifndef TT_REQUEST_H
#define TT_REQUEST_H

#include "tinyturk.h"
#include "tt_body.h"
#include "tt_http.h"
#include "tt_sigv4.h"

/* Debug parts after the signer's two (tt_sigv4.h). */
#define TT_REQUEST_DEBUG_LINE 3    /* "POST /path HTTP/1.1" CR LF */
#define TT_REQUEST_DEBUG_HEADERS 4 /* "Name: value" CR LF each */
#define TT_REQUEST_DEBUG_BODY 5    /* the JSON body */

/* One request.  The caller sets cfg, body and epoch_s; tt_request_sign()
 * fills the rest.  Plain data owned by the caller; the pointers are
 * borrowed until the last tt_request_write(). */
typedef struct tt_request {
    /* host, port, https, path (non-empty, "/..."), user_agent (non-NULL),
     * region, access_key_id (NULL = unsigned request), secret_access_key,
     * session_token (NULL or "" = none) */
    const tt_client_config *cfg;
    /* the body's members (order as tt_body.h; built without TT_CLI_PAGING -
     * the kiosk, whose client sets no other - order is ignored: always
     * AssignmentStatuses, MaxResults, NextToken) */
    const tt_body_params *body;
    int64_t epoch_s;            /* signing time (signed requests) */
    size_t body_len;            /* out: Content-Length */
    char amz_date[17];          /* out: X-Amz-Date, NUL-terminated */
    char signature[65];         /* out: lower-case hex, NUL-terminated */
} tt_request;

/*
 * Hash and measure the body, then (signed requests) sign.  Errors, in this
 * order: TT_ERR_BODY_BAD_UTF8 (a string of the body is not strict UTF-8;
 * with TT_BODY_UNICODE 0 instead TT_ERR_BODY_NOT_ASCII: a byte outside
 * 0x20..0x7E);
 * signed only: TT_ERR_SIGV4_NO_CREDENTIALS (empty key id or secret),
 * TT_ERR_SIGV4_BAD_PATH (TT_SIGV4_FULL only), TT_ERR_INVALID_ARG (empty
 * region; a control byte in the token, key id or region - with
 * TT_SIGV4_FULL 0 a space too: STS tokens are base64, so the device signs
 * the token as given where a host folds its whitespace as botocore does),
 * TT_ERR_TIME_RANGE; then for the User-Agent value
 * TT_ERR_HTTP_HEADER_INJECTION (CR or LF) or TT_ERR_HTTP_BAD_REQUEST_HEADER
 * (another control byte but HTAB).  `cache` optional (tt_sigv4.h); `debug`
 * NULL = none, `user` is passed back to it.  Uses no arena; the secret, the
 * signing key and the intermediate hashes are wiped before returning.
 */
int tt_request_sign(tt_request *rq, tt_sigv4_key_cache *cache, tt_sigv4_debug_fn debug,
                    void *user);

/*
 * Write the request signed by tt_request_sign() (which returned TT_OK):
 * head and body into `sink` (NULL = none: a debug-only walk), in pieces.
 * Returns TT_OK or the first negative code the sink returned (a positive
 * one gives TT_ERR_CALLBACK_ABORT); nothing more is written after it.
 */
int tt_request_write(const tt_request *rq, tt_http_sink sink, void *ctx,
                     tt_sigv4_debug_fn debug, void *user);

#endif /* TT_REQUEST_H */
