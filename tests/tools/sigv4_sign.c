/*
 * sigv4_sign - batch front end to tt_sigv4_sign() for integration tests
 * (tests/integration/test_sigv4_botocore.py).
 *
 * stdin: one request per line, space-separated fields, each hex-encoded
 * ("-" = empty):
 *   epoch method path query region service akid secret token body flags
 *   n_headers name1 value1 ... nameN valueN
 * (epoch and flags are decimal, n_headers decimal).
 * stdout: one line per request: "OK <amz_date> <authorization>" or
 * "ERR <code>".  Flushed per line only at the end (batch).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_sigv4.h"

#define MAXF 128

static int hexv(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode the hex field in place; returns a tt_str over it. */
static tt_str unhex(char *f)
{
    tt_str s;
    size_t i, n = strlen(f);
    s.ptr = f;
    s.len = 0;
    if (strcmp(f, "-") == 0)
        return s;
    for (i = 0; i + 1 < n; i += 2)
        f[s.len++] = (char)(hexv((unsigned char)f[i]) * 16 + hexv((unsigned char)f[i + 1]));
    return s;
}

int main(void)
{
    static char line[1 << 20];
    static unsigned char arena_buf[65536];
    tt_sigv4_key_cache cache;

    tt_sigv4_key_cache_init(&cache);
    while (fgets(line, sizeof line, stdin)) {
        char *f[MAXF];
        size_t nf = 0, i;
        char *tok = strtok(line, " \n");
        tt_sigv4_request q;
        tt_credentials cred;
        tt_http_header h[32];
        tt_sigv4_result res;
        tt_arena arena;
        size_t nh;
        int rc;

        while (tok && nf < MAXF) {
            f[nf++] = tok;
            tok = strtok(NULL, " \n");
        }
        if (nf < 12) {
            printf("ERR badline\n");
            continue;
        }
        memset(&q, 0, sizeof q);
        memset(&cred, 0, sizeof cred);
        q.epoch_s = strtoll(f[0], NULL, 10);
        q.method = unhex(f[1]);
        q.path = unhex(f[2]);
        q.query = unhex(f[3]);
        q.region = unhex(f[4]);
        q.service = unhex(f[5]);
        cred.access_key_id = unhex(f[6]);
        cred.secret_access_key = unhex(f[7]);
        cred.session_token = unhex(f[8]);
        {
            tt_str b = unhex(f[9]);
            q.payload = b.ptr;
            q.payload_len = b.len;
        }
        q.flags = (unsigned)strtoul(f[10], NULL, 10);
        nh = (size_t)strtoul(f[11], NULL, 10);
        if (nh > 32 || 12 + 2 * nh > nf) {
            printf("ERR badline\n");
            continue;
        }
        for (i = 0; i < nh; i++) {
            h[i].name = unhex(f[12 + 2 * i]);
            h[i].value = unhex(f[13 + 2 * i]);
        }
        q.headers = h;
        q.header_count = nh;
        tt_arena_init(&arena, arena_buf, sizeof arena_buf);
        /* The cache is shared across lines, as the engine would use it. */
        rc = tt_sigv4_sign(&q, &cred, &cache, &arena, &res);
        if (rc != TT_OK)
            printf("ERR %d\n", rc);
        else
            printf("OK %s %.*s\n", res.amz_date, (int)res.authorization.len,
                   res.authorization.ptr);
    }
    tt_sigv4_key_cache_clear(&cache);
    return 0;
}
