/*
 * test_cov_ca.c - port/bearssl/tt_ca.c's less travelled paths (found by
 * `make coverage`): the "X509 CERTIFICATE" label, PEM objects that are not
 * certificates, undecodable certificates (skipped and counted), malformed
 * PEM, a missing final newline, CR LF line ends, a cut file, an empty file
 * and a directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tt_ca.h"
#include "tt_test.h"

/* The first certificate of the system bundle, as PEM text (or NULL). */
static char *first_cert(void)
{
    FILE *f = fopen("/etc/ssl/certs/ca-certificates.crt", "rb");
    static char buf[8192];
    char *b, *e;
    size_t n;
    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    b = strstr(buf, "-----BEGIN CERTIFICATE-----");
    e = b ? strstr(b, "-----END CERTIFICATE-----") : NULL;
    if (!e)
        return NULL;
    e[25] = '\0';
    return b;
}

static char *relabel(const char *pem, const char *label)
{
    static char out[9000];
    const char *body = strchr(pem, '\n');
    const char *end = strstr(pem, "-----END");
    snprintf(out, sizeof out, "-----BEGIN %s-----%.*s-----END %s-----", label,
             (int)(end - body), body, label);
    return out;
}

int main(void)
{
    static const char junk_cert[] = "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n"
                                    "-----END CERTIFICATE-----\n";
    static const char bad_pem[] = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
    tt_ca_store st;
    char *cert = first_cert(), *x;
    char path[] = "/tmp/tt-cov-ca-XXXXXX";
    int fd;

    memset(&st, 0, sizeof st);
    TT_CHECK_EQ_INT(tt_ca_load_pem(&st, junk_cert, strlen(junk_cert)), TT_ERR_TLS_CA_FILE);
    TT_CHECK_EQ_INT(st.count, 0);
    TT_CHECK_EQ_INT(tt_ca_load_pem(&st, bad_pem, strlen(bad_pem)), TT_ERR_TLS_CA_FILE);
    TT_CHECK_EQ_INT(tt_ca_add_der(&st, "\x30\x03\x02\x01\x01", 5), TT_ERR_TLS_CA_FILE);
    if (cert) {
        /* no final newline after END; an "X509 CERTIFICATE" label; a key */
        TT_CHECK_EQ_INT(tt_ca_load_pem(&st, cert, strlen(cert)), TT_OK);
        TT_CHECK_EQ_INT(st.count, 1);
        x = relabel(cert, "X509 CERTIFICATE");
        TT_CHECK_EQ_INT(tt_ca_load_pem(&st, x, strlen(x)), TT_OK);
        TT_CHECK_EQ_INT(st.count, 2);
        x = relabel(cert, "PRIVATE KEY");
        TT_CHECK_EQ_INT(tt_ca_load_pem(&st, x, strlen(x)), TT_ERR_TLS_CA_FILE);
        TT_CHECK_EQ_INT(st.count, 2); /* a failed load adds nothing */
        tt_ca_free(&st);
        TT_CHECK(st.count == 0 && st.anchors == NULL);
        {
            /* CR LF line ends, blanks in the body and text around the object
             * load; a file cut inside an object is refused whole (OpenSSL) */
            static char crlf[20000];
            size_t i, o = 0;
            const char *pre = "comment line\r\n";
            memcpy(crlf, pre, strlen(pre));
            o = strlen(pre);
            for (i = 0; cert[i] && o < sizeof crlf - 64; i++) {
                if (cert[i] == '\n')
                    crlf[o++] = '\r';
                crlf[o++] = cert[i];
                if (i == 100)
                    crlf[o++] = ' ';
            }
            memcpy(crlf + o, "\r\ntrailer\r\n", 11);
            o += 11;
            TT_CHECK_EQ_INT(tt_ca_load_pem(&st, crlf, o), TT_OK);
            TT_CHECK_EQ_INT(st.count, 1);
            TT_CHECK_EQ_INT(tt_ca_load_pem(&st, cert, strlen(cert) - 30), TT_ERR_TLS_CA_FILE);
            TT_CHECK_EQ_INT(st.count, 1);
            tt_ca_free(&st);
        }
    }
    tt_ca_free(&st);
    /* an empty file, a directory */
    fd = mkstemp(path);
    TT_CHECK(fd >= 0);
    close(fd);
    TT_CHECK_EQ_INT(tt_ca_load_file(path, &st), TT_ERR_TLS_CA_FILE);
    unlink(path);
    TT_CHECK_EQ_INT(tt_ca_load_file("/tmp", &st), TT_ERR_TLS_CA_FILE);
    TT_CHECK_EQ_INT(tt_ca_load_file("/nonexistent/ca.pem", &st), TT_ERR_TLS_CA_FILE);
    return tt_test_summary();
}
