/*
 * tt_out_text.c - the AWS CLI's --output text (awscli/text.py behaviour,
 * reimplemented) and Python str() of values.
 */
#include <stdlib.h>
#include <string.h>

#include "tt_out_int.h"

#define APP(b, s, n)                                                                     \
    do {                                                                                 \
        int rc_ = tt_jv_buf_append((b), (s), (n));                                       \
        if (rc_ != TT_OK)                                                                \
            return rc_;                                                                  \
    } while (0)
#define APPS(b, s) APP(b, s, strlen(s))
#define TRY(x)                                                                           \
    do {                                                                                 \
        int rc_ = (x);                                                                   \
        if (rc_ != TT_OK)                                                                \
            return rc_;                                                                  \
    } while (0)

static int is_container(const tt_jv *v)
{
    tt_jv_type t = tt_jv_type_of(v);
    return t == TT_JV_ARRAY || t == TT_JV_OBJECT;
}

/* Python repr() of a str (quote choice and escapes as CPython). */
static int pyrepr_str(const char *s, size_t n, tt_jv_buf *b)
{
    char q = '\'';
    size_t i;
    if (memchr(s, '\'', n) && !memchr(s, '"', n))
        q = '"';
    APP(b, &q, 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char e[8];
        if (c == (unsigned char)q || c == '\\') {
            e[0] = '\\';
            e[1] = (char)c;
            APP(b, e, 2);
        } else if (c == '\n') {
            APPS(b, "\\n");
        } else if (c == '\r') {
            APPS(b, "\\r");
        } else if (c == '\t') {
            APPS(b, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(e, sizeof e, "\\x%02x", c);
            APPS(b, e);
        } else {
            APP(b, (const char *)&s[i], 1);
        }
    }
    APP(b, &q, 1);
    return TT_OK;
}

static int pyrepr(const tt_jv *v, tt_jv_buf *b)
{
    size_t i, n;
    switch (tt_jv_type_of(v)) {
    case TT_JV_STRING:
        return pyrepr_str(v->u.s.ptr, v->u.s.len, b);
    case TT_JV_ARRAY:
        APPS(b, "[");
        n = tt_jv_array_len(v);
        for (i = 0; i < n; i++) {
            if (i)
                APPS(b, ", ");
            TRY(pyrepr(tt_jv_array_get(v, i), b));
        }
        APPS(b, "]");
        return TT_OK;
    case TT_JV_OBJECT:
        APPS(b, "{");
        n = tt_jv_object_len(v);
        for (i = 0; i < n; i++) {
            size_t kl;
            const char *k = tt_jv_object_key(v, i, &kl);
            if (i)
                APPS(b, ", ");
            TRY(pyrepr_str(k, kl, b));
            APPS(b, ": ");
            TRY(pyrepr(tt_jv_object_value(v, i), b));
        }
        APPS(b, "}");
        return TT_OK;
    default:
        return tt_out_pystr(v, b);
    }
}

int tt_out_pystr(const tt_jv *v, tt_jv_buf *b)
{
    char num[48];
    size_t n;
    switch (tt_jv_type_of(v)) {
    case TT_JV_NULL:
        APPS(b, "None");
        return TT_OK;
    case TT_JV_BOOL:
        APPS(b, tt_jv_get_bool(v) ? "True" : "False");
        return TT_OK;
    case TT_JV_INT:
        if (v->u.i.big) {
            APP(b, v->u.i.big, v->u.i.biglen);
            return TT_OK;
        }
        n = tt_jv_int_repr(v, num, sizeof num);
        APP(b, num, n);
        return TT_OK;
    case TT_JV_FLOAT:
        n = tt_jv_float_repr(v->u.d, num, sizeof num);
        APP(b, num, n);
        return TT_OK;
    case TT_JV_STRING:
        APP(b, v->u.s.ptr, v->u.s.len);
        return TT_OK;
    default:
        return pyrepr(v, b);
    }
}

/* ---- format_text --------------------------------------------------------- */

/* A sorted set of keys (pointers to members, borrowed). */
typedef struct keyset {
    const tt_jv_member **k;
    size_t n, cap;
} keyset;

static int keyset_has(const keyset *s, const char *k, size_t kl)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        if (s->k[i]->klen == kl && memcmp(s->k[i]->key, k, kl) == 0)
            return 1;
    return 0;
}

static int keyset_add(keyset *s, const tt_jv_member *m)
{
    if (keyset_has(s, m->key, m->klen))
        return TT_OK;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        const tt_jv_member **p = realloc((void *)s->k, nc * sizeof *p);
        if (!p)
            return TT_JV_ERR_NOMEM;
        s->k = p;
        s->cap = nc;
    }
    s->k[s->n++] = m;
    return TT_OK;
}

static void keyset_sort(keyset *s)
{
    if (s->n > 1)
        qsort((void *)s->k, s->n, sizeof *s->k, tt_jv_member_ptr_cmp);
}

/* Python str.upper() (code point by code point, full mappings). */
static int put_upper(const char *k, size_t n, tt_jv_buf *b)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)k[i];
        size_t w = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        uint32_t cp;
        size_t j, lo = 0, hi = tt_out_upper_count;
        if (c < 0x80) {
            char u = (char)((c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c);
            APP(b, &u, 1);
            i++;
            continue;
        }
        if (i + w > n)
            w = 1;
        cp = w == 1 ? c : (uint32_t)(c & (0x7F >> w));
        for (j = 1; j < w; j++)
            cp = (cp << 6) | ((unsigned char)k[i + j] & 0x3F);
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (tt_out_upper_table[mid].cp < cp)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < tt_out_upper_count && tt_out_upper_table[lo].cp == cp)
            APPS(b, tt_out_upper_table[lo].upper);
        else
            APP(b, k + i, w);
        i += w;
    }
    return TT_OK;
}

typedef struct ident {
    const char *k;
    size_t n;
} ident;

static int fmt_text(const tt_jv *item, tt_jv_buf *b, const ident *id, const keyset *scalar_keys);

static int fmt_scalar_list(const tt_jv *const *els, size_t n, const ident *id, tt_jv_buf *b)
{
    size_t i;
    if (id) {
        for (i = 0; i < n; i++) {
            TRY(put_upper(id->k, id->n, b));
            APPS(b, "\t");
            TRY(tt_out_pystr(els[i], b));
            APPS(b, "\n");
        }
    } else {
        for (i = 0; i < n; i++) {
            if (i)
                APPS(b, "\t");
            TRY(tt_out_pystr(els[i], b));
        }
        APPS(b, "\n");
    }
    return TT_OK;
}

static int fmt_list(const tt_jv *item, const ident *id, tt_jv_buf *b)
{
    size_t n = tt_jv_array_len(item), i;
    int any_dict = 0, any_list = 0, rc = TT_OK;
    if (n == 0)
        return TT_OK;
    for (i = 0; i < n; i++) {
        tt_jv_type t = tt_jv_type_of(tt_jv_array_get(item, i));
        any_dict |= t == TT_JV_OBJECT;
        any_list |= t == TT_JV_ARRAY;
    }
    if (any_dict) {
        keyset ks = {NULL, 0, 0};
        for (i = 0; i < n && rc == TT_OK; i++) {
            const tt_jv *el = tt_jv_array_get(item, i);
            size_t j;
            if (tt_jv_type_of(el) != TT_JV_OBJECT)
                continue;
            for (j = 0; j < el->u.o.len && rc == TT_OK; j++)
                if (!is_container(el->u.o.m[j].val))
                    rc = keyset_add(&ks, &el->u.o.m[j]);
        }
        keyset_sort(&ks);
        for (i = 0; i < n && rc == TT_OK; i++)
            rc = fmt_text(tt_jv_array_get(item, i), b, id, &ks);
        free((void *)ks.k);
        return rc;
    }
    {
        const tt_jv **sc = malloc(n * sizeof *sc);
        size_t ns = 0;
        if (!sc)
            return TT_JV_ERR_NOMEM;
        for (i = 0; i < n; i++) {
            const tt_jv *el = tt_jv_array_get(item, i);
            if (!any_list || !is_container(el))
                sc[ns++] = el;
        }
        if (!any_list) {
            rc = fmt_scalar_list(sc, ns, id, b);
        } else {
            if (ns)
                rc = fmt_scalar_list(sc, ns, id, b);
            for (i = 0; i < n && rc == TT_OK; i++) {
                const tt_jv *el = tt_jv_array_get(item, i);
                if (is_container(el))
                    rc = fmt_text(el, b, id, NULL);
            }
        }
        free((void *)sc);
        return rc;
    }
}

static int fmt_dict(const tt_jv *item, const ident *id, const keyset *scalar_keys, tt_jv_buf *b)
{
    size_t i, n = item->u.o.len;
    keyset rest = {NULL, 0, 0};
    int rc = TT_OK, any = 0;
    tt_jv_buf line;
    tt_jv_buf_init(&line);
    if (!scalar_keys) {
        keyset all = {NULL, 0, 0};
        for (i = 0; i < n && rc == TT_OK; i++)
            rc = keyset_add(&all, &item->u.o.m[i]);
        keyset_sort(&all);
        for (i = 0; i < all.n && rc == TT_OK; i++) {
            const tt_jv_member *m = all.k[i];
            if (is_container(m->val)) {
                rc = keyset_add(&rest, m);
            } else {
                if (any)
                    rc = tt_jv_buf_append(&line, "\t", 1);
                if (rc == TT_OK)
                    rc = tt_out_pystr(m->val, &line);
                any = 1;
            }
        }
        free((void *)all.k);
    } else {
        for (i = 0; i < scalar_keys->n && rc == TT_OK; i++) {
            const tt_jv_member *k = scalar_keys->k[i];
            const tt_jv *v = tt_jv_object_get(item, k->key, k->klen);
            if (any)
                rc = tt_jv_buf_append(&line, "\t", 1);
            if (rc == TT_OK && v)
                rc = tt_out_pystr(v, &line);
            any = 1;
        }
        for (i = 0; i < n && rc == TT_OK; i++)
            if (!keyset_has(scalar_keys, item->u.o.m[i].key, item->u.o.m[i].klen))
                rc = keyset_add(&rest, &item->u.o.m[i]);
        keyset_sort(&rest);
    }
    if (rc == TT_OK && any) {
        if (id) {
            rc = put_upper(id->k, id->n, b);
            if (rc == TT_OK)
                rc = tt_jv_buf_append(b, "\t", 1);
        }
        if (rc == TT_OK && line.len)
            rc = tt_jv_buf_append(b, line.ptr, line.len);
        if (rc == TT_OK)
            rc = tt_jv_buf_append(b, "\n", 1);
    }
    for (i = 0; i < rest.n && rc == TT_OK; i++) {
        ident nid;
        nid.k = rest.k[i]->key;
        nid.n = rest.k[i]->klen;
        rc = fmt_text(rest.k[i]->val, b, &nid, NULL);
    }
    free((void *)rest.k);
    tt_jv_buf_free(&line);
    return rc;
}

static int fmt_text(const tt_jv *item, tt_jv_buf *b, const ident *id, const keyset *scalar_keys)
{
    switch (tt_jv_type_of(item)) {
    case TT_JV_OBJECT:
        return fmt_dict(item, id, scalar_keys, b);
    case TT_JV_ARRAY:
        return fmt_list(item, id, b);
    default:
        TRY(tt_out_pystr(item, b));
        APPS(b, "\n");
        return TT_OK;
    }
}

int tt_out_text(const tt_jv *v, tt_jv_buf *b)
{
    return fmt_text(v, b, NULL, NULL);
}
