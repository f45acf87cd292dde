/*
 * tt_json.c - incremental JSON scanner/validator and exact number
 * accumulator (see tt_json.h).
 *
 * Why not jsmn alone: jsmn is a tokenizer and accepts many invalid texts
 * ({"a" "b"}, [1 2], trailing commas, [tru], [01], raw control characters),
 * and it needs the whole text in memory.  This pushdown machine validates
 * byte by byte with one bit of stack per nesting level, so the page decoder
 * can decide what to keep while the bytes stream past.
 */
#include <string.h>

#include "tt_json.h"
#include "tt_utf8.h"

enum {
    ST_VALUE = 0,  /* a value must start (root, after ':', after ',' in array) */
    ST_ARR_FIRST,  /* after '[': a value or ']' */
    ST_OBJ_FIRST,  /* after '{': a key or '}' */
    ST_KEY,        /* after ',' in an object: a key */
    ST_COLON,      /* after a key: ':' */
    ST_AFTER,      /* after a value in a container: ',' or the closer */
    ST_DONE,       /* root value complete: only whitespace may follow */
    ST_STR,        /* inside a string */
    ST_STR_ESC,    /* after a backslash */
    ST_STR_HEX,    /* reading \u hex digits (sub = digits read) */
    ST_STR_LOW_BS, /* after a high surrogate: '\' of the low one (then ST_STR_ESC) */
    ST_STR_UTF8,   /* inside a UTF-8 sequence (sub = bytes still due) */
    ST_LIT,        /* spelling true/false/null (lit, sub = letters matched) */
    ST_NUM_MINUS,  /* '-' seen: a digit must follow */
    ST_NUM_ZERO,   /* integer part is "0": no more integer digits */
    ST_NUM_INT,    /* in integer digits */
    ST_NUM_DOT,    /* '.' seen: a digit must follow */
    ST_NUM_FRAC,   /* in fraction digits */
    ST_NUM_E,      /* 'e' seen: sign or digit */
    ST_NUM_ESIGN,  /* exponent sign seen: a digit must follow */
    ST_NUM_EXP     /* in exponent digits */
};

/* Beyond this the value is certainly out of int64 range (or certainly 0),
 * so saturating keeps the arithmetic in int64 without changing results. */
#define TT_JSON_NUM_SAT ((int64_t)1000000000000000) /* 1e15 */

#if TT_JSON_FAST
static const char *const tt_json_lits[3] = {"true", "false", "null"};
static const int tt_json_lit_ev[3] = {TT_JSON_EV_TRUE, TT_JSON_EV_FALSE, TT_JSON_EV_NULL};
#endif

void tt_json_init(tt_json_scanner *s)
{
    memset(s, 0, sizeof *s); /* ST_VALUE, depth 0, nothing pending */
#if TT_JSON_FAST /* (small builds: utf8_lo/hi are only read after a lead byte set them;
                  * the state is all zero there, which tt_page_init() relies on) */
    s->utf8_lo = 0x80;
    s->utf8_hi = 0xBF;
#endif
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The same test as an expression (small builds: in line in
 * tt_json_byte(), its only caller there): ' ', or '\t' '\n' '\r' by one
 * bit test. */
#define IS_WS(c) ((c) == ' ' || ((c) < 14u && (0x2600u >> (c) & 1u)))

/* The stack word holding level i's bit (the only word with the default
 * depth limit: no index arithmetic then). */
#define STACK_WORD(s, i) ((s)->stack[TT_JSON_STACK_WORDS == 1 ? 0u : (i) / 32u])
#define STACK_BIT(i) (TT_JSON_STACK_WORDS == 1 ? (i) : (i) % 32u) /* (i < depth limit) */

static int top_is_obj(const tt_json_scanner *s)
{
    unsigned i;
    if (s->depth == 0)
        return 0;
    i = (unsigned)s->depth - 1u;
    return (int)((STACK_WORD(s, i) >> STACK_BIT(i)) & 1u);
}

#if TT_JSON_FAST
static int push(tt_json_scanner *s, int obj)
{
    unsigned i = s->depth;
    if (i >= (unsigned)TT_JSON_MAX_DEPTH)
        return TT_ERR_JSON_TOO_DEEP;
    if (obj)
        STACK_WORD(s, i) |= (uint32_t)1u << STACK_BIT(i);
    else
        STACK_WORD(s, i) &= ~((uint32_t)1u << STACK_BIT(i));
    s->depth = (uint16_t)(i + 1u);
    return TT_OK;
}

#endif

/* Small builds: one copy of value_end() for its four callers. */
#if !TT_JSON_FAST && defined(__GNUC__)
#define TT_JSON_SHARED __attribute__((noinline))
#else
#define TT_JSON_SHARED
#endif

/* A value just completed: what may come next depends on the container. */
TT_JSON_SHARED static void value_end(tt_json_scanner *s)
{
    s->state = (uint8_t)(s->depth == 0 ? ST_DONE : ST_AFTER);
}

#if TT_JSON_FAST
static int close_container(tt_json_scanner *s, int obj)
{
    if (s->depth == 0 || top_is_obj(s) != obj)
        return TT_ERR_JSON_SYNTAX;
    s->depth--;
    value_end(s);
    return obj ? TT_JSON_EV_OBJ_END : TT_JSON_EV_ARR_END;
}

static int value_begin(tt_json_scanner *s, unsigned char c)
{
    int rc;

    s->vdepth = s->depth;
    s->vin_obj = (uint8_t)top_is_obj(s);
    switch (c) {
    case '{':
        if ((rc = push(s, 1)) != TT_OK)
            return rc;
        s->state = ST_OBJ_FIRST;
        return TT_JSON_EV_OBJ_BEGIN;
    case '[':
        if ((rc = push(s, 0)) != TT_OK)
            return rc;
        s->state = ST_ARR_FIRST;
        return TT_JSON_EV_ARR_BEGIN;
    case '"':
        s->is_key = 0;
        s->state = ST_STR;
        return TT_JSON_EV_STR_BEGIN;
    case '-':
        s->state = ST_NUM_MINUS;
        return TT_JSON_EV_NUM_BEGIN;
    case '0':
        s->state = ST_NUM_ZERO;
        return TT_JSON_EV_NUM_BEGIN;
    case 't':
    case 'f':
    case 'n':
        s->lit = (uint8_t)(c == 't' ? 0 : c == 'f' ? 1 : 2);
        s->sub = 1;
        s->state = ST_LIT;
        return TT_JSON_EV_NONE;
    default:
        if (c >= '1' && c <= '9') {
            s->state = ST_NUM_INT;
            return TT_JSON_EV_NUM_BEGIN;
        }
        return TT_ERR_JSON_SYNTAX;
    }
}

static int key_begin(tt_json_scanner *s)
{
    s->is_key = 1;
    s->state = ST_STR;
    return TT_JSON_EV_KEY_BEGIN;
}

#endif

/* Decoded string bytes are ready in out[]. */
static int data_ev(const tt_json_scanner *s)
{
    return s->is_key ? TT_JSON_EV_KEY_DATA : TT_JSON_EV_STR_DATA;
}

#if TT_JSON_FAST
/* UTF-8 encoding of a code point already known valid; returns its length. */
static unsigned utf8_put(unsigned char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}
#else
/* Small builds: cp is known valid (no checks): continuation bytes from the
 * end, 6 bits each, then the lead with its length marker. */
static unsigned utf8_put(unsigned char *o, uint32_t cp)
{
    unsigned n = cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u, i;

    for (i = n - 1u; i; i--, cp >>= 6)
        o[i] = (unsigned char)(0x80u | (cp & 0x3Fu));
    o[0] = (unsigned char)(n == 1u ? cp : 0xFF00u >> n | cp);
    return n;
}
#endif

static int emit_cp(tt_json_scanner *s, uint32_t cp)
{
    s->out_len = (uint8_t)utf8_put(s->out, cp);
    return data_ev(s);
}

static int emit_byte(tt_json_scanner *s, unsigned char c)
{
    s->out[0] = c;
    s->out_len = 1;
    return data_ev(s);
}

#if TT_JSON_FAST
/* UTF-8 lead byte: how many continuation bytes follow (0: not a valid
 * lead), and the range of the first one (excludes overlongs, surrogates,
 * > U+10FFFF); the others are always 0x80..0xBF. */
static uint8_t utf8_lead(unsigned char c, uint8_t *lo, uint8_t *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 1;
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            *lo = 0xA0;
        else if (c == 0xED)
            *hi = 0x9F;
        return 2;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            *lo = 0x90;
        else if (c == 0xF4)
            *hi = 0x8F;
        return 3;
    }
    return 0;
}
#else
#define utf8_lead(c, lo, hi) ((uint8_t)tt_utf8_lead((c), (lo), (hi)))
#endif

#if TT_JSON_FAST
/* The byte a one-letter escape stands for, from '"' (0x22) to 't'; 0 for
 * 'u' and unknown letters.  A table: escapes are frequent in Answer XML. */
static const unsigned char esc_tab['t' - '"' + 1] = {
    ['"' - '"'] = '"', ['/' - '"'] = '/', ['\\' - '"'] = '\\', ['b' - '"'] = '\b',
    ['f' - '"'] = '\f', ['n' - '"'] = '\n', ['r' - '"'] = '\r', ['t' - '"'] = '\t'};

static unsigned char esc_byte(unsigned char c)
{
    return c >= '"' && c <= 't' ? esc_tab[c - '"'] : 0;
}
#else
/* The byte a one-letter escape stands for; 0 for 'u' and unknown letters.
 * (Pairs of letter and byte; no letter is 0.) */
static unsigned char esc_byte(unsigned char c)
{
    static const char pairs[] = "\"\"//\\\\b\bf\fn\nr\rt\t";
    const char *p;

    for (p = pairs; *p; p += 2)
        if ((unsigned char)*p == c)
            return (unsigned char)p[1];
    return 0;
}
#endif

#if TT_JSON_FAST
/* tt_hex_value(), inlined: the \uXXXX digits of escape-heavy text. */
static int hex_digit(unsigned char c)
{
    unsigned l = (unsigned)(c | 0x20); /* 'A'..'F' -> 'a'..'f', nothing else lands there */
    if ((unsigned)(c - '0') < 10u)
        return c - '0';
    if (l - 'a' < 6u)
        return (int)(l - 'a') + 10;
    return -1;
}
#else
#define hex_digit tt_hex_value
#endif

/* Bytes inside a string (ST_STR .. ST_STR_UTF8), in both profiles (a
 * host variant written for speed measured no faster: string runs bypass
 * this): one exit for a decoded byte, and the low half of a surrogate
 * pair read through ST_STR_ESC (s->hi set: only 'u' may follow the
 * backslash). */
static int string_byte(tt_json_scanner *s, unsigned char c)
{
    int v;
    uint32_t cp;

    switch (s->state) {
    case ST_STR:
        if (c == '"') {
            if (s->is_key) {
                s->state = ST_COLON;
                return TT_JSON_EV_KEY_END;
            }
            value_end(s);
            return TT_JSON_EV_STR_END;
        }
        if (c == '\\') {
            s->state = ST_STR_ESC;
            return TT_JSON_EV_NONE;
        }
        if (c < 0x20)
            return TT_ERR_JSON_SYNTAX; /* raw control character */
        if (c >= 0x80) {
            s->sub = utf8_lead(c, &s->utf8_lo, &s->utf8_hi);
            if (s->sub == 0)
                return TT_ERR_JSON_BAD_UTF8;
            s->state = ST_STR_UTF8;
        }
        break;
    case ST_STR_UTF8:
        if (c < s->utf8_lo || c > s->utf8_hi)
            return TT_ERR_JSON_BAD_UTF8;
        s->utf8_lo = 0x80;
        s->utf8_hi = 0xBF;
        if (--s->sub == 0)
            s->state = ST_STR;
        break;
    case ST_STR_LOW_BS:
        if (c != '\\')
            return TT_ERR_JSON_BAD_ESCAPE; /* lone high surrogate */
        s->state = ST_STR_ESC;
        return TT_JSON_EV_NONE;
    case ST_STR_ESC:
        s->state = ST_STR;
        if (c == 'u') {
            s->state = ST_STR_HEX;
            s->sub = 0;
            s->cp = 0;
            return TT_JSON_EV_NONE;
        }
        c = s->hi ? 0 : esc_byte(c); /* after a high surrogate only \u */
        if (c == 0)
            return TT_ERR_JSON_BAD_ESCAPE;
        break;
    default: /* ST_STR_HEX */
        v = hex_digit(c);
        if (v < 0)
            return TT_ERR_JSON_BAD_ESCAPE;
        cp = s->cp = (s->cp << 4) | (uint32_t)v;
        if (++s->sub < 4)
            return TT_JSON_EV_NONE;
        s->state = ST_STR;
        if (s->hi) { /* this must be the low half of a pair */
            if (cp - 0xDC00u > 0x3FFu)
                return TT_ERR_JSON_BAD_ESCAPE;
            cp = 0x10000u + ((s->hi - 0xD800u) << 10) + (cp - 0xDC00u);
            s->hi = 0;
        } else if (cp - 0xD800u < 0x800u) {
            if (cp >= 0xDC00u)
                return TT_ERR_JSON_BAD_ESCAPE; /* lone low surrogate */
            s->hi = cp;
            s->state = ST_STR_LOW_BS;
            return TT_JSON_EV_NONE;
        }
        return emit_cp(s, cp);
    }
    return emit_byte(s, c);
}

#if TT_JSON_FAST
/* Structural states (no string, number or literal open). */
static int structural_byte(tt_json_scanner *s, unsigned char c)
{
    if (is_ws(c))
        return TT_JSON_EV_NONE;
    switch (s->state) {
    case ST_VALUE:
        return value_begin(s, c);
    case ST_ARR_FIRST:
        if (c == ']')
            return close_container(s, 0);
        return value_begin(s, c);
    case ST_OBJ_FIRST:
        if (c == '}')
            return close_container(s, 1);
        if (c == '"')
            return key_begin(s);
        return TT_ERR_JSON_SYNTAX;
    case ST_KEY:
        if (c == '"')
            return key_begin(s);
        return TT_ERR_JSON_SYNTAX;
    case ST_COLON:
        if (c == ':') {
            s->state = ST_VALUE;
            return TT_JSON_EV_NONE;
        }
        return TT_ERR_JSON_SYNTAX;
    case ST_AFTER:
        if (c == ',') {
            s->state = (uint8_t)(top_is_obj(s) ? ST_KEY : ST_VALUE);
            return TT_JSON_EV_NONE;
        }
        if (c == '}')
            return close_container(s, 1);
        if (c == ']')
            return close_container(s, 0);
        return TT_ERR_JSON_SYNTAX;
    default: /* ST_DONE */
        return TT_ERR_JSON_SYNTAX;
    }
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Number states: the byte either continues the number, ends it (then it is
 * processed again as a structural byte), or is an error. */
static int number_byte(tt_json_scanner *s, unsigned char c)
{
    int rc;

    switch (s->state) {
    case ST_NUM_MINUS:
        if (c == '0')
            s->state = ST_NUM_ZERO;
        else if (is_digit(c))
            s->state = ST_NUM_INT;
        else
            return TT_ERR_JSON_SYNTAX;
        return TT_JSON_EV_NUM_DATA;
    case ST_NUM_ZERO:
    case ST_NUM_INT:
        if (is_digit(c) && s->state == ST_NUM_INT)
            return TT_JSON_EV_NUM_DATA;
        if (c == '.') {
            s->state = ST_NUM_DOT;
            return TT_JSON_EV_NUM_DATA;
        }
        if (c == 'e' || c == 'E') {
            s->state = ST_NUM_E;
            return TT_JSON_EV_NUM_DATA;
        }
        break;
    case ST_NUM_DOT:
        if (!is_digit(c))
            return TT_ERR_JSON_SYNTAX;
        s->state = ST_NUM_FRAC;
        return TT_JSON_EV_NUM_DATA;
    case ST_NUM_FRAC:
        if (is_digit(c))
            return TT_JSON_EV_NUM_DATA;
        if (c == 'e' || c == 'E') {
            s->state = ST_NUM_E;
            return TT_JSON_EV_NUM_DATA;
        }
        break;
    case ST_NUM_E:
        if (c == '+' || c == '-') {
            s->state = ST_NUM_ESIGN;
            return TT_JSON_EV_NUM_DATA;
        }
        /* fall through */
    case ST_NUM_ESIGN:
        if (!is_digit(c))
            return TT_ERR_JSON_SYNTAX;
        s->state = ST_NUM_EXP;
        return TT_JSON_EV_NUM_DATA;
    default: /* ST_NUM_EXP */
        if (is_digit(c))
            return TT_JSON_EV_NUM_DATA;
        break;
    }
    value_end(s);
    rc = structural_byte(s, c);
    if (rc < 0)
        return rc;
    return rc | TT_JSON_EV_NUM_END;
}

int tt_json_byte(tt_json_scanner *s, unsigned char c)
{
    const char *lit;

    /* structural bytes first: string and number runs mostly bypass this */
    if (s->state <= ST_DONE)
        return structural_byte(s, c);
    if (s->state <= ST_STR_UTF8)
        return string_byte(s, c);
    if (s->state >= ST_NUM_MINUS)
        return number_byte(s, c);
    /* ST_LIT */
    lit = tt_json_lits[s->lit];
    if ((unsigned char)lit[s->sub] != c)
        return TT_ERR_JSON_SYNTAX;
    if (lit[++s->sub] != '\0')
        return TT_JSON_EV_NONE;
    value_end(s);
    return tt_json_lit_ev[s->lit];
}
#else /* !TT_JSON_FAST */
/*
 * Small builds: one compact byte machine instead of a function per state
 * class, with the same results (events, errors, vdepth / vin_obj).  The
 * literals are spelled from one string: s->lit indexes the next letter due,
 * a NUL ends the word.
 */
static const char tt_json_lits[] = "true\0false\0null";
/* (a word's NUL >> 2 tells it: 4 true, 10 false, 15 null; tt_json_byte()) */
typedef char tt_json_lits_ends[sizeof tt_json_lits == 16 && TT_JSON_EV_FALSE == TT_JSON_EV_TRUE + 1 &&
                                       TT_JSON_EV_NULL == TT_JSON_EV_TRUE + 2
                                   ? 1
                                   : -1];

int tt_json_byte(tt_json_scanner *s, unsigned char c)
{
    unsigned st = s->state, k, i;
    int ev = TT_JSON_EV_NONE, obj;

    if (st >= ST_NUM_MINUS) {
        /* k: 0 '-', 1 "0", 2 int digits, 3 '.', 4 fraction digits, 5 'e',
         * 6 exponent sign, 7 exponent digits */
        k = st - ST_NUM_MINUS;
        /* the next state after byte c for each k, a nibble each (state -
         * ST_NUM_MINUS + 1; 0: the number does not go on): a digit goes on
         * everywhere but after "0" ('0' after '-' makes the "0" state),
         * '.' after the integer, 'e' after the integer or fraction, a sign
         * right after 'e' */
        st = (unsigned)(c - '0') < 10u ? 0x88855303u ^ (c == '0')
             : c == '.'                ? 0x440u
             : (c | 0x20) == 'e'       ? 0x60660u
             : c == '+' || c == '-'    ? 0x700000u : 0u;
        st = st >> 4 * k & 15u;
        if (st) {
            s->state = (uint8_t)(st + ST_NUM_MINUS - 1u);
            return TT_JSON_EV_NUM_DATA;
        }
        if (!((0x96u >> k) & 1u))
            return TT_ERR_JSON_SYNTAX; /* a digit is due ("-", "1.", "1e", "1e+") */
        /* complete: c ends it, and is read as a structural byte */
        value_end(s);
        st = s->state;
        ev = TT_JSON_EV_NUM_END;
    } else if (st == ST_LIT) {
        if ((unsigned char)tt_json_lits[s->lit] != c)
            return TT_ERR_JSON_SYNTAX;
        k = ++s->lit;
        if (tt_json_lits[k] != '\0')
            return TT_JSON_EV_NONE;
        value_end(s);
        /* the literal's event: its NUL is at 4, 10 or 15 */
        return (int)(TT_JSON_EV_TRUE - 1u + (k >> 2));
    } else if (st > ST_DONE) {
        return string_byte(s, c);
    }
    if (IS_WS(c))
        return ev;
    obj = top_is_obj(s);
    switch (st) {
    case ST_COLON:
        if (c != ':')
            return TT_ERR_JSON_SYNTAX;
        s->state = ST_VALUE;
        return ev;
    case ST_AFTER:
        if (c == ',') {
            s->state = (uint8_t)(obj ? ST_KEY : ST_VALUE);
            return ev;
        }
        goto close;
    case ST_OBJ_FIRST:
    case ST_KEY:
        if (c == '"') {
            s->is_key = 1;
            s->state = ST_STR;
            return TT_JSON_EV_KEY_BEGIN;
        }
        if (st == ST_KEY)
            return TT_ERR_JSON_SYNTAX;
        goto close;
    case ST_DONE:
        return TT_ERR_JSON_SYNTAX;
    case ST_ARR_FIRST:
        if (c == ']')
            goto close;
        break;
    default:
        break;
    }
    /* ST_VALUE, ST_ARR_FIRST: a value starts */
    s->vdepth = s->depth;
    s->vin_obj = (uint8_t)obj;
    if ((c | 0x20) == '{') { /* '{' or '[' (0x5B): push one bit */
        i = s->depth;
        if (i >= (unsigned)TT_JSON_MAX_DEPTH)
            return TT_ERR_JSON_TOO_DEEP;
        obj = c == '{';
        STACK_WORD(s, i) = (STACK_WORD(s, i) & ~((uint32_t)1u << STACK_BIT(i))) |
                            (uint32_t)obj << STACK_BIT(i);
        s->depth = (uint16_t)(i + 1u);
        s->state = (uint8_t)(obj ? ST_OBJ_FIRST : ST_ARR_FIRST);
        return obj ? TT_JSON_EV_OBJ_BEGIN : TT_JSON_EV_ARR_BEGIN;
    }
    if (c == '"') {
        s->is_key = 0;
        s->state = ST_STR;
        return TT_JSON_EV_STR_BEGIN;
    }
    if (c == '-' || (unsigned)(c - '0') < 10u) {
        s->state = (uint8_t)(c == '-' ? ST_NUM_MINUS : c == '0' ? ST_NUM_ZERO : ST_NUM_INT);
        return TT_JSON_EV_NUM_BEGIN;
    }
    if (c == 't' || c == 'f' || c == 'n') {
        s->lit = (uint8_t)(c == 't' ? 1 : c == 'f' ? 6 : 12);
        s->state = ST_LIT;
        return TT_JSON_EV_NONE;
    }
    return TT_ERR_JSON_SYNTAX;
close:
    /* '}' (0x7D) or ']' (0x5D), matching the innermost container (bit 5
     * set for '}'); depth >= 1 in every state that gets here */
    if ((c | 0x20) != '}' || !(c & 0x20) != !obj)
        return TT_ERR_JSON_SYNTAX;
    s->depth--;
    value_end(s);
    return ev | (obj ? TT_JSON_EV_OBJ_END : TT_JSON_EV_ARR_END);
}
#endif

/* ---- string fast path -------------------------------------------------- */

/* A byte that stands for itself inside a string. */
static int is_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Word-at-a-time test (size_t wide: 4 bytes on Cortex-M4, 8 on hosts):
 * nonzero when some byte of w is not plain: >= 0x80 (its own top bit),
 * < 0x20, '"' or '\\' (subtracting borrows into the top bit of such a
 * byte).  A borrow only leaves a byte that is itself not plain, so the
 * yes/no answer is exact. */
#define TT_ONES ((size_t)-1 / 0xFF)
#define TT_NOT_PLAIN(w)                                                                \
    (((w) | ((w) - TT_ONES * 0x20u) | (((w) ^ TT_ONES * 0x22u) - TT_ONES) |             \
      (((w) ^ TT_ONES * 0x5Cu) - TT_ONES)) & TT_ONES * 0x80u)

/* How many leading bytes (in memory order) a nonzero TT_NOT_PLAIN() mask
 * says are plain.  On little-endian the lowest flagged byte is the first
 * bad one (a borrow only flags bytes above a bad one); elsewhere 0, and
 * the byte loop finds it. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    __SIZEOF_LONG__ == __SIZEOF_SIZE_T__
#define TT_PLAIN_PREFIX(m) ((size_t)__builtin_ctzl(m) >> 3)
#else
#define TT_PLAIN_PREFIX(m) 0u
#endif

/* Hosts with SSE2 (x86-64 always) test 16 string bytes at a time; the
 * word-at-a-time loop below does the rest, and all of it elsewhere (the
 * Cortex-M4 build never sees this).  TT_JSON_NO_SIMD turns it off. */
#if TT_JSON_FAST && defined(__SSE2__) && defined(__GNUC__) && !defined(TT_JSON_NO_SIMD)
#include <emmintrin.h>
#define TT_JSON_SSE2 1

/* Bitmask of the bytes of p[0..16) that are not plain: signed < 0x20 is
 * both a control byte and >= 0x80; then '"' and '\\'. */
static unsigned sse2_not_plain(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    return (unsigned)_mm_movemask_epi8(bad);
}
#else
#define TT_JSON_SSE2 0
#endif

#if TT_JSON_FAST
/* 1 + the value of a hex digit byte, 0 for any other byte (one load per
 * digit instead of hex_digit()'s tests). */
static const uint8_t hex_plus1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,
    ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14,
    ['E'] = 15, ['F'] = 16, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
    ['f'] = 16};

/* Four hex digits as a code unit, or -1. */
static inline int32_t hex4(const unsigned char *p)
{
    int a = hex_plus1[p[0]] - 1, b = hex_plus1[p[1]] - 1, c = hex_plus1[p[2]] - 1,
        d = hex_plus1[p[3]] - 1;

    if ((a | b | c | d) < 0)
        return -1;
    return (int32_t)((a << 12) | (b << 8) | (c << 4) | d);
}

/*
 * One complete escape or UTF-8 sequence at p[0..n): its decoded bytes go
 * to o[0..4), *olen = their count, returns the input length.  Returns 0
 * for anything cut short by n, invalid, '"' or a control character: the
 * byte path then decides (and reports the exact error).
 */
static size_t str_unit(const unsigned char *p, size_t n, unsigned char o[4], unsigned *olen)
{
    int32_t cp, lo16;
    uint8_t lo, hi, k, j;

    if (p[0] == '\\') {
        if (n < 2)
            return 0;
        if (p[1] != 'u') {
            o[0] = esc_byte(p[1]);
            *olen = 1;
            return o[0] ? 2 : 0;
        }
        if (n < 6 || (cp = hex4(p + 2)) < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            return 0;
        if (cp < 0xD800 || cp > 0xDBFF) {
            *olen = utf8_put(o, (uint32_t)cp);
            return 6;
        }
        /* a high surrogate: take the pair only when the low half is here */
        if (n < 12 || p[6] != '\\' || p[7] != 'u')
            return 0;
        lo16 = hex4(p + 8);
        if (lo16 < 0xDC00 || lo16 > 0xDFFF)
            return 0;
        *olen = utf8_put(o, 0x10000u + (((uint32_t)cp - 0xD800u) << 10) +
                                ((uint32_t)lo16 - 0xDC00u));
        return 12;
    }
    k = utf8_lead(p[0], &lo, &hi);
    if (k == 0 || n <= k || p[1] < lo || p[1] > hi)
        return 0;
    for (j = 2; j <= k; j++)
        if (p[j] < 0x80 || p[j] > 0xBF)
            return 0;
    for (j = 0; j <= k; j++)
        o[j] = p[j];
    *olen = (unsigned)k + 1u;
    return *olen;
}

size_t tt_json_str_run(tt_json_scanner *s, const unsigned char *p, size_t n,
                       unsigned char *out, size_t cap, size_t *out_len)
{
    size_t i = 0, o = 0, k, w, lim;
    unsigned char tmp[4], *dst;
    unsigned olen;

    *out_len = 0;
    if (s->state != ST_STR)
        return 0;
#if TT_JSON_SSE2
    /* Room for all of it (+16 scratch): no room checks; stops at
     * anything but plain runs, one-letter escapes, \u below U+D800 and
     * valid UTF-8 (the loop below takes over from there for one unit,
     * then comes back); returns at the closing quote */
sse_path:
    if (out && cap >= n + 16) {
        while (i < n) {
            unsigned char c;
            while (n - i >= 16) {
                unsigned m = sse2_not_plain(p + i);
                memcpy(out + o, p + i, 16);
                if (m) {
                    unsigned z = (unsigned)__builtin_ctz(m);
                    i += z;
                    o += z;
                    goto special;
                }
                i += 16;
                o += 16;
            }
            while (i < n && is_plain(p[i]))
                out[o++] = p[i++];
            if (i == n)
                break;
        special:
            c = p[i];
            if (c == '"')
                goto done; /* the closing quote: the caller's */
            if (c == '\\') {
                int32_t cp;
                if (n - i < 2)
                    break;
                if (p[i + 1] != 'u') {
                    unsigned char e = esc_byte(p[i + 1]);
                    if (!e)
                        break;
                    out[o++] = e;
                    i += 2;
                    continue;
                }
                if (n - i < 6 || (cp = hex4(p + i + 2)) < 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                    break;
                if (cp < 0x80) {
                    out[o++] = (unsigned char)cp;
                } else if (cp < 0x800) { /* (utf8_put() of the usual case) */
                    out[o] = (unsigned char)(0xC0 | (cp >> 6));
                    out[o + 1] = (unsigned char)(0x80 | (cp & 0x3F));
                    o += 2;
                } else {
                    o += utf8_put(out + o, (uint32_t)cp);
                }
                i += 6;
                continue;
            }
            if (c >= 0xC2 && c <= 0xDF) {
                if (n - i < 2 || (p[i + 1] & 0xC0) != 0x80)
                    break;
                out[o] = c;
                out[o + 1] = p[i + 1];
                o += 2;
                i += 2;
                continue;
            }
            if (c >= 0xE0 && c <= 0xEF) {
                uint8_t lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
                if (n - i < 3 || p[i + 1] < lo || p[i + 1] > hi || (p[i + 2] & 0xC0) != 0x80)
                    break;
                out[o] = c;
                out[o + 1] = p[i + 1];
                out[o + 2] = p[i + 2];
                o += 3;
                i += 3;
                continue;
            }
            if (c >= 0xF0 && c <= 0xF4) {
                uint8_t lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
                if (n - i < 4 || p[i + 1] < lo || p[i + 1] > hi || (p[i + 2] & 0xC0) != 0x80 ||
                    (p[i + 3] & 0xC0) != 0x80)
                    break;
                memcpy(out + o, p + i, 4);
                o += 4;
                i += 4;
                continue;
            }
            break;
        }
    }
#endif
    if (!out)
        cap = SIZE_MAX; /* count only */
    while (i < n) {
        /* plain bytes, limited by input and room: a word at a time, then
         * the rest of the run (a word stopped short) byte by byte */
        lim = n - i < cap - o ? n - i : cap - o;
        k = 0;
#if TT_JSON_SSE2
        for (; lim - k >= 16; k += 16) {
            unsigned m = sse2_not_plain(p + i + k);
            if (out) /* whole block: bytes past the run are scratch room */
                memcpy(out + o + k, p + i + k, 16);
            if (m) {
                k += (size_t)__builtin_ctz(m);
                goto run_end;
            }
        }
#endif
        for (; lim - k >= sizeof w; k += sizeof w) {
            memcpy(&w, p + i + k, sizeof w); /* unaligned load, inlined */
            if (out) /* whole word: bytes past the run are scratch room */
                memcpy(out + o + k, &w, sizeof w);
            if ((w = TT_NOT_PLAIN(w)) != 0) {
                k += TT_PLAIN_PREFIX(w);
                break;
            }
        }
        for (; k < lim && is_plain(p[i + k]); k++)
            if (out)
                out[o + k] = p[i + k];
#if TT_JSON_SSE2
    run_end:
#endif
        i += k;
        o += k;
        if (i == n || is_plain(p[i]))
            break; /* end of input, or no room */
#if TT_JSON_FAST /* (str_unit() does the same in less code) */
        /* \u0000-\u07FF (not a surrogate) and 2-byte UTF-8 inline */
        if (p[i] == '\\' && n - i >= 6 && p[i + 1] == 'u' && cap - o >= 2) {
            int a = hex_plus1[p[i + 2]] - 1, b = hex_plus1[p[i + 3]] - 1,
                c = hex_plus1[p[i + 4]] - 1, d = hex_plus1[p[i + 5]] - 1;
            if ((a | b | c | d) >= 0 && a == 0 && b < 8) {
                unsigned cp = (unsigned)((b << 8) | (c << 4) | d);
                if (cp < 0x80) {
                    if (out)
                        out[o] = (unsigned char)cp;
                    o++;
                } else {
                    if (out) {
                        out[o] = (unsigned char)(0xC0 | (cp >> 6));
                        out[o + 1] = (unsigned char)(0x80 | (cp & 0x3F));
                    }
                    o += 2;
                }
                i += 6;
                continue;
            }
        }
        if (p[i] >= 0xC2 && p[i] <= 0xDF && n - i >= 2 && (p[i + 1] & 0xC0) == 0x80 && cap - o >= 2) {
            if (out) {
                out[o] = p[i];
                out[o + 1] = p[i + 1];
            }
            o += 2;
            i += 2;
            continue;
        }
        if (p[i] == '\\' && n - i >= 2 && p[i + 1] != 'u') {
            /* the most common unit: a one-letter escape */
            unsigned char e = esc_byte(p[i + 1]);
            if (e == 0 || o == cap)
                break;
            if (out)
                out[o] = e;
            o++;
            i += 2;
            continue;
        }
#endif
        /* decode in place when 4 bytes are free (beyond o is free space) */
        dst = out && cap - o >= 4 ? out + o : tmp;
        k = str_unit(p + i, n - i, dst, &olen);
        if (k == 0 || olen > cap - o)
            break;
        if (out && dst == tmp)
            memcpy(out + o, tmp, olen);
        i += k;
        o += olen;
#if TT_JSON_SSE2
        /* a unit the path above stopped at (4-byte UTF-8, a surrogate
         * pair): back to it for the rest (o <= i, so its room test holds) */
        if (out && cap >= n + 16)
            goto sse_path;
#endif
    }
#if TT_JSON_SSE2
done:
#endif
    *out_len = o;
    return i;
}
#else
/* Small builds: plain bytes only (escapes and UTF-8 take the byte path,
 * which gives the same results); enough for the long plain runs of ids and
 * Answer XML. */
size_t tt_json_str_run(tt_json_scanner *s, const unsigned char *p, size_t n,
                       unsigned char *out, size_t cap, size_t *out_len)
{
    size_t i = 0;

    if (s->state == ST_STR) {
        if (out && cap < n)
            n = cap;
        for (; i < n && is_plain(p[i]); i++)
            if (out)
                out[i] = p[i];
    }
    *out_len = i;
    return i;
}
#endif

size_t tt_json_ws_run(const tt_json_scanner *s, const unsigned char *p, size_t n)
{
    size_t i = 0;

    if (s->state > ST_DONE)
        return 0; /* inside a string, number or literal: not separators */
    while (i < n && is_ws(p[i]))
        i++;
    return i;
}

size_t tt_json_digit_run(const tt_json_scanner *s, const unsigned char *p, size_t n)
{
    size_t i = 0;

    if (s->state != ST_NUM_INT && s->state != ST_NUM_FRAC && s->state != ST_NUM_EXP)
        return 0;
    while (i < n && p[i] >= '0' && p[i] <= '9')
        i++;
    return i;
}

size_t tt_json_punct_run(tt_json_scanner *s, const unsigned char *p, size_t n)
{
    size_t i;
    uint8_t st = s->state;

    if (st > ST_DONE)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (is_ws(c))
            continue;
        if (c == ':' && st == ST_COLON)
            st = ST_VALUE;
        else if (c == ',' && st == ST_AFTER)
            st = (uint8_t)(top_is_obj(s) ? ST_KEY : ST_VALUE);
        else
            break;
    }
    s->state = st;
    return i;
}

#if TT_JSON_FAST
size_t tt_json_num_run(tt_json_scanner *s, const unsigned char *p, size_t n, tt_json_num *acc)
{
    size_t i;
    uint8_t st = s->state;
    /* acc's hot members in locals (stores through acc could alias p) */
    uint64_t m = acc ? acc->mant : 0;
    unsigned kept = acc ? acc->kept : 0;
    int64_t point = acc ? acc->point : 0;

    if (st < ST_NUM_MINUS)
        return 0;
    /* the transitions of number_byte() that return TT_JSON_EV_NUM_DATA,
     * and tt_json_num_push() of each byte */
    for (i = 0; i < n; i++) {
        unsigned char c = p[i];
    again:
        if (acc && kept != 0 && (st == ST_NUM_INT || st == ST_NUM_FRAC)) {
            /* a run of kept significant digits in a tight loop */
            size_t j = i;
            unsigned d;
            while (j < n && kept < 19 && (d = (unsigned)p[j] - '0') < 10) {
                m = m * 10u + d;
                kept++;
                j++;
            }
            if (st == ST_NUM_INT) {
                int64_t add = (int64_t)(j - i);
                /* as point++ per digit while below TT_JSON_NUM_SAT */
                if (point < TT_JSON_NUM_SAT)
                    point = point + add < TT_JSON_NUM_SAT ? point + add : TT_JSON_NUM_SAT;
            }
            if (j != i) {
                i = j - 1;
                continue;
            }
        }
        if (is_digit(c)) {
            if (st == ST_NUM_INT || st == ST_NUM_FRAC) {
                /* kept digits went through the run above: here a leading
                 * zero or a digit past the 19th, pushed below */
            } else if (st == ST_NUM_ZERO) {
                break; /* "01": the byte path reports it */
            } else if (st == ST_NUM_MINUS) {
                st = c == '0' ? ST_NUM_ZERO : ST_NUM_INT;
            } else if (st == ST_NUM_DOT) {
                st = ST_NUM_FRAC;
                if (acc && kept != 0)
                    goto again; /* a kept significant digit: the run above */
            } else if (st == ST_NUM_E || st == ST_NUM_ESIGN || st == ST_NUM_EXP) {
                /* an exponent digit: as tt_json_num_push() (part is 2) */
                st = ST_NUM_EXP;
                if (acc && acc->exp < TT_JSON_NUM_SAT)
                    acc->exp = acc->exp * 10 + (int64_t)(c - '0');
                continue;
            }
        } else if (c == '.' && (st == ST_NUM_ZERO || st == ST_NUM_INT)) {
            st = ST_NUM_DOT;
            if (acc) /* as tt_json_num_push() */
                acc->part = 1;
            continue;
        } else if ((c == 'e' || c == 'E') &&
                   (st == ST_NUM_ZERO || st == ST_NUM_INT || st == ST_NUM_FRAC)) {
            st = ST_NUM_E;
            if (acc)
                acc->part = 2;
            continue;
        } else if ((c == '+' || c == '-') && st == ST_NUM_E) {
            st = ST_NUM_ESIGN;
        } else {
            break;
        }
        if (acc) { /* everything else one by one */
            acc->mant = m;
            acc->kept = (uint8_t)kept;
            acc->point = point;
            tt_json_num_push(acc, c);
            m = acc->mant;
            kept = acc->kept;
            point = acc->point;
        }
    }
    if (acc) {
        acc->mant = m;
        acc->kept = (uint8_t)kept;
        acc->point = point;
    }
    s->state = st;
    return i;
}
#else
/* Small builds: digits only (the byte path takes '.', 'e' and signs), and
 * the accumulator in a second pass: the same results in less code. */
size_t tt_json_num_run(tt_json_scanner *s, const unsigned char *p, size_t n, tt_json_num *acc)
{
    size_t i = tt_json_digit_run(s, p, n);

    if (acc)
        tt_json_num_push_run(acc, p, i);
    return i;
}
#endif

#if TT_JSON_FAST
int tt_json_str_open(tt_json_scanner *s)
{
    if (s->state != ST_VALUE && s->state != ST_ARR_FIRST)
        return 0;
    s->vdepth = s->depth;
    s->vin_obj = (uint8_t)top_is_obj(s);
    s->is_key = 0;
    s->state = ST_STR;
    return 1;
}

int tt_json_str_close(tt_json_scanner *s)
{
    if (s->state != ST_STR || s->is_key)
        return 0;
    value_end(s);
    return 1;
}

int tt_json_num_close(tt_json_scanner *s)
{
    if (s->state != ST_NUM_ZERO && s->state != ST_NUM_INT && s->state != ST_NUM_FRAC &&
        s->state != ST_NUM_EXP)
        return 0;
    value_end(s);
    return 1;
}

size_t tt_json_key_run(tt_json_scanner *s, const unsigned char *p, size_t n, size_t *key_len)
{
    size_t i, w;

    if ((s->state != ST_KEY && s->state != ST_OBJ_FIRST) || n < 2 || p[0] != '"')
        return 0;
    i = 1;
#if TT_JSON_SSE2
    for (; n - i >= 16; i += 16) {
        unsigned m = sse2_not_plain(p + i);
        if (m) {
            i += (size_t)__builtin_ctz(m);
            goto found; /* p[i] is the first byte that is not plain */
        }
    }
#endif
    for (; n - i >= sizeof w; i += sizeof w) {
        memcpy(&w, p + i, sizeof w);
        if ((w = TT_NOT_PLAIN(w)) != 0) {
            i += TT_PLAIN_PREFIX(w);
            break;
        }
    }
    for (; i < n && is_plain(p[i]); i++)
        ;
#if TT_JSON_SSE2
found:
#endif
    if (i == n || p[i] != '"')
        return 0; /* escape, UTF-8, control or cut short: the byte path */
    *key_len = i - 1;
    s->is_key = 1;
    s->state = ST_COLON;
    return i + 1;
}
#else
/* Small builds: the fast paths the page decoder does not use there answer
 * "nothing done" (allowed by tt_json.h: the byte path does the same). */
int tt_json_str_open(tt_json_scanner *s)
{
    (void)s;
    return 0;
}

int tt_json_str_close(tt_json_scanner *s)
{
    (void)s;
    return 0;
}

int tt_json_num_close(tt_json_scanner *s)
{
    (void)s;
    return 0;
}

size_t tt_json_key_run(tt_json_scanner *s, const unsigned char *p, size_t n, size_t *key_len)
{
    (void)s;
    (void)p;
    (void)n;
    (void)key_len;
    return 0;
}
#endif

#define NUM_MAY_END                                                                     \
    ((1u << ST_NUM_ZERO) | (1u << ST_NUM_INT) | (1u << ST_NUM_FRAC) | (1u << ST_NUM_EXP))

int tt_json_end(tt_json_scanner *s)
{
    /* a number that may end here: "0", integer, fraction or exponent digits */
    if (s->depth == 0 && ((NUM_MAY_END >> s->state) & 1u)) {
        s->state = ST_DONE;
        return TT_JSON_EV_NUM_END;
    }
    return s->state == ST_DONE ? TT_OK : TT_ERR_JSON_TRUNCATED;
}

int tt_json_done(const tt_json_scanner *s)
{
    return s->state == ST_DONE;
}

int tt_json_key_index(const char *names, const char *k, size_t n)
{
    int i = 0;
    size_t l;

    for (; (l = strlen(names)) != 0; names += l + 1, i++)
        if (l == n && memcmp(names, k, n) == 0)
            return i;
    return -1;
}

/* ---- exact decimal numbers ------------------------------------------- */


void tt_json_num_init(tt_json_num *n)
{
    memset(n, 0, sizeof *n);
}

#if TT_JSON_FAST
void tt_json_num_push(tt_json_num *n, unsigned char c)
{
    unsigned d = (unsigned)c - '0';

    if (d > 9) { /* '-', '+', '.', 'e' or 'E' */
        if (c == '-')
            *(n->part == 2 ? &n->exp_neg : &n->neg) = 1;
        else if (c != '+')
            n->part = c == '.' ? 1 : 2;
        return;
    }
    if (n->part == 2) {
        if (n->exp < TT_JSON_NUM_SAT)
            n->exp = n->exp * 10 + (int64_t)d;
        return;
    }
    if (n->kept == 0 && d == 0) {
        /* not significant; after the point it moves the first digit right */
        if (n->part == 1 && n->point > -TT_JSON_NUM_SAT)
            n->point--;
        return;
    }
    if (n->kept < 19) {
        n->mant = n->mant * 10u + d;
        n->kept++;
    } else if (d != 0) {
        n->tail_nz = 1;
    }
    if (n->part == 0 && n->point < TT_JSON_NUM_SAT)
        n->point++;
}

#else
/* Small builds: point and exp in 32 bits (int32_t members), saturating at
 * TT_JSON_NUM_SAT32.  Beyond that the value is certainly out of int64
 * range or certainly 0 for any number text shorter than 2^26 bytes, so
 * results equal the host's for such texts; p = point + exp + shift stays
 * far inside int32. */
#define TT_JSON_NUM_SAT32 ((int32_t)1 << 26)

void tt_json_num_push(tt_json_num *n, unsigned char c)
{
    unsigned d = (unsigned)c - '0';
    int32_t v;
    int sig;

    if (d > 9) { /* '-', '+', '.', 'e' or 'E' ('-' only first or after 'e') */
        if (c == '-')
            *(n->part ? &n->exp_neg : &n->neg) = 1;
        else if (c != '+')
            n->part = (uint8_t)(c == '.' ? 1 : 2);
        return;
    }
    if (n->part == 2) {
        v = (int32_t)n->exp;
        if (v < TT_JSON_NUM_SAT32)
            n->exp = v * 10 + (int32_t)d;
        return;
    }
    sig = n->kept != 0 || d != 0; /* leading zeros are not significant */
    if (sig && n->kept < 19) {
        n->mant = n->mant * 10u + d;
        n->kept++;
    } else if (d != 0) {
        n->tail_nz = 1;
    }
    /* 0.d1d2... x 10^point: an integer digit moves the point right, a
     * leading zero after the point moves the first digit right */
    v = (int32_t)n->point;
    if (n->part == 0 ? sig && v < TT_JSON_NUM_SAT32 : !sig && v > -TT_JSON_NUM_SAT32)
        n->point = v + (n->part == 0 ? 1 : -1);
}
#endif

void tt_json_num_push_run(tt_json_num *n, const unsigned char *p, size_t len)
{
    size_t i = 0, i0;
    uint64_t m;
    unsigned d, kept;

    while (i < len) {
        /* the common case, kept significant digits before the exponent,
         * in locals (stores through n could alias p): as tt_json_num_push() */
        if (n->part != 2 && n->kept != 0) {
            m = n->mant;
            kept = n->kept;
            for (i0 = i; i < len && kept < 19 && (d = (unsigned)p[i] - '0') <= 9; i++) {
                m = m * 10u + d;
                kept++;
            }
            n->mant = m;
            n->kept = (uint8_t)kept;
            if (n->part == 0) { /* saturating, like one ++ per digit */
#if TT_JSON_FAST
                n->point += (int64_t)(i - i0);
                if (n->point > TT_JSON_NUM_SAT)
                    n->point = TT_JSON_NUM_SAT;
#else
                /* (i - i0 <= 19: no overflow below 2^26 + 19) */
                n->point += (int32_t)(i - i0);
                if (n->point > TT_JSON_NUM_SAT32)
                    n->point = TT_JSON_NUM_SAT32;
#endif
            }
            if (i == len)
                break;
        }
        /* '.', 'e', signs, leading zeros, exponent digits, the 20th digit */
        tt_json_num_push(n, p[i++]);
    }
}

#if TT_JSON_FAST
static uint64_t pow10_u64(unsigned k)
{
    uint64_t r = 1;
    while (k--)
        r *= 10u;
    return r;
}

int tt_json_num_floor(const tt_json_num *n, int shift, int64_t *out, int *inexact)
{
    int64_t p;
    uint64_t ip;
    int frac;

    *out = 0;
    if (inexact)
        *inexact = 0;
    if (n->kept == 0)
        return TT_OK; /* zero, whatever the exponent */
    /* value x 10^shift = 0.d1d2... x 10^p: the integer part is d1..dp */
    p = n->point + (n->exp_neg ? -n->exp : n->exp) + shift;
    if (p <= 0) {
        ip = 0;
        frac = 1;
    } else if (p > 19) {
        return TT_ERR_JSON_BAD_NUMBER; /* >= 10^19 > INT64_MAX */
    } else if ((unsigned)p <= n->kept) {
        uint64_t div = pow10_u64(n->kept - (unsigned)p);
        ip = n->mant / div;
        frac = (n->mant % div) != 0 || n->tail_nz;
    } else {
        /* fewer than 19 digits kept, so nothing was dropped; < 10^19 fits */
        ip = n->mant * pow10_u64((unsigned)p - n->kept);
        frac = 0;
    }
    /* -2^63 fits too when exact (with a fraction the floor is one lower) */
    if (ip > (uint64_t)INT64_MAX + (n->neg && !frac ? 1u : 0u))
        return TT_ERR_JSON_BAD_NUMBER;
    if (n->neg) {
        *out = ip > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)ip;
        if (frac)
            *out -= 1; /* floor, not truncation */
    } else {
        *out = (int64_t)ip;
    }
    if (inexact)
        *inexact = frac;
    return TT_OK;
}
#else
/* Small builds: digit by digit (no power table, one loop each way). */
int tt_json_num_floor(const tt_json_num *n, int shift, int64_t *out, int *inexact)
{
    int32_t p;
    uint64_t ip = n->mant;
    unsigned k = n->kept;
    int frac = n->tail_nz; /* a nonzero digit past the 19 kept: always after the point */
    int neg = n->neg;

    /* value x 10^shift = 0.d1d2...dk x 10^p: the integer part is d1..dp
     * (zero, k == 0: 0 whatever the exponent and the sign) */
    p = (int32_t)n->point + (n->exp_neg ? -(int32_t)n->exp : (int32_t)n->exp) + shift;
    if (k == 0)
        p = neg = 0;
    if (p > 19)
        return TT_ERR_JSON_BAD_NUMBER; /* >= 10^19 > INT64_MAX */
    if (p < 0)
        p = 0;
    /* drop the digits after the point (all when p is 0: the leading one is
     * nonzero, so frac is set), or append zeros (then fewer than 19 were
     * kept, so nothing was dropped, and < 10^19 fits) */
    for (; k > (unsigned)p; k--) {
        frac |= ip % 10u != 0;
        ip /= 10u;
    }
    for (; k < (unsigned)p; k++)
        ip *= 10u;
    /* the floor of a negative value with a fraction is one lower: ip + 1;
     * -2^63 fits, and ip >= 1 here (the leading digit, or frac) */
    ip += (uint64_t)(neg & frac);
    if (ip > (uint64_t)INT64_MAX + (unsigned)neg)
        return TT_ERR_JSON_BAD_NUMBER;
    *out = neg ? -(int64_t)(ip - 1u) - 1 : (int64_t)ip;
    if (inexact)
        *inexact = frac;
    return TT_OK;
}
#endif
