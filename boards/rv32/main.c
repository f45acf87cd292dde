/*
 * main.c - the rv32 image: the kiosk's client set-up on a generic RV32IMAC
 * part.  lwIP (DHCP, or a static address) on a stub NIC, tinyturk's lwIP
 * transport, BearSSL TLS with a compiled-in trust anchor, one listing of a
 * HIT's assignments printed on the console.  It proves the core and the
 * ports build and link beyond ARM; the tests do not run it (the stub NIC
 * never receives, so DHCP never completes and a static address is used
 * after RV32_DHCP_WAIT_MS).
 *
 * Settings are compile-time (board.mk may -D them): RV32_SERVER (IPv4 or
 * host name), RV32_PORT, RV32_TLS_NAME, RV32_HIT, RV32_PAGE_SIZE,
 * RV32_REGION, RV32_AKID / RV32_SECRET (the AWS documentation's example
 * keys, which the local emulator accepts), RV32_ARENA, RV32_TLS_ARENA,
 * RV32_BOOT_TIME (unix s for certificate dates until a Date header is seen).
 */
#include <string.h>

#include "board.h"
#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "nic_stub.h"
#include "rv32_anchor.h"
#include "tinyturk.h"
#include "tt_lwip.h"
#include "tt_tls.h"

#ifndef RV32_IP
#define RV32_IP "10.77.0.2"
#endif
#ifndef RV32_NETMASK
#define RV32_NETMASK "255.255.255.0"
#endif
#ifndef RV32_GATEWAY
#define RV32_GATEWAY "10.77.0.1"
#endif
#ifndef RV32_SERVER
#define RV32_SERVER "10.77.0.1"
#endif
#ifndef RV32_PORT
#define RV32_PORT 8443
#endif
#ifndef RV32_TLS_NAME
#define RV32_TLS_NAME "localhost"
#endif
#ifndef RV32_HIT
#define RV32_HIT "3DEMOHIT0000000000000000000001"
#endif
#ifndef RV32_PAGE_SIZE
#define RV32_PAGE_SIZE 10
#endif
#ifndef RV32_REGION
#define RV32_REGION "us-east-1"
#endif
#ifndef RV32_AKID
#define RV32_AKID "AKIDEXAMPLE"
#endif
#ifndef RV32_SECRET
#define RV32_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#endif
/* The core's arena: ~3.7 KB of fixed state + the largest Assignment. */
#ifndef RV32_ARENA
#define RV32_ARENA (8u * 1024u)
#endif
/* BearSSL: client + X.509 contexts + the 16 709-byte record buffer. */
#ifndef RV32_TLS_ARENA
#define RV32_TLS_ARENA (23u * 1024u)
#endif
#ifndef RV32_BOOT_TIME
#define RV32_BOOT_TIME 1795000000
#endif
#ifndef RV32_DHCP_WAIT_MS
#define RV32_DHCP_WAIT_MS 3000u
#endif

static struct netif netif;
static unsigned char arena_mem[RV32_ARENA];
static unsigned char tls_mem[RV32_TLS_ARENA];
static tt_client client;
static uint32_t rng_state;

/* ---- lwIP hooks --------------------------------------------------------- */

u32_t sys_now(void)
{
    return (u32_t)board_millis();
}

void rv32_panic(const char *msg)
{
    board_puts("\nPANIC ");
    board_puts(msg);
    board_puts("\n");
    board_exit(4);
}

/* xorshift32 seeded from mcycle.  TEST-ONLY: predictable.  A real part
 * feeds TLS and TCP from its hardware TRNG here. */
unsigned int rv32_rand32(void)
{
    uint32_t x = rng_state ? rng_state : 0x6D2B79F5u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static int net_poll(void *ctx)
{
    unsigned frames;
    (void)ctx;
    frames = nic_stub_poll(&netif);
    sys_check_timeouts();
    return frames > 0;
}

static void net_idle(void *ctx)
{
    (void)ctx;
    __asm__ volatile("wfi");
}

/* ---- tinyturk platform -------------------------------------------------- */

static uint64_t plat_monotonic_ms(void *ctx)
{
    (void)ctx;
    return board_millis();
}

static int plat_wall_clock(void *ctx, int64_t *epoch_s)
{
    (void)ctx;
    (void)epoch_s;
    return TT_ERR_CLOCK_UNSET; /* no RTC: the engine uses the Date header */
}

/* Certificate dates: the engine's learnt clock, else the build-time guess. */
static int tls_wall_clock(void *ctx, int64_t *epoch_s)
{
    (void)ctx;
    if (tt_client_now(&client, epoch_s) == TT_OK)
        return TT_OK;
    *epoch_s = (int64_t)RV32_BOOT_TIME + (int64_t)(board_millis() / 1000u);
    return TT_OK;
}

static void plat_sleep_ms(void *ctx, uint32_t ms)
{
    uint64_t start = board_millis();
    while (board_millis() - start < ms)
        if (!net_poll(ctx))
            net_idle(ctx);
}

static int plat_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    while (len--)
        *out++ = (uint8_t)(rv32_rand32() >> 24);
    return TT_OK;
}

/* ---- output ------------------------------------------------------------- */

static void put_str(tt_str s)
{
    size_t i;
    for (i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        board_putc(c > 0x20 && c < 0x7F ? c : '?');
    }
}

static int on_assignment(void *ctx, const tt_assignment *a, uint32_t index)
{
    uint32_t *items = (uint32_t *)ctx;
    (void)index;
    board_puts("ASSIGNMENT ");
    put_str(a->assignment_id);
    board_puts(" ");
    put_str(a->worker_id);
    board_puts(" ");
    put_str(a->status);
    board_puts("\n");
    (*items)++;
    return 0;
}

/* An error code: its name when the build has the names (TT_ERROR_TEXT),
 * else its number (core/tt_error.h). */
static void put_err(int rc)
{
#if TT_ERROR_TEXT
    board_puts(tt_errname(rc));
#else
    if (rc < 0) {
        board_putc('-');
        board_put_u64((uint64_t)-(int64_t)rc);
    } else {
        board_put_u64((uint64_t)rc);
    }
#endif
}

static void put_figure(const char *name, uint64_t v)
{
    board_puts("FIGURE ");
    board_puts(name);
    board_puts(" ");
    board_put_u64(v);
    board_puts("\n");
}

/* ---- main --------------------------------------------------------------- */

/* DHCP first; the stub NIC never answers, so fall back to the static
 * address after RV32_DHCP_WAIT_MS. */
static void net_up(void)
{
    ip4_addr_t ip, mask, gw;
    uint64_t t0;
    ip4_addr_set_zero(&ip);
    ip4_addr_set_zero(&mask);
    ip4_addr_set_zero(&gw);
    (void)netif_add(&netif, &ip, &mask, &gw, NULL, nic_stub_init, ethernet_input);
    netif_set_default(&netif);
    netif_set_up(&netif);
    rng_state ^= (uint32_t)board_millis() ^ 0x9E3779B9u;
    (void)dhcp_start(&netif);
    t0 = board_millis();
    while (!dhcp_supplied_address(&netif) && board_millis() - t0 < RV32_DHCP_WAIT_MS)
        plat_sleep_ms(NULL, 10);
    if (!dhcp_supplied_address(&netif)) {
        dhcp_stop(&netif);
        (void)ip4addr_aton(RV32_IP, &ip);
        (void)ip4addr_aton(RV32_NETMASK, &mask);
        (void)ip4addr_aton(RV32_GATEWAY, &gw);
        netif_set_addr(&netif, &ip, &mask, &gw);
    }
}

int main(void)
{
    static tt_lwip_tcp tcp;
    static tt_tls tls;
    tt_transport transport, tls_transport;
    tt_platform plat, tls_plat;
    tt_tls_config tcfg;
    tt_arena tls_arena, arena;
    tt_client_config cfg;
    tt_list_params lp;
    tt_list_result res;
    uint32_t items = 0;
    int rc;

    board_puts("\nrv32: tinyturk " TT_VERSION " (RV32IMAC), lwIP " LWIP_VERSION_STRING "\n");
    lwip_init();
    net_up();

    plat.ctx = NULL;
    plat.monotonic_ms = plat_monotonic_ms;
    plat.wall_clock = plat_wall_clock;
    plat.sleep_ms = plat_sleep_ms;
    plat.random = plat_random;
    tt_lwip_transport_init(&tcp, net_poll, net_idle, NULL, plat_monotonic_ms, &transport);

    tls_plat = plat;
    tls_plat.wall_clock = tls_wall_clock;
    memset(&tcfg, 0, sizeof tcfg);
    tcfg.anchors = rv32_anchors;
    tcfg.anchor_count = rv32_anchors_count;
    tcfg.server_name = RV32_TLS_NAME;
    tt_arena_init(&tls_arena, tls_mem, sizeof tls_mem);
    rc = tt_tls_transport_init(&tls, &transport, &tls_arena, &tcfg, &tls_plat, &tls_transport);
    if (rc != TT_OK) {
        board_puts("RESULT FAIL tls-init ");
        put_err(rc);
        board_puts("\n");
        return 1;
    }

    tt_client_config_defaults(&cfg);
    cfg.transport = &tls_transport;
    cfg.platform = &plat;
    cfg.host = RV32_SERVER;
    cfg.port = RV32_PORT;
    cfg.https = 1;
    cfg.region = RV32_REGION;
    cfg.access_key_id = RV32_AKID;
    cfg.secret_access_key = RV32_SECRET;
    rc = tt_client_init(&client, &cfg);
    if (rc == TT_OK) {
        tt_list_params_defaults(&lp);
        lp.hit_id = tt_str_c(RV32_HIT);
        lp.page_size = RV32_PAGE_SIZE;
        lp.on_assignment = on_assignment;
        lp.cb_ctx = &items;
        tt_arena_init(&arena, arena_mem, sizeof arena_mem);
        memset(&res, 0, sizeof res);
        rc = tt_client_list(&client, &arena, &lp, &res);
        put_figure("arena_high_water", arena.high_water);
        put_figure("tls_arena_used", tls_arena.used);
        tt_client_close(&client);
    }
    board_puts(rc == TT_OK ? "RESULT OK items=" : "RESULT FAIL items=");
    board_put_u64(items);
    board_puts(" ");
    put_err(rc);
    board_puts("\n");
    put_figure("stack_high_water", board_stack_high_water());
    put_figure("stack_size", board_stack_size());
    put_figure("nic_tx_frames", nic_stub_tx_frames());
    return rc == TT_OK ? 0 : 1;
}
