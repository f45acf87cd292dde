/*
 * tt_jv.c - host JSON value model: tree, parser, Python-compatible dumper.
 * See tt_jv.h for the contract.
 */
#include "tt_jv.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * nodes
 * ====================================================================== */

static tt_jv *jv_new(tt_jv_type t)
{
    tt_jv *v = (tt_jv *)calloc(1, sizeof *v);
    if (v) {
        v->type = t;
        v->refs = 1;
    }
    return v;
}

tt_jv *tt_jv_null(void) { return jv_new(TT_JV_NULL); }

tt_jv *tt_jv_bool(int b)
{
    tt_jv *v = jv_new(TT_JV_BOOL);
    if (v)
        v->u.b = b ? 1 : 0;
    return v;
}

tt_jv *tt_jv_int(int64_t i)
{
    tt_jv *v = jv_new(TT_JV_INT);
    if (v)
        v->u.i.v = i;
    return v;
}

tt_jv *tt_jv_int_text(const char *digits, size_t len)
{
    size_t k = 0, start;
    int neg = 0;
    uint64_t acc = 0;
    int overflow = 0;
    tt_jv *v;

    if (len > 0 && digits[0] == '-') {
        neg = 1;
        k = 1;
    }
    start = k;
    if (k >= len)
        return NULL;
    if (digits[k] == '0' && len - k > 1)
        return NULL;
    for (; k < len; k++) {
        unsigned d;
        if (digits[k] < '0' || digits[k] > '9')
            return NULL;
        d = (unsigned)(digits[k] - '0');
        if (acc > (UINT64_MAX - d) / 10u)
            overflow = 1;
        else
            acc = acc * 10u + d;
    }
    (void)start;
    if (!overflow) {
        if (!neg && acc <= (uint64_t)INT64_MAX)
            return tt_jv_int((int64_t)acc);
        if (neg && acc <= (uint64_t)INT64_MAX + 1u) {
            if (acc == (uint64_t)INT64_MAX + 1u)
                return tt_jv_int(INT64_MIN);
            return tt_jv_int(-(int64_t)acc);
        }
    }
    v = jv_new(TT_JV_INT);
    if (!v)
        return NULL;
    v->u.i.big = (char *)malloc(len + 1);
    if (!v->u.i.big) {
        free(v);
        return NULL;
    }
    memcpy(v->u.i.big, digits, len);
    v->u.i.big[len] = '\0';
    v->u.i.biglen = len;
    v->u.i.v = neg ? INT64_MIN : INT64_MAX;
    return v;
}

tt_jv *tt_jv_double(double d)
{
    tt_jv *v = jv_new(TT_JV_FLOAT);
    if (v)
        v->u.d = d;
    return v;
}

tt_jv *tt_jv_string(const char *s, size_t len)
{
    tt_jv *v = jv_new(TT_JV_STRING);
    if (!v)
        return NULL;
    v->u.s.ptr = (char *)malloc(len + 1);
    if (!v->u.s.ptr) {
        free(v);
        return NULL;
    }
    if (len)
        memcpy(v->u.s.ptr, s, len);
    v->u.s.ptr[len] = '\0';
    v->u.s.len = len;
    return v;
}

tt_jv *tt_jv_cstring(const char *s) { return tt_jv_string(s, strlen(s)); }

tt_jv *tt_jv_array(void) { return jv_new(TT_JV_ARRAY); }

tt_jv *tt_jv_object(void) { return jv_new(TT_JV_OBJECT); }

tt_jv *tt_jv_retain(tt_jv *v)
{
    if (v)
        v->refs++;
    return v;
}

void tt_jv_free(tt_jv *v)
{
    size_t k;
    if (!v)
        return;
    if (--v->refs > 0)
        return;
    switch (v->type) {
    case TT_JV_INT:
        free(v->u.i.big);
        break;
    case TT_JV_STRING:
        free(v->u.s.ptr);
        break;
    case TT_JV_ARRAY:
        for (k = 0; k < v->u.a.len; k++)
            /* items[0..len) are always set (tt_jv_array_push); clang-analyzer
             * loses that through the union: */
            /* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage) */
            tt_jv_free(v->u.a.items[k]);
        free(v->u.a.items);
        break;
    case TT_JV_OBJECT:
        for (k = 0; k < v->u.o.len; k++) {
            free(v->u.o.m[k].key);
            tt_jv_free(v->u.o.m[k].val);
        }
        free(v->u.o.m);
        free(v->u.o.index);
        break;
    default:
        break;
    }
    free(v);
}

int tt_jv_array_push(tt_jv *arr, tt_jv *val)
{
    if (!val)
        return TT_JV_ERR_NOMEM;
    if (!arr || arr->type != TT_JV_ARRAY) {
        tt_jv_free(val);
        return TT_ERR_INVALID_ARG;
    }
    if (arr->u.a.len == arr->u.a.cap) {
        size_t ncap = arr->u.a.cap ? arr->u.a.cap * 2 : 4;
        tt_jv **n = (tt_jv **)realloc(arr->u.a.items, ncap * sizeof(tt_jv *));
        if (!n) {
            tt_jv_free(val);
            return TT_JV_ERR_NOMEM;
        }
        arr->u.a.items = n;
        arr->u.a.cap = ncap;
    }
    arr->u.a.items[arr->u.a.len++] = val;
    return TT_OK;
}

/* --- object hash index: slots hold member index + 1 (0 = empty) --- */

#define JV_INDEX_MIN 8 /* below this many members a linear scan is faster */

static size_t jv_hash(const char *k, size_t n)
{
    size_t h = (size_t)2166136261u;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)k[i];
        h *= (size_t)16777619u;
    }
    return h;
}

static void jv_index_insert(tt_jv *o, size_t idx)
{
    size_t mask = o->u.o.icap - 1;
    size_t h = jv_hash(o->u.o.m[idx].key, o->u.o.m[idx].klen) & mask;
    while (o->u.o.index[h])
        h = (h + 1) & mask;
    o->u.o.index[h] = idx + 1;
}

/* (Re)builds the index with room for 2x the capacity; 0 ok, -1 no memory. */
static int jv_index_build(tt_jv *o)
{
    size_t cap = 16, k;
    size_t *ix;
    while (cap < o->u.o.cap * 2)
        cap *= 2;
    ix = (size_t *)calloc(cap, sizeof *ix);
    if (!ix)
        return -1;
    free(o->u.o.index);
    o->u.o.index = ix;
    o->u.o.icap = cap;
    for (k = 0; k < o->u.o.len; k++)
        jv_index_insert(o, k);
    return 0;
}

/* Index of key in o, or (size_t)-1. */
static size_t jv_find(const tt_jv *o, const char *key, size_t klen)
{
    size_t k;
    if (o->u.o.index) {
        size_t mask = o->u.o.icap - 1;
        size_t h = jv_hash(key, klen) & mask;
        while (o->u.o.index[h]) {
            const tt_jv_member *m = &o->u.o.m[o->u.o.index[h] - 1];
            if (m->klen == klen && memcmp(m->key, key, klen) == 0)
                return o->u.o.index[h] - 1;
            h = (h + 1) & mask;
        }
        return (size_t)-1;
    }
    for (k = 0; k < o->u.o.len; k++) {
        const tt_jv_member *m = &o->u.o.m[k];
        if (m->klen == klen && memcmp(m->key, key, klen) == 0)
            return k;
    }
    return (size_t)-1;
}

int tt_jv_object_set(tt_jv *obj, const char *key, size_t klen, tt_jv *val)
{
    size_t at;
    char *kc;
    if (!val)
        return TT_JV_ERR_NOMEM;
    if (!obj || obj->type != TT_JV_OBJECT || (!key && klen)) {
        tt_jv_free(val);
        return TT_ERR_INVALID_ARG;
    }
    at = jv_find(obj, key, klen);
    if (at != (size_t)-1) {
        /* jv_find found m[at], so m is not NULL (clang-analyzer cannot tell): */
        /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
        tt_jv_free(obj->u.o.m[at].val);
        obj->u.o.m[at].val = val;
        return TT_OK;
    }
    kc = (char *)malloc(klen + 1);
    if (!kc) {
        tt_jv_free(val);
        return TT_JV_ERR_NOMEM;
    }
    if (klen)
        memcpy(kc, key, klen);
    kc[klen] = '\0';
    if (obj->u.o.len == obj->u.o.cap) {
        size_t ncap = obj->u.o.cap ? obj->u.o.cap * 2 : 4;
        tt_jv_member *n = (tt_jv_member *)realloc(obj->u.o.m, ncap * sizeof *n);
        if (!n) {
            free(kc);
            tt_jv_free(val);
            return TT_JV_ERR_NOMEM;
        }
        obj->u.o.m = n;
        obj->u.o.cap = ncap;
    }
    at = obj->u.o.len++;
    obj->u.o.m[at].key = kc;
    obj->u.o.m[at].klen = klen;
    obj->u.o.m[at].val = val;
    if (obj->u.o.len >= JV_INDEX_MIN) {
        if (!obj->u.o.index || obj->u.o.len * 2 > obj->u.o.icap) {
            if (jv_index_build(obj) != 0) {
                /* fall back to linear scans rather than failing */
                free(obj->u.o.index);
                obj->u.o.index = NULL;
                obj->u.o.icap = 0;
            }
        } else {
            jv_index_insert(obj, at);
        }
    }
    return TT_OK;
}

int tt_jv_object_del(tt_jv *obj, const char *key, size_t klen)
{
    size_t at;
    if (!obj || obj->type != TT_JV_OBJECT)
        return 0;
    at = jv_find(obj, key, klen);
    if (at == (size_t)-1)
        return 0;
    free(obj->u.o.m[at].key);
    tt_jv_free(obj->u.o.m[at].val);
    memmove(&obj->u.o.m[at], &obj->u.o.m[at + 1],
            (obj->u.o.len - at - 1) * sizeof obj->u.o.m[0]);
    obj->u.o.len--;
    if (obj->u.o.index && jv_index_build(obj) != 0) {
        free(obj->u.o.index);
        obj->u.o.index = NULL;
        obj->u.o.icap = 0;
    }
    return 1;
}

/* ======================================================================
 * accessors
 * ====================================================================== */

tt_jv_type tt_jv_type_of(const tt_jv *v) { return v ? v->type : TT_JV_NULL; }

int tt_jv_is_number(const tt_jv *v)
{
    return v && (v->type == TT_JV_INT || v->type == TT_JV_FLOAT);
}

int tt_jv_get_bool(const tt_jv *v) { return v && v->type == TT_JV_BOOL ? v->u.b : 0; }

int64_t tt_jv_get_int(const tt_jv *v)
{
    if (!v)
        return 0;
    if (v->type == TT_JV_INT)
        return v->u.i.v;
    if (v->type == TT_JV_FLOAT) {
        double d = v->u.d;
        if (d != d)
            return 0;
        if (d >= 9223372036854775807.0)
            return INT64_MAX;
        if (d <= -9223372036854775808.0)
            return INT64_MIN;
        return (int64_t)d;
    }
    return 0;
}

double tt_jv_get_double(const tt_jv *v)
{
    if (!v)
        return 0.0;
    if (v->type == TT_JV_FLOAT)
        return v->u.d;
    if (v->type == TT_JV_INT)
        return v->u.i.big ? strtod(v->u.i.big, NULL) : (double)v->u.i.v;
    return 0.0;
}

const char *tt_jv_get_string(const tt_jv *v, size_t *len)
{
    if (!v || v->type != TT_JV_STRING) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = v->u.s.len;
    return v->u.s.ptr;
}

size_t tt_jv_array_len(const tt_jv *v)
{
    return v && v->type == TT_JV_ARRAY ? v->u.a.len : 0;
}

tt_jv *tt_jv_array_get(const tt_jv *v, size_t i)
{
    if (!v || v->type != TT_JV_ARRAY || i >= v->u.a.len)
        return NULL;
    return v->u.a.items[i];
}

size_t tt_jv_object_len(const tt_jv *v)
{
    return v && v->type == TT_JV_OBJECT ? v->u.o.len : 0;
}

const char *tt_jv_object_key(const tt_jv *v, size_t i, size_t *klen)
{
    if (!v || v->type != TT_JV_OBJECT || i >= v->u.o.len) {
        if (klen)
            *klen = 0;
        return NULL;
    }
    if (klen)
        *klen = v->u.o.m[i].klen;
    return v->u.o.m[i].key;
}

tt_jv *tt_jv_object_value(const tt_jv *v, size_t i)
{
    if (!v || v->type != TT_JV_OBJECT || i >= v->u.o.len)
        return NULL;
    return v->u.o.m[i].val;
}

tt_jv *tt_jv_object_get(const tt_jv *v, const char *key, size_t klen)
{
    size_t at;
    if (!v || v->type != TT_JV_OBJECT)
        return NULL;
    at = jv_find(v, key, klen);
    return at == (size_t)-1 ? NULL : v->u.o.m[at].val;
}

const char *tt_jv_type_name(const tt_jv *v)
{
    switch (tt_jv_type_of(v)) {
    case TT_JV_BOOL:
        return "boolean";
    case TT_JV_INT:
    case TT_JV_FLOAT:
        return "number";
    case TT_JV_STRING:
        return "string";
    case TT_JV_ARRAY:
        return "array";
    case TT_JV_OBJECT:
        return "object";
    default:
        return "null";
    }
}

static int jv_num_equal(const tt_jv *a, const tt_jv *b)
{
    if (a->type == TT_JV_INT && b->type == TT_JV_INT) {
        if (!a->u.i.big && !b->u.i.big)
            return a->u.i.v == b->u.i.v;
        if (a->u.i.big && b->u.i.big)
            return a->u.i.biglen == b->u.i.biglen &&
                   memcmp(a->u.i.big, b->u.i.big, a->u.i.biglen) == 0;
        return 0; /* one fits int64, the other does not */
    }
    return tt_jv_get_double(a) == tt_jv_get_double(b);
}

int tt_jv_equal(const tt_jv *a, const tt_jv *b)
{
    size_t k;
    if (a == b)
        return !(a && a->type == TT_JV_FLOAT && a->u.d != a->u.d);
    if (!a || !b)
        return 0;
    if (tt_jv_is_number(a) && tt_jv_is_number(b))
        return jv_num_equal(a, b);
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case TT_JV_NULL:
        return 1;
    case TT_JV_BOOL:
        return a->u.b == b->u.b;
    case TT_JV_STRING:
        return a->u.s.len == b->u.s.len && memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len) == 0;
    case TT_JV_ARRAY:
        if (a->u.a.len != b->u.a.len)
            return 0;
        for (k = 0; k < a->u.a.len; k++)
            if (!tt_jv_equal(a->u.a.items[k], b->u.a.items[k]))
                return 0;
        return 1;
    case TT_JV_OBJECT:
        if (a->u.o.len != b->u.o.len)
            return 0;
        for (k = 0; k < a->u.o.len; k++) {
            const tt_jv *bv = tt_jv_object_get(b, a->u.o.m[k].key, a->u.o.m[k].klen);
            if (!bv || !tt_jv_equal(a->u.o.m[k].val, bv))
                return 0;
        }
        return 1;
    default:
        return 0;
    }
}

tt_jv *tt_jv_copy(const tt_jv *v)
{
    tt_jv *c = NULL;
    size_t k;
    if (!v)
        return NULL;
    switch (v->type) {
    case TT_JV_NULL:
        return tt_jv_null();
    case TT_JV_BOOL:
        return tt_jv_bool(v->u.b);
    case TT_JV_INT:
        if (v->u.i.big)
            return tt_jv_int_text(v->u.i.big, v->u.i.biglen);
        return tt_jv_int(v->u.i.v);
    case TT_JV_FLOAT:
        return tt_jv_double(v->u.d);
    case TT_JV_STRING:
        return tt_jv_string(v->u.s.ptr, v->u.s.len);
    case TT_JV_ARRAY:
        c = tt_jv_array();
        if (!c)
            return NULL;
        for (k = 0; k < v->u.a.len; k++)
            if (tt_jv_array_push(c, tt_jv_copy(v->u.a.items[k])) != TT_OK)
                goto fail;
        return c;
    case TT_JV_OBJECT:
        c = tt_jv_object();
        if (!c)
            return NULL;
        for (k = 0; k < v->u.o.len; k++)
            if (tt_jv_object_set(c, v->u.o.m[k].key, v->u.o.m[k].klen,
                                 tt_jv_copy(v->u.o.m[k].val)) != TT_OK)
                goto fail;
        return c;
    default:
        return NULL;
    }
fail:
    tt_jv_free(c);
    return NULL;
}

/* ======================================================================
 * output buffer
 * ====================================================================== */

void tt_jv_buf_init(tt_jv_buf *b)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
}

void tt_jv_buf_free(tt_jv_buf *b)
{
    free(b->ptr);
    tt_jv_buf_init(b);
}

int tt_jv_buf_append(tt_jv_buf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap : 64;
        char *np;
        while (ncap < b->len + n + 1)
            ncap *= 2;
        np = (char *)realloc(b->ptr, ncap);
        if (!np)
            return TT_JV_ERR_NOMEM;
        b->ptr = np;
        b->cap = ncap;
    }
    if (n)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return TT_OK;
}

int tt_jv_buf_write(void *buf, const char *p, size_t n)
{
    return tt_jv_buf_append((tt_jv_buf *)buf, p, n) == TT_OK ? 0 : 1;
}

int tt_jv_file_write(void *file, const char *p, size_t n)
{
    return fwrite(p, 1, n, (FILE *)file) == n ? 0 : 1;
}

/* ======================================================================
 * parser (recursive descent over a byte range)
 * ====================================================================== */

typedef struct jv_parser {
    const char *p, *end, *start;
    unsigned flags;
    int depth;
    int code;     /* error code once failed */
    char *err;
    size_t errlen;
} jv_parser;

static void jp_fail(jv_parser *ps, int code, const char *msg)
{
    if (ps->code)
        return;
    ps->code = code;
    if (ps->err && ps->errlen)
        snprintf(ps->err, ps->errlen, "%s at offset %lu", msg,
                 (unsigned long)(ps->p - ps->start));
}

static void jp_ws(jv_parser *ps)
{
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int jp_hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    int k;
    for (k = 0; k < 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* Encodes code point cp (surrogates allowed) as (generalised) UTF-8. */
static size_t jv_utf8_put(unsigned long cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid (strict) UTF-8 sequence at s, or 0 if invalid. */
static size_t jv_utf8_valid(const unsigned char *s, const unsigned char *end)
{
    unsigned char c = s[0];
    size_t n, k;
    unsigned long cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    if ((size_t)(end - s) < n)
        return 0;
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Parses a string body after the opening quote into a fresh buffer. */
static char *jp_string_raw(jv_parser *ps, size_t *outlen)
{
    const char *q = ps->p;
    size_t cap = 0;
    char *buf, *o;
    /* first pass: find the end and an upper bound on the decoded length */
    while (q < ps->end && *q != '"') {
        if (*q == '\\')
            q++;
        q++;
    }
    cap = (size_t)(q - ps->p) + 1;
    buf = (char *)malloc(cap);
    if (!buf) {
        jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    o = buf;
    for (;;) {
        unsigned char c;
        if (ps->p >= ps->end) {
            jp_fail(ps, TT_ERR_JSON_TRUNCATED, "unterminated string");
            break;
        }
        c = (unsigned char)*ps->p;
        if (c == '"') {
            ps->p++;
            *o = '\0';
            *outlen = (size_t)(o - buf);
            return buf;
        }
        if (c < 0x20) {
            jp_fail(ps, TT_ERR_JSON_SYNTAX, "control character in string");
            break;
        }
        if (c == '\\') {
            char e;
            if (ps->end - ps->p < 2) {
                jp_fail(ps, TT_ERR_JSON_TRUNCATED, "unterminated string");
                break;
            }
            e = ps->p[1];
            ps->p += 2;
            switch (e) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '/': *o++ = '/'; break;
            case 'b': *o++ = '\b'; break;
            case 'f': *o++ = '\f'; break;
            case 'n': *o++ = '\n'; break;
            case 'r': *o++ = '\r'; break;
            case 't': *o++ = '\t'; break;
            case 'u': {
                unsigned u, u2;
                unsigned long cp;
                if (ps->end - ps->p < 4 || jp_hex4(ps->p, &u) != 0) {
                    ps->p -= 2;
                    jp_fail(ps, TT_ERR_JSON_BAD_ESCAPE, "invalid \\u escape");
                    goto fail;
                }
                ps->p += 4;
                cp = u;
                /* a high surrogate followed by \u low surrogate is one char;
                 * anything else stays a lone surrogate (Python) */
                if (u >= 0xD800 && u <= 0xDBFF && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
                    ps->p[1] == 'u' && jp_hex4(ps->p + 2, &u2) == 0 && u2 >= 0xDC00 &&
                    u2 <= 0xDFFF) {
                    cp = 0x10000ul + (((unsigned long)u - 0xD800u) << 10) + (u2 - 0xDC00u);
                    ps->p += 6;
                }
                /* 6 escape bytes always >= the 3..4 encoded bytes */
                o += jv_utf8_put(cp, o);
                break;
            }
            default:
                ps->p -= 2;
                jp_fail(ps, TT_ERR_JSON_BAD_ESCAPE, "invalid escape");
                goto fail;
            }
            continue;
        }
        if (c < 0x80) {
            *o++ = (char)c;
            ps->p++;
        } else {
            size_t n = jv_utf8_valid((const unsigned char *)ps->p, (const unsigned char *)ps->end);
            if (!n) {
                jp_fail(ps, TT_ERR_JSON_BAD_UTF8, "invalid UTF-8");
                break;
            }
            memcpy(o, ps->p, n);
            o += n;
            ps->p += n;
        }
    }
fail:
    free(buf);
    return NULL;
}

static tt_jv *jp_value(jv_parser *ps);

static tt_jv *jp_number(jv_parser *ps)
{
    const char *s = ps->p, *q = ps->p;
    int is_float = 0;
    char tmp[64];
    char *heap = NULL, *nb;
    size_t n;
    tt_jv *v;

    if (q < ps->end && *q == '-')
        q++;
    if (q >= ps->end) {
        jp_fail(ps, TT_ERR_JSON_TRUNCATED, "truncated number");
        return NULL;
    }
    if (*q == '0') {
        q++;
    } else if (*q >= '1' && *q <= '9') {
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    } else {
        if (ps->flags & TT_JV_PARSE_ALLOW_NAN && ps->end - q >= 8 &&
            memcmp(q, "Infinity", 8) == 0) {
            ps->p = q + 8;
            return tt_jv_double(-HUGE_VAL);
        }
        jp_fail(ps, TT_ERR_JSON_SYNTAX, "invalid number");
        return NULL;
    }
    if (q < ps->end && *q == '.') {
        q++;
        is_float = 1;
        if (q >= ps->end || *q < '0' || *q > '9') {
            ps->p = q;
            jp_fail(ps, TT_ERR_JSON_SYNTAX, "invalid number");
            return NULL;
        }
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        q++;
        is_float = 1;
        if (q < ps->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= ps->end || *q < '0' || *q > '9') {
            ps->p = q;
            jp_fail(ps, TT_ERR_JSON_SYNTAX, "invalid number");
            return NULL;
        }
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    n = (size_t)(q - s);
    ps->p = q;
    if (!is_float) {
        v = tt_jv_int_text(s, n);
        if (!v)
            jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
        return v;
    }
    /* strtod needs a NUL-terminated copy */
    if (n < sizeof tmp) {
        nb = tmp;
    } else {
        heap = (char *)malloc(n + 1);
        if (!heap) {
            jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
            return NULL;
        }
        nb = heap;
    }
    memcpy(nb, s, n);
    nb[n] = '\0';
    v = tt_jv_double(strtod(nb, NULL));
    free(heap);
    if (!v)
        jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
    return v;
}

static int jp_lit(jv_parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
        ps->p += n;
        return 1;
    }
    return 0;
}

/* After an array element or object member: skip blanks, then 1 for ',' (more
 * follow), 0 for `close` (container done), -1 with the error recorded. */
static int jp_after_item(jv_parser *ps, char close, const char *unterminated,
                         const char *expected)
{
    jp_ws(ps);
    if (ps->p >= ps->end) {
        jp_fail(ps, TT_ERR_JSON_TRUNCATED, unterminated);
        return -1;
    }
    if (*ps->p == ',' || *ps->p == close) {
        return *ps->p++ == ',';
    }
    jp_fail(ps, TT_ERR_JSON_SYNTAX, expected);
    return -1;
}

static tt_jv *jp_array(jv_parser *ps)
{
    tt_jv *a = tt_jv_array();
    if (!a) {
        jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    ps->p++; /* '[' */
    jp_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return a;
    }
    for (;;) {
        tt_jv *item = jp_value(ps);
        if (!item)
            goto fail;
        if (tt_jv_array_push(a, item) != TT_OK) {
            jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
            goto fail;
        }
        switch (jp_after_item(ps, ']', "unterminated array", "expected ',' or ']'")) {
        case 1:
            continue;
        case 0:
            return a;
        default:
            goto fail;
        }
    }
fail:
    tt_jv_free(a);
    return NULL;
}

static tt_jv *jp_object(jv_parser *ps)
{
    tt_jv *o = tt_jv_object();
    if (!o) {
        jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    ps->p++; /* '{' */
    jp_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return o;
    }
    for (;;) {
        char *key;
        size_t klen = 0;
        tt_jv *val;
        int rc;
        jp_ws(ps);
        if (ps->p >= ps->end) {
            jp_fail(ps, TT_ERR_JSON_TRUNCATED, "unterminated object");
            goto fail;
        }
        if (*ps->p != '"') {
            jp_fail(ps, TT_ERR_JSON_SYNTAX, "expected string key");
            goto fail;
        }
        ps->p++;
        key = jp_string_raw(ps, &klen);
        if (!key)
            goto fail;
        jp_ws(ps);
        if (ps->p >= ps->end || *ps->p != ':') {
            free(key);
            jp_fail(ps, ps->p >= ps->end ? TT_ERR_JSON_TRUNCATED : TT_ERR_JSON_SYNTAX,
                    "expected ':'");
            goto fail;
        }
        ps->p++;
        val = jp_value(ps);
        if (!val) {
            free(key);
            goto fail;
        }
        rc = tt_jv_object_set(o, key, klen, val);
        free(key);
        if (rc != TT_OK) {
            jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
            goto fail;
        }
        switch (jp_after_item(ps, '}', "unterminated object", "expected ',' or '}'")) {
        case 1:
            continue;
        case 0:
            return o;
        default:
            goto fail;
        }
    }
fail:
    tt_jv_free(o);
    return NULL;
}

static tt_jv *jp_value(jv_parser *ps)
{
    tt_jv *v = NULL;
    const char *p0;
    jp_ws(ps);
    p0 = ps->p;
    if (ps->p >= ps->end) {
        jp_fail(ps, TT_ERR_JSON_TRUNCATED, "expected a value");
        return NULL;
    }
    switch (*ps->p) {
    case '{':
    case '[':
        if (++ps->depth > TT_JV_MAX_DEPTH) {
            jp_fail(ps, TT_ERR_JSON_TOO_DEEP, "nesting too deep");
            return NULL;
        }
        v = *ps->p == '{' ? jp_object(ps) : jp_array(ps);
        ps->depth--;
        return v;
    case '"': {
        size_t n = 0;
        char *s;
        ps->p++;
        s = jp_string_raw(ps, &n);
        if (!s)
            return NULL;
        v = jv_new(TT_JV_STRING);
        if (!v) {
            free(s);
            jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
            return NULL;
        }
        v->u.s.ptr = s;
        v->u.s.len = n;
        return v;
    }
    case 't':
        if (jp_lit(ps, "true"))
            v = tt_jv_bool(1);
        break;
    case 'f':
        if (jp_lit(ps, "false"))
            v = tt_jv_bool(0);
        break;
    case 'n':
        if (jp_lit(ps, "null"))
            v = tt_jv_null();
        break;
    case 'N':
        if ((ps->flags & TT_JV_PARSE_ALLOW_NAN) && jp_lit(ps, "NaN"))
            v = tt_jv_double(NAN);
        break;
    case 'I':
        if ((ps->flags & TT_JV_PARSE_ALLOW_NAN) && jp_lit(ps, "Infinity"))
            v = tt_jv_double(HUGE_VAL);
        break;
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
            return jp_number(ps);
        jp_fail(ps, TT_ERR_JSON_SYNTAX, "unexpected character");
        return NULL;
    }
    if (!v && ps->code == 0) {
        /* a literal matched but its node could not be allocated, or no
         * literal matched at all */
        if (ps->p != p0)
            jp_fail(ps, TT_JV_ERR_NOMEM, "out of memory");
        else
            jp_fail(ps, TT_ERR_JSON_SYNTAX, "invalid literal");
    }
    return v;
}

int tt_jv_parse_ex(const char *text, size_t len, unsigned flags, tt_jv **out, char *err,
                   size_t errlen)
{
    jv_parser ps;
    tt_jv *v;
    if (err && errlen)
        err[0] = '\0';
    if (!out || (!text && len))
        return TT_ERR_INVALID_ARG;
    *out = NULL;
    memset(&ps, 0, sizeof ps);
    ps.p = ps.start = text ? text : "";
    ps.end = ps.p + len;
    ps.flags = flags;
    ps.err = err;
    ps.errlen = errlen;
    v = jp_value(&ps);
    if (v) {
        jp_ws(&ps);
        if (ps.p != ps.end) {
            jp_fail(&ps, TT_ERR_JSON_SYNTAX, "extra data after the document");
            tt_jv_free(v);
            v = NULL;
        }
    }
    if (!v)
        return ps.code ? ps.code : TT_ERR_JSON_SYNTAX;
    *out = v;
    return TT_OK;
}

int tt_jv_parse(const char *text, size_t len, tt_jv **out, char *err, size_t errlen)
{
    return tt_jv_parse_ex(text, len, 0, out, err, errlen);
}

/* ======================================================================
 * number formatting (Python repr)
 * ====================================================================== */

/* Copies s into out with tt_jv_float_repr's return convention. */
static size_t jv_out(const char *s, size_t n, char *out, size_t cap)
{
    if (cap) {
        size_t c = n < cap ? n : cap - 1;
        memcpy(out, s, c);
        out[c] = '\0';
    }
    return n;
}

/* Tries digits dg (n digits, d.ddd x 10^exp) for round trip to d. */
static int jv_roundtrips(const char *dg, size_t n, int exp, double d)
{
    char t[48];
    size_t k = 0, i;
    if (n == 0)
        return 0; /* no digits: %e of a finite double always has some */
    if (d < 0)
        t[k++] = '-';
    t[k++] = dg[0];
    if (n > 1) {
        t[k++] = '.';
        for (i = 1; i < n; i++)
            t[k++] = dg[i];
    }
    snprintf(t + k, sizeof t - k, "e%d", exp);
    return strtod(t, NULL) == d;
}

/* Shortest digits (no trailing zeros) and exponent such that d == 0.dg x...
 * returns ndigits; *exp is the scientific exponent (d = dg[0].dg[1..] e exp). */
static size_t jv_shortest(double d, char *dg, int *exp)
{
    char t[48];
    int p;
    for (p = 1; p <= 17; p++) {
        char cand[24];
        size_t n = 0;
        const char *q = t;
        int e;
        snprintf(t, sizeof t, "%.*e", p - 1, d);
        if (*q == '-')
            q++;
        /* digits only: the decimal point is whatever the locale says */
        for (; *q && *q != 'e'; q++)
            if (*q >= '0' && *q <= '9')
                cand[n++] = *q;
        e = (int)strtol(q + 1, NULL, 10); /* %e exponent: always digits */
        if (jv_roundtrips(cand, n, e, d)) {
            memcpy(dg, cand, n);
            *exp = e;
            goto strip;
        }
        if (p < 17 && n > 0) {
            /* the nearest p-digit decimal can fall outside the rounding
             * interval when it is asymmetric (powers of two): try the
             * neighbour on the other side */
            char alt[24];
            size_t i;
            int ae = e;
            memcpy(alt, cand, n);
            i = n;
            while (i > 0) { /* +1 ulp */
                i--;
                if (alt[i] == '9') {
                    alt[i] = '0';
                } else {
                    alt[i]++;
                    break;
                }
            }
            if (alt[0] == '0') { /* 999 -> 1000 */
                alt[0] = '1';
                ae++;
            }
            if (jv_roundtrips(alt, n, ae, d)) {
                memcpy(dg, alt, n);
                *exp = ae;
                goto strip;
            }
            memcpy(alt, cand, n);
            i = n;
            while (i > 0) { /* -1 ulp */
                i--;
                if (alt[i] == '0') {
                    alt[i] = '9';
                } else {
                    alt[i]--;
                    break;
                }
            }
            if (alt[0] != '0' && jv_roundtrips(alt, n, e, d)) {
                memcpy(dg, alt, n);
                *exp = e;
                goto strip;
            }
        }
        continue;
    strip:
        while (n > 1 && dg[n - 1] == '0')
            n--;
        return n;
    }
    dg[0] = '0'; /* not reached: 17 digits always round-trip */
    *exp = 0;
    return 1;
}

size_t tt_jv_float_repr(double d, char *out, size_t cap)
{
    char dg[24];
    char s[48];
    size_t n, k = 0, i;
    int exp;
    if (d != d)
        return jv_out("nan", 3, out, cap);
    if (isinf(d))
        return d > 0 ? jv_out("inf", 3, out, cap) : jv_out("-inf", 4, out, cap);
    if (d == 0)
        return signbit(d) ? jv_out("-0.0", 4, out, cap) : jv_out("0.0", 3, out, cap);
    n = jv_shortest(d, dg, &exp);
    if (d < 0)
        s[k++] = '-';
    if (exp < -4 || exp >= 16) {
        int ae = exp < 0 ? -exp : exp;
        s[k++] = dg[0];
        if (n > 1) {
            s[k++] = '.';
            for (i = 1; i < n; i++)
                s[k++] = dg[i];
        }
        s[k++] = 'e';
        s[k++] = exp < 0 ? '-' : '+';
        if (ae >= 100)
            s[k++] = (char)('0' + ae / 100);
        s[k++] = (char)('0' + (ae / 10) % 10);
        s[k++] = (char)('0' + ae % 10);
    } else if (exp < 0) {
        s[k++] = '0';
        s[k++] = '.';
        for (i = 0; i < (size_t)(-exp - 1); i++)
            s[k++] = '0';
        for (i = 0; i < n; i++)
            s[k++] = dg[i];
    } else {
        size_t ip = (size_t)exp + 1; /* digits before the point */
        for (i = 0; i < ip; i++)
            s[k++] = (char)(i < n ? dg[i] : '0');
        s[k++] = '.';
        if (n > ip) {
            for (i = ip; i < n; i++)
                s[k++] = dg[i];
        } else {
            s[k++] = '0';
        }
    }
    return jv_out(s, k, out, cap);
}

size_t tt_jv_int_repr(const tt_jv *v, char *out, size_t cap)
{
    char s[32];
    int n;
    if (!v || v->type != TT_JV_INT)
        return jv_out("0", 1, out, cap);
    if (v->u.i.big)
        return jv_out(v->u.i.big, v->u.i.biglen, out, cap);
    n = snprintf(s, sizeof s, "%" PRId64, v->u.i.v);
    return jv_out(s, (size_t)n, out, cap);
}

/* ======================================================================
 * serializer
 * ====================================================================== */

void tt_jv_dump_opts_default(tt_jv_dump_opts *o)
{
    o->indent = -1;
    o->ensure_ascii = 1;
    o->sort_keys = 0;
    o->item_sep = NULL;
    o->key_sep = NULL;
}

typedef struct jv_dumper {
    const tt_jv_dump_opts *o;
    const char *item_sep, *key_sep;
    size_t item_len, key_len;
    tt_jv_write_fn w;
    void *ctx;
    int code;
} jv_dumper;

static int jd_put(jv_dumper *d, const char *p, size_t n)
{
    if (d->code)
        return d->code;
    if (n && d->w(d->ctx, p, n) != 0)
        d->code = TT_ERR_CALLBACK_ABORT;
    return d->code;
}

int tt_jv_dump_string(const char *s, size_t len, int ensure_ascii, tt_jv_write_fn w,
                      void *ctx)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;
    char e[16];
    if (w(ctx, "\"", 1))
        return TT_ERR_CALLBACK_ABORT;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t en = 0;
        size_t used = 1;
        switch (c) {
        case '"': e[0] = '\\'; e[1] = '"'; en = 2; break;
        case '\\': e[0] = '\\'; e[1] = '\\'; en = 2; break;
        case '\n': e[0] = '\\'; e[1] = 'n'; en = 2; break;
        case '\r': e[0] = '\\'; e[1] = 'r'; en = 2; break;
        case '\t': e[0] = '\\'; e[1] = 't'; en = 2; break;
        case '\b': e[0] = '\\'; e[1] = 'b'; en = 2; break;
        case '\f': e[0] = '\\'; e[1] = 'f'; en = 2; break;
        default:
            if (c < 0x20 || (ensure_ascii && c == 0x7F)) {
                e[0] = '\\', e[1] = 'u', e[2] = '0', e[3] = '0';
                e[4] = hex[c >> 4];
                e[5] = hex[c & 15];
                en = 6;
            } else if (ensure_ascii && c >= 0x80) {
                /* decode one (generalised) UTF-8 sequence, leniently */
                unsigned long cp;
                size_t n, k;
                if (c >= 0xF0) {
                    n = 4;
                    cp = c & 0x07u;
                } else if (c >= 0xE0) {
                    n = 3;
                    cp = c & 0x0Fu;
                } else if (c >= 0xC0) {
                    n = 2;
                    cp = c & 0x1Fu;
                } else {
                    n = 1;
                    cp = c;
                }
                if (i + n > len)
                    n = 1, cp = c;
                for (k = 1; k < n; k++) {
                    if (((unsigned char)s[i + k] & 0xC0) != 0x80) {
                        n = 1;
                        cp = c;
                        break;
                    }
                    cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
                }
                used = n;
                if (cp >= 0x10000) {
                    unsigned long v = cp - 0x10000;
                    unsigned long hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
                    e[0] = '\\'; e[1] = 'u';
                    e[2] = hex[(hi >> 12) & 15]; e[3] = hex[(hi >> 8) & 15];
                    e[4] = hex[(hi >> 4) & 15]; e[5] = hex[hi & 15];
                    e[6] = '\\'; e[7] = 'u';
                    e[8] = hex[(lo >> 12) & 15]; e[9] = hex[(lo >> 8) & 15];
                    e[10] = hex[(lo >> 4) & 15]; e[11] = hex[lo & 15];
                    en = 12;
                } else {
                    e[0] = '\\'; e[1] = 'u';
                    e[2] = hex[(cp >> 12) & 15]; e[3] = hex[(cp >> 8) & 15];
                    e[4] = hex[(cp >> 4) & 15]; e[5] = hex[cp & 15];
                    en = 6;
                }
            }
            break;
        }
        if (en) {
            if (run && w(ctx, s + i - run, run))
                return TT_ERR_CALLBACK_ABORT;
            run = 0;
            if (w(ctx, e, en))
                return TT_ERR_CALLBACK_ABORT;
        } else {
            run += used;
        }
        i += used;
    }
    if (run && w(ctx, s + len - run, run))
        return TT_ERR_CALLBACK_ABORT;
    if (w(ctx, "\"", 1))
        return TT_ERR_CALLBACK_ABORT;
    return TT_OK;
}

static int jd_newline(jv_dumper *d, int level)
{
    static const char spaces[] = "                                ";
    size_t n;
    if (d->o->indent < 0)
        return d->code;
    jd_put(d, "\n", 1);
    n = (size_t)d->o->indent * (size_t)level;
    while (n > 0 && !d->code) {
        size_t c = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        jd_put(d, spaces, c);
        n -= c;
    }
    return d->code;
}

/* qsort comparator over (const tt_jv_member *) elements: by key bytes, as
 * Python sorts str keys (UTF-8 byte order = code point order). */
int tt_jv_member_ptr_cmp(const void *pa, const void *pb)
{
    const tt_jv_member *a = *(const tt_jv_member *const *)pa;
    const tt_jv_member *b = *(const tt_jv_member *const *)pb;
    size_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, n);
    if (c)
        return c;
    return a->klen < b->klen ? -1 : a->klen > b->klen;
}

static int jd_value(jv_dumper *d, const tt_jv *v, int level)
{
    char num[40];
    size_t n, k;
    if (d->code)
        return d->code;
    switch (tt_jv_type_of(v)) {
    case TT_JV_NULL:
        return jd_put(d, "null", 4);
    case TT_JV_BOOL:
        return v->u.b ? jd_put(d, "true", 4) : jd_put(d, "false", 5);
    case TT_JV_INT:
        if (v->u.i.big)
            return jd_put(d, v->u.i.big, v->u.i.biglen);
        n = tt_jv_int_repr(v, num, sizeof num);
        return jd_put(d, num, n);
    case TT_JV_FLOAT:
        if (v->u.d != v->u.d)
            return jd_put(d, "NaN", 3);
        if (isinf(v->u.d))
            return v->u.d > 0 ? jd_put(d, "Infinity", 8) : jd_put(d, "-Infinity", 9);
        n = tt_jv_float_repr(v->u.d, num, sizeof num);
        return jd_put(d, num, n);
    case TT_JV_STRING: {
        int rc = tt_jv_dump_string(v->u.s.ptr, v->u.s.len, d->o->ensure_ascii, d->w, d->ctx);
        if (rc && !d->code)
            d->code = rc;
        return d->code;
    }
    case TT_JV_ARRAY:
        if (v->u.a.len == 0)
            return jd_put(d, "[]", 2);
        jd_put(d, "[", 1);
        jd_newline(d, level + 1);
        for (k = 0; k < v->u.a.len && !d->code; k++) {
            if (k) {
                jd_put(d, d->item_sep, d->item_len);
                jd_newline(d, level + 1);
            }
            jd_value(d, v->u.a.items[k], level + 1);
        }
        jd_newline(d, level);
        return jd_put(d, "]", 1);
    case TT_JV_OBJECT: {
        const tt_jv_member **order = NULL;
        if (v->u.o.len == 0)
            return jd_put(d, "{}", 2);
        if (d->o->sort_keys) {
            order = (const tt_jv_member **)malloc(v->u.o.len * sizeof(const tt_jv_member *));
            if (!order) {
                d->code = TT_JV_ERR_NOMEM;
                return d->code;
            }
            for (k = 0; k < v->u.o.len; k++)
                order[k] = &v->u.o.m[k];
            qsort((void *)order, v->u.o.len, sizeof(const tt_jv_member *), tt_jv_member_ptr_cmp);
        }
        jd_put(d, "{", 1);
        jd_newline(d, level + 1);
        for (k = 0; k < v->u.o.len && !d->code; k++) {
            const tt_jv_member *m = order ? order[k] : &v->u.o.m[k];
            int rc;
            if (k) {
                jd_put(d, d->item_sep, d->item_len);
                jd_newline(d, level + 1);
            }
            if (d->code)
                break;
            rc = tt_jv_dump_string(m->key, m->klen, d->o->ensure_ascii, d->w, d->ctx);
            if (rc) {
                d->code = rc;
                break;
            }
            jd_put(d, d->key_sep, d->key_len);
            jd_value(d, m->val, level + 1);
        }
        free((void *)order);
        jd_newline(d, level);
        return jd_put(d, "}", 1);
    }
    default:
        return d->code;
    }
}

int tt_jv_dump(const tt_jv *v, const tt_jv_dump_opts *opts, tt_jv_write_fn w, void *ctx)
{
    jv_dumper d;
    tt_jv_dump_opts def;
    if (!w)
        return TT_ERR_INVALID_ARG;
    if (!opts) {
        tt_jv_dump_opts_default(&def);
        opts = &def;
    }
    d.o = opts;
    d.item_sep = opts->item_sep ? opts->item_sep : (opts->indent < 0 ? ", " : ",");
    d.key_sep = opts->key_sep ? opts->key_sep : ": ";
    d.item_len = strlen(d.item_sep);
    d.key_len = strlen(d.key_sep);
    d.w = w;
    d.ctx = ctx;
    d.code = 0;
    jd_value(&d, v, 0);
    return d.code;
}

int tt_jv_dump_buf(const tt_jv *v, const tt_jv_dump_opts *opts, tt_jv_buf *out)
{
    size_t before = out->len;
    int rc = tt_jv_dump(v, opts, tt_jv_buf_write, out);
    if (rc == TT_ERR_CALLBACK_ABORT)
        rc = TT_JV_ERR_NOMEM; /* the only way the buffer sink fails */
    if (rc != TT_OK) {
        out->len = before;
        if (out->ptr)
            out->ptr[before] = '\0';
    }
    return rc;
}

int tt_jv_dump_file(const tt_jv *v, const tt_jv_dump_opts *opts, FILE *f)
{
    return tt_jv_dump(v, opts, tt_jv_file_write, f);
}
