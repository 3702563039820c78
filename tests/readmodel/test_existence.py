"""Actors that carry the first day they existed (``exists_from``, issue 20): nothing of
their ties is possible before it, so a tie seen by a year (``../Y``) of a state born that
year is not in flight decades earlier. On both backends; old stores still open."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import Runner, refused

BEFORE = Path(__file__).parent.parent / "gate" / "data" / "store-before-signed.db"


def _possible(run: Runner, as_of: str) -> list[tuple[str, str | None, str | None]]:
    state = json.loads(run.ok("state", "nigeria", "ruritania", "--as-of", as_of,
                              "--json").output)
    return [(f["attribute"], f["value"], f.get("possible")) for f in state["facts"]]


def _nigeria_at_ruritania(run: Runner, on: str, level: str) -> None:
    """Nigeria (born 1960-10-01) and Ruritania (no first day), and Nigeria's envoy."""
    run.ok("actor", "add", "nigeria", "--name", "Nigeria", "--kind", "state",
           "--exists-from", "1960-10-01")
    run.ok("actor", "add", "ruritania", "--name", "Ruritania", "--kind", "state")
    run.ok("add", "representation", "--actor", "nigeria", "--target", "ruritania",
           "--on", on, "--set", f"level={level}", "--source", "a source")


def test_nothing_is_possible_before_an_actor_existed(run: Runner) -> None:
    _nigeria_at_ruritania(run, "../1965", "ambassador")
    assert _possible(run, "1900") == []
    assert _possible(run, "1960-09-30") == []
    assert _possible(run, "1960-10-01") == [("representation:nigeria", None, "ambassador")]
    assert _possible(run, "1966") == [("representation:nigeria", "ambassador", None)]
    listed = json.loads(run.ok("actor", "list", "--json").output)
    assert listed == [{"id": "nigeria", "name": "Nigeria", "kind": "state",
                       "exists_from": "1960-10-01"},
                      {"id": "ruritania", "name": "Ruritania", "kind": "state"}]
    changes = json.loads(run.ok("changes", "--from", "1950", "--to", "1959", "--json")
                         .output)["changes"]
    assert changes == []
    # The same actor again changes nothing; another first day is another actor.
    run.ok("actor", "add", "nigeria", "--name", "Nigeria", "--kind", "state",
           "--exists-from", "1960-10-01")
    refused(run("actor", "add", "nigeria", "--name", "Nigeria", "--kind", "state"),
            "already exists as 'Nigeria' (state, existing from 1960-10-01), not 'Nigeria' "
            "(state, no first day)")


def test_a_span_with_a_first_day_is_taken_as_written(run: Runner) -> None:
    # Only a tie seen by a day (../D) is bounded by its actors' first day: a span that
    # names its own first day says when it may have begun, before or not.
    _nigeria_at_ruritania(run, "1950/1965", "minister")
    assert _possible(run, "1955") == [("representation:nigeria", None, "minister")]


def test_a_bad_first_day_is_refused_in_one_line(run: Runner) -> None:
    run.ok("actor", "add", "y", "--name", "Y")
    result = refused(run("actor", "add", "x", "--name", "X", "--exists-from", "1960/1961"),
                     "exists_from", "1960/1961")
    assert "Traceback" not in result
    assert [a["id"] for a in json.loads(run.ok("actor", "list", "--json").output)] == ["y"]


def test_first_days_travel_through_our_files(run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "nigeria", "--name", "Nigeria", "--kind", "state",
           "--exists-from", "1960-10-01")
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"actors.{fmt}"
        run.ok("export", "--format", fmt, "--out", str(out))
        other = Runner(str(tmp_path / f"{fmt}.db"))
        other.ok("import", str(out))
        assert json.loads(other.ok("actor", "list", "--json").output)[0]["exists_from"] == \
            "1960-10-01"


def test_a_store_of_an_earlier_version_opens_with_its_actors(tmp_path: Path) -> None:
    # Its log holds actors registered before they had a first day (upcast, not rewritten).
    db = tmp_path / "before.db"
    shutil.copyfile(BEFORE, db)
    run = Runner(str(db))
    listed = json.loads(run.ok("actor", "list", "--json").output)
    assert {a["id"] for a in listed} == {"ruritania", "borduria"}
    assert all("exists_from" not in a for a in listed)
