/*
 * ttdiff - batch driver for the differential tests against Python
 * (tests/integration/test_diff_json.py, test_diff_jmespath.py).  One
 * command per stdin line, one answer line per command (flushed), binary
 * payloads hex-encoded ("-" = empty):
 *
 *   C <hex doc>   core scanner (core/tt_json.c) on a whole document:
 *                 "OK <canon>" or "ERR <TT_ERR name>", where canon is
 *                   n t f                       null true false
 *                   s<hex bytes>                a string (decoded UTF-8)
 *                   N<ms>|<int>|<inexact>       a number: tt_json_num_floor
 *                                               with shift 3 and 0 ("E" for
 *                                               a field that does not fit)
 *                   [a,b] {s<hex>:v,...}        containers (in order)
 *   H <hex doc>   host parser tt_jv_parse: "OK <canon>" or "ERR <name>", with
 *                   i<decimal> for integers, d<repr> for floats
 *                   (tt_jv_float_repr = Python repr), strings as above
 *                   (lone surrogates as ED A0..BF xx), objects as Python's
 *                   dict (last value wins, first position kept)
 *   P <hex doc>   tt_cli_pyjson_error: "OK" or "ERR <message>"
 *   I <hex text>  tt_ini_parse (boards/linux/tt_awscfg.c): "ERR" or
 *                 "OK <sections>;<entries>", sections = hex names joined by
 *                 ",", entries = <hex section>/<hex key>=<hex value> joined
 *                 by "," in file order
 *   Y <hex text>  the --cli-input-yaml reader (tt_cli_input_parse): "ERR" or
 *                 "OK <canon>" as for H ("OK -" for an empty document)
 *   J <hex expr> <hex json>   tt_jmespath compile + search:
 *                 "OK <result as JSON, one line>" or "ERR <kind>"
 *                 (syntax, invalid-arity, invalid-type, invalid-value,
 *                  unknown-function, nomem; "ERR json" when the document
 *                  does not parse)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_awscfg.h"
#include "tt_cli_input.h"
#include "tt_base.h"
#include "tt_error.h"
#include "tt_jmespath.h"
#include "tt_json.h"
#include "tt_jv.h"

static char *g_line;
static size_t g_cap;

/* Decodes the hex word at *p (advancing past it and one space) into a new
 * buffer of *n bytes (+ a NUL, not counted). */
static char *unhex(const char **p, size_t *n)
{
    const char *s = *p;
    size_t len = 0, i;
    char *out;
    while (s[len] && s[len] != ' ' && s[len] != '\n')
        len++;
    out = (char *)malloc(len / 2 + 1);
    if (!out) {
        fputs("ttdiff: out of memory\n", stderr);
        exit(1);
    }
    *n = 0;
    if (!(len == 1 && s[0] == '-'))
        for (i = 0; i + 1 < len; i += 2) {
            int hi = tt_hex_value(s[i]), lo = tt_hex_value(s[i + 1]);
            if (hi < 0 || lo < 0)
                break;
            out[(*n)++] = (char)(hi * 16 + lo);
        }
    out[*n] = '\0';
    *p = s + len + (s[len] == ' ');
    return out;
}

static void put_hex(const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
}

/* ---- C: the core scanner ---------------------------------------------------- */

static void cmd_core(const char *arg)
{
    size_t n, i;
    char *doc = unhex(&arg, &n);
    tt_json_scanner s;
    tt_json_num num;
    char *out;
    size_t olen = 0, ocap = 128 + n * 16; /* <= 8 bytes out per byte in */
    int rc = TT_OK, in_num = 0;

    out = (char *)malloc(ocap);
    if (!out)
        exit(1);
#define EMIT(str)                                                                              \
    do {                                                                                       \
        size_t l_ = strlen(str);                                                               \
        memcpy(out + olen, str, l_);                                                           \
        olen += l_;                                                                            \
    } while (0)
    tt_json_init(&s);
    for (i = 0; i <= n; i++) {
        int ev, prim;
        char tmp[64];
        if (i == n) {
            ev = tt_json_end(&s);
            if (ev == TT_ERR_JSON_TRUNCATED) {
                rc = ev;
                break;
            }
        } else {
            ev = tt_json_byte(&s, (unsigned char)doc[i]);
            if (ev < 0) {
                rc = ev;
                break;
            }
        }
        if ((ev & TT_JSON_EV_NUM_END) && in_num) {
            /* N<ms>|<int>|<inexact> */
            {
                int64_t v;
                int inexact = 0;
                EMIT("N");
                if (tt_json_num_floor(&num, 3, &v, NULL) == TT_OK)
                    snprintf(tmp, sizeof tmp, "%lld|", (long long)v);
                else
                    snprintf(tmp, sizeof tmp, "E|");
                EMIT(tmp);
                if (tt_json_num_floor(&num, 0, &v, &inexact) == TT_OK)
                    snprintf(tmp, sizeof tmp, "%lld|%d", (long long)v, inexact);
                else
                    snprintf(tmp, sizeof tmp, "E");
                EMIT(tmp);
            }
            in_num = 0;
        }
        if (i == n)
            break;
        prim = ev & (int)TT_JSON_EV_MASK;
        /* a comma before a key or value that does not open a container or
         * follow a key: the second and later items */
        if ((prim == TT_JSON_EV_OBJ_BEGIN || prim == TT_JSON_EV_ARR_BEGIN ||
             prim == TT_JSON_EV_STR_BEGIN || prim == TT_JSON_EV_NUM_BEGIN ||
             prim == TT_JSON_EV_TRUE || prim == TT_JSON_EV_FALSE || prim == TT_JSON_EV_NULL ||
             prim == TT_JSON_EV_KEY_BEGIN) &&
            olen > 0 && out[olen - 1] != '[' && out[olen - 1] != '{' && out[olen - 1] != ':')
            EMIT(",");
        switch (prim) {
        case TT_JSON_EV_OBJ_BEGIN:
            EMIT("{");
            break;
        case TT_JSON_EV_ARR_BEGIN:
            EMIT("[");
            break;
        case TT_JSON_EV_OBJ_END:
            EMIT("}");
            break;
        case TT_JSON_EV_ARR_END:
            EMIT("]");
            break;
        case TT_JSON_EV_KEY_BEGIN:
        case TT_JSON_EV_STR_BEGIN:
            EMIT("s");
            break;
        case TT_JSON_EV_KEY_END:
            EMIT(":");
            break;
        case TT_JSON_EV_KEY_DATA:
        case TT_JSON_EV_STR_DATA: {
            unsigned k;
            for (k = 0; k < s.out_len; k++) {
                snprintf(tmp, sizeof tmp, "%02x", s.out[k]);
                EMIT(tmp);
            }
            break;
        }
        case TT_JSON_EV_NUM_BEGIN:
            tt_json_num_init(&num);
            tt_json_num_push(&num, (unsigned char)doc[i]);
            in_num = 1;
            break;
        case TT_JSON_EV_NUM_DATA:
            tt_json_num_push(&num, (unsigned char)doc[i]);
            break;
        case TT_JSON_EV_TRUE:
            EMIT("t");
            break;
        case TT_JSON_EV_FALSE:
            EMIT("f");
            break;
        case TT_JSON_EV_NULL:
            EMIT("n");
            break;
        default:
            break;
        }
    }
#undef EMIT
    if (rc != TT_OK)
        printf("ERR %s\n", tt_errname(rc));
    else
        printf("OK %.*s\n", (int)olen, out);
    free(out);
    free(doc);
}

/* ---- H: the host parser ----------------------------------------------------- */

static void canon_host(const tt_jv *v)
{
    size_t i, n;
    const char *s;
    char buf[64];
    switch (tt_jv_type_of(v)) {
    case TT_JV_NULL:
        fputs("n", stdout);
        break;
    case TT_JV_BOOL:
        fputs(tt_jv_get_bool(v) ? "t" : "f", stdout);
        break;
    case TT_JV_INT:
        n = tt_jv_int_repr(v, buf, sizeof buf);
        printf("i%.*s", (int)n, buf);
        break;
    case TT_JV_FLOAT:
        n = tt_jv_float_repr(tt_jv_get_double(v), buf, sizeof buf);
        printf("d%.*s", (int)n, buf);
        break;
    case TT_JV_STRING:
        s = tt_jv_get_string(v, &n);
        fputs("s", stdout);
        put_hex((const unsigned char *)s, n);
        break;
    case TT_JV_ARRAY:
        fputs("[", stdout);
        for (i = 0; i < tt_jv_array_len(v); i++) {
            if (i)
                fputs(",", stdout);
            canon_host(tt_jv_array_get(v, i));
        }
        fputs("]", stdout);
        break;
    case TT_JV_OBJECT:
        fputs("{", stdout);
        for (i = 0; i < tt_jv_object_len(v); i++) {
            if (i)
                fputs(",", stdout);
            s = tt_jv_object_key(v, i, &n);
            fputs("s", stdout);
            put_hex((const unsigned char *)s, n);
            fputs(":", stdout);
            canon_host(tt_jv_object_value(v, i));
        }
        fputs("}", stdout);
        break;
    default:
        fputs("?", stdout);
        break;
    }
}

static void cmd_host(const char *arg)
{
    size_t n;
    char *doc = unhex(&arg, &n);
    tt_jv *v = NULL;
    int rc = tt_jv_parse(doc, n, &v, NULL, 0);
    if (rc != TT_OK) {
        printf("ERR %s\n", tt_errname(rc));
    } else {
        fputs("OK ", stdout);
        canon_host(v);
        fputs("\n", stdout);
    }
    tt_jv_free(v);
    free(doc);
}

static void cmd_yaml(const char *arg)
{
    size_t n;
    char *text = unhex(&arg, &n);
    tt_jv *v = NULL;
    if (tt_cli_input_parse(text, n, 1, &v) != 0) {
        puts("ERR");
    } else if (v == NULL) {
        puts("OK -");
    } else {
        fputs("OK ", stdout);
        canon_host(v);
        fputs("\n", stdout);
    }
    tt_jv_free(v);
    free(text);
}

static void cmd_pyjson(const char *arg)
{
    size_t n;
    char *doc = unhex(&arg, &n);
    char msg[512];
    if (tt_cli_pyjson_error(doc, n, msg, sizeof msg) == 0)
        puts("OK");
    else
        printf("ERR %s\n", msg);
    free(doc);
}

/* ---- I: the credentials/config INI parser ---------------------------------- */

static void put_hex_s(const char *s)
{
    put_hex((const unsigned char *)s, strlen(s));
}

static void cmd_ini(const char *arg)
{
    size_t n, i;
    char *text = unhex(&arg, &n);
    char msg[128];
    tt_ini ini;
    if (tt_ini_parse(text, n, &ini, msg, sizeof msg) != 0) {
        puts("ERR");
        free(text);
        return;
    }
    fputs("OK ", stdout);
    for (i = 0; i < ini.nsections; i++) {
        if (i)
            fputs(",", stdout);
        put_hex_s(ini.sections[i]);
    }
    fputs(";", stdout);
    for (i = 0; i < ini.len; i++) {
        if (i)
            fputs(",", stdout);
        put_hex_s(ini.entries[i].section);
        fputs("/", stdout);
        put_hex_s(ini.entries[i].key);
        fputs("=", stdout);
        put_hex_s(ini.entries[i].value);
    }
    fputs("\n", stdout);
    tt_ini_free(&ini);
    free(text);
}

/* ---- J: JMESPath ------------------------------------------------------------ */

static void cmd_jmespath(const char *arg)
{
    size_t en, dn;
    char *expr = unhex(&arg, &en);
    char *json = unhex(&arg, &dn);
    tt_jv *doc = NULL, *r = NULL;
    tt_jmespath *q = NULL;
    tt_jmespath_error e;
    int rc;

    if (tt_jv_parse(json, dn, &doc, NULL, 0) != TT_OK) {
        puts("ERR json");
    } else if ((rc = tt_jmespath_compile(expr, en, &q, &e)) != TT_OK) {
        printf("ERR %s\n", rc == TT_JV_ERR_NOMEM ? "nomem" : tt_jmespath_kind_name(e.kind));
    } else if ((rc = tt_jmespath_search(q, doc, &r, &e)) != TT_OK) {
        printf("ERR %s\n", rc == TT_JV_ERR_NOMEM ? "nomem" : tt_jmespath_kind_name(e.kind));
    } else {
        tt_jv_buf b;
        tt_jv_dump_opts o;
        tt_jv_dump_opts_default(&o);
        o.ensure_ascii = 1;
        tt_jv_buf_init(&b);
        if (tt_jv_dump_buf(r, &o, &b) != TT_OK)
            puts("ERR dump");
        else
            printf("OK %.*s\n", (int)b.len, b.ptr ? b.ptr : "");
        tt_jv_buf_free(&b);
    }
    tt_jv_free(r);
    tt_jv_free(doc);
    tt_jmespath_free(q);
    free(json);
    free(expr);
}

int main(void)
{
    for (;;) {
        size_t len = 0;
        int c;
        while ((c = getchar()) != EOF && c != '\n') {
            if (len + 2 > g_cap) {
                size_t nc = g_cap ? g_cap * 2 : 4096;
                char *nl = (char *)realloc(g_line, nc);
                if (!nl)
                    return 1;
                g_line = nl;
                g_cap = nc;
            }
            g_line[len++] = (char)c;
        }
        if (c == EOF && len == 0)
            break;
        if (!g_line) {
            g_line = (char *)malloc(2);
            if (!g_line)
                return 1;
            g_cap = 2;
        }
        g_line[len] = '\0';
        if (len >= 2 && g_line[1] == ' ') {
            switch (g_line[0]) {
            case 'C':
                cmd_core(g_line + 2);
                break;
            case 'H':
                cmd_host(g_line + 2);
                break;
            case 'P':
                cmd_pyjson(g_line + 2);
                break;
            case 'J':
                cmd_jmespath(g_line + 2);
                break;
            case 'I':
                cmd_ini(g_line + 2);
                break;
            case 'Y':
                cmd_yaml(g_line + 2);
                break;
            default:
                puts("ERR command");
                break;
            }
        } else {
            puts("ERR command");
        }
        fflush(stdout);
        if (c == EOF)
            break;
    }
    free(g_line);
    return 0;
}
