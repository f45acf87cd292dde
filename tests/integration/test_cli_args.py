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
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "AWS_ACCESS_KEY_ID": "a",
           "AWS_SECRET_ACCESS_KEY": "b", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_PAGER": "", "LC_ALL": "C.UTF-8"}
    return subprocess.run([exe] + args + E, env=env, capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
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
        if code == 0:
            check(name, p.returncode == 0 and out == c["stdout"],
                  "  want stdout %r\n  got rc=%d %r %r" % (c["stdout"], p.returncode, out, err))
        else:
            check(name, p.returncode == code and err == want_err,
                  "  want rc=%d %r\n  got  rc=%d %r" % (code, want_err, p.returncode, err))
        if have_cli and code != 0:
            q = run(CLI, args)
            werr = adapt(c["stderr"], "tinyturk")
            check("tinyturk " + name, q.returncode == code and q.stderr.decode() == werr,
                  "  want rc=%d %r\n  got  rc=%d %r" % (code, werr, q.returncode,
                                                      q.stderr.decode()))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
