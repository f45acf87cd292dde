/* Service error body parser and error-code classifiers. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tt_svcerr.h"
#include "tt_svcerr_store.h"
#include "tt_test.h"

static tt_svcerr_parser g_p;

static store g_s, g_s2;

static tt_str S(const char *s)
{
    return tt_str_c(s);
}

/* Parse whole, then byte by byte: both must agree. */
static int parse(const char *body, size_t len, tt_svcerr *out)
{
    static tt_svcerr_parser p2;
    tt_svcerr o2;
    size_t i;
    int rc, rc2;

    rc = tt_svcerr_parse(&g_p, &g_s, &k_layout, body, len, out);
    tt_svcerr_init(&p2, &g_s2, &k_layout);
    for (i = 0; i < len; i++)
        tt_svcerr_feed(&p2, body + i, 1);
    rc2 = tt_svcerr_finish(&p2, &o2);
    TT_CHECK_EQ_INT(rc2, rc);
    TT_CHECK_EQ_MEM(o2.code.ptr, o2.code.len, out->code.ptr, out->code.len);
    TT_CHECK_EQ_MEM(o2.message.ptr, o2.message.len, out->message.ptr, out->message.len);
    TT_CHECK_EQ_MEM(o2.turk_error_code.ptr, o2.turk_error_code.len, out->turk_error_code.ptr,
                    out->turk_error_code.len);
    TT_CHECK_EQ_INT(o2.truncated, out->truncated);
    /* strings are always NUL-terminated and never NULL */
    TT_CHECK(out->code.ptr && out->code.ptr[out->code.len] == '\0');
    TT_CHECK(out->message.ptr && out->message.ptr[out->message.len] == '\0');
    TT_CHECK(out->turk_error_code.ptr && out->turk_error_code.ptr[out->turk_error_code.len] == '\0');
    return rc;
}

static int parse_c(const char *body, tt_svcerr *out)
{
    return parse(body, strlen(body), out);
}

static void test_basic(void)
{
    tt_svcerr e;

    TT_CHECK_EQ_INT(parse_c("{\"__type\":\"RequestError\",\"Message\":\"HIT not found\","
                            "\"TurkErrorCode\":\"AWS.MechanicalTurk.HITDoesNotExist\"}",
                            &e),
                    TT_OK);
    TT_CHECK_EQ_STR(e.code.ptr, "RequestError");
    TT_CHECK_EQ_INT(e.has_code, 1);
    TT_CHECK_EQ_STR(e.message.ptr, "HIT not found");
    TT_CHECK_EQ_INT(e.has_message, 1);
    TT_CHECK_EQ_STR(e.turk_error_code.ptr, "AWS.MechanicalTurk.HITDoesNotExist");
    TT_CHECK_EQ_INT(e.has_turk_error_code, 1);
    TT_CHECK_EQ_INT(e.truncated, 0);

    /* namespace prefix: keep what follows the last '#' */
    TT_CHECK_EQ_INT(parse_c("{\"__type\":\"com.amazonaws.mturk.requester#RequestError\"}", &e),
                    TT_OK);
    TT_CHECK_EQ_STR(e.code.ptr, "RequestError");
    TT_CHECK_EQ_INT(e.has_message, 0);
    TT_CHECK_EQ_INT(parse_c("{\"__type\":\"a#b#ThrottlingException\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.code.ptr, "ThrottlingException");
    TT_CHECK_EQ_INT(parse_c("{\"__type\":\"ns#\"}", &e), TT_OK);
    TT_CHECK_EQ_INT(e.has_code, 1);
    TT_CHECK_EQ_INT(e.code.len, 0);
    TT_CHECK_EQ_INT(parse_c("{\"__type\":\"ns\\u0023Escaped\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.code.ptr, "Escaped");

    /* lower-case message; `message` beats `Message` in either order */
    TT_CHECK_EQ_INT(parse_c("{\"message\":\"lower\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.message.ptr, "lower");
    TT_CHECK_EQ_INT(e.has_code, 0);
    TT_CHECK_EQ_INT(e.code.len, 0);
    TT_CHECK_EQ_INT(parse_c("{\"message\":\"lower\",\"Message\":\"upper\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.message.ptr, "lower");
    TT_CHECK_EQ_INT(parse_c("{\"Message\":\"upper\",\"message\":\"lower\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.message.ptr, "lower");
    TT_CHECK_EQ_INT(parse_c("{\"Message\":\"a\",\"Message\":\"b\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.message.ptr, "b");
    TT_CHECK_EQ_INT(parse_c("{\"message\":null,\"Message\":\"upper\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.message.ptr, "upper");
    /* other members in between do not forget where the message came from */
    TT_CHECK_EQ_INT(parse_c("{\"message\":\"lower\",\"__type\":\"T\",\"TurkErrorCode\":\"K\","
                            "\"Message\":\"upper\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.message.ptr, "lower");
    TT_CHECK_EQ_STR(e.code.ptr, "T");
    /* classifier forms: with and without "Exception" as listed, no other */
    TT_CHECK(tt_svcerr_is_throttling(S("RequestThrottled")) && tt_svcerr_is_throttling(S("RequestThrottledException")));
    TT_CHECK(!tt_svcerr_is_throttling(S("SlowDownException")) && !tt_svcerr_is_throttling(S("EC2Throttled")));
    TT_CHECK(!tt_svcerr_is_throttling(S("Exception")) && !tt_svcerr_is_throttling(S("ThrottlingExceptionX")));
    TT_CHECK(tt_svcerr_is_transient(S("RequestTimeoutException")) && !tt_svcerr_is_transient(S("RequestTimeoutExceptio")));
    TT_CHECK(!tt_svcerr_is_clock_skew(S("InvalidSignature"), S("expired")));
    TT_CHECK(tt_svcerr_is_clock_skew(S("InvalidSignatureException"), S("Signature EXPIRED")));

    /* unknown keys at any depth; nested lookalikes ignored */
    TT_CHECK_EQ_INT(parse_c("{\"x\":{\"__type\":\"no\",\"Message\":\"no\"},\"y\":[\"__type\",1],"
                            "\"__type\":\"Yes\",\"z\":{\"a\":[{\"message\":\"no\"}]}}",
                            &e),
                    TT_OK);
    TT_CHECK_EQ_STR(e.code.ptr, "Yes");
    TT_CHECK_EQ_INT(e.has_message, 0);

    /* null / non-string values count as absent; last wins */
    TT_CHECK_EQ_INT(parse_c("{\"__type\":\"A\",\"__type\":null}", &e), TT_OK);
    TT_CHECK_EQ_INT(e.has_code, 0);
    TT_CHECK_EQ_INT(e.code.len, 0);
    TT_CHECK_EQ_INT(parse_c("{\"__type\":5,\"Message\":[\"x\"],\"TurkErrorCode\":{}}", &e), TT_OK);
    TT_CHECK_EQ_INT(e.has_code + e.has_message + e.has_turk_error_code, 0);
    TT_CHECK_EQ_INT(parse_c("{\"TurkErrorCode\":true}", &e), TT_OK);
    TT_CHECK_EQ_INT(e.has_turk_error_code, 0);

    /* empty object: valid, nothing present */
    TT_CHECK_EQ_INT(parse_c("{}", &e), TT_OK);
    TT_CHECK_EQ_INT(e.has_code + e.has_message + e.has_turk_error_code, 0);
    TT_CHECK_EQ_INT(parse_c(" {\n} \r\n", &e), TT_OK);

    /* escapes are decoded; NUL bytes kept with length */
    TT_CHECK_EQ_INT(parse_c("{\"Message\":\"a\\nb \\u2713 \\ud83d\\ude00 \\u0000z\"}", &e), TT_OK);
    TT_CHECK_EQ_MEM(e.message.ptr, e.message.len, "a\nb \xE2\x9C\x93 \xF0\x9F\x98\x80 \0z", 15);
    /* keys may be escaped */
    TT_CHECK_EQ_INT(parse_c("{\"\\u005f_type\":\"K\",\"Messag\\u0065\":\"M\"}", &e), TT_OK);
    TT_CHECK_EQ_STR(e.code.ptr, "K");
    TT_CHECK_EQ_STR(e.message.ptr, "M");
    TT_CHECK_EQ_INT(parse_c("{\"Massage\":\"M\",\"AVeryLongKeyThatIsLong\":\"x\","
                            "\"TurkErrorCodeTurkErrorCode\":\"y\"}",
                            &e),
                    TT_OK);
    TT_CHECK_EQ_INT(e.has_message + e.has_turk_error_code, 0);
    TT_CHECK_EQ_INT(parse_c("{\"__type__type\":\"K\"}", &e), TT_OK);
    TT_CHECK_EQ_INT(e.has_code, 0);
}

static void test_not_json(void)
{
    static const char *const bad[] = {
        "",
        "   ",
        "<html><body>500 Internal Server Error</body></html>",
        "Internal Server Error",
        "[]",
        "[{\"__type\":\"X\"}]",
        "\"RequestError\"",
        "42",
        "null",
        "true",
        "{\"__type\":\"X\"",
        "{\"__type\":\"X\",}",
        "{\"__type\" \"X\"}",
        "{\"Message\":\"\\q\"}",
        "{\"Message\":\"\\ud800\"}",
        "{\"Message\":\"\xC0\x80\"}",
        "{\"Message\":\"a\x01\"}",
        "{} {}",
        "{}x",
        "{\"a\":[01]}",
        "{\"a\":tru}",
    };
    tt_svcerr e;
    size_t i;
    int odd = 0;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse_c(bad[i], &e) != TT_ERR_JSON_SYNTAX) {
            printf("     accepted: %s\n", bad[i]);
            odd++;
        }
        /* the result is all empty */
        if (e.has_code || e.has_message || e.code.len || e.message.len || e.turk_error_code.len)
            odd++;
    }
    TT_CHECK_EQ_INT(odd, 0);

    /* a body whose valid part named a code still gives nothing when it breaks */
    TT_CHECK_EQ_INT(parse_c("{\"__type\":\"Throttling\",\"Message\":\"x\"} trailing", &e),
                    TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(e.code.len, 0);
    TT_CHECK_EQ_INT(e.has_code, 0);

    /* deep nesting */
    {
        char doc[200];
        size_t n = 0, k;
        doc[n++] = '{';
        doc[n++] = '"';
        doc[n++] = 'a';
        doc[n++] = '"';
        doc[n++] = ':';
        for (k = 0; k < TT_JSON_MAX_DEPTH; k++)
            doc[n++] = '[';
        for (k = 0; k < TT_JSON_MAX_DEPTH; k++)
            doc[n++] = ']';
        doc[n++] = '}';
        TT_CHECK_EQ_INT(parse(doc, n, &e), TT_ERR_JSON_SYNTAX);
    }

    /* argument checks, feed after an error is sticky */
#if TT_ARG_CHECKS
    TT_CHECK_EQ_INT(tt_svcerr_parse(&g_p, &g_s, &k_layout, NULL, 3, &e), TT_ERR_INVALID_ARG);
#endif
    TT_CHECK_EQ_INT(tt_svcerr_parse(&g_p, &g_s, &k_layout, NULL, 0, &e), TT_ERR_JSON_SYNTAX);
    tt_svcerr_init(&g_p, &g_s, &k_layout);
    TT_CHECK_EQ_INT(tt_svcerr_feed(&g_p, "x", 1), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(tt_svcerr_feed(&g_p, "{}", 2), TT_ERR_JSON_SYNTAX);
    TT_CHECK_EQ_INT(tt_svcerr_finish(&g_p, &e), TT_ERR_JSON_SYNTAX);
}

static void test_truncation(void)
{
    static char body[4096];
    tt_svcerr e;
    size_t n, i;

    /* message longer than the buffer: cut, flagged, NUL-terminated */
    n = (size_t)snprintf(body, sizeof body, "{\"Message\":\"");
    for (i = 0; i < TT_SVCERR_MESSAGE_MAX + 50; i++)
        body[n++] = 'm';
    n += (size_t)snprintf(body + n, sizeof body - n, "\",\"__type\":\"X\"}");
    TT_CHECK_EQ_INT(parse(body, n, &e), TT_OK);
    TT_CHECK_EQ_INT(e.message.len, TT_SVCERR_MESSAGE_MAX - 1);
    TT_CHECK_EQ_INT(e.truncated, TT_SVCERR_TRUNC_MESSAGE);
    TT_CHECK_EQ_STR(e.code.ptr, "X");

    /* exactly fits: not truncated */
    n = (size_t)snprintf(body, sizeof body, "{\"TurkErrorCode\":\"");
    for (i = 0; i < TT_SVCERR_TURK_MAX - 1; i++)
        body[n++] = 't';
    n += (size_t)snprintf(body + n, sizeof body - n, "\"}");
    TT_CHECK_EQ_INT(parse(body, n, &e), TT_OK);
    TT_CHECK_EQ_INT(e.turk_error_code.len, TT_SVCERR_TURK_MAX - 1);
    TT_CHECK_EQ_INT(e.truncated, 0);
    /* one more: truncated */
    n = (size_t)snprintf(body, sizeof body, "{\"TurkErrorCode\":\"");
    for (i = 0; i < TT_SVCERR_TURK_MAX; i++)
        body[n++] = 't';
    n += (size_t)snprintf(body + n, sizeof body - n, "\"}");
    TT_CHECK_EQ_INT(parse(body, n, &e), TT_OK);
    TT_CHECK_EQ_INT(e.truncated, TT_SVCERR_TRUNC_TURK);

    /* cut on a UTF-8 boundary: 2-, 3- and 4-byte characters at every offset */
    {
        static const char *const chars[] = {"\xC3\xA9", "\xE2\x9C\x93", "\xF0\x9F\x98\x80"};
        size_t c, pad;
        int bad = 0;
        for (c = 0; c < 3; c++) {
            for (pad = 0; pad < 4; pad++) {
                n = (size_t)snprintf(body, sizeof body, "{\"__type\":\"");
                for (i = 0; i < pad; i++)
                    body[n++] = 'p';
                for (i = 0; i < TT_SVCERR_CODE_MAX; i++)
                    n += (size_t)snprintf(body + n, sizeof body - n, "%s", chars[c]);
                n += (size_t)snprintf(body + n, sizeof body - n, "\"}");
                if (tt_svcerr_parse(&g_p, &g_s, &k_layout, body, n, &e) != TT_OK) {
                    bad++;
                    continue;
                }
                /* pad ASCII then whole characters only */
                if ((e.code.len - pad) % strlen(chars[c]) != 0)
                    bad++;
                if (e.code.len + strlen(chars[c]) <= TT_SVCERR_CODE_MAX - 1)
                    bad++; /* cut more than needed */
                if (e.truncated != TT_SVCERR_TRUNC_CODE)
                    bad++;
            }
        }
        TT_CHECK_EQ_INT(bad, 0);
    }

    /* a '#' after the cut restarts the code */
    n = (size_t)snprintf(body, sizeof body, "{\"__type\":\"");
    for (i = 0; i < TT_SVCERR_CODE_MAX * 2; i++)
        body[n++] = 'n';
    n += (size_t)snprintf(body + n, sizeof body - n, "#ShortCode\"}");
    TT_CHECK_EQ_INT(parse(body, n, &e), TT_OK);
    TT_CHECK_EQ_STR(e.code.ptr, "ShortCode");
    TT_CHECK_EQ_INT(e.truncated, 0);
    /* a later short value clears the truncation flag */
    n = (size_t)snprintf(body, sizeof body, "{\"Message\":\"");
    for (i = 0; i < TT_SVCERR_MESSAGE_MAX; i++)
        body[n++] = 'm';
    n += (size_t)snprintf(body + n, sizeof body - n, "\",\"Message\":\"short\"}");
    TT_CHECK_EQ_INT(parse(body, n, &e), TT_OK);
    TT_CHECK_EQ_STR(e.message.ptr, "short");
    TT_CHECK_EQ_INT(e.truncated, 0);
}

static void test_classifiers(void)
{
    static const char *const throttling[] = {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };
    static const char *const transient[] = {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    };
    static const char *const neither[] = {
        "", "RequestError", "ServiceFault", "throttling", "ThrottlingException ",
        "Throttlin", "ServiceUnavailable", "InternalFailure", "500", "requesttimeout",
    };
    size_t i;
    tt_str none = {NULL, 0};

    for (i = 0; i < sizeof throttling / sizeof throttling[0]; i++) {
        TT_CHECK(tt_svcerr_is_throttling(S(throttling[i])));
        TT_CHECK(tt_svcerr_is_retryable(S(throttling[i])));
    }
    for (i = 0; i < sizeof transient / sizeof transient[0]; i++) {
        TT_CHECK(tt_svcerr_is_transient(S(transient[i])));
        TT_CHECK(tt_svcerr_is_retryable(S(transient[i])));
    }
    TT_CHECK(!tt_svcerr_is_transient(S("Throttling")));
    TT_CHECK(!tt_svcerr_is_throttling(S("RequestTimeout")));
    for (i = 0; i < sizeof neither / sizeof neither[0]; i++) {
        TT_CHECK(!tt_svcerr_is_throttling(S(neither[i])));
        TT_CHECK(!tt_svcerr_is_transient(S(neither[i])));
        TT_CHECK(!tt_svcerr_is_retryable(S(neither[i])));
        TT_CHECK(!tt_svcerr_is_clock_skew(S(neither[i]), S("Signature expired")));
    }
    TT_CHECK(!tt_svcerr_is_throttling(none));
    TT_CHECK(!tt_svcerr_is_clock_skew(none, none));

    /* clock skew */
    TT_CHECK(tt_svcerr_is_clock_skew(S("RequestTimeTooSkewed"), none));
    TT_CHECK(tt_svcerr_is_clock_skew(S("RequestExpired"), S("")));
    TT_CHECK(tt_svcerr_is_clock_skew(S("RequestInTheFuture"), none));
    TT_CHECK(tt_svcerr_is_clock_skew(S("AuthFailure"), none));
    TT_CHECK(tt_svcerr_is_clock_skew(
        S("InvalidSignatureException"),
        S("Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z")));
    TT_CHECK(tt_svcerr_is_clock_skew(S("InvalidSignatureException"),
                                     S("Signature not yet current: 20260101T010000Z is still "
                                       "later than 20260101T005500Z")));
    TT_CHECK(!tt_svcerr_is_clock_skew(
        S("InvalidSignatureException"),
        S("The request signature we calculated does not match the signature you provided.")));
    TT_CHECK(!tt_svcerr_is_clock_skew(S("InvalidSignatureException"), none));
    TT_CHECK(tt_svcerr_is_clock_skew(S("SignatureDoesNotMatch"),
                                     S("Signature EXPIRED: request time too skewed")));
    TT_CHECK(tt_svcerr_is_clock_skew(S("SignatureDoesNotMatch"), S("clock skew")));
    TT_CHECK(tt_svcerr_is_clock_skew(S("SignatureDoesNotMatch"), S("date is in the future")));
    TT_CHECK(!tt_svcerr_is_clock_skew(S("SignatureDoesNotMatch"), S("bad key")));
    TT_CHECK(!tt_svcerr_is_clock_skew(S("SignatureDoesNotMatch"), S("ex")));
    TT_CHECK(!tt_svcerr_is_clock_skew(S("RequestTimeTooSkewedX"), none));

    /* end to end: parsed code classified */
    {
        tt_svcerr e;
        TT_CHECK_EQ_INT(parse_c("{\"__type\":\"com.amazon.coral.availability#ThrottlingException\","
                                "\"message\":\"Rate exceeded\"}",
                                &e),
                        TT_OK);
        TT_CHECK(tt_svcerr_is_throttling(e.code));
        TT_CHECK_EQ_INT(parse_c("{\"__type\":\"InvalidSignatureException\",\"message\":"
                                "\"Signature expired: 20260101T000000Z is now earlier than "
                                "20260101T000500Z (20260101T001000Z - 5 min.)\"}",
                                &e),
                        TT_OK);
        TT_CHECK(tt_svcerr_is_clock_skew(e.code, e.message));
    }
}

/* Which classes a code has: bit 0 throttling, 1 transient, 2 retryable, 3
 * clock skew (with a hinting message), 4 clock skew (without). */
static unsigned classes(tt_str c)
{
    return (unsigned)tt_svcerr_is_throttling(c) | (unsigned)tt_svcerr_is_transient(c) << 1 |
           (unsigned)tt_svcerr_is_retryable(c) << 2 |
           (unsigned)tt_svcerr_is_clock_skew(c, S("Signature expired")) << 3 |
           (unsigned)tt_svcerr_is_clock_skew(c, S("")) << 4;
}

/* The classifiers match code names by a 32-bit hash: every listed name
 * maps to exactly its classes, and no name one edit away from a listed
 * one (a byte changed, dropped, added, two swapped, case changed,
 * "Exception" added or removed) maps to anything - unless that edit is
 * itself a listed name. */
static void test_code_hash(void)
{
    static const struct {
        const char *name;
        unsigned cls;
    } listed[] = {
        {"Throttling", 5},      {"ThrottlingException", 5},      {"ThrottledException", 5},
        {"RequestThrottled", 5}, {"RequestThrottledException", 5}, {"TooManyRequestsException", 5},
        {"ProvisionedThroughputExceededException", 5}, {"TransactionInProgressException", 5},
        {"RequestLimitExceeded", 5}, {"BandwidthLimitExceeded", 5}, {"LimitExceededException", 5},
        {"SlowDown", 5}, {"EC2ThrottledException", 5}, {"PriorRequestNotComplete", 7},
        {"RequestTimeout", 6}, {"RequestTimeoutException", 6}, {"RequestTimeTooSkewed", 24},
        {"RequestExpired", 24}, {"RequestInTheFuture", 24}, {"AuthFailure", 24},
        {"InvalidSignatureException", 8}, {"SignatureDoesNotMatch", 8},
    };
    const size_t nl = sizeof listed / sizeof listed[0];
    char buf[64];
    size_t i, n, edits = 0;
    int c, bad = 0;

    for (i = 0; i < nl; i++) {
        if (classes(S(listed[i].name)) != listed[i].cls) {
            printf("     %s: classes %u\n", listed[i].name, classes(S(listed[i].name)));
            bad++;
        }
    }
    TT_CHECK_EQ_INT(bad, 0);
    bad = 0;
    for (i = 0; i < nl; i++) {
        const char *name = listed[i].name;
        size_t len = strlen(name), k, v;
        for (v = 0; v < 6; v++) {
            for (k = 0; k <= len; k++) {
                for (c = 1; c < 256; c++) {
                    tt_str e;
                    size_t m;
                    int listed_too = 0;
                    n = 0;
                    switch (v) {
                    case 0: /* byte k changed */
                        if (k == len || (unsigned char)name[k] == c)
                            continue;
                        memcpy(buf, name, len);
                        buf[k] = (char)c;
                        n = len;
                        break;
                    case 1: /* byte c inserted at k */
                        memcpy(buf, name, k);
                        buf[k] = (char)c;
                        memcpy(buf + k + 1, name + k, len - k);
                        n = len + 1;
                        break;
                    case 2: /* byte k dropped, bytes k and k+1 swapped */
                        if (c > 2 || k + (size_t)c > len)
                            continue;
                        memcpy(buf, name, len);
                        if (c == 1) {
                            memmove(buf + k, buf + k + 1, len - k - 1);
                            n = len - 1;
                        } else {
                            buf[k] = name[k + 1];
                            buf[k + 1] = name[k];
                            n = len;
                        }
                        break;
                    case 3: /* case of byte k flipped */
                        if (c > 1 || k == len || !((name[k] | 0x20) >= 'a' && (name[k] | 0x20) <= 'z'))
                            continue;
                        memcpy(buf, name, len);
                        buf[k] ^= 0x20;
                        n = len;
                        break;
                    case 4: /* "Exception" added or removed, all upper / lower case */
                        if (k > 0 || c > 4)
                            continue;
                        for (m = 0; m < len; m++)
                            buf[m] = c == 3 && name[m] >= 'a' && name[m] <= 'z'   ? (char)(name[m] - 32)
                                     : c == 4 && name[m] >= 'A' && name[m] <= 'Z' ? (char)(name[m] + 32)
                                                                                  : name[m];
                        n = len;
                        if (c == 1) {
                            memcpy(buf + len, "Exception", 9);
                            n = len + 9;
                        } else if (c == 2) {
                            if (len < 10 || memcmp(name + len - 9, "Exception", 9) != 0)
                                continue;
                            n = len - 9;
                        }
                        break;
                    default: /* a trailing blank or NUL */
                        if (k > 0 || c > 3)
                            continue;
                        memcpy(buf, name, len);
                        buf[len] = " \t\0"[c - 1];
                        n = len + 1;
                        break;
                    }
                    e.ptr = buf;
                    e.len = n;
                    for (m = 0; m < nl; m++)
                        if (strlen(listed[m].name) == n && memcmp(listed[m].name, buf, n) == 0)
                            listed_too = 1;
                    if (listed_too)
                        continue;
                    edits++;
                    if (classes(e) != 0 && bad++ < 5)
                        printf("     one edit from %s classifies: %.*s\n", name, (int)n, buf);
                }
            }
        }
    }
    TT_CHECK_EQ_INT(bad, 0);
    TT_CHECK(edits > 100000);
}

/* tt_svcerr_end(), the client's form: texts straight into the caller's
 * buffers (whatever they held before), and what the error means. */
static unsigned end_c(const char *body, store *st)
{
    unsigned cls = 99;
    int rc;
    memset(st, 0x5a, sizeof *st);
    tt_svcerr_init(&g_p, st, &k_layout);
    (void)tt_svcerr_feed(&g_p, body, strlen(body));
    rc = tt_svcerr_end(&g_p, &cls);
    return rc == TT_OK ? cls : 100u + cls;
}

static void test_end(void)
{
    store st;
    /* small buffers: the layout's sizes bound the texts (cut on a character) */
    static const tt_svcerr_layout small = {
        {offsetof(store, code), offsetof(store, message), offsetof(store, turk)}, {5, 4, 1}};
    unsigned cls;

    TT_CHECK_EQ_INT(end_c("{\"__type\":\"a#Throttling\",\"Message\":\"m\",\"TurkErrorCode\":\"t\"}", &st),
                    TT_SVCERR_HAS_CODE | TT_SVCERR_RETRYABLE);
    TT_CHECK_EQ_STR(st.code, "Throttling");
    TT_CHECK_EQ_STR(st.message, "m");
    TT_CHECK_EQ_STR(st.turk, "t");
    TT_CHECK_EQ_INT(end_c("{\"__type\":\"RequestExpired\"}", &st),
                    TT_SVCERR_HAS_CODE | TT_SVCERR_CLOCK_SKEW);
    TT_CHECK_EQ_STR(st.message, "");
    TT_CHECK_EQ_STR(st.turk, "");
    TT_CHECK_EQ_INT(end_c("{\"__type\":\"SignatureDoesNotMatch\",\"message\":\"Signature expired\"}", &st),
                    TT_SVCERR_HAS_CODE | TT_SVCERR_CLOCK_SKEW);
    TT_CHECK_EQ_INT(end_c("{\"__type\":\"SignatureDoesNotMatch\",\"message\":\"bad key\"}", &st),
                    TT_SVCERR_HAS_CODE);
    TT_CHECK_EQ_INT(end_c("{\"__type\":\"ValidationException\"}", &st), TT_SVCERR_HAS_CODE);
    /* no __type, or a code with a NUL after a known name: no class */
    TT_CHECK_EQ_INT(end_c("{\"Message\":\"Throttling\"}", &st), 0);
    TT_CHECK_EQ_STR(st.code, "");
    TT_CHECK_EQ_STR(st.message, "Throttling");
    TT_CHECK_EQ_INT(end_c("{\"__type\":\"Throttling\\u0000\"}", &st), TT_SVCERR_HAS_CODE);
    TT_CHECK_EQ_INT(end_c("{\"__type\":null,\"Message\":5}", &st), 0);
    TT_CHECK_EQ_STR(st.code, "");
    TT_CHECK_EQ_STR(st.message, "");
    /* not JSON (even after a code was read): every buffer "", no class */
    TT_CHECK_EQ_INT(end_c("{\"__type\":\"Throttling\",\"Message\":\"x\"", &st), 100u + 0u);
    TT_CHECK_EQ_STR(st.code, "");
    TT_CHECK_EQ_STR(st.message, "");
    TT_CHECK_EQ_STR(st.turk, "");
    TT_CHECK_EQ_INT(end_c("<html>", &st), 100u + 0u);
    TT_CHECK_EQ_STR(st.code, "");

    memset(&st, 0x5a, sizeof st);
    tt_svcerr_init(&g_p, &st, &small);
    (void)tt_svcerr_feed(&g_p, "{\"__type\":\"Throttling\",\"Message\":\"\xC3\xA9\xC3\xA9\",\"TurkErrorCode\":\"x\"}", 60);
    TT_CHECK_EQ_INT(tt_svcerr_end(&g_p, &cls), TT_OK);
    TT_CHECK_EQ_INT(cls, TT_SVCERR_HAS_CODE); /* "Thro": cut, not the name */
    TT_CHECK_EQ_STR(st.code, "Thro");
    TT_CHECK_EQ_STR(st.message, "\xC3\xA9");
    TT_CHECK_EQ_STR(st.turk, "");
    TT_CHECK_EQ_INT(g_p.truncated, TT_SVCERR_TRUNC_CODE | TT_SVCERR_TRUNC_MESSAGE | TT_SVCERR_TRUNC_TURK);
}

int main(void)
{
    test_basic();
    test_not_json();
    test_truncation();
    test_classifiers();
    test_code_hash();
    test_end();
    return tt_test_summary();
}
