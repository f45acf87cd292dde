/*
 * tt_assignment.h - the decoded view of one MTurk Assignment.
 *
 * The page decoder hands each Assignment to the caller as a tt_assignment
 * whose strings point into decoder scratch memory: they are valid only
 * during the callback that receives them (copy what you keep).  Strings are
 * UTF-8, fully unescaped, not NUL-terminated, and may contain NUL bytes.
 *
 * Members follow the service model (ListAssignmentsForHIT, 2017-01-17) in
 * model order.  A member is present when its bit is set in `present`;
 * a JSON null counts as absent, unknown keys are ignored (as the AWS CLI
 * does).  Members masked out by the caller are skipped without being
 * decoded or stored, and are never present.
 */
#ifndef TT_ASSIGNMENT_H
#define TT_ASSIGNMENT_H

#include "tt_base.h"

/* The members of an Assignment, in model order: bit numbers for `present`
 * and tt_list_params.field_mask (TT_FIELD_BIT()). */
typedef enum tt_assignment_field {
    TT_FIELD_ASSIGNMENT_ID = 0,
    TT_FIELD_WORKER_ID,
    TT_FIELD_HIT_ID,
    TT_FIELD_ASSIGNMENT_STATUS,
    TT_FIELD_AUTO_APPROVAL_TIME,
    TT_FIELD_ACCEPT_TIME,
    TT_FIELD_SUBMIT_TIME,
    TT_FIELD_APPROVAL_TIME,
    TT_FIELD_REJECTION_TIME,
    TT_FIELD_DEADLINE,
    TT_FIELD_ANSWER,
    TT_FIELD_REQUESTER_FEEDBACK,
    TT_FIELD_COUNT /* number of members (not a member) */
} tt_assignment_field;

#define TT_FIELD_BIT(f) (1u << (unsigned)(f)) /* mask bit of member f */
#define TT_FIELDS_ALL ((1u << (unsigned)TT_FIELD_COUNT) - 1u) /* every member */

/* The member's JSON key, e.g. "AssignmentId" (static; NULL when out of range). */
const char *tt_assignment_field_name(tt_assignment_field f);

/* Which member the JSON key key[0..len) names (exact, case-sensitive), or
 * -1.  `key` borrowed for the call. */
int tt_assignment_field_of(const char *key, size_t len);

/* Indexes of tt_assignment_key_index() after the members' (0 ..
 * TT_FIELD_COUNT - 1): the response's top-level keys, then the
 * AssignmentStatus values in the order of tt_assignment_status. */
enum {
    TT_KEY_NUM_RESULTS = TT_FIELD_COUNT, /* "NumResults" */
    TT_KEY_NEXT_TOKEN,                   /* "NextToken" */
    TT_KEY_ASSIGNMENTS,                  /* "Assignments" */
    TT_KEY_SUBMITTED,                    /* "Submitted" */
    TT_KEY_APPROVED,                     /* "Approved" */
    TT_KEY_REJECTED                      /* "Rejected" */
};

/* Every name the page decoder matches, in one table (tt_page.c: one
 * look-up for all of them): which of the members (as
 * tt_assignment_field_of()) or the TT_KEY_* names above s[0..len) is
 * (exact, case-sensitive), or -1.  `s` borrowed for the call. */
int tt_assignment_key_index(const char *s, size_t len);

/* AssignmentStatus, parsed (tt_assignment.status_code). */
typedef enum tt_assignment_status {
    TT_STATUS_OTHER = 0, /* a value the model does not list (kept in `status`) */
    TT_STATUS_SUBMITTED,
    TT_STATUS_APPROVED,
    TT_STATUS_REJECTED
} tt_assignment_status;

/*
 * A timestamp as sent on the wire: JSON number of epoch seconds in any form
 * (1700000000, 1700000000.123, 1.7000000005E9).
 *   ms:  epoch milliseconds, floor of the exact decimal value.
 *   raw: the number's text exactly as received, so host code can reproduce
 *        the AWS CLI's float-based rendering bit for bit.
 */
typedef struct tt_timestamp {
    int64_t ms; /* epoch milliseconds (floor) */
    tt_str raw; /* the number's text as received */
} tt_timestamp;

/* One decoded Assignment (see the top of this file for lifetimes): each
 * member below is valid only when its TT_FIELD_BIT is set in `present`. */
typedef struct tt_assignment {
    uint32_t present; /* TT_FIELD_BIT(f) set when member f is present */
    tt_str assignment_id;        /* AssignmentId */
    tt_str worker_id;            /* WorkerId */
    tt_str hit_id;               /* HITId */
    tt_str status;               /* AssignmentStatus text as received */
    tt_assignment_status status_code; /* parsed form of `status` */
    tt_timestamp auto_approval_time; /* AutoApprovalTime */
    tt_timestamp accept_time;    /* AcceptTime */
    tt_timestamp submit_time;    /* SubmitTime */
    tt_timestamp approval_time;  /* ApprovalTime */
    tt_timestamp rejection_time; /* RejectionTime */
    tt_timestamp deadline;       /* Deadline */
    tt_str answer;               /* Answer: QuestionFormAnswers XML (tt_qfa.h decodes it) */
    tt_str requester_feedback;   /* RequesterFeedback */
} tt_assignment;

#endif /* TT_ASSIGNMENT_H */
