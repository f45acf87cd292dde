/*
 * arch/cc.h - lwIP's compiler/platform glue for arm-none-eabi + newlib.
 */
#ifndef KIOSK_ARCH_CC_H
#define KIOSK_ARCH_CC_H

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)
void kiosk_panic(const char *msg);
#define LWIP_PLATFORM_ASSERT(x) kiosk_panic(x)

#endif /* KIOSK_ARCH_CC_H */
