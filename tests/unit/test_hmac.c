/* test_hmac.c - HMAC-SHA256 against RFC 4231 (tests/vectors/hmac, read at
 * run time) plus RFC 4231 case 5 (truncated output), streaming splits, the
 * zeroize-after-final promise, and BearSSL's HMAC for every key length
 * around the block size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>

#include "tt_sha256.h"
#include "tt_test.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (hexval(s[0]) >= 0 && hexval(s[1]) >= 0 && n < cap) {
        out[n++] = (uint8_t)(hexval(s[0]) * 16 + hexval(s[1]));
        s += 2;
    }
    return n;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i]) return 0;
    return 1;
}

int main(void)
{
    FILE *f = fopen("tests/vectors/hmac/rfc-4231-sha256.txt", "r");
    static char line[4096];
    uint8_t key[256], msg[512], md[32], got[32];
    size_t klen = 0, mlen = 0;
    int have_key = 0, have_msg = 0, cases = 0;

    if (!TT_CHECK(f != NULL)) {
        printf("cannot read tests/vectors/hmac/rfc-4231-sha256.txt (run from the repo root)\n");
        return tt_test_summary();
    }
    /* Records are Len/Key/Msg/MD with '#' comments anywhere in between. */
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Key = ", 6) == 0) {
            klen = unhex(line + 6, key, sizeof key);
            have_key = 1;
        } else if (strncmp(line, "Msg = ", 6) == 0) {
            mlen = unhex(line + 6, msg, sizeof msg);
            have_msg = 1;
        } else if (strncmp(line, "MD = ", 5) == 0 && have_key && have_msg) {
            size_t split;
            TT_CHECK_EQ_INT(unhex(line + 5, md, sizeof md), 32);
            tt_hmac_sha256(key, klen, msg, mlen, got);
            if (!TT_CHECK(memcmp(got, md, 32) == 0))
                printf("     case %d (keylen %zu) one-shot mismatch\n", cases + 1, klen);
            for (split = 1; split < 80; split += 13) {
                tt_hmac_sha256_ctx c;
                size_t off = 0;
                tt_hmac_sha256_init(&c, key, klen);
                while (off < mlen) {
                    size_t take = mlen - off < split ? mlen - off : split;
                    tt_hmac_sha256_update(&c, msg + off, take);
                    off += take;
                }
                tt_hmac_sha256_final(&c, got);
                if (!TT_CHECK(memcmp(got, md, 32) == 0))
                    printf("     case %d split %zu mismatch\n", cases + 1, split);
                TT_CHECK(all_zero(&c, sizeof c)); /* zeroized after final */
            }
            cases++;
            have_key = have_msg = 0;
        }
    }
    fclose(f);
    printf("RFC 4231 cases from file: %d\n", cases);
    TT_CHECK_EQ_INT(cases, 6);

    /* RFC 4231 case 5: only the first 128 bits are specified. */
    {
        static const uint8_t want5[16] = {0xa3, 0xb6, 0x16, 0x74, 0x73, 0x10, 0x0e, 0xe0,
                                          0x6e, 0x0c, 0x79, 0x6c, 0x29, 0x55, 0x55, 0x2b};
        uint8_t k5[20];
        memset(k5, 0x0c, sizeof k5);
        tt_hmac_sha256(k5, sizeof k5, "Test With Truncation", 20, got);
        TT_CHECK(memcmp(got, want5, 16) == 0);
    }
    /* Output may alias the key (as the SigV4 key chain does). */
    {
        uint8_t k[32];
        memset(k, 0x0b, 20);
        tt_hmac_sha256(k, 20, "Hi There", 8, k);
        unhex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", md, 32);
        TT_CHECK(memcmp(k, md, 32) == 0);
    }
    /* Empty key and message (known value). */
    tt_hmac_sha256(NULL, 0, NULL, 0, got);
    unhex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", md, 32);
    TT_CHECK(memcmp(got, md, 32) == 0);
    /* Exactly 64-byte key: used as-is, not hashed. */
    memset(key, 0x61, 64);
    tt_hmac_sha256(key, 64, "x", 1, got);
    unhex("b65ca3a3235f948bc0e6bd747532c54a983b54ddad1a4d1bd8b958e065b1cab4", md, 32);
    TT_CHECK(memcmp(got, md, 32) == 0);
    {
        uint8_t got65[32];
        tt_hmac_sha256(key, 65, "x", 1, got65);
        TT_CHECK(memcmp(got, got65, 32) != 0);
    }
    /* tt_hmac_sha256_init_prefixed(): keyed with "pre" + key, as if concatenated,
     * across the 64-byte line (used as-is / hashed). */
    {
        static const char *const pres[] = {"", "AWS4", "a-longer-prefix"};
        uint8_t cat[200], want[32], chunk[150];
        tt_hmac_sha256_ctx h;
        size_t p, n, pl, ok = 0, all = 0;
        for (n = 0; n < sizeof chunk; n++)
            chunk[n] = (uint8_t)(n * 7 + 1);
        for (p = 0; p < 3; p++) {
            pl = strlen(pres[p]);
            for (n = 0; n < sizeof chunk; n++) {
                memcpy(cat, pres[p], pl);
                memcpy(cat + pl, chunk, n);
                tt_hmac_sha256(cat, pl + n, "msg", 3, want);
                tt_hmac_sha256_init_prefixed(&h, pres[p], n ? chunk : NULL, n);
                tt_hmac_sha256_update(&h, "msg", 3);
                tt_hmac_sha256_final(&h, got);
                ok += memcmp(got, want, 32) == 0;
                all++;
            }
        }
        TT_CHECK_EQ_INT((int)ok, (int)all);
        TT_CHECK(all_zero(&h, sizeof h));
    }
    /* An independent implementation (BearSSL) for key lengths 0..199 and
     * messages of 0..130 bytes: the key block is built in the inner
     * context's buffer (tt_sha256.c), exactly 64 bytes included. */
    {
        uint8_t k[200], m[131], want[32];
        size_t n, ml, ok = 0, all = 0;
        br_hmac_key_context bk;
        br_hmac_context bh;
        for (n = 0; n < sizeof k; n++)
            k[n] = (uint8_t)(n * 13 + 5);
        for (n = 0; n < sizeof m; n++)
            m[n] = (uint8_t)(n * 3 + 11);
        for (n = 0; n < sizeof k; n++) {
            for (ml = 0; ml < sizeof m; ml += n < 70 ? 65 : 13) {
                br_hmac_key_init(&bk, &br_sha256_vtable, k, n);
                br_hmac_init(&bh, &bk, 0);
                br_hmac_update(&bh, m, ml);
                br_hmac_out(&bh, want);
                tt_hmac_sha256(n ? k : NULL, n, ml ? m : NULL, ml, got);
                ok += memcmp(got, want, 32) == 0;
                all++;
            }
        }
        TT_CHECK_EQ_INT((int)ok, (int)all);
    }
    return tt_test_summary();
}
