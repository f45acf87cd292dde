/*
 * tt_lwip.h - a tt_transport over lwIP's raw TCP API (NO_SYS=1, polled).
 *
 * The transport spins the caller's poll function (drive the NIC and lwIP's
 * timers) while it waits for lwIP; it never blocks in lwIP.  `host` given to
 * connect must be an IPv4 address literal (the board has no DNS):
 * otherwise TT_ERR_DNS.  Received data stays in lwIP's pbufs until the
 * engine reads it, and the TCP window is reopened only as it is read, so
 * RAM use is bounded by TCP_WND.
 *
 * Not thread-safe; lwIP must only be used from the thread that calls these.
 */
#ifndef TT_LWIP_H
#define TT_LWIP_H

#include <stdint.h>

#include "tt_port.h"

struct tcp_pcb;
struct pbuf;

/* Poll hook: move frames in and out and run lwIP's timers once; returns
 * non-zero when it did any work.  `idle` is called when a poll did nothing
 * (e.g. wait for an interrupt); both may be NULL. */
typedef int (*tt_lwip_poll_fn)(void *ctx);

typedef struct tt_lwip_tcp {
    struct tcp_pcb *pcb; /* NULL when closed (or freed by lwIP after an error) */
    struct pbuf *rxq;    /* received, not yet read (chain) */
    int connected;
    int peer_closed; /* FIN received */
    int failed;      /* lwIP reported a fatal error (pcb freed) */
    int8_t last_err; /* that lwIP err_t */
    tt_lwip_poll_fn poll;
    void (*idle)(void *ctx);
    void *poll_ctx;
    uint64_t (*now_ms)(void *ctx); /* monotonic ms for timeouts */
    /* Statistics: payload bytes through the stream since init. */
    uint32_t bytes_sent, bytes_received;
} tt_lwip_tcp;

/*
 * Set up `s` and fill `out` (ctx = s).  `poll`, `idle`, `poll_ctx` and
 * `now_ms` are borrowed for the life of `s`; `now_ms` is required.
 * lwIP must be initialised (lwip_init + a netif) before connect.
 */
void tt_lwip_transport_init(tt_lwip_tcp *s, tt_lwip_poll_fn poll, void (*idle)(void *ctx),
                            void *poll_ctx, uint64_t (*now_ms)(void *ctx), tt_transport *out);

#endif /* TT_LWIP_H */
