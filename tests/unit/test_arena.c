/* Arena: alignment, rollback, high-water mark and the "needed" report. */
#include <stdint.h>

#include "tt_arena.h"
#include "tt_test.h"

static void test_alloc_and_align(void)
{
    unsigned char buf[256];
    tt_arena a;
    void *p, *q;

    tt_arena_init(&a, buf + 1, sizeof buf - 1); /* deliberately unaligned base */
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 3, 1, &p), TT_OK);
    TT_CHECK(p == buf + 1);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 8, 8, &q), TT_OK);
    TT_CHECK(((uintptr_t)q & 7u) == 0);
    TT_CHECK((unsigned char *)q >= buf + 4);
#if TT_ARG_CHECKS /* (a caller bug: unchecked on devices) */
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 1, 3, &q), TT_ERR_INVALID_ARG);
    TT_CHECK(q == NULL);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 1, 128, &q), TT_ERR_INVALID_ARG);
#endif
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 4, 0, &q), TT_OK); /* default alignment */
    TT_CHECK(((uintptr_t)q & (TT_ARENA_ALIGN_MAX - 1)) == 0);
}

static void test_full_reports_needed(void)
{
    unsigned char buf[64];
    tt_arena a;
    void *p;

    tt_arena_init(&a, buf, sizeof buf);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 40, 1, &p), TT_OK);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 100, 1, &p), TT_ERR_ARENA_FULL);
    TT_CHECK(p == NULL);
    TT_CHECK_EQ_INT(a.needed, 140);
    TT_CHECK_EQ_INT(a.used, 40); /* a failed request takes nothing */
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 30, 1, &p), TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(a.needed, 140); /* sticky maximum */
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 24, 1, &p), TT_OK); /* exact fit */
    TT_CHECK_EQ_INT(tt_arena_remaining(&a), 0);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, SIZE_MAX, 1, &p), TT_ERR_ARENA_FULL);
    TT_CHECK(a.needed == SIZE_MAX);
}

static void test_dry_run_sizing(void)
{
    tt_arena a;
    void *p;

    tt_arena_init(&a, NULL, 1000);
    TT_CHECK_EQ_INT(a.cap, 0);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 10, 1, &p), TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(a.needed, 10);
}

static void test_mark_rollback_high_water(void)
{
    unsigned char buf[128];
    tt_arena a;
    tt_arena_mark_t m;
    void *p, *q;
    char *s;

    tt_arena_init(&a, buf, sizeof buf);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 16, 1, &p), TT_OK);
    m = tt_arena_mark(&a);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 64, 1, &q), TT_OK);
    TT_CHECK_EQ_INT(a.high_water, 80);
    tt_arena_rollback(&a, m);
    TT_CHECK_EQ_INT(a.used, 16);
    TT_CHECK_EQ_INT(a.high_water, 80);
    TT_CHECK_EQ_INT(tt_arena_alloc(&a, 8, 1, &q), TT_OK);
    TT_CHECK(q == buf + 16); /* space is reused after rollback */
    tt_arena_rollback(&a, 1000); /* a mark from the future is ignored */
    TT_CHECK_EQ_INT(a.used, 24);
    TT_CHECK_EQ_INT(tt_arena_strdup(&a, "abcdef", 3, &s), TT_OK);
    TT_CHECK_EQ_STR(s, "abc");
    {
        size_t used = a.used;
#if TT_ARG_CHECKS
        TT_CHECK_EQ_INT(tt_arena_strdup(&a, NULL, 2, &s), TT_ERR_INVALID_ARG);
        TT_CHECK(s == NULL && a.used == used); /* nothing allocated */
#endif
        (void)used;
        TT_CHECK_EQ_INT(tt_arena_strdup(&a, NULL, 0, &s), TT_OK);
        TT_CHECK_EQ_STR(s, "");
    }
    TT_CHECK_EQ_INT(tt_arena_calloc(&a, 5, 1, &p), TT_OK);
    TT_CHECK(((unsigned char *)p)[0] == 0 && ((unsigned char *)p)[4] == 0);
}

int main(void)
{
    test_alloc_and_align();
    test_full_reports_needed();
    test_dry_run_sizing();
    test_mark_rollback_high_water();
    return tt_test_summary();
}
