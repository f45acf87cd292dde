/*
 * tt_proxy.h - HTTP CONNECT tunnel as a tt_transport, and the AWS CLI's
 * proxy environment rules.
 *
 * The tunnel is layered over another transport (normally a tt_posix_socket):
 * connect(host, port) opens the lower transport to the PROXY, sends
 *
 *   CONNECT host:port HTTP/1.1\r\n
 *   Host: host:port\r\n
 *   Proxy-Authorization: Basic <b64>\r\n      (only with credentials)
 *   \r\n
 *
 * and reads the proxy's reply head.  A 2xx status means the tunnel is up;
 * from then on send/recv pass straight through, so TLS goes on top:
 *   posix socket -> tt_proxy -> tt_tls -> HTTP.
 * Plain-http endpoints are tunnelled with CONNECT too (the AWS CLI sends
 * absolute-URI requests to the proxy instead; tinyturk keeps one path).
 * A proxy URL with scheme https:// (TLS to the proxy itself) is reported by
 * tt_proxy_parse_url() (`tls` = 1) but not handled by this transport; a
 * caller could stack tt_tls under the tunnel for it.
 *
 * Errors from connect():
 *   lower transport's codes for reaching the proxy (TT_ERR_DNS,
 *   TT_ERR_CONNECT, ...)                         -> passed through
 *   proxy answered non-2xx (status kept in `status`), malformed reply,
 *   reply head over TT_PROXY_MAX_HEAD bytes, or closed before the end
 *                                                -> TT_ERR_PROXY
 *   no complete reply within the timeout         -> TT_ERR_CONNECT_TIMEOUT
 *   host too long / contains CR or LF            -> TT_ERR_INVALID_ARG
 * send/recv/close: the lower transport's codes.
 */
#ifndef TT_PROXY_H
#define TT_PROXY_H

#include "tt_port.h"

/* TT_PROXY_MAX_HEAD, the longest CONNECT reply head accepted: tt_config.h. */
#define TT_PROXY_STASH 512     /* bytes read past the reply head, kept for recv */
#define TT_PROXY_MAX_HOST 255  /* longest proxy host name (tt_proxy_url.host) */
#define TT_PROXY_MAX_AUTH 1024 /* base64 of "user:pass", NUL included */

/*
 * Tunnel state.  Caller-owned; must outlive `out`.  `lower`, `proxy_host`
 * and `auth_b64` are borrowed and must outlive it too.
 */
typedef struct tt_proxy {
    const tt_transport *lower;   /* the stream to the proxy */
    const char *proxy_host;      /* the proxy's host name or address */
    uint16_t proxy_port;         /* and port */
    const char *auth_b64; /* NULL: no Proxy-Authorization */
    int status;           /* status of the last CONNECT reply (0: none) */
    uint8_t stash[TT_PROXY_STASH]; /* (private) bytes after the reply head */
    size_t stash_off, stash_len;   /* (private) unread part of stash */
} tt_proxy;

/*
 * Build `out` (ctx = p) tunnelling through proxy_host:proxy_port over
 * `lower`.  auth_b64_or_null is the base64 of "user:pass" (as in
 * tt_proxy_url.auth_b64) or NULL.  Returns TT_OK or TT_ERR_INVALID_ARG.
 */
int tt_proxy_transport_init(tt_proxy *p, const tt_transport *lower, const char *proxy_host,
                            uint16_t proxy_port, const char *auth_b64_or_null,
                            tt_transport *out);

/* A parsed proxy URL; plain data, caller-owned. */
typedef struct tt_proxy_url {
    char host[TT_PROXY_MAX_HOST + 1]; /* without IPv6 brackets */
    uint16_t port;                    /* default 80 (http) / 443 (https) */
    int tls;                          /* scheme was https:// */
    char auth_b64[TT_PROXY_MAX_AUTH]; /* "" when the URL has no user AND password */
} tt_proxy_url;

/*
 * Parse a proxy URL as botocore does: "http://[user:pass@]host[:port][/...]",
 * "https://...", "//host:port" or a bare "host:port" (taken as http).  user
 * and password are percent-decoded and used only when both are non-empty.
 * `url` is borrowed for the call.  TT_OK or TT_ERR_PROXY (malformed, bad
 * port, other scheme, host or credentials too long).
 */
int tt_proxy_parse_url(const char *url, tt_proxy_url *out);

/*
 * NO_PROXY matching of urllib's proxy_bypass_environment(): `no_proxy` is a
 * comma list; "*" alone bypasses everything; each entry (leading dots
 * ignored, case-insensitive) matches the host itself or any subdomain, and
 * an entry "host:port" matches when `port` (the endpoint URL's explicit
 * port; 0 when the URL had none) is that port.  No CIDR matching (urllib
 * has none).  Returns 1 to bypass the proxy, 0 otherwise.  Borrowed args.
 */
int tt_proxy_bypass(const char *no_proxy, const char *host, uint16_t port);

/*
 * Pick the proxy for an endpoint from the environment, with Python's
 * getproxies_environment() rules: https endpoints read https_proxy /
 * HTTPS_PROXY, http endpoints http_proxy / HTTP_PROXY; the lower-case
 * variable wins when it exists (an empty lower-case value means "none"
 * even if the upper-case one is set); HTTP_PROXY (upper-case only) is
 * ignored when REQUEST_METHOD is set (CGI, CVE-2016-1000110); then
 * no_proxy / NO_PROXY may bypass it (tt_proxy_bypass).
 * `port` as for tt_proxy_bypass.  Returns 1 (use *out), 0 (no proxy) or
 * TT_ERR_PROXY (the variable holds a malformed URL).
 */
int tt_proxy_from_env(int https, const char *host, uint16_t port, tt_proxy_url *out);

#endif /* TT_PROXY_H */
