/*
 * test_sigv4_small.c - the device profile's signer (TT_SIGV4_FULL 0, no
 * debug hook: what every -Os board runs) against the library's full one, in
 * one program: core/tt_sigv4.c is compiled here a second time with its
 * public names prefixed "sm_".  Every request the small signer accepts must
 * give the same signature, Authorization value and arena use; what it
 * refuses (queries, presigning, paths needing encoding or normalisation)
 * must fail with the documented code.  Also the argument checks' order
 * (several faults at once) and the key cache.
 */
#include <stdio.h>
#include <string.h>

#include "tt_sigv4.h"
#include "tt_test.h"

#undef TT_SIGV4_FULL
#define TT_SIGV4_FULL 0
#undef TT_DEBUG
#define TT_DEBUG 0
#define tt_sigv4_sign sm_sigv4_sign
#define tt_sigv4_derive_key sm_sigv4_derive_key
#define tt_sigv4_key_cache_init sm_sigv4_key_cache_init
#define tt_sigv4_key_cache_clear sm_sigv4_key_cache_clear
#define tt_sigv4_hmac_init sm_sigv4_hmac_init
#define tt_sigv4_hash_path sm_sigv4_hash_path
#include "../../core/tt_sigv4.c"
#undef tt_sigv4_sign
#undef tt_sigv4_derive_key
#undef tt_sigv4_key_cache_init
#undef tt_sigv4_key_cache_clear

static unsigned char g_mem1[8192], g_mem2[8192];

/* Sign with both; returns the small one's code after checking that both
 * agree (code, signature, output, arena use, `needed`). */
static int both(const tt_sigv4_request *r, const tt_credentials *c, tt_sigv4_key_cache *k1,
                tt_sigv4_key_cache *k2, size_t cap)
{
    tt_arena a1, a2;
    tt_sigv4_result o1, o2;
    int rc1, rc2;

    tt_arena_init(&a1, g_mem1, cap);
    tt_arena_init(&a2, g_mem2, cap);
    rc1 = tt_sigv4_sign(r, c, k1, &a1, &o1);
    rc2 = sm_sigv4_sign(r, c, k2, &a2, &o2);
    if (rc2 != TT_OK)
        return rc2;
    TT_CHECK_EQ_INT(rc1, TT_OK);
    TT_CHECK_EQ_STR(o2.signature, o1.signature);
    TT_CHECK_EQ_STR(o2.amz_date, o1.amz_date);
    TT_CHECK_EQ_STR(o2.payload_hash, o1.payload_hash);
    TT_CHECK_EQ_MEM(o2.authorization.ptr, o2.authorization.len, o1.authorization.ptr,
                    o1.authorization.len);
    TT_CHECK(o2.presign_query.ptr == NULL);
    TT_CHECK_EQ_INT((long)a2.used, (long)a1.used);
    TT_CHECK_EQ_INT((long)a2.needed, (long)a1.needed);
    TT_CHECK(a2.used == o2.authorization.len); /* only the output stays */
    return rc2;
}

static tt_http_header g_h[6];

static void base(tt_sigv4_request *r, tt_credentials *c)
{
    memset(r, 0, sizeof *r);
    memset(c, 0, sizeof *c);
    g_h[0].name = tt_str_c("Host");
    g_h[0].value = tt_str_c("mturk-requester.us-east-1.amazonaws.com");
    g_h[1].name = tt_str_c("X-Amz-Target");
    g_h[1].value = tt_str_c("MTurkRequesterServiceV20170117.ListAssignmentsForHIT");
    g_h[2].name = tt_str_c("Content-Type");
    g_h[2].value = tt_str_c("application/x-amz-json-1.1");
    r->method = tt_str_c("POST");
    r->path = tt_str_c("/");
    r->headers = g_h;
    r->header_count = 3;
    r->payload = "{\"HITId\":\"3XHIT\"}";
    r->payload_len = strlen((const char *)r->payload);
    r->region = tt_str_c("us-east-1");
    r->service = tt_str_c("mturk-requester");
    r->epoch_s = 1795738462;
    c->access_key_id = tt_str_c("AKIDEXAMPLE");
    c->secret_access_key = tt_str_c("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
}

static void test_same(void)
{
    static const char *paths[] = {"/", "", "/a", "/a/", "/a/b.c/~d_e-f", "/.a/..b/...",
                                  "/a/b/"};
    static const char *values[] = {"  a  b  ", "a\r\n b", "a\n\tb", "tab\there", "",
                                   "x,y", " \t "};
    static const char *names[] = {"X-Amz-Date", "x-amz-date", "Authorization",
                                  "X-Amz-Security-Token", "x-amz-content-sha256", "host",
                                  "A-Very-Long-Header-Name-Longer-Than-Thirty-Two-Bytes", "zz"};
    tt_sigv4_request r;
    tt_credentials c;
    tt_sigv4_key_cache k1, k2;
    size_t i, j, cap;

    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        base(&r, &c);
        r.path = tt_str_c(paths[i]);
        TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
        r.flags = TT_SIGV4_NO_NORMALIZE_PATH;
        TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
    }
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        base(&r, &c);
        g_h[1].value = tt_str_c(values[i]);
        TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
    }
    /* extra headers: duplicates, replaced and ignored names, odd order */
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        for (j = 0; j < 8; j++) {
            base(&r, &c);
            g_h[3].name = tt_str_c(names[i]);
            g_h[3].value = tt_str_c("v1");
            g_h[4].name = tt_str_c(names[(i + j) % 8]);
            g_h[4].value = tt_str_c(" v2 ");
            g_h[5].name = tt_str_c("HOST");
            g_h[5].value = tt_str_c("second");
            r.header_count = 4 + (j & 1) + ((j >> 1) & 1);
            if (j & 4)
                c.session_token = tt_str_c("FQoGZXIvYXdzEXAMPLE/TOKEN+=");
            r.flags = (j & 2) ? TT_SIGV4_ADD_CONTENT_SHA256 : 0;
            if (i & 1)
                r.flags |= TT_SIGV4_TOKEN_UNSIGNED;
            TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
        }
    }
    /* no headers at all; a given payload hash; long and empty-ish values */
    base(&r, &c);
    r.header_count = 0;
    r.headers = NULL;
    TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
    base(&r, &c);
    r.payload_hash = tt_str_c("UNSIGNED-PAYLOAD");
    r.flags = TT_SIGV4_ADD_CONTENT_SHA256;
    TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
    base(&r, &c);
    r.payload = NULL;
    r.payload_len = 0;
    TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
    base(&r, &c);
    c.secret_access_key = tt_str_c("0123456789012345678901234567890123456789012345678901234567890");
    TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);
    c.secret_access_key = tt_str_c("012345678901234567890123456789012345678901234567890123456789");
    TT_CHECK_EQ_INT(both(&r, &c, NULL, NULL, sizeof g_mem1), TT_OK);

    /* the cache: cold, warm, other day / region / service / secret, a
     * long region (cached like any other: the fingerprint covers it) */
    base(&r, &c);
    sm_sigv4_key_cache_init(&k2);
    tt_sigv4_key_cache_init(&k1);
    for (i = 0; i < 12; i++) {
        if (i == 3)
            r.epoch_s += 86400;
        if (i == 5)
            r.region = tt_str_c("eu-west-1");
        if (i == 7)
            r.service = tt_str_c("other");
        if (i == 9)
            c.secret_access_key = tt_str_c("another-secret");
        if (i == 11)
            r.region = tt_str_c("a-region-name-that-is-far-too-long-to-fit-into-the-cache-scope");
        TT_CHECK_EQ_INT(both(&r, &c, &k1, &k2, sizeof g_mem1), TT_OK);
        TT_CHECK_EQ_INT(k2.valid, k1.valid);
        TT_CHECK(memcmp(&k1, &k2, sizeof k1) == 0);
    }
    sm_sigv4_key_cache_clear(&k2);
    TT_CHECK(!k2.valid);

    /* arenas around the exact need: same code, same `needed` */
    base(&r, &c);
    c.session_token = tt_str_c("TOKEN");
    for (cap = 0; cap < 400; cap++) {
        int rc = both(&r, &c, NULL, NULL, cap);
        TT_CHECK(rc == TT_OK || rc == TT_ERR_ARENA_FULL);
    }
}

/* What the device profile refuses, with the documented codes. */
static void test_refused(void)
{
    static const char *bad_paths[] = {"/a b", "//a", "/a//b", "/a/./b", "/a/../b", "/.",
                                      "/..", "/a/.", "/%41", "/a%2Fb", "/\xc3\xa9"};
    tt_sigv4_request r;
    tt_credentials c;
    tt_arena a;
    tt_sigv4_result o;
    size_t i;

    for (i = 0; i < sizeof bad_paths / sizeof bad_paths[0]; i++) {
        base(&r, &c);
        r.path = tt_str_c(bad_paths[i]);
        tt_arena_init(&a, g_mem2, sizeof g_mem2);
        TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_SIGV4_BAD_PATH);
        TT_CHECK_EQ_INT((long)a.used, 0);
    }
    base(&r, &c);
    r.query = tt_str_c("a=1");
    tt_arena_init(&a, g_mem2, sizeof g_mem2);
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_SIGV4_BAD_QUERY);
    base(&r, &c);
    r.flags = TT_SIGV4_PRESIGN;
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_INVALID_ARG);
    /* the order of the checks when several fail */
    r.path = tt_str_c("/a b");
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_INVALID_ARG);
    r.query = tt_str_c("q");
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_SIGV4_BAD_QUERY);
    r.path = tt_str_c("x");
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_SIGV4_BAD_PATH);
    r.header_count = TT_SIGV4_MAX_HEADERS + 1;
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_SIGV4_TOO_MANY_HEADERS);
    r.region = tt_str_c("");
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_INVALID_ARG);
    c.secret_access_key = tt_str_c("");
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_SIGV4_NO_CREDENTIALS);
    c.session_token.ptr = NULL;
    c.session_token.len = 1;
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_INVALID_ARG);
    base(&r, &c);
    c.access_key_id = tt_str_c("AKID\n");
    g_h[0].name = tt_str_c("Bad Name");
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_INVALID_ARG);
    c.access_key_id = tt_str_c("AKID");
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_SIGV4_BAD_HEADER);
    base(&r, &c);
    r.epoch_s = -1;
    TT_CHECK_EQ_INT(sm_sigv4_sign(&r, &c, NULL, &a, &o), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(sm_sigv4_sign(NULL, &c, NULL, &a, &o), TT_ERR_INVALID_ARG);
}

int main(void)
{
    test_same();
    test_refused();
    return tt_test_summary();
}
