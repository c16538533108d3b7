#!/usr/bin/env python3
"""Benchmark: batch throughput. Generates N units of report data, renders them (PDF+DOCX) with --jobs 1 and
with all cores, and prints documents per second, the speed-up and the peak memory of a worker.
A script that prints figures, not a timed test.

This machine's speed changes in phases of seconds to minutes, so the two settings are measured in
alternating rounds (1, all, all, 1, …) and the medians compared; the fork server the pool forks its workers
from is started (and warmed) before anything is timed."""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from make_batch_example import scaled

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen import batch  # noqa: E402

STAMP = dt.datetime(2024, 1, 31, 9, 0, tzinfo=dt.UTC)
TABLES = ("t2", "t3", "t4")  # the annual report's tables: scaled by a whole factor, every identity holds


def make_units(folder: Path, n: int, example: Path) -> None:
    """N units from an example data file, each with its own organ name and, for an annual report, its
    own numbers (the example's tables times 1–5)."""
    text = example.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for i in range(n):
        if all(t in data for t in TABLES):
            unit = {**data, "organ": f"某市第{i + 1}局"}
            unit.update({t: scaled(data[t], i % 5 + 1) for t in TABLES})
            body = yaml.safe_dump(unit, allow_unicode=True, sort_keys=False, width=200)
        else:
            body = text.replace(data["organ"], f"某市第{i + 1}局")
        (folder / f"unit{i:04d}.yaml").write_text(body, encoding="utf-8")


def measure(src: Path, jobs: int, formats: tuple[str, ...]) -> tuple[float, int, float, float]:
    """Seconds, units, the peak memory of a worker (MB) and CPU seconds per document."""
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
    ap.add_argument("--rounds", type=int, default=2, help="rounds of each setting, alternating (default 2)")
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
    rates: dict[int, list[float]] = {1: [], cores: []}
    cpus: dict[int, list[float]] = {1: [], cores: []}
    worker_peak = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-units-") as tmp:
        src = Path(tmp)
        make_units(src, args.n, example)
        print(f"{args.n} units of {example.relative_to(ROOT)}, formats {','.join(formats)}, {cores} cores")
        with tempfile.TemporaryDirectory(prefix="bench-warm-") as warm:  # starts and warms the fork server
            for p in sorted(src.iterdir())[:cores]:
                shutil.copy(p, warm)
            measure(Path(warm), cores, formats)
        batch.warm_up()  # --jobs 1 renders in this process
        order = [jobs for r in range(args.rounds) for jobs in ((1, cores) if r % 2 == 0 else (cores, 1))]
        for jobs in order:
            secs, n, peak, cpu = measure(src, jobs, formats)
            rates[jobs].append(n / secs)
            cpus[jobs].append(cpu)
            if jobs > 1:
                worker_peak = max(worker_peak, peak)
            print(
                f"--jobs {jobs:<6}: {secs:6.1f} s  {n / secs:5.2f} documents/s  (CPU {cpu:.2f} s per document)"
            )
    one, many = statistics.median(rates[1]), statistics.median(rates[cores])
    print(f"median --jobs 1: {one:5.2f} documents/s (CPU {statistics.median(cpus[1]):.2f} s per document)")
    print(
        f"median --jobs {cores}: {many:5.2f} documents/s (CPU {statistics.median(cpus[cores]):.2f} s per document)"
    )
    print(f"speed-up     : {many / one:5.2f}x")
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory  : per worker {worker_peak:.0f} MB; this process (it runs --jobs 1 itself) {peak_self:.0f} MB"
    )


if __name__ == "__main__":
    main()
