/*
 * startup.c - vector table and reset for the Cortex-M4 of mps2-an386.
 *
 * Reset copies .data from its load address, zeroes .bss, paints the stack
 * (for the high-water figure) and calls main().  Faults print the faulting
 * PC on the UART and end QEMU with status 3 so a crash never hangs a test.
 */
#include <stdint.h>

#include "bsp.h"

/* Linker-script symbols (mps2.ld).  Their addresses are compared as
 * integers: as C objects they are distinct, so pointer comparisons between
 * them would be undefined. */
extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
extern uint32_t __stack_bottom[], __stack_top[];

static size_t words_between(const void *lo, const void *hi)
{
    return (size_t)(((uintptr_t)hi - (uintptr_t)lo) / 4u);
}

int main(void);
void Reset_Handler(void);
void SysTick_Handler(void);
void Fault_Handler(void);
void Default_Handler(void);

#define STACK_PAINT 0xA5A5A5A5u

void Reset_Handler(void)
{
    size_t i, n;
    uint32_t *sp;
    n = words_between(__data_start, __data_end);
    for (i = 0; i < n; i++)
        __data_start[i] = __data_load[i];
    n = words_between(__bss_start, __bss_end);
    for (i = 0; i < n; i++)
        __bss_start[i] = 0;
    /* Paint the unused stack below the current frame (leave 64 bytes). */
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    n = words_between(__stack_bottom, sp) - 16u;
    for (i = 0; i < n; i++)
        __stack_bottom[i] = STACK_PAINT;
    bsp_exit(main());
}

size_t bsp_stack_high_water(void)
{
    size_t i = 0, n = words_between(__stack_bottom, __stack_top);
    while (i < n && __stack_bottom[i] == STACK_PAINT)
        i++;
    return (n - i) * 4u;
}

size_t bsp_stack_size(void)
{
    return words_between(__stack_bottom, __stack_top) * 4u;
}

/* Faults: report the stacked PC (MSP frame) and stop QEMU. */
void Fault_Handler(void)
{
    const uint32_t *frame;
    uint32_t cfsr = *(volatile uint32_t *)0xE000ED28u;
    __asm__ volatile("mrs %0, msp" : "=r"(frame));
    bsp_puts("\r\nFAULT pc=0x");
    bsp_put_hex(frame[6], 8);
    bsp_puts(" lr=0x");
    bsp_put_hex(frame[5], 8);
    bsp_puts(" cfsr=0x");
    bsp_put_hex(cfsr, 8);
    bsp_puts("\r\n");
    bsp_exit(3);
}

void Default_Handler(void)
{
    bsp_puts("\r\nunexpected interrupt\r\n");
    bsp_exit(3);
}

typedef void (*vector_fn)(void);

/* The 16 system vectors; no peripheral interrupt is enabled. */
__attribute__((section(".vectors"), used)) static const uintptr_t vectors[16] = {
    (uintptr_t)__stack_top,
    (uintptr_t)Reset_Handler,
    (uintptr_t)Default_Handler, /* NMI */
    (uintptr_t)Fault_Handler,   /* HardFault */
    (uintptr_t)Fault_Handler,   /* MemManage */
    (uintptr_t)Fault_Handler,   /* BusFault */
    (uintptr_t)Fault_Handler,   /* UsageFault */
    0, 0, 0, 0,
    (uintptr_t)Default_Handler, /* SVCall */
    (uintptr_t)Default_Handler, /* DebugMon */
    0,
    (uintptr_t)Default_Handler, /* PendSV */
    (uintptr_t)SysTick_Handler,
};
