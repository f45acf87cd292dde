#!/usr/bin/python3
"""Replays the AWS CLI output goldens (tests/golden/output/, made by
gen_goldens.py with /usr/bin/aws) through the output layer and checks the
bytes are identical.

1. Always: $TT_BUILD/tools/ttout feeds the recorded response bodies to
   boards/linux/tt_output (the formatter alone).
2. When $TT_BUILD/tinyturk exists and TT_GOLDEN_CLI != "0": the CLI itself
   runs the recorded command line against the local emulator (same data
   set and seed, so the same responses) and must print the same bytes.

Needs no /usr/bin/aws.  Last line: "N passed, M failed".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLD = os.path.join(ROOT, "tests", "golden", "output")
BUILD = os.environ.get("TT_BUILD", "build")
if not os.path.isabs(BUILD):
    BUILD = os.path.join(ROOT, BUILD)
TTOUT = os.path.join(BUILD, "tools", "ttout")
CLI = os.path.join(BUILD, "tinyturk")

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (what, detail))


def first_diff(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return "at byte %d: got %r want %r" % (i, a[max(0, i - 30):i + 30],
                                                    b[max(0, i - 30):i + 30])
    return "length %d vs %d" % (len(a), len(b))


def cases():
    for name in sorted(os.listdir(GOLD)):
        d = os.path.join(GOLD, name)
        if os.path.isfile(os.path.join(d, "cmd.json")):
            with open(os.path.join(d, "cmd.json")) as f:
                yield name, d, json.load(f)


def replay_ttout():
    for name, d, cmd in cases():
        if cmd["exit"] != 0 and not cmd.get("faults"):
            continue
        want_rc = 3 if cmd.get("faults") else 0  # ttout --fail-after-pages exits 3
        with open(os.path.join(d, "stdout"), "rb") as f:
            want = f.read()
        pages = [os.path.join(GOLD, "pages", pn) for pn in cmd["pages"]]
        env = dict(os.environ)
        env.update(cmd["env"])
        p = subprocess.run([TTOUT] + cmd["replay"] + pages, env=env, capture_output=True)
        got = p.stdout
        check(p.returncode == want_rc and got == want, "ttout " + name,
              "" if got == want else first_diff(got, want) + " " +
              p.stderr.decode(errors="replace"))


def replay_cli():
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from mturk_server import start_server
    ds = "demo+file:" + os.path.join(GOLD, "dataset.json")
    srv = start_server(dataset=ds, tls=False)
    home = tempfile.mkdtemp(prefix="ttgold")
    try:
        for name, d, cmd in cases():
            with open(os.path.join(d, "stdout"), "rb") as f:
                want = f.read()
            srv.reset()
            if cmd.get("faults"):
                srv.add_faults(cmd["faults"])
            cfgdir = os.path.join(home, ".aws")
            shutil.rmtree(cfgdir, ignore_errors=True)
            if cmd.get("config"):
                os.makedirs(cfgdir)
                with open(os.path.join(cfgdir, "config"), "w") as f:
                    f.write(cmd["config"])
            env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
                   "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
                   "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                   "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": ""}
            env.update(cmd["env"])
            p = subprocess.run([CLI] + cmd["args"] + ["--endpoint-url", srv.url], env=env,
                               capture_output=True)
            check(p.stdout == want and p.returncode == cmd["exit"], "cli " + name,
                  "" if p.stdout == want else first_diff(p.stdout, want))
    finally:
        srv.stop()
        shutil.rmtree(home, ignore_errors=True)


def main():
    if not os.path.isdir(GOLD):
        print("no goldens")
    elif not os.path.exists(TTOUT):
        check(False, "ttout binary missing", TTOUT)
    else:
        replay_ttout()
        if os.path.exists(CLI) and os.environ.get("TT_GOLDEN_CLI", "1") != "0":
            replay_cli()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
