"""Writes the hand-made seed inputs of the fuzz targets that lay out their
input in a binary header (tests/fuzz/corpus/<target>/s-*), deterministically:
  /usr/bin/python3 tests/fuzz/make_seeds.py
Each target's header is described in its .c file.  Existing seed files of
other names (e.g. minimised inputs added by hand) are left alone."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

PAGE = (b'{"Assignments":[{"AssignmentId":"3A1","WorkerId":"AW1","HITId":"3H",'
        b'"AssignmentStatus":"Submitted","AutoApprovalTime":1700000000.123,'
        b'"AcceptTime":1.7E9,"SubmitTime":1700000100,"Deadline":1700003600.5,'
        b'"Answer":"<?xml version=\\"1.0\\"?><QuestionFormAnswers><Answer>'
        b'<QuestionIdentifier>q</QuestionIdentifier><FreeText>caf\\u00e9 \\ud83d\\ude00'
        b'</FreeText></Answer></QuestionFormAnswers>","RequesterFeedback":"ok\\n"}],'
        b'"NextToken":"p2/AbC+=","NumResults":1}')

SEEDS = {
    # byte 0: options (bit 0 CONNECT, bits 1-3 prefix), byte 1: K, K slice bytes, stream
    "fuzz_http": {
        "cl": b"\x00\x03\x00\x04\x10" + b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
              b"x-amzn-RequestId: r\r\nContent-Length: 15\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n"
              b'{"NumResults":0}',
        "chunked": b"\x00\x02\x02\x07" + b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                   b"5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n",
        "continue": b"\x00\x00" + b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\n"
                    b"x-amzn-ErrorType: ServiceFault\r\nContent-Length: 2\r\n\r\n{}",
        "close": b"\x00\x01\x00" + b"HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nbody until eof",
        "connect": b"\x01\x00" + b"HTTP/1.1 200 Connection established\r\n\r\n",
        "pipelined": b"\x00\x01\x05" + b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 204 No Content\r\n\r\n",
        "folded": b"\x00\x00" + b"HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\nContent-Length: 0\r\n\r\n",
        "prefix-cl": b"\x06\x00" + b"12\r\n\r\n{\"NumResults\":0}",
        "prefix-chunk": b"\x04\x00" + b"3\r\nabc\r\n0\r\n\r\n",
    },
    # byte 0: template (bits 0-2), mask (bit 3), token mode (bit 4), split (bits 5-7);
    # byte 1: K, K slice bytes, payload
    "fuzz_page": {
        "page": b"\x00\x03\x00\x0f\xff" + PAGE,
        "page-bytes": b"\x00\x00" + PAGE,
        "empty": b"\x00\x00" + b'{"Assignments":[],"NumResults":0}',
        "answer": b"\x02\x01\x03" + b'<a>\\u0026\\"x\\\\</a>',
        "time": b"\x03\x00" + b"1700000000.9995",
        "token": b"\x04\x02\x00\x01" + b"abc\\/def==",
        "numresults": b"\x07\x00" + b"-9223372036854775808",
        "tokens": b"\x10\x00" + bytes([55, 10, 5, 59, 16, 5, 27, 1, 4, 11, 5, 22, 1, 56]),
    },
    # byte 0: template (0 "P", 1 {"P":1}, 2 P, 3 [1,"P",-2.5e3]); byte 1: K, slices, P
    "fuzz_json_str": {
        "plain": b"\x00\x00hello world",
        "escapes": b"\x00\x02\x3d\x7a" + b'\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\u20AC',
        "pair": b"\x01\x01\x00" + b"\\ud83d\\ude00x\\uDBFF\\uDFFF",
        "lone": b"\x00\x00\\ud800",
        "utf8": "\x00\x00é€😀\U0010ffff".encode(),
        "doc": b"\x02\x03\x05\x40\xc0" + b'{"a":[1,-0.5e+3,true,false,null,"\\u0041"],"b":{}}',
        "long": b"\x03\x01\xf3" + b"x" * 300 + b"\\n" + "é".encode() * 50,
    },
    # byte 0: shift (byte % 51 - 25; 28 = 3), byte 1: K, slices, number text
    "fuzz_json_num": {
        "ts": b"\x1c\x00" + b"1700000000.123",
        "ts-exp": b"\x1c\x01\x03" + b"1.7000000005E9",
        "ts-neg": b"\x1c\x00" + b"-1700000000.0005",
        "int": b"\x19\x00" + b"9223372036854775807",
        "big": b"\x19\x02\x05\x1f" + b"123456789012345678901234567890e-10",
        "tiny": b"\x1c\x00" + b"-1e-999999999999",
        "huge": b"\x19\x00" + b"1e999999999999999",
        "zero": b"\x00\x00" + b"-0.000e5",
    },
    # profile NUL config NUL credentials
    "fuzz_host_awscfg": {
        "basic": b"\x00[default]\nregion = us-east-1\noutput = json\n\x00[default]\n"
                 b"aws_access_key_id = AKID\naws_secret_access_key = SECRET\n",
        "profile": b"\x01dev\x00[profile dev]\nregion=eu-west-1\nmax_attempts = 5\nretry_mode: standard\n"
                   b"services = s\n[services s]\nmturk =\n  endpoint_url = https://127.0.0.1:8443\n"
                   b"\x00[dev]\naws_access_key_id=A\naws_secret_access_key=S\naws_session_token=T\n",
        "quoted": b"\x00q\x00[profile \"q\"]\nregion = x\n; comment\n# comment\n\x00",
        "partial": b"\x00\x00\x00[default]\naws_access_key_id = A\n",
        "bad": b"\x06p\x00[profile p\nkey\n\x00value outside\n",
        "cont": b"\x00\x00[default]\ncli_pager = less\n  -R\nmax_attempts = 0\nretry_mode = legacy\n"
                b"cli_timestamp_format = wire\nca_bundle = ~/ca.pem\n\x00",
    },
    # byte 0: bit 0 YAML, bit 1 through the CLI parser, bits 2-3 extra options
    "fuzz_host_cli_input": {
        "json": b"\x02" + b'{"HITId": "3H", "MaxResults": 10, "AssignmentStatuses": ["Submitted"], "NextToken": "t"}',
        "json-bad": b"\x00" + b'{"HITId": "3H", "MaxResults": 1e400, ',
        "json-types": b"\x06" + b'{"HITId": 5, "MaxResults": "x", "AssignmentStatuses": "Approved", "Extra": null}',
        "yaml": b"\x03" + b"HITId: '3H'  # comment\nNextToken: ''\nMaxResults: 0\nAssignmentStatuses:\n- Submitted\n- Approved\n",
        "yaml-flow": b"\x01" + b"{HITId: \"3\\tH\", AssignmentStatuses: [Submitted, 'Rej''ected'], MaxResults: 0x10}\n",
        "yaml-scalars": b"\x01" + b"a: ~\nb: true\nc: 1.5e3\nd: -.inf\ne: .nan\nf: 0o17\ng:\n  h: [1, {i: j}]\n",
        "yaml-list": b"\x01" + b"- a\n- - b\n  - c\n-\n",
    },
}


def main():
    for target, seeds in SEEDS.items():
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(d, "s-" + name), "wb") as f:
                f.write(data)
    print("wrote", sum(len(s) for s in SEEDS.values()), "seeds")


if __name__ == "__main__":
    main()
