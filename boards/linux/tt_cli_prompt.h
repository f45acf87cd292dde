/*
 * tt_cli_prompt.h - --cli-auto-prompt (host only): asks for the operation's
 * parameters on a terminal and returns the completed argument vector.
 */
#ifndef TT_CLI_PROMPT_H
#define TT_CLI_PROMPT_H

#include <stdio.h>

/*
 * Prompts on `out`, reading answers line by line from `in`, for the
 * parameters missing from args[0..n): --hit-id (required, asked until
 * non-empty), --assignment-statuses (offers Submitted, Approved, Rejected;
 * a space separated list, empty = all), --page-size, --max-items,
 * --output.  An empty answer skips an optional parameter.  On success
 * returns 0 and *out_args / *out_n receive a new malloc'd vector (strings
 * malloc'd; free with tt_cli_prompt_free_args) made of args (without
 * --cli-auto-prompt) plus the answers.  Returns -1 on EOF before the
 * required HITId or on allocation failure.
 */
int tt_cli_prompt_run(char **args, size_t n, FILE *in, FILE *out, char ***out_args,
                      size_t *out_n);

void tt_cli_prompt_free_args(char **args, size_t n);

#endif /* TT_CLI_PROMPT_H */
