/*
 * tt_json.h - incremental RFC 8259 scanner/validator and exact decimal
 * number accumulator (no allocation, bounded state).
 *
 * The scanner takes a JSON text one byte at a time and turns it into events
 * (container begin/end, key and string bytes already unescaped, number text,
 * literals).  It validates the whole grammar as it goes, which jsmn does
 * not: separators, trailing commas, literals spelled fully, numbers (no
 * leading zeros, digits after '.' and in the exponent), no raw control
 * characters in strings, strict UTF-8 (no overlongs, no surrogates, <=
 * U+10FFFF), escapes (\uXXXX with surrogate pairs; lone surrogates and
 * unknown escapes rejected), one value only followed by whitespace, nesting
 * <= TT_JSON_MAX_DEPTH (one bit per level).
 *
 * Users: tt_page.c (ListAssignmentsForHIT pages) and tt_svcerr.c (error
 * bodies).  The structs are public only so callers can allocate them; treat
 * their members as private.
 */
#ifndef TT_JSON_H
#define TT_JSON_H

#include "tt_base.h"
#include "tt_config.h"

/* TT_JSON_FAST (speed vs size of the scanners below): see tt_config.h. */

/* Event codes returned by tt_json_byte() (low byte).  At most one primary
 * event per input byte, plus TT_JSON_EV_NUM_END which may be OR-ed on top:
 * a number only ends at the byte after it, so handle NUM_END first, then
 * the primary event of the same byte. */
enum {
    TT_JSON_EV_NONE = 0,   /* whitespace, ':' ',' or an escape in progress */
    TT_JSON_EV_OBJ_BEGIN,  /* '{' (depth already incremented) */
    TT_JSON_EV_OBJ_END,    /* '}' (depth already decremented) */
    TT_JSON_EV_ARR_BEGIN,  /* '[' */
    TT_JSON_EV_ARR_END,    /* ']' */
    TT_JSON_EV_KEY_BEGIN,  /* opening quote of an object key */
    TT_JSON_EV_KEY_DATA,   /* decoded key bytes in s->out[0..out_len) */
    TT_JSON_EV_KEY_END,    /* closing quote of a key */
    TT_JSON_EV_STR_BEGIN,  /* opening quote of a string value */
    TT_JSON_EV_STR_DATA,   /* decoded string bytes in s->out[0..out_len) */
    TT_JSON_EV_STR_END,    /* closing quote of a string value */
    TT_JSON_EV_NUM_BEGIN,  /* first byte of a number (the byte is number text) */
    TT_JSON_EV_NUM_DATA,   /* a further byte of number text */
    TT_JSON_EV_TRUE,       /* last letter of `true` */
    TT_JSON_EV_FALSE,      /* last letter of `false` */
    TT_JSON_EV_NULL        /* last letter of `null` */
};
#define TT_JSON_EV_MASK 0xffu /* the event kind bits of an event value */
#define TT_JSON_EV_NUM_END 0x100 /* the number before this byte is complete */

/* Words of the open-container bit stack (one bit per level). */
#define TT_JSON_STACK_WORDS ((TT_JSON_MAX_DEPTH + 31) / 32)

/* The scanner's state: caller-owned plain data, no pointers; members not
 * marked otherwise are read-only for the caller. */
typedef struct tt_json_scanner {
    uint32_t stack[TT_JSON_STACK_WORDS]; /* bit set = object, clear = array */
    uint16_t depth;     /* open containers */
    /* For value-begin events (OBJ/ARR_BEGIN, STR/NUM_BEGIN, literals): how
     * many containers enclose the value, and whether the innermost of them
     * is an object (0 for the root value). */
    uint16_t vdepth;
    uint8_t state;      /* grammar state (private) */
    uint8_t sub;        /* literal / hex / UTF-8 progress (private) */
    uint8_t is_key;     /* the open string is an object key */
    uint8_t lit;        /* which literal is being spelled (private) */
    uint8_t utf8_lo, utf8_hi; /* bounds for the next UTF-8 continuation byte */
    uint8_t out_len;    /* bytes in out[] for *_DATA events */
    uint8_t vin_obj;    /* see vdepth */
    uint32_t cp;        /* \u code unit being read */
    uint32_t hi;        /* pending high surrogate */
    unsigned char out[4];     /* decoded bytes of a *_DATA event (out_len) */
} tt_json_scanner;

/* Start scanning a new document. */
void tt_json_init(tt_json_scanner *s);

/*
 * Feed one byte.  Returns an event mask (>= 0, see above) or a negative
 * error: TT_ERR_JSON_SYNTAX, TT_ERR_JSON_TOO_DEEP, TT_ERR_JSON_BAD_ESCAPE,
 * TT_ERR_JSON_BAD_UTF8.  After an error the scanner must be re-initialised.
 */
int tt_json_byte(tt_json_scanner *s, unsigned char c);

/*
 * End of input.  Returns TT_JSON_EV_NUM_END when a root-level number was
 * still open, TT_OK when one complete value was seen, TT_ERR_JSON_TRUNCATED
 * when the document is unfinished (including empty input).
 */
int tt_json_end(tt_json_scanner *s);

/* Nonzero once a complete root value has been scanned. */
int tt_json_done(const tt_json_scanner *s);

/*
 * Decoding fast path inside a string (key or value), for when the next
 * bytes are at hand: when no escape or UTF-8 sequence is pending, consume
 * the longest prefix of p[0..n) made of complete units - plain bytes,
 * escapes (a \uD8xx\uDCxx pair only whole), whole UTF-8 sequences - whose
 * decoded bytes fit in out[0..cap), and write them there (out NULL: no
 * limit, nothing written, just count).  out[*out_len..cap) may be written
 * too (scratch), so all of out[0..cap) must be free.  Stops before the
 * closing quote and before anything invalid or cut off by the end of p,
 * leaving it to tt_json_byte() (which reports the same errors as ever).
 * Returns the bytes consumed (0 when not in a string) and stores the
 * decoded length (never more than consumed) in *out_len.  The result is
 * exactly what feeding the same bytes one by one would have produced as
 * *_DATA events.  p, out: borrowed for the call.  With TT_JSON_FAST 0 it
 * takes plain bytes only (printable ASCII but '"' and '\\', each decoding
 * to itself); escapes and UTF-8 are left to tt_json_byte().
 */
size_t tt_json_str_run(tt_json_scanner *s, const unsigned char *p, size_t n,
                       unsigned char *out, size_t cap, size_t *out_len);

/*
 * Fast path for whitespace between tokens: the count of leading blanks
 * (space, tab, CR, LF) of p[0..n) when no string, number or literal is
 * open (each would have been a TT_JSON_EV_NONE); 0 otherwise.
 */
size_t tt_json_ws_run(const tt_json_scanner *s, const unsigned char *p, size_t n);

/*
 * Fast path for numbers: inside integer, fraction or exponent digits,
 * the count of leading decimal digits of p[0..n) (each would have been a
 * TT_JSON_EV_NUM_DATA); the caller skips them.  0 otherwise.
 */
size_t tt_json_digit_run(const tt_json_scanner *s, const unsigned char *p, size_t n);

/*
 * Fast path between tokens: when no string, number or literal is open,
 * consume the leading bytes of p[0..n) that tt_json_byte() would answer
 * with TT_JSON_EV_NONE and nothing else - blanks, the ':' after a key, the
 * ',' after a value - updating the state as it would.  Stops before the
 * first byte that starts a token, closes a container or is invalid (the
 * byte path then reports it).  Returns the bytes consumed (0 otherwise).
 */
size_t tt_json_punct_run(tt_json_scanner *s, const unsigned char *p, size_t n);

/*
 * Fast path for numbers: once a number has begun, consume the leading
 * bytes of p[0..n) that validly continue it (digits, '.', 'e'/'E', the
 * exponent sign: each would have been a TT_JSON_EV_NUM_DATA), updating the
 * state as tt_json_byte() would; stops before the byte that ends the
 * number or is invalid (the byte path then ends it or reports the error).
 * acc (may be NULL): the consumed bytes are also added to it, exactly as
 * tt_json_num_push() of each would (one pass instead of two).  Returns the
 * bytes consumed (0 when no number is open).  The number types below.
 * With TT_JSON_FAST 0 it takes only digits (like tt_json_digit_run()).
 */
struct tt_json_num;
size_t tt_json_num_run(tt_json_scanner *s, const unsigned char *p, size_t n,
                       struct tt_json_num *acc);

/*
 * Fast paths for the caller that has seen the byte itself (each returns 1
 * after doing exactly what tt_json_byte() of that byte would, or 0 having
 * done nothing, in any other state; the caller then consumes the byte or
 * not as said):
 *   tt_json_str_open():  '"' where a value may start: TT_JSON_EV_STR_BEGIN
 *                        (the caller consumes the quote);
 *   tt_json_str_close(): '"' inside a string value (not a key) with no
 *                        escape or UTF-8 sequence pending: TT_JSON_EV_STR_END
 *                        (the caller consumes the quote);
 *   tt_json_num_close(): the byte after a complete number: the
 *                        TT_JSON_EV_NUM_END part only; the byte is NOT
 *                        consumed (feed it on: it is a separator, a closer
 *                        or an error, as tt_json_byte() would have said).
 * With TT_JSON_FAST 0 these three and tt_json_key_run() always return 0
 * (less code; the byte path gives the same results).
 */
int tt_json_str_open(tt_json_scanner *s);
int tt_json_str_close(tt_json_scanner *s);
int tt_json_num_close(tt_json_scanner *s);

/*
 * Fast path for object keys: where a key may start, when p[0..n) begins
 * with a whole key of plain printable ASCII (no escape, no byte >= 0x80)
 * and its closing quote, consume it and store the key's length in
 * *key_len; its bytes are p[1..1 + *key_len).  The state becomes what
 * tt_json_byte() would leave (a ':' is due).  This stands for the events
 * KEY_BEGIN, KEY_DATA for each key byte and KEY_END.  Returns 0 (nothing
 * consumed) in any other case.
 */
size_t tt_json_key_run(tt_json_scanner *s, const unsigned char *p, size_t n, size_t *key_len);

/*
 * Which of `names` the key k[0..n) is: `names` holds C strings one after
 * the other, ended by an empty one ("a\0bc\0" holds "a" and "bc").
 * Returns the 0-based index of the first equal name, or -1.  Both
 * borrowed for the call.  (Shared by the page and error-body decoders.)
 */
int tt_json_key_index(const char *names, const char *k, size_t n);

/*
 * Exact decimal value of a JSON number fed byte by byte (text already
 * validated by the scanner).  Keeps 19 significant digits, whether any
 * later digit is nonzero, and the decimal exponent (saturating), so any
 * length of text is handled in constant space without floating point.
 * (With TT_JSON_FAST 0 the point and exponent are counted in 32 bits,
 * saturating at 2^26: the results are the same for every number text
 * shorter than 2^26 bytes, the 64-bit counts' for texts up to 10^15.)
 */
typedef struct tt_json_num {
    uint64_t mant;    /* first `kept` significant digits */
#if TT_JSON_FAST
    int64_t point;    /* value = 0.d1d2d3... x 10^point (before the exponent) */
    int64_t exp;      /* explicit exponent (saturated) */
#else
    int32_t point;    /* (small builds: 32-bit counts, see above) */
    int32_t exp;
#endif
    uint8_t kept;     /* significant digits in mant (<= 19) */
    uint8_t tail_nz;  /* a nonzero significant digit beyond `kept` */
    uint8_t neg, exp_neg, part; /* part: 0 int, 1 frac, 2 exp */
} tt_json_num;

/* Start a number. */
void tt_json_num_init(tt_json_num *n);
/* Add one byte of number text (as the scanner delivers it). */
void tt_json_num_push(tt_json_num *n, unsigned char c);
/* tt_json_num_push() of each of p[0..len) (p borrowed for the call). */
void tt_json_num_push_run(tt_json_num *n, const unsigned char *p, size_t len);

/*
 * floor(value x 10^shift) into *out.  *inexact (may be NULL) is set when
 * the floor dropped a nonzero fraction.  Returns TT_ERR_JSON_BAD_NUMBER when
 * the result does not fit int64_t (then *out and *inexact are not to be
 * read).  (shift 3 gives milliseconds from seconds; shift 0 with *inexact
 * checks for an integer.)
 */
int tt_json_num_floor(const tt_json_num *n, int shift, int64_t *out, int *inexact);

#endif /* TT_JSON_H */
