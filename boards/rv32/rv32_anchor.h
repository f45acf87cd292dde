/*
 * rv32_anchor.h - the trust anchor compiled into the rv32 image: the test CA
 * of $(BUILD)/rv32/pki converted to C at build time by the mps2 board's host
 * tool (boards/mps2-an386/host/mkanchor.c) into $(BUILD)/rv32/gen/.  A
 * product puts its service's root CAs here (Amazon Root CA 1 for MTurk).
 */
#ifndef RV32_ANCHOR_H
#define RV32_ANCHOR_H

#include <bearssl.h>
#include <stddef.h>

extern const br_x509_trust_anchor rv32_anchors[1];
extern const size_t rv32_anchors_count;

#endif /* RV32_ANCHOR_H */
