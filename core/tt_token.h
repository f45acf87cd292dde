/*
 * tt_token.h - the AWS CLI's --max-items / --starting-token pagination token.
 *
 * Text form (what the CLI prints as NextToken and accepts back):
 *   base64 (standard alphabet, '=' padded) of json.dumps of
 *     {"NextToken": "<server token>" | null, "boto_truncate_amount": K}
 *   or, when no truncate amount is wanted (cut exactly at a page end),
 *     {"NextToken": "<server token>"}
 *   with json.dumps defaults (", " / ": " separators, ensure_ascii escapes).
 *   Example: {"NextToken": null, "boto_truncate_amount": 3} ->
 *   eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==
 *
 * Decoding follows botocore's PageIterator._parse_starting_token (botocore
 * paginate.py, TokenDecoder) decision for decision:
 *   1. Python base64.b64decode(text) (non-validating, tt_base64_decode_py),
 *      then strict UTF-8, then json.loads (Python's grammar: NaN, Infinity,
 *      -Infinity allowed; duplicate keys, last wins; no control characters in
 *      strings).  If any step fails, or the JSON is an array, or
 *      boto_encoded_keys is a number/true/false, the token is LEGACY (step 3).
 *   2. JSON object: NextToken string -> sent (the string "None" and null /
 *      absent mean "no NextToken", i.e. page 1); boto_truncate_amount -> K
 *      (absent: 0; true/false count as 1/0 as Python's bool does).
 *   3. Legacy: text split on "___"; one part -> the whole text is the server
 *      NextToken (verbatim); two parts whose second is a Python int() literal
 *      (ASCII digits, optional sign, single '_' between digits, surrounding
 *      whitespace) -> NextToken = first part, K = that int; two parts
 *      otherwise -> whole text verbatim; "None" as the token -> no NextToken.
 *      int() here is Python 3.11's: Unicode whitespace around, Unicode 14.0
 *      decimal digits (e.g. U+0661) count unless TT_TOKEN_UNICODE_DIGITS is 0,
 *      more than 4300 digits is a ValueError.
 *
 * Where botocore/the CLI would fail (crash or parameter validation error) the
 * decoder returns a distinct error instead:
 *   TT_ERR_TOKEN_NOT_OBJECT   JSON scalar (botocore: AttributeError)
 *   TT_ERR_TOKEN_BAD_NEXT     NextToken neither string nor null, or "" (CLI:
 *                             parameter validation, exit 252)
 *   TT_ERR_TOKEN_UNKNOWN_KEY  another member with a value other than null or
 *                             "None" (CLI would pass it on as a request
 *                             parameter; we refuse rather than override HITId etc.)
 *   TT_ERR_TOKEN_BAD_AMOUNT   boto_truncate_amount not an integer/bool, or
 *                             outside int64 (botocore: TypeError when slicing)
 *   TT_ERR_TOKEN_UNSUPPORTED  non-empty boto_encoded_keys (bytes tokens,
 *                             never produced for MTurk) or a NextToken with
 *                             a lone \\uD8xx surrogate (not UTF-8 representable)
 *   TT_ERR_TOKEN_LEGACY_PARTS legacy text with 2+ "___" (botocore: "Bad
 *                             starting token")
 *   TT_ERR_TOKEN_TOO_DEEP     JSON nested deeper than TT_TOKEN_MAX_DEPTH
 *                             (Python gives up ~990 with RecursionError)
 * Known differences at the far edges: K outside int64 (Python ints are
 * unbounded: TT_ERR_TOKEN_BAD_AMOUNT here), a duplicated unknown key whose
 * last value is null (refused here), boto_encoded_keys entries (refused), and
 * JSON nested deeper than TT_TOKEN_MAX_DEPTH (botocore parses up to ~990).
 * A negative K (possible only in the legacy form) is returned as is: botocore
 * then slices from the end of the page (Python list[K:]).
 */
#ifndef TT_TOKEN_H
#define TT_TOKEN_H

#include "tt_base.h"
#include "tt_base64.h"

/* TT_TOKEN_MAX_DEPTH (JSON nesting the decoder follows) and
 * TT_TOKEN_UNICODE_DIGITS (non-ASCII digits in legacy tokens): tt_config.h. */

/* What follows is TT_RESUME_TOKENS 2 (tt_config.h; the host default).  With
 * 1 (the device profile) the encoder is the same and the decoder reads back
 * only what the encoder writes, or a text that does not decode to a JSON
 * object as the server token verbatim (legacy = 1; so also a JSON scalar,
 * which botocore fails on); every other JSON object (and "T___K") is
 * TT_ERR_TOKEN_UNSUPPORTED.
 * With 0 both functions only return TT_ERR_TOKEN_DISABLED. */

/* Scratch bytes tt_token_decode needs for a token text of n bytes. */
#define TT_TOKEN_SCRATCH_SIZE(n) TT_BASE64_DECODED_MAX(n)

/* A CLI token's contents. */
typedef struct tt_token {
    tt_str next_token;  /* server NextToken (strict UTF-8) when has_next_token */
    int has_next_token; /* 0: null/absent -> start from page 1 */
    int has_truncate;   /* encode: write boto_truncate_amount; decode: it was given */
    int64_t truncate;   /* items of that page already consumed (decode: 0 if absent) */
    int legacy;         /* decode only: 1 when the text was taken as a legacy token */
} tt_token;

/*
 * Encode t into the CLI text form in out[0..cap), NUL-terminated (only the
 * fields next_token/has_next_token/has_truncate/truncate are read; the token
 * bytes are borrowed for the call).  *len receives the text length (without
 * NUL) on success and on TT_ERR_BUFFER_TOO_SMALL (then cap must be >= *len+1;
 * out = NULL, cap = 0 is a size query).  Errors: TT_ERR_INVALID_ARG,
 * TT_ERR_UTF8_INVALID (server token not UTF-8), TT_ERR_BUFFER_TOO_SMALL.
 */
int tt_token_encode(const tt_token *t, char *out, size_t cap, size_t *len);

/*
 * Decode a --starting-token text[0..n) (borrowed).  `scratch` (caller-owned,
 * >= TT_TOKEN_SCRATCH_SIZE(n) bytes, else TT_ERR_BUFFER_TOO_SMALL) receives
 * the decoded JSON.  On TT_OK, t->next_token points into `scratch` (JSON
 * form) or into `text` (legacy form): keep both alive while you use it.
 * Errors: TT_ERR_INVALID_ARG, TT_ERR_BUFFER_TOO_SMALL and the TT_ERR_TOKEN_*
 * codes above; *t is unspecified on error.
 */
int tt_token_decode(const char *text, size_t n, unsigned char *scratch, size_t scratch_cap,
                    tt_token *t);

#endif /* TT_TOKEN_H */
