/* test_sha256.c - SHA-256 against NIST CAVP ShortMsg, LongMsg and Monte
 * (tests/vectors/sha256, read at run time from the repo root), streaming
 * split at awkward offsets, and a few fixed sanity values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_sha256.h"
#include "tt_test.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        *len = (size_t)n;
    }
    return buf;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode hex up to end of line; returns byte count. */
static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (hexval(s[0]) >= 0 && hexval(s[1]) >= 0 && n < cap) {
        out[n++] = (uint8_t)(hexval(s[0]) * 16 + hexval(s[1]));
        s += 2;
    }
    return n;
}

/* Find "Key = " at line start; returns pointer after it, updates *pos. */
static const char *next_field(const char *buf, size_t *pos, const char *key)
{
    size_t kl = strlen(key);
    const char *p = buf + *pos;
    while (*p) {
        if (strncmp(p, key, kl) == 0) {
            const char *v = p + kl;
            const char *e = strchr(p, '\n');
            *pos = (size_t)((e ? e + 1 : p + strlen(p)) - buf);
            return v;
        }
        p = strchr(p, '\n');
        if (!p) break;
        p++;
    }
    return NULL;
}

static uint8_t msg[8192];

static int run_msg_file(const char *path, int *cases)
{
    size_t len, pos = 0;
    char *buf = read_file(path, &len);
    const char *v;
    int bad = 0;
    if (!TT_CHECK(buf != NULL)) {
        printf("cannot read %s (run from the repo root)\n", path);
        return 1;
    }
    while ((v = next_field(buf, &pos, "Len = ")) != NULL) {
        unsigned long bits = strtoul(v, NULL, 10);
        size_t n, mdn, split;
        uint8_t md[32], got[32];
        const char *m = next_field(buf, &pos, "Msg = ");
        const char *d = next_field(buf, &pos, "MD = ");
        if (!m || !d) break;
        n = unhex(m, msg, sizeof msg);
        if (bits == 0) n = 0;
        TT_CHECK_EQ_INT(n * 8, bits);
        mdn = unhex(d, md, sizeof md);
        TT_CHECK_EQ_INT(mdn, 32);
        tt_sha256(msg, n, got);
        if (!TT_CHECK(memcmp(got, md, 32) == 0))
            printf("     %s Len=%lu one-shot mismatch\n", path, bits), bad++;
        /* Streaming with several chunk sizes must agree. */
        for (split = 1; split <= 129; split += 31) {
            tt_sha256_ctx c;
            size_t off = 0;
            tt_sha256_init(&c);
            while (off < n) {
                size_t take = n - off < split ? n - off : split;
                tt_sha256_update(&c, msg + off, take);
                off += take;
            }
            tt_sha256_final(&c, got);
            if (!TT_CHECK(memcmp(got, md, 32) == 0))
                printf("     %s Len=%lu split=%zu mismatch\n", path, bits, split), bad++;
        }
        (*cases)++;
    }
    free(buf);
    return bad;
}

static void run_monte(int *checkpoints)
{
    size_t len, pos = 0;
    char *buf = read_file("tests/vectors/sha256/SHA256Monte.rsp", &len);
    const char *v;
    uint8_t seed[32];
    if (!TT_CHECK(buf != NULL))
        return;
    v = next_field(buf, &pos, "Seed = ");
    TT_CHECK(v && unhex(v, seed, 32) == 32);
    while ((v = next_field(buf, &pos, "MD = ")) != NULL) {
        uint8_t md[3][32], want[32], cur[32];
        int i;
        memcpy(md[0], seed, 32);
        memcpy(md[1], seed, 32);
        memcpy(md[2], seed, 32);
        for (i = 3; i < 1003; i++) {
            tt_sha256_ctx c;
            tt_sha256_init(&c);
            tt_sha256_update(&c, md[0], 32);
            tt_sha256_update(&c, md[1], 32);
            tt_sha256_update(&c, md[2], 32);
            tt_sha256_final(&c, cur);
            memcpy(md[0], md[1], 32);
            memcpy(md[1], md[2], 32);
            memcpy(md[2], cur, 32);
        }
        memcpy(seed, cur, 32);
        unhex(v, want, 32);
        if (!TT_CHECK(memcmp(cur, want, 32) == 0))
            printf("     Monte checkpoint %d mismatch\n", *checkpoints);
        (*checkpoints)++;
    }
    free(buf);
}

int main(void)
{
    int shortc = 0, longc = 0, monte = 0;
    uint8_t out[32];
    char hex[65];

    /* Sanity: empty string and "abc", plus the hex helper. */
    tt_sha256("", 0, out);
    tt_hex_lower(out, 32, hex);
    hex[64] = 0;
    TT_CHECK_EQ_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    tt_sha256("abc", 3, out);
    tt_hex_lower(out, 32, hex);
    TT_CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    tt_sha256(NULL, 0, out); /* NULL with length 0 is allowed */
    tt_hex_lower(out, 32, hex);
    TT_CHECK_EQ_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    run_msg_file("tests/vectors/sha256/SHA256ShortMsg.rsp", &shortc);
    run_msg_file("tests/vectors/sha256/SHA256LongMsg.rsp", &longc);
    run_monte(&monte);
    printf("ShortMsg cases: %d, LongMsg cases: %d, Monte checkpoints: %d\n", shortc, longc, monte);
    TT_CHECK_EQ_INT(shortc, 65);
    TT_CHECK_EQ_INT(longc, 64);
    TT_CHECK_EQ_INT(monte, 100);
    return tt_test_summary();
}
