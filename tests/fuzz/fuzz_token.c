/*
 * fuzz_token.c - libFuzzer target for tt_token_decode (a --starting-token
 * comes straight from the user).
 *
 * The input is the token text.  Checks: no crash or sanitizer report; on
 * TT_OK the NextToken lies inside `scratch` (JSON form) or `text` (legacy
 * form) and is strict UTF-8 for the JSON form; re-encoding a decoded JSON
 * token and decoding that again gives the same token back; a scratch one
 * byte short of TT_TOKEN_SCRATCH_SIZE is refused, never overrun.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that runs each file named on the command
 * line once (replaying a crash without libFuzzer).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_token.h"
#include "tt_utf8.h"

#ifdef TT_FUZZ_STANDALONE
#include <stdio.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

#define MAX_IN 4096

static int inside(const char *p, size_t n, const void *base, size_t cap)
{
    const char *b = (const char *)base;
    return n == 0 || (p >= b && p + n <= b + cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* heap copies of exact size so ASan sees any read past the end */
    char *text;
    unsigned char *scratch;
    size_t cap;
    tt_token t;
    int rc;

    if (size > MAX_IN)
        return 0;
    text = (char *)malloc(size ? size : 1);
    FUZZ_CHECK(text != NULL);
    if (size)
        memcpy(text, data, size);
    cap = TT_TOKEN_SCRATCH_SIZE(size);
    scratch = (unsigned char *)malloc(cap);
    FUZZ_CHECK(scratch != NULL);

    rc = tt_token_decode(text, size, scratch, cap, &t);
    FUZZ_CHECK(rc <= 0);
    if (rc == TT_OK) {
        FUZZ_CHECK(t.has_next_token == 0 || t.has_next_token == 1);
        if (t.has_next_token) {
            FUZZ_CHECK(t.next_token.ptr != NULL || t.next_token.len == 0);
            if (t.legacy)
                FUZZ_CHECK(inside(t.next_token.ptr, t.next_token.len, text, size));
            else
                FUZZ_CHECK(inside(t.next_token.ptr, t.next_token.len, scratch, cap));
        }
        if (!t.legacy) {
            /* round trip: encode, decode again, same contents */
            char enc[3 * MAX_IN + 256];
            size_t elen = 0, need = 0;
            int erc;
            FUZZ_CHECK(!t.has_next_token ||
                       tt_utf8_validate(t.next_token.ptr, t.next_token.len, NULL) == TT_OK);
            FUZZ_CHECK(tt_token_encode(&t, NULL, 0, &need) == TT_ERR_BUFFER_TOO_SMALL);
            erc = tt_token_encode(&t, enc, sizeof enc, &elen);
            if (erc == TT_OK) {
                unsigned char *s2;
                tt_token t2;
                FUZZ_CHECK(elen == need && enc[elen] == '\0');
                s2 = (unsigned char *)malloc(TT_TOKEN_SCRATCH_SIZE(elen));
                FUZZ_CHECK(s2 != NULL);
                FUZZ_CHECK(tt_token_decode(enc, elen, s2, TT_TOKEN_SCRATCH_SIZE(elen), &t2) ==
                           TT_OK);
                FUZZ_CHECK(!t2.legacy);
                FUZZ_CHECK(t2.has_next_token == t.has_next_token);
                if (t.has_next_token)
                    FUZZ_CHECK(t2.next_token.len == t.next_token.len &&
                               memcmp(t2.next_token.ptr, t.next_token.ptr, t.next_token.len) ==
                                   0);
                FUZZ_CHECK(t2.truncate == (t.has_truncate ? t.truncate : 0));
                free(s2);
            } else {
                FUZZ_CHECK(erc == TT_ERR_BUFFER_TOO_SMALL && need >= sizeof enc);
            }
        }
    }

    /* one byte short: refused cleanly (only matters when the decoded
     * bytes could need all of it; any answer but a crash is fine) */
    if (cap > 0) {
        unsigned char *small = (unsigned char *)malloc(cap - 1 ? cap - 1 : 1);
        FUZZ_CHECK(small != NULL);
        rc = tt_token_decode(text, size, small, cap - 1, &t);
        FUZZ_CHECK(rc == TT_ERR_BUFFER_TOO_SMALL);
        free(small);
    }
    free(scratch);
    free(text);
    return 0;
}

#include "fuzz_standalone.h"
