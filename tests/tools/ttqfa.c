/*
 * ttqfa.c - decode QuestionFormAnswers documents with core/tt_qfa for
 * tests/integration/test_qfa_python.py.
 *
 * stdin: records "<length>\n<length bytes>" back to back.
 * stdout, per record, one line:
 *   OK <events>   events separated by ' ', each "answer,kind,qidhex,valuehex,size"
 *                 (kind = tt_qfa_kind number; hex of the UTF-8 bytes, "-" when empty)
 *   ERR <TT_ERR_NAME> <offset>
 *   DIFF <what>   the one-shot and the sliced decoding disagreed (a bug)
 * Each document is decoded twice: tt_qfa_decode() on the whole input, and
 * tt_qfa_feed() in pseudo-random slices of 1..16 bytes (each slice a heap
 * copy freed after the call); both must give the same result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_qfa.h"

typedef struct out {
    char *p;
    size_t len, cap;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (!o->p || o->len + n + 1 > o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 4096;
        while (nc < o->len + n + 1)
            nc *= 2;
        o->p = realloc(o->p, nc);
        if (!o->p) {
            perror("ttqfa");
            exit(2);
        }
        o->cap = nc;
    }
    if (n)
        memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void put_hex(out *o, const char *s, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    size_t i;
    if (!n)
        put(o, "-", 1);
    for (i = 0; i < n; i++) {
        char b[2];
        b[0] = hx[(unsigned char)s[i] >> 4];
        b[1] = hx[(unsigned char)s[i] & 15];
        put(o, b, 2);
    }
}

static int on_value(void *ctx, const tt_qfa_value *v)
{
    out *o = ctx;
    char num[64];
    int n = snprintf(num, sizeof num, " %u,%d,", (unsigned)v->answer, (int)v->kind);
    put(o, num, (size_t)n);
    put_hex(o, v->qid.ptr, v->qid.len);
    put(o, ",", 1);
    put_hex(o, v->value.ptr, v->value.len);
    n = snprintf(num, sizeof num, ",%llu", (unsigned long long)v->size);
    put(o, num, (size_t)n);
    return 0;
}

static void result(out *o, int rc, size_t off)
{
    if (rc == TT_OK) {
        char *ev = o->p ? strdup(o->p) : strdup("");
        o->len = 0;
        put(o, "OK", 2);
        put(o, ev, strlen(ev));
        free(ev);
    } else {
        char b[128];
        int n = snprintf(b, sizeof b, "ERR %s %zu", tt_errname(rc), off);
        o->len = 0;
        put(o, b, (size_t)n);
    }
}

static unsigned char g_arena[1 << 20];

int main(void)
{
    unsigned seed = 12345;
    for (;;) {
        size_t len, i = 0, off = 0;
        char *doc, *buf;
        out a = {0, 0, 0}, b = {0, 0, 0};
        tt_arena ar;
        tt_qfa d;
        int rc;
        char line[32], *end;
        if (!fgets(line, sizeof line, stdin))
            break;
        len = (size_t)strtoul(line, &end, 10);
        if (end == line || *end != '\n')
            return 2;
        doc = malloc(len ? len : 1);
        if (!doc || fread(doc, 1, len, stdin) != len)
            return 2;
        /* one shot */
        tt_arena_init(&ar, g_arena, sizeof g_arena);
        put(&a, "", 0);
        rc = tt_qfa_decode(doc, len, &ar, on_value, &a, &off);
        result(&a, rc, off);
        /* sliced */
        buf = malloc(len + 1);
        put(&b, "", 0);
        tt_qfa_init(&d, buf, len + 1, on_value, &b);
        rc = TT_OK;
        while (i < len && rc == TT_OK) {
            size_t k;
            char *c;
            seed = seed * 1103515245u + 12345u;
            k = 1 + (seed >> 16) % 16;
            if (k > len - i)
                k = len - i;
            c = malloc(k);
            memcpy(c, doc + i, k);
            rc = tt_qfa_feed(&d, c, k);
            free(c);
            i += k;
        }
        if (rc == TT_OK)
            rc = tt_qfa_finish(&d);
        result(&b, rc, tt_qfa_error_offset(&d));
        if (strcmp(a.p, b.p) != 0)
            printf("DIFF one-shot [%s] sliced [%s]\n", a.p, b.p);
        else
            printf("%s\n", a.p);
        free(a.p);
        free(b.p);
        free(buf);
        free(doc);
    }
    return 0;
}
