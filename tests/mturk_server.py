#!/usr/bin/python3
"""Local Amazon MTurk endpoint (ListAssignmentsForHIT only) for tinyturk tests.

Python 3 standard library + Debian's python3-botocore.  SigV4 signatures are
recomputed with botocore's own SigV4Auth (canonical request, string to sign,
key derivation), never with code of ours.  Listens on 127.0.0.1 only.

Run
    /usr/bin/python3 tests/mturk_server.py [--port 0] [--port-file F]
        [--tls --cert C --key K | --tls-dir DIR] [--dataset SPEC] [--seed N]
        [--log FILE.jsonl] [--faults FILE.json] [--chunked] [--plain]
        [--idle-timeout S (30)] [--max-lifetime S (600)] [--clock-skew S]
        [--no-verify-signature] [--allow-anonymous] [--regions LIST|any]
        [--credential AKID:SECRET[:TOKEN]]... [--error-style bare|namespaced]
        [--page-size-default N (10)] [--token-at-end] [--explain-signature]
        [--turk-message-timestamps] [--no-control] [--conn-idle S (60)]
        [--no-prewarm]
  Once listening it prints "PORT <n>" (flushed) and writes <n> to --port-file
  (atomically).  It exits by itself after --idle-timeout seconds without a
  request, after --max-lifetime seconds, and on SIGTERM/SIGINT.
  --tls-dir DIR runs tests/gen_certs.sh DIR and serves DIR/server.pem.

Import (thread, for speed)
    sys.path.insert(0, "tests"); from mturk_server import start_server
    srv = start_server(dataset="demo", tls=False)   # any option below
    srv.port, srv.url, srv.log (list of dicts), srv.add_faults([...]),
    srv.reset(), srv.configure(clock_skew=...), srv.dataset, srv.stop()

Protocol (like an AWS JSON 1.1 service)
  POST / with X-Amz-Target MTurkRequesterServiceV20170117.ListAssignmentsForHIT
  and Content-Type application/x-amz-json-1.1.  HTTP/1.1 keep-alive, request
  bodies with Content-Length or chunked, Expect: 100-continue.  Every response
  carries x-amzn-RequestId (uuid, deterministic per seed/request index),
  Content-Type application/x-amz-json-1.1, Content-Length (or chunked) and Date
  (RFC 7231, server clock incl. skew).
  Order of checks: HTTP framing -> path/method -> signature -> target/content
  type -> JSON body -> validation -> NextToken -> HIT lookup.

Errors (HTTP 400 unless noted; --error-style namespaced prefixes __type with
com.amazon.coral.service# for the Coral errors and
com.amazonaws.mturk.requester# for RequestError)
  MissingAuthenticationTokenException  "Missing Authentication Token"
  IncompleteSignatureException         malformed Authorization / no date
  UnrecognizedClientException          unknown key id or bad/missing session token
  InvalidSignatureException            signature mismatch, wrong scope/region/
        service, host unsigned, "Signature expired: T is now earlier than
        L (N - 15 min.)" / "Signature not yet current: T is still later than
        L (N + 15 min.)"
  UnknownOperationException            other/missing X-Amz-Target or content type
  SerializationException               body not a UTF-8 JSON object
  RequestError {"Message","TurkErrorCode"}: validation (Coral wording, e.g.
        "1 validation error detected: Value '101' at 'maxResults' failed to
        satisfy constraint: Member must have value less than or equal to 100"),
        TurkErrorCode AWS.ParameterOutOfRange (AWS.MissingParameters for a
        missing HITId), invalid/foreign NextToken (AWS.ParameterOutOfRange),
        unknown HIT (AWS.MechanicalTurk.HITDoesNotExist).
  Coral-style errors use lower-case "message"; RequestError uses "Message".

Semantics
  Default page size when MaxResults is absent: 10 (real default unverified).
  AssignmentStatuses [] or absent = all statuses.  NextToken is present only
  when more results remain (--token-at-end: also after an exactly full last
  page, which then yields an empty page).  NextTokens are opaque standard
  base64 containing '+', '/' and '=' and are bound (HMAC) to seed, HIT,
  status filter and offset; deterministic, no expiry.

Data sets (--dataset, joined with '+')
  demo   3DEMOHIT0000000000000000000001..4 with 5, 237, 100, 0 assignments
  bench  BENCHHIT0000000000000000000001 with 10000 assignments
  hits=H,per_hit=N[,answer_bytes=B]   3GENHIT<23 digits> ids, N each
  file:PATH.json  {"HITID": [ {assignment}, ... ]}; timestamps given as
         numbers or as {"$raw": "1.7E9"} to keep a number form verbatim
  Everything is derived from --seed (default 1).  All statuses occur; Approval/
  RejectionTime only for Approved/Rejected; RequesterFeedback sometimes;
  Answer is QuestionFormAnswers XML with unicode, quotes, newlines, tabs, CR,
  emoji; timestamps in int / decimal / Java exponent (1.7000000005E9) and a few
  e+ / lower-case forms.  The decoded values do not depend on --plain.
  Unless --plain: per page (deterministically) varying top-level/assignment key
  order, unknown keys (incl. decoy nested "Assignments"/"AssignmentId"), nulls
  for absent members, \\uXXXX escapes (lower/upper hex, surrogate pairs, escaped
  ASCII like \\u003c), escaped slashes, varying whitespace, NextToken with \\/.

Fault injection: rules from --faults FILE (a JSON list) or POST /__control/faults.
  Rule = {"kind": K, <predicates>, "times": n (default 1, -1 = unlimited), ...}
  Predicates (all given must hold; none = any request):
    nth (int or list; API request index since start/reset, 1-based),
    min_nth, max_nth, page (1 = request without NextToken), hit, has_token,
    conn_request (index of the request on its connection, 1-based).
  Every matching rule applies (and uses up one of its times); kinds combine.
  Response kinds (first one wins):
    throttle        400 ThrottlingException "Rate exceeded" ("code" overrides)
    service_fault   500 ServiceFault JSON
    status          "status": N, "body": "json"|"html"|"empty"|<raw text>,
                    optional "content_type", "json" (object)
    request_error   400 RequestError "message", "turk_code"
    malformed       200, "variant": one of MALFORMED_VARIANTS (default missing_colon)
    repeat_token    NextToken := the request's NextToken
    empty_body200   alias of malformed/empty
  Transport kinds:
    reset     "at_byte": K - send K bytes of the response, then RST (SO_LINGER 0)
    truncate  "at_byte": K - send K bytes, then a clean close (TLS close_notify
              unless "close_notify": false)
    slow      "delay": S before the response, "after_headers": S between head
              and body, "piece": bytes + "piece_delay": S trickle the body
    close     add "Connection: close" and close ("announce": false = close
              silently after the response, like an idle keep-alive drop)
    chunked   Transfer-Encoding: chunked ("chunk_sizes": [..], "extensions",
              "trailer" booleans, default true)
    skew      "seconds": S server clock offset for this request
    headers   "headers": [[name, value], ...] extra response headers
    grow      before answering, append "count" (1) new assignments with status
              "status" (Submitted) to the request's HIT (or "target_hit"): new
              work arriving between two polls of a kiosk/--watch client
    content_length  "delta": D (Content-Length = body length + D) or "value":
              any text sent as the Content-Length (the body is unchanged)
    (chunked also takes "bad_size": text sent as the chunk-size line of
              chunk number "bad_at" (default 0; 0 = the first data chunk))
Control endpoint (same port, no signature; disabled by --no-control):
  POST /__control/faults  body: rule list or {"rules": [...], "replace": bool}
  GET  /__control/faults  pending rules
  GET  /__control/log     request log (JSON list); ?since=N
  GET  /__control/connections  connection events (accept, TLS failures)
  POST /__control/reset   clear log, faults, counter, skew/config overrides
  POST /__control/config  {"clock_skew", "plain", "chunked", "verify_signature",
                           "allow_anonymous", "error_style", "token_at_end"}
  GET  /__control/dataset  {"hits": {HIT: {"total", "Submitted", ...}}}
  GET  /__control/assignments?hit=H[&status=S...]  decoded truth (JSON)
  POST /__control/shutdown
Log entry (JSONL in --log and /__control/log): index, conn, conn_request,
  time, tls, method, target, version, headers [[name, value] in received
  order], body (text; body_b64 if not UTF-8), body_framing, bare_lf,
  status, error_type, sig ("ok"/"skipped"/"anonymous"/error type),
  faults [kinds], fault_rules, hit, page, next_token, num_results,
  response_bytes.  An entry is written before the response is sent.
"""

import argparse
import base64
import collections
import datetime
import email.utils
import hashlib
import hmac
import http
import json
import os
import random
import re
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
import warnings

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

TARGET = "MTurkRequesterServiceV20170117.ListAssignmentsForHIT"
TARGET_PREFIX = "MTurkRequesterServiceV20170117."
CONTENT_TYPE = "application/x-amz-json-1.1"
SERVICE = "mturk-requester"
STATUSES = ("Submitted", "Approved", "Rejected")
ENTITY_RE = re.compile(r"^[A-Z0-9]+$")
HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULT_CREDENTIALS = {
    "AKIDEXAMPLE": ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None),
    "ASIAEXAMPLE": ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLESESSION",
                    "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUC"
                    "IQDtinyturk+session/token=EXAMPLE"),
}

MALFORMED_VARIANTS = (
    "missing_colon", "trailing_comma", "truncated", "not_json", "empty",
    "bad_escape", "bad_utf8", "unquoted_key", "single_quotes", "wrong_types",
    "deep_nesting", "extra_data", "control_char", "nan", "huge_number",
    "lone_surrogate", "bom", "null_top", "array_top", "leading_zero",
    "duplicate_keys", "unterminated_string",
)

# --------------------------------------------------------------------------
# Data set


class Raw(str):
    """A JSON number kept verbatim (timestamps in their exact wire form)."""


def _ts_forms(ms, form):
    sec, frac = divmod(ms, 1000)
    if form == "int":
        return Raw(str(sec))
    if form == "dec":
        f = ("%03d" % frac).rstrip("0") or "0"
        return Raw("%d.%s" % (sec, f))
    if form == "dec6":
        return Raw("%d.%03d456" % (sec, frac))
    digits = (str(sec) + "%03d" % frac).rstrip("0")
    exp = len(str(sec)) - 1
    mant = digits[0] + "." + (digits[1:] or "0")
    if form == "java":
        return Raw("%sE%d" % (mant, exp))
    if form == "java_plus":
        return Raw("%sE+%d" % (mant, exp))
    return Raw("%se%d" % (mant, exp))           # "lower"


PHRASES = [
    "Café crème – très bien", "日本語のテキスト", "✓ done", 'He said "hello" & left',
    "tab\tseparated\tvalues", "line one\nline two", "emoji 😀 and 🎉", "back\\slash",
    "a/b/c path", "windows\r\nline", "Ünïcödé ñ ß", "price < 5 > 3", "𝄞 clef",
    "apostrophe's", "zero\u200bwidth", "plain text answer", "naïve résumé",
    "Ελληνικά", "中文 答案", "«guillemets»", "semi;colon,comma", "{\"json\": [1]}",
]
FEEDBACK = ["Thanks – great work ✓", 'Rejected: "answer" was empty', "Good job!",
            "Please follow the\ninstructions", "Merci beaucoup é 日本", "ok"]


def _xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _make_answer(rng, answer_bytes):
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
             '<QuestionFormAnswers xmlns="http://mechanicalturk.amazonaws.com/'
             'AWSMechanicalTurkDataSchemas/2005-10-01/QuestionFormAnswers.xsd">\n']
    nq = rng.randint(1, 3)
    for q in range(nq):
        text = " ".join(rng.sample(PHRASES, 2))
        parts.append("<Answer>\n<QuestionIdentifier>q%d</QuestionIdentifier>\n"
                     "<FreeText>%s</FreeText>\n</Answer>\n" % (q + 1, _xml_escape(text)))
    body = "".join(parts)
    if answer_bytes:
        pad = []
        size = len(body.encode()) + 105        # + pad wrapper + closing tag
        while size < answer_bytes:
            p = _xml_escape(rng.choice(PHRASES)) + " "
            pad.append(p)
            size += len(p.encode())
        if pad:
            body += ("<Answer>\n<QuestionIdentifier>pad</QuestionIdentifier>\n"
                     "<FreeText>%s</FreeText>\n</Answer>\n" % "".join(pad))
    return body + "</QuestionFormAnswers>"


_FORMS = ["int"] * 8 + ["dec"] * 6 + ["java"] * 4 + ["dec6", "java_plus", "lower"]


def _gen_assignment(seed, hit, hit_no, i, answer_bytes, force_status=None):
    rng = random.Random("%s/%s/%d" % (seed, hit, i))
    h = hashlib.sha256(("%s:%s:%d" % (seed, hit, i)).encode()).hexdigest().upper()
    if force_status is not None:
        status = force_status
    elif i < 3:
        status = STATUSES[i]
    else:
        status = rng.choices(STATUSES, weights=(4, 4, 2))[0]
    worker = rng.randrange(500)
    wid = "A" + hashlib.sha256(("w%s:%d" % (seed, worker)).encode()).hexdigest().upper()[:13]
    accept = (1700000000 + hit_no * 86400 + i * 37) * 1000 + rng.randrange(1000)
    submit = accept + rng.randrange(30000, 3600000)
    a = collections.OrderedDict()
    a["AssignmentId"] = "3" + h[:29]
    a["WorkerId"] = wid
    a["HITId"] = hit

    def ts(ms):
        form = rng.choice(_FORMS)
        if form == "int":
            ms -= ms % 1000
        return _ts_forms(ms, form)
    a["AssignmentStatus"] = status
    a["AutoApprovalTime"] = ts(submit + 2592000000)
    a["AcceptTime"] = ts(accept)
    a["SubmitTime"] = ts(submit)
    if status == "Approved":
        a["ApprovalTime"] = ts(submit + rng.randrange(60000, 86400000))
    if status == "Rejected":
        a["RejectionTime"] = ts(submit + rng.randrange(60000, 86400000))
    a["Deadline"] = ts(accept + 3600000)
    a["Answer"] = _make_answer(rng, answer_bytes)
    if status != "Submitted" and rng.random() < 0.5:
        a["RequesterFeedback"] = rng.choice(FEEDBACK)
    return a


class Dataset:
    """Deterministic HITs -> assignments; generated lazily per HIT."""

    def __init__(self, spec="demo", seed=1):
        self.spec, self.seed = spec, seed
        self.hits = collections.OrderedDict()   # HIT -> (count, answer_bytes, hit_no) or list
        self._cache = {}
        self._lock = threading.Lock()
        for part in spec.split("+"):
            self._add(part.strip())

    def _add(self, part):
        if part == "demo":
            for n, c in enumerate((5, 237, 100, 0)):
                self.hits["3DEMOHIT%022d" % (n + 1)] = (c, 0, n)
        elif part == "bench":
            self.hits["BENCHHIT%022d" % 1] = (10000, 0, 50)
        elif part.startswith("file:"):
            with open(part[5:], encoding="utf-8") as f:
                data = json.load(f)
            for hit, lst in data.items():
                out = []
                for a in lst:
                    b = collections.OrderedDict()
                    for k, v in a.items():
                        if isinstance(v, dict) and "$raw" in v:
                            v = Raw(v["$raw"])
                        elif isinstance(v, (int, float)) and not isinstance(v, bool):
                            v = Raw(json.dumps(v))
                        b[k] = v
                    out.append(b)
                self.hits[hit] = out
        elif part:
            kv = dict(x.split("=", 1) for x in part.split(","))
            hits, per = int(kv.get("hits", 1)), int(kv.get("per_hit", 10))
            ab = int(kv.get("answer_bytes", 0))
            for h in range(hits):
                self.hits["3GENHIT%023d" % (h + 1)] = (per, ab, 100 + h)

    def assignments(self, hit):
        """All assignments of hit (list of OrderedDict), or None if unknown."""
        v = self.hits.get(hit)
        if v is None:
            return None
        if isinstance(v, list):
            return v
        with self._lock:
            lst = self._cache.get(hit)
            if lst is None:
                count, ab, no = v
                lst = [_gen_assignment(self.seed, hit, no, i, ab) for i in range(count)]
                self._cache[hit] = lst
            return lst

    def grow(self, hit, count, status="Submitted"):
        """Append `count` generated assignments with `status` to hit (new work)."""
        lst = self.assignments(hit)
        if lst is None:
            return []
        with self._lock:
            v = self.hits[hit]
            no, ab = (v[2], v[1]) if isinstance(v, tuple) else (900, 0)
            new = [_gen_assignment(self.seed, hit, no, i, ab, status)
                   for i in range(len(lst), len(lst) + count)]
            self.hits[hit] = list(lst) + new
            self._cache.pop(hit, None)
        return new

    def filtered(self, hit, statuses):
        lst = self.assignments(hit)
        if lst is None or not statuses:
            return lst
        return [a for a in lst if a.get("AssignmentStatus") in statuses]

    def summary(self):
        out = collections.OrderedDict()
        for hit in self.hits:
            lst = self.assignments(hit)
            d = {"total": len(lst)}
            for s in STATUSES:
                d[s] = sum(1 for a in lst if a.get("AssignmentStatus") == s)
            out[hit] = d
        return out

# --------------------------------------------------------------------------
# JSON rendering (exact control of the bytes)


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _u(c, upper=False):
    o = ord(c)
    fmt = "\\u%04X" if upper else "\\u%04x"
    if o > 0xFFFF:
        o -= 0x10000
        return fmt % (0xD800 + (o >> 10)) + fmt % (0xDC00 + (o & 0x3FF))
    return fmt % o


def enc_str(s, mode="raw"):
    if mode == "raw":
        return json.dumps(s, ensure_ascii=False)
    if mode == "ascii":
        return json.dumps(s)
    if mode == "ascii_upper":
        return re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), json.dumps(s))
    if mode == "slash":
        return json.dumps(s, ensure_ascii=False).replace("/", "\\/")
    # mixed: every other non-ASCII char escaped, HTML-ish chars as \u003c etc.
    out = json.dumps(s, ensure_ascii=False)
    flip = [False]

    def sub(m):
        flip[0] = not flip[0]
        return _u(m.group(0), flip[0]) if flip[0] else m.group(0)
    out = _NON_ASCII.sub(sub, out)
    return (out.replace("<", "\\u003c").replace(">", "\\u003E").replace("&", "\\u0026")
            .replace("Q", "\\u0051").replace("/", "\\/"))


class Writer:
    def __init__(self, style="compact", rng=None, odd=False):
        self.rng, self.odd = rng, odd
        if style == "compact":
            self.item, self.kv, self.nl = ",", ":", None
        elif style == "spaced":
            self.item, self.kv, self.nl = ", ", ": ", None
        elif style == "pretty":
            self.item, self.kv, self.nl = ",", ": ", "\n"
        else:                                   # "crlf": CRLF + tab indents
            self.item, self.kv, self.nl = ",", " :\t", "\r\n"

    def str(self, s):
        if not self.odd:
            return enc_str(s)
        return enc_str(s, self.rng.choice(("raw", "raw", "ascii", "ascii_upper", "slash", "mixed")))

    def val(self, v, depth=0):
        if isinstance(v, Raw):
            return str(v)
        if isinstance(v, str):
            return self.str(v)
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, (int, float)):
            return json.dumps(v)
        if isinstance(v, dict):
            items = [self.str(k) + self.kv + self.val(x, depth + 1) for k, x in v.items()]
            return self._wrap("{", "}", items, depth)
        return self._wrap("[", "]", [self.val(x, depth + 1) for x in v], depth)

    def _wrap(self, o, c, items, depth):
        if not items:
            return o + c
        if self.nl is None:
            return o + self.item.join(items) + c
        ind = "\t" if self.nl == "\r\n" else "  "
        pad = self.nl + ind * (depth + 1)
        return o + pad + (self.item + pad).join(items) + self.nl + ind * depth + c


UNKNOWN_TOP = [
    ("ResponseMetadata", {"RequestId": "00000000-0000-4000-8000-000000000000",
                          "Assignments": [{"AssignmentId": "DECOY"}], "NumResults": 999}),
    ("SomeFutureField", [1, 2.5e3, "x\"y", None, True, {"NextToken": "DECOY"}]),
    ("Flag", False),
]
UNKNOWN_ASG = [
    ("AssignmentReview", {"AssignmentId": "DECOY", "AssignmentStatus": "Rejected"}),
    ("Bonus", Raw("1.5E0")),
    ("Tags", []),
    ("Nothing", None),
]


def render_page(assigns, next_token, plain, rng):
    """Page JSON as bytes; decoded content is identical for plain and odd."""
    if plain:
        w = Writer("compact")
        top = collections.OrderedDict()
        if next_token is not None:
            top["NextToken"] = next_token
        top["NumResults"] = len(assigns)
        top["Assignments"] = assigns
        return w.val(top).encode()
    w = Writer(rng.choice(("compact", "compact", "spaced", "pretty", "crlf")), rng, True)
    alist = []
    for a in assigns:
        items = list(a.items())
        if rng.random() < 0.3:
            rng.shuffle(items)
        if rng.random() < 0.15:
            items.insert(rng.randrange(len(items) + 1), rng.choice(UNKNOWN_ASG))
        if rng.random() < 0.15:
            for k in ("ApprovalTime", "RejectionTime", "RequesterFeedback"):
                if k not in a:
                    items.insert(rng.randrange(len(items) + 1), (k, None))
                    break
        alist.append(collections.OrderedDict(items))
    top = [("NumResults", len(assigns)), ("Assignments", alist)]
    if next_token is not None:
        top.insert(rng.randrange(3), ("NextToken", next_token))
    elif rng.random() < 0.3:
        top.insert(rng.randrange(3), ("NextToken", None))
    if rng.random() < 0.3:
        top.insert(rng.randrange(len(top) + 1), rng.choice(UNKNOWN_TOP))
    return w.val(collections.OrderedDict(top)).encode()

# --------------------------------------------------------------------------
# NextToken


class Tokens:
    PREFIX = b"\xfb\xff\xbf"          # base64 "+/+/": clients must escape properly

    def __init__(self, seed):
        self.key = hashlib.sha256(("tinyturk-token-%s" % seed).encode()).digest()

    @staticmethod
    def _mask(statuses):
        return sum(1 << STATUSES.index(s) for s in set(statuses or ()))

    def make(self, hit, statuses, offset, page):
        body = struct.pack(">BBIH", 1, self._mask(statuses), offset, page)
        body += hashlib.sha256(hit.encode()).digest()[:8]
        mac = hmac.new(self.key, body, hashlib.sha256).digest()[:12]
        return base64.b64encode(self.PREFIX + body + mac).decode()

    def parse(self, token):
        """-> (hit_hash, mask, offset, page) or None if not one of ours."""
        try:
            raw = base64.b64decode(token.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return None
        if len(raw) != 31 or not raw.startswith(self.PREFIX):
            return None
        body, mac = raw[3:19], raw[19:]
        if not hmac.compare_digest(mac, hmac.new(self.key, body, hashlib.sha256).digest()[:12]):
            return None
        ver, mask, offset, page = struct.unpack(">BBIH", body[:8])
        if ver != 1:
            return None
        return body[8:], mask, offset, page

# --------------------------------------------------------------------------
# HTTP


class HttpError(Exception):
    def __init__(self, status, msg):
        super().__init__(msg)
        self.status = status


TOKEN_RE = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
REQLINE_RE = re.compile(rb"^([A-Z]+) (\S+) HTTP/(\d)\.(\d)$")


class Request:
    pass


def _readline(rf, limit, req):
    line = rf.readline(limit + 1)
    if len(line) > limit:
        raise HttpError(431, "line too long")
    if line.endswith(b"\r\n"):
        return line[:-2], True
    if line.endswith(b"\n"):
        req.bare_lf = True
        return line[:-1], True
    return line, False


def read_request(rf, send100):
    req = Request()
    req.bare_lf = False
    while True:
        line, ok = _readline(rf, 8192, req)
        if not ok and not line:
            return None                         # clean EOF between requests
        if not ok:
            raise HttpError(400, "EOF in request line")
        if line:
            break                               # tolerate empty lines before
    m = REQLINE_RE.match(line)
    if not m:
        raise HttpError(400, "bad request line")
    req.method, req.target = m.group(1).decode(), m.group(2).decode("latin-1")
    req.version = "HTTP/%s.%s" % (m.group(3).decode(), m.group(4).decode())
    if req.version not in ("HTTP/1.1", "HTTP/1.0"):
        raise HttpError(505, "version")
    req.headers = []
    while True:
        line, ok = _readline(rf, 16384, req)
        if not ok:
            raise HttpError(400, "EOF in headers")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            raise HttpError(400, "obs-fold")
        name, sep, value = line.partition(b":")
        if not sep or not TOKEN_RE.match(name):
            raise HttpError(400, "bad header line")
        req.headers.append((name.decode("latin-1"), value.strip(b" \t").decode("latin-1")))
        if len(req.headers) > 100:
            raise HttpError(431, "too many headers")
    req.h = {}
    for n, v in req.headers:
        req.h.setdefault(n.lower(), []).append(v)
    if req.version == "HTTP/1.1" and len(req.h.get("host", [])) != 1:
        raise HttpError(400, "Host")
    te = req.h.get("transfer-encoding")
    cl = req.h.get("content-length")
    if te and cl:
        raise HttpError(400, "both Content-Length and Transfer-Encoding")
    if req.h.get("expect", [""])[0].lower() == "100-continue" and req.version == "HTTP/1.1":
        send100()
    if te:
        codings = [c.strip().lower() for c in ",".join(te).split(",")]
        if codings != ["chunked"]:
            raise HttpError(501, "transfer coding")
        req.framing = "chunked"
        req.body = _read_chunked(rf, req)
    else:
        req.framing = "content-length" if cl else "none"
        n = 0
        if cl:
            if len(set(cl)) != 1 or not re.fullmatch(r"[0-9]{1,9}", cl[0]):
                raise HttpError(400, "bad Content-Length")
            n = int(cl[0])
        if n > 1 << 20:
            raise HttpError(413, "body too large")
        req.body = rf.read(n) if n else b""
        if len(req.body) != n:
            raise HttpError(400, "EOF in body")
    return req


def _read_chunked(rf, req):
    out = []
    total = 0
    while True:
        line, ok = _readline(rf, 4096, req)
        if not ok:
            raise HttpError(400, "EOF in chunk size")
        size_s = line.split(b";", 1)[0].strip()
        if not re.fullmatch(rb"[0-9A-Fa-f]{1,8}", size_s):
            raise HttpError(400, "bad chunk size")
        n = int(size_s, 16)
        if n == 0:
            break
        total += n
        if total > 1 << 20:
            raise HttpError(413, "body too large")
        data = rf.read(n)
        if len(data) != n or rf.read(2) not in (b"\r\n",):
            raise HttpError(400, "bad chunk")
        out.append(data)
    while True:                                  # trailers
        line, ok = _readline(rf, 16384, req)
        if not ok:
            raise HttpError(400, "EOF in trailer")
        if not line:
            break
    return b"".join(out)


def http_date(t):
    return email.utils.formatdate(t, usegmt=True)


def amz_date(t):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))

# --------------------------------------------------------------------------
# SigV4 verification (botocore does the maths)


class _Verifier(SigV4Auth):
    """SigV4Auth over exactly the headers the client listed in SignedHeaders."""

    def __init__(self, credentials, region, signed):
        super().__init__(credentials, SERVICE, region)
        self._signed = signed

    def headers_to_sign(self, request):
        hm = HTTPHeaders()
        for name in self._signed:
            for v in request.headers.get_all(name) or [""]:
                hm[name] = v
        return hm


class AuthError(Exception):
    def __init__(self, code, msg, coral=True):
        super().__init__(msg)
        self.code, self.msg = code, msg


X_AMZ_DATE_RE = re.compile(r"^\d{8}T\d{6}Z$")


def verify_sigv4(req, creds, regions, now, tls, explain=False):
    """Raises AuthError; returns details dict on success."""
    auth = req.h.get("authorization", [None])[0]
    xdate = req.h.get("x-amz-date", [None])[0]
    if auth is None:
        raise AuthError("MissingAuthenticationTokenException", "Missing Authentication Token")
    alg, _, rest = auth.partition(" ")
    if alg != "AWS4-HMAC-SHA256":
        raise AuthError("IncompleteSignatureException",
                        "Unsupported AWS 'algorithm': '%s'" % alg)
    parts = {}
    for p in rest.split(","):
        k, _, v = p.strip().partition("=")
        if k:
            parts[k] = v
    missing = []
    for k in ("Credential", "Signature", "SignedHeaders"):
        if not parts.get(k):
            missing.append("Authorization header requires '%s' parameter." % k)
    ts = None
    if xdate is not None:
        ts = xdate
    elif req.h.get("date"):
        try:
            ts = amz_date(email.utils.parsedate_to_datetime(req.h["date"][0]).timestamp())
        except (TypeError, ValueError):
            ts = req.h["date"][0]
    else:
        missing.append("Authorization header requires existence of either a "
                       "'X-Amz-Date' or a 'Date' header.")
    if missing:
        raise AuthError("IncompleteSignatureException",
                        " ".join(missing) + " Authorization=" + auth)
    if not X_AMZ_DATE_RE.match(ts):
        raise AuthError("IncompleteSignatureException",
                        "Date must be in ISO-8601 'basic format'. Got '%s'. See "
                        "http://en.wikipedia.org/wiki/ISO_8601" % ts)
    scope = parts["Credential"].split("/")
    if len(scope) != 5:
        raise AuthError("IncompleteSignatureException",
                        "Credential must have exactly 5 slash-delimited elements, e.g. "
                        "keyid/date/region/service/term, got '%s'" % parts["Credential"])
    akid, sdate, region, service, term = scope
    if akid not in creds:
        raise AuthError("UnrecognizedClientException",
                        "The security token included in the request is invalid.")
    secret, token = creds[akid]
    got_token = req.h.get("x-amz-security-token", [None])[0]
    if got_token != token:
        raise AuthError("UnrecognizedClientException",
                        "The security token included in the request is invalid.")
    if sdate != ts[:8]:
        raise AuthError("InvalidSignatureException",
                        "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                        "version of date from HTTP: '%s' != '%s', from '%s'." % (sdate, ts[:8], ts))
    if regions is not None and region not in regions:
        raise AuthError("InvalidSignatureException",
                        "Credential should be scoped to a valid region. ")
    if service != SERVICE:
        raise AuthError("InvalidSignatureException",
                        "Credential should be scoped to correct service: '%s'. " % SERVICE)
    if term != "aws4_request":
        raise AuthError("InvalidSignatureException",
                        "Credential should be scoped with a valid terminator: "
                        "'aws4_request', not '%s'. " % term)
    signed = parts["SignedHeaders"].split(";")
    if "host" not in signed:
        raise AuthError("InvalidSignatureException",
                        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    reqt = datetime.datetime.strptime(ts, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()
    if reqt < now - 900:
        raise AuthError("InvalidSignatureException",
                        "Signature expired: %s is now earlier than %s (%s - 15 min.)"
                        % (ts, amz_date(now - 900), amz_date(now)))
    if reqt > now + 900:
        raise AuthError("InvalidSignatureException",
                        "Signature not yet current: %s is still later than %s (%s + 15 min.)"
                        % (ts, amz_date(now + 900), amz_date(now)))
    hh = HTTPHeaders()
    for n, v in req.headers:
        hh[n.lower()] = v
    host = req.h.get("host", ["127.0.0.1"])[0]
    areq = AWSRequest(method=req.method, url="%s://%s%s" % ("https" if tls else "http", host, req.target),
                      data=req.body)
    areq.headers = hh
    areq.context["timestamp"] = ts
    v = _Verifier(Credentials(akid, secret, token), region, signed)
    cr = v.canonical_request(areq)
    sts = v.string_to_sign(areq, cr)
    sig = v.signature(sts, areq)
    if not hmac.compare_digest(sig, parts["Signature"]):
        msg = ("The request signature we calculated does not match the signature you "
               "provided. Check your AWS Secret Access Key and signing method. Consult "
               "the service documentation for details.")
        if explain:
            msg += ("\n\nThe Canonical String for this request should have been\n'%s'\n\n"
                    "The String-to-Sign should have been\n'%s'\n" % (cr, sts))
        e = AuthError("InvalidSignatureException", msg)
        e.detail = {"canonical_request": cr, "string_to_sign": sts, "expected": sig}
        raise e
    return {"akid": akid, "region": region}

# --------------------------------------------------------------------------
# Server


class Response:
    def __init__(self, status, body=b"", ctype=CONTENT_TYPE, error_type=None):
        self.status, self.body, self.ctype, self.error_type = status, body, ctype, error_type
        self.extra = []


def _lower_camel(name):
    return name[0].lower() + name[1:]


class Server:
    def __init__(self, port=0, tls=False, cert=None, key=None, dataset="demo", seed=1,
                 log_path=None, faults=None, chunked=False, plain=False,
                 idle_timeout=None, max_lifetime=None, clock_skew=0.0,
                 verify_signature=True, allow_anonymous=False, regions=("us-east-1", "sandbox"),
                 credentials=None, error_style="bare", page_size_default=10,
                 token_at_end=False, explain_signature=False, turk_timestamps=False,
                 control=True, conn_idle=60.0, prewarm=False, base_path="/",
                 tls_versions=None, tls_ciphers=None):
        self.dataset = dataset if isinstance(dataset, Dataset) else Dataset(dataset, seed)
        self.seed = seed
        self.tokens = Tokens(seed)
        self.tls = tls
        self.ctx = None
        if tls:
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ctx.load_cert_chain(cert, key)
            # TLS negative tests: tls_versions=("TLSv1", "TLSv1") serves only
            # TLS 1.0, tls_ciphers="AES128-SHA" only that suite (OpenSSL names;
            # "@SECLEVEL=0" is added: Debian's OpenSSL 3 refuses TLS < 1.2 and
            # SHA-1 suites at its default level 2).
            if tls_ciphers or tls_versions:
                self.ctx.set_ciphers((tls_ciphers or "DEFAULT") + ":@SECLEVEL=0")
            if tls_ciphers and not tls_versions:    # TLS 1.3 suites ignore set_ciphers
                self.ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            if tls_versions:
                with warnings.catch_warnings():     # TLSv1/TLSv1_1 are deprecated names
                    warnings.simplefilter("ignore", DeprecationWarning)
                    self.ctx.minimum_version = getattr(ssl.TLSVersion, tls_versions[0])
                    self.ctx.maximum_version = getattr(ssl.TLSVersion, tls_versions[1])
        self.creds = dict(credentials or DEFAULT_CREDENTIALS)
        self.base = dict(clock_skew=float(clock_skew), plain=plain, chunked=chunked,
                         verify_signature=verify_signature, allow_anonymous=allow_anonymous,
                         error_style=error_style, token_at_end=token_at_end,
                         page_size_default=page_size_default, explain_signature=explain_signature,
                         turk_timestamps=turk_timestamps, base_path=base_path,
                         regions=None if regions is None else tuple(regions))
        self.cfg = dict(self.base)
        self.control = control
        self.conn_idle = conn_idle
        self.idle_timeout, self.max_lifetime = idle_timeout, max_lifetime
        self.lock = threading.Lock()
        self.log = []
        self.events = []
        self.rules = []
        self.index = 0
        self.conn_seq = 0
        self.page_cache = collections.OrderedDict()
        self.cache_bytes = 0
        self.log_file = open(log_path, "a", encoding="utf-8") if log_path else None
        if faults:
            self.add_faults(faults)
        self.stopping = threading.Event()
        self.stop_requested = False  # set by main()'s signal handlers
        self.conns = set()
        self.started = time.time()
        self.last_activity = time.time()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.url = "%s://127.0.0.1:%d" % ("https" if tls else "http", self.port)
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)
        self.thread.start()
        if prewarm:
            threading.Thread(target=self._prewarm, daemon=True).start()

    def _prewarm(self):
        """Render the unfiltered pages (size 100 and the default size) ahead of time."""
        for hit in list(self.dataset.hits):
            for size in (100, self.cfg["page_size_default"]):
                lst = self.dataset.assignments(hit)
                for page, off in enumerate(range(0, max(len(lst), 1), size)):
                    if self.stopping.is_set():
                        return
                    self._page(hit, (), lst, off, size, page + 1, dict(self.cfg), {}, None)

    # ---- public helpers
    def add_faults(self, rules, replace=False):
        if isinstance(rules, dict):
            replace = rules.get("replace", replace)
            rules = rules.get("rules", [])
        with self.lock:
            if replace:
                self.rules = []
            for r in rules:
                r = dict(r)
                r.setdefault("times", 1)
                self.rules.append(r)

    def reset(self):
        with self.lock:
            self.log = []
            self.events = []
            self.rules = []
            self.index = 0
            self.cfg = dict(self.base)

    def configure(self, **kw):
        with self.lock:
            for k, v in kw.items():
                if k not in self.cfg:
                    raise KeyError(k)
                if k == "regions" and v is not None:
                    v = tuple(v)
                self.cfg[k] = v

    def stop(self):
        self.stopping.set()
        try:
            self.sock.close()
        except OSError:
            pass
        with self.lock:
            conns = list(self.conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self.log_file:
            self.log_file.close()
            self.log_file = None

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.stop()

    def wait(self):
        """Block until stopped, idle timeout or max lifetime."""
        while not self.stop_requested and not self.stopping.wait(0.2):
            now = time.time()
            if self.max_lifetime and now - self.started > self.max_lifetime:
                break
            if self.idle_timeout and now - self.last_activity > self.idle_timeout:
                break
        self.stop()

    # ---- connections
    def _accept_loop(self):
        while not self.stopping.is_set():
            try:
                s, addr = self.sock.accept()
            except OSError:
                if self.stopping.is_set():
                    return
                continue
            with self.lock:
                self.conn_seq += 1
                cid = self.conn_seq
            self.last_activity = time.time()
            threading.Thread(target=self._conn, args=(s, addr, cid), daemon=True).start()

    def _event(self, **kw):
        kw["time"] = time.time()
        with self.lock:
            self.events.append(kw)

    def _conn(self, s, addr, cid):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._event(event="accept", conn=cid, peer="%s:%d" % addr)
        if self.ctx:
            s.settimeout(10)
            try:
                s = self.ctx.wrap_socket(s, server_side=True)
            except (ssl.SSLError, OSError) as e:
                self._event(event="tls_handshake_failed", conn=cid, error=str(e))
                s.close()
                return
        s.settimeout(self.conn_idle)
        with self.lock:
            self.conns.add(s)
        rf = s.makefile("rb", 65536)
        n = 0
        try:
            while not self.stopping.is_set():
                try:
                    req = read_request(rf, lambda: s.sendall(b"HTTP/1.1 100 Continue\r\n\r\n"))
                except HttpError as e:
                    phrase = http.HTTPStatus(e.status).phrase
                    s.sendall(("HTTP/1.1 %d %s\r\nContent-Length: 0\r\nConnection: close\r\n"
                               "Date: %s\r\n\r\n" % (e.status, phrase, http_date(time.time()))).encode())
                    self._event(event="http_error", conn=cid, status=e.status, error=str(e))
                    break
                if req is None:
                    break
                n += 1
                self.last_activity = time.time()
                if not self._handle(s, rf, req, cid, n):
                    return
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            with self.lock:
                self.conns.discard(s)
            try:
                rf.close()
                s.close()
            except OSError:
                pass

    # ---- one request; returns False when the socket is already closed
    def _handle(self, s, rf, req, cid, conn_req):
        path = req.target.split("?", 1)[0]
        if path.startswith("/__control/") and self.control:
            return self._control(s, req, path)
        now_real = time.time()
        body_obj = None
        try:
            body_obj = json.loads(req.body.decode("utf-8"), parse_constant=_reject_const)
        except (ValueError, UnicodeDecodeError):
            pass
        hit = body_obj.get("HITId") if isinstance(body_obj, dict) else None
        tok = body_obj.get("NextToken") if isinstance(body_obj, dict) else None
        page = 1
        if tok is not None:
            parsed = self.tokens.parse(tok) if isinstance(tok, str) else None
            page = parsed[3] if parsed else None
        with self.lock:
            self.index += 1
            idx = self.index
            cfg = dict(self.cfg)
            applied = []
            for r in self.rules:
                if r["times"] == 0 or not _match(r, idx, conn_req, hit, page, tok):
                    continue
                if r["times"] > 0:
                    r["times"] -= 1
                applied.append(r)
            self.rules = [r for r in self.rules if r["times"] != 0]
        kinds = {}
        for r in applied:
            kinds.setdefault(r["kind"], r)
            if r["kind"] == "grow" and isinstance(r.get("target_hit", hit), str):
                self.dataset.grow(r.get("target_hit", hit), int(r.get("count", 1)),
                                  r.get("status", "Submitted"))
                with self.lock:
                    self.page_cache.clear()
                    self.cache_bytes = 0
        skew = cfg["clock_skew"] + sum(float(r.get("seconds", 0)) for r in applied
                                       if r["kind"] == "skew")
        now = now_real + skew
        entry = collections.OrderedDict(
            index=idx, conn=cid, conn_request=conn_req, time=now_real, tls=self.tls,
            method=req.method, target=req.target, version=req.version,
            headers=[list(h) for h in req.headers], body_framing=req.framing,
            bare_lf=req.bare_lf)
        try:
            entry["body"] = req.body.decode("utf-8")
        except UnicodeDecodeError:
            entry["body_b64"] = base64.b64encode(req.body).decode()
        entry["hit"], entry["page"] = hit, page
        entry["faults"] = [r["kind"] for r in applied]
        entry["fault_rules"] = applied and [dict(r) for r in applied]
        info = {}
        resp = self._api(req, cfg, now, kinds, info, entry)
        entry["status"] = resp.status
        entry["error_type"] = resp.error_type
        entry["next_token"] = info.get("next_token")
        entry["num_results"] = info.get("num_results")
        return self._send(s, rf, req, resp, cfg, kinds, now, idx, entry)

    def _error(self, cfg, code, msg, coral=True, status=400, turk=None):
        if coral:
            t = ("com.amazon.coral.service#" + code) if cfg["error_style"] == "namespaced" else code
            obj = collections.OrderedDict([("__type", t)])
            if msg is not None:
                obj["message"] = msg
        else:
            t = ("com.amazonaws.mturk.requester#" + code) if cfg["error_style"] == "namespaced" else code
            obj = collections.OrderedDict([("__type", t), ("Message", msg)])
            if turk is not None:
                obj["TurkErrorCode"] = turk
        return Response(status, json.dumps(obj, separators=(",", ":")).encode(), error_type=code)

    def _request_error(self, cfg, now, msg, turk):
        if cfg["turk_timestamps"]:
            msg += " (%d)" % int(now * 1000)
        return self._error(cfg, "RequestError", msg, coral=False, turk=turk)

    def _api(self, req, cfg, now, kinds, info, entry):
        # --- response faults that replace everything
        if "throttle" in kinds:
            r = kinds["throttle"]
            entry["sig"] = "not-checked"
            return self._error(cfg, r.get("code", "ThrottlingException"), r.get("message", "Rate exceeded"))
        if "service_fault" in kinds:
            entry["sig"] = "not-checked"
            return self._error(cfg, "ServiceFault", kinds["service_fault"].get(
                "message", "We encountered an internal error. Please try again."), coral=False,
                status=500, turk=kinds["service_fault"].get("turk_code", "AWS.ServiceUnavailable"))
        if "status" in kinds:
            entry["sig"] = "not-checked"
            return _status_fault(kinds["status"])
        if "request_error" in kinds:
            r = kinds["request_error"]
            entry["sig"] = "not-checked"
            return self._error(cfg, "RequestError", r.get("message", "This request could not be "
                               "processed."), coral=False, turk=r.get("turk_code", "AWS.ServiceUnavailable"))
        path = req.target.split("?", 1)[0]
        if path != cfg["base_path"]:  # "/" (MTurk), or a reverse proxy's prefix
            return self._error(cfg, "UnknownOperationException", None, status=404)
        if req.method != "POST":
            return self._error(cfg, "UnknownOperationException", None, status=405)
        # --- authentication
        if not cfg["verify_signature"]:
            entry["sig"] = "skipped"
        elif "authorization" not in req.h and cfg["allow_anonymous"]:
            entry["sig"] = "anonymous"
        else:
            try:
                verify_sigv4(req, self.creds, cfg["regions"], now, self.tls, cfg["explain_signature"])
                entry["sig"] = "ok"
            except AuthError as e:
                entry["sig"] = e.code
                if getattr(e, "detail", None):
                    entry["sig_detail"] = e.detail
                return self._error(cfg, e.code, e.msg)
        target = req.h.get("x-amz-target", [""])[0]
        ctype = req.h.get("content-type", [""])[0].split(";")[0].strip().lower()
        if target != TARGET or ctype != CONTENT_TYPE:
            return self._error(cfg, "UnknownOperationException", None)
        try:
            body = json.loads(req.body.decode("utf-8"), parse_constant=_reject_const) if req.body else {}
        except (ValueError, UnicodeDecodeError) as e:
            return self._error(cfg, "SerializationException", "Unable to parse request body: %s" % e)
        if not isinstance(body, dict):
            return self._error(cfg, "SerializationException", "Start of structure or map found "
                               "where not expected.")
        # --- validation like the model
        errs = []
        hit = body.get("HITId")
        if hit is None:
            return self._request_error(cfg, now, "1 validation error detected: Value null at "
                                       "'hITId' failed to satisfy constraint: Member must not be "
                                       "null", "AWS.MissingParameters")
        if not isinstance(hit, str):
            errs.append("Value '%s' at 'hITId' failed to satisfy constraint: Member must be a "
                        "string" % (hit,))
        else:
            if len(hit) < 1:
                errs.append("Value '%s' at 'hITId' failed to satisfy constraint: Member must "
                            "have length greater than or equal to 1" % hit)
            if len(hit) > 64:
                errs.append("Value '%s' at 'hITId' failed to satisfy constraint: Member must "
                            "have length less than or equal to 64" % hit)
            if not ENTITY_RE.match(hit):
                errs.append("Value '%s' at 'hITId' failed to satisfy constraint: Member must "
                            "satisfy regular expression pattern: ^[A-Z0-9]+$" % hit)
        mr = body.get("MaxResults")
        if mr is not None:
            if not isinstance(mr, int) or isinstance(mr, bool):
                errs.append("Value '%s' at 'maxResults' failed to satisfy constraint: Member "
                            "must be an integer" % (mr,))
            elif mr < 1:
                errs.append("Value '%d' at 'maxResults' failed to satisfy constraint: Member "
                            "must have value greater than or equal to 1" % mr)
            elif mr > 100:
                errs.append("Value '%d' at 'maxResults' failed to satisfy constraint: Member "
                            "must have value less than or equal to 100" % mr)
        tok = body.get("NextToken")
        if tok is not None:
            if not isinstance(tok, str):
                errs.append("Value '%s' at 'nextToken' failed to satisfy constraint: Member must "
                            "be a string" % (tok,))
            elif not 1 <= len(tok) <= 255:
                errs.append("Value '%s' at 'nextToken' failed to satisfy constraint: Member must "
                            "have length %s" % (tok, "greater than or equal to 1" if not tok
                                                else "less than or equal to 255"))
        sts = body.get("AssignmentStatuses")
        if sts is not None:
            if not isinstance(sts, list) or not all(isinstance(x, str) for x in sts):
                errs.append("Value '%s' at 'assignmentStatuses' failed to satisfy constraint: "
                            "Member must be a list of strings" % (sts,))
            elif any(x not in STATUSES for x in sts):
                errs.append("Value '[%s]' at 'assignmentStatuses' failed to satisfy constraint: "
                            "Member must satisfy constraint: [Member must satisfy enum value set: "
                            "[Approved, Rejected, Submitted]]" % ", ".join(sts))
        if errs:
            n = len(errs)
            return self._request_error(cfg, now, "%d validation error%s detected: %s" % (
                n, "" if n == 1 else "s", "; ".join(errs)), "AWS.ParameterOutOfRange")
        statuses = tuple(s for s in STATUSES if s in (sts or ()))
        offset, pageno = 0, 1
        if tok is not None:
            p = self.tokens.parse(tok)
            if (p is None or p[0] != hashlib.sha256(hit.encode()).digest()[:8]
                    or p[1] != Tokens._mask(statuses)):
                return self._request_error(cfg, now, "The value of NextToken is invalid or does "
                                           "not belong to this request.", "AWS.ParameterOutOfRange")
            offset, pageno = p[2], p[3]
        lst = self.dataset.filtered(hit, statuses)
        if lst is None:
            return self._request_error(cfg, now, "Hit %s does not exist." % hit,
                                       "AWS.MechanicalTurk.HITDoesNotExist")
        size = mr if mr is not None else cfg["page_size_default"]
        repeat = "repeat_token" in kinds and tok is not None
        body = self._page(hit, statuses, lst, offset, size, pageno, cfg, info,
                          tok if repeat else None)
        return Response(200, body)

    def _page(self, hit, statuses, lst, offset, size, pageno, cfg, info, forced_token):
        key = (hit, statuses, offset, size, pageno, cfg["plain"], cfg["token_at_end"], forced_token)
        with self.lock:
            hitv = self.page_cache.get(key)
            if hitv is not None:
                self.page_cache.move_to_end(key)
        if hitv is None:
            chunk = lst[offset:offset + size]
            end = offset + len(chunk)
            more = end < len(lst) or (cfg["token_at_end"] and len(chunk) == size and chunk)
            nt = self.tokens.make(hit, statuses, end, pageno + 1) if more else None
            if forced_token is not None:
                nt = forced_token
            rng = random.Random("%s|%s|%s|%d|%d" % (self.seed, hit, statuses, offset, size))
            body = render_page(chunk, nt, cfg["plain"], rng)
            hitv = (body, nt, len(chunk))
            with self.lock:
                self.page_cache[key] = hitv
                self.cache_bytes += len(body)
                while self.cache_bytes > 256 << 20 and len(self.page_cache) > 1:
                    _, old = self.page_cache.popitem(last=False)
                    self.cache_bytes -= len(old[0])
        info["next_token"], info["num_results"] = hitv[1], hitv[2]
        return hitv[0]

    # ---- transmission with faults
    def _send(self, s, rf, req, resp, cfg, kinds, now, idx, entry):
        if "malformed" in kinds and resp.status == 200:
            resp.body = _malformed(kinds["malformed"].get("variant", "missing_colon"), resp.body,
                                   kinds["malformed"].get("body"))
        if "empty_body200" in kinds and resp.status == 200:
            resp.body = b""
        rid = str(uuid.UUID(bytes=hashlib.sha256(("%s/%d" % (self.seed, idx))
                                                 .encode()).digest()[:16], version=4))
        headers = [("x-amzn-RequestId", rid)]
        if resp.ctype:
            headers.append(("Content-Type", resp.ctype))
        chunked = cfg["chunked"] or "chunked" in kinds
        if not chunked:
            cl = kinds.get("content_length", {})    # fault: a lying Content-Length
            headers.append(("Content-Length", str(cl.get("value", len(resp.body) + int(cl.get("delta", 0))))))
        else:
            headers.append(("Transfer-Encoding", "chunked"))
        headers.append(("Date", http_date(now)))
        conn_hdr = ",".join(req.h.get("connection", [])).lower()
        keep = ("close" not in conn_hdr) if req.version == "HTTP/1.1" else ("keep-alive" in conn_hdr)
        if "close" in kinds:
            keep = False
            if kinds["close"].get("announce", True):
                headers.append(("Connection", "close"))
        elif not keep:
            headers.append(("Connection", "close"))
        elif req.version == "HTTP/1.0":
            headers.append(("Connection", "keep-alive"))
        if chunked:
            ck = kinds.get("chunked", {})
            if ck.get("trailer", True):
                headers.append(("Trailer", "X-Tt-Trailer"))
        for r in kinds.values():
            for h in r.get("headers", []) if isinstance(r.get("headers"), list) else []:
                headers.append(tuple(h))
        head = ("HTTP/1.1 %d %s\r\n" % (resp.status, http.HTTPStatus(resp.status).phrase)
                + "".join("%s: %s\r\n" % h for h in headers) + "\r\n").encode("latin-1")
        if chunked:
            body_parts = _chunk(resp.body, kinds.get("chunked", {}), idx)
        else:
            body_parts = [resp.body] if resp.body else []
        slow = kinds.get("slow", {})
        segs = [(head, float(slow.get("delay", 0)))]
        first = True
        piece = int(slow.get("piece", 0))
        for part in body_parts:
            d = float(slow.get("after_headers", 0)) if first else 0.0
            first = False
            if piece > 0:
                for i in range(0, len(part), piece):
                    segs.append((part[i:i + piece], d if i == 0 else float(slow.get("piece_delay", 0))))
                    d = 0.0
            else:
                segs.append((part, d if not chunked else max(d, float(slow.get("piece_delay", 0)))))
        entry["response_bytes"] = sum(len(x) for x, _ in segs)
        self._write_log(entry)
        cut = None
        for k in ("reset", "truncate"):
            if k in kinds:
                cut = (k, int(kinds[k].get("at_byte", 0)), kinds[k])
                break
        sent = 0
        for data, delay in segs:
            if delay:
                time.sleep(delay)
            if cut and sent + len(data) >= cut[1]:
                if cut[1] - sent > 0:
                    s.sendall(data[:cut[1] - sent])
                self._cut(s, rf, cut)
                return False
            s.sendall(data)
            sent += len(data)
        if cut:                                    # K beyond the response: cut afterwards
            self._cut(s, rf, cut)
            return False
        if not keep:
            self._close_clean(s, rf, True)
            return False
        return True

    def _cut(self, s, rf, cut):
        kind, _, r = cut
        if kind == "reset":
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
            with self.lock:
                self.conns.discard(s)
            rf.close()
            s.close()
        else:
            self._close_clean(s, rf, r.get("close_notify", True))

    def _close_clean(self, s, rf, notify):
        with self.lock:
            self.conns.discard(s)
        try:
            if notify and isinstance(s, ssl.SSLSocket):
                s.settimeout(1.0)
                try:
                    s = s.unwrap()
                except (ssl.SSLError, OSError):
                    pass
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        try:
            rf.close()
            s.close()
        except OSError:
            pass

    def _write_log(self, entry):
        with self.lock:
            self.log.append(entry)
            if self.log_file:
                self.log_file.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self.log_file.flush()

    # ---- control endpoint
    def _control(self, s, req, path):
        q = urllib.parse.parse_qs(req.target.partition("?")[2])
        status, out = 200, {"ok": True}
        try:
            body = json.loads(req.body.decode() or "null") if req.method == "POST" else None
            if path == "/__control/faults" and req.method == "POST":
                self.add_faults(body or [])
                out = {"ok": True, "pending": len(self.rules)}
            elif path == "/__control/faults":
                with self.lock:
                    out = [dict(r) for r in self.rules]
            elif path == "/__control/log":
                since = int(q.get("since", ["0"])[0])
                with self.lock:
                    out = [e for e in self.log if e["index"] > since]
            elif path == "/__control/connections":
                with self.lock:
                    out = list(self.events)
            elif path == "/__control/reset" and req.method == "POST":
                self.reset()
            elif path == "/__control/config" and req.method == "POST":
                self.configure(**(body or {}))
                out = dict(self.cfg)
            elif path == "/__control/config":
                out = dict(self.cfg)
            elif path == "/__control/dataset":
                out = {"spec": self.dataset.spec, "seed": self.dataset.seed,
                       "hits": self.dataset.summary()}
            elif path == "/__control/assignments":
                hit = q.get("hit", [""])[0]
                lst = self.dataset.filtered(hit, tuple(q.get("status", [])))
                if lst is None:
                    status, out = 404, {"error": "no such HIT"}
                else:
                    out = Raw(Writer("compact").val(lst))
            elif path == "/__control/shutdown" and req.method == "POST":
                threading.Timer(0.05, self.stop).start()
            else:
                status, out = 404, {"error": "unknown control path"}
        except (ValueError, KeyError, TypeError) as e:
            status, out = 400, {"error": str(e)}
        data = (out if isinstance(out, Raw) else json.dumps(out, ensure_ascii=False, default=str)).encode()
        s.sendall(("HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                   "\r\n" % (status, http.HTTPStatus(status).phrase, len(data))).encode() + data)
        return True


def _reject_const(c):
    raise ValueError("invalid constant " + c)


def _match(r, idx, conn_req, hit, page, tok):
    if "nth" in r:
        n = r["nth"]
        if idx not in (n if isinstance(n, list) else [n]):
            return False
    if "min_nth" in r and idx < r["min_nth"]:
        return False
    if "max_nth" in r and idx > r["max_nth"]:
        return False
    if "page" in r and page != r["page"]:
        return False
    if "hit" in r and hit != r["hit"]:
        return False
    if "has_token" in r and bool(tok is not None) != bool(r["has_token"]):
        return False
    if "conn_request" in r and conn_req != r["conn_request"]:
        return False
    return True


def _status_fault(r):
    st = int(r.get("status", 500))
    phrase = http.HTTPStatus(st).phrase
    b = r.get("body", "json" if st == 500 else ("empty" if st == 503 else "html"))
    if "json" in r:
        return Response(st, json.dumps(r["json"]).encode(), error_type=r["json"].get("__type"))
    if b == "json":
        return Response(st, json.dumps({"__type": "ServiceFault", "Message": "Internal error",
                                        "TurkErrorCode": "AWS.ServiceUnavailable"}).encode(),
                        error_type="ServiceFault")
    if b == "html":
        return Response(st, ("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>"
                             "%d %s</h1></center>\r\n</body>\r\n</html>\r\n" % (st, phrase, st, phrase)
                             ).encode(), ctype="text/html", error_type="html")
    if b == "empty":
        return Response(st, b"", ctype=r.get("content_type"), error_type="empty")
    return Response(st, b.encode(), ctype=r.get("content_type", CONTENT_TYPE), error_type="custom")


def _malformed(variant, good, custom=None):
    if custom is not None:
        return custom.encode()
    g = good
    table = {
        "missing_colon": b'{"a" "b"}',
        "trailing_comma": (g[:-1].rstrip() + b",}") if g.endswith(b"}") else g + b",",
        "truncated": g[:max(1, len(g) // 2)],
        "not_json": b"<html><body>Service temporarily unavailable</body></html>",
        "empty": b"",
        "bad_escape": b'{"NumResults":1,"Assignments":[{"AssignmentId":"A\\x41"}]}',
        "bad_utf8": g.replace(b"Assignments", b"Assignments\xff", 1) if b"Assignments" in g
        else b'{"x":"\xff"}',
        "unquoted_key": b'{NumResults: 0, Assignments: []}',
        "single_quotes": b"{'NumResults': 0, 'Assignments': []}",
        "wrong_types": b'{"NumResults":"one","Assignments":{"AssignmentId":1},"NextToken":7}',
        "deep_nesting": b'{"Assignments":' + b"[" * 5000 + b"]" * 5000 + b"}",
        "extra_data": g + b'}{"NumResults":0}',
        "control_char": b'{"NumResults":1,"Assignments":[{"AssignmentId":"A\x01B","Answer":"a\nb"}]}',
        "nan": b'{"NumResults":NaN,"Assignments":[]}',
        "huge_number": b'{"NumResults":1,"Assignments":[{"AssignmentId":"A1","AcceptTime":1e999}]}',
        "lone_surrogate": b'{"NumResults":1,"Assignments":[{"AssignmentId":"A1","Answer":"\\ud800x"}]}',
        "bom": b"\xef\xbb\xbf" + g,
        "null_top": b"null",
        "array_top": b"[]",
        "leading_zero": b'{"NumResults":01,"Assignments":[]}',
        "duplicate_keys": b'{"NumResults":0,"Assignments":[],"Assignments":[{"AssignmentId":"DUP"}]}',
        "unterminated_string": b'{"NumResults":0,"Assignments":[],"NextToken":"abc}',
    }
    if variant not in table:
        raise ValueError("unknown malformed variant %r" % variant)
    return table[variant]


def _chunk(body, opts, idx):
    sizes = opts.get("chunk_sizes") or [1, 7, 100, 1000, 4096, 3, 16384, 50]
    ext = opts.get("extensions", True)
    out = []
    i, k = 0, idx
    while i < len(body):
        n = sizes[k % len(sizes)]
        part = body[i:i + n]
        size = "%x" % len(part) if k % 2 else "%X" % len(part)
        if k % 3 == 1:
            size = "0" + size
        if ext and k % 4 == 2:
            size += ';ext=1;name="v a l"'
        if "bad_size" in opts and k - idx == opts.get("bad_at", 0):
            size = opts["bad_size"]               # fault: an invalid chunk-size line
        out.append(size.encode() + b"\r\n" + part + b"\r\n")
        i += n
        k += 1
    out.append(b"0" + (b";last" if ext else b"") + b"\r\n"
               + (b"X-Tt-Trailer: done\r\n" if opts.get("trailer", True) else b"") + b"\r\n")
    return out


def start_server(**kw):
    """Start a Server in background threads (127.0.0.1, free port by default)."""
    return Server(**kw)


def parse_credential(s):
    parts = s.split(":", 2)
    if len(parts) < 2:
        raise argparse.ArgumentTypeError("AKID:SECRET[:TOKEN]")
    return parts[0], (parts[1], parts[2] if len(parts) > 2 else None)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--tls", action="store_true")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--tls-dir")
    ap.add_argument("--dataset", default="demo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--log")
    ap.add_argument("--faults")
    ap.add_argument("--chunked", action="store_true")
    ap.add_argument("--plain", action="store_true")
    ap.add_argument("--idle-timeout", type=float, default=30.0)
    ap.add_argument("--max-lifetime", type=float, default=600.0)
    ap.add_argument("--clock-skew", type=float, default=0.0)
    ap.add_argument("--no-verify-signature", action="store_true")
    ap.add_argument("--allow-anonymous", action="store_true")
    ap.add_argument("--regions", default="us-east-1,sandbox")
    ap.add_argument("--credential", action="append", type=parse_credential)
    ap.add_argument("--error-style", choices=("bare", "namespaced"), default="bare")
    ap.add_argument("--page-size-default", type=int, default=10)
    ap.add_argument("--token-at-end", action="store_true")
    ap.add_argument("--explain-signature", action="store_true")
    ap.add_argument("--turk-message-timestamps", action="store_true")
    ap.add_argument("--no-control", action="store_true")
    ap.add_argument("--conn-idle", type=float, default=60.0)
    ap.add_argument("--no-prewarm", action="store_true")
    ap.add_argument("--base-path", default="/",
                    help="the path requests must be posted to (a reverse proxy's prefix)")
    a = ap.parse_args(argv)
    cert, key = a.cert, a.key
    if a.tls_dir:
        subprocess.run(["bash", os.path.join(HERE, "gen_certs.sh"), a.tls_dir], check=True,
                       stdout=subprocess.DEVNULL)
        a.tls = True
        cert = cert or os.path.join(a.tls_dir, "server.pem")
        key = key or os.path.join(a.tls_dir, "server.key")
    if a.tls and not (cert and key):
        ap.error("--tls needs --cert and --key (or use --tls-dir)")
    faults = None
    if a.faults:
        with open(a.faults, encoding="utf-8") as f:
            faults = json.load(f)
    srv = Server(port=a.port, tls=a.tls, cert=cert, key=key, dataset=a.dataset, seed=a.seed,
                 log_path=a.log, faults=faults, chunked=a.chunked, plain=a.plain,
                 idle_timeout=a.idle_timeout, max_lifetime=a.max_lifetime,
                 clock_skew=a.clock_skew, verify_signature=not a.no_verify_signature,
                 allow_anonymous=a.allow_anonymous,
                 regions=None if a.regions == "any" else a.regions.split(","),
                 credentials=dict(a.credential) if a.credential else None,
                 error_style=a.error_style, page_size_default=a.page_size_default,
                 token_at_end=a.token_at_end, explain_signature=a.explain_signature,
                 turk_timestamps=a.turk_message_timestamps, control=not a.no_control,
                 conn_idle=a.conn_idle, prewarm=not a.no_prewarm, base_path=a.base_path)
    if a.port_file:
        tmp = a.port_file + ".tmp%d" % os.getpid()
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.port)
        os.replace(tmp, a.port_file)
    # A handler runs in the main thread between bytecodes, possibly while
    # that thread holds the Event's internal lock inside srv.wait(): setting
    # the Event here can deadlock.  A plain flag, polled by wait(), cannot.
    signal.signal(signal.SIGTERM, lambda *x: setattr(srv, "stop_requested", True))
    signal.signal(signal.SIGINT, lambda *x: setattr(srv, "stop_requested", True))
    sys.stdout.write("PORT %d\n" % srv.port)
    sys.stdout.flush()
    srv.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
