/*
 * lan9118.h - lwIP netif driver for the SMSC LAN9118 of the MPS2 boards
 * (base 0x40200000 on AN385/AN386), polled: no interrupt is used.
 */
#ifndef LAN9118_H
#define LAN9118_H

#include "lwip/err.h"
#include "lwip/netif.h"

#define LAN9118_BASE 0x40200000u

/* netif_add() init function: resets the chip, reads its MAC address (QEMU
 * sets it from -nic macaddr=...), enables TX and RX.  Returns ERR_IF when no
 * LAN9118 answers. */
err_t lan9118_netif_init(struct netif *netif);

/* Move every received frame into lwIP (netif->input).  Returns the number
 * of frames taken (0 = nothing was waiting). */
unsigned lan9118_poll(struct netif *netif);

#endif /* LAN9118_H */
