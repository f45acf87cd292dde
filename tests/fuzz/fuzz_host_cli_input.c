/*
 * fuzz_host_cli_input.c - libFuzzer target for the --cli-input-json /
 * --cli-input-yaml readers (boards/linux/tt_cli_input.c) and the CLI's
 * merge of the document into the request (boards/linux/tt_cli_args.c).
 *
 * Input byte 0: bit 0 = YAML (else JSON), bit 1 = also go through the whole
 * command line parser (tt_cli_parse_ex with "--cli-input-json=DOC" or
 * "--cli-input-yaml=DOC", plus bits 2-3 picking other options); the rest
 * is the document (cut at a NUL byte, as an argv string would be).
 *
 * Checks: no crash, leak or sanitizer report; JSON: tt_cli_input_parse
 * accepts exactly what tt_cli_pyjson_error (the Python json.loads message
 * writer) accepts when the text is UTF-8 (else it refuses it), and a refusal's message reads "<reason>: line L column C
 * (char N)" with N no larger than the text's code point count; an accepted
 * tree dumps to JSON that parses back to an equal tree; YAML: parsing is
 * deterministic and an accepted tree round-trips through JSON the same way;
 * the command line parser returns TT_CLI_RUN or TT_CLI_ERROR (with a usage
 * exit code and text), never anything else, for any document.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli_args.h"
#include "tt_cli_input.h"
#include "tt_jv.h"
#include "tt_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

static int has_nan(const tt_jv *v)
{
    size_t i;
    switch (tt_jv_type_of(v)) {
    case TT_JV_FLOAT:
        return isnan(v->u.d);
    case TT_JV_ARRAY:
        for (i = 0; i < tt_jv_array_len(v); i++)
            if (has_nan(tt_jv_array_get(v, i)))
                return 1;
        return 0;
    case TT_JV_OBJECT:
        for (i = 0; i < tt_jv_object_len(v); i++)
            if (has_nan(tt_jv_object_value(v, i)))
                return 1;
        return 0;
    default:
        return 0;
    }
}

/* The tree dumps to JSON that parses back to an equal tree. */
static void roundtrip(const tt_jv *v)
{
    tt_jv_buf b;
    tt_jv *w = NULL;
    int rc;
    tt_jv_buf_init(&b);
    FUZZ_CHECK(tt_jv_dump_buf(v, NULL, &b) == TT_OK);
    rc = tt_jv_parse_ex(b.ptr ? b.ptr : "", b.len, TT_JV_PARSE_ALLOW_NAN, &w, NULL, 0);
    /* lone surrogates are written raw (as Python does), which is not UTF-8 */
    FUZZ_CHECK(rc == TT_OK || rc == TT_ERR_JSON_BAD_UTF8);
    if (rc == TT_OK && !has_nan(v))
        FUZZ_CHECK(tt_jv_equal(v, w));
    tt_jv_free(w);
    tt_jv_buf_free(&b);
}

static size_t code_points(const char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

static void check_pyjson_msg(const char *msg, size_t doclen_cp)
{
    const char *p = strstr(msg, ": line ");
    unsigned long line = 0, col = 0, ch = 0;
    FUZZ_CHECK(p != NULL && p > msg);
    FUZZ_CHECK(sscanf(p, ": line %lu column %lu (char %lu)", &line, &col, &ch) == 3);
    FUZZ_CHECK(line >= 1 && col >= 1 && ch <= doclen_cp);
}

static void via_cli(const char *doc, int yaml, unsigned extra)
{
    static const char *const more[4][2] = {
        {"--output", "json"}, {"--max-items", "5"}, {"--page-size", "3"}, {"--no-paginate", NULL}};
    char *argv[12];
    int argc = 0, r;
    char *arg;
    size_t n;
    tt_cli_options o;
    tt_cli_error e;
    tt_cli_parse_cfg cfg;

    argv[argc++] = (char *)"tinyturk";
    argv[argc++] = (char *)"mturk";
    argv[argc++] = (char *)"list-assignments-for-hit";
    if (extra & 1u) {
        argv[argc++] = (char *)"--hit-id";
        argv[argc++] = (char *)"3XHIT";
    }
    argv[argc++] = (char *)more[extra >> 1 & 3u][0];
    if (more[extra >> 1 & 3u][1])
        argv[argc++] = (char *)more[extra >> 1 & 3u][1];
    /* "--opt=DOC": a DOC starting with '-' stays a value */
    n = strlen(doc);
    arg = (char *)malloc(n + 20);
    FUZZ_CHECK(arg != NULL);
    memcpy(arg, yaml ? "--cli-input-yaml=" : "--cli-input-json=", 17);
    memcpy(arg + 17, doc, n + 1);
    argv[argc++] = arg;
    argv[argc] = NULL;
    tt_cli_parse_cfg_defaults(&cfg);
    cfg.auto_prompt_default = 0;
    cfg.assume_tty = 0;
    r = tt_cli_parse_ex(argc, argv, &cfg, &o, &e);
    FUZZ_CHECK(r == TT_CLI_RUN || r == TT_CLI_ERROR);
    if (r == TT_CLI_ERROR)
        FUZZ_CHECK(e.exit_code >= 252 && e.exit_code <= 255 && e.text != NULL);
    tt_cli_error_free(&e);
    tt_cli_options_free(&o);
    free(arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *doc;
    size_t n;
    int yaml;
    tt_jv *v = NULL;
    int rc;

    if (size < 1 || size > 16384)
        return 0;
    yaml = data[0] & 1;
    n = size - 1;
    {
        const uint8_t *nul = (const uint8_t *)memchr(data + 1, 0, n);
        if (nul)
            n = (size_t)(nul - (data + 1));
    }
    doc = (char *)malloc(n + 1); /* exact + NUL: ASan sees over-reads */
    FUZZ_CHECK(doc != NULL);
    memcpy(doc, data + 1, n);
    doc[n] = '\0';

    rc = tt_cli_input_parse(doc, n, yaml, &v);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc != 0)
        FUZZ_CHECK(v == NULL);
    if (!yaml) {
        char msg[256];
        int pe;
        memset(msg, 'x', sizeof msg);
        pe = tt_cli_pyjson_error(doc, n, msg, sizeof msg);
        FUZZ_CHECK(pe == 0 || pe == -1);
        /* Text that is not UTF-8 (argv bytes Python would surrogate-escape)
         * is refused by the reader ("Invalid JSON received.") even where
         * json.loads would take it: a deliberate difference, the AWS CLI
         * would only fail later, sending it. */
        if (tt_utf8_validate(doc, n, NULL) == TT_OK)
            FUZZ_CHECK((pe == 0) == (rc == 0));
        else
            FUZZ_CHECK(rc != 0);
        if (pe != 0) {
            FUZZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL);
            check_pyjson_msg(msg, code_points(doc, n));
        }
    } else {
        tt_jv *w = NULL;
        FUZZ_CHECK(tt_cli_input_parse(doc, n, 1, &w) == rc);
        if (rc == 0 && v != NULL && !has_nan(v))
            FUZZ_CHECK(w != NULL && tt_jv_equal(v, w));
        tt_jv_free(w);
    }
    if (rc == 0 && v != NULL)
        roundtrip(v);
    tt_jv_free(v);

    /* the CLI path (a file:// or fileb:// value would read a file: skip) */
    if ((data[0] & 2u) && strncmp(doc, "file://", 7) != 0 && strncmp(doc, "fileb://", 8) != 0)
        via_cli(doc, yaml, (unsigned)data[0] >> 2);
    free(doc);
    return 0;
}

#include "fuzz_standalone.h"
