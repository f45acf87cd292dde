/* bench_page.c - throughput of the streaming page decoder (tt_page_feed) on
 * a synthetic 100-Assignment ListAssignmentsForHIT page shaped like the
 * local emulator's bench data set: ids, status, timestamps in int /
 * decimal / exponent form, an Answer of QuestionFormAnswers XML with
 * quotes, newlines, tabs and non-ASCII text.  Two renderings: compact JSON
 * (like --plain) and an "odd" one (\uXXXX escapes incl. surrogate pairs,
 * escaped slashes, spaces, unknown keys and nulls, like the default).
 * Fed whole, in 4 KiB pieces and one byte at a time (the slow path).
 * Prints MB/s (best of TRIALS, thread CPU time); asserts nothing. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tt_page.h"

#define TRIALS 15
#define PAGE_MAX (256 * 1024)

static unsigned char page[PAGE_MAX];
static size_t page_len;
static unsigned char mem[16384];
static uint32_t rng = 12345;
static volatile size_t sink;

static uint32_t rnd(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

static void put(const char *s)
{
    size_t n = strlen(s);
    if (page_len + n <= PAGE_MAX) {
        memcpy(page + page_len, s, n);
        page_len += n;
    }
}

static void put_hex(unsigned n)
{
    char b[2] = {0, 0};
    while (n--) {
        b[0] = "0123456789ABCDEF"[rnd() % 16];
        put(b);
    }
}

/* Answer text; `odd` escapes what the emulator's odd mode escapes. */
static void put_answer(int odd)
{
    static const char *const phrases[] = {
        "na\xc3\xaf" "ve r\xc3\xa9" "sum\xc3\xa9 tab\\tseparated\\tvalues",
        "{\\\"json\\\": [1]} \xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9 \xc3\xb1 \xc3\x9f",
        "He said \\\"hello\\\" &amp; left", "emoji \xf0\x9f\x98\x80 ok",
        "plain text answer with a few more words in it", "apostrophe's"};
    const char *lt = odd ? "\\u003c" : "<", *gt = odd ? "\\u003E" : ">";
    const char *sl = odd ? "\\/" : "/";
    unsigned q;

    put("\"");
    put(lt);
    put("?xml version=\\\"1.0\\\" encoding=\\\"UTF-8\\\" standalone=\\\"no\\\"?");
    put(gt);
    put("\\n");
    put(lt);
    put("QuestionFormAnswers xmlns=\\\"http:");
    put(sl);
    put(sl);
    put("mechanicalturk.amazonaws.com");
    put(sl);
    put("AWSMechanicalTurkDataSchemas");
    put(sl);
    put("2005-10-01");
    put(sl);
    put("QuestionFormAnswers.xsd\\\"");
    put(gt);
    put("\\n");
    for (q = 1; q <= 3; q++) {
        char num[8];
        put(lt);
        put("Answer");
        put(gt);
        put("\\n");
        put(lt);
        put("QuestionIdentifier");
        put(gt);
        snprintf(num, sizeof num, "q%u", q);
        put(num);
        put(lt);
        put(sl);
        put("QuestionIdentifier");
        put(gt);
        put("\\n");
        put(lt);
        put("FreeText");
        put(gt);
        put(odd && q == 2 ? "\\ud83d\\ude00 " : "");
        put(phrases[rnd() % 6]);
        put(lt);
        put(sl);
        put("FreeText");
        put(gt);
        put("\\n");
        put(lt);
        put(sl);
        put("Answer");
        put(gt);
        put("\\n");
    }
    put(lt);
    put(sl);
    put("QuestionFormAnswers");
    put(gt);
    put("\"");
}

static void build_page(int odd)
{
    static const char *const status[] = {"Submitted", "Approved", "Rejected"};
    const char *sep = odd ? ", " : ",", *col = odd ? ": " : ":";
    unsigned i;
    char b[64];

    page_len = 0;
    put(odd ? "{\"NumResults\": 100, \"Assignments\": [" : "{\"NextToken\":\"TOKEN+/==\","
                                                           "\"NumResults\":100,\"Assignments\":[");
    for (i = 0; i < 100; i++) {
        put(i ? sep : "");
        put("{\"AssignmentId\"");
        put(col);
        put("\"");
        put_hex(30);
        put("\"");
        put(sep);
        put("\"WorkerId\"");
        put(col);
        put("\"A");
        put_hex(13);
        put("\"");
        put(sep);
        if (odd) {
            put("\"Extra\": {\"Assignments\": [1, 2], \"AssignmentId\": null}, ");
            put("\"RequesterFeedback\": null, ");
        }
        put("\"HITId\"");
        put(col);
        put("\"BENCHHIT0000000000000000000001\"");
        put(sep);
        put("\"AssignmentStatus\"");
        put(col);
        snprintf(b, sizeof b, "\"%s\"", status[i % 3]);
        put(b);
        put(sep);
        snprintf(b, sizeof b, "\"AutoApprovalTime\"%s1706912%03u.815%s", col, i, sep);
        put(b);
        snprintf(b, sizeof b, "\"AcceptTime\"%s1.704320%03u739E9%s", col, i, sep);
        put(b);
        snprintf(b, sizeof b, "\"SubmitTime\"%s1704320%03u%s", col, i, sep);
        put(b);
        snprintf(b, sizeof b, "\"Deadline\"%s1704323600.739%s", col, sep);
        put(b);
        put("\"Answer\"");
        put(col);
        put_answer(odd);
        put("}");
    }
    put(odd ? "], \"NextToken\": \"TOKEN+\\/==\"}" : "]}");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: less hurt by a busy host */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int on_asg(void *ctx, const tt_assignment *a, size_t index)
{
    (void)ctx;
    sink += a->answer.len + index;
    return 0;
}

/* One decode of the page in `piece`-byte feeds; returns seconds or -1. */
static double decode(size_t piece)
{
    tt_arena ar;
    tt_page_decoder d;
    size_t off, n;
    double t0 = now_s();

    tt_arena_init(&ar, mem, sizeof mem);
    tt_page_init(&d, &ar, TT_FIELDS_ALL, 0, on_asg, NULL);
    for (off = 0; off < page_len; off += n) {
        n = page_len - off < piece ? page_len - off : piece;
        if (tt_page_feed(&d, page + off, n) != TT_OK)
            return -1;
    }
    if (tt_page_finish(&d) != TT_OK || tt_page_count(&d) != 100)
        return -1;
    return now_s() - t0;
}

/* Decode the page in `piece`-byte feeds TRIALS x reps times: best MB/s. */
static double best_mbs(size_t piece, unsigned reps)
{
    double best = 1e9, dt;
    unsigned t, r;

    for (t = 0; t < TRIALS; t++) {
        double sum = 0;
        for (r = 0; r < reps; r++) {
            if ((dt = decode(piece)) < 0)
                return -1;
            sum += dt;
        }
        if (sum / reps < best)
            best = sum / reps;
    }
    return (double)page_len / best / 1e6;
}

/* bench_page FILE...: each file one page body (e.g. captured from the
 * emulator with --debug), fed whole, in 16 KiB pieces (the Linux CLI's
 * receive buffer) and in 512-byte ones (the engine's default). */
static int bench_files(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        double w, b, s;
        if (!f) {
            printf("  %s: cannot open\n", argv[i]);
            continue;
        }
        page_len = fread(page, 1, sizeof page, f);
        fclose(f);
        w = best_mbs(PAGE_MAX, 40);
        b = best_mbs(16384, 40);
        s = best_mbs(512, 40);
        if (w < 0 || b < 0 || s < 0)
            printf("  %s: decode failed\n", argv[i]);
        else
            printf("  %s, %lu bytes: whole %6.0f MB/s  16 KiB %6.0f MB/s  512 B %6.0f MB/s\n",
                   argv[i], (unsigned long)page_len, w, b, s);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const size_t pieces[] = {PAGE_MAX, 4096, 1};
    static const char *const piece_name[] = {"whole", "4 KiB", "1 byte"};
    int odd;
    unsigned p, t, reps;

    if (argc > 1)
        return bench_files(argc, argv);

    printf("tt_page_feed on a synthetic 100-Assignment page (best of %d, thread CPU)\n", TRIALS);
    for (odd = 0; odd <= 1; odd++) {
        build_page(odd);
        printf("  %-8s page, %6lu bytes:", odd ? "odd" : "compact", (unsigned long)page_len);
        for (p = 0; p < 3; p++) {
            double best = 1e9, dt;
            reps = pieces[p] == 1 ? 5 : 20;
            for (t = 0; t < TRIALS; t++) {
                double sum = 0;
                unsigned r;
                for (r = 0; r < reps; r++) {
                    if ((dt = decode(pieces[p])) < 0) {
                        printf("  decode failed\n");
                        return 0;
                    }
                    sum += dt;
                }
                if (sum / reps < best)
                    best = sum / reps;
            }
            printf("  %s %6.0f MB/s", piece_name[p], (double)page_len / best / 1e6);
        }
        printf("\n");
    }
    return 0;
}
