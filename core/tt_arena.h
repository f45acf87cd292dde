/*
 * tt_arena.h - bump allocation over a caller-supplied buffer.
 *
 * The arena is the only memory the core uses.  The caller owns the buffer
 * and the tt_arena struct; both must outlive every pointer handed out.
 * Allocation bumps an offset; tt_arena_mark()/tt_arena_rollback() release
 * everything allocated after a mark (a page's scratch, for instance) in O(1).
 *
 * When a request does not fit, the allocation fails with TT_ERR_ARENA_FULL
 * and `needed` records the buffer size that would have made it fit, so the
 * caller can report "arena too small: need N bytes" and retry with N.
 * `needed` is sticky: it keeps the largest such size until tt_arena_init().
 */
#ifndef TT_ARENA_H
#define TT_ARENA_H

#include "tt_base.h"

/* An arena: plain data owned by the caller (see above); set up by
 * tt_arena_init(), then read `high_water` / `needed` freely. */
typedef struct tt_arena {
    unsigned char *base; /* caller's buffer (borrowed) */
    size_t cap;          /* its size in bytes */
    size_t used;         /* bytes handed out, including alignment padding */
    size_t high_water;   /* largest `used` ever seen */
    size_t needed;       /* 0, or the cap a failed request needed */
} tt_arena;

/* An arena offset returned by tt_arena_mark(). */
typedef size_t tt_arena_mark_t;

/*
 * Start an arena over buf[0..cap).  `buf` may be NULL only when cap is 0
 * (every allocation then fails and reports what it needed, which is how a
 * caller can size an arena by dry run).
 */
void tt_arena_init(tt_arena *a, void *buf, size_t cap);

/*
 * Allocate `size` bytes aligned to `align` (a power of two, 1..64; 0 means
 * the platform's strictest scalar alignment).  On success *out points at
 * uninitialised memory valid until rollback past it or re-init.  On failure
 * *out is NULL, returns TT_ERR_ARENA_FULL and a->needed is raised to the
 * required capacity (or TT_ERR_INVALID_ARG for a bad alignment: checked
 * only with TT_ARG_CHECKS).  `a` and `out` must not be NULL.
 */
int tt_arena_alloc(tt_arena *a, size_t size, size_t align, void **out);

/* As tt_arena_alloc() but zero-filled. */
int tt_arena_calloc(tt_arena *a, size_t size, size_t align, void **out);

/* Copy s[0..len) (borrowed for the call; may be NULL when len is 0) into the
 * arena, adding a NUL terminator: *out is a C string valid like memory from
 * tt_arena_alloc().  Errors: TT_ERR_ARENA_FULL (as tt_arena_alloc),
 * TT_ERR_INVALID_ARG (s NULL with len > 0, or len == SIZE_MAX: checked only
 * with TT_ARG_CHECKS). */
int tt_arena_strdup(tt_arena *a, const char *s, size_t len, char **out);

/* Current offset; pass to tt_arena_rollback() to free what comes after.
 * (Inline: the engine marks and rolls back on every attempt and page.) */
static inline tt_arena_mark_t tt_arena_mark(const tt_arena *a)
{
    return a->used;
}

/* Release every allocation made after `mark` (marks later than `used` are ignored). */
static inline void tt_arena_rollback(tt_arena *a, tt_arena_mark_t mark)
{
    if (mark <= a->used)
        a->used = mark;
}

/* Bytes still free (ignoring alignment of the next request). */
size_t tt_arena_remaining(const tt_arena *a);

/* Default alignment used when align == 0. */
#define TT_ARENA_ALIGN_MAX 8u

#endif /* TT_ARENA_H */
