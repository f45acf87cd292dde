#!/usr/bin/python3
"""End-to-end tests of the tinyturk CLI ($TT_BUILD/tinyturk) against the local
MTurk emulator (tests/mturk_server.py, in this process, HTTP and HTTPS on
127.0.0.1 with certificates from tests/gen_certs.sh in a temporary directory),
a small CONNECT proxy of this file, and - where a comparison is cheap - the
reference AWS CLI /usr/bin/aws 2.9.19.

Covers: every option end to end, configuration precedence (temporary HOME,
AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, env vars, --profile), endpoint
resolution (checked on the CONNECT line a refusing local proxy receives, so
nothing leaves 127.0.0.1), exit codes and stderr texts of every error class,
redaction of the secret key and session token in all output (--debug
included), TLS verification and --no-verify-ssl, proxies, the pager (under
script(1) for a TTY), --watch (new assignments between polls, SIGINT and
SIGTERM) and flat memory when streaming.

Nothing contacts AWS: every run has --endpoint-url 127.0.0.1 or a local proxy.
Last line: "N passed, M failed".
"""
import base64
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import mturk_server as ms  # noqa: E402

BUILD = os.environ.get("TT_BUILD", "build")
TT = os.environ.get("TT_CLI_BIN") or os.path.join(ROOT, BUILD, "tinyturk")
AWS = "/usr/bin/aws"
HAVE_AWS = os.path.exists(AWS)
HIT5 = "3DEMOHIT0000000000000000000001"    # 5 assignments
HIT237 = "3DEMOHIT0000000000000000000002"  # 237
HIT0 = "3DEMOHIT0000000000000000000004"    # 0
AKID, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
S_AKID, S_SECRET, S_TOKEN = ("ASIAEXAMPLE",) + ms.DEFAULT_CREDENTIALS["ASIAEXAMPLE"]
WARN = ("/usr/lib/python3/dist-packages/urllib3/connectionpool.py:1065: InsecureRequestWarning: "
        "Unverified HTTPS request is being made to host '%s'. Adding certificate verification is "
        "strongly advised. See: https://urllib3.readthedocs.io/en/1.26.x/advanced-usage.html"
        "#ssl-warnings\n  warnings.warn(\n")

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


TMP = tempfile.mkdtemp(prefix="tt-cli-test-")
HOME = os.path.join(TMP, "home")
os.makedirs(HOME)
CERTS = os.path.join(TMP, "certs")


def base_env(**extra):
    """A clean environment: example keys, us-east-1, empty HOME, no pager."""
    e = {"PATH": "/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8", "TZ": "UTC",
         "AWS_ACCESS_KEY_ID": AKID, "AWS_SECRET_ACCESS_KEY": SECRET,
         "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
         "AWS_PAGER": ""}
    for k, v in extra.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def run(args, env=None, prog=None, timeout=60, stdin=subprocess.DEVNULL):
    cmd = [prog or TT] + [str(a) for a in args]
    p = subprocess.run(cmd, env=env or base_env(), stdin=stdin, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def lat(url, hit, *args, env=None, prog=None, timeout=60):
    """`tinyturk mturk list-assignments-for-hit --endpoint-url url --hit-id hit ...`"""
    return run(["mturk", "list-assignments-for-hit", "--endpoint-url", url, "--hit-id", hit]
               + list(args), env=env, prog=prog, timeout=timeout)


def jsonl_ids(out):
    ids = []
    for line in out.splitlines():
        if line.startswith("{") and '"AssignmentId"' in line:
            ids.append(json.loads(line)["AssignmentId"])
    return ids


def truth(srv, hit, statuses=()):
    return [a["AssignmentId"] for a in srv.dataset.filtered(hit, tuple(statuses))]


def log_since(srv, n):
    return srv.log[n:]


def auth_scope(entry):
    for k, v in entry["headers"]:
        if k.lower() == "authorization":
            m = re.search(r"Credential=([^/]+)/\d+/([^/]+)/", v)
            return m.group(1), m.group(2)
    return None, None


def hdr(entry, name):
    return [v for k, v in entry["headers"] if k.lower() == name.lower()]


# ---------------------------------------------------------------------------
# helpers: CONNECT proxy, IPv6 forwarder


class ConnectProxy:
    """CONNECT proxy on 127.0.0.1 that records request heads; mode "ok" tunnels
    (to 127.0.0.1 / ::1 only), "deny" answers 403 (used to see which host a
    client wants without letting anything out)."""

    def __init__(self, mode="ok"):
        self.mode = mode
        self.heads = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(c,), daemon=True).start()

    def _one(self, c):
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = c.recv(4096)
            if not d:
                c.close()
                return
            buf += d
        head, rest = buf.split(b"\r\n\r\n", 1)
        self.heads.append(head.decode("latin-1"))
        line = head.split(b"\r\n")[0].split()
        host, _, port = line[1].rpartition(b":") if len(line) > 1 else (b"", b"", b"0")
        host = host.strip(b"[]").decode()
        if self.mode != "ok" or line[0] != b"CONNECT" or host not in ("127.0.0.1", "::1",
                                                                       "localhost"):
            c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            c.close()
            return
        try:
            u = socket.create_connection((host, int(port)))
        except OSError:
            c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            c.close()
            return
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if rest:
            u.sendall(rest)
        threading.Thread(target=_pipe, args=(u, c), daemon=True).start()
        _pipe(c, u)

    def stop(self):
        self.sock.close()


def _pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def ipv6_forwarder(target_port):
    """[::1]:P -> 127.0.0.1:target_port (the emulator listens on IPv4 only)."""
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(("::1", 0))
    except OSError:
        return None
    s.listen(16)

    def loop():
        while True:
            try:
                c, _ = s.accept()
            except OSError:
                return
            u = socket.create_connection(("127.0.0.1", target_port))
            threading.Thread(target=_pipe, args=(u, c), daemon=True).start()
            threading.Thread(target=_pipe, args=(c, u), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


# ---------------------------------------------------------------------------
# tests


def test_basics(srv):
    url = srv.url
    rc, out, err = lat(url, HIT5, "--output", "jsonl")
    check(rc == 0 and err == "", "jsonl run exits 0 quietly", (rc, err))
    check(jsonl_ids(out) == truth(srv, HIT5), "jsonl lists every assignment in order", out[:300])
    # short command form, statuses, page size, keep-alive
    n = len(srv.log)
    rc, out, err = run(["list-assignments-for-hit", "--endpoint-url", url, "--hit-id", HIT237,
                        "--assignment-statuses", "Approved", "Rejected", "--page-size", "7",
                        "--output", "jsonl"])
    check(rc == 0, "short form `tinyturk list-assignments-for-hit` works", err)
    check(jsonl_ids(out) == truth(srv, HIT237, ("Approved", "Rejected")),
          "status filter + page size: every matching assignment once")
    entries = log_since(srv, n)
    bodies = [json.loads(e["body"]) for e in entries]
    check(all(b.get("MaxResults") == 7 and b.get("AssignmentStatuses") == ["Approved", "Rejected"]
              for b in bodies), "MaxResults/AssignmentStatuses on every request", bodies[:2])
    check(len({e["conn"] for e in entries}) == 1 and len(entries) > 5,
          "all pages over one keep-alive connection", [(e["conn"], e["index"]) for e in entries])
    check(all(e["sig"] == "ok" for e in entries), "every request's SigV4 verified by botocore")
    e0 = entries[0]
    names = [k for k, _ in e0["headers"]]
    check(names == ["Host", "Accept-Encoding", "X-Amz-Target", "Content-Type", "User-Agent",
                    "X-Amz-Date", "Authorization", "Content-Length"],
          "request headers in the CLI's order", names)
    check(hdr(e0, "Host") == ["127.0.0.1:%d" % srv.port], "Host carries the port", hdr(e0, "Host"))
    check(auth_scope(e0) == (AKID, "us-east-1"), "signed for us-east-1 with the env key",
          auth_scope(e0))
    # --no-paginate: exactly one request
    n = len(srv.log)
    rc, out, err = lat(url, HIT237, "--no-paginate", "--output", "jsonl")
    check(rc == 0 and len(log_since(srv, n)) == 1 and len(jsonl_ids(out)) == 10,
          "--no-paginate makes one request (10 items)", (rc, len(log_since(srv, n)), err))
    # --max-items stops early, --page-size with it
    n = len(srv.log)
    rc, out, err = lat(url, HIT237, "--max-items", "25", "--page-size", "10", "--output", "jsonl")
    ids = jsonl_ids("\n".join(l for l in out.splitlines() if '"AssignmentId"' in l))
    check(rc == 0 and ids == truth(srv, HIT237)[:25], "--max-items 25 gives the first 25", (rc, err))
    check(len(log_since(srv, n)) == 3, "--max-items 25 at 10/page: 3 requests",
          len(log_since(srv, n)))
    # --version, skeletons (no request; "output" needs a region and honours the configured output)
    rc, out, err = run(["--version"])
    check(rc == 0 and out.startswith("tinyturk/"), "--version", (rc, out))
    n = len(srv.log)
    rc, out, err = run(["mturk", "list-assignments-for-hit", "--generate-cli-skeleton", "output",
                        "--hit-id", "X"], env=base_env(AWS_DEFAULT_OUTPUT="text"))
    check(rc == 0 and out.startswith("NextToken\t0\n") and len(srv.log) == n,
          "--generate-cli-skeleton output in the configured output format", (rc, out, err))
    rc, out, err = run(["mturk", "list-assignments-for-hit", "--generate-cli-skeleton", "output",
                        "--hit-id", "X"], env=base_env(AWS_DEFAULT_REGION=None))
    check(rc == 253 and "You must specify a region" in err, "skeleton output needs a region",
          (rc, err))
    # empty HIT
    rc, out, err = lat(url, HIT0, "--output", "jsonl")
    check(rc == 0 and out == "", "a HIT without assignments prints nothing in jsonl", (rc, out))


def test_golden(srv):
    """A few end-to-end byte comparisons with the AWS CLI (the output
    colleague's tests/golden/ has the full matrix)."""
    if not HAVE_AWS:
        return
    env = base_env(AWS_MAX_ATTEMPTS="1")
    for args in (["--output", "json"], ["--output", "text"], ["--output", "json", "--page-size", "2"],
                 ["--max-items", "3", "--output", "json"],
                 ["--query", "Assignments[].AssignmentId", "--output", "text"],
                 ["--no-paginate", "--output", "json", "--page-size", "2"]):
        mine = lat(srv.url, HIT5, *args, env=env)
        ref = lat(srv.url, HIT5, *args, env=env, prog=AWS)
        check(mine == ref, "same stdout/stderr/exit as aws: %s" % " ".join(args),
              (mine[0], ref[0], mine[1][:200], ref[1][:200], mine[2][:200], ref[2][:200]))


def test_config(srv):
    url = srv.url
    home = os.path.join(TMP, "cfghome")
    write(os.path.join(home, ".aws", "credentials"),
          "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n"
          "[sess]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n"
          % (AKID, SECRET, S_AKID, S_SECRET, S_TOKEN))
    write(os.path.join(home, ".aws", "config"),
          "[default]\nregion = us-east-1\noutput = jsonl\n\n"
          "[profile sess]\nregion = sandbox\n\n"
          "[profile wire]\nregion = us-east-1\ncli_timestamp_format = bogus\n\n"
          "[profile legacy]\nregion = us-east-1\nretry_mode = legacy\n\n"
          "[profile two]\nregion = us-east-1\nmax_attempts = 2\n"
          "aws_access_key_id = %s\naws_secret_access_key = %s\n\n"
          "[profile ep]\nregion = us-east-1\nendpoint_url = %s\n"
          "aws_access_key_id = %s\naws_secret_access_key = %s\n" % (AKID, SECRET, url, AKID, SECRET))
    noenv = dict(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, AWS_DEFAULT_REGION=None,
                 HOME=home)

    # cli_auto_prompt in the profile is read before parsing, as the CLI does:
    # with stdin not a terminal it then refuses (255), like aws 2.9.19.
    ap = os.path.join(TMP, "autoprompt.cfg")
    write(ap, "[default]\nregion = us-east-1\n\n[profile ask]\ncli_auto_prompt = on\n")
    rc, out, err = run(["mturk", "list-assignments-for-hit", "--profile", "ask"],
                       env=base_env(AWS_CONFIG_FILE=ap))
    check(rc == 255 and "Input is not a terminal" in err,
          "cli_auto_prompt = on in the profile turns the prompt on", (rc, err))
    rc, out, err = run(["mturk", "list-assignments-for-hit"], env=base_env(AWS_CONFIG_FILE=ap))
    check(rc == 252 and "--hit-id" in err, "other profiles do not prompt", (rc, err))

    def last_scope():
        return auth_scope(srv.log[-1])

    rc, out, err = lat(url, HIT5, env=base_env(**noenv))
    check(rc == 0 and jsonl_ids(out) == truth(srv, HIT5),
          "credentials file + config region + config output (jsonl)", (rc, err, out[:100]))
    check(last_scope() == (AKID, "us-east-1"), "default profile's key", last_scope())
    rc, out, err = lat(url, HIT5, "--profile", "sess", env=base_env(**noenv))
    check(rc == 0 and last_scope() == (S_AKID, "sandbox"),
          "--profile sess: its session credentials and region sandbox in the scope",
          (rc, err, last_scope()))
    check(hdr(srv.log[-1], "X-Amz-Security-Token") == [S_TOKEN] and srv.log[-1]["sig"] == "ok",
          "session token sent and signed", srv.log[-1]["sig"])
    rc, out, err = lat(url, HIT5, env=base_env(AWS_PROFILE="sess", **dict(noenv, HOME=home)))
    check(rc == 0 and last_scope() == (S_AKID, "sandbox"), "AWS_PROFILE selects the profile",
          (rc, err, last_scope()))
    rc, out, err = lat(url, HIT5, env=base_env(AWS_PROFILE="sess", HOME=home,
                                               AWS_DEFAULT_REGION=None))
    check(rc == 0 and last_scope() == (AKID, "sandbox"),
          "env keys beat AWS_PROFILE (region still from that profile)", (rc, err, last_scope()))
    rc, out, err = lat(url, HIT5, "--profile", "sess", env=base_env(HOME=home,
                                                                    AWS_DEFAULT_REGION=None))
    check(rc == 0 and last_scope() == (S_AKID, "sandbox"), "--profile beats env keys",
          (rc, err, last_scope()))
    rc, out, err = lat(url, HIT5, "--region", "sandbox", env=base_env(HOME=home,
                                                                      AWS_REGION="us-east-1"))
    check(rc == 0 and last_scope()[1] == "sandbox", "--region beats AWS_REGION", last_scope())
    rc, out, err = lat(url, HIT5, env=base_env(HOME=home, AWS_REGION="sandbox",
                                               AWS_DEFAULT_REGION="us-east-1"))
    check(rc == 0 and last_scope()[1] == "sandbox", "AWS_REGION beats AWS_DEFAULT_REGION",
          last_scope())
    rc, out, err = lat(url, HIT5, env=base_env(HOME=home, AWS_DEFAULT_OUTPUT="text"))
    check(rc == 0 and out.startswith("ASSIGNMENTS\t"), "AWS_DEFAULT_OUTPUT beats profile output",
          out[:80])
    rc, out, err = lat(url, HIT5, "--output", "jsonl", env=base_env(HOME=home,
                                                                    AWS_DEFAULT_OUTPUT="text"))
    check(rc == 0 and out.startswith("{"), "--output beats AWS_DEFAULT_OUTPUT", out[:80])
    # relocated files
    moved = os.path.join(TMP, "moved")
    write(os.path.join(moved, "c"), "[default]\nregion = sandbox\n")
    write(os.path.join(moved, "k"), "[default]\naws_access_key_id = %s\naws_secret_access_key = "
          "%s\naws_session_token = %s\n" % (S_AKID, S_SECRET, S_TOKEN))
    rc, out, err = lat(url, HIT5, "--output", "jsonl", env=base_env(
        AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, AWS_DEFAULT_REGION=None,
        AWS_CONFIG_FILE=os.path.join(moved, "c"),
        AWS_SHARED_CREDENTIALS_FILE=os.path.join(moved, "k")))
    check(rc == 0 and last_scope() == (S_AKID, "sandbox"),
          "AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE relocate the files", (rc, err))
    # errors
    rc, out, err = lat(url, HIT5, "--profile", "nosuch", env=base_env(HOME=home))
    check((rc, err) == (255, "\nThe config profile (nosuch) could not be found\n"),
          "unknown profile: 255", (rc, err))
    rc, out, err = lat(url, HIT5, env=base_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None))
    check((rc, out) == (253, "") and "Unable to locate credentials" in err,
          "no credentials: 253, no output", (rc, err))
    rc, out, err = lat(url, HIT5, env=base_env(AWS_SECRET_ACCESS_KEY=None))
    check((rc, err) == (255, "\nPartial credentials found in env, missing: AWS_SECRET_ACCESS_KEY\n"),
          "partial env credentials: 255", (rc, err))
    n = len(srv.log)
    rc, out, err = lat(url, HIT5, env=base_env(AWS_DEFAULT_REGION=None))
    check(rc == 253 and "You must specify a region" in err and len(srv.log) == n,
          "no region: 253 even with --endpoint-url, no request", (rc, err))
    rc, out, err = lat(url, HIT5, "--region", "bad_region")
    check((rc, err) == (255, "\nProvided region_name 'bad_region' doesn't match a supported "
                             "format.\n"), "malformed region: 255", (rc, err))
    rc, out, err = lat(url, HIT5, "--profile", "wire", env=base_env(HOME=home))
    check((rc, err) == (253, '\nUnknown cli_timestamp_format value: bogus, valid values are "wire" '
                             'or "iso8601"\n'), "bad cli_timestamp_format: 253", (rc, err))
    rc, out, err = lat(url, HIT5, "--profile", "legacy", env=base_env(HOME=home))
    check(rc == 255 and '"legacy" must be one of: "standard" or "adaptive"' in err,
          "retry_mode legacy rejected: 255", (rc, err))
    rc, out, err = lat(url, HIT5, env=base_env(AWS_DEFAULT_OUTPUT="bogus"))
    check((rc, err) == (255, "\nUnknown output type: bogus\n"), "bad output from env: 255",
          (rc, err))
    # max_attempts from config and env -> attempts made
    srv.add_faults([{"kind": "service_fault", "times": -1}], replace=True)
    n = len(srv.log)
    rc, out, err = lat(url, HIT5, "--profile", "two", env=base_env(HOME=home))
    check(rc == 254 and len(srv.log) - n == 2 and "(reached max retries: 1)" in err,
          "profile max_attempts = 2: two attempts", (rc, len(srv.log) - n, err))
    n = len(srv.log)
    rc, out, err = lat(url, HIT5, env=base_env(AWS_MAX_ATTEMPTS="1"))
    check(rc == 254 and len(srv.log) - n == 1 and err == (
        "\nAn error occurred (ServiceFault) when calling the ListAssignmentsForHIT operation "
        "(reached max retries: 0): We encountered an internal error. Please try again.\n"),
        "AWS_MAX_ATTEMPTS=1: one attempt, 'reached max retries: 0'", (rc, len(srv.log) - n, err))
    srv.add_faults([], replace=True)
    # endpoint_url from the environment / profile (newer CLIs; 2.9.19 ignores them)
    for what, env in (("AWS_ENDPOINT_URL", base_env(AWS_ENDPOINT_URL=url)),
                      ("AWS_ENDPOINT_URL_MTURK", base_env(AWS_ENDPOINT_URL_MTURK=url,
                                                          AWS_ENDPOINT_URL="http://127.0.0.1:1")),
                      ("profile endpoint_url", base_env(HOME=home, AWS_PROFILE="ep",
                                                        AWS_ACCESS_KEY_ID=None,
                                                        AWS_SECRET_ACCESS_KEY=None))):
        rc, out, err = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5, "--output",
                            "jsonl"], env=env)
        check(rc == 0 and jsonl_ids(out) == truth(srv, HIT5), "endpoint from %s" % what, (rc, err))
    rc, out, err = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5, "--output", "jsonl",
                        "--endpoint-url", url], env=base_env(AWS_ENDPOINT_URL="http://127.0.0.1:1"))
    check(rc == 0, "--endpoint-url beats AWS_ENDPOINT_URL", (rc, err))


def test_endpoints():
    """Endpoint resolution, observed on the CONNECT line of a refusing proxy."""
    deny = ConnectProxy("deny")
    purl = "http://127.0.0.1:%d" % deny.port
    cases = [
        ({"AWS_REGION": "us-east-1"}, [], "mturk-requester.us-east-1.amazonaws.com:443"),
        ({}, ["--region", "sandbox"], "mturk-requester-sandbox.us-east-1.amazonaws.com:443"),
        ({}, ["--region", "eu-west-1"], "mturk-requester.eu-west-1.amazonaws.com:443"),
        ({}, ["--region", "cn-north-1"], "mturk-requester.cn-north-1.amazonaws.com.cn:443"),
        ({"AWS_USE_FIPS_ENDPOINT": "true"}, [], "mturk-requester-fips.us-east-1.amazonaws.com:443"),
        ({"AWS_USE_DUALSTACK_ENDPOINT": "true"}, [], "mturk-requester.us-east-1.api.aws:443"),
        ({"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"}, [],
         "mturk-requester-fips.us-east-1.api.aws:443"),
        ({"AWS_USE_DUALSTACK_ENDPOINT": "true"}, ["--region", "cn-north-1"],
         "mturk-requester.cn-north-1.api.amazonwebservices.com.cn:443"),
        ({}, ["--region", "us-gov-west-1"], "mturk-requester.us-gov-west-1.amazonaws.com:443"),
    ]
    for extra, args, want in cases:
        n = len(deny.heads)
        env = base_env(HTTPS_PROXY=purl, AWS_MAX_ATTEMPTS="1", **extra)
        rc, out, err = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5] + args, env=env)
        heads = deny.heads[n:]
        got = heads[0].split("\r\n")[0].split()[1] if heads else None
        check(got == want and rc == 255 and err == '\nFailed to connect to proxy URL: "%s"\n' % purl,
              "endpoint %s %s -> %s" % (extra, args, want), (got, rc, err))
    rc, out, err = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5, "--region",
                        "us-iso-east-1"], env=base_env(HTTPS_PROXY=purl,
                                                       AWS_USE_DUALSTACK_ENDPOINT="true"))
    check((rc, err) == (255, "\nDualStack is enabled but this partition does not support "
                             "DualStack\n"), "dual-stack in aws-iso: the rule set's error", (rc, err))
    # proxy credentials are masked in the message
    rc, out, err = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5],
                       env=base_env(HTTPS_PROXY="http://user:pw@127.0.0.1:%d" % deny.port,
                                    AWS_MAX_ATTEMPTS="1"))
    check(err == '\nFailed to connect to proxy URL: "http://***:***@127.0.0.1:%d"\n' % deny.port
          and "Proxy-Authorization: Basic dXNlcjpwdw==" in deny.heads[-1],
          "proxy user:password sent, masked in the message", (err, deny.heads[-1]))
    # URL forms
    for url, want in (("http://bad_host:1", "\nInvalid endpoint: http://bad_host:1\n"),
                      ("127.0.0.1:1", '\nBad value for --endpoint-url "127.0.0.1:1": scheme is '
                                      'missing.  Must be of the form http://<hostname>/ or '
                                      'https://<hostname>/\n')):
        rc, out, err = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5,
                            "--endpoint-url", url])
        check(err == want and rc == (252 if "scheme" in want else 255), "endpoint URL %s" % url,
              (rc, err))
        if HAVE_AWS:
            ref = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5, "--endpoint-url",
                       url], prog=AWS)
            check(ref[0] == rc and ref[2] == err, "same as aws for endpoint URL %s" % url, ref)
    for url in ("http://127.0.0.1:1/some/path?x=1", "http://127.0.0.1:1/caf\u00e9"):
        rc, out, err = run(["mturk", "list-assignments-for-hit", "--hit-id", HIT5,
                            "--endpoint-url", url])
        check(rc == 255 and "not supported" in err,
              "endpoint URL with a query / a path needing encoding is refused (documented)", err)
    deny.stop()
    # An endpoint URL with a path (a reverse proxy's prefix): posted to and
    # signed like botocore (the emulator checks the path and verifies the
    # signature with botocore; "./" and "//" exercise path normalisation).
    for base in ("/mturk", "/a/./b//c/"):
        psrv = ms.start_server(dataset="demo", tls=False, base_path=base)
        try:
            rc, out, err = lat(psrv.url + base, HIT5, "--output", "json")
            ok = check(rc == 0 and len(json.loads(out or "{}").get("Assignments", [])) == 5,
                       "endpoint URL path %s: listed" % base, (rc, err[-500:]))
            check(ok and psrv.log and all(e.get("target") == base and e.get("sig") == "ok"
                                          for e in psrv.log if "target" in e),
                  "endpoint URL path %s: posted there, signature verified" % base,
                  psrv.log[-1:] if psrv.log else None)
            if HAVE_AWS:
                ref = lat(psrv.url + base, HIT5, "--output", "json", prog=AWS)
                check(ref[0] == rc and ref[1] == out, "same as aws for endpoint path %s" % base,
                      (ref[0], ref[2][-300:]))
            rc, out, err = lat(psrv.url, HIT5)
            check(rc == 254 and "UnknownOperationException" in err,
                  "endpoint without the path gets the server's 404", (rc, err))
        finally:
            psrv.stop()


def test_errors(srv):
    url = srv.url
    one = base_env(AWS_MAX_ATTEMPTS="1")

    def both(what, faults, *args, env=one, aws=True, stdout_too=True):
        srv.add_faults(faults, replace=True)
        mine = lat(url, HIT5, *args, env=env)
        ref = None
        if aws and HAVE_AWS:
            srv.add_faults(faults, replace=True)
            ref = lat(url, HIT5, *args, env=env, prog=AWS)
        srv.add_faults([], replace=True)
        if ref is not None:
            same = mine[0] == ref[0] and mine[2] == ref[2] and (not stdout_too or mine[1] == ref[1])
            check(same, "%s: same exit and stderr as aws" % what, (mine, ref))
        return mine

    mine = lat(url, "3NOSUCHHIT", "--output", "jsonl", env=one)
    check(mine[0] == 254 and mine[2].startswith(
        "\nAn error occurred (RequestError) when calling the ListAssignmentsForHIT operation "
        "(reached max retries: 0): "), "unknown HIT: 254 RequestError", mine)
    if HAVE_AWS:
        ref = lat(url, "3NOSUCHHIT", env=one, prog=AWS)
        check(ref[0] == mine[0] and ref[2] == mine[2], "unknown HIT: same as aws", (mine, ref))
    both("throttling, 1 attempt", [{"kind": "throttle"}])
    both("500 html", [{"kind": "status", "status": 500, "body": "html"}])
    both("503 empty", [{"kind": "status", "status": 503, "body": "empty"}])
    both("400 no __type lower-case message", [{"kind": "status", "status": 400,
                                               "json": {"message": "nope"}}])
    both("namespaced RequestError", [{"kind": "request_error", "message": "bad"}])
    both("connection reset", [{"kind": "reset", "at_byte": 0}])
    both("read timeout", [{"kind": "slow", "delay": 2.5}], "--cli-read-timeout", "1")
    both("same next token twice", [{"kind": "repeat_token", "page": 2}], "--page-size", "2",
         "--output", "text", stdout_too=False)
    # default 3 attempts: reached max retries: 2; and 500, 500, 200 succeeds
    srv.add_faults([{"kind": "throttle", "times": 3}], replace=True)
    n = len(srv.log)
    rc, out, err = lat(url, HIT5)
    check(rc == 254 and len(srv.log) - n == 3 and err == (
        "\nAn error occurred (ThrottlingException) when calling the ListAssignmentsForHIT "
        "operation (reached max retries: 2): Rate exceeded\n"), "throttled 3 times: 254",
        (rc, err, len(srv.log) - n))
    srv.add_faults([{"kind": "service_fault", "times": 2}], replace=True)
    rc, out, err = lat(url, HIT5, "--output", "jsonl")
    check(rc == 0 and jsonl_ids(out) == truth(srv, HIT5), "500, 500, then 200: success", (rc, err))
    # connection refused (port 1)
    mine = lat("http://127.0.0.1:1/", HIT5, env=one)
    check(mine == (255, "", '\nCould not connect to the endpoint URL: "http://127.0.0.1:1/"\n'),
          "connection refused: 255", mine)
    # malformed 200: ours is an error (the CLI prints nothing and exits 0)
    srv.add_faults([{"kind": "malformed", "variant": "not_json"}], replace=True)
    rc, out, err = lat(url, HIT5, "--output", "json", env=one)
    check(rc == 255 and out == "" and "not a valid ListAssignmentsForHIT JSON page" in err,
          "malformed 200: exit 255 with a clear message (deliberate difference)", (rc, out, err))
    srv.add_faults([], replace=True)
    # usage errors come from the argument parser (252)
    rc, out, err = run(["mturk", "list-assignments-for-hit", "--endpoint-url", url])
    check(rc == 252 and "--hit-id" in err, "missing --hit-id: 252", (rc, err))
    # timeouts of 0 mean "no timeout"
    rc, out, err = lat(url, HIT5, "--cli-read-timeout", "0", "--cli-connect-timeout", "0",
                       "--output", "jsonl")
    check(rc == 0 and len(jsonl_ids(out)) == 5, "--cli-read-timeout 0 / --cli-connect-timeout 0",
          (rc, err))
    # a text listing failing on a later page keeps the pages printed so far
    srv.add_faults([{"kind": "request_error", "page": 2}], replace=True)
    rc, out, err = lat(url, HIT5, "--page-size", "2", "--output", "text", env=one)
    check(rc == 254 and out.count("ASSIGNMENTS") == 2, "text: page 1 printed, then 254",
          (rc, out[:100], err))
    srv.add_faults([{"kind": "request_error", "page": 2}], replace=True)
    rc, out, err = lat(url, HIT5, "--page-size", "2", "--output", "json", env=one)
    check(rc == 254 and out == "", "json: nothing printed when a later page fails", (rc, out[:100]))
    srv.add_faults([], replace=True)


def test_no_sign(srv):
    srv.configure(allow_anonymous=True)
    n = len(srv.log)
    rc, out, err = lat(srv.url, HIT5, "--no-sign-request", "--output", "jsonl",
                       env=base_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None))
    e = srv.log[n] if len(srv.log) > n else {"headers": []}
    names = [k for k, _ in e["headers"]]
    check(rc == 0 and len(jsonl_ids(out)) == 5, "--no-sign-request needs no credentials", (rc, err))
    check(names == ["Host", "Accept-Encoding", "X-Amz-Target", "Content-Type", "User-Agent",
                    "Content-Length"], "--no-sign-request: no date/authorization headers", names)
    srv.configure(allow_anonymous=False)


def test_tls(tls_srv, certs):
    url = tls_srv.url
    ca = os.path.join(certs, "ca.pem")
    rc, out, err = lat(url, HIT5, "--output", "jsonl", "--ca-bundle", ca)
    check(rc == 0 and len(jsonl_ids(out)) == 5, "https with --ca-bundle", (rc, err))
    rc, out, err = lat(url, HIT5, "--output", "jsonl", env=base_env(AWS_CA_BUNDLE=ca))
    check(rc == 0 and len(jsonl_ids(out)) == 5, "https with AWS_CA_BUNDLE", (rc, err))
    cfg = write(os.path.join(TMP, "tlscfg"), "[default]\nca_bundle = %s\n" % ca)
    rc, out, err = lat(url, HIT5, "--output", "jsonl", env=base_env(AWS_CONFIG_FILE=cfg))
    check(rc == 0 and len(jsonl_ids(out)) == 5, "https with profile ca_bundle", (rc, err))
    rc, out, err = lat(url, HIT5, "--output", "jsonl", "--ca-bundle", ca,
                       env=base_env(AWS_CA_BUNDLE="/nonexistent"))
    check(rc == 0, "--ca-bundle beats AWS_CA_BUNDLE", (rc, err))
    one = base_env(AWS_MAX_ATTEMPTS="1")
    # untrusted: system bundle does not know the test CA
    mine = lat(url, HIT5, env=one)
    check(mine == (255, "", "\nSSL validation failed for %s/ [SSL: CERTIFICATE_VERIFY_FAILED] "
                            "certificate verify failed: unable to get local issuer certificate "
                            "(_ssl.c:992)\n" % url), "untrusted certificate refused: 255", mine)
    if HAVE_AWS:
        ref = lat(url, HIT5, env=one, prog=AWS)
        check(ref == mine, "untrusted certificate: same as aws", (mine, ref))
    mine = lat(url, HIT5, env=base_env(AWS_CA_BUNDLE="/nonexistent/ca.pem"))
    check(mine == (255, "", "\nSSL validation failed for %s/ [Errno 2] No such file or directory\n"
                   % url), "missing CA bundle: the CLI's message", mine)
    # --no-verify-ssl: works, one urllib3 warning per request
    n = len(tls_srv.log)
    rc, out, err = lat(url, HIT5, "--no-verify-ssl", "--page-size", "2", "--output", "jsonl")
    reqs = len(tls_srv.log) - n
    check(rc == 0 and len(jsonl_ids(out)) == 5 and err == WARN % "127.0.0.1" * reqs and reqs == 3,
          "--no-verify-ssl: listing + one InsecureRequestWarning per request", (rc, reqs, err))
    if HAVE_AWS:
        ref = lat(url, HIT5, "--no-verify-ssl", "--page-size", "2", "--output", "text", prog=AWS)
        check(ref[2] == err, "--no-verify-ssl warnings identical to aws", (ref[2], err))
    # other certificates
    for name, want in (("expired", "certificate has expired"), ("untrusted-server",
                                                                 "unable to get local issuer"),
                       ("wronghost", "hostname '127.0.0.1' doesn't match")):
        s = ms.start_server(dataset="demo", tls=True, cert=os.path.join(certs, name + ".pem"),
                            key=os.path.join(certs, name + ".key"))
        rc, out, err = lat(s.url, HIT5, env=base_env(AWS_CA_BUNDLE=ca, AWS_MAX_ATTEMPTS="1"))
        check(rc == 255 and err.startswith("\nSSL validation failed for %s/ " % s.url)
              and want in err, "%s certificate refused" % name, (rc, err))
        rc, out, err = lat(s.url, HIT5, "--no-verify-ssl", "--output", "jsonl",
                           env=base_env(AWS_CA_BUNDLE=ca))
        check(rc == 0 and len(jsonl_ids(out)) == 5, "%s certificate with --no-verify-ssl" % name,
              (rc, err[:200]))
        s.stop()
    for name in ("chain-server", "server-ec", "ecca-server"):
        s = ms.start_server(dataset="demo", tls=True, cert=os.path.join(certs, name + ".pem"),
                            key=os.path.join(certs, name + ".key"))
        bundle = os.path.join(certs, "ecca.pem" if name == "ecca-server" else "ca.pem")
        rc, out, err = lat(s.url, HIT5, "--output", "jsonl", "--ca-bundle", bundle)
        check(rc == 0 and len(jsonl_ids(out)) == 5, "%s verifies" % name, (rc, err))
        s.stop()
    # https to a plain-http port
    return


def test_proxy(srv, tls_srv, certs):
    ok = ConnectProxy("ok")
    ca = os.path.join(certs, "ca.pem")
    n = len(ok.heads)
    rc, out, err = lat(tls_srv.url, HIT5, "--output", "jsonl", "--page-size", "2",
                       env=base_env(AWS_CA_BUNDLE=ca, HTTPS_PROXY="http://127.0.0.1:%d" % ok.port))
    heads = ok.heads[n:]
    check(rc == 0 and len(jsonl_ids(out)) == 5, "https through HTTPS_PROXY", (rc, err))
    check(len(heads) == 1 and heads[0].startswith("CONNECT 127.0.0.1:%d HTTP/1.1" % tls_srv.port),
          "one CONNECT tunnel for all pages", heads)
    n = len(ok.heads)
    rc, out, err = lat(srv.url, HIT5, "--output", "jsonl",
                       env=base_env(HTTP_PROXY="127.0.0.1:%d" % ok.port))
    check(rc == 0 and len(ok.heads) - n == 1, "http endpoint through HTTP_PROXY (scheme-less)",
          (rc, err, ok.heads[n:]))
    n = len(ok.heads)
    rc, out, err = lat(tls_srv.url, HIT5, "--output", "jsonl",
                       env=base_env(AWS_CA_BUNDLE=ca, HTTPS_PROXY="http://127.0.0.1:%d" % ok.port,
                                    NO_PROXY="127.0.0.1"))
    check(rc == 0 and len(ok.heads) == n, "NO_PROXY bypasses the proxy", (rc, err))
    # --no-verify-ssl through a proxy: urllib3 names the proxy host
    rc, out, err = lat(tls_srv.url, HIT5, "--output", "jsonl", "--no-verify-ssl",
                       env=base_env(HTTPS_PROXY="http://localhost:%d" % ok.port))
    check(rc == 0 and err == WARN % "localhost", "--no-verify-ssl via proxy warns about the proxy host",
          (rc, err))
    rc, out, err = lat(tls_srv.url, HIT5, env=base_env(AWS_CA_BUNDLE=ca, AWS_MAX_ATTEMPTS="1",
                                                       HTTPS_PROXY="http://127.0.0.1:1"))
    check((rc, err) == (255, '\nFailed to connect to proxy URL: "http://127.0.0.1:1"\n'),
          "unreachable proxy: 255", (rc, err))
    ok.stop()


def test_ipv6(srv):
    port = ipv6_forwarder(srv.port)
    if port is None:
        return
    n = len(srv.log)
    rc, out, err = lat("http://[::1]:%d" % port, HIT5, "--output", "jsonl")
    check(rc == 0 and len(jsonl_ids(out)) == 5, "IPv6 literal endpoint (an extension)", (rc, err))
    check(len(srv.log) > n and hdr(srv.log[-1], "Host") == ["[::1]:%d" % port]
          and srv.log[-1]["sig"] == "ok", "IPv6 Host header signed", srv.log[-1:])


def test_redaction(srv, tls_srv, certs):
    env = base_env(AWS_ACCESS_KEY_ID=S_AKID, AWS_SECRET_ACCESS_KEY=S_SECRET,
                   AWS_SESSION_TOKEN=S_TOKEN)
    outs = []
    srv.add_faults([{"kind": "service_fault", "times": 1}], replace=True)
    outs.append(lat(srv.url, HIT5, "--debug", "--page-size", "2", env=env))
    check(outs[-1][0] == 0, "session-token run succeeds (after one retry)", outs[-1][2][-300:])
    outs.append(lat(srv.url, "3NOSUCHHIT", "--debug", env=env))
    outs.append(lat(tls_srv.url, HIT5, "--debug", "--no-verify-ssl", "--output", "text", env=env))
    outs.append(lat(tls_srv.url, HIT5, "--debug", "--ca-bundle", os.path.join(certs, "ca.pem"),
                    "--output", "jsonl", env=env))
    outs.append(lat(tls_srv.url, HIT5, "--debug", env=dict(env, AWS_MAX_ATTEMPTS="1")))
    home = os.path.join(TMP, "redhome")
    write(os.path.join(home, ".aws", "credentials"), "[default]\naws_access_key_id = %s\n"
          "aws_secret_access_key = %s\naws_session_token = %s\n" % (S_AKID, S_SECRET, S_TOKEN))
    outs.append(lat(srv.url, HIT5, "--debug", env=base_env(HOME=home, AWS_ACCESS_KEY_ID=None,
                                                           AWS_SECRET_ACCESS_KEY=None)))
    srv.add_faults([], replace=True)
    everything = "".join(o[1] + o[2] for o in outs)
    check(S_SECRET not in everything, "the secret key appears in no output (--debug included)")
    check(S_TOKEN not in everything, "the session token appears in no output (--debug included)")
    for part in (S_SECRET[:20], S_TOKEN[:24], S_TOKEN[-24:]):
        check(part not in everything, "no fragment of a secret leaks: %s..." % part[:6])
    dbg = outs[0][2]
    for want in ("CLI version:", "Arguments entered to CLI:", "Found credentials in environment "
                 "variables.", "canonical-request:", "string-to-sign:", "request-header: "
                 "Authorization: AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/",
                 "X-Amz-Security-Token: <redacted>", "request-body: {\"HITId\"", "response: 200",
                 "response-body:", "retry:", "Endpoint provider result: %s/" % srv.url):
        check(want in dbg, "--debug shows %r" % want)
    check("Found credentials in shared credentials file:" in outs[-1][2],
          "--debug names the credentials file source")


def test_pager(srv):
    """The pager runs only on a TTY (script(1) provides one)."""
    if not shutil.which("script"):
        return
    rec = os.path.join(TMP, "pager")
    os.makedirs(rec, exist_ok=True)
    pager = "sh -c 'echo \"LESS=$LESS\" > %s/env; cat > %s/got'" % (rec, rec)

    def under_tty(args, **env):
        for f in ("env", "got"):
            try:
                os.unlink(os.path.join(rec, f))
            except OSError:
                pass
        cmd = " ".join("'%s'" % a for a in [TT, "mturk", "list-assignments-for-hit",
                                            "--endpoint-url", srv.url, "--hit-id", HIT5] + args)
        p = subprocess.run(["script", "-qec", cmd + "; echo RC=$?", "/dev/null"],
                           env=base_env(**env), capture_output=True, timeout=60)
        out = p.stdout.decode("utf-8", "replace")
        got = open(os.path.join(rec, "got")).read() if os.path.exists(os.path.join(rec, "got")) \
            else None
        lenv = open(os.path.join(rec, "env")).read().strip() \
            if os.path.exists(os.path.join(rec, "env")) else None
        return out, got, lenv

    out, got, lenv = under_tty(["--output", "jsonl"], AWS_PAGER=pager)
    check(got is not None and len(jsonl_ids(got)) == 5 and "RC=0" in out,
          "TTY: output goes through the pager", (out[-200:], got and got[:100]))
    check(lenv == "LESS=FRX", "pager gets LESS=FRX when LESS is unset", lenv)
    out, got, lenv = under_tty(["--output", "jsonl"], AWS_PAGER=pager, LESS="-S")
    check(lenv == "LESS=-S", "an existing LESS is kept", lenv)
    out, got, lenv = under_tty(["--output", "jsonl", "--no-cli-pager"], AWS_PAGER=pager)
    check(got is None and out.count("AssignmentId") == 5, "--no-cli-pager: straight to the TTY",
          out[-200:])
    out, got, lenv = under_tty(["--output", "jsonl"], AWS_PAGER=None, PAGER=pager)
    check(got is not None, "PAGER is used when AWS_PAGER is unset", out[-200:])
    out, got, lenv = under_tty(["--output", "jsonl"], AWS_PAGER="")
    check(got is None and out.count("AssignmentId") == 5, 'AWS_PAGER="" disables the pager',
          out[-200:])
    rc, out, err = lat(srv.url, HIT5, "--output", "jsonl", env=base_env(AWS_PAGER=pager))
    check(rc == 0 and len(jsonl_ids(out)) == 5 and not os.path.exists(os.path.join(rec, "got")),
          "no TTY: no pager", (rc, err))
    out, got, lenv = under_tty(["--output", "jsonl"], AWS_PAGER="nosuchpager")
    want = ("\r\nUnable to redirect output to pager. Received the following error when opening "
            "pager:\r\n[Errno 2] No such file or directory: 'nosuchpager'\r\n\r\nLearn more about "
            "configuring the output pager by running \"aws help config-vars\".\r\nRC=253")
    check(want in out, "missing pager: the CLI's message, 253", out[-400:])
    out, got, lenv = under_tty(["--output", "jsonl"], AWS_PAGER="less '")
    check("\r\nNo closing quotation\r\nRC=255" in out, "unbalanced quote in the pager: 255",
          out[-200:])


def test_signals_and_pipes(srv):
    # SIGINT during a (slow) listing: like the CLI, a newline on stdout and 130
    srv.add_faults([{"kind": "slow", "delay": 60}], replace=True)
    p = subprocess.Popen([TT, "mturk", "list-assignments-for-hit", "--endpoint-url", srv.url,
                          "--hit-id", HIT5], env=base_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(0.8)
    p.send_signal(signal.SIGINT)
    try:  # the server would answer only after 60 s: exiting at all means the read was interrupted
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    check(p.returncode == 130 and out == b"\n",
          "SIGINT during a blocked read: newline on stdout, exit 130 (as the CLI)",
          (p.returncode, out, err))
    srv.add_faults([], replace=True)
    # a closed stdout: [Errno 32] Broken pipe, 255
    p = subprocess.Popen("'%s' mturk list-assignments-for-hit --endpoint-url %s --hit-id %s "
                         "--output jsonl --page-size 100 | head -c 10 >/dev/null; "
                         "echo ${PIPESTATUS[0]} >&2" % (TT, srv.url, HIT237), shell=True,
                         executable="/bin/bash", env=base_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=60)
    check(err.decode() == "\n[Errno 32] Broken pipe\n255\n", "closed stdout: broken pipe, 255",
          err)


def watch_dataset():
    path = os.path.join(TMP, "watch.json")
    lst = [{"AssignmentId": "3WATCH%024d" % i, "WorkerId": "AWORKER%d" % i,
            "HITId": "3WATCHHIT", "AssignmentStatus": "Submitted", "AcceptTime": 1700000000 + i}
           for i in range(3)]
    with open(path, "w") as f:
        json.dump({"3WATCHHIT": lst}, f)
    return path


def add_assignments(srv, hit, start, count):
    with srv.lock:
        lst = srv.dataset.hits[hit]
        for i in range(start, start + count):
            lst.append({"AssignmentId": "3WATCH%024d" % i, "WorkerId": "AWORKER%d" % i,
                        "HITId": hit, "AssignmentStatus": "Submitted",
                        "AcceptTime": ms.Raw(str(1700000000 + i))})
        srv.page_cache.clear()


def read_lines(p, want, timeout):
    """Read until `want` complete lines arrived on p.stdout (or timeout)."""
    lines, buf, end = [], b"", time.time() + timeout
    while len(lines) < want and time.time() < end:
        r, _, _ = select.select([p.stdout], [], [], 0.2)
        if r:
            d = os.read(p.stdout.fileno(), 65536)
            if not d:
                break
            buf += d
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                lines.append(line.decode())
    return lines, buf


def test_watch():
    srv = ms.start_server(dataset="file:" + watch_dataset(), tls=False)
    for fmt, sig in (("jsonl", signal.SIGINT), ("text", signal.SIGTERM)):
        srv.reset()
        n0 = len(srv.dataset.hits["3WATCHHIT"])
        p = subprocess.Popen([TT, "mturk", "list-assignments-for-hit", "--endpoint-url", srv.url,
                              "--hit-id", "3WATCHHIT", "--watch", "1", "--output", fmt,
                              "--page-size", "2"], env=base_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        lines, rest = read_lines(p, n0, 15)
        check(len(lines) == n0, "%s --watch: first poll prints all %d" % (fmt, n0), lines)
        time.sleep(1.5)  # at least one more poll with nothing new
        add_assignments(srv, "3WATCHHIT", n0, 3)
        more, rest = read_lines(p, 3, 15)
        check(len(more) == 3, "%s --watch: only the 3 new assignments appear" % fmt, more)
        time.sleep(1.2)
        p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        tail = rest + out
        check(p.returncode == 0 and tail == b"", "%s --watch: %s -> exit 0, nothing partial"
              % (fmt, signal.Signals(sig).name), (p.returncode, tail, err[-300:]))
        allids = [l for l in lines + more]
        if fmt == "jsonl":
            ids = [json.loads(l)["AssignmentId"] for l in allids]
        else:
            ids = [(re.findall(r"3WATCH\d+", l) or [l])[0] for l in allids]
        check(len(set(ids)) == len(ids) == n0 + 3, "%s --watch: every id once" % fmt, ids)
        conns = {e["conn"] for e in srv.log if e.get("target") == "/"}
        polls = len({e["index"] for e in srv.log if e.get("page") == 1})
        check(polls >= 3 and len(conns) == 1, "%s --watch: %d polls over one kept-alive "
              "connection" % (fmt, polls), (polls, conns))
    rc, out, err = lat(srv.url, "3WATCHHIT", "--watch", "1", "--output", "json")
    check(rc == 252 and "--watch" in err, "--watch with json output: 252", (rc, err))
    rc, out, err = lat(srv.url, "3WATCHHIT", "--watch", "1", "--output", "jsonl", "--max-items", "1")
    check(rc == 252, "--watch with --max-items: 252", (rc, err))
    # SIGTERM during the sleep between polls, transient errors keep it alive
    srv.add_faults([{"kind": "reset", "at_byte": 0, "times": 3, "min_nth": 2}], replace=True)
    p = subprocess.Popen([TT, "mturk", "list-assignments-for-hit", "--endpoint-url", srv.url,
                          "--hit-id", "3WATCHHIT", "--watch", "1", "--output", "jsonl"],
                         env=base_env(AWS_MAX_ATTEMPTS="1"), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    lines, rest = read_lines(p, 1, 10)
    time.sleep(4.5)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    check(p.returncode == 0 and b"Connection was closed before we received a valid response" in err,
          "--watch rides out connection failures (message, keeps polling)", (p.returncode, err))
    srv.stop()
    # the server drops idle keep-alive connections between polls: reconnect
    # quietly (no failed attempt, no message), over HTTP and HTTPS
    for tls in (False, True):
        kw = dict(cert=os.path.join(CERTS, "server.pem"), key=os.path.join(CERTS, "server.key")) \
            if tls else {}
        s = ms.start_server(dataset="demo", tls=tls, conn_idle=0.4, **kw)
        p = subprocess.Popen([TT, "mturk", "list-assignments-for-hit", "--endpoint-url", s.url,
                              "--hit-id", HIT5, "--watch", "1", "--output", "jsonl"],
                             env=base_env(AWS_MAX_ATTEMPTS="1",
                                          AWS_CA_BUNDLE=os.path.join(CERTS, "ca.pem")),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(3.5)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        polls = len(s.log)
        check(p.returncode == 0 and err == b"" and len(jsonl_ids(out.decode())) == 5 and polls >= 3
              and all(e["status"] == 200 for e in s.log),
              "--watch over %s: idle connection closed by the server -> quiet reconnect"
              % ("https" if tls else "http"), (p.returncode, err, polls))
        s.stop()


def test_memory():
    """Streaming formats keep peak RSS flat: 1 000 vs 10 000 assignments."""
    if not os.path.exists("/usr/bin/time"):
        return
    srv = ms.start_server(dataset="bench+hits=1,per_hit=1000", tls=False, plain=True)
    res = {}
    for fmt in ("jsonl", "text", "json"):
        for hit in ("3GENHIT%023d" % 1, "BENCHHIT%022d" % 1):
            p = subprocess.run(["/usr/bin/time", "-f", "%M", TT, "mturk", "list-assignments-for-hit",
                                "--endpoint-url", srv.url, "--hit-id", hit, "--page-size", "100",
                                "--output", fmt], env=base_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=120)
            res[(fmt, hit[:4])] = int(p.stderr.decode().strip().splitlines()[-1])
        small, big = res[(fmt, "3GEN")], res[(fmt, "BENC")]
        check(big - small < 2048, "%s: peak RSS flat (1k: %d KB, 10k: %d KB)" % (fmt, small, big),
              res)
    srv.stop()


def main():
    subprocess.run(["bash", os.path.join(ROOT, "tests", "gen_certs.sh"), CERTS], check=True,
                   stdout=subprocess.DEVNULL)
    if not os.path.exists(TT):
        print("missing %s (build first)" % TT)
        print("0 passed, 1 failed")
        return 1
    srv = ms.start_server(dataset="demo", tls=False)
    tls_srv = ms.start_server(dataset="demo", tls=True, cert=os.path.join(CERTS, "server.pem"),
                              key=os.path.join(CERTS, "server.key"))
    tests = [("basics", lambda: test_basics(srv)), ("golden", lambda: test_golden(srv)),
             ("config", lambda: test_config(srv)), ("endpoints", test_endpoints),
             ("errors", lambda: test_errors(srv)), ("no-sign", lambda: test_no_sign(srv)),
             ("tls", lambda: test_tls(tls_srv, CERTS)),
             ("proxy", lambda: test_proxy(srv, tls_srv, CERTS)), ("ipv6", lambda: test_ipv6(srv)),
             ("redaction", lambda: test_redaction(srv, tls_srv, CERTS)),
             ("pager", lambda: test_pager(srv)),
             ("signals", lambda: test_signals_and_pipes(srv)), ("watch", test_watch),
             ("memory", test_memory)]
    only = os.environ.get("TT_CLI_ONLY")
    for name, fn in tests:
        if only and name not in only.split(","):
            continue
        t0 = time.time()
        try:
            fn()
        except Exception as e:  # a crashing group counts as one failure
            import traceback
            traceback.print_exc()
            check(False, "test group %s raised %r" % (name, e))
        if os.environ.get("TT_CLI_VERBOSE"):
            print("# %s: %.1fs" % (name, time.time() - t0))
    srv.stop()
    tls_srv.stop()
    shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
