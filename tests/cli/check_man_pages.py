#!/usr/bin/env python3
"""Formats each man page with groff's man macros and all warnings on; fails on any warning.

Also checks the sections every igw page must have. Exits 77 (ctest skip) without groff.
"""

import re
import shutil
import subprocess
import sys

REQUIRED_SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"]


def main():
    groff = shutil.which("groff")
    if not groff:
        print("SKIP: groff is not installed (apt-get install groff)")
        return 77
    failed = False
    for page in sys.argv[1:]:
        with open(page, encoding="utf-8") as f:
            text = f.read()
        sections = re.findall(r'^\.SH\s+"?([^"\n]+)"?\s*$', text, re.MULTILINE)
        for required in REQUIRED_SECTIONS:
            if required not in sections:
                print(f"FAIL {page}: no .SH {required} section (has {sections})")
                failed = True
        proc = subprocess.run(
            [groff, "-man", "-Tutf8", "-ww", "-z", "-rCHECKSTYLE=3", page],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0 or proc.stderr.strip():
            print(f"FAIL {page}: groff reports:\n{proc.stderr}")
            failed = True
        else:
            print(f"PASS {page}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
