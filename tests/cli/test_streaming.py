"""Listings and exports are written as they are read: the same text as a whole answer, a
refusal before anything is printed, and a store failure met half-way as one line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, Runner, refused

from timeline.app import Timeline, filters
from timeline.errors import StoreError


def test_a_streamed_log_is_the_whole_answer(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        expected = app.list_events(("russia", "nato"))
    finally:
        app.close()
    printed = seeded.ok("log", "russia", "nato", "--json").stdout
    assert printed == json.dumps([e.to_json() for e in expected], indent=2,
                                 ensure_ascii=False) + "\n"
    assert seeded.ok("log", "russia", "nato", "--type", "statement", "--from", "1900",
                     "--to", "1901", "--json").stdout == "[]\n"
    assert seeded.ok("log", "russia", "nato", "--from", "1900", "--to", "1901"
                     ).stdout == "(no events)\n"


def test_a_refused_listing_prints_nothing_but_the_refusal(seeded: Runner) -> None:
    result = seeded("log", "russia", "ruritania", "--json")
    refused(result, "unknown actor 'ruritania'")
    assert result.stdout == ""


def test_an_export_streams_the_same_records_as_the_library_lists(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        actors, events = app.export()
    finally:
        app.close()
    lines = [json.loads(line) for line in seeded.ok("export").stdout.splitlines()]
    assert [line["actor"]["id"] for line in lines if "type" not in line] == [
        a.id for a in actors]
    assert [line["id"] for line in lines if "type" in line] == [e.id for e in events]


def test_a_store_failure_half_way_through_a_listing_is_a_store_error(
        app: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    app.add_actor("a", "A")
    app.add_actor("b", "B")
    app.add_event({"id": "e1", "type": "statement", "actor": "a", "target": "b",
                   "on": "2020-01-01", "sources": ["x"]})

    def failing(*args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from real(*args, **kwargs)
        raise sqlite3.OperationalError("disk I/O error")

    real = filters.log_entries
    monkeypatch.setattr(filters, "log_entries", failing)
    stream = app.iter_events()
    assert next(stream).id == "e1"
    with pytest.raises(StoreError, match=r"cannot use store .*: disk I/O error"):
        next(stream)


def _process(db: str, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "timeline", "--db", db, *args], cwd=ROOT,
                          capture_output=True, check=False,
                          env={"PATH": "/usr/bin:/bin", **env})


@pytest.mark.parametrize("args", [("log",), ("log", "--json"), ("export",)])
def test_a_terminal_set_to_ascii_is_written_utf8(seed_file: Path, tmp_path: Path,
                                                 args: tuple[str, ...]) -> None:
    db = tmp_path / "seed.db"
    shutil.copyfile(seed_file, db)
    plain = _process(str(db), *args)
    ascii_ = _process(str(db), *args, PYTHONIOENCODING="ascii")
    assert (plain.returncode, ascii_.returncode) == (0, 0), ascii_.stderr
    assert ascii_.stdout == plain.stdout and "\u2013".encode() in plain.stdout  # an en dash


@pytest.mark.parametrize("args", [("log",), ("export",)])
def test_no_stdout_at_all(seed_file: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    db = tmp_path / "seed.db"
    shutil.copyfile(seed_file, db)
    done = subprocess.run([sys.executable, "-m", "timeline", "--db", str(db), *args],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (0, b"")


def test_a_terminal_short_of_the_text_is_one_line(seed_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "seed.db"
    shutil.copyfile(seed_file, db)
    done = _process(str(db), "log", PYTHONIOENCODING="latin-1")
    assert done.returncode == 1
    assert done.stderr.decode() == ("Error: cannot write the output in latin-1: '\\u2013' has "
                                    "no place in it (PYTHONIOENCODING=utf-8 writes everything)\n")
