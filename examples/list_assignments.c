/*
 * list_assignments.c - list every assignment of a HIT with the tinyturk
 * library on a POSIX host: one line per assignment.
 *
 *   cc -std=c99 -D_DEFAULT_SOURCE list_assignments.c \
 *      $(pkg-config --cflags --libs tinyturk) -o list_assignments
 *   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
 *      ./list_assignments mturk-requester.us-east-1.amazonaws.com 443 3XHIT... \
 *      /etc/ssl/certs/ca-certificates.crt
 *
 * Arguments: HOST PORT HIT-ID [CA-BUNDLE]; with a CA bundle the connection is
 * HTTPS (BearSSL over the socket), without it plain HTTP (a local emulator).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tinyturk.h" /* the engine: client, arena, errors */
#include "tt_ca.h"    /* trust anchors from a PEM file (host only) */
#include "tt_posix.h" /* sockets, clock, randomness */
#include "tt_tls.h"   /* TLS as a transport over any transport */

/* Called once per assignment, in order, exactly once even across retries.
 * `a` and its strings live only during the call: print or copy them here. */
static int show(void *ctx, const tt_assignment *a, uint32_t index)
{
    (void)ctx; (void)index;
    printf("%.*s %.*s %.*s\n", (int)a->assignment_id.len, a->assignment_id.ptr,
           (int)a->worker_id.len, a->worker_id.ptr, (int)a->status.len, a->status.ptr);
    return 0; /* non-zero would stop the listing (TT_ERR_CALLBACK_ABORT) */
}

int main(int argc, char **argv)
{
    static unsigned char mem[8 * 1024];      /* the engine's memory: no malloc */
    static unsigned char tls_mem[24 * 1024]; /* BearSSL's buffers, half-duplex */
    tt_posix_platform pp; tt_platform plat;  /* clocks, sleep, randomness */
    tt_posix_socket sock; tt_transport tcp;  /* a TCP byte stream */
    tt_tls tls; tt_transport tls_tr; tt_tls_config tc = {0}; tt_ca_store ca = {0};
    tt_arena arena, tls_arena;
    tt_client client; tt_client_config cfg; tt_list_params lp; tt_list_result res;
    int rc;

    if (argc < 4) {
        fprintf(stderr, "usage: %s HOST PORT HIT-ID [CA-BUNDLE]\n", argv[0]);
        return 2;
    }
    tt_posix_platform_init(&pp, &plat);
    tt_posix_transport_init(&sock, &tcp);
    tt_client_config_defaults(&cfg);          /* 3 attempts, 60 s timeouts, ... */
    cfg.transport = &tcp;
    cfg.https = 0;
    if (argc > 4) {                           /* HTTPS: TLS stacked on the socket */
        if (tt_ca_load_file(argv[4], &ca) != TT_OK) { fprintf(stderr, "bad CA bundle\n"); return 1; }
        tc.anchors = ca.anchors; tc.anchor_count = ca.count;
        tt_arena_init(&tls_arena, tls_mem, sizeof tls_mem);
        rc = tt_tls_transport_init(&tls, &tcp, &tls_arena, &tc, &plat, &tls_tr);
        if (rc != TT_OK) { fprintf(stderr, "tls: %s\n", tt_strerror(rc)); return 1; }
        cfg.transport = &tls_tr;
        cfg.https = 1;
    }
    cfg.platform = &plat;                     /* the strings below are borrowed: */
    cfg.host = argv[1];                       /* they must outlive the client */
    cfg.port = (uint16_t)atoi(argv[2]);
    cfg.region = getenv("AWS_REGION") ? getenv("AWS_REGION") : "us-east-1";
    cfg.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    cfg.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    cfg.session_token = getenv("AWS_SESSION_TOKEN");
    if ((rc = tt_client_init(&client, &cfg)) != TT_OK) {
        fprintf(stderr, "config: %s\n", tt_strerror(rc));
        return 1;
    }
    tt_arena_init(&arena, mem, sizeof mem);
    tt_list_params_defaults(&lp);             /* all statuses, every page */
    lp.hit_id = tt_str_c(argv[3]);
    lp.page_size = 100;
    lp.on_assignment = show;
    rc = tt_client_list(&client, &arena, &lp, &res);
    if (rc != TT_OK) {                        /* details: HTTP status, service code, ... */
        const tt_error_info *e = tt_client_error(&client);
        fprintf(stderr, "error: %s (%s) http=%d service=%s: %s\n", tt_errname(rc),
                tt_strerror(rc), e->http_status, e->service_code, e->message);
    } else {
        fprintf(stderr, "%llu assignments, %u pages, arena peak %zu bytes\n",
                (unsigned long long)res.items, (unsigned)res.pages, arena.high_water);
    }
    tt_client_close(&client);                 /* closes the connection (and TLS) */
    tt_ca_free(&ca);                          /* after the last TLS use */
    return rc == TT_OK ? 0 : 1;
}
