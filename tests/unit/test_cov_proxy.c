/*
 * test_cov_proxy.c - port/posix/tt_proxy.c without a network (found by
 * `make coverage`): the CONNECT exchange against a scripted lower transport
 * (status lines good and bad, a reply split byte by byte, an endless head,
 * timeouts, a close mid-head, data after the head), proxy URL parsing and
 * NO_PROXY matching corner cases.
 */
#include <stdlib.h>
#include <string.h>

#include "tt_proxy.h"
#include "tt_test.h"

typedef struct lower {
    int connect_rc, send_rc, recv_rc;
    const char *feed;
    size_t feed_len, fed, chunk;
    char sent[1024];
    size_t sent_len;
} lower;

static lower L;

static int l_connect(void *ctx, const char *h, uint16_t p, uint32_t t)
{
    (void)ctx;
    (void)h;
    (void)p;
    (void)t;
    return L.connect_rc;
}

static int l_send(void *ctx, const uint8_t *b, size_t n, uint32_t t)
{
    (void)ctx;
    (void)t;
    if (L.send_rc != TT_OK)
        return L.send_rc;
    if (L.sent_len + n < sizeof L.sent) {
        memcpy(L.sent + L.sent_len, b, n);
        L.sent_len += n;
    }
    return TT_OK;
}

static int l_recv(void *ctx, uint8_t *b, size_t cap, size_t *got, uint32_t t)
{
    size_t n;
    (void)ctx;
    (void)t;
    *got = 0;
    if (L.recv_rc != TT_OK)
        return L.recv_rc;
    n = L.feed_len - L.fed;
    if (L.chunk && n > L.chunk)
        n = L.chunk;
    if (n > cap)
        n = cap;
    memcpy(b, L.feed + L.fed, n);
    L.fed += n;
    *got = n;
    return TT_OK;
}

static void l_close(void *ctx)
{
    (void)ctx;
}

static const tt_transport LOWER = {NULL, l_connect, l_send, l_recv, l_close};

static int tunnel(const char *reply, size_t chunk, tt_proxy *p, tt_transport *out)
{
    memset(&L, 0, sizeof L);
    L.feed = reply;
    L.feed_len = reply ? strlen(reply) : 0;
    L.chunk = chunk;
    TT_CHECK_EQ_INT(tt_proxy_transport_init(p, &LOWER, "proxy", 3128, "dXNlcjpwYXNz", out), TT_OK);
    return out->connect(out->ctx, "example.com", 443, 5000);
}

static void test_connect(void)
{
    static char big[5000];
    tt_proxy p;
    tt_transport out;
    uint8_t buf[64];
    size_t got;

    TT_CHECK_EQ_INT(tunnel("HTTP/1.1 200 Connection established\r\n\r\nHELLO", 0, &p, &out), TT_OK);
    TT_CHECK(strstr(L.sent, "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n") != NULL);
    /* bytes after the head come first from recv */
    TT_CHECK_EQ_INT(out.recv(out.ctx, buf, 2, &got, 100), TT_OK);
    TT_CHECK(got == 2 && memcmp(buf, "HE", 2) == 0);
    TT_CHECK_EQ_INT(out.recv(out.ctx, buf, sizeof buf, &got, 100), TT_OK);
    TT_CHECK(got == 3 && memcmp(buf, "LLO", 3) == 0);
    TT_CHECK_EQ_INT(out.send(out.ctx, (const uint8_t *)"x", 1, 100), TT_OK);
    out.close(out.ctx);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.0 200 OK\nX: y\n\n", 1, &p, &out), TT_OK);
    TT_CHECK_EQ_INT(p.status, 200);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.1  204   \r\n\r\n", 3, &p, &out), TT_OK);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", 0, &p, &out),
                    TT_ERR_PROXY);
    TT_CHECK_EQ_INT(p.status, 407);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.1 2000 OK\r\n\r\n", 0, &p, &out), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.1 abc OK\r\n\r\n", 0, &p, &out), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.1\r\n\r\n", 0, &p, &out), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.1 20x OK\r\n\r\n", 0, &p, &out), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tunnel("SSH-2.0-OpenSSH_9.2\r\n\r\n", 0, &p, &out), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tunnel("HTTP/1.1 200 OK\r\n", 0, &p, &out), TT_ERR_PROXY); /* closed */
    memset(big, 'h', sizeof big - 1);
    memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
    TT_CHECK_EQ_INT(tunnel(big, 0, &p, &out), TT_ERR_PROXY); /* endless head */
    /* lower failures */
    memset(&L, 0, sizeof L);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&p, &LOWER, "proxy", 3128, NULL, &out), TT_OK);
    L.recv_rc = TT_ERR_READ_TIMEOUT;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 10), TT_ERR_CONNECT_TIMEOUT);
    L.recv_rc = TT_ERR_CONN_RESET;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 10), TT_ERR_CONN_RESET);
    L.send_rc = TT_ERR_WRITE_TIMEOUT;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 10), TT_ERR_CONNECT_TIMEOUT);
    L.send_rc = TT_ERR_IO;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 10), TT_ERR_IO);
    L.connect_rc = TT_ERR_DNS;
    TT_CHECK_EQ_INT(out.connect(out.ctx, "h", 443, 10), TT_ERR_DNS);
    L.connect_rc = TT_OK;
    TT_CHECK_EQ_INT(out.connect(out.ctx, NULL, 443, 10), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(out.connect(out.ctx, "", 443, 10), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(out.connect(out.ctx, "a b", 443, 10), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(out.connect(out.ctx, "a\r\nX: y", 443, 10), TT_ERR_INVALID_ARG);
    {
        char longhost[300];
        memset(longhost, 'a', sizeof longhost - 1);
        longhost[sizeof longhost - 1] = '\0';
        TT_CHECK_EQ_INT(out.connect(out.ctx, longhost, 443, 10), TT_ERR_INVALID_ARG);
    }
    /* init checks */
    TT_CHECK_EQ_INT(tt_proxy_transport_init(NULL, &LOWER, "p", 1, NULL, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&p, NULL, "p", 1, NULL, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&p, &LOWER, NULL, 1, NULL, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&p, &LOWER, "", 1, NULL, &out), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&p, &LOWER, "p", 1, NULL, NULL), TT_ERR_INVALID_ARG);
    {
        static char auth[TT_PROXY_MAX_AUTH + 10];
        memset(auth, 'A', sizeof auth - 1);
        TT_CHECK_EQ_INT(tt_proxy_transport_init(&p, &LOWER, "p", 1, auth, &out),
                        TT_ERR_INVALID_ARG);
        TT_CHECK_EQ_INT(tt_proxy_transport_init(&p, &LOWER, "p", 1, "", &out), TT_OK);
        TT_CHECK(p.auth_b64 == NULL);
    }
}

static void test_urls(void)
{
    static const char *bad[] = {"socks5://h:1", "http:h:1", "http://", "http://:80",
                                "http://[::1", "http://[::1]x", "http://h:x", "http://h:65536",
                                "http://h:1x", "https:/h"};
    tt_proxy_url u;
    size_t i;
    char longuser[1200];

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        TT_CHECK_EQ_INT(tt_proxy_parse_url(bad[i], &u), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tt_proxy_parse_url(NULL, &u), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("//h:8080", &u), TT_OK);
    TT_CHECK(strcmp(u.host, "h") == 0 && u.port == 8080);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("https://[::1]", &u), TT_OK);
    TT_CHECK(strcmp(u.host, "::1") == 0 && u.port == 443 && u.tls);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://[::1]:3128/x?y#z", &u), TT_OK);
    TT_CHECK_EQ_INT(u.port, 3128);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://u%41:p%zz%4@h:1", &u), TT_OK);
    TT_CHECK_EQ_STR(u.auth_b64, "dUE6cCV6eiU0"); /* "uA:p%zz%4" */
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://:p@h:1", &u), TT_OK);
    TT_CHECK_EQ_STR(u.auth_b64, ""); /* no user: no credentials */
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://u:@h:1", &u), TT_OK);
    TT_CHECK_EQ_STR(u.auth_b64, "");
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://u@h:1", &u), TT_OK);
    TT_CHECK_EQ_STR(u.auth_b64, "");
    memset(longuser, 'u', sizeof longuser);
    memcpy(longuser, "http://", 7);
    memcpy(longuser + sizeof longuser - 8, ":p@h:1", 7);
    TT_CHECK_EQ_INT(tt_proxy_parse_url(longuser, &u), TT_ERR_PROXY);
}

static void test_bypass(void)
{
    char longhost[300];
    TT_CHECK_EQ_INT(tt_proxy_bypass(NULL, "h", 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("h", NULL, 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("*", "h", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass(" \t.example.com \n, ,other", "a.example.com", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("\f\vexample.com\r\v", "EXAMPLE.com", 443), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("example.com:443", "example.com", 443), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("example.com:80", "example.com", 443), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("ample.com", "example.com", 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("[::1]", "::1", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("...", "h", 0), 0);
    memset(longhost, 'a', sizeof longhost - 1);
    longhost[sizeof longhost - 1] = '\0';
    TT_CHECK_EQ_INT(tt_proxy_bypass("a", longhost, 0), 0);
}

static void test_env(void)
{
    tt_proxy_url u;
    unsetenv("https_proxy");
    unsetenv("HTTPS_PROXY");
    unsetenv("http_proxy");
    unsetenv("HTTP_PROXY");
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, "h", 443, &u), 0);
    setenv("HTTPS_PROXY", "http://p:1", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, "h", 443, &u), 1);
    setenv("https_proxy", "", 1); /* lower case wins: empty = none */
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, "h", 443, &u), 0);
    unsetenv("https_proxy");
    setenv("NO_PROXY", "h", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, "h", 443, &u), 0);
    unsetenv("NO_PROXY");
    setenv("HTTPS_PROXY", "socks5://p:1", 1);
    TT_CHECK(tt_proxy_from_env(1, "h", 443, &u) != 1);
    unsetenv("HTTPS_PROXY");
    setenv("HTTP_PROXY", "p:2", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(0, "h", 80, &u), 1);
    TT_CHECK_EQ_INT(u.port, 2);
    unsetenv("HTTP_PROXY");
}

int main(void)
{
    test_connect();
    test_urls();
    test_bypass();
    test_env();
    return tt_test_summary();
}
