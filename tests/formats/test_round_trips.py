"""Every export imports into a new store as it was written (issue 21): each carries the
actors its events name, so a round trip needs no other file and no --create-actors (a PLOVER
export had carried none)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Runner


def _record(run: Runner) -> tuple[object, object]:
    actors = json.loads(run.ok("actor", "list", "--json").output)
    events = [{k: v for k, v in e.items() if k != "recorded_at"}
              for e in json.loads(run.ok("log", "--json").output)]
    return actors, sorted(events, key=lambda e: e["id"])


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "timelinejs", "plover"])
def test_each_export_imports_into_a_new_store(seeded: Runner, tmp_path: Path, fmt: str
                                              ) -> None:
    exported = tmp_path / f"seed.{fmt}"
    seeded.ok("export", "--format", fmt, "--out", str(exported))
    fresh = Runner(str(tmp_path / "fresh.db"))
    named = [] if fmt in ("jsonl", "csv") else ["--format", fmt]
    said = fresh.ok("import", *named, str(exported)).output
    assert said.startswith("Imported 41 actor(s) and 107 event(s); 0 record(s) already")
    assert _record(fresh) == _record(seeded)
    assert "0 event(s)" in fresh.ok("import", *named, str(exported)).output
