/*
 * test_qfa.c - the QuestionFormAnswers decoder (core/tt_qfa.c): every
 * construct, every error, and every way of slicing each document (all
 * piece sizes 1..n, plus pseudo-random splits), each slice handed over in
 * its own malloc'd copy freed right after the feed, so that ASan/valgrind
 * catch any read outside the input or any pointer kept into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_qfa.h"
#include "tt_test.h"

#define NS TT_QFA_NAMESPACE

/* ---- recording callback --------------------------------------------- */

typedef struct rec {
    char out[8192];
    size_t len;
    int abort_at; /* abort on this callback number (1-based), 0 = never */
    int calls;
    int slices;   /* values whose ptr was inside [in, in + inlen) */
    const char *in;
    size_t inlen;
} rec;

static const char kind_ch[] = "QFSOZK";

static int on_value(void *ctx, const tt_qfa_value *v)
{
    rec *r = ctx;
    int n;
    r->calls++;
    if (r->abort_at && r->calls == r->abort_at)
        return 1;
    if (r->in && v->value.len && v->value.ptr >= r->in && v->value.ptr < r->in + r->inlen)
        r->slices++;
    n = snprintf(r->out + r->len, sizeof r->out - r->len, "%u%c[%.*s]=[%.*s]", (unsigned)v->answer,
                 kind_ch[v->kind], (int)v->qid.len, v->qid.ptr, (int)v->value.len,
                 v->value.ptr);
    if (n > 0 && (size_t)n < sizeof r->out - r->len)
        r->len += (size_t)n;
    if (v->kind == TT_QFA_FILE_SIZE) {
        n = snprintf(r->out + r->len, sizeof r->out - r->len, "#%llu", (unsigned long long)v->size);
        if (n > 0 && (size_t)n < sizeof r->out - r->len)
            r->len += (size_t)n;
    }
    if (r->len + 1 < sizeof r->out)
        r->out[r->len++] = ';';
    r->out[r->len] = '\0';
    return 0;
}

/* Decode doc[0..n) fed in pieces of `piece` bytes (0 = pseudo-random
 * sizes from seed), each piece in its own exact-size heap copy.  Returns
 * the code; *off gets the error offset. */
static int run_sliced(const char *doc, size_t n, size_t piece, unsigned seed, size_t cap, rec *r,
                      size_t *off)
{
    tt_qfa d;
    char *buf = cap ? malloc(cap) : NULL;
    size_t i = 0;
    int rc = TT_OK;
    memset(r, 0, sizeof *r);
    tt_qfa_init(&d, buf, cap, on_value, r);
    while (i < n && rc == TT_OK) {
        size_t k = piece;
        char *copy;
        if (!piece) {
            seed = seed * 1103515245u + 12345u;
            k = 1 + (seed >> 16) % 7;
        }
        if (k > n - i)
            k = n - i;
        copy = malloc(k);
        memcpy(copy, doc + i, k);
        rc = tt_qfa_feed(&d, copy, k);
        free(copy);
        i += k;
    }
    if (rc == TT_OK)
        rc = tt_qfa_finish(&d);
    *off = tt_qfa_error_offset(&d);
    free(buf);
    return rc;
}

static unsigned g_docs;
static unsigned long g_decodes;

/* Every slicing of doc gives rc `want` and (when want is TT_OK) the trace
 * `trace`; errors give the same offset every way. */
static void check_doc(const char *doc, int want, const char *trace)
{
    size_t n = strlen(doc), piece, off0 = 0, off;
    rec r;
    static unsigned char arena_mem[1 << 17];
    tt_arena a;
    int rc;
    char *exact = malloc(n ? n : 1);
    g_docs++;
    memcpy(exact, doc, n); /* NOLINT(bugprone-not-null-terminated-result): exact size on purpose */
    /* one shot, from the arena */
    tt_arena_init(&a, arena_mem, sizeof arena_mem);
    memset(&r, 0, sizeof r);
    r.in = exact;
    r.inlen = n;
    rc = tt_qfa_decode(exact, n, &a, on_value, &r, &off0);
    TT_CHECK_EQ_INT(rc, want);
    TT_CHECK_EQ_INT(a.used, 0);
    if (rc != want)
        printf("     doc: %s\n", doc);
    if (want == TT_OK && trace) {
        TT_CHECK_EQ_STR(r.out, trace);
    }
    free(exact);
    for (piece = 0; piece <= n; piece++) {
        unsigned s;
        for (s = 0; s < (piece ? 1u : 4u); s++) {
            rc = run_sliced(doc, n, piece, s + 1, n + 1, &r, &off);
            g_decodes++;
            if (rc != want || (want == TT_OK && trace && strcmp(r.out, trace) != 0) ||
                (want != TT_OK && off != off0)) {
                TT_CHECK(0);
                printf("     piece %zu seed %u: rc %d (want %d) off %zu (want %zu) trace %s\n     "
                       "doc: %s\n",
                       piece, s, rc, want, off, off0, r.out, doc);
                return;
            }
        }
    }
    TT_CHECK(1);
}

#define OPEN "<QuestionFormAnswers xmlns=\"" NS "\">"
#define CLOSE "</QuestionFormAnswers>"
#define ANS(q, body) "<Answer><QuestionIdentifier>" q "</QuestionIdentifier>" body "</Answer>"

static void test_constructs(void)
{
    /* the shape MTurk sends */
    check_doc("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n" OPEN "\n"
              "<Answer>\n<QuestionIdentifier>q1</QuestionIdentifier>\n"
              "<FreeText>Caf\xc3\xa9 \xe2\x80\x93 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80</FreeText>\n"
              "</Answer>\n" CLOSE,
              TT_OK, "0Q[q1]=[q1];0F[q1]=[Caf\xc3\xa9 \xe2\x80\x93 \xe6\x97\xa5\xe6\x9c\xac "
                     "\xf0\x9f\x98\x80];");
    /* every kind, multiple selections, several answers */
    check_doc(OPEN ANS("color", "<SelectionIdentifier>red</SelectionIdentifier>"
                                "<SelectionIdentifier>blue</SelectionIdentifier>"
                                "<OtherSelectionText>teal</OtherSelectionText>")
                  ANS("up", "<UploadedFileSizeInBytes>3045</UploadedFileSizeInBytes>"
                            "<UploadedFileKey>abc/def.png</UploadedFileKey>")
                      ANS("empty", "") CLOSE,
              TT_OK,
              "0Q[color]=[color];0S[color]=[red];0S[color]=[blue];0O[color]=[teal];"
              "1Q[up]=[up];1Z[up]=[3045]#3045;1K[up]=[abc/def.png];2Q[empty]=[empty];");
    /* no answers; empty root; no namespace at all */
    check_doc(OPEN CLOSE, TT_OK, "");
    check_doc("<QuestionFormAnswers/>", TT_OK, "");
    check_doc("<QuestionFormAnswers>" ANS("a", "<FreeText>x</FreeText>") "</QuestionFormAnswers>",
              TT_OK, "0Q[a]=[a];0F[a]=[x];");
    /* entities and character references */
    check_doc(OPEN ANS("e", "<FreeText>&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#x00043;&#233;"
                            "&#x20AC;&#x1F600;&#9;&#10;&#13;</FreeText>") CLOSE,
              TT_OK, "0Q[e]=[e];0F[e]=[<>&'\" ABC\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\t\n\r];");
    /* CDATA, with brackets inside and next to text */
    check_doc(OPEN ANS("c", "<FreeText>a<![CDATA[<b>&amp;]]x]]]>c<![CDATA[]]></FreeText>") CLOSE,
              TT_OK, "0Q[c]=[c];0F[c]=[a<b>&amp;]]x]c];");
    check_doc(OPEN ANS("c", "<FreeText><![CDATA[]]]]></FreeText>") CLOSE, TT_OK,
              "0Q[c]=[c];0F[c]=[]]];");
    /* ']' and '>' alone are fine in text */
    check_doc(OPEN ANS("b", "<FreeText>] ]> a]b]]</FreeText>") CLOSE, TT_OK,
              "0Q[b]=[b];0F[b]=[] ]> a]b]]];");
    /* plain runs (the fast path) next to everything that leaves it */
    check_doc(OPEN ANS("run", "<FreeText>abcdefgh]]ijklmn>op&amp;qrstuv\r\nwxyz\xc3\xa9" "ABCDEFG"
                              "<![CDATA[HIJ]]>KLMNOP<!--c-->QRSTUV\tW X\nY]Z</FreeText>"
                              "<FreeText2 xmlns=\"urn:x\">skipped text here</FreeText2>") CLOSE,
              TT_OK, "0Q[run]=[run];0F[run]=[abcdefgh]]ijklmn>op&qrstuv\nwxyz\xc3\xa9" "ABCDEFG"
                     "HIJKLMNOPQRSTUV\tW X\nY]Z];");
    check_doc(OPEN ANS("r2", "<FreeText>a]]bcdefg]]>x</FreeText>") CLOSE, TT_ERR_QFA_SYNTAX, NULL);
    check_doc(OPEN ANS("r3", "<FreeText>abcdef\x01ghi</FreeText>") CLOSE, TT_ERR_QFA_BAD_CHAR, NULL);
    /* line ends: CRLF and lone CR become LF, also in CDATA */
    check_doc(OPEN ANS("n", "<FreeText>a\r\nb\rc\n\rd<![CDATA[\r\n]]></FreeText>") CLOSE, TT_OK,
              "0Q[n]=[n];0F[n]=[a\nb\nc\n\nd\n];");
    /* comments and PIs are invisible, anywhere */
    check_doc("<!-- pre --><?pi x?>\n" OPEN "<!--c-->" "<Answer><!-- --><?p?>"
              "<QuestionIdentifier>q<!--x-->1</QuestionIdentifier>"
              "<FreeText>a<?t b?>b<!---->c</FreeText></Answer>" CLOSE "<!--post--><?z?>\n",
              TT_OK, "0Q[q1]=[q1];0F[q1]=[abc];");
    /* whitespace everywhere markup allows it */
    check_doc(" \n<QuestionFormAnswers  xmlns = '" NS "' \n>\t<Answer >"
              "<QuestionIdentifier\n>q</QuestionIdentifier >"
              "<FreeText\t/></Answer\n>\n</QuestionFormAnswers   >\n\n",
              TT_OK, "0Q[q]=[q];0F[q]=[];");
    /* attributes ignored, entities in them decoded (and checked) */
    check_doc(OPEN "<Answer id=\"1&amp;&#x41;\" x='\"'><QuestionIdentifier a=\"&lt;\">q"
              "</QuestionIdentifier><FreeText xml:lang=\"en\">t</FreeText></Answer>" CLOSE,
              TT_OK, "0Q[q]=[q];0F[q]=[t];");
    /* prefixes bound to the namespace, redeclared, scoped */
    check_doc("<a:QuestionFormAnswers xmlns:a=\"" NS "\"><a:Answer><a:QuestionIdentifier>p"
              "</a:QuestionIdentifier><b:FreeText xmlns:b=\"" NS "\">t</b:FreeText>"
              "<SelectionIdentifier>s</SelectionIdentifier></a:Answer></a:QuestionFormAnswers>",
              TT_OK, "0Q[p]=[p];0F[p]=[t];0S[p]=[s];");
    /* prefix declared after use in the same tag (attribute prefix too) */
    check_doc("<q:QuestionFormAnswers o:x=\"1\" xmlns:o=\"urn:o\" xmlns:q=\"" NS "\"/>", TT_OK,
              "");
    /* the default namespace undeclared inside: still accepted (no namespace) */
    check_doc(OPEN "<Answer xmlns=\"\"><QuestionIdentifier>u</QuestionIdentifier></Answer>" CLOSE,
              TT_OK, "0Q[u]=[u];");
    /* foreign elements under the root and in an Answer are skipped */
    check_doc(OPEN "<x:Meta xmlns:x=\"urn:x\"><x:deep><Answer>no</Answer></x:deep>t&amp;</x:Meta>"
              ANS("f", "<y:e xmlns:y=\"urn:y\"><y:f/>junk</y:e><FreeText>v</FreeText>")
              "<Extra xmlns=\"urn:z\"><QuestionIdentifier>no</QuestionIdentifier></Extra>" CLOSE,
              TT_OK, "0Q[f]=[f];0F[f]=[v];");
    /* xml:lang, xmlns:xml declared correctly */
    check_doc("<QuestionFormAnswers xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" "
              "xml:lang=\"en\"><xml:foo/></QuestionFormAnswers>",
              TT_OK, "");
    /* BOM, declaration forms */
    check_doc("\xef\xbb\xbf<?xml version='1.0'?><QuestionFormAnswers/>", TT_OK, "");
    check_doc("<?xml version=\"1.1\" encoding='utf-8' ?><QuestionFormAnswers/>", TT_OK, "");
    check_doc("<?xml version = \"1.0\"  standalone = \"yes\"?>\n<QuestionFormAnswers/>", TT_OK, "");
    check_doc("<?xml-stylesheet href=\"a\"?><?xmlfoo?><QuestionFormAnswers/>", TT_OK, "");
    /* size forms */
    check_doc(OPEN ANS("z", "<UploadedFileSizeInBytes> +0009223372036854775807\n"
                            "</UploadedFileSizeInBytes>") CLOSE,
              TT_OK, "0Q[z]=[z];0Z[z]=[ +0009223372036854775807\n]#9223372036854775807;");
    /* whitespace values are kept untrimmed; qid too */
    check_doc(OPEN ANS(" q ", "<FreeText>  </FreeText>") CLOSE, TT_OK,
              "0Q[ q ]=[ q ];0F[ q ]=[  ];");
    /* char refs that are whitespace are fine between elements */
    check_doc(OPEN "&#32;&#x9;<![CDATA[ \n]]>" ANS("w", "") CLOSE, TT_OK, "0Q[w]=[w];");
    /* C1 controls and U+FFFD are XML characters */
    check_doc(OPEN ANS("c1", "<FreeText>\xc2\x85\xef\xbf\xbd&#x85;&#xFFFD;&#x10FFFF;</FreeText>")
                  CLOSE,
              TT_OK, "0Q[c1]=[c1];0F[c1]=[\xc2\x85\xef\xbf\xbd\xc2\x85\xef\xbf\xbd\xf4\x8f\xbf\xbf];");
    /* names with dots, dashes, digits, non-ASCII in foreign elements */
    check_doc(OPEN "<x:a.b-c_9 xmlns:x=\"urn:x\" x:\xc3\xa9=\"1\"/>" CLOSE, TT_OK, "");
}

static void test_errors(void)
{
    check_doc("", TT_ERR_QFA_NO_ROOT, NULL);
    check_doc("  \n<!-- c -->", TT_ERR_QFA_NO_ROOT, NULL);
    check_doc("<?xml version=\"1.0\"?>", TT_ERR_QFA_NO_ROOT, NULL);
    check_doc(OPEN, TT_ERR_QFA_TRUNCATED, NULL);
    check_doc("<QuestionFormAnswers", TT_ERR_QFA_TRUNCATED, NULL);
    check_doc(OPEN "<Answer><QuestionIdentifier>q", TT_ERR_QFA_TRUNCATED, NULL);
    check_doc("<QuestionFormAnswers/><!-- open", TT_ERR_QFA_TRUNCATED, NULL);
    check_doc("<QuestionFormAnswers/><?pi", TT_ERR_QFA_TRUNCATED, NULL);
    /* bytes */
    check_doc(OPEN ANS("q", "<FreeText>\xff</FreeText>") CLOSE, TT_ERR_QFA_BAD_UTF8, NULL);
    check_doc(OPEN ANS("q", "<FreeText>\xc0\x80</FreeText>") CLOSE, TT_ERR_QFA_BAD_UTF8, NULL);
    check_doc(OPEN ANS("q", "<FreeText>\xed\xa0\x80</FreeText>") CLOSE, TT_ERR_QFA_BAD_UTF8, NULL);
    check_doc(OPEN ANS("q", "<FreeText>\xe2\x82</FreeText>") CLOSE, TT_ERR_QFA_BAD_UTF8, NULL);
    check_doc("<QuestionFormAnswers/><!--\xe2\x82", TT_ERR_QFA_BAD_UTF8, NULL);
    check_doc("<QuestionFormAnswers/>\xe2\x82\xac", TT_ERR_QFA_TRAILING, NULL);
    check_doc(OPEN ANS("q", "<FreeText>\x01</FreeText>") CLOSE, TT_ERR_QFA_BAD_CHAR, NULL);
    check_doc(OPEN ANS("q", "<FreeText>\xef\xbf\xbe</FreeText>") CLOSE, TT_ERR_QFA_BAD_CHAR, NULL);
    check_doc(OPEN ANS("q", "<FreeText>\xef\xbf\xbf</FreeText>") CLOSE, TT_ERR_QFA_BAD_CHAR, NULL);
    check_doc("\xef\xbb", TT_ERR_QFA_BAD_UTF8, NULL);
    check_doc("\xef\xbf\xbd<QuestionFormAnswers/>", TT_ERR_QFA_UNEXPECTED_TEXT, NULL);
    /* markup */
    check_doc("<QuestionFormAnswers><Answer x></Answer></QuestionFormAnswers>", TT_ERR_QFA_SYNTAX,
              NULL);
    check_doc("<QuestionFormAnswers a=\"1\"b=\"2\"/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<QuestionFormAnswers a=1/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<QuestionFormAnswers a=\"<\"/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<QuestionFormAnswers / >", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("< QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<QuestionFormAnswers></ QuestionFormAnswers>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<QuestionFormAnswers></QuestionFormAnswers x>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc(OPEN ANS("q", "<FreeText>a]]>b</FreeText>") CLOSE, TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<![CDATA[x]]><QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc(OPEN "<![CDATX[", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<!x><QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<!-x--><QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<?><QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<?9a?><QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<?p?x?><QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<?p ?x?" "?><?q ?" "?><QuestionFormAnswers/>", TT_OK, ""); /* no trigraphs */
    check_doc("<QuestionFormAnswers><9/></QuestionFormAnswers>", TT_ERR_QFA_SYNTAX, NULL);
    /* names */
    check_doc("<:QuestionFormAnswers/>", TT_ERR_QFA_SYNTAX, NULL);
    check_doc("<a:b:QuestionFormAnswers/>", TT_ERR_QFA_BAD_NAME, NULL);
    check_doc("<a:/>", TT_ERR_QFA_BAD_NAME, NULL);
    check_doc("<a:9b/>", TT_ERR_QFA_BAD_NAME, NULL);
    check_doc("<QuestionFormAnswers a:=\"1\"/>", TT_ERR_QFA_BAD_NAME, NULL);
    check_doc("<QuestionFormAnswers xmlns:a:b=\"urn:x\"/>", TT_ERR_QFA_BAD_NAME, NULL);
    check_doc("<QuestionFormAnswers/><?p:x?>", TT_ERR_QFA_BAD_NAME, NULL);
    check_doc("<?a:?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_NAME, NULL);
    /* tags */
    check_doc(OPEN "</Answer>" CLOSE, TT_ERR_QFA_TAG_MISMATCH, NULL);
    check_doc("<QuestionFormAnswers></QuestionFormAnswer>", TT_ERR_QFA_TAG_MISMATCH, NULL);
    check_doc("<QuestionFormAnswers></QuestionFormAnswersX>", TT_ERR_QFA_TAG_MISMATCH, NULL);
    check_doc("<a:QuestionFormAnswers xmlns:a=\"" NS "\" xmlns:b=\"" NS "\"></b:QuestionFormAnswers>",
              TT_ERR_QFA_TAG_MISMATCH, NULL);
    check_doc("</QuestionFormAnswers>", TT_ERR_QFA_TAG_MISMATCH, NULL);
    /* references */
    check_doc(OPEN ANS("q", "<FreeText>a & b</FreeText>") CLOSE, TT_ERR_QFA_BAD_REFERENCE, NULL);
    check_doc(OPEN ANS("q", "<FreeText>&amp</FreeText>") CLOSE, TT_ERR_QFA_BAD_REFERENCE, NULL);
    check_doc(OPEN ANS("q", "<FreeText>&;</FreeText>") CLOSE, TT_ERR_QFA_BAD_REFERENCE, NULL);
    check_doc(OPEN ANS("q", "<FreeText>&nbsp;</FreeText>") CLOSE, TT_ERR_QFA_UNKNOWN_ENTITY, NULL);
    check_doc(OPEN ANS("q", "<FreeText>&ampx;</FreeText>") CLOSE, TT_ERR_QFA_UNKNOWN_ENTITY, NULL);
    check_doc(OPEN ANS("q", "<FreeText>&quotes;</FreeText>") CLOSE, TT_ERR_QFA_UNKNOWN_ENTITY, NULL);
    check_doc(OPEN ANS("q", "<FreeText>&LT;</FreeText>") CLOSE, TT_ERR_QFA_UNKNOWN_ENTITY, NULL);
    check_doc("<QuestionFormAnswers a=\"&foo;\"/>", TT_ERR_QFA_UNKNOWN_ENTITY, NULL);
    {
        static const char *bad[] = {"&#0;", "&#x0;", "&#8;", "&#x1F;", "&#xD800;", "&#xDFFF;",
                                    "&#xFFFE;", "&#xFFFF;", "&#x110000;", "&#99999999999999999999;",
                                    "&#;", "&#x;", "&#X41;", "&#12a;", "&#xG;", "&# 65;",
                                    "&#65", "&#x41 ;"};
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char doc[512];
            snprintf(doc, sizeof doc, "%s%s%s%s", OPEN "<Answer><QuestionIdentifier>q"
                     "</QuestionIdentifier><FreeText>", bad[i], "</FreeText></Answer>", CLOSE);
            check_doc(doc, TT_ERR_QFA_BAD_CHAR_REF, NULL);
        }
    }
    /* comments */
    check_doc("<!-- a -- b --><QuestionFormAnswers/>", TT_ERR_QFA_BAD_COMMENT, NULL);
    check_doc("<!-- a ---><QuestionFormAnswers/>", TT_ERR_QFA_BAD_COMMENT, NULL);
    /* declarations */
    check_doc(" <?xml version=\"1.0\"?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<QuestionFormAnswers/><?xml version=\"1.0\"?>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?XML version=\"1.0\"?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml encoding=\"UTF-8\"?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml version=\"2.0\"?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml version=\"1.\"?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><QuestionFormAnswers/>",
              TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml version=\"1.0\" standalone=\"maybe\"?><QuestionFormAnswers/>",
              TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml version=\"1.0\" standalone=\"no\" encoding=\"UTF-8\"?><QuestionFormAnswers/>",
              TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml version=\"1.0\"encoding=\"UTF-8\"?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL,
              NULL);
    check_doc("<?xml version='1.0\"?><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    check_doc("<?xml version=\"1.0\" ?x><QuestionFormAnswers/>", TT_ERR_QFA_BAD_DECL, NULL);
    /* DOCTYPE */
    check_doc("<!DOCTYPE QuestionFormAnswers [<!ENTITY a \"b\">]><QuestionFormAnswers/>",
              TT_ERR_QFA_DOCTYPE, NULL);
    /* namespaces */
    check_doc("<a:QuestionFormAnswers/>", TT_ERR_QFA_UNBOUND_PREFIX, NULL);
    check_doc("<QuestionFormAnswers a:x=\"1\"/>", TT_ERR_QFA_UNBOUND_PREFIX, NULL);
    check_doc("<QuestionFormAnswers><a:b xmlns:a=\"urn:a\"/><a:c/></QuestionFormAnswers>",
              TT_ERR_QFA_UNBOUND_PREFIX, NULL);
    check_doc("<xmlns:QuestionFormAnswers/>", TT_ERR_QFA_UNBOUND_PREFIX, NULL);
    check_doc("<QuestionFormAnswers xmlns:a=\"\"/>", TT_ERR_QFA_BAD_NS_DECL, NULL);
    check_doc("<QuestionFormAnswers xmlns:xmlns=\"urn:x\"/>", TT_ERR_QFA_BAD_NS_DECL, NULL);
    check_doc("<QuestionFormAnswers xmlns:xml=\"urn:x\"/>", TT_ERR_QFA_BAD_NS_DECL, NULL);
    check_doc("<QuestionFormAnswers xmlns:a=\"http://www.w3.org/XML/1998/namespace\"/>",
              TT_ERR_QFA_BAD_NS_DECL, NULL);
    check_doc("<QuestionFormAnswers xmlns=\"http://www.w3.org/2000/xmlns/\"/>", TT_ERR_QFA_BAD_NS_DECL,
              NULL);
    check_doc("<QuestionFormAnswers xmlns:a=\"urn:a\" xmlns:a=\"urn:a\"/>", TT_ERR_QFA_DUP_ATTR, NULL);
    check_doc("<QuestionFormAnswers xmlns=\"urn:a\" xmlns=\"urn:b\"/>", TT_ERR_QFA_DUP_ATTR, NULL);
    /* structure */
    check_doc("<QuestionFormAnswers/><QuestionFormAnswers/>", TT_ERR_QFA_TRAILING, NULL);
    check_doc("<QuestionFormAnswers/>x", TT_ERR_QFA_TRAILING, NULL);
    check_doc("<QuestionFormAnswers/>&amp;", TT_ERR_QFA_TRAILING, NULL);
    check_doc("x<QuestionFormAnswers/>", TT_ERR_QFA_UNEXPECTED_TEXT, NULL);
    check_doc("&amp;<QuestionFormAnswers/>", TT_ERR_QFA_UNEXPECTED_TEXT, NULL);
    check_doc("<Answer/>", TT_ERR_QFA_NOT_QFA, NULL);
    check_doc("<QuestionFormAnswers xmlns=\"urn:other\"/>", TT_ERR_QFA_NOT_QFA, NULL);
    check_doc("<QuestionFormAnswers xmlns=\"" NS "x\"/>", TT_ERR_QFA_NOT_QFA, NULL);
    check_doc("<QuestionFormAnswers xmlns=\"http://mechanicalturk.amazonaws.com/\"/>",
              TT_ERR_QFA_NOT_QFA, NULL);
    check_doc(OPEN "<FreeText/>" CLOSE, TT_ERR_QFA_UNEXPECTED_ELEMENT, NULL);
    check_doc(OPEN "<Answer><QuestionIdentifier>q</QuestionIdentifier><Answer/></Answer>" CLOSE,
              TT_ERR_QFA_UNEXPECTED_ELEMENT, NULL);
    check_doc(OPEN ANS("q", "<FreeText>a<b/></FreeText>") CLOSE, TT_ERR_QFA_UNEXPECTED_ELEMENT, NULL);
    check_doc(OPEN ANS("q", "<FreeText>a<x:b xmlns:x=\"urn:x\"/></FreeText>") CLOSE,
              TT_ERR_QFA_UNEXPECTED_ELEMENT, NULL);
    check_doc(OPEN "text" CLOSE, TT_ERR_QFA_UNEXPECTED_TEXT, NULL);
    check_doc(OPEN "&#65;" CLOSE, TT_ERR_QFA_UNEXPECTED_TEXT, NULL);
    check_doc(OPEN "<![CDATA[x]]>" CLOSE, TT_ERR_QFA_UNEXPECTED_TEXT, NULL);
    check_doc(OPEN "<Answer>x<QuestionIdentifier>q</QuestionIdentifier></Answer>" CLOSE,
              TT_ERR_QFA_UNEXPECTED_TEXT, NULL);
    check_doc(OPEN "<Answer></Answer>" CLOSE, TT_ERR_QFA_NO_QID, NULL);
    check_doc(OPEN "<Answer/>" CLOSE, TT_ERR_QFA_NO_QID, NULL);
    check_doc(OPEN "<Answer><FreeText>x</FreeText><QuestionIdentifier>q</QuestionIdentifier>"
                   "</Answer>" CLOSE,
              TT_ERR_QFA_NO_QID, NULL);
    check_doc(OPEN ANS("q", "<QuestionIdentifier>r</QuestionIdentifier>") CLOSE, TT_ERR_QFA_DUP_QID,
              NULL);
    check_doc(OPEN ANS("q", "<FreeText/><FreeText/>") CLOSE, TT_ERR_QFA_DUP_VALUE, NULL);
    check_doc(OPEN ANS("q", "<OtherSelectionText/><OtherSelectionText/>") CLOSE,
              TT_ERR_QFA_DUP_VALUE, NULL);
    check_doc(OPEN ANS("q", "<UploadedFileKey/><UploadedFileKey/>") CLOSE, TT_ERR_QFA_DUP_VALUE,
              NULL);
    {
        static const char *bad[] = {"", " ", "-1", "1.0", "0x10", "1 2", "++1", "9223372036854775808",
                                    "99999999999999999999", "&#x661;"};
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char doc[512];
            snprintf(doc, sizeof doc, "%s%s%s", OPEN "<Answer><QuestionIdentifier>q"
                     "</QuestionIdentifier><UploadedFileSizeInBytes>", bad[i],
                     "</UploadedFileSizeInBytes></Answer>" CLOSE);
            check_doc(doc, TT_ERR_QFA_BAD_SIZE, NULL);
        }
    }
}

/* Bounded strcat. */
static void app(char *d, size_t cap, const char *s)
{
    size_t l = strlen(d), n = strlen(s);
    if (l + n < cap) {
        memcpy(d + l, s, n + 1);
    }
}

/* Limits: depth, names, namespace declarations. */
static void test_limits(void)
{
    char doc[4096];
    size_t n = 0;
    int i;
    n += (size_t)sprintf(doc + n, "<QuestionFormAnswers xmlns:x=\"urn:x\">");
    for (i = 0; i < TT_QFA_MAX_DEPTH - 1; i++)
        n += (size_t)sprintf(doc + n, "<x:e>");
    check_doc(doc, TT_ERR_QFA_TRUNCATED, NULL); /* depth 16 fits */
    sprintf(doc + n, "<x:e>");
    check_doc(doc, TT_ERR_QFA_TOO_DEEP, NULL);
    /* namespace declarations in scope */
    n = (size_t)sprintf(doc, OPEN);
    for (i = 0; i < TT_QFA_MAX_NS - 1; i++)
        n += (size_t)sprintf(doc + n, "<e xmlns=\"urn:x\">");
    check_doc(doc, TT_ERR_QFA_TRUNCATED, NULL);
    sprintf(doc + n, "<e xmlns=\"urn:x\">");
    check_doc(doc, TT_ERR_QFA_TOO_DEEP, NULL);
    /* one long name fits, a longer one overflows TT_QFA_NAME_BYTES */
    memset(doc, 0, sizeof doc);
    app(doc, sizeof doc, "<QuestionFormAnswers><x:");
    memset(doc + strlen(doc), 'n', TT_QFA_NAME_BYTES - 19 - 2 - 8); /* + "xmlns:x" */
    app(doc, sizeof doc, " xmlns:x=\"urn:x\"/></QuestionFormAnswers>");
    check_doc(doc, TT_OK, "");
    memset(doc, 0, sizeof doc);
    app(doc, sizeof doc, "<QuestionFormAnswers><x:");
    memset(doc + strlen(doc), 'n', TT_QFA_NAME_BYTES - 19 - 3 + 1);
    app(doc, sizeof doc, " xmlns:x=\"urn:x\"/></QuestionFormAnswers>");
    check_doc(doc, TT_ERR_QFA_NAME_TOO_LONG, NULL);
    /* names filling TT_QFA_NAME_BYTES across levels */
    memset(doc, 0, sizeof doc);
    app(doc, sizeof doc, "<QuestionFormAnswers>");
    for (i = 0; i < 4; i++) {
        app(doc, sizeof doc, "<x");
        memset(doc + strlen(doc), 'n', 70);
        app(doc, sizeof doc, " xmlns=\"urn:x\">");
    }
    check_doc(doc, TT_ERR_QFA_NAME_TOO_LONG, NULL);
    /* attribute prefixes pending their check count too */
    memset(doc, 0, sizeof doc);
    app(doc, sizeof doc, "<QuestionFormAnswers");
    for (i = 0; i < 30; i++)
        app(doc, sizeof doc, " pppppppp:a=\"1\"");
    app(doc, sizeof doc, "/>");
    check_doc(doc, TT_ERR_QFA_NAME_TOO_LONG, NULL);
    /* XML declaration longer than the name area */
    memset(doc, 0, sizeof doc);
    app(doc, sizeof doc, "<?xml version=\"1.0\"");
    memset(doc + strlen(doc), ' ', 300);
    app(doc, sizeof doc, "?><QuestionFormAnswers/>");
    check_doc(doc, TT_ERR_QFA_BAD_DECL, NULL);
    /* the decoder's own buffer: a decoded value must fit */
    {
        rec r;
        size_t off;
        const char *d1 = OPEN ANS("qq", "<FreeText>&amp;bcd</FreeText>") CLOSE;
        const char *d2 = OPEN ANS("qq", "<FreeText>abcd</FreeText>") CLOSE;
        TT_CHECK_EQ_INT(run_sliced(d1, strlen(d1), 1, 0, 6, &r, &off), TT_OK);
        TT_CHECK_EQ_INT(run_sliced(d1, strlen(d1), 1, 0, 5, &r, &off), TT_ERR_QFA_VALUE_TOO_LONG);
        TT_CHECK_EQ_INT(run_sliced(d1, strlen(d1), strlen(d1), 0, 4, &r, &off), TT_OK);
        TT_CHECK_EQ_INT(run_sliced(d1, strlen(d1), strlen(d1), 0, 3, &r, &off),
                        TT_ERR_QFA_VALUE_TOO_LONG);
        /* whole document at once with plain values: no buffer needed */
        TT_CHECK_EQ_INT(run_sliced(d2, strlen(d2), strlen(d2), 0, 0, &r, &off), TT_OK);
        TT_CHECK_EQ_STR(r.out, "0Q[qq]=[qq];0F[qq]=[abcd];");
        TT_CHECK_EQ_INT(run_sliced(d2, strlen(d2), 3, 0, 6, &r, &off), TT_OK);
        TT_CHECK_EQ_INT(run_sliced(d2, strlen(d2), 3, 0, 5, &r, &off), TT_ERR_QFA_VALUE_TOO_LONG);
    }
}

/* Zero copy: plain values are slices of the input. */
static void test_slices(void)
{
    const char *doc = OPEN ANS("q1", "<FreeText>plain</FreeText><SelectionIdentifier><![CDATA[cd]]>"
                                     "</SelectionIdentifier><OtherSelectionText>a&amp;b"
                                     "</OtherSelectionText>") CLOSE;
    static unsigned char mem[4096];
    tt_arena a;
    rec r;
    int rc;
    tt_arena_init(&a, mem, sizeof mem);
    memset(&r, 0, sizeof r);
    r.in = doc;
    r.inlen = strlen(doc);
    rc = tt_qfa_decode(doc, strlen(doc), &a, on_value, &r, NULL);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(r.slices, 3); /* q1, plain, cd; not a&b */
    TT_CHECK(a.high_water <= tt_qfa_decode_arena_size(strlen(doc)));
}

static void test_api(void)
{
    static unsigned char mem[1 << 16];
    const char *doc = OPEN ANS("q", "<FreeText>x</FreeText>") ANS("r", "") CLOSE;
    size_t need = tt_qfa_decode_arena_size(strlen(doc)), off = 99;
    tt_arena a;
    tt_qfa d;
    rec r;
    int rc;
    /* arena too small: says how much; that much works */
    tt_arena_init(&a, mem, 100);
    rc = tt_qfa_decode(doc, strlen(doc), &a, on_value, &r, &off);
    TT_CHECK_EQ_INT(rc, TT_ERR_ARENA_FULL);
    TT_CHECK_EQ_INT(a.needed, need);
    TT_CHECK_EQ_INT(a.used, 0);
    tt_arena_init(&a, mem, sizeof(tt_qfa) + 4);
    rc = tt_qfa_decode(doc, strlen(doc), &a, on_value, &r, &off);
    TT_CHECK_EQ_INT(rc, TT_ERR_ARENA_FULL);
    TT_CHECK(a.needed >= need - TT_ARENA_ALIGN_MAX && a.needed <= need);
    tt_arena_init(&a, mem, a.needed);
    memset(&r, 0, sizeof r);
    rc = tt_qfa_decode(doc, strlen(doc), &a, on_value, &r, &off);
    TT_CHECK_EQ_INT(rc, TT_OK);
    TT_CHECK_EQ_INT(off, 0);
    TT_CHECK_EQ_STR(r.out, "0Q[q]=[q];0F[q]=[x];1Q[r]=[r];");
    /* bad arguments */
    tt_arena_init(&a, mem, sizeof mem);
    TT_CHECK_EQ_INT(tt_qfa_decode(NULL, 1, &a, on_value, &r, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_qfa_decode(doc, 1, NULL, on_value, &r, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_qfa_decode(doc, 1, &a, NULL, &r, NULL), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_qfa_decode(NULL, 0, &a, on_value, &r, &off), TT_ERR_QFA_NO_ROOT);
    TT_CHECK_EQ_INT(off, 0);
    tt_qfa_init(&d, NULL, 0, NULL, NULL);
    TT_CHECK_EQ_INT(tt_qfa_feed(&d, "<", 1), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_qfa_feed(NULL, "<", 1), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_qfa_finish(NULL), TT_ERR_INVALID_ARG);
    tt_qfa_init(&d, NULL, 0, on_value, &r);
    TT_CHECK_EQ_INT(tt_qfa_feed(&d, NULL, 1), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_qfa_feed(&d, NULL, 0), TT_OK);
    TT_CHECK_EQ_INT(tt_qfa_feed(&d, "<QuestionFormAnswers/>", 22), TT_OK);
    TT_CHECK_EQ_INT(tt_qfa_finish(&d), TT_OK);
    TT_CHECK_EQ_INT(tt_qfa_finish(&d), TT_ERR_INVALID_ARG);
    TT_CHECK_EQ_INT(tt_qfa_feed(&d, " ", 1), TT_ERR_INVALID_ARG);
    /* sticky errors and their offsets */
    tt_qfa_init(&d, NULL, 0, on_value, &r);
    TT_CHECK_EQ_INT(tt_qfa_feed(&d, "<QuestionFormAnswers>\x01", 22), TT_ERR_QFA_BAD_CHAR);
    TT_CHECK_EQ_INT(tt_qfa_error_offset(&d), 21);
    TT_CHECK_EQ_INT(tt_qfa_feed(&d, "x", 1), TT_ERR_QFA_BAD_CHAR);
    TT_CHECK_EQ_INT(tt_qfa_finish(&d), TT_ERR_QFA_BAD_CHAR);
    rc = tt_qfa_decode("<QuestionFormAnswers>x", 22, &a, on_value, &r, &off);
    TT_CHECK_EQ_INT(rc, TT_ERR_QFA_UNEXPECTED_TEXT);
    TT_CHECK_EQ_INT(off, 21);
    /* callback abort, at each callback */
    {
        int k;
        for (k = 1; k <= 3; k++) {
            memset(&r, 0, sizeof r);
            r.abort_at = k;
            rc = tt_qfa_decode(doc, strlen(doc), &a, on_value, &r, NULL);
            TT_CHECK_EQ_INT(rc, TT_ERR_CALLBACK_ABORT);
            TT_CHECK_EQ_INT(r.calls, k);
        }
    }
    /* kind names */
    TT_CHECK_EQ_STR(tt_qfa_kind_name(TT_QFA_QUESTION), "QuestionIdentifier");
    TT_CHECK_EQ_STR(tt_qfa_kind_name(TT_QFA_FREE_TEXT), "FreeText");
    TT_CHECK_EQ_STR(tt_qfa_kind_name(TT_QFA_SELECTION), "SelectionIdentifier");
    TT_CHECK_EQ_STR(tt_qfa_kind_name(TT_QFA_OTHER_SELECTION), "OtherSelectionText");
    TT_CHECK_EQ_STR(tt_qfa_kind_name(TT_QFA_FILE_SIZE), "UploadedFileSizeInBytes");
    TT_CHECK_EQ_STR(tt_qfa_kind_name(TT_QFA_FILE_KEY), "UploadedFileKey");
    TT_CHECK(tt_qfa_kind_name(TT_QFA_KIND_COUNT) == NULL);
    /* every QFA error has a name and a text */
    for (rc = -550; rc >= -576; rc--) {
        TT_CHECK(strncmp(tt_errname(rc), "TT_ERR_QFA_", 11) == 0);
        TT_CHECK(strncmp(tt_strerror(rc), "answer XML: ", 12) == 0);
    }
}

/* The emulator's answers (tests/mturk_server.py) decode. */
static void test_emulator_shape(void)
{
    check_doc("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<QuestionFormAnswers xmlns=\"" NS "\">\n"
              "<Answer>\n<QuestionIdentifier>q1</QuestionIdentifier>\n<FreeText>Caf\xc3\xa9 &quot;"
              "quoted&quot;\ttab &lt;b&gt; &amp; back\\slash\r\nline</FreeText>\n</Answer>\n"
              "</QuestionFormAnswers>",
              TT_OK, "0Q[q1]=[q1];0F[q1]=[Caf\xc3\xa9 \"quoted\"\ttab <b> & back\\slash\nline];");
}

int main(void)
{
    test_constructs();
    test_errors();
    test_limits();
    test_slices();
    test_api();
    test_emulator_shape();
    printf("(%u documents, each one shot and under every slicing: %lu sliced decodes)\n", g_docs,
           g_decodes);
    return tt_test_summary();
}
