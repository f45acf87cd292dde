/*
 * test_wipe.c - key material does not outlive its use.
 *
 * Runs full listings (two pages; a service error; a transport failure; an
 * arena too small) through tt_client_list() over an in-memory transport with
 * a recognisable secret key and session token, then inspects:
 *   - the whole engine arena (pre-filled with a pattern, so every byte the
 *     engine wrote is looked at) for the secret, "AWS4"+secret, the derived
 *     keys kDate/kRegion/kService/kSigning (raw, lower/upper hex, base64),
 *     the signing key's HMAC midstates, and the session token;
 *   - the tt_client struct after tt_client_close() for the same (before
 *     close it may hold the midstates: that is the documented key cache);
 *   - every --debug line the engine produced (secret, token, derived keys).
 */
#include <stdio.h>
#include <string.h>

#include "tinyturk.h"
#include "tt_sha256.h"
#include "tt_test.h"
#include "tt_time.h"

#define SECRET "wipeTESTsecretKEY/0123456789+abcdefghijklmn"
#define TOKEN "wipeTESTsessionTOKEN/IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ"
#define AKID "AKIDWIPETEST"
#define WALL 1796000000 /* 2026-11-30T00:53:20Z */
#define PATTERN 0xA5

/* ---- in-memory server ------------------------------------------------------ */

typedef struct fake {
    const char *const *resp; /* one response per request */
    size_t n_resp, next, off;
    int fail_send;           /* 1: every send fails (transport error path) */
    int connected;
    char req[8192];          /* last request (the test looks at it too) */
    size_t req_len;
} fake;

static int f_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    fake *f = (fake *)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    f->connected = 1;
    return TT_OK;
}

static int f_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    fake *f = (fake *)ctx;
    (void)timeout_ms;
    if (f->fail_send)
        return TT_ERR_CONN_RESET;
    if (f->req_len + len <= sizeof f->req) {
        memcpy(f->req + f->req_len, buf, len);
        f->req_len += len;
    }
    return TT_OK;
}

static int f_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    fake *f = (fake *)ctx;
    const char *r;
    size_t n;
    (void)timeout_ms;
    *got = 0;
    if (f->next >= f->n_resp)
        return TT_OK; /* closed */
    r = f->resp[f->next];
    n = strlen(r) - f->off;
    if (n > cap)
        n = cap;
    if (n > 700)
        n = 700; /* several reads per response */
    memcpy(buf, r + f->off, n);
    f->off += n;
    if (f->off == strlen(r)) {
        f->next++;
        f->off = 0;
        f->req_len = 0;
    }
    *got = n;
    return TT_OK;
}

static void f_close(void *ctx)
{
    ((fake *)ctx)->connected = 0;
}

static uint64_t p_mono(void *ctx)
{
    static uint64_t t;
    (void)ctx;
    return t += 5;
}

static int p_wall(void *ctx, int64_t *s)
{
    (void)ctx;
    *s = WALL;
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
    memset(out, 7, len);
    return TT_OK;
}

/* ---- what must not be found ------------------------------------------------ */

typedef struct needle {
    const char *what;
    uint8_t b[160];
    size_t n;
} needle;

static needle g_needles[32];
static size_t g_nn;
static size_t g_token_needle; /* index of the session token */

static void add(const char *what, const void *p, size_t n)
{
    needle *x = &g_needles[g_nn++];
    x->what = what;
    memcpy(x->b, p, n);
    x->n = n;
}

static void hex(const uint8_t *in, size_t n, char *out, int upper)
{
    const char *d = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = d[in[i] >> 4];
        out[2 * i + 1] = d[in[i] & 15];
    }
}

static size_t b64(const uint8_t *in, size_t n, char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;
    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        out[o++] = a[(v >> 6) & 63];
        out[o++] = a[v & 63];
    }
    if (n - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        out[o++] = a[(v >> 6) & 63];
    } else if (n - i == 1) {
        unsigned v = (unsigned)in[i] << 16;
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
    }
    return o; /* unpadded: the padded form contains it */
}

static void add_key(const char *what, const uint8_t k[32])
{
    char h[64], e[48];
    size_t n;
    add(what, k, 32);
    hex(k, 32, h, 0);
    add(what, h, 64);
    hex(k, 32, h, 1);
    add(what, h, 64);
    n = b64(k, 32, e);
    add(what, e, n);
}

static void build_needles(void)
{
    uint8_t kd[32], kr[32], ks[32], kk[32];
    char k0[64], date8[9];
    int32_t y;
    unsigned m, d;
    tt_hmac_sha256_ctx h;
    size_t i;

    add("secret", SECRET, strlen(SECRET));
    memcpy(k0, "AWS4", 4);
    memcpy(k0 + 4, SECRET, strlen(SECRET));
    add("AWS4+secret", k0, 4 + strlen(SECRET));
    g_token_needle = g_nn;
    add("session token", TOKEN, strlen(TOKEN));
    tt_time_civil_from_days(WALL / 86400, &y, &m, &d);
    snprintf(date8, sizeof date8, "%04d%02u%02u", (int)y, m, d);
    tt_hmac_sha256(k0, 4 + strlen(SECRET), date8, 8, kd);
    tt_hmac_sha256(kd, 32, "us-east-1", 9, kr);
    tt_hmac_sha256(kr, 32, "mturk-requester", 15, ks);
    tt_hmac_sha256(ks, 32, "aws4_request", 12, kk);
    add_key("kDate", kd);
    add_key("kRegion", kr);
    add_key("kService", ks);
    add_key("kSigning", kk);
    /* The signing key's midstates, as the key cache / an HMAC context keeps
     * them (native-endian words). */
    tt_hmac_sha256_init(&h, kk, 32);
    add("kSigning ipad midstate", h.inner.h, sizeof h.inner.h);
    add("kSigning opad midstate", h.outer, sizeof h.outer);
    tt_zeroize(&h, sizeof h);
    for (i = 0; i < g_nn; i++)
        TT_CHECK(g_needles[i].n >= 16);
}

static const char *find_any(const void *hay, size_t n, int allow_token)
{
    const uint8_t *p = (const uint8_t *)hay;
    size_t i, j;
    for (i = 0; i < g_nn; i++) {
        if (allow_token && i == g_token_needle)
            continue;
        if (g_needles[i].n > n)
            continue;
        for (j = 0; j + g_needles[i].n <= n; j++)
            if (p[j] == g_needles[i].b[0] && memcmp(p + j, g_needles[i].b, g_needles[i].n) == 0)
                return g_needles[i].what;
    }
    return NULL;
}

/* ---- the runs ---------------------------------------------------------------- */

static char g_dbg[65536];
static size_t g_dbg_len;

static void on_debug(void *ctx, const char *line, size_t len)
{
    (void)ctx;
    if (g_dbg_len + len + 1 < sizeof g_dbg) {
        memcpy(g_dbg + g_dbg_len, line, len);
        g_dbg_len += len;
        g_dbg[g_dbg_len++] = '\n';
    }
}

static unsigned g_items;

static int on_item(void *ctx, const tt_assignment *a, uint32_t index)
{
    (void)ctx;
    (void)a;
    (void)index;
    g_items++;
    return 0;
}

#define HDR200 "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: r1\r\n"
#define PAGE1                                                                                      \
    "{\"Assignments\":[{\"AssignmentId\":\"A1\",\"WorkerId\":\"W1\",\"HITId\":\"H1\","           \
    "\"AssignmentStatus\":\"Submitted\",\"Answer\":\"<x/>\"}],\"NextToken\":\"tok1\","          \
    "\"NumResults\":1}"
#define PAGE2                                                                                      \
    "{\"Assignments\":[{\"AssignmentId\":\"A2\",\"WorkerId\":\"W2\",\"HITId\":\"H1\","           \
    "\"AssignmentStatus\":\"Approved\"}],\"NumResults\":1}"
#define ERRBODY "{\"__type\":\"RequestError\",\"Message\":\"Hit does not exist.\",\"TurkErrorCode\":\"x\"}"

static char g_r1[1024], g_r2[1024], g_r3[1024];

static void make_responses(void)
{
    snprintf(g_r1, sizeof g_r1, HDR200 "Content-Length: %u\r\n\r\n%s", (unsigned)strlen(PAGE1), PAGE1);
    snprintf(g_r2, sizeof g_r2, HDR200 "Content-Length: %u\r\n\r\n%s", (unsigned)strlen(PAGE2), PAGE2);
    snprintf(g_r3, sizeof g_r3,
             "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\n"
             "Content-Length: %u\r\n\r\n%s",
             (unsigned)strlen(ERRBODY), ERRBODY);
}

static unsigned char g_mem[64 * 1024];

enum { RUN_OK, RUN_SERVICE_ERR, RUN_TRANSPORT_ERR, RUN_ARENA_SMALL };

static void run(int kind, int with_token, int with_debug)
{
    static const char *ok_resp[2];
    static const char *err_resp[1];
    fake f;
    tt_transport t;
    tt_platform plat;
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;
    tt_arena arena;
    size_t cap = sizeof g_mem;
    const char *hit;
    int rc;
    char label[96];

    ok_resp[0] = g_r1;
    ok_resp[1] = g_r2;
    err_resp[0] = g_r3;
    memset(&f, 0, sizeof f);
    if (kind == RUN_SERVICE_ERR) {
        f.resp = err_resp;
        f.n_resp = 1;
    } else {
        f.resp = ok_resp;
        f.n_resp = 2;
    }
    f.fail_send = kind == RUN_TRANSPORT_ERR;
    t.ctx = &f;
    t.connect = f_connect;
    t.send = f_send;
    t.recv = f_recv;
    t.close = f_close;
    plat.ctx = NULL;
    plat.monotonic_ms = p_mono;
    plat.wall_clock = p_wall;
    plat.sleep_ms = p_sleep;
    plat.random = p_random;

    tt_client_config_defaults(&cfg);
    cfg.transport = &t;
    cfg.platform = &plat;
    cfg.host = "mturk-requester.us-east-1.amazonaws.com";
    cfg.port = 443;
    cfg.region = "us-east-1";
    cfg.access_key_id = AKID;
    cfg.secret_access_key = SECRET;
    cfg.session_token = with_token ? TOKEN : NULL;
    cfg.max_attempts = 2;
    if (with_debug) {
        cfg.debug = on_debug;
        cfg.debug_ctx = NULL;
    }
    g_dbg_len = 0;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("H1");
    lp.on_assignment = on_item;
    if (kind == RUN_ARENA_SMALL)
        cap = 3000;
    memset(g_mem, PATTERN, sizeof g_mem);
    tt_arena_init(&arena, g_mem, cap);
    g_items = 0;
    rc = tt_client_list(&c, &arena, &lp, NULL);
    snprintf(label, sizeof label, "run %d token %d debug %d", kind, with_token, with_debug);
    switch (kind) {
    case RUN_OK:
        TT_CHECK_EQ_INT(rc, TT_OK);
        TT_CHECK_EQ_INT(g_items, 2);
        break;
    case RUN_SERVICE_ERR:
        TT_CHECK_EQ_INT(rc, TT_ERR_SERVICE);
        break;
    case RUN_TRANSPORT_ERR:
        TT_CHECK_EQ_INT(rc, TT_ERR_CONN_RESET);
        break;
    default:
        TT_CHECK_EQ_INT(rc, TT_ERR_ARENA_FULL);
        break;
    }
    /* The arena right after the call (the client still open). */
    hit = find_any(g_mem, sizeof g_mem, 0);
    if (!TT_CHECK(hit == NULL))
        printf("  %s: arena holds the %s after tt_client_list()\n", label, hit);
    /* The request on the wire carries the token (it must), never a key. */
    hit = find_any(f.req, f.req_len, 1);
    if (!TT_CHECK(hit == NULL))
        printf("  %s: request bytes hold the %s\n", label, hit);
    hit = find_any(g_dbg, g_dbg_len, 0);
    if (!TT_CHECK(hit == NULL))
        printf("  %s: debug output holds the %s\n", label, hit);
    if (with_debug && kind != RUN_ARENA_SMALL) /* (that one fails before any request) */
        TT_CHECK(g_dbg_len > 0);
    /* The error details the CLI prints. */
    hit = find_any(tt_client_error(&c), sizeof(tt_error_info), 0);
    if (!TT_CHECK(hit == NULL))
        printf("  %s: error info holds the %s\n", label, hit);
    tt_client_close(&c);
    hit = find_any(&c, sizeof c, 0);
    if (!TT_CHECK(hit == NULL))
        printf("  %s: client struct holds the %s after tt_client_close()\n", label, hit);
    {
        /* The cache must be entirely zero after close. */
        static const tt_sigv4_key_cache zero;
        TT_CHECK(memcmp(&c.key_cache, &zero, sizeof zero) == 0);
    }
}

/* A second listing on the same client reuses the cached key; closing must
 * still clear it. */
static void test_reuse(void)
{
    static const char *resp[4];
    fake f;
    tt_transport t;
    tt_platform plat;
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;
    tt_arena arena;

    resp[0] = g_r1;
    resp[1] = g_r2;
    resp[2] = g_r1;
    resp[3] = g_r2;
    memset(&f, 0, sizeof f);
    f.resp = resp;
    f.n_resp = 4;
    t.ctx = &f;
    t.connect = f_connect;
    t.send = f_send;
    t.recv = f_recv;
    t.close = f_close;
    plat.ctx = NULL;
    plat.monotonic_ms = p_mono;
    plat.wall_clock = p_wall;
    plat.sleep_ms = p_sleep;
    plat.random = p_random;
    tt_client_config_defaults(&cfg);
    cfg.transport = &t;
    cfg.platform = &plat;
    cfg.host = "mturk-requester.us-east-1.amazonaws.com";
    cfg.region = "us-east-1";
    cfg.access_key_id = AKID;
    cfg.secret_access_key = SECRET;
    cfg.session_token = TOKEN;
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("H1");
    memset(g_mem, PATTERN, sizeof g_mem);
    tt_arena_init(&arena, g_mem, sizeof g_mem);
    TT_CHECK_EQ_INT(tt_client_list(&c, &arena, &lp, NULL), TT_OK);
    TT_CHECK(c.key_cache.valid); /* the documented cache, until close */
    TT_CHECK_EQ_INT(tt_client_list(&c, &arena, &lp, NULL), TT_OK);
    TT_CHECK(find_any(g_mem, sizeof g_mem, 0) == NULL);
    tt_client_close(&c);
    TT_CHECK(find_any(&c, sizeof c, 0) == NULL);
    TT_CHECK(!c.key_cache.valid);
}

int main(void)
{
    int kind, tok, dbg;
    build_needles();
    make_responses();
    for (kind = RUN_OK; kind <= RUN_ARENA_SMALL; kind++)
        for (tok = 0; tok <= 1; tok++)
            for (dbg = 0; dbg <= 1; dbg++)
                run(kind, tok, dbg);
    test_reuse();
    return tt_test_summary();
}
