/*
 * tt_qfa.c - QuestionFormAnswers decoder (see tt_qfa.h).
 *
 * One byte at a time: a UTF-8 / XML-character filter and the line-end
 * normalisation run first, then a lexer state machine (step()) whose
 * states each remember exactly what the next byte may be.  Element names
 * of the open elements and declared prefixes live in d->names (a stack;
 * prefixes of attributes, checked when their tag closes, sit at its top
 * end), so end tags are compared byte for byte, never by hash.
 */
#include <string.h>

#include "tt_qfa.h"

enum {
    S_START, S_BOM1, S_BOM2, S_TEXT, S_LT, S_BANG, S_COM_OPEN, S_COMMENT, S_COM_D1, S_COM_D2,
    S_CDATA_KW, S_CDATA, S_CDATA_B1, S_CDATA_B2, S_PI_TARGET, S_PI_TQ, S_PI_BODY, S_PI_Q, S_DECL,
    S_DECL_Q,
    S_STAG_NAME, S_STAG_WS, S_ATTR_NAME, S_ATTR_EQ, S_ATTR_Q, S_ATTR_VAL, S_AFTER_ATTR,
    S_EMPTY_SLASH, S_ETAG_NAME, S_ETAG_WS, S_REF, S_EREF, S_CREF, S_CREF_X, S_CREF_DEC, S_CREF_HEX
};

/* the struct's field widths (tt_qfa.h) bound the options (tt_config.h) */
typedef char tt_qfa_limits_check[(TT_QFA_NAME_BYTES >= 16 && TT_QFA_NAME_BYTES <= 65535 &&
                                  TT_QFA_MAX_DEPTH >= 3 && TT_QFA_MAX_DEPTH <= 255 &&
                                  TT_QFA_MAX_NS >= 1 && TT_QFA_MAX_NS <= 255)
                                     ? 1
                                     : -1];

/* fr[].kind: K_LEAF + tt_qfa_kind for value elements */
enum { K_ROOT = 1, K_ANSWER, K_SKIP, K_LEAF };

/* namespace classes of a name */
enum { NS_NONE = 0, NS_QFA, NS_OTHER };

/* namespace names matched incrementally in xmlns attribute values */
static const char *const ns_uri[3] = {TT_QFA_NAMESPACE, "http://www.w3.org/XML/1998/namespace",
                                      "http://www.w3.org/2000/xmlns/"};
static const uint8_t ns_uri_len[3] = {sizeof TT_QFA_NAMESPACE - 1, 36, 29};

static const char *const kind_names[TT_QFA_KIND_COUNT] = {
    "QuestionIdentifier", "FreeText",          "SelectionIdentifier",
    "OtherSelectionText", "UploadedFileSizeInBytes", "UploadedFileKey"};

const char *tt_qfa_kind_name(tt_qfa_kind k)
{
    return (unsigned)k < (unsigned)TT_QFA_KIND_COUNT ? kind_names[k] : NULL;
}

static int is_ws(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Non-ASCII bytes are accepted in names without classifying the code
 * point (documented in tt_qfa.h). */
static int name_start(unsigned c)
{
    return ((c | 0x20u) >= 'a' && (c | 0x20u) <= 'z') || c == '_' || c >= 0x80;
}

static int name_char(unsigned c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}

/* Namespaces 1.0 QName: at most one ':', neither first nor last, and the
 * local part starts like a name.  Returns the colon's index, 0 when there
 * is none, -1 when malformed. */
static int qname_colon(const char *s, size_t n)
{
    size_t i;
    int colon = 0;
    for (i = 0; i < n; i++) {
        if (s[i] != ':')
            continue;
        if (colon || i == 0 || i + 1 >= n || !name_start((unsigned char)s[i + 1]))
            return -1;
        colon = (int)i;
    }
    return colon;
}

static int fail(tt_qfa *d, int rc)
{
    d->err = rc;
    return rc;
}

void tt_qfa_init(tt_qfa *d, char *buf, size_t cap, tt_qfa_fn cb, void *ctx)
{
    if (!d)
        return;
    memset(d, 0, sizeof *d);
    d->cb = cb;
    d->ctx = ctx;
    d->buf = buf;
    d->cap = buf ? cap : 0;
    d->nchk = TT_QFA_NAME_BYTES;
    d->st = S_START;
    if (!cb)
        d->err = TT_ERR_INVALID_ARG;
}

size_t tt_qfa_error_offset(const tt_qfa *d)
{
    return d ? d->pos : 0;
}

/* ---- values ------------------------------------------------------------ */

/* A value that is still a slice of the input moves into the buffer. */
static int spill(tt_qfa *d)
{
    if (!d->vcontig)
        return TT_OK;
    if (!d->buf || d->vlen > d->cap - d->voff)
        return TT_ERR_QFA_VALUE_TOO_LONG;
    memcpy(d->buf + d->voff, d->vptr, d->vlen);
    d->vcontig = 0;
    return TT_OK;
}

/* Append byte c to the value; p is where it sits in the input when it is
 * the input byte itself (NULL when decoded), so runs stay slices. */
static int val_put(tt_qfa *d, unsigned c, const char *p)
{
    int rc;
    if (p) {
        if (d->vlen == 0) {
            d->vptr = p;
            d->vlen = 1;
            d->vcontig = 1;
            return TT_OK;
        }
        if (d->vcontig && d->vptr + d->vlen == p) {
            d->vlen++;
            return TT_OK;
        }
    }
    rc = spill(d);
    if (rc != TT_OK)
        return rc;
    if (!d->buf || d->cap - d->voff - d->vlen < 1)
        return TT_ERR_QFA_VALUE_TOO_LONG;
    d->buf[d->voff + d->vlen++] = (char)c;
    return TT_OK;
}

/* Append the input bytes p[0..n) (n > 0) to the value. */
static int val_run(tt_qfa *d, const char *p, size_t n)
{
    int rc;
    if (d->vlen == 0) {
        d->vptr = p;
        d->vlen = n;
        d->vcontig = 1;
        return TT_OK;
    }
    if (d->vcontig && d->vptr + d->vlen == p) {
        d->vlen += n;
        return TT_OK;
    }
    rc = spill(d);
    if (rc != TT_OK)
        return rc;
    if (!d->buf || n > d->cap - d->voff - d->vlen)
        return TT_ERR_QFA_VALUE_TOO_LONG;
    memcpy(d->buf + d->voff + d->vlen, p, n);
    d->vlen += n;
    return TT_OK;
}

/* Length of the run of plain ASCII text at p[0..n): bytes that need no
 * state change in a value (no markup, reference, CR, ']' or non-ASCII). */
static size_t plain_run(const char *p, size_t n)
{
    size_t j = 0;
    while (j < n) {
        unsigned char c = (unsigned char)p[j];
        if ((c < 0x20 && c != '\t' && c != '\n') || c >= 0x7F || c == '<' || c == '&' || c == ']')
            break;
        j++;
    }
    return j;
}

/* End of a feed: what still points into the input is copied. */
static int relocate(tt_qfa *d)
{
    if (d->qslice) {
        size_t vb = d->vcontig ? 0 : d->vlen; /* value bytes buffered at buf[0..) */
        if (!d->buf || d->qlen > d->cap || vb > d->cap - d->qlen)
            return TT_ERR_QFA_VALUE_TOO_LONG;
        if (vb)
            memmove(d->buf + d->qlen, d->buf, vb);
        memcpy(d->buf, d->qptr, d->qlen);
        d->qptr = d->buf;
        d->qslice = 0;
        d->voff = d->qlen;
    }
    return spill(d);
}

static int deliver(tt_qfa *d, unsigned kind, const char *v, size_t n, uint64_t size)
{
    tt_qfa_value x;
    x.kind = (tt_qfa_kind)kind;
    x.answer = d->answer;
    x.qid.ptr = d->qptr ? d->qptr : "";
    x.qid.len = d->qlen;
    x.value.ptr = v;
    x.value.len = n;
    x.size = size;
    return d->cb(d->ctx, &x) != 0 ? TT_ERR_CALLBACK_ABORT : TT_OK;
}

/* xs:long >= 0 with XML whitespace around it. */
static int parse_size(const char *s, size_t n, uint64_t *out)
{
    size_t i = 0;
    uint64_t v = 0;
    int digits = 0;
    while (i < n && is_ws((unsigned char)s[i]))
        i++;
    if (i < n && s[i] == '+')
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        unsigned dg = (unsigned)(s[i] - '0');
        if (v > (UINT64_C(0x7FFFFFFFFFFFFFFF) - dg) / 10)
            return TT_ERR_QFA_BAD_SIZE;
        v = v * 10 + dg;
        digits = 1;
    }
    while (i < n && is_ws((unsigned char)s[i]))
        i++;
    if (!digits || i != n)
        return TT_ERR_QFA_BAD_SIZE;
    *out = v;
    return TT_OK;
}

static int leaf_end(tt_qfa *d, unsigned kind)
{
    const char *v = d->vlen == 0 ? "" : d->vcontig ? d->vptr : d->buf + d->voff;
    size_t n = d->vlen;
    uint64_t size = 0;
    int rc;
    d->vlen = 0;
    if (kind == TT_QFA_QUESTION) {
        d->qptr = v;
        d->qlen = n;
        d->qslice = d->vcontig;
        if (!d->vcontig)
            d->voff = n; /* the identifier stays at buf[0..n) */
        d->vcontig = 0;
        d->have_qid = 1;
        return deliver(d, kind, v, n, 0);
    }
    d->vcontig = 0;
    if (kind == TT_QFA_FILE_SIZE) {
        rc = parse_size(v, n, &size);
        if (rc != TT_OK)
            return rc;
    }
    return deliver(d, kind, v, n, size);
}

/* ---- namespaces / elements --------------------------------------------- */

/* Class of prefix p[0..n) (n > 0), or -1 when unbound. */
static int ns_lookup(const tt_qfa *d, const char *p, size_t n)
{
    unsigned i = d->nns;
    while (i-- > 0)
        if (d->ns[i].len == n && memcmp(d->names + d->ns[i].off, p, n) == 0)
            return d->ns[i].cls;
    if (n == 3 && memcmp(p, "xml", 3) == 0)
        return NS_OTHER;
    return -1;
}

static int ns_default(const tt_qfa *d)
{
    unsigned i = d->nns;
    while (i-- > 0)
        if (d->ns[i].len == 0)
            return d->ns[i].cls;
    return NS_NONE;
}

static int end_element(tt_qfa *d)
{
    unsigned kind = d->fr[d->depth - 1].kind;
    int rc = TT_OK;
    if (kind >= K_LEAF) {
        rc = leaf_end(d, kind - K_LEAF);
    } else if (kind == K_ANSWER) {
        if (!d->have_qid)
            return TT_ERR_QFA_NO_QID;
        d->have_qid = 0;
        d->seen = 0;
        d->qptr = NULL;
        d->qlen = 0;
        d->qslice = 0;
        d->voff = 0;
        d->answer++;
    } else if (kind == K_ROOT) {
        d->root_done = 1;
    }
    d->depth--;
    d->ntop = d->fr[d->depth].noff;
    d->nns = d->fr[d->depth].nns;
    return rc;
}

static unsigned leaf_kind(const char *s, size_t n)
{
    unsigned k;
    for (k = 0; k < TT_QFA_KIND_COUNT; k++)
        if (strlen(kind_names[k]) == n && memcmp(kind_names[k], s, n) == 0)
            return k;
    return TT_QFA_KIND_COUNT;
}

static int name_is(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* '>' of a start tag (or "/>" when empty): resolve names, check
 * structure, open the element. */
static int start_tag_end(tt_qfa *d, int empty)
{
    const char *q = d->names + d->fr[d->depth].noff, *local = q;
    size_t n = d->fr[d->depth].nlen, ln = n;
    unsigned parent = d->depth ? d->fr[d->depth - 1].kind : 0, kind, i;
    int colon = qname_colon(q, n), cls;
    if (colon < 0)
        return TT_ERR_QFA_BAD_NAME;
    if (colon > 0) {
        cls = ns_lookup(d, q, (size_t)colon);
        local = q + colon + 1;
        ln = n - (size_t)colon - 1;
    } else {
        cls = ns_default(d);
    }
    if (cls < 0)
        return TT_ERR_QFA_UNBOUND_PREFIX;
    for (i = d->nchk; i < TT_QFA_NAME_BYTES; i += 1u + (unsigned char)d->names[i])
        if (ns_lookup(d, d->names + i + 1, (unsigned char)d->names[i]) < 0)
            return TT_ERR_QFA_UNBOUND_PREFIX;
    d->nchk = TT_QFA_NAME_BYTES;

    if (parent == 0) {
        if (cls == NS_OTHER || !name_is(local, ln, "QuestionFormAnswers"))
            return TT_ERR_QFA_NOT_QFA;
        kind = K_ROOT;
    } else if (parent == K_SKIP || (cls == NS_OTHER && (parent == K_ROOT || parent == K_ANSWER))) {
        kind = K_SKIP;
    } else if (parent == K_ROOT) {
        if (!name_is(local, ln, "Answer"))
            return TT_ERR_QFA_UNEXPECTED_ELEMENT;
        kind = K_ANSWER;
    } else if (parent == K_ANSWER) {
        unsigned k = leaf_kind(local, ln);
        if (k == TT_QFA_KIND_COUNT)
            return TT_ERR_QFA_UNEXPECTED_ELEMENT;
        if (k == TT_QFA_QUESTION) {
            if (d->have_qid)
                return TT_ERR_QFA_DUP_QID;
        } else {
            if (!d->have_qid)
                return TT_ERR_QFA_NO_QID;
            if (k != TT_QFA_SELECTION) {
                if (d->seen & (1u << k))
                    return TT_ERR_QFA_DUP_VALUE;
                d->seen = (uint8_t)(d->seen | (1u << k));
            }
        }
        kind = K_LEAF + k;
        d->vlen = 0;
        d->vcontig = 0;
    } else {
        return TT_ERR_QFA_UNEXPECTED_ELEMENT; /* inside a value */
    }
    d->fr[d->depth].kind = (uint8_t)kind;
    d->depth++;
    d->st = S_TEXT;
    d->rb = 0;
    return empty ? end_element(d) : TT_OK;
}

/* End of an attribute name names[ntop..ntop+alen). */
static int attr_name_end(tt_qfa *d)
{
    const char *a = d->names + d->ntop;
    size_t n = d->alen;
    int colon;
    d->attr_ns = 0;
    if (n == 5 && memcmp(a, "xmlns", 5) == 0) {
        d->attr_ns = 1;
        return TT_OK;
    }
    colon = qname_colon(a, n);
    if (colon < 0)
        return TT_ERR_QFA_BAD_NAME;
    if (colon == 5 && memcmp(a, "xmlns", 5) == 0) {
        if (n - 6 == 5 && memcmp(a + 6, "xmlns", 5) == 0)
            return TT_ERR_QFA_BAD_NS_DECL;
        d->attr_ns = 2;
        return TT_OK;
    }
    if (colon > 0 && !(colon == 3 && memcmp(a, "xml", 3) == 0)) {
        /* prefix to check at '>' (it may be declared later in the tag) */
        size_t pl = (size_t)colon;
        if (d->nchk < d->ntop + pl + 1)
            return TT_ERR_QFA_NAME_TOO_LONG;
        d->nchk = (uint16_t)(d->nchk - pl - 1);
        memmove(d->names + d->nchk + 1, a, pl);
        d->names[d->nchk] = (char)pl;
    }
    return TT_OK;
}

/* Closing quote of an attribute value: commit a namespace declaration. */
static int attr_value_end(tt_qfa *d)
{
    int full[3], k, cls;
    unsigned i, pl;
    const char *pfx;
    if (!d->attr_ns)
        return TT_OK;
    for (k = 0; k < 3; k++)
        full[k] = (d->match & (1u << k)) && d->mlen == ns_uri_len[k];
    pl = d->attr_ns == 1 ? 0u : (unsigned)d->alen - 6u;
    pfx = d->names + d->ntop + 6;
    if (pl == 3 && memcmp(pfx, "xml", 3) == 0)
        return full[1] ? TT_OK : TT_ERR_QFA_BAD_NS_DECL; /* predeclared */
    if (full[1] || full[2] || (pl && d->mlen == 0))
        return TT_ERR_QFA_BAD_NS_DECL;
    cls = d->mlen == 0 ? NS_NONE : full[0] ? NS_QFA : NS_OTHER;
    for (i = d->fr[d->depth].nns; i < d->nns; i++)
        if (d->ns[i].len == pl && memcmp(d->names + d->ns[i].off, pfx, pl) == 0)
            return TT_ERR_QFA_DUP_ATTR;
    if (d->nns >= TT_QFA_MAX_NS)
        return TT_ERR_QFA_TOO_DEEP;
    memmove(d->names + d->ntop, pfx, pl);
    d->ns[d->nns].off = d->ntop;
    d->ns[d->nns].len = (uint8_t)pl;
    d->ns[d->nns].cls = (uint8_t)cls;
    d->nns++;
    d->ntop = (uint16_t)(d->ntop + pl);
    return TT_OK;
}

/* One character of an attribute value (after normalisation). */
static void attr_char(tt_qfa *d, unsigned c)
{
    int k;
    if (!d->attr_ns)
        return;
    for (k = 0; k < 3; k++)
        if ((d->match & (1u << k)) &&
            (d->mlen >= ns_uri_len[k] || (unsigned char)ns_uri[k][d->mlen] != c))
            d->match = (uint8_t)(d->match & ~(1u << k));
    if (d->mlen < 0xFFFF)
        d->mlen++;
}

/* ---- character data ---------------------------------------------------- */

static int text_char(tt_qfa *d, unsigned c, const char *p)
{
    unsigned kind;
    if (d->depth == 0)
        return is_ws(c) ? TT_OK : d->root_done ? TT_ERR_QFA_TRAILING : TT_ERR_QFA_UNEXPECTED_TEXT;
    kind = d->fr[d->depth - 1].kind;
    if (kind >= K_LEAF)
        return val_put(d, c, p);
    if (kind == K_SKIP || is_ws(c))
        return TT_OK;
    return TT_ERR_QFA_UNEXPECTED_TEXT;
}

/* The character a reference stands for, as UTF-8 bytes. */
static int ref_emit(tt_qfa *d, uint32_t cp)
{
    char u[4];
    size_t n, i;
    int rc = TT_OK;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    for (i = 0; i < n && rc == TT_OK; i++) {
        if (d->ret == S_TEXT)
            rc = text_char(d, (unsigned char)u[i], NULL);
        else
            attr_char(d, (unsigned char)u[i]);
    }
    d->st = d->ret;
    return rc;
}

static int char_ref_end(tt_qfa *d)
{
    uint64_t cp = d->num;
    if (!(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
          (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF)))
        return TT_ERR_QFA_BAD_CHAR_REF;
    return ref_emit(d, (uint32_t)cp);
}

static int entity_end(tt_qfa *d)
{
    static const char names[5][5] = {"lt", "gt", "amp", "apos", "quot"};
    static const char chars[5] = {'<', '>', '&', '\'', '"'};
    unsigned i;
    for (i = 0; i < 5; i++)
        if (d->refn == strlen(names[i]) && memcmp(d->ref, names[i], d->refn) == 0)
            return ref_emit(d, (unsigned char)chars[i]);
    return TT_ERR_QFA_UNKNOWN_ENTITY;
}

static int hex_val(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if ((c | 0x20u) >= 'a' && (c | 0x20u) <= 'f')
        return (int)((c | 0x20u) - 'a' + 10);
    return -1;
}

/* ---- XML declaration --------------------------------------------------- */

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && is_ws((unsigned char)s[i]))
        i++;
    return i;
}

/* At s[i]: name ws? '=' ws? quoted value.  Returns the index after the
 * closing quote (value at [*v, *v + *vn)) or 0. */
static size_t decl_attr(const char *s, size_t n, size_t i, const char *name, size_t *v, size_t *vn)
{
    size_t l = strlen(name), j;
    char q;
    if (n - i < l || memcmp(s + i, name, l) != 0)
        return 0;
    i = skip_ws(s, n, i + l);
    if (i >= n || s[i] != '=')
        return 0;
    i = skip_ws(s, n, i + 1);
    if (i >= n || (s[i] != '"' && s[i] != '\''))
        return 0;
    q = s[i++];
    for (j = i; j < n && s[j] != q; j++)
        ;
    if (j >= n)
        return 0;
    *v = i;
    *vn = j - i;
    return j + 1;
}

static int ieq(const char *s, size_t n, const char *lit)
{
    size_t i;
    if (strlen(lit) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] | 0x20u) != ((unsigned char)lit[i] | 0x20u))
            return 0;
    return 1;
}

/* s[0..n) is what follows "<?xml" up to "?>". */
static int parse_decl(const char *s, size_t n)
{
    size_t i, j, v, vn, k;
    int stage = 0;
    if (n == 0 || !is_ws((unsigned char)s[0]))
        return TT_ERR_QFA_BAD_DECL;
    i = decl_attr(s, n, skip_ws(s, n, 0), "version", &v, &vn);
    if (!i || vn < 3 || s[v] != '1' || s[v + 1] != '.')
        return TT_ERR_QFA_BAD_DECL;
    for (k = 2; k < vn; k++)
        if (s[v + k] < '0' || s[v + k] > '9')
            return TT_ERR_QFA_BAD_DECL;
    for (;;) {
        j = skip_ws(s, n, i);
        if (j == n)
            return TT_OK;
        if (j == i)
            return TT_ERR_QFA_BAD_DECL;
        if (stage == 0 && (i = decl_attr(s, n, j, "encoding", &v, &vn)) != 0) {
            if (!ieq(s + v, vn, "utf-8"))
                return TT_ERR_QFA_BAD_DECL;
            stage = 1;
        } else if (stage < 2 && (i = decl_attr(s, n, j, "standalone", &v, &vn)) != 0) {
            if (!name_is(s + v, vn, "yes") && !name_is(s + v, vn, "no"))
                return TT_ERR_QFA_BAD_DECL;
            stage = 2;
        } else {
            return TT_ERR_QFA_BAD_DECL;
        }
    }
}

/* ---- the lexer ----------------------------------------------------------- */

static int push_name(tt_qfa *d, unsigned c)
{
    if (d->fr[d->depth].nlen == 255 || d->ntop >= d->nchk)
        return TT_ERR_QFA_NAME_TOO_LONG;
    d->names[d->ntop++] = (char)c;
    d->fr[d->depth].nlen++;
    return TT_OK;
}

static int push_attr(tt_qfa *d, unsigned c)
{
    if (d->alen == 255 || (size_t)d->ntop + d->alen >= d->nchk)
        return TT_ERR_QFA_NAME_TOO_LONG;
    d->names[d->ntop + d->alen++] = (char)c;
    return TT_OK;
}

/* "xml" PI target: the XML declaration when first in the document. */
static int pi_target_end(tt_qfa *d, unsigned c)
{
    if (d->alen == 3 && (d->match & 1)) {
        if (!(d->match & 2) || !d->at0)
            return TT_ERR_QFA_BAD_DECL;
        d->alen = 0;
        if (c == '?') {
            d->st = S_DECL_Q;
            return TT_OK;
        }
        d->names[d->alen++] = (char)c;
        d->st = S_DECL;
        return TT_OK;
    }
    d->st = c == '?' ? S_PI_TQ : S_PI_BODY; /* "<?t?" must be "<?t?>" */
    return TT_OK;
}

static int step(tt_qfa *d, unsigned c, const char *p)
{
    int rc, h;
    switch (d->st) {
    case S_START:
        if (c == 0xEF) {
            d->st = S_BOM1;
            return TT_OK;
        }
        d->st = S_TEXT;
        return step(d, c, p);
    case S_BOM1:
        d->st = S_BOM2;
        return c == 0xBB ? TT_OK : TT_ERR_QFA_UNEXPECTED_TEXT;
    case S_BOM2:
        d->st = S_TEXT;
        return c == 0xBF ? TT_OK : TT_ERR_QFA_UNEXPECTED_TEXT;
    case S_TEXT:
        if (c == '<') {
            d->at0 = !d->started;
            d->started = 1;
            d->rb = 0;
            d->st = S_LT;
            return TT_OK;
        }
        d->started = 1;
        if (c == '&') {
            if (d->depth == 0)
                return d->root_done ? TT_ERR_QFA_TRAILING : TT_ERR_QFA_UNEXPECTED_TEXT;
            d->ret = S_TEXT;
            d->st = S_REF;
            d->rb = 0;
            return TT_OK;
        }
        if (c == '>' && d->rb >= 2)
            return TT_ERR_QFA_SYNTAX; /* "]]>" outside CDATA */
        d->rb = c == ']' ? (uint8_t)(d->rb < 2 ? d->rb + 1 : 2) : 0;
        return text_char(d, c, p);
    case S_LT:
        if (c == '/') {
            if (d->depth == 0)
                return TT_ERR_QFA_TAG_MISMATCH;
            d->idx = 0;
            d->st = S_ETAG_NAME;
            return TT_OK;
        }
        if (c == '?') {
            d->alen = 0;
            d->match = 3; /* bit 0: "xml" any case so far, bit 1: lower case */
            d->st = S_PI_TARGET;
            return TT_OK;
        }
        if (c == '!') {
            d->st = S_BANG;
            return TT_OK;
        }
        if (!name_start(c))
            return TT_ERR_QFA_SYNTAX;
        if (d->root_done)
            return TT_ERR_QFA_TRAILING;
        if (d->depth >= TT_QFA_MAX_DEPTH)
            return TT_ERR_QFA_TOO_DEEP;
        d->fr[d->depth].noff = d->ntop;
        d->fr[d->depth].nlen = 0;
        d->fr[d->depth].nns = d->nns;
        d->st = S_STAG_NAME;
        return push_name(d, c);
    case S_BANG:
        if (c == '-') {
            d->st = S_COM_OPEN;
            return TT_OK;
        }
        if (c == '[' && d->depth > 0) {
            d->idx = 0;
            d->st = S_CDATA_KW;
            return TT_OK;
        }
        return c == 'D' ? TT_ERR_QFA_DOCTYPE : TT_ERR_QFA_SYNTAX;
    case S_COM_OPEN:
        d->st = S_COMMENT;
        return c == '-' ? TT_OK : TT_ERR_QFA_SYNTAX;
    case S_COMMENT:
        if (c == '-')
            d->st = S_COM_D1;
        return TT_OK;
    case S_COM_D1:
        d->st = c == '-' ? S_COM_D2 : S_COMMENT;
        return TT_OK;
    case S_COM_D2:
        d->st = S_TEXT;
        return c == '>' ? TT_OK : TT_ERR_QFA_BAD_COMMENT;
    case S_CDATA_KW:
        if (c != (unsigned char)"CDATA["[d->idx])
            return TT_ERR_QFA_SYNTAX;
        if (++d->idx == 6)
            d->st = S_CDATA;
        return TT_OK;
    case S_CDATA:
        if (c == ']') {
            d->st = S_CDATA_B1;
            return TT_OK;
        }
        return text_char(d, c, p);
    case S_CDATA_B1:
        if (c == ']') {
            d->st = S_CDATA_B2;
            return TT_OK;
        }
        d->st = S_CDATA;
        rc = text_char(d, ']', NULL);
        return rc != TT_OK ? rc : text_char(d, c, p);
    case S_CDATA_B2:
        if (c == '>') {
            d->st = S_TEXT;
            return TT_OK;
        }
        rc = text_char(d, ']', NULL);
        if (rc != TT_OK || c == ']')
            return rc;
        d->st = S_CDATA;
        rc = text_char(d, ']', NULL);
        return rc != TT_OK ? rc : text_char(d, c, p);
    case S_PI_TARGET:
        if (c == ':')
            return TT_ERR_QFA_BAD_NAME; /* Namespaces 1.0: no colon in PI targets */
        if (d->alen == 0 ? name_start(c) : name_char(c)) {
            if (d->alen >= 3 || (c | 0x20u) != (unsigned char)"xml"[d->alen])
                d->match &= (uint8_t)~1u;
            else if (c != (unsigned char)"xml"[d->alen])
                d->match &= (uint8_t)~2u;
            if (d->alen < 255)
                d->alen++;
            return TT_OK;
        }
        if (d->alen > 0 && (is_ws(c) || c == '?'))
            return pi_target_end(d, c);
        return TT_ERR_QFA_SYNTAX;
    case S_PI_TQ:
        d->st = S_TEXT;
        return c == '>' ? TT_OK : TT_ERR_QFA_SYNTAX;
    case S_PI_BODY:
        if (c == '?')
            d->st = S_PI_Q;
        return TT_OK;
    case S_PI_Q:
        d->st = c == '>' ? S_TEXT : c == '?' ? S_PI_Q : S_PI_BODY;
        return TT_OK;
    case S_DECL:
        if (c == '?') {
            d->st = S_DECL_Q;
            return TT_OK;
        }
        if (d->alen >= TT_QFA_NAME_BYTES)
            return TT_ERR_QFA_BAD_DECL;
        d->names[d->alen++] = (char)c;
        return TT_OK;
    case S_DECL_Q:
        if (c != '>')
            return TT_ERR_QFA_BAD_DECL;
        d->st = S_TEXT;
        return parse_decl(d->names, d->alen);
    case S_STAG_NAME:
        if (name_char(c))
            return push_name(d, c);
        if (qname_colon(d->names + d->fr[d->depth].noff, d->fr[d->depth].nlen) < 0)
            return TT_ERR_QFA_BAD_NAME;
        /* fall through */
    case S_STAG_WS:
    case S_AFTER_ATTR:
        if (is_ws(c)) {
            d->st = S_STAG_WS;
            return TT_OK;
        }
        if (c == '/') {
            d->st = S_EMPTY_SLASH;
            return TT_OK;
        }
        if (c == '>')
            return start_tag_end(d, 0);
        if (d->st == S_STAG_WS && name_start(c)) {
            d->alen = 0;
            d->st = S_ATTR_NAME;
            return push_attr(d, c);
        }
        return TT_ERR_QFA_SYNTAX;
    case S_ATTR_NAME:
        if (name_char(c))
            return push_attr(d, c);
        if (!is_ws(c) && c != '=')
            return TT_ERR_QFA_SYNTAX;
        rc = attr_name_end(d);
        d->st = c == '=' ? S_ATTR_Q : S_ATTR_EQ;
        return rc;
    case S_ATTR_EQ:
        if (c == '=')
            d->st = S_ATTR_Q;
        else if (!is_ws(c))
            return TT_ERR_QFA_SYNTAX;
        return TT_OK;
    case S_ATTR_Q:
        if (c == '"' || c == '\'') {
            d->quote = (uint8_t)c;
            d->match = 7;
            d->mlen = 0;
            d->st = S_ATTR_VAL;
        } else if (!is_ws(c)) {
            return TT_ERR_QFA_SYNTAX;
        }
        return TT_OK;
    case S_ATTR_VAL:
        if (c == d->quote) {
            d->st = S_AFTER_ATTR;
            return attr_value_end(d);
        }
        if (c == '<')
            return TT_ERR_QFA_SYNTAX;
        if (c == '&') {
            d->ret = S_ATTR_VAL;
            d->st = S_REF;
            return TT_OK;
        }
        attr_char(d, is_ws(c) ? ' ' : c);
        return TT_OK;
    case S_EMPTY_SLASH:
        if (c != '>')
            return TT_ERR_QFA_SYNTAX;
        return start_tag_end(d, 1);
    case S_ETAG_NAME: {
        unsigned len = d->fr[d->depth - 1].nlen;
        if (d->idx < len && c == (unsigned char)d->names[d->fr[d->depth - 1].noff + d->idx]) {
            d->idx++;
            return TT_OK;
        }
        if (d->idx == len && (is_ws(c) || c == '>')) {
            if (c != '>') {
                d->st = S_ETAG_WS;
                return TT_OK;
            }
            d->st = S_TEXT;
            return end_element(d);
        }
        return d->idx == 0 && !name_start(c) ? TT_ERR_QFA_SYNTAX : TT_ERR_QFA_TAG_MISMATCH;
    }
    case S_ETAG_WS:
        if (c == '>') {
            d->st = S_TEXT;
            return end_element(d);
        }
        return is_ws(c) ? TT_OK : TT_ERR_QFA_SYNTAX;
    case S_REF:
        if (c == '#') {
            d->st = S_CREF;
            return TT_OK;
        }
        if (!name_start(c))
            return TT_ERR_QFA_BAD_REFERENCE;
        d->ref[0] = (char)c;
        d->refn = 1;
        d->st = S_EREF;
        return TT_OK;
    case S_EREF:
        if (c == ';')
            return entity_end(d);
        if (!name_char(c))
            return TT_ERR_QFA_BAD_REFERENCE;
        if (d->refn < 5) /* 5 = longer than any predefined name */
            d->ref[d->refn++] = (char)c;
        return TT_OK;
    case S_CREF:
        d->num = 0;
        if (c == 'x') {
            d->st = S_CREF_X;
            return TT_OK;
        }
        if (c < '0' || c > '9')
            return TT_ERR_QFA_BAD_CHAR_REF;
        d->num = c - '0';
        d->st = S_CREF_DEC;
        return TT_OK;
    case S_CREF_DEC:
        if (c == ';')
            return char_ref_end(d);
        if (c < '0' || c > '9')
            return TT_ERR_QFA_BAD_CHAR_REF;
        d->num = d->num * 10 + (c - '0');
        if (d->num > 0x110000)
            d->num = 0x110000; /* saturate: invalid anyway */
        return TT_OK;
    case S_CREF_X:
    case S_CREF_HEX:
        if (c == ';' && d->st == S_CREF_HEX)
            return char_ref_end(d);
        h = hex_val(c);
        if (h < 0)
            return TT_ERR_QFA_BAD_CHAR_REF;
        d->num = d->num * 16 + (unsigned)h;
        if (d->num > 0x110000)
            d->num = 0x110000;
        d->st = S_CREF_HEX;
        return TT_OK;
    default:
        return TT_ERR_INTERNAL;
    }
}

int tt_qfa_feed(tt_qfa *d, const char *p, size_t n)
{
    size_t i;
    int rc;
    if (!d || (!p && n))
        return TT_ERR_INVALID_ARG;
    if (d->err)
        return d->err;
    if (d->finished)
        return TT_ERR_INVALID_ARG;
    for (i = 0; i < n; i++) {
        unsigned b = (unsigned char)p[i];
        /* fast path: plain ASCII text inside a value goes in one piece
         * (same result as the byte loop: no state but the value changes) */
        if (d->st == S_TEXT && d->depth && d->fr[d->depth - 1].kind >= K_LEAF && !d->u_need &&
            !d->prev_cr && !d->rb) {
            size_t k = plain_run(p + i, n - i);
            if (k > 1) {
                rc = val_run(d, p + i, k);
                if (rc != TT_OK)
                    return fail(d, rc);
                d->pos += k;
                i += k - 1;
                continue;
            }
        }
        /* strict UTF-8, and only characters XML allows */
        if (d->u_need == 0) {
            if (b < 0x80) {
                if (b < 0x20 && b != 0x9 && b != 0xA && b != 0xD)
                    return fail(d, TT_ERR_QFA_BAD_CHAR);
            } else if (b >= 0xC2 && b <= 0xDF) {
                d->u_need = 1;
                d->u_lo = 0x80;
                d->u_hi = 0xBF;
                d->u_cp = b & 0x1Fu;
            } else if (b >= 0xE0 && b <= 0xEF) {
                d->u_need = 2;
                d->u_lo = b == 0xE0 ? 0xA0 : 0x80;
                d->u_hi = b == 0xED ? 0x9F : 0xBF;
                d->u_cp = b & 0x0Fu;
            } else if (b >= 0xF0 && b <= 0xF4) {
                d->u_need = 3;
                d->u_lo = b == 0xF0 ? 0x90 : 0x80;
                d->u_hi = b == 0xF4 ? 0x8F : 0xBF;
                d->u_cp = b & 0x07u;
            } else {
                return fail(d, TT_ERR_QFA_BAD_UTF8);
            }
        } else {
            if (b < d->u_lo || b > d->u_hi)
                return fail(d, TT_ERR_QFA_BAD_UTF8);
            d->u_cp = (d->u_cp << 6) | (b & 0x3Fu);
            d->u_lo = 0x80;
            d->u_hi = 0xBF;
            if (--d->u_need == 0 && (d->u_cp == 0xFFFE || d->u_cp == 0xFFFF))
                return fail(d, TT_ERR_QFA_BAD_CHAR);
        }
        /* line ends: CR LF and lone CR become LF */
        if (b == '\r') {
            d->prev_cr = 1;
            rc = step(d, '\n', NULL);
        } else if (b == '\n' && d->prev_cr) {
            d->prev_cr = 0;
            rc = TT_OK;
        } else {
            d->prev_cr = 0;
            rc = step(d, b, p + i);
        }
        if (rc != TT_OK)
            return fail(d, rc);
        d->pos++;
    }
    rc = relocate(d);
    return rc != TT_OK ? fail(d, rc) : TT_OK;
}

int tt_qfa_finish(tt_qfa *d)
{
    if (!d)
        return TT_ERR_INVALID_ARG;
    if (d->err)
        return d->err;
    if (d->finished)
        return TT_ERR_INVALID_ARG;
    if (d->u_need)
        return fail(d, TT_ERR_QFA_BAD_UTF8);
    if (!d->root_done)
        return fail(d, d->depth == 0 && (d->st == S_START || d->st == S_TEXT) ? TT_ERR_QFA_NO_ROOT
                                                                          : TT_ERR_QFA_TRUNCATED);
    if (d->st != S_TEXT)
        return fail(d, TT_ERR_QFA_TRUNCATED);
    d->finished = 1;
    return TT_OK;
}

size_t tt_qfa_decode_arena_size(size_t len)
{
    return sizeof(tt_qfa) + TT_ARENA_ALIGN_MAX + (len < TT_QFA_MAX_VALUE ? len : TT_QFA_MAX_VALUE);
}

int tt_qfa_decode(const char *xml, size_t len, tt_arena *arena, tt_qfa_fn cb, void *ctx,
                  size_t *error_offset)
{
    tt_arena_mark_t mark;
    void *mem = NULL, *buf = NULL;
    size_t cap = len < TT_QFA_MAX_VALUE ? len : TT_QFA_MAX_VALUE;
    tt_qfa *d;
    int rc;
    if (error_offset)
        *error_offset = 0;
    if (!arena || !cb || (!xml && len))
        return TT_ERR_INVALID_ARG;
    mark = tt_arena_mark(arena);
    rc = tt_arena_alloc(arena, sizeof(tt_qfa), 0, &mem);
    if (rc == TT_OK && cap)
        rc = tt_arena_alloc(arena, cap, 1, &buf);
    if (rc != TT_OK) {
        size_t need = mark + tt_qfa_decode_arena_size(len);
        tt_arena_rollback(arena, mark);
        if (rc == TT_ERR_ARENA_FULL && arena->needed < need)
            arena->needed = need;
        return rc;
    }
    d = (tt_qfa *)mem;
    tt_qfa_init(d, (char *)buf, cap, cb, ctx);
    rc = tt_qfa_feed(d, xml, len);
    if (rc == TT_OK)
        rc = tt_qfa_finish(d);
    if (rc != TT_OK && error_offset)
        *error_offset = d->pos;
    tt_arena_rollback(arena, mark);
    return rc;
}
