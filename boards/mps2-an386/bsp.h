/*
 * bsp.h - the mps2-an386 board under QEMU: CMSDK UART0 console, SysTick
 * millisecond clock, ARM semihosting exit, stack painting.
 *
 * Single-threaded, polled; only SysTick runs as an interrupt.
 */
#ifndef BSP_H
#define BSP_H

#include <stddef.h>
#include <stdint.h>

/* Core clock of the AN386 FPGA image (and of QEMU's model): SysTick counts it. */
#define BSP_CPU_HZ 25000000u

/* Start the UART and the 1 kHz SysTick; call first in main(). */
void bsp_init(void);

/* Console output (UART0, appears on QEMU's stdout with -nographic). */
void bsp_putc(char c);
void bsp_write(const char *s, size_t n);
void bsp_puts(const char *s); /* no newline added */
void bsp_put_u64(uint64_t v);
void bsp_put_i64(int64_t v);
void bsp_put_hex(uint32_t v, unsigned digits);

/* *v /= d, returns the remainder; d in 1..65535.  32-bit steps only (no
 * libgcc 64-bit division). */
uint32_t bsp_divmod(uint64_t *v, uint32_t d);

/* Milliseconds since bsp_init() (SysTick). */
uint64_t bsp_millis(void);

/* SysTick input-clock ticks since bsp_init() (40 ns each at 25 MHz): a
 * fine-grained clock; under `qemu -icount shift=0` one ns of guest time is
 * one instruction, so ticks * 40 counts instructions. */
uint64_t bsp_ticks(void);

/* Wait for the next interrupt (SysTick at the latest, i.e. <= 1 ms). */
void bsp_idle(void);

/* End the program: QEMU exits with `status` (semihosting SYS_EXIT_EXTENDED). */
void bsp_exit(int status);

/* Deepest stack use since reset, in bytes (the stack is painted at reset). */
size_t bsp_stack_high_water(void);
size_t bsp_stack_size(void);

#endif /* BSP_H */
