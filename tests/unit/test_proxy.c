/*
 * test_proxy.c - port/posix/tt_proxy: proxy URL / environment rules and the
 * CONNECT tunnel through a small Python proxy on 127.0.0.1 (started here,
 * killed at the end).  The proxy relays only to listeners this test makes
 * on 127.0.0.1 / ::1; its special target names (*.test) never resolve.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tt_posix.h"
#include "tt_proxy.h"
#include "tt_test.h"
#include "tt_testnet.h"

static const char *proxy_py =
    "import socket, sys, os, signal, threading, time\n"
    "signal.signal(signal.SIGTERM, lambda *a: os._exit(0))\n"
    "ls = socket.socket(fileno=3)\n"
    "log = sys.argv[1]\n"
    "def pump(a, b):\n"
    "    try:\n"
    "        while True:\n"
    "            d = a.recv(65536)\n"
    "            if not d: break\n"
    "            b.sendall(d)\n"
    "    except Exception: pass\n"
    "    try: b.shutdown(socket.SHUT_WR)\n"
    "    except Exception: pass\n"
    "def handle(c):\n"
    "    head = b''\n"
    "    while not head.endswith(b'\\r\\n\\r\\n'):\n"
    "        d = c.recv(1)\n"
    "        if not d:\n"
    "            c.close(); return\n"
    "        head += d\n"
    "    with open(log, 'ab') as f: f.write(head)\n"
    "    target = head.split(b'\\r\\n')[0].split(b' ')[1].decode()\n"
    "    host, port = target.rsplit(':', 1)\n"
    "    host = host.strip('[]')\n"
    "    if host == 'deny.test':\n"
    "        c.sendall(b'HTTP/1.1 403 Forbidden\\r\\nContent-Length: 0\\r\\n\\r\\n'); c.close(); return\n"
    "    if host == 'garbage.test':\n"
    "        c.sendall(b'SSH-2.0-OpenSSH_9.2\\r\\n\\r\\n'); c.close(); return\n"
    "    if host == 'slow.test':\n"
    "        time.sleep(30); return\n"
    "    if host == 'auth.test':\n"
    "        if b'\\r\\nProxy-Authorization: Basic dXNlcjpwYXNz\\r\\n' in head:\n"
    "            c.sendall(b'HTTP/1.0 200 OK\\r\\n\\r\\n')\n"
    "        else:\n"
    "            c.sendall(b'HTTP/1.1 407 Proxy Authentication Required\\r\\n'\n"
    "                      b'Proxy-Authenticate: Basic realm=\"t\"\\r\\n\\r\\n')\n"
    "        c.close(); return\n"
    "    if host == 'early.test':\n"
    "        c.sendall(b'HTTP/1.1 200 Connection established\\r\\n\\r\\nEARLY'); c.close(); return\n"
    "    try: u = socket.create_connection((host, int(port)))\n"
    "    except Exception:\n"
    "        c.sendall(b'HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n'); c.close(); return\n"
    "    c.sendall(b'HTTP/1.1 200 Connection established\\r\\nProxy-Agent: tt\\r\\n\\r\\n')\n"
    "    t = threading.Thread(target=pump, args=(u, c), daemon=True); t.start()\n"
    "    pump(c, u); t.join(); u.close(); c.close()\n"
    "while True:\n"
    "    c, _ = ls.accept()\n"
    "    threading.Thread(target=handle, args=(c,), daemon=True).start()\n";

static void test_parse_url(void)
{
    tt_proxy_url u;
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://proxy.local:3128", &u), TT_OK);
    TT_CHECK_EQ_STR(u.host, "proxy.local");
    TT_CHECK_EQ_INT(u.port, 3128);
    TT_CHECK_EQ_INT(u.tls, 0);
    TT_CHECK_EQ_STR(u.auth_b64, "");
    TT_CHECK_EQ_INT(tt_proxy_parse_url("proxy.local:8080", &u), TT_OK);
    TT_CHECK_EQ_STR(u.host, "proxy.local");
    TT_CHECK_EQ_INT(u.port, 8080);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("//10.0.0.1:1", &u), TT_OK);
    TT_CHECK_EQ_STR(u.host, "10.0.0.1");
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://proxy/", &u), TT_OK);
    TT_CHECK_EQ_INT(u.port, 80);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("https://proxy", &u), TT_OK);
    TT_CHECK_EQ_INT(u.port, 443);
    TT_CHECK_EQ_INT(u.tls, 1);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://user:pass@127.0.0.1:3128", &u), TT_OK);
    TT_CHECK_EQ_STR(u.auth_b64, "dXNlcjpwYXNz");
    TT_CHECK_EQ_STR(u.host, "127.0.0.1");
    /* percent-decoded credentials, IPv6 host, path ignored */
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://us%40er:p%3Ass@[::1]:3128/x?y", &u), TT_OK);
    TT_CHECK_EQ_STR(u.host, "::1");
    TT_CHECK_EQ_INT(u.port, 3128);
    TT_CHECK_EQ_STR(u.auth_b64, "dXNAZXI6cDpzcw=="); /* "us@er:p:ss" */
    /* botocore needs both user and password */
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://user@p:1", &u), TT_OK);
    TT_CHECK_EQ_STR(u.auth_b64, "");
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://:pw@p:1", &u), TT_OK);
    TT_CHECK_EQ_STR(u.auth_b64, "");
    TT_CHECK_EQ_STR(u.host, "p");
    TT_CHECK_EQ_INT(tt_proxy_parse_url("socks5://p:1080", &u), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://p:99999", &u), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://p:abc", &u), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://", &u), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tt_proxy_parse_url("http://[::1", &u), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(tt_proxy_parse_url(NULL, &u), TT_ERR_PROXY);
}

static void test_bypass(void)
{
    TT_CHECK_EQ_INT(tt_proxy_bypass("*", "anything.example", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("example.com", "api.example.com", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("example.com", "example.com", 443), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("example.com", "notexample.com", 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass(".example.com", "example.com", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass(" foo.org , EXAMPLE.com ", "X.Example.COM", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("foo.org,,bar.org", "example.com", 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("127.0.0.1,localhost", "127.0.0.1", 8443), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("localhost:8080", "localhost", 8080), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("localhost:8080", "localhost", 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("localhost:8080", "localhost", 9090), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("10.0.0.0/8", "10.1.2.3", 0), 0); /* no CIDR */
    TT_CHECK_EQ_INT(tt_proxy_bypass("*.example.com", "a.example.com", 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass("[::1]", "::1", 0), 1);
    TT_CHECK_EQ_INT(tt_proxy_bypass("", "example.com", 0), 0);
    TT_CHECK_EQ_INT(tt_proxy_bypass(NULL, "example.com", 0), 0);
}

static void clear_env(void)
{
    static const char *vars[] = {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY",
                                 "no_proxy",    "NO_PROXY",    "REQUEST_METHOD"};
    size_t i;
    for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
}

static void test_env(void)
{
    tt_proxy_url u;
    const char *host = "mturk-requester.us-east-1.amazonaws.com";

    clear_env();
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), 0);
    setenv("HTTPS_PROXY", "http://127.0.0.1:3128", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), 1);
    TT_CHECK_EQ_STR(u.host, "127.0.0.1");
    TT_CHECK_EQ_INT(u.port, 3128);
    TT_CHECK_EQ_INT(tt_proxy_from_env(0, host, 0, &u), 0); /* http endpoint: HTTP_PROXY */
    setenv("https_proxy", "", 1); /* empty lower-case: none */
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), 0);
    setenv("https_proxy", "lower:1", 1); /* lower-case wins */
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), 1);
    TT_CHECK_EQ_STR(u.host, "lower");
    setenv("NO_PROXY", "amazonaws.com", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), 0);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, "example.org", 0, &u), 1);
    setenv("no_proxy", "", 1); /* empty lower-case hides NO_PROXY */
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), 1);
    setenv("no_proxy", "*", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), 0);
    clear_env();
    setenv("HTTP_PROXY", "http://p:8080", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(0, "127.0.0.1", 5000, &u), 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, "127.0.0.1", 5000, &u), 0);
    setenv("REQUEST_METHOD", "GET", 1); /* CGI: upper-case HTTP_PROXY ignored */
    TT_CHECK_EQ_INT(tt_proxy_from_env(0, "127.0.0.1", 5000, &u), 0);
    setenv("http_proxy", "http://q:8080", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(0, "127.0.0.1", 5000, &u), 1);
    TT_CHECK_EQ_STR(u.host, "q");
    clear_env();
    setenv("HTTPS_PROXY", "socks5://p:1080", 1);
    TT_CHECK_EQ_INT(tt_proxy_from_env(1, host, 0, &u), TT_ERR_PROXY);
    clear_env();
}

static char g_log[64];

/* Does the proxy's log contain `s`? */
static int log_has(const char *s)
{
    char buf[8192];
    size_t n;
    FILE *f = fopen(g_log, "rb");
    if (!f)
        return 0;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strstr(buf, s) != NULL;
}

static void test_tunnel(uint16_t pport)
{
    tt_posix_socket sock;
    tt_transport tcp, t;
    tt_proxy px;
    uint16_t tport, tport6;
    int tfd = tt_test_listen(AF_INET, &tport, 16), tfd6 = tt_test_listen(AF_INET6, &tport6, 16), c;
    uint8_t buf[64];
    size_t got = 0;
    char expect[128];
    ssize_t n;

    tt_posix_transport_init(&sock, &tcp);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&px, &tcp, "127.0.0.1", pport, NULL, &t), TT_OK);

    /* Tunnel to a listener of ours, data both ways. */
    TT_CHECK_EQ_INT(t.connect(t.ctx, "127.0.0.1", tport, 5000), TT_OK);
    TT_CHECK_EQ_INT(px.status, 200);
    snprintf(expect, sizeof expect,
             "CONNECT 127.0.0.1:%u HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n", tport, tport);
    TT_CHECK(log_has(expect));
    c = accept(tfd, NULL, NULL);
    TT_CHECK(c >= 0);
    TT_CHECK_EQ_INT(t.send(t.ctx, (const uint8_t *)"hello", 5, 5000), TT_OK);
    n = read(c, buf, sizeof buf);
    TT_CHECK_EQ_MEM(buf, n > 0 ? (size_t)n : 0, "hello", 5);
    n = write(c, "world", 5);
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, sizeof buf, &got, 5000), TT_OK);
    TT_CHECK_EQ_MEM(buf, got, "world", 5);
    close(c);
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, sizeof buf, &got, 5000), TT_OK);
    TT_CHECK_EQ_INT(got, 0);
    t.close(t.ctx);

    /* IPv6 target: bracketed in the request line and Host. */
    if (tfd6 >= 0) {
        TT_CHECK_EQ_INT(t.connect(t.ctx, "::1", tport6, 5000), TT_OK);
        snprintf(expect, sizeof expect, "CONNECT [::1]:%u HTTP/1.1\r\nHost: [::1]:%u\r\n\r\n",
                 tport6, tport6);
        TT_CHECK(log_has(expect));
        c = accept(tfd6, NULL, NULL);
        TT_CHECK(c >= 0);
        close(c);
        t.close(t.ctx);
    }

    /* Refusals and broken proxies. */
    TT_CHECK_EQ_INT(t.connect(t.ctx, "deny.test", 443, 5000), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(px.status, 403);
    TT_CHECK_EQ_INT(sock.fd, -1); /* closed after a refusal */
    TT_CHECK_EQ_INT(t.connect(t.ctx, "garbage.test", 443, 5000), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(px.status, 0);
    TT_CHECK_EQ_INT(t.connect(t.ctx, "auth.test", 443, 5000), TT_ERR_PROXY);
    TT_CHECK_EQ_INT(px.status, 407);
    TT_CHECK_EQ_INT(t.connect(t.ctx, "slow.test", 443, 300), TT_ERR_CONNECT_TIMEOUT);
    TT_CHECK_EQ_INT(t.connect(t.ctx, "bad host", 443, 300), TT_ERR_INVALID_ARG);

    /* Bytes the proxy sent right after its head reach recv(). */
    TT_CHECK_EQ_INT(t.connect(t.ctx, "early.test", 443, 5000), TT_OK);
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, 3, &got, 5000), TT_OK);
    TT_CHECK_EQ_MEM(buf, got, "EAR", 3);
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, sizeof buf, &got, 5000), TT_OK);
    TT_CHECK_EQ_MEM(buf, got, "LY", 2);
    TT_CHECK_EQ_INT(t.recv(t.ctx, buf, sizeof buf, &got, 5000), TT_OK);
    TT_CHECK_EQ_INT(got, 0);
    t.close(t.ctx);

    /* With credentials. */
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&px, &tcp, "127.0.0.1", pport, "dXNlcjpwYXNz", &t),
                    TT_OK);
    TT_CHECK_EQ_INT(t.connect(t.ctx, "auth.test", 443, 5000), TT_OK);
    TT_CHECK_EQ_INT(px.status, 200);
    TT_CHECK(log_has("CONNECT auth.test:443 HTTP/1.1\r\nHost: auth.test:443\r\n"
                     "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n"));
    t.close(t.ctx);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&px, &tcp, "127.0.0.1", pport, "a\r\nb", &t),
                    TT_ERR_INVALID_ARG);

    /* Proxy not listening: the socket's code. */
    close(tfd);
    TT_CHECK_EQ_INT(tt_proxy_transport_init(&px, &tcp, "127.0.0.1", tport, NULL, &t), TT_OK);
    TT_CHECK_EQ_INT(t.connect(t.ctx, "example.test", 443, 2000), TT_ERR_CONNECT);
    t.close(t.ctx);
    if (tfd6 >= 0)
        close(tfd6);
}

int main(void)
{
    char dir[32] = "/tmp/tt_proxy_XXXXXX";
    uint16_t pport = 0;
    int lfd;
    pid_t pid = -1;

    test_parse_url();
    test_bypass();
    test_env();

    if (!TT_CHECK(mkdtemp(dir) != NULL))
        return tt_test_summary();
    snprintf(g_log, sizeof g_log, "%s/log", dir);
    lfd = tt_test_listen(AF_INET, &pport, 16);
    TT_CHECK(lfd >= 0);
    if (lfd >= 0) {
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            if (lfd == 3)
                (void)fcntl(lfd, F_SETFD, 0);
            else
                dup2(lfd, 3);
            execl("/usr/bin/python3", "python3", "-c", proxy_py, g_log, (char *)NULL);
            _exit(127);
        }
        close(lfd);
        test_tunnel(pport);
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    unlink(g_log);
    rmdir(dir);
    return tt_test_summary();
}
