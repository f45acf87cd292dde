/* Streaming page decoder: grammar, decoding, splits, memory, skip, abort. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_assignment.h"
#include "tt_json.h"
#include "tt_page.h"
#include "tt_test.h"

/* NumResults is decoded only with TT_CLI_PAGING (without it, as on the
 * kiosk, it is type-checked only and reported absent: tt_page.h). */
#define NR(v) (TT_CLI_PAGING ? (v) : 0)

/* ---- helpers ------------------------------------------------------------ */

#define TRACE_MAX (1u << 16)

struct rec {
    char trace[TRACE_MAX]; /* one line per callback */
    size_t tlen;
    size_t calls;
    size_t abort_at;       /* index whose callback fails (SIZE_MAX = never) */
    int abort_rc;
    tt_arena *arena;       /* to check the callback may use scratch */
    size_t max_answer;     /* longest Answer seen */
};

static void tr_puts(struct rec *r, const char *s, size_t n)
{
    if (n > TRACE_MAX - 1 - r->tlen)
        n = TRACE_MAX - 1 - r->tlen;
    memcpy(r->trace + r->tlen, s, n);
    r->tlen += n;
    r->trace[r->tlen] = '\0';
}

static void tr_fmt(struct rec *r, const char *fmt, long long v)
{
    char b[64];
    int n = snprintf(b, sizeof b, fmt, v);
    tr_puts(r, b, (size_t)n);
}

/* Print a string value: short ones hex-escaped, long ones as length+hash. */
static void tr_str(struct rec *r, const char *name, tt_str s)
{
    char b[8];
    size_t i;
    uint32_t h = 2166136261u;
    tr_puts(r, " ", 1);
    tr_puts(r, name, strlen(name));
    tr_puts(r, "=", 1);
    if (s.len > 64) {
        for (i = 0; i < s.len; i++)
            h = (h ^ (unsigned char)s.ptr[i]) * 16777619u;
        tr_fmt(r, "<%lld:", (long long)s.len);
        tr_fmt(r, "%llx>", (long long)h);
        return;
    }
    for (i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c >= 0x21 && c < 0x7f && c != '\\') {
            tr_puts(r, (const char *)&s.ptr[i], 1);
        } else {
            snprintf(b, sizeof b, "\\%02x", c);
            tr_puts(r, b, 3);
        }
    }
}

static int rec_cb(void *ctx, const tt_assignment *a, size_t index)
{
    struct rec *r = (struct rec *)ctx;
    const tt_timestamp *ts[6];
    unsigned f;

    ts[0] = &a->auto_approval_time;
    ts[1] = &a->accept_time;
    ts[2] = &a->submit_time;
    ts[3] = &a->approval_time;
    ts[4] = &a->rejection_time;
    ts[5] = &a->deadline;
    r->calls++;
    tr_fmt(r, "#%lld", (long long)index);
    tr_fmt(r, " p=%llx", (long long)a->present);
    if (a->present & TT_FIELD_BIT(TT_FIELD_ASSIGNMENT_ID))
        tr_str(r, "id", a->assignment_id);
    if (a->present & TT_FIELD_BIT(TT_FIELD_WORKER_ID))
        tr_str(r, "w", a->worker_id);
    if (a->present & TT_FIELD_BIT(TT_FIELD_HIT_ID))
        tr_str(r, "h", a->hit_id);
    if (a->present & TT_FIELD_BIT(TT_FIELD_ASSIGNMENT_STATUS)) {
        tr_str(r, "st", a->status);
        tr_fmt(r, "/%lld", (long long)a->status_code);
    }
    for (f = TT_FIELD_AUTO_APPROVAL_TIME; f <= TT_FIELD_DEADLINE; f++) {
        if (a->present & TT_FIELD_BIT(f)) {
            tr_fmt(r, " t%lld=", (long long)f);
            tr_fmt(r, "%lld", (long long)ts[f - TT_FIELD_AUTO_APPROVAL_TIME]->ms);
            tr_str(r, "raw", ts[f - TT_FIELD_AUTO_APPROVAL_TIME]->raw);
        }
    }
    if (a->present & TT_FIELD_BIT(TT_FIELD_ANSWER)) {
        tr_str(r, "ans", a->answer);
        if (a->answer.len > r->max_answer)
            r->max_answer = a->answer.len;
    }
    if (a->present & TT_FIELD_BIT(TT_FIELD_REQUESTER_FEEDBACK))
        tr_str(r, "fb", a->requester_feedback);
    tr_puts(r, "\n", 1);
    if (r->arena) { /* scratch use inside the callback is allowed */
        void *p;
        if (tt_arena_alloc(r->arena, 16, 1, &p) == TT_OK)
            memset(p, 0xAA, 16);
    }
    if (index == r->abort_at)
        return r->abort_rc;
    return 0;
}

struct result {
    int rc;          /* first error from feed, else finish */
    size_t count;
    char nt[TT_MAX_NEXT_TOKEN + 1];
    size_t nt_len;
    int nt_null;
    int has_nr;
    int64_t nr;
    size_t high_water;
    size_t needed;
};

static unsigned char g_arena_buf[1u << 20];

/* Decode `doc` split into chunks: mode 0 whole, 1 byte by byte, 2+ random
 * splits seeded with `mode`. */
static void run(const char *doc, size_t len, size_t cap, uint32_t mask, size_t skip, int mode,
                struct rec *r, struct result *res)
{
    tt_page_decoder d;
    tt_arena a;
    size_t i = 0, n;
    uint32_t seed = (uint32_t)mode * 2654435761u + 1u;
    int rc = TT_OK;
    tt_str nt;

    memset(r->trace, 0, 8);
    r->tlen = 0;
    r->calls = 0;
    r->max_answer = 0;
    tt_arena_init(&a, cap ? g_arena_buf : NULL, cap);
    r->arena = NULL;
    TT_CHECK_EQ_INT(tt_page_init(&d, &a, mask, skip, rec_cb, r), TT_OK);
    while (i < len && rc == TT_OK) {
        if (mode == 0)
            n = len;
        else if (mode == 1)
            n = 1;
        else {
            seed = seed * 1103515245u + 12345u;
            n = 1 + (seed >> 16) % 37u;
        }
        if (n > len - i)
            n = len - i;
        rc = tt_page_feed(&d, doc + i, n);
        i += n;
    }
    if (rc == TT_OK)
        rc = tt_page_finish(&d);
    else
        TT_CHECK_EQ_INT(tt_page_finish(&d), rc); /* sticky */
    TT_CHECK_EQ_INT(tt_page_status(&d), rc);
    res->rc = rc;
    res->count = tt_page_count(&d);
    nt = tt_page_next_token(&d);
    res->nt_null = nt.ptr == NULL;
    res->nt_len = nt.len;
    if (nt.len)
        memcpy(res->nt, nt.ptr, nt.len);
    res->nt[nt.len] = '\0';
    res->has_nr = tt_page_has_num_results(&d);
    res->nr = tt_page_num_results(&d);
    res->high_water = a.high_water;
    res->needed = a.needed;
    TT_CHECK_EQ_INT(a.used, 0); /* everything released */
}

static struct rec g_r1, g_r2;

/* Decode whole, byte by byte and in random splits; all must agree.
 * Leaves the whole-feed trace in g_r1. */
static int decode_all(const char *doc, uint32_t mask, size_t skip, struct result *res)
{
    struct result o;
    size_t len = strlen(doc);
    int mode;

    run(doc, len, sizeof g_arena_buf, mask, skip, 0, &g_r1, res);
    for (mode = 1; mode < 5; mode++) {
        run(doc, len, sizeof g_arena_buf, mask, skip, mode, &g_r2, &o);
        TT_CHECK_EQ_INT(o.rc, res->rc);
        TT_CHECK_EQ_INT(o.count, res->count);
        TT_CHECK_EQ_MEM(g_r2.trace, g_r2.tlen, g_r1.trace, g_r1.tlen);
        TT_CHECK_EQ_MEM(o.nt, o.nt_len, res->nt, res->nt_len);
        TT_CHECK_EQ_INT(o.nr, res->nr);
        TT_CHECK_EQ_INT(o.high_water, res->high_water);
    }
    return res->rc;
}

static int decode_rc(const char *doc)
{
    struct result res;
    return decode_all(doc, TT_FIELDS_ALL, 0, &res);
}

/* ---- tests -------------------------------------------------------------- */

static const char *const k_full =
    "{\"NextToken\":\"tok/1+=\",\"NumResults\":2,\"Assignments\":["
    "{\"AssignmentId\":\"A1\",\"WorkerId\":\"AW1\",\"HITId\":\"H1\","
    "\"AssignmentStatus\":\"Submitted\",\"AutoApprovalTime\":1700000000,"
    "\"AcceptTime\":1700000000.123,\"SubmitTime\":1.7000000005E9,"
    "\"ApprovalTime\":17E8,\"RejectionTime\":1700000000.9999996,\"Deadline\":-1.5,"
    "\"Answer\":\"<a>\\u2713\\n</a>\",\"RequesterFeedback\":\"ok\"},"
    "{\"AssignmentId\":\"A2\",\"AssignmentStatus\":\"Approved\",\"Answer\":null}"
    "]}";

static void test_full_page(void)
{
    struct result res;
    const char *want =
        "#0 p=fff id=A1 w=AW1 h=H1 st=Submitted/1"
        " t4=1700000000000 raw=1700000000"
        " t5=1700000000123 raw=1700000000.123"
        " t6=1700000000500 raw=1.7000000005E9"
        " t7=1700000000000 raw=17E8"
        " t8=1700000000999 raw=1700000000.9999996"
        " t9=-1500 raw=-1.5"
        " ans=<a>\\e2\\9c\\93\\0a</a> fb=ok\n"
        "#1 p=9 id=A2 st=Approved/2\n";

    TT_CHECK_EQ_INT(decode_all(k_full, TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, want);
    TT_CHECK_EQ_INT(res.count, 2);
    TT_CHECK_EQ_STR(res.nt, "tok/1+=");
    TT_CHECK_EQ_INT(res.has_nr, NR(1));
    TT_CHECK_EQ_INT(res.nr, NR(2));
}

/* Every proper prefix of a valid page is unfinished, never an error. */
static void test_prefixes_truncated(void)
{
    size_t len = strlen(k_full), n;
    struct result res;
    int bad = 0;

    for (n = 0; n < len; n++) {
        run(k_full, n, sizeof g_arena_buf, TT_FIELDS_ALL, 0, 0, &g_r2, &res);
        if (res.rc != TT_ERR_JSON_TRUNCATED)
            bad++;
    }
    TT_CHECK_EQ_INT(bad, 0);
}

static void test_status_codes(void)
{
    struct result res;
    decode_all("{\"Assignments\":[{\"AssignmentStatus\":\"Rejected\"},"
               "{\"AssignmentStatus\":\"Pending\"},{\"AssignmentStatus\":\"\"}]}",
               TT_FIELDS_ALL, 0, &res);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=8 st=Rejected/3\n#1 p=8 st=Pending/0\n#2 p=8 st=/0\n");
    decode_all("{\"Assignments\":[{\"AssignmentStatus\":\"Submittex\"},"
               "{\"AssignmentStatus\":\"Approvex\"},{\"AssignmentStatus\":\"Rejectex\"},"
               "{\"AssignmentStatus\":\"submitted\"}]}",
               TT_FIELDS_ALL, 0, &res);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=8 st=Submittex/0\n#1 p=8 st=Approvex/0\n"
                                "#2 p=8 st=Rejectex/0\n#3 p=8 st=submitted/0\n");
    /* the other names the decoder knows are no statuses (one table holds
     * them all, tt_assignment_key_index()) */
    decode_all("{\"Assignments\":[{\"AssignmentStatus\":\"Submitted\"},"
               "{\"AssignmentStatus\":\"Approved\"},{\"AssignmentStatus\":\"Assignments\"},"
               "{\"AssignmentStatus\":\"NumResults\"},{\"AssignmentStatus\":\"AssignmentId\"},"
               "{\"AssignmentStatus\":\"RequesterFeedback\"}]}",
               TT_FIELDS_ALL, 0, &res);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=8 st=Submitted/1\n#1 p=8 st=Approved/2\n"
                                "#2 p=8 st=Assignments/0\n#3 p=8 st=NumResults/0\n"
                                "#4 p=8 st=AssignmentId/0\n#5 p=8 st=RequesterFeedback/0\n");
    /* ... and top-level keys are no members, nor members top-level keys,
     * nor statuses keys */
    TT_CHECK_EQ_INT(decode_all("{\"AssignmentId\":\"x\",\"Submitted\":1,\"Assignments\":["
                               "{\"NextToken\":\"t\",\"NumResults\":\"s\",\"Assignments\":7,"
                               "\"Approved\":{},\"WorkerId\":\"W\"}],\"HITId\":[]}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=2 w=W\n");
    TT_CHECK_EQ_INT(res.has_nr, 0);
    TT_CHECK(res.nt_null);
}

/* Documents jsmn (even JSMN_STRICT) accepts but JSON forbids. */
static const char *const k_bad_frag[] = {
    "{\"a\" \"b\"}", "[1 2]", "[1,]", "{\"a\":1,}", "{,}", "[,]", "[,1]", "[tru]", "[01]",
    "[1e]", "[1.]", "[.5]", "[-]", "[+1]", "[nul]", "[True]", "[1e+]", "[0x1]", "[1]]",
    "[}", "{]", "{\"a\"}", "{\"a\":}", "{:1}", "{1:2}", "['a']", "[NaN]", "[Infinity]",
    "[-01]", "[00]", "[1.e5]", "[1,,2]", "{\"a\":1\"b\":2}", "{\"a\"::1}", "[truee]",
    "[nulll]", "[-a]", "[1e5.0]", "[1.2.3]", "[\"a\"\"b\"]", "{\"a\":1 \"b\":2}",
    "[\"\x01\"]", "[\"\x1f\"]", "[\"a\tb\"]", "[\"a\nb\"]", "{\"a\x01\":1}", "[1e--1]",
    "[--1]", "[1-]", "[falsey]", "[f]", "{\"a\":1]", "[1}", "[\"\\x\"]", "[\"\\u12G4\"]",
};

static void test_bad_grammar(void)
{
    static const char *const tmpl[] = {
        "{\"Unknown\":%s}",
        "{\"Unknown\":{\"deep\":[%s]}}",
        "{\"Assignments\":[{\"Foo\":%s}]}",
        "{\"Assignments\":[{\"AssignmentId\":\"A\"},{\"Bar\":[%s],\"HITId\":\"H\"}]}",
        "{\"NextToken\":\"x\",\"Unknown\":%s,\"NumResults\":1}",
    };
    char doc[256];
    size_t i, t;
    int rc, bad = 0;

    for (t = 0; t < sizeof tmpl / sizeof tmpl[0]; t++) {
        for (i = 0; i < sizeof k_bad_frag / sizeof k_bad_frag[0]; i++) {
            snprintf(doc, sizeof doc, tmpl[t], k_bad_frag[i]);
            rc = decode_rc(doc);
            if (rc != TT_ERR_JSON_SYNTAX && rc != TT_ERR_JSON_BAD_ESCAPE) {
                printf("     accepted/odd (%d): %s\n", rc, doc);
                bad++;
            }
        }
    }
    TT_CHECK_EQ_INT(bad, 0);
    /* the same fragments are fine when made valid: sanity of the templates */
    TT_CHECK_EQ_INT(decode_rc("{\"Unknown\":[1,2]}"), TT_OK);
    TT_CHECK_EQ_INT(decode_rc("{\"Assignments\":[{\"Foo\":{\"a\":\"b\"}}]}"), TT_OK);
}

static void test_bad_document_level(void)
{
    TT_CHECK_EQ_INT(decode_rc("{}{}"), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(decode_rc("{} x"), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(decode_rc("{} {"), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(decode_rc("{},"), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(decode_rc("\xEF\xBB\xBF{}"), TT_ERR_JSON_SYNTAX); /* BOM */
    TT_CHECK_EQ_INT(decode_rc("{}\x00"), TT_OK); /* strlen stops at NUL */
    TT_CHECK_EQ_INT(decode_rc(""), TT_ERR_JSON_TRUNCATED);
    TT_CHECK_EQ_INT(decode_rc("   "), TT_ERR_JSON_TRUNCATED);
    TT_CHECK_EQ_INT(decode_rc("{"), TT_ERR_JSON_TRUNCATED);
    TT_CHECK_EQ_INT(decode_rc("{\"Assignments\":[{\"AssignmentId\":\"A"), TT_ERR_JSON_TRUNCATED);
    TT_CHECK_EQ_INT(decode_rc(" \t\r\n{ \"NumResults\" : 0 , \"Assignments\" : [ ] } \n"), TT_OK);
    TT_CHECK_EQ_INT(decode_rc("{}"), TT_OK);
    TT_CHECK_EQ_INT(decode_rc("<html>500</html>"), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(decode_rc("{\x7f}"), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(decode_rc("{\"a\":1}\xC3\xA9"), TT_ERR_JSON_SYNTAX);
    /* top level must be an object */
    TT_CHECK_EQ_INT(decode_rc("[]"), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(decode_rc("\"x\""), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(decode_rc("1"), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(decode_rc("null"), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(decode_rc("true"), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(decode_rc("nul"), TT_ERR_JSON_TRUNCATED);
    TT_CHECK_EQ_INT(decode_rc("x"), TT_ERR_JSON_SYNTAX);
}

static void test_depth(void)
{
    char doc[256];
    size_t i, n = 0;
    /* root object + Unknown value nesting: depth TT_JSON_MAX_DEPTH is fine */
    n += (size_t)snprintf(doc + n, sizeof doc - n, "{\"U\":");
    for (i = 0; i < TT_JSON_MAX_DEPTH - 1; i++)
        doc[n++] = '[';
    for (i = 0; i < TT_JSON_MAX_DEPTH - 1; i++)
        doc[n++] = ']';
    doc[n++] = '}';
    doc[n] = '\0';
    TT_CHECK_EQ_INT(decode_rc(doc), TT_OK);
    n = 0;
    n += (size_t)snprintf(doc + n, sizeof doc - n, "{\"U\":");
    for (i = 0; i < TT_JSON_MAX_DEPTH; i++)
        doc[n++] = '[';
    for (i = 0; i < TT_JSON_MAX_DEPTH; i++)
        doc[n++] = ']';
    doc[n++] = '}';
    doc[n] = '\0';
    TT_CHECK_EQ_INT(decode_rc(doc), TT_ERR_JSON_TOO_DEEP);
    /* objects only: the root counts as one level */
    n = 0;
    for (i = 0; i < TT_JSON_MAX_DEPTH; i++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "{\"k\":");
    n += (size_t)snprintf(doc + n, sizeof doc - n, "{}");
    for (i = 0; i < TT_JSON_MAX_DEPTH; i++)
        doc[n++] = '}';
    doc[n] = '\0';
    TT_CHECK_EQ_INT(decode_rc(doc), TT_ERR_JSON_TOO_DEEP);
    doc[strlen(doc) - 1] = '\0';
    memmove(doc + 0, doc + 5, strlen(doc + 5) + 1); /* one level less */
    TT_CHECK_EQ_INT(decode_rc(doc), TT_OK);
    /* mixed objects and arrays across the 32-bit stack word */
    n = 0;
    n += (size_t)snprintf(doc + n, sizeof doc - n, "{\"U\":");
    for (i = 0; i < TT_JSON_MAX_DEPTH - 1; i++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, i % 2 ? "[" : "{\"k\":");
    doc[n++] = '1';
    for (i = TT_JSON_MAX_DEPTH - 1; i-- > 0;)
        doc[n++] = i % 2 ? ']' : '}';
    doc[n++] = '}';
    doc[n] = '\0';
    TT_CHECK_EQ_INT(decode_rc(doc), TT_OK);
}

/* One Answer string `lit` (JSON text inside quotes) -> decoded hex trace. */
static int answer_of(const char *lit, char *out, size_t cap)
{
    char doc[512];
    struct result res;
    const char *p;
    int rc;

    snprintf(doc, sizeof doc, "{\"Assignments\":[{\"Answer\":\"%s\"}]}", lit);
    rc = decode_all(doc, TT_FIELDS_ALL, 0, &res);
    out[0] = '\0';
    p = strstr(g_r1.trace, "ans=");
    if (rc == TT_OK && p) {
        size_t n = strcspn(p + 4, "\n");
        if (n >= cap)
            n = cap - 1;
        memcpy(out, p + 4, n);
        out[n] = '\0';
    }
    return rc;
}

static void test_escapes(void)
{
    char got[256];

    TT_CHECK_EQ_INT(answer_of("\\\"\\\\\\/\\b\\f\\n\\r\\t", got, sizeof got), TT_OK);
    TT_CHECK_EQ_STR(got, "\"\\5c/\\08\\0c\\0a\\0d\\09");
    TT_CHECK_EQ_INT(answer_of("\\u0041\\u00e9\\u00E9\\u20AC\\uFFFF", got, sizeof got), TT_OK);
    TT_CHECK_EQ_STR(got, "A\\c3\\a9\\c3\\a9\\e2\\82\\ac\\ef\\bf\\bf");
    TT_CHECK_EQ_INT(answer_of("\\u0000x", got, sizeof got), TT_OK);
    TT_CHECK_EQ_STR(got, "\\00x");
    TT_CHECK_EQ_INT(answer_of("\\ud83d\\ude00", got, sizeof got), TT_OK);
    TT_CHECK_EQ_STR(got, "\\f0\\9f\\98\\80");
    TT_CHECK_EQ_INT(answer_of("\\uD800\\uDC00\\uDBFF\\uDFFF", got, sizeof got), TT_OK);
    TT_CHECK_EQ_STR(got, "\\f0\\90\\80\\80\\f4\\8f\\bf\\bf");
    TT_CHECK_EQ_INT(answer_of("\xF1\x80\x80\x80\xF3\xBF\xBF\xBF\xEE\x80\x80", got, sizeof got),
                    TT_OK);
    TT_CHECK_EQ_STR(got, "\\f1\\80\\80\\80\\f3\\bf\\bf\\bf\\ee\\80\\80");
    TT_CHECK_EQ_INT(answer_of("\\ud83d\\uE000", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\u12g4", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\u07FF\\u0800\\uD7FF\\uE000", got, sizeof got), TT_OK);
    TT_CHECK_EQ_STR(got, "\\df\\bf\\e0\\a0\\80\\ed\\9f\\bf\\ee\\80\\80");
    /* raw UTF-8 passes through */
    TT_CHECK_EQ_INT(answer_of("\xC3\xA9\xE2\x9C\x93\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF", got,
                              sizeof got), TT_OK);
    TT_CHECK_EQ_STR(got, "\\c3\\a9\\e2\\9c\\93\\f0\\9f\\98\\80\\f4\\8f\\bf\\bf");
    TT_CHECK_EQ_INT(answer_of("\x7f", got, sizeof got), TT_OK); /* DEL is allowed */
    /* invalid escapes */
    TT_CHECK_EQ_INT(answer_of("\\q", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\U0041", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\x41", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\u12", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\u12G4", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\'", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\ud83d", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\ud83dx", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\ud83d\\n", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\ud83d\\u0041", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\ud83d\\ud83d", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\ude00", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(answer_of("\\uDFFF\\uD800", got, sizeof got), TT_ERR_JSON_BAD_ESCAPE);
    /* invalid UTF-8: overlongs, surrogates, > U+10FFFF, stray/short sequences */
    TT_CHECK_EQ_INT(answer_of("\xC0\x80", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xC1\xBF", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xE0\x80\x80", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xE0\x9F\xBF", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xF0\x80\x80\x80", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xF0\x8F\xBF\xBF", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xED\xA0\x80", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xED\xBF\xBF", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xF4\x90\x80\x80", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xF5\x80\x80\x80", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xFF", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\x80", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xBF", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xC3", got, sizeof got), TT_ERR_JSON_BAD_UTF8); /* then '"' */
    TT_CHECK_EQ_INT(answer_of("\xE2\x9C", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xE2\x9Cx", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(answer_of("\xC3\xA9\xA9", got, sizeof got), TT_ERR_JSON_BAD_UTF8);
    /* in keys and unknown members too */
    TT_CHECK_EQ_INT(decode_rc("{\"\\q\":1}"), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(decode_rc("{\"\\ud800\":1}"), TT_ERR_JSON_BAD_ESCAPE);
    TT_CHECK_EQ_INT(decode_rc("{\"U\":[\"\xC0\xAF\"]}"), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(decode_rc("{\"\xED\xA0\x80\":1}"), TT_ERR_JSON_BAD_UTF8);
    TT_CHECK_EQ_INT(decode_rc("{\"\xC3\xA9\\u00e9\":1}"), TT_OK);
}

static void test_escaped_keys(void)
{
    struct result res;
    TT_CHECK_EQ_INT(decode_all("{\"\\u004EextToken\":\"t\\u00e9\",\"Num\\u0052esults\":7,"
                               "\"Assign\\u006dents\":[{\"Assignment\\u0049d\":\"X\","
                               "\"\\u0048\\u0049\\u0054\\u0049\\u0064\":\"H\","
                               "\"Answer\\u0000\":\"no\",\"Answer \":\"no\"}]}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=5 id=X h=H\n");
    TT_CHECK_EQ_STR(res.nt, "t\xC3\xA9");
    TT_CHECK_EQ_INT(res.nr, NR(7));
    /* a long key that starts like a known one is unknown */
    TT_CHECK_EQ_INT(decode_all("{\"Assignments\":[{\"AssignmentIdAssignmentIdAssignmentId\":"
                               "\"X\",\"Assignmen\":\"Y\"}]}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=0\n");
}

/* Timestamp `num` -> ms, or an error code. */
static int ts_of(const char *num, int64_t *ms)
{
    char doc[512];
    struct result res;
    const char *p;
    int rc;

    snprintf(doc, sizeof doc, "{\"Assignments\":[{\"SubmitTime\":%s}]}", num);
    rc = decode_all(doc, TT_FIELDS_ALL, 0, &res);
    *ms = INT64_MIN;
    p = strstr(g_r1.trace, " t6=");
    if (rc == TT_OK && p) {
        *ms = strtoll(p + 4, NULL, 10);
        /* raw text is kept exactly */
        p = strstr(p, "raw=");
        TT_CHECK(p && strncmp(p + 4, num, strlen(num)) == 0 && p[4 + strlen(num)] == '\n');
    }
    return rc;
}

static void test_timestamps(void)
{
    static const struct {
        const char *num;
        int rc;
        int64_t ms;
    } v[] = {
        {"1700000000", TT_OK, 1700000000000},
        {"1700000000.123", TT_OK, 1700000000123},
        {"1700000000.9999996", TT_OK, 1700000000999},
        {"1700000000.0009", TT_OK, 1700000000000},
        {"1.7E9", TT_OK, 1700000000000},
        {"1.7e9", TT_OK, 1700000000000},
        {"1.7e+9", TT_OK, 1700000000000},
        {"1.7E09", TT_OK, 1700000000000},
        {"1.7000000005E9", TT_OK, 1700000000500},
        {"1.70000000059E9", TT_OK, 1700000000590},
        {"17E8", TT_OK, 1700000000000},
        {"17000000000E-1", TT_OK, 1700000000000},
        {"0.17E10", TT_OK, 1700000000000},
        {"0.00000000000000000000000017E34", TT_OK, 1700000000000},
        {"17000000000000000000000000000e-19", TT_OK, 1700000000000},
        {"1700000000.000000000000000000000000001", TT_OK, 1700000000000},
        {"-1700000000.000000000000000000000000001", TT_OK, -1700000000001},
        {"1700000000.1234567890123456789012345", TT_OK, 1700000000123},
        {"0", TT_OK, 0},
        {"-0", TT_OK, 0},
        {"0.0", TT_OK, 0},
        {"-0.0E5", TT_OK, 0},
        {"0e999999999999999999999", TT_OK, 0},
        {"1", TT_OK, 1000},
        {"-1", TT_OK, -1000},
        {"-1.5", TT_OK, -1500},
        {"-0.0001", TT_OK, -1},
        {"-0.001", TT_OK, -1},
        {"-0.0011", TT_OK, -2},
        {"1E-3", TT_OK, 1},
        {"1E-4", TT_OK, 0},
        {"-1E-4", TT_OK, -1},
        {"1e-300", TT_OK, 0},
        {"-1e-300", TT_OK, -1},
        {"1E-999999999999999999999", TT_OK, 0},
        {"9223372036854775.807", TT_OK, INT64_MAX},
        {"9223372036854775807E-3", TT_OK, INT64_MAX},
        {"-9223372036854775.807", TT_OK, -INT64_MAX},
        {"-9223372036854775.8069", TT_OK, -INT64_MAX},
        {"-9223372036854775.8071", TT_OK, INT64_MIN},
        {"-9223372036854775.808", TT_OK, INT64_MIN}, /* fits (was refused: fuzz_json_num) */
        {"9223372036854775.808", TT_ERR_JSON_BAD_NUMBER, 0},
        {"9223372036854775.8071", TT_OK, INT64_MAX},
        {"10000000000000000", TT_ERR_JSON_BAD_NUMBER, 0},
        {"1e300", TT_ERR_JSON_BAD_NUMBER, 0},
        {"-1e300", TT_ERR_JSON_BAD_NUMBER, 0},
        {"1E999999999999999999999", TT_ERR_JSON_BAD_NUMBER, 0},
        {"99999999999999999999999999999", TT_ERR_JSON_BAD_NUMBER, 0},
    };
    size_t i;
    int64_t ms;
    int rc;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        rc = ts_of(v[i].num, &ms);
        if (rc != v[i].rc || (rc == TT_OK && ms != v[i].ms)) {
            printf("     %s: rc %d ms %lld\n", v[i].num, rc, (long long)ms);
            TT_CHECK(0);
        } else {
            TT_CHECK(1);
        }
    }
    /* wrong types for a timestamp */
    TT_CHECK_EQ_INT(ts_of("\"1700000000\"", &ms), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(ts_of("true", &ms), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(ts_of("[1]", &ms), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(ts_of("{}", &ms), TT_ERR_JSON_TYPE);
    TT_CHECK_EQ_INT(ts_of("null", &ms), TT_OK); /* absent */
    TT_CHECK(ms == INT64_MIN);
}

static void test_num_direct(void)
{
    static const char *const nums[] = {"12.5", "-12.5", "0.5", "1e2", "1.0"};
    static const int64_t want[] = {12, -13, 0, 100, 1};
    static const int inex[] = {1, 1, 1, 0, 0};
    tt_json_num n;
    int64_t v;
    int inexact;
    size_t i, j;

    for (i = 0; i < 5; i++) {
        tt_json_num_init(&n);
        for (j = 0; nums[i][j]; j++)
            tt_json_num_push(&n, (unsigned char)nums[i][j]);
        TT_CHECK_EQ_INT(tt_json_num_floor(&n, 0, &v, &inexact), TT_OK);
        TT_CHECK_EQ_INT(v, want[i]);
        TT_CHECK_EQ_INT(inexact, inex[i]);
    }
}

/* Exact floors at the edges (int64 limits, 19 kept digits, huge and tiny
 * exponents, leading zeros), fed byte by byte: both builds (the -Os one,
 * test_decoder_small.sh, has its own number code) must give these. */
static void test_num_edges(void)
{
    static const struct {
        const char *text;
        int shift, rc;
        int64_t v;
        int inexact;
    } k[] = {
        {"9223372036854775807", 0, TT_OK, INT64_MAX, 0},
        {"-9223372036854775808", 0, TT_OK, INT64_MIN, 0},
        {"9223372036854775808", 0, TT_ERR_JSON_BAD_NUMBER, 0, 0},
        {"-9223372036854775809", 0, TT_ERR_JSON_BAD_NUMBER, 0, 0},
        {"-9223372036854775.808", 3, TT_OK, INT64_MIN, 0},
        {"-9223372036854775.8085", 3, TT_ERR_JSON_BAD_NUMBER, 0, 0},
        {"9223372036854775.807", 3, TT_OK, INT64_MAX, 0},
        {"1e-99999999999999", 3, TT_OK, 0, 1},
        {"-1e-99999999999999", 3, TT_OK, -1, 1},
        {"1e99999999999999", 3, TT_ERR_JSON_BAD_NUMBER, 0, 0},
        {"0e99999999999", 3, TT_OK, 0, 0},
        {"-0e99999999999", 3, TT_OK, 0, 0},
        {"-0.000e-99999999999", 0, TT_OK, 0, 0},
        {"-0.0000000000000000000000000", 25, TT_OK, 0, 0},
        {"-0", 0, TT_OK, 0, 0},
        {"-0.0e-5", 3, TT_OK, 0, 0},
        {"12345678901234567890123e-4", 0, TT_OK, 1234567890123456789LL, 1},
        {"100000000000000000000000000000e-20", 0, TT_OK, 1000000000LL, 0},
        {"0.000000000000000000001", 25, TT_OK, 10000, 0},
        {"1.7000000005E9", 3, TT_OK, 1700000000500LL, 0},
        {"-1.5", 3, TT_OK, -1500, 0},
        {"-0.0001", 3, TT_OK, -1, 1},
        {"1234567890123456789012345", -6, TT_OK, 1234567890123456789LL, 1},
        {"0.00012345678901234567890123456789e+22", 0, TT_OK, 1234567890123456789LL, 1},
    };
    tt_json_num n;
    int64_t v;
    int inexact;
    size_t i, j;

    for (i = 0; i < sizeof k / sizeof k[0]; i++) {
        tt_json_num_init(&n);
        for (j = 0; k[i].text[j]; j++)
            tt_json_num_push(&n, (unsigned char)k[i].text[j]);
        inexact = -1;
        TT_CHECK_EQ_INT(tt_json_num_floor(&n, k[i].shift, &v, &inexact), k[i].rc);
        if (k[i].rc == TT_OK) {
            TT_CHECK(v == k[i].v);
            TT_CHECK_EQ_INT(inexact, k[i].inexact);
        }
    }
}

static void test_key_order_and_duplicates(void)
{
    struct result res;
    const char *asg = "{\"AssignmentId\":\"A\"}";
    char doc[256];

    snprintf(doc, sizeof doc, "{\"Assignments\":[%s],\"NumResults\":1,\"NextToken\":\"N\"}", asg);
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=1 id=A\n");
    TT_CHECK_EQ_STR(res.nt, "N");
    TT_CHECK_EQ_INT(res.nr, NR(1));
    snprintf(doc, sizeof doc, "{\"NextToken\":\"N\",\"Assignments\":[%s],\"NumResults\":1}", asg);
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_STR(res.nt, "N");
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=1 id=A\n");
    /* duplicates: last wins; null clears */
    TT_CHECK_EQ_INT(decode_all("{\"NextToken\":\"a\",\"NumResults\":1,\"NextToken\":\"bb\","
                               "\"NumResults\":2}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK_EQ_STR(res.nt, "bb");
    TT_CHECK_EQ_INT(res.nr, NR(2));
    TT_CHECK_EQ_INT(decode_all("{\"NextToken\":\"a\",\"NumResults\":1,\"NextToken\":null,"
                               "\"NumResults\":null}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK(res.nt_null);
    TT_CHECK_EQ_INT(res.has_nr, 0);
    TT_CHECK_EQ_INT(res.nr, 0);
    TT_CHECK_EQ_INT(decode_all("{\"NextToken\":\"\"}", TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK(res.nt_null);
    TT_CHECK_EQ_INT(decode_all("{\"NextToken\":\"\\u0000\"}", TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_INT(res.nt_len, 1);
    TT_CHECK_EQ_INT(decode_all("{}", TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK(res.nt_null);
    TT_CHECK_EQ_INT(res.has_nr, 0);
    TT_CHECK_EQ_INT(res.count, 0);
    /* duplicate members inside an Assignment: last wins, null clears */
    TT_CHECK_EQ_INT(decode_all("{\"Assignments\":[{\"AssignmentId\":\"A\",\"AssignmentId\":\"B\","
                               "\"HITId\":\"H\",\"HITId\":null,\"Deadline\":1,\"Deadline\":2,"
                               "\"Answer\":null,\"Answer\":\"x\"}]}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=601 id=B t9=2000 raw=2 ans=x\n");
    /* Assignments twice: the first was already delivered */
    TT_CHECK_EQ_INT(decode_rc("{\"Assignments\":[],\"Assignments\":[]}"),
                    TT_ERR_JSON_DUPLICATE_KEY);
    TT_CHECK_EQ_INT(decode_all("{\"Assignments\":null,\"Assignments\":[{\"HITId\":\"H\"}]}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=4 h=H\n");
    TT_CHECK_EQ_INT(decode_all("{\"Assignments\":[{\"HITId\":\"H\"}],\"Assignments\":null}",
                               TT_FIELDS_ALL, 0, &res),
                    TT_OK);
}

static void test_unknown_and_null(void)
{
    struct result res;
    TT_CHECK_EQ_INT(
        decode_all("{\"Foo\":{\"NextToken\":\"no\",\"Assignments\":[{\"AssignmentId\":\"no\"}]},"
                   "\"Bar\":[[{\"NumResults\":5}],{}],\"Baz\":-1.5e-7,\"Q\":true,\"R\":false,"
                   "\"S\":null,\"T\":\"str\","
                   "\"Assignments\":[null,{\"X\":{\"AssignmentId\":\"no\",\"a\":[1,{\"b\":null}]},"
                   "\"AssignmentId\":\"yes\",\"Y\":[\"HITId\",{\"HITId\":\"no\"}],\"Z\":1e5,"
                   "\"W\":true,\"V\":null,\"WorkerId\":null,\"Answer\":\"\"},null,{}],"
                   "\"Extra\":{\"Assignments\":7}}",
                   TT_FIELDS_ALL, 0, &res),
        TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, "#0 p=401 id=yes ans=\n#1 p=0\n");
    TT_CHECK_EQ_INT(res.count, 2);
    TT_CHECK(res.nt_null);
    TT_CHECK_EQ_INT(res.has_nr, 0);
    TT_CHECK_EQ_INT(decode_all("{\"Assignments\":null}", TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_INT(res.count, 0);
    TT_CHECK_EQ_INT(decode_all("{\"Assignments\":[]}", TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_INT(g_r1.calls, 0);
}

static void test_wrong_types(void)
{
    static const char *const docs[] = {
        "{\"NextToken\":1}", "{\"NextToken\":[]}", "{\"NextToken\":{}}", "{\"NextToken\":true}",
        "{\"NumResults\":\"1\"}", "{\"NumResults\":[]}", "{\"NumResults\":false}",
        "{\"Assignments\":{}}", "{\"Assignments\":\"x\"}", "{\"Assignments\":1}",
        "{\"Assignments\":true}", "{\"Assignments\":[1]}", "{\"Assignments\":[\"x\"]}",
        "{\"Assignments\":[[]]}", "{\"Assignments\":[true]}", "{\"Assignments\":[{},1]}",
        "{\"Assignments\":[{\"AssignmentId\":5}]}", "{\"Assignments\":[{\"WorkerId\":[]}]}",
        "{\"Assignments\":[{\"HITId\":{}}]}", "{\"Assignments\":[{\"AssignmentStatus\":1}]}",
        "{\"Assignments\":[{\"Answer\":{}}]}", "{\"Assignments\":[{\"RequesterFeedback\":true}]}",
        "{\"Assignments\":[{\"AcceptTime\":\"1\"}]}", "{\"Assignments\":[{\"Deadline\":false}]}",
        "{\"Assignments\":[{\"AutoApprovalTime\":[]}]}",
        "{\"Assignments\":[{\"ApprovalTime\":{}}]}",
        "{\"Assignments\":[{\"RejectionTime\":\"x\"}]}",
    };
    size_t i;
    int bad = 0;
    for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        if (decode_rc(docs[i]) != TT_ERR_JSON_TYPE) {
            printf("     not TYPE: %s\n", docs[i]);
            bad++;
        }
    }
    TT_CHECK_EQ_INT(bad, 0);
    /* masked and skipped members are type-checked too */
    {
        struct result res;
        TT_CHECK_EQ_INT(decode_all("{\"Assignments\":[{\"Answer\":{}}]}",
                                   TT_FIELDS_ALL & ~TT_FIELD_BIT(TT_FIELD_ANSWER), 0, &res),
                        TT_ERR_JSON_TYPE);
        TT_CHECK_EQ_INT(decode_all("{\"Assignments\":[{\"Deadline\":\"x\"}]}", TT_FIELDS_ALL, 1,
                                   &res),
                        TT_ERR_JSON_TYPE);
    }
    /* NumResults must be integral (not checked without TT_CLI_PAGING) */
    TT_CHECK_EQ_INT(decode_rc("{\"NumResults\":1.5}"), NR(TT_ERR_JSON_BAD_NUMBER));
    TT_CHECK_EQ_INT(decode_rc("{\"NumResults\":1e-1}"), NR(TT_ERR_JSON_BAD_NUMBER));
    TT_CHECK_EQ_INT(decode_rc("{\"NumResults\":1e30}"), NR(TT_ERR_JSON_BAD_NUMBER));
    {
        struct result res;
        TT_CHECK_EQ_INT(decode_all("{\"NumResults\":1.0E2}", TT_FIELDS_ALL, 0, &res), TT_OK);
        TT_CHECK_EQ_INT(res.nr, NR(100));
        TT_CHECK_EQ_INT(decode_all("{\"NumResults\":-3}", TT_FIELDS_ALL, 0, &res), TT_OK);
        TT_CHECK_EQ_INT(res.nr, NR(-3));
        TT_CHECK_EQ_INT(decode_all("{\"NumResults\":0}", TT_FIELDS_ALL, 0, &res), TT_OK);
        TT_CHECK_EQ_INT(res.has_nr, NR(1));
    }
}

static void test_next_token_limits(void)
{
    static char doc[TT_MAX_NEXT_TOKEN * 6 + 64];
    struct result res;
    size_t n, i;

    n = (size_t)snprintf(doc, sizeof doc, "{\"NextToken\":\"");
    for (i = 0; i < TT_MAX_NEXT_TOKEN; i++)
        doc[n++] = (char)('a' + i % 26);
    n += (size_t)snprintf(doc + n, sizeof doc - n, "\"}");
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_INT(res.nt_len, TT_MAX_NEXT_TOKEN);
    TT_CHECK_EQ_INT(res.nt[TT_MAX_NEXT_TOKEN - 1], 'a' + (TT_MAX_NEXT_TOKEN - 1) % 26);
    /* one more byte is too long */
    n = (size_t)snprintf(doc, sizeof doc, "{\"NextToken\":\"");
    for (i = 0; i < TT_MAX_NEXT_TOKEN + 1; i++)
        doc[n++] = 'b';
    n += (size_t)snprintf(doc + n, sizeof doc - n, "\"}");
    TT_CHECK_EQ_INT(decode_rc(doc), TT_ERR_JSON_TOKEN_TOO_LONG);
    /* the limit is on the decoded bytes: escapes count as what they decode to */
    n = (size_t)snprintf(doc, sizeof doc, "{\"NextToken\":\"");
    for (i = 0; i < TT_MAX_NEXT_TOKEN; i++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "\\u0041");
    n += (size_t)snprintf(doc + n, sizeof doc - n, "\"}");
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 0, &res), TT_OK);
    TT_CHECK_EQ_INT(res.nt_len, TT_MAX_NEXT_TOKEN);
    /* escaped token content */
    TT_CHECK_EQ_INT(decode_all("{\"NextToken\":\"a\\/b\\\"c\\u00e9\"}", TT_FIELDS_ALL, 0, &res),
                    TT_OK);
    TT_CHECK_EQ_STR(res.nt, "a/b\"c\xC3\xA9");
}

/* A page of `n` assignments each with an Answer of `ans` bytes. */
static char *make_page(size_t n, size_t ans, size_t big_index, size_t big_ans)
{
    size_t cap = n * (ans + 400) + big_ans + 256, len = 0, i, j, a;
    char *p = (char *)malloc(cap);
    if (!p)
        return NULL;
    len += (size_t)snprintf(p + len, cap - len, "{\"NumResults\":%lu,\"Assignments\":[",
                            (unsigned long)n);
    for (i = 0; i < n; i++) {
        a = i == big_index ? big_ans : ans;
        len += (size_t)snprintf(p + len, cap - len,
                                "%s{\"AssignmentId\":\"3ASSIGNMENT%05lu\",\"WorkerId\":"
                                "\"AWORKER%05lu\",\"HITId\":\"3HITID0000000000000000\","
                                "\"AssignmentStatus\":\"Submitted\",\"AutoApprovalTime\":"
                                "1.700259259E9,\"AcceptTime\":1.700000000123E9,\"SubmitTime\":"
                                "1700000100,\"Deadline\":1700003600.5,\"Answer\":\"",
                                i ? "," : "", (unsigned long)i, (unsigned long)i);
        for (j = 0; j < a; j++)
            p[len++] = (char)('a' + (i + j) % 26);
        len += (size_t)snprintf(p + len, cap - len, "\",\"RequesterFeedback\":\"\"}");
    }
    len += (size_t)snprintf(p + len, cap - len, "],\"NextToken\":\"NEXT\"}");
    (void)len;
    return p;
}

static struct result run_page(const char *doc, size_t cap, uint32_t mask, size_t skip)
{
    struct result res;
    run(doc, strlen(doc), cap, mask, skip, 3, &g_r2, &res);
    return res;
}

static void test_memory(void)
{
    static const size_t answers[] = {100, 1024, 8192};
    static const size_t pages[] = {1, 10, 100};
    size_t hw[3][3], i, j;
    struct result res;
    char *doc;

    printf("info: sizeof(tt_page_decoder) = %lu bytes\n", (unsigned long)sizeof(tt_page_decoder));
    for (i = 0; i < 3; i++) {
        for (j = 0; j < 3; j++) {
            doc = make_page(pages[j], answers[i], SIZE_MAX, 0);
            res = run_page(doc, sizeof g_arena_buf, TT_FIELDS_ALL, 0);
            TT_CHECK_EQ_INT(res.rc, TT_OK);
            TT_CHECK_EQ_INT(res.count, pages[j]);
            TT_CHECK_EQ_INT(g_r2.calls, pages[j]);
            TT_CHECK_EQ_INT(g_r2.max_answer, answers[i]);
            hw[i][j] = res.high_water;
            printf("info: answer %5lu B, page of %3lu: body %7lu B, arena high-water %5lu B\n",
                   (unsigned long)answers[i], (unsigned long)pages[j],
                   (unsigned long)strlen(doc), (unsigned long)res.high_water);
            free(doc);
        }
        /* constant in the page size */
        TT_CHECK_EQ_INT(hw[i][0], hw[i][1]);
        TT_CHECK_EQ_INT(hw[i][0], hw[i][2]);
    }
    /* formula: decoded string bytes + timestamp text, nothing else.
     * 3ASSIGNMENT00000 (16) + AWORKER00000 (12) + 3HITID... (22) + Submitted (9)
     * + "1.700259259E9" (13) + "1.700000000123E9" (16) + "1700000100" (10)
     * + "1700003600.5" (12) + Answer + "" (0) */
    TT_CHECK_EQ_INT(hw[0][0], 16 + 12 + 22 + 9 + 13 + 16 + 10 + 12 + 100);
    TT_CHECK_EQ_INT(hw[2][0], 16 + 12 + 22 + 9 + 13 + 16 + 10 + 12 + 8192);

    /* masking Answer: scratch does not grow with the Answer */
    doc = make_page(10, 100, SIZE_MAX, 0);
    res = run_page(doc, sizeof g_arena_buf, TT_FIELDS_ALL & ~TT_FIELD_BIT(TT_FIELD_ANSWER), 0);
    free(doc);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    TT_CHECK_EQ_INT(res.high_water, 16 + 12 + 22 + 9 + 13 + 16 + 10 + 12);
    TT_CHECK_EQ_INT(g_r2.max_answer, 0);
    doc = make_page(10, 100, 5, 200000);
    res = run_page(doc, sizeof g_arena_buf, TT_FIELDS_ALL & ~TT_FIELD_BIT(TT_FIELD_ANSWER), 0);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    TT_CHECK_EQ_INT(res.high_water, 16 + 12 + 22 + 9 + 13 + 16 + 10 + 12);
    /* ... and needs only that much arena */
    res = run_page(doc, 110, TT_FIELDS_ALL & ~TT_FIELD_BIT(TT_FIELD_ANSWER), 0);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    /* an arena without a buffer still gives empty strings a pointer */
    res = run_page("{\"Assignments\":[{\"AssignmentId\":\"\",\"Answer\":\"\"}]}", 0,
                   TT_FIELDS_ALL, 0);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    TT_CHECK_EQ_STR(g_r2.trace, "#0 p=401 id= ans=\n");
    /* mask 0: everything validated, nothing stored, callbacks still made */
    res = run_page(doc, 0, 0, 0);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    TT_CHECK_EQ_INT(g_r2.calls, 10);
    TT_CHECK_EQ_INT(res.high_water, 0);
    TT_CHECK_EQ_INT(res.count, 10);
    /* skipping the big one: it takes no scratch either */
    res = run_page(doc, sizeof g_arena_buf, TT_FIELDS_ALL, 6);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    TT_CHECK_EQ_INT(res.high_water, 16 + 12 + 22 + 9 + 13 + 16 + 10 + 12 + 100);
    TT_CHECK_EQ_INT(g_r2.calls, 4);
    TT_CHECK_EQ_INT(res.count, 10);
    free(doc);
}

static void test_arena_full(void)
{
    char *doc = make_page(5, 100, 3, 5000);
    size_t need, base_hw;
    struct result res;

    /* all fits: high water is the big one */
    res = run_page(doc, sizeof g_arena_buf, TT_FIELDS_ALL, 0);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    need = res.high_water;
    base_hw = 16 + 12 + 22 + 9 + 13 + 16 + 10 + 12;
    TT_CHECK_EQ_INT(need, base_hw + 5000);
    /* too small: fails at the big one, reports exactly what it needs */
    res = run_page(doc, 1000, TT_FIELDS_ALL, 0);
    TT_CHECK_EQ_INT(res.rc, TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(res.needed, need);
    TT_CHECK_EQ_INT(res.count, 3);
    TT_CHECK_EQ_INT(g_r2.calls, 3);
    /* exactly that many works, one less does not */
    res = run_page(doc, need, TT_FIELDS_ALL, 0);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    TT_CHECK_EQ_INT(res.count, 5);
    res = run_page(doc, need - 1, TT_FIELDS_ALL, 0);
    TT_CHECK_EQ_INT(res.rc, TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(res.needed, need);
    /* a dry run with no buffer reports the first Assignment's need */
    res = run_page(doc, 0, TT_FIELDS_ALL, 0);
    TT_CHECK_EQ_INT(res.rc, TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(res.needed, base_hw + 100);
    TT_CHECK_EQ_INT(res.count, 0);
    free(doc);

    /* arena already partly used by the caller: needed includes that */
    {
        tt_page_decoder d;
        tt_arena a;
        void *p;
        const char *page = "{\"Assignments\":[{\"Answer\":\"0123456789\"}]}";
        tt_arena_init(&a, g_arena_buf, 40);
        TT_CHECK_EQ_INT(tt_arena_alloc(&a, 35, 1, &p), TT_OK);
        tt_page_init(&d, &a, TT_FIELDS_ALL, 0, NULL, NULL);
        TT_CHECK_EQ_INT(tt_page_feed(&d, page, strlen(page)), TT_ERR_ARENA_FULL);
        TT_CHECK_EQ_INT(a.needed, 45);
        TT_CHECK_EQ_INT(a.used, 35); /* rolled back to the caller's mark */
        tt_arena_init(&a, g_arena_buf, 45);
        TT_CHECK_EQ_INT(tt_arena_alloc(&a, 35, 1, &p), TT_OK);
        tt_page_init(&d, &a, TT_FIELDS_ALL, 0, NULL, NULL);
        TT_CHECK_EQ_INT(tt_page_feed(&d, page, strlen(page)), TT_OK);
        TT_CHECK_EQ_INT(tt_page_finish(&d), TT_OK);
        TT_CHECK_EQ_INT(a.used, 35);
    }
}

static char g_saved[TRACE_MAX];

static void test_skip_and_abort(void)
{
    char *doc = make_page(5, 10, SIZE_MAX, 0);
    struct result res, all;
    const char *p;

    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 0, &all), TT_OK);
    /* skip 2: the trace is the tail of the full one */
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 0, &all), TT_OK);
    memcpy(g_saved, g_r1.trace, g_r1.tlen + 1);
    p = strstr(g_saved, "#2 ");
    TT_CHECK(p != NULL);
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 2, &res), TT_OK);
    TT_CHECK_EQ_STR(g_r1.trace, p);
    TT_CHECK_EQ_INT(res.count, 5);
    TT_CHECK_EQ_INT(g_r1.calls, 3);
    /* skip everything, and more than there is */
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 5, &res), TT_OK);
    TT_CHECK_EQ_INT(g_r1.calls, 0);
    TT_CHECK_EQ_INT(res.count, 5);
    TT_CHECK_EQ_INT(decode_all(doc, TT_FIELDS_ALL, 99, &res), TT_OK);
    TT_CHECK_EQ_INT(res.count, 5);
    TT_CHECK_EQ_STR(res.nt, "NEXT");

    /* callback abort: positive -> TT_ERR_CALLBACK_ABORT, sticky; count excludes it */
    g_r1.abort_at = 1;
    g_r1.abort_rc = 1;
    run(doc, strlen(doc), sizeof g_arena_buf, TT_FIELDS_ALL, 0, 1, &g_r1, &res);
    TT_CHECK_EQ_INT(res.rc, TT_ERR_CALLBACK_ABORT);
    TT_CHECK_EQ_INT(res.count, 1);
    TT_CHECK_EQ_INT(g_r1.calls, 2);
    g_r1.abort_rc = TT_ERR_INTERNAL; /* a negative code is passed through */
    run(doc, strlen(doc), sizeof g_arena_buf, TT_FIELDS_ALL, 0, 0, &g_r1, &res);
    TT_CHECK_EQ_INT(res.rc, TT_ERR_INTERNAL);
    TT_CHECK_EQ_INT(res.count, 1);
    /* retry with skip = count resumes exactly after the last delivered one */
    g_r1.abort_at = SIZE_MAX;
    run(doc, strlen(doc), sizeof g_arena_buf, TT_FIELDS_ALL, res.count, 2, &g_r1, &res);
    TT_CHECK_EQ_INT(res.rc, TT_OK);
    TT_CHECK_EQ_INT(g_r1.calls, 4);
    TT_CHECK(strncmp(g_r1.trace, "#1 ", 3) == 0);
    free(doc);

    /* the callback may allocate scratch; it is released afterwards */
    {
        tt_page_decoder d;
        tt_arena a;
        const char *page = "{\"Assignments\":[{\"Answer\":\"x\"},{\"Answer\":\"y\"}]}";
        tt_arena_init(&a, g_arena_buf, 64);
        g_r1.tlen = 0;
        g_r1.calls = 0;
        g_r1.arena = &a;
        tt_page_init(&d, &a, TT_FIELDS_ALL, 0, rec_cb, &g_r1);
        TT_CHECK_EQ_INT(tt_page_feed(&d, page, strlen(page)), TT_OK);
        TT_CHECK_EQ_INT(tt_page_finish(&d), TT_OK);
        TT_CHECK_EQ_INT(a.used, 0);
        TT_CHECK_EQ_INT(a.high_water, 17);
        TT_CHECK_EQ_INT(g_r1.calls, 2);
        g_r1.arena = NULL;
    }
}

static void test_api_edges(void)
{
    tt_page_decoder d;
    tt_arena a;
    tt_str s;

    tt_arena_init(&a, g_arena_buf, 64);
    (void)s;
#if TT_ARG_CHECKS /* (caller bugs: unchecked on devices, tt_config.h) */
    TT_CHECK_EQ_INT(tt_page_init(NULL, &a, 0, 0, NULL, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_page_init(&d, NULL, 0, 0, NULL, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_page_feed(&d, "{}", 2), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_page_feed(NULL, "{}", 2), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_page_finish(NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_page_status(NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_page_count(NULL), 0);
    TT_CHECK_EQ_INT(tt_page_has_num_results(NULL), 0);
    TT_CHECK_EQ_INT(tt_page_num_results(NULL), 0);
    s = tt_page_next_token(NULL);
    TT_CHECK(s.ptr == NULL && s.len == 0);
#endif

    TT_CHECK_EQ_INT(tt_page_init(&d, &a, TT_FIELDS_ALL, 0, NULL, NULL), TT_OK);
    TT_CHECK_EQ_INT(tt_page_feed(&d, NULL, 0), TT_OK);
    TT_CHECK_EQ_INT(tt_page_feed(&d, "{\"Assignments\":[{}]}", 20), TT_OK);
    TT_CHECK_EQ_INT(tt_page_count(&d), 1); /* no callback: still counted */
    TT_CHECK_EQ_INT(tt_page_feed(&d, "  ", 2), TT_OK);
    TT_CHECK_EQ_INT(tt_page_finish(&d), TT_OK);
    TT_CHECK_EQ_INT(tt_page_finish(&d), TT_OK); /* idempotent */
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_page_feed(&d, " ", 1), TT_ERR_INVALID_ARG); /* after finish */

    TT_CHECK_EQ_INT(tt_page_init(&d, &a, TT_FIELDS_ALL, 0, NULL, NULL), TT_OK);
    TT_CHECK_EQ_INT(tt_page_feed(&d, NULL, 3), TT_ERR_INVALID_ARG);
#endif

    /* allocating from scratch between feeds, mid-Assignment, is caught
     * (with TT_ARG_CHECKS) */
    {
        void *p;
#if TT_ARG_CHECKS
        TT_CHECK_EQ_INT(tt_page_init(&d, &a, TT_FIELDS_ALL, 0, NULL, NULL), TT_OK);
        TT_CHECK_EQ_INT(tt_page_feed(&d, "{\"Assignments\":[{\"Answer\":\"ab", strlen("{\"Assignments\":[{\"Answer\":\"ab")), TT_OK);
        TT_CHECK_EQ_INT(a.used, 2);
        TT_CHECK_EQ_INT(tt_arena_alloc(&a, 4, 1, &p), TT_OK);
        TT_CHECK_EQ_INT(tt_page_feed(&d, "c\"}]}", strlen("c\"}]}")), TT_ERR_INVALID_ARG);
        TT_CHECK_EQ_INT(a.used, 6); /* the foreign allocation is left alone */
        TT_CHECK_EQ_INT(tt_page_finish(&d), TT_ERR_INVALID_ARG);
        tt_arena_rollback(&a, 0);
#endif
        /* between Assignments it is harmless */
        TT_CHECK_EQ_INT(tt_page_init(&d, &a, TT_FIELDS_ALL, 0, NULL, NULL), TT_OK);
        TT_CHECK_EQ_INT(tt_page_feed(&d, "{\"Assignments\":[{}", strlen("{\"Assignments\":[{}")), TT_OK);
        TT_CHECK_EQ_INT(tt_arena_alloc(&a, 4, 1, &p), TT_OK);
        TT_CHECK_EQ_INT(tt_page_feed(&d, ",{\"HITId\":\"H\"}]}", strlen(",{\"HITId\":\"H\"}]}")), TT_OK);
        TT_CHECK_EQ_INT(tt_page_finish(&d), TT_OK);
        TT_CHECK_EQ_INT(a.used, 4);
        tt_arena_rollback(&a, 0);
    }

    /* field names */
    TT_CHECK_EQ_STR(tt_assignment_field_name(TT_FIELD_ASSIGNMENT_ID), "AssignmentId");
    TT_CHECK_EQ_STR(tt_assignment_field_name(TT_FIELD_REQUESTER_FEEDBACK), "RequesterFeedback");
    TT_CHECK_EQ_STR(tt_assignment_field_name(TT_FIELD_AUTO_APPROVAL_TIME), "AutoApprovalTime");
    TT_CHECK(tt_assignment_field_name(TT_FIELD_COUNT) == NULL);
    TT_CHECK(tt_assignment_field_name((tt_assignment_field)-1) == NULL);
    {
        unsigned f;
        for (f = 0; f < TT_FIELD_COUNT; f++) {
            const char *n = tt_assignment_field_name((tt_assignment_field)f);
            TT_CHECK_EQ_INT(tt_assignment_field_of(n, strlen(n)), (int)f);
            TT_CHECK_EQ_INT(tt_assignment_field_of(n, strlen(n) - 1), -1);
        }
        TT_CHECK_EQ_INT(tt_assignment_field_of("", 0), -1);
        TT_CHECK_EQ_INT(tt_assignment_field_of("AssignmentIdX", 13), -1);
        /* the page decoder's one table: members, top-level keys, statuses */
        for (f = 0; f < TT_FIELD_COUNT; f++) {
            const char *n = tt_assignment_field_name((tt_assignment_field)f);
            TT_CHECK_EQ_INT(tt_assignment_key_index(n, strlen(n)), (int)f);
        }
        TT_CHECK_EQ_INT(tt_assignment_key_index("NumResults", 10), TT_KEY_NUM_RESULTS);
        TT_CHECK_EQ_INT(tt_assignment_key_index("NextToken", 9), TT_KEY_NEXT_TOKEN);
        TT_CHECK_EQ_INT(tt_assignment_key_index("Assignments", 11), TT_KEY_ASSIGNMENTS);
        TT_CHECK_EQ_INT(tt_assignment_key_index("Submitted", 9), TT_KEY_SUBMITTED);
        TT_CHECK_EQ_INT(tt_assignment_key_index("Approved", 8), TT_KEY_APPROVED);
        TT_CHECK_EQ_INT(tt_assignment_key_index("Rejected", 8), TT_KEY_REJECTED);
        TT_CHECK_EQ_INT(tt_assignment_key_index("Rejecte", 7), -1);
        TT_CHECK_EQ_INT(tt_assignment_key_index("", 0), -1);
        /* ... but those are no members */
        TT_CHECK_EQ_INT(tt_assignment_field_of("NumResults", 10), -1);
        TT_CHECK_EQ_INT(tt_assignment_field_of("Submitted", 9), -1);
        TT_CHECK_EQ_INT(tt_assignment_field_of("Assignments", 11), -1);
        TT_CHECK_EQ_INT(tt_json_key_index("a\0bc\0", "bc", 2), 1);
        TT_CHECK_EQ_INT(tt_json_key_index("a\0bc\0", "b", 1), -1);
        TT_CHECK_EQ_INT(tt_json_key_index("", "", 0), -1);
    }
}

/* Scanner events directly: NUM_END combined with the closer, tt_json_end. */
static void test_scanner_events(void)
{
    tt_json_scanner s;
    const char *t = "[1]";
    int ev;

    tt_json_init(&s);
    TT_CHECK_EQ_INT(tt_json_byte(&s, (unsigned char)t[0]), TT_JSON_EV_ARR_BEGIN);
    TT_CHECK_EQ_INT(tt_json_byte(&s, (unsigned char)t[1]), TT_JSON_EV_NUM_BEGIN);
    ev = tt_json_byte(&s, (unsigned char)t[2]);
    TT_CHECK_EQ_INT(ev, TT_JSON_EV_ARR_END | TT_JSON_EV_NUM_END);
    TT_CHECK(tt_json_done(&s));
    TT_CHECK_EQ_INT(tt_json_end(&s), TT_OK);
    tt_json_init(&s);
    TT_CHECK_EQ_INT(tt_json_byte(&s, '7'), TT_JSON_EV_NUM_BEGIN);
    TT_CHECK(!tt_json_done(&s));
    TT_CHECK_EQ_INT(tt_json_end(&s), TT_JSON_EV_NUM_END);
    TT_CHECK(tt_json_done(&s));
    tt_json_init(&s);
    TT_CHECK_EQ_INT(tt_json_byte(&s, '-'), TT_JSON_EV_NUM_BEGIN);
    TT_CHECK_EQ_INT(tt_json_end(&s), TT_ERR_JSON_TRUNCATED);
    tt_json_init(&s);
    TT_CHECK_EQ_INT(tt_json_byte(&s, '1'), TT_JSON_EV_NUM_BEGIN);
    TT_CHECK_EQ_INT(tt_json_byte(&s, ' '), TT_JSON_EV_NUM_END);
    TT_CHECK_EQ_INT(tt_json_byte(&s, ' '), TT_JSON_EV_NONE);
    TT_CHECK_EQ_INT(tt_json_byte(&s, '1'), TT_ERR_JSON_SYNTAX);
    {
        static const char *const roots[] = {"1.5", "1e5", "0", "-0.0E-0"};
        size_t i, j;
        for (i = 0; i < 4; i++) {
            tt_json_init(&s);
            for (j = 0; roots[i][j]; j++)
                TT_CHECK(tt_json_byte(&s, (unsigned char)roots[i][j]) >= 0);
            TT_CHECK_EQ_INT(tt_json_end(&s), TT_JSON_EV_NUM_END);
        }
        tt_json_init(&s);
        tt_json_byte(&s, '[');
        tt_json_byte(&s, '1');
        TT_CHECK_EQ_INT(tt_json_end(&s), TT_ERR_JSON_TRUNCATED);
        tt_json_init(&s);
        tt_json_byte(&s, '1');
        tt_json_byte(&s, 'e');
        TT_CHECK_EQ_INT(tt_json_end(&s), TT_ERR_JSON_TRUNCATED);
    }
}

/* The view is filled in place as members arrive: a member given and then
 * null is absent with an empty tt_str (a status too: TT_STATUS_OTHER),
 * and nothing of one Assignment shows in the next; split anywhere. */
static tt_assignment g_view[2];
static char g_answer0; /* (members point into scratch: read in the callback) */
static size_t g_views;

static int view_cb(void *ctx, const tt_assignment *a, size_t index)
{
    (void)ctx;
    if (index < 2)
        g_view[index] = *a;
    if (index == 0 && a->answer.len)
        g_answer0 = a->answer.ptr[0];
    g_views++;
    return 0;
}

static void test_view_in_place(void)
{
    static const char doc[] =
        "{\"Assignments\":[{\"AssignmentId\":\"A\",\"AssignmentStatus\":\"Submitted\","
        "\"AssignmentStatus\":null,\"WorkerId\":\"W\",\"WorkerId\":null,\"Answer\":\"x\","
        "\"SubmitTime\":5,\"SubmitTime\":null},{\"HITId\":\"H\",\"AcceptTime\":1.5}]}";
    size_t len = sizeof doc - 1, split;

    for (split = 0; split <= len; split++) {
        tt_page_decoder d;
        tt_arena a;
        const tt_assignment *v = g_view;

        tt_arena_init(&a, g_arena_buf, 4096);
        g_views = 0;
        g_answer0 = 0;
        memset(g_view, 0xA5, sizeof g_view);
        TT_CHECK_EQ_INT(tt_page_init(&d, &a, TT_FIELDS_ALL, 0, view_cb, NULL), TT_OK);
        TT_CHECK_EQ_INT(tt_page_feed(&d, doc, split), TT_OK);
        TT_CHECK_EQ_INT(tt_page_feed(&d, doc + split, len - split), TT_OK);
        TT_CHECK_EQ_INT(tt_page_finish(&d), TT_OK);
        TT_CHECK_EQ_INT(g_views, 2);
        TT_CHECK_EQ_INT(v[0].present, TT_FIELD_BIT(TT_FIELD_ASSIGNMENT_ID) |
                                          TT_FIELD_BIT(TT_FIELD_ANSWER));
        TT_CHECK(v[0].status.ptr == NULL && v[0].status.len == 0);
        TT_CHECK_EQ_INT(v[0].status_code, TT_STATUS_OTHER);
        TT_CHECK(v[0].worker_id.ptr == NULL && v[0].worker_id.len == 0);
        TT_CHECK(v[0].submit_time.raw.ptr == NULL && v[0].submit_time.raw.len == 0);
        TT_CHECK(v[0].answer.len == 1 && g_answer0 == 'x');
        TT_CHECK_EQ_INT(v[1].present, TT_FIELD_BIT(TT_FIELD_HIT_ID) |
                                          TT_FIELD_BIT(TT_FIELD_ACCEPT_TIME));
        TT_CHECK(v[1].assignment_id.ptr == NULL && v[1].assignment_id.len == 0);
        TT_CHECK(v[1].answer.ptr == NULL && v[1].answer.len == 0);
        TT_CHECK(v[1].submit_time.ms == 0 && v[1].submit_time.raw.len == 0);
        TT_CHECK(v[1].accept_time.ms == 1500 && v[1].accept_time.raw.len == 3);
        TT_CHECK_EQ_INT(v[1].status_code, TT_STATUS_OTHER);
    }
}

int main(void)
{
    g_r1.abort_at = g_r2.abort_at = SIZE_MAX;
    test_full_page();
    test_prefixes_truncated();
    test_status_codes();
    test_bad_grammar();
    test_bad_document_level();
    test_depth();
    test_escapes();
    test_escaped_keys();
    test_timestamps();
    test_num_direct();
    test_num_edges();
    test_key_order_and_duplicates();
    test_unknown_and_null();
    test_wrong_types();
    test_next_token_limits();
    test_memory();
    test_arena_full();
    test_skip_and_abort();
    test_api_edges();
    test_scanner_events();
    test_view_in_place();
    return tt_test_summary();
}
