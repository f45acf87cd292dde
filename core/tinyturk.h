/*
 * tinyturk.h - the tinyturk public API: list every Assignment of an MTurk HIT.
 *
 * A device calls tt_client_list() once and receives every assignment of a
 * HIT, page after page, over whatever byte stream the caller supplied (plain
 * TCP, TLS, a proxy tunnel), in a fixed amount of memory it supplied, with
 * nothing lost or delivered twice when the network misbehaves.  The requests
 * are the AWS CLI's (`aws mturk list-assignments-for-hit`) byte for byte
 * (apart from User-Agent), pagination follows the CLI's --page-size /
 * --max-items / --starting-token / --no-paginate semantics, and the tokens it
 * prints and accepts are interchangeable with the CLI's.
 *
 * No OS, no allocator, no stdio: memory comes from the caller's arena, the
 * network from a tt_transport, time/sleep/randomness from a tt_platform
 * (tt_port.h).  Not thread-safe: one client per thread (clients sharing
 * nothing are independent).
 *
 * Typical use:
 *
 *     static unsigned char mem[8192];
 *     tt_arena arena;  tt_client client;  tt_client_config cfg;
 *     tt_arena_init(&arena, mem, sizeof mem);
 *     tt_client_config_defaults(&cfg);
 *     cfg.transport = &tls;  cfg.platform = &plat;
 *     cfg.host = "mturk-requester.us-east-1.amazonaws.com";  cfg.port = 443;
 *     cfg.https = 1;  cfg.region = "us-east-1";
 *     cfg.access_key_id = akid;  cfg.secret_access_key = secret;
 *     tt_client_init(&client, &cfg);
 *     tt_list_params lp;  tt_list_params_defaults(&lp);
 *     lp.hit_id = tt_str_c("3XHIT...");  lp.on_assignment = print_one;
 *     rc = tt_client_list(&client, &arena, &lp, &result);
 *     if (rc != TT_OK) { const tt_error_info *e = tt_client_error(&client); ... }
 *
 * ---------------------------------------------------------------------------
 * Memory.  tt_client_list() takes all its working memory from the arena it
 * is given and gives it all back before returning (the arena's `used` is
 * restored; `high_water` shows the peak).  The working set does not depend
 * on the page size or the number of assignments:
 *
 *     peak = F + T + max(R, D + A)
 *
 *   F  fixed state: the engine's run state (~0.3 KB incl. the HTTP parser
 *      struct), the I/O buffer (TT_CLIENT_RECV_BUF or cfg.io_buf, request out and
 *      response in), the Host value, the HTTP parser's line buffer
 *      (TT_HTTP_MAX_LINE), and TT_CLIENT_DEBUG_BUF (256) only with a debug
 *      sink;
 *   T  the NextToken that fetched the current page, at its own length
 *      (the model allows 255; at most TT_MAX_NEXT_TOKEN);
 *   R  the request phase: the JSON body (~40 B + HITId + statuses + T) plus
 *      the signer's scratch (~0.2 KB), released once the request is sent;
 *   D  the response phase: the page decoder (sizeof(tt_page_decoder), about
 *      TT_MAX_NEXT_TOKEN + 0.4 KB) or, for an error answer, the
 *      service-error parser (sizeof(tt_svcerr_parser), ~0.1 KB: it writes
 *      straight into tt_error_info) and the error body's first
 *      TT_ERRINFO_MESSAGE_MAX - 1 bytes (the message when it is not JSON);
 *   A  the largest Assignment as decoded (its unmasked strings unescaped
 *      plus its timestamps' number text; masked members cost nothing).
 *
 * With the default tt_config.h (x86-64) F + D is about 3.3 KB, so a listing
 * needs about 3.4 KB + the largest Assignment (measured by
 * bench/bench_engine.sh: ~3.4 KB for tiny assignments, ~4.1 KB with ~100 B
 * answers, ~4.6 KB with ~1 KB answers, ~11.6 KB with ~8 KB answers -
 * whether pages hold 1, 10 or 100 of them).  With -DTT_MAX_NEXT_TOKEN=256
 * (the model's limit) it is ~770 B less.  tt_client_arena_estimate() gives
 * F + T + max(R, D) for given params (T counted as 255 unless the starting
 * token is longer).
 * When the arena is too small the call fails with TT_ERR_ARENA_FULL - before
 * any request when F + T + max(R, D) does not fit, or while decoding an
 * Assignment larger than what is left - and tt_error_info.arena_needed (and
 * arena->needed) hold a capacity that is enough for what was attempted
 * (exact for an oversized Assignment; a later, larger one may need more).
 * TLS buffers belong to the TLS transport and are not counted here.
 *
 * ---------------------------------------------------------------------------
 * Retries (the AWS CLI's "standard" mode).  Each request gets up to
 * `max_attempts` attempts (default 3).  Retried: HTTP 500/502/503/504,
 * throttling and transient error codes (tt_svcerr.h), connection failures
 * (connect, reset, early close, timeouts), TLS failures, truncated responses.
 * Not retried: other service errors, a 200 whose body is not valid JSON,
 * callback aborts, arena exhaustion.  Before retry i (1-based) the client
 * sleeps random(0,1) * 2^(i-1) seconds, capped at 20 s (random from the
 * platform, 16 bits of resolution - 0.5 when platform->random fails; sleep
 * through platform->sleep_ms).  A failing request returns the last
 * attempt's own code (e.g. TT_ERR_CONN_RESET, TT_ERR_TLS_UNTRUSTED,
 * TT_ERR_SERVICE) with tt_error_info.attempts and .retries_exhausted set.
 * A request rejected because the clock is skewed (a clock-skew error code,
 * or any 400/401/403 while the wall clock is unset) is re-signed with the
 * time from the response's Date header and sent again at once, without
 * counting as an attempt.  Should that be rejected as skewed too, further
 * corrections are ordinary retries (counted, with back-off); when attempts
 * run out the call fails with TT_ERR_CLOCK_SKEW.  The correction (an offset
 * to the wall clock, or to the monotonic clock when the wall clock is unset)
 * is kept in the client for later requests and calls.
 *
 * Exactly once: when a page fails after K of its assignments were delivered,
 * the retried page skips its first K assignments, so each assignment reaches
 * on_assignment exactly once and none is skipped (this assumes, as the CLI's
 * resume tokens do, that the same request returns the same page).
 *
 * Connections: one connection is kept open across pages, retries and
 * tt_client_list() calls while the server allows it (HTTP/1.1 without
 * "Connection: close"); after "Connection: close", HTTP/1.0, a body
 * delimited by close, or any failure, the next request opens a new one.
 * tt_client_close() closes it.
 */
#ifndef TINYTURK_H
#define TINYTURK_H

#include "tt_arena.h"
#include "tt_assignment.h"
#include "tt_base.h"
#include "tt_error.h"
#include "tt_port.h"
#include "tt_sigv4.h"

/* The library version, semantic versioning (https://semver.org): MAJOR
 * changes break the API or the ABI of a default-configured build, MINOR adds
 * compatible features, PATCH only fixes.  TT_VERSION_STRING is
 * "MAJOR.MINOR.PATCH"; TT_VERSION_NUMBER (MAJOR * 10000 + MINOR * 100 +
 * PATCH) compares in #if.  TT_VERSION is the same string (older name, used
 * in the default User-Agent "tinyturk/<version>"). */
#define TT_VERSION_MAJOR 0
#define TT_VERSION_MINOR 2
#define TT_VERSION_PATCH 0
#define TT_VERSION_STRING "0.2.0"
#define TT_VERSION_NUMBER (TT_VERSION_MAJOR * 10000 + TT_VERSION_MINOR * 100 + TT_VERSION_PATCH)
#define TT_VERSION TT_VERSION_STRING
#define TT_DEFAULT_USER_AGENT "tinyturk/" TT_VERSION

/* TT_CLIENT_RECV_BUF (the I/O buffer), the limits, TT_DEFAULT_MAX_ATTEMPTS,
 * TT_DEFAULT_CONNECT_TIMEOUT_MS, TT_DEFAULT_READ_TIMEOUT_MS and
 * TT_RETRY_MAX_BACKOFF_MS are options: tt_config.h. */

/* Sizes of the strings kept in tt_error_info (longer ones are truncated). */
#define TT_ERRINFO_CODE_MAX 64
#define TT_ERRINFO_MESSAGE_MAX 256
#define TT_ERRINFO_REQUEST_ID_MAX 64
#define TT_ERRINFO_TURK_CODE_MAX 96

/*
 * Debug sink: receives, one line per call (no line terminator; `line` is
 * valid during the call only, not NUL-terminated, may be long), what the AWS
 * CLI's --debug shows that helps diagnose a request:
 *   "request: POST / HTTP/1.1", "request-header: <Name>: <value>" for every
 *   header sent (Authorization included: it carries no secret),
 *   "request-body: <body>", "canonical-request: <line>" for each line of
 *   the canonical request, "string-to-sign: <line>", "response: <status>
 *   <reason>", "response-header: <Name>: <value>", "response-body: <bytes>"
 *   (in the pieces they arrived in), "error: ..." (the parsed service
 *   error and whether it is retryable / clock skew), and "retry: ...",
 *   "clock: ...", "connect: ...", "starting-token: ...", "resume-token: ..."
 *   decisions with their exact delays and reasons.  Lines longer than 256
 *   bytes are split, each piece repeating the prefix.
 * The secret access key and the signing key never reach the sink; the
 * session token is printed as "<redacted>" (unlike the CLI, which prints it).
 * NULL = no debug output (and no formatting cost).
 */
typedef void (*tt_debug_fn)(void *ctx, const char *line, size_t len);

/*
 * Client configuration: plain data, copied by tt_client_init().  Strings are
 * NUL-terminated and BORROWED: they must stay valid and unchanged for the
 * client's whole life (the client keeps the pointers, not copies).  The
 * transport and platform structs are borrowed likewise.
 */
typedef struct tt_client_config {
    tt_transport *transport;     /* required: a (TLS) byte stream, not yet connected */
    const tt_platform *platform; /* required: clocks, sleep, random */

    /* Endpoint.  `host` is passed to transport->connect and written into the
     * Host header (with ":port" unless port is the default for `https`).
     * `https` only decides that default port (443 vs 80): the transport
     * decides whether TLS is actually used. */
    const char *host; /* required, e.g. "mturk-requester.us-east-1.amazonaws.com" */
    uint16_t port;    /* required, e.g. 443 */
    int https;        /* 1 = default port 443, 0 = default port 80 */
    const char *region; /* SigV4 scope region, e.g. "us-east-1" (required when signing) */
    /* Request path on the endpoint: NULL or "" = "/" (MTurk itself); e.g.
     * "/mturk" behind a reverse proxy (the AWS CLI posts to an endpoint URL's
     * path).  Sent as given and signed normalised, as botocore does.  Must
     * start with '/' and hold only visible ASCII other than '?' and '#'
     * (TT_ERR_BAD_PARAMS otherwise).  Borrowed like `host`. */
    const char *path;

    /* Credentials.  access_key_id == NULL means --no-sign-request: requests
     * carry no X-Amz-Date, X-Amz-Security-Token or Authorization header.
     * session_token NULL or "" = none.  Control bytes in the key id,
     * region or token fail the request with TT_ERR_INVALID_ARG; device
     * builds (TT_SIGV4_FULL 0) refuse a space there too (real ones have
     * none; the host folds a token's spaces as botocore does). */
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token;

    const char *user_agent;      /* NULL = TT_DEFAULT_USER_AGENT */
    unsigned max_attempts;       /* attempts per request, >= 1; 0 = TT_DEFAULT_MAX_ATTEMPTS */
    uint32_t connect_timeout_ms; /* 0 = TT_DEFAULT_CONNECT_TIMEOUT_MS */
    uint32_t read_timeout_ms;    /* 0 = TT_DEFAULT_READ_TIMEOUT_MS; also per send */
    /* Bytes of the I/O buffer (request out, response in), taken from the
     * arena: 0 = TT_CLIENT_RECV_BUF.  A host with memory to spare may give
     * more (the Linux CLI: 16384) for fewer, larger reads and sends: less
     * CPU per response byte; F below grows by the difference. */
    size_t io_buf;

    tt_debug_fn debug; /* NULL = off */
    void *debug_ctx;   /* borrowed, passed to debug */
} tt_client_config;

/* Fill `cfg` with zeros / NULLs and the defaults above (port 443, https 1,
 * region "us-east-1", TT_DEFAULT_USER_AGENT, 3 attempts, 60 s timeouts,
 * io_buf TT_CLIENT_RECV_BUF). */
void tt_client_config_defaults(tt_client_config *cfg);

/*
 * Details of the last failure of tt_client_list() (all zero / empty after a
 * success).  Strings are NUL-terminated copies owned by the client, valid
 * until the next tt_client_list() or tt_client_init() on it.
 */
typedef struct tt_error_info {
    int code;        /* the tt_err tt_client_list() returned */
    int cause;       /* for TT_ERR_CLOCK_SKEW etc.: the underlying code; else = code */
    int http_status; /* status of the last response, 0 when none arrived */
    unsigned attempts;   /* attempts made for the failing request (CLI: max retries = attempts-1) */
    int retries_exhausted; /* 1 when the error was retryable and every attempt failed */
    int quota_exhausted;   /* 1 when the error was retryable but the retry quota was spent */
    size_t arena_needed; /* with TT_ERR_ARENA_FULL: arena capacity that is enough */
    uint32_t pages;      /* pages completed before the failure */
    /* Service error code as the AWS CLI prints it between parentheses: the
     * `__type` text after the last '#', or the HTTP status number ("500")
     * when the error body was not JSON or had no __type. */
    char service_code[TT_ERRINFO_CODE_MAX];
    /* Message / message from a JSON error body ("" when it has none); for a
     * body that is not JSON, as botocore: the standard reason phrase of the
     * status ("Internal Server Error") for a 5xx whose body is empty or
     * HTML, else the body itself (its first bytes).  Built without
     * TT_REASON_PHRASES the phrase is ""; without TT_CLI_PAGING the
     * message is always the body.  Texts longer than their buffer here
     * are cut: a JSON text at a UTF-8 character boundary, a raw body at
     * the byte.  (The clock-skew hints are looked for in the message as
     * kept here.) */
    char message[TT_ERRINFO_MESSAGE_MAX];
    char request_id[TT_ERRINFO_REQUEST_ID_MAX];     /* x-amzn-RequestId header */
    char turk_error_code[TT_ERRINFO_TURK_CODE_MAX]; /* TurkErrorCode member */
} tt_error_info;

/*
 * The client.  Declare it anywhere (static, stack, inside another struct);
 * fields are private except the statistics (connections, requests) and
 * the clock state (have_offset, offset_monotonic, offset_ms), which callers
 * may read.  It holds no pointer into any arena between calls.
 */
typedef struct tt_client {
    tt_client_config cfg;
    int initialised;
    int connected;         /* transport has an open, reusable stream */
    int have_offset;       /* clock offset known */
    int offset_monotonic;  /* offset is relative to monotonic_ms (wall clock unset) */
    int64_t offset_ms;     /* wall = (wall or monotonic) + offset */
    uint32_t connections;  /* connections opened (statistics) */
    uint32_t requests;     /* requests sent (statistics) */
    uint32_t retry_quota;  /* what is left of TT_RETRY_QUOTA (kept across listings) */
    tt_error_info err;
    tt_sigv4_key_cache key_cache; /* signing key midstates (secret: cleared by tt_client_close) */
} tt_client;

/*
 * Check and copy `cfg` into `c`; does not connect.  Returns
 * TT_ERR_INVALID_ARG for NULL c/cfg/transport/platform (or missing platform
 * or transport functions), TT_ERR_BAD_PARAMS for a missing host, port 0,
 * a missing region or secret while access_key_id is set, a path that is
 * not '/' and visible ASCII without '?' or '#'; built with TT_SIGV4_FULL 0
 * (tt_config.h), TT_ERR_SIGV4_BAD_PATH for a signed client's path that is
 * not its own canonical SigV4 form (what tt_client_list() answered before).
 */
int tt_client_init(tt_client *c, const tt_client_config *cfg);

/* Close the connection (if any).  The client may be used again. */
void tt_client_close(tt_client *c);

/*
 * The client's idea of the current UTC time: the platform's wall clock
 * corrected by what the service's Date headers taught it (see Retries).
 * TT_OK and *epoch_s, or TT_ERR_CLOCK_UNSET when the wall clock is unset and
 * no Date header was seen yet (a device may use this to set its RTC).
 */
int tt_client_now(const tt_client *c, int64_t *epoch_s);

/* Details of the last tt_client_list() failure (never NULL; owned by `c`). */
const tt_error_info *tt_client_error(const tt_client *c);

/* ------------------------------------------------------------------------ */

/*
 * Per-page information, given to on_page_end after the last assignment of
 * each page the server returned (the server's NextToken can follow the
 * Assignments array, so it is known only here).  Built without
 * TT_CLI_PAGING (tt_config.h; the kiosk) only page, next_token,
 * items_in_page, delivered and last are set; the others are 0 / {NULL, 0}.
 */
typedef struct tt_page_info {
    uint32_t page;          /* 0-based page number within this call */
    tt_str request_token;   /* NextToken sent to fetch the page (ptr NULL = none) */
    tt_str next_token;      /* the page's NextToken (ptr NULL when absent/null/"") */
    int has_num_results;    /* NumResults present */
    int64_t num_results;    /* NumResults as sent */
    uint32_t items_in_page; /* Assignments in the page (whole page) */
    uint32_t skipped;       /* leading ones not delivered (starting token) */
    uint32_t delivered;     /* delivered to on_assignment from this page */
    int last;               /* 1 when no further page will be requested */
} tt_page_info;

/*
 * Callbacks.  `a` and every string it points to, and every tt_str in `info`,
 * are valid during the call only.  Return 0 to go on, non-zero to stop the
 * listing: tt_client_list() then returns TT_ERR_CALLBACK_ABORT (the
 * connection is closed; nothing is retried).  Callbacks must not call
 * tt_client_list() (or tt_client_close()) on the same client.
 * `index` is the assignment's 0-based position in its page (skipped ones
 * counted).
 */
typedef int (*tt_on_assignment_fn)(void *ctx, const tt_assignment *a, uint32_t index);
typedef int (*tt_on_page_end_fn)(void *ctx, const tt_page_info *info);
typedef int (*tt_on_token_fn)(void *ctx, tt_str token);

/* Maximum NextToken length the client accepts in starting tokens and from
 * the server (the model allows 255). */
#define TT_CLIENT_MAX_TOKEN TT_MAX_NEXT_TOKEN

/* What tt_client_list() lists and whom it tells: plain data, filled by
 * tt_list_params_defaults() and then by the caller; borrowed for the call. */
typedef struct tt_list_params {
    tt_str hit_id; /* required (>= 1 byte); borrowed for the call */

    /* AssignmentStatuses: statuses[0..n_statuses) sent as given (not checked
     * against the enum, like the CLI).  statuses == NULL: member omitted;
     * non-NULL with n_statuses == 0: sent as [].  Borrowed for the call. */
    const tt_str *statuses;
    size_t n_statuses;

    uint32_t page_size; /* MaxResults on every request; 0 = not sent */
    int64_t max_items;  /* stop after this many assignments; < 0 = no limit */
    /* A CLI --starting-token (base64 JSON, or the legacy verbatim form);
     * ptr NULL = none.  With no_paginate it is sent verbatim as NextToken
     * (the CLI's hidden --next-token).  Borrowed for the call.  Refused
     * with TT_ERR_TOKEN_DISABLED (before any request) when built without
     * TT_CLI_PAGING or without TT_RESUME_TOKENS (tt_config.h). */
    tt_str starting_token;
    /* One request only; max_items must then be < 0.  Refused with
     * TT_ERR_BAD_PARAMS when built without TT_CLI_PAGING. */
    int no_paginate;

    uint32_t field_mask; /* TT_FIELD_BIT()s to decode; 0 = TT_FIELDS_ALL */

    tt_on_assignment_fn on_assignment; /* may be NULL */
    tt_on_page_end_fn on_page_end;     /* may be NULL */
    /* Called once, just before tt_client_list() returns TT_OK, when
     * max_items cut the listing: `token` is the resume token in the AWS
     * CLI's format (what the CLI prints as NextToken; give it to the CLI's
     * --starting-token or to starting_token here).  With no_paginate it is
     * instead the page's raw server NextToken (when there is one).  Not
     * called when everything was listed, nor ever in builds without
     * TT_CLI_PAGING (max_items then just stops the listing). */
    tt_on_token_fn on_token; /* may be NULL */
    /* Called once, just before tt_client_list() returns an error (not with
     * no_paginate, nor for errors found before the first request): a token
     * in the same CLI format that resumes right after the last assignment
     * delivered to on_assignment - so a device can pick the listing up
     * later with nothing lost or repeated (the AWS CLI has no such thing).
     * It presumes, like every CLI token, that the pages do not change.
     * Never called in builds without TT_CLI_PAGING or TT_RESUME_TOKENS. */
    tt_on_token_fn on_error_token; /* may be NULL */
    void *cb_ctx;            /* borrowed, passed to all callbacks */
} tt_list_params;

/* Fill `p` with an empty HIT id, no statuses, no page size, no limit, no
 * starting token, all fields, no callbacks. */
void tt_list_params_defaults(tt_list_params *p);

/*
 * Outcome of a listing (counters; the resume token goes to on_token).
 */
typedef struct tt_list_result {
    uint64_t items;    /* assignments delivered */
    uint32_t pages;    /* pages received */
    uint32_t requests; /* HTTP requests sent (attempts included) */
    int has_token;     /* on_token was called */
    int has_error_token; /* on_error_token was called */
} tt_list_result;

/*
 * List the assignments of a HIT.  Working memory comes from `arena` (see
 * "Memory" above) and is released before returning.  `params` is borrowed
 * for the call; `result` (may be NULL) is written on TT_OK and, with items /
 * pages so far, on failure.
 *
 * Returns TT_OK, or:
 *   TT_ERR_INVALID_ARG      NULL c/arena/params, client not initialised
 *   TT_ERR_BAD_PARAMS       empty HIT id, no_paginate with max_items >= 0
 *                           (any no_paginate without TT_CLI_PAGING)
 *   TT_ERR_TOKEN_DISABLED   a starting_token in a build without resume
 *                           tokens or without TT_CLI_PAGING
 *   TT_ERR_BAD_STARTING_TOKEN  the starting token decodes to something unusable
 *   TT_ERR_ARENA_FULL       arena too small (tt_error_info.arena_needed)
 *   TT_ERR_SERVICE          the service answered with a JSON error (details)
 *   TT_ERR_HTTP_STATUS      non-2xx with a body that is not JSON (details:
 *                           service_code "<status>", message = reason phrase
 *                           or the body, see tt_error_info.message)
 *   TT_ERR_REPEATED_TOKEN   the same NextToken twice in a row (message: botocore's
 *                           text; "" without TT_CLI_PAGING)
 *   TT_ERR_CLOCK_SKEW       still rejected as skewed after the correction
 *                           (or no usable Date header to correct with)
 *   TT_ERR_CALLBACK_ABORT   a callback returned non-zero
 *   transport / TLS / HTTP codes (-400.., -700.., -800..) of the last attempt
 *                           when every attempt failed (retries_exhausted = 1)
 *   page decoder codes (-500..) for a 200 whose body is not a valid page
 *   a platform wall_clock() error other than TT_ERR_CLOCK_UNSET
 *   signer / body encoder codes (-200.., -300..) for unusable strings
 * tt_client_error() gives the details.
 */
int tt_client_list(tt_client *c, tt_arena *arena, const tt_list_params *params,
                   tt_list_result *result);

/*
 * Arena bytes tt_client_list() needs for these params, not counting the
 * decoded Assignments (add the largest one you expect).  `c` and `params`
 * are only read.
 */
size_t tt_client_arena_estimate(const tt_client *c, const tt_list_params *params);

#endif /* TINYTURK_H */
