#!/usr/bin/python3
"""core/tt_time.h against Python's datetime: >= 10 000 random instants (plus
edge instants) formatted and parsed back through every supported form, and
days<->civil conversion over years 1..9999.  Drives build/tools/ttime in batch
(one request per line on stdin, one answer per line on stdout).
Last line: "N passed, M failed"."""
import datetime as dt
import os
import random
import subprocess
import sys

BUILD = os.environ.get("TT_BUILD", "build")
TOOL = os.path.join(BUILD, "tools", "ttime")
MAX = 253402300799  # 9999-12-31T23:59:59Z
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WDL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MO = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        if failed <= 30:
            print("FAIL", what)


def run(lines):
    p = subprocess.run([TOOL], input="".join(l + "\n" for l in lines), capture_output=True,
                       text=True, check=True)
    out = p.stdout.splitlines()
    if len(out) != len(lines):
        raise SystemExit("ttime answered %d lines for %d requests" % (len(out), len(lines)))
    return out


def utc(e):
    return EPOCH + dt.timedelta(seconds=e)


def imf(d):
    return "%s, %02d %s %04d %02d:%02d:%02d GMT" % (WD[d.weekday()], d.day, MO[d.month - 1], d.year,
                                                  d.hour, d.minute, d.second)


def rfc850(d):
    return "%s, %02d-%s-%02d %02d:%02d:%02d GMT" % (WDL[d.weekday()], d.day, MO[d.month - 1],
                                                   d.year % 100, d.hour, d.minute, d.second)


def asctime(d):
    return "%s %s %2d %02d:%02d:%02d %04d" % (WD[d.weekday()], MO[d.month - 1], d.day, d.hour,
                                              d.minute, d.second, d.year)


def main():
    if not os.access(TOOL, os.X_OK):
        print("missing %s (run make first)" % TOOL)
        print("0 passed, 1 failed")
        return 1
    rng = random.Random(20261129)
    instants = [0, 1, 59, 60, 86399, 86400, MAX, MAX - 1, 951782400, 951868800, 4107542399,
                4107542400, 2147483647, 2147483648, 4294967295, 4294967296, 946684799, 946684800]
    # edge-biased: around every 1 Jan / 29 Feb / 1 Mar of sampled years
    for y in rng.sample(range(1970, 10000), 600) + [2000, 2100, 2400, 1972, 9999]:
        for (m, d) in ((1, 1), (2, 28), (3, 1)) + (((2, 29),) if y % 4 == 0 and (y % 100 or y % 400 == 0) else ()):
            e = int((dt.datetime(y, m, d, tzinfo=dt.timezone.utc) - EPOCH).total_seconds())
            for delta in (-1, 0, 1):
                if 0 <= e + delta <= MAX:
                    instants.append(e + delta)
    instants += [rng.randint(0, MAX) for _ in range(10000)]
    instants += [rng.randint(0, 4102444800) for _ in range(2000)]  # 1970..2100, the likely span

    # 1. formatting
    out = run(["F %d" % e for e in instants])
    for e, got in zip(instants, out):
        d = utc(e)
        want = "%s %s %s" % (d.strftime("%Y%m%dT%H%M%SZ").rjust(16, "0"),
                             "%04d-%02d-%02dT%02d:%02d:%02dZ" % (d.year, d.month, d.day, d.hour, d.minute, d.second),
                             "%04d%02d%02d" % (d.year, d.month, d.day))
        check(got == want, "format %d: got %r want %r" % (e, got, want))

    # 2. out of range
    bad = [-1, MAX + 1, -86400, 2 ** 62, -(2 ** 62)] + [rng.randint(-(2 ** 40), -1) for _ in range(50)] + \
          [rng.randint(MAX + 1, 2 ** 50) for _ in range(50)]
    for e, got in zip(bad, run(["F %d" % e for e in bad])):
        check(got == "ERR TT_ERR_TIME_RANGE", "range %d: %r" % (e, got))

    # 3. parsing: X-Amz-Date and the three HTTP date forms back to the instant
    req, want = [], []
    for e in instants:
        d = utc(e)
        req.append("A %04d%02d%02dT%02d%02d%02dZ" % (d.year, d.month, d.day, d.hour, d.minute, d.second))
        want.append(str(e))
        req.append("H " + imf(d).encode().hex())
        want.append(str(e))
        req.append("H " + asctime(d).encode().hex())
        want.append(str(e))
        if d.year < 2070:  # RFC 850's two-digit year: 70..99 -> 19xx, 00..69 -> 20xx
            req.append("H " + rfc850(d).encode().hex())
            want.append(str(e))
    for r, w, got in zip(req, want, run(req)):
        check(got == w, "parse %s: got %r want %r" % (r if r[0] == "A" else bytes.fromhex(r[2:]), got, w))

    # 4. impossible dates are refused, never normalised
    neg = ["A 20230229T000000Z", "A 21000229T000000Z", "A 20231131T000000Z", "A 20231301T000000Z",
           "A 20231200T000000Z", "A 20231201T240000Z", "A 20231201T006000Z", "A 20231201T000060Z",
           "H " + "Sun, 29 Feb 2023 00:00:00 GMT".encode().hex(),
           "H " + "Sun, 31 Apr 2023 00:00:00 GMT".encode().hex(),
           "H " + "Sun Feb 29 00:00:00 2100".encode().hex()]
    for r, got in zip(neg, run(neg)):
        check(got == "ERR TT_ERR_TIME_SYNTAX", "impossible %s: %r" % (r, got))

    # 5. days <-> civil over the whole proleptic range 1..9999
    dates = [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1970, 1, 1), dt.date(1600, 2, 29)]
    dates += [dt.date.fromordinal(rng.randint(1, dt.date(9999, 12, 31).toordinal())) for _ in range(5000)]
    off = dt.date(1970, 1, 1).toordinal()
    out = run(["D %d %d %d" % (d.year, d.month, d.day) for d in dates])
    for d, got in zip(dates, out):
        check(got == str(d.toordinal() - off), "days %s: %r" % (d, got))
    out = run(["C %d" % (d.toordinal() - off) for d in dates])
    for d, got in zip(dates, out):
        check(got == "%d %d %d" % (d.year, d.month, d.day), "civil %s: %r" % (d, got))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
