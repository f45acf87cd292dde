/*
 * ttout - drives the output layer (boards/linux/tt_output.h) from raw
 * ListAssignmentsForHIT response bodies, the way the engine would, so the
 * formatter can be compared with the AWS CLI's goldens without a network.
 *
 *   ttout [--output FMT] [--query EXPR] [--no-paginate] [--color]
 *         [--width N] [--ts wire] [--max-items N] [--skip K]
 *         [--token TOKEN] [--no-spool] [--fail-after-pages N] PAGE.json...
 *   ttout [--output FMT] [--width N] [--color] --values FILE
 *         (each line of FILE is a JSON value, printed as FMT prints a
 *          response, followed by a 0x1E byte; for differential tests)
 *
 * Each PAGE.json is one response body.  --skip drops the first K
 * assignments of the first page (a starting token), --max-items stops after
 * N assignments, --token is the resume token to print (as the engine's
 * on_token gives it).  --fail-after-pages N simulates a listing that fails
 * after N pages (tt_out_free without finish).  Exit 0, or 1 with a message
 * on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_jmespath.h"
#include "tt_jv.h"
#include "tt_output.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    size_t cap = 0, n = 0, r;
    if (!f)
        return NULL;
    for (;;) {
        if (n + 4096 > cap) {
            char *q;
            cap = cap ? cap * 2 : 65536;
            q = realloc(p, cap);
            if (!q) {
                free(p);
                fclose(f);
                return NULL;
            }
            p = q;
        }
        r = fread(p + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return p;
}

/* Storage for the raw number texts of one assignment. */
typedef struct rawbuf {
    char t[6][40];
} rawbuf;

static int set_ts(const tt_jv *v, tt_timestamp *ts, char *buf)
{
    size_t n;
    if (tt_jv_type_of(v) == TT_JV_INT)
        n = tt_jv_int_repr(v, buf, 40);
    else if (tt_jv_type_of(v) == TT_JV_FLOAT)
        n = tt_jv_float_repr(v->u.d, buf, 40);
    else
        return 0;
    if (n >= 40)
        return 0;
    ts->raw.ptr = buf;
    ts->raw.len = n;
    ts->ms = 0;
    return 1;
}

static void to_assignment(const tt_jv *o, tt_assignment *a, rawbuf *rb)
{
    int f, ti = 0;
    memset(a, 0, sizeof *a);
    for (f = 0; f < TT_FIELD_COUNT; f++) {
        const char *name = tt_assignment_field_name((tt_assignment_field)f);
        const tt_jv *v = tt_jv_object_get(o, name, strlen(name));
        tt_str *s = NULL;
        tt_timestamp *t = NULL;
        if (!v || tt_jv_type_of(v) == TT_JV_NULL)
            continue;
        switch ((tt_assignment_field)f) {
        case TT_FIELD_ASSIGNMENT_ID: s = &a->assignment_id; break;
        case TT_FIELD_WORKER_ID: s = &a->worker_id; break;
        case TT_FIELD_HIT_ID: s = &a->hit_id; break;
        case TT_FIELD_ASSIGNMENT_STATUS: s = &a->status; break;
        case TT_FIELD_AUTO_APPROVAL_TIME: t = &a->auto_approval_time; break;
        case TT_FIELD_ACCEPT_TIME: t = &a->accept_time; break;
        case TT_FIELD_SUBMIT_TIME: t = &a->submit_time; break;
        case TT_FIELD_APPROVAL_TIME: t = &a->approval_time; break;
        case TT_FIELD_REJECTION_TIME: t = &a->rejection_time; break;
        case TT_FIELD_DEADLINE: t = &a->deadline; break;
        case TT_FIELD_ANSWER: s = &a->answer; break;
        case TT_FIELD_REQUESTER_FEEDBACK: s = &a->requester_feedback; break;
        default: break;
        }
        if (s) {
            if (tt_jv_type_of(v) != TT_JV_STRING)
                continue;
            s->ptr = tt_jv_get_string(v, &s->len);
        } else if (t) {
            if (!set_ts(v, t, rb->t[ti++]))
                continue;
        }
        a->present |= TT_FIELD_BIT(f);
    }
}

int main(int argc, char **argv)
{
    tt_out_opts oo;
    tt_out *o = NULL;
    tt_jmespath *q = NULL;
    tt_jmespath_error qe;
    const char *token = NULL;
    long long max_items = -1, skip = 0, delivered = 0;
    long fail_after = -1;
    int i, rc = 0, first_page = 1, stop = 0;
    uint32_t pageno = 0;

    tt_out_opts_defaults(&oo);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--output") && i + 1 < argc) {
            if (tt_out_format_parse(argv[++i], &oo.format) != 0) {
                fprintf(stderr, "ttout: bad format\n");
                return 1;
            }
        } else if (!strcmp(a, "--query") && i + 1 < argc) {
            i++;
            if (tt_jmespath_compile(argv[i], strlen(argv[i]), &q, &qe) != TT_OK) {
                fprintf(stderr, "ttout: %s\n", qe.msg);
                return 1;
            }
            oo.query = q;
        } else if (!strcmp(a, "--no-paginate")) {
            oo.paginated = 0;
        } else if (!strcmp(a, "--color")) {
            oo.color = 1;
        } else if (!strcmp(a, "--no-spool")) {
            oo.spool = 0;
        } else if (!strcmp(a, "--width") && i + 1 < argc) {
            oo.terminal_width = atoi(argv[++i]);
        } else if (!strcmp(a, "--ts") && i + 1 < argc) {
            oo.ts = strcmp(argv[++i], "wire") == 0 ? TT_TS_WIRE : TT_TS_ISO8601;
        } else if (!strcmp(a, "--max-items") && i + 1 < argc) {
            max_items = atoll(argv[++i]);
        } else if (!strcmp(a, "--skip") && i + 1 < argc) {
            skip = atoll(argv[++i]);
        } else if (!strcmp(a, "--token") && i + 1 < argc) {
            token = argv[++i];
        } else if (!strcmp(a, "--values") && i + 1 < argc) {
            size_t len, k, st = 0;
            char *text = slurp(argv[++i], &len);
            if (!text)
                return 1;
            for (k = 0; k <= len; k++) {
                if (k == len || text[k] == '\n') {
                    tt_jv *v = NULL;
                    char err[200];
                    if (k > st) {
                        if (tt_jv_parse(text + st, k - st, &v, err, sizeof err) != TT_OK) {
                            fprintf(stderr, "ttout: %s\n", err);
                            return 1;
                        }
                        if (tt_out_write_value(v, oo.format, NULL, oo.color, oo.terminal_width,
                                               stdout) != TT_OK)
                            printf("(error)");
                        putchar(0x1e);
                        tt_jv_free(v);
                    }
                    st = k + 1;
                }
            }
            free(text);
            return 0;
        } else if (!strcmp(a, "--fail-after-pages") && i + 1 < argc) {
            fail_after = atol(argv[++i]);
        } else {
            break;
        }
    }
    rc = tt_out_new(&oo, &o);
    if (rc != TT_OK) {
        fprintf(stderr, "ttout: tt_out_new %d\n", rc);
        return 1;
    }
    for (; i < argc && !stop && rc == TT_OK; i++) {
        size_t len, j, n;
        char *text = slurp(argv[i], &len);
        tt_jv *page = NULL, *as, *nt, *nr;
        char err[200];
        tt_page_info pi;
        uint32_t delivered_here = 0, skipped = 0;
        if (fail_after >= 0 && (long)pageno >= fail_after) {
            tt_out_free(o);
            free(text);
            tt_jmespath_free(q);
            return 3;
        }
        if (!text || tt_jv_parse(text, len, &page, err, sizeof err) != TT_OK) {
            fprintf(stderr, "ttout: cannot read %s\n", argv[i]);
            free(text);
            rc = 1;
            break;
        }
        as = tt_jv_object_get(page, "Assignments", 11);
        n = tt_jv_array_len(as);
        for (j = 0; j < n && rc == TT_OK; j++) {
            tt_assignment a;
            rawbuf rb;
            if (first_page && (long long)j < skip) {
                skipped++;
                continue;
            }
            if (max_items >= 0 && delivered >= max_items) {
                stop = 1;
                break;
            }
            to_assignment(tt_jv_array_get(as, j), &a, &rb);
            rc = tt_out_assignment(o, &a);
            delivered++;
            delivered_here++;
        }
        if (max_items >= 0 && delivered >= max_items)
            stop = 1;
        memset(&pi, 0, sizeof pi);
        pi.page = pageno++;
        nt = tt_jv_object_get(page, "NextToken", 9);
        if (tt_jv_type_of(nt) == TT_JV_STRING && nt->u.s.len) {
            pi.next_token.ptr = nt->u.s.ptr;
            pi.next_token.len = nt->u.s.len;
        }
        nr = tt_jv_object_get(page, "NumResults", 10);
        if (tt_jv_type_of(nr) == TT_JV_INT) {
            pi.has_num_results = 1;
            pi.num_results = tt_jv_get_int(nr);
        }
        pi.items_in_page = (uint32_t)n;
        pi.skipped = skipped;
        pi.delivered = delivered_here;
        pi.last = stop || i + 1 == argc;
        if (rc == TT_OK)
            rc = tt_out_page_end(o, &pi);
        first_page = 0;
        tt_jv_free(page);
        free(text);
    }
    if (rc == TT_OK && fail_after >= 0 && (long)pageno >= fail_after) {
        tt_out_free(o); /* the listing failed: no finish */
        tt_jmespath_free(q);
        return 3;
    }
    if (rc == TT_OK && token)
        rc = tt_out_set_token(o, token, strlen(token));
    if (rc == TT_OK)
        rc = tt_out_finish(o);
    if (rc != TT_OK)
        fprintf(stderr, "ttout: error %d %s\n", rc, tt_out_errmsg(o));
    tt_out_free(o);
    tt_jmespath_free(q);
    return rc == TT_OK ? 0 : 1;
}
