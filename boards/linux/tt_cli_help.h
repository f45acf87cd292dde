/*
 * tt_cli_help.h - help text, version line (host only).  The same content is
 * in the man page boards/linux/tinyturk.1.
 */
#ifndef TT_CLI_HELP_H
#define TT_CLI_HELP_H

#include <stdio.h>

#include "tt_cli_args.h"

/* Prints the help page for o->help_topic (TOP, SERVICE or OPERATION; NONE
 * prints the operation page) on `out`.  Returns the exit code (0). */
int tt_cli_help_print(const tt_cli_options *o, FILE *out);

/* Prints the --version line: "tinyturk/<ver> (aws-cli/2.9.19 compatible) C99 <os>/<release>\n". */
void tt_cli_version_print(FILE *out);

#endif /* TT_CLI_HELP_H */
