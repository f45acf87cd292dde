/* tt_svcerr_store.h - the caller's buffers for tt_svcerr_init() at the
 * tt_config.h sizes (the client gives tt_error_info's), shared by the unit
 * test and the fuzzer: `store` and its layout `k_layout`. */
#ifndef TT_SVCERR_STORE_H
#define TT_SVCERR_STORE_H

#include <stddef.h>

#include "tt_svcerr.h"

typedef struct store {
    char code[TT_SVCERR_CODE_MAX];
    char message[TT_SVCERR_MESSAGE_MAX];
    char turk[TT_SVCERR_TURK_MAX];
} store;

static const tt_svcerr_layout k_layout = {
    {offsetof(store, code), offsetof(store, message), offsetof(store, turk)},
    {TT_SVCERR_CODE_MAX, TT_SVCERR_MESSAGE_MAX, TT_SVCERR_TURK_MAX}};

#endif /* TT_SVCERR_STORE_H */
