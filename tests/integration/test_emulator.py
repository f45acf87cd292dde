#!/usr/bin/python3
"""Integration tests for tests/mturk_server.py (the local MTurk endpoint).

Run from the repo root: /usr/bin/python3 tests/integration/test_emulator.py
Last stdout line: "N passed, M failed"; exit status 1 on failure.
"""

import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, TESTS)

from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

import mturk_server as ms  # noqa: E402

AKID, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SAKID = "ASIAEXAMPLE"
SSECRET, STOKEN = ms.DEFAULT_CREDENTIALS[SAKID]
HIT1, HIT2, HIT3, HIT4 = ("3DEMOHIT%022d" % i for i in range(1, 5))

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
    return cond


class _FixedSigner(SigV4Auth):
    def __init__(self, creds, region, ts):
        super().__init__(creds, "mturk-requester", region)
        self.ts = ts

    def add_auth(self, request):
        request.context["timestamp"] = self.ts
        self._modify_request_before_signing(request)
        cr = self.canonical_request(request)
        sig = self.signature(self.string_to_sign(request, cr), request)
        self._inject_signature_to_request(request, sig)


def signed_headers(host, body, akid=AKID, secret=SECRET, token=None, region="us-east-1",
                   ts=None, target=ms.TARGET, ctype=ms.CONTENT_TYPE, scheme="http"):
    """Headers in the CLI's order (Host, X-Amz-Target, Content-Type, X-Amz-Date, ...)."""
    req = AWSRequest(method="POST", url="%s://%s/" % (scheme, host), data=body)
    req.headers["Host"] = host
    req.headers["X-Amz-Target"] = target
    req.headers["Content-Type"] = ctype
    ts = ts or time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    _FixedSigner(Credentials(akid, secret, token), region, ts).add_auth(req)
    return list(req.headers.items())


class Client:
    """One keep-alive connection (http.client) with SigV4 signing by botocore."""

    def __init__(self, srv, ctx=None, host=None, timeout=10):
        self.srv = srv
        self.host = host or "127.0.0.1:%d" % srv.port
        if srv.tls:
            self.c = http.client.HTTPSConnection("127.0.0.1", srv.port, timeout=timeout, context=ctx)
        else:
            self.c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout)

    def call(self, params=None, raw_body=None, headers=None, **sign):
        body = raw_body if raw_body is not None else json.dumps(params).encode()
        hdrs = headers if headers is not None else signed_headers(
            self.host, body, scheme="https" if self.srv.tls else "http", **sign)
        self.c.putrequest("POST", "/", skip_host=True, skip_accept_encoding=True)
        for k, v in hdrs:
            self.c.putheader(k, v)
        self.c.putheader("Content-Length", str(len(body)))
        self.c.endheaders(body)
        r = self.c.getresponse()
        data = r.read()
        return r.status, dict(r.getheaders()), data

    def json(self, params, **kw):
        st, h, data = self.call(params, **kw)
        return st, h, json.loads(data)

    def close(self):
        self.c.close()


def list_all(cl, hit, size=None, statuses=None):
    out, pages, tok = [], [], None
    while True:
        p = {"HITId": hit}
        if size:
            p["MaxResults"] = size
        if statuses:
            p["AssignmentStatuses"] = statuses
        if tok:
            p["NextToken"] = tok
        st, _, obj = cl.json(p)
        if st != 200:
            raise AssertionError("status %d %r" % (st, obj))
        pages.append(obj)
        out.extend(obj["Assignments"])
        tok = obj.get("NextToken")
        if not tok:
            return out, pages


def truth(srv, hit, statuses=()):
    return json.loads(ms.Writer("compact").val(srv.dataset.filtered(hit, tuple(statuses))))


def strip_nulls_unknown(a):
    keys = ("AssignmentId", "WorkerId", "HITId", "AssignmentStatus", "AutoApprovalTime",
            "AcceptTime", "SubmitTime", "ApprovalTime", "RejectionTime", "Deadline", "Answer",
            "RequesterFeedback")
    return {k: v for k, v in a.items() if k in keys and v is not None}


def raw_exchange(port, data, timeout=5, ctx=None):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if ctx:
        s = ctx.wrap_socket(s, server_hostname="127.0.0.1", suppress_ragged_eofs=False)
    s.sendall(data)
    buf, err = b"", None
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            buf += d
    except (ConnectionResetError, ssl.SSLError, socket.timeout) as e:
        err = e
    s.close()
    return buf, err


def raw_request(host, params, **kw):
    body = json.dumps(params).encode()
    hdrs = signed_headers(host, body, **kw)
    head = "POST / HTTP/1.1\r\n" + "".join("%s: %s\r\n" % h for h in hdrs)
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body


def err_type(obj):
    return obj.get("__type", "").split("#")[-1]

# --------------------------------------------------------------------------


def t_dataset(srv):
    summ = srv.dataset.summary()
    check([summ[h]["total"] for h in (HIT1, HIT2, HIT3, HIT4)] == [5, 237, 100, 0], "demo sizes")
    check(all(summ[HIT2][s] > 0 for s in ms.STATUSES), "all statuses in HIT2")
    ok = True
    forms = set()
    for a in srv.dataset.assignments(HIT2):
        ok &= bool(re.match(r"^[A-Z0-9]{1,64}$", a["AssignmentId"]))
        ok &= bool(re.match(r"^A[A-Z0-9]+$", a["WorkerId"])) and len(a["WorkerId"]) <= 64
        ok &= ("ApprovalTime" in a) == (a["AssignmentStatus"] == "Approved")
        ok &= ("RejectionTime" in a) == (a["AssignmentStatus"] == "Rejected")
        for k in ("AcceptTime", "SubmitTime", "Deadline"):
            v = a[k]
            forms.add("E" if "E" in v else "e" if "e" in v else "." if "." in v else "int")
    check(ok, "ids/patterns/optional fields")
    check(forms == {"E", "e", ".", "int"}, "timestamp forms %r" % forms)
    check(any("RequesterFeedback" in a for a in srv.dataset.assignments(HIT2)), "feedback present")
    d2 = ms.Dataset("demo", 1)
    check(d2.assignments(HIT2) == srv.dataset.assignments(HIT2), "deterministic")
    check(ms.Dataset("demo", 2).assignments(HIT2) != srv.dataset.assignments(HIT2), "seed matters")
    g = ms.Dataset("hits=2,per_hit=7,answer_bytes=3000", 5)
    check(list(g.hits) == ["3GENHIT%023d" % 1, "3GENHIT%023d" % 2]
          and len(g.assignments("3GENHIT%023d" % 2)) == 7
          and len(g.assignments("3GENHIT%023d" % 1)[0]["Answer"].encode()) >= 3000, "generic spec")
    fx = ms.Dataset("file:" + os.path.join(TESTS, "emulator", "fixture-example.json"))
    lst = fx.assignments("3FIXTUREHIT00000000000000000001")
    check(len(lst) == 2 and lst[0]["AutoApprovalTime"] == "1.7000000005E9"
          and ms.render_page(lst[:1], None, True, None).count(b"1.7000000005E9") == 1, "file: dataset")
    with open(os.path.join(TESTS, "emulator", "faults-example.json")) as f:
        check(all("kind" in r for r in json.load(f)), "faults example parses")


def t_pagination(srv):
    cl = Client(srv)
    got, pages = list_all(cl, HIT2, 100)
    check([p["NumResults"] for p in pages] == [100, 100, 37], "pages 100/100/37")
    check([strip_nulls_unknown(a) for a in got] == truth(srv, HIT2), "decoded == truth (odd mode)")
    toks = [p["NextToken"] for p in pages if p.get("NextToken")]
    check(len(toks) == 2 and all(set("+/=") <= set(t) for t in toks), "tokens have + / =")
    log = srv.log[-3:]
    check(len({e["conn"] for e in log}) == 1 and [e["conn_request"] for e in log] == [1, 2, 3],
          "keep-alive: one connection")
    check([e["page"] for e in log] == [1, 2, 3], "page index in log")
    # default page size 10; small HIT fits one page; empty HIT
    st, _, o = cl.json({"HITId": HIT2})
    check(o["NumResults"] == 10 and o.get("NextToken"), "default page size 10")
    st, _, o = cl.json({"HITId": HIT1})
    check(o["NumResults"] == 5 and not o.get("NextToken"), "HIT1 single page")
    st, _, o = cl.json({"HITId": HIT4})
    check(st == 200 and o["NumResults"] == 0 and o["Assignments"] == [], "empty HIT")
    # exact page boundary: no token after the last full page
    _, pages = list_all(cl, HIT3, 50)
    check(len(pages) == 2, "exact boundary: 2 pages")
    # statuses
    got, _ = list_all(cl, HIT2, 30, ["Rejected", "Submitted"])
    check([strip_nulls_unknown(a) for a in got] == truth(srv, HIT2, ("Submitted", "Rejected")),
          "status filter")
    st, _, o = cl.json({"HITId": HIT2, "MaxResults": 5, "AssignmentStatuses": ["Approved"]})
    tok = o["NextToken"]
    st, _, e = cl.json({"HITId": HIT2, "NextToken": tok, "AssignmentStatuses": ["Rejected"]})
    check(st == 400 and err_type(e) == "RequestError", "token bound to statuses")
    st, _, e = cl.json({"HITId": HIT3, "NextToken": tok, "AssignmentStatuses": ["Approved"]})
    check(st == 400 and err_type(e) == "RequestError" and e["TurkErrorCode"] == "AWS.ParameterOutOfRange",
          "token bound to HIT")
    st, _, e = cl.json({"HITId": HIT2, "NextToken": "not-a-token"})
    check(st == 400 and err_type(e) == "RequestError", "garbage token")
    # plain mode: same decoded data, compact canonical bytes
    srv.configure(plain=True)
    st, h, raw = cl.call({"HITId": HIT2, "MaxResults": 100})
    srv.configure(plain=False)
    o = json.loads(raw)
    check(list(o) == ["NextToken", "NumResults", "Assignments"] and b"\\u" not in raw
          and [strip_nulls_unknown(a) for a in o["Assignments"]] == truth(srv, HIT2)[:100], "plain mode")
    # oddities appear in non-plain pages
    blob = b""
    for off in range(3):
        blob += cl.call({"HITId": HIT2, "MaxResults": 100} if off == 0 else
                        {"HITId": HIT2, "MaxResults": 7 + off})[2]
    page_blobs = [cl.call({"HITId": "3GENHIT%023d" % 1, "MaxResults": 1})[2]]
    allb = blob + b"".join(page_blobs)
    check(re.search(rb"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F]", allb) is not None, "surrogate pair escapes")
    check(b"\\/" in allb and b"\\u00" in allb, "escaped slash and \\u00XX")
    check(b"null" in allb, "null members")
    check(re.search(rb'"(ResponseMetadata|SomeFutureField|Flag|AssignmentReview|Bonus|Tags|Nothing)"', allb)
          is not None, "unknown keys")
    cl.close()


def t_validation(srv):
    cl = Client(srv)
    cases = [
        ({}, "AWS.MissingParameters", "hITId"),
        ({"HITId": "3lower"}, "AWS.ParameterOutOfRange", "regular expression"),
        ({"HITId": "A" * 65}, "AWS.ParameterOutOfRange", "less than or equal to 64"),
        ({"HITId": ""}, "AWS.ParameterOutOfRange", "greater than or equal to 1"),
        ({"HITId": HIT1, "MaxResults": 0}, "AWS.ParameterOutOfRange", "greater than or equal to 1"),
        ({"HITId": HIT1, "MaxResults": 101}, "AWS.ParameterOutOfRange", "less than or equal to 100"),
        ({"HITId": HIT1, "MaxResults": "5"}, "AWS.ParameterOutOfRange", "integer"),
        ({"HITId": HIT1, "MaxResults": True}, "AWS.ParameterOutOfRange", "integer"),
        ({"HITId": HIT1, "AssignmentStatuses": ["Pending"]}, "AWS.ParameterOutOfRange", "enum"),
        ({"HITId": HIT1, "AssignmentStatuses": ["submitted"]}, "AWS.ParameterOutOfRange", "enum"),
        ({"HITId": HIT1, "NextToken": "x" * 256}, "AWS.ParameterOutOfRange", "255"),
        ({"HITId": "3NOSUCHHIT"}, "AWS.MechanicalTurk.HITDoesNotExist", "does not exist"),
    ]
    for params, code, text in cases:
        st, h, e = cl.json(params)
        check(st == 400 and e.get("__type") == "RequestError" and e.get("TurkErrorCode") == code
              and text in e.get("Message", ""), "validation %r -> %r" % (params, e))
    st, _, e = cl.json({"HITId": "3x", "MaxResults": 500})
    check(e["Message"].startswith("2 validation errors detected: "), "multiple errors")
    st, _, o = cl.json({"HITId": HIT1, "AssignmentStatuses": []})
    check(st == 200 and o["NumResults"] == 5, "empty status list = all")
    st, _, o = cl.json({"HITId": HIT1, "Bogus": 1})
    check(st == 200, "unknown request member ignored")
    srv.configure(error_style="namespaced")
    st, _, e = cl.json({"HITId": "bad"})
    check(e["__type"] == "com.amazonaws.mturk.requester#RequestError", "namespaced RequestError")
    st, _, e = cl.json({"HITId": HIT1}, secret="wrong")
    check(e["__type"] == "com.amazon.coral.service#InvalidSignatureException", "namespaced coral")
    srv.configure(error_style="bare")
    # protocol-level errors
    st, _, e = cl.json({"HITId": HIT1}, target=ms.TARGET_PREFIX + "ListHITs")
    check(st == 400 and err_type(e) == "UnknownOperationException", "other target")
    st, _, e = cl.json({"HITId": HIT1}, ctype="application/json")
    check(st == 400 and err_type(e) == "UnknownOperationException", "wrong content type")
    body = b'{"HITId": "X",}'
    st, _, data = cl.call(raw_body=body)
    check(st == 400 and err_type(json.loads(data)) == "SerializationException", "strict JSON body")
    st, h, data = cl.call(raw_body=b'["HITId"]')
    check(st == 400 and err_type(json.loads(data)) == "SerializationException", "array body")
    check(h.get("Content-Type") == ms.CONTENT_TYPE and re.match(r"^[0-9a-f-]{36}$", h.get("x-amzn-RequestId", ""))
          and h.get("Date", "").endswith(" GMT"), "standard response headers")
    cl.close()


def t_signature(srv):
    cl = Client(srv)
    st, _, e = cl.json({"HITId": HIT1}, secret="wrong")
    check(st == 400 and e == {"__type": "InvalidSignatureException", "message": (
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.")}, "bad signature")
    check("canonical_request" in srv.log[-1].get("sig_detail", {}), "sig detail logged")
    st, _, e = cl.json({"HITId": HIT1}, akid="AKIDUNKNOWN")
    check(st == 400 and e["__type"] == "UnrecognizedClientException"
          and e["message"] == "The security token included in the request is invalid.", "unknown key")
    st, _, o = cl.json({"HITId": HIT1}, akid=SAKID, secret=SSECRET, token=STOKEN)
    check(st == 200 and o["NumResults"] == 5, "session token accepted")
    check(any(k == "X-Amz-Security-Token" for k, _ in srv.log[-1]["headers"]), "token header logged")
    st, _, e = cl.json({"HITId": HIT1}, akid=SAKID, secret=SSECRET)
    check(st == 400 and e["__type"] == "UnrecognizedClientException", "missing session token")
    st, _, e = cl.json({"HITId": HIT1}, region="eu-west-1")
    check(st == 400 and e["__type"] == "InvalidSignatureException" and "region" in e["message"], "region")
    st, _, o = cl.json({"HITId": HIT1}, region="sandbox")
    check(st == 200, "sandbox scope accepted")
    body = json.dumps({"HITId": HIT1}).encode()
    hd = [(k, v) for k, v in signed_headers(cl.host, body)]
    tampered = json.dumps({"HITId": HIT2}).encode()
    st, _, data = cl.call(raw_body=tampered, headers=hd)
    check(st == 400 and json.loads(data)["__type"] == "InvalidSignatureException", "body covered")
    hd2 = [(k, v) for k, v in hd if k != "Authorization"]
    st, _, data = cl.call(raw_body=body, headers=hd2)
    check(st == 400 and json.loads(data) == {"__type": "MissingAuthenticationTokenException",
                                             "message": "Missing Authentication Token"}, "no auth")
    hd3 = [(k, v if k != "Authorization" else "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x") for k, v in hd]
    st, _, data = cl.call(raw_body=body, headers=hd3)
    check(st == 400 and json.loads(data)["__type"] == "IncompleteSignatureException", "incomplete auth")
    srv.configure(allow_anonymous=True)
    st, _, data = cl.call(raw_body=body, headers=hd2)
    check(st == 200, "anonymous allowed")
    srv.configure(allow_anonymous=False, verify_signature=False)
    st, _, data = cl.call(raw_body=body, headers=hd2)
    check(st == 200 and srv.log[-1]["sig"] == "skipped", "no-verify")
    srv.configure(verify_signature=True)
    # clock skew: 20 min old request
    old = time.gmtime(time.time() - 1200)
    ts = time.strftime("%Y%m%dT%H%M%SZ", old)
    st, h, e = cl.json({"HITId": HIT1}, ts=ts)
    m = re.match(r"^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) "
                 r"\((\d{8}T\d{6}Z) - 15 min\.\)$", e.get("message", ""))
    check(st == 400 and e["__type"] == "InvalidSignatureException" and m and m.group(1) == ts,
          "expired signature %r" % e)
    st, h, e = cl.json({"HITId": HIT1}, ts=time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() + 1200)))
    check(st == 400 and e["message"].startswith("Signature not yet current: ")
          and e["message"].endswith(" + 15 min.)"), "future signature")
    st, _, o = cl.json({"HITId": HIT1}, ts=time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() - 600)))
    check(st == 200, "10 min skew tolerated")
    srv.configure(clock_skew=3600)
    st, h, e = cl.json({"HITId": HIT1})
    server_date = datetime.datetime.strptime(h["Date"], "%a, %d %b %Y %H:%M:%S GMT").replace(
        tzinfo=datetime.timezone.utc).timestamp()
    check(st == 400 and "Signature expired" in e["message"] and abs(server_date - time.time() - 3600) < 5,
          "server clock skew + Date header")
    srv.configure(clock_skew=0)
    srv.add_faults([{"kind": "skew", "seconds": -3600}])
    st, h, e = cl.json({"HITId": HIT1})
    check(st == 400 and "not yet current" in e["message"], "skew fault")
    st, h, o = cl.json({"HITId": HIT1})
    check(st == 200, "skew fault used up")
    cl.close()


def t_faults(srv):
    srv.reset()
    cl = Client(srv)
    srv.add_faults([{"kind": "throttle", "nth": 1}])
    st, h, e = cl.json({"HITId": HIT1})
    check(st == 400 and e == {"__type": "ThrottlingException", "message": "Rate exceeded"}, "throttle")
    st, h, e = cl.json({"HITId": HIT1})
    check(st == 200, "throttle only nth=1")
    srv.add_faults([{"kind": "service_fault", "times": 2}])
    r1, r2 = cl.json({"HITId": HIT1}), cl.json({"HITId": HIT1})
    check(r1[0] == 500 and r2[0] == 500 and r1[2]["__type"] == "ServiceFault"
          and "Message" in r1[2] and "TurkErrorCode" in r1[2], "service_fault x2")
    check(cl.json({"HITId": HIT1})[0] == 200, "times exhausted")
    for stc, body, ct in ((500, "html", "text/html"), (502, None, "text/html"), (503, "empty", None),
                          (504, None, "text/html")):
        rule = {"kind": "status", "status": stc}
        if body:
            rule["body"] = body
        srv.add_faults([rule])
        st, h, data = cl.call({"HITId": HIT1})
        check(st == stc and h.get("Content-Type") == ct and (data == b"") == (stc == 503),
              "status %d" % stc)
    srv.add_faults([{"kind": "request_error", "turk_code": "ServiceUnavailable"}])
    st, h, e = cl.json({"HITId": HIT1})
    check(st == 400 and e["TurkErrorCode"] == "ServiceUnavailable", "request_error fault")
    # predicates: page and hit
    srv.add_faults([{"kind": "throttle", "page": 2, "hit": HIT2}])
    st, _, o = cl.json({"HITId": HIT2, "MaxResults": 100})
    st2, _, e = cl.json({"HITId": HIT2, "MaxResults": 100, "NextToken": o["NextToken"]})
    check(st == 200 and st2 == 400 and e["__type"] == "ThrottlingException", "page predicate")
    # repeat_token
    srv.add_faults([{"kind": "repeat_token", "page": 2}])
    _, _, p1 = cl.json({"HITId": HIT2, "MaxResults": 50})
    _, _, p2 = cl.json({"HITId": HIT2, "MaxResults": 50, "NextToken": p1["NextToken"]})
    check(p2["NextToken"] == p1["NextToken"], "repeat_token")
    # malformed bodies
    for v in ms.MALFORMED_VARIANTS:
        srv.add_faults([{"kind": "malformed", "variant": v}])
        st, h, data = cl.call({"HITId": HIT1})
        valid = True
        try:
            o = json.loads(data.decode("utf-8"), parse_constant=ms._reject_const)
            valid = isinstance(o, dict) and isinstance(o.get("Assignments"), list) and \
                isinstance(o.get("NumResults"), int)
            if v in ("lone_surrogate", "duplicate_keys", "huge_number"):
                valid = False                  # valid JSON, semantically broken
        except (ValueError, UnicodeDecodeError, RecursionError):
            valid = False
        check(st == 200 and not valid, "malformed %s" % v)
    check(cl.json({"HITId": HIT1})[0] == 200, "after malformed")
    cl.close()
    # close: Connection: close then EOF
    srv.add_faults([{"kind": "close"}])
    port = srv.port
    data, err = raw_exchange(port, raw_request("127.0.0.1:%d" % port, {"HITId": HIT1}))
    check(b"\r\nConnection: close\r\n" in data and err is None and data.endswith(b"}"), "close fault")
    # reset before any byte
    srv.add_faults([{"kind": "reset", "at_byte": 0}])
    data, err = raw_exchange(port, raw_request("127.0.0.1:%d" % port, {"HITId": HIT1}))
    check(data == b"" and isinstance(err, ConnectionResetError), "reset at 0 (%r)" % err)
    srv.add_faults([{"kind": "reset", "at_byte": 40}])
    data, err = raw_exchange(port, raw_request("127.0.0.1:%d" % port, {"HITId": HIT1}))
    check(len(data) <= 40 and data.startswith(b"HTTP/1.1 200 OK") and isinstance(err, ConnectionResetError),
          "reset at 40 (%d bytes, %r)" % (len(data), err))
    srv.add_faults([{"kind": "truncate", "at_byte": 300}])
    data, err = raw_exchange(port, raw_request("127.0.0.1:%d" % port, {"HITId": HIT1}))
    check(len(data) == 300 and err is None, "truncate at 300 (%d, %r)" % (len(data), err))
    # slow: the client times out first, then the connection still works later
    srv.add_faults([{"kind": "slow", "delay": 1.0}])
    c2 = Client(srv, timeout=0.3)
    try:
        c2.call({"HITId": HIT1})
        check(False, "slow: expected timeout")
    except socket.timeout:
        check(True, "slow")
    c2.close()
    srv.add_faults([{"kind": "slow", "after_headers": 0.05, "piece": 100, "piece_delay": 0.001}])
    c3 = Client(srv)
    st, h, o = c3.json({"HITId": HIT1})
    check(st == 200 and o["NumResults"] == 5, "trickled body")
    c3.close()
    # extra headers
    srv.add_faults([{"kind": "headers", "headers": [["X-Test", "1"]]}])
    c4 = Client(srv)
    st, h, _ = c4.call({"HITId": HIT1})
    check(h.get("X-Test") == "1", "extra headers")
    c4.close()
    # via control endpoint
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("POST", "/__control/faults", json.dumps([{"kind": "throttle", "hit": HIT3, "times": -1}]))
    check(conn.getresponse().read() and True, "control faults")
    c5 = Client(srv)
    a, b = c5.json({"HITId": HIT3})[0], c5.json({"HITId": HIT3})[0]
    check(a == 400 and b == 400 and c5.json({"HITId": HIT1})[0] == 200, "unlimited times + hit")
    c5.close()
    conn.request("POST", "/__control/reset", b"")
    conn.getresponse().read()
    conn.request("GET", "/__control/log")
    check(json.loads(conn.getresponse().read()) == [], "reset clears log")
    c6 = Client(srv)
    check(c6.json({"HITId": HIT3})[0] == 200, "reset clears faults")
    c6.close()
    conn.request("GET", "/__control/log")
    lg = json.loads(conn.getresponse().read())
    check(len(lg) == 1 and lg[0]["index"] == 1 and lg[0]["headers"][0][0] == "Host"
          and json.loads(lg[0]["body"]) == {"HITId": HIT3}, "log after reset")
    conn.request("GET", "/__control/assignments?hit=" + HIT1 + "&status=Approved")
    ta = json.loads(conn.getresponse().read())
    check(ta and all(a["AssignmentStatus"] == "Approved" for a in ta), "truth endpoint")
    conn.request("GET", "/__control/dataset")
    check(json.loads(conn.getresponse().read())["hits"][HIT2]["total"] == 237, "dataset endpoint")
    conn.close()


def dechunk(raw):
    head, _, rest = raw.partition(b"\r\n\r\n")
    body, exts, trailers = b"", [], []
    while True:
        line, _, rest = rest.partition(b"\r\n")
        size, _, ext = line.partition(b";")
        if ext:
            exts.append(ext)
        n = int(size, 16)
        if n == 0:
            while True:
                t, _, rest = rest.partition(b"\r\n")
                if not t:
                    return head, body, exts, trailers, rest
                trailers.append(t)
        body += rest[:n]
        assert rest[n:n + 2] == b"\r\n"
        rest = rest[n + 2:]


def t_chunked(srv):
    srv.reset()
    port = srv.port
    srv.add_faults([{"kind": "chunked"}, {"kind": "close"}])
    data, err = raw_exchange(port, raw_request("127.0.0.1:%d" % port, {"HITId": HIT2, "MaxResults": 20}))
    head, body, exts, trailers, rest = dechunk(data)
    o = json.loads(body)
    check(b"Transfer-Encoding: chunked" in head and b"Content-Length" not in head and o["NumResults"] == 20,
          "chunked response")
    check(exts and trailers == [b"X-Tt-Trailer: done"] and rest == b"", "chunk extensions + trailer")
    srv.configure(chunked=True)
    cl = Client(srv)
    got, _ = list_all(cl, HIT2, 100)
    check(len(got) == 237, "http.client reads chunked pages")
    srv.configure(chunked=False)
    cl.close()
    # chunked request body + Expect: 100-continue
    body = json.dumps({"HITId": HIT1}).encode()
    hdrs = signed_headers("127.0.0.1:%d" % port, body)
    req = ("POST / HTTP/1.1\r\n" + "".join("%s: %s\r\n" % h for h in hdrs)
           + "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").encode()
    req += b"5;x=y\r\n" + body[:5] + b"\r\n" + b"%x\r\n" % (len(body) - 5) + body[5:] + b"\r\n0\r\n\r\n"
    data, err = raw_exchange(port, req)
    check(data.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK"), "chunked request + 100-continue")
    check(srv.log[-1]["body_framing"] == "chunked" and srv.log[-1]["sig"] == "ok", "chunked logged")
    # malformed HTTP
    data, err = raw_exchange(port, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n")
    check(data.startswith(b"HTTP/1.1 400 "), "CL+TE rejected")
    data, err = raw_exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(data.split(b" ")[1] == b"405", "GET -> 405")


def t_log_file(srv, logpath):
    with open(logpath, encoding="utf-8") as f:
        lines = [json.loads(x) for x in f]
    check(len(lines) >= 10 and all("headers" in e and "status" in e for e in lines), "JSONL log file")


def t_tls(certdir):
    srv = ms.start_server(tls=True, cert=os.path.join(certdir, "server.pem"),
                          key=os.path.join(certdir, "server.key"))
    ctx = ssl.create_default_context(cafile=os.path.join(certdir, "ca.pem"))
    cl = Client(srv, ctx=ctx)
    got, pages = list_all(cl, HIT2, 100)
    check(len(got) == 237 and srv.log[-1]["tls"] and srv.log[-1]["sig"] == "ok", "TLS pagination")
    cl.close()
    srv.add_faults([{"kind": "reset", "at_byte": 100}])
    data, err = raw_exchange(srv.port, raw_request("127.0.0.1:%d" % srv.port, {"HITId": HIT1},
                                                   scheme="https"), ctx=ctx)
    check(len(data) <= 100 and err is not None, "TLS reset at 100 (%d, %r)" % (len(data), err))
    srv.add_faults([{"kind": "truncate", "at_byte": 100}])
    data, err = raw_exchange(srv.port, raw_request("127.0.0.1:%d" % srv.port, {"HITId": HIT1},
                                                   scheme="https"), ctx=ctx)
    check(len(data) == 100 and err is None, "TLS truncate with close_notify")
    srv.stop()
    for name, why in (("untrusted-server", "unknown CA"), ("wronghost", "hostname"),
                      ("expired", "expired"), ("server-ec", None), ("chain-server", None)):
        s2 = ms.start_server(tls=True, cert=os.path.join(certdir, name + ".pem"),
                             key=os.path.join(certdir, name + ".key"))
        try:
            c = http.client.HTTPSConnection("127.0.0.1", s2.port, timeout=5, context=ctx)
            c.request("POST", "/__control/dataset")
            c.getresponse().read()
            ok = why is None
        except ssl.SSLCertVerificationError:
            ok = why is not None
        check(ok, "TLS cert %s" % name)
        s2.stop()


def run_cli(args, env_extra=None):
    home = tempfile.mkdtemp()
    env = {"PATH": "/usr/bin:/bin", "HOME": home, "AWS_ACCESS_KEY_ID": AKID,
           "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": ""}
    env.update(env_extra or {})
    p = subprocess.run(["/usr/bin/aws", "mturk", "list-assignments-for-hit"] + args,
                       capture_output=True, env=env, timeout=60)
    shutil.rmtree(home, ignore_errors=True)
    return p


def iso(v):
    return datetime.datetime.fromtimestamp(float(v), datetime.timezone.utc).isoformat()


def t_cli(srv_http, certdir):
    if not os.path.exists("/usr/bin/aws"):
        check(False, "/usr/bin/aws missing")
        return
    srv_http.reset()
    p = run_cli(["--endpoint-url", srv_http.url, "--hit-id", HIT2, "--page-size", "5",
                 "--max-items", "12"])
    out = json.loads(p.stdout) if p.returncode == 0 else {}
    ids = [a["AssignmentId"] for a in out.get("Assignments", [])]
    check(p.returncode == 0 and ids == [a["AssignmentId"] for a in truth(srv_http, HIT2)[:12]],
          "aws cli http (%r)" % p.stderr[-300:])
    t = truth(srv_http, HIT2)[0]
    a0 = out.get("Assignments", [{}])[0]
    check(a0.get("AcceptTime") == iso(t["AcceptTime"]) and a0.get("Answer") == t["Answer"],
          "aws cli decodes timestamps/answer")
    check(len(srv_http.log) == 3 and all(e["sig"] == "ok" for e in srv_http.log), "aws cli 3 pages signed")
    # plain + session token, text output
    p = run_cli(["--endpoint-url", srv_http.url, "--hit-id", HIT1, "--output", "text", "--query",
                 "Assignments[].AssignmentId"], {"AWS_ACCESS_KEY_ID": SAKID, "AWS_SECRET_ACCESS_KEY": SSECRET,
                                                 "AWS_SESSION_TOKEN": STOKEN})
    check(p.returncode == 0 and p.stdout.decode().split() == [a["AssignmentId"] for a in truth(srv_http, HIT1)],
          "aws cli session token")
    # errors
    p = run_cli(["--endpoint-url", srv_http.url, "--hit-id", "3NOSUCH"])
    check(p.returncode == 254 and b"(RequestError)" in p.stderr and b"does not exist" in p.stderr,
          "aws cli RequestError")
    srv_http.add_faults([{"kind": "service_fault", "times": 2}])
    p = run_cli(["--endpoint-url", srv_http.url, "--hit-id", HIT1], {"AWS_MAX_ATTEMPTS": "3"})
    check(p.returncode == 0, "aws cli retries 500,500 then 200")
    # HTTPS with the test CA
    srv = ms.start_server(tls=True, cert=os.path.join(certdir, "server.pem"),
                          key=os.path.join(certdir, "server.key"), dataset="bench")
    p = run_cli(["--endpoint-url", srv.url, "--ca-bundle", os.path.join(certdir, "ca.pem"),
                 "--hit-id", "BENCHHIT0000000000000000000001", "--page-size", "100",
                 "--max-items", "250", "--query", "length(Assignments)"])
    check(p.returncode == 0 and p.stdout.strip() == b"250" and len(srv.log) == 3
          and len({e["conn"] for e in srv.log}) == 1, "aws cli https keep-alive (%r)" % p.stderr[-300:])
    srv.stop()


def t_process(certdir):
    tmp = tempfile.mkdtemp()
    pf = os.path.join(tmp, "port")
    logf = os.path.join(tmp, "log.jsonl")
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(TESTS, "mturk_server.py"), "--port", "0",
                          "--port-file", pf, "--log", logf, "--tls-dir", certdir, "--idle-timeout", "30"],
                         stdout=subprocess.PIPE)
    line = p.stdout.readline().decode()
    m = re.match(r"^PORT (\d+)$", line.strip())
    check(m and open(pf).read().strip() == m.group(1), "PORT line and port file")
    port = int(m.group(1))
    ctx = ssl.create_default_context(cafile=os.path.join(certdir, "ca.pem"))
    data, err = raw_exchange(port, raw_request("127.0.0.1:%d" % port, {"HITId": HIT1}, scheme="https")
                             .replace(b"Content-Type", b"Connection: close\r\nContent-Type"), ctx=ctx)
    check(data.startswith(b"HTTP/1.1 200 OK"), "process mode TLS request")
    p.send_signal(signal.SIGTERM)
    check(p.wait(timeout=10) == 0, "SIGTERM exit 0")
    with open(logf) as f:
        check(len(f.readlines()) == 1, "process log file")
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(TESTS, "mturk_server.py"),
                          "--idle-timeout", "0.5", "--no-prewarm"], stdout=subprocess.PIPE)
    p.stdout.readline()
    try:
        check(p.wait(timeout=10) == 0, "idle timeout exit")
    except subprocess.TimeoutExpired:
        p.kill()
        check(False, "idle timeout exit")
    shutil.rmtree(tmp, ignore_errors=True)


def main():
    os.chdir(os.path.dirname(TESTS))
    build = os.environ.get("TT_BUILD", "build")
    tmp = tempfile.mkdtemp(prefix="tt-emu-")
    certdir = os.path.join(tmp, "certs")
    logpath = os.path.join(tmp, "log.jsonl")
    r = subprocess.run(["bash", os.path.join(TESTS, "gen_certs.sh"), certdir])
    check(r.returncode == 0 and os.path.exists(os.path.join(certdir, "expired.pem")), "gen_certs.sh")
    srv = ms.start_server(dataset="demo+hits=1,per_hit=3", log_path=logpath)
    steps = [("dataset", lambda: t_dataset(srv)), ("pagination", lambda: t_pagination(srv)),
             ("validation", lambda: t_validation(srv)), ("signature", lambda: t_signature(srv)),
             ("log_file", lambda: t_log_file(srv, logpath)),
             ("faults", lambda: t_faults(srv)), ("chunked", lambda: t_chunked(srv)),
             ("tls", lambda: t_tls(certdir)), ("cli", lambda: t_cli(srv, certdir)),
             ("process", lambda: t_process(certdir))]
    for name, fn in steps:
        t0 = time.time()
        try:
            fn()
        except Exception:
            traceback.print_exc()
            check(False, "step %s raised" % name)
        print("# %-10s %.2fs" % (name, time.time() - t0))
    srv.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    del build
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
