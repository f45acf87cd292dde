/*
 * tt_out_answers.c - --answers: each assignment's Answer (QuestionFormAnswers
 * XML) decoded by core/tt_qfa and shown as an "Answers" list in every output
 * format (the formatters see an ordinary tt_jv tree).  See tt_output.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_out_int.h"
#include "tt_qfa.h"

struct build {
    tt_jv *list;   /* the "Answers" array */
    tt_jv *cur;    /* object of the current Answer (borrowed from list) */
    tt_jv *sel;    /* its SelectionIdentifier array (borrowed), or NULL */
    int rc;        /* first allocation error */
};

static int set(tt_jv *obj, const char *k, tt_jv *v)
{
    return tt_jv_object_set(obj, k, strlen(k), v);
}

static int on_value(void *ctx, const tt_qfa_value *v)
{
    struct build *b = (struct build *)ctx;
    const char *name = tt_qfa_kind_name(v->kind);
    int rc = TT_OK;
    if (v->kind == TT_QFA_QUESTION) {
        tt_jv *o = tt_jv_object();
        b->sel = NULL;
        b->cur = o;
        rc = tt_jv_array_push(b->list, o);
        if (rc == TT_OK)
            rc = set(o, name, tt_jv_string(v->value.ptr, v->value.len));
    } else if (v->kind == TT_QFA_SELECTION) {
        if (!b->sel) {
            b->sel = tt_jv_array();
            rc = set(b->cur, name, b->sel);
        }
        if (rc == TT_OK)
            rc = tt_jv_array_push(b->sel, tt_jv_string(v->value.ptr, v->value.len));
    } else if (v->kind == TT_QFA_FILE_SIZE) {
        rc = set(b->cur, name, tt_jv_int((int64_t)v->size));
    } else {
        rc = set(b->cur, name, tt_jv_string(v->value.ptr, v->value.len));
    }
    if (rc != TT_OK) {
        b->rc = rc;
        return 1;
    }
    return 0;
}

/* Decode a->answer into *list (a new array), or fail with the tt_qfa code
 * and its offset.  The value buffer is as long as the document (a decoded
 * value never is longer), so no answer is too long on the host. */
static int decode(const tt_assignment *a, tt_jv **list, size_t *off)
{
    struct build b;
    tt_qfa *d = malloc(sizeof *d);
    char *buf = malloc(a->answer.len + 1);
    int rc;
    *list = NULL;
    memset(&b, 0, sizeof b);
    b.list = tt_jv_array();
    if (!d || !buf || !b.list) {
        free(d);
        free(buf);
        tt_jv_free(b.list);
        return TT_JV_ERR_NOMEM;
    }
    tt_qfa_init(d, buf, a->answer.len + 1, on_value, &b);
    rc = tt_qfa_feed(d, a->answer.ptr, a->answer.len);
    if (rc == TT_OK)
        rc = tt_qfa_finish(d);
    *off = tt_qfa_error_offset(d);
    free(d);
    free(buf);
    if (rc == TT_ERR_CALLBACK_ABORT && b.rc)
        rc = b.rc;
    if (rc != TT_OK) {
        tt_jv_free(b.list);
        return rc;
    }
    *list = b.list;
    return TT_OK;
}

int tt_out_answers_apply(const tt_assignment *a, tt_jv **v)
{
    tt_jv *list = NULL, *n, *old = *v;
    size_t i, off = 0;
    char msg[200];
    int rc = TT_OK, bad = 0;
    if (!(a->present & TT_FIELD_BIT(TT_FIELD_ANSWER)) || !tt_jv_object_get(old, "Answer", 6))
        return TT_OK;
    if (a->answer.len == 0) {
        list = tt_jv_array(); /* "Answer may be empty": no answers */
        if (!list)
            return TT_JV_ERR_NOMEM;
    } else {
        rc = decode(a, &list, &off);
        if (rc == TT_JV_ERR_NOMEM)
            return rc;
        if (rc != TT_OK) {
            snprintf(msg, sizeof msg, "%s (%s) at byte %zu", tt_strerror(rc), tt_errname(rc), off);
            bad = 1;
        }
    }
    /* a new object, members in the same order, Answer swapped */
    n = tt_jv_object();
    if (!n) {
        tt_jv_free(list);
        return TT_JV_ERR_NOMEM;
    }
    rc = TT_OK;
    for (i = 0; i < tt_jv_object_len(old) && rc == TT_OK; i++) {
        size_t kl;
        const char *k = tt_jv_object_key(old, i, &kl);
        tt_jv *val = tt_jv_object_value(old, i);
        if (kl == 6 && memcmp(k, "Answer", 6) == 0) {
            if (bad) {
                rc = tt_jv_object_set(n, k, kl, tt_jv_retain(val));
                if (rc == TT_OK)
                    rc = set(n, "AnswersError", tt_jv_cstring(msg));
            } else {
                rc = set(n, "Answers", list);
                list = NULL;
            }
            continue;
        }
        rc = tt_jv_object_set(n, k, kl, tt_jv_retain(val));
    }
    tt_jv_free(list);
    if (rc != TT_OK) {
        tt_jv_free(n);
        return rc;
    }
    tt_jv_free(old);
    *v = n;
    return TT_OK;
}
