/*
 * tt_cli_run.h - the run-time pieces of the tinyturk CLI (host only):
 * endpoint resolution, the AWS CLI's error texts, --debug lines, the output
 * pager, the interruptible transport/platform wrappers and the --watch
 * "already printed" set.  main.c wires them to the engine (tinyturk.h),
 * the config (tt_awscfg.h), the argument parser (tt_cli_args.h) and the
 * formatters (tt_output.h).
 *
 * Everything here mirrors what `aws mturk list-assignments-for-hit` (AWS
 * CLI 2.9.19) does observably; the few deliberate differences are listed
 * where they are implemented (search for "Difference:").
 */
#ifndef TT_CLI_RUN_H
#define TT_CLI_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tinyturk.h"

/* ---- endpoint ----------------------------------------------------------- */

#define TT_CLI_URL_MAX 2048
#define TT_CLI_HOST_MAX 256
#define TT_CLI_REGION_MAX 128

/*
 * Where requests go.  Plain data, caller-owned.
 *   url    the request URL as botocore builds it (endpoint URL + "/" when it
 *          has no path) - the text the CLI puts in its connection errors;
 *   host   the name/address to connect to, verify and put in Host (IPv6
 *          without brackets; lower-cased for names, as urllib3 does);
 *   region the SigV4 scope region (the CLI signs with the configured
 *          region, "sandbox" included, whatever the endpoint).
 */
typedef struct tt_cli_endpoint {
    char url[TT_CLI_URL_MAX];
    char host[TT_CLI_HOST_MAX];
    uint16_t port;
    int port_explicit; /* the URL named a port (for NO_PROXY "host:port") */
    int https;
    int ipv6;          /* host is an IPv6 literal */
    char region[TT_CLI_REGION_MAX];
    char path[TT_CLI_URL_MAX]; /* request path: the URL's path, or "/" */
} tt_cli_endpoint;

/*
 * The endpoint the CLI's rule set gives for `region` (no --endpoint-url):
 * https://mturk-requester[-fips|-sandbox].<region>.<partition suffix>/ with
 * the aws / aws-cn / aws-us-gov / aws-iso / aws-iso-b partitions, FIPS and
 * dual-stack variants.  Returns 0, or 255 with the CLI's message in msg
 * (e.g. "DualStack is enabled but this partition does not support DualStack").
 */
int tt_cli_endpoint_from_region(const char *region, int fips, int dualstack, tt_cli_endpoint *ep,
                                char *msg, size_t msglen);

/*
 * Parse an --endpoint-url (or AWS_ENDPOINT_URL*, endpoint_url) the way
 * botocore validates it: http/https, an optional port, a host name made of
 * DNS labels or an IPv4 address; IPv6 literals in brackets are accepted too
 * (Difference: 2.9.19 rejects them with "Invalid endpoint").  Returns 0, or
 * 255 with "Invalid endpoint: <url>" (or a tinyturk message for what the
 * engine cannot do: a query string, or a path with spaces or non-ASCII
 * bytes) in msg.  The URL's path (e.g. "/mturk" behind a reverse proxy) goes
 * to ep->path, as botocore posts to it; a fragment is dropped, as urllib3
 * drops it.
 * `region` (the signing region) is copied into ep->region.
 */
int tt_cli_endpoint_from_url(const char *url, const char *region, tt_cli_endpoint *ep, char *msg,
                             size_t msglen);

/* botocore's validate_region_name(): 1 when the region is usable in a host
 * name ("Provided region_name 'X' doesn't match a supported format." else). */
int tt_cli_region_valid(const char *region);

/* ---- texts ----------------------------------------------------------------- */

/* Python repr() of a str given as UTF-8 (quotes included).  Writes a
 * NUL-terminated string (truncated to cap) and returns the full length. */
size_t tt_cli_py_repr(const char *s, size_t n, char *out, size_t cap);

/* botocore's mask_proxy_url() after _fix_proxy_url(): "http://" is added
 * when the URL has no scheme, user and password become "***". */
void tt_cli_proxy_display(const char *proxy_url, char *out, size_t cap);

/*
 * The CLI's stderr text for a failed listing (leading "\n" and trailing
 * "\n" included) and its exit status.  `rc` is tt_client_list()'s code,
 * `e` its details, `max_attempts` the configured attempts (botocore adds
 * " (reached max retries: N)" whenever the failing attempt was the last one
 * allowed, retryable error or not), `ep` the endpoint, `proxy_display` the
 * masked proxy URL when a proxy is in use (else NULL), `repeated_token` the
 * NextToken seen twice (for TT_ERR_REPEATED_TOKEN; may be NULL).
 * Returns 254 (service error) or 255.
 */
int tt_cli_error_text(int rc, const tt_error_info *e, unsigned max_attempts,
                      const tt_cli_endpoint *ep, const char *proxy_display,
                      const char *repeated_token, char *out, size_t cap);

/* ---- --debug ------------------------------------------------------------- */

/*
 * Debug logger in the CLI's format: "YYYY-MM-DD HH:MM:SS,mmm - MainThread -
 * <logger> - DEBUG - <text>" on `f` (stderr).  Every line goes through
 * redaction first: each registered secret (secret key, session token) is
 * replaced by "<redacted>" wherever it occurs, so no line can leak them.
 */
typedef struct tt_cli_log {
    FILE *f;
    const char *secrets[4]; /* borrowed; NULL/"" entries ignored */
    /* The engine's line being reassembled (it splits lines at 256 bytes and
     * gives response bodies in the pieces they arrived in). */
    char *pend;
    size_t pend_len, pend_cap, pend_prefix, last_piece;
} tt_cli_log;

void tt_cli_log_line(tt_cli_log *lg, const char *logger, const char *text, size_t len);
void tt_cli_logf(tt_cli_log *lg, const char *logger, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The engine's debug sink (ctx = tt_cli_log *).  Pieces of one line (and
 * the pieces of a response body) are joined before they are printed, so
 * redaction sees whole values. */
void tt_cli_log_engine(void *ctx, const char *line, size_t len);

/* Prints the engine line being reassembled, if any, and frees the buffer
 * (call before own lines and at exit). */
void tt_cli_log_flush(tt_cli_log *lg);

/* ---- pager --------------------------------------------------------------- */

/*
 * The CLI's pager (only used when stdout is a TTY): the command is split
 * like shlex.split() and run without a shell, with LESS=FRX added to its
 * environment when LESS is unset.  The process starts lazily, on the first
 * byte written, so a run that prints nothing never starts it.
 */
typedef struct tt_cli_pager {
    char **argv;   /* shlex-split command (owned) */
    int fd;        /* pipe to the pager's stdin, -1 before start */
    long pid;      /* pager process, 0 before start */
    int spawn_errno; /* errno of a failed start (0 = none) */
    int broken;    /* the pager went away (EPIPE): further output is dropped */
} tt_cli_pager;

/* Opens a FILE that feeds `cmd` lazily.  NULL on failure with errno
 * EINVAL / EILSEQ (shlex's "No closing quotation" / "No escaped
 * character") or ENOMEM; NULL with errno 0 when cmd splits to nothing
 * (= no pager). */
FILE *tt_cli_pager_open(const char *cmd, tt_cli_pager *p);

/* Closes the FILE and waits for the pager.  Returns 0, or 253/255 with the
 * CLI's message in msg when the pager could not be started. */
int tt_cli_pager_close(FILE *f, tt_cli_pager *p, char *msg, size_t msglen);

/* shlex.split() (POSIX mode, no comments).  Returns a NULL-terminated
 * malloc'd vector (free with tt_cli_argv_free) or NULL with errno EINVAL
 * (unbalanced quotes), EILSEQ (trailing backslash) or ENOMEM. */
char **tt_cli_shlex_split(const char *s);
void tt_cli_argv_free(char **v);

/* ---- interruptible transport / platform ---------------------------------- */

/*
 * A transport layered on top of the real stack (TCP [+ proxy] [+ TLS]) that
 *   - waits for response bytes in slices of at most 200 ms so a set `stop`
 *     flag (SIGINT/SIGTERM) ends a blocked read promptly (the call then
 *     fails with TT_ERR_IO and the caller, seeing `stop`, exits quietly);
 *   - with warn_host set (--no-verify-ssl over https), prints urllib3's
 *     InsecureRequestWarning to `warn_to` once per request sent on an open
 *     connection, as the CLI does (one per attempt, none when the
 *     connection could not be made).
 */
typedef struct tt_cli_guard {
    const tt_transport *lower;      /* borrowed */
    volatile sig_atomic_t *stop;    /* borrowed; non-zero = give up */
    const char *warn_host;          /* borrowed; NULL = no warnings */
    FILE *warn_to;
    /* Stale keep-alive detection (urllib3's is_connection_dropped): before a
     * request is sent on a connection that already carried one, the TCP
     * socket is polled; if the server closed it meanwhile (EOF readable),
     * the stack is reconnected first instead of failing the request (which
     * would cost a retry and its back-off).  `sock` NULL = no check. */
    int *sock_fd;                   /* borrowed: the TCP socket's fd field */
    tt_cli_log *log;                /* borrowed; NULL = no debug note */
    const char *host;               /* as given to connect (borrowed) */
    uint16_t port;
    uint32_t connect_timeout_ms;
    int used;                       /* a request went over this connection */
    int sending;                    /* last operation was a send */
    unsigned reconnects;            /* stale connections replaced */
} tt_cli_guard;

void tt_cli_guard_init(tt_cli_guard *g, const tt_transport *lower, volatile sig_atomic_t *stop,
                       tt_transport *out);

/* Platform whose sleep_ms returns early once *stop is set. */
typedef struct tt_cli_plat {
    const tt_platform *lower;
    volatile sig_atomic_t *stop;
} tt_cli_plat;

void tt_cli_plat_init(tt_cli_plat *p, const tt_platform *lower, volatile sig_atomic_t *stop,
                      tt_platform *out);

/* The exact text urllib3 1.26 (the CLI's) prints for an unverified request. */
void tt_cli_insecure_warning(FILE *f, const char *host);

/* ---- --watch ------------------------------------------------------------- */

/* Set of AssignmentIds already printed (open addressing, grows). */
typedef struct tt_cli_idset {
    char **slots;
    size_t cap, len;
} tt_cli_idset;

/* 1 = newly added, 0 = already there, -1 = out of memory. */
int tt_cli_idset_add(tt_cli_idset *s, const char *id, size_t len);
/* 1 when `id` is in the set. */
int tt_cli_idset_has(const tt_cli_idset *s, const char *id, size_t len);
void tt_cli_idset_free(tt_cli_idset *s);

#endif /* TT_CLI_RUN_H */
