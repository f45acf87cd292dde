/*
 * fuzz_base64.c - libFuzzer target for the base64 decoders (tt_base64_decode,
 * tt_base64_decode_py: a --starting-token is user text).
 *
 * The input is the text.  Checks: no crash or sanitizer report; the size
 * query (out = NULL) reports the same size as a real decode; a decoder never
 * needs more than TT_BASE64_DECODED_MAX(n); strict decode accepts exactly
 * what tt_base64_encode produces (encode(decode(x)) == x); every strict
 * success is also a Python-rules success with the same bytes; the stream
 * encoder gives the same text as the one-shot encoder for any split.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_base64.h"

#ifdef TT_FUZZ_STANDALONE
#include <stdio.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in;
    unsigned char *out, *out_py;
    size_t cap, len = 0, qlen = 0, plen = 0, pqlen = 0, off = 0;
    int rc, qrc, prc;

    if (size > 8192)
        return 0;
    in = (char *)malloc(size ? size : 1);
    FUZZ_CHECK(in != NULL);
    if (size)
        memcpy(in, data, size);
    cap = TT_BASE64_DECODED_MAX(size);
    out = (unsigned char *)malloc(cap);
    out_py = (unsigned char *)malloc(cap);
    FUZZ_CHECK(out != NULL && out_py != NULL);

    /* strict */
    qrc = tt_base64_decode(in, size, NULL, 0, &qlen, &off);
    rc = tt_base64_decode(in, size, out, cap, &len, &off);
    FUZZ_CHECK(rc <= 0);
    if (rc == TT_OK) {
        char *enc;
        size_t elen = 0;
        FUZZ_CHECK(len <= cap);
        FUZZ_CHECK(qrc == TT_ERR_BUFFER_TOO_SMALL ? qlen == len : (qrc == TT_OK && len == 0));
        enc = (char *)malloc(size + 1);
        FUZZ_CHECK(enc != NULL);
        FUZZ_CHECK(tt_base64_encode(out, len, enc, size + 1, &elen) == TT_OK);
        FUZZ_CHECK(elen == size && memcmp(enc, in, size) == 0 && enc[size] == '\0');
        free(enc);
    } else if (rc == TT_ERR_BASE64_BAD_CHAR || rc == TT_ERR_BASE64_BAD_PADDING ||
               rc == TT_ERR_BASE64_NONCANONICAL) {
        FUZZ_CHECK(off < size);
    } else {
        FUZZ_CHECK(rc == TT_ERR_BASE64_BAD_LENGTH);
    }

    /* Python rules */
    prc = tt_base64_decode_py(in, size, out_py, cap, &plen);
    FUZZ_CHECK(prc == TT_OK || prc == TT_ERR_BASE64_BAD_LENGTH || prc == TT_ERR_BASE64_BAD_PADDING);
    if (prc == TT_OK) {
        int q = tt_base64_decode_py(in, size, NULL, 0, &pqlen);
        FUZZ_CHECK(plen <= cap);
        FUZZ_CHECK(q == TT_ERR_BUFFER_TOO_SMALL ? pqlen == plen : (q == TT_OK && plen == 0));
    }
    if (rc == TT_OK)
        FUZZ_CHECK(prc == TT_OK && plen == len && memcmp(out, out_py, len) == 0);

    /* encoders: one-shot vs stream in pieces */
    {
        size_t ecap = TT_BASE64_ENCODED_LEN(size) + 1, e1 = 0, e2 = 0, i, k;
        char *a = (char *)malloc(ecap), *b = (char *)malloc(ecap);
        tt_base64_stream st;
        FUZZ_CHECK(a != NULL && b != NULL);
        FUZZ_CHECK(tt_base64_encode(in, size, a, ecap, &e1) == TT_OK);
        FUZZ_CHECK(e1 == ecap - 1 && a[e1] == '\0');
        tt_base64_stream_init(&st, b, ecap);
        for (i = 0; i < size; i += k) {
            k = 1u + (size - i > 0 ? (unsigned)in[i] % 7u : 0u);
            if (k > size - i)
                k = size - i;
            tt_base64_stream_put(&st, in + i, k);
        }
        FUZZ_CHECK(tt_base64_stream_finish(&st, &e2) == TT_OK);
        FUZZ_CHECK(e2 == e1 && memcmp(a, b, e1 + 1) == 0);
        /* and the encoding decodes back strictly to the input */
        {
            unsigned char *back = (unsigned char *)malloc(size ? size : 1);
            size_t blen = 0;
            FUZZ_CHECK(back != NULL);
            FUZZ_CHECK(tt_base64_decode(a, e1, back, size, &blen, NULL) == TT_OK);
            FUZZ_CHECK(blen == size && memcmp(back, in, size) == 0);
            free(back);
        }
        free(a);
        free(b);
    }
    free(out_py);
    free(out);
    free(in);
    return 0;
}

#include "fuzz_standalone.h"
