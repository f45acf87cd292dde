#!/usr/bin/python3
"""Oversized inputs from the server: bounded memory and clear errors, for
the engine (tests/tools/ttfault, 64 KiB arena: its arena high-water mark is
reported) and the CLI ($TT_BUILD/tinyturk: its peak RSS from wait4() is
reported), against the local MTurk emulator (in this process).

  a 1 MB header line, a 1 MB status line, 10 000 headers      -> HTTP errors (retried,
                                                                then given up), flat memory
  a 4 GB Content-Length (connection then closed), a 4 GB chunk -> truncated, flat memory
  JSON nested 5 000 and 1 000 000 deep (in Assignments and in
  an unknown member)                                           -> TT_ERR_JSON_TOO_DEEP
  a NextToken of 100 KB                                        -> TT_ERR_JSON_TOKEN_TOO_LONG
  an Assignment of 10 MB                                       -> engine: TT_ERR_ARENA_FULL
        naming the size it needs; with that arena, or with the Answer masked out, OK; the
        CLI lists it (memory ~ a few times 10 MB)
  a 10 MB string in an unknown member                          -> skipped, flat memory
  100 000 assignments on one page                              -> all delivered; engine
        arena = the 5-assignment listing's; CLI RSS flat in text/jsonl/json (spooled)
Figures are printed as "# figure ..." lines (never asserted beyond bounds
that separate "flat" from "grows with the input").
Last line: "N passed, M failed".
"""
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import mturk_server as ms  # noqa: E402
import faultlib as fl  # noqa: E402

CLI = os.path.join(ROOT, fl.BUILD, "tinyturk")
check = fl.Check()
H = fl.FAULT_HIT
MB = 1 << 20


def cli(srv, home, rules, *args, hit=H, output="json"):
    """Run the CLI; returns (exit, stdout bytes length, stderr, peak RSS KiB)."""
    srv.reset()
    srv.add_faults(rules)
    rss_file = os.path.join(home, "rss")
    cmd = [fl.tool("ttrss"), rss_file, CLI, "mturk", "list-assignments-for-hit",
           "--endpoint-url", srv.url, "--hit-id", hit, "--output", output,
           "--cli-read-timeout", "2"] + list(args)
    p = subprocess.run(cmd, env=fl.cli_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with open(rss_file) as f:
        rss, code = (int(x) for x in f.read().split())
    return code, len(p.stdout), p.stderr.decode("utf-8", "replace"), rss, p.stdout[:4096]


def page_body(assignments, token=None):
    d = {"Assignments": assignments, "NumResults": len(assignments)}
    if token:
        d["NextToken"] = token
    return json.dumps(d, ensure_ascii=False)


def asg(i, answer="<a>ok</a>"):
    return {"AssignmentId": "3BIG%026d" % i, "WorkerId": "AW%012d" % (i % 1000), "HITId": H,
            "AssignmentStatus": "Submitted", "AcceptTime": 1700000000 + i,
            "SubmitTime": 1700000100.5, "AutoApprovalTime": 1702592000, "Deadline": 1700003600,
            "Answer": answer}


def main():
    for p in (fl.tool("ttfault"), CLI):
        if not os.path.exists(p):
            print("missing", p)
            print("0 passed, 1 failed")
            return 1
    t0 = time.time()
    tmp = fl.tmpdir("tt-big-")
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    ds = fl.small_dataset(os.path.join(tmp, "ds.json"))
    srv = ms.start_server(dataset="file:" + ds)
    d = fl.Driver(srv.url)
    try:
        srv.reset()
        ref = d.run(hit=H, page_size=2)
        base_hw = ref["hw"]
        rc, n, err, base_rss, _ = cli(srv, home, [], "--page-size", "2")
        check(ref["rc"] == "TT_OK" and rc == 0, "baseline listing")
        print("# figure baseline: engine arena high water %d B; CLI peak RSS %d KiB"
              % (base_hw, base_rss))

        def eng(name, rules, want, **kw):
            srv.reset()
            srv.add_faults(rules)
            args = dict(hit=H, page_size=2, rto=2000)
            args.update(kw)
            t = time.time()
            r = d.run(**args)
            ok = r["rc"] in (want if isinstance(want, tuple) else (want,))
            check(ok, "engine %s: %s" % (name, want), {k: r.get(k) for k in
                                                       ("rc", "n", "attempts", "needed", "hw")})
            check(r.get("used_after") == 0 and r["rc"] != "CRASH", "engine %s: arena given back"
                  % name)
            print("# figure engine %-34s %-28s items %6d  arena high water %8d B  %.2fs"
                  % (name, r["rc"], r["n"], r.get("hw", -1), time.time() - t))
            return r

        def cmd(name, rules, want_rc, msg=None, *args, rss_max=None, **kw):
            rc, n, err, rss, head = cli(srv, home, rules, "--page-size", "2", *args, **kw)
            check(rc == want_rc and (msg is None or msg in err),
                  "CLI %s: exit %d %s" % (name, want_rc, msg or ""), (rc, err[-300:]))
            if rss_max:
                check(rss <= rss_max, "CLI %s: peak RSS %d KiB <= %d KiB" % (name, rss, rss_max))
            print("# figure CLI    %-34s exit %3d  stdout %9d B  peak RSS %7d KiB"
                  % (name, rc, n, rss))
            return rc, n, err, rss, head

        flat_hw = base_hw + 1024          # "flat": within 1 KiB of the baseline
        flat_rss = base_rss + 8 * 1024    # within 8 MiB of the baseline
        always = dict(times=-1, page=2)

        # ---- HTTP framing
        big_hdr = [dict(kind="headers", headers=[["X-Big", "a" * MB]], **always)]
        r = eng("1 MB header line", big_hdr, "TT_ERR_HTTP_LINE_TOO_LONG")
        check(r["attempts"] == 3 and r["hw"] <= flat_hw and r["n"] == 2,
              "1 MB header: retried, flat arena, page 1 delivered")
        cmd("1 MB header line", big_hdr, 255, "(TT_ERR_HTTP_LINE_TOO_LONG)", rss_max=flat_rss)
        r = eng("1 MB header line, once", [dict(big_hdr[0], times=1)], "TT_OK")
        check(r["seq"] == ref["seq"], "1 MB header once: the listing exactly once")
        many = [dict(kind="headers", headers=[["X-H%d" % i, "v"] for i in range(10000)],
                     **always)]
        r = eng("10 000 headers", many, "TT_ERR_HTTP_TOO_MANY_HEADERS")
        check(r["hw"] <= flat_hw, "10 000 headers: flat arena")
        cmd("10 000 headers", many, 255, "(TT_ERR_HTTP_TOO_MANY_HEADERS)", rss_max=flat_rss)
        huge_status = [dict(kind="status", status=200, body=page_body([]), **always,
                            headers=[["X-Pad", "b" * 100]])]
        # a 1 MB reason phrase: the emulator's status line is fixed, so a raw
        # header line without a colon stands in for a 1 MB malformed line
        bad_line = [dict(kind="headers", headers=[["X" * MB, ""]], **always)]
        eng("1 MB header name", bad_line, ("TT_ERR_HTTP_LINE_TOO_LONG", "TT_ERR_HTTP_BAD_HEADER"))
        del huge_status
        cl4g = [dict(kind="content_length", value="4294967296", **always),
                dict(kind="close", **always)]
        r = eng("4 GB Content-Length", cl4g, "TT_ERR_HTTP_TRUNCATED")
        check(r["hw"] <= flat_hw, "4 GB Content-Length: flat arena")
        cmd("4 GB Content-Length", cl4g, 255, "Connection was closed before we received",
            rss_max=flat_rss)
        cl_huge = [dict(kind="content_length", value="9" * 40, **always)]
        eng("Content-Length of 40 digits", cl_huge, "TT_ERR_HTTP_BAD_LENGTH")
        chunk4g = [dict(kind="chunked", chunk_sizes=[64], bad_size="100000000", bad_at=0,
                        **always), dict(kind="close", **always)]
        r = eng("4 GB chunk", chunk4g, ("TT_ERR_HTTP_TRUNCATED", "TT_ERR_HTTP_CHUNK_CRLF"))
        check(r["hw"] <= flat_hw, "4 GB chunk: flat arena")
        cmd("4 GB chunk", chunk4g, 255, rss_max=flat_rss)

        # ---- JSON
        for depth in (5000, 1000000):
            body = '{"NumResults":1,"Assignments":' + "[" * depth + "]" * depth + "}"
            rules = [dict(kind="malformed", body=body, page=2)]
            r = eng("Assignments nested %d deep" % depth, rules, "TT_ERR_JSON_TYPE")
            check(r["hw"] <= flat_hw, "nesting %d: flat arena" % depth)
            cmd("Assignments nested %d deep" % depth, rules, 255, "Invalid response from endpoint",
                rss_max=flat_rss)
            body = ('{"NumResults":1,"Assignments":[{"AssignmentId":"A","X":' + "[" * depth
                    + "]" * depth + "}]}")
            rules = [dict(kind="malformed", body=body, page=2)]
            r = eng("Assignment member nested %d deep" % depth, rules, "TT_ERR_JSON_TOO_DEEP")
            check(r["hw"] <= flat_hw, "nesting %d in an assignment: flat arena" % depth)
            cmd("Assignment member nested %d deep" % depth, rules, 255, "(nesting > TT_JSON_MAX_DEPTH)",
                rss_max=flat_rss)
            body = '{"Unknown":' + "{\"a\":" * depth + "1" + "}" * depth + ',"Assignments":[]}'
            eng("unknown member nested %d deep" % depth,
                [dict(kind="malformed", body=body, page=2)], "TT_ERR_JSON_TOO_DEEP")
        longtok = [dict(kind="status", status=200, body=page_body([asg(1)], "T" * 100000),
                        page=1)]
        r = eng("NextToken of 100 KB", longtok, "TT_ERR_JSON_TOKEN_TOO_LONG")
        check(r["hw"] <= flat_hw + 2048, "100 KB token: flat arena")
        cmd("NextToken of 100 KB", longtok, 255, "(NextToken > TT_MAX_NEXT_TOKEN)", rss_max=flat_rss)

        # ---- a 10 MB Assignment
        ten = "<a>" + "z" * (10 * MB) + "</a>"
        big = [dict(kind="status", status=200, body=page_body([asg(0), asg(1, ten), asg(2)]),
                    times=-1)]
        r = eng("10 MB Assignment, 64 KiB arena", big, "TT_ERR_ARENA_FULL")
        need = r["needed"]
        check(r["n"] == 1 and need > 10 * MB and need < 11 * MB,
              "10 MB Assignment: delivered the one before, needs %d B" % need)
        r = eng("10 MB Assignment, arena as named", big, "TT_OK", arena=need)
        check(r["n"] == 3 and r["hw"] <= need, "10 MB Assignment: OK with arena_needed")
        r = eng("10 MB Assignment, Answer masked out", big, "TT_OK",
                fields="AssignmentId,WorkerId,SubmitTime")
        check(r["n"] == 3 and r["hw"] <= flat_hw, "10 MB Answer masked: flat arena (%d)" % r["hw"])
        rc, n, err, rss, _ = cmd("10 MB Assignment (json)", big, 0)
        check(rc == 0 and n > 10 * MB and rss < 20 * 1024 + 6 * 10 * 1024,
              "CLI 10 MB Assignment: printed, peak RSS %d KiB (< baseline + 6 x 10 MB)" % rss)
        junk = [dict(kind="status", status=200, times=-1,
                     body='{"Junk":"' + "q" * (10 * MB) + '","Assignments":'
                          + json.dumps([asg(0), asg(1)]) + "}")]
        r = eng("10 MB unknown member", junk, "TT_OK")
        check(r["n"] == 2 and r["hw"] <= flat_hw, "10 MB unknown member skipped, flat arena")
        cmd("10 MB unknown member (json)", junk, 0, rss_max=flat_rss)

        # ---- 100 000 assignments on one page
        many_a = page_body([asg(i, "<a>%d \u2713</a>" % i) for i in range(100000)])
        print("# figure page of 100 000 assignments: %d bytes" % len(many_a.encode()))
        p100k = [dict(kind="status", status=200, body=many_a, times=-1)]
        r = eng("100 000 assignments on one page", p100k, "TT_OK", quiet=1)
        check(r["n"] == 100000 and r["hw"] <= flat_hw,
              "100 000 assignments: all delivered, arena high water %d B (baseline %d)"
              % (r["hw"], base_hw))
        page_kib = len(many_a.encode()) // 1024
        for out in ("jsonl", "json", "text", "yaml-stream"):
            rc, n, err, rss, head = cmd("100 000 assignments (%s)" % out, p100k, 0, None,
                                        output=out)
            if out in ("jsonl", "json"):     # streamed / spooled: flat
                check(rc == 0 and n > 10 * MB and rss <= flat_rss,
                      "CLI 100 000 assignments --output %s: flat peak RSS %d KiB" % (out, rss))
            else:
                # text and yaml-stream format a page as a whole (the CLI's
                # column set / YAML document is per page): memory follows the
                # page, bounded by a small multiple of it
                check(rc == 0 and n > 10 * MB and rss <= flat_rss + 12 * page_kib,
                      "CLI 100 000 assignments --output %s: peak RSS %d KiB <= 12 x the page "
                      "(%d KiB)" % (out, rss, page_kib))
    finally:
        rc, err = d.close()
        check(rc == 0, "ttfault exited cleanly", err)
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("# total %.1fs" % (time.time() - t0))
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
