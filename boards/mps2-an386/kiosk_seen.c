/*
 * kiosk_seen.c - fixed-size set of AssignmentId digests (see kiosk_seen.h).
 */
#include <string.h>

#include "kiosk_seen.h"

#if (KIOSK_SEEN_SETS & (KIOSK_SEEN_SETS - 1u)) != 0
#error "KIOSK_SEEN_SETS must be a power of two"
#endif

void kiosk_seen_init(kiosk_seen *s)
{
    memset(s, 0, sizeof *s);
}

int kiosk_seen_check(kiosk_seen *s, const char *id, size_t len, uint32_t poll)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 */
    uint32_t lo, hi, w, victim = 0;
    kiosk_seen_entry *set;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (uint8_t)id[i];
        h *= 0x100000001b3u;
    }
    lo = (uint32_t)h;
    hi = (uint32_t)(h >> 32);
    if (lo == 0 && hi == 0)
        lo = 1; /* 0/0 marks an empty slot */
    set = s->e[(lo ^ hi) & (KIOSK_SEEN_SETS - 1u)];
    for (w = 0; w < KIOSK_SEEN_WAYS; w++) {
        if (set[w].lo == lo && set[w].hi == hi) {
            set[w].last_poll = poll;
            return 0;
        }
        if (set[w].lo == 0 && set[w].hi == 0) {
            set[w].lo = lo;
            set[w].hi = hi;
            set[w].last_poll = poll;
            s->entries++;
            return 1;
        }
        if (set[w].last_poll < set[victim].last_poll)
            victim = w;
    }
    /* Set full: replace the entry listed longest ago. */
    s->evictions++;
    if (set[victim].last_poll == poll)
        s->live_evictions++;
    set[victim].lo = lo;
    set[victim].hi = hi;
    set[victim].last_poll = poll;
    return 1;
}
