#!/usr/bin/python3
"""Regenerate the output-format goldens in tests/golden/output/ with the
real AWS CLI (/usr/bin/aws 2.9.19) against the local MTurk emulator.

    /usr/bin/python3 tests/integration/gen_goldens.py [--only SUBSTR]

For every case of the matrix (output format x pagination shape x --query x
TZ) it runs `/usr/bin/aws mturk list-assignments-for-hit ... --debug`,
keeps the CLI's stdout (the golden) and the raw response bodies the CLI
received (from the --debug log), and writes

    tests/golden/output/<case>/cmd.json    CLI args, env, exit code, and the
                                           arguments for tests/tools/ttout
    tests/golden/output/<case>/stdout      the CLI's output, byte for byte
    tests/golden/output/pages/<sha>.json   response bodies (shared between
                                           cases; cmd.json lists them in order)

The committed files are the fixtures: test_output_golden.py replays them
without /usr/bin/aws (through build/tools/ttout, and through
build/tinyturk against the emulator when that binary exists).
Nothing here contacts anything but 127.0.0.1.
"""
import ast
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from mturk_server import start_server  # noqa: E402

OUT = os.path.join(ROOT, "tests", "golden", "output")
AWS = "/usr/bin/aws"
GOLD_HIT = "3GOLDENHIT00000000000000000001"
DEMO_HIT = "3DEMOHIT0000000000000000000001"


def cases():
    """(name, hit, extra CLI args, TZ, seed-plain)"""
    fmts = ["json", "text", "table", "yaml", "yaml-stream"]
    shapes = [
        ("ps2", ["--page-size", "2"]),
        ("ps7", ["--page-size", "7"]),
        ("nopag", ["--no-paginate"]),
        ("max3", ["--page-size", "2", "--max-items", "3"]),
        ("max4", ["--page-size", "2", "--max-items", "4"]),
    ]
    queries = [
        ("qids", "Assignments[].AssignmentId"),
        ("qfilter", "Assignments[?AssignmentStatus=='Submitted'].[AssignmentId,WorkerId]"),
        ("qlen", "length(Assignments)"),
        ("qnum", "NumResults"),
        ("qhash", "Assignments[].{id: AssignmentId, fb: RequesterFeedback, t: AcceptTime}"),
        ("qfirst", "Assignments[0]"),
    ]
    tzs = [("utc", "UTC"), ("tokyo", "Asia/Tokyo"), ("ny", "America/New_York"),
           ("kolkata", "Asia/Kolkata")]
    out = []
    for f in fmts:
        for sn, sa in shapes:
            for tzn, tz in tzs:
                if tzn != "utc" and sn not in ("ps2", "nopag"):
                    continue
                out.append(("%s-%s-%s-gold" % (f, sn, tzn), GOLD_HIT, ["--output", f] + sa, tz))
        for qn, q in queries:
            for sn, sa in (("ps2", ["--page-size", "2"]), ("nopag", ["--no-paginate"])):
                out.append(("%s-%s-%s-gold" % (f, qn, sn), GOLD_HIT,
                            ["--output", f, "--query", q] + sa, "UTC"))
        out.append(("%s-max3q-gold" % f, GOLD_HIT,
                    ["--output", f, "--page-size", "2", "--max-items", "3", "--query",
                     "Assignments[].AssignmentId"], "UTC"))
        out.append(("%s-demo-ny" % f, DEMO_HIT, ["--output", f, "--page-size", "3"],
                    "America/New_York"))
        out.append(("%s-demo-nopag" % f, DEMO_HIT, ["--output", f, "--no-paginate"], "UTC"))
        out.append(("%s-empty" % f, "3DEMOHIT0000000000000000000004", ["--output", f], "UTC"))
    start_tok = base64.b64encode(json.dumps({"NextToken": None, "boto_truncate_amount": 1})
                                 .encode()).decode()
    for f in fmts:
        # a later page fails: json/yaml/table print nothing, text and
        # yaml-stream keep the pages already printed (exit 254)
        out.append(("%s-fail-gold" % f, GOLD_HIT, ["--output", f, "--page-size", "2"], "UTC",
                     {"faults": [{"kind": "request_error", "page": 3, "times": -1,
                                  "message": "boom"}]}))
        # cli_timestamp_format = wire (config file only)
        out.append(("%s-wire-gold" % f, GOLD_HIT, ["--output", f, "--page-size", "3"],
                    "Asia/Tokyo", {"config": "[default]\ncli_timestamp_format = wire\n"}))
        out.append(("%s-start-gold" % f, GOLD_HIT, ["--output", f, "--page-size", "2",
                                                    "--starting-token", start_tok,
                                                    "--max-items", "3"], "UTC"))
    out.append(("table-color-gold", GOLD_HIT, ["--output", "table", "--color", "on",
                                               "--page-size", "4"], "UTC"))
    out.append(("table-color-demo-nopag", DEMO_HIT, ["--output", "table", "--color", "on",
                                                     "--no-paginate", "--query",
                                                     "Assignments[].{a: AssignmentId, s: AssignmentStatus}"],
                "UTC"))
    return out


def bodies_from_debug(err):
    lines = err.split("\n")
    res = []
    for i, l in enumerate(lines):
        if l.endswith("Response body:") and i + 1 < len(lines):
            body = ast.literal_eval(lines[i + 1])
            try:
                if "__type" in json.loads(body):
                    continue  # an error response, not a page
            except ValueError:
                pass
            res.append(body)
    return res


def resume_token(pages, max_items, skip=0):
    """The CLI's --max-items token for these pages (botocore's format)."""
    seen = 0
    req_tok = None
    for i, body in enumerate(pages):
        page = json.loads(body)
        items = page.get("Assignments") or []
        if i == 0 and skip:
            items = items[skip:]
        nxt = page.get("NextToken") or None
        if seen + len(items) > max_items:
            k = max_items - seen
            tok = {"NextToken": req_tok,
                   "boto_truncate_amount": k + (skip if i == 0 else 0)}
            return base64.b64encode(json.dumps(tok).encode()).decode()
        seen += len(items)
        if seen == max_items:
            if nxt:
                return base64.b64encode(json.dumps({"NextToken": nxt}).encode()).decode()
            return None
        req_tok = nxt
    return None


def main():
    only = None
    if len(sys.argv) > 2 and sys.argv[1] == "--only":
        only = sys.argv[2]
    ds = "demo+file:" + os.path.join(OUT, "dataset.json")
    srv = start_server(dataset=ds, tls=False)
    home = tempfile.mkdtemp(prefix="ttgold")
    os.makedirs(os.path.join(OUT, "pages"), exist_ok=True)
    try:
        for case in cases():
            name, hit, extra, tz = case[:4]
            opt = case[4] if len(case) > 4 else {}
            if only and only not in name:
                continue
            srv.reset()
            if opt.get("faults"):
                srv.add_faults(opt["faults"])
            cfgdir = os.path.join(home, ".aws")
            shutil.rmtree(cfgdir, ignore_errors=True)
            if opt.get("config"):
                os.makedirs(cfgdir)
                with open(os.path.join(cfgdir, "config"), "w") as f:
                    f.write(opt["config"])
            args = ["mturk", "list-assignments-for-hit", "--hit-id", hit] + extra
            env = {
                "PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": "",
                "AWS_EC2_METADATA_DISABLED": "true", "TZ": tz,
            }
            p = subprocess.run([AWS] + args + ["--endpoint-url", srv.url, "--debug"],
                               env=env, capture_output=True)
            err = p.stderr.decode("utf-8", "surrogateescape")
            pages = bodies_from_debug(err)
            d = os.path.join(OUT, name)
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
            with open(os.path.join(d, "stdout"), "wb") as f:
                f.write(p.stdout)
            page_files = []
            for b in pages:
                pn = hashlib.sha256(b).hexdigest()[:20] + ".json"
                with open(os.path.join(OUT, "pages", pn), "wb") as f:
                    f.write(b)
                page_files.append(pn)
            replay = ["--output", extra[extra.index("--output") + 1]]
            if "--query" in extra:
                replay += ["--query", extra[extra.index("--query") + 1]]
            if "--no-paginate" in extra:
                replay += ["--no-paginate"]
                nt = json.loads(pages[0]).get("NextToken") if pages else None
            if "--color" in extra:
                replay += ["--color"]
            skip = 0
            if "--starting-token" in extra:
                st = json.loads(base64.b64decode(extra[extra.index("--starting-token") + 1]))
                skip = st.get("boto_truncate_amount", 0)
                replay += ["--skip", str(skip)]
            if opt.get("config") and "wire" in opt["config"]:
                replay += ["--ts", "wire"]
            if opt.get("faults"):
                replay += ["--fail-after-pages", str(len(pages))]
            if "--max-items" in extra:
                mi = int(extra[extra.index("--max-items") + 1])
                replay += ["--max-items", str(mi)]
                tok = resume_token(pages, mi, skip)
                if tok:
                    replay += ["--token", tok]
            cmd = {"args": args, "env": {"TZ": tz}, "exit": p.returncode, "replay": replay,
                   "pages": page_files}
            if opt:
                cmd.update(opt)
            with open(os.path.join(d, "cmd.json"), "w") as f:
                json.dump(cmd, f, indent=1)
            print("%-40s exit %d pages %d bytes %d" % (name, p.returncode, len(pages),
                                                        len(p.stdout)))
    finally:
        srv.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
