#!/usr/bin/python3
"""Cross-check tt_sigv4_sign against botocore's SigV4Auth (Debian python3-botocore).

Generates a few hundred MTurk ListAssignmentsForHIT requests (random HIT ids,
bodies with NextTokens full of + / =, unicode both \\u-escaped and raw UTF-8,
with and without session tokens, dates across midnight, year ends and leap
days), signs each with botocore (clock pinned) and with
build/tools/sigv4_sign (one batch over stdin/stdout), and asserts the
X-Amz-Date and Authorization headers are byte-identical.
Last line: "N passed, M failed".
"""
import datetime
import json
import os
import random
import subprocess
import sys
import types

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BUILD = os.environ.get("TT_BUILD", "build")
TOOL = os.path.join(BUILD, "tools", "sigv4_sign")

FIXED_TIMES = [
    "2026-12-31T23:59:59", "2027-01-01T00:00:00", "2026-11-29T00:14:22",
    "2024-02-29T12:00:00", "2024-02-29T23:59:59", "2024-03-01T00:00:00",
    "2028-02-29T00:00:00", "2000-02-29T23:59:59", "2100-02-28T23:59:59",
    "2100-03-01T00:00:00", "1999-12-31T23:59:59", "2000-01-01T00:00:00",
    "1970-01-01T00:00:00", "2038-01-19T03:14:08", "9999-12-31T23:59:59",
    "2026-06-30T23:59:59", "2026-07-01T00:00:00",
]

TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
UNICODE_BITS = ["É", "日本", "ß", "🙂", "\u00a0", "ñ", "Ω", "\u2028"]


def hexf(b):
    if isinstance(b, str):
        b = b.encode("utf-8")
    return b.hex() if b else "-"


class _PinnedDatetime(datetime.datetime):
    pinned = datetime.datetime(2026, 1, 1)

    @classmethod
    def utcnow(cls):
        return cls.pinned


botocore.auth.datetime = types.SimpleNamespace(
    datetime=_PinnedDatetime, timedelta=datetime.timedelta)


def rand_str(rng, alphabet, lo, hi):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def make_case(rng, i):
    if i < len(FIXED_TIMES):
        when = datetime.datetime.strptime(FIXED_TIMES[i], "%Y-%m-%dT%H:%M:%S")
    else:
        # random instants, biased towards day/year boundaries
        base = datetime.datetime(rng.randint(1970, 2099), 1, 1)
        when = base + datetime.timedelta(seconds=rng.randint(0, 366 * 86400 - 1))
        if rng.random() < 0.3:
            when = when.replace(hour=23, minute=59, second=59)
    hit = rand_str(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 30, 30)
    if rng.random() < 0.15:
        hit = hit[:10] + rng.choice(UNICODE_BITS) + hit[10:]
    params = {"HITId": hit}
    if rng.random() < 0.4:
        params["AssignmentStatuses"] = rng.sample(["Submitted", "Approved", "Rejected"],
                                                  rng.randint(1, 3))
    if rng.random() < 0.5:
        params["MaxResults"] = rng.randint(1, 100)
    if rng.random() < 0.6:
        tok = rand_str(rng, TOKEN_CHARS, 20, 255)
        if rng.random() < 0.2:
            tok += rng.choice(UNICODE_BITS)
        params["NextToken"] = tok
    if rng.random() < 0.2:
        body = json.dumps(params, ensure_ascii=False).encode("utf-8")  # raw UTF-8
    else:
        body = json.dumps(params).encode("ascii")  # what the CLI sends
    if rng.random() < 0.5:
        host, url = "mturk-requester.us-east-1.amazonaws.com", \
            "https://mturk-requester.us-east-1.amazonaws.com/"
        region = "us-east-1"
    elif rng.random() < 0.5:
        host, url = "mturk-requester-sandbox.us-east-1.amazonaws.com", \
            "https://mturk-requester-sandbox.us-east-1.amazonaws.com/"
        region = "us-east-1"
    else:
        port = rng.randint(1024, 65535)
        host, url = "127.0.0.1:%d" % port, "http://127.0.0.1:%d/" % port
        region = rng.choice(["us-east-1", "eu-west-1", "ap-southeast-2"])
    akid = "AKIA" + rand_str(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16)
    secret = rand_str(rng, TOKEN_CHARS[:-1], 40, 40)
    token = None
    if rng.random() < 0.35:
        token = rand_str(rng, TOKEN_CHARS, 100, 900)
    return dict(when=when, body=body, host=host, url=url, region=region,
                akid=akid, secret=secret, token=token)


def botocore_sign(c):
    _PinnedDatetime.pinned = c["when"]
    headers = {
        "X-Amz-Target": "MTurkRequesterServiceV20170117.ListAssignmentsForHIT",
        "Content-Type": "application/x-amz-json-1.1",
        "User-Agent": "aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12",
    }
    req = AWSRequest(method="POST", url=c["url"], data=c["body"], headers=headers)
    creds = Credentials(c["akid"], c["secret"], c["token"])
    botocore.auth.SigV4Auth(creds, "mturk-requester", c["region"]).add_auth(req)
    return req.headers["X-Amz-Date"], req.headers["Authorization"]


def tool_line(c):
    epoch = int((c["when"] - datetime.datetime(1970, 1, 1)).total_seconds())
    # The engine signs exactly Host, X-Amz-Target, Content-Type (+ date/token).
    hdrs = [("Host", c["host"]),
            ("X-Amz-Target", "MTurkRequesterServiceV20170117.ListAssignmentsForHIT"),
            ("Content-Type", "application/x-amz-json-1.1")]
    f = [str(epoch), hexf("POST"), hexf("/"), "-", hexf(c["region"]), hexf("mturk-requester"),
         hexf(c["akid"]), hexf(c["secret"]), hexf(c["token"] or ""), hexf(c["body"]), "0",
         str(len(hdrs))]
    for n, v in hdrs:
        f += [hexf(n), hexf(v)]
    return " ".join(f)


def main():
    rng = random.Random(int(os.environ.get("TT_SEED", "20261129")))
    n = int(os.environ.get("TT_SIGV4_CASES", "400"))
    cases = [make_case(rng, i) for i in range(n)]
    if not os.access(TOOL, os.X_OK):
        print("missing %s (run make first)" % TOOL)
        print("0 passed, 1 failed")
        return 1
    inp = "".join(tool_line(c) + "\n" for c in cases)
    out = subprocess.run([TOOL], input=inp.encode(), stdout=subprocess.PIPE,
                         check=False).stdout.decode().splitlines()
    passed = failed = 0
    tokens = dates = 0
    for i, c in enumerate(cases):
        want_date, want_auth = botocore_sign(c)
        got = out[i] if i < len(out) else "ERR missing"
        expect = "OK %s %s" % (want_date, want_auth)
        if got == expect:
            passed += 1
        else:
            failed += 1
            print("FAIL case %d (%s, token=%s, body=%r)\n  got:  %s\n  want: %s"
                  % (i, c["when"], bool(c["token"]), c["body"][:80], got, expect))
        tokens += bool(c["token"])
        dates += 1
    print("signed %d requests (%d with session token) with botocore %s and tt_sigv4"
          % (dates, tokens, botocore.__version__ if hasattr(botocore, "__version__") else "?"))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    import botocore  # noqa: F401  (for __version__)
    sys.exit(main())
