/*
 * lwipopts.h - lwIP options of the host test (tests/lwip/lwip_list.c on
 * Debian's tapif, NO_SYS): the boards' shared values from
 * port/lwip/tt_lwipopts.h, plus what differs on a 64-bit host.
 */
#ifndef TT_HOST_LWIPOPTS_H
#define TT_HOST_LWIPOPTS_H

#define MEM_ALIGNMENT 8 /* 64-bit host */
/* Asserts stay on here (lwIP's default: printf + abort): the host test is
 * where the port's use of lwIP is checked. */
#define LWIP_RAND() ((u32_t)rand())
#include <stdlib.h>

#include "tt_lwipopts.h"

#endif /* TT_HOST_LWIPOPTS_H */
