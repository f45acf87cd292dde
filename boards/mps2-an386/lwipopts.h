/*
 * lwipopts.h - lwIP configuration of the mps2-an386 kiosk: NO_SYS (raw API,
 * polled from the main loop), IPv4 + ARP + TCP with a static address, no
 * DHCP/DNS/UDP (the test network is a namespace with fixed addresses).
 *
 * RAM: MEM_SIZE (TX segments, copied writes) + PBUF_POOL_SIZE x
 * PBUF_POOL_BUFSIZE (received frames) + small pools.
 */
#ifndef KIOSK_LWIPOPTS_H
#define KIOSK_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0 /* only the main loop touches lwIP */
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_TIMERS 1
#define LWIP_SINGLE_NETIF 1

#define MEM_ALIGNMENT 4
#define MEM_SIZE (12 * 1024)
#define MEMP_NUM_PBUF 16
#define MEMP_NUM_TCP_PCB 6
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define MEMP_NUM_TCP_SEG 32
#define PBUF_POOL_SIZE 12
/* Whole Ethernet frames: set explicitly (see deps-boards-qemu.md). */
#define PBUF_POOL_BUFSIZE 1536

#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_UDP 0
#define LWIP_DHCP 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0
#define IP_REASSEMBLY 0
#define IP_FRAG 0

#define LWIP_TCP 1
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF) / TCP_MSS)
#define TCP_LISTEN_BACKLOG 0
#define LWIP_TCP_KEEPALIVE 0
#define LWIP_ALTCP 0

#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_STATS 0
#define LWIP_NOASSERT 1

/* TCP initial sequence numbers and ports (see kiosk_rand32: test-only). */
unsigned int kiosk_rand32(void);
#define LWIP_RAND() ((u32_t)kiosk_rand32())

#endif /* KIOSK_LWIPOPTS_H */
