#!/usr/bin/python3
"""Compares tinyturk's command-line handling with goldens captured from the
reference AWS CLI 2.9.19 (tests/golden/cli-args/cases.json, made by
gen_cli_arg_goldens.py).  Does not need /usr/bin/aws.

Drives $TT_BUILD/tools/ttargs (tt_cli_parse directly) and, when it exists,
$TT_BUILD/tinyturk for the cases the CLI rejects before any request.

tinyturk's documented differences are applied to the goldens first:
  * the program name replaces "aws" in the usage block and "aws: error:";
  * --output accepts the extra choice "jsonl" (listed in the choices);
  * a case where the CLI tried to connect (exit 255 "Could not connect")
    means "the command line was accepted": ttargs must print RUN.
"""
import json
import os
import subprocess
import sys

BUILD = os.environ.get("TT_BUILD", "build")
TTARGS = os.path.join(BUILD, "tools", "ttargs")
CLI = os.path.join(BUILD, "tinyturk")
E = ["--endpoint-url", "http://127.0.0.1:1"]
passed = failed = 0


def adapt(text, prog):
    text = text.replace("usage: aws ", "usage: %s " % prog)
    for s in ("  aws help\n", "  aws <command> help\n", "  aws <command> <subcommand> help\n"):
        text = text.replace(s, s.replace("aws", prog))
    text = text.replace("\naws: error: ", "\n%s: error: " % prog)
    text = text.replace("yaml-stream                             \n",
                        "yaml-stream                              | jsonl                                   \n")
    return text


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s\n%s" % (name, detail))


def run(exe, args):
    env = {"TTARGS_UNUSED": "", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "AWS_ACCESS_KEY_ID": "a",
           "AWS_SECRET_ACCESS_KEY": "b", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_PAGER": "", "LC_ALL": "C.UTF-8"}
    return subprocess.run([exe] + args + E, env=env, capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def test_prompt_pty(exe):
    """--cli-auto-prompt on a real terminal (a pty): answers are typed in."""
    import pty
    import select
    import time
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(exe, [exe, "mturk", "list-assignments-for-hit", "--cli-auto-prompt",
                        "--region", "us-east-1"],
                  {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "TERM": "dumb"})
    # the terminal's line discipline queues the typed lines; the prompt
    # reads them one per question
    os.write(fd, b"HITPTY\nApproved\n4\n\n\ntext\n\n")
    buf = b""
    deadline = time.time() + 20
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    _, status = os.waitpid(pid, 0)
    text = buf.decode("utf-8", "replace").replace("\r", "")
    check("prompt on a pty", os.WEXITSTATUS(status) == 0 and "hit_id=HITPTY" in text and
          "statuses=[Approved]" in text and "page_size=4" in text and "output=text" in text,
          "  got status %d %r" % (status, text))


def test_help_version():
    for args, want in ((["help"], "AVAILABLE COMMANDS"), (["mturk", "help"], "AVAILABLE OPERATIONS"),
                       (["mturk", "list-assignments-for-hit", "help"], "--watch SECONDS"),
                       (["list-assignments-for-hit", "--help"], "EXIT STATUS"),
                       (["--version"], "tinyturk/")):
        q = run(CLI, args)
        check("tinyturk " + " ".join(args), q.returncode == 0 and want in q.stdout.decode(),
              "  got rc=%d %r" % (q.returncode, q.stdout.decode()[:300]))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    os.chdir(os.path.join(here, "..", ".."))
    with open(os.path.join(here, "..", "golden", "cli-args", "cases.json")) as f:
        cases = json.load(f)
    have_cli = os.access(CLI, os.X_OK)
    for c in cases:
        args, code = c["args"], c["exit"]
        name = " ".join(args) or "(no args)"
        connected = code == 255 and "Could not connect to the endpoint URL" in c["stderr"]
        p = run(TTARGS, args)
        out, err = p.stdout.decode(), p.stderr.decode()
        if connected:
            check(name, p.returncode == 0 and out.startswith("RUN"),
                  "  want RUN, got rc=%d\n%s%s" % (p.returncode, out, err))
            continue
        want_err = adapt(c["stderr"], "ttargs")
        if code == 0 and c["stdout"].startswith("aws-cli/"):
            check(name, p.returncode == 0 and out == "VERSION\n", "  want VERSION, got %r %r" % (out, err))
            continue
        if code == 0 and "help" in args:
            check(name, p.returncode == 0 and out.startswith("HELP "), "  want HELP, got %r %r" % (out, err))
            continue
        if code == 0 and "--generate-cli-skeleton" in args and "output" in args:
            check(name, p.returncode == 0 and out.startswith("SKELETON output"),
                  "  want SKELETON output, got %r %r" % (out, err))
            if have_cli:
                q = run(CLI, args)
                check("tinyturk " + name, q.returncode == 0 and q.stdout.decode() == c["stdout"],
                      "  want %r\n  got rc=%d %r %r" % (c["stdout"], q.returncode,
                                                         q.stdout.decode(), q.stderr.decode()))
            continue
        if code == 0:
            check(name, p.returncode == 0 and out == c["stdout"],
                  "  want stdout %r\n  got rc=%d %r %r" % (c["stdout"][:2000], p.returncode, out, err))
        else:
            check(name, p.returncode == code and err == want_err,
                  "  want rc=%d %r\n  got  rc=%d %r" % (code, want_err, p.returncode, err))
        if have_cli and code != 0:
            q = run(CLI, args)
            werr = adapt(c["stderr"], "tinyturk")
            check("tinyturk " + name, q.returncode == code and q.stderr.decode() == werr,
                  "  want rc=%d %r\n  got  rc=%d %r" % (code, werr, q.returncode,
                                                      q.stderr.decode()))
    test_prompt_pty(TTARGS)
    if have_cli:
        test_help_version()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
