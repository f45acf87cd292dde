/*
 * test_tls_profile.c - port/bearssl/tt_tls.c built as the firmware boards
 * build it (boards/mps2-an386/board.mk KIOSK_DEFS, boards/rv32): the small
 * client profile (TT_TLS_SMALL 1) with SHA-256 only (TT_TLS_SHA384 0) and
 * without the no-verify mode (TT_TLS_NO_VERIFY 0).  The host library is
 * built with the defaults, so this program compiles the port's source
 * itself (its definitions take the place of libtinyturk.a's tt_tls.o).
 * No network: the lower transport is a stub whose connect() fails after
 * tt_tls has set the certificate clock, which is what is checked here
 * (days + seconds computed without a 64-bit division).  Also the bridge
 * that gives BearSSL the core's SHA-256 (TT_TLS_CORE_SHA256, default in this
 * profile): its br_hash_class and TLS 1.2 PRF must give exactly what
 * BearSSL's own give, through every BearSSL user (HMAC, multihash, HMAC_DRBG).
 */
#define TT_TLS_SMALL 1
#define TT_TLS_SHA384 0
#define TT_TLS_NO_VERIFY 0
#include "bearssl/tt_tls.c"

#include <stdio.h>

#include "tt_test.h"

static int64_t g_now;
static int g_clock_rc;

static uint64_t stub_ms(void *ctx)
{
    (void)ctx;
    return 0;
}

static int stub_wall(void *ctx, int64_t *epoch_s)
{
    (void)ctx;
    *epoch_s = g_now;
    return g_clock_rc;
}

static void stub_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    (void)ms;
}

static int stub_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    memset(out, 0x5a, len);
    return TT_OK;
}

static int stub_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    return TT_ERR_CONNECT;
}

static int stub_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)len;
    (void)timeout_ms;
    return TT_ERR_IO;
}

static int stub_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)cap;
    (void)timeout_ms;
    *got = 0;
    return TT_ERR_IO;
}

static void stub_close(void *ctx)
{
    (void)ctx;
}

static const tt_platform g_plat = {NULL, stub_ms, stub_wall, stub_sleep, stub_random};
static const tt_transport g_lower = {NULL, stub_connect, stub_send, stub_recv, stub_close};
static br_x509_trust_anchor g_anchor; /* never used: no handshake happens */
static unsigned char g_mem[40 * 1024];

static int init(tt_tls *t, tt_arena *a, tt_transport *out, int no_verify)
{
    tt_tls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.anchors = &g_anchor;
    cfg.anchor_count = 1;
    cfg.no_verify = no_verify;
    tt_arena_init(a, g_mem, sizeof g_mem);
    return tt_tls_transport_init(t, &g_lower, a, &cfg, &g_plat, out);
}

/* The certificate clock tt_tls_connect hands BearSSL for `now`. */
static void check_clock(tt_tls *t, tt_transport *out, int64_t now, int rc, int want_set)
{
    g_now = now;
    g_clock_rc = rc;
    TT_CHECK_EQ_INT(out->connect(out->ctx, "localhost", 443, 1000), TT_ERR_CONNECT);
    TT_CHECK_EQ_INT(t->time_from_platform, want_set);
    if (want_set) {
        uint32_t days = (uint32_t)(now / 86400 + 719528), secs = (uint32_t)(now % 86400);
        if (t->xc->days != days || t->xc->seconds != secs)
            printf("now %lld: days %u seconds %u, want %u %u\n", (long long)now,
                   (unsigned)t->xc->days, (unsigned)t->xc->seconds, (unsigned)days, (unsigned)secs);
        TT_CHECK(t->xc->days == days && t->xc->seconds == secs);
    } else {
        TT_CHECK(t->xc->days == 0 && t->xc->seconds == 0); /* BearSSL's own clock */
    }
}

static uint32_t g_rng = 0x12345678u;

static uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 17;
    g_rng ^= g_rng << 5;
    return g_rng;
}

static void fill(uint8_t *p, size_t n)
{
    while (n--)
        *p++ = (uint8_t)rnd();
}

/* Our br_hash_class vs br_sha256_vtable: direct, HMAC, multihash, DRBG. */
static void test_sha256_bridge(void)
{
    static uint8_t msg[3000];
    uint8_t a[64], b[64], key[130];
    br_hash_compat_context h1, h2;
    br_hmac_key_context k1, k2;
    br_hmac_context m1, m2;
    br_multihash_context mh1, mh2;
    br_hmac_drbg_context d1, d2;
    unsigned bad = 0, i;

    TT_CHECK(tt_tls_sha256_vtable.desc == br_sha256_vtable.desc);
    TT_CHECK(tt_tls_sha256_vtable.context_size <= sizeof(br_hash_compat_context));
    fill(msg, sizeof msg);
    for (i = 0; i < 300; i++) {
        size_t len = rnd() % sizeof msg, cut = len ? rnd() % len : 0, klen = rnd() % sizeof key;
        /* plain hash, in two pieces; out() twice (it must not disturb) */
        tt_tls_sha256_vtable.init(&h1.vtable);
        br_sha256_vtable.init(&h2.vtable);
        h1.vtable->update(&h1.vtable, msg, cut);
        h1.vtable->out(&h1.vtable, a);
        h1.vtable->update(&h1.vtable, msg + cut, len - cut);
        h1.vtable->out(&h1.vtable, a);
        h1.vtable->out(&h1.vtable, a);
        h2.vtable->update(&h2.vtable, msg, len);
        h2.vtable->out(&h2.vtable, b);
        bad += memcmp(a, b, 32) != 0;
        /* HMAC (state / set_state at block boundaries) */
        fill(key, klen);
        br_hmac_key_init(&k1, &tt_tls_sha256_vtable, key, klen);
        br_hmac_key_init(&k2, &br_sha256_vtable, key, klen);
        br_hmac_init(&m1, &k1, 0);
        br_hmac_init(&m2, &k2, 0);
        br_hmac_update(&m1, msg, cut);
        br_hmac_update(&m1, msg + cut, len - cut);
        br_hmac_update(&m2, msg, len);
        bad += br_hmac_out(&m1, a) != 32;
        br_hmac_out(&m2, b);
        bad += memcmp(a, b, 32) != 0;
        /* multihash (the handshake transcript), odd chunk sizes */
        br_multihash_zero(&mh1);
        br_multihash_zero(&mh2);
        br_multihash_setimpl(&mh1, br_sha256_ID, &tt_tls_sha256_vtable);
        br_multihash_setimpl(&mh2, br_sha256_ID, &br_sha256_vtable);
        br_multihash_init(&mh1);
        br_multihash_init(&mh2);
        br_multihash_update(&mh1, msg, cut);
        br_multihash_update(&mh1, msg + cut, len - cut);
        br_multihash_update(&mh2, msg, len);
        bad += br_multihash_out(&mh1, br_sha256_ID, a) != 32;
        br_multihash_out(&mh2, br_sha256_ID, b);
        bad += memcmp(a, b, 32) != 0;
    }
    TT_CHECK_EQ_INT((int)bad, 0);
    /* HMAC_DRBG (the engine's randomness) */
    fill(key, 48);
    br_hmac_drbg_init(&d1, &tt_tls_sha256_vtable, key, 48);
    br_hmac_drbg_init(&d2, &br_sha256_vtable, key, 48);
    br_hmac_drbg_generate(&d1, msg, 100);
    br_hmac_drbg_generate(&d2, msg + 100, 100);
    TT_CHECK(memcmp(msg, msg + 100, 100) == 0);
}

/* Our TLS 1.2 PRF vs br_tls12_sha256_prf. */
static void test_prf(void)
{
    static const char *labels[] = {"master secret", "key expansion", "client finished",
                                   "extended master secret", ""};
    uint8_t secret[100], s1[64], s2[64], s3[10], a[200], b[200];
    br_tls_prf_seed_chunk seed[3];
    unsigned bad = 0, i;
    for (i = 0; i < 400; i++) {
        size_t slen = rnd() % sizeof secret, len = rnd() % sizeof a, nseed = rnd() % 4;
        const char *label = labels[rnd() % 5];
        fill(secret, slen);
        fill(s1, sizeof s1);
        fill(s2, sizeof s2);
        fill(s3, sizeof s3);
        seed[0].data = s1;
        seed[0].len = rnd() % sizeof s1;
        seed[1].data = s2;
        seed[1].len = rnd() % sizeof s2;
        seed[2].data = s3;
        seed[2].len = rnd() % sizeof s3;
        memset(a, 0xAA, sizeof a);
        memset(b, 0xAA, sizeof b);
        tt_tls_prf_sha256(a, len, secret, slen, label, nseed, seed);
        br_tls12_sha256_prf(b, len, secret, slen, label, nseed, seed);
        bad += memcmp(a, b, sizeof a) != 0;
    }
    TT_CHECK_EQ_INT((int)bad, 0);
}

int main(void)
{
    static tt_tls t;
    tt_transport out;
    tt_arena a;
    br_ssl_engine_context *eng;
    int64_t now;
    unsigned bad = 0;
    uint32_t i;

    /* No no-verify mode in this profile: refused before taking memory. */
    TT_CHECK_EQ_INT(init(&t, &a, &out, 1), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT((int)a.used, 0);
    TT_CHECK_EQ_INT(init(&t, &a, &out, 0), TT_OK);
    TT_CHECK(a.used <= tt_tls_arena_bytes(&t.cfg));

    /* Suites: ECDHE_ECDSA / ECDHE_RSA with AES-128-GCM only; SHA-256 only. */
    eng = &t.cc->eng;
    TT_CHECK_EQ_INT((int)eng->suites_num, 2);
    TT_CHECK(eng->suites_buf[0] == BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
    TT_CHECK(eng->suites_buf[1] == BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    TT_CHECK(br_ssl_engine_get_hash(eng, br_sha256_ID) == &tt_tls_sha256_vtable);
    TT_CHECK(eng->prf_sha256 == tt_tls_prf_sha256);
    TT_CHECK(br_ssl_engine_get_hash(eng, br_sha224_ID) == NULL);
    TT_CHECK(br_ssl_engine_get_hash(eng, br_sha384_ID) == NULL);
    TT_CHECK(br_ssl_engine_get_hash(eng, br_sha512_ID) == NULL);
    TT_CHECK(br_ssl_engine_get_hash(eng, br_sha1_ID) == NULL);
    TT_CHECK(br_multihash_getimpl(&t.xc->mhash, br_sha256_ID) == &tt_tls_sha256_vtable);
    TT_CHECK(t.xc->dn_hash_impl == &tt_tls_sha256_vtable);
    TT_CHECK(br_multihash_getimpl(&t.xc->mhash, br_sha384_ID) == NULL);
    TT_CHECK(eng->iaes_ctr != NULL && eng->ichapol_in == NULL && eng->ichacha == NULL);

    /* The certificate clock: days since 0000-01-01 and seconds of the day. */
    check_clock(&t, &out, 0, TT_OK, 1);
    check_clock(&t, &out, 1, TT_OK, 1);
    check_clock(&t, &out, 86399, TT_OK, 1);
    check_clock(&t, &out, 86400, TT_OK, 1);
    check_clock(&t, &out, 1700000000, TT_OK, 1);
    check_clock(&t, &out, (int64_t)0xFFFFFFFF, TT_OK, 1);
    check_clock(&t, &out, (int64_t)0x100000000, TT_OK, 1);
    check_clock(&t, &out, TT_TIME_MAX, TT_OK, 1);
    check_clock(&t, &out, TT_TIME_MAX + 1, TT_OK, 0); /* beyond 9999: as if unknown */
    check_clock(&t, &out, -1, TT_OK, 0);
    check_clock(&t, &out, 1700000000, TT_ERR_CLOCK_UNSET, 0);
    /* A sweep over the whole range, both ends of days included. */
    g_clock_rc = TT_OK;
    for (i = 0; i < 4000; i++) {
        now = (int64_t)(((uint64_t)i * 12670548379u) % (uint64_t)(TT_TIME_MAX + 1));
        if (i & 1)
            now -= now % 86400 + (i & 2 ? 1 : 0); /* a midnight, or the second before */
        if (now < 0)
            now = 0;
        g_now = now;
        (void)out.connect(out.ctx, "localhost", 443, 1000);
        if (!t.time_from_platform || t.xc->days != (uint32_t)(now / 86400 + 719528) ||
            t.xc->seconds != (uint32_t)(now % 86400))
            bad++;
    }
    TT_CHECK_EQ_INT((int)bad, 0);
    out.close(out.ctx);

    test_sha256_bridge();
    test_prf();
    return tt_test_summary();
}
