/* Every code declared in core/tt_error.h has a distinct name and description. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>

#include "tt_error.h"
#include "tt_test.h"

int main(void)
{
    FILE *f = fopen("core/tt_error.h", "r");
    char line[512];
    regex_t re;
    regmatch_t m[3];
    int seen[1000] = {0};
    unsigned count = 0;

    TT_CHECK(f != NULL);
    if (!f)
        return tt_test_summary();
    TT_CHECK(regcomp(&re, "(TT_(OK|ERR_[A-Z0-9_]+)) = (-?[0-9]+)", REG_EXTENDED) == 0);
    while (fgets(line, sizeof line, f)) {
        char name[128];
        int code;
        if (regexec(&re, line, 3, m, 0) != 0)
            continue;
        snprintf(name, sizeof name, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), line + m[1].rm_so);
        code = atoi(strchr(line + m[1].rm_eo, '=') + 1);
        TT_CHECK(code <= 0 && code > -1000);
        if (code > 0 || code <= -1000)
            continue;
        TT_CHECK(!seen[-code]); /* distinct */
        seen[-code] = 1;
        TT_CHECK_EQ_STR(tt_errname(code), name);
        TT_CHECK(strcmp(tt_strerror(code), "unknown error") != 0);
        count++;
    }
    regfree(&re);
    fclose(f);
    TT_CHECK(count > 40);
    TT_CHECK_EQ_STR(tt_errname(-999), "TT_ERR_UNKNOWN");
    return tt_test_summary();
}
