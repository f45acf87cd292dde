/* tt_svcerr.c - JSON 1.1 error body parser and code classifiers. */
#include <stddef.h>
#include <string.h>

#include "tt_json.h"
#include "tt_svcerr.h"

/*
 * What the open string (p->sink) is, or the key just read names: roles.
 * The value of role r goes to member m = r & 3: 0 code, 1 message (from
 * `Message`, or from `message`: role 1 | K_LOWER), 2 turk; member 3 is the
 * key being read.  Member m's truncation bit and presence bit (p->has) are
 * 1 << m; K_LOWER in p->has says the message came from `message`.
 */
enum { K_TYPE = 0, K_MESSAGE, K_TURK, K_KEY, K_OTHER, K_LOWER = 8 };
/* (tt_json_key_index order: role k, but `message` (3) is K_MESSAGE | K_LOWER) */
static const char k_keys[] = "__type\0Message\0TurkErrorCode\0message\0";

#define MEMBER(r) ((unsigned)(r) & 3u)

/* Events that begin a value: OBJ_BEGIN, ARR_BEGIN, STR_BEGIN, NUM_BEGIN and
 * the three literals. */
#define VALUE_BEGINS                                                                              \
    (1u << TT_JSON_EV_OBJ_BEGIN | 1u << TT_JSON_EV_ARR_BEGIN | 1u << TT_JSON_EV_STR_BEGIN |         \
     1u << TT_JSON_EV_NUM_BEGIN | 1u << TT_JSON_EV_TRUE | 1u << TT_JSON_EV_FALSE | 1u << TT_JSON_EV_NULL)

/* One scanner event (its kind, e < 16); nonzero = not an error body. */
static int on_event(tt_svcerr_parser *p, unsigned e)
{
    const tt_json_scanner *js = &p->js;
    unsigned r = p->sink, m, bit, i, t;
    char *buf;
    size_t len, cap;
    int k;

    if (e == TT_JSON_EV_KEY_BEGIN)
        r = p->sink = K_KEY;
    if (r == K_OTHER) /* only the root must be checked: an object */
        return (VALUE_BEGINS >> e & 1u) && js->vdepth == 0 && e != TT_JSON_EV_OBJ_BEGIN;
    /* inside a key, or a key we want was read: its value's events */
    m = MEMBER(r);
    bit = 1u << m;
    buf = m < 3u ? p->base + p->layout->off[m] : p->key;
    cap = m < 3u ? p->layout->cap[m] : sizeof p->key;
    len = p->len[m];
    t = p->truncated;
    if (e == TT_JSON_EV_KEY_END) {
        k = js->depth == 1 && !(t & bit) ? tt_json_key_index(k_keys, buf, len) : -1;
        /* `message` beats `Message` whatever the order (botocore) */
        p->sink = (uint8_t)(k < 0 || (k == K_MESSAGE && (p->has & K_LOWER)) ? K_OTHER
                            : k == 3 ? K_MESSAGE | K_LOWER : (unsigned)k);
        return 0;
    }
    if (e == TT_JSON_EV_STR_END) {
        p->has = (uint8_t)(p->has | bit | (r & K_LOWER));
        p->sink = K_OTHER;
        return 0;
    }
    if ((1u << TT_JSON_EV_KEY_DATA | 1u << TT_JSON_EV_STR_DATA) >> e & 1u) {
        /* Decoded bytes (valid UTF-8: the scanner checked it).  Once one
         * does not fit, the rest of the value is dropped and so is the
         * part of its character that did fit: a cut value ends at a
         * character boundary. */
        for (i = 0; i < js->out_len; i++) {
            unsigned c = js->out[i];
            if (r == K_TYPE && c == '#') { /* keep only what follows the last '#' */
                len = 0;
                t &= ~bit;
            } else if (t & bit) {
                /* dropped */
            } else if (len + 1u < cap) {
                buf[len++] = (char)c;
            } else {
                t |= bit;
                if ((c & 0xC0u) == 0x80u) /* c continues a character: drop its start */
                    while (((unsigned char)buf[--len] & 0xC0u) == 0x80u)
                        ;
            }
        }
    } else if (e != TT_JSON_EV_KEY_BEGIN) {
        if (e == TT_JSON_EV_NONE)
            return 0;
        /* the value of a key we want begins: the last occurrence wins,
         * the member is absent (and empty) until a string completes */
        p->has = (uint8_t)(p->has & ~(bit | (r & K_LOWER)));
        if (e != TT_JSON_EV_STR_BEGIN)
            p->sink = K_OTHER;
        len = 0;
        t &= ~bit;
    } else { /* a key begins */
        len = 0;
        t &= ~bit;
    }
    buf[len] = '\0';
    p->len[m] = len;
    p->truncated = (uint8_t)t;
    return 0;
}

void tt_svcerr_init(tt_svcerr_parser *p, void *base, const tt_svcerr_layout *layout)
{
    memset(p, 0, sizeof *p);
    tt_json_init(&p->js);
    p->sink = K_OTHER;
    p->base = (char *)base;
    p->layout = layout;
}

int tt_svcerr_feed(tt_svcerr_parser *p, const void *data, size_t len)
{
    const unsigned char *b = (const unsigned char *)data;
    int ev;

    if (TT_ARG_CHECKS && !b && len && !p->err)
        p->err = TT_ERR_INVALID_ARG;
    for (; len && !p->err; len--) {
        ev = tt_json_byte(&p->js, *b++);
        if (ev < 0 || on_event(p, (unsigned)ev & TT_JSON_EV_MASK))
            p->err = TT_ERR_JSON_SYNTAX;
    }
    return p->err;
}

/* Where a code's hash sits in tt_svcerr_codes; its class bits there. */
/* (Inline: each device image calls them once, from tt_svcerr_end().) */
#if defined(__GNUC__)
#define TT_SVCERR_INLINE __attribute__((always_inline)) inline
#else
#define TT_SVCERR_INLINE
#endif
static TT_SVCERR_INLINE unsigned code_index(const char *code, size_t len);
static TT_SVCERR_INLINE unsigned code_class(unsigned c, const char *msg, size_t len);

int tt_svcerr_end(tt_svcerr_parser *p, unsigned *cls)
{
    unsigned has, m;
    char *buf;

    if (!p->err && tt_json_end(&p->js) != TT_OK)
        p->err = TT_ERR_JSON_SYNTAX; /* truncated, empty, or a bare number */
    if (p->err) /* nothing is present */
        p->has = p->truncated = 0;
    /* an absent member is "" (also one never begun: its buffer is ours) */
    has = p->has;
    for (m = 0; m < 3; m++) {
        buf = p->base + p->layout->off[m];
        if (!(has & 1u << m))
            buf[p->len[m] = 0] = '\0';
    }
    buf = p->base;
    *cls = has & 1u ? TT_SVCERR_HAS_CODE
                          | code_class(code_index(buf + p->layout->off[0], p->len[0]),
                                       buf + p->layout->off[1], p->len[1])
                    : 0u;
    return p->err;
}

int tt_svcerr_finish(tt_svcerr_parser *p, tt_svcerr *out)
{
    unsigned cls, has;
    int rc = tt_svcerr_end(p, &cls);
    char *base = p->base;
    const tt_svcerr_layout *l = p->layout;

    has = p->has;
    out->code.ptr = base + l->off[0];
    out->code.len = p->len[0];
    out->message.ptr = base + l->off[1];
    out->message.len = p->len[1];
    out->turk_error_code.ptr = base + l->off[2];
    out->turk_error_code.len = p->len[2];
    out->has_code = (int)(has & 1u);
    out->has_message = (int)(has >> 1 & 1u);
    out->has_turk_error_code = (int)(has >> 2 & 1u);
    out->truncated = p->truncated & 7u;
    return rc;
}

int tt_svcerr_parse(tt_svcerr_parser *p, void *base, const tt_svcerr_layout *layout,
                    const void *body, size_t len, tt_svcerr *out)
{
    tt_svcerr_init(p, base, layout);
    (void)tt_svcerr_feed(p, body, len); /* errors are sticky: finish returns them */
    return tt_svcerr_finish(p, out);
}

/*
 * The codes the classifiers know, as 32-bit FNV-1a hashes of their exact
 * names (each "...Exception" form listed on its own), grouped by class; the
 * class of a code is where its hash sits.  A hash instead of the names:
 * 88 bytes instead of 330.  A code not listed could only be taken for one
 * that is by a full 32-bit collision (about 5 in 10^9 for a random name);
 * tests/unit/test_svcerr.c checks that every listed name maps to its
 * classes and that none of the 232 000 names one edit away from them (a
 * byte changed, dropped, added, two swapped, case changed, "Exception"
 * added or removed) does; tests/integration/test_svcerr_codes.py that the
 * table holds the names' hashes and that none of the 2 556 error codes of
 * botocore's service models (nor their "Exception" variants) collides.
 */
#define N_THROTTLE 13 /* [0, 14): throttling (13: also transient) */
#define I_TRANSIENT 13 /* [13, 16): transient */
#define I_SKEW 16      /* [16, 20): clock skew; [20, 22): clock skew when hinted */
#define I_HINTED 20
#define N_CODES 22
static const uint32_t tt_svcerr_codes[N_CODES] = {
    /* botocore standard mode's throttled list */
    0xc5e7e7b6u, /* Throttling */
    0xf6dba8bfu, /* ThrottlingException */
    0xf1c94a24u, /* ThrottledException */
    0xa1cfcfb6u, /* RequestThrottled */
    0xe1fce0bfu, /* RequestThrottledException */
    0xe528ff31u, /* TooManyRequestsException */
    0x3966a177u, /* ProvisionedThroughputExceededException */
    0x078d934cu, /* TransactionInProgressException */
    0x8301f2e0u, /* RequestLimitExceeded */
    0x311356a0u, /* BandwidthLimitExceeded */
    0x3a8659e2u, /* LimitExceededException */
    0x8617cfe4u, /* SlowDown */
    0x4d2a8a30u, /* EC2ThrottledException */
    /* throttled and transient */
    0x641f7636u, /* PriorRequestNotComplete */
    /* transient */
    0x677d3505u, /* RequestTimeout */
    0x3c1e3196u, /* RequestTimeoutException */
    /* the SDKs' clock-skew list */
    0x2ee5c0d8u, /* RequestTimeTooSkewed */
    0xce7c51d3u, /* RequestExpired */
    0x6afdaa5bu, /* RequestInTheFuture */
    0x95bd8c77u, /* AuthFailure */
    /* clock skew when the message hints at time */
    0xdc750dd3u, /* InvalidSignatureException */
    0xb91adfd2u, /* SignatureDoesNotMatch */
};

/* Where code's hash sits in tt_svcerr_codes, N_CODES when it is not there. */
static TT_SVCERR_INLINE unsigned code_index(const char *code, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    size_t i;

    for (i = 0; i < len; i++) /* {NULL, 0}: no bytes */
        h = (h ^ (unsigned char)code[i]) * 16777619u;
    for (i = 0; i < N_CODES && tt_svcerr_codes[i] != h; i++)
        ;
    return (unsigned)i;
}

int tt_svcerr_is_throttling(tt_str code)
{
    return code_index(code.ptr, code.len) <= N_THROTTLE;
}

int tt_svcerr_is_transient(tt_str code)
{
    return code_index(code.ptr, code.len) - I_TRANSIENT < 3u;
}

int tt_svcerr_is_retryable(tt_str code)
{
    return code_index(code.ptr, code.len) < I_SKEW;
}

/* Words that make InvalidSignatureException / SignatureDoesNotMatch a
 * clock problem (matched case-insensitively), NUL-terminated, then "". */
static const char tt_skew_hints[] = "expired\0not yet current\0skew\0in the future\0";

/* TT_SVCERR_RETRYABLE, TT_SVCERR_CLOCK_SKEW of the code at index c. */
static TT_SVCERR_INLINE unsigned code_class(unsigned c, const char *msg, size_t len)
{
    const char *h;
    size_t i, j;

    if (c < I_SKEW)
        return TT_SVCERR_RETRYABLE;
    if (c - I_SKEW < 4u)
        return TT_SVCERR_CLOCK_SKEW;
    if (c - I_HINTED >= 2u)
        return 0;
    for (i = 0; i < len; i++) /* {NULL, 0}: none */
        for (h = tt_skew_hints, j = 0; *h != 0;) {
            if (h[j] == 0)
                return TT_SVCERR_CLOCK_SKEW; /* a whole word matched at i */
            /* ASCII letters fold to lower case; a NUL must not pass for ' ' */
            if (i + j < len && msg[i + j] != 0 && (msg[i + j] | 0x20) == h[j]) {
                j++;
            } else { /* the next word */
                while (*h++ != 0)
                    ;
                j = 0;
            }
        }
    return 0;
}

int tt_svcerr_is_clock_skew(tt_str code, tt_str message)
{
    return code_class(code_index(code.ptr, code.len), message.ptr, message.len) == TT_SVCERR_CLOCK_SKEW;
}
