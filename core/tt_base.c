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
