/*
 * fuzz_http.c - libFuzzer target for core/tt_http.c.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Icore tests/fuzz/fuzz_http.c core/ *.c
 *
 * Input byte 0 picks options (CONNECT mode, a canned prefix, split seed);
 * byte 1's low 4 bits give K, the count of slice-size bytes that follow
 * (each byte b = a slice of b + 1 bytes, used in turn, cycling); the rest,
 * after the prefix, is a byte stream from a "server".  The stream is parsed
 * (a) whole, (b) 1 byte at a time and (c) in the slices the input chose
 * (K = 0: pseudo-random slices seeded by byte 0), each continuing with the next
 * pipelined response after a complete one, then eof.  All three must agree
 * on every callback (body bytes compared as a stream), error and flag;
 * anything else traps.  The same bytes also drive the request writer and the
 * Host formatter, whose outputs must never contain a line break that came
 * from the caller's strings.
 *
 * Builds as a plain C99 file too; -DTT_FUZZ_STANDALONE adds a main() that
 * runs each file named on the command line once (for replaying a crash
 * without libFuzzer).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tt_http.h"

#ifdef TT_FUZZ_STANDALONE
#include <stdio.h>
#include <stdlib.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

/* Order-sensitive digest of the callback stream; body bytes are hashed one
 * by one so split points do not matter. */
typedef struct {
    uint64_t h;
    int in_body;
    size_t events;
} digest_t;

static void dg_byte(digest_t *d, unsigned b)
{
    d->h ^= (uint64_t)(b & 0xffu);
    d->h *= 0x100000001b3ull;
}

static void dg_bytes(digest_t *d, const void *p, size_t n)
{
    const unsigned char *c = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++)
        dg_byte(d, c[i]);
}

static void dg_tag(digest_t *d, unsigned tag, size_t len)
{
    d->in_body = 0;
    d->events++;
    dg_byte(d, tag);
    dg_bytes(d, &len, sizeof len);
}

static int f_status(void *ctx, int status, const char *reason_ptr, size_t reason_len)
{
    digest_t *d = (digest_t *)ctx;
    tt_str reason = {reason_ptr, reason_len};
    FUZZ_CHECK(status >= 100 && status <= 999 && status != 101);
    FUZZ_CHECK(reason.ptr != NULL || reason.len == 0);
    FUZZ_CHECK(reason.len <= TT_HTTP_MAX_LINE);
    dg_tag(d, 'S', (size_t)status);
    dg_bytes(d, reason.ptr, reason.len);
    return 0;
}

static int f_header(void *ctx, const char *name_ptr, size_t name_len, const char *value_ptr,
                    size_t value_len)
{
    digest_t *d = (digest_t *)ctx;
    tt_str name = {name_ptr, name_len}, value = {value_ptr, value_len};
    size_t i;
    FUZZ_CHECK(name.len > 0 && name.len + value.len < TT_HTTP_MAX_LINE);
    for (i = 0; i < name.len; i++)
        FUZZ_CHECK(name.ptr[i] != ':' && name.ptr[i] != ' ' && name.ptr[i] != '\r' &&
                   name.ptr[i] != '\n');
    for (i = 0; i < value.len; i++)
        FUZZ_CHECK(value.ptr[i] != '\r' && value.ptr[i] != '\n' && value.ptr[i] != 0);
    if (value.len)
        FUZZ_CHECK(value.ptr[0] != ' ' && value.ptr[value.len - 1] != ' ');
    dg_tag(d, 'H', name.len);
    dg_bytes(d, name.ptr, name.len);
    dg_bytes(d, value.ptr, value.len);
    return 0;
}

static int f_done(void *ctx)
{
    dg_tag((digest_t *)ctx, 'D', 0);
    return 0;
}

static int f_body(void *ctx, const uint8_t *p, size_t n)
{
    digest_t *d = (digest_t *)ctx;
    FUZZ_CHECK(n > 0 && p != NULL);
    if (!d->in_body) {
        dg_tag(d, 'B', 0);
        d->in_body = 1;
    }
    dg_bytes(d, p, n);
    return 0;
}

static const tt_http_callbacks f_cbs = {f_status, f_header, f_done, f_body};

typedef struct {
    digest_t dg;
    int rc;       /* final result (feed error or eof result) */
    size_t used;  /* bytes consumed in total */
    int responses; /* complete responses */
    int ka;        /* keep-alive bits of the first 16 responses */
} outcome_t;

static unsigned char arena_mem[TT_HTTP_PARSER_ARENA_BYTES];

/* Slice sizes chosen by the fuzz input (mode 2). */
static const uint8_t *g_slices;
static size_t g_nslices;

/* mode 0: whole, 1: bytewise, 2: the input's slices (or pseudo-random ones
 * from `seed` when it gave none). */
static void parse(const uint8_t *in, size_t len, int mode, uint32_t seed, int connect,
                  outcome_t *o)
{
    size_t slice = 0;
    tt_arena a;
    tt_http_parser p;
    size_t off = 0;
    int rc;

    memset(o, 0, sizeof *o);
    o->dg.h = 0xcbf29ce484222325ull;
    tt_arena_init(&a, arena_mem, sizeof arena_mem);
    FUZZ_CHECK(tt_http_parser_init(&p, &a, &f_cbs, &o->dg) == TT_OK);
    if (connect)
        tt_http_parser_expect_connect(&p);
    for (;;) {
        size_t n, used = 0;
        if (off == len) {
            rc = tt_http_parser_eof(&p);
            if (rc == TT_OK && tt_http_parser_done(&p)) {
                /* a close-delimited body finished */
                FUZZ_CHECK(!tt_http_parser_keep_alive(&p));
                o->responses++;
            }
            break;
        }
        n = len - off;
        if (mode == 1) {
            n = 1;
        } else if (mode == 2 && g_nslices > 0) {
            size_t want = (size_t)g_slices[slice++ % g_nslices] + 1u;
            if (want < n)
                n = want;
        } else if (mode == 2) {
            seed = seed * 1103515245u + 12345u;
            n = 1 + (size_t)(seed >> 16) % (n < 64 ? n : 64);
        }
        rc = tt_http_parser_feed(&p, in + off, n, &used);
        FUZZ_CHECK(used <= n);
        off += used;
        if (rc != TT_OK) {
            FUZZ_CHECK(rc <= -400 && rc >= -499);
            FUZZ_CHECK(tt_http_parser_error(&p) == rc);
            FUZZ_CHECK(!tt_http_parser_done(&p) && !tt_http_parser_keep_alive(&p));
            /* sticky */
            FUZZ_CHECK(tt_http_parser_feed(&p, in, len, &used) == rc && used == 0);
            FUZZ_CHECK(tt_http_parser_eof(&p) == rc);
            break;
        }
        if (tt_http_parser_done(&p)) {
            if (o->responses < 16 && tt_http_parser_keep_alive(&p))
                o->ka |= 1 << o->responses;
            o->responses++;
            tt_http_parser_reset(&p);
            /* CONNECT only applies to the first response. */
        } else {
            FUZZ_CHECK(used == n);
        }
    }
    o->rc = rc;
    o->used = off;
}

static int sink_count(void *ctx, const uint8_t *p, size_t n)
{
    (void)p;
    *(size_t *)ctx += n;
    return 0;
}

/* Writer / Host formatter driven by the same bytes: split the input into
 * method, name, value; whatever is accepted must not hold a line break. */
static void fuzz_writer(const uint8_t *in, size_t len)
{
    static uint8_t out[8192];
    static char host[1024];
    tt_http_header h[2];
    tt_str m, t;
    size_t a = len / 3, b = 2 * len / 3, n = 0, i, crlf = 0, hl = 0, counted = 0;
    int rc;

    m.ptr = (const char *)in;
    m.len = a < 8 ? a : 8;
    t.ptr = "/";
    t.len = 1;
    h[0].name.ptr = (const char *)in + a;
    h[0].name.len = b - a;
    h[0].value.ptr = (const char *)in + b;
    h[0].value.len = len - b;
    h[1].name = tt_str_c("Host");
    h[1].value = tt_str_c("x");
    rc = tt_http_format_request(out, sizeof out, &n, m, t, h, 2, in, len);
    if (rc == TT_OK) {
        for (i = 0; i < h[0].name.len; i++)
            FUZZ_CHECK(in[a + i] != '\r' && in[a + i] != '\n' && in[a + i] != ':');
        for (i = 0; i < h[0].value.len; i++)
            FUZZ_CHECK(in[b + i] != '\r' && in[b + i] != '\n');
        /* head = request line + 2 headers + Content-Length + blank line */
        for (i = 0; i + 1 < n - len; i++)
            if (out[i] == '\r' && out[i + 1] == '\n')
                crlf++;
        FUZZ_CHECK(crlf == 5);
        FUZZ_CHECK(tt_http_write_request(m, t, h, 2, in, len, sink_count, &counted) == TT_OK);
        FUZZ_CHECK(counted == n);
    } else if (rc == TT_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(n > sizeof out);
    } else {
        FUZZ_CHECK(rc == TT_ERR_HTTP_HEADER_INJECTION || rc == TT_ERR_HTTP_BAD_REQUEST_HEADER ||
                   rc == TT_ERR_HTTP_BAD_REQUEST_LINE);
    }
    rc = tt_http_format_host(host, sizeof host, &hl, h[0].value, 8443, 1);
    if (rc == TT_OK) {
        FUZZ_CHECK(hl < sizeof host && host[hl] == '\0' && strlen(host) == hl);
        for (i = 0; i < hl; i++)
            FUZZ_CHECK((unsigned char)host[i] > 0x20 && (unsigned char)host[i] < 0x7f);
    } else {
        FUZZ_CHECK(rc == TT_ERR_HTTP_BAD_HOST || rc == TT_ERR_BUFFER_TOO_SMALL);
    }
}

/* Canned starts picked by bits 1..3 of byte 0, so the fuzzer reaches the
 * header, chunk and body states quickly even from an empty corpus. */
static const char *const prefixes[8] = {
    "",
    "HTTP/1.1 200 OK\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: ",
    "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n",
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 ",
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 ",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;e=v\r\nhello\r\n0\r\n",
};

static uint8_t input[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    outcome_t whole, bytes, rnd;
    int connect;
    uint32_t seed;
    size_t plen;

    static uint8_t slices[16];
    size_t k, hdr;

    if (size < 2)
        return 0;
    connect = data[0] & 1;
    seed = (uint32_t)data[0] * 2654435761u;
    k = data[1] & 15u;
    hdr = 2 + k;
    if (size < hdr)
        return 0;
    memcpy(slices, data + 2, k);
    g_slices = slices;
    g_nslices = k;
    plen = strlen(prefixes[(data[0] >> 1) & 7u]);
    if (size - hdr > sizeof input - plen)
        return 0;
    memcpy(input, prefixes[(data[0] >> 1) & 7u], plen);
    memcpy(input + plen, data + hdr, size - hdr);
    data = input;
    size = size - hdr + plen;

    parse(data, size, 0, 0, connect, &whole);
    parse(data, size, 1, 0, connect, &bytes);
    parse(data, size, 2, seed, connect, &rnd);
    FUZZ_CHECK(whole.rc == bytes.rc && whole.rc == rnd.rc);
    FUZZ_CHECK(whole.dg.h == bytes.dg.h && whole.dg.h == rnd.dg.h);
    FUZZ_CHECK(whole.dg.events == bytes.dg.events && whole.dg.events == rnd.dg.events);
    FUZZ_CHECK(whole.responses == bytes.responses && whole.responses == rnd.responses);
    FUZZ_CHECK(whole.ka == bytes.ka && whole.ka == rnd.ka);
    if (whole.rc == TT_OK)
        FUZZ_CHECK(whole.used == size && bytes.used == size && rnd.used == size);

    fuzz_writer(data, size);
    return 0;
}

#include "fuzz_standalone.h"
