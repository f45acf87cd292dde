/*
 * test_client.c - the engine (tt_client.c) against a scripted mock transport
 * and a mock platform: deterministic, no network, no real clock.
 *
 * The mock transport plays a script of steps: connect failures, and HTTP
 * responses served in slices of a chosen size, optionally cut at byte K by
 * a fault (reset, timeout, TLS error, clean close).  Every byte the engine
 * sends is logged so requests can be checked header by header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinyturk.h"
#include "tt_base64.h"
#include "tt_retry.h"
#include "tt_test.h"

/* ------------------------------------------------------------------------
 * Mock transport
 * ------------------------------------------------------------------------ */

#define MAX_STEPS 64
#define STEP_CONNECT_FAIL 1
#define STEP_RESPONSE 2
#define STEP_SEND_FAIL 3

struct step {
    int kind;
    int code;          /* connect/send failure code, or fault after `cut` bytes */
    char *data;        /* response bytes (malloc'ed) */
    size_t len;
    size_t cut;        /* serve this many bytes, then `code` (0 = clean close) */
    int has_cut;
    size_t split;      /* bytes per recv (0 = as many as fit) */
};

static struct mock {
    struct step steps[MAX_STEPS];
    int n, next;
    struct step *cur;
    size_t pos;
    int connected;
    int connects;
    int closes;
    char sent[1 << 17];
    size_t sent_len;
    int send_calls;
} M;

static void mock_reset(void)
{
    int i;
    for (i = 0; i < M.n; i++)
        free(M.steps[i].data);
    memset(&M, 0, sizeof M);
}

static int m_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    M.connects++;
    M.cur = NULL;
    if (M.next < M.n && M.steps[M.next].kind == STEP_CONNECT_FAIL)
        return M.steps[M.next++].code;
    M.connected = 1;
    return TT_OK;
}

static int m_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    (void)timeout_ms;
    if (!M.connected)
        return TT_ERR_NOT_CONNECTED;
    M.send_calls++;
    if (M.next < M.n && M.steps[M.next].kind == STEP_SEND_FAIL) {
        M.connected = 0;
        return M.steps[M.next++].code;
    }
    if (M.sent_len + len <= sizeof M.sent) {
        memcpy(M.sent + M.sent_len, buf, len);
        M.sent_len += len;
    }
    return TT_OK;
}

static int m_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    size_t end, k;
    (void)ctx;
    (void)timeout_ms;
    *got = 0;
    if (!M.connected)
        return TT_ERR_NOT_CONNECTED;
    if (!M.cur) {
        if (M.next >= M.n || M.steps[M.next].kind != STEP_RESPONSE)
            return TT_ERR_READ_TIMEOUT; /* script exhausted: nothing comes */
        M.cur = &M.steps[M.next++];
        M.pos = 0;
    }
    end = M.cur->has_cut ? M.cur->cut : M.cur->len;
    if (M.pos >= end) {
        int code = M.cur->has_cut ? M.cur->code : 0;
        M.cur = NULL;
        if (code) {
            M.connected = 0;
            return code;
        }
        return TT_OK; /* clean close: got = 0 */
    }
    k = end - M.pos;
    if (M.cur->split && k > M.cur->split)
        k = M.cur->split;
    if (k > cap)
        k = cap;
    memcpy(buf, M.cur->data + M.pos, k);
    M.pos += k;
    *got = k;
    if (!M.cur->has_cut && M.pos == M.cur->len)
        M.cur = NULL; /* whole response served; connection stays up */
    return TT_OK;
}

static void m_close(void *ctx)
{
    (void)ctx;
    if (M.connected)
        M.closes++;
    M.connected = 0;
    M.cur = NULL;
}

static struct step *add_step(int kind, int code)
{
    struct step *s = &M.steps[M.n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->code = code;
    return s;
}

/* Response with status, extra header lines (each ending CRLF) and body. */
static struct step *add_resp(int status, const char *extra, const char *body)
{
    struct step *s = add_step(STEP_RESPONSE, 0);
    size_t cap = strlen(body) + (extra ? strlen(extra) : 0) + 512;
    s->data = (char *)malloc(cap);
    s->len = (size_t)snprintf(s->data, cap,
                              "HTTP/1.1 %d X\r\nx-amzn-RequestId: req-%d\r\n"
                              "Date: Sun, 29 Nov 2026 00:14:22 GMT\r\n%s"
                              "Content-Type: application/x-amz-json-1.1\r\n"
                              "Content-Length: %zu\r\n\r\n%s",
                              status, M.n, extra ? extra : "", strlen(body), body);
    return s;
}

/* Assignments page: ids "<prefix>0".."<prefix>(n-1)", then NextToken (NULL = none). */
static char *page_json(const char *prefix, int n, const char *next)
{
    static char buf[1 << 16];
    size_t o = 0;
    int i;
    o += (size_t)snprintf(buf + o, sizeof buf - o, "{\"Assignments\":[");
    for (i = 0; i < n; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o,
                              "%s{\"AssignmentId\":\"%s%d\",\"WorkerId\":\"AW%d\","
                              "\"HITId\":\"H1\",\"AssignmentStatus\":\"Submitted\","
                              "\"SubmitTime\":1700000000.5,\"Answer\":\"<a>%d</a>\"}",
                              i ? "," : "", prefix, i, i, i);
    o += (size_t)snprintf(buf + o, sizeof buf - o, "],\"NumResults\":%d", n);
    if (next)
        o += (size_t)snprintf(buf + o, sizeof buf - o, ",\"NextToken\":\"%s\"", next);
    snprintf(buf + o, sizeof buf - o, "}");
    return buf;
}

static struct step *add_page(const char *prefix, int n, const char *next)
{
    return add_resp(200, NULL, page_json(prefix, n, next));
}

/* Number of requests logged, and the i-th one (pointer + length). */
static int req_count(void)
{
    int n = 0;
    const char *p = M.sent, *end = M.sent + M.sent_len;
    while (p < end && (p = strstr(p, "POST / HTTP/1.1\r\n")) != NULL) {
        n++;
        p += 4;
    }
    return n;
}

static const char *req_get(int i, size_t *len)
{
    const char *p = M.sent, *q;
    int n = -1;
    while ((p = strstr(p, "POST / HTTP/1.1\r\n")) != NULL) {
        if (++n == i)
            break;
        p += 4;
    }
    if (!p) {
        *len = 0;
        return "";
    }
    q = strstr(p + 4, "POST / HTTP/1.1\r\n");
    *len = q ? (size_t)(q - p) : (size_t)(M.sent + M.sent_len - p);
    return p;
}

/* Copy request i's body into out. */
static const char *req_body(int i)
{
    static char out[8192];
    size_t len;
    const char *r = req_get(i, &len), *b = strstr(r, "\r\n\r\n");
    out[0] = 0;
    if (b && (size_t)(b + 4 - r) <= len)
        snprintf(out, sizeof out, "%.*s", (int)(len - (size_t)(b + 4 - r)), b + 4);
    return out;
}

/* Value of header `name` in request i ("" when absent). */
static const char *req_header(int i, const char *name)
{
    static char out[2048];
    size_t len, nl = strlen(name);
    const char *r = req_get(i, &len), *end = strstr(r, "\r\n\r\n"), *p = r;
    out[0] = 0;
    while (p && p < end) {
        p = strstr(p, "\r\n");
        if (!p || p >= end)
            break;
        p += 2;
        if (strncmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *e = strstr(p, "\r\n");
            snprintf(out, sizeof out, "%.*s", (int)(e - p - (ptrdiff_t)nl - 2), p + nl + 2);
            return out;
        }
    }
    return out;
}

/* Header names of request i joined with ',' */
static const char *req_header_names(int i)
{
    static char out[1024];
    size_t len, o = 0;
    const char *r = req_get(i, &len), *end = strstr(r, "\r\n\r\n"), *p = strstr(r, "\r\n");
    out[0] = 0;
    while (p && p < end) {
        const char *c;
        p += 2;
        c = strchr(p, ':');
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", o ? "," : "", (int)(c - p), p);
        p = strstr(p, "\r\n");
    }
    return out;
}

/* ------------------------------------------------------------------------
 * Mock platform
 * ------------------------------------------------------------------------ */

static struct plat {
    int unset;
    int64_t wall;
    uint64_t mono;
    uint32_t sleeps[32];
    int n_sleeps;
    uint8_t rnd[2];
    int rnd_fail;
} P;

static uint64_t p_mono(void *ctx)
{
    (void)ctx;
    return P.mono;
}

static int p_wall(void *ctx, int64_t *t)
{
    (void)ctx;
    if (P.unset)
        return TT_ERR_CLOCK_UNSET;
    *t = P.wall;
    return TT_OK;
}

static void p_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    if (P.n_sleeps < 32)
        P.sleeps[P.n_sleeps++] = ms;
    P.mono += ms;
    P.wall += ms / 1000;
}

static int p_random(void *ctx, uint8_t *out, size_t len)
{
    size_t i;
    (void)ctx;
    if (P.rnd_fail)
        return TT_ERR_RANDOM;
    for (i = 0; i < len; i++)
        out[i] = P.rnd[i % 2];
    return TT_OK;
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

#define T0 ((int64_t)1795911262) /* 2026-11-29T00:14:22Z, the spec's capture */
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static tt_transport T = {NULL, m_connect, m_send, m_recv, m_close};
static tt_platform PF = {NULL, p_mono, p_wall, p_sleep, p_random};
static unsigned char mem[1 << 16];
static tt_arena arena;
static tt_client client;
static tt_client_config cfg;
static tt_list_params lp;
static tt_list_result res;

/* What the callbacks saw. */
static struct seen {
    char ids[256][16];
    int n;
    uint32_t index[256];
    tt_page_info pages[32];
    char page_next[32][64];
    int n_pages;
    char token[512];
    int n_tokens;
    char etoken[512];
    int n_etokens;
    int abort_at; /* return non-zero at this item (1-based; 0 = never) */
    char debug[1 << 17];
    size_t debug_len;
} S;

static int cb_item(void *ctx, const tt_assignment *a, uint32_t index)
{
    (void)ctx;
    if (S.n < 256) {
        snprintf(S.ids[S.n], sizeof S.ids[0], "%.*s", (int)a->assignment_id.len,
                 a->assignment_id.ptr);
        S.index[S.n] = index;
    }
    S.n++;
    return S.abort_at && S.n == S.abort_at;
}

static int cb_page(void *ctx, const tt_page_info *info)
{
    (void)ctx;
    if (S.n_pages < 32) {
        S.pages[S.n_pages] = *info;
        snprintf(S.page_next[S.n_pages], 64, "%.*s", (int)info->next_token.len,
                 info->next_token.ptr ? info->next_token.ptr : "");
    }
    S.n_pages++;
    return 0;
}

static int cb_token(void *ctx, tt_str t)
{
    (void)ctx;
    snprintf(S.token, sizeof S.token, "%.*s", (int)t.len, t.ptr);
    S.n_tokens++;
    return 0;
}

static int cb_etoken(void *ctx, tt_str t)
{
    (void)ctx;
    snprintf(S.etoken, sizeof S.etoken, "%.*s", (int)t.len, t.ptr);
    S.n_etokens++;
    return 0;
}

static void cb_debug(void *ctx, const char *line, size_t len)
{
    (void)ctx;
    if (S.debug_len + len + 1 < sizeof S.debug) {
        memcpy(S.debug + S.debug_len, line, len);
        S.debug_len += len;
        S.debug[S.debug_len++] = '\n';
        S.debug[S.debug_len] = 0;
    }
}

static void setup(void)
{
    mock_reset();
    memset(&P, 0, sizeof P);
    memset(&S, 0, sizeof S);
    P.wall = T0;
    P.mono = 1000000;
    P.rnd[0] = 0x80; /* random(0,1) = 0.5 */
    P.rnd[1] = 0x00;
    tt_arena_init(&arena, mem, sizeof mem);
    tt_client_config_defaults(&cfg);
    cfg.transport = &T;
    cfg.platform = &PF;
    cfg.host = "127.0.0.1";
    cfg.port = 39405;
    cfg.https = 0;
    cfg.region = "us-east-1";
    cfg.access_key_id = "AKIDEXAMPLE";
    cfg.secret_access_key = SECRET;
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("3XHITPLAINEXAMPLE");
    lp.on_assignment = cb_item;
    lp.on_page_end = cb_page;
    lp.on_token = cb_token;
    lp.on_error_token = cb_etoken;
}

static int run(void)
{
    int rc = tt_client_init(&client, &cfg);
    if (rc != TT_OK)
        return rc;
    return tt_client_list(&client, &arena, &lp, &res);
}

/* Decode a CLI token to its JSON text. */
static const char *tok_json(const char *tok)
{
    static char out[512];
    size_t n = 0;
    if (tt_base64_decode(tok, strlen(tok), (unsigned char *)out, sizeof out - 1, &n, NULL) != TT_OK)
        return "<not base64>";
    out[n] = 0;
    return out;
}

static const char *b64(const char *json)
{
    static char out[512];
    size_t n;
    tt_base64_encode(json, strlen(json), out, sizeof out, &n);
    return out;
}

static int ids_are(const char *const *want, int n)
{
    int i;
    if (S.n != n)
        return 0;
    for (i = 0; i < n; i++)
        if (strcmp(S.ids[i], want[i]) != 0)
            return 0;
    return 1;
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void test_wire(void)
{
    static const char want_head[] =
        "POST / HTTP/1.1\r\n"
        "Host: 127.0.0.1:39405\r\n"
        "Accept-Encoding: identity\r\n"
        "X-Amz-Target: MTurkRequesterServiceV20170117.ListAssignmentsForHIT\r\n"
        "Content-Type: application/x-amz-json-1.1\r\n"
        "User-Agent: tinyturk/" TT_VERSION_STRING "\r\n"
        "X-Amz-Date: 20261129T001422Z\r\n"
        "Authorization: AWS4-HMAC-SHA256 "
        "Credential=AKIDEXAMPLE/20261129/us-east-1/mturk-requester/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
        "Signature=dcb674b7c9e3f5483df881cb73c8913163c369661da29e1f85339c768be00de2\r\n"
        "Content-Length: 30\r\n\r\n"
        "{\"HITId\": \"3XHITPLAINEXAMPLE\"}";
    static const char *ids[] = {"A0", "A1", "A2"};
    size_t len;
    const char *r;

    setup();
    add_page("A", 3, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    r = req_get(0, &len);
    /* Byte for byte the AWS CLI's request (botocore's signature). */
    TT_CHECK_EQ_MEM(r, len, want_head, sizeof want_head - 1);
    TT_CHECK(ids_are(ids, 3));
    TT_CHECK_EQ_INT(res.items, 3);
    TT_CHECK_EQ_INT(res.pages, 1);
    TT_CHECK_EQ_INT(res.requests, 1);
    TT_CHECK_EQ_INT(res.has_token, 0);
    TT_CHECK_EQ_INT(S.n_tokens, 0);
    TT_CHECK_EQ_INT(S.n_pages, 1);
    TT_CHECK_EQ_INT(S.pages[0].items_in_page, 3);
    TT_CHECK_EQ_INT(S.pages[0].delivered, 3);
    TT_CHECK_EQ_INT(S.pages[0].has_num_results, 1);
    TT_CHECK_EQ_INT(S.pages[0].num_results, 3);
    TT_CHECK_EQ_INT(S.pages[0].last, 1);
    TT_CHECK(S.pages[0].next_token.ptr == NULL);
    TT_CHECK_EQ_INT(S.index[2], 2);
    TT_CHECK_EQ_INT(arena.used, 0); /* everything given back */
    TT_CHECK(arena.high_water > 0);
    TT_CHECK_EQ_INT(tt_client_error(&client)->code, TT_OK);

    /* Session token: header after X-Amz-Date, signed (botocore's signature). */
    setup();
    cfg.session_token = "SESSIONTOKEN/xyz=";
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_STR(req_header_names(0), "Host,Accept-Encoding,X-Amz-Target,Content-Type,"
                                         "User-Agent,X-Amz-Date,X-Amz-Security-Token,"
                                         "Authorization,Content-Length");
    TT_CHECK_EQ_STR(req_header(0, "X-Amz-Security-Token"), "SESSIONTOKEN/xyz=");
    TT_CHECK_EQ_STR(req_header(0, "Authorization"),
                    "AWS4-HMAC-SHA256 "
                    "Credential=AKIDEXAMPLE/20261129/us-east-1/mturk-requester/aws4_request, "
                    "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
                    "x-amz-target, "
                    "Signature=93699dffddf0fb619966c845784df132ecc428cb955c02c65873c9ab83535949");

    /* --no-sign-request, custom User-Agent, default port dropped from Host. */
    setup();
    cfg.access_key_id = NULL;
    cfg.secret_access_key = NULL;
    cfg.user_agent = "kiosk/2";
    cfg.port = 443;
    cfg.https = 1;
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_STR(req_header_names(0), "Host,Accept-Encoding,X-Amz-Target,Content-Type,"
                                         "User-Agent,Content-Length");
    TT_CHECK_EQ_STR(req_header(0, "Host"), "127.0.0.1");
    TT_CHECK_EQ_STR(req_header(0, "User-Agent"), "kiosk/2");

    /* Statuses (incl. [] and values outside the enum, sent as given). */
    {
        tt_str st[2];
        st[0] = tt_str_c("Submitted");
        st[1] = tt_str_c("Approved");
        setup();
        lp.statuses = st;
        lp.n_statuses = 2;
        add_page("A", 1, NULL);
        TT_CHECK_EQ_INT(run(), TT_OK);
        TT_CHECK_EQ_STR(req_body(0), "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"AssignmentStatuses\": "
                                     "[\"Submitted\", \"Approved\"]}");
        setup();
        lp.statuses = st;
        lp.n_statuses = 0;
        add_page("A", 1, NULL);
        TT_CHECK_EQ_INT(run(), TT_OK);
        TT_CHECK_EQ_STR(req_body(0),
                        "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"AssignmentStatuses\": []}");
    }
}

static void test_pagination(void)
{
    static const char *ids[] = {"A0", "A1", "B0", "B1", "C0"};
    int split;

    /* 5 items at 2 per page = 3 requests on one keep-alive connection; every
     * split of the responses (1 byte at a time upwards) gives the same. */
    for (split = 0; split <= 7; split++) {
        setup();
        lp.page_size = 2;
        add_page("A", 2, "t1")->split = (size_t)split;
        add_page("B", 2, "t2")->split = (size_t)split * 13;
        add_page("C", 1, NULL)->split = (size_t)split * 101;
        TT_CHECK_EQ_INT(run(), TT_OK);
        TT_CHECK(ids_are(ids, 5));
        TT_CHECK_EQ_INT(req_count(), 3);
        TT_CHECK_EQ_INT(M.connects, 1);
        TT_CHECK_EQ_INT(client.connections, 1);
    }
    TT_CHECK_EQ_STR(req_body(0), "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"MaxResults\": 2}");
    TT_CHECK_EQ_STR(req_body(1),
                    "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"MaxResults\": 2, \"NextToken\": \"t1\"}");
    TT_CHECK_EQ_STR(req_body(2),
                    "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"MaxResults\": 2, \"NextToken\": \"t2\"}");
    TT_CHECK_EQ_INT(S.n_pages, 3);
    TT_CHECK_EQ_STR(S.page_next[0], "t1");
    TT_CHECK_EQ_STR(S.page_next[1], "t2");
    TT_CHECK_EQ_INT(S.pages[0].last, 0);
    TT_CHECK_EQ_INT(S.pages[2].last, 1);
    TT_CHECK(S.pages[0].request_token.ptr == NULL);
    /* (ptr pointed into the arena, valid during the callback only: the
     * arena is wiped when tt_client_list() returns) */
    TT_CHECK_EQ_INT(S.pages[2].request_token.len, 2);
    TT_CHECK_EQ_INT(S.pages[2].page, 2);
    TT_CHECK_EQ_INT(res.pages, 3);
    TT_CHECK_EQ_INT(res.requests, 3);

    /* The connection stays open across calls too. */
    add_page("D", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_INT(M.connects, 1);
    tt_client_close(&client);
    TT_CHECK_EQ_INT(M.connected, 0);

    /* The same bytes on the wire, and the same listing, through an I/O
     * buffer of any size (the request is streamed through it, the
     * responses read into it); 0 = the default, the reference. */
    {
        static char ref[1 << 17];
        static const size_t bufs[] = {0, 1, 2, 7, 100, 513};
        size_t ref_len = 0, k;
        for (k = 0; k < sizeof bufs / sizeof bufs[0]; k++) {
            setup();
            lp.page_size = 2;
            cfg.io_buf = bufs[k];
            add_page("A", 2, "t1");
            add_page("B", 2, "t2");
            add_page("C", 1, NULL);
            TT_CHECK_EQ_INT(run(), TT_OK);
            TT_CHECK(ids_are(ids, 5));
            TT_CHECK_EQ_INT(M.connects, 1);
            TT_CHECK_EQ_INT(req_count(), 3);
            if (k == 0) {
                ref_len = M.sent_len;
                memcpy(ref, M.sent, ref_len);
                continue;
            }
            TT_CHECK(M.sent_len == ref_len && memcmp(M.sent, ref, ref_len) == 0);
            TT_CHECK(M.send_calls >= (int)(ref_len / bufs[k]));
        }
    }

    /* NextToken after the Assignments array, "" and null end pagination. */
    setup();
    add_resp(200, NULL, "{\"Assignments\":[{\"AssignmentId\":\"X\"}],\"NextToken\":\"\"}");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(req_count(), 1);
    setup();
    add_resp(200, NULL, "{\"NextToken\":null,\"Assignments\":[{\"AssignmentId\":\"X\"}]}");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(req_count(), 1);
    TT_CHECK_EQ_INT(S.n, 1);
    /* An empty object is a page with nothing in it. */
    setup();
    add_resp(200, NULL, "{}");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 0);
    TT_CHECK_EQ_INT(S.n_pages, 1);

    /* Field mask: only the wanted members are decoded. */
    setup();
    lp.field_mask = TT_FIELD_BIT(TT_FIELD_WORKER_ID);
    add_page("A", 2, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_STR(S.ids[0], ""); /* AssignmentId masked out */
}

static void test_keepalive(void)
{
    /* Connection: close -> a new connection for the next page. */
    setup();
    add_page("A", 1, "t1");
    add_resp(200, "Connection: close\r\n", page_json("B", 1, "t2"));
    add_page("C", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 3);
    TT_CHECK_EQ_INT(M.connects, 2);

    /* HTTP/1.0 -> reconnect each time. */
    setup();
    add_page("A", 1, "t1")->data[7] = '0';
    add_page("B", 1, NULL)->data[7] = '0';
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_INT(M.connects, 2);

    /* Body delimited by close (no Content-Length). */
    setup();
    {
        struct step *s = add_step(STEP_RESPONSE, 0);
        const char *b = page_json("A", 2, NULL);
        s->data = (char *)malloc(strlen(b) + 64);
        s->len = (size_t)sprintf(s->data, "HTTP/1.1 200 OK\r\n\r\n%s", b);
        s->cut = s->len;
        s->has_cut = 1; /* then a clean close */
    }
    add_page("B", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
    lp.max_items = -1;
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_INT(M.connects, 2);
    TT_CHECK_EQ_INT(S.n, 3);
}

static void test_max_items(void)
{
    static const char *ids3[] = {"A0", "A1", "A2"};
    static const char *ids2[] = {"A3", "A4"};

    /* Mid first page: {"NextToken": null, "boto_truncate_amount": 3}. */
    setup();
    lp.max_items = 3;
    add_page("A", 5, "t1");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK(ids_are(ids3, 3));
    TT_CHECK_EQ_INT(req_count(), 1);
    TT_CHECK_EQ_STR(req_body(0), "{\"HITId\": \"3XHITPLAINEXAMPLE\"}"); /* no MaxResults */
    TT_CHECK_EQ_STR(S.token, "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==");
    TT_CHECK_EQ_INT(res.has_token, 1);
    TT_CHECK_EQ_INT(S.pages[0].delivered, 3);
    TT_CHECK_EQ_INT(S.pages[0].items_in_page, 5);
    TT_CHECK_EQ_INT(S.pages[0].last, 1);

    /* Resume from it with --max-items 3 again: cumulative amount 6 ... */
    {
        char tok[512];
        snprintf(tok, sizeof tok, "%s", S.token);
        setup();
        lp.max_items = 3;
        lp.starting_token = tt_str_c(tok);
        add_page("A", 5, "t1");
        add_page("B", 5, NULL);
        TT_CHECK_EQ_INT(run(), TT_OK);
        /* 2 left in this page, then page 2 is fetched for the third. */
        TT_CHECK_EQ_INT(S.n, 3);
        TT_CHECK(ids_are(ids2, 2) == 0);
        TT_CHECK_EQ_STR(S.ids[0], "A3");
        TT_CHECK_EQ_STR(S.ids[2], "B0");
        TT_CHECK_EQ_STR(tok_json(S.token), "{\"NextToken\": \"t1\", \"boto_truncate_amount\": 1}");
    }

    /* Mid second page: {"NextToken": "t1", "boto_truncate_amount": 1}. */
    setup();
    lp.page_size = 2;
    lp.max_items = 3;
    add_page("A", 2, "t1");
    add_page("B", 2, "t2");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 3);
    TT_CHECK_EQ_INT(req_count(), 2);
    TT_CHECK_EQ_STR(tok_json(S.token), "{\"NextToken\": \"t1\", \"boto_truncate_amount\": 1}");

    /* Exactly at a page end with more pages: {"NextToken": "t1"}. */
    setup();
    lp.page_size = 2;
    lp.max_items = 2;
    add_page("A", 2, "t1");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_INT(req_count(), 1);
    TT_CHECK_EQ_STR(tok_json(S.token), "{\"NextToken\": \"t1\"}");

    /* Everything consumed (N >= total): no token. */
    setup();
    lp.max_items = 5;
    add_page("A", 2, "t1");
    add_page("B", 3, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 5);
    TT_CHECK_EQ_INT(S.n_tokens, 0);
    TT_CHECK_EQ_INT(res.has_token, 0);

    /* --max-items 0: one request, nothing, {"NextToken": null, "boto_truncate_amount": 0}. */
    setup();
    lp.max_items = 0;
    add_page("A", 2, "t1");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 0);
    TT_CHECK_EQ_INT(req_count(), 1);
    TT_CHECK_EQ_STR(tok_json(S.token), "{\"NextToken\": null, \"boto_truncate_amount\": 0}");
}

static void test_starting_token(void)
{
    static const char *ids_b1[] = {"B1", "C0"};
    static const char *ids_a2[] = {"A2", "A3"};
    char tok[256];

    /* Base64 JSON token: NextToken sent before MaxResults, K items skipped. */
    setup();
    lp.page_size = 2;
    snprintf(tok, sizeof tok, "%s", b64("{\"NextToken\": \"t1\", \"boto_truncate_amount\": 1}"));
    lp.starting_token = tt_str_c(tok);
    add_page("B", 2, "t2");
    add_page("C", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK(ids_are(ids_b1, 2));
    TT_CHECK_EQ_STR(req_body(0),
                    "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"NextToken\": \"t1\", \"MaxResults\": 2}");
    TT_CHECK_EQ_STR(req_body(1),
                    "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"NextToken\": \"t2\", \"MaxResults\": 2}");
    TT_CHECK_EQ_INT(S.pages[0].skipped, 1);
    TT_CHECK_EQ_INT(S.index[0], 1); /* index counts the skipped one */

    /* null NextToken: page 1 again, skip 2; cumulative resume token. */
    setup();
    lp.max_items = 2;
    snprintf(tok, sizeof tok, "%s", b64("{\"NextToken\": null, \"boto_truncate_amount\": 2}"));
    lp.starting_token = tt_str_c(tok);
    add_page("A", 6, "t1");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK(ids_are(ids_a2, 2));
    TT_CHECK_EQ_STR(req_body(0), "{\"HITId\": \"3XHITPLAINEXAMPLE\"}");
    TT_CHECK_EQ_STR(tok_json(S.token), "{\"NextToken\": null, \"boto_truncate_amount\": 4}");

    /* Legacy verbatim token (the CLI's `--starting-token not-a-token`). */
    setup();
    lp.starting_token = tt_str_c("not-a-token");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_STR(req_body(0), "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"NextToken\": \"not-a-token\"}");
    TT_CHECK_EQ_INT(S.n, 1);

    /* Legacy "tok___K". */
    setup();
    lp.starting_token = tt_str_c("t9___2");
    add_page("A", 4, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK(ids_are(ids_a2, 2));
    TT_CHECK_EQ_STR(req_body(0), "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"NextToken\": \"t9\"}");

    /* Skip larger than the page: nothing from it, go on. */
    setup();
    snprintf(tok, sizeof tok, "%s", b64("{\"NextToken\": \"t1\", \"boto_truncate_amount\": 9}"));
    lp.starting_token = tt_str_c(tok);
    add_page("B", 2, "t2");
    add_page("C", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 1);
    TT_CHECK_EQ_STR(S.ids[0], "C0");

    /* Unusable tokens. */
    setup();
    snprintf(tok, sizeof tok, "%s", b64("{\"NextToken\": 5}"));
    lp.starting_token = tt_str_c(tok);
    TT_CHECK_EQ_INT(run(), TT_ERR_BAD_STARTING_TOKEN);
    TT_CHECK_EQ_INT(tt_client_error(&client)->cause, TT_ERR_TOKEN_BAD_NEXT);
    TT_CHECK_EQ_INT(req_count(), 0);
    setup();
    lp.starting_token = tt_str_c("a___b___c");
    TT_CHECK_EQ_INT(run(), TT_ERR_BAD_STARTING_TOKEN);
    setup();
    lp.starting_token = tt_str_c("t9___-2");
    TT_CHECK_EQ_INT(run(), TT_ERR_BAD_STARTING_TOKEN);
}

static void test_no_paginate(void)
{
    setup();
    lp.no_paginate = 1;
    lp.page_size = 2;
    lp.starting_token = tt_str_c("srv-tok");
    add_page("A", 2, "t1");
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(req_count(), 1);
    TT_CHECK_EQ_INT(S.n, 2);
    /* hidden --next-token/--max-results: model order */
    TT_CHECK_EQ_STR(req_body(0),
                    "{\"HITId\": \"3XHITPLAINEXAMPLE\", \"NextToken\": \"srv-tok\", \"MaxResults\": 2}");
    TT_CHECK_EQ_STR(S.token, "t1"); /* raw server token */
    TT_CHECK_EQ_INT(S.pages[0].last, 1);

    setup();
    lp.no_paginate = 1;
    lp.max_items = 3;
    TT_CHECK_EQ_INT(run(), TT_ERR_BAD_PARAMS);
    setup();
    lp.hit_id = tt_str_c("");
    TT_CHECK_EQ_INT(run(), TT_ERR_BAD_PARAMS);
    TT_CHECK_EQ_INT(req_count(), 0);
}

static void test_repeated_token(void)
{
    char tok[256];
    setup();
    add_page("A", 1, "same");
    add_page("B", 1, "same");
    TT_CHECK_EQ_INT(run(), TT_ERR_REPEATED_TOKEN);
    TT_CHECK_EQ_INT(S.n, 2); /* both pages delivered, like the CLI's streamed outputs */
    TT_CHECK_EQ_INT(req_count(), 2);
    TT_CHECK_EQ_STR(tt_client_error(&client)->message,
                    "The same next token was received twice: {'NextToken': 'same'}");
    TT_CHECK_EQ_INT(S.pages[1].last, 1);

    setup();
    add_page("A", 1, "it's");
    add_page("B", 1, "it's");
    TT_CHECK_EQ_INT(run(), TT_ERR_REPEATED_TOKEN);
    TT_CHECK_EQ_STR(tt_client_error(&client)->message,
                    "The same next token was received twice: {'NextToken': \"it's\"}");

    /* botocore compares with the token of the previous request only: the
     * starting token's NextToken coming back on page 1 is not a repeat. */
    setup();
    snprintf(tok, sizeof tok, "%s", b64("{\"NextToken\": \"same\"}"));
    lp.starting_token = tt_str_c(tok);
    add_page("A", 1, "same");
    add_page("B", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
}

static void test_retries(void)
{
    const tt_error_info *e;

    /* 500, 500, then 200: success after 3 attempts; delays 0.5*1 s, 0.5*2 s. */
    setup();
    add_resp(500, NULL, "{\"__type\":\"ServiceFault\",\"Message\":\"boom\"}");
    add_resp(500, NULL, "{\"__type\":\"ServiceFault\",\"Message\":\"boom\"}");
    add_page("A", 2, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_INT(req_count(), 3);
    TT_CHECK_EQ_INT(P.n_sleeps, 2);
    TT_CHECK_EQ_INT(P.sleeps[0], 500);
    TT_CHECK_EQ_INT(P.sleeps[1], 1000);
    TT_CHECK_EQ_INT(M.connects, 1); /* complete error responses keep the connection */

    /* ServiceFault x3: gives up, details of the last one. */
    setup();
    P.rnd[0] = 0xff;
    P.rnd[1] = 0xff;
    add_resp(500, NULL, "{\"__type\":\"ServiceFault\",\"Message\":\"boom\"}");
    add_resp(500, NULL, "{\"__type\":\"ServiceFault\",\"Message\":\"boom\"}");
    add_resp(500, NULL, "{\"__type\":\"ServiceFault\",\"Message\":\"boom\",\"TurkErrorCode\":\"T1\"}");
    TT_CHECK_EQ_INT(run(), TT_ERR_SERVICE);
    e = tt_client_error(&client);
    TT_CHECK_EQ_INT(e->code, TT_ERR_SERVICE);
    TT_CHECK_EQ_INT(e->attempts, 3);
    TT_CHECK_EQ_INT(e->retries_exhausted, 1);
    TT_CHECK_EQ_INT(e->http_status, 500);
    TT_CHECK_EQ_STR(e->service_code, "ServiceFault");
    TT_CHECK_EQ_STR(e->message, "boom");
    TT_CHECK_EQ_STR(e->turk_error_code, "T1");
    TT_CHECK_EQ_STR(e->request_id, "req-3"); /* the last of 3 */
    TT_CHECK_EQ_INT(P.sleeps[0], 999);  /* 65535/65536 * 1000 */
    TT_CHECK_EQ_INT(P.sleeps[1], 1999);

    /* 500 HTML / 503 empty: code = status, message = reason phrase. */
    setup();
    add_resp(500, NULL, "<html>oops</html>");
    add_resp(500, NULL, "<html>oops</html>");
    add_resp(500, NULL, "<html>oops</html>");
    TT_CHECK_EQ_INT(run(), TT_ERR_HTTP_STATUS);
    e = tt_client_error(&client);
    TT_CHECK_EQ_STR(e->service_code, "500");
    TT_CHECK_EQ_STR(e->message, "Internal Server Error");
    TT_CHECK_EQ_INT(e->attempts, 3);
    setup();
    add_resp(503, NULL, "");
    add_resp(503, NULL, "");
    add_resp(503, NULL, "");
    TT_CHECK_EQ_INT(run(), TT_ERR_HTTP_STATUS);
    TT_CHECK_EQ_STR(tt_client_error(&client)->message, "Service Unavailable");
    TT_CHECK_EQ_INT(req_count(), 3);

    /* 502 and 504 are retried too; 501 is not. */
    setup();
    add_resp(502, NULL, "");
    add_resp(504, NULL, "");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(req_count(), 3);
    setup();
    add_resp(501, NULL, "");
    TT_CHECK_EQ_INT(run(), TT_ERR_HTTP_STATUS);
    TT_CHECK_EQ_INT(req_count(), 1);

    /* Throttling (400) is retried; max_attempts 5 -> 5 attempts, 4 sleeps. */
    setup();
    cfg.max_attempts = 5;
    {
        int i;
        for (i = 0; i < 5; i++)
            add_resp(400, NULL, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    }
    TT_CHECK_EQ_INT(run(), TT_ERR_SERVICE);
    e = tt_client_error(&client);
    TT_CHECK_EQ_INT(e->attempts, 5);
    TT_CHECK_EQ_STR(e->service_code, "ThrottlingException");
    TT_CHECK_EQ_STR(e->message, "Rate exceeded");
    TT_CHECK_EQ_INT(P.n_sleeps, 4);
    TT_CHECK_EQ_INT(P.sleeps[3], 4000);

    /* Transient codes. */
    setup();
    add_resp(400, NULL, "{\"__type\":\"RequestTimeoutException\"}");
    add_resp(400, NULL, "{\"__type\":\"PriorRequestNotComplete\"}");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(req_count(), 3);

    /* max_attempts 1: no retry. */
    setup();
    cfg.max_attempts = 1;
    add_resp(503, NULL, "");
    TT_CHECK_EQ_INT(run(), TT_ERR_HTTP_STATUS);
    TT_CHECK_EQ_INT(req_count(), 1);
    TT_CHECK_EQ_INT(P.n_sleeps, 0);

    /* Backoff cap (20 s) and formula. */
    TT_CHECK_EQ_INT(tt_retry_backoff_ms(1, 0x8000, 20000), 500);
    TT_CHECK_EQ_INT(tt_retry_backoff_ms(5, 0x8000, 20000), 8000);
    TT_CHECK_EQ_INT(tt_retry_backoff_ms(6, 0xffff, 20000), 20000);
    TT_CHECK_EQ_INT(tt_retry_backoff_ms(60, 0xffff, 20000), 20000);
    TT_CHECK_EQ_INT(tt_retry_backoff_ms(3, 0, 20000), 0);
    TT_CHECK_EQ_INT(tt_retry_backoff_ms(0, 0xffff, 20000), 0);
    {
        /* 32-bit arithmetic, exact: the 64-bit formula for every retry
         * count (and past 2^20 s), r16 and cap */
        static const uint32_t caps[] = {0, 1, 999, 20000, 1000000, 0x7fffffffu, 0xffffffffu};
        unsigned retry, x, k, bad = 0;
        for (retry = 0; retry < 70; retry++)
            for (x = 0; x < 65536; x += 5)
                for (k = 0; k < sizeof caps / sizeof caps[0]; k++) {
                    uint64_t span = retry > 21 ? ((uint64_t)1000 << 20)
                                               : ((uint64_t)1000 << (retry ? retry - 1 : 0));
                    uint64_t d = retry ? (span * x) >> 16 : 0;
                    if (d > caps[k])
                        d = caps[k];
                    bad += tt_retry_backoff_ms(retry, (uint16_t)x, caps[k]) != (uint32_t)d;
                }
        TT_CHECK_EQ_INT(bad, 0);
        TT_CHECK_EQ_INT(tt_retry_backoff_ms(0xffffffffu, 0xffff, 0xffffffffu), 1048560000u);
        for (x = 0; x < 600; x++)
            bad += (unsigned)(tt_retry_status((int)x) != (x == 500 || x == 502 || x == 503 || x == 504));
        bad += (unsigned)(tt_retry_status(-2147483647 - 1) + tt_retry_status(2147483647));
        TT_CHECK_EQ_INT(bad, 0);
    }
    {
        /* tt_retry_code() (a table per error block) against its rule, for
         * every code from -1000 to 1000 and the int extremes */
        static const int conn[] = {TT_ERR_DNS, TT_ERR_CONNECT, TT_ERR_CONNECT_TIMEOUT,
                                   TT_ERR_READ_TIMEOUT, TT_ERR_WRITE_TIMEOUT, TT_ERR_CONN_RESET,
                                   TT_ERR_IO, TT_ERR_PROXY, TT_ERR_NOT_CONNECTED,
                                   TT_ERR_TLS_UNTRUSTED, TT_ERR_TLS_BAD_HOST, TT_ERR_TLS_EXPIRED,
                                   TT_ERR_TLS_NOT_YET_VALID, TT_ERR_TLS_VERSION,
                                   TT_ERR_TLS_NO_COMMON_SUITE, TT_ERR_TLS_HANDSHAKE,
                                   TT_ERR_TLS_IO, TT_ERR_TLS_CLOSED};
        unsigned bad = 0, k;
        int code;
        for (code = -1000; code <= 1000; code++) {
            int want = code <= -400 && code > -500 && code != TT_ERR_HTTP_REQUEST_TOO_LARGE
                       && (code > TT_ERR_HTTP_HEADER_INJECTION || code < TT_ERR_HTTP_BAD_HOST);
            for (k = 0; k < sizeof conn / sizeof conn[0]; k++)
                want |= code == conn[k];
            bad += (unsigned)(tt_retry_code(code) != want);
        }
        bad += (unsigned)(tt_retry_code(-2147483647 - 1) + tt_retry_code(2147483647));
        TT_CHECK_EQ_INT(bad, 0);
        TT_CHECK_EQ_INT(tt_retry_cost(TT_ERR_CONNECT_TIMEOUT), TT_RETRY_TIMEOUT_COST);
        TT_CHECK_EQ_INT(tt_retry_cost(TT_ERR_HTTP_TRUNCATED), TT_RETRY_COST);
    }

    /* Retry quota: a retry takes 5 (10 after a timeout); none is made when
     * the quota cannot pay; a success gives back its retry's cost, or 1. */
    setup();
    cfg.max_attempts = 10;
    TT_CHECK_EQ_INT(tt_client_init(&client, &cfg), TT_OK);
    TT_CHECK_EQ_INT(client.retry_quota, TT_RETRY_QUOTA);
    client.retry_quota = 12;
    add_resp(503, NULL, "");
    add_resp(503, NULL, "");
    add_resp(503, NULL, "");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_ERR_HTTP_STATUS);
    e = tt_client_error(&client);
    TT_CHECK_EQ_INT(e->attempts, 3);
    TT_CHECK_EQ_INT(e->quota_exhausted, 1);
    TT_CHECK_EQ_INT(e->retries_exhausted, 0);
    TT_CHECK_EQ_INT(P.n_sleeps, 2);
    TT_CHECK_EQ_INT(client.retry_quota, 2);
    /* the quota is the client's: the next listing starts from what is left */
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_INT(client.retry_quota, 3);
    tt_client_close(&client);
    mock_reset();
    add_resp(503, NULL, "");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_ERR_HTTP_STATUS);
    TT_CHECK_EQ_INT(tt_client_error(&client)->attempts, 1);
    TT_CHECK_EQ_INT(client.retry_quota, 3);
    /* a success after a retry gives back what the retry took */
    tt_client_close(&client);
    mock_reset();
    client.retry_quota = 10;
    add_resp(503, NULL, "");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_INT(client.retry_quota, 10);
    client.retry_quota = TT_RETRY_QUOTA;
    tt_client_close(&client);
    mock_reset();
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_INT(client.retry_quota, TT_RETRY_QUOTA); /* capped */
    TT_CHECK_EQ_INT(tt_retry_cost(TT_ERR_READ_TIMEOUT), TT_RETRY_TIMEOUT_COST);
    TT_CHECK_EQ_INT(tt_retry_cost(TT_ERR_CONNECT_TIMEOUT), TT_RETRY_TIMEOUT_COST);
    TT_CHECK_EQ_INT(tt_retry_cost(TT_ERR_CONN_RESET), TT_RETRY_COST);
    /* after timeouts: 25 -> 15 -> 5, then a timeout retry (10) is refused */
    tt_client_close(&client);
    mock_reset();
    client.retry_quota = 25;
    {
        int i;
        for (i = 0; i < 3; i++) {
            struct step *st = add_resp(200, NULL, "{}");
            st->cut = 0;
            st->has_cut = 1;
            st->code = TT_ERR_READ_TIMEOUT;
        }
    }
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_ERR_READ_TIMEOUT);
    TT_CHECK_EQ_INT(tt_client_error(&client)->attempts, 3);
    TT_CHECK_EQ_INT(client.retry_quota, 5);

    /* No randomness: the mean delay, not a failure. */
    setup();
    P.rnd_fail = 1;
    add_resp(503, NULL, "");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(P.sleeps[0], 500);
}

static void test_not_retried(void)
{
    const tt_error_info *e;

    setup();
    add_resp(400, NULL,
             "{\"__type\":\"com.amazonaws.mturk.requester#RequestError\",\"Message\":\"no HIT\","
             "\"TurkErrorCode\":\"AWS.MechanicalTurk.HITDoesNotExist\"}");
    TT_CHECK_EQ_INT(run(), TT_ERR_SERVICE);
    e = tt_client_error(&client);
    TT_CHECK_EQ_INT(e->attempts, 1);
    TT_CHECK_EQ_INT(e->retries_exhausted, 0);
    TT_CHECK_EQ_STR(e->service_code, "RequestError");
    TT_CHECK_EQ_STR(e->message, "no HIT");
    TT_CHECK_EQ_STR(e->turk_error_code, "AWS.MechanicalTurk.HITDoesNotExist");
    TT_CHECK_EQ_STR(e->request_id, "req-1");
    TT_CHECK_EQ_INT(e->http_status, 400);
    TT_CHECK_EQ_INT(req_count(), 1);

    /* RequestError with TurkErrorCode ServiceUnavailable: not retried. */
    setup();
    add_resp(400, NULL, "{\"__type\":\"RequestError\",\"Message\":\"m\",\"TurkErrorCode\":\"ServiceUnavailable\"}");
    TT_CHECK_EQ_INT(run(), TT_ERR_SERVICE);
    TT_CHECK_EQ_INT(req_count(), 1);

    /* No __type, lower-case message: code "400". */
    setup();
    add_resp(400, "x-amzn-ErrorType: Foo\r\n", "{\"message\":\"lower\"}");
    TT_CHECK_EQ_INT(run(), TT_ERR_SERVICE);
    TT_CHECK_EQ_STR(tt_client_error(&client)->service_code, "400");
    TT_CHECK_EQ_STR(tt_client_error(&client)->message, "lower");

    /* A 200 that is not JSON: an error, not retried, not success. */
    setup();
    add_resp(200, NULL, "this is not json");
    TT_CHECK_EQ_INT(run(), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(req_count(), 1);
    setup();
    add_resp(200, NULL, "");
    TT_CHECK_EQ_INT(run(), TT_ERR_JSON_TRUNCATED);
    setup();
    add_resp(200, NULL, "{\"Assignments\":[{\"AssignmentId\":\"A\"}");
    TT_CHECK_EQ_INT(run(), TT_ERR_JSON_TRUNCATED);
    TT_CHECK_EQ_INT(S.n, 1);
    TT_CHECK_EQ_INT(req_count(), 1);

    /* A callback abort stops at once and drops the connection. */
    setup();
    S.abort_at = 2;
    add_page("A", 5, "t1");
    TT_CHECK_EQ_INT(run(), TT_ERR_CALLBACK_ABORT);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_INT(M.connected, 0);
    TT_CHECK_EQ_INT(req_count(), 1);
}

static void test_connection_faults(void)
{
    static const char *ids[] = {"A0", "A1", "A2", "A3", "A4", "B0"};
    const tt_error_info *e;
    int codes[] = {TT_ERR_CONN_RESET, TT_ERR_READ_TIMEOUT, TT_ERR_TLS_IO, 0};
    size_t ci;

    /* Reset / timeout / TLS failure / clean close in the middle of page 1
     * after 2 assignments: the retried page skips them (exactly once). */
    for (ci = 0; ci < sizeof codes / sizeof codes[0]; ci++) {
        struct step *s;
        const char *third;
        setup();
        lp.page_size = 5;
        s = add_page("A", 5, "t1");
        third = strstr(s->data, "{\"AssignmentId\":\"A2\"");
        s->cut = (size_t)(third - s->data) + 10; /* inside the third */
        s->has_cut = 1;
        s->code = codes[ci];
        s->split = 7;
        add_page("A", 5, "t1");
        add_page("B", 1, NULL);
        TT_CHECK_EQ_INT(run(), TT_OK);
        TT_CHECK(ids_are(ids, 6));
        TT_CHECK_EQ_INT(req_count(), 3);
        TT_CHECK_EQ_INT(M.connects, 2); /* new connection after the failure */
        TT_CHECK_EQ_INT(P.n_sleeps, 1);
        TT_CHECK_EQ_INT(S.pages[0].delivered, 5); /* 2 before + 3 after */
    }

    /* A fault at every byte offset of a page: always 5 unique items. */
    {
        size_t cut, total;
        int bad = 0;
        setup();
        total = add_page("A", 5, NULL)->len;
        for (cut = 0; cut < total; cut += 3) {
            struct step *s;
            setup();
            s = add_page("A", 5, NULL);
            s->cut = cut;
            s->has_cut = 1;
            s->code = TT_ERR_CONN_RESET;
            add_page("A", 5, NULL);
            if (run() != TT_OK || S.n != 5 || strcmp(S.ids[4], "A4") != 0
                || strcmp(S.ids[0], "A0") != 0)
                bad++;
        }
        TT_CHECK_EQ_INT(bad, 0);
    }

    /* Two faults on the same page, each after more items. */
    {
        struct step *s;
        setup();
        s = add_page("A", 5, NULL);
        s->cut = (size_t)(strstr(s->data, "\"A1\"") - s->data) + 120;
        s->has_cut = 1;
        s->code = TT_ERR_CONN_RESET;
        s = add_page("A", 5, NULL);
        s->cut = (size_t)(strstr(s->data, "\"A3\"") - s->data) + 120;
        s->has_cut = 1;
        s->code = TT_ERR_CONN_RESET;
        add_page("A", 5, NULL);
        TT_CHECK_EQ_INT(run(), TT_OK);
        TT_CHECK(ids_are(ids, 5));
        TT_CHECK_EQ_INT(req_count(), 3);
    }

    /* Connection refused every time. */
    setup();
    add_step(STEP_CONNECT_FAIL, TT_ERR_CONNECT);
    add_step(STEP_CONNECT_FAIL, TT_ERR_CONNECT);
    add_step(STEP_CONNECT_FAIL, TT_ERR_CONNECT);
    TT_CHECK_EQ_INT(run(), TT_ERR_CONNECT);
    e = tt_client_error(&client);
    TT_CHECK_EQ_INT(e->attempts, 3);
    TT_CHECK_EQ_INT(e->retries_exhausted, 1);
    TT_CHECK_EQ_INT(e->http_status, 0);
    TT_CHECK_EQ_INT(M.connects, 3);
    TT_CHECK_EQ_INT(P.n_sleeps, 2);

    /* TLS failures keep their own codes. */
    setup();
    add_step(STEP_CONNECT_FAIL, TT_ERR_TLS_UNTRUSTED);
    add_step(STEP_CONNECT_FAIL, TT_ERR_TLS_UNTRUSTED);
    add_step(STEP_CONNECT_FAIL, TT_ERR_TLS_UNTRUSTED);
    TT_CHECK_EQ_INT(run(), TT_ERR_TLS_UNTRUSTED);
    setup();
    add_step(STEP_CONNECT_FAIL, TT_ERR_TLS_BAD_HOST);
    add_step(STEP_CONNECT_FAIL, TT_ERR_TLS_BAD_HOST);
    add_step(STEP_CONNECT_FAIL, TT_ERR_TLS_BAD_HOST);
    TT_CHECK_EQ_INT(run(), TT_ERR_TLS_BAD_HOST);

    /* Send fails, then works. */
    setup();
    add_step(STEP_SEND_FAIL, TT_ERR_CONN_RESET);
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(M.connects, 2);

    /* Closed before any byte (stale keep-alive): retried. */
    setup();
    {
        struct step *s = add_page("A", 1, NULL);
        s->cut = 0;
        s->has_cut = 1;
    }
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(req_count(), 2);

    /* Truncated every time: TT_ERR_HTTP_TRUNCATED after 3 attempts. */
    setup();
    {
        int i;
        for (i = 0; i < 3; i++) {
            struct step *s = add_page("A", 3, NULL);
            s->cut = s->len - 5;
            s->has_cut = 1;
        }
    }
    TT_CHECK_EQ_INT(run(), TT_ERR_HTTP_TRUNCATED);
    TT_CHECK_EQ_INT(S.n, 3); /* all complete ones delivered once */
    TT_CHECK_EQ_INT(tt_client_error(&client)->attempts, 3);

    /* Garbage instead of HTTP. */
    setup();
    {
        int i;
        for (i = 0; i < 3; i++) {
            struct step *s = add_step(STEP_RESPONSE, 0);
            s->data = strdup("SMTP ready\r\n\r\n");
            s->len = strlen(s->data);
        }
    }
    TT_CHECK_EQ_INT(run(), TT_ERR_HTTP_BAD_STATUS_LINE);
    TT_CHECK_EQ_INT(req_count(), 3);
}

/* On failure, a token resumes right after the last delivered assignment. */
static void test_error_token(void)
{
    static const char *rest[] = {"A2", "A3", "A4", "B0"};
    char tok[512];
    int i;

    /* Page 1 dies after 2 items on every attempt. */
    setup();
    for (i = 0; i < 3; i++) {
        struct step *s = add_page("A", 5, "t1");
        s->cut = (size_t)(strstr(s->data, "{\"AssignmentId\":\"A2\"") - s->data) + 5;
        s->has_cut = 1;
        s->code = TT_ERR_CONN_RESET;
    }
    TT_CHECK_EQ_INT(run(), TT_ERR_CONN_RESET);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_INT(res.items, 2);
    TT_CHECK_EQ_INT(res.has_error_token, 1);
    TT_CHECK_EQ_INT(S.n_tokens, 0);
    TT_CHECK_EQ_STR(tok_json(S.etoken), "{\"NextToken\": null, \"boto_truncate_amount\": 2}");
    snprintf(tok, sizeof tok, "%s", S.etoken);
    setup();
    lp.starting_token = tt_str_c(tok);
    add_page("A", 5, "t1");
    add_page("B", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK(ids_are(rest, 4));
    TT_CHECK_EQ_INT(S.n_etokens, 0);

    /* Page 2 refused: resume at its start. */
    setup();
    add_page("A", 2, "t1");
    add_resp(400, NULL, "{\"__type\":\"RequestError\",\"Message\":\"m\"}");
    TT_CHECK_EQ_INT(run(), TT_ERR_SERVICE);
    TT_CHECK_EQ_STR(tok_json(S.etoken), "{\"NextToken\": \"t1\", \"boto_truncate_amount\": 0}");

    /* A callback refusing item 2: it comes again on resume. */
    setup();
    S.abort_at = 2;
    add_page("A", 5, NULL);
    TT_CHECK_EQ_INT(run(), TT_ERR_CALLBACK_ABORT);
    TT_CHECK_EQ_STR(tok_json(S.etoken), "{\"NextToken\": null, \"boto_truncate_amount\": 1}");

    /* Repeated token: after the page. */
    setup();
    add_page("A", 1, "same");
    add_page("B", 2, "same");
    TT_CHECK_EQ_INT(run(), TT_ERR_REPEATED_TOKEN);
    TT_CHECK_EQ_STR(tok_json(S.etoken), "{\"NextToken\": \"same\", \"boto_truncate_amount\": 2}");

    /* Errors before any request: no token. */
    setup();
    lp.starting_token = tt_str_c("a___b___c");
    TT_CHECK_EQ_INT(run(), TT_ERR_BAD_STARTING_TOKEN);
    TT_CHECK_EQ_INT(S.n_etokens, 0);
}

static void test_skew(void)
{
    const char *skewed =
        "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: "
        "20261128T211422Z is now earlier than 20261128T235922Z (20261129T001422Z - 15 min.)\"}";

    /* Wall clock 3 hours slow: rejected, re-signed with the Date header. */
    setup();
    P.wall = T0 - 3 * 3600;
    add_resp(400, NULL, skewed);
    add_page("A", 1, "t1");
    add_page("B", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_INT(req_count(), 3);
    TT_CHECK_EQ_STR(req_header(0, "X-Amz-Date"), "20261128T211422Z");
    TT_CHECK_EQ_STR(req_header(1, "X-Amz-Date"), "20261129T001422Z");
    TT_CHECK_EQ_STR(req_header(2, "X-Amz-Date"), "20261129T001422Z");
    TT_CHECK_EQ_INT(P.n_sleeps, 0); /* no back-off for the re-signed request */
    TT_CHECK_EQ_INT(client.have_offset, 1);
    /* The offset is kept for later calls. */
    P.wall += 60;
    add_page("C", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_STR(req_header(3, "X-Amz-Date"), "20261129T001522Z");

    /* Other skew codes. */
    setup();
    P.wall = T0 + 7200;
    add_resp(403, NULL, "{\"__type\":\"RequestTimeTooSkewed\",\"Message\":\"skewed\"}");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_STR(req_header(1, "X-Amz-Date"), "20261129T001422Z");

    /* Still rejected after the correction: further corrections are counted
     * retries; then TT_ERR_CLOCK_SKEW. */
    setup();
    P.wall = T0 - 3 * 3600;
    add_resp(400, NULL, skewed);
    add_resp(400, NULL, skewed);
    add_resp(400, NULL, skewed);
    add_resp(400, NULL, skewed);
    TT_CHECK_EQ_INT(run(), TT_ERR_CLOCK_SKEW);
    TT_CHECK_EQ_INT(tt_client_error(&client)->cause, TT_ERR_SERVICE);
    TT_CHECK_EQ_STR(tt_client_error(&client)->service_code, "InvalidSignatureException");
    TT_CHECK_EQ_INT(tt_client_error(&client)->attempts, 3);
    TT_CHECK_EQ_INT(req_count(), 4); /* 1 free re-sign + 3 attempts */
    TT_CHECK_EQ_INT(P.n_sleeps, 2);

    /* A server clock glitch on one request: corrected, then corrected back. */
    setup();
    add_page("A", 1, "t1");
    {
        struct step *s = add_resp(400, NULL, skewed);
        memcpy(strstr(s->data, "Date: ") + 6, "Mon, 30", 7); /* a day ahead */
    }
    add_resp(400, NULL, skewed); /* our clock is now a day ahead */
    add_page("B", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(S.n, 2);
    TT_CHECK_EQ_STR(req_header(2, "X-Amz-Date"), "20261130T001422Z");
    TT_CHECK_EQ_STR(req_header(3, "X-Amz-Date"), "20261129T001422Z");

    /* Skewed but no Date header to correct with. */
    setup();
    {
        struct step *s = add_step(STEP_RESPONSE, 0);
        char b[512];
        snprintf(b, sizeof b, "HTTP/1.1 400 Bad Request\r\nContent-Length: %zu\r\n\r\n%s",
                 strlen(skewed), skewed);
        s->data = strdup(b);
        s->len = strlen(b);
    }
    TT_CHECK_EQ_INT(run(), TT_ERR_CLOCK_SKEW);
    TT_CHECK_EQ_INT(req_count(), 1);

    /* A wrong key is not skew. */
    setup();
    add_resp(400, NULL, "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request "
                        "signature we calculated does not match\"}");
    TT_CHECK_EQ_INT(run(), TT_ERR_SERVICE);
    TT_CHECK_EQ_INT(req_count(), 1);

    /* Unset wall clock: first request signed with a guess, rejected; then
     * the Date header, kept relative to the monotonic clock. */
    setup();
    P.unset = 1;
    add_resp(403, NULL, "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature not yet current\"}");
    add_page("A", 1, "t1");
    add_page("B", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_STR(req_header(0, "X-Amz-Date"), "20260101T000000Z");
    TT_CHECK_EQ_STR(req_header(1, "X-Amz-Date"), "20261129T001422Z");
    TT_CHECK_EQ_INT(client.offset_monotonic, 1);
    P.mono += 5000; /* 5 s later */
    add_page("C", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_STR(req_header(3, "X-Amz-Date"), "20261129T001427Z");
    {
        int64_t now = 0;
        TT_CHECK_EQ_INT(tt_client_now(&client, &now), TT_OK);
        TT_CHECK_EQ_INT(now, T0 + 5);
    }

    /* Unset clock, server answers anything 4xx (not a skew code): still
     * taken as the clock's fault once. */
    setup();
    P.unset = 1;
    add_resp(403, NULL, "{\"__type\":\"UnrecognizedClientException\"}");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_INT(req_count(), 2);

    /* Unset clock and no signing: nothing to fix, no date sent. */
    setup();
    P.unset = 1;
    cfg.access_key_id = NULL;
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK_EQ_STR(req_header(0, "X-Amz-Date"), "");
    {
        int64_t now = 0;
        /* learnt from the Date header even though nothing was signed */
        TT_CHECK_EQ_INT(tt_client_now(&client, &now), TT_OK);
        TT_CHECK_EQ_INT(now, T0);
        P.mono += 2000;
        TT_CHECK_EQ_INT(tt_client_now(&client, &now), TT_OK);
        TT_CHECK_EQ_INT(now, T0 + 2);
        memset(&client, 0, sizeof client);
        TT_CHECK_EQ_INT(tt_client_init(&client, &cfg), TT_OK);
        TT_CHECK_EQ_INT(tt_client_now(&client, &now), TT_ERR_CLOCK_UNSET);
        P.unset = 0; /* the (mock) wall clock did not move */
        TT_CHECK_EQ_INT(tt_client_now(&client, &now), TT_OK);
        TT_CHECK_EQ_INT(now, T0);
        TT_CHECK_EQ_INT(tt_client_now(NULL, &now), TT_ERR_INVALID_ARG);
    }
}

static void test_arena(void)
{
    size_t need, est;
    static unsigned char small[1 << 16];
    int rc;

    /* Too small: fails before sending, says how much is needed. */
    setup();
    add_page("A", 3, NULL);
    tt_arena_init(&arena, small, 1000);
    rc = run();
    TT_CHECK_EQ_INT(rc, TT_ERR_ARENA_FULL);
    need = tt_client_error(&client)->arena_needed;
    TT_CHECK(need > 1000);
    TT_CHECK_EQ_INT(arena.needed, need);
    TT_CHECK_EQ_INT(req_count(), 0);
    TT_CHECK_EQ_INT(arena.used, 0);
    est = tt_client_arena_estimate(&client, &lp);
    printf("# arena estimate %zu, needed reported %zu\n", est, need);

    /* ... and that is enough (plus the assignment itself). */
    tt_arena_init(&arena, small, need + 200);
    TT_CHECK_EQ_INT(tt_client_list(&client, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_INT(S.n, 3);
    printf("# high water %zu for 3 small assignments\n", arena.high_water);

    /* A big assignment that does not fit: exact need from the decoder. */
    {
        static char body[20000];
        char answer[9000];
        memset(answer, 'x', sizeof answer - 1);
        answer[sizeof answer - 1] = 0;
        snprintf(body, sizeof body,
                 "{\"Assignments\":[{\"AssignmentId\":\"BIG\",\"Answer\":\"%s\"}]}", answer);
        setup();
        add_resp(200, NULL, body);
        tt_arena_init(&arena, small, need + 200);
        TT_CHECK_EQ_INT(run(), TT_ERR_ARENA_FULL);
        need = tt_client_error(&client)->arena_needed;
        TT_CHECK(need > 9000);
        setup();
        add_resp(200, NULL, body);
        tt_arena_init(&arena, small, need);
        TT_CHECK_EQ_INT(run(), TT_OK);
        TT_CHECK_EQ_INT(S.n, 1);
        TT_CHECK_EQ_INT(arena.high_water, need);
    }

    /* Working set does not grow with the page size. */
    {
        size_t hw1, hw100;
        setup();
        add_page("A", 1, NULL);
        TT_CHECK_EQ_INT(run(), TT_OK);
        hw1 = arena.high_water;
        setup();
        add_page("A", 100, NULL);
        TT_CHECK_EQ_INT(run(), TT_OK);
        hw100 = arena.high_water;
        TT_CHECK(hw100 - hw1 <= 8); /* only the longer ids ("A99") */
        printf("# high water page of 1: %zu, page of 100: %zu\n", hw1, hw100);
    }
}

static void test_debug(void)
{
    const char *secret = SECRET, *token = "SeSsIoNtOkEn-VALUE+/=";
    setup();
    cfg.session_token = token;
    cfg.debug = cb_debug;
    lp.page_size = 2;
    add_resp(503, NULL, "");
    add_page("A", 2, "t1");
    add_page("B", 1, NULL);
    TT_CHECK_EQ_INT(run(), TT_OK);
    TT_CHECK(S.debug_len > 0);
    TT_CHECK(strstr(S.debug, secret) == NULL);
    TT_CHECK(strstr(S.debug, token) == NULL);
    TT_CHECK(strstr(S.debug, "X-Amz-Security-Token: <redacted>") != NULL);
    TT_CHECK(strstr(S.debug, "canonical-request: x-amz-security-token:<redacted>") != NULL);
    TT_CHECK(strstr(S.debug, "canonical-request: POST") != NULL);
    TT_CHECK(strstr(S.debug, "string-to-sign: AWS4-HMAC-SHA256") != NULL);
    TT_CHECK(strstr(S.debug, "request-body: {\"HITId\"") != NULL);
    TT_CHECK(strstr(S.debug, "response: 503") != NULL);
    TT_CHECK(strstr(S.debug, "response-header: x-amzn-RequestId: req-1") != NULL);
    TT_CHECK(strstr(S.debug, "retry: attempt 1 failed (TT_ERR_HTTP_STATUS 503), sleeping 500 ms") != NULL);
    TT_CHECK(strstr(S.debug, "response-body: ") != NULL);
    TT_CHECK(strstr(S.debug, "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") != NULL);
    /* Also with the token split across the signer's chunks and 1-byte reads. */
    TT_CHECK_EQ_INT(S.n, 3);
}

static void test_api(void)
{
    tt_client c;
    tt_client_config bad;
    tt_transport t2 = T;

    setup();
    TT_CHECK_EQ_INT(tt_client_init(NULL, &cfg), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_client_init(&c, NULL), TT_ERR_INVALID_ARG);
    bad = cfg;
    bad.transport = NULL;
    TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_ERR_INVALID_ARG);
    bad = cfg;
    t2.recv = NULL;
    bad.transport = &t2;
    TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_ERR_INVALID_ARG);
    bad = cfg;
    bad.host = "";
    TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_ERR_BAD_PARAMS);
    bad = cfg;
    bad.port = 0;
    TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_ERR_BAD_PARAMS);
    bad = cfg;
    bad.secret_access_key = NULL;
    TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_ERR_BAD_PARAMS);
    bad = cfg;
    bad.region = "";
    TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_ERR_BAD_PARAMS);
    /* a request path: '/' first, visible ASCII, no query or fragment */
    {
        static const char *const bad_paths[] = {"mturk", "/a b", "/a?x=1", "/a#f", "/\x7f",
                                                "/caf\xc3\xa9", "/a\r\nX: y"};
        size_t k;
        for (k = 0; k < sizeof bad_paths / sizeof bad_paths[0]; k++) {
            bad = cfg;
            bad.path = bad_paths[k];
            TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_ERR_BAD_PARAMS);
        }
        bad = cfg;
        bad.path = "/mturk/v1/";
        TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_OK);
        bad.path = "";
        TT_CHECK_EQ_INT(tt_client_init(&c, &bad), TT_OK);
    }
    /* an uninitialised client is refused */
    memset(&c, 0, sizeof c);
    TT_CHECK_EQ_INT(tt_client_list(&c, &arena, &lp, &res), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_client_init(&c, &cfg), TT_OK);
    TT_CHECK_EQ_INT(tt_client_list(&c, NULL, &lp, &res), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_client_list(&c, &arena, NULL, &res), TT_ERR_INVALID_ARG);
    /* result may be NULL */
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&c, &arena, &lp, NULL), TT_OK);
    /* a HIT id that is not UTF-8 is never sent */
    lp.hit_id = tt_str_c("3X\xff");
    TT_CHECK_EQ_INT(tt_client_list(&c, &arena, &lp, &res), TT_ERR_BODY_BAD_UTF8);
    TT_CHECK_EQ_INT(req_count(), 1);
    /* non-ASCII is escaped like json.dumps */
    lp.hit_id = tt_str_c("\xc3\x89\xe6\x97\xa5X");
    add_page("A", 1, NULL);
    TT_CHECK_EQ_INT(tt_client_list(&c, &arena, &lp, &res), TT_OK);
    TT_CHECK_EQ_STR(req_body(1), "{\"HITId\": \"\\u00c9\\u65e5X\"}");
    TT_CHECK_EQ_STR(req_header(1, "Content-Length"), "26");
    TT_CHECK_EQ_STR(tt_errname(TT_ERR_REPEATED_TOKEN), "TT_ERR_REPEATED_TOKEN");
    tt_client_close(&c);
    tt_client_close(NULL);
}

int main(void)
{
    test_api();
    test_wire();
    test_pagination();
    test_keepalive();
    test_max_items();
    test_starting_token();
    test_no_paginate();
    test_repeated_token();
    test_retries();
    test_not_retried();
    test_connection_faults();
    test_error_token();
    test_skew();
    test_arena();
    test_debug();
    mock_reset();
    return tt_test_summary();
}
