#!/usr/bin/python3
"""TLS negatives against the local MTurk emulator (tests/mturk_server.py over
HTTPS on 127.0.0.1, certificates from tests/gen_certs.sh): every server the
client must refuse, through the engine ($TT_BUILD/tools/ttlist) and the CLI
($TT_BUILD/tinyturk).

  server                          engine code                  CLI (exit 255)
  leaf signed by an unknown CA    TT_ERR_TLS_UNTRUSTED         ... unable to get local issuer certificate
  leaf for other.invalid          TT_ERR_TLS_BAD_HOST          ... hostname '127.0.0.1' doesn't match ...
  leaf expired in 2020            TT_ERR_TLS_EXPIRED           ... certificate has expired
  leaf valid from 2099            TT_ERR_TLS_NOT_YET_VALID     ... certificate is not yet valid
  TLS 1.0 only / TLS 1.1 only     TT_ERR_TLS_VERSION           ... [SSL] legacy sigalg disallowed or unsupported
  only RSA key exchange suites,   TT_ERR_TLS_NO_COMMON_SUITE   ... [SSL: NO_CIPHERS_AVAILABLE] ...
  only ECDHE CBC-SHA1, only CBC-SHA256/384

Every code is distinct.  The certificate problems (first four) pass with
--no-verify-ssl, which then prints urllib3's InsecureRequestWarning line on
stderr once per request (as the AWS CLI does); nothing else gets past them
(PYTHONHTTPSVERIFY=0, an empty AWS_CA_BUNDLE, verify-ish keys in the config
file).  Version and suite refusals are not verification: --no-verify-ssl
does not change them.  Where /usr/bin/aws exists, the CLI's stderr is
compared with it for the cases where we promise identical text.

3DES: Debian's OpenSSL 3 is built without 3DES suites, so no 3DES-only server
can be made here (the test prints the reason); the client never offers 3DES
(port/bearssl/tt_tls.h lists the suites).
Last line: "N passed, M failed".
"""
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import mturk_server as ms  # noqa: E402

BUILD = os.environ.get("TT_BUILD", "build")
TT = os.path.join(ROOT, BUILD, "tinyturk")
TTLIST = os.path.join(ROOT, BUILD, "tools", "ttlist")
AWS = "/usr/bin/aws"
HAVE_AWS = os.path.exists(AWS) and os.environ.get("TT_NO_AWS") != "1"
HIT5 = "3DEMOHIT0000000000000000000001"
WARN = ("/usr/lib/python3/dist-packages/urllib3/connectionpool.py:1065: InsecureRequestWarning: "
        "Unverified HTTPS request is being made to host '%s'. Adding certificate verification is "
        "strongly advised. See: https://urllib3.readthedocs.io/en/1.26.x/advanced-usage.html"
        "#ssl-warnings\n  warnings.warn(\n")

passed = failed = 0


def check(cond, what, detail=None):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)
        if detail is not None:
            print("     ", repr(detail)[:1500])
    return cond


TMP = tempfile.mkdtemp(prefix="tt-tlsneg-")
HOME = os.path.join(TMP, "home")
os.makedirs(HOME)
CERTS = os.path.join(TMP, "certs")


def env(**extra):
    e = {"PATH": "/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8", "TZ": "UTC",
         "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
         "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
         "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
         "AWS_PAGER": "", "AWS_MAX_ATTEMPTS": "1",
         "AWS_CA_BUNDLE": os.path.join(CERTS, "ca.pem")}
    for k, v in extra.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def cli(url, *args, prog=None, e=None):
    r = subprocess.run([prog or TT, "mturk", "list-assignments-for-hit", "--endpoint-url", url,
                        "--hit-id", HIT5, "--output", "json"] + list(args),
                       env=e or env(), capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def engine(url, *args):
    r = subprocess.run([TTLIST, "--endpoint", url, "--hit-id", HIT5, "--quiet",
                        "--max-attempts", "1"] + list(args),
                       capture_output=True, text=True, timeout=120)
    lines = r.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"result": "no result line", "stdout": r.stdout, "stderr": r.stderr}


def items(out):
    try:
        return len(json.loads(out)["Assignments"])
    except (ValueError, KeyError):
        return -1


def msg(url, text):
    return "\nSSL validation failed for %s/ %s\n" % (url, text)


VERIFY = "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
M_UNTRUSTED = VERIFY + "unable to get local issuer certificate (_ssl.c:992)"
M_EXPIRED = VERIFY + "certificate has expired (_ssl.c:992)"
M_NOTYET = VERIFY + "certificate is not yet valid (_ssl.c:992)"
M_BADHOST = "hostname '127.0.0.1' doesn't match the certificate's subject alternative names"
M_VERSION = "[SSL] legacy sigalg disallowed or unsupported (_ssl.c:992)"
M_SUITE = ("[SSL: NO_CIPHERS_AVAILABLE] the server offers no cipher suite tinyturk accepts "
           "(ECDHE with AES-GCM or ChaCha20-Poly1305)")

# name, certificate, server options, engine code, CLI text, verification?, same text as aws?
CASES = [
    ("untrusted CA", "untrusted-server", {}, "TT_ERR_TLS_UNTRUSTED", M_UNTRUSTED, True, True),
    ("wrong host", "wronghost", {}, "TT_ERR_TLS_BAD_HOST", M_BADHOST, True, False),
    ("expired", "expired", {}, "TT_ERR_TLS_EXPIRED", M_EXPIRED, True, True),
    ("not yet valid", "notyet", {}, "TT_ERR_TLS_NOT_YET_VALID", M_NOTYET, True, True),
    ("TLS 1.0 only", "server", dict(tls_versions=("TLSv1", "TLSv1")), "TT_ERR_TLS_VERSION",
     M_VERSION, False, True),
    ("TLS 1.1 only", "server", dict(tls_versions=("TLSv1_1", "TLSv1_1")), "TT_ERR_TLS_VERSION",
     M_VERSION, False, True),
    ("RSA key exchange only", "server",
     dict(tls_ciphers="AES128-SHA:AES256-SHA:AES128-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384"),
     "TT_ERR_TLS_NO_COMMON_SUITE", M_SUITE, False, False),
    ("ECDHE CBC-SHA1 only", "server", dict(tls_ciphers="ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA"),
     "TT_ERR_TLS_NO_COMMON_SUITE", M_SUITE, False, False),
    ("ECDHE CBC-SHA2 only", "server",
     dict(tls_ciphers="ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384"),
     "TT_ERR_TLS_NO_COMMON_SUITE", M_SUITE, False, False),
]


def start(cert, **kw):
    return ms.start_server(dataset="demo", tls=True, cert=os.path.join(CERTS, cert + ".pem"),
                           key=os.path.join(CERTS, cert + ".key"), **kw)


def api_requests(srv):
    return [e for e in srv.log if not e.get("target", "/").startswith("/__control")]


def test_3des():
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        c.set_ciphers("DES-CBC3-SHA:@SECLEVEL=0")
        print("info: this OpenSSL can serve 3DES; the RSA-key-exchange case covers it "
              "(3DES suites are RSA or ECDHE CBC suites, never offered by the client)")
    except ssl.SSLError as e:
        print("info: no 3DES-only server: %s (%s) has no 3DES cipher suites (set_ciphers: %s); "
              "the client never offers 3DES (port/bearssl/tt_tls.c)" % (ssl.OPENSSL_VERSION,
                                                                      "Debian build", e))
    check(True, "3DES probe ran")


def test_baseline():
    s = start("server")
    try:
        res = engine(s.url, "--ca-file", os.path.join(CERTS, "ca.pem"))
        check(res["result"] == "TT_OK" and res["items"] == 5, "good server: engine ok", res)
        rc, out, err = cli(s.url)
        check(rc == 0 and items(out) == 5 and err == "", "good server: CLI ok", (rc, err))
    finally:
        s.stop()


def probe(port, kw):
    """What the server really negotiates with a client that accepts anything
    (proves the TLS 1.0 / weak-suite servers are what they claim)."""
    import socket
    import warnings
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    c.check_hostname = False
    c.verify_mode = ssl.CERT_NONE
    c.set_ciphers("ALL:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        c.minimum_version = ssl.TLSVersion.TLSv1
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with c.wrap_socket(raw) as t:
                return t.version(), t.cipher()[0]
    except (OSError, ssl.SSLError) as e:
        return "error", str(e)


def test_cases():
    seen = {}
    for name, cert, kw, code, text, verification, same_as_aws in CASES:
        s = start(cert, **kw)
        try:
            url = s.url
            if kw:
                version, suite = probe(s.port, kw)
                want_v = {"TLSv1": "TLSv1", "TLSv1_1": "TLSv1.1"}.get(
                    kw.get("tls_versions", ("",))[0], "TLSv1.2")
                want_s = kw.get("tls_ciphers", "").split(":")
                ok = version == want_v and (not kw.get("tls_ciphers") or suite in want_s)
                print("info: %s: a permissive client gets %s %s" % (name, version, suite))
                if not ok:
                    print("info: %s: the server could not be made (negotiated %s %s): Debian's "
                          "OpenSSL refuses it even at @SECLEVEL=0" % (name, version, suite))
                check(ok, "%s: the server really offers %s %s" % (name, want_v, suite),
                      (version, suite))
            res = engine(url, "--ca-file", os.path.join(CERTS, "ca.pem"))
            check(res["result"] == code and res.get("attempts") == 1,
                  "%s: engine refuses with %s" % (name, code), res)
            seen.setdefault(res["result"], set()).add(name)
            rc, out, err = cli(url)
            check((rc, out, err) == (255, "", msg(url, text)), "%s: CLI exit 255 and message" % name,
                  (rc, out, err))
            check(len(api_requests(s)) == 0, "%s: no request reached the server" % name,
                  len(api_requests(s)))
            # the engine's --no-verify and the CLI's --no-verify-ssl
            res = engine(url, "--no-verify")
            rc, out, err = cli(url, "--no-verify-ssl")
            if verification:
                check(res["result"] == "TT_OK" and res["items"] == 5,
                      "%s: engine --no-verify gets past" % name, res)
                check(rc == 0 and items(out) == 5 and err == WARN % "127.0.0.1",
                      "%s: CLI --no-verify-ssl gets past and warns once per request" % name,
                      (rc, err))
                # nothing else does
                for what, e in (("PYTHONHTTPSVERIFY=0", env(PYTHONHTTPSVERIFY="0")),
                                ("empty AWS_CA_BUNDLE", env(AWS_CA_BUNDLE=""))):
                    rc2, out2, err2 = cli(url, e=e)
                    check(rc2 == 255 and out2 == "" and "SSL validation failed" in err2,
                          "%s: %s does not bypass verification" % (name, what), (rc2, err2))
                cfg = os.path.join(TMP, "verifycfg")
                with open(cfg, "w") as f:
                    f.write("[default]\nverify_ssl = false\nno_verify_ssl = true\nverify = false\n"
                            "ca_bundle = %s\n" % os.path.join(CERTS, "ca.pem"))
                rc2, out2, err2 = cli(url, e=env(AWS_CONFIG_FILE=cfg, AWS_CA_BUNDLE=None))
                check(rc2 == 255 and err2 == msg(url, text),
                      "%s: verify-ish config keys do not bypass verification" % name, (rc2, err2))
            else:
                check(res["result"] == code, "%s: engine --no-verify still refuses" % name, res)
                check(rc == 255 and out == "" and err.endswith(msg(url, text))
                      and "SSL validation failed" in err,
                      "%s: CLI --no-verify-ssl still refuses" % name, (rc, err))
            if HAVE_AWS and same_as_aws:
                ref = cli(url, prog=AWS)
                mine = cli(url)
                check(ref == mine, "%s: same exit code and stderr as aws" % name, (mine, ref))
        finally:
            s.stop()
    check(len(seen) == 6, "six distinct engine codes for seven classes of refusal",
          {k: sorted(v) for k, v in seen.items()})


def test_retried():
    """Like the AWS CLI (SSL errors are retried), a refused handshake is
    attempted max_attempts times; the server never sees a request."""
    s = start("notyet")
    try:
        res = subprocess.run([TTLIST, "--endpoint", s.url, "--hit-id", HIT5, "--quiet",
                              "--max-attempts", "2", "--ca-file", os.path.join(CERTS, "ca.pem")],
                             capture_output=True, text=True, timeout=120)
        last = json.loads(res.stdout.strip().splitlines()[-1])
        check(last["result"] == "TT_ERR_TLS_NOT_YET_VALID" and last["attempts"] == 2,
              "not yet valid: retried like other SSL errors", last)
    finally:
        s.stop()


def main():
    r = subprocess.run(["bash", os.path.join(ROOT, "tests", "gen_certs.sh"), CERTS],
                       capture_output=True, text=True)
    if not check(r.returncode == 0, "gen_certs.sh", r.stderr):
        return
    for p in (TT, TTLIST):
        if not check(os.access(p, os.X_OK), "%s built" % p):
            return
    test_3des()
    test_baseline()
    test_cases()
    test_retried()


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
