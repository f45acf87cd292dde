/* tt_svcerr.c - JSON 1.1 error body parser and code classifiers. */
#include <string.h>

#include "tt_json.h"
#include "tt_svcerr.h"

/* Roles: the index of the key in k_keys; member m = (role + 1) / 2 (0 code,
 * 1 message, 2 turk); its truncation bit is 1 << m. */
enum { K_TYPE = 0, K_MESSAGE_LOWER, K_MESSAGE, K_TURK, K_OTHER };
static const char k_keys[] = "__type\0message\0Message\0TurkErrorCode\0";

#define MEMBER(role) (((unsigned)(role) + 1u) / 2u)

/* Member m's buffer and its size. */
static char *buf_of(tt_svcerr_parser *p, unsigned m, size_t *cap)
{
    *cap = m == 0 ? sizeof p->code : m == 1 ? sizeof p->message : sizeof p->turk;
    return m == 0 ? p->code : m == 1 ? p->message : p->turk;
}

/* Decoded bytes of the open value (valid UTF-8: the scanner checked it).
 * A character is kept only whole and only while every byte before it was:
 * a cut value ends at a character boundary.  full counts every byte, so
 * full > len once anything was dropped. */
static void put(tt_svcerr_parser *p, const unsigned char *b, size_t n)
{
    unsigned m = MEMBER(p->sink);
    size_t cap, *len = &p->len[m];
    char *buf = buf_of(p, m, &cap);

    for (; n--; b++) {
        unsigned c = *b, k;
        if (p->sink == K_TYPE && c == '#') {
            /* keep only what follows the last '#' */
            *len = p->full = 0;
            continue;
        }
        /* bytes of the character c starts (0: a continuation byte) */
        k = (c & 0xC0u) == 0x80u ? 0u : c < 0x80u ? 1u : c >= 0xF0u ? 4u : c >= 0xE0u ? 3u : 2u;
        if (p->full == *len && *len + k < cap)
            buf[(*len)++] = (char)c;
        p->full++;
    }
}

/* The open value is complete. */
static void member_end(tt_svcerr_parser *p)
{
    unsigned m = MEMBER(p->sink);
    size_t cap;

    p->truncated = (uint8_t)((p->truncated & ~(1u << m)) | (p->full > p->len[m] ? 1u << m : 0u));
    buf_of(p, m, &cap)[p->len[m]] = '\0';
    p->has = (uint8_t)(p->has | (1u << m));
    if (m == 1)
        p->message_lower = (uint8_t)(p->sink == K_MESSAGE_LOWER);
    p->sink = K_OTHER;
}

static int on_event(tt_svcerr_parser *p, int ev)
{
    const tt_json_scanner *js = &p->js;
    int prim = ev & (int)TT_JSON_EV_MASK;
    unsigned m;

    switch (prim) {
    case TT_JSON_EV_KEY_BEGIN:
        p->key_len = 0;
        break;
    case TT_JSON_EV_KEY_DATA:
        if (p->key_len + (size_t)js->out_len <= sizeof p->key) {
            memcpy(p->key + p->key_len, js->out, js->out_len);
            p->key_len = (uint8_t)(p->key_len + js->out_len);
        } else {
            p->key_len = 0xFF; /* no key we want is this long */
        }
        break;
    case TT_JSON_EV_KEY_END:
        p->role = K_OTHER;
        if (js->depth == 1) {
            int k = tt_json_key_index(k_keys, p->key, p->key_len);
            /* `message` beats `Message` whatever the order (botocore) */
            if (k >= 0 && !(k == K_MESSAGE && p->message_lower))
                p->role = (uint8_t)k;
        }
        break;
    case TT_JSON_EV_STR_DATA:
        if (p->sink != K_OTHER)
            put(p, js->out, js->out_len);
        break;
    case TT_JSON_EV_STR_END:
        if (p->sink != K_OTHER)
            member_end(p);
        break;
    case TT_JSON_EV_NONE:
    case TT_JSON_EV_OBJ_END:
    case TT_JSON_EV_ARR_END:
    case TT_JSON_EV_NUM_DATA:
        break;
    default: /* a value begins */
        if (js->vdepth == 0)
            return prim == TT_JSON_EV_OBJ_BEGIN ? TT_OK : TT_ERR_JSON_SYNTAX;
        if (js->vdepth == 1 && p->role != K_OTHER) {
            /* the last occurrence wins: absent until a string completes
             * (and `truncated` counts only for present members) */
            m = MEMBER(p->role);
            p->has = (uint8_t)(p->has & ~(1u << m));
            if (m == 1)
                p->message_lower = 0;
            if (prim == TT_JSON_EV_STR_BEGIN) {
                p->sink = p->role;
                p->len[m] = p->full = 0;
            }
        }
    }
    return TT_OK;
}

void tt_svcerr_init(tt_svcerr_parser *p)
{
    memset(p, 0, sizeof *p);
    tt_json_init(&p->js);
    p->role = p->sink = K_OTHER;
}

int tt_svcerr_feed(tt_svcerr_parser *p, const void *data, size_t len)
{
    const unsigned char *b = (const unsigned char *)data;
    int ev;

    if (!p->err && !b && len)
        p->err = TT_ERR_INVALID_ARG;
    while (!p->err && len--) {
        ev = tt_json_byte(&p->js, *b++);
        if (ev < 0 || on_event(p, ev) != TT_OK)
            p->err = TT_ERR_JSON_SYNTAX;
    }
    return p->err;
}

/* Member m as the caller sees it: absent (or after an error) "". */
static tt_str member_str(const char *buf, size_t len, int has)
{
    tt_str s;
    s.ptr = has ? buf : "";
    s.len = has ? len : 0;
    return s;
}

int tt_svcerr_finish(tt_svcerr_parser *p, tt_svcerr *out)
{
    unsigned has;

    if (!p->err && tt_json_end(&p->js) != TT_OK)
        p->err = TT_ERR_JSON_SYNTAX; /* truncated, empty, or a bare number */
    has = p->err ? 0u : p->has;
    out->has_code = (int)(has & 1u);
    out->has_message = (int)(has >> 1) & 1;
    out->has_turk_error_code = (int)(has >> 2);
    out->code = member_str(p->code, p->len[0], out->has_code);
    out->message = member_str(p->message, p->len[1], out->has_message);
    out->turk_error_code = member_str(p->turk, p->len[2], out->has_turk_error_code);
    out->truncated = p->truncated & has;
    return p->err;
}

int tt_svcerr_parse(tt_svcerr_parser *p, const void *body, size_t len, tt_svcerr *out)
{
    tt_svcerr_init(p);
    (void)tt_svcerr_feed(p, body, len); /* errors are sticky: finish returns them */
    return tt_svcerr_finish(p, out);
}

/*
 * The codes the classifiers know, each after a byte >= 0x80 of its classes:
 * C_THROTTLE, C_TRANSIENT, C_SKEW, C_SKEW_HINTED, and how the name matches:
 * C_EXC_TOO = the name and the name + "Exception", C_EXC_ONLY = only the
 * name + "Exception" (neither: only the name).
 */
#define C_THROTTLE "\201"
#define C_TRANSIENT "\202"
#define C_BOTH "\203"
#define C_SKEW "\204"
#define C_HINTED "\210"
#define C_THROTTLE_EXC_TOO "\221"
#define C_TRANSIENT_EXC_TOO "\222"
#define C_THROTTLE_EXC_ONLY "\241"
#define C_HINTED_EXC_ONLY "\250"
static const char tt_svcerr_codes[] =
    /* botocore standard mode's throttled list */
    C_THROTTLE_EXC_TOO "Throttling" C_THROTTLE_EXC_ONLY "Throttled"
    C_THROTTLE_EXC_TOO "RequestThrottled" C_THROTTLE_EXC_ONLY "TooManyRequests"
    C_THROTTLE_EXC_ONLY "ProvisionedThroughputExceeded" C_THROTTLE_EXC_ONLY "TransactionInProgress"
    C_THROTTLE "RequestLimitExceeded" C_THROTTLE "BandwidthLimitExceeded"
    C_THROTTLE_EXC_ONLY "LimitExceeded" C_THROTTLE "SlowDown" C_THROTTLE_EXC_ONLY "EC2Throttled"
    /* throttled and transient */
    C_BOTH "PriorRequestNotComplete"
    /* transient */
    C_TRANSIENT_EXC_TOO "RequestTimeout"
    /* the SDKs' clock-skew list */
    C_SKEW "RequestTimeTooSkewed" C_SKEW "RequestExpired" C_SKEW "RequestInTheFuture"
    C_SKEW "AuthFailure" C_HINTED_EXC_ONLY "InvalidSignature" C_HINTED "SignatureDoesNotMatch";

/* The class bits of an error code (0: none). */
static unsigned code_class(tt_str code)
{
    const unsigned char *p = (const unsigned char *)tt_svcerr_codes, *q;
    unsigned f;
    size_t n;

    if (!code.ptr)
        return 0;
    while ((f = *p++) != 0) {
        for (q = p; *p && *p < 0x80; p++)
            ;
        n = (size_t)(p - q);
        if (n > code.len || memcmp(q, code.ptr, n) != 0)
            continue;
        if (n == code.len ? !(f & 0x20)
                          : (f & 0x30) && code.len - n == 9 && memcmp(code.ptr + n, "Exception", 9) == 0)
            return f;
    }
    return 0;
}

int tt_svcerr_is_throttling(tt_str code)
{
    return (int)(code_class(code) & 1u);
}

int tt_svcerr_is_transient(tt_str code)
{
    return (code_class(code) & 2u) != 0;
}

int tt_svcerr_is_retryable(tt_str code)
{
    return (code_class(code) & 3u) != 0;
}

/* Words that make InvalidSignatureException / SignatureDoesNotMatch a
 * clock problem (matched case-insensitively). */
static const char tt_skew_hints[] = "expired\0not yet current\0skew\0in the future\0";

int tt_svcerr_is_clock_skew(tt_str code, tt_str message)
{
    unsigned c = code_class(code);
    const char *h;
    size_t n, i, j;

    if (c & 4u)
        return 1;
    if (!(c & 8u) || !message.ptr)
        return 0;
    for (h = tt_skew_hints; (n = strlen(h)) != 0; h += n + 1)
        for (i = 0; i + n <= message.len; i++) {
            for (j = 0; j < n; j++) {
                unsigned char ch = (unsigned char)message.ptr[i + j];
                if ((ch >= 'A' && ch <= 'Z' ? ch + 32u : ch) != (unsigned char)h[j])
                    break;
            }
            if (j == n)
                return 1;
        }
    return 0;
}
