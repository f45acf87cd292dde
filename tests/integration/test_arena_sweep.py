#!/usr/bin/python3
"""Arena sweep: the full listing with every engine arena size from 0 up to
past what it needs, against the local MTurk emulator.

Every run must either deliver the full listing exactly once (callback
sequence == the reference) or fail with TT_ERR_ARENA_FULL whose
arena_needed is larger than the arena it had (a real need, so growing the
arena to it makes progress), having delivered a prefix of the listing; the
arena must be fully given back (used == 0 after the call), the high-water
mark must never pass the capacity, success must be monotonic in the size
(once a size works every larger one works), and no run may crash.

The sweeps run in the ASan+UBSan build of tests/tools/ttfault (built here
into $TT_BUILD/asan with SAN=1 when `make test` has not already: the arena
buffer is malloc'd at exactly its size, so an overrun is reported), step 1
over every size where the engine allocates, and a subset runs under
valgrind (every distinct `needed` value, -1/0/+1).

Listings:
  small     5 small assignments, 3 pages (page size 2)
  growing   5 assignments whose Answer grows 100 B .. 6 KB, one per page, so
            the decoded-Assignment allocation fails on a later page after
            earlier pages were delivered
  debug     `small` with a debug sink (its buffer is one more allocation)
  token     `growing` resumed from a mid-page starting token (token
            scratch, skip)
Env: TT_ARENA_FULL=1 also sweeps `growing` at step 1 without sanitizers.
Last line: "N passed, M failed".
"""
import concurrent.futures
import json
import os
import shutil
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import mturk_server as ms  # noqa: E402
import faultlib as fl  # noqa: E402

FULL = os.environ.get("TT_ARENA_FULL") == "1"
check = fl.Check()
GROW_HIT = "3GROWHIT000000000000000000001"
ASAN_ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
                UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")


def growing_dataset(path):
    lst = []
    for i, n in enumerate((100, 6000, 300, 2500, 900)):
        lst.append({"AssignmentId": "3GR%027d" % i, "WorkerId": "AW%012d" % i, "HITId": GROW_HIT,
                    "AssignmentStatus": "Submitted", "AcceptTime": 1700000000 + i,
                    "SubmitTime": {"$raw": "1.7000001E9"}, "AutoApprovalTime": 1702592000,
                    "Deadline": 1700003600,
                    "Answer": ("<a>" + ("x\u00e9\\\"\n" * (n // 6)) + "</a>")})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({GROW_HIT: lst}, f, ensure_ascii=False)
    return path


def asan_tool():
    return fl.asan_build("tools/ttfault")


def sweep(name, drivers, sizes, ref, **kw):
    """Run every size; returns {size: result}."""
    res = {}
    workers = len(drivers)
    sizes = sorted(set(sizes))

    def shard(w):
        out = {}
        for s in sizes[w::workers]:
            out[s] = drivers[w].run(arena=s, **kw)
        return out
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        for out in ex.map(shard, range(workers)):
            res.update(out)
    bad = []
    first_ok = None
    for s in sizes:
        r = res[s]
        if r["rc"] == "TT_OK":
            if first_ok is None:
                first_ok = s
            if r["seq"] != ref["seq"] or r["items"] != ref["items"] or r["hw"] > s:
                bad.append((s, "wrong listing", r["n"], r["hw"]))
        elif r["rc"] == "TT_ERR_ARENA_FULL":
            if first_ok is not None:
                bad.append((s, "fails after a smaller size worked (%d)" % first_ok))
            if not (r["needed"] > s and r["arena_needed"] >= r["needed"] and r["hw"] <= s):
                bad.append((s, "needed %d / arena.needed %d / hw %d" % (r["needed"],
                                                                       r["arena_needed"], r["hw"])))
            if r["items"] != ref["items"][:len(r["items"])]:
                bad.append((s, "not a prefix", r["n"]))
        else:
            bad.append((s, r["rc"], r.get("stderr", "")[-1500:]))
        if r.get("used_after", 0) != 0:
            bad.append((s, "arena not given back", r["used_after"]))
    check(not bad, "%s: %d sizes %d..%d: every run OK or ARENA_FULL naming a larger size"
          % (name, len(sizes), sizes[0], sizes[-1]), bad[:8])
    check(first_ok is not None, "%s: the largest size succeeds" % name)
    # growing to the reported need converges
    s, steps = 0, 0
    while steps < 50 and res.get(s, {"rc": "TT_ERR_ARENA_FULL"})["rc"] == "TT_ERR_ARENA_FULL":
        r = res.get(s) or drivers[0].run(arena=s, **kw)
        if r["rc"] != "TT_ERR_ARENA_FULL":
            break
        s = r["needed"]
        steps += 1
        if s not in res:
            res[s] = drivers[0].run(arena=s, **kw)
    check(res.get(s, {}).get("rc") == "TT_OK", "%s: growing to arena_needed converges in %d steps "
          "(at %d; smallest working %s)" % (name, steps, s, first_ok))
    needs = sorted({r["needed"] for r in res.values() if r["rc"] == "TT_ERR_ARENA_FULL"})
    print("# %-8s %5d runs, sizes %d..%d, smallest working %s, %d distinct needs %s"
          % (name, len(sizes), sizes[0], sizes[-1], first_ok, len(needs), needs[:12]))
    return res, first_ok, needs


def main():
    tool = fl.tool("ttfault")
    if not os.path.exists(tool):
        print("missing", tool)
        print("0 passed, 1 failed")
        return 1
    t0 = time.time()
    tmp = fl.tmpdir("tt-arena-")
    ds_small = fl.small_dataset(os.path.join(tmp, "small.json"))
    ds_grow = growing_dataset(os.path.join(tmp, "grow.json"))
    srv = ms.start_server(dataset="file:%s+file:%s" % (ds_small, ds_grow))
    srv2 = ms.start_server(dataset="file:%s+file:%s" % (ds_small, ds_grow))
    atool = asan_tool()
    check(atool is not None, "ASan ttfault built")
    atool = atool or tool
    total_runs = 0
    try:
        plain = fl.Driver(srv.url)
        H, G = fl.FAULT_HIT, GROW_HIT
        refs = {"small": plain.run(hit=H, page_size=2), "growing": plain.run(hit=G, page_size=1)}
        check(refs["small"]["rc"] == "TT_OK" and refs["growing"]["rc"] == "TT_OK"
              and refs["growing"]["n"] == 5, "references")
        mid = plain.run(hit=G, page_size=2, max_items=3)
        # the CLI token to resume mid-page 2 (ttfault has no on_token: build it)
        import base64
        srv.reset()
        plain.run(hit=G, page_size=2, max_items=2)
        tok2 = srv.log[0]["next_token"]
        start = base64.b64encode(json.dumps({"NextToken": tok2, "boto_truncate_amount": 1})
                                 .encode()).decode()
        refs["token"] = plain.run(hit=G, page_size=2, start=start)
        check(refs["token"]["rc"] == "TT_OK" and refs["token"]["n"] == 2
              and refs["token"]["items"] == refs["growing"]["items"][3:], "token reference",
              (mid["rc"], refs["token"]))
        refs["debug"] = plain.run(hit=H, page_size=2, debug=1)
        rc, err = plain.close()
        # a listing whose server NextToken is 1000 bytes (the up-front
        # estimate counts 255): the token copy, the request body, the
        # signer's scratch and the page decoder then meet a full arena in
        # the middle of the listing, after page 1 was delivered
        with open(ds_small, encoding="utf-8") as f:
            objs = json.load(f)[H]
        for o in objs:
            for k, v in list(o.items()):
                if isinstance(v, dict):
                    o[k] = float(v["$raw"])
        p1 = json.dumps({"Assignments": objs[:2], "NextToken": "Tok/+=" * 166 + "AAAA",
                         "NumResults": 2}, ensure_ascii=False)
        p2 = json.dumps({"Assignments": objs[2:], "NumResults": 3}, ensure_ascii=False)
        LT = "3LONGTOKENHIT0000000000000000001"
        for s in (srv, srv2):
            s.add_faults([dict(kind="status", status=200, body=p1, hit=LT, has_token=False,
                               times=-1),
                          dict(kind="status", status=200, body=p2, hit=LT, has_token=True,
                               times=-1)])
        drivers = [fl.Driver(s.url, binary=atool, env=ASAN_ENV) for s in (srv, srv2)]
        refs["longtoken"] = drivers[0].run(hit=LT, page_size=2)
        check(refs["longtoken"]["rc"] == "TT_OK" and refs["longtoken"]["n"] == 5,
              "long-token reference", refs["longtoken"])
        kws = {"small": dict(hit=H, page_size=2), "debug": dict(hit=H, page_size=2, debug=1),
               "growing": dict(hit=G, page_size=1), "token": dict(hit=G, page_size=2, start=start),
               "longtoken": dict(hit=LT, page_size=2)}
        # step 1 from 0 to past both the high-water mark and the up-front
        # estimate (below which no request is made, so those cost nothing)
        plans = []
        for name in ("small", "debug", "growing", "token", "longtoken"):
            top = max(refs[name]["hw"], drivers[0].run(arena=0, **kws[name])["needed"]) + 64
            step = 1 if (FULL or name != "growing") else 2
            plans.append((name, kws[name], range(0, top + 1, step)))
        all_needs = {}
        for name, kw, sizes in plans:
            ref = refs[name]
            res, first_ok, needs = sweep(name, drivers, sizes, ref, **kw)
            total_runs += len(res)
            all_needs[name] = (kw, needs, first_ok)
            check(first_ok is not None and ref["hw"] <= first_ok <= ref["hw"] + 512,
                  "%s: smallest working arena %s: at least the high-water mark %d, and "
                  "close to it" % (name, first_ok, ref["hw"]))
            print("# %-8s high water %d, smallest working arena %s, estimate slack %s"
                  % (name, ref["hw"], first_ok, first_ok and first_ok - ref["hw"]))
        for d in drivers:
            rc, err = d.close()
            check(rc == 0 and "ERROR: AddressSanitizer" not in err and "runtime error" not in err,
                  "ASan ttfault: no report, clean exit (%s)" % rc, err[-3000:])
        # valgrind: every distinct need -1/0/+1 (and 0, 1) for each listing
        if os.path.exists("/usr/bin/valgrind"):
            vd = fl.Driver(srv.url, prefix=["valgrind", "-q", "--error-exitcode=99",
                                            "--leak-check=full",
                                            "--errors-for-leak-kinds=definite,indirect"])
            vbad = []
            vn = 0
            for name, (kw, needs, first_ok) in all_needs.items():
                pts = {0, 1}
                for n in needs + ([first_ok] if first_ok else []):
                    pts |= {n - 1, n, n + 1}
                for s in sorted(p for p in pts if p >= 0):
                    r = vd.run(arena=s, **kw)
                    vn += 1
                    if r["rc"] not in ("TT_OK", "TT_ERR_ARENA_FULL"):
                        vbad.append((name, s, r["rc"]))
            rc, err = vd.close()
            total_runs += vn
            check(not vbad and rc == 0 and "==" not in err,
                  "valgrind: %d runs at the allocation points, no error" % vn,
                  (vbad[:5], rc, err[-2000:]))
            print("# valgrind %d runs" % vn)
    finally:
        srv.stop()
        srv2.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("# arena sweep: %d runs in %.1fs" % (total_runs, time.time() - t0))
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
