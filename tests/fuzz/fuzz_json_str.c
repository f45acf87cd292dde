/*
 * fuzz_json_str.c - libFuzzer target for JSON string unescaping and the
 * incremental scanner's fast paths (core/tt_json.c), cross-checked against
 * an independent reference decoder and the host parser (boards/linux/tt_jv.c).
 *
 * Input: byte 0 bits 0-1 pick the template the payload P is pasted into:
 *   0 "P" (a string value)   1 {"P":1} (an object key)
 *   2 P (a whole document)   3 [1,"P",-2.5e3] (a string between numbers)
 * byte 1's low 4 bits give K, the count of slice bytes that follow; slice
 * byte b feeds (b % 61) + 1 bytes and offers tt_json_str_run an output room
 * of {1, 3, 4, 17, 256}[b / 61] bytes (used in turn, cycling; K = 0: one
 * 7-byte slice with 256 bytes of room).  The rest is P.
 *
 * Checks (any failure traps):
 *   - feeding the document one byte at a time to tt_json_byte and feeding it
 *     in the input's slices through the fast paths (tt_json_str_run into an
 *     output buffer that ends exactly at its room, so ASan sees any write
 *     past it; tt_json_ws_run; tt_json_digit_run; tt_json_byte for the rest)
 *     give the same event stream (decoded string bytes compared as a stream)
 *     and the same verdict; str_run counting (out = NULL) agrees with
 *     str_run writing;
 *   - for templates 0, 1 and 3, acceptance and the decoded bytes of P equal
 *     those of a reference decoder written here from RFC 8259 (strict UTF-8,
 *     paired surrogates only);
 *   - the host parser tt_jv_parse agrees: whatever the core accepts it
 *     accepts with the same string bytes; whatever it accepts whose strings
 *     are strict UTF-8 (Python also takes lone surrogates: the core does not)
 *     and nests at most TT_JSON_MAX_DEPTH deep, the core accepts.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_json.h"
#include "tt_jv.h"
#include "tt_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

#define MAX_P 8192

/* ---- reference string decoder (RFC 8259 + strict UTF-8) ------------------- */

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int hex4(const unsigned char *p, size_t n, uint32_t *v)
{
    size_t i;
    *v = 0;
    if (n < 4)
        return 0;
    for (i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return 0;
        *v = (*v << 4) | (uint32_t)h;
    }
    return 1;
}

static size_t put_utf8(uint32_t cp, unsigned char *o)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the body of a string (between the quotes).  Returns 1 and the
 * bytes in out[0..*olen) when p[0..n) is a valid body with no unescaped '"'.
 * out must have room for n bytes (decoding never grows the text). */
static int ref_string(const unsigned char *p, size_t n, unsigned char *out, size_t *olen)
{
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c == '"' || c < 0x20)
            return 0;
        if (c == '\\') {
            uint32_t cp, lo;
            if (i + 1 >= n)
                return 0;
            switch (p[i + 1]) {
            case '"': out[o++] = '"'; i += 2; continue;
            case '\\': out[o++] = '\\'; i += 2; continue;
            case '/': out[o++] = '/'; i += 2; continue;
            case 'b': out[o++] = '\b'; i += 2; continue;
            case 'f': out[o++] = '\f'; i += 2; continue;
            case 'n': out[o++] = '\n'; i += 2; continue;
            case 'r': out[o++] = '\r'; i += 2; continue;
            case 't': out[o++] = '\t'; i += 2; continue;
            case 'u': break;
            default: return 0;
            }
            if (!hex4(p + i + 2, n - i - 2, &cp))
                return 0;
            i += 6;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return 0;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (n - i < 6 || p[i] != '\\' || p[i + 1] != 'u' || !hex4(p + i + 2, 4, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            o += put_utf8(cp, out + o);
            continue;
        }
        if (c < 0x80) {
            out[o++] = c;
            i++;
            continue;
        }
        {
            size_t k, len;
            uint32_t cp, min;
            if (c >= 0xC2 && c <= 0xDF)
                len = 2, cp = c & 0x1Fu, min = 0x80;
            else if (c >= 0xE0 && c <= 0xEF)
                len = 3, cp = c & 0x0Fu, min = 0x800;
            else if (c >= 0xF0 && c <= 0xF4)
                len = 4, cp = c & 0x07u, min = 0x10000;
            else
                return 0;
            if (n - i < len)
                return 0;
            for (k = 1; k < len; k++) {
                if ((p[i + k] & 0xC0) != 0x80)
                    return 0;
                cp = (cp << 6) | (p[i + k] & 0x3Fu);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
            memcpy(out + o, p + i, len);
            o += len;
            i += len;
        }
    }
    *olen = o;
    return 1;
}

/* ---- scanner drivers ------------------------------------------------------- */

typedef struct {
    uint64_t h;
    size_t ntok;
    int rc;                 /* first error, or the tt_json_end result mapped to 0 */
    unsigned char *first;   /* decoded bytes of the first string (key or value) */
    size_t first_len, first_cap;
    int nstr;               /* strings begun */
    int in_first;
} trace_t;

static void tok(trace_t *t, uint32_t v)
{
    t->h = (t->h ^ v) * 0x100000001b3ull;
    t->ntok++;
}

static void data_bytes(trace_t *t, const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        tok(t, p[i]);
    if (t->in_first) {
        FUZZ_CHECK(t->first_len + n <= t->first_cap);
        memcpy(t->first + t->first_len, p, n);
        t->first_len += n;
    }
}

static void trace_init(trace_t *t, unsigned char *first, size_t cap)
{
    memset(t, 0, sizeof *t);
    t->h = 0xcbf29ce484222325ull;
    t->first = first;
    t->first_cap = cap;
}

/* One tt_json_byte() result into the trace; returns <0 on error. */
static int event(trace_t *t, const tt_json_scanner *s, int ev, unsigned char c)
{
    int prim;
    if (ev < 0)
        return ev;
    if (ev & TT_JSON_EV_NUM_END)
        tok(t, 256 + 64);
    prim = ev & (int)TT_JSON_EV_MASK;
    switch (prim) {
    case TT_JSON_EV_NONE:
        break;
    case TT_JSON_EV_KEY_DATA:
    case TT_JSON_EV_STR_DATA:
        FUZZ_CHECK(s->out_len >= 1 && s->out_len <= 4);
        data_bytes(t, s->out, s->out_len);
        break;
    case TT_JSON_EV_NUM_DATA:
        tok(t, 512u + c);
        break;
    case TT_JSON_EV_NUM_BEGIN:
        tok(t, 256u + (uint32_t)prim);
        tok(t, 512u + c);
        break;
    case TT_JSON_EV_KEY_BEGIN:
    case TT_JSON_EV_STR_BEGIN:
        tok(t, 256u + (uint32_t)prim);
        t->in_first = t->nstr == 0;
        t->nstr++;
        break;
    case TT_JSON_EV_KEY_END:
    case TT_JSON_EV_STR_END:
        tok(t, 256u + (uint32_t)prim);
        t->in_first = 0;
        break;
    default:
        FUZZ_CHECK(prim <= TT_JSON_EV_NULL);
        tok(t, 256u + (uint32_t)prim);
        break;
    }
    return 0;
}

static int finish(trace_t *t, tt_json_scanner *s)
{
    int rc = tt_json_end(s);
    if (rc == TT_JSON_EV_NUM_END) {
        tok(t, 256 + 64);
        rc = TT_OK;
    }
    FUZZ_CHECK(rc == TT_OK || rc == TT_ERR_JSON_TRUNCATED);
    FUZZ_CHECK((rc == TT_OK) == (tt_json_done(s) != 0));
    return rc;
}

static void scan_bytes(const unsigned char *doc, size_t len, trace_t *t)
{
    tt_json_scanner s;
    size_t i;
    tt_json_init(&s);
    for (i = 0; i < len; i++) {
        int rc = event(t, &s, tt_json_byte(&s, doc[i]), doc[i]);
        if (rc < 0) {
            t->rc = rc;
            return;
        }
    }
    t->rc = finish(t, &s);
}

static const uint8_t *g_slices;
static size_t g_nslices;
static unsigned char *g_room; /* 256 bytes; room of r bytes = g_room + 256 - r */

static void scan_fast(const unsigned char *doc, size_t len, trace_t *t)
{
    static const size_t rooms[5] = {1, 3, 4, 17, 256};
    tt_json_scanner s;
    size_t i = 0, slice = 0;
    tt_json_init(&s);
    while (i < len) {
        uint8_t b = g_nslices ? g_slices[slice++ % g_nslices] : 6;
        size_t n = (size_t)(b % 61u) + 1u, room = g_nslices ? rooms[b / 61u] : 256, end;
        if (n > len - i)
            n = len - i;
        end = i + n;
        while (i < end) {
            size_t k, olen = 0, clen = 0;
            tt_json_scanner copy = s;
            unsigned char *out = g_room + 256 - room;
            /* count-only first, on a copy: same bytes consumed, same length */
            size_t counted = tt_json_str_run(&copy, doc + i, end - i, NULL, 0, &clen);
            k = tt_json_str_run(&s, doc + i, end - i, out, room, &olen);
            FUZZ_CHECK(k <= end - i && olen <= k && olen <= room);
            FUZZ_CHECK(counted >= k && clen >= olen);
            if (room == 256 && end - i <= 256)
                FUZZ_CHECK(counted == k && clen == olen);
            if (k) {
                data_bytes(t, out, olen);
                i += k;
                continue;
            }
            k = tt_json_ws_run(&s, doc + i, end - i);
            if (k) {
                i += k;
                continue;
            }
            k = tt_json_digit_run(&s, doc + i, end - i);
            if (k) {
                size_t j;
                for (j = 0; j < k; j++) {
                    FUZZ_CHECK(doc[i + j] >= '0' && doc[i + j] <= '9');
                    tok(t, 512u + doc[i + j]);
                }
                i += k;
                continue;
            }
            {
                int rc = event(t, &s, tt_json_byte(&s, doc[i]), doc[i]);
                if (rc < 0) {
                    t->rc = rc;
                    return;
                }
                i++;
            }
        }
    }
    t->rc = finish(t, &s);
}

/* ---- host parser ---------------------------------------------------------- */

/* 1 when every string in v is strict UTF-8 and v nests <= max levels. */
static int host_ok_for_core(const tt_jv *v, int depth)
{
    size_t i, n;
    const char *s;
    switch (tt_jv_type_of(v)) {
    case TT_JV_STRING:
        s = tt_jv_get_string(v, &n);
        return tt_utf8_validate(s, n, NULL) == TT_OK;
    case TT_JV_ARRAY:
        if (depth + 1 > TT_JSON_MAX_DEPTH)
            return 0;
        for (i = 0; i < tt_jv_array_len(v); i++)
            if (!host_ok_for_core(tt_jv_array_get(v, i), depth + 1))
                return 0;
        return 1;
    case TT_JV_OBJECT:
        if (depth + 1 > TT_JSON_MAX_DEPTH)
            return 0;
        for (i = 0; i < tt_jv_object_len(v); i++) {
            s = tt_jv_object_key(v, i, &n);
            if (tt_utf8_validate(s, n, NULL) != TT_OK)
                return 0;
            if (!host_ok_for_core(tt_jv_object_value(v, i), depth + 1))
                return 0;
        }
        return 1;
    default:
        return 1;
    }
}

/* The first string of the host tree for the templates (value, key, [1,"P",..]). */
static const char *host_first(const tt_jv *v, int tmpl, size_t *n)
{
    switch (tmpl) {
    case 0:
        FUZZ_CHECK(tt_jv_type_of(v) == TT_JV_STRING);
        return tt_jv_get_string(v, n);
    case 1:
        FUZZ_CHECK(tt_jv_type_of(v) == TT_JV_OBJECT && tt_jv_object_len(v) == 1);
        return tt_jv_object_key(v, 0, n);
    default:
        FUZZ_CHECK(tt_jv_type_of(v) == TT_JV_ARRAY && tt_jv_array_len(v) == 3);
        FUZZ_CHECK(tt_jv_type_of(tt_jv_array_get(v, 1)) == TT_JV_STRING);
        return tt_jv_get_string(tt_jv_array_get(v, 1), n);
    }
}

static const char *const k_pre[4] = {"\"", "{\"", "", "[1,\""};
static const char *const k_post[4] = {"\"", "\":1}", "", "\",-2.5e3]"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t slices[16];
    unsigned char *doc, *f1, *f2, *ref, *room;
    size_t k, hdr, plen, pl, ql, len, rlen = 0;
    int tmpl, ref_ok = 0;
    trace_t a, b;
    tt_jv *v = NULL;
    char err[96];
    int hrc;

    if (size < 2)
        return 0;
    tmpl = data[0] & 3;
    k = data[1] & 15u;
    hdr = 2 + k;
    if (size < hdr || size - hdr > MAX_P)
        return 0;
    memcpy(slices, data + 2, k);
    g_slices = slices;
    g_nslices = k;
    plen = size - hdr;
    pl = strlen(k_pre[tmpl]);
    ql = strlen(k_post[tmpl]);
    len = pl + plen + ql;
    doc = (unsigned char *)malloc(len ? len : 1); /* exact: ASan sees over-reads */
    f1 = (unsigned char *)malloc(len + 1);
    f2 = (unsigned char *)malloc(len + 1);
    ref = (unsigned char *)malloc(plen + 1);
    room = (unsigned char *)malloc(256);
    FUZZ_CHECK(doc && f1 && f2 && ref && room);
    g_room = room;
    memcpy(doc, k_pre[tmpl], pl);
    memcpy(doc + pl, data + hdr, plen);
    memcpy(doc + pl + plen, k_post[tmpl], ql);

    /* decoding never grows the text, so a first string fits in len bytes */
    trace_init(&a, f1, len + 1);
    trace_init(&b, f2, len + 1);
    scan_bytes(doc, len, &a);
    scan_fast(doc, len, &b);
    FUZZ_CHECK(a.rc == b.rc);
    FUZZ_CHECK(a.rc == TT_OK || a.rc == TT_ERR_JSON_SYNTAX || a.rc == TT_ERR_JSON_TOO_DEEP ||
               a.rc == TT_ERR_JSON_BAD_ESCAPE || a.rc == TT_ERR_JSON_BAD_UTF8 ||
               a.rc == TT_ERR_JSON_TRUNCATED);
    if (a.rc == TT_OK) {
        FUZZ_CHECK(a.h == b.h && a.ntok == b.ntok);
        FUZZ_CHECK(a.first_len == b.first_len && memcmp(a.first, b.first, a.first_len) == 0);
    }

    /* the reference decoder, for P as one string.  A P holding a quote may
     * close the string early and still make a valid document ("a","b" in
     * template 3): then only "reference accepts => same bytes" holds. */
    if (tmpl != 2) {
        ref_ok = ref_string(doc + pl, plen, ref, &rlen);
        if (memchr(doc + pl, '"', plen) == NULL)
            FUZZ_CHECK(ref_ok == (a.rc == TT_OK));
        if (ref_ok)
            FUZZ_CHECK(a.rc == TT_OK && a.first_len == rlen && memcmp(a.first, ref, rlen) == 0);
    }

    /* the host parser (Python json rules) */
    hrc = tt_jv_parse((const char *)doc, len, &v, err, sizeof err);
    if (a.rc == TT_OK) {
        FUZZ_CHECK(hrc == TT_OK && v != NULL);
        if (tmpl != 2 && memchr(doc + pl, '"', plen) == NULL) { /* the template's shape */
            size_t hn;
            const char *hs = host_first(v, tmpl, &hn);
            FUZZ_CHECK(hn == a.first_len && memcmp(hs, a.first, hn) == 0);
        }
    } else if (hrc == TT_OK) {
        FUZZ_CHECK(!host_ok_for_core(v, 0));
    } else {
        FUZZ_CHECK(v == NULL && memchr(err, '\0', sizeof err) != NULL);
    }
    tt_jv_free(v);
    free(room);
    free(ref);
    free(f2);
    free(f1);
    free(doc);
    return 0;
}

#include "fuzz_standalone.h"
