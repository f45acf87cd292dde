/*
 * tt_lwip.c - tt_transport over lwIP raw TCP, names through lwIP DNS
 * (see tt_lwip.h).
 */
#include <string.h>

#include "lwip/ip4_addr.h"
#include "lwip/ip_addr.h"
#include "lwip/opt.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#if LWIP_DNS
#include "lwip/dns.h"
#endif
#include "tt_error.h"
#include "tt_lwip.h"

#if !LWIP_TCP || !LWIP_IPV4
#error "port/lwip needs LWIP_TCP and LWIP_IPV4"
#endif

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)arg;
    (void)pcb;
    if (err == ERR_OK)
        s->connected = 1;
    return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)arg;
    (void)pcb;
    (void)err;
    if (p == NULL) {
        s->peer_closed = 1;
        return ERR_OK;
    }
    if (s->rxq == NULL)
        s->rxq = p;
    else
        pbuf_cat(s->rxq, p);
    return ERR_OK;
}

/* lwIP has already freed the pcb when this runs. */
static void on_err(void *arg, err_t err)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)arg;
    s->pcb = NULL;
    s->failed = 1;
    s->last_err = (int8_t)err;
}

/* One turn of the event loop: the board's poll, or an idle wait when it
 * found nothing to do. */
static void spin(tt_lwip_tcp *s)
{
    int busy = s->poll ? s->poll(s->poll_ctx) : 0;
    if (!busy && s->idle)
        s->idle(s->poll_ctx);
}

void tt_lwip_run_for(tt_lwip_tcp *s, uint32_t ms)
{
    uint64_t start = s->now_ms(s->poll_ctx);
    do
        spin(s);
    while (s->now_ms(s->poll_ctx) - start < ms);
}

static void drop_rx(tt_lwip_tcp *s)
{
    if (s->rxq != NULL) {
        pbuf_free(s->rxq);
        s->rxq = NULL;
    }
}

static void lw_close(void *ctx)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)ctx;
    if (s->pcb != NULL) {
        struct tcp_pcb *pcb = s->pcb;
        tcp_arg(pcb, NULL);
        tcp_recv(pcb, NULL);
        tcp_err(pcb, NULL);
        if (tcp_close(pcb) != ERR_OK)
            tcp_abort(pcb);
        s->pcb = NULL;
    }
    drop_rx(s);
    s->connected = 0;
    s->peer_closed = 0;
    s->failed = 0;
    s->last_err = 0;
}

/* FNV-1a: tells a late DNS answer for an earlier name from the current one. */
static uint32_t name_hash(const char *name)
{
    uint32_t h = 2166136261u;
    while (*name) {
        h ^= (uint8_t)*name++;
        h *= 16777619u;
    }
    return h;
}

#if LWIP_DNS
static void on_dns(const char *name, const ip_addr_t *ipaddr, void *arg)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)arg;
    if (s->dns_state != 1 || name == NULL || name_hash(name) != s->dns_name_hash)
        return; /* an answer nobody waits for any more */
#if LWIP_IPV6
    if (ipaddr != NULL && !IP_IS_V4(ipaddr))
        ipaddr = NULL;
#endif
    if (ipaddr == NULL) {
        s->dns_state = -1;
        return;
    }
    s->dns_addr = ip4_addr_get_u32(ip_2_ip4(ipaddr));
    s->dns_state = 2;
}
#endif

/* Host name or IPv4 literal -> address, spinning the loop while DNS works.
 * Returns TT_OK, TT_ERR_DNS or TT_ERR_CONNECT_TIMEOUT. */
static int resolve(tt_lwip_tcp *s, const char *host, ip_addr_t *addr, uint64_t start, uint32_t timeout_ms)
{
#if LWIP_DNS
    err_t e;
    s->dns_state = 1;
    s->dns_name_hash = name_hash(host);
    e = dns_gethostbyname(host, addr, on_dns, s);
    if (e == ERR_OK) {
        s->dns_state = 0;
#if LWIP_IPV6
        if (!IP_IS_V4(addr))
            return TT_ERR_DNS;
#endif
        return TT_OK; /* a literal, or in lwIP's cache */
    }
    if (e != ERR_INPROGRESS) {
        s->dns_state = 0;
        return TT_ERR_DNS;
    }
    s->dns_lookups++;
    while (s->dns_state == 1) {
        if (s->now_ms(s->poll_ctx) - start >= timeout_ms) {
            s->dns_state = 0; /* a late answer is ignored */
            return TT_ERR_CONNECT_TIMEOUT;
        }
        spin(s);
    }
    if (s->dns_state != 2) {
        s->dns_state = 0;
        return TT_ERR_DNS;
    }
    s->dns_state = 0;
    ip_addr_set_ip4_u32(addr, s->dns_addr);
    return TT_OK;
#else
    ip4_addr_t ip4;
    (void)start;
    (void)timeout_ms;
    (void)s;
    if (!ip4addr_aton(host, &ip4))
        return TT_ERR_DNS; /* no DNS in this build: literals only */
    ip_addr_copy_from_ip4(*addr, ip4);
    return TT_OK;
#endif
}

static int lw_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)ctx;
    ip_addr_t addr;
    struct tcp_pcb *pcb;
    uint64_t start = s->now_ms(s->poll_ctx);
    int rc;

    lw_close(s);
    memset(&addr, 0, sizeof addr);
    rc = resolve(s, host, &addr, start, timeout_ms);
    if (rc != TT_OK)
        return rc;
    pcb = tcp_new();
    if (pcb == NULL)
        return TT_ERR_CONNECT; /* MEMP_NUM_TCP_PCB exhausted */
    s->pcb = pcb;
    s->connects++;
    tcp_arg(pcb, s);
    tcp_recv(pcb, on_recv);
    tcp_err(pcb, on_err);
    /* The engine writes whole requests / TLS records: send each at once. */
    tcp_nagle_disable(pcb);
    if (tcp_connect(pcb, &addr, port, on_connected) != ERR_OK) {
        lw_close(s);
        return TT_ERR_CONNECT;
    }
    while (!s->connected) {
        if (s->failed) {
            lw_close(s);
            return TT_ERR_CONNECT;
        }
        if (s->now_ms(s->poll_ctx) - start >= timeout_ms) {
            lw_close(s);
            return TT_ERR_CONNECT_TIMEOUT;
        }
        spin(s);
    }
    return TT_OK;
}

static int lw_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)ctx;
    uint64_t start = s->now_ms(s->poll_ctx);
    while (len > 0) {
        size_t room;
        err_t e;
        if (s->pcb == NULL || s->failed)
            return TT_ERR_CONN_RESET;
        room = tcp_sndbuf(s->pcb);
        if (room > len)
            room = len;
        if (room > 0xFFFFu)
            room = 0xFFFFu;
        e = (err_t)(room > 0 ? tcp_write(s->pcb, buf, (u16_t)room, TCP_WRITE_FLAG_COPY) : ERR_MEM);
        if (e == ERR_OK) {
            buf += room;
            len -= room;
            s->bytes_sent += (uint32_t)room;
            continue;
        }
        if (e != ERR_MEM)
            return e == ERR_CONN || e == ERR_CLSD ? TT_ERR_CONN_RESET : TT_ERR_IO;
        /* Send buffer or segment queue full: push out, wait for ACKs. */
        (void)tcp_output(s->pcb);
        if (s->now_ms(s->poll_ctx) - start >= timeout_ms)
            return TT_ERR_WRITE_TIMEOUT;
        spin(s);
    }
    if (s->pcb != NULL && tcp_output(s->pcb) != ERR_OK)
        return TT_ERR_IO;
    return TT_OK;
}

static int lw_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)ctx;
    uint64_t start = s->now_ms(s->poll_ctx);
    *got = 0;
    for (;;) {
        if (s->rxq != NULL) {
            /* Data that arrived before a FIN or RST is delivered first. */
            u16_t n = s->rxq->tot_len;
            if (cap < n)
                n = (u16_t)cap;
            n = pbuf_copy_partial(s->rxq, buf, n, 0);
            s->rxq = pbuf_free_header(s->rxq, n);
            if (s->pcb != NULL)
                tcp_recved(s->pcb, n);
            s->bytes_received += n;
            *got = n;
            return TT_OK;
        }
        if (s->peer_closed)
            return TT_OK; /* *got == 0: clean end of stream */
        if (s->failed || s->pcb == NULL)
            return TT_ERR_CONN_RESET;
        if (s->now_ms(s->poll_ctx) - start >= timeout_ms)
            return TT_ERR_READ_TIMEOUT;
        spin(s);
    }
}

void tt_lwip_transport_init(tt_lwip_tcp *s, tt_lwip_poll_fn poll, void (*idle)(void *ctx),
                            void *poll_ctx, uint64_t (*now_ms)(void *ctx), tt_transport *out)
{
    memset(s, 0, sizeof *s);
    s->poll = poll;
    s->idle = idle;
    s->poll_ctx = poll_ctx;
    s->now_ms = now_ms;
    out->ctx = s;
    out->connect = lw_connect;
    out->send = lw_send;
    out->recv = lw_recv;
    out->close = lw_close;
}
