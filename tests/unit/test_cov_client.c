/*
 * test_cov_client.c - the engine's less travelled paths (found by
 * `make coverage`): argument checks, defaults, clock correction with and
 * without a wall clock (--debug lines included), callbacks that stop the
 * listing, over-long starting tokens, the repeated-token message's quoting,
 * the retry quota running out, plus small corners of tt_base, tt_arena,
 * tt_error and tt_retry.  Over a scripted in-memory transport.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tinyturk.h"
#include "tt_arena.h"
#include "tt_base64.h"
#include "tt_retry.h"
#include "tt_test.h"

/* ---- scripted server --------------------------------------------------------- */

#define MAXR 8
typedef struct fake {
    char resp[MAXR][2048]; /* responses, used round-robin from `next` */
    size_t n, next, off;
    int connected;
} fake;

static fake F;
static int g_wall_unset;
static int64_t g_wall = 1795946400; /* 2026-11-29T10:00:00Z */
static uint64_t g_mono = 1000;

static int f_connect(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)t;
    F.connected = 1;
    return TT_OK;
}

static int f_send(void *ctx, const uint8_t *buf, size_t len, uint32_t t)
{
    (void)ctx;
    (void)buf;
    (void)len;
    (void)t;
    return TT_OK;
}

static int f_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t t)
{
    const char *r = F.resp[F.next % F.n];
    size_t n = strlen(r) - F.off;
    (void)ctx;
    (void)t;
    if (n > cap)
        n = cap;
    memcpy(buf, r + F.off, n);
    F.off += n;
    if (F.off == strlen(r)) {
        F.next++;
        F.off = 0;
    }
    *got = n;
    return TT_OK;
}

static void f_close(void *ctx)
{
    (void)ctx;
    F.connected = 0;
    F.off = 0;
}

static uint64_t p_mono(void *ctx)
{
    (void)ctx;
    return g_mono += 3;
}

static int p_wall(void *ctx, int64_t *s)
{
    (void)ctx;
    if (g_wall_unset)
        return TT_ERR_CLOCK_UNSET;
    *s = g_wall;
    return TT_OK;
}

static void p_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    (void)ms;
}

static int p_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    memset(out, 0x5a, len);
    return TT_OK;
}

static tt_transport T = {NULL, f_connect, f_send, f_recv, f_close};
static tt_platform P = {NULL, p_mono, p_wall, p_sleep, p_random};

static void resp_reset(void)
{
    memset(&F, 0, sizeof F);
}

static void add_resp(int status, const char *extra_headers, const char *body)
{
    snprintf(F.resp[F.n++], sizeof F.resp[0],
             "HTTP/1.1 %d X\r\nContent-Type: application/x-amz-json-1.1\r\n%s"
             "Content-Length: %u\r\n\r\n%s",
             status, extra_headers, (unsigned)strlen(body), body);
}

#define A(id) "{\"AssignmentId\":\"" id "\",\"WorkerId\":\"W\",\"HITId\":\"H\"}"

/* ---- callbacks / debug sink -------------------------------------------------- */

static char g_dbg[16384];
static size_t g_dbg_len;
static int g_stop_page, g_stop_token, g_stop_err_token;
static unsigned g_items;

static void on_debug(void *ctx, const char *line, size_t len)
{
    (void)ctx;
    if (g_dbg_len + len + 1 < sizeof g_dbg) {
        memcpy(g_dbg + g_dbg_len, line, len);
        g_dbg_len += len;
        g_dbg[g_dbg_len++] = '\n';
        g_dbg[g_dbg_len] = '\0';
    }
}

static int on_item(void *ctx, const tt_assignment *a, uint32_t i)
{
    (void)ctx;
    (void)a;
    (void)i;
    g_items++;
    return 0;
}

static int on_page(void *ctx, const tt_page_info *info)
{
    (void)ctx;
    (void)info;
    return g_stop_page;
}

static int on_token(void *ctx, tt_str t)
{
    (void)ctx;
    (void)t;
    return g_stop_token;
}

static int on_err_token(void *ctx, tt_str t)
{
    (void)ctx;
    (void)t;
    return g_stop_err_token;
}

static unsigned char g_mem[64 * 1024];
static tt_arena g_arena;

static void cfg_base(tt_client_config *cfg, int debug)
{
    tt_client_config_defaults(cfg);
    cfg->transport = &T;
    cfg->platform = &P;
    cfg->host = "127.0.0.1";
    cfg->port = 8443;
    cfg->region = "us-east-1";
    cfg->access_key_id = "AKIDEXAMPLE";
    cfg->secret_access_key = "secret";
    if (debug) {
        cfg->debug = on_debug;
        cfg->debug_ctx = NULL;
    }
    g_dbg_len = 0;
    g_dbg[0] = '\0';
}

static int list(tt_client *c, tt_list_params *lp)
{
    tt_arena_init(&g_arena, g_mem, sizeof g_mem);
    g_items = 0;
    return tt_client_list(c, &g_arena, lp, NULL);
}

static void params(tt_list_params *lp)
{
    tt_list_params_defaults(lp);
    lp->hit_id = tt_str_c("H");
    lp->on_assignment = on_item;
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_init_checks(void)
{
    tt_client c;
    tt_client_config cfg;
    tt_transport t2;
    tt_platform p2;
    int64_t now;
    tt_list_params lp;
    size_t i;

    tt_client_config_defaults(NULL); /* no crash */
    tt_list_params_defaults(NULL);
    TT_CHECK_EQ_INT(tt_client_init(NULL, &cfg), TT_ERR_INVALID_ARG);
    cfg_base(&cfg, 0);
    TT_CHECK_EQ_INT(tt_client_init(&c, NULL), TT_ERR_INVALID_ARG);
    /* every transport / platform function is required */
    for (i = 0; i < 8; i++) {
        cfg_base(&cfg, 0);
        t2 = T;
        p2 = P;
        cfg.transport = &t2;
        cfg.platform = &p2;
        switch (i) {
        case 0: t2.connect = NULL; break;
        case 1: t2.send = NULL; break;
        case 2: t2.recv = NULL; break;
        case 3: t2.close = NULL; break;
        case 4: p2.monotonic_ms = NULL; break;
        case 5: p2.wall_clock = NULL; break;
        case 6: p2.sleep_ms = NULL; break;
        default: p2.random = NULL; break;
        }
        TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_INVALID_ARG);
    }
    cfg_base(&cfg, 0);
    cfg.transport = NULL;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_INVALID_ARG);
    cfg_base(&cfg, 0);
    cfg.platform = NULL;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_INVALID_ARG);
    cfg_base(&cfg, 0);
    cfg.host = NULL;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_BAD_PARAMS);
    cfg.host = "";
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_BAD_PARAMS);
    cfg.host = "h";
    cfg.port = 0;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_BAD_PARAMS);
    cfg_base(&cfg, 0);
    cfg.secret_access_key = NULL;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_BAD_PARAMS);
    cfg_base(&cfg, 0);
    cfg.region = NULL;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_BAD_PARAMS);
    cfg.region = "";
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_ERR_BAD_PARAMS);
    /* defaults filled in: unsigned client with no region, no user agent,
     * 0 attempts, an empty session token */
    cfg_base(&cfg, 0);
    cfg.access_key_id = NULL;
    cfg.secret_access_key = NULL;
    cfg.region = NULL;
    cfg.user_agent = NULL;
    cfg.max_attempts = 0;
    cfg.session_token = "";
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    TT_CHECK(c.cfg.user_agent != NULL && c.cfg.region != NULL && c.cfg.max_attempts > 0);
    TT_CHECK(c.cfg.session_token == NULL);
    resp_reset();
    add_resp(200, "", "{\"Assignments\":[" A("A1") "]}");
    params(&lp);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_OK);
    TT_CHECK_EQ_INT(g_items, 1);
    tt_client_close(&c);

    /* the other entry points with bad arguments */
    tt_client_close(NULL);
    memset(&c, 0, sizeof c);
    tt_client_close(&c); /* not initialised: nothing to do */
    TT_CHECK_EQ_INT(tt_client_now(NULL, &now), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_client_now(&c, &now), TT_ERR_INVALID_ARG);
    cfg_base(&cfg, 0);
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    TT_CHECK_EQ_INT(tt_client_now(&c, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_client_now(&c, &now), TT_OK);
    TT_CHECK_EQ_INT(now, g_wall);
    g_wall_unset = 1;
    TT_CHECK_EQ_INT(tt_client_now(&c, &now), TT_ERR_CLOCK_UNSET);
    g_wall_unset = 0;
    params(&lp);
    TT_CHECK_EQ_INT(tt_client_arena_estimate(NULL, &lp), 0);
    TT_CHECK_EQ_INT(tt_client_arena_estimate(&c, NULL), 0);
    TT_CHECK(tt_client_arena_estimate(&c, &lp) > 0);
    tt_arena_init(&g_arena, g_mem, sizeof g_mem);
    TT_CHECK_EQ_INT(tt_client_list(NULL, &g_arena, &lp, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_client_list(&c, NULL, &lp, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_client_list(&c, &g_arena, NULL, NULL), TT_ERR_INVALID_ARG);
    lp.hit_id = tt_str_c("");
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_BAD_PARAMS);
    params(&lp);
    lp.n_statuses = 1; /* statuses NULL */
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_BAD_PARAMS);
    params(&lp);
    lp.no_paginate = 1;
    lp.max_items = 3;
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_BAD_PARAMS);
    TT_CHECK_EQ_INT(tt_client_error(&c)->code, TT_ERR_BAD_PARAMS);
    tt_client_close(&c);
    memset(&c, 0, sizeof c);
    params(&lp);
    TT_CHECK_EQ_INT(tt_client_list(&c, &g_arena, &lp, NULL), TT_ERR_INVALID_ARG);
}

/* No wall clock: the first request is signed with a guessed time, rejected,
 * corrected from the Date header relative to the monotonic clock. */
static void test_clock(void)
{
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;
    int64_t now;

    resp_reset();
    add_resp(400, "Date: Sun, 29 Nov 2026 10:00:00 GMT\r\n",
             "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: "
             "20200101T000000Z is now earlier than 20261129T094500Z (20261129T100000Z - 15 "
             "min.)\"}");
    add_resp(200, "Date: Sun, 29 Nov 2026 10:00:01 GMT\r\n", "{\"Assignments\":[" A("A1") "]}");
    cfg_base(&cfg, 1);
    g_wall_unset = 1;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    params(&lp);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_OK);
    TT_CHECK_EQ_INT(g_items, 1);
    TT_CHECK(c.have_offset && c.offset_monotonic);
    TT_CHECK(strstr(g_dbg, "clock: ") != NULL);
    TT_CHECK(strstr(g_dbg, "offset from monotonic ms") != NULL);
    TT_CHECK_EQ_INT(tt_client_now(&c, &now), TT_OK);
    TT_CHECK(now >= 1795946400 && now < 1795946400 + 60);
    tt_client_close(&c);
    g_wall_unset = 0;

    /* A wall clock 2 h slow: corrected by an offset to it. */
    resp_reset();
    add_resp(403, "Date: Sun, 29 Nov 2026 10:00:00 GMT\r\n",
             "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: "
             "20261129T080000Z is now earlier than 20261129T094500Z (20261129T100000Z - 15 "
             "min.)\"}");
    add_resp(200, "Date: Sun, 29 Nov 2026 10:00:01 GMT\r\n", "{\"Assignments\":[" A("A1") "]}");
    cfg_base(&cfg, 1);
    g_wall = 1795946400 - 7200;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_OK);
    TT_CHECK(c.have_offset && !c.offset_monotonic);
    TT_CHECK(strstr(g_dbg, ", offset ms ") != NULL);
    TT_CHECK_EQ_INT(tt_client_now(&c, &now), TT_OK);
    TT_CHECK(now >= 1795946400 - 5 && now < 1795946400 + 5);
    tt_client_close(&c);
    g_wall = 1795946400;
}

static void test_callbacks(void)
{
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;
    tt_list_result res;

    /* on_page_end stops the listing */
    resp_reset();
    add_resp(200, "", "{\"Assignments\":[" A("A1") "],\"NextToken\":\"t1\"}");
    cfg_base(&cfg, 0);
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    params(&lp);
    lp.on_page_end = on_page;
    lp.on_error_token = on_err_token;
    g_stop_page = 1;
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_CALLBACK_ABORT);
    g_stop_page = 0;
    /* on_token (the resume token after --max-items) stops it */
    resp_reset();
    add_resp(200, "", "{\"Assignments\":[" A("A1") "," A("A2") "],\"NextToken\":\"t1\"}");
    params(&lp);
    lp.max_items = 1;
    lp.on_token = on_token;
    g_stop_token = 1;
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_CALLBACK_ABORT);
    g_stop_token = 0;
    tt_arena_init(&g_arena, g_mem, sizeof g_mem);
    TT_CHECK_EQ_INT(tt_client_list(&c, &g_arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_INT(res.has_token, 1);
    /* on_error_token stops after a failure: the failure is still reported */
    resp_reset();
    add_resp(400, "", "{\"__type\":\"RequestError\",\"Message\":\"no such HIT\"}");
    params(&lp);
    lp.on_error_token = on_err_token;
    g_stop_err_token = 1;
    TT_CHECK(list(&c, &lp) != TT_OK);
    g_stop_err_token = 0;
    tt_client_close(&c);
}

static size_t b64enc(const char *in, char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(in), i, o = 0;
    for (i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)(unsigned char)in[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)in[i + 2];
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        out[o++] = i + 1 < n ? a[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? a[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

static void test_tokens(void)
{
    static char big[TT_CLIENT_MAX_TOKEN + 40], json[TT_CLIENT_MAX_TOKEN + 100];
    static char enc[2 * (TT_CLIENT_MAX_TOKEN + 100)];
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;

    cfg_base(&cfg, 1);
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    memset(big, 'k', sizeof big - 1);
    /* verbatim (--no-paginate's hidden --next-token) too long */
    params(&lp);
    lp.no_paginate = 1;
    lp.starting_token = tt_str_c(big);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_BAD_STARTING_TOKEN);
    TT_CHECK_EQ_INT(tt_client_error(&c)->cause, TT_ERR_JSON_TOKEN_TOO_LONG);
    /* a base64 JSON token whose NextToken is too long */
    snprintf(json, sizeof json, "{\"NextToken\": \"%s\"}", big);
    b64enc(json, enc);
    params(&lp);
    lp.starting_token = tt_str_c(enc);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_BAD_STARTING_TOKEN);
    TT_CHECK_EQ_INT(tt_client_error(&c)->cause, TT_ERR_JSON_TOKEN_TOO_LONG);
    /* NextToken null + a truncate amount, with --debug */
    b64enc("{\"NextToken\": null, \"boto_truncate_amount\": 1}", enc);
    resp_reset();
    add_resp(200, "", "{\"Assignments\":[" A("A1") "," A("A2") "]}");
    params(&lp);
    lp.starting_token = tt_str_c(enc);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_OK);
    TT_CHECK_EQ_INT(g_items, 1);
    TT_CHECK(strstr(g_dbg, "starting-token: NextToken null, skip 1") != NULL);
    /* the same NextToken twice: the message quotes it as Python's repr */
    resp_reset();
    add_resp(200, "", "{\"Assignments\":[" A("A1") "],\"NextToken\":\"it's\"}");
    params(&lp);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_REPEATED_TOKEN);
    TT_CHECK(strstr(tt_client_error(&c)->message, "{'NextToken': \"it's\"}") != NULL);
    resp_reset();
    add_resp(200, "", "{\"Assignments\":[" A("A1") "],\"NextToken\":\"a'b\\\"c\\\\d\"}");
    params(&lp);
    TT_CHECK_EQ_INT(list(&c, &lp), TT_ERR_REPEATED_TOKEN);
    TT_CHECK(strstr(tt_client_error(&c)->message, "{'NextToken': 'a\\'b\"c\\\\d'}") != NULL);
    tt_client_close(&c);
}

/* Retries spend the client's quota; once it is gone a retryable error is
 * returned at once (the debug line says so). */
static void test_quota(void)
{
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;
    int i, rc = TT_OK;

    resp_reset();
    add_resp(500, "", "{\"__type\":\"ServiceFault\",\"Message\":\"down\"}");
    cfg_base(&cfg, 1);
    cfg.max_attempts = 5;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    params(&lp);
    for (i = 0; i < 200 && !tt_client_error(&c)->quota_exhausted; i++) {
        g_dbg_len = 0;
        rc = list(&c, &lp);
    }
    TT_CHECK_EQ_INT(rc, TT_ERR_SERVICE);
    TT_CHECK_EQ_INT(tt_client_error(&c)->quota_exhausted, 1);
    TT_CHECK(strstr(g_dbg, "retry: quota exhausted") != NULL);
    TT_CHECK(strstr(g_dbg, "error: ") != NULL);
    tt_client_close(&c);
}

static void test_small_modules(void)
{
    tt_arena a;
    unsigned char mem[64];
    char *s;
    void *p;

    TT_CHECK_EQ_STR(tt_strerror(12345), "unknown error");
    TT_CHECK(tt_errname(12345) != NULL);
    TT_CHECK_EQ_INT(tt_retry_code(TT_ERR_HTTP_REQUEST_TOO_LARGE), 0);
    TT_CHECK_EQ_INT(tt_retry_code(TT_ERR_HTTP_HEADER_INJECTION), 0);
    TT_CHECK_EQ_INT(tt_retry_code(TT_ERR_HTTP_TRUNCATED), 1);
    TT_CHECK_EQ_INT(tt_retry_code(TT_ERR_TLS_NOT_YET_VALID), 1);
    TT_CHECK_EQ_STR(tt_retry_reason_phrase(299), "");
    TT_CHECK_EQ_INT(tt_hex_value('f'), 15);
    TT_CHECK_EQ_INT(tt_hex_value('F'), 15);
    TT_CHECK_EQ_INT(tt_hex_value('g'), -1);
    TT_CHECK_EQ_INT(tt_hex_value('G'), -1);
    TT_CHECK_EQ_INT(tt_hex_value('/'), -1);
    TT_CHECK_EQ_INT(tt_hex_value(':'), -1);
    TT_CHECK_EQ_INT(tt_hex_value('`'), -1);
    TT_CHECK_EQ_INT(tt_hex_value('@'), -1);
    TT_CHECK(tt_bytes_eq("a", "b", 0));
    TT_CHECK(!tt_bytes_eq("ab", "ac", 2));
    tt_zeroize(NULL, 4);
    tt_zeroize(mem, 0);
    tt_arena_init(&a, mem, sizeof mem);
    TT_CHECK_EQ_INT(tt_arena_strdup(&a, NULL, 3, &s), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_arena_strdup(&a, "x", SIZE_MAX, &s), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_arena_strdup(&a, NULL, 0, &s), TT_OK);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 60, 1, &p), TT_OK);
    TT_CHECK_EQ_INT(tt_arena_strdup(&a, "hello", 5, &s), TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(tt_arena_calloc(&a, 0, 1, &p), TT_OK);
}

int main(void)
{
    test_init_checks();
    test_clock();
    test_callbacks();
    test_tokens();
    test_quota();
    test_small_modules();
    return tt_test_summary();
}
