/* bench_sha256.c - our SHA-256 vs BearSSL's br_sha256 on 1 KiB, 64 KiB and
 * 1 MiB buffers.  Prints throughput of both and the time ratio ours/theirs
 * (goal <= 1.0).  Figures only; nothing is asserted.  Thread CPU time is
 * measured so a busy build host skews the figures less. */
#define _POSIX_C_SOURCE 199309L
#include <bearssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tt_sha256.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: less hurt by a busy host */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint8_t sink;

#define TRIALS 15

static double time_ours(const uint8_t *buf, size_t len, unsigned reps)
{
    uint8_t out[32];
    unsigned i;
    double t0 = now_s();
    for (i = 0; i < reps; i++) {
        tt_sha256(buf, len, out);
        sink ^= out[0];
    }
    return now_s() - t0;
}

static double time_bearssl(const uint8_t *buf, size_t len, unsigned reps)
{
    uint8_t out[32];
    br_sha256_context c;
    unsigned i;
    double t0 = now_s();
    for (i = 0; i < reps; i++) {
        br_sha256_init(&c);
        br_sha256_update(&c, buf, len);
        br_sha256_out(&c, out);
        sink ^= out[0];
    }
    return now_s() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(void)
{
    static const size_t sizes[] = {1024, 64 * 1024, 1024 * 1024};
    size_t s, i;
    uint8_t *buf = malloc(1024 * 1024);
    if (!buf)
        return 1;
    for (i = 0; i < 1024 * 1024; i++)
        buf[i] = (uint8_t)(i * 131u + 7u);

    /* Same digest first, so we compare like with like. */
    {
        uint8_t a[32], b[32];
        br_sha256_context c;
        tt_sha256(buf, 1000003 % (1024 * 1024), a);
        br_sha256_init(&c);
        br_sha256_update(&c, buf, 1000003 % (1024 * 1024));
        br_sha256_out(&c, b);
        printf("digests %s\n", memcmp(a, b, 32) == 0 ? "agree" : "DIFFER");
    }
    printf("thread CPU time; medians of %d interleaved trials of ~4 MiB each;\n"
           "ratio = our time / BearSSL time (goal <= 1.0)\n", TRIALS);
    printf("%-8s %12s %12s %8s\n", "size", "ours MB/s", "bearssl MB/s", "ratio");
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t len = sizes[s];
        unsigned reps = (unsigned)(4u * 1024u * 1024u / len); /* ~4 MiB per trial */
        double to[TRIALS], tb[TRIALS], ratio[TRIALS];
        int k;
        time_ours(buf, len, reps); /* warm up */
        time_bearssl(buf, len, reps);
        /* Interleaved trials; the ratio is taken per trial (adjacent runs see
         * the same machine load) and its median reported. */
        for (k = 0; k < TRIALS; k++) {
            to[k] = time_ours(buf, len, reps);
            tb[k] = time_bearssl(buf, len, reps);
            ratio[k] = to[k] / tb[k];
        }
        qsort(to, TRIALS, sizeof to[0], cmp_double);
        qsort(tb, TRIALS, sizeof tb[0], cmp_double);
        qsort(ratio, TRIALS, sizeof ratio[0], cmp_double);
        printf("%-8zu %12.1f %12.1f %8.3f\n", len, (double)len * reps / to[TRIALS / 2] / 1e6,
               (double)len * reps / tb[TRIALS / 2] / 1e6, ratio[TRIALS / 2]);
    }
    free(buf);
    return 0;
}
