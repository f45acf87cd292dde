/* tt_base64: RFC 4648 vectors, strict decoder error classes, Python-rule decoder
 * (expected values produced by /usr/bin/python3 base64.b64decode), streaming. */
#include "tt_base64.h"
#include "tt_test.h"

struct pycase {
    const char *in;
    size_t n;
    int rc;
    const char *out;
    size_t out_len;
};

/* base64.b64decode(in) in CPython 3.11: output, or which binascii.Error. */
static const struct pycase py_cases[] = {
    {"", 0, 0, "", 0},
    {"Zg==", 4, 0, "f", 1},
    {"Zm8=", 4, 0, "fo", 2},
    {"Zm9v", 4, 0, "foo", 3},
    {"QQ==", 4, 0, "A", 1},
    {"QQ=", 3, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"QQ", 2, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"Q=Q=", 4, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"QQ==QQ==", 8, 0, "A", 1},
    {"QUJD=QQ==", 9, 0, "ABCA", 4},
    {"=QQ==", 5, 0, "A", 1},
    {"QQ=a=", 5, 0, "A\x06", 2},
    {"Q", 1, TT_ERR_BASE64_BAD_LENGTH, "", 0},
    {"QQ=x", 4, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"QUI=Q", 5, 0, "AB", 2},
    {"QU=I", 4, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"Q===", 4, TT_ERR_BASE64_BAD_LENGTH, "", 0},
    {"QQ==x", 5, 0, "A", 1},
    {"Q!Q==", 5, 0, "A", 1},
    {"QUJ", 3, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"QR==", 4, 0, "A", 1},
    {"QU=ABCD=", 8, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"QU=ABCD==", 9, 0, "A@\x01\x08", 4},
    {"QUJ=D=", 6, 0, "AB", 2},
    {"Zm 9v\x0a", 6, 0, "foo", 3},
    {"Z\xc3\xa9m9v", 6, 0, "foo", 3},
    {"====", 4, 0, "", 0},
    {"Zm9vYg", 6, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"Zm9vYg=", 7, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"Zm9vYmE", 7, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"Z-_v", 4, TT_ERR_BASE64_BAD_PADDING, "", 0},
    {"QUJDRA==", 8, 0, "ABCD", 4},
};

static void test_rfc4648(void)
{
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    size_t i, len;
    for (i = 0; i < 7; i++) {
        char out[16];
        unsigned char dec[16];
        size_t elen = 99;
        TT_CHECK_EQ_INT(tt_base64_encode(plain[i], strlen(plain[i]), out, sizeof out, &len), TT_OK);
        TT_CHECK_EQ_STR(out, enc[i]);
        TT_CHECK_EQ_INT(len, strlen(enc[i]));
        TT_CHECK_EQ_INT(TT_BASE64_ENCODED_LEN(strlen(plain[i])), strlen(enc[i]));
        TT_CHECK_EQ_INT(tt_base64_decode(enc[i], strlen(enc[i]), dec, sizeof dec, &len, NULL), TT_OK);
        TT_CHECK_EQ_MEM(dec, len, plain[i], strlen(plain[i]));
        TT_CHECK_EQ_INT(tt_base64_decode_py(enc[i], strlen(enc[i]), dec, sizeof dec, &len), TT_OK);
        TT_CHECK_EQ_MEM(dec, len, plain[i], strlen(plain[i]));
        /* size query and exact-fit boundaries */
        TT_CHECK_EQ_INT(tt_base64_encode(plain[i], strlen(plain[i]), NULL, 0, &elen),
                        TT_ERR_BUFFER_TOO_SMALL);
        TT_CHECK_EQ_INT(elen, strlen(enc[i]));
        TT_CHECK_EQ_INT(tt_base64_encode(plain[i], strlen(plain[i]), out, elen, &len),
                        TT_ERR_BUFFER_TOO_SMALL);
        TT_CHECK_EQ_INT(tt_base64_encode(plain[i], strlen(plain[i]), out, elen + 1, &len), TT_OK);
    }
}

static void test_all_bytes(void)
{
    unsigned char in[256], back[256];
    char text[TT_BASE64_ENCODED_LEN(256) + 1];
    size_t n, len, len2, i;
    for (i = 0; i < 256; i++)
        in[i] = (unsigned char)(255 - i);
    for (n = 0; n <= 256; n += 1) {
        int ok = tt_base64_encode(in, n, text, sizeof text, &len) == TT_OK &&
                 tt_base64_decode(text, len, back, sizeof back, &len2, NULL) == TT_OK && len2 == n &&
                 memcmp(back, in, n) == 0;
        if (!ok) {
            TT_CHECK(ok);
            break;
        }
    }
    TT_CHECK(n == 257);
    /* the whole alphabet decodes to the expected bytes */
    TT_CHECK_EQ_INT(tt_base64_decode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64,
                                     back, sizeof back, &len, NULL),
                    TT_OK);
    TT_CHECK_EQ_INT(len, 48);
    TT_CHECK(back[0] == 0x00 && back[1] == 0x10 && back[2] == 0x83 && back[45] == 0xf3 && back[46] == 0xdf &&
             back[47] == 0xbf);
}

static void test_strict_errors(void)
{
    unsigned char out[16];
    size_t len = 0, off = 99;
    TT_CHECK_EQ_INT(tt_base64_decode("Zm9", 3, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_LENGTH);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm9vY", 5, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_LENGTH);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm 9", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_CHAR);
    TT_CHECK_EQ_INT(off, 2);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm-_", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_CHAR);
    TT_CHECK_EQ_INT(off, 2);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm9v\nZm9v", 9, out, sizeof out, &len, &off),
                    TT_ERR_BASE64_BAD_LENGTH);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm\0v", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_CHAR);
    TT_CHECK_EQ_INT(tt_base64_decode("Z\xc3\xa9v", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_CHAR);
    TT_CHECK_EQ_INT(off, 1);
    TT_CHECK_EQ_INT(tt_base64_decode("Zg==Zg==", 8, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_PADDING);
    TT_CHECK_EQ_INT(off, 2);
    TT_CHECK_EQ_INT(tt_base64_decode("Z===", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_PADDING);
    TT_CHECK_EQ_INT(off, 1);
    TT_CHECK_EQ_INT(tt_base64_decode("====", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_PADDING);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm=v", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_BAD_PADDING);
    TT_CHECK_EQ_INT(off, 2);
    TT_CHECK_EQ_INT(tt_base64_decode("Zh==", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_NONCANONICAL);
    TT_CHECK_EQ_INT(off, 1);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm9=", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_NONCANONICAL);
    TT_CHECK_EQ_INT(off, 2);
    TT_CHECK_EQ_INT(tt_base64_decode("QR==", 4, out, sizeof out, &len, &off), TT_ERR_BASE64_NONCANONICAL);
    /* too small: needed size reported */
    TT_CHECK_EQ_INT(tt_base64_decode("Zm9vYmFy", 8, out, 5, &len, &off), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(len, 6);
    TT_CHECK_EQ_INT(tt_base64_decode("Zm9vYmE=", 8, NULL, 0, &len, &off), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(len, 5);
    TT_CHECK_EQ_INT(tt_base64_decode("", 0, NULL, 0, &len, NULL), TT_OK);
    TT_CHECK_EQ_INT(len, 0);
    TT_CHECK_EQ_INT(tt_base64_decode(NULL, 4, out, sizeof out, &len, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_base64_encode(NULL, 1, (char *)out, sizeof out, &len), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_base64_encode("x", 1, (char *)out, sizeof out, NULL), TT_ERR_INVALID_ARG);
}

static void test_python_rules(void)
{
    size_t i;
    for (i = 0; i < sizeof py_cases / sizeof py_cases[0]; i++) {
        unsigned char out[32];
        size_t len = 0;
        int rc = tt_base64_decode_py(py_cases[i].in, py_cases[i].n, out, sizeof out, &len);
        TT_CHECK_EQ_INT(rc, py_cases[i].rc);
        if (rc == TT_OK)
            TT_CHECK_EQ_MEM(out, len, py_cases[i].out, py_cases[i].out_len);
        TT_CHECK(TT_BASE64_DECODED_MAX(py_cases[i].n) >= len);
    }
    {
        unsigned char out[4];
        size_t len = 0;
        TT_CHECK_EQ_INT(tt_base64_decode_py("Zm9vYmFy", 8, out, sizeof out, &len), TT_ERR_BUFFER_TOO_SMALL);
        TT_CHECK_EQ_INT(len, 6);
        TT_CHECK_EQ_INT(tt_base64_decode_py("Zm9vYmFy", 8, NULL, 0, &len), TT_ERR_BUFFER_TOO_SMALL);
        TT_CHECK_EQ_INT(len, 6);
    }
}

static void test_stream(void)
{
    const char *msg = "{\"NextToken\": null, \"boto_truncate_amount\": 3}";
    char out[128];
    size_t len = 0, i;
    tt_base64_stream st;
    /* byte by byte gives the same text as all at once */
    tt_base64_stream_init(&st, out, sizeof out);
    for (i = 0; msg[i]; i++)
        tt_base64_stream_put(&st, msg + i, 1);
    TT_CHECK_EQ_INT(tt_base64_stream_finish(&st, &len), TT_OK);
    TT_CHECK_EQ_STR(out, "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==");
    /* too small: counts on */
    tt_base64_stream_init(&st, out, 10);
    tt_base64_stream_put(&st, msg, strlen(msg));
    TT_CHECK_EQ_INT(tt_base64_stream_finish(&st, &len), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(len, 64);
    TT_CHECK_EQ_MEM(out, 10, "eyJOZXh0VG", 10);
    tt_base64_stream_init(&st, NULL, 0);
    tt_base64_stream_put(&st, "ab", 2);
    TT_CHECK_EQ_INT(tt_base64_stream_finish(&st, &len), TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(len, 4);
}

int main(void)
{
    test_rfc4648();
    test_all_bytes();
    test_strict_errors();
    test_python_rules();
    test_stream();
    return tt_test_summary();
}
