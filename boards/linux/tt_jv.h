/*
 * tt_jv.h - host-side JSON value model (boards/linux only: uses malloc/stdio).
 *
 * A tt_jv is a node of a JSON tree that behaves like the value Python's json
 * module would produce, so that output written from it is byte-identical to
 * what the AWS CLI (Python) prints:
 *
 *   - integers and floats are different types (Python int vs float).  An
 *     integer that does not fit int64 keeps its decimal digit text.
 *   - strings are UTF-8 with an explicit length (may contain NUL).  Lone
 *     UTF-16 surrogates (which Python's json accepts from "\udXXX") are stored
 *     as their 3-byte generalised-UTF-8 form (ED A0..BF xx).
 *   - objects keep insertion order (Python dict); setting an existing key
 *     replaces its value in place (keeps its position).
 *
 * Ownership: every node is malloc'ed and reference counted.  A constructor
 * returns a node holding one reference owned by the caller; tt_jv_free()
 * drops one reference and frees the node (and its children's references)
 * when none are left.  Containers own one reference to each child.  Nodes
 * may therefore be shared between trees (tt_jv_retain()); a node reachable
 * from more than one place must not be mutated - only mutate nodes you just
 * built.  Not thread-safe (no atomics): share a tree between threads only
 * read-only and never free it concurrently.
 *
 * Allocation failure: constructors return NULL; functions returning int give
 * TT_JV_ERR_NOMEM.  Functions that take ownership of a child (push/set) take
 * it even when they fail (they free it), and accept NULL as "allocation of
 * the child failed" (then return TT_JV_ERR_NOMEM), so calls can be chained:
 *     if (tt_jv_array_push(a, tt_jv_string("x", 1)) != TT_OK) ...
 *
 * Numbers are converted with strtod/snprintf, so LC_NUMERIC must be the
 * "C" locale (the default unless the program calls setlocale()).
 *
 * Return codes: TT_OK (0) or a negative code.  Parse errors use the JSON
 * block of core/tt_error.h; out-of-memory uses TT_JV_ERR_NOMEM below
 * (pending a host block in tt_error.h).
 */
#ifndef TT_JV_H
#define TT_JV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tt_error.h"

/* Out of memory (malloc/realloc returned NULL).  Host-only code. */
#define TT_JV_ERR_NOMEM TT_ERR_HOST_NOMEM

typedef enum tt_jv_type {
    TT_JV_NULL = 0,
    TT_JV_BOOL,
    TT_JV_INT,    /* Python int: int64 value, or digit text when huge */
    TT_JV_FLOAT,  /* Python float: double (may be inf/nan) */
    TT_JV_STRING,
    TT_JV_ARRAY,
    TT_JV_OBJECT
} tt_jv_type;

typedef struct tt_jv tt_jv;

/* One object member.  `key` is NUL-terminated as a convenience, but the
 * length is klen (a key may contain NUL). */
typedef struct tt_jv_member {
    char *key;
    size_t klen;
    tt_jv *val;
} tt_jv_member;

/*
 * The node.  Fields are public for fast read-only walking (formatters);
 * build and change trees only through the functions below.
 */
struct tt_jv {
    tt_jv_type type;
    unsigned refs; /* reference count (>= 1 while alive) */
    union {
        int b; /* TT_JV_BOOL: 0 or 1 */
        struct {
            int64_t v;    /* value when big == NULL */
            char *big;    /* NUL-terminated digit text ("-123...") when the */
            size_t biglen; /* value does not fit int64, else NULL */
        } i;
        double d; /* TT_JV_FLOAT */
        struct {
            char *ptr; /* NUL-terminated copy; length is len */
            size_t len;
        } s;
        struct {
            tt_jv **items;
            size_t len, cap;
        } a;
        struct {
            tt_jv_member *m; /* in insertion order */
            size_t len, cap;
            size_t *index;   /* hash index (built once len grows past a few) */
            size_t icap;     /* slots in index (power of 2) or 0 */
        } o;
    } u;
};

/* ---- constructors (return NULL on out-of-memory) ---------------------- */
tt_jv *tt_jv_null(void);
tt_jv *tt_jv_bool(int b);
tt_jv *tt_jv_int(int64_t v);
/* Integer from decimal text "[-]digits" (no leading zeros other than "0").
 * Stored as int64 when it fits, else as digit text.  NULL if malformed. */
tt_jv *tt_jv_int_text(const char *digits, size_t len);
tt_jv *tt_jv_double(double d);
/* Copies `len` bytes from `s` (UTF-8; not validated). */
tt_jv *tt_jv_string(const char *s, size_t len);
/* Convenience: NUL-terminated `s`. */
tt_jv *tt_jv_cstring(const char *s);
tt_jv *tt_jv_array(void);
tt_jv *tt_jv_object(void);

/* Takes one more reference to `v` (may be NULL); returns v. */
tt_jv *tt_jv_retain(tt_jv *v);
/* Drops one reference (NULL is a no-op); frees the tree when the last goes. */
void tt_jv_free(tt_jv *v);

/* Appends `val` (ownership transferred, even on failure). */
int tt_jv_array_push(tt_jv *arr, tt_jv *val);
/* Sets key -> val (val ownership transferred, even on failure; key copied).
 * An existing key keeps its position and gets the new value. */
int tt_jv_object_set(tt_jv *obj, const char *key, size_t klen, tt_jv *val);
/* Removes key; returns 1 if it was present, 0 if not (order of the rest kept). */
int tt_jv_object_del(tt_jv *obj, const char *key, size_t klen);

/* ---- accessors (never allocate; wrong type gives 0/NULL) --------------- */
tt_jv_type tt_jv_type_of(const tt_jv *v);
int tt_jv_is_number(const tt_jv *v);    /* INT or FLOAT */
int tt_jv_get_bool(const tt_jv *v);
/* INT value; for huge ints INT64_MIN/MAX by sign; FLOAT truncated. */
int64_t tt_jv_get_int(const tt_jv *v);
/* Numeric value as double (huge ints converted with strtod). */
double tt_jv_get_double(const tt_jv *v);
/* String bytes (NUL-terminated) and length; NULL if not a string. */
const char *tt_jv_get_string(const tt_jv *v, size_t *len);
size_t tt_jv_array_len(const tt_jv *v);
tt_jv *tt_jv_array_get(const tt_jv *v, size_t i);   /* borrowed */
size_t tt_jv_object_len(const tt_jv *v);
/* i-th member in insertion order: key (borrowed), klen and value (borrowed). */
const char *tt_jv_object_key(const tt_jv *v, size_t i, size_t *klen);
tt_jv *tt_jv_object_value(const tt_jv *v, size_t i);
/* Value for key, or NULL (borrowed). */
tt_jv *tt_jv_object_get(const tt_jv *v, const char *key, size_t klen);
/* Name as in JMESPath type(): "null","boolean","number","string","array","object". */
const char *tt_jv_type_name(const tt_jv *v);

/* Deep equality, JMESPath/Python semantics: 1 == 1.0, objects compare
 * regardless of key order, strings bytewise.  NaN != NaN. */
int tt_jv_equal(const tt_jv *a, const tt_jv *b);
/* Deep copy (fresh, unshared nodes); NULL on out-of-memory. */
tt_jv *tt_jv_copy(const tt_jv *v);

/* qsort comparator over an array of (const tt_jv_member *): key byte order,
 * which is Python's sort order for str keys. */
int tt_jv_member_ptr_cmp(const void *pa, const void *pb);

/* ---- parser ------------------------------------------------------------ */
#define TT_JV_MAX_DEPTH 1000 /* nesting limit (Python's recursion limit) */

/* Parse flags for tt_jv_parse_ex. */
#define TT_JV_PARSE_ALLOW_NAN 1u /* accept NaN, Infinity, -Infinity (Python) */

/*
 * Parses exactly one JSON document (RFC 8259, surrounding whitespace allowed)
 * from text[0..len).  On TT_OK *out receives the tree (caller frees).  On
 * error *out is NULL, a message with the byte offset is written to err
 * (if errlen > 0; always NUL-terminated) and one of TT_ERR_JSON_SYNTAX,
 * TT_ERR_JSON_TOO_DEEP, TT_ERR_JSON_BAD_ESCAPE, TT_ERR_JSON_BAD_UTF8,
 * TT_ERR_JSON_TRUNCATED, TT_JV_ERR_NOMEM is returned.
 * Like Python: "\udXXX" lone surrogates are accepted; integers (no '.',
 * no exponent) become INT, everything else FLOAT; duplicate keys: last wins.
 */
int tt_jv_parse(const char *text, size_t len, tt_jv **out, char *err, size_t errlen);
int tt_jv_parse_ex(const char *text, size_t len, unsigned flags, tt_jv **out, char *err,
                   size_t errlen);

/* ---- output buffer ----------------------------------------------------- */
typedef struct tt_jv_buf {
    char *ptr; /* malloc'ed, NUL-terminated after every append; NULL when empty */
    size_t len;
    size_t cap;
} tt_jv_buf;

void tt_jv_buf_init(tt_jv_buf *b);
void tt_jv_buf_free(tt_jv_buf *b);   /* frees ptr, back to empty */
int tt_jv_buf_append(tt_jv_buf *b, const char *p, size_t n);

/* A sink: write n bytes; return 0 to go on, non-zero to abort
 * (the dump then returns TT_ERR_CALLBACK_ABORT). */
typedef int (*tt_jv_write_fn)(void *ctx, const char *p, size_t n);
int tt_jv_buf_write(void *buf, const char *p, size_t n);   /* ctx = tt_jv_buf* */
int tt_jv_file_write(void *file, const char *p, size_t n); /* ctx = FILE* */

/* ---- serializer: Python json.dumps byte for byte ------------------------ */
typedef struct tt_jv_dump_opts {
    int indent;            /* < 0: indent=None (one line); >= 0: indent=N */
    int ensure_ascii;      /* non-zero: escape non-ASCII (and DEL) as \uXXXX */
    int sort_keys;         /* sort object keys by code point */
    const char *item_sep;  /* NULL: Python default (", " or "," with indent) */
    const char *key_sep;   /* NULL: Python default ": " */
} tt_jv_dump_opts;

/* json.dumps defaults: indent None, ensure_ascii True, no sort, default seps. */
void tt_jv_dump_opts_default(tt_jv_dump_opts *o);

/* Writes v as json.dumps(v, **opts) would (no trailing newline).
 * opts NULL = defaults.  Returns TT_OK, TT_ERR_CALLBACK_ABORT, TT_JV_ERR_NOMEM. */
int tt_jv_dump(const tt_jv *v, const tt_jv_dump_opts *opts, tt_jv_write_fn w, void *ctx);
int tt_jv_dump_buf(const tt_jv *v, const tt_jv_dump_opts *opts, tt_jv_buf *out);
int tt_jv_dump_file(const tt_jv *v, const tt_jv_dump_opts *opts, FILE *f);

/* Writes a JSON string literal (with quotes) for s[0..len), escaped like
 * Python json (ensure_ascii as above). */
int tt_jv_dump_string(const char *s, size_t len, int ensure_ascii, tt_jv_write_fn w,
                      void *ctx);

/* Python repr(float) of d into out (NUL-terminated); returns the length,
 * or the length needed when cap is too small (out then untouched if cap==0,
 * else truncated).  "1.0", "0.1", "1e+16", "1e-05", "inf", "-inf", "nan".
 * (json.dumps writes inf/nan as Infinity/-Infinity/NaN instead.) 32 bytes
 * are always enough. */
size_t tt_jv_float_repr(double d, char *out, size_t cap);

/* Python str(int) of an INT node (digit text); same return convention. */
size_t tt_jv_int_repr(const tt_jv *v, char *out, size_t cap);

#endif /* TT_JV_H */
