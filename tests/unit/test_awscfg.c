/* AWS CLI configuration precedence (profile, credentials, region, endpoint). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tt_awscfg.h"
#include "tt_test.h"

/* A fake environment: NAME=value pairs, NULL-terminated. */
static const char *fake_getenv(void *ctx, const char *name)
{
    const char *const *kv = ctx;
    size_t n = strlen(name);
    for (; *kv; kv++)
        if (strncmp(*kv, name, n) == 0 && (*kv)[n] == '=')
            return *kv + n + 1;
    return NULL;
}

static char dir[64];
static char config_path[128], creds_path[128];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Load with the given env (files always point into the temp dir). */
static int load(const char **env_extra, const char *profile, const char *region, tt_awscfg *cfg,
                char *msg)
{
    const char *env[24];
    char cf[160], sf[160];
    size_t n = 0;
    tt_awscfg_args a;

    snprintf(cf, sizeof cf, "AWS_CONFIG_FILE=%s", config_path);
    snprintf(sf, sizeof sf, "AWS_SHARED_CREDENTIALS_FILE=%s", creds_path);
    env[n++] = cf;
    env[n++] = sf;
    while (env_extra && *env_extra && n < 22)
        env[n++] = *env_extra++;
    env[n] = NULL;
    memset(&a, 0, sizeof a);
    a.profile = profile;
    a.region = region;
    a.getenv = fake_getenv;
    a.getenv_ctx = env;
    return tt_awscfg_load(&a, cfg, msg, 256);
}

static void test_ini(void)
{
    tt_ini ini;
    char msg[128];
    const char *text = "# comment\n[default]\nregion = us-west-2\nKey: value with spaces  \n"
                       "; another\n[profile x]\ns3 =\n  max = 1\n  other = 2\n";
    TT_CHECK_EQ_INT(tt_ini_parse(text, strlen(text), &ini, msg, sizeof msg), 0);
    TT_CHECK_EQ_STR(tt_ini_get(&ini, "default", "region"), "us-west-2");
    TT_CHECK_EQ_STR(tt_ini_get(&ini, "default", "key"), "value with spaces");
    TT_CHECK_EQ_STR(tt_ini_get(&ini, "profile x", "s3"), "\nmax = 1\nother = 2");
    TT_CHECK(tt_ini_get(&ini, "default", "nope") == NULL);
    TT_CHECK(tt_ini_has_section(&ini, "profile x"));
    tt_ini_free(&ini);
    TT_CHECK_EQ_INT(tt_ini_parse("key = v\n", 8, &ini, msg, sizeof msg), -1);
    TT_CHECK_EQ_INT(tt_ini_parse("[a]\nnovalue\n", 12, &ini, msg, sizeof msg), -1);
}

static void test_precedence(void)
{
    tt_awscfg c;
    char msg[256];

    write_file(config_path, "[default]\nregion = eu-west-1\noutput = text\n"
                            "[profile p]\nregion = ap-south-1\naws_access_key_id = CFGKEY\n"
                            "aws_secret_access_key = cfgsecret\ncli_pager = more\n"
                            "[profile svc]\nservices = mine\nendpoint_url = http://global\n"
                            "[services mine]\nmturk =\n  endpoint_url = http://127.0.0.1:9\n"
                            "[profile bad]\nretry_mode = legacy\n");
    write_file(creds_path, "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = "
                           "filesecret\naws_session_token = tok\n[p]\naws_access_key_id = CREDKEY\n"
                           "aws_secret_access_key = credsecret\n[half]\naws_access_key_id = X\n");

    /* Plain: default profile from both files. */
    TT_CHECK_EQ_INT(load(NULL, NULL, NULL, &c, msg), 0);
    TT_CHECK_EQ_STR(c.profile, "default");
    TT_CHECK_EQ_STR(c.access_key_id, "FILEKEY");
    TT_CHECK_EQ_STR(c.session_token, "tok");
    TT_CHECK_EQ_INT(c.cred_source, TT_CRED_SHARED_FILE);
    TT_CHECK_EQ_STR(c.region, "eu-west-1");
    TT_CHECK_EQ_STR(c.output, "text");
    TT_CHECK_EQ_STR(c.retry_mode, "standard");
    TT_CHECK_EQ_INT(c.max_attempts, 3);
    TT_CHECK_EQ_STR(c.pager, "less -R");
    TT_CHECK(c.endpoint_url == NULL);
    tt_awscfg_free(&c);

    /* Env keys beat AWS_PROFILE, but the region comes from that profile. */
    {
        const char *env[] = {"AWS_PROFILE=p", "AWS_ACCESS_KEY_ID=ENVKEY",
                             "AWS_SECRET_ACCESS_KEY=envsecret", "AWS_SESSION_TOKEN=envtok", NULL};
        TT_CHECK_EQ_INT(load(env, NULL, NULL, &c, msg), 0);
        TT_CHECK_EQ_STR(c.access_key_id, "ENVKEY");
        TT_CHECK_EQ_STR(c.session_token, "envtok");
        TT_CHECK_EQ_INT(c.cred_source, TT_CRED_ENV);
        TT_CHECK_EQ_STR(c.region, "ap-south-1");
        TT_CHECK_EQ_STR(c.pager, "more");
        tt_awscfg_free(&c);
        /* --profile beats env keys; credentials file beats config file. */
        TT_CHECK_EQ_INT(load(env, "p", NULL, &c, msg), 0);
        TT_CHECK_EQ_STR(c.access_key_id, "CREDKEY");
        TT_CHECK(c.session_token == NULL);
        tt_awscfg_free(&c);
    }
    /* AWS_REGION beats AWS_DEFAULT_REGION; --region beats both. */
    {
        const char *env[] = {"AWS_REGION=r1", "AWS_DEFAULT_REGION=r2", "AWS_DEFAULT_OUTPUT=yaml",
                             "AWS_PAGER=", "AWS_MAX_ATTEMPTS=5", NULL};
        TT_CHECK_EQ_INT(load(env, NULL, NULL, &c, msg), 0);
        TT_CHECK_EQ_STR(c.region, "r1");
        TT_CHECK_EQ_STR(c.output, "yaml");
        TT_CHECK_EQ_STR(c.pager, "");
        TT_CHECK_EQ_INT(c.max_attempts, 5);
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(env + 1, NULL, "r0", &c, msg), 0);
        TT_CHECK_EQ_STR(c.region, "r0");
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(env + 1, NULL, NULL, &c, msg), 0);
        TT_CHECK_EQ_STR(c.region, "r2");
        tt_awscfg_free(&c);
    }
    /* Errors the CLI raises while loading (exit 255). */
    {
        const char *env[] = {"AWS_ACCESS_KEY_ID=A", NULL};
        TT_CHECK_EQ_INT(load(env, NULL, NULL, &c, msg), 255);
        TT_CHECK_EQ_STR(msg, "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(NULL, "nosuch", NULL, &c, msg), 255);
        TT_CHECK_EQ_STR(msg, "The config profile (nosuch) could not be found");
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(NULL, "half", NULL, &c, msg), 255);
        TT_CHECK_EQ_STR(msg, "Partial credentials found in shared-credentials-file, missing: "
                             "aws_secret_access_key");
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(NULL, "bad", NULL, &c, msg), 255);
        TT_CHECK(strstr(msg, "\"legacy\" must be one of") != NULL);
        tt_awscfg_free(&c);
    }
    {
        const char *env[] = {"AWS_MAX_ATTEMPTS=abc", NULL};
        TT_CHECK_EQ_INT(load(env, NULL, NULL, &c, msg), 255);
        TT_CHECK_EQ_STR(msg, "invalid literal for int() with base 10: 'abc'");
        tt_awscfg_free(&c);
    }
    /* Endpoint URL chain. */
    {
        const char *env1[] = {"AWS_ENDPOINT_URL_MTURK=http://svc", "AWS_ENDPOINT_URL=http://all",
                              NULL};
        const char *env2[] = {"AWS_ENDPOINT_URL=http://all", NULL};
        const char *env3[] = {"AWS_ENDPOINT_URL=http://all",
                              "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", NULL};
        TT_CHECK_EQ_INT(load(env1, NULL, NULL, &c, msg), 0);
        TT_CHECK_EQ_STR(c.endpoint_url, "http://svc");
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(env2, NULL, NULL, &c, msg), 0);
        TT_CHECK_EQ_STR(c.endpoint_url, "http://all");
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(env3, NULL, NULL, &c, msg), 0);
        TT_CHECK(c.endpoint_url == NULL);
        tt_awscfg_free(&c);
        TT_CHECK_EQ_INT(load(NULL, "svc", NULL, &c, msg), 0);
        TT_CHECK_EQ_STR(c.endpoint_url, "http://127.0.0.1:9");
        tt_awscfg_free(&c);
        {
            tt_awscfg_args a;
            memset(&a, 0, sizeof a);
            a.endpoint_url = "http://cli";
            a.getenv = fake_getenv;
            a.getenv_ctx = env1;
            TT_CHECK_EQ_INT(tt_awscfg_load(&a, &c, msg, sizeof msg), 0);
            TT_CHECK_EQ_STR(c.endpoint_url, "http://cli");
            tt_awscfg_free(&c);
        }
    }
    /* Nothing anywhere: the two lazy checks give the CLI's 253 messages. */
    unlink(config_path);
    unlink(creds_path);
    TT_CHECK_EQ_INT(load(NULL, NULL, NULL, &c, msg), 0);
    TT_CHECK_EQ_INT(tt_awscfg_need_credentials(&c, msg, sizeof msg), 253);
    TT_CHECK(strncmp(msg, "Unable to locate credentials.", 29) == 0);
    TT_CHECK_EQ_INT(tt_awscfg_need_region(&c, msg, sizeof msg), 253);
    TT_CHECK(strncmp(msg, "You must specify a region.", 26) == 0);
    tt_awscfg_free(&c);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/tt-awscfg-XXXXXX");
    if (!mkdtemp(dir)) {
        TT_CHECK(dir[0] == 0); /* mkdtemp failed */
        return tt_test_summary();
    }
    snprintf(config_path, sizeof config_path, "%s/config", dir);
    snprintf(creds_path, sizeof creds_path, "%s/credentials", dir);
    test_ini();
    test_precedence();
    rmdir(dir);
    return tt_test_summary();
}
