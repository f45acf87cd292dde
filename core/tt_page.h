/*
 * tt_page.h - streaming decoder for one ListAssignmentsForHIT response page.
 *
 * The body is never held whole.  Bytes are fed as they arrive (any split,
 * down to one byte per call); the decoder validates the full JSON grammar
 * (RFC 8259, see tt_json.h) and, whenever an element of the top-level
 * `Assignments` array closes, hands that Assignment to the caller's callback
 * as a tt_assignment (tt_assignment.h), then releases its scratch memory.
 * Top-level `NextToken` and `NumResults` are captured in whatever order the
 * keys arrive (NextToken may follow Assignments: read it after
 * tt_page_finish()).
 *
 * Decoding rules (like the AWS CLI, plus strictness the CLI lacks):
 *   - The body must be one valid JSON object (a 200 with a non-JSON body is
 *     an error here, unlike the CLI).  Top level not an object:
 *     TT_ERR_JSON_TYPE.
 *   - Unknown keys are ignored at any depth with any value; JSON null counts
 *     as absent.  Keys are compared after unescaping ("Assignment\u0049d"
 *     is AssignmentId).
 *   - A known member with the wrong JSON type: TT_ERR_JSON_TYPE (checked for
 *     masked members too; their contents are not decoded).  `Assignments`
 *     must be an array (or null); its elements objects (null elements are
 *     ignored: not delivered, not counted).
 *   - Duplicate keys: the last one wins (Python dict), for top-level
 *     NextToken / NumResults and for members inside an Assignment (a later
 *     null makes the member absent).  A second `Assignments` array after one
 *     was already streamed cannot be "un-delivered": TT_ERR_JSON_DUPLICATE_KEY.
 *   - Timestamps: a JSON number of epoch seconds in any form (1700000000,
 *     1700000000.123, 1.7000000005E9, 17E8, negative); ms = floor(exact
 *     value x 1000) without floating point; TT_ERR_JSON_BAD_NUMBER when that
 *     does not fit int64.  `raw` keeps the number text.
 *   - NumResults: a number with an integral value fitting int64 (1, 1.0 and
 *     1E2 accepted), else TT_ERR_JSON_BAD_NUMBER.  Without TT_CLI_PAGING
 *     (tt_config.h: the kiosk, which never reports it) it is only
 *     type-checked, as a masked member: any JSON number or null is
 *     accepted, another type is TT_ERR_JSON_TYPE, and
 *     tt_page_has_num_results() is always 0.
 *   - NextToken: a string, unescaped, at most TT_MAX_NEXT_TOKEN bytes
 *     (TT_ERR_JSON_TOKEN_TOO_LONG); "" and null mean "no more pages".
 *
 * Memory (nothing hidden, no allocator):
 *   - the tt_page_decoder struct itself: a constant, TT_MAX_NEXT_TOKEN +
 *     about 320 bytes on 32-bit targets, + 450 on 64-bit hosts (1336 / 1464
 *     bytes with the defaults; the NextToken is stored in it);
 *   - scratch arena, per Assignment being decoded: the decoded bytes of its
 *     present, unmasked string members plus the number text of its present,
 *     unmasked timestamps (a duplicated key counts each time).  No alignment
 *     padding, no token array.  Masked members, unknown members, skipped
 *     Assignments and everything outside Assignments take no scratch at all.
 *     Unescaping never grows text, so this is at most the JSON size of the
 *     Assignment.  While tt_page_feed() runs it may also write in the
 *     arena's free space (it decodes in place, then allocates what it
 *     keeps).  The arena is rolled back after every Assignment, so the
 *     page needs  (arena used at init) + max over its Assignments,
 *     independent of how many Assignments the page holds.
 *   - When an Assignment does not fit, the decoder keeps scanning to the end
 *     of that Assignment while only counting, then fails with
 *     TT_ERR_ARENA_FULL and scratch->needed = the exact arena capacity that
 *     Assignment needed (feeding the same body into an arena of that
 *     capacity succeeds for that Assignment).
 *
 * Cost: one pass over the bytes; runs of string bytes (plain text a word
 * at a time, 16 bytes with SSE2; escapes and UTF-8 sequences whole), of
 * number text, of separators, and whole plain keys (matched to a member
 * by one table look-up) skip the per-byte state machine, and values are
 * decoded straight into their destination.  With TT_JSON_FAST 0 (the -Os
 * default, tt_json.h: firmware) every byte takes the byte path, for less
 * code (about 120 instead of 50 instructions per byte; TT_PAGE_STR_RUNS in
 * tt_config.h brings back runs of plain string bytes).  (x86-64 host,
 * bench/bench_page: a page as the emulator's
 * bench data set serves it, escape- and non-ASCII-heavy, ~700 MB/s in
 * 16 KiB pieces, ~650 MB/s in 512-byte ones; ~50 MB/s fed one byte at a
 * time.)  Stack
 * about 330 bytes on Cortex-M4 plus the callback's own.  jsmn is not used:
 * the validating scanner (tt_json.h) already knows each key before its
 * value arrives, so values are decoded straight into scratch instead of
 * cutting the object out and tokenizing it a second time (which would also
 * need a token array in the arena).
 *
 * Not thread-safe; one decoder per response.
 */
#ifndef TT_PAGE_H
#define TT_PAGE_H

#include "tt_arena.h"
#include "tt_assignment.h"
#include "tt_json.h"

/*
 * Called once per delivered Assignment, in page order.
 *   ctx:   the pointer given to tt_page_init().
 *   a:     the decoded view; `a` and every string/raw in it point into the
 *          decoder and its scratch arena and are valid ONLY until the
 *          callback returns (copy what you keep).
 *   index: 0-based position of this Assignment in the page's Assignments
 *          array (skipped ones included, null elements not counted).
 * Return 0 to continue.  A negative value stops decoding and becomes the
 * sticky result of tt_page_feed()/tt_page_finish(); a positive value stops
 * with TT_ERR_CALLBACK_ABORT.  The callback may allocate temporaries from
 * the scratch arena; they are released when it returns.  It must not call
 * tt_page_feed() on the same decoder.
 */
typedef int (*tt_page_assignment_cb)(void *ctx, const tt_assignment *a, size_t index);

/* One page's decoder: caller-allocated (sizeof: about TT_MAX_NEXT_TOKEN +
 * 0.4 KB), set up by tt_page_init(); its members are private. */
typedef struct tt_page_decoder {
    /* --- everything below is private; use the functions ---
     * (order: the flags within 32 bytes of the start and the words within
     * 128, which 16-bit Thumb loads and stores reach; x86's 8-bit
     * displacements reach the same) */
    uint8_t in_asg;     /* inside one Assignment object */
    uint8_t sink;       /* where decoded string bytes go */
    uint8_t val_field;  /* field of the open string/number value */
    uint8_t overflow;   /* current Assignment did not fit the arena */
    uint8_t key_len;    /* captured key bytes; 0xFF: not captured */
    uint8_t key_role;   /* role decided by the last captured key */
    uint8_t key_field;
    uint8_t in_array;   /* inside the top-level Assignments array */
    uint8_t seen_array; /* an Assignments array was already streamed */
    uint8_t has_num_results;
    uint8_t finished;
    uint32_t present;
    tt_json_scanner js;
    tt_arena *arena;
    tt_arena_mark_t mark;   /* arena offset at the current Assignment start */
    size_t need;            /* scratch bytes the current Assignment used */
    uint32_t mask;      /* fields the caller wants */
    uint32_t cur_mask;  /* fields stored for the current Assignment */
    size_t skip;
    size_t index;       /* Assignments completed (skipped + delivered) */
    int err;            /* sticky result */
    size_t next_token_len;
    tt_str *cur;        /* the member of asg whose bytes are being kept */
    tt_page_assignment_cb cb;
    void *ctx;
    tt_json_num num;
    char key[24];       /* captured key (longest known key is 17 bytes) */
    tt_assignment asg;  /* the view being filled: members point into scratch */
    int64_t num_results;
    char next_token[TT_MAX_NEXT_TOKEN];
} tt_page_decoder;

/*
 * Prepare `d` for one response body.
 *   d:          caller-owned, any contents; valid until the caller drops it.
 *   scratch:    arena for per-Assignment scratch, borrowed until
 *               tt_page_finish() returns (or the decoder is abandoned).  The
 *               decoder only allocates after the arena's current mark and
 *               rolls back to it; between feed calls the caller must not
 *               allocate from it (with TT_ARG_CHECKS detected while an
 *               Assignment is being copied: TT_ERR_INVALID_ARG).  May
 *               have cap 0 (a dry run reports the first Assignment's need
 *               in ->needed).
 *   field_mask: TT_FIELD_BIT()s of the members to decode (TT_FIELDS_ALL
 *               for all); other members are validated and skipped, never
 *               copied, and are absent in the view.
 *   skip:       number of leading Assignments to validate but not deliver
 *               (for a retried page; they are not decoded and take no
 *               scratch).
 *   cb, ctx:    callback (may be NULL: validate and count only) and its
 *               context (borrowed, passed through).
 * Returns TT_OK or TT_ERR_INVALID_ARG (d or scratch NULL: checked only with
 * TT_ARG_CHECKS, tt_config.h).
 *
 * The other functions take a `d` set up by tt_page_init(), never NULL (a
 * NULL `d` gives TT_ERR_INVALID_ARG, or 0 / an empty token, only with
 * TT_ARG_CHECKS).
 */
int tt_page_init(tt_page_decoder *d, tt_arena *scratch, uint32_t field_mask, size_t skip,
                 tt_page_assignment_cb cb, void *ctx);

/*
 * Feed the next `len` body bytes (`data` borrowed for the call only; may be
 * NULL when len is 0).  Calls the callback for every Assignment completed
 * by these bytes.  Returns TT_OK or an error, and then keeps returning the
 * same error (sticky): TT_ERR_JSON_* (-500..-599), TT_ERR_ARENA_FULL, a
 * callback's code or TT_ERR_CALLBACK_ABORT; TT_ERR_INVALID_ARG (data NULL
 * with len > 0, a feed after tt_page_finish() returned TT_OK, scratch
 * allocated from between feeds: checked only with TT_ARG_CHECKS).  On error the scratch arena is
 * rolled back to where the current Assignment started.
 */
int tt_page_feed(tt_page_decoder *d, const void *data, size_t len);

/*
 * The body is complete.  Returns the sticky error if any, else
 * TT_ERR_JSON_TRUNCATED when the document is unfinished (empty body
 * included), else TT_OK.  Only after TT_OK are NextToken / NumResults
 * final.
 */
int tt_page_finish(tt_page_decoder *d);

/* Sticky status so far (TT_OK while all is well). */
int tt_page_status(const tt_page_decoder *d);

/*
 * NextToken seen so far (last occurrence wins): bytes inside `d`, valid
 * until `d` is re-initialised or dropped; {NULL, 0} when absent, null or "",
 * and after any error (a failed page has no trustworthy token).
 */
tt_str tt_page_next_token(const tt_page_decoder *d);

/* Whether NumResults was present (non-null), and its value (0 if not, or
 * after an error; always 0 without TT_CLI_PAGING: not decoded). */
int tt_page_has_num_results(const tt_page_decoder *d);
int64_t tt_page_num_results(const tt_page_decoder *d);

/*
 * Assignments of this page consumed so far: skipped ones plus those whose
 * callback returned 0.  After a failure mid-page this is the `skip` to use
 * when the same page is fetched again (exactly-once delivery).  An
 * Assignment whose callback failed is not counted.
 */
size_t tt_page_count(const tt_page_decoder *d);

#endif /* TT_PAGE_H */
