/*
 * test_jmespath.c - the official JMESPath compliance suite
 * (every tests/vectors/jmespath JSON file, 908 cases) plus python-jmespath
 * compatibility cases whose expected text was produced with
 * /usr/bin/python3 (jmespath 1.0.1): json.dumps(jmespath.search(expr, data)).
 *
 * Run from the repository root.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "tt_jmespath.h"
#include "tt_jv.h"
#include "tt_test.h"

#define VEC_DIR "tests/vectors/jmespath"

static unsigned suite_pass, suite_fail, suite_cases;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = (char *)malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        if (buf) {
            buf[n] = '\0';
            *len = (size_t)n;
        }
    }
    fclose(f);
    return buf;
}

static void print_json(const char *label, const tt_jv *v)
{
    tt_jv_buf b;
    tt_jv_buf_init(&b);
    tt_jv_dump_buf(v, NULL, &b);
    printf("     %s %s\n", label, b.ptr ? b.ptr : "(none)");
    tt_jv_buf_free(&b);
}

/* Runs one case; returns 1 when it behaves as the suite says. */
static int run_case(const char *file, const tt_jv *given, const tt_jv *c)
{
    size_t elen = 0;
    const char *expr = tt_jv_get_string(tt_jv_object_get(c, "expression", 10), &elen);
    const tt_jv *want = tt_jv_object_get(c, "result", 6);
    const char *want_err = tt_jv_get_string(tt_jv_object_get(c, "error", 5), NULL);
    int bench = tt_jv_object_get(c, "bench", 5) != NULL;
    tt_jmespath *q = NULL;
    tt_jmespath_error e;
    tt_jv *got = NULL;
    int rc, ok;

    if (!expr) {
        printf("FAIL %s: case without expression\n", file);
        return 0;
    }
    rc = tt_jmespath_compile(expr, elen, &q, &e);
    if (rc == TT_OK)
        rc = tt_jmespath_search(q, given, &got, &e);
    if (bench) {
        ok = rc == TT_OK;
    } else if (want_err) {
        ok = rc != TT_OK && strcmp(tt_jmespath_kind_name(e.kind), want_err) == 0;
    } else {
        ok = rc == TT_OK && tt_jv_equal(got, want);
    }
    if (!ok) {
        printf("FAIL %s: expression [%s]\n", file, expr);
        if (want_err)
            printf("     want error %s\n", want_err);
        else if (!bench)
            print_json("want", want);
        if (rc == TT_OK)
            print_json("got ", got);
        else
            printf("     got error %s: %s\n", tt_jmespath_kind_name(e.kind), e.msg);
    }
    tt_jv_free(got);
    tt_jmespath_free(q);
    return ok;
}

static void run_file(const char *name)
{
    char path[512];
    char err[160];
    size_t len = 0, s, k;
    char *text;
    tt_jv *doc = NULL;
    snprintf(path, sizeof path, "%s/%s", VEC_DIR, name);
    text = read_file(path, &len);
    if (!TT_CHECK(text != NULL)) {
        printf("     cannot read %s (run from the repo root)\n", path);
        return;
    }
    if (!TT_CHECK(tt_jv_parse(text, len, &doc, err, sizeof err) == TT_OK)) {
        printf("     %s: %s\n", path, err);
        free(text);
        return;
    }
    for (s = 0; s < tt_jv_array_len(doc); s++) {
        const tt_jv *suite = tt_jv_array_get(doc, s);
        const tt_jv *given = tt_jv_object_get(suite, "given", 5);
        const tt_jv *cases = tt_jv_object_get(suite, "cases", 5);
        for (k = 0; k < tt_jv_array_len(cases); k++) {
            int ok = run_case(name, given, tt_jv_array_get(cases, k));
            suite_cases++;
            if (ok) {
                suite_pass++;
                tt_test_passed++;
            } else {
                suite_fail++;
                tt_test_failed++;
            }
        }
    }
    tt_jv_free(doc);
    free(text);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void run_suite(void)
{
    DIR *d = opendir(VEC_DIR);
    struct dirent *de;
    char *names[64];
    size_t n = 0, k;
    if (!TT_CHECK(d != NULL)) {
        printf("     cannot open %s (run from the repo root)\n", VEC_DIR);
        return;
    }
    while ((de = readdir(d)) != NULL && n < 64) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0) {
            names[n] = (char *)malloc(l + 1);
            if (names[n])
                memcpy(names[n++], de->d_name, l + 1);
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_names);
    TT_CHECK_EQ_INT(n, 16);
    for (k = 0; k < n; k++) {
        run_file(names[k]);
        free(names[k]);
    }
    TT_CHECK_EQ_INT(suite_cases, 908);
    printf("jmespath-suite: %u passed, %u failed (of %u cases)\n", suite_pass, suite_fail,
           suite_cases);
}

/* ---- python-jmespath compatibility: exact json.dumps text of results ---- */

typedef struct compat_case {
    const char *data;
    const char *expr;
    const char *want; /* json.dumps(result) or "!<kind>" */
} compat_case;

static const compat_case compat[] = {
    {"{\"a\":[1,2.5,\"\303\251\",null,true,{\"k\":\"v\"}]}", "to_string(@)", "\"{\\\"a\\\":[1,2.5,\\\"\\\\u00e9\\\",null,true,{\\\"k\\\":\\\"v\\\"}]}\""},
    {"{\"a\":[1,2.5]}", "to_string(a)", "\"[1,2.5]\""},
    {"null", "to_string(`1e16`)", "\"1e+16\""},
    {"null", "to_string(`0.1`)", "\"0.1\""},
    {"null", "to_string(`1.0`)", "\"1.0\""},
    {"null", "to_string(`100`)", "\"100\""},
    {"null", "to_string(`\"x\"`)", "\"x\""},
    {"\"a\\u00e9\\u65e5\\ud83d\\ude00\"", "length(@)", "4"},
    {"\"a\\u00e9\\u65e5\\ud83d\\ude00\"", "reverse(@)", "\"\\ud83d\\ude00\\u65e5\\u00e9a\""},
    {"[{\"n\":\"b\",\"k\":1},{\"n\":\"a\",\"k\":0},{\"n\":\"c\",\"k\":1},{\"n\":\"d\",\"k\":0}]", "sort_by(@, &k)[].n", "[\"a\", \"d\", \"b\", \"c\"]"},
    {"[{\"n\":\"b\",\"k\":1},{\"n\":\"a\",\"k\":0},{\"n\":\"c\",\"k\":1},{\"n\":\"d\",\"k\":0}]", "max_by(@, &k).n", "\"b\""},
    {"[{\"n\":\"b\",\"k\":1},{\"n\":\"a\",\"k\":0},{\"n\":\"c\",\"k\":1},{\"n\":\"d\",\"k\":0}]", "min_by(@, &k).n", "\"a\""},
    {"[{\"n\":\"b\",\"k\":1},{\"n\":\"a\",\"k\":0}]", "sort_by(@, &n)[].k", "[0, 1]"},
    {"[3, 1.5, 2, 1, 1.0]", "sort(@)", "[1, 1.0, 1.5, 2, 3]"},
    {"[\"b\", \"a\", \"\303\251\", \"B\"]", "sort(@)", "[\"B\", \"a\", \"b\", \"\\u00e9\"]"},
    {"[1, 2.0, 2]", "max(@)", "2.0"},
    {"[1.0, 2, 1]", "min(@)", "1.0"},
    {"[\"b\", \"a\", \"c\"]", "max(@)", "\"c\""},
    {"[1, 2.5]", "sum(@)", "3.5"},
    {"[1, 2]", "sum(@)", "3"},
    {"[]", "sum(@)", "0"},
    {"[1, 2]", "avg(@)", "1.5"},
    {"[]", "avg(@)", "null"},
    {"[0.1, 0.2, 0.3]", "sum(@)", "0.6000000000000001"},
    {"null", "ceil(`1.5`)", "2"},
    {"null", "floor(`-1.5`)", "-2"},
    {"null", "ceil(`3`)", "3"},
    {"null", "ceil(`1e20`)", "100000000000000000000"},
    {"null", "abs(`-1.5`)", "1.5"},
    {"null", "abs(`-3`)", "3"},
    {"null", "abs(`-9223372036854775808`)", "9223372036854775808"},
    {"null", "`123456789012345678901234567890`", "123456789012345678901234567890"},
    {"{\"name\":\"bob\"}", "name > 'alice'", "true"},
    {"{\"name\":\"bob\"}", "name < 'alice'", "false"},
    {"[{\"a\":\"x\"},{\"a\":\"y\"}]", "[\?a >= 'y'].a", "[\"y\"]"},
    {"true", "@ == `1`", "false"},
    {"[true]", "@ == `[1]`", "true"},
    {"[true]", "contains(@, `1`)", "true"},
    {"[1]", "contains(@, `true`)", "true"},
    {"1", "@ == `1.0`", "true"},
    {"{\"a\": 1}", "@ == `{\"a\": 1.0}`", "true"},
    {"null", "to_number('1_000')", "1000"},
    {"null", "to_number(' 12 ')", "12"},
    {"null", "to_number('1e3')", "1000.0"},
    {"null", "to_number('0x10')", "null"},
    {"null", "to_number('inf')", "Infinity"},
    {"null", "to_number('-Infinity')", "-Infinity"},
    {"null", "to_number('-0')", "0"},
    {"null", "to_number('007')", "7"},
    {"null", "to_number('1.')", "1.0"},
    {"null", "to_number('.5')", "0.5"},
    {"null", "to_number('+5')", "5"},
    {"null", "to_number('1__0')", "null"},
    {"null", "to_number('')", "null"},
    {"null", "to_number('99999999999999999999')", "99999999999999999999"},
    {"null", "to_number(`true`)", "null"},
    {"null", "to_number(`\"1.5\"`)", "1.5"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[::-1]", "[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[10:-10:-1]", "[9, 8, 7, 6, 5, 4, 3, 2, 1]"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[-100:100:3]", "[0, 3, 6, 9]"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[::9223372036854775807]", "[0]"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[::-99999999999999999999]", "[9]"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[99999999999999999999]", "null"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[-99999999999999999999:2]", "[0, 1]"},
    {"[0,1,2,3,4,5,6,7,8,9]", "[:0:0]", "!invalid-value"},
    {"{\"foo\":[[{\"a\":1},{\"a\":2}]]}", "foo[0][0:2].a", "null"},
    {"{\"foo\":[[{\"a\":1},{\"a\":2}]]}", "foo[0:1][0].a", "[1]"},
    {"{\"foo\":[{\"a\":1},{\"a\":2}]}", "foo[0:2].a", "[1, 2]"},
    {"{\"a\":null,\"b\":2}", "not_null(a, b, `1`)", "2"},
    {"[{\"a\":1,\"b\":2},{\"a\":3,\"c\":4}]", "merge([0], [1])", "{\"a\": 3, \"b\": 2, \"c\": 4}"},
    {"{\"z\":1,\"a\":2,\"m\":3}", "keys(@)", "[\"z\", \"a\", \"m\"]"},
    {"{\"z\":1,\"a\":2,\"m\":3}", "values(@)", "[1, 2, 3]"},
    {"null", "{a: a}", "null"},
    {"null", "[a]", "null"},
    {"null", "!`0`", "false"},
    {"null", "!`0.0`", "false"},
    {"null", "!`\"\"`", "true"},
    {"null", "!`[0]`", "false"},
    {"{\"a\":[1,2,3]}", "length(a b)", "!invalid-arity"},
    {"{\"a\":[1,2,3]}", "length(a,)", "3"},
    {"null", "`foo`", "\"foo\""},
    {"null", "`  foo bar`", "\"foo bar\""},
    {"{\"\303\251\":1}", "\"\\u00e9\"", "1"},
    {"{\"a\":[[1,[2]],3,null,[null]]}", "a[]", "[1, [2], 3]"},
    {"{\"a\":[[1,[2]],3,null,[null]]}", "a[][]", "[1, 2, 3]"},
    {"{\"a\":{\"b\":1,\"c\":null,\"d\":2}}", "a.*", "[1, 2]"},
    {"[{\"a\":1},{\"b\":2}]", "[*].a", "[1]"},
    {"[{\"a\":1},{\"b\":2}]", "map(&a, @)", "[1, null]"},
    {"{\"a\":\"x\",\"b\":[\"y\",\"z\"]}", "join(', ', [a, b[0]])", "\"x, y\""},
    {"{\"a\":\"x\",\"b\":[\"y\",\"z\"]}", "join(', ', b)", "\"y, z\""},
    {"{\"a\":\"hello\"}", "starts_with(a, 'he')", "true"},
    {"{\"a\":\"hello\"}", "ends_with(a, 'lo')", "true"},
    {"null", "type(`1.5`)", "\"number\""},
    {"null", "to_array(`1`)", "[1]"},
    {"[1,2]", "to_array(@)", "[1, 2]"},
    {"null", "sort(`[1, \"a\"]`)", "!invalid-type"},
    {"null", "sum(`[true]`)", "!invalid-type"},
    {"null", "abs(`\"x\"`)", "!invalid-type"},
    {"null", "map(`1`, `[1]`)", "!invalid-type"},
    {"null", "sort_by(`[{\"a\": true}]`, &a)", "!invalid-type"},
    {"null", "max_by(`[{\"a\": true}]`, &a)", "!invalid-type"},
    {"null", "not_null()", "!invalid-arity"},
    {"null", "foo[\?a==b", "!syntax"},
    {"null", "\"foo\"(a)", "!syntax"},
    {"null", "@.foo", "null"},
    {"{\"foo\":{\"bar\":[0,1]}}", "foo.bar[-1]", "1"},
    {"{\"a\":\"\342\234\223\"}", "a", "\"\\u2713\""},
    {"{\"a\":[{\"b\":1},{\"b\":2}]}", "a[\?b==`2`] | [0]", "{\"b\": 2}"},
    {"{\"a\":[{\"b\":1},{\"b\":2}]}", "a[\?b==`2`][0]", "[]"},
    {"false", "!!&a", "true"},
    {"[[true], [], \"abc\"]", "not_null(b&r, @)[-2][]", "null"},
    {"null", "type(&a)", "null"},
    {"[]", "!not_null(f&o.*, @)", "false"},
    {"{\"foo\": [], \"a\": \"abc\"}", "merge((@), \"foo\"[-2:])", "{\"foo\": [], \"a\": \"abc\"}"},
    {"\" 7 \"", "[merge({foo: \"bar\".[a, b], c: \"bar\", b: \"foo\"}, [{c: b, bar: foo}])]", "[{\"foo\": null, \"c\": \"bar\", \"b\": null}]"},
    {"{\"a\":1}", "merge(@, `[[\"k\", 2]]`, `[\"xy\"]`)", "{\"a\": 1, \"k\": 2, \"x\": \"y\"}"},
    {"null", "`9007199254740993` > `9007199254740992.0`", "true"},
    {"null", "`[9007199254740993]` == `[9007199254740992.0]`", "false"},
    {"null", "length(&a)", "!invalid-type"},
    {"null", "sort_by(`[1]`, `1`)", "!invalid-type"},
};

static void run_compat(void)
{
    size_t k;
    for (k = 0; k < sizeof compat / sizeof compat[0]; k++) {
        const compat_case *cc = &compat[k];
        tt_jv *data = NULL, *got = NULL;
        tt_jmespath *q = NULL;
        tt_jmespath_error e;
        tt_jv_buf b;
        char err[128];
        int rc;
        tt_jv_buf_init(&b);
        if (!TT_CHECK(tt_jv_parse(cc->data, strlen(cc->data), &data, err, sizeof err) == 0)) {
            printf("     data %s: %s\n", cc->data, err);
            continue;
        }
        rc = tt_jmespath_compile(cc->expr, strlen(cc->expr), &q, &e);
        if (rc == TT_OK)
            rc = tt_jmespath_search(q, data, &got, &e);
        if (cc->want[0] == '!') {
            if (!TT_CHECK(rc != TT_OK && strcmp(tt_jmespath_kind_name(e.kind), cc->want + 1) == 0))
                printf("     expr [%s] want error %s, got rc %d kind %s\n", cc->expr,
                       cc->want + 1, rc, tt_jmespath_kind_name(e.kind));
        } else if (TT_CHECK(rc == TT_OK)) {
            tt_jv_dump_buf(got, NULL, &b);
            if (!TT_CHECK(b.ptr && strcmp(b.ptr, cc->want) == 0))
                printf("     expr [%s] on %s\n     got  %s\n     want %s\n", cc->expr, cc->data,
                       b.ptr ? b.ptr : "", cc->want);
        } else {
            printf("     expr [%s] failed: %s\n", cc->expr, e.msg);
        }
        tt_jv_buf_free(&b);
        tt_jv_free(got);
        tt_jv_free(data);
        tt_jmespath_free(q);
    }
}

/* ---- API behaviour ---- */

static void run_api(void)
{
    tt_jmespath *q = NULL;
    tt_jmespath_error e;
    tt_jv *data = NULL, *r = NULL;
    const char *doc = "{\"Assignments\":[{\"AssignmentId\":\"A1\",\"AssignmentStatus\":"
                      "\"Submitted\",\"WorkerId\":\"W1\"},{\"AssignmentId\":\"A2\","
                      "\"AssignmentStatus\":\"Approved\",\"WorkerId\":\"W2\"}]}";
    const char *expr = "Assignments[?AssignmentStatus==`Submitted`].[AssignmentId,WorkerId]";
    tt_jv_buf b;
    TT_CHECK(tt_jv_parse(doc, strlen(doc), &data, NULL, 0) == TT_OK);
    TT_CHECK(tt_jmespath_compile(expr, strlen(expr), &q, &e) == TT_OK);
    TT_CHECK(tt_jmespath_search(q, data, &r, &e) == TT_OK);
    tt_jv_buf_init(&b);
    tt_jv_dump_buf(r, NULL, &b);
    TT_CHECK_EQ_STR(b.ptr ? b.ptr : "", "[[\"A1\", \"W1\"]]");
    tt_jv_buf_free(&b);
    /* the result shares nodes with data: freeing data first is fine */
    tt_jv_free(data);
    tt_jv_free(r);
    /* searching null data */
    TT_CHECK(tt_jmespath_search(q, NULL, &r, &e) == TT_OK);
    TT_CHECK(tt_jv_type_of(r) == TT_JV_NULL && r != NULL);
    tt_jv_free(r);
    tt_jmespath_free(q);

    /* error codes and messages */
    q = NULL;
    TT_CHECK_EQ_INT(tt_jmespath_compile("foo.", 4, &q, &e), TT_JMESPATH_ERR_SYNTAX);
    TT_CHECK(q == NULL);
    TT_CHECK_EQ_STR(e.msg, "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                           "'lbrace'], got: eof: Parse error at column 4, token \"\" (EOF), for "
                           "expression:\n\"foo.\"\n     ^");
    TT_CHECK_EQ_INT(tt_jmespath_compile("foo[?a==b", 9, &q, &e), TT_JMESPATH_ERR_SYNTAX);
    TT_CHECK_EQ_STR(e.msg, "Invalid jmespath expression: Incomplete expression:\n\"foo[?a==b\"\n"
                           "          ^");
    TT_CHECK_EQ_INT(tt_jmespath_compile("", 0, &q, &e), TT_JMESPATH_ERR_SYNTAX);
    TT_CHECK_EQ_STR(e.msg, "Invalid JMESPath expression: cannot be empty.");
    TT_CHECK_EQ_INT(tt_jmespath_compile("foo[0, 1]", 9, &q, &e), TT_JMESPATH_ERR_SYNTAX);
    TT_CHECK_EQ_STR(e.msg, "Expecting: rbracket, got: comma: Parse error at column 5, token "
                           "\",\" (COMMA), for expression:\n\"foo[0, 1]\"\n      ^");
    TT_CHECK_EQ_INT(tt_jmespath_compile("a = b", 5, &q, &e), TT_JMESPATH_ERR_SYNTAX);
    TT_CHECK_EQ_STR(e.msg, "Bad jmespath expression: Unknown token '=':\na = b\n  ^");
    TT_CHECK_EQ_INT(tt_jmespath_compile("length(`1`, `2`)", 16, &q, &e), TT_OK);
    TT_CHECK_EQ_INT(tt_jmespath_search(q, NULL, &r, &e), TT_JMESPATH_ERR_ARITY);
    TT_CHECK(r == NULL);
    TT_CHECK_EQ_STR(e.msg, "Expected 1 argument for function length(), received 2");
    tt_jmespath_free(q);
    TT_CHECK_EQ_INT(tt_jmespath_compile("length(`1`)", 11, &q, &e), TT_OK);
    TT_CHECK_EQ_INT(tt_jmespath_search(q, NULL, &r, &e), TT_JMESPATH_ERR_TYPE);
    TT_CHECK_EQ_STR(e.msg, "In function length(), invalid type for value: 1, expected one of: "
                           "['string', 'array', 'object'], received: \"number\"");
    tt_jmespath_free(q);
    TT_CHECK_EQ_INT(tt_jmespath_compile("nope(@)", 7, &q, &e), TT_OK);
    TT_CHECK_EQ_INT(tt_jmespath_search(q, NULL, &r, &e), TT_JMESPATH_ERR_UNKNOWN_FUNCTION);
    TT_CHECK_EQ_STR(e.msg, "Unknown function: nope()");
    tt_jmespath_free(q);
    TT_CHECK_EQ_STR(tt_jmespath_kind_name(TT_JMESPATH_INVALID_VALUE), "invalid-value");

    /* deep nesting is refused instead of overflowing the stack */
    {
        size_t n = 5000, k;
        char *deep = (char *)malloc(2 * n + 2);
        if (deep) {
            for (k = 0; k < n; k++)
                deep[k] = '(';
            deep[n] = 'a';
            for (k = 0; k < n; k++)
                deep[n + 1 + k] = ')';
            TT_CHECK_EQ_INT(tt_jmespath_compile(deep, 2 * n + 1, &q, &e),
                            TT_JMESPATH_ERR_SYNTAX);
            free(deep);
        }
    }
}

int main(void)
{
    run_suite();
    run_compat();
    run_api();
    return tt_test_summary();
}
