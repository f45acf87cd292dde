/*
 * tt_output.c - the output layer's driver: receives assignments and page
 * ends from the engine and decides, per format, what to stream, what to
 * keep and when to print (see tt_output.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

struct tt_out {
    tt_out_opts o;
    FILE *out;
    FILE *spool;
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

/* Write bytes to the final output. */
static int put_out(tt_out *o, const char *p, size_t n)
{
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
    tzset();
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

int tt_out_assignment(tt_out *o, const tt_assignment *a)
{
    tt_jv *v = NULL;
    int rc;
    if (!o || !a || o->failed || o->finished)
        return o ? fail(o, TT_OUT_ERR_ARG) : TT_OUT_ERR_ARG;
    rc = tt_out_assignment_to_jv(a, o->o.ts, &v);
    if (rc != TT_OK)
        return fail(o, rc);
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

static int copy_spool(tt_out *o)
{
    char blk[16384];
    size_t n;
    if (fflush(o->spool) != 0 || fseek(o->spool, 0, SEEK_SET) != 0)
        return TT_OUT_ERR_IO;
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
    tt_jv_free(o->items);
    free(o->token);
    free(o->raw_next);
    tt_jv_buf_free(&o->buf);
    free(o);
}
