/*
 * seen_check.c - host checks of the kiosk's dedupe table
 * (boards/mps2-an386/kiosk_seen.c) with 2 sets x 4 ways (kiosk_config.h
 * here): new/known answers, persistence across polls, eviction of entries
 * not listed in the current poll first, live evictions when one poll lists
 * more than fits.  Last line: "N passed, M failed".
 */
#include <stdio.h>
#include <string.h>

#include "kiosk_seen.h"
#include "tt_test.h"

static int check(kiosk_seen *s, const char *id, uint32_t poll)
{
    return kiosk_seen_check(s, id, strlen(id), poll);
}

int main(void)
{
    static kiosk_seen s;
    char id[32];
    int i, fresh;

    kiosk_seen_init(&s);
    TT_CHECK(check(&s, "3AAA", 1) == 1);
    TT_CHECK(check(&s, "3AAA", 1) == 0);
    TT_CHECK(check(&s, "3BBB", 1) == 1);
    TT_CHECK(check(&s, "3AAA", 2) == 0); /* remembered across polls */
    TT_CHECK(check(&s, "3BBB", 2) == 0);
    TT_CHECK_EQ_INT((long long)s.entries, 2);

    /* Fill well past the 8 slots in one poll: every id is new once, and the
     * overflow is counted as live evictions. */
    kiosk_seen_init(&s);
    fresh = 0;
    for (i = 0; i < 12; i++) {
        snprintf(id, sizeof id, "3ID%04d", i);
        fresh += check(&s, id, 1);
    }
    TT_CHECK_EQ_INT(fresh, 12);
    TT_CHECK_EQ_INT((long long)s.entries, 8);
    TT_CHECK_EQ_INT((long long)s.evictions, 4);
    TT_CHECK_EQ_INT((long long)s.live_evictions, 4);

    /* Entries not listed in the current poll are replaced first: ids that
     * keep being listed (poll after poll) are never printed again while the
     * others come and go. */
    kiosk_seen_init(&s);
    for (i = 0; i < 2; i++) {
        snprintf(id, sizeof id, "3KEEP%d", i);
        TT_CHECK(check(&s, id, 1) == 1);
    }
    {
        uint32_t poll;
        int again = 0;
        for (poll = 2; poll < 40; poll++) {
            for (i = 0; i < 2; i++) {
                snprintf(id, sizeof id, "3KEEP%d", i);
                again += check(&s, id, poll);
            }
            snprintf(id, sizeof id, "3GONE%u", (unsigned)poll);
            TT_CHECK(check(&s, id, poll) == 1);
        }
        /* At most 3 ids are listed per poll, fewer than the 4 ways of a
         * set: the stale transients are replaced, never a kept id. */
        TT_CHECK_EQ_INT(again, 0);
        TT_CHECK(s.evictions > 0);
        TT_CHECK_EQ_INT((long long)s.live_evictions, 0);
    }
    return tt_test_summary();
}
