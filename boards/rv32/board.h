/*
 * board.h - the generic rv32imac board of boards/rv32: console, clock,
 * stack figures.  The image is a portability proof: it links for a real
 * RV32IMAC part (rv32.ld) but is not run by the tests.
 *
 * Single-threaded, polled; no interrupt is used.
 */
#ifndef RV32_BOARD_H
#define RV32_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* Core clock assumed by board_millis() (mcycle counts it). */
#ifndef RV32_CPU_HZ
#define RV32_CPU_HZ 100000000u
#endif

/* Console: a SiFive-style UART transmit register (RV32_UART_TXDATA, bit 31 =
 * FIFO full).  Output only. */
void board_putc(char c);
void board_puts(const char *s); /* '\n' becomes "\r\n" */
void board_put_u64(uint64_t v);

/* Milliseconds since reset, from the mcycle counter (Zicsr). */
uint64_t board_millis(void);

/* Deepest stack use since reset (the stack is painted at reset), bytes. */
size_t board_stack_high_water(void);
size_t board_stack_size(void);

/* Stop: spin forever with `status` in a register a debugger can read. */
void board_exit(int status);

#endif /* RV32_BOARD_H */
