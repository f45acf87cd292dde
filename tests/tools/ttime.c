/* ttime - batch driver of core/tt_time.h for tests/integration/test_time_python.py.
 * One command per stdin line, one answer line per command on stdout:
 *   F <epoch>        -> "<amz> <iso8601> <scope>"       (or "ERR <name>")
 *   A <amz text>     -> "<epoch>"                       (tt_time_parse_amz)
 *   H <hex bytes>    -> "<epoch>"                       (tt_time_parse_http_date)
 *   D <y> <m> <d>    -> "<days since 1970-01-01>"
 *   C <days>         -> "<y> <m> <d>"                   (civil_from_days)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_time.h"

static size_t unhex(const char *h, char *out, size_t cap)
{
    size_t n = 0;
    while (h[0] && h[1] && n < cap) {
        unsigned v;
        if (sscanf(h, "%2x", &v) != 1)
            break;
        out[n++] = (char)v;
        h += 2;
    }
    return n;
}

int main(void)
{
    char line[1024];
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    while (fgets(line, sizeof line, stdin)) {
        char *arg = line + 2;
        int rc = TT_OK;
        int64_t e = 0;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == 'F') {
            char amz[TT_TIME_AMZ_DATE_SIZE], iso[TT_TIME_ISO8601_SIZE], sc[TT_TIME_SCOPE_DATE_SIZE];
            e = strtoll(arg, NULL, 10);
            rc = tt_time_format_amz(e, amz);
            if (rc == TT_OK)
                rc = tt_time_format_iso8601(e, iso);
            if (rc == TT_OK)
                rc = tt_time_format_scope_date(e, sc);
            if (rc == TT_OK)
                printf("%s %s %s\n", amz, iso, sc);
        } else if (line[0] == 'A' || line[0] == 'H') {
            char buf[512];
            size_t n;
            if (line[0] == 'A') {
                n = strlen(arg);
                memcpy(buf, arg, n);
                rc = tt_time_parse_amz(buf, n, &e);
            } else {
                n = unhex(arg, buf, sizeof buf);
                rc = tt_time_parse_http_date(buf, n, &e);
            }
            if (rc == TT_OK)
                printf("%lld\n", (long long)e);
        } else if (line[0] == 'D') {
            long y = 0;
            unsigned m = 0, d = 0;
            sscanf(arg, "%ld %u %u", &y, &m, &d);
            printf("%lld\n", (long long)tt_time_days_from_civil((int32_t)y, m, d));
        } else if (line[0] == 'C') {
            int32_t y;
            unsigned m, d;
            tt_time_civil_from_days(strtoll(arg, NULL, 10), &y, &m, &d);
            printf("%ld %u %u\n", (long)y, m, d);
        } else {
            rc = TT_ERR_INVALID_ARG;
        }
        if (rc != TT_OK)
            printf("ERR %s\n", tt_errname(rc));
    }
    return 0;
}
