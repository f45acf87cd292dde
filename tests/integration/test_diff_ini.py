"""Differential test: the credentials/config file parser tt_ini_parse
(boards/linux/tt_awscfg.c) against Python's configparser.RawConfigParser,
which botocore (the AWS CLI) uses to read ~/.aws/config and
~/.aws/credentials (botocore.configloader.raw_config_parse).

Random INI texts (sections, [profile x] headers, trailing text after ']',
keys with spaces and upper case, '=' and ':', empty values, continuation
lines, comment lines inside values, CRLF, duplicate sections and keys,
empty keys, options outside a section, lines without a separator) go
through build/tools/ttdiff (command I) in one batch.  Both must accept or
both refuse ("Unable to parse config file" in the CLI), and when both
accept, the sections and every (section, key, value) must be equal.

Deliberate differences, documented in tt_awscfg.c and kept out of the
generated texts (not compared):
  - a blank line ends a multi-line value (configparser keeps '' lines and
    goes on with the next indented line);
  - continuation is "the line starts with whitespace" (configparser: indented
    deeper than the option line), so option lines are generated unindented;
  - [DEFAULT] is an ordinary section (configparser copies its keys into
    every section): never generated;
  - whitespace is ASCII (Python's str.strip also strips e.g. U+00A0, U+0085)
    and keys are lower-cased in ASCII only; a lone CR is not a line break.

TT_DIFF_CASES (default 3000), TT_DIFF_SEED (default random, printed),
TT_DIFF_TOOL (default $TT_BUILD/tools/ttdiff).  Last line "N passed, M failed".
"""
import configparser
import os
import random
import subprocess
import sys

BUILD = os.environ.get("TT_BUILD", "build")
TOOL = os.environ.get("TT_DIFF_TOOL", os.path.join(BUILD, "tools", "ttdiff"))
CASES = int(os.environ.get("TT_DIFF_CASES", "3000"))
SEED = int(os.environ.get("TT_DIFF_SEED", str(random.randrange(1 << 30))))
rnd = random.Random(SEED)

SECTIONS = ["default", "profile dev", "profile  dev ", 'profile "q"', "dev", "services s",
            "sso-session x", "a]b", "x y", "é", "profile dev] tail"]
KEYS = ["region", "Region", "output", "aws_access_key_id", "aws_secret_access_key",
        "aws_session_token", "max_attempts", "retry_mode", "mturk", "endpoint_url", "a b",
        "cli_pager", "k", "x.y", "[k", "#k", "k;"]
VALUES = ["us-east-1", "", "json", "AKID", "se=cr:et", "a ; not a comment", "# not a comment",
          "é😀", "3", "  spaced  ", "[x]", "\t", "https://127.0.0.1:8443/"]


def gen_line(state):
    r = rnd.random()
    if r < 0.15 or state["section"] is None and r < 0.3:
        name = rnd.choice(SECTIONS)
        if rnd.random() < 0.1 and state["seen"]:
            name = rnd.choice(state["seen"])  # a duplicate section
        state["seen"].append(name)
        state["section"] = name
        state["open"] = False
        tail = rnd.choice(["", "", " ", " # c", "x"])
        return "[" + name + "]" + tail
    if r < 0.22:
        return rnd.choice(["#", ";", "  #", "\t;"]) + rnd.choice(["", " comment", " k = v"])
    if r < 0.35 and state["open"]:
        return rnd.choice(["  ", "\t", " "]) + rnd.choice(VALUES + ["k = v", "[s]", "x"]).strip() + "x"
    if r < 0.38:
        return rnd.choice(["novalue", "= v", " : v", "[", "[]", "[x", "x]"])
    key = rnd.choice(KEYS)
    if rnd.random() < 0.08 and state["keys"]:
        key = rnd.choice(state["keys"]).upper()  # a duplicate key
    state["keys"].append(key)
    sep = rnd.choice(["=", " = ", ":", " : ", "=  ", " ="])
    line = key + sep + rnd.choice(VALUES)
    # "#k = v" is a comment line, "[k = [x]" a section header
    state["open"] = key[0] not in "#;" and not (key[0] == "[" and "]" in line.strip()[2:])
    return line


def gen_text():
    state = {"section": None, "seen": [], "keys": [], "open": False}
    lines = []
    if rnd.random() < 0.9:
        lines.append("[" + rnd.choice(SECTIONS) + "]")
        state["section"] = lines[-1]
        state["seen"].append(lines[-1][1:-1])
    for _ in range(rnd.randrange(0, 10)):
        line = gen_line(state)
        if rnd.random() < 0.05:
            lines.append("")  # a blank line ends a value: the next one must not be indented
            state["open"] = False
        lines.append(line)
    nl = "\r\n" if rnd.random() < 0.15 else "\n"
    text = nl.join(lines) + (nl if rnd.random() < 0.8 else "")
    return text


def python_outcome(text):
    cp = configparser.RawConfigParser()
    try:
        cp.read_string(text)
    except configparser.Error:
        return "ERR"
    secs = cp.sections()
    out = []
    for s in secs:
        for k, v in cp._sections[s].items():  # pylint: disable=protected-access
            out.append("%s/%s=%s" % (s.encode().hex(), k.encode().hex(), v.encode().hex()))
    return "OK " + ",".join(s.encode().hex() for s in secs) + ";" + ",".join(out)


def comparable(text):
    """False for texts that hit a documented difference."""
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if line.strip() == "":
            # the next line that is neither blank nor a comment
            for nxt in lines[i + 1:]:
                if nxt.strip() and nxt.strip()[0] not in "#;":
                    if nxt[:1] in (" ", "\t"):
                        return False
                    break
    return "[DEFAULT]" not in text


REGRESSIONS = [  # bugs found by this test (boards/linux/tt_awscfg.c)
    "[default]\nregion = us-east-1\nregion = eu-west-1\n",   # duplicate key
    "[default]\nRegion = a\nregion = b\n",                     # duplicate after lower-casing
    "[default]\nregion = a\n[default]\noutput = json\n",       # duplicate section
    "[default]\n= x\n",                                        # empty key
    "[default]\n[k = v\n",                                     # '[' without ']': an option
]


def main():
    if not os.access(TOOL, os.X_OK):
        print("FAIL: %s not built (make)" % TOOL)
        print("0 passed, 1 failed")
        return 1
    texts = list(REGRESSIONS)
    while len(texts) < CASES + len(REGRESSIONS):
        t = gen_text()
        if comparable(t):
            texts.append(t)
    cmds = ["I " + (t.encode("utf-8").hex() or "-") for t in texts]
    res = subprocess.run([TOOL], input=("\n".join(cmds) + "\n").encode(), capture_output=True,
                         timeout=600)
    if res.returncode != 0:
        print("FAIL: ttdiff exited %d: %s" % (res.returncode, res.stderr.decode()[-2000:]))
        print("0 passed, 1 failed")
        return 1
    out = res.stdout.decode().split("\n")
    passed = failed = shown = 0
    for t, got in zip(texts, out):
        want = python_outcome(t)
        if got == want:
            passed += 1
        else:
            failed += 1
            if shown < 12:
                shown += 1
                print("FAIL text=%r\n  ours:   %s\n  python: %s" % (t, got[:300], want[:300]))
    print("seed %d: %d texts" % (SEED, len(texts)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
