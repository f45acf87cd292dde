/*
 * tt_testnet.h - loopback listening sockets for the port tests (header only).
 */
#ifndef TT_TESTNET_H
#define TT_TESTNET_H

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * A TCP socket listening on the loopback address of `family` (AF_INET or
 * AF_INET6) on a free port, stored in *port.  Close-on-exec, so servers the
 * tests fork do not inherit it.  Returns the fd, or -1.
 */
static int tt_test_listen(int family, uint16_t *port, int backlog)
{
    int fd = socket(family, SOCK_STREAM, 0), one = 1;
    struct sockaddr_storage ss;
    socklen_t len;
    if (fd < 0)
        return -1;
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)(void *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    }
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, backlog) != 0) {
        close(fd);
        return -1;
    }
    len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *)(void *)&ss)->sin_port
                                    : ((struct sockaddr_in6 *)(void *)&ss)->sin6_port);
    return fd;
}

#endif /* TT_TESTNET_H */
