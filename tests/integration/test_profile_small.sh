#!/usr/bin/env bash
# test_profile_small.sh - the device profile (TT_PROFILE_SMALL, core/tt_config.h)
# compiled and run on the host: core/*.c is built twice with the project's
# warnings, once with -DTT_PROFILE_SMALL=1 (what every -Os board image gets)
# and once with every feature (the host default), each linked with the small
# program below (a mock transport; SigV4, error texts, reason phrases, resume
# tokens, the engine's pagination, max_items, starting_token, debug), and a
# third time as "tiny" (the profile with TT_RESUME_TOKENS=0 TT_ERROR_TEXT=0).  Then:
#   - each build's own promises hold (its checks pass);
#   - every "SAME" line (signatures of what the client signs, the exact bytes
#     of the engine's requests) is identical in both builds;
#   - -Os without any define selects the profile, -O2 does not.
# Also `make profile-small` (mk/profile-small.mk).  Last line: N passed, M failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
CC=${CC:-gcc}
WARN=(-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

cat >"$tmp/profile_check.c" <<'CEOF'
/* profile_check.c - built twice by tests/integration/test_profile_small.sh:
 * with the device profile (TT_PROFILE_SMALL=1) and without (0).  Checks what
 * each profile promises and prints "SAME ..." lines (signatures, request
 * bytes) that must be identical in both builds. */
#include <stdio.h>
#include <string.h>

#include "tinyturk.h"
#include "tt_retry.h"
#include "tt_sigv4.h"
#include "tt_token.h"

static int pass, fail;
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (c)                                                                                     \
            pass++;                                                                                \
        else {                                                                                     \
            fail++;                                                                                \
            printf("FAIL line %d: %s\n", __LINE__, #c);                                            \
        }                                                                                          \
    } while (0)

/* ---- mock transport: canned responses, one per request ------------------ */
static struct {
    const char *resp[8];
    int n, idx;
    size_t off;
    unsigned long hash; /* FNV-1a of every byte sent */
    int requests;
} M;

static int m_connect(void *ctx, const char *host, uint16_t port, uint32_t ms)
{
    (void)ctx, (void)host, (void)port, (void)ms;
    return TT_OK;
}
static int m_send(void *ctx, const uint8_t *b, size_t n, uint32_t ms)
{
    size_t i;
    (void)ctx, (void)ms;
    if (M.idx < 0 || M.off == strlen(M.resp[M.idx])) { /* a new request */
        M.idx++;
        M.off = 0;
        M.requests++;
    }
    for (i = 0; i < n; i++)
        M.hash = (M.hash ^ b[i]) * 16777619ul;
    return TT_OK;
}
static int m_recv(void *ctx, uint8_t *b, size_t cap, size_t *got, uint32_t ms)
{
    const char *r;
    size_t left, k;
    (void)ctx, (void)ms;
    *got = 0;
    if (M.idx < 0 || M.idx >= M.n)
        return TT_OK; /* closed */
    r = M.resp[M.idx];
    left = strlen(r) - M.off;
    k = left < cap ? left : cap;
    if (k > 7)
        k = 7; /* dribble: the parsers are incremental */
    memcpy(b, r + M.off, k);
    M.off += k;
    *got = k;
    return TT_OK;
}
static void m_close(void *ctx)
{
    (void)ctx;
}
static uint64_t p_mono(void *ctx)
{
    (void)ctx;
    return 1000;
}
static int p_wall(void *ctx, int64_t *t)
{
    (void)ctx;
    *t = 1795911262; /* the Date below */
    return TT_OK;
}
static void p_sleep(void *ctx, uint32_t ms)
{
    (void)ctx, (void)ms;
}
static int p_random(void *ctx, uint8_t *o, size_t n)
{
    (void)ctx;
    memset(o, 0x42, n);
    return TT_OK;
}

#define HEAD "HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 00:14:22 GMT\r\n" \
             "Content-Type: application/x-amz-json-1.1\r\n"
#define A(id) "{\"AssignmentId\":\"" id "\",\"WorkerId\":\"W\",\"HITId\":\"H1\"," \
              "\"AssignmentStatus\":\"Submitted\",\"SubmitTime\":1700000000.5}"
#define P1 "{\"Assignments\":[" A("A0") "," A("A1") "],\"NumResults\":2,\"NextToken\":\"t1\"}"
#define P2 "{\"Assignments\":[" A("B0") "],\"NumResults\":1}"
#define LEN(s) (sizeof(s) - 1)
#define STR2(x) #x
#define STR(x) STR2(x)

static int items, tokens, debug_lines;
static int on_item(void *ctx, const tt_assignment *a, uint32_t i)
{
    (void)ctx, (void)a, (void)i;
    items++;
    return 0;
}
static int on_token(void *ctx, tt_str t)
{
    (void)ctx, (void)t;
    tokens++;
    return 0;
}
static void on_debug(void *ctx, const char *l, size_t n)
{
    (void)ctx, (void)l, (void)n;
    debug_lines++;
}

static unsigned char mem[1 << 15];

static int list(int64_t max_items, const char *start)
{
    static char r1[512], r2[512];
    tt_transport t = {NULL, m_connect, m_send, m_recv, m_close};
    tt_platform pf = {NULL, p_mono, p_wall, p_sleep, p_random};
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;
    tt_list_result res;
    tt_arena a;
    int rc;
    snprintf(r1, sizeof r1, HEAD "Content-Length: %zu\r\n\r\n%s", LEN(P1), P1);
    snprintf(r2, sizeof r2, HEAD "Content-Length: %zu\r\n\r\n%s", LEN(P2), P2);
    memset(&M, 0, sizeof M);
    M.idx = -1;
    M.hash = 2166136261ul;
    M.resp[0] = r1;
    M.resp[1] = r2;
    M.n = 2;
    items = tokens = debug_lines = 0;
    tt_arena_init(&a, mem, sizeof mem);
    tt_client_config_defaults(&cfg);
    cfg.transport = &t;
    cfg.platform = &pf;
    cfg.host = "127.0.0.1";
    cfg.port = 8080;
    cfg.region = "us-east-1";
    cfg.access_key_id = "AKIDEXAMPLE";
    cfg.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.debug = on_debug;
    rc = tt_client_init(&c, &cfg);
    if (rc != TT_OK)
        return rc;
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("3XHITPLAINEXAMPLE");
    lp.on_assignment = on_item;
    lp.on_token = on_token;
    lp.max_items = max_items;
    if (start)
        lp.starting_token = tt_str_c(start);
    memset(&res, 0, sizeof res);
    rc = tt_client_list(&c, &a, &lp, &res);
    tt_client_close(&c);
    return rc;
}

static int sign(const char *path, const char *query, unsigned flags, const char *token,
                char *auth, size_t cap)
{
    static unsigned char smem[4096];
    tt_http_header h[3];
    tt_sigv4_request q;
    tt_credentials cr;
    tt_sigv4_result out;
    tt_arena a;
    int rc;
    tt_arena_init(&a, smem, sizeof smem);
    h[0].name = tt_str_c("Content-Type");
    h[0].value = tt_str_c("application/x-amz-json-1.1");
    h[1].name = tt_str_c("Host");
    h[1].value = tt_str_c("mturk-requester.us-east-1.amazonaws.com");
    h[2].name = tt_str_c("X-Amz-Target");
    h[2].value = tt_str_c("MTurkRequesterServiceV20170117.ListAssignmentsForHIT");
    memset(&q, 0, sizeof q);
    q.method = tt_str_c("POST");
    q.path = tt_str_c(path);
    q.query = tt_str_c(query);
    q.headers = h;
    q.header_count = 3;
    q.payload = "{\"HITId\": \"3XHIT\"}";
    q.payload_len = 18;
    q.region = tt_str_c("us-east-1");
    q.service = tt_str_c("mturk-requester");
    q.epoch_s = 1795911262;
    q.flags = flags;
    cr.access_key_id = tt_str_c("AKIDEXAMPLE");
    cr.secret_access_key = tt_str_c("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    cr.session_token = tt_str_c(token);
    rc = tt_sigv4_sign(&q, &cr, NULL, &a, &out);
    if (rc == TT_OK)
        snprintf(auth, cap, "%.*s", (int)out.authorization.len, out.authorization.ptr);
    return rc;
}

/* ---- the engine's device duties, in every build (TT_CLI_PAGING 0 is the
 * kiosk's path: tiny): retries, exactly-once, error details, clock from
 * Date, repeated token, what is CLI-only refused or left out ---------------- */
static char ids[64];
static int pages_seen, last_seen, wall_unset, stop_at_page_end;
static int on_item_id(void *ctx, const tt_assignment *a, uint32_t i)
{
    (void)ctx, (void)i;
    if (strlen(ids) + a->assignment_id.len + 2 < sizeof ids) {
        strncat(ids, a->assignment_id.ptr, a->assignment_id.len);
        strcat(ids, ",");
    }
    return 0;
}
static int on_page(void *ctx, const tt_page_info *pi)
{
    (void)ctx;
    CHECK(pi->page == (uint32_t)pages_seen);
    pages_seen++;
    last_seen = pi->last;
    if (!TT_CLI_PAGING)
        CHECK(pi->request_token.ptr == NULL && pi->num_results == 0 && !pi->has_num_results);
    return stop_at_page_end;
}
static int p_wall2(void *ctx, int64_t *t)
{
    (void)ctx;
    if (wall_unset)
        return TT_ERR_CLOCK_UNSET;
    *t = 1795911262;
    return TT_OK;
}

/* List with the responses given (NULL-terminated); *out gets the client's
 * error details, *now its clock afterwards (0 when unknown). */
static int dev_list(const char **resp, int no_paginate, size_t arena_cap, tt_error_info *out,
                    int64_t *now)
{
    tt_transport t = {NULL, m_connect, m_send, m_recv, m_close};
    tt_platform pf = {NULL, p_mono, p_wall2, p_sleep, p_random};
    tt_client c;
    tt_client_config cfg;
    tt_list_params lp;
    tt_arena a;
    int rc;
    memset(&M, 0, sizeof M);
    M.idx = -1;
    M.hash = 2166136261ul;
    while (M.n < 8 && resp[M.n]) {
        M.resp[M.n] = resp[M.n];
        M.n++;
    }
    ids[0] = '\0';
    pages_seen = last_seen = 0;
    tt_arena_init(&a, mem, arena_cap);
    tt_client_config_defaults(&cfg);
    cfg.transport = &t;
    cfg.platform = &pf;
    cfg.host = "127.0.0.1";
    cfg.port = 8080;
    cfg.access_key_id = "AKIDEXAMPLE";
    cfg.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    if (tt_client_init(&c, &cfg) != TT_OK)
        return -99999;
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("3XHITPLAINEXAMPLE");
    lp.on_assignment = on_item_id;
    lp.on_page_end = on_page;
    lp.no_paginate = no_paginate;
    rc = tt_client_list(&c, &a, &lp, NULL);
    *out = *tt_client_error(&c);
    if (rc == TT_ERR_ARENA_FULL)
        CHECK(out->arena_needed == tt_client_arena_estimate(&c, &lp) && a.needed == out->arena_needed);
    CHECK(a.used == 0);
    *now = 0;
    (void)tt_client_now(&c, now);
    tt_client_close(&c);
    return rc;
}

static void device_checks(void)
{
    static char ok1[512], ok2[512], cut[512], rep[512];
    static const char e503[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
    static const char e400[] =
        "HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: req-1\r\nContent-Length: 93\r\n\r\n"
        "{\"__type\":\"com.amazonaws.mturk#ParameterValidationError\",\"Message\":\"bad\",\"TurkErrorCode\":\"X\"}";
    static const char e500[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 13\r\n\r\n<html></html>";
    static const char skew[] = "HTTP/1.1 403 Forbidden\r\nDate: Sun, 29 Nov 2026 00:14:22 GMT\r\n"
                               "Content-Length: 2\r\n\r\n{}";
    const char *r[8];
    tt_error_info e;
    int64_t now;
    int rc, cutlen;
    snprintf(ok1, sizeof ok1, HEAD "Content-Length: %zu\r\n\r\n%s", LEN(P1), P1);
    snprintf(ok2, sizeof ok2, HEAD "Content-Length: %zu\r\n\r\n%s", LEN(P2), P2);
    /* page 1 cut after its first assignment and the connection closed */
    cutlen = snprintf(cut, sizeof cut, HEAD "Content-Length: %zu\r\n\r\n%s", LEN(P1), P1);
    cut[cutlen - (int)(LEN(P1) - LEN("{\"Assignments\":[" A("A0") ","))] = '\0';
    snprintf(rep, sizeof rep, HEAD "Content-Length: %zu\r\n\r\n%s", LEN(P1), P1);

    /* exactly once across a retry: A0 is not delivered twice */
    r[0] = cut, r[1] = ok1, r[2] = ok2, r[3] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    CHECK(rc == TT_OK && strcmp(ids, "A0,A1,B0,") == 0 && M.requests == 3);
    CHECK(pages_seen == 2 && last_seen == 1);
    printf("SAME retry-once rc=%d ids=%s requests=%d\n", rc, ids, M.requests);
    /* a 503 is retried; its details are gone after the success */
    r[0] = e503, r[1] = ok2, r[2] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    CHECK(rc == TT_OK && strcmp(ids, "B0,") == 0 && M.requests == 2 && e.http_status == 0);
    /* three 503s: retries exhausted, the last attempt's details */
    r[0] = e503, r[1] = e503, r[2] = e503, r[3] = ok2, r[4] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    CHECK(rc == TT_ERR_HTTP_STATUS && e.http_status == 503 && e.attempts == 3 &&
          e.retries_exhausted && strcmp(e.service_code, "503") == 0 && M.requests == 3);
    /* a service error: every detail, not retried */
    r[0] = e400, r[1] = ok2, r[2] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    CHECK(rc == TT_ERR_SERVICE && e.code == TT_ERR_SERVICE && e.http_status == 400 &&
          strcmp(e.service_code, "ParameterValidationError") == 0 && strcmp(e.message, "bad") == 0 &&
          strcmp(e.request_id, "req-1") == 0 && strcmp(e.turk_error_code, "X") == 0 &&
          e.attempts == 1 && M.requests == 1);
    printf("SAME service-error rc=%d %s %s %s %s\n", rc, e.service_code, e.message, e.request_id,
           e.turk_error_code);
    /* a 500 whose body is HTML: botocore's reason phrase only with TT_CLI_PAGING */
    r[0] = e500, r[1] = e500, r[2] = e500, r[3] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    CHECK(rc == TT_ERR_HTTP_STATUS && strcmp(e.service_code, "500") == 0);
    CHECK(strcmp(e.message, !TT_CLI_PAGING      ? "<html></html>"
                            : TT_REASON_PHRASES ? "Internal Server Error"
                                                : "") == 0);
    /* the same NextToken twice: detected; botocore's text only with TT_CLI_PAGING */
    r[0] = ok1, r[1] = rep, r[2] = ok2, r[3] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    CHECK(rc == TT_ERR_REPEATED_TOKEN && M.requests == 2 && strcmp(ids, "A0,A1,A0,A1,") == 0);
    CHECK(TT_CLI_PAGING ? strncmp(e.message, "The same next token", 19) == 0 : e.message[0] == '\0');
    /* no wall clock: signed with a guess, rejected, the Date header sets the
     * clock, re-signed at once (not counted as a retry) */
    wall_unset = 1;
    r[0] = skew, r[1] = ok2, r[2] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    wall_unset = 0;
    CHECK(rc == TT_OK && M.requests == 2 && strcmp(ids, "B0,") == 0 && now == 1795911262);
    /* arena too small: before any request, with the exact need */
    r[0] = ok1, r[1] = NULL;
    rc = dev_list(r, 0, 512, &e, &now);
    CHECK(rc == TT_ERR_ARENA_FULL && M.requests == 0 && e.arena_needed > 512);
    /* the caller stops at the first page end */
    stop_at_page_end = 1;
    r[0] = ok1, r[1] = ok2, r[2] = NULL;
    rc = dev_list(r, 0, sizeof mem, &e, &now);
    stop_at_page_end = 0;
    CHECK(rc == TT_ERR_CALLBACK_ABORT && e.code == rc && M.requests == 1 && pages_seen == 1);
    /* no_paginate: the CLI's; refused before any request without TT_CLI_PAGING */
    r[0] = ok1, r[1] = NULL;
    rc = dev_list(r, 1, sizeof mem, &e, &now);
    CHECK(TT_CLI_PAGING ? (rc == TT_OK && M.requests == 1 && pages_seen == 1)
                        : (rc == TT_ERR_BAD_PARAMS && M.requests == 0 && e.code == rc));
}

int main(void)
{
    static const char *plain[] = {"/", "", "/a", "/a/", "/prefix/mturk", "/a.b/c..d/.e/f."};
    static const char *odd[] = {"/a/../b", "/./a", "//a", "/a//b", "/a/.", "/a/..", "/a%20b",
                                "/a b", "/a+b"};
    char auth[512];
    unsigned char scratch[128];
    tt_token tk;
    size_t i;
    int rc;

    printf("profile: TT_PROFILE_SMALL=%d TT_DEBUG=%d TT_ERROR_TEXT=%d TT_RESUME_TOKENS=%d "
           "TT_REASON_PHRASES=%d TT_SIGV4_FULL=%d TT_CLI_PAGING=%d\n",
           TT_PROFILE_SMALL, TT_DEBUG, TT_ERROR_TEXT, TT_RESUME_TOKENS, TT_REASON_PHRASES,
           TT_SIGV4_FULL, TT_CLI_PAGING);

    /* SigV4: what the client signs is signed identically by both. */
    for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        CHECK(sign(plain[i], "", 0, "", auth, sizeof auth) == TT_OK);
        printf("SAME sig %s %s\n", plain[i], auth);
        CHECK(sign(plain[i], "", 0, "FQoGZXIvYXdzEXAMPLETOKEN", auth, sizeof auth) == TT_OK);
        printf("SAME sig+token %s %s\n", plain[i], auth);
    }
    for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        rc = sign(odd[i], "", 0, "", auth, sizeof auth);
        CHECK(TT_SIGV4_FULL ? rc == TT_OK : rc == TT_ERR_SIGV4_BAD_PATH);
    }
    rc = sign("/", "b=2&a=1", 0, "", auth, sizeof auth);
    CHECK(TT_SIGV4_FULL ? rc == TT_OK : rc == TT_ERR_SIGV4_BAD_QUERY);
    rc = sign("/", "", TT_SIGV4_PRESIGN, "", auth, sizeof auth);
    CHECK(TT_SIGV4_FULL ? rc == TT_OK : rc == TT_ERR_INVALID_ARG);

    /* Error texts. */
    CHECK(strcmp(tt_errname(TT_OK), "TT_OK") == 0);
    if (TT_ERROR_TEXT >= 1) {
        CHECK(strcmp(tt_errname(TT_ERR_ARENA_FULL), "TT_ERR_ARENA_FULL") == 0);
        CHECK(strcmp(tt_errname(TT_ERR_TLS_BAD_HOST), "TT_ERR_TLS_BAD_HOST") == 0);
        CHECK(strcmp(tt_errname(-12345), "TT_ERR_UNKNOWN") == 0);
    } else {
        CHECK(strcmp(tt_errname(TT_ERR_ARENA_FULL), "TT_ERR") == 0);
    }
    if (TT_ERROR_TEXT >= 2)
        CHECK(strcmp(tt_strerror(TT_ERR_ARENA_FULL), "arena exhausted; tt_arena.needed says how much") == 0);
    else
        CHECK(strcmp(tt_strerror(TT_ERR_ARENA_FULL), tt_errname(TT_ERR_ARENA_FULL)) == 0);

    /* Reason phrases. */
    CHECK(strcmp(tt_retry_reason_phrase(500), TT_REASON_PHRASES ? "Internal Server Error" : "") == 0);
    CHECK(tt_retry_status(503) == 1 && tt_retry_code(TT_ERR_CONN_RESET) == 1);

    /* Resume tokens. */
    rc = tt_token_decode("abc", 3, scratch, sizeof scratch, &tk);
    CHECK(rc == (TT_RESUME_TOKENS ? TT_OK : TT_ERR_TOKEN_DISABLED));
    rc = tt_token_encode(&tk, (char *)scratch, sizeof scratch, &i);
    CHECK(rc == (TT_RESUME_TOKENS ? TT_OK : TT_ERR_TOKEN_DISABLED));

    /* Resume tokens: what the encoder writes reads back the same in every
     * build with tokens; a raw server token is taken verbatim. */
    if (TT_RESUME_TOKENS) {
        static const struct {
            const char *next;
            int has_next, has_trunc;
            int64_t trunc;
        } tv[] = {{"t1", 1, 0, 0},
                  {"t1", 1, 1, 3},
                  {NULL, 0, 1, 3},
                  {"p2:AAE=", 1, 1, 0},
                  {"q\"b\\c/\n\x01 \xc3\xa9 \xf0\x9d\x84\x9e\x7f", 1, 1, -2},
                  {"x", 1, 1, 9223372036854775807}};
        static unsigned char sc[512];
        char enc[512];
        size_t el, k;
        for (i = 0; i < sizeof tv / sizeof tv[0]; i++) {
            memset(&tk, 0, sizeof tk);
            tk.next_token = tt_str_c(tv[i].next ? tv[i].next : "");
            tk.has_next_token = tv[i].has_next;
            tk.has_truncate = tv[i].has_trunc;
            tk.truncate = tv[i].trunc;
            CHECK(tt_token_encode(&tk, enc, sizeof enc, &el) == TT_OK);
            rc = tt_token_decode(enc, el, sc, sizeof sc, &tk);
            CHECK(rc == TT_OK && tk.has_next_token == tv[i].has_next &&
                  tk.has_truncate == tv[i].has_trunc && tk.truncate == tv[i].trunc &&
                  (!tv[i].next || (tk.next_token.len == strlen(tv[i].next) &&
                                   memcmp(tk.next_token.ptr, tv[i].next, tk.next_token.len) == 0)));
            printf("SAME token %s rc=%d next=%d:", enc, rc, tk.has_next_token);
            for (k = 0; k < tk.next_token.len; k++)
                printf("%02x", (unsigned char)tk.next_token.ptr[k]);
            printf(" trunc=%d:%lld\n", tk.has_truncate, (long long)tk.truncate);
        }
        rc = tt_token_decode("p2:raw-token!", 13, sc, sizeof sc, &tk);
        CHECK(rc == TT_OK && tk.has_next_token && tk.next_token.len == 13 && !tk.has_truncate);
        rc = tt_token_decode("None", 4, sc, sizeof sc, &tk); /* base64 of junk: not '{' */
        CHECK(rc == TT_OK && !tk.has_next_token);
        rc = tt_token_decode("abc___3", 7, sc, sizeof sc, &tk);
        CHECK(TT_RESUME_TOKENS >= 2 ? (rc == TT_OK && tk.truncate == 3) : rc == TT_ERR_TOKEN_UNSUPPORTED);
        /* {"boto_truncate_amount": 1, "NextToken": "a"}: another writer's order */
        rc = tt_token_decode("eyJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDEsICJOZXh0VG9rZW4iOiAiYSJ9", 60, sc,
                             sizeof sc, &tk);
        CHECK(TT_RESUME_TOKENS >= 2 ? (rc == TT_OK && tk.truncate == 1) : rc == TT_ERR_TOKEN_UNSUPPORTED);
    }

    /* The engine: two pages over one kept-alive connection. */
    rc = list(-1, NULL);
    CHECK(rc == TT_OK && items == 3 && M.requests == 2 && tokens == 0);
    CHECK(TT_DEBUG ? debug_lines > 0 : debug_lines == 0);
    printf("SAME engine requests=%d hash=%08lx\n", M.requests, M.hash);
    /* max_items stops in both; only the full build hands out a resume token. */
    rc = list(1, NULL);
    CHECK(rc == TT_OK && items == 1 && M.requests == 1);
    CHECK(tokens == (TT_RESUME_TOKENS ? 1 : 0));
    rc = list(2, NULL);
    CHECK(rc == TT_OK && items == 2 && M.requests == 1);
    if (TT_RESUME_TOKENS) { /* resume inside page 1: skip 1, then page 2 */
        rc = list(-1, "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==");
        CHECK(rc == TT_OK && items == 2);
        printf("SAME resume rc=%d items=%d requests=%d hash=%08lx\n", rc, items, M.requests, M.hash);
    }
    /* starting_token: a clear error without tokens. */
    rc = list(-1, "t1");
    CHECK(TT_RESUME_TOKENS ? (rc == TT_OK && items > 0)
                           : (rc == TT_ERR_TOKEN_DISABLED && M.requests == 0));

    device_checks();

    printf("%d passed, %d failed\n", pass, fail);
    return fail != 0;
}
CEOF

build() { # build NAME DEFINES...
    local name=$1 o=$tmp/$1 f
    shift
    mkdir -p "$o"
    for f in core/*.c; do
        "$CC" "${WARN[@]}" -O2 "$@" -Icore -Iport -c "$f" -o "$o/$(basename "$f" .c).o" \
            2>>"$o/build.log" || { echo "compile failed: $f ($*)"; cat "$o/build.log"; return 1; }
    done
    "$CC" "${WARN[@]}" -O2 -D_DEFAULT_SOURCE "$@" -Icore -Iport -c "$tmp/profile_check.c" \
        -o "$o/check.o" 2>>"$o/build.log" &&
        "$CC" -o "$o/check" "$o/check.o" "$o"/tt_*.o 2>>"$o/build.log" ||
        { cat "$o/build.log"; return 1; }
}

for p in small full tiny; do
    case $p in
    small) defs=(-DTT_PROFILE_SMALL=1) ;;
    full) defs=() ;;
    tiny) defs=(-DTT_PROFILE_SMALL=1 -DTT_RESUME_TOKENS=0 -DTT_ERROR_TEXT=0) ;; # the least
    esac
    if build $p "${defs[@]}"; then
        ok "$p: core + check program build with the project's warnings (${defs[*]:-defaults})"
    else
        bad "$p: build"
        continue
    fi
    "$tmp/$p/check" >"$tmp/$p.out" 2>&1
    rc=$?
    last=$(tail -n 1 "$tmp/$p.out")
    grep '^FAIL' "$tmp/$p.out" | sed "s/^/     $p: /"
    if [ $rc -eq 0 ] && [[ $last =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
        ok "$p: $(head -n 1 "$tmp/$p.out"): $last"
    else
        bad "$p: check program: $last (rc $rc)"
    fi
done
if [ -s "$tmp/small.out" ] && [ -s "$tmp/full.out" ]; then
    n=$(grep -c '^SAME' "$tmp/full.out")
    if [ "$n" -gt 0 ] && diff <(grep '^SAME' "$tmp/small.out") <(grep '^SAME' "$tmp/full.out") >"$tmp/diff"; then
        ok "small == full on $n signatures / request traces"
    else
        bad "small and full profiles differ on what both must do:"
        sed 's/^/     /' "$tmp/diff" | head -20
    fi
fi
if [ -s "$tmp/tiny.out" ] && [ -s "$tmp/full.out" ]; then
    if diff <(grep -E '^SAME (sig|engine|retry-once|service-error)' "$tmp/tiny.out") <(grep -E '^SAME (sig|engine|retry-once|service-error)' "$tmp/full.out") >"$tmp/diff"; then
        ok "tiny (no tokens, no error texts, no CLI paging) == full on signatures, requests, retries and error details"
    else
        bad "tiny and full profiles differ:"
        sed 's/^/     /' "$tmp/diff" | head -20
    fi
fi
grep -q '^TT_PROFILE_SMALL=1$' <(echo | "$CC" -Os -Icore -E -dM -include tt_config.h - |
    awk '$2 == "TT_PROFILE_SMALL" {print $2 "=" $3}') && ok "-Os selects the device profile" ||
    bad "-Os does not select the device profile"
grep -q '^TT_PROFILE_SMALL=0$' <(echo | "$CC" -O2 -Icore -E -dM -include tt_config.h - |
    awk '$2 == "TT_PROFILE_SMALL" {print $2 "=" $3}') && ok "-O2 keeps every feature" ||
    bad "-O2 selects the device profile"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
