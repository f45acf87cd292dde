#include <string.h>

#include "tt_arena.h"

void tt_arena_init(tt_arena *a, void *buf, size_t cap)
{
    a->base = (unsigned char *)buf;
    a->cap = buf ? cap : 0;
    a->used = 0;
    a->high_water = 0;
    a->needed = 0;
}

int tt_arena_alloc(tt_arena *a, size_t size, size_t align, void **out)
{
    size_t pad, total;

    *out = NULL;
    if (align == 0)
        align = TT_ARENA_ALIGN_MAX;
    TT_ARG_CHECK(align <= 64 && (align & (align - 1)) == 0, TT_ERR_INVALID_ARG);
    /* Align the address, not the offset: the caller's buffer may itself be
     * unaligned.  With no buffer, assume the worst padding. */
    if (a->base)
        pad = (size_t)(-(uintptr_t)(a->base + a->used)) & (align - 1);
    else
        pad = align - 1;
    total = a->used + pad + size; /* (used + pad <= cap + 63: no wrap) */
    if (total < size)
        total = SIZE_MAX; /* wrapped: no arena is big enough */
    if (total > a->cap) {
        if (total > a->needed)
            a->needed = total;
        return TT_ERR_ARENA_FULL;
    }
    *out = a->base + a->used + pad;
    a->used = total;
    if (total > a->high_water)
        a->high_water = total;
    return TT_OK;
}

int tt_arena_calloc(tt_arena *a, size_t size, size_t align, void **out)
{
    int rc = tt_arena_alloc(a, size, align, out);
    if (rc == TT_OK && size)
        memset(*out, 0, size);
    return rc;
}

int tt_arena_strdup(tt_arena *a, const char *s, size_t len, char **out)
{
    void *p;
    int rc;

    *out = NULL;
    TT_ARG_CHECK(len != SIZE_MAX && (s != NULL || len == 0), TT_ERR_INVALID_ARG);
    rc = tt_arena_alloc(a, len + 1, 1, &p);
    if (rc != TT_OK)
        return rc;
    if (len)
        memcpy(p, s, len);
    ((char *)p)[len] = '\0';
    *out = (char *)p;
    return TT_OK;
}

size_t tt_arena_remaining(const tt_arena *a)
{
    return a->cap - a->used;
}
