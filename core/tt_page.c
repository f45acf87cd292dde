/*
 * tt_page.c - streaming ListAssignmentsForHIT page decoder (see tt_page.h).
 *
 * One pass: the tt_json scanner validates every byte and reports events;
 * this file tracks where in the document they are (root object, the
 * Assignments array, one Assignment's members) and copies only what the
 * caller asked for into scratch.  Decoding in the same pass that validates
 * means no second tokenizer pass over a cut-out object and no token array:
 * scratch holds decoded member bytes and nothing else.
 */
#include <stddef.h>
#include <string.h>

#include "tt_page.h"

/* Role of a value, decided when it starts. */
enum {
    R_SKIP = 0,     /* unknown member or nested deeper: validate only */
    R_ROOT,         /* the document: must be an object */
    R_NEXT_TOKEN,   /* top-level NextToken */
    R_NUM_RESULTS,  /* top-level NumResults */
    R_ASSIGNMENTS,  /* top-level Assignments */
    R_ASSIGNMENT,   /* an element of Assignments */
    R_FIELD,        /* a known Assignment member to decode */
    R_FIELD_CHECK   /* a known member not wanted: type check only */
};

/* Where the bytes of the open string/number go (SINK_KEY: only str_fast's
 * view of a key being captured; d->sink never holds it). */
enum { SINK_NONE = 0, SINK_NEXT_TOKEN, SINK_STR, SINK_TS, SINK_NUM_RESULTS, SINK_KEY };

#if TT_JSON_FAST
static int is_ts_field(unsigned f)
{
    return f >= TT_FIELD_AUTO_APPROVAL_TIME && f <= TT_FIELD_DEADLINE;
}
#endif

/* Whether NumResults is present: small builds keep it as bit
 * TT_KEY_NUM_RESULTS of d->present (above the members' bits); and the
 * slots always decoded there (value_begin()). */
#if TT_JSON_FAST
#define HAS_NUM_RESULTS(d) ((d)->has_num_results)
#else
#if TT_CLI_PAGING
#define CUR_MASK_TOP (TT_FIELD_BIT(TT_KEY_NUM_RESULTS) | TT_FIELD_BIT(TT_KEY_NEXT_TOKEN))
#else /* NumResults: type check only, as a masked member (tt_page.h) */
#define CUR_MASK_TOP TT_FIELD_BIT(TT_KEY_NEXT_TOKEN)
#endif
#define HAS_NUM_RESULTS(d) ((d)->present >> TT_KEY_NUM_RESULTS & 1u)
#endif

int tt_page_init(tt_page_decoder *d, tt_arena *scratch, uint32_t field_mask, size_t skip,
                 tt_page_assignment_cb cb, void *ctx)
{
    TT_ARG_CHECK(d != NULL, TT_ERR_INVALID_ARG);
    memset(d, 0, sizeof *d);
    if (TT_ARG_CHECKS && !scratch) {
        d->err = TT_ERR_INVALID_ARG;
        return TT_ERR_INVALID_ARG;
    }
#if TT_JSON_FAST
    tt_json_init(&d->js);
#endif /* (small builds: the scanner starts all zero, as the memset() left it) */
    d->arena = scratch;
    d->mask = field_mask & TT_FIELDS_ALL;
    d->skip = skip;
    d->cb = cb;
    d->ctx = ctx;
    return TT_OK;
}

/* Where member f goes in a tt_assignment: its tt_str (a timestamp's raw;
 * its ms sits TS_MS_BACK bytes before). */
#define TS_RAW(m) (offsetof(tt_assignment, m) + offsetof(tt_timestamp, raw))
#define TS_MS_BACK (offsetof(tt_timestamp, raw) - offsetof(tt_timestamp, ms))
static const uint8_t member_at[TT_FIELD_COUNT] = {
    offsetof(tt_assignment, assignment_id), offsetof(tt_assignment, worker_id),
    offsetof(tt_assignment, hit_id),        offsetof(tt_assignment, status),
    TS_RAW(auto_approval_time),             TS_RAW(accept_time),
    TS_RAW(submit_time),                    TS_RAW(approval_time),
    TS_RAW(rejection_time),                 TS_RAW(deadline),
    offsetof(tt_assignment, answer),        offsetof(tt_assignment, requester_feedback)};
/* (the offsets fit the table's bytes) */
typedef char tt_page_offsets_fit[sizeof(tt_assignment) <= 256 ? 1 : -1];

/* Member f of the view being filled, emptied: absent (as after a null)
 * until its value is complete; the last occurrence wins.  (A timestamp's
 * ms is left as it is: tt_assignment.h says an absent member is not to be
 * read; its tt_str is still emptied, for readers that print it anyway.) */
static tt_str *member_reset(tt_page_decoder *d, unsigned f)
{
    tt_str *m = (tt_str *)(void *)((char *)&d->asg + member_at[f]);

    d->present &= ~TT_FIELD_BIT(f);
    m->ptr = NULL;
    m->len = 0;
    return m;
}

/* Start keeping the bytes of the value of member m (just emptied by
 * member_reset()): they go to scratch from its current end on
 * (contiguous, see emit()); d->cur->len grows. */
static void member_keep(tt_page_decoder *d, tt_str *m)
{
    /* an empty string in an arena without a buffer still needs a pointer */
    m->ptr = d->arena->base ? (const char *)d->arena->base + d->arena->used : "";
    d->cur = m;
}

/* Append decoded bytes of the current Assignment to scratch.  Once the
 * arena is full only the count goes on, for the exact `needed` report. */
static void emit(tt_page_decoder *d, const void *p, size_t n)
{
    void *q;
#if TT_JSON_FAST
    tt_arena *a = d->arena;

    if (!d->overflow && a->base && n <= a->cap - a->used) {
        /* tt_arena_alloc(a, n, 1) inlined: align 1 never pads (and the
         * first byte of a timestamp stored without a memcpy() call) */
        if (n == 1)
            a->base[a->used] = *(const unsigned char *)p;
        else
            memcpy(a->base + a->used, p, n);
        a->used += n;
        if (a->used > a->high_water)
            a->high_water = a->used;
    } else
#endif
    if (d->overflow || tt_arena_alloc(d->arena, n, 1, &q) != TT_OK)
        d->overflow = 1;
    else
        memcpy(q, p, n);
    d->need += n;
    d->cur->len += n;
}

/* key_len of a key not captured: elsewhere, or longer than any known key */
#define KEY_NONE 0xFFu

static void key_begin(tt_page_decoder *d)
{
    /* keys matter only on the root object and in an Assignment */
    d->key_len = (uint8_t)(d->js.depth == 1u + 2u * d->in_asg ? 0 : KEY_NONE);
}

static void key_append(tt_page_decoder *d, const void *p, size_t n)
{
    if ((size_t)d->key_len + n > sizeof d->key) {
        d->key_len = KEY_NONE; /* (stays so: KEY_NONE > sizeof d->key) */
        return;
    }
    memcpy(d->key + d->key_len, p, n);
    d->key_len = (uint8_t)(d->key_len + n);
}

static int nt_append(tt_page_decoder *d, const void *p, size_t n)
{
    if (n > sizeof d->next_token - d->next_token_len)
        return TT_ERR_JSON_TOKEN_TOO_LONG;
    memcpy(d->next_token + d->next_token_len, p, n);
    d->next_token_len += n;
    return TT_OK;
}

#if TT_JSON_FAST
/* String bytes of a value (not a key). */
static int str_data(tt_page_decoder *d, const void *p, size_t n)
{
    if (d->sink == SINK_STR)
        emit(d, p, n);
    else if (d->sink == SINK_NEXT_TOKEN)
        return nt_append(d, p, n);
    return TT_OK;
}

/* The lengths of the member names (tt_assignment_field_name()), and a
 * 32-slot table from (length + fourth byte) to the one member a key can
 * be: a key is matched with one look-up and one memcmp(), no branch per
 * candidate or per byte. */
static const uint8_t member_len[TT_FIELD_COUNT] = {12, 8, 5, 16, 16, 10, 10, 12, 13, 8, 6, 17};
#define NO_MEMBER 0xFFu
static const uint8_t member_slot[32] = {
    NO_MEMBER, NO_MEMBER, NO_MEMBER, NO_MEMBER, NO_MEMBER, NO_MEMBER, 11,        NO_MEMBER,
    NO_MEMBER, NO_MEMBER, NO_MEMBER, NO_MEMBER, 9,         NO_MEMBER, 2,         5,
    NO_MEMBER, NO_MEMBER, 8,         1,         NO_MEMBER, 0,         NO_MEMBER, 6,
    NO_MEMBER, 3,         NO_MEMBER, NO_MEMBER, NO_MEMBER, 10,        7,         4};

#if TT_JSON_FAST
/* a[0..n) == b[0..n) for 4 <= n <= 24 with two or three overlapping word
 * loads from each (within both), no loop and one branch. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t a0, a1, a2, b0, b1, b2;
    uint32_t x0, x1, y0, y1;

    if (n < 8) {
        memcpy(&x0, a, 4);
        memcpy(&x1, a + n - 4, 4);
        memcpy(&y0, b, 4);
        memcpy(&y1, b + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    memcpy(&a0, a, 8);
    memcpy(&a1, a + n - 8, 8);
    memcpy(&b0, b, 8);
    memcpy(&b1, b + n - 8, 8);
    a2 = b2 = 0;
    if (n > 16) {
        memcpy(&a2, a + 8, 8);
        memcpy(&b2, b + 8, 8);
    }
    return ((a0 ^ b0) | (a1 ^ b1) | (a2 ^ b2)) == 0;
}
#else
#define same_bytes(a, b, n) (memcmp((a), (b), (n)) == 0)
#endif

/* The member the key k[0..n) names, or -1 (every name is >= 5 bytes). */
static int member_of_key(const char *k, size_t n)
{
    unsigned f;

    if (n < 5 || n > 17)
        return -1;
    f = member_slot[(n + (unsigned char)k[3]) & 31u];
    /* the name is member_len[f] bytes long: compare no further */
    if (f == NO_MEMBER || member_len[f] != n ||
        !same_bytes(k, tt_assignment_field_name((tt_assignment_field)f), n))
        return -1;
    return (int)f;
}

/* key_end() of a top-level key (rare: out of line, keeps key_end() small). */
static void root_key_end(tt_page_decoder *d)
{
    /* a top-level key: R_NEXT_TOKEN, R_NUM_RESULTS, R_ASSIGNMENTS */
    int f = tt_json_key_index("NextToken\0NumResults\0Assignments\0", d->key, d->key_len);

    d->key_role = (uint8_t)(f + R_NEXT_TOKEN);
    if (f < 0)
        d->key_role = R_SKIP;
}

/* The key just read is complete; k: its bytes (d->key, or the same bytes
 * in the input) when it was captured. */
static void key_end(tt_page_decoder *d, const char *k)
{
    int f;

    d->key_role = R_SKIP;
    if (d->key_len == KEY_NONE)
        return;
    if (!d->in_asg) {
        root_key_end(d);
        return;
    }
    f = member_of_key(k, d->key_len);
    if (f >= 0) {
        d->key_field = (uint8_t)f;
        d->key_role = (d->cur_mask & TT_FIELD_BIT(f)) ? R_FIELD : R_FIELD_CHECK;
    }
}

/* Which role the value starting now has. */
static int value_role(const tt_page_decoder *d)
{
    if (d->js.vdepth == 0)
        return R_ROOT;
    if (!d->js.vin_obj)
        return (d->in_array && d->js.vdepth == 2) ? R_ASSIGNMENT : R_SKIP;
    return d->key_role; /* R_SKIP unless the key was captured and known */
}

#endif

static void asg_begin(tt_page_decoder *d)
{
    d->in_asg = 1;
    d->mark = d->arena->used; /* tt_arena_mark(), inlined */
    d->need = 0;
    d->overflow = 0;
    d->present &= ~TT_FIELDS_ALL; /* (small builds: NumResults' bit stays) */
    memset(&d->asg, 0, sizeof d->asg); /* every member absent */
    /* skipped Assignments decode nothing */
    d->cur_mask = d->index >= d->skip ? d->mask : 0;
}

/* TT_STATUS_SUBMITTED, _APPROVED, _REJECTED in order, else TT_STATUS_OTHER. */
static tt_assignment_status status_code(tt_str s)
{
#if TT_JSON_FAST
    if (s.len == 9 && tt_bytes_eq(s.ptr, "Submitted", 9))
        return TT_STATUS_SUBMITTED;
    if (s.len == 8 && tt_bytes_eq(s.ptr, "Approved", 8))
        return TT_STATUS_APPROVED;
    if (s.len == 8 && tt_bytes_eq(s.ptr, "Rejected", 8))
        return TT_STATUS_REJECTED;
    return TT_STATUS_OTHER;
#else
    unsigned k = (unsigned)(tt_assignment_key_index(s.ptr, s.len) - TT_KEY_SUBMITTED);

    return (tt_assignment_status)(k < 3u ? k + 1u : 0u);
#endif
}

/* An Assignment closed.  On error in_asg stays set: fail() releases its
 * scratch. */
static int asg_end(tt_page_decoder *d)
{
    tt_assignment *a = &d->asg;
    int rc = TT_OK;

    if (d->overflow) {
        /* allocations are contiguous and unaligned, so this is exact */
        size_t want = d->mark + d->need;
        if (want < d->mark)
            want = SIZE_MAX;
        if (want > d->arena->needed)
            d->arena->needed = want;
        rc = TT_ERR_ARENA_FULL;
    } else if (d->cb && d->index >= d->skip) {
        /* the members were filled in place (absent ones are empty) */
        a->present = d->present & TT_FIELDS_ALL;
        a->status_code = status_code(a->status); /* absent: TT_STATUS_OTHER */
        rc = d->cb(d->ctx, a, d->index);
        if (rc > 0)
            rc = TT_ERR_CALLBACK_ABORT;
    }
    if (rc == TT_OK) {
        d->in_asg = 0;
        tt_arena_rollback(d->arena, d->mark);
        d->index++;
    }
    return rc;
}

#if TT_JSON_FAST
/* A value starts (or, for literals, has just been read whole). */
static int value_begin(tt_page_decoder *d, int ev, unsigned char c)
{
    int role = value_role(d);
    unsigned f = d->key_field;

    switch (role) {
    case R_ROOT:
        return ev == TT_JSON_EV_OBJ_BEGIN ? TT_OK : TT_ERR_JSON_TYPE;
    case R_NEXT_TOKEN:
        if (ev == TT_JSON_EV_STR_BEGIN) {
            d->next_token_len = 0; /* the last occurrence wins */
            d->sink = SINK_NEXT_TOKEN;
            return TT_OK;
        }
        if (ev == TT_JSON_EV_NULL) {
            d->next_token_len = 0;
            return TT_OK;
        }
        return TT_ERR_JSON_TYPE;
    case R_NUM_RESULTS:
#if !TT_CLI_PAGING /* type check only (tt_page.h) */
        return ev == TT_JSON_EV_NUM_BEGIN || ev == TT_JSON_EV_NULL ? TT_OK : TT_ERR_JSON_TYPE;
#else
        if (ev == TT_JSON_EV_NUM_BEGIN) {
            tt_json_num_init(&d->num);
            tt_json_num_push(&d->num, c);
            d->sink = SINK_NUM_RESULTS;
            return TT_OK;
        }
        if (ev == TT_JSON_EV_NULL) {
            d->has_num_results = 0;
            d->num_results = 0;
            return TT_OK;
        }
        return TT_ERR_JSON_TYPE;
#endif
    case R_ASSIGNMENTS:
        if (ev == TT_JSON_EV_ARR_BEGIN) {
            if (d->seen_array)
                return TT_ERR_JSON_DUPLICATE_KEY;
            d->seen_array = 1;
            d->in_array = 1;
            return TT_OK;
        }
        return ev == TT_JSON_EV_NULL ? TT_OK : TT_ERR_JSON_TYPE;
    case R_ASSIGNMENT:
        if (ev == TT_JSON_EV_OBJ_BEGIN) {
            asg_begin(d);
            return TT_OK;
        }
        return ev == TT_JSON_EV_NULL ? TT_OK : TT_ERR_JSON_TYPE;
    case R_FIELD:
    case R_FIELD_CHECK:
        if (ev == TT_JSON_EV_NULL) {
            member_reset(d, f); /* null = absent; last wins */
            return TT_OK;
        }
        if (is_ts_field(f) ? ev != TT_JSON_EV_NUM_BEGIN : ev != TT_JSON_EV_STR_BEGIN)
            return TT_ERR_JSON_TYPE;
        if (role == R_FIELD_CHECK)
            return TT_OK;
        d->val_field = (uint8_t)f;
        member_keep(d, member_reset(d, f));
        if (is_ts_field(f)) {
            tt_json_num_init(&d->num);
            tt_json_num_push(&d->num, c);
            d->sink = SINK_TS;
            emit(d, &c, 1);
        } else {
            d->sink = SINK_STR;
        }
        return TT_OK;
    default:
        return TT_OK;
    }
}

static int num_end(tt_page_decoder *d)
{
    int64_t v;
    int inexact, rc;
    uint8_t sink = d->sink;

    d->sink = SINK_NONE;
    if (sink != SINK_TS && sink != SINK_NUM_RESULTS)
        return TT_OK;
    /* timestamps: floor of milliseconds; NumResults: an integral value */
    rc = tt_json_num_floor(&d->num, sink == SINK_TS ? 3 : 0, &v, &inexact);
    if (rc != TT_OK)
        return rc;
    if (sink == SINK_TS) {
        *(int64_t *)(void *)((char *)d->cur - TS_MS_BACK) = v;
        d->present |= TT_FIELD_BIT(d->val_field);
    } else {
        if (inexact)
            return TT_ERR_JSON_BAD_NUMBER;
        d->num_results = v;
        d->has_num_results = 1;
    }
    return TT_OK;
}

static void str_end(tt_page_decoder *d)
{
    if (d->sink == SINK_STR)
        d->present |= TT_FIELD_BIT(d->val_field);
    d->sink = SINK_NONE;
}

/* One scanner event.  data[0..n): for KEY_DATA / STR_DATA the decoded
 * bytes, or n == 0 for those in the scanner's out[]; for other events
 * data[0] is the byte that caused it. */
static int on_event(tt_page_decoder *d, int ev, const unsigned char *data, size_t n)
{
    int rc;

    if (ev & TT_JSON_EV_NUM_END) {
        rc = num_end(d);
        if (rc != TT_OK)
            return rc;
    }
    ev &= (int)TT_JSON_EV_MASK;
    if ((ev == TT_JSON_EV_KEY_DATA || ev == TT_JSON_EV_STR_DATA) && n == 0) {
        data = d->js.out;
        n = d->js.out_len;
    }
    switch (ev) {
    case TT_JSON_EV_NONE:
        return TT_OK;
    case TT_JSON_EV_KEY_BEGIN:
        key_begin(d);
        return TT_OK;
    case TT_JSON_EV_KEY_DATA:
        key_append(d, data, n);
        return TT_OK;
    case TT_JSON_EV_KEY_END:
        key_end(d, d->key);
        return TT_OK;
    case TT_JSON_EV_STR_DATA:
        return str_data(d, data, n);
    case TT_JSON_EV_STR_END:
        str_end(d);
        return TT_OK;
    case TT_JSON_EV_NUM_DATA:
        if (d->sink == SINK_TS || d->sink == SINK_NUM_RESULTS) {
            tt_json_num_push(&d->num, data[0]);
            if (d->sink == SINK_TS)
                emit(d, data, 1);
        }
        return TT_OK;
    case TT_JSON_EV_OBJ_END:
        if (d->in_asg && d->js.depth == 2)
            return asg_end(d);
        return TT_OK;
    case TT_JSON_EV_ARR_END:
        if (d->in_array && d->js.depth == 1)
            d->in_array = 0;
        return TT_OK;
    default: /* OBJ_BEGIN, ARR_BEGIN, STR_BEGIN, NUM_BEGIN, literals */
        return value_begin(d, ev, data[0]);
    }
}

#else /* !TT_JSON_FAST */
/*
 * Small builds: each value the decoder cares about gets a slot when it
 * starts, and one table says which event must begin it:
 *   0..11 (TT_FIELD_*) an Assignment member, then the top-level keys (as
 *   tt_assignment_key_index() numbers them), an element of Assignments,
 *   the document itself;
 *   S_SKIP for everything else (validated only).
 * key_role holds the slot a captured key names; val_field the slot of the
 * open string / number whose bytes are kept (sink nonzero).
 */
enum {
    S_NUM_RESULTS = TT_KEY_NUM_RESULTS,
    S_NEXT_TOKEN = TT_KEY_NEXT_TOKEN,
    S_ASSIGNMENTS = TT_KEY_ASSIGNMENTS,
    S_ELEMENT,
    S_ROOT,
    S_SKIP
};
#define B_STR TT_JSON_EV_STR_BEGIN
#define B_NUM TT_JSON_EV_NUM_BEGIN
static const uint8_t slot_begin[S_SKIP] = {
    B_STR, B_STR, B_STR, B_STR, B_NUM, B_NUM, B_NUM, B_NUM, B_NUM, B_NUM, B_STR, B_STR,
    B_NUM, B_STR, TT_JSON_EV_ARR_BEGIN, TT_JSON_EV_OBJ_BEGIN, TT_JSON_EV_OBJ_BEGIN};

/* The key just read is complete: which slot it names (S_SKIP if none). */
static void key_end(tt_page_decoder *d)
{
    int f = d->key_len != KEY_NONE ? tt_assignment_key_index(d->key, d->key_len) : -1;

    /* members inside an Assignment, the top-level keys on the root object
     * (captured keys are one or the other, see key_begin()) */
    if (f < 0 || f > S_ASSIGNMENTS || (f < TT_FIELD_COUNT) != d->in_asg)
        f = S_SKIP;
    d->key_role = (uint8_t)f;
}

/* A value starts (or, for literals, has just been read whole).  Returns 1
 * when it is a number to keep (its first byte is then handled as data). */
static int value_begin(tt_page_decoder *d, int ev)
{
    unsigned r = d->js.vdepth == 0 ? S_ROOT
                 : d->js.vin_obj ? d->key_role
                 : d->in_array && d->js.vdepth == 2 ? S_ELEMENT : S_SKIP;
    tt_str *m = NULL;

    if (r == S_SKIP)
        return TT_OK;
    if (r <= S_NEXT_TOKEN) {
        /* the last occurrence wins: absent until this one is complete
         * (NumResults' presence is bit S_NUM_RESULTS of d->present) */
        if (r < TT_FIELD_COUNT)
            m = member_reset(d, r);
        d->present &= ~TT_FIELD_BIT(r);
        if (r == S_NEXT_TOKEN)
            d->next_token_len = 0;
        if (ev == TT_JSON_EV_NULL)
            return TT_OK; /* null = absent */
        if (ev != slot_begin[r])
            return TT_ERR_JSON_TYPE;
        /* kept (masked members: type check only) */
        if (!((d->cur_mask | CUR_MASK_TOP) >> r & 1u))
            return TT_OK;
        d->val_field = (uint8_t)r;
        d->sink = 1;
        if (m)
            member_keep(d, m);
        if (ev == B_NUM) {
            tt_json_num_init(&d->num);
            return 1;
        }
        return TT_OK;
    }
    if (ev == TT_JSON_EV_NULL && r != S_ROOT)
        return TT_OK; /* null = absent */
    if (ev != slot_begin[r])
        return TT_ERR_JSON_TYPE;
    if (r == S_ASSIGNMENTS) {
        if (d->seen_array)
            return TT_ERR_JSON_DUPLICATE_KEY;
        d->seen_array = d->in_array = 1;
    } else if (r == S_ELEMENT) {
        asg_begin(d);
    }
    return TT_OK;
}

/* One scanner event; c: the byte that caused it (KEY_DATA / STR_DATA:
 * the decoded bytes are in the scanner's out[]), or with run > 0 (only
 * TT_PAGE_STR_RUNS) a *_DATA event for the plain bytes c[0..run). */
static int on_event(tt_page_decoder *d, int ev, const unsigned char *c, size_t run)
{
    unsigned r = d->val_field;
    const unsigned char *data = c;
    size_t n = run ? run : 1;
    int inexact, rc;

    if ((ev & TT_JSON_EV_NUM_END) && d->sink) {
        d->sink = 0;
#if TT_CLI_PAGING
        /* timestamps: floor of milliseconds; NumResults: an integral value
         * (straight into place: after an error neither is read) */
        rc = tt_json_num_floor(&d->num, r == S_NUM_RESULTS ? 0 : 3,
                               r == S_NUM_RESULTS ? &d->num_results
                                                  : (int64_t *)(void *)((char *)d->cur - TS_MS_BACK),
                               &inexact);
        if (rc != TT_OK)
            return rc;
        if (r == S_NUM_RESULTS && inexact)
            return TT_ERR_JSON_BAD_NUMBER;
#else
        /* a timestamp (NumResults is never kept): floor of milliseconds */
        rc = tt_json_num_floor(&d->num, 3, (int64_t *)(void *)((char *)d->cur - TS_MS_BACK),
                               &inexact);
        if (rc != TT_OK)
            return rc;
#endif
        d->present |= TT_FIELD_BIT(r);
    }
    ev &= (int)TT_JSON_EV_MASK;
    if (!run && (ev == TT_JSON_EV_KEY_DATA || ev == TT_JSON_EV_STR_DATA)) {
        data = d->js.out;
        n = d->js.out_len;
    }
    if (ev == TT_JSON_EV_KEY_BEGIN) {
        key_begin(d);
    } else if (ev == TT_JSON_EV_KEY_DATA) {
        key_append(d, data, n);
    } else if (ev == TT_JSON_EV_KEY_END) {
        key_end(d);
    } else if (ev == TT_JSON_EV_STR_END) {
        if (d->sink)
            d->present |= TT_FIELD_BIT(r); /* (NextToken's bit: unused) */
        d->sink = 0;
    } else if (ev == TT_JSON_EV_OBJ_END) {
        return d->in_asg && d->js.depth == 2 ? asg_end(d) : TT_OK;
    } else if (ev == TT_JSON_EV_ARR_END) {
        if (d->js.depth == 1)
            d->in_array = 0;
    } else if (ev != TT_JSON_EV_NONE && ev != TT_JSON_EV_STR_DATA && ev != TT_JSON_EV_NUM_DATA) {
        /* OBJ_BEGIN, ARR_BEGIN, STR_BEGIN, NUM_BEGIN, literals */
        if ((rc = value_begin(d, ev)) != 1)
            return rc;
        ev = TT_JSON_EV_NUM_DATA; /* a kept number's first byte */
        r = d->val_field;
    }
    if (ev != TT_JSON_EV_STR_DATA && ev != TT_JSON_EV_NUM_DATA)
        return TT_OK;
    if (!d->sink)
        return TT_OK;
    if (ev == TT_JSON_EV_NUM_DATA)
        tt_json_num_push(&d->num, data[0]);
    if (r == S_NEXT_TOKEN)
        return nt_append(d, data, n);
    if (r < TT_FIELD_COUNT)
        emit(d, data, n);
    return TT_OK;
}
#endif

/* Make an error sticky and give back the scratch of a half-read Assignment. */
static int fail(tt_page_decoder *d, int rc)
{
    if (d->in_asg) {
        tt_arena_rollback(d->arena, d->mark);
        d->in_asg = 0;
    }
    d->err = rc;
    return rc;
}

enum { FAST_STR = 1, FAST_NUM = 2, FAST_PUNCT = 4 };
#define EV_BIT(e) (1u << (e))
#define STR_OPEN_EVS (EV_BIT(TT_JSON_EV_KEY_BEGIN) | EV_BIT(TT_JSON_EV_KEY_DATA) | \
                      EV_BIT(TT_JSON_EV_STR_BEGIN) | EV_BIT(TT_JSON_EV_STR_DATA))
#define NUM_OPEN_EVS (EV_BIT(TT_JSON_EV_NUM_BEGIN) | EV_BIT(TT_JSON_EV_NUM_DATA))

#if TT_JSON_FAST
/*
 * String fast path: decode the run of complete units at p[0..n) straight
 * into its destination (scratch, the NextToken buffer or the key buffer)
 * with no per-byte events.  A destination that is full stops the run
 * before the unit that does not fit; the byte path then takes that unit
 * and reports overflow exactly as before.  Returns bytes consumed.
 */
static size_t str_fast(tt_page_decoder *d, const unsigned char *p, size_t n)
{
    unsigned char *out = NULL;
    size_t cap = 0, got, run;
    /* the byte path's destination: key_append() / str_data() */
    uint8_t sink = d->js.is_key ? (d->key_len != KEY_NONE ? SINK_KEY : SINK_NONE) : d->sink;

    if (sink == SINK_KEY) {
        out = (unsigned char *)d->key + d->key_len;
        cap = sizeof d->key - d->key_len;
    } else if (sink == SINK_STR && !d->overflow) {
        cap = d->arena->cap - d->arena->used; /* tt_arena_remaining(), inlined */
        if (cap == 0)
            return 0; /* the byte path marks the overflow */
        out = d->arena->base + d->arena->used;
    } else if (sink == SINK_NEXT_TOKEN) {
        out = (unsigned char *)d->next_token + d->next_token_len;
        cap = sizeof d->next_token - d->next_token_len;
    }
    run = tt_json_str_run(&d->js, p, n, out, cap, &got);
    if (sink == SINK_KEY) {
        d->key_len = (uint8_t)(d->key_len + got);
    } else if (sink == SINK_STR) {
        /* decoded in place: claim the bytes (tt_arena_alloc(got, align 1)
         * inlined; got <= the room there was) */
        if (out) {
            tt_arena *a = d->arena;
            a->used += got;
            if (a->used > a->high_water)
                a->high_water = a->used;
        }
        d->need += got;
        d->cur->len += got;
    } else if (sink == SINK_NEXT_TOKEN) {
        d->next_token_len += got;
    }
    return run;
}
#endif

int tt_page_feed(tt_page_decoder *d, const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0;
    int rc;
#if TT_JSON_FAST
    int ev;
    size_t klen, run;
    /* which fast path may apply to the next byte; both check the scanner
     * state themselves, so "maybe" is always safe */
    int fast = FAST_STR | FAST_NUM | FAST_PUNCT;
    unsigned prim;
#endif

    TT_ARG_CHECK(d != NULL, TT_ERR_INVALID_ARG);
    if (d->err)
        return d->err;
    if (TT_ARG_CHECKS && (d->finished || (!p && len))) {
        d->err = TT_ERR_INVALID_ARG;
        return d->err;
    }
    if (TT_ARG_CHECKS && d->in_asg && !d->overflow && d->arena->used != d->mark + d->need) {
        /* someone allocated from scratch between feeds: the member being
         * copied would no longer be contiguous (leave their memory alone) */
        d->in_asg = 0;
        d->err = TT_ERR_INVALID_ARG;
        return d->err;
    }
#if TT_JSON_FAST
    while (i < len) {
        /* runs of string bytes, of number text and of blanks / ':' / ','
         * go through in one step; the byte that ends a run takes the byte
         * path below (separators only where no run is open, and only tried
         * when one is there) */
        if (fast & FAST_PUNCT) {
            if (p[i] <= ' ' || p[i] == ',' || p[i] == ':')
                i += tt_json_punct_run(&d->js, p + i, len - i);
#if TT_JSON_FAST /* (the byte path does the same in less code) */
            /* a whole plain key: its KEY_BEGIN, KEY_DATA and KEY_END */
            if (i < len && p[i] == '"' && (run = tt_json_key_run(&d->js, p + i, len - i, &klen))) {
                key_begin(d);
                if (d->key_len == 0 && d->in_asg) /* matched in place: only the length */
                    d->key_len = (uint8_t)(klen <= sizeof d->key ? klen : KEY_NONE);
                else if (d->key_len == 0)
                    key_append(d, p + i + 1, klen);
                key_end(d, (const char *)p + i + 1);
                i += run;
                if (i < len && (p[i] <= ' ' || p[i] == ':'))
                    i += tt_json_punct_run(&d->js, p + i, len - i);
            }
            /* a string value opens: its STR_BEGIN */
            if (i < len && p[i] == '"' && tt_json_str_open(&d->js)) {
                if ((rc = value_begin(d, TT_JSON_EV_STR_BEGIN, '"')) != TT_OK)
                    return fail(d, rc);
                i++;
                fast = FAST_STR;
            }
#endif
        }
        if (fast & FAST_STR) {
            i += str_fast(d, p + i, len - i);
#if TT_JSON_FAST
            /* and closes: its STR_END */
            if (i < len && p[i] == '"' && tt_json_str_close(&d->js)) {
                str_end(d);
                i++;
                fast = FAST_PUNCT;
                continue;
            }
#endif
        }
        if (fast & FAST_NUM) {
            int want = d->sink == SINK_TS || d->sink == SINK_NUM_RESULTS;
            run = tt_json_num_run(&d->js, p + i, len - i, want ? &d->num : NULL);
            if (run && d->sink == SINK_TS)
                emit(d, p + i, run);
            i += run;
#if TT_JSON_FAST
            /* a separator after it ends it: its NUM_END (the separator
             * itself is then read as ever; other bytes take the byte path,
             * which reports their errors before the number's) */
            if (i < len && (p[i] == ',' || p[i] == ' ' || p[i] == '\n' || p[i] == '\r' ||
                            p[i] == '\t') && tt_json_num_close(&d->js)) {
                if ((rc = num_end(d)) != TT_OK)
                    return fail(d, rc);
                fast = FAST_PUNCT;
                continue;
            }
#endif
        }
        if (i == len)
            break;
        ev = tt_json_byte(&d->js, p[i]);
        if (ev < 0)
            return fail(d, ev);
        /* after these events a string / number is open: try a run next;
         * after the others maybe separators */
        prim = (unsigned)ev & TT_JSON_EV_MASK; /* < 16 */
        fast = (int)(((STR_OPEN_EVS >> prim) & 1u) | ((NUM_OPEN_EVS >> prim) & 1u) << 1);
        if (fast == 0)
            fast = FAST_PUNCT;
        if (ev != TT_JSON_EV_NONE && (rc = on_event(d, ev, p + i, 0)) != TT_OK)
            return fail(d, rc);
        i++;
    }
#else
#if TT_PAGE_STR_RUNS
    /* Small builds: a run of plain string bytes is one *_DATA event (they
     * decode to themselves), everything else goes byte by byte. */
    while (i < len) {
        size_t got, run = tt_json_str_run(&d->js, p + i, len - i, NULL, 0, &got);
        rc = run ? (d->js.is_key ? TT_JSON_EV_KEY_DATA : TT_JSON_EV_STR_DATA)
                 : tt_json_byte(&d->js, p[i]);
        if (rc < 0 || (rc = on_event(d, rc, p + i, run)) != TT_OK)
            return fail(d, rc);
        i += run ? run : 1;
    }
#else
    /* Small builds: byte by byte, every byte one scanner call and one event
     * (less code, less speed: TT_PAGE_STR_RUNS, tt_config.h). */
    for (; i < len; i++) {
        rc = tt_json_byte(&d->js, p[i]);
        if (rc < 0 || (rc = on_event(d, rc, p + i, 0)) != TT_OK)
            return fail(d, rc);
    }
#endif
#endif
    return TT_OK;
}

int tt_page_finish(tt_page_decoder *d)
{
    int rc;

    TT_ARG_CHECK(d != NULL, TT_ERR_INVALID_ARG);
    if (d->err)
        return d->err;
    /* (never TT_JSON_EV_NUM_END: a root that is not an object already
     * failed with TT_ERR_JSON_TYPE when it began; a second call finds the
     * document complete again) */
    rc = tt_json_end(&d->js);
    if (rc != TT_OK)
        return fail(d, rc);
    if (TT_ARG_CHECKS) /* (only tt_page_feed()'s check reads it) */
        d->finished = 1;
    return TT_OK;
}

int tt_page_status(const tt_page_decoder *d)
{
    TT_ARG_CHECK(d != NULL, TT_ERR_INVALID_ARG);
    return d->err;
}

tt_str tt_page_next_token(const tt_page_decoder *d)
{
    tt_str s;
    s.ptr = NULL;
    s.len = 0;
    if ((!TT_ARG_CHECKS || d) && !d->err && d->next_token_len) {
        s.ptr = d->next_token;
        s.len = d->next_token_len;
    }
    return s;
}

int tt_page_has_num_results(const tt_page_decoder *d)
{
    TT_ARG_CHECK(d != NULL, 0);
    return !d->err ? (int)HAS_NUM_RESULTS(d) : 0;
}

int64_t tt_page_num_results(const tt_page_decoder *d)
{
    TT_ARG_CHECK(d != NULL, 0);
    return !d->err && HAS_NUM_RESULTS(d) ? d->num_results : 0;
}

size_t tt_page_count(const tt_page_decoder *d)
{
    TT_ARG_CHECK(d != NULL, 0);
    return d->index;
}
