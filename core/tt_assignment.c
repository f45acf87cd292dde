/* tt_assignment.c - member names of the Assignment view (model order). */
#include "tt_assignment.h"
#include "tt_json.h"

/* The names one after the other, and where each starts; then the other
 * names the page decoder matches (tt_assignment_key_index()). */
static const char tt_assignment_names[] =
    "AssignmentId\0WorkerId\0HITId\0AssignmentStatus\0AutoApprovalTime\0AcceptTime\0"
    "SubmitTime\0ApprovalTime\0RejectionTime\0Deadline\0Answer\0RequesterFeedback\0"
    "NumResults\0NextToken\0Assignments\0Submitted\0Approved\0Rejected\0";
static const uint8_t tt_assignment_name_at[TT_FIELD_COUNT] = {0,  13, 22, 28, 45,  62,
                                                              73, 84, 97, 111, 120, 127};

const char *tt_assignment_field_name(tt_assignment_field f)
{
    if ((unsigned)f >= (unsigned)TT_FIELD_COUNT)
        return NULL;
    return tt_assignment_names + tt_assignment_name_at[f];
}

int tt_assignment_key_index(const char *key, size_t len)
{
    return tt_json_key_index(tt_assignment_names, key, len);
}

int tt_assignment_field_of(const char *key, size_t len)
{
    int f = tt_assignment_key_index(key, len);

    return f < (int)TT_FIELD_COUNT ? f : -1;
}
