/* tt_posix.c - BSD-socket transport and POSIX platform (see tt_posix.h). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

#include "tt_posix.h"

#ifdef MSG_NOSIGNAL
#define TT_SEND_FLAGS MSG_NOSIGNAL
#else
#define TT_SEND_FLAGS 0
#endif

static uint64_t tt_posix_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Milliseconds left until `deadline` (0 when past), clamped for poll(). */
static int tt_posix_left(uint64_t deadline)
{
    uint64_t now = tt_posix_now_ms();
    if (now >= deadline)
        return 0;
    if (deadline - now > 0x7fffffffu)
        return 0x7fffffff;
    return (int)(deadline - now);
}

/* poll() one fd for `events` until the deadline.  Returns 1 ready, 0 timed
 * out, -1 error (errno set).  EINTR restarts with the time that is left. */
static int tt_posix_wait(int fd, short events, uint64_t deadline)
{
    for (;;) {
        struct pollfd pfd;
        int n;
        pfd.fd = fd;
        pfd.events = events;
        pfd.revents = 0;
        n = poll(&pfd, 1, tt_posix_left(deadline));
        if (n > 0)
            return 1;
        if (n == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

int tt_posix_map_errno(int err)
{
    switch (err) {
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED:
    case ETIMEDOUT:
        return TT_ERR_CONN_RESET;
    case ECONNREFUSED:
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EADDRNOTAVAIL:
    case EAFNOSUPPORT:
    case ENETDOWN:
        return TT_ERR_CONNECT;
    default:
        return TT_ERR_IO;
    }
}

static void tt_posix_close(void *ctx)
{
    tt_posix_socket *s = (tt_posix_socket *)ctx;
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
}

/* Try one address.  TT_OK with s->fd set, or an error (fd closed). */
static int tt_posix_try(tt_posix_socket *s, const struct addrinfo *ai, uint64_t deadline)
{
    int fd, flags, one = 1, soerr = 0, w;
    socklen_t slen = sizeof soerr;

    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        s->last_errno = errno;
        return errno == EAFNOSUPPORT ? TT_ERR_CONNECT : TT_ERR_IO;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC); /* a forked helper must not keep it */
    flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        s->last_errno = errno;
        close(fd);
        return TT_ERR_IO;
    }
#ifdef SO_NOSIGPIPE
    (void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    /* Requests are small writes followed by a read: no Nagle delay. */
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        s->fd = fd;
        return TT_OK;
    }
    if (errno != EINPROGRESS && errno != EINTR) {
        s->last_errno = errno;
        close(fd);
        return errno == ETIMEDOUT ? TT_ERR_CONNECT_TIMEOUT : TT_ERR_CONNECT;
    }
    w = tt_posix_wait(fd, POLLOUT, deadline);
    if (w == 0) {
        s->last_errno = ETIMEDOUT;
        close(fd);
        return TT_ERR_CONNECT_TIMEOUT;
    }
    if (w < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &slen) < 0) {
        s->last_errno = errno;
        close(fd);
        return TT_ERR_IO;
    }
    if (soerr != 0) {
        s->last_errno = soerr;
        close(fd);
        return soerr == ETIMEDOUT ? TT_ERR_CONNECT_TIMEOUT : TT_ERR_CONNECT;
    }
    s->fd = fd;
    return TT_OK;
}

static int tt_posix_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    tt_posix_socket *s = (tt_posix_socket *)ctx;
    struct addrinfo hints, *res = NULL, *ai;
    char portstr[8];
    uint64_t deadline;
    int rc, worst = TT_ERR_CONNECT, saw_timeout = 0;

    tt_posix_close(s);
    s->last_errno = 0;
    s->last_gai = 0;
    if (!host || !*host)
        return TT_ERR_INVALID_ARG;
    deadline = tt_posix_now_ms() + timeout_ms;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = s->family ? s->family : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV | (s->numeric_only ? AI_NUMERICHOST : 0);
    snprintf(portstr, sizeof portstr, "%u", (unsigned)port);
    rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0) {
        s->last_gai = rc;
        if (rc == EAI_SYSTEM)
            s->last_errno = errno;
        return TT_ERR_DNS;
    }
    /* Each address gets whatever time is left (a black-holed first address
     * can use it all; the later ones then fail fast with a timeout). */
    for (ai = res; ai; ai = ai->ai_next) {
        rc = tt_posix_try(s, ai, deadline);
        if (rc == TT_OK)
            break;
        if (rc == TT_ERR_CONNECT_TIMEOUT)
            saw_timeout = 1;
        else if (rc == TT_ERR_IO)
            worst = rc;
        if (tt_posix_left(deadline) == 0) {
            saw_timeout = 1;
            break;
        }
    }
    freeaddrinfo(res);
    if (s->fd >= 0)
        return TT_OK;
    if (saw_timeout)
        return TT_ERR_CONNECT_TIMEOUT;
    return worst;
}

static int tt_posix_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    tt_posix_socket *s = (tt_posix_socket *)ctx;
    uint64_t deadline = 0; /* set at the first wait: most calls never wait */

    if (s->fd < 0)
        return TT_ERR_NOT_CONNECTED;
    while (len > 0) {
        ssize_t n = send(s->fd, buf, len, TT_SEND_FLAGS);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int w;
            if (deadline == 0)
                deadline = tt_posix_now_ms() + timeout_ms;
            w = tt_posix_wait(s->fd, POLLOUT, deadline);
            if (w == 0)
                return TT_ERR_WRITE_TIMEOUT;
            if (w < 0) {
                s->last_errno = errno;
                return TT_ERR_IO;
            }
            continue;
        }
        s->last_errno = n < 0 ? errno : EPIPE;
        return tt_posix_map_errno(s->last_errno);
    }
    return TT_OK;
}

static int tt_posix_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    tt_posix_socket *s = (tt_posix_socket *)ctx;
    uint64_t deadline = 0; /* set at the first wait: data is often there */

    *got = 0;
    if (s->fd < 0)
        return TT_ERR_NOT_CONNECTED;
    if (cap == 0)
        return TT_ERR_INVALID_ARG;
    for (;;) {
        ssize_t n = recv(s->fd, buf, cap, 0);
        if (n >= 0) {
            *got = (size_t)n; /* 0: orderly shutdown by the peer */
            return TT_OK;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            int w;
            if (deadline == 0)
                deadline = tt_posix_now_ms() + timeout_ms;
            w = tt_posix_wait(s->fd, POLLIN, deadline);
            if (w == 0)
                return TT_ERR_READ_TIMEOUT;
            if (w < 0) {
                s->last_errno = errno;
                return TT_ERR_IO;
            }
            continue;
        }
        s->last_errno = errno;
        return tt_posix_map_errno(errno);
    }
}

void tt_posix_transport_init(tt_posix_socket *s, tt_transport *out)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    out->ctx = s;
    out->connect = tt_posix_connect;
    out->send = tt_posix_send;
    out->recv = tt_posix_recv;
    out->close = tt_posix_close;
}

/* ---- platform ----------------------------------------------------------- */

static uint64_t tt_posix_monotonic(void *ctx)
{
    (void)ctx;
    return tt_posix_now_ms();
}

static int tt_posix_wall(void *ctx, int64_t *epoch_s)
{
    const tt_posix_platform *p = (const tt_posix_platform *)ctx;
    struct timespec ts;
    if (p->unset || clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return TT_ERR_CLOCK_UNSET;
    *epoch_s = (int64_t)ts.tv_sec + p->offset_s;
    return TT_OK;
}

static void tt_posix_sleep(void *ctx, uint32_t ms)
{
    struct timespec req, rem;
    (void)ctx;
    req.tv_sec = (time_t)(ms / 1000u);
    req.tv_nsec = (long)(ms % 1000u) * 1000000L;
    while (nanosleep(&req, &rem) != 0 && errno == EINTR)
        req = rem;
}

static int tt_posix_urandom(uint8_t *out, size_t len)
{
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0)
        return TT_ERR_RANDOM;
    while (len > 0) {
        ssize_t n = read(fd, out, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return TT_ERR_RANDOM;
        }
        out += n;
        len -= (size_t)n;
    }
    close(fd);
    return TT_OK;
}

static int tt_posix_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
#if defined(__linux__)
    while (len > 0) {
        ssize_t n = getrandom(out, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return tt_posix_urandom(out, len); /* old kernel: ENOSYS */
        out += n;
        len -= (size_t)n;
    }
    return TT_OK;
#else
    return tt_posix_urandom(out, len);
#endif
}

void tt_posix_platform_init(tt_posix_platform *p, tt_platform *out)
{
    memset(p, 0, sizeof *p);
    out->ctx = p;
    out->monotonic_ms = tt_posix_monotonic;
    out->wall_clock = tt_posix_wall;
    out->sleep_ms = tt_posix_sleep;
    out->random = tt_posix_random;
}
