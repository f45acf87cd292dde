/*
 * tt_lwipopts.h - the lwIP options tinyturk's lwIP port is built and tested
 * with.  lwIP's convention is one lwipopts.h per target: each board's (and
 * the host test's) lwipopts.h sets what is its own (asserts, LWIP_RAND,
 * alignment, debug) and then includes this file for the rest.  A value
 * defined before the include wins (every entry is #ifndef-guarded).
 *
 * NO_SYS=1 raw API, polled from one loop; no heap from libc: lwIP's own
 * MEM_SIZE heap (copied TCP writes, DHCP/DNS state) and fixed memp pools.
 * IPv4 + ARP + ICMP + UDP + TCP + DHCP + DNS; no IPv6, no fragments, no
 * out-of-order queue (code size: see TCP_QUEUE_OOSEQ).
 *
 * Sized for ONE TLS connection at a time (plus one closing in TIME_WAIT):
 *   receive: TCP_WND = 4 x MSS (5 840 B) in PBUF_POOL_SIZE pool buffers of
 *            PBUF_POOL_BUFSIZE each (a whole Ethernet frame per buffer);
 *            the transport reopens the window only as the engine reads, so
 *            at most TCP_WND bytes wait in RAM;
 *   send:    TCP_SND_BUF = 2 x MSS copied into the MEM_SIZE heap (a signed
 *            request is < 1.5 KB, TLS records of it slightly more).
 * RAM (Cortex-M4): MEM_SIZE 6 KB + 7 x 1 536 pool + ~2 KB small pools and
 * PCBs, about 19 KB in all.
 */
#ifndef TT_LWIPOPTS_H
#define TT_LWIPOPTS_H

/* --- system ---------------------------------------------------------------- */
#ifndef NO_SYS
#define NO_SYS 1
#endif
#ifndef SYS_LIGHTWEIGHT_PROT
#define SYS_LIGHTWEIGHT_PROT 0 /* only the main loop touches lwIP */
#endif
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_TIMERS 1
#ifndef LWIP_SINGLE_NETIF
#define LWIP_SINGLE_NETIF 1
#endif

/* --- memory: no libc heap, fixed pools ---------------------------------- */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#ifndef MEM_ALIGNMENT
#define MEM_ALIGNMENT 4
#endif
#ifndef MEM_SIZE
#define MEM_SIZE (6 * 1024)
#endif
#ifndef MEMP_NUM_PBUF
#define MEMP_NUM_PBUF 8
#endif
#ifndef MEMP_NUM_TCP_PCB
#define MEMP_NUM_TCP_PCB 3 /* the connection + closing ones (TIME_WAIT is recycled) */
#endif
#ifndef MEMP_NUM_TCP_PCB_LISTEN
#define MEMP_NUM_TCP_PCB_LISTEN 1
#endif
#ifndef MEMP_NUM_TCP_SEG
#define MEMP_NUM_TCP_SEG 16
#endif
#ifndef MEMP_NUM_UDP_PCB
#define MEMP_NUM_UDP_PCB 3 /* DHCP, DNS, spare */
#endif
#ifndef MEMP_NUM_SYS_TIMEOUT
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 2)
#endif
#ifndef PBUF_POOL_SIZE
#define PBUF_POOL_SIZE 7
#endif
/* Whole Ethernet frames, set explicitly: never derived from a system header
 * (Debian's liblwip got 512 from glibc's TCP_MSS: see deps-boards-qemu.md). */
#ifndef PBUF_POOL_BUFSIZE
#define PBUF_POOL_BUFSIZE 1536
#endif

/* --- protocols ---------------------------------------------------------- */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_DHCP 1
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define DHCP_DOES_ARP_CHECK 0 /* no ARP probe: a bound lease is used at once */
#define LWIP_DNS 1
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0
#define IP_REASSEMBLY 0
#define IP_FRAG 0
#ifndef DNS_TABLE_SIZE
#define DNS_TABLE_SIZE 2
#endif
#ifndef DNS_MAX_NAME_LENGTH
#define DNS_MAX_NAME_LENGTH 128
#endif
#ifndef DNS_MAX_SERVERS
#define DNS_MAX_SERVERS 2
#endif

#define LWIP_TCP 1
#define TCP_MSS 1460
#ifndef TCP_WND
#define TCP_WND (4 * TCP_MSS)
#endif
#ifndef TCP_SND_BUF
#define TCP_SND_BUF (2 * TCP_MSS)
#endif
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF) / TCP_MSS)
#define TCP_LISTEN_BACKLOG 0
/* Out-of-order segments are dropped, not queued (-1.0 KB of code on
 * Cortex-M4): the sender retransmits them.  With a 4-MSS window at most 3
 * segments come again after a loss; a lossy link may set it to 1. */
#ifndef TCP_QUEUE_OOSEQ
#define TCP_QUEUE_OOSEQ 0
#endif
#define TCP_OOSEQ_MAX_PBUFS 2 /* (when queued) out-of-order data may not eat the whole pool */
/* Segments' pbufs are sized for what is written, not grown to an MSS for
 * later writes (-0.3 KB): the port writes whole TLS records at once. */
#ifndef TCP_OVERSIZE
#define TCP_OVERSIZE 0
#endif
#define LWIP_TCP_KEEPALIVE 0
#define LWIP_ALTCP 0

/* lwIP's own isdigit()/tolower() macros instead of <ctype.h>'s (newlib's
 * 257-byte _ctype_ table). */
#define LWIP_NO_CTYPE_H 1

#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 0
#ifndef LWIP_STATS
#define LWIP_STATS 0
#endif

#endif /* TT_LWIPOPTS_H */
