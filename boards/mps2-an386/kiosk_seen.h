/*
 * kiosk_seen.h - "was this assignment printed already?" in a fixed amount of
 * memory: a set-associative table of 64-bit AssignmentId digests.
 *
 * Each id is hashed (FNV-1a, 64 bits); the low bits pick one of SETS sets,
 * and the whole digest is compared with the WAYS entries of that set.  Each
 * entry remembers the poll in which it was last listed.  Two different ids
 * are confused only when their 64-bit digests are equal (with 256 entries,
 * about 1 in 10^14): the second would then not be printed.
 *
 * When a set is full, the entry listed longest ago is replaced.  An entry
 * not listed in the current poll belongs to an assignment that left the
 * Submitted list (approved, rejected, returned): forgetting it is harmless.
 * Only when more than WAYS assignments of one set are listed in the same
 * poll is a live entry replaced ("live eviction", counted): that assignment
 * is printed again on a later poll (at-least-once: never lost, possibly
 * repeated).  So with N = SETS x WAYS entries a HIT with up to about N/2
 * Submitted assignments at a time is deduplicated exactly in practice.
 *
 * Pure C, no allocation; the caller owns the storage.
 */
#ifndef KIOSK_SEEN_H
#define KIOSK_SEEN_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk_config.h" /* may set KIOSK_SEEN_SETS / KIOSK_SEEN_WAYS */

#ifndef KIOSK_SEEN_SETS
#define KIOSK_SEEN_SETS 32u /* power of two */
#endif
#ifndef KIOSK_SEEN_WAYS
#define KIOSK_SEEN_WAYS 8u
#endif

typedef struct kiosk_seen_entry {
    uint32_t lo, hi;   /* the digest; lo == hi == 0 = empty slot */
    uint32_t last_poll; /* poll number in which it was last listed */
} kiosk_seen_entry;

typedef struct kiosk_seen {
    kiosk_seen_entry e[KIOSK_SEEN_SETS][KIOSK_SEEN_WAYS];
    uint32_t entries;        /* slots in use */
    uint32_t evictions;      /* entries replaced (any) */
    uint32_t live_evictions; /* ... that had been listed in the current poll */
} kiosk_seen;

void kiosk_seen_init(kiosk_seen *s);

/* Record `id` (id[0..len)) as listed in poll `poll` (poll numbers grow,
 * starting at 1).  Returns 1 if it was not known (print it), 0 if it was. */
int kiosk_seen_check(kiosk_seen *s, const char *id, size_t len, uint32_t poll);

#endif /* KIOSK_SEEN_H */
