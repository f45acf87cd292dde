/*
 * fuzz_json_num.c - libFuzzer target for the exact JSON number accumulator
 * (tt_json_num_*, core/tt_json.c), which turns the page's timestamps
 * (seconds with a fraction) into milliseconds and NumResults into an
 * integer, and for the host parser's numbers (boards/linux/tt_jv.c).
 *
 * Input: byte 0 picks the decimal shift (-25..25; 3 is what timestamps
 * use); byte 1's low 4 bits give K, the count of slice bytes that follow
 * (slice byte b = (b % 32) + 1 bytes to tt_json_num_push_run, in turn,
 * cycling; K = 0: one byte at a time); the rest is the number text, kept
 * only when it is one valid JSON number (the scanner validates before the
 * accumulator sees text).
 *
 * Checks: tt_json_num_push byte by byte and tt_json_num_push_run in the
 * input's slices give the same floor(value x 10^shift), inexact flag and
 * verdict; these equal an exact reference computed here on the decimal
 * digit string (no floating point): TT_OK with the floor when it fits
 * int64_t, TT_ERR_JSON_BAD_NUMBER otherwise; the host parser gives an INT
 * exactly when the text has no fraction or exponent, with the same value
 * when it fits int64, and a FLOAT equal to strtod's otherwise.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

#define MAX_TEXT 512

/* JSON number grammar; fills the parts.  1 when valid. */
typedef struct {
    int neg, exp_neg;
    const unsigned char *ip, *fp, *ep;
    size_t il, fl, el;
} numparts;

static int parse_parts(const unsigned char *s, size_t n, numparts *np)
{
    size_t i = 0;
    memset(np, 0, sizeof *np);
    if (i < n && s[i] == '-')
        np->neg = 1, i++;
    np->ip = s + i;
    if (i < n && s[i] == '0') {
        i++;
    } else {
        if (i >= n || s[i] < '1' || s[i] > '9')
            return 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    np->il = (size_t)(s + i - np->ip);
    if (i < n && s[i] == '.') {
        i++;
        np->fp = s + i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        np->fl = (size_t)(s + i - np->fp);
        if (np->fl == 0)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            np->exp_neg = s[i] == '-', i++;
        np->ep = s + i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        np->el = (size_t)(s + i - np->ep);
        if (np->el == 0)
            return 0;
    }
    return i == n;
}

/* Exact floor(value x 10^shift).  Returns TT_OK or TT_ERR_JSON_BAD_NUMBER. */
static int ref_floor(const numparts *np, int shift, int64_t *out, int *inexact)
{
    static char digits[2 * MAX_TEXT];
    size_t nd = 0, i, lead;
    int64_t e = 0, ip_len;
    uint64_t mag = 0;
    int frac = 0;

    *out = 0;
    *inexact = 0;
    for (i = 0; i < np->il; i++)
        digits[nd++] = (char)np->ip[i];
    for (i = 0; i < np->fl; i++)
        digits[nd++] = (char)np->fp[i];
    for (lead = 0; lead < nd && digits[lead] == '0'; lead++)
        ;
    if (lead == nd)
        return TT_OK; /* zero (or -0): 0, exact, whatever the exponent */
    /* exponent, saturated far beyond anything that could fit */
    for (i = 0; i < np->el; i++) {
        e = e * 10 + (np->ep[i] - '0');
        if (e > 100000000)
            e = 100000000;
    }
    if (np->exp_neg)
        e = -e;
    /* value = digits[0..nd) x 10^(e - fl); integer part = first nd + e - fl + shift */
    ip_len = (int64_t)nd + e - (int64_t)np->fl + shift;
    for (i = lead; i < nd; i++) {
        int64_t pos = (int64_t)i; /* digit i is in the integer part if pos < ip_len */
        unsigned d = (unsigned)(digits[i] - '0');
        if (pos < ip_len) {
            if (mag > (UINT64_MAX - d) / 10u)
                return TT_ERR_JSON_BAD_NUMBER;
            mag = mag * 10u + d;
        } else if (d != 0) {
            frac = 1;
        }
    }
    /* trailing zeros of a positive exponent */
    if (ip_len > (int64_t)nd) {
        int64_t z;
        for (z = 0; z < ip_len - (int64_t)nd; z++) {
            if (mag > UINT64_MAX / 10u)
                return TT_ERR_JSON_BAD_NUMBER;
            mag *= 10u;
        }
    }
    if (!np->neg) {
        if (mag > (uint64_t)INT64_MAX)
            return TT_ERR_JSON_BAD_NUMBER;
        *out = (int64_t)mag;
    } else {
        uint64_t lim = (uint64_t)INT64_MAX + 1u - (frac ? 1u : 0u);
        if (mag > lim)
            return TT_ERR_JSON_BAD_NUMBER;
        *out = mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag;
        if (frac)
            *out -= 1;
    }
    *inexact = frac;
    return TT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t slices[16];
    static char text0[MAX_TEXT + 1];
    unsigned char *text;
    size_t k, hdr, n, i, slice = 0;
    tt_json_num a, b;
    numparts np;
    int shift, rca, rcb, rcr, ia = 0, ib = 0, ir = 0;
    int64_t va = 0, vb = 0, vr = 0;

    if (size < 2)
        return 0;
    shift = (int)(data[0] % 51u) - 25;
    k = data[1] & 15u;
    hdr = 2 + k;
    if (size < hdr || size - hdr > MAX_TEXT)
        return 0;
    memcpy(slices, data + 2, k);
    n = size - hdr;
    text = (unsigned char *)malloc(n ? n : 1); /* exact: ASan sees over-reads */
    FUZZ_CHECK(text != NULL);
    memcpy(text, data + hdr, n);
    if (!parse_parts(text, n, &np)) {
        free(text);
        return 0;
    }

    tt_json_num_init(&a);
    for (i = 0; i < n; i++)
        tt_json_num_push(&a, text[i]);
    tt_json_num_init(&b);
    for (i = 0; i < n;) {
        size_t c = k ? (size_t)(slices[slice++ % k] % 32u) + 1u : 1u;
        if (c > n - i)
            c = n - i;
        tt_json_num_push_run(&b, text + i, c);
        i += c;
    }
    rca = tt_json_num_floor(&a, shift, &va, &ia);
    rcb = tt_json_num_floor(&b, shift, &vb, &ib);
    rcr = ref_floor(&np, shift, &vr, &ir);
    FUZZ_CHECK(rca == rcb && rca == rcr);
    if (rca == TT_OK) {
        FUZZ_CHECK(va == vb && va == vr);
        FUZZ_CHECK(ia == ib && ia == ir);
        /* inexact may be NULL */
        FUZZ_CHECK(tt_json_num_floor(&a, shift, &va, NULL) == TT_OK && va == vr);
    }

    /* the host parser */
    {
        tt_jv *v = NULL;
        FUZZ_CHECK(tt_jv_parse((const char *)text, n, &v, NULL, 0) == TT_OK && v != NULL);
        if (np.fl == 0 && np.el == 0) {
            int64_t iv;
            int irc;
            FUZZ_CHECK(tt_jv_type_of(v) == TT_JV_INT);
            irc = ref_floor(&np, 0, &iv, &ir);
            if (irc == TT_OK) {
                char rep[32];
                size_t rl = tt_jv_int_repr(v, rep, sizeof rep);
                FUZZ_CHECK(rl > 0 && rl < sizeof rep);
                rep[rl] = '\0';
                FUZZ_CHECK(strtoll(rep, NULL, 10) == iv);
            }
        } else {
            FUZZ_CHECK(tt_jv_type_of(v) == TT_JV_FLOAT);
            memcpy(text0, text, n);
            text0[n] = '\0';
            {
                double want = strtod(text0, NULL), got = tt_jv_get_double(v);
                FUZZ_CHECK(memcmp(&want, &got, sizeof want) == 0);
            }
        }
        tt_jv_free(v);
    }
    free(text);
    return 0;
}

#include "fuzz_standalone.h"
