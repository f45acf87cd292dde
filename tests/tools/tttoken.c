/* tttoken - batch driver of core/tt_token.h, tt_body.h and tt_base64.h for
 * tests/integration/test_token_python.py.  One command per stdin line (binary
 * payloads hex-encoded), one answer line per command:
 *   D <hex text>                    -> "OK <has_next> <hex next|-> <has_trunc> <K> <legacy>"
 *   E <has_next> <hex next|-> <has_trunc> <K>  -> "OK <token text>"
 *   S <hex utf8>                    -> "OK <hex of the JSON string literal>" (tt_body_escape_string)
 *   P <hex bytes>                   -> "OK <hex decoded>"  (tt_base64_decode_py)
 * or "ERR <TT_ERR name>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_base64.h"
#include "tt_body.h"
#include "tt_token.h"

#define MAXB 16384

static size_t unhex(const char *h, char *out, size_t cap)
{
    size_t n = 0;
    while (h[0] && h[1] && h[0] != ' ' && n < cap) {
        unsigned v;
        if (sscanf(h, "%2x", &v) != 1)
            break;
        out[n++] = (char)v;
        h += 2;
    }
    return n;
}

static void hex(const char *p, size_t n)
{
    size_t i;
    if (n == 0)
        fputs("-", stdout);
    for (i = 0; i < n; i++)
        printf("%02x", (unsigned char)p[i]);
}

static char line[4 * MAXB], in[MAXB], out[4 * MAXB];
static unsigned char scratch[MAXB];

int main(void)
{
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    while (fgets(line, sizeof line, stdin)) {
        char *arg = line + 2;
        int rc;
        size_t n, len = 0;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == 'D') {
            tt_token t;
            n = unhex(arg, in, sizeof in);
            rc = tt_token_decode(in, n, scratch, sizeof scratch, &t);
            if (rc == TT_OK) {
                printf("OK %d ", t.has_next_token);
                hex(t.next_token.ptr, t.has_next_token ? t.next_token.len : 0);
                printf(" %d %lld %d\n", t.has_truncate, (long long)t.truncate, t.legacy);
            }
        } else if (line[0] == 'E') {
            tt_token t;
            int hn = 0, ht = 0;
            long long k = 0;
            char nh[4 * MAXB / 2];
            memset(&t, 0, sizeof t);
            if (sscanf(arg, "%d %s %d %lld", &hn, nh, &ht, &k) != 4) {
                rc = TT_ERR_INVALID_ARG;
            } else {
                n = strcmp(nh, "-") == 0 ? 0 : unhex(nh, in, sizeof in);
                t.has_next_token = hn;
                t.next_token.ptr = in;
                t.next_token.len = n;
                t.has_truncate = ht;
                t.truncate = k;
                rc = tt_token_encode(&t, out, sizeof out, &len);
                if (rc == TT_OK)
                    printf("OK %s\n", out);
            }
        } else if (line[0] == 'S') {
            n = unhex(arg, in, sizeof in);
            rc = tt_body_escape_string(in, n, out, sizeof out, &len);
            if (rc == TT_OK) {
                printf("OK ");
                hex(out, len);
                printf("\n");
            }
        } else if (line[0] == 'P') {
            n = unhex(arg, in, sizeof in);
            rc = tt_base64_decode_py(in, n, scratch, sizeof scratch, &len);
            if (rc == TT_OK) {
                printf("OK ");
                hex((const char *)scratch, len);
                printf("\n");
            }
        } else {
            rc = TT_ERR_INVALID_ARG;
        }
        if (rc != TT_OK)
            printf("ERR %s\n", tt_errname(rc));
    }
    return 0;
}
