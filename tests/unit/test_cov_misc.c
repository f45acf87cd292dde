/*
 * test_cov_misc.c - argument checks and error branches of the small core
 * codecs (base64, request-body escaping, UTF-8) that the feature tests do
 * not reach (found by `make coverage`).
 */
#include <stdint.h>
#include <string.h>

#include "tt_base64.h"
#include "tt_body.h"
#include "tt_test.h"
#include "tt_utf8.h"

static void test_base64(void)
{
    unsigned char out[16];
    char enc[16];
    size_t len, off = 99;

    TT_CHECK_EQ_INT(tt_base64_encode(NULL, 3, enc, sizeof enc, &len), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_base64_encode("abc", 3, enc, sizeof enc, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_base64_encode("abc", SIZE_MAX, enc, sizeof enc, &len), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_base64_encode(NULL, 0, enc, sizeof enc, &len), TT_OK);
    TT_CHECK_EQ_INT(tt_base64_decode(NULL, 4, out, sizeof out, &len, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_base64_decode("QQ==", 4, out, sizeof out, NULL, NULL), TT_ERR_INVALID_ARG);
    /* every error without an err_offset, then with one */
    TT_CHECK_EQ_INT(tt_base64_decode("QQ!=", 4, out, sizeof out, &len, NULL), TT_ERR_BASE64_BAD_CHAR);
    TT_CHECK_EQ_INT(tt_base64_decode("Q=Q=", 4, out, sizeof out, &len, NULL),
                    TT_ERR_BASE64_BAD_PADDING);
    TT_CHECK_EQ_INT(tt_base64_decode("QR==", 4, out, sizeof out, &len, NULL),
                    TT_ERR_BASE64_NONCANONICAL);
    TT_CHECK_EQ_INT(tt_base64_decode("QUJ=", 4, out, sizeof out, &len, NULL),
                    TT_ERR_BASE64_NONCANONICAL);
    TT_CHECK_EQ_INT(tt_base64_decode("QUJ=", 4, out, sizeof out, &len, &off),
                    TT_ERR_BASE64_NONCANONICAL);
    TT_CHECK_EQ_INT(off, 2);
    TT_CHECK_EQ_INT(tt_base64_decode("QUJD", 4, NULL, 0, &len, &off), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(len, 3);
    TT_CHECK_EQ_INT(tt_base64_decode(NULL, 0, NULL, 0, &len, NULL), TT_OK);
    TT_CHECK_EQ_INT(tt_base64_decode_py(NULL, 4, out, sizeof out, &len), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_base64_decode_py("QQ==", 4, out, sizeof out, NULL), TT_ERR_INVALID_ARG);
}

static void test_body(void)
{
    char out[32];
    size_t len;
    TT_CHECK_EQ_INT(tt_body_escape_string("a", 1, out, sizeof out, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_body_escape_string(NULL, 1, out, sizeof out, &len), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_body_escape_string("ab", 2, NULL, 0, &len), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(len, 4);
    TT_CHECK_EQ_INT(tt_body_escape_string("ab", 2, out, 4, &len), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(tt_body_escape_string("\xff", 1, out, sizeof out, &len), TT_ERR_BODY_BAD_UTF8);
    TT_CHECK_EQ_INT(tt_body_escape_string("\"\\\x01\xc3\xa9", 5, out, sizeof out, &len), TT_OK);
    TT_CHECK_EQ_STR(out, "\"\\\"\\\\\\u0001\\u00e9\"");
}

static void test_utf8(void)
{
    uint32_t cp;
    tt_utf8_stream st;
    TT_CHECK_EQ_INT(tt_utf8_decode(NULL, 1, &cp), TT_ERR_UTF8_INVALID);
    TT_CHECK_EQ_INT(tt_utf8_decode("a", 0, &cp), TT_ERR_UTF8_INVALID);
    TT_CHECK_EQ_INT(tt_utf8_decode("a", 1, NULL), TT_ERR_UTF8_INVALID);
    tt_utf8_stream_init(&st);
    TT_CHECK_EQ_INT(tt_utf8_stream_feed(&st, "\xff", 1), TT_ERR_UTF8_INVALID);
    TT_CHECK_EQ_INT(tt_utf8_stream_feed(&st, "a", 1), TT_ERR_UTF8_INVALID); /* sticky */
    TT_CHECK_EQ_INT(tt_utf8_stream_finish(&st), TT_ERR_UTF8_INVALID);
    tt_utf8_stream_init(&st);
    TT_CHECK_EQ_INT(tt_utf8_stream_feed(&st, "\xe0", 1), TT_OK);
    TT_CHECK_EQ_INT(tt_utf8_stream_feed(&st, "\x80", 1), TT_ERR_UTF8_INVALID); /* overlong */
    tt_utf8_stream_init(&st);
    TT_CHECK_EQ_INT(tt_utf8_stream_feed(&st, "\xf4\x8f", 2), TT_OK);
    TT_CHECK_EQ_INT(tt_utf8_stream_finish(&st), TT_ERR_UTF8_INVALID); /* incomplete */
    TT_CHECK_EQ_INT(tt_utf8_stream_feed(&st, "\xbf\xbf", 2), TT_OK);
    TT_CHECK_EQ_INT(tt_utf8_stream_finish(&st), TT_OK);
    tt_utf8_stream_init(&st);
    TT_CHECK_EQ_INT(tt_utf8_stream_feed(&st, "\xf4\x90", 2), TT_ERR_UTF8_INVALID); /* > U+10FFFF */
}

int main(void)
{
    test_base64();
    test_body();
    test_utf8();
    return tt_test_summary();
}
