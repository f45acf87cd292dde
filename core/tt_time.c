/* tt_time.c - see tt_time.h.  Pure integer arithmetic, no libc time.
 *
 * Everything runs in 32-bit arithmetic (no 64-bit division: on a 32-bit CPU
 * that would pull in libgcc's helpers).  Days since 1970 for years
 * -1000000..1000000 fit an int32_t (+-3.7e8); an instant up to TT_TIME_MAX
 * shifted right by 7 fits a uint32_t, and 86400 = 128 x 675.
 */
#include <string.h>

#include "tt_time.h"

/* tt_epoch() inlined into the parser (the device's only caller; the host's
 * tt_time_from_civil() gets its own copy). */
#if defined(__GNUC__)
#define TT_TIME_INLINE __attribute__((always_inline)) inline
#else
#define TT_TIME_INLINE
#endif

/*
 * Calendar arithmetic works on "March years": a year that starts on 1 March,
 * so the leap day is the last day of its year and month lengths before it
 * never change (day of the March year a month starts on: (153 x mi + 2) / 5,
 * mi = 0 for March).  400 Gregorian years are exactly 146097 days.  The
 * count starts 2560 such eras before year 0 (March year -1024000), so every
 * supported date is a non-negative count and everything is unsigned 32-bit
 * (no signed-division fix-ups; the largest value, ~7.4e8, fits).  1024000 =
 * 0xFA000 is one Thumb-2 immediate.
 */
#define TT_DAYS_ERA 146097u
#define TT_YEAR_BASE 1024000u       /* 2560 eras: the count's first March year is -TT_YEAR_BASE */
#define TT_DAYS_TO_EPOCH 374727788u /* its 1 March .. 1970-01-01: 2560 x 146097 + 719468 */

/* Fields of a broken-down instant in a uint32_t v[]: the digits '0'..'5'
 * of the text templates below name them ('6' is RFC 850's 2-digit year).
 * Formatting has the seconds of the day in place of the hour (TT_F_SOD,
 * written in mixed base: one division per digit, none for h/m/s). */
#define TT_F_DAY 0
#define TT_F_YEAR 1
#define TT_F_HOUR 2
#define TT_F_SOD 2
#define TT_F_MIN 3
#define TT_F_SEC 4
#define TT_F_MON 5

int tt_time_is_leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned tt_time_days_in_month(int32_t y, unsigned m)
{
    if (m < 1 || m > 12)
        return 0;
    if (m == 2)
        return 28u + (unsigned)tt_time_is_leap(y);
    return 30u + ((m ^ (m >> 3)) & 1u); /* 31 for odd months up to July, even ones after */
}

/* Days since 1970-01-01 (|y| <= 1000000).  Any m and d give a day: month
 * 13 is January of the next year, day 0 the day before the 1st (checks
 * rely on the round trip through tt_civil). */
static int32_t tt_days(int32_t y, unsigned m, unsigned d)
{
    uint32_t my = (uint32_t)y + TT_YEAR_BASE - (m < 3u), mi = m < 3u ? m + 9u : m - 3u, c = my / 100u;
    return (int32_t)(my * 365u + my / 4u - c + c / 4u + (153u * mi + 2u) / 5u + d - 1u) - (int32_t)TT_DAYS_TO_EPOCH;
}

/* Inverse of tt_days: days -> v[TT_F_DAY], v[TT_F_YEAR], v[TT_F_MON], by
 * search, month by month: from December of a year past the answer (whole
 * eras, then the rest's days / 365 is at most one March year too many; +1
 * for January and February) down to the first month whose 1st is not after
 * the day (at most 36 steps). */
static void tt_civil(int32_t days, uint32_t v[6])
{
    uint32_t z = (uint32_t)(days + (int32_t)TT_DAYS_TO_EPOCH), m = 1;
    int32_t y = (int32_t)(z / TT_DAYS_ERA * 400u + z % TT_DAYS_ERA / 365u - TT_YEAR_BASE + 2u);

    do {
        if (--m == 0)
            m = 12, y--;
    } while (tt_days(y, m, 1) > days);
    v[TT_F_YEAR] = (uint32_t)y;
    v[TT_F_MON] = m;
    v[TT_F_DAY] = (uint32_t)(days - tt_days(y, m, 1)) + 1u;
}

int64_t tt_time_days_from_civil(int32_t y, unsigned m, unsigned d)
{
    return tt_days(y, m, d);
}

void tt_time_civil_from_days(int64_t days, int32_t *y, unsigned *m, unsigned *d)
{
    uint32_t v[6];
    tt_civil((int32_t)days, v);
    if (y)
        *y = (int32_t)v[TT_F_YEAR];
    if (m)
        *m = v[TT_F_MON];
    if (d)
        *d = v[TT_F_DAY];
}

/* epoch -> v[TT_F_DAY], v[TT_F_YEAR], v[TT_F_MON], v[TT_F_SOD] (the
 * seconds of the day).  Returns the days since 1970, or TT_ERR_TIME_RANGE. */
static int32_t tt_fields(int64_t epoch, uint32_t v[6])
{
    uint32_t days;
    if (epoch < 0 || epoch > TT_TIME_MAX)
        return TT_ERR_TIME_RANGE;
    days = (uint32_t)((uint64_t)epoch >> 7) / 675u; /* epoch / 86400 */
    v[TT_F_SOD] = (uint32_t)epoch - days * 86400u;  /* exact mod 2^32: it is < 86400 */
    tt_civil((int32_t)days, v);
    return (int32_t)days;
}

/* v[0..6) -> epoch: TT_ERR_TIME_SYNTAX for an impossible date or time,
 * TT_ERR_TIME_RANGE outside 1970..9999 (v[TT_F_YEAR] holds an int32_t). */
static TT_TIME_INLINE int tt_epoch(const uint32_t v[6], int64_t *epoch)
{
    int32_t y = (int32_t)v[TT_F_YEAR], days = tt_days(y, v[TT_F_MON], v[TT_F_DAY]);
    uint32_t c[6];
    /* the date is real when it survives the round trip (y is inside
     * tt_days's span: tt_time_from_civil sees to it) */
    tt_civil(days, c);
    if (c[TT_F_MON] != v[TT_F_MON] || c[TT_F_DAY] != v[TT_F_DAY] || v[TT_F_HOUR] > 23 || v[TT_F_MIN] > 59 ||
        v[TT_F_SEC] > 59)
        return TT_ERR_TIME_SYNTAX;
    if (y < 1970 || y > 9999)
        return TT_ERR_TIME_RANGE;
    *epoch = (int64_t)days * 86400 + (int32_t)(v[TT_F_HOUR] * 3600u + v[TT_F_MIN] * 60u + v[TT_F_SEC]);
    return TT_OK;
}

int tt_time_to_civil(int64_t epoch, tt_time_civil *c)
{
    uint32_t v[6];
    int32_t days;
    TT_ARG_CHECK(c != NULL, TT_ERR_INVALID_ARG);
    days = tt_fields(epoch, v);
    if (days < 0)
        return days;
    c->year = (int32_t)v[TT_F_YEAR];
    c->month = (uint8_t)v[TT_F_MON];
    c->day = (uint8_t)v[TT_F_DAY];
    c->hour = (uint8_t)(v[TT_F_SOD] / 3600u);
    c->minute = (uint8_t)(v[TT_F_SOD] / 60u % 60u);
    c->second = (uint8_t)(v[TT_F_SOD] % 60u);
    c->wday = (uint8_t)(((uint32_t)days + 4u) % 7u); /* 1970-01-01 was a Thursday */
    return TT_OK;
}

int tt_time_from_civil(const tt_time_civil *c, int64_t *epoch)
{
    uint32_t v[6];
    TT_ARG_CHECK(c != NULL && epoch != NULL, TT_ERR_INVALID_ARG);
    v[TT_F_DAY] = c->day;
    v[TT_F_YEAR] = (uint32_t)c->year;
    if (c->year < -1000000 || c->year > 1000000) /* a year of the same leap kind, as far out of range */
        v[TT_F_YEAR] = 10000u + (uint32_t)(c->year % 400 + 400) % 400u;
    v[TT_F_HOUR] = c->hour;
    v[TT_F_MIN] = c->minute;
    v[TT_F_SEC] = c->second;
    v[TT_F_MON] = c->month;
    return tt_epoch(v, epoch);
}

/* Formats: their length, then digits naming fields (above), 'B' the
 * seconds of the day in base 6 (the tens of minutes and of seconds: digits
 * right to left are base 10, 6, 10, 6, 10, 10), anything else as is. */
static const char tt_tpl_amz[] = "\020" "11115500T22B2B2Z";

/* epoch -> `tpl` filled in, NUL-terminated (3 arguments: all in registers). */
static int tt_format(int64_t epoch, char *out, const char *tpl)
{
    uint32_t v[6];
    int32_t days;
    size_t n = (unsigned char)*tpl++;
    TT_ARG_CHECK(out != NULL, TT_ERR_INVALID_ARG);
    days = tt_fields(epoch, v);
    if (days < 0)
        return days;
    out[n] = '\0';
    while (n--) { /* right to left: each field's digits lowest first */
        uint32_t f = (uint32_t)(tpl[n] - '0'), r = 10;
        out[n] = tpl[n];
        if (f == 'B' - '0')
            f = TT_F_SOD, r = 6;
        if (f < 6u) {
            out[n] = (char)('0' + v[f] % r);
            v[f] /= r;
        }
    }
    return TT_OK;
}

int tt_time_format_amz(int64_t epoch, char out[TT_TIME_AMZ_DATE_SIZE])
{
    return tt_format(epoch, out, tt_tpl_amz);
}

int tt_time_format_iso8601(int64_t epoch, char out[TT_TIME_ISO8601_SIZE])
{
    return tt_format(epoch, out, "\024" "1111-55-00T22:B2:B2Z");
}

int tt_time_format_scope_date(int64_t epoch, char out[TT_TIME_SCOPE_DATE_SIZE])
{
    return tt_format(epoch, out, "\010" "11115500");
}

/* ---- parsing ------------------------------------------------------------ */

/* Month names (index 0..11), then weekday names without their "day"
 * (12..18; none is a prefix of another, the first three letters are the
 * short name). */
static const char tt_names[] = "Jan\0Feb\0Mar\0Apr\0May\0Jun\0Jul\0Aug\0Sep\0Oct\0Nov\0Dec\0"
                               "Sun\0Mon\0Tues\0Wednes\0Thurs\0Fri\0Satur\0";

/*
 * The three HTTP-date forms (tt_time.h): IMF-fixdate, RFC 850, asctime.
 * Beyond the template digits: 'W' a weekday's short name, 'L' its long
 * name without "day", '*' a month's name, '6' a digit of a 2-digit year,
 * 'e' a day digit or a space (asctime's " 6").
 */
#define TT_TPL_IMF "W, 00 * 1111 22:33:44 GMT"
#define TT_TPL_850 "Lday, 00-*-66 22:33:44 GMT"
#define TT_TPL_ASC "W * e0 22:33:44 1111"
static const char tt_tpl_http[] = TT_TPL_IMF "\0" TT_TPL_850 "\0" TT_TPL_ASC;

/*
 * Match s[0..n) against `tpl` exactly, the fields into v[]; then check and
 * convert them.  A leap second (60) counts as :59, so the result stays
 * inside the minute (HTTP-date; tt_time_parse_amz refuses it first).
 */
static int tt_parse(const char *s, size_t n, const char *tpl, int64_t *epoch)
{
    uint32_t v[7] = {0, 0, 0, 0, 0, 0, 0}, i, f;
    const char *nm;
    size_t k = 0, len;
    char c;

    for (; (c = *tpl) != '\0'; tpl++, s += k, n -= k) {
        k = 1;
        if (c == 'W' || c == 'L' || c == '*') {
            /* The first name s starts with: a weekday's from the weekdays
             * on, a month's from the start (a weekday's name there is
             * month 13..19, which the date check refuses). */
            i = c == '*' ? 0 : 12;
            for (nm = tt_names + (size_t)i * 4u;; nm += len + 1, i++) {
                len = strlen(nm);
                if (len == 0)
                    return TT_ERR_TIME_SYNTAX;
                k = c == 'L' ? len : 3;
                if (k <= n && tt_bytes_eq(s, nm, k))
                    break;
            }
            v[TT_F_MON] = i + 1; /* a weekday's is overwritten by the month */
            continue;
        }
        if (n == 0)
            return TT_ERR_TIME_SYNTAX;
        if (c == 'e') {
            if (*s == ' ')
                continue;
            c = '0';
        }
        f = (uint32_t)(c - '0');
        if (f < 7u) {
            if (*s < '0' || *s > '9')
                return TT_ERR_TIME_SYNTAX;
            v[f] = v[f] * 10u + (uint32_t)(*s - '0');
            if (f == 6) /* RFC 850's 2-digit year: 70..99 -> 19xx, 00..69 -> 20xx */
                v[TT_F_YEAR] = v[6] + (v[6] >= 70 ? 1900u : 2000u);
        } else if (*s != c) {
            return TT_ERR_TIME_SYNTAX;
        }
    }
    if (n != 0)
        return TT_ERR_TIME_SYNTAX;
    if (v[TT_F_SEC] == 60)
        v[TT_F_SEC] = 59;
    return tt_epoch(v, epoch);
}

int tt_time_parse_amz(const char *s, size_t len, int64_t *epoch)
{
    TT_ARG_CHECK((s != NULL || len == 0) && epoch != NULL, TT_ERR_INVALID_ARG);
    if (len == 16 && s[13] == '6') /* seconds 60..69: no leap second here */
        return TT_ERR_TIME_SYNTAX;
    return tt_parse(s, len, "11115500T223344Z", epoch);
}

int tt_time_parse_http_date(const char *s, size_t len, int64_t *epoch)
{
    const char *t;

    TT_ARG_CHECK((s != NULL || len == 0) && epoch != NULL, TT_ERR_INVALID_ARG);
    /* The 4th byte tells which form the text can be: ',' IMF-fixdate, ' '
     * asctime, else RFC 850 (a long weekday name). */
    t = tt_tpl_http;
    if (len > 3 && s[3] != ',')
        t += s[3] == ' ' ? sizeof TT_TPL_IMF + sizeof TT_TPL_850 : sizeof TT_TPL_IMF;
    return tt_parse(s, len, t, epoch);
}
