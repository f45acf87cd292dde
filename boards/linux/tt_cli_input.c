/*
 * tt_cli_input.c - file:// parameter values, --cli-input-json/yaml
 * documents, and --generate-cli-skeleton output (host only).
 */
#include "tt_cli_input.h"
#include "tt_utf8.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


/* ---- file:// ------------------------------------------------------------- */

/* Python os.path.expandvars(os.path.expanduser(p)) (POSIX rules). */
static char *expand_path(const char *p)
{
    size_t cap = strlen(p) + 1, n = 0;
    char *out;
    const char *home = NULL;
    if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
        home = getenv("HOME");
        if (home)
            cap += strlen(home);
    }
    out = malloc(cap);
    if (!out)
        return NULL;
    if (home) {
        size_t hl = strlen(home);
        while (hl > 1 && home[hl - 1] == '/')
            hl--; /* expanduser strips a trailing slash of HOME */
        memcpy(out, home, hl);
        n = hl;
        p++;
    }
    while (*p) {
        if (*p == '$') {
            const char *s = p + 1, *e;
            int brace = *s == '{';
            if (brace)
                s++;
            e = s;
            while (isalnum((unsigned char)*e) || *e == '_')
                e++;
            if (e > s && (!brace || *e == '}')) {
                char name[256];
                const char *val;
                size_t nl = (size_t)(e - s);
                if (nl < sizeof name) {
                    memcpy(name, s, nl);
                    name[nl] = 0;
                    val = getenv(name);
                    if (val) {
                        size_t vl = strlen(val);
                        char *q;
                        cap += vl;
                        q = realloc(out, cap);
                        if (!q) {
                            free(out);
                            return NULL;
                        }
                        out = q;
                        memcpy(out + n, val, vl);
                        n += vl;
                        p = brace ? e + 1 : e;
                        continue;
                    }
                }
            }
        }
        out[n++] = *p++;
    }
    out[n] = 0;
    return out;
}

int tt_cli_paramfile(const char *value, char **out, char *msg, size_t msglen)
{
    const char *rest;
    char *path;
    FILE *f;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    if (strncmp(value, "file://", 7) == 0)
        rest = value + 7;
    else if (strncmp(value, "fileb://", 8) == 0)
        rest = value + 8;
    else
        return 0;
    path = expand_path(rest);
    if (!path) {
        snprintf(msg, msglen, "out of memory");
        return -1;
    }
    errno = 0;
    f = fopen(path, "rb");
    if (f) {
        for (;;) {
            size_t k;
            if (n + 4096 + 1 > cap) {
                char *q;
                cap = cap ? cap * 2 : 8192;
                q = realloc(buf, cap);
                if (!q) {
                    free(buf);
                    fclose(f);
                    free(path);
                    snprintf(msg, msglen, "out of memory");
                    return -1;
                }
                buf = q;
            }
            k = fread(buf + n, 1, 4096, f);
            n += k;
            if (k < 4096)
                break;
        }
        if (ferror(f)) {
            int e = errno ? errno : EIO;
            fclose(f);
            free(buf);
            snprintf(msg, msglen, "Unable to load paramfile %s: [Errno %d] %s: '%s'", value, e,
                     strerror(e), path);
            free(path);
            return -1;
        }
        fclose(f);
        buf[n] = 0;
        free(path);
        *out = buf;
        return 1;
    }
    {
        int e = errno ? errno : ENOENT;
        snprintf(msg, msglen, "Unable to load paramfile %s: [Errno %d] %s: '%s'", value, e,
                 strerror(e), path);
    }
    free(path);
    return -1;
}

/* ---- YAML subset ---------------------------------------------------------- */

typedef struct yline {
    int indent;
    const char *s; /* content after indent, comment stripped */
    size_t len;
} yline;

typedef struct yp {
    yline *l;
    size_t n, i;
    int bad;
} yp;

/* A double-quoted scalar's escape at s[0..len) (after the backslash), as
 * ruamel.yaml reads it: writes UTF-8 to out, returns the bytes of s used,
 * 0 for an unknown or malformed escape (the CLI: "Invalid YAML"). */
static size_t y_dq_escape(const char *s, size_t len, char *out, size_t *o)
{
    static const char simple[] = {'0', '\0', 'a', '\a', 'b', '\b', 't', '\t', 'n', '\n',
                                  'v', '\v', 'f', '\f', 'r', '\r', 'e', '\033', ' ', ' ',
                                  '"', '"', '/', '/', '\\', '\\'};
    size_t i, nhex = 0;
    uint32_t cp = 0;
    char u8[4];
    int n;
    if (len == 0)
        return 0;
    for (i = 0; i < sizeof simple; i += 2)
        if (simple[i] == s[0]) {
            out[(*o)++] = simple[i + 1];
            return 1;
        }
    switch (s[0]) {
    case '\t': out[(*o)++] = '\t'; return 1;
    case 'N': cp = 0x85; break;
    case '_': cp = 0xA0; break;
    case 'L': cp = 0x2028; break;
    case 'P': cp = 0x2029; break;
    case 'x': nhex = 2; break;
    case 'u': nhex = 4; break;
    case 'U': nhex = 8; break;
    default: return 0;
    }
    if (nhex) {
        if (len < 1 + nhex)
            return 0;
        for (i = 1; i <= nhex; i++) {
            int h = isdigit((unsigned char)s[i]) ? s[i] - '0'
                    : (s[i] >= 'a' && s[i] <= 'f') ? s[i] - 'a' + 10
                    : (s[i] >= 'A' && s[i] <= 'F') ? s[i] - 'A' + 10 : -1;
            if (h < 0)
                return 0;
            cp = cp << 4 | (uint32_t)h;
        }
    }
    n = tt_utf8_encode(cp, u8);
    if (n <= 0)
        return 0; /* a surrogate or > U+10FFFF */
    memcpy(out + *o, u8, (size_t)n);
    *o += (size_t)n;
    return 1 + nhex;
}

static tt_jv *y_scalar(const char *s, size_t len, int *bad)
{
    char tmp[64];
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    if (len && (*s == '\'' || *s == '"')) {
        char q = *s;
        size_t i;
        char *buf = malloc(2 * len + 1);
        size_t o = 0;
        tt_jv *v;
        if (!buf)
            return NULL;
        for (i = 1; i < len; i++) {
            if (s[i] == q) {
                if (q == '\'' && i + 1 < len && s[i + 1] == '\'') {
                    buf[o++] = '\'';
                    i++;
                    continue;
                }
                break;
            }
            if (q == '"' && s[i] == '\\' && i + 1 < len) {
                /* an escape's UTF-8 is at most 1.5 x its text (\L: 2 bytes
                 * -> 3), so buf (2 len + 1) is big enough */
                size_t used = y_dq_escape(s + i + 1, len - i - 1, buf, &o);
                if (used == 0) {
                    free(buf);
                    *bad = 1;
                    return NULL;
                }
                i += used;
                continue;
            }
            buf[o++] = s[i];
        }
        if (i != len - 1) {
            free(buf);
            *bad = 1;
            return NULL;
        }
        v = tt_jv_string(buf, o);
        free(buf);
        return v;
    }
    if (len == 0 || (len == 1 && *s == '~') || (len == 4 && (!memcmp(s, "null", 4) ||
                                                             !memcmp(s, "Null", 4) ||
                                                             !memcmp(s, "NULL", 4))))
        return tt_jv_null();
    if ((len == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "True", 4) || !memcmp(s, "TRUE", 4))))
        return tt_jv_bool(1);
    if ((len == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "False", 5) || !memcmp(s, "FALSE", 5))))
        return tt_jv_bool(0);
    if (len < sizeof tmp) {
        size_t i = 0;
        int digits = 0;
        memcpy(tmp, s, len);
        tmp[len] = 0;
        if (tmp[0] == '-' || tmp[0] == '+')
            i++;
        while (i < len && isdigit((unsigned char)tmp[i])) {
            i++;
            digits = 1;
        }
        if (digits && i == len) {
            long long v;
            errno = 0;
            v = strtoll(tmp, NULL, 10);
            if (errno == ERANGE) {
                /* beyond int64: keep every digit (Python ints do), not
                 * LLONG_MAX; drop '+' and leading zeros for the digit text */
                char *d = tmp + (tmp[0] == '-' || tmp[0] == '+');
                while (d[0] == '0' && d[1])
                    d++;
                if (tmp[0] == '-')
                    *--d = '-';
                return tt_jv_int_text(d, strlen(d));
            }
            return tt_jv_int((int64_t)v);
        }
        {
            /* YAML 1.2 core: [-+]?.inf, .nan in three spellings each */
            const char *t = tmp + (tmp[0] == '-' || tmp[0] == '+');
            if (!strcmp(t, ".inf") || !strcmp(t, ".Inf") || !strcmp(t, ".INF"))
                return tt_jv_double(tmp[0] == '-' ? -HUGE_VAL : HUGE_VAL);
            if (t == tmp && (!strcmp(t, ".nan") || !strcmp(t, ".NaN") || !strcmp(t, ".NAN")))
                return tt_jv_double(NAN);
        }
        if (len > 2 && tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'o')) {
            char *e;
            long long v = strtoll(tmp + 2, &e, tmp[1] == 'x' ? 16 : 8);
            if (*e == 0)
                return tt_jv_int((int64_t)v);
        }
        {
            /* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
            size_t j = 0;
            int d1 = 0, d2 = 0, dot = 0;
            if (tmp[j] == '-' || tmp[j] == '+')
                j++;
            while (isdigit((unsigned char)tmp[j])) {
                j++;
                d1 = 1;
            }
            if (tmp[j] == '.') {
                dot = 1;
                j++;
                while (isdigit((unsigned char)tmp[j])) {
                    j++;
                    d2 = 1;
                }
            }
            if ((d1 && !dot && (tmp[j] == 'e' || tmp[j] == 'E')) || ((d1 || d2) && dot)) {
                /* 1.5, .5, 5., 1e3 (ruamel's 1.2 floats) */
                if (tmp[j] == 'e' || tmp[j] == 'E') {
                    size_t k = j + 1;
                    if (tmp[k] == '-' || tmp[k] == '+')
                        k++;
                    if (isdigit((unsigned char)tmp[k])) {
                        while (isdigit((unsigned char)tmp[k]))
                            k++;
                        j = k;
                    }
                }
                if (j == len)
                    return tt_jv_double(strtod(tmp, NULL));
            }
        }
    }
    return tt_jv_string(s, len);
}

/* Flow collection / scalar at s[*pos..len). */
static tt_jv *y_flow(const char *s, size_t len, size_t *pos, int *bad, int depth)
{
    size_t p = *pos;
    while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n'))
        p++;
    if (depth > 64) {
        *bad = 1;
        return NULL;
    }
    if (p < len && (s[p] == '[' || s[p] == '{')) {
        char close = s[p] == '[' ? ']' : '}';
        int ismap = s[p] == '{';
        tt_jv *c = ismap ? tt_jv_object() : tt_jv_array();
        p++;
        for (;;) {
            tt_jv *k = NULL, *v;
            while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n'))
                p++;
            if (p >= len) {
                *bad = 1;
                tt_jv_free(c);
                return NULL;
            }
            if (s[p] == close) {
                p++;
                break;
            }
            if (ismap) {
                size_t q = p;
                if (s[p] == '"' || s[p] == '\'') {
                    char qc = s[p];
                    q++;
                    while (q < len && s[q] != qc)
                        q++;
                    if (q < len) /* unterminated: the scalar reports it */
                        q++;
                } else {
                    while (q < len && s[q] != ':' && s[q] != ',' && s[q] != close)
                        q++;
                }
                k = y_scalar(s + p, q - p, bad);
                p = q;
                while (p < len && (s[p] == ' ' || s[p] == '\t'))
                    p++;
                if (!k || p >= len || s[p] != ':' || tt_jv_type_of(k) != TT_JV_STRING) {
                    *bad = 1;
                    tt_jv_free(k);
                    tt_jv_free(c);
                    return NULL;
                }
                p++;
            }
            v = y_flow(s, len, &p, bad, depth + 1);
            if (!v) {
                tt_jv_free(k);
                tt_jv_free(c);
                return NULL;
            }
            if (ismap) {
                size_t kl;
                const char *ks = tt_jv_get_string(k, &kl);
                if (tt_jv_object_get(c, ks, kl)) {
                    /* ruamel refuses a duplicate key (DuplicateKeyError) */
                    *bad = 1;
                    tt_jv_free(v);
                    tt_jv_free(k);
                    tt_jv_free(c);
                    return NULL;
                }
                tt_jv_object_set(c, ks, kl, v);
                tt_jv_free(k);
            } else {
                tt_jv_array_push(c, v);
            }
            while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n'))
                p++;
            if (p < len && s[p] == ',') {
                p++;
                continue;
            }
            if (p < len && s[p] == close) {
                p++;
                break;
            }
            *bad = 1;
            tt_jv_free(c);
            return NULL;
        }
        *pos = p;
        return c;
    }
    {
        size_t q = p;
        if (p < len && (s[p] == '"' || s[p] == '\'')) {
            char qc = s[p];
            q++;
            while (q < len) {
                if (s[q] == qc) {
                    if (qc == '\'' && q + 1 < len && s[q + 1] == '\'') {
                        q += 2;
                        continue;
                    }
                    break;
                }
                if (qc == '"' && s[q] == '\\' && q + 1 < len)
                    q++;
                q++;
            }
            q++;
            if (q > len) {
                *bad = 1;
                return NULL;
            }
        } else {
            while (q < len && s[q] != ',' && s[q] != ']' && s[q] != '}' && s[q] != '\n')
                q++;
        }
        *pos = q;
        return y_scalar(s + p, q - p, bad);
    }
}

static tt_jv *y_block(yp *y, int indent, int depth);

/* Value after "key:" or "- " on the same line, or a nested block below. */
static tt_jv *y_value(yp *y, const char *s, size_t len, int parent_indent, int depth)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    if (len == 0) {
        if (y->i < y->n && (y->l[y->i].indent > parent_indent ||
                            (y->l[y->i].indent == parent_indent && y->l[y->i].len >= 1 &&
                             y->l[y->i].s[0] == '-' &&
                             (y->l[y->i].len == 1 || y->l[y->i].s[1] == ' '))))
            return y_block(y, y->l[y->i].indent, depth + 1);
        return tt_jv_null();
    }
    if (s[0] != '[' && s[0] != '{' && s[0] != '\'' && s[0] != '"')
        return y_scalar(s, len, &y->bad); /* plain: ',' ']' '}' are just characters */
    {
        size_t p = 0;
        tt_jv *v = y_flow(s, len, &p, &y->bad, depth);
        while (p < len && (s[p] == ' ' || s[p] == '\t'))
            p++;
        if (v && p != len) {
            tt_jv_free(v);
            y->bad = 1;
            return NULL;
        }
        return v;
    }
}

static const char *find_colon(const char *s, size_t len)
{
    size_t i;
    char q = 0;
    for (i = 0; i < len; i++) {
        if (q) {
            if (s[i] == q)
                q = 0;
            continue;
        }
        if (i == 0 && (s[i] == '\'' || s[i] == '"')) {
            q = s[i];
            continue;
        }
        if (s[i] == ':' && (i + 1 == len || s[i + 1] == ' ' || s[i + 1] == '\t'))
            return s + i;
    }
    return NULL;
}

static tt_jv *y_block(yp *y, int indent, int depth)
{
    tt_jv *c;
    int isseq;
    if (depth > 64 || y->i >= y->n) {
        y->bad = 1;
        return NULL;
    }
    isseq = y->l[y->i].s[0] == '-' && (y->l[y->i].len == 1 || y->l[y->i].s[1] == ' ');
    c = isseq ? tt_jv_array() : tt_jv_object();
    while (y->i < y->n && !y->bad) {
        yline *l = &y->l[y->i];
        if (l->indent < indent)
            break;
        if (l->indent > indent) {
            y->bad = 1;
            break;
        }
        if (isseq) {
            tt_jv *v;
            if (!(l->s[0] == '-' && (l->len == 1 || l->s[1] == ' ')))
                break;
            y->i++;
            v = y_value(y, l->s + 1, l->len - 1, indent, depth);
            if (!v)
                break;
            tt_jv_array_push(c, v);
        } else {
            const char *colon = find_colon(l->s, l->len);
            tt_jv *k, *v;
            if (!colon) {
                y->bad = 1;
                break;
            }
            k = y_scalar(l->s, (size_t)(colon - l->s), &y->bad);
            if (!k || tt_jv_type_of(k) != TT_JV_STRING) {
                tt_jv_free(k);
                y->bad = 1;
                break;
            }
            y->i++;
            v = y_value(y, colon + 1, l->len - (size_t)(colon + 1 - l->s), indent, depth);
            if (!v) {
                tt_jv_free(k);
                y->bad = 1;
                break;
            }
            {
                size_t kl;
                const char *ks = tt_jv_get_string(k, &kl);
                if (tt_jv_object_get(c, ks, kl)) { /* a duplicate key: refused */
                    tt_jv_free(v);
                    tt_jv_free(k);
                    y->bad = 1;
                    break;
                }
                tt_jv_object_set(c, ks, kl, v);
            }
            tt_jv_free(k);
        }
    }
    if (y->bad) {
        tt_jv_free(c);
        return NULL;
    }
    return c;
}

/* The CLI's YAML reader refuses any character outside YAML's printable set
 * (and text that is not UTF-8) before parsing: "Invalid YAML received.". */
static int yaml_printable(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = tt_utf8_decode(text + i, len - i, &cp);
        if (n <= 0)
            return 0;
        if (!(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
              (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
              (cp >= 0x10000 && cp <= 0x10FFFF)))
            return 0;
        i += (size_t)n;
    }
    return 1;
}

static int parse_yaml(const char *text, size_t len, tt_jv **out)
{
    yp y;
    size_t cap = 16, p = 0;
    tt_jv *v = NULL;
    if (!yaml_printable(text, len))
        return -1;
    memset(&y, 0, sizeof y);
    y.l = malloc(cap * sizeof *y.l);
    if (!y.l)
        return -1;
    while (p < len) {
        size_t e = p, k;
        int ind = 0;
        char q = 0;
        const char *s;
        size_t sl;
        while (e < len && text[e] != '\n')
            e++;
        while (p + (size_t)ind < e && text[p + (size_t)ind] == ' ')
            ind++;
        s = text + p + ind;
        sl = e - (p + (size_t)ind);
        if (sl && s[sl - 1] == '\r')
            sl--;
        /* strip comments outside quotes */
        for (k = 0; k < sl; k++) {
            if (q) {
                if (s[k] == q)
                    q = 0;
                continue;
            }
            if (s[k] == '\'' || s[k] == '"') {
                if (k == 0 || s[k - 1] == ' ' || s[k - 1] == '[' || s[k - 1] == '{' ||
                    s[k - 1] == ',' || s[k - 1] == ':' || s[k - 1] == '-')
                    q = s[k];
                continue;
            }
            if (s[k] == '#' && (k == 0 || s[k - 1] == ' ' || s[k - 1] == '\t')) {
                sl = k;
                break;
            }
        }
        while (sl && (s[sl - 1] == ' ' || s[sl - 1] == '\t'))
            sl--;
        if (sl && !(sl == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3)))) {
            if (s[0] == '\t') {
                free(y.l);
                return -1;
            }
            if (y.n == cap) {
                yline *q2;
                cap *= 2;
                q2 = realloc(y.l, cap * sizeof *y.l);
                if (!q2) {
                    free(y.l);
                    return -1;
                }
                y.l = q2;
            }
            y.l[y.n].indent = ind;
            y.l[y.n].s = s;
            y.l[y.n].len = sl;
            y.n++;
        }
        p = e + 1;
    }
    if (y.n == 0) {
        free(y.l);
        *out = tt_jv_null();
        return *out ? 0 : -1;
    }
    if (y.l[0].s[0] == '{' || y.l[0].s[0] == '[' || !find_colon(y.l[0].s, y.l[0].len)) {
        if (!(y.l[0].s[0] == '-' && (y.l[0].len == 1 || y.l[0].s[1] == ' '))) {
            /* a flow document (possibly over several lines) or a scalar */
            size_t pos = (size_t)(y.l[0].s - text), end = (size_t)(y.l[y.n - 1].s - text) +
                                                           y.l[y.n - 1].len;
            /* join lines: comments already ignored only per line; re-scan raw */
            size_t pp = 0;
            char *joined = malloc(end - pos + 1);
            size_t jn = 0, li;
            if (!joined) {
                free(y.l);
                return -1;
            }
            for (li = 0; li < y.n; li++) {
                memcpy(joined + jn, y.l[li].s, y.l[li].len);
                jn += y.l[li].len;
                joined[jn++] = '\n';
            }
            v = y_flow(joined, jn, &pp, &y.bad, 0);
            while (pp < jn && (joined[pp] == ' ' || joined[pp] == '\n'))
                pp++;
            if (v && pp != jn)
                y.bad = 1;
            free(joined);
            free(y.l);
            if (y.bad || !v) {
                tt_jv_free(v);
                return -1;
            }
            *out = v;
            return 0;
        }
    }
    v = y_block(&y, y.l[0].indent, 0);
    if (v && y.i != y.n)
        y.bad = 1;
    free(y.l);
    if (y.bad || !v) {
        tt_jv_free(v);
        return -1;
    }
    *out = v;
    return 0;
}

int tt_cli_input_parse(const char *text, size_t len, int is_yaml, tt_jv **out)
{
    char em[128];
    *out = NULL;
    if (is_yaml)
        return parse_yaml(text, len, out);
    return tt_jv_parse_ex(text, len, TT_JV_PARSE_ALLOW_NAN, out, em, sizeof em) == 0 ? 0 : -1;
}

/* ---- skeletons ------------------------------------------------------------ */

const char tt_cli_skeleton_input_json[] =
    "{\n"
    "    \"HITId\": \"\",\n"
    "    \"NextToken\": \"\",\n"
    "    \"MaxResults\": 0,\n"
    "    \"AssignmentStatuses\": [\n"
    "        \"Submitted\"\n"
    "    ]\n"
    "}\n";

const char tt_cli_skeleton_input_yaml[] =
    "HITId: ''  # [REQUIRED] The ID of the HIT.\n"
    "NextToken: '' # Pagination token.\n"
    "MaxResults: 0\n"
    "AssignmentStatuses:  # The status of the assignments to return.\n"
    "- Submitted\n";


/* ---- Python json.loads error messages --------------------------------------- */

typedef struct pj {
    const char *s;
    size_t n;
    const char *err;
    size_t at;
} pj;

static size_t pj_ws(const pj *p, size_t i)
{
    while (i < p->n && (p->s[i] == ' ' || p->s[i] == '\t' || p->s[i] == '\n' || p->s[i] == '\r'))
        i++;
    return i;
}

static int pj_fail(pj *p, const char *m, size_t at)
{
    p->err = m;
    p->at = at;
    return -1;
}

static int pj_lit(const pj *p, size_t i, const char *w)
{
    size_t l = strlen(w);
    return i + l <= p->n && memcmp(p->s + i, w, l) == 0;
}

static int pj_value(pj *p, size_t i, size_t *end, int depth);

static int pj_string(pj *p, size_t i, size_t *end)
{
    size_t start = i; /* the opening quote */
    i++;
    for (;;) {
        unsigned char c;
        if (i >= p->n)
            return pj_fail(p, "Unterminated string starting at", start);
        c = (unsigned char)p->s[i];
        if (c == '"') {
            *end = i + 1;
            return 0;
        }
        if (c < 0x20)
            return pj_fail(p, "Invalid control character at", i);
        if (c == '\\') {
            char e;
            if (i + 1 >= p->n)
                return pj_fail(p, "Unterminated string starting at", start);
            e = p->s[i + 1];
            if (e == 'u') {
                size_t k;
                /* CPython's scanner wants a byte after the 4 digits ("end >=
                 * len"): "\u0041" ending the text is an invalid escape */
                if (i + 6 >= p->n)
                    return pj_fail(p, "Invalid \\uXXXX escape", i + 1);
                for (k = 0; k < 4; k++)
                    if (!isxdigit((unsigned char)p->s[i + 2 + k]))
                        return pj_fail(p, "Invalid \\uXXXX escape", i + 1);
                i += 6;
                continue;
            }
            if (e == '\0' || !strchr("\"\\/bfnrt", e)) /* strchr finds the NUL too */
                return pj_fail(p, "Invalid \\escape", i);
            i += 2;
            continue;
        }
        i++;
    }
}

static int pj_value(pj *p, size_t i, size_t *end, int depth)
{
    char c;
    if (depth > 500)
        return pj_fail(p, "Expecting value", i);
    if (i >= p->n)
        return pj_fail(p, "Expecting value", i);
    c = p->s[i];
    if (c == '"')
        return pj_string(p, i, end);
    if (c == '{') {
        size_t j = pj_ws(p, i + 1);
        if (j < p->n && p->s[j] == '}') {
            *end = j + 1;
            return 0;
        }
        for (;;) {
            size_t e;
            if (j >= p->n || p->s[j] != '"')
                return pj_fail(p, "Expecting property name enclosed in double quotes", j);
            if (pj_string(p, j, &e))
                return -1;
            j = pj_ws(p, e);
            if (j >= p->n || p->s[j] != ':')
                return pj_fail(p, "Expecting ':' delimiter", j);
            j = pj_ws(p, j + 1);
            if (pj_value(p, j, &e, depth + 1))
                return -1;
            j = pj_ws(p, e);
            if (j < p->n && p->s[j] == '}') {
                *end = j + 1;
                return 0;
            }
            if (j >= p->n || p->s[j] != ',')
                return pj_fail(p, "Expecting ',' delimiter", j);
            j = pj_ws(p, j + 1);
        }
    }
    if (c == '[') {
        size_t j = pj_ws(p, i + 1), e;
        if (j < p->n && p->s[j] == ']') {
            *end = j + 1;
            return 0;
        }
        for (;;) {
            if (pj_value(p, j, &e, depth + 1))
                return -1;
            j = pj_ws(p, e);
            if (j < p->n && p->s[j] == ']') {
                *end = j + 1;
                return 0;
            }
            if (j >= p->n || p->s[j] != ',')
                return pj_fail(p, "Expecting ',' delimiter", j);
            j = pj_ws(p, j + 1);
        }
    }
    if (pj_lit(p, i, "null") || pj_lit(p, i, "true")) {
        *end = i + 4;
        return 0;
    }
    if (pj_lit(p, i, "false")) {
        *end = i + 5;
        return 0;
    }
    if (pj_lit(p, i, "NaN")) {
        *end = i + 3;
        return 0;
    }
    if (pj_lit(p, i, "Infinity")) {
        *end = i + 8;
        return 0;
    }
    if (pj_lit(p, i, "-Infinity")) {
        *end = i + 9;
        return 0;
    }
    {
        /* (-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)? */
        size_t j = i;
        if (j < p->n && p->s[j] == '-')
            j++;
        if (j < p->n && p->s[j] == '0') {
            j++;
        } else if (j < p->n && p->s[j] >= '1' && p->s[j] <= '9') {
            while (j < p->n && isdigit((unsigned char)p->s[j]))
                j++;
        } else {
            return pj_fail(p, "Expecting value", i);
        }
        if (j + 1 < p->n && p->s[j] == '.' && isdigit((unsigned char)p->s[j + 1])) {
            j++;
            while (j < p->n && isdigit((unsigned char)p->s[j]))
                j++;
        }
        if (j < p->n && (p->s[j] == 'e' || p->s[j] == 'E')) {
            size_t k = j + 1;
            if (k < p->n && (p->s[k] == '-' || p->s[k] == '+'))
                k++;
            if (k < p->n && isdigit((unsigned char)p->s[k])) {
                while (k < p->n && isdigit((unsigned char)p->s[k]))
                    k++;
                j = k;
            }
        }
        *end = j;
        return 0;
    }
}

int tt_cli_pyjson_error(const char *text, size_t len, char *msg, size_t msglen)
{
    pj p;
    size_t i, e, k, line = 1, col, chars = 0, last_nl_chars = 0;
    int have_nl = 0;
    p.s = text;
    p.n = len;
    p.err = NULL;
    p.at = 0;
    i = pj_ws(&p, 0);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* json.loads checks first */
        pj_fail(&p, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    else if (pj_value(&p, i, &e, 0) == 0) {
        e = pj_ws(&p, e);
        if (e == len)
            return 0;
        pj_fail(&p, "Extra data", e);
    }
    /* Python positions count code points, not bytes */
    for (k = 0; k < p.at && k < len; k++) {
        unsigned char c = (unsigned char)text[k];
        if ((c & 0xC0) == 0x80)
            continue;
        if (c == '\n') {
            line++;
            have_nl = 1;
            last_nl_chars = chars;
        }
        chars++;
    }
    col = have_nl ? chars - last_nl_chars : chars + 1;
    snprintf(msg, msglen, "%s: line %lu column %lu (char %lu)", p.err, (unsigned long)line,
             (unsigned long)col, (unsigned long)chars);
    return -1;
}
