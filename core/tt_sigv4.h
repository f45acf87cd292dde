/*
 * tt_sigv4.h - AWS Signature Version 4 (HMAC-SHA256) request signer.
 *
 * A general signer: any method, path, query, header set and payload; header
 * signing (Authorization header) or query signing (presigned URL).  Follows
 * the rules AWS publishes for non-S3 services and passes both AWS test
 * suites (tests/vectors/sigv4):
 *
 *   - path: optionally normalised (dot segments removed, empty segments
 *     collapsed), then every byte outside A-Za-z0-9-_.~ and '/' is
 *     percent-encoded.  The path is taken as it goes on the wire, so an
 *     already-encoded "%20" becomes "%2520" (AWS's double encoding for
 *     non-S3 services).
 *   - query: split on '&', each key and value percent-decoded and
 *     re-encoded, sorted by encoded key then encoded value; "k" -> "k=".
 *   - headers: names lower-cased, values trimmed with every run of
 *     whitespace (space, tab, CR/LF folding) collapsed to one space,
 *     duplicates joined with ',' in their original order, sorted by name.
 *     Every header the caller passes is signed: pass only the ones to sign.
 *   - the signer adds and signs X-Amz-Date (header mode), the session
 *     token as X-Amz-Security-Token (unless TT_SIGV4_TOKEN_UNSIGNED) and
 *     optionally X-Amz-Content-Sha256.  A header of the same name in the
 *     caller's list is replaced (not signed twice); "Authorization" in the
 *     caller's list is ignored.
 *
 * Memory: no heap.  The canonical request is never built: it is streamed
 * into SHA-256 (and into the optional debug sink).  One arena block holds
 * the output string followed by the scratch (the sorted header pointers;
 * when presigning also the query parameters); the scratch is released
 * before returning, so only the output string (Authorization value,
 * presigned query) stays in the arena.  Stack use of tt_sigv4_sign() is
 * bounded: 1400 bytes on Cortex-M4 -Os (make size, scripts/stack-usage.sh),
 * plus the debug sink's own frame when one is set.
 *
 * Built with TT_SIGV4_FULL 0 (tt_config.h; the device profile) the signer
 * keeps only what tt_client needs: no query, no presigning, a path already
 * in canonical form (see tt_config.h); other requests fail as listed there.
 *
 * Presign mode (TT_SIGV4_PRESIGN) follows aws-c-auth: X-Amz-Algorithm,
 * -Credential, -Date, -Expires, -SignedHeaders (and -Security-Token unless
 * TT_SIGV4_TOKEN_UNSIGNED) join the canonical query; no header is added
 * (TT_SIGV4_ADD_CONTENT_SHA256 is ignored); the payload is hashed as usual
 * unless payload_hash says e.g. "UNSIGNED-PAYLOAD".
 */
#ifndef TT_SIGV4_H
#define TT_SIGV4_H

#include "tt_arena.h"
#include "tt_base.h"
#include "tt_sha256.h"

/* TT_SIGV4_MAX_HEADERS (upper bound on header_count): tt_config.h. */

/*
 * One header field; both strings are borrowed for the duration of the call
 * they are passed to.  (core/tt_http.h defines the same type under the same
 * guard.)
 */
/* tt_http_header (one name/value pair) is defined in tt_base.h. */

/* AWS credentials; all three strings borrowed for the duration of the call.
 * session_token.len == 0 means long-term credentials (no token). */
typedef struct tt_credentials {
    tt_str access_key_id;     /* e.g. "AKIDEXAMPLE" */
    tt_str secret_access_key; /* never copied; only its HMAC midstates are cached */
    tt_str session_token;     /* STS token, or len 0 */
} tt_credentials;

/* tt_sigv4_request.flags (0 = what the AWS CLI does for a JSON service). */
#define TT_SIGV4_NO_NORMALIZE_PATH 0x01u /* sign the path as given (S3 style dots) */
#define TT_SIGV4_TOKEN_UNSIGNED 0x02u    /* token added after signing, not signed */
#define TT_SIGV4_ADD_CONTENT_SHA256 0x04u /* add+sign X-Amz-Content-Sha256 (header mode) */
#define TT_SIGV4_PRESIGN 0x08u           /* query signing (presigned URL) */

/* Parts reported to the debug sink. */
#define TT_SIGV4_DEBUG_CANONICAL_REQUEST 1
#define TT_SIGV4_DEBUG_STRING_TO_SIGN 2

/*
 * Debug sink: receives the canonical request, then the string to sign, in
 * chunks as they are produced (`text` valid only during the call, not
 * NUL-terminated), and one call with len == 0 at the end of each part.
 * Concatenating the chunks of a part gives exactly the bytes that were hashed.
 */
typedef void (*tt_sigv4_debug_fn)(void *user, int part, const char *text, size_t len);

/* What to sign: every string and buffer is borrowed for the call. */
typedef struct tt_sigv4_request {
    tt_str method; /* e.g. "POST", used verbatim */
    tt_str path;   /* as on the request line before '?', e.g. "/"; empty = "/" */
    tt_str query;  /* after '?', without it; may be empty */
    const tt_http_header *headers; /* headers to sign (Host included); may be NULL if 0 */
    size_t header_count; /* entries in headers (<= TT_SIGV4_MAX_HEADERS) */
    const void *payload; /* body bytes (hashed unless payload_hash is set); NULL if 0 */
    size_t payload_len;  /* bytes at payload */
    tt_str payload_hash; /* optional precomputed hex hash or "UNSIGNED-PAYLOAD"; len 0 = hash payload */
    tt_str region;       /* e.g. "us-east-1" */
    tt_str service;      /* e.g. "mturk-requester" */
    int64_t epoch_s;     /* signing time, seconds since 1970 UTC */
    uint32_t expires_s;  /* presign only: X-Amz-Expires */
    unsigned flags;      /* TT_SIGV4_* */
    tt_sigv4_debug_fn debug; /* NULL = no debug output (costs nothing) */
    void *debug_user;        /* passed back to debug */
} tt_sigv4_request;

/*
 * Per-(secret, date, region, service) signing-key cache: one entry, the
 * last key derived.  Owned by the caller, zero-initialise it once (or
 * tt_sigv4_key_cache_init()); a warm hit skips the 4-HMAC key derivation.
 * The entry is recognised by a fingerprint, the leading bytes of a SHA-256
 * over the date, region, service and secret (each with its length): any
 * change of one of them derives and caches a new key.  Holds the HMAC
 * midstates of the signing key (secret material): call
 * tt_sigv4_key_cache_clear() when done.  Not thread-safe; one cache per
 * signing thread.
 */
typedef struct tt_sigv4_key_cache {
    uint32_t pads[16]; /* SHA-256 states after (key ^ opad), then after
                          (key ^ ipad): the first 64 bytes of a
                          tt_hmac_sha256_ctx keyed with the signing key */
    uint8_t fp[16];    /* fingerprint of (date, region, service, secret) */
    uint8_t valid;     /* 1 when the entry may be used */
} tt_sigv4_key_cache;

/* Empty the cache (a zero-filled cache is empty too). */
void tt_sigv4_key_cache_init(tt_sigv4_key_cache *c);
/* Zeroize (same as init, but guaranteed not optimised away). */
void tt_sigv4_key_cache_clear(tt_sigv4_key_cache *c);

/* The outcome of signing: plain data owned by the caller, except the two
 * tt_str which point into the arena (see below). */
typedef struct tt_sigv4_result {
    char amz_date[17];     /* "YYYYMMDDTHHMMSSZ", NUL-terminated: send as X-Amz-Date */
    char signature[65];    /* lower-case hex, NUL-terminated */
    char payload_hash[65]; /* hash used (value for X-Amz-Content-Sha256), NUL-terminated;
                              empty if a given payload_hash was longer than 64 */
    /* Header mode: the Authorization header value.  Presign mode: the
     * query parameters to append to the URL ("X-Amz-Algorithm=...&...&
     * X-Amz-Signature=<hex>", joined to an existing query with '&'), with
     * X-Amz-Security-Token included whenever there is a token.  Both point
     * into `arena` and stay valid until the caller rolls it back past them
     * or re-initialises it; the other one is {NULL, 0}. */
    tt_str authorization;
    tt_str presign_query;
} tt_sigv4_result;

/*
 * Sign `req` with `cred`.
 *   cache: optional (NULL = derive the key every time).
 *   arena: required; scratch for sorting (released on return) plus the
 *          output strings (kept).  TT_ERR_ARENA_FULL with arena->needed set
 *          when it is too small; ~1 KB is plenty for MTurk requests.
 * In header mode the caller sends: its headers, X-Amz-Date: out->amz_date,
 * X-Amz-Security-Token: <token> (if any), X-Amz-Content-Sha256 (if asked)
 * and Authorization: out->authorization.
 * Returns TT_OK, TT_ERR_INVALID_ARG (bad arguments; req, cred, arena or
 * out NULL is checked only with TT_ARG_CHECKS), TT_ERR_SIGV4_NO_CREDENTIALS,
 * TT_ERR_SIGV4_BAD_HEADER (empty/invalid name, control bytes or bare CR/LF
 * in a value), TT_ERR_SIGV4_TOO_MANY_HEADERS, TT_ERR_SIGV4_BAD_PATH (path
 * not starting with '/' or with control bytes), TT_ERR_SIGV4_BAD_QUERY
 * (query with control bytes), TT_ERR_TIME_RANGE, TT_ERR_ARENA_FULL.  On error *out holds no signature and the arena is as
 * it was (apart from `needed`).
 */
int tt_sigv4_sign(const tt_sigv4_request *req, const tt_credentials *cred,
                  tt_sigv4_key_cache *cache, tt_arena *arena, tt_sigv4_result *out);

/*
 * Derive the 32-byte SigV4 signing key
 *   HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date8), region), service), "aws4_request")
 * (exposed for tests and tools; the signer uses it through the cache).
 * date8 is "YYYYMMDD" (8 bytes, not NUL-terminated).
 */
void tt_sigv4_derive_key(tt_str secret, const char date8[8], tt_str region, tt_str service,
                         uint8_t key[32]);

/*
 * Start `hmac` keyed with the signing key of k[] = {secret, date8
 * "YYYYMMDD" (len 8), region, service}, as tt_sigv4_sign() does before
 * hashing the string to sign: the key's midstates come from `cache`
 * (optional) when it holds this secret and scope, else the key is derived
 * and cached.  Feed the string to sign with tt_hmac_sha256_update(), then
 * tt_hmac_sha256_final() (which zeroizes `hmac`, secret bytes included).
 * For fixed-shape signers (tt_request.h).  All strings borrowed.
 */
void tt_sigv4_hmac_init(tt_hmac_sha256_ctx *hmac, const tt_str k[4], tt_sigv4_key_cache *cache);

/*
 * The canonical URI of `path` exactly as tt_sigv4_sign() hashes it (flags 0:
 * normalised, percent-encoded), into `sha` and to `debug` (part
 * TT_SIGV4_DEBUG_CANONICAL_REQUEST, without the closing len 0 call; NULL = no
 * debug output).  With sha == NULL only checks.  TT_ERR_SIGV4_BAD_PATH (and
 * nothing emitted) when the path is empty, does not start with '/', holds a
 * control byte, or, built with TT_SIGV4_FULL 0, is not its own canonical
 * form (tt_config.h); else TT_OK.  `path` borrowed for the call.
 */
int tt_sigv4_hash_path(tt_sha256_ctx *sha, tt_str path, tt_sigv4_debug_fn debug, void *user);

#endif /* TT_SIGV4_H */
