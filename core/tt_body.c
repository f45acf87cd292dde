/* tt_body.c - see tt_body.h. */
#include <string.h>

#include "tt_body.h"
#include "tt_utf8.h"

/* Output that keeps counting once the buffer is full (size-query mode). */
typedef struct {
    char *out;
    size_t cap;
    size_t len;
} tt_bw;

static void tt_bw_put(tt_bw *w, const char *p, size_t n)
{
    if (w->out != NULL && w->len < w->cap) {
        size_t room = w->cap - w->len;
        memcpy(w->out + w->len, p, n < room ? n : room);
    }
    w->len += n;
}

static void tt_bw_lit(tt_bw *w, const char *s)
{
    tt_bw_put(w, s, strlen(s));
}

static const char tt_hex[16] = "0123456789abcdef";

static void tt_u_escape(char *o, uint32_t u)
{
    o[0] = '\\';
    o[1] = 'u';
    o[2] = tt_hex[(u >> 12) & 15u];
    o[3] = tt_hex[(u >> 8) & 15u];
    o[4] = tt_hex[(u >> 4) & 15u];
    o[5] = tt_hex[u & 15u];
}

size_t tt_body_escape_cp(uint32_t cp, char out[TT_BODY_ESCAPE_MAX])
{
    if (cp >= 0x20 && cp <= 0x7E) {
        if (cp == '"' || cp == '\\') {
            out[0] = '\\';
            out[1] = (char)cp;
            return 2;
        }
        out[0] = (char)cp;
        return 1;
    }
    switch (cp) {
    case '\n': out[1] = 'n'; break;
    case '\r': out[1] = 'r'; break;
    case '\t': out[1] = 't'; break;
    case '\b': out[1] = 'b'; break;
    case '\f': out[1] = 'f'; break;
    default:
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        if (cp < 0x10000) {
            tt_u_escape(out, cp);
            return 6;
        }
        cp -= 0x10000; /* astral: UTF-16 surrogate pair, as Python does */
        tt_u_escape(out, 0xD800u | (cp >> 10));
        tt_u_escape(out + 6, 0xDC00u | (cp & 0x3FFu));
        return 12;
    }
    out[0] = '\\';
    return 2;
}

/* Quoted, escaped string; TT_ERR_BODY_BAD_UTF8 on malformed input. */
static int tt_bw_string(tt_bw *w, const char *s, size_t n)
{
    size_t i = 0;
    char esc[TT_BODY_ESCAPE_MAX];

    if (s == NULL && n > 0)
        return TT_ERR_INVALID_ARG;
    tt_bw_put(w, "\"", 1);
    while (i < n) {
        uint32_t cp;
        size_t start = i;
        /* copy runs of plain printable ASCII in one go */
        while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F && s[i] != '"' &&
               s[i] != '\\')
            i++;
        if (i > start)
            tt_bw_put(w, s + start, i - start);
        if (i < n) {
            int k = tt_utf8_decode(s + i, n - i, &cp);
            if (k < 0)
                return TT_ERR_BODY_BAD_UTF8;
            tt_bw_put(w, esc, tt_body_escape_cp(cp, esc));
            i += (size_t)k;
        }
    }
    tt_bw_put(w, "\"", 1);
    return TT_OK;
}

/* Finish: NUL-terminate when it fits. */
static int tt_bw_finish(tt_bw *w, size_t *len)
{
    *len = w->len;
    if (w->out == NULL || w->len >= w->cap)
        return TT_ERR_BUFFER_TOO_SMALL;
    w->out[w->len] = '\0';
    return TT_OK;
}

int tt_body_escape_string(const char *s, size_t n, char *out, size_t cap, size_t *len)
{
    tt_bw w;
    int rc;
    if (len == NULL)
        return TT_ERR_INVALID_ARG;
    w.out = out;
    w.cap = out ? cap : 0;
    w.len = 0;
    rc = tt_bw_string(&w, s, n);
    if (rc != TT_OK)
        return rc;
    return tt_bw_finish(&w, len);
}

static void tt_bw_u32(tt_bw *w, uint32_t v)
{
    char d[10];
    size_t k = sizeof d;
    do {
        d[--k] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    tt_bw_put(w, d + k, sizeof d - k);
}

static int tt_body_member(tt_bw *w, const tt_body_params *p, unsigned id)
{
    size_t i;
    int rc;
    switch (id) {
    case TT_BODY_M_NEXT_TOKEN:
        tt_bw_lit(w, ", \"NextToken\": ");
        return tt_bw_string(w, p->next_token.ptr, p->next_token.len);
    case TT_BODY_M_MAX_RESULTS:
        tt_bw_lit(w, ", \"MaxResults\": ");
        tt_bw_u32(w, p->max_results);
        return TT_OK;
    default: /* TT_BODY_M_STATUSES */
        tt_bw_lit(w, ", \"AssignmentStatuses\": [");
        for (i = 0; i < p->status_count; i++) {
            if (i)
                tt_bw_put(w, ", ", 2);
            rc = tt_bw_string(w, p->statuses[i].ptr, p->statuses[i].len);
            if (rc != TT_OK)
                return rc;
        }
        tt_bw_put(w, "]", 1);
        return TT_OK;
    }
}

static int tt_body_present(const tt_body_params *p, unsigned id)
{
    return id == TT_BODY_M_NEXT_TOKEN ? p->has_next_token != 0
         : id == TT_BODY_M_MAX_RESULTS ? p->has_max_results != 0
                                        : p->has_statuses != 0;
}

int tt_body_encode(const tt_body_params *p, char *out, size_t cap, size_t *len)
{
    tt_bw w;
    unsigned seq[3], nseq = 0, i, id, done = 0; /* done: bit per member id */
    int rc;

    if (p == NULL || len == NULL || (p->has_statuses && p->statuses == NULL && p->status_count > 0))
        return TT_ERR_INVALID_ARG;
    /* Resolve the order first so a bad order fails before any output. */
    for (i = 0; i < 3 && p->order[i] != 0; i++) {
        id = p->order[i];
        if (id > 3 || (done & (1u << id)))
            return TT_ERR_INVALID_ARG;
        done |= 1u << id;
        seq[nseq++] = id;
    }
    for (; i < 3; i++)
        if (p->order[i] != 0)
            return TT_ERR_INVALID_ARG; /* ids after the terminating 0 */
    for (id = 1; id <= 3; id++)
        if (!(done & (1u << id)))
            seq[nseq++] = id;

    if (p->hit_id.ptr == NULL || p->hit_id.len == 0)
        return TT_ERR_BODY_NO_HITID;
    w.out = out;
    w.cap = out ? cap : 0;
    w.len = 0;
    tt_bw_lit(&w, "{\"HITId\": ");
    rc = tt_bw_string(&w, p->hit_id.ptr, p->hit_id.len);
    for (i = 0; rc == TT_OK && i < nseq; i++)
        if (tt_body_present(p, seq[i]))
            rc = tt_body_member(&w, p, seq[i]);
    if (rc != TT_OK)
        return rc == TT_ERR_INVALID_ARG ? TT_ERR_INVALID_ARG : TT_ERR_BODY_BAD_UTF8;
    tt_bw_put(&w, "}", 1);
    return tt_bw_finish(&w, len);
}
