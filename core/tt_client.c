/*
 * tt_client.c - the engine: ListAssignmentsForHIT with pagination, retries,
 * exactly-once delivery, keep-alive and clock-skew correction (tinyturk.h).
 *
 * One call of tt_client_list() is a loop over pages; each page is a loop
 * over attempts; each attempt writes one request (streamed through a small
 * I/O buffer) and feeds the response, as it arrives, through the HTTP parser
 * into either the page decoder (2xx) or the service-error parser.  All of
 * that state lives in a `struct run` carved from the caller's arena.
 */
#include <string.h>

#include "tinyturk.h"
#include "tt_body.h"
#include "tt_http.h"
#include "tt_page.h"
#include "tt_request.h"
#include "tt_retry.h"
#include "tt_sigv4.h"
#include "tt_svcerr.h"
#include "tt_time.h"
#include "tt_token.h"

/* Debug line buffer (taken from the arena only when a debug sink is set). */
#define TT_CLIENT_DEBUG_BUF 256

/* Tracing on for this run.  With TT_DEBUG 0 (tt_config.h) it is a constant 0:
 * every `if (DBG_ON(r))` site and the dbg_* helpers vanish from the object. */
#define DBG_ON(r) (TT_DEBUG && (r)->dbg)

/* When the wall clock is unset and no Date header was seen yet, sign with
 * this instant (2026-01-01T00:00:00Z): the service rejects it as skewed and
 * its Date header then sets the clock. */
#define TT_CLOCK_GUESS_EPOCH ((int64_t)1767225600)

/* Size builds: keep the run (run_list), the attempt loop (fetch_page) and
 * one attempt (attempt) apart; inlined into each other their registers
 * spill and the run state sits in a high register (32-bit stores): each
 * split measured smaller on Cortex-M4 -Os.  Hosts inline freely. */
#if defined(__GNUC__) && defined(__OPTIMIZE_SIZE__)
#define TT_NOINLINE __attribute__((noinline))
#else
#define TT_NOINLINE
#endif

/* Outcome flags of one attempt (the same bits as tt_svcerr_end()'s). */
#define OUT_RETRY TT_SVCERR_RETRYABLE /* worth another attempt (back-off first) */
#define OUT_SKEW TT_SVCERR_CLOCK_SKEW /* rejected for the clock: re-sign with the Date header */

struct run {
    tt_client *c;
    const tt_list_params *p;
    tt_arena *a;

    /* Small, often used fields first: within reach of 16-bit Thumb loads. */
    uint8_t *io; /* io_cap bytes: request out, response in */
    size_t io_len, io_cap;
    size_t consumed;  /* items of this page consumed by earlier attempts */
    size_t total;     /* delivered before this page */
    size_t limit;     /* max_items, SIZE_MAX for none (size_t: 32-bit code on a device) */
    /* Per-attempt state, page .. guessed_time zeroed together by attempt().
     * (The status is c->err.http_status, set by on_status.) */
    tt_page_decoder *page;  /* 2xx response */
    tt_svcerr_parser *se;   /* other responses */
    int have_date;
    unsigned out; /* what may follow a failed attempt: OUT_RETRY, OUT_SKEW */
    size_t raw_len; /* error body bytes kept after *se (botocore shows them) */
    int guessed_time; /* this attempt was signed with TT_CLOCK_GUESS_EPOCH */
#if TT_CLI_PAGING
    size_t page_skip; /* leading items of this page the starting token skips */
    int tok_from_page; /* botocore's previous_next_token is set */
#endif
    uint32_t delivered; /* delivered from this page */
    uint32_t pageno;
    uint32_t requests;
    tt_arena_mark_t tok_mark;
    int64_t date_s;

    /* The request body's members, set once; bp.next_token is the NextToken
     * that fetched the current page (the CLI's next_token), kept at
     * tok_mark, just above the fixed state, at its exact length
     * (bp.has_next_token: there is one). */
    tt_body_params bp;
    tt_request rq; /* the request written from cfg and bp (tt_request.h) */

    char *dbg; /* TT_CLIENT_DEBUG_BUF bytes, or NULL when debug is off */
    size_t dbg_len, dbg_plen, dbg_line;
    int dbg_open;

    tt_http_parser http;
};

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

/* s[0..n) into dst[0..cap) as a C string, cut to fit (cap >= 1). */
static size_t cstr_copy(char *dst, size_t cap, const char *src, size_t n)
{
    if (n > cap - 1)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

/* Decimal digits of v and a NUL (the status code; debug values: 64 bits). */
#if TT_DEBUG
typedef uint64_t fmt_t;
#else
typedef uint32_t fmt_t;
#endif
static size_t fmt_uint(char *out, fmt_t v)
{
    char tmp[24];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v);
    for (i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return n;
}

/* ------------------------------------------------------------------------
 * Debug output: lines "<prefix><text>", long ones split with the prefix
 * repeated.
 * ------------------------------------------------------------------------ */

static void dbg_emit(struct run *r)
{
    r->c->cfg.debug(r->c->cfg.debug_ctx, r->dbg, r->dbg_len);
    r->dbg_len = r->dbg_plen;
}

static void dbg_open(struct run *r, const char *prefix)
{
    size_t n = strlen(prefix);
    if (!r->dbg)
        return;
    if (n > TT_CLIENT_DEBUG_BUF / 2)
        n = TT_CLIENT_DEBUG_BUF / 2;
    memcpy(r->dbg, prefix, n);
    r->dbg_len = r->dbg_plen = n;
    r->dbg_line = 0;
    r->dbg_open = 1;
}

static void dbg_add(struct run *r, const char *s, size_t n)
{
    if (!r->dbg || !r->dbg_open)
        return;
    while (n) {
        size_t room = TT_CLIENT_DEBUG_BUF - r->dbg_len, k = n < room ? n : room;
        memcpy(r->dbg + r->dbg_len, s, k);
        r->dbg_len += k;
        r->dbg_line += k;
        s += k;
        n -= k;
        if (r->dbg_len == TT_CLIENT_DEBUG_BUF)
            dbg_emit(r);
    }
}

static void dbg_adds(struct run *r, const char *s)
{
    dbg_add(r, s, strlen(s));
}

static void dbg_addi(struct run *r, int64_t v)
{
    char b[24];
    size_t n = 0;
    if (v < 0)
        b[n++] = '-';
    n += fmt_uint(b + n, v < 0 ? (fmt_t)0 - (fmt_t)v : (fmt_t)v);
    dbg_add(r, b, n);
}

static void dbg_close(struct run *r)
{
    if (!r->dbg || !r->dbg_open)
        return;
    dbg_emit(r);
    r->dbg_open = 0;
}

static void dbg_line(struct run *r, const char *prefix, const char *s, size_t n)
{
    if (!r->dbg)
        return;
    dbg_open(r, prefix);
    dbg_add(r, s, n);
    dbg_close(r);
}

/* The request's debug parts (tt_request.h), split into lines; CR dropped,
 * and the request's empty line before the body (the canonical request's
 * empty lines are shown). */
static void sign_debug(void *user, int part, const char *text, size_t len)
{
    static const char *const prefix[5] = {"canonical-request: ", "string-to-sign: ", "request: ",
                                          "request-header: ", "request-body: "};
    struct run *r = (struct run *)user;
    if (len == 0)
        dbg_close(r);
    for (; len; len--, text++) {
        char ch = *text;
        if (ch == '\r' || (ch == '\n' && part > TT_SIGV4_DEBUG_STRING_TO_SIGN && !r->dbg_open))
            continue;
        if (!r->dbg_open)
            dbg_open(r, prefix[part - 1]);
        if (ch == '\n')
            dbg_close(r);
        else
            dbg_add(r, &ch, 1);
    }
}

/* ------------------------------------------------------------------------
 * Clock
 * ------------------------------------------------------------------------ */

/* Take the time from the response's Date header: as an offset to the wall
 * clock, or to the monotonic clock when the wall clock fails.  `learn`:
 * only when the wall clock is unset (or this attempt guessed the time). */
static void clock_fix(struct run *r, int learn)
{
    tt_client *c = r->c;
    const tt_platform *pf = c->cfg.platform;
    int64_t t; /* (set by the clock that succeeds) */
    int rc = pf->wall_clock(pf->ctx, &t);

    if (learn && rc != TT_ERR_CLOCK_UNSET && !r->guessed_time)
        return;
    c->offset_monotonic = rc != TT_OK;
    if (rc != TT_OK)
        t = (int64_t)pf->monotonic_ms(pf->ctx);
    else
        t *= 1000;
    c->offset_ms = r->date_s * 1000 - t;
    c->have_offset = 1;
    if (DBG_ON(r)) {
        dbg_open(r, "clock: ");
        dbg_adds(r, learn ? "wall clock unset" : "request rejected as skewed, re-signing");
        dbg_adds(r, "; server Date ");
        dbg_addi(r, r->date_s);
        dbg_adds(r, c->offset_monotonic ? ", offset from monotonic ms " : ", offset ms ");
        dbg_addi(r, c->offset_ms);
        dbg_close(r);
    }
}

/* ------------------------------------------------------------------------
 * Connection
 * ------------------------------------------------------------------------ */

static void conn_close(tt_client *c)
{
    if (c->connected)
        c->cfg.transport->close(c->cfg.transport->ctx);
    c->connected = 0;
}

static int conn_ensure(struct run *r)
{
    tt_client *c = r->c;
    tt_transport *t = c->cfg.transport;
    int rc;
    if (c->connected)
        return TT_OK;
    if (DBG_ON(r)) {
        dbg_open(r, "connect: ");
        dbg_adds(r, c->cfg.host);
        dbg_adds(r, ":");
        dbg_addi(r, c->cfg.port);
        dbg_close(r);
    }
    c->connected = 1; /* a failed connect is closed too (conn_close) */
    rc = t->connect(t->ctx, c->cfg.host, c->cfg.port, c->cfg.connect_timeout_ms);
    if (rc == TT_OK)
        c->connections++;
    return rc;
}

/* Send the buffered request bytes (io_len > 0: see io_sink). */
static int io_flush(struct run *r)
{
    tt_transport *t = r->c->cfg.transport;
    size_t n = r->io_len;
    r->io_len = 0;
    return t->send(t->ctx, r->io, n, r->c->cfg.read_timeout_ms);
}

/* The request into the I/O buffer, sent when it is full and another byte
 * comes (so the last io_flush() always has bytes: a request is never
 * empty).  A byte at a time: less code, and a request is written once per
 * attempt (not a hot path). */
static int io_sink(void *ctx, const uint8_t *data, size_t len)
{
    struct run *r = (struct run *)ctx;
    int rc = TT_OK;
    for (; len && rc == TT_OK; len--) {
        if (r->io_len == r->io_cap)
            rc = io_flush(r);
        r->io[r->io_len++] = *data++;
    }
    return rc;
}

/* ------------------------------------------------------------------------
 * Response
 * ------------------------------------------------------------------------ */

/* One assignment from the page decoder. */
static int on_item(void *ctx, const tt_assignment *a, size_t index)
{
    struct run *r = (struct run *)ctx;
    const tt_list_params *p = r->p;
    /* Exactly once: a retry of this page skips the items seen so far (the
     * decoder counts an item once this returns 0; it calls us only for
     * items past the skip, so this is the page's count). */
    r->consumed = index + 1;
    if (r->total + r->delivered >= r->limit)
        return 0; /* past the limit: counted (for the page-end test), not delivered */
    if (p->on_assignment && p->on_assignment(p->cb_ctx, a, (uint32_t)index) != 0)
        return TT_ERR_CALLBACK_ABORT; /* only a caller's abort gives this code */
    r->delivered++;
    return 0;
}

static int on_status(void *ctx, int status, const char *reason_ptr, size_t reason_len)
{
    struct run *r = (struct run *)ctx;
    tt_str reason = {reason_ptr, reason_len};
    r->c->err.http_status = status;
    if (DBG_ON(r)) {
        dbg_open(r, "response: ");
        dbg_addi(r, status);
        dbg_adds(r, " ");
        dbg_add(r, reason.ptr, reason.len);
        dbg_close(r);
    }
    return TT_OK;
}

static int on_header(void *ctx, const char *name_ptr, size_t name_len, const char *value_ptr,
                     size_t value_len)
{
    struct run *r = (struct run *)ctx;
    tt_str name = {name_ptr, name_len}, value = {value_ptr, value_len};
    if (DBG_ON(r)) {
        dbg_open(r, "response-header: ");
        dbg_add(r, name.ptr, name.len);
        dbg_adds(r, ": ");
        dbg_add(r, value.ptr, value.len);
        dbg_close(r);
    }
    if (tt_http_name_eq(name, "date")) {
        /* (the parser writes date_s only for a valid date) */
        if (tt_time_parse_http_date(value.ptr, value.len, &r->date_s) == TT_OK)
            r->have_date = 1;
    } else if (tt_http_name_eq(name, "x-amzn-requestid")) {
        cstr_copy(r->c->err.request_id, sizeof r->c->err.request_id, value.ptr, value.len);
    }
    return TT_OK;
}

/* Where the service-error parser writes (tt_error_info's buffers). */
static const tt_svcerr_layout err_layout = {
    {offsetof(tt_error_info, service_code), offsetof(tt_error_info, message),
     offsetof(tt_error_info, turk_error_code)},
    {TT_ERRINFO_CODE_MAX, TT_ERRINFO_MESSAGE_MAX, TT_ERRINFO_TURK_CODE_MAX}};

/* An error body's parser and its raw copy (the message when it is not JSON). */
#define SVCERR_BYTES (sizeof(tt_svcerr_parser) + TT_ERRINFO_MESSAGE_MAX - 1)
#define RAW(r) ((char *)((r)->se + 1))

static int on_headers_done(void *ctx)
{
    struct run *r = (struct run *)ctx;
    int ok = (unsigned)r->c->err.http_status - 200u < 100u;
    void *mem;
    int rc = tt_arena_alloc(r->a, ok ? sizeof(tt_page_decoder) : SVCERR_BYTES, 0, &mem);
    if (rc != TT_OK)
        return rc;
    if (ok) {
        r->page = (tt_page_decoder *)mem;
        return tt_page_init(r->page, r->a, r->p->field_mask ? r->p->field_mask : TT_FIELDS_ALL,
                            r->consumed, on_item, r);
    }
    r->se = (tt_svcerr_parser *)mem; /* the raw body right after it: RAW(r) */
    tt_svcerr_init(r->se, &r->c->err, &err_layout);
    return TT_OK;
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    struct run *r = (struct run *)ctx;
    if (DBG_ON(r))
        dbg_line(r, "response-body: ", (const char *)data, len);
    if (r->page) {
        /* Decoder errors are sticky and read at the end; only a caller's
         * abort stops the transfer now (the connection is then dropped). */
        if (tt_page_feed(r->page, data, len) == TT_ERR_CALLBACK_ABORT)
            return TT_ERR_CALLBACK_ABORT;
    } else { /* (on_headers_done set one of the two) */
        /* The body's start, for when it is not JSON: botocore then shows
         * the body itself as the message (cut to the buffer here). */
        size_t room = TT_ERRINFO_MESSAGE_MAX - 1 - r->raw_len, k = len < room ? len : room;
        memcpy(RAW(r) + r->raw_len, data, k);
        r->raw_len += k;
        (void)tt_svcerr_feed(r->se, data, len); /* sticky; read at the end */
    }
    return TT_OK;
}

/* Read one response into the parser (and through it into the decoders).
 * The parser takes every byte it is fed until the response is complete. */
static int exchange(struct run *r)
{
    tt_transport *t = r->c->cfg.transport;
    tt_http_parser_reset(&r->http);
    for (;;) {
        size_t got = 0, used = 0;
        int rc = t->recv(t->ctx, r->io, r->io_cap, &got, r->c->cfg.read_timeout_ms);
        if (rc != TT_OK)
            return rc;
        if (got == 0) /* a body delimited by close: not kept alive (tt_http.h) */
            return tt_http_parser_eof(&r->http);
        rc = tt_http_parser_feed(&r->http, r->io, got, &used);
        if (rc != TT_OK)
            return rc;
        if (tt_http_parser_done(&r->http)) {
            if (used < got)
                conn_close(r->c); /* stray bytes: do not trust the stream */
            return TT_OK;
        }
    }
}

/* The error details are in c->err (the parser wrote the body's code,
 * message and TurkErrorCode there); finish them, classify the error. */
static int service_error(struct run *r)
{
    tt_error_info *e = &r->c->err;
    int status = e->http_status;
    unsigned cls, o;
    int json = tt_svcerr_end(r->se, &cls) == TT_OK;

    /* TT_SVCERR_RETRYABLE, TT_SVCERR_CLOCK_SKEW are OUT_RETRY, OUT_SKEW */
    o = (cls & (OUT_RETRY | OUT_SKEW)) | (tt_retry_status(status) ? OUT_RETRY : 0u);
    if (!(cls & TT_SVCERR_HAS_CODE)) { /* the status as botocore shows it: 3 digits */
        char *d = e->service_code + 3;
        unsigned s = (unsigned)status;
        *d = '\0';
        do
            *--d = (char)('0' + s % 10u);
        while ((s /= 10u) != 0);
    }
    if (!json) { /* the body's start (botocore shows the body itself) */
        memcpy(e->message, RAW(r), r->raw_len);
        e->message[r->raw_len] = '\0';
    }
#if TT_CLI_PAGING
    if (!json) {
        /* botocore: a 5xx whose body is empty or starts with "<html>"
         * (after whitespace) is generic - the reason phrase; any other body
         * that is not JSON is shown as it is (kept in e->message). */
        const char *m = e->message;
        size_t i = 0;
        while (i < r->raw_len && (m[i] == ' ' || (m[i] >= '\t' && m[i] <= '\r')))
            i++;
        if (status >= 500
            && (i == r->raw_len || (r->raw_len - i >= 6 && memcmp(m + i, "<html>", 6) == 0))) {
            const char *phrase = tt_retry_reason_phrase(status);
            cstr_copy(e->message, sizeof e->message, phrase, strlen(phrase));
        }
    }
#endif
    /* With a guessed clock any authentication failure is presumed skew
     * (nothing to correct when nothing was signed: guessed_time is 0). */
    if (r->guessed_time && (unsigned)status - 400u < 4u && status != 402)
        o |= OUT_SKEW;
    if (!r->c->cfg.access_key_id)
        o &= ~OUT_SKEW; /* nothing was signed */
    r->out = o;
    if (DBG_ON(r)) {
        dbg_open(r, "error: (");
        dbg_adds(r, e->service_code);
        dbg_adds(r, ") ");
        dbg_adds(r, e->message);
        if (e->turk_error_code[0]) {
            dbg_adds(r, " TurkErrorCode=");
            dbg_adds(r, e->turk_error_code);
        }
        dbg_adds(r, o & OUT_RETRY ? " [retryable]" : "");
        dbg_adds(r, o & OUT_SKEW ? " [clock skew]" : "");
        dbg_close(r);
    }
    return json ? TT_ERR_SERVICE : TT_ERR_HTTP_STATUS;
}

/*
 * One attempt at the current page: sign, send, read, classify.  On TT_OK
 * the page decoder (r->page) is allocated (the caller releases the arena
 * either way); r->out says what may come next (OUT_RETRY, OUT_SKEW; 0 =
 * final).  The request itself takes no arena (tt_request.h).
 */
TT_NOINLINE static int attempt(struct run *r)
{
    tt_client *c = r->c;
    tt_error_info *e = &c->err;
    tt_sigv4_debug_fn dbg = DBG_ON(r) ? sign_debug : NULL;
    int rc = TT_OK;

    e->http_status = 0; /* and the texts: what an earlier attempt left */
    memset(e->service_code, 0, sizeof *e - offsetof(tt_error_info, service_code));
    memset(&r->page, 0, offsetof(struct run, guessed_time) + sizeof r->guessed_time
                            - offsetof(struct run, page));

    if (c->cfg.access_key_id && (rc = tt_client_now(c, &r->rq.epoch_s)) == TT_ERR_CLOCK_UNSET) {
        r->guessed_time = 1; /* the service's answer will tell the time */
        r->rq.epoch_s = TT_CLOCK_GUESS_EPOCH;
        rc = TT_OK;
    }
    if (rc == TT_OK)
        rc = tt_request_sign(&r->rq, &c->key_cache, dbg, r);
    if (rc == TT_OK && dbg) /* the request's lines before "connect:" */
        rc = tt_request_write(&r->rq, NULL, NULL, dbg, r);
    if (rc == TT_OK)
        rc = conn_ensure(r);
    if (rc == TT_OK) {
        r->requests++;
        c->requests++;
        r->io_len = 0;
        rc = tt_request_write(&r->rq, io_sink, r, NULL, NULL);
        if (rc == TT_OK)
            rc = io_flush(r);
        if (rc == TT_OK)
            rc = exchange(r);
    }
    if (rc != TT_OK) { /* nothing usable arrived (or nothing was sent) */
        conn_close(c);
        /* (r->consumed counts what on_item saw: the retry skips those;
         * a caller's abort is TT_ERR_CALLBACK_ABORT here: not retried) */
        if (tt_retry_code(rc))
            r->out = OUT_RETRY;
        return rc;
    }
    if (!c->have_offset && r->have_date)
        clock_fix(r, 1); /* learn the time from any Date if the wall clock is unset */
    if (!tt_http_parser_keep_alive(&r->http))
        conn_close(c);
    if (!r->page) /* (on_headers_done ran: the final response is done) */
        return service_error(r);
    rc = tt_page_finish(r->page);
    /* A 2xx whose body is not a valid page: an error, not retried. */
    if (rc != TT_OK && DBG_ON(r)) {
        dbg_open(r, "error: response body rejected: ");
        dbg_adds(r, tt_errname(rc));
        dbg_close(r);
    }
    return rc;
}

/* Fetch the current page: attempts, back-off, the retry quota, the clock
 * fix.  On TT_OK the page decoder (r->page) stays allocated; on failure
 * c->err.attempts says how many were made (it stays 0 while pages succeed). */
TT_NOINLINE static int fetch_page(struct run *r)
{
    tt_client *c = r->c;
    tt_error_info *e = &c->err;
    const tt_platform *pf = c->cfg.platform;
    tt_arena_mark_t m = tt_arena_mark(r->a);
    unsigned tries = 0, taken = 0; /* taken: quota of this page's last retry */
    int skew_fixed = 0;            /* one free re-signed request per page */
    int rc, fail;

    for (;;) {
        unsigned out;
        uint8_t rb[2];
        uint32_t ms;

        tries++;
        rc = attempt(r);
        out = r->out;
        if (rc == TT_OK) {
            c->retry_quota += taken ? taken : TT_RETRY_REFILL;
            if (c->retry_quota > TT_RETRY_QUOTA)
                c->retry_quota = TT_RETRY_QUOTA;
            return TT_OK;
        }
        tt_arena_rollback(r->a, m);
        fail = rc; /* what to return when no attempt is left */
        if (out & OUT_SKEW) {
            fail = TT_ERR_CLOCK_SKEW;
            if (!r->have_date) { /* nothing to correct with */
                e->cause = rc;
                break;
            }
            clock_fix(r, 0);
            if (!skew_fixed) {
                skew_fixed = 1;
                tries--; /* the first re-signed request is not a retry */
                continue;
            }
            /* Rejected again (the server's clock moves?): an ordinary retry
             * with the newest Date, within max_attempts. */
            out = OUT_RETRY;
        }
        if (!(out & OUT_RETRY)) /* (not after a skew: fail is rc) */
            break;
        if (tries >= c->cfg.max_attempts) {
            e->retries_exhausted = 1;
            e->cause = rc;
            if (DBG_ON(r) && fail == rc) {
                dbg_open(r, "retry: giving up after ");
                dbg_addi(r, tries);
                dbg_adds(r, " attempts: ");
                dbg_adds(r, tt_errname(rc));
                dbg_close(r);
            }
            break;
        }
        taken = tt_retry_cost(rc);
        if (c->retry_quota < taken) {
            e->quota_exhausted = 1;
            if (DBG_ON(r)) {
                dbg_open(r, "retry: quota exhausted (");
                dbg_addi(r, c->retry_quota);
                dbg_adds(r, " left, a retry takes ");
                dbg_addi(r, taken);
                dbg_adds(r, "), not retrying: ");
                dbg_adds(r, tt_errname(rc));
                dbg_close(r);
            }
            fail = rc;
            break;
        }
        c->retry_quota -= taken;
        if (pf->random(pf->ctx, rb, sizeof rb) != TT_OK) {
            rb[0] = 0x80; /* no randomness: the mean delay */
            rb[1] = 0x00;
        }
        ms = tt_retry_backoff_ms(tries, (uint16_t)((unsigned)rb[0] << 8 | rb[1]),
                                 TT_RETRY_MAX_BACKOFF_MS);
        if (DBG_ON(r)) {
            dbg_open(r, "retry: attempt ");
            dbg_addi(r, tries);
            dbg_adds(r, " failed (");
            dbg_adds(r, tt_errname(rc));
            if (e->service_code[0]) {
                dbg_adds(r, " ");
                dbg_adds(r, e->service_code);
            }
            dbg_adds(r, "), sleeping ");
            dbg_addi(r, ms);
            dbg_adds(r, " ms before attempt ");
            dbg_addi(r, tries + 1);
            dbg_close(r);
        }
        pf->sleep_ms(pf->ctx, ms);
    }
    e->attempts = tries;
    return fail;
}

/* ------------------------------------------------------------------------
 * Tokens
 * ------------------------------------------------------------------------ */

/* Make `t` the current request token.  Releases everything above the
 * token slot first: `t` may point there (into the page decoder or the token
 * scratch), which is why the bytes are moved, not copied. */
#if TT_CLI_PAGING
TT_NOINLINE /* (several callers; without TT_CLI_PAGING one, inlined) */
#endif
static int set_tok(struct run *r, tt_str t)
{
    void *mem;
    int rc;
    tt_arena_rollback(r->a, r->tok_mark);
#if TT_CLI_PAGING
    r->bp.next_token.ptr = NULL; /* {NULL, 0} while there is none */
    r->bp.next_token.len = 0;
    r->bp.has_next_token = 0;
    /* A starting token's (the page decoder bounds the server's: only those
     * come here without TT_CLI_PAGING, and are never empty; without it a
     * failure ends the listing: the old token is not read again). */
    if (!t.ptr)
        return TT_OK;
    if (t.len > TT_CLIENT_MAX_TOKEN)
        return TT_ERR_JSON_TOKEN_TOO_LONG;
#endif
    rc = tt_arena_alloc(r->a, t.len, 1, &mem); /* (len 0: a valid pointer) */
    if (rc != TT_OK)
        return rc;
    memmove(mem, t.ptr, t.len);
    r->bp.next_token.ptr = (const char *)mem;
    r->bp.next_token.len = t.len;
    r->bp.has_next_token = 1;
    return TT_OK;
}

#if TT_CLI_PAGING
static int start_token(struct run *r)
{
    const tt_list_params *p = r->p;
    tt_token tk;
    void *mem;
    size_t cap;
    tt_arena_mark_t m = tt_arena_mark(r->a);
    int rc;

    if (!p->starting_token.ptr)
        return TT_OK;
    if (p->no_paginate) { /* the CLI's hidden --next-token: verbatim */
        rc = set_tok(r, p->starting_token);
        if (rc == TT_ERR_JSON_TOKEN_TOO_LONG) {
            r->c->err.cause = rc;
            rc = TT_ERR_BAD_STARTING_TOKEN;
        }
        return rc;
    }
#if !TT_RESUME_TOKENS
    (void)tk;
    (void)mem;
    (void)cap;
    (void)m;
    r->c->err.cause = TT_ERR_TOKEN_DISABLED;
    return TT_ERR_TOKEN_DISABLED; /* built without resume tokens */
#else
    cap = TT_TOKEN_SCRATCH_SIZE(p->starting_token.len);
    rc = tt_arena_alloc(r->a, cap ? cap : 1, 1, &mem);
    if (rc != TT_OK)
        return rc;
    rc = tt_token_decode(p->starting_token.ptr, p->starting_token.len, (unsigned char *)mem,
                         cap, &tk);
    if (rc == TT_OK && tk.truncate < 0)
        rc = TT_ERR_TOKEN_BAD_AMOUNT; /* Python's list[-K:]: not supported */
    if (rc == TT_OK && tk.has_next_token && tk.next_token.len > TT_CLIENT_MAX_TOKEN)
        rc = TT_ERR_JSON_TOKEN_TOO_LONG;
    if (rc == TT_OK && tk.has_next_token)
        rc = set_tok(r, tk.next_token); /* also frees the scratch */
    else
        tt_arena_rollback(r->a, m);
    if (rc == TT_ERR_ARENA_FULL)
        return rc;
    if (rc != TT_OK) {
        r->c->err.cause = rc;
        return TT_ERR_BAD_STARTING_TOKEN;
    }
    r->page_skip = (size_t)tk.truncate;
    if (r->bp.has_next_token) { /* botocore injects NextToken before MaxResults */
        r->bp.order[1] = TT_BODY_M_NEXT_TOKEN;
        r->bp.order[2] = TT_BODY_M_MAX_RESULTS;
    }
    if (DBG_ON(r)) {
        dbg_open(r, "starting-token: ");
        dbg_adds(r, tk.legacy ? "legacy, NextToken " : "NextToken ");
        if (r->bp.has_next_token)
            dbg_add(r, r->bp.next_token.ptr, r->bp.next_token.len);
        else
            dbg_adds(r, "null");
        dbg_adds(r, ", skip ");
        dbg_addi(r, tk.truncate);
        dbg_close(r);
    }
    return TT_OK;
#endif
}

/* Hand the CLI resume token to the caller. */
#define TOK_CLI 0    /* max_items cut: on_token */
#define TOK_RAW 1    /* no_paginate: the server's token as it came, on_token */
#define TOK_RESUME 2 /* failure: on_error_token */

static int give_token(struct run *r, tt_str next, int has_next, int has_trunc, int64_t trunc,
                      tt_list_result *res, int mode)
{
    tt_token tk;
    size_t len = 0;
    void *mem;
    tt_arena_mark_t m = tt_arena_mark(r->a);
    int rc;

    if (mode == TOK_RAW) {
        if (res)
            res->has_token = 1;
        if (r->p->on_token && r->p->on_token(r->p->cb_ctx, next) != 0)
            return TT_ERR_CALLBACK_ABORT;
        return TT_OK;
    }
#if !TT_RESUME_TOKENS
    /* Built without resume tokens: max_items still stops, nothing to hand. */
    (void)has_next;
    (void)has_trunc;
    (void)trunc;
    (void)tk;
    (void)len;
    (void)mem;
    (void)m;
    (void)rc;
    return TT_OK;
#else
    memset(&tk, 0, sizeof tk);
    tk.next_token = next;
    tk.has_next_token = has_next;
    tk.has_truncate = has_trunc;
    tk.truncate = trunc;
    rc = tt_token_encode(&tk, NULL, 0, &len);
    if (rc != TT_ERR_BUFFER_TOO_SMALL && rc != TT_OK)
        return rc;
    rc = tt_arena_alloc(r->a, len + 1, 1, &mem);
    if (rc == TT_OK)
        rc = tt_token_encode(&tk, (char *)mem, len + 1, &len);
    if (rc == TT_OK) {
        tt_str s;
        s.ptr = (const char *)mem;
        s.len = len;
        tt_on_token_fn fn = mode == TOK_RESUME ? r->p->on_error_token : r->p->on_token;
        if (res && mode == TOK_RESUME)
            res->has_error_token = 1;
        else if (res)
            res->has_token = 1;
        if (DBG_ON(r))
            dbg_line(r, mode == TOK_RESUME ? "resume-after-error-token: " : "resume-token: ", s.ptr,
                     s.len);
        if (fn && fn(r->p->cb_ctx, s) != 0)
            rc = TT_ERR_CALLBACK_ABORT;
    }
    tt_arena_rollback(r->a, m);
    return rc;
#endif
}

#endif /* TT_CLI_PAGING */

/* ------------------------------------------------------------------------
 * Public functions
 * ------------------------------------------------------------------------ */

/* A request path goes verbatim onto the request line: '/' first, then only
 * visible ASCII, no query or fragment (those would change what is signed):
 * else TT_ERR_BAD_PARAMS.  `plain`: moreover its own canonical SigV4 form -
 * segments of A-Z a-z 0-9 - _ . ~, none empty, "." or ".." (but a trailing
 * '/') - the only paths the device signer (TT_SIGV4_FULL 0) signs, checked
 * here once: else TT_ERR_SIGV4_BAD_PATH. */
static int path_check(const char *p, int plain)
{
    int rc = TT_OK;
    unsigned ch, seg = 0; /* segment so far: 0 "", 1 ".", 2 "..", 3 or more fine */
    if (*p != '/')
        return TT_ERR_BAD_PARAMS;
    while ((ch = (unsigned char)*++p) != 0) {
        if (ch == '/') {
            if (seg < 3u)
                rc = TT_ERR_SIGV4_BAD_PATH;
            seg = 0;
            continue;
        }
        if ((ch | 32u) - 'a' >= 26u && ch - '0' >= 10u && ch != '-' && ch != '.' && ch != '_'
            && ch != '~') {
            if (ch - 0x21u >= 0x5eu || ch == '?' || ch == '#')
                return TT_ERR_BAD_PARAMS;
            rc = TT_ERR_SIGV4_BAD_PATH;
        }
        seg = ch == '.' ? seg + 1u : 3u; /* ("..." and beyond: fine too) */
    }
    if (seg - 1u < 2u) /* "." or ".." at the end ("" is a trailing '/') */
        rc = TT_ERR_SIGV4_BAD_PATH;
    return plain ? rc : TT_OK;
}

/* The defaults that a 0 / NULL in the configuration means (one place for
 * tt_client_config_defaults() and tt_client_init()). */
TT_NOINLINE static void cfg_fill(tt_client_config *cfg)
{
    if (!cfg->user_agent)
        cfg->user_agent = TT_DEFAULT_USER_AGENT;
    if (cfg->max_attempts == 0)
        cfg->max_attempts = TT_DEFAULT_MAX_ATTEMPTS;
    if (cfg->connect_timeout_ms == 0)
        cfg->connect_timeout_ms = TT_DEFAULT_CONNECT_TIMEOUT_MS;
    if (cfg->read_timeout_ms == 0)
        cfg->read_timeout_ms = TT_DEFAULT_READ_TIMEOUT_MS;
    if (cfg->io_buf == 0)
        cfg->io_buf = TT_CLIENT_RECV_BUF;
}

void tt_client_config_defaults(tt_client_config *cfg)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg);
    cfg->https = 1;
    cfg->port = 443;
    cfg->region = "us-east-1";
    cfg_fill(cfg);
}

int tt_client_init(tt_client *c, const tt_client_config *cfg)
{
    int rc;
    if (!c || !cfg)
        return TT_ERR_INVALID_ARG;
    memset(c, 0, sizeof *c);
    if (!cfg->transport || !cfg->platform || !cfg->transport->connect || !cfg->transport->send
        || !cfg->transport->recv || !cfg->transport->close || !cfg->platform->monotonic_ms
        || !cfg->platform->wall_clock || !cfg->platform->sleep_ms || !cfg->platform->random)
        return TT_ERR_INVALID_ARG;
    if (!cfg->host || !cfg->host[0] || cfg->port == 0)
        return TT_ERR_BAD_PARAMS;
    if (cfg->access_key_id && (!cfg->secret_access_key || !cfg->region || !cfg->region[0]))
        return TT_ERR_BAD_PARAMS;
    c->cfg = *cfg;
    if (!c->cfg.path || !c->cfg.path[0])
        c->cfg.path = "/";
    rc = path_check(c->cfg.path, !TT_SIGV4_FULL && cfg->access_key_id);
    if (rc != TT_OK)
        return rc; /* (c stays uninitialised) */
    c->retry_quota = TT_RETRY_QUOTA;
    if (!c->cfg.region)
        c->cfg.region = "";
    cfg_fill(&c->cfg);
    if (c->cfg.session_token && !c->cfg.session_token[0])
        c->cfg.session_token = NULL;
    c->initialised = 1; /* (the key cache is empty: zeroed above) */
    return TT_OK;
}

void tt_client_close(tt_client *c)
{
    if (!c || !c->initialised)
        return;
    conn_close(c);
    tt_sigv4_key_cache_clear(&c->key_cache);
}

/* The corrected time (also the signing time: attempt()); *epoch_s
 * untouched on failure.  (Without an offset offset_ms is 0: the wall clock
 * as it is; offset_monotonic is only ever set with have_offset.) */
int tt_client_now(const tt_client *c, int64_t *epoch_s)
{
    const tt_platform *pf;
    int64_t t; /* (set by the clock that succeeds) */
    if (!c || !epoch_s || !c->initialised)
        return TT_ERR_INVALID_ARG;
    pf = c->cfg.platform;
    if (c->offset_monotonic) {
        t = (int64_t)pf->monotonic_ms(pf->ctx);
    } else {
        int rc = pf->wall_clock(pf->ctx, &t);
        if (rc != TT_OK)
            return rc;
        t *= 1000;
    }
    *epoch_s = (t + c->offset_ms) / 1000;
    return TT_OK;
}

const tt_error_info *tt_client_error(const tt_client *c)
{
    return &c->err;
}

void tt_list_params_defaults(tt_list_params *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->max_items = -1;
}

size_t tt_client_arena_estimate(const tt_client *c, const tt_list_params *p)
{
    size_t n = 0, resp;
    if (!c || !p || !c->initialised)
        return 0;
    n += sizeof(struct run) + TT_ARENA_ALIGN_MAX;
    n += c->cfg.io_buf;
    if (TT_DEBUG && c->cfg.debug)
        n += TT_CLIENT_DEBUG_BUF;
    /* The request token at its length: assume the model's maximum (255). */
    n += p->starting_token.len > 256 ? p->starting_token.len : 256;
    n += TT_HTTP_PARSER_ARENA_BYTES;
    /* Then the response phase (the request takes no arena: tt_request.h). */
    resp = sizeof(tt_page_decoder) + TT_ARENA_ALIGN_MAX;
    if (SVCERR_BYTES + TT_ARENA_ALIGN_MAX > resp)
        resp = SVCERR_BYTES + TT_ARENA_ALIGN_MAX;
    n += resp;
    return n + 4 * (size_t)TT_ARENA_ALIGN_MAX;
}

#if TT_CLI_PAGING
/* botocore's PaginationError text, with Python's repr() of the token:
 * "The same next token was received twice: {'NextToken': 'tok'}". */
static void repeated_message(tt_client *c, tt_str tok)
{
    static const char head[] = "The same next token was received twice: {'NextToken': ";
    char *m = c->err.message;
    size_t cap = sizeof c->err.message - 4, k, i; /* room for the closing "'}" + NUL */
    int has_sq = 0, has_dq = 0;
    char q;
    for (i = 0; i < tok.len; i++) {
        has_sq |= tok.ptr[i] == '\'';
        has_dq |= tok.ptr[i] == '"';
    }
    q = has_sq && !has_dq ? '"' : '\'';
    k = cstr_copy(m, cap, head, sizeof head - 1);
    m[k++] = q;
    for (i = 0; i < tok.len && k + 2 < cap; i++) {
        char ch = tok.ptr[i];
        if (ch == '\\' || ch == q)
            m[k++] = '\\';
        m[k++] = ch;
    }
    m[k++] = q;
    m[k++] = '}';
    m[k] = '\0';
}

/* The listing failed: tell the caller where to resume so that nothing is
 * lost or repeated (right after the last assignment delivered). */
static void resume_after_error(struct run *r, tt_list_result *res)
{
    if (!r->p->on_error_token || r->p->no_paginate)
        return;
    (void)give_token(r, r->bp.next_token, r->bp.has_next_token, 1,
                     (int64_t)(r->page_skip + r->delivered), res, TOK_RESUME);
}

static int list_pages(struct run *r, tt_list_result *res)
{
    tt_client *c = r->c;
    const tt_list_params *p = r->p;
    int rc;

    for (;;) {
        tt_arena_mark_t m = tt_arena_mark(r->a);
        tt_page_info info;
        tt_str next;
        size_t items, num;
        int stop = 0, repeated = 0, cut = 0, at_end = 0;

        r->consumed = r->page_skip;
        r->delivered = 0;
        rc = fetch_page(r);
        if (rc != TT_OK) {
            r->total += r->delivered;
            if (res)
                res->items = r->total;
            resume_after_error(r, res);
            return rc;
        }
        items = tt_page_count(r->page);
        num = items > r->page_skip ? items - r->page_skip : 0;
        next = tt_page_next_token(r->page);

        if (p->no_paginate) { /* NOLINT(bugprone-branch-clone): same action, other reason */
            stop = 1;
        } else if (r->total + num > r->limit) {
            stop = cut = 1; /* mid-page: resume inside this page */
        } else if (!next.ptr) {
            stop = 1;
        } else if (r->total + num == r->limit) {
            stop = at_end = 1; /* exactly at a page end with more pages */
        } else if (r->tok_from_page && next.len == r->bp.next_token.len
                   && tt_bytes_eq(next.ptr, r->bp.next_token.ptr, next.len)) {
            stop = repeated = 1;
        }

        memset(&info, 0, sizeof info);
        info.page = r->pageno;
        info.request_token = r->bp.next_token;
        info.next_token = next;
        info.has_num_results = tt_page_has_num_results(r->page);
        info.num_results = tt_page_num_results(r->page);
        info.items_in_page = (uint32_t)items;
        info.skipped = (uint32_t)(items < r->page_skip ? items : r->page_skip);
        info.delivered = r->delivered;
        info.last = stop;
        r->total += r->delivered;
        r->pageno++;
        if (res) {
            res->items = r->total;
            res->pages = r->pageno;
        }
        if (p->on_page_end && p->on_page_end(p->cb_ctx, &info) != 0) {
            tt_arena_rollback(r->a, m);
            resume_after_error(r, res);
            return TT_ERR_CALLBACK_ABORT;
        }
        rc = TT_OK;
        if (p->no_paginate) {
            if (next.ptr)
                rc = give_token(r, next, 1, 0, 0, res, TOK_RAW);
        } else if (cut) {
            rc = give_token(r, r->bp.next_token, r->bp.has_next_token, 1,
                            (int64_t)(r->page_skip + r->delivered), res, TOK_CLI);
        } else if (at_end) {
            rc = give_token(r, next, 1, 0, 0, res, TOK_CLI);
        } else if (repeated) {
            repeated_message(c, next);
            if (DBG_ON(r))
                dbg_line(r, "error: ", c->err.message, strlen(c->err.message));
            rc = TT_ERR_REPEATED_TOKEN;
            tt_arena_rollback(r->a, m);
            resume_after_error(r, res);
        } else if (!stop) {
            rc = set_tok(r, next); /* releases the page (moves the token down) */
            r->tok_from_page = 1;
            r->page_skip = 0;
            if (rc != TT_OK)
                return rc;
            continue;
        }
        tt_arena_rollback(r->a, m);
        if (rc != TT_OK || stop)
            return rc;
    }
}

#else /* !TT_CLI_PAGING: the service's NextToken only */

static int list_pages(struct run *r, tt_list_result *res)
{
    const tt_list_params *p = r->p;
    (void)res; /* tt_client_list() fills it */

    for (;;) {
        tt_page_info info;
        int rc = fetch_page(r);
        r->total += r->delivered;
        if (rc != TT_OK)
            return rc;
        memset(&info, 0, sizeof info);
        info.page = r->pageno++;
        info.next_token = tt_page_next_token(r->page);
        info.items_in_page = (uint32_t)tt_page_count(r->page);
        info.delivered = r->delivered;
        rc = TT_OK;
        if (!info.next_token.ptr || r->total >= r->limit)
            info.last = 1;
        else if (info.next_token.len == r->bp.next_token.len /* (0 before the first token) */
                 && tt_bytes_eq(info.next_token.ptr, r->bp.next_token.ptr, info.next_token.len))
            info.last = 1, rc = TT_ERR_REPEATED_TOKEN; /* the message stays "" */
        if (p->on_page_end && p->on_page_end(p->cb_ctx, &info) != 0)
            return TT_ERR_CALLBACK_ABORT;
        if (info.last)
            return rc;
        rc = set_tok(r, info.next_token); /* releases the page (moves the token down) */
        if (rc != TT_OK)
            return rc;
        r->consumed = 0;
        r->delivered = 0;
    }
}
#endif /* TT_CLI_PAGING */

static const tt_http_callbacks http_cbs = {on_status, on_header, on_headers_done, on_body};

/* Set up the run state and list (tt_client_list() checked the params and
 * that the run fits). */
TT_NOINLINE static int run_list(tt_client *c, tt_arena *arena, const tt_list_params *params,
                                tt_list_result *result)
{
    struct run *r;
    void *mem;
    /* The run state and, right after it, the I/O buffer: one allocation. */
    int rc = tt_arena_alloc(arena, sizeof *r + c->cfg.io_buf, 0, &mem);
    if (rc != TT_OK)
        return rc;
    r = (struct run *)mem;
    memset(r, 0, sizeof *r);
    r->io = (uint8_t *)(r + 1);
    r->io_cap = c->cfg.io_buf;
    r->limit = (size_t)-1;
    if (params->max_items >= 0 && (uint64_t)params->max_items < r->limit)
        r->limit = (size_t)params->max_items;
    r->c = c;
    r->p = params;
    r->a = arena;
    r->bp.hit_id = params->hit_id;
    r->bp.max_results = params->page_size;
    r->bp.has_max_results = params->page_size != 0;
    r->bp.statuses = params->statuses;
    r->bp.status_count = params->n_statuses; /* 0 when statuses is NULL (checked) */
    r->bp.has_statuses = params->statuses != NULL;
    /* the CLI's order; hidden args (no_paginate): model order (all 0) */
    if (!TT_CLI_PAGING || !params->no_paginate) {
        r->bp.order[0] = TT_BODY_M_STATUSES;
        r->bp.order[1] = TT_BODY_M_MAX_RESULTS;
        r->bp.order[2] = TT_BODY_M_NEXT_TOKEN;
    }
    if (TT_DEBUG && c->cfg.debug) {
        rc = tt_arena_alloc(arena, TT_CLIENT_DEBUG_BUF, 1, &mem);
        if (rc != TT_OK)
            return rc;
        r->dbg = (char *)mem;
    }
    r->rq.cfg = &c->cfg;
    r->rq.body = &r->bp;
    rc = tt_http_check_host(tt_str_c(c->cfg.host));
    if (rc < 0)
        return rc;
    rc = tt_http_parser_init(&r->http, arena, &http_cbs, r);
    if (rc != TT_OK)
        return rc;
    r->tok_mark = tt_arena_mark(arena);

#if TT_CLI_PAGING
    rc = start_token(r);
    if (rc == TT_OK)
#endif
        rc = list_pages(r, result);
    if (result) {
        result->items = r->total;
        result->pages = r->pageno;
        result->requests = r->requests;
    }
    c->err.pages = r->pageno;
    return rc;
}

int tt_client_list(tt_client *c, tt_arena *arena, const tt_list_params *params,
                   tt_list_result *result)
{
    tt_arena_mark_t mark0;
    size_t need;
    int rc;

    if (!c || !arena || !params || !c->initialised)
        return TT_ERR_INVALID_ARG;
    memset(&c->err, 0, sizeof c->err);
    if (result)
        memset(result, 0, sizeof *result);
    mark0 = tt_arena_mark(arena);
    rc = TT_ERR_BAD_PARAMS;
    if (!params->hit_id.ptr || params->hit_id.len == 0
        || (params->no_paginate && (!TT_CLI_PAGING || params->max_items >= 0))
        || (params->statuses == NULL && params->n_statuses != 0))
        goto out; /* (refused: nothing was taken from the arena) */
#if !TT_CLI_PAGING
    rc = TT_ERR_TOKEN_DISABLED;
    if (params->starting_token.ptr)
        goto out;
#endif

    /* Fail early, before any request, when the run cannot fit. */
    need = mark0 + tt_client_arena_estimate(c, params);
    rc = TT_ERR_ARENA_FULL;
    if (need <= arena->cap)
        rc = run_list(c, arena, params, result);
    if (rc == TT_ERR_ARENA_FULL) { /* (from the estimate or from run_list) */
        if (arena->needed < need)
            arena->needed = need;
        c->err.arena_needed = arena->needed;
    }
out:
    if (rc != TT_OK) {
        if (rc == TT_ERR_CALLBACK_ABORT)
            conn_close(c);
        c->err.code = rc;
        if (c->err.cause == 0)
            c->err.cause = rc;
    } else {
        memset(&c->err, 0, sizeof c->err);
    }
    /* The requests built here carry the session token (and the debug buffer
     * the headers): leave none of it in the caller's memory. */
    if (arena->high_water > mark0)
        tt_zeroize(arena->base + mark0, arena->high_water - mark0);
    tt_arena_rollback(arena, mark0);
    return rc;
}
