/*
 * tt_sha256.c - SHA-256 and HMAC-SHA256, written from FIPS 180-4 / RFC 2104.
 *
 * The compression function keeps a rolling 16-word message schedule and
 * runs the 64 rounds fully unrolled (4 rounds per macro group, the working
 * variables renamed instead of shuffled), so the compiler keeps a..h in
 * registers; TT_SHA256_SMALL expands all 64 words first and loops over one
 * 4-round group instead.  Whole blocks (but a lone one) are compressed
 * straight from the caller's buffer; the rest is copied into ctx->buf.
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
/* Ch in its cheaper equivalent form. */
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))

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

/*
 * One round: t1 = h + S1(e) + Ch(e, f, g) + K + W; the new e (d + t1) goes
 * where h was and the new a (t1 + S0(a) + Maj(a, b, c)) where d was.  The
 * next round's roles are then (d, a, b, c, h, e, f, g), and after four
 * rounds every variable is back in its own role: a 4-round body loops with
 * no register copies (rotating the roles the usual way, h <- new a, needs
 * eight rounds for that).
 * Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), and b ^ c is the previous round's
 * a ^ b: xn gets this round's, xp holds the previous one (the caller swaps
 * the two names each round).  One instruction less than and/or forms.
 */
#define RND(a, b, c, d, e, f, g, h, k, w, xn, xp)                                                  \
    do {                                                                                           \
        uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + (k) + (w);                                   \
        (h) = (d) + t1_;                                                                           \
        (xn) = (a) ^ (b);                                                                          \
        (d) = t1_ + BSIG0(a) + ((b) ^ ((xn) & (xp)));                                              \
    } while (0)

/* Four rounds on K256[i..i+3], with words w(i), ..., w(i + 3). */
#define R4(i, w)                                                                                   \
    RND(a, b, c, d, e, f, g, h, K256[(i) + 0], w((i) + 0), x, y);                                  \
    RND(d, a, b, c, h, e, f, g, K256[(i) + 1], w((i) + 1), y, x);                                  \
    RND(c, d, a, b, g, h, e, f, K256[(i) + 2], w((i) + 2), x, y);                                  \
    RND(b, c, d, a, f, g, h, e, K256[(i) + 3], w((i) + 3), y, x)

/* Word i of an expanded schedule, or of the first 16 in the ring below. */
#define WORD(i) W[i]
/* Schedule word i (i >= 16) in the 16-word ring W. */
#define SCHED(i)                                                                                   \
    (W[(i)&15] += SSIG1(W[((i) - 2) & 15]) + W[((i) - 7) & 15] + SSIG0(W[((i) - 15) & 15]))

/* Compress the 64-byte block at p into state s. */
static void sha256_block(uint32_t s[8], const uint8_t *p)
{
#if TT_SHA256_SMALL
    uint32_t W[64];
#else
    uint32_t W[16];
#endif
    uint32_t a, b, c, d, e, f, g, h, x, y;
    size_t i;

    for (i = 0; i < 16; i++, p += 4)
        W[i] = load_be32(p);
#if TT_SHA256_SMALL
    /* The whole schedule first, then one 4-round body in a loop with no
     * per-round branch: on Cortex-M4 -Os 0.5 KB of code (vs 8 KB) and
     * fewer instructions per byte than BearSSL's br_sha256 (make size),
     * for 192 more bytes of stack. */
    for (i = 16; i < 64; i++)
        W[i] = SSIG1(W[i - 2]) + W[i - 7] + SSIG0(W[i - 15]) + W[i - 16];
#endif
    /* (loaded here: not live across the schedule's loops) */
    a = s[0], b = s[1], c = s[2], d = s[3];
    e = s[4], f = s[5], g = s[6], h = s[7];
    y = b ^ c;
#if TT_SHA256_SMALL
    for (i = 0; i < 64; i += 4) {
        R4(i, WORD);
    }
#else
    R4(0, WORD);
    R4(4, WORD);
    R4(8, WORD);
    R4(12, WORD);
    R4(16, SCHED);
    R4(20, SCHED);
    R4(24, SCHED);
    R4(28, SCHED);
    R4(32, SCHED);
    R4(36, SCHED);
    R4(40, SCHED);
    R4(44, SCHED);
    R4(48, SCHED);
    R4(52, SCHED);
    R4(56, SCHED);
    R4(60, SCHED);
#endif
    /* Through the dead schedule and a loop: the compiler then keeps no copy
     * of s[] across the rounds (stores and reloads). */
    W[0] = a;
    W[1] = b;
    W[2] = c;
    W[3] = d;
    W[4] = e;
    W[5] = f;
    W[6] = g;
    W[7] = h;
    for (i = 0; i < 8; i++)
        s[i] += W[i];
}

/* Compress `nblocks` consecutive 64-byte blocks at p into state s. */
static void sha256_blocks(uint32_t s[8], const uint8_t *p, size_t nblocks)
{
    for (; nblocks--; p += 64)
        sha256_block(s, p);
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
        if (!fill && len > 64) { /* whole blocks straight from the caller's buffer
                                  * (not a lone one: tt_hmac_sha256_init_prefixed
                                  * finds it in buf) */
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
    /* The key block is built in ctx->inner's buffer by hashing pre || key:
     * up to 64 bytes it is still there (update buffers a full block too),
     * a longer key's digest replaces it.  No block on the stack. */
    /* cppcheck-suppress [uninitvar,ctuuninitvar] (only the address is taken) */
    uint8_t *b = ctx->inner.buf;
    /* cppcheck-suppress [uninitvar,ctuuninitvar] (only the address is taken) */
    uint32_t *state = ctx->inner.h;
    unsigned pad = 0x36;
    size_t i, n;

    tt_sha256_init(&ctx->inner);
    tt_sha256_update(&ctx->inner, pre, strlen(pre));
    tt_sha256_update(&ctx->inner, key, keylen);
    n = (size_t)ctx->inner.count;
    if (ctx->inner.count > 64) {
        tt_sha256_final(&ctx->inner, b);
        n = 32;
    }
    memset(b + n, 0, 64 - n);

    /* The inner state after K ^ ipad, then the outer one after K ^ opad. */
    for (;;) {
        for (i = 0; i < 64; i++)
            b[i] ^= (uint8_t)pad;
        set_state(state, H0);
        sha256_blocks(state, b, 1);
        if (state == ctx->outer)
            break;
        state = ctx->outer;
        pad = 0x36 ^ 0x5c;
    }
    ctx->inner.count = 64;
    tt_zeroize(b, 64);
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

void tt_hex_lower(const uint8_t *in, size_t len, char *out)
{
    size_t i;
    for (i = 0; i < 2 * len; i++) { /* one nibble each, high first */
        unsigned v = (((unsigned)in[i / 2] << ((i & 1) * 4u)) >> 4) & 15u;
        out[i] = (char)(v + (v < 10 ? '0' : 'a' - 10)); /* a conditional move, no table */
    }
}
