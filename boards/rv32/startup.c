/*
 * startup.c - reset code of the rv32 board: set sp and gp, copy .data, zero
 * .bss, paint the stack, call main(); plus the console, clock and stack
 * figures of board.h.
 */
#include "board.h"

/* Linker-script symbols (rv32.ld), compared as integers (as C objects they
 * are distinct, so comparing their addresses as pointers is undefined). */
extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
extern uint32_t __stack_bottom[], __stack_top[];

int main(void);
void rv32_reset(void);

/* The entry point: registers first (no C before sp and gp are valid). */
__asm__(".section .text.start, \"ax\", @progbits\n"
        ".globl _start\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    la gp, __global_pointer$\n"
        ".option pop\n"
        "    la sp, __stack_top\n"
        "    j rv32_reset\n"
        ".text\n");

#define STACK_PAINT 0xA5A5A5A5u

static size_t words_between(const void *lo, const void *hi)
{
    return (size_t)(((uintptr_t)hi - (uintptr_t)lo) / 4u);
}

void rv32_reset(void)
{
    size_t i, n;
    uintptr_t sp;
    n = words_between(__data_start, __data_end);
    for (i = 0; i < n; i++)
        __data_start[i] = __data_load[i];
    n = words_between(__bss_start, __bss_end);
    for (i = 0; i < n; i++)
        __bss_start[i] = 0;
    /* Paint the unused stack below this frame (leave 64 bytes). */
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    n = words_between(__stack_bottom, (const void *)sp) - 16u;
    for (i = 0; i < n; i++)
        __stack_bottom[i] = STACK_PAINT;
    board_exit(main());
}

size_t board_stack_high_water(void)
{
    size_t i = 0, n = words_between(__stack_bottom, __stack_top);
    while (i < n && __stack_bottom[i] == STACK_PAINT)
        i++;
    return (n - i) * 4u;
}

size_t board_stack_size(void)
{
    return words_between(__stack_bottom, __stack_top) * 4u;
}

void board_exit(int status)
{
    register int a0 __asm__("a0") = status;
    for (;;)
        __asm__ volatile("wfi" : : "r"(a0));
}

#ifndef RV32_UART_TXDATA
#define RV32_UART_TXDATA 0x10013000u
#endif

void board_putc(char c)
{
    volatile uint32_t *tx = (volatile uint32_t *)RV32_UART_TXDATA;
    while (*tx & 0x80000000u) {
    }
    *tx = (uint32_t)(unsigned char)c;
}

void board_puts(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            board_putc('\r');
        board_putc(*s);
    }
}

void board_put_u64(uint64_t v)
{
    char b[21];
    size_t i = sizeof b - 1u;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v);
    board_puts(b + i);
}

/* CSR reads need Zicsr, which -march=rv32imac leaves out for binutils
 * >= 2.38: enable it for these instructions only. */
#define RV32_CSRR(reg, out) \
    __asm__ volatile(".option push\n.option arch, +zicsr\ncsrr %0, " reg "\n.option pop" : "=r"(out))

/* 64-bit mcycle on RV32: re-read the high half to catch a carry. */
static uint64_t read_mcycle(void)
{
    uint32_t hi, lo, hi2;
    do {
        RV32_CSRR("mcycleh", hi);
        RV32_CSRR("mcycle", lo);
        RV32_CSRR("mcycleh", hi2);
    } while (hi != hi2);
    return (uint64_t)hi << 32 | lo;
}

uint64_t board_millis(void)
{
    return read_mcycle() / (RV32_CPU_HZ / 1000u);
}
