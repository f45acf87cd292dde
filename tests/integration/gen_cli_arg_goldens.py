#!/usr/bin/python3
"""Captures the reference AWS CLI's stderr / exit code / stdout for the
command lines in CASES into tests/golden/cli-args/cases.json.

Also a differential fuzzer (random command lines, aws vs build/tools/ttargs;
prints the differences, stores nothing):

    /usr/bin/python3 tests/integration/gen_cli_arg_goldens.py --fuzz N [SEED]

Known, expected differences it shows: an invalid command word (the CLI lists
its ~300 services, we list ours) and command lines where `list-assignments-
for-hit` ends up as the command word (a tinyturk shortcut).

Run by hand (needs /usr/bin/aws 2.9.19; makes no request: every case has
--endpoint-url http://127.0.0.1:1 and a request-making case fails to
connect, which the test reads as "the command line was accepted"):

    /usr/bin/python3 tests/integration/gen_cli_arg_goldens.py

The goldens are stored as the CLI printed them; test_cli_args.py applies
tinyturk's documented differences (program name instead of "aws", the
extra "jsonl" --output choice) when comparing.
"""
import json
import os
import subprocess
import sys
import tempfile

L = ["mturk", "list-assignments-for-hit"]
E = ["--endpoint-url", "http://127.0.0.1:1"]

CASES = [
    # accepted command lines
    L + ["--hit-id", "X"],
    ["list-assignments-for-hit", "--hit-id", "X"] if False else L + ["--hit-id=X"],
    ["--debug"] if False else L + ["--hit-id", "X", "--output", "text", "--region", "eu-west-1"],
    ["--output", "text"] + L + ["--hit-id", "X"],
    L + ["--hit-id", "X", "--assignment-statuses", "Submitted", "Approved"],
    L + ["--hit-id", "X", "--assignment-statuses"],
    L + ["--hit-id", "X", "--page-size", "5", "--max-items", "3", "--starting-token", "abc"],
    L + ["--hit-id", "X", "--max-items", "-1"],
    L + ["--hit", "X", "--page", "2"],
    L + ["--hit-id", "X", "--no-paginate"],
    L + ["--hit-id", "X", "--next-token", "T"],
    L + ["--hit-id", "X", "--max-results", "5"],
    L + ["--hit-id", "X", "--cli-read-timeout", "0"],
    L + ["--hit-id", "X", "--page-size", "-5"] if False else L + ["--hit-id", "X", "--page-size", "7", "--page-size", "8"],
    L + ["--hit-id", "X", "--query", "Assignments[].AssignmentId"],
    L + ["--cli-input-json", '{"HITId": "ABC", "AssignmentStatuses": ["Approved"]}'],
    L + ["--cli-input-yaml", "HITId: ABC\nAssignmentStatuses:\n- Approved\n"],
    L + ["--hit-id", "X", "--cli-input-json", '{"HITId": ""}'],
    # argparse errors
    L,
    [],
    ["mturk"],
    ["mturk", "foo"],
    L + ["--hit-id", "X", "--bogus"],
    L + ["--hit-id", "X", "extra", "words"],
    L + ["--hit-id", "X", "--page-size", "abc"],
    L + ["--hit-id", "X", "--page-size"],
    L + ["--hit-id", "X", "--max-items", "1.5"],
    L + ["--hit-id", "X", "--output", "foo"],
    L + ["--hit-id", "X", "--output", "jsn"],
    L + ["--hit-id", "X", "--output", "yaml-stram"],
    L + ["--hit-id", "X", "--color", "foo"],
    L + ["--hit-id", "X", "--cli-binary-format", "foo"],
    L + ["--hit-id", "X", "--region"],
    L + ["--hit-id", "X", "--debug=1"],
    L + ["--hit-id", "X", "--no-paginate=yes"],
    L + ["--max", "3", "--hit-id", "X"],
    L + ["--hit-id", "X", "--cli-input", "{}"],
    L + ["--hit-id", "X", "--generate-cli-skeleton", "foo"],
    L + ["--generate-cli-skeleton", "output"],
    L + ["--hit-id", "X", "--query", "["],
    L + ["--hit-id", "X", "--query", "Assignments[?"],
    L + ["--hit-id", "X", "--cli-auto-prompt", "--no-cli-auto-prompt"],
    # parameter validation / pagination
    L + ["--hit-id", ""],
    L + ["--hit-id", "X", "--page-size", "0"],
    L + ["--hit-id", "", "--page-size", "0"],
    L + ["--hit-id", "X", "--max-results", "0"],
    L + ["--hit-id", "X", "--max-results", "abc"],
    L + ["--hit-id", "X", "--no-paginate", "--page-size", "3"],
    L + ["--hit-id", "X", "--no-paginate", "--starting-token", "t", "--page-size", "3", "--max-items", "2"],
    L + ["--hit-id", "X", "--no-paginate", "--max-items", "0"],
    L + ["--hit-id", "X", "--next-token", "a", "--page-size", "3"],
    L + ["--hit-id", "X", "--cli-read-timeout", "abc"],
    L + ["--hit-id", "X", "--cli-connect-timeout", "1.5"],
    L + ["--hit-id", "X", "--cli-read-timeout", "-1"],
    # --cli-input-json / yaml
    L + ["--cli-input-json", "{"],
    L + ["--cli-input-json", "[1]"],
    L + ["--cli-input-json", "{}"],
    L + ["--cli-input-json", '{"Bogus": 1, "HITId": "X"}'],
    L + ["--cli-input-json", '{"HITId": 5, "MaxResults": "a", "AssignmentStatuses": "x", "NextToken": ""}'],
    L + ["--cli-input-json", '{"HITId": null}'],
    L + ["--cli-input-json", '{"HITId": "X", "AssignmentStatuses": [1, null]}'],
    L + ["--cli-input-json", '{"HITId": "X", "MaxResults": 0}'],
    L + ["--hit-id", "X", "--cli-input-json", '{"NextToken": "a"}', "--page-size", "3"],
    L + ["--hit-id", "X", "--cli-input-json", "file://does-not-exist.json"],
    L + ["--hit-id", "file://does-not-exist.txt"],
    L + ["--hit-id", "X", "--cli-input-json", "{}", "--cli-input-yaml", "{}"],
    L + ["--cli-input-yaml", "{"],
    L + ["--cli-input-yaml", "a: ["],
    L + ["--cli-input-yaml", "HITId: ''"],
    L + ["--cli-input-yaml", "- a"],
    # skeletons
    L + ["--generate-cli-skeleton"],
    L + ["--generate-cli-skeleton", "input"],
    L + ["--generate-cli-skeleton", "yaml-input"],
    L + ["--generate-cli-skeleton", "input", "--page-size", "abc"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X", "--page-size", "0"],
    # help / version (stdout not compared: the CLI's man pages are not ours)
    ["help"],
    ["mturk", "help"],
    L + ["help"],
    L + ["--hit-id", "X", "help"],
    ["--version"],
    ["--version"] + L,
    L + ["--hit-id", "X", "--version"],
    L + ["--hit-id", "X", "--output", "foo", "--version"],
    L + ["--hit-id", "X", "--version", "--output", "foo"],
    # argparse corners
    L + ["--hit-id", "-X"],
    L + ["--hit-id", "-1"],
    L + ["--hit-id", "X", "--page-size=-1"],
    L + ["--hit-id", "X", "--page-size", "-1"],
    L + ["--hit-id", "X", "--", "--page-size", "3"],
    L + ["--hit-id", "X", "--page-size", "5", "--page-size", "abc"],
    L + ["--hit-id", "X", "--page-size", " 7 "],
    L + ["--hit-id", "X", "--page-size", "1_0"],
    L + ["--hit-id", "X", "--page-size", "+3"],
    L + ["--hit", "X", "--assign", "Submitted"],
    L + ["--hit-id", "X", "--no-pag"],
    L + ["--hit-id", "X", "--out", "text"],
    L + ["--hit-id", "X", "--q", "Assignments"],
    L + ["--hit-id", "X", "--c", "x"],
    L + ["--hit-id", "X", "--cli", "x"],
    L + ["--hit-id", "X", "--no"],
    L + ["--hit-id", "X", "--starting", "tok"],
    L + ["--hit-id", "X", "--gen"],
    L + ["--cli-input-j", "{}"],
    L + ["--hit-id", "X", "--max-i", "3"],
    L + ["--hit-id", "X", "--profile"],
    L + ["--hit-id", "X", "--debug", "--debug"],
    ["--region", "us-east-1", "--output", "json"] + L + ["--hit-id", "X"],
    ["--no-paginate"] + L + ["--hit-id", "X", "--page-size", "2"],
    L + ["--hit-id", "X", "--hit-id", ""],
    L + ["--hit-id", "", "--hit-id", "X"],
    L + ["--hit-id", "X", "--assignment-statuses", "Submitted,Approved"],
    L + ["--hit-id", "X", "--assignment-statuses", '["Submitted", "Approved"]'],
    L + ["--hit-id", "X", "--assignment-statuses", "[1, 2]"],
    L + ["--hit-id", "X", "--assignment-statuses", "a", "--assignment-statuses", "b"],
    L + ["--hit-id", "X", "--generate-cli-skeleton", "yaml-input", "--cli-input-json", "{"],
    L + ["--hit-id", "X", "--no-paginate", "--starting-token", ""],
    L + ["--hit-id", "X", "--no-paginate", "--page-size", "0"],
    L + ["--hit-id", "X", "--max-results", "5", "--starting-token", "t"],
    L + ["--hit-id", "X", "--next-token", ""],
    L + ["--hit-id", "X", "--query", "Assignments[0].{a: AssignmentId}"],
    L + ["--hit-id", "X", "--query", "foo bar"],
    L + ["--hit-id", "X", "--query", ""],
    L + ["--hit-id", "X", "--cli-read-timeout", " 5 "],
    L + ["--hit-id", "X", "--cli-connect-timeout", "-3"],
    L + ["--hit-id", "X", "--cli-read-timeout", "-1", "--page-size", "0"],
    # file:// and inputs
    L + ["--cli-input-json", "file://tests/golden/cli-args/input.json"],
    L + ["--cli-input-yaml", "file://tests/golden/cli-args/input.yaml"],
    L + ["--cli-input-json", "file://tests/golden/cli-args/input-maxresults.json", "--max-items", "2"],
    L + ["--cli-input-json", "file://tests/golden/cli-args/input-maxresults.json", "--page-size", "0"],
    L + ["--hit-id", "file://tests/golden/cli-args/hitid.txt"],
    L + ["--hit-id", "X", "--cli-input-yaml", "file://tests/golden/cli-args"],
    L + ["--cli-input-json", '{"HITId": "X", "MaxResults": 5.5}'],
    L + ["--cli-input-json", '{"HITId": true}'],
    L + ["--cli-input-json", '{"HITId": "X", "AssignmentStatuses": {}}'],
    L + ["--cli-input-json", '"str"'],
    L + ["--cli-input-json", "null"],
    L + ["--cli-input-json", '{"HITId": "X", "HITId": ""}'],
    L + ["--cli-input-json", '{"HITId": "X", "MaxResults": 2, "NextToken": "n"}'],
    L + ["--cli-input-json", '{"HITId": "X"}', "--hit-id", ""],
    L + ["--cli-input-json", '{"HITId": "", "Zed": 1, "Alpha": 2}'],
    L + ["--cli-input-yaml", "{HITId: X, MaxResults: 0}"],
    L + ["--cli-input-yaml", "HITId: 123"],
    L + ["--cli-input-yaml", "HITId: null"],
    L + ["--cli-input-yaml", "HITId:"],
    L + ["--cli-input-yaml", ""],
    L + ["--cli-input-yaml", "HITId: X\nMaxResults: 5.0"],
    L + ["--cli-input-yaml", "HITId: X\nAssignmentStatuses: [Submitted, 'Approved']"],
    L + ["--cli-input-yaml", "HITId: 'it''s'\nNextToken: \"\""],
    L + ["--cli-input-yaml", "HITId: X\nAssignmentStatuses:\n- true\n- 1"],
    L + ["--cli-input-yaml", "HITId: X\n  bad: indent"],
    L + ["--cli-input-yaml", "HITId: X # c\nMaxResults: 0x10"],
    # output skeleton variants (the test compares stdout with tinyturk only)
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X", "--output", "text"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X", "--output", "yaml"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X", "--output", "yaml-stream"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X", "--output", "table"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X", "--query", "Assignments[0].AcceptTime"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", "X", "--query", "Assignments[].[HITId,WorkerId]", "--output", "text"],
    L + ["--generate-cli-skeleton", "output", "--hit-id", ""],
    # auto-prompt on a non-terminal
    L + ["--cli-auto-prompt"],
    L + ["--hit-id", "X", "--cli-auto-prompt"],
    # --assignment-statuses as a JSON list (Python json error texts)
    L + ["--hit-id", "X", "--assignment-statuses", "[bad"],
    L + ["--hit-id", "X", "--assignment-statuses", "[1 2]"],
    L + ["--hit-id", "X", "--assignment-statuses", '["a'],
    L + ["--hit-id", "X", "--assignment-statuses", "[1,]"],
    L + ["--hit-id", "X", "--assignment-statuses", "[] x"],
    L + ["--hit-id", "X", "--assignment-statuses", '[{"a" 1}]'],
    L + ["--hit-id", "X", "--assignment-statuses", "[\n x]"],
    L + ["--hit-id", "X", "--assignment-statuses", '["\u00e9", x]'],
    # starting tokens whose NextToken fails validation
    L + ["--hit-id", "", "--starting-token", "", "--page-size", "0"],
    L + ["--hit-id", "X", "--starting-token", "___3"],
    L + ["--hit-id", "X", "--starting-token", "eyJOZXh0VG9rZW4iOiAiIn0="],
    L + ["--hit-id", "X", "--starting-token", "eyJOZXh0VG9rZW4iOiA1fQ=="],
    L + ["--hit-id", "X", "--starting-token", "None"],
    L + ["--hit-id", "X", "--starting-token", "", "--no-paginate"],

]


def run(args):
    assert E[1].startswith("http://127.0.0.1:")
    home = tempfile.mkdtemp()
    env = {"PATH": "/usr/bin:/bin", "HOME": home, "AWS_ACCESS_KEY_ID": "a",
           "AWS_SECRET_ACCESS_KEY": "b", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": ""}
    p = subprocess.run(["/usr/bin/aws"] + args + E, env=env, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=120)
    os.rmdir(home)
    return p


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    out = []
    for args in CASES:
        p = run(args)
        out.append({"args": args, "exit": p.returncode,
                    "stderr": p.stderr.decode("utf-8", "replace"),
                    "stdout": p.stdout.decode("utf-8", "replace")})
        sys.stderr.write("%3d %s\n" % (p.returncode, " ".join(args)))
    path = os.path.join("tests", "golden", "cli-args", "cases.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


FUZZ_WORDS = [
    ["--hit-id", "X"], ["--hit-id"], ["--hit-id", ""], ["--hit", "Y"],
    ["--assignment-statuses", "Submitted", "Approved"], ["--assignment-statuses"],
    ["--page-size", "3"], ["--page-size", "0"], ["--page-size", "x"], ["--max-items", "2"],
    ["--max-items", "0"], ["--starting-token", "t"], ["--starting-token", ""], ["--no-paginate"],
    ["--next-token", "n"], ["--max-results", "4"], ["--max-results", "0"], ["--output", "text"],
    ["--output", "bad"], ["--query", "a.b"], ["--query", "a["], ["--profile"],
    ["--region", "eu-west-1"], ["--color", "on"], ["--cli-input-json", '{"HITId":"J","MaxResults":1}'],
    ["--cli-input-json", "{}"], ["--cli-input-yaml", "HITId: Q"], ["--generate-cli-skeleton"],
    ["--generate-cli-skeleton", "output"], ["--generate-cli-skeleton", "yaml-input"], ["help"],
    ["extra"], ["--bogus"], ["--"], ["--max", "1"], ["--no-pag"], ["--cli-read-timeout", "x"],
    ["--cli-read-timeout", "-2"], ["--version"], ["-1"], ["--page-size=-3"], ["--out", "yaml"],
    ["--cli", "1"],
]


def fuzz(n, seed):
    import importlib.util
    import random
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("t", os.path.join(here, "test_cli_args.py"))
    t = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(t)
    os.chdir(os.path.join(here, "..", ".."))
    ttargs = os.path.join(os.environ.get("TT_BUILD", "build"), "tools", "ttargs")
    rnd = random.Random(seed)
    bad = 0
    for _ in range(n):
        args = []
        for _ in range(rnd.randint(0, 4)):
            args += rnd.choice(FUZZ_WORDS)
        full = L + args
        if args and rnd.random() < 0.1:
            cut = rnd.randint(0, len(args))
            full = args[:cut] + L + args[cut:]
        a = run(full)
        b = subprocess.run([ttargs] + full + E, capture_output=True, stdin=subprocess.DEVNULL,
                           env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
                                "AWS_DEFAULT_REGION": "us-east-1"})
        ae, be = a.stderr.decode(), b.stderr.decode()
        if a.returncode == 255 and "Could not connect" in ae:
            ok = b.returncode == 0 and b.stdout.startswith(b"RUN")
        elif a.returncode == 0 and a.stdout.startswith(b"aws-cli/"):
            ok = b.stdout == b"VERSION\n"
        elif a.returncode == 0 and "help" in full:
            ok = b.stdout.startswith(b"HELP")
        elif a.returncode == 0 and "output" in full and "--generate-cli-skeleton" in full:
            ok = b.stdout.startswith(b"SKELETON")
        else:
            ok = (a.returncode == b.returncode and t.adapt(ae, "ttargs") == be and
                  (a.returncode != 0 or a.stdout == b.stdout))
        if not ok:
            bad += 1
            print("DIFF", json.dumps(full))
            print("  aws", a.returncode, repr(ae[-300:]))
            print("  tt ", b.returncode, repr(be[-300:]), repr(b.stdout[:100]))
    print("%d cases, %d differences" % (n, bad))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--fuzz":
        fuzz(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    else:
        main()
