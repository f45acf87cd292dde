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

static const char tt_hex[16] = "0123456789abcdef";

static void tt_u_escape(char *o, uint32_t u)
{
    unsigned i;
    o[0] = '\\';
    o[1] = 'u';
    for (i = 0; i < 4; i++)
        o[2 + i] = tt_hex[(u >> (12 - 4 * i)) & 15u];
}

size_t tt_body_escape_cp(uint32_t cp, char out[TT_BODY_ESCAPE_MAX])
{
    /* the two-character escapes of \b \t \n (\v none) \f \r, from U+0008 */
    static const char short_esc[6] = {'b', 't', 'n', 0, 'f', 'r'};
    char e = 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    if (cp == '"' || cp == '\\')
        e = (char)cp;
    else if (cp - 8u < 6u)
        e = short_esc[cp - 8u];
    if (e) {
        out[0] = '\\';
        out[1] = e;
        return 2;
    }
    if (cp >= 0x20 && cp <= 0x7E) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x10000) {
        tt_u_escape(out, cp);
        return 6;
    }
    cp -= 0x10000; /* astral: UTF-16 surrogate pair, as Python does */
    tt_u_escape(out, 0xD800u | (cp >> 10));
    tt_u_escape(out + 6, 0xDC00u | (cp & 0x3FFu));
    return 12;
}

/* Quoted, escaped string; TT_ERR_BODY_BAD_UTF8 on malformed input.  One
 * code point at a time: the strings are short (an id, a token). */
static int tt_bw_string(tt_bw *w, const char *s, size_t n)
{
    char esc[TT_BODY_ESCAPE_MAX];

    if (s == NULL && n > 0)
        return TT_ERR_INVALID_ARG;
    tt_bw_put(w, "\"", 1);
    while (n) {
        uint32_t cp;
        size_t k = 0;
        /* runs of plain printable ASCII in one go */
        while (k < n && (unsigned char)s[k] - 0x20u < 0x5Fu && s[k] != '"' && s[k] != '\\')
            k++;
        if (k) {
            tt_bw_put(w, s, k);
        } else {
            int u = tt_utf8_decode(s, n, &cp);
            if (u < 0)
                return TT_ERR_BODY_BAD_UTF8;
            tt_bw_put(w, esc, tt_body_escape_cp(cp, esc));
            k = (size_t)u;
        }
        s += k;
        n -= k;
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

int tt_body_encode(const tt_body_params *p, char *out, size_t cap, size_t *len)
{
    /* what opens each member, by id (0 = HITId, then TT_BODY_M_*) */
    static const char *const key[4] = {"{\"HITId\": ", ", \"NextToken\": ", ", \"MaxResults\": ",
                                       ", \"AssignmentStatuses\": ["};
    tt_bw w;
    unsigned seq[4], nseq = 1, i, id, done = 1; /* done: bit per member id */
    int rc = TT_OK;

    if (p == NULL || len == NULL || (p->has_statuses && p->statuses == NULL && p->status_count > 0))
        return TT_ERR_INVALID_ARG;
    /* Resolve the order first so a bad order fails before any output:
     * HITId, the listed ids, then the others in model order. */
    seq[0] = 0;
    for (i = 0; i < 3; i++) {
        id = p->order[i];
        if (id == 0)
            break;
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
    for (i = 0; rc == TT_OK && i < 4; i++) {
        id = seq[i];
        if (id == TT_BODY_M_NEXT_TOKEN ? !p->has_next_token
            : id == TT_BODY_M_MAX_RESULTS ? !p->has_max_results
            : id == TT_BODY_M_STATUSES ? !p->has_statuses
                                        : 0)
            continue;
        tt_bw_put(&w, key[id], strlen(key[id]));
        if (id == TT_BODY_M_MAX_RESULTS) {
            char d[10];
            size_t k = sizeof d;
            uint32_t v = p->max_results;
            do {
                d[--k] = (char)('0' + v % 10u);
                v /= 10u;
            } while (v);
            tt_bw_put(&w, d + k, sizeof d - k);
        } else if (id == TT_BODY_M_STATUSES) {
            size_t j;
            for (j = 0; rc == TT_OK && j < p->status_count; j++) {
                if (j)
                    tt_bw_put(&w, ", ", 2);
                rc = tt_bw_string(&w, p->statuses[j].ptr, p->statuses[j].len);
            }
            tt_bw_put(&w, "]", 1);
        } else {
            const tt_str *v = id ? &p->next_token : &p->hit_id;
            rc = tt_bw_string(&w, v->ptr, v->len);
        }
    }
    if (rc != TT_OK)
        return rc;
    tt_bw_put(&w, "}", 1);
    return tt_bw_finish(&w, len);
}
