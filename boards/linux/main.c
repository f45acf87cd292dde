/*
 * main.c - the tinyturk CLI for Linux hosts:
 *
 *   tinyturk [mturk] list-assignments-for-hit --hit-id ID [options]
 *
 * behaves like `aws mturk list-assignments-for-hit` (AWS CLI 2.9.19): same
 * options, configuration chains, endpoints, output, stderr texts and exit
 * codes (0 ok, 252 usage, 253 configuration, 254 service error, 255 other),
 * plus `--output jsonl` and `--watch SECONDS`.
 *
 * Wiring:  argv -> tt_cli_args (options)  -> tt_awscfg (profile, credentials,
 * region, output, CA bundle, retries, pager) -> endpoint (tt_cli_run) ->
 * transport stack  posix socket [-> CONNECT proxy] [-> BearSSL TLS] -> guard
 * (interruptible reads, --no-verify-ssl warnings) -> engine (tinyturk.h)
 * -> callbacks -> tt_output (formats, --query) -> stdout or the pager.
 *
 * Memory: the engine works in one arena (a large malloc'd block of which it
 * touches only what it needs: ~4 KB + the largest assignment), TLS in its own
 * ~24 KB arena; json/yaml are spooled to a temporary file by tt_output and
 * text/yaml-stream/jsonl are written page by page, so peak RSS does not grow
 * with the number of assignments (except with --query on json/yaml/table,
 * which needs the whole result, and table).
 *
 * --watch SECONDS (kiosk mode, ours): list, sleep SECONDS, list again, ...
 * printing only assignments whose AssignmentId was not printed before, with
 * --output jsonl (each line as it arrives) or text (each page's new rows);
 * other formats, --max-items, --starting-token and --no-paginate are usage
 * errors (252).  One client, so one kept-alive connection across polls (a
 * connection the server dropped while idle is replaced quietly).  Network
 * failures and errors retried to exhaustion are printed and the next poll
 * goes on; other service errors end the program with the usual code.
 * SIGINT/SIGTERM end it with status 0: an interrupted page prints nothing,
 * so stdout only ever holds whole lines.  No pager in this mode.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tinyturk.h"
#include "tt_awscfg.h"
#include "tt_ca.h"
#include "tt_cli_args.h"
#include "tt_cli_help.h"
#include "tt_cli_input.h"
#include "tt_cli_run.h"
#include "tt_jmespath.h"
#include "tt_output.h"
#include "tt_posix.h"
#include "tt_proxy.h"
#include "tt_tls.h"

/* Engine arena: reserved, not touched (the engine uses a few KB plus the
 * largest assignment; untouched pages cost no memory). */
#define ARENA_BYTES ((size_t)16 << 20)

#define UA "tinyturk/" TT_VERSION " (aws-cli/2.9.19 compatible) command/mturk.list-assignments-for-hit"

static volatile sig_atomic_t g_stop;
static volatile sig_atomic_t g_signal;

/*
 * The auto-prompt default, as the CLI resolves it before parsing:
 * AWS_CLI_AUTO_PROMPT, else cli_auto_prompt in the profile (--profile is
 * looked for in argv by hand, since parsing has not happened yet).  Config
 * errors are ignored here; the real load after parsing reports them.
 */
static int auto_prompt_default(int argc, char **argv)
{
    tt_awscfg_args aa;
    tt_awscfg cfg;
    char msg[256];
    int i, mode = TT_CLI_PROMPT_UNSET;

    memset(&aa, 0, sizeof aa);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
            aa.profile = argv[i + 1];
        else if (strncmp(argv[i], "--profile=", 10) == 0)
            aa.profile = argv[i] + 10;
    }
    (void)tt_awscfg_load(&aa, &cfg, msg, sizeof msg);
    if (cfg.cli_auto_prompt) {
        if (strcmp(cfg.cli_auto_prompt, "on") == 0)
            mode = TT_CLI_PROMPT_ON;
        else if (strcmp(cfg.cli_auto_prompt, "on-partial") == 0)
            mode = TT_CLI_PROMPT_PARTIAL;
        else
            mode = TT_CLI_PROMPT_OFF;
    }
    tt_awscfg_free(&cfg);
    return mode;
}

static void on_signal(int sig)
{
    g_stop = 1;
    g_signal = sig;
}

/* Everything one run needs; callbacks get a pointer to it. */
struct cli {
    tt_cli_options *o;
    tt_awscfg cfg;
    int debug;
    tt_cli_log log;
    tt_cli_endpoint ep;

    /* output */
    tt_out_opts oo;
    tt_out *out;
    FILE *outf;            /* stdout or the pager */
    tt_cli_pager pager;
    int use_pager;
    int out_rc;            /* tt_out error that aborted the listing (0 = none) */
    int out_errno;

    /* --watch */
    int watch;
    tt_cli_idset seen;
    char **pending;        /* ids of the current page not committed yet (text) */
    size_t n_pending, cap_pending;
    int oom;

    /* for "The same next token was received twice" */
    char last_token[TT_MAX_NEXT_TOKEN + 1];
    int have_last_token;

    /* transport */
    char proxy_display[1100];
    int proxied;
};

/* ------------------------------------------------------------------------
 * output helpers
 * ------------------------------------------------------------------------ */

static int terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

/* Python's str(OSError) for a failed write: "[Errno 32] Broken pipe". */
static int write_error(int err)
{
    fflush(stdout);
    fprintf(stderr, "\n[Errno %d] %s\n", err ? err : EIO, strerror(err ? err : EIO));
    return 255;
}

static int pending_add(struct cli *c, const char *id, size_t len)
{
    char *s;
    if (c->n_pending == c->cap_pending) {
        size_t nc = c->cap_pending ? c->cap_pending * 2 : 128;
        char **np = (char **)realloc(c->pending, nc * sizeof *np);
        if (!np)
            return -1;
        c->pending = np;
        c->cap_pending = nc;
    }
    s = (char *)malloc(len + 1);
    if (!s)
        return -1;
    memcpy(s, id, len);
    s[len] = 0;
    c->pending[c->n_pending++] = s;
    return 0;
}

static int pending_commit(struct cli *c)
{
    size_t i;
    int rc = 0;
    for (i = 0; i < c->n_pending; i++) {
        if (tt_cli_idset_add(&c->seen, c->pending[i], strlen(c->pending[i])) < 0)
            rc = -1;
        free(c->pending[i]);
    }
    c->n_pending = 0;
    return rc;
}

static void pending_drop(struct cli *c)
{
    size_t i;
    for (i = 0; i < c->n_pending; i++)
        free(c->pending[i]);
    c->n_pending = 0;
}

/* ------------------------------------------------------------------------
 * engine callbacks
 * ------------------------------------------------------------------------ */

static int cb_assignment(void *ctx, const tt_assignment *a, uint32_t index)
{
    struct cli *c = (struct cli *)ctx;
    int rc;
    (void)index;
    if (g_stop)
        return 1;
    if (c->watch) {
        /* Only assignments never printed before.  jsonl prints each one
         * now (commit at once); text prints at the page end (commit then,
         * so a page lost to an error is printed by a later poll). */
        if (tt_cli_idset_has(&c->seen, a->assignment_id.ptr, a->assignment_id.len))
            return 0;
        if (c->oo.format == TT_OUT_JSONL) {
            if (tt_cli_idset_add(&c->seen, a->assignment_id.ptr, a->assignment_id.len) < 0) {
                c->oom = 1;
                return 1;
            }
        } else if (pending_add(c, a->assignment_id.ptr, a->assignment_id.len) != 0) {
            c->oom = 1;
            return 1;
        }
    }
    rc = tt_out_assignment(c->out, a);
    if (rc != TT_OK) {
        c->out_rc = rc;
        c->out_errno = errno;
        return 1;
    }
    if (c->watch && c->oo.format == TT_OUT_JSONL)
        fflush(c->outf);
    return 0;
}

static int cb_page_end(void *ctx, const tt_page_info *info)
{
    struct cli *c = (struct cli *)ctx;
    int rc;
    if (info->next_token.ptr && info->next_token.len < sizeof c->last_token) {
        memcpy(c->last_token, info->next_token.ptr, info->next_token.len);
        c->last_token[info->next_token.len] = 0;
        c->have_last_token = 1;
    }
    if (g_stop && c->watch)
        return 1; /* print no part of an interrupted page */
    rc = tt_out_page_end(c->out, info);
    if (rc != TT_OK) {
        c->out_rc = rc;
        c->out_errno = errno;
        return 1;
    }
    if (c->watch) {
        if (pending_commit(c) != 0) {
            c->oom = 1;
            return 1;
        }
        fflush(c->outf);
    }
    return 0;
}

static int cb_token(void *ctx, tt_str tok)
{
    struct cli *c = (struct cli *)ctx;
    int rc = tt_out_set_token(c->out, tok.ptr, tok.len);
    if (rc != TT_OK) {
        c->out_rc = rc;
        c->out_errno = errno;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * --debug lines of ours (the engine adds its own)
 * ------------------------------------------------------------------------ */

static void debug_args(struct cli *c, int argc, char **argv)
{
    char line[8192], item[1024];
    size_t n = 0;
    int i;
    tt_cli_logf(&c->log, "awscli.clidriver", "CLI version: %s", UA);
    n += (size_t)snprintf(line + n, sizeof line - n, "Arguments entered to CLI: [");
    for (i = 1; i < argc && n < sizeof line; i++) {
        tt_cli_py_repr(argv[i], strlen(argv[i]), item, sizeof item);
        n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", i > 1 ? ", " : "", item);
    }
    if (n < sizeof line)
        snprintf(line + n, sizeof line - n, "]");
    tt_cli_log_line(&c->log, "awscli.clidriver", line, strlen(line));
}

static void debug_config(struct cli *c)
{
    const tt_awscfg *g = &c->cfg;
    const char *src = "none";
    tt_cli_logf(&c->log, "tinyturk.config", "Profile: %s%s", g->profile,
                g->profile_named ? "" : " (default)");
    tt_cli_logf(&c->log, "tinyturk.config", "Config file: %s", g->config_file ? g->config_file : "-");
    tt_cli_logf(&c->log, "tinyturk.config", "Shared credentials file: %s",
                g->credentials_file ? g->credentials_file : "-");
    switch (g->cred_source) {
    case TT_CRED_ENV:
        src = "env";
        tt_cli_log_line(&c->log, "botocore.credentials", "Found credentials in environment variables.",
                        44);
        break;
    case TT_CRED_SHARED_FILE:
        src = "shared-credentials-file";
        tt_cli_logf(&c->log, "botocore.credentials", "Found credentials in shared credentials file: %s",
                    g->credentials_file ? g->credentials_file : "");
        break;
    case TT_CRED_CONFIG_FILE:
        src = "config-file";
        tt_cli_logf(&c->log, "botocore.credentials", "Credentials found in config file: %s",
                    g->config_file ? g->config_file : "");
        break;
    default:
        break;
    }
    /* Never the secret key or the session token: only whether they exist. */
    tt_cli_logf(&c->log, "tinyturk.config",
                "Credentials: method %s, access key id %s, secret access key %s, session token %s",
                src, g->access_key_id ? g->access_key_id : "(none)",
                g->secret_access_key ? "<redacted>" : "(none)",
                g->session_token && *g->session_token ? "<redacted>" : "(none)");
    tt_cli_logf(&c->log, "tinyturk.config",
                "Region: %s; output: %s; cli_timestamp_format: %s; retry_mode: %s; max_attempts: %u",
                g->region ? g->region : "(none)", g->output, g->cli_timestamp_format, g->retry_mode,
                g->max_attempts);
}

/* ------------------------------------------------------------------------
 * setup steps
 * ------------------------------------------------------------------------ */

static int env_true(const char *name)
{
    const char *v = getenv(name);
    return v && (v[0] == 't' || v[0] == 'T') && (v[1] == 'r' || v[1] == 'R')
           && (v[2] == 'u' || v[2] == 'U') && (v[3] == 'e' || v[3] == 'E') && !v[4];
}

/* Python's urlparse() finds a scheme: "[A-Za-z][A-Za-z0-9+.-]*:" */
static int url_has_scheme(const char *u)
{
    size_t i = strcspn(u, ":");
    size_t k;
    if (i == 0 || !u[i] || !((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
        return 0;
    for (k = 0; k < i; k++) {
        char ch = u[k];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
              || ch == '+' || ch == '-' || ch == '.'))
            return 0;
    }
    return 1;
}

/* The proxy URL text the CLI would show (masked), or "" when none. */
static void proxy_env_text(int https, char *out, size_t cap)
{
    const char *lo = getenv(https ? "https_proxy" : "http_proxy");
    const char *up = getenv(https ? "HTTPS_PROXY" : "HTTP_PROXY");
    const char *v = lo ? lo : up;
    if (!https && !lo && getenv("REQUEST_METHOD"))
        v = NULL;
    if (v && *v)
        tt_cli_proxy_display(v, out, cap);
    else if (cap)
        out[0] = 0;
}

static uint32_t timeout_ms(int has, double v)
{
    long s;
    if (!has)
        return TT_DEFAULT_READ_TIMEOUT_MS;
    s = (long)v; /* the CLI does int(value) */
    if (s <= 0)
        return 0xFFFFFFFFu; /* 0 = no timeout (blocking), as the CLI */
    if (s > 4000000L)
        return 0xFFFFFFFFu;
    return (uint32_t)s * 1000u;
}

/* CA bundle problems as Python's ssl module reports them. */
static int load_ca(struct cli *c, const char *path, tt_ca_store *st)
{
    struct stat sb;
    char msg[TT_CLI_URL_MAX + 256];
    if (stat(path, &sb) != 0) {
        int e = errno;
        snprintf(msg, sizeof msg, "\nSSL validation failed for %s [Errno %d] %s\n", c->ep.url, e,
                 strerror(e));
        fputs(msg, stderr);
        return 255;
    }
    if (S_ISDIR(sb.st_mode)) {
        snprintf(msg, sizeof msg, "\nSSL validation failed for %s [Errno 21] Is a directory\n",
                 c->ep.url);
        fputs(msg, stderr);
        return 255;
    }
    if (tt_ca_load_file(path, st) != TT_OK) {
        if (access(path, R_OK) != 0) {
            int e = errno;
            snprintf(msg, sizeof msg, "\nSSL validation failed for %s [Errno %d] %s\n", c->ep.url,
                     e, strerror(e));
        } else {
            snprintf(msg, sizeof msg,
                     "\nSSL validation failed for %s [X509: NO_CERTIFICATE_OR_CRL_FOUND] no "
                     "certificate or crl found (_ssl.c:4123)\n",
                     c->ep.url);
        }
        fputs(msg, stderr);
        return 255;
    }
    if (c->debug)
        tt_cli_logf(&c->log, "tinyturk.tls", "Certificate bundle %s: %zu trust anchors (%zu skipped)",
                    path, st->count, st->skipped);
    return 0;
}

/* ------------------------------------------------------------------------
 * the listing
 * ------------------------------------------------------------------------ */

static int open_output(struct cli *c)
{
    int rc = tt_out_new(&c->oo, &c->out);
    if (rc != TT_OK) {
        fprintf(stderr, "\n%s\n",
                rc == TT_OUT_ERR_IO ? strerror(errno)
                : c->out            ? tt_out_errmsg(c->out)
                                    : strerror(ENOMEM));
        tt_out_free(c->out);
        c->out = NULL;
        return 255;
    }
    return 0;
}

/* Exit code and message for an output-side failure (tt_out code). */
static int output_failure(struct cli *c)
{
    if (c->oom) {
        fprintf(stderr, "\n%s\n", strerror(ENOMEM));
        return 255;
    }
    if (c->out_rc == TT_OUT_ERR_IO)
        return write_error(c->out_errno);
    if (c->out_rc == TT_JV_ERR_NOMEM) {
        fprintf(stderr, "\n%s\n", strerror(ENOMEM));
        return 255;
    }
    fprintf(stderr, "\n%s\n", c->out ? tt_out_errmsg(c->out) : "output error");
    return 255;
}

static void sleep_interruptible(long seconds)
{
    struct timespec ts;
    long ms = seconds * 1000;
    while (ms > 0 && !g_stop) {
        long s = ms < 200 ? ms : 200;
        ts.tv_sec = 0;
        ts.tv_nsec = s * 1000000L;
        nanosleep(&ts, NULL);
        ms -= s;
    }
}

/* Failures a --watch loop rides out (message printed, next poll as usual):
 * network trouble and errors the engine retried until it gave up.  Service
 * answers such as an unknown HIT or bad credentials, and certificate
 * problems, end the program. */
static int transient(int rc, const tt_error_info *e)
{
    if (rc <= TT_ERR_TLS_UNTRUSTED && rc > TT_ERR_TLS_UNTRUSTED - 100)
        return rc == TT_ERR_TLS_IO || rc == TT_ERR_TLS_CLOSED || rc == TT_ERR_TLS_HANDSHAKE;
    if (rc <= TT_ERR_DNS && rc > TT_ERR_DNS - 100)
        return 1;
    if (rc <= TT_ERR_HTTP_BAD_STATUS_LINE && rc > TT_ERR_HTTP_BAD_STATUS_LINE - 100)
        return 1;
    return e->retries_exhausted;
}

static int run_listing(struct cli *c, tt_client *client, tt_arena *arena, tt_list_params *lp)
{
    char msg[4096];
    int rc, ec = 0;
    tt_list_result res;

    for (;;) {
        if (open_output(c) != 0)
            return 255;
        c->out_rc = 0;
        c->have_last_token = 0;
        memset(&res, 0, sizeof res);
        rc = tt_client_list(client, arena, lp, &res);
        if (c->debug)
            tt_cli_logf(&c->log, "tinyturk.cli",
                        "Listing done: %s, %llu assignments, %u pages, %u requests, %u connections "
                        "so far, arena high water %zu bytes",
                        tt_errname(rc), (unsigned long long)res.items, (unsigned)res.pages,
                        (unsigned)res.requests, (unsigned)client->connections, arena->high_water);
        if (g_stop) {
            pending_drop(c);
            tt_out_free(c->out);
            c->out = NULL;
            if (c->watch)
                return 0;
            /* The CLI's KeyboardInterrupt handler: a newline on stdout, 130. */
            fflush(c->outf);
            fputs("\n", stdout);
            return 128 + SIGINT;
        }
        if (rc == TT_OK) {
            int frc = tt_out_finish(c->out);
            if (frc != TT_OK) {
                c->out_rc = frc;
                c->out_errno = errno;
            } else if (fflush(c->outf) != 0 || ferror(c->outf)) {
                c->out_rc = TT_OUT_ERR_IO;
                c->out_errno = errno;
            }
            if (c->out_rc) {
                ec = output_failure(c);
                tt_out_free(c->out);
                c->out = NULL;
                return ec;
            }
        } else if (rc == TT_ERR_CALLBACK_ABORT && (c->out_rc || c->oom)) {
            ec = output_failure(c);
            tt_out_free(c->out);
            c->out = NULL;
            return ec;
        }
        tt_out_free(c->out);
        c->out = NULL;
        pending_drop(c);
        if (rc != TT_OK) {
            const tt_error_info *e = tt_client_error(client);
            if (rc == TT_ERR_ARENA_FULL) {
                snprintf(msg, sizeof msg,
                         "\ntinyturk: an assignment needs %zu bytes of working memory, more than "
                         "the %zu reserved\n",
                         e->arena_needed, arena->cap);
                ec = 255;
            } else {
                ec = tt_cli_error_text(rc, e, client->cfg.max_attempts, &c->ep,
                                       c->proxied ? c->proxy_display : NULL,
                                       c->have_last_token ? c->last_token : lp->starting_token.ptr,
                                       msg, sizeof msg);
            }
            fflush(c->outf);
            if (c->use_pager && !c->watch) {
                /* The CLI waits for its pager before printing the error. */
                char pm[1024];
                tt_cli_pager_close(c->outf, &c->pager, pm, sizeof pm);
                c->outf = stdout;
                c->use_pager = 0;
            }
            fputs(msg, stderr);
            fflush(stderr);
            if (!c->watch || !transient(rc, e))
                return ec;
        }
        if (!c->watch)
            return 0;
        sleep_interruptible(c->o->watch_seconds);
        if (g_stop)
            return 0;
    }
}

static int run(struct cli *c, int argc, char **argv)
{
    tt_cli_options *o = c->o;
    tt_awscfg_args aa;
    char msg[4096];
    int rc, fips, dualstack;
    tt_out_format fmt = TT_OUT_JSON;
    tt_jmespath *query = NULL;
    tt_jmespath_error jerr;

    /* transport stack */
    tt_posix_socket sock;
    tt_posix_platform pplat;
    tt_platform plat0, plat;
    tt_cli_plat cplat;
    tt_transport tcp, prox_t, tls_t, guard_t, *top;
    tt_proxy prox;
    tt_proxy_url purl;
    tt_tls tls;
    tt_tls_config tcfg;
    tt_ca_store store;
    tt_arena arena, tls_arena;
    unsigned char *mem = NULL, *tls_mem = NULL;
    tt_cli_guard guard;
    tt_client client;
    tt_client_config ccfg;
    tt_list_params lp;
    tt_str *statuses = NULL;
    size_t i;
    int client_ready = 0;

    memset(&store, 0, sizeof store);
    c->debug = o->debug;
    c->log.f = o->debug ? stderr : NULL;
    if (c->debug)
        debug_args(c, argc, argv);

    /* 0. --endpoint-url needs a scheme (checked as soon as options are parsed) */
    if (o->endpoint_url && !url_has_scheme(o->endpoint_url)) {
        fprintf(stderr,
                "\nBad value for --endpoint-url \"%s\": scheme is missing.  Must be of the form "
                "http://<hostname>/ or https://<hostname>/\n",
                o->endpoint_url);
        return 252;
    }

    /* 1. configuration: profile, credentials, region, output, ... */
    memset(&aa, 0, sizeof aa);
    aa.profile = o->profile;
    aa.region = o->region;
    aa.output = o->output;
    aa.endpoint_url = o->endpoint_url;
    aa.ca_bundle = o->ca_bundle;
    rc = tt_awscfg_load(&aa, &c->cfg, msg, sizeof msg);
    c->log.secrets[0] = c->cfg.secret_access_key;
    c->log.secrets[1] = c->cfg.session_token;
    if (rc != 0) {
        fprintf(stderr, "\n%s\n", msg);
        return rc;
    }
    if (c->debug)
        debug_config(c);

    /* --watch: which outputs and options it works with (usage errors, 252) */
    c->watch = o->has_watch;
    if (c->watch) {
        if (tt_out_format_parse(c->cfg.output, &fmt) == 0 && fmt != TT_OUT_TEXT
            && fmt != TT_OUT_JSONL) {
            fprintf(stderr, "\n%s: --watch needs --output text or --output jsonl (got %s)\n",
                    o->prog, c->cfg.output);
            return 252;
        }
        if (!o->paginate || o->has_max_items || o->starting_token) {
            fprintf(stderr,
                    "\n%s: --watch cannot be combined with --max-items, --starting-token, "
                    "--no-paginate or NextToken/MaxResults input\n",
                    o->prog);
            return 252;
        }
    }

    if (o->generate_skeleton) { /* "output": region needed, no request */
        tt_cli_options so = *o;
        if (!so.output)
            so.output = c->cfg.output;
        return tt_cli_skeleton(&so, c->cfg.region, stdout, stderr);
    }

    /* 2. cli_timestamp_format is checked first (before the region) */
    tt_out_opts_defaults(&c->oo);
    if (!strcmp(c->cfg.cli_timestamp_format, "iso8601")) {
        c->oo.ts = TT_TS_ISO8601;
    } else if (!strcmp(c->cfg.cli_timestamp_format, "wire")) {
        c->oo.ts = TT_TS_WIRE;
    } else {
        fprintf(stderr,
                "\nUnknown cli_timestamp_format value: %s, valid values are \"wire\" or "
                "\"iso8601\"\n",
                c->cfg.cli_timestamp_format);
        return 253;
    }

    /* 3. region (needed even with --endpoint-url), then the endpoint */
    rc = tt_awscfg_need_region(&c->cfg, msg, sizeof msg);
    if (rc != 0) {
        fprintf(stderr, "\n%s\n", msg);
        return rc;
    }
    if (!tt_cli_region_valid(c->cfg.region)) {
        fprintf(stderr, "\nProvided region_name '%s' doesn't match a supported format.\n",
                c->cfg.region);
        return 255;
    }
    fips = env_true("AWS_USE_FIPS_ENDPOINT");
    dualstack = env_true("AWS_USE_DUALSTACK_ENDPOINT");
    if (c->cfg.endpoint_url)
        rc = tt_cli_endpoint_from_url(c->cfg.endpoint_url, c->cfg.region, &c->ep, msg, sizeof msg);
    else
        rc = tt_cli_endpoint_from_region(c->cfg.region, fips, dualstack, &c->ep, msg, sizeof msg);
    if (rc != 0) {
        fprintf(stderr, "\n%s\n", msg);
        return rc;
    }
    if (c->debug) {
        tt_cli_logf(&c->log, "botocore.regions", "Endpoint provider result: %s (%s)", c->ep.url,
                    c->cfg.endpoint_url ? (c->cfg.endpoint_url_source ? c->cfg.endpoint_url_source
                                                                       : "endpoint_url")
                                        : "region");
        tt_cli_logf(&c->log, "tinyturk.cli", "Connecting to %s%s%s port %u (%s), signing region %s",
                    c->ep.ipv6 ? "[" : "", c->ep.host, c->ep.ipv6 ? "]" : "", (unsigned)c->ep.port,
                    c->ep.https ? "https" : "http", c->ep.region);
    }

    /* The CLI makes its formatter before the first page is requested when it
     * paginates (so a bad output type wins over parameter and credential
     * errors), after the single request otherwise. */
    if (o->paginate && tt_out_format_parse(c->cfg.output, &fmt) != 0) {
        fprintf(stderr, "\nUnknown output type: %s\n", c->cfg.output);
        return 255;
    }

    /* 4. parameter validation errors the CLI raises at request time */
    if (o->deferred.exit_code) {
        if (o->deferred.text)
            fputs(o->deferred.text, stderr);
        return o->deferred.exit_code;
    }

    /* 5. credentials (not with --no-sign-request) */
    if (!o->no_sign_request) {
        rc = tt_awscfg_need_credentials(&c->cfg, msg, sizeof msg);
        if (rc != 0) {
            fprintf(stderr, "\n%s\n", msg);
            return rc;
        }
    }
    if (!o->paginate && tt_out_format_parse(c->cfg.output, &fmt) != 0) {
        fprintf(stderr, "\nUnknown output type: %s\n", c->cfg.output);
        return 255;
    }
    c->oo.format = fmt;

    /* 6. --query, output destination */
    if (o->query) {
        if (tt_jmespath_compile(o->query, strlen(o->query), &query, &jerr) != TT_OK) {
            fprintf(stderr, "\nBad value for --query %s: %s\n", o->query, jerr.msg);
            return 252;
        }
    }
    c->oo.query = query;
    c->oo.paginated = o->paginate;
    c->oo.answers = o->answers;
    if (!o->color || !strcmp(o->color, "auto"))
        c->oo.color = isatty(STDOUT_FILENO);
    else
        c->oo.color = !strcmp(o->color, "on");
    c->oo.terminal_width = terminal_width();
    c->outf = stdout;
    if (!c->watch && !o->no_cli_pager && c->cfg.pager[0] && isatty(STDOUT_FILENO)) {
        FILE *pf = tt_cli_pager_open(c->cfg.pager, &c->pager);
        if (pf) {
            c->outf = pf;
            c->use_pager = 1;
        } else if (errno == EINVAL || errno == EILSEQ) { /* shlex.split's ValueError */
            fprintf(stderr, "\n%s\n",
                    errno == EINVAL ? "No closing quotation" : "No escaped character");
            rc = 255;
            goto out;
        }
    }
    if (c->watch)
        setvbuf(stdout, NULL, _IOLBF, 0); /* each line out as soon as it is complete */
    else if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, NULL, _IOFBF, 1 << 16); /* fewer write(2)s for big listings */
    c->oo.out = c->outf;
    if (c->debug)
        tt_cli_logf(&c->log, "tinyturk.cli", "Output %s%s%s, pager %s%s", c->cfg.output,
                    o->query ? ", query " : "", o->query ? o->query : "",
                    c->use_pager ? c->cfg.pager : "none",
                    c->watch ? ", watching" : "");

    /* 7. transport: TCP [-> proxy] [-> TLS] -> guard */
    tt_posix_platform_init(&pplat, &plat0);
    tt_cli_plat_init(&cplat, &plat0, &g_stop, &plat);
    tt_posix_transport_init(&sock, &tcp);
    top = &tcp;
    proxy_env_text(c->ep.https, c->proxy_display, sizeof c->proxy_display);
    rc = tt_proxy_from_env(c->ep.https, c->ep.host, c->ep.port_explicit ? c->ep.port : 0, &purl);
    if (rc < 0) {
        fprintf(stderr, "\nFailed to connect to proxy URL: \"%s\"\n", c->proxy_display);
        rc = 255;
        goto out;
    }
    if (rc == 1) {
        tt_proxy_transport_init(&prox, &tcp, purl.host, purl.port,
                                purl.auth_b64[0] ? purl.auth_b64 : NULL, &prox_t);
        top = &prox_t;
        c->proxied = 1;
        if (c->debug)
            tt_cli_logf(&c->log, "tinyturk.cli", "Using proxy %s (CONNECT tunnel)", c->proxy_display);
    }
    if (c->ep.https) {
        memset(&tcfg, 0, sizeof tcfg);
        tcfg.no_verify = o->no_verify_ssl;
        tcfg.readahead = 16384; /* about half the recv calls of record-by-record reads */
        if (!tcfg.no_verify) {
            rc = load_ca(c, c->cfg.ca_bundle ? c->cfg.ca_bundle : TT_CA_DEFAULT_FILE, &store);
            if (rc != 0)
                goto out;
            tcfg.anchors = store.anchors;
            tcfg.anchor_count = store.count;
        } else if (c->debug) {
            tt_cli_log_line(&c->log, "tinyturk.tls", "Certificate verification disabled (--no-verify-ssl)",
                            51);
        }
        tls_mem = (unsigned char *)malloc(tt_tls_arena_bytes(&tcfg));
        if (!tls_mem) {
            rc = write_error(ENOMEM);
            goto out;
        }
        tt_arena_init(&tls_arena, tls_mem, tt_tls_arena_bytes(&tcfg));
        if (tt_tls_transport_init(&tls, top, &tls_arena, &tcfg, &plat, &tls_t) != TT_OK) {
            fprintf(stderr, "\ntinyturk: TLS set-up failed\n");
            rc = 255;
            goto out;
        }
        top = &tls_t;
    }
    tt_cli_guard_init(&guard, top, &g_stop, &guard_t);
    guard.sock_fd = &sock.fd;
    guard.log = c->debug ? &c->log : NULL;
    if (c->ep.https && o->no_verify_ssl) {
        guard.warn_host = c->proxied ? purl.host : c->ep.host;
        guard.warn_to = stderr;
    }

    /* 8. the engine */
    tt_client_config_defaults(&ccfg);
    ccfg.transport = &guard_t;
    ccfg.platform = &plat;
    ccfg.host = c->ep.host;
    ccfg.port = c->ep.port;
    ccfg.https = c->ep.https;
    ccfg.region = c->ep.region;
    ccfg.path = c->ep.path;
    if (!o->no_sign_request) {
        ccfg.access_key_id = c->cfg.access_key_id;
        ccfg.secret_access_key = c->cfg.secret_access_key;
        ccfg.session_token = c->cfg.session_token;
    } else {
        ccfg.access_key_id = NULL;
    }
    ccfg.user_agent = UA;
    ccfg.max_attempts = c->cfg.max_attempts;
    ccfg.connect_timeout_ms = timeout_ms(o->has_connect_timeout, o->connect_timeout);
    ccfg.read_timeout_ms = timeout_ms(o->has_read_timeout, o->read_timeout);
    ccfg.io_buf = 16384; /* a host: fewer, larger reads (less CPU per byte) */
    if (c->debug) {
        ccfg.debug = tt_cli_log_engine;
        ccfg.debug_ctx = &c->log;
        char ct[16] = "None", rt[16] = "None";
        if (ccfg.connect_timeout_ms != 0xFFFFFFFFu)
            snprintf(ct, sizeof ct, "%u", (unsigned)(ccfg.connect_timeout_ms / 1000u));
        if (ccfg.read_timeout_ms != 0xFFFFFFFFu)
            snprintf(rt, sizeof rt, "%u", (unsigned)(ccfg.read_timeout_ms / 1000u));
        tt_cli_logf(&c->log, "botocore.endpoint", "Setting mturk-requester timeout as (%s, %s)",
                    ct, rt);
        tt_cli_logf(&c->log, "tinyturk.cli", "Retry mode %s, max attempts %u", c->cfg.retry_mode,
                    ccfg.max_attempts);
    }
    rc = tt_client_init(&client, &ccfg);
    if (rc != TT_OK) {
        fprintf(stderr, "\ntinyturk: %s\n", tt_strerror(rc));
        rc = 255;
        goto out;
    }
    client_ready = 1;

    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c(o->hit_id ? o->hit_id : "");
    if (o->has_statuses) {
        statuses = (tt_str *)calloc(o->n_statuses ? o->n_statuses : 1, sizeof *statuses);
        if (!statuses) {
            rc = write_error(ENOMEM);
            goto out;
        }
        for (i = 0; i < o->n_statuses; i++)
            statuses[i] = tt_str_c(o->statuses[i]);
        lp.statuses = statuses;
        lp.n_statuses = o->n_statuses;
    }
    if (o->paginate) {
        if (o->has_page_size) /* clamped, never wrapped to another valid size (or 0 = none) */
            lp.page_size = (uint64_t)o->page_size > UINT32_MAX ? UINT32_MAX : (uint32_t)o->page_size;
        lp.max_items = o->has_max_items ? (int64_t)o->max_items : -1;
        if (o->starting_token)
            lp.starting_token = tt_str_c(o->starting_token);
    } else {
        lp.no_paginate = 1;
        lp.max_items = -1;
        if (o->has_max_results)
            lp.page_size = (uint64_t)o->max_results > UINT32_MAX ? UINT32_MAX
                                                                 : (uint32_t)o->max_results;
        if (o->has_next_token)
            lp.starting_token = tt_str_c(o->next_token);
    }
    lp.on_assignment = cb_assignment;
    lp.on_page_end = cb_page_end;
    lp.on_token = cb_token;
    lp.cb_ctx = c;

    mem = (unsigned char *)malloc(ARENA_BYTES);
    if (!mem) {
        rc = write_error(ENOMEM);
        goto out;
    }
    tt_arena_init(&arena, mem, ARENA_BYTES);
    rc = run_listing(c, &client, &arena, &lp);

out:
    if (client_ready)
        tt_client_close(&client);
    if (c->use_pager) {
        int prc = tt_cli_pager_close(c->outf, &c->pager, msg, sizeof msg);
        c->use_pager = 0;
        c->outf = stdout;
        if (prc != 0) {
            fputs(msg, stderr);
            rc = prc;
        }
    }
    free(statuses);
    free(mem);
    if (tls_mem) /* BearSSL's contexts hold the session keys */
        tt_zeroize(tls_mem, tls_arena.cap);
    free(tls_mem);
    tt_ca_free(&store);
    tt_jmespath_free(query);
    tt_cli_log_flush(&c->log);
    free(c->log.pend);
    c->log.pend = NULL;
    return rc;
}

int main(int argc, char **argv)
{
    tt_cli_options o;
    tt_cli_error e;
    struct cli c;
    struct sigaction sa;
    int r, rc = 0;

    /* A closed stdout is reported as the CLI does ([Errno 32] Broken pipe). */
    signal(SIGPIPE, SIG_IGN);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);

    {
        tt_cli_parse_cfg pc;
        tt_cli_parse_cfg_defaults(&pc);
        pc.auto_prompt_default = auto_prompt_default(argc, argv);
        r = tt_cli_parse_ex(argc, argv, &pc, &o, &e);
    }
    switch (r) {
    case TT_CLI_ERROR:
        if (e.text)
            fputs(e.text, stderr);
        rc = e.exit_code;
        break;
    case TT_CLI_HELP:
        rc = tt_cli_help_print(&o, stdout);
        break;
    case TT_CLI_VERSION:
        tt_cli_version_print(stdout);
        rc = 0;
        break;
    case TT_CLI_SKELETON:
    case TT_CLI_RUN:
        if (r == TT_CLI_SKELETON && o.generate_skeleton
            && strcmp(o.generate_skeleton, "output") != 0) {
            rc = tt_cli_skeleton(&o, NULL, stdout, stderr); /* no configuration needed */
            break;
        }
        /* a run, or the "output" skeleton, which needs the region */
        memset(&c, 0, sizeof c);
        c.o = &o;
        sigaction(SIGINT, &sa, NULL);
        if (o.has_watch)
            sigaction(SIGTERM, &sa, NULL); /* --watch: finish the line, exit 0 */
        rc = run(&c, argc, argv);
        tt_awscfg_free(&c.cfg);
        tt_cli_idset_free(&c.seen);
        free(c.pending);
        break;
    default:
        rc = 255;
        break;
    }
    if (fflush(stdout) != 0 && rc == 0)
        rc = write_error(errno);
    tt_cli_error_free(&e);
    tt_cli_options_free(&o);
    return rc;
}
