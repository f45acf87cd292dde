#include <string.h>

#include "tt_base.h"

tt_str tt_str_c(const char *s)
{
    tt_str r;
    r.ptr = s;
    r.len = s ? strlen(s) : 0;
    return r;
}

void tt_zeroize(void *p, size_t len)
{
    /* A volatile function pointer keeps the optimiser from proving the
     * buffer dead and removing the store. */
    static void *(*const volatile wipe)(void *, int, size_t) = memset;
    if (p && len)
        wipe(p, 0, len);
}

int tt_bytes_eq(const void *a, const void *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

int tt_hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20; /* 'A'..'F' -> 'a'..'f'; nothing else lands there */
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}
