/*
 * fuzz_page.c - libFuzzer target for the streaming page decoder, the JSON
 * scanner and the service error parser.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore \
 *         tests/fuzz/fuzz_page.c core/[all .c files] -o fuzz_page   (or: make fuzz)
 *
 * The first input byte picks a template the rest is pasted into (raw
 * document, inside an Assignment, inside an Answer string, as a timestamp,
 * as NextToken...), whether the rest is raw bytes or token numbers, the
 * field mask and the split seed.  Byte 1's low 4 bits give K, the count of
 * slice-size bytes that follow (byte b = a slice of b + 1 bytes, or the
 * rest of the document for b = 255; used in turn, cycling); K = 0 means
 * pseudo-random slices from the seed.  The rest is the payload.  Checks:
 *   - whole, byte-by-byte and random-split feeding give identical results
 *     (return code, count, callback trace hash, NextToken, NumResults);
 *   - every delivered string is strict UTF-8, inside the arena, and only
 *     unmasked members are present; scratch is released after each page;
 *   - TT_ERR_ARENA_FULL's `needed` is exact: an arena of that size gets past
 *     the Assignment that failed;
 *   - masking changes nothing but per-member results;
 *   - acceptance agrees with an independent recursive-descent validator.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tt_page.h"
#include "tt_svcerr.h"

#define MAX_DOC 65536

static unsigned char g_doc[MAX_DOC + 512];
static unsigned char g_arena[MAX_DOC + 4096];

/* ---- independent reference validator (complete buffer, recursive) ---- */

static const unsigned char *rp, *re;
static int rdepth;

static void rws(void)
{
    while (rp < re && (*rp == ' ' || *rp == '\t' || *rp == '\n' || *rp == '\r'))
        rp++;
}

static int rhex4(uint32_t *cp)
{
    int i;
    *cp = 0;
    for (i = 0; i < 4; i++) {
        unsigned char c;
        if (rp >= re)
            return 0;
        c = *rp++;
        *cp <<= 4;
        if (c >= '0' && c <= '9')
            *cp |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            *cp |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            *cp |= (uint32_t)(c - 'A' + 10);
        else
            return 0;
    }
    return 1;
}

static int rstring(void)
{
    rp++; /* '"' */
    while (rp < re) {
        unsigned char c = *rp++;
        if (c == '"')
            return 1;
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            unsigned char e;
            uint32_t cp, lo;
            if (rp >= re)
                return 0;
            e = *rp++;
            if (e && strchr("\"\\/bfnrt", e))
                continue;
            if (e != 'u' || !rhex4(&cp))
                return 0;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return 0;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (re - rp < 2 || rp[0] != '\\' || rp[1] != 'u')
                    return 0;
                rp += 2;
                if (!rhex4(&lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
            }
            continue;
        }
        if (c >= 0x80) {
            /* decode, then judge the code point */
            int n, i;
            uint32_t cp, min;
            if ((c & 0xE0) == 0xC0)
                n = 1, cp = c & 0x1Fu, min = 0x80;
            else if ((c & 0xF0) == 0xE0)
                n = 2, cp = c & 0x0Fu, min = 0x800;
            else if ((c & 0xF8) == 0xF0)
                n = 3, cp = c & 0x07u, min = 0x10000;
            else
                return 0;
            for (i = 0; i < n; i++) {
                if (rp >= re || (*rp & 0xC0) != 0x80)
                    return 0;
                cp = (cp << 6) | (*rp++ & 0x3Fu);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
        }
    }
    return 0;
}

static int rdigits(void)
{
    const unsigned char *s = rp;
    while (rp < re && *rp >= '0' && *rp <= '9')
        rp++;
    return rp > s;
}

static int rnumber(void)
{
    if (*rp == '-')
        rp++;
    if (rp >= re)
        return 0;
    if (*rp == '0')
        rp++;
    else if (!rdigits())
        return 0;
    if (rp < re && *rp == '.') {
        rp++;
        if (!rdigits())
            return 0;
    }
    if (rp < re && (*rp == 'e' || *rp == 'E')) {
        rp++;
        if (rp < re && (*rp == '+' || *rp == '-'))
            rp++;
        if (!rdigits())
            return 0;
    }
    return 1;
}

static int rlit(const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(re - rp) < n || memcmp(rp, w, n) != 0)
        return 0;
    rp += n;
    return 1;
}

static int rvalue(void)
{
    rws();
    if (rp >= re)
        return 0;
    switch (*rp) {
    case '{':
        if (++rdepth > TT_JSON_MAX_DEPTH)
            return 0;
        rp++;
        rws();
        if (rp < re && *rp == '}') {
            rp++;
            rdepth--;
            return 1;
        }
        for (;;) {
            rws();
            if (rp >= re || *rp != '"' || !rstring())
                return 0;
            rws();
            if (rp >= re || *rp++ != ':')
                return 0;
            if (!rvalue())
                return 0;
            rws();
            if (rp >= re)
                return 0;
            if (*rp == ',') {
                rp++;
                continue;
            }
            if (*rp++ != '}')
                return 0;
            rdepth--;
            return 1;
        }
    case '[':
        if (++rdepth > TT_JSON_MAX_DEPTH)
            return 0;
        rp++;
        rws();
        if (rp < re && *rp == ']') {
            rp++;
            rdepth--;
            return 1;
        }
        for (;;) {
            if (!rvalue())
                return 0;
            rws();
            if (rp >= re)
                return 0;
            if (*rp == ',') {
                rp++;
                continue;
            }
            if (*rp++ != ']')
                return 0;
            rdepth--;
            return 1;
        }
    case '"':
        return rstring();
    case 't':
        return rlit("true");
    case 'f':
        return rlit("false");
    case 'n':
        return rlit("null");
    default:
        return rnumber();
    }
}

/* 1 when buf is one valid JSON object text. */
static int ref_valid_object(const unsigned char *buf, size_t len)
{
    rp = buf;
    re = buf + len;
    rdepth = 0;
    rws();
    if (rp >= re || *rp != '{')
        return 0;
    if (!rvalue())
        return 0;
    rws();
    return rp == re;
}

/* ---- decoder runs --------------------------------------------------- */

struct out {
    int rc;
    size_t count, calls, needed;
    uint64_t hash;
    size_t nt_len;
    uint64_t nt_hash;
    int has_nr;
    int64_t nr;
    uint32_t mask;
    tt_arena *arena;
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static int utf8_ok(tt_str s)
{
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t i = 0;
    while (i < s.len) {
        unsigned char c = p[i];
        int n;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            n = 1, cp = c & 0x1Fu, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            n = 2, cp = c & 0x0Fu, min = 0x800;
        else if ((c & 0xF8) == 0xF0)
            n = 3, cp = c & 0x07u, min = 0x10000;
        else
            return 0;
        if (s.len - i <= (size_t)n)
            return 0;
        for (i++; n; n--, i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
    }
    return 1;
}

static void check_str(struct out *o, tt_str s)
{
    if (!s.ptr)
        abort();
    if (s.len) {
        const unsigned char *b = (const unsigned char *)s.ptr;
        if (b < o->arena->base || b + s.len > o->arena->base + o->arena->used)
            abort(); /* outside the live scratch */
    }
    if (!utf8_ok(s))
        abort();
}

static int cb(void *ctx, const tt_assignment *a, size_t index)
{
    struct out *o = (struct out *)ctx;
    const tt_str *strs[6];
    const tt_timestamp *ts[6];
    int i;

    if (a->present & ~o->mask)
        abort();
    if (index != o->calls)
        abort(); /* 0-based position, in order (skip is 0 here) */
    strs[0] = &a->assignment_id;
    strs[1] = &a->worker_id;
    strs[2] = &a->hit_id;
    strs[3] = &a->status;
    strs[4] = &a->answer;
    strs[5] = &a->requester_feedback;
    ts[0] = &a->auto_approval_time;
    ts[1] = &a->accept_time;
    ts[2] = &a->submit_time;
    ts[3] = &a->approval_time;
    ts[4] = &a->rejection_time;
    ts[5] = &a->deadline;
    o->calls++;
    o->hash = mix(o->hash, &index, sizeof index);
    o->hash = mix(o->hash, &a->present, sizeof a->present);
    for (i = 0; i < 6; i++) {
        if (strs[i]->len || strs[i]->ptr) {
            check_str(o, *strs[i]);
            o->hash = mix(o->hash, strs[i]->ptr, strs[i]->len);
            o->hash = mix(o->hash, &strs[i]->len, sizeof strs[i]->len);
        }
        if (ts[i]->raw.ptr) {
            check_str(o, ts[i]->raw);
            o->hash = mix(o->hash, &ts[i]->ms, sizeof ts[i]->ms);
            o->hash = mix(o->hash, ts[i]->raw.ptr, ts[i]->raw.len);
        }
    }
    o->hash = mix(o->hash, &a->status_code, sizeof a->status_code);
    return 0;
}

/* Slice sizes chosen by the fuzz input (split >= 2). */
static const uint8_t *g_slices;
static size_t g_nslices;

static void run(const unsigned char *doc, size_t len, size_t cap, uint32_t mask, int split,
                struct out *o)
{
    size_t slice = 0;
    tt_page_decoder d;
    tt_arena a;
    size_t i = 0, n;
    uint32_t seed = (uint32_t)split * 2654435761u + 7u;
    int rc = TT_OK;
    tt_str nt;

    memset(o, 0, sizeof *o);
    o->mask = mask;
    o->arena = &a;
    tt_arena_init(&a, cap ? g_arena : NULL, cap);
    if (tt_page_init(&d, &a, mask, 0, cb, o) != TT_OK)
        abort();
    while (i < len && rc == TT_OK) {
        if (split == 0)
            n = len;
        else if (split == 1)
            n = 1;
        else if (g_nslices > 0) {
            uint8_t b = g_slices[slice++ % g_nslices];
            n = b == 255 ? len - i : (size_t)b + 1u;
        } else {
            seed = seed * 1103515245u + 12345u;
            n = 1 + (seed >> 16) % 23u;
        }
        if (n > len - i)
            n = len - i;
        rc = tt_page_feed(&d, doc + i, n);
        i += n;
    }
    if (rc == TT_OK)
        rc = tt_page_finish(&d);
    if (a.used != 0)
        abort(); /* scratch released, even on error */
    o->rc = rc;
    o->count = tt_page_count(&d);
    o->needed = a.needed;
    nt = tt_page_next_token(&d);
    o->nt_len = nt.len;
    o->nt_hash = mix(0, nt.ptr ? nt.ptr : "", nt.len);
    if (nt.len > TT_MAX_NEXT_TOKEN || (nt.len && !utf8_ok(nt)))
        abort();
    o->has_nr = tt_page_has_num_results(&d);
    o->nr = tt_page_num_results(&d);
}

static void same(const struct out *x, const struct out *y)
{
    if (x->rc != y->rc || x->count != y->count || x->calls != y->calls || x->hash != y->hash ||
        x->nt_len != y->nt_len || x->nt_hash != y->nt_hash || x->has_nr != y->has_nr ||
        x->nr != y->nr)
        abort();
}

static const char *const k_pre[8] = {
    "",
    "{\"Assignments\":[{",
    "{\"Assignments\":[{\"Answer\":\"",
    "{\"Assignments\":[{\"SubmitTime\":",
    "{\"NextToken\":\"",
    "{\"NumResults\":1,\"Assignments\":[",
    "{\"Assignments\":[{\"AssignmentId\":\"A\",\"Unknown\":",
    "{\"NumResults\":",
};
static const char *const k_post[8] = {
    "", "}]}", "\"}]}", "}]}", "\"}", "],\"NextToken\":\"t\"}", "}]}", "}",
};

/* Token mode: each input byte stands for one of these pieces, so the fuzzer
 * reaches deep structure (and near-miss grammar) without a dictionary. */
static const char *const k_tok[] = {
    "{", "}", "[", "]", ",", ":", " ", "\"Assignments\"", "\"NextToken\"",
    "\"NumResults\"", "\"AssignmentId\"", "\"WorkerId\"", "\"HITId\"",
    "\"AssignmentStatus\"", "\"AutoApprovalTime\"", "\"AcceptTime\"", "\"SubmitTime\"",
    "\"ApprovalTime\"", "\"RejectionTime\"", "\"Deadline\"", "\"Answer\"",
    "\"RequesterFeedback\"", "\"x\"", "\"\"", "1", "0", "-1.5", "1.7000000005E9", "17E8",
    "1e400", "-0.0001", "true", "false", "null", "\"\\u0041\"", "\"\\ud83d\\ude00\"",
    "\"\\ud83d\"", "\"\xC3\xA9\"", "\"\xC0\x80\"", "\"\\q\"", "\"a\\\"b\"",
    "\"Assignment\\u0049d\"", "01", "1.", "1e", "-", "tru", "nul", "\"", "\\", "\x01",
    "\n", "\t", "{}", "[]", "[{", "}]", "{\"Assignments\":[", "]}", "\"Submitted\"",
    "9223372036854775.807", "1700000000.9999996", "\xEF\xBB\xBF", "\"\\u0000\"",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct out o1, o2, o3, o4;
    size_t len = 0, pl, ql, cap;
    int tmpl, split, valid;
    static const uint32_t masks[4] = {
        TT_FIELDS_ALL, 0, TT_FIELDS_ALL & ~TT_FIELD_BIT(TT_FIELD_ANSWER),
        TT_FIELD_BIT(TT_FIELD_SUBMIT_TIME) | TT_FIELD_BIT(TT_FIELD_ASSIGNMENT_ID)};
    uint32_t mask;
    static uint8_t slices[16];
    size_t k, hdr;

    if (size < 2)
        return 0;
    k = data[1] & 15u;
    hdr = 2 + k;
    if (size < hdr || size - hdr > MAX_DOC)
        return 0;
    memcpy(slices, data + 2, k);
    g_slices = slices;
    g_nslices = k;
    tmpl = data[0] & 7;
    split = 2 + (data[0] >> 5);
    mask = masks[(data[0] >> 3) & 1 ? (data[0] >> 5) & 3 : 0];
    pl = strlen(k_pre[tmpl]);
    ql = strlen(k_post[tmpl]);
    memcpy(g_doc, k_pre[tmpl], pl);
    len = pl;
    if (data[0] & 0x10) { /* token mode */
        size_t i, n;
        for (i = hdr; i < size && len < MAX_DOC; i++) {
            const char *t = k_tok[data[i] % (sizeof k_tok / sizeof k_tok[0])];
            n = strlen(t);
            memcpy(g_doc + len, t, n);
            len += n;
        }
    } else {
        memcpy(g_doc + len, data + hdr, size - hdr);
        len += size - hdr;
    }
    memcpy(g_doc + len, k_post[tmpl], ql);
    len += ql;

    /* split independence */
    run(g_doc, len, sizeof g_arena, TT_FIELDS_ALL, 0, &o1);
    run(g_doc, len, sizeof g_arena, TT_FIELDS_ALL, 1, &o2);
    same(&o1, &o2);
    run(g_doc, len, sizeof g_arena, TT_FIELDS_ALL, split, &o2);
    same(&o1, &o2);
    if (o1.rc == TT_ERR_ARENA_FULL)
        abort(); /* the arena is bigger than any Assignment */

    /* masking: only per-member outcomes may differ */
    run(g_doc, len, sizeof g_arena, mask, split, &o3);
    if (o1.rc != TT_ERR_JSON_BAD_NUMBER && o3.rc != o1.rc)
        abort();
    if (o1.rc == TT_OK && o3.count != o1.count)
        abort();

    /* exact `needed` from a small arena */
    cap = size % 97u;
    run(g_doc, len, cap, TT_FIELDS_ALL, split, &o3);
    if (o3.rc == TT_ERR_ARENA_FULL) {
        if (o3.needed <= cap)
            abort();
        run(g_doc, len, o3.needed, TT_FIELDS_ALL, split, &o4);
        if (o4.count <= o3.count && o4.rc == TT_ERR_ARENA_FULL)
            abort(); /* did not get past the Assignment that failed */
        if (o4.rc == TT_ERR_ARENA_FULL && o4.needed <= o3.needed)
            abort();
    } else if (o3.rc != o1.rc || o3.hash != o1.hash) {
        abort();
    }

    /* grammar agrees with the reference validator */
    valid = ref_valid_object(g_doc, len);
    switch (o1.rc) {
    case TT_ERR_JSON_SYNTAX:
    case TT_ERR_JSON_BAD_ESCAPE:
    case TT_ERR_JSON_BAD_UTF8:
    case TT_ERR_JSON_TRUNCATED:
    case TT_ERR_JSON_TOO_DEEP:
        if (valid)
            abort();
        break;
    case TT_OK:
        if (!valid)
            abort();
        break;
    default: /* stopped early on content: the rest was not validated */
        break;
    }

    /* the error parser shares the scanner: same verdict as the reference */
    {
        static tt_svcerr_parser p;
        static struct {
            char code[TT_SVCERR_CODE_MAX], message[TT_SVCERR_MESSAGE_MAX], turk[TT_SVCERR_TURK_MAX];
        } st;
        static const tt_svcerr_layout lay = {{0, TT_SVCERR_CODE_MAX, TT_SVCERR_CODE_MAX + TT_SVCERR_MESSAGE_MAX},
                                             {TT_SVCERR_CODE_MAX, TT_SVCERR_MESSAGE_MAX, TT_SVCERR_TURK_MAX}};
        tt_svcerr e;
        size_t i;
        int rc = tt_svcerr_parse(&p, &st, &lay, g_doc, len, &e);
        if ((rc == TT_OK) != valid)
            abort();
        if (e.code.ptr == NULL || e.code.ptr[e.code.len] != '\0' || !utf8_ok(e.code) ||
            !utf8_ok(e.message) || !utf8_ok(e.turk_error_code))
            abort();
        tt_svcerr_init(&p, &st, &lay);
        for (i = 0; i < len; i += 7)
            tt_svcerr_feed(&p, g_doc + i, len - i < 7 ? len - i : 7);
        if ((tt_svcerr_finish(&p, &e) == TT_OK) != valid)
            abort();
    }
    return 0;
}

#include "fuzz_standalone.h"
