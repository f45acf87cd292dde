/*
 * tt_sha256.h - SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104).
 *
 * Streaming (init / update / final) and one-shot forms.  No allocation, no
 * static state: every context lives where the caller puts it (stack or
 * struct).  Contexts may be copied by value (e.g. to fork a prefix hash).
 *
 * Pointers: every input pointer is only read during the call; nothing is
 * retained.  `data`/`key` may be NULL when their length is 0.
 */
#ifndef TT_SHA256_H
#define TT_SHA256_H

#include "tt_base.h"

#define TT_SHA256_LEN 32u   /* digest bytes */
#define TT_SHA256_BLOCK 64u /* block bytes */

/* A SHA-256 computation in progress (caller-owned plain data). */
typedef struct tt_sha256_ctx {
    uint32_t h[8];      /* chaining state */
    uint64_t count;     /* bytes hashed so far */
    uint8_t buf[64];    /* partial block (count % 64 bytes valid) */
} tt_sha256_ctx;

/* Start a hash. */
void tt_sha256_init(tt_sha256_ctx *ctx);
/* Hash data[0..len) (borrowed for the call; may be NULL when len is 0). */
void tt_sha256_update(tt_sha256_ctx *ctx, const void *data, size_t len);
/* Write the digest to out[32].  The context is left in an unspecified state;
 * call tt_sha256_init() before reusing it. */
void tt_sha256_final(tt_sha256_ctx *ctx, uint8_t out[32]);
/* One shot: out = SHA-256(data[0..len)). */
void tt_sha256(const void *data, size_t len, uint8_t out[32]);

/*
 * HMAC-SHA256.  The context holds key-derived state (the inner and outer
 * hashes after the padded key block); it is zeroized by
 * tt_hmac_sha256_final().  If a caller abandons a context without calling
 * final, it should tt_zeroize() it.
 */
typedef struct tt_hmac_sha256_ctx {
    uint32_t outer[8];   /* state after the block K ^ opad */
    tt_sha256_ctx inner; /* H(K ^ ipad || ...) in progress; its h[] directly
                            follows outer[] (one copy saves both midstates) */
} tt_hmac_sha256_ctx;

/* Start a MAC keyed with the concatenation of the string `pre`
 * (NUL-terminated, may be "") and key[0..keylen) (e.g. SigV4's "AWS4" +
 * secret), which is never built in memory.  Keys longer than 64 bytes are
 * hashed first, as RFC 2104 says.  The key bytes are not retained; `key`
 * may be NULL when keylen is 0. */
void tt_hmac_sha256_init_prefixed(tt_hmac_sha256_ctx *ctx, const char *pre, const void *key,
                                  size_t keylen);
/* The same with no prefix (inline: no wrapper in flash). */
static inline void tt_hmac_sha256_init(tt_hmac_sha256_ctx *ctx, const void *key, size_t keylen)
{
    tt_hmac_sha256_init_prefixed(ctx, "", key, keylen);
}
/* MAC data[0..len) (borrowed for the call). */
void tt_hmac_sha256_update(tt_hmac_sha256_ctx *ctx, const void *data, size_t len);
/* Write the 32-byte MAC to out and zeroize the context. */
void tt_hmac_sha256_final(tt_hmac_sha256_ctx *ctx, uint8_t out[32]);
/* One shot: out = HMAC-SHA256(key, msg). `out` may alias `key` or `msg`. */
void tt_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
                    uint8_t out[32]);

/* Lower-case hex of `len` bytes into out[2*len] (no NUL added). */
void tt_hex_lower(const uint8_t *in, size_t len, char *out);

#endif /* TT_SHA256_H */
