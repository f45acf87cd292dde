/*
 * test_request.c - tt_request (the fixed-shape signed request) against the
 * general parts it replaces in the engine: tt_body_encode() +
 * tt_http_format_host() + tt_sigv4_sign() + tt_http_format_request(), put
 * together as tt_client did before.  For many parameter sets (tokens with
 * escapes and UTF-8, session token on/off and with whitespace, ports, IPv6
 * hosts, statuses, MaxResults, member orders, paths, unsigned requests) the
 * wire bytes, the canonical request and the string to sign (debug parts)
 * must be identical, and so must the error codes.  The debug walk of the
 * wire bytes is checked against the request too.
 *
 * Profile-agnostic: also built with -DTT_PROFILE_SMALL=1 together with
 * core/ (every .c) by tests/integration/test_request_small.sh (the device profile
 * signs only plain paths: the general signer answers TT_ERR_SIGV4_BAD_PATH,
 * and so does tt_client_init() for such a signed client, checked here: the
 * device's tt_request_sign() takes the path as checked; its body strings
 * must be printable ASCII, TT_ERR_BODY_NOT_ASCII otherwise, before anything
 * is sent: TT_BODY_UNICODE 0; without TT_CLI_PAGING - the kiosk - the
 * members go in the client's one order, whatever params.order says;
 * TT_SIGV4_FULL 0 refuses a space in the session token, key id or region
 * with TT_ERR_INVALID_ARG where the general signer folds or takes it).
 */
#include <stdio.h>
#include <string.h>

#include "tt_body.h"
#include "tt_http.h"
#include "tt_request.h"
#include "tt_sigv4.h"
#include "tt_test.h"
#include "tinyturk.h"

#define BIG 8192

/* ---- capture --------------------------------------------------------------- */

typedef struct buf {
    char b[BIG];
    size_t n;
    int fail_at; /* >0: the sink call number that fails */
    int fail_rc;
    int calls;
} buf;

static int buf_sink(void *ctx, const uint8_t *d, size_t n)
{
    buf *o = (buf *)ctx;
    if (o->fail_at && ++o->calls == o->fail_at)
        return o->fail_rc;
    if (o->n + n <= sizeof o->b) {
        memcpy(o->b + o->n, d, n);
        o->n += n;
    }
    return TT_OK;
}

/* Debug parts 1..5 collected separately; len 0 calls counted. */
typedef struct dbgcap {
    buf part[6];
    int ends[6];
} dbgcap;

static void dbg_fn(void *user, int part, const char *text, size_t len)
{
    dbgcap *d = (dbgcap *)user;
    if (part < 1 || part > 5)
        return;
    if (len == 0)
        d->ends[part]++;
    else
        buf_sink(&d->part[part], (const uint8_t *)text, len);
}

/* ---- the general path (what tt_client did) ------------------------------------ */

typedef struct expect {
    int rc;
    buf wire;
    dbgcap dbg;
    char hdrs[BIG]; /* "Name: value\r\n"... as the debug walk shows them */
    size_t hdrs_len;
    char reqline[600];
} expect;

/* Printable ASCII only (what a TT_BODY_UNICODE 0 build sends). */
static int printable(tt_str s)
{
    size_t i;
    for (i = 0; i < s.len; i++)
        if ((unsigned char)s.ptr[i] < 0x20 || (unsigned char)s.ptr[i] > 0x7e)
            return 0;
    return 1;
}

static int printable_body(const tt_body_params *bp)
{
    size_t i;
    int ok = printable(bp->hit_id) && (!bp->has_next_token || printable(bp->next_token));
    for (i = 0; bp->has_statuses && i < bp->status_count; i++)
        ok &= printable(bp->statuses[i]);
    return ok;
}

static void general(const tt_client_config *cfg, const tt_body_params *bp, int64_t now,
                    tt_sigv4_key_cache *cache, expect *e)
{
    static unsigned char mem[16384];
    tt_arena a;
    char body[BIG], host[600];
    size_t blen = 0, hlen = 0, n = 5, i, olen = 0;
    tt_http_header h[8];
    tt_sigv4_result sig;
    tt_str path;
    int rc;

    memset(e, 0, sizeof *e);
    tt_arena_init(&a, mem, sizeof mem);
    if (!TT_BODY_UNICODE && !printable_body(bp)) { /* refused before anything else */
        e->rc = TT_ERR_BODY_NOT_ASCII;
        return;
    }
    if (!TT_CLI_PAGING) { /* the device client's one order, whatever bp says */
        static tt_body_params fixed;
        fixed = *bp;
        fixed.order[0] = TT_BODY_M_STATUSES;
        fixed.order[1] = TT_BODY_M_MAX_RESULTS;
        fixed.order[2] = TT_BODY_M_NEXT_TOKEN;
        bp = &fixed;
    }
    rc = tt_body_encode(bp, body, sizeof body, &blen);
    if (rc == TT_OK)
        rc = tt_http_format_host(host, sizeof host, &hlen, tt_str_c(cfg->host), cfg->port,
                                 cfg->https);
    if (rc != TT_OK) {
        e->rc = rc;
        return;
    }
    h[0].name = tt_str_c("Host");
    h[0].value.ptr = host;
    h[0].value.len = hlen;
    h[1].name = tt_str_c("Accept-Encoding");
    h[1].value = tt_str_c("identity");
    h[2].name = tt_str_c("X-Amz-Target");
    h[2].value = tt_str_c("MTurkRequesterServiceV20170117.ListAssignmentsForHIT");
    h[3].name = tt_str_c("Content-Type");
    h[3].value = tt_str_c("application/x-amz-json-1.1");
    h[4].name = tt_str_c("User-Agent");
    h[4].value = tt_str_c(cfg->user_agent);
    path = tt_str_c(cfg->path);
    if (cfg->access_key_id) {
        tt_sigv4_request sr;
        tt_credentials cred;
        tt_http_header sh[3];
        sh[0] = h[0];
        sh[1] = h[2];
        sh[2] = h[3];
        memset(&sr, 0, sizeof sr);
        sr.method = tt_str_c("POST");
        sr.path = path;
        sr.headers = sh;
        sr.header_count = 3;
        sr.payload = body;
        sr.payload_len = blen;
        sr.region = tt_str_c(cfg->region);
        sr.service = tt_str_c("mturk-requester");
        sr.epoch_s = now;
        sr.debug = dbg_fn;
        sr.debug_user = &e->dbg;
        cred.access_key_id = tt_str_c(cfg->access_key_id);
        cred.secret_access_key = tt_str_c(cfg->secret_access_key);
        cred.session_token = tt_str_c(cfg->session_token ? cfg->session_token : "");
        rc = tt_sigv4_sign(&sr, &cred, cache, &a, &sig);
        if (!TT_SIGV4_FULL && (rc == TT_OK || rc == TT_ERR_TIME_RANGE) &&
            (strchr(cred.session_token.ptr, ' ') || strchr(cfg->access_key_id, ' ') ||
             strchr(cfg->region, ' ')))
            rc = TT_ERR_INVALID_ARG; /* the device refuses a space there too */
        if (rc != TT_OK) {
            e->rc = rc;
            return;
        }
        h[5].name = tt_str_c("X-Amz-Date");
        h[5].value.ptr = sig.amz_date;
        h[5].value.len = 16;
        n = 6;
        if (cred.session_token.len) {
            h[6].name = tt_str_c("X-Amz-Security-Token");
            h[6].value = cred.session_token;
            n = 7;
        }
        h[n].name = tt_str_c("Authorization");
        h[n++].value = sig.authorization;
    }
    rc = tt_http_format_request((uint8_t *)e->wire.b, sizeof e->wire.b, &olen, tt_str_c("POST"),
                                path, h, n, (const uint8_t *)body, blen);
    e->rc = rc;
    e->wire.n = olen;
    snprintf(e->reqline, sizeof e->reqline, "POST %s HTTP/1.1\r\n", cfg->path);
    for (i = 0; i < n; i++) {
        int is_tok = h[i].name.len == 20 && memcmp(h[i].name.ptr, "X-Amz-Security-Token", 20) == 0;
        e->hdrs_len += (size_t)snprintf(e->hdrs + e->hdrs_len, sizeof e->hdrs - e->hdrs_len,
                                        "%.*s: %.*s\r\n", (int)h[i].name.len, h[i].name.ptr,
                                        is_tok ? 10 : (int)h[i].value.len,
                                        is_tok ? "<redacted>" : h[i].value.ptr);
    }
    e->hdrs_len += (size_t)snprintf(e->hdrs + e->hdrs_len, sizeof e->hdrs - e->hdrs_len,
                                    "Content-Length: %zu\r\n", blen);
    /* the canonical request as tt_request shows it: token redacted */
    if (cfg->session_token && cfg->session_token[0]) {
        buf *cr = &e->dbg.part[1];
        const char *k = "\nx-amz-security-token:";
        char *p = strstr(cr->b, k);
        if (p) {
            char *v = p + strlen(k), *end = strchr(v, '\n');
            char rest[BIG];
            snprintf(rest, sizeof rest, "<redacted>%s", end ? end : "");
            memcpy(v, rest, strlen(rest) + 1);
            cr->n = strlen(cr->b);
        }
    }
}

/* ---- one case ---------------------------------------------------------------- */

static int ncases;

/* ---- tt_client_init()'s path check ------------------------------------------- */

static int n_connect; /* d_connect() calls */

static int d_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx, (void)host, (void)port, (void)timeout_ms;
    n_connect++;
    return TT_ERR_CONNECT;
}
static int d_send(void *ctx, const uint8_t *b, size_t len, uint32_t timeout_ms)
{
    (void)ctx, (void)b, (void)len, (void)timeout_ms;
    return TT_ERR_CONNECT;
}
static int d_recv(void *ctx, uint8_t *b, size_t cap, size_t *got, uint32_t timeout_ms)
{
    (void)ctx, (void)b, (void)cap, (void)got, (void)timeout_ms;
    return TT_ERR_CONNECT;
}
static void d_close(void *ctx)
{
    (void)ctx;
}
static uint64_t d_mono(void *ctx)
{
    (void)ctx;
    return 0;
}
static int d_wall(void *ctx, int64_t *t)
{
    (void)ctx;
    *t = 1796000000;
    return TT_OK;
}
static void d_sleep(void *ctx, uint32_t ms)
{
    (void)ctx, (void)ms;
}
static int d_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    memset(out, 0, len);
    return TT_OK;
}

static tt_client cl;

/* What tt_client_init() answers for cfg (only its own checks: dummy ports). */
static int client_init_rc(const tt_client_config *cfg)
{
    static tt_transport tr;
    static tt_platform pl;
    tt_client_config c = *cfg;
    tr.connect = d_connect;
    tr.send = d_send;
    tr.recv = d_recv;
    tr.close = d_close;
    pl.monotonic_ms = d_mono;
    pl.wall_clock = d_wall;
    pl.sleep_ms = d_sleep;
    pl.random = d_random;
    c.transport = &tr;
    c.platform = &pl;
    return tt_client_init(&cl, &c);
}

/* A path the device signer signs (tt_config.h, TT_SIGV4_FULL). */
static int plain_path(const char *p)
{
    size_t i, seg = 0, n = strlen(p);
    if (p[0] != '/')
        return 0;
    for (i = 1; i <= n; i++) {
        char ch = i < n ? p[i] : '/';
        if (ch == '/') {
            if ((seg == 0 && i < n) || (seg && seg <= 2 && p[i - 1] == '.' && p[i - seg] == '.'))
                return 0;
            seg = 0;
        } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                   strchr("-._~", ch)) {
            seg++;
        } else {
            return 0;
        }
    }
    return 1;
}

static void init_paths(void)
{
    static const char *const paths[] = {"/", "", "/a", "/a/", "/prefix/mturk", "/a.b/c..d/.e/f.",
                                        "/a/../b", "/./a", "//a", "/a//b", "/a/.", "/a/..",
                                        "/a%20b", "/a+b", "/..", "/.", "//", "/a/b//",
                                        "/...", "/..x", "/x..", "/a-b_c.d~e/F9", "/a:b", "/a@b",
                                        "/a b", "/a?b", "/a#b", "a", "/a\x7f", "/\xc3\xa9"};
    tt_client_config c;
    size_t i;
    int want, rc;
    for (i = 0; i < sizeof paths / sizeof *paths; i++) {
        int is_bad;
        const char *p = paths[i];
        tt_client_config_defaults(&c);
        c.host = "localhost";
        c.path = p;
        c.access_key_id = "AKID";
        c.secret_access_key = "secret";
        is_bad = p[0] && (p[0] != '/' || strpbrk(p, " ?#\x7f\xc3") != NULL);
        want = is_bad ? TT_ERR_BAD_PARAMS
                      : (!TT_SIGV4_FULL && p[0] && !plain_path(p)) ? TT_ERR_SIGV4_BAD_PATH : TT_OK;
        rc = client_init_rc(&c);
        TT_CHECK_EQ_INT(rc, want);
        if (rc != want)
            printf("  path %s\n", p);
        c.access_key_id = NULL; /* unsigned: any sendable path */
        TT_CHECK_EQ_INT(client_init_rc(&c), is_bad ? TT_ERR_BAD_PARAMS : TT_OK);
    }
}

static void run_case(const char *what, const tt_client_config *cfg, const tt_body_params *bp,
                     int64_t now)
{
    static expect e;
    static dbgcap d, dw;
    static buf w;
    tt_sigv4_key_cache c1, c2;
    tt_request rq;
    int rc;
    unsigned failed0 = tt_test_failed;
    char tmp[BIG];

    ncases++;
    tt_sigv4_key_cache_init(&c1);
    tt_sigv4_key_cache_init(&c2);
    general(cfg, bp, now, &c1, &e);
    memset(&d, 0, sizeof d);
    memset(&w, 0, sizeof w);
    memset(&rq, 0, sizeof rq);
    rq.cfg = cfg;
    rq.body = bp;
    rq.epoch_s = now;
    rc = tt_http_check_host(tt_str_c(cfg->host));
    if (rc > 0)
        rc = TT_OK; /* an IPv6 literal: bracketed on the wire */
    if (!TT_SIGV4_FULL && rc == TT_OK && cfg->access_key_id && !plain_path(cfg->path)) {
        /* refused by tt_client_init(), with the general signer's code */
        TT_CHECK_EQ_INT(client_init_rc(cfg), TT_ERR_SIGV4_BAD_PATH);
        rc = TT_ERR_SIGV4_BAD_PATH;
    }
    if (rc == TT_OK)
        rc = tt_request_sign(&rq, &c2, dbg_fn, &d);
    if (rc == TT_OK)
        rc = tt_request_write(&rq, buf_sink, &w, NULL, NULL);
    TT_CHECK_EQ_INT(rc, e.rc);
    if (rc == TT_OK && e.rc == TT_OK) {
        TT_CHECK_EQ_MEM(w.b, w.n, e.wire.b, e.wire.n);
        if (TT_DEBUG) {
            TT_CHECK_EQ_MEM(d.part[1].b, d.part[1].n, e.dbg.part[1].b, e.dbg.part[1].n);
            TT_CHECK_EQ_MEM(d.part[2].b, d.part[2].n, e.dbg.part[2].b, e.dbg.part[2].n);
            TT_CHECK(d.ends[1] == (cfg->access_key_id ? 1 : 0) && d.ends[2] == d.ends[1]);
            /* the debug walk: request line, header lines, body; no wire bytes */
            memset(&dw, 0, sizeof dw);
            TT_CHECK_EQ_INT(tt_request_write(&rq, NULL, NULL, dbg_fn, &dw), TT_OK);
            TT_CHECK_EQ_MEM(dw.part[3].b, dw.part[3].n, e.reqline, strlen(e.reqline));
            TT_CHECK_EQ_MEM(dw.part[4].b, dw.part[4].n, e.hdrs, e.hdrs_len);
            memcpy(tmp, e.wire.b, e.wire.n);
            tmp[e.wire.n] = '\0';
            {
                /* the blank line ends up in the body part (the client drops it) */
                const char *bd = strstr(tmp, "\r\n\r\n") + 2;
                TT_CHECK_EQ_MEM(dw.part[5].b, dw.part[5].n, bd, strlen(bd));
            }
            TT_CHECK(dw.ends[3] == 1 && dw.ends[4] == 1 && dw.ends[5] == 1);
            TT_CHECK(strstr(dw.part[4].b, cfg->secret_access_key ? cfg->secret_access_key
                                                                         : "\x01") == NULL);
        }
        /* warm cache: the same signature */
        if (cfg->access_key_id) {
            tt_request r2 = rq;
            TT_CHECK_EQ_INT(tt_request_sign(&r2, &c2, NULL, NULL), TT_OK);
            TT_CHECK_EQ_STR(r2.signature, rq.signature);
            TT_CHECK_EQ_INT(tt_request_sign(&r2, NULL, NULL, NULL), TT_OK);
            TT_CHECK_EQ_STR(r2.signature, rq.signature);
        }
    }
    if (tt_test_failed != failed0)
        printf("  in case %d: %s (path %s, host %s)\n", ncases, what, cfg->path, cfg->host);
}

/* ---- parameter sets ------------------------------------------------------------ */

static tt_client_config base_cfg(void)
{
    tt_client_config c;
    memset(&c, 0, sizeof c);
    c.host = "mturk-requester.us-east-1.amazonaws.com";
    c.port = 443;
    c.https = 1;
    c.region = "us-east-1";
    c.path = "/";
    c.user_agent = "aws-cli/2.9.19 Python/3.9.11 Linux/6.1 exe/x86_64.debian.12 prompt/off "
                   "command/mturk.list-assignments-for-hit";
    c.access_key_id = "AKIDEXAMPLE";
    c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    return c;
}

static const tt_str statuses3[3] = {{"Submitted", 9}, {"Approved", 8}, {"Rejected", 8}};
static const tt_str statuses_odd[2] = {{"Sub\"mi\\tted\n", 13}, {"\xc3\xa9t\xe2\x82\xac\xf0\x9f\x98\x80", 10}};

static void sweep(void)
{
    static const char *const tokens[] = {
        NULL, "", "AAAAAQAAAAEAAAACAAAAAQ==", "tok/+=", "quote\"back\\slash",
        "ctl\x01\x1f\x7f\b\t\n\f\r", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbf",
        "slash/not/escaped", "a\xc2\x80\xdf\xbf"};
    static const char *const hits[] = {"3XHITEXAMPLE0000000000000000", "H",
                                       "h\xc3\xa9\"\\\x01"};
    static const char *const hosts[] = {"mturk-requester.us-east-1.amazonaws.com", "127.0.0.1",
                                        "::1", "[::1]", "fe80::1%25eth0", "LocalHost",
                                        "[2001:db8::1]"};
    static const uint16_t ports[] = {443, 80, 8443, 1};
    static const char *const paths[] = {"/", "/mturk", "/a/b/", "/a-b_c.d~e/f",
                                        "/a/./b/../c", "//x//", "/%41", "/a+b", "/..",
                                        "/a/.", "/.x/..y/"};
    static const char *const sess[] = {NULL, "", "FQoGZXIvYXdzEJr//////////wEaD+token=",
                                       "  spaced   token  with  runs  "};
    static const uint8_t orders[4][3] = {{3, 2, 1}, {3, 1, 2}, {0, 0, 0}, {1, 0, 0}};
    static const uint32_t maxes[] = {0, 1, 100, 4294967295u};
    tt_client_config c;
    tt_body_params bp;
    size_t i, j;
    char what[64];

    /* tokens x orders x MaxResults x statuses */
    for (i = 0; i < sizeof tokens / sizeof *tokens; i++)
        for (j = 0; j < 4 * 4 * 3; j++) {
            c = base_cfg();
            memset(&bp, 0, sizeof bp);
            bp.hit_id = tt_str_c(hits[j % 3]);
            if (tokens[i]) {
                bp.next_token = tt_str_c(tokens[i]);
                bp.has_next_token = 1;
            }
            memcpy(bp.order, orders[j % 4], 3);
            bp.has_max_results = (j / 4) % 4 != 0;
            bp.max_results = maxes[(j / 4) % 4];
            switch (j / 16) {
            case 0:
                break;
            case 1:
                bp.has_statuses = 1; /* [] */
                break;
            default:
                bp.has_statuses = 1;
                bp.statuses = (j & 1) ? statuses3 : statuses_odd;
                bp.status_count = (j & 1) ? 3 : 2;
            }
            c.session_token = sess[j % 4];
            if (j % 5 == 0)
                c.access_key_id = NULL; /* unsigned */
            snprintf(what, sizeof what, "token %zu body %zu", i, j);
            run_case(what, &c, &bp, 1440938160 + (int64_t)j * 86399);
        }

    /* hosts x ports x https x paths */
    for (i = 0; i < sizeof hosts / sizeof *hosts; i++)
        for (j = 0; j < 4 * 2 * (sizeof paths / sizeof *paths); j++) {
            c = base_cfg();
            c.host = hosts[i];
            c.port = ports[j % 4];
            c.https = (int)((j / 4) % 2);
            c.path = paths[j / 8];
            c.session_token = (j & 1) ? "tok" : NULL;
            memset(&bp, 0, sizeof bp);
            bp.hit_id = tt_str_c("3XHIT");
            bp.has_max_results = 1;
            bp.max_results = 10;
            memcpy(bp.order, orders[0], 3);
            snprintf(what, sizeof what, "host %zu/%zu", i, j);
            run_case(what, &c, &bp, 1796000000);
            c.access_key_id = NULL;
            run_case(what, &c, &bp, 1796000000);
        }
}

/* ---- errors and edges ------------------------------------------------------------- */

static void errors(void)
{
    static const char *const bad_hosts[] = {"a b", "a/b", "a?b", "a#b", "u@h", "a\\b", "[::1",
                                            "[]", "[x]", "[a]b]", "h\x7f", "h\xc3\xa9", "a[b",
                                            "x]", "[::1]:1", ""};
    tt_client_config c = base_cfg();
    tt_body_params bp;
    tt_request rq;
    size_t i, n;
    char tmp[64];
    buf w;

    memset(&bp, 0, sizeof bp);
    bp.hit_id = tt_str_c("3XHIT");

    for (i = 0; i < sizeof bad_hosts / sizeof *bad_hosts; i++) {
        c.host = bad_hosts[i];
        TT_CHECK_EQ_INT(tt_http_check_host(tt_str_c(c.host)),
                        tt_http_format_host(tmp, sizeof tmp, &n, tt_str_c(c.host), 443, 1));
        TT_CHECK_EQ_INT(tt_http_check_host(tt_str_c(c.host)), TT_ERR_HTTP_BAD_HOST);
    }
    c = base_cfg();

    /* body: malformed UTF-8 anywhere */
    bp.hit_id = tt_str_c("bad\xc3");
    run_case("bad utf-8 hit", &c, &bp, 1796000000);
    bp.hit_id = tt_str_c("3XHIT");
    bp.next_token = tt_str_c("\xed\xa0\x80"); /* a surrogate */
    bp.has_next_token = 1;
    run_case("surrogate token", &c, &bp, 1796000000);
    bp.has_next_token = 0;

    /* signer errors, same codes as tt_sigv4_sign() */
    c.secret_access_key = "";
    run_case("empty secret", &c, &bp, 1796000000);
    c = base_cfg();
    c.access_key_id = "";
    run_case("empty key id", &c, &bp, 1796000000);
    c = base_cfg();
    c.session_token = "tok\nen";
    run_case("token with LF", &c, &bp, 1796000000);
    c.session_token = "tok\x7f";
    run_case("token with DEL", &c, &bp, 1796000000);
    c.session_token = "tok\ten";
    run_case("token with TAB", &c, &bp, 1796000000);
    c.session_token = " tok  en ";
    run_case("token with spaces", &c, &bp, 1796000000);
    run_case("token with spaces, year 10000", &c, &bp, (int64_t)253402300800);
    c = base_cfg();
    c.access_key_id = "AK ID";
    run_case("key id with a space", &c, &bp, 1796000000);
    c = base_cfg();
    c.region = "us east";
    run_case("region with a space", &c, &bp, 1796000000);
    c = base_cfg();
    c.access_key_id = "AK\tID";
    run_case("key id with TAB", &c, &bp, 1796000000);
    c = base_cfg();
    c.region = "us\x01";
    run_case("region with CTL", &c, &bp, 1796000000);
    c = base_cfg();
    c.region = "";
    run_case("empty region", &c, &bp, 1796000000);
    c = base_cfg();
    run_case("year 10000", &c, &bp, (int64_t)253402300800);
    run_case("before 1970", &c, &bp, -1);
    run_case("long region (no cache)", &c, &bp, 0);
    c.region = "a-region-name-that-is-far-too-long-to-fit-into-the-cache-scope-buffer-"
               "of-the-signer-0123456789-0123456789";
    run_case("long region (no cache)", &c, &bp, 1796000000);

    /* User-Agent: the writer's codes (injection wins wherever it is) */
    c = base_cfg();
    c.user_agent = "ua\x01x\r";
    run_case("UA CR", &c, &bp, 1796000000);
    c.user_agent = "ua\n";
    c.access_key_id = NULL;
    run_case("UA LF unsigned", &c, &bp, 1796000000);
    c.user_agent = "ua\x01";
    run_case("UA CTL", &c, &bp, 1796000000);
    c.user_agent = "ua\x7f";
    run_case("UA DEL", &c, &bp, 1796000000);
    c.user_agent = "ua\ttab \xc3\xa9";
    run_case("UA TAB and 8-bit", &c, &bp, 1796000000);
    c.user_agent = "";
    run_case("UA empty", &c, &bp, 1796000000);

    /* printable ASCII edges: a TT_BODY_UNICODE 0 build refuses the rest with
     * TT_ERR_BODY_NOT_ASCII (general() expects it), in any string */
    {
        static const char *const edge[] = {" ~", "\"\\\"\\", "\\", "q\"", "a\x1f", "\x7f",
                                           "\t", "\xc3\xa9", "\x80", "\xff", "AB\001CD"};
        tt_str st[2];
        for (i = 0; i < sizeof edge / sizeof *edge; i++) {
            int ascii = printable(tt_str_c(edge[i]));
            bp.hit_id = tt_str_c(edge[i]);
            run_case("edge hit", &c, &bp, 1796000000);
            bp.hit_id = tt_str_c("3XHIT");
            bp.next_token = tt_str_c(edge[i]);
            bp.has_next_token = 1;
            run_case("edge token", &c, &bp, 1796000000);
            bp.has_next_token = 0;
            st[0] = tt_str_c("Submitted");
            st[1] = tt_str_c(edge[i]);
            bp.statuses = st;
            bp.status_count = 2;
            bp.has_statuses = 1;
            run_case("edge status", &c, &bp, 1796000000);
            memset(&rq, 0, sizeof rq);
            rq.cfg = &c;
            rq.body = &bp;
            rq.epoch_s = 1796000000;
            if (!TT_BODY_UNICODE) /* (the host's codes: run_case() above) */
                TT_CHECK_EQ_INT(tt_request_sign(&rq, NULL, NULL, NULL),
                                ascii ? TT_OK : TT_ERR_BODY_NOT_ASCII);
            bp.has_statuses = 0;
            bp.status_count = 0;
            bp.statuses = NULL;
        }
    }

    /* sink errors: returned, nothing after */
    c = base_cfg();
    memset(&rq, 0, sizeof rq);
    rq.cfg = &c;
    rq.body = &bp;
    rq.epoch_s = 1796000000;
    TT_CHECK_EQ_INT(tt_request_sign(&rq, NULL, NULL, NULL), TT_OK);
    memset(&w, 0, sizeof w);
    w.fail_at = 3;
    w.fail_rc = TT_ERR_WRITE_TIMEOUT;
    TT_CHECK_EQ_INT(tt_request_write(&rq, buf_sink, &w, NULL, NULL), TT_ERR_WRITE_TIMEOUT);
    TT_CHECK_EQ_INT(w.calls, 3);
    memset(&w, 0, sizeof w);
    w.fail_at = 1;
    w.fail_rc = 7;
    TT_CHECK_EQ_INT(tt_request_write(&rq, buf_sink, &w, NULL, NULL), TT_ERR_CALLBACK_ABORT);
    TT_CHECK_EQ_INT(w.calls, 1);
    TT_CHECK_EQ_INT(tt_request_write(&rq, NULL, NULL, NULL, NULL), TT_OK);
    TT_CHECK_EQ_INT((int)rq.body_len, (int)strlen("{\"HITId\": \"3XHIT\"}"));
}

/* The engine: a request string the build cannot send fails before any
 * connection is made. */
static void client_refuses(void)
{
    static unsigned char mem[16384];
    tt_client_config c = base_cfg();
    tt_list_params lp;
    tt_arena a;
    int rc;

    TT_CHECK_EQ_INT(client_init_rc(&c), TT_OK);
    tt_arena_init(&a, mem, sizeof mem);
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("3XH\xc3\x89T");
    n_connect = 0;
    rc = tt_client_list(&cl, &a, &lp, NULL);
    TT_CHECK_EQ_INT(rc, TT_BODY_UNICODE ? TT_ERR_CONNECT : TT_ERR_BODY_NOT_ASCII);
    TT_CHECK(TT_BODY_UNICODE ? n_connect > 0 : n_connect == 0);
    lp.hit_id = tt_str_c("3X\xff");
    n_connect = 0;
    TT_CHECK_EQ_INT(tt_client_list(&cl, &a, &lp, NULL),
                    TT_BODY_UNICODE ? TT_ERR_BODY_BAD_UTF8 : TT_ERR_BODY_NOT_ASCII);
    TT_CHECK_EQ_INT(n_connect, 0);
    tt_client_close(&cl);
}

int main(void)
{
    sweep();
    errors();
    init_paths();
    client_refuses();
    printf("# %d request cases compared (TT_PROFILE_SMALL=%d)\n", ncases, TT_PROFILE_SMALL);
    return tt_test_summary();
}
