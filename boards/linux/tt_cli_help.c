/*
 * tt_cli_help.c - help pages and the version line (host only).  The man
 * page boards/linux/tinyturk.1 carries the same text.
 */
#include "tt_cli_help.h"

#include <sys/utsname.h>

#include "tinyturk.h"

static const char *const help_operation[] = {
    "NAME\n",
    "    tinyturk mturk list-assignments-for-hit - list the assignments of an\n",
    "    Amazon Mechanical Turk HIT (a drop-in for `aws mturk\n",
    "    list-assignments-for-hit`, AWS CLI 2.9.19)\n",
    "\n",
    "SYNOPSIS\n",
    "    tinyturk [global options] mturk list-assignments-for-hit [options]\n",
    "    tinyturk [global options] list-assignments-for-hit [options]\n",
    "    tinyturk help | tinyturk mturk help | tinyturk mturk list-assignments-for-hit help\n",
    "\n",
    "      --hit-id <value>\n",
    "      [--assignment-statuses <value> [<value> ...]]\n",
    "      [--cli-input-json <value> | --cli-input-yaml <value>]\n",
    "      [--starting-token <value>]\n",
    "      [--page-size <value>]\n",
    "      [--max-items <value>]\n",
    "      [--generate-cli-skeleton [input | yaml-input | output]]\n",
    "      [--debug] [--endpoint-url <value>] [--no-verify-ssl] [--no-paginate]\n",
    "      [--output <value>] [--query <value>] [--profile <value>]\n",
    "      [--region <value>] [--version] [--color <value>] [--no-sign-request]\n",
    "      [--ca-bundle <value>] [--cli-read-timeout <value>]\n",
    "      [--cli-connect-timeout <value>] [--cli-binary-format <value>]\n",
    "      [--no-cli-pager] [--cli-auto-prompt] [--no-cli-auto-prompt]\n",
    "      [--watch <seconds>] [--answers]\n",
    "\n",
    "DESCRIPTION\n",
    "    Retrieves the assignments (completed work) of a HIT, following the\n",
    "    service's pagination and printing the merged result exactly like the AWS\n",
    "    CLI.  Global options may come before or after the command words; every\n",
    "    option also accepts the --option=value form, unambiguous prefixes of\n",
    "    option names are accepted, and for a repeated option the last one wins.\n",
    "\n",
    "OPTIONS\n",
    "    --hit-id (string)\n",
    "        The ID of the HIT (required unless given by --cli-input-json/yaml).\n",
    "    --assignment-statuses (list)\n",
    "        The statuses to return: Submitted | Approved | Rejected, separated\n",
    "        by spaces (not commas).  Values are sent as given (not checked).\n",
    "    --cli-input-json | --cli-input-yaml (string)\n",
    "        Reads the parameters (HITId, NextToken, MaxResults,\n",
    "        AssignmentStatuses) from a JSON / YAML document given inline or as\n",
    "        file://path.  Options on the command line override the document.\n",
    "        NextToken or MaxResults in the document turn pagination off.\n",
    "    --starting-token (string)\n",
    "        Resume from the NextToken printed by an earlier --max-items run.\n",
    "    --page-size (integer)\n",
    "        Assignments per service call (MaxResults); must be >= 1.\n",
    "    --max-items (integer)\n",
    "        Total assignments to print; a NextToken is printed to resume.\n",
    "    --generate-cli-skeleton [input | yaml-input | output]\n",
    "        Prints a JSON (input), YAML (yaml-input) parameter skeleton, or a\n",
    "        sample response (output; needs --hit-id and a region) and exits\n",
    "        without calling the service.\n",
    "\n",
    "GLOBAL OPTIONS\n",
    "    --debug                 Debug log on stderr (requests, signing, retries).\n",
    "    --endpoint-url URL      Use this endpoint instead of the MTurk one.\n",
    "    --no-verify-ssl         Do not verify TLS certificates.\n",
    "    --no-paginate           One service call only; prints NextToken and\n",
    "                            NumResults of that page.\n",
    "    --output FORMAT         json (default) | text | table | yaml |\n",
    "                            yaml-stream | jsonl (tinyturk: one compact JSON\n",
    "                            object per assignment per line, streamed).\n",
    "    --query EXPR            JMESPath expression applied to the result.\n",
    "    --profile NAME          Profile of ~/.aws/config and ~/.aws/credentials.\n",
    "    --region NAME           Region (us-east-1; \"sandbox\" selects the sandbox\n",
    "                            host).\n",
    "    --version               Print the version and exit.\n",
    "    --color on|off|auto     Colour table output.\n",
    "    --no-sign-request       Send unsigned requests (no credentials needed).\n",
    "    --ca-bundle FILE        PEM bundle of trusted CA certificates.\n",
    "    --cli-read-timeout N    Socket read timeout in seconds (0 = none;\n",
    "                            default 60).\n",
    "    --cli-connect-timeout N Connect timeout in seconds (0 = none; default 60).\n",
    "    --cli-binary-format F   base64 | raw-in-base64-out (accepted, no effect).\n",
    "    --no-cli-pager          Do not pipe output through a pager.\n",
    "    --cli-auto-prompt       On a terminal, ask for the parameters first.\n",
    "    --no-cli-auto-prompt    Never prompt (overrides AWS_CLI_AUTO_PROMPT).\n",
    "    --watch SECONDS         tinyturk: repeat the listing every SECONDS\n",
    "                            seconds (kiosk mode) until interrupted.\n",
    "    --answers               tinyturk: decode each Answer (QuestionFormAnswers\n",
    "                            XML) and print it as \"Answers\" in its place: a\n",
    "                            list of {QuestionIdentifier, FreeText |\n",
    "                            SelectionIdentifier [list] | OtherSelectionText |\n",
    "                            UploadedFileSizeInBytes + UploadedFileKey}, in\n",
    "                            every --output format and to --query.  An empty\n",
    "                            Answer gives []; one that does not decode stays\n",
    "                            with an \"AnswersError\" next to it.  Only the\n",
    "                            full name is recognised.\n",
    "    -h, --help              tinyturk: same as `help`.\n",
    "\n",
    "CONFIGURATION\n",
    "    Precedence (highest first), as in the AWS CLI:\n",
    "    credentials: --profile; AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY\n",
    "        (/ AWS_SESSION_TOKEN); AWS_PROFILE; the [default] profile of\n",
    "        ~/.aws/credentials then ~/.aws/config.\n",
    "    region: --region; AWS_REGION; AWS_DEFAULT_REGION; the profile's region.\n",
    "    output: --output; AWS_DEFAULT_OUTPUT; the profile's output; json.\n",
    "    Files: AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE relocate them.\n",
    "    Pager: AWS_PAGER, then PAGER, then \"less -R\" (only on a terminal).\n",
    "    AWS_MAX_ATTEMPTS (default 3), AWS_RETRY_MODE (standard | adaptive),\n",
    "    AWS_CLI_AUTO_PROMPT (on | on-partial | off), HTTPS_PROXY / HTTP_PROXY.\n",
    "\n",
    "EXIT STATUS\n",
    "    0    success\n",
    "    130  interrupted (Ctrl-C / abandoned prompt)\n",
    "    252  command line or parameter error (usage, validation, bad --query,\n",
    "         bad --cli-input-json)\n",
    "    253  configuration error (no credentials, no region)\n",
    "    254  the service returned an error\n",
    "    255  any other error (connection, timeout, TLS, missing profile,\n",
    "         pagination loop, bad timeout value)\n",
    "\n",
    "DIFFERENCES FROM THE AWS CLI\n",
    "    Error messages name the program (`tinyturk: error:`) where the CLI says\n",
    "    `aws: error:`.  Only `mturk list-assignments-for-hit` is implemented;\n",
    "    --output also accepts jsonl; --watch, --answers, -h and --help are\n",
    "    extras.\n",
    NULL};

static const char help_top[] =
    "tinyturk - a small C client for Amazon Mechanical Turk\n"
    "\n"
    "usage: tinyturk [options] <command> <subcommand> [parameters]\n"
    "\n"
    "AVAILABLE COMMANDS\n"
    "    mturk                     the Amazon Mechanical Turk service\n"
    "    list-assignments-for-hit  short for `mturk list-assignments-for-hit`\n"
    "    help                      this page\n"
    "\n"
    "Run `tinyturk mturk list-assignments-for-hit help` for the options.\n";

static const char help_service[] =
    "tinyturk mturk - Amazon Mechanical Turk (MTurk requester API 2017-01-17)\n"
    "\n"
    "AVAILABLE OPERATIONS\n"
    "    list-assignments-for-hit\n"
    "    help\n"
    "\n"
    "Run `tinyturk mturk list-assignments-for-hit help` for the options.\n";

int tt_cli_help_print(const tt_cli_options *o, FILE *out)
{
    tt_cli_help_topic t = o ? o->help_topic : TT_CLI_HELP_OPERATION;
    if (t == TT_CLI_HELP_TOP)
        fputs(help_top, out);
    else if (t == TT_CLI_HELP_SERVICE)
        fputs(help_service, out);
    else {
        size_t i;
        for (i = 0; help_operation[i]; i++)
            fputs(help_operation[i], out);
    }
    return 0;
}

void tt_cli_version_print(FILE *out)
{
    struct utsname u;
    if (uname(&u) == 0)
        fprintf(out, "tinyturk/%s (aws-cli/2.9.19 compatible) C99 %s/%s %s\n", TT_VERSION,
                u.sysname, u.release, u.machine);
    else
        fprintf(out, "tinyturk/%s (aws-cli/2.9.19 compatible) C99\n", TT_VERSION);
}
