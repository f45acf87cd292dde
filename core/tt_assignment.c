/* tt_assignment.c - member names of the Assignment view (model order). */
#include "tt_assignment.h"

static const char *const tt_assignment_names[TT_FIELD_COUNT] = {
    "AssignmentId", "WorkerId",     "HITId",         "AssignmentStatus",
    "AutoApprovalTime", "AcceptTime", "SubmitTime",  "ApprovalTime",
    "RejectionTime", "Deadline",    "Answer",        "RequesterFeedback",
};

const char *tt_assignment_field_name(tt_assignment_field f)
{
    if ((unsigned)f >= (unsigned)TT_FIELD_COUNT)
        return NULL;
    return tt_assignment_names[f];
}
