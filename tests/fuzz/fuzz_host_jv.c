/*
 * fuzz_host_jv.c - libFuzzer target for the host JSON parser tt_jv_parse
 * (boards/linux/tt_jv.c: --cli-input-json files and server bodies).
 *
 * Input byte 0: bit 0 = TT_JV_PARSE_ALLOW_NAN, bit 1 = ensure_ascii,
 * bit 2 = sort_keys, bits 3-4 pick the indent; the rest is the document.
 * Checks: no crash, leak or sanitizer report; errors are one of the
 * documented codes with a NUL-terminated message and *out == NULL; a parsed
 * tree dumps to text that parses again to an equal tree whose dump is the
 * same text (idempotent), and tt_jv_copy gives an equal tree.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_jv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

/* NaN != NaN, so a tree holding one is not equal to its own copy. */
static int has_nan(const tt_jv *v)
{
    size_t i;
    switch (tt_jv_type_of(v)) {
    case TT_JV_FLOAT:
        return isnan(v->u.d);
    case TT_JV_ARRAY:
        for (i = 0; i < tt_jv_array_len(v); i++)
            if (has_nan(tt_jv_array_get(v, i)))
                return 1;
        return 0;
    case TT_JV_OBJECT:
        for (i = 0; i < tt_jv_object_len(v); i++)
            if (has_nan(tt_jv_object_value(v, i)))
                return 1;
        return 0;
    default:
        return 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[128];
    char *doc;
    tt_jv *v = NULL, *v2 = NULL, *c;
    tt_jv_dump_opts o;
    tt_jv_buf b1, b2;
    unsigned flags;
    size_t n;
    int rc;

    if (size < 1 || size > 65536)
        return 0;
    flags = data[0];
    n = size - 1;
    doc = (char *)malloc(n ? n : 1); /* exact size: ASan catches over-reads */
    FUZZ_CHECK(doc != NULL);
    if (n)
        memcpy(doc, data + 1, n);

    memset(err, 'x', sizeof err);
    rc = tt_jv_parse_ex(doc, n, (flags & 1u) ? TT_JV_PARSE_ALLOW_NAN : 0u, &v, err, sizeof err);
    if (rc != TT_OK) {
        FUZZ_CHECK(v == NULL);
        FUZZ_CHECK(rc == TT_ERR_JSON_SYNTAX || rc == TT_ERR_JSON_TOO_DEEP ||
                   rc == TT_ERR_JSON_BAD_ESCAPE || rc == TT_ERR_JSON_BAD_UTF8 ||
                   rc == TT_ERR_JSON_TRUNCATED || rc == TT_JV_ERR_NOMEM);
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
        free(doc);
        return 0;
    }
    FUZZ_CHECK(v != NULL);

    tt_jv_dump_opts_default(&o);
    o.ensure_ascii = (flags & 2u) != 0;
    o.sort_keys = (flags & 4u) != 0;
    o.indent = (int)((flags >> 3) & 3u) - 1; /* -1 (one line), 0, 1, 2 */
    tt_jv_buf_init(&b1);
    tt_jv_buf_init(&b2);
    FUZZ_CHECK(tt_jv_dump_buf(v, &o, &b1) == TT_OK);
    /* our own output must parse (NaN/Infinity need the Python flag) */
    rc = tt_jv_parse_ex(b1.ptr ? b1.ptr : "", b1.len, TT_JV_PARSE_ALLOW_NAN, &v2, err, sizeof err);
    if (rc == TT_ERR_JSON_BAD_UTF8 && !o.ensure_ascii) {
        /* a lone surrogate ("\ud800") is written raw (ED A0 80) without
         * ensure_ascii, as Python would: not UTF-8, so it cannot parse back */
        FUZZ_CHECK(v2 == NULL);
    } else {
        FUZZ_CHECK(rc == TT_OK);
        if (!has_nan(v))
            FUZZ_CHECK(tt_jv_equal(v, v2));
        FUZZ_CHECK(tt_jv_dump_buf(v2, &o, &b2) == TT_OK);
        FUZZ_CHECK(b1.len == b2.len && (b1.len == 0 || memcmp(b1.ptr, b2.ptr, b1.len) == 0));
    }

    c = tt_jv_copy(v);
    FUZZ_CHECK(c != NULL);
    if (!has_nan(v))
        FUZZ_CHECK(tt_jv_equal(v, c));
    tt_jv_free(c);

    tt_jv_buf_free(&b1);
    tt_jv_buf_free(&b2);
    tt_jv_free(v2);
    tt_jv_free(v);
    free(doc);
    return 0;
}

#include "fuzz_standalone.h"
