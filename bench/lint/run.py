#!/usr/bin/python3
"""Benchmarks `igw lint` against a bare yaml-cpp parse (YAML::LoadAll) of the same files.

Builds a Release tree (unless --no-build), generates configurations of each --sizes count with
gen_configs.py into a temporary directory, then runs, interleaved and --reps times each:
  yaml-cpp   yaml_parse_baseline DIR   (YAML::LoadAll of every file, nothing else)
  events     yaml_parse_baseline --events DIR (yaml-cpp's event parser, every event dropped)
  igw load   igw_load_only DIR         (igw's loader alone: files -> positioned trees)
  igw lint   igw lint DIR              (load, type, every check, render text to /dev/null)
and prints a markdown table of medians: wall time, CPU time (user+sys) and peak RSS, with the
ratio to yaml-cpp of the same size, and how each program scales from the smallest size to the
largest. The order of the programs rotates on every repetition, so machine noise spreads
over all of them. With --callgrind, each program also runs once under valgrind's callgrind on the
smallest size, and the instruction counts (noise-free) are reported with their ratio.

Usage (from the repository root):
  /usr/bin/python3 bench/lint/run.py [--sizes 1000,10000] [--reps 5] [--callgrind]
      [--build-dir build/lintperf] [--no-build] [--keep DIR]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TARGETS = ["igw", "yaml_parse_baseline", "igw_load_only"]


def build(build_dir):
    # IGW_WERROR=OFF: g++ 12 at -O3 raises a false -Wrestrict on std::string concatenation
    # (lib/model/host_name.cc), which would stop a Release build that only wants timings.
    subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                    "-DIGW_WERROR=OFF", "-DIGW_BUILD_BENCHMARKS=ON"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "--target", *TARGETS, "-j2"], check=True,
                   stdout=subprocess.DEVNULL)


def programs(build_dir, data):
    return [
        ("yaml-cpp LoadAll", [os.path.join(build_dir, "bench/lint/yaml_parse_baseline"), data],
         {0}),
        ("yaml-cpp events",
         [os.path.join(build_dir, "bench/lint/yaml_parse_baseline"), "--events", data], {0}),
        ("igw load", [os.path.join(build_dir, "bench/lint/igw_load_only"), data], {0}),
        # 79: findings at or above the failure threshold (the generated input has some).
        ("igw lint", [os.path.join(build_dir, "tools/igw/igw"), "lint", data], {0, 79}),
    ]


def run_once(argv, ok_codes):
    """Runs argv with output discarded; returns (wall s, cpu s, peak RSS KiB)."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own rusage (ru_maxrss in KiB on Linux).
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in ok_codes:
        sys.exit(f"{' '.join(argv)} exited {p.returncode}:\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def callgrind_instructions(argv):
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run(["valgrind", "--tool=callgrind",
                            f"--callgrind-out-file={os.path.join(d, 'cg.out')}", *argv],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        m = re.search(r"Collected : (\d+)", r.stderr.decode(errors="replace"))
        return int(m.group(1)) if m else None


def fmt_s(x):
    return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.1f} s"


def fmt_mib(kib):
    return f"{kib / 1024:.0f} MiB"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000", help="object counts, comma-separated")
    p.add_argument("--reps", type=int, default=5, help="runs of each program per size")
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build", "lintperf"))
    p.add_argument("--no-build", action="store_true", help="use the programs already built")
    p.add_argument("--callgrind", action="store_true",
                   help="also count instructions under callgrind (smallest size, once each)")
    p.add_argument("--keep", help="write the inputs here and keep them (default: a temp dir)")
    a = p.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]

    if not a.no_build:
        print(f"building {', '.join(TARGETS)} (Release) in {a.build_dir} ...", file=sys.stderr)
        build(a.build_dir)

    work = a.keep or tempfile.mkdtemp(prefix="igw-lint-bench-")
    try:
        data = {}
        for n in sizes:
            d = os.path.join(work, str(n))
            if not os.path.isdir(d):
                subprocess.run([sys.executable, os.path.join(HERE, "gen_configs.py"),
                                "--resources", str(n), "--out", d], check=True)
            data[n] = d

        results = {}  # (size, name) -> list of (wall, cpu, rss)
        for n in sizes:
            progs = programs(a.build_dir, data[n])
            # One warm-up of each, so every program reads the files from the page cache.
            for _, argv, ok in progs:
                run_once(argv, ok)
            for rep in range(a.reps):
                k = rep % len(progs)
                for name, argv, ok in progs[k:] + progs[:k]:
                    results.setdefault((n, name), []).append(run_once(argv, ok))
                print(f"  size {n}: repetition {rep + 1}/{a.reps} done", file=sys.stderr)

        med = {key: tuple(statistics.median(x[i] for x in v) for i in range(3))
               for key, v in results.items()}
        names = [name for name, _, _ in programs(a.build_dir, "")]
        mb = {n: sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(data[n])
                     for f in fs) / 1e6 for n in sizes}

        print(f"\nMedians of {a.reps} interleaved runs each (wall / CPU = user+sys / peak RSS); "
              "ratios are to yaml-cpp LoadAll of the same files in the same run.\n")
        print("| objects | input | program | wall | CPU | peak RSS | wall ratio | CPU ratio "
              "| RSS ratio |")
        print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            base = med[(n, names[0])]
            for name in names:
                w, c, r = med[(n, name)]
                print(f"| {n:,} | {mb[n]:.1f} MB | {name} | {fmt_s(w)} | {fmt_s(c)} | "
                      f"{fmt_mib(r)} | {w / base[0]:.2f} | {c / base[1]:.2f} | {r / base[2]:.2f} |")
        if len(sizes) > 1:
            lo, hi = sizes[0], sizes[-1]
            print(f"\nScaling from {lo:,} to {hi:,} objects ({hi / lo:.0f}x the input):\n")
            print("| program | wall | CPU | peak RSS |")
            print("|---|---:|---:|---:|")
            for name in names:
                a0, a1 = med[(lo, name)], med[(hi, name)]
                print(f"| {name} | {a1[0] / a0[0]:.1f}x | {a1[1] / a0[1]:.1f}x | "
                      f"{a1[2] / a0[2]:.1f}x |")

        # The targets: `igw lint` within 2x of the bare parse at every size, and 10x the
        # input costing at most 11x the time.
        lint, loadall, ev = names[-1], names[0], names[1]
        print("\nTargets (medians; wall and CPU):\n")
        print("| check | wall | CPU | target | met |")
        print("|---|---:|---:|---:|---|")
        for n in sizes:
            for base_name in (loadall, ev):
                rw = med[(n, lint)][0] / med[(n, base_name)][0]
                rc = med[(n, lint)][1] / med[(n, base_name)][1]
                print(f"| igw lint / {base_name}, {n:,} objects | {rw:.2f} | {rc:.2f} | <= 2 | "
                      f"{'yes' if max(rw, rc) <= 2 else 'NO'} |")
        if len(sizes) > 1:
            lo, hi = sizes[0], sizes[-1]
            limit = 1.1 * hi / lo
            sw = med[(hi, lint)][0] / med[(lo, lint)][0]
            sc = med[(hi, lint)][1] / med[(lo, lint)][1]
            print(f"| igw lint time({hi:,}) / time({lo:,}) | {sw:.2f} | {sc:.2f} | "
                  f"<= {limit:.0f} | {'yes' if max(sw, sc) <= limit else 'NO'} |")

        if a.callgrind:
            n = sizes[0]
            print(f"\nInstructions under callgrind, {n:,} objects (one run each):\n")
            print("| program | instructions | ratio |")
            print("|---|---:|---:|")
            counts = [(name, callgrind_instructions(argv))
                      for name, argv, _ in programs(a.build_dir, data[n])]
            base = counts[0][1]
            for name, c in counts:
                ratio = f"{c / base:.2f}" if c and base else "-"
                print(f"| {name} | {c:,} | {ratio} |" if c else f"| {name} | - | - |")
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
