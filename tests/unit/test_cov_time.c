/*
 * test_cov_time.c - tt_time's validation branches: malformed X-Amz-Date and
 * HTTP Date texts field by field, civil date checks, NULL outputs (found by
 * `make coverage`).
 */
#include <string.h>

#include "tt_test.h"
#include "tt_time.h"

static int amz(const char *s)
{
    int64_t e;
    return tt_time_parse_amz(s, strlen(s), &e);
}

static int http(const char *s, int64_t *e)
{
    int64_t d;
    return tt_time_parse_http_date(s, strlen(s), e ? e : &d);
}

int main(void)
{
    static const char *bad_amz[] = {
        "", "20150830T123600", "20150830T123600Zx", "2015083OT123600Z", "2015-830T123600Z",
        "201508301123600Z", "20150830T1236000", "20150830TX23600Z", "20150830T1X3600Z",
        "20150830T12X600Z", "20150830T123X00Z", "20150830T1236X0Z", "20150830T12360XZ",
        "20151330T123600Z", "20150030T123600Z", "20150800T123600Z", "20150832T123600Z",
        "20150830T243600Z", "20150830T126000Z", "20150830T123660Z", "20150231T000000Z",
    };
    static const char *bad_http[] = {
        "", "   ", "Sun", "Sun,", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 GMTx", "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nox 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nov 1994 08:60:37 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun 06 Nov 1994 08:49:37 GMT", "Sun,06 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37", "Sunday, 06-Nov-94 08:49:37 UTC",
        "Sunday, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov 94 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sunday, 06-Xxx-94 08:49:37 GMT",
        "Sunday,06-Nov-94 08:49:37 GMT", "Sunday, 6-Nov-94 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37GMT", "Sunday, 06-Nov-94 8:49:37 GMT",
        "Funday, 06-Nov-94 08:49:37 GMT", "Sunday 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37", "Sun Nov  6 08:49:37 94", "Sun Nov  6 08:49:37 1994 x",
        "Sun Xxx  6 08:49:37 1994", "Sun Nov 6 08:49:37 1994", "Sun Nov  x 08:49:37 1994",
        "Sun Nov  0 08:49:37 1994", "Sun Nov 32 08:49:37 1994", "Sun Nov  6 08:49:37  1994",
        "Sun  Nov  6 08:49:37 1994", "SunNov  6 08:49:37 1994", "Sun Nov  6 0849:37 1994",
        "Sun Nov  6 08:49:37 19x4", "Sun Nov 31 08:49:37 1994", "Sun Nov  6 25:49:37 1994",
        "Sunda", "1994", "Sun, 06 Nov 1969 08:49:37 GMT",
        /* surrounding whitespace: the caller trims (tt_time.h) */
        "  Sun, 06 Nov 1994 08:49:37 GMT\t ", "\tSunday, 06-Nov-94 08:49:37 GMT",
        " Sun Nov  6 08:49:37 1994", "Sun Nov  6 08:49:37 1994 ",
    };
    static const char *ok_http[] = {
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sunday, 06-Nov-69 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994", "Sun Nov 06 08:49:37 1994", "Mon, 30 Jun 2025 23:59:60 GMT",
        "Wed Feb 29 00:00:00 2028",
    };
    tt_time_civil c;
    int64_t e;
    int32_t y;
    unsigned m, d;
    size_t i;

    for (i = 0; i < sizeof bad_amz / sizeof bad_amz[0]; i++)
        if (!TT_CHECK(amz(bad_amz[i]) != TT_OK))
            (void)0;
    TT_CHECK_EQ_INT(tt_time_parse_amz(NULL, 0, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz(NULL, 3, &e), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20150830T123600Z", 16, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(amz("20150830T123600Z"), TT_OK);
    for (i = 0; i < sizeof bad_http / sizeof bad_http[0]; i++)
        TT_CHECK(http(bad_http[i], NULL) != TT_OK);
    for (i = 0; i < sizeof ok_http / sizeof ok_http[0]; i++)
        TT_CHECK_EQ_INT(http(ok_http[i], NULL), TT_OK);
    TT_CHECK_EQ_INT(http("Sun, 06 Nov 1994 08:49:37 GMT", &e), TT_OK);
    TT_CHECK_EQ_INT(e, 784111777);
    TT_CHECK_EQ_INT(http("Sunday, 06-Nov-94 08:49:37 GMT", &e), TT_OK);
    TT_CHECK_EQ_INT(e, 784111777);
    TT_CHECK_EQ_INT(http("Sun Nov  6 08:49:37 1994", &e), TT_OK);
    TT_CHECK_EQ_INT(e, 784111777);
    TT_CHECK_EQ_INT(http("Thursday, 01-Jan-70 00:00:00 GMT", &e), TT_OK);
    TT_CHECK_EQ_INT(e, 0);
    TT_CHECK_EQ_INT(tt_time_parse_http_date(NULL, 0, &e) != TT_OK, 1);

    /* civil dates: every field out of range */
    memset(&c, 0, sizeof c);
    c.year = 2020;
    c.month = 2;
    c.day = 29;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_OK);
    c.day = 30;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.day = 0;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.day = 1;
    c.month = 0;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.month = 13;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.month = 1;
    c.hour = 24;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.hour = 0;
    c.minute = 60;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.minute = 0;
    c.second = 60;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.second = 0;
    c.year = 1969;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    c.year = 10000;
    TT_CHECK(tt_time_from_civil(&c, &e) != TT_OK);
    TT_CHECK_EQ_INT(tt_time_days_in_month(2021, 0), 0);
    TT_CHECK_EQ_INT(tt_time_days_in_month(2021, 13), 0);
    TT_CHECK_EQ_INT(tt_time_days_in_month(2100, 2), 28);
    TT_CHECK_EQ_INT(tt_time_days_in_month(2000, 2), 29);
    /* years far outside the span: an impossible date is still a syntax
     * error, a real one out of range (leap kind kept: 2147483600 is a
     * multiple of 400) */
    c.hour = c.minute = c.second = 0;
    c.year = 2147483600;
    c.month = 2;
    c.day = 29;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_RANGE);
    c.year = 2147483601;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_SYNTAX);
    c.year = -2147483647 - 1; /* -2^31 = 352 (mod 400): leap */
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_RANGE);
    c.day = 30;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_SYNTAX);
    c.year = -1000000;
    c.month = 3;
    c.day = 1;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_RANGE);
    /* both ends of days <-> civil's span */
    tt_time_civil_from_days(tt_time_days_from_civil(-1000000, 1, 1), &y, &m, &d);
    TT_CHECK(y == -1000000 && m == 1 && d == 1);
    tt_time_civil_from_days(tt_time_days_from_civil(1000000, 12, 31), &y, &m, &d);
    TT_CHECK(y == 1000000 && m == 12 && d == 31);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(1970, 1, 1), 0);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(1969, 12, 31), -1);
    /* short texts: the form is picked by the 4th byte */
    TT_CHECK_EQ_INT(http("Sun", NULL), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(http("Su", NULL), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(http("Sun ", NULL), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(http("Sun Nov  6 08:49:37 1969", NULL), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(http("Sunday, 06-Nov-94 08:49:37 GMT", &e), TT_OK);
    TT_CHECK_EQ_INT(http("Sunday, 31-Dec-69 23:59:59 GMT", &e), TT_OK);
    TT_CHECK_EQ_INT(e, 3155759999LL);
    TT_CHECK_EQ_INT(http("Wednesday, 01-Jan-70 00:00:00 GMT", &e), TT_OK);
    TT_CHECK_EQ_INT(e, 0);

    tt_time_civil_from_days(0, NULL, NULL, NULL); /* outputs are optional */
    tt_time_civil_from_days(19000, &y, NULL, NULL);
    tt_time_civil_from_days(19000, NULL, &m, NULL);
    tt_time_civil_from_days(19000, NULL, NULL, &d);
    TT_CHECK(d >= 1 && d <= 31 && m >= 1 && m <= 12 && y == 2022);
    return tt_test_summary();
}
