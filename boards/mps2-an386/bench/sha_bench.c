/*
 * sha_bench.c - SHA-256 cost on the Cortex-M4 under QEMU: instructions per
 * byte of the core's tt_sha256 and of BearSSL's br_sha256, both compiled
 * -Os for the kiosk.  Built and run by scripts/size.sh (`make size`):
 *
 *   qemu-system-arm -M mps2-an386 -icount shift=0 ... -kernel sha_bench.elf
 *
 * With -icount shift=0 one nanosecond of guest time is one instruction and
 * a SysTick tick (bsp_ticks) is 40 ns, so ticks x 40 = instructions.  Links
 * the board's startup.c and bsp.c; no network.  Prints
 *   SHA256 <impl> bytes=<n> instructions=<i> per_byte_x100=<i*100/n>
 * and exits 0 when both digests agree (1 otherwise).  A figure, never a
 * test of speed.
 */
#include <string.h>

#include <bearssl_hash.h>

#include "bsp.h"
#include "tt_config.h"
#include "tt_sha256.h"

#define CHUNK 4096u
#define ROUNDS 8u

static unsigned char buf[CHUNK];

static uint64_t instructions(uint64_t t0)
{
    return (bsp_ticks() - t0) * (1000000000u / BSP_CPU_HZ);
}

static void report(const char *impl, uint64_t n)
{
    uint64_t bytes = (uint64_t)CHUNK * ROUNDS;
    bsp_puts("SHA256 ");
    bsp_puts(impl);
    bsp_puts(" bytes=");
    bsp_put_u64(bytes);
    bsp_puts(" instructions=");
    bsp_put_u64(n);
    bsp_puts(" per_byte_x100=");
    bsp_put_u64(n * 100u / bytes);
    bsp_puts("\n");
}

int main(void)
{
    tt_sha256_ctx tc;
    br_sha256_context bc;
    uint8_t d1[32], d2[32];
    uint64_t t0, n;
    unsigned i;

    bsp_init();
    for (i = 0; i < CHUNK; i++)
        buf[i] = (unsigned char)(i * 131u + 7u);

    t0 = bsp_ticks();
    tt_sha256_init(&tc);
    for (i = 0; i < ROUNDS; i++)
        tt_sha256_update(&tc, buf, CHUNK);
    tt_sha256_final(&tc, d1);
    n = instructions(t0);
    report(TT_SHA256_SMALL ? "tt_sha256(small)" : "tt_sha256(unrolled)", n);

    t0 = bsp_ticks();
    br_sha256_init(&bc);
    for (i = 0; i < ROUNDS; i++)
        br_sha256_update(&bc, buf, CHUNK);
    br_sha256_out(&bc, d2);
    n = instructions(t0);
    report("br_sha256", n);

    bsp_puts(memcmp(d1, d2, 32) == 0 ? "SHA256 digests agree\n" : "SHA256 digests DIFFER\n");
    return memcmp(d1, d2, 32) == 0 ? 0 : 1;
}
