/*
 * tt_port.h - what the core needs from the world, as plain function tables.
 *
 * The core never calls the OS.  A port (port/posix, port/bearssl, a board's
 * lwIP glue) fills these structs; the caller owns them and they must outlive
 * every client that uses them.  All functions return TT_OK or a negative
 * tt_err code (see tt_error.h for which codes fit where).
 *
 * TLS is a transport too: port/bearssl wraps any tt_transport into another
 * tt_transport, so TLS composes with any socket port (and with a proxy
 * tunnel under it).
 */
#ifndef TT_PORT_H
#define TT_PORT_H

#include "tt_base.h"

/*
 * A byte stream to one peer.  Not thread-safe; one connection at a time.
 *
 * connect: open a stream to host:port (host is a NUL-terminated name or
 *   address literal, borrowed for the call only).  Fails with TT_ERR_DNS,
 *   TT_ERR_CONNECT, TT_ERR_CONNECT_TIMEOUT, TT_ERR_PROXY or a TLS code.
 *   Calling connect on an open transport closes the old stream first.
 * send: write all `len` bytes or fail (TT_ERR_WRITE_TIMEOUT, TT_ERR_CONN_RESET,
 *   TT_ERR_IO, TLS codes).
 * recv: wait up to timeout_ms for at least one byte; stores the count in
 *   *got (1..cap).  *got == 0 with TT_OK means the peer closed the stream
 *   cleanly.  Fails with TT_ERR_READ_TIMEOUT, TT_ERR_CONN_RESET, TT_ERR_IO,
 *   TLS codes.
 * close: release the stream; safe to call when not connected.
 */
typedef struct tt_transport {
    void *ctx; /* the port's state, passed back to every call */
    int (*connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms);
    int (*send)(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms);
    int (*recv)(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms);
    void (*close)(void *ctx);
} tt_transport;

/*
 * Time, sleep and randomness.
 *
 * monotonic_ms: milliseconds from an arbitrary origin, never going back.
 * wall_clock: UTC seconds since 1970 into *epoch_s, or TT_ERR_CLOCK_UNSET
 *   when the device does not know the time (no RTC, no NTP yet); the engine
 *   then takes the time from the service's Date header.
 * sleep_ms: block for about `ms` milliseconds (retry back-off).
 * random: fill out[0..len) with unpredictable bytes (back-off jitter, TLS);
 *   TT_ERR_RANDOM when none is available.
 */
typedef struct tt_platform {
    void *ctx; /* the port's state, passed back to every call */
    uint64_t (*monotonic_ms)(void *ctx);
    int (*wall_clock)(void *ctx, int64_t *epoch_s);
    void (*sleep_ms)(void *ctx, uint32_t ms);
    int (*random)(void *ctx, uint8_t *out, size_t len);
} tt_platform;

#endif /* TT_PORT_H */
