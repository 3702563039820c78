"""Ctrl-C or SIGTERM during a large import: the command says how much of the import was
stored and that running it again completes it; running it again does."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from helpers import ROOT

from timeline.app import Timeline
from timeline.testing import synthetic


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_import_says_what_it_kept(tmp_path: Path, signum: int) -> None:
    big = tmp_path / "big.jsonl"
    n = 40_000
    synthetic.write_jsonl(str(big), n, seed=5)
    env = {**os.environ, "TIMELINE_IMPORT_BATCH": "1000"}
    store = str(tmp_path / "t.db")
    command = [sys.executable, "-m", "timeline", "--db", store, "import", str(big)]
    out, err, status = _interrupted(command, env, store, signum)
    assert status == 130, (status, out[-300:], err)
    said = re.fullmatch(r"Interrupted after storing (\d+) record\(s\) of this import; run the "
                        r"same command again to complete it \(nothing is stored twice\)\.\n",
                        err)
    assert said is not None, err
    kept = int(said.group(1))
    assert 1_000 <= kept < n
    app = Timeline.open(store)
    try:
        assert len(app.list_events()) >= kept
    finally:
        app.close()
    again = subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=True,
                           check=False, timeout=600)
    assert again.returncode == 0, again.stderr
    app = Timeline.open(store)
    try:
        assert len(app.list_events()) == n
    finally:
        app.close()


def _interrupted(command: list[str], env: dict[str, str], store: str, signum: int
                 ) -> tuple[str, str, int]:
    """What the import said, and its status, signalled once two batches are stored."""
    # Started as from a terminal, whose Ctrl-C it takes: a background job of a shell without
    # job control (CI, run with `&`) ignores SIGINT, and a child inherits that, but a signal
    # this process catches is back to its default in the child.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        importer = subprocess.Popen(command, cwd=ROOT, env=env, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 120
    while not Path(store).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    # Watched through the driver alone: opening the store would wait for the importer's
    # write lock (to catch its read model up), and under load see the import end first.
    # Signalled once two batches are stored: 38 are still to come.
    while _logged(store) < 2_000 and importer.poll() is None:
        time.sleep(0.01)
    assert importer.poll() is None, "the import ended before it could be interrupted"
    importer.send_signal(signum)
    out, err = importer.communicate(timeout=120)
    return out, err, importer.returncode


def _logged(store: str) -> int:
    """The entries in the store's log, as a reader sees them now (0 before the log is)."""
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.1)) as conn:
        try:
            return int(conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])
        except sqlite3.OperationalError:  # not made yet, or locked a moment
            return 0
