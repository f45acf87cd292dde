/*
 * tt_config.h - compile-time options for the tinyturk core.
 *
 * Every option has a default here; a board overrides it by defining the macro
 * on the command line or in a header named by TT_CONFIG_USER (e.g.
 * -DTT_CONFIG_USER='"kiosk_ttopts.h"'), the way lwIP's lwipopts.h overrides
 * opt.h.  Options only change limits and features, never the API.
 */
#ifndef TT_CONFIG_H
#define TT_CONFIG_H

#ifdef TT_CONFIG_USER
#include TT_CONFIG_USER
#endif

/* Longest HTTP status line or header line the response parser accepts. */
#ifndef TT_HTTP_MAX_LINE
#define TT_HTTP_MAX_LINE 1024
#endif

/* Longest NextToken kept between pages (the model allows 255). */
#ifndef TT_MAX_NEXT_TOKEN
#define TT_MAX_NEXT_TOKEN 1024
#endif

/* Deepest JSON nesting the streaming page decoder tracks. */
#ifndef TT_JSON_MAX_DEPTH
#define TT_JSON_MAX_DEPTH 32
#endif

/* Default attempts per request (the AWS CLI's standard retry mode). */
#ifndef TT_DEFAULT_MAX_ATTEMPTS
#define TT_DEFAULT_MAX_ATTEMPTS 3
#endif

/* Retry quota (the AWS CLI's standard mode): a client starts with
 * TT_RETRY_QUOTA; a retry takes TT_RETRY_COST (TT_RETRY_TIMEOUT_COST after a
 * timeout) and is not made when the quota cannot pay; a success gives back
 * what its own retry took, or TT_RETRY_REFILL, up to TT_RETRY_QUOTA.  So a
 * device that polls through a long outage stops hammering the service after
 * about TT_RETRY_QUOTA / TT_RETRY_COST retries, and recovers as calls
 * succeed.  Values are botocore's. */
#ifndef TT_RETRY_QUOTA
#define TT_RETRY_QUOTA 500
#endif
#ifndef TT_RETRY_COST
#define TT_RETRY_COST 5
#endif
#ifndef TT_RETRY_TIMEOUT_COST
#define TT_RETRY_TIMEOUT_COST 10
#endif
#ifndef TT_RETRY_REFILL
#define TT_RETRY_REFILL 1
#endif

/* SHA-256 code shape: 1 = one 8-round body in a loop (small, for -Os
 * firmware), 0 = fully unrolled rounds (fast).  Default follows -Os. */
#ifndef TT_SHA256_SMALL
#ifdef __OPTIMIZE_SIZE__
#define TT_SHA256_SMALL 1
#else
#define TT_SHA256_SMALL 0
#endif
#endif

#endif /* TT_CONFIG_H */
