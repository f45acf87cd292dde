/*
 * tt_base.h - small types shared by every tinyturk module.
 */
#ifndef TT_BASE_H
#define TT_BASE_H

#include <stddef.h>
#include <stdint.h>

#include "tt_config.h"
#include "tt_error.h"

/*
 * A borrowed byte string: `ptr` points at `len` bytes owned by someone else
 * (the caller, an arena, or a response buffer); it is NOT NUL-terminated
 * unless a function says so.  Each API that returns a tt_str states how long
 * the bytes stay valid.
 */
typedef struct tt_str {
    const char *ptr;
    size_t len;
} tt_str;

/* One HTTP header: a name/value pair of borrowed strings (used by the
 * request writer and the SigV4 signer). */
typedef struct tt_http_header {
    tt_str name;
    tt_str value;
} tt_http_header;

/*
 * Argument check of a module-level function (TT_ARG_CHECKS, tt_config.h):
 * return `code` from the calling function when `cond` (what a correct
 * caller guarantees: a required pointer is not NULL, the object was
 * initialised) is false - compiled out when TT_ARG_CHECKS is 0, so `cond`
 * must have no side effects.  The public entry points of tinyturk.h do not
 * use it: they always check.  A void function writes
 * `if (TT_ARG_CHECKS && !(cond)) return;`.
 */
#define TT_ARG_CHECK(cond, code)                                                                   \
    do {                                                                                           \
        if (TT_ARG_CHECKS && !(cond))                                                              \
            return (code);                                                                         \
    } while (0)

/* A tt_str over a NUL-terminated literal or C string (NULL gives {NULL,0}). */
tt_str tt_str_c(const char *s);

/* 1 when the n bytes at a and b are equal (either may be unaligned). */
int tt_bytes_eq(const void *a, const void *b, size_t n);

/* Value 0..15 of the hex digit c (either case), or -1. */
int tt_hex_value(int c);

/* Overwrite `len` bytes at `p` with zeros in a way the compiler cannot drop
 * (used for key material). */
void tt_zeroize(void *p, size_t len);

#endif /* TT_BASE_H */
