#!/usr/bin/env python3
"""Regenerates the DIAGNOSTIC CODES section of man/igw-lint.1 from `igw lint -L -o json`.

The section sits between the BEGIN/END marker comments below; everything else in the page is
hand-written and left alone.

  scripts/gen-man-codes.py --igw build/debug/tools/igw/igw            # rewrite the page
  scripts/gen-man-codes.py --igw build/debug/tools/igw/igw --check    # fail if out of date
"""

import argparse
import json
import os
import subprocess
import sys

BEGIN = '.\\" BEGIN GENERATED DIAGNOSTIC CODES (scripts/gen-man-codes.py; do not edit by hand)'
END = '.\\" END GENERATED DIAGNOSTIC CODES'

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MAN = os.path.join(os.path.dirname(HERE), "man", "igw-lint.1")


def roff_text(s):
    """Escapes text for a roff text line (not a request)."""
    s = s.replace("\\", "\\e")
    s = s.replace("-", "\\-")
    if s.startswith((".", "'")):
        s = "\\&" + s
    return s


def generate(catalog):
    reporters = {}
    for check in catalog["checks"]:
        for m in check["messages"]:
            reporters.setdefault(m["code"], []).append(check["name"])
    lines = [BEGIN]
    for m in catalog["messages"]:
        lines.append(".TP")
        lines.append(f'\\fB{m["code"]}\\fR {roff_text(m["name"])} ({m["level"]})')
        lines.append(roff_text(m["description"]))
        istio = m.get("istio_code")
        if istio and istio != m["code"]:
            lines.append(".br")
            lines.append(roff_text(f"Same check as Istio's {istio}."))
        names = sorted(set(reporters.get(m["code"], [])))
        if names:
            lines.append(".br")
            lines.append(roff_text("Reported by: " + ", ".join(names) + "."))
        url = m.get("documentationUrl")
        if url:
            lines.append(".br")
            lines.append(roff_text("Istio's page: " + url))
    lines.append(END)
    return "\n".join(lines) + "\n"


def splice(page, section):
    start = page.find(BEGIN)
    end = page.find(END)
    if start < 0 or end < 0 or end < start:
        raise SystemExit(f"the page has no '{BEGIN}' ... '{END}' block")
    end = page.index("\n", end) + 1
    return page[:start] + section + page[end:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--igw", required=True, help="the igw binary to ask for the catalog")
    parser.add_argument("--man", default=DEFAULT_MAN, help="the page to update (igw-lint.1)")
    parser.add_argument("--check", action="store_true", help="only report whether it is current")
    args = parser.parse_args()

    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.run(
        [args.igw, "lint", "-L", "-o", "json"], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        raise SystemExit(f"igw lint -L -o json failed ({proc.returncode}): {proc.stderr}")
    catalog = json.loads(proc.stdout)

    with open(args.man, encoding="utf-8") as f:
        page = f.read()
    updated = splice(page, generate(catalog))

    if args.check:
        if updated != page:
            print(
                f"{args.man} is out of date: its DIAGNOSTIC CODES section does not match "
                f"`igw lint -L -o json`.\nRegenerate it with:\n"
                f"  {sys.executable} {os.path.abspath(__file__)} --igw {args.igw} --man {args.man}"
            )
            return 1
        print(f"{args.man}: DIAGNOSTIC CODES up to date ({len(catalog['messages'])} codes)")
        return 0
    if updated != page:
        with open(args.man, "w", encoding="utf-8") as f:
            f.write(updated)
        print(f"{args.man}: DIAGNOSTIC CODES rewritten ({len(catalog['messages'])} codes)")
    else:
        print(f"{args.man}: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
