/*
 * lwipopts.h - lwIP configuration of the rv32 image.  The shared values
 * (NO_SYS raw API, pools sized for one TLS connection, IPv4 + TCP + UDP +
 * DHCP + DNS, an explicit PBUF_POOL_BUFSIZE) are port/lwip/tt_lwipopts.h's;
 * here only what is this board's: asserts off, randomness.
 */
#ifndef RV32_LWIPOPTS_H
#define RV32_LWIPOPTS_H

#define LWIP_NOASSERT 1 /* defining it disables lwIP's asserts (code size) */

/* TCP initial sequence numbers, ports, DHCP xid, DNS ids.  TEST-ONLY
 * randomness (see main.c): a real part feeds its hardware TRNG here. */
unsigned int rv32_rand32(void);
#define LWIP_RAND() ((u32_t)rv32_rand32())

#include "tt_lwipopts.h"

#endif /* RV32_LWIPOPTS_H */
