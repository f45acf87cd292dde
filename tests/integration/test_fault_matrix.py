#!/usr/bin/python3
"""Fault matrix: the engine and the CLI against the local MTurk emulator
(tests/mturk_server.py, in this process) misbehaving in every way the
hardening issue lists, with the outcome asserted for each case:

  either the full reference listing, delivered EXACTLY ONCE and in order
  (the engine's callback sequence - a hash of every field of every
  assignment, and its in-page index - equals the fault-free run's; the CLI's
  stdout equals the fault-free stdout, exit 0),
  or a documented error (tt_err code, CLI exit code and stderr message) with
  what was delivered a strict prefix of the reference (no duplicate, no
  gap) - and the engine's error token resumes the listing so that prefix +
  rest == the reference.

Reference listing: a 5-assignment HIT at page size 2 (3 pages), in the
emulator's odd wire forms (escapes, key order, unknown keys, whitespace).

Categories (the matrix size per category is printed):
  cut      the connection cut after EVERY byte offset of every response
           (status line, headers, body, past the end), clean close and RST,
           Content-Length and chunked framing (engine: all of them; the CLI:
           a sample, all of them with TT_FAULTS_FULL=1)
  faults   reset/truncate always, stalls past the read timeout (before the
           response, after the headers, mid-body), Content-Length short,
           long, 4 GB, overflowing, malformed, duplicated, invalid chunk
           sizes, HTML error pages (500/503/403/200), a 200 with truncated
           JSON, throttling storms that clear and that do not, a repeated
           NextToken, the server's clock hours off, DNS failure, connect
           refused, mixed faults on every page
The engine runs in one build/tools/ttfault process (back-off sleeps are
counted, not slept), and the fault cases plus every 5th cut offset again
in its ASan+UBSan build ($TT_BUILD/asan, built here with SAN=1 if needed); the CLI runs with its real back-off, in parallel
against several emulator instances.

  cut+resume  the same sweep over page 2 when the listing starts from a
           mid-page starting token and when --max-items stops inside page 2
           (the resume token must be the fault-free one)
Env: TT_FAULTS_FULL=1 runs the CLI over every cut offset too, and RST at
every offset in cut+resume (minutes).
Last line: "N passed, M failed".
"""
import concurrent.futures
import os
import re
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import mturk_server as ms  # noqa: E402
import faultlib as fl  # noqa: E402

FULL = os.environ.get("TT_FAULTS_FULL") == "1"
BUILD = fl.BUILD
CLI = os.path.join(ROOT, BUILD, "tinyturk")
H = fl.FAULT_HIT
check = fl.Check()
matrix = {}


# The full sweeps skip the emulator's signature check (botocore), which
# halves their time; every other category - the fault cases, the ASan pass
# over every 5th offset, the CLI - has the signatures of its retried and
# re-signed requests verified.
NOSIG = dict(verify_signature=False)


def count(cat, n=1):
    matrix[cat] = matrix.get(cat, 0) + n


def is_prefix(items, ref):
    return items == ref[:len(items)] and len(items) <= len(ref)


# --------------------------------------------------------------------------
# engine


class Engine:
    def __init__(self, srv):
        self.srv = srv
        self.d = fl.Driver(srv.url)
        self.ref = self.run([], chunked=False)
        self.ref_chunked = self.run([], chunked=True)

    def run(self, rules, chunked=False, config=None, **kw):
        self.srv.reset()
        if chunked:
            self.srv.configure(chunked=True)
        if config:
            self.srv.configure(**config)
        self.srv.add_faults(rules)
        args = dict(hit=H, page_size=2, rto=300)
        args.update(kw)
        return self.d.run(**args)

    def sizes(self, chunked):
        """Largest response size per page (chunk layout varies per request)."""
        self.srv.reset()
        if chunked:
            self.srv.configure(chunked=True)
        out = {}
        for _ in range(3):
            self.d.run(hit=H, page_size=2)
        for e in self.srv.log:
            out[e["page"]] = max(out.get(e["page"], 0), e["response_bytes"])
        return out

    def resume(self, etoken):
        self.srv.reset()
        return self.d.run(hit=H, page_size=2, start=etoken)


def same_listing(r, ref):
    return r["rc"] == "TT_OK" and r["seq"] == ref["seq"] and r["items"] == ref["items"] \
        and r["idx"] == ref["idx"] and r["n"] == ref["n"]


def engine_cut_sweep(eng, ds, workers=3):
    """Every offset; shared out over `workers` (emulator, ttfault) pairs,
    since a case mostly waits on sockets."""
    jobs = []
    sizes = {False: eng.sizes(False), True: eng.sizes(True)}
    for chunked in (False, True):
        for page in (1, 2, 3):
            for kind in ("truncate", "reset"):
                for k in range(0, sizes[chunked][page] + 2):
                    jobs.append((chunked, page, kind, k))
    engines = [eng] + [Engine(ms.start_server(dataset="file:" + ds)) for _ in range(workers - 1)]
    bad = []

    def shard(w):
        e = engines[w]
        out = []
        for chunked, page, kind, k in jobs[w::workers]:
            # Cuts close the connection: no case waits for the read timeout,
            # so a long one costs nothing and keeps a loaded machine's slow
            # read from turning into an extra request (3-4 expected).
            r = e.run([dict(kind=kind, at_byte=k, page=page)], chunked=chunked, config=NOSIG,
                      rto=3000)
            ref = eng.ref_chunked if chunked else eng.ref
            if not (same_listing(r, ref) and r["requests"] in (3, 4) and r["used_after"] == 0):
                out.append((chunked, page, kind, k, r["rc"], r["n"], r["requests"]))
        return out
    try:
        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            for out in ex.map(shard, range(workers)):
                bad += out
    finally:
        for e in engines[1:]:
            rc, err = e.d.close()
            check(rc == 0, "ttfault exited cleanly (%s)" % rc, err)
            e.srv.stop()
    n = len(jobs)
    count("cut (engine)", n)
    check(not bad, "cut sweep: every offset, clean close and RST, CL and chunked: %d of %d bad"
          % (len(bad), n), bad[:10])
    print("# cut sweep: %d engine cases" % n)


def engine_cut_resume_sweep(eng, ds, workers=3):
    """Every offset of page 2's response again (RST at every 3rd offset
    unless TT_FAULTS_FULL=1), (a) resuming from a CLI
    token in the middle of page 2 (skip 1: the retry must skip the skipped
    one and those delivered) and (b) with --max-items 3 (the listing stops
    inside page 2: the resume token must be the fault-free one)."""
    import base64
    import json as _json
    full = eng.ref
    eng.srv.reset()
    eng.d.run(hit=H, page_size=2, max_items=2)
    tok2 = eng.srv.log[0]["next_token"]
    start = base64.b64encode(_json.dumps({"NextToken": tok2, "boto_truncate_amount": 1})
                             .encode()).decode()
    ref_start = eng.run([], start=start)
    ref_max = eng.run([], max_items=3)
    check(ref_start["rc"] == "TT_OK" and ref_start["items"] == full["items"][3:],
          "resume reference (page 2, skip 1)", ref_start)
    check(ref_max["rc"] == "TT_OK" and ref_max["items"] == full["items"][:3] and ref_max["token"],
          "max-items 3 reference", ref_max)
    sizes = eng.sizes(False)
    jobs = []
    for kind in ("truncate", "reset"):
        for k in range(0, sizes[2] + 2):
            if kind == "reset" and k % 3 and not FULL:
                continue        # make test: every offset cut, every 3rd reset
            jobs.append(("start", kind, k))
            jobs.append(("max3", kind, k))
    engines = [eng] + [Engine(ms.start_server(dataset="file:" + ds)) for _ in range(workers - 1)]
    bad = []

    def shard(w):
        e = engines[w]
        out = []
        for mode, kind, k in jobs[w::workers]:
            rule = [dict(kind=kind, at_byte=k, page=2)]
            if mode == "start":
                r = e.run(rule, start=start, config=NOSIG)
                ok = same_listing(r, ref_start)
            else:
                r = e.run(rule, max_items=3, config=NOSIG)
                ok = same_listing(r, ref_max) and r["token"] == ref_max["token"]
            if not (ok and r["used_after"] == 0):
                out.append((mode, kind, k, r["rc"], r["n"], r.get("token")))
        return out
    try:
        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            for out in ex.map(shard, range(workers)):
                bad += out
    finally:
        for e in engines[1:]:
            rc, err = e.d.close()
            check(rc == 0, "ttfault exited cleanly (%s)" % rc, err)
            e.srv.stop()
    count("cut+resume (engine)", len(jobs))
    check(not bad, "cut sweep with a starting token / with max-items: %d of %d bad"
          % (len(bad), len(jobs)), bad[:10])


# Cases: (name, rules, kwargs for the run, expectation)
# expectation: "ok" or dict(rc=..., attempts=..., svc=..., cli=(exit, regex))
def fault_cases(dead_port):
    C = []
    pg = dict(page=2)
    ALL = dict(times=-1)

    def add(name, rules, exp, chunked=False, **kw):
        C.append(dict(name=name, rules=rules, exp=exp, chunked=chunked, kw=kw))

    closed = (255, r'^\nConnection was closed before we received a valid response from endpoint '
                   r'URL: "http://127\.0\.0\.1:\d+/"\.\n$')
    rtimeout = (255, r'^\nRead timeout on endpoint URL: "http://127\.0\.0\.1:\d+/"\n$')
    invalid = (255, r'^\nInvalid response from endpoint URL "http://127\.0\.0\.1:\d+/": HTTP 200 '
                    r'with a body that is not a valid ListAssignmentsForHIT JSON page \(.+\)\n$')

    def svc(code, msg, retries=None):
        r = " \\(reached max retries: %d\\)" % retries if retries is not None else ""
        return (254, r"^\nAn error occurred \(%s\) when calling the ListAssignmentsForHIT "
                     r"operation%s: %s\n$" % (code, r, re.escape(msg)))

    def other(name):
        return (255, r"^\n.+ \(%s\)\n$" % name)

    # connection cut, every time
    add("reset at 0, always", [dict(kind="reset", at_byte=0, **pg, **ALL)],
        dict(rc=("TT_ERR_CONN_RESET", "TT_ERR_HTTP_NO_RESPONSE"), attempts=3, cli=closed))
    add("reset mid-body, always", [dict(kind="reset", at_byte=400, **pg, **ALL)],
        dict(rc=("TT_ERR_CONN_RESET", "TT_ERR_HTTP_TRUNCATED"), attempts=3, cli=closed))
    add("truncate mid-headers, always", [dict(kind="truncate", at_byte=60, **pg, **ALL)],
        dict(rc="TT_ERR_HTTP_TRUNCATED", attempts=3, cli=closed))
    add("truncate mid-body, always", [dict(kind="truncate", at_byte=500, **pg, **ALL)],
        dict(rc="TT_ERR_HTTP_TRUNCATED", attempts=3, cli=closed))
    add("reset twice then ok", [dict(kind="reset", at_byte=300, times=2, **pg)], "ok")
    add("silent keep-alive drop after page 1", [dict(kind="close", announce=False, page=1)], "ok")
    add("every response trickled 1 byte per send", [dict(kind="slow", piece=1, times=-1)], "ok")
    add("every response in 1-byte chunks", [dict(kind="chunked", chunk_sizes=[1], times=-1)],
        "ok", chunked=True)
    add("1-byte chunks trickled 1 byte per send",
        [dict(kind="chunked", chunk_sizes=[1], extensions=False, times=-1),
         dict(kind="slow", piece=1, times=-1)], "ok", chunked=True)
    add("Connection: close on every response", [dict(kind="close", times=-1)], "ok")
    # stalls past the read timeout (engine 300 ms; the CLI's minimum is 1 s)
    add("stall before response, once", [dict(kind="slow", delay=1.5, **pg)], "ok")
    add("stall after headers, once", [dict(kind="slow", after_headers=1.5, **pg)], "ok")
    add("stall mid-body, once", [dict(kind="slow", piece=300, piece_delay=1.5, **pg)], "ok")
    add("stall before response, always", [dict(kind="slow", delay=1.5, **pg, **ALL)],
        dict(rc="TT_ERR_READ_TIMEOUT", attempts=3, cli=rtimeout))
    add("stall mid-body, always", [dict(kind="slow", piece=300, piece_delay=1.5, **pg, **ALL)],
        dict(rc="TT_ERR_READ_TIMEOUT", attempts=3, cli=rtimeout))
    # wrong Content-Length
    for dl in (-1, -40):
        add("Content-Length short by %d" % -dl, [dict(kind="content_length", delta=dl, **pg)],
            dict(rc="TT_ERR_JSON_TRUNCATED", attempts=1, cli=invalid))
    add("Content-Length 0 on a 200", [dict(kind="content_length", value="0", **pg)],
        dict(rc="TT_ERR_JSON_TRUNCATED", attempts=1, cli=invalid))
    for dl in (1, 1000):
        add("Content-Length long by %d, once (keep-alive: timeout)" % dl,
            [dict(kind="content_length", delta=dl, **pg)], "ok")
        add("Content-Length long by %d, always" % dl,
            [dict(kind="content_length", delta=dl, **pg, **ALL)],
            dict(rc="TT_ERR_READ_TIMEOUT", attempts=3, cli=rtimeout))
    add("Content-Length long + close, once",
        [dict(kind="content_length", delta=7, **pg), dict(kind="close", **pg)], "ok")
    add("Content-Length 4 GB + close, once",
        [dict(kind="content_length", value="4294967296", **pg), dict(kind="close", **pg)], "ok")
    add("Content-Length 4 GB + close, always",
        [dict(kind="content_length", value="4294967296", **pg, **ALL),
         dict(kind="close", **pg, **ALL)],
        dict(rc="TT_ERR_HTTP_TRUNCATED", attempts=3, cli=closed))
    for v in ("18446744073709551616", "99999999999999999999999", "abc", "-1", "", "1 2", "0x10"):
        add("Content-Length %r, once" % v, [dict(kind="content_length", value=v, **pg)], "ok")
        add("Content-Length %r, always" % v,
            [dict(kind="content_length", value=v, **pg, **ALL)],
            dict(rc="TT_ERR_HTTP_BAD_LENGTH", attempts=3, cli=other("TT_ERR_HTTP_BAD_LENGTH")))
    add("two different Content-Lengths, always",
        [dict(kind="headers", headers=[["Content-Length", "5"]], **pg, **ALL)],
        dict(rc="TT_ERR_HTTP_LENGTH_CONFLICT", attempts=3,
             cli=other("TT_ERR_HTTP_LENGTH_CONFLICT")))
    add("Content-Length + Transfer-Encoding, always",
        [dict(kind="headers", headers=[["Transfer-Encoding", "chunked"]], **pg, **ALL)],
        dict(rc="TT_ERR_HTTP_LENGTH_CONFLICT", attempts=3,
             cli=other("TT_ERR_HTTP_LENGTH_CONFLICT")))
    # invalid chunk sizes (chunks of 64 bytes; the second one's size line is bad)
    for v, code in (("zz", "TT_ERR_HTTP_BAD_CHUNK"), ("-1", "TT_ERR_HTTP_BAD_CHUNK"),
                    ("", "TT_ERR_HTTP_BAD_CHUNK"), ("4x", "TT_ERR_HTTP_BAD_CHUNK"),
                    ("0x40", "TT_ERR_HTTP_BAD_CHUNK"), (" 40", "TT_ERR_HTTP_BAD_CHUNK"),
                    ("fffffffffffffffffffff", "TT_ERR_HTTP_CHUNK_TOO_LARGE"),
                    ("3f", "TT_ERR_HTTP_CHUNK_CRLF"), ("41", "TT_ERR_HTTP_CHUNK_CRLF")):
        rule = dict(kind="chunked", chunk_sizes=[64], bad_size=v, bad_at=1, **pg)
        add("chunk size %r, once" % v, [rule], "ok", chunked=True)
        add("chunk size %r, always" % v, [dict(rule, times=-1)],
            dict(rc=code, attempts=3, cli=other(code)), chunked=True)
    rule = dict(kind="chunked", chunk_sizes=[64], bad_size="0", bad_at=1, **pg)
    add("chunk size 0 too early, once", [rule], "ok", chunked=True)
    add("chunk size 0 too early, always", [dict(rule, times=-1)],
        dict(rc="TT_ERR_HTTP_BAD_HEADER", attempts=3, cli=other("TT_ERR_HTTP_BAD_HEADER")),
        chunked=True)
    # HTML error pages, non-JSON 200s
    add("500 HTML, once", [dict(kind="status", status=500, body="html", **pg)], "ok")
    add("502 HTML twice on every page", [dict(kind="status", status=502, body="html",
                                              times=6, nth=[1, 2, 4, 5, 7, 8])], "ok")
    add("503 HTML, always", [dict(kind="status", status=503, body="html", **pg, **ALL)],
        dict(rc="TT_ERR_HTTP_STATUS", attempts=3, svc="503",
             cli=svc("503", "Service Unavailable", 2)))
    # the message, as botocore makes it: a JSON body's message ("" without
    # one), the reason phrase for a 5xx with an empty or HTML body, else the
    # body itself (tinyturk keeps its first 255 bytes)
    portal = ("<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>"
              "403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n")
    add("403 HTML (captive portal)", [dict(kind="status", status=403, body="html", **pg)],
        dict(rc="TT_ERR_HTTP_STATUS", attempts=1, svc="403", msg=portal,
             cli=(254, r"^\nAn error occurred \(403\) when calling the ListAssignmentsForHIT "
                       r"operation: " + re.escape(portal) + r"\n$")))
    for st, body, msg in ((400, "empty", ""), (431, "empty", ""), (500, "oops, not JSON", None),
                          (502, "  <html><body>bad</body></html>", "Bad Gateway"),
                          (404, "{}", ""), (503, "{}", "")):
        m = body if msg is None else msg
        add("%d with body %r: message %r" % (st, body[:20], m[:20]),
            [dict(kind="status", status=st, body=body, **pg, **ALL)],
            dict(rc="TT_ERR_SERVICE" if body == "{}" else "TT_ERR_HTTP_STATUS",
                 attempts=3 if st >= 500 else 1, svc=str(st), msg=m,
                 cli=svc(str(st), m, 2 if st >= 500 else None)))
    add("200 HTML page", [dict(kind="malformed", variant="not_json", **pg)],
        dict(rc="TT_ERR_JSON_SYNTAX", attempts=1, cli=invalid))
    add("200 truncated JSON", [dict(kind="malformed", variant="truncated", **pg)],
        dict(rc="TT_ERR_JSON_TRUNCATED", attempts=1, cli=invalid))
    add("200 truncated JSON on page 3", [dict(kind="malformed", variant="truncated", page=3)],
        dict(rc="TT_ERR_JSON_TRUNCATED", attempts=1, cli=invalid))
    # throttling
    add("throttling storm that clears (2 on page 2)", [dict(kind="throttle", times=2, **pg)], "ok")
    add("throttling storm that clears (every page once)",
        [dict(kind="throttle", times=3, nth=[1, 3, 5])], "ok")
    add("throttling storm that does not clear",
        [dict(kind="throttle", **pg, **ALL)],
        dict(rc="TT_ERR_SERVICE", attempts=3, svc="ThrottlingException",
             cli=svc("ThrottlingException", "Rate exceeded", 2)))
    add("500 ServiceFault storm that does not clear",
        [dict(kind="service_fault", **ALL)],
        dict(rc="TT_ERR_SERVICE", attempts=3, svc="ServiceFault",
             cli=svc("ServiceFault", "We encountered an internal error. Please try again.", 2)))
    # NextToken repeated
    add("server repeats the NextToken", [dict(kind="repeat_token", **pg)],
        dict(rc="TT_ERR_REPEATED_TOKEN",
             cli=(255, r"^\nError during pagination: The same next token was received twice: "
                       r"\{'NextToken': '[A-Za-z0-9+/=]+'\}\n$")))
    # clock
    for h in (3, -3, 26, -26):
        add("server clock %+d h" % h, [], "ok", config=dict(clock_skew=h * 3600))
    add("server clock jumps +2 h for one answer", [dict(kind="skew", seconds=7200, **pg)], "ok")
    # mixed faults on every page
    add("mixed: reset p1, throttle p2, truncate p3",
        [dict(kind="reset", at_byte=250, page=1), dict(kind="throttle", page=2),
         dict(kind="truncate", at_byte=300, page=3)], "ok")
    add("mixed: 503 then stall then cut on page 2",
        [dict(kind="status", status=503, body="empty", nth=2),
         dict(kind="slow", delay=1.5, nth=3), dict(kind="truncate", at_byte=400, nth=4)],
        dict(rc="TT_ERR_HTTP_TRUNCATED", attempts=3, cli=closed))
    # name resolution and connection refused (no emulator involved)
    add("DNS fails", [], dict(rc="TT_ERR_DNS", attempts=3,
                              cli=(255, r'^\nCould not connect to the endpoint URL: '
                                        r'"http://nonexistent\.invalid:1/"\n$')),
        host="nonexistent.invalid", port=1)
    add("connect refused", [], dict(rc="TT_ERR_CONNECT", attempts=3,
                                    cli=(255, r'^\nCould not connect to the endpoint URL: '
                                              r'"http://127\.0\.0\.1:%d/"\n$' % dead_port)),
        port=dead_port)
    return C


def engine_asan(ds, cases, eng):
    """The fault cases and every 5th cut offset again, in the ASan+UBSan
    build of ttfault: outcome as in the plain build, no sanitizer report."""
    tool = fl.asan_build("tools/ttfault")
    check(tool is not None, "ASan ttfault built")
    if not tool:
        return
    srv = ms.start_server(dataset="file:" + ds)
    a = Engine.__new__(Engine)
    a.srv, a.d = srv, fl.Driver(srv.url, binary=tool, env=fl.ASAN_ENV)
    bad, n = [], 0
    try:
        for c in cases:
            kw = dict(c["kw"])
            config = kw.pop("config", None)
            if kw.get("host"):
                continue
            r = a.run(c["rules"], chunked=c["chunked"], config=config, **kw)
            n += 1
            exp = c["exp"]
            ref = eng.ref_chunked if c["chunked"] else eng.ref
            want = ("TT_OK",) if exp == "ok" else \
                (exp["rc"] if isinstance(exp["rc"], tuple) else (exp["rc"],))
            if r["rc"] not in want or (exp == "ok" and r["seq"] != ref["seq"]):
                bad.append((c["name"], r["rc"]))
        for chunked in (False, True):
            sizes = eng.sizes(chunked)
            ref = eng.ref_chunked if chunked else eng.ref
            for page in (1, 2, 3):
                for k in range(page % 5, sizes[page] + 2, 5):
                    kind = "reset" if k % 2 else "truncate"
                    r = a.run([dict(kind=kind, at_byte=k, page=page)], chunked=chunked)
                    n += 1
                    if not same_listing(r, ref):
                        bad.append((chunked, page, kind, k, r["rc"]))
    finally:
        rc, err = a.d.close()
        srv.stop()
    count("ASan (engine)", n)
    check(not bad, "ASan ttfault: %d fault and cut cases, same outcomes" % n, bad[:8])
    check(rc == 0 and fl.asan_clean(err), "ASan ttfault: no sanitizer report, exit %s" % rc,
          err[-3000:])


def engine_cases(eng, cases):
    dns = fl.Driver(eng.srv.url, numeric_only=True)  # AI_NUMERICHOST: no query leaves
    for c in cases:
        kw = dict(c["kw"])
        config = kw.pop("config", None)
        drv = dns if kw.get("host") else None
        if drv:
            r = drv.run(hit=H, page_size=2, rto=300, **kw)
        else:
            r = eng.run(c["rules"], chunked=c["chunked"], config=config, **kw)
        ref = eng.ref_chunked if c["chunked"] else eng.ref
        count("faults (engine)")
        exp = c["exp"]
        if exp == "ok":
            check(same_listing(r, ref) and r["used_after"] == 0,
                  "engine %s: exactly once" % c["name"], {k: r.get(k) for k in
                                                           ("rc", "n", "requests", "attempts")})
            if "clock_skew" in (config or {}):
                check(abs(r["clock_offset_ms"] - config["clock_skew"] * 1000) < 5000,
                      "engine %s: clock offset learnt (%d ms)" % (c["name"], r["clock_offset_ms"]))
            continue
        rcs = exp["rc"] if isinstance(exp["rc"], tuple) else (exp["rc"],)
        ok = r["rc"] in rcs
        if "attempts" in exp:
            ok = ok and r["attempts"] == exp["attempts"]
            ok = ok and r["exhausted"] == (1 if exp["attempts"] > 1 else 0)
        if "svc" in exp:
            ok = ok and r["svc"] == exp["svc"]
        if "msg" in exp:
            ok = ok and r["msg"] == exp["msg"]
        check(ok, "engine %s: %s" % (c["name"], "/".join(rcs)),
              {k: r.get(k) for k in ("rc", "attempts", "exhausted", "svc", "msg", "n")})
        check(is_prefix(r["items"], ref["items"]) and r["n"] < ref["n"]
              and r["used_after"] == 0,
              "engine %s: delivered a strict prefix (%d)" % (c["name"], r["n"]))
        if r.get("etoken") and not drv and c["kw"].get("port") is None:
            rest = eng.resume(r["etoken"])
            check(rest["rc"] == "TT_OK" and r["items"] + rest["items"] == ref["items"],
                  "engine %s: error token resumes with nothing lost or repeated" % c["name"],
                  (r["n"], rest["rc"], rest["n"]))
    dns.close()


# --------------------------------------------------------------------------
# CLI


class CliPool:
    """N emulator instances; each CLI case takes one for itself."""

    def __init__(self, ds, n):
        self.srvs = [ms.start_server(dataset="file:" + ds) for _ in range(n)]
        self.free = list(self.srvs)
        import threading
        self.lock = threading.Lock()
        self.home = fl.tmpdir("tt-fm-home-")

    def take(self):
        with self.lock:
            return self.free.pop()

    def give(self, s):
        with self.lock:
            self.free.append(s)

    def stop(self):
        for s in self.srvs:
            s.stop()


def cli_run(pool, rules, chunked=False, config=None, output="json", url=None, extra=(),
            prefix=()):
    srv = pool.take()
    try:
        srv.reset()
        if chunked:
            srv.configure(chunked=True)
        if config:
            srv.configure(**config)
        srv.add_faults(rules)
        cmd = list(prefix) + [CLI, "mturk", "list-assignments-for-hit", "--endpoint-url",
                              url or srv.url, "--hit-id", H, "--page-size", "2", "--output",
                              output, "--cli-read-timeout", "1"] + list(extra)
        p = subprocess.run(cmd, env=fl.cli_env(pool.home), capture_output=True, timeout=120)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")
    finally:
        pool.give(srv)


def cli_cut_cases(sizes):
    out = []
    for chunked in (False, True):
        for page in (1, 2, 3):
            size = sizes[chunked][page]
            if FULL:
                offs = range(0, size + 2)
            else:
                offs = sorted({0, 1, 17, 60, 150, 200, 250, 320, size // 2, size - 2, size - 1,
                               size, size + 1})
            for kind in ("truncate", "reset"):
                for k in offs:
                    if not FULL and (kind == "reset") == (k % 2 == 0):
                        continue            # the sample: odd offsets cut, even ones reset
                    out.append((chunked, page, kind, k))
    return out


def cli_all(pool, eng, cases, dead_port):
    ref_rc, ref_json, _ = cli_run(pool, [])
    ref_rc2, ref_text, _ = cli_run(pool, [], output="text")
    check(ref_rc == 0 and ref_rc2 == 0 and ref_json.count('"AssignmentId"') == 5,
          "CLI reference listing", ref_json[:300])
    ref_lines = ref_text.splitlines(True)
    sizes = {False: eng.sizes(False), True: eng.sizes(True)}
    jobs = []
    ref_rc3, ref_jsonl, _ = cli_run(pool, [], output="jsonl")
    check(ref_rc3 == 0 and ref_jsonl.count('"AssignmentId"') == 5, "CLI jsonl reference")
    refs = {"json": ref_json, "jsonl": ref_jsonl}
    for i, (chunked, page, kind, k) in enumerate(cli_cut_cases(sizes)):
        out = "jsonl" if i % 2 else "json"     # jsonl streams each assignment as it comes
        jobs.append(("cut %s %s page %d at %d (%s)" % ("chunked" if chunked else "CL", kind,
                                                       page, k, out),
                     dict(rules=[dict(kind=kind, at_byte=k, page=page)], chunked=chunked,
                          output=out), "ok", "cut (CLI)"))
    for c in cases:
        kw = dict(c["kw"])
        run_kw = dict(rules=c["rules"], chunked=c["chunked"], config=kw.pop("config", None))
        if kw.get("host"):
            # DNS: inside a fresh network namespace, so the query cannot leave
            run_kw["url"] = "http://nonexistent.invalid:1"
            run_kw["prefix"] = ["unshare", "-rn"]
        elif kw.get("port"):
            run_kw["url"] = "http://127.0.0.1:%d" % dead_port
        exp = c["exp"]
        if exp != "ok":
            run_kw["output"] = "text"
        jobs.append((c["name"], run_kw, exp, "faults (CLI)"))

    def one(job):
        name, kw, exp, cat = job
        try:
            return job, cli_run(pool, **kw)
        except subprocess.TimeoutExpired:
            return job, (-999, "", "timeout")

    with concurrent.futures.ThreadPoolExecutor(len(pool.srvs)) as ex:
        for (name, kw, exp, cat), (rc, out, err) in ex.map(one, jobs):
            count(cat)
            check(rc >= 0 and rc != 139, "CLI %s: not killed by a signal (%d)" % (name, rc))
            if exp == "ok":
                want = refs[kw.get("output", "json")]
                check(rc == 0 and out == want, "CLI %s: full output, exit 0" % name,
                      (rc, err[-300:], out[-200:]))
                continue
            if exp.get("cli") is None:
                check(rc == 255 and err.startswith("\n"), "CLI %s: exit 255" % name, (rc, err))
            else:
                code, rx = exp["cli"]
                check(rc == code and re.search(rx, err) is not None,
                      "CLI %s: exit %d and message" % (name, code), (rc, err[-400:]))
            lines = out.splitlines(True)
            check(lines == ref_lines[:len(lines)] and len(lines) < len(ref_lines)
                  or (exp.get("rc") == "TT_ERR_REPEATED_TOKEN" and lines[:len(ref_lines)]
                      == ref_lines[:len(lines)]),
                  "CLI %s: text output a prefix of the reference (no duplicate)" % name,
                  (len(lines), out[-300:]))


def main():
    for p in (fl.tool("ttfault"), CLI):
        if not os.path.exists(p):
            print("missing", p)
            print("0 passed, 1 failed")
            return 1
    tmp = fl.tmpdir("tt-fm-")
    ds = fl.small_dataset(os.path.join(tmp, "ds.json"))
    srv = ms.start_server(dataset="file:" + ds)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead_port = s.getsockname()[1]
    s.close()
    t0 = time.time()
    eng = Engine(srv)
    check(eng.ref["rc"] == "TT_OK" and eng.ref["n"] == 5 and eng.ref["pages"] == 3,
          "engine reference listing", eng.ref)
    check(eng.ref_chunked["seq"] == eng.ref["seq"], "chunked reference == Content-Length one")
    pool = None
    try:
        engine_cut_sweep(eng, ds)
        engine_cut_resume_sweep(eng, ds)
        print("# engine cut sweep %.1fs" % (time.time() - t0))
        cases = fault_cases(dead_port)
        t = time.time()
        engine_cases(eng, cases)
        print("# engine fault cases %.1fs" % (time.time() - t))
        t = time.time()
        engine_asan(ds, cases, eng)
        print("# ASan engine cases %.1fs" % (time.time() - t))
        t = time.time()
        pool = CliPool(ds, 10)
        cli_all(pool, eng, cases, dead_port)
        print("# CLI cases %.1fs" % (time.time() - t))
    finally:
        rc, err = eng.d.close()
        check(rc == 0, "ttfault exited cleanly (%s)" % rc, err)
        srv.stop()
        if pool:
            pool.stop()
            shutil.rmtree(pool.home, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    total = sum(matrix.values())
    for k in sorted(matrix):
        print("# matrix %-16s %6d cases" % (k, matrix[k]))
    print("# fault matrix size: %d cases (%.1fs)" % (total, time.time() - t0))
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
