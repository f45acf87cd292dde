/*
 * tt_svcerr.h - parse an AWS JSON 1.1 error body and classify its code.
 *
 * Error bodies look like
 *   {"__type":"com.amazonaws.mturk.requester#RequestError",
 *    "Message":"...", "TurkErrorCode":"AWS.MechanicalTurk.HITDoesNotExist"}
 * The parser follows botocore's JSON error parsing:
 *   - code: the text of `__type` after its last '#' (the whole text when
 *     there is none); has_code = 0 when `__type` is missing, null or not a
 *     string (the caller then uses the HTTP status, like the CLI's "(500)");
 *   - message: `message` when present, else `Message` (botocore prefers the
 *     lower-case key whatever the order);
 *   - turk_error_code: `TurkErrorCode`;
 *   - other keys are ignored; a repeated key: the last one wins; a null or
 *     non-string value counts as absent.
 * The body is fed incrementally (no buffering of the body itself); strings
 * are unescaped (UTF-8) straight into the caller's three buffers (given to
 * tt_svcerr_init(); the client gives tt_error_info's), always
 * NUL-terminated; longer text is cut at a UTF-8 character boundary and the
 * member's bit is set in `truncated`.  Text may contain NUL bytes (from
 * \u0000): use the tt_str lengths.
 */
#ifndef TT_SVCERR_H
#define TT_SVCERR_H

#include "tt_base.h"
#include "tt_json.h"

/* Bits of tt_svcerr.truncated. */
#define TT_SVCERR_TRUNC_CODE 1u
#define TT_SVCERR_TRUNC_MESSAGE 2u
#define TT_SVCERR_TRUNC_TURK 4u

/* The parsed error.  Every tt_str points into the caller's buffer given to
 * tt_svcerr_init() (NUL-terminated there) and is valid while that buffer is
 * unchanged; absent members are {"", 0}. */
typedef struct tt_svcerr {
    tt_str code;            /* __type after its last '#' */
    tt_str message;         /* message, else Message */
    tt_str turk_error_code; /* TurkErrorCode */
    int has_code, has_message, has_turk_error_code; /* the member was present */
    unsigned truncated;     /* TT_SVCERR_TRUNC_* bits */
} tt_svcerr;

/* Incremental parser state: caller-allocated (about 100 bytes: the texts
 * go to the caller's buffers), members private. */
typedef struct tt_svcerr_parser {
    /* (The byte fields first: short offsets, 16-bit Thumb loads.) */
    uint8_t sink;           /* what the open string is for (a key we read, or the
                               key whose value it is), or nothing */
    uint8_t has;            /* bit m: member m is present (tt_svcerr.c: K_LOWER) */
    uint8_t truncated;      /* TT_SVCERR_TRUNC_*: bytes were dropped */
    int err;                /* sticky */
    tt_json_scanner js;
    char key[14];           /* the longest wanted key is 13 bytes */
    char *base;             /* the caller's buffers: base + layout->off[m] */
    const struct tt_svcerr_layout *layout;
    size_t len[4];          /* of code, message, turk, key */
} tt_svcerr_parser;

/* Where the three texts go: buffers at byte offsets off[0] (code), off[1]
 * (message), off[2] (TurkErrorCode) of one caller object, of cap[0..2]
 * bytes (NUL included; each >= 1). */
typedef struct tt_svcerr_layout {
    uint16_t off[3];
    uint16_t cap[3];
} tt_svcerr_layout;

/*
 * Start parsing one error body into the buffers `layout` places in the
 * object at `base` (the client: its tt_error_info).  `base` and `layout`
 * are borrowed until the last tt_svcerr_feed()/tt_svcerr_finish() on `p`;
 * the buffers hold their texts (or "") once tt_svcerr_finish() returned.
 * (tt_config.h's TT_SVCERR_CODE_MAX, TT_SVCERR_MESSAGE_MAX and
 * TT_SVCERR_TURK_MAX are sizes for callers without buffers of their own.)
 */
void tt_svcerr_init(tt_svcerr_parser *p, void *base, const tt_svcerr_layout *layout);

/*
 * Feed the next body bytes (borrowed for the call; any split).  Returns
 * TT_OK, or TT_ERR_JSON_SYNTAX once the body cannot be a JSON object, or
 * TT_ERR_INVALID_ARG for data NULL with len > 0 (checked only with
 * TT_ARG_CHECKS, tt_config.h; both sticky: later feeds
 * and tt_svcerr_finish return them).  Bytes fed after an error are ignored.
 */
int tt_svcerr_feed(tt_svcerr_parser *p, const void *data, size_t len);

/*
 * Body complete: fill *out (strings point into the caller's buffers).
 * Returns TT_OK when the body was one valid JSON object (even with none of
 * the keys above), else TT_ERR_JSON_SYNTAX (not JSON, empty, truncated, bad
 * escape or UTF-8, too deep, not an object) and *out and the buffers are
 * all empty - the caller then falls back to the HTTP status code and reason
 * phrase.  (TT_ERR_INVALID_ARG instead when an earlier tt_svcerr_feed got
 * NULL data.)
 */
int tt_svcerr_finish(tt_svcerr_parser *p, tt_svcerr *out);

/* What tt_svcerr_end() says of an error (bits). */
#define TT_SVCERR_RETRYABLE 1u  /* the code is throttling or transient */
#define TT_SVCERR_CLOCK_SKEW 2u /* the code (and message) say our clock is off */
#define TT_SVCERR_HAS_CODE 4u   /* __type was present (the code buffer holds it) */

/*
 * Body complete, without the tt_svcerr view: the same return value and
 * buffers as tt_svcerr_finish(), and *cls = what the error means
 * (TT_SVCERR_* bits above, from tt_svcerr_is_retryable() and
 * tt_svcerr_is_clock_skew() of the code and message; 0 when the body was
 * not JSON or had no __type).
 */
int tt_svcerr_end(tt_svcerr_parser *p, unsigned *cls);

/* One-shot form: init + feed + finish over body[0..len). */
int tt_svcerr_parse(tt_svcerr_parser *p, void *base, const tt_svcerr_layout *layout,
                    const void *body, size_t len, tt_svcerr *out);

/*
 * Classifiers over an error code (exact, case-sensitive match, as botocore
 * does: the names are compared by their 32-bit FNV-1a hashes, so only a
 * full hash collision - none among botocore's ~2 500 error codes or the
 * names one edit away from these - could classify another code).  `code`
 * is borrowed for the call; {NULL, 0} classifies as nothing.
 *   throttling: botocore standard mode's throttled list (Throttling,
 *     ThrottlingException, ThrottledException, RequestThrottledException,
 *     TooManyRequestsException, ProvisionedThroughputExceededException,
 *     TransactionInProgressException, RequestLimitExceeded,
 *     BandwidthLimitExceeded, LimitExceededException, RequestThrottled,
 *     SlowDown, PriorRequestNotComplete, EC2ThrottledException).
 *   transient: RequestTimeout, RequestTimeoutException,
 *     PriorRequestNotComplete (HTTP 500/502/503/504 are the caller's test).
 *   retryable: throttling or transient.
 */
int tt_svcerr_is_throttling(tt_str code);
int tt_svcerr_is_transient(tt_str code);
int tt_svcerr_is_retryable(tt_str code);

/*
 * Whether the error says our clock is off (the AWS SDKs' clock-skew list):
 * RequestTimeTooSkewed, RequestExpired, RequestInTheFuture and AuthFailure
 * always; InvalidSignatureException and SignatureDoesNotMatch only when the
 * message hints at time ("expired", "not yet current", "skew", "in the
 * future", case-insensitive), since those codes usually mean a wrong key.
 * The caller should still compare the server's Date header with its clock
 * before correcting.  `message` may be {NULL, 0}.
 */
int tt_svcerr_is_clock_skew(tt_str code, tt_str message);

#endif /* TT_SVCERR_H */
