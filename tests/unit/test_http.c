/*
 * test_http.c - request writer and incremental response parser.
 *
 * Every parser case is fed whole, 1 byte at a time and at pseudo-random
 * split points; all feeds must give the same callback trace, error and
 * flags.  Body bytes are coalesced in the trace because split points are
 * free to differ.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_http.h"
#include "tt_test.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static uint32_t rng_state = 12345u;
static uint32_t rng(void)
{
    /* xorshift32: deterministic across platforms. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* Length limits of the build under test (tt_http_len, TT_HTTP_LEN64):
 * test_http_small.c runs this file against the device build. */
#if TT_HTTP_LEN64
#define MAX_DEC "9223372036854775807"
#define OVER_DEC "9223372036854775808"
#define MAX_HEX "7fffffffffffffff"
#define OVER_HEX "8000000000000000"
#define ERR_CL_BIG TT_ERR_HTTP_BAD_LENGTH
#else
#define MAX_DEC "2147483647"
#define OVER_DEC "2147483648"
#define MAX_HEX "7fffffff"
#define OVER_HEX "80000000"
#define ERR_CL_BIG TT_ERR_HTTP_LENGTH_TOO_LARGE
#endif

static tt_str S(const char *s)
{
    return tt_str_c(s);
}

#define TRACE_CAP 16384

typedef struct {
    char trace[TRACE_CAP];
    size_t len;
    int last_body;
    int abort_at;   /* 1-based callback index to fail at, 0 = never */
    int abort_rc;   /* what to return then */
    int ncalls;
} rec_t;

static void rec_put(rec_t *r, const void *d, size_t n)
{
    if (r->len + n > TRACE_CAP) {
        n = TRACE_CAP - r->len;
    }
    memcpy(r->trace + r->len, d, n);
    r->len += n;
}

static void rec_puts(rec_t *r, const char *s)
{
    rec_put(r, s, strlen(s));
}

static int rec_count(rec_t *r)
{
    r->ncalls++;
    if (r->abort_at != 0 && r->ncalls == r->abort_at)
        return r->abort_rc;
    return 0;
}

static int cb_status(void *ctx, int status, const char *reason_ptr, size_t reason_len)
{
    rec_t *r = (rec_t *)ctx;
    tt_str reason = {reason_ptr, reason_len};
    char buf[32];
    r->last_body = 0;
    snprintf(buf, sizeof buf, "S%d[", status);
    rec_puts(r, buf);
    rec_put(r, reason.ptr, reason.len);
    rec_puts(r, "]\n");
    return rec_count(r);
}

static int cb_header(void *ctx, const char *name_ptr, size_t name_len, const char *value_ptr,
                     size_t value_len)
{
    rec_t *r = (rec_t *)ctx;
    tt_str name = {name_ptr, name_len}, value = {value_ptr, value_len};
    r->last_body = 0;
    rec_puts(r, "H");
    rec_put(r, name.ptr, name.len);
    rec_puts(r, "=[");
    rec_put(r, value.ptr, value.len);
    rec_puts(r, "]\n");
    return rec_count(r);
}

static int cb_done(void *ctx)
{
    rec_t *r = (rec_t *)ctx;
    r->last_body = 0;
    rec_puts(r, "D\n");
    return rec_count(r);
}

static int cb_body(void *ctx, const uint8_t *data, size_t len)
{
    rec_t *r = (rec_t *)ctx;
    if (len == 0)
        rec_puts(r, "<EMPTY BODY CALL>");
    if (!r->last_body)
        rec_puts(r, "B:");
    r->last_body = 1;
    rec_put(r, data, len);
    return rec_count(r);
}

static const tt_http_callbacks all_cbs = {cb_status, cb_header, cb_done, cb_body};

static unsigned char arena_buf[TT_HTTP_PARSER_ARENA_BYTES + 64];

typedef struct {
    rec_t rec;
    int rc;          /* first non-OK feed result, else TT_OK */
    size_t consumed; /* total bytes consumed */
    int done;        /* before eof */
    int eof_rc;      /* tt_http_parser_eof() result (when asked) */
    int done_after_eof;
    int keep_alive;
    int status;
    int version;
} result_t;

enum { MODE_WHOLE, MODE_BYTE, MODE_RANDOM };

/* Feed `in` in the given mode; stop at done/error; optionally eof. */
static void run(const char *in, size_t len, int mode, int do_eof, int expect_connect,
                result_t *res, int abort_at, int abort_rc)
{
    tt_arena a;
    tt_http_parser p;
    size_t off = 0;
    int rc;

    /* Reset field by field: clearing the whole trace each run is slow. */
    res->rec.len = 0;
    res->rec.last_body = 0;
    res->rec.ncalls = 0;
    res->rc = TT_OK;
    res->consumed = 0;
    res->done = res->eof_rc = res->done_after_eof = 0;
    res->keep_alive = res->status = res->version = 0;
    res->rec.abort_at = abort_at;
    res->rec.abort_rc = abort_rc;
    tt_arena_init(&a, arena_buf, sizeof arena_buf);
    rc = tt_http_parser_init(&p, &a, &all_cbs, &res->rec);
    if (rc != TT_OK) {
        res->rc = rc;
        return;
    }
    if (expect_connect)
        tt_http_parser_expect_connect(&p);
    while (off < len) {
        size_t n = len - off, used = 0;
        if (mode == MODE_BYTE)
            n = 1;
        else if (mode == MODE_RANDOM)
            n = 1 + rng() % (n < 40 ? n : 40);
        rc = tt_http_parser_feed(&p, (const uint8_t *)in + off, n, &used);
        if (used > n)
            rc = -9999;
        off += used;
        if (rc != TT_OK) {
            res->rc = rc;
            break;
        }
        if (tt_http_parser_done(&p))
            break;
        if (used != n) {
            res->rc = -9998; /* stopped short while not done */
            break;
        }
    }
    res->consumed = off;
    res->done = tt_http_parser_done(&p);
    res->status = tt_http_parser_status(&p);
    res->version = tt_http_parser_version(&p);
    if (do_eof) {
        res->eof_rc = tt_http_parser_eof(&p);
        res->done_after_eof = tt_http_parser_done(&p);
    }
    res->keep_alive = tt_http_parser_keep_alive(&p);
}

static int same_result(const result_t *a, const result_t *b)
{
    return a->rc == b->rc && a->done == b->done && a->eof_rc == b->eof_rc &&
           a->done_after_eof == b->done_after_eof && a->keep_alive == b->keep_alive &&
           a->status == b->status && a->version == b->version && a->rec.len == b->rec.len &&
           memcmp(a->rec.trace, b->rec.trace, a->rec.len) == 0 &&
           (a->rc != TT_OK || a->consumed == b->consumed);
}

static result_t res_whole, res_other;

/*
 * Parse `in` whole, bytewise and with 6 random splittings; all must agree.
 * Leaves the whole-feed result in res_whole.
 */
static int parse_all(const char *in, size_t len, int do_eof, int expect_connect)
{
    int ok = 1, k;
    run(in, len, MODE_WHOLE, do_eof, expect_connect, &res_whole, 0, 0);
    run(in, len, MODE_BYTE, do_eof, expect_connect, &res_other, 0, 0);
    if (!same_result(&res_whole, &res_other))
        ok = 0;
    for (k = 0; k < 6 && ok; k++) {
        run(in, len, MODE_RANDOM, do_eof, expect_connect, &res_other, 0, 0);
        if (!same_result(&res_whole, &res_other))
            ok = 0;
    }
    if (!ok) {
        printf("     split mismatch for input [%.*s]\n     whole: rc %d trace [%.*s]\n"
               "     other: rc %d trace [%.*s]\n",
               (int)len, in, res_whole.rc, (int)res_whole.rec.len, res_whole.rec.trace,
               res_other.rc, (int)res_other.rec.len, res_other.rec.trace);
    }
    return ok;
}

#define CHECK_PARSE(in, len, eof, conn) TT_CHECK(parse_all((in), (len), (eof), (conn)))
#define CHECK_TRACE(want) TT_CHECK_EQ_MEM(res_whole.rec.trace, res_whole.rec.len, (want), strlen(want))

/* Expect `in` (a C string) to fail while feeding with `err`, in every split mode. */
static void expect_feed_error(const char *in, int err, int line)
{
    int ok = parse_all(in, strlen(in), 0, 0);
    if (!tt_test_report(ok && res_whole.rc == err, __FILE__, line, "expect_feed_error"))
        printf("     input [%s]: got %d (%s), want %d (%s)\n", in, res_whole.rc,
               tt_errname(res_whole.rc), err, tt_errname(err));
}
#define EXPECT_FEED_ERROR(in, err) expect_feed_error((in), (err), __LINE__)

/* Expect a complete, OK parse with the given trace and keep-alive. */
static void expect_ok(const char *in, const char *trace, int keep_alive, int line)
{
    int ok = parse_all(in, strlen(in), 0, 0);
    ok = ok && res_whole.rc == TT_OK && res_whole.done && res_whole.consumed == strlen(in) &&
         res_whole.keep_alive == keep_alive && res_whole.rec.len == strlen(trace) &&
         memcmp(res_whole.rec.trace, trace, strlen(trace)) == 0;
    if (!tt_test_report(ok, __FILE__, line, "expect_ok"))
        printf("     input [%s]\n     rc %d done %d consumed %zu ka %d\n     trace [%.*s]\n"
               "     want  [%s]\n",
               in, res_whole.rc, res_whole.done, res_whole.consumed, res_whole.keep_alive,
               (int)res_whole.rec.len, res_whole.rec.trace, trace);
}
#define EXPECT_OK(in, trace, ka) expect_ok((in), (trace), (ka), __LINE__)

/* ------------------------------------------------------------------------
 * Parser: valid responses
 * ------------------------------------------------------------------------ */

static const char aws_resp[] =
    "HTTP/1.1 200 OK\r\n"
    "x-amzn-RequestId: 0a1b2c3d-0000-1111-2222-333344445555\r\n"
    "Content-Type: application/x-amz-json-1.1\r\n"
    "Content-Length: 33\r\n"
    "Date: Sun, 29 Nov 2026 00:14:22 GMT\r\n"
    "\r\n"
    "{\"Assignments\":[],\"NumResults\":0}";

static void test_basic(void)
{
    uint64_t cl = 0;
    tt_arena a;
    tt_http_parser p;
    size_t used;
    rec_t r;

    EXPECT_OK(aws_resp,
              "S200[OK]\n"
              "Hx-amzn-RequestId=[0a1b2c3d-0000-1111-2222-333344445555]\n"
              "HContent-Type=[application/x-amz-json-1.1]\n"
              "HContent-Length=[33]\n"
              "HDate=[Sun, 29 Nov 2026 00:14:22 GMT]\n"
              "D\n"
              "B:{\"Assignments\":[],\"NumResults\":0}",
              1);
    TT_CHECK_EQ_INT(res_whole.status, 200);
    TT_CHECK_EQ_INT(res_whole.version, 1);

    /* Getters before / during / after. */
    memset(&r, 0, sizeof r);
    tt_arena_init(&a, arena_buf, sizeof arena_buf);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, &all_cbs, &r), TT_OK);
    TT_CHECK_EQ_INT(tt_http_parser_status(&p), 0);
    TT_CHECK_EQ_INT(tt_http_parser_version(&p), -1);
    TT_CHECK_EQ_INT(tt_http_parser_content_length(&p, &cl), 0);
    TT_CHECK_EQ_INT(tt_http_parser_done(&p), 0);
    TT_CHECK_EQ_INT(tt_http_parser_keep_alive(&p), 0);
    TT_CHECK_EQ_INT(tt_http_parser_error(&p), TT_OK);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)aws_resp, 140, &used), TT_OK);
    TT_CHECK_EQ_INT(used, 140);
    TT_CHECK_EQ_INT(tt_http_parser_status(&p), 200);
    TT_CHECK_EQ_INT(tt_http_parser_content_length(&p, &cl), 1);
    TT_CHECK_EQ_INT(cl, 33);
    TT_CHECK_EQ_INT(tt_http_parser_content_length(&p, NULL), 1);
    TT_CHECK_EQ_INT(tt_http_parser_done(&p), 0);
    TT_CHECK_EQ_INT(tt_http_parser_keep_alive(&p), 0); /* not done yet */
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)aws_resp, 0, &used), TT_OK);
    TT_CHECK_EQ_INT(used, 0);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)aws_resp + 140,
                                        sizeof aws_resp - 1 - 140, &used),
                    TT_OK);
    TT_CHECK_EQ_INT(used, sizeof aws_resp - 1 - 140);
    TT_CHECK_EQ_INT(tt_http_parser_done(&p), 1);
    TT_CHECK_EQ_INT(tt_http_parser_keep_alive(&p), 1);
    TT_CHECK_EQ_INT(tt_http_parser_eof(&p), TT_OK); /* after done: fine */
    TT_CHECK_EQ_INT(tt_http_parser_done(&p), 1);
    /* Bytes after a done response without reset. */
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)"H", 1, &used),
                    TT_ERR_HTTP_UNEXPECTED_DATA);
    TT_CHECK_EQ_INT(used, 0);
    TT_CHECK_EQ_INT(tt_http_parser_done(&p), 0);
    TT_CHECK_EQ_INT(tt_http_parser_keep_alive(&p), 0);
    TT_CHECK_EQ_INT(tt_http_parser_error(&p), TT_ERR_HTTP_UNEXPECTED_DATA);
    TT_CHECK_EQ_INT(tt_http_parser_eof(&p), TT_ERR_HTTP_UNEXPECTED_DATA);
}

static void test_status_line_forms(void)
{
    EXPECT_OK("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", "S200[]\nHContent-Length=[0]\nD\n", 1);
    EXPECT_OK("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", "S200[]\nHContent-Length=[0]\nD\n", 1);
    EXPECT_OK("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n",
              "S503[Service Unavailable]\nHContent-Length=[0]\nD\n", 1);
    /* Reason may hold tabs and obs-text. */
    EXPECT_OK("HTTP/1.1 400 Bad\tReq \xc3\xa9 \r\nContent-Length: 0\r\n\r\n",
              "S400[Bad\tReq \xc3\xa9 ]\nHContent-Length=[0]\nD\n", 1);
    /* HTTP/1.2 counts as 1.1. */
    EXPECT_OK("HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n", "S200[OK]\nHContent-Length=[0]\nD\n",
              1);
    TT_CHECK_EQ_INT(res_whole.version, 1);
    /* Status 999 is a 3-digit code: accepted. */
    EXPECT_OK("HTTP/1.1 999 X\r\nContent-Length: 0\r\n\r\n", "S999[X]\nHContent-Length=[0]\nD\n", 1);
    /* No headers at all, content-length 0 missing -> close-delimited; see test_close. */
}

static void test_headers(void)
{
    /* OWS trimmed both sides, empty values, odd but legal name chars. */
    EXPECT_OK("HTTP/1.1 200 OK\r\n"
              "A:   spaced \t \r\n"
              "Empty:\r\n"
              "Empty2:   \t\r\n"
              "X-!#$%&'*+-.^_`|~9: v:w\r\n"
              "Inner: a  b\tc\r\n"
              "High: \x80\xff\r\n"
              "content-length: 2\r\n"
              "\r\nok",
              "S200[OK]\nHA=[spaced]\nHEmpty=[]\nHEmpty2=[]\nHX-!#$%&'*+-.^_`|~9=[v:w]\n"
              "HInner=[a  b\tc]\nHHigh=[\x80\xff]\nHcontent-length=[2]\nD\nB:ok",
              1);
}

static void test_keep_alive(void)
{
    EXPECT_OK("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx",
              "S200[OK]\nHConnection=[close]\nHContent-Length=[1]\nD\nB:x", 0);
    EXPECT_OK("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n",
              "S200[OK]\nHConnection=[Keep-Alive, CLOSE]\nHContent-Length=[0]\nD\n", 0);
    EXPECT_OK("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: ,, close ,\r\n"
              "Content-Length: 0\r\n\r\n",
              "S200[OK]\nHConnection=[keep-alive]\nHConnection=[,, close ,]\n"
              "HContent-Length=[0]\nD\n",
              0);
    EXPECT_OK("HTTP/1.1 200 OK\r\nConnection: keep-alive, Upgrade\r\nContent-Length: 0\r\n\r\n",
              "S200[OK]\nHConnection=[keep-alive, Upgrade]\nHContent-Length=[0]\nD\n", 1);
    /* "closed" is not "close". */
    EXPECT_OK("HTTP/1.1 200 OK\r\nConnection: closed\r\nContent-Length: 0\r\n\r\n",
              "S200[OK]\nHConnection=[closed]\nHContent-Length=[0]\nD\n", 1);
    /* HTTP/1.0: close unless keep-alive. */
    EXPECT_OK("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", "S200[OK]\nHContent-Length=[0]\nD\n",
              0);
    TT_CHECK_EQ_INT(res_whole.version, 0);
    EXPECT_OK("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n",
              "S200[OK]\nHConnection=[Keep-Alive]\nHContent-Length=[0]\nD\n", 1);
    EXPECT_OK("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n",
              "S200[OK]\nHConnection=[keep-alive, close]\nHContent-Length=[0]\nD\n", 0);
    /* HTTP/1.0 with chunked framing: decoded, connection not reused. */
    EXPECT_OK("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
              "1\r\nz\r\n0\r\n\r\n",
              "S200[OK]\nHConnection=[keep-alive]\nHTransfer-Encoding=[chunked]\nD\nB:z", 0);
}

static void test_close_delimited(void)
{
    const char *in = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello world";
    size_t k, len = strlen(in), hdr = strlen(in) - 11;

    CHECK_PARSE(in, len, 1, 0);
    TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done, 0); /* needs eof */
    TT_CHECK_EQ_INT(res_whole.eof_rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done_after_eof, 1);
    TT_CHECK_EQ_INT(res_whole.keep_alive, 0);
    CHECK_TRACE("S200[OK]\nHContent-Type=[text/plain]\nD\nB:hello world");
    /* Any prefix that reaches the body completes at eof. */
    for (k = hdr; k <= len; k++) {
        run(in, k, MODE_WHOLE, 1, 0, &res_whole, 0, 0);
        TT_CHECK(res_whole.eof_rc == TT_OK && res_whole.done_after_eof);
    }
    /* Empty close-delimited body. */
    CHECK_PARSE("HTTP/1.0 200 OK\r\n\r\n", 19, 1, 0);
    TT_CHECK_EQ_INT(res_whole.eof_rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done_after_eof, 1);
    TT_CHECK_EQ_INT(res_whole.keep_alive, 0);
    /* Even HTTP/1.0 keep-alive is off when the body ends at close. */
    in = "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nabc";
    CHECK_PARSE(in, strlen(in), 1, 0);
    TT_CHECK_EQ_INT(res_whole.done_after_eof, 1);
    TT_CHECK_EQ_INT(res_whole.keep_alive, 0);
}

static void test_chunked(void)
{
    EXPECT_OK("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nhello\r\n"
              "1;name=value;flag\r\n,\r\n"
              "0006 ; ext=\"quoted str\"\r\n world\r\n"
              "A\r\n0123456789\r\n"
              "b \t\r\nabcdefghijk\r\n"
              "000\r\n"
              "Trailer-One: x\r\n"
              "Trailer-Two:\r\n"
              "\r\n",
              "S200[OK]\nHTransfer-Encoding=[chunked]\nD\nB:hello, world0123456789abcdefghijk",
              1);
    /* Case-insensitive name and value; empty body. */
    EXPECT_OK("HTTP/1.1 200 OK\r\ntransfer-encoding:  CHUNKED \r\n\r\n0\r\n\r\n",
              "S200[OK]\nHtransfer-encoding=[CHUNKED]\nD\n", 1);
    /* Largest chunk size: accepted (then truncated at eof). */
    {
        const char *in = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         MAX_HEX "\r\nabc";
        CHECK_PARSE(in, strlen(in), 1, 0);
        TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
        TT_CHECK_EQ_INT(res_whole.eof_rc, TT_ERR_HTTP_TRUNCATED);
        /* Leading zeros do not count towards the size bound. */
        in = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
             "000000000000000000000001\r\nz\r\n0\r\n\r\n";
        CHECK_PARSE(in, strlen(in), 0, 0);
        TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
        TT_CHECK_EQ_INT(res_whole.done, 1);
    }
    /* Chunked 4xx. */
    EXPECT_OK("HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: ValidationException:http://x/\r\n"
              "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
              "2\r\n{}\r\n0\r\n\r\n",
              "S400[Bad Request]\nHx-amzn-ErrorType=[ValidationException:http://x/]\n"
              "HTransfer-Encoding=[chunked]\nHConnection=[close]\nD\nB:{}",
              0);
}

static void test_interim(void)
{
    EXPECT_OK("HTTP/1.1 100 Continue\r\n\r\n"
              "HTTP/1.1 103 Early Hints\r\nLink: </x>\r\nContent-Length: 99\r\n"
              "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n"
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
              "S200[OK]\nHContent-Length=[2]\nD\nB:hi", 1);
    /* An interim response does not leave its version behind. */
    EXPECT_OK("HTTP/1.0 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
              "S200[OK]\nHContent-Length=[0]\nD\n", 1);
    /* Bad header inside an interim response is still an error. */
    EXPECT_FEED_ERROR("HTTP/1.1 100 Continue\r\nbad\r\n\r\n", TT_ERR_HTTP_BAD_HEADER);
    /* 101 is refused. */
    EXPECT_FEED_ERROR("HTTP/1.1 101 Switching Protocols\r\n\r\n", TT_ERR_HTTP_BAD_STATUS_LINE);
}

static void test_no_body_statuses(void)
{
    const char *in = "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\nHTTP/1.1";
    CHECK_PARSE(in, strlen(in), 0, 0);
    TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    TT_CHECK_EQ_INT(res_whole.consumed, strlen(in) - 8);
    TT_CHECK_EQ_INT(res_whole.keep_alive, 1);
    in = "HTTP/1.1 204 No Content\r\n\r\n";
    CHECK_PARSE(in, strlen(in), 0, 0);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    TT_CHECK_EQ_INT(res_whole.keep_alive, 1);
    CHECK_TRACE("S204[No Content]\nD\n");
    /* 204 with a (bogus) chunked header: still no body. */
    in = "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n";
    CHECK_PARSE(in, strlen(in), 0, 0);
    TT_CHECK_EQ_INT(res_whole.done, 1);
}

static void test_connect(void)
{
    const char *in = "HTTP/1.1 200 Connection established\r\nContent-Length: 5\r\n\r\n\x16\x03\x01";
    size_t hdr = strlen(in) - 3;
    CHECK_PARSE(in, strlen(in), 0, 1);
    TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    TT_CHECK_EQ_INT(res_whole.consumed, hdr);
    CHECK_TRACE("S200[Connection established]\nHContent-Length=[5]\nD\n");
    in = "HTTP/1.0 200 OK\r\n\r\n";
    CHECK_PARSE(in, strlen(in), 0, 1);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    /* A refusal carries a normal body. */
    in = "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n"
         "Content-Length: 4\r\n\r\nnope";
    CHECK_PARSE(in, strlen(in), 0, 1);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    TT_CHECK_EQ_INT(res_whole.status, 407);
    TT_CHECK_EQ_INT(res_whole.consumed, strlen(in));
    CHECK_TRACE("S407[Proxy Authentication Required]\nHProxy-Authenticate=[Basic]\n"
                "HContent-Length=[4]\nD\nB:nope");
    /* Interim responses before the proxy's answer are skipped. */
    in = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\ntunnel";
    CHECK_PARSE(in, strlen(in), 0, 1);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    TT_CHECK_EQ_INT(res_whole.consumed, strlen(in) - 6);
    CHECK_TRACE("S200[OK]\nD\n");
    /* Without expect_connect a 200 with no framing reads to close. */
    in = "HTTP/1.1 200 Connection established\r\n\r\n";
    CHECK_PARSE(in, strlen(in), 0, 0);
    TT_CHECK_EQ_INT(res_whole.done, 0);
}

static void test_content_length_forms(void)
{
    EXPECT_OK("HTTP/1.1 200 OK\r\nContent-Length: 3, 3 ,3\r\n\r\nabc",
              "S200[OK]\nHContent-Length=[3, 3 ,3]\nD\nB:abc", 1);
    EXPECT_OK("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 003\r\n\r\nabc",
              "S200[OK]\nHContent-Length=[3]\nHContent-Length=[003]\nD\nB:abc", 1);
    {
        const char *in = "HTTP/1.1 200 OK\r\nContent-Length: " MAX_DEC "\r\n\r\nab";
        CHECK_PARSE(in, strlen(in), 1, 0);
        TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
        TT_CHECK_EQ_INT(res_whole.eof_rc, TT_ERR_HTTP_TRUNCATED);
    }
    /* The getter at the limits (the parser keeps the value plus one), and
     * only the final response's length counts. */
    {
        static const char *const ins[] = {
            "HTTP/1.1 200 OK\r\nContent-Length: " MAX_DEC "\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 100 Continue\r\nContent-Length: 7\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n"};
        const uint64_t want[] = {(uint64_t)strtoull(MAX_DEC, NULL, 10), 0, 0, 4};
        static const int has[] = {1, 1, 0, 1};
        size_t k, used;
        tt_arena a;
        tt_http_parser p;
        for (k = 0; k < sizeof ins / sizeof ins[0]; k++) {
            uint64_t cl = 99;
            tt_arena_init(&a, arena_buf, sizeof arena_buf);
            TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_OK);
            TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)ins[k], strlen(ins[k]), &used),
                            TT_OK);
            TT_CHECK_EQ_INT(tt_http_parser_content_length(&p, &cl), has[k]);
            if (has[k])
                TT_CHECK(cl == want[k]);
            else
                TT_CHECK(cl == 99);
            /* A Content-Length of 0 ends the message at once; none reads to close. */
            TT_CHECK_EQ_INT(tt_http_parser_done(&p), k == 1);
        }
    }
}

static void test_pipelined(void)
{
    static const char two[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
                              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "2\r\nde\r\n0\r\n\r\n"
                              "HTTP/1.1 204 No Content\r\n\r\n";
    size_t len = sizeof two - 1, first = 41;
    tt_arena a;
    tt_http_parser p;
    rec_t r;
    size_t used = 0, off = 0;
    int n = 0, mode;

    for (mode = 0; mode < 3; mode++) {
        memset(&r, 0, sizeof r);
        tt_arena_init(&a, arena_buf, sizeof arena_buf);
        TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, &all_cbs, &r), TT_OK);
        off = 0;
        n = 0;
        while (off < len) {
            size_t chunk = len - off;
            if (mode == 1)
                chunk = 1;
            else if (mode == 2)
                chunk = 1 + rng() % 50;
            if (chunk > len - off)
                chunk = len - off;
            if (tt_http_parser_feed(&p, (const uint8_t *)two + off, chunk, &used) != TT_OK)
                break;
            if (mode == 0 && n == 0)
                TT_CHECK_EQ_INT(used, first);
            off += used;
            if (tt_http_parser_done(&p)) {
                TT_CHECK_EQ_INT(tt_http_parser_keep_alive(&p), 1);
                n++;
                tt_http_parser_reset(&p);
            }
        }
        TT_CHECK_EQ_INT(off, len);
        TT_CHECK_EQ_INT(n, 3);
        TT_CHECK_EQ_MEM(r.trace, r.len,
                        "S200[OK]\nHContent-Length=[3]\nD\nB:abc"
                        "S200[OK]\nHTransfer-Encoding=[chunked]\nD\nB:de"
                        "S204[No Content]\nD\n",
                        strlen("S200[OK]\nHContent-Length=[3]\nD\nB:abc"
                               "S200[OK]\nHTransfer-Encoding=[chunked]\nD\nB:de"
                               "S204[No Content]\nD\n"));
    }
    /* reset also clears an error and expect_connect. */
    memset(&r, 0, sizeof r);
    tt_arena_init(&a, arena_buf, sizeof arena_buf);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, &all_cbs, &r), TT_OK);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)"XTTP", 4, &used), TT_OK);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)"\r\n", 2, &used),
                    TT_ERR_HTTP_BAD_STATUS_LINE);
    TT_CHECK_EQ_INT(used, 1);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)two, len, &used),
                    TT_ERR_HTTP_BAD_STATUS_LINE);
    TT_CHECK_EQ_INT(used, 0);
    tt_http_parser_reset(&p);
    tt_http_parser_expect_connect(&p);
    tt_http_parser_reset(&p);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)two, len, &used), TT_OK);
    TT_CHECK_EQ_INT(used, first);
    TT_CHECK_EQ_INT(tt_http_parser_done(&p), 1);
#if TT_ARG_CHECKS
    /* Never-initialised-by-arena parser stays broken through reset. */
    {
        tt_arena small;
        tt_http_parser q;
        tt_arena_init(&small, NULL, 0);
        TT_CHECK_EQ_INT(tt_http_parser_init(&q, &small, NULL, NULL), TT_ERR_ARENA_FULL);
        tt_http_parser_reset(&q);
        TT_CHECK_EQ_INT(tt_http_parser_feed(&q, (const uint8_t *)two, len, &used),
                        TT_ERR_ARENA_FULL);
        TT_CHECK_EQ_INT(tt_http_parser_eof(&q), TT_ERR_ARENA_FULL);
    }
#endif
}

/* ------------------------------------------------------------------------
 * Parser: malformed input
 * ------------------------------------------------------------------------ */

static void test_bad_status(void)
{
    static const char *const bad[] = {
        "\r\n",
        "HTTP/1.1 20 OK\r\n",
        "HTTP/1.1 2000 OK\r\n",
        "HTTP/2.0 200 OK\r\n",
        "HTTP/2 200 OK\r\n",
        "HTTP/1.1  200 OK\r\n",
        "http/1.1 200 OK\r\n",
        "HTTX/1.1 200 OK\r\n",
        "HTTP/1.x 200 OK\r\n",
        "HTTP/1.1 200OK\r\n",
        "HTTP/1.1 2O0 OK\r\n",
        "HTTP/1.1 099 Low\r\n",
        "HTTP/1.1 000 Zero\r\n",
        "HTTP/1.1 200 O\x01K\r\n",
        "HTTP/1.1 200 O\x7fK\r\n",
        "HTTP/1.1 200 OK\rX",
        "HTTP/1.1 200 OK\n",
        "HTTP/1.1 200 O\nK\r\n",
        " HTTP/1.1 200 OK\r\n",
        "HTTP/1.10 200 OK\r\n",
        "HTTP/1.1\r\n",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_FEED_ERROR(bad[i], TT_ERR_HTTP_BAD_STATUS_LINE);
}

static void test_bad_headers(void)
{
    static const char *const bad[] = {
        "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nName : v\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: v\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNa(me: v\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNa\x80me: v\r\n\r\n",
        "HTTP/1.1 200 OK\r\nName: a\x01 b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nName: a\x7f\r\n\r\n",
        "HTTP/1.1 200 OK\r\nName: a\rb\r\n\r\n",
        "HTTP/1.1 200 OK\r\nName: ab\n\r\n",
        "HTTP/1.1 200 OK\r\n\n",
        "HTTP/1.1 200 OK\r\n\rX",
        "HTTP/1.1 200 OK\r\nA: b\r\n\rX",
    };
    size_t i;
    static const char nul_in[] = "HTTP/1.1 200 OK\r\nName: a\0b\r\n\r\n";

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_FEED_ERROR(bad[i], TT_ERR_HTTP_BAD_HEADER);
    CHECK_PARSE(nul_in, sizeof nul_in - 1, 0, 0);
    TT_CHECK_EQ_INT(res_whole.rc, TT_ERR_HTTP_BAD_HEADER);
    /* A control character is refused at its byte, before the line ends:
     * consumed stops there, whatever the line's state. */
    {
        static const struct {
            const char *in;
            int err;
        } at[] = {
            {"HTTP/1.1 200 O\x01K\r\n", TT_ERR_HTTP_BAD_STATUS_LINE},
            {"HTTP/1.1 200 OK\r\nName: a\x7f b\r\n\r\n", TT_ERR_HTTP_BAD_HEADER},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\x02\r\n", TT_ERR_HTTP_BAD_CHUNK},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: \x1f\r\n\r\n",
             TT_ERR_HTTP_BAD_HEADER},
        };
        tt_arena a;
        tt_http_parser q;
        size_t k, used;
        for (k = 0; k < sizeof at / sizeof at[0]; k++) {
            const char *c = at[k].in;
            while (((unsigned char)*c >= 0x20u && *c != 0x7f) || *c == '\r' || *c == '\n')
                c++;
            tt_arena_init(&a, arena_buf, sizeof arena_buf);
            TT_CHECK_EQ_INT(tt_http_parser_init(&q, &a, NULL, NULL), TT_OK);
            TT_CHECK_EQ_INT(tt_http_parser_feed(&q, (const uint8_t *)at[k].in, strlen(at[k].in),
                                                &used),
                            at[k].err);
            TT_CHECK_EQ_INT(used, (size_t)(c - at[k].in));
        }
    }
    /* Folding. */
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n", TT_ERR_HTTP_OBS_FOLD);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nA: b\r\n\tc\r\n\r\n", TT_ERR_HTTP_OBS_FOLD);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\n A: b\r\n\r\n", TT_ERR_HTTP_OBS_FOLD);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\n c\r\n\r\n",
                      TT_ERR_HTTP_OBS_FOLD);
    /* A callback saw the headers before the bad one, in every split mode. */
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nA: 1\r\nB 2\r\n\r\n", TT_ERR_HTTP_BAD_HEADER);
    CHECK_TRACE("S200[OK]\nHA=[1]\n");
}

static void test_lengths_bad(void)
{
    static const char *const bad[] = {
        "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5a\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5,\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: ,5\r\n\r\n",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_FEED_ERROR(bad[i], TT_ERR_HTTP_BAD_LENGTH);
    /* Over the build's limit (2^63-1 on hosts, 2^31-1 on devices). */
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nContent-Length: " OVER_DEC "\r\n\r\n", ERR_CL_BIG);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                      ERR_CL_BIG);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nContent-Length: 1, " OVER_DEC "\r\n\r\n", ERR_CL_BIG);
    /* A malformed item wins over a conflict found in it. */
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nContent-Length: 5, 6x\r\n\r\n",
                      TT_ERR_HTTP_BAD_LENGTH);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
                      TT_ERR_HTTP_LENGTH_CONFLICT);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                      TT_ERR_HTTP_LENGTH_CONFLICT);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                      TT_ERR_HTTP_LENGTH_CONFLICT);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
                      TT_ERR_HTTP_LENGTH_CONFLICT);
    /* No on_headers_done when the framing is contradictory. */
    CHECK_TRACE("S200[OK]\nHTransfer-Encoding=[chunked]\nHContent-Length=[5]\n");
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                      TT_ERR_HTTP_UNSUPPORTED_TE);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                      TT_ERR_HTTP_UNSUPPORTED_TE);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n",
                      TT_ERR_HTTP_UNSUPPORTED_TE);
    EXPECT_FEED_ERROR("HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n", TT_ERR_HTTP_UNSUPPORTED_TE);
}

static void test_chunks_bad(void)
{
#define CH "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    static const char *const bad_chunk[] = {
        CH "\r\n",
        CH "zz\r\n",
        CH ";ext\r\n",
        CH " 5\r\n",
        CH "5 x\r\n",
        CH "5x\r\n",
        CH "5\rx",
        CH "5\n",
        CH "5;a\x01\r\n",
        CH "5;a\n",
        CH "5 \n",
        CH "-5\r\n",
        CH "0x5\r\n",
    };
    size_t i;
    for (i = 0; i < sizeof bad_chunk / sizeof bad_chunk[0]; i++)
        EXPECT_FEED_ERROR(bad_chunk[i], TT_ERR_HTTP_BAD_CHUNK);
    EXPECT_FEED_ERROR(CH "5\r\nhelloX", TT_ERR_HTTP_CHUNK_CRLF);
    EXPECT_FEED_ERROR(CH "5\r\nhello\rX", TT_ERR_HTTP_CHUNK_CRLF);
    EXPECT_FEED_ERROR(CH "5\r\nhello\n", TT_ERR_HTTP_CHUNK_CRLF);
    EXPECT_FEED_ERROR(CH "3\r\nhello\r\n", TT_ERR_HTTP_CHUNK_CRLF);
    CHECK_TRACE("S200[OK]\nHTransfer-Encoding=[chunked]\nD\nB:hel");
    EXPECT_FEED_ERROR(CH OVER_HEX "\r\n", TT_ERR_HTTP_CHUNK_TOO_LARGE);
    EXPECT_FEED_ERROR(CH "1" OVER_HEX "\r\n", TT_ERR_HTTP_CHUNK_TOO_LARGE);
    EXPECT_FEED_ERROR(CH "z" OVER_HEX "\r\n", TT_ERR_HTTP_BAD_CHUNK);
    EXPECT_FEED_ERROR(CH "fffffffffffffffff\r\n", TT_ERR_HTTP_CHUNK_TOO_LARGE);
    /* Trailers. */
    EXPECT_FEED_ERROR(CH "0\r\nbad trailer\r\n\r\n", TT_ERR_HTTP_BAD_HEADER);
    EXPECT_FEED_ERROR(CH "0\r\n\n", TT_ERR_HTTP_BAD_HEADER);
    /* Trailers are not reported, even framing-looking ones. */
    EXPECT_OK(CH "0\r\nContent-Length: zz\r\nConnection: close\r\n\r\n",
              "S200[OK]\nHTransfer-Encoding=[chunked]\nD\n", 1);
}

static char big[40000];

static void test_limits(void)
{
    size_t n, i;
    unsigned k;

    /* Status line of exactly TT_HTTP_MAX_LINE bytes: fine; one more: too long. */
    strcpy(big, "HTTP/1.1 200 ");
    n = strlen(big);
    memset(big + n, 'r', (size_t)TT_HTTP_MAX_LINE - n);
    strcpy(big + TT_HTTP_MAX_LINE, "\r\nContent-Length: 0\r\n\r\n");
    CHECK_PARSE(big, strlen(big), 0, 0);
    TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    memset(big + n, 'r', (size_t)TT_HTTP_MAX_LINE + 1 - n);
    strcpy(big + TT_HTTP_MAX_LINE + 1, "\r\nContent-Length: 0\r\n\r\n");
    EXPECT_FEED_ERROR(big, TT_ERR_HTTP_LINE_TOO_LONG);
    TT_CHECK_EQ_INT(res_whole.rec.len, 0);

    /* Header line at the limit and over it. */
    strcpy(big, "HTTP/1.1 200 OK\r\nX: ");
    n = strlen(big);
    memset(big + n, 'v', (size_t)TT_HTTP_MAX_LINE - 3);
    strcpy(big + n + TT_HTTP_MAX_LINE - 3, "\r\nContent-Length: 0\r\n\r\n");
    CHECK_PARSE(big, strlen(big), 0, 0);
    TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    memset(big + n, 'v', (size_t)TT_HTTP_MAX_LINE - 2);
    strcpy(big + n + TT_HTTP_MAX_LINE - 2, "\r\nContent-Length: 0\r\n\r\n");
    EXPECT_FEED_ERROR(big, TT_ERR_HTTP_LINE_TOO_LONG);
    /* Same with no CR at all (the line never ends). */
    big[n + TT_HTTP_MAX_LINE - 2] = 'v';
    big[n + TT_HTTP_MAX_LINE - 1] = '\0';
    EXPECT_FEED_ERROR(big, TT_ERR_HTTP_LINE_TOO_LONG);

    /* Trailer line over the limit. */
    strcpy(big, CH "0\r\nT: ");
    n = strlen(big);
    memset(big + n, 't', (size_t)TT_HTTP_MAX_LINE);
    strcpy(big + n + TT_HTTP_MAX_LINE, "\r\n\r\n");
    EXPECT_FEED_ERROR(big, TT_ERR_HTTP_LINE_TOO_LONG);

    /* Chunk-size line (with extension) at and over the limit. */
    strcpy(big, CH "1;");
    n = strlen(big);
    memset(big + n, 'e', (size_t)TT_HTTP_MAX_LINE - 2);
    strcpy(big + n + TT_HTTP_MAX_LINE - 2, "\r\nz\r\n0\r\n\r\n");
    CHECK_PARSE(big, strlen(big), 0, 0);
    TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done, 1);
    memset(big + n, 'e', (size_t)TT_HTTP_MAX_LINE - 1);
    strcpy(big + n + TT_HTTP_MAX_LINE - 1, "\r\nz\r\n0\r\n\r\n");
    EXPECT_FEED_ERROR(big, TT_ERR_HTTP_LINE_TOO_LONG);
    /* Endless zeros: bounded by the line limit too. */
    strcpy(big, CH);
    n = strlen(big);
    memset(big + n, '0', 3000);
    big[n + 3000] = '\0';
    EXPECT_FEED_ERROR(big, TT_ERR_HTTP_LINE_TOO_LONG);

    /* Header count at and over the limit. */
    for (k = 0; k < 2; k++) {
        strcpy(big, "HTTP/1.1 200 OK\r\n");
        n = strlen(big);
        for (i = 0; i < (size_t)TT_HTTP_MAX_HEADERS - 1 + k; i++)
            n += (size_t)sprintf(big + n, "H%u: v\r\n", (unsigned)i);
        strcpy(big + n, "Content-Length: 0\r\n\r\n");
        if (k == 0) {
            CHECK_PARSE(big, strlen(big), 0, 0);
            TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
            TT_CHECK_EQ_INT(res_whole.done, 1);
        } else {
            EXPECT_FEED_ERROR(big, TT_ERR_HTTP_TOO_MANY_HEADERS);
        }
    }
    /* Trailer count: its own budget. */
    for (k = 0; k < 2; k++) {
        strcpy(big, "HTTP/1.1 200 OK\r\n");
        n = strlen(big);
        for (i = 0; i < (size_t)TT_HTTP_MAX_HEADERS - 1; i++)
            n += (size_t)sprintf(big + n, "H%u: v\r\n", (unsigned)i);
        n += (size_t)sprintf(big + n, "Transfer-Encoding: chunked\r\n\r\n0\r\n");
        for (i = 0; i < (size_t)TT_HTTP_MAX_HEADERS + k; i++)
            n += (size_t)sprintf(big + n, "T%u: v\r\n", (unsigned)i);
        strcpy(big + n, "\r\n");
        if (k == 0) {
            CHECK_PARSE(big, strlen(big), 0, 0);
            TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
            TT_CHECK_EQ_INT(res_whole.done, 1);
        } else {
            EXPECT_FEED_ERROR(big, TT_ERR_HTTP_TOO_MANY_HEADERS);
        }
    }
    /* Interim responses get a fresh budget each. */
    strcpy(big, "HTTP/1.1 100 Continue\r\n");
    n = strlen(big);
    for (i = 0; i < (size_t)TT_HTTP_MAX_HEADERS; i++)
        n += (size_t)sprintf(big + n, "I%u: v\r\n", (unsigned)i);
    n += (size_t)sprintf(big + n, "\r\nHTTP/1.1 200 OK\r\n");
    for (i = 0; i < (size_t)TT_HTTP_MAX_HEADERS - 1; i++)
        n += (size_t)sprintf(big + n, "H%u: v\r\n", (unsigned)i);
    strcpy(big + n, "Content-Length: 0\r\n\r\n");
    CHECK_PARSE(big, strlen(big), 0, 0);
    TT_CHECK_EQ_INT(res_whole.rc, TT_OK);
    TT_CHECK_EQ_INT(res_whole.done, 1);
}

/* Every strict prefix of a valid response: TRUNCATED at eof (NO_RESPONSE for 0). */
static void check_truncation(const char *in, int line)
{
    size_t k, len = strlen(in);
    int ok = 1;
    for (k = 0; k < len && ok; k++) {
        int mode;
        for (mode = 0; mode < 2 && ok; mode++) {
            run(in, k, mode, 1, 0, &res_other, 0, 0);
            if (res_other.rc != TT_OK || res_other.done ||
                res_other.eof_rc != (k == 0 ? TT_ERR_HTTP_NO_RESPONSE : TT_ERR_HTTP_TRUNCATED) ||
                res_other.keep_alive != 0) {
                printf("     prefix %zu mode %d: rc %d eof %d\n", k, mode, res_other.rc,
                       res_other.eof_rc);
                ok = 0;
            }
        }
    }
    run(in, len, MODE_WHOLE, 1, 0, &res_other, 0, 0);
    ok = ok && res_other.done && res_other.eof_rc == TT_OK;
    tt_test_report(ok, __FILE__, line, "check_truncation");
}

static void test_truncation(void)
{
    check_truncation(aws_resp, __LINE__);
    check_truncation(CH "5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n", __LINE__);
    check_truncation("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", __LINE__);
    check_truncation("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", __LINE__);
    /* Sticky after eof error. */
    {
        tt_arena a;
        tt_http_parser p;
        size_t used;
        tt_arena_init(&a, arena_buf, sizeof arena_buf);
        TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_OK);
        TT_CHECK_EQ_INT(tt_http_parser_eof(&p), TT_ERR_HTTP_NO_RESPONSE);
        TT_CHECK_EQ_INT(tt_http_parser_eof(&p), TT_ERR_HTTP_NO_RESPONSE);
        TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)"H", 1, &used),
                        TT_ERR_HTTP_NO_RESPONSE);
        TT_CHECK_EQ_INT(used, 0);
        TT_CHECK_EQ_INT(tt_http_parser_keep_alive(&p), 0);
        tt_http_parser_reset(&p);
        TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)"H", 1, &used), TT_OK);
        TT_CHECK_EQ_INT(tt_http_parser_eof(&p), TT_ERR_HTTP_TRUNCATED);
    }
}

/* Callback returns abort the parse: negative passed on, positive -> CALLBACK_ABORT. */
static void test_callback_abort(void)
{
    /* aws_resp makes 7 callbacks (status, 4 headers, done, >=1 body). */
    int at, mode;
    for (at = 1; at <= 7; at++) {
        for (mode = 0; mode < 3; mode++) {
            run(aws_resp, sizeof aws_resp - 1, mode, 1, 0, &res_other, at, -42);
            TT_CHECK_EQ_INT(res_other.rc, -42);
            TT_CHECK_EQ_INT(res_other.eof_rc, -42);
            TT_CHECK_EQ_INT(res_other.rec.ncalls, at);
            run(aws_resp, sizeof aws_resp - 1, mode, 0, 0, &res_other, at, 7);
            TT_CHECK_EQ_INT(res_other.rc, TT_ERR_CALLBACK_ABORT);
            TT_CHECK_EQ_INT(res_other.keep_alive, 0);
        }
    }
    /* Close-delimited and chunked body callbacks abort too. */
    run("HTTP/1.1 200 OK\r\n\r\nabc", 22, MODE_WHOLE, 1, 0, &res_other, 3, TT_ERR_IO);
    TT_CHECK_EQ_INT(res_other.rc, TT_ERR_IO);
    TT_CHECK_EQ_INT(res_other.eof_rc, TT_ERR_IO);
    {
        const char *in = CH "3\r\nabc\r\n0\r\n\r\n";
        run(in, strlen(in), MODE_WHOLE, 0, 0, &res_other, 4, -7);
        TT_CHECK_EQ_INT(res_other.rc, -7);
    }
    /* NULL callbacks: parse still works. */
    {
        tt_arena a;
        tt_http_parser p;
        size_t used;
        static const tt_http_callbacks none = {NULL, NULL, NULL, NULL};
        tt_arena_init(&a, arena_buf, sizeof arena_buf);
        TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, &none, NULL), TT_OK);
        TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)aws_resp, sizeof aws_resp - 1,
                                            &used),
                        TT_OK);
        TT_CHECK_EQ_INT(tt_http_parser_done(&p), 1);
    }
}

static void test_init_args(void)
{
    tt_arena a;
    tt_http_parser p;
    size_t used = 99;
    unsigned char small[TT_HTTP_PARSER_ARENA_BYTES];

    tt_arena_init(&a, small, sizeof small - 1);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(a.needed, TT_HTTP_PARSER_ARENA_BYTES);
    tt_arena_init(&a, small, sizeof small);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_OK);
    TT_CHECK_EQ_INT(a.used, TT_HTTP_PARSER_ARENA_BYTES);
#if TT_ARG_CHECKS /* (the device profile leaves argument checks to the caller) */
    TT_CHECK_EQ_INT(tt_http_parser_init(NULL, &a, NULL, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, NULL, NULL, NULL), TT_ERR_INVALID_ARG);
    tt_arena_init(&a, small, sizeof small);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_OK);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)"H", 1, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_http_parser_feed(NULL, (const uint8_t *)"H", 1, &used),
                    TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(used, 0);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, NULL, 1, &used), TT_ERR_INVALID_ARG);
#else
    tt_arena_init(&a, small, sizeof small);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_OK);
#endif
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, NULL, 0, &used), TT_OK);
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_http_parser_eof(NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_http_parser_done(NULL), 0);
    TT_CHECK_EQ_INT(tt_http_parser_keep_alive(NULL), 0);
    TT_CHECK_EQ_INT(tt_http_parser_status(NULL), 0);
    TT_CHECK_EQ_INT(tt_http_parser_version(NULL), -1);
    TT_CHECK_EQ_INT(tt_http_parser_error(NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_http_parser_content_length(NULL, NULL), 0);
    tt_http_parser_reset(NULL);
    tt_http_parser_expect_connect(NULL);
    /* A parser that was never initialised is refused, not dereferenced. */
    {
        tt_http_parser z;
        memset(&z, 0, sizeof z);
        TT_CHECK_EQ_INT(tt_http_parser_feed(&z, (const uint8_t *)"H", 1, &used),
                        TT_ERR_INVALID_ARG);
    }
#endif
    /* Unaligned arena: alignment 1 means no padding. */
    tt_arena_init(&a, arena_buf + 1, TT_HTTP_PARSER_ARENA_BYTES);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_OK);
}

static void test_name_eq(void)
{
    TT_CHECK(tt_http_name_eq(S("X-Amzn-RequestId"), "x-amzn-requestid"));
    TT_CHECK(tt_http_name_eq(S("DATE"), "date"));
    TT_CHECK(!tt_http_name_eq(S("Dates"), "date"));
    TT_CHECK(!tt_http_name_eq(S("Dat"), "date"));
    TT_CHECK(!tt_http_name_eq(S("Datf"), "date"));
    TT_CHECK(tt_http_name_eq(S(""), ""));
#if TT_ARG_CHECKS
    TT_CHECK(!tt_http_name_eq(S("a"), NULL));
    {
        tt_str bad = {NULL, 3};
        TT_CHECK(!tt_http_name_eq(bad, "abc"));
    }
#endif
    /* `want` is lower case by contract: only `name` is folded. */
    TT_CHECK(!tt_http_name_eq(S("date"), "Date"));
    TT_CHECK(tt_http_name_eq(S("CONTENT-length"), "content-length"));
    /* Non-letters are not case-folded. */
    TT_CHECK(!tt_http_name_eq(S("["), "{"));
    TT_CHECK(!tt_http_name_eq(S("@"), "`"));
}

/* Random mutations of valid responses: every feeding agrees, nothing crashes. */
static void test_mutations(void)
{
    static const char *const seeds[] = {
        aws_resp,
        CH "5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nbody",
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 2, 2\r\n\r\n{}",
    };
    static const char alphabet[] = "\r\n :;,0123456789abcdefHTP/.\t\x01\x80Xx-";
    char buf[512];
    int iter, ok = 1;
    for (iter = 0; iter < 3000 && ok; iter++) {
        const char *s = seeds[rng() % (sizeof seeds / sizeof seeds[0])];
        size_t len = strlen(s), m, nmut = 1 + rng() % 4;
        int k;
        memcpy(buf, s, len);
        for (m = 0; m < nmut; m++) {
            size_t pos = rng() % len;
            unsigned op = rng() % 3;
            char c = alphabet[rng() % (sizeof alphabet - 1)];
            if (op == 0) {
                buf[pos] = c;
            } else if (op == 1 && len < sizeof buf - 1) {
                memmove(buf + pos + 1, buf + pos, len - pos);
                buf[pos] = c;
                len++;
            } else if (len > 1) {
                memmove(buf + pos, buf + pos + 1, len - pos - 1);
                len--;
            }
        }
        for (k = 0; k < 2 && ok; k++) {
            int ce = k;
            ok = parse_all(buf, len, 1, ce);
            /* No error without a documented code. */
            if (res_whole.rc != TT_OK && (res_whole.rc > -400 || res_whole.rc < -499))
                ok = 0;
        }
    }
    TT_CHECK(ok);
}

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

static const char spec_capture[] =
    "POST / HTTP/1.1\r\n"
    "Host: 127.0.0.1:39405\r\n"
    "Accept-Encoding: identity\r\n"
    "X-Amz-Target: MTurkRequesterServiceV20170117.ListAssignmentsForHIT\r\n"
    "Content-Type: application/x-amz-json-1.1\r\n"
    "User-Agent: aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v782 source/x86_64.debian.12 "
    "prompt/off command/mturk.list-assignments-for-hit\r\n"
    "X-Amz-Date: 20261129T001422Z\r\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/mturk-requester/"
    "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
    "Signature=dcb674b7...de2\r\n"
    "Content-Length: 30\r\n"
    "\r\n"
    "{\"HITId\": \"3XHITPLAINEXAMPLE\"}";

static tt_http_header spec_headers[8];

static void make_spec_headers(void)
{
    spec_headers[0].name = S("Host");
    spec_headers[0].value = S("127.0.0.1:39405");
    spec_headers[1].name = S("Accept-Encoding");
    spec_headers[1].value = S("identity");
    spec_headers[2].name = S("X-Amz-Target");
    spec_headers[2].value = S("MTurkRequesterServiceV20170117.ListAssignmentsForHIT");
    spec_headers[3].name = S("Content-Type");
    spec_headers[3].value = S("application/x-amz-json-1.1");
    spec_headers[4].name = S("User-Agent");
    spec_headers[4].value = S("aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v782 "
                              "source/x86_64.debian.12 prompt/off "
                              "command/mturk.list-assignments-for-hit");
    spec_headers[5].name = S("X-Amz-Date");
    spec_headers[5].value = S("20261129T001422Z");
    spec_headers[6].name = S("Authorization");
    spec_headers[6].value =
        S("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/mturk-requester/"
          "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
          "Signature=dcb674b7...de2");
}

typedef struct {
    char buf[4096];
    size_t len;
    int calls;
    int fail_at; /* 1-based call to fail, 0 = never */
    int fail_rc;
} sink_t;

static int test_sink(void *ctx, const uint8_t *data, size_t len)
{
    sink_t *s = (sink_t *)ctx;
    s->calls++;
    if (s->fail_at != 0 && s->calls == s->fail_at)
        return s->fail_rc;
    if (len == 0)
        return -12345; /* the writer never sends empty pieces */
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    return TT_OK;
}

static const char body30[] = "{\"HITId\": \"3XHITPLAINEXAMPLE\"}";

static void test_writer_capture(void)
{
    static sink_t s;
    static uint8_t out[4096];
    size_t n = 0, need;
    int k, calls;

    make_spec_headers();
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_request(S("POST"), S("/"), spec_headers, 7,
                                          (const uint8_t *)body30, 30, test_sink, &s),
                    TT_OK);
    TT_CHECK_EQ_MEM(s.buf, s.len, spec_capture, sizeof spec_capture - 1);
    calls = s.calls;

    /* Head then body by hand. */
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), S("/"), spec_headers, 7, 30, test_sink, &s),
                    TT_OK);
    TT_CHECK_EQ_INT(test_sink(&s, (const uint8_t *)body30, 30), TT_OK);
    TT_CHECK_EQ_MEM(s.buf, s.len, spec_capture, sizeof spec_capture - 1);

    /* Buffer form, with size query. */
    TT_CHECK_EQ_INT(tt_http_format_request(NULL, 0, &n, S("POST"), S("/"), spec_headers, 7,
                                           (const uint8_t *)body30, 30),
                    TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(n, sizeof spec_capture - 1);
    need = n;
    TT_CHECK_EQ_INT(tt_http_format_request(out, need - 1, &n, S("POST"), S("/"), spec_headers,
                                           7, (const uint8_t *)body30, 30),
                    TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(n, need);
    TT_CHECK_EQ_MEM(out, need - 1, spec_capture, need - 1); /* partial content */
    TT_CHECK_EQ_INT(tt_http_format_request(out, 10, &n, S("POST"), S("/"), spec_headers, 7,
                                           (const uint8_t *)body30, 30),
                    TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(n, need);
    memset(out, 0xAA, sizeof out);
    TT_CHECK_EQ_INT(tt_http_format_request(out, need, &n, S("POST"), S("/"), spec_headers, 7,
                                           (const uint8_t *)body30, 30),
                    TT_OK);
    TT_CHECK_EQ_MEM(out, n, spec_capture, sizeof spec_capture - 1);
    TT_CHECK_EQ_INT(out[need], 0xAA); /* nothing past the end */
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_http_format_request(out, sizeof out, NULL, S("POST"), S("/"),
                                           spec_headers, 7, (const uint8_t *)body30, 30),
                    TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_http_format_request(NULL, 5, &n, S("POST"), S("/"), spec_headers, 7,
                                           (const uint8_t *)body30, 30),
                    TT_ERR_INVALID_ARG);
#endif

    /* With a session token after X-Amz-Date. */
    {
        tt_http_header h[8];
        static const char want_tok[] = "X-Amz-Date: 20261129T001422Z\r\n"
                                       "X-Amz-Security-Token: FQoGZXIvYXdzE+/=\r\n"
                                       "Authorization: ";
        memcpy(h, spec_headers, 6 * sizeof h[0]);
        h[6].name = S("X-Amz-Security-Token");
        h[6].value = S("FQoGZXIvYXdzE+/=");
        h[7] = spec_headers[6];
        memset(&s, 0, sizeof s);
        TT_CHECK_EQ_INT(tt_http_write_request(S("POST"), S("/"), h, 8, (const uint8_t *)body30,
                                              30, test_sink, &s),
                        TT_OK);
        s.buf[s.len] = '\0';
        TT_CHECK(strstr(s.buf, want_tok) != NULL);
        TT_CHECK_EQ_INT(s.len, sizeof spec_capture - 1 +
                                   strlen("X-Amz-Security-Token: FQoGZXIvYXdzE+/=\r\n"));
    }

    /* Empty body, no headers. */
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_request(S("GET"), S("/x?y=1"), NULL, 0, NULL, 0, test_sink, &s),
                    TT_OK);
    TT_CHECK_EQ_MEM(s.buf, s.len, "GET /x?y=1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
                    strlen("GET /x?y=1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
    /* Large content length in the head. */
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), S("/"), NULL, 0, UINT64_MAX, test_sink, &s),
                    TT_OK);
    TT_CHECK_EQ_MEM(s.buf, s.len, "POST / HTTP/1.1\r\nContent-Length: 18446744073709551615\r\n\r\n",
                    strlen("POST / HTTP/1.1\r\nContent-Length: 18446744073709551615\r\n\r\n"));
    /* Empty header value is legal. */
    {
        tt_http_header h = {{"X-Empty", 7}, {NULL, 0}};
        memset(&s, 0, sizeof s);
        TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), S("/"), &h, 1, 0, test_sink, &s), TT_OK);
        TT_CHECK_EQ_MEM(s.buf, s.len, "POST / HTTP/1.1\r\nX-Empty: \r\nContent-Length: 0\r\n\r\n",
                        strlen("POST / HTTP/1.1\r\nX-Empty: \r\nContent-Length: 0\r\n\r\n"));
    }

    /* Sink failure at every call is passed on, nothing after it is sent. */
    for (k = 1; k <= calls; k++) {
        memset(&s, 0, sizeof s);
        s.fail_at = k;
        s.fail_rc = TT_ERR_WRITE_TIMEOUT;
        TT_CHECK_EQ_INT(tt_http_write_request(S("POST"), S("/"), spec_headers, 7,
                                              (const uint8_t *)body30, 30, test_sink, &s),
                        TT_ERR_WRITE_TIMEOUT);
        TT_CHECK_EQ_INT(s.calls, k);
        s.fail_rc = 1;
        s.calls = 0;
        TT_CHECK_EQ_INT(tt_http_write_request(S("POST"), S("/"), spec_headers, 7,
                                              (const uint8_t *)body30, 30, test_sink, &s),
                        TT_ERR_CALLBACK_ABORT);
    }
    /* Size overflow. */
    TT_CHECK_EQ_INT(tt_http_format_request(NULL, 0, &n, S("POST"), S("/"), NULL, 0,
                                           (const uint8_t *)body30, SIZE_MAX - 10),
                    TT_ERR_HTTP_REQUEST_TOO_LARGE);
    TT_CHECK_EQ_INT(n, 0);
}

/* Validation errors: nothing reaches the sink. */
static void expect_write_error(tt_str method, tt_str target, const char *name, size_t nlen,
                               const char *value, size_t vlen, int err, int line)
{
    static sink_t s;
    tt_http_header h[2];
    size_t n = 77;
    int rc, rc2;
    h[0].name = S("Host");
    h[0].value = S("example.com");
    h[1].name.ptr = name;
    h[1].name.len = nlen;
    h[1].value.ptr = value;
    h[1].value.len = vlen;
    memset(&s, 0, sizeof s);
    rc = tt_http_write_request(method, target, h, 2, (const uint8_t *)"x", 1, test_sink, &s);
    rc2 = tt_http_format_request((uint8_t *)s.buf, sizeof s.buf, &n, method, target, h, 2,
                                 (const uint8_t *)"x", 1);
    if (!tt_test_report(rc == err && rc2 == err && (err == TT_OK || (s.calls == 0 && n == 0)),
                        __FILE__, line,
                        "expect_write_error"))
        printf("     got %d / %d (%d sink calls), want %d\n", rc, rc2, s.calls, err);
}
#define EXPECT_WERR(m, t, name, value, err)                                                      \
    expect_write_error(S(m), S(t), (name), sizeof(name) - 1, (value), sizeof(value) - 1, (err), \
                       __LINE__)

static void test_writer_validation(void)
{
    static sink_t s;
    EXPECT_WERR("POST", "/", "X-Ok", "fine value\twith tab \x80", TT_OK);
    EXPECT_WERR("POST", "/", "X-Bad", "a\r\nX-Injected: 1", TT_ERR_HTTP_HEADER_INJECTION);
    EXPECT_WERR("POST", "/", "X-Bad", "a\rb", TT_ERR_HTTP_HEADER_INJECTION);
    EXPECT_WERR("POST", "/", "X-Bad", "a\nb", TT_ERR_HTTP_HEADER_INJECTION);
    EXPECT_WERR("POST", "/", "X-Bad", "a\0b", TT_ERR_HTTP_HEADER_INJECTION);
    EXPECT_WERR("POST", "/", "X-Bad\r\nY", "v", TT_ERR_HTTP_HEADER_INJECTION);
    EXPECT_WERR("POST", "/", "X-Bad\n", "v", TT_ERR_HTTP_HEADER_INJECTION);
    EXPECT_WERR("POST", "/", "X-Bad", "a\x01", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "X-Bad", "a\x7f", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "", "v", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "X Bad", "v", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "X-Bad:", "v", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "X\x80", "v", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "Content-Length", "1", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "content-length", "1", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("POST", "/", "Transfer-Encoding", "chunked", TT_ERR_HTTP_BAD_REQUEST_HEADER);
    EXPECT_WERR("PO ST", "/", "X", "v", TT_ERR_HTTP_BAD_REQUEST_LINE);
    EXPECT_WERR("", "/", "X", "v", TT_ERR_HTTP_BAD_REQUEST_LINE);
    EXPECT_WERR("POST", "", "X", "v", TT_ERR_HTTP_BAD_REQUEST_LINE);
    EXPECT_WERR("POST", "/a b", "X", "v", TT_ERR_HTTP_BAD_REQUEST_LINE);
    EXPECT_WERR("POST", "/a\x7f", "X", "v", TT_ERR_HTTP_BAD_REQUEST_LINE);
    EXPECT_WERR("POST", "/\xc3\xa9", "X", "v", TT_ERR_HTTP_BAD_REQUEST_LINE);
    EXPECT_WERR("POST", "/\t", "X", "v", TT_ERR_HTTP_BAD_REQUEST_LINE);
    EXPECT_WERR("POST\r\n", "/", "X", "v", TT_ERR_HTTP_HEADER_INJECTION);
    EXPECT_WERR("POST", "/ HTTP/1.1\r\nX: y\r\n", "X", "v", TT_ERR_HTTP_HEADER_INJECTION);
    /* NULL pointers. */
    {
        tt_http_header h = {{NULL, 3}, {"v", 1}};
        size_t n;
        memset(&s, 0, sizeof s);
#if TT_ARG_CHECKS
        TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), S("/"), &h, 1, 0, test_sink, &s),
                        TT_ERR_INVALID_ARG);
        h.name = S("X");
        h.value.ptr = NULL;
        h.value.len = 1;
        TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), S("/"), &h, 1, 0, test_sink, &s),
                        TT_ERR_INVALID_ARG);
        TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), S("/"), NULL, 1, 0, test_sink, &s),
                        TT_ERR_INVALID_ARG);
        TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), S("/"), NULL, 0, 0, NULL, &s),
                        TT_ERR_INVALID_ARG);
        {
            tt_str nm = {NULL, 4};
            TT_CHECK_EQ_INT(tt_http_write_head(nm, S("/"), NULL, 0, 0, test_sink, &s),
                            TT_ERR_INVALID_ARG);
            TT_CHECK_EQ_INT(tt_http_write_head(S("POST"), nm, NULL, 0, 0, test_sink, &s),
                            TT_ERR_INVALID_ARG);
        }
        TT_CHECK_EQ_INT(tt_http_write_request(S("POST"), S("/"), NULL, 0, NULL, 3, test_sink, &s),
                        TT_ERR_INVALID_ARG);
#else
        (void)h;
#endif
        TT_CHECK_EQ_INT(s.calls, 0);
        TT_CHECK_EQ_INT(tt_http_format_request(NULL, 0, &n, S("POST"), S("/"), NULL, 0, NULL, 0),
                        TT_ERR_BUFFER_TOO_SMALL);
        TT_CHECK_EQ_INT(n, strlen("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
    }
}

static void expect_host(const char *host, uint16_t port, int https, const char *want, int line)
{
    char buf[128];
    size_t n = 0;
    int rc = tt_http_format_host(buf, sizeof buf, &n, S(host), port, https);
    int ok = rc == TT_OK && n == strlen(want) && memcmp(buf, want, n) == 0 && buf[n] == '\0';
    if (!tt_test_report(ok, __FILE__, line, "expect_host"))
        printf("     %s %u %d: rc %d got [%.*s] want [%s]\n", host, (unsigned)port, https, rc,
               (int)n, buf, want);
}
#define EXPECT_HOST(h, p, s, w) expect_host((h), (p), (s), (w), __LINE__)

static void test_host(void)
{
    char buf[64];
    size_t n;

    EXPECT_HOST("127.0.0.1", 39405, 0, "127.0.0.1:39405");
    EXPECT_HOST("127.0.0.1", 39405, 1, "127.0.0.1:39405");
    EXPECT_HOST("mturk-requester.us-east-1.amazonaws.com", 443, 1,
                "mturk-requester.us-east-1.amazonaws.com");
    EXPECT_HOST("localhost", 80, 0, "localhost");
    EXPECT_HOST("localhost", 80, 1, "localhost:80");
    EXPECT_HOST("localhost", 443, 0, "localhost:443");
    EXPECT_HOST("MTurk.Example.COM", 8443, 1, "MTurk.Example.COM:8443");
    EXPECT_HOST("::1", 8443, 1, "[::1]:8443");
    EXPECT_HOST("::1", 443, 1, "[::1]");
    EXPECT_HOST("[::1]", 8080, 0, "[::1]:8080");
    EXPECT_HOST("[fe80::1%25eth0]", 80, 0, "[fe80::1%25eth0]");
    EXPECT_HOST("a", 65535, 0, "a:65535");
    EXPECT_HOST("a", 1, 0, "a:1");

    {
        static const char *const bad[] = {"",      "a b",   "a/b",   "a?b",  "a#b",   "a@b",
                                          "a\\b",  "a\rb",  "a\x7f", "\xc3\xa9", "[::1", "::1]",
                                          "[abc]", "[]",    "[[::1]]", "a]b", "a[b",  "[:]x"};
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            n = 5;
            TT_CHECK_EQ_INT(tt_http_format_host(buf, sizeof buf, &n, S(bad[i]), 443, 1),
                            TT_ERR_HTTP_BAD_HOST);
            TT_CHECK_EQ_INT(n, 0);
        }
    }
    TT_CHECK_EQ_INT(tt_http_format_host(buf, sizeof buf, &n, S("a"), 0, 1), TT_ERR_HTTP_BAD_HOST);
    /* Size query and exact fit. */
    TT_CHECK_EQ_INT(tt_http_format_host(NULL, 0, &n, S("::1"), 8443, 1), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(n, 11); /* "[::1]:8443" + NUL */
    TT_CHECK_EQ_INT(tt_http_format_host(buf, 10, &n, S("::1"), 8443, 1), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(n, 11);
    TT_CHECK_EQ_INT(tt_http_format_host(buf, 11, &n, S("::1"), 8443, 1), TT_OK);
    TT_CHECK_EQ_INT(n, 10);
    TT_CHECK_EQ_STR(buf, "[::1]:8443");
    TT_CHECK_EQ_INT(tt_http_format_host(buf, 1, &n, S("a"), 80, 0), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(n, 2);
    TT_CHECK_EQ_INT(tt_http_format_host(buf, 2, &n, S("a"), 80, 0), TT_OK);
    TT_CHECK_EQ_STR(buf, "a");
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_http_format_host(buf, 2, NULL, S("a"), 80, 0), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_http_format_host(NULL, 2, &n, S("a"), 80, 0), TT_ERR_INVALID_ARG);
    {
        tt_str nh = {NULL, 2};
        TT_CHECK_EQ_INT(tt_http_format_host(buf, sizeof buf, &n, nh, 80, 0), TT_ERR_INVALID_ARG);
    }
#endif
}

static void test_connect_writer(void)
{
    static sink_t s;
    static const char want1[] = "CONNECT mturk-requester.us-east-1.amazonaws.com:443 HTTP/1.1\r\n"
                                "Host: mturk-requester.us-east-1.amazonaws.com:443\r\n\r\n";
    static const char want2[] = "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"
                                "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n";
    tt_str none = {NULL, 0};
    int k, calls;

    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_connect(S("mturk-requester.us-east-1.amazonaws.com"), 443, none,
                                          test_sink, &s),
                    TT_OK);
    TT_CHECK_EQ_MEM(s.buf, s.len, want1, sizeof want1 - 1);
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_connect(S("::1"), 8443, S("Basic dXNlcjpwYXNz"), test_sink, &s),
                    TT_OK);
    TT_CHECK_EQ_MEM(s.buf, s.len, want2, sizeof want2 - 1);
    calls = s.calls;
    for (k = 1; k <= calls; k++) {
        memset(&s, 0, sizeof s);
        s.fail_at = k;
        s.fail_rc = TT_ERR_CONN_RESET;
        TT_CHECK_EQ_INT(
            tt_http_write_connect(S("::1"), 8443, S("Basic dXNlcjpwYXNz"), test_sink, &s),
            TT_ERR_CONN_RESET);
        TT_CHECK_EQ_INT(s.calls, k);
    }
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_connect(S("a"), 443, S("Basic x\r\nX-Evil: 1"), test_sink, &s),
                    TT_ERR_HTTP_HEADER_INJECTION);
    TT_CHECK_EQ_INT(tt_http_write_connect(S("a"), 443, S("Basic \x01"), test_sink, &s),
                    TT_ERR_HTTP_BAD_REQUEST_HEADER);
    TT_CHECK_EQ_INT(tt_http_write_connect(S("a b"), 443, none, test_sink, &s),
                    TT_ERR_HTTP_BAD_HOST);
    TT_CHECK_EQ_INT(tt_http_write_connect(S("a"), 0, none, test_sink, &s), TT_ERR_HTTP_BAD_HOST);
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_http_write_connect(S("a"), 443, none, NULL, &s), TT_ERR_INVALID_ARG);
    {
        tt_str bad = {NULL, 2};
        TT_CHECK_EQ_INT(tt_http_write_connect(S("a"), 443, bad, test_sink, &s),
                        TT_ERR_INVALID_ARG);
    }
#endif
    TT_CHECK_EQ_INT(s.calls, 0);
}

/* The writer's output parses back with a request-shaped check: the response
 * parser is not a request parser, so just verify line structure. */
static void test_writer_roundtrip_lines(void)
{
    static sink_t s;
    size_t i, lines = 0;
    make_spec_headers();
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_request(S("POST"), S("/"), spec_headers, 7,
                                          (const uint8_t *)body30, 30, test_sink, &s),
                    TT_OK);
    for (i = 0; i + 1 < s.len; i++) {
        if (s.buf[i] == '\n')
            TT_CHECK(i > 0 && s.buf[i - 1] == '\r');
        if (s.buf[i] == '\r' && s.buf[i + 1] == '\n')
            lines++;
    }
    TT_CHECK_EQ_INT(lines, 10); /* request line + 8 headers + blank */
}

static void test_errors_named(void)
{
    int c;
    for (c = -400; c >= -418; c--) {
        TT_CHECK(strcmp(tt_errname(c), "TT_ERR_UNKNOWN") != 0);
        TT_CHECK(strncmp(tt_errname(c), "TT_ERR_HTTP_", 12) == 0);
    }
}

static tt_str hs(const char *p, size_t n)
{
    tt_str t;
    t.ptr = p;
    t.len = n;
    return t;
}

/* Edges of the size rewrite (2026-11): where errors are found, precedence of
 * several problems in one request, the CONNECT authority bound. */
static void test_small_rewrite_edges(void)
{
    static sink_t s;
    static char host[301];
    tt_arena a;
    tt_http_parser p;
    static unsigned char mem[TT_HTTP_PARSER_ARENA_BYTES];
    static const char ch[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    tt_str none = {NULL, 0};
    tt_http_header h[1];
    size_t used, n;

    /* A malformed chunk-size line is found at its CR/LF. */
    memcpy(big, ch, sizeof ch - 1);
    memcpy(big + sizeof ch - 1, "zz\r\n", 5);
    tt_arena_init(&a, mem, sizeof mem);
    TT_CHECK_EQ_INT(tt_http_parser_init(&p, &a, NULL, NULL), TT_OK);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)big, sizeof ch - 1 + 5, &used),
                    TT_ERR_HTTP_BAD_CHUNK);
    TT_CHECK_EQ_INT(used, sizeof ch - 1 + 3);
    /* Data where the CRLF after chunk data belongs: found at once. */
    tt_http_parser_reset(&p);
    memcpy(big + sizeof ch - 1, "1\r\nxy", 6);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)big, sizeof ch - 1 + 6, &used),
                    TT_ERR_HTTP_CHUNK_CRLF);
    TT_CHECK_EQ_INT(used, sizeof ch - 1 + 4);
    /* An overlong line stops at the first byte that does not fit. */
    tt_http_parser_reset(&p);
    memcpy(big, "HTTP/1.1 200 ", 13);
    memset(big + 13, 'r', (size_t)TT_HTTP_MAX_LINE);
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)big, (size_t)TT_HTTP_MAX_LINE + 13,
                                        &used),
                    TT_ERR_HTTP_LINE_TOO_LONG);
    TT_CHECK_EQ_INT(used, TT_HTTP_MAX_LINE);
    /* Upper-case framing names and tokens are recognised like lower-case. */
    tt_http_parser_reset(&p);
    n = (size_t)sprintf(big, "HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nCONNECTION: CLOSE\r\n\r\nok");
    TT_CHECK_EQ_INT(tt_http_parser_feed(&p, (const uint8_t *)big, n, &used), TT_OK);
    TT_CHECK_EQ_INT(used, n);
    TT_CHECK_EQ_INT(tt_http_parser_done(&p), 1);
    TT_CHECK_EQ_INT(tt_http_parser_keep_alive(&p), 0);

    /* Request line: the worst problem of method and target wins. */
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_head(S("G T"), S("/\n"), NULL, 0, 0, test_sink, &s),
                    TT_ERR_HTTP_HEADER_INJECTION);
    TT_CHECK_EQ_INT(tt_http_write_head(S(""), S("a b"), NULL, 0, 0, test_sink, &s),
                    TT_ERR_HTTP_BAD_REQUEST_LINE);
    /* A header: its name is judged before its value. */
    h[0].name = S("a b");
    h[0].value = S("x\r\n");
    TT_CHECK_EQ_INT(tt_http_write_head(S("GET"), S("/"), h, 1, 0, test_sink, &s),
                    TT_ERR_HTTP_BAD_REQUEST_HEADER);
    h[0].name = S("Transfer-Encoding");
    h[0].value = none;
    TT_CHECK_EQ_INT(tt_http_write_head(S("GET"), S("/"), h, 1, 0, test_sink, &s),
                    TT_ERR_HTTP_BAD_REQUEST_HEADER);
    TT_CHECK_EQ_INT(s.calls, 0);
    h[0].name = S("Connection"); /* framing-looking but allowed */
    TT_CHECK_EQ_INT(tt_http_write_head(S("GET"), S("/"), h, 1, 0, test_sink, &s), TT_OK);

    /* CONNECT: a 253-byte DNS name fits, 300 bytes is refused. */
    memset(host, 'h', sizeof host - 1);
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_connect(hs(host, 253), 65535, none, test_sink, &s), TT_OK);
    TT_CHECK_EQ_INT(s.len, 8 + 259 + 17 + 259 + 4);
    memset(&s, 0, sizeof s);
    TT_CHECK_EQ_INT(tt_http_write_connect(hs(host, 300), 443, none, test_sink, &s),
                    TT_ERR_HTTP_BAD_HOST);
    TT_CHECK_EQ_INT(s.calls, 0);
}

int main(void)
{
    test_basic();
    test_status_line_forms();
    test_headers();
    test_keep_alive();
    test_close_delimited();
    test_chunked();
    test_interim();
    test_no_body_statuses();
    test_connect();
    test_content_length_forms();
    test_pipelined();
    test_bad_status();
    test_bad_headers();
    test_lengths_bad();
    test_chunks_bad();
    test_limits();
    test_truncation();
    test_callback_abort();
    test_init_args();
    test_name_eq();
    test_mutations();
    test_writer_capture();
    test_writer_validation();
    test_host();
    test_connect_writer();
    test_writer_roundtrip_lines();
    test_errors_named();
    test_small_rewrite_edges();
    return tt_test_summary();
}
