#!/usr/bin/env python3
"""Benchmark: the seed report. Prints cold whole-process time, warm in-process time per document for PDF and
DOCX, and peak memory. A script that prints figures, not a timed test."""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "inputs" / "changde-2017.yaml"


def cold(runs: int) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "docgen", "render", str(SEED), "--out", tmp],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def warm(runs: int) -> dict[str, tuple[float, float, float]]:
    """Median and best wall time, and CPU time per document (steadier on a shared, noisy machine)."""
    from docgen import api
    from docgen.render.options import RenderOptions

    doc = api.prepare(SEED).document
    opts = RenderOptions()
    api.render_document(doc, ("pdf", "docx"), opts)  # fonts, caches
    out: dict[str, tuple[float, float, float]] = {}
    for fmts in (("pdf",), ("docx",), ("pdf", "docx")):
        times = []
        cpu = _cpu()
        for _ in range(runs):
            t = time.perf_counter()
            api.render_document(doc, fmts, opts)
            times.append(time.perf_counter() - t)
        out["+".join(fmts)] = (statistics.median(times), min(times), (_cpu() - cpu) / runs)
    times = []
    cpu = _cpu()
    for _ in range(runs):
        t = time.perf_counter()
        api.prepare(SEED)
        times.append(time.perf_counter() - t)
    out["load+compose"] = (statistics.median(times), min(times), (_cpu() - cpu) / runs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    print(f"seed report: {SEED.relative_to(ROOT)}")
    print(f"cold whole process (render pdf+docx): {cold(3):.2f} s")
    print("(docx alone includes the PDF layout pass whose page plan it follows, without writing the PDF)")
    for name, (median, best, cpu) in warm(args.runs).items():
        print(
            f"warm in-process {name:13s}: median {median * 1000:6.1f} ms, best {best * 1000:6.1f} ms,"
            f" CPU {cpu * 1000:6.1f} ms"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MB")


if __name__ == "__main__":
    main()
