/*
 * fuzz_host_awscfg.c - libFuzzer target for the credentials/config file
 * reader (boards/linux/tt_awscfg.c): the INI parser and the whole
 * resolution (profiles, [profile x] sections, services sections,
 * max_attempts / retry_mode validation, credentials chain).
 *
 * Input: up to three parts separated by NUL bytes: the profile name (empty:
 * none given), the config file, the shared credentials file.  Byte 0 of the
 * profile part, when it is one of 0x01..0x07, instead sets bits: 1 = pass
 * the profile as --profile (else AWS_PROFILE), 2 = AWS_MAX_ATTEMPTS=0,
 * 4 = AWS_RETRY_MODE=adaptive.  The files are written to a private
 * temporary directory and named through an injected getenv.
 *
 * Checks: no crash, leak or sanitizer report; tt_ini_parse gives 0 or -1
 * with a "line N: ..." message; on 0 every entry belongs to a section that
 * was seen, keys hold no '=' or ':' (the first one splits), lookups return
 * the last value set; tt_awscfg_load returns 0 or 255 (with a message), and
 * on 0 every "never NULL after load" field is set and max_attempts >= 1;
 * need_credentials / need_region answer 0 or 253 with a message.
 *
 * -DTT_FUZZ_STANDALONE adds a main() that replays files named on the command
 * line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tt_awscfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c)                                                                          \
    do {                                                                                       \
        if (!(c))                                                                              \
            __builtin_trap();                                                                  \
    } while (0)

static char g_dir[64];
static char g_cfg[96], g_creds[96];

typedef struct {
    const char *profile_env;
    int max0, adaptive;
} env_t;

static const char *fake_getenv(void *ctx, const char *name)
{
    const env_t *e = (const env_t *)ctx;
    if (strcmp(name, "AWS_CONFIG_FILE") == 0)
        return g_cfg;
    if (strcmp(name, "AWS_SHARED_CREDENTIALS_FILE") == 0)
        return g_creds;
    if (strcmp(name, "AWS_PROFILE") == 0)
        return e->profile_env;
    if (strcmp(name, "HOME") == 0)
        return g_dir;
    if (strcmp(name, "AWS_MAX_ATTEMPTS") == 0)
        return e->max0 ? "0" : NULL;
    if (strcmp(name, "AWS_RETRY_MODE") == 0)
        return e->adaptive ? "adaptive" : NULL;
    return NULL; /* nothing from the real environment */
}

static void cleanup(void)
{
    unlink(g_cfg);
    unlink(g_creds);
    rmdir(g_dir);
}

static void write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(n == 0 || fwrite(p, 1, n, f) == n);
    FUZZ_CHECK(fclose(f) == 0);
}

static void check_ini(const uint8_t *p, size_t n)
{
    char *text = (char *)malloc(n ? n : 1); /* exact: ASan sees over-reads */
    char msg[128];
    tt_ini ini;
    size_t i, j;
    FUZZ_CHECK(text != NULL);
    if (n)
        memcpy(text, p, n);
    memset(msg, 'x', sizeof msg);
    if (tt_ini_parse(text, n, &ini, msg, sizeof msg) != 0) {
        FUZZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL);
        FUZZ_CHECK(strncmp(msg, "line ", 5) == 0 || strcmp(msg, "out of memory") == 0);
        free(text);
        return;
    }
    for (i = 0; i < ini.len; i++) {
        const tt_ini_entry *e = &ini.entries[i];
        int seen = 0;
        const char *last = NULL;
        FUZZ_CHECK(e->section && e->key && e->value);
        FUZZ_CHECK(strpbrk(e->key, "=:\n") == NULL);
        for (j = 0; j < ini.nsections; j++)
            seen |= strcmp(ini.sections[j], e->section) == 0;
        FUZZ_CHECK(seen && tt_ini_has_section(&ini, e->section));
        for (j = 0; j < ini.len; j++)
            if (strcmp(ini.entries[j].section, e->section) == 0 &&
                strcmp(ini.entries[j].key, e->key) == 0)
                last = ini.entries[j].value;
        FUZZ_CHECK(tt_ini_get(&ini, e->section, e->key) == last);
    }
    tt_ini_free(&ini);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *parts[3] = {data, data, data};
    size_t lens[3] = {0, 0, 0}, i, k = 0, start = 0;
    char profile[128];
    tt_awscfg_args args;
    tt_awscfg cfg;
    env_t env;
    char msg[512];
    int rc, flags = 0;

    if (size > 32768)
        return 0;
    if (!g_dir[0]) {
        strcpy(g_dir, "/tmp/tt-fuzz-awscfg.XXXXXX");
        FUZZ_CHECK(mkdtemp(g_dir) != NULL);
        snprintf(g_cfg, sizeof g_cfg, "%s/config", g_dir);
        snprintf(g_creds, sizeof g_creds, "%s/credentials", g_dir);
        atexit(cleanup);
    }
    for (i = 0; i <= size && k < 3; i++) {
        if (i == size || data[i] == 0) {
            parts[k] = data + start;
            lens[k] = i - start;
            k++;
            start = i + 1;
        }
    }
    if (k == 3 && start < size)
        lens[2] = size - (size_t)(parts[2] - data); /* NULs in the last part stay */

    if (lens[0] && parts[0][0] >= 1 && parts[0][0] <= 7) {
        flags = parts[0][0];
        parts[0]++;
        lens[0]--;
    }
    if (lens[0] >= sizeof profile)
        lens[0] = sizeof profile - 1;
    memcpy(profile, parts[0], lens[0]);
    profile[lens[0]] = '\0';

    check_ini(parts[1], lens[1]);
    check_ini(parts[2], lens[2]);

    write_file(g_cfg, parts[1], lens[1]);
    write_file(g_creds, parts[2], lens[2]);
    memset(&args, 0, sizeof args);
    memset(&env, 0, sizeof env);
    if (profile[0]) {
        if (flags & 1)
            args.profile = profile;
        else
            env.profile_env = profile;
    }
    env.max0 = (flags & 2) != 0;
    env.adaptive = (flags & 4) != 0;
    args.getenv = fake_getenv;
    args.getenv_ctx = &env;
    memset(msg, 'x', sizeof msg);
    rc = tt_awscfg_load(&args, &cfg, msg, sizeof msg);
    FUZZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL);
    if (rc == 0) {
        FUZZ_CHECK(cfg.profile && cfg.output && cfg.retry_mode && cfg.pager &&
                   cfg.cli_timestamp_format && cfg.max_attempts >= 1);
        FUZZ_CHECK(!cfg.access_key_id == !cfg.secret_access_key);
        rc = tt_awscfg_need_credentials(&cfg, msg, sizeof msg);
        FUZZ_CHECK(rc == 0 || (rc == 253 && msg[0] != '\0'));
        FUZZ_CHECK(rc != 0 || cfg.access_key_id != NULL);
        rc = tt_awscfg_need_region(&cfg, msg, sizeof msg);
        FUZZ_CHECK(rc == 0 || (rc == 253 && msg[0] != '\0'));
        FUZZ_CHECK(rc != 0 || cfg.region != NULL);
    } else {
        FUZZ_CHECK(rc == 255 && msg[0] != '\0');
    }
    tt_awscfg_free(&cfg);
    return 0;
}

#include "fuzz_standalone.h"
