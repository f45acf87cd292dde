#!/usr/bin/python3
"""Differential test: the output formatters (via $TT_BUILD/tools/ttout
--values) against the AWS CLI's own Python formatters (awscli.formatter's
YAMLDumper, awscli.text, awscli.table) on random values made of awkward
strings (tests/tools/diff_formats.py).  Skipped (0 passed, 0 failed) when
the awscli Python package is not installed.  Last line "N passed, M failed"."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("TT_BUILD", "build")
if not os.path.isabs(BUILD):
    BUILD = os.path.join(ROOT, BUILD)

if not os.path.isdir("/usr/lib/python3/dist-packages/awscli"):
    print("awscli package not installed: skipped")
    print("0 passed, 0 failed")
    sys.exit(0)
p = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests", "tools", "diff_formats.py"),
                    BUILD, "300", "1"], capture_output=True, text=True)
sys.stdout.write(p.stdout[-4000:])
sys.exit(p.returncode)
