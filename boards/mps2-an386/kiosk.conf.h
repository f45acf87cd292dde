/*
 * kiosk.conf.h - the kiosk's build-time configuration (the default one).
 *
 * Copy it, edit it and build with
 *     make BOARD=mps2-an386 KIOSK_CONFIG=path/to/my.conf.h
 * (board.mk copies the chosen file to $(BUILD)/mps2-an386/gen/kiosk_config.h,
 * which kiosk.c includes; the image is rebuilt when the file or the choice
 * changes).  Every value may also be left out: kiosk.c has the same
 * defaults.  For tests, the semihosting command line (QEMU -append, i.e.
 * `make ... run RUN_ARGS="key=value ..."`) overrides a few at run time:
 * hit= polls= interval= status= page= max= server= port= https= name=
 * time= ip= dns= (and chacha= when the ChaCha20 code is in).
 *
 * These defaults fit the test network of scripts/board-run.sh (a network
 * namespace; the board is 10.77.0.2, the emulator 10.77.0.1:8080) and the
 * emulator's example credentials.  NEVER put real credentials in a file
 * that is committed.
 */

/* Network: a static address, or "dhcp" (then netmask/gateway/DNS come from
 * the DHCP server). */
#define KIOSK_IP "10.77.0.2"
#define KIOSK_NETMASK "255.255.255.0"
#define KIOSK_GATEWAY "10.77.0.1"
#define KIOSK_DNS "10.77.0.1" /* DNS server for host names (static mode) */

/* Endpoint: a host name (resolved through lwIP DNS) or an IPv4 address.
 * The real service: "mturk-requester.us-east-1.amazonaws.com", 443, 1. */
#define KIOSK_SERVER "10.77.0.1"
#define KIOSK_PORT 8080
#define KIOSK_HTTPS 1
/* Name the server's certificate must carry (TLS); the test CA's server
 * certificate is for "localhost".  NULL = KIOSK_SERVER. */
#define KIOSK_TLS_NAME "localhost"
#define KIOSK_REGION "us-east-1"
/* TLS suites: 0 = ECDHE + AES-GCM (port/bearssl's profile; any endpoint),
 * 1 = ChaCha20-Poly1305 offered first, 2 = ChaCha20-Poly1305 only (6x less
 * CPU per byte on Cortex-M4; the server must support it).  See kiosk.c.
 * 0 leaves the ChaCha20 code out (2.5 KB) unless KIOSK_TLS_CHACHA_CODE is 1
 * (then chacha= chooses at run time). */
#define KIOSK_TLS_CHACHA 0

/* Credentials: the emulator's example keys (AWS documentation's). */
#define KIOSK_AKID "AKIDEXAMPLE"
#define KIOSK_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define KIOSK_SESSION_TOKEN NULL

/* What to watch: Submitted assignments of this HIT, KIOSK_POLLS times,
 * KIOSK_POLL_INTERVAL_MS apart, KIOSK_PAGE_SIZE per request (0 = the
 * service's default). */
#define KIOSK_HIT "3DEMOHIT0000000000000000000001"
#define KIOSK_STATUS "Submitted"
#define KIOSK_POLLS 3
#define KIOSK_POLL_INTERVAL_MS 1000
#define KIOSK_PAGE_SIZE 100

/* Deduplication memory: KIOSK_SEEN_SETS x KIOSK_SEEN_WAYS digests of 12 B
 * (see kiosk_seen.h for what happens when it fills). */
#define KIOSK_SEEN_SETS 32u
#define KIOSK_SEEN_WAYS 8u
