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
}

/* The offsets depend only on TZ and the current year: computed once and
 * reused while both stay the same (two localtime_r() per timestamp were a
 * large share of the CLI's CPU time).  Host-only code, single-threaded. */
void tt_out_tz_init(tt_out_tz *z)
{
    pytz_compute(z, time(NULL));
}

static void pytz_init(pytz *z)
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
        (!tz || (n < sizeof cached_tz && memcmp(cached_tz, tz, n + 1) == 0))) {
        *z = cached;
        return;
    }
    pytz_compute(z, now);
    if (n < sizeof cached_tz) {
        cached = *z;
        cached_bucket = now / year;
        if (tz)
            memcpy(cached_tz, tz, n + 1);
        cached_state = state;
    } else {
        cached_state = 0;
    }
}

/* A naive datetime as epoch seconds + microseconds. */
typedef struct naive {
    int64_t s;
    long us;
} naive;

/* dateutil tzlocal._naive_is_dst: time.localtime(total_seconds + timezone). */
static int naive_is_dst(const pytz *z, naive n)
{
    double ts = (double)(n.s * 1000000 + n.us) / 1e6 + (double)z->timezone;
    double f = floor(ts);
    time_t t;
    struct tm tm;
    if (!(f > -9.2e18 && f < 9.2e18))
        return 0;
    t = (time_t)f;
    if (!localtime_r(&t, &tm))
        return 0;
    return tm.tm_isdst > 0;
}

typedef struct tzl {
    pytz z;
    long std_off, dst_off, saved;
    int hasdst;
    int overflow; /* a datetime left Python's range (OverflowError) */
} tzl;

static int naive_in_range(int64_t s);

/* tzlocal.is_ambiguous: computes dt - dst_saved first (may overflow). */
static int tzl_is_ambiguous(tzl *l, naive n)
{
    naive m = n;
    int nd;
    if (l->saved == 0)
        return 0; /* dt - 0 is dt: both _naive_is_dst() calls agree */
    nd = naive_is_dst(&l->z, n);
    if (nd)
        return 0;
    m.s -= l->saved;
    if (!naive_in_range(m.s)) {
        l->overflow = 1;
        return 0;
    }
    return naive_is_dst(&l->z, m) != 0;
}

static int tzl_isdst(tzl *l, naive n, int fold)
{
    if (!l->hasdst)
        return 0;
    if (tzl_is_ambiguous(l, n))
        return !fold;
    return naive_is_dst(&l->z, n);
}

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

/* n (even) decimal digits of v (zero-padded) at p, two at a time; returns
 * p + n. */
static char *put_dec(char *p, long v, int n)
{
    unsigned u = (unsigned)v;
    int i;
    for (i = n - 2; i >= 0; i -= 2) {
        memcpy(p + i, digit_pairs + 2 * (size_t)(u % 100), 2);
        u /= 100;
    }
    return p + n;
}

/* The "YYYY-MM-DDT" of the day last rendered: a listing's timestamps fall
 * on few days, and civil_from_days() was a hot spot.  Host-only code,
 * single-threaded (like pytz_init's cache). */
static int64_t iso_day = INT64_MIN;
static char iso_day_text[11];
/* Likewise the "+HH:MM[:SS]" of the offset last rendered. */
static long iso_off = LONG_MIN;
static char iso_off_text[10];
static size_t iso_off_len;

/* isoformat(): YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM[:SS], written with
 * integer arithmetic (snprintf was a hot spot). */
static int put_iso(naive w, long off, char *buf, size_t cap)
{
    int64_t days = w.s >= 0 ? w.s / 86400 : -((-w.s + 86399) / 86400);
    int64_t sod = w.s - days * 86400, y;
    int mo, d;
    long a = off < 0 ? -off : off;
    char t[48], *p = t;
    size_t n;
    /* glibc offsets are below 100 h */
    if (a / 3600 > 99)
        return TT_OUT_ERR_ARG;
    if (days != iso_day) {
        civil_from_days(days, &y, &mo, &d);
        /* callers keep 1 <= year <= 9999 */
        if (y < 1 || y > 9999)
            return TT_OUT_ERR_ARG;
        p = put_dec(p, (long)y, 4);
        *p++ = '-';
        p = put_dec(p, mo, 2);
        *p++ = '-';
        p = put_dec(p, d, 2);
        *p++ = 'T';
        memcpy(iso_day_text, t, sizeof iso_day_text);
        iso_day = days;
    } else {
        memcpy(p, iso_day_text, sizeof iso_day_text);
        p += sizeof iso_day_text;
    }
    p = put_dec(p, (long)(sod / 3600), 2);
    *p++ = ':';
    p = put_dec(p, (long)((sod / 60) % 60), 2);
    *p++ = ':';
    p = put_dec(p, (long)(sod % 60), 2);
    if (w.us) {
        *p++ = '.';
        p = put_dec(p, w.us, 6);
    }
    if (off != iso_off) {
        char *q = iso_off_text;
        *q++ = off < 0 ? '-' : '+';
        q = put_dec(q, a / 3600, 2);
        *q++ = ':';
        q = put_dec(q, (a / 60) % 60, 2);
        if (a % 60) {
            *q++ = ':';
            q = put_dec(q, a % 60, 2);
        }
        iso_off_len = (size_t)(q - iso_off_text);
        iso_off = off;
    }
    memcpy(p, iso_off_text, iso_off_len);
    p += iso_off_len;
    n = (size_t)(p - t);
    if (n >= cap)
        return TT_OUT_ERR_ARG;
    memcpy(buf, t, n);
    buf[n] = '\0';
    return (int)n;
}

static int iso_from_epoch(const pytz *z, int64_t secs, long us, char *buf, size_t cap)
{
    tzl l;
    naive u, w;
    int fold = 0;
    long off;
    if (!z->daylight || z->altzone == z->timezone) {
        /* one offset all year (UTC, most servers): the steps below reduce
         * to this, with no localtime() */
        if (!naive_in_range(secs) || !naive_in_range(secs - z->timezone))
            return TT_OUT_ERR_TIME;
        u.s = secs - z->timezone;
        u.us = us;
        return put_iso(u, -z->timezone, buf, cap);
    }
    l.z = *z;
    l.std_off = -l.z.timezone;
    l.dst_off = l.z.daylight ? -l.z.altzone : l.std_off;
    l.saved = l.dst_off - l.std_off;
    l.hasdst = l.saved != 0;
    l.overflow = 0;
    if (!naive_in_range(secs))
        return TT_OUT_ERR_TIME;
    u.s = secs;
    u.us = us;
    /* _fromutc: dt + (utcoffset - dst) = dt + std, then + dst(enfold(dt, 1)). */
    (void)tzl_isdst(&l, u, 0); /* dt.utcoffset() / dt.dst() (may overflow) */
    w = u;
    w.s += l.std_off;
    if (!naive_in_range(w.s))
        return TT_OUT_ERR_TIME;
    if (tzl_isdst(&l, w, 1))
        w.s += l.saved;
    if (l.overflow || !naive_in_range(w.s))
        return TT_OUT_ERR_TIME;
    /* _fold_status */
    if (tzl_is_ambiguous(&l, w))
        fold = (w.s - u.s) == l.std_off;
    off = tzl_isdst(&l, w, fold) ? l.dst_off : l.std_off;
    if (l.overflow || !naive_in_range(w.s))
        return TT_OUT_ERR_TIME;
    return put_iso(w, off, buf, cap);
}

/* Wire numbers without strtod(): "-123" (Python int, at most 18 digits),
 * and floats such as "123.456", "1.23456E9" or "1.2e+9" that are >= 0,
 * below 2^31 and a whole number of microseconds.  For those the double's
 * error is below 0.12 us, so CPython's rounding of the double gives exactly
 * the written value.  Anything else returns 0 (the caller uses strtod). */
static int ts_fast(const char *s, size_t n, int64_t *secs, long *us)
{
    size_t i = 0, nd = 0;
    int neg = 0, is_float = 0, e10 = 0;
    int64_t m = 0;
    if (i < n && s[i] == '-') {
        neg = 1;
        i++;
    }
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++)
        m = m * 10 + (s[i] - '0');
    if (nd == 0 || nd > 18)
        return 0;
    if (i == n) {
        *secs = neg ? -m : m;
        *us = 0;
        return 1;
    }
    if (s[i] == '.') {
        size_t nf = 0;
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, nf++, nd++)
            m = m * 10 + (s[i] - '0');
        if (nf == 0 || nd > 18)
            return 0;
        e10 = -(int)nf;
        is_float = 1;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0, ev = 0;
        size_t ne = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        for (; i < n && s[i] >= '0' && s[i] <= '9' && ne < 4; i++, ne++)
            ev = ev * 10 + (s[i] - '0');
        if (ne == 0)
            return 0;
        e10 += eneg ? -ev : ev;
        is_float = 1;
    }
    if (i != n || !is_float || neg)
        return 0;
    while (e10 < -6 && m % 10 == 0 && m) {
        m /= 10;
        e10++;
    }
    if (m == 0)
        e10 = 0;
    if (e10 < -6)
        return 0;
    /* m * 10^(e10 + 6) microseconds, below 2^31 s */
    for (e10 += 6; e10 > 0; e10--) {
        if (m >= INT64_C(2147483648000000))
            return 0;
        m *= 10;
    }
    if (m >= INT64_C(2147483648000000))
        return 0;
    *secs = m / 1000000;
    *us = (long)(m % 1000000);
    return 1;
}

/* isoformat() of the wire number tmp (NUL-terminated, len bytes). */
static int ts_iso(const pytz *z, const char *tmp, size_t len, char *buf, size_t cap)
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
    {
        pytz z;
        pytz_init(&z);
        return ts_iso(&z, tmp, len, buf, cap);
    }
}

int tt_out_timestamp_iso(const tt_out_tz *z, const char *raw, size_t len, char *buf, size_t cap)
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
