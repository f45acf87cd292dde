/*
 * fuzz_standalone.h - included last by every harness.  Built with
 * -DTT_FUZZ_STANDALONE (any C compiler, no libFuzzer) a harness becomes a
 * program that runs LLVMFuzzerTestOneInput once per file named on its
 * command line: a reproducer can then be replayed under gdb or valgrind.
 */
#ifdef TT_FUZZ_STANDALONE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        uint8_t *buf = NULL;
        size_t n = 0, cap = 0;
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        for (;;) { /* the whole file, however large */
            size_t got;
            if (n == cap) {
                uint8_t *nb = (uint8_t *)realloc(buf, cap = cap ? cap * 2 : 65536);
                if (!nb) {
                    free(buf);
                    fclose(f);
                    return 1;
                }
                buf = nb;
            }
            got = fread(buf + n, 1, cap - n, f);
            if (got == 0)
                break;
            n += got;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
    }
    return 0;
}
#endif
