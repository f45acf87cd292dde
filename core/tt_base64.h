/*
 * tt_base64.h - base64, standard alphabet (RFC 4648 section 4), '=' padding.
 *
 * Three decoders for three jobs:
 *   tt_base64_decode     strict: canonical padded text only, each kind of
 *                        defect reported with its own error code;
 *   tt_base64_decode_py  exactly Python's base64.b64decode(s) default
 *                        (validate=False) rules, which botocore uses for
 *                        --starting-token (see tt_token.h);
 * and one encoder, either all at once or fed in pieces (tt_base64_stream).
 *
 * Output convention (all functions): *len receives the number of bytes the
 * full output has (for the encoders, NOT counting the NUL they append).  When
 * `out` is NULL or `cap` is too small the function writes nothing useful,
 * returns TT_ERR_BUFFER_TOO_SMALL and *len still tells the size: an encoder
 * needs cap >= *len + 1, a decoder cap >= *len.
 */
#ifndef TT_BASE64_H
#define TT_BASE64_H

#include "tt_base.h"

/* Characters (without NUL) that encoding n bytes produces. */
#define TT_BASE64_ENCODED_LEN(n) ((((n) + 2u) / 3u) * 4u)
/* An upper bound of the bytes decoding n characters can produce. */
#define TT_BASE64_DECODED_MAX(n) (((n) / 4u) * 3u + 2u)

/*
 * Encode in[0..n) into out (NUL-terminated).  `in` and `out` are borrowed for
 * the call and must not overlap.  Returns TT_OK, TT_ERR_BUFFER_TOO_SMALL
 * (*len = text length, cap must be >= *len + 1) or TT_ERR_INVALID_ARG.
 */
int tt_base64_encode(const void *in, size_t n, char *out, size_t cap, size_t *len);

/*
 * Strict decode of in[0..n) into out[0..cap).  Accepts only what
 * tt_base64_encode produces: length a multiple of 4, alphabet characters,
 * 0..2 '=' only at the very end, zero unused bits.  No whitespace.
 * Errors (checked in this order, first defect wins):
 *   TT_ERR_BASE64_BAD_LENGTH   n % 4 != 0
 *   TT_ERR_BASE64_BAD_CHAR     a byte outside A-Z a-z 0-9 + / =
 *   TT_ERR_BASE64_BAD_PADDING  '=' anywhere but the last 1-2 positions
 *   TT_ERR_BASE64_NONCANONICAL unused bits of the last group not zero
 *   TT_ERR_BUFFER_TOO_SMALL    (*len = decoded size)
 * `err_offset` (may be NULL) receives the offset of the offending character
 * for BAD_CHAR / BAD_PADDING / NONCANONICAL.
 */
int tt_base64_decode(const char *in, size_t n, unsigned char *out, size_t cap, size_t *len,
                     size_t *err_offset);

/*
 * Python's non-validating base64.b64decode() (CPython 3.11 binascii
 * a2b_base64, strict_mode=False): bytes outside the alphabet are skipped; a
 * '=' ends decoding once it completes a quartet (2 data chars + "==", or 3 +
 * "="; the rest of the input is ignored), other '=' are skipped; non-zero
 * unused bits are dropped.  Fails with TT_ERR_BASE64_BAD_LENGTH when the data
 * characters leave 1 over a multiple of 4 ("cannot be 1 more than a multiple
 * of 4") and TT_ERR_BASE64_BAD_PADDING when they leave 2 or 3 without the
 * padding ("Incorrect padding").  cap >= TT_BASE64_DECODED_MAX(n) always fits.
 */
int tt_base64_decode_py(const char *in, size_t n, unsigned char *out, size_t cap, size_t *len);

/*
 * Incremental encoder: bytes go in through any number of _put calls, text
 * comes out in out[0..cap).  Caller owns the struct and the buffer.  Once the
 * buffer is too small, output stops but counting goes on, so _finish can say
 * how big it should have been.
 */
typedef struct tt_base64_stream {
    char *out;             /* borrowed; may be NULL for a pure size query */
    size_t cap;            /* bytes at out */
    size_t len;            /* characters produced so far (counted even if not stored) */
    unsigned char acc[3];  /* pending input bytes */
    unsigned nacc;         /* bytes in acc */
} tt_base64_stream;

/* Start encoding into out[0..cap) (`out` borrowed until _finish; may be
 * NULL with cap 0 to only count). */
void tt_base64_stream_init(tt_base64_stream *st, char *out, size_t cap);
/* Encode p[0..n) (borrowed for the call); never fails (see _finish). */
void tt_base64_stream_put(tt_base64_stream *st, const void *p, size_t n);
/* Pad, NUL-terminate; returns TT_OK or TT_ERR_BUFFER_TOO_SMALL; *len as above. */
int tt_base64_stream_finish(tt_base64_stream *st, size_t *len);

#endif /* TT_BASE64_H */
