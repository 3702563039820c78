"""Many processes opening one store at once and adding to it: none fails on the store's
schema statements (on PostgreSQL, eventsourcing's insert function used to be re-created
by every open, and concurrent opens failed with "tuple concurrently updated")."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import ROOT, Runner


def test_waves_of_twelve_processes_add_at_once(store: str) -> None:
    run = Runner(store)
    run.ok("actor", "add", "x", "--name", "X")
    run.ok("actor", "add", "y", "--name", "Y")
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_DB"}
    failures = []
    for wave in range(3):  # 36 processes, 12 at a time (five waves cost CI half a minute)
        procs = [subprocess.Popen(
            [sys.executable, "-m", "timeline", "--db", store, "add", "meeting", "--actor", "x",
             "--target", "y", "--on", f"2020-01-{wave + 1:02d}", "--id", f"m{wave}-{i}"],
            cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for i in range(12)]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                failures.append(err.strip())
    assert failures == []
    events = run.ok("log", "x", "y", "--json").stdout
    assert events.count('"type": "meeting"') == 36
