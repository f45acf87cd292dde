/*
 * tt_cli_prompt.c - --cli-auto-prompt: a line-based prompt on the terminal
 * (the CLI uses a full-screen prompt_toolkit UI; we ask one question per
 * parameter, which works over any TTY, serial consoles included).
 */
#include "tt_cli_prompt.h"

#include <stdlib.h>
#include <string.h>

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static int push(char ***v, size_t *n, size_t *cap, const char *s)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **q = realloc(*v, nc * sizeof *q);
        if (!q)
            return -1;
        *v = q;
        *cap = nc;
    }
    (*v)[*n] = dupn(s, strlen(s));
    if (!(*v)[*n])
        return -1;
    (*n)++;
    return 0;
}

/* Reads one line (without the newline) into buf; -1 on EOF. */
static int ask(FILE *in, FILE *out, const char *q, char *buf, size_t cap)
{
    size_t l;
    fputs(q, out);
    fflush(out);
    if (!fgets(buf, (int)cap, in))
        return -1;
    l = strlen(buf);
    while (l && (buf[l - 1] == '\n' || buf[l - 1] == '\r'))
        buf[--l] = 0;
    return 0;
}

static int has_word(char **args, size_t n, const char *w)
{
    size_t i, l = strlen(w);
    for (i = 0; i < n; i++)
        if (strcmp(args[i], w) == 0 || (strncmp(args[i], w, l) == 0 && args[i][l] == '='))
            return 1;
    return 0;
}

void tt_cli_prompt_free_args(char **args, size_t n)
{
    size_t i;
    if (!args)
        return;
    for (i = 0; i < n; i++)
        free(args[i]);
    free(args);
}

int tt_cli_prompt_run(char **args, size_t n, FILE *in, FILE *out, char ***out_args,
                      size_t *out_n)
{
    char **v = NULL;
    size_t nv = 0, cap = 0, i;
    char line[4096];
    int has_cmd = 0;
    *out_args = NULL;
    *out_n = 0;
    for (i = 0; i < n; i++) {
        if (strcmp(args[i], "--cli-auto-prompt") == 0)
            continue;
        if (strcmp(args[i], "list-assignments-for-hit") == 0)
            has_cmd = 1;
        if (push(&v, &nv, &cap, args[i]))
            goto fail;
    }
    if (!has_cmd) {
        /* the command words are fixed for tinyturk */
        if (!(nv && strcmp(v[0], "mturk") == 0) && push(&v, &nv, &cap, "mturk"))
            goto fail;
        if (push(&v, &nv, &cap, "list-assignments-for-hit"))
            goto fail;
    }
    fputs("tinyturk mturk list-assignments-for-hit: enter the parameters "
          "(empty answer = leave out)\n",
          out);
    if (!has_word(args, n, "--hit-id") && !has_word(args, n, "--cli-input-json") &&
        !has_word(args, n, "--cli-input-yaml")) {
        do {
            if (ask(in, out, "--hit-id (required, string): ", line, sizeof line))
                goto fail;
        } while (!line[0]);
        if (push(&v, &nv, &cap, "--hit-id") || push(&v, &nv, &cap, line))
            goto fail;
    }
    if (!has_word(args, n, "--assignment-statuses")) {
        if (ask(in, out,
                "--assignment-statuses (list: Submitted Approved Rejected; separate with "
                "spaces): ",
                line, sizeof line))
            goto fail;
        if (line[0]) {
            char *tok, *save = NULL;
            if (push(&v, &nv, &cap, "--assignment-statuses"))
                goto fail;
            for (tok = strtok_r(line, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save)) {
                /* accept a unique case-insensitive prefix of an enum value */
                static const char *const st[] = {"Submitted", "Approved", "Rejected"};
                const char *use = tok;
                size_t k, tl = strlen(tok);
                for (k = 0; k < 3; k++)
                    if (strncasecmp(st[k], tok, tl) == 0)
                        use = st[k];
                if (push(&v, &nv, &cap, use))
                    goto fail;
            }
        }
    }
    {
        static const char *const opt[] = {"--page-size", "--max-items", "--starting-token",
                                          "--output", "--query"};
        static const char *const q[] = {
            "--page-size (integer, items per request): ", "--max-items (integer, total items): ",
            "--starting-token (string): ",
            "--output (json | text | table | yaml | yaml-stream | jsonl): ",
            "--query (JMESPath): "};
        size_t k;
        for (k = 0; k < 5; k++) {
            if (has_word(args, n, opt[k]))
                continue;
            if (ask(in, out, q[k], line, sizeof line))
                break; /* EOF: take what we have */
            if (line[0] && (push(&v, &nv, &cap, opt[k]) || push(&v, &nv, &cap, line)))
                goto fail;
        }
    }
    *out_args = v;
    *out_n = nv;
    return 0;
fail:
    *out_args = v;
    *out_n = nv;
    return -1;
}
