/* nic_stub.c - the placeholder netif of the rv32 image (see nic_stub.h). */
#include "nic_stub.h"

#include "lwip/etharp.h"
#include "netif/ethernet.h"

static unsigned long tx_frames;

/* A real driver copies the pbuf chain into the MAC's TX FIFO here. */
static err_t nic_stub_output(struct netif *netif, struct pbuf *p)
{
    (void)netif;
    (void)p;
    tx_frames++;
    return ERR_OK;
}

err_t nic_stub_init(struct netif *netif)
{
    /* A locally administered unicast address. */
    static const u8_t mac[6] = {0x02, 0x00, 0x52, 0x56, 0x33, 0x32};
    unsigned i;
    netif->name[0] = 's';
    netif->name[1] = 't';
    netif->output = etharp_output;
    netif->linkoutput = nic_stub_output;
    netif->mtu = 1500;
    netif->hwaddr_len = 6;
    for (i = 0; i < 6; i++)
        netif->hwaddr[i] = mac[i];
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

unsigned nic_stub_poll(struct netif *netif)
{
    /* A real driver passes each received frame to netif->input(p, netif). */
    (void)netif;
    return 0;
}

unsigned long nic_stub_tx_frames(void)
{
    return tx_frames;
}
