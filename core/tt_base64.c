/* tt_base64.c - see tt_base64.h. */
#include "tt_base64.h"

static const char tt_b64_alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Value of one alphabet character, or -1 (computed, so no 256-byte table). */
static int tt_b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static void tt_b64_emit(tt_base64_stream *st, char c)
{
    if (st->out != NULL && st->len < st->cap)
        st->out[st->len] = c;
    st->len++;
}

static void tt_b64_group(tt_base64_stream *st, const unsigned char *g, unsigned n)
{
    uint32_t v = (uint32_t)g[0] << 16;
    if (n > 1)
        v |= (uint32_t)g[1] << 8;
    if (n > 2)
        v |= g[2];
    tt_b64_emit(st, tt_b64_alphabet[(v >> 18) & 63u]);
    tt_b64_emit(st, tt_b64_alphabet[(v >> 12) & 63u]);
    tt_b64_emit(st, (char)(n > 1 ? tt_b64_alphabet[(v >> 6) & 63u] : '='));
    tt_b64_emit(st, (char)(n > 2 ? tt_b64_alphabet[v & 63u] : '='));
}

void tt_base64_stream_init(tt_base64_stream *st, char *out, size_t cap)
{
    st->out = out;
    st->cap = out ? cap : 0;
    st->len = 0;
    st->nacc = 0;
}

void tt_base64_stream_put(tt_base64_stream *st, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        st->acc[st->nacc++] = b[i];
        if (st->nacc == 3) {
            tt_b64_group(st, st->acc, 3);
            st->nacc = 0;
        }
    }
}

int tt_base64_stream_finish(tt_base64_stream *st, size_t *len)
{
    if (st->nacc) {
        tt_b64_group(st, st->acc, st->nacc);
        st->nacc = 0;
    }
    if (len)
        *len = st->len;
    if (st->out == NULL || st->len >= st->cap)
        return TT_ERR_BUFFER_TOO_SMALL;
    st->out[st->len] = '\0';
    return TT_OK;
}

int tt_base64_encode(const void *in, size_t n, char *out, size_t cap, size_t *len)
{
    tt_base64_stream st;
    if ((in == NULL && n > 0) || len == NULL)
        return TT_ERR_INVALID_ARG;
    if (n > ((size_t)-1 / 4u) * 3u - 3u)
        return TT_ERR_INVALID_ARG; /* the length would not fit a size_t */
    *len = TT_BASE64_ENCODED_LEN(n);
    if (out == NULL || cap < *len + 1)
        return TT_ERR_BUFFER_TOO_SMALL;
    tt_base64_stream_init(&st, out, cap);
    tt_base64_stream_put(&st, in, n);
    return tt_base64_stream_finish(&st, len);
}

int tt_base64_decode(const char *in, size_t n, unsigned char *out, size_t cap, size_t *len,
                     size_t *err_offset)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i, pad = 0, need, o = 0;
    uint32_t v = 0;

    if ((in == NULL && n > 0) || len == NULL)
        return TT_ERR_INVALID_ARG;
    if (n % 4u)
        return TT_ERR_BASE64_BAD_LENGTH;
    /* Pass 1: classify every character so the error order is fixed. */
    for (i = 0; i < n; i++) {
        if (s[i] != '=' && tt_b64_value(s[i]) < 0) {
            if (err_offset)
                *err_offset = i;
            return TT_ERR_BASE64_BAD_CHAR;
        }
    }
    for (i = 0; i < n; i++) {
        if (s[i] == '=') {
            /* legal only as the last char, or the last two */
            if (!(i == n - 1 || (i == n - 2 && s[n - 1] == '='))) {
                if (err_offset)
                    *err_offset = i;
                return TT_ERR_BASE64_BAD_PADDING;
            }
            pad++;
        }
    }
    if (n > 0) {
        /* unused bits: with "==" the 2nd char's low 4 bits, with "=" the 3rd's low 2 */
        if (pad == 2 && (tt_b64_value(s[n - 3]) & 0x0F) != 0) {
            if (err_offset)
                *err_offset = n - 3;
            return TT_ERR_BASE64_NONCANONICAL;
        }
        if (pad == 1 && (tt_b64_value(s[n - 2]) & 0x03) != 0) {
            if (err_offset)
                *err_offset = n - 2;
            return TT_ERR_BASE64_NONCANONICAL;
        }
    }
    need = n / 4u * 3u - pad;
    *len = need;
    if (need > 0 && (out == NULL || cap < need))
        return TT_ERR_BUFFER_TOO_SMALL;
    for (i = 0; i + 4 <= n; i += 4) {
        unsigned k, data = 4;
        v = 0;
        for (k = 0; k < 4; k++) {
            int d = s[i + k] == '=' ? 0 : tt_b64_value(s[i + k]);
            if (s[i + k] == '=')
                data--;
            v = (v << 6) | (uint32_t)d;
        }
        out[o++] = (unsigned char)(v >> 16);
        if (data > 2)
            out[o++] = (unsigned char)(v >> 8);
        if (data > 3)
            out[o++] = (unsigned char)v;
    }
    return TT_OK;
}

int tt_base64_decode_py(const char *in, size_t n, unsigned char *out, size_t cap, size_t *len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i, o = 0;
    unsigned quad = 0, pads = 0;
    uint32_t left = 0;
    int overflow = 0;

    if ((in == NULL && n > 0) || len == NULL)
        return TT_ERR_INVALID_ARG;
    for (i = 0; i < n; i++) {
        int d;
        if (s[i] == '=') {
            /* a pad only counts once two data chars of the quartet are in */
            if (quad >= 2 && quad + ++pads >= 4) {
                quad = 0; /* quartet complete: stop, ignore the rest */
                break;
            }
            continue;
        }
        d = tt_b64_value(s[i]);
        if (d < 0)
            continue; /* junk is skipped, as with validate=False */
        pads = 0;
        if (quad == 0) {
            left = (uint32_t)d;
        } else {
            /* each char after the first completes one output byte */
            unsigned shift = 8u - 2u * quad; /* bits of `left` still pending: 6,4,2 */
            unsigned char byte = (unsigned char)((left << (8u - shift)) | ((uint32_t)d >> (6u - (8u - shift))));
            if (out != NULL && o < cap)
                out[o] = byte;
            else
                overflow = 1;
            o++;
            left = (uint32_t)d & ((1u << (6u - (8u - shift))) - 1u);
        }
        quad = (quad + 1u) & 3u;
    }
    *len = o;
    if (quad == 1)
        return TT_ERR_BASE64_BAD_LENGTH;
    if (quad != 0)
        return TT_ERR_BASE64_BAD_PADDING;
    return overflow ? TT_ERR_BUFFER_TOO_SMALL : TT_OK;
}
