/*
 * lwip_list.c - list a HIT's assignments through the tinyturk core and
 * port/lwip (+ port/bearssl TLS) on the host, with lwIP (NO_SYS, polled)
 * on Debian's tapif: the same lwIP core and options as the boards, tested
 * in `make test` without QEMU.  Run by tests/integration/test_lwip_host.sh
 * through scripts/board-run.sh (BOARD_HOST=1), i.e. inside a network
 * namespace with PRECONFIGURED_TAPIF=tap0; the emulator is 10.77.0.1:8080.
 *
 * Arguments, key=value like the kiosk's: hit=ID page=N status=S polls=N
 * server=NAME|A.B.C.D port=N https=0|1 name=N (TLS name) ca=PEM (trust
 * anchors for https) time=S (ignored: the host has a clock) ip=A.B.C.D
 * dns=A.B.C.D cto=MS rto=MS (connect / read timeouts, default 10 000 /
 * 20 000) attempts=N (max attempts per request, default 3)
 * probe=HOST:PORT[,HOST:PORT...]: instead of listing, only connect the lwIP
 * transport to each and print "PROBE HOST:PORT <tt_errname>" (error paths
 * of port/lwip: unknown names, unreachable hosts, closed ports).
 *
 * Output: "ASSIGNMENT <n> <AssignmentId> <WorkerId> <AssignmentStatus>",
 * "POLL <k> OK|FAIL ... connection=new|kept", and
 * "RESULT OK|FAIL ... items=N pages=P requests=R connections=C dns_lookups=D".
 * Exit status 0 when every poll succeeded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "netif/tapif.h"
#include "tinyturk.h"
#include "tt_ca.h"
#include "tt_lwip.h"
#include "tt_posix.h"
#include "tt_tls.h"

static struct netif netif;
static tt_lwip_tcp tcp;
static unsigned char arena_mem[16 * 1024];
static unsigned char tls_mem[32 * 1024];

static uint64_t now_ms(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* lwIP's clock (NO_SYS: the application supplies it). */
u32_t sys_now(void)
{
    return (u32_t)now_ms(NULL);
}

/* The poll hook: wait for a frame at most until lwIP's next timer (tapif's
 * select), take it in, run the timers. */
static int net_poll(void *ctx)
{
    int r;
    (void)ctx;
    r = tapif_select(&netif);
    sys_check_timeouts();
    return r > 0;
}

static void plat_sleep_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    tt_lwip_run_for(&tcp, ms);
}

static int on_assignment(void *ctx, const tt_assignment *a, uint32_t index)
{
    unsigned long *n = (unsigned long *)ctx;
    (void)index;
    printf("ASSIGNMENT %lu %.*s %.*s %.*s\n", (*n)++, (int)a->assignment_id.len, a->assignment_id.ptr,
           (int)a->worker_id.len, a->worker_id.ptr, (int)a->status.len, a->status.ptr);
    return 0;
}

static const char *arg(int argc, char **argv, const char *key, const char *def)
{
    size_t k = strlen(key);
    int i;
    for (i = 1; i < argc; i++)
        if (!strncmp(argv[i], key, k) && argv[i][k] == '=')
            return argv[i] + k + 1;
    return def;
}

int main(int argc, char **argv)
{
    const char *hit = arg(argc, argv, "hit", "3DEMOHIT0000000000000000000001");
    const char *server = arg(argc, argv, "server", "10.77.0.1");
    const char *status = arg(argc, argv, "status", "all");
    const char *ca = arg(argc, argv, "ca", NULL);
    int https = atoi(arg(argc, argv, "https", "0"));
    unsigned polls = (unsigned)atoi(arg(argc, argv, "polls", "1"));
    ip4_addr_t ip, mask, gw, dns4;
    ip_addr_t dns;
    tt_posix_platform pp;
    tt_platform plat;
    tt_transport lw, tls_t;
    tt_tls tls;
    tt_tls_config tcfg;
    tt_ca_store store;
    tt_arena arena, tls_arena;
    tt_client client;
    tt_client_config cfg;
    tt_list_params lp;
    tt_str st;
    unsigned long n = 0, items = 0, pages = 0;
    unsigned poll, failed = 0;
    int rc = TT_OK;

    setvbuf(stdout, NULL, _IOLBF, 0);
    lwip_init();
    if (!ip4addr_aton(arg(argc, argv, "ip", "10.77.0.2"), &ip) || !ip4addr_aton("255.255.255.0", &mask) ||
        !ip4addr_aton("10.77.0.1", &gw) || !ip4addr_aton(arg(argc, argv, "dns", "10.77.0.1"), &dns4)) {
        printf("RESULT FAIL bad address\n");
        return 2;
    }
    if (netif_add(&netif, &ip, &mask, &gw, NULL, tapif_init, ethernet_input) == NULL) {
        printf("RESULT FAIL no tap interface\n");
        return 2;
    }
    netif_set_default(&netif);
    netif_set_up(&netif);
    ip_addr_copy_from_ip4(dns, dns4);
    dns_setserver(0, &dns);
    printf("lwip-host: lwIP %s on tapif, ip=%s server=%s %s hit=%s\n", LWIP_VERSION_STRING,
           ip4addr_ntoa(&ip), server, https ? "https" : "http", hit);

    if (arg(argc, argv, "probe", NULL) != NULL) {
        /* The transport alone: connect to each target, report, close. */
        char list[512], *p, *next;
        uint32_t cto = (uint32_t)atol(arg(argc, argv, "cto", "10000"));
        tt_lwip_transport_init(&tcp, net_poll, NULL, NULL, now_ms, &lw);
        snprintf(list, sizeof list, "%s", arg(argc, argv, "probe", ""));
        for (p = list; p && *p; p = next) {
            char *colon;
            next = strchr(p, ',');
            if (next)
                *next++ = 0;
            colon = strrchr(p, ':');
            if (!colon)
                continue;
            *colon = 0;
            rc = lw.connect(lw.ctx, p, (uint16_t)atoi(colon + 1), cto);
            printf("PROBE %s:%s %s\n", p, colon + 1, tt_errname(rc));
            lw.close(lw.ctx);
        }
        tt_lwip_run_for(&tcp, 50);
        return 0;
    }
    tt_posix_platform_init(&pp, &plat);
    plat.sleep_ms = plat_sleep_ms; /* back-off must keep lwIP running */
    tt_lwip_transport_init(&tcp, net_poll, NULL, NULL, now_ms, &lw);
    tt_client_config_defaults(&cfg);
    cfg.transport = &lw;
    if (https) {
        if (ca == NULL || tt_ca_load_file(ca, &store) != TT_OK) {
            printf("RESULT FAIL cannot load ca=%s\n", ca ? ca : "(none)");
            return 2;
        }
        memset(&tcfg, 0, sizeof tcfg);
        tcfg.anchors = store.anchors;
        tcfg.anchor_count = store.count;
        tcfg.server_name = arg(argc, argv, "name", "localhost");
        tt_arena_init(&tls_arena, tls_mem, sizeof tls_mem);
        rc = tt_tls_transport_init(&tls, &lw, &tls_arena, &tcfg, &plat, &tls_t);
        if (rc != TT_OK) {
            printf("RESULT FAIL tls-init %s\n", tt_errname(rc));
            return 1;
        }
        cfg.transport = &tls_t;
    }
    cfg.platform = &plat;
    cfg.host = server;
    cfg.port = (uint16_t)atoi(arg(argc, argv, "port", "8080"));
    cfg.https = https;
    cfg.region = "us-east-1";
    cfg.access_key_id = "AKIDEXAMPLE";
    cfg.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.connect_timeout_ms = (uint32_t)atol(arg(argc, argv, "cto", "10000"));
    cfg.read_timeout_ms = (uint32_t)atol(arg(argc, argv, "rto", "20000"));
    cfg.max_attempts = (unsigned)atoi(arg(argc, argv, "attempts", "3"));
    rc = tt_client_init(&client, &cfg);
    if (rc != TT_OK) {
        printf("RESULT FAIL init %s\n", tt_errname(rc));
        return 1;
    }
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c(hit);
    lp.page_size = (uint32_t)atoi(arg(argc, argv, "page", "0"));
    if (strcmp(status, "all")) {
        st = tt_str_c(status);
        lp.statuses = &st;
        lp.n_statuses = 1;
    }
    lp.on_assignment = on_assignment;
    lp.cb_ctx = &n;
    tt_arena_init(&arena, arena_mem, sizeof arena_mem);

    for (poll = 1; poll <= polls; poll++) {
        tt_list_result res;
        uint32_t c0 = client.connections;
        memset(&res, 0, sizeof res);
        rc = tt_client_list(&client, &arena, &lp, &res);
        items += (unsigned long)res.items;
        pages += (unsigned long)res.pages;
        if (rc != TT_OK) {
            const tt_error_info *e = tt_client_error(&client);
            failed++;
            printf("POLL %u FAIL %s http=%d service=%s message=%s", poll, tt_errname(rc), e->http_status,
                   e->service_code, e->message);
            if (https && tls.last_br_error)
                printf(" tls=%s", tt_tls_br_errname(tls.last_br_error));
            printf("\n");
        } else {
            printf("POLL %u OK items=%lu connection=%s\n", poll, (unsigned long)res.items,
                   client.connections != c0 ? "new" : "kept");
        }
    }
    printf("RESULT %s items=%lu pages=%lu requests=%lu connections=%lu dns_lookups=%lu\n",
           failed ? "FAIL" : "OK", items, pages, (unsigned long)client.requests,
           (unsigned long)client.connections, (unsigned long)tcp.dns_lookups);
    tt_client_close(&client);
    tt_lwip_run_for(&tcp, 50); /* let the FIN go out */
    if (https)
        tt_ca_free(&store);
    return failed ? 1 : 0;
}
