/*
 * tt_cli_skel.c - --generate-cli-skeleton printing (host only).  Apart from
 * tt_cli_input.c because the "output" sample goes through tt_output.
 */
#include <stdlib.h>
#include <string.h>

#include "tt_cli_input.h"
#include "tt_jmespath.h"
#include "tt_output.h"

static const char skel_out_json[] =
    "{\n"
    "    \"NextToken\": \"NextToken\",\n"
    "    \"NumResults\": 0,\n"
    "    \"Assignments\": [\n"
    "        {\n"
    "            \"AssignmentId\": \"AssignmentId\",\n"
    "            \"WorkerId\": \"WorkerId\",\n"
    "            \"HITId\": \"HITId\",\n"
    "            \"AssignmentStatus\": \"AssignmentStatus\",\n"
    "            \"AutoApprovalTime\": \"1970-01-01T00:00:00\",\n"
    "            \"AcceptTime\": \"1970-01-01T00:00:00\",\n"
    "            \"SubmitTime\": \"1970-01-01T00:00:00\",\n"
    "            \"ApprovalTime\": \"1970-01-01T00:00:00\",\n"
    "            \"RejectionTime\": \"1970-01-01T00:00:00\",\n"
    "            \"Deadline\": \"1970-01-01T00:00:00\",\n"
    "            \"Answer\": \"Answer\",\n"
    "            \"RequesterFeedback\": \"RequesterFeedback\"\n"
    "        }\n"
    "    ]\n"
    "}\n";

static const char skel_out_yaml_body[] =
    "Assignments:\n"
    "- AcceptTime: 1970-01-01 00:00:00\n"
    "  Answer: Answer\n"
    "  ApprovalTime: 1970-01-01 00:00:00\n"
    "  AssignmentId: AssignmentId\n"
    "  AssignmentStatus: AssignmentStatus\n"
    "  AutoApprovalTime: 1970-01-01 00:00:00\n"
    "  Deadline: 1970-01-01 00:00:00\n"
    "  HITId: HITId\n"
    "  RejectionTime: 1970-01-01 00:00:00\n"
    "  RequesterFeedback: RequesterFeedback\n"
    "  SubmitTime: 1970-01-01 00:00:00\n"
    "  WorkerId: WorkerId\n"
    "NextToken: NextToken\n"
    "NumResults: 0\n";

static tt_jv *sample_response(const char *ts, tt_jv **assignment_out)
{
    static const char *const names[] = {"AssignmentId", "WorkerId", "HITId", "AssignmentStatus",
                                        "AutoApprovalTime", "AcceptTime", "SubmitTime",
                                        "ApprovalTime", "RejectionTime", "Deadline", "Answer",
                                        "RequesterFeedback"};
    tt_jv *r = tt_jv_object(), *arr = tt_jv_array(), *a = tt_jv_object();
    size_t i;
    if (!r || !arr || !a) {
        tt_jv_free(r);
        tt_jv_free(arr);
        tt_jv_free(a);
        return NULL;
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        int is_ts = strstr(names[i], "Time") != NULL || strcmp(names[i], "Deadline") == 0;
        tt_jv_object_set(a, names[i], strlen(names[i]), tt_jv_cstring(is_ts ? ts : names[i]));
    }
    tt_jv_object_set(r, "NextToken", 9, tt_jv_cstring("NextToken"));
    tt_jv_object_set(r, "NumResults", 10, tt_jv_int(0));
    if (assignment_out)
        *assignment_out = tt_jv_retain(a);
    tt_jv_array_push(arr, a);
    tt_jv_object_set(r, "Assignments", 11, arr);
    return r;
}

int tt_cli_skeleton(const tt_cli_options *o, const char *region_or_null, FILE *out, FILE *err)
{
    const char *k = o->generate_skeleton ? o->generate_skeleton : "input";
    tt_out_format f = TT_OUT_JSON;
    tt_jv *resp, *a = NULL, *val;
    tt_jmespath *q = NULL;
    int rc = 0;
    if (strcmp(k, "input") == 0) {
        fputs(tt_cli_skeleton_input_json, out);
        return 0;
    }
    if (strcmp(k, "yaml-input") == 0) {
        fputs(tt_cli_skeleton_input_yaml, out);
        return 0;
    }
    if (!region_or_null || !*region_or_null) {
        fputs("\nYou must specify a region. You can also configure your region by running "
              "\"aws configure\".\n",
              err);
        return TT_CLI_EXIT_CONFIG;
    }
    if (o->deferred.text) {
        fputs(o->deferred.text, err);
        return o->deferred.exit_code;
    }
    if (o->output && tt_out_format_parse(o->output, &f) != 0)
        f = TT_OUT_JSON;
    if (!o->query) {
        if (f == TT_OUT_JSON) {
            fputs(skel_out_json, out);
            return 0;
        }
        if (f == TT_OUT_YAML) {
            fputs(skel_out_yaml_body, out);
            return 0;
        }
        if (f == TT_OUT_YAML_STREAM) {
            /* one list item: the body indented under "- " */
            const char *p = skel_out_yaml_body;
            int first = 1;
            while (*p) {
                const char *e = strchr(p, '\n');
                fputs(first ? "- " : "  ", out);
                fwrite(p, 1, (size_t)(e - p + 1), out);
                first = 0;
                p = e + 1;
            }
            return 0;
        }
    }
    resp = sample_response(f == TT_OUT_JSON || f == TT_OUT_JSONL ? "1970-01-01T00:00:00"
                                                                 : "1970-01-01 00:00:00",
                           &a);
    if (!resp) {
        fputs("\nout of memory\n", err);
        return TT_CLI_EXIT_OTHER;
    }
    if (o->query) {
        tt_jmespath_error je;
        if (tt_jmespath_compile(o->query, strlen(o->query), &q, &je) != 0) {
            fprintf(err, "\nBad value for --query %s: %s\n", o->query, je.msg);
            tt_jv_free(resp);
            tt_jv_free(a);
            return TT_CLI_EXIT_USAGE;
        }
    }
    if (f == TT_OUT_JSONL) {
        /* one compact object per assignment (the query applies to it) */
        val = a;
        a = NULL;
        if (q) {
            tt_jv *r2 = NULL;
            if (tt_jmespath_search(q, val, &r2, NULL) != 0)
                r2 = NULL;
            tt_jv_free(val);
            val = r2;
        }
        if (val && tt_jv_type_of(val) != TT_JV_NULL) {
            tt_jv_dump_opts d;
            tt_jv_dump_opts_default(&d);
            d.ensure_ascii = 0;
            d.item_sep = ",";
            d.key_sep = ":";
            tt_jv_dump_file(val, &d, out);
            fputc('\n', out);
        }
        tt_jv_free(val);
    } else {
        val = resp;
        resp = NULL;
        if (q) {
            tt_jv *r2 = NULL;
            if (tt_jmespath_search(q, val, &r2, NULL) != 0)
                r2 = NULL;
            tt_jv_free(val);
            val = r2;
        }
        if (val)
            rc = tt_out_write_value(val, f, "ListAssignmentsForHIT", o->color &&
                                                                        strcmp(o->color, "on") == 0,
                                    80, out) == 0
                     ? 0
                     : TT_CLI_EXIT_OTHER;
        tt_jv_free(val);
    }
    tt_jv_free(resp);
    tt_jv_free(a);
    tt_jmespath_free(q);
    return rc;
}
