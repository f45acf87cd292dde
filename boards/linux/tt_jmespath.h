/*
 * tt_jmespath.h - JMESPath (host only) over tt_jv trees, for --query.
 *
 * Implements the whole JMESPath specification as the python `jmespath`
 * package 1.0.1 (the one the AWS CLI uses) behaves, including its quirks
 * where the specification is silent: legacy `foo` literals (unquoted JSON
 * in backticks is read as a string), ordering comparisons also accept
 * strings (and give null for other types), sort/sort_by are stable,
 * length() counts code points, to_string() is json.dumps(separators=(',',
 * ':')) with ensure_ascii, functions evaluate their arguments before the
 * name is checked, and so on.  Passes all 908 cases of the official
 * compliance suite (tests/vectors/jmespath), and agrees with python
 * jmespath on >250k random differential cases (expressions, results and
 * error kinds).
 *
 * Where python itself crashes with a non-JMESPath exception (a TypeError
 * the CLI would print as an internal error) we return something defined:
 * ordering a number against a string gives null; contains('abc', 1) is
 * false; merge() with an argument that is neither an object nor a sequence
 * of string-keyed pairs, and a result that contains an expression
 * reference (e.g. `[&a]`), give TT_JMESPATH_ERR_TYPE.  An expression
 * reference used as a value (not_null(&a), !&a) behaves like python's
 * object: truthy, type() null, equal only to itself.
 *
 *   tt_jmespath *q; tt_jmespath_error e; tt_jv *r;
 *   if (tt_jmespath_compile(expr, strlen(expr), &q, &e) != TT_OK) ... e.msg
 *   if (tt_jmespath_search(q, data, &r, &e) != TT_OK) ... e.msg
 *   ... use r ... tt_jv_free(r); tt_jmespath_free(q);
 *
 * Thread safety: a compiled expression is immutable and may be searched
 * from several threads at once, provided the data trees are not shared
 * between threads (results take references on data nodes).
 */
#ifndef TT_JMESPATH_H
#define TT_JMESPATH_H

#include <stddef.h>

#include "tt_jv.h"

/* Return codes (pending a host block in core/tt_error.h). Out of memory is
 * TT_JV_ERR_NOMEM (-900). */
#define TT_JMESPATH_ERR_SYNTAX TT_ERR_JMESPATH_SYNTAX           /* lexer/parser error, empty expression */
#define TT_JMESPATH_ERR_ARITY TT_ERR_JMESPATH_ARITY            /* wrong number of function arguments */
#define TT_JMESPATH_ERR_TYPE TT_ERR_JMESPATH_TYPE             /* function argument of the wrong type */
#define TT_JMESPATH_ERR_VALUE TT_ERR_JMESPATH_VALUE            /* invalid value (slice step 0, ...) */
#define TT_JMESPATH_ERR_UNKNOWN_FUNCTION TT_ERR_JMESPATH_UNKNOWN_FUNCTION /* no such function */

/* Error kinds, named as in the compliance suite. */
typedef enum tt_jmespath_kind {
    TT_JMESPATH_OK = 0,
    TT_JMESPATH_SYNTAX,           /* "syntax" */
    TT_JMESPATH_INVALID_ARITY,    /* "invalid-arity" */
    TT_JMESPATH_INVALID_TYPE,     /* "invalid-type" */
    TT_JMESPATH_INVALID_VALUE,    /* "invalid-value" */
    TT_JMESPATH_UNKNOWN_FUNCTION, /* "unknown-function" */
    TT_JMESPATH_NOMEM             /* out of memory (not a JMESPath error) */
} tt_jmespath_kind;

/*
 * Error details, filled by compile/search on failure (may be NULL if the
 * caller only wants the return code).  `msg` is the text python jmespath's
 * exception would print (str(e)) as closely as reasonable, e.g.
 *   Invalid jmespath expression: Incomplete expression:\n"foo."\n      ^
 * `offset` is the byte offset in the expression (syntax errors) or 0.
 */
typedef struct tt_jmespath_error {
    tt_jmespath_kind kind;
    size_t offset;
    char msg[512];
} tt_jmespath_error;

/* The suite's name for a kind ("syntax", "invalid-type", ...; "" for OK). */
const char *tt_jmespath_kind_name(tt_jmespath_kind kind);

typedef struct tt_jmespath tt_jmespath; /* a compiled expression (opaque) */

/*
 * Compiles expr[0..len) (UTF-8; need not be NUL-terminated).  On TT_OK,
 * *out is the compiled expression, owned by the caller (tt_jmespath_free);
 * it does not reference `expr` afterwards.  On error *out is NULL and the
 * return is TT_JMESPATH_ERR_SYNTAX or TT_JV_ERR_NOMEM.
 */
int tt_jmespath_compile(const char *expr, size_t len, tt_jmespath **out, tt_jmespath_error *err);

/*
 * Evaluates q against data (NULL means JSON null).  On TT_OK *result is a
 * new reference owned by the caller (tt_jv_free); it is never NULL (a JSON
 * null node for null).  The result may share nodes with `data`: their
 * reference counts are incremented (so `data` is modified in that sense
 * although declared const), and neither tree may be mutated while the other
 * is alive; they can be freed in any order.  On error *result is NULL and
 * one of TT_JMESPATH_ERR_* or TT_JV_ERR_NOMEM is returned.
 */
int tt_jmespath_search(const tt_jmespath *q, const tt_jv *data, tt_jv **result,
                       tt_jmespath_error *err);

/* Frees a compiled expression (NULL is a no-op). */
void tt_jmespath_free(tt_jmespath *q);

#endif /* TT_JMESPATH_H */
