#!/usr/bin/env python3
"""Benchmark: the seed report. Prints cold whole-process times (render, check, --help), warm in-process
time per document for PDF and DOCX, and peak memory. A script that prints figures, not a timed test."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "inputs" / "changde-2017.yaml"


ANNUAL = ROOT / "inputs" / "annual-2024-example.yaml"


def cold_commands(out: str) -> dict[str, list[str]]:
    """What a user types most, each a whole process: the figures issue 17 sets targets for."""
    return {
        "render seed (pdf+docx)": ["render", str(SEED), "--out", out],
        "render seed (pdf)": ["render", str(SEED), "--out", out, "--format", "pdf"],
        "check annual report": ["check", str(ANNUAL)],
        "--help": ["--help"],
    }


def cold(runs: int) -> dict[str, tuple[float, float]]:
    """Median and best wall time of each command of :func:`cold_commands` as a fresh process, the
    commands taken in turn (so a phase of a slow host hits all alike). Run as a user runs docgen: with
    Python's bytecode cache (``PYTHONDONTWRITEBYTECODE`` unset) and docgen's caches made by a first,
    untimed round."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        commands = cold_commands(tmp)
        for round_ in range(runs + 1):
            for name, args in commands.items():
                t = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "docgen", *args], env=env, capture_output=True, check=False
                )
                if round_:
                    times.setdefault(name, []).append(time.perf_counter() - t)
    return {name: (statistics.median(ts), min(ts)) for name, ts in times.items()}


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
    ap.add_argument("--cold-runs", type=int, default=7)
    args = ap.parse_args()
    print(f"seed report: {SEED.relative_to(ROOT)}")
    for name, (median, best) in cold(args.cold_runs).items():
        print(f"cold whole process, {name:24s}: median {median:5.2f} s, best {best:5.2f} s")
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
