/*
 * tt_tsfmt.c - wire timestamps rendered as the AWS CLI does, and the
 * assignment -> tt_jv conversion.
 *
 * iso8601 = botocore parse_timestamp(): datetime.fromtimestamp(v, tzlocal())
 * .isoformat(), where v is Python's int/float of the JSON number and
 * tzlocal is dateutil's (2.8.2): it knows only two offsets, taken from
 * time.timezone / time.altzone (CPython computes them from the January and
 * July offsets of the current year), and asks time.localtime() only
 * whether DST is in force.  Historic offsets (LMT, old standard times) are
 * therefore NOT used, exactly like the CLI.  The steps below follow
 * datetime.fromtimestamp (microsecond rounding, half-even) and dateutil's
 * _tzinfo.fromutc / tzlocal._isdst / is_ambiguous one by one.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tt_out_int.h"

/* CPython's time.timezone / altzone / daylight: see tt_out_tz. */
typedef tt_out_tz pytz;

static void tz_cache_clear(pytz *z)
{
    size_t i;
    for (i = 0; i < TT_OUT_DST_SLOTS; i++) {
        z->dst[i].span = 0;
        z->dst[i].isdst = -1;
    }
}

static void pytz_compute(pytz *z, time_t now)
{
    const time_t year = (time_t)((365 * 24 + 6) * 3600);
    time_t t = (now / year) * year;
    struct tm p;
    long jan = 0, jul = 0;
    memset(&p, 0, sizeof p);
    if (localtime_r(&t, &p))
        jan = -p.tm_gmtoff;
    t += year / 2;
    memset(&p, 0, sizeof p);
    if (localtime_r(&t, &p))
        jul = -p.tm_gmtoff;
    if (jan < jul) {
        z->timezone = jul;
        z->altzone = jan;
    } else {
        z->timezone = jan;
        z->altzone = jul;
    }
    z->daylight = jan != jul;
    tz_cache_clear(z);
}

/* The offsets depend only on TZ and the current year: computed once and
 * reused while both stay the same (two localtime_r() per timestamp were a
 * large share of the CLI's CPU time).  Host-only code, single-threaded. */
void tt_out_tz_init(tt_out_tz *z)
{
    z->nocache = 0;
    pytz_compute(z, time(NULL));
}

/* The offsets (and tm_isdst cache) for the current TZ, kept across calls. */
static pytz *pytz_init(void)
{
    static pytz cached;
    static char cached_tz[256];
    static int cached_state; /* 0: none, 1: TZ unset, 2: TZ = cached_tz */
    static time_t cached_bucket;
    const time_t year = (time_t)((365 * 24 + 6) * 3600);
    const char *tz = getenv("TZ");
    time_t now = time(NULL);
    size_t n = tz ? strlen(tz) : 0;
    int state = tz ? 2 : 1;
    if (cached_state == state && cached_bucket == now / year &&
        (!tz || (n < sizeof cached_tz && memcmp(cached_tz, tz, n + 1) == 0)))
        return &cached;
    pytz_compute(&cached, now);
    if (n < sizeof cached_tz) {
        cached_bucket = now / year;
        if (tz)
            memcpy(cached_tz, tz, n + 1);
        cached_state = state;
    } else {
        cached_state = 0;
    }
    return &cached;
}

/* A naive datetime as epoch seconds + microseconds. */
typedef struct naive {
    int64_t s;
    long us;
} naive;

static int isdst_now(time_t t)
{
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    return tm.tm_isdst > 0;
}

#define DST_SPAN 900
/* localtime(t).tm_isdst > 0, from z's cache of 15-minute spans (see
 * tt_out_tz): a span's two ends agreeing means no change inside it. */
static int isdst_at(pytz *z, time_t t)
{
    int64_t span;
    struct tt_out_dst *e;
    /* far from 1970 (localtime_r may fail at a span's end): no cache */
    if (z->nocache || t < -((time_t)1 << 40) || t > ((time_t)1 << 40))
        return isdst_now(t);
    span = t >= 0 ? (int64_t)t / DST_SPAN : -((-(int64_t)t + DST_SPAN - 1) / DST_SPAN);
    /* hashed: a listing's fields sit whole days apart (30 days = 2880
     * spans would share a slot of span % slots) */
    e = &z->dst[(size_t)(((uint64_t)span * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - TT_OUT_DST_BITS))];
    if (e->isdst < 0 || e->span != span) {
        int a = isdst_now((time_t)(span * DST_SPAN));
        int b = isdst_now((time_t)(span * DST_SPAN + DST_SPAN - 1));
        e->span = span;
        e->isdst = a == b ? a : 2;
    }
    return e->isdst < 2 ? e->isdst : isdst_now(t);
}

/* dateutil tzlocal._naive_is_dst: time.localtime(total_seconds + timezone). */
static int naive_is_dst(pytz *z, naive n)
{
    double ts, f;
    /* within +-2^32 s the double sum below floors to n.s + timezone (its
     * rounding error, < 2^-21, cannot reach the next second from
     * n.us <= 999999): no floor() */
    if (n.s > -(INT64_C(1) << 32) && n.s < (INT64_C(1) << 32) && z->timezone > -(1L << 20) &&
        z->timezone < (1L << 20) && n.us >= 0 && n.us < 1000000)
        return isdst_at(z, (time_t)(n.s + z->timezone));
    ts = (double)(n.s * 1000000 + n.us) / 1e6 + (double)z->timezone;
    f = floor(ts);
    if (!(f > -9.2e18 && f < 9.2e18))
        return 0;
    return isdst_at(z, (time_t)f);
}

static int naive_in_range(int64_t s);

static int is_int_text(const char *s, size_t n)
{
    size_t i = 0;
    if (n && s[0] == '-')
        i = 1;
    if (i >= n)
        return 0;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Python round() of a double: half to even. */
static double round_half_even(double x)
{
    double r = round(x);
    if (fabs(x - r) == 0.5)
        r = 2.0 * round(x / 2.0);
    return r;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    *y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y += *m <= 2;
}

/* Range of datetime: 0001-01-01T00:00:00 .. 9999-12-31T23:59:59
 * as days since 1970-01-01 (Python: (date(1, 1, 1) - date(1970, 1, 1)).days
 * and likewise for 9999-12-31). */
#define TS_MIN_DAY INT64_C(-719162)
#define TS_MAX_DAY INT64_C(2932896)
static int naive_in_range(int64_t s)
{
    return s >= TS_MIN_DAY * 86400 && s <= TS_MAX_DAY * 86400 + 86399;
}

static const char digit_pairs[] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* v (0..99) as two digits at p; returns p + 2. */
static char *put2(char *p, unsigned v)
{
    memcpy(p, digit_pairs + (size_t)2 * v, 2);
    return p + 2;
}

/* The "YYYY-MM-DDT" of recently rendered days, by day number modulo 4: a
 * listing's timestamps fall on few days (a row's fields on up to four:
 * accept, submit, approval the next day, auto-approval 30 days on), and
 * civil_from_days() was a hot spot.  Host-only code, single-threaded (like
 * pytz_init's cache). */
static struct {
    int64_t day;
    char text[12];
} iso_days[4] = {{INT64_MIN, ""}, {INT64_MIN, ""}, {INT64_MIN, ""}, {INT64_MIN, ""}};
/* Likewise the "+HH:MM[:SS]" of the offset last rendered. */
static long iso_off = LONG_MIN;
static char iso_off_text[10];
static size_t iso_off_len;

/* isoformat(): YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM[:SS], written with
 * integer arithmetic (snprintf was a hot spot). */
static int put_iso(naive w, long off, char *buf, size_t cap)
{
    int64_t days = w.s >= 0 ? w.s / 86400 : -((-w.s + 86399) / 86400);
    unsigned sod = (unsigned)(w.s - days * 86400), h, mi;
    long a = off < 0 ? -off : off;
    char t[48], *p = cap >= sizeof t ? buf : t; /* in place when it fits */
    size_t n, slot = (size_t)days & 3;
    /* glibc offsets are below 100 h */
    if (a / 3600 > 99)
        return TT_OUT_ERR_ARG;
    if (iso_days[slot].day != days) {
        int64_t y;
        int mo, d;
        char *q = iso_days[slot].text;
        civil_from_days(days, &y, &mo, &d);
        /* callers keep 1 <= year <= 9999 */
        if (y < 1 || y > 9999)
            return TT_OUT_ERR_ARG;
        q = put2(q, (unsigned)(y / 100));
        q = put2(q, (unsigned)(y % 100));
        *q++ = '-';
        q = put2(q, (unsigned)mo);
        *q++ = '-';
        q = put2(q, (unsigned)d);
        *q = 'T';
        iso_days[slot].day = days;
    }
    memcpy(p, iso_days[slot].text, 11);
    h = sod / 3600;
    sod -= h * 3600;
    mi = sod / 60;
    p[11] = digit_pairs[(size_t)2 * h];
    p[12] = digit_pairs[(size_t)2 * h + 1];
    p[13] = ':';
    p[14] = digit_pairs[(size_t)2 * mi];
    p[15] = digit_pairs[(size_t)2 * mi + 1];
    p[16] = ':';
    sod -= mi * 60;
    p[17] = digit_pairs[(size_t)2 * sod];
    p[18] = digit_pairs[(size_t)2 * sod + 1];
    n = 19;
    if (w.us) {
        unsigned us = (unsigned)w.us, hi = us / 10000, lo = us - hi * 10000;
        p[19] = '.';
        put2(p + 20, hi);
        put2(p + 22, lo / 100);
        put2(p + 24, lo % 100);
        n = 26;
    }
    if (off != iso_off) {
        char *q = iso_off_text;
        *q++ = off < 0 ? '-' : '+';
        q = put2(q, (unsigned)(a / 3600));
        *q++ = ':';
        q = put2(q, (unsigned)((a / 60) % 60));
        if (a % 60) {
            *q++ = ':';
            q = put2(q, (unsigned)(a % 60));
        }
        iso_off_len = (size_t)(q - iso_off_text);
        iso_off = off;
    }
    memcpy(p + n, iso_off_text, 9); /* the bytes after its length are unused */
    n += iso_off_len;
    if (n >= cap)
        return TT_OUT_ERR_ARG;
    if (p != buf)
        memcpy(buf, t, n);
    buf[n] = '\0';
    return (int)n;
}

/* datetime.fromtimestamp(secs.us, tzlocal()) as isoformat().  dateutil's
 * steps, with tm_isdst(x) = _naive_is_dst(x), std/dst the two offsets and
 * saved = dst - std (never 0 here):
 *   1. _fromutc calls dt.utcoffset() -> is_ambiguous(u): computes u - saved
 *      when not tm_isdst(u) (OverflowError outside datetime's range);
 *   2. w = u + std; _isdst(w, fold=1): is_ambiguous(w) (w - saved may
 *      overflow likewise), and whether or not ambiguous the answer is
 *      tm_isdst(w) (ambiguous implies not tm_isdst(w), fold 1 gives 0);
 *      when it holds, w += saved;
 *   3. _fold_status: fold = is_ambiguous(w) and w - u == std;
 *   4. the offset: dst when _isdst(w, fold) = ambiguous ? !fold : tm_isdst(w).
 * Each tm_isdst() is asked once (the steps repeat them): two per call. */
static int iso_from_epoch(pytz *z, int64_t secs, long us, char *buf, size_t cap)
{
    naive u, w;
    long std_off = -z->timezone, dst_off = -z->altzone, saved;
    int amb, isdst;
    if (!z->daylight || z->altzone == z->timezone) {
        /* one offset all year (UTC, most servers): the steps below reduce
         * to this, with no localtime() */
        if (!naive_in_range(secs) || !naive_in_range(secs - z->timezone))
            return TT_OUT_ERR_TIME;
        u.s = secs - z->timezone;
        u.us = us;
        return put_iso(u, -z->timezone, buf, cap);
    }
    saved = dst_off - std_off;
    if (!naive_in_range(secs))
        return TT_OUT_ERR_TIME;
    u.s = secs;
    u.us = us;
    /* 1 */
    if (!naive_in_range(u.s - saved) && !naive_is_dst(z, u))
        return TT_OUT_ERR_TIME;
    /* 2 */
    w = u;
    w.s += std_off;
    if (!naive_in_range(w.s))
        return TT_OUT_ERR_TIME;
    if (naive_is_dst(z, w)) {
        w.s += saved;
        if (!naive_in_range(w.s))
            return TT_OUT_ERR_TIME;
        /* 3: w - saved is the previous w, where tm_isdst held */
        isdst = naive_is_dst(z, w);
        amb = !isdst;
    } else {
        naive m = w;
        m.s -= saved;
        if (!naive_in_range(m.s))
            return TT_OUT_ERR_TIME;
        /* 3: tm_isdst(w) is false */
        isdst = 0;
        amb = naive_is_dst(z, m);
    }
    /* 4 */
    if (amb)
        isdst = !((w.s - u.s) == std_off);
    return put_iso(w, isdst ? dst_off : std_off, buf, cap);
}

/* Wire numbers without strtod(): "-123" (Python int, at most 18 digits),
 * and floats such as "123.456", "1.23456E9" or "1.2e+9" that are >= 0,
 * below 2^31 and a whole number of microseconds.  For those the double's
 * error is below 0.12 us, so CPython's rounding of the double gives exactly
 * the written value.  Anything else returns 0 (the caller uses strtod). */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TS_SWAR 1
/* The 8 bytes at p when all are ASCII digits: their value in *v, 1; else 0.
 * A byte is a digit when its high nibble is 3 and adding 6 keeps it so. */
static int digits8(const char *p, uint64_t *v)
{
    const uint64_t hi = UINT64_C(0xF0F0F0F0F0F0F0F0);
    uint64_t x;
    memcpy(&x, p, 8);
    if (((x & hi) | (((x + UINT64_C(0x0606060606060606)) & hi) >> 4)) !=
        UINT64_C(0x3333333333333333))
        return 0;
    x -= UINT64_C(0x3030303030303030);
    /* pairs (first byte = most significant digit), then quads, then all */
    x = x * 10 + (x >> 8);
    x = ((x & UINT64_C(0x000000FF000000FF)) * (100 + (UINT64_C(1000000) << 32)) +
         ((x >> 16) & UINT64_C(0x000000FF000000FF)) * (1 + (UINT64_C(10000) << 32))) >>
        32;
    *v = x;
    return 1;
}
#else
#define TS_SWAR 0
#endif

/* Digits at p (up to end) accumulated into *m; returns the end of them. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline const char *ts_digits(const char *p, const char *end, uint64_t *m)
{
    unsigned c;
#if TS_SWAR
    uint64_t v;
    while (end - p >= 8 && digits8(p, &v)) {
        *m = *m * 100000000u + v; /* wraps only past 18 digits (refused) */
        p += 8;
    }
#endif
    while (p < end && (c = (unsigned)(unsigned char)*p - '0') < 10) {
        *m = *m * 10 + c;
        p++;
    }
    return p;
}

static int ts_fast(const char *s, size_t n, int64_t *secs, long *us)
{
    /* the largest mantissa m with m * 10^k microseconds below 2^31 s */
    static const uint64_t max_m[16] = {
        UINT64_C(2147483647999999), UINT64_C(214748364799999), UINT64_C(21474836479999),
        UINT64_C(2147483647999),    UINT64_C(214748364799),    UINT64_C(21474836479),
        UINT64_C(2147483647),       UINT64_C(214748364),       UINT64_C(21474836),
        UINT64_C(2147483),          UINT64_C(214748),          UINT64_C(21474),
        UINT64_C(2147),             UINT64_C(214),             UINT64_C(21),
        UINT64_C(2)};
    static const uint64_t pow10[16] = {UINT64_C(1),
                                       UINT64_C(10),
                                       UINT64_C(100),
                                       UINT64_C(1000),
                                       UINT64_C(10000),
                                       UINT64_C(100000),
                                       UINT64_C(1000000),
                                       UINT64_C(10000000),
                                       UINT64_C(100000000),
                                       UINT64_C(1000000000),
                                       UINT64_C(10000000000),
                                       UINT64_C(100000000000),
                                       UINT64_C(1000000000000),
                                       UINT64_C(10000000000000),
                                       UINT64_C(100000000000000),
                                       UINT64_C(1000000000000000)};
    const char *p = s, *end = s + n, *d0;
    uint64_t m = 0;
    unsigned c;
    int e10 = 0, k;
    if (p < end && *p == '-')
        p++;
    d0 = p;
    p = ts_digits(p, end, &m);
    if (p == d0 || p - d0 > 18)
        return 0;
    if (p == end) { /* an int */
        *secs = d0 != s ? -(int64_t)m : (int64_t)m;
        *us = 0;
        return 1;
    }
    if (d0 != s) /* a negative float */
        return 0;
    if (*p == '.') {
        const char *f0 = ++p;
        p = ts_digits(p, end, &m);
        if (p == f0 || p - d0 - 1 > 18)
            return 0;
        e10 = -(int)(p - f0);
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        int eneg = 0, ev = 0;
        const char *x0;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        x0 = p;
        while (p < end && p - x0 < 4 && (c = (unsigned)(unsigned char)*p - '0') < 10) {
            ev = ev * 10 + (int)c;
            p++;
        }
        if (p == x0)
            return 0;
        e10 += eneg ? -ev : ev;
    }
    if (p != end) /* also a plain int with trailing bytes */
        return 0;
    if (m == 0) {
        *secs = 0;
        *us = 0;
        return 1;
    }
    while (e10 < -6 && m % 10 == 0) {
        m /= 10;
        e10++;
    }
    k = e10 + 6; /* m * 10^k microseconds */
    if (k < 0 || k > 15 || m > max_m[k])
        return 0;
    m *= pow10[k];
    *secs = (int64_t)(m / 1000000);
    *us = (long)(m % 1000000);
    return 1;
}

/* isoformat() of the wire number tmp (NUL-terminated, len bytes). */
static int ts_iso(pytz *z, const char *tmp, size_t len, char *buf, size_t cap)
{
    double d, ip, fp;
    int64_t fs;
    long fus;
    if (ts_fast(tmp, len, &fs, &fus))
        return iso_from_epoch(z, fs, fus, buf, cap);
    if (is_int_text(tmp, len)) {
        long long x;
        errno = 0;
        x = strtoll(tmp, NULL, 10);
        if (errno)
            return TT_OUT_ERR_TIME;
        return iso_from_epoch(z, (int64_t)x, 0, buf, cap);
    }
    d = strtod(tmp, NULL);
    if (!isfinite(d))
        return TT_OUT_ERR_TIME;
    /* CPython _PyTime_DoubleToDenominator(d, 1e6, ROUND_HALF_EVEN) */
    fp = modf(d, &ip);
    fp *= 1e6;
    fp = round_half_even(fp);
    if (fp >= 1e6) {
        fp -= 1e6;
        ip += 1.0;
    } else if (fp < 0) {
        fp += 1e6;
        ip -= 1.0;
    }
    if (!(ip > -9.2e18 && ip < 9.2e18))
        return TT_OUT_ERR_TIME;
    return iso_from_epoch(z, (int64_t)ip, (long)fp, buf, cap);
}

int tt_out_timestamp(const char *raw, size_t len, tt_ts_format ts, char *buf, size_t cap)
{
    char tmp[128];
    double d;
    if (!raw || !buf || cap == 0 || len == 0 || len >= sizeof tmp)
        return TT_OUT_ERR_ARG;
    memcpy(tmp, raw, len);
    tmp[len] = '\0';
    if (ts == TT_TS_WIRE) {
        tt_jv *v;
        size_t n;
        int rc;
        if (is_int_text(tmp, len)) {
            v = tt_jv_int_text(tmp, len);
            if (!v) {
                /* "-0" or leading zeros: normalise like Python int() */
                long long x = strtoll(tmp, NULL, 10);
                v = tt_jv_int((int64_t)x);
            }
            if (!v)
                return TT_JV_ERR_NOMEM;
            n = tt_jv_int_repr(v, buf, cap);
            tt_jv_free(v);
        } else {
            d = strtod(tmp, NULL);
            n = tt_jv_float_repr(d, buf, cap);
        }
        if (n >= cap)
            return TT_OUT_ERR_ARG;
        rc = (int)n;
        return rc;
    }
    return ts_iso(pytz_init(), tmp, len, buf, cap);
}

int tt_out_timestamp_iso(tt_out_tz *z, const char *raw, size_t len, char *buf, size_t cap)
{
    char tmp[128];
    int64_t fs;
    long fus;
    if (!z || !raw || !buf || cap == 0 || len == 0 || len >= sizeof tmp)
        return TT_OUT_ERR_ARG;
    /* ts_iso() without the copy for the common forms (ts_fast needs no NUL) */
    if (ts_fast(raw, len, &fs, &fus))
        return iso_from_epoch(z, fs, fus, buf, cap);
    memcpy(tmp, raw, len);
    tmp[len] = '\0';
    return ts_iso(z, tmp, len, buf, cap);
}

static tt_jv *ts_value(const tt_timestamp *t, tt_ts_format ts, int *err)
{
    char buf[80];
    int n;
    if (ts == TT_TS_WIRE) {
        char tmp[128];
        if (t->raw.len == 0 || t->raw.len >= sizeof tmp) {
            *err = TT_OUT_ERR_TIME;
            return NULL;
        }
        memcpy(tmp, t->raw.ptr, t->raw.len);
        tmp[t->raw.len] = '\0';
        if (is_int_text(tmp, t->raw.len)) {
            tt_jv *v = tt_jv_int_text(tmp, t->raw.len);
            if (!v)
                v = tt_jv_int((int64_t)strtoll(tmp, NULL, 10));
            return v;
        }
        return tt_jv_double(strtod(tmp, NULL));
    }
    n = tt_out_timestamp(t->raw.ptr, t->raw.len, ts, buf, sizeof buf);
    if (n < 0) {
        *err = n;
        return NULL;
    }
    return tt_jv_string(buf, (size_t)n);
}

int tt_out_assignment_to_jv(const tt_assignment *a, tt_ts_format ts, tt_jv **out)
{
    tt_jv *o;
    int f;
    if (!a || !out)
        return TT_OUT_ERR_ARG;
    *out = NULL;
    o = tt_jv_object();
    if (!o)
        return TT_JV_ERR_NOMEM;
    for (f = 0; f < TT_FIELD_COUNT; f++) {
        const char *name = tt_assignment_field_name((tt_assignment_field)f);
        const tt_str *s = NULL;
        const tt_timestamp *t = NULL;
        tt_jv *v;
        int err = TT_JV_ERR_NOMEM, rc;
        if (!(a->present & TT_FIELD_BIT(f)))
            continue;
        switch ((tt_assignment_field)f) {
        case TT_FIELD_ASSIGNMENT_ID: s = &a->assignment_id; break;
        case TT_FIELD_WORKER_ID: s = &a->worker_id; break;
        case TT_FIELD_HIT_ID: s = &a->hit_id; break;
        case TT_FIELD_ASSIGNMENT_STATUS: s = &a->status; break;
        case TT_FIELD_AUTO_APPROVAL_TIME: t = &a->auto_approval_time; break;
        case TT_FIELD_ACCEPT_TIME: t = &a->accept_time; break;
        case TT_FIELD_SUBMIT_TIME: t = &a->submit_time; break;
        case TT_FIELD_APPROVAL_TIME: t = &a->approval_time; break;
        case TT_FIELD_REJECTION_TIME: t = &a->rejection_time; break;
        case TT_FIELD_DEADLINE: t = &a->deadline; break;
        case TT_FIELD_ANSWER: s = &a->answer; break;
        case TT_FIELD_REQUESTER_FEEDBACK: s = &a->requester_feedback; break;
        default: continue;
        }
        if (s)
            v = tt_jv_string(s->ptr ? s->ptr : "", s->len);
        else
            v = ts_value(t, ts, &err);
        if (!v) {
            tt_jv_free(o);
            return err;
        }
        rc = tt_jv_object_set(o, name, strlen(name), v);
        if (rc != TT_OK) {
            tt_jv_free(o);
            return rc;
        }
    }
    *out = o;
    return TT_OK;
}
