/*
 * tt_qfa.h - answers without an XML library: a zero-malloc, incremental
 * decoder for MTurk QuestionFormAnswers, the XML in an Assignment's Answer.
 *
 *     <QuestionFormAnswers xmlns="http://mechanicalturk.amazonaws.com/
 *         AWSMechanicalTurkDataSchemas/2005-10-01/QuestionFormAnswers.xsd">
 *       <Answer>
 *         <QuestionIdentifier>color</QuestionIdentifier>
 *         <SelectionIdentifier>red</SelectionIdentifier>
 *         <SelectionIdentifier>blue</SelectionIdentifier>
 *       </Answer>
 *       ...
 *
 * The caller receives one callback per value, in document order:
 *   (answer 0, "color", TT_QFA_QUESTION,  "color")
 *   (answer 0, "color", TT_QFA_SELECTION, "red")
 *   (answer 0, "color", TT_QFA_SELECTION, "blue")
 * TT_QFA_QUESTION comes once per Answer, when its QuestionIdentifier ends
 * (so an Answer with no value still shows up); then one callback per
 * FreeText, SelectionIdentifier (one per selection), OtherSelectionText,
 * UploadedFileSizeInBytes (also parsed into tt_qfa_value.size) and
 * UploadedFileKey element.
 *
 * Easiest use (whole document in memory, e.g. tt_assignment.answer):
 *
 *     rc = tt_qfa_decode(a->answer.ptr, a->answer.len, &arena, on_value, ctx, &off);
 *
 * Incremental use (bytes in arbitrary slices as they arrive):
 *
 *     tt_qfa d;  char vbuf[512];
 *     tt_qfa_init(&d, vbuf, sizeof vbuf, on_value, ctx);
 *     while (more) if ((rc = tt_qfa_feed(&d, piece, n)) != TT_OK) break;
 *     if (rc == TT_OK) rc = tt_qfa_finish(&d);
 *
 * Memory.  Nothing is allocated: the state is the tt_qfa struct (488 bytes
 * on Cortex-M4 with the defaults below, mostly TT_QFA_NAME_BYTES; declare
 * it anywhere) plus the caller's value buffer; stack under 0.3 KB.  A value
 * (and its Answer's QuestionIdentifier) is handed over as a slice of the
 * input when it lies within one tt_qfa_feed() piece
 * and needed no decoding (no reference, no line-end change, not split by
 * a comment or CDATA boundary); otherwise it is decoded into the value
 * buffer, which must then hold QuestionIdentifier + value (decoded bytes):
 * TT_ERR_QFA_VALUE_TOO_LONG otherwise.  A decoded value is never longer
 * than its source text, so a buffer as long as the document always does.
 *
 * XML handled (XML 1.0 + Namespaces 1.0, UTF-8 only):
 *   - optional UTF-8 byte order mark and XML declaration (version 1.x,
 *     encoding UTF-8 if given, standalone yes|no); whitespace anywhere
 *     markup allows it;
 *   - comments and processing instructions anywhere they are allowed:
 *     skipped, invisible in values (a<!--x-->b is "ab");
 *   - CDATA sections (inside elements), the five predefined entities and
 *     decimal / hex character references, decoded to UTF-8; references to
 *     code points XML does not allow (e.g. &#0;, &#xD800;, &#xFFFE;) are
 *     errors; line ends (CR LF, lone CR) become LF as XML requires;
 *   - namespaces: the QFA elements are recognised by local name when they
 *     are in the QuestionFormAnswers namespace (default namespace or any
 *     prefix bound to it) or in no namespace at all; declarations are
 *     scoped; unbound prefixes (elements and attributes) are errors.
 *     Elements of any other namespace directly inside QuestionFormAnswers
 *     or Answer are skipped with their content (extensions);
 *   - attributes are parsed and ignored (xmlns declarations aside).
 * Refused: DOCTYPE (so no entity declarations and no entity expansion
 * attacks), encodings other than UTF-8.
 * Not checked (accepted): duplicate ordinary attributes, and whether
 * non-ASCII characters in names are XML name characters.
 * Structure: the root must be QuestionFormAnswers; its children Answer
 * elements; each Answer starts with exactly one QuestionIdentifier; text
 * directly inside QuestionFormAnswers / Answer must be whitespace; values
 * hold text only.  Any number of SelectionIdentifier per Answer, at most
 * one each of FreeText, OtherSelectionText, UploadedFileKey,
 * UploadedFileSizeInBytes (their mix is not checked against the schema's
 * choice).  Values are passed as decoded, untrimmed (except the size,
 * which is parsed after trimming XML whitespace).
 *
 * Errors (sticky: once a call failed, later calls return the same code;
 * tt_qfa_error_offset() says where), besides TT_ERR_INVALID_ARG,
 * TT_ERR_CALLBACK_ABORT and (tt_qfa_decode) TT_ERR_ARENA_FULL:
 *   TT_ERR_QFA_SYNTAX          malformed markup (tag, attribute, comment or
 *                              CDATA opener, PI, "]]>" in text, '<' in an
 *                              attribute value)
 *   TT_ERR_QFA_TRUNCATED       input ended inside the root, a tag, a comment..
 *   TT_ERR_QFA_NO_ROOT         no root element (empty / only a prolog)
 *   TT_ERR_QFA_BAD_UTF8        bytes are not strict UTF-8
 *   TT_ERR_QFA_BAD_CHAR        a character XML forbids (controls, U+FFFE/F)
 *   TT_ERR_QFA_BAD_NAME        not a Namespaces QName ("a:b:c", "a:", PI
 *                              target with ':')
 *   TT_ERR_QFA_TAG_MISMATCH    end tag differs from its start tag (or none)
 *   TT_ERR_QFA_BAD_REFERENCE   '&' not followed by a name or '#' and ';'
 *   TT_ERR_QFA_UNKNOWN_ENTITY  a named entity other than the five
 *   TT_ERR_QFA_BAD_CHAR_REF    &#..; malformed or not an XML character
 *   TT_ERR_QFA_BAD_COMMENT     "--" inside a comment
 *   TT_ERR_QFA_BAD_DECL        XML declaration malformed, not first, not
 *                              UTF-8, or too long; "<?xml" target reused
 *   TT_ERR_QFA_DOCTYPE         a DOCTYPE
 *   TT_ERR_QFA_UNBOUND_PREFIX  element/attribute prefix not declared
 *   TT_ERR_QFA_BAD_NS_DECL     xmlns:p="", xml/xmlns prefix or name misused
 *   TT_ERR_QFA_DUP_ATTR        one namespace declared twice in a tag
 *   TT_ERR_QFA_TRAILING        text or an element after the root
 *   TT_ERR_QFA_NOT_QFA         root is not QuestionFormAnswers (QFA or no ns)
 *   TT_ERR_QFA_UNEXPECTED_ELEMENT  unknown QFA element, or any element
 *                              inside a value
 *   TT_ERR_QFA_UNEXPECTED_TEXT non-whitespace text outside values
 *   TT_ERR_QFA_NO_QID          a value before QuestionIdentifier / none
 *   TT_ERR_QFA_DUP_QID         second QuestionIdentifier in an Answer
 *   TT_ERR_QFA_DUP_VALUE       FreeText, OtherSelectionText or an upload
 *                              element twice in an Answer
 *   TT_ERR_QFA_BAD_SIZE        UploadedFileSizeInBytes not 0..2^63-1
 *   TT_ERR_QFA_VALUE_TOO_LONG  the value buffer cannot hold qid + value
 *   TT_ERR_QFA_NAME_TOO_LONG   names exceed TT_QFA_NAME_BYTES (or 255)
 *   TT_ERR_QFA_TOO_DEEP        > TT_QFA_MAX_DEPTH elements or
 *                              > TT_QFA_MAX_NS declarations in scope
 * Never reads outside the bytes given.  Not thread-safe per tt_qfa (distinct
 * ones are independent); no static mutable state.
 */
#ifndef TT_QFA_H
#define TT_QFA_H

#include "tt_arena.h"
#include "tt_base.h"

/* Limits: TT_QFA_MAX_DEPTH, TT_QFA_NAME_BYTES, TT_QFA_MAX_NS and
 * TT_QFA_MAX_VALUE in tt_config.h (override them there: -D or the
 * TT_CONFIG_USER header). */

/* The QuestionFormAnswers namespace name. */
#define TT_QFA_NAMESPACE                                                                  \
    "http://mechanicalturk.amazonaws.com/AWSMechanicalTurkDataSchemas/2005-10-01/"        \
    "QuestionFormAnswers.xsd"

/* What a decoded value is: the Answer element it came from. */
typedef enum tt_qfa_kind {
    TT_QFA_QUESTION = 0,    /* QuestionIdentifier (value = the identifier) */
    TT_QFA_FREE_TEXT,       /* FreeText */
    TT_QFA_SELECTION,       /* SelectionIdentifier: one callback per selection */
    TT_QFA_OTHER_SELECTION, /* OtherSelectionText */
    TT_QFA_FILE_SIZE,       /* UploadedFileSizeInBytes (value = its text; .size) */
    TT_QFA_FILE_KEY,        /* UploadedFileKey */
    TT_QFA_KIND_COUNT
} tt_qfa_kind;

/* The element name of `k`, e.g. "FreeText" (static; NULL when out of range). */
const char *tt_qfa_kind_name(tt_qfa_kind k);

/*
 * One decoded value.  `qid` and `value` are UTF-8 (never holding U+0000:
 * XML cannot), not NUL-terminated, and point into the input or the value
 * buffer: valid during the callback only.
 */
typedef struct tt_qfa_value {
    tt_qfa_kind kind; /* which element the value comes from */
    uint32_t answer; /* 0-based index of the Answer element in the document */
    tt_str qid;      /* that Answer's QuestionIdentifier */
    tt_str value;    /* the decoded text (for TT_QFA_QUESTION: == qid) */
    uint64_t size;   /* TT_QFA_FILE_SIZE: the number (<= INT64_MAX); else 0 */
} tt_qfa_value;

/* Return 0 to go on, non-zero to stop: the decoder then fails with
 * TT_ERR_CALLBACK_ABORT.  Must not call tt_qfa_* on the same decoder. */
typedef int (*tt_qfa_fn)(void *ctx, const tt_qfa_value *v);

/* Decoder state: private, plain data (no pointer into the arena is kept
 * between calls except `buf`).  Copying it between calls is allowed only
 * together with a copy of the value buffer (it points at `buf`). */
typedef struct tt_qfa {
    tt_qfa_fn cb;
    void *ctx;
    char *buf;
    size_t cap;
    /* value / qid being collected */
    const char *vptr, *qptr; /* value / qid text so far (in the input or buf) */
    size_t vlen, voff, qlen;
    size_t pos;     /* bytes consumed (error offset) */
    uint64_t num;   /* character reference value */
    int err;        /* sticky error, 0 = none */
    uint32_t answer;
    uint16_t ntop;  /* names[0..ntop): element names + declared prefixes */
    uint16_t nchk;  /* names[nchk..): attribute prefixes to check at '>' */
    uint16_t idx;   /* index within a keyword / name being compared */
    uint16_t alen;  /* attribute name length / decl length */
    uint16_t mlen;  /* namespace-name bytes matched */
    uint8_t st, ret; /* lexer state, state to return to after a reference */
    uint8_t depth, nns;
    uint8_t quote, match, attr_ns, rb;
    uint8_t vcontig, qslice, have_qid, seen;
    uint8_t prev_cr, started, at0, root_done, finished;
    uint8_t u_need, u_lo, u_hi, refn;
    uint32_t u_cp;
    char ref[6];
    struct {
        uint16_t noff;
        uint8_t nlen, kind, nns;
    } fr[TT_QFA_MAX_DEPTH];
    struct {
        uint16_t off;
        uint8_t len, cls;
    } ns[TT_QFA_MAX_NS];
    char names[TT_QFA_NAME_BYTES];
} tt_qfa;

/*
 * Start decoding one document.  `buf` (cap bytes; may be NULL when cap is
 * 0 and the caller feeds the whole document at once and needs no decoded
 * value) is BORROWED for the decoder's life and receives decoded values.
 * `cb` (required) and `ctx` are called per value.  A tt_qfa may be
 * re-initialised for the next document at any time.
 */
void tt_qfa_init(tt_qfa *d, char *buf, size_t cap, tt_qfa_fn cb, void *ctx);

/*
 * Feed the next n bytes (p may be NULL when n is 0; borrowed for the call:
 * at return the decoder has copied into `buf` whatever it still needs).
 * Callbacks run inside this call.  Returns TT_OK or the first error.
 */
int tt_qfa_feed(tt_qfa *d, const char *p, size_t n);

/*
 * The input has ended: TT_OK when it was one complete document, else
 * TT_ERR_QFA_NO_ROOT (no root element: empty, or only a prolog),
 * TT_ERR_QFA_TRUNCATED (ended inside the root element, a comment, ...),
 * TT_ERR_QFA_BAD_UTF8 (ended inside a UTF-8 sequence), or the earlier
 * sticky error.  Feeding after finish returns TT_ERR_INVALID_ARG.
 */
int tt_qfa_finish(tt_qfa *d);

/* Byte offset of the failure (bytes accepted before the offending one;
 * the input length for errors found by tt_qfa_finish()). */
size_t tt_qfa_error_offset(const tt_qfa *d);

/*
 * Decode the whole document xml[0..len) (borrowed for the call).  The
 * decoder and a value buffer of min(len, TT_QFA_MAX_VALUE) bytes come from
 * `arena` and are released before returning (the arena's `used` is
 * restored); values that need no decoding are slices of `xml`.  When
 * `error_offset` is not NULL it receives tt_qfa_error_offset() on failure
 * (0 on success).  Returns TT_OK, TT_ERR_INVALID_ARG (NULL arena/cb, xml
 * NULL with len > 0), TT_ERR_ARENA_FULL (arena->needed says how much),
 * TT_ERR_CALLBACK_ABORT, or a TT_ERR_QFA_* code.
 */
int tt_qfa_decode(const char *xml, size_t len, tt_arena *arena, tt_qfa_fn cb, void *ctx,
                  size_t *error_offset);

/* Arena bytes tt_qfa_decode() needs for a document of `len` bytes. */
size_t tt_qfa_decode_arena_size(size_t len);

#endif /* TT_QFA_H */
