"""Whole `timeline` processes that report their own peak memory."""

from __future__ import annotations

import subprocess
import sys
from typing import IO

# Runs `timeline ARGS...` and prints its own peak resident memory (KB) on stderr last.
REPORTING_PEAK = """
import resource, runpy, sys
sys.argv = ["timeline", *sys.argv[1:]]
try:
    runpy.run_module("timeline", run_name="__main__")
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def run_timeline(*args: str, stdout: int | IO[str] = subprocess.PIPE) -> tuple[str, int]:
    """Runs `timeline ARGS...` to its end; returns what it printed (when ``stdout`` is a
    pipe) and its peak resident memory in kilobytes (Linux reports ru_maxrss in KB)."""
    done = subprocess.run([sys.executable, "-c", REPORTING_PEAK, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout or "", int(done.stderr.strip().splitlines()[-1])


def megabytes(kilobytes: int) -> str:
    return f"{kilobytes / 1024:,.0f} MB"
