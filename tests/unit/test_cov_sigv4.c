/*
 * test_cov_sigv4.c - the signer's argument and header checks, the long-secret
 * key derivation, cache scope corner cases, path normalisation corners and
 * percent-decoding (found by `make coverage`).
 */
#include <stdio.h>
#include <string.h>

#include "tt_arena.h"
#include "tt_sha256.h"
#include "tt_sigv4.h"
#include "tt_test.h"

static unsigned char g_mem[16384];
static tt_arena g_a;
static tt_sigv4_result g_out;

static tt_http_header g_h[3];

static void base(tt_sigv4_request *r, tt_credentials *c)
{
    memset(r, 0, sizeof *r);
    memset(c, 0, sizeof *c);
    g_h[0].name = tt_str_c("Host");
    g_h[0].value = tt_str_c("example.amazonaws.com");
    g_h[1].name = tt_str_c("X-Amz-Target");
    g_h[1].value = tt_str_c("Svc.Op");
    r->method = tt_str_c("POST");
    r->path = tt_str_c("/");
    r->headers = g_h;
    r->header_count = 2;
    r->payload = "{}";
    r->payload_len = 2;
    r->region = tt_str_c("us-east-1");
    r->service = tt_str_c("service");
    r->epoch_s = 1440938160; /* 2015-08-30T12:36:00Z */
    c->access_key_id = tt_str_c("AKIDEXAMPLE");
    c->secret_access_key = tt_str_c("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
}

static int sign(const tt_sigv4_request *r, const tt_credentials *c, tt_sigv4_key_cache *k)
{
    tt_arena_init(&g_a, g_mem, sizeof g_mem);
    return tt_sigv4_sign(r, c, k, &g_a, &g_out);
}

static void test_args(void)
{
    tt_sigv4_request r;
    tt_credentials c;
    tt_str bad = {NULL, 3};
    static const char ctl[] = "a\001b";

    base(&r, &c);
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
    tt_arena_init(&g_a, g_mem, sizeof g_mem);
    TT_CHECK_EQ_INT(tt_sigv4_sign(NULL, &c, NULL, &g_a, &g_out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&r, NULL, NULL, &g_a, &g_out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&r, &c, NULL, NULL, &g_out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&r, &c, NULL, &g_a, NULL), TT_ERR_INVALID_ARG);
    /* tt_str with NULL ptr and a length, in each place */
#define BAD(field)                                                                                 \
    do {                                                                                           \
        base(&r, &c);                                                                              \
        field = bad;                                                                               \
        TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_INVALID_ARG);                                   \
    } while (0)
    BAD(c.access_key_id);
    BAD(c.secret_access_key);
    BAD(c.session_token);
    BAD(r.method);
    BAD(r.path);
    BAD(r.query);
    BAD(r.region);
    BAD(r.service);
    BAD(r.payload_hash);
    base(&r, &c);
    r.method = tt_str_c("");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_INVALID_ARG);
    base(&r, &c);
    r.region = tt_str_c("");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_INVALID_ARG);
    base(&r, &c);
    r.service = tt_str_c("");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_INVALID_ARG);
    base(&r, &c);
    r.headers = NULL;
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_INVALID_ARG);
    base(&r, &c);
    r.payload = NULL;
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_INVALID_ARG);
    base(&r, &c);
    c.access_key_id = tt_str_c("");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_SIGV4_NO_CREDENTIALS);
    base(&r, &c);
    c.secret_access_key = tt_str_c("");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_SIGV4_NO_CREDENTIALS);
    /* control bytes where they would break the header block */
#define CTL(field)                                                                                 \
    do {                                                                                           \
        base(&r, &c);                                                                              \
        field = tt_str_c(ctl);                                                                     \
        TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_INVALID_ARG);                                   \
    } while (0)
    CTL(c.session_token);
    CTL(c.access_key_id);
    CTL(r.method);
    CTL(r.payload_hash);
    CTL(r.region);
    CTL(r.service);
    base(&r, &c);
    g_h[1].name.ptr = NULL;
    TT_CHECK(sign(&r, &c, NULL) != TT_OK);
    base(&r, &c);
    g_h[1].value.ptr = NULL;
    TT_CHECK(sign(&r, &c, NULL) != TT_OK);
}

static void test_headers(void)
{
    static const char *bad_names[] = {"", "a b", "a:b", "\x7f", "\x80x", "a\tb"};
    static const char *bad_values[] = {"a\rb", "a\r", "a\nb", "a\n", "a\001", "a\x7f"};
    static const char *ok_values[] = {"a\r\n b", "a\n\tb", "tab\there", ""};
    tt_sigv4_request r;
    tt_credentials c;
    size_t i;

    for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        base(&r, &c);
        g_h[1].name = tt_str_c(bad_names[i]);
        TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_SIGV4_BAD_HEADER);
    }
    for (i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        base(&r, &c);
        g_h[1].value = tt_str_c(bad_values[i]);
        TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_ERR_SIGV4_BAD_HEADER);
    }
    for (i = 0; i < sizeof ok_values / sizeof ok_values[0]; i++) {
        base(&r, &c);
        g_h[1].value = tt_str_c(ok_values[i]);
        TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
    }
    /* a header name longer than the lower-casing buffer */
    base(&r, &c);
    g_h[1].name = tt_str_c("X-Amz-A-Very-Long-Header-Name-Longer-Than-Thirty-Two-Bytes");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
}

/* A secret of 61+ bytes is hashed into the first HMAC key (RFC 2104). */
static void test_long_secret(void)
{
    static const char sec[] = "0123456789012345678901234567890123456789012345678901234567890123456789";
    uint8_t k1[32], k2[32], kd[32], kr[32], ks[32], kk[32], h[32];
    char k0[80];
    tt_sigv4_request r;
    tt_credentials c;
    tt_sigv4_key_cache cache;

    tt_sigv4_derive_key(tt_str_c(sec), "20150830", tt_str_c("us-east-1"), tt_str_c("iam"), k1);
    memcpy(k0, "AWS4", 4);
    memcpy(k0 + 4, sec, sizeof sec - 1);
    tt_sha256(k0, 4 + sizeof sec - 1, h); /* what HMAC does with a long key */
    tt_hmac_sha256(h, 32, "20150830", 8, kd);
    tt_hmac_sha256(kd, 32, "us-east-1", 9, kr);
    tt_hmac_sha256(kr, 32, "iam", 3, ks);
    tt_hmac_sha256(ks, 32, "aws4_request", 12, kk);
    TT_CHECK(memcmp(k1, kk, 32) == 0);
    tt_sigv4_derive_key(tt_str_c(""), "20150830", tt_str_c("us-east-1"), tt_str_c("iam"), k2);
    tt_hmac_sha256("AWS4", 4, "20150830", 8, kd);
    tt_hmac_sha256(kd, 32, "us-east-1", 9, kr);
    tt_hmac_sha256(kr, 32, "iam", 3, ks);
    tt_hmac_sha256(ks, 32, "aws4_request", 12, kk);
    TT_CHECK(memcmp(k2, kk, 32) == 0);
    /* signing with it, through the cache (cold, warm, other scope) */
    base(&r, &c);
    c.secret_access_key = tt_str_c(sec);
    tt_sigv4_key_cache_init(&cache);
    TT_CHECK_EQ_INT(sign(&r, &c, &cache), TT_OK);
    TT_CHECK(cache.valid);
    TT_CHECK_EQ_INT(sign(&r, &c, &cache), TT_OK);
    r.region = tt_str_c("us-west-2");
    TT_CHECK_EQ_INT(sign(&r, &c, &cache), TT_OK);
    r.service = tt_str_c("other");
    TT_CHECK_EQ_INT(sign(&r, &c, &cache), TT_OK);
    r.epoch_s += 86400;
    TT_CHECK_EQ_INT(sign(&r, &c, &cache), TT_OK);
    /* a long scope (cached too: the cache keeps a fingerprint, not the scope) */
    r.region = tt_str_c("a-region-name-that-is-far-too-long-to-fit-into-the-cache-scope-buffer-"
                        "of-the-signing-key-cache-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    TT_CHECK_EQ_INT(sign(&r, &c, &cache), TT_OK);
    tt_sigv4_key_cache_clear(&cache);
    TT_CHECK(!cache.valid);
}

static void test_paths(void)
{
    static const char *ok[] = {"/a/../b", "/..", "/a/./b/", "/%41%zz", "/%4", "/a%2Fb",
                               "/.a/..b/...", "//a//b"};
    tt_sigv4_request r;
    tt_credentials c;
    size_t i;

    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        base(&r, &c);
        r.path = tt_str_c(ok[i]);
        TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
        r.flags = TT_SIGV4_NO_NORMALIZE_PATH;
        TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
    }
    base(&r, &c);
    r.query = tt_str_c("a=%zz&b=%4&c");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
    /* a token, signed and unsigned, and the content hash header */
    base(&r, &c);
    c.session_token = tt_str_c("TOKEN");
    r.flags = TT_SIGV4_ADD_CONTENT_SHA256;
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
    r.flags = TT_SIGV4_TOKEN_UNSIGNED;
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
    /* an over-long precomputed payload hash is used but not echoed */
    base(&r, &c);
    r.payload_hash = tt_str_c("0123456789012345678901234567890123456789012345678901234567890123456789");
    TT_CHECK_EQ_INT(sign(&r, &c, NULL), TT_OK);
    TT_CHECK_EQ_STR(g_out.payload_hash, "");
    /* an arena too small for the scratch */
    base(&r, &c);
    tt_arena_init(&g_a, g_mem, 16);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&r, &c, NULL, &g_a, &g_out), TT_ERR_ARENA_FULL);
    /* presign with an arena just too small */
    base(&r, &c);
    r.flags = TT_SIGV4_PRESIGN;
    r.expires_s = 60;
    {
        size_t cap;
        int rc = TT_ERR_ARENA_FULL;
        for (cap = 64; cap < sizeof g_mem && rc == TT_ERR_ARENA_FULL; cap += 64) {
            tt_arena_init(&g_a, g_mem, cap);
            rc = tt_sigv4_sign(&r, &c, NULL, &g_a, &g_out);
        }
        TT_CHECK_EQ_INT(rc, TT_OK);
    }
}

int main(void)
{
    test_args();
    test_headers();
    test_long_secret();
    test_paths();
    return tt_test_summary();
}
