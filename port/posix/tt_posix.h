/*
 * tt_posix.h - the POSIX port: a TCP tt_transport over BSD sockets and a
 * tt_platform over clock_gettime/nanosleep/getrandom.
 *
 * Transport: getaddrinfo() (IPv4 and IPv6, every address tried in order
 * until one connects inside the remaining time), non-blocking sockets and
 * poll() for every timeout, TCP_NODELAY, MSG_NOSIGNAL (SO_NOSIGPIPE where
 * that is what the OS has) so a dead peer never raises SIGPIPE.
 *
 * Error mapping (errno / getaddrinfo code -> tt_err):
 *   any EAI_* from getaddrinfo            -> TT_ERR_DNS  (last_gai keeps it)
 *   ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT,
 *   other connect() failures              -> TT_ERR_CONNECT
 *   connect not done within timeout_ms, ETIMEDOUT on connect
 *                                         -> TT_ERR_CONNECT_TIMEOUT
 *   recv: no byte within timeout_ms       -> TT_ERR_READ_TIMEOUT
 *   send: no progress within timeout_ms   -> TT_ERR_WRITE_TIMEOUT
 *   ECONNRESET, EPIPE, ECONNABORTED, ETIMEDOUT after connect
 *                                         -> TT_ERR_CONN_RESET
 *   send/recv with no open socket         -> TT_ERR_NOT_CONNECTED
 *   anything else (socket(), EBADF, ...)  -> TT_ERR_IO  (last_errno keeps it)
 *
 * Name resolution itself is not bounded by timeout_ms: getaddrinfo() blocks
 * for as long as the system resolver decides (resolv.conf timeout/attempts).
 * The time it took is taken off the connect budget.
 */
#ifndef TT_POSIX_H
#define TT_POSIX_H

#include "tt_port.h"

/*
 * State of one TCP connection.  Caller-owned (stack, static or heap); must
 * outlive the tt_transport built over it.  Set the option fields after
 * tt_posix_transport_init() and before connect.
 */
typedef struct tt_posix_socket {
    int fd;           /* -1 when closed */
    int last_errno;   /* errno of the last failure (0 if none), for --debug */
    int last_gai;     /* getaddrinfo() code of the last TT_ERR_DNS (0 if none) */
    /* Options (0 = default): */
    int numeric_only; /* 1: host must be an IP literal (AI_NUMERICHOST); no DNS query */
    int family;       /* 0 = any, else AF_INET or AF_INET6 */
} tt_posix_socket;

/*
 * Reset `s` (closed, no options) and fill `out` with a transport whose ctx
 * is `s`.  Both are borrowed by nothing: `out` just points at `s`.
 * close() the transport before `s` goes away (an open fd would leak).
 */
void tt_posix_transport_init(tt_posix_socket *s, tt_transport *out);

/*
 * Clock, sleep and randomness.  Caller-owned; must outlive `out`.
 * The two fields let tests (and a --debug knob) fake a bad wall clock:
 *   unset     1: wall_clock() fails with TT_ERR_CLOCK_UNSET
 *   offset_s  added to CLOCK_REALTIME (e.g. -7200 for a clock 2 h slow)
 * monotonic_ms is CLOCK_MONOTONIC; random is getrandom() where available,
 * else /dev/urandom (TT_ERR_RANDOM when neither works).
 */
typedef struct tt_posix_platform {
    int unset;
    int64_t offset_s;
} tt_posix_platform;

/* Zero `p` (real clock, no offset) and fill `out` with ctx = p. */
void tt_posix_platform_init(tt_posix_platform *p, tt_platform *out);

/* Map an errno value from a connected socket to a tt_err (table above). */
int tt_posix_map_errno(int err);

#endif /* TT_POSIX_H */
