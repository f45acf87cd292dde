/*
 * tt_cli_args.c - argv parsing the way AWS CLI 2.9.19 (python argparse 3.11
 * plus the CLI's customizations) does it, for list-assignments-for-hit.
 *
 * The CLI parses in stages, and the stage decides which error wins:
 *   1. a first-pass parser (--profile, --debug, -h) over all words,
 *   2. the main parser: global options anywhere + the `command` positional,
 *      unknown words kept for later,
 *   3. top-level handlers (--query compile, --cli-*-timeout int()),
 *   4. the service parser (`operation` positional) for `mturk ...`,
 *   5. the operation parser (operation options + an optional `help`
 *      positional), then "Unknown options: ...",
 *   6. pagination checks, value unpacking (file://, int(), JSON lists),
 *      --cli-input-json/yaml merging,
 *   7. at request time: region, timeouts, parameter validation (deferred).
 * We replay the same stages with a small argparse engine below.
 */
#include "tt_cli_args.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tt_base64.h"
#include "tt_cli_input.h"
#include "tt_cli_prompt.h"
#include "tt_jmespath.h"
#include "tt_jv.h"
#include "tt_token.h"

/* ---- growable string ---------------------------------------------------- */

typedef struct sb {
    char *p;
    size_t n, cap;
    int oom;
} sb;

static void sb_put(sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        char *q;
        while (nc < b->n + n + 1)
            nc *= 2;
        q = realloc(b->p, nc);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(sb *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_printf(sb *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    if ((size_t)k < sizeof tmp) {
        sb_put(b, tmp, (size_t)k);
    } else {
        char *big = malloc((size_t)k + 1);
        if (!big) {
            b->oom = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)k + 1, fmt, ap);
        va_end(ap);
        sb_put(b, big, (size_t)k);
        free(big);
    }
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Python repr() of a str (UTF-8 bytes >= 0x80 are taken as printable). */
static void sb_pyrepr(sb *b, const char *s)
{
    char q = '\'';
    const unsigned char *p;
    if (strchr(s, '\'') && !strchr(s, '"'))
        q = '"';
    sb_put(b, &q, 1);
    for (p = (const unsigned char *)s; *p; p++) {
        if (*p == (unsigned char)q || *p == '\\') {
            sb_put(b, "\\", 1);
            sb_put(b, (const char *)p, 1);
        } else if (*p == '\n') {
            sb_puts(b, "\\n");
        } else if (*p == '\r') {
            sb_puts(b, "\\r");
        } else if (*p == '\t') {
            sb_puts(b, "\\t");
        } else if (*p < 0x20 || *p == 0x7f) {
            sb_printf(b, "\\x%02x", *p);
        } else {
            sb_put(b, (const char *)p, 1);
        }
    }
    sb_put(b, &q, 1);
}

/* Python's "%.200R": the repr cut after 200 characters (code points), as
 * int()'s "invalid literal" message shows a long value. */
static void sb_pyrepr200(sb *b, const char *s)
{
    size_t start = b->n, i, chars = 0;
    sb_pyrepr(b, s);
    if (!b->p)
        return;
    for (i = start; i < b->n; i++) {
        if (((unsigned char)b->p[i] & 0xC0) != 0x80 && ++chars > 200) {
            b->n = i;
            b->p[i] = '\0';
            break;
        }
    }
}

/* ---- error helpers ------------------------------------------------------- */

void tt_cli_error_set(tt_cli_error *err, int exit_code, const char *text)
{
    if (!err)
        return;
    free(err->text);
    err->exit_code = exit_code;
    err->text = text ? xstrdup(text) : NULL;
}

void tt_cli_error_free(tt_cli_error *e)
{
    if (!e)
        return;
    free(e->text);
    e->text = NULL;
    e->exit_code = 0;
}

static const char usage_fmt[] =
    "usage: %s [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
    "To see help text, you can run:\n"
    "\n"
    "  %s help\n"
    "  %s <command> help\n"
    "  %s <command> <subcommand> help\n";

size_t tt_cli_usage_text(const char *prog, char *buf, size_t cap)
{
    int k = snprintf(buf, cap, usage_fmt, prog, prog, prog, prog);
    return k < 0 ? 0 : (size_t)k;
}

/* "\n<usage>\n<prog>: error: <msg>\n\n" (argparse error via the CLI handler). */
static void usage_error(tt_cli_error *err, const char *prog, const char *msg)
{
    sb b = {0};
    sb_puts(&b, "\n");
    sb_printf(&b, usage_fmt, prog, prog, prog, prog);
    sb_printf(&b, "\n%s: error: ", prog);
    sb_puts(&b, msg);
    sb_puts(&b, "\n\n");
    tt_cli_error_set(err, TT_CLI_EXIT_USAGE, b.p ? b.p : "\n");
    free(b.p);
}

/* "\n<msg>\n" (the CLI's generic handlers). */
static void plain_error(tt_cli_error *err, int code, const char *msg)
{
    sb b = {0};
    sb_puts(&b, "\n");
    sb_puts(&b, msg);
    sb_puts(&b, "\n");
    tt_cli_error_set(err, code, b.p ? b.p : "\n");
    free(b.p);
}

/* ---- difflib.get_close_matches (cutoff 0.8, n 3) ------------------------ */

static size_t lcs_blocks(const char *a, size_t alo, size_t ahi, const char *b, size_t blo,
                         size_t bhi)
{
    /* SequenceMatcher.get_matching_blocks total size (no junk, short strings) */
    size_t besti = alo, bestj = blo, bestsize = 0, i, j, total;
    for (i = alo; i < ahi; i++) {
        for (j = blo; j < bhi; j++) {
            size_t k = 0;
            while (i + k < ahi && j + k < bhi && a[i + k] == b[j + k])
                k++;
            if (k > bestsize) {
                besti = i;
                bestj = j;
                bestsize = k;
            }
        }
    }
    if (!bestsize)
        return 0;
    total = bestsize;
    total += lcs_blocks(a, alo, besti, b, blo, bestj);
    total += lcs_blocks(a, besti + bestsize, ahi, b, bestj + bestsize, bhi);
    return total;
}

static double seq_ratio(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la + lb == 0)
        return 1.0;
    /* SequenceMatcher(None, word=a?, ...): get_close_matches sets seq2 = word,
     * seq1 = candidate; longest-match ties favour the earliest in seq1 then
     * seq2 - our scan order gives the same total size. */
    return 2.0 * (double)lcs_blocks(a, 0, la, b, 0, lb) / (double)(la + lb);
}

/* ---- a small argparse ---------------------------------------------------- */

/* Our --answers matches only when spelt out: as a prefix it would take
 * "--a", which the AWS CLI gives to --assignment-statuses. */
static int no_abbrev(const char *opt, size_t plen)
{
    return strcmp(opt, "--answers") == 0 && plen != 9;
}

enum { K_STORE, K_FLAG, K_LIST, K_OPTCONST, K_VERSION, K_HELP, K_POS, K_POSOPT };
enum { T_STR, T_INT };

typedef struct ap_act {
    const char *opt;  /* "--x", or the dest name for positionals */
    int kind;
    int type;
    const char *const *choices; /* NULL-terminated or NULL */
    int required;
    const char *konst; /* K_OPTCONST */
} ap_act;

typedef struct ap_val {
    int seen;
    char *str;     /* K_STORE/K_OPTCONST/K_POS/K_POSOPT (NULL for default) */
    long num;      /* T_INT */
    char **list;   /* K_LIST */
    size_t nlist;
} ap_val;

typedef struct ap_parser {
    const ap_act *acts;
    size_t n;
} ap_parser;

typedef struct ap_res {
    ap_val *v;          /* one per action */
    char **extras;      /* borrowed pointers into the input words */
    size_t nextras;
    int version_seen;   /* K_VERSION hit: stop */
    int help_seen;      /* K_HELP hit: stop */
} ap_res;

static void ap_res_free(ap_res *r, size_t n)
{
    size_t i, j;
    if (r->v) {
        for (i = 0; i < n; i++) {
            free(r->v[i].str);
            for (j = 0; j < r->v[i].nlist; j++)
                free(r->v[i].list[j]);
            free(r->v[i].list);
        }
    }
    free(r->v);
    free(r->extras);
    memset(r, 0, sizeof *r);
}

/* Python int(str): surrounding whitespace, sign, digits with single '_'.
 * Returns 0, -1 when Python would reject it, or 1 when Python accepts it but
 * it is beyond long: *out is then LONG_MAX / -LONG_MAX (saturated). */
static int py_int(const char *s, long *out)
{
    const char *p = s;
    int neg = 0, nd = 0, big = 0;
    unsigned long v = 0;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            unsigned d = (unsigned)(*p - '0');
            if (big || v > ((unsigned long)LONG_MAX - d) / 10)
                big = 1; /* beyond long: saturate (Python's ints are unbounded) */
            else
                v = v * 10 + d;
            nd++;
        } else if (*p == '_' && nd && p[1] >= '0' && p[1] <= '9') {
            continue;
        } else {
            break;
        }
    }
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    if (!nd || *p)
        return -1;
    if (big)
        v = (unsigned long)LONG_MAX;
    *out = neg ? -(long)v : (long)v;
    return big;
}

static int is_negative_number(const char *s)
{
    /* argparse: '^-\d+$|^-\d*\.\d+$' */
    const char *p = s + 1;
    int dig = 0;
    if (s[0] != '-')
        return 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        dig = 1;
    }
    if (!*p)
        return dig;
    if (*p != '.')
        return 0;
    p++;
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    return *p == '\0';
}

/* Classification of a word: action index, or -1 positional, -2 unknown
 * option, -3 the "--" marker.  *explicit_arg points after '=' when used. */
static int ap_classify(const ap_parser *ps, const char *w, const char **explicit_arg,
                       const char *prog, tt_cli_error *err, int *failed)
{
    size_t i, nm = 0, first = 0;
    const char *eq;
    size_t plen;
    *explicit_arg = NULL;
    if (w[0] != '-')
        return -1;
    if (strcmp(w, "--") == 0)
        return -3;
    for (i = 0; i < ps->n; i++)
        if (ps->acts[i].kind < K_POS && strcmp(ps->acts[i].opt, w) == 0)
            return (int)i;
    if (w[1] == '\0')
        return -1;
    eq = strchr(w, '=');
    if (eq) {
        for (i = 0; i < ps->n; i++)
            if (ps->acts[i].kind < K_POS && strlen(ps->acts[i].opt) == (size_t)(eq - w) &&
                memcmp(ps->acts[i].opt, w, (size_t)(eq - w)) == 0) {
                *explicit_arg = eq + 1;
                return (int)i;
            }
    }
    /* abbreviations (allow_abbrev) */
    plen = eq ? (size_t)(eq - w) : strlen(w);
    if (w[1] == '-') {
        for (i = 0; i < ps->n; i++)
            if (ps->acts[i].kind < K_POS && strncmp(ps->acts[i].opt, w, plen) == 0 &&
                !no_abbrev(ps->acts[i].opt, plen)) {
                if (!nm)
                    first = i;
                nm++;
            }
    } else {
        /* single dash: exact 2-char short option with attached value, or prefix */
        for (i = 0; i < ps->n; i++) {
            const char *o = ps->acts[i].opt;
            if (ps->acts[i].kind >= K_POS)
                continue;
            /* NOLINTNEXTLINE(bugprone-branch-clone): exact short option or a prefix: both count */
            if (strlen(o) == 2 && strncmp(o, w, 2) == 0) {
                if (!nm)
                    first = i;
                nm++;
            } else if (strncmp(o, w, strlen(w)) == 0) {
                if (!nm)
                    first = i;
                nm++;
            }
        }
    }
    if (nm > 1) {
        sb b = {0};
        int k = 0;
        sb_printf(&b, "ambiguous option: %s could match ", w);
        for (i = 0; i < ps->n; i++)
            if (ps->acts[i].kind < K_POS && strncmp(ps->acts[i].opt, w, plen) == 0 &&
                !no_abbrev(ps->acts[i].opt, plen)) {
                sb_printf(&b, "%s%s", k++ ? ", " : "", ps->acts[i].opt);
            }
        usage_error(err, prog, b.p ? b.p : "");
        free(b.p);
        *failed = 1;
        return -2;
    }
    if (nm == 1) {
        if (eq && w[1] == '-')
            *explicit_arg = eq + 1;
        else if (w[1] != '-' && strlen(ps->acts[first].opt) == 2 && w[2])
            *explicit_arg = w + 2;
        return (int)first;
    }
    if (is_negative_number(w))
        return -1;
    if (strchr(w, ' '))
        return -1;
    return -2;
}

static void choices_error(sb *b, const char *const *choices, const char *value)
{
    size_t n = 0, i;
    const char *best[3] = {0, 0, 0};
    double bs[3] = {0, 0, 0};
    while (choices[n])
        n++;
    sb_puts(b, "Invalid choice, valid choices are:\n");
    for (i = 0; i < n; i += 2) {
        sb_puts(b, "\n");
        if (i + 1 < n)
            sb_printf(b, "%-40s | %-40s", choices[i], choices[i + 1]);
        else
            sb_printf(b, "%-40s", choices[i]);
    }
    for (i = 0; i < n; i++) {
        double r = seq_ratio(choices[i], value);
        size_t k;
        if (r < 0.8)
            continue;
        for (k = 0; k < 3; k++) {
            if (!best[k] || r > bs[k] || (r == bs[k] && strcmp(choices[i], best[k]) > 0)) {
                size_t m;
                for (m = 2; m > k; m--) {
                    best[m] = best[m - 1];
                    bs[m] = bs[m - 1];
                }
                best[k] = choices[i];
                bs[k] = r;
                break;
            }
        }
    }
    if (best[0]) {
        sb_puts(b, "\n\n\nInvalid choice: ");
        sb_pyrepr(b, value);
        sb_puts(b, ", maybe you meant:\n");
        for (i = 0; i < 3 && best[i]; i++)
            sb_printf(b, "\n  * %s", best[i]);
    }
}

static const char *act_name(const ap_act *a) { return a->opt; }

/* Converts/validates one value for action a; returns 0 or -1 (err set). */
static int ap_convert(const ap_act *a, const char *s, long *num, const char *prog,
                      tt_cli_error *err)
{
    if (a->type == T_INT) {
        if (py_int(s, num) < 0) { /* beyond long: saturated, as good as unbounded here */
            sb b = {0};
            sb_printf(&b, "argument %s: invalid int value: ", act_name(a));
            sb_pyrepr(&b, s);
            usage_error(err, prog, b.p ? b.p : "");
            free(b.p);
            return -1;
        }
    }
    if (a->choices) {
        size_t i;
        for (i = 0; a->choices[i]; i++)
            if (strcmp(a->choices[i], s) == 0)
                return 0;
        {
            sb b = {0};
            sb_printf(&b, "argument %s: ", act_name(a));
            choices_error(&b, a->choices, s);
            usage_error(err, prog, b.p ? b.p : "");
            free(b.p);
        }
        return -1;
    }
    return 0;
}

static int ap_store_str(ap_val *v, const char *s)
{
    char *c = s ? xstrdup(s) : NULL;
    if (s && !c)
        return -1;
    free(v->str);
    v->str = c;
    return 0;
}

/* How many pattern chars from pat[i] an action with this nargs takes
 * (argparse's regexes '(-*A-*)', '(-*A?-*)', '(-*[A-]*)', '(-*-*)'), or -1. */
static long nargs_match(int kind, const char *pat, size_t i)
{
    size_t j = i;
    switch (kind) {
    case K_STORE:
    case K_POS:
        while (pat[j] == '-')
            j++;
        if (pat[j] != 'A')
            return -1;
        j++;
        while (pat[j] == '-')
            j++;
        break;
    case K_OPTCONST:
    case K_POSOPT:
        while (pat[j] == '-')
            j++;
        if (pat[j] == 'A')
            j++;
        while (pat[j] == '-')
            j++;
        break;
    case K_LIST:
        while (pat[j] == 'A' || pat[j] == '-')
            j++;
        break;
    default:
        while (pat[j] == '-')
            j++;
        break;
    }
    return (long)(j - i);
}

/* The values words[from..from+cnt) without the first "--" (argparse's
 * _get_values).  Returns a malloc'd array of borrowed pointers (or NULL
 * when empty) and its length. */
static const char **take_values(char **words, size_t from, size_t cnt, size_t *nout)
{
    const char **v;
    size_t i, n = 0;
    int removed = 0;
    *nout = 0;
    if (!cnt)
        return NULL;
    v = calloc(cnt, sizeof *v);
    if (!v)
        return NULL;
    for (i = 0; i < cnt; i++) {
        if (!removed && strcmp(words[from + i], "--") == 0) {
            removed = 1;
            continue;
        }
        v[n++] = words[from + i];
    }
    *nout = n;
    return v;
}

/* Applies the values of one action.  Returns 0, 1 (stop: version/help),
 * or -1 with err set. */
static int ap_take(const ap_act *a, ap_val *v, const char **vals, size_t nv, ap_res *r,
                   const char *prog, tt_cli_error *err)
{
    size_t k;
    switch (a->kind) {
    case K_FLAG:
        v->seen = 1;
        return 0;
    case K_VERSION:
        v->seen = 1;
        r->version_seen = 1;
        return 1;
    case K_HELP:
        v->seen = 1;
        r->help_seen = 1;
        return 1;
    case K_STORE:
    case K_POS:
    case K_OPTCONST:
    case K_POSOPT: {
        const char *s = nv ? vals[0] : (a->kind == K_OPTCONST ? a->konst : NULL);
        if (s && ap_convert(a, s, &v->num, prog, err) != 0)
            return -1;
        if (a->kind == K_POS && !s)
            s = "";
        if (ap_store_str(v, s) != 0)
            return -1;
        v->seen = 1;
        return 0;
    }
    case K_LIST: {
        char **l = calloc(nv ? nv : 1, sizeof *l);
        if (!l)
            return -1;
        for (k = 0; k < nv; k++) {
            l[k] = xstrdup(vals[k]);
            if (!l[k]) {
                while (k--)
                    free(l[k]);
                free(l);
                return -1;
            }
        }
        for (k = 0; k < v->nlist; k++)
            free(v->list[k]);
        free(v->list);
        v->list = l;
        v->nlist = nv;
        v->seen = 1;
        return 0;
    }
    default:
        return 0;
    }
}

/*
 * parse_known_args (python 3.11 argparse).  words are not copied (extras
 * borrow them).  Returns 0, or -1 with err set.  Stops early (returns 0)
 * after a K_VERSION/K_HELP action.
 */
static int ap_parse(const ap_parser *ps, char **words, size_t nw, ap_res *r, const char *prog,
                    tt_cli_error *err)
{
    char *pat = NULL;
    int *act = NULL;
    const char **expl = NULL;
    size_t i, start = 0, posi = 0, npos = 0;
    size_t posidx[4];
    long max_opt = -1;
    int failed = 0, rc = -1, after_dd = 0;

    memset(r, 0, sizeof *r);
    r->v = calloc(ps->n ? ps->n : 1, sizeof *r->v);
    r->extras = calloc(nw ? nw : 1, sizeof *r->extras);
    pat = calloc(nw + 1, 1);
    act = calloc(nw ? nw : 1, sizeof *act);
    expl = calloc(nw ? nw : 1, sizeof *expl);
    if (!r->v || !r->extras || !pat || !act || !expl) {
        plain_error(err, TT_CLI_EXIT_OTHER, "out of memory");
        goto out;
    }
    for (i = 0; i < ps->n && npos < 4; i++)
        if (ps->acts[i].kind >= K_POS)
            posidx[npos++] = i;
    for (i = 0; i < nw; i++) {
        if (after_dd) {
            pat[i] = 'A';
            continue;
        }
        if (strcmp(words[i], "--") == 0) {
            pat[i] = '-';
            after_dd = 1;
            continue;
        }
        act[i] = ap_classify(ps, words[i], &expl[i], prog, err, &failed);
        if (failed)
            goto out;
        pat[i] = act[i] == -1 ? 'A' : 'O';
        if (pat[i] == 'O')
            max_opt = (long)i;
    }

    for (;;) {
        size_t nexto;
        int stop_loop = (long)start > max_opt;
        /* consume_positionals(start) when there are positional strings here */
        nexto = start;
        while (nexto < nw && pat[nexto] != 'O')
            nexto++;
        if (stop_loop || start != nexto) {
            if (posi < npos) {
                const ap_act *pa = &ps->acts[posidx[posi]];
                long cnt = nargs_match(pa->kind, pat, start);
                if (cnt >= 0) {
                    size_t nv;
                    const char **vals = take_values(words, start, (size_t)cnt, &nv);
                    int t = ap_take(pa, &r->v[posidx[posi]], vals, nv, r, prog, err);
                    free((void *)vals);
                    if (t < 0)
                        goto out;
                    posi++;
                    if (cnt > 0) {
                        start += (size_t)cnt;
                        if (!stop_loop)
                            continue;
                    }
                }
            }
            if (stop_loop)
                break;
        }
        if (pat[start] != 'O') {
            while (start < nexto)
                r->extras[r->nextras++] = words[start++];
        }
        /* consume_optional(start) */
        if (act[start] < 0) {
            r->extras[r->nextras++] = words[start++];
            continue;
        }
        {
            const ap_act *a = &ps->acts[act[start]];
            ap_val *v = &r->v[act[start]];
            const char *ex = expl[start];
            const char **vals = NULL;
            size_t nv = 0;
            int t;
            start++;
            if (ex) {
                if (a->kind == K_FLAG || a->kind == K_VERSION || a->kind == K_HELP) {
                    sb b = {0};
                    sb_printf(&b, "argument %s: ignored explicit argument ", act_name(a));
                    sb_pyrepr(&b, ex);
                    usage_error(err, prog, b.p ? b.p : "");
                    free(b.p);
                    goto out;
                }
                vals = malloc(sizeof *vals);
                if (!vals)
                    goto out;
                vals[0] = ex;
                nv = strcmp(ex, "--") == 0 ? 0 : 1;
            } else {
                long cnt = nargs_match(a->kind, pat, start);
                if (cnt < 0) {
                    sb b = {0};
                    sb_printf(&b, "argument %s: expected one argument", act_name(a));
                    usage_error(err, prog, b.p ? b.p : "");
                    free(b.p);
                    goto out;
                }
                vals = take_values(words, start, (size_t)cnt, &nv);
                start += (size_t)cnt;
            }
            t = ap_take(a, v, vals, nv, r, prog, err);
            free((void *)vals);
            if (t < 0)
                goto out;
            if (t > 0) {
                rc = 0;
                goto out;
            }
        }
    }
    while (start < nw)
        r->extras[r->nextras++] = words[start++];
    /* required check */
    {
        sb b = {0};
        int k = 0;
        for (i = 0; i < ps->n; i++) {
            const ap_act *a = &ps->acts[i];
            if ((a->required || a->kind == K_POS) && !r->v[i].seen) {
                if (!k)
                    sb_puts(&b, "the following arguments are required: ");
                sb_printf(&b, "%s%s", k++ ? ", " : "", a->opt);
            }
        }
        if (k) {
            usage_error(err, prog, b.p ? b.p : "");
            free(b.p);
            goto out;
        }
    }
    rc = 0;
out:
    free(pat);
    free(act);
    free(expl);
    return rc;
}

/* ---- the parsers --------------------------------------------------------- */

static const char *const ch_output[] = {"json", "text", "table", "yaml", "yaml-stream", "jsonl",
                                        NULL};
static const char *const ch_color[] = {"on", "off", "auto", NULL};
static const char *const ch_binfmt[] = {"base64", "raw-in-base64-out", NULL};
static const char *const ch_command[] = {"mturk", "list-assignments-for-hit", "help", NULL};
static const char *const ch_skel[] = {"input", "output", "yaml-input", NULL};
static const char *const ch_operation[] = {
    "accept-qualification-request", "approve-assignment",
    "associate-qualification-with-worker", "create-additional-assignments-for-hit",
    "create-hit", "create-hit-type", "create-hit-with-hit-type", "create-qualification-type",
    "create-worker-block", "delete-hit", "delete-qualification-type", "delete-worker-block",
    "disassociate-qualification-from-worker", "get-account-balance", "get-assignment",
    "get-file-upload-url", "get-hit", "get-qualification-score", "get-qualification-type",
    "list-assignments-for-hit", "list-bonus-payments", "list-hits",
    "list-hits-for-qualification-type", "list-qualification-requests",
    "list-qualification-types", "list-review-policy-results-for-hit", "list-reviewable-hits",
    "list-worker-blocks", "list-workers-with-qualification-type", "notify-workers",
    "reject-assignment", "reject-qualification-request", "send-bonus",
    "send-test-event-notification", "update-expiration-for-hit", "update-hit-review-status",
    "update-hit-type-of-hit", "update-notification-settings", "update-qualification-type",
    "help", NULL};

/* first pass: argparse with add_help */
enum { F_HELP, F_PROFILE, F_DEBUG, F_N };
static const ap_act first_acts[F_N] = {
    {"-h", K_HELP, T_STR, NULL, 0, NULL},
    {"--profile", K_STORE, T_STR, NULL, 0, NULL},
    {"--debug", K_FLAG, T_STR, NULL, 0, NULL},
};
/* "--help" is the same action as "-h" in argparse; we list it apart. */
static const ap_act first_acts2[F_N + 1] = {
    {"-h", K_HELP, T_STR, NULL, 0, NULL},
    {"--help", K_HELP, T_STR, NULL, 0, NULL},
    {"--profile", K_STORE, T_STR, NULL, 0, NULL},
    {"--debug", K_FLAG, T_STR, NULL, 0, NULL},
};

enum {
    G_DEBUG, G_ENDPOINT, G_NOVERIFY, G_NOPAGINATE, G_OUTPUT, G_QUERY, G_PROFILE, G_REGION,
    G_COLOR, G_NOSIGN, G_CABUNDLE, G_READTO, G_CONNTO, G_BINFMT, G_NOPAGER, G_PROMPT,
    G_NOPROMPT, G_WATCH, G_ANSWERS, G_VERSION, G_COMMAND, G_N
};
static const ap_act main_acts[G_N] = {
    {"--debug", K_FLAG, T_STR, NULL, 0, NULL},
    {"--endpoint-url", K_STORE, T_STR, NULL, 0, NULL},
    {"--no-verify-ssl", K_FLAG, T_STR, NULL, 0, NULL},
    {"--no-paginate", K_FLAG, T_STR, NULL, 0, NULL},
    {"--output", K_STORE, T_STR, ch_output, 0, NULL},
    {"--query", K_STORE, T_STR, NULL, 0, NULL},
    {"--profile", K_STORE, T_STR, NULL, 0, NULL},
    {"--region", K_STORE, T_STR, NULL, 0, NULL},
    {"--color", K_STORE, T_STR, ch_color, 0, NULL},
    {"--no-sign-request", K_FLAG, T_STR, NULL, 0, NULL},
    {"--ca-bundle", K_STORE, T_STR, NULL, 0, NULL},
    {"--cli-read-timeout", K_STORE, T_STR, NULL, 0, NULL},
    {"--cli-connect-timeout", K_STORE, T_STR, NULL, 0, NULL},
    {"--cli-binary-format", K_STORE, T_STR, ch_binfmt, 0, NULL},
    {"--no-cli-pager", K_FLAG, T_STR, NULL, 0, NULL},
    {"--cli-auto-prompt", K_FLAG, T_STR, NULL, 0, NULL},
    {"--no-cli-auto-prompt", K_FLAG, T_STR, NULL, 0, NULL},
    {"--watch", K_STORE, T_INT, NULL, 0, NULL},
    {"--answers", K_FLAG, T_STR, NULL, 0, NULL}, /* ours; exact name only (see no_abbrev) */
    {"--version", K_VERSION, T_STR, NULL, 0, NULL},
    {"command", K_POS, T_STR, ch_command, 0, NULL},
};

static const ap_act svc_acts[1] = {{"operation", K_POS, T_STR, ch_operation, 0, NULL}};

enum {
    O_HITID, O_NEXTTOKEN, O_MAXRESULTS, O_STATUSES, O_INJSON, O_INYAML, O_STARTING, O_PAGESIZE,
    O_MAXITEMS, O_SKELETON, O_HELPPOS, O_N
};
static const ap_act op_acts_tmpl[O_N] = {
    {"--hit-id", K_STORE, T_STR, NULL, 1, NULL},
    {"--next-token", K_STORE, T_STR, NULL, 0, NULL},
    {"--max-results", K_STORE, T_STR, NULL, 0, NULL},
    {"--assignment-statuses", K_LIST, T_STR, NULL, 0, NULL},
    {"--cli-input-json", K_STORE, T_STR, NULL, 0, NULL},
    {"--cli-input-yaml", K_STORE, T_STR, NULL, 0, NULL},
    {"--starting-token", K_STORE, T_STR, NULL, 0, NULL},
    {"--page-size", K_STORE, T_INT, NULL, 0, NULL},
    {"--max-items", K_STORE, T_INT, NULL, 0, NULL},
    {"--generate-cli-skeleton", K_OPTCONST, T_STR, ch_skel, 0, "input"},
    {"help", K_POSOPT, T_STR, NULL, 0, NULL},
};

/* ---- options lifecycle --------------------------------------------------- */

void tt_cli_parse_cfg_defaults(tt_cli_parse_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->auto_prompt_default = TT_CLI_PROMPT_UNSET;
    c->assume_tty = -1;
}

static void free_list(char **l, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

void tt_cli_options_free(tt_cli_options *o)
{
    if (!o)
        return;
    free(o->hit_id);
    free_list(o->statuses, o->n_statuses);
    free(o->next_token);
    free(o->starting_token);
    free(o->output);
    free(o->query);
    free(o->profile);
    free(o->region);
    free(o->endpoint_url);
    free(o->ca_bundle);
    free(o->color);
    free(o->cli_binary_format);
    free(o->cli_input_json);
    free(o->cli_input_yaml);
    free(o->generate_skeleton);
    tt_cli_error_free(&o->deferred);
    memset(o, 0, sizeof *o);
    o->cli_auto_prompt = TT_CLI_PROMPT_UNSET;
}

static const char *base_name(const char *p)
{
    const char *s;
    if (!p || !*p)
        return "tinyturk";
    s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

/* ---- value unpacking (argprocess + paramfile) ----------------------------- */

/* file:// handling for an operation argument; *val may be replaced. */
static int unpack_paramfile(const char *cli_name, char **val, tt_cli_error *err)
{
    char *data = NULL;
    char msg[1024];
    int r = tt_cli_paramfile(*val, &data, msg, sizeof msg);
    if (r < 0) {
        sb b = {0};
        sb_printf(&b, "Error parsing parameter '%s': %s", cli_name, msg);
        plain_error(err, TT_CLI_EXIT_USAGE, b.p ? b.p : "");
        free(b.p);
        return -1;
    }
    if (r > 0) {
        free(*val);
        *val = data;
    }
    return 0;
}

/* Python str() of a jv value, as botocore's messages print it. */
static void sb_pystr(sb *b, const tt_jv *v, int top)
{
    size_t i, n;
    char num[64];
    switch (tt_jv_type_of(v)) {
    case TT_JV_NULL:
        sb_puts(b, "None");
        break;
    case TT_JV_BOOL:
        sb_puts(b, tt_jv_get_bool(v) ? "True" : "False");
        break;
    case TT_JV_INT:
        tt_jv_int_repr(v, num, sizeof num);
        sb_puts(b, num);
        break;
    case TT_JV_FLOAT:
        tt_jv_float_repr(tt_jv_get_double(v), num, sizeof num);
        sb_puts(b, num);
        break;
    case TT_JV_STRING: {
        size_t l;
        const char *s = tt_jv_get_string(v, &l);
        if (top)
            sb_put(b, s, l);
        else
            sb_pyrepr(b, s);
        break;
    }
    case TT_JV_ARRAY:
        n = tt_jv_array_len(v);
        sb_puts(b, "[");
        for (i = 0; i < n; i++) {
            if (i)
                sb_puts(b, ", ");
            sb_pystr(b, tt_jv_array_get(v, i), 0);
        }
        sb_puts(b, "]");
        break;
    case TT_JV_OBJECT:
        n = tt_jv_object_len(v);
        sb_puts(b, "{");
        for (i = 0; i < n; i++) {
            size_t kl;
            const char *k = tt_jv_object_key(v, i, &kl);
            char *kz = malloc(kl + 1);
            if (i)
                sb_puts(b, ", ");
            if (kz) {
                memcpy(kz, k, kl);
                kz[kl] = 0;
                sb_pyrepr(b, kz);
                free(kz);
            }
            sb_puts(b, ": ");
            sb_pystr(b, tt_jv_object_value(v, i), 0);
        }
        sb_puts(b, "}");
        break;
    }
}

static const char *py_type(const tt_jv *v)
{
    switch (tt_jv_type_of(v)) {
    case TT_JV_NULL: return "<class 'NoneType'>";
    case TT_JV_BOOL: return "<class 'bool'>";
    case TT_JV_INT: return "<class 'int'>";
    case TT_JV_FLOAT: return "<class 'float'>";
    case TT_JV_STRING: return "<class 'str'>";
    case TT_JV_ARRAY: return "<class 'list'>";
    case TT_JV_OBJECT: return "<class 'dict'>";
    }
    return "<class 'object'>";
}

/* botocore ParamValidator for the 4 members (min length / min value / types). */
static void validate_member(sb *e, const char *name, const tt_jv *v)
{
    tt_jv_type t = tt_jv_type_of(v);
    if (strcmp(name, "HITId") == 0 || strcmp(name, "NextToken") == 0) {
        if (t != TT_JV_STRING) {
            sb_printf(e, "\nInvalid type for parameter %s, value: ", name);
            sb_pystr(e, v, 1);
            sb_printf(e, ", type: %s, valid types: <class 'str'>", py_type(v));
        } else {
            size_t l;
            tt_jv_get_string(v, &l);
            if (l < 1) /* Python len() counts code points; only 0 matters here */
                sb_printf(e, "\nInvalid length for parameter %s, value: 0, valid min length: 1",
                          name);
        }
    } else if (strcmp(name, "MaxResults") == 0) {
        if (t != TT_JV_INT && t != TT_JV_BOOL) {
            sb_printf(e, "\nInvalid type for parameter %s, value: ", name);
            sb_pystr(e, v, 1);
            sb_printf(e, ", type: %s, valid types: <class 'int'>", py_type(v));
        } else {
            long long x = t == TT_JV_BOOL ? tt_jv_get_bool(v) : (long long)tt_jv_get_int(v);
            if (x < 1) {
                sb_printf(e, "\nInvalid value for parameter %s, value: ", name);
                sb_pystr(e, v, 1);
                sb_puts(e, ", valid min value: 1");
            }
        }
    } else if (strcmp(name, "AssignmentStatuses") == 0) {
        if (t != TT_JV_ARRAY) {
            sb_printf(e, "\nInvalid type for parameter %s, value: ", name);
            sb_pystr(e, v, 1);
            sb_printf(e, ", type: %s, valid types: <class 'list'>, <class 'tuple'>", py_type(v));
        } else {
            size_t i, n = tt_jv_array_len(v);
            for (i = 0; i < n; i++) {
                const tt_jv *it = tt_jv_array_get(v, i);
                if (tt_jv_type_of(it) != TT_JV_STRING) {
                    sb_printf(e, "\nInvalid type for parameter %s[%lu], value: ", name,
                              (unsigned long)i);
                    sb_pystr(e, it, 1);
                    sb_printf(e, ", type: %s, valid types: <class 'str'>", py_type(it));
                }
            }
        }
    }
}

static int is_member(const char *k, size_t kl)
{
    static const char *const m[] = {"HITId", "NextToken", "MaxResults", "AssignmentStatuses"};
    size_t i;
    for (i = 0; i < 4; i++)
        if (strlen(m[i]) == kl && memcmp(m[i], k, kl) == 0)
            return 1;
    return 0;
}

/* The NextToken value botocore's paginator would send for a starting token
 * when that value fails validation ("" or not a string); NULL otherwise. */
static tt_jv *starting_token_next(const char *tok)
{
    size_t n = strlen(tok), dl = 0;
    unsigned char *scratch = malloc(TT_TOKEN_SCRATCH_SIZE(n) + 1);
    tt_token t;
    tt_jv *res = NULL;
    int rc;
    if (!scratch)
        return NULL;
    rc = tt_token_decode(tok, n, scratch, TT_TOKEN_SCRATCH_SIZE(n) + 1, &t);
    if (rc == TT_OK) {
        if (t.has_next_token && t.next_token.len == 0)
            res = tt_jv_string("", 0);
    } else if (rc == TT_ERR_TOKEN_BAD_NEXT) {
        tt_jv *doc = NULL;
        char em[64];
        if (tt_base64_decode_py(tok, n, scratch, TT_TOKEN_SCRATCH_SIZE(n) + 1, &dl) == TT_OK &&
            tt_jv_parse_ex((const char *)scratch, dl, TT_JV_PARSE_ALLOW_NAN, &doc, em,
                           sizeof em) == 0 &&
            tt_jv_type_of(doc) == TT_JV_OBJECT) {
            tt_jv *v = tt_jv_object_get(doc, "NextToken", 9);
            if (v)
                res = tt_jv_copy(v);
        }
        tt_jv_free(doc);
        if (!res)
            res = tt_jv_string("", 0);
    }
    free(scratch);
    return res;
}

/* ---- the parse ----------------------------------------------------------- */

static int set_str(char **dst, const char *s)
{
    char *c = dup_or_null(s);
    if (s && !c)
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

static int jv_set(tt_jv *obj, const char *k, tt_jv *v)
{
    if (!v)
        return -1;
    return tt_jv_object_set(obj, k, strlen(k), v);
}

static int parse_words(char **words, size_t nw, const tt_cli_parse_cfg *cfg,
                       tt_cli_options *o, tt_cli_error *err, int allow_prompt);

int tt_cli_parse(int argc, char **argv, tt_cli_options *o, tt_cli_error *err)
{
    return tt_cli_parse_ex(argc, argv, NULL, o, err);
}

int tt_cli_parse_ex(int argc, char **argv, const tt_cli_parse_cfg *cfg_in, tt_cli_options *o,
                    tt_cli_error *err)
{
    tt_cli_parse_cfg cfg;
    memset(o, 0, sizeof *o);
    o->cli_auto_prompt = TT_CLI_PROMPT_UNSET;
    memset(err, 0, sizeof *err);
    if (cfg_in)
        cfg = *cfg_in;
    else
        tt_cli_parse_cfg_defaults(&cfg);
    o->prog = base_name(argc > 0 ? argv[0] : NULL);
    return parse_words(argc > 1 ? argv + 1 : argv, argc > 1 ? (size_t)(argc - 1) : 0, &cfg, o,
                       err, 1);
}

static int auto_prompt_mode(char **words, size_t nw, const tt_cli_parse_cfg *cfg,
                            tt_cli_error *err)
{
    size_t i;
    int on = 0, off = 0, noprompt = 0;
    for (i = 0; i < nw; i++) {
        if (strcmp(words[i], "--cli-auto-prompt") == 0)
            on = 1;
        else if (strcmp(words[i], "--no-cli-auto-prompt") == 0)
            off = 1;
        else if (strcmp(words[i], "help") == 0 || strcmp(words[i], "--version") == 0)
            noprompt = 1;
    }
    if (on && off) {
        plain_error(err, TT_CLI_EXIT_USAGE,
                    "Both --cli-auto-prompt and --no-cli-auto-prompt cannot be specified at the "
                    "same time.");
        return -1;
    }
    if (noprompt || off)
        return TT_CLI_PROMPT_OFF;
    if (on)
        return TT_CLI_PROMPT_ON;
    if (cfg->auto_prompt_default != TT_CLI_PROMPT_UNSET)
        return cfg->auto_prompt_default;
    {
        const char *e = getenv("AWS_CLI_AUTO_PROMPT");
        if (e && strcmp(e, "on") == 0)
            return TT_CLI_PROMPT_ON;
        if (e && strcmp(e, "on-partial") == 0)
            return TT_CLI_PROMPT_PARTIAL;
    }
    return TT_CLI_PROMPT_OFF;
}

static int do_prompt(char **words, size_t nw, const tt_cli_parse_cfg *cfg, tt_cli_options *o,
                     tt_cli_error *err)
{
    FILE *in = cfg->prompt_in ? cfg->prompt_in : stdin;
    FILE *out = cfg->prompt_out ? cfg->prompt_out : stdout;
    char **nwords = NULL;
    size_t nn = 0;
    int r;
    const char *prog = o->prog;
    if (tt_cli_prompt_run(words, nw, in, out, &nwords, &nn) != 0) {
        tt_cli_prompt_free_args(nwords, nn);
        /* prompt_toolkit's abort (Ctrl-D/Ctrl-C) ends the CLI with 130 */
        plain_error(err, 130, "");
        free(err->text);
        err->text = xstrdup("\n");
        return TT_CLI_ERROR;
    }
    memset(o, 0, sizeof *o);
    o->prog = prog;
    o->cli_auto_prompt = TT_CLI_PROMPT_ON;
    r = parse_words(nwords, nn, cfg, o, err, 0);
    o->cli_auto_prompt = TT_CLI_PROMPT_ON;
    tt_cli_prompt_free_args(nwords, nn);
    return r;
}

static int parse_words(char **words, size_t nw, const tt_cli_parse_cfg *cfg,
                       tt_cli_options *o, tt_cli_error *err, int allow_prompt)
{
    ap_parser p1 = {first_acts2, F_N + 1};
    ap_parser pm = {main_acts, G_N};
    ap_parser psvc = {svc_acts, 1};
    ap_act op_acts[O_N];
    ap_parser pop = {op_acts, O_N};
    ap_res r1, rm, rs, ro;
    const char *prog = o->prog;
    char **rest = NULL;
    size_t nrest = 0, i;
    int ret = TT_CLI_ERROR;
    int mode;
    size_t ncli = 0;
    tt_jv *params = NULL, *doc = NULL;
    (void)first_acts;

    memset(&r1, 0, sizeof r1);
    memset(&rm, 0, sizeof rm);
    memset(&rs, 0, sizeof rs);
    memset(&ro, 0, sizeof ro);

    /* 0. auto-prompt mode (before anything is parsed, as the CLI does) */
    mode = auto_prompt_mode(words, nw, cfg, err);
    if (mode < 0)
        return TT_CLI_ERROR;
    if (allow_prompt && (mode == TT_CLI_PROMPT_ON || mode == TT_CLI_PROMPT_PARTIAL)) {
        int tty = cfg->assume_tty;
        if (tty < 0)
            tty = isatty(fileno(cfg->prompt_in ? cfg->prompt_in : stdin));
        if (mode == TT_CLI_PROMPT_PARTIAL) {
            /* on-partial: parse normally; prompt only after a parameter
             * error (exit 252), whose message is then not shown */
            int r0 = parse_words(words, nw, cfg, o, err, 0);
            if (!((r0 == TT_CLI_ERROR && err->exit_code == TT_CLI_EXIT_USAGE) ||
                  (r0 == TT_CLI_RUN && o->deferred.exit_code == TT_CLI_EXIT_USAGE)))
                return r0;
            tt_cli_error_free(err);
            {
                const char *keep = o->prog;
                tt_cli_options_free(o);
                o->prog = keep;
            }
        }
        if (!tty) {
            /* prompt_toolkit refuses a non-terminal input: the CLI prints
             * its warning and exits 255 with an empty message */
            plain_error(err, TT_CLI_EXIT_OTHER, "");
            free(err->text);
            err->text = xstrdup("Warning: Input is not a terminal (fd=0).\n\n\n");
            return TT_CLI_ERROR;
        }
        return do_prompt(words, nw, cfg, o, err);
    }

    /* 1. first pass (--profile / --debug / -h) */
    if (ap_parse(&p1, words, nw, &r1, prog, err) != 0) {
        /* its own usage line */
        if (err->text && strstr(err->text, ": error: ")) {
            const char *m = strstr(err->text, ": error: ") + 9;
            sb b = {0};
            sb_printf(&b, "\nusage: %s [-h] [--profile PROFILE] [--debug]\n\n%s: error: %s", prog,
                      prog, m);
            tt_cli_error_set(err, TT_CLI_EXIT_USAGE, b.p);
            free(b.p);
        }
        goto out;
    }
    if (r1.help_seen) {
        /* ours: -h/--help shows the operation help instead of argparse's */
        o->want_help = 1;
        o->help_topic = TT_CLI_HELP_OPERATION;
        ret = TT_CLI_HELP;
        goto out;
    }

    /* 2. main parser */
    if (ap_parse(&pm, words, nw, &rm, prog, err) != 0) {
        if (rm.version_seen)
            goto version;
        goto out;
    }
    if (rm.version_seen) {
    version:
        o->want_version = 1;
        ret = TT_CLI_VERSION;
        goto out;
    }
    o->debug = rm.v[G_DEBUG].seen;
    o->no_verify_ssl = rm.v[G_NOVERIFY].seen;
    o->no_paginate = rm.v[G_NOPAGINATE].seen;
    o->no_sign_request = rm.v[G_NOSIGN].seen;
    o->no_cli_pager = rm.v[G_NOPAGER].seen;
    o->answers = rm.v[G_ANSWERS].seen;
    o->cli_auto_prompt = rm.v[G_NOPROMPT].seen ? TT_CLI_PROMPT_OFF
                         : rm.v[G_PROMPT].seen ? TT_CLI_PROMPT_ON
                                               : TT_CLI_PROMPT_UNSET;
    if (set_str(&o->endpoint_url, rm.v[G_ENDPOINT].str) || set_str(&o->output, rm.v[G_OUTPUT].str) ||
        set_str(&o->query, rm.v[G_QUERY].str) || set_str(&o->profile, rm.v[G_PROFILE].str) ||
        set_str(&o->region, rm.v[G_REGION].str) || set_str(&o->color, rm.v[G_COLOR].str) ||
        set_str(&o->ca_bundle, rm.v[G_CABUNDLE].str) ||
        set_str(&o->cli_binary_format, rm.v[G_BINFMT].str))
        goto oom;
    if (rm.v[G_WATCH].seen) {
        if (rm.v[G_WATCH].num < 1) {
            usage_error(err, prog, "argument --watch: must be a positive number of seconds");
            goto out;
        }
        o->watch_seconds = rm.v[G_WATCH].num;
        o->has_watch = 1;
    }

    /* 3. top-level handlers: --query compiles, timeouts are int()ed */
    if (o->query) {
        tt_jmespath *q = NULL;
        tt_jmespath_error je;
        memset(&je, 0, sizeof je);
        if (tt_jmespath_compile(o->query, strlen(o->query), &q, &je) != 0) {
            sb b = {0};
            sb_printf(&b, "Bad value for --query %s: %s", o->query, je.msg);
            plain_error(err, TT_CLI_EXIT_USAGE, b.p ? b.p : "");
            free(b.p);
            goto out;
        }
        tt_jmespath_free(q);
    }
    {
        static const int ids[2] = {G_READTO, G_CONNTO};
        static const char *const what[2] = {"read", "connect"};
        int k;
        for (k = 0; k < 2; k++) {
            const char *s = rm.v[ids[k]].str;
            long t;
            if (!s)
                continue;
            if (py_int(s, &t) != 0) {
                sb b = {0};
                sb_puts(&b, "invalid literal for int() with base 10: ");
                sb_pyrepr200(&b, s);
                plain_error(err, TT_CLI_EXIT_OTHER, b.p ? b.p : "");
                free(b.p);
                goto out;
            }
            if (k == 0) {
                o->read_timeout = (double)t;
                o->has_read_timeout = 1;
            } else {
                o->connect_timeout = (double)t;
                o->has_connect_timeout = 1;
            }
            if (t < 0 && !o->deferred.text) {
                char m[200];
                snprintf(m, sizeof m,
                         "Attempted to set %s timeout to %ld, but the timeout cannot be set to a "
                         "value less than or equal to 0.",
                         what[k], t);
                plain_error(&o->deferred, TT_CLI_EXIT_OTHER, m);
            }
        }
    }

    /* 4. command / service parser */
    {
        const char *cmd = rm.v[G_COMMAND].str;
        if (strcmp(cmd, "help") == 0) {
            o->want_help = 1;
            o->help_topic = TT_CLI_HELP_TOP;
            ret = TT_CLI_HELP;
            goto out;
        }
        if (strcmp(cmd, "mturk") == 0) {
            const char *op;
            if (ap_parse(&psvc, rm.extras, rm.nextras, &rs, prog, err) != 0)
                goto out;
            op = rs.v[0].str;
            if (strcmp(op, "help") == 0) {
                o->want_help = 1;
                o->help_topic = TT_CLI_HELP_SERVICE;
                ret = TT_CLI_HELP;
                goto out;
            }
            if (strcmp(op, "list-assignments-for-hit") != 0) {
                sb b = {0};
                sb_printf(&b, "argument operation: %s is not supported by %s (only "
                              "list-assignments-for-hit is)", op, prog);
                usage_error(err, prog, b.p ? b.p : "");
                free(b.p);
                goto out;
            }
            /* remove the first occurrence of the operation word */
            rest = rs.extras;
            nrest = rs.nextras;
        } else {
            rest = rm.extras;
            nrest = rm.nextras;
        }
    }
    o->command_ok = 1;

    /* 5. operation parser */
    memcpy(op_acts, op_acts_tmpl, sizeof op_acts);
    for (i = 0; i < nrest; i++) {
        if (strcmp(rest[i], "--cli-input-json") == 0 || strcmp(rest[i], "--cli-input-yaml") == 0)
            op_acts[O_HITID].required = 0;
        if (strcmp(rest[i], "--generate-cli-skeleton") == 0 &&
            !(i + 1 < nrest && strcmp(rest[i + 1], "output") == 0))
            op_acts[O_HITID].required = 0;
    }
    if (nrest == 1 && strcmp(rest[0], "help") == 0) {
        o->want_help = 1;
        o->help_topic = TT_CLI_HELP_OPERATION;
        ret = TT_CLI_HELP;
        goto out;
    }
    if (ap_parse(&pop, rest, nrest, &ro, prog, err) != 0)
        goto out;
    {
        const char *h = ro.v[O_HELPPOS].str;
        size_t nx = ro.nextras;
        if (h && strcmp(h, "help") == 0) {
            o->want_help = 1;
            o->help_topic = TT_CLI_HELP_OPERATION;
            ret = TT_CLI_HELP;
            goto out;
        }
        if (h || nx) {
            sb b = {0};
            sb_puts(&b, "\n");
            sb_printf(&b, usage_fmt, prog, prog, prog, prog);
            sb_puts(&b, "\nUnknown options: ");
            for (i = 0; i < nx; i++)
                sb_printf(&b, "%s%s", i ? ", " : "", ro.extras[i]);
            if (h)
                sb_printf(&b, "%s%s", nx ? ", " : "", h);
            sb_puts(&b, "\n\n");
            tt_cli_error_set(err, TT_CLI_EXIT_USAGE, b.p);
            free(b.p);
            goto out;
        }
    }

    /* 6a. pagination switches (operation-args-parsed) */
    o->paginate = !o->no_paginate;
    if (ro.v[O_NEXTTOKEN].str || ro.v[O_MAXRESULTS].str) {
        o->paginate = 0;
        o->pagination_disabled_by_input = 1;
    }
    if (!o->paginate) {
        sb b = {0};
        int k = 0;
        static const int pids[3] = {O_STARTING, O_PAGESIZE, O_MAXITEMS};
        for (i = 0; i < 3; i++) {
            const ap_val *v = &ro.v[pids[i]];
            int truthy = v->str && (op_acts[pids[i]].type == T_INT ? v->num != 0 : v->str[0]);
            if (truthy)
                sb_printf(&b, "%s%s", k++ ? ", " : "", op_acts[pids[i]].opt);
        }
        if (k) {
            sb c = {0};
            sb_printf(&c, "Cannot specify --no-paginate along with pagination arguments: %s", b.p);
            plain_error(err, TT_CLI_EXIT_USAGE, c.p ? c.p : "");
            free(b.p);
            free(c.p);
            goto out;
        }
        free(b.p);
    }
    if (ro.v[O_STARTING].str && set_str(&o->starting_token, ro.v[O_STARTING].str))
        goto oom;
    if (ro.v[O_PAGESIZE].str) {
        o->page_size = ro.v[O_PAGESIZE].num;
        o->has_page_size = 1;
    }
    if (ro.v[O_MAXITEMS].str) {
        o->max_items = ro.v[O_MAXITEMS].num;
        o->has_max_items = 1;
    }
    if (set_str(&o->cli_input_json, ro.v[O_INJSON].str) ||
        set_str(&o->cli_input_yaml, ro.v[O_INYAML].str) ||
        set_str(&o->generate_skeleton, ro.v[O_SKELETON].str))
        goto oom;

    /* 6b. call parameters from the command line (file:// values, int()) */
    params = tt_jv_object();
    if (!params)
        goto oom;
    if (ro.v[O_HITID].str) {
        char *s = xstrdup(ro.v[O_HITID].str);
        if (!s || unpack_paramfile("--hit-id", &s, err) != 0) {
            free(s);
            goto out;
        }
        if (jv_set(params, "HITId", tt_jv_cstring(s)) != 0) {
            free(s);
            goto oom;
        }
        free(s);
    }
    if (ro.v[O_NEXTTOKEN].str) {
        char *s = xstrdup(ro.v[O_NEXTTOKEN].str);
        if (!s || unpack_paramfile("--next-token", &s, err) != 0) {
            free(s);
            goto out;
        }
        if (jv_set(params, "NextToken", tt_jv_cstring(s)) != 0) {
            free(s);
            goto oom;
        }
        free(s);
    }
    if (ro.v[O_MAXRESULTS].str) {
        char *s = xstrdup(ro.v[O_MAXRESULTS].str);
        long v;
        if (!s || unpack_paramfile("--max-results", &s, err) != 0) {
            free(s);
            goto out;
        }
        if (py_int(s, &v) != 0) {
            sb b = {0};
            sb_puts(&b, "invalid literal for int() with base 10: ");
            sb_pyrepr200(&b, s);
            plain_error(err, TT_CLI_EXIT_OTHER, b.p ? b.p : "");
            free(b.p);
            free(s);
            goto out;
        }
        free(s);
        if (jv_set(params, "MaxResults", tt_jv_int(v)) != 0)
            goto oom;
    }
    if (ro.v[O_STATUSES].seen) {
        const ap_val *v = &ro.v[O_STATUSES];
        tt_jv *arr = NULL;
        if (v->nlist == 1) {
            char *s = xstrdup(v->list[0]);
            const char *t;
            if (!s || unpack_paramfile("--assignment-statuses", &s, err) != 0) {
                free(s);
                goto out;
            }
            t = s;
            while (*t == ' ' || (*t >= '\t' && *t <= '\r'))
                t++;
            if (*t == '[') {
                char em[256];
                if (tt_cli_pyjson_error(s, strlen(s), em, sizeof em) != 0 ||
                    tt_jv_parse_ex(s, strlen(s), TT_JV_PARSE_ALLOW_NAN, &arr, em, sizeof em) != 0) {
                    sb b = {0};
                    sb_printf(&b,
                              "Error parsing parameter '--assignment-statuses': Invalid JSON: "
                              "%s\nJSON received: %s",
                              em, s);
                    plain_error(err, TT_CLI_EXIT_USAGE, b.p ? b.p : "");
                    free(b.p);
                    free(s);
                    goto out;
                }
            } else {
                arr = tt_jv_array();
                if (!arr || tt_jv_array_push(arr, tt_jv_cstring(s)) != 0) {
                    free(s);
                    tt_jv_free(arr);
                    goto oom;
                }
            }
            free(s);
        } else {
            arr = tt_jv_array();
            if (!arr)
                goto oom;
            for (i = 0; i < v->nlist; i++)
                if (tt_jv_array_push(arr, tt_jv_cstring(v->list[i])) != 0) {
                    tt_jv_free(arr);
                    goto oom;
                }
        }
        if (jv_set(params, "AssignmentStatuses", arr) != 0)
            goto oom;
    }

    /* 6c. --cli-input-json / --cli-input-yaml (calling-command) */
    ncli = tt_jv_object_len(params);
    if (o->cli_input_json || o->cli_input_yaml) {
        int yaml = o->cli_input_json == NULL;
        const char *cli_name = yaml ? "--cli-input-yaml" : "--cli-input-json";
        char *text = NULL;
        char msg[1024];
        int pr;
        if (o->cli_input_json && o->cli_input_yaml) {
            plain_error(err, TT_CLI_EXIT_USAGE, "Only one --cli-input- parameter may be specified.");
            goto out;
        }
        pr = tt_cli_paramfile(yaml ? o->cli_input_yaml : o->cli_input_json, &text, msg, sizeof msg);
        if (pr < 0) {
            sb b = {0};
            sb_printf(&b, "Error parsing parameter '%s': %s", cli_name, msg);
            plain_error(err, TT_CLI_EXIT_USAGE, b.p ? b.p : "");
            free(b.p);
            goto out;
        }
        {
            const char *src = pr > 0 ? text : (yaml ? o->cli_input_yaml : o->cli_input_json);
            int rr = tt_cli_input_parse(src, strlen(src), yaml, &doc);
            free(text);
            if (rr != 0) {
                plain_error(err, TT_CLI_EXIT_USAGE,
                            yaml ? "Error parsing parameter 'cli-input-yaml': Invalid YAML received."
                                 : "Error parsing parameter 'cli-input-json': Invalid JSON received.");
                goto out;
            }
        }
        if (tt_jv_type_of(doc) != TT_JV_OBJECT) {
            sb b = {0};
            sb_printf(&b, "Error parsing parameter '%s': Invalid type: expecting map, received %s",
                      cli_name, py_type(doc));
            plain_error(err, TT_CLI_EXIT_USAGE, b.p ? b.p : "");
            free(b.p);
            goto out;
        }
        for (i = 0; i < tt_jv_object_len(doc); i++) {
            size_t kl;
            const char *k = tt_jv_object_key(doc, i, &kl);
            if (!tt_jv_object_get(params, k, kl)) {
                tt_jv *c = tt_jv_copy(tt_jv_object_value(doc, i));
                if (!c || tt_jv_object_set(params, k, kl, c) != 0)
                    goto oom;
                if (is_member(k, kl) && ((kl == 9 && memcmp(k, "NextToken", 9) == 0) ||
                                         (kl == 10 && memcmp(k, "MaxResults", 10) == 0))) {
                    o->paginate = 0;
                    o->pagination_disabled_by_input = 1;
                }
            }
        }
    }

    /* 7. parameter validation (reported by main at request time) */
    {
        sb e = {0};
        int pagcfg = !o->paginate && (ro.v[O_STARTING].str || ro.v[O_PAGESIZE].str ||
                                      ro.v[O_MAXITEMS].str);
        int skel_output = o->generate_skeleton && strcmp(o->generate_skeleton, "output") == 0;
        int skel_input = o->generate_skeleton && !skel_output;
        if (skel_output && (ro.v[O_STARTING].str || ro.v[O_PAGESIZE].str || ro.v[O_MAXITEMS].str))
            pagcfg = 1; /* the stubbed call is never paginated */
        if (!skel_input) {
            tt_jv *tmp = tt_jv_copy(params);
            if (!tmp)
                goto oom;
            if (!pagcfg && o->paginate && o->starting_token && !skel_output) {
                /* the paginator sends the token's NextToken: "" (or a
                 * non-string) fails validation like any parameter */
                tt_jv *nt = starting_token_next(o->starting_token);
                if (nt)
                    tt_jv_object_set(tmp, "NextToken", 9, nt);
            }
            if (!pagcfg && o->paginate && ro.v[O_PAGESIZE].str && !skel_output) {
                /* the paginator puts PageSize into MaxResults */
                tt_jv_object_set(tmp, "MaxResults", 10, tt_jv_int(o->page_size));
            }
            if (!tt_jv_object_get(tmp, "HITId", 5))
                sb_puts(&e, "\nMissing required parameter in input: \"HITId\"");
            /* botocore: unknown keys first (in dict order; PaginationConfig
             * sits after the command-line keys), then each member */
            for (i = 0; i <= tt_jv_object_len(tmp); i++) {
                size_t kl;
                const char *k;
                if (pagcfg && i == ncli)
                    sb_puts(&e, "\nUnknown parameter in input: \"PaginationConfig\", must be one "
                                "of: HITId, NextToken, MaxResults, AssignmentStatuses");
                if (i == tt_jv_object_len(tmp))
                    break;
                k = tt_jv_object_key(tmp, i, &kl);
                if (!is_member(k, kl)) {
                    sb_puts(&e, "\nUnknown parameter in input: \"");
                    sb_put(&e, k, kl);
                    sb_puts(&e, "\", must be one of: HITId, NextToken, MaxResults, "
                                "AssignmentStatuses");
                }
            }
            for (i = 0; i < tt_jv_object_len(tmp); i++) {
                size_t kl;
                const char *k = tt_jv_object_key(tmp, i, &kl);
                char kz[32];
                if (!is_member(k, kl))
                    continue;
                memcpy(kz, k, kl);
                kz[kl] = 0;
                validate_member(&e, kz, tt_jv_object_value(tmp, i));
            }
            tt_jv_free(tmp);
            if (e.n && !o->deferred.text) {
                sb f = {0};
                sb_puts(&f, "\nParameter validation failed:");
                sb_put(&f, e.p, e.n);
                sb_puts(&f, "\n");
                tt_cli_error_set(&o->deferred, TT_CLI_EXIT_USAGE, f.p);
                free(f.p);
            }
            free(e.p);
        }
    }

    /* 8. export the merged parameters (valid types only) */
    {
        const tt_jv *v;
        v = tt_jv_object_get(params, "HITId", 5);
        if (v && tt_jv_type_of(v) == TT_JV_STRING) {
            if (set_str(&o->hit_id, tt_jv_get_string(v, NULL)))
                goto oom;
            o->has_hit_id = 1;
        }
        v = tt_jv_object_get(params, "NextToken", 9);
        if (v && tt_jv_type_of(v) == TT_JV_STRING) {
            if (set_str(&o->next_token, tt_jv_get_string(v, NULL)))
                goto oom;
            o->has_next_token = 1;
        }
        v = tt_jv_object_get(params, "MaxResults", 10);
        if (v && tt_jv_type_of(v) == TT_JV_INT) {
            o->max_results = (long)tt_jv_get_int(v);
            o->has_max_results = 1;
        }
        v = tt_jv_object_get(params, "AssignmentStatuses", 18);
        if (v && tt_jv_type_of(v) == TT_JV_ARRAY) {
            size_t n = tt_jv_array_len(v);
            o->statuses = calloc(n ? n : 1, sizeof *o->statuses);
            if (!o->statuses)
                goto oom;
            o->has_statuses = 1;
            for (i = 0; i < n; i++) {
                const tt_jv *it = tt_jv_array_get(v, i);
                if (tt_jv_type_of(it) != TT_JV_STRING)
                    continue;
                o->statuses[o->n_statuses] = xstrdup(tt_jv_get_string(it, NULL));
                if (!o->statuses[o->n_statuses])
                    goto oom;
                o->n_statuses++;
            }
        }
    }
    ret = o->generate_skeleton ? TT_CLI_SKELETON : TT_CLI_RUN;
    goto out;
oom:
    plain_error(err, TT_CLI_EXIT_OTHER, "out of memory");
    ret = TT_CLI_ERROR;
out:
    tt_jv_free(params);
    tt_jv_free(doc);
    ap_res_free(&r1, F_N + 1);
    ap_res_free(&rm, G_N);
    ap_res_free(&rs, 1);
    ap_res_free(&ro, O_N);
    if (ret == TT_CLI_ERROR && !err->text)
        plain_error(err, TT_CLI_EXIT_OTHER, "internal error");
    if (ret != TT_CLI_ERROR)
        tt_cli_error_free(err);
    return ret;
}
