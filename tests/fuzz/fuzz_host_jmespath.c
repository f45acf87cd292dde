/*
 * fuzz_host_jmespath.c - libFuzzer target for tt_jmespath_compile/search
 * (boards/linux/tt_jmespath.c: --query is user text).
 *
 * Input: the expression, then optionally a NUL byte and a JSON document to
 * search (when missing or not JSON, a fixed MTurk-like document is used).
 * Checks: no crash, leak or sanitizer report; compile gives TT_OK with a
 * non-NULL expression or a documented code with *out == NULL and a
 * NUL-terminated message; search gives a non-NULL result on TT_OK, NULL and
 * a documented code otherwise; searching twice gives equal results (the
 * compiled expression is immutable) and leaves the data tree unchanged.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_jmespath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

static const char k_doc[] =
    "{\"Assignments\":[{\"AssignmentId\":\"A1\",\"WorkerId\":\"W1\",\"HITId\":\"H\","
    "\"AssignmentStatus\":\"Submitted\",\"AutoApprovalTime\":1.7e9,\"Answer\":\"<a/>\","
    "\"n\":3,\"tags\":[\"x\",\"y\"],\"nested\":{\"a\":[1,2,[3,4]],\"b\":null}},"
    "{\"AssignmentId\":\"A2\",\"WorkerId\":\"W2\",\"HITId\":\"H\",\"AssignmentStatus\":"
    "\"Approved\",\"n\":-1.5,\"tags\":[],\"nested\":{\"a\":\"s\",\"b\":true}}],"
    "\"NextToken\":\"tok\",\"NumResults\":2,\"e\":{},\"u\":\"\\u00e9\\ud83d\\ude00\"}";

/* sum()/avg() of inf and -inf (1e400 parses as inf) give NaN, and
 * NaN != NaN: compare such results by their dump instead. */
static int same_result(const tt_jv *a, const tt_jv *b)
{
    tt_jv_buf x, y;
    int same;
    if (tt_jv_equal(a, b))
        return 1;
    tt_jv_buf_init(&x);
    tt_jv_buf_init(&y);
    same = tt_jv_dump_buf(a, NULL, &x) == TT_OK && tt_jv_dump_buf(b, NULL, &y) == TT_OK &&
           x.len == y.len && (x.len == 0 || memcmp(x.ptr, y.ptr, x.len) == 0);
    tt_jv_buf_free(&x);
    tt_jv_buf_free(&y);
    return same;
}

static int valid_code(int rc)
{
    return rc == TT_JMESPATH_ERR_SYNTAX || rc == TT_JMESPATH_ERR_ARITY ||
           rc == TT_JMESPATH_ERR_TYPE || rc == TT_JMESPATH_ERR_VALUE ||
           rc == TT_JMESPATH_ERR_UNKNOWN_FUNCTION || rc == TT_JV_ERR_NOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul;
    char *expr;
    size_t elen;
    tt_jv *doc = NULL, *ref = NULL, *r1 = NULL, *r2 = NULL;
    tt_jmespath *q = NULL;
    tt_jmespath_error e;
    int rc, rc2;

    if (size > 4096)
        return 0;
    nul = (const uint8_t *)memchr(data, 0, size);
    elen = nul ? (size_t)(nul - data) : size;
    expr = (char *)malloc(elen ? elen : 1); /* exact size: ASan catches over-reads */
    FUZZ_CHECK(expr != NULL);
    if (elen)
        memcpy(expr, data, elen);

    memset(&e, 'x', sizeof e);
    rc = tt_jmespath_compile(expr, elen, &q, &e);
    free(expr); /* the compiled form must not keep pointers into it */
    if (rc != TT_OK) {
        FUZZ_CHECK(q == NULL);
        FUZZ_CHECK(rc == TT_JMESPATH_ERR_SYNTAX || rc == TT_JV_ERR_NOMEM);
        FUZZ_CHECK(memchr(e.msg, '\0', sizeof e.msg) != NULL);
        FUZZ_CHECK(e.kind == TT_JMESPATH_SYNTAX || e.kind == TT_JMESPATH_NOMEM);
        return 0;
    }
    FUZZ_CHECK(q != NULL);

    if (nul) {
        size_t dlen = size - elen - 1;
        char *d = (char *)malloc(dlen ? dlen : 1);
        FUZZ_CHECK(d != NULL);
        if (dlen)
            memcpy(d, nul + 1, dlen);
        if (tt_jv_parse(d, dlen, &doc, NULL, 0) != TT_OK)
            doc = NULL;
        free(d);
    }
    if (doc == NULL)
        FUZZ_CHECK(tt_jv_parse(k_doc, sizeof k_doc - 1, &doc, NULL, 0) == TT_OK);
    ref = tt_jv_copy(doc);
    FUZZ_CHECK(ref != NULL);

    rc = tt_jmespath_search(q, doc, &r1, &e);
    if (rc == TT_OK) {
        FUZZ_CHECK(r1 != NULL);
    } else {
        FUZZ_CHECK(r1 == NULL && valid_code(rc));
        FUZZ_CHECK(memchr(e.msg, '\0', sizeof e.msg) != NULL);
    }
    rc2 = tt_jmespath_search(q, doc, &r2, NULL);
    FUZZ_CHECK(rc2 == rc);
    if (rc == TT_OK) {
        FUZZ_CHECK(same_result(r1, r2));
    }
    FUZZ_CHECK(same_result(doc, ref)); /* search never mutates the data */
    /* free in the "wrong" order on purpose: results share nodes with doc */
    tt_jv_free(doc);
    tt_jv_free(r1);
    tt_jv_free(r2);
    tt_jv_free(ref);
    tt_jmespath_free(q);
    return 0;
}

#include "fuzz_standalone.h"
