#!/usr/bin/env python3
"""Keeps the "guide verbatim" golden cases byte-for-byte equal to the seed guide's YAML blocks.

The seed guide (shared/seed/istio-gateway-advanced.md) has one ```yaml block per manifest file,
each starting with a `# <file>.yaml` comment. For every block there is a golden case
tests/cli/guide-<file>/ whose input <file>.yaml is the block exactly as printed, and the case
tests/cli/guide-all/ holds every block under guide/ (the whole guide applied at once); GROUPS
below are cases for blocks the guide applies together.

  guide_blocks.py --guide GUIDE --cases tests/cli --check   fails when an input differs or is
                                                            missing (exit 1), or skips (exit 77)
                                                            when the guide is not there
  guide_blocks.py --guide GUIDE --cases tests/cli --write   (re)writes the inputs and a `cmd`
                                                            for new cases; then generate the
                                                            expectations with UPDATE_GOLDEN=1
"""

import argparse
import os
import re
import sys

SKIP = 77
LINT = "lint --show-source never"

# Cases for the blocks a reader applies together: a section's Gateway with the VirtualServices
# that bind to it (alone, a VirtualService block only reports its missing Gateway).
GROUPS = {
    "guide-production-example": [
        "production-gateway.yaml",
        "virtualservice-web.yaml",
        "virtualservice-api.yaml",
        "virtualservice-grpc.yaml",
    ],
    "guide-multihost-with-cors": ["gateway-multihost.yaml", "virtualservice-cors.yaml"],
}


def blocks(guide_text):
    """Returns [(file name, block text)] in guide order."""
    out = []
    for body in re.findall(r"^```yaml\n(.*?)^```", guide_text, re.S | re.M):
        first = body.splitlines()[0]
        m = re.fullmatch(r"# ([a-z0-9-]+\.yaml)", first)
        if not m:
            raise SystemExit(f"guide block without a '# <file>.yaml' first line: {first!r}")
        out.append((m.group(1), body))
    return out


def expected_files(guide_text):
    """Returns {path relative to the cases dir: text} and {case dir: cmd text}."""
    files, cmds = {}, {}
    by_name = dict(blocks(guide_text))
    for name, body in by_name.items():
        case = "guide-" + name[: -len(".yaml")]
        files[os.path.join(case, name)] = body
        cmds[case] = f"{LINT} {name}\n"
        files[os.path.join("guide-all", "guide", name)] = body
    cmds["guide-all"] = f"{LINT} guide\n"
    for case, names in GROUPS.items():
        for name in names:
            if name not in by_name:
                raise SystemExit(f"GROUPS names {name}, which is not a block of the guide")
            files[os.path.join(case, name)] = by_name[name]
        cmds[case] = f"{LINT} {' '.join(names)}\n"
    return files, cmds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guide", required=True)
    parser.add_argument("--cases", required=True, help="the tests/cli directory")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    args = parser.parse_args()

    if not os.path.exists(args.guide):
        print(f"SKIP: the seed guide {args.guide} is not there")
        return SKIP
    with open(args.guide, encoding="utf-8") as f:
        files, cmds = expected_files(f.read())

    if args.write:
        for rel, text in files.items():
            path = os.path.join(args.cases, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        for case, cmd in cmds.items():
            path = os.path.join(args.cases, case, "cmd")
            if not os.path.exists(path):
                with open(path, "w", encoding="utf-8") as f:
                    f.write(cmd)
        print(f"wrote {len(files)} inputs of {len(cmds)} cases")
        return 0

    bad = []
    for rel, text in files.items():
        path = os.path.join(args.cases, rel)
        if not os.path.exists(path):
            bad.append(f"missing {path}")
            continue
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                bad.append(f"{path} differs from the guide's block")
    # No stray YAML in guide-all/guide either: it must be exactly the guide.
    extra_dir = os.path.join(args.cases, "guide-all", "guide")
    if os.path.isdir(extra_dir):
        for name in sorted(os.listdir(extra_dir)):
            if os.path.join("guide-all", "guide", name) not in files:
                bad.append(f"{os.path.join(extra_dir, name)} is not a block of the guide")
    for line in bad:
        print("FAIL " + line)
    if bad:
        print("(regenerate: tests/examples/guide_blocks.py --guide GUIDE --cases tests/cli --write)")
        return 1
    print(f"PASS {len(files)} guide blocks verbatim in {len(cmds)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
