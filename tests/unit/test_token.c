/* tt_token: CLI pagination tokens.  Every expected value below was produced
 * with /usr/bin/python3 and Debian's botocore (TokenEncoder().encode(d) for
 * the encoder, PageIterator._parse_starting_token + _inject_token_into_kwargs
 * for the decoder); tests/integration/test_token_python.py cross-checks more. */
#include "tt_test.h"
#include "tt_token.h"

struct enc_case {
    const char *tok; /* NULL = null */
    size_t tok_len;
    int has_truncate;
    int64_t truncate;
    const char *want;
};

static const struct enc_case enc_cases[] = {
    {NULL, 0, 1, 3, "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ=="},
    {NULL, 0, 1, 0, "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAwfQ=="},
    {"AAAAAQAAAAEABAAAAAAAAAAAAAB=", 28, 0, 0,
     "eyJOZXh0VG9rZW4iOiAiQUFBQUFRQUFBQUVBQkFBQUFBQUFBQUFBQUFCPSJ9"},
    {"p2/tok+en==", 11, 1, 6,
     "eyJOZXh0VG9rZW4iOiAicDIvdG9rK2VuPT0iLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiA2fQ=="},
    {"\xc3\x89\xe6\x97\xa5\xf0\x9f\x98\x80\"\\/\x0a\x00\x7f", 15, 1, INT64_MAX,
     "eyJOZXh0VG9rZW4iOiAiXHUwMGM5XHU2NWU1XHVkODNkXHVkZTAwXCJcXC9cblx1MDAwMFx1MDA3ZiIsICJib3RvX3RydW5j"
     "YXRlX2Ftb3VudCI6IDkyMjMzNzIwMzY4NTQ3NzU4MDd9"},
    {"x", 1, 1, -5, "eyJOZXh0VG9rZW4iOiAieCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IC01fQ=="},
    {NULL, 0, 0, 0, "eyJOZXh0VG9rZW4iOiBudWxsfQ=="},
};

static void test_encode(void)
{
    size_t i;
    for (i = 0; i < sizeof enc_cases / sizeof enc_cases[0]; i++) {
        const struct enc_case *c = &enc_cases[i];
        tt_token t;
        char out[256];
        unsigned char scratch[256];
        size_t len = 0, qlen = 0;
        tt_token back;
        memset(&t, 0, sizeof t);
        t.has_next_token = c->tok != NULL;
        t.next_token.ptr = c->tok;
        t.next_token.len = c->tok_len;
        t.has_truncate = c->has_truncate;
        t.truncate = c->truncate;
        TT_CHECK_EQ_INT(tt_token_encode(&t, out, sizeof out, &len), TT_OK);
        TT_CHECK_EQ_STR(out, c->want);
        TT_CHECK_EQ_INT(len, strlen(c->want));
        TT_CHECK_EQ_INT(tt_token_encode(&t, NULL, 0, &qlen), TT_ERR_BUFFER_TOO_SMALL);
        TT_CHECK_EQ_INT(qlen, len);
        TT_CHECK_EQ_INT(tt_token_encode(&t, out, len, &qlen), TT_ERR_BUFFER_TOO_SMALL);
        TT_CHECK_EQ_INT(tt_token_encode(&t, out, len + 1, &qlen), TT_OK);
        /* round trip */
        TT_CHECK_EQ_INT(tt_token_decode(out, len, scratch, sizeof scratch, &back), TT_OK);
        TT_CHECK_EQ_INT(back.legacy, 0);
        TT_CHECK_EQ_INT(back.has_next_token, t.has_next_token);
        if (t.has_next_token)
            TT_CHECK_EQ_MEM(back.next_token.ptr, back.next_token.len, c->tok, c->tok_len);
        TT_CHECK_EQ_INT(back.has_truncate, c->has_truncate);
        TT_CHECK_EQ_INT(back.truncate, c->has_truncate ? c->truncate : 0);
    }
    {
        tt_token t;
        char out[64];
        size_t len;
        memset(&t, 0, sizeof t);
        t.has_next_token = 1;
        t.next_token.ptr = "a\xff";
        t.next_token.len = 2;
        TT_CHECK_EQ_INT(tt_token_encode(&t, out, sizeof out, &len), TT_ERR_UTF8_INVALID);
        t.next_token.ptr = NULL;
        TT_CHECK_EQ_INT(tt_token_encode(&t, out, sizeof out, &len), TT_ERR_INVALID_ARG);
        TT_CHECK_EQ_INT(tt_token_encode(NULL, out, sizeof out, &len), TT_ERR_INVALID_ARG);
        TT_CHECK_EQ_INT(tt_token_encode(&t, out, sizeof out, NULL), TT_ERR_INVALID_ARG);
    }
}

struct dec_case {
    const char *text;
    int rc;
    const char *next; /* NULL = no NextToken */
    int64_t truncate;
    int legacy;
};

/* Python-generated tokens; the comment shows the base64'd JSON and what botocore made of it. */
static const struct dec_case dec_cases[] = {
    /* {"boto_truncate_amount": 2, "NextToken": "tok"} */
    {"eyJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDIsICJOZXh0VG9rZW4iOiAidG9rIn0=", TT_OK, "tok", 2, 0},
    /* {"NextToken": "a", "NextToken": "b"} -> last wins */
    {"eyJOZXh0VG9rZW4iOiAiYSIsICJOZXh0VG9rZW4iOiAiYiJ9", TT_OK, "b", 0, 0},
    /* {"NextToken": "N\u00e9\ud83d\ude00\/x", "boto_truncate_amount": true} -> 'Né😀/x', True */
    {"eyJOZXh0VG9rZW4iOiAiTlx1MDBlOVx1ZDgzZFx1ZGUwMFwveCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IHRydWV9", TT_OK,
     "N\xc3\xa9\xf0\x9f\x98\x80/x", 1, 0},
    /* " \t\n{ "NextToken" : null , "boto_truncate_amount" : -0 } \r\n" */
    {"IAkKeyAiTmV4dFRva2VuIiA6IG51bGwgLCAiYm90b190cnVuY2F0ZV9hbW91bnQiIDogLTAgfSANCg==", TT_OK, NULL, 0, 0},
    /* {"Next\u0054oken": "esc-key"} */
    {"eyJOZXh0XHUwMDU0b2tlbiI6ICJlc2Mta2V5In0=", TT_OK, "esc-key", 0, 0},
    /* {"NextToken": "None", "boto_truncate_amount": 4} -> 'None' is not sent */
    {"eyJOZXh0VG9rZW4iOiAiTm9uZSIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDR9", TT_OK, NULL, 4, 0},
    /* {} */
    {"e30=", TT_OK, NULL, 0, 0},
    /* {"boto_encoded_keys": null, "NextToken": "t"} */
    {"eyJib3RvX2VuY29kZWRfa2V5cyI6IG51bGwsICJOZXh0VG9rZW4iOiAidCJ9", TT_OK, "t", 0, 0},
    /* {"boto_encoded_keys": [], "NextToken": "t"} */
    {"eyJib3RvX2VuY29kZWRfa2V5cyI6IFtdLCAiTmV4dFRva2VuIjogInQifQ==", TT_OK, "t", 0, 0},
    /* {"boto_encoded_keys": 5, "NextToken": "t"} -> TypeError -> legacy, verbatim */
    {"eyJib3RvX2VuY29kZWRfa2V5cyI6IDUsICJOZXh0VG9rZW4iOiAidCJ9", TT_OK,
     "eyJib3RvX2VuY29kZWRfa2V5cyI6IDUsICJOZXh0VG9rZW4iOiAidCJ9", 0, 1},
    /* {"boto_encoded_keys": [["NextToken"]], "NextToken": "dA=="} -> bytes b't' */
    {"eyJib3RvX2VuY29kZWRfa2V5cyI6IFtbIk5leHRUb2tlbiJdXSwgIk5leHRUb2tlbiI6ICJkQT09In0=",
     TT_ERR_TOKEN_UNSUPPORTED, NULL, 0, 0},
    /* {"NextToken": 5} -> CLI parameter validation error */
    {"eyJOZXh0VG9rZW4iOiA1fQ==", TT_ERR_TOKEN_BAD_NEXT, NULL, 0, 0},
    /* {"NextToken": ""} -> CLI: below min length */
    {"eyJOZXh0VG9rZW4iOiAiIn0=", TT_ERR_TOKEN_BAD_NEXT, NULL, 0, 0},
    /* boto_truncate_amount 1.5 / "3" / null / 99999999999999999999 */
    {"eyJOZXh0VG9rZW4iOiAidCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDEuNX0=", TT_ERR_TOKEN_BAD_AMOUNT, NULL, 0, 0},
    {"eyJOZXh0VG9rZW4iOiAidCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6ICIzIn0=", TT_ERR_TOKEN_BAD_AMOUNT, NULL, 0, 0},
    {"eyJOZXh0VG9rZW4iOiAidCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IG51bGx9", TT_ERR_TOKEN_BAD_AMOUNT, NULL, 0, 0},
    {"eyJOZXh0VG9rZW4iOiAidCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDk5OTk5OTk5OTk5OTk5OTk5OTk5fQ==",
     TT_ERR_TOKEN_BAD_AMOUNT, NULL, 0, 0},
    /* {"NextToken": "t", "MaxResults": 5} -> botocore would inject MaxResults */
    {"eyJOZXh0VG9rZW4iOiAidCIsICJNYXhSZXN1bHRzIjogNX0=", TT_ERR_TOKEN_UNKNOWN_KEY, NULL, 0, 0},
    /* {"NextToken": "t", "Other": null, "More": "None"} -> both skipped */
    {"eyJOZXh0VG9rZW4iOiAidCIsICJPdGhlciI6IG51bGwsICJNb3JlIjogIk5vbmUifQ==", TT_OK, "t", 0, 0},
    /* {"NextToken": "t", "x": [1, {"a": NaN, "b": [Infinity, -Infinity, 1e5, -0.5E-3]}]}: valid Python JSON */
    {"eyJOZXh0VG9rZW4iOiAidCIsICJ4IjogWzEsIHsiYSI6IE5hTiwgImIiOiBbSW5maW5pdHksIC1JbmZpbml0eSwgMWU1LCAtMC41"
     "RS0zXX1dfQ==",
     TT_ERR_TOKEN_UNKNOWN_KEY, NULL, 0, 0},
    /* {"NextToken": "\ud800"} and "\ud800\u0041": lone surrogates */
    {"eyJOZXh0VG9rZW4iOiAiXHVkODAwIn0=", TT_ERR_TOKEN_UNSUPPORTED, NULL, 0, 0},
    {"eyJOZXh0VG9rZW4iOiAiXHVkODAwXHUwMDQxIn0=", TT_ERR_TOKEN_UNSUPPORTED, NULL, 0, 0},
    /* [1, 2] -> list.pop TypeError -> legacy */
    {"WzEsIDJd", TT_OK, "WzEsIDJd", 0, 1},
    /* "str", 5, null -> AttributeError */
    {"InN0ciI=", TT_ERR_TOKEN_NOT_OBJECT, NULL, 0, 0},
    {"NQ==", TT_ERR_TOKEN_NOT_OBJECT, NULL, 0, 0},
    {"bnVsbA==", TT_ERR_TOKEN_NOT_OBJECT, NULL, 0, 0},
    {"MTIz", TT_ERR_TOKEN_NOT_OBJECT, NULL, 0, 0},
    /* invalid JSON (trailing comma, extra data, raw control char, bad escape, 01, BOM, two docs) -> verbatim */
    {"eyJOZXh0VG9rZW4iOiAidCIsfQ==", TT_OK, "eyJOZXh0VG9rZW4iOiAidCIsfQ==", 0, 1},
    {"eyJOZXh0VG9rZW4iOiAidCJ9IHg=", TT_OK, "eyJOZXh0VG9rZW4iOiAidCJ9IHg=", 0, 1},
    {"eyJOZXh0VG9rZW4iOiAidAEifQ==", TT_OK, "eyJOZXh0VG9rZW4iOiAidAEifQ==", 0, 1},
    {"eyJOZXh0VG9rZW4iOiAidFx4In0=", TT_OK, "eyJOZXh0VG9rZW4iOiAidFx4In0=", 0, 1},
    {"eyJOZXh0VG9rZW4iOiAwMX0=", TT_OK, "eyJOZXh0VG9rZW4iOiAwMX0=", 0, 1},
    {"77u/eyJOZXh0VG9rZW4iOiAidCJ9", TT_OK, "77u/eyJOZXh0VG9rZW4iOiAidCJ9", 0, 1},
    {"eyJOZXh0VG9rZW4iOiAidCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9e30=", TT_OK,
     "eyJOZXh0VG9rZW4iOiAidCIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9e30=", 0, 1},
    /* legacy forms */
    {"not-a-token", TT_OK, "not-a-token", 0, 1},
    {"abc___5", TT_OK, "abc", 5, 1},
    {"abc___x", TT_OK, "abc___x", 0, 1},
    {"a___b___c", TT_ERR_TOKEN_LEGACY_PARTS, NULL, 0, 1},
    {"None", TT_OK, NULL, 0, 1},
    {"None___3", TT_OK, NULL, 3, 1},
    {"", TT_ERR_TOKEN_BAD_NEXT, NULL, 0, 1},
    {"___5", TT_ERR_TOKEN_BAD_NEXT, NULL, 0, 1},
    {"tok___ -7 ", TT_OK, "tok", -7, 1},
    {"tok___1_000", TT_OK, "tok", 1000, 1},
    {"tok___1__0", TT_OK, "tok___1__0", 0, 1},
    {"tok___+3\x0b", TT_OK, "tok", 3, 1},
    {"tok___\x1c" "3", TT_OK, "tok___\x1c" "3", 0, 1},
    {"x____5", TT_OK, "x____5", 0, 1},
    {"_____5", TT_OK, "_____5", 0, 1},
    {"tok___\xe3\x80\x80" "3", TT_OK, "tok", 3, 1},
    {"tok___99999999999999999999", TT_ERR_TOKEN_BAD_AMOUNT, NULL, 0, 1},
    /* int() takes Unicode decimal digits: U+0661 ARABIC-INDIC ONE; U+FF11 U+0665 = "15" */
    {"tok___\xd9\xa1", TT_OK, "tok", 1, 1},
    {"tok___\xef\xbc\x91\xd9\xa5", TT_OK, "tok", 15, 1},
    {"tok___\xd9\xa1x", TT_OK, "tok___\xd9\xa1x", 0, 1},
    /* Python's lenient base64: junk skipped, data after the pad ignored */
    {"eyJOZXh0VG9rZW4iOiAidCJ9\x0a", TT_OK, "t", 0, 0},
    {"eyJOZXh0VG9rZW4iOiAidCJ9====junk", TT_OK, "eyJOZXh0VG9rZW4iOiAidCJ9====junk", 0, 1},
};

static void test_decode(void)
{
    size_t i;
    for (i = 0; i < sizeof dec_cases / sizeof dec_cases[0]; i++) {
        const struct dec_case *c = &dec_cases[i];
        unsigned char scratch[256];
        tt_token t;
        size_t n = strlen(c->text);
        int rc = tt_token_decode(c->text, n, scratch, sizeof scratch, &t);
        if (rc != c->rc)
            printf("  case %u: %s\n", (unsigned)i, c->text);
        TT_CHECK_EQ_INT(rc, c->rc);
        if (rc != TT_OK || c->rc != TT_OK)
            continue;
        TT_CHECK_EQ_INT(t.has_next_token, c->next != NULL);
        if (c->next)
            TT_CHECK_EQ_MEM(t.next_token.ptr, t.next_token.len, c->next, strlen(c->next));
        TT_CHECK_EQ_INT(t.truncate, c->truncate);
        TT_CHECK_EQ_INT(t.legacy, c->legacy);
    }
}

static void test_decode_limits(void)
{
    /* {"NextToken": "t", "x": [[[...300 deep...]]]} is fine; 600 deep is refused */
    char text[4096], json[2048];
    unsigned char scratch[4096];
    size_t k = 0, i, len;
    tt_token t;
    unsigned depth;
    for (depth = 300; depth <= 600; depth += 300) {
        k = 0;
        memcpy(json, "{\"NextToken\": \"t\", \"x\": ", 24);
        k = 24;
        for (i = 0; i < depth; i++)
            json[k++] = '[';
        for (i = 0; i < depth; i++)
            json[k++] = ']';
        json[k++] = '}';
        TT_CHECK_EQ_INT(tt_base64_encode(json, k, text, sizeof text, &len), TT_OK);
        TT_CHECK_EQ_INT(tt_token_decode(text, len, scratch, sizeof scratch, &t),
                        depth < TT_TOKEN_MAX_DEPTH ? TT_ERR_TOKEN_UNKNOWN_KEY : TT_ERR_TOKEN_TOO_DEEP);
    }
    /* a scratch buffer that is too small is reported before anything else */
    TT_CHECK_EQ_INT(tt_token_decode("e30=", 4, scratch, TT_TOKEN_SCRATCH_SIZE(4) - 1, &t),
                    TT_ERR_BUFFER_TOO_SMALL);
    TT_CHECK_EQ_INT(tt_token_decode("e30=", 4, scratch, TT_TOKEN_SCRATCH_SIZE(4), &t), TT_OK);
    TT_CHECK_EQ_INT(tt_token_decode(NULL, 4, scratch, sizeof scratch, &t), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_token_decode("e30=", 4, scratch, sizeof scratch, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_token_decode(NULL, 0, NULL, 0, &t), TT_ERR_BUFFER_TOO_SMALL);
}

int main(void)
{
    test_encode();
    test_decode();
    test_decode_limits();
    return tt_test_summary();
}
