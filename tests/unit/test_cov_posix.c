/*
 * test_cov_posix.c - port/posix/tt_posix.c's system-error paths (found by
 * `make coverage`).  The test program defines its own getrandom(), socket(),
 * fcntl(), connect(), nanosleep(), recv() and send(): the linker takes them
 * before libc's, so each can be made to fail on demand (EINTR, ENOSYS,
 * EMFILE, EAFNOSUPPORT, ...); otherwise they pass the call on to the kernel
 * with syscall().  Linux only, like the code under test's getrandom() path.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tt_posix.h"
#include "tt_test.h"
#include "tt_testnet.h"

/* failure knobs: how many next calls fail, and with which errno */
static int f_rand_n, f_rand_errno, f_rand_short;
static int f_socket_n, f_socket_errno;
static int f_fcntl_n;
static int f_connect_mode; /* 1: fail with errno f_connect_errno, 2: succeed at once */
static int f_connect_errno;
static int f_sleep_eintr;
static int f_recv_eintr, f_send_eintr;

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
    if (f_rand_n > 0) {
        f_rand_n--;
        errno = f_rand_errno;
        return -1;
    }
    if (f_rand_short && len > 1) {
        f_rand_short = 0;
        len = 1;
    }
    return (ssize_t)syscall(SYS_getrandom, buf, len, flags);
}

int socket(int domain, int type, int protocol)
{
    if (f_socket_n > 0) {
        f_socket_n--;
        errno = f_socket_errno;
        return -1;
    }
    return (int)syscall(SYS_socket, domain, type, protocol);
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    long arg;
    va_start(ap, cmd);
    arg = va_arg(ap, long);
    va_end(ap);
    if (f_fcntl_n > 0 && cmd == F_GETFL) {
        f_fcntl_n--;
        errno = EBADF;
        return -1;
    }
    return (int)syscall(SYS_fcntl, fd, cmd, arg);
}

int connect(int fd, const struct sockaddr *a, socklen_t n)
{
    if (f_connect_mode == 1) {
        errno = f_connect_errno;
        return -1;
    }
    if (f_connect_mode == 2) {
        /* a blocking connect to the listener, reported as done at once */
        long fl = syscall(SYS_fcntl, fd, F_GETFL, 0);
        int rc;
        syscall(SYS_fcntl, fd, F_SETFL, fl & ~(long)O_NONBLOCK);
        rc = (int)syscall(SYS_connect, fd, a, n);
        syscall(SYS_fcntl, fd, F_SETFL, fl);
        return rc;
    }
    return (int)syscall(SYS_connect, fd, a, n);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (f_sleep_eintr > 0) {
        f_sleep_eintr--;
        if (rem)
            *rem = *req;
        errno = EINTR;
        return -1;
    }
    return (int)syscall(SYS_nanosleep, req, rem);
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    if (f_recv_eintr > 0) {
        f_recv_eintr--;
        errno = EINTR;
        return -1;
    }
    return (ssize_t)syscall(SYS_recvfrom, fd, buf, n, flags, NULL, NULL);
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    if (f_send_eintr > 0) {
        f_send_eintr--;
        errno = EINTR;
        return -1;
    }
    return (ssize_t)syscall(SYS_sendto, fd, buf, n, flags, NULL, 0);
}

static void test_platform(void)
{
    tt_posix_platform pp;
    tt_platform p;
    uint8_t b[64], zero[64];
    int64_t now;

    memset(zero, 0, sizeof zero);
    tt_posix_platform_init(&pp, &p);
    /* getrandom: interrupted, then short, then missing (ENOSYS: /dev/urandom) */
    f_rand_n = 1;
    f_rand_errno = EINTR;
    memset(b, 0, sizeof b);
    TT_CHECK_EQ_INT(p.random(p.ctx, b, sizeof b), TT_OK);
    TT_CHECK(memcmp(b, zero, sizeof b) != 0);
    f_rand_short = 1;
    TT_CHECK_EQ_INT(p.random(p.ctx, b, sizeof b), TT_OK);
    f_rand_n = 1;
    f_rand_errno = ENOSYS;
    memset(b, 0, sizeof b);
    TT_CHECK_EQ_INT(p.random(p.ctx, b, sizeof b), TT_OK);
    TT_CHECK(memcmp(b, zero, sizeof b) != 0);
    /* sleep resumes after EINTR */
    f_sleep_eintr = 2;
    p.sleep_ms(p.ctx, 1);
    TT_CHECK_EQ_INT(f_sleep_eintr, 0);
    pp.unset = 1;
    TT_CHECK_EQ_INT(p.wall_clock(p.ctx, &now), TT_ERR_CLOCK_UNSET);
}

static void test_socket(void)
{
    tt_posix_socket s;
    tt_transport t;
    uint16_t port = 0;
    int lfd = tt_test_listen(AF_INET, &port, 8), c;
    uint8_t buf[8];
    size_t got;

    TT_CHECK(lfd >= 0);
    tt_posix_transport_init(&s, &t);
    TT_CHECK_EQ_INT(t.connect(t.ctx, "", port, 1000), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(t.connect(t.ctx, NULL, port, 1000), TT_ERR_INVALID_ARG);
    f_socket_n = 1;
    f_socket_errno = EAFNOSUPPORT;
    TT_CHECK_EQ_INT(t.connect(t.ctx, "127.0.0.1", port, 1000), TT_ERR_CONNECT);
    f_socket_n = 1;
    f_socket_errno = EMFILE;
    TT_CHECK_EQ_INT(t.connect(t.ctx, "127.0.0.1", port, 1000), TT_ERR_IO);
    TT_CHECK_EQ_INT(s.last_errno, EMFILE);
    f_fcntl_n = 1;
    TT_CHECK_EQ_INT(t.connect(t.ctx, "127.0.0.1", port, 1000), TT_ERR_IO);
    f_connect_mode = 1;
    f_connect_errno = ETIMEDOUT;
    TT_CHECK_EQ_INT(t.connect(t.ctx, "127.0.0.1", port, 1000), TT_ERR_CONNECT_TIMEOUT);
    f_connect_errno = ENETUNREACH;
    TT_CHECK_EQ_INT(t.connect(t.ctx, "127.0.0.1", port, 1000), TT_ERR_CONNECT);
    /* an immediate connect, then EINTR on both directions */
    f_connect_mode = 2;
    TT_CHECK_EQ_INT(t.connect(t.ctx, "127.0.0.1", port, 1000), TT_OK);
    f_connect_mode = 0;
    c = accept(lfd, NULL, NULL);
    TT_CHECK(c >= 0);
    f_send_eintr = 1;
    TT_CHECK_EQ_INT(t.send(t.ctx, (const uint8_t *)"ping", 4, 1000), TT_OK);
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, 0, &got, 10), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT((int)write(c, "pong", 4), 4);
    f_recv_eintr = 1;
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, sizeof buf, &got, 1000), TT_OK);
    TT_CHECK_EQ_INT(got, 4);
    t.close(t.ctx);
    TT_CHECK_EQ_INT(t.send(t.ctx, buf, 1, 10), TT_ERR_NOT_CONNECTED);
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, 1, &got, 10), TT_ERR_NOT_CONNECTED);
    close(c);
    close(lfd);
}

int main(void)
{
    test_platform();
    test_socket();
    return tt_test_summary();
}
