#!/usr/bin/env python3
"""Benchmark: batch throughput. Generates N units of report data, renders them (PDF+DOCX) with --jobs 1 and
with all cores, and prints documents per second, the speed-up and the peak memory of a worker.
A script that prints figures, not a timed test."""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen import batch  # noqa: E402

STAMP = dt.datetime(2024, 1, 31, 9, 0, tzinfo=dt.UTC)


def make_units(folder: Path, n: int, example: Path) -> None:
    """N units from an example data file, each with its own organ name and numbers."""
    text = example.read_text(encoding="utf-8")
    organ = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("organ:"))
    for i in range(n):
        (folder / f"unit{i:04d}.yaml").write_text(text.replace(organ, f"某市第{i + 1}局"), encoding="utf-8")


def measure(src: Path, jobs: int, formats: tuple[str, ...]) -> tuple[float, int, float, float]:
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    try:
        units = batch.discover(src)
        plan = batch.plan_jobs(units, out, "{unit}", formats, None, STAMP, False)
        t = time.perf_counter()
        report = batch.run(plan, out, jobs)
        secs = time.perf_counter() - t
        assert not report.failed, [r.messages for r in report.results if r.status != "produced"][:3]
        cpu = sum(r.cpu_seconds for r in report.results) / len(report.results)
        return secs, len(units), max(r.peak_mb for r in report.results), cpu
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=100, help="number of units (default 100)")
    ap.add_argument(
        "--example", type=Path, default=None, help="data file to vary (default: the annual report)"
    )
    ap.add_argument("--format", default="pdf,docx")
    args = ap.parse_args()
    example = (
        args.example.resolve()
        if args.example
        else next(
            p
            for p in (ROOT / "inputs" / "annual-2024-example.yaml", ROOT / "inputs" / "changde-2017.yaml")
            if p.exists()
        )
    )
    formats = tuple(args.format.split(","))
    cores = batch.default_jobs()
    with tempfile.TemporaryDirectory(prefix="bench-units-") as tmp:
        src = Path(tmp)
        make_units(src, args.n, example)
        print(f"{args.n} units of {example.relative_to(ROOT)}, formats {','.join(formats)}, {cores} cores")
        one, n, _, cpu = measure(src, 1, formats)
        print(f"--jobs 1     : {one:6.1f} s  {n / one:5.2f} documents/s  (CPU {cpu:.2f} s per document)")
        many, n, worker_peak, cpu = measure(src, cores, formats)
        print(
            f"--jobs {cores:<6}: {many:6.1f} s  {n / many:5.2f} documents/s  (CPU {cpu:.2f} s per document)"
        )
        print(f"speed-up     : {one / many:5.2f}x")
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory  : per worker {worker_peak:.0f} MB; the --jobs 1 run in this process {peak_self:.0f} MB"
    )


if __name__ == "__main__":
    main()
