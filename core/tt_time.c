/* tt_time.c - see tt_time.h.  Pure integer arithmetic, no libc time. */
#include <string.h>

#include "tt_time.h"

/*
 * Calendar arithmetic works on "March years": a year that starts on 1 March,
 * so the leap day is the last day of its year and month lengths before it
 * never change.  Day 0 of the count is 0000-03-01; 400 Gregorian years are
 * exactly 146097 days, which makes the 400-year "era" the unit of division.
 * Inside an era (March years r = 0..399) the leap day closes year r when
 * r+1 is a leap year, so the first three centuries have 36524 days and the
 * last 36525, and each 4-year block 1461 days except the last block of
 * centuries 0..2 (1460).
 */
#define TT_DAYS_ERA 146097
#define TT_DAYS_CENTURY 36524
#define TT_DAYS_4Y 1461
#define TT_DAYS_0000_03_01_TO_EPOCH 719468 /* 0000-03-01 .. 1970-01-01 */

/* Day of the March year on which each month starts (March = index 0). */
static const uint16_t tt_march_month_start[12] = {0,   31,  61,  92,  122, 153,
                                                  184, 214, 245, 275, 306, 337};

static int64_t tt_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b) != 0 && (a < 0))
        q--;
    return q;
}

int tt_time_is_leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned tt_time_days_in_month(int32_t y, unsigned m)
{
    static const uint8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return len[m - 1] + (m == 2 && tt_time_is_leap(y) ? 1u : 0u);
}

int64_t tt_time_days_from_civil(int32_t y, unsigned m, unsigned d)
{
    int64_t my = (int64_t)y - (m < 3 ? 1 : 0); /* March year holding this date */
    int64_t era = tt_floor_div(my, 400);
    int64_t r = my - era * 400; /* 0..399 */
    unsigned mi = m >= 3 ? m - 3 : m + 9;
    int64_t day_in_era = r * 365 + r / 4 - r / 100 + tt_march_month_start[mi % 12u] + (int64_t)d - 1;
    return era * TT_DAYS_ERA + day_in_era - TT_DAYS_0000_03_01_TO_EPOCH;
}

void tt_time_civil_from_days(int64_t days, int32_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + TT_DAYS_0000_03_01_TO_EPOCH;
    int64_t era = tt_floor_div(z, TT_DAYS_ERA);
    int64_t de = z - era * TT_DAYS_ERA; /* 0..146096 */
    int64_t c, f, yr, doy;
    unsigned mi = 0, month;
    int64_t year;

    c = de / TT_DAYS_CENTURY;
    if (c > 3)
        c = 3; /* the era's very last day (leap day of r = 399) */
    de -= c * TT_DAYS_CENTURY;
    f = de / TT_DAYS_4Y;
    de -= f * TT_DAYS_4Y;
    yr = de / 365;
    if (yr > 3)
        yr = 3; /* the block's leap day */
    doy = de - yr * 365;
    while (mi < 11 && doy >= tt_march_month_start[mi + 1])
        mi++;
    month = mi < 10 ? mi + 3 : mi - 9;
    year = era * 400 + c * 100 + f * 4 + yr + (month < 3 ? 1 : 0);
    if (y)
        *y = (int32_t)year;
    if (m)
        *m = month;
    if (d)
        *d = (unsigned)(doy - tt_march_month_start[mi] + 1);
}

/* The same two conversions for years 1970..9999 only (what tt_time_to_civil
 * and tt_time_from_civil accept) in 32-bit arithmetic: no 64-bit division
 * helpers, a third of the code on 32-bit CPUs.  d = days since 1970-01-01,
 * 0..2932896. */
static void tt_civil32(uint32_t d, int32_t *y, unsigned *m, unsigned *day)
{
    uint32_t z = d + TT_DAYS_0000_03_01_TO_EPOCH;
    uint32_t era = z / TT_DAYS_ERA, de = z - era * TT_DAYS_ERA;
    uint32_t r = (de - de / 1460u + de / 36524u - de / 146096u) / 365u; /* March year in era */
    uint32_t doy = de - (365u * r + r / 4u - r / 100u);
    unsigned mi = 0;
    while (mi < 11 && doy >= tt_march_month_start[mi + 1])
        mi++;
    *m = mi < 10 ? mi + 3 : mi - 9;
    *y = (int32_t)(era * 400u + r + (*m < 3 ? 1u : 0u));
    *day = (unsigned)(doy - tt_march_month_start[mi] + 1u);
}

static uint32_t tt_days32(uint32_t y, unsigned m, unsigned d)
{
    uint32_t my = y - (m < 3 ? 1u : 0u), era = my / 400u, r = my - era * 400u;
    return era * TT_DAYS_ERA + r * 365u + r / 4u - r / 100u + tt_march_month_start[(m + 9u) % 12u] +
           d - 1u - TT_DAYS_0000_03_01_TO_EPOCH;
}

int tt_time_to_civil(int64_t epoch, tt_time_civil *c)
{
    int64_t days, rem;
    int32_t y;
    unsigned m, d;

    if (c == NULL)
        return TT_ERR_INVALID_ARG;
    if (epoch < 0 || epoch > TT_TIME_MAX)
        return TT_ERR_TIME_RANGE;
    days = epoch / 86400;
    rem = epoch - days * 86400;
    tt_civil32((uint32_t)days, &y, &m, &d);
    c->year = y;
    c->month = (uint8_t)m;
    c->day = (uint8_t)d;
    c->hour = (uint8_t)(rem / 3600);
    c->minute = (uint8_t)(rem / 60 % 60);
    c->second = (uint8_t)(rem % 60);
    c->wday = (uint8_t)((days + 4) % 7); /* 1970-01-01 was a Thursday */
    return TT_OK;
}

int tt_time_from_civil(const tt_time_civil *c, int64_t *epoch)
{
    int64_t days;
    if (c == NULL || epoch == NULL)
        return TT_ERR_INVALID_ARG;
    if (c->month < 1 || c->month > 12 || c->day < 1 ||
        c->day > tt_time_days_in_month(c->year, c->month) || c->hour > 23 || c->minute > 59 ||
        c->second > 59)
        return TT_ERR_TIME_SYNTAX;
    if (c->year < 1970 || c->year > 9999)
        return TT_ERR_TIME_RANGE;
    days = (int64_t)tt_days32((uint32_t)c->year, c->month, c->day);
    *epoch = days * 86400 + (int64_t)c->hour * 3600 + (int64_t)c->minute * 60 + c->second;
    return TT_OK;
}

/* Write v as exactly n decimal digits (v fits). */
static void tt_put_digits(char *p, unsigned v, unsigned n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10u);
        v /= 10u;
    }
}

int tt_time_format_amz(int64_t epoch, char out[TT_TIME_AMZ_DATE_SIZE])
{
    tt_time_civil c;
    int rc;
    if (out == NULL)
        return TT_ERR_INVALID_ARG;
    rc = tt_time_to_civil(epoch, &c);
    if (rc != TT_OK)
        return rc;
    tt_put_digits(out, (unsigned)c.year, 4);
    tt_put_digits(out + 4, c.month, 2);
    tt_put_digits(out + 6, c.day, 2);
    out[8] = 'T';
    tt_put_digits(out + 9, c.hour, 2);
    tt_put_digits(out + 11, c.minute, 2);
    tt_put_digits(out + 13, c.second, 2);
    out[15] = 'Z';
    out[16] = '\0';
    return TT_OK;
}

int tt_time_format_iso8601(int64_t epoch, char out[TT_TIME_ISO8601_SIZE])
{
    tt_time_civil c;
    int rc;
    if (out == NULL)
        return TT_ERR_INVALID_ARG;
    rc = tt_time_to_civil(epoch, &c);
    if (rc != TT_OK)
        return rc;
    tt_put_digits(out, (unsigned)c.year, 4);
    out[4] = '-';
    tt_put_digits(out + 5, c.month, 2);
    out[7] = '-';
    tt_put_digits(out + 8, c.day, 2);
    out[10] = 'T';
    tt_put_digits(out + 11, c.hour, 2);
    out[13] = ':';
    tt_put_digits(out + 14, c.minute, 2);
    out[16] = ':';
    tt_put_digits(out + 17, c.second, 2);
    out[19] = 'Z';
    out[20] = '\0';
    return TT_OK;
}

int tt_time_format_scope_date(int64_t epoch, char out[TT_TIME_SCOPE_DATE_SIZE])
{
    tt_time_civil c;
    int rc;
    if (out == NULL)
        return TT_ERR_INVALID_ARG;
    rc = tt_time_to_civil(epoch, &c);
    if (rc != TT_OK)
        return rc;
    tt_put_digits(out, (unsigned)c.year, 4);
    tt_put_digits(out + 4, c.month, 2);
    tt_put_digits(out + 6, c.day, 2);
    out[8] = '\0';
    return TT_OK;
}

/* ---- parsing ------------------------------------------------------------ */

/* A read cursor over the text being parsed. */
typedef struct {
    const char *p;
    size_t n;
} tt_cur;

static int tt_digits(tt_cur *c, unsigned n, unsigned *v)
{
    unsigned i, acc = 0;
    if (c->n < n)
        return 0;
    for (i = 0; i < n; i++) {
        char ch = c->p[i];
        if (ch < '0' || ch > '9')
            return 0;
        acc = acc * 10u + (unsigned)(ch - '0');
    }
    c->p += n;
    c->n -= n;
    *v = acc;
    return 1;
}

static int tt_lit(tt_cur *c, const char *lit)
{
    size_t k = strlen(lit);
    if (c->n < k || !tt_bytes_eq(c->p, lit, k))
        return 0;
    c->p += k;
    c->n -= k;
    return 1;
}

int tt_time_parse_amz(const char *s, size_t len, int64_t *epoch)
{
    tt_cur c;
    tt_time_civil t;
    unsigned y, mo, d, h, mi, se;

    if ((s == NULL && len > 0) || epoch == NULL)
        return TT_ERR_INVALID_ARG;
    c.p = s;
    c.n = len;
    if (len != 16 || !tt_digits(&c, 4, &y) || !tt_digits(&c, 2, &mo) || !tt_digits(&c, 2, &d) ||
        !tt_lit(&c, "T") || !tt_digits(&c, 2, &h) || !tt_digits(&c, 2, &mi) ||
        !tt_digits(&c, 2, &se) || !tt_lit(&c, "Z"))
        return TT_ERR_TIME_SYNTAX;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
        return TT_ERR_TIME_SYNTAX;
    t.year = (int32_t)y;
    t.month = (uint8_t)mo;
    t.day = (uint8_t)d;
    t.hour = (uint8_t)h;
    t.minute = (uint8_t)mi;
    t.second = (uint8_t)se;
    t.wday = 0;
    return tt_time_from_civil(&t, epoch);
}

static const char tt_months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const tt_wdays_long[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};

/* "Jan".."Dec" -> 1..12, advancing; 0 when none matches. */
static unsigned tt_month(tt_cur *c)
{
    unsigned i;
    for (i = 0; i < 12; i++)
        if (tt_lit(c, tt_months[i]))
            return i + 1;
    return 0;
}

/* "HH:MM:SS" with second 0..60. */
static int tt_clock(tt_cur *c, unsigned *h, unsigned *mi, unsigned *s)
{
    return tt_digits(c, 2, h) && tt_lit(c, ":") && tt_digits(c, 2, mi) && tt_lit(c, ":") &&
           tt_digits(c, 2, s) && *h <= 23 && *mi <= 59 && *s <= 60;
}

int tt_time_parse_http_date(const char *s, size_t len, int64_t *epoch)
{
    tt_cur c;
    tt_time_civil t;
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, i;
    size_t name_len = 0;
    int form = 0; /* 1 IMF-fixdate, 2 RFC 850, 3 asctime */

    if ((s == NULL && len > 0) || epoch == NULL)
        return TT_ERR_INVALID_ARG;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    c.p = s;
    c.n = len;

    /* The weekday name tells the form apart. */
    while (name_len < c.n && ((c.p[name_len] >= 'a' && c.p[name_len] <= 'z') ||
                              (c.p[name_len] >= 'A' && c.p[name_len] <= 'Z')))
        name_len++;
    for (i = 0; i < 7; i++) {
        size_t k = strlen(tt_wdays_long[i]);
        if (name_len == 3 && tt_bytes_eq(c.p, tt_wdays_long[i], 3))
            form = (c.n > 3 && c.p[3] == ',') ? 1 : 3;
        else if (name_len == k && tt_bytes_eq(c.p, tt_wdays_long[i], k))
            form = 2;
    }
    if (form == 0)
        return TT_ERR_TIME_SYNTAX;
    c.p += name_len;
    c.n -= name_len;

    if (form == 1) {
        if (!(tt_lit(&c, ", ") && tt_digits(&c, 2, &d) && tt_lit(&c, " ") && (mo = tt_month(&c)) != 0 &&
              tt_lit(&c, " ") && tt_digits(&c, 4, &y) && tt_lit(&c, " ") && tt_clock(&c, &h, &mi, &se) &&
              tt_lit(&c, " GMT") && c.n == 0))
            return TT_ERR_TIME_SYNTAX;
    } else if (form == 2) {
        if (!(tt_lit(&c, ", ") && tt_digits(&c, 2, &d) && tt_lit(&c, "-") && (mo = tt_month(&c)) != 0 &&
              tt_lit(&c, "-") && tt_digits(&c, 2, &y) && tt_lit(&c, " ") && tt_clock(&c, &h, &mi, &se) &&
              tt_lit(&c, " GMT") && c.n == 0))
            return TT_ERR_TIME_SYNTAX;
        y += y >= 70 ? 1900u : 2000u;
    } else {
        if (!(tt_lit(&c, " ") && (mo = tt_month(&c)) != 0 && tt_lit(&c, " ")))
            return TT_ERR_TIME_SYNTAX;
        if (!tt_digits(&c, 2, &d)) {
            if (!(tt_lit(&c, " ") && tt_digits(&c, 1, &d)))
                return TT_ERR_TIME_SYNTAX;
        }
        if (!(tt_lit(&c, " ") && tt_clock(&c, &h, &mi, &se) && tt_lit(&c, " ") && tt_digits(&c, 4, &y) &&
              c.n == 0))
            return TT_ERR_TIME_SYNTAX;
    }
    if (d < 1 || d > 31)
        return TT_ERR_TIME_SYNTAX;
    t.year = (int32_t)y;
    t.month = (uint8_t)mo;
    t.day = (uint8_t)d;
    t.hour = (uint8_t)h;
    t.minute = (uint8_t)mi;
    t.second = (uint8_t)(se == 60 ? 59 : se);
    t.wday = 0;
    return tt_time_from_civil(&t, epoch);
}
