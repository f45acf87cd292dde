/*
 * tt_cli_run.c - run-time pieces of the tinyturk CLI (see tt_cli_run.h).
 */
#define _GNU_SOURCE /* fopencookie: the lazily started pager behind a FILE */

#include "tt_cli_run.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tt_tls.h"

/* ------------------------------------------------------------------------
 * small helpers
 * ------------------------------------------------------------------------ */

static void cpy(char *dst, size_t cap, const char *src, size_t n)
{
    if (cap == 0)
        return;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* ------------------------------------------------------------------------
 * endpoint
 * ------------------------------------------------------------------------ */

int tt_cli_region_valid(const char *r)
{
    /* ^[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?$ */
    size_t n = strlen(r), i;
    if (n == 0 || n > 63)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)r[i];
        if (!isalnum(c) && !(c == '-' && i > 0 && i + 1 < n))
            return 0;
    }
    return 1;
}

/* regionRegex "^<prefix>\-\w+\-\d+$" of botocore's partitions.json. */
static int region_like(const char *r, const char *prefix)
{
    size_t pl = strlen(prefix);
    const char *p, *last;
    if (strncmp(r, prefix, pl) != 0 || r[pl] != '-')
        return 0;
    p = r + pl + 1;
    last = strrchr(p, '-');
    if (!last || last == p || !last[1])
        return 0;
    for (; p < last; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return 0;
    for (p = last + 1; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return 1;
}

int tt_cli_endpoint_from_region(const char *region, int fips, int dualstack, tt_cli_endpoint *ep,
                                char *msg, size_t msglen)
{
    /* The partitions the CLI's endpoint rule set knows (aws is the default). */
    const char *suffix = "amazonaws.com", *ds_suffix = "api.aws";
    int ds_ok = 1;
    int n;
    memset(ep, 0, sizeof *ep);
    if (!strcmp(region, "cn-north-1") || !strcmp(region, "cn-northwest-1")
        || region_like(region, "cn")) {
        suffix = "amazonaws.com.cn";
        ds_suffix = "api.amazonwebservices.com.cn";
    } else if (region_like(region, "us-iso")) {
        suffix = ds_suffix = "c2s.ic.gov";
        ds_ok = 0;
    } else if (region_like(region, "us-isob")) {
        suffix = ds_suffix = "sc2s.sgov.gov";
        ds_ok = 0;
    }
    if (fips && dualstack) {
        if (!ds_ok) {
            snprintf(msg, msglen, "FIPS and DualStack are enabled, but this partition does not "
                                  "support one or both");
            return 255;
        }
        n = snprintf(ep->host, sizeof ep->host, "mturk-requester-fips.%s.%s", region, ds_suffix);
    } else if (fips) {
        n = snprintf(ep->host, sizeof ep->host, "mturk-requester-fips.%s.%s", region, suffix);
    } else if (dualstack) {
        if (!ds_ok) {
            snprintf(msg, msglen, "DualStack is enabled but this partition does not support "
                                  "DualStack");
            return 255;
        }
        n = snprintf(ep->host, sizeof ep->host, "mturk-requester.%s.%s", region, ds_suffix);
    } else if (!strcmp(region, "sandbox")) {
        n = snprintf(ep->host, sizeof ep->host, "mturk-requester-sandbox.us-east-1.amazonaws.com");
    } else {
        n = snprintf(ep->host, sizeof ep->host, "mturk-requester.%s.%s", region, suffix);
    }
    if (n < 0 || (size_t)n >= sizeof ep->host) {
        snprintf(msg, msglen, "Provided region_name '%s' doesn't match a supported format.", region);
        return 255;
    }
    for (n = 0; ep->host[n]; n++)
        ep->host[n] = (char)tolower((unsigned char)ep->host[n]);
    ep->port = 443;
    ep->https = 1;
    snprintf(ep->url, sizeof ep->url, "https://%s/", ep->host);
    cpy(ep->path, sizeof ep->path, "/", 1);
    cpy(ep->region, sizeof ep->region, region, strlen(region));
    return 0;
}

/* One DNS label run of botocore's is_valid_endpoint_url() regex:
 * ^((?!-)[A-Z\d-]{1,63}(?<!-)\.)*((?!-)[A-Z\d-]{1,63}(?<!-))$ (one trailing
 * dot allowed). */
static int hostname_valid(const char *h, size_t n)
{
    size_t i = 0;
    if (n && h[n - 1] == '.')
        n--;
    if (n == 0 || n > 255)
        return 0;
    while (i < n) {
        size_t s = i;
        while (i < n && h[i] != '.') {
            unsigned char c = (unsigned char)h[i];
            if (!isalnum(c) && c != '-')
                return 0;
            i++;
        }
        if (i == s || i - s > 63 || h[s] == '-' || h[i - 1] == '-')
            return 0;
        if (i < n)
            i++; /* the dot */
        if (i == n && h[n - 1] == '.')
            return 0; /* "a..b" style empty label at the end */
    }
    return 1;
}

int tt_cli_endpoint_from_url(const char *url, const char *region, tt_cli_endpoint *ep, char *msg,
                             size_t msglen)
{
    const char *p = url, *colon, *netloc, *nl_end, *path, *path_end, *query = NULL, *frag = NULL;
    const char *hs, *he, *ps = NULL, *pe = NULL, *at;
    char scheme[16];
    size_t sl, i;
    long port = 0;

    memset(ep, 0, sizeof *ep);
    cpy(ep->region, sizeof ep->region, region ? region : "", region ? strlen(region) : 0);
    if (strpbrk(url, "\t\r\n"))
        goto invalid;
    /* urlsplit: scheme = leading [A-Za-z][A-Za-z0-9+.-]* before ':' */
    colon = strchr(p, ':');
    if (!colon || colon == p || !isalpha((unsigned char)*p))
        goto invalid;
    for (i = 0; p + i < colon; i++)
        if (!isalnum((unsigned char)p[i]) && !strchr("+-.", p[i]))
            goto invalid;
    sl = (size_t)(colon - p);
    if (sl >= sizeof scheme)
        goto invalid;
    for (i = 0; i < sl; i++)
        scheme[i] = (char)tolower((unsigned char)p[i]);
    scheme[sl] = 0;
    if (!strcmp(scheme, "https"))
        ep->https = 1;
    else if (strcmp(scheme, "http") != 0)
        goto invalid;
    if (colon[1] != '/' || colon[2] != '/')
        goto invalid; /* no netloc, no hostname */
    netloc = colon + 3;
    nl_end = netloc + strcspn(netloc, "/?#");
    path = nl_end;
    path_end = path + strcspn(path, "?#");
    if (*path_end == '?') {
        query = path_end + 1;
        frag = strchr(query, '#');
    } else if (*path_end == '#') {
        frag = path_end + 1;
    }
    /* hostname: after the last '@' of the netloc, brackets for IPv6 */
    hs = netloc;
    for (at = netloc; at < nl_end; at++)
        if (*at == '@')
            hs = at + 1;
    if (hs < nl_end && *hs == '[') {
        const char *rb = memchr(hs, ']', (size_t)(nl_end - hs));
        uint8_t ip[16];
        char tmp[64];
        if (!rb || (size_t)(rb - hs - 1) >= sizeof tmp)
            goto invalid;
        memcpy(tmp, hs + 1, (size_t)(rb - hs - 1));
        tmp[rb - hs - 1] = 0;
        if (tt_tls_parse_ip(tmp, ip) != 16)
            goto invalid;
        cpy(ep->host, sizeof ep->host, tmp, strlen(tmp));
        ep->ipv6 = 1;
        he = rb + 1;
        if (he < nl_end) {
            if (*he != ':')
                goto invalid;
            ps = he + 1;
            pe = nl_end;
        }
    } else {
        he = memchr(hs, ':', (size_t)(nl_end - hs));
        if (he) {
            ps = he + 1;
            pe = nl_end;
        } else {
            he = nl_end;
        }
        if (!hostname_valid(hs, (size_t)(he - hs)) || (size_t)(he - hs) >= sizeof ep->host)
            goto invalid;
        for (i = 0; hs + i < he; i++)
            ep->host[i] = (char)tolower((unsigned char)hs[i]);
        ep->host[i] = 0;
    }
    if (ps && ps < pe) {
        for (at = ps; at < pe; at++) {
            if (!isdigit((unsigned char)*at))
                goto invalid;
            port = port * 10 + (*at - '0');
            if (port > 65535)
                goto invalid;
        }
        if (port == 0)
            goto invalid;
        ep->port_explicit = 1;
    }
    ep->port = (uint16_t)(port ? port : (ep->https ? 443 : 80));

    /* botocore's _urljoin(endpoint, "/"): the URL's own path, or "/" */
    {
        int n = snprintf(ep->url, sizeof ep->url, "%s://%.*s%.*s%s%.*s%s%s", scheme,
                         (int)(nl_end - netloc), netloc,
                         path_end > path ? (int)(path_end - path) : 1,
                         path_end > path ? path : "/", query ? "?" : "",
                         query ? (int)((frag ? frag - 1 : query + strlen(query)) - query) : 0,
                         query ? query : "", frag ? "#" : "", frag ? frag : "");
        if (n < 0 || (size_t)n >= sizeof ep->url)
            goto invalid;
    }
    /* The request path, as botocore posts to it.  Difference: a query string
     * (which botocore would send and sign unencoded) and a path that needs
     * percent-encoding are refused rather than sent somewhere else. */
    if (path_end == path) {
        cpy(ep->path, sizeof ep->path, "/", 1);
    } else {
        for (at = path; at < path_end; at++)
            if ((unsigned char)*at <= ' ' || (unsigned char)*at >= 0x7f)
                break;
        if (at < path_end || (query && *query)) {
            snprintf(msg, msglen,
                     "tinyturk: endpoint URLs with a query or with a path that needs "
                     "percent-encoding are not supported: %s", url);
            return 255;
        }
        cpy(ep->path, sizeof ep->path, path, (size_t)(path_end - path));
    }
    return 0;
invalid:
    snprintf(msg, msglen, "Invalid endpoint: %s", url);
    return 255;
}

/* ------------------------------------------------------------------------
 * texts
 * ------------------------------------------------------------------------ */

struct sbuf {
    char *p;
    size_t cap, len;
};

static void sb_addn(struct sbuf *b, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++, b->len++)
        if (b->len + 1 < b->cap)
            b->p[b->len] = s[i];
    if (b->cap)
        b->p[b->len < b->cap ? b->len : b->cap - 1] = 0;
}

static void sb_adds(struct sbuf *b, const char *s)
{
    sb_addn(b, s, strlen(s));
}

/* Decode one UTF-8 sequence; returns its length (1 for an invalid byte,
 * *cp = 0xFFFFFFFF then). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len, i;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        *cp = 0xFFFFFFFFu;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFFFFFFu;
        return 1;
    }
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFFFFFFu;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    *cp = v;
    return len;
}

size_t tt_cli_py_repr(const char *s, size_t n, char *out, size_t cap)
{
    struct sbuf b;
    const unsigned char *u = (const unsigned char *)s;
    char quote = '\'';
    size_t i;
    b.p = out;
    b.cap = cap;
    b.len = 0;
    if (cap)
        out[0] = 0;
    if (memchr(s, '\'', n) && !memchr(s, '"', n))
        quote = '"';
    sb_addn(&b, &quote, 1);
    for (i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_next(u + i, n - i, &cp);
        char esc[16];
        if (cp == '\\' || cp == (uint32_t)quote) {
            esc[0] = '\\';
            esc[1] = (char)cp;
            sb_addn(&b, esc, 2);
        } else if (cp == '\t') {
            sb_adds(&b, "\\t");
        } else if (cp == '\n') {
            sb_adds(&b, "\\n");
        } else if (cp == '\r') {
            sb_adds(&b, "\\r");
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD) {
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned)cp);
            sb_adds(&b, esc);
        } else if (cp == 0xFFFFFFFFu) {
            /* invalid byte: Python would hold a surrogate escape */
            snprintf(esc, sizeof esc, "\\udc%02x", (unsigned)u[i]);
            sb_adds(&b, esc);
        } else if ((cp >= 0x2028 && cp <= 0x2029) || cp == 0xFEFF) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
            sb_adds(&b, esc);
        } else {
            sb_addn(&b, s + i, k);
        }
        i += k;
    }
    sb_addn(&b, &quote, 1);
    return b.len;
}

void tt_cli_proxy_display(const char *proxy_url, char *out, size_t cap)
{
    /* _fix_proxy_url(): scheme added when missing */
    char fixed[1024], res[1024];
    const char *nl, *at, *end, *colon;
    char user[256], pass[256];
    size_t ul = 0, pl = 0;
    if (!strncmp(proxy_url, "http:", 5) || !strncmp(proxy_url, "https:", 6))
        snprintf(fixed, sizeof fixed, "%s", proxy_url);
    else if (!strncmp(proxy_url, "//", 2))
        snprintf(fixed, sizeof fixed, "http:%s", proxy_url);
    else
        snprintf(fixed, sizeof fixed, "http://%s", proxy_url);
    /* mask_proxy_url(): str.replace(username, '***', 1), then the password */
    nl = strstr(fixed, "//");
    nl = nl ? nl + 2 : fixed;
    end = nl + strcspn(nl, "/?#");
    at = NULL;
    {
        const char *q;
        for (q = nl; q < end; q++)
            if (*q == '@')
                at = q;
    }
    if (at) {
        colon = memchr(nl, ':', (size_t)(at - nl));
        ul = (size_t)((colon ? colon : at) - nl);
        if (ul >= sizeof user)
            ul = sizeof user - 1;
        memcpy(user, nl, ul);
        user[ul] = 0;
        if (colon) {
            pl = (size_t)(at - colon - 1);
            if (pl >= sizeof pass)
                pl = sizeof pass - 1;
            memcpy(pass, colon + 1, pl);
            pass[pl] = 0;
        }
    }
    snprintf(res, sizeof res, "%s", fixed);
    if (ul) {
        char *hit = strstr(res, user);
        if (hit) {
            char tail[1024];
            snprintf(tail, sizeof tail, "%s", hit + ul);
            snprintf(hit, sizeof res - (size_t)(hit - res), "***%s", tail);
        }
    }
    if (pl) {
        char *hit = strstr(res, pass);
        if (hit) {
            char tail[1024];
            snprintf(tail, sizeof tail, "%s", hit + pl);
            snprintf(hit, sizeof res - (size_t)(hit - res), "***%s", tail);
        }
    }
    snprintf(out, cap, "%s", res);
}

int tt_cli_error_text(int rc, const tt_error_info *e, unsigned max_attempts,
                      const tt_cli_endpoint *ep, const char *proxy_display,
                      const char *repeated_token, char *out, size_t cap)
{
    const char *url = ep->url;
    if ((rc == TT_ERR_SERVICE || rc == TT_ERR_HTTP_STATUS || rc == TT_ERR_CLOCK_SKEW)
        && e->service_code[0]) {
        char retries[48] = "";
        if (e->attempts && e->attempts >= max_attempts)
            snprintf(retries, sizeof retries, " (reached max retries: %u)",
                     e->attempts ? e->attempts - 1 : 0);
        snprintf(out, cap,
                 "\nAn error occurred (%s) when calling the ListAssignmentsForHIT operation%s: "
                 "%s\n",
                 e->service_code, retries, e->message);
        return 254;
    }
    if (rc == TT_ERR_REPEATED_TOKEN) {
        char r[1200];
        tt_cli_py_repr(repeated_token ? repeated_token : "", repeated_token ? strlen(repeated_token) : 0,
                       r, sizeof r);
        snprintf(out, cap,
                 "\nError during pagination: The same next token was received twice: "
                 "{'NextToken': %s}\n",
                 r);
        return 255;
    }
    if (proxy_display && (rc == TT_ERR_PROXY || rc == TT_ERR_CONNECT || rc == TT_ERR_DNS)) {
        snprintf(out, cap, "\nFailed to connect to proxy URL: \"%s\"\n", proxy_display);
        return 255;
    }
    switch (rc) {
    case TT_ERR_DNS:
    case TT_ERR_CONNECT:
    case TT_ERR_PROXY:
        snprintf(out, cap, "\nCould not connect to the endpoint URL: \"%s\"\n", url);
        return 255;
    case TT_ERR_CONNECT_TIMEOUT:
        snprintf(out, cap, "\nConnect timeout on endpoint URL: \"%s\"\n", url);
        return 255;
    case TT_ERR_READ_TIMEOUT:
    case TT_ERR_WRITE_TIMEOUT:
        snprintf(out, cap, "\nRead timeout on endpoint URL: \"%s\"\n", url);
        return 255;
    case TT_ERR_CONN_RESET:
    case TT_ERR_IO:
    case TT_ERR_NOT_CONNECTED:
    case TT_ERR_HTTP_NO_RESPONSE:
    case TT_ERR_HTTP_TRUNCATED:
    case TT_ERR_TLS_IO:
    case TT_ERR_TLS_CLOSED:
        snprintf(out, cap,
                 "\nConnection was closed before we received a valid response from endpoint "
                 "URL: \"%s\".\n",
                 url);
        return 255;
    case TT_ERR_TLS_UNTRUSTED:
        snprintf(out, cap,
                 "\nSSL validation failed for %s [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
                 "verify failed: unable to get local issuer certificate (_ssl.c:992)\n",
                 url);
        return 255;
    case TT_ERR_TLS_EXPIRED:
        snprintf(out, cap,
                 "\nSSL validation failed for %s [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
                 "verify failed: certificate has expired (_ssl.c:992)\n",
                 url);
        return 255;
    case TT_ERR_TLS_BAD_HOST:
        /* Difference: the CLI names the certificate's names ("doesn't match
         * 'other.invalid'"); BearSSL's minimal validator does not keep them. */
        snprintf(out, cap,
                 "\nSSL validation failed for %s hostname '%s' doesn't match the certificate's "
                 "subject alternative names\n",
                 url, ep->host);
        return 255;
    case TT_ERR_TLS_NOT_YET_VALID:
        snprintf(out, cap,
                 "\nSSL validation failed for %s [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
                 "verify failed: certificate is not yet valid (_ssl.c:992)\n",
                 url);
        return 255;
    case TT_ERR_TLS_VERSION: /* AWS CLI 2.9.19's own words for a TLS 1.0/1.1 server */
        snprintf(out, cap,
                 "\nSSL validation failed for %s [SSL] legacy sigalg disallowed or unsupported "
                 "(_ssl.c:992)\n",
                 url);
        return 255;
    case TT_ERR_TLS_NO_COMMON_SUITE: /* Difference: the AWS CLI accepts weak suites */
        snprintf(out, cap,
                 "\nSSL validation failed for %s [SSL: NO_CIPHERS_AVAILABLE] the server offers "
                 "no cipher suite tinyturk accepts (ECDHE with AES-GCM or ChaCha20-Poly1305)\n",
                 url);
        return 255;
    case TT_ERR_TLS_BAD_CERT:
    case TT_ERR_TLS_NO_TIME:
        snprintf(out, cap,
                 "\nSSL validation failed for %s [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
                 "verify failed: %s\n",
                 url, tt_strerror(rc));
        return 255;
    case TT_ERR_TLS_HANDSHAKE:
        snprintf(out, cap,
                 "\nSSL validation failed for %s [SSL: WRONG_VERSION_NUMBER] wrong version "
                 "number (_ssl.c:992)\n",
                 url);
        return 255;
    default:
        break;
    }
    if (rc <= TT_ERR_JSON_SYNTAX && rc > TT_ERR_JSON_SYNTAX - 100) {
        /* Difference (deliberate): the CLI prints nothing and exits 0. */
        snprintf(out, cap,
                 "\nInvalid response from endpoint URL \"%s\": HTTP 200 with a body that is not a "
                 "valid ListAssignmentsForHIT JSON page (%s)\n",
                 url, tt_strerror(rc));
        return 255;
    }
    if (rc == TT_ERR_CLOCK_SKEW) {
        snprintf(out, cap,
                 "\nThe request was rejected as signed at the wrong time and the server sent no "
                 "usable Date to correct the clock with (%s)\n",
                 tt_strerror(e->cause));
        return 255;
    }
    if (rc == TT_ERR_BAD_STARTING_TOKEN) {
        snprintf(out, cap, "\nBad --starting-token: %s\n", tt_strerror(e->cause));
        return 255;
    }
    snprintf(out, cap, "\n%s (%s)\n", tt_strerror(rc), tt_errname(rc));
    return 255;
}

/* ------------------------------------------------------------------------
 * --debug
 * ------------------------------------------------------------------------ */

/* Writes text with every registered secret replaced by <redacted>. */
static void log_redacted(tt_cli_log *lg, const char *s, size_t n)
{
    size_t i = 0, start = 0;
    while (i < n) {
        size_t k, hit = 0;
        for (k = 0; k < sizeof lg->secrets / sizeof lg->secrets[0]; k++) {
            const char *sec = lg->secrets[k];
            size_t sl = sec ? strlen(sec) : 0;
            if (sl && sl <= n - i && memcmp(s + i, sec, sl) == 0) {
                hit = sl;
                break;
            }
        }
        if (hit) {
            fwrite(s + start, 1, i - start, lg->f);
            fputs("<redacted>", lg->f);
            i += hit;
            start = i;
        } else {
            i++;
        }
    }
    fwrite(s + start, 1, n - start, lg->f);
}

static void log_emit(tt_cli_log *lg, const char *logger, const char *text, size_t len)
{
    struct timeval tv;
    struct tm tm;
    time_t t;
    char ts[40];
    gettimeofday(&tv, NULL);
    t = tv.tv_sec;
    localtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(lg->f, "%s,%03d - MainThread - %s - DEBUG - ", ts, (int)(tv.tv_usec / 1000), logger);
    log_redacted(lg, text, len);
    fputc('\n', lg->f);
    fflush(lg->f);
}

void tt_cli_log_flush(tt_cli_log *lg)
{
    if (!lg)
        return;
    if (lg->f && lg->pend_len)
        log_emit(lg, "tinyturk.engine", lg->pend, lg->pend_len);
    lg->pend_len = 0;
    lg->pend_prefix = 0;
    lg->last_piece = 0;
}

void tt_cli_log_line(tt_cli_log *lg, const char *logger, const char *text, size_t len)
{
    if (!lg || !lg->f)
        return;
    tt_cli_log_flush(lg);
    log_emit(lg, logger, text, len);
}

void tt_cli_logf(tt_cli_log *lg, const char *logger, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    int n;
    if (!lg || !lg->f)
        return;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    tt_cli_log_line(lg, logger, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static int pend_add(tt_cli_log *lg, const char *s, size_t n)
{
    if (lg->pend_len + n > lg->pend_cap) {
        size_t nc = lg->pend_cap ? lg->pend_cap : 1024;
        char *np;
        while (nc < lg->pend_len + n)
            nc *= 2;
        np = (char *)realloc(lg->pend, nc);
        if (!np)
            return -1;
        lg->pend = np;
        lg->pend_cap = nc;
    }
    memcpy(lg->pend + lg->pend_len, s, n);
    lg->pend_len += n;
    return 0;
}

#define ENGINE_PIECE 256 /* TT_CLIENT_DEBUG_BUF: longer lines come in pieces */

void tt_cli_log_engine(void *ctx, const char *line, size_t len)
{
    tt_cli_log *lg = (tt_cli_log *)ctx;
    const char *sep;
    size_t plen;
    if (!lg || !lg->f)
        return;
    sep = (const char *)memchr(line, ':', len);
    plen = sep && (size_t)(sep - line) + 1 < len && sep[1] == ' ' ? (size_t)(sep - line) + 2 : 0;
    if (lg->pend_len && plen && plen == lg->pend_prefix && memcmp(lg->pend, line, plen) == 0
        && (lg->last_piece >= ENGINE_PIECE
            || (plen == 15 && memcmp(line, "response-body: ", 15) == 0))) {
        if (pend_add(lg, line + plen, len - plen) == 0) {
            lg->last_piece = len;
            return;
        }
    }
    tt_cli_log_flush(lg);
    if (pend_add(lg, line, len) != 0) {
        log_emit(lg, "tinyturk.engine", line, len);
        return;
    }
    lg->pend_prefix = plen;
    lg->last_piece = len;
}

/* ------------------------------------------------------------------------
 * pager
 * ------------------------------------------------------------------------ */

void tt_cli_argv_free(char **v)
{
    size_t i;
    if (!v)
        return;
    for (i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

char **tt_cli_shlex_split(const char *s)
{
    size_t n = strlen(s), cap = 4, len = 0, wl;
    char **v = (char **)calloc(cap, sizeof *v);
    char *w = (char *)malloc(n + 1);
    int in_word, err = ENOMEM;
    if (!v || !w)
        goto fail;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (!*s)
            break;
        wl = 0;
        in_word = 1;
        while (*s && in_word) {
            char c = *s;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                in_word = 0;
            } else if (c == '\'') {
                s++;
                while (*s && *s != '\'')
                    w[wl++] = *s++;
                if (!*s)
                    goto unbalanced;
                s++;
            } else if (c == '"') {
                s++;
                while (*s && *s != '"') {
                    if (*s == '\\' && (s[1] == '"' || s[1] == '\\' || s[1] == '$' || s[1] == '`'))
                        s++;
                    w[wl++] = *s++;
                }
                if (!*s)
                    goto unbalanced;
                s++;
            } else if (c == '\\') {
                s++;
                if (!*s)
                    goto dangling;
                w[wl++] = *s++;
            } else {
                w[wl++] = c;
                s++;
            }
        }
        if (len + 2 > cap) {
            char **nv = (char **)realloc(v, cap * 2 * sizeof *v);
            if (!nv)
                goto fail;
            v = nv;
            cap *= 2;
        }
        v[len] = (char *)malloc(wl + 1);
        if (!v[len])
            goto fail;
        memcpy(v[len], w, wl);
        v[len][wl] = 0;
        v[++len] = NULL;
    }
    free(w);
    return v;
unbalanced:
    err = EINVAL; /* shlex: "No closing quotation" */
    goto fail;
dangling:
    err = EILSEQ; /* shlex: "No escaped character" */
fail:
    free(w);
    tt_cli_argv_free(v);
    errno = err;
    return NULL;
}

static int pager_start(tt_cli_pager *p)
{
    int in[2], ep[2], err = 0;
    pid_t pid;
    ssize_t r;
    if (pipe(in) != 0)
        return -1;
    if (pipe(ep) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    (void)fcntl(ep[1], F_SETFD, FD_CLOEXEC);
    (void)fcntl(in[1], F_SETFD, FD_CLOEXEC);
    fflush(stderr);
    pid = fork();
    if (pid < 0) {
        err = errno;
        close(in[0]);
        close(in[1]);
        close(ep[0]);
        close(ep[1]);
        errno = err;
        return -1;
    }
    if (pid == 0) {
        int e;
        close(ep[0]);
        dup2(in[0], 0);
        close(in[0]);
        if (!getenv("LESS"))
            setenv("LESS", "FRX", 1);
        signal(SIGPIPE, SIG_DFL);
        execvp(p->argv[0], p->argv);
        e = errno;
        if (write(ep[1], &e, sizeof e) < 0)
            _exit(127);
        _exit(127);
    }
    close(in[0]);
    close(ep[1]);
    do
        r = read(ep[0], &err, sizeof err);
    while (r < 0 && errno == EINTR);
    close(ep[0]);
    if (r == (ssize_t)sizeof err) {
        int st;
        waitpid(pid, &st, 0);
        close(in[1]);
        p->spawn_errno = err ? err : ENOENT;
        errno = p->spawn_errno;
        return -1;
    }
    p->fd = in[1];
    p->pid = (long)pid;
    return 0;
}

static ssize_t pager_write(void *cookie, const char *buf, size_t size)
{
    tt_cli_pager *p = (tt_cli_pager *)cookie;
    size_t done = 0;
    if (p->spawn_errno) {
        errno = p->spawn_errno;
        return -1;
    }
    if (p->broken)
        return (ssize_t)size; /* the user quit the pager: drop the rest, as the CLI does */
    if (p->fd < 0 && pager_start(p) != 0) {
        if (!p->spawn_errno)
            p->spawn_errno = errno ? errno : EIO;
        return -1;
    }
    while (done < size) {
        ssize_t w = write(p->fd, buf + done, size - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EPIPE) {
                p->broken = 1;
                return (ssize_t)size;
            }
            return -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)size;
}

static int pager_close_fn(void *cookie)
{
    tt_cli_pager *p = (tt_cli_pager *)cookie;
    if (p->fd >= 0) {
        close(p->fd);
        p->fd = -1;
    }
    if (p->pid > 0) {
        int st;
        while (waitpid((pid_t)p->pid, &st, 0) < 0 && errno == EINTR)
            ;
        p->pid = 0;
    }
    return 0;
}

FILE *tt_cli_pager_open(const char *cmd, tt_cli_pager *p)
{
    cookie_io_functions_t io;
    FILE *f;
    memset(p, 0, sizeof *p);
    p->fd = -1;
    p->argv = tt_cli_shlex_split(cmd);
    if (!p->argv)
        return NULL; /* errno from the split */
    if (!p->argv[0]) {
        tt_cli_argv_free(p->argv);
        p->argv = NULL;
        errno = 0;
        return NULL;
    }
    memset(&io, 0, sizeof io);
    io.write = pager_write;
    io.close = pager_close_fn;
    f = fopencookie(p, "w", io);
    if (!f) {
        tt_cli_argv_free(p->argv);
        p->argv = NULL;
    }
    return f;
}

int tt_cli_pager_close(FILE *f, tt_cli_pager *p, char *msg, size_t msglen)
{
    int rc = 0;
    if (f)
        fclose(f);
    if (p->spawn_errno) {
        char name[600];
        tt_cli_py_repr(p->argv[0], strlen(p->argv[0]), name, sizeof name);
        if (p->spawn_errno == ENOENT) {
            snprintf(msg, msglen,
                     "\nUnable to redirect output to pager. Received the following error when "
                     "opening pager:\n[Errno 2] No such file or directory: %s\n\nLearn more about "
                     "configuring the output pager by running \"aws help config-vars\".\n",
                     name);
            rc = 253;
        } else {
            snprintf(msg, msglen, "\n[Errno %d] %s: %s\n", p->spawn_errno,
                     strerror(p->spawn_errno), name);
            rc = 255;
        }
    }
    tt_cli_argv_free(p->argv);
    p->argv = NULL;
    return rc;
}

/* ------------------------------------------------------------------------
 * interruptible transport / platform
 * ------------------------------------------------------------------------ */

#define GUARD_SLICE_MS 200u

void tt_cli_insecure_warning(FILE *f, const char *host)
{
    fprintf(f,
            "/usr/lib/python3/dist-packages/urllib3/connectionpool.py:1065: "
            "InsecureRequestWarning: Unverified HTTPS request is being made to host '%s'. "
            "Adding certificate verification is strongly advised. See: "
            "https://urllib3.readthedocs.io/en/1.26.x/advanced-usage.html#ssl-warnings\n"
            "  warnings.warn(\n",
            host);
    fflush(f);
}

static int guard_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    tt_cli_guard *g = (tt_cli_guard *)ctx;
    g->sending = 0;
    g->used = 0;
    g->host = host;
    g->port = port;
    g->connect_timeout_ms = timeout_ms;
    if (*g->stop)
        return TT_ERR_IO;
    return g->lower->connect(g->lower->ctx, host, port, timeout_ms);
}

/* urllib3's is_connection_dropped(): readable (EOF or stray bytes) while no
 * request is outstanding means the peer has closed it. */
static int guard_dropped(const tt_cli_guard *g)
{
    struct pollfd pfd;
    if (!g->sock_fd || *g->sock_fd < 0)
        return 0;
    pfd.fd = *g->sock_fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

static int guard_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    tt_cli_guard *g = (tt_cli_guard *)ctx;
    if (*g->stop)
        return TT_ERR_IO;
    if (!g->sending) { /* first bytes of a request */
        if (g->used && g->host && guard_dropped(g)) {
            int rc;
            g->reconnects++;
            if (g->log)
                tt_cli_logf(g->log, "tinyturk.cli",
                            "The server closed the kept-alive connection; reconnecting to %s:%u",
                            g->host, (unsigned)g->port);
            g->lower->close(g->lower->ctx);
            rc = g->lower->connect(g->lower->ctx, g->host, g->port, g->connect_timeout_ms);
            if (rc != TT_OK)
                return rc;
        }
        if (g->warn_host)
            tt_cli_insecure_warning(g->warn_to ? g->warn_to : stderr, g->warn_host);
        g->used = 1;
    }
    g->sending = 1;
    return g->lower->send(g->lower->ctx, buf, len, timeout_ms);
}

static int guard_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    tt_cli_guard *g = (tt_cli_guard *)ctx;
    uint32_t left = timeout_ms;
    g->sending = 0;
    *got = 0;
    for (;;) {
        uint32_t slice = left < GUARD_SLICE_MS ? left : GUARD_SLICE_MS;
        int rc;
        if (*g->stop)
            return TT_ERR_IO;
        rc = g->lower->recv(g->lower->ctx, buf, cap, got, slice);
        if (rc != TT_ERR_READ_TIMEOUT || left <= slice)
            return rc;
        left -= slice;
    }
}

static void guard_close(void *ctx)
{
    tt_cli_guard *g = (tt_cli_guard *)ctx;
    g->sending = 0;
    g->used = 0;
    g->lower->close(g->lower->ctx);
}

void tt_cli_guard_init(tt_cli_guard *g, const tt_transport *lower, volatile sig_atomic_t *stop,
                       tt_transport *out)
{
    memset(g, 0, sizeof *g);
    g->lower = lower;
    g->stop = stop;
    out->ctx = g;
    out->connect = guard_connect;
    out->send = guard_send;
    out->recv = guard_recv;
    out->close = guard_close;
}

static uint64_t plat_mono(void *ctx)
{
    tt_cli_plat *p = (tt_cli_plat *)ctx;
    return p->lower->monotonic_ms(p->lower->ctx);
}

static int plat_wall(void *ctx, int64_t *s)
{
    tt_cli_plat *p = (tt_cli_plat *)ctx;
    return p->lower->wall_clock(p->lower->ctx, s);
}

static void plat_sleep(void *ctx, uint32_t ms)
{
    tt_cli_plat *p = (tt_cli_plat *)ctx;
    while (ms && !*p->stop) {
        uint32_t s = ms < GUARD_SLICE_MS ? ms : GUARD_SLICE_MS;
        p->lower->sleep_ms(p->lower->ctx, s);
        ms -= s;
    }
}

static int plat_random(void *ctx, uint8_t *out, size_t len)
{
    tt_cli_plat *p = (tt_cli_plat *)ctx;
    return p->lower->random(p->lower->ctx, out, len);
}

void tt_cli_plat_init(tt_cli_plat *p, const tt_platform *lower, volatile sig_atomic_t *stop,
                      tt_platform *out)
{
    p->lower = lower;
    p->stop = stop;
    *out = *lower;
    out->ctx = p;
    out->monotonic_ms = plat_mono;
    out->wall_clock = plat_wall;
    out->sleep_ms = plat_sleep;
    out->random = plat_random;
}

/* ------------------------------------------------------------------------
 * --watch set
 * ------------------------------------------------------------------------ */

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Slots hold "<len bytes>\0" strings; NULL = empty. */
static char **idset_find(char **slots, size_t cap, const char *id, size_t len)
{
    size_t i = (size_t)fnv1a(id, len) & (cap - 1);
    for (;;) {
        char *s = slots[i];
        if (!s || (strlen(s) == len && memcmp(s, id, len) == 0))
            return &slots[i];
        i = (i + 1) & (cap - 1);
    }
}

int tt_cli_idset_has(const tt_cli_idset *s, const char *id, size_t len)
{
    return s->cap && *idset_find(s->slots, s->cap, id, len) != NULL;
}

int tt_cli_idset_add(tt_cli_idset *s, const char *id, size_t len)
{
    char **slot;
    if ((s->len + 1) * 2 > s->cap) { /* keep the load under 1/2 */
        size_t ncap = s->cap ? s->cap * 2 : 64, i;
        char **ns = (char **)calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (i = 0; i < s->cap; i++)
            if (s->slots[i])
                *idset_find(ns, ncap, s->slots[i], strlen(s->slots[i])) = s->slots[i];
        free(s->slots);
        s->slots = ns;
        s->cap = ncap;
    }
    slot = idset_find(s->slots, s->cap, id, len);
    if (*slot)
        return 0;
    *slot = (char *)malloc(len + 1);
    if (!*slot)
        return -1;
    memcpy(*slot, id, len);
    (*slot)[len] = 0;
    s->len++;
    return 1;
}

void tt_cli_idset_free(tt_cli_idset *s)
{
    size_t i;
    for (i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
    memset(s, 0, sizeof *s);
}
