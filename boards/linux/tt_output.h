/*
 * tt_output.h - host output layer: prints ListAssignmentsForHIT results the
 * way `aws mturk list-assignments-for-hit` (AWS CLI 2.9.19) does, byte for
 * byte, in every --output format, with --query and the CLI's timestamp
 * rendering.  Host only (boards/linux): uses malloc and stdio.
 *
 * Use (the engine's callbacks forward to it):
 *
 *     tt_out_opts oo;  tt_out *o;
 *     tt_out_opts_defaults(&oo);
 *     oo.format = TT_OUT_TABLE;  oo.query = q;  oo.paginated = !no_paginate;
 *     if (tt_out_new(&oo, &o) != TT_OK) ...
 *     on_assignment(ctx, a, i)  -> return tt_out_assignment(o, a);
 *     on_page_end(ctx, info)    -> return tt_out_page_end(o, info);
 *     on_token(ctx, tok)        -> return tt_out_set_token(o, tok.ptr, tok.len);
 *     rc = tt_client_list(...);
 *     if (rc == TT_OK) rc2 = tt_out_finish(o);   // prints buffered formats
 *     tt_out_free(o);                            // always
 *
 * (A callback returning a non-zero tt_out code makes tt_client_list() stop
 * with TT_ERR_CALLBACK_ABORT; keep the tt_out code to report it.)
 *
 * What is printed when, as the CLI does:
 *   json, yaml, table : the merged result, at tt_out_finish().  A listing
 *                       that fails (no finish) prints nothing.
 *   text, yaml-stream : each page at tt_out_page_end() (the --query is
 *                       applied to each page separately); a failure leaves
 *                       the pages already printed, as the CLI does.
 *   jsonl (ours)      : one compact JSON object per assignment
 *                       (json.dumps(separators=(",", ":"), ensure_ascii=False)),
 *                       written as each assignment arrives.  With a query
 *                       the query is applied to each assignment object
 *                       separately and each non-null result is printed on
 *                       its own line.  A --max-items resume token ends the
 *                       output as a last line {"NextToken":"..."}.
 *
 * Known differences from the CLI (unreachable with real MTurk responses):
 * a page without an "Assignments" key is treated as an empty list (the CLI
 * prints None / omits the key); an empty-string NextToken is treated as
 * absent (the engine reports it so) where --no-paginate / yaml-stream
 * would show NextToken: ''.
 *
 * Memory.  json and yaml are streamed: each assignment is rendered as it
 * arrives into a spool (an anonymous temporary file from tmpfile(), so
 * memory stays flat for any number of assignments) which is copied to the
 * output at tt_out_finish(); a failed listing therefore prints nothing,
 * exactly like the CLI.  (spool = 0 writes straight to `out` instead: the
 * output then starts before the listing ends and a failure leaves a
 * partial document.  When tmpfile() fails, the merged result is kept in
 * memory instead, as with a query.)  With a --query, json/yaml/table need
 * the whole result: the decoded assignments are kept in memory (tt_jv
 * trees) and the query runs at finish.  table always keeps the whole result (column widths
 * depend on every row).  text and yaml-stream keep one page.  With
 * paginated = 0 (--no-paginate) the single page is kept (its NextToken and
 * NumResults, printed first, are known only at the page end).
 *
 * Ownership: tt_out_new() copies `opts` (the query and FILE are borrowed:
 * they must outlive the tt_out).  Assignment strings are copied/rendered
 * during tt_out_assignment(); nothing keeps pointers into the engine's
 * buffers.
 *
 * Errors: TT_OK (0) or a negative code: TT_JV_ERR_NOMEM (-900), a
 * TT_JMESPATH_ERR_* code from the query (its message in tt_out_errmsg()),
 * TT_OUT_ERR_* below.  After an error the tt_out accepts only
 * tt_out_free() (and tt_out_errmsg()).
 */
#ifndef TT_OUTPUT_H
#define TT_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "tinyturk.h"
#include "tt_jmespath.h"
#include "tt_jv.h"

/* Codes (the output block of core/tt_error.h). */
#define TT_OUT_ERR_IO TT_ERR_OUT_IO      /* writing the output or the spool failed */
#define TT_OUT_ERR_ARG TT_ERR_OUT_ARG     /* NULL argument, unknown format, misuse (e.g. after finish) */
#define TT_OUT_ERR_TIME TT_ERR_OUT_TIME    /* timestamp out of the range Python can render */

typedef enum tt_out_format {
    TT_OUT_JSON = 0,
    TT_OUT_TEXT,
    TT_OUT_TABLE,
    TT_OUT_YAML,
    TT_OUT_YAML_STREAM,
    TT_OUT_JSONL /* ours: one assignment per line */
} tt_out_format;

/* cli_timestamp_format: the CLI 2.9.19 accepts only "iso8601" (default) and
 * "wire" (anything else is a configuration error, exit 253 - not handled
 * here). */
typedef enum tt_ts_format {
    TT_TS_ISO8601 = 0, /* datetime.fromtimestamp(v, tzlocal()).isoformat() */
    TT_TS_WIRE         /* the wire number as Python float/int repr */
} tt_ts_format;

/* Parses "json", "text", "table", "yaml", "yaml-stream", "jsonl" (NUL-
 * terminated).  Returns 0 and sets *f, or -1 for an unknown name. */
int tt_out_format_parse(const char *name, tt_out_format *f);

typedef struct tt_out_opts {
    tt_out_format format;
    tt_ts_format ts;
    const tt_jmespath *query; /* compiled --query, borrowed; NULL = none */
    int paginated;  /* 1: merged pagination output (default CLI mode);
                       0: --no-paginate: the raw page (NextToken, NumResults,
                       Assignments).  Also 0 when the CLI would turn
                       pagination off (hidden --next-token/--max-results). */
    int color;      /* table only (the CLI colours nothing else):
                       0 = --color off / auto on a non-TTY (plain),
                       1 = --color on (colorama ANSI styles) */
    int terminal_width; /* table: width to fit in; <= 0 = 80 (the CLI's
                           value when stdout is not a TTY); the caller passes
                           the TTY's columns when stdout is a terminal */
    int spool;      /* json/yaml: 1 (default) = spool to tmpfile(), print at
                       finish; 0 = write directly to `out` */
    FILE *out;      /* borrowed; NULL = stdout */
    int answers;    /* --answers: each assignment's Answer member is replaced
                       by "Answers", its decoded QuestionFormAnswers (see
                       tt_out_answers_apply); 0 = as the AWS CLI */
} tt_out_opts;

/* Defaults: json, iso8601, no query, paginated, no colour, width 80,
 * spool on, stdout. */
void tt_out_opts_defaults(tt_out_opts *o);

typedef struct tt_out tt_out;

/* Creates a formatter (*out owned by the caller: tt_out_free).  Reads the
 * local time zone (TZ) now (tzset()).  Returns TT_OK, TT_OUT_ERR_ARG,
 * TT_JV_ERR_NOMEM, TT_OUT_ERR_IO (tmpfile failed). */
int tt_out_new(const tt_out_opts *opts, tt_out **out);

/* One delivered assignment (copied).  Returns TT_OK or an error. */
int tt_out_assignment(tt_out *o, const tt_assignment *a);

/* End of a page (after its delivered assignments).  text / yaml-stream
 * print the page here; --no-paginate records NextToken / NumResults. */
int tt_out_page_end(tt_out *o, const tt_page_info *p);

/* The resume token (the engine's on_token): the CLI-format token when
 * max-items cut the listing (paginated), or the page's raw NextToken with
 * --no-paginate.  Copied.  Call before tt_out_finish(). */
int tt_out_set_token(tt_out *o, const char *tok, size_t len);

/* The listing succeeded: print what is buffered (json/yaml/table, the
 * text NEXTTOKEN record, ...) and flush.  Call once. */
int tt_out_finish(tt_out *o);

/* Frees everything (NULL is a no-op).  Without a successful finish,
 * buffered output is discarded (see "What is printed when"). */
void tt_out_free(tt_out *o);

/* Message for the last error of `o` (never NULL; "" when none), e.g. the
 * JMESPath error text. */
const char *tt_out_errmsg(const tt_out *o);

/* ---- building blocks (also used by tests) ------------------------------ */

/* The assignment as the CLI's parsed dict: an object with the present
 * members in model order, timestamps converted per `ts`.  *out is a new
 * tree owned by the caller.  Returns TT_OK, TT_JV_ERR_NOMEM, TT_OUT_ERR_TIME. */
int tt_out_assignment_to_jv(const tt_assignment *a, tt_ts_format ts, tt_jv **out);

/* A wire timestamp (the JSON number text raw[0..len)) rendered as the CLI
 * does: iso8601 = Python datetime.fromtimestamp(float(raw), tzlocal())
 * .isoformat() with dateutil's tzlocal rules for the current TZ;
 * wire = the number as Python json gives it back (int text, or float repr).
 * Writes a NUL-terminated string into buf (64 bytes are enough) and returns
 * its length, or a negative code (TT_OUT_ERR_TIME, TT_OUT_ERR_ARG).
 * Call tzset() first when TZ changed. */
int tt_out_timestamp(const char *raw, size_t len, tt_ts_format ts, char *buf, size_t cap);

/* --answers: in the assignment object *v (from tt_out_assignment_to_jv),
 * replace "Answer" by "Answers" at the same position: a list with one
 * object per Answer element, {"QuestionIdentifier": s, then as present
 * "FreeText": s, "SelectionIdentifier": [s, ...], "OtherSelectionText": s,
 * "UploadedFileSizeInBytes": n, "UploadedFileKey": s}; an empty Answer
 * gives [].  When the XML does not decode, "Answer" stays and
 * "AnswersError" follows it ("<description> (<TT_ERR_NAME>) at byte N").
 * *v may be replaced by a new object (the old reference is dropped).
 * Returns TT_OK or TT_JV_ERR_NOMEM (tt_out_answers.c). */
int tt_out_answers_apply(const tt_assignment *a, tt_jv **v);

/* Display width of UTF-8 text as the CLI's table counts it (East Asian
 * Wide, Fullwidth and Ambiguous = 2 columns, everything else 1 per code
 * point). */
size_t tt_out_display_width(const char *s, size_t len);

/* Writes `v` in format `f` exactly as the CLI's formatter would print a
 * response dict / query result (json: indent 4 + "\n"; text; table with
 * `title`; yaml; yaml-stream prints v as one list item).  For tests and
 * tools; the streaming paths above produce the same bytes. */
int tt_out_write_value(const tt_jv *v, tt_out_format f, const char *title, int color,
                       int terminal_width, FILE *out);

#endif /* TT_OUTPUT_H */
