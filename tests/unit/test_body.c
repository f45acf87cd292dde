/* tt_body (request body = Python json.dumps output, expected strings generated
 * with /usr/bin/python3 json.dumps) and tt_utf8 (strict validation/encoding). */
#include "tt_body.h"
#include "tt_test.h"
#include "tt_utf8.h"

static tt_str S(const char *s)
{
    tt_str t;
    t.ptr = s;
    t.len = strlen(s);
    return t;
}

static tt_body_params P(const char *hit)
{
    tt_body_params p;
    memset(&p, 0, sizeof p);
    p.hit_id = S(hit);
    return p;
}

/* Encode, check against want, and check the size-query / exact-fit paths. */
static void expect_body(const tt_body_params *p, const char *want, int line)
{
    char out[1024];
    size_t len = 0, qlen = 0;
    int rc = tt_body_encode(p, out, sizeof out, &len);
    if (rc != TT_OK || len != strlen(want) || memcmp(out, want, len) != 0 || out[len] != '\0') {
        printf("  (body case at line %d, rc %d)\n", line, rc);
        TT_CHECK_EQ_INT(rc, TT_OK);
        TT_CHECK_EQ_MEM(out, len, want, strlen(want));
        return;
    }
    TT_CHECK(1);
    TT_CHECK_EQ_INT(tt_body_encode(p, NULL, 0, &qlen), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(qlen, len);
    TT_CHECK_EQ_INT(tt_body_encode(p, out, len, &qlen), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(qlen, len);
    TT_CHECK_EQ_INT(tt_body_encode(p, out, len + 1, &qlen), TT_OK);
}

#define EXPECT(p, want) expect_body((p), (want), __LINE__)

static void test_bodies(void)
{
    static const tt_str two[] = {{"Submitted", 9}, {"Approved", 8}};
    static const tt_str cli[] = {{"Submitted,Approved", 18}, {"Pending", 7}};
    static const tt_str rej[] = {{"Rejected", 8}};
    tt_body_params p = P("3XHITPLAINEXAMPLE");
    EXPECT(&p, "{\"HITId\": \"3XHITPLAINEXAMPLE\"}");

    p = P("\xc3\x89\xe6\x97\xa5X"); /* E-acute, U+65E5, X: the spec example, Content-Length 26 */
    EXPECT(&p, "{\"HITId\": \"\\u00c9\\u65e5X\"}");
    TT_CHECK_EQ_INT(strlen("{\"HITId\": \"\\u00c9\\u65e5X\"}"), 26);

    p = P("H");
    p.has_next_token = 1;
    p.next_token.ptr = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13"
                       "\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f";
    p.next_token.len = 33;
    EXPECT(&p, "{\"HITId\": \"H\", \"NextToken\": \"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
               "\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
               "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\u007f\"}");

    p = P("a\"b\\c/d'e");
    EXPECT(&p, "{\"HITId\": \"a\\\"b\\\\c/d'e\"}");

    p = P("\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\xef\xbf\xbf\xee\x80\x80\xc2\x80\xdf\xbf\xe0\xa0\x80");
    EXPECT(&p, "{\"HITId\": \"\\ud83d\\ude00\\udbff\\udfff\\uffff\\ue000\\u0080\\u07ff\\u0800\"}");

    /* --page-size 5, page 2: MaxResults was put in before NextToken */
    p = P("H");
    p.has_max_results = 1;
    p.max_results = 5;
    p.has_next_token = 1;
    p.next_token = S("tok/+=");
    p.order[0] = TT_BODY_M_STATUSES;
    p.order[1] = TT_BODY_M_MAX_RESULTS;
    p.order[2] = TT_BODY_M_NEXT_TOKEN;
    EXPECT(&p, "{\"HITId\": \"H\", \"MaxResults\": 5, \"NextToken\": \"tok/+=\"}");
    p.has_next_token = 0; /* page 1 */
    EXPECT(&p, "{\"HITId\": \"H\", \"MaxResults\": 5}");

    /* --starting-token T --page-size 2 */
    p = P("H");
    p.has_max_results = 1;
    p.max_results = 2;
    p.has_next_token = 1;
    p.next_token = S("tok");
    p.order[0] = TT_BODY_M_STATUSES;
    p.order[1] = TT_BODY_M_NEXT_TOKEN;
    EXPECT(&p, "{\"HITId\": \"H\", \"NextToken\": \"tok\", \"MaxResults\": 2}");

    p = P("H");
    p.has_statuses = 1;
    p.statuses = two;
    p.status_count = 2;
    EXPECT(&p, "{\"HITId\": \"H\", \"AssignmentStatuses\": [\"Submitted\", \"Approved\"]}");
    p.status_count = 0; /* --assignment-statuses with no value */
    EXPECT(&p, "{\"HITId\": \"H\", \"AssignmentStatuses\": []}");
    p.statuses = NULL;
    EXPECT(&p, "{\"HITId\": \"H\", \"AssignmentStatuses\": []}");

    /* model order (all-zero order) */
    p = P("H");
    p.has_next_token = 1;
    p.next_token = S("N");
    p.has_max_results = 1;
    p.max_results = 4294967295u;
    p.has_statuses = 1;
    p.statuses = rej;
    p.status_count = 1;
    EXPECT(&p, "{\"HITId\": \"H\", \"NextToken\": \"N\", \"MaxResults\": 4294967295, "
               "\"AssignmentStatuses\": [\"Rejected\"]}");

    /* CLI order with everything; values sent as given (no enum/min checks) */
    p = P("H");
    p.has_next_token = 1;
    p.next_token = S("N");
    p.has_max_results = 1;
    p.max_results = 0;
    p.has_statuses = 1;
    p.statuses = cli;
    p.status_count = 2;
    p.order[0] = TT_BODY_M_STATUSES;
    p.order[1] = TT_BODY_M_MAX_RESULTS;
    p.order[2] = TT_BODY_M_NEXT_TOKEN;
    EXPECT(&p, "{\"HITId\": \"H\", \"AssignmentStatuses\": [\"Submitted,Approved\", \"Pending\"], "
               "\"MaxResults\": 0, \"NextToken\": \"N\"}");
    /* partial order: listed first, the rest in model order */
    p.order[0] = TT_BODY_M_MAX_RESULTS;
    p.order[1] = 0;
    p.order[2] = 0;
    EXPECT(&p, "{\"HITId\": \"H\", \"MaxResults\": 0, \"NextToken\": \"N\", "
               "\"AssignmentStatuses\": [\"Submitted,Approved\", \"Pending\"]}");
}

static void test_body_errors(void)
{
    static const tt_str bad_status[] = {{"Submitted", 9}, {"Appr\xc0\xafoved", 10}};
    char out[256];
    size_t len = 0;
    tt_body_params p = P("H");

    TT_CHECK_EQ_INT(tt_body_encode(NULL, out, sizeof out, &len), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, NULL), TT_ERR_INVALID_ARG);
    p.hit_id.len = 0;
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_NO_HITID);
    p.hit_id.ptr = NULL;
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_NO_HITID);

    p = P("H\xff");
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    p = P("H\xed\xa0\x80"); /* UTF-8-encoded surrogate (CESU/WTF-8) */
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    p = P("H");
    p.has_next_token = 1;
    p.next_token = S("tok\xe6\x97"); /* truncated sequence */
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    p.next_token = S("tok\xc0\x80"); /* overlong NUL */
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    p.next_token = S("tok\xf4\x90\x80\x80"); /* > U+10FFFF */
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    /* ... also in size-query mode */
    TT_CHECK_EQ_INT(tt_body_encode(&p, NULL, 0, &len), TT_ERR_BODY_BAD_UTF8);
    p.next_token.ptr = NULL;
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_INVALID_ARG);
    p.has_next_token = 0;
    p.has_statuses = 1;
    p.statuses = bad_status;
    p.status_count = 2;
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    p.statuses = NULL;
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_INVALID_ARG);
    /* bad orders */
    p = P("H");
    p.order[0] = 4;
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_INVALID_ARG);
    p.order[0] = TT_BODY_M_NEXT_TOKEN;
    p.order[1] = TT_BODY_M_NEXT_TOKEN;
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_INVALID_ARG);
    p.order[1] = 0;
    p.order[2] = TT_BODY_M_STATUSES; /* id after the terminating 0 */
    TT_CHECK_EQ_INT(tt_body_encode(&p, out, sizeof out, &len), TT_ERR_INVALID_ARG);
}

static void test_escape_string(void)
{
    char out[64];
    size_t len = 0;
    char e[TT_BODY_ESCAPE_MAX];
    TT_CHECK_EQ_INT(tt_body_escape_string("a\"\xe2\x9c\x93", 5, out, sizeof out, &len), TT_OK);
    TT_CHECK_EQ_STR(out, "\"a\\\"\\u2713\"");
    TT_CHECK_EQ_INT(tt_body_escape_string("", 0, out, sizeof out, &len), TT_OK);
    TT_CHECK_EQ_STR(out, "\"\"");
    TT_CHECK_EQ_INT(tt_body_escape_string("abc", 3, out, 5, &len), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(len, 5);
    TT_CHECK_EQ_INT(tt_body_escape_string("\x80", 1, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    TT_CHECK_EQ_INT(tt_body_escape_cp(0xD800, e), 0);
    TT_CHECK_EQ_INT(tt_body_escape_cp(0x110000, e), 0);
    TT_CHECK_EQ_INT(tt_body_escape_cp('/', e), 1);
    TT_CHECK_EQ_INT(tt_body_escape_cp(0x1F600, e), 12);
    TT_CHECK_EQ_MEM(e, 12, "\\ud83d\\ude00", 12);
    TT_CHECK_EQ_INT(tt_body_escape_cp(0x10000, e), 12);
    TT_CHECK_EQ_MEM(e, 12, "\\ud800\\udc00", 12);
}

/* ---- UTF-8 ---------------------------------------------------------------- */

static int valid(const char *s, size_t n)
{
    return tt_utf8_validate(s, n, NULL) == TT_OK;
}

/* Independent reference: is b[0..n) one well-formed sequence? */
static int ref_one(const unsigned char *b, size_t n)
{
    uint32_t cp;
    size_t i;
    if (n == 1)
        return b[0] < 0x80;
    for (i = 1; i < n; i++)
        if ((b[i] & 0xC0) != 0x80)
            return 0;
    if (n == 2) {
        if ((b[0] & 0xE0) != 0xC0)
            return 0;
        cp = (uint32_t)(b[0] & 0x1F) << 6 | (b[1] & 0x3Fu);
        return cp >= 0x80;
    }
    if (n == 3) {
        if ((b[0] & 0xF0) != 0xE0)
            return 0;
        cp = (uint32_t)(b[0] & 0x0F) << 12 | (uint32_t)(b[1] & 0x3F) << 6 | (b[2] & 0x3Fu);
        return cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if ((b[0] & 0xF8) != 0xF0)
        return 0;
    cp = (uint32_t)(b[0] & 0x07) << 18 | (uint32_t)(b[1] & 0x3F) << 12 | (uint32_t)(b[2] & 0x3F) << 6 |
         (b[3] & 0x3Fu);
    return cp >= 0x10000 && cp <= 0x10FFFF;
}

static void test_utf8(void)
{
    unsigned bad = 0, b0, b1, b2, k;
    static const unsigned edge[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    char enc[4];
    uint32_t cp;
    size_t off = 0;

    TT_CHECK(valid("", 0));
    TT_CHECK(valid("abc\0def", 7));
    TT_CHECK(valid("\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 24));
    TT_CHECK(!valid("\xc0\x80", 2));         /* overlong NUL */
    TT_CHECK(!valid("\xc1\xbf", 2));         /* overlong */
    TT_CHECK(!valid("\xe0\x9f\xbf", 3));     /* overlong 3-byte */
    TT_CHECK(!valid("\xf0\x8f\xbf\xbf", 4)); /* overlong 4-byte */
    TT_CHECK(!valid("\xed\xa0\x80", 3));     /* U+D800 */
    TT_CHECK(!valid("\xed\xbf\xbf", 3));     /* U+DFFF */
    TT_CHECK(!valid("\xf4\x90\x80\x80", 4)); /* U+110000 */
    TT_CHECK(!valid("\xf5\x80\x80\x80", 4));
    TT_CHECK(!valid("\xff", 1));
    TT_CHECK(!valid("\x80", 1));
    TT_CHECK(!valid("\xe2\x9c", 2)); /* truncated */
    TT_CHECK(!valid("\xe2\x9c\x93\xe2", 4));
    TT_CHECK_EQ_INT(tt_utf8_validate("ab\xe2\x9c\x93\xe2x", 7, &off), TT_ERR_UTF8_INVALID);
    TT_CHECK_EQ_INT(off, 5);

    /* every 1-, 2- and 3-byte string, and 4-byte ones over edge bytes, vs the reference */
    for (b0 = 0; b0 < 256; b0++) {
        unsigned char b[4];
        b[0] = (unsigned char)b0;
        if (valid((char *)b, 1) != ref_one(b, 1))
            bad++;
        for (b1 = 0; b1 < 256; b1++) {
            b[1] = (unsigned char)b1;
            if (b0 >= 0x80 && valid((char *)b, 2) != (ref_one(b, 2) || (b0 < 0x80 && b1 < 0x80)))
                bad++;
            if (b0 < 0xE0 || b0 > 0xF4)
                continue;
            for (b2 = 0; b2 < 256; b2++) {
                b[2] = (unsigned char)b2;
                if (b0 < 0xF0) {
                    if (valid((char *)b, 3) != ref_one(b, 3))
                        bad++;
                } else {
                    if (b2 > 0xC0)
                        continue;
                    for (k = 0; k < sizeof edge / sizeof edge[0]; k++) {
                        b[3] = (unsigned char)edge[k];
                        if (valid((char *)b, 4) != ref_one(b, 4))
                            bad++;
                    }
                }
            }
        }
    }
    TT_CHECK_EQ_INT(bad, 0);

    /* encode/decode round trip over all scalar values; surrogates and > max refused */
    bad = 0;
    for (cp = 0; cp <= 0x110001; cp++) {
        int n = tt_utf8_encode(cp, enc);
        uint32_t back = 0xFFFFFFFF;
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            if (n != TT_ERR_UTF8_BAD_CODEPOINT)
                bad++;
            continue;
        }
        if (n < 1 || n != (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4) ||
            tt_utf8_decode(enc, (size_t)n, &back) != n || back != cp || !ref_one((unsigned char *)enc, (size_t)n))
            bad++;
    }
    TT_CHECK_EQ_INT(bad, 0);
    TT_CHECK_EQ_INT(tt_utf8_decode("\xe2\x9c\x93", 2, &cp), TT_ERR_UTF8_INVALID);
    TT_CHECK_EQ_INT(tt_utf8_decode(NULL, 0, &cp), TT_ERR_UTF8_INVALID);
}

static void test_utf8_stream(void)
{
    const char *good = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80z";
    const char *badseq = "a\xc3\xa9\xed\xa0\x80z";
    size_t n = strlen(good), cut, cut2, bad = 0;
    tt_utf8_stream st;
    for (cut = 0; cut <= n; cut++) {
        for (cut2 = cut; cut2 <= n; cut2++) {
            tt_utf8_stream_init(&st);
            if (tt_utf8_stream_feed(&st, good, cut) != TT_OK ||
                tt_utf8_stream_feed(&st, good + cut, cut2 - cut) != TT_OK ||
                tt_utf8_stream_feed(&st, good + cut2, n - cut2) != TT_OK || tt_utf8_stream_finish(&st) != TT_OK)
                bad++;
            /* stopping early inside a sequence is an error at finish */
            tt_utf8_stream_init(&st);
            tt_utf8_stream_feed(&st, good, cut2);
            if ((tt_utf8_stream_finish(&st) == TT_OK) != valid(good, cut2))
                bad++;
        }
    }
    TT_CHECK_EQ_INT(bad, 0);
    n = strlen(badseq);
    for (cut = 0; cut <= n; cut++) {
        int rc;
        tt_utf8_stream_init(&st);
        rc = tt_utf8_stream_feed(&st, badseq, cut);
        if (rc == TT_OK)
            rc = tt_utf8_stream_feed(&st, badseq + cut, n - cut);
        if (rc == TT_OK)
            rc = tt_utf8_stream_finish(&st);
        if (rc != TT_ERR_UTF8_INVALID)
            bad++;
        /* sticky */
        if (tt_utf8_stream_feed(&st, "a", 1) != TT_ERR_UTF8_INVALID)
            bad++;
    }
    TT_CHECK_EQ_INT(bad, 0);
}

int main(void)
{
    test_bodies();
    test_body_errors();
    test_escape_string();
    test_utf8();
    test_utf8_stream();
    return tt_test_summary();
}
