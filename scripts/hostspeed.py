"""The host's speed now: CPU seconds of a fixed pure-Python workload.

The build machine's speed varies in phases by up to ±40 % (CPU time included); benchmarks print this
figure before and after their runs so that their own figures can be read against it (≈ 0.9 s quiet,
≈ 1.25 s slow on the 2-core build machine)."""

from __future__ import annotations

import time


def reference_seconds() -> float:
    start = time.process_time()
    x = 0
    for i in range(5_000_000):
        x += i * i % 7
    return time.process_time() - start
