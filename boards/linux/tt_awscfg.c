/* tt_awscfg.c - AWS CLI configuration lookup (see tt_awscfg.h). */
#include "tt_awscfg.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------ */

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *dup_s(const char *s)
{
    return s ? dup_n(s, strlen(s)) : NULL;
}

static void set_str(char **slot, const char *v)
{
    free(*slot);
    *slot = dup_s(v);
}

static const char *env_get(const tt_awscfg_args *a, const char *name)
{
    if (a->getenv)
        return a->getenv(a->getenv_ctx, name);
    return getenv(name);
}

/* An environment value counts only when non-empty (botocore's rule). */
static const char *env_nonempty(const tt_awscfg_args *a, const char *name)
{
    const char *v = env_get(a, name);
    return v && *v ? v : NULL;
}

static int is_true(const char *v)
{
    return v && (strcmp(v, "true") == 0 || strcmp(v, "True") == 0 || strcmp(v, "TRUE") == 0);
}

/* Read a whole file; NULL when it cannot be opened (missing = no config). */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (!f)
        return NULL;
    for (;;) {
        size_t got;
        if (n + 4096 + 1 > cap) {
            char *nb = realloc(buf, cap = cap * 2 + 4096 + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* "~/x" -> "$HOME/x" (malloc'ed). */
static char *expand_home(const tt_awscfg_args *a, const char *path)
{
    const char *home;
    char *out;
    size_t hl;

    if (path[0] != '~' || (path[1] != '/' && path[1] != '\0'))
        return dup_s(path);
    home = env_get(a, "HOME");
    if (!home)
        home = "";
    hl = strlen(home);
    out = malloc(hl + strlen(path));
    if (out) {
        memcpy(out, home, hl);
        memcpy(out + hl, path + 1, strlen(path + 1) + 1); /* the rest and its NUL */
    }
    return out;
}

/* ---- INI ------------------------------------------------------------------ */

static int ini_add(tt_ini *ini, const char *section, const char *key, size_t klen,
                   const char *val, size_t vlen)
{
    tt_ini_entry *e;
    if (ini->len == ini->cap) {
        size_t ncap = ini->cap ? ini->cap * 2 : 16;
        tt_ini_entry *ne = realloc(ini->entries, ncap * sizeof *ne);
        if (!ne)
            return -1;
        ini->entries = ne;
        ini->cap = ncap;
    }
    e = &ini->entries[ini->len];
    e->section = dup_s(section);
    e->key = dup_n(key, klen);
    e->value = dup_n(val, vlen);
    if (!e->section || !e->key || !e->value) {
        free(e->section);
        free(e->key);
        free(e->value);
        return -1;
    }
    for (size_t i = 0; i < klen; i++)
        e->key[i] = (char)tolower((unsigned char)e->key[i]);
    ini->len++;
    return 0;
}

static int ini_append_value(tt_ini_entry *e, const char *s, size_t n)
{
    size_t old = strlen(e->value);
    char *nv = realloc(e->value, old + 1 + n + 1);
    if (!nv)
        return -1;
    nv[old] = '\n';
    memcpy(nv + old + 1, s, n);
    nv[old + 1 + n] = '\0';
    e->value = nv;
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

int tt_ini_parse(const char *text, size_t len, tt_ini *ini, char *msg, size_t msglen)
{
    const char *p = text, *end = text + len;
    char *section = NULL;
    tt_ini_entry *last = NULL; /* entry a continuation line extends */
    unsigned lineno = 0;

    memset(ini, 0, sizeof *ini);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line = p, *s;
        size_t n = (size_t)((nl ? nl : end) - p), sn;
        p = nl ? nl + 1 : end;
        lineno++;
        if (n && line[n - 1] == '\r')
            n--;
        s = line;
        sn = n;
        trim(&s, &sn);
        if (sn == 0 || s[0] == '#' || s[0] == ';') {
            /* Blank and comment lines end a multi-line value only when the
             * next line is not indented; configparser keeps going otherwise,
             * which matters little here. */
            if (sn == 0)
                last = NULL;
            continue;
        }
        if (isspace((unsigned char)line[0]) && last) {
            if (ini_append_value(last, s, sn) != 0)
                goto nomem;
            continue;
        }
        /* A header is "[" + at least one character + the line's last "]"
         * (configparser's \[(?P<header>.+)\]); "[x = 1" is an option. */
        const char *close = NULL;
        for (size_t i = sn; s[0] == '[' && i > 2; i--)
            if (s[i - 1] == ']') {
                close = s + i - 1;
                break;
            }
        if (close) {
            /* configparser (strict, as botocore uses it) refuses a section
             * twice in one file: the CLI says "Unable to parse config file" */
            char *name = dup_n(s + 1, (size_t)(close - s - 1));
            if (!name)
                goto nomem;
            if (tt_ini_has_section(ini, name)) {
                free(name);
                snprintf(msg, msglen, "line %u: duplicate section", lineno);
                goto fail;
            }
            free(name);
            free(section);
            section = dup_n(s + 1, (size_t)(close - s - 1));
            if (!section)
                goto nomem;
            {
                char **ns = realloc(ini->sections, (ini->nsections + 1) * sizeof *ns);
                if (!ns)
                    goto nomem;
                ini->sections = ns;
                ns[ini->nsections] = dup_s(section);
                if (!ns[ini->nsections])
                    goto nomem;
                ini->nsections++;
            }
            last = NULL;
            continue;
        }
        {
            size_t i, kl, vl;
            const char *k = s, *v;
            for (i = 0; i < sn && s[i] != '=' && s[i] != ':'; i++)
                ;
            if (!section) {
                snprintf(msg, msglen, "line %u: option outside any section", lineno);
                goto fail;
            }
            if (i == sn) {
                snprintf(msg, msglen, "line %u: expected \"key = value\"", lineno);
                goto fail;
            }
            kl = i;
            trim(&k, &kl);
            if (kl == 0) {
                snprintf(msg, msglen, "line %u: empty key", lineno);
                goto fail;
            }
            v = s + i + 1;
            vl = sn - i - 1;
            trim(&v, &vl);
            if (ini_add(ini, section, k, kl, v, vl) != 0)
                goto nomem;
            /* a key twice in a section (after lower-casing): refused too */
            for (i = 0; i + 1 < ini->len; i++)
                if (strcmp(ini->entries[i].section, section) == 0 &&
                    strcmp(ini->entries[i].key, ini->entries[ini->len - 1].key) == 0) {
                    snprintf(msg, msglen, "line %u: duplicate key", lineno);
                    goto fail;
                }
            last = &ini->entries[ini->len - 1];
        }
    }
    free(section);
    return 0;
nomem:
    snprintf(msg, msglen, "out of memory");
fail:
    free(section);
    tt_ini_free(ini);
    return -1;
}

const char *tt_ini_get(const tt_ini *ini, const char *section, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < ini->len; i++)
        if (strcmp(ini->entries[i].section, section) == 0 &&
            strcmp(ini->entries[i].key, key) == 0)
            found = ini->entries[i].value;
    return found;
}

int tt_ini_has_section(const tt_ini *ini, const char *section)
{
    for (size_t i = 0; i < ini->nsections; i++)
        if (strcmp(ini->sections[i], section) == 0)
            return 1;
    return 0;
}

void tt_ini_free(tt_ini *ini)
{
    for (size_t i = 0; i < ini->len; i++) {
        free(ini->entries[i].section);
        free(ini->entries[i].key);
        free(ini->entries[i].value);
    }
    for (size_t i = 0; i < ini->nsections; i++)
        free(ini->sections[i]);
    free(ini->entries);
    free(ini->sections);
    memset(ini, 0, sizeof *ini);
}

/* ---- profiles ------------------------------------------------------------- */

/*
 * The config-file section that holds profile `name`, as botocore maps them:
 * "[profile NAME]" (whitespace-separated, optionally quoted), and "[default]"
 * for the default profile.  Returns a malloc'ed section name or NULL.
 */
static char *config_section_for(const tt_ini *ini, const char *name)
{
    char *hit = NULL;
    for (size_t i = 0; i < ini->nsections; i++) {
        const char *s = ini->sections[i];
        if (strncmp(s, "profile", 7) == 0 && isspace((unsigned char)s[7])) {
            const char *q = s + 7;
            size_t n;
            while (isspace((unsigned char)*q))
                q++;
            n = strlen(q);
            while (n && isspace((unsigned char)q[n - 1]))
                n--;
            if (n >= 2 && (q[0] == '"' || q[0] == '\'') && q[n - 1] == q[0]) {
                q++;
                n -= 2;
            }
            if (strlen(name) == n && strncmp(q, name, n) == 0 && memchr(q, ' ', n) == NULL) {
                free(hit);
                hit = dup_s(s);
            }
        } else if (strcmp(s, "default") == 0 && strcmp(name, "default") == 0 && !hit) {
            hit = dup_s(s);
        }
    }
    return hit;
}

typedef struct profile_view {
    const tt_ini *config;
    char *config_section; /* NULL when the profile is not in the config file */
    const tt_ini *creds;
    const char *creds_section; /* NULL when not in the credentials file */
} profile_view;

/* A profile value: the credentials file wins over the config file (merge). */
static const char *profile_get(const profile_view *pv, const char *key)
{
    const char *v = NULL;
    if (pv->creds_section)
        v = tt_ini_get(pv->creds, pv->creds_section, key);
    if (!v && pv->config_section)
        v = tt_ini_get(pv->config, pv->config_section, key);
    return v;
}

/* endpoint_url of service `svc` from the profile's "services" section:
 *   [profile p]            [services name]
 *   services = name        mturk =
 *                            endpoint_url = https://...          */
static char *services_endpoint(const profile_view *pv, const char *svc)
{
    const char *name = profile_get(pv, "services");
    char section[256];
    const char *nested, *p;

    if (!name || !pv->config)
        return NULL;
    snprintf(section, sizeof section, "services %s", name);
    nested = tt_ini_get(pv->config, section, svc);
    if (!nested)
        return NULL;
    for (p = nested; *p;) {
        const char *nl = strchr(p, '\n'), *eq;
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        eq = memchr(p, '=', n);
        if (eq) {
            const char *k = p, *v = eq + 1;
            size_t kl = (size_t)(eq - p), vl = n - kl - 1;
            trim(&k, &kl);
            trim(&v, &vl);
            if (kl == 12 && strncmp(k, "endpoint_url", 12) == 0)
                return dup_n(v, vl);
        }
        p += n;
        if (*p == '\n')
            p++;
    }
    return NULL;
}

/* Load an INI file into `ini`; missing file = empty.  Returns 0 or 255. */
static int load_ini(const char *path, tt_ini *ini, char *msg, size_t msglen)
{
    size_t len = 0;
    char *text = read_file(path, &len);
    char why[160];

    memset(ini, 0, sizeof *ini);
    if (!text)
        return 0;
    if (tt_ini_parse(text, len, ini, why, sizeof why) != 0) {
        snprintf(msg, msglen, "Unable to parse config file: %s", path);
        free(text);
        return 255;
    }
    free(text);
    return 0;
}

/* ---- the chains ----------------------------------------------------------- */

static int take_creds(tt_awscfg *cfg, const tt_ini *ini, const char *section,
                      tt_awscfg_cred_source src, char *msg, size_t msglen)
{
    const char *akid = tt_ini_get(ini, section, "aws_access_key_id");
    const char *secret, *token;

    if (!akid)
        return 0;
    secret = tt_ini_get(ini, section, "aws_secret_access_key");
    if (!secret) {
        snprintf(msg, msglen, "Partial credentials found in %s, missing: aws_secret_access_key",
                 src == TT_CRED_SHARED_FILE ? "shared-credentials-file" : "config-file");
        return 255;
    }
    token = tt_ini_get(ini, section, "aws_security_token");
    if (!token)
        token = tt_ini_get(ini, section, "aws_session_token");
    set_str(&cfg->access_key_id, akid);
    set_str(&cfg->secret_access_key, secret);
    set_str(&cfg->session_token, token);
    cfg->cred_source = src;
    return 0;
}

int tt_awscfg_load(const tt_awscfg_args *args, tt_awscfg *cfg, char *msg, size_t msglen)
{
    tt_awscfg_args noargs;
    tt_ini config, creds;
    profile_view pv;
    const char *v;
    int rc = 0;

    if (!args) {
        memset(&noargs, 0, sizeof noargs);
        args = &noargs;
    }
    memset(cfg, 0, sizeof *cfg);
    memset(&pv, 0, sizeof pv);
    if (msglen)
        msg[0] = '\0';

    /* Profile name.  An empty --profile counts as not given (the CLI tests
     * `if args.profile:`). */
    v = args->profile && args->profile[0] ? args->profile : NULL;
    if (!v)
        v = env_nonempty(args, "AWS_PROFILE");
    if (!v)
        v = env_nonempty(args, "AWS_DEFAULT_PROFILE");
    cfg->profile_named = v != NULL;
    cfg->profile = dup_s(v ? v : "default");

    /* Files. */
    v = env_nonempty(args, "AWS_CONFIG_FILE");
    cfg->config_file = expand_home(args, v ? v : "~/.aws/config");
    v = env_nonempty(args, "AWS_SHARED_CREDENTIALS_FILE");
    cfg->credentials_file = expand_home(args, v ? v : "~/.aws/credentials");
    if (!cfg->profile || !cfg->config_file || !cfg->credentials_file) {
        snprintf(msg, msglen, "out of memory");
        return 255;
    }
    rc = load_ini(cfg->config_file, &config, msg, msglen);
    if (rc != 0)
        return rc;
    rc = load_ini(cfg->credentials_file, &creds, msg, msglen);
    if (rc != 0) {
        tt_ini_free(&config);
        return rc;
    }
    pv.config = &config;
    pv.config_section = config_section_for(&config, cfg->profile);
    pv.creds = &creds;
    pv.creds_section = tt_ini_has_section(&creds, cfg->profile) ? cfg->profile : NULL;

    if (cfg->profile_named && !pv.config_section && !pv.creds_section) {
        snprintf(msg, msglen, "The config profile (%s) could not be found", cfg->profile);
        rc = 255;
        goto out;
    }

    /* Credentials: env (unless --profile), shared credentials file, config file. */
    if (!(args->profile && args->profile[0]) && env_nonempty(args, "AWS_ACCESS_KEY_ID")) {
        const char *secret = env_nonempty(args, "AWS_SECRET_ACCESS_KEY");
        const char *token;
        if (!secret) {
            snprintf(msg, msglen, "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
            rc = 255;
            goto out;
        }
        token = env_nonempty(args, "AWS_SECURITY_TOKEN");
        if (!token)
            token = env_nonempty(args, "AWS_SESSION_TOKEN");
        set_str(&cfg->access_key_id, env_get(args, "AWS_ACCESS_KEY_ID"));
        set_str(&cfg->secret_access_key, secret);
        set_str(&cfg->session_token, token);
        cfg->cred_source = TT_CRED_ENV;
    }
    if (cfg->cred_source == TT_CRED_NONE && pv.creds_section) {
        rc = take_creds(cfg, &creds, pv.creds_section, TT_CRED_SHARED_FILE, msg, msglen);
        if (rc)
            goto out;
    }
    if (cfg->cred_source == TT_CRED_NONE && pv.config_section) {
        rc = take_creds(cfg, &config, pv.config_section, TT_CRED_CONFIG_FILE, msg, msglen);
        if (rc)
            goto out;
    }

    /* Region, output, CA bundle. */
    v = args->region;
    if (!v)
        v = env_nonempty(args, "AWS_REGION");
    if (!v)
        v = env_nonempty(args, "AWS_DEFAULT_REGION");
    if (!v)
        v = profile_get(&pv, "region");
    set_str(&cfg->region, v);

    v = args->output;
    if (!v)
        v = env_nonempty(args, "AWS_DEFAULT_OUTPUT");
    if (!v)
        v = profile_get(&pv, "output");
    set_str(&cfg->output, v ? v : "json");

    v = args->ca_bundle;
    if (!v)
        v = env_nonempty(args, "AWS_CA_BUNDLE");
    if (!v)
        v = profile_get(&pv, "ca_bundle");
    if (v)
        cfg->ca_bundle = expand_home(args, v);

    /* Endpoint URL. */
    if (args->endpoint_url) {
        set_str(&cfg->endpoint_url, args->endpoint_url);
        cfg->endpoint_url_source = "--endpoint-url";
    } else if (!is_true(env_nonempty(args, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) &&
               !is_true(profile_get(&pv, "ignore_configured_endpoint_urls"))) {
        char *svc;
        if ((v = env_nonempty(args, "AWS_ENDPOINT_URL_MTURK")) != NULL) {
            set_str(&cfg->endpoint_url, v);
            cfg->endpoint_url_source = "AWS_ENDPOINT_URL_MTURK";
        } else if ((v = env_nonempty(args, "AWS_ENDPOINT_URL")) != NULL) {
            set_str(&cfg->endpoint_url, v);
            cfg->endpoint_url_source = "AWS_ENDPOINT_URL";
        } else if ((svc = services_endpoint(&pv, "mturk")) != NULL) {
            cfg->endpoint_url = svc;
            cfg->endpoint_url_source = "config file services section";
        } else if ((v = profile_get(&pv, "endpoint_url")) != NULL) {
            set_str(&cfg->endpoint_url, v);
            cfg->endpoint_url_source = "config file endpoint_url";
        }
    }

    /* Retries. */
    v = env_nonempty(args, "AWS_RETRY_MODE");
    if (!v)
        v = profile_get(&pv, "retry_mode");
    set_str(&cfg->retry_mode, v ? v : "standard");
    if (strcmp(cfg->retry_mode, "standard") != 0 && strcmp(cfg->retry_mode, "adaptive") != 0) {
        snprintf(msg, msglen,
                 "Invalid value provided to \"mode\": \"%s\" must be one of: \"standard\" or "
                 "\"adaptive\"",
                 cfg->retry_mode);
        rc = 255;
        goto out;
    }
    v = env_nonempty(args, "AWS_MAX_ATTEMPTS");
    if (!v)
        v = profile_get(&pv, "max_attempts");
    cfg->max_attempts = 3;
    if (v) {
        /* Python int(): optional sign, digits, surrounding whitespace. */
        const char *s = v;
        char *endp;
        long n;
        while (isspace((unsigned char)*s))
            s++;
        errno = 0;
        n = strtol(s, &endp, 10);
        while (isspace((unsigned char)*endp))
            endp++;
        if (endp == s || *endp || (errno && errno != ERANGE)
            || !isdigit((unsigned char)s[s[0] == '-' || s[0] == '+'])) {
            snprintf(msg, msglen, "invalid literal for int() with base 10: '%s'", v);
            rc = 255;
            goto out;
        }
        /* AWS CLI 2.9.19 refuses values below 1; Python's ints are unbounded
         * (ERANGE: LONG_MAX / LONG_MIN). */
        if (n < 1) {
            snprintf(msg, msglen, "Value provided to \"max_attempts\": %ld must be an integer "
                     "greater than or equal to one.", n);
            rc = 255;
            goto out;
        }
        cfg->max_attempts = n > 1000 ? 1000u : (unsigned)n;
    }

    /* CLI-only settings. */
    v = env_get(args, "AWS_PAGER"); /* set but empty = no pager */
    if (!v)
        v = profile_get(&pv, "cli_pager");
    if (!v)
        v = env_get(args, "PAGER");
    set_str(&cfg->pager, v ? v : "less -R");
    v = profile_get(&pv, "cli_timestamp_format");
    set_str(&cfg->cli_timestamp_format, v ? v : "iso8601");
    set_str(&cfg->cli_binary_format, profile_get(&pv, "cli_binary_format"));
    v = env_nonempty(args, "AWS_CLI_AUTO_PROMPT");
    if (!v)
        v = profile_get(&pv, "cli_auto_prompt");
    set_str(&cfg->cli_auto_prompt, v);

out:
    free(pv.config_section);
    tt_ini_free(&config);
    tt_ini_free(&creds);
    return rc;
}

int tt_awscfg_need_credentials(const tt_awscfg *cfg, char *msg, size_t msglen)
{
    if (cfg->access_key_id && cfg->secret_access_key)
        return 0;
    snprintf(msg, msglen,
             "Unable to locate credentials. You can configure credentials by running \"aws "
             "configure\".");
    return 253;
}

int tt_awscfg_need_region(const tt_awscfg *cfg, char *msg, size_t msglen)
{
    if (cfg->region && *cfg->region)
        return 0;
    snprintf(msg, msglen,
             "You must specify a region. You can also configure your region by running \"aws "
             "configure\".");
    return 253;
}

void tt_awscfg_free(tt_awscfg *cfg)
{
    if (cfg->secret_access_key)
        memset(cfg->secret_access_key, 0, strlen(cfg->secret_access_key));
    if (cfg->session_token)
        memset(cfg->session_token, 0, strlen(cfg->session_token));
    free(cfg->profile);
    free(cfg->config_file);
    free(cfg->credentials_file);
    free(cfg->access_key_id);
    free(cfg->secret_access_key);
    free(cfg->session_token);
    free(cfg->region);
    free(cfg->output);
    free(cfg->ca_bundle);
    free(cfg->endpoint_url);
    free(cfg->retry_mode);
    free(cfg->pager);
    free(cfg->cli_timestamp_format);
    free(cfg->cli_binary_format);
    free(cfg->cli_auto_prompt);
    memset(cfg, 0, sizeof *cfg);
}
