#!/usr/bin/python3
"""Integration test of the engine: build/tools/ttlist (posix sockets + BearSSL
+ tt_client) against the local MTurk emulator (tests/mturk_server.py, run in
this process on 127.0.0.1, port 0, HTTP and HTTPS with certificates made by
tests/gen_certs.sh in a temporary directory).

Covers: every status filter, page sizes 1..100, --max-items resume from every
position (concatenation == full listing), tokens exchanged with the real AWS
CLI (/usr/bin/aws) both ways, every fault kind of the emulator (exactly-once
delivery across resets/truncations), TLS failures with their distinct
errors, keep-alive (connections counted in the emulator log), a skewed
server clock, a client clock hours off and an unset client clock, proxy
tunnelling, arena sizing, --no-sign-request and session tokens.

Last line: "N passed, M failed".
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import mturk_server  # noqa: E402

BUILD = os.environ.get("TT_BUILD", "build")
TTLIST = os.path.join(ROOT, BUILD, "tools", "ttlist")
HIT5 = "3DEMOHIT0000000000000000000001"    # 5 assignments
HIT237 = "3DEMOHIT0000000000000000000002"  # 237
HIT100 = "3DEMOHIT0000000000000000000003"  # 100
HIT0 = "3DEMOHIT0000000000000000000004"    # 0

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)
    return cond


def ttlist(url, hit, *args, env=None, timeout=60):
    cmd = [TTLIST, "--endpoint", url, "--hit-id", hit] + [str(a) for a in args]
    e = dict(os.environ)
    for k in list(e):
        if k.lower().endswith("_proxy") or k.startswith("AWS_"):
            del e[k]
    if env:
        e.update(env)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=e)
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    if not lines or "result" not in lines[-1]:
        return {"result": "CRASH", "stderr": p.stderr[-2000:], "rc": p.returncode}, [], []
    res = lines[-1]
    res["stderr"] = p.stderr
    items = [l for l in lines[:-1] if "i" in l]
    pages = [l for l in lines[:-1] if "page" in l]
    return res, items, pages


def ids(items):
    return [a.get("AssignmentId") for a in items]


def truth(srv, hit, statuses=()):
    q = "hit=%s" % hit + "".join("&status=%s" % s for s in statuses)
    with urllib.request.urlopen("http://127.0.0.1:%d/__control/assignments?%s" % (srv.port, q)) as r:
        data = json.load(r)
    if isinstance(data, dict):
        data = data.get("Assignments", data.get("assignments", []))
    return [a["AssignmentId"] for a in data]


def conns(srv):
    return len({e["conn"] for e in srv.log})


def api_requests(srv):
    return [e for e in srv.log if e.get("target")]


def run_aws(url, hit, *args):
    home = tempfile.mkdtemp()
    env = {"PATH": "/usr/bin:/bin", "HOME": home, "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
           "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true"}
    p = subprocess.run(["/usr/bin/aws", "mturk", "list-assignments-for-hit", "--endpoint-url", url,
                        "--hit-id", hit, "--output", "json"] + list(args),
                       capture_output=True, text=True, env=env, timeout=60)
    shutil.rmtree(home, ignore_errors=True)
    if p.returncode != 0:
        return None
    return json.loads(p.stdout) if p.stdout.strip() else {}


# --------------------------------------------------------------------------
def test_filters(srv, url):
    for st in ([], ["Submitted"], ["Approved"], ["Rejected"], ["Submitted", "Approved"],
               ["Approved", "Rejected"], ["Submitted", "Approved", "Rejected"]):
        args = ["--fields", "AssignmentId,AssignmentStatus"]
        for s in st:
            args += ["--status", s]
        res, items, _ = ttlist(url, HIT237, *args)
        want = truth(srv, HIT237, st)
        check(res["result"] == "TT_OK", "filter %s: %s" % (st, res["result"]))
        check(ids(items) == want, "filter %s: ids differ (%d vs %d)" % (st, len(items), len(want)))
        check(all(a["AssignmentStatus"] in (st or ["Submitted", "Approved", "Rejected"])
                  for a in items), "filter %s: statuses" % st)
    res, items, _ = ttlist(url, HIT237, "--empty-statuses", "--fields", "AssignmentId")
    check(ids(items) == truth(srv, HIT237), "[] statuses = all")
    res, items, _ = ttlist(url, HIT0)
    check(res["result"] == "TT_OK" and items == [], "empty HIT")
    res, items, _ = ttlist(url, "3NOSUCHHIT")
    check(res["result"] == "TT_ERR_SERVICE" and res["service_code"] == "RequestError"
          and res["turk_error_code"] == "AWS.MechanicalTurk.HITDoesNotExist"
          and res["attempts"] == 1 and res["request_id"] != "", "unknown HIT: %s" % res)


def test_page_sizes(srv, url):
    want = truth(srv, HIT237)
    bad = []
    for ps in range(1, 101):
        srv.reset()
        res, items, _ = ttlist(url, HIT237, "--page-size", ps, "--fields", "AssignmentId")
        n_req = len(api_requests(srv))
        exp_req = (237 + ps - 1) // ps
        if res["result"] != "TT_OK" or ids(items) != want or n_req != exp_req or conns(srv) != 1:
            bad.append((ps, res["result"], len(items), n_req, conns(srv)))
    check(not bad, "page sizes 1..100: %s" % bad[:5])
    # the full field set round trips for a whole HIT at 100 per page
    res, items, _ = ttlist(url, HIT100, "--page-size", 100)
    check(res["result"] == "TT_OK" and len(items) == 100 and res["pages"] == 1, "HIT100 in 1 page")


def test_max_items(srv, url):
    want = truth(srv, HIT237)
    for ps, chunk in ((None, 1), (7, 1), (None, 3), (7, 5), (10, 10), (None, 11), (25, 50), (100, 99),
                      (3, 237), (None, 500)):
        got, tok, runs, ok = [], None, 0, True
        while True:
            args = ["--max-items", chunk, "--fields", "AssignmentId"]
            if ps:
                args += ["--page-size", ps]
            if tok:
                args += ["--starting-token", tok]
            res, items, _ = ttlist(url, HIT237, *args)
            runs += 1
            if res["result"] != "TT_OK" or len(items) > chunk:
                ok = False
                break
            got += ids(items)
            tok = res["token"]
            if not tok or runs > 300:
                break
        check(ok and got == want, "max-items %s page-size %s: %d items in %d runs"
              % (chunk, ps, len(got), runs))
    # the last chunk ending exactly at the end gives no token; max-items 0
    res, items, _ = ttlist(url, HIT5, "--max-items", 5)
    check(res["token"] is None and len(items) == 5, "max-items = total: no token")
    res, items, _ = ttlist(url, HIT5, "--max-items", 0)
    check(items == [] and json.loads(base64.b64decode(res["token"])) ==
          {"NextToken": None, "boto_truncate_amount": 0}, "max-items 0 token")
    # legacy verbatim token = a server token
    res, items, pages = ttlist(url, HIT237, "--page-size", 10, "--no-paginate", "--pages")
    check(res["result"] == "TT_OK" and len(items) == 10 and res["token"], "no-paginate")
    res2, items2, _ = ttlist(url, HIT237, "--starting-token", res["token"], "--max-items", 10,
                             "--page-size", 10)
    check(ids(items2) == want[10:20], "legacy (server) token as starting token")


def test_cli_tokens(srv, url):
    if not os.path.exists("/usr/bin/aws"):
        return
    want = truth(srv, HIT237)
    # ours -> CLI
    res, items, _ = ttlist(url, HIT237, "--max-items", 13, "--page-size", 5)
    out = run_aws(url, HIT237, "--starting-token", res["token"], "--max-items", "4",
                  "--page-size", "5")
    check(out is not None and [a["AssignmentId"] for a in out.get("Assignments", [])] == want[13:17],
          "CLI resumes from our token")
    # CLI -> ours, and the CLI's token equals ours for the same position
    if out is not None:
        res2, items2, _ = ttlist(url, HIT237, "--starting-token", out["NextToken"],
                                 "--max-items", 5, "--page-size", 5)
        check(ids(items2) == want[17:22], "we resume from the CLI's token")
        res3, _, _ = ttlist(url, HIT237, "--starting-token", res["token"], "--max-items", 4,
                            "--page-size", 5)
        check(res3["token"] == out["NextToken"], "same token as the CLI (%s vs %s)"
              % (res3["token"], out.get("NextToken")))


def test_faults(srv, url):
    want = truth(srv, HIT237)

    def run(rules, *args, hit=HIT237):
        srv.reset()
        srv.add_faults(rules)
        return ttlist(url, hit, "--fields", "AssignmentId", *args)

    # retryable service answers: 2 failures then success = 3 requests for page 1
    for kind, extra in (("throttle", {}), ("service_fault", {}),
                        ("status", {"status": 503, "body": "empty"}),
                        ("status", {"status": 500, "body": "html"}),
                        ("status", {"status": 502, "body": "json"}),
                        ("status", {"status": 504, "body": "empty"})):
        rule = dict(kind=kind, nth=[1, 2], times=2, **extra)
        res, items, _ = run([rule], "--page-size", 100)
        check(res["result"] == "TT_OK" and ids(items) == want and len(api_requests(srv)) == 5,
              "%s %s x2 then ok: %s, %d requests" % (kind, extra, res["result"], len(api_requests(srv))))
    # ... every time: gives up after 3 attempts with the CLI's details
    res, _, _ = run([dict(kind="throttle", times=-1)], "--page-size", 100)
    check(res["result"] == "TT_ERR_SERVICE" and res["attempts"] == 3
          and res["service_code"] == "ThrottlingException" and res["message"] == "Rate exceeded"
          and len(api_requests(srv)) == 3, "throttle always: %s" % res)
    res, _, _ = run([dict(kind="status", status=500, body="html", times=-1)], "--max-attempts", 2)
    check(res["result"] == "TT_ERR_HTTP_STATUS" and res["service_code"] == "500"
          and res["message"] == "Internal Server Error" and res["attempts"] == 2, "500 html: %s" % res)
    res, _, _ = run([dict(kind="service_fault", times=-1)], "--max-attempts", 5)
    check(res["attempts"] == 5 and res["service_code"] == "ServiceFault"
          and len(api_requests(srv)) == 5, "max-attempts 5")
    # not retried
    res, _, _ = run([dict(kind="request_error", message="nope", turk_code="AWS.Foo")])
    check(res["result"] == "TT_ERR_SERVICE" and res["service_code"] == "RequestError"
          and res["message"] == "nope" and res["turk_error_code"] == "AWS.Foo"
          and len(api_requests(srv)) == 1, "request_error: %s" % res)
    for v in mturk_server.MALFORMED_VARIANTS:
        res, items, _ = run([dict(kind="malformed", variant=v, nth=2)], "--page-size", 10)
        n = len(api_requests(srv))
        if v in ("duplicate_keys",):  # valid JSON
            check(n >= 2, "malformed %s: %s" % (v, res["result"]))
            continue
        if v == "huge_number":  # 1e999 in a member the field mask skips: fine
            check(res["result"] == "TT_OK", "huge_number masked: %s" % res["result"])
            srv.reset()
            srv.add_faults([dict(kind="malformed", variant=v, nth=1)])
            res, items, _ = ttlist(url, HIT237)
            check(res["result"] == "TT_ERR_JSON_BAD_NUMBER" and len(api_requests(srv)) == 1,
                  "huge_number decoded: %s" % res["result"])
            continue
        check(res["result"].startswith("TT_ERR_JSON") and n == 2 and ids(items) == want[:len(items)],
              "malformed %s: %s after %d requests" % (v, res["result"], n))
    res, items, _ = run([dict(kind="empty_body200", nth=1)], "--page-size", 10)
    check(res["result"] == "TT_ERR_JSON_TRUNCATED" and len(api_requests(srv)) == 1,
          "empty_body200: %s" % res["result"])
    res, items, _ = run([dict(kind="headers", times=-1,
                              headers=[["X-Junk", "1"], ["Cache-Control", "no-cache"]])],
                        "--page-size", 100)
    check(res["result"] == "TT_OK" and ids(items) == want, "extra headers: %s" % res["result"])
    res, items, _ = run([dict(kind="repeat_token", nth=3)], "--page-size", 10)
    check(res["result"] == "TT_ERR_REPEATED_TOKEN" and len(api_requests(srv)) == 3
          and ids(items) == want[:30], "repeat_token: %s" % res["result"])
    # transport faults in the middle of pages: exactly once, nothing lost
    for at in (0, 1, 50, 300, 700, 1500, 2500, 4000, 6000):
        for kind in ("reset", "truncate"):
            res, items, _ = run([dict(kind=kind, at_byte=at, nth=2)], "--page-size", 10)
            check(res["result"] == "TT_OK" and ids(items) == want,
                  "%s at byte %d: %s, %d items" % (kind, at, res["result"], len(items)))
            check(conns(srv) == 2, "%s at %d: new connection (%d)" % (kind, at, conns(srv)))
    res, items, _ = run([dict(kind="reset", at_byte=900, times=-1)], "--page-size", 10)
    check(res["result"] == "TT_ERR_CONN_RESET" and res["attempts"] == 3
          and ids(items) == want[:len(items)], "reset always: %s" % res["result"])
    # a device that gives up resumes later from the error token: nothing lost/doubled
    got, tok, runs = [], None, 0
    while runs < 40:
        srv.reset()
        srv.add_faults([dict(kind="reset", at_byte=2500, min_nth=2, times=-1)])
        args = ["--page-size", 10, "--max-attempts", 1]
        if tok:
            args += ["--starting-token", tok]
        res, items, _ = ttlist(url, HIT237, "--fields", "AssignmentId", *args)
        runs += 1
        got += ids(items)
        if res["result"] == "TT_OK":
            break
        tok = res["error_token"]
        if not tok:
            break
    check(got == want, "resume from error tokens: %d items in %d runs" % (len(got), runs))
    # slow server vs read timeout
    res, items, _ = run([dict(kind="slow", delay=1.5, nth=1)], "--read-timeout", 500,
                        "--page-size", 100)
    check(res["result"] == "TT_OK" and ids(items) == want and len(api_requests(srv)) == 4,
          "slow once: %s" % res["result"])
    res, items, _ = run([dict(kind="slow", piece=200, piece_delay=0.01, nth=1)], "--page-size", 20)
    check(res["result"] == "TT_OK" and ids(items) == want, "trickled body")
    res, _, _ = run([dict(kind="slow", delay=1.0, times=-1)], "--read-timeout", 300,
                    "--max-attempts", 2, hit=HIT5)
    check(res["result"] == "TT_ERR_READ_TIMEOUT" and res["attempts"] == 2, "read timeout: %s" % res)
    # chunked responses (with extensions and trailers)
    res, items, _ = run([dict(kind="chunked", times=-1, chunk_sizes=[1, 7, 100])], "--page-size", 50)
    check(res["result"] == "TT_OK" and ids(items) == want and conns(srv) == 1, "chunked")
    # Connection: close (announced, and silent idle drop)
    res, items, _ = run([dict(kind="close", nth=[2, 4], times=2)], "--page-size", 50)
    check(res["result"] == "TT_OK" and ids(items) == want and conns(srv) == 3,
          "Connection: close -> reconnect (%d conns)" % conns(srv))
    res, items, _ = run([dict(kind="close", announce=False, nth=2)], "--page-size", 50)
    check(res["result"] == "TT_OK" and ids(items) == want, "silent close: %s" % res["result"])
    # connection refused
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead = s.getsockname()[1]
    s.close()
    res, _, _ = ttlist("http://127.0.0.1:%d" % dead, HIT5)
    check(res["result"] == "TT_ERR_CONNECT" and res["attempts"] == 3, "refused: %s" % res["result"])


def test_keepalive(srv, url):
    srv.reset()
    res, items, _ = ttlist(url, HIT237, "--page-size", 10, "--quiet")
    check(res["result"] == "TT_OK" and len(api_requests(srv)) == 24 and conns(srv) == 1,
          "24 pages on 1 connection (%d)" % conns(srv))
    srv.reset()
    res, _, _ = ttlist(url, HIT237, "--page-size", 100, "--quiet", "--repeat", 3)
    check(res["result"] == "TT_OK" and res["items"] == 711 and conns(srv) == 1,
          "3 listings on 1 connection")


def test_clock(srv, url, name, *extra):
    want = truth_from(srv)
    srv.reset()
    srv.configure(clock_skew=3 * 3600)
    res, items, _ = ttlist(url, HIT237, "--page-size", 50, "--fields", "AssignmentId", *extra)
    check(res["result"] == "TT_OK" and ids(items) == want and len(api_requests(srv)) == 6
          and abs(res["clock_offset_ms"] - 3 * 3600 * 1000) < 5000,
          "%s: server clock 3 h ahead: %s %d requests" % (name, res["result"], len(api_requests(srv))))
    srv.reset()
    # (over TLS a slow clock would reject the fresh test certificate: fast one)
    res, items, _ = ttlist(url, HIT237, "--page-size", 50, "--fields", "AssignmentId",
                           "--clock-offset", (5 if extra else -5) * 3600, *extra)
    check(res["result"] == "TT_OK" and ids(items) == want and len(api_requests(srv)) == 6,
          "%s: client clock 5 h off: %s" % (name, res["result"]))
    srv.reset()
    res, items, _ = ttlist(url, HIT237, "--page-size", 50, "--fields", "AssignmentId",
                           "--clock-unset", *extra)
    check(res["result"] == "TT_OK" and ids(items) == want and res["clock_monotonic"] == 1
          and len(api_requests(srv)) == 6, "%s: client clock unset: %s" % (name, res["result"]))
    srv.reset()
    srv.add_faults([dict(kind="skew", seconds=7200, nth=3)])
    res, items, _ = ttlist(url, HIT237, "--page-size", 50, "--fields", "AssignmentId", *extra)
    # request 3 rejected (server +2 h) -> re-signed +2 h -> rejected by the
    # normal clock -> corrected back (a counted retry) -> ok
    check(res["result"] == "TT_OK" and ids(items) == want and len(api_requests(srv)) == 7,
          "%s: one skewed answer mid-listing: %s" % (name, res["result"]))
    srv.reset()


def test_tls(tls_srv, tls_url, certs):
    ca = os.path.join(certs, "ca.pem")
    res, items, _ = ttlist(tls_url, HIT237, "--ca-file", ca, "--page-size", 100, "--pages")
    check(res["result"] == "TT_OK" and len(items) == 237 and res["connections"] == 1, "https ok")
    res, _, _ = ttlist(tls_url, HIT5, "--ca-file", os.path.join(certs, "untrusted-ca.pem"),
                       "--max-attempts", 1)
    check(res["result"] == "TT_ERR_TLS_UNTRUSTED", "untrusted CA: %s" % res["result"])
    res, _, _ = ttlist(tls_url, HIT5, "--ca-file", ca, "--server-name", "other.invalid",
                       "--max-attempts", 1)
    check(res["result"] == "TT_ERR_TLS_BAD_HOST", "server name mismatch: %s" % res["result"])
    res, _, _ = ttlist(tls_url, HIT5, "--no-verify")
    check(res["result"] == "TT_OK", "--no-verify")
    # servers with bad certificates
    for pem, want in (("wronghost", "TT_ERR_TLS_BAD_HOST"), ("expired", "TT_ERR_TLS_EXPIRED"),
                      ("untrusted-server", "TT_ERR_TLS_UNTRUSTED")):
        s = mturk_server.start_server(tls=True, cert=os.path.join(certs, pem + ".pem"),
                                      key=os.path.join(certs, pem + ".key"))
        try:
            res, _, _ = ttlist(s.url, HIT5, "--ca-file", ca)
            check(res["result"] == want and res["attempts"] == 3 and len(s.log) == 0,
                  "%s: %s after %s attempts" % (pem, res["result"], res.get("attempts")))
        finally:
            s.stop()
    # faults over TLS: exactly once across a reset, keep-alive across pages
    want = truth_from(tls_srv)
    tls_srv.reset()
    tls_srv.add_faults([dict(kind="reset", at_byte=2000, nth=2)])
    res, items, _ = ttlist(tls_url, HIT237, "--ca-file", ca, "--page-size", 20, "--fields", "AssignmentId")
    check(res["result"] == "TT_OK" and ids(items) == want and conns(tls_srv) == 2,
          "https reset mid-page: %s, %d conns" % (res["result"], conns(tls_srv)))
    tls_srv.reset()
    tls_srv.add_faults([dict(kind="truncate", at_byte=3000, nth=3)])
    res, items, _ = ttlist(tls_url, HIT237, "--ca-file", ca, "--page-size", 20, "--fields", "AssignmentId")
    check(res["result"] == "TT_OK" and ids(items) == want, "https truncate mid-page: %s" % res["result"])


def truth_from(srv):
    return [a["AssignmentId"] for a in srv.dataset.assignments(HIT237)]


class Proxy(threading.Thread):
    """Minimal CONNECT proxy counting tunnels."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connects = []
        self.start()

    def run(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(c,), daemon=True).start()

    def handle(self, c):
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = c.recv(4096)
            if not d:
                c.close()
                return
            buf += d
        line = buf.split(b"\r\n")[0].decode()
        self.connects.append(line)
        host, port = line.split()[1].rsplit(":", 1)
        u = socket.create_connection((host.strip("[]"), int(port)))
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        rest = buf.split(b"\r\n\r\n", 1)[1]
        if rest:
            u.sendall(rest)

        def pump(a, b):
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
        threading.Thread(target=pump, args=(u, c), daemon=True).start()
        pump(c, u)


def test_proxy(srv, url, tls_url, certs):
    px = Proxy()
    res, items, _ = ttlist(url, HIT237, "--page-size", 100, "--proxy", "http://127.0.0.1:%d" % px.port)
    check(res["result"] == "TT_OK" and len(items) == 237 and len(px.connects) == 1,
          "http via proxy: %s %s" % (res["result"], px.connects))
    res, items, _ = ttlist(tls_url, HIT237, "--page-size", 100, "--ca-file",
                           os.path.join(certs, "ca.pem"),
                           env={"HTTPS_PROXY": "http://127.0.0.1:%d" % px.port})
    check(res["result"] == "TT_OK" and len(items) == 237 and len(px.connects) == 2,
          "https via HTTPS_PROXY")
    res, items, _ = ttlist(tls_url, HIT5, "--ca-file", os.path.join(certs, "ca.pem"),
                           env={"HTTPS_PROXY": "http://127.0.0.1:%d" % px.port,
                                "NO_PROXY": "127.0.0.1"})
    check(res["result"] == "TT_OK" and len(px.connects) == 2, "NO_PROXY bypass")


def test_arena_and_auth(srv, url):
    # too small: the needed size is reported; growing to it converges
    arena, tries, res = 1500, 0, None
    while tries < 200:
        res, items, _ = ttlist(url, HIT237, "--arena", arena, "--page-size", 100, "--quiet")
        tries += 1
        if res["result"] != "TT_ERR_ARENA_FULL":
            break
        check(res["arena_needed"] > arena, "arena_needed grows (%d > %d)" % (res["arena_needed"], arena))
        arena = res["arena_needed"]
    check(res["result"] == "TT_OK" and res["arena_high_water"] <= arena,
          "arena converges: %s at %d after %d runs" % (res["result"], arena, tries))
    # no signature
    srv.reset()
    res, _, _ = ttlist(url, HIT5, "--no-sign-request", "--max-attempts", 1)
    check(res["result"] == "TT_ERR_SERVICE" and res["service_code"] == "MissingAuthenticationTokenException",
          "unsigned refused: %s" % res["service_code"])
    hdrs = [h[0].lower() for h in srv.log[-1]["headers"]]
    check("authorization" not in hdrs and "x-amz-date" not in hdrs, "no-sign-request headers")
    srv.configure(allow_anonymous=True)
    res, items, _ = ttlist(url, HIT5, "--no-sign-request")
    check(res["result"] == "TT_OK" and len(items) == 5, "anonymous allowed")
    srv.reset()
    # wrong secret: InvalidSignatureException, not taken for skew, not retried
    res, _, _ = ttlist(url, HIT5, "--secret-key", "wrong")
    check(res["result"] == "TT_ERR_SERVICE" and res["service_code"] == "InvalidSignatureException"
          and len(api_requests(srv)) == 1, "wrong secret: %s" % res["service_code"])
    # debug never shows the secret
    res, _, _ = ttlist(url, HIT5, "--debug")
    check("wJalrXUtnFEMI" not in res["stderr"] and "canonical-request:" in res["stderr"],
          "debug output without secret")


def test_session_token(certs):
    s = mturk_server.start_server(credentials={"ASIATEMP": ("tempsecret", "TOKEN/abc+=")})
    try:
        res, items, _ = ttlist(s.url, HIT5, "--access-key", "ASIATEMP", "--secret-key", "tempsecret",
                               "--session-token", "TOKEN/abc+=", "--debug")
        check(res["result"] == "TT_OK" and len(items) == 5, "session token: %s" % res["result"])
        check("TOKEN/abc+=" not in res["stderr"] and "<redacted>" in res["stderr"],
              "session token redacted in debug")
        hdrs = [h[0] for h in s.log[-1]["headers"]]
        check(hdrs[:9] == ["Host", "Accept-Encoding", "X-Amz-Target", "Content-Type", "User-Agent",
                           "X-Amz-Date", "X-Amz-Security-Token", "Authorization", "Content-Length"],
              "header order with token: %s" % hdrs)
        check(s.log[-1]["sig"] == "ok", "signature verified by botocore")
    finally:
        s.stop()


def main():
    if not os.path.exists(TTLIST):
        print("missing", TTLIST)
        print("0 passed, 1 failed")
        return 1
    certs = tempfile.mkdtemp(prefix="tt-engine-certs-")
    subprocess.run(["bash", os.path.join(ROOT, "tests", "gen_certs.sh"), certs], check=True)
    srv = mturk_server.start_server()
    tls_srv = mturk_server.start_server(tls=True, cert=os.path.join(certs, "server.pem"),
                                        key=os.path.join(certs, "server.key"))
    url, tls_url = srv.url, tls_srv.url
    t0 = time.time()
    try:
        for name, fn in (("filters", lambda: test_filters(srv, url)),
                         ("page sizes", lambda: test_page_sizes(srv, url)),
                         ("max items", lambda: test_max_items(srv, url)),
                         ("cli tokens", lambda: test_cli_tokens(srv, url)),
                         ("faults", lambda: test_faults(srv, url)),
                         ("keep-alive", lambda: test_keepalive(srv, url)),
                         ("clock http", lambda: test_clock(srv, url, "http")),
                         ("clock https", lambda: test_clock(tls_srv, tls_url, "https", "--ca-file",
                                                            os.path.join(certs, "ca.pem"))),
                         ("tls", lambda: test_tls(tls_srv, tls_url, certs)),
                         ("proxy", lambda: test_proxy(srv, url, tls_url, certs)),
                         ("arena/auth", lambda: test_arena_and_auth(srv, url)),
                         ("session token", lambda: test_session_token(certs))):
            t = time.time()
            try:
                fn()
            except Exception as e:  # a crash in one group fails it, the rest still runs
                import traceback
                traceback.print_exc()
                check(False, "%s raised %r" % (name, e))
            print("# %-14s %5.1fs" % (name, time.time() - t))
    finally:
        srv.stop()
        tls_srv.stop()
        shutil.rmtree(certs, ignore_errors=True)
    print("# total %.1fs" % (time.time() - t0))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
