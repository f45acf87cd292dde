#!/usr/bin/python3
"""No output path ever contains the secret key, the session token or a key
derived from the secret.

A recognisable secret key and session token (the emulator is told to accept
them) are given to the CLI ($TT_BUILD/tinyturk) by every credential source
(environment, ~/.aws/credentials, --profile, AWS_SHARED_CREDENTIALS_FILE,
credentials in the config file) and to the engine driver
($TT_BUILD/tools/ttlist); then every path that prints something runs, with
and without --debug: success in every output format and with --query,
service errors (unknown HIT, wrong secret, throttling, 500 HTML), a malformed
200, a truncated and a reset connection, a read timeout, connection refused,
an untrusted certificate, --no-verify-ssl, usage errors (252), configuration
errors (253), a bad --starting-token, help, --generate-cli-skeleton and a
--watch loop stopped by SIGINT.  stdout and stderr of each run are searched
for:
  - the secret and the token, verbatim, URL-encoded, base64, hex, and their
    first/last 12 characters;
  - "AWS4"+secret, and kDate, kRegion, kService, kSigning (raw bytes, hex in
    either case, base64) for yesterday, today and tomorrow (UTC).
Each run's exit code is checked too, so every path is really taken.
Last line: "N passed, M failed".
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import mturk_server as ms  # noqa: E402

BUILD = os.environ.get("TT_BUILD", "build")
TT = os.path.join(ROOT, BUILD, "tinyturk")
TTLIST = os.path.join(ROOT, BUILD, "tools", "ttlist")
HIT5 = "3DEMOHIT0000000000000000000001"
AKID = "ASIASECRETSTEST00001"
SECRET = "Zq9SECRETtinyturk/+Kx7vW2mN4pL8rT6yU3iO1eA5sD0f"
TOKEN = ("IQoJTOKENtinyturk//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session/token=SeCrEt"
         "0123456789abcdefXYZ")

passed = failed = 0


def check(cond, what, detail=None):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)
        if detail is not None:
            print("     ", repr(detail)[:1500])
    return cond


TMP = tempfile.mkdtemp(prefix="tt-secrets-")
HOME = os.path.join(TMP, "home")
os.makedirs(os.path.join(HOME, ".aws"))
CERTS = os.path.join(TMP, "certs")


def forms():
    """(label, text) pairs that must never be printed."""
    out = []
    for name, s in (("secret", SECRET), ("token", TOKEN)):
        b = s.encode()
        out += [(name, s), (name + " url-encoded", urllib.parse.quote(s, safe="")),
                (name + " base64", base64.b64encode(b).decode()[:-4]),
                (name + " hex", b.hex()), (name + " HEX", b.hex().upper()),
                (name + " head", s[:12]), (name + " tail", s[-12:])]
    out.append(("AWS4+secret", "AWS4" + SECRET))
    today = datetime.datetime.now(datetime.timezone.utc).date()
    for d in (today - datetime.timedelta(days=1), today, today + datetime.timedelta(days=1)):
        k = ("AWS4" + SECRET).encode()
        for step, msg in (("kDate", d.strftime("%Y%m%d")), ("kRegion", "us-east-1"),
                          ("kService", "mturk-requester"), ("kSigning", "aws4_request")):
            k = hmac.new(k, msg.encode(), hashlib.sha256).digest()
            label = "%s(%s)" % (step, d)
            out += [(label + " hex", k.hex()), (label + " HEX", k.hex().upper()),
                    (label + " base64", base64.b64encode(k).decode()[:40]),
                    (label + " raw", k.decode("latin-1"))]
    return out


FORMS = forms()
runs = 0


def scan(label, text):
    global runs
    runs += 1
    leaks = [what for what, f in FORMS if f in text]
    check(not leaks, "%s: no secret material in the output" % label, leaks)


def env(**extra):
    e = {"PATH": "/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8", "TZ": "UTC",
         "AWS_ACCESS_KEY_ID": AKID, "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": TOKEN,
         "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
         "AWS_PAGER": "", "AWS_MAX_ATTEMPTS": "2",
         "AWS_CA_BUNDLE": os.path.join(CERTS, "ca.pem")}
    for k, v in extra.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


NO_ENV_KEYS = dict(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, AWS_SESSION_TOKEN=None)


def cli(label, args, want_rc, e=None, timeout=60):
    r = subprocess.run([TT] + [str(a) for a in args], env=e or env(), capture_output=True,
                       text=True, errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)
    check(r.returncode == want_rc, "%s: exit %d" % (label, want_rc),
          (r.returncode, r.stderr[-400:]))
    scan(label, r.stdout + r.stderr)
    return r


def lat(url, *args):
    return ["mturk", "list-assignments-for-hit", "--endpoint-url", url, "--hit-id", HIT5] + \
        list(args)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_success(srv, tls):
    for fmt in ("json", "text", "table", "yaml", "yaml-stream", "jsonl"):
        for dbg in ((), ("--debug",)):
            cli("ok %s %s" % (fmt, " ".join(dbg)), lat(srv.url, "--output", fmt, "--page-size", "2",
                                                       *dbg), 0)
    cli("ok --query --debug", lat(srv.url, "--query", "Assignments[].AssignmentId", "--debug"), 0)
    cli("ok https --debug", lat(tls.url, "--debug", "--output", "text"), 0)
    cli("ok --no-verify-ssl --debug", lat(tls.url, "--debug", "--no-verify-ssl"), 0,
        e=env(AWS_CA_BUNDLE=None))
    cli("ok --max-items (NextToken printed) --debug", lat(srv.url, "--max-items", "2", "--debug"), 0)


def test_sources(srv):
    creds = write(os.path.join(HOME, ".aws", "credentials"),
                  "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                  "aws_session_token = %s\n\n[named]\naws_access_key_id = %s\n"
                  "aws_secret_access_key = %s\naws_session_token = %s\n"
                  % (AKID, SECRET, TOKEN, AKID, SECRET, TOKEN))
    e = env(**NO_ENV_KEYS)
    cli("credentials file --debug", lat(srv.url, "--debug"), 0, e=e)
    cli("--profile --debug", lat(srv.url, "--debug", "--profile", "named"), 0, e=e)
    other = write(os.path.join(TMP, "creds2"), open(creds).read())
    os.unlink(creds)
    cli("AWS_SHARED_CREDENTIALS_FILE --debug", lat(srv.url, "--debug"), 0,
        e=env(AWS_SHARED_CREDENTIALS_FILE=other, **NO_ENV_KEYS))
    cfg = write(os.path.join(TMP, "config"),
                "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                "aws_session_token = %s\nregion = us-east-1\n" % (AKID, SECRET, TOKEN))
    cli("config file credentials --debug", lat(srv.url, "--debug"), 0,
        e=env(AWS_CONFIG_FILE=cfg, **NO_ENV_KEYS))
    # a profile that does not exist / a broken credentials file
    cli("unknown --profile --debug", lat(srv.url, "--debug", "--profile", "nosuch"), 255,
        e=env(AWS_SHARED_CREDENTIALS_FILE=other, **NO_ENV_KEYS))
    bad = write(os.path.join(TMP, "badcreds"), "[default\naws_secret_access_key = %s\n" % SECRET)
    r = cli("malformed credentials file --debug", lat(srv.url, "--debug"), 255,
            e=env(AWS_SHARED_CREDENTIALS_FILE=bad, **NO_ENV_KEYS))
    check("Unable to parse config file" in r.stderr or r.stderr, "malformed file: an error",
          r.stderr[-300:])
    cli("secret without key id --debug", lat(srv.url, "--debug"), 253,
        e=env(AWS_ACCESS_KEY_ID=None))
    cli("key id without secret --debug", lat(srv.url, "--debug"), 255,
        e=env(AWS_SECRET_ACCESS_KEY=None))


def test_errors(srv, tls):
    u = srv.url
    cli("unknown HIT --debug", ["mturk", "list-assignments-for-hit", "--endpoint-url", u,
                                "--hit-id", "3NOSUCHHIT", "--debug"], 254)
    cli("wrong secret --debug", lat(u, "--debug"), 254,
        e=env(AWS_SECRET_ACCESS_KEY=SECRET[::-1]))
    # (the reversed secret is not in FORMS: scan the true one only)
    srv.configure(explain_signature=True)
    cli("wrong secret, server explains the signature", lat(u), 254,
        e=env(AWS_SECRET_ACCESS_KEY=SECRET + "x"))
    srv.configure(explain_signature=False)
    for label, rules, args, rc in (
            ("throttled", [{"kind": "throttle", "times": -1}], (), 254),
            ("500 html", [{"kind": "status", "status": 500, "body": "html", "times": -1}], (), 254),
            ("malformed 200", [{"kind": "malformed", "variant": "not_json"}], (), 255),
            ("truncated", [{"kind": "truncate", "at_byte": 100, "times": -1}], (), 255),
            ("reset", [{"kind": "reset", "at_byte": 10, "times": -1}], (), 255),
            ("read timeout", [{"kind": "slow", "delay": 2.5, "times": -1}],
             ("--cli-read-timeout", "1"), 255)):
        for dbg in ((), ("--debug",)):
            srv.add_faults(rules, replace=True)
            cli("%s %s" % (label, " ".join(dbg)), lat(u, *(args + dbg)), rc,
                e=env(AWS_MAX_ATTEMPTS="1"))
    srv.add_faults([], replace=True)
    cli("connection refused --debug", lat("http://127.0.0.1:1", "--debug"), 255,
        e=env(AWS_MAX_ATTEMPTS="1"))
    cli("untrusted certificate --debug", lat(tls.url, "--debug"), 255,
        e=env(AWS_CA_BUNDLE=None, AWS_MAX_ATTEMPTS="1"))
    cli("missing CA bundle --debug", lat(tls.url, "--debug"), 255,
        e=env(AWS_CA_BUNDLE="/nonexistent/ca.pem"))
    cli("unreachable proxy --debug", lat(tls.url, "--debug"), 255,
        e=env(HTTPS_PROXY="http://127.0.0.1:1", AWS_MAX_ATTEMPTS="1"))
    cli("usage: unknown option", lat(u, "--no-such-option"), 252)
    cli("usage: bad --page-size --debug", lat(u, "--page-size", "x", "--debug"), 252)
    cli("bad --starting-token --debug", lat(u, "--starting-token", "!!", "--debug"), 254)
    cli("bad base64-JSON --starting-token --debug",
        lat(u, "--starting-token", "eyJOZXh0VG9rZW4iOiAxfQ==", "--debug"), 252)
    cli("config: no region --debug", lat(u, "--debug"), 253,
        e=env(AWS_DEFAULT_REGION=None, AWS_CONFIG_FILE="/nonexistent"))
    cli("bad endpoint --debug", ["mturk", "list-assignments-for-hit", "--endpoint-url",
                                 "ftp://x", "--hit-id", HIT5, "--debug"], 255)
    cli("help", ["mturk", "list-assignments-for-hit", "help"], 0)
    cli("skeleton", ["mturk", "list-assignments-for-hit", "--generate-cli-skeleton"], 0)
    cli("--version", ["--version"], 0)


def test_watch(srv):
    p = subprocess.Popen([TT] + lat(srv.url, "--output", "jsonl", "--watch", "1", "--debug"),
                         env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         errors="replace")
    time.sleep(2.5)
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    check(p.returncode in (0, 130), "--watch stopped by SIGINT", (p.returncode, err[-300:]))
    scan("--watch --debug + SIGINT", out + err)


def test_engine(srv):
    for label, args in (("engine ok --debug", ["--debug", "--pages"]),
                        ("engine unknown HIT --debug", ["--debug", "--hit-id", "3NOSUCHHIT"])):
        cmd = [TTLIST, "--endpoint", srv.url, "--hit-id", HIT5, "--access-key", AKID,
               "--secret-key", SECRET, "--session-token", TOKEN] + args
        r = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=60)
        check(r.stdout.strip() != "", "%s ran" % label)
        scan(label, r.stdout + r.stderr)
    srv.add_faults([{"kind": "reset", "at_byte": 10, "times": -1}], replace=True)
    r = subprocess.run([TTLIST, "--endpoint", srv.url, "--hit-id", HIT5, "--access-key", AKID,
                        "--secret-key", SECRET, "--session-token", TOKEN, "--debug",
                        "--max-attempts", "1"], capture_output=True, text=True, errors="replace",
                       timeout=60)
    srv.add_faults([], replace=True)
    scan("engine reset --debug", r.stdout + r.stderr)


def main():
    r = subprocess.run(["bash", os.path.join(ROOT, "tests", "gen_certs.sh"), CERTS],
                       capture_output=True, text=True)
    if not check(r.returncode == 0, "gen_certs.sh", r.stderr):
        return
    creds = dict(ms.DEFAULT_CREDENTIALS)
    creds[AKID] = (SECRET, TOKEN)
    srv = ms.start_server(dataset="demo", credentials=creds)
    tls = ms.start_server(dataset="demo", tls=True, cert=os.path.join(CERTS, "server.pem"),
                          key=os.path.join(CERTS, "server.key"), credentials=creds)
    try:
        test_success(srv, tls)
        test_sources(srv)
        test_errors(srv, tls)
        test_watch(srv)
        test_engine(srv)
    finally:
        srv.stop()
        tls.stop()
    check(runs >= 55, "enough output paths scanned (%d)" % runs)
    print("scanned %d runs for %d forms of secret material" % (runs, len(FORMS)))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
