/*
 * tt_request.c - the signed ListAssignmentsForHIT request (tt_request.h).
 *
 * Three templates - the canonical request, the string to sign, the wire
 * bytes - are ASCII text with op bytes (>= 0x80) for the variable parts,
 * conditional sections and shared sub-templates.  One walker expands them
 * into an output that hashes, counts, writes to a sink and copies to the
 * debug sink, whichever are set.
 */
#include <string.h>

#include "tt_request.h"
#include "tt_time.h"
#include "tt_utf8.h"

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
#define O_NEXT "\x8b"  /* debug: the next part starts */
#define O_HIT "\x8c"   /* body: HITId's JSON string */
#define O_NTV "\x8d"   /* body: NextToken's */
#define O_MRV "\x8e"   /* body: MaxResults */
#define O_STV "\x8f"   /* body: the statuses, ", "-separated */
#define O_MEMBERS "\x90" /* body: the members after HITId, in params.order */
/* Conditional sections: IF ... END, kept when the condition holds. */
#define OP_IF 0xa0u
#define O_IFSIG "\xa0" /* signed request */
#define O_ENDSIG "\xa1"
#define O_IFTOK "\xa2" /* with a session token */
#define O_ENDTOK "\xa3"
/* Sub-templates: SUB[op - OP_SUB]. */
#define OP_SUB 0xc0u
#define O_SCOPE "\xc0"
#define O_SH "\xc1"
#define O_CTYPE "\xc2"
#define O_TARGET "\xc3"
#define O_ALGO "\xc4"
#define O_BODY "\xc5"
#define SUB_MEMBER 5 /* SUB[SUB_MEMBER + TT_BODY_M_*] */

static const char *const SUB[9] = {
    /* credential scope */
    O_DATE8 "/" O_REGION "/mturk-requester/aws4_request",
    /* signed headers: what botocore signs for this call */
    "content-type;host;x-amz-date;" O_IFTOK "x-amz-security-token;" O_ENDTOK "x-amz-target",
    "application/x-amz-json-1.1",
    "MTurkRequesterServiceV20170117.ListAssignmentsForHIT",
    "AWS4-HMAC-SHA256",
    /* the body (tt_body.h) and its members by TT_BODY_M_* */
    "{\"HITId\": " O_HIT O_MEMBERS "}",
    ", \"NextToken\": " O_NTV,
    ", \"MaxResults\": " O_MRV,
    ", \"AssignmentStatuses\": [" O_STV "]",
};

static const char T_CANON[] =
    "POST\n" O_PATH "\n\ncontent-type:" O_CTYPE "\nhost:" O_HOST "\nx-amz-date:" O_DATE
    "\n" O_IFTOK "x-amz-security-token:" O_TOKEN "\n" O_ENDTOK "x-amz-target:" O_TARGET
    "\n\n" O_SH "\n" O_HASH;

static const char T_STS[] = O_ALGO "\n" O_DATE "\n" O_SCOPE "\n" O_HASH;

static const char T_WIRE[] =
    "POST " O_PATH " HTTP/1.1\r\n" O_NEXT "Host: " O_HOST
    "\r\nAccept-Encoding: identity\r\nX-Amz-Target: " O_TARGET "\r\nContent-Type: " O_CTYPE
    "\r\nUser-Agent: " O_UA "\r\n" O_IFSIG "X-Amz-Date: " O_DATE "\r\n" O_IFTOK
    "X-Amz-Security-Token: " O_TOKEN "\r\n" O_ENDTOK "Authorization: " O_ALGO
    " Credential=" O_AKID "/" O_SCOPE ", SignedHeaders=" O_SH ", Signature=" O_SIG
    "\r\n" O_ENDSIG "Content-Length: " O_CLEN "\r\n" O_NEXT "\r\n" O_BODY;

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

static void emit_s(rq_w *w, const char *s)
{
    emit(w, s, strlen(s));
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
static void jstr(rq_w *w, tt_str s)
{
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

/* ---- the walker ------------------------------------------------------------ */

static int has_token(const tt_client_config *c)
{
    return c->session_token && c->session_token[0];
}

/* The session token; folded as SigV4 canonical header values are (trimmed,
 * each whitespace run one space) in the canonical request; "<redacted>" to
 * the debug sink. */
static void emit_token(rq_w *w, const char *t)
{
    tt_sigv4_debug_fn d = w->dbg;
    int sep = 0, any = 0;
    if (TT_DEBUG && d)
        d(w->user, w->part, "<redacted>", 10);
    w->dbg = NULL;
    if (!w->canon)
        emit_s(w, t);
    else /* byte by byte: a space for each whitespace run between words */
        for (; *t; t++) {
            if ((unsigned char)*t <= ' ') {
                sep = any;
                continue;
            }
            if (sep)
                emit(w, " ", 1);
            emit(w, t, 1);
            any = 1;
            sep = 0;
        }
    w->dbg = d;
}

/* Expand template t into w.  Sub-templates recurse: at most 3 deep (the
 * wire template, the body, a body member). */
static void walk(rq_w *w, const char *t)
{
    const tt_request *rq = w->rq;
    const tt_client_config *c = rq->cfg;
    const tt_body_params *p = rq->body;
    unsigned op, i, id, done;

    while ((op = (unsigned char)*t) != 0 && !w->rc) {
        const char *s = NULL;
        size_t n = 0;
        if (op < 0x80u) {
            while ((unsigned char)t[n] - 1u < 0x7fu)
                n++;
            emit(w, t, n);
            t += n;
            continue;
        }
        t++;
        if (op >= OP_SUB) {
            walk(w, SUB[op - OP_SUB]);
        } else if (op >= OP_IF) {
            /* IF: unless its condition holds, skip past its END */
            if (!(op & 1u) && !(op == OP_IF ? c->access_key_id != NULL : has_token(c)))
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
                int v6 = 0;
                for (s = h; *s; s++)
                    v6 |= *s == ':';
                v6 &= h[0] != '[';
                s = NULL;
                if (v6)
                    emit(w, "[", 1);
                emit_s(w, h);
                if (v6)
                    emit(w, "]", 1);
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
            case 0x8bu:
                if (TT_DEBUG && w->dbg)
                    w->dbg(w->user, w->part, "", 0);
                w->part++;
                break;
            case 0x8cu:
                jstr(w, p->hit_id);
                break;
            case 0x8du:
                jstr(w, p->next_token);
                break;
            case 0x8eu:
                emit_dec(w, p->max_results);
                break;
            case 0x8fu:
                for (i = 0; i < p->status_count; i++) {
                    if (i)
                        emit(w, ", ", 2);
                    jstr(w, p->statuses[i]);
                }
                break;
            default: /* O_MEMBERS: params.order's, then the rest in model order
                      * (tt_body_encode()'s result for every valid order);
                      * absent members count as done */
                done = (p->has_next_token ? 0u : 1u << TT_BODY_M_NEXT_TOKEN) |
                       (p->has_max_results ? 0u : 1u << TT_BODY_M_MAX_RESULTS) |
                       (p->has_statuses ? 0u : 1u << TT_BODY_M_STATUSES);
                for (i = 0; i < 6; i++) {
                    id = i < 3 ? p->order[i] : i - 2;
                    if (id - 1u > 2u || ((done >> id) & 1u))
                        continue;
                    done |= 1u << id;
                    walk(w, SUB[SUB_MEMBER + id]);
                }
                break;
            }
        }
        if (s)
            emit(w, s, n ? n : strlen(s));
    }
}

/* Start a walk over request rq. */
static void w_init(rq_w *w, const tt_request *rq)
{
    memset(w, 0, sizeof *w);
    w->rq = rq;
}

/* ---- public ------------------------------------------------------------------ */

/* A control byte (CTL: < 0x20 or DEL) in s. */
static int has_ctl(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20u || *s == 0x7f)
            return 1;
    return 0;
}

/* Walk template t as debug part `part`, then end the part. */
static void run(rq_w *w, const char *t, int part)
{
    w->part = part;
    walk(w, t);
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
    const char *u;
    rq_w w;
    int rc = TT_OK;

    w_init(&w, rq);
    w.hex = hex;
    hex[64] = '\0';
    w.sha = &hm.inner;
    tt_sha256_init(w.sha);
    walk(&w, SUB[SUB_MEMBER]);
    rq->body_len = w.count;
    if (w.rc)
        return w.rc;
    hex_digest(&w, hex);

    if (c->access_key_id) {
        tt_str k[4]; /* secret, date8, region, service (tt_sigv4_hmac_init()) */
        uint8_t mac[32];
        if (!c->access_key_id[0] || !c->secret_access_key[0])
            return TT_ERR_SIGV4_NO_CREDENTIALS;
        if (!c->region[0])
            return TT_ERR_INVALID_ARG;
#if TT_SIGV4_FULL
        { /* (TT_SIGV4_FULL 0: tt_client_init() accepts only plain paths) */
            tt_str p;
            p.ptr = c->path;
            p.len = strlen(p.ptr);
            rc = tt_sigv4_hash_path(NULL, p, NULL, NULL);
        }
#endif
        if (rc == TT_OK && ((has_token(c) && has_ctl(c->session_token)) ||
                            has_ctl(c->access_key_id) || has_ctl(c->region)))
            rc = TT_ERR_INVALID_ARG;
        if (rc == TT_OK)
            rc = tt_time_format_amz(rq->epoch_s, rq->amz_date);
        if (rc != TT_OK)
            return rc;
        w.dbg = TT_DEBUG ? debug : NULL;
        w.user = user;
        w.canon = 1;
        tt_sha256_init(w.sha);
        run(&w, T_CANON, TT_SIGV4_DEBUG_CANONICAL_REQUEST);
        hex_digest(&w, hex);

        k[0].ptr = c->secret_access_key;
        k[0].len = strlen(k[0].ptr);
        k[1].ptr = rq->amz_date;
        k[1].len = 8;
        k[2].ptr = c->region;
        k[2].len = strlen(k[2].ptr);
        k[3].ptr = SUB[0] + 4; /* "mturk-requester" in the scope template */
        k[3].len = 15;
        tt_sigv4_hmac_init(&hm, k, cache);
        w.canon = 0;
        run(&w, T_STS, TT_SIGV4_DEBUG_STRING_TO_SIGN);
        tt_hmac_sha256_final(&hm, mac); /* zeroizes hm */
        tt_hex_lower(mac, 32, rq->signature);
        rq->signature[64] = '\0';
        tt_zeroize(mac, sizeof mac);
    }
    /* The one header value from outside not checked yet (the token, key id
     * and region are, above; host and path by the client): it must not end
     * the line (header injection) nor hold other control bytes. */
    for (u = c->user_agent; *u; u++) {
        unsigned ch = (unsigned char)*u;
        if (ch == '\r' || ch == '\n')
            return TT_ERR_HTTP_HEADER_INJECTION;
        if ((ch < 0x20u && ch != '\t') || ch == 0x7fu)
            rc = TT_ERR_HTTP_BAD_REQUEST_HEADER;
    }
    return rc;
}

int tt_request_write(const tt_request *rq, tt_http_sink sink, void *ctx,
                     tt_sigv4_debug_fn debug, void *user)
{
    rq_w w;
    w_init(&w, rq);
    w.sink = sink;
    w.ctx = ctx;
    w.dbg = TT_DEBUG ? debug : NULL;
    w.user = user;
    run(&w, T_WIRE, TT_REQUEST_DEBUG_LINE);
    return w.rc;
}
