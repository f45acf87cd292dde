/*
 * tt_output.c - the output layer's driver: receives assignments and page
 * ends from the engine and decides, per format, what to stream, what to
 * keep and when to print (see tt_output.h).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/sendfile.h>
#endif

#include "tt_out_int.h"

#define TITLE "ListAssignmentsForHIT"

enum mode {
    M_STREAM_JSON,  /* merged json, streamed (spool) */
    M_STREAM_YAML,  /* merged yaml, streamed (spool) */
    M_BUFFER,       /* merged result kept (query / table) */
    M_PAGE,         /* text / yaml-stream: one page at a time */
    M_RAW,          /* --no-paginate: the single raw page */
    M_JSONL
};

/* Direct text: where one assignment's field values sit in tt_out.pgtext. */
struct pgrow {
    uint32_t present;
    size_t off[TT_FIELD_COUNT], len[TT_FIELD_COUNT];
};

#define KEYPRE_MAX 48 /* ",\n" + 12 spaces + "\"RequesterFeedback\": " is 36 */

struct tt_out {
    tt_out_opts o;
    FILE *out;
    FILE *spool;
    char *spool_buf; /* its stdio buffer (glibc ignores a size without one) */
    enum mode mode;
    tt_jv *items;  /* M_BUFFER: all; M_PAGE / M_RAW: current page */
    uint64_t count; /* assignments streamed */
    char *token;
    size_t toklen;
    int has_token;
    int raw_has_next, raw_has_num, raw_seen;
    char *raw_next;
    size_t raw_nlen;
    int64_t raw_num;
    int failed, finished;
    char errmsg[600];
    tt_jv_buf buf;
    int direct;       /* no --query, iso timestamps: render without tt_jv trees */
    tt_out_tz tz;     /* direct: the local offsets, computed once */
    tt_jv_buf pgtext; /* direct text: the current page's field values */
    struct pgrow *rows; /* direct text: one per assignment of the page */
    size_t nrows, caprows;
    /* direct text: rows are written in final form with the columns guessed
     * at the page's first row (the previous page's, else that row's own),
     * sorted, while every row fits them ("clean"); if the page's columns
     * turn out to be those, pgtext is the page's text, else it is rebuilt
     * from the values at the page end */
    int cols[TT_FIELD_COUNT], ncols, clean;
    uint32_t colset, pgunion;
    /* direct json / jsonl: what goes before each member's value, as the
     * object's first member ([0]) or a later one ([1]): separator, name
     * as a JSON string (plain ASCII: only quoted), key separator */
    char keypre[2][TT_FIELD_COUNT][KEYPRE_MAX];
    unsigned char keyprelen[2][TT_FIELD_COUNT];
};

int tt_out_format_parse(const char *name, tt_out_format *f)
{
    static const struct {
        const char *n;
        tt_out_format f;
    } t[] = {{"json", TT_OUT_JSON}, {"text", TT_OUT_TEXT}, {"table", TT_OUT_TABLE},
             {"yaml", TT_OUT_YAML}, {"yaml-stream", TT_OUT_YAML_STREAM}, {"jsonl", TT_OUT_JSONL}};
    size_t i;
    if (!name || !f)
        return -1;
    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(name, t[i].n) == 0) {
            *f = t[i].f;
            return 0;
        }
    return -1;
}

void tt_out_opts_defaults(tt_out_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = TT_OUT_JSON;
    o->ts = TT_TS_ISO8601;
    o->query = NULL;
    o->paginated = 1;
    o->color = 0;
    o->terminal_width = 80;
    o->spool = 1;
    o->out = NULL;
}

const char *tt_out_errmsg(const tt_out *o)
{
    return o ? o->errmsg : "";
}

static int fail(tt_out *o, int rc)
{
    if (rc != TT_OK) {
        o->failed = 1;
        if (!o->errmsg[0]) {
            if (rc == TT_JV_ERR_NOMEM)
                snprintf(o->errmsg, sizeof o->errmsg, "out of memory");
            else if (rc == TT_OUT_ERR_IO)
                snprintf(o->errmsg, sizeof o->errmsg, "write error");
            else if (rc == TT_OUT_ERR_TIME)
                snprintf(o->errmsg, sizeof o->errmsg, "timestamp out of range");
        }
    }
    return rc;
}

/* Write bytes to the final output.  A large block (a text page) goes
 * straight to the file descriptor after what stdio holds: one write(2) and
 * no copy through the stdio buffer (which split it into several). */
#define PUT_DIRECT_MIN ((size_t)16384)
static int put_out(tt_out *o, const char *p, size_t n)
{
    int fd;
    if (n >= PUT_DIRECT_MIN && (fd = fileno(o->out)) >= 0) {
        if (fflush(o->out) != 0)
            return TT_OUT_ERR_IO;
        while (n) {
            ssize_t w = write(fd, p, n);
            if (w <= 0) {
                if (w < 0 && errno == EINTR)
                    continue;
                return TT_OUT_ERR_IO;
            }
            p += w;
            n -= (size_t)w;
        }
        return TT_OK;
    }
    if (n && fwrite(p, 1, n, o->out) != n)
        return TT_OUT_ERR_IO;
    return TT_OK;
}

/* Write bytes to the spool (or the output when not spooling). */
static int put_stream(tt_out *o, const char *p, size_t n)
{
    FILE *f = o->spool ? o->spool : o->out;
    if (n && fwrite(p, 1, n, f) != n)
        return TT_OUT_ERR_IO;
    return TT_OK;
}

#define SPOOL_BUF ((size_t)1 << 16)

int tt_out_new(const tt_out_opts *opts, tt_out **out)
{
    tt_out *o;
    if (!opts || !out)
        return TT_OUT_ERR_ARG;
    *out = NULL;
    if ((unsigned)opts->format > (unsigned)TT_OUT_JSONL || (unsigned)opts->ts > (unsigned)TT_TS_WIRE)
        return TT_OUT_ERR_ARG;
    o = calloc(1, sizeof *o);
    if (!o)
        return TT_JV_ERR_NOMEM;
    o->o = *opts;
    o->out = opts->out ? opts->out : stdout;
    if (o->o.terminal_width <= 0)
        o->o.terminal_width = 80;
    tt_jv_buf_init(&o->buf);
    tt_jv_buf_init(&o->pgtext);
    tzset();
    tt_out_tz_init(&o->tz);
    if (opts->format == TT_OUT_JSONL)
        o->mode = M_JSONL;
    else if (!opts->paginated)
        o->mode = M_RAW;
    else if (opts->format == TT_OUT_TEXT || opts->format == TT_OUT_YAML_STREAM)
        o->mode = M_PAGE;
    else if (opts->query || opts->format == TT_OUT_TABLE)
        o->mode = M_BUFFER;
    else
        o->mode = opts->format == TT_OUT_JSON ? M_STREAM_JSON : M_STREAM_YAML;
    if ((o->mode == M_STREAM_JSON || o->mode == M_STREAM_YAML) && opts->spool) {
        o->spool = tmpfile();
        if (!o->spool) {
            /* no temporary file: keep the merged result in memory instead */
            o->mode = M_BUFFER;
        } else {
            o->spool_buf = malloc(SPOOL_BUF); /* fewer write(2)s */
            if (o->spool_buf)
                setvbuf(o->spool, o->spool_buf, _IOFBF, SPOOL_BUF);
        }
    }
    o->direct = !opts->query && opts->ts == TT_TS_ISO8601 && !opts->answers &&
                (o->mode == M_STREAM_JSON || o->mode == M_JSONL ||
                 (o->mode == M_PAGE && opts->format == TT_OUT_TEXT));
    if (o->direct && o->mode != M_PAGE) {
        /* json: indent 4 inside "Assignments": [ ... ]; jsonl: compact */
        int json = o->mode == M_STREAM_JSON, f, k;
        for (k = 0; k < 2; k++)
            for (f = 0; f < TT_FIELD_COUNT; f++) {
                const char *name = tt_assignment_field_name((tt_assignment_field)f);
                char *d = o->keypre[k][f];
                int n = snprintf(d, KEYPRE_MAX, "%s%s\"%s\"%s", k ? "," : "",
                                 json ? "\n            " : "", name, json ? ": " : ":");
                if (n < 0 || n >= KEYPRE_MAX) { /* (no name is that long) */
                    tt_out_free(o);
                    return TT_OUT_ERR_ARG;
                }
                o->keyprelen[k][f] = (unsigned char)n;
            }
    }
    if (o->mode == M_BUFFER || o->mode == M_PAGE || o->mode == M_RAW) {
        o->items = tt_jv_array();
        if (!o->items) {
            tt_out_free(o);
            return TT_JV_ERR_NOMEM;
        }
    }
    *out = o;
    return TT_OK;
}

/* Run the query (if any) on v; *res gets a new reference. */
static int apply_query(tt_out *o, const tt_jv *v, tt_jv **res)
{
    tt_jmespath_error e;
    int rc;
    if (!o->o.query) {
        *res = tt_jv_retain((tt_jv *)(uintptr_t)v);
        return TT_OK;
    }
    memset(&e, 0, sizeof e);
    rc = tt_jmespath_search(o->o.query, v, res, &e);
    if (rc != TT_OK)
        snprintf(o->errmsg, sizeof o->errmsg, "%s", e.msg);
    return rc;
}

static int is_empty_obj(const tt_jv *v)
{
    return tt_jv_type_of(v) == TT_JV_OBJECT && tt_jv_object_len(v) == 0;
}

int tt_out_json(const tt_jv *v, tt_jv_buf *b)
{
    tt_jv_dump_opts d;
    int rc;
    tt_jv_dump_opts_default(&d);
    d.indent = 4;
    d.ensure_ascii = 0;
    rc = tt_jv_dump_buf(v, &d, b);
    if (rc == TT_OK)
        rc = tt_jv_buf_append(b, "\n", 1);
    return rc;
}

static int jsonl_line(const tt_jv *v, tt_jv_buf *b)
{
    tt_jv_dump_opts d;
    int rc;
    tt_jv_dump_opts_default(&d);
    d.ensure_ascii = 0;
    d.item_sep = ",";
    d.key_sep = ":";
    rc = tt_jv_dump_buf(v, &d, b);
    if (rc == TT_OK)
        rc = tt_jv_buf_append(b, "\n", 1);
    return rc;
}

/* Format one (already queried) value as format f would print a response. */
static int format_value(const tt_jv *v, tt_out_format f, const char *title, int color, int width,
                        tt_jv_buf *b)
{
    switch (f) {
    case TT_OUT_JSON:
        if (is_empty_obj(v))
            return TT_OK;
        return tt_out_json(v, b);
    case TT_OUT_TEXT:
        return tt_out_text(v, b);
    case TT_OUT_TABLE:
        return tt_out_table(v, title, color, width, b);
    case TT_OUT_YAML:
        if (is_empty_obj(v))
            return TT_OK;
        return tt_out_yaml(v, b);
    case TT_OUT_YAML_STREAM: {
        tt_jv *l;
        int rc;
        if (is_empty_obj(v))
            return TT_OK;
        l = tt_jv_array();
        if (!l)
            return TT_JV_ERR_NOMEM;
        rc = tt_jv_array_push(l, tt_jv_retain((tt_jv *)(uintptr_t)v));
        if (rc == TT_OK)
            rc = tt_out_yaml(l, b);
        tt_jv_free(l);
        return rc;
    }
    case TT_OUT_JSONL:
        return jsonl_line(v, b);
    }
    return TT_OUT_ERR_ARG;
}

int tt_out_write_value(const tt_jv *v, tt_out_format f, const char *title, int color,
                       int terminal_width, FILE *out)
{
    tt_jv_buf b;
    int rc;
    tt_jv_buf_init(&b);
    rc = format_value(v, f, title ? title : TITLE, color, terminal_width, &b);
    if (rc == TT_OK && b.len && fwrite(b.ptr, 1, b.len, out) != b.len)
        rc = TT_OUT_ERR_IO;
    tt_jv_buf_free(&b);
    return rc;
}

/* Query + format + write v to the output (and flush). */
static int emit_response(tt_out *o, const tt_jv *v)
{
    tt_jv *r = NULL;
    int rc = apply_query(o, v, &r);
    o->buf.len = 0;
    if (rc == TT_OK)
        rc = format_value(r, o->o.format, TITLE, o->o.color, o->o.terminal_width, &o->buf);
    if (rc == TT_OK)
        rc = put_out(o, o->buf.ptr, o->buf.len);
    if (rc == TT_OK && fflush(o->out) != 0)
        rc = TT_OUT_ERR_IO;
    tt_jv_free(r);
    return rc;
}

/* Append "\n" + 8 spaces-indented rendering of one assignment (json). */
static int json_stream_item(tt_out *o, const tt_jv *a)
{
    tt_jv_buf b;
    tt_jv_dump_opts d;
    int rc;
    size_t i, start = 0;
    tt_jv_buf_init(&b);
    tt_jv_dump_opts_default(&d);
    d.indent = 4;
    d.ensure_ascii = 0;
    rc = tt_jv_dump_buf(a, &d, &b);
    if (rc == TT_OK)
    {
        const char *pre = o->count ? ",\n        " : "{\n    \"Assignments\": [\n        ";
        rc = put_stream(o, pre, strlen(pre));
    }
    /* re-indent: JSON text has no raw newline inside strings */
    for (i = 0; rc == TT_OK && i < b.len; i++) {
        if (b.ptr[i] == '\n') {
            rc = put_stream(o, b.ptr + start, i + 1 - start);
            if (rc == TT_OK)
                rc = put_stream(o, "        ", 8);
            start = i + 1;
        }
    }
    if (rc == TT_OK)
        rc = put_stream(o, b.ptr + start, b.len - start);
    tt_jv_buf_free(&b);
    return rc;
}

static int yaml_stream_item(tt_out *o, const tt_jv *a)
{
    int rc = TT_OK;
    o->buf.len = 0;
    if (o->count == 0)
        rc = tt_jv_buf_append(&o->buf, "Assignments:\n", 13);
    if (rc == TT_OK)
        rc = tt_out_yaml_seq_item(a, 0, &o->buf);
    if (rc == TT_OK)
        rc = put_stream(o, o->buf.ptr, o->buf.len);
    return rc;
}

/* ---- direct rendering ----------------------------------------------------
 * Without --query and with iso timestamps, json / jsonl / text print each
 * assignment straight from the tt_assignment: byte for byte what
 * tt_out_assignment_to_jv + tt_jv_dump / tt_out_text print, without
 * building (and freeing) a tt_jv tree per assignment. */

/* Where member f sits in a tt_assignment, and whether it is a timestamp. */
static const size_t field_off[TT_FIELD_COUNT] = {
    offsetof(tt_assignment, assignment_id),      offsetof(tt_assignment, worker_id),
    offsetof(tt_assignment, hit_id),             offsetof(tt_assignment, status),
    offsetof(tt_assignment, auto_approval_time), offsetof(tt_assignment, accept_time),
    offsetof(tt_assignment, submit_time),        offsetof(tt_assignment, approval_time),
    offsetof(tt_assignment, rejection_time),     offsetof(tt_assignment, deadline),
    offsetof(tt_assignment, answer),             offsetof(tt_assignment, requester_feedback)};
#define TS_FIELDS                                                                               \
    (TT_FIELD_BIT(TT_FIELD_AUTO_APPROVAL_TIME) | TT_FIELD_BIT(TT_FIELD_ACCEPT_TIME) |           \
     TT_FIELD_BIT(TT_FIELD_SUBMIT_TIME) | TT_FIELD_BIT(TT_FIELD_APPROVAL_TIME) |                \
     TT_FIELD_BIT(TT_FIELD_REJECTION_TIME) | TT_FIELD_BIT(TT_FIELD_DEADLINE))
/* isoformat() is at most 32 bytes (+HH:MM:SS offsets: 35); room kept for it */
#define TS_ROOM 48

/* The string member f of a (not a timestamp). */
static const tt_str *field_str(const tt_assignment *a, int f)
{
    return (const tt_str *)(const void *)((const char *)a + field_off[f]);
}

/* The raw wire text of timestamp member f of a. */
static const tt_str *field_ts(const tt_assignment *a, int f)
{
    return &((const tt_timestamp *)(const void *)((const char *)a + field_off[f]))->raw;
}

/* Member f (present) written at d: a string's bytes, or a timestamp's
 * isoformat() (TS_ROOM bytes of room); *len = its length.  Returns TT_OK
 * or an error. */
static int field_put(tt_out *o, const tt_assignment *a, int f, char *d, size_t *len)
{
    const tt_str *s;
    if (TS_FIELDS & TT_FIELD_BIT(f)) {
        int r;
        s = field_ts(a, f);
        r = tt_out_timestamp_iso(&o->tz, s->ptr, s->len, d, TS_ROOM);
        if (r < 0)
            return r;
        *len = (size_t)r;
        return TT_OK;
    }
    s = field_str(a, f);
    *len = s->ptr ? s->len : 0;
    if (*len)
        memcpy(d, s->ptr, *len);
    return TT_OK;
}

/* The room member f (present) needs in field_put(). */
static size_t field_room(const tt_assignment *a, int f)
{
    if (TS_FIELDS & TT_FIELD_BIT(f))
        return TS_ROOM;
    return field_str(a, f)->ptr ? field_str(a, f)->len : 0;
}

/* Room for n more bytes (and the NUL tt_jv_buf keeps after them) in b. */
static int buf_reserve(tt_jv_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        char *np;
        while (nc < b->len + n + 1)
            nc *= 2;
        np = realloc(b->ptr, nc);
        if (!np)
            return TT_JV_ERR_NOMEM;
        b->ptr = np;
        b->cap = nc;
    }
    return TT_OK;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
/* Non-zero when a byte of x is below n (n <= 128); exact as "any?". */
#define HAS_LESS(x, n) (((x) - ONES * (n)) & ~(x) & HIGHS)

/* x86 hosts test and copy 16 bytes at a time (SSE2 is always there on
 * x86-64); the word loop does the rest. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define OUT_SSE2 1
#else
#define OUT_SSE2 0
#endif

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The lowest flagged byte of a HAS_LESS() mask is a true one (borrows only
 * flag bytes above it): on little-endian, the plain bytes before it. */
#define PLAIN_PREFIX(m) ((size_t)__builtin_ctzll(m) >> 3)
#else
#define PLAIN_PREFIX(m) ((size_t)0)
#endif

/* json.dumps(s, ensure_ascii=False) written at d (room for 6 n + 2 bytes);
 * returns the end.  Eight plain bytes are tested and copied at a time; a
 * word with a byte to escape is copied up to that byte. */
static char *json_esc(char *d, const char *s, size_t n)
{
    /* the letter after '\\' for the bytes to escape below 0x60; 0: \u00XX */
    static const char letter[0x60] = {['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f',
                                      ['\r'] = 'r', ['"'] = '"', ['\\'] = '\\'};
    static const char hex[] = "0123456789abcdef";
    size_t i = 0;
    unsigned char c;
    *d++ = '"';
    while (i < n) {
#if OUT_SSE2
        for (; i + 16 <= n; i += 16, d += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* bytes <= 0x1F (unsigned), '"' and '\\' */
            __m128i bad = _mm_or_si128(
                _mm_cmpeq_epi8(_mm_subs_epu8(v, _mm_set1_epi8(0x1F)), _mm_setzero_si128()),
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
            unsigned m = (unsigned)_mm_movemask_epi8(bad);
            _mm_storeu_si128((__m128i *)(void *)d, v); /* within the room, as below */
            if (m) {
                i += (size_t)__builtin_ctz(m);
                d += __builtin_ctz(m);
                goto escape;
            }
        }
#endif
        for (; i + 8 <= n; i += 8, d += 8) {
            uint64_t x, m;
            memcpy(&x, s + i, 8);
            memcpy(d, &x, 8); /* within the room: 8 bytes in, >= 8 out */
            m = HAS_LESS(x, 0x20) | HAS_LESS(x ^ (ONES * 0x22), 1) | HAS_LESS(x ^ (ONES * 0x5C), 1);
            if (m) {
                i += PLAIN_PREFIX(m);
                d += PLAIN_PREFIX(m);
                break;
            }
        }
        /* plain bytes one by one (the tail, or a word's first bad byte
         * where PLAIN_PREFIX cannot tell) */
        for (; i < n; i++) {
            c = (unsigned char)s[i];
            if (c < 0x20 || c == '"' || c == '\\')
                break;
            *d++ = (char)c;
        }
        if (i == n)
            break;
#if OUT_SSE2
    escape:
#endif
        c = (unsigned char)s[i++]; /* a byte to escape: < 0x20, '"' or '\\' */
        *d++ = '\\';
        if (letter[c]) {
            *d++ = letter[c];
        } else {
            *d++ = 'u';
            *d++ = '0';
            *d++ = '0';
            *d++ = hex[c >> 4];
            *d++ = hex[c & 15];
        }
    }
    *d++ = '"';
    return d;
}

static char *put_lit(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    return d + n;
}

/* One assignment as a JSON object appended to b: members introduced by
 * o->keypre, close after the last ("{}" when empty).  Written in place:
 * timestamps (never escaped: digits, '-', 'T', ':', '.', '+') rendered
 * straight into b; the key prefixes copied whole (KEYPRE_MAX bytes, a
 * fixed-size copy) with the room for that kept at the end. */
static int json_direct(tt_out *o, const tt_assignment *a, const char *close, tt_jv_buf *b)
{
    size_t closel = strlen(close), need = 2 + closel + KEYPRE_MAX;
    uint32_t pres = a->present & TT_FIELDS_ALL;
    int f, rc, k = 0;
    char *d;
    for (f = 0; f < TT_FIELD_COUNT; f++)
        if (pres & TT_FIELD_BIT(f))
            need += KEYPRE_MAX + 2 + ((TS_FIELDS & TT_FIELD_BIT(f)) ? TS_ROOM : 6 * field_room(a, f));
    rc = buf_reserve(b, need);
    if (rc != TT_OK)
        return rc;
    d = b->ptr + b->len;
    if (pres == 0) {
        d = put_lit(d, "{}", 2);
    } else {
        *d++ = '{';
        for (f = 0; f < TT_FIELD_COUNT; f++) {
            if (!(pres & TT_FIELD_BIT(f)))
                continue;
            memcpy(d, o->keypre[k][f], KEYPRE_MAX);
            d += o->keyprelen[k][f];
            k = 1;
            if (TS_FIELDS & TT_FIELD_BIT(f)) {
                const tt_str *t = field_ts(a, f);
                int r = tt_out_timestamp_iso(&o->tz, t->ptr, t->len, d + 1, TS_ROOM);
                if (r < 0)
                    return r;
                *d = '"';
                d += 1 + r;
                *d++ = '"';
            } else {
                const tt_str *s = field_str(a, f);
                d = json_esc(d, s->ptr ? s->ptr : "", s->ptr ? s->len : 0);
            }
        }
        d = put_lit(d, close, closel);
    }
    b->len = (size_t)(d - b->ptr);
    b->ptr[b->len] = '\0';
    return TT_OK;
}

static int text_columns(uint32_t set, int order[TT_FIELD_COUNT]);

/* Direct text: keep the field values of one assignment until the page ends
 * (the column set is the union of the page's keys).  Values go straight
 * into pgtext (timestamps rendered there). */
static int text_direct_row(tt_out *o, const tt_assignment *a)
{
    size_t need = 12;
    struct pgrow *row;
    int f, rc;
    uint32_t pres = a->present & TT_FIELDS_ALL;
    char *d;
    if (o->nrows == o->caprows) {
        size_t nc = o->caprows ? o->caprows * 2 : 128;
        struct pgrow *nr = realloc(o->rows, nc * sizeof *nr);
        if (!nr)
            return TT_JV_ERR_NOMEM;
        o->rows = nr;
        o->caprows = nc;
    }
    row = &o->rows[o->nrows];
    row->present = pres;
    for (f = 0; f < TT_FIELD_COUNT; f++)
        if (pres & TT_FIELD_BIT(f))
            need += field_room(a, f);
    if (o->nrows == 0) { /* the page's first row: guess the columns */
        if (o->colset == 0)
            o->colset = row->present;
        o->ncols = text_columns(o->colset, o->cols);
        o->clean = o->ncols > 0;
        o->pgunion = 0;
    }
    o->pgunion |= row->present;
    if (o->clean && (row->present & ~o->colset) != 0) {
        /* a new column: the page is rebuilt from the values at its end */
        o->clean = 0;
    }
    rc = buf_reserve(&o->pgtext, need + (size_t)o->ncols);
    if (rc != TT_OK)
        return rc;
    d = o->pgtext.ptr + o->pgtext.len;
    if (o->clean) {
        /* "ASSIGNMENTS" + tab-separated values + newline, as
         * text_direct_page() would write the row, values in place */
        int k;
        d = put_lit(d, "ASSIGNMENTS", 11);
        for (k = 0; k < o->ncols; k++) {
            f = o->cols[k];
            *d++ = '\t';
            if (row->present & TT_FIELD_BIT(f)) {
                rc = field_put(o, a, f, d, &row->len[f]);
                if (rc != TT_OK)
                    return rc;
                row->off[f] = (size_t)(d - o->pgtext.ptr);
                d += row->len[f];
            }
        }
        *d++ = '\n';
    } else {
        for (f = 0; f < TT_FIELD_COUNT; f++) {
            if (!(row->present & TT_FIELD_BIT(f)))
                continue;
            rc = field_put(o, a, f, d, &row->len[f]);
            if (rc != TT_OK)
                return rc;
            row->off[f] = (size_t)(d - o->pgtext.ptr);
            d += row->len[f];
        }
    }
    o->pgtext.len = (size_t)(d - o->pgtext.ptr);
    o->nrows++;
    return TT_OK;
}

/* The members in `set`, sorted by name (the text columns) into order[];
 * returns their count. */
static int text_columns(uint32_t set, int order[TT_FIELD_COUNT])
{
    int nf = 0, f, k;
    for (f = 0; f < TT_FIELD_COUNT; f++) {
        const char *name = tt_assignment_field_name((tt_assignment_field)f);
        if (!(set & TT_FIELD_BIT(f)))
            continue;
        /* insertion sort by name (bytewise, as the keys are ASCII) */
        for (k = nf; k > 0; k--) {
            if (strcmp(tt_assignment_field_name((tt_assignment_field)order[k - 1]), name) < 0)
                break;
            order[k] = order[k - 1];
        }
        order[k] = f;
        nf++;
    }
    return nf;
}

/* format_text of {"Assignments": [page]}: "ASSIGNMENTS\t" + the values of
 * the page's keys (sorted; empty when absent) joined by tabs, per row. */
static int text_direct_page(tt_out *o)
{
    int order[TT_FIELD_COUNT], nf, k, rc = TT_OK;
    uint32_t all = 0;
    size_t i;
    uint32_t guessed = o->colset;
    if (o->nrows)
        o->colset = o->pgunion; /* the guess for the next page */
    if (o->clean && o->nrows && o->pgunion == guessed) {
        /* every row fitted the guessed columns, and the page has exactly
         * those: pgtext is the page */
        o->nrows = 0;
        rc = put_out(o, o->pgtext.ptr, o->pgtext.len);
        o->pgtext.len = 0;
        if (rc == TT_OK && fflush(o->out) != 0)
            rc = TT_OUT_ERR_IO;
        return rc;
    }
    for (i = 0; i < o->nrows; i++)
        all |= o->rows[i].present;
    nf = text_columns(all, order);
    o->buf.len = 0;
    if (nf)
        rc = buf_reserve(&o->buf, o->pgtext.len + o->nrows * (12 + (size_t)nf));
    for (i = 0; i < o->nrows && nf && rc == TT_OK; i++) {
        const struct pgrow *row = &o->rows[i];
        char *d = put_lit(o->buf.ptr + o->buf.len, "ASSIGNMENTS", 11);
        for (k = 0; k < nf; k++) {
            *d++ = '\t';
            if (row->present & TT_FIELD_BIT(order[k]))
                d = put_lit(d, o->pgtext.ptr + row->off[order[k]], row->len[order[k]]);
        }
        *d++ = '\n';
        o->buf.len = (size_t)(d - o->buf.ptr);
    }
    if (o->buf.ptr)
        o->buf.ptr[o->buf.len] = '\0';
    o->nrows = 0;
    o->pgtext.len = 0;
    if (rc == TT_OK)
        rc = put_out(o, o->buf.ptr, o->buf.len);
    if (rc == TT_OK && fflush(o->out) != 0)
        rc = TT_OUT_ERR_IO;
    return rc;
}

static int direct_assignment(tt_out *o, const tt_assignment *a)
{
    const char *pre = o->count ? ",\n        " : "{\n    \"Assignments\": [\n        ";
    int rc;
    o->buf.len = 0;
    switch (o->mode) {
    case M_STREAM_JSON:
        rc = tt_jv_buf_append(&o->buf, pre, strlen(pre));
        if (rc == TT_OK)
            rc = json_direct(o, a, "\n        }", &o->buf);
        if (rc == TT_OK)
            rc = put_stream(o, o->buf.ptr, o->buf.len);
        return rc;
    case M_JSONL:
        rc = json_direct(o, a, "}", &o->buf);
        if (rc == TT_OK)
            rc = tt_jv_buf_append(&o->buf, "\n", 1);
        if (rc == TT_OK)
            rc = put_out(o, o->buf.ptr, o->buf.len);
        return rc;
    default:
        return text_direct_row(o, a);
    }
}

int tt_out_assignment(tt_out *o, const tt_assignment *a)
{
    tt_jv *v = NULL;
    int rc;
    if (!o || !a || o->failed || o->finished)
        return o ? fail(o, TT_OUT_ERR_ARG) : TT_OUT_ERR_ARG;
    if (o->direct) {
        rc = direct_assignment(o, a);
        if (rc == TT_OK)
            o->count++;
        return fail(o, rc);
    }
    rc = tt_out_assignment_to_jv(a, o->o.ts, &v);
    if (rc == TT_OK && o->o.answers)
        rc = tt_out_answers_apply(a, &v);
    if (rc != TT_OK) {
        tt_jv_free(v);
        return fail(o, rc);
    }
    switch (o->mode) {
    case M_STREAM_JSON:
        rc = json_stream_item(o, v);
        break;
    case M_STREAM_YAML:
        rc = yaml_stream_item(o, v);
        break;
    case M_JSONL: {
        tt_jv *r = NULL;
        rc = apply_query(o, v, &r);
        o->buf.len = 0;
        if (rc == TT_OK && tt_jv_type_of(r) != TT_JV_NULL) {
            rc = jsonl_line(r, &o->buf);
            if (rc == TT_OK)
                rc = put_out(o, o->buf.ptr, o->buf.len);
        }
        tt_jv_free(r);
        break;
    }
    default:
        rc = tt_jv_array_push(o->items, v);
        v = NULL;
        break;
    }
    tt_jv_free(v);
    if (rc == TT_OK)
        o->count++;
    return fail(o, rc);
}

static int set_str(tt_jv *obj, const char *k, const char *s, size_t n)
{
    return tt_jv_object_set(obj, k, strlen(k), tt_jv_string(s ? s : "", n));
}

int tt_out_page_end(tt_out *o, const tt_page_info *p)
{
    int rc = TT_OK;
    if (!o || !p || o->failed || o->finished)
        return o ? fail(o, TT_OUT_ERR_ARG) : TT_OUT_ERR_ARG;
    if (o->mode == M_RAW) {
        o->raw_seen = 1;
        o->raw_has_next = p->next_token.ptr != NULL;
        if (o->raw_has_next) {
            free(o->raw_next);
            o->raw_next = malloc(p->next_token.len + 1);
            if (!o->raw_next)
                return fail(o, TT_JV_ERR_NOMEM);
            memcpy(o->raw_next, p->next_token.ptr, p->next_token.len);
            o->raw_nlen = p->next_token.len;
        }
        o->raw_has_num = p->has_num_results;
        o->raw_num = p->num_results;
        return TT_OK;
    }
    if (o->mode == M_PAGE && o->direct)
        return fail(o, text_direct_page(o));
    if (o->mode == M_PAGE) {
        tt_jv *page = tt_jv_object();
        if (!page)
            return fail(o, TT_JV_ERR_NOMEM);
        if (o->o.format == TT_OUT_YAML_STREAM) {
            /* the raw page (model order; yaml sorts keys anyway) */
            if (p->next_token.ptr)
                rc = set_str(page, "NextToken", p->next_token.ptr, p->next_token.len);
            if (rc == TT_OK && p->has_num_results)
                rc = tt_jv_object_set(page, "NumResults", 10, tt_jv_int(p->num_results));
        }
        if (rc == TT_OK)
            rc = tt_jv_object_set(page, "Assignments", 11, o->items);
        o->items = tt_jv_array();
        if (rc == TT_OK && !o->items)
            rc = TT_JV_ERR_NOMEM;
        if (rc == TT_OK)
            rc = emit_response(o, page);
        tt_jv_free(page);
        return fail(o, rc);
    }
    return TT_OK;
}

int tt_out_set_token(tt_out *o, const char *tok, size_t len)
{
    if (!o || !tok || o->failed || o->finished)
        return o ? fail(o, TT_OUT_ERR_ARG) : TT_OUT_ERR_ARG;
    free(o->token);
    o->token = malloc(len + 1);
    if (!o->token)
        return fail(o, TT_JV_ERR_NOMEM);
    memcpy(o->token, tok, len);
    o->token[len] = '\0';
    o->toklen = len;
    o->has_token = 1;
    return TT_OK;
}

/* The spool to the output in the kernel (sendfile), when the output is a
 * file descriptor that takes it: 1 done, 0 not possible (nothing written,
 * use stdio), or TT_OUT_ERR_IO. */
static int send_spool(tt_out *o)
{
#if defined(__linux__)
    int in = fileno(o->spool), outfd = fileno(o->out), first = 1;
    if (in < 0 || outfd < 0 || fflush(o->out) != 0)
        return 0;
    for (;;) {
        ssize_t n = sendfile(outfd, in, NULL, (size_t)1 << 30);
        if (n > 0) {
            first = 0;
            continue;
        }
        if (n == 0)
            return 1;
        if (errno == EINTR)
            continue;
        /* e.g. an output sendfile cannot write to: stdio does it */
        return first && (errno == EINVAL || errno == ENOSYS) ? 0 : TT_OUT_ERR_IO;
    }
#else
    (void)o;
    return 0;
#endif
}

static int copy_spool(tt_out *o)
{
    char blk[1 << 16];
    size_t n;
    int rc;
    if (fflush(o->spool) != 0 || fseek(o->spool, 0, SEEK_SET) != 0)
        return TT_OUT_ERR_IO;
    rc = send_spool(o);
    if (rc != 0)
        return rc < 0 ? rc : TT_OK;
    while ((n = fread(blk, 1, sizeof blk, o->spool)) > 0)
        if (fwrite(blk, 1, n, o->out) != n)
            return TT_OUT_ERR_IO;
    if (ferror(o->spool))
        return TT_OUT_ERR_IO;
    return TT_OK;
}

static int finish_stream(tt_out *o)
{
    int rc = TT_OK;
    if (o->mode == M_STREAM_JSON) {
        if (o->count == 0)
            rc = put_stream(o, "{\n    \"Assignments\": []", 23);
        else
            rc = put_stream(o, "\n    ]", 6);
        if (rc == TT_OK && o->has_token) {
            tt_jv_buf b;
            tt_jv_buf_init(&b);
            rc = tt_jv_buf_append(&b, ",\n    \"NextToken\": ", 19);
            if (rc == TT_OK)
                rc = tt_jv_dump_string(o->token, o->toklen, 0, tt_jv_buf_write, &b);
            if (rc == TT_OK)
                rc = put_stream(o, b.ptr, b.len);
            tt_jv_buf_free(&b);
        }
        if (rc == TT_OK)
            rc = put_stream(o, "\n}\n", 3);
    } else {
        if (o->count == 0)
            rc = put_stream(o, "Assignments: []\n", 16);
        if (rc == TT_OK && o->has_token) {
            tt_jv *t = tt_jv_object();
            o->buf.len = 0;
            rc = t ? set_str(t, "NextToken", o->token, o->toklen) : TT_JV_ERR_NOMEM;
            if (rc == TT_OK)
                rc = tt_out_yaml(t, &o->buf);
            if (rc == TT_OK)
                rc = put_stream(o, o->buf.ptr, o->buf.len);
            tt_jv_free(t);
        }
    }
    if (rc == TT_OK && o->spool)
        rc = copy_spool(o);
    return rc;
}

int tt_out_finish(tt_out *o)
{
    int rc = TT_OK;
    tt_jv *v = NULL;
    if (!o || o->failed || o->finished)
        return o ? fail(o, TT_OUT_ERR_ARG) : TT_OUT_ERR_ARG;
    o->finished = 1;
    switch (o->mode) {
    case M_STREAM_JSON:
    case M_STREAM_YAML:
        rc = finish_stream(o);
        break;
    case M_BUFFER:
        v = tt_jv_object();
        rc = v ? tt_jv_object_set(v, "Assignments", 11, tt_jv_retain(o->items)) : TT_JV_ERR_NOMEM;
        if (rc == TT_OK && o->has_token)
            rc = set_str(v, "NextToken", o->token, o->toklen);
        if (rc == TT_OK)
            rc = emit_response(o, v);
        break;
    case M_PAGE:
        if (o->has_token && o->o.format == TT_OUT_TEXT) {
            tt_jv *inner = tt_jv_object();
            v = tt_jv_object();
            rc = inner && v ? set_str(inner, "NextToken", o->token, o->toklen) : TT_JV_ERR_NOMEM;
            if (rc == TT_OK)
                rc = tt_jv_object_set(v, "NextToken", 9, inner);
            else
                tt_jv_free(inner);
            if (rc == TT_OK)
                rc = emit_response(o, v);
        }
        break;
    case M_RAW:
        v = tt_jv_object();
        if (!v) {
            rc = TT_JV_ERR_NOMEM;
            break;
        }
        if (o->raw_has_next)
            rc = set_str(v, "NextToken", o->raw_next, o->raw_nlen);
        if (rc == TT_OK && o->raw_has_num)
            rc = tt_jv_object_set(v, "NumResults", 10, tt_jv_int(o->raw_num));
        if (rc == TT_OK)
            rc = tt_jv_object_set(v, "Assignments", 11, tt_jv_retain(o->items));
        if (rc == TT_OK)
            rc = emit_response(o, v);
        break;
    case M_JSONL:
        if (o->has_token) {
            tt_jv *t = tt_jv_object();
            o->buf.len = 0;
            rc = t ? set_str(t, "NextToken", o->token, o->toklen) : TT_JV_ERR_NOMEM;
            if (rc == TT_OK)
                rc = jsonl_line(t, &o->buf);
            if (rc == TT_OK)
                rc = put_out(o, o->buf.ptr, o->buf.len);
            tt_jv_free(t);
        }
        break;
    }
    tt_jv_free(v);
    if (rc == TT_OK && fflush(o->out) != 0)
        rc = TT_OUT_ERR_IO;
    return fail(o, rc);
}

void tt_out_free(tt_out *o)
{
    if (!o)
        return;
    if (o->spool)
        fclose(o->spool);
    free(o->spool_buf); /* after fclose: the stream used it */
    tt_jv_free(o->items);
    free(o->token);
    free(o->raw_next);
    tt_jv_buf_free(&o->buf);
    tt_jv_buf_free(&o->pgtext);
    free(o->rows);
    free(o);
}
