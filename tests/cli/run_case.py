#!/usr/bin/env python3
"""Runs one golden CLI case: `igw <args>` in the case directory, output compared to files.

A case is a directory tests/cli/<case>/ holding:
  cmd              the arguments after `igw`, shell-quoted (shlex), '#' starts a comment
  expected.rc      the exit status
  expected.stdout  the exact standard output (may be empty)
  expected.stderr  the exact standard error; when absent, standard error must be empty
  expected.stdout.contains
                   instead of expected.stdout: lines that must appear in standard output, in
                   this order (for listings that grow as checks are added, such as -L)
  stdin            optional: fed to standard input (else /dev/null)
  tty              optional (empty): standard output is a terminal (a pty; its CRLF line ends
                   are turned back into LF), to test what igw does on a terminal
  env              optional: KEY=VALUE lines added to the environment
  *.yaml ...       the input manifests, named by relative paths in `cmd`

igw runs with the case directory as its working directory and a clean environment (PATH,
LC_ALL=C.UTF-8, a scratch HOME; no TERM, NO_COLOR, CI or GITHUB_ACTIONS unless `env` sets them),
so output is deterministic: relative paths, no colour, no terminal. The absolute path of the case
directory, where it appears (SARIF's originalUriBaseIds), is replaced by @CASE_DIR@.

UPDATE_GOLDEN=1 rewrites expected.stdout, expected.stderr and expected.rc from the actual run
(expected.stdout.contains is never rewritten) and passes.
"""

import argparse
import difflib
import errno
import os
import pty
import select
import shlex
import subprocess
import sys
import tempfile
import urllib.parse

TIMEOUT_SECONDS = 60


def read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="surrogateescape")


def write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode("utf-8", errors="surrogateescape"))


def case_env(case_dir, home):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C.UTF-8",
        "HOME": home,
    }
    text = read(os.path.join(case_dir, "env"), "")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise SystemExit(f"{case_dir}/env: expected KEY=VALUE, got {line!r}")
        env[key] = value
    return env


def normalise(text, case_dir):
    for form in (case_dir, urllib.parse.quote(case_dir)):
        text = text.replace(form, "@CASE_DIR@")
    return text


def diff(expected, actual, name):
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"expected.{name}",
        tofile=f"actual {name}",
    )
    return "".join(lines)


def contains_in_order(needles, haystack):
    """Returns the first needle line not found (in order) in haystack, or None."""
    lines = haystack.splitlines()
    pos = 0
    for needle in needles:
        while pos < len(lines) and lines[pos] != needle:
            pos += 1
        if pos == len(lines):
            return needle
        pos += 1
    return None


def run_on_pty(argv, cwd, env, stdin):
    """Runs argv with standard output on a new pty; returns (rc, stdout bytes, stderr bytes)."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin, stdout=slave,
                                stderr=subprocess.PIPE)
    finally:
        os.close(slave)
    out = bytearray()
    err = bytearray()
    streams = {master: out, proc.stderr.fileno(): err}
    while streams:
        ready, _, _ = select.select(list(streams), [], [], TIMEOUT_SECONDS)
        if not ready:
            proc.kill()
            raise subprocess.TimeoutExpired(argv, TIMEOUT_SECONDS)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError as e:  # a pty reports EIO once the other side is closed
                if e.errno != errno.EIO:
                    raise
                chunk = b""
            if chunk:
                streams[fd] += chunk
            else:
                del streams[fd]
    os.close(master)
    proc.stderr.close()
    rc = proc.wait(timeout=TIMEOUT_SECONDS)
    return rc, bytes(out).replace(b"\r\n", b"\n"), bytes(err)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--igw", required=True, help="the igw binary under test")
    parser.add_argument("case_dir")
    args = parser.parse_args()

    case_dir = os.path.realpath(args.case_dir)
    name = os.path.basename(case_dir)
    cmd_text = read(os.path.join(case_dir, "cmd"))
    if cmd_text is None:
        raise SystemExit(f"{case_dir}: no cmd file")
    argv = [os.path.realpath(args.igw)] + shlex.split(cmd_text, comments=True)

    stdin_path = os.path.join(case_dir, "stdin")
    with tempfile.TemporaryDirectory(prefix="igw-cli-") as home:
        stdin = open(stdin_path, "rb") if os.path.exists(stdin_path) else subprocess.DEVNULL
        try:
            if os.path.exists(os.path.join(case_dir, "tty")):
                rc, out, err = run_on_pty(argv, case_dir, case_env(case_dir, home), stdin)
            else:
                proc = subprocess.run(
                    argv,
                    cwd=case_dir,
                    env=case_env(case_dir, home),
                    stdin=stdin,
                    capture_output=True,
                    timeout=TIMEOUT_SECONDS,
                )
                rc, out, err = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: igw did not finish within {TIMEOUT_SECONDS}s: {argv}")
            return 1
        finally:
            if stdin is not subprocess.DEVNULL:
                stdin.close()

    stdout = normalise(out.decode("utf-8", errors="surrogateescape"), case_dir)
    stderr = normalise(err.decode("utf-8", errors="surrogateescape"), case_dir)

    paths = {k: os.path.join(case_dir, "expected." + k) for k in ("stdout", "stderr", "rc")}
    contains_path = os.path.join(case_dir, "expected.stdout.contains")

    if os.environ.get("UPDATE_GOLDEN") == "1":
        if not os.path.exists(contains_path):
            write(paths["stdout"], stdout)
        if stderr:
            write(paths["stderr"], stderr)
        elif os.path.exists(paths["stderr"]):
            os.remove(paths["stderr"])
        write(paths["rc"], f"{rc}\n")
        print(f"UPDATED {name} (rc {rc})")
        return 0

    failures = []
    expected_rc = read(paths["rc"])
    if expected_rc is None:
        failures.append("no expected.rc (run with UPDATE_GOLDEN=1 to create it)")
    elif int(expected_rc.strip()) != rc:
        failures.append(f"exit status {rc}, expected {expected_rc.strip()}")

    if os.path.exists(contains_path):
        needles = [l for l in read(contains_path).splitlines() if l]
        missing = contains_in_order(needles, stdout)
        if missing is not None:
            failures.append(f"stdout lacks (in order) the line {missing!r}; stdout was:\n{stdout}")
    else:
        expected_stdout = read(paths["stdout"])
        if expected_stdout is None:
            failures.append("no expected.stdout (run with UPDATE_GOLDEN=1 to create it)")
        elif expected_stdout != stdout:
            failures.append("stdout differs:\n" + diff(expected_stdout, stdout, "stdout"))

    expected_stderr = read(paths["stderr"], "")
    if expected_stderr != stderr:
        failures.append("stderr differs:\n" + diff(expected_stderr, stderr, "stderr"))

    if failures:
        print(f"FAIL {name}: igw {cmd_text.strip()}")
        for f in failures:
            print("  " + f.replace("\n", "\n  "))
        print("  (if the new output is right: UPDATE_GOLDEN=1 ctest -R 'cli\\." + name + "$')")
        return 1
    print(f"PASS {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
