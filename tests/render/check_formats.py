#!/usr/bin/env python3
"""Checks the machine-readable lint formats against each other and their readers.

- `-o yaml` read by a YAML 1.1 reader (python3-yaml) equals `-o json` read as JSON: the YAML
  renderer quotes every string, so no value changes type on reading.
- `-o junit` is well-formed XML whose counts add up (tests/failures per suite and in total), and
  fails exactly when the exit status is not 0 (79 for findings, 65 for unparsable input, whose
  finding is an error too).
Exits 77 (ctest skip) without python3-yaml.
"""

import argparse
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.path.join(os.path.dirname(HERE), "cli")

RUNS = [
    ("lint-json", ["vs.yaml"]),
    ("lint-parse-error", ["broken.yaml", "clean.yaml"]),
    ("lint-suppress-annotation-one-code", ["vs.yaml"]),
    ("lint-namespace-default-all", ["vs.yaml"]),
    ("lint-junit", ["vs.yaml", "clean.yaml"]),
    ("lint-verbose", ["-v", "clean.yaml"]),
]


def run(igw, cwd, args):
    env = {"PATH": os.environ.get("PATH", "/usr/bin"), "LC_ALL": "C.UTF-8"}
    return subprocess.run([igw, "lint"] + args, cwd=cwd, env=env, capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=60)


def check_junit(xml_text, rc):
    root = ET.fromstring(xml_text)
    problems = []
    if root.tag != "testsuites":
        return [f"root element is {root.tag}"]
    total_tests = total_failures = 0
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        failing = [c for c in cases if c.find("failure") is not None]
        if int(suite.get("tests")) != len(cases):
            problems.append(f"suite {suite.get('name')}: tests={suite.get('tests')} but {len(cases)} cases")
        if int(suite.get("failures")) != len(failing):
            problems.append(f"suite {suite.get('name')}: failures={suite.get('failures')} but {len(failing)}")
        total_tests += len(cases)
        total_failures += len(failing)
    if int(root.get("tests")) != total_tests or int(root.get("failures")) != total_failures:
        problems.append("testsuites totals do not add up")
    if (total_failures > 0) != (rc != 0):
        problems.append(f"{total_failures} failing cases but exit status {rc}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--igw", required=True)
    args = parser.parse_args()
    try:
        import yaml
    except ImportError:
        print("SKIP: python3-yaml is not installed")
        return 77
    igw = os.path.abspath(args.igw)
    failed = False
    for case, extra in RUNS:
        cwd = os.path.join(CLI, case)
        label = f"{case}: {' '.join(extra)}"
        as_json = run(igw, cwd, ["-o", "json"] + extra)
        as_yaml = run(igw, cwd, ["-o", "yaml"] + extra)
        as_junit = run(igw, cwd, ["-o", "junit"] + extra)
        problems = []
        if not (as_json.returncode == as_yaml.returncode == as_junit.returncode):
            problems.append("exit status differs between formats")
        if json.loads(as_json.stdout) != yaml.safe_load(as_yaml.stdout):
            problems.append("YAML output does not read back as the JSON output")
        try:
            problems += check_junit(as_junit.stdout, as_junit.returncode)
        except ET.ParseError as e:
            problems.append(f"JUnit output is not well-formed XML: {e}")
        if problems:
            failed = True
            print(f"FAIL {label}")
            for p in problems:
                print("  " + p)
        else:
            print(f"PASS {label}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
