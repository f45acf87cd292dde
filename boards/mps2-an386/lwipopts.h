/*
 * lwipopts.h - lwIP configuration of the mps2-an386 kiosk.  The shared
 * values (NO_SYS, pools sized for one TLS connection, IPv4/TCP/UDP/DHCP/DNS,
 * PBUF_POOL_BUFSIZE) are port/lwip/tt_lwipopts.h's; here only what is this
 * board's: asserts, randomness.
 */
#ifndef KIOSK_LWIPOPTS_H
#define KIOSK_LWIPOPTS_H

#define LWIP_NOASSERT 1 /* defining it disables lwIP's asserts (code size) */

/* TCP initial sequence numbers, ports, DHCP xid, DNS ids (see
 * kiosk_rand32: test-only randomness, the MPS2 has no TRNG). */
unsigned int kiosk_rand32(void);
#define LWIP_RAND() ((u32_t)kiosk_rand32())

#include "tt_lwipopts.h"

#endif /* KIOSK_LWIPOPTS_H */
