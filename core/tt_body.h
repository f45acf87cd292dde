/*
 * tt_body.h - the ListAssignmentsForHIT request body, byte-identical to what
 * the AWS CLI sends (Python json.dumps defaults):
 *   - separators ", " and ": ", no whitespace elsewhere, no trailing newline;
 *   - strings escaped like json.dumps(ensure_ascii=True): \" \\ \n \r \t \b \f,
 *     other bytes < 0x20 and DEL (0x7F) as \u00XX, every non-ASCII code
 *     point as \uXXXX (lower-case hex; astral ones as a surrogate pair);
 *     '/' is NOT escaped;
 *   - absent members omitted (never null); MaxResults as a decimal integer;
 *     a "set" AssignmentStatuses with no entries encodes as [].
 *
 * Member order.  HITId always comes first.  The CLI orders the rest by how it
 * built its parameter dict, so the caller chooses: params.order lists member
 * ids (TT_BODY_M_*) in the order wanted; a 0 ends the list; present members
 * that the list leaves out follow in model order (NextToken, MaxResults,
 * AssignmentStatuses).  An all-zero order therefore means model order.
 * CLI orders (spec section 2):
 *   plain / --page-size: {HITId, AssignmentStatuses, MaxResults, NextToken}
 *       -> order = {STATUSES, MAX_RESULTS, NEXT_TOKEN}
 *   --starting-token whose token has a NextToken:
 *       {HITId, AssignmentStatuses, NextToken, MaxResults}
 *       -> order = {STATUSES, NEXT_TOKEN, MAX_RESULTS} (kept for later pages)
 *   hidden --next-token/--max-results (model order): all zero.
 *
 * Strings are borrowed for the call only.  Every string must be strict UTF-8
 * (TT_ERR_BODY_BAD_UTF8 otherwise: garbage is never sent).  The encoder does
 * not apply the service's value constraints (patterns, MaxResults 1..100):
 * like the CLI it sends what it is given; only an absent/empty HITId is
 * refused (TT_ERR_BODY_NO_HITID).
 *
 * The engine streams the same bytes through tt_request.h (no buffer;
 * built with TT_BODY_UNICODE 0, the device profile, it takes printable
 * ASCII strings only: tt_config.h); this encoder (always UTF-8) is the
 * library API and the reference tests/unit/test_request.c compares that
 * stream with.
 */
#ifndef TT_BODY_H
#define TT_BODY_H

#include "tt_base.h"

/* Member ids for tt_body_params.order. */
#define TT_BODY_M_NEXT_TOKEN 1u
#define TT_BODY_M_MAX_RESULTS 2u
#define TT_BODY_M_STATUSES 3u

/* What goes into one ListAssignmentsForHIT request body; every string is
 * borrowed for the call. */
typedef struct tt_body_params {
    tt_str hit_id;            /* required, non-empty */
    tt_str next_token;        /* used when has_next_token */
    int has_next_token;       /* 1: send NextToken */
    uint32_t max_results;     /* used when has_max_results */
    int has_max_results;      /* 1: send MaxResults */
    const tt_str *statuses;   /* status_count entries; may be NULL when count is 0 */
    size_t status_count;      /* entries in statuses */
    int has_statuses;         /* 1 with status_count 0 -> "AssignmentStatuses": [] */
    uint8_t order[3];         /* see the header comment; {0,0,0} = model order */
} tt_body_params;

/*
 * Encode the body into out[0..cap) and NUL-terminate it.  *len receives the
 * body length (without the NUL) on success AND on TT_ERR_BUFFER_TOO_SMALL,
 * so a call with out = NULL, cap = 0 is a size query (allocate *len + 1).
 * Errors: TT_ERR_INVALID_ARG (NULL params/len, bad or repeated order id,
 * statuses NULL with a count), TT_ERR_BODY_NO_HITID, TT_ERR_BODY_BAD_UTF8,
 * TT_ERR_BUFFER_TOO_SMALL.  On error out's contents are unspecified.
 */
int tt_body_encode(const tt_body_params *params, char *out, size_t cap, size_t *len);

/* Longest escape of one code point: a surrogate pair "\\ud83d\\ude00". */
#define TT_BODY_ESCAPE_MAX 12u

/*
 * json.dumps(ensure_ascii=True) text of ONE code point (no quotes): writes
 * 1..12 bytes into out and returns the count.  cp must be a Unicode scalar
 * value (not a surrogate, <= 0x10FFFF); other values give 0.
 */
size_t tt_body_escape_cp(uint32_t cp, char out[TT_BODY_ESCAPE_MAX]);

/*
 * The quoted JSON string literal for s[0..n) (strict UTF-8), as json.dumps
 * writes it.  Same buffer/length convention as tt_body_encode.
 * Errors: TT_ERR_INVALID_ARG, TT_ERR_BODY_BAD_UTF8, TT_ERR_BUFFER_TOO_SMALL.
 */
int tt_body_escape_string(const char *s, size_t n, char *out, size_t cap, size_t *len);

#endif /* TT_BODY_H */
