/* tt_token.c - see tt_token.h. */
#include <string.h>

#include "tt_body.h"
#include "tt_config.h"
#include "tt_token.h"
#include "tt_utf8.h"

#if TT_RESUME_TOKENS

/* ---- encoder ------------------------------------------------------------ */

static void tt_tok_put(tt_base64_stream *st, const char *s)
{
    tt_base64_stream_put(st, s, strlen(s));
}

int tt_token_encode(const tt_token *t, char *out, size_t cap, size_t *len)
{
    tt_base64_stream st;
    char buf[TT_BODY_ESCAPE_MAX];
    size_t i;

    if (t == NULL || len == NULL || (t->has_next_token && t->next_token.ptr == NULL &&
                                     t->next_token.len > 0))
        return TT_ERR_INVALID_ARG;
    if (t->has_next_token && tt_utf8_validate(t->next_token.ptr, t->next_token.len, NULL) != TT_OK)
        return TT_ERR_UTF8_INVALID;
    tt_base64_stream_init(&st, out, cap);
    tt_tok_put(&st, "{\"NextToken\": ");
    if (!t->has_next_token) {
        tt_tok_put(&st, "null");
    } else {
        /* json.dumps string: escape code point by code point straight into base64 */
        tt_tok_put(&st, "\"");
        for (i = 0; i < t->next_token.len;) {
            uint32_t cp;
            int k = tt_utf8_decode(t->next_token.ptr + i, t->next_token.len - i, &cp);
            if (k < 0)
                return TT_ERR_UTF8_INVALID; /* unreachable: validated above */
            tt_base64_stream_put(&st, buf, tt_body_escape_cp(cp, buf));
            i += (size_t)k;
        }
        tt_tok_put(&st, "\"");
    }
    if (t->has_truncate) {
        char d[21];
        size_t k = sizeof d;
        uint64_t v = t->truncate < 0 ? (uint64_t)0 - (uint64_t)t->truncate : (uint64_t)t->truncate;
        tt_tok_put(&st, ", \"boto_truncate_amount\": ");
        do {
            d[--k] = (char)('0' + (unsigned)(v % 10u));
            v /= 10u;
        } while (v);
        if (t->truncate < 0)
            d[--k] = '-';
        tt_base64_stream_put(&st, d + k, sizeof d - k);
    }
    tt_tok_put(&st, "}");
    return tt_base64_stream_finish(&st, len);
}

static int tt_token_set_next(tt_token *t, const char *p, size_t n)
{
    t->next_token.ptr = p;
    t->next_token.len = n;
    t->has_next_token = 1;
    if (n == 4 && tt_bytes_eq(p, "None", 4)) {
        t->has_next_token = 0; /* botocore treats the string 'None' as None */
        t->next_token.ptr = NULL;
        t->next_token.len = 0;
    } else if (n == 0) {
        return TT_ERR_TOKEN_BAD_NEXT; /* CLI: NextToken below min length 1 */
    }
    return TT_OK;
}

#if TT_RESUME_TOKENS >= 2

/* ---- Python-compatible JSON scan of the decoded bytes ----------------- */

/* Outcome of the JSON step. */
enum { TT_TJ_OK = 0, TT_TJ_SYNTAX = 1, TT_TJ_DEEP = 2 };

/* Value kinds of a top-level member. */
enum {
    TT_TV_NULL,
    TT_TV_TRUE,
    TT_TV_FALSE,
    TT_TV_INT,   /* JSON integer literal */
    TT_TV_FLOAT, /* fraction/exponent, NaN, Infinity */
    TT_TV_STRING,
    TT_TV_ARRAY,
    TT_TV_OBJECT
};

/* Which top-level key a member has. */
enum { TT_TK_OTHER, TT_TK_NEXT, TT_TK_AMOUNT, TT_TK_ENCODED };

typedef struct {
    unsigned char *s; /* decoded JSON (scratch; strings are unescaped in place) */
    size_t n, i;
    unsigned depth;
    unsigned char stack[(TT_TOKEN_MAX_DEPTH + 7) / 8]; /* 1 bit per level: object? */

    /* the member being read (top level only) */
    int key;
    int vkind;
    int vempty;      /* container value had no elements / string was "" */
    int vnone;       /* string value was exactly "None" */
    int vlone;       /* string value contained a lone surrogate */
    int64_t vint;
    int vint_ovf;
    size_t vstr_off, vstr_len;

    /* what the members said (last occurrence wins, as in a Python dict) */
    int top_kind;
    int nt_seen, nt_kind, nt_none, nt_lone, nt_empty;
    size_t nt_off, nt_len;
    int amt_seen, amt_kind, amt_ovf;
    int64_t amt;
    int enc_seen, enc_kind, enc_empty;
    int other_bad;
} tt_tj;

static int tt_tj_is_obj(const tt_tj *j, unsigned level)
{
    return (j->stack[level / 8] >> (level % 8)) & 1;
}

static void tt_tj_ws(tt_tj *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
                           j->s[j->i] == '\r'))
        j->i++;
}

static int tt_tj_hex4(const unsigned char *p, uint32_t *v)
{
    unsigned k;
    uint32_t acc = 0;
    for (k = 0; k < 4; k++) {
        unsigned char c = p[k];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return 0;
        acc = acc << 4 | d;
    }
    *v = acc;
    return 1;
}

/*
 * String at s[i] == '"'.  Unescapes in place (output never outruns input);
 * off and len receive where the unescaped bytes are, lone whether a lone
 * surrogate was dropped.  Returns 0 on a syntax error.
 */
static int tt_tj_string(tt_tj *j, size_t *off, size_t *len, int *lone)
{
    size_t w = ++j->i;
    *off = w;
    *lone = 0;
    while (j->i < j->n) {
        unsigned char c = j->s[j->i];
        if (c == '"') {
            *len = w - *off;
            j->i++;
            return 1;
        }
        if (c < 0x20)
            return 0; /* json.loads(strict=True) refuses raw control characters */
        if (c != '\\') {
            j->s[w++] = c;
            j->i++;
            continue;
        }
        if (j->i + 1 >= j->n)
            return 0;
        c = j->s[j->i + 1];
        j->i += 2;
        switch (c) {
        case '"': case '\\': case '/': j->s[w++] = c; break;
        case 'b': j->s[w++] = '\b'; break;
        case 'f': j->s[w++] = '\f'; break;
        case 'n': j->s[w++] = '\n'; break;
        case 'r': j->s[w++] = '\r'; break;
        case 't': j->s[w++] = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            char enc[TT_UTF8_MAX];
            int k;
            if (j->n - j->i < 4 || !tt_tj_hex4(j->s + j->i, &cp))
                return 0;
            j->i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && j->n - j->i >= 6 && j->s[j->i] == '\\' &&
                j->s[j->i + 1] == 'u') {
                if (!tt_tj_hex4(j->s + j->i + 2, &lo))
                    return 0;
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000u + ((cp - 0xD800u) << 10) + (lo - 0xDC00u);
                    j->i += 6;
                }
            }
            k = tt_utf8_encode(cp, enc);
            if (k < 0) {
                *lone = 1; /* Python keeps it; UTF-8 cannot */
            } else {
                memcpy(j->s + w, enc, (size_t)k);
                w += (size_t)k;
            }
            break;
        }
        default:
            return 0;
        }
    }
    return 0; /* unterminated */
}

/* Literal word at s[i]. */
static int tt_tj_word(tt_tj *j, const char *w)
{
    size_t k = strlen(w);
    if (j->n - j->i < k || !tt_bytes_eq(j->s + j->i, w, k))
        return 0;
    j->i += k;
    return 1;
}

/* Number (Python json grammar) or -Infinity; sets vkind/vint for top-level use. */
static int tt_tj_number(tt_tj *j, int *kind, int64_t *v, int *ovf)
{
    int neg = 0;
    uint64_t acc = 0, lim;
    *ovf = 0;
    if (j->s[j->i] == '-') {
        neg = 1;
        j->i++;
        if (tt_tj_word(j, "Infinity")) {
            *kind = TT_TV_FLOAT;
            return 1;
        }
    }
    if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9')
        return 0;
    lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    if (j->s[j->i] == '0') {
        j->i++;
    } else {
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') {
            unsigned d = (unsigned)(j->s[j->i] - '0');
            if (acc > (lim - d) / 10u)
                *ovf = 1;
            else
                acc = acc * 10u + d;
            j->i++;
        }
    }
    *kind = TT_TV_INT;
    if (j->i + 1 < j->n && j->s[j->i] == '.' && j->s[j->i + 1] >= '0' && j->s[j->i + 1] <= '9') {
        j->i++;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
        *kind = TT_TV_FLOAT;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        size_t e = j->i + 1;
        if (e < j->n && (j->s[e] == '+' || j->s[e] == '-'))
            e++;
        if (e < j->n && j->s[e] >= '0' && j->s[e] <= '9') {
            while (e < j->n && j->s[e] >= '0' && j->s[e] <= '9')
                e++;
            j->i = e;
            *kind = TT_TV_FLOAT;
        }
    }
    if (neg)
        *v = acc == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)acc;
    else
        *v = (int64_t)acc;
    return 1;
}

static int tt_tj_key_id(const unsigned char *k, size_t n, int lone)
{
    if (lone)
        return TT_TK_OTHER;
    if (n == 9 && tt_bytes_eq(k, "NextToken", 9))
        return TT_TK_NEXT;
    if (n == 20 && tt_bytes_eq(k, "boto_truncate_amount", 20))
        return TT_TK_AMOUNT;
    if (n == 17 && tt_bytes_eq(k, "boto_encoded_keys", 17))
        return TT_TK_ENCODED;
    return TT_TK_OTHER;
}

/* A top-level member's value is complete: remember what it says. */
static void tt_tj_member_done(tt_tj *j)
{
    switch (j->key) {
    case TT_TK_NEXT:
        j->nt_seen = 1;
        j->nt_kind = j->vkind;
        j->nt_none = j->vnone;
        j->nt_lone = j->vlone;
        j->nt_empty = j->vempty;
        j->nt_off = j->vstr_off;
        j->nt_len = j->vstr_len;
        break;
    case TT_TK_AMOUNT:
        j->amt_seen = 1;
        j->amt_kind = j->vkind;
        j->amt = j->vint;
        j->amt_ovf = j->vint_ovf;
        break;
    case TT_TK_ENCODED:
        j->enc_seen = 1;
        j->enc_kind = j->vkind;
        j->enc_empty = j->vempty;
        break;
    default:
        if (j->vkind != TT_TV_NULL && !(j->vkind == TT_TV_STRING && j->vnone))
            j->other_bad = 1;
        break;
    }
}

/* Scan the whole document; fills the member summary.  TT_TJ_* result. */
static int tt_tj_parse(tt_tj *j)
{
    /* states: expecting a value, a key, or what follows a value */
    enum { S_VALUE, S_KEY, S_AFTER } st = S_VALUE;

    tt_tj_ws(j);
    for (;;) {
        if (st == S_KEY) {
            size_t off, len;
            int lone;
            if (j->i >= j->n || j->s[j->i] != '"' || !tt_tj_string(j, &off, &len, &lone))
                return TT_TJ_SYNTAX;
            if (j->depth == 1)
                j->key = tt_tj_key_id(j->s + off, len, lone);
            tt_tj_ws(j);
            if (j->i >= j->n || j->s[j->i] != ':')
                return TT_TJ_SYNTAX;
            j->i++;
            tt_tj_ws(j);
            st = S_VALUE;
            continue;
        }
        if (st == S_VALUE) {
            unsigned char c;
            int kind = TT_TV_NULL, ovf = 0;
            int64_t v = 0;
            if (j->i >= j->n)
                return TT_TJ_SYNTAX;
            c = j->s[j->i];
            if (j->depth == 2)
                j->vempty = 0; /* the member's container got an element */
            if (c == '{' || c == '[') {
                if (j->depth >= TT_TOKEN_MAX_DEPTH)
                    return TT_TJ_DEEP;
                if (c == '{')
                    j->stack[j->depth / 8] = (unsigned char)(j->stack[j->depth / 8] | (1u << (j->depth % 8)));
                else
                    j->stack[j->depth / 8] = (unsigned char)(j->stack[j->depth / 8] & ~(1u << (j->depth % 8)));
                if (j->depth == 0)
                    j->top_kind = c == '{' ? TT_TV_OBJECT : TT_TV_ARRAY;
                if (j->depth == 1) {
                    j->vkind = c == '{' ? TT_TV_OBJECT : TT_TV_ARRAY;
                    j->vempty = 1;
                }
                j->depth++;
                j->i++;
                tt_tj_ws(j);
                if (j->i < j->n && j->s[j->i] == (c == '{' ? '}' : ']')) {
                    j->i++;
                    j->depth--;
                    st = S_AFTER;
                    if (j->depth == 1 && tt_tj_is_obj(j, 0))
                        tt_tj_member_done(j);
                    continue;
                }
                st = c == '{' ? S_KEY : S_VALUE;
                if (c == '{' && j->depth == 2)
                    j->vempty = 0;
                continue;
            }
            if (c == '"') {
                size_t off, len;
                int lone;
                if (!tt_tj_string(j, &off, &len, &lone))
                    return TT_TJ_SYNTAX;
                kind = TT_TV_STRING;
                if (j->depth == 1) {
                    j->vstr_off = off;
                    j->vstr_len = len;
                    j->vlone = lone;
                    j->vempty = len == 0 && !lone;
                    j->vnone = !lone && len == 4 && tt_bytes_eq(j->s + off, "None", 4);
                }
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                if (!tt_tj_number(j, &kind, &v, &ovf))
                    return TT_TJ_SYNTAX;
            } else if (tt_tj_word(j, "null")) {
                kind = TT_TV_NULL;
            } else if (tt_tj_word(j, "true")) {
                kind = TT_TV_TRUE;
            } else if (tt_tj_word(j, "false")) {
                kind = TT_TV_FALSE;
            } else if (tt_tj_word(j, "NaN") || tt_tj_word(j, "Infinity")) {
                kind = TT_TV_FLOAT;
            } else {
                return TT_TJ_SYNTAX;
            }
            if (j->depth == 0)
                j->top_kind = kind;
            if (j->depth == 1 && tt_tj_is_obj(j, 0)) {
                j->vkind = kind;
                j->vint = v;
                j->vint_ovf = ovf;
                if (kind != TT_TV_STRING)
                    j->vnone = 0;
                tt_tj_member_done(j);
            }
            st = S_AFTER;
            continue;
        }
        /* S_AFTER */
        if (j->depth == 0) {
            tt_tj_ws(j);
            return j->i == j->n ? TT_TJ_OK : TT_TJ_SYNTAX; /* "Extra data" */
        }
        tt_tj_ws(j);
        if (j->i >= j->n)
            return TT_TJ_SYNTAX;
        if (j->s[j->i] == ',') {
            j->i++;
            tt_tj_ws(j);
            st = tt_tj_is_obj(j, j->depth - 1) ? S_KEY : S_VALUE;
            continue;
        }
        if (j->s[j->i] == (tt_tj_is_obj(j, j->depth - 1) ? '}' : ']')) {
            j->i++;
            j->depth--;
            if (j->depth == 1 && tt_tj_is_obj(j, 0))
                tt_tj_member_done(j);
            continue;
        }
        return TT_TJ_SYNTAX;
    }
}

/* ---- legacy form --------------------------------------------------------- */

/* Length of a Unicode whitespace character (str.isspace) at p, else 0. */
static size_t tt_py_space(const char *p, size_t n)
{
    unsigned char c = (unsigned char)p[0];
    uint32_t cp;
    int k;
    if (c == ' ' || (c >= 0x09 && c <= 0x0D))
        return 1; /* ASCII: Py_ISSPACE only (0x1C..0x1F are not, for int()) */
    if (c < 0x80)
        return 0;
    k = tt_utf8_decode(p, n, &cp);
    if (k < 0)
        return 0;
    if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
        cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return (size_t)k;
    return 0;
}

#if TT_TOKEN_UNICODE_DIGITS
/* First code point (digit zero) of each run of ten Unicode decimal digits
 * (category Nd) in Python 3.11's Unicode 14.0 database: int() accepts them. */
static const uint32_t tt_nd_zero[] = {
    0x00660, 0x006F0, 0x007C0, 0x00966, 0x009E6, 0x00A66,
    0x00AE6, 0x00B66, 0x00BE6, 0x00C66, 0x00CE6, 0x00D66,
    0x00DE6, 0x00E50, 0x00ED0, 0x00F20, 0x01040, 0x01090,
    0x017E0, 0x01810, 0x01946, 0x019D0, 0x01A80, 0x01A90,
    0x01B50, 0x01BB0, 0x01C40, 0x01C50, 0x0A620, 0x0A8D0,
    0x0A900, 0x0A9D0, 0x0A9F0, 0x0AA50, 0x0ABF0, 0x0FF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0,
    0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730,
    0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60,
    0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC,
    0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
};
#endif

/* Decimal value of the code point at p (ASCII or Unicode Nd), its byte length
 * in *k; -1 when it is not a digit. */
static int tt_py_digit(const char *p, size_t n, size_t *k)
{
    uint32_t cp;
    int r;
    *k = 1;
    if (p[0] >= '0' && p[0] <= '9')
        return p[0] - '0';
    if ((unsigned char)p[0] < 0x80)
        return -1;
    r = tt_utf8_decode(p, n, &cp);
    if (r < 0)
        return -1;
    *k = (size_t)r;
#if TT_TOKEN_UNICODE_DIGITS
    {
        size_t i;
        for (i = 0; i < sizeof tt_nd_zero / sizeof tt_nd_zero[0]; i++)
            if (cp >= tt_nd_zero[i] && cp < tt_nd_zero[i] + 10u)
                return (int)(cp - tt_nd_zero[i]);
    }
#endif
    return -1;
}

/*
 * Python int(s) for base 10.  Returns 1 and *v on success, 0 when Python
 * would raise ValueError, -1 when Python accepts it but the value does not
 * fit int64.
 */
static int tt_py_int(const char *s, size_t n, int64_t *v)
{
    size_t i = 0, k;
    int neg = 0, ovf = 0, digits = 0, last_us = 0;
    uint64_t acc = 0, lim;

    while (i < n && (k = tt_py_space(s + i, n - i)) > 0)
        i += k;
    while (n > i) { /* trailing whitespace: find the start of the last char */
        size_t b = n - 1;
        while (b > i && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
        if (tt_py_space(s + b, n - b) != n - b)
            break;
        n = b;
    }
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    while (i < n) {
        int d;
        if (s[i] == '_') {
            if (!digits || last_us)
                return 0;
            last_us = 1;
            i++;
            continue;
        }
        d = tt_py_digit(s + i, n - i, &k);
        if (d < 0)
            return 0;
        i += k;
        if (acc > (lim - (unsigned)d) / 10u)
            ovf = 1;
        else
            acc = acc * 10u + (unsigned)d;
        if (++digits > 4300)
            return 0; /* CPython's int_max_str_digits limit raises ValueError */
        last_us = 0;
    }
    if (!digits || last_us)
        return 0;
    if (ovf)
        return -1;
    *v = neg ? (acc == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
    return 1;
}

static int tt_token_legacy(const char *text, size_t n, tt_token *t)
{
    size_t i, sep = 0, parts = 1;
    int64_t k;

    t->legacy = 1;
    for (i = 0; i + 3 <= n;) {
        if (tt_bytes_eq(text + i, "___", 3)) {
            if (parts == 1)
                sep = i;
            parts++;
            i += 3;
        } else {
            i++;
        }
    }
    if (parts > 2)
        return TT_ERR_TOKEN_LEGACY_PARTS;
    if (parts == 2) {
        int r = tt_py_int(text + sep + 3, n - sep - 3, &k);
        if (r != 0) {
            /* the token is judged first, like the CLI's parameter validation */
            int rc = tt_token_set_next(t, text, sep);
            if (rc != TT_OK)
                return rc;
            if (r < 0)
                return TT_ERR_TOKEN_BAD_AMOUNT; /* Python int beyond int64 */
            t->truncate = k;
            t->has_truncate = 1;
            return TT_OK;
        }
    }
    return tt_token_set_next(t, text, n);
}

/* ---- decoder -------------------------------------------------------------- */

int tt_token_decode(const char *text, size_t n, unsigned char *scratch, size_t scratch_cap,
                    tt_token *t)
{
    tt_tj j;
    size_t blen;
    int rc;

    if ((text == NULL && n > 0) || t == NULL)
        return TT_ERR_INVALID_ARG;
    t->next_token.ptr = NULL;
    t->next_token.len = 0;
    t->has_next_token = 0;
    t->has_truncate = 0;
    t->truncate = 0;
    t->legacy = 0;
    if (scratch_cap < TT_TOKEN_SCRATCH_SIZE(n) || (scratch == NULL && scratch_cap > 0))
        return TT_ERR_BUFFER_TOO_SMALL;

    /* Step 1: base64 -> UTF-8 -> JSON; any failure means legacy. */
    if (tt_base64_decode_py(text, n, scratch, scratch_cap, &blen) != TT_OK)
        return tt_token_legacy(text, n, t);
    if (tt_utf8_validate((const char *)scratch, blen, NULL) != TT_OK)
        return tt_token_legacy(text, n, t);
    memset(&j, 0, sizeof j);
    j.s = scratch;
    j.n = blen;
    j.top_kind = -1;
    rc = tt_tj_parse(&j);
    if (rc == TT_TJ_DEEP)
        return TT_ERR_TOKEN_TOO_DEEP;
    if (rc != TT_TJ_OK || j.top_kind == TT_TV_ARRAY) /* list.pop(k, None): TypeError */
        return tt_token_legacy(text, n, t);
    if (j.top_kind != TT_TV_OBJECT)
        return TT_ERR_TOKEN_NOT_OBJECT; /* int/str/... has no .pop: AttributeError */

    /* Step 2: botocore's reading of the dict, in its order. */
    if (j.enc_seen && j.enc_kind != TT_TV_NULL) {
        if (j.enc_kind == TT_TV_INT || j.enc_kind == TT_TV_FLOAT || j.enc_kind == TT_TV_TRUE ||
            j.enc_kind == TT_TV_FALSE)
            return tt_token_legacy(text, n, t); /* iterating a number: TypeError */
        if (!j.enc_empty)
            return TT_ERR_TOKEN_UNSUPPORTED;
    }
    if (j.nt_seen && j.nt_kind != TT_TV_NULL) {
        if (j.nt_kind != TT_TV_STRING)
            return TT_ERR_TOKEN_BAD_NEXT;
        if (j.nt_lone)
            return TT_ERR_TOKEN_UNSUPPORTED;
        rc = tt_token_set_next(t, (const char *)scratch + j.nt_off, j.nt_len);
        if (rc != TT_OK)
            return rc;
    }
    if (j.other_bad)
        return TT_ERR_TOKEN_UNKNOWN_KEY;
    if (j.amt_seen) {
        t->has_truncate = 1;
        if (j.amt_kind == TT_TV_TRUE)
            t->truncate = 1;
        else if (j.amt_kind == TT_TV_FALSE)
            t->truncate = 0;
        else if (j.amt_kind == TT_TV_INT && !j.amt_ovf)
            t->truncate = j.amt;
        else
            return TT_ERR_TOKEN_BAD_AMOUNT;
    }
    return TT_OK;
}
#else /* TT_RESUME_TOKENS 1 (the device profile): the compact decoder */

/* Reads back exactly what tt_token_encode writes (base64, decoded as
 * botocore does, of {"NextToken": "<json.dumps string>" | null[,
 * "boto_truncate_amount": K]}) and, like botocore's legacy rule, a text
 * that does not decode to a JSON object as the server's NextToken verbatim.  Any other base64 JSON object, and legacy
 * "T___K" texts, give TT_ERR_TOKEN_UNSUPPORTED. */

static int tt_tc_lit(const unsigned char *s, size_t n, size_t *i, const char *lit)
{
    size_t k = strlen(lit);
    if (n - *i < k || !tt_bytes_eq(s + *i, lit, k))
        return 0;
    *i += k;
    return 1;
}

static int tt_tc_hex4(const unsigned char *s, size_t n, size_t i, uint32_t *v)
{
    size_t k;
    *v = 0;
    if (n - i < 6 || s[i] != '\\' || s[i + 1] != 'u')
        return 0;
    for (k = i + 2; k < i + 6; k++) {
        unsigned c = s[k], d = c - '0';
        if (d > 9) {
            c |= 0x20u;
            d = c - 'a' + 10u;
            if (c < 'a' || c > 'f')
                return 0;
        }
        *v = *v << 4 | d;
    }
    return 1;
}

/* The JSON string at s[*i] (after its '"'), unescaped in place from *i;
 * *i ends after the closing quote. */
static int tt_tc_string(unsigned char *s, size_t n, size_t *i, size_t *len)
{
    /* cppcheck-suppress duplicateAssignExpression ; read and write cursors both start at *i */
    size_t r = *i, w = *i;
    while (r < n && s[r] != '"') {
        uint32_t cp = s[r], lo;
        if (cp < 0x20)
            return TT_ERR_TOKEN_UNSUPPORTED;
        if (cp != '\\') {
            s[w++] = s[r++];
            continue;
        }
        if (n - r < 2)
            return TT_ERR_TOKEN_UNSUPPORTED;
        switch (s[r + 1]) {
        case '"': case '\\': case '/': cp = s[r + 1]; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            if (!tt_tc_hex4(s, n, r, &cp))
                return TT_ERR_TOKEN_UNSUPPORTED;
            if (cp >= 0xD800 && cp <= 0xDBFF && tt_tc_hex4(s, n, r + 6, &lo) && lo >= 0xDC00 &&
                lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r += 6;
            }
            r += 4;
            break;
        default:
            return TT_ERR_TOKEN_UNSUPPORTED;
        }
        r += 2;
        {
            char u[TT_UTF8_MAX];
            int k = tt_utf8_encode(cp, u); /* a lone surrogate fails */
            if (k < 0)
                return TT_ERR_TOKEN_UNSUPPORTED;
            memcpy(s + w, u, (size_t)k); /* w + k <= r: escapes are longer */
            w += (size_t)k;
        }
    }
    if (r >= n)
        return TT_ERR_TOKEN_UNSUPPORTED;
    *len = w - *i;
    *i = r + 1;
    return TT_OK;
}

int tt_token_decode(const char *text, size_t n, unsigned char *scratch, size_t scratch_cap,
                    tt_token *t)
{
    size_t blen = 0, i = 0, off, len, k;
    int rc;

    if ((text == NULL && n > 0) || t == NULL)
        return TT_ERR_INVALID_ARG;
    memset(t, 0, sizeof *t);
    if (scratch_cap < TT_TOKEN_SCRATCH_SIZE(n) || (scratch == NULL && scratch_cap > 0))
        return TT_ERR_BUFFER_TOO_SMALL;
    if (tt_base64_decode_py(text, n, scratch, scratch_cap, &blen) != TT_OK || blen == 0 ||
        scratch[0] != '{' || tt_utf8_validate((const char *)scratch, blen, NULL) != TT_OK) {
        t->legacy = 1;
        for (k = 0; k + 3 <= n; k++)
            if (tt_bytes_eq(text + k, "___", 3))
                return TT_ERR_TOKEN_UNSUPPORTED;
        return tt_token_set_next(t, text, n);
    }
    if (!tt_tc_lit(scratch, blen, &i, "{\"NextToken\": "))
        return TT_ERR_TOKEN_UNSUPPORTED;
    if (!tt_tc_lit(scratch, blen, &i, "null")) {
        if (!tt_tc_lit(scratch, blen, &i, "\""))
            return TT_ERR_TOKEN_UNSUPPORTED;
        off = i;
        rc = tt_tc_string(scratch, blen, &i, &len);
        if (rc == TT_OK)
            rc = tt_token_set_next(t, (const char *)scratch + off, len);
        if (rc != TT_OK)
            return rc;
    }
    if (tt_tc_lit(scratch, blen, &i, ", \"boto_truncate_amount\": ")) {
        int neg = tt_tc_lit(scratch, blen, &i, "-");
        uint64_t v = 0;
        k = 0;
        while (i < blen && scratch[i] >= '0' && scratch[i] <= '9' && k < 19) {
            v = v * 10u + (uint64_t)(scratch[i++] - '0');
            k++;
        }
        if (k == 0 || v > (uint64_t)INT64_MAX)
            return TT_ERR_TOKEN_BAD_AMOUNT;
        t->has_truncate = 1;
        t->truncate = neg ? -(int64_t)v : (int64_t)v;
    }
    if (!tt_tc_lit(scratch, blen, &i, "}") || i != blen)
        return TT_ERR_TOKEN_UNSUPPORTED;
    return TT_OK;
}
#endif /* TT_RESUME_TOKENS >= 2 */

#else /* TT_RESUME_TOKENS 0: no tokens */
int tt_token_encode(const tt_token *t, char *out, size_t cap, size_t *len)
{
    (void)t;
    (void)out;
    (void)cap;
    (void)len;
    return TT_ERR_TOKEN_DISABLED;
}

int tt_token_decode(const char *text, size_t n, unsigned char *scratch, size_t scratch_cap,
                    tt_token *t)
{
    (void)text;
    (void)n;
    (void)scratch;
    (void)scratch_cap;
    (void)t;
    return TT_ERR_TOKEN_DISABLED;
}
#endif
