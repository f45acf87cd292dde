/*
 * ttfault - drive many engine listings (tt_client_list) from one process, for
 * the fault matrix, the arena sweep and the oversized-input tests
 * (tests/integration/test_fault_matrix.py, test_arena_sweep.py,
 * test_oversized.py).  One process serves thousands of cases, so a sweep
 * over every byte offset of a response costs no process start per case.
 *
 *   ttfault --endpoint http://HOST:PORT [--numeric-only]
 *
 * Reads one case per line on stdin: space-separated key=value words
 *   hit=ID (required)  page_size=N  max_items=N  start=TOKEN  attempts=N
 *   rto=MS (read timeout)  cto=MS (connect timeout)  arena=N (engine arena
 *   bytes, malloc'd at exactly that size so ASan sees any overrun; default
 *   65536)  fields=A,B  quiet=1 (no per-item list)  host=NAME (connect to
 *   another host name; port stays)  port=N  clock_offset=S  clock_unset=1
 *   debug=1 (debug lines counted, not printed)
 * and answers one JSON line per case (flushed):
 *   {"rc": "<tt_err name>", "code": n, "n": items, "seq": "<fnv64 of the
 *    whole callback sequence>", "items": ["<fnv64 of one assignment>", ...],
 *    "idx": [page index per item], "pages": n, "requests": n,
 *    "connections": n, "attempts": n, "exhausted": 0|1, "cause": name,
 *    "http": status, "svc": code, "msg": message, "etoken": error resume
 *    token|null, "token": max_items resume token|null,
 *    "needed": arena_needed, "arena_needed": arena->needed, "hw":
 *    arena high water, "slept_ms": back-off asked for, "used_after":
 *    arena used after the call (must be 0)}
 * A line "quit" (or EOF) ends the program.  Back-off sleeps are not slept
 * (only added up in slept_ms): the engine's retry decisions are the same,
 * the sweep just does not wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinyturk.h"
#include "tt_posix.h"

#define MAX_ITEMS_LISTED 4096

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

struct ctx {
    uint64_t seq;
    uint64_t n;
    int quiet;
    uint64_t item_h[MAX_ITEMS_LISTED];
    uint32_t item_i[MAX_ITEMS_LISTED];
    char etoken[2048];
    int have_etoken;
    char token[2048];
    int have_token;
    uint64_t slept;
    tt_platform lower;
    unsigned long debug_lines;
};

static int on_item(void *cp, const tt_assignment *a, uint32_t index)
{
    struct ctx *c = (struct ctx *)cp;
    uint64_t h = 1469598103934665603ull;
    const tt_str *s[6];
    const tt_timestamp *t[6];
    int k;
    s[0] = &a->assignment_id;
    s[1] = &a->worker_id;
    s[2] = &a->hit_id;
    s[3] = &a->status;
    s[4] = &a->answer;
    s[5] = &a->requester_feedback;
    t[0] = &a->auto_approval_time;
    t[1] = &a->accept_time;
    t[2] = &a->submit_time;
    t[3] = &a->approval_time;
    t[4] = &a->rejection_time;
    t[5] = &a->deadline;
    h = fnv(h, &a->present, sizeof a->present);
    for (k = 0; k < 6; k++) {
        h = fnv(h, &s[k]->len, sizeof s[k]->len);
        if (s[k]->len)
            h = fnv(h, s[k]->ptr, s[k]->len);
        h = fnv(h, &t[k]->ms, sizeof t[k]->ms);
    }
    if (c->n < MAX_ITEMS_LISTED) {
        c->item_h[c->n] = h;
        c->item_i[c->n] = index;
    }
    c->seq = fnv(c->seq, &h, sizeof h);
    c->n++;
    return 0;
}

static int on_error_token(void *cp, tt_str t)
{
    struct ctx *c = (struct ctx *)cp;
    snprintf(c->etoken, sizeof c->etoken, "%.*s", (int)t.len, t.ptr);
    c->have_etoken = 1;
    return 0;
}

static int on_token(void *cp, tt_str t)
{
    struct ctx *c = (struct ctx *)cp;
    snprintf(c->token, sizeof c->token, "%.*s", (int)t.len, t.ptr);
    c->have_token = 1;
    return 0;
}

static void on_debug(void *cp, const char *line, size_t len)
{
    (void)line;
    (void)len;
    ((struct ctx *)cp)->debug_lines++;
}

/* Platform: the POSIX one, but back-off sleeps are only counted. */
static uint64_t p_mono(void *cp)
{
    struct ctx *c = (struct ctx *)cp;
    return c->lower.monotonic_ms(c->lower.ctx) + c->slept;
}
static int p_wall(void *cp, int64_t *s)
{
    struct ctx *c = (struct ctx *)cp;
    return c->lower.wall_clock(c->lower.ctx, s);
}
static void p_sleep(void *cp, uint32_t ms)
{
    ((struct ctx *)cp)->slept += ms;
}
static int p_random(void *cp, uint8_t *out, size_t len)
{
    struct ctx *c = (struct ctx *)cp;
    return c->lower.random(c->lower.ctx, out, len);
}

static void json_str(const char *s)
{
    fputc('"', stdout);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20 || ch >= 0x7f)
            printf("\\u%04x", ch);
        else
            fputc(ch, stdout);
    }
    fputc('"', stdout);
}

static const char *word_val(const char *w, const char *key)
{
    size_t n = strlen(key);
    if (strncmp(w, key, n) == 0 && w[n] == '=')
        return w + n + 1;
    return NULL;
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

static char line[1 << 16];

int main(int argc, char **argv)
{
    const char *endpoint = NULL;
    char host[256];
    long port = 0;
    int numeric_only = 0, i;
    static struct ctx cx;
    tt_posix_platform pplat;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--endpoint") && i + 1 < argc)
            endpoint = argv[++i];
        else if (!strcmp(argv[i], "--numeric-only"))
            numeric_only = 1;
        else {
            fprintf(stderr, "usage: ttfault --endpoint http://HOST:PORT [--numeric-only]\n");
            return 2;
        }
    }
    if (!endpoint || strncmp(endpoint, "http://", 7) != 0) {
        fprintf(stderr, "ttfault: --endpoint http://HOST:PORT required\n");
        return 2;
    }
    {
        const char *h = endpoint + 7, *colon = strrchr(h, ':');
        size_t hl = colon ? (size_t)(colon - h) : strlen(h);
        if (hl >= sizeof host)
            return 2;
        memcpy(host, h, hl);
        host[hl] = 0;
        port = colon ? strtol(colon + 1, NULL, 10) : 80;
    }

    while (fgets(line, sizeof line, stdin)) {
        char *w, *save = NULL;
        char hit[512] = "", start[4096] = "", chost[256];
        size_t arena_size = 65536;
        unsigned attempts = 3;
        uint32_t rto = 0, cto = 0;
        long cport = port;
        long long clock_offset = 0;
        int clock_unset = 0, debug = 0, rc;
        tt_list_params lp;
        tt_client_config cfg;
        tt_client client;
        tt_list_result res;
        tt_posix_socket sock;
        tt_transport tcp;
        tt_platform plat;
        tt_arena arena;
        unsigned char *mem;
        const tt_error_info *e;
        uint64_t k;

        line[strcspn(line, "\r\n")] = 0;
        if (!strcmp(line, "quit"))
            break;
        memset(&cx.seq, 0, sizeof cx.seq);
        cx.seq = 1469598103934665603ull;
        cx.n = 0;
        cx.quiet = 0;
        cx.have_etoken = 0;
        cx.have_token = 0;
        cx.slept = 0;
        cx.debug_lines = 0;
        snprintf(chost, sizeof chost, "%s", host);
        tt_list_params_defaults(&lp);
        for (w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
            const char *v;
            if ((v = word_val(w, "hit")))
                snprintf(hit, sizeof hit, "%s", v);
            else if ((v = word_val(w, "page_size")))
                lp.page_size = (uint32_t)strtoul(v, NULL, 10);
            else if ((v = word_val(w, "max_items")))
                lp.max_items = strtoll(v, NULL, 10);
            else if ((v = word_val(w, "start")))
                snprintf(start, sizeof start, "%s", v);
            else if ((v = word_val(w, "attempts")))
                attempts = (unsigned)strtoul(v, NULL, 10);
            else if ((v = word_val(w, "rto")))
                rto = (uint32_t)strtoul(v, NULL, 10);
            else if ((v = word_val(w, "cto")))
                cto = (uint32_t)strtoul(v, NULL, 10);
            else if ((v = word_val(w, "arena")))
                arena_size = (size_t)strtoull(v, NULL, 10);
            else if ((v = word_val(w, "quiet")))
                cx.quiet = atoi(v);
            else if ((v = word_val(w, "host")))
                snprintf(chost, sizeof chost, "%s", v);
            else if ((v = word_val(w, "port")))
                cport = strtol(v, NULL, 10);
            else if ((v = word_val(w, "clock_offset")))
                clock_offset = strtoll(v, NULL, 10);
            else if ((v = word_val(w, "clock_unset")))
                clock_unset = atoi(v);
            else if ((v = word_val(w, "debug")))
                debug = atoi(v);
            else if ((v = word_val(w, "fields"))) {
                const char *p = v;
                lp.field_mask = 0;
                while (*p) {
                    size_t n = strcspn(p, ",");
                    int f = field_bit(p, n);
                    if (f >= 0)
                        lp.field_mask |= TT_FIELD_BIT(f);
                    p += n;
                    if (*p == ',')
                        p++;
                }
            }
        }
        if (start[0])
            lp.starting_token = tt_str_c(start);
        lp.hit_id = tt_str_c(hit);
        lp.on_assignment = on_item;
        lp.on_error_token = on_error_token;
        lp.on_token = on_token;
        lp.cb_ctx = &cx;

        tt_posix_platform_init(&pplat, &cx.lower);
        pplat.unset = clock_unset;
        pplat.offset_s = clock_offset;
        plat.ctx = &cx;
        plat.monotonic_ms = p_mono;
        plat.wall_clock = p_wall;
        plat.sleep_ms = p_sleep;
        plat.random = p_random;
        tt_posix_transport_init(&sock, &tcp);
        sock.numeric_only = numeric_only;

        tt_client_config_defaults(&cfg);
        cfg.transport = &tcp;
        cfg.platform = &plat;
        cfg.host = chost;
        cfg.port = (uint16_t)cport;
        cfg.https = 0;
        cfg.access_key_id = "AKIDEXAMPLE";
        cfg.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        cfg.max_attempts = attempts;
        cfg.read_timeout_ms = rto;
        cfg.connect_timeout_ms = cto;
        if (debug) {
            cfg.debug = on_debug;
            cfg.debug_ctx = &cx;
        }
        rc = tt_client_init(&client, &cfg);
        if (rc != TT_OK) {
            printf("{\"rc\": \"%s\", \"code\": %d, \"n\": 0}\n", tt_errname(rc), rc);
            fflush(stdout);
            continue;
        }
        mem = (unsigned char *)malloc(arena_size ? arena_size : 1);
        if (!mem)
            return 3;
        tt_arena_init(&arena, mem, arena_size);
        memset(&res, 0, sizeof res);
        rc = tt_client_list(&client, &arena, &lp, &res);
        e = tt_client_error(&client);
        printf("{\"rc\": \"%s\", \"code\": %d, \"n\": %llu, \"seq\": \"%016llx\", \"items\": [",
               tt_errname(rc), rc, (unsigned long long)cx.n, (unsigned long long)cx.seq);
        for (k = 0; !cx.quiet && k < cx.n && k < MAX_ITEMS_LISTED; k++)
            printf("%s\"%016llx\"", k ? ", " : "", (unsigned long long)cx.item_h[k]);
        fputs("], \"idx\": [", stdout);
        for (k = 0; !cx.quiet && k < cx.n && k < MAX_ITEMS_LISTED; k++)
            printf("%s%u", k ? ", " : "", (unsigned)cx.item_i[k]);
        printf("], \"pages\": %u, \"requests\": %u, \"connections\": %u, \"attempts\": %u, "
               "\"exhausted\": %d, \"cause\": \"%s\", \"http\": %d, \"svc\": ",
               (unsigned)res.pages, (unsigned)client.requests, (unsigned)client.connections,
               e->attempts, e->retries_exhausted, tt_errname(e->cause), e->http_status);
        json_str(e->service_code);
        fputs(", \"msg\": ", stdout);
        json_str(e->message);
        fputs(", \"etoken\": ", stdout);
        if (cx.have_etoken)
            json_str(cx.etoken);
        else
            fputs("null", stdout);
        fputs(", \"token\": ", stdout);
        if (cx.have_token)
            json_str(cx.token);
        else
            fputs("null", stdout);
        printf(", \"needed\": %zu, \"arena_needed\": %zu, \"hw\": %zu, \"used_after\": %zu, "
               "\"slept_ms\": %llu, \"clock_offset_ms\": %lld, \"debug_lines\": %lu}\n",
               e->arena_needed, arena.needed, arena.high_water, arena.used,
               (unsigned long long)cx.slept,
               client.have_offset ? (long long)client.offset_ms : 0LL, cx.debug_lines);
        fflush(stdout);
        tt_client_close(&client);
        free(mem);
    }
    return 0;
}
