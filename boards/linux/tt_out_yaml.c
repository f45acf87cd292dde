/*
 * tt_out_yaml.c - --output yaml / yaml-stream as the AWS CLI prints them.
 *
 * The CLI dumps with ruamel.yaml YAML(typ='safe') (keys sorted, block
 * style), which runs libyaml's emitter (the _ruamel_yaml C extension) with
 * ruamel's YAML 1.2 implicit resolvers.  This file reimplements the parts
 * of that emitter the CLI's data can reach: block mappings and sequences
 * (indentless sequences under mapping keys), "[]" / "{}" for empty
 * containers, libyaml's scalar analysis and style choice (plain, single
 * quoted, double quoted), its escapes and its line folding at column 80.
 * A string whose plain form would resolve to another type (int, float,
 * bool, null, timestamp, "<<", "=") is quoted, as ruamel's resolver says.
 */
#include <stdlib.h>
#include <string.h>

#include "tt_out_int.h"

#define BEST_WIDTH 80
#define BEST_INDENT 2

typedef struct ye {
    tt_jv_buf *b;
    int column, indent, whitespace, indention, flow_level;
    int rc;
} ye;

static void put(ye *e, const char *p, size_t n)
{
    size_t i;
    if (e->rc != TT_OK)
        return;
    e->rc = tt_jv_buf_append(e->b, p, n);
    for (i = 0; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            e->column++;
}

static void put_break(ye *e)
{
    if (e->rc == TT_OK)
        e->rc = tt_jv_buf_append(e->b, "\n", 1);
    e->column = 0;
}

static void write_indent(ye *e)
{
    int ind = e->indent >= 0 ? e->indent : 0;
    if (!e->indention || e->column > ind || (e->column == ind && !e->whitespace))
        put_break(e);
    while (e->column < ind)
        put(e, " ", 1);
    e->whitespace = 1;
    e->indention = 1;
}

static void write_indicator(ye *e, const char *ind, int need_ws, int is_ws, int is_indention)
{
    if (need_ws && !e->whitespace)
        put(e, " ", 1);
    put(e, ind, strlen(ind));
    e->whitespace = is_ws;
    e->indention = e->indention && is_indention;
}

/* ---- UTF-8 helpers -------------------------------------------------------- */

static size_t u8len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

static uint32_t u8dec(const char *s, size_t n, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    size_t k = u8len(c), j;
    uint32_t v;
    if (i + k > n)
        k = 1;
    *w = k;
    if (k == 1)
        return c;
    v = (uint32_t)(c & (0x7F >> k));
    for (j = 1; j < k; j++)
        v = (v << 6) | ((unsigned char)s[i + j] & 0x3F);
    return v;
}

static int is_printable(uint32_t c)
{
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
}
static int is_break(uint32_t c)
{
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
}
static int is_blankz(uint32_t c)
{
    return c == ' ' || c == '\t' || is_break(c) || c == 0;
}

/* ---- ruamel 1.2 implicit resolvers (is a plain scalar a str?) -------------- */

static int cdig(char c) { return c >= '0' && c <= '9'; }

/* [0-9_]* from i; returns new index */
static size_t span(const char *s, size_t n, size_t i, const char *set)
{
    while (i < n && strchr(set, s[i]) && s[i])
        i++;
    return i;
}

static int m_int(const char *s, size_t n)
{
    size_t i = 0, j;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    /* 0b[01_]+ */
    if (i + 2 <= n && s[i] == '0' && s[i + 1] == 'b') {
        j = span(s, n, i + 2, "01_");
        if (j > i + 2 && j == n)
            return 1;
    }
    /* 0o?[0-7_]+ */
    if (i < n && s[i] == '0') {
        size_t k = i + 1;
        if (k < n && s[k] == 'o')
            k++;
        j = span(s, n, k, "01234567_");
        if (j > k && j == n)
            return 1;
        /* also "0" followed by [0-7_]+ without 'o' handled above */
    }
    j = span(s, n, i, "0123456789_");
    if (j > i && j == n)
        return 1;
    if (i + 2 <= n && s[i] == '0' && s[i + 1] == 'x') {
        j = span(s, n, i + 2, "0123456789abcdefABCDEF_");
        if (j > i + 2 && j == n)
            return 1;
    }
    return 0;
}

static size_t m_exp(const char *s, size_t n, size_t i, int sign_required)
{
    /* [eE][-+]?[0-9]+ ; returns index after, or 0 when no match */
    size_t j;
    if (i >= n || (s[i] != 'e' && s[i] != 'E'))
        return 0;
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    else if (sign_required)
        return 0;
    j = span(s, n, i, "0123456789");
    return j > i ? j : 0;
}

static int m_float(const char *s, size_t n)
{
    size_t i = 0, j, k;
    int sign = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) {
        i++;
        sign = 1;
    }
    /* [0-9][0-9_]* \. [0-9_]* (exp)?   |  [0-9][0-9_]* exp */
    if (i < n && cdig(s[i])) {
        j = span(s, n, i + 1, "0123456789_");
        if (j < n && s[j] == '.') {
            k = span(s, n, j + 1, "0123456789_");
            if (k == n)
                return 1;
            k = m_exp(s, n, k, 0);
            if (k == n)
                return 1;
        } else {
            k = m_exp(s, n, j, 0);
            if (k && k == n)
                return 1;
        }
    }
    /* [-+]?\.[0-9_]+([eE][-+][0-9]+)? */
    if (i < n && s[i] == '.') {
        j = span(s, n, i + 1, "0123456789_");
        if (j > i + 1) {
            if (j == n)
                return 1;
            k = m_exp(s, n, j, 1);
            if (k == n)
                return 1;
        }
        /* [-+]?\.(inf|Inf|INF) */
        if (n - i == 4 && (!memcmp(s + i, ".inf", 4) || !memcmp(s + i, ".Inf", 4) ||
                           !memcmp(s + i, ".INF", 4)))
            return 1;
    }
    if (!sign && n == 4 &&
        (!memcmp(s, ".nan", 4) || !memcmp(s, ".NaN", 4) || !memcmp(s, ".NAN", 4)))
        return 1;
    return 0;
}

static int m_timestamp(const char *s, size_t n)
{
    size_t i;
    /* [0-9]{4}-[0-9]{2}-[0-9]{2} */
    if (n == 10) {
        for (i = 0; i < 10; i++)
            if (i == 4 || i == 7 ? s[i] != '-' : !cdig(s[i]))
                break;
        if (i == 10)
            return 1;
    }
    /* [0-9]{4}-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}
       (\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9]{2})?))? */
    if (n < 4 || !cdig(s[0]) || !cdig(s[1]) || !cdig(s[2]) || !cdig(s[3]))
        return 0;
    i = 4;
#define NEED(c) if (i >= n || s[i] != (c)) return 0; i++
#define DIG() if (i >= n || !cdig(s[i])) return 0; i++
#define ODIG() if (i < n && cdig(s[i])) i++
    NEED('-');
    DIG();
    ODIG();
    NEED('-');
    DIG();
    ODIG();
    if (i < n && (s[i] == 'T' || s[i] == 't')) {
        i++;
    } else {
        size_t j = span(s, n, i, " \t");
        if (j == i)
            return 0;
        i = j;
    }
    DIG();
    ODIG();
    NEED(':');
    DIG();
    DIG();
    NEED(':');
    DIG();
    DIG();
    if (i < n && s[i] == '.')
        i = span(s, n, i + 1, "0123456789");
    if (i == n)
        return 1;
    i = span(s, n, i, " \t");
    if (i < n && s[i] == 'Z') {
        i++;
    } else if (i < n && (s[i] == '-' || s[i] == '+')) {
        i++;
        DIG();
        ODIG();
        if (i < n && s[i] == ':') {
            i++;
            DIG();
            DIG();
        }
    } else {
        return 0;
    }
#undef NEED
#undef DIG
#undef ODIG
    return i == n;
}

/* 1 when the plain form of s would be read back as a str. */
static int plain_is_str(const char *s, size_t n)
{
    char c;
    if (n == 0)
        return 0; /* null */
    /* Python's `$` also matches before one trailing "\n" */
    if (s[n - 1] == '\n' && n > 1)
        if (!plain_is_str(s, n - 1))
            return 0;
    c = s[0];
    if (strchr("tTfF", c) &&
        ((n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "True", 4) || !memcmp(s, "TRUE", 4))) ||
         (n == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "False", 5) || !memcmp(s, "FALSE", 5)))))
        return 0;
    if (strchr("-+0123456789.", c) && m_float(s, n))
        return 0;
    if (strchr("-+0123456789", c) && m_int(s, n))
        return 0;
    if (c == '<' && n == 2 && s[1] == '<')
        return 0;
    if (strchr("~nN", c) &&
        ((n == 1 && c == '~') ||
         (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)))))
        return 0;
    if (cdig(c) && m_timestamp(s, n))
        return 0;
    if (c == '=' && n == 1)
        return 0;
    return 1;
}

/* ---- libyaml scalar analysis / style ----------------------------------- */

static int is_first_ind(uint32_t c)
{
    switch (c) {
    case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*':
    case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
        return 1;
    default:
        return 0;
    }
}

typedef struct an {
    int multiline, flow_plain, block_plain, single;
} an;

static void analyze(const char *s, size_t n, an *a)
{
    int block_ind = 0, flow_ind = 0, line_breaks = 0, special = 0;
    int leading_space = 0, leading_break = 0, trailing_space = 0, trailing_break = 0;
    int break_space = 0, space_break = 0, prev_space = 0, prev_break = 0;
    int preceded_ws = 1, followed_ws;
    size_t i = 0, w, w2;
    uint32_t c, nx;
    if (n == 0) {
        a->multiline = 0;
        a->flow_plain = 0;
        a->block_plain = 1;
        a->single = 1;
        return;
    }
    if (n >= 3 && ((s[0] == '-' && s[1] == '-' && s[2] == '-') ||
                   (s[0] == '.' && s[1] == '.' && s[2] == '.'))) {
        block_ind = 1;
        flow_ind = 1;
    }
    (void)u8dec(s, n, 0, &w); /* only the first character's width */
    nx = w < n ? u8dec(s, n, w, &w2) : 0;
    followed_ws = is_blankz(nx);
    while (i < n) {
        c = u8dec(s, n, i, &w);
        if (i == 0) {
            if (c < 0x80 && c && is_first_ind(c)) {
                flow_ind = 1;
                block_ind = 1;
            }
            if (c == '?' || c == ':') {
                flow_ind = 1;
                if (followed_ws)
                    block_ind = 1;
            }
            if (c == '-' && followed_ws) {
                flow_ind = 1;
                block_ind = 1;
            }
        } else {
            if (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}')
                flow_ind = 1;
            if (c == ':') {
                flow_ind = 1;
                if (followed_ws)
                    block_ind = 1;
            }
            if (c == '#' && preceded_ws) {
                flow_ind = 1;
                block_ind = 1;
            }
        }
        if (!is_printable(c))
            special = 1;
        if (is_break(c))
            line_breaks = 1;
        if (c == ' ') {
            if (i == 0)
                leading_space = 1;
            if (i + w == n)
                trailing_space = 1;
            if (prev_break)
                break_space = 1;
            prev_space = 1;
            prev_break = 0;
        } else if (is_break(c)) {
            if (i == 0)
                leading_break = 1;
            if (i + w == n)
                trailing_break = 1;
            if (prev_space)
                space_break = 1;
            prev_space = 0;
            prev_break = 1;
        } else {
            prev_space = 0;
            prev_break = 0;
        }
        preceded_ws = is_blankz(c);
        i += w;
        if (i < n) {
            size_t w1;
            (void)u8dec(s, n, i, &w1);
            nx = i + w1 < n ? u8dec(s, n, i + w1, &w2) : 0;
            followed_ws = is_blankz(nx);
        }
    }
    a->multiline = line_breaks;
    a->flow_plain = a->block_plain = a->single = 1;
    if (leading_space || leading_break || trailing_space || trailing_break)
        a->flow_plain = a->block_plain = 0;
    if (break_space)
        a->flow_plain = a->block_plain = a->single = 0;
    if (space_break || special)
        a->flow_plain = a->block_plain = a->single = 0;
    if (line_breaks)
        a->flow_plain = a->block_plain = 0;
    if (flow_ind)
        a->flow_plain = 0;
    if (block_ind)
        a->block_plain = 0;
}

enum { ST_PLAIN, ST_SINGLE, ST_DOUBLE };

static void write_plain(ye *e, const char *s, size_t n, int allow_breaks)
{
    int spaces = 0, breaks = 0;
    size_t i = 0, w;
    if (!e->whitespace && (n || e->flow_level))
        put(e, " ", 1);
    while (i < n) {
        uint32_t c = u8dec(s, n, i, &w);
        if (c == ' ') {
            if (allow_breaks && !spaces && e->column > BEST_WIDTH && !(i + 1 < n && s[i + 1] == ' ')) {
                write_indent(e);
            } else {
                put(e, s + i, w);
            }
            spaces = 1;
        } else if (is_break(c)) {
            if (!breaks && c == '\n')
                put_break(e);
            if (c == '\n')
                put_break(e);
            else {
                put(e, s + i, w);
                e->column = 0;
            }
            e->indention = 1;
            breaks = 1;
        } else {
            if (breaks)
                write_indent(e);
            put(e, s + i, w);
            e->indention = 0;
            spaces = 0;
            breaks = 0;
        }
        i += w;
    }
    e->whitespace = 0;
    e->indention = 0;
}

static void write_single(ye *e, const char *s, size_t n, int allow_breaks)
{
    int spaces = 0, breaks = 0;
    size_t i = 0, w;
    write_indicator(e, "'", 1, 0, 0);
    while (i < n) {
        uint32_t c = u8dec(s, n, i, &w);
        if (c == ' ') {
            if (allow_breaks && !spaces && e->column > BEST_WIDTH && i != 0 && i != n - 1 &&
                !(i + 1 < n && s[i + 1] == ' ')) {
                write_indent(e);
            } else {
                put(e, s + i, w);
            }
            spaces = 1;
        } else if (is_break(c)) {
            if (!breaks && c == '\n')
                put_break(e);
            if (c == '\n')
                put_break(e);
            else {
                put(e, s + i, w);
                e->column = 0;
            }
            e->indention = 1;
            breaks = 1;
        } else {
            if (breaks)
                write_indent(e);
            if (c == '\'')
                put(e, "'", 1);
            put(e, s + i, w);
            e->indention = 0;
            spaces = 0;
            breaks = 0;
        }
        i += w;
    }
    if (breaks)
        write_indent(e);
    write_indicator(e, "'", 0, 0, 0);
    e->whitespace = 0;
    e->indention = 0;
}

static void write_double(ye *e, const char *s, size_t n, int allow_breaks)
{
    int spaces = 0;
    size_t i = 0, w;
    write_indicator(e, "\"", 1, 0, 0);
    while (i < n) {
        uint32_t c = u8dec(s, n, i, &w);
        if (!is_printable(c) || c == 0xFEFF || is_break(c) || c == '"' || c == '\\') {
            char esc[12];
            const char *m = NULL;
            switch (c) {
            case 0x00: m = "\\0"; break;
            case 0x07: m = "\\a"; break;
            case 0x08: m = "\\b"; break;
            case 0x09: m = "\\t"; break;
            case 0x0A: m = "\\n"; break;
            case 0x0B: m = "\\v"; break;
            case 0x0C: m = "\\f"; break;
            case 0x0D: m = "\\r"; break;
            case 0x1B: m = "\\e"; break;
            case 0x22: m = "\\\""; break;
            case 0x5C: m = "\\\\"; break;
            case 0x85: m = "\\N"; break;
            case 0xA0: m = "\\_"; break;
            case 0x2028: m = "\\L"; break;
            case 0x2029: m = "\\P"; break;
            default:
                if (c <= 0xFF)
                    snprintf(esc, sizeof esc, "\\x%02X", (unsigned)c);
                else if (c <= 0xFFFF)
                    snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
                else
                    snprintf(esc, sizeof esc, "\\U%08X", (unsigned)c);
                m = esc;
            }
            put(e, m, strlen(m));
            spaces = 0;
        } else if (c == ' ') {
            if (allow_breaks && !spaces && e->column > BEST_WIDTH && i != 0 && i != n - 1) {
                write_indent(e);
                if (i + 1 < n && s[i + 1] == ' ')
                    put(e, "\\", 1);
            } else {
                put(e, s + i, w);
            }
            spaces = 1;
        } else {
            put(e, s + i, w);
            spaces = 0;
        }
        i += w;
    }
    write_indicator(e, "\"", 0, 0, 0);
    e->whitespace = 0;
    e->indention = 0;
}

static void emit_str(ye *e, const char *s, size_t n, int simple_key)
{
    an a;
    int st = ST_PLAIN;
    analyze(s, n, &a);
    if (simple_key && a.multiline)
        st = ST_DOUBLE;
    if (st == ST_PLAIN) {
        if ((e->flow_level && !a.flow_plain) || (!e->flow_level && !a.block_plain))
            st = ST_SINGLE;
        if (!n && (e->flow_level || simple_key))
            st = ST_SINGLE;
        if (!plain_is_str(s, n))
            st = ST_SINGLE;
    }
    if (st == ST_SINGLE && !a.single)
        st = ST_DOUBLE;
    {
        int saved = e->indent;
        /* increase_indent(flow=1) */
        e->indent = e->indent < 0 ? BEST_INDENT : e->indent + BEST_INDENT;
        if (st == ST_PLAIN)
            write_plain(e, s, n, !simple_key);
        else if (st == ST_SINGLE)
            write_single(e, s, n, !simple_key);
        else
            write_double(e, s, n, !simple_key);
        e->indent = saved;
    }
}

static void emit_scalar_text(ye *e, const char *s, size_t n)
{
    int saved = e->indent;
    e->indent = e->indent < 0 ? BEST_INDENT : e->indent + BEST_INDENT;
    write_plain(e, s, n, 1);
    e->indent = saved;
}

static void emit_node(ye *e, const tt_jv *v, int mapping_ctx);

static void emit_seq_items(ye *e, const tt_jv *v)
{
    size_t i, n = tt_jv_array_len(v);
    for (i = 0; i < n && e->rc == TT_OK; i++) {
        write_indent(e);
        write_indicator(e, "-", 1, 0, 1);
        emit_node(e, tt_jv_array_get(v, i), 0);
    }
}

static void emit_node(ye *e, const tt_jv *v, int mapping_ctx)
{
    char num[48];
    size_t n;
    int saved = e->indent;
    switch (tt_jv_type_of(v)) {
    case TT_JV_ARRAY:
        if (tt_jv_array_len(v) == 0) {
            write_indicator(e, "[", 1, 1, 0);
            write_indicator(e, "]", 0, 0, 0);
            return;
        }
        /* increase_indent(flow=0, indentless = mapping_ctx && !indention) */
        if (e->indent < 0)
            e->indent = 0;
        else if (!(mapping_ctx && !e->indention))
            e->indent += BEST_INDENT;
        emit_seq_items(e, v);
        e->indent = saved;
        return;
    case TT_JV_OBJECT: {
        const tt_jv_member **ks;
        size_t i;
        n = tt_jv_object_len(v);
        if (n == 0) {
            write_indicator(e, "{", 1, 1, 0);
            write_indicator(e, "}", 0, 0, 0);
            return;
        }
        ks = malloc(n * sizeof *ks);
        if (!ks) {
            e->rc = TT_JV_ERR_NOMEM;
            return;
        }
        for (i = 0; i < n; i++)
            ks[i] = &v->u.o.m[i];
        qsort((void *)ks, n, sizeof *ks, tt_jv_member_ptr_cmp);
        e->indent = e->indent < 0 ? 0 : e->indent + BEST_INDENT;
        for (i = 0; i < n && e->rc == TT_OK; i++) {
            an ka;
            write_indent(e);
            analyze(ks[i]->key, ks[i]->klen, &ka);
            if (!ka.multiline && ks[i]->klen <= 128) {
                emit_str(e, ks[i]->key, ks[i]->klen, 1);
                write_indicator(e, ":", 0, 0, 0);
            } else {
                /* libyaml's complex key: "? key" NL ": value" */
                write_indicator(e, "?", 1, 0, 1);
                emit_str(e, ks[i]->key, ks[i]->klen, 0);
                write_indent(e);
                write_indicator(e, ":", 1, 0, 1);
            }
            emit_node(e, ks[i]->val, 1);
        }
        e->indent = saved;
        free((void *)ks);
        return;
    }
    case TT_JV_STRING:
        emit_str(e, v->u.s.ptr, v->u.s.len, 0);
        return;
    case TT_JV_NULL:
        emit_scalar_text(e, "null", 4);
        return;
    case TT_JV_BOOL:
        emit_scalar_text(e, tt_jv_get_bool(v) ? "true" : "false", tt_jv_get_bool(v) ? 4 : 5);
        return;
    case TT_JV_INT:
        if (v->u.i.big) {
            emit_scalar_text(e, v->u.i.big, v->u.i.biglen);
            return;
        }
        n = tt_jv_int_repr(v, num, sizeof num);
        emit_scalar_text(e, num, n);
        return;
    case TT_JV_FLOAT: {
        double d = v->u.d;
        size_t i;
        if (d != d) {
            emit_scalar_text(e, ".nan", 4);
            return;
        }
        if (d > 1.7976931348623157e308) {
            emit_scalar_text(e, ".inf", 4);
            return;
        }
        if (d < -1.7976931348623157e308) {
            emit_scalar_text(e, "-.inf", 5);
            return;
        }
        n = tt_jv_float_repr(d, num, sizeof num);
        for (i = 0; i < n; i++)
            if (num[i] >= 'A' && num[i] <= 'Z')
                num[i] = (char)(num[i] - 'A' + 'a');
        emit_scalar_text(e, num, n);
        return;
    }
    }
}

static void ye_init(ye *e, tt_jv_buf *b)
{
    e->b = b;
    e->column = 0;
    e->indent = -1;
    e->whitespace = 1;
    e->indention = 1;
    e->flow_level = 0;
    e->rc = TT_OK;
}

int tt_out_yaml(const tt_jv *v, tt_jv_buf *b)
{
    ye e;
    tt_jv_type t = tt_jv_type_of(v);
    if (t != TT_JV_ARRAY && t != TT_JV_OBJECT) {
        tt_jv_dump_opts o;
        int rc;
        tt_jv_dump_opts_default(&o);
        o.ensure_ascii = 0;
        rc = tt_jv_dump_buf(v, &o, b);
        if (rc == TT_OK)
            rc = tt_jv_buf_append(b, "\n", 1);
        return rc;
    }
    ye_init(&e, b);
    emit_node(&e, v, 0);
    /* document end: finish the last line */
    if (e.column > 0)
        put_break(&e);
    return e.rc;
}

int tt_out_yaml_seq_item(const tt_jv *item, int indent, tt_jv_buf *b)
{
    ye e;
    ye_init(&e, b);
    /* state as after "Key:" then the first write_indent of the sequence */
    e.indent = indent;
    while (e.column < indent)
        put(&e, " ", 1);
    e.indention = 1;
    e.whitespace = 1;
    write_indicator(&e, "-", 1, 0, 1);
    emit_node(&e, item, 0);
    if (e.column > 0)
        put_break(&e);
    return e.rc;
}
