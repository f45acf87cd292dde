/* The same SHA-256/HMAC vectors against the compact (-Os firmware) code
 * shape: tt_sha256.c is compiled here with TT_SHA256_SMALL=1, and its
 * definitions take the place of the library's. */
#define TT_SHA256_SMALL 1
#include "../../core/tt_sha256.c"
#include "test_sha256.c"
