#!/usr/bin/python3
"""Bad user input: every option of `tinyturk mturk list-assignments-for-hit`
with empty, huge (100 000 bytes), non-UTF-8 and malformed values.

Each case must give the reference AWS CLI 2.9.19's exit code and error
message (captured from /usr/bin/aws into tests/tools/bad_input_aws.json by
`test_bad_input.py --regen`, against the same local emulator), and never
a crash: the exit status is never a signal, and a subset (every case with
TT_BAD_INPUT_FULL=1) runs again under the ASan+UBSan CLI build
($TT_BUILD/asan/tinyturk, built here with SAN=1 when missing).

Nothing can reach AWS: every command line carries --endpoint-url of the
local emulator (HTTP(S)_PROXY points at a dead local port for anything
else), and the cases that vary --endpoint-url itself run in a fresh
network namespace (`unshare -rn`) for both CLIs.

tinyturk's documented differences are applied to the reference first
(program name in usage errors, the extra "jsonl" --output choice); the
remaining known differences are listed in KNOWN with the reason.
Last line: "N passed, M failed".
"""
import base64
import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import mturk_server as ms  # noqa: E402
import faultlib as fl  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "tools", "bad_input_aws.json")
CLI = os.path.join(ROOT, fl.BUILD, "tinyturk")
FULL = os.environ.get("TT_BAD_INPUT_FULL") == "1"
AWS = "/usr/bin/aws"
HIT = "3DEMOHIT0000000000000000000001"
HUGE = "A" * 100000
NONUTF8 = os.fsdecode(b"\xff\xfeA\x80\xc3")
L = ["mturk", "list-assignments-for-hit"]
check = fl.Check()


def b64(o):
    return base64.b64encode(json.dumps(o).encode()).decode()


# option -> values to try besides the generic empty / huge / non-UTF-8
MALFORMED = {
    "--hit-id": ["lower case!", "A\nB", 'A"B\\', "\u65e5\u672c", "-", "--page-size"],
    "--assignment-statuses": ["Pending", "submitted", "Submitted,Approved", "Submitted\x01"],
    "--max-items": ["abc", "-1", "0", "1.5", "1e3", "0x10", "99999999999999999999", " 5", "+5",
                    "5 ", "\u0665"],
    "--page-size": ["abc", "-1", "0", "1.5", "101", "0x10", "99999999999999999999", " 5", "+5",
                    "\u0665", "4294967297", "4294967296"],
    "--starting-token": ["!!!", "eyJ", b64({"NextToken": 5}), b64({"boto_truncate_amount": -1}),
                         b64([]), b64({"NextToken": None, "boto_truncate_amount": "x"}),
                         b64({"NextToken": "A" * 300}), "e30="],
    "--output": ["JSON", "json ", "yaml-stram", "Text"],
    "--query": ["[", "Assignments[?", "&&", "`x", "a.b.c[0:1:0]", "length(@, @)"],
    "--region": ["us-east-1 ", "../../x", "a" * 1000, "US-EAST-1"],
    "--profile": ["nonexistent", "../x", "default "],
    "--ca-bundle": ["/nonexistent/ca.pem", "/"],
    "--cli-read-timeout": ["abc", "-1", "1e9", "99999999999999999999", "1.5"],
    "--cli-connect-timeout": ["abc", "-1", "0", "99999999999999999999"],
    "--cli-input-json": ["{", "[]", '{"HITId": 5}', '{"Bogus": 1}',
                         '{"HITId": "X", "MaxResults": "a"}', '{"HITId": "' + HUGE + '"}',
                         "[" * 10000, '{"HITId": "X", "AssignmentStatuses": "Submitted"}',
                         '{"HITId": "X", "MaxResults": 4294967297}',
                         '{"HITId": null}', "file:///nonexistent"],
    "--cli-input-yaml": [":", "- a", "HITId: [", "\t", "HITId: 5", "HITId: X\nBogus: 1"],
    "--generate-cli-skeleton": ["foo", "yaml-input", "INPUT"],
    "--cli-binary-format": ["foo", "BASE64"],
    "--color": ["foo", "ON"],
    "--endpoint-url": ["ftp://x", "http://", "http://[::1", "http://127.0.0.1:99999", "not a url",
                       "http://127.0.0.1:1/path", "http://user@127.0.0.1:1"],
}
# --hit-id is required: options other than --hit-id get a valid one
NEEDS_HIT = {k for k in MALFORMED if k not in ("--hit-id", "--cli-input-json",
                                              "--cli-input-yaml")}

# Known, reasoned differences from the reference (case -> why).  Besides
# these, two classes are normalised in the comparison (and counted):
#   * non-UTF-8 bytes echoed in a message: the AWS CLI prints Python's
#     surrogate escapes ("\udcff" as 6 characters), tinyturk the raw bytes;
#   * a message that echoes a 100 000-byte value: tinyturk keeps a prefix
#     (service messages: TT_ERRINFO_MESSAGE_MAX = 256 bytes, the profile
#     name: 4 KiB), the AWS CLI prints it whole.
REQUEST_UTF8 = ("tinyturk refuses to send a request string that is not UTF-8 "
                "(TT_ERR_BODY_BAD_UTF8, exit 255); the AWS CLI sends Python's surrogate "
                "escapes and gets the service's validation error (254)")
UINT32 = ("MaxResults beyond 2^32-1 is sent as 4294967295 (the engine's page_size is 32 "
          "bits): same service error and exit 254, the message names 4294967295")
KNOWN = {
    "--hit-id non-utf8": REQUEST_UTF8,
    "--assignment-statuses non-utf8": REQUEST_UTF8,
    "--starting-token non-utf8": REQUEST_UTF8,
    "--max-items malformed 10": "Python's int() takes any Unicode decimal digit ('\u0665' = 5); "
                                "tinyturk takes ASCII digits (exit 252)",
    "--page-size malformed 9": "Python's int() takes any Unicode decimal digit ('\u0665' = 5); "
                               "tinyturk takes ASCII digits (exit 252)",
    "--page-size malformed 6": UINT32,
    "--page-size malformed 10": UINT32,
    "--page-size malformed 11": UINT32,
    "--cli-input-json malformed 8": UINT32,
    "--starting-token huge": "a legacy (verbatim) token longer than TT_MAX_NEXT_TOKEN (1024) is "
                             "refused before any request (255); the CLI sends it (254)",
    "--starting-token malformed 3": "a negative boto_truncate_amount (Python's list[-K:]) is "
                                    "refused (255); the CLI lists the last K of the page (0)",
    "--starting-token malformed 5": "same exit (255); the CLI's text is Python's TypeError",
    "--output malformed 1": "tinyturk's extra --output choice 'jsonl' is also suggested",
    "--region empty": "an empty --region is refused before any request (253, 'You must "
                      "specify a region'); the CLI signs for region '' and the service "
                      "refuses (254)",
    "--cli-read-timeout malformed 3": "same exit (255); a 20-digit timeout overflows Python's "
                                      "_PyTime_t in the CLI, tinyturk says the value is invalid",
    "--cli-connect-timeout malformed 3": "same exit (255); a 20-digit timeout overflows "
                                         "Python's _PyTime_t in the CLI, tinyturk says the "
                                         "value is invalid",
    "--cli-input-json malformed 6": "JSON nested 10 000 deep: the CLI hits Python's recursion "
                                    "limit (255), tinyturk reports invalid JSON (252)",
    "--cli-input-yaml malformed 0": "YAML ':' is {null: null}: the CLI fails on Python "
                                    "keyword arguments (255), tinyturk reports invalid YAML (252)",
    "--cli-input-yaml malformed 3": "same exit (252); a lone tab is an empty document to "
                                    "tinyturk's YAML subset, a scanner error to PyYAML",
    "--endpoint-url malformed 0": "same exit (255); the CLI ignores an ftp:// endpoint and "
                                  "goes to the real AWS endpoint (blocked here by the network "
                                  "namespace), tinyturk refuses it",
    "--endpoint-url malformed 3": "same exit (255); the CLI ignores an endpoint with port "
                                  "99999 and goes to the real AWS endpoint, tinyturk refuses it",
    "--endpoint-url malformed 2": "same exit (255); 'Invalid endpoint' instead of Python's "
                                  "'Invalid IPv6 URL'",
    "env AWS_ACCESS_KEY_ID non-utf8": "the CLI fails inside Python (255, 'cannot use a bytes "
                                      "pattern'); tinyturk sends it, the service refuses (254)",
    "env AWS_SECRET_ACCESS_KEY non-utf8": "the CLI fails inside Python (255, 'surrogates not "
                                          "allowed'); tinyturk signs with the bytes, the "
                                          "service refuses (254)",
}
# tinyturk ignores an environment variable set to "" (boards/linux/tt_awscfg.c,
# env_nonempty: "botocore's rule"); AWS CLI 2.9.19 takes these as set and fails
EMPTY_ENV = ("an empty environment value is ignored by tinyturk; the AWS CLI takes it as set "
             "and fails (to decide: tt_awscfg.c env_nonempty)")
for _v in ("AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_DEFAULT_OUTPUT", "AWS_REGION",
           "AWS_DEFAULT_REGION", "AWS_PROFILE"):
    KNOWN["env %s empty" % _v] = EMPTY_ENV


def cases():
    out = []
    for opt, mal in MALFORMED.items():
        vals = [("empty", ""), ("huge", HUGE), ("non-utf8", NONUTF8)]
        vals += [("malformed %d" % i, v) for i, v in enumerate(mal)]
        for label, v in vals:
            args = L + [opt, v]
            if opt in NEEDS_HIT:
                args = L + ["--hit-id", HIT, opt, v]
            out.append(("%s %s" % (opt, label), args, opt == "--endpoint-url"))
    # options without a value given one, and value options without one
    for opt in ("--no-paginate", "--debug", "--no-sign-request", "--no-verify-ssl",
                "--no-cli-pager"):
        out.append(("%s=x" % opt, L + ["--hit-id", HIT, opt + "=x"], False))
    for opt in MALFORMED:
        if opt != "--hit-id":
            out.append(("%s missing value" % opt, L + ["--hit-id", HIT, opt], False))
    out.append(("--hit-id missing value", L + ["--hit-id"], False))
    out.append(("non-utf8 option name", L + ["--hit-id", HIT, "--" + NONUTF8], False))
    out.append(("non-utf8 command", ["mturk", NONUTF8], False))
    out.append(("huge option name", L + ["--hit-id", HIT, "--" + HUGE], False))
    # environment variables (user input too): "@env:NAME=VALUE" words are
    # taken out of the command line and put into the environment
    for var, vals in (("AWS_MAX_ATTEMPTS", ["abc", "-1", "0", "1.5", "99999999999999999999"]),
                      ("AWS_RETRY_MODE", ["legacy", "x", "STANDARD"]),
                      ("AWS_DEFAULT_OUTPUT", ["bogus", "JSON"]),
                      ("AWS_REGION", ["us-east-1 ", "../x"]),
                      ("AWS_DEFAULT_REGION", ["bogus region"]),
                      ("AWS_PROFILE", ["nonexistent"]),
                      ("AWS_CONFIG_FILE", ["/nonexistent/config", "/"]),
                      ("AWS_SHARED_CREDENTIALS_FILE", ["/"]),
                      ("AWS_ACCESS_KEY_ID", [HUGE]),
                      ("AWS_SECRET_ACCESS_KEY", ["x"])):
        for v in vals + ["", NONUTF8]:
            label = "empty" if v == "" else "non-utf8" if v == NONUTF8 else repr(v)[:40]
            out.append(("env %s %s" % (var, label), ["@env:%s=%s" % (var, v)] + L
                        + ["--hit-id", HIT], False))
    return out


def env_for(home, dead_port, isolated):
    if isolated:     # no network at all: no proxy needed
        return fl.cli_env(home, AWS_MAX_ATTEMPTS="1")
    return fl.cli_env(home, AWS_MAX_ATTEMPTS="1",
                      HTTP_PROXY="http://127.0.0.1:%d" % dead_port,
                      HTTPS_PROXY="http://127.0.0.1:%d" % dead_port,
                      NO_PROXY="127.0.0.1,localhost")


def run(prog, args, url, isolated, home, dead_port, timeout=60):
    extra = {}
    for a in [a for a in args if a.startswith("@env:")]:
        k, _, v = a[5:].partition("=")
        extra[k] = v
    args = [a for a in args if not a.startswith("@env:")]
    cmd = [prog] + args
    if "--endpoint-url" not in args:
        cmd += ["--endpoint-url", url]
    if isolated:
        cmd = ["unshare", "-rn"] + cmd
    try:
        env = env_for(home, dead_port, isolated)
        env.update(extra)
        p = subprocess.run([os.fsencode(a) for a in cmd], env=env,
                           capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return -999, "", "timeout"
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "surrogateescape"))


def norm(text, port):
    text = text.replace("127.0.0.1:%d" % port, "127.0.0.1:PORT")
    text = re.sub(r"\(\d{13}\)", "(MS)", text)
    return text


def adapt(text, prog):
    """tinyturk's documented differences, applied to the reference's text."""
    text = text.replace("usage: aws ", "usage: %s " % prog)
    for s in ("  aws help\n", "  aws <command> help\n", "  aws <command> <subcommand> help\n"):
        text = text.replace(s, s.replace("aws", prog))
    text = text.replace("\naws: error: ", "\n%s: error: " % prog)
    text = text.replace("yaml-stream                             \n",
                        "yaml-stream                              | jsonl                                   \n")
    return text


def last_line(t):
    lines = [x for x in t.splitlines() if x.strip()]
    return lines[-1] if lines else ""


def golden_entry(name, rc, err):
    """What the golden keeps: the exit code and the last stderr line
    (zlib + base64 when longer than 400 characters)."""
    ll = last_line(err)
    g = {"name": name, "exit": rc}
    if len(ll) <= 400:
        g["stderr_last"] = ll
    else:
        g["stderr_last_z"] = base64.b64encode(zlib.compress(
            ll.encode("utf-8", "surrogateescape"), 9)).decode()
    return g


def golden_line(g):
    if "stderr_last" in g:
        return g["stderr_last"]
    return zlib.decompress(base64.b64decode(g["stderr_last_z"])).decode("utf-8", "surrogateescape")


def regen(srv, home, dead_port):
    """Captures /usr/bin/aws for the cases not yet in the golden (all of
    them with --regen-all)."""
    cs = cases()
    have = {}
    if "--regen-all" not in sys.argv and os.path.exists(GOLDEN):
        with open(GOLDEN, encoding="utf-8") as f:
            have = {c["name"]: c for c in json.load(f)["cases"]}
    todo = [c for c in cs if c[0] not in have]

    def one(c):
        name, args, iso = c
        rc, out, err = run(AWS, args, srv.url, iso, home, dead_port, timeout=120)
        return golden_entry(name, rc, norm(err, srv.port))
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        got = {g["name"]: g for g in ex.map(one, todo)}
    got.update(have)
    res = [got[c[0]] for c in cs]
    with open(GOLDEN, "w", encoding="utf-8") as f:
        json.dump({"aws": "2.9.19", "cases": res}, f, indent=1, ensure_ascii=True)
    print("wrote %d cases to %s" % (len(res), GOLDEN))


def regressions(srv, home, dead_port):
    """Bugs found by this test (fixed), checked directly."""
    def lat(*args):
        srv.reset()
        return run(CLI, L + ["--hit-id", HIT] + list(args), srv.url, False, home, dead_port)
    # --page-size beyond 32 bits was wrapped: 4294967297 listed with MaxResults 1,
    # 4294967296 sent no MaxResults at all (both exit 0); the CLI sends the value
    # and the service refuses it (254)
    for v in ("4294967297", "4294967296", "18446744073709551617"):
        rc, out, err = lat("--page-size", v)
        bodies = [e.get("body", "") for e in srv.log]
        check(rc == 254 and len(bodies) == 1 and '"MaxResults": 4294967295' in bodies[0],
              "regression: --page-size %s is not wrapped to a smaller page size" % v,
              (rc, bodies, err[-200:]))
    rc, out, err = lat("--cli-input-json", '{"HITId": "%s", "MaxResults": 4294967297}' % HIT)
    check(rc == 254 and '"MaxResults": 4294967295' in srv.log[0].get("body", ""),
          "regression: MaxResults 4294967297 from --cli-input-json is not wrapped", (rc, err))
    # --max-items beyond 64 bits was a usage error (252); the CLI lists everything
    rc, out, err = lat("--max-items", "99999999999999999999")
    check(rc == 0 and out.count('"AssignmentId"') == 5,
          "regression: --max-items 99999999999999999999 lists everything", (rc, err))
    # --profile "" was 'The config profile () could not be found' (255); the CLI
    # ignores an empty --profile
    rc, out, err = lat("--profile", "")
    check(rc == 0 and out.count('"AssignmentId"') == 5,
          "regression: --profile '' is ignored", (rc, err))
    # tinyturk-only options (no reference): a clean usage error, never a crash
    for v in ("", "abc", "-1", "1.5", HUGE, NONUTF8, "99999999999999999999"):
        rc, out, err = run(CLI, L + ["--hit-id", HIT, "--watch", v, "--output", "json"],
                           srv.url, False, home, dead_port, timeout=20)
        check(rc == 252 and "--watch" in err,
              "--watch %r: usage error 252" % v[:20], (rc, last_line(err)[:200]))
    for v, want in (("", 252), (HUGE, 0), (NONUTF8, 252), ("[" * 5000, 252)):
        rc, out, err = lat("--output", "jsonl", "--query", v)   # HUGE: a valid identifier
        check(rc == want, "--output jsonl --query %r: exit %d" % (v[:10], want),
              (rc, last_line(err)[:200]))
    # a long invalid timeout is echoed like Python's int() does (%.200R)
    rc, out, err = lat("--cli-read-timeout", "x" * 500)
    check(rc == 255 and last_line(err) == "invalid literal for int() with base 10: '" + "x" * 199,
          "regression: long invalid --cli-read-timeout echoed as Python's %.200R",
          last_line(err)[-80:])


def asan_cli():
    return fl.asan_build("tinyturk")


def main():
    t0 = time.time()
    home = tempfile.mkdtemp(prefix="tt-bad-home-")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead_port = s.getsockname()[1]
    s.close()
    srv = ms.start_server(dataset="demo")
    try:
        if "--regen" in sys.argv or "--regen-all" in sys.argv:
            regen(srv, home, dead_port)
            return 0
        if not os.path.exists(CLI):
            print("missing", CLI)
            print("0 passed, 1 failed")
            return 1
        with open(GOLDEN, encoding="utf-8") as f:
            gold = {c["name"]: c for c in json.load(f)["cases"]}
        cs = cases()
        check(len(gold) == len(cs), "golden has every case (%d vs %d): rerun --regen"
              % (len(gold), len(cs)))
        regressions(srv, home, dead_port)
        asan = asan_cli()
        check(asan is not None, "ASan CLI built")

        def one(c):
            name, args, iso = c
            r = run(CLI, args, srv.url, iso, home, dead_port)
            ra = None
            if asan and (FULL or zlib.crc32(name.encode("utf-8", "surrogateescape")) % 3 == 0):
                ra = run(asan, args, srv.url, iso, home, dead_port)
            return c, r, ra
        n_asan = 0
        n_known = 0
        n_norm = {"non-UTF-8 echo": 0, "long value cut": 0}
        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            for (name, args, iso), (rc, out, err), ra in ex.map(one, cs):
                g = gold.get(name)
                check(0 <= rc < 128 or rc in (252, 253, 254, 255),
                      "%s: exit %d is not a signal" % (name, rc), err[-500:])
                check(rc in (0, 252, 253, 254, 255), "%s: documented exit code (%d)" % (name, rc),
                      err[-500:])
                if ra is not None:
                    n_asan += 1
                    check(ra[0] == rc and "Sanitizer" not in ra[2] and "runtime error" not in ra[2],
                          "%s: ASan build: same exit, no report" % name, (ra[0], ra[2][-1500:]))
                if g is None:
                    continue
                if name in KNOWN:
                    n_known += 1
                    if KNOWN[name].startswith("same exit") or KNOWN[name] == UINT32 \
                            or "jsonl" in KNOWN[name] or "IPv6" in KNOWN[name]:
                        check(rc == g["exit"], "%s: exit %d like the AWS CLI (%d)"
                              % (name, rc, g["exit"]), last_line(err)[:300])
                    continue
                mine = last_line(norm(err, srv.port))
                want = last_line(adapt("\n" + golden_line(g) + "\n", "tinyturk"))
                check(rc == g["exit"], "%s: exit %d like the AWS CLI (%d)" % (name, rc, g["exit"]),
                      (mine[:300], want[:300]))
                if mine != want:
                    w2 = re.sub(r"\\udc([89a-f][0-9a-f])",
                                lambda m: chr(0xdc00 + int(m.group(1), 16)), want)
                    if mine == w2:
                        n_norm["non-UTF-8 echo"] += 1
                        want = mine
                    elif len(mine) >= 200 and want.startswith(mine[:-3]):
                        n_norm["long value cut"] += 1
                        want = mine
                check(mine == want, "%s: error message like the AWS CLI" % name,
                      (mine[:400], want[:400]))
        print("# bad-input cases: %d (%d also under ASan); %d known differences, "
              "normalised: %s" % (len(cs), n_asan, n_known, n_norm))
        for k in sorted(KNOWN):
            print("# known: %-32s %s" % (k, KNOWN[k]))
    finally:
        srv.stop()
        shutil.rmtree(home, ignore_errors=True)
    print("# total %.1fs" % (time.time() - t0))
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
