/*
 * ttlist - drive the engine (tinyturk.h) over real sockets for integration
 * tests and benchmarks: port/posix sockets [+ CONNECT proxy] [+ BearSSL TLS]
 * + tt_client_list().
 *
 *   ttlist --endpoint http://127.0.0.1:PORT --hit-id H [options]
 *
 * Output (stdout, one JSON object per line):
 *   every assignment:  {"i": <0-based index in its page>, "AssignmentId": ...}
 *                      (present members only; timestamps as their wire text)
 *   with --pages, after each page: {"page": n, "next_token": ..., ...}
 *   last line:         {"result": "<tt_err name>", "code": n, "items": n, ...,
 *                       "token": <resume token or null>, "error_token": <token
 *                       to resume after a failure, or null>, error details,
 *                       "arena_high_water": n, "arena_needed": n,
 *                       "cpu_ms": <user+sys of this process>, ...}
 * Exit status 0 when the listing succeeded, 1 when it failed, 2 for usage.
 *
 * Options:
 *   --endpoint URL        http://host:port or https://host[:port] (required)
 *   --hit-id ID           (required)
 *   --region R            signing region (us-east-1)
 *   --access-key K --secret-key S [--session-token T]
 *                         (default: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 *                         AWS_SESSION_TOKEN, else the example keys)
 *   --no-sign-request     send no signature
 *   --status S            AssignmentStatuses entry (repeatable)
 *   --empty-statuses      send "AssignmentStatuses": []
 *   --page-size N --max-items N --starting-token T --no-paginate
 *   --fields A,B,...      decode only these members (model names)
 *   --clock-offset S      wall clock off by S seconds; --clock-unset: no clock
 *   --max-attempts N      --connect-timeout MS  --read-timeout MS
 *   --ca-file F           trust anchors (PEM); --no-verify; --server-name N
 *   --proxy URL           CONNECT proxy (default: HTTPS_PROXY/HTTP_PROXY env)
 *   --arena N             engine arena bytes (default 65536; TLS has its own)
 *   --user-agent UA       --debug (debug lines on stderr)
 *   --quiet               do not print assignments (count only)
 *   --pages               print a line per page
 *   --repeat N            list N times with the same client (keep-alive)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tinyturk.h"
#include "tt_ca.h"
#include "tt_posix.h"
#include "tt_proxy.h"
#include "tt_tls.h"

#define MAX_STATUSES 16

static int quiet, print_pages;

static void json_str(FILE *f, const char *s, size_t n)
{
    size_t i = 0, run;
    fputc('"', f);
    while (i < n) {
        for (run = i; run < n; run++) { /* a run of bytes that need no escape */
            unsigned char ch = (unsigned char)s[run];
            if (ch == '"' || ch == '\\' || ch < 0x20 || ch == 0x7f)
                break;
        }
        if (run > i)
            fwrite(s + i, 1, run - i, f);
        if (run < n) {
            unsigned char ch = (unsigned char)s[run];
            if (ch == '"' || ch == '\\')
                fprintf(f, "\\%c", ch);
            else
                fprintf(f, "\\u%04x", ch);
            run++;
        }
        i = run;
    }
    fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
    if (s)
        json_str(f, s, strlen(s));
    else
        fputs("null", f);
}

static int on_item(void *ctx, const tt_assignment *a, uint32_t index)
{
    const tt_str *strs[TT_FIELD_COUNT];
    const tt_timestamp *ts[TT_FIELD_COUNT];
    int f;
    (void)ctx;
    if (quiet)
        return 0;
    memset(strs, 0, sizeof strs);
    memset(ts, 0, sizeof ts);
    strs[TT_FIELD_ASSIGNMENT_ID] = &a->assignment_id;
    strs[TT_FIELD_WORKER_ID] = &a->worker_id;
    strs[TT_FIELD_HIT_ID] = &a->hit_id;
    strs[TT_FIELD_ASSIGNMENT_STATUS] = &a->status;
    ts[TT_FIELD_AUTO_APPROVAL_TIME] = &a->auto_approval_time;
    ts[TT_FIELD_ACCEPT_TIME] = &a->accept_time;
    ts[TT_FIELD_SUBMIT_TIME] = &a->submit_time;
    ts[TT_FIELD_APPROVAL_TIME] = &a->approval_time;
    ts[TT_FIELD_REJECTION_TIME] = &a->rejection_time;
    ts[TT_FIELD_DEADLINE] = &a->deadline;
    strs[TT_FIELD_ANSWER] = &a->answer;
    strs[TT_FIELD_REQUESTER_FEEDBACK] = &a->requester_feedback;
    printf("{\"i\": %u", (unsigned)index);
    for (f = 0; f < TT_FIELD_COUNT; f++) {
        if (!(a->present & TT_FIELD_BIT(f)))
            continue;
        printf(", \"%s\": ", tt_assignment_field_name((tt_assignment_field)f));
        if (strs[f])
            json_str(stdout, strs[f]->ptr, strs[f]->len);
        else
            printf("{\"ms\": %lld, \"raw\": \"%.*s\"}", (long long)ts[f]->ms, (int)ts[f]->raw.len,
                   ts[f]->raw.ptr);
    }
    printf("}\n");
    return 0;
}

static int on_page(void *ctx, const tt_page_info *pi)
{
    (void)ctx;
    if (!print_pages)
        return 0;
    printf("{\"page\": %u, \"request_token\": ", (unsigned)pi->page);
    if (pi->request_token.ptr)
        json_str(stdout, pi->request_token.ptr, pi->request_token.len);
    else
        fputs("null", stdout);
    fputs(", \"next_token\": ", stdout);
    if (pi->next_token.ptr)
        json_str(stdout, pi->next_token.ptr, pi->next_token.len);
    else
        fputs("null", stdout);
    printf(", \"num_results\": ");
    if (pi->has_num_results)
        printf("%lld", (long long)pi->num_results);
    else
        fputs("null", stdout);
    printf(", \"items_in_page\": %u, \"skipped\": %u, \"delivered\": %u, \"last\": %d}\n",
           (unsigned)pi->items_in_page, (unsigned)pi->skipped, (unsigned)pi->delivered, pi->last);
    return 0;
}

static char token_out[8192];
static int have_token;

static int on_token(void *ctx, tt_str t)
{
    (void)ctx;
    snprintf(token_out, sizeof token_out, "%.*s", (int)t.len, t.ptr);
    have_token = 1;
    return 0;
}

static char etoken_out[8192];
static int have_etoken;

static int on_error_token(void *ctx, tt_str t)
{
    (void)ctx;
    snprintf(etoken_out, sizeof etoken_out, "%.*s", (int)t.len, t.ptr);
    have_etoken = 1;
    return 0;
}

static void on_debug(void *ctx, const char *line, size_t len)
{
    (void)ctx;
    fprintf(stderr, "%.*s\n", (int)len, line);
}

static int field_bit(const char *name, size_t n)
{
    int f;
    for (f = 0; f < TT_FIELD_COUNT; f++) {
        const char *fn = tt_assignment_field_name((tt_assignment_field)f);
        if (strlen(fn) == n && strncmp(fn, name, n) == 0)
            return f;
    }
    return -1;
}

static void usage(void)
{
    fprintf(stderr, "usage: ttlist --endpoint URL --hit-id ID [options] (see tests/tools/ttlist.c)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *endpoint = NULL, *ca_file = NULL, *proxy = NULL, *server_name = NULL;
    char host[256];
    int https = 0, no_verify = 0, clock_unset = 0, repeat = 1, rc = TT_OK, i, debug = 0;
    long port = 0;
    long long clock_offset = 0;
    size_t arena_size = 65536;
    tt_str statuses[MAX_STATUSES];
    size_t n_statuses = 0;
    int have_statuses = 0;
    tt_client_config cfg;
    tt_list_params lp;
    tt_list_result res;
    tt_client client;
    tt_posix_socket sock;
    tt_posix_platform pplat;
    tt_platform plat;
    tt_transport tcp, prox_t, tls_t, *top;
    tt_proxy prox;
    tt_proxy_url purl;
    tt_tls tls;
    tt_tls_config tcfg;
    tt_ca_store store;
    tt_arena arena, tls_arena;
    unsigned char *mem, *tls_mem = NULL;
    struct rusage ru;
    const tt_error_info *e;
    int use_proxy = 0;
    uint64_t total_items = 0;

    tt_client_config_defaults(&cfg);
    tt_list_params_defaults(&lp);
    memset(&store, 0, sizeof store);
    cfg.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    cfg.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    cfg.session_token = getenv("AWS_SESSION_TOKEN");
    if (!cfg.access_key_id || !cfg.secret_access_key) {
        cfg.access_key_id = "AKIDEXAMPLE";
        cfg.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
#define ARG() (i + 1 < argc ? argv[++i] : (usage(), (char *)NULL))
        if (!strcmp(a, "--endpoint"))
            endpoint = ARG();
        else if (!strcmp(a, "--hit-id"))
            lp.hit_id = tt_str_c(ARG());
        else if (!strcmp(a, "--region"))
            cfg.region = ARG();
        else if (!strcmp(a, "--access-key"))
            cfg.access_key_id = ARG();
        else if (!strcmp(a, "--secret-key"))
            cfg.secret_access_key = ARG();
        else if (!strcmp(a, "--session-token"))
            cfg.session_token = ARG();
        else if (!strcmp(a, "--no-sign-request"))
            cfg.access_key_id = NULL;
        else if (!strcmp(a, "--status") && n_statuses < MAX_STATUSES) {
            statuses[n_statuses++] = tt_str_c(ARG());
            have_statuses = 1;
        } else if (!strcmp(a, "--empty-statuses"))
            have_statuses = 1;
        else if (!strcmp(a, "--page-size"))
            lp.page_size = (uint32_t)strtoul(ARG(), NULL, 10);
        else if (!strcmp(a, "--max-items"))
            lp.max_items = strtoll(ARG(), NULL, 10);
        else if (!strcmp(a, "--starting-token"))
            lp.starting_token = tt_str_c(ARG());
        else if (!strcmp(a, "--no-paginate"))
            lp.no_paginate = 1;
        else if (!strcmp(a, "--fields")) {
            const char *s = ARG(), *p = s;
            lp.field_mask = 0;
            while (*p) {
                size_t n = strcspn(p, ",");
                int f = field_bit(p, n);
                if (f < 0) {
                    fprintf(stderr, "ttlist: unknown field %.*s\n", (int)n, p);
                    return 2;
                }
                lp.field_mask |= TT_FIELD_BIT(f);
                p += n;
                if (*p == ',')
                    p++;
            }
        } else if (!strcmp(a, "--clock-offset"))
            clock_offset = strtoll(ARG(), NULL, 10);
        else if (!strcmp(a, "--clock-unset"))
            clock_unset = 1;
        else if (!strcmp(a, "--max-attempts"))
            cfg.max_attempts = (unsigned)strtoul(ARG(), NULL, 10);
        else if (!strcmp(a, "--connect-timeout"))
            cfg.connect_timeout_ms = (uint32_t)strtoul(ARG(), NULL, 10);
        else if (!strcmp(a, "--read-timeout"))
            cfg.read_timeout_ms = (uint32_t)strtoul(ARG(), NULL, 10);
        else if (!strcmp(a, "--ca-file"))
            ca_file = ARG();
        else if (!strcmp(a, "--no-verify"))
            no_verify = 1;
        else if (!strcmp(a, "--server-name"))
            server_name = ARG();
        else if (!strcmp(a, "--proxy"))
            proxy = ARG();
        else if (!strcmp(a, "--arena"))
            arena_size = (size_t)strtoul(ARG(), NULL, 10);
        else if (!strcmp(a, "--user-agent"))
            cfg.user_agent = ARG();
        else if (!strcmp(a, "--debug"))
            debug = 1;
        else if (!strcmp(a, "--quiet"))
            quiet = 1;
        else if (!strcmp(a, "--pages"))
            print_pages = 1;
        else if (!strcmp(a, "--repeat"))
            repeat = atoi(ARG());
        else
            usage();
    }
    if (!endpoint || !lp.hit_id.ptr)
        usage();
    if (!strncmp(endpoint, "https://", 8)) {
        https = 1;
        endpoint += 8;
    } else if (!strncmp(endpoint, "http://", 7)) {
        endpoint += 7;
    } else {
        usage();
    }
    {
        const char *colon, *end = endpoint + strcspn(endpoint, "/");
        size_t hl;
        if (*endpoint == '[') { /* IPv6 literal */
            const char *rb = strchr(endpoint, ']');
            if (!rb || rb > end)
                usage();
            hl = (size_t)(rb - endpoint - 1);
            memcpy(host, endpoint + 1, hl);
            colon = rb[1] == ':' ? rb + 1 : NULL;
        } else {
            colon = memchr(endpoint, ':', (size_t)(end - endpoint));
            hl = (size_t)((colon ? colon : end) - endpoint);
            if (hl >= sizeof host)
                usage();
            memcpy(host, endpoint, hl);
        }
        host[hl] = 0;
        port = colon ? strtol(colon + 1, NULL, 10) : (https ? 443 : 80);
        if (port <= 0 || port > 65535)
            usage();
    }

    tt_posix_platform_init(&pplat, &plat);
    pplat.unset = clock_unset;
    pplat.offset_s = clock_offset;
    tt_posix_transport_init(&sock, &tcp);
    top = &tcp;

    if (proxy) {
        if (tt_proxy_parse_url(proxy, &purl) != TT_OK) {
            fprintf(stderr, "ttlist: bad proxy URL\n");
            return 2;
        }
        use_proxy = 1;
    } else {
        int pr = tt_proxy_from_env(https, host, (uint16_t)port, &purl);
        if (pr < 0) {
            fprintf(stderr, "ttlist: bad proxy in the environment\n");
            return 2;
        }
        use_proxy = pr == 1;
    }
    if (use_proxy) {
        tt_proxy_transport_init(&prox, &tcp, purl.host, purl.port,
                                purl.auth_b64[0] ? purl.auth_b64 : NULL, &prox_t);
        top = &prox_t;
    }
    if (https) {
        memset(&tcfg, 0, sizeof tcfg);
        tcfg.no_verify = no_verify;
        tcfg.server_name = server_name;
        if (!no_verify) {
            int cr = tt_ca_load_file(ca_file ? ca_file : TT_CA_DEFAULT_FILE, &store);
            if (cr != TT_OK) {
                printf("{\"result\": \"%s\", \"code\": %d, \"items\": 0}\n", tt_errname(cr), cr);
                return 1;
            }
            tcfg.anchors = store.anchors;
            tcfg.anchor_count = store.count;
        }
        tls_mem = (unsigned char *)malloc(tt_tls_arena_bytes(&tcfg));
        tt_arena_init(&tls_arena, tls_mem, tt_tls_arena_bytes(&tcfg));
        if (tt_tls_transport_init(&tls, top, &tls_arena, &tcfg, &plat, &tls_t) != TT_OK) {
            fprintf(stderr, "ttlist: TLS init failed\n");
            return 1;
        }
        top = &tls_t;
    }

    cfg.transport = top;
    cfg.platform = &plat;
    cfg.host = host;
    cfg.port = (uint16_t)port;
    cfg.https = https;
    if (debug)
        cfg.debug = on_debug;
    rc = tt_client_init(&client, &cfg);
    if (rc != TT_OK) {
        printf("{\"result\": \"%s\", \"code\": %d, \"items\": 0}\n", tt_errname(rc), rc);
        return 2;
    }
    if (have_statuses) {
        lp.statuses = statuses;
        lp.n_statuses = n_statuses;
    }
    lp.on_assignment = on_item;
    lp.on_page_end = on_page;
    lp.on_token = on_token;
    lp.on_error_token = on_error_token;

    mem = (unsigned char *)malloc(arena_size ? arena_size : 1);
    tt_arena_init(&arena, mem, arena_size);
    memset(&res, 0, sizeof res);
    for (i = 0; i < repeat; i++) {
        rc = tt_client_list(&client, &arena, &lp, &res);
        total_items += res.items;
        if (rc != TT_OK)
            break;
    }
    e = tt_client_error(&client);
    getrusage(RUSAGE_SELF, &ru);

    printf("{\"result\": \"%s\", \"code\": %d, \"items\": %llu, \"pages\": %u, "
           "\"requests\": %u, \"connections\": %u, \"token\": ",
           tt_errname(rc), rc, (unsigned long long)total_items, (unsigned)res.pages,
           (unsigned)client.requests, (unsigned)client.connections);
    json_cstr(stdout, have_token ? token_out : NULL);
    fputs(", \"error_token\": ", stdout);
    json_cstr(stdout, have_etoken ? etoken_out : NULL);
    printf(", \"cause\": \"%s\", \"http_status\": %d, \"service_code\": ", tt_errname(e->cause),
           e->http_status);
    json_cstr(stdout, e->service_code);
    fputs(", \"message\": ", stdout);
    json_cstr(stdout, e->message);
    fputs(", \"request_id\": ", stdout);
    json_cstr(stdout, e->request_id);
    fputs(", \"turk_error_code\": ", stdout);
    json_cstr(stdout, e->turk_error_code);
    printf(", \"attempts\": %u, \"retries_exhausted\": %d, \"arena_cap\": %zu, "
           "\"arena_high_water\": %zu, \"arena_needed\": %zu, \"arena_estimate\": %zu, "
           "\"clock_offset_ms\": %lld, \"clock_monotonic\": %d, \"cpu_ms\": %.3f}\n",
           e->attempts, e->retries_exhausted, arena_size, arena.high_water, e->arena_needed,
           tt_client_arena_estimate(&client, &lp),
           client.have_offset ? (long long)client.offset_ms : 0LL, client.offset_monotonic,
           (double)ru.ru_utime.tv_sec * 1e3 + (double)ru.ru_utime.tv_usec / 1e3
               + (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3);
    tt_client_close(&client);
    free(mem);
    free(tls_mem);
    tt_ca_free(&store);
    return rc == TT_OK ? 0 : 1;
}
