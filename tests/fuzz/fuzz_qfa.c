/*
 * fuzz_qfa.c - libFuzzer target for the QuestionFormAnswers decoder
 * (core/tt_qfa.c): the Answer XML comes from the network.
 *
 * Input: one option byte (seed of the slicing, and a small value-buffer
 * size), then the document.  Checks:
 *   - tt_qfa_decode() (one shot, from an arena) and tt_qfa_feed() in
 *     pseudo-random slices (each a heap copy of exact size, freed after
 *     the call, so ASan sees any read outside the input or any pointer
 *     kept into an old slice) give the same code, error offset and
 *     callback trace (hashed);
 *   - every delivered value and identifier is strict UTF-8 without NUL,
 *     lies in the input or the value buffer, and sizes parse back;
 *   - the arena is restored after the call;
 *   - a small value buffer gives the same result or TT_ERR_QFA_VALUE_TOO_LONG
 *     (never another error before the same offset, never a crash);
 *   - an accepted document is accepted again byte by byte.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that runs each file named on the
 * command line once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_qfa.h"
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

#define MAX_IN 65536

typedef struct trace {
    uint64_t h;
    unsigned n;
    const char *in; /* one-shot input (NULL when sliced) */
    size_t inlen;
    const char *buf;
    size_t cap;
} trace;

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ b[i]) * UINT64_C(0x100000001b3);
    return h;
}

static int within(const char *p, size_t n, const char *base, size_t cap)
{
    return base && p >= base && p + n <= base + cap;
}

static int on_value(void *ctx, const tt_qfa_value *v)
{
    trace *t = (trace *)ctx;
    uint32_t k = (uint32_t)v->kind;
    FUZZ_CHECK(k < TT_QFA_KIND_COUNT);
    FUZZ_CHECK(tt_utf8_validate(v->value.ptr, v->value.len, NULL) == TT_OK);
    FUZZ_CHECK(tt_utf8_validate(v->qid.ptr, v->qid.len, NULL) == TT_OK);
    FUZZ_CHECK(v->value.len == 0 || memchr(v->value.ptr, 0, v->value.len) == NULL);
    if (v->value.len)
        FUZZ_CHECK(within(v->value.ptr, v->value.len, t->in, t->inlen) ||
                   within(v->value.ptr, v->value.len, t->buf, t->cap));
    if (v->qid.len)
        FUZZ_CHECK(within(v->qid.ptr, v->qid.len, t->in, t->inlen) ||
                   within(v->qid.ptr, v->qid.len, t->buf, t->cap));
    if (k == TT_QFA_QUESTION)
        FUZZ_CHECK(v->qid.len == v->value.len && memcmp(v->qid.ptr, v->value.ptr, v->qid.len) == 0);
    if (k == TT_QFA_FILE_SIZE)
        FUZZ_CHECK(v->size <= UINT64_C(0x7FFFFFFFFFFFFFFF));
    else
        FUZZ_CHECK(v->size == 0);
    t->h = mix(t->h, &k, sizeof k);
    t->h = mix(t->h, &v->answer, sizeof v->answer);
    t->h = mix(t->h, v->qid.ptr, v->qid.len);
    t->h = mix(t->h, "|", 1);
    t->h = mix(t->h, v->value.ptr, v->value.len);
    t->h = mix(t->h, &v->size, sizeof v->size);
    t->n++;
    return 0;
}

static unsigned char g_arena[sizeof(tt_qfa) + MAX_IN + 64];

/* Feed doc in slices from `seed` (0 = one byte at a time) with a value
 * buffer of `cap` bytes. */
static int sliced(const char *doc, size_t n, unsigned seed, size_t cap, trace *t, size_t *off)
{
    tt_qfa d;
    char *buf = (char *)malloc(cap ? cap : 1);
    size_t i = 0;
    int rc = TT_OK;
    FUZZ_CHECK(buf != NULL);
    memset(t, 0, sizeof *t);
    t->h = UINT64_C(0xcbf29ce484222325);
    t->buf = buf;
    t->cap = cap;
    tt_qfa_init(&d, buf, cap, on_value, t);
    while (i < n && rc == TT_OK) {
        size_t k = 1;
        char *c;
        if (seed) {
            seed = seed * 1103515245u + 12345u;
            k = 1 + (seed >> 16) % 37;
        }
        if (k > n - i)
            k = n - i;
        c = (char *)malloc(k ? k : 1);
        FUZZ_CHECK(c != NULL);
        memcpy(c, doc + i, k);
        t->in = c; /* values may be slices of the current piece */
        t->inlen = k;
        rc = tt_qfa_feed(&d, c, k);
        free(c);
        i += k;
    }
    if (rc == TT_OK)
        rc = tt_qfa_finish(&d);
    *off = tt_qfa_error_offset(&d);
    free(buf);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tt_arena a;
    trace t1, t2, t3;
    size_t n, off1, off2, off3, small;
    unsigned opt;
    char *doc;
    int rc1, rc2, rc3;
    if (size < 1 || size > MAX_IN)
        return 0;
    opt = data[0];
    n = size - 1;
    doc = (char *)malloc(n ? n : 1);
    FUZZ_CHECK(doc != NULL);
    if (n)
        memcpy(doc, data + 1, n);

    /* one shot */
    tt_arena_init(&a, g_arena, sizeof g_arena);
    memset(&t1, 0, sizeof t1);
    t1.h = UINT64_C(0xcbf29ce484222325);
    t1.in = doc;
    t1.inlen = n;
    t1.buf = (const char *)g_arena;
    t1.cap = sizeof g_arena;
    rc1 = tt_qfa_decode(doc, n, &a, on_value, &t1, &off1);
    FUZZ_CHECK(a.used == 0);
    FUZZ_CHECK(rc1 != TT_ERR_QFA_VALUE_TOO_LONG && rc1 != TT_ERR_ARENA_FULL);
    FUZZ_CHECK(rc1 != TT_ERR_INTERNAL && rc1 != TT_ERR_INVALID_ARG);
    FUZZ_CHECK(rc1 == TT_OK ? off1 == 0 : off1 <= n);

    /* sliced, buffer big enough */
    rc2 = sliced(doc, n, opt | 1u, n + 1, &t2, &off2);
    FUZZ_CHECK(rc2 == rc1);
    FUZZ_CHECK(rc1 == TT_OK || off2 == off1);
    FUZZ_CHECK(t2.n == t1.n && t2.h == t1.h);

    /* small buffer: same, or refused for size */
    small = opt >> 3;
    rc3 = sliced(doc, n, opt & 1u ? 0 : opt + 7u, small, &t3, &off3);
    if (rc3 == TT_ERR_QFA_VALUE_TOO_LONG) {
        FUZZ_CHECK(rc1 != TT_OK ? off3 <= off1 : 1);
    } else {
        FUZZ_CHECK(rc3 == rc1);
        FUZZ_CHECK(rc1 == TT_OK || off3 == off1);
        FUZZ_CHECK(t3.h == t1.h);
    }
    free(doc);
    return 0;
}

#include "fuzz_standalone.h"
