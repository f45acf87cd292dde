/*
 * tt_out_table.c - --output table as the AWS CLI (awscli/table.py and
 * TableFormatter) lays it out: sections with centred titles, sorted
 * scalar-key headers, left-aligned cells with 2 spaces of padding, columns
 * scaled to the widest section, the vertical key|value fallback for
 * single-row sections when the table is wider than the terminal, and
 * East-Asian widths (W, F, A count 2).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_out_int.h"

size_t tt_out_display_width(const char *s, size_t len)
{
    size_t i = 0, w = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        size_t j, lo = 0, hi;
        if (i + k > len)
            k = 1;
        cp = k == 1 ? c : (uint32_t)(c & (0x7F >> k));
        for (j = 1; j < k; j++)
            cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
        i += k;
        hi = tt_out_eaw_count;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (cp < tt_out_eaw_ranges[mid][0])
                hi = mid;
            else if (cp > tt_out_eaw_ranges[mid][1])
                lo = mid + 1;
            else {
                lo = hi + 1;
                break;
            }
        }
        w += lo == hi + 1 ? 2 : 1;
    }
    return w;
}

typedef struct cell {
    char *s;
    size_t n;
    long w;
} cell;

typedef struct row {
    cell *c;
    size_t n;
} row;

typedef struct section {
    cell title;
    int indent;
    row headers;
    row *rows;
    size_t nrows, caprows;
    long num_cols; /* -1 = not set */
    long *maxw;
    size_t nmaxw;
} section;

typedef struct tbl {
    section *s;
    size_t n, cap;
    section *cur;
    int rc;
} tbl;

static int cell_set(cell *c, const char *s, size_t n)
{
    c->s = malloc(n + 1);
    if (!c->s)
        return TT_JV_ERR_NOMEM;
    if (n)
        memcpy(c->s, s, n);
    c->s[n] = '\0';
    c->n = n;
    c->w = (long)tt_out_display_width(s, n);
    return TT_OK;
}

static int cell_str(cell *c, const tt_jv *v)
{
    tt_jv_buf b;
    int rc;
    tt_jv_buf_init(&b);
    rc = tt_out_pystr(v, &b);
    if (rc == TT_OK)
        rc = cell_set(c, b.ptr ? b.ptr : "", b.len);
    tt_jv_buf_free(&b);
    return rc;
}

static void row_free(row *r)
{
    size_t i;
    for (i = 0; i < r->n; i++)
        free(r->c[i].s);
    free(r->c);
    r->c = NULL;
    r->n = 0;
}

static void update_maxw(tbl *t, section *s, const row *r)
{
    size_t i;
    if (s->nmaxw == 0) {
        free(s->maxw);
        s->maxw = r->n ? malloc(r->n * sizeof *s->maxw) : NULL;
        if (r->n && !s->maxw) {
            t->rc = TT_JV_ERR_NOMEM;
            return;
        }
        for (i = 0; i < r->n; i++)
            s->maxw[i] = r->c[i].w;
        s->nmaxw = r->n;
        return;
    }
    for (i = 0; i < r->n && i < s->nmaxw; i++)
        if (r->c[i].w > s->maxw[i])
            s->maxw[i] = r->c[i].w;
}

static void new_section(tbl *t, const char *title, size_t tlen, int indent)
{
    section *s;
    if (t->rc != TT_OK)
        return;
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 8;
        section *p = realloc(t->s, nc * sizeof *p);
        if (!p) {
            t->rc = TT_JV_ERR_NOMEM;
            return;
        }
        t->s = p;
        t->cap = nc;
    }
    s = &t->s[t->n++];
    memset(s, 0, sizeof *s);
    s->num_cols = -1;
    s->indent = indent;
    t->cur = s;
    t->rc = cell_set(&s->title, title, tlen);
}

/* Takes ownership of r. */
static void add_header(tbl *t, row *r)
{
    section *s = t->cur;
    if (t->rc != TT_OK || !s) {
        row_free(r);
        return;
    }
    update_maxw(t, s, r);
    if (s->num_cols < 0)
        s->num_cols = (long)r->n;
    row_free(&s->headers);
    s->headers = *r;
}

static void add_row(tbl *t, row *r)
{
    section *s = t->cur;
    if (t->rc != TT_OK || !s) {
        row_free(r);
        if (t->rc == TT_OK)
            t->rc = TT_OUT_ERR_ARG;
        return;
    }
    if (s->num_cols < 0)
        s->num_cols = (long)r->n;
    if ((long)r->n != s->num_cols) {
        /* the CLI raises ValueError here */
        row_free(r);
        t->rc = TT_OUT_ERR_ARG;
        return;
    }
    if (s->nrows == s->caprows) {
        size_t nc = s->caprows ? s->caprows * 2 : 8;
        row *p = realloc(s->rows, nc * sizeof *p);
        if (!p) {
            row_free(r);
            t->rc = TT_JV_ERR_NOMEM;
            return;
        }
        s->rows = p;
        s->caprows = nc;
    }
    s->rows[s->nrows++] = *r;
    update_maxw(t, s, r);
}

static int row_alloc(row *r, size_t n)
{
    r->n = 0;
    r->c = calloc(n ? n : 1, sizeof *r->c);
    return r->c ? TT_OK : TT_JV_ERR_NOMEM;
}

static int is_scalar(const tt_jv *v)
{
    tt_jv_type ty = tt_jv_type_of(v);
    return ty != TT_JV_ARRAY && ty != TT_JV_OBJECT;
}

static int truthy(const tt_jv *v)
{
    switch (tt_jv_type_of(v)) {
    case TT_JV_NULL: return 0;
    case TT_JV_BOOL: return tt_jv_get_bool(v);
    case TT_JV_INT: return v->u.i.big || v->u.i.v != 0;
    case TT_JV_FLOAT: return v->u.d != 0.0;
    case TT_JV_STRING: return v->u.s.len != 0;
    case TT_JV_ARRAY: return tt_jv_array_len(v) != 0;
    case TT_JV_OBJECT: return tt_jv_object_len(v) != 0;
    }
    return 0;
}

typedef struct klist {
    const tt_jv_member **k;
    size_t n, cap;
} klist;

static int klist_add(klist *l, const tt_jv_member *m, int uniq)
{
    size_t i;
    if (uniq)
        for (i = 0; i < l->n; i++)
            if (l->k[i]->klen == m->klen && !memcmp(l->k[i]->key, m->key, m->klen))
                return TT_OK;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        const tt_jv_member **p = realloc((void *)l->k, nc * sizeof *p);
        if (!p)
            return TT_JV_ERR_NOMEM;
        l->k = p;
        l->cap = nc;
    }
    l->k[l->n++] = m;
    return TT_OK;
}

static void group_keys(tbl *t, const tt_jv *obj, klist *headers, klist *more, int uniq)
{
    size_t i;
    if (tt_jv_type_of(obj) != TT_JV_OBJECT)
        return;
    for (i = 0; i < obj->u.o.len && t->rc == TT_OK; i++) {
        const tt_jv_member *m = &obj->u.o.m[i];
        t->rc = klist_add(is_scalar(m->val) ? headers : more, m, uniq);
    }
}

static void klist_sort(klist *l)
{
    if (l->n > 1)
        qsort((void *)l->k, l->n, sizeof *l->k, tt_jv_member_ptr_cmp);
}

static int build(tbl *t, const char *title, size_t tlen, const tt_jv *cur, int indent);

static void headers_row(tbl *t, const klist *h)
{
    row r;
    size_t i;
    if (t->rc != TT_OK)
        return;
    t->rc = row_alloc(&r, h->n);
    for (i = 0; i < h->n && t->rc == TT_OK; i++) {
        t->rc = cell_set(&r.c[i], h->k[i]->key, h->k[i]->klen);
        if (t->rc == TT_OK)
            r.n++;
    }
    if (t->rc == TT_OK)
        add_header(t, &r);
    else
        row_free(&r);
}

static void from_dict(tbl *t, const tt_jv *cur, int indent)
{
    klist h = {NULL, 0, 0}, m = {NULL, 0, 0};
    size_t i;
    row r;
    group_keys(t, cur, &h, &m, 0);
    klist_sort(&h);
    klist_sort(&m);
    if (t->rc == TT_OK && h.n == 1) {
        t->rc = row_alloc(&r, 2);
        if (t->rc == TT_OK) {
            t->rc = cell_set(&r.c[0], h.k[0]->key, h.k[0]->klen);
            if (t->rc == TT_OK)
                r.n = 1;
            if (t->rc == TT_OK)
                t->rc = cell_str(&r.c[1], h.k[0]->val);
            if (t->rc == TT_OK) {
                r.n = 2;
                add_row(t, &r);
            } else {
                row_free(&r);
            }
        }
    } else if (t->rc == TT_OK && h.n) {
        headers_row(t, &h);
        if (t->rc == TT_OK)
            t->rc = row_alloc(&r, h.n);
        for (i = 0; i < h.n && t->rc == TT_OK; i++) {
            t->rc = cell_str(&r.c[i], h.k[i]->val);
            if (t->rc == TT_OK)
                r.n++;
        }
        if (t->rc == TT_OK)
            add_row(t, &r);
        else
            row_free(&r);
    }
    for (i = 0; i < m.n && t->rc == TT_OK; i++)
        build(t, m.k[i]->key, m.k[i]->klen, m.k[i]->val, indent + 1);
    free((void *)h.k);
    free((void *)m.k);
}

static void from_list(tbl *t, const tt_jv *cur, int indent, const char *title, size_t tlen)
{
    klist h = {NULL, 0, 0}, m = {NULL, 0, 0};
    size_t i, j, n = tt_jv_array_len(cur);
    for (i = 0; i < n && t->rc == TT_OK; i++)
        group_keys(t, tt_jv_array_get(cur, i), &h, &m, 1);
    klist_sort(&h);
    klist_sort(&m);
    headers_row(t, &h);
    for (i = 0; i < n && t->rc == TT_OK; i++) {
        const tt_jv *el = tt_jv_array_get(cur, i);
        row r;
        if (i > 0 && m.n) {
            new_section(t, title, tlen, indent);
            headers_row(t, &h);
        }
        if (t->rc != TT_OK)
            break;
        t->rc = row_alloc(&r, h.n);
        for (j = 0; j < h.n && t->rc == TT_OK; j++) {
            const tt_jv *v = tt_jv_object_get(el, h.k[j]->key, h.k[j]->klen);
            t->rc = v ? cell_str(&r.c[j], v) : cell_set(&r.c[j], "", 0);
            if (t->rc == TT_OK)
                r.n++;
        }
        if (t->rc == TT_OK)
            add_row(t, &r);
        else
            row_free(&r);
        for (j = 0; j < m.n && t->rc == TT_OK; j++) {
            const tt_jv *v = tt_jv_object_get(el, m.k[j]->key, m.k[j]->klen);
            if (v)
                build(t, m.k[j]->key, m.k[j]->klen, v, indent + 1);
        }
    }
    free((void *)h.k);
    free((void *)m.k);
}

static int build(tbl *t, const char *title, size_t tlen, const tt_jv *cur, int indent)
{
    size_t i, j, n;
    if (!truthy(cur))
        return 0;
    if (title)
        new_section(t, title, tlen, indent);
    if (tt_jv_type_of(cur) == TT_JV_ARRAY) {
        n = tt_jv_array_len(cur);
        if (tt_jv_type_of(tt_jv_array_get(cur, 0)) == TT_JV_OBJECT) {
            from_list(t, cur, indent, title, tlen);
        } else {
            for (i = 0; i < n && t->rc == TT_OK; i++) {
                const tt_jv *it = tt_jv_array_get(cur, i);
                row r;
                if (is_scalar(it)) {
                    t->rc = row_alloc(&r, 1);
                    if (t->rc == TT_OK)
                        t->rc = cell_str(&r.c[0], it);
                    if (t->rc == TT_OK) {
                        r.n = 1;
                        add_row(t, &r);
                    } else {
                        row_free(&r);
                    }
                    continue;
                }
                {
                    int all = 1;
                    size_t m = tt_jv_type_of(it) == TT_JV_ARRAY ? tt_jv_array_len(it)
                                                                 : tt_jv_object_len(it);
                    if (tt_jv_type_of(it) == TT_JV_ARRAY)
                        for (j = 0; j < m; j++)
                            all &= is_scalar(tt_jv_array_get(it, j));
                    /* iterating a dict gives its keys: scalars */
                    if (all) {
                        t->rc = row_alloc(&r, m);
                        for (j = 0; j < m && t->rc == TT_OK; j++) {
                            if (tt_jv_type_of(it) == TT_JV_ARRAY) {
                                t->rc = cell_str(&r.c[j], tt_jv_array_get(it, j));
                            } else {
                                size_t kl;
                                const char *k = tt_jv_object_key(it, j, &kl);
                                t->rc = cell_set(&r.c[j], k, kl);
                            }
                            if (t->rc == TT_OK)
                                r.n++;
                        }
                        if (t->rc == TT_OK)
                            add_row(t, &r);
                        else
                            row_free(&r);
                    } else {
                        build(t, NULL, 0, it, 0);
                    }
                }
            }
        }
    }
    if (tt_jv_type_of(cur) == TT_JV_OBJECT)
        from_dict(t, cur, indent);
    return 1;
}

/* ---- rendering ------------------------------------------------------------ */

static long floordiv(long a, long b)
{
    long q = a / b;
    if ((a % b) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static long total_width(const section *s)
{
    long total = 0, tw;
    size_t i;
    for (i = 0; i < s->nmaxw; i++)
        total += s->maxw[i] + 4;
    total += 2;
    total += 2L * s->indent;
    tw = s->title.w + 2 + 2L * s->indent;
    return tw > total ? tw : total;
}

/* calculate_column_widths(padding=4, max_width); *out malloc'ed (n = nmaxw). */
static long *col_widths(const section *s, long max_width)
{
    size_t i, n = s->nmaxw;
    long *w = malloc((n ? n : 1) * sizeof *w), sum = 0, off;
    double scale;
    if (!w)
        return NULL;
    for (i = 0; i < n; i++) {
        w[i] = s->maxw[i] + 4;
        sum += w[i];
    }
    if (!n)
        return w;
    scale = (double)max_width / (double)sum;
    sum = 0;
    for (i = 0; i < n; i++) {
        w[i] = (long)rint(scale * (double)w[i]);
        sum += w[i];
    }
    off = sum - max_width;
    while (off != 0) {
        if (off > 0) {
            for (i = 0; i < n && off != 0; i++) {
                w[i]--;
                off--;
            }
        } else {
            for (i = n; i-- > 0 && off != 0;) {
                w[i]++;
                off++;
            }
        }
    }
    return w;
}

typedef struct rend {
    tt_jv_buf *b;
    int color;
    int rc;
} rend;

static void out(rend *r, const char *s, size_t n)
{
    if (r->rc == TT_OK && n)
        r->rc = tt_jv_buf_append(r->b, s, n);
}
static void outs(rend *r, const char *s) { out(r, s, strlen(s)); }
static void spaces(rend *r, long n)
{
    while (n-- > 0)
        out(r, " ", 1);
}
static void dashes(rend *r, long n)
{
    while (n-- > 0)
        out(r, "-", 1);
}

/* IndentedStream.write: left indent chars, text minus "\n", right indent, "\n".
 * Each helper below builds one line into `line` and emits it this way. */
static void indent_chars(rend *r, int level)
{
    int i;
    for (i = 0; i < level; i++)
        outs(r, r->color ? "\x1b[2m\x1b[33m|\x1b[0m" : "|");
}

/* With colour the CLI writes through colorama's autoreset wrapper, which
 * appends RESET_ALL after every write() call: IndentedStream makes four
 * per line (left indent, text, right indent, newline). */
#define RESET "\x1b[0m"
static void emit_line(rend *r, int level, const tt_jv_buf *line)
{
    indent_chars(r, level);
    if (r->color)
        outs(r, RESET);
    out(r, line->ptr ? line->ptr : "", line->len);
    if (r->color)
        outs(r, RESET);
    indent_chars(r, level);
    if (r->color)
        outs(r, RESET);
    out(r, "\n", 1);
    if (r->color)
        outs(r, RESET);
}

static void center(rend *lr, const char *text, size_t tn, long tw, long length, const char *le,
                   const char *re)
{
    long le_w = (long)strlen(le), re_w = (long)strlen(re);
    long start = floordiv(length, 2) - floordiv(tw, 2) - 1, sofar, right;
    outs(lr, le);
    spaces(lr, start);
    out(lr, text, tn);
    sofar = le_w + start + tw;
    right = length - re_w - sofar;
    spaces(lr, right);
    outs(lr, re);
}

static void line_break(rend *lr, const long *w, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (i == 0) {
            outs(lr, "+");
            dashes(lr, w[i] - 2);
            outs(lr, "+");
        } else {
            dashes(lr, w[i] - 1);
            outs(lr, "+");
        }
    }
}

static void render_section(rend *r, const section *s, long max_width)
{
    tt_jv_buf line;
    rend lr;
    long *w = NULL;
    size_t i, j;
    tt_jv_buf_init(&line);
    lr.b = &line;
    lr.color = r->color;
    lr.rc = TT_OK;
    max_width -= 2L * s->indent;
    if (s->title.n) {
        center(&lr, s->title.s, s->title.n, s->title.w, max_width, "|", "|");
        emit_line(r, s->indent, &line);
        line.len = 0;
        if (!s->headers.n && !s->nrows) {
            outs(&lr, "+");
            dashes(&lr, max_width - 2);
            outs(&lr, "+");
            emit_line(r, s->indent, &line);
            line.len = 0;
        }
    }
    if (s->headers.n) {
        w = col_widths(s, max_width);
        if (!w) {
            r->rc = TT_JV_ERR_NOMEM;
            goto done;
        }
        line_break(&lr, w, s->nmaxw);
        emit_line(r, s->indent, &line);
        line.len = 0;
        for (i = 0; i < s->headers.n && i < s->nmaxw; i++)
            center(&lr, s->headers.c[i].s, s->headers.c[i].n, s->headers.c[i].w, w[i],
                   i == 0 ? "|" : "", "|");
        emit_line(r, s->indent, &line);
        line.len = 0;
        free(w);
        w = NULL;
    }
    if (s->nrows && s->nmaxw) {
        w = col_widths(s, max_width);
        if (!w) {
            r->rc = TT_JV_ERR_NOMEM;
            goto done;
        }
        line_break(&lr, w, s->nmaxw);
        emit_line(r, s->indent, &line);
        line.len = 0;
        for (i = 0; i < s->nrows; i++) {
            const row *rw = &s->rows[i];
            for (j = 0; j < rw->n && j < s->nmaxw; j++) {
                const cell *c = &rw->c[j];
                long le_w = j == 0 ? 1 : 0;
                long comp = c->w + 2 + le_w + 1, pad = w[j] - comp >= 0 ? 2 : 0;
                if (j == 0)
                    outs(&lr, "|");
                spaces(&lr, pad);
                if (r->color)
                    outs(&lr, "\x1b[1m\x1b[34m");
                out(&lr, c->s, c->n);
                if (r->color)
                    outs(&lr, "\x1b[0m");
                spaces(&lr, w[j] - (le_w + pad + c->w) - 1);
                outs(&lr, "|");
            }
            emit_line(r, s->indent, &line);
            line.len = 0;
        }
        line_break(&lr, w, s->nmaxw);
        emit_line(r, s->indent, &line);
        line.len = 0;
    }
done:
    if (lr.rc != TT_OK && r->rc == TT_OK)
        r->rc = lr.rc;
    free(w);
    tt_jv_buf_free(&line);
}

static void section_free(section *s)
{
    size_t i;
    free(s->title.s);
    row_free(&s->headers);
    for (i = 0; i < s->nrows; i++)
        row_free(&s->rows[i]);
    free(s->rows);
    free(s->maxw);
}

static void to_vertical(tbl *t)
{
    size_t i, j;
    for (i = 0; i < t->n && t->rc == TT_OK; i++) {
        section *s = &t->s[i], ns;
        if (s->nrows != 1 || !s->headers.n)
            continue;
        memset(&ns, 0, sizeof ns);
        ns.num_cols = -1;
        ns.indent = s->indent;
        ns.title = s->title;
        s->title.s = NULL;
        t->cur = &ns;
        for (j = 0; j < s->headers.n && j < s->rows[0].n && t->rc == TT_OK; j++) {
            row r;
            t->rc = row_alloc(&r, 2);
            if (t->rc == TT_OK)
                t->rc = cell_set(&r.c[0], s->headers.c[j].s, s->headers.c[j].n);
            if (t->rc == TT_OK) {
                r.n = 1;
                t->rc = cell_set(&r.c[1], s->rows[0].c[j].s, s->rows[0].c[j].n);
            }
            if (t->rc == TT_OK) {
                r.n = 2;
                add_row(t, &r);
            } else {
                row_free(&r);
            }
        }
        section_free(s);
        *s = ns;
        t->cur = s; /* never leave it pointing at the local `ns` */
    }
}

int tt_out_table(const tt_jv *v, const char *title, int color, int width, tt_jv_buf *b)
{
    tbl t;
    size_t i;
    long maxw = 0;
    rend r;
    memset(&t, 0, sizeof t);
    if (width <= 0)
        width = 80;
    if (!title)
        title = "";
    if (!build(&t, title, strlen(title), v, 0) || t.rc != TT_OK)
        goto done;
    for (i = 0; i < t.n; i++)
        if (total_width(&t.s[i]) > maxw)
            maxw = total_width(&t.s[i]);
    if (maxw > width) {
        to_vertical(&t);
        maxw = 0;
        for (i = 0; i < t.n; i++)
            if (total_width(&t.s[i]) > maxw)
                maxw = total_width(&t.s[i]);
    }
    r.b = b;
    r.color = color;
    r.rc = TT_OK;
    dashes(&r, maxw);
    out(&r, "\n", 1);
    if (color)
        outs(&r, RESET);
    for (i = 0; i < t.n && r.rc == TT_OK; i++)
        render_section(&r, &t.s[i], maxw);
    t.rc = r.rc;
done:
    for (i = 0; i < t.n; i++)
        section_free(&t.s[i]);
    free(t.s);
    return t.rc;
}
