/*
 * tt_time.h - UTC calendar arithmetic and the date formats SigV4/HTTP use,
 * without libc's time functions (a board has no tz database and maybe no
 * gmtime()).  Instants are int64 seconds since 1970-01-01T00:00:00Z, leap
 * seconds ignored (POSIX time).  Supported range: 1970-01-01T00:00:00Z (0) to
 * 9999-12-31T23:59:59Z (TT_TIME_MAX); anything else is TT_ERR_TIME_RANGE.
 *
 * Output buffers are caller-owned fixed-size arrays; every formatter writes a
 * NUL-terminated string of exactly the documented length.  Pointer arguments
 * are borrowed for the call only.  Every int-returning function also returns
 * TT_ERR_INVALID_ARG for a NULL output pointer (or NULL input with len > 0):
 * checked only with TT_ARG_CHECKS (tt_config.h).
 */
#ifndef TT_TIME_H
#define TT_TIME_H

#include "tt_base.h"

#define TT_TIME_MAX ((int64_t)253402300799) /* 9999-12-31T23:59:59Z */

/* Buffer sizes, NUL included. */
#define TT_TIME_AMZ_DATE_SIZE 17u  /* "20261129T001422Z" */
#define TT_TIME_ISO8601_SIZE 21u   /* "2026-11-29T00:14:22Z" */
#define TT_TIME_SCOPE_DATE_SIZE 9u /* "20261129" */

/* A broken-down UTC instant. */
typedef struct tt_time_civil {
    int32_t year;   /* 1970..9999 */
    uint8_t month;  /* 1..12 */
    uint8_t day;    /* 1..31 */
    uint8_t hour;   /* 0..23 */
    uint8_t minute; /* 0..59 */
    uint8_t second; /* 0..59 */
    uint8_t wday;   /* 0 = Sunday .. 6 = Saturday (output only) */
} tt_time_civil;

/*
 * Days since 1970-01-01 of the proleptic Gregorian date y-m-d.  Works for any
 * year in -1000000..1000000 (not only the supported instant range); the
 * caller must pass a real date (month 1..12, day 1..days in month).
 */
int64_t tt_time_days_from_civil(int32_t y, unsigned m, unsigned d);

/*
 * Inverse of tt_time_days_from_civil for days in the same year span.
 * Any of y/m/d may be NULL when not wanted.
 */
void tt_time_civil_from_days(int64_t days, int32_t *y, unsigned *m, unsigned *d);

/* 1 when `y` is a Gregorian leap year. */
int tt_time_is_leap(int32_t y);

/* Days in month m (1..12) of year y; 0 for a bad month. */
unsigned tt_time_days_in_month(int32_t y, unsigned m);

/* epoch -> broken-down UTC.  TT_OK or TT_ERR_TIME_RANGE (c untouched). */
int tt_time_to_civil(int64_t epoch, tt_time_civil *c);

/*
 * Broken-down UTC -> epoch.  Checks every field (month, day within that
 * month, 0..23, 0..59, second 0..59; wday ignored): TT_ERR_TIME_SYNTAX for
 * an impossible date/time, TT_ERR_TIME_RANGE outside 1970..9999.
 */
int tt_time_from_civil(const tt_time_civil *c, int64_t *epoch);

/* epoch -> "YYYYMMDDTHHMMSSZ" (X-Amz-Date).  TT_OK or TT_ERR_TIME_RANGE. */
int tt_time_format_amz(int64_t epoch, char out[TT_TIME_AMZ_DATE_SIZE]);

/* epoch -> "YYYY-MM-DDTHH:MM:SSZ".  TT_OK or TT_ERR_TIME_RANGE. */
int tt_time_format_iso8601(int64_t epoch, char out[TT_TIME_ISO8601_SIZE]);

/* epoch -> "YYYYMMDD" (SigV4 credential scope).  TT_OK or TT_ERR_TIME_RANGE. */
int tt_time_format_scope_date(int64_t epoch, char out[TT_TIME_SCOPE_DATE_SIZE]);

/*
 * Parse exactly "YYYYMMDDTHHMMSSZ" (16 bytes, `s` borrowed, need not be
 * NUL-terminated).  TT_ERR_TIME_SYNTAX for any other shape or an impossible
 * field, TT_ERR_TIME_RANGE for year < 1970.
 */
int tt_time_parse_amz(const char *s, size_t len, int64_t *epoch);

/*
 * Parse an HTTP Date header value (RFC 7231 section 7.1.1.1), all three forms
 * a recipient must accept:
 *   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
 *   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"
 *   asctime      "Sun Nov  6 08:49:37 1994"   (day as " 6" or "06")
 * s must not have leading or trailing whitespace (TT_ERR_TIME_SYNTAX); the
 * HTTP parser's header values never do (tt_http.h).  Names are
 * case-sensitive as the RFC says; the weekday must be a valid name but is not checked against
 * the date (a wrong weekday does not make a server's clock useless).
 * RFC 850's 2-digit year: 70..99 -> 19xx, 00..69 -> 20xx (no clock here to
 * apply the RFC's "50 years in the future" rule).  Second 60 (leap second)
 * is accepted and counts as :59 so the result stays inside the minute.
 * Returns TT_OK, TT_ERR_TIME_SYNTAX or TT_ERR_TIME_RANGE.
 */
int tt_time_parse_http_date(const char *s, size_t len, int64_t *epoch);

#endif /* TT_TIME_H */
