/*
 * tt_request.c - the signed ListAssignmentsForHIT request (tt_request.h).
 *
 * Three templates - the canonical request, the string to sign, the wire
 * bytes - are ASCII text with op bytes (>= 0x80) for the variable parts,
 * conditional sections and shared sub-templates (the body, the signed
 * header names: stored once as sent, lower-cased where signed).  All live
 * in one NUL-separated string, numbered.  One walker expands them into an
 * output that hashes, counts, writes to a sink and copies to the debug
 * sink, whichever are set.
 */
#include <string.h>

#include "tt_request.h"
#include "tt_time.h"
#if TT_BODY_UNICODE
#include "tt_utf8.h"
#endif

/* ---- templates ------------------------------------------------------------ */

/* Op bytes.  Each is its own string literal ("\x80" "abc" is two tokens, so
 * a following hex digit never joins the escape). */
#define O_PATH "\x80"  /* path: as is; canonical: tt_sigv4_hash_path() */
#define O_HOST "\x81"  /* Host value */
#define O_UA "\x82"    /* User-Agent */
#define O_REGION "\x83"
#define O_AKID "\x84"
#define O_TOKEN "\x85" /* session token (canonical: whitespace folded) */
#define O_DATE "\x86"  /* X-Amz-Date */
#define O_DATE8 "\x87" /* its YYYYMMDD */
#define O_HASH "\x88"  /* hex hash of the previous stage */
#define O_SIG "\x89"   /* signature */
#define O_CLEN "\x8a"  /* Content-Length */
#define O_MEMBERS "\x8b" /* body: the members after HITId, in params.order */
#define O_HIT "\x8c"   /* body: HITId's JSON string */
#define O_NTV "\x8d"   /* body: NextToken's */
#define O_MRV "\x8e"   /* body: MaxResults */
#define O_STV "\x8f"   /* body: the statuses, ", "-separated */
#define O_NEXT "\x90"  /* debug: the next part starts (last: TT_DEBUG only) */
/* Conditional sections: IF ... END, kept when the condition holds. */
#define OP_IF 0xa0u
#define O_IFSIG "\xa0" /* signed request */
#define O_ENDSIG "\xa1"
#define O_IFTOK "\xa2" /* with a session token */
#define O_ENDTOK "\xa3"

/* Sub-templates: op OP_SUB + k walks template k of TPL; OP_LOWER + k the
 * same lower-cased (the signed header names: their wire spelling is stored,
 * all letters and '-', so lower case is each byte | 0x20). */
#define OP_SUB 0xc0u
#define OP_LOWER 0xe0u
#define O_N_CT "\xc0" /* header names as on the wire */
#define O_N_HOST "\xc1"
#define O_N_DATE "\xc2"
#define O_N_TOK "\xc3"
#define O_N_TGT "\xc4"
#define O_L_CT "\xe0" /* ... and as signed */
#define O_L_HOST "\xe1"
#define O_L_DATE "\xe2"
#define O_L_TOK "\xe3"
#define O_L_TGT "\xe4"
#define O_SCOPE "\xc5"
#define O_SH "\xc6"
#define O_CTYPE "\xc7"
#define O_TARGET "\xc8"
#define O_ALGO "\xc9"
#define K_SCOPE 5u
#define K_MEMBER 9u /* K_MEMBER + TT_BODY_M_* */
#define K_BODY 13u
#define K_STS 14u
#define K_CANON 15u
#define K_WIRE 16u
#define O_BODY "\xcd"

/* Every template, NUL-separated, numbered from 0: N_TPL of them (no
 * pointer table in flash: each walk finds them once, w_init()). */
static const char TPL[] =
    /* 0-4: the signed header names (<= sizeof rq_w.lc) */
    "Content-Type\0" "Host\0" "X-Amz-Date\0" "X-Amz-Security-Token\0" "X-Amz-Target\0"
    /* 5: credential scope */
    O_DATE8 "/" O_REGION "/mturk-requester/aws4_request\0"
    /* 6: signed headers: what botocore signs for this call */
    O_L_CT ";" O_L_HOST ";" O_L_DATE ";" O_IFTOK O_L_TOK ";" O_ENDTOK O_L_TGT "\0"
    /* 7-9: Content-Type, X-Amz-Target, algorithm */
    "application/x-amz-json-1.1\0"
    "MTurkRequesterServiceV20170117.ListAssignmentsForHIT\0"
    "AWS4-HMAC-SHA256\0"
    /* 10-12: the body's members by TT_BODY_M_* (tt_body.h) */
    ", \"NextToken\": " O_NTV "\0"
    ", \"MaxResults\": " O_MRV "\0"
    ", \"AssignmentStatuses\": [" O_STV "]\0"
    /* 13: the body */
    "{\"HITId\": " O_HIT O_MEMBERS "}\0"
    /* 14: string to sign */
    O_ALGO "\n" O_DATE "\n" O_SCOPE "\n" O_HASH "\0"
    /* 15: canonical request */
    "POST\n" O_PATH "\n\n" O_L_CT ":" O_CTYPE "\n" O_L_HOST ":" O_HOST "\n" O_L_DATE ":" O_DATE "\n"
    O_IFTOK O_L_TOK ":" O_TOKEN "\n" O_ENDTOK O_L_TGT ":" O_TARGET "\n\n" O_SH "\n" O_HASH "\0"
    /* 16: the wire bytes */
    "POST " O_PATH " HTTP/1.1\r\n" O_NEXT O_N_HOST ": " O_HOST
    "\r\nAccept-Encoding: identity\r\n" O_N_TGT ": " O_TARGET "\r\n" O_N_CT ": " O_CTYPE
    "\r\nUser-Agent: " O_UA "\r\n" O_IFSIG O_N_DATE ": " O_DATE "\r\n" O_IFTOK
    O_N_TOK ": " O_TOKEN "\r\n" O_ENDTOK "Authorization: " O_ALGO
    " Credential=" O_AKID "/" O_SCOPE ", SignedHeaders=" O_SH ", Signature=" O_SIG
    "\r\n" O_ENDSIG "Content-Length: " O_CLEN "\r\n" O_NEXT "\r\n" O_BODY;

#define N_TPL 17u /* templates in TPL */

/* ---- output ------------------------------------------------------------------ */

typedef struct rq_w {
    const tt_request *rq;
    tt_sha256_ctx *sha;   /* NULL = no hashing */
    tt_http_sink sink;    /* NULL = no wire output */
    void *ctx;
    tt_sigv4_debug_fn dbg; /* NULL = no debug output */
    void *user;
    const char *hex;      /* O_HASH */
    size_t count;         /* bytes emitted */
    int rc;               /* first error; nothing is emitted after it */
    int part;             /* debug part */
    int canon;            /* canonical request: path and token canonicalised */
    int lower;            /* walking a header name lower-cased */
    char lc[20];          /* its lower-case bytes (the longest name) */
    const char *tpl[N_TPL]; /* where each template of TPL starts (w_init()) */
} rq_w;

static void emit(rq_w *w, const char *p, size_t n)
{
    if (w->rc || !n)
        return;
    w->count += n;
    if (w->sha)
        tt_sha256_update(w->sha, p, n);
    if (w->sink) {
        int rc = w->sink(w->ctx, (const uint8_t *)p, n);
        if (rc)
            w->rc = rc < 0 ? rc : TT_ERR_CALLBACK_ABORT;
    }
    if (TT_DEBUG && w->dbg)
        w->dbg(w->user, w->part, p, n);
}

/* Decimal digits of v ending at `end`; returns where they start. */
static char *dec(char *end, uint32_t v)
{
    do {
        *--end = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    return end;
}

static void emit_dec(rq_w *w, uint32_t v)
{
    char b[10];
    char *s = dec(b + sizeof b, v);
    emit(w, s, (size_t)(b + sizeof b - s));
}

/* ---- body ------------------------------------------------------------------ */

#if TT_BODY_UNICODE
/* One UTF-16 code unit as json.dumps(ensure_ascii=True) writes it: the
 * two-character escapes of '"', backslash, BS, TAB, LF, FF and CR; other
 * controls, DEL and non-ASCII as a \u escape in lower-case hex. */
static void junit(rq_w *w, uint32_t u)
{
    char e[6];
    uint8_t be[2];
    size_t n = 2;
    e[0] = '\\';
    e[1] = (char)u;
    if (u == '"' || u == '\\') {
    } else if (u - 8u < 6u && u != 11u) {
        e[1] = "btn?fr"[u - 8u];
    } else if (u - 0x20u < 0x5fu) {
        e[0] = (char)u;
        n = 1;
    } else {
        e[1] = 'u';
        be[0] = (uint8_t)(u >> 8);
        be[1] = (uint8_t)u;
        tt_hex_lower(be, 2, e + 2);
        n = 6;
    }
    emit(w, e, n);
}

/* A quoted JSON string, escaped as tt_body.h says (tt_body_escape_cp()'s
 * bytes; astral code points as a surrogate pair). */
static void jstr(rq_w *w, const tt_str *str)
{
    tt_str s = *str;
    uint32_t cp;
    size_t i = 0;
    emit(w, "\"", 1);
    while (i < s.len && !w->rc) {
        int k = tt_utf8_decode(s.ptr + i, s.len - i, &cp);
        if (k < 0) {
            w->rc = TT_ERR_BODY_BAD_UTF8;
            return;
        }
        i += (size_t)k;
        if (cp >= 0x10000u) {
            cp -= 0x10000u;
            junit(w, 0xD800u | (cp >> 10));
            cp = 0xDC00u | (cp & 0x3FFu);
        }
        junit(w, cp);
    }
    emit(w, "\"", 1);
}
#else
/* A quoted JSON string of printable ASCII (TT_BODY_UNICODE 0): the bytes
 * as they are but '"' and backslash, which get a backslash (json.dumps'
 * bytes for such strings); any other byte is TT_ERR_BODY_NOT_ASCII.  Runs
 * are emitted whole; an escaped byte starts the next run. */
static void jstr(rq_w *w, const tt_str *str)
{
    const char *s = str->ptr;
    size_t i, n = str->len, from = 0;
    emit(w, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned ch = (unsigned char)s[i];
        if (ch - 0x20u > 0x5eu) {
            w->rc = TT_ERR_BODY_NOT_ASCII;
            return;
        }
        if (ch == '"' || ch == '\\') {
            emit(w, s + from, i - from);
            emit(w, "\\", 1);
            from = i;
        }
    }
    emit(w, s + from, i - from);
    emit(w, "\"", 1);
}
#endif

/* ---- the walker ------------------------------------------------------------ */

/* The session token; folded as SigV4 canonical header values are (trimmed,
 * each whitespace run one space) in the canonical request - with
 * TT_SIGV4_FULL 0 it holds no whitespace (tt_request_sign()), its own
 * canonical form; "<redacted>" to the debug sink. */
static void emit_token(rq_w *w, const char *t)
{
#if TT_SIGV4_FULL
    size_t sep = 0, any = 0;
#endif
#if TT_DEBUG
    tt_sigv4_debug_fn d = w->dbg;
    if (d)
        d(w->user, w->part, "<redacted>", 10);
    w->dbg = NULL;
#endif
#if TT_SIGV4_FULL
    if (w->canon) /* byte by byte: a space for each whitespace run between words */
        for (; *t; t++) {
            if ((unsigned char)*t <= ' ') {
                sep = any;
                continue;
            }
            emit(w, " ", sep); /* (n 0: nothing) */
            emit(w, t, 1);
            any = 1;
            sep = 0;
        }
    else
#endif
        emit(w, t, strlen(t));
#if TT_DEBUG
    w->dbg = d;
#endif
}

/* Expand template k of TPL into w.  Sub-templates recurse: at most 3 deep (the
 * wire template, the body, a body member). */
static void walk(rq_w *w, unsigned k)
{
    const char *t = w->tpl[k];
    const tt_request *rq = w->rq;
    const tt_client_config *c = rq->cfg;
    const tt_body_params *p = rq->body;
    unsigned op, i;
#if TT_CLI_PAGING
    unsigned id, done;
#endif

    while ((op = (unsigned char)*t) != 0 && !w->rc) {
        const char *s = NULL;
        size_t n = 0;
        if (op < 0x80u) { /* literal text up to the next op or the end */
            s = t;
            while ((unsigned char)t[n] - 1u < 0x7fu)
                n++;
            t += n;
            if (w->lower) { /* a header name: n <= sizeof w->lc */
                for (i = 0; i < n; i++)
                    w->lc[i] = (char)(s[i] | 0x20);
                s = w->lc;
            }
        } else if (t++, op >= OP_SUB) {
            w->lower = op >= OP_LOWER; /* (names hold no ops: no nesting) */
            walk(w, op & 0x1fu);
            w->lower = 0;
        } else if (op >= OP_IF) {
            /* IF: unless its condition holds, skip past its END */
            if (!(op & 1u) &&
                !(op == OP_IF ? c->access_key_id != NULL : c->session_token && c->session_token[0]))
                while ((unsigned char)*t++ != op + 1u)
                    ;
        } else {
            switch (op) {
            case 0x80u: /* O_PATH (TT_SIGV4_FULL 0: a plain path, its own canonical form) */
                s = c->path;
#if TT_SIGV4_FULL
                if (w->canon) {
                    tt_str pt;
                    pt.ptr = s;
                    pt.len = strlen(s);
                    s = NULL;
                    (void)tt_sigv4_hash_path(w->sha, pt, TT_DEBUG ? w->dbg : NULL, w->user);
                }
#endif
                break;
            case 0x81u: { /* O_HOST: an IPv6 literal bracketed, a port unless the default */
                const char *h = c->host;
                int v6 = tt_http_check_host(tt_str_c(h)) > 0;
                emit(w, "[", (size_t)v6); /* (n 0: nothing) */
                emit(w, h, strlen(h));
                emit(w, "]", (size_t)v6);
                if (c->port != (c->https ? 443 : 80)) {
                    emit(w, ":", 1);
                    emit_dec(w, c->port);
                }
                break;
            }
            case 0x82u:
                s = c->user_agent;
                break;
            case 0x83u:
                s = c->region;
                break;
            case 0x84u:
                s = c->access_key_id;
                break;
            case 0x85u:
                emit_token(w, c->session_token);
                break;
            case 0x86u:
                s = rq->amz_date;
                break;
            case 0x87u:
                s = rq->amz_date;
                n = 8;
                break;
            case 0x88u:
                s = w->hex;
                break;
            case 0x89u:
                s = rq->signature;
                break;
            case 0x8au:
                emit_dec(w, (uint32_t)rq->body_len);
                break;
            case 0x8cu:
                jstr(w, &p->hit_id);
                break;
            case 0x8du:
                jstr(w, &p->next_token);
                break;
            case 0x8eu:
                emit_dec(w, p->max_results);
                break;
            case 0x8fu:
                for (i = 0; i < p->status_count; i++) {
                    if (i)
                        emit(w, ", ", 2);
                    jstr(w, &p->statuses[i]);
                }
                break;
#if TT_DEBUG
            case 0x90u: /* O_NEXT */
                if (w->dbg)
                    w->dbg(w->user, w->part, "", 0);
                w->part++;
                break;
#endif
            case 0x8bu: /* O_MEMBERS: params.order's, then the rest in model order
                         * (tt_body_encode()'s result for every valid order),
                         * each once, those present; without TT_CLI_PAGING the
                         * client's one order (tt_client.c): statuses,
                         * MaxResults, NextToken */
#if TT_CLI_PAGING
                done = 0;
                for (i = 0; i < 6; i++) {
                    id = i < 3 ? p->order[i] : i - 2;
                    if (id - 1u > 2u || ((done >> id) & 1u))
                        continue;
                    done |= 1u << id;
                    if (id == TT_BODY_M_NEXT_TOKEN   ? p->has_next_token
                        : id == TT_BODY_M_MAX_RESULTS ? p->has_max_results
                                                      : p->has_statuses)
                        walk(w, K_MEMBER + id);
                }
#else
                if (p->has_statuses)
                    walk(w, K_MEMBER + TT_BODY_M_STATUSES);
                if (p->has_max_results)
                    walk(w, K_MEMBER + TT_BODY_M_MAX_RESULTS);
                if (p->has_next_token)
                    walk(w, K_MEMBER + TT_BODY_M_NEXT_TOKEN);
#endif
                break;
            }
        }
        if (s)
            emit(w, s, n ? n : strlen(s));
    }
}

/* Start a walk over request rq: where each template starts. */
static void w_init(rq_w *w, const tt_request *rq)
{
    const char *t = TPL;
    unsigned k;
    memset(w, 0, sizeof *w);
    w->rq = rq;
    for (k = 0; k < N_TPL; k++, t += strlen(t) + 1)
        w->tpl[k] = t;
}

/* ---- public ------------------------------------------------------------------ */

/* The control bytes (CTL) in s (NULL: none) as a set: bit b for byte
 * b < 0x20, bit 0 for DEL (no NUL inside a C string); with TT_SIGV4_FULL 0
 * a space counts as TAB (allowed in the User-Agent only: STS tokens are
 * base64, a token without whitespace its own canonical form, emit_token();
 * key ids and regions have none either). */
#define CTL_CRLF ((1u << '\r') | (1u << '\n'))
static uint32_t ctl(const char *s)
{
    uint32_t m = 0;
    unsigned ch;
    for (; s && (ch = (unsigned char)*s) != 0; s++) {
        if (!TT_SIGV4_FULL && ch == ' ')
            ch = '\t';
        m |= ch < 0x20u ? (uint32_t)1 << ch : (uint32_t)(ch == 0x7fu);
    }
    return m;
}

/* Walk template k as debug part `part`, then end the part. */
static void run(rq_w *w, unsigned k, int part)
{
    if (TT_DEBUG)
        w->part = part;
    walk(w, k);
    if (TT_DEBUG && w->dbg)
        w->dbg(w->user, w->part, "", 0);
}

/* The digest of w->sha as lower-case hex into hex[64]. */
static void hex_digest(rq_w *w, char *hex)
{
    uint8_t d[32];
    tt_sha256_final(w->sha, d);
    tt_hex_lower(d, 32, hex);
}

int tt_request_sign(tt_request *rq, tt_sigv4_key_cache *cache, tt_sigv4_debug_fn debug,
                    void *user)
{
    const tt_client_config *c = rq->cfg;
    tt_hmac_sha256_ctx hm; /* hm.inner hashes the body and the canonical request */
    char hex[65];
    uint32_t m;
    rq_w w;
    int rc = TT_OK;

    w_init(&w, rq);
    w.hex = hex;
    hex[64] = '\0';
    w.sha = &hm.inner;
    tt_sha256_init(w.sha);
    walk(&w, K_BODY);
    rq->body_len = w.count;
    if (w.rc)
        return w.rc;
    hex_digest(&w, hex);

    if (c->access_key_id) {
        tt_str k[4]; /* secret, date8, region, service (tt_sigv4_hmac_init()) */
        uint8_t mac[32];
        if (!c->access_key_id[0] || !c->secret_access_key[0])
            return TT_ERR_SIGV4_NO_CREDENTIALS;
        rc = c->region[0] ? TT_OK : TT_ERR_INVALID_ARG;
#if TT_SIGV4_FULL
        if (rc == TT_OK) { /* (TT_SIGV4_FULL 0: tt_client_init() accepts only plain paths) */
            tt_str p;
            p.ptr = c->path;
            p.len = strlen(p.ptr);
            rc = tt_sigv4_hash_path(NULL, p, NULL, NULL);
        }
#endif
        if (rc == TT_OK && (ctl(c->session_token) |
                            ctl(c->access_key_id) | ctl(c->region)))
            rc = TT_ERR_INVALID_ARG;
        if (rc == TT_OK)
            rc = tt_time_format_amz(rq->epoch_s, rq->amz_date);
        if (rc != TT_OK)
            return rc;
        if (TT_DEBUG) {
            w.dbg = debug;
            w.user = user;
        }
        w.canon = 1;
        tt_sha256_init(w.sha);
        run(&w, K_CANON, TT_SIGV4_DEBUG_CANONICAL_REQUEST);
        hex_digest(&w, hex);

        k[0].ptr = c->secret_access_key;
        k[0].len = strlen(k[0].ptr);
        k[1].ptr = rq->amz_date;
        k[1].len = 8;
        k[2].ptr = c->region;
        k[2].len = strlen(k[2].ptr);
        k[3].ptr = w.tpl[K_SCOPE] + 4; /* "mturk-requester" in the scope template */
        k[3].len = 15;
        tt_sigv4_hmac_init(&hm, k, cache);
        w.canon = 0;
        run(&w, K_STS, TT_SIGV4_DEBUG_STRING_TO_SIGN);
        tt_hmac_sha256_final(&hm, mac); /* zeroizes hm */
        tt_hex_lower(mac, 32, rq->signature); /* (the MAC is no secret: it is sent) */
        rq->signature[64] = '\0';
    }
    /* The one header value from outside not checked yet (the token, key id
     * and region are, above; host and path by the client): it must not end
     * the line (header injection) nor hold other control bytes. */
    m = ctl(c->user_agent);
    return m & CTL_CRLF ? TT_ERR_HTTP_HEADER_INJECTION
           : m & ~(CTL_CRLF | 1u << '\t') ? TT_ERR_HTTP_BAD_REQUEST_HEADER
                                          : TT_OK;
}

int tt_request_write(const tt_request *rq, tt_http_sink sink, void *ctx,
                     tt_sigv4_debug_fn debug, void *user)
{
    rq_w w;
    w_init(&w, rq);
    w.sink = sink;
    w.ctx = ctx;
    if (TT_DEBUG) {
        w.dbg = debug;
        w.user = user;
    }
    run(&w, K_WIRE, TT_REQUEST_DEBUG_LINE);
    return w.rc;
}
