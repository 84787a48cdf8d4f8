"""Start-up and memory benchmark: how long the common commands take, end to end.

Run: python benchmarks/startup.py [--runs N]
Targets are checked here, never in a timed test: a slow CI machine must not fail the suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS_MS = {
    ("--version",): 150,
    ("list",): 200,
    ("show", "q4", "--brief"): 200,
    ("show", "q4"): 400,
}


def measure(args: tuple[str, ...], runs: int, env: dict[str, str]) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "casestudy", *args], env=env, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return statistics.median(times), peak_kib / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    env = dict(os.environ, CASESTUDY_HOME=tempfile.mkdtemp(), COLUMNS="80")
    failed = 0
    print(f"{'command':<28} {'median ms':>10} {'target':>8} {'peak MiB':>9}")
    for args, target in TARGETS_MS.items():
        median, peak = measure(args, runs, env)
        mark = "ok" if median <= target else "SLOW"
        failed += mark != "ok"
        print(f"{' '.join(args):<28} {median:>10.0f} {target:>8} {peak:>9.1f}  {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
