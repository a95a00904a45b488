#!/usr/bin/env python3
"""Validates `igw lint -o sarif` against the SARIF 2.1.0 JSON schema and GitHub's rules.

Runs igw on several inputs (findings, parse errors, a missing file, stdin, and every check with
no --analyzer restriction) and checks each log against data/sarif-schema-2.1.0.json with
python3-jsonschema, plus what GitHub code scanning needs beyond the schema: every result's
ruleId names a rule at ruleIndex, levels are error/warning/note, artifact URIs are relative to
%SRCROOT% (no '..', no scheme), regions are 1-based. Exits 77 (ctest skip) without jsonschema.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "data", "sarif-schema-2.1.0.json")
CLI = os.path.join(os.path.dirname(HERE), "cli")

# (case directory under tests/cli, arguments after `igw lint -o sarif`, stdin file or None)
RUNS = [
    ("lint-sarif", ["--analyzer", "virtualservice.GatewayAnalyzer", "vs.yaml"], None),
    ("lint-sarif", ["vs.yaml"], None),
    ("lint-parse-error", ["broken.yaml", "clean.yaml"], None),
    ("lint-unreadable", ["missing.yaml", "clean.yaml"], None),
    ("lint-directory", ["manifests"], None),
    ("lint-stdin", ["-"], "stdin"),
    ("lint-clean", ["clean.yaml"], None),
]


def github_checks(log):
    problems = []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        problems.append("duplicate rule ids")
    for r in rules:
        if r["defaultConfiguration"]["level"] not in ("error", "warning", "note"):
            problems.append(f"rule {r['id']}: bad level")
        if not r.get("shortDescription", {}).get("text"):
            problems.append(f"rule {r['id']}: no short description")
    for i, res in enumerate(run["results"]):
        where = f"result {i} ({res.get('ruleId')})"
        idx = res.get("ruleIndex")
        if idx is None or idx >= len(rules) or rules[idx]["id"] != res["ruleId"]:
            problems.append(f"{where}: ruleIndex does not point at its rule")
        if res["level"] not in ("error", "warning", "note"):
            problems.append(f"{where}: bad level {res['level']}")
        if not res["message"]["text"]:
            problems.append(f"{where}: empty message")
        for loc in res.get("locations", []):
            phys = loc.get("physicalLocation")
            if not phys:
                continue
            art = phys["artifactLocation"]
            uri = art["uri"]
            if art.get("uriBaseId") == "%SRCROOT%":
                if uri.startswith(("/", "..")) or ":" in uri:
                    problems.append(f"{where}: uri {uri!r} is not repository-relative")
            elif not uri.startswith("file:///"):
                problems.append(f"{where}: absolute uri {uri!r} is not a file URI")
            region = phys.get("region")
            if region and (region["startLine"] < 1 or region.get("startColumn", 1) < 1):
                problems.append(f"{where}: region is not 1-based: {region}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--igw", required=True)
    args = parser.parse_args()
    try:
        import jsonschema
    except ImportError:
        print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)")
        return 77
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)

    env = {"PATH": os.environ.get("PATH", "/usr/bin"), "LC_ALL": "C.UTF-8"}
    failed = False
    for case, extra, stdin_name in RUNS:
        cwd = os.path.join(CLI, case)
        argv = [os.path.abspath(args.igw), "lint", "-o", "sarif"] + extra
        stdin = open(os.path.join(cwd, stdin_name), "rb") if stdin_name else subprocess.DEVNULL
        proc = subprocess.run(argv, cwd=cwd, env=env, stdin=stdin, capture_output=True, timeout=60)
        if stdin_name:
            stdin.close()
        label = f"{case}: igw lint -o sarif {' '.join(extra)}"
        if proc.returncode not in (0, 65, 79):
            print(f"FAIL {label}: exit {proc.returncode}\n{proc.stderr.decode()}")
            failed = True
            continue
        log = json.loads(proc.stdout)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        problems = [f"schema: {'/'.join(map(str, e.path))}: {e.message}" for e in errors]
        problems += github_checks(log)
        if problems:
            failed = True
            print(f"FAIL {label}")
            for p in problems[:20]:
                print("  " + p)
        else:
            n = len(log["runs"][0]["results"])
            print(f"PASS {label} ({n} results)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
