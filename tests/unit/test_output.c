/*
 * test_output.c - the host output layer (boards/linux/tt_output.h):
 * timestamp rendering against Python-generated expectations
 * (tests/golden/ts_vectors.txt, from tests/tools/gen_ts_vectors.py), each
 * format on small inputs, display widths.  The byte-for-byte comparison
 * with the AWS CLI itself is tests/integration/test_output_golden.py.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tt_jmespath.h"
#include "tt_jv.h"
#include "tt_out_int.h"
#include "tt_output.h"
#include "tt_test.h"

static void test_ts_vectors(void)
{
    FILE *f = fopen("tests/golden/ts_vectors.txt", "r");
    char line[512], cur_tz[64] = "";
    unsigned n = 0, bad = 0;
    TT_CHECK(f != NULL);
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        char *tz = strtok(line, "\t"), *raw = strtok(NULL, "\t"), *iso = strtok(NULL, "\t"),
             *wire = strtok(NULL, "\t\n");
        char buf[80];
        int r;
        if (!tz || !raw || !iso || !wire)
            continue;
        if (strcmp(tz, cur_tz) != 0) {
            snprintf(cur_tz, sizeof cur_tz, "%s", tz);
            setenv("TZ", tz, 1);
            tzset();
        }
        r = tt_out_timestamp(raw, strlen(raw), TT_TS_ISO8601, buf, sizeof buf);
        if (strcmp(iso, "ERROR") == 0) {
            if (r >= 0) {
                bad++;
                printf("  %s %s: want error, got %s\n", tz, raw, buf);
            }
        } else if (r < 0 || strcmp(buf, iso) != 0) {
            bad++;
            if (bad < 20)
                printf("  %s %s: got %s want %s\n", tz, raw, r < 0 ? "(error)" : buf, iso);
        }
        r = tt_out_timestamp(raw, strlen(raw), TT_TS_WIRE, buf, sizeof buf);
        if (r < 0 || strcmp(buf, wire) != 0) {
            bad++;
            if (bad < 20)
                printf("  wire %s: got %s want %s\n", raw, r < 0 ? "(error)" : buf, wire);
        }
        n++;
    }
    fclose(f);
    TT_CHECK(n > 1000);
    TT_CHECK_EQ_INT(bad, 0);
    setenv("TZ", "UTC", 1);
    tzset();
}

/* One timestamp through a cached and an uncached tt_out_tz: same result. */
static unsigned ts_cache_one(tt_out_tz *c, tt_out_tz *u, const char *tz, long long t, int us)
{
    char raw[40], a[80], b[80];
    int ra, rb;
    if (us)
        snprintf(raw, sizeof raw, "%lld.%06d", t, us);
    else
        snprintf(raw, sizeof raw, "%lld", t);
    ra = tt_out_timestamp_iso(c, raw, strlen(raw), a, sizeof a);
    rb = tt_out_timestamp_iso(u, raw, strlen(raw), b, sizeof b);
    if (ra != rb || (ra >= 0 && strcmp(a, b) != 0)) {
        printf("  %s %s: cached %s, uncached %s\n", tz, raw, ra < 0 ? "(error)" : a,
               rb < 0 ? "(error)" : b);
        return 1;
    }
    return 0;
}

static int tm_isdst_of(long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    return localtime_r(&tt, &tm) ? tm.tm_isdst > 0 : -1;
}

/* The tm_isdst cache of tt_out_tz (15-minute spans) against localtime_r()
 * every time: the years 1920 (Amsterdam's DST changed at odd seconds, in a
 * span's middle) and 2024 every 14407 s and every second within 1000 s of each
 * change of tm_isdst found, and a random walk 1880..2040 (cache collisions). */
static void test_ts_dst_cache(void)
{
    /* the POSIX zone changes at 01:40:28 UTC, in a span's middle, whatever
     * the installed tzdata has for 1920s Amsterdam */
    static const char *zones[] = {"America/New_York", "Europe/Dublin", "Australia/Lord_Howe",
                                  "Pacific/Chatham", "America/St_Johns", "Africa/Casablanca",
                                  "Europe/Amsterdam", "AMT-0:19:32NST-1:19:32,M3.5.0/2,M10.5.0/3",
                                  "UTC"};
    static const long long years[] = {-1577923200LL, 1704067200LL}; /* 1920, 2024 */
    static tt_out_tz c, u;
    unsigned bad = 0, n = 0, changes = 0;
    size_t zi, yi;
    for (zi = 0; zi < sizeof zones / sizeof zones[0]; zi++) {
        unsigned long long x = 12345;
        long long t;
        int i;
        setenv("TZ", zones[zi], 1);
        tzset();
        tt_out_tz_init(&c);
        tt_out_tz_init(&u);
        u.nocache = 1;
        for (yi = 0; yi < 2; yi++) {
            int prev = -2;
            for (t = years[yi]; t < years[yi] + 366LL * 86400; t += 14407, n++) {
                int d = tm_isdst_of(t);
                bad += ts_cache_one(&c, &u, zones[zi], t, (int)(t % 3) * 250000);
                if (prev != -2 && d != prev) { /* every second around the change */
                    long long lo = t - 14407, hi = t, s;
                    while (hi - lo > 1) { /* tm_isdst(lo) == prev != tm_isdst(hi) */
                        long long mid = lo + (hi - lo) / 2;
                        if (tm_isdst_of(mid) == prev)
                            lo = mid;
                        else
                            hi = mid;
                    }
                    changes++;
                    for (s = hi - 1000; s <= hi + 1000; s++, n++)
                        bad += ts_cache_one(&c, &u, zones[zi], s, s & 1 ? 500000 : 0);
                }
                prev = d;
            }
        }
        for (i = 0; i < 2000; i++, n++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            t = -2840140800LL + (long long)((x >> 20) % 5049964800ULL);
            bad += ts_cache_one(&c, &u, zones[zi], t, (int)((x >> 8) % 1000000));
        }
    }
    TT_CHECK(changes >= 16);
    TT_CHECK(n > 50000);
    TT_CHECK_EQ_INT(bad, 0);
    setenv("TZ", "UTC", 1);
    tzset();
}

/* Wire numbers longer than the fast parser takes (more than 18 digits: its
 * accumulator must not overflow, UBSan checks) go the strtod way; the
 * expectations are Python's (TZ=UTC). */
static void test_ts_long_digits(void)
{
    char buf[80];
    const char *f = "1700000000.1234567890123456789", *i = "100000000000000000000000000000";
    int r = tt_out_timestamp(f, strlen(f), TT_TS_ISO8601, buf, sizeof buf);
    TT_CHECK(r > 0 && strcmp(buf, "2023-11-14T22:13:20.123457+00:00") == 0);
    r = tt_out_timestamp(i, strlen(i), TT_TS_ISO8601, buf, sizeof buf);
    TT_CHECK(r < 0); /* OverflowError */
}

static tt_jv *parse(const char *s)
{
    tt_jv *v = NULL;
    char err[128];
    if (tt_jv_parse(s, strlen(s), &v, err, sizeof err) != TT_OK)
        printf("  parse error: %s\n", err);
    return v;
}

/* Format JSON text `in` with format f into a malloc'ed string. */
static char *fmt(const char *in, tt_out_format f, int width)
{
    tt_jv *v = parse(in);
    char *p = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&p, &n);
    if (!m) {
        tt_jv_free(v);
        return NULL;
    }
    if (tt_out_write_value(v, f, NULL, 0, width, m) != TT_OK)
        printf("  write_value failed\n");
    fclose(m);
    tt_jv_free(v);
    return p;
}

#define CHECK_FMT(in, f, w, want)                                                        \
    do {                                                                                 \
        char *got_ = fmt((in), (f), (w));                                                \
        TT_CHECK_EQ_STR(got_ ? got_ : "", (want));                                       \
        free(got_);                                                                      \
    } while (0)

static void test_text(void)
{
    CHECK_FMT("{\"Assignments\":[{\"B\":\"x\",\"A\":1},{\"C\":null,\"A\":2}]}", TT_OUT_TEXT, 80,
              "ASSIGNMENTS\t1\tx\t\nASSIGNMENTS\t2\t\tNone\n");
    CHECK_FMT("[\"a\",\"b\",3]", TT_OUT_TEXT, 80, "a\tb\t3\n");
    CHECK_FMT("null", TT_OUT_TEXT, 80, "None\n");
    CHECK_FMT("{\"NextToken\":\"t\",\"NumResults\":2,\"Assignments\":[]}", TT_OUT_TEXT, 80,
              "t\t2\n");
    CHECK_FMT("[[\"a\",\"b\"],[\"c\"]]", TT_OUT_TEXT, 80, "a\tb\nc\n");
    CHECK_FMT("{\"NextToken\":{\"NextToken\":\"tok\"}}", TT_OUT_TEXT, 80, "NEXTTOKEN\ttok\n");
    CHECK_FMT("1.5", TT_OUT_TEXT, 80, "1.5\n");
    CHECK_FMT("true", TT_OUT_TEXT, 80, "True\n");
}

static void test_json(void)
{
    CHECK_FMT("{\"a\":\"\\u00e9\\n\",\"b\":[]}", TT_OUT_JSON, 80,
              "{\n    \"a\": \"\xc3\xa9\\n\",\n    \"b\": []\n}\n");
    CHECK_FMT("{}", TT_OUT_JSON, 80, "");
    CHECK_FMT("null", TT_OUT_JSON, 80, "null\n");
}

static void test_yaml(void)
{
    CHECK_FMT("{\"K\":\"yes\"}", TT_OUT_YAML, 80, "K: yes\n");
    CHECK_FMT("{\"K\":\"123\"}", TT_OUT_YAML, 80, "K: '123'\n");
    CHECK_FMT("{\"K\":\"2023-11-14T22:13:20+00:00\"}", TT_OUT_YAML, 80,
              "K: '2023-11-14T22:13:20+00:00'\n");
    CHECK_FMT("{\"K\":\"a\\tb\"}", TT_OUT_YAML, 80, "K: \"a\\tb\"\n");
    CHECK_FMT("{\"K\":\"\\ud83d\\ude00x\"}", TT_OUT_YAML, 80, "K: \"\\U0001F600x\"\n");
    CHECK_FMT("{\"K\":\"a\\nb\"}", TT_OUT_YAML, 80, "K: 'a\n\n  b'\n");
    CHECK_FMT("{\"K\":\"\"}", TT_OUT_YAML, 80, "K: ''\n");
    CHECK_FMT("{\"K\":\"a: b\"}", TT_OUT_YAML, 80, "K: 'a: b'\n");
    CHECK_FMT("{\"K\":\"it's\"}", TT_OUT_YAML, 80, "K: it's\n");
    CHECK_FMT("{\"K\":\"'q' x\"}", TT_OUT_YAML, 80, "K: '''q'' x'\n");
    CHECK_FMT("{\"A\":[{\"B\":1,\"C\":null,\"D\":[1,2]}],\"E\":[],\"F\":{},\"G\":1.5,\"H\":true}",
              TT_OUT_YAML, 80,
              "A:\n- B: 1\n  C: null\n  D:\n  - 1\n  - 2\nE: []\nF: {}\nG: 1.5\nH: true\n");
    CHECK_FMT("[[1,2],[]]", TT_OUT_YAML, 80, "- - 1\n  - 2\n- []\n");
    CHECK_FMT("\"s\"", TT_OUT_YAML, 80, "\"s\"\n");
    CHECK_FMT("{\"K\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy zzzzzzzzzz\"}",
              TT_OUT_YAML, 80,
              "K: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n  zzzzzzzzzz\n");
}

static void test_table(void)
{
    CHECK_FMT("{\"Assignments\":[{\"A\":\"x\",\"B\":\"y\"},{\"A\":\"zz\"}]}", TT_OUT_TABLE, 80,
              "-----------------------\n"
              "|ListAssignmentsForHIT|\n"
              "+---------------------+\n"
              "||    Assignments    ||\n"
              "|+---------+---------+|\n"
              "||    A    |    B    ||\n"
              "|+---------+---------+|\n"
              "||  x      |  y      ||\n"
              "||  zz     |         ||\n"
              "|+---------+---------+|\n");
    CHECK_FMT("5", TT_OUT_TABLE, 80,
              "-----------------------\n"
              "|ListAssignmentsForHIT|\n"
              "+---------------------+\n");
    CHECK_FMT("null", TT_OUT_TABLE, 80, "");
}

static void test_width(void)
{
    TT_CHECK_EQ_INT(tt_out_display_width("abc", 3), 3);
    TT_CHECK_EQ_INT(tt_out_display_width("\xe6\x97\xa5", 3), 2);      /* 日 W */
    TT_CHECK_EQ_INT(tt_out_display_width("\xe2\x80\x93", 3), 2);      /* – A */
    TT_CHECK_EQ_INT(tt_out_display_width("\xc3\xa9", 2), 2);          /* é A */
    TT_CHECK_EQ_INT(tt_out_display_width("\xef\xbc\xa1", 3), 2);      /* Ａ F */
    TT_CHECK_EQ_INT(tt_out_display_width("\xf0\x9f\x98\x80", 4), 2);  /* 😀 W */
    TT_CHECK_EQ_INT(tt_out_display_width("\xef\xbd\xb1", 3), 1);      /* ｱ H */
}

static int fill(tt_assignment *a, const char *id, const char *ts)
{
    memset(a, 0, sizeof *a);
    a->assignment_id = tt_str_c(id);
    a->accept_time.raw = tt_str_c(ts);
    a->present = TT_FIELD_BIT(TT_FIELD_ASSIGNMENT_ID) | TT_FIELD_BIT(TT_FIELD_ACCEPT_TIME);
    return 0;
}

/* Drive a whole listing through the streaming API into a memstream. */
static char *drive(tt_out_format f, int paginated, const char *query, int fail)
{
    tt_out_opts oo;
    tt_out *o = NULL;
    tt_jmespath *q = NULL;
    tt_assignment a;
    tt_page_info pi;
    char *p = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&p, &n);
    tt_out_opts_defaults(&oo);
    oo.format = f;
    oo.paginated = paginated;
    oo.out = m;
    if (query) {
        TT_CHECK(tt_jmespath_compile(query, strlen(query), &q, NULL) == TT_OK);
        oo.query = q;
    }
    TT_CHECK(tt_out_new(&oo, &o) == TT_OK);
    fill(&a, "A1", "1700000000");
    TT_CHECK(tt_out_assignment(o, &a) == TT_OK);
    memset(&pi, 0, sizeof pi);
    pi.next_token = tt_str_c("NT");
    pi.has_num_results = 1;
    pi.num_results = 1;
    TT_CHECK(tt_out_page_end(o, &pi) == TT_OK);
    if (!fail) {
        fill(&a, "A2", "1.7E9");
        TT_CHECK(tt_out_assignment(o, &a) == TT_OK);
        pi.page = 1;
        pi.next_token.ptr = NULL;
        TT_CHECK(tt_out_page_end(o, &pi) == TT_OK);
        TT_CHECK(tt_out_finish(o) == TT_OK);
    }
    tt_out_free(o);
    tt_jmespath_free(q);
    fclose(m);
    return p;
}

static void test_stream(void)
{
    char *s;
    s = drive(TT_OUT_JSON, 1, NULL, 0);
    TT_CHECK_EQ_STR(s, "{\n    \"Assignments\": [\n        {\n            \"AssignmentId\": \"A1\",\n"
                       "            \"AcceptTime\": \"2023-11-14T22:13:20+00:00\"\n        },\n"
                       "        {\n            \"AssignmentId\": \"A2\",\n"
                       "            \"AcceptTime\": \"2023-11-14T22:13:20+00:00\"\n        }\n"
                       "    ]\n}\n");
    free(s);
    s = drive(TT_OUT_JSON, 1, NULL, 1); /* failure: nothing printed */
    TT_CHECK_EQ_STR(s, "");
    free(s);
    s = drive(TT_OUT_YAML, 1, NULL, 1);
    TT_CHECK_EQ_STR(s, "");
    free(s);
    s = drive(TT_OUT_TEXT, 1, NULL, 1); /* failure: first page already out */
    TT_CHECK_EQ_STR(s, "ASSIGNMENTS\t2023-11-14T22:13:20+00:00\tA1\n");
    free(s);
    s = drive(TT_OUT_YAML, 1, NULL, 0);
    TT_CHECK_EQ_STR(s, "Assignments:\n- AcceptTime: '2023-11-14T22:13:20+00:00'\n  AssignmentId: A1\n"
                       "- AcceptTime: '2023-11-14T22:13:20+00:00'\n  AssignmentId: A2\n");
    free(s);
    s = drive(TT_OUT_YAML_STREAM, 1, "NumResults", 0);
    TT_CHECK_EQ_STR(s, "- 1\n- 1\n");
    free(s);
    s = drive(TT_OUT_TEXT, 1, "length(Assignments)", 0);
    TT_CHECK_EQ_STR(s, "1\n1\n");
    free(s);
    s = drive(TT_OUT_JSONL, 1, NULL, 0);
    TT_CHECK_EQ_STR(s, "{\"AssignmentId\":\"A1\",\"AcceptTime\":\"2023-11-14T22:13:20+00:00\"}\n"
                       "{\"AssignmentId\":\"A2\",\"AcceptTime\":\"2023-11-14T22:13:20+00:00\"}\n");
    free(s);
    s = drive(TT_OUT_JSONL, 1, "AssignmentId", 0);
    TT_CHECK_EQ_STR(s, "\"A1\"\n\"A2\"\n");
    free(s);
    s = drive(TT_OUT_JSON, 1, "Assignments[].AssignmentId", 0);
    TT_CHECK_EQ_STR(s, "[\n    \"A1\",\n    \"A2\"\n]\n");
    free(s);
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    test_ts_vectors();
    test_ts_dst_cache();
    test_ts_long_digits();
    test_text();
    test_json();
    test_yaml();
    test_table();
    test_width();
    test_stream();
    return tt_test_summary();
}
