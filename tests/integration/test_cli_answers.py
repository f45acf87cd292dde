#!/usr/bin/python3
"""--answers end to end: tinyturk against the local emulator (in this process,
plain HTTP on 127.0.0.1) with a fixture of assignments whose Answer is
QuestionFormAnswers XML in many shapes (every value kind, entities, CDATA,
prefixes, several selections, an upload, an empty Answer, no Answer, a
malformed one, a second page).

Expected output is computed independently: the listing without --answers
(JSON, itself byte-identical to the AWS CLI, checked here against
/usr/bin/aws when present), each Answer decoded with Python's
xml.etree (the reference model of test_qfa_python.py) into the documented
"Answers" shape, then rendered with json.dumps and - when the awscli Python
package is installed - the AWS CLI's own text / table / YAML formatters.
Every output format is compared byte for byte.  Also: --query over Answers,
--no-paginate, --max-items, jsonl, that "--a" still means
--assignment-statuses, that an abbreviated --answer is refused like the CLI
does, and that help and the man page document --answers.
Last line: "N passed, M failed".
"""
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import mturk_server as ms  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "qfa_ref", os.path.join(ROOT, "tests", "integration", "test_qfa_python.py"))
qfa_ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qfa_ref)

HAVE_AWSCLI_PY = os.path.isdir("/usr/lib/python3/dist-packages/awscli")
if HAVE_AWSCLI_PY:
    sys.path.insert(0, "/usr/lib/python3/dist-packages")
    from awscli.formatter import YAMLDumper, TableFormatter  # noqa: E402
    from awscli import text as awstext  # noqa: E402

BUILD = os.environ.get("TT_BUILD", "build")
TT = os.path.join(ROOT, BUILD, "tinyturk")
AWS = "/usr/bin/aws"
AKID, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
NS = qfa_ref.NS
HIT = "3QFAHIT0000000000000000000001"
NAMES = ["QuestionIdentifier", "FreeText", "SelectionIdentifier", "OtherSelectionText",
         "UploadedFileSizeInBytes", "UploadedFileKey"]

passed = failed = 0


def check(cond, what, detail=None):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)
        if detail is not None:
            print("     ", repr(detail)[:3000])
    return cond


ANSWERS = [
    # every kind, entities, CDATA, unicode, several selections
    '<?xml version="1.0" encoding="UTF-8"?>\n<QuestionFormAnswers xmlns="%s">\n'
    "<Answer><QuestionIdentifier>story</QuestionIdentifier>"
    "<FreeText>Caf\u00e9 &amp; \u65e5\u672c &lt;b&gt; &#x1F600;\n"
    "line 2\t<![CDATA[<raw> & ]]>\"q\" 'a'</FreeText></Answer>\n"
    "<Answer><QuestionIdentifier>colors</QuestionIdentifier>"
    "<SelectionIdentifier>red</SelectionIdentifier>"
    "<SelectionIdentifier>blue</SelectionIdentifier>"
    "<OtherSelectionText>teal-ish</OtherSelectionText></Answer>\n"
    "<Answer><QuestionIdentifier>one</QuestionIdentifier>"
    "<SelectionIdentifier>only</SelectionIdentifier></Answer>\n"
    "<Answer><QuestionIdentifier>photo</QuestionIdentifier>"
    "<UploadedFileSizeInBytes>3045</UploadedFileSizeInBytes>"
    "<UploadedFileKey>uploads/worker/photo.png</UploadedFileKey></Answer>\n"
    "<Answer><QuestionIdentifier>skipped</QuestionIdentifier></Answer>\n"
    "</QuestionFormAnswers>" % NS,
    # prefixes, comments, an extension element
    '<q:QuestionFormAnswers xmlns:q="%s"><!-- c --><q:Answer>'
    "<q:QuestionIdentifier>q1</q:QuestionIdentifier><x:meta xmlns:x=\"urn:x\">ignored</x:meta>"
    "<q:FreeText>a<!-- hidden -->b</q:FreeText></q:Answer></q:QuestionFormAnswers>" % NS,
    # no namespace, empty FreeText
    "<QuestionFormAnswers><Answer><QuestionIdentifier>e</QuestionIdentifier><FreeText/>"
    "</Answer></QuestionFormAnswers>",
    "",        # empty Answer: no answers
    None,      # no Answer member
    "<QuestionFormAnswers><Answer><QuestionIdentifier>x</Question",   # malformed
    "<QuestionFormAnswers><Answer><FreeText>no id</FreeText></Answer></QuestionFormAnswers>",
    '<QuestionFormAnswers xmlns="%s"><Answer><QuestionIdentifier>tab|pipe</QuestionIdentifier>'
    "<FreeText>x\ty|z</FreeText></Answer></QuestionFormAnswers>" % NS,
]


def fixture():
    out = []
    for i, ans in enumerate(ANSWERS * 2):  # 16: two pages at --page-size 10
        a = {"AssignmentId": "3QFAASSIGN%019d" % i, "WorkerId": "AQFAWORKER%04d" % i,
             "HITId": HIT, "AssignmentStatus": ["Submitted", "Approved", "Rejected"][i % 3],
             "AcceptTime": 1700000000 + i, "SubmitTime": {"$raw": "1700000100.5"}}
        if ans is not None:
            a["Answer"] = ans
        if i % 4 == 1:
            a["RequesterFeedback"] = "thanks"
        out.append(a)
    return {HIT: out}


def env():
    return {"PATH": "/usr/bin:/bin", "HOME": TMP, "LANG": "C.UTF-8", "TZ": "UTC",
            "AWS_ACCESS_KEY_ID": AKID, "AWS_SECRET_ACCESS_KEY": SECRET,
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": ""}


def run(prog, url, *args):
    cmd = [prog, "mturk", "list-assignments-for-hit", "--endpoint-url", url, "--hit-id", HIT]
    p = subprocess.run(cmd + list(args), env=env(), stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def decoded(xml, error_text):
    """The documented Answers value for one Answer text (reference: ET)."""
    if xml == "":
        return []
    want = qfa_ref.reference(xml.encode("utf-8"))
    if want[0] != "OK":
        return None
    out = []
    for _idx, kind, _qid, value, size in want[1]:
        if kind == 0:
            out.append({"QuestionIdentifier": value})
        elif kind == 2:
            out[-1].setdefault("SelectionIdentifier", []).append(value)
        elif kind == 4:
            out[-1][NAMES[kind]] = size
        else:
            out[-1][NAMES[kind]] = value
    return out


def transform(a, errors):
    """Replace Answer by Answers at its position (or add AnswersError)."""
    n = {}
    for k, v in a.items():
        if k != "Answer":
            n[k] = v
            continue
        d = decoded(v, None)
        if d is None:
            n["Answer"] = v
            n["AnswersError"] = errors.get(a["AssignmentId"], "?")
        else:
            n["Answers"] = d
    return n


def render(fmt, v):
    s = io.StringIO()
    if fmt == "json":
        return json.dumps(v, indent=4, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        YAMLDumper().dump(v, s)
    elif fmt == "text":
        awstext.format_text(v, s)
    elif fmt == "table":
        class A:
            color = "off"
            query = None
        TableFormatter(A())._format_response("ListAssignmentsForHIT", v, s)
    return s.getvalue()


TMP = tempfile.mkdtemp(prefix="tt-answers-")


def main():
    path = os.path.join(TMP, "fixture.json")
    with open(path, "w") as f:
        json.dump(fixture(), f)
    srv = ms.start_server(dataset="file:" + path, tls=False)
    url = "http://127.0.0.1:%d" % srv.port
    try:
        tests(url)
    finally:
        srv.stop()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def tests(url):
    # baseline: without --answers, the AWS CLI's bytes
    rc, base, err = run(TT, url)
    check(rc == 0, "baseline exit", err)
    if os.path.exists(AWS):
        arc, aout, aerr = run(AWS, url)
        check(arc == 0 and aout == base, "without --answers: json identical to the AWS CLI",
              (aout[:300], base[:300], aerr))
    baseline = json.loads(base)
    check(len(baseline["Assignments"]) == 16 and
          not any("Answers" in a for a in baseline["Assignments"]), "baseline content")

    rc, out, err = run(TT, url, "--answers")
    check(rc == 0 and err == "", "--answers exit", err)
    got = json.loads(out)
    errors = {}
    for a in got["Assignments"]:
        if "AnswersError" in a:
            errors[a["AssignmentId"]] = a["AnswersError"]
            check(re.match(r"^answer XML: .+ \(TT_ERR_QFA_[A-Z_]+\) at byte \d+$",
                           a["AnswersError"]) is not None, "AnswersError text", a["AnswersError"])
    check(len(errors) == 4, "two malformed answers per page set", errors)
    bad = [a for a in got["Assignments"] if a.get("Answer", "").endswith("</Question")]
    check(bad and bad[0]["AnswersError"] ==
          "answer XML: ended inside the document (TT_ERR_QFA_TRUNCATED) at byte 60",
          "malformed -> TRUNCATED at the end", bad[:1])
    noqid = [a for a in got["Assignments"] if "no id" in a.get("Answer", "")]
    check(noqid and "TT_ERR_QFA_NO_QID" in noqid[0]["AnswersError"], "no QuestionIdentifier",
          noqid[:1])
    expected = {"Assignments": [transform(a, errors) for a in baseline["Assignments"]]}
    check(got == expected, "--answers json content", (got, expected))
    check(out == render("json", expected), "--answers json bytes", out[:2000])
    first = got["Assignments"][0]["Answers"]
    check(first[1] == {"QuestionIdentifier": "colors", "SelectionIdentifier": ["red", "blue"],
                       "OtherSelectionText": "teal-ish"}, "selections shape", first)
    check(first[3] == {"QuestionIdentifier": "photo", "UploadedFileSizeInBytes": 3045,
                       "UploadedFileKey": "uploads/worker/photo.png"}, "upload shape", first)
    check(first[0]["FreeText"].startswith("Caf\u00e9 & \u65e5\u672c <b> \U0001F600\nline 2\t<raw> & "),
          "entities, CDATA, line ends", first[0])
    check(list(got["Assignments"][0].keys()) ==
          [k if k != "Answer" else "Answers" for k in baseline["Assignments"][0].keys()],
          "Answers takes Answer's place")
    check("Answer" not in got["Assignments"][4] and "Answers" not in got["Assignments"][4],
          "no Answer member: no Answers")
    check(got["Assignments"][3]["Answers"] == [], "empty Answer: []")

    # jsonl: one compact line per assignment
    rc, out, err = run(TT, url, "--answers", "--output", "jsonl")
    lines = out.splitlines()
    check(rc == 0 and len(lines) == 16, "jsonl lines", (rc, err))
    check([json.loads(x) for x in lines] == expected["Assignments"], "jsonl content")
    check(lines[0] == json.dumps(expected["Assignments"][0], ensure_ascii=False,
                                 separators=(",", ":")), "jsonl bytes", lines[0])

    # every other format, against the AWS CLI's own formatters
    if HAVE_AWSCLI_PY:
        for fmt in ("yaml", "text", "table"):
            rc, out, err = run(TT, url, "--answers", "--output", fmt)
            want = render(fmt, expected)
            check(rc == 0 and out == want, "--answers %s bytes" % fmt,
                  None if out == want else (out[:1500], want[:1500], err))
        # yaml-stream: the pages as the CLI prints them, each decoded
        rc, ys, err = run(TT, url, "--output", "yaml-stream")
        rc2, out, err2 = run(TT, url, "--answers", "--output", "yaml-stream")
        import yaml
        pages = yaml.safe_load(ys)
        want = ""
        for pg in pages:
            pg = dict(pg)
            pg["Assignments"] = [transform(a, errors) for a in pg["Assignments"]]
            s = io.StringIO()
            YAMLDumper().dump([pg], s)
            want += s.getvalue()
        check(rc == 0 and rc2 == 0 and out == want, "--answers yaml-stream bytes",
              None if out == want else (out[:1500], want[:1500]))
    else:
        print("awscli Python package missing: text/table/yaml byte checks skipped")
        for fmt in ("yaml", "yaml-stream", "text", "table"):
            rc, out, err = run(TT, url, "--answers", "--output", fmt)
            check(rc == 0 and "teal-ish" in out, "--answers %s runs" % fmt, err)
    # text shows the nested rows
    rc, out, err = run(TT, url, "--answers", "--output", "text")
    check("SELECTIONIDENTIFIER\tred\nSELECTIONIDENTIFIER\tblue\n" in out and
          "ANSWERS\t\t\tphoto\tuploads/worker/photo.png\t3045\n" in out, "text rows", out[:800])

    # --query over the decoded answers
    rc, out, err = run(TT, url, "--answers", "--output", "text", "--query",
                       "Assignments[0].Answers[?QuestionIdentifier=='colors'].SelectionIdentifier[]")
    check(rc == 0 and out == "red\tblue\n", "--query on Answers", (out, err))
    rc, out, err = run(TT, url, "--answers", "--query", "Assignments[?AnswersError] | length(@)")
    check(rc == 0 and out == "4\n", "--query AnswersError", (out, err))
    # --no-paginate and --max-items
    rc, out, err = run(TT, url, "--answers", "--no-paginate")
    page = json.loads(out) if rc == 0 else {}
    check(rc == 0 and page.get("Assignments") == expected["Assignments"][:10] and "NextToken" in page,
          "--no-paginate", (rc, err))
    rc, out, err = run(TT, url, "--answers", "--max-items", "3", "--output", "yaml")
    check(rc == 0 and "NextToken:" in out and "teal-ish" in out, "--max-items yaml", (out[:500], err))
    # options: the exact name only; "--a" is still --assignment-statuses
    rc, out1, err = run(TT, url, "--a", "Approved")
    rc2, out2, err2 = run(TT, url, "--assignment-statuses", "Approved")
    check(rc == 0 and rc2 == 0 and out1 == out2 and len(json.loads(out1)["Assignments"]) == 5,
          "--a abbreviates --assignment-statuses", (err, err2))
    rc, out, err = run(TT, url, "--answer")
    check(rc == 252 and "Unknown options: --answer" in err, "--answer (abbreviation) refused",
          (rc, err))
    if os.path.exists(AWS):
        arc, aout, aerr = run(AWS, url, "--answer")
        check(arc == rc and re.sub(r"\baws\b", "tinyturk", aerr) == err,
              "--answer refused like the AWS CLI", (aerr, err))
    rc, out, err = run(TT, url, "--answers=1")
    check(rc == 252, "--answers takes no value", (rc, err))
    # help and man page
    p = subprocess.run([TT, "mturk", "list-assignments-for-hit", "help"], capture_output=True,
                       env=env())
    h = p.stdout.decode()
    check("[--answers]" in h and "--answers " in h.split("GLOBAL OPTIONS")[1], "help lists --answers")
    with open(os.path.join(ROOT, "boards", "linux", "tinyturk.1")) as f:
        man = f.read()
    check("[\\-\\-answers]" in man and "\\-\\-answers " in man, "man page lists --answers")


if __name__ == "__main__":
    sys.exit(main())
