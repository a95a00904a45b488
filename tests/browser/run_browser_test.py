#!/usr/bin/env python3
"""Browser test: does `igw curl-sim --browser` predict what a real browser does?

Starts igw_cors_test_server (a page origin and a "gateway" origin answering with lib/http's plans
for gateway.yaml.in), loads the page in headless Chromium, which runs every case of cases.json as
a fetch() and posts the outcomes back, then asks `igw curl-sim -o json --browser` about the same
fetches. Every case must agree on allowed/blocked and, when allowed, on the response headers the
page can read; where Chromium logged a CORS console message, igw's reason must be part of it.

Exits 77 (ctest: skipped) when Chromium is not installed. Only the Python standard library is used.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

# Headers the test server's HTTP library adds on its own (keep-alive, and gzip when the browser
# accepts it): not part of lib/http's answer.
SERVER_LIBRARY_HEADERS = {"keep-alive", "connection", "content-encoding"}
UPSTREAM_HEADERS = ["content-type: text/plain", "x-exposed: yes", "x-hidden: no"]
UPSTREAM_BODY = "ok"


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    # ctest may run with a PATH that lacks /usr/bin; Debian's package installs here.
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.access(path, os.X_OK):
            return path
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def igw_prediction(igw, config, page_origin, gateway_origin, case):
    args = [igw, "curl-sim", "-o", "json", "-f", config, "--origin", page_origin,
            "--credentials", case.get("credentials", "same-origin"), "--upstream-body", UPSTREAM_BODY]
    for h in UPSTREAM_HEADERS:
        args += ["--upstream-header", h]
    args += ["--", "curl", "-X", case["method"], gateway_origin + case["path"]]
    for name, value in case.get("headers", {}).items():
        args += ["-H", f"{name}: {value}"]
    if "body" in case:
        args += ["--data-raw", case["body"]]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"igw curl-sim failed ({proc.returncode}) for {case['id']}: {proc.stderr}")
    doc = json.loads(proc.stdout)
    return doc["browser"]


def console_messages(log_text):
    """CORS console messages Chromium logged, keyed by the URL they name."""
    out = {}
    for m in re.finditer(r"Access to fetch at '([^']+)'(?: \(redirected from '[^']+'\))? from "
                         r"origin '[^']+' has been blocked by CORS policy: (.*?)\", source", log_text):
        out[m.group(1)] = m.group(2)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--igw", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--dir", required=True, help="tests/browser (templates and cases)")
    args = parser.parse_args()

    chromium = find_chromium()
    if chromium:
        print(f"using {chromium}")
    else:
        print("SKIP: Chromium is not installed (Debian: apt-get install chromium); the browser "
              "test needs a real browser")
        return 77

    with open(os.path.join(args.dir, "cases.json")) as f:
        cases = json.load(f)
    work = tempfile.mkdtemp(prefix="igw-browser-")
    page_port, gateway_port = free_port(), free_port()
    while gateway_port == page_port:
        gateway_port = free_port()
    page_origin = f"http://127.0.0.1:{page_port}"
    gateway_origin = f"http://127.0.0.1:{gateway_port}"

    with open(os.path.join(args.dir, "gateway.yaml.in")) as f:
        config_text = f.read().replace("@GATEWAY_PORT@", str(gateway_port)).replace(
            "@PAGE_ORIGIN@", page_origin)
    config = os.path.join(work, "gateway.yaml")
    with open(config, "w") as f:
        f.write(config_text)
    with open(os.path.join(args.dir, "page.html.in")) as f:
        page_text = f.read().replace("@GATEWAY_ORIGIN@", gateway_origin).replace(
            "@CASES@", json.dumps(cases))
    page = os.path.join(work, "page.html")
    with open(page, "w") as f:
        f.write(page_text)
    results_path = os.path.join(work, "results.json")

    server = subprocess.Popen(
        [args.server, "--config", config, "--page", page, "--results", results_path,
         "--gateway-port", str(gateway_port), "--page-port", str(page_port)],
        stdout=subprocess.PIPE, stderr=open(os.path.join(work, "server.log"), "w"), text=True)
    browser = None
    try:
        if server.stdout.readline().strip() != "ready":
            print("FAIL: the test server did not start; see", work)
            return 1
        profile = os.path.join(work, "profile")
        browser_log = open(os.path.join(work, "chromium.log"), "w")
        browser = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
             "--enable-logging=stderr", "--v=0", f"{page_origin}/page.html"],
            stdout=browser_log, stderr=subprocess.STDOUT, start_new_session=True)
        if not wait_for(lambda: os.path.exists(results_path), 120):
            print("FAIL: Chromium did not report results within 120 s; logs in", work)
            return 1
    finally:
        if browser:
            try:
                os.killpg(browser.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            browser.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)

    with open(results_path) as f:
        seen = {r["id"]: r for r in json.load(f)}
    with open(os.path.join(work, "chromium.log"), errors="replace") as f:
        messages = console_messages(f.read())

    failures = 0
    for case in cases:
        chrome = seen.get(case["id"])
        igw = igw_prediction(args.igw, config, page_origin, gateway_origin, case)
        if chrome is None:
            print(f"FAIL {case['id']}: the page reported no result")
            failures += 1
            continue
        verdict = "allowed" if chrome["allowed"] else "blocked"
        problems = []
        if chrome["allowed"] != igw["allowed"]:
            problems.append(f"Chromium: {verdict}; igw: {'allowed' if igw['allowed'] else 'blocked'}"
                            f" ({igw['reason']})")
        elif chrome["allowed"]:
            got = sorted(set(chrome["headers"]) - SERVER_LIBRARY_HEADERS)
            want = sorted(set(igw["readableHeaders"]))
            if got != want:
                problems.append(f"readable headers: Chromium {got}, igw {want}")
            if chrome["status"] != igw.get("status"):
                problems.append(f"status: Chromium {chrome['status']}, igw {igw.get('status')}")
        else:
            message = messages.get(gateway_origin + case["path"])
            if message is not None and igw["reason"] not in message and message not in igw["reason"]:
                problems.append(f"reason: Chromium \"{message}\", igw \"{igw['reason']}\"")
        if problems:
            failures += 1
            print(f"FAIL {case['id']}: " + "; ".join(problems))
        else:
            detail = igw["reason"] if not igw["allowed"] else ", ".join(igw["readableHeaders"])
            print(f"ok   {case['id']}: {verdict} ({detail})")
    print(f"{len(cases) - failures}/{len(cases)} fetches predicted; Chromium console messages "
          f"seen for {len(messages)} blocked fetches")
    if failures == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"logs, page and configuration kept in {work}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
