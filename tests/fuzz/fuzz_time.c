/*
 * fuzz_time.c - libFuzzer target for tt_time_parse_http_date (a server's Date
 * header) and tt_time_parse_amz.
 *
 * The input is the header value.  Checks: no crash or sanitizer report; on
 * TT_OK the instant is inside 0..TT_TIME_MAX and survives a round trip
 * through the IMF-fixdate form we build from tt_time_to_civil (which must
 * parse back to the same instant); parse_amz of our own amz format of that
 * instant gives it back too.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_time.h"

#ifdef TT_FUZZ_STANDALONE
#include <stdio.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10u % 10u);
    p[1] = (char)('0' + v % 10u);
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" for epoch (29 bytes) */
static void imf(int64_t epoch, char out[29])
{
    static const char wd[] = "SunMonTueWedThuFriSat";
    static const char mo[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    tt_time_civil c;
    FUZZ_CHECK(tt_time_to_civil(epoch, &c) == TT_OK);
    FUZZ_CHECK(c.wday < 7 && c.month >= 1 && c.month <= 12);
    memcpy(out, wd + 3 * c.wday, 3);
    out[3] = ',';
    out[4] = ' ';
    put2(out + 5, c.day);
    out[7] = ' ';
    memcpy(out + 8, mo + 3 * (c.month - 1), 3);
    out[11] = ' ';
    put2(out + 12, (unsigned)c.year / 100u);
    put2(out + 14, (unsigned)c.year % 100u);
    out[16] = ' ';
    put2(out + 17, c.hour);
    out[19] = ':';
    put2(out + 20, c.minute);
    out[22] = ':';
    put2(out + 23, c.second);
    memcpy(out + 25, " GMT", 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s;
    int64_t e = -1, e2 = -1;
    int rc;

    if (size > 256)
        return 0;
    s = (char *)malloc(size ? size : 1); /* exact size: ASan catches over-reads */
    FUZZ_CHECK(s != NULL);
    if (size)
        memcpy(s, data, size);

    rc = tt_time_parse_http_date(s, size, &e);
    FUZZ_CHECK(rc == TT_OK || rc == TT_ERR_TIME_SYNTAX || rc == TT_ERR_TIME_RANGE);
    if (rc == TT_OK) {
        char buf[29], amz[TT_TIME_AMZ_DATE_SIZE];
        FUZZ_CHECK(e >= 0 && e <= TT_TIME_MAX);
        imf(e, buf);
        FUZZ_CHECK(tt_time_parse_http_date(buf, sizeof buf, &e2) == TT_OK && e2 == e);
        FUZZ_CHECK(tt_time_format_amz(e, amz) == TT_OK && amz[16] == '\0');
        FUZZ_CHECK(tt_time_parse_amz(amz, 16, &e2) == TT_OK && e2 == e);
    }

    rc = tt_time_parse_amz(s, size, &e);
    FUZZ_CHECK(rc == TT_OK || rc == TT_ERR_TIME_SYNTAX || rc == TT_ERR_TIME_RANGE);
    if (rc == TT_OK) {
        char amz[TT_TIME_AMZ_DATE_SIZE];
        FUZZ_CHECK(size == 16 && e >= 0 && e <= TT_TIME_MAX);
        FUZZ_CHECK(tt_time_format_amz(e, amz) == TT_OK);
        FUZZ_CHECK(memcmp(amz, s, 16) == 0); /* only the canonical form parses */
    }
    free(s);
    return 0;
}

#include "fuzz_standalone.h"
