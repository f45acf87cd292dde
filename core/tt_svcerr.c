/* tt_svcerr.c - JSON 1.1 error body parser and code classifiers. */
#include <string.h>

#include "tt_json.h"
#include "tt_svcerr.h"

enum { K_OTHER = 0, K_TYPE, K_MESSAGE_LOWER, K_MESSAGE, K_TURK };

static int key_is(const tt_svcerr_parser *p, const char *name)
{
    size_t n = strlen(name);
    return !p->key_over && p->key_len == n && tt_bytes_eq(p->key, name, n);
}

/* The buffer, length and truncation bit of a member. */
static char *member_buf(tt_svcerr_parser *p, int role, size_t **len, size_t *cap, uint8_t *bit)
{
    if (role == K_TYPE) {
        *len = &p->code_len, *cap = sizeof p->code, *bit = TT_SVCERR_TRUNC_CODE;
        return p->code;
    }
    if (role == K_TURK) {
        *len = &p->turk_len, *cap = sizeof p->turk, *bit = TT_SVCERR_TRUNC_TURK;
        return p->turk;
    }
    *len = &p->message_len, *cap = sizeof p->message, *bit = TT_SVCERR_TRUNC_MESSAGE;
    return p->message;
}

static void put(tt_svcerr_parser *p, const unsigned char *b, size_t n)
{
    size_t i, *len, cap;
    uint8_t bit;
    char *buf = member_buf(p, p->sink, &len, &cap, &bit);

    for (i = 0; i < n; i++) {
        if (p->sink == K_TYPE && b[i] == '#') {
            /* keep only what follows the last '#' */
            *len = 0;
            p->full = 0;
            continue;
        }
        p->full++;
        if (*len + 1 < cap)
            buf[(*len)++] = (char)b[i];
    }
}

/* Cut a truncated value back to a whole UTF-8 character. */
static size_t utf8_trim(const char *s, size_t len)
{
    size_t i = len, need;
    unsigned char lead;

    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && len - i < 3)
        i--;
    if (i == 0)
        return len;
    lead = (unsigned char)s[i - 1];
    if (lead < 0xC0)
        return len; /* ASCII: every byte is whole */
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return (len - (i - 1) < need) ? i - 1 : len;
}

static void set_has(tt_svcerr_parser *p, int role, uint8_t v)
{
    if (role == K_TYPE)
        p->has_code = v;
    else if (role == K_TURK)
        p->has_turk = v;
    else
        p->has_message = v, p->message_lower = (uint8_t)(v && role == K_MESSAGE_LOWER);
}

/* A member value starts: a string is read; anything else makes it absent
 * (the last occurrence of a key wins). */
static void member_begin(tt_svcerr_parser *p, int is_string)
{
    size_t *len, cap;
    uint8_t bit;
    char *buf = member_buf(p, p->key_role, &len, &cap, &bit);

    *len = 0;
    buf[0] = '\0';
    p->truncated = (uint8_t)(p->truncated & ~bit);
    set_has(p, p->key_role, 0);
    p->full = 0;
    if (is_string)
        p->sink = p->key_role;
}

static void member_end(tt_svcerr_parser *p)
{
    size_t *len, cap;
    uint8_t bit;
    char *buf = member_buf(p, p->sink, &len, &cap, &bit);

    if (p->full > *len) {
        *len = utf8_trim(buf, *len);
        p->truncated = (uint8_t)(p->truncated | bit);
    }
    buf[*len] = '\0';
    set_has(p, p->sink, 1);
    p->sink = K_OTHER;
}

static int on_event(tt_svcerr_parser *p, int ev)
{
    const tt_json_scanner *js = &p->js;
    int prim = ev & (int)TT_JSON_EV_MASK;

    switch (prim) {
    case TT_JSON_EV_NONE:
        return TT_OK;
    case TT_JSON_EV_KEY_BEGIN:
        p->key_len = 0;
        p->key_over = 0;
        return TT_OK;
    case TT_JSON_EV_KEY_DATA:
        if (js->depth == 1) {
            if ((size_t)p->key_len + js->out_len > sizeof p->key) {
                p->key_over = 1;
            } else {
                memcpy(p->key + p->key_len, js->out, js->out_len);
                p->key_len = (uint8_t)(p->key_len + js->out_len);
            }
        }
        return TT_OK;
    case TT_JSON_EV_KEY_END:
        p->key_role = K_OTHER;
        if (js->depth != 1)
            return TT_OK;
        if (key_is(p, "__type"))
            p->key_role = K_TYPE;
        else if (key_is(p, "message"))
            p->key_role = K_MESSAGE_LOWER;
        else if (key_is(p, "Message"))
            p->key_role = K_MESSAGE;
        else if (key_is(p, "TurkErrorCode"))
            p->key_role = K_TURK;
        /* `message` beats `Message` whatever the order (botocore) */
        if (p->key_role == K_MESSAGE && p->message_lower)
            p->key_role = K_OTHER;
        return TT_OK;
    case TT_JSON_EV_STR_DATA:
        if (p->sink != K_OTHER)
            put(p, js->out, js->out_len);
        return TT_OK;
    case TT_JSON_EV_STR_END:
        if (p->sink != K_OTHER)
            member_end(p);
        return TT_OK;
    case TT_JSON_EV_OBJ_END:
    case TT_JSON_EV_ARR_END:
    case TT_JSON_EV_NUM_DATA:
        return TT_OK;
    default: /* a value begins */
        if (js->vdepth == 0)
            return prim == TT_JSON_EV_OBJ_BEGIN ? TT_OK : TT_ERR_JSON_SYNTAX;
        if (js->vdepth == 1 && p->key_role != K_OTHER)
            member_begin(p, prim == TT_JSON_EV_STR_BEGIN);
        return TT_OK;
    }
}

void tt_svcerr_init(tt_svcerr_parser *p)
{
    memset(p, 0, sizeof *p);
    tt_json_init(&p->js);
}

int tt_svcerr_feed(tt_svcerr_parser *p, const void *data, size_t len)
{
    const unsigned char *b = (const unsigned char *)data;
    size_t i;
    int ev;

    if (p->err)
        return p->err;
    if (!b && len)
        return p->err = TT_ERR_INVALID_ARG;
    for (i = 0; i < len; i++) {
        ev = tt_json_byte(&p->js, b[i]);
        if (ev < 0 || on_event(p, ev) != TT_OK)
            return p->err = TT_ERR_JSON_SYNTAX;
    }
    return TT_OK;
}

static tt_str mk(const char *ptr, size_t len)
{
    tt_str s;
    s.ptr = ptr;
    s.len = len;
    return s;
}

int tt_svcerr_finish(tt_svcerr_parser *p, tt_svcerr *out)
{
    memset(out, 0, sizeof *out);
    out->code = out->message = out->turk_error_code = mk("", 0);
    if (!p->err && tt_json_end(&p->js) != TT_OK)
        p->err = TT_ERR_JSON_SYNTAX; /* truncated, empty, or a bare number */
    if (p->err)
        return p->err;
    if (p->has_code)
        out->code = mk(p->code, p->code_len), out->has_code = 1;
    if (p->has_message)
        out->message = mk(p->message, p->message_len), out->has_message = 1;
    if (p->has_turk)
        out->turk_error_code = mk(p->turk, p->turk_len), out->has_turk_error_code = 1;
    out->truncated = p->truncated;
    return TT_OK;
}

int tt_svcerr_parse(tt_svcerr_parser *p, const void *body, size_t len, tt_svcerr *out)
{
    tt_svcerr_init(p);
    (void)tt_svcerr_feed(p, body, len); /* errors are sticky: finish returns them */
    return tt_svcerr_finish(p, out);
}

static int in_list(tt_str code, const char *const *list, size_t n)
{
    size_t i, l;
    if (!code.ptr)
        return 0;
    for (i = 0; i < n; i++) {
        l = strlen(list[i]);
        if (code.len == l && tt_bytes_eq(code.ptr, list[i], l))
            return 1;
    }
    return 0;
}

static const char *const tt_throttling_codes[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

static const char *const tt_transient_codes[] = {
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
};

static const char *const tt_skew_codes[] = {
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "AuthFailure",
};

static const char *const tt_skew_if_hinted[] = {
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
};

static const char *const tt_skew_hints[] = {
    "expired",
    "not yet current",
    "skew",
    "in the future",
};

#define TT_COUNT(a) (sizeof(a) / sizeof((a)[0]))

int tt_svcerr_is_throttling(tt_str code)
{
    return in_list(code, tt_throttling_codes, TT_COUNT(tt_throttling_codes));
}

int tt_svcerr_is_transient(tt_str code)
{
    return in_list(code, tt_transient_codes, TT_COUNT(tt_transient_codes));
}

int tt_svcerr_is_retryable(tt_str code)
{
    return tt_svcerr_is_throttling(code) || tt_svcerr_is_transient(code);
}

static unsigned char lower(unsigned char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

/* ASCII case-insensitive substring test. */
static int contains_ci(tt_str hay, const char *needle)
{
    size_t n = strlen(needle), i, j;
    if (!hay.ptr || hay.len < n)
        return 0;
    for (i = 0; i + n <= hay.len; i++) {
        for (j = 0; j < n; j++)
            if (lower((unsigned char)hay.ptr[i + j]) != (unsigned char)needle[j])
                break;
        if (j == n)
            return 1;
    }
    return 0;
}

int tt_svcerr_is_clock_skew(tt_str code, tt_str message)
{
    size_t i;

    if (in_list(code, tt_skew_codes, TT_COUNT(tt_skew_codes)))
        return 1;
    if (!in_list(code, tt_skew_if_hinted, TT_COUNT(tt_skew_if_hinted)))
        return 0;
    for (i = 0; i < TT_COUNT(tt_skew_hints); i++)
        if (contains_ci(message, tt_skew_hints[i]))
            return 1;
    return 0;
}
