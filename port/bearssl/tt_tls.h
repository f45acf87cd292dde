/*
 * tt_tls.h - TLS 1.2 client as a tt_transport layered over any other
 * tt_transport (posix socket, proxy tunnel, a board's lwIP socket), using
 * BearSSL's low-level engine so every wait honours the caller's timeout.
 *
 * Uses no OS and no allocator: the BearSSL client context, X.509 context and
 * record buffer come from the caller's arena; time and entropy come from the
 * tt_platform.  So the same file serves hosts and boards.
 *
 *   tt_tls tls;  tt_transport tcp, t;  tt_tls_config cfg = {0};
 *   cfg.anchors = store.anchors; cfg.anchor_count = store.count;
 *   rc = tt_tls_transport_init(&tls, &tcp, &arena, &cfg, &plat, &t);
 *   rc = t.connect(t.ctx, "mturk-requester.us-east-1.amazonaws.com", 443, 10000);
 *
 * Verification (on unless cfg.no_verify): chain to one of cfg.anchors,
 * validity dates against plat->wall_clock, and the host name:
 *   - a DNS name is sent as SNI and matched by BearSSL against the
 *     certificate's dNSName SANs (wildcards as BearSSL allows them);
 *   - an IPv4/IPv6 literal (e.g. 127.0.0.1, ::1) is NOT sent as SNI
 *     (RFC 6066 forbids it); this module matches it against the end-entity
 *     certificate's iPAddress SANs itself (like Python's ssl: a dNSName
 *     "127.0.0.1" does not count).
 * cfg.server_name, when set, replaces the connect() host for both SNI and the
 * name check (connect to 127.0.0.1, verify "localhost").
 *
 * Time: when wall_clock() reports TT_ERR_CLOCK_UNSET, BearSSL is left to
 * find the time itself: on a host build (BR_USE_UNIX_TIME) it calls time();
 * on a board built with BR_USE_UNIX_TIME=0 the handshake fails with
 * TT_ERR_TLS_NO_TIME - set the clock (SNTP) before the first connect.
 *
 * Cipher suites (hosts, TT_TLS_SMALL 0): ECDHE_ECDSA / ECDHE_RSA with AES-GCM
 * or ChaCha20-Poly1305 only (forward secrecy + AEAD).  RSA key exchange,
 * static ECDH, CBC (SHA-1 or SHA-2) and 3DES suites are never offered, so a
 * server that has only those fails with TT_ERR_TLS_NO_COMMON_SUITE.
 *
 * Session resumption: a reconnect to the same name resumes the previous TLS
 * session when the server allows it (saves a full handshake per retry/page).
 *
 * Error mapping (BearSSL code, kept in last_br_error, -> tt_err):
 *   BR_ERR_X509_NOT_TRUSTED(62), NOT_CA(58), DN_MISMATCH(55),
 *   FORBIDDEN_KEY_USAGE(59)                          -> TT_ERR_TLS_UNTRUSTED
 *   BR_ERR_X509_BAD_SERVER_NAME(56), or IP literal not in iPAddress SANs
 *                                                    -> TT_ERR_TLS_BAD_HOST
 *   BR_ERR_X509_EXPIRED(54): notBefore after the platform's clock
 *                                                    -> TT_ERR_TLS_NOT_YET_VALID
 *     otherwise (expired; or BearSSL's own clock)    -> TT_ERR_TLS_EXPIRED
 *   BR_ERR_X509_TIME_UNKNOWN(53)                     -> TT_ERR_TLS_NO_TIME
 *   other BR_ERR_X509_* (33..60: malformed, unsupported, bad signature,
 *   weak key, critical extension)                    -> TT_ERR_TLS_BAD_CERT
 *   during the handshake: BR_ERR_UNSUPPORTED_VERSION, BR_ERR_BAD_VERSION,
 *   alert protocol_version(70), or any failure after a first server record
 *   carrying a version below TLS 1.2                 -> TT_ERR_TLS_VERSION
 *   during the handshake: BR_ERR_BAD_CIPHER_SUITE, alert handshake_failure(40)
 *   or insufficient_security(71) (OpenSSL's answer when it shares no suite
 *   with us)                                         -> TT_ERR_TLS_NO_COMMON_SUITE
 *   any other engine error or alert during the handshake, or the peer
 *   closing the stream mid-handshake                 -> TT_ERR_TLS_HANDSHAKE
 *   any engine error or alert after the handshake    -> TT_ERR_TLS_IO
 *   send() after the peer closed the session         -> TT_ERR_TLS_CLOSED
 *   timeouts of the lower transport during the handshake
 *                                                    -> TT_ERR_CONNECT_TIMEOUT
 *   other lower-transport errors (TT_ERR_CONN_RESET, TT_ERR_READ_TIMEOUT,
 *   TT_ERR_DNS, TT_ERR_CONNECT, TT_ERR_PROXY, ...)   -> passed through
 *   plat->random() failure                           -> TT_ERR_RANDOM
 *   recv() on a session that is not open             -> TT_ERR_NOT_CONNECTED
 * A TT_ERR_READ_TIMEOUT from recv() leaves the session open (wait again);
 * every other failure closes it (the lower transport too).
 * End of stream: close_notify from the peer gives recv() *got == 0, TT_OK.
 * A TCP close without close_notify after the handshake is treated the same
 * way (as Python's ssl with suppress_ragged_eofs, i.e. the AWS CLI, does);
 * `ragged_eof` records it.  HTTP framing (Content-Length / chunked) is what
 * detects a truncated response.
 */
#ifndef TT_TLS_H
#define TT_TLS_H

#include <bearssl.h>

#include "tt_arena.h"
#include "tt_port.h"

/*
 * Client profile (compile-time, like core/tt_config.h's options):
 *   TT_TLS_SMALL 0: br_ssl_client_init_full's algorithms with the host
 *     suites above (TLS 1.2 only).  Default on hosts.
 *   TT_TLS_SMALL 1: the reduced firmware profile, default under -Os: TLS 1.2,
 *     ECDHE_ECDSA / ECDHE_RSA with AES-128/256-GCM, SHA-224..512, RSA
 *     (PKCS#1 v1.5) and ECDSA signatures.  Enough for MTurk's endpoints
 *     (RSA chain to Amazon Root CA 1, ECDHE P-256) and the test PKI.  No
 *     CBC, ChaCha20, 3DES, static RSA/ECDH key exchange, MD5 or SHA-1.
 *   TT_TLS_EC_IMPL: the curves of the small profile (a const br_ec_impl *,
 *     for ECDHE and ECDSA).  Default &br_ec_prime_i31: P-256, P-384, P-521
 *     with BearSSL's generic code, the smallest.  &br_ec_all_m31 adds a
 *     fast P-256 and X25519: on the Cortex-M4 kiosk (make size) +7.7 KB of
 *     code, and an ECDHE-RSA handshake of 13.0 M instructions instead of
 *     33.3 M (QEMU -icount) - worth it where handshakes are frequent.
 */
#ifndef TT_TLS_SMALL
#ifdef __OPTIMIZE_SIZE__
#define TT_TLS_SMALL 1
#else
#define TT_TLS_SMALL 0
#endif
#endif
#ifndef TT_TLS_EC_IMPL
#define TT_TLS_EC_IMPL (&br_ec_prime_i31)
#endif
/* TT_TLS_SHA384 (small profile only) 1: also AES-256-GCM-SHA384 suites and
 * SHA-224/384/512 signatures (P-384 chains such as Amazon Root CA 4's).  0
 * keeps SHA-256 only: -4.1 KB on the Cortex-M4 kiosk; MTurk's RSA / SHA-256
 * chain and AES-128-GCM still work. */
#ifndef TT_TLS_SHA384
#define TT_TLS_SHA384 1
#endif
/* TT_TLS_CORE_SHA256 (small profile only) 1: BearSSL hashes with the core's
 * SHA-256 (core/tt_sha256.h, through a br_hash_class) and derives keys with
 * a TLS 1.2 PRF over the core's HMAC, so an image holds one SHA-256, not
 * two (-1.4 KB on the Cortex-M4 kiosk).  SHA-224/384/512, when enabled,
 * stay BearSSL's.  0: BearSSL's own (br_sha256_vtable, br_tls12_sha256_prf). */
#ifndef TT_TLS_CORE_SHA256
#define TT_TLS_CORE_SHA256 TT_TLS_SMALL
#endif
/* TT_TLS_NO_VERIFY 1: cfg.no_verify works (BearSSL's X.509 decoder hands
 * the end-entity key to the key exchange).  0: firmware that always
 * verifies leaves the decoder out (-2.7 KB on the Cortex-M4 kiosk) and
 * tt_tls_transport_init() refuses cfg.no_verify with TT_ERR_INVALID_ARG. */
#ifndef TT_TLS_NO_VERIFY
#define TT_TLS_NO_VERIFY 1
#endif

/* Longest server name BearSSL accepts for SNI (its buffer is 256 bytes). */
#define TT_TLS_MAX_NAME 255

/* TLS settings: plain data, copied by tt_tls_transport_init() (the
 * pointers in it stay borrowed). */
typedef struct tt_tls_config {
    /* Trust anchors (borrowed; must outlive the tt_tls).  From tt_ca_load_file()
     * on a host, or a const array generated by `brssl ta` on a board.
     * Required (count > 0) unless no_verify. */
    const br_x509_trust_anchor *anchors;
    size_t anchor_count; /* entries in anchors */
    /* 1: accept ANY server certificate (explicit opt-in, --no-verify-ssl).
     * The key exchange still uses the end-entity certificate's key.
     * Needs TT_TLS_NO_VERIFY (else TT_ERR_INVALID_ARG). */
    int no_verify;
    /* NULL: verify and send SNI for the connect() host; else use this name
     * (borrowed, NUL-terminated; must outlive the tt_tls). */
    const char *server_name;
    /* 0: half-duplex 16 709-byte record buffer (enough for HTTP/1.1
     * request/response); 1: full-duplex 33 178 bytes. */
    int bidi;
    /* 0: each record header and body is read from the lower transport as
     * BearSSL asks for it (two recv calls per record, no extra memory);
     * N > 0: recv up to N bytes at a time into a staging buffer of N bytes
     * taken from the arena, and feed the engine from it (about half the
     * recv calls: a host CLI uses 16 KiB; a device keeps 0). */
    size_t readahead;
} tt_tls_config;

struct tt_tls_x509; /* private X.509 wrapper (in the arena) */

/*
 * One TLS client.  Caller-owned; must outlive `out`.  Fields after `cfg` are
 * read-only diagnostics for --debug.
 */
typedef struct tt_tls {
    const tt_transport *lower;      /* borrowed */
    const tt_platform *plat;        /* borrowed */
    br_ssl_client_context *cc;      /* in the arena */
    br_x509_minimal_context *xc;    /* in the arena */
    struct tt_tls_x509 *xw;         /* in the arena */
    unsigned char *iobuf;           /* in the arena */
    size_t iobuf_len;               /* its size */
    tt_tls_config cfg;              /* copy (pointers inside still borrowed) */
    int open;                       /* handshake done, not closed */
    int eof;                        /* peer ended the stream */
    int ragged_eof;                 /* ... without close_notify */
    int last_br_error;              /* BearSSL error of the last failure (0 = none) */
    int time_from_platform;         /* 1: dates checked against plat->wall_clock */
    uint16_t peer_version;          /* version field of the server's first record
                                       of the last handshake (0: none received) */
    unsigned char *ra;              /* (private) read-ahead buffer (arena), or NULL */
    size_t ra_pos, ra_len;          /* (private) unread bytes are ra[ra_pos..ra_len) */
    unsigned char rec_hdr[3];       /* (private) its first 3 bytes */
    size_t rec_hdr_len;             /* (private) bytes in rec_hdr */
    char last_name[TT_TLS_MAX_NAME + 1]; /* name of the session we may resume */
} tt_tls;

/*
 * Arena bytes tt_tls_transport_init() takes for `cfg` (including worst-case
 * alignment padding).  x86-64 figures: verify + half-duplex 23 781 (+7),
 * verify + full-duplex 40 250 (+7), no_verify + half-duplex 21 781 (+7).
 */
size_t tt_tls_arena_bytes(const tt_tls_config *cfg);

/*
 * Build `out` (ctx = t) running TLS over `lower`.  Allocates the BearSSL
 * contexts and the record buffer from `arena` (kept until the caller rolls
 * the arena back past them - only after closing).  `lower`, `plat`, `arena`
 * contents and cfg's pointers are borrowed and must outlive `t`.
 * Returns TT_OK, TT_ERR_ARENA_FULL (arena->needed says how much) or
 * TT_ERR_INVALID_ARG (NULL argument, no anchors with verification on, or
 * cfg.no_verify in a build with TT_TLS_NO_VERIFY 0).
 * No network traffic happens until out->connect().
 */
int tt_tls_transport_init(tt_tls *t, const tt_transport *lower, tt_arena *arena,
                          const tt_tls_config *cfg, const tt_platform *plat, tt_transport *out);

/* Map a BearSSL error code to a tt_err (table above); `handshake` selects
 * TT_ERR_TLS_HANDSHAKE vs TT_ERR_TLS_IO for non-certificate errors. */
int tt_tls_map_br_error(int br_err, int handshake);

/* Symbolic name of a BearSSL error code for --debug, e.g.
 * "BR_ERR_X509_NOT_TRUSTED"; alerts give "BR_ERR_RECV_FATAL_ALERT" /
 * "BR_ERR_SEND_FATAL_ALERT" (the alert number is code & 255).  Static
 * string, never NULL. */
const char *tt_tls_br_errname(int br_err);

/* Parse an IPv4 dotted quad or an IPv6 literal (optionally in brackets).
 * Returns 4 or 16 and fills out[], or 0 when `s` is not an IP literal. */
size_t tt_tls_parse_ip(const char *s, uint8_t out[16]);

#endif /* TT_TLS_H */
