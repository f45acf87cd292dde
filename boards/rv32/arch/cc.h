/*
 * arch/cc.h - lwIP's compiler/platform glue for riscv64-unknown-elf-gcc +
 * picolibc (rv32imac, little-endian).
 */
#ifndef RV32_ARCH_CC_H
#define RV32_ARCH_CC_H

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)
void rv32_panic(const char *msg);
#define LWIP_PLATFORM_ASSERT(x) rv32_panic(x)

#endif /* RV32_ARCH_CC_H */
