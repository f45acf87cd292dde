/*
 * tt_config.h - compile-time options for the tinyturk core and ports: the one
 * place where every option and its default is.
 *
 * Every option has a default here, each inside #ifndef, so a build overrides
 * any of them the way lwIP's lwipopts.h overrides opt.h: name your own header
 * with TT_CONFIG_USER (it is included first) or define the macro on the
 * command line:
 *
 *     cc -DTT_CONFIG_USER='"kiosk_ttopts.h"' ...     kiosk_ttopts.h:
 *                                                   #define TT_MAX_NEXT_TOKEN 256
 *                                                   #define TT_CLIENT_RECV_BUF 1024
 *
 * Compile every tinyturk file (and every file that includes its headers) with
 * the same options: several public structs are sized by them.  (So the
 * installed libtinyturk.a is built with the defaults; a firmware with other
 * values builds the sources itself: tinyturk.mk, tinyturkFilePaths.cmake,
 * `make lib`.)  Options change limits, code size and defaults, never the API.
 *
 * Features are chosen by the files you compile, not by macros: TLS is
 * port/bearssl/tt_tls.c (leave it out for plain HTTP behind a TLS-terminating
 * gateway), the HTTPS proxy tunnel is port/posix/tt_proxy.c, sockets are
 * port/posix or port/lwip or your own tt_transport (core/tt_port.h).  Which
 * Assignment members are decoded is chosen at run time
 * (tt_list_params.field_mask, TT_FIELD_BIT()): masked members cost neither
 * time nor arena.
 *
 * Arena cost of the limits (see tinyturk.h "Memory"): the engine's peak is
 * about TT_CLIENT_RECV_BUF + TT_HTTP_MAX_LINE + 2 x TT_MAX_NEXT_TOKEN-ish +
 * 1 KB + the largest Assignment; with TT_MAX_NEXT_TOKEN 256 (the service
 * model's own limit) ~770 bytes less than the defaults.
 */
#ifndef TT_CONFIG_H
#define TT_CONFIG_H

#ifdef TT_CONFIG_USER
#include TT_CONFIG_USER
#endif

/* ------------------------------------------------------------------------
 * Engine limits and buffers (arena or struct sizes)
 * ---------------------------------------------------------------------- */

/* I/O buffer of tt_client_list() (arena): the request is streamed out
 * through it, then the response is read into it, TT_CLIENT_RECV_BUF bytes
 * per transport recv() call at most.  Bigger = fewer recv calls. */
#ifndef TT_CLIENT_RECV_BUF
#define TT_CLIENT_RECV_BUF 512
#endif

/* Longest HTTP status line or header line the response parser accepts
 * (arena; TT_ERR_HTTP_LINE_TOO_LONG beyond). */
#ifndef TT_HTTP_MAX_LINE
#define TT_HTTP_MAX_LINE 1024
#endif

/* Most header fields (and, separately, trailer fields) one response may
 * carry before TT_ERR_HTTP_TOO_MANY_HEADERS. */
#ifndef TT_HTTP_MAX_HEADERS
#define TT_HTTP_MAX_HEADERS 64
#endif

/* Longest NextToken kept between pages (the model allows 255; arena, twice:
 * the page decoder's copy and the next request's; TT_ERR_JSON_TOKEN_TOO_LONG
 * beyond). */
#ifndef TT_MAX_NEXT_TOKEN
#define TT_MAX_NEXT_TOKEN 1024
#endif

/* Deepest JSON nesting the streaming page decoder tracks (1 bit each;
 * TT_ERR_JSON_TOO_DEEP beyond). */
#ifndef TT_JSON_MAX_DEPTH
#define TT_JSON_MAX_DEPTH 32
#endif

/* Suggested buffer sizes, NUL included, for callers of the service-error
 * parser that bring their own buffers (tt_svcerr.h: it writes the error's
 * code (__type), message and TurkErrorCode into buffers the caller lays
 * out; longer texts are cut at a character boundary and flagged).  The
 * engine writes straight into tt_error_info, whose sizes are
 * TT_ERRINFO_*_MAX (tinyturk.h). */
#ifndef TT_SVCERR_CODE_MAX
#define TT_SVCERR_CODE_MAX 128
#endif
#ifndef TT_SVCERR_MESSAGE_MAX
#define TT_SVCERR_MESSAGE_MAX 512
#endif
#ifndef TT_SVCERR_TURK_MAX
#define TT_SVCERR_TURK_MAX 128
#endif

/* JSON nesting the starting-token decoder follows (tt_token.h; 1 bit each;
 * TT_ERR_TOKEN_TOO_DEEP beyond). */
#ifndef TT_TOKEN_MAX_DEPTH
#define TT_TOKEN_MAX_DEPTH 512
#endif

/* Most headers one request may sign (keeps the insertion sort cheap;
 * TT_ERR_SIGV4_TOO_MANY_HEADERS beyond). */
#ifndef TT_SIGV4_MAX_HEADERS
#define TT_SIGV4_MAX_HEADERS 64
#endif

/* ------------------------------------------------------------------------
 * Retry and timeout defaults (the AWS CLI's standard retry mode)
 * ---------------------------------------------------------------------- */

/* Default attempts per request (the AWS CLI's standard retry mode);
 * tt_client_config.max_attempts 0 means this. */
#ifndef TT_DEFAULT_MAX_ATTEMPTS
#define TT_DEFAULT_MAX_ATTEMPTS 3
#endif

/* Default connect and read (and send) timeouts, as the AWS CLI's: 60 s;
 * tt_client_config.connect_timeout_ms / read_timeout_ms 0 mean these. */
#ifndef TT_DEFAULT_CONNECT_TIMEOUT_MS
#define TT_DEFAULT_CONNECT_TIMEOUT_MS 60000u
#endif
#ifndef TT_DEFAULT_READ_TIMEOUT_MS
#define TT_DEFAULT_READ_TIMEOUT_MS 60000u
#endif

/* Longest back-off between two attempts (the CLI's cap: 20 s). */
#ifndef TT_RETRY_MAX_BACKOFF_MS
#define TT_RETRY_MAX_BACKOFF_MS 20000u
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

/* ------------------------------------------------------------------------
 * Code size
 * ---------------------------------------------------------------------- */

/* Device profile: 1 = the defaults of the feature switches below leave out
 * what only the host CLI needs (debug tracing, error descriptions, HTTP
 * reason phrases, botocore's every starting-token form, SigV4 generality
 * the client never uses): the core on Cortex-M4 -Os goes from 46 KB to
 * 32 KB (`make size`).  0 = everything (the host CLI and its tests).
 * Default follows -Os (every board image is built -Os, the host -O2); a
 * build sets it, or any single switch, to choose otherwise.  The API never
 * changes: a left-out feature answers with a documented error.  Checked on
 * the host by tests/integration/test_profile_small.sh (make profile-small). */
#ifndef TT_PROFILE_SMALL
#ifdef __OPTIMIZE_SIZE__
#define TT_PROFILE_SMALL 1
#else
#define TT_PROFILE_SMALL 0
#endif
#endif

/* Debug tracing of tt_client (tt_client_config.debug): 1 = compiled in;
 * 0 = every trace site compiled out, cfg.debug ignored (and no
 * TT_CLIENT_DEBUG_BUF taken from the arena). */
#ifndef TT_DEBUG
#define TT_DEBUG (!TT_PROFILE_SMALL)
#endif

/* Texts of error codes (tt_error.h): 2 = tt_errname() names and
 * tt_strerror() one-line descriptions; 1 = names only (tt_strerror() gives
 * the name too); 0 = neither (both give "TT_ERR"; print the number). */
#ifndef TT_ERROR_TEXT
#if TT_PROFILE_SMALL
#define TT_ERROR_TEXT 1
#else
#define TT_ERROR_TEXT 2
#endif
#endif

/* AWS-CLI resume tokens (tt_token.h: --starting-token, the NextToken
 * printed after --max-items, tt_list_params.starting_token / on_token /
 * on_error_token):
 *   2 = botocore's decoding decision for decision (legacy "T___K" forms,
 *       any JSON object, Python int() rules: the host CLI);
 *   1 = the same tokens written; read back are exactly the tokens it writes
 *       and raw server NextTokens (text that does not decode to a JSON
 *       object), anything else TT_ERR_TOKEN_UNSUPPORTED (device builds:
 *       1.3 KB of code instead of 3.5 KB on Cortex-M4);
 *   0 = none: pagination runs on the service's own NextToken only,
 *       max_items still stops the listing but no resume token is handed out
 *       (on_token / on_error_token get only no_paginate's raw token), a
 *       starting_token fails with TT_ERR_TOKEN_DISABLED. */
#ifndef TT_RESUME_TOKENS
#if TT_PROFILE_SMALL
#define TT_RESUME_TOKENS 1
#else
#define TT_RESUME_TOKENS 2
#endif
#endif

/* The AWS CLI's paginator emulation in tt_client_list() (tinyturk.h), what
 * only the host CLI needs: 1 = everything: tt_list_params.starting_token
 * (with TT_RESUME_TOKENS), no_paginate with its raw NextToken to on_token,
 * resume tokens after a max_items cut and after a failure (on_token,
 * on_error_token), on_page_end's full tt_page_info, botocore's message
 * texts (the repeated-token PaginationError, a 5xx whose body is empty or
 * HTML gets the reason phrase);
 * 0 = pagination on the service's NextToken only, in less code: max_items
 * still stops the listing (no token handed out), a starting_token fails
 * with TT_ERR_TOKEN_DISABLED and no_paginate with TT_ERR_BAD_PARAMS (both
 * before any request), on_token / on_error_token are never called,
 * tt_page_info has page, next_token, items_in_page, delivered and last
 * (the rest 0), a repeated NextToken is still TT_ERR_REPEATED_TOKEN (its
 * message ""), a non-JSON error body is the message as it came.  Retries,
 * exactly-once delivery, clock-skew correction, keep-alive and the error
 * details are the same in both.  Default: on, except in the device profile
 * built without resume tokens (the kiosk: TT_RESUME_TOKENS 0). */
#ifndef TT_CLI_PAGING
#define TT_CLI_PAGING (!TT_PROFILE_SMALL || TT_RESUME_TOKENS != 0)
#endif

/* HTTP reason phrases (Python's table, tt_retry_reason_phrase()), shown in
 * the CLI's messages when a response has no usable error body: 1 = the
 * table; 0 = tt_retry_reason_phrase() gives "" for every status. */
#ifndef TT_REASON_PHRASES
#define TT_REASON_PHRASES (!TT_PROFILE_SMALL)
#endif

/* SigV4 generality the client never uses (tt_sigv4.h): 1 = everything:
 * presigned URLs, query strings (decoded, re-encoded, sorted), path
 * normalisation and percent-encoding, the debug hook; 0 = what tt_client
 * signs: no query (else TT_ERR_SIGV4_BAD_QUERY), no TT_SIGV4_PRESIGN
 * (TT_ERR_INVALID_ARG), a path that is its own canonical form - segments
 * of A-Z a-z 0-9 - _ . ~, none empty, "." or ".." - else
 * TT_ERR_SIGV4_BAD_PATH (so tt_client_init() refuses a signed client's
 * tt_client_config.path needing encoding, and tt_request_sign() takes the
 * path as checked); the debug hook only with TT_DEBUG; tt_request_sign()
 * refuses a space in the session token (STS tokens are base64), key id or
 * region (TT_ERR_INVALID_ARG) instead of folding it.  Headers are canonicalised
 * (sorted, values trimmed and folded) in both; signatures are identical. */
#ifndef TT_SIGV4_FULL
#define TT_SIGV4_FULL (!TT_PROFILE_SMALL)
#endif

/* SHA-256 code shape: 1 = the schedule expanded first, one 4-round body in
 * a loop (small, for -Os firmware: 8.4 KB -> 1.3 KB on Cortex-M4, ~5 %
 * slower, still fewer instructions per byte than BearSSL's: make size),
 * 0 = fully unrolled rounds (fast).  Default follows -Os. */
#ifndef TT_SHA256_SMALL
#ifdef __OPTIMIZE_SIZE__
#define TT_SHA256_SMALL 1
#else
#define TT_SHA256_SMALL 0
#endif
#endif

/* Request strings (HITId, the statuses, NextToken; tt_request.h): 1 = any
 * strict UTF-8, escaped as json.dumps(ensure_ascii=True) does (\uXXXX,
 * surrogate pairs: the host CLI); 0 = printable ASCII only (0x20..0x7E,
 * '"' and '\\' escaped), anything else fails with TT_ERR_BODY_NOT_ASCII
 * before a byte is sent (devices: MTurk's HITIds are [A-Z0-9]+, statuses
 * enum words, NextTokens base64; no UTF-8 decoder or \u writer linked).
 * tt_body_encode() (the library's encoder) always takes UTF-8. */
#ifndef TT_BODY_UNICODE
#define TT_BODY_UNICODE (!TT_PROFILE_SMALL)
#endif

/* HTTP body lengths (tt_http.h, tt_http_len): 1 = Content-Length and chunk
 * sizes up to 2^63-1 in 64-bit arithmetic (hosts); 0 = up to 2^31-1 in
 * 32-bit arithmetic (devices: smaller code, no libgcc 64-bit division; a
 * larger Content-Length fails with TT_ERR_HTTP_LENGTH_TOO_LARGE, a larger
 * chunk with TT_ERR_HTTP_CHUNK_TOO_LARGE). */
#ifndef TT_HTTP_LEN64
#define TT_HTTP_LEN64 (!TT_PROFILE_SMALL)
#endif

/* Argument checks of the module-level APIs (TT_ARG_CHECK(), tt_base.h; in
 * the style of lwIP's LWIP_ERROR): 1 = a module function (tt_http_*,
 * tt_svcerr_*, tt_page_*, tt_time_*, tt_arena_*, tt_utf8_*, tt_sigv4_*)
 * checks its pointer arguments and its object's state (NULL
 * where a pointer is required, a parser never initialised, a corrupt state)
 * and returns the code its header documents; 0 = those checks are compiled
 * out, as in BearSSL: such a call is the caller's bug and its behaviour
 * undefined (the engine never makes one).  Validation of untrusted input
 * (responses, configuration, parameters) is never affected, and the
 * engine's public entry points (tinyturk.h: tt_client_init(),
 * tt_client_list() ...) keep their argument checks in both settings.
 * Headers mark the codes concerned "(checked only with TT_ARG_CHECKS)". */
#ifndef TT_ARG_CHECKS
#define TT_ARG_CHECKS (!TT_PROFILE_SMALL)
#endif

/* JSON scanners (tt_json.h): 1 = hot loops written out for speed (hosts:
 * key lookup by table, whole-number and punctuation runs, SSE2 string scan
 * on x86), 0 = the same results in less code.  Default follows -Os. */
#ifndef TT_JSON_FAST
#ifdef __OPTIMIZE_SIZE__
#define TT_JSON_FAST 0
#else
#define TT_JSON_FAST 1
#endif
#endif

/* Page decoder with TT_JSON_FAST 0 (tt_page.c): 1 = a run of plain string
 * bytes is taken in one step (tt_json_str_run(); about 120 bytes more code
 * on Cortex-M4), 0 = every byte through the scanner's byte path (about 120
 * instead of 50 instructions per byte; the same results).  TT_JSON_FAST 1
 * builds have their own run paths and ignore this. */
#ifndef TT_PAGE_STR_RUNS
#define TT_PAGE_STR_RUNS 0
#endif

/* Legacy starting tokens ("tok___K"): 1 = accept non-ASCII decimal digits
 * in K as Python's int() does (the AWS CLI), costing a 260-byte table;
 * 0 = ASCII digits only. */
#ifndef TT_TOKEN_UNICODE_DIGITS
#define TT_TOKEN_UNICODE_DIGITS 1
#endif

/* ------------------------------------------------------------------------
 * QuestionFormAnswers decoder (core/tt_qfa.h; struct tt_qfa and buffers)
 * ---------------------------------------------------------------------- */

/* Deepest element nesting (QuestionFormAnswers/Answer/value is 3; skipped
 * extension elements may go deeper): TT_ERR_QFA_TOO_DEEP beyond (<= 255). */
#ifndef TT_QFA_MAX_DEPTH
#define TT_QFA_MAX_DEPTH 16
#endif

/* Bytes in struct tt_qfa for the names of the open elements, the prefixes
 * declared in scope and the XML declaration: TT_ERR_QFA_NAME_TOO_LONG
 * beyond (<= 65535). */
#ifndef TT_QFA_NAME_BYTES
#define TT_QFA_NAME_BYTES 256
#endif

/* Namespace declarations in scope at once: TT_ERR_QFA_TOO_DEEP beyond
 * (<= 255). */
#ifndef TT_QFA_MAX_NS
#define TT_QFA_MAX_NS 8
#endif

/* tt_qfa_decode(): its value buffer from the arena is min(document length,
 * TT_QFA_MAX_VALUE) bytes; a decoded value (+ its QuestionIdentifier)
 * longer than that is TT_ERR_QFA_VALUE_TOO_LONG. */
#ifndef TT_QFA_MAX_VALUE
#define TT_QFA_MAX_VALUE 65536
#endif

/* ------------------------------------------------------------------------
 * Ports
 * ---------------------------------------------------------------------- */

/* port/posix/tt_proxy.c: longest CONNECT reply head accepted from a proxy
 * (TT_ERR_PROXY beyond). */
#ifndef TT_PROXY_MAX_HEAD
#define TT_PROXY_MAX_HEAD 8192
#endif

#endif /* TT_CONFIG_H */
