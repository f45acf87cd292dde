#!/usr/bin/python3
"""Check the kiosk's decoded answers on its UART log.

    /usr/bin/python3 tests/tools/qfa_kiosk_check.py UART_LOG [--grow HIT N]

The mps2-an386 kiosk prints, after each "ASSIGNMENT <n> <id> ..." line, one
line per answer value of that assignment (boards/mps2-an386/kiosk.c):
    ANSWER <QuestionIdentifier> <kind> <value>
or "ANSWER-ERROR <TT_ERR_QFA_...> at=<byte>" when the XML does not decode.
Here the expected lines come from the emulator's own data set ("demo", seed
1, as the board test runs it; --grow adds the assignments its "grow" fault
creates), each Answer decoded by Python's xml.etree through the reference
model of tests/integration/test_qfa_python.py, escaped as the kiosk does
(ASCII only: '\\' -> "\\\\", LF TAB CR -> "\\n" "\\t" "\\r", other bytes outside
0x21..0x7E -> "\\xhh", a space kept in the value).  Every assignment must be
followed by exactly its lines, and no ANSWER-ERROR may appear.
Prints one line per problem and a last line "N passed, M failed"; exit 1
on any failure.
"""
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from mturk_server import Dataset  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "qfa_ref", os.path.join(ROOT, "tests", "integration", "test_qfa_python.py"))
qfa_ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qfa_ref)
NAMES = ["QuestionIdentifier", "FreeText", "SelectionIdentifier", "OtherSelectionText",
         "UploadedFileSizeInBytes", "UploadedFileKey"]


def esc(s, keep_space):
    out = []
    for b in s.encode("utf-8"):
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        elif b == 0x0D:
            out.append("\\r")
        elif 0x21 <= b <= 0x7E or (b == 0x20 and keep_space):
            out.append(chr(b))
        else:
            out.append("\\x%02x" % b)
    return "".join(out)


def expected_lines(answer):
    if not answer:
        return []
    want = qfa_ref.reference(answer.encode("utf-8"))
    if want[0] != "OK":
        return ["ANSWER-ERROR"]  # the kiosk adds the code and offset
    return ["ANSWER %s %s %s" % (esc(qid, False), NAMES[k], esc(v, True))
            for _i, k, qid, v, _size in want[1] if k != 0]


def main():
    args = sys.argv[1:]
    grow = []
    while "--grow" in args:
        i = args.index("--grow")
        grow.append((args[i + 1], int(args[i + 2])))
        del args[i:i + 3]
    ds = Dataset("demo", 1)
    for hit, n in grow:
        ds.grow(hit, n)
    answers = {}
    for h in range(1, 5):
        hit = "3DEMOHIT%022d" % h
        for a in ds.assignments(hit) or []:
            answers[a["AssignmentId"]] = a.get("Answer")
    with open(args[0], encoding="utf-8", errors="replace") as f:
        lines = [x.rstrip("\n") for x in f]
    passed = failed = 0
    i = 0
    while i < len(lines):
        parts = lines[i].split()
        i += 1
        if not parts or parts[0] != "ASSIGNMENT":
            if parts and parts[0] in ("ANSWER", "ANSWER-ERROR"):
                print("FAIL answer line outside an assignment: %r" % lines[i - 1])
                failed += 1
            continue
        aid = parts[2]
        got = []
        while i < len(lines) and lines[i].split(" ", 1)[0] in ("ANSWER", "ANSWER-ERROR"):
            got.append(lines[i] if not lines[i].startswith("ANSWER-ERROR") else "ANSWER-ERROR")
            i += 1
        if aid not in answers:
            print("FAIL %s: not in the emulator's data set" % aid)
            failed += 1
            continue
        want = expected_lines(answers[aid])
        if got == want and "ANSWER-ERROR" not in got:
            passed += 1
        else:
            failed += 1
            print("FAIL %s: answers differ\n  want %r\n  got  %r" % (aid, want[:4], got[:4]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
