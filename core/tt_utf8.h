/*
 * tt_utf8.h - strict UTF-8 validation, decoding and encoding.
 *
 * "Strict" = RFC 3629 exactly, the same rule as Python's bytes.decode('utf-8'):
 * no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF,
 * no stray continuation bytes, no truncated sequences, bytes 0xC0/0xC1/0xF5..0xFF
 * never valid.  NUL (U+0000) is a valid code point.
 *
 * Nothing here allocates or keeps state between calls except tt_utf8_stream,
 * which the caller owns.
 */
#ifndef TT_UTF8_H
#define TT_UTF8_H

#include "tt_base.h"

/* Longest UTF-8 encoding of one code point. */
#define TT_UTF8_MAX 4u

/*
 * Check that s[0..len) is strict UTF-8.  `s` is borrowed for the call (may be
 * NULL when len is 0).  Returns TT_OK or TT_ERR_UTF8_INVALID; on error, when
 * `bad_offset` is not NULL, *bad_offset is the offset of the first byte of the
 * offending sequence.
 */
int tt_utf8_validate(const char *s, size_t len, size_t *bad_offset);

/*
 * Decode the code point starting at s[0] (len > 0 bytes available).  Returns
 * the number of bytes it occupies (1..4) and stores it in *cp, or
 * TT_ERR_UTF8_INVALID (a malformed or truncated sequence, or len 0; *cp
 * untouched; also for s or cp NULL: checked only with TT_ARG_CHECKS).
 */
int tt_utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Encode code point `cp` into out[0..4).  Returns the byte count (1..4), or
 * TT_ERR_UTF8_BAD_CODEPOINT for a surrogate or a value above U+10FFFF
 * (out untouched).  `out` must have room for TT_UTF8_MAX bytes.
 */
int tt_utf8_encode(uint32_t cp, char out[TT_UTF8_MAX]);

/*
 * Classify a lead byte b >= 0x80: how many continuation bytes follow (1..3;
 * 0 = b can never start a sequence: a continuation byte, C0, C1, F5..FF)
 * and in *lo..*hi the allowed range of the FIRST continuation byte (the
 * narrowed ranges rule out overlongs, surrogates and values past U+10FFFF);
 * the later ones are always 0x80..0xBF.  (Shared with tt_json.)
 */
unsigned tt_utf8_lead(unsigned char b, unsigned char *lo, unsigned char *hi);

/*
 * Incremental validator for text that arrives in pieces (a sequence may be
 * split between pieces).  Caller-owned; bounded state, no pointers kept.
 *   tt_utf8_stream st; tt_utf8_stream_init(&st);
 *   rc = tt_utf8_stream_feed(&st, piece, n);   (repeat; stops at first error)
 *   rc = tt_utf8_stream_finish(&st);           (error if a sequence is cut)
 */
typedef struct tt_utf8_stream {
    uint32_t cp;      /* bits gathered so far of the current sequence */
    uint8_t need;     /* continuation bytes still expected */
    uint8_t lo, hi;   /* allowed range of the NEXT continuation byte: lo..hi */
    uint8_t failed;   /* sticky: an error was seen */
} tt_utf8_stream;

/* Start validating a new byte sequence. */
void tt_utf8_stream_init(tt_utf8_stream *st);
/* Returns TT_OK or TT_ERR_UTF8_INVALID (sticky). */
int tt_utf8_stream_feed(tt_utf8_stream *st, const char *p, size_t n);
/* Returns TT_OK when no sequence is left open, else TT_ERR_UTF8_INVALID. */
int tt_utf8_stream_finish(const tt_utf8_stream *st);

#endif /* TT_UTF8_H */
