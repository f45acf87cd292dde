/*
 * nic_stub.h - a placeholder lwIP netif for the rv32 image: it has a MAC
 * address and an MTU, drops every transmitted frame and never receives.
 * It stands where a real Ethernet MAC driver goes (same two entry points as
 * boards/mps2-an386/lan9118.h), so the link pulls in exactly the lwIP code
 * a real driver would.
 */
#ifndef RV32_NIC_STUB_H
#define RV32_NIC_STUB_H

#include "lwip/err.h"
#include "lwip/netif.h"

/* netif_add() init function. */
err_t nic_stub_init(struct netif *netif);

/* Move received frames into lwIP: none ever arrive; returns 0. */
unsigned nic_stub_poll(struct netif *netif);

/* Frames handed to the stub for transmission since start-up. */
unsigned long nic_stub_tx_frames(void);

#endif /* RV32_NIC_STUB_H */
