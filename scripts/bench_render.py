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


def warm(runs: int) -> dict[str, tuple[float, float]]:
    from docgen import api
    from docgen.render.options import RenderOptions

    doc = api.prepare(SEED).document
    opts = RenderOptions()
    api.render_document(doc, ("pdf", "docx"), opts)  # fonts, caches
    out: dict[str, tuple[float, float]] = {}
    for fmts in (("pdf",), ("docx",), ("pdf", "docx")):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            api.render_document(doc, fmts, opts)
            times.append(time.perf_counter() - t)
        out["+".join(fmts)] = (statistics.median(times), min(times))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        api.prepare(SEED)
        times.append(time.perf_counter() - t)
    out["load+compose"] = (statistics.median(times), min(times))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"seed report: {SEED.relative_to(ROOT)}")
    print(f"cold whole process (render pdf+docx): {cold(3):.2f} s")
    print("(docx includes the PDF layout pass whose page plan it follows)")
    for name, (median, best) in warm(args.runs).items():
        print(f"warm in-process {name:13s}: median {median * 1000:6.1f} ms, best {best * 1000:6.1f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MB")


if __name__ == "__main__":
    main()
