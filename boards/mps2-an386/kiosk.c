/*
 * kiosk.c - the mps2-an386 demo: bring up the LAN9118 + lwIP with a static
 * address, list a HIT's assignments with tinyturk over plain TCP, print them
 * and some figures on the UART, exit through semihosting (0 = success).
 *
 * The board has no RTC: the platform's wall clock says TT_ERR_CLOCK_UNSET
 * and the engine takes the time from the service's Date header (its first
 * request is rejected as skewed, re-signed and sent again at once).
 *
 * HTTPS (https=1): BearSSL (port/bearssl/tt_tls) over the same lwIP
 * transport, verifying the server against the trust anchor compiled into
 * the image (kiosk_anchor.h) and the name `name=` (default "localhost": the
 * test certificate's name; the TCP connection still goes to server=).
 * Certificate dates need a clock before the first Date header can arrive:
 * TLS gets the engine's clock once it has one, else the boot time passed as
 * time=<unix s> (what SNTP or a set RTC would give a real device); without
 * either the handshake fails with TT_ERR_TLS_NO_TIME.  The engine itself
 * still runs without a wall clock.
 *
 * Settings: compile-time defaults below (board.mk may -D them), overridden
 * at run time by key=value words of the semihosting command line
 * (QEMU -append "hit=... page=N max=N port=N server=A.B.C.D"):
 *   hit=ID   page=N (MaxResults, 0 = not sent)   max=N (max items, -1 = all)
 *   server=IPv4   port=N   status=S (one AssignmentStatuses entry)
 *   https=1   name=N (TLS server name)   time=S (boot time for TLS, unix s)
 */
#include <string.h>

#include "bsp.h"
#include "kiosk_anchor.h"
#include "lan9118.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "tinyturk.h"
#include "tt_lwip.h"
#include "tt_tls.h"

#ifndef KIOSK_IP
#define KIOSK_IP "10.77.0.2"
#endif
#ifndef KIOSK_NETMASK
#define KIOSK_NETMASK "255.255.255.0"
#endif
#ifndef KIOSK_GATEWAY
#define KIOSK_GATEWAY "10.77.0.1"
#endif
#ifndef KIOSK_SERVER
#define KIOSK_SERVER "10.77.0.1"
#endif
#ifndef KIOSK_PORT
#define KIOSK_PORT 8080
#endif
#ifndef KIOSK_HIT
#define KIOSK_HIT "3DEMOHIT0000000000000000000001"
#endif
#ifndef KIOSK_PAGE_SIZE
#define KIOSK_PAGE_SIZE 2
#endif
#ifndef KIOSK_REGION
#define KIOSK_REGION "us-east-1"
#endif
/* The emulator's example credentials (AWS documentation's example keys). */
#ifndef KIOSK_AKID
#define KIOSK_AKID "AKIDEXAMPLE"
#endif
#ifndef KIOSK_SECRET
#define KIOSK_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#endif
#ifndef KIOSK_ARENA
#define KIOSK_ARENA (24u * 1024u)
#endif
/* BearSSL contexts + the 16 709-byte half-duplex record buffer. */
#ifndef KIOSK_TLS_ARENA
#define KIOSK_TLS_ARENA (24u * 1024u)
#endif
#ifndef KIOSK_TLS_NAME
#define KIOSK_TLS_NAME "localhost"
#endif

static struct netif netif;
static unsigned char arena_mem[KIOSK_ARENA];
static unsigned char tls_mem[KIOSK_TLS_ARENA];
static tt_client client;
static int64_t boot_time_s = -1; /* time= setting, -1 = none */
static uint64_t idle_ticks;
static uint32_t rng_state;

/* ---- lwIP hooks --------------------------------------------------------- */

u32_t sys_now(void)
{
    return (u32_t)bsp_millis();
}

void kiosk_panic(const char *msg)
{
    bsp_puts("\nPANIC ");
    bsp_puts(msg);
    bsp_puts("\n");
    bsp_exit(4);
}

/* xorshift32.  TEST-ONLY randomness: the MPS2 has no TRNG; the seed mixes
 * the MAC address and the SysTick phase at start-up, which is predictable.
 * Good enough for back-off jitter and TCP sequence numbers on a test
 * network, NOT for TLS keys on a real device (use a hardware TRNG there). */
unsigned int kiosk_rand32(void)
{
    uint32_t x = rng_state ? rng_state : 0x6D2B79F5u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

/* ---- event loop --------------------------------------------------------- */

static int net_poll(void *ctx)
{
    unsigned frames;
    (void)ctx;
    frames = lan9118_poll(&netif);
    sys_check_timeouts();
    return frames > 0;
}

static void net_idle(void *ctx)
{
    uint64_t t0 = bsp_ticks();
    (void)ctx;
    bsp_idle();
    idle_ticks += bsp_ticks() - t0;
}

/* ---- tinyturk platform -------------------------------------------------- */

static uint64_t plat_monotonic_ms(void *ctx)
{
    (void)ctx;
    return bsp_millis();
}

static int plat_wall_clock(void *ctx, int64_t *epoch_s)
{
    (void)ctx;
    (void)epoch_s;
    return TT_ERR_CLOCK_UNSET; /* no RTC: the engine uses the Date header */
}

/* TLS's view of the wall clock: what the engine learnt from Date headers,
 * else the boot time given on the command line plus the uptime. */
static int tls_wall_clock(void *ctx, int64_t *epoch_s)
{
    (void)ctx;
    if (tt_client_now(&client, epoch_s) == TT_OK)
        return TT_OK;
    if (boot_time_s < 0)
        return TT_ERR_CLOCK_UNSET;
    *epoch_s = boot_time_s + (int64_t)(bsp_millis() / 1000u);
    return TT_OK;
}

static void plat_sleep_ms(void *ctx, uint32_t ms)
{
    uint64_t start = bsp_millis();
    while (bsp_millis() - start < ms)
        if (!net_poll(ctx))
            net_idle(ctx);
}

static int plat_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    while (len--)
        *out++ = (uint8_t)(kiosk_rand32() >> 24);
    return TT_OK;
}

/* ---- connect timing ------------------------------------------------------ */

/* A pass-through transport that measures connect() (for TLS: TCP + the
 * handshake) in busy ticks, i.e. without the time spent waiting (WFI). */
typedef struct timed_transport {
    const tt_transport *lower;
    uint32_t connects;
    uint64_t busy_ticks;
} timed_transport;

static int timed_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    timed_transport *t = (timed_transport *)ctx;
    uint64_t t0 = bsp_ticks(), i0 = idle_ticks;
    int rc = t->lower->connect(t->lower->ctx, host, port, timeout_ms);
    t->busy_ticks += (bsp_ticks() - t0) - (idle_ticks - i0);
    t->connects++;
    return rc;
}

static int timed_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    timed_transport *t = (timed_transport *)ctx;
    return t->lower->send(t->lower->ctx, buf, len, timeout_ms);
}

static int timed_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    timed_transport *t = (timed_transport *)ctx;
    return t->lower->recv(t->lower->ctx, buf, cap, got, timeout_ms);
}

static void timed_close(void *ctx)
{
    timed_transport *t = (timed_transport *)ctx;
    t->lower->close(t->lower->ctx);
}

static void timed_init(timed_transport *t, const tt_transport *lower, tt_transport *out)
{
    memset(t, 0, sizeof *t);
    t->lower = lower;
    out->ctx = t;
    out->connect = timed_connect;
    out->send = timed_send;
    out->recv = timed_recv;
    out->close = timed_close;
}

/* ---- output ------------------------------------------------------------- */

static void put_str(tt_str s)
{
    size_t i;
    for (i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        bsp_putc(c > 0x20 && c < 0x7F ? c : '?');
    }
}

typedef struct kiosk_counts {
    uint32_t items;
    size_t answer_bytes;
} kiosk_counts;

static int on_assignment(void *ctx, const tt_assignment *a, uint32_t index)
{
    kiosk_counts *k = (kiosk_counts *)ctx;
    bsp_puts("ASSIGNMENT ");
    bsp_put_u64(k->items);
    bsp_puts(" ");
    put_str(a->assignment_id);
    bsp_puts(" ");
    put_str(a->worker_id);
    bsp_puts(" ");
    put_str(a->status);
    bsp_puts(" page-index=");
    bsp_put_u64(index);
    if (a->present & TT_FIELD_BIT(TT_FIELD_SUBMIT_TIME)) {
        bsp_puts(" submit=");
        put_str(a->submit_time.raw);
    }
    bsp_puts(" answer=");
    bsp_put_u64(a->answer.len);
    bsp_puts("B\n");
    k->items++;
    if (a->answer.len > k->answer_bytes)
        k->answer_bytes = a->answer.len;
    return 0;
}

static int on_page_end(void *ctx, const tt_page_info *pi)
{
    (void)ctx;
    bsp_puts("PAGE ");
    bsp_put_u64(pi->page);
    bsp_puts(" items=");
    bsp_put_u64(pi->items_in_page);
    bsp_puts(pi->next_token.ptr ? " more" : " last");
    bsp_puts("\n");
    return 0;
}

static int on_token(void *ctx, tt_str t)
{
    (void)ctx;
    bsp_puts("NEXT-TOKEN ");
    put_str(t);
    bsp_puts("\n");
    return 0;
}

/* ---- settings from the semihosting command line ------------------------- */

typedef struct kiosk_settings {
    char cmdline[256];
    const char *hit, *server, *status, *name;
    int https;
    uint16_t port;
    uint32_t page;
    int64_t max_items;
} kiosk_settings;

static int64_t parse_int(const char *s)
{
    int neg = *s == '-';
    int64_t v = 0;
    if (neg)
        s++;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return neg ? -v : v;
}

static uint32_t semihost_call(uint32_t op, void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void load_settings(kiosk_settings *ks)
{
    uint32_t block[2];
    char *p;
    ks->hit = KIOSK_HIT;
    ks->server = KIOSK_SERVER;
    ks->status = NULL;
    ks->name = KIOSK_TLS_NAME;
    ks->https = 0;
    ks->port = KIOSK_PORT;
    ks->page = KIOSK_PAGE_SIZE;
    ks->max_items = -1;
    block[0] = (uint32_t)(uintptr_t)ks->cmdline;
    block[1] = sizeof ks->cmdline - 1u;
    if (semihost_call(0x15u, block) != 0u) /* SYS_GET_CMDLINE */
        return;
    ks->cmdline[sizeof ks->cmdline - 1u] = 0;
    for (p = ks->cmdline; *p;) {
        char *w = p, *eq;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = 0;
        eq = strchr(w, '=');
        if (!eq)
            continue;
        *eq++ = 0;
        if (!strcmp(w, "hit"))
            ks->hit = eq;
        else if (!strcmp(w, "server"))
            ks->server = eq;
        else if (!strcmp(w, "status"))
            ks->status = eq;
        else if (!strcmp(w, "port"))
            ks->port = (uint16_t)parse_int(eq);
        else if (!strcmp(w, "page"))
            ks->page = (uint32_t)parse_int(eq);
        else if (!strcmp(w, "max"))
            ks->max_items = parse_int(eq);
        else if (!strcmp(w, "https"))
            ks->https = parse_int(eq) != 0;
        else if (!strcmp(w, "name"))
            ks->name = eq;
        else if (!strcmp(w, "time"))
            boot_time_s = parse_int(eq);
    }
}

/* ---- main --------------------------------------------------------------- */

static void put_figure(const char *name, uint64_t v, const char *unit)
{
    bsp_puts("FIGURE ");
    bsp_puts(name);
    bsp_puts(" ");
    bsp_put_u64(v);
    bsp_puts(unit);
    bsp_puts("\n");
}

int main(void)
{
    static kiosk_settings ks;
    static tt_lwip_tcp tcp;
    static tt_tls tls;
    static timed_transport timed;
    tt_transport transport, tls_transport, timed_t;
    tt_platform plat, tls_plat;
    tt_tls_config tcfg;
    tt_arena tls_arena;
    tt_client_config cfg;
    tt_list_params lp;
    tt_list_result res;
    tt_arena arena;
    tt_str status_one;
    kiosk_counts counts;
    ip4_addr_t ip, mask, gw;
    uint64_t t_start, t_end, idle_start;
    int64_t now_s;
    int rc;

    bsp_init();
    bsp_puts("\nkiosk: tinyturk " TT_VERSION " on mps2-an386 (Cortex-M4), lwIP " LWIP_VERSION_STRING "\n");
    load_settings(&ks);

    lwip_init();
    (void)ip4addr_aton(KIOSK_IP, &ip);
    (void)ip4addr_aton(KIOSK_NETMASK, &mask);
    (void)ip4addr_aton(KIOSK_GATEWAY, &gw);
    if (netif_add(&netif, &ip, &mask, &gw, NULL, lan9118_netif_init, ethernet_input) == NULL) {
        bsp_puts("kiosk: no LAN9118\nRESULT FAIL no-nic\n");
        return 2;
    }
    netif_set_default(&netif);
    netif_set_up(&netif);
    rng_state = 0x9E3779B9u ^ ((uint32_t)netif.hwaddr[3] << 16) ^ ((uint32_t)netif.hwaddr[4] << 8) ^
                netif.hwaddr[5] ^ (uint32_t)bsp_ticks();
    bsp_puts("net: up ip=" KIOSK_IP " mac=");
    {
        int i;
        for (i = 0; i < 6; i++) {
            bsp_put_hex(netif.hwaddr[i], 2);
            if (i < 5)
                bsp_putc(':');
        }
    }
    bsp_puts(" server=");
    bsp_puts(ks.server);
    bsp_puts(":");
    bsp_put_u64(ks.port);
    bsp_puts(ks.https ? " https name=" : " http");
    if (ks.https)
        bsp_puts(ks.name);
    bsp_puts(" hit=");
    bsp_puts(ks.hit);
    bsp_puts("\n");

    plat.ctx = NULL;
    plat.monotonic_ms = plat_monotonic_ms;
    plat.wall_clock = plat_wall_clock;
    plat.sleep_ms = plat_sleep_ms;
    plat.random = plat_random;
    tt_lwip_transport_init(&tcp, net_poll, net_idle, NULL, plat_monotonic_ms, &transport);

    tt_client_config_defaults(&cfg);
    cfg.transport = &transport;
    if (ks.https) {
        tls_plat = plat;
        tls_plat.wall_clock = tls_wall_clock;
        memset(&tcfg, 0, sizeof tcfg);
        tcfg.anchors = kiosk_anchors;
        tcfg.anchor_count = kiosk_anchors_count;
        tcfg.server_name = ks.name;
        tt_arena_init(&tls_arena, tls_mem, sizeof tls_mem);
        rc = tt_tls_transport_init(&tls, &transport, &tls_arena, &tcfg, &tls_plat, &tls_transport);
        if (rc != TT_OK) {
            bsp_puts("RESULT FAIL tls-init ");
            bsp_puts(tt_errname(rc));
            bsp_puts("\n");
            return 1;
        }
        cfg.transport = &tls_transport;
    }
    timed_init(&timed, cfg.transport, &timed_t);
    cfg.transport = &timed_t;
    cfg.platform = &plat;
    cfg.host = ks.server;
    cfg.port = ks.port;
    cfg.https = ks.https;
    cfg.region = KIOSK_REGION;
    cfg.access_key_id = KIOSK_AKID;
    cfg.secret_access_key = KIOSK_SECRET;
    cfg.connect_timeout_ms = 10000u;
    cfg.read_timeout_ms = 20000u;
    rc = tt_client_init(&client, &cfg);
    if (rc != TT_OK) {
        bsp_puts("RESULT FAIL init ");
        bsp_puts(tt_errname(rc));
        bsp_puts("\n");
        return 1;
    }

    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c(ks.hit);
    lp.page_size = ks.page;
    lp.max_items = ks.max_items;
    if (ks.status) {
        status_one = tt_str_c(ks.status);
        lp.statuses = &status_one;
        lp.n_statuses = 1;
    }
    memset(&counts, 0, sizeof counts);
    lp.on_assignment = on_assignment;
    lp.on_page_end = on_page_end;
    lp.on_token = on_token;
    lp.cb_ctx = &counts;

    tt_arena_init(&arena, arena_mem, sizeof arena_mem);
    memset(&res, 0, sizeof res);
    idle_start = idle_ticks;
    t_start = bsp_ticks();
    rc = tt_client_list(&client, &arena, &lp, &res);
    t_end = bsp_ticks();

    if (rc == TT_OK) {
        bsp_puts("RESULT OK items=");
    } else {
        const tt_error_info *e = tt_client_error(&client);
        bsp_puts("RESULT FAIL ");
        bsp_puts(tt_errname(rc));
        bsp_puts(" http=");
        bsp_put_u64((uint64_t)(e->http_status > 0 ? e->http_status : 0));
        bsp_puts(" service=");
        bsp_puts(e->service_code);
        bsp_puts(" message=");
        bsp_puts(e->message);
        if (ks.https && tls.last_br_error) {
            bsp_puts(" tls=");
            bsp_puts(tt_tls_br_errname(tls.last_br_error));
        }
        bsp_puts(" items=");
    }
    bsp_put_u64(res.items);
    bsp_puts(" pages=");
    bsp_put_u64(res.pages);
    bsp_puts(" requests=");
    bsp_put_u64(client.requests);
    bsp_puts(" connections=");
    bsp_put_u64(client.connections);
    bsp_puts("\n");

    if (tt_client_now(&client, &now_s) == TT_OK) {
        bsp_puts("CLOCK learnt from the Date header: ");
        bsp_put_i64(now_s);
        bsp_puts(" (unix s)\n");
    }
    put_figure("assignments_listed", res.items, "");
    put_figure("largest_answer", counts.answer_bytes, " B");
    put_figure("arena_high_water", arena.high_water, " B");
    put_figure("arena_capacity", arena.cap, " B");
    put_figure("arena_estimate", tt_client_arena_estimate(&client, &lp), " B (excl. assignments)");
    put_figure("stack_high_water", bsp_stack_high_water(), " B");
    put_figure("stack_size", bsp_stack_size(), " B");
    put_figure("list_guest_ms", (t_end - t_start) / (BSP_CPU_HZ / 1000u), " ms");
    /* Under -icount shift=0 one guest ns = one instruction; a SysTick tick
     * is 40 ns.  Busy = the listing minus the time spent waiting (WFI). */
    put_figure("list_busy_instructions", (t_end - t_start - (idle_ticks - idle_start)) * (1000000000u / BSP_CPU_HZ),
               " (with -icount shift=0)");
    put_figure("connects", timed.connects, "");
    put_figure("connect_busy_instructions", timed.busy_ticks * (1000000000u / BSP_CPU_HZ),
               ks.https ? " (TCP + TLS handshake, with -icount shift=0)" : " (TCP, with -icount shift=0)");
    if (ks.https)
        put_figure("tls_arena_used", tls_arena.used, " B");
    put_figure("tcp_bytes_sent", tcp.bytes_sent, " B");
    put_figure("tcp_bytes_received", tcp.bytes_received, " B");

    tt_client_close(&client);
    /* Let the FIN go out before QEMU stops. */
    plat_sleep_ms(NULL, 20);
    return rc == TT_OK ? 0 : 1;
}
