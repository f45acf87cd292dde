/*
 * tt_jmespath.c - JMESPath lexer, Pratt parser and tree interpreter.
 *
 * The grammar handling follows the structure of python jmespath 1.0.1
 * (a top-down operator precedence parser over a token list) because the
 * AWS CLI uses that package and its accepted language, AST shapes (which
 * decide projection behaviour) and error classes are what we must match.
 * Values are tt_jv trees; during evaluation a C NULL stands for JSON null
 * so that missing keys cost no allocation.
 */
#include "tt_jmespath.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JP_MAX_DEPTH 512 /* parser / evaluator nesting limit (stack safety) */

/* ======================================================================
 * errors
 * ====================================================================== */

const char *tt_jmespath_kind_name(tt_jmespath_kind kind)
{
    switch (kind) {
    case TT_JMESPATH_SYNTAX: return "syntax";
    case TT_JMESPATH_INVALID_ARITY: return "invalid-arity";
    case TT_JMESPATH_INVALID_TYPE: return "invalid-type";
    case TT_JMESPATH_INVALID_VALUE: return "invalid-value";
    case TT_JMESPATH_UNKNOWN_FUNCTION: return "unknown-function";
    case TT_JMESPATH_NOMEM: return "out-of-memory";
    default: return "";
    }
}

static int kind_code(tt_jmespath_kind k)
{
    switch (k) {
    case TT_JMESPATH_SYNTAX: return TT_JMESPATH_ERR_SYNTAX;
    case TT_JMESPATH_INVALID_ARITY: return TT_JMESPATH_ERR_ARITY;
    case TT_JMESPATH_INVALID_TYPE: return TT_JMESPATH_ERR_TYPE;
    case TT_JMESPATH_INVALID_VALUE: return TT_JMESPATH_ERR_VALUE;
    case TT_JMESPATH_UNKNOWN_FUNCTION: return TT_JMESPATH_ERR_UNKNOWN_FUNCTION;
    case TT_JMESPATH_NOMEM: return TT_JV_ERR_NOMEM;
    default: return TT_OK;
    }
}

/* Sets *err (first error wins); returns the matching code. */
static int set_err(tt_jmespath_error *err, int *code, tt_jmespath_kind kind, size_t offset,
                   const char *fmt, ...)
{
    va_list ap;
    if (*code)
        /* returns the first error's code, not a truth value (cppcheck
         * mistakes it for a repeated condition) */
        /* cppcheck-suppress identicalInnerCondition */
        return *code;
    *code = kind_code(kind);
    if (err) {
        err->kind = kind;
        err->offset = offset;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return *code;
}

/* ======================================================================
 * tokens
 * ====================================================================== */

typedef enum tok_type {
    T_EOF, T_UNQUOTED, T_QUOTED, T_LITERAL, T_RBRACKET, T_RPAREN, T_COMMA, T_RBRACE,
    T_NUMBER, T_CURRENT, T_EXPREF, T_COLON, T_PIPE, T_OR, T_AND, T_EQ, T_GT, T_LT, T_GTE,
    T_LTE, T_NE, T_FLATTEN, T_STAR, T_FILTER, T_DOT, T_NOT, T_LBRACE, T_LBRACKET, T_LPAREN
} tok_type;

static const char *const tok_names[] = {
    "eof", "unquoted_identifier", "quoted_identifier", "literal", "rbracket", "rparen",
    "comma", "rbrace", "number", "current", "expref", "colon", "pipe", "or", "and", "eq",
    "gt", "lt", "gte", "lte", "ne", "flatten", "star", "filter", "dot", "not", "lbrace",
    "lbracket", "lparen"};

/* Binding powers (python jmespath's table). */
static const int tok_bp[] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* eof .. colon */
    1,                                   /* pipe */
    2, 3,                                /* or, and */
    5, 5, 5, 5, 5, 5,                    /* eq gt lt gte lte ne */
    9,                                   /* flatten */
    20, 21, 40, 45, 50, 55, 60           /* star filter dot not lbrace lbracket lparen */
};

#define PROJECTION_STOP 10

typedef struct token {
    tok_type type;
    size_t start, end; /* byte range in the expression */
    char *str;         /* identifiers: decoded name (NUL-terminated) */
    size_t slen;
    int64_t num; /* numbers (saturated to int64) */
    tt_jv *lit;  /* literals */
} token;

/* ======================================================================
 * AST
 * ====================================================================== */

typedef enum node_type {
    N_FIELD, N_SUBEXPR, N_INDEX, N_INDEX_EXPR, N_SLICE, N_IDENTITY, N_CURRENT, N_LITERAL,
    N_PROJECTION, N_VALUE_PROJECTION, N_FILTER_PROJECTION, N_FLATTEN, N_MULTI_LIST,
    N_MULTI_HASH, N_PIPE, N_OR, N_AND, N_NOT, N_CMP, N_FUNCTION, N_EXPREF
} node_type;

typedef enum cmp_op { C_EQ, C_NE, C_LT, C_LTE, C_GT, C_GTE } cmp_op;

struct fn_spec;

typedef struct node {
    node_type type;
    cmp_op op;
    char *name; /* field / function name; N_MULTI_HASH: unused (keys below) */
    size_t nlen;
    int64_t idx;
    int64_t sl[3];
    int has[3];
    tt_jv *lit;
    const struct fn_spec *fn; /* N_FUNCTION: NULL when unknown */
    struct node **kids;
    char **keys; /* N_MULTI_HASH: key per kid */
    size_t *klens;
    size_t nkids, kcap;
} node;

struct tt_jmespath {
    node *root;
};

static void node_free(node *n)
{
    size_t k;
    if (!n)
        return;
    for (k = 0; k < n->nkids; k++) {
        node_free(n->kids[k]);
        if (n->keys)
            free(n->keys[k]);
    }
    free(n->kids);
    free(n->keys);
    free(n->klens);
    free(n->name);
    tt_jv_free(n->lit);
    free(n);
}

void tt_jmespath_free(tt_jmespath *q)
{
    if (!q)
        return;
    node_free(q->root);
    free(q);
}

/* ======================================================================
 * lexer
 * ====================================================================== */

typedef struct parser {
    const char *src;
    size_t len;
    token *toks;
    size_t ntoks, tcap, pos;
    int depth;
    int code;
    tt_jmespath_error *err;
} parser;

/* Column as python counts it (code points before byte offset). */
static size_t col_of(const parser *p, size_t off)
{
    size_t k, c = 0;
    for (k = 0; k < off && k < p->len; k++)
        if (((unsigned char)p->src[k] & 0xC0) != 0x80)
            c++;
    return c;
}

static int nomem(parser *p)
{
    return set_err(p->err, &p->code, TT_JMESPATH_NOMEM, 0, "out of memory");
}

static int lex_error(parser *p, size_t at, const char *what)
{
    size_t col = col_of(p, at);
    return set_err(p->err, &p->code, TT_JMESPATH_SYNTAX, at,
                   "Bad jmespath expression: %s:\n%.*s\n%*s^", what, (int)p->len, p->src,
                   (int)col, "");
}

static token *push_tok(parser *p, tok_type t, size_t start, size_t end)
{
    token *tk;
    if (p->ntoks == p->tcap) {
        size_t ncap = p->tcap ? p->tcap * 2 : 16;
        token *n = (token *)realloc(p->toks, ncap * sizeof *n);
        if (!n) {
            nomem(p);
            return NULL;
        }
        p->toks = n;
        p->tcap = ncap;
    }
    tk = &p->toks[p->ntoks++];
    memset(tk, 0, sizeof *tk);
    tk->type = t;
    tk->start = start;
    tk->end = end;
    return tk;
}

static int is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

/*
 * Consumes from the opening delimiter at p->src[*i] to the closing one,
 * keeping backslash escapes verbatim (python's _consume_until).  Returns
 * the raw body range [*bs, *be); *i ends after the closing delimiter.
 */
static int lex_until(parser *p, size_t *i, char delim, size_t *bs, size_t *be)
{
    size_t start = *i, k = *i + 1;
    *bs = *be = k; /* defined even on the error path */
    while (k < p->len && p->src[k] != delim) {
        if (p->src[k] == '\\')
            k++;
        k++;
    }
    if (k >= p->len) {
        char what[32];
        snprintf(what, sizeof what, "Unclosed %c delimiter", delim);
        return lex_error(p, start, what);
    }
    *be = k;
    *i = k + 1;
    return 0;
}

/* Copies s[0..n) replacing "\<c>" by "<c>" (python's str.replace). */
static char *unescape_delim(const char *s, size_t n, char c, size_t *outlen)
{
    char *o = (char *)malloc(n + 1);
    size_t k, j = 0;
    if (!o)
        return NULL;
    for (k = 0; k < n; k++) {
        if (s[k] == '\\' && k + 1 < n && s[k + 1] == c) {
            o[j++] = c;
            k++;
        } else {
            o[j++] = s[k];
        }
    }
    o[j] = '\0';
    *outlen = j;
    return o;
}

static int lex_literal(parser *p, size_t *i)
{
    size_t start = *i, bs, be, n, k;
    char *body, *q;
    tt_jv *v = NULL;
    token *tk;
    if (lex_until(p, i, '`', &bs, &be))
        return p->code;
    body = unescape_delim(p->src + bs, be - bs, '`', &n);
    if (!body)
        return nomem(p);
    if (tt_jv_parse_ex(body, n, TT_JV_PARSE_ALLOW_NAN, &v, NULL, 0) != TT_OK) {
        /* JEP-12 legacy: `foo` is the JSON string "foo" (left-stripped) */
        k = 0;
        while (k < n && (body[k] == ' ' || body[k] == '\t' || body[k] == '\n' ||
                         body[k] == '\r' || body[k] == '\f' || body[k] == '\v'))
            k++;
        q = (char *)malloc(n - k + 3);
        if (!q) {
            free(body);
            return nomem(p);
        }
        q[0] = '"';
        memcpy(q + 1, body + k, n - k);
        q[n - k + 1] = '"';
        q[n - k + 2] = '\0';
        if (tt_jv_parse_ex(q, n - k + 2, 0, &v, NULL, 0) != TT_OK) {
            char what[96];
            free(q);
            snprintf(what, sizeof what, "Bad token %.*s", (int)(n > 64 ? 64 : n), body);
            free(body);
            return lex_error(p, start, what);
        }
        free(q);
    }
    free(body);
    tk = push_tok(p, T_LITERAL, start, *i);
    if (!tk) {
        tt_jv_free(v);
        return p->code;
    }
    tk->lit = v;
    return 0;
}

static int lex_raw_string(parser *p, size_t *i)
{
    size_t start = *i, bs, be, n;
    char *body;
    token *tk;
    if (lex_until(p, i, '\'', &bs, &be))
        return p->code;
    body = unescape_delim(p->src + bs, be - bs, '\'', &n);
    if (!body)
        return nomem(p);
    tk = push_tok(p, T_LITERAL, start, *i);
    if (!tk) {
        free(body);
        return p->code;
    }
    tk->lit = tt_jv_string(body, n);
    free(body);
    if (!tk->lit)
        return nomem(p);
    return 0;
}

static int lex_quoted(parser *p, size_t *i)
{
    size_t start = *i, bs, be;
    tt_jv *v = NULL;
    token *tk;
    int rc;
    if (lex_until(p, i, '"', &bs, &be))
        return p->code;
    /* the body plus its quotes is exactly the JSON string text */
    rc = tt_jv_parse(p->src + start, *i - start, &v, NULL, 0);
    if (rc != TT_OK || tt_jv_type_of(v) != TT_JV_STRING) {
        const char *what = rc == TT_ERR_JSON_BAD_ESCAPE ? "Invalid \\escape"
                           : rc == TT_JV_ERR_NOMEM     ? "out of memory"
                                                        : "Invalid control character at";
        size_t k;
        for (k = bs; k + 1 < be; k++)
            if (p->src[k] == '\\' && p->src[k + 1] == 'u') {
                if (rc == TT_ERR_JSON_BAD_ESCAPE)
                    what = "Invalid \\uXXXX escape";
                break;
            }
        tt_jv_free(v);
        if (rc == TT_JV_ERR_NOMEM)
            return nomem(p);
        return lex_error(p, start, what);
    }
    tk = push_tok(p, T_QUOTED, start, *i);
    if (!tk) {
        tt_jv_free(v);
        return p->code;
    }
    /* steal the decoded string */
    tk->str = v->u.s.ptr;
    tk->slen = v->u.s.len;
    v->u.s.ptr = NULL;
    tt_jv_free(v);
    return 0;
}

static int lex_number(parser *p, size_t *i)
{
    size_t start = *i, k = *i;
    int neg = 0;
    uint64_t acc = 0;
    int sat = 0;
    token *tk;
    if (p->src[k] == '-') {
        neg = 1;
        k++;
    }
    if (k >= p->len || p->src[k] < '0' || p->src[k] > '9') {
        *i = k;
        return lex_error(p, start, "Unknown token '-'");
    }
    while (k < p->len && p->src[k] >= '0' && p->src[k] <= '9') {
        unsigned d = (unsigned)(p->src[k] - '0');
        if (acc > ((uint64_t)INT64_MAX - d) / 10u)
            sat = 1;
        else
            acc = acc * 10u + d;
        k++;
    }
    *i = k;
    tk = push_tok(p, T_NUMBER, start, k);
    if (!tk)
        return p->code;
    /* saturating keeps index/slice semantics: far out of range either way */
    if (sat)
        tk->num = neg ? INT64_MIN : INT64_MAX;
    else
        tk->num = neg ? -(int64_t)acc : (int64_t)acc;
    return 0;
}

/* Two-char operator "<c><expected>" or the one-char fallback. */
static int lex_pair(parser *p, size_t *i, char expected, tok_type match, tok_type other)
{
    size_t start = *i;
    if (start + 1 < p->len && p->src[start + 1] == expected) {
        *i = start + 2;
        return push_tok(p, match, start, start + 2) ? 0 : p->code;
    }
    *i = start + 1;
    return push_tok(p, other, start, start + 1) ? 0 : p->code;
}

static int lex_all(parser *p)
{
    size_t i = 0;
    if (p->len == 0)
        return set_err(p->err, &p->code, TT_JMESPATH_SYNTAX, 0,
                       "Invalid JMESPath expression: cannot be empty.");
    while (i < p->len && !p->code) {
        char c = p->src[i];
        tok_type simple = T_EOF;
        switch (c) {
        case '.': simple = T_DOT; break;
        case '*': simple = T_STAR; break;
        case ']': simple = T_RBRACKET; break;
        case ',': simple = T_COMMA; break;
        case ':': simple = T_COLON; break;
        case '@': simple = T_CURRENT; break;
        case '(': simple = T_LPAREN; break;
        case ')': simple = T_RPAREN; break;
        case '{': simple = T_LBRACE; break;
        case '}': simple = T_RBRACE; break;
        default: break;
        }
        if (simple != T_EOF) {
            if (!push_tok(p, simple, i, i + 1))
                return p->code;
            i++;
            continue;
        }
        if (is_ident_start(c)) {
            size_t s = i;
            token *tk;
            while (i < p->len && is_ident_char(p->src[i]))
                i++;
            tk = push_tok(p, T_UNQUOTED, s, i);
            if (!tk)
                return p->code;
            tk->str = (char *)malloc(i - s + 1);
            if (!tk->str)
                return nomem(p);
            memcpy(tk->str, p->src + s, i - s);
            tk->str[i - s] = '\0';
            tk->slen = i - s;
            continue;
        }
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            i++;
            break;
        case '[':
            if (i + 1 < p->len && p->src[i + 1] == ']') {
                if (!push_tok(p, T_FLATTEN, i, i + 2))
                    return p->code;
                i += 2;
            } else if (i + 1 < p->len && p->src[i + 1] == '?') {
                if (!push_tok(p, T_FILTER, i, i + 2))
                    return p->code;
                i += 2;
            } else {
                if (!push_tok(p, T_LBRACKET, i, i + 1))
                    return p->code;
                i++;
            }
            break;
        case '\'':
            lex_raw_string(p, &i);
            break;
        case '|':
            lex_pair(p, &i, '|', T_OR, T_PIPE);
            break;
        case '&':
            lex_pair(p, &i, '&', T_AND, T_EXPREF);
            break;
        case '`':
            lex_literal(p, &i);
            break;
        case '"':
            lex_quoted(p, &i);
            break;
        case '<':
            lex_pair(p, &i, '=', T_LTE, T_LT);
            break;
        case '>':
            lex_pair(p, &i, '=', T_GTE, T_GT);
            break;
        case '!':
            lex_pair(p, &i, '=', T_NE, T_NOT);
            break;
        case '=':
            if (i + 1 < p->len && p->src[i + 1] == '=') {
                if (!push_tok(p, T_EQ, i, i + 2))
                    return p->code;
                i += 2;
            } else {
                return lex_error(p, i, "Unknown token '='");
            }
            break;
        default:
            if (c == '-' || (c >= '0' && c <= '9')) {
                lex_number(p, &i);
            } else {
                char what[32];
                size_t n = 1;
                /* show a whole UTF-8 character */
                while (i + n < p->len && ((unsigned char)p->src[i + n] & 0xC0) == 0x80 && n < 4)
                    n++;
                snprintf(what, sizeof what, "Unknown token %.*s", (int)n, p->src + i);
                return lex_error(p, i, what);
            }
            break;
        }
    }
    if (p->code)
        return p->code;
    return push_tok(p, T_EOF, p->len, p->len) ? 0 : p->code;
}

/* ======================================================================
 * parser
 * ====================================================================== */

static tok_type cur(const parser *p) { return p->toks[p->pos].type; }

static tok_type peek(const parser *p, size_t n)
{
    return p->pos + n < p->ntoks ? p->toks[p->pos + n].type : T_EOF;
}

static void advance(parser *p)
{
    if (p->pos + 1 < p->ntoks)
        p->pos++;
}

/* Parse error for token t reported at column col: python's ParseError text. */
static int parse_error_col(parser *p, const token *t, const char *reason, size_t col)
{
    char tt[32];
    size_t k;
    int vlen = (int)(t->end - t->start);
    const char *val = p->src + t->start;
    for (k = 0; tok_names[t->type][k] && k < sizeof tt - 1; k++) {
        char ch = tok_names[t->type][k];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - ('a' - 'A'));
        tt[k] = ch;
    }
    tt[k] = '\0';
    if (t->type == T_QUOTED) {
        val = t->str;
        vlen = (int)t->slen;
    }
    return set_err(p->err, &p->code, TT_JMESPATH_SYNTAX, t->start,
                   "%s: Parse error at column %lu, token \"%.*s\" (%s), for expression:\n"
                   "\"%.*s\"\n%*s^",
                   reason, (unsigned long)col, vlen, val, tt, (int)p->len, p->src,
                   (int)(col + 1), "");
}

static int parse_error(parser *p, const token *t, const char *reason)
{
    return parse_error_col(p, t, reason, col_of(p, t->start));
}

static int incomplete(parser *p)
{
    size_t col = col_of(p, p->len);
    return set_err(p->err, &p->code, TT_JMESPATH_SYNTAX, p->len,
                   "Invalid jmespath expression: Incomplete expression:\n\"%.*s\"\n%*s^",
                   (int)p->len, p->src, (int)(col + 1), "");
}

static int error_maybe_eof(parser *p, const char *expected)
{
    const token *t = &p->toks[p->pos];
    char msg[160];
    if (t->type == T_EOF)
        return incomplete(p);
    snprintf(msg, sizeof msg, "Expecting: %s, got: %s", expected, tok_names[t->type]);
    return parse_error(p, t, msg);
}

static int match(parser *p, tok_type t)
{
    if (cur(p) == t) {
        advance(p);
        return 0;
    }
    return error_maybe_eof(p, tok_names[t]);
}

static node *mk(parser *p, node_type t)
{
    node *n = (node *)calloc(1, sizeof *n);
    if (!n)
        nomem(p);
    else
        n->type = t;
    return n;
}

/* Appends kid (ownership taken even on failure); returns 0 or -1. */
static int add_kid(parser *p, node *n, node *kid)
{
    if (!kid)
        return -1;
    if (n->nkids == n->kcap) {
        size_t ncap = n->kcap ? n->kcap * 2 : 2;
        node **k = (node **)realloc(n->kids, ncap * sizeof(node *));
        if (!k) {
            node_free(kid);
            nomem(p);
            return -1;
        }
        n->kids = k;
        n->kcap = ncap;
    }
    n->kids[n->nkids++] = kid;
    return 0;
}

/* Node of type t with kids a, b (either may be NULL = failure upstream). */
static node *mk2(parser *p, node_type t, node *a, node *b)
{
    node *n;
    if (!a || !b || p->code) {
        node_free(a);
        node_free(b);
        return NULL;
    }
    n = mk(p, t);
    if (!n) {
        node_free(a);
        node_free(b);
        return NULL;
    }
    if (add_kid(p, n, a)) {
        node_free(b);
        node_free(n);
        return NULL;
    }
    if (add_kid(p, n, b)) {
        node_free(n);
        return NULL;
    }
    return n;
}

static node *expression(parser *p, int rbp);
static node *parse_projection_rhs(parser *p, int rbp);

static node *identity(parser *p) { return mk(p, N_IDENTITY); }

static node *parse_multi_select_list(parser *p)
{
    node *n = mk(p, N_MULTI_LIST);
    if (!n)
        return NULL;
    for (;;) {
        if (add_kid(p, n, expression(p, 0)))
            goto fail;
        if (cur(p) == T_RBRACKET)
            break;
        if (match(p, T_COMMA))
            goto fail;
    }
    if (match(p, T_RBRACKET))
        goto fail;
    return n;
fail:
    node_free(n);
    return NULL;
}

static node *parse_multi_select_hash(parser *p)
{
    node *n = mk(p, N_MULTI_HASH);
    if (!n)
        return NULL;
    for (;;) {
        const token *kt = &p->toks[p->pos];
        char *key;
        if (kt->type != T_QUOTED && kt->type != T_UNQUOTED) {
            error_maybe_eof(p, "['quoted_identifier', 'unquoted_identifier']");
            goto fail;
        }
        advance(p);
        if (match(p, T_COLON))
            goto fail;
        key = (char *)malloc(kt->slen + 1);
        if (!key) {
            nomem(p);
            goto fail;
        }
        memcpy(key, kt->str, kt->slen + 1);
        if (n->nkids == n->kcap) {
            /* keep keys/klens the same capacity as kids */
            size_t ncap = n->kcap ? n->kcap * 2 : 2;
            char **nk = (char **)realloc(n->keys, ncap * sizeof *nk);
            size_t *nl;
            if (nk)
                n->keys = nk;
            nl = nk ? (size_t *)realloc(n->klens, ncap * sizeof *nl) : NULL;
            if (nl)
                n->klens = nl;
            if (!nk || !nl) {
                free(key);
                nomem(p);
                goto fail;
            }
        }
        n->keys[n->nkids] = key; /* add_kid below bumps nkids */
        n->klens[n->nkids] = kt->slen;
        {
            node *val = expression(p, 0);
            if (!val || add_kid(p, n, val)) {
                free(key);
                goto fail;
            }
        }
        if (cur(p) == T_COMMA) {
            advance(p);
        } else if (cur(p) == T_RBRACE) {
            advance(p);
            break;
        }
    }
    return n;
fail:
    node_free(n);
    return NULL;
}

static node *parse_dot_rhs(parser *p, int rbp)
{
    tok_type t = cur(p);
    if (t == T_QUOTED || t == T_UNQUOTED || t == T_STAR)
        return expression(p, rbp);
    if (t == T_LBRACKET) {
        advance(p);
        return parse_multi_select_list(p);
    }
    if (t == T_LBRACE) {
        advance(p);
        return parse_multi_select_hash(p);
    }
    {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                 "'lbrace'], got: %s",
                 tok_names[t]);
        parse_error(p, &p->toks[p->pos], msg);
    }
    return NULL;
}

static node *parse_projection_rhs(parser *p, int rbp)
{
    tok_type t = cur(p);
    if (tok_bp[t] < PROJECTION_STOP)
        return identity(p);
    if (t == T_LBRACKET || t == T_FILTER)
        return expression(p, rbp);
    if (t == T_DOT) {
        advance(p);
        return parse_dot_rhs(p, rbp);
    }
    parse_error(p, &p->toks[p->pos], "syntax error");
    return NULL;
}

static node *parse_slice(parser *p)
{
    node *n = mk(p, N_SLICE);
    int index = 0;
    if (!n)
        return NULL;
    while (cur(p) != T_RBRACKET && index < 3) {
        if (cur(p) == T_COLON) {
            index++;
            if (index == 3) {
                parse_error(p, &p->toks[p->pos], "syntax error");
                goto fail;
            }
            advance(p);
        } else if (cur(p) == T_NUMBER) {
            n->sl[index] = p->toks[p->pos].num;
            n->has[index] = 1;
            advance(p);
        } else {
            parse_error(p, &p->toks[p->pos], "syntax error");
            goto fail;
        }
    }
    if (match(p, T_RBRACKET))
        goto fail;
    return n;
fail:
    node_free(n);
    return NULL;
}

static node *parse_index_expression(parser *p)
{
    node *n;
    if (peek(p, 0) == T_COLON || peek(p, 1) == T_COLON)
        return parse_slice(p);
    n = mk(p, N_INDEX);
    if (!n)
        return NULL;
    n->idx = p->toks[p->pos].num;
    advance(p);
    if (match(p, T_RBRACKET)) {
        node_free(n);
        return NULL;
    }
    return n;
}

static node *project_if_slice(parser *p, node *left, node *right)
{
    int is_slice = right && right->type == N_SLICE;
    node *ix = mk2(p, N_INDEX_EXPR, left, right);
    if (!ix || !is_slice)
        return ix;
    return mk2(p, N_PROJECTION, ix, parse_projection_rhs(p, tok_bp[T_STAR]));
}

static node *led_filter(parser *p, node *left)
{
    node *cond, *right, *n;
    if (!left)
        return NULL;
    cond = expression(p, 0);
    if (!cond || match(p, T_RBRACKET)) {
        node_free(left);
        node_free(cond);
        return NULL;
    }
    if (cur(p) == T_FLATTEN)
        right = identity(p);
    else
        right = parse_projection_rhs(p, tok_bp[T_FILTER]);
    n = mk2(p, N_FILTER_PROJECTION, left, right);
    if (!n) {
        node_free(cond);
        return NULL;
    }
    if (add_kid(p, n, cond)) {
        node_free(n);
        return NULL;
    }
    return n;
}

static node *nud(parser *p, const token *t)
{
    node *n;
    switch (t->type) {
    case T_LITERAL:
        n = mk(p, N_LITERAL);
        if (n)
            n->lit = tt_jv_retain(t->lit);
        return n;
    case T_UNQUOTED:
    case T_QUOTED:
        if (t->type == T_QUOTED && cur(p) == T_LPAREN) {
            /* python reports column 0 here */
            parse_error_col(p, &p->toks[p->pos], "Quoted identifier not allowed for function names.",
                            0);
            return NULL;
        }
        n = mk(p, N_FIELD);
        if (!n)
            return NULL;
        n->name = (char *)malloc(t->slen + 1);
        if (!n->name) {
            node_free(n);
            nomem(p);
            return NULL;
        }
        memcpy(n->name, t->str, t->slen + 1);
        n->nlen = t->slen;
        return n;
    case T_STAR: {
        node *right;
        if (cur(p) == T_RBRACKET)
            right = identity(p);
        else
            right = parse_projection_rhs(p, tok_bp[T_STAR]);
        return mk2(p, N_VALUE_PROJECTION, identity(p), right);
    }
    case T_FILTER:
        return led_filter(p, identity(p));
    case T_LBRACE:
        return parse_multi_select_hash(p);
    case T_LPAREN:
        n = expression(p, 0);
        if (n && match(p, T_RPAREN)) {
            node_free(n);
            return NULL;
        }
        return n;
    case T_FLATTEN: {
        n = mk(p, N_FLATTEN);
        if (!n || add_kid(p, n, identity(p))) {
            node_free(n);
            return NULL;
        }
        return mk2(p, N_PROJECTION, n, parse_projection_rhs(p, tok_bp[T_FLATTEN]));
    }
    case T_NOT:
        n = mk(p, N_NOT);
        if (!n)
            return NULL;
        if (add_kid(p, n, expression(p, tok_bp[T_NOT]))) {
            node_free(n);
            return NULL;
        }
        return n;
    case T_LBRACKET:
        if (cur(p) == T_NUMBER || cur(p) == T_COLON)
            return project_if_slice(p, identity(p), parse_index_expression(p));
        if (cur(p) == T_STAR && peek(p, 1) == T_RBRACKET) {
            advance(p);
            advance(p);
            return mk2(p, N_PROJECTION, identity(p), parse_projection_rhs(p, tok_bp[T_STAR]));
        }
        return parse_multi_select_list(p);
    case T_CURRENT:
        return mk(p, N_CURRENT);
    case T_EXPREF:
        n = mk(p, N_EXPREF);
        if (!n)
            return NULL;
        if (add_kid(p, n, expression(p, tok_bp[T_EXPREF]))) {
            node_free(n);
            return NULL;
        }
        return n;
    case T_EOF:
        incomplete(p);
        return NULL;
    default:
        parse_error(p, t, "invalid token");
        return NULL;
    }
}

static const struct fn_spec *find_function(const char *name, size_t len);

static node *led(parser *p, tok_type t, node *left)
{
    node *n;
    switch (t) {
    case T_DOT:
        if (cur(p) != T_STAR)
            return mk2(p, N_SUBEXPR, left, parse_dot_rhs(p, tok_bp[T_DOT]));
        advance(p);
        return mk2(p, N_VALUE_PROJECTION, left, parse_projection_rhs(p, tok_bp[T_DOT]));
    case T_PIPE:
        return mk2(p, N_PIPE, left, expression(p, tok_bp[T_PIPE]));
    case T_OR:
        return mk2(p, N_OR, left, expression(p, tok_bp[T_OR]));
    case T_AND:
        return mk2(p, N_AND, left, expression(p, tok_bp[T_AND]));
    case T_LPAREN:
        if (left->type != N_FIELD) {
            /* python points at the token before '(' */
            const token *prev = &p->toks[p->pos >= 2 ? p->pos - 2 : 0];
            char msg[96];
            snprintf(msg, sizeof msg, "Invalid function name '%.*s'",
                     (int)(prev->end - prev->start), p->src + prev->start);
            parse_error(p, prev, msg);
            node_free(left);
            return NULL;
        }
        n = mk(p, N_FUNCTION);
        if (!n) {
            node_free(left);
            return NULL;
        }
        n->name = left->name;
        n->nlen = left->nlen;
        left->name = NULL;
        node_free(left);
        n->fn = find_function(n->name, n->nlen);
        while (cur(p) != T_RPAREN) {
            node *arg = expression(p, 0);
            if (!arg) {
                node_free(n);
                return NULL;
            }
            if (cur(p) == T_COMMA)
                advance(p);
            if (add_kid(p, n, arg)) {
                node_free(n);
                return NULL;
            }
        }
        advance(p); /* ')' */
        return n;
    case T_FILTER:
        return led_filter(p, left);
    case T_EQ:
    case T_NE:
    case T_GT:
    case T_GTE:
    case T_LT:
    case T_LTE:
        n = mk2(p, N_CMP, left, expression(p, tok_bp[t]));
        if (n)
            n->op = t == T_EQ ? C_EQ : t == T_NE ? C_NE : t == T_GT ? C_GT
                  : t == T_GTE ? C_GTE : t == T_LT ? C_LT : C_LTE;
        return n;
    case T_FLATTEN:
        n = mk(p, N_FLATTEN);
        if (!n || add_kid(p, n, left)) {
            if (!n)
                node_free(left);
            node_free(n);
            return NULL;
        }
        return mk2(p, N_PROJECTION, n, parse_projection_rhs(p, tok_bp[T_FLATTEN]));
    case T_LBRACKET:
        if (cur(p) == T_NUMBER || cur(p) == T_COLON) {
            node *right = parse_index_expression(p);
            if (!right) {
                node_free(left);
                return NULL;
            }
            if (left->type == N_INDEX_EXPR) {
                /* python appends to the existing index expression: no new
                 * projection even for a slice */
                if (add_kid(p, left, right)) {
                    node_free(left);
                    return NULL;
                }
                return left;
            }
            return project_if_slice(p, left, right);
        }
        if (match(p, T_STAR) || match(p, T_RBRACKET)) {
            node_free(left);
            return NULL;
        }
        return mk2(p, N_PROJECTION, left, parse_projection_rhs(p, tok_bp[T_STAR]));
    default:
        node_free(left);
        parse_error(p, &p->toks[p->pos], "invalid token");
        return NULL;
    }
}

static int has_led(tok_type t)
{
    switch (t) {
    case T_DOT: case T_PIPE: case T_OR: case T_AND: case T_LPAREN: case T_FILTER:
    case T_EQ: case T_NE: case T_GT: case T_GTE: case T_LT: case T_LTE: case T_FLATTEN:
    case T_LBRACKET:
        return 1;
    default:
        return 0;
    }
}

static node *expression(parser *p, int rbp)
{
    const token *t;
    node *left;
    if (p->code)
        return NULL;
    if (++p->depth > JP_MAX_DEPTH) {
        set_err(p->err, &p->code, TT_JMESPATH_SYNTAX, p->toks[p->pos].start,
                "Invalid jmespath expression: nested too deeply");
        return NULL;
    }
    t = &p->toks[p->pos];
    advance(p);
    if (t->type == T_EOF)
        p->pos = p->ntoks - 1;
    left = nud(p, t);
    while (left && rbp < tok_bp[cur(p)]) {
        tok_type ct = cur(p);
        if (!has_led(ct)) {
            parse_error(p, &p->toks[p->pos], "invalid token");
            node_free(left);
            left = NULL;
            break;
        }
        advance(p);
        left = led(p, ct, left);
    }
    p->depth--;
    if (p->code) {
        node_free(left);
        return NULL;
    }
    return left;
}

int tt_jmespath_compile(const char *expr, size_t len, tt_jmespath **out, tt_jmespath_error *err)
{
    parser p;
    node *root = NULL;
    size_t k;
    if (err) {
        err->kind = TT_JMESPATH_OK;
        err->offset = 0;
        err->msg[0] = '\0';
    }
    if (!out)
        return TT_ERR_INVALID_ARG;
    *out = NULL;
    memset(&p, 0, sizeof p);
    p.src = expr ? expr : "";
    p.len = expr ? len : 0;
    p.err = err;
    if (lex_all(&p) == 0) {
        root = expression(&p, 0);
        if (root && cur(&p) != T_EOF) {
            const token *t = &p.toks[p.pos];
            char msg[96];
            snprintf(msg, sizeof msg, "Unexpected token: %.*s", (int)(t->end - t->start),
                     p.src + t->start);
            parse_error(&p, t, msg);
        }
    }
    for (k = 0; k < p.ntoks; k++) {
        free(p.toks[k].str);
        tt_jv_free(p.toks[k].lit);
    }
    free(p.toks);
    if (!p.code && root) {
        *out = (tt_jmespath *)malloc(sizeof **out);
        if (!*out) {
            node_free(root);
            return set_err(err, &p.code, TT_JMESPATH_NOMEM, 0, "out of memory");
        }
        (*out)->root = root;
        return TT_OK;
    }
    node_free(root);
    return p.code ? p.code : set_err(err, &p.code, TT_JMESPATH_SYNTAX, 0, "syntax error");
}

/* ======================================================================
 * interpreter helpers
 * ====================================================================== */

typedef struct ectx {
    int code;
    int depth;
    unsigned long exprefs; /* expression-reference values created */
    tt_jmespath_error *err;
} ectx;

/*
 * An expression reference used as a value (python's _Expression object:
 * `not_null(&a)`, `[&a]`, `!&a`).  It is an internal node kind that is
 * truthy, equal only to itself, has JMESPath type "expref" and can never
 * be part of a successful result (python cannot serialize it either).
 * The node pointer lives in u.s.ptr; tt_jv_free frees just the node.
 */
#define JV_EXPREF ((tt_jv_type)99)

static int is_expref(const tt_jv *v) { return v && v->type == JV_EXPREF; }

static const node *expref_node(const tt_jv *v) { return (const node *)(const void *)v->u.s.ptr; }

static int is_nullv(const tt_jv *v) { return !v || v->type == TT_JV_NULL; }

/* JMESPath type name, expression references included. */
static const char *jp_type_name(const tt_jv *v)
{
    return is_expref(v) ? "expref" : tt_jv_type_name(v);
}

/* JMESPath falsiness: null, false, "", [], {} (numbers are always true). */
static int is_false(const tt_jv *v)
{
    if (is_nullv(v))
        return 1;
    switch (v->type) {
    case TT_JV_BOOL: return !v->u.b;
    case TT_JV_STRING: return v->u.s.len == 0;
    case TT_JV_ARRAY: return v->u.a.len == 0;
    case TT_JV_OBJECT: return v->u.o.len == 0;
    default: return 0;
    }
}

static tt_jv *enomem(ectx *c)
{
    set_err(c->err, &c->code, TT_JMESPATH_NOMEM, 0, "out of memory");
    return NULL;
}

/* Pushes v (NULL = JSON null) onto arr; on failure records the error. */
static int push(ectx *c, tt_jv *arr, tt_jv *v)
{
    if (!v)
        v = tt_jv_null();
    if (tt_jv_array_push(arr, v) != TT_OK) {
        enomem(c);
        return -1;
    }
    return 0;
}

/* Python type(x).__name__ of a JSON value. */
static const char *py_type_name(const tt_jv *v)
{
    switch (tt_jv_type_of(v)) {
    case TT_JV_BOOL: return "bool";
    case TT_JV_INT: return "int";
    case TT_JV_FLOAT: return "float";
    case TT_JV_STRING: return "str";
    case TT_JV_ARRAY: return "list";
    case TT_JV_OBJECT: return "dict";
    case TT_JV_NULL: return "NoneType";
    default: return "_Expression";
    }
}

/* Exact comparison of an int64 with a double (python compares int and
 * float exactly): -1, 0, 1, or 2 when d is NaN. */
static int int_float_cmp(int64_t i, double d)
{
    double t;
    int64_t ti;
    if (d != d)
        return 2;
    if (d >= 9223372036854775808.0)
        return -1;
    if (d < -9223372036854775808.0)
        return 1;
    t = trunc(d); /* in [-2^63, 2^63): exactly representable as int64 */
    ti = (int64_t)t;
    if (i != ti)
        return i < ti ? -1 : 1;
    return d > t ? -1 : d < t ? 1 : 0;
}

/* Numeric compare of two numbers: -1, 0, 1 (NaN compares as "unordered" = 2). */
static int num_cmp(const tt_jv *a, const tt_jv *b)
{
    double x, y;
    if (a->type == TT_JV_INT && b->type == TT_JV_INT && !a->u.i.big && !b->u.i.big)
        return a->u.i.v < b->u.i.v ? -1 : a->u.i.v > b->u.i.v;
    if (a->type == TT_JV_INT && !a->u.i.big && b->type == TT_JV_FLOAT)
        return int_float_cmp(a->u.i.v, b->u.d);
    if (b->type == TT_JV_INT && !b->u.i.big && a->type == TT_JV_FLOAT) {
        int r = int_float_cmp(b->u.i.v, a->u.d);
        return r == 2 ? 2 : -r;
    }
    x = tt_jv_get_double(a);
    y = tt_jv_get_double(b);
    if (x != x || y != y)
        return 2;
    return x < y ? -1 : x > y;
}

static int str_cmp(const tt_jv *a, const tt_jv *b)
{
    size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
    int r = memcmp(a->u.s.ptr, b->u.s.ptr, n);
    if (r)
        return r < 0 ? -1 : 1;
    return a->u.s.len < b->u.s.len ? -1 : a->u.s.len > b->u.s.len;
}

/* Python ==: bools are the ints 0/1 unless `strict_bool` (the top level
 * of a JMESPath comparison, which never equates booleans and numbers). */
static int py_equal(const tt_jv *a, const tt_jv *b, int strict_bool)
{
    size_t k;
    int an, bn;
    if (is_expref(a) || is_expref(b))
        return a == b; /* object identity */
    if (is_nullv(a) || is_nullv(b))
        return is_nullv(a) && is_nullv(b);
    an = tt_jv_is_number(a) || a->type == TT_JV_BOOL;
    bn = tt_jv_is_number(b) || b->type == TT_JV_BOOL;
    if (an && bn) {
        if (a->type == TT_JV_BOOL && b->type == TT_JV_BOOL)
            return a->u.b == b->u.b;
        if (a->type == TT_JV_BOOL || b->type == TT_JV_BOOL) {
            const tt_jv *bo = a->type == TT_JV_BOOL ? a : b;
            const tt_jv *nu = a->type == TT_JV_BOOL ? b : a;
            if (strict_bool)
                return 0;
            return tt_jv_get_double(nu) == (double)bo->u.b;
        }
        return num_cmp(a, b) == 0;
    }
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case TT_JV_STRING:
        return str_cmp(a, b) == 0;
    case TT_JV_ARRAY:
        if (a->u.a.len != b->u.a.len)
            return 0;
        for (k = 0; k < a->u.a.len; k++)
            if (a->u.a.items[k] != b->u.a.items[k] &&
                !py_equal(a->u.a.items[k], b->u.a.items[k], 0))
                return 0;
        return 1;
    case TT_JV_OBJECT:
        if (a->u.o.len != b->u.o.len)
            return 0;
        for (k = 0; k < a->u.o.len; k++) {
            const tt_jv *bv = tt_jv_object_get(b, a->u.o.m[k].key, a->u.o.m[k].klen);
            if (!bv || (bv != a->u.o.m[k].val && !py_equal(a->u.o.m[k].val, bv, 0)))
                return 0;
        }
        return 1;
    default:
        return 0;
    }
}

/* ---- a Python-repr-like rendering for type error messages ---- */

static void repr_value(tt_jv_buf *b, const tt_jv *v, int depth)
{
    char num[40];
    size_t n, k;
    if (b->len > 200) /* messages stay short */
        return;
    switch (tt_jv_type_of(v)) {
    case TT_JV_NULL:
        tt_jv_buf_append(b, "None", 4);
        break;
    case TT_JV_BOOL:
        tt_jv_buf_append(b, v->u.b ? "True" : "False", v->u.b ? 4 : 5);
        break;
    case TT_JV_INT:
        n = tt_jv_int_repr(v, num, sizeof num);
        tt_jv_buf_append(b, num, n < sizeof num ? n : sizeof num - 1);
        break;
    case TT_JV_FLOAT:
        n = tt_jv_float_repr(v->u.d, num, sizeof num);
        tt_jv_buf_append(b, num, n);
        break;
    case TT_JV_STRING: {
        int dq = memchr(v->u.s.ptr, '\'', v->u.s.len) && !memchr(v->u.s.ptr, '"', v->u.s.len);
        const char *q = dq ? "\"" : "'";
        tt_jv_buf_append(b, q, 1);
        for (k = 0; k < v->u.s.len; k++) {
            char ch = v->u.s.ptr[k];
            if (ch == '\\' || ch == *q) {
                tt_jv_buf_append(b, "\\", 1);
                tt_jv_buf_append(b, &ch, 1);
            } else if (ch == '\n') {
                tt_jv_buf_append(b, "\\n", 2);
            } else if (ch == '\t') {
                tt_jv_buf_append(b, "\\t", 2);
            } else if (ch == '\r') {
                tt_jv_buf_append(b, "\\r", 2);
            } else if ((unsigned char)ch < 0x20 || ch == 0x7f) {
                snprintf(num, sizeof num, "\\x%02x", (unsigned)(unsigned char)ch);
                tt_jv_buf_append(b, num, 4);
            } else {
                tt_jv_buf_append(b, &ch, 1);
            }
        }
        tt_jv_buf_append(b, q, 1);
        break;
    }
    case TT_JV_ARRAY:
        tt_jv_buf_append(b, "[", 1);
        for (k = 0; k < v->u.a.len && depth < 20; k++) {
            if (k)
                tt_jv_buf_append(b, ", ", 2);
            repr_value(b, v->u.a.items[k], depth + 1);
        }
        tt_jv_buf_append(b, "]", 1);
        break;
    case TT_JV_OBJECT:
        tt_jv_buf_append(b, "{", 1);
        for (k = 0; k < v->u.o.len && depth < 20; k++) {
            tt_jv key;
            if (k)
                tt_jv_buf_append(b, ", ", 2);
            memset(&key, 0, sizeof key);
            key.type = TT_JV_STRING;
            key.u.s.ptr = v->u.o.m[k].key;
            key.u.s.len = v->u.o.m[k].klen;
            repr_value(b, &key, depth + 1);
            tt_jv_buf_append(b, ": ", 2);
            repr_value(b, v->u.o.m[k].val, depth + 1);
        }
        tt_jv_buf_append(b, "}", 1);
        break;
    default:
        break;
    }
}

static tt_jv *type_error(ectx *c, const char *fname, const tt_jv *value, const char *actual,
                         const char *expected)
{
    tt_jv_buf b;
    tt_jv_buf_init(&b);
    if (is_expref(value))
        tt_jv_buf_append(&b, "<expression>", 12);
    else if (tt_jv_type_of(value) == TT_JV_STRING) /* python str(): no quotes */
        tt_jv_buf_append(&b, value->u.s.ptr, value->u.s.len);
    else
        repr_value(&b, value, 0);
    if (b.len > 200)
        b.len = 200;
    set_err(c->err, &c->code, TT_JMESPATH_INVALID_TYPE, 0,
            "In function %s(), invalid type for value: %.*s, expected one of: %s, "
            "received: \"%s\"",
            fname, (int)b.len, b.ptr ? b.ptr : "", expected, actual);
    tt_jv_buf_free(&b);
    return NULL;
}

/* ======================================================================
 * functions
 * ====================================================================== */

/* Argument type bits (python jmespath's signature types). */
#define TY_NUMBER 0x01u
#define TY_STRING 0x02u
#define TY_BOOL 0x04u
#define TY_NULL 0x08u
#define TY_ARRAY 0x10u
#define TY_OBJECT 0x20u
#define TY_EXPREF 0x40u
#define TY_ANY 0x00u /* no check */
/* array element restrictions (checked after the top-level type) */
#define SUB_NONE 0
#define SUB_NUMBER 1     /* array-number */
#define SUB_STRING 2     /* array-string */
#define SUB_NUM_OR_STR 3 /* array-number or array-string (same type throughout) */

typedef struct fnarg {
    tt_jv *v;          /* evaluated value (borrowed ref owned by the caller) */
    const node *expr;  /* non-NULL: an expression reference */
} fnarg;

typedef tt_jv *(*fn_impl)(ectx *c, fnarg *a, size_t n, tt_jv *cur);

typedef struct fn_spec {
    const char *name;
    size_t nargs;     /* exact count, or minimum when variadic */
    int variadic;
    unsigned types[2];
    int sub[2];
    const char *expected[2]; /* python's repr of the allowed type list */
    fn_impl impl;
} fn_spec;

static tt_jv *eval(ectx *c, const node *n, tt_jv *v);

static tt_jv *ret_bool(ectx *c, int b)
{
    tt_jv *r = tt_jv_bool(b);
    return r ? r : enomem(c);
}

static tt_jv *ret_int(ectx *c, int64_t i)
{
    tt_jv *r = tt_jv_int(i);
    return r ? r : enomem(c);
}

static tt_jv *ret_double(ectx *c, double d)
{
    tt_jv *r = tt_jv_double(d);
    return r ? r : enomem(c);
}

/* Integer value of a double that is already integral (Python int(d)). */
static tt_jv *ret_integral(ectx *c, double d)
{
    char buf[400];
    tt_jv *r;
    if (d != d || isinf(d)) {
        set_err(c->err, &c->code, TT_JMESPATH_INVALID_VALUE, 0,
                d != d ? "cannot convert float NaN to integer"
                       : "cannot convert float infinity to integer");
        return NULL;
    }
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
        return ret_int(c, (int64_t)d);
    snprintf(buf, sizeof buf, "%.0f", d); /* exact for integral doubles */
    r = tt_jv_int_text(buf, strlen(buf));
    return r ? r : enomem(c);
}

static tt_jv *fn_abs(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    tt_jv *v = a[0].v;
    (void)n;
    (void)cur;
    if (v->type == TT_JV_FLOAT)
        return ret_double(c, fabs(v->u.d));
    if (v->u.i.big) {
        tt_jv *r;
        if (v->u.i.big[0] != '-')
            return tt_jv_retain(v);
        r = tt_jv_int_text(v->u.i.big + 1, v->u.i.biglen - 1);
        return r ? r : enomem(c);
    }
    if (v->u.i.v == INT64_MIN) {
        tt_jv *r = tt_jv_int_text("9223372036854775808", 19);
        return r ? r : enomem(c);
    }
    return ret_int(c, v->u.i.v < 0 ? -v->u.i.v : v->u.i.v);
}

/* Python sum(): ints exactly (int64, then long double past overflow), then
 * left-to-right doubles from the first float on. */
static tt_jv *py_sum(ectx *c, const tt_jv *arr, int want_avg)
{
    int64_t is = 0;
    long double ls = 0;
    double ds = 0;
    int mode = 0; /* 0 int64, 1 long double ints, 2 double */
    size_t k, len = arr->u.a.len;
    for (k = 0; k < len; k++) {
        const tt_jv *e = arr->u.a.items[k];
        if (mode < 2 && e->type == TT_JV_INT && !e->u.i.big) {
            int64_t x = e->u.i.v;
            if (mode == 0) {
                if ((x > 0 && is > INT64_MAX - x) || (x < 0 && is < INT64_MIN - x)) {
                    mode = 1;
                    ls = (long double)is + (long double)x;
                } else {
                    is += x;
                }
            } else {
                ls += (long double)x;
            }
            continue;
        }
        if (mode < 2 && e->type == TT_JV_INT) { /* huge int */
            if (mode == 0)
                ls = (long double)is;
            mode = 1;
            ls += strtold(e->u.i.big, NULL);
            continue;
        }
        if (mode == 0)
            ds = (double)is;
        else if (mode == 1)
            ds = (double)ls;
        mode = 2;
        ds += tt_jv_get_double(e);
    }
    if (want_avg) {
        double total = mode == 0 ? (double)is : mode == 1 ? (double)ls : ds;
        if (len == 0)
            return NULL;
        return ret_double(c, total / (double)len);
    }
    if (mode == 0)
        return ret_int(c, is);
    if (mode == 1) {
        char buf[64];
        tt_jv *r;
        snprintf(buf, sizeof buf, "%.0Lf", ls);
        r = tt_jv_int_text(buf, strlen(buf));
        return r ? r : enomem(c);
    }
    return ret_double(c, ds);
}

static tt_jv *fn_avg(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return py_sum(c, a[0].v, 1);
}

static tt_jv *fn_sum(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return py_sum(c, a[0].v, 0);
}

static tt_jv *fn_ceil_floor(ectx *c, const tt_jv *v, int up)
{
    if (v->type == TT_JV_INT)
        return tt_jv_retain((tt_jv *)v);
    return ret_integral(c, up ? ceil(v->u.d) : floor(v->u.d));
}

static tt_jv *fn_ceil(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_ceil_floor(c, a[0].v, 1);
}

static tt_jv *fn_floor(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_ceil_floor(c, a[0].v, 0);
}

static int mem_find(const char *h, size_t hn, const char *nd, size_t nn)
{
    size_t k;
    if (nn == 0)
        return 1;
    if (nn > hn)
        return 0;
    for (k = 0; k + nn <= hn; k++)
        if (h[k] == nd[0] && memcmp(h + k, nd, nn) == 0)
            return 1;
    return 0;
}

static tt_jv *fn_contains(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    tt_jv *s = a[0].v, *x = a[1].v;
    size_t k;
    (void)n;
    (void)cur;
    if (s->type == TT_JV_STRING) {
        /* python raises TypeError for a non-string needle; answer false */
        if (tt_jv_type_of(x) != TT_JV_STRING)
            return ret_bool(c, 0);
        return ret_bool(c, mem_find(s->u.s.ptr, s->u.s.len, x->u.s.ptr, x->u.s.len));
    }
    for (k = 0; k < s->u.a.len; k++)
        if (s->u.a.items[k] == x || py_equal(s->u.a.items[k], x, 0))
            return ret_bool(c, 1);
    return ret_bool(c, 0);
}

static tt_jv *fn_ends_with(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    const tt_jv *s = a[0].v, *x = a[1].v;
    (void)n;
    (void)cur;
    return ret_bool(c, x->u.s.len <= s->u.s.len &&
                           memcmp(s->u.s.ptr + s->u.s.len - x->u.s.len, x->u.s.ptr,
                                  x->u.s.len) == 0);
}

static tt_jv *fn_starts_with(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    const tt_jv *s = a[0].v, *x = a[1].v;
    (void)n;
    (void)cur;
    return ret_bool(c, x->u.s.len <= s->u.s.len &&
                           memcmp(s->u.s.ptr, x->u.s.ptr, x->u.s.len) == 0);
}

static tt_jv *fn_join(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    const tt_jv *sep = a[0].v, *arr = a[1].v;
    tt_jv_buf b;
    tt_jv *r;
    size_t k;
    int rc = TT_OK;
    (void)n;
    (void)cur;
    tt_jv_buf_init(&b);
    for (k = 0; k < arr->u.a.len && rc == TT_OK; k++) {
        const tt_jv *e = arr->u.a.items[k];
        if (k)
            rc = tt_jv_buf_append(&b, sep->u.s.ptr, sep->u.s.len);
        if (rc == TT_OK)
            rc = tt_jv_buf_append(&b, e->u.s.ptr, e->u.s.len);
    }
    r = rc == TT_OK ? tt_jv_string(b.ptr ? b.ptr : "", b.len) : NULL;
    tt_jv_buf_free(&b);
    return r ? r : enomem(c);
}

static tt_jv *fn_keys_values(ectx *c, const tt_jv *o, int keys)
{
    tt_jv *r = tt_jv_array();
    size_t k;
    if (!r)
        return enomem(c);
    for (k = 0; k < o->u.o.len; k++) {
        tt_jv *e = keys ? tt_jv_string(o->u.o.m[k].key, o->u.o.m[k].klen)
                        : tt_jv_retain(o->u.o.m[k].val);
        if (keys && !e) {
            tt_jv_free(r);
            return enomem(c);
        }
        if (push(c, r, e)) {
            tt_jv_free(r);
            return NULL;
        }
    }
    return r;
}

static tt_jv *fn_keys(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_keys_values(c, a[0].v, 1);
}

static tt_jv *fn_values(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_keys_values(c, a[0].v, 0);
}

/* Code points in UTF-8 (a lone surrogate's 3 bytes count as one, as in
 * Python). */
static size_t cp_count(const char *s, size_t len)
{
    size_t k, n = 0;
    for (k = 0; k < len; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            n++;
    return n;
}

static tt_jv *fn_length(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    const tt_jv *v = a[0].v;
    (void)n;
    (void)cur;
    if (v->type == TT_JV_STRING)
        return ret_int(c, (int64_t)cp_count(v->u.s.ptr, v->u.s.len));
    if (v->type == TT_JV_ARRAY)
        return ret_int(c, (int64_t)v->u.a.len);
    return ret_int(c, (int64_t)v->u.o.len);
}

static tt_jv *fn_map(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    const node *ex = a[0].expr;
    const tt_jv *arr = a[1].v;
    tt_jv *r = tt_jv_array();
    size_t k;
    (void)n;
    (void)cur;
    if (!r)
        return enomem(c);
    for (k = 0; k < arr->u.a.len; k++) {
        tt_jv *e = eval(c, ex, arr->u.a.items[k]);
        if (c->code || push(c, r, e)) {
            tt_jv_free(e);
            tt_jv_free(r);
            return NULL;
        }
    }
    return r;
}

/* Orders two values of the same comparable kind (number or string). */
static int value_cmp(const tt_jv *a, const tt_jv *b)
{
    if (a->type == TT_JV_STRING)
        return str_cmp(a, b);
    return num_cmp(a, b);
}

static tt_jv *fn_max_min(ectx *c, const tt_jv *arr, int want_max)
{
    size_t k;
    const tt_jv *best;
    if (arr->u.a.len == 0)
        return NULL;
    best = arr->u.a.items[0];
    for (k = 1; k < arr->u.a.len; k++) {
        int r = value_cmp(arr->u.a.items[k], best);
        if (r != 2 && (want_max ? r > 0 : r < 0))
            best = arr->u.a.items[k];
    }
    (void)c;
    return tt_jv_retain((tt_jv *)best);
}

static tt_jv *fn_max(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_max_min(c, a[0].v, 1);
}

static tt_jv *fn_min(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_max_min(c, a[0].v, 0);
}

/* Evaluates the key expression on every element (in order, like python's
 * key function), checking each key against `allowed` (TY_NUMBER|TY_STRING,
 * or exactly one of them).  Returns a malloc'ed key array or NULL. */
static tt_jv **eval_keys(ectx *c, const node *ex, const tt_jv *arr, unsigned allowed,
                         const char *fname, const char *expected)
{
    size_t k, len = arr->u.a.len;
    tt_jv **keys = (tt_jv **)calloc(len ? len : 1, sizeof(tt_jv *));
    if (!keys) {
        enomem(c);
        return NULL;
    }
    for (k = 0; k < len; k++) {
        tt_jv *key = eval(c, ex, arr->u.a.items[k]);
        unsigned t = tt_jv_is_number(key) ? TY_NUMBER
                     : tt_jv_type_of(key) == TT_JV_STRING ? TY_STRING : 0;
        if (!c->code && !(t & allowed))
            type_error(c, fname, key, jp_type_name(key), expected);
        if (c->code) {
            tt_jv_free(key);
            while (k > 0)
                tt_jv_free(keys[--k]);
            free(keys);
            return NULL;
        }
        keys[k] = key;
    }
    return keys;
}

static void free_keys(tt_jv **keys, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        tt_jv_free(keys[k]);
    free(keys);
}

static tt_jv *fn_max_min_by(ectx *c, fnarg *a, int want_max)
{
    const tt_jv *arr = a[0].v;
    const char *fname = want_max ? "max_by" : "min_by";
    tt_jv **keys;
    size_t k, best = 0;
    if (arr->u.a.len == 0)
        return NULL;
    keys = eval_keys(c, a[1].expr, arr, TY_NUMBER | TY_STRING, fname,
                     "['number', 'string']");
    if (!keys)
        return NULL;
    for (k = 1; k < arr->u.a.len; k++) {
        int r;
        if (keys[k]->type == TT_JV_STRING) {
            if (keys[best]->type != TT_JV_STRING) {
                /* python: '<' between str and number is a TypeError */
                type_error(c, fname, keys[k], "string", "['number']");
                break;
            }
        } else if (keys[best]->type == TT_JV_STRING) {
            type_error(c, fname, keys[k], "number", "['string']");
            break;
        }
        r = value_cmp(keys[k], keys[best]);
        if (r != 2 && (want_max ? r > 0 : r < 0))
            best = k;
    }
    free_keys(keys, arr->u.a.len);
    if (c->code)
        return NULL;
    return tt_jv_retain(arr->u.a.items[best]);
}

static tt_jv *fn_max_by(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_max_min_by(c, a, 1);
}

static tt_jv *fn_min_by(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return fn_max_min_by(c, a, 0);
}

/* dict.update(seq) for a non-object merge() argument: every element must
 * be a pair - a 2-item array, a 2-character string or a 2-key object -
 * with a string key (other keys would not be JSON object keys); anything
 * else is reported as a type error (python raises TypeError/ValueError). */
static int merge_pairs(ectx *c, tt_jv *r, const tt_jv *seq)
{
    size_t k, n;
    if (tt_jv_type_of(seq) == TT_JV_STRING && seq->u.s.len == 0)
        return 0;
    if (tt_jv_type_of(seq) != TT_JV_ARRAY) {
        type_error(c, "merge", seq, jp_type_name(seq), "['object']");
        return -1;
    }
    n = seq->u.a.len;
    for (k = 0; k < n; k++) {
        const tt_jv *e = seq->u.a.items[k];
        const char *key = NULL;
        size_t klen = 0;
        tt_jv *val = NULL;
        if (e->type == TT_JV_ARRAY && e->u.a.len == 2 &&
            e->u.a.items[0]->type == TT_JV_STRING) {
            key = e->u.a.items[0]->u.s.ptr;
            klen = e->u.a.items[0]->u.s.len;
            val = tt_jv_retain(e->u.a.items[1]);
        } else if (e->type == TT_JV_STRING && cp_count(e->u.s.ptr, e->u.s.len) == 2) {
            klen = 1;
            while (klen < e->u.s.len && ((unsigned char)e->u.s.ptr[klen] & 0xC0) == 0x80)
                klen++;
            key = e->u.s.ptr;
            val = tt_jv_string(e->u.s.ptr + klen, e->u.s.len - klen);
            if (!val) {
                enomem(c);
                return -1;
            }
        } else if (e->type == TT_JV_OBJECT && e->u.o.len == 2) {
            key = e->u.o.m[0].key;
            klen = e->u.o.m[0].klen;
            val = tt_jv_string(e->u.o.m[1].key, e->u.o.m[1].klen);
            if (!val) {
                enomem(c);
                return -1;
            }
        } else {
            type_error(c, "merge", e, jp_type_name(e), "['object']");
            return -1;
        }
        if (tt_jv_object_set(r, key, klen, val) != TT_OK) {
            enomem(c);
            return -1;
        }
    }
    return 0;
}

static tt_jv *fn_merge(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    tt_jv *r = tt_jv_object();
    size_t k, j;
    (void)cur;
    if (!r)
        return enomem(c);
    for (k = 0; k < n; k++) {
        const tt_jv *o = a[k].v;
        if (tt_jv_type_of(o) != TT_JV_OBJECT) {
            /* python type-checks only the first argument; later ones go to
             * dict.update(), which also takes a sequence of key/value pairs */
            if (merge_pairs(c, r, o)) {
                tt_jv_free(r);
                return NULL;
            }
            continue;
        }
        for (j = 0; j < o->u.o.len; j++)
            if (tt_jv_object_set(r, o->u.o.m[j].key, o->u.o.m[j].klen,
                                 tt_jv_retain(o->u.o.m[j].val)) != TT_OK) {
                tt_jv_free(r);
                return enomem(c);
            }
    }
    return r;
}

static tt_jv *fn_not_null(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    size_t k;
    (void)c;
    (void)cur;
    for (k = 0; k < n; k++)
        if (!is_nullv(a[k].v))
            return tt_jv_retain(a[k].v);
    return NULL;
}

static tt_jv *fn_reverse(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    const tt_jv *v = a[0].v;
    size_t k;
    (void)n;
    (void)cur;
    if (v->type == TT_JV_STRING) {
        /* reverse by code point: copy each UTF-8 sequence to the mirror slot */
        tt_jv *r = tt_jv_string(v->u.s.ptr, v->u.s.len);
        size_t i = 0, len = v->u.s.len;
        if (!r)
            return enomem(c);
        while (i < len) {
            size_t j = i + 1;
            while (j < len && ((unsigned char)v->u.s.ptr[j] & 0xC0) == 0x80)
                j++;
            memcpy(r->u.s.ptr + (len - j), v->u.s.ptr + i, j - i);
            i = j;
        }
        return r;
    } else {
        tt_jv *r = tt_jv_array();
        if (!r)
            return enomem(c);
        for (k = v->u.a.len; k > 0; k--)
            if (push(c, r, tt_jv_retain(v->u.a.items[k - 1]))) {
                tt_jv_free(r);
                return NULL;
            }
        return r;
    }
}

/* Stable merge sort of idx[0..n) by keys (value_cmp). */
static void merge_sort(size_t *idx, size_t *tmp, size_t n, tt_jv *const *keys)
{
    size_t mid, i, j, k;
    if (n < 2)
        return;
    mid = n / 2;
    merge_sort(idx, tmp, mid, keys);
    merge_sort(idx + mid, tmp, n - mid, keys);
    i = 0;
    j = mid;
    k = 0;
    while (i < mid && j < n) {
        int r = value_cmp(keys[idx[j]], keys[idx[i]]);
        /* take from the right only when strictly smaller: stable */
        if (r == -1)
            tmp[k++] = idx[j++];
        else
            tmp[k++] = idx[i++];
    }
    while (i < mid)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

/* New array with arr's items ordered by keys (keys[i] belongs to item i). */
static tt_jv *sorted_by_keys(ectx *c, const tt_jv *arr, tt_jv *const *keys)
{
    size_t n = arr->u.a.len, k;
    size_t *idx = (size_t *)malloc((n ? n : 1) * sizeof *idx);
    size_t *tmp = (size_t *)malloc((n ? n : 1) * sizeof *tmp);
    tt_jv *r = tt_jv_array();
    if (!idx || !tmp || !r) {
        free(idx);
        free(tmp);
        tt_jv_free(r);
        return enomem(c);
    }
    for (k = 0; k < n; k++)
        idx[k] = k;
    merge_sort(idx, tmp, n, keys);
    for (k = 0; k < n && !c->code; k++)
        push(c, r, tt_jv_retain(arr->u.a.items[idx[k]]));
    free(idx);
    free(tmp);
    if (c->code) {
        tt_jv_free(r);
        return NULL;
    }
    return r;
}

static tt_jv *fn_sort(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    (void)n;
    (void)cur;
    return sorted_by_keys(c, a[0].v, a[0].v->u.a.items);
}

static tt_jv *fn_sort_by(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    const tt_jv *arr = a[0].v;
    tt_jv *first, **keys, *r;
    unsigned allowed;
    (void)n;
    (void)cur;
    if (arr->u.a.len == 0)
        return tt_jv_retain((tt_jv *)arr);
    /* the first element's key decides the key type for all */
    first = eval(c, a[1].expr, arr->u.a.items[0]);
    if (c->code) {
        tt_jv_free(first);
        return NULL;
    }
    if (tt_jv_is_number(first)) {
        allowed = TY_NUMBER;
    } else if (tt_jv_type_of(first) == TT_JV_STRING) {
        allowed = TY_STRING;
    } else {
        type_error(c, "sort_by", arr->u.a.items[0], jp_type_name(first),
                   "['string', 'number']");
        tt_jv_free(first);
        return NULL;
    }
    tt_jv_free(first);
    keys = eval_keys(c, a[1].expr, arr, allowed, "sort_by",
                     allowed == TY_NUMBER ? "['number']" : "['string']");
    if (!keys)
        return NULL;
    r = sorted_by_keys(c, arr, keys);
    free_keys(keys, arr->u.a.len);
    return r;
}

static tt_jv *fn_to_array(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    tt_jv *r;
    (void)n;
    (void)cur;
    if (tt_jv_type_of(a[0].v) == TT_JV_ARRAY)
        return tt_jv_retain(a[0].v);
    r = tt_jv_array();
    if (!r)
        return enomem(c);
    if (push(c, r, tt_jv_retain(a[0].v))) {
        tt_jv_free(r);
        return NULL;
    }
    return r;
}

static tt_jv *fn_to_string(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    tt_jv_dump_opts o;
    tt_jv_buf b;
    tt_jv *r;
    (void)n;
    (void)cur;
    if (tt_jv_type_of(a[0].v) == TT_JV_STRING)
        return tt_jv_retain(a[0].v);
    if (is_expref(a[0].v)) {
        /* python: str() of the object; its address is omitted here */
        r = tt_jv_cstring("<jmespath.visitor._Expression object>");
        return r ? r : enomem(c);
    }
    tt_jv_dump_opts_default(&o);
    o.item_sep = ",";
    o.key_sep = ":";
    tt_jv_buf_init(&b);
    if (tt_jv_dump_buf(a[0].v, &o, &b) != TT_OK) {
        tt_jv_buf_free(&b);
        return enomem(c);
    }
    r = tt_jv_string(b.ptr ? b.ptr : "", b.len);
    tt_jv_buf_free(&b);
    return r ? r : enomem(c);
}

/* Python int(s) / float(s) acceptance for to_number(): ASCII whitespace
 * around, optional sign, digits with single '_' between digits. */
static tt_jv *parse_py_number(ectx *c, const char *s, size_t len)
{
    char *clean, *o;
    size_t k = 0, e = len;
    const char *q, *end;
    int saw_digit = 0, is_int = 1;
    tt_jv *r = NULL;
    while (k < e && (s[k] == ' ' || (s[k] >= '\t' && s[k] <= '\r')))
        k++;
    while (e > k && (s[e - 1] == ' ' || (s[e - 1] >= '\t' && s[e - 1] <= '\r')))
        e--;
    if (k == e)
        return NULL;
    clean = (char *)malloc(e - k + 1);
    if (!clean)
        return enomem(c);
    o = clean;
    q = s + k;
    end = s + e;
    *o = '\0';
    if (*q == '+' || *q == '-')
        *o++ = *q++;
    /* inf / infinity / nan (float() only) */
    {
        size_t rest = (size_t)(end - q), w;
        static const char *const words[] = {"infinity", "inf", "nan"};
        for (w = 0; w < 3; w++) {
            size_t wl = strlen(words[w]), i;
            if (rest != wl)
                continue;
            for (i = 0; i < wl; i++)
                if ((q[i] | 0x20) != words[w][i])
                    break;
            if (i == wl) {
                double d = w == 2 ? NAN : HUGE_VAL;
                if (clean[0] == '-')
                    d = -d;
                free(clean);
                return ret_double(c, d);
            }
        }
    }
#define DIGITS(allow_empty)                                                                  \
    do {                                                                                     \
        int any_ = 0;                                                                        \
        while (q < end && ((*q >= '0' && *q <= '9') ||                                       \
                           (*q == '_' && any_ && q + 1 < end && q[1] >= '0' && q[1] <= '9'))) { \
            if (*q != '_') {                                                                 \
                *o++ = *q;                                                                   \
                any_ = 1;                                                                    \
            }                                                                                \
            q++;                                                                             \
        }                                                                                    \
        if (any_)                                                                            \
            saw_digit = 1;                                                                   \
        if (!any_ && !(allow_empty))                                                         \
            goto bad;                                                                        \
    } while (0)
    DIGITS(1);
    if (q < end && *q == '.') {
        is_int = 0;
        *o++ = *q++;
        DIGITS(1);
    }
    if (!saw_digit)
        goto bad;
    if (q < end && (*q == 'e' || *q == 'E')) {
        is_int = 0;
        *o++ = *q++;
        if (q < end && (*q == '+' || *q == '-'))
            *o++ = *q++;
        DIGITS(0);
    }
#undef DIGITS
    if (q != end)
        goto bad;
    *o = '\0';
    if (is_int && strlen(clean) > 4300 + 1) {
        /* python 3.11 int() refuses more than 4300 digits; float() takes it */
        is_int = 0;
    }
    if (is_int) {
        /* int(): strip leading zeros ("007" is 7), keep the sign */
        char *d = clean + (clean[0] == '+' || clean[0] == '-');
        size_t nz = 0, dl = strlen(d);
        while (nz + 1 < dl && d[nz] == '0')
            nz++;
        memmove(d, d + nz, dl - nz + 1);
        if (clean[0] == '+')
            memmove(clean, clean + 1, strlen(clean));
        if (strcmp(clean, "-0") == 0)
            clean[0] = '0', clean[1] = '\0';
        r = tt_jv_int_text(clean, strlen(clean));
        if (!r)
            r = enomem(c);
    } else {
        r = ret_double(c, strtod(clean, NULL));
    }
    free(clean);
    return r;
bad:
    free(clean);
    return NULL;
}

static tt_jv *fn_to_number(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    tt_jv *v = a[0].v;
    (void)n;
    (void)cur;
    switch (tt_jv_type_of(v)) {
    case TT_JV_INT:
    case TT_JV_FLOAT:
        return tt_jv_retain(v);
    case TT_JV_STRING:
        return parse_py_number(c, v->u.s.ptr, v->u.s.len);
    default:
        return NULL;
    }
}

static tt_jv *fn_type(ectx *c, fnarg *a, size_t n, tt_jv *cur)
{
    tt_jv *r;
    (void)n;
    (void)cur;
    if (is_expref(a[0].v))
        return NULL; /* python's type() falls through to None */
    r = tt_jv_cstring(tt_jv_type_name(a[0].v));
    return r ? r : enomem(c);
}

/* Alphabetical; looked up by name at compile time. */
static const fn_spec fn_table[] = {
    {"abs", 1, 0, {TY_NUMBER, 0}, {0, 0}, {"['number']", 0}, fn_abs},
    {"avg", 1, 0, {TY_ARRAY, 0}, {SUB_NUMBER, 0}, {"['array-number']", 0}, fn_avg},
    {"ceil", 1, 0, {TY_NUMBER, 0}, {0, 0}, {"['number']", 0}, fn_ceil},
    {"contains", 2, 0, {TY_ARRAY | TY_STRING, TY_ANY}, {0, 0}, {"['array', 'string']", 0},
     fn_contains},
    {"ends_with", 2, 0, {TY_STRING, TY_STRING}, {0, 0}, {"['string']", "['string']"},
     fn_ends_with},
    {"floor", 1, 0, {TY_NUMBER, 0}, {0, 0}, {"['number']", 0}, fn_floor},
    {"join", 2, 0, {TY_STRING, TY_ARRAY}, {0, SUB_STRING}, {"['string']", "['array-string']"},
     fn_join},
    {"keys", 1, 0, {TY_OBJECT, 0}, {0, 0}, {"['object']", 0}, fn_keys},
    {"length", 1, 0, {TY_STRING | TY_ARRAY | TY_OBJECT, 0}, {0, 0},
     {"['string', 'array', 'object']", 0}, fn_length},
    {"map", 2, 0, {TY_EXPREF, TY_ARRAY}, {0, 0}, {"['expref']", "['array']"}, fn_map},
    {"max", 1, 0, {TY_ARRAY, 0}, {SUB_NUM_OR_STR, 0}, {"['array-number', 'array-string']", 0},
     fn_max},
    {"max_by", 2, 0, {TY_ARRAY, TY_EXPREF}, {0, 0}, {"['array']", "['expref']"}, fn_max_by},
    {"merge", 1, 1, {TY_OBJECT, 0}, {0, 0}, {"['object']", 0}, fn_merge},
    {"min", 1, 0, {TY_ARRAY, 0}, {SUB_NUM_OR_STR, 0}, {"['array-number', 'array-string']", 0},
     fn_min},
    {"min_by", 2, 0, {TY_ARRAY, TY_EXPREF}, {0, 0}, {"['array']", "['expref']"}, fn_min_by},
    {"not_null", 1, 1, {TY_ANY, 0}, {0, 0}, {"[]", 0}, fn_not_null},
    {"reverse", 1, 0, {TY_ARRAY | TY_STRING, 0}, {0, 0}, {"['array', 'string']", 0},
     fn_reverse},
    {"sort", 1, 0, {TY_ARRAY, 0}, {SUB_NUM_OR_STR, 0}, {"['array-string', 'array-number']", 0},
     fn_sort},
    {"sort_by", 2, 0, {TY_ARRAY, TY_EXPREF}, {0, 0}, {"['array']", "['expref']"}, fn_sort_by},
    {"starts_with", 2, 0, {TY_STRING, TY_STRING}, {0, 0}, {"['string']", "['string']"},
     fn_starts_with},
    {"sum", 1, 0, {TY_ARRAY, 0}, {SUB_NUMBER, 0}, {"['array-number']", 0}, fn_sum},
    {"to_array", 1, 0, {TY_ANY, 0}, {0, 0}, {"[]", 0}, fn_to_array},
    {"to_number", 1, 0, {TY_ANY, 0}, {0, 0}, {"[]", 0}, fn_to_number},
    {"to_string", 1, 0, {TY_ANY, 0}, {0, 0}, {"[]", 0}, fn_to_string},
    {"type", 1, 0, {TY_ANY, 0}, {0, 0}, {"[]", 0}, fn_type},
    {"values", 1, 0, {TY_OBJECT, 0}, {0, 0}, {"['object']", 0}, fn_values},
};

static const fn_spec *find_function(const char *name, size_t len)
{
    size_t k;
    for (k = 0; k < sizeof fn_table / sizeof fn_table[0]; k++)
        if (strlen(fn_table[k].name) == len && memcmp(fn_table[k].name, name, len) == 0)
            return &fn_table[k];
    return NULL;
}

static unsigned ty_bit(const fnarg *a)
{
    if (a->expr)
        return TY_EXPREF;
    switch (tt_jv_type_of(a->v)) {
    case TT_JV_INT:
    case TT_JV_FLOAT: return TY_NUMBER;
    case TT_JV_STRING: return TY_STRING;
    case TT_JV_BOOL: return TY_BOOL;
    case TT_JV_ARRAY: return TY_ARRAY;
    case TT_JV_OBJECT: return TY_OBJECT;
    default: return TY_NULL;
    }
}

static const char *jp_type_of_arg(const fnarg *a)
{
    return jp_type_name(a->v);
}

/* python's _type_check for one argument; 0 ok, -1 error recorded. */
static int check_arg(ectx *c, const fn_spec *f, size_t i, const fnarg *a)
{
    size_t si = i < 2 ? i : 1;
    unsigned allowed = f->types[si];
    int sub = f->sub[si];
    size_t k;
    if (allowed == TY_ANY)
        return 0;
    if (!(ty_bit(a) & allowed)) {
        type_error(c, f->name, a->v, jp_type_of_arg(a), f->expected[si]);
        return -1;
    }
    if (sub == SUB_NONE)
        return 0;
    if (sub == SUB_NUMBER || sub == SUB_STRING) {
        for (k = 0; k < a->v->u.a.len; k++) {
            const tt_jv *e = a->v->u.a.items[k];
            int ok = sub == SUB_NUMBER ? tt_jv_is_number(e) : tt_jv_type_of(e) == TT_JV_STRING;
            if (!ok) {
                /* python reports the python type name here */
                type_error(c, f->name, e, py_type_name(e), f->expected[si]);
                return -1;
            }
        }
        return 0;
    }
    if (a->v->u.a.len > 0) {
        const tt_jv *first = a->v->u.a.items[0];
        int want_num = tt_jv_is_number(first);
        if (!want_num && tt_jv_type_of(first) != TT_JV_STRING) {
            type_error(c, f->name, first, py_type_name(first), f->expected[si]);
            return -1;
        }
        for (k = 0; k < a->v->u.a.len; k++) {
            const tt_jv *e = a->v->u.a.items[k];
            int ok = want_num ? tt_jv_is_number(e) : tt_jv_type_of(e) == TT_JV_STRING;
            if (!ok) {
                type_error(c, f->name, e, py_type_name(e), f->expected[si]);
                return -1;
            }
        }
    }
    return 0;
}

static tt_jv *eval_function(ectx *c, const node *n, tt_jv *v)
{
    fnarg small[4];
    fnarg *args = small;
    size_t k, got = 0;
    tt_jv *r = NULL;
    const fn_spec *f = n->fn;
    if (n->nkids > 4) {
        args = (fnarg *)calloc(n->nkids, sizeof *args);
        if (!args)
            return enomem(c);
    }
    /* python evaluates every argument before looking at the function */
    for (k = 0; k < n->nkids; k++) {
        const node *kid = n->kids[k];
        args[k].v = eval(c, kid, v);
        args[k].expr = is_expref(args[k].v) ? expref_node(args[k].v) : NULL;
        got = k + 1;
        if (c->code)
            break;
    }
    if (c->code)
        goto done;
    if (!f) {
        set_err(c->err, &c->code, TT_JMESPATH_UNKNOWN_FUNCTION, 0, "Unknown function: %.*s()",
                (int)n->nlen, n->name);
        goto done;
    }
    if (f->variadic ? n->nkids < f->nargs : n->nkids != f->nargs) {
        set_err(c->err, &c->code, TT_JMESPATH_INVALID_ARITY, 0,
                "Expected %s%lu argument%s for function %s(), received %lu",
                f->variadic ? "at least " : "", (unsigned long)f->nargs,
                f->nargs == 1 ? "" : "s", f->name, (unsigned long)n->nkids);
        goto done;
    }
    /* python checks only as many arguments as the signature lists */
    for (k = 0; k < f->nargs; k++)
        if (check_arg(c, f, k, &args[k]))
            goto done;
    r = f->impl(c, args, n->nkids, v);
done:
    for (k = 0; k < got; k++)
        tt_jv_free(args[k].v);
    if (args != small)
        free(args);
    if (c->code) {
        tt_jv_free(r);
        return NULL;
    }
    return r;
}

/* ======================================================================
 * evaluation
 * ====================================================================== */

static tt_jv *eval_slice(ectx *c, const node *n, const tt_jv *v)
{
    int64_t len, start, stop, step, i;
    tt_jv *r;
    if (tt_jv_type_of(v) != TT_JV_ARRAY)
        return NULL;
    len = (int64_t)v->u.a.len;
    step = n->has[2] ? n->sl[2] : 1;
    if (step == 0) {
        set_err(c->err, &c->code, TT_JMESPATH_INVALID_VALUE, 0, "slice step cannot be zero");
        return NULL;
    }
    /* CPython's PySlice_AdjustIndices */
    if (!n->has[0]) {
        start = step < 0 ? len - 1 : 0;
    } else {
        start = n->sl[0];
        if (start < 0) {
            start += len;
            if (start < 0)
                start = step < 0 ? -1 : 0;
        } else if (start >= len) {
            start = step < 0 ? len - 1 : len;
        }
    }
    if (!n->has[1]) {
        stop = step < 0 ? -1 : len;
    } else {
        stop = n->sl[1];
        if (stop < 0) {
            stop += len;
            if (stop < 0)
                stop = step < 0 ? -1 : 0;
        } else if (stop >= len) {
            stop = step < 0 ? len - 1 : len;
        }
    }
    /* a step longer than the list picks at most one item: clamp it so the
     * index arithmetic below cannot overflow */
    if (step > len)
        step = len + 1;
    if (step < -len)
        step = -len - 1;
    r = tt_jv_array();
    if (!r)
        return enomem(c);
    if (step > 0) {
        for (i = start; i < stop; i += step)
            if (push(c, r, tt_jv_retain(v->u.a.items[i])))
                break;
    } else {
        for (i = start; i > stop; i += step)
            if (push(c, r, tt_jv_retain(v->u.a.items[i])))
                break;
    }
    if (c->code) {
        tt_jv_free(r);
        return NULL;
    }
    return r;
}

/* Projection: apply rhs to each element of base (a list), dropping nulls. */
static tt_jv *project(ectx *c, const node *rhs, tt_jv *const *items, size_t n)
{
    tt_jv *r = tt_jv_array();
    size_t k;
    if (!r)
        return enomem(c);
    for (k = 0; k < n; k++) {
        tt_jv *e = eval(c, rhs, items[k]);
        if (c->code) {
            tt_jv_free(e);
            break;
        }
        if (is_nullv(e)) {
            tt_jv_free(e);
            continue;
        }
        if (push(c, r, e))
            break;
    }
    if (c->code) {
        tt_jv_free(r);
        return NULL;
    }
    return r;
}

static tt_jv *eval_cmp(ectx *c, const node *n, tt_jv *v)
{
    tt_jv *a = eval(c, n->kids[0], v), *b = NULL, *r = NULL;
    int ok;
    if (c->code)
        goto done;
    b = eval(c, n->kids[1], v);
    if (c->code)
        goto done;
    if (n->op == C_EQ || n->op == C_NE) {
        int eq = py_equal(a, b, 1);
        r = ret_bool(c, n->op == C_EQ ? eq : !eq);
        goto done;
    }
    /* ordering: numbers (not booleans) or strings, same kind; else null */
    if (tt_jv_is_number(a) && tt_jv_is_number(b)) {
        int cr = num_cmp(a, b);
        if (cr == 2) {
            ok = 0; /* NaN: every ordering is false */
        } else {
            switch (n->op) {
            case C_LT: ok = cr < 0; break;
            case C_LTE: ok = cr <= 0; break;
            case C_GT: ok = cr > 0; break;
            default: ok = cr >= 0; break;
            }
        }
        r = ret_bool(c, ok);
    } else if (tt_jv_type_of(a) == TT_JV_STRING && tt_jv_type_of(b) == TT_JV_STRING) {
        int cr = str_cmp(a, b);
        switch (n->op) {
        case C_LT: ok = cr < 0; break;
        case C_LTE: ok = cr <= 0; break;
        case C_GT: ok = cr > 0; break;
        default: ok = cr >= 0; break;
        }
        r = ret_bool(c, ok);
    }
done:
    tt_jv_free(a);
    tt_jv_free(b);
    return r;
}

/* Evaluates n against v (borrowed; NULL = null).  Returns a new reference
 * or NULL for null; on error c->code is set and NULL returned. */
static tt_jv *eval(ectx *c, const node *n, tt_jv *v)
{
    tt_jv *r = NULL, *base, *tmp;
    size_t k;
    if (c->code)
        return NULL;
    if (++c->depth > JP_MAX_DEPTH) {
        set_err(c->err, &c->code, TT_JMESPATH_INVALID_VALUE, 0, "expression nested too deeply");
        c->depth--;
        return NULL;
    }
    switch (n->type) {
    case N_FIELD:
        r = tt_jv_retain(tt_jv_object_get(v, n->name, n->nlen));
        break;
    case N_SUBEXPR:
    case N_PIPE:
    case N_INDEX_EXPR:
        r = tt_jv_retain(v);
        for (k = 0; k < n->nkids && !c->code; k++) {
            tmp = eval(c, n->kids[k], r);
            tt_jv_free(r);
            r = tmp;
        }
        break;
    case N_INDEX:
        if (tt_jv_type_of(v) == TT_JV_ARRAY) {
            int64_t len = (int64_t)v->u.a.len, i = n->idx;
            if (i < 0)
                i += len;
            if (i >= 0 && i < len)
                r = tt_jv_retain(v->u.a.items[i]);
        }
        break;
    case N_SLICE:
        r = eval_slice(c, n, v);
        break;
    case N_IDENTITY:
    case N_CURRENT:
        r = tt_jv_retain(v);
        break;
    case N_LITERAL:
        r = tt_jv_retain(n->lit);
        break;
    case N_PROJECTION:
        base = eval(c, n->kids[0], v);
        if (!c->code && tt_jv_type_of(base) == TT_JV_ARRAY)
            r = project(c, n->kids[1], base->u.a.items, base->u.a.len);
        tt_jv_free(base);
        break;
    case N_VALUE_PROJECTION:
        base = eval(c, n->kids[0], v);
        if (!c->code && tt_jv_type_of(base) == TT_JV_OBJECT) {
            tt_jv **vals = (tt_jv **)malloc((base->u.o.len ? base->u.o.len : 1) * sizeof(tt_jv *));
            if (!vals) {
                enomem(c);
            } else {
                for (k = 0; k < base->u.o.len; k++)
                    vals[k] = base->u.o.m[k].val;
                r = project(c, n->kids[1], vals, base->u.o.len);
                free(vals);
            }
        }
        tt_jv_free(base);
        break;
    case N_FILTER_PROJECTION:
        base = eval(c, n->kids[0], v);
        if (!c->code && tt_jv_type_of(base) == TT_JV_ARRAY) {
            r = tt_jv_array();
            if (!r)
                enomem(c);
            for (k = 0; r && k < base->u.a.len && !c->code; k++) {
                tt_jv *e = base->u.a.items[k];
                tt_jv *cond = eval(c, n->kids[2], e);
                int keep = !c->code && !is_false(cond);
                tt_jv_free(cond);
                if (keep) {
                    tt_jv *x = eval(c, n->kids[1], e);
                    if (!c->code && !is_nullv(x))
                        push(c, r, x);
                    else
                        tt_jv_free(x);
                }
            }
        }
        tt_jv_free(base);
        break;
    case N_FLATTEN:
        base = eval(c, n->kids[0], v);
        if (!c->code && tt_jv_type_of(base) == TT_JV_ARRAY) {
            r = tt_jv_array();
            if (!r)
                enomem(c);
            for (k = 0; r && k < base->u.a.len && !c->code; k++) {
                tt_jv *e = base->u.a.items[k];
                if (e->type == TT_JV_ARRAY) {
                    size_t j;
                    for (j = 0; j < e->u.a.len && !c->code; j++)
                        push(c, r, tt_jv_retain(e->u.a.items[j]));
                } else {
                    push(c, r, tt_jv_retain(e));
                }
            }
        }
        tt_jv_free(base);
        break;
    case N_MULTI_LIST:
        if (is_nullv(v))
            break;
        r = tt_jv_array();
        if (!r)
            enomem(c);
        for (k = 0; r && k < n->nkids && !c->code; k++) {
            tt_jv *e = eval(c, n->kids[k], v);
            if (!c->code)
                push(c, r, e);
        }
        break;
    case N_MULTI_HASH:
        if (is_nullv(v))
            break;
        r = tt_jv_object();
        if (!r)
            enomem(c);
        for (k = 0; r && k < n->nkids && !c->code; k++) {
            tt_jv *e = eval(c, n->kids[k], v);
            if (c->code)
                break;
            if (!e)
                e = tt_jv_null();
            if (tt_jv_object_set(r, n->keys[k], n->klens[k], e) != TT_OK)
                enomem(c);
        }
        break;
    case N_OR:
        r = eval(c, n->kids[0], v);
        if (!c->code && is_false(r)) {
            tt_jv_free(r);
            r = eval(c, n->kids[1], v);
        }
        break;
    case N_AND:
        r = eval(c, n->kids[0], v);
        if (!c->code && !is_false(r)) {
            tt_jv_free(r);
            r = eval(c, n->kids[1], v);
        }
        break;
    case N_NOT:
        tmp = eval(c, n->kids[0], v);
        if (!c->code) {
            /* python: `not x`, except that 0 is true in JMESPath */
            int t = tt_jv_is_number(tmp) ? 1 : !is_false(tmp);
            r = ret_bool(c, !t);
        }
        tt_jv_free(tmp);
        break;
    case N_CMP:
        r = eval_cmp(c, n, v);
        break;
    case N_FUNCTION:
        r = eval_function(c, n, v);
        break;
    case N_EXPREF:
        r = tt_jv_null();
        if (!r) {
            enomem(c);
            break;
        }
        r->type = JV_EXPREF;
        r->u.s.ptr = (char *)(void *)n->kids[0]; /* read-only use */
        c->exprefs++;
        break;
    }
    c->depth--;
    if (c->code) {
        tt_jv_free(r);
        return NULL;
    }
    return r;
}

/* Does v contain an expression-reference value? */
static int has_expref(const tt_jv *v)
{
    size_t k;
    if (is_expref(v))
        return 1;
    if (tt_jv_type_of(v) == TT_JV_ARRAY) {
        for (k = 0; k < v->u.a.len; k++)
            if (has_expref(v->u.a.items[k]))
                return 1;
    } else if (tt_jv_type_of(v) == TT_JV_OBJECT) {
        for (k = 0; k < v->u.o.len; k++)
            if (has_expref(v->u.o.m[k].val))
                return 1;
    }
    return 0;
}

int tt_jmespath_search(const tt_jmespath *q, const tt_jv *data, tt_jv **result,
                       tt_jmespath_error *err)
{
    ectx c;
    tt_jv *r;
    if (err) {
        err->kind = TT_JMESPATH_OK;
        err->offset = 0;
        err->msg[0] = '\0';
    }
    if (!result)
        return TT_ERR_INVALID_ARG;
    *result = NULL;
    if (!q)
        return TT_ERR_INVALID_ARG;
    c.code = 0;
    c.depth = 0;
    c.exprefs = 0;
    c.err = err;
    /* evaluation only takes references on data nodes, never mutates them */
    r = eval(&c, q->root, (tt_jv *)data);
    if (!c.code && c.exprefs && has_expref(r))
        set_err(err, &c.code, TT_JMESPATH_INVALID_TYPE, 0,
                "Object of type _Expression is not JSON serializable");
    if (c.code) {
        tt_jv_free(r);
        return c.code;
    }
    if (!r) {
        r = tt_jv_null();
        if (!r)
            return set_err(err, &c.code, TT_JMESPATH_NOMEM, 0, "out of memory");
    }
    *result = r;
    return TT_OK;
}
