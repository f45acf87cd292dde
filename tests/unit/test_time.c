/* tt_time: calendar arithmetic, formatters and parsers (expected values from
 * Python's datetime; tests/integration/test_time_python.py adds random ones). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tt_test.h"
#include "tt_time.h"

struct tcase {
    long long epoch;
    const char *iso; /* without the Z */
};

static const struct tcase cases[] = {
    {0LL, "1970-01-01T00:00:00"},           {1LL, "1970-01-01T00:00:01"},
    {68212800LL, "1972-02-29T12:00:00"},    {946684799LL, "1999-12-31T23:59:59"},
    {951782400LL, "2000-02-29T00:00:00"},   {951868800LL, "2000-03-01T00:00:00"},
    {1078099199LL, "2004-02-29T23:59:59"},  {1795911262LL, "2026-11-29T00:14:22"},
    {2147483647LL, "2038-01-19T03:14:07"},  {2147483648LL, "2038-01-19T03:14:08"},
    {4107542399LL, "2100-02-28T23:59:59"},  {4107542400LL, "2100-03-01T00:00:00"},
    {13574563200LL, "2400-02-29T00:00:00"}, {253402300799LL, "9999-12-31T23:59:59"},
    {1700000000LL, "2023-11-14T22:13:20"},  {4294967296LL, "2106-02-07T06:28:16"},
};

static void test_format(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char iso[TT_TIME_ISO8601_SIZE], amz[TT_TIME_AMZ_DATE_SIZE], scope[TT_TIME_SCOPE_DATE_SIZE];
        char want_iso[32], want_amz[32], want_scope[16];
        const char *w = cases[i].iso;
        int64_t back = -1;
        snprintf(want_iso, sizeof want_iso, "%sZ", w);
        snprintf(want_amz, sizeof want_amz, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", w, w + 5, w + 8, w + 11,
                 w + 14, w + 17);
        snprintf(want_scope, sizeof want_scope, "%.8s", want_amz);
        TT_CHECK_EQ_INT(tt_time_format_iso8601(cases[i].epoch, iso), TT_OK);
        TT_CHECK_EQ_STR(iso, want_iso);
        TT_CHECK_EQ_INT(tt_time_format_amz(cases[i].epoch, amz), TT_OK);
        TT_CHECK_EQ_STR(amz, want_amz);
        TT_CHECK_EQ_INT(tt_time_format_scope_date(cases[i].epoch, scope), TT_OK);
        TT_CHECK_EQ_STR(scope, want_scope);
        TT_CHECK_EQ_INT(tt_time_parse_amz(amz, 16, &back), TT_OK);
        TT_CHECK_EQ_INT(back, cases[i].epoch);
    }
}

static void test_range(void)
{
    char amz[TT_TIME_AMZ_DATE_SIZE], iso[TT_TIME_ISO8601_SIZE], sc[TT_TIME_SCOPE_DATE_SIZE];
    tt_time_civil c;
    int64_t e;
    TT_CHECK_EQ_INT(tt_time_format_amz(-1, amz), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(tt_time_format_amz(TT_TIME_MAX + 1, amz), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(tt_time_format_iso8601(INT64_MIN, iso), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(tt_time_format_scope_date(INT64_MAX, sc), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(tt_time_to_civil(-86400, &c), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(tt_time_parse_amz("19691231T235959Z", 16, &e), TT_ERR_TIME_RANGE);
    TT_CHECK_EQ_INT(tt_time_to_civil(TT_TIME_MAX, &c), TT_OK);
    TT_CHECK(c.year == 9999 && c.month == 12 && c.day == 31 && c.hour == 23 && c.minute == 59 &&
             c.second == 59 && c.wday == 5); /* a Friday */
    TT_CHECK_EQ_INT(tt_time_to_civil(0, &c), TT_OK);
    TT_CHECK_EQ_INT(c.wday, 4); /* Thursday */
    TT_CHECK_EQ_INT(tt_time_to_civil(1795911262, &c), TT_OK);
    TT_CHECK_EQ_INT(c.wday, 0); /* 2026-11-29 is a Sunday */
}

static void test_days(void)
{
    int64_t d;
    int32_t y;
    unsigned m, dd;
    TT_CHECK_EQ_INT(tt_time_days_from_civil(1970, 1, 1), 0);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(1969, 12, 31), -1);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(2000, 2, 29), 11016);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(2100, 3, 1), 47541);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(1, 1, 1), -719162);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(9999, 12, 31), 2932896);
    TT_CHECK_EQ_INT(tt_time_days_from_civil(1600, 2, 29), -135081);
    /* every day of years -801..10401 survives the round trip, one day apart */
    {
        int64_t first = tt_time_days_from_civil(-801, 1, 1), last = tt_time_days_from_civil(10401, 12, 31);
        int64_t prev = first - 1;
        unsigned bad = 0;
        int32_t py = -802;
        unsigned pm = 12, pd = 31;
        for (d = first; d <= last; d++) {
            tt_time_civil_from_days(d, &y, &m, &dd);
            if (tt_time_days_from_civil(y, m, dd) != d || d != prev + 1)
                bad++;
            /* the next day is either pd+1 or the 1st of the next month/year */
            if (!((y == py && m == pm && dd == pd + 1) ||
                  (y == py && m == pm + 1 && dd == 1 && pd == tt_time_days_in_month(py, pm)) ||
                  (y == py + 1 && m == 1 && dd == 1 && pm == 12 && pd == 31)))
                bad++;
            py = y;
            pm = m;
            pd = dd;
            prev = d;
        }
        TT_CHECK_EQ_INT(bad, 0);
    }
    TT_CHECK(tt_time_is_leap(2000) && tt_time_is_leap(2024) && tt_time_is_leap(2400));
    TT_CHECK(!tt_time_is_leap(1900) && !tt_time_is_leap(2100) && !tt_time_is_leap(2023));
    TT_CHECK_EQ_INT(tt_time_days_in_month(2100, 2), 28);
    TT_CHECK_EQ_INT(tt_time_days_in_month(2000, 2), 29);
    TT_CHECK_EQ_INT(tt_time_days_in_month(2001, 13), 0);
}

/* Month lengths (computed, not tabled, in tt_time.c) and the documented
 * extremes of days<->civil, years -1000000..1000000 (32-bit arithmetic
 * inside): 400 years are 146097 days. */
static void test_days_extremes(void)
{
    static const unsigned len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t d2000 = tt_time_days_from_civil(2000, 3, 1), d;
    int32_t y;
    unsigned m, dd;
    for (m = 1; m <= 12; m++) {
        TT_CHECK_EQ_INT(tt_time_days_in_month(2023, m), len[m - 1]);
        TT_CHECK_EQ_INT(tt_time_days_in_month(2024, m), len[m - 1] + (m == 2));
    }
    d = tt_time_days_from_civil(1000000, 3, 1);
    TT_CHECK_EQ_INT(d, d2000 + 146097LL * 2495);
    tt_time_civil_from_days(d - 1, &y, &m, &dd);
    TT_CHECK(y == 1000000 && m == 2 && dd == 29);
    d = tt_time_days_from_civil(-1000000, 3, 1);
    TT_CHECK_EQ_INT(d, d2000 - 146097LL * 2505);
    tt_time_civil_from_days(d - 1, &y, &m, &dd);
    TT_CHECK(y == -1000000 && m == 2 && dd == 29);
    tt_time_civil_from_days(tt_time_days_from_civil(-999999, 12, 31), &y, &m, &dd);
    TT_CHECK(y == -999999 && m == 12 && dd == 31);
}

static void test_from_civil(void)
{
    tt_time_civil c = {2000, 2, 29, 0, 0, 0, 0};
    int64_t e = 0;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_OK);
    TT_CHECK_EQ_INT(e, 951782400);
    c.year = 2100;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_SYNTAX); /* no 2100-02-29 */
    c.year = 1969;
    c.month = 12;
    c.day = 31;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_RANGE);
    c.year = 10000;
    c.month = 1;
    c.day = 1;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_RANGE);
    c.year = 2020;
    c.hour = 24;
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, &e), TT_ERR_TIME_SYNTAX);
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_time_from_civil(NULL, &e), TT_ERR_INVALID_ARG);
#endif
}

static int64_t http(const char *s, int *rc)
{
    int64_t e = -42;
    *rc = tt_time_parse_http_date(s, strlen(s), &e);
    return e;
}

static void test_parse_http(void)
{
    int rc;
    TT_CHECK_EQ_INT(http("Sun, 29 Nov 2026 00:14:22 GMT", &rc), 1795911262);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Sun, 06 Nov 1994 08:49:37 GMT", &rc), 784111777);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Sunday, 06-Nov-94 08:49:37 GMT", &rc), 784111777);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Sun Nov  6 08:49:37 1994", &rc), 784111777);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Sun Nov 06 08:49:37 1994", &rc), 784111777);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Thu, 01 Jan 1970 00:00:00 GMT", &rc), 0);
    TT_CHECK_EQ_INT(rc, TT_OK);
    /* whitespace around it is the caller's to trim (tt_time.h) */
    http("  Thu, 01 Jan 1970 00:00:00 GMT\t", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http(" Thu, 01 Jan 1970 00:00:00 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Thu, 01 Jan 1970 00:00:00 GMT\t", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(http("Fri, 31 Dec 9999 23:59:59 GMT", &rc), 253402300799LL);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Tue, 29 Feb 2000 12:00:00 GMT", &rc), 951825600);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Wednesday, 01-Mar-00 00:00:00 GMT", &rc), 951868800);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Wednesday, 31-Dec-69 23:59:59 GMT", &rc), 3155759999LL); /* 2069 */
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(http("Sat, 31 Dec 2016 23:59:60 GMT", &rc), 1483228799); /* leap second */
    TT_CHECK_EQ_INT(rc, TT_OK);
    /* the weekday is not cross-checked */
    TT_CHECK_EQ_INT(http("Mon, 29 Nov 2026 00:14:22 GMT", &rc), 1795911262);
    TT_CHECK_EQ_INT(rc, TT_OK);

    http("Sun, 29 Nov 2026 00:14:22 UTC", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29 Nov 2026 00:14:22", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("sun, 29 Nov 2026 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29 nov 2026 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 9 Nov 2026 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 31 Nov 2026 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29 Feb 2100 00:00:00 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 00 Nov 2026 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29 Nov 2026 24:00:00 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29 Nov 2026 23:60:00 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29 Nov 2026 23:00:61 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29 Nov 2026 00:14:22 GMT x", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun,29 Nov 2026 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sunday, 29 Nov 2026 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 29-Nov-26 00:14:22 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun Nov 29 00:14:22 26", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun Nov   6 08:49:37 1994", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Sun, 01 Jan 1969 00:00:00 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_RANGE);
    http("", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    http("Funday, 06-Nov-94 08:49:37 GMT", &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    /* not NUL-terminated: only len bytes are read */
    {
        int64_t e = 0;
        TT_CHECK_EQ_INT(tt_time_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMTXXXX", 29, &e), TT_OK);
        TT_CHECK_EQ_INT(e, 784111777);
        TT_CHECK_EQ_INT(tt_time_parse_http_date(NULL, 0, &e), TT_ERR_TIME_SYNTAX);
#if TT_ARG_CHECKS
        TT_CHECK_EQ_INT(tt_time_parse_http_date(NULL, 3, &e), TT_ERR_INVALID_ARG);
#endif
    }
}

/* Names: weekdays are stored without "day" and a month's search may run on
 * into them (tt_time.c); each name in each form, and the near misses. */
static void test_http_names(void)
{
    static const char *const wd[7] = {"Sunday", "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
    static const char *const mo[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const bad[] = {
        "Sun, 06 Sun 1994 08:49:37 GMT",     /* a weekday as the month */
        "Sun, 06 Sat 1994 08:49:37 GMT",     "Sun, 06 Tue 1994 08:49:37 GMT",
        "Sun Thu  6 08:49:37 1994",          "Sunday, 06-Fri-94 08:49:37 GMT",
        "Jan, 06 Nov 1994 08:49:37 GMT",     /* a month as the weekday */
        "Dec Nov  6 08:49:37 1994",          "Janday, 06-Nov-94 08:49:37 GMT",
        "Sun, 06 Jnu 1994 08:49:37 GMT",     "Tues, 06 Nov 1994 08:49:37 GMT",
        "Tueday, 06-Nov-94 08:49:37 GMT",    "Tuesdays, 06-Nov-94 08:49:37 GMT",
        "Sun, 06-Nov-94 08:49:37 GMT",       "Satur, 06-Nov-94 08:49:37 GMT",
        "Wednes, 06-Nov-94 08:49:37 GMT",    "Sunda, 06-Nov-94 08:49:37 GMT",
        "Thursday , 06-Nov-94 08:49:37 GMT", "Thursday, 06-Nov-94 08:49:37 GM",
        "Sund, 06 Nov 1994 08:49:37 GMT",    "Sun  Nov  6 08:49:37 1994",
    };
    char buf[64];
    size_t i, j;
    int rc;
    int64_t want = 784111777; /* 1994-11-06T08:49:37Z, a Sunday */
    for (i = 0; i < 7; i++) {
        snprintf(buf, sizeof buf, "%.3s, 06 Nov 1994 08:49:37 GMT", wd[i]);
        TT_CHECK_EQ_INT(http(buf, &rc), want);
        TT_CHECK_EQ_INT(rc, TT_OK);
        snprintf(buf, sizeof buf, "%s, 06-Nov-94 08:49:37 GMT", wd[i]);
        TT_CHECK_EQ_INT(http(buf, &rc), want);
        TT_CHECK_EQ_INT(rc, TT_OK);
        snprintf(buf, sizeof buf, "%.3s Nov  6 08:49:37 1994", wd[i]);
        TT_CHECK_EQ_INT(http(buf, &rc), want);
        TT_CHECK_EQ_INT(rc, TT_OK);
    }
    for (j = 0; j < 12; j++) {
        int64_t e1, e2, e3;
        snprintf(buf, sizeof buf, "Mon, 01 %s 2024 00:00:00 GMT", mo[j]);
        e1 = http(buf, &rc);
        TT_CHECK_EQ_INT(rc, TT_OK);
        TT_CHECK_EQ_INT(e1, tt_time_days_from_civil(2024, (unsigned)j + 1, 1) * 86400);
        snprintf(buf, sizeof buf, "Monday, 01-%s-24 00:00:00 GMT", mo[j]);
        e2 = http(buf, &rc);
        TT_CHECK_EQ_INT(rc, TT_OK);
        snprintf(buf, sizeof buf, "Mon %s  1 00:00:00 2024", mo[j]);
        e3 = http(buf, &rc);
        TT_CHECK_EQ_INT(rc, TT_OK);
        TT_CHECK(e1 == e2 && e2 == e3);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        http(bad[i], &rc);
        if (rc != TT_ERR_TIME_SYNTAX)
            printf("  accepted or wrong code (%d): %s\n", rc, bad[i]);
        TT_CHECK_EQ_INT(rc, TT_ERR_TIME_SYNTAX);
    }
    /* RFC 850's two-digit years: 70..99 -> 19xx, 00..69 -> 20xx */
    TT_CHECK_EQ_INT(http("Thursday, 01-Jan-70 00:00:00 GMT", &rc), 0);
    TT_CHECK_EQ_INT(http("Friday, 31-Dec-99 23:59:59 GMT", &rc), 946684799);
    TT_CHECK_EQ_INT(http("Saturday, 01-Jan-00 00:00:00 GMT", &rc), 946684800);
    TT_CHECK_EQ_INT(http("Tuesday, 31-Dec-69 00:00:00 GMT", &rc), 3155673600LL);
    /* the leap second of each form */
    TT_CHECK_EQ_INT(http("Saturday, 31-Dec-16 23:59:60 GMT", &rc), 1483228799);
    TT_CHECK_EQ_INT(http("Sat Dec 31 23:59:60 2016", &rc), 1483228799);
    TT_CHECK_EQ_INT(rc, TT_OK);
}

static void test_parse_amz(void)
{
    int64_t e = 0;
    TT_CHECK_EQ_INT(tt_time_parse_amz("20261129T001422Z", 16, &e), TT_OK);
    TT_CHECK_EQ_INT(e, 1795911262);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20261129T001422Z", 15, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20261129T001422z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20261129 001422Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("2026112aT001422Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20261329T001422Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20210229T001422Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20240229T235960Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20240229T235959Z", 16, &e), TT_OK);
    /* no leap second in an X-Amz-Date (the HTTP-date forms take one) */
    TT_CHECK_EQ_INT(tt_time_parse_amz("20161231T235960Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("19691231T235960Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20161231T235969Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20161231T236000Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("20161231T240000Z", 16, &e), TT_ERR_TIME_SYNTAX);
    TT_CHECK_EQ_INT(tt_time_parse_amz("-0240229T235959Z", 16, &e), TT_ERR_TIME_SYNTAX);
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_time_parse_amz("20261129T001422Z", 16, NULL), TT_ERR_INVALID_ARG);
#endif
}

/* Every int-returning function refuses NULL pointers (tt_time.h; with
 * TT_ARG_CHECKS). */
static void test_null_args(void)
{
#if TT_ARG_CHECKS
    tt_time_civil c;
    TT_CHECK_EQ_INT(tt_time_format_amz(0, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_time_format_iso8601(0, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_time_format_scope_date(0, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_time_to_civil(0, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_time_from_civil(&c, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_time_parse_http_date("x", 1, NULL), TT_ERR_INVALID_ARG);
    /* range is still checked after the pointer */
    TT_CHECK_EQ_INT(tt_time_format_amz(-1, NULL), TT_ERR_INVALID_ARG);
#endif
}

int main(void)
{
    test_null_args();
    test_format();
    test_range();
    test_days();
    test_days_extremes();
    test_from_civil();
    test_parse_http();
    test_http_names();
    test_parse_amz();
    return tt_test_summary();
}
