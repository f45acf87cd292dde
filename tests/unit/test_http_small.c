/*
 * test_http_small.c - every check of test_http.c against the device build of
 * tt_http (TT_PROFILE_SMALL: 32-bit body lengths, TT_HTTP_LEN64 = 0, no
 * argument checks, TT_ARG_CHECKS = 0, the Cortex-M code layout), compiled
 * here from core/tt_http.c so that the host tests what a device runs.
 * Limits that differ are chosen in test_http.c (MAX_DEC, OVER_HEX, ...);
 * the argument checks only the host makes are under #if TT_ARG_CHECKS.
 */
#define TT_PROFILE_SMALL 1

#include "../../core/tt_http.c" /* NOLINT(bugprone-suspicious-include): the device build under test */

#if TT_HTTP_LEN64
#error "test_http_small.c must build the 32-bit length parser"
#endif
#if TT_ARG_CHECKS
#error "the device profile leaves argument checks to the caller (TT_ARG_CHECKS 0)"
#endif

#include "test_http.c" /* NOLINT(bugprone-suspicious-include): the same checks */
