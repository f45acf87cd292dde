/*
 * bare_metal_port.c - what a new board supplies to run tinyturk: the two
 * function tables of core/tt_port.h, filled from the board's own drivers,
 * and one listing with the engine.  A sketch that compiles (arm-none-eabi-gcc
 * -c, the project's warnings) but does not link: the board_* functions below
 * are the ones your SDK/BSP already has under other names.  The complete,
 * running example is boards/mps2-an386/ (lwIP + BearSSL under QEMU).
 *
 * Rules (core/tt_port.h, port/README.md): every function returns TT_OK or a
 * negative tt_err, and the DISTINCT codes matter - the engine retries
 * timeouts and resets like the AWS CLI and reports each differently.
 * Define TT_EXAMPLE_TLS to also stack the BearSSL TLS transport (HTTPS, which
 * the real service requires) on the board's TCP transport.
 */
#include <string.h>

#include "tinyturk.h"
#ifdef TT_EXAMPLE_TLS
#include "tt_tls.h"
#endif

/* ---- what the board already has (declared here; yours differ) --------- */
extern uint64_t board_uptime_ms(void);            /* free-running, 1 kHz or better */
extern int board_rtc_read(int64_t *epoch_s);      /* 0 = ok, -1 = never set */
extern void board_delay_ms(uint32_t ms);
extern int board_trng_read(uint8_t *out, size_t len); /* 0 = ok */
/* A TCP socket API: 0 = ok, else one of the BOARD_E* below. */
enum { BOARD_EOK, BOARD_ENOHOST, BOARD_EREFUSED, BOARD_ETIMEOUT, BOARD_ERESET, BOARD_EOTHER };
extern int board_tcp_open(const char *host, uint16_t port, uint32_t timeout_ms);
extern int board_tcp_write(const uint8_t *buf, size_t len, size_t *done, uint32_t timeout_ms);
extern int board_tcp_read(uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms); /* *got 0 = FIN */
extern void board_tcp_close(void);

/* ---- tt_platform: time, sleep, randomness ----------------------------- */
static uint64_t plat_monotonic_ms(void *ctx) { (void)ctx; return board_uptime_ms(); }

/* No RTC yet (no SNTP answer): say so; the engine then signs with the time
 * from the service's Date header (one extra request). */
static int plat_wall_clock(void *ctx, int64_t *epoch_s)
{
    (void)ctx;
    return board_rtc_read(epoch_s) == 0 ? TT_OK : TT_ERR_CLOCK_UNSET;
}

static void plat_sleep_ms(void *ctx, uint32_t ms) { (void)ctx; board_delay_ms(ms); }

/* A real entropy source: it seeds TLS as well as the back-off jitter. */
static int plat_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    return board_trng_read(out, len) == 0 ? TT_OK : TT_ERR_RANDOM;
}

/* ---- tt_transport: one TCP stream ------------------------------------- */
static int map_err(int e, int connecting)
{
    switch (e) {
    case BOARD_EOK: return TT_OK;
    case BOARD_ENOHOST: return TT_ERR_DNS;
    case BOARD_EREFUSED: return TT_ERR_CONNECT;
    case BOARD_ETIMEOUT: return connecting ? TT_ERR_CONNECT_TIMEOUT : TT_ERR_READ_TIMEOUT;
    case BOARD_ERESET: return TT_ERR_CONN_RESET;
    default: return TT_ERR_IO;
    }
}

/* Close any previous stream, then open host:port (host borrowed for the call). */
static int tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    board_tcp_close();
    return map_err(board_tcp_open(host, port, timeout_ms), 1);
}

/* ALL bytes or an error: a partial send is a failure (TLS relies on it). */
static int tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    while (len > 0) {
        size_t done = 0;
        int e = board_tcp_write(buf, len, &done, timeout_ms);
        if (e == BOARD_ETIMEOUT)
            return TT_ERR_WRITE_TIMEOUT;
        if (e != BOARD_EOK)
            return map_err(e, 0);
        buf += done;
        len -= done;
    }
    return TT_OK;
}

/* Wait at most timeout_ms for AT LEAST one byte and return what is there;
 * *got == 0 with TT_OK is a clean close by the peer.  A timeout leaves the
 * stream usable. */
static int tcp_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    (void)ctx;
    *got = 0;
    return map_err(board_tcp_read(buf, cap, got, timeout_ms), 0);
}

static void tcp_close(void *ctx) { (void)ctx; board_tcp_close(); } /* idempotent */

/* ---- one listing ------------------------------------------------------- */
static int on_assignment(void *ctx, const tt_assignment *a, uint32_t index)
{
    (void)index;
    /* a->assignment_id, a->answer, ... are valid during this call only:
     * show them on the display, or copy what you keep. */
    if (a->assignment_id.len == 0)
        return 1; /* non-zero stops the listing: TT_ERR_CALLBACK_ABORT */
    ++*(uint32_t *)ctx;
    return 0;
}

/* The tables and all state are static: they must outlive the client. */
static const tt_platform board_platform = {NULL, plat_monotonic_ms, plat_wall_clock,
                                           plat_sleep_ms, plat_random};
static tt_transport board_tcp = {NULL, tcp_connect, tcp_send, tcp_recv, tcp_close};
static unsigned char engine_mem[6 * 1024]; /* ~3.4 KB + the largest Assignment */
static tt_client client;

#ifdef TT_EXAMPLE_TLS
/* Trust anchors compiled in (`brssl ta ca.pem` prints such an array). */
extern const br_x509_trust_anchor board_anchors[];
extern const size_t board_anchor_count;
static unsigned char tls_mem[24 * 1024]; /* tt_tls_arena_bytes(): ~23.8 KB half-duplex */
static tt_tls tls;
static tt_transport tls_transport;
#endif

int board_list_hit(const char *akid, const char *secret, const char *hit_id, uint32_t *count);

/* Lists the HIT, counting its assignments into *count.  Returns TT_OK or
 * the tt_err of the failure (tt_client_error(&client) has the details). */
int board_list_hit(const char *akid, const char *secret, const char *hit_id, uint32_t *count)
{
    tt_arena arena;
    tt_client_config cfg;
    tt_list_params lp;
    int rc;

    tt_client_config_defaults(&cfg);
    cfg.transport = &board_tcp;
    cfg.platform = &board_platform;
    cfg.host = "mturk-requester.us-east-1.amazonaws.com";
    cfg.port = 443;
    cfg.region = "us-east-1";
    cfg.access_key_id = akid; /* borrowed: must outlive the client */
    cfg.secret_access_key = secret;
#ifdef TT_EXAMPLE_TLS
    {
        tt_arena tls_arena;
        tt_tls_config tc;
        memset(&tc, 0, sizeof tc);
        tc.anchors = board_anchors;
        tc.anchor_count = board_anchor_count;
        tt_arena_init(&tls_arena, tls_mem, sizeof tls_mem); /* the tt_tls keeps what it takes */
        rc = tt_tls_transport_init(&tls, &board_tcp, &tls_arena, &tc, &board_platform, &tls_transport);
        if (rc != TT_OK)
            return rc;
        cfg.transport = &tls_transport;
    }
#endif
    rc = tt_client_init(&client, &cfg);
    if (rc != TT_OK)
        return rc;
    tt_arena_init(&arena, engine_mem, sizeof engine_mem);
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c(hit_id);
    lp.on_assignment = on_assignment;
    lp.cb_ctx = count;
    *count = 0;
    rc = tt_client_list(&client, &arena, &lp, NULL);
    /* TT_ERR_ARENA_FULL: tt_client_error(&client)->arena_needed says how big
     * engine_mem must be. */
    tt_client_close(&client);
    return rc;
}
