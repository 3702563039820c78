"""Whole `timeline` processes that report their own peak memory."""

from __future__ import annotations

import subprocess
import sys
from typing import IO

# Runs `timeline ARGS...` and prints its own peak resident memory (KB) on stderr last. Not
# getrusage's ru_maxrss: Linux keeps it across exec, so a child forked from a large pytest
# process reported the parent's size. VmHWM is the high-water mark of this image alone.
# cli.main, not the installed cli.run, which ends a quick answer at once (os._exit).
REPORTING_PEAK = """
import sys
from timeline.cli import main
sys.argv = ["timeline", *sys.argv[1:]]
try:
    main()
finally:
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM:"))
    print(peak.split()[1], file=sys.stderr)
"""


def run_timeline(*args: str, stdout: int | IO[str] = subprocess.PIPE) -> tuple[str, int]:
    """Runs `timeline ARGS...` to its end; returns what it printed (when ``stdout`` is a
    pipe) and its peak resident memory in kilobytes (VmHWM)."""
    done = subprocess.run([sys.executable, "-c", REPORTING_PEAK, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout or "", int(done.stderr.strip().splitlines()[-1])


def megabytes(kilobytes: int) -> str:
    return f"{kilobytes / 1024:,.0f} MB"
