/*
 * kiosk.c - the mps2-an386 kiosk app: bring up the LAN9118 + lwIP (static
 * address or DHCP), then poll ListAssignmentsForHIT for the configured HIT's
 * Submitted assignments KIOSK_POLLS times, print each assignment the first
 * time it is seen (deduplicated across polls in a fixed-size table,
 * kiosk_seen.h), keep the connection alive between polls when the server
 * allows, print figures (instructions per poll, memory) and exit through
 * semihosting (0 = every poll succeeded).
 *
 * Configuration: the build-time file kiosk.conf.h (or KIOSK_CONFIG=path;
 * board.mk turns it into kiosk_config.h).  Tests override some values at
 * run time with key=value words of the semihosting command line (QEMU
 * -append):
 *   hit=ID  polls=N  interval=MS  status=S ("all" = no filter)
 *   page=N (MaxResults, 0 = not sent)  max=N (max items per poll, -1 = all)
 *   server=NAME|A.B.C.D  port=N  https=0|1  name=N (TLS server name)
 *   time=S (boot time for TLS, unix s)  ip=A.B.C.D|dhcp  dns=A.B.C.D
 *   chacha=0|1|2 (TLS suites, see kiosk_tls_suites; only in builds with
 *   the ChaCha20 code: KIOSK_TLS_CHACHA or KIOSK_TLS_CHACHA_CODE)
 *
 * Error codes are printed as numbers (core/tt_error.h) when the build
 * leaves out their names (TT_ERROR_TEXT 0, board.mk's default), BearSSL's
 * as numbers always (tls=N, bearssl_err.h / port/bearssl/tt_tls.h).
 *
 * The board has no RTC: the platform's wall clock says TT_ERR_CLOCK_UNSET
 * and the engine takes the time from the service's Date header (its first
 * request is rejected as skewed, re-signed and sent again at once).
 *
 * HTTPS: BearSSL (port/bearssl/tt_tls) over the lwIP transport
 * (port/lwip/tt_lwip), verifying the server against the trust anchor
 * compiled into the image (kiosk_anchor.h) and the name `name=`.
 * Certificate dates need a clock before the first Date header can arrive:
 * TLS gets the engine's clock once it has one, else the boot time passed as
 * time=<unix s> (what SNTP or a set RTC would give a real device); without
 * either the handshake fails with TT_ERR_TLS_NO_TIME.
 */
#include <string.h>

#include "bsp.h"
#include "kiosk_anchor.h"
#include "kiosk_config.h"
#include "kiosk_seen.h"
#include "lan9118.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "tinyturk.h"
#include "tt_qfa.h"
#include "tt_lwip.h"
#include "tt_tls.h"

/* Defaults for anything the configuration file leaves out. */
#ifndef KIOSK_IP
#define KIOSK_IP "10.77.0.2"
#endif
#ifndef KIOSK_NETMASK
#define KIOSK_NETMASK "255.255.255.0"
#endif
#ifndef KIOSK_GATEWAY
#define KIOSK_GATEWAY "10.77.0.1"
#endif
#ifndef KIOSK_DNS
#define KIOSK_DNS "10.77.0.1"
#endif
#ifndef KIOSK_SERVER
#define KIOSK_SERVER "10.77.0.1"
#endif
#ifndef KIOSK_PORT
#define KIOSK_PORT 8080
#endif
#ifndef KIOSK_HTTPS
#define KIOSK_HTTPS 1
#endif
#ifndef KIOSK_TLS_NAME
#define KIOSK_TLS_NAME "localhost"
#endif
#ifndef KIOSK_REGION
#define KIOSK_REGION "us-east-1"
#endif
#ifndef KIOSK_AKID
#define KIOSK_AKID "AKIDEXAMPLE"
#endif
#ifndef KIOSK_SECRET
#define KIOSK_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#endif
#ifndef KIOSK_SESSION_TOKEN
#define KIOSK_SESSION_TOKEN NULL
#endif
#ifndef KIOSK_HIT
#define KIOSK_HIT "3DEMOHIT0000000000000000000001"
#endif
#ifndef KIOSK_STATUS
#define KIOSK_STATUS "Submitted"
#endif
#ifndef KIOSK_POLLS
#define KIOSK_POLLS 3
#endif
#ifndef KIOSK_POLL_INTERVAL_MS
#define KIOSK_POLL_INTERVAL_MS 1000
#endif
#ifndef KIOSK_PAGE_SIZE
#define KIOSK_PAGE_SIZE 100
#endif
#ifndef KIOSK_TLS_CHACHA
#define KIOSK_TLS_CHACHA 0 /* see kiosk_tls_suites() */
#endif
#ifndef KIOSK_TLS_CHACHA_CODE
#define KIOSK_TLS_CHACHA_CODE (KIOSK_TLS_CHACHA != 0)
#endif
/* The engine's arena: ~3.5 KiB + the largest Assignment (answers here are
 * < 1 KiB; MTurk allows far larger ones: size it for your HITs).  6.5 KiB
 * keeps the whole image within 64 KiB of RAM with the answer decoder. */
#ifndef KIOSK_ARENA
#define KIOSK_ARENA (6u * 1024u + 512u)
#endif
/* BearSSL contexts + the 16 709-byte half-duplex record buffer. */
#ifndef KIOSK_TLS_ARENA
#define KIOSK_TLS_ARENA (23u * 1024u + 512u)
#endif

static struct netif netif;
static unsigned char arena_mem[KIOSK_ARENA];
static unsigned char tls_mem[KIOSK_TLS_ARENA];
static tt_client client;
static kiosk_seen seen;
static tt_lwip_tcp tcp;
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

/* ---- event loop: the hooks port/lwip runs while it waits ----------------- */

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
    {
        uint64_t up_s = bsp_millis();
        (void)bsp_divmod(&up_s, 1000u);
        *epoch_s = boot_time_s + (int64_t)up_s;
    }
    return TT_OK;
}

static void plat_sleep_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    tt_lwip_run_for(&tcp, ms);
}

static int plat_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    while (len--)
        *out++ = (uint8_t)(kiosk_rand32() >> 24);
    return TT_OK;
}

/* ---- TLS cipher suites ---------------------------------------------------- */

/*
 * KIOSK_TLS_CHACHA (config; chacha= at run time): 0 = port/bearssl's reduced
 * profile as is (ECDHE + AES-GCM), 1 = offer ChaCha20-Poly1305 first and
 * AES-GCM after it, 2 = ChaCha20-Poly1305 only.  The ChaCha20 code is linked
 * only when the configuration sets KIOSK_TLS_CHACHA (or
 * KIOSK_TLS_CHACHA_CODE 1 to choose at run time).
 *
 * Why: measured under -icount on this Cortex-M4, BearSSL's AES-GCM
 * (constant-time aes_ct + ghash_ctmul: the constant-time choice on a 32-bit
 * core without AES instructions; aes_small is slower still) costs ~390
 * instructions per byte of TLS record, ChaCha20-Poly1305 (chacha20_ct +
 * poly1305_ctmul) ~60.  A kept-alive poll of 4 assignments (3.4 KB) takes
 * ~1.5 M instructions with AES-GCM, ~0.4 M with ChaCha20.  But servers that
 * impose their own order (OpenSSL with server preference, like the
 * emulator; most AWS front ends) pick AES-GCM whenever it is offered, so
 * only mode 2 is sure to get ChaCha20 - and fails with a server that lacks
 * it (TT_ERR_TLS_NO_COMMON_SUITE).  Default 0: works with any MTurk
 * endpoint.  This reorders the suites of the engine port/bearssl set up,
 * before the first handshake (+2.5 KB of code).
 */
#if KIOSK_TLS_CHACHA_CODE
static void kiosk_tls_suites(tt_tls *t, int mode)
{
    static const uint16_t suites[] = {
        BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,       BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,       BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384};
    if (mode == 0)
        return;
    br_ssl_engine_set_suites(&t->cc->eng, suites, mode == 2 ? 2u : sizeof suites / sizeof suites[0]);
    br_ssl_engine_set_default_chapol(&t->cc->eng);
}
#endif

/* ---- connect timing ------------------------------------------------------ */

/* A pass-through transport that measures connect() (for TLS: DNS + TCP +
 * the handshake) in busy ticks, i.e. without the time spent waiting (WFI). */
typedef struct timed_transport {
    const tt_transport *lower;
    uint32_t connects;
    uint64_t busy_ticks; /* in connect */
    uint64_t io_ticks;   /* in send + recv (TLS records + lwIP), busy only */
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
    uint64_t t0 = bsp_ticks(), i0 = idle_ticks;
    int rc = t->lower->send(t->lower->ctx, buf, len, timeout_ms);
    t->io_ticks += (bsp_ticks() - t0) - (idle_ticks - i0);
    return rc;
}

static int timed_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    timed_transport *t = (timed_transport *)ctx;
    uint64_t t0 = bsp_ticks(), i0 = idle_ticks;
    int rc = t->lower->recv(t->lower->ctx, buf, cap, got, timeout_ms);
    t->io_ticks += (bsp_ticks() - t0) - (idle_ticks - i0);
    return rc;
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

/* Under -icount shift=0 one guest ns = one instruction; a SysTick tick is
 * 40 ns.  Busy = elapsed minus the time spent waiting (WFI). */
static uint64_t busy_instructions(uint64_t ticks, uint64_t idle)
{
    return (ticks - idle) * (1000000000u / BSP_CPU_HZ);
}

/* ---- output ------------------------------------------------------------- */

/* An error code: its name when the build has the names (TT_ERROR_TEXT),
 * else its number (core/tt_error.h). */
static void put_err(int rc)
{
#if TT_ERROR_TEXT
    bsp_puts(tt_errname(rc));
#else
    bsp_put_i64(rc);
#endif
}

static void put_str(tt_str s)
{
    size_t i;
    for (i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        bsp_putc(c > 0x20 && c < 0x7F ? c : '?');
    }
}

typedef struct kiosk_counts {
    uint32_t poll;       /* current poll, from 1 */
    uint32_t listed;     /* assignments listed in this poll */
    uint32_t fresh;      /* ... of which new (printed) */
    uint32_t printed;    /* printed in all polls */
    size_t answer_bytes; /* largest Answer */
} kiosk_counts;

/* Decoded answers (core/tt_qfa.h): one line per value after its ASSIGNMENT
 * line,
 *   ANSWER <QuestionIdentifier> <kind> <value>
 * kind = the element name: FreeText, SelectionIdentifier (one line per
 * selection), OtherSelectionText, UploadedFileSizeInBytes, UploadedFileKey;
 * or "ANSWER-ERROR <TT_ERR_QFA_...> at=<byte>" when the XML does not decode.
 * ASCII only, one line each: '\' -> "\\", LF TAB CR -> "\n" "\t" "\r",
 * other bytes outside 0x21..0x7E -> "\xHH" (a space stays a space in the
 * value, the last field).  Values that need no decoding are printed straight
 * from the Answer; decoded ones (entities, CDATA, CR LF) go through qfa_buf. */
#ifndef KIOSK_ANSWER_BUF
#define KIOSK_ANSWER_BUF 1024
#endif
static tt_qfa qfa;
static char qfa_buf[KIOSK_ANSWER_BUF];

static void put_esc(tt_str s, int keep_space)
{
    size_t i;
    for (i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c == '\\') {
            bsp_puts("\\\\");
        } else if (c == '\n') {
            bsp_puts("\\n");
        } else if (c == '\t') {
            bsp_puts("\\t");
        } else if (c == '\r') {
            bsp_puts("\\r");
        } else if ((c > 0x20 && c < 0x7F) || (c == ' ' && keep_space)) {
            bsp_putc((char)c);
        } else {
            bsp_puts("\\x");
            bsp_put_hex(c, 2);
        }
    }
}

static int on_answer(void *ctx, const tt_qfa_value *v)
{
    (void)ctx;
    if (v->kind == TT_QFA_QUESTION)
        return 0; /* the identifier is on each value's line */
    bsp_puts("ANSWER ");
    put_esc(v->qid, 0);
    bsp_putc(' ');
    bsp_puts(tt_qfa_kind_name(v->kind));
    bsp_putc(' ');
    put_esc(v->value, 1);
    bsp_putc('\n');
    return 0;
}

static void print_answers(const tt_assignment *a)
{
    int rc;
    if (!(a->present & TT_FIELD_BIT(TT_FIELD_ANSWER)) || a->answer.len == 0)
        return; /* "Answer may be empty" */
    tt_qfa_init(&qfa, qfa_buf, sizeof qfa_buf, on_answer, NULL);
    rc = tt_qfa_feed(&qfa, a->answer.ptr, a->answer.len);
    if (rc == TT_OK)
        rc = tt_qfa_finish(&qfa);
    if (rc != TT_OK) {
        bsp_puts("ANSWER-ERROR ");
        put_err(rc);
        bsp_puts(" at=");
        bsp_put_u64(tt_qfa_error_offset(&qfa));
        bsp_putc('\n');
    }
}

static void print_assignment(kiosk_counts *k, const tt_assignment *a, uint32_t index)
{
    bsp_puts("ASSIGNMENT ");
    bsp_put_u64(k->printed);
    bsp_puts(" ");
    put_str(a->assignment_id);
    bsp_puts(" ");
    put_str(a->worker_id);
    bsp_puts(" ");
    put_str(a->status);
    bsp_puts(" poll=");
    bsp_put_u64(k->poll);
    bsp_puts(" page-index=");
    bsp_put_u64(index);
    if (a->present & TT_FIELD_BIT(TT_FIELD_SUBMIT_TIME)) {
        bsp_puts(" submit=");
        put_str(a->submit_time.raw);
    }
    bsp_puts("\n");
    print_answers(a);
}

static int on_assignment(void *ctx, const tt_assignment *a, uint32_t index)
{
    kiosk_counts *k = (kiosk_counts *)ctx;
    k->listed++;
    if (a->answer.len > k->answer_bytes)
        k->answer_bytes = a->answer.len;
    if (!kiosk_seen_check(&seen, a->assignment_id.ptr, a->assignment_id.len, k->poll))
        return 0; /* printed in an earlier poll */
    print_assignment(k, a, index);
    k->fresh++;
    k->printed++;
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

#if TT_RESUME_TOKENS
/* The resume token after max= (none in builds without resume tokens). */
static int on_token(void *ctx, tt_str t)
{
    (void)ctx;
    bsp_puts("NEXT-TOKEN ");
    put_str(t);
    bsp_puts("\n");
    return 0;
}
#endif

/* ---- settings: config file, then the semihosting command line ------------ */

typedef struct kiosk_settings {
    char cmdline[320];
    const char *hit, *server, *status, *name, *ip, *dns;
    int https, chacha;
    uint16_t port;
    uint32_t page, polls, interval_ms;
    int64_t max_items;
} kiosk_settings;

/* strcmp() == 0 without libc's (large, unrolled) strcmp. */
static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

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
    ks->status = KIOSK_STATUS;
    ks->name = KIOSK_TLS_NAME;
    ks->ip = KIOSK_IP;
    ks->dns = KIOSK_DNS;
    ks->https = KIOSK_HTTPS;
    ks->chacha = KIOSK_TLS_CHACHA;
    ks->port = KIOSK_PORT;
    ks->page = KIOSK_PAGE_SIZE;
    ks->polls = KIOSK_POLLS;
    ks->interval_ms = KIOSK_POLL_INTERVAL_MS;
    ks->max_items = -1;
    block[0] = (uint32_t)(uintptr_t)ks->cmdline;
    block[1] = sizeof ks->cmdline - 1u;
    if (semihost_call(0x15u, block) != 0u) /* SYS_GET_CMDLINE */
        return;
    ks->cmdline[sizeof ks->cmdline - 1u] = 0;
    for (p = ks->cmdline; *p;) {
        char *w = p, *eq = NULL;
        while (*p && *p != ' ') {
            if (*p == '=' && !eq)
                eq = p;
            p++;
        }
        if (*p)
            *p++ = 0;
        if (!eq)
            continue;
        *eq++ = 0;
        if (streq(w, "hit"))
            ks->hit = eq;
        else if (streq(w, "server"))
            ks->server = eq;
        else if (streq(w, "status"))
            ks->status = streq(eq, "all") ? NULL : eq;
        else if (streq(w, "port"))
            ks->port = (uint16_t)parse_int(eq);
        else if (streq(w, "page"))
            ks->page = (uint32_t)parse_int(eq);
        else if (streq(w, "max"))
            ks->max_items = parse_int(eq);
        else if (streq(w, "polls"))
            ks->polls = (uint32_t)parse_int(eq);
        else if (streq(w, "interval"))
            ks->interval_ms = (uint32_t)parse_int(eq);
        else if (streq(w, "https"))
            ks->https = parse_int(eq) != 0;
#if KIOSK_TLS_CHACHA_CODE
        else if (streq(w, "chacha"))
            ks->chacha = (int)parse_int(eq);
#endif
        else if (streq(w, "name"))
            ks->name = eq;
        else if (streq(w, "time"))
            boot_time_s = parse_int(eq);
        else if (streq(w, "ip"))
            ks->ip = eq;
        else if (streq(w, "dns"))
            ks->dns = eq;
    }
    if (ks->name == NULL)
        ks->name = ks->server;
}

/* ---- network bring-up ----------------------------------------------------- */

static void put_ip(const ip4_addr_t *a)
{
    char buf[IP4ADDR_STRLEN_MAX];
    bsp_puts(ip4addr_ntoa_r(a, buf, (int)sizeof buf) ? buf : "?");
}

/* Static address (and DNS server), or DHCP: wait up to 10 s for a lease. */
static int net_up(const kiosk_settings *ks)
{
    ip4_addr_t ip, mask, gw, dns;
    int dhcp = streq(ks->ip, "dhcp");

    ip4_addr_set_zero(&ip);
    ip4_addr_set_zero(&mask);
    ip4_addr_set_zero(&gw);
    if (!dhcp && (!ip4addr_aton(ks->ip, &ip) || !ip4addr_aton(KIOSK_NETMASK, &mask) ||
                  !ip4addr_aton(KIOSK_GATEWAY, &gw))) {
        bsp_puts("kiosk: bad address in the configuration\nRESULT FAIL config\n");
        return 0;
    }
    if (netif_add(&netif, &ip, &mask, &gw, NULL, lan9118_netif_init, ethernet_input) == NULL) {
        bsp_puts("kiosk: no LAN9118\nRESULT FAIL no-nic\n");
        return 0;
    }
    netif_set_default(&netif);
    netif_set_up(&netif);
    rng_state = 0x9E3779B9u ^ ((uint32_t)netif.hwaddr[3] << 16) ^ ((uint32_t)netif.hwaddr[4] << 8) ^
                netif.hwaddr[5] ^ (uint32_t)bsp_ticks();
    if (dhcp) {
        uint64_t start = bsp_millis();
        if (dhcp_start(&netif) != ERR_OK) {
            bsp_puts("kiosk: dhcp_start failed\nRESULT FAIL dhcp\n");
            return 0;
        }
        while (!dhcp_supplied_address(&netif)) {
            if (bsp_millis() - start > 10000u) {
                bsp_puts("kiosk: no DHCP lease in 10 s\nRESULT FAIL dhcp\n");
                return 0;
            }
            if (!net_poll(NULL))
                net_idle(NULL);
        }
    } else if (ip4addr_aton(ks->dns, &dns)) {
        ip_addr_t d;
        ip_addr_copy_from_ip4(d, dns);
        dns_setserver(0, &d);
    }
    bsp_puts(dhcp ? "net: up (dhcp) ip=" : "net: up ip=");
    put_ip(netif_ip4_addr(&netif));
    bsp_puts(" gw=");
    put_ip(netif_ip4_gw(&netif));
    bsp_puts(" dns=");
    put_ip(ip_2_ip4(dns_getserver(0)));
    bsp_puts(" mac=");
    {
        int i;
        for (i = 0; i < 6; i++) {
            bsp_put_hex(netif.hwaddr[i], 2);
            if (i < 5)
                bsp_putc(':');
        }
    }
    bsp_puts("\n");
    return 1;
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

static void put_failure(int rc, const tt_tls *tls, int https)
{
    const tt_error_info *e = tt_client_error(&client);
    bsp_puts("FAIL ");
    put_err(rc);
    bsp_puts(" http=");
    bsp_put_u64((uint64_t)(e->http_status > 0 ? e->http_status : 0));
    bsp_puts(" service=");
    bsp_puts(e->service_code);
    bsp_puts(" message=");
    bsp_puts(e->message);
    if (https && tls->last_br_error) {
        bsp_puts(" tls=");
        bsp_put_i64(tls->last_br_error);
    }
}

int main(void)
{
    static kiosk_settings ks;
    static tt_tls tls;
    static timed_transport timed;
    static kiosk_counts counts;
    tt_transport transport, tls_transport, timed_t;
    tt_platform plat, tls_plat;
    tt_tls_config tcfg;
    tt_arena tls_arena;
    tt_client_config cfg;
    tt_list_params lp;
    tt_arena arena;
    tt_str status_one;
    uint64_t first_poll_instr = 0, kept_poll_instr = 0, kept_polls = 0;
    uint64_t items = 0, pages = 0;
    uint32_t poll, failed = 0;
    int64_t now_s;
    int rc = TT_OK;

    bsp_init();
    bsp_puts("\nkiosk: tinyturk " TT_VERSION " on mps2-an386 (Cortex-M4), lwIP " LWIP_VERSION_STRING "\n");
    load_settings(&ks);
    lwip_init();
    if (!net_up(&ks))
        return 2;
    bsp_puts("kiosk: server=");
    bsp_puts(ks.server);
    bsp_puts(":");
    bsp_put_u64(ks.port);
    bsp_puts(ks.https ? " https name=" : " http");
    if (ks.https)
        bsp_puts(ks.name);
    bsp_puts(" hit=");
    bsp_puts(ks.hit);
    bsp_puts(" status=");
    bsp_puts(ks.status ? ks.status : "all");
    bsp_puts(" polls=");
    bsp_put_u64(ks.polls);
    bsp_puts(" interval=");
    bsp_put_u64(ks.interval_ms);
    bsp_puts("ms\n");

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
            put_err(rc);
            bsp_puts("\n");
            return 1;
        }
        cfg.transport = &tls_transport;
#if KIOSK_TLS_CHACHA_CODE
        kiosk_tls_suites(&tls, ks.chacha);
#endif
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
    cfg.session_token = KIOSK_SESSION_TOKEN;
    cfg.connect_timeout_ms = 10000u;
    cfg.read_timeout_ms = 20000u;
    rc = tt_client_init(&client, &cfg);
    if (rc != TT_OK) {
        bsp_puts("RESULT FAIL init ");
        put_err(rc);
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
    lp.on_assignment = on_assignment;
    lp.on_page_end = on_page_end;
#if TT_RESUME_TOKENS
    lp.on_token = on_token;
#endif
    lp.cb_ctx = &counts;
    kiosk_seen_init(&seen);
    tt_arena_init(&arena, arena_mem, sizeof arena_mem);

    for (poll = 1; poll <= ks.polls; poll++) {
        tt_list_result res;
        uint32_t conns0 = timed.connects;
        uint64_t t0, i0, instr, io0 = timed.io_ticks, c0 = timed.busy_ticks;

        if (poll > 1)
            tt_lwip_run_for(&tcp, ks.interval_ms); /* keeps ARP/TCP alive */
        counts.poll = poll;
        counts.listed = counts.fresh = 0;
        memset(&res, 0, sizeof res);
        i0 = idle_ticks;
        t0 = bsp_ticks();
        rc = tt_client_list(&client, &arena, &lp, &res);
        instr = busy_instructions(bsp_ticks() - t0, idle_ticks - i0);
        items += res.items;
        pages += res.pages;
        bsp_puts("POLL ");
        bsp_put_u64(poll);
        if (rc == TT_OK) {
            bsp_puts(" OK");
        } else {
            bsp_puts(" ");
            put_failure(rc, &tls, ks.https);
            failed++;
        }
        bsp_puts(" listed=");
        bsp_put_u64(counts.listed);
        bsp_puts(" new=");
        bsp_put_u64(counts.fresh);
        bsp_puts(" pages=");
        bsp_put_u64(res.pages);
        bsp_puts(timed.connects != conns0 ? " connection=new" : " connection=kept");
        bsp_puts(" instructions=");
        bsp_put_u64(instr);
        /* Where they went: connect (TCP + TLS handshake), send + recv (TLS
         * records + lwIP), the rest (signing, HTTP, JSON, output). */
        bsp_puts(" connect=");
        bsp_put_u64(busy_instructions(timed.busy_ticks - c0, 0));
        bsp_puts(" io=");
        bsp_put_u64(busy_instructions(timed.io_ticks - io0, 0));
        bsp_puts("\n");
        if (rc == TT_OK && poll == 1)
            first_poll_instr = instr;
        else if (rc == TT_OK && timed.connects == conns0) {
            kept_poll_instr = instr > kept_poll_instr ? instr : kept_poll_instr;
            kept_polls++;
        }
    }

    if (failed == 0)
        bsp_puts("RESULT OK items=");
    else {
        bsp_puts("RESULT ");
        put_failure(rc, &tls, ks.https);
        bsp_puts(" items=");
    }
    bsp_put_u64(items);
    bsp_puts(" pages=");
    bsp_put_u64(pages);
    bsp_puts(" requests=");
    bsp_put_u64(client.requests);
    bsp_puts(" connections=");
    bsp_put_u64(client.connections);
    bsp_puts(" polls=");
    bsp_put_u64(ks.polls);
    bsp_puts(" printed=");
    bsp_put_u64(counts.printed);
    bsp_puts("\n");

    if (tt_client_now(&client, &now_s) == TT_OK) {
        bsp_puts("CLOCK learnt from the Date header: ");
        bsp_put_i64(now_s);
        bsp_puts(" (unix s)\n");
    }
    put_figure("assignments_printed", counts.printed, "");
    put_figure("largest_answer", counts.answer_bytes, " B");
    put_figure("arena_high_water", arena.high_water, " B");
    put_figure("arena_capacity", arena.cap, " B");
    put_figure("arena_estimate", tt_client_arena_estimate(&client, &lp), " B");
    put_figure("seen_entries", seen.entries, "");
    put_figure("seen_capacity", (uint64_t)KIOSK_SEEN_SETS * KIOSK_SEEN_WAYS, "");
    put_figure("seen_bytes", sizeof seen, " B");
    put_figure("seen_live_evictions", seen.live_evictions, " (may print again)");
    put_figure("stack_high_water", bsp_stack_high_water(), " B");
    put_figure("stack_size", bsp_stack_size(), " B");
    put_figure("first_poll_instructions", first_poll_instr, " busy");
    if (kept_polls)
        put_figure("kept_alive_poll_instructions", kept_poll_instr, " busy (largest)");
    put_figure("connects", timed.connects, "");
    put_figure("connect_busy_instructions", timed.busy_ticks * (1000000000u / BSP_CPU_HZ), " busy");
    if (ks.https)
        put_figure("tls_arena_used", tls_arena.used, " B");
    put_figure("tcp_bytes_sent", tcp.bytes_sent, " B");
    put_figure("tcp_bytes_received", tcp.bytes_received, " B");
    put_figure("dns_lookups", tcp.dns_lookups, "");

    tt_client_close(&client);
    /* Let the FIN go out before QEMU stops. */
    tt_lwip_run_for(&tcp, 20);
    return failed == 0 ? 0 : 1;
}
