/*
 * test_cli_args.c - tt_cli_parse(): options, orders, forms, repeats, error
 * texts and exit codes (as AWS CLI 2.9.19 prints them, "aws" replaced by
 * the program name), --cli-input-json/yaml merging, the YAML subset,
 * skeletons, file:// values and the prompt.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli_args.h"
#include "tt_cli_help.h"
#include "tt_cli_input.h"
#include "tt_cli_prompt.h"
#include "tt_test.h"

#define MAXW 64
#define S(x) ((x) ? (x) : "(null)")

static const char USAGE[] =
    "\nusage: tinyturk [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
    "To see help text, you can run:\n\n  tinyturk help\n  tinyturk <command> help\n"
    "  tinyturk <command> <subcommand> help\n\n";

/* Parses a NULL-terminated word list (argv[0] = "/usr/bin/tinyturk"). */
static int parse(tt_cli_options *o, tt_cli_error *e, const char *w0, ...)
{
    char *argv[MAXW];
    int argc = 0;
    va_list ap;
    const char *w;
    tt_cli_parse_cfg c;
    tt_cli_parse_cfg_defaults(&c);
    c.auto_prompt_default = TT_CLI_PROMPT_OFF;
    c.assume_tty = 0;
    argv[argc++] = (char *)"/usr/bin/tinyturk";
    va_start(ap, w0);
    for (w = w0; w && argc < MAXW - 1; w = va_arg(ap, const char *))
        argv[argc++] = (char *)w;
    va_end(ap);
    argv[argc] = NULL;
    return tt_cli_parse_ex(argc, argv, &c, o, e);
}

static void check_usage_error(int r, const tt_cli_error *e, const char *msg)
{
    char want[2048];
    snprintf(want, sizeof want, "%stinyturk: error: %s\n\n", USAGE, msg);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    TT_CHECK_EQ_INT(e->exit_code, 252);
    TT_CHECK_EQ_STR(e->text ? e->text : "", want);
}

#define L "mturk", "list-assignments-for-hit"

static void test_basic(void)
{
    tt_cli_options o;
    tt_cli_error e;
    int r = parse(&o, &e, L, "--hit-id", "ABC", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK(o.command_ok && o.has_hit_id && !strcmp(o.hit_id, "ABC"));
    TT_CHECK(o.paginate == 1 && !o.has_statuses && !o.has_page_size && !o.has_max_items);
    TT_CHECK(o.output == NULL && o.region == NULL && o.cli_auto_prompt == TT_CLI_PROMPT_UNSET);
    TT_CHECK(e.text == NULL && o.deferred.text == NULL);
    TT_CHECK_EQ_STR(S(o.prog), "tinyturk");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* globals before/after, = form, short command form, every option */
    r = parse(&o, &e, "--output=text", "--region", "eu-west-1", "list-assignments-for-hit",
              "--hit-id=X", "--assignment-statuses", "Submitted", "Approved", "--page-size", "5",
              "--max-items=7", "--starting-token", "tok", "--debug", "--endpoint-url",
              "http://127.0.0.1:9", "--no-verify-ssl", "--query", "Assignments[].HITId",
              "--profile", "p", "--color", "off", "--no-sign-request", "--ca-bundle", "/x.pem",
              "--cli-read-timeout", "5", "--cli-connect-timeout", "0", "--cli-binary-format",
              "base64", "--no-cli-pager", "--watch", "30", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(S(o.output), "text");
    TT_CHECK_EQ_STR(S(o.region), "eu-west-1");
    TT_CHECK_EQ_STR(S(o.hit_id), "X");
    TT_CHECK_EQ_INT(o.n_statuses, 2);
    if (o.n_statuses == 2) {
        TT_CHECK_EQ_STR(o.statuses[0], "Submitted");
        TT_CHECK_EQ_STR(o.statuses[1], "Approved");
    }
    TT_CHECK(o.has_page_size && o.page_size == 5 && o.has_max_items && o.max_items == 7);
    TT_CHECK_EQ_STR(S(o.starting_token), "tok");
    TT_CHECK(o.debug && o.no_verify_ssl && o.no_sign_request && o.no_cli_pager);
    TT_CHECK_EQ_STR(S(o.endpoint_url), "http://127.0.0.1:9");
    TT_CHECK_EQ_STR(S(o.query), "Assignments[].HITId");
    TT_CHECK_EQ_STR(S(o.profile), "p");
    TT_CHECK_EQ_STR(S(o.color), "off");
    TT_CHECK_EQ_STR(S(o.ca_bundle), "/x.pem");
    TT_CHECK(o.has_read_timeout && o.read_timeout == 5.0);
    TT_CHECK(o.has_connect_timeout && o.connect_timeout == 0.0);
    TT_CHECK_EQ_STR(S(o.cli_binary_format), "base64");
    TT_CHECK(o.has_watch && o.watch_seconds == 30);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* repeats: last wins; abbreviations; jsonl; empty statuses */
    r = parse(&o, &e, L, "--hit", "A", "--hit-id", "B", "--out", "jsonl", "--page-size", "3",
              "--page-size", " 4 ", "--assignment-statuses", "x", "--assignment-statuses", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(S(o.hit_id), "B");
    TT_CHECK_EQ_STR(S(o.output), "jsonl");
    TT_CHECK_EQ_INT(o.page_size, 4);
    TT_CHECK(o.has_statuses && o.n_statuses == 0);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* a JSON list for the statuses; negative numbers are values */
    r = parse(&o, &e, L, "--hit-id", "-1", "--assignment-statuses", "[\"Rejected\"]",
              "--max-items", "-1", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(S(o.hit_id), "-1");
    TT_CHECK(o.n_statuses == 1 && !strcmp(o.statuses[0], "Rejected"));
    TT_CHECK(o.max_items == -1);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* hidden pagination args turn pagination off */
    r = parse(&o, &e, L, "--hit-id", "X", "--next-token", "T", "--max-results", "5", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK(!o.paginate && o.pagination_disabled_by_input);
    TT_CHECK(o.has_next_token && !strcmp(o.next_token, "T") && o.has_max_results &&
             o.max_results == 5);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
}

static void test_errors(void)
{
    tt_cli_options o;
    tt_cli_error e;
    int r;
    struct {
        const char *a, *b, *c;
        const char *msg;
    } cases[] = {
        {"--page-size", "abc", NULL, "argument --page-size: invalid int value: 'abc'"},
        {"--page-size", NULL, NULL, "argument --page-size: expected one argument"},
        {"--max-items", "1.5", NULL, "argument --max-items: invalid int value: '1.5'"},
        {"--color", "foo", NULL,
         "argument --color: Invalid choice, valid choices are:\n\n"
         "on                                       | off                                     \n"
         "auto                                    "},
        {"--output", "jsn", NULL,
         "argument --output: Invalid choice, valid choices are:\n\n"
         "json                                     | text                                    \n"
         "table                                    | yaml                                    \n"
         "yaml-stream                              | jsonl                                   \n\n\n"
         "Invalid choice: 'jsn', maybe you meant:\n\n  * json"},
        {"--max", "3", NULL, "ambiguous option: --max could match --max-results, --max-items"},
        {"--no", NULL, NULL,
         "ambiguous option: --no could match --no-verify-ssl, --no-paginate, "
         "--no-sign-request, --no-cli-pager, --no-cli-auto-prompt"},
        {"--region", NULL, NULL, "argument --region: expected one argument"},
        {"--generate-cli-skeleton", "foo", NULL,
         "argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\n"
         "input                                    | output                                  \n"
         "yaml-input                              "},
        {"--watch", "0", NULL, "argument --watch: must be a positive number of seconds"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = parse(&o, &e, L, "--hit-id", "X", cases[i].a, cases[i].b, cases[i].c, NULL);
        check_usage_error(r, &e, cases[i].msg);
        tt_cli_options_free(&o);
        tt_cli_error_free(&e);
    }

    r = parse(&o, &e, L, NULL);
    check_usage_error(r, &e, "the following arguments are required: --hit-id");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, NULL);
    check_usage_error(r, &e, "the following arguments are required: command");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, "mturk", NULL);
    check_usage_error(r, &e, "the following arguments are required: operation");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* first-pass parser (--debug/--profile) has its own usage line */
    r = parse(&o, &e, L, "--hit-id", "X", "--debug=1", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    TT_CHECK_EQ_STR(S(e.text), "\nusage: tinyturk [-h] [--profile PROFILE] [--debug]\n\n"
                            "tinyturk: error: argument --debug: ignored explicit argument '1'\n\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* unknown options (with the help positional last) */
    r = parse(&o, &e, L, "--hit-id", "X", "extra", "--bogus", "words", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    {
        char want[1024];
        snprintf(want, sizeof want, "%sUnknown options: --bogus, words, extra\n\n", USAGE);
        TT_CHECK_EQ_STR(S(e.text), want);
    }
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "--", "--page-size", "3", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    TT_CHECK(e.text && strstr(e.text, "\nUnknown options: 3, --page-size\n\n"));
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* --query syntax */
    r = parse(&o, &e, L, "--hit-id", "X", "--query", "[", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    TT_CHECK_EQ_INT(e.exit_code, 252);
    TT_CHECK_EQ_STR(S(e.text), "\nBad value for --query [: Invalid jmespath expression: Incomplete "
                            "expression:\n\"[\"\n  ^\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* pagination conflicts */
    r = parse(&o, &e, L, "--hit-id", "X", "--no-paginate", "--starting-token", "t",
              "--page-size", "3", "--max-items", "2", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    TT_CHECK_EQ_STR(S(e.text), "\nCannot specify --no-paginate along with pagination arguments: "
                            "--starting-token, --page-size, --max-items\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "--next-token", "a", "--page-size", "3", NULL);
    TT_CHECK_EQ_STR(e.text ? e.text : "", "\nCannot specify --no-paginate along with pagination "
                                          "arguments: --page-size\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* int() conversions done later by the CLI: exit 255 */
    r = parse(&o, &e, L, "--hit-id", "X", "--max-results", "abc", NULL);
    TT_CHECK_EQ_INT(e.exit_code, 255);
    TT_CHECK_EQ_STR(e.text ? e.text : "", "\ninvalid literal for int() with base 10: 'abc'\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "--cli-connect-timeout", "1.5", NULL);
    TT_CHECK_EQ_INT(e.exit_code, 255);
    TT_CHECK_EQ_STR(e.text ? e.text : "", "\ninvalid literal for int() with base 10: '1.5'\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    r = parse(&o, &e, L, "--hit-id", "X", "--cli-auto-prompt", "--no-cli-auto-prompt", NULL);
    TT_CHECK_EQ_INT(e.exit_code, 252);
    TT_CHECK_EQ_STR(e.text ? e.text : "", "\nBoth --cli-auto-prompt and --no-cli-auto-prompt "
                                          "cannot be specified at the same time.\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* an operation we do not implement */
    r = parse(&o, &e, "mturk", "get-hit", "--hit-id", "X", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    TT_CHECK_EQ_INT(e.exit_code, 252);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
}

static void test_deferred(void)
{
    tt_cli_options o;
    tt_cli_error e;
    int r = parse(&o, &e, L, "--hit-id", "", "--page-size", "0", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_INT(o.deferred.exit_code, 252);
    TT_CHECK_EQ_STR(o.deferred.text ? o.deferred.text : "",
                    "\nParameter validation failed:\n"
                    "Invalid length for parameter HITId, value: 0, valid min length: 1\n"
                    "Invalid value for parameter MaxResults, value: 0, valid min value: 1\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    r = parse(&o, &e, L, "--hit-id", "X", "--no-paginate", "--max-items", "0", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(o.deferred.text ? o.deferred.text : "",
                    "\nParameter validation failed:\n"
                    "Unknown parameter in input: \"PaginationConfig\", must be one of: HITId, "
                    "NextToken, MaxResults, AssignmentStatuses\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    r = parse(&o, &e, L, "--hit-id", "X", "--cli-read-timeout", "-1", NULL);
    TT_CHECK_EQ_INT(o.deferred.exit_code, 255);
    TT_CHECK_EQ_STR(o.deferred.text ? o.deferred.text : "",
                    "\nAttempted to set read timeout to -1, but the timeout cannot be set to a "
                    "value less than or equal to 0.\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
}

static void test_input(void)
{
    tt_cli_options o;
    tt_cli_error e;
    int r;
    /* merge: the command line wins; NextToken/MaxResults switch pagination off */
    r = parse(&o, &e, L, "--hit-id", "CLI", "--cli-input-json",
              "{\"HITId\": \"DOC\", \"AssignmentStatuses\": [\"Approved\"], \"MaxResults\": 9}",
              NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(S(o.hit_id), "CLI");
    TT_CHECK(o.n_statuses == 1 && !strcmp(o.statuses[0], "Approved"));
    TT_CHECK(o.has_max_results && o.max_results == 9 && !o.paginate &&
             o.pagination_disabled_by_input);
    TT_CHECK(o.deferred.text == NULL);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    r = parse(&o, &e, L, "--cli-input-yaml",
              "# c\nHITId: Y  # trailing\nAssignmentStatuses:\n  - Submitted\n  - 'Rejected'\n",
              NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(o.hit_id ? o.hit_id : "", "Y");
    TT_CHECK(o.n_statuses == 2 && !strcmp(o.statuses[1], "Rejected"));
    TT_CHECK(o.paginate);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    r = parse(&o, &e, L, "--cli-input-json", "{", NULL);
    TT_CHECK_EQ_INT(e.exit_code, 252);
    TT_CHECK_EQ_STR(e.text ? e.text : "",
                    "\nError parsing parameter 'cli-input-json': Invalid JSON received.\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--cli-input-yaml", "a: [", NULL);
    TT_CHECK_EQ_STR(e.text ? e.text : "",
                    "\nError parsing parameter 'cli-input-yaml': Invalid YAML received.\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--cli-input-json", "[1]", NULL);
    TT_CHECK_EQ_STR(e.text ? e.text : "", "\nError parsing parameter '--cli-input-json': Invalid "
                                          "type: expecting map, received <class 'list'>\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "--cli-input-json", "file://no/such.json", NULL);
    TT_CHECK_EQ_STR(e.text ? e.text : "",
                    "\nError parsing parameter '--cli-input-json': Unable to load paramfile "
                    "file://no/such.json: [Errno 2] No such file or directory: 'no/such.json'\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    r = parse(&o, &e, L, "--cli-input-json",
              "{\"HITId\": 5, \"MaxResults\": \"a\", \"AssignmentStatuses\": [1, null], "
              "\"Bogus\": {\"k\": [true]}}",
              NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(o.deferred.text ? o.deferred.text : "",
                    "\nParameter validation failed:\n"
                    "Unknown parameter in input: \"Bogus\", must be one of: HITId, NextToken, "
                    "MaxResults, AssignmentStatuses\n"
                    "Invalid type for parameter HITId, value: 5, type: <class 'int'>, valid types: "
                    "<class 'str'>\n"
                    "Invalid type for parameter MaxResults, value: a, type: <class 'str'>, valid "
                    "types: <class 'int'>\n"
                    "Invalid type for parameter AssignmentStatuses[0], value: 1, type: <class "
                    "'int'>, valid types: <class 'str'>\n"
                    "Invalid type for parameter AssignmentStatuses[1], value: None, type: <class "
                    "'NoneType'>, valid types: <class 'str'>\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    r = parse(&o, &e, L, "--cli-input-json", "{}", NULL);
    TT_CHECK_EQ_STR(o.deferred.text ? o.deferred.text : "",
                    "\nParameter validation failed:\nMissing required parameter in input: "
                    "\"HITId\"\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
}

static void test_yaml(void)
{
    struct {
        const char *text;
        const char *json; /* expected, or NULL = syntax error */
    } cases[] = {
        {"HITId: ''  # [REQUIRED] The ID of the HIT.\nNextToken: '' # Pagination token.\n"
         "MaxResults: 0\nAssignmentStatuses:  # The status of the assignments to return.\n"
         "- Submitted\n",
         "{\"HITId\": \"\", \"NextToken\": \"\", \"MaxResults\": 0, \"AssignmentStatuses\": "
         "[\"Submitted\"]}"},
        {"{HITId: X, MaxResults: 5}", "{\"HITId\": \"X\", \"MaxResults\": 5}"},
        {"a: [x, 'y z', \"q\\\"\"]\nb: ~\nc: true\nd: 1.5\ne: 0x10\nf:\n", "{\"a\": [\"x\", \"y "
                                                                          "z\", \"q\\\"\"], "
                                                                          "\"b\": null, \"c\": "
                                                                          "true, \"d\": 1.5, "
                                                                          "\"e\": 16, \"f\": "
                                                                          "null}"},
        {"k: 'it''s'", "{\"k\": \"it's\"}"},
        {"k:\n  n: 1\n  m:\n  - a\n", "{\"k\": {\"n\": 1, \"m\": [\"a\"]}}"},
        {"", "null"},
        {"- a\n- b", "[\"a\", \"b\"]"},
        {"{", NULL},
        {"a: [", NULL},
        {"HITId: X\n  bad: indent", NULL},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tt_jv *v = NULL;
        int r = tt_cli_input_parse(cases[i].text, strlen(cases[i].text), 1, &v);
        if (!cases[i].json) {
            TT_CHECK_EQ_INT(r, -1);
        } else {
            tt_jv_buf b;
            tt_jv_buf_init(&b);
            TT_CHECK_EQ_INT(r, 0);
            if (v && tt_jv_dump_buf(v, NULL, &b) == 0)
                TT_CHECK_EQ_STR(b.ptr ? b.ptr : "", cases[i].json);
            else
                TT_CHECK(0);
            tt_jv_buf_free(&b);
        }
        tt_jv_free(v);
    }
}

static void test_skeleton_help_version(void)
{
    tt_cli_options o;
    tt_cli_error e;
    int r = parse(&o, &e, L, "--generate-cli-skeleton", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_SKELETON);
    TT_CHECK_EQ_STR(S(o.generate_skeleton), "input");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--generate-cli-skeleton", "yaml-input", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_SKELETON);
    TT_CHECK_EQ_STR(S(o.generate_skeleton), "yaml-input");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--generate-cli-skeleton", "output", NULL);
    check_usage_error(r, &e, "the following arguments are required: --hit-id");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    TT_CHECK_EQ_STR(tt_cli_skeleton_input_json,
                    "{\n    \"HITId\": \"\",\n    \"NextToken\": \"\",\n    \"MaxResults\": 0,\n"
                    "    \"AssignmentStatuses\": [\n        \"Submitted\"\n    ]\n}\n");
    TT_CHECK_EQ_STR(tt_cli_skeleton_input_yaml,
                    "HITId: ''  # [REQUIRED] The ID of the HIT.\n"
                    "NextToken: '' # Pagination token.\nMaxResults: 0\n"
                    "AssignmentStatuses:  # The status of the assignments to return.\n"
                    "- Submitted\n");

    r = parse(&o, &e, "help", NULL);
    TT_CHECK(r == TT_CLI_HELP && o.help_topic == TT_CLI_HELP_TOP);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, "mturk", "help", NULL);
    TT_CHECK(r == TT_CLI_HELP && o.help_topic == TT_CLI_HELP_SERVICE);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "help", NULL);
    TT_CHECK(r == TT_CLI_HELP && o.help_topic == TT_CLI_HELP_OPERATION);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--help", NULL);
    TT_CHECK(r == TT_CLI_HELP && o.help_topic == TT_CLI_HELP_OPERATION);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "--version", "--output", "bad", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_VERSION);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    {
        FILE *f = tmpfile();
        char buf[8192];
        size_t n;
        TT_CHECK(f != NULL);
        if (f) {
            tt_cli_options h;
            memset(&h, 0, sizeof h);
            h.help_topic = TT_CLI_HELP_OPERATION;
            tt_cli_help_print(&h, f);
            tt_cli_version_print(f);
            rewind(f);
            n = fread(buf, 1, sizeof buf - 1, f);
            buf[n] = 0;
            TT_CHECK(strstr(buf, "--watch SECONDS") != NULL);
            TT_CHECK(strstr(buf, "jsonl") != NULL);
            TT_CHECK(strstr(buf, "252  command line") != NULL);
            fclose(f);
        }
    }
}

static void test_prompt(void)
{
    FILE *in = tmpfile(), *out = tmpfile();
    tt_cli_options o;
    tt_cli_error e;
    tt_cli_parse_cfg c;
    char *argv[] = {(char *)"tinyturk", (char *)"mturk", (char *)"list-assignments-for-hit",
                    (char *)"--cli-auto-prompt", NULL};
    int r;
    TT_CHECK(in && out);
    if (!in || !out)
        return;
    fputs("\nHIT9\nsub rej\n2\n\n\n\n\n", in);
    rewind(in);
    tt_cli_parse_cfg_defaults(&c);
    c.prompt_in = in;
    c.prompt_out = out;
    c.assume_tty = 1;
    r = tt_cli_parse_ex(4, argv, &c, &o, &e);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(o.hit_id ? o.hit_id : "", "HIT9");
    TT_CHECK(o.n_statuses == 2 && !strcmp(o.statuses[0], "Submitted") &&
             !strcmp(o.statuses[1], "Rejected"));
    TT_CHECK(o.has_page_size && o.page_size == 2 && !o.has_max_items);
    TT_CHECK_EQ_INT(o.cli_auto_prompt, TT_CLI_PROMPT_ON);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    {
        char buf[4096];
        size_t n;
        rewind(out);
        n = fread(buf, 1, sizeof buf - 1, out);
        buf[n] = 0;
        TT_CHECK(strstr(buf, "Submitted Approved Rejected") != NULL);
    }
    fclose(in);
    fclose(out);

    /* not a terminal: the CLI's warning, exit 255 */
    c.assume_tty = 0;
    c.prompt_in = NULL;
    c.prompt_out = NULL;
    r = tt_cli_parse_ex(4, argv, &c, &o, &e);
    TT_CHECK_EQ_INT(r, TT_CLI_ERROR);
    TT_CHECK_EQ_INT(e.exit_code, 255);
    TT_CHECK_EQ_STR(e.text ? e.text : "", "Warning: Input is not a terminal (fd=0).\n\n\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
}

static void test_pyjson_and_tokens(void)
{
    static const struct {
        const char *in, *msg;
    } js[] = {
        {"[bad", "Expecting value: line 1 column 2 (char 1)"},
        {"[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"},
        {"[\"a", "Unterminated string starting at: line 1 column 2 (char 1)"},
        {"[1,]", "Expecting value: line 1 column 4 (char 3)"},
        {"[] x", "Extra data: line 1 column 4 (char 3)"},
        {"[{\"a\" 1}]", "Expecting ':' delimiter: line 1 column 7 (char 6)"},
        {"[\n x]", "Expecting value: line 2 column 2 (char 3)"},
        {"[\"\xc3\xa9\", x]", "Expecting value: line 1 column 7 (char 6)"},
        {"[\"a\\q\"]", "Invalid \\escape: line 1 column 4 (char 3)"},
        {"[{,}]", "Expecting property name enclosed in double quotes: line 1 column 3 (char 2)"},
    };
    size_t i;
    char msg[256];
    tt_cli_options o;
    tt_cli_error e;
    int r;
    for (i = 0; i < sizeof js / sizeof js[0]; i++) {
        TT_CHECK_EQ_INT(tt_cli_pyjson_error(js[i].in, strlen(js[i].in), msg, sizeof msg), -1);
        TT_CHECK_EQ_STR(msg, js[i].msg);
    }
    TT_CHECK_EQ_INT(tt_cli_pyjson_error("[1, NaN, {\"a\": [true]}]", 23, msg, sizeof msg), 0);

    r = parse(&o, &e, L, "--hit-id", "X", "--assignment-statuses", "[1 2]", NULL);
    TT_CHECK_EQ_INT(e.exit_code, 252);
    TT_CHECK_EQ_STR(S(e.text), "\nError parsing parameter '--assignment-statuses': Invalid JSON: "
                               "Expecting ',' delimiter: line 1 column 4 (char 3)\n"
                               "JSON received: [1 2]\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);

    /* a starting token whose NextToken the paginator would send as "" */
    r = parse(&o, &e, L, "--hit-id", "", "--starting-token", "", "--page-size", "0", NULL);
    TT_CHECK_EQ_INT(r, TT_CLI_RUN);
    TT_CHECK_EQ_STR(S(o.deferred.text),
                    "\nParameter validation failed:\n"
                    "Invalid length for parameter HITId, value: 0, valid min length: 1\n"
                    "Invalid length for parameter NextToken, value: 0, valid min length: 1\n"
                    "Invalid value for parameter MaxResults, value: 0, valid min value: 1\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "--starting-token", "eyJOZXh0VG9rZW4iOiA1fQ==", NULL);
    TT_CHECK_EQ_STR(S(o.deferred.text),
                    "\nParameter validation failed:\nInvalid type for parameter NextToken, value: "
                    "5, type: <class 'int'>, valid types: <class 'str'>\n");
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
    r = parse(&o, &e, L, "--hit-id", "X", "--starting-token", "None", NULL);
    TT_CHECK(r == TT_CLI_RUN && o.deferred.text == NULL);
    tt_cli_options_free(&o);
    tt_cli_error_free(&e);
}

int main(void)
{
    test_pyjson_and_tokens();
    test_basic();
    test_errors();
    test_deferred();
    test_input();
    test_yaml();
    test_skeleton_help_version();
    test_prompt();
    return tt_test_summary();
}
