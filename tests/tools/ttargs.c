/*
 * ttargs - drives tt_cli_parse() for tests/integration/test_cli_args.py:
 *   ttargs <argv words...>     (argv[0] is used as the program name)
 * Prints "RUN"/"HELP <topic>"/"VERSION"/"SKELETON <kind>" and the options on
 * stdout (exit 0), or the error text on stderr (exit with its code).  A
 * deferred error (parameter validation, timeouts) is reported like an
 * error, as main does once the region is known.  Input skeletons are
 * printed as the CLI prints them.  The prompt (--cli-auto-prompt) uses the
 * real stdin/stdout and AWS_CLI_AUTO_PROMPT, like tinyturk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli_args.h"
#include "tt_cli_input.h"

static void s(const char *k, const char *v)
{
    if (v)
        printf("%s=%s\n", k, v);
}

int main(int argc, char **argv)
{
    tt_cli_options o;
    tt_cli_error e;
    tt_cli_parse_cfg c;
    int r, rc = 0;
    size_t i;
    tt_cli_parse_cfg_defaults(&c);
    if (getenv("TTARGS_PROMPT_OFF"))
        c.auto_prompt_default = TT_CLI_PROMPT_OFF;
    r = tt_cli_parse_ex(argc, argv, &c, &o, &e);
    if (r == TT_CLI_ERROR) {
        fputs(e.text ? e.text : "", stderr);
        rc = e.exit_code;
    } else if (r == TT_CLI_HELP) {
        printf("HELP %d\n", (int)o.help_topic);
    } else if (r == TT_CLI_VERSION) {
        printf("VERSION\n");
    } else if (r == TT_CLI_SKELETON && strcmp(o.generate_skeleton, "output") != 0) {
        fputs(strcmp(o.generate_skeleton, "input") == 0 ? tt_cli_skeleton_input_json
                                                        : tt_cli_skeleton_input_yaml,
              stdout);
    } else if (o.deferred.text) {
        fputs(o.deferred.text, stderr);
        rc = o.deferred.exit_code;
    } else {
        printf("%s\n", r == TT_CLI_SKELETON ? "SKELETON output" : "RUN");
        s("hit_id", o.hit_id);
        if (o.has_statuses) {
            printf("statuses=[");
            for (i = 0; i < o.n_statuses; i++)
                printf("%s%s", i ? "," : "", o.statuses[i]);
            printf("]\n");
        }
        s("next_token", o.next_token);
        if (o.has_max_results)
            printf("max_results=%ld\n", o.max_results);
        s("starting_token", o.starting_token);
        if (o.has_page_size)
            printf("page_size=%ld\n", o.page_size);
        if (o.has_max_items)
            printf("max_items=%ld\n", o.max_items);
        printf("paginate=%d\n", o.paginate);
        s("output", o.output);
        s("query", o.query);
        s("profile", o.profile);
        s("region", o.region);
        s("endpoint_url", o.endpoint_url);
        s("color", o.color);
        s("ca_bundle", o.ca_bundle);
        s("cli_binary_format", o.cli_binary_format);
        if (o.has_read_timeout)
            printf("read_timeout=%g\n", o.read_timeout);
        if (o.has_connect_timeout)
            printf("connect_timeout=%g\n", o.connect_timeout);
        if (o.has_watch)
            printf("watch=%ld\n", o.watch_seconds);
        printf("flags=debug:%d no_verify_ssl:%d no_sign_request:%d no_cli_pager:%d prompt:%d\n",
               o.debug, o.no_verify_ssl, o.no_sign_request, o.no_cli_pager, o.cli_auto_prompt);
    }
    tt_cli_error_free(&e);
    tt_cli_options_free(&o);
    return rc;
}
