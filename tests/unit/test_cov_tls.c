/*
 * test_cov_tls.c - port/bearssl/tt_tls.c without a network (found by
 * `make coverage`): IP literal corner cases, argument checks, handshakes
 * against a scripted lower transport (silence, timeouts, alerts in TLS 1.0
 * and 1.2 records, fed one byte at a time), and the certificate walker fed
 * crafted DER directly through the X.509 class (malformed lengths and tags,
 * over-long captures, validity times in both ASN.1 forms).
 */
#include <string.h>

#include "tt_arena.h"
#include "tt_test.h"
#include "tt_tls.h"

/* ---- scripted lower transport and platform --------------------------------- */

typedef struct lower {
    int connect_rc, send_rc, recv_rc;
    const unsigned char *feed; /* bytes recv() hands out */
    size_t feed_len, fed;
    size_t chunk; /* bytes per recv (0 = all) */
    int closed;
} lower;

static lower L;

static int l_connect(void *ctx, const char *h, uint16_t p, uint32_t t)
{
    (void)ctx;
    (void)h;
    (void)p;
    (void)t;
    return L.connect_rc;
}

static int l_send(void *ctx, const uint8_t *b, size_t n, uint32_t t)
{
    (void)ctx;
    (void)b;
    (void)n;
    (void)t;
    return L.send_rc;
}

static int l_recv(void *ctx, uint8_t *b, size_t cap, size_t *got, uint32_t t)
{
    size_t n;
    (void)ctx;
    (void)t;
    *got = 0;
    if (L.recv_rc != TT_OK)
        return L.recv_rc;
    n = L.feed_len - L.fed;
    if (L.chunk && n > L.chunk)
        n = L.chunk;
    if (n > cap)
        n = cap;
    memcpy(b, L.feed + L.fed, n);
    L.fed += n;
    *got = n;
    return TT_OK;
}

static void l_close(void *ctx)
{
    (void)ctx;
    L.closed++;
}

static int g_rand_fail, g_clock_unset;
static uint64_t g_mono, g_mono_step = 1;

static uint64_t p_mono(void *ctx)
{
    (void)ctx;
    return g_mono += g_mono_step;
}

static int p_wall(void *ctx, int64_t *s)
{
    (void)ctx;
    if (g_clock_unset)
        return TT_ERR_CLOCK_UNSET;
    *s = 1796000000;
    return TT_OK;
}

static void p_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    (void)ms;
}

static int p_random(void *ctx, uint8_t *o, size_t n)
{
    (void)ctx;
    memset(o, 3, n);
    return g_rand_fail ? TT_ERR_RANDOM : TT_OK;
}

static const tt_transport LOWER = {NULL, l_connect, l_send, l_recv, l_close};
static const tt_platform PLAT = {NULL, p_mono, p_wall, p_sleep, p_random};

static unsigned char g_mem[48 * 1024];
static br_x509_trust_anchor g_ta; /* never reached: the walker tests fail earlier */

static void lower_reset(void)
{
    memset(&L, 0, sizeof L);
}

static int make(tt_tls *t, tt_transport *out, int no_verify)
{
    tt_arena a;
    tt_tls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.no_verify = no_verify;
    cfg.anchors = &g_ta;
    cfg.anchor_count = 1;
    tt_arena_init(&a, g_mem, sizeof g_mem);
    return tt_tls_transport_init(t, &LOWER, &a, &cfg, &PLAT, out);
}

/* ---- tests --------------------------------------------------------------------- */

static void test_ip(void)
{
    static const char *bad[] = {":1", ":", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6:7:",
                                "1:2:3:4:5:6:7:8:", "[::1", "[]", "1:g::", "::ffff:1.2.3",
                                "1::2:3::", "::1::", "1:2:3:4:5:6:7:8::", ":::", "1.2.3.4]",
                                "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4444", "::1.2.3.4.5",
                                "12345:1::"};
    static const char *good[] = {"::", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "[1.2.3.4]",
                                 "fe80::1", "0:0:0:0:0:0:0:1", "1::8"};
    uint8_t ip[16];
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        TT_CHECK_EQ_INT(tt_tls_parse_ip(bad[i], ip), 0);
    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        TT_CHECK(tt_tls_parse_ip(good[i], ip) != 0);
    TT_CHECK_EQ_INT(tt_tls_parse_ip(NULL, ip), 0);
    TT_CHECK_EQ_INT(tt_tls_parse_ip("[1.2.3.4]", ip), 4);
}

static void test_args(void)
{
    tt_tls t;
    tt_transport out;
    tt_arena a;
    tt_tls_config cfg, zero;
    char longname[TT_TLS_MAX_NAME + 2];

    memset(&zero, 0, sizeof zero);
    TT_CHECK_EQ_INT(tt_tls_arena_bytes(NULL), tt_tls_arena_bytes(&zero));
    TT_CHECK_EQ_STR(tt_tls_br_errname(BR_ERR_SEND_FATAL_ALERT + 40), "BR_ERR_SEND_FATAL_ALERT");
    memset(&cfg, 0, sizeof cfg);
    cfg.anchors = &g_ta;
    cfg.anchor_count = 1;
    tt_arena_init(&a, g_mem, sizeof g_mem);
    TT_CHECK_EQ_INT(tt_tls_transport_init(NULL, &LOWER, &a, &cfg, &PLAT, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_tls_transport_init(&t, NULL, &a, &cfg, &PLAT, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_tls_transport_init(&t, &LOWER, NULL, &cfg, &PLAT, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_tls_transport_init(&t, &LOWER, &a, NULL, &PLAT, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_tls_transport_init(&t, &LOWER, &a, &cfg, NULL, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_tls_transport_init(&t, &LOWER, &a, &cfg, &PLAT, NULL), TT_ERR_INVALID_ARG);
    cfg.anchor_count = 0;
    TT_CHECK_EQ_INT(tt_tls_transport_init(&t, &LOWER, &a, &cfg, &PLAT, &out), TT_ERR_INVALID_ARG);
    cfg.anchors = NULL;
    cfg.anchor_count = 1;
    TT_CHECK_EQ_INT(tt_tls_transport_init(&t, &LOWER, &a, &cfg, &PLAT, &out), TT_ERR_INVALID_ARG);

    lower_reset();
    TT_CHECK_EQ_INT(make(&t, &out, 0), TT_OK);
    TT_CHECK_EQ_INT(out.connect(out.ctx, NULL, 443, 1000), TT_ERR_INVALID_ARG);
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    TT_CHECK_EQ_INT(out.connect(out.ctx, longname, 443, 1000), TT_ERR_INVALID_ARG);
    t.cfg.server_name = "";
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 1000), TT_ERR_INVALID_ARG);
    t.cfg.server_name = NULL;
    g_rand_fail = 1;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 1000), TT_ERR_RANDOM);
    g_rand_fail = 0;
    L.connect_rc = TT_ERR_CONNECT;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 1000), TT_ERR_CONNECT);
    {
        uint8_t b[4];
        size_t got = 9;
        TT_CHECK_EQ_INT(out.recv(out.ctx, b, sizeof b, &got, 10), TT_ERR_NOT_CONNECTED);
        TT_CHECK_EQ_INT(got, 0);
        TT_CHECK_EQ_INT(out.send(out.ctx, b, sizeof b, 10), TT_ERR_NOT_CONNECTED);
    }
    out.close(out.ctx);
}

static int handshake(const unsigned char *feed, size_t n, size_t chunk, tt_tls *t)
{
    tt_transport out;
    lower_reset();
    L.feed = feed;
    L.feed_len = n;
    L.chunk = chunk;
    TT_CHECK_EQ_INT(make(t, &out, 0), TT_OK);
    return out.connect(out.ctx, "localhost", 443, 5000);
}

static void test_handshakes(void)
{
    static const unsigned char alert10_40[] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 40};
    static const unsigned char alert12_40[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40};
    static const unsigned char alert12_70[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 70};
    static const unsigned char alert12_42[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 42};
    static const unsigned char alert11_42[] = {0x15, 0x03, 0x02, 0x00, 0x02, 0x02, 42};
    static const unsigned char http[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
    tt_tls t;
    tt_transport out;

    TT_CHECK_EQ_INT(handshake(alert10_40, sizeof alert10_40, 0, &t), TT_ERR_TLS_VERSION);
    TT_CHECK_EQ_INT(t.peer_version, 0x0301);
    TT_CHECK_EQ_INT(handshake(alert10_40, sizeof alert10_40, 1, &t), TT_ERR_TLS_VERSION);
    TT_CHECK_EQ_INT(handshake(alert12_40, sizeof alert12_40, 2, &t), TT_ERR_TLS_NO_COMMON_SUITE);
    TT_CHECK_EQ_INT(t.peer_version, 0x0303);
    TT_CHECK_EQ_INT(handshake(alert12_70, sizeof alert12_70, 0, &t), TT_ERR_TLS_VERSION);
    TT_CHECK_EQ_INT(handshake(alert12_42, sizeof alert12_42, 0, &t), TT_ERR_TLS_HANDSHAKE);
    TT_CHECK_EQ_INT(handshake(alert11_42, sizeof alert11_42, 0, &t), TT_ERR_TLS_VERSION);
    TT_CHECK_EQ_INT(handshake(http, sizeof http - 1, 0, &t), TT_ERR_TLS_HANDSHAKE);
    /* the peer closes at once */
    TT_CHECK_EQ_INT(handshake(alert12_40, 0, 0, &t), TT_ERR_TLS_HANDSHAKE);
    TT_CHECK_EQ_INT(t.peer_version, 0);
    /* lower timeouts during the handshake are connect timeouts */
    lower_reset();
    TT_CHECK_EQ_INT(make(&t, &out, 0), TT_OK);
    L.recv_rc = TT_ERR_READ_TIMEOUT;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "localhost", 443, 5000), TT_ERR_CONNECT_TIMEOUT);
    L.recv_rc = TT_OK;
    L.send_rc = TT_ERR_WRITE_TIMEOUT;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "localhost", 443, 5000), TT_ERR_CONNECT_TIMEOUT);
    L.send_rc = TT_ERR_CONN_RESET;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "localhost", 443, 5000), TT_ERR_CONN_RESET);
    /* a clock running past the deadline: the lower layer gets 0 ms */
    L.send_rc = TT_OK;
    L.recv_rc = TT_ERR_READ_TIMEOUT;
    g_mono_step = 100000;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "localhost", 443, 10), TT_ERR_CONNECT_TIMEOUT);
    g_mono_step = 1;
    /* no wall clock: BearSSL's own time is used */
    g_clock_unset = 1;
    L.recv_rc = TT_OK;
    L.feed = alert12_40;
    L.feed_len = sizeof alert12_40;
    L.fed = 0;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "127.0.0.1", 443, 5000), TT_ERR_TLS_NO_COMMON_SUITE);
    TT_CHECK_EQ_INT(t.time_from_platform, 0);
    g_clock_unset = 0;
    out.close(out.ctx);
}

/* ---- the certificate walker ---------------------------------------------------- */

typedef struct der {
    unsigned char b[1024];
    size_t n;
} der;

static void put(der *d, const void *p, size_t n)
{
    memcpy(d->b + d->n, p, n);
    d->n += n;
}

/* tag + definite length + content */
static void tlv(der *out, unsigned char tag, const der *in)
{
    unsigned char h[4];
    size_t k = 0;
    h[k++] = tag;
    if (in->n < 128) {
        h[k++] = (unsigned char)in->n;
    } else {
        h[k++] = 0x82;
        h[k++] = (unsigned char)(in->n >> 8);
        h[k++] = (unsigned char)in->n;
    }
    put(out, h, k);
    put(out, in->b, in->n);
}

static void prim(der *out, unsigned char tag, const char *content, size_t n)
{
    der c;
    c.n = 0;
    put(&c, content, n);
    tlv(out, tag, &c);
}

/* A certificate shaped like X.509 (never valid): tbs with version, serial,
 * algorithm, issuer, validity (nb, na), subject, spki, extensions with a
 * SAN holding `ip` (iplen bytes). */
static void cert(der *out, unsigned char nbtag, const char *nb, unsigned char natag, const char *na,
                 const char *ip, size_t iplen)
{
    der tbs, v, val, x, ext, exts, extw, san, gn, tmp;
    tbs.n = v.n = val.n = ext.n = exts.n = extw.n = san.n = gn.n = 0;
    prim(&v, 0x02, "\x02", 1);
    tlv(&tbs, 0xA0, &v);
    prim(&tbs, 0x02, "\x01", 1);
    tmp.n = 0;
    prim(&tmp, 0x06, "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b", 9);
    tlv(&tbs, 0x30, &tmp);
    tmp.n = 0;
    tlv(&tbs, 0x30, &tmp); /* empty issuer */
    prim(&val, nbtag, nb, strlen(nb));
    prim(&val, natag, na, strlen(na));
    tlv(&tbs, 0x30, &val);
    tmp.n = 0;
    tlv(&tbs, 0x30, &tmp); /* empty subject */
    tmp.n = 0;
    prim(&tmp, 0x03, "\x00", 1);
    tlv(&tbs, 0x30, &tmp); /* (broken) spki */
    prim(&gn, 0x82, "localhost", 9);
    prim(&gn, 0x87, ip, iplen);
    tlv(&san, 0x30, &gn);
    prim(&ext, 0x06, "\x55\x1d\x11", 3);
    tlv(&ext, 0x04, &san);
    x.n = 0;
    prim(&x, 0x06, "", 0); /* an empty OID: a zero-length capture */
    prim(&x, 0x04, "\x05\x00", 2);
    tlv(&exts, 0x30, &x);
    tlv(&exts, 0x30, &ext);
    tlv(&extw, 0x30, &exts);
    tlv(&tbs, 0xA3, &extw);
    tmp.n = 0;
    tlv(&tmp, 0x30, &tbs);
    prim(&tmp, 0x30, "", 0);
    prim(&tmp, 0x03, "\x00", 1);
    out->n = 0;
    tlv(out, 0x30, &tmp);
}

/* Feed raw bytes as the end-entity certificate; returns end_chain's code. */
static unsigned feed(tt_tls *t, const unsigned char *b, size_t n, size_t extra_certs)
{
    const br_x509_class **xc = (const br_x509_class **)(void *)t->xw;
    size_t k;
    (*xc)->start_chain(xc, "localhost");
    (*xc)->start_cert(xc, (uint32_t)n);
    for (k = 0; k < n; k++)
        (*xc)->append(xc, b + k, 1);
    (*xc)->end_cert(xc);
    for (k = 0; k < extra_certs; k++) {
        (*xc)->start_cert(xc, (uint32_t)n);
        (*xc)->append(xc, b, n);
        (*xc)->end_cert(xc);
    }
    return (*xc)->end_chain(xc);
}

/* Set up a verifying tt_tls whose connect() stopped at the lower connect,
 * so the name (IP or not) and the clock are set as for a real handshake. */
static void prepared(tt_tls *t, const char *host, int no_verify)
{
    tt_transport out;
    lower_reset();
    L.connect_rc = TT_ERR_CONNECT;
    TT_CHECK_EQ_INT(make(t, &out, no_verify), TT_OK);
    TT_CHECK_EQ_INT(out.connect(out.ctx, host, 443, 1000), TT_ERR_CONNECT);
}

static void test_walker(void)
{
    static const struct {
        unsigned char nbt;
        const char *nb;
        unsigned char nat;
        const char *na;
    } times[] = {
        {0x17, "200101000000Z", 0x17, "490101000000Z"},   /* UTCTime 20xx */
        {0x17, "500101000000Z", 0x18, "20500101000000Z"}, /* 1950, GeneralizedTime */
        {0x18, "20990101000000Z", 0x18, "20991231000000Z"},
        {0x17, "991301000000Z", 0x17, "990101000000Z"}, /* month 13 */
        {0x17, "990100000000Z", 0x17, "990101000000Z"}, /* day 0 */
        {0x17, "990132000000Z", 0x17, "990101000000Z"},
        {0x17, "990101240000Z", 0x17, "990101000000Z"},
        {0x17, "990101006000Z", 0x17, "990101000000Z"},
        {0x17, "990101000061Z", 0x17, "990101000000Z"},
        {0x17, "99010100000aZ", 0x17, "990101000000Z"}, /* not a digit */
        {0x17, "990101000000+", 0x17, "990101000000Z"}, /* no Z */
        {0x17, "9901010000Z", 0x17, "990101000000Z"},   /* short */
    };
    static const unsigned char not_seq[] = {0x31, 0x00};
    static const unsigned char high_tag[] = {0x30, 0x05, 0x1f, 0x01, 0x00, 0x00, 0x00};
    static const unsigned char len0[] = {0x30, 0x80};
    static const unsigned char len5[] = {0x30, 0x85, 1, 2, 3, 4, 5};
    static const unsigned char too_long_child[] = {0x30, 0x03, 0x30, 0x05, 0x00};
    static const unsigned char trailing[] = {0x30, 0x02, 0x05, 0x00, 0x05, 0x00, 0x05};
    static const char ip17[] = "0123456789abcdefg";
    tt_tls t;
    der d;
    size_t i;

    for (i = 0; i < sizeof times / sizeof times[0]; i++) {
        prepared(&t, "127.0.0.1", 0);
        cert(&d, times[i].nbt, times[i].nb, times[i].nat, times[i].na, "\x7f\x00\x00\x01", 4);
        TT_CHECK(feed(&t, d.b, d.n, 0) != 0); /* never a valid chain */
    }
    /* IP SAN longer than any address; wrong IP; name instead of IP */
    prepared(&t, "127.0.0.1", 0);
    cert(&d, 0x17, "200101000000Z", 0x17, "490101000000Z", ip17, 17);
    TT_CHECK(feed(&t, d.b, d.n, 0) != 0); /* (BearSSL rejects the cert first) */
    prepared(&t, "::1", 0);
    cert(&d, 0x17, "200101000000Z", 0x17, "490101000000Z", "\x7f\x00\x00\x01", 4);
    TT_CHECK(feed(&t, d.b, d.n, 1) != 0);
    prepared(&t, "localhost", 0);
    TT_CHECK(feed(&t, d.b, d.n, 0) != 0);
    /* malformed DER on the walker's path */
    prepared(&t, "127.0.0.1", 0);
    TT_CHECK(feed(&t, not_seq, sizeof not_seq, 0) != 0);
    TT_CHECK(feed(&t, high_tag, sizeof high_tag, 0) != 0);
    TT_CHECK(feed(&t, len0, sizeof len0, 0) != 0);
    TT_CHECK(feed(&t, len5, sizeof len5, 0) != 0);
    TT_CHECK(feed(&t, too_long_child, sizeof too_long_child, 0) != 0);
    TT_CHECK(feed(&t, trailing, sizeof trailing, 0) != 0);
    /* no-verify mode: an empty chain, and a certificate the decoder rejects */
    prepared(&t, "127.0.0.1", 1);
    {
        const br_x509_class **xc = (const br_x509_class **)(void *)t.xw;
        (*xc)->start_chain(xc, "localhost");
        TT_CHECK_EQ_INT((*xc)->end_chain(xc), BR_ERR_X509_EMPTY_CHAIN);
    }
    TT_CHECK(feed(&t, len5, sizeof len5, 0) != 0);
    cert(&d, 0x17, "200101000000Z", 0x17, "490101000000Z", "\x7f\x00\x00\x01", 4);
    TT_CHECK(feed(&t, d.b, d.n, 0) != 0);
}

int main(void)
{
    test_ip();
    test_args();
    test_handshakes();
    test_walker();
    return tt_test_summary();
}
