/*
 * tt_lwip.c - tt_transport over lwIP raw TCP (see tt_lwip.h).
 */
#include <string.h>

#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "tt_error.h"
#include "tt_lwip.h"

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

/* One turn of the event loop: the caller's poll, or an idle wait when it
 * found nothing to do. */
static void spin(tt_lwip_tcp *s)
{
    int busy = s->poll ? s->poll(s->poll_ctx) : 0;
    if (!busy && s->idle)
        s->idle(s->poll_ctx);
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

static int lw_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    tt_lwip_tcp *s = (tt_lwip_tcp *)ctx;
    ip4_addr_t ip4;
    ip_addr_t addr;
    struct tcp_pcb *pcb;
    uint64_t start;

    lw_close(s);
    if (!ip4addr_aton(host, &ip4))
        return TT_ERR_DNS;
    ip_addr_copy_from_ip4(addr, ip4);
    pcb = tcp_new();
    if (pcb == NULL)
        return TT_ERR_IO;
    s->pcb = pcb;
    tcp_arg(pcb, s);
    tcp_recv(pcb, on_recv);
    tcp_err(pcb, on_err);
    /* The engine streams a request in small pieces: send each at once. */
    tcp_nagle_disable(pcb);
    if (tcp_connect(pcb, &addr, port, on_connected) != ERR_OK) {
        lw_close(s);
        return TT_ERR_CONNECT;
    }
    start = s->now_ms(s->poll_ctx);
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
        e = room > 0 ? tcp_write(s->pcb, buf, (u16_t)room, TCP_WRITE_FLAG_COPY) : ERR_MEM;
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
