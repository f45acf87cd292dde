/* tt_utf8.c - strict UTF-8 (see tt_utf8.h). */
#include "tt_utf8.h"

/*
 * Classify a lead byte: how many continuation bytes follow and the allowed
 * range of the FIRST continuation byte.  The narrowed ranges are what rule
 * out overlongs (E0, F0), surrogates (ED) and values past U+10FFFF (F4).
 * Returns 0 for a byte that can never start a sequence.
 */
static unsigned tt_utf8_lead(unsigned char b, uint32_t *bits, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        *bits = b & 0x1Fu;
        return 1;
    }
    if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0)
            *lo = 0xA0;
        else if (b == 0xED)
            *hi = 0x9F;
        *bits = b & 0x0Fu;
        return 2;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0)
            *lo = 0x90;
        else if (b == 0xF4)
            *hi = 0x8F;
        *bits = b & 0x07u;
        return 3;
    }
    return 0;
}

int tt_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo, hi;
    uint32_t v = 0;
    unsigned n, i;

    if (s == NULL || len == 0 || cp == NULL)
        return TT_ERR_UTF8_INVALID;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    n = tt_utf8_lead(p[0], &v, &lo, &hi);
    if (n == 0 || len < (size_t)n + 1)
        return TT_ERR_UTF8_INVALID;
    for (i = 1; i <= n; i++) {
        if (p[i] < lo || p[i] > hi)
            return TT_ERR_UTF8_INVALID;
        v = (v << 6) | (uint32_t)(p[i] & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
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
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0u | (cp >> 6));
        out[1] = (char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return TT_ERR_UTF8_BAD_CODEPOINT;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0u | (cp >> 12));
        out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[2] = (char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    if (cp > 0x10FFFF)
        return TT_ERR_UTF8_BAD_CODEPOINT;
    out[0] = (char)(0xF0u | (cp >> 18));
    out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
    out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
    out[3] = (char)(0x80u | (cp & 0x3Fu));
    return 4;
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
            k = tt_utf8_lead(b, &st->cp, &lo, &hi);
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
