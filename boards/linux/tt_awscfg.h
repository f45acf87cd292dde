/*
 * tt_awscfg.h - AWS CLI configuration, credentials and endpoint resolution
 * for the host CLI (boards/linux only: reads files, uses malloc).
 *
 * Reproduces the AWS CLI v2's lookup chains and precedence:
 *   profile      --profile > AWS_PROFILE > AWS_DEFAULT_PROFILE > "default"
 *   credentials  env keys (skipped when --profile is given) > the profile in
 *                the shared credentials file > the profile in the config file
 *   region       --region > AWS_REGION > AWS_DEFAULT_REGION > profile region
 *   output       --output > AWS_DEFAULT_OUTPUT > profile output > "json"
 *   ca_bundle    --ca-bundle > AWS_CA_BUNDLE > profile ca_bundle > none
 *   max_attempts AWS_MAX_ATTEMPTS > profile max_attempts > 3
 *   retry_mode   AWS_RETRY_MODE > profile retry_mode > "standard"
 *   pager        AWS_PAGER > profile cli_pager > PAGER > "less -R"
 *   cli_timestamp_format  profile only > "iso8601"
 * plus what newer CLIs added (2.9.19 ignores them; we honour them):
 *   endpoint_url --endpoint-url > AWS_ENDPOINT_URL_MTURK > AWS_ENDPOINT_URL >
 *                [services X] mturk.endpoint_url > profile endpoint_url,
 *                all but the first skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 *                or the profile's ignore_configured_endpoint_urls is true.
 * Files: AWS_CONFIG_FILE (default ~/.aws/config, sections "[profile NAME]"
 * and "[default]") and AWS_SHARED_CREDENTIALS_FILE (default
 * ~/.aws/credentials, sections "[NAME]").  Values of both are merged per
 * profile, credentials file winning, as botocore does.
 */
#ifndef TT_AWSCFG_H
#define TT_AWSCFG_H

#include <stddef.h>

/* Looks up an environment variable (NULL when unset).  Tests inject one. */
typedef const char *(*tt_awscfg_getenv_fn)(void *ctx, const char *name);

/* What the command line said; every pointer NULL when the option was not
 * given.  Borrowed for the call to tt_awscfg_load() only. */
typedef struct tt_awscfg_args {
    const char *profile;
    const char *region;
    const char *output;
    const char *endpoint_url;
    const char *ca_bundle;
    tt_awscfg_getenv_fn getenv; /* NULL = the process environment */
    void *getenv_ctx;
} tt_awscfg_args;

/* Where the credentials came from (the CLI's provider method names). */
typedef enum tt_awscfg_cred_source {
    TT_CRED_NONE = 0,
    TT_CRED_ENV,              /* "env" */
    TT_CRED_SHARED_FILE,      /* "shared-credentials-file" */
    TT_CRED_CONFIG_FILE       /* "config-file" */
} tt_awscfg_cred_source;

/*
 * The resolved configuration.  Every string is malloc'ed and owned by the
 * struct (freed by tt_awscfg_free()); NULL means "not set anywhere".
 */
typedef struct tt_awscfg {
    char *profile;           /* profile name in use (never NULL after load) */
    int profile_named;       /* 1 when --profile or an env var named it */
    char *config_file;       /* paths actually consulted */
    char *credentials_file;

    tt_awscfg_cred_source cred_source;
    char *access_key_id;
    char *secret_access_key;
    char *session_token;

    char *region;
    char *output;            /* never NULL after load ("json" default) */
    char *ca_bundle;
    char *endpoint_url;
    const char *endpoint_url_source; /* static text for --debug, or NULL */
    char *retry_mode;        /* never NULL after load */
    unsigned max_attempts;   /* >= 1 */
    char *pager;             /* never NULL after load; "" = no pager */
    char *cli_timestamp_format; /* never NULL after load */
    char *cli_binary_format;    /* NULL = default (base64) */
    char *cli_auto_prompt;      /* NULL = off */
} tt_awscfg;

/*
 * Resolve everything.  Returns 0, or the AWS CLI's exit status (255) with a
 * one-line message (no trailing newline) in msg for the errors the CLI
 * raises while loading: a named profile that exists in neither file ("The
 * config profile (NAME) could not be found"), partial credentials ("Partial
 * credentials found in env, missing: AWS_SECRET_ACCESS_KEY"), an invalid
 * retry mode or max_attempts.  Missing credentials or region are NOT errors
 * here (not every command needs them): see the two checks below.
 * On error `cfg` is still valid (free it) but may be incomplete.
 */
int tt_awscfg_load(const tt_awscfg_args *args, tt_awscfg *cfg, char *msg, size_t msglen);

/* 0 when credentials were found, else 253 and the CLI's message. */
int tt_awscfg_need_credentials(const tt_awscfg *cfg, char *msg, size_t msglen);

/* 0 when a region is known, else 253 and the CLI's message. */
int tt_awscfg_need_region(const tt_awscfg *cfg, char *msg, size_t msglen);

void tt_awscfg_free(tt_awscfg *cfg);

/*
 * An INI file as botocore reads it (configparser.RawConfigParser): sections,
 * "key = value" or "key: value" (key lower-cased), '#'/';' comment lines,
 * indented continuation lines appended with '\n'.  Exposed for tests.
 */
typedef struct tt_ini_entry {
    char *section;
    char *key;
    char *value;
} tt_ini_entry;

typedef struct tt_ini {
    tt_ini_entry *entries;
    size_t len, cap;
    char **sections; /* every section header seen, even empty ones */
    size_t nsections;
} tt_ini;

/* Parse `text`; returns 0, or -1 with "line N: ..." in msg on a syntax error. */
int tt_ini_parse(const char *text, size_t len, tt_ini *ini, char *msg, size_t msglen);
/* Value of key in section (last one wins), or NULL. */
const char *tt_ini_get(const tt_ini *ini, const char *section, const char *key);
int tt_ini_has_section(const tt_ini *ini, const char *section);
void tt_ini_free(tt_ini *ini);

#endif /* TT_AWSCFG_H */
