/*
 * bsp.c - console, clock and exit for mps2-an386 (see bsp.h).
 */
#include "bsp.h"

/* CMSDK APB UART0. */
#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00u))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04u))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08u))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10u))
#define UART_STATE_TXFULL 1u
#define UART_CTRL_TXEN 1u

/* SysTick. */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYST_TICKS_PER_MS (BSP_CPU_HZ / 1000u)

/* Written by the SysTick handler only; readers re-read to get a
 * consistent 64-bit value. */
static volatile uint32_t ms_lo, ms_hi;

void SysTick_Handler(void);
void SysTick_Handler(void)
{
    uint32_t lo = ms_lo + 1u;
    if (lo == 0u)
        ms_hi = ms_hi + 1u;
    ms_lo = lo;
}

void bsp_init(void)
{
    UART_BAUDDIV = 16u;
    UART_CTRL = UART_CTRL_TXEN;
    SYST_RVR = SYST_TICKS_PER_MS - 1u;
    SYST_CVR = 0u;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
}

void bsp_putc(char c)
{
    while (UART_STATE & UART_STATE_TXFULL) {
    }
    UART_DATA = (uint32_t)(unsigned char)c;
}

void bsp_write(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] == '\n')
            bsp_putc('\r');
        bsp_putc(s[i]);
    }
}

void bsp_puts(const char *s)
{
    while (*s) {
        if (*s == '\n')
            bsp_putc('\r');
        bsp_putc(*s++);
    }
}

uint32_t bsp_divmod(uint64_t *v, uint32_t d)
{
    uint64_t q = 0;
    uint32_t r = 0;
    int s;
    for (s = 48; s >= 0; s -= 16) {
        uint32_t cur = (r << 16) | ((uint32_t)(*v >> s) & 0xFFFFu);
        q |= (uint64_t)(cur / d) << s;
        r = cur % d;
    }
    *v = q;
    return r;
}

void bsp_put_u64(uint64_t v)
{
    char buf[20];
    size_t i = sizeof buf;
    do
        buf[--i] = (char)('0' + bsp_divmod(&v, 10u));
    while (v);
    bsp_write(buf + i, sizeof buf - i);
}

void bsp_put_i64(int64_t v)
{
    if (v < 0) {
        bsp_putc('-');
        bsp_put_u64((uint64_t)0 - (uint64_t)v);
    } else {
        bsp_put_u64((uint64_t)v);
    }
}

void bsp_put_hex(uint32_t v, unsigned digits)
{
    while (digits--)
        bsp_putc("0123456789abcdef"[(v >> (4u * digits)) & 0xFu]);
}

static void read_clock(uint64_t *ms, uint32_t *sub)
{
    uint32_t hi, lo, cvr;
    do {
        hi = ms_hi;
        lo = ms_lo;
        cvr = SYST_CVR;
    } while (lo != ms_lo || hi != ms_hi);
    *ms = ((uint64_t)hi << 32) | lo;
    *sub = SYST_RVR - cvr; /* ticks into the current ms */
}

uint64_t bsp_millis(void)
{
    uint64_t ms;
    uint32_t sub;
    read_clock(&ms, &sub);
    return ms;
}

uint64_t bsp_ticks(void)
{
    uint64_t ms;
    uint32_t sub;
    read_clock(&ms, &sub);
    return ms * SYST_TICKS_PER_MS + sub;
}

void bsp_idle(void)
{
    __asm__ volatile("wfi");
}

/* ARM semihosting: BKPT 0xAB with the operation in r0 and its argument in r1. */
static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void bsp_exit(int status)
{
    uint32_t block[2];
    block[0] = 0x20026u; /* ADP_Stopped_ApplicationExit */
    block[1] = (uint32_t)status;
    (void)semihost(0x20u, block); /* SYS_EXIT_EXTENDED */
    for (;;) {
    }
}
