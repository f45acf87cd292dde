/*
 * tt_test.h - the project's minimal unit-test harness (header only).
 *
 *   int main(void) { TT_CHECK(1 + 1 == 2); ...; return tt_test_summary(); }
 *
 * Each check counts as one test.  Failures print file:line and the
 * expression; tt_test_summary() prints the closing line
 * "N passed, M failed" and returns the process exit status.
 */
#ifndef TT_TEST_H
#define TT_TEST_H

#include <stdio.h>
#include <string.h>

static unsigned tt_test_passed, tt_test_failed;

static int tt_test_report(int ok, const char *file, int line, const char *expr)
{
    if (ok) {
        tt_test_passed++;
    } else {
        tt_test_failed++;
        printf("FAIL %s:%d: %s\n", file, line, expr);
    }
    return ok;
}

#define TT_CHECK(cond) tt_test_report(!!(cond), __FILE__, __LINE__, #cond)

#define TT_CHECK_EQ_INT(a, b)                                                          \
    do {                                                                               \
        long long tt_a_ = (long long)(a), tt_b_ = (long long)(b);                     \
        if (!tt_test_report(tt_a_ == tt_b_, __FILE__, __LINE__, #a " == " #b))        \
            printf("     got %lld, want %lld\n", tt_a_, tt_b_);                       \
    } while (0)

#define TT_CHECK_EQ_MEM(a, alen, b, blen)                                              \
    do {                                                                               \
        size_t tt_al_ = (size_t)(alen), tt_bl_ = (size_t)(blen);                      \
        int tt_ok_ = tt_al_ == tt_bl_ && memcmp((a), (b), tt_al_) == 0;                \
        if (!tt_test_report(tt_ok_, __FILE__, __LINE__, #a " == " #b))                 \
            printf("     got  [%.*s]\n     want [%.*s]\n", (int)tt_al_,               \
                   (const char *)(a), (int)tt_bl_, (const char *)(b));                \
    } while (0)

#define TT_CHECK_EQ_STR(a, b) TT_CHECK_EQ_MEM((a), strlen(a), (b), strlen(b))

/* Print the closing line; returns 0 when nothing failed, else 1. */
static int tt_test_summary(void)
{
    printf("%u passed, %u failed\n", tt_test_passed, tt_test_failed);
    return tt_test_failed ? 1 : 0;
}

#endif /* TT_TEST_H */
