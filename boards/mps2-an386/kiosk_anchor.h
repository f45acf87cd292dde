/*
 * kiosk_anchor.h - the trust anchor compiled into the kiosk: the test CA of
 * $(BUILD)/mps2-an386/pki, turned into C at build time by host/mkanchor.c
 * (generated file $(BUILD)/mps2-an386/gen/kiosk_anchor.c).  A product would
 * put its service's root CAs here instead.
 */
#ifndef KIOSK_ANCHOR_H
#define KIOSK_ANCHOR_H

#include <bearssl.h>
#include <stddef.h>

extern const br_x509_trust_anchor kiosk_anchors[1];
extern const size_t kiosk_anchors_count;

#endif /* KIOSK_ANCHOR_H */
