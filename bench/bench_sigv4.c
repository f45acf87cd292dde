/* bench_sigv4.c - time to sign one MTurk ListAssignmentsForHIT request with
 * a cold (key derived: 4 extra HMACs) and a warm signing-key cache.
 * Median (and best) over many batches of thread CPU time.  Figures only;
 * goal < 5 us warm. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tt_sigv4.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: less hurt by a busy host */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static volatile char sink;

#define BATCH 200
#define TRIALS 101

int main(void)
{
    static const char body[] =
        "{\"HITId\": \"3XHITPLAINEXAMPLE0000000000000\", \"MaxResults\": 100, \"NextToken\": "
        "\"p2:c3RhcnQ+/abcdefGHIJKLmnopqrSTUVwxyz0123456789+/==\"}";
    static unsigned char abuf[2048];
    tt_http_header h[3];
    tt_sigv4_request q;
    tt_credentials cred;
    tt_sigv4_key_cache cache;
    tt_sigv4_result res;
    tt_arena arena;
    double cold[TRIALS], warm[TRIALS];
    int t, k;

    memset(&q, 0, sizeof q);
    memset(&cred, 0, sizeof cred);
    h[0].name = tt_str_c("Host");
    h[0].value = tt_str_c("mturk-requester.us-east-1.amazonaws.com");
    h[1].name = tt_str_c("X-Amz-Target");
    h[1].value = tt_str_c("MTurkRequesterServiceV20170117.ListAssignmentsForHIT");
    h[2].name = tt_str_c("Content-Type");
    h[2].value = tt_str_c("application/x-amz-json-1.1");
    q.method = tt_str_c("POST");
    q.path = tt_str_c("/");
    q.headers = h;
    q.header_count = 3;
    q.payload = body;
    q.payload_len = sizeof body - 1;
    q.region = tt_str_c("us-east-1");
    q.service = tt_str_c("mturk-requester");
    q.epoch_s = 1795911262; /* 2026-11-29T00:14:22Z */
    cred.access_key_id = tt_str_c("AKIDEXAMPLE");
    cred.secret_access_key = tt_str_c("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    tt_sigv4_key_cache_init(&cache);
    for (t = 0; t < TRIALS; t++) {
        double t0 = now_s();
        for (k = 0; k < BATCH; k++) {
            tt_sigv4_key_cache_init(&cache); /* cold: derive every time */
            tt_arena_init(&arena, abuf, sizeof abuf);
            if (tt_sigv4_sign(&q, &cred, &cache, &arena, &res) != TT_OK)
                return 1;
            sink ^= res.signature[0];
        }
        cold[t] = (now_s() - t0) / BATCH;
        t0 = now_s();
        for (k = 0; k < BATCH; k++) {
            tt_arena_init(&arena, abuf, sizeof abuf);
            if (tt_sigv4_sign(&q, &cred, &cache, &arena, &res) != TT_OK)
                return 1;
            sink ^= res.signature[0];
        }
        warm[t] = (now_s() - t0) / BATCH;
    }
    qsort(cold, TRIALS, sizeof cold[0], cmp_double);
    qsort(warm, TRIALS, sizeof warm[0], cmp_double);
    printf("sigv4 sign ListAssignmentsForHIT (%zu-byte body, 4 signed headers):\n",
           sizeof body - 1);
    printf("  cold key cache: %.2f us median, %.2f us best (%d trials x %d signs)\n",
           cold[TRIALS / 2] * 1e6, cold[0] * 1e6, TRIALS, BATCH);
    printf("  warm key cache: %.2f us median, %.2f us best (goal < 5 us)\n",
           warm[TRIALS / 2] * 1e6, warm[0] * 1e6);
    tt_sigv4_key_cache_clear(&cache);
    return 0;
}
