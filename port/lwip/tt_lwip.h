/*
 * tt_lwip.h - a tt_transport over lwIP's raw TCP API (NO_SYS=1, polled),
 * board-independent.
 *
 * What the board supplies (see port/lwip/README.md):
 *   - lwIP itself, initialised (lwip_init), with a default netif that is up;
 *     a lwipopts.h (include "tt_lwipopts.h" for the shared values);
 *   - `poll`: one turn of its event loop - move received frames into lwIP,
 *     transmit, and call sys_check_timeouts().  Returns non-zero when it did
 *     any work (a frame moved), 0 when there was nothing to do;
 *   - optionally `idle`: called after a poll that did nothing (wait for an
 *     interrupt, select() on a file descriptor, sleep a little);
 *   - `now_ms`: a monotonic millisecond clock (the same one sys_now() uses
 *     is fine) for the timeouts of connect/send/recv;
 *   - for host names: at least one DNS server (dns_setserver, or DHCP).
 *
 * The transport never blocks inside lwIP: while it waits (DNS answer, SYN-ACK,
 * send space, data) it spins poll/idle and checks its timeout.  `host` given
 * to connect is an IPv4 literal or a name resolved with dns_gethostbyname
 * (LWIP_DNS=1; with LWIP_DNS=0 only literals work, names give TT_ERR_DNS).
 * The connect timeout covers the DNS lookup and the TCP handshake.
 *
 * Received data stays in lwIP's pbufs until the engine reads it, and the TCP
 * window is reopened only as it is read, so receive RAM is bounded by
 * TCP_WND.  Writes are copied (TCP_WRITE_FLAG_COPY) into lwIP's heap and
 * pushed at once (Nagle off: the engine writes whole requests or TLS records).
 *
 * Errors: connect -> TT_ERR_DNS (name unknown / DNS failed), TT_ERR_CONNECT
 * (refused, unreachable, no pcb), TT_ERR_CONNECT_TIMEOUT; send ->
 * TT_ERR_WRITE_TIMEOUT, TT_ERR_CONN_RESET, TT_ERR_IO; recv ->
 * TT_ERR_READ_TIMEOUT, TT_ERR_CONN_RESET (data received before an RST or FIN
 * is delivered first; after a FIN recv reports a clean end, *got == 0).
 *
 * Not thread-safe; lwIP must only be used from the thread that calls these.
 * One connection per tt_lwip_tcp; several may exist if lwIP's pools allow.
 */
#ifndef TT_LWIP_H
#define TT_LWIP_H

#include <stdint.h>

#include "tt_port.h"

struct tcp_pcb;
struct pbuf;

/* Poll hook: drive the NIC and lwIP's timers once; non-zero = did work. */
typedef int (*tt_lwip_poll_fn)(void *ctx);

/* The transport's state.  Owned by the caller (static storage on a board),
 * zeroed by tt_lwip_transport_init; read the statistics freely, do not
 * write the other members. */
typedef struct tt_lwip_tcp {
    struct tcp_pcb *pcb; /* NULL when closed (or freed by lwIP after an error) */
    struct pbuf *rxq;    /* received, not yet read (chain) */
    int connected;   /* the TCP handshake completed */
    int peer_closed; /* FIN received */
    int failed;      /* lwIP reported a fatal error (pcb freed) */
    int8_t last_err; /* that lwIP err_t (for diagnostics) */
    /* DNS lookup in progress: 1 pending, 2 resolved, -1 failed. */
    int dns_state;
    uint32_t dns_name_hash; /* which name the pending lookup is for */
    uint32_t dns_addr;      /* resolved IPv4, network order */
    tt_lwip_poll_fn poll;
    void (*idle)(void *ctx);
    void *poll_ctx;
    uint64_t (*now_ms)(void *ctx); /* monotonic ms for timeouts */
    /* Statistics since init: payload bytes, connects, DNS lookups sent. */
    uint32_t bytes_sent, bytes_received;
    uint32_t connects, dns_lookups;
} tt_lwip_tcp;

/*
 * Set up `s` and fill `out` (out->ctx = s).  `poll` and `now_ms` are
 * required, `idle` may be NULL; the three and `poll_ctx` (handed back to
 * each of them) are borrowed for the life of `s`.  lwIP must be initialised
 * (lwip_init + a netif that is up) before the first connect.  `s` and `out`
 * must outlive every client using `out`.
 */
void tt_lwip_transport_init(tt_lwip_tcp *s, tt_lwip_poll_fn poll, void (*idle)(void *ctx),
                            void *poll_ctx, uint64_t (*now_ms)(void *ctx), tt_transport *out);

/*
 * Run the event loop (poll, idle when nothing happened) for about `ms`
 * milliseconds: a sleep that keeps the stack alive (ARP, TCP timers, FINs).
 * Usable as the body of a tt_platform.sleep_ms.
 */
void tt_lwip_run_for(tt_lwip_tcp *s, uint32_t ms);

#endif /* TT_LWIP_H */
