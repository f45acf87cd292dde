/*
 * tt_cli_input.h - --cli-input-json / --cli-input-yaml documents, file://
 * parameter values, and --generate-cli-skeleton printing (host only).
 */
#ifndef TT_CLI_INPUT_H
#define TT_CLI_INPUT_H

#include <stdio.h>

#include "tt_cli_args.h"
#include "tt_jv.h"

/*
 * If `value` starts with file:// or fileb://, reads the file (path after
 * the prefix, `~` and $VARS expanded like Python's expanduser/expandvars,
 * relative to the cwd) into *out (malloc'd, NUL-terminated, caller frees)
 * and returns 1.  Returns 0 when value is not a file reference (*out NULL).
 * Returns -1 when the file cannot be read; msg then receives the CLI text
 * "Unable to load paramfile file://x: [Errno 2] No such file or directory: 'x'".
 */
int tt_cli_paramfile(const char *value, char **out, char *msg, size_t msglen);

/*
 * Parses an input document: JSON (is_yaml = 0, Python json.loads rules) or
 * the YAML subset written by --generate-cli-skeleton yaml-input (block and
 * flow mappings/sequences, plain / quoted scalars, comments, YAML 1.2 core
 * types).  On success returns 0 and *out is the tree (caller frees; NULL
 * node for an empty YAML document).  Returns -1 on a syntax error.
 */
int tt_cli_input_parse(const char *text, size_t len, int is_yaml, tt_jv **out);

/*
 * Checks text[0..len) the way Python's json.loads does.  Returns 0 when it
 * parses, else -1 with msg set to str(JSONDecodeError), e.g.
 * "Expecting value: line 1 column 2 (char 1)".
 */
int tt_cli_pyjson_error(const char *text, size_t len, char *msg, size_t msglen);

/* The skeletons exactly as /usr/bin/aws 2.9.19 prints them. */
extern const char tt_cli_skeleton_input_json[];
extern const char tt_cli_skeleton_input_yaml[];

/*
 * Prints what --generate-cli-skeleton asks for (o->generate_skeleton):
 *   "input" / "yaml-input": the input skeleton on `out`; returns 0.
 *   "output": needs a region (region_or_null NULL -> the CLI's "You must
 *     specify a region..." on `err`, returns 253); then reports
 *     o->deferred if set (returns its code); else prints the sample
 *     response in o->output format (NULL = json) with o->query applied;
 *     returns 0.
 * `out` and `err` are borrowed.
 */
int tt_cli_skeleton(const tt_cli_options *o, const char *region_or_null, FILE *out, FILE *err);

#endif /* TT_CLI_INPUT_H */
