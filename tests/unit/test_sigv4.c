/*
 * test_sigv4.c - the SigV4 signer against both AWS suites in
 * tests/vectors/sigv4 (walked at run time from the repo root):
 *
 *   aws4_testsuite/ (34 classic cases): .req -> sign -> compare .creq (via
 *     the debug sink), .sts, .authz and .sreq.
 *   aws-signing-test-suite/v4/ (38 cases): request.txt + context.json ->
 *     header signing and query (presigned URL) signing, each compared with
 *     its *-canonical-request, *-string-to-sign, *-signature and
 *     *-signed-request file.
 *
 * Plus API checks: key cache (cold/warm/invalidation), derive_key, error
 * codes, arena accounting.  Prints every case it ran.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_sigv4.h"
#include "tt_test.h"
#include "tt_time.h"

#define ROOT "tests/vectors/sigv4"

/* ---- small helpers --------------------------------------------------------- */

typedef struct {
    char *p;
    size_t len, cap;
} buf_t;

static void buf_add(buf_t *b, const char *s, size_t n)
{
    if (!n && b->p)
        return;
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void buf_adds(buf_t *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    buf_t b = {0, 0, 0};
    char tmp[4096];
    size_t n;
    if (!f)
        return NULL;
    buf_add(&b, "", 0);
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_add(&b, tmp, n);
    fclose(f);
    if (len)
        *len = b.len;
    return b.p;
}

/* Debug sink: collect both parts; check the end-of-part markers. */
typedef struct {
    buf_t creq, sts;
    int creq_ends, sts_ends;
} sink_t;

static void sink_fn(void *user, int part, const char *text, size_t len)
{
    sink_t *s = (sink_t *)user;
    if (part == TT_SIGV4_DEBUG_CANONICAL_REQUEST) {
        if (len)
            buf_add(&s->creq, text, len);
        else
            s->creq_ends++;
    } else if (part == TT_SIGV4_DEBUG_STRING_TO_SIGN) {
        if (len)
            buf_add(&s->sts, text, len);
        else
            s->sts_ends++;
    }
}

/* A parsed raw HTTP request (.req / request.txt). */
#define MAXH 32
typedef struct {
    char *text;          /* owns the bytes below */
    tt_str method, target, path, query, version;
    tt_http_header h[MAXH];
    tt_str hline[MAXH];  /* raw header line(s), for rebuilding signed requests */
    size_t nh;
    tt_str body;
    int has_body;
} raw_req;

/* Request line, "Name:value" lines (a line starting with SP/HT continues
 * the previous value; the raw "\n  ..." is kept in the value), blank line, body. */
static int parse_req(char *text, size_t len, raw_req *r)
{
    char *p = text, *end = text + len, *eol, *sp1, *sp2;
    memset(r, 0, sizeof *r);
    r->text = text;
    eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    sp1 = memchr(p, ' ', (size_t)(eol - p));
    for (sp2 = eol - 1; sp2 > p && *sp2 != ' '; sp2--)
        ;
    if (!sp1 || sp2 <= sp1)
        return -1;
    r->method.ptr = p;
    r->method.len = (size_t)(sp1 - p);
    r->target.ptr = sp1 + 1;
    r->target.len = (size_t)(sp2 - sp1 - 1);
    r->version.ptr = sp2 + 1;
    r->version.len = (size_t)(eol - sp2 - 1);
    {
        const char *q = memchr(r->target.ptr, '?', r->target.len);
        r->path.ptr = r->target.ptr;
        r->path.len = q ? (size_t)(q - r->target.ptr) : r->target.len;
        if (q) {
            r->query.ptr = q + 1;
            r->query.len = r->target.len - r->path.len - 1;
        } else {
            r->query.ptr = r->target.ptr + r->target.len;
        }
    }
    p = eol < end ? eol + 1 : end;
    while (p < end) {
        char *colon;
        eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if (eol == p) { /* blank line: body follows */
            r->body.ptr = eol + 1 <= end ? eol + 1 : end;
            r->body.len = (size_t)(end - r->body.ptr);
            r->has_body = 1;
            break;
        }
        if ((*p == ' ' || *p == '\t') && r->nh) { /* folded continuation */
            r->h[r->nh - 1].value.len = (size_t)(eol - r->h[r->nh - 1].value.ptr);
            r->hline[r->nh - 1].len = (size_t)(eol - r->hline[r->nh - 1].ptr);
        } else {
            colon = memchr(p, ':', (size_t)(eol - p));
            if (!colon || r->nh == MAXH)
                return -1;
            r->h[r->nh].name.ptr = p;
            r->h[r->nh].name.len = (size_t)(colon - p);
            r->h[r->nh].value.ptr = colon + 1;
            r->h[r->nh].value.len = (size_t)(eol - colon - 1);
            r->hline[r->nh].ptr = p;
            r->hline[r->nh].len = (size_t)(eol - p);
            r->nh++;
        }
        p = eol < end ? eol + 1 : end;
    }
    return 0;
}

static void add_str(buf_t *b, tt_str s)
{
    buf_add(b, s.ptr, s.len);
}

static int header_present(const raw_req *r, const char *lname)
{
    size_t i, j, n = strlen(lname);
    for (i = 0; i < r->nh; i++) {
        if (r->h[i].name.len != n)
            continue;
        for (j = 0; j < n; j++) {
            char c = r->h[i].name.ptr[j];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (c != lname[j])
                break;
        }
        if (j == n)
            return 1;
    }
    return 0;
}

/* Compare got with the file's bytes; prints a diff-ish report on mismatch. */
static int cmp_file(const char *casename, const char *what, const char *path, const char *got,
                    size_t glen)
{
    size_t wlen;
    char *want = read_file(path, &wlen);
    int ok = want && wlen == glen && memcmp(want, got, glen) == 0;
    tt_test_report(ok, __FILE__, __LINE__, what);
    if (!ok)
        printf("  case %s: %s differs (%s)\n    got:  [%.*s]\n    want: [%s]\n", casename, what,
               path, (int)glen, got, want ? want : "(missing)");
    free(want);
    return ok;
}

static const tt_str AKID = {"AKIDEXAMPLE", 11};
static const tt_str SECRET = {"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 40};

static int64_t suite_epoch(void)
{
    int64_t t = 0;
    tt_time_parse_amz("20150830T123600Z", 16, &t);
    return t;
}

static unsigned char arena_buf[16384];

/* ---- classic suite -------------------------------------------------------- */

static char *sts_token_example; /* from post-sts-token/readme.txt */
static int classic_cases;
static buf_t case_list;

static void run_classic_case(const char *dir, const char *name)
{
    char path[2048];
    size_t len;
    char *text, *creq_tok = NULL;
    raw_req r;
    tt_sigv4_request q;
    tt_credentials cred;
    tt_sigv4_result res;
    tt_arena arena;
    sink_t sink;
    buf_t sreq = {0, 0, 0};
    int rc, token_after = 0;
    size_t i;

    snprintf(path, sizeof path, "%s/%s.req", dir, name);
    text = read_file(path, &len);
    if (!TT_CHECK(text && parse_req(text, len, &r) == 0)) {
        printf("  cannot parse %s\n", path);
        free(text);
        return;
    }
    memset(&q, 0, sizeof q);
    memset(&cred, 0, sizeof cred);
    memset(&sink, 0, sizeof sink);
    q.method = r.method;
    q.path = r.path;
    q.query = r.query;
    q.headers = r.h;
    q.header_count = r.nh;
    q.payload = r.body.ptr;
    q.payload_len = r.body.len;
    q.region = tt_str_c("us-east-1");
    q.service = tt_str_c("service");
    q.epoch_s = suite_epoch();
    q.debug = sink_fn;
    q.debug_user = &sink;
    cred.access_key_id = AKID;
    cred.secret_access_key = SECRET;

    /* A token in the .creq that the .req lacks is the signer's to add
     * (get-vanilla-with-session-token); post-sts-header-after adds the
     * token after signing. */
    snprintf(path, sizeof path, "%s/%s.creq", dir, name);
    {
        char *creq = read_file(path, NULL);
        char *t = creq ? strstr(creq, "\nx-amz-security-token:") : NULL;
        if (t && !header_present(&r, "x-amz-security-token")) {
            char *e;
            t += strlen("\nx-amz-security-token:");
            e = strchr(t, '\n');
            creq_tok = malloc((size_t)(e - t) + 1);
            memcpy(creq_tok, t, (size_t)(e - t));
            creq_tok[e - t] = 0;
            cred.session_token = tt_str_c(creq_tok);
        }
        free(creq);
    }
    if (strcmp(name, "post-sts-header-after") == 0 && sts_token_example) {
        token_after = 1;
        cred.session_token = tt_str_c(sts_token_example);
        q.flags |= TT_SIGV4_TOKEN_UNSIGNED;
    }

    tt_arena_init(&arena, arena_buf, sizeof arena_buf);
    rc = tt_sigv4_sign(&q, &cred, NULL, &arena, &res);
    TT_CHECK_EQ_INT(rc, TT_OK);
    if (rc == TT_OK) {
        TT_CHECK(sink.creq_ends == 1 && sink.sts_ends == 1);
        snprintf(path, sizeof path, "%s/%s.creq", dir, name);
        cmp_file(name, "canonical request", path, sink.creq.p, sink.creq.len);
        snprintf(path, sizeof path, "%s/%s.sts", dir, name);
        cmp_file(name, "string to sign", path, sink.sts.p, sink.sts.len);
        snprintf(path, sizeof path, "%s/%s.authz", dir, name);
        cmp_file(name, "authorization", path, res.authorization.ptr, res.authorization.len);

        /* Signed request: the .req plus the token (if added) and Authorization. */
        add_str(&sreq, r.method);
        buf_adds(&sreq, " ");
        add_str(&sreq, r.target);
        buf_adds(&sreq, " ");
        add_str(&sreq, r.version);
        for (i = 0; i < r.nh; i++) {
            buf_adds(&sreq, "\n");
            add_str(&sreq, r.hline[i]);
        }
        if (creq_tok || token_after) {
            buf_adds(&sreq, "\nX-Amz-Security-Token:");
            add_str(&sreq, cred.session_token);
        }
        buf_adds(&sreq, "\nAuthorization: ");
        add_str(&sreq, res.authorization);
        if (r.has_body) {
            buf_adds(&sreq, "\n\n");
            add_str(&sreq, r.body);
        }
        snprintf(path, sizeof path, "%s/%s.sreq", dir, name);
        if (strcmp(name, "get-vanilla-with-session-token") == 0) {
            /* Known erratum (README): the .sreq carries get-vanilla's
             * signature.  Compare everything up to "Signature=". */
            char *want = read_file(path, NULL);
            char *ws = want ? strstr(want, "Signature=") : NULL;
            char *gs = strstr(sreq.p, "Signature=");
            TT_CHECK(ws && gs && ws - want == gs - sreq.p &&
                     memcmp(want, sreq.p, (size_t)(ws - want)) == 0);
            free(want);
        } else {
            cmp_file(name, "signed request", path, sreq.p, sreq.len);
        }
    }
    classic_cases++;
    buf_adds(&case_list, "  classic ");
    buf_adds(&case_list, name);
    buf_adds(&case_list, "\n");
    free(sreq.p);
    free(sink.creq.p);
    free(sink.sts.p);
    free(creq_tok);
    free(text);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted subdirectory names of dir (caller frees). */
static size_t list_dirs(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **v = NULL;
    size_t n = 0;
    if (!d) {
        *out = NULL;
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        char p[1024];
        DIR *sub;
        if (de->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        sub = opendir(p);
        if (!sub)
            continue;
        closedir(sub);
        v = realloc(v, (n + 1) * sizeof *v);
        v[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(v, n, sizeof *v, cmp_names);
    *out = v;
    return n;
}

/* A case is a directory holding <dirname>.req; others are walked into. */
static void walk_classic(const char *dir)
{
    char **names;
    size_t n = list_dirs(dir, &names), i;
    for (i = 0; i < n; i++) {
        char sub[1024], req[1200];
        FILE *f;
        snprintf(sub, sizeof sub, "%s/%s", dir, names[i]);
        snprintf(req, sizeof req, "%s/%s.req", sub, names[i]);
        f = fopen(req, "rb");
        if (f) {
            fclose(f);
            run_classic_case(sub, names[i]);
        } else {
            walk_classic(sub);
        }
        free(names[i]);
    }
    free(names);
}

/* ---- v4 (CRT) suite ------------------------------------------------------- */

/* Value of "key": "string" in a flat JSON text (the context.json files). */
static char *json_str(const char *js, const char *key)
{
    char pat[64];
    const char *p, *e;
    char *v;
    snprintf(pat, sizeof pat, "\"%s\"", key);
    p = strstr(js, pat);
    if (!p)
        return NULL;
    p = strchr(p + strlen(pat), '"');
    if (!p)
        return NULL;
    e = strchr(p + 1, '"');
    v = malloc((size_t)(e - p));
    memcpy(v, p + 1, (size_t)(e - p - 1));
    v[e - p - 1] = 0;
    return v;
}

static int json_bool(const char *js, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\"", key);
    p = strstr(js, pat);
    if (!p)
        return 0;
    p += strlen(pat);
    while (*p == ':' || *p == ' ')
        p++;
    return strncmp(p, "true", 4) == 0;
}

static long json_int(const char *js, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\"", key);
    p = strstr(js, pat);
    if (!p)
        return -1;
    p += strlen(pat);
    while (*p == ':' || *p == ' ')
        p++;
    return strtol(p, NULL, 10);
}

static int v4_cases, v4_signings;

static void run_v4_mode(const char *dir, const char *name, int presign, const raw_req *r,
                        const char *ctx)
{
    char path[2048];
    const char *pre = presign ? "query" : "header";
    char *akid = json_str(ctx, "access_key_id"), *secret = json_str(ctx, "secret_access_key");
    char *token = json_str(ctx, "token"), *region = json_str(ctx, "region");
    char *service = json_str(ctx, "service"), *ts = json_str(ctx, "timestamp");
    int sign_body = json_bool(ctx, "sign_body");
    tt_sigv4_request q;
    tt_credentials cred;
    tt_sigv4_result res;
    tt_arena arena;
    sink_t sink;
    buf_t sreq = {0, 0, 0};
    size_t i;
    int rc;

    memset(&q, 0, sizeof q);
    memset(&cred, 0, sizeof cred);
    memset(&sink, 0, sizeof sink);
    q.method = r->method;
    q.path = r->path;
    q.query = r->query;
    q.headers = r->h;
    q.header_count = r->nh;
    q.payload = r->body.ptr;
    q.payload_len = r->body.len;
    q.region = tt_str_c(region);
    q.service = tt_str_c(service);
    q.expires_s = (uint32_t)json_int(ctx, "expiration_in_seconds");
    q.debug = sink_fn;
    q.debug_user = &sink;
    if (!json_bool(ctx, "normalize"))
        q.flags |= TT_SIGV4_NO_NORMALIZE_PATH;
    if (json_bool(ctx, "omit_session_token"))
        q.flags |= TT_SIGV4_TOKEN_UNSIGNED;
    if (sign_body)
        q.flags |= TT_SIGV4_ADD_CONTENT_SHA256;
    if (presign)
        q.flags |= TT_SIGV4_PRESIGN;
    {
        /* "2015-08-30T12:36:00Z" -> epoch */
        tt_time_civil c;
        memset(&c, 0, sizeof c);
        c.year = atoi(ts);
        c.month = (uint8_t)atoi(ts + 5);
        c.day = (uint8_t)atoi(ts + 8);
        c.hour = (uint8_t)atoi(ts + 11);
        c.minute = (uint8_t)atoi(ts + 14);
        c.second = (uint8_t)atoi(ts + 17);
        TT_CHECK_EQ_INT(tt_time_from_civil(&c, &q.epoch_s), TT_OK);
    }
    cred.access_key_id = tt_str_c(akid);
    cred.secret_access_key = tt_str_c(secret);
    cred.session_token = tt_str_c(token);

    tt_arena_init(&arena, arena_buf, sizeof arena_buf);
    rc = tt_sigv4_sign(&q, &cred, NULL, &arena, &res);
    TT_CHECK_EQ_INT(rc, TT_OK);
    if (rc == TT_OK) {
        snprintf(path, sizeof path, "%s/%s-canonical-request.txt", dir, pre);
        cmp_file(name, presign ? "query canonical request" : "canonical request", path,
                 sink.creq.p, sink.creq.len);
        snprintf(path, sizeof path, "%s/%s-string-to-sign.txt", dir, pre);
        cmp_file(name, presign ? "query string to sign" : "string to sign", path, sink.sts.p,
                 sink.sts.len);
        snprintf(path, sizeof path, "%s/%s-signature.txt", dir, pre);
        cmp_file(name, presign ? "query signature" : "signature", path, res.signature, 64);

        /* Signed request as aws-c-auth prints it. */
        add_str(&sreq, r->method);
        buf_adds(&sreq, " ");
        if (presign) {
            add_str(&sreq, r->path);
            buf_adds(&sreq, "?");
            if (r->query.len) {
                add_str(&sreq, r->query);
                buf_adds(&sreq, "&");
            }
            add_str(&sreq, res.presign_query);
        } else {
            add_str(&sreq, r->target);
        }
        buf_adds(&sreq, " ");
        add_str(&sreq, r->version);
        for (i = 0; i < r->nh; i++) {
            buf_adds(&sreq, "\n");
            add_str(&sreq, r->hline[i]);
        }
        if (!presign) {
            if (token) {
                buf_adds(&sreq, "\nX-Amz-Security-Token:");
                buf_adds(&sreq, token);
            }
            buf_adds(&sreq, "\nX-Amz-Date:");
            buf_adds(&sreq, res.amz_date);
            if (sign_body) {
                buf_adds(&sreq, "\nx-amz-content-sha256:");
                buf_adds(&sreq, res.payload_hash);
            }
            buf_adds(&sreq, "\nAuthorization:");
            add_str(&sreq, res.authorization);
        }
        buf_adds(&sreq, "\n\n");
        add_str(&sreq, r->body);
        snprintf(path, sizeof path, "%s/%s-signed-request.txt", dir, pre);
        cmp_file(name, presign ? "query signed request" : "signed request", path, sreq.p,
                 sreq.len);
    }
    v4_signings++;
    free(sreq.p);
    free(sink.creq.p);
    free(sink.sts.p);
    free(akid);
    free(secret);
    free(token);
    free(region);
    free(service);
    free(ts);
}

static void walk_v4(const char *dir)
{
    char **names;
    size_t n = list_dirs(dir, &names), i;
    for (i = 0; i < n; i++) {
        char sub[1024], p[1200];
        char *text, *ctx;
        size_t len;
        raw_req r;
        snprintf(sub, sizeof sub, "%s/%s", dir, names[i]);
        snprintf(p, sizeof p, "%s/request.txt", sub);
        text = read_file(p, &len);
        snprintf(p, sizeof p, "%s/context.json", sub);
        ctx = read_file(p, NULL);
        if (TT_CHECK(text && ctx && parse_req(text, len, &r) == 0)) {
            run_v4_mode(sub, names[i], 0, &r, ctx);
            run_v4_mode(sub, names[i], 1, &r, ctx);
            v4_cases++;
            buf_adds(&case_list, "  v4 ");
            buf_adds(&case_list, names[i]);
            buf_adds(&case_list, " (header + query)\n");
        } else {
            printf("  cannot read %s\n", sub);
        }
        free(text);
        free(ctx);
        free(names[i]);
    }
    free(names);
}

/* ---- API checks ------------------------------------------------------------ */

static void mturk_request(tt_sigv4_request *q, tt_http_header h[3])
{
    static const char body[] = "{\"HITId\": \"3XHITPLAINEXAMPLE\"}";
    memset(q, 0, sizeof *q);
    h[0].name = tt_str_c("Host");
    h[0].value = tt_str_c("127.0.0.1:39405");
    h[1].name = tt_str_c("X-Amz-Target");
    h[1].value = tt_str_c("MTurkRequesterServiceV20170117.ListAssignmentsForHIT");
    h[2].name = tt_str_c("Content-Type");
    h[2].value = tt_str_c("application/x-amz-json-1.1");
    q->method = tt_str_c("POST");
    q->path = tt_str_c("/");
    q->headers = h;
    q->header_count = 3;
    q->payload = body;
    q->payload_len = sizeof body - 1;
    q->region = tt_str_c("us-east-1");
    q->service = tt_str_c("mturk-requester");
    tt_time_parse_amz("20261129T001422Z", 16, &q->epoch_s);
}

static void api_checks(void)
{
    tt_sigv4_request q;
    tt_http_header h[3], bad[1];
    tt_credentials cred;
    tt_sigv4_result r1, r2, r3;
    tt_sigv4_key_cache cache;
    tt_arena arena;
    unsigned char small[64];
    uint8_t key[32];
    char hex[65];
    int rc;

    memset(&cred, 0, sizeof cred);
    cred.access_key_id = AKID;
    cred.secret_access_key = SECRET;
    mturk_request(&q, h);

    /* The spec's captured request (awscli-behaviour.md section 2/3). */
    tt_arena_init(&arena, arena_buf, sizeof arena_buf);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r1), TT_OK);
    TT_CHECK_EQ_STR(r1.amz_date, "20261129T001422Z");
    {
        static const char want[] =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/mturk-requester/"
            "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=dcb674b7";
        TT_CHECK(r1.authorization.len == sizeof want - 1 + 56 &&
                 memcmp(r1.authorization.ptr, want, sizeof want - 1) == 0);
    }
    TT_CHECK(r1.signature[62] == 'e' && r1.signature[63] == '2' && r1.signature[61] == 'd');
    TT_CHECK(r1.presign_query.ptr == NULL);
    /* Only the output string stays in the arena. */
    TT_CHECK(arena.used >= r1.authorization.len && arena.used <= r1.authorization.len + 16);

    /* Cache: cold fill, warm hit gives the same result; a new secret, day,
     * region or service invalidates. */
    tt_sigv4_key_cache_init(&cache);
    tt_arena_init(&arena, arena_buf, sizeof arena_buf);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, &cache, &arena, &r2), TT_OK);
    TT_CHECK(cache.valid);
    TT_CHECK_EQ_STR(r2.signature, r1.signature);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, &cache, &arena, &r3), TT_OK);
    TT_CHECK_EQ_STR(r3.signature, r1.signature);
    cred.secret_access_key = tt_str_c("another-secret");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, &cache, &arena, &r3), TT_OK);
    TT_CHECK(strcmp(r3.signature, r1.signature) != 0);
    {
        tt_sigv4_result r4;
        tt_credentials c2 = cred;
        c2.secret_access_key = tt_str_c("another-secret");
        TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &c2, NULL, &arena, &r4), TT_OK);
        TT_CHECK_EQ_STR(r3.signature, r4.signature);
    }
    cred.secret_access_key = SECRET;
    q.epoch_s += 86400; /* next day: new key */
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, &cache, &arena, &r3), TT_OK);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_OK);
    TT_CHECK_EQ_STR(r3.signature, r2.signature);
    q.epoch_s -= 86400;
    q.region = tt_str_c("eu-west-1");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, &cache, &arena, &r3), TT_OK);
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_OK);
    TT_CHECK_EQ_STR(r3.signature, r2.signature);
    q.region = tt_str_c("us-east-1");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, &cache, &arena, &r3), TT_OK);
    TT_CHECK_EQ_STR(r3.signature, r1.signature);
    tt_sigv4_key_cache_clear(&cache);
    TT_CHECK(!cache.valid);

    /* derive_key: AWS's documented example (iam, 20120215). */
    tt_sigv4_derive_key(tt_str_c("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "20120215",
                        tt_str_c("us-east-1"), tt_str_c("iam"), key);
    tt_hex_lower(key, 32, hex);
    hex[64] = 0;
    TT_CHECK_EQ_STR(hex, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");

    /* Session token: signed by default, header added to the list. */
    cred.session_token = tt_str_c("TOKEN+/=");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_OK);
    TT_CHECK(strstr(r2.authorization.ptr, "x-amz-date;x-amz-security-token;x-amz-target") != NULL);
    q.flags = TT_SIGV4_TOKEN_UNSIGNED;
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_OK);
    TT_CHECK_EQ_STR(r2.signature, r1.signature);
    q.flags = 0;
    cred.session_token.len = 0;

    /* Given payload hash is used as is. */
    q.payload_hash = tt_str_c("UNSIGNED-PAYLOAD");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_OK);
    TT_CHECK_EQ_STR(r2.payload_hash, "UNSIGNED-PAYLOAD");
    TT_CHECK(strcmp(r2.signature, r1.signature) != 0);
    q.payload_hash.len = 0;

    /* Errors. */
    TT_CHECK_EQ_INT(tt_sigv4_sign(NULL, &cred, NULL, &arena, &r2), TT_ERR_INVALID_ARG);
    cred.access_key_id.len = 0;
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_SIGV4_NO_CREDENTIALS);
    cred.access_key_id = AKID;
    q.path = tt_str_c("nope");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_SIGV4_BAD_PATH);
    q.path = tt_str_c("/");
    q.query = tt_str_c("a=\n");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_SIGV4_BAD_QUERY);
    q.query.len = 0;
    q.headers = bad;
    q.header_count = 1;
    bad[0].name = tt_str_c("X-Evil");
    bad[0].value = tt_str_c("a\r\nInjected: 1");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_SIGV4_BAD_HEADER);
    bad[0].name = tt_str_c("Bad Name");
    bad[0].value = tt_str_c("x");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_SIGV4_BAD_HEADER);
    bad[0].name = tt_str_c("");
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_SIGV4_BAD_HEADER);
    q.header_count = TT_SIGV4_MAX_HEADERS + 1;
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_SIGV4_TOO_MANY_HEADERS);
    mturk_request(&q, h);
    q.epoch_s = -1;
    TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_ERR_TIME_RANGE);
    mturk_request(&q, h);

    /* Arena too small: ARENA_FULL, `needed` tells the size, nothing kept. */
    tt_arena_init(&arena, small, sizeof small);
    rc = tt_sigv4_sign(&q, &cred, NULL, &arena, &r2);
    TT_CHECK_EQ_INT(rc, TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(arena.used, 0);
    TT_CHECK(arena.needed > sizeof small);
    printf("arena needed for the MTurk request: %zu bytes\n", arena.needed);
    {
        static unsigned char exact[4096];
        size_t need = arena.needed;
        tt_arena_init(&arena, exact, need);
        TT_CHECK_EQ_INT(tt_sigv4_sign(&q, &cred, NULL, &arena, &r2), TT_OK);
        TT_CHECK_EQ_STR(r2.signature, r1.signature);
    }
}

/* Canonical request of a GET with the given path/query/extra header, as
 * seen by the debug sink; returns malloc'd text (caller frees). */
static char *canon(const char *path, const char *query, const char *hname, const char *hval,
                   unsigned flags, int *rc)
{
    tt_sigv4_request q;
    tt_credentials cred;
    tt_sigv4_result res;
    tt_http_header h[2];
    tt_arena arena;
    sink_t sink;
    memset(&q, 0, sizeof q);
    memset(&cred, 0, sizeof cred);
    memset(&sink, 0, sizeof sink);
    h[0].name = tt_str_c("Host");
    h[0].value = tt_str_c("example.amazonaws.com");
    h[1].name = tt_str_c(hname ? hname : "X-A");
    h[1].value = tt_str_c(hval ? hval : "1");
    q.method = tt_str_c("GET");
    q.path = tt_str_c(path);
    q.query = tt_str_c(query);
    q.headers = h;
    q.header_count = 2;
    q.region = tt_str_c("us-east-1");
    q.service = tt_str_c("service");
    q.epoch_s = suite_epoch();
    q.flags = flags;
    q.debug = sink_fn;
    q.debug_user = &sink;
    cred.access_key_id = AKID;
    cred.secret_access_key = SECRET;
    tt_arena_init(&arena, arena_buf, sizeof arena_buf);
    *rc = tt_sigv4_sign(&q, &cred, NULL, &arena, &res);
    free(sink.sts.p);
    return sink.creq.p;
}

/* Line `n` (0-based) of text, into a static buffer. */
static const char *line_of(const char *text, int n)
{
    static char out[1024];
    const char *e;
    while (text && n-- > 0) {
        text = strchr(text, '\n');
        if (text)
            text++;
    }
    if (!text)
        return "(none)";
    e = strchr(text, '\n');
    snprintf(out, sizeof out, "%.*s", e ? (int)(e - text) : (int)strlen(text), text);
    return out;
}

static void canon_checks(void)
{
    /* path -> canonical URI (normalised as for non-S3 services) */
    static const char *const paths[][2] = {
        {"/a/b/../c/./d", "/a/c/d"},      {"/a/b/../../../c", "/c"},
        {"/a/./b/.", "/a/b"},             {"/a/b/", "/a/b/"},
        {"/../", "/"},                    {"/a%20b/c", "/a%2520b/c"},
        {"/a//b///c/", "/a/b/c/"},        {"/.../a", "/.../a"},
        {"", "/"},                        {"/", "/"},
        {"/a/b/..", "/a"},                {"/ü", "/%C3%BC"},
        {"/a:b@c!$'()*+,;=", "/a%3Ab%40c%21%24%27%28%29%2A%2B%2C%3B%3D"},
    };
    /* query -> canonical query */
    static const char *const queries[][2] = {
        {"b=2&a=1&a=0&c", "a=0&a=1&b=2&c="},
        {"x=a+b", "x=a%2Bb"},
        {"k=%7e%41", "k=~A"},
        {"&&z=1&", "z=1"},
        {"k=%zz", "k=%25zz"},
        {"_=1&%60=2", "%60=2&_=1"},
        {"a=%2f&a=/", "a=%2F&a=%2F"},
        {"k=v=w", "k=v%3Dw"},
        {"=v", "=v"},
    };
    size_t i;
    int rc;
    char *c;
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        c = canon(paths[i][0], "", NULL, NULL, 0, &rc);
        TT_CHECK_EQ_INT(rc, TT_OK);
        if (!TT_CHECK(strcmp(line_of(c, 1), paths[i][1]) == 0))
            printf("     path [%s] -> [%s], want [%s]\n", paths[i][0], line_of(c, 1), paths[i][1]);
        free(c);
    }
    /* Without normalisation only encoding applies. */
    c = canon("/a/./b//../c", "", NULL, NULL, TT_SIGV4_NO_NORMALIZE_PATH, &rc);
    TT_CHECK_EQ_STR(line_of(c, 1), "/a/./b//../c");
    free(c);
    for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        c = canon("/", queries[i][0], NULL, NULL, 0, &rc);
        TT_CHECK_EQ_INT(rc, TT_OK);
        if (!TT_CHECK(strcmp(line_of(c, 2), queries[i][1]) == 0))
            printf("     query [%s] -> [%s], want [%s]\n", queries[i][0], line_of(c, 2),
                   queries[i][1]);
        free(c);
    }
    /* header values: trim, collapse tabs/spaces/folds; names lower-cased */
    c = canon("/", "", "X-Tabs", "\t a \t  b\t", 0, &rc);
    TT_CHECK_EQ_STR(line_of(c, 5), "x-tabs:a b");
    free(c);
    c = canon("/", "", "X-Empty", "   ", 0, &rc);
    TT_CHECK_EQ_STR(line_of(c, 5), "x-empty:");
    free(c);
    c = canon("/", "", "X-Fold", "a\r\n  b", 0, &rc);
    TT_CHECK_EQ_STR(line_of(c, 5), "x-fold:a b");
    free(c);
    /* A caller's Authorization / X-Amz-Date are not signed twice. */
    c = canon("/", "", "Authorization", "old", 0, &rc);
    TT_CHECK_EQ_STR(line_of(c, 6), "host;x-amz-date");
    free(c);
    c = canon("/", "", "X-AMZ-DATE", "19990101T000000Z", 0, &rc);
    TT_CHECK_EQ_STR(line_of(c, 4), "x-amz-date:20150830T123600Z");
    TT_CHECK_EQ_STR(line_of(c, 6), "host;x-amz-date");
    free(c);
    /* Bad inputs. */
    c = canon("/", "", "X-Bad", "a\nb", 0, &rc); /* bare LF, not a fold */
    TT_CHECK_EQ_INT(rc, TT_ERR_SIGV4_BAD_HEADER);
    free(c);
    c = canon("/", "", "X-Bad", "a\x01", 0, &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_SIGV4_BAD_HEADER);
    free(c);
    c = canon("/", "", "X:Bad", "a", 0, &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_SIGV4_BAD_HEADER);
    free(c);
    c = canon("/a\r\nb", "", NULL, NULL, 0, &rc);
    TT_CHECK_EQ_INT(rc, TT_ERR_SIGV4_BAD_PATH);
    free(c);
}

int main(void)
{
    char *readme = read_file(ROOT "/aws4_testsuite/post-sts-token/readme.txt", NULL);
    if (readme) {
        char *t = strstr(readme, "AQoD"), *e;
        if (t) {
            for (e = t; *e && *e != '\n' && *e != ' ' && *e != '\r'; e++)
                ;
            sts_token_example = malloc((size_t)(e - t) + 1);
            memcpy(sts_token_example, t, (size_t)(e - t));
            sts_token_example[e - t] = 0;
        }
    }
    TT_CHECK(sts_token_example != NULL);

    walk_classic(ROOT "/aws4_testsuite");
    walk_v4(ROOT "/aws-signing-test-suite/v4");
    api_checks();
    canon_checks();

    printf("cases run:\n%s", case_list.p ? case_list.p : "");
    printf("classic cases: %d, v4 cases: %d (%d signings), skipped: none\n", classic_cases,
           v4_cases, v4_signings);
    TT_CHECK_EQ_INT(classic_cases, 34);
    TT_CHECK_EQ_INT(v4_cases, 38);
    free(readme);
    free(sts_token_example);
    free(case_list.p);
    return tt_test_summary();
}
