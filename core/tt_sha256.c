/*
 * tt_sha256.c - SHA-256 and HMAC-SHA256, written from FIPS 180-4 / RFC 2104.
 *
 * The compression function keeps a rolling 16-word message schedule and
 * runs the 64 rounds fully unrolled (8 rounds per macro group, the working
 * variables renamed instead of shuffled), so the compiler keeps a..h in
 * registers; TT_SHA256_SMALL expands all 64 words first and loops over one
 * 8-round group instead.  Whole blocks are compressed straight from the
 * caller's buffer; only a tail shorter than a block is copied into ctx->buf.
 */
#include <string.h>

#include "tt_sha256.h"

static const uint32_t K256[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
    0xc67178f2u};

static const uint32_t H0[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                               0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define BSIG1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define SSIG0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
/* Ch and Maj in their cheaper equivalent forms. */
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap32(v); /* one instruction (rev / bswap) */
    memcpy(p, &v, 4);
#else
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
#endif
}

/* The 8-word state copy, out of line: cheaper than inlined ldm/stm pairs at
 * the places that set or save a state. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static void set_state(uint32_t *dst, const uint32_t *src)
{
    memcpy(dst, src, 32);
}

/* One round; the caller rotates the roles of a..h instead of moving values. */
#define RND(a, b, c, d, e, f, g, h, k, w)                                                          \
    do {                                                                                           \
        uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + (k) + (w);                                   \
        (d) += t1_;                                                                                \
        (h) = t1_ + BSIG0(a) + MAJ(a, b, c);                                                       \
    } while (0)

/* Schedule word i (i >= 16) in the 16-word ring W. */
#define SCHED(i)                                                                                   \
    (W[(i)&15] += SSIG1(W[((i) - 2) & 15]) + W[((i) - 7) & 15] + SSIG0(W[((i) - 15) & 15]))

/* Eight rounds on words W[i..i+7]: the first 16 loaded words of the ring, or
 * any part of a fully expanded 64-word schedule. */
#define R8_W(i)                                                                                    \
    RND(a, b, c, d, e, f, g, h, K256[(i) + 0], W[(i) + 0]);                                        \
    RND(h, a, b, c, d, e, f, g, K256[(i) + 1], W[(i) + 1]);                                        \
    RND(g, h, a, b, c, d, e, f, K256[(i) + 2], W[(i) + 2]);                                        \
    RND(f, g, h, a, b, c, d, e, K256[(i) + 3], W[(i) + 3]);                                        \
    RND(e, f, g, h, a, b, c, d, K256[(i) + 4], W[(i) + 4]);                                        \
    RND(d, e, f, g, h, a, b, c, K256[(i) + 5], W[(i) + 5]);                                        \
    RND(c, d, e, f, g, h, a, b, K256[(i) + 6], W[(i) + 6]);                                        \
    RND(b, c, d, e, f, g, h, a, K256[(i) + 7], W[(i) + 7])

#define R8_SCHED(i)                                                                                \
    RND(a, b, c, d, e, f, g, h, K256[(i) + 0], SCHED((i) + 0));                                    \
    RND(h, a, b, c, d, e, f, g, K256[(i) + 1], SCHED((i) + 1));                                    \
    RND(g, h, a, b, c, d, e, f, K256[(i) + 2], SCHED((i) + 2));                                    \
    RND(f, g, h, a, b, c, d, e, K256[(i) + 3], SCHED((i) + 3));                                    \
    RND(e, f, g, h, a, b, c, d, K256[(i) + 4], SCHED((i) + 4));                                    \
    RND(d, e, f, g, h, a, b, c, K256[(i) + 5], SCHED((i) + 5));                                    \
    RND(c, d, e, f, g, h, a, b, K256[(i) + 6], SCHED((i) + 6));                                    \
    RND(b, c, d, e, f, g, h, a, K256[(i) + 7], SCHED((i) + 7))

/* Compress `nblocks` consecutive 64-byte blocks at p into state s. */
static void sha256_blocks(uint32_t s[8], const uint8_t *p, size_t nblocks)
{
#if TT_SHA256_SMALL
    uint32_t W[64];
#else
    uint32_t W[16];
#endif
    while (nblocks--) {
        uint32_t a = s[0], b = s[1], c = s[2], d = s[3];
        uint32_t e = s[4], f = s[5], g = s[6], h = s[7];
        size_t i;
        for (i = 0; i < 16; i++)
            W[i] = load_be32(p + 4 * i);
#if TT_SHA256_SMALL
        /* The whole schedule first, then one 8-round body in a loop with no
         * per-round branch: on Cortex-M4 -Os 0.8 KB of code (vs 8 KB) and
         * fewer instructions per byte than BearSSL's br_sha256 (make size),
         * for 192 more bytes of stack.  (Rolling further, to 4 or 1 rounds
         * per body, moves the roles a..h with register copies: more
         * instructions per byte than BearSSL's.) */
        for (i = 16; i < 64; i++)
            W[i] = SSIG1(W[i - 2]) + W[i - 7] + SSIG0(W[i - 15]) + W[i - 16];
        for (i = 0; i < 64; i += 8) {
            R8_W(i);
        }
#else
        R8_W(0);
        R8_W(8);
        R8_SCHED(16);
        R8_SCHED(24);
        R8_SCHED(32);
        R8_SCHED(40);
        R8_SCHED(48);
        R8_SCHED(56);
#endif
        s[0] += a;
        s[1] += b;
        s[2] += c;
        s[3] += d;
        s[4] += e;
        s[5] += f;
        s[6] += g;
        s[7] += h;
        p += 64;
    }
}

void tt_sha256_init(tt_sha256_ctx *ctx)
{
    set_state(ctx->h, H0);
    ctx->count = 0;
}

void tt_sha256_update(tt_sha256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;

    while (len) { /* data may be NULL when len is 0 */
        size_t fill = (size_t)(ctx->count & 63u), n;
        if (!fill && len >= 64) { /* whole blocks straight from the caller's buffer */
            n = len & ~(size_t)63;
            sha256_blocks(ctx->h, p, n / 64);
        } else { /* into the partial block; compressed when it is full */
            n = 64 - fill < len ? 64 - fill : len;
            memcpy(ctx->buf + fill, p, n);
            if (fill + n == 64)
                sha256_blocks(ctx->h, ctx->buf, 1);
        }
        ctx->count += n;
        p += n;
        len -= n;
    }
}

void tt_sha256_final(tt_sha256_ctx *ctx, uint8_t out[32])
{
    size_t fill = (size_t)(ctx->count & 63u), i;

    ctx->buf[fill++] = 0x80;
    memset(ctx->buf + fill, 0, 64 - fill);
    if (fill > 56) {
        sha256_blocks(ctx->h, ctx->buf, 1);
        memset(ctx->buf, 0, 56);
    }
    /* the length in bits, big-endian, in the last 8 bytes */
    store_be32(ctx->buf + 56, (uint32_t)(ctx->count >> 29));
    store_be32(ctx->buf + 60, (uint32_t)ctx->count << 3);
    sha256_blocks(ctx->h, ctx->buf, 1);
    for (i = 0; i < 8; i++)
        store_be32(out + 4 * i, ctx->h[i]);
}

void tt_sha256(const void *data, size_t len, uint8_t out[32])
{
    tt_sha256_ctx c;
    tt_sha256_init(&c);
    tt_sha256_update(&c, data, len);
    tt_sha256_final(&c, out);
}

/* ---- HMAC ---------------------------------------------------------------- */

void tt_hmac_sha256_init_prefixed(tt_hmac_sha256_ctx *ctx, const char *pre, const void *key,
                                  size_t keylen)
{
    uint8_t block[64];
    size_t prelen = strlen(pre);
    /* cppcheck-suppress [uninitvar,ctuuninitvar] (only the address is taken) */
    uint32_t *state = ctx->inner.h;
    unsigned pad = 0x36;
    size_t i;

    memset(block, 0, sizeof block);
    if (prelen + keylen > 64) { /* hash it, using ctx->inner as scratch (keeps the stack flat) */
        tt_sha256_init(&ctx->inner);
        tt_sha256_update(&ctx->inner, pre, prelen);
        tt_sha256_update(&ctx->inner, key, keylen);
        tt_sha256_final(&ctx->inner, block);
    } else {
        /* key bytes, not a C string: */
        memcpy(block, pre, prelen); /* NOLINT(bugprone-not-null-terminated-result) */
        if (keylen)
            memcpy(block + prelen, key, keylen);
    }

    /* The inner state after K ^ ipad, then the outer one after K ^ opad. */
    for (;;) {
        for (i = 0; i < 64; i++)
            block[i] ^= (uint8_t)pad;
        set_state(state, H0);
        sha256_blocks(state, block, 1);
        if (state == ctx->outer)
            break;
        state = ctx->outer;
        pad = 0x36 ^ 0x5c;
    }
    ctx->inner.count = 64;
    tt_zeroize(block, sizeof block);
}

void tt_hmac_sha256_init(tt_hmac_sha256_ctx *ctx, const void *key, size_t keylen)
{
    tt_hmac_sha256_init_prefixed(ctx, "", key, keylen);
}

void tt_hmac_sha256_update(tt_hmac_sha256_ctx *ctx, const void *data, size_t len)
{
    tt_sha256_update(&ctx->inner, data, len);
}

void tt_hmac_sha256_final(tt_hmac_sha256_ctx *ctx, uint8_t out[32])
{
    /* The inner context is done after its final: reuse it for the outer
     * hash rather than putting a second context on the stack. */
    tt_sha256_final(&ctx->inner, out);
    set_state(ctx->inner.h, ctx->outer);
    ctx->inner.count = 64;
    tt_sha256_update(&ctx->inner, out, 32);
    tt_sha256_final(&ctx->inner, out);
    tt_zeroize(ctx, sizeof *ctx);
}

void tt_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
                    uint8_t out[32])
{
    tt_hmac_sha256_ctx c;
    tt_hmac_sha256_init(&c, key, keylen);
    tt_hmac_sha256_update(&c, msg, msglen);
    tt_hmac_sha256_final(&c, out);
}

/* '0'..'9', 'a'..'f' for v in 0..15 (a conditional move, no table). */
#define HEXDIGIT(v) (char)((v) + ((v) < 10 ? '0' : 'a' - 10))

void tt_hex_lower(const uint8_t *in, size_t len, char *out)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned hi = (unsigned)in[i] >> 4, lo = in[i] & 15u;
        out[2 * i] = HEXDIGIT(hi);
        out[2 * i + 1] = HEXDIGIT(lo);
    }
}
