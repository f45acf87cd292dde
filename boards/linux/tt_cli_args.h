/*
 * tt_cli_args.h - command line front end of the tinyturk CLI (host only).
 *
 * Parses and validates argv exactly like `aws mturk list-assignments-for-hit`
 * (AWS CLI 2.9.19) does: the same options (global ones before or after the
 * command words, `--opt value` and `--opt=value`, last one wins for repeated
 * scalars), the same defaults, the same client-side parameter validation,
 * --cli-input-json / --cli-input-yaml merging, and the same error messages
 * and exit codes.  Extras of ours: `--output jsonl` and `--watch SECONDS`.
 *
 * Error messages say `<prog>:` where the CLI says `aws:` (prog = basename of
 * argv[0], e.g. "tinyturk"); everything else is byte-identical to the CLI.
 *
 * Use (main.c):
 *
 *     tt_cli_options o; tt_cli_error e;
 *     int r = tt_cli_parse(argc, argv, &o, &e);
 *     switch (r) {
 *     case TT_CLI_ERROR:   fputs(e.text, stderr); rc = e.exit_code; break;
 *     case TT_CLI_HELP:    rc = tt_cli_help_print(&o, stdout); break;      (tt_cli_help.h)
 *     case TT_CLI_VERSION: tt_cli_version_print(stdout); rc = 0; break;    (tt_cli_help.h)
 *     case TT_CLI_SKELETON: (input / yaml-input need no configuration;
 *                          "output" needs the resolved region first)
 *                          rc = tt_cli_skeleton(&o, region_or_NULL, stdout, stderr); (tt_cli_input.h)
 *     case TT_CLI_RUN:     resolve config with o.profile/o.region/...;
 *                          no region -> 253;  then if (o.deferred.exit_code)
 *                          { fputs(o.deferred.text, stderr); rc = o.deferred.exit_code; }
 *                          then credentials (253), then run the listing.
 *     }
 *     tt_cli_error_free(&e); tt_cli_options_free(&o);
 *
 * Stages, as the CLI runs them (the first failing stage decides the error):
 * a first-pass parser (--profile/--debug/-h), the global parser (global
 * options anywhere, the command word), --query compile and timeout int()
 * checks, the service parser (`mturk <operation>`), the operation parser
 * ("Unknown options: ..."), pagination conflicts, value unpacking (file://,
 * --max-results int(), a JSON list for --assignment-statuses), the
 * --cli-input-json/yaml merge; parameter validation is deferred (see
 * tt_cli_options.deferred) because the CLI only validates at request time.
 *
 * Auto-prompt: with --cli-auto-prompt (or AWS_CLI_AUTO_PROMPT=on /
 * on-partial, or tt_cli_parse_cfg.auto_prompt_default) the parameters are
 * asked on the terminal (tt_cli_prompt.h) before parsing; on a non-TTY stdin
 * the CLI's "Warning: Input is not a terminal (fd=0)." and exit 255.
 *
 * Memory: every string in tt_cli_options and tt_cli_error is a malloc'd copy
 * owned by the struct (argv is not referenced after the call); free with
 * tt_cli_options_free() / tt_cli_error_free() whatever tt_cli_parse returned.
 */
#ifndef TT_CLI_ARGS_H
#define TT_CLI_ARGS_H

#include <stddef.h>
#include <stdio.h>

/* tt_cli_parse() results: what main should do next. */
#define TT_CLI_RUN 0      /* run the listing with the options */
#define TT_CLI_HELP 1     /* print help (o->help_topic says which page) */
#define TT_CLI_VERSION 2  /* print the version line, exit 0 */
#define TT_CLI_SKELETON 3 /* --generate-cli-skeleton: call tt_cli_skeleton() */
#define TT_CLI_ERROR 4    /* print err->text on stderr, exit err->exit_code */

/* Exit codes (the AWS CLI's). */
#define TT_CLI_EXIT_OK 0
#define TT_CLI_EXIT_USAGE 252   /* argparse / parameter validation errors */
#define TT_CLI_EXIT_CONFIG 253  /* no credentials, no region */
#define TT_CLI_EXIT_SERVICE 254 /* the service returned an error */
#define TT_CLI_EXIT_OTHER 255   /* connection, timeouts, missing profile, ... */

/* Which help page (`help` words or --help). */
typedef enum tt_cli_help_topic {
    TT_CLI_HELP_NONE = 0,
    TT_CLI_HELP_TOP,      /* `tinyturk help` */
    TT_CLI_HELP_SERVICE,  /* `tinyturk mturk help` */
    TT_CLI_HELP_OPERATION /* `tinyturk [mturk] list-assignments-for-hit help` */
} tt_cli_help_topic;

/* Auto-prompt modes (--cli-auto-prompt, AWS_CLI_AUTO_PROMPT, config). */
#define TT_CLI_PROMPT_UNSET (-1)
#define TT_CLI_PROMPT_OFF 0
#define TT_CLI_PROMPT_ON 1
#define TT_CLI_PROMPT_PARTIAL 2 /* "on-partial": prompt only after a param error */

typedef struct tt_cli_error {
    int exit_code; /* 0 when no error, else 252/253/255 */
    char *text;    /* full stderr text exactly as the CLI prints it (leading
                      empty line and trailing newline included), malloc'd, or
                      NULL when there is nothing to print */
} tt_cli_error;

typedef struct tt_cli_options {
    const char *prog; /* basename of argv[0] (points into argv[0]) */

    /* What was asked. */
    int command_ok;   /* `mturk list-assignments-for-hit` or `list-assignments-for-hit` */
    int want_help;    /* help / --help seen */
    tt_cli_help_topic help_topic;
    int want_version; /* --version */

    /* Operation parameters, after merging --cli-input-json/yaml (the command
     * line wins over the input document). */
    char *hit_id;        int has_hit_id;
    char **statuses;     size_t n_statuses; int has_statuses; /* [] possible */
    char *next_token;    int has_next_token;  /* hidden --next-token or input NextToken */
    long max_results;    int has_max_results; /* hidden --max-results or input MaxResults */

    /* Pagination (customizations/paginate.py). */
    char *starting_token;            /* --starting-token or NULL */
    long page_size;  int has_page_size;
    long max_items;  int has_max_items;
    int no_paginate;                 /* --no-paginate given */
    int pagination_disabled_by_input; /* NextToken/MaxResults present (hidden arg or input) */
    int paginate;                    /* final: 1 = follow NextToken and merge pages */

    /* Global options.  NULL / has_* = 0 when not given (main then applies
     * env vars and the config file, as the CLI does). */
    char *output;        /* json|text|table|yaml|yaml-stream|jsonl (validated) */
    char *query;         /* --query text (syntax already validated) */
    char *profile;
    char *region;
    char *endpoint_url;
    int no_verify_ssl;
    char *ca_bundle;
    int debug;
    char *color;         /* on|off|auto (validated), NULL = auto */
    int no_sign_request;
    double read_timeout;    int has_read_timeout;    /* --cli-read-timeout (0 = none) */
    double connect_timeout; int has_connect_timeout; /* --cli-connect-timeout */
    char *cli_binary_format; /* base64|raw-in-base64-out (validated) */
    int no_cli_pager;
    int cli_auto_prompt;     /* TT_CLI_PROMPT_*: from the command line only */

    /* Input documents (raw option values, e.g. "file://in.json"). */
    char *cli_input_json;
    char *cli_input_yaml;

    char *generate_skeleton; /* NULL, "input", "yaml-input" or "output" */

    /* Ours. */
    long watch_seconds; int has_watch; /* --watch SECONDS (>= 1) */
    int answers;                       /* --answers: decode each Answer (tt_qfa) */

    /* Errors the CLI reports only when it builds the client / request:
     * main must print this (and exit with its code) AFTER the region has
     * been resolved (no region -> 253 first) and BEFORE credentials are
     * required (param validation precedes signing in the CLI):
     *   "Attempted to set read timeout to -1, ..." (255),
     *   "\nParameter validation failed:\n..." (252).
     * exit_code 0 / text NULL when there is nothing to report. */
    tt_cli_error deferred;
} tt_cli_options;

/*
 * Optional parse settings (NULL = defaults).
 */
typedef struct tt_cli_parse_cfg {
    /* Auto-prompt mode when neither --cli-auto-prompt nor
     * --no-cli-auto-prompt is given (AWS_CLI_AUTO_PROMPT / config
     * cli_auto_prompt).  TT_CLI_PROMPT_UNSET = read getenv("AWS_CLI_AUTO_PROMPT"). */
    int auto_prompt_default;
    FILE *prompt_in;  /* NULL = stdin */
    FILE *prompt_out; /* NULL = stdout */
    int assume_tty;   /* -1 = isatty() of prompt_in/out, 0 = no TTY, 1 = TTY (tests) */
} tt_cli_parse_cfg;

/* Defaults for tt_cli_parse_cfg (prompt from env, stdin/stdout, isatty). */
void tt_cli_parse_cfg_defaults(tt_cli_parse_cfg *c);

/*
 * Parses and validates argv[0..argc).  Always initialises *o and *err (both
 * must be freed afterwards).  Returns TT_CLI_RUN, TT_CLI_HELP,
 * TT_CLI_VERSION, TT_CLI_SKELETON or TT_CLI_ERROR (err filled).  Reads the
 * files named by --cli-input-json/yaml file://..., and, when auto-prompt is
 * on and the terminal is a TTY, prompts for the parameters.
 */
int tt_cli_parse(int argc, char **argv, tt_cli_options *o, tt_cli_error *err);
int tt_cli_parse_ex(int argc, char **argv, const tt_cli_parse_cfg *cfg, tt_cli_options *o,
                    tt_cli_error *err);

void tt_cli_options_free(tt_cli_options *o);
void tt_cli_error_free(tt_cli_error *e);

/* Sets *err to (exit_code, a copy of text).  Helper for main.c too. */
void tt_cli_error_set(tt_cli_error *err, int exit_code, const char *text);

/* Writes the CLI's usage block for argparse errors with `prog` in place of
 * "aws" ("usage: aws [options] <command> <subcommand> ...\n...  aws <command>
 * <subcommand> help\n") into buf (NUL-terminated, truncated to cap).
 * Returns the full length. */
size_t tt_cli_usage_text(const char *prog, char *buf, size_t cap);

#endif /* TT_CLI_ARGS_H */
