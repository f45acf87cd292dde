/*
 * kiosk_config.h - host stand-in for the board's generated configuration
 * header, so tests/lwip/seen_check.c can compile the kiosk's dedupe table
 * (boards/mps2-an386/kiosk_seen.c) with a tiny geometry: 2 sets x 4 ways.
 */
#define KIOSK_SEEN_SETS 2u
#define KIOSK_SEEN_WAYS 4u
