/* tt_utf8.c - strict UTF-8 (see tt_utf8.h). */
#include "tt_utf8.h"

unsigned tt_utf8_lead(unsigned char b, unsigned char *lo, unsigned char *hi)
{
    *lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
    *hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
    /* C2..DF: 1, E0..EF: 2, F0..F4: 3 (a nibble per high nibble C..F) */
    return b < 0xC2 || b > 0xF4 ? 0u : 0x3211u >> (b >> 2 & 12u) & 15u;
}

int tt_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo, hi;
    uint32_t v;
    unsigned n = 0, i;

    TT_ARG_CHECK(s != NULL && cp != NULL, TT_ERR_UTF8_INVALID);
    if (len == 0)
        return TT_ERR_UTF8_INVALID;
    v = p[0];
    if (v >= 0x80) {
        n = tt_utf8_lead(p[0], &lo, &hi);
        if (n == 0 || len <= n)
            return TT_ERR_UTF8_INVALID;
        v &= 0x3Fu >> n; /* the lead's payload bits */
        for (i = 1; i <= n; i++) {
            if (p[i] < lo || p[i] > hi)
                return TT_ERR_UTF8_INVALID;
            v = (v << 6) | (uint32_t)(p[i] & 0x3Fu);
            lo = 0x80;
            hi = 0xBF;
        }
    }
    *cp = v;
    return (int)n + 1;
}

int tt_utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    uint32_t cp;

    while (i < len) {
        int n;
        if ((unsigned char)s[i] < 0x80) { /* fast path for ASCII */
            i++;
            continue;
        }
        n = tt_utf8_decode(s + i, len - i, &cp);
        if (n < 0) {
            if (bad_offset)
                *bad_offset = i;
            return TT_ERR_UTF8_INVALID;
        }
        i += (size_t)n;
    }
    return TT_OK;
}

int tt_utf8_encode(uint32_t cp, char out[TT_UTF8_MAX])
{
    int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, i;

    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return TT_ERR_UTF8_BAD_CODEPOINT;
    /* continuation bytes from the end, 6 bits each; the lead marks the length */
    for (i = n - 1; i > 0; i--, cp >>= 6)
        out[i] = (char)(0x80u | (cp & 0x3Fu));
    out[0] = (char)(n == 1 ? cp : (0xFF00u >> n & 0xFFu) | cp);
    return n;
}

void tt_utf8_stream_init(tt_utf8_stream *st)
{
    st->cp = 0;
    st->need = 0;
    st->lo = 0x80;
    st->hi = 0xBF;
    st->failed = 0;
}

int tt_utf8_stream_feed(tt_utf8_stream *st, const char *p, size_t n)
{
    size_t i;

    if (st->failed)
        return TT_ERR_UTF8_INVALID;
    for (i = 0; i < n; i++) {
        unsigned char b = (unsigned char)p[i];
        if (st->need == 0) {
            unsigned char lo, hi;
            unsigned k;
            if (b < 0x80)
                continue;
            k = tt_utf8_lead(b, &lo, &hi);
            st->cp = b & (0x7Fu >> (k + 1));
            if (k == 0) {
                st->failed = 1;
                return TT_ERR_UTF8_INVALID;
            }
            st->need = (uint8_t)k;
            st->lo = lo;
            st->hi = hi;
        } else {
            if (b < st->lo || b > st->hi) {
                st->failed = 1;
                return TT_ERR_UTF8_INVALID;
            }
            st->cp = (st->cp << 6) | (uint32_t)(b & 0x3Fu);
            st->need--;
            st->lo = 0x80;
            st->hi = 0xBF;
        }
    }
    return TT_OK;
}

int tt_utf8_stream_finish(const tt_utf8_stream *st)
{
    return (st->failed || st->need) ? TT_ERR_UTF8_INVALID : TT_OK;
}
