/* tt_time.c - see tt_time.h.  Pure integer arithmetic, no libc time.
 *
 * Everything runs in 32-bit arithmetic (no 64-bit division: on a 32-bit CPU
 * that would pull in libgcc's helpers).  Days since 1970 for years
 * -1000000..1000000 fit an int32_t (+-3.7e8); an instant up to TT_TIME_MAX
 * shifted right by 7 fits a uint32_t, and 86400 = 128 x 675.
 */
#include <string.h>

#include "tt_time.h"

/*
 * Calendar arithmetic works on "March years": a year that starts on 1 March,
 * so the leap day is the last day of its year and month lengths before it
 * never change (day of the March year a month starts on: (153 x mi + 2) / 5,
 * mi = 0 for March).  Day 0 of the count is 0000-03-01; 400 Gregorian years
 * are exactly 146097 days, which makes the 400-year "era" the unit of
 * division.
 */
#define TT_DAYS_ERA 146097
#define TT_DAYS_0000_03_01_TO_EPOCH 719468 /* 0000-03-01 .. 1970-01-01 */

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

/* Days since 1970-01-01 (32-bit; |y| <= 1000000). */
static int32_t tt_days(int32_t y, unsigned m, unsigned d)
{
    int32_t my = y - (m < 3), era = (my >= 0 ? my : my - 399) / 400;
    uint32_t r = (uint32_t)(my - era * 400), mi = (m + 9u) % 12u; /* March year in era, March = 0 */
    return era * TT_DAYS_ERA + (int32_t)(r * 365u + r / 4u - r / 100u + (153u * mi + 2u) / 5u + d - 1u) -
           TT_DAYS_0000_03_01_TO_EPOCH;
}

/* Inverse of tt_days. */
static void tt_civil(int32_t days, int32_t *y, unsigned *m, unsigned *d)
{
    int32_t z = days + TT_DAYS_0000_03_01_TO_EPOCH;
    int32_t era = (z >= 0 ? z : z - (TT_DAYS_ERA - 1)) / TT_DAYS_ERA;
    uint32_t de = (uint32_t)(z - era * TT_DAYS_ERA); /* 0..146096 */
    uint32_t r = (de - de / 1460u + de / 36524u - de / 146096u) / 365u; /* March year in era */
    uint32_t doy = de - (365u * r + r / 4u - r / 100u), mi = (5u * doy + 2u) / 153u;
    *m = mi < 10u ? mi + 3u : mi - 9u;
    *y = era * 400 + (int32_t)r + (*m < 3u);
    *d = doy - (153u * mi + 2u) / 5u + 1u;
}

int64_t tt_time_days_from_civil(int32_t y, unsigned m, unsigned d)
{
    return tt_days(y, m, d);
}

void tt_time_civil_from_days(int64_t days, int32_t *y, unsigned *m, unsigned *d)
{
    int32_t yy;
    unsigned mm, dd;
    tt_civil((int32_t)days, &yy, &mm, &dd);
    if (y)
        *y = yy;
    if (m)
        *m = mm;
    if (d)
        *d = dd;
}

/*
 * Formatting and parsing share one description of each text form: a
 * template where '0'..'5' stand for one decimal digit of a field (day,
 * year, hour, minute, second, month: the indexes of a uint32_t v[] that
 * holds them), '*' for a month name, 'e' for a day digit or a space
 * (asctime's " 6"), anything else for itself.
 */
#define TT_F_DAY 0
#define TT_F_YEAR 1
#define TT_F_HOUR 2
#define TT_F_MIN 3
#define TT_F_SEC 4
#define TT_F_MON 5
#define TT_F_WDAY 6 /* output only */

/* epoch -> v[0..7).  TT_OK or TT_ERR_TIME_RANGE. */
static int tt_fields(int64_t epoch, uint32_t v[7])
{
    uint32_t days, rem;
    int32_t y;
    unsigned m, d;
    if (epoch < 0 || epoch > TT_TIME_MAX)
        return TT_ERR_TIME_RANGE;
    days = (uint32_t)((uint64_t)epoch >> 7) / 675u; /* epoch / 86400 */
    rem = (uint32_t)((uint64_t)epoch - (uint64_t)days * 86400u);
    tt_civil((int32_t)days, &y, &m, &d);
    v[TT_F_DAY] = d;
    v[TT_F_YEAR] = (uint32_t)y;
    v[TT_F_HOUR] = rem / 3600u;
    v[TT_F_MIN] = rem / 60u % 60u;
    v[TT_F_SEC] = rem % 60u;
    v[TT_F_MON] = m;
    v[TT_F_WDAY] = (days + 4u) % 7u; /* 1970-01-01 was a Thursday */
    return TT_OK;
}

/* v[0..6) -> epoch: TT_ERR_TIME_SYNTAX for an impossible date or time,
 * TT_ERR_TIME_RANGE outside 1970..9999 (v[TT_F_YEAR] holds an int32_t). */
static int tt_epoch(const uint32_t v[6], int64_t *epoch)
{
    int32_t y = (int32_t)v[TT_F_YEAR];
    if (v[TT_F_DAY] < 1 || v[TT_F_DAY] > tt_time_days_in_month(y, v[TT_F_MON]) || v[TT_F_HOUR] > 23 ||
        v[TT_F_MIN] > 59 || v[TT_F_SEC] > 59)
        return TT_ERR_TIME_SYNTAX; /* a bad month has 0 days */
    if (y < 1970 || y > 9999)
        return TT_ERR_TIME_RANGE;
    *epoch = (int64_t)tt_days(y, v[TT_F_MON], v[TT_F_DAY]) * 86400 +
             (int32_t)(v[TT_F_HOUR] * 3600u + v[TT_F_MIN] * 60u + v[TT_F_SEC]);
    return TT_OK;
}

int tt_time_to_civil(int64_t epoch, tt_time_civil *c)
{
    uint32_t v[7];
    int rc;
    if (c == NULL)
        return TT_ERR_INVALID_ARG;
    rc = tt_fields(epoch, v);
    if (rc != TT_OK)
        return rc;
    c->year = (int32_t)v[TT_F_YEAR];
    c->month = (uint8_t)v[TT_F_MON];
    c->day = (uint8_t)v[TT_F_DAY];
    c->hour = (uint8_t)v[TT_F_HOUR];
    c->minute = (uint8_t)v[TT_F_MIN];
    c->second = (uint8_t)v[TT_F_SEC];
    c->wday = (uint8_t)v[TT_F_WDAY];
    return TT_OK;
}

int tt_time_from_civil(const tt_time_civil *c, int64_t *epoch)
{
    uint32_t v[6];
    if (c == NULL || epoch == NULL)
        return TT_ERR_INVALID_ARG;
    v[TT_F_DAY] = c->day;
    v[TT_F_YEAR] = (uint32_t)c->year;
    v[TT_F_HOUR] = c->hour;
    v[TT_F_MIN] = c->minute;
    v[TT_F_SEC] = c->second;
    v[TT_F_MON] = c->month;
    return tt_epoch(v, epoch);
}

static const char tt_tpl_amz[] = "11115500T223344Z";
static const char tt_tpl_iso[] = "1111-55-00T22:33:44Z";

/* epoch -> the first n characters of `tpl`, NUL-terminated. */
static int tt_format(int64_t epoch, char *out, const char *tpl, size_t n)
{
    uint32_t v[7];
    int rc;
    if (out == NULL)
        return TT_ERR_INVALID_ARG;
    rc = tt_fields(epoch, v);
    if (rc != TT_OK)
        return rc;
    out[n] = '\0';
    while (n--) { /* right to left: each field's digits lowest first */
        uint32_t f = (uint32_t)(tpl[n] - '0');
        out[n] = tpl[n];
        if (f < 6u) {
            out[n] = (char)('0' + v[f] % 10u);
            v[f] /= 10u;
        }
    }
    return TT_OK;
}

int tt_time_format_amz(int64_t epoch, char out[TT_TIME_AMZ_DATE_SIZE])
{
    return tt_format(epoch, out, tt_tpl_amz, TT_TIME_AMZ_DATE_SIZE - 1);
}

int tt_time_format_iso8601(int64_t epoch, char out[TT_TIME_ISO8601_SIZE])
{
    return tt_format(epoch, out, tt_tpl_iso, TT_TIME_ISO8601_SIZE - 1);
}

int tt_time_format_scope_date(int64_t epoch, char out[TT_TIME_SCOPE_DATE_SIZE])
{
    return tt_format(epoch, out, tt_tpl_amz, TT_TIME_SCOPE_DATE_SIZE - 1);
}

/* ---- parsing ------------------------------------------------------------ */

static const char tt_months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
static const char tt_wdays[7][10] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

/* Text after the weekday name of the three HTTP-date forms (tt_time.h). */
static const char tt_tpl_http[3][25] = {
    ", 00 * 1111 22:33:44 GMT", /* IMF-fixdate */
    ", 00-*-11 22:33:44 GMT",   /* RFC 850 */
    " * e0 22:33:44 1111",      /* asctime */
};

/*
 * Match s[0..n) against `tpl` exactly, the fields into v[]; then check and
 * convert them.  `form` 0 is X-Amz-Date; with an HTTP-date form a leap
 * second (60) counts as :59, so the result stays inside the minute.
 */
static int tt_parse(const char *s, size_t n, const char *tpl, int form, int64_t *epoch)
{
    uint32_t v[6] = {0, 0, 0, 0, 0, 0}, i;
    for (; *tpl; tpl++) {
        uint32_t f = (uint32_t)(*tpl - '0');
        if (n == 0)
            return TT_ERR_TIME_SYNTAX;
        if (*tpl == '*') {
            for (i = 0; i < 12 && !(n >= 3 && tt_bytes_eq(s, tt_months + (size_t)3 * i, 3)); i++)
                ;
            if (i == 12)
                return TT_ERR_TIME_SYNTAX;
            v[TT_F_MON] = i + 1;
            s += 3;
            n -= 3;
            continue;
        }
        if (*tpl == 'e') {
            if (*s == ' ') {
                s++;
                n--;
                continue;
            }
            f = TT_F_DAY;
        }
        if (f < 6u) {
            if (*s < '0' || *s > '9')
                return TT_ERR_TIME_SYNTAX;
            v[f] = v[f] * 10u + (uint32_t)(*s - '0');
        } else if (*s != *tpl) {
            return TT_ERR_TIME_SYNTAX;
        }
        s++;
        n--;
    }
    if (n != 0)
        return TT_ERR_TIME_SYNTAX;
    if (form == 2) /* RFC 850's 2-digit year */
        v[TT_F_YEAR] += v[TT_F_YEAR] >= 70 ? 1900u : 2000u;
    if (form && v[TT_F_SEC] == 60)
        v[TT_F_SEC] = 59;
    return tt_epoch(v, epoch);
}

int tt_time_parse_amz(const char *s, size_t len, int64_t *epoch)
{
    if ((s == NULL && len > 0) || epoch == NULL)
        return TT_ERR_INVALID_ARG;
    return tt_parse(s, len, tt_tpl_amz, 0, epoch);
}

int tt_time_parse_http_date(const char *s, size_t len, int64_t *epoch)
{
    size_t k = 0, i;
    int form = 0; /* 1 IMF-fixdate, 2 RFC 850, 3 asctime */

    if ((s == NULL && len > 0) || epoch == NULL)
        return TT_ERR_INVALID_ARG;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    /* The weekday name tells the form apart: short (then ',' or not) or long. */
    while (k < len && (unsigned)((s[k] | 0x20) - 'a') < 26u)
        k++;
    for (i = 0; i < 7; i++)
        if ((k == 3 || k == strlen(tt_wdays[i])) && tt_bytes_eq(s, tt_wdays[i], k))
            form = k > 3 ? 2 : (len > 3 && s[3] == ',') ? 1 : 3;
    if (form == 0)
        return TT_ERR_TIME_SYNTAX;
    return tt_parse(s + k, len - k, tt_tpl_http[form - 1], form, epoch);
}
