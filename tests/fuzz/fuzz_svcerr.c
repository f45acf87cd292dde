/*
 * fuzz_svcerr.c - libFuzzer target for tt_svcerr (error bodies come from the
 * network).
 *
 * Input byte 0 seeds the split points; the rest is the body.  It is parsed
 * whole (tt_svcerr_parse), one byte at a time and at pseudo-random split
 * points: all three must give the same code and the same strings.  Every
 * string must be NUL-terminated inside the parser, within its buffer, valid
 * UTF-8, and absent members must be {"", 0}.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_svcerr.h"
#include "tt_svcerr_store.h"
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

static store s1, s2, s3, s4;

static void check_str(const tt_svcerr_parser *p, tt_str s, const char *buf, size_t cap,
                      int has)
{
    FUZZ_CHECK(s.ptr != NULL);
    FUZZ_CHECK(s.ptr[s.len] == '\0');
    if (!has) {
        FUZZ_CHECK(s.len == 0);
        return;
    }
    FUZZ_CHECK(s.ptr >= buf && s.ptr + s.len < buf + cap);
    FUZZ_CHECK(tt_utf8_validate(s.ptr, s.len, NULL) == TT_OK);
    (void)p; /* only used to tie the strings to the parser they came from */
}

static void check_out(const tt_svcerr_parser *p, const store *st, int rc, const tt_svcerr *e)
{
    FUZZ_CHECK(rc == TT_OK || rc == TT_ERR_JSON_SYNTAX);
    check_str(p, e->code, st->code, sizeof st->code, e->has_code);
    check_str(p, e->message, st->message, sizeof st->message, e->has_message);
    check_str(p, e->turk_error_code, st->turk, sizeof st->turk, e->has_turk_error_code);
    FUZZ_CHECK((e->truncated & ~7u) == 0);
    if (rc != TT_OK)
        FUZZ_CHECK(!e->has_code && !e->has_message && !e->has_turk_error_code &&
                   e->truncated == 0);
}

static int same_str(tt_str a, tt_str b)
{
    return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

static void same(int rc1, const tt_svcerr *a, int rc2, const tt_svcerr *b)
{
    FUZZ_CHECK(rc1 == rc2);
    FUZZ_CHECK(a->has_code == b->has_code && a->has_message == b->has_message &&
               a->has_turk_error_code == b->has_turk_error_code);
    FUZZ_CHECK(a->truncated == b->truncated);
    FUZZ_CHECK(same_str(a->code, b->code) && same_str(a->message, b->message) &&
               same_str(a->turk_error_code, b->turk_error_code));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* static: the parsers are ~1 KB each; libFuzzer runs one input at a time */
    static tt_svcerr_parser p1, p2, p3;
    tt_svcerr e1, e2, e3;
    const uint8_t *body;
    uint8_t *copy;
    size_t n, i;
    uint32_t seed;
    int rc1, rc2, rc3;

    if (size < 1)
        return 0;
    seed = data[0] * 2654435761u + 1u;
    n = size - 1;
    copy = (uint8_t *)malloc(n ? n : 1); /* exact size: ASan catches over-reads */
    FUZZ_CHECK(copy != NULL);
    if (n)
        memcpy(copy, data + 1, n);
    body = copy;

    rc1 = tt_svcerr_parse(&p1, &s1, &k_layout, body, n, &e1);
    check_out(&p1, &s1, rc1, &e1);
    FUZZ_CHECK(tt_svcerr_is_retryable(e1.code) ==
               (tt_svcerr_is_throttling(e1.code) || tt_svcerr_is_transient(e1.code)));
    (void)tt_svcerr_is_clock_skew(e1.code, e1.message); /* any answer; must not crash */

    /* tt_svcerr_end (the client's form): the same texts, and the classes */
    {
        static tt_svcerr_parser p4;
        unsigned cls, want = 0;
        memset(&s4, 0x5a, sizeof s4); /* buffers it must set whatever they held */
        tt_svcerr_init(&p4, &s4, &k_layout);
        FUZZ_CHECK(tt_svcerr_feed(&p4, body, n) <= 0);
        FUZZ_CHECK(tt_svcerr_end(&p4, &cls) == rc1);
        if (e1.has_code)
            want = TT_SVCERR_HAS_CODE | (tt_svcerr_is_retryable(e1.code) ? TT_SVCERR_RETRYABLE : 0u) |
                   (tt_svcerr_is_clock_skew(e1.code, e1.message) ? TT_SVCERR_CLOCK_SKEW : 0u);
        FUZZ_CHECK(cls == want);
        FUZZ_CHECK(memcmp(s4.code, e1.code.ptr, e1.code.len + 1) == 0);
        FUZZ_CHECK(memcmp(s4.message, e1.message.ptr, e1.message.len + 1) == 0);
        FUZZ_CHECK(memcmp(s4.turk, e1.turk_error_code.ptr, e1.turk_error_code.len + 1) == 0);
    }

    tt_svcerr_init(&p2, &s2, &k_layout);
    for (i = 0; i < n; i++)
        FUZZ_CHECK(tt_svcerr_feed(&p2, body + i, 1) <= 0);
    FUZZ_CHECK(tt_svcerr_feed(&p2, body, 0) <= 0);
    rc2 = tt_svcerr_finish(&p2, &e2);
    check_out(&p2, &s2, rc2, &e2);
    same(rc1, &e1, rc2, &e2);

    tt_svcerr_init(&p3, &s3, &k_layout);
    for (i = 0; i < n;) {
        size_t k;
        seed = seed * 1103515245u + 12345u;
        k = 1 + (seed >> 16) % 64u;
        if (k > n - i)
            k = n - i;
        FUZZ_CHECK(tt_svcerr_feed(&p3, body + i, k) <= 0);
        i += k;
    }
    rc3 = tt_svcerr_finish(&p3, &e3);
    check_out(&p3, &s3, rc3, &e3);
    same(rc1, &e1, rc3, &e3);
    free(copy);
    return 0;
}

#include "fuzz_standalone.h"
