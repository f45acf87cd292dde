/* tt_proxy.c - HTTP CONNECT tunnel and proxy environment (see tt_proxy.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tt_base64.h"
#include "tt_proxy.h"

static uint64_t tt_proxy_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint32_t tt_proxy_left(uint64_t deadline)
{
    uint64_t now = tt_proxy_now_ms();
    if (now >= deadline)
        return 0;
    return deadline - now > 0xffffffffu ? 0xffffffffu : (uint32_t)(deadline - now);
}

/* ---- tunnel ---------------------------------------------------------------- */

/* Parse "HTTP/1.x SSS..." (the first line, CR/LF excluded). */
static int tt_proxy_status(const char *line, size_t len)
{
    size_t i = 0;
    int code = 0, k;
    if (len < 12 || memcmp(line, "HTTP/", 5) != 0)
        return -1;
    i = 5;
    while (i < len && line[i] != ' ')
        i++;
    while (i < len && line[i] == ' ')
        i++;
    for (k = 0; k < 3; k++, i++) {
        if (i >= len || line[i] < '0' || line[i] > '9')
            return -1;
        code = code * 10 + (line[i] - '0');
    }
    if (i < len && line[i] != ' ')
        return -1;
    return code;
}

static int tt_proxy_handshake(tt_proxy *p, const char *host, uint16_t port, uint64_t deadline)
{
    char req[TT_PROXY_MAX_HOST * 2 + TT_PROXY_MAX_AUTH + 128];
    char line[64];
    size_t linelen = 0, head = 0, n;
    int v6 = strchr(host, ':') != NULL, rc, nl = 0, in_first = 1;
    unsigned match = 0; /* progress through "\r\n\r\n" ("\n\n" also ends) */

    n = (size_t)snprintf(req, sizeof req, "CONNECT %s%s%s:%u HTTP/1.1\r\nHost: %s%s%s:%u\r\n%s%s%s\r\n",
                         v6 ? "[" : "", host, v6 ? "]" : "", (unsigned)port, v6 ? "[" : "", host,
                         v6 ? "]" : "", (unsigned)port,
                         p->auth_b64 ? "Proxy-Authorization: Basic " : "",
                         p->auth_b64 ? p->auth_b64 : "", p->auth_b64 ? "\r\n" : "");
    if (n >= sizeof req)
        return TT_ERR_INVALID_ARG;
    rc = p->lower->send(p->lower->ctx, (const uint8_t *)req, n, tt_proxy_left(deadline));
    if (rc != TT_OK)
        return rc == TT_ERR_WRITE_TIMEOUT ? TT_ERR_CONNECT_TIMEOUT : rc;

    for (;;) {
        size_t got = 0, i;
        rc = p->lower->recv(p->lower->ctx, p->stash, sizeof p->stash, &got,
                            tt_proxy_left(deadline));
        if (rc != TT_OK)
            return rc == TT_ERR_READ_TIMEOUT ? TT_ERR_CONNECT_TIMEOUT : rc;
        if (got == 0)
            return TT_ERR_PROXY; /* closed before the end of the head */
        for (i = 0; i < got; i++) {
            char c = (char)p->stash[i];
            if (++head > TT_PROXY_MAX_HEAD)
                return TT_ERR_PROXY;
            if (in_first) {
                if (c == '\n') {
                    if (linelen && line[linelen - 1] == '\r')
                        linelen--;
                    p->status = tt_proxy_status(line, linelen);
                    if (p->status < 0) {
                        p->status = 0;
                        return TT_ERR_PROXY;
                    }
                    in_first = 0;
                } else if (linelen < sizeof line) {
                    line[linelen++] = c;
                }
            }
            /* End of head: an empty line. */
            if (c == '\n') {
                if (nl) {
                    match = 1;
                } else {
                    nl = 1;
                    continue;
                }
            } else if (c != '\r') {
                nl = 0;
            }
            if (match) {
                /* Keep what came after the head for recv(). */
                p->stash_off = i + 1;
                p->stash_len = got;
                return p->status >= 200 && p->status <= 299 ? TT_OK : TT_ERR_PROXY;
            }
        }
    }
}

static int tt_proxy_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    tt_proxy *p = (tt_proxy *)ctx;
    uint64_t deadline = tt_proxy_now_ms() + timeout_ms;
    size_t hl;
    int rc;

    p->lower->close(p->lower->ctx);
    p->status = 0;
    p->stash_off = p->stash_len = 0;
    if (!host)
        return TT_ERR_INVALID_ARG;
    hl = strlen(host);
    if (hl == 0 || hl > TT_PROXY_MAX_HOST || strpbrk(host, "\r\n ") != NULL)
        return TT_ERR_INVALID_ARG;
    rc = p->lower->connect(p->lower->ctx, p->proxy_host, p->proxy_port, timeout_ms);
    if (rc != TT_OK)
        return rc;
    rc = tt_proxy_handshake(p, host, port, deadline);
    if (rc != TT_OK) {
        p->stash_off = p->stash_len = 0;
        p->lower->close(p->lower->ctx);
    }
    return rc;
}

static int tt_proxy_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    tt_proxy *p = (tt_proxy *)ctx;
    return p->lower->send(p->lower->ctx, buf, len, timeout_ms);
}

static int tt_proxy_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    tt_proxy *p = (tt_proxy *)ctx;
    if (p->stash_off < p->stash_len && cap > 0) {
        size_t n = p->stash_len - p->stash_off;
        if (n > cap)
            n = cap;
        memcpy(buf, p->stash + p->stash_off, n);
        p->stash_off += n;
        *got = n;
        return TT_OK;
    }
    return p->lower->recv(p->lower->ctx, buf, cap, got, timeout_ms);
}

static void tt_proxy_close(void *ctx)
{
    tt_proxy *p = (tt_proxy *)ctx;
    p->stash_off = p->stash_len = 0;
    p->lower->close(p->lower->ctx);
}

int tt_proxy_transport_init(tt_proxy *p, const tt_transport *lower, const char *proxy_host,
                            uint16_t proxy_port, const char *auth_b64_or_null, tt_transport *out)
{
    if (!p || !lower || !proxy_host || !*proxy_host || !out)
        return TT_ERR_INVALID_ARG;
    if (auth_b64_or_null && (strlen(auth_b64_or_null) >= TT_PROXY_MAX_AUTH ||
                             strpbrk(auth_b64_or_null, "\r\n") != NULL))
        return TT_ERR_INVALID_ARG;
    memset(p, 0, sizeof *p);
    p->lower = lower;
    p->proxy_host = proxy_host;
    p->proxy_port = proxy_port;
    p->auth_b64 = (auth_b64_or_null && *auth_b64_or_null) ? auth_b64_or_null : NULL;
    out->ctx = p;
    out->connect = tt_proxy_connect;
    out->send = tt_proxy_send;
    out->recv = tt_proxy_recv;
    out->close = tt_proxy_close;
    return TT_OK;
}

/* ---- URL and environment ----------------------------------------------------- */

/* Python's unquote(): %XX decoded, a malformed escape kept as is. */
static size_t tt_proxy_unquote(const char *s, size_t n, char *out)
{
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && tt_hex_value(s[i + 1]) >= 0 && tt_hex_value(s[i + 2]) >= 0) {
            out[o++] = (char)(tt_hex_value(s[i + 1]) * 16 + tt_hex_value(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    return o;
}

int tt_proxy_parse_url(const char *url, tt_proxy_url *out)
{
    const char *p, *end, *at, *hp, *hend, *portp = NULL;
    size_t hl;

    memset(out, 0, sizeof *out);
    if (!url)
        return TT_ERR_PROXY;
    /* botocore's _fix_proxy_url: no scheme means http:// */
    if (strncmp(url, "http:", 5) == 0) {
        p = url + 5;
    } else if (strncmp(url, "https:", 6) == 0) {
        p = url + 6;
        out->tls = 1;
    } else if (strncmp(url, "//", 2) == 0) {
        p = url;
    } else if (strstr(url, "://")) {
        return TT_ERR_PROXY; /* socks5:// and friends */
    } else {
        p = NULL;
    }
    if (p) {
        if (strncmp(p, "//", 2) != 0)
            return TT_ERR_PROXY;
        p += 2;
    } else {
        p = url;
    }
    end = p + strcspn(p, "/?#");
    /* userinfo: everything before the last '@' of the netloc */
    at = NULL;
    for (hp = p; hp < end; hp++)
        if (*hp == '@')
            at = hp;
    hp = p;
    if (at) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        if (colon && colon > p && at > colon + 1) {
            char cred[TT_PROXY_MAX_AUTH];
            size_t ul, pl, len;
            if ((size_t)(at - p) >= sizeof cred)
                return TT_ERR_PROXY;
            ul = tt_proxy_unquote(p, (size_t)(colon - p), cred);
            cred[ul] = ':';
            pl = tt_proxy_unquote(colon + 1, (size_t)(at - colon - 1), cred + ul + 1);
            if (tt_base64_encode(cred, ul + 1 + pl, out->auth_b64, sizeof out->auth_b64, &len) !=
                TT_OK) {
                memset(cred, 0, sizeof cred);
                return TT_ERR_PROXY;
            }
            memset(cred, 0, sizeof cred);
        }
        hp = at + 1;
    }
    /* host, [v6], optional :port */
    if (hp < end && *hp == '[') {
        hend = memchr(hp, ']', (size_t)(end - hp));
        if (!hend)
            return TT_ERR_PROXY;
        hp++;
        if (hend + 1 < end) {
            if (hend[1] != ':')
                return TT_ERR_PROXY;
            portp = hend + 2;
        }
    } else {
        const char *c = memchr(hp, ':', (size_t)(end - hp));
        hend = c ? c : end;
        if (c)
            portp = c + 1;
    }
    hl = (size_t)(hend - hp);
    if (hl == 0 || hl > TT_PROXY_MAX_HOST)
        return TT_ERR_PROXY;
    memcpy(out->host, hp, hl);
    out->host[hl] = '\0';
    out->port = out->tls ? 443 : 80;
    if (portp && portp < end) {
        unsigned long v = 0;
        const char *c;
        for (c = portp; c < end; c++) {
            if (*c < '0' || *c > '9')
                return TT_ERR_PROXY;
            v = v * 10 + (unsigned long)(*c - '0');
            if (v > 65535)
                return TT_ERR_PROXY;
        }
        out->port = (uint16_t)v;
    }
    return TT_OK;
}

static int tt_proxy_ieq(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;
    if (an != bn)
        return 0;
    for (i = 0; i < an; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

/* s[0..sn) ends with '.' + name[0..nn) (case-insensitive)? */
static int tt_proxy_dot_suffix(const char *s, size_t sn, const char *name, size_t nn)
{
    return sn > nn && s[sn - nn - 1] == '.' && tt_proxy_ieq(s + sn - nn, nn, name, nn);
}

int tt_proxy_bypass(const char *no_proxy, const char *host, uint16_t port)
{
    char hostonly[TT_PROXY_MAX_HOST + 3], full[TT_PROXY_MAX_HOST + 10];
    size_t hn, fn;
    const char *p;

    if (!no_proxy || !host)
        return 0;
    if (strcmp(no_proxy, "*") == 0)
        return 1;
    if (strlen(host) > TT_PROXY_MAX_HOST)
        return 0;
    /* urllib sees the URL's netloc: "[v6]" in brackets, ":port" if given. */
    if (strchr(host, ':'))
        snprintf(hostonly, sizeof hostonly, "[%s]", host);
    else
        snprintf(hostonly, sizeof hostonly, "%s", host);
    if (port)
        snprintf(full, sizeof full, "%s:%u", hostonly, (unsigned)port);
    else
        snprintf(full, sizeof full, "%s", hostonly);
    hn = strlen(hostonly);
    fn = strlen(full);
    for (p = no_proxy; *p;) {
        const char *e = strchr(p, ',');
        const char *s = p, *t = e ? e : p + strlen(p);
        p = e ? e + 1 : t;
        while (s < t && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' ||
                         *s == '\v'))
            s++;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\n' || t[-1] == '\r' ||
                         t[-1] == '\f' || t[-1] == '\v'))
            t--;
        if (s == t)
            continue;
        while (s < t && *s == '.')
            s++;
        if (tt_proxy_ieq(hostonly, hn, s, (size_t)(t - s)) ||
            tt_proxy_ieq(full, fn, s, (size_t)(t - s)))
            return 1;
        if (tt_proxy_dot_suffix(hostonly, hn, s, (size_t)(t - s)) ||
            tt_proxy_dot_suffix(full, fn, s, (size_t)(t - s)))
            return 1;
    }
    return 0;
}

/* The lower-case variable wins when present (empty there means "none"). */
static const char *tt_proxy_env(const char *lower, const char *upper, int ignore_upper)
{
    const char *v = getenv(lower);
    if (v)
        return *v ? v : NULL;
    if (ignore_upper)
        return NULL;
    v = getenv(upper);
    return v && *v ? v : NULL;
}

int tt_proxy_from_env(int https, const char *host, uint16_t port, tt_proxy_url *out)
{
    const char *url, *no;
    memset(out, 0, sizeof *out);
    if (https)
        url = tt_proxy_env("https_proxy", "HTTPS_PROXY", 0);
    else
        url = tt_proxy_env("http_proxy", "HTTP_PROXY", getenv("REQUEST_METHOD") != NULL);
    if (!url)
        return 0;
    no = tt_proxy_env("no_proxy", "NO_PROXY", 0);
    if (no && tt_proxy_bypass(no, host, port))
        return 0;
    return tt_proxy_parse_url(url, out) == TT_OK ? 1 : TT_ERR_PROXY;
}
