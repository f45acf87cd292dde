/*
 * lan9118.c - polled LAN9118 netif (see lan9118.h).
 *
 * Frames move through the chip's FIFOs one 32-bit word at a time, bytes in
 * little-endian order.  TX: command A (first|last segment, buffer size),
 * command B (tag, frame length), then the data words.  RX: a status word per
 * frame (length incl. the 4 CRC bytes) in RX_STATUS, its data words (CRC
 * included) in RX_DATA.
 */
#include <string.h>

#include "lan9118.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

#define REG(off) (*(volatile uint32_t *)(LAN9118_BASE + (off)))
#define RX_DATA_FIFO REG(0x00u)
#define TX_DATA_FIFO REG(0x20u)
#define RX_STATUS_FIFO REG(0x40u)
#define ID_REV REG(0x50u)
#define INT_EN REG(0x5Cu)
#define BYTE_TEST REG(0x64u)
#define TX_CFG REG(0x70u)
#define HW_CFG REG(0x74u)
#define RX_FIFO_INF REG(0x7Cu)
#define TX_FIFO_INF REG(0x80u)
#define PMT_CTRL REG(0x84u)
#define MAC_CSR_CMD REG(0xA4u)
#define MAC_CSR_DATA REG(0xA8u)

#define CSR_BUSY 0x80000000u
#define CSR_READ 0x40000000u
#define MAC_CR 1u
#define MAC_ADDRH 2u
#define MAC_ADDRL 3u
#define MAC_CR_RXEN (1u << 2)
#define MAC_CR_TXEN (1u << 3)
#define MAC_CR_FDPX (1u << 20)
#define TX_CFG_TX_ON (1u << 1)
#define HW_CFG_SRST 1u
#define PMT_READY 1u
#define TXA_FIRST (1u << 13)
#define TXA_LAST (1u << 12)
#define RXS_ERROR (1u << 15)

#define FRAME_MAX 1536u

static uint32_t frame_words[FRAME_MAX / 4u + 1u];

static int mac_wait(void)
{
    unsigned spin;
    for (spin = 0; spin < 100000u; spin++)
        if (!(MAC_CSR_CMD & CSR_BUSY))
            return 0;
    return -1;
}

static uint32_t mac_read(uint32_t idx)
{
    MAC_CSR_CMD = CSR_BUSY | CSR_READ | idx;
    (void)mac_wait();
    return MAC_CSR_DATA;
}

static void mac_write(uint32_t idx, uint32_t val)
{
    MAC_CSR_DATA = val;
    MAC_CSR_CMD = CSR_BUSY | idx;
    (void)mac_wait();
}

static err_t lan9118_output(struct netif *netif, struct pbuf *p)
{
    const struct pbuf *q;
    uint32_t word = 0, len = p->tot_len;
    unsigned fill = 0, spin;
    (void)netif;
    if (len > FRAME_MAX)
        return ERR_BUF;
    /* Wait for room for the frame and its two command words. */
    for (spin = 0; (TX_FIFO_INF & 0xFFFFu) < len + 8u; spin++)
        if (spin > 1000000u)
            return ERR_TIMEOUT;
    TX_DATA_FIFO = TXA_FIRST | TXA_LAST | len;
    TX_DATA_FIFO = (len << 16) | len; /* tag = length, frame length */
    for (q = p; q != NULL; q = q->next) {
        const uint8_t *b = (const uint8_t *)q->payload;
        uint16_t i;
        for (i = 0; i < q->len; i++) {
            word |= (uint32_t)b[i] << (8u * fill);
            if (++fill == 4u) {
                TX_DATA_FIFO = word;
                word = 0;
                fill = 0;
            }
        }
    }
    if (fill)
        TX_DATA_FIFO = word;
    return ERR_OK;
}

unsigned lan9118_poll(struct netif *netif)
{
    unsigned frames = 0;
    while ((RX_FIFO_INF >> 16) & 0xFFu) {
        uint32_t status = RX_STATUS_FIFO;
        uint32_t len = (status >> 16) & 0x3FFFu; /* includes the CRC */
        uint32_t words = (len + 3u) / 4u, i;
        int keep = !(status & RXS_ERROR) && len > 4u && len <= FRAME_MAX;
        struct pbuf *p;
        for (i = 0; i < words; i++) {
            uint32_t w = RX_DATA_FIFO;
            if (keep)
                frame_words[i] = w;
        }
        frames++;
        if (!keep)
            continue;
        p = pbuf_alloc(PBUF_RAW, (u16_t)(len - 4u), PBUF_POOL);
        if (p == NULL)
            continue; /* out of buffers: drop, TCP retransmits */
        if (pbuf_take(p, frame_words, (u16_t)(len - 4u)) != ERR_OK || netif->input(p, netif) != ERR_OK)
            pbuf_free(p);
    }
    return frames;
}

err_t lan9118_netif_init(struct netif *netif)
{
    uint32_t lo, hi;
    unsigned spin;
    if (BYTE_TEST != 0x87654321u || (ID_REV >> 16) != 0x0118u)
        return ERR_IF;
    HW_CFG = HW_CFG_SRST;
    for (spin = 0; (HW_CFG & HW_CFG_SRST) || !(PMT_CTRL & PMT_READY); spin++)
        if (spin > 1000000u)
            return ERR_IF;
    INT_EN = 0;
    lo = mac_read(MAC_ADDRL);
    hi = mac_read(MAC_ADDRH);
    netif->hwaddr[0] = (u8_t)lo;
    netif->hwaddr[1] = (u8_t)(lo >> 8);
    netif->hwaddr[2] = (u8_t)(lo >> 16);
    netif->hwaddr[3] = (u8_t)(lo >> 24);
    netif->hwaddr[4] = (u8_t)hi;
    netif->hwaddr[5] = (u8_t)(hi >> 8);
    netif->hwaddr_len = ETH_HWADDR_LEN;
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->output = etharp_output;
    netif->linkoutput = lan9118_output;
    TX_CFG = TX_CFG_TX_ON;
    mac_write(MAC_CR, mac_read(MAC_CR) | MAC_CR_RXEN | MAC_CR_TXEN | MAC_CR_FDPX);
    return ERR_OK;
}
