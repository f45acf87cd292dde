/*
 * ttrss - run a command and report its peak resident set size.
 *
 *   ttrss FILE CMD [ARGS...]
 *
 * Forks, execs CMD (stdin/stdout/stderr inherited), waits for it, writes
 * "<peak RSS KiB> <exit status or 128+signal>\n" to FILE and exits with the
 * command's own exit status (128+signal when it was killed).  The fork from
 * this small process matters: Linux keeps ru_maxrss across exec, so a
 * command started straight from a large test process (Python) would report
 * that process's size instead of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t pid;
    int status = 0, code;
    struct rusage ru;
    FILE *f;

    if (argc < 3) {
        fprintf(stderr, "usage: ttrss FILE CMD [ARGS...]\n");
        return 2;
    }
    pid = fork();
    if (pid < 0)
        return 2;
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) < 0)
        return 2;
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    f = fopen(argv[1], "w");
    if (f) {
        fprintf(f, "%ld %d\n", (long)ru.ru_maxrss, code);
        fclose(f);
    }
    return code;
}
