"""Shared helpers of the hardening tests (test_fault_matrix.py,
test_arena_sweep.py, test_oversized.py, test_bad_input.py).

- Check: the pass/fail counter and the closing "N passed, M failed" line.
- Driver: one build/tools/ttfault process that runs many engine listings
  (one JSON line per case; see tests/tools/ttfault.c).
- small_dataset(): a 5-assignment HIT (3 pages of 2, 2, 1 at page size 2)
  with escapes, non-ASCII text, every status and every timestamp form, so
  responses stay under ~1 KB and a sweep over every byte offset is cheap.
- cli_env(): a clean environment for the CLI (example keys, no pager).
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("TT_BUILD", "build")
FAULT_HIT = "3FAULTHIT00000000000000000001"
AKID, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


class Check:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, cond, what, detail=None):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL", what)
            if detail is not None:
                print("     ", repr(detail)[:1500])
            sys.stdout.flush()
        return cond

    def summary(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def tool(name, build=None):
    return os.path.join(ROOT, build or BUILD, "tools", name)


class Driver:
    """A running ttfault: run(hit=..., page_size=..., ...) -> result dict."""

    def __init__(self, url, numeric_only=False, prefix=(), build=None, env=None, binary=None):
        cmd = list(prefix) + [binary or tool("ttfault", build), "--endpoint", url]
        if numeric_only:
            cmd.append("--numeric-only")
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, bufsize=1, env=env)
        self.cases = 0

    def run(self, **kw):
        line = " ".join("%s=%s" % (k, v) for k, v in kw.items() if v is not None)
        self.cases += 1
        try:
            self.p.stdin.write(line + "\n")
            self.p.stdin.flush()
            out = self.p.stdout.readline()
        except (BrokenPipeError, OSError):
            out = ""
        if not out:
            return {"rc": "CRASH", "returncode": self.p.poll(), "n": -1, "items": [],
                    "stderr": self.stderr()}
        return json.loads(out)

    def stderr(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
        return self.p.stderr.read()[-4000:]

    def close(self):
        """Ends the process; returns (exit status, stderr tail)."""
        try:
            self.p.stdin.write("quit\n")
            self.p.stdin.flush()
        except OSError:
            pass
        err = self.stderr()
        return self.p.returncode, err


def small_dataset(path):
    sts = ["Submitted", "Approved", "Rejected", "Approved", "Submitted"]
    lst = []
    for i in range(5):
        a = {"AssignmentId": "3FA%027d" % i, "WorkerId": "AW%012d" % i, "HITId": FAULT_HIT,
             "AssignmentStatus": sts[i], "AutoApprovalTime": {"$raw": "1.7000000005E9"},
             "AcceptTime": 1700000000 + i, "SubmitTime": {"$raw": "1700000100.25"},
             "Deadline": 1700003600, "Answer": "<a>\u00e9\u65e5\u2713 \"q\"\n\t%d\U0001F600</a>" % i}
        if sts[i] == "Approved":
            a["ApprovalTime"] = 1700000200
            a["RequesterFeedback"] = "ok \u2713"
        if sts[i] == "Rejected":
            a["RejectionTime"] = {"$raw": "1.7000003E9"}
        lst.append(a)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({FAULT_HIT: lst}, f, ensure_ascii=False)
    return path


def tmpdir(prefix):
    return tempfile.mkdtemp(prefix=prefix)


def cli_env(home, **extra):
    e = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "TZ": "UTC",
         "AWS_ACCESS_KEY_ID": AKID, "AWS_SECRET_ACCESS_KEY": SECRET,
         "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
         "AWS_PAGER": ""}
    for k, v in extra.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


ASAN_ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
                UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")


def asan_build(target):
    """$TT_BUILD/asan/<target> (e.g. "tools/ttfault", "tinyturk"), built with
    SAN=1 when missing or stale (after `make test` only the link is left);
    None when the build fails."""
    b = os.path.join(BUILD, "asan")
    rel = os.path.relpath(os.path.join(ROOT, b, target), ROOT)
    p = subprocess.run(["make", "--no-print-directory", "BUILD=" + b, "SAN=1",
                        "CFLAGS=-O1 -gdwarf-4", rel], cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout[-2000:], p.stderr[-2000:])
        return None
    return os.path.join(ROOT, rel)


def asan_clean(stderr):
    return "Sanitizer" not in stderr and "runtime error" not in stderr
