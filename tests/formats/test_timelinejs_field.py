"""TimelineJS through the command line: the published files import (or say why a slide does
not), re-importing stores nothing, and our export opens in TimelineJS and round-trips.

The published files are TimelineJS's own examples and templates, NUKnightLab/TimelineJS3
(snapshot 27f700e, MPL-2.0), in ../shared/data/field/timelinejs/ (see its README): used as
published, never edited.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, Runner, needs_field, refused, snapshot
from timelinejs_spec import problems

pytestmark = needs_field

FIELD = ROOT.parent / "shared" / "data" / "field" / "timelinejs"
BEFORE_1000 = "start_date before the year 1000"
HOUSTON = FIELD / "examples__houston__timeline3.json"
# Each published file: events stored, slides (and eras) skipped by reason.
PUBLISHED: dict[str, tuple[int, dict[str, int]]] = {
    "examples__houston__timeline2.json": (18, {}),
    "examples__houston__timeline3.json": (18, {}),
    "examples__timeline3.json": (18, {}),
    "examples__twain__marktwain.json": (17, {}),
    "static__welcome__welcome.json": (17, {}),
    "template__all-media-types.json": (41, {}),
    "template__cosmo-mixed.json": (5, {BEFORE_1000: 6}),
    "template__cosmo.json": (0, {BEFORE_1000: 7}),
    "template__eras.json": (0, {BEFORE_1000: 20, "TimelineJS era, not an event": 3}),
}


def people(run: Runner) -> None:
    run.ok("actor", "add", "whitney", "--name", "Whitney Houston", "--kind", "other")
    run.ok("actor", "add", "public", "--name", "The public")


def imported(run: Runner, *args: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(run.ok("import", "--format", "timelinejs", *args,
                                               "--json").stdout)
    return result


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_each_published_file_imports_and_again_stores_nothing(run: Runner, name: str) -> None:
    people(run)
    stored, skipped = PUBLISHED[name]
    args = (str(FIELD / name), "--actor", "whitney", "--target", "public")
    first = imported(run, *args)
    assert (first["events_added"], first["skipped"]) == (stored, skipped)
    before = snapshot(run.db)
    again = imported(run, *args)
    assert (again["events_added"], again["unchanged"]) == (0, stored)
    assert snapshot(run.db) == before


def test_what_a_new_user_sees(run: Runner) -> None:
    people(run)
    out = run.ok("import", "--format", "timelinejs", str(FIELD / "template__cosmo-mixed.json"),
                 "--actor", "whitney").stdout
    assert out.splitlines() == [
        "Imported 0 actor(s) and 5 event(s); 0 record(s) already stored.",
        "By type: statement x5.",
        f"Skipped 6 record(s) that map to no event: {BEFORE_1000} x6 (e.g. year -13800000000;"
        " year -4600000000; year -540000000).",
    ]
    moon = json.loads(run.ok("log", "--from", "1969", "--to", "1969", "--json").stdout)
    assert [(e["on"], e["actor"], e["target"], e["type"]) for e in moon] == [
        ("1969-07-20", "whitney", None, "statement")]
    assert moon[0]["note"].startswith("Apollo 11: Humans Walk on the Moon. Neil Armstrong")
    assert moon[0]["sources"][0]["url"].startswith("https://commons.wikimedia.org/")


def test_a_document_from_elsewhere_needs_to_be_told_who_acts(run: Runner) -> None:
    err = refused(run("import", "--format", "timelinejs", str(HOUSTON)), str(HOUSTON),
                  "carry no events of ours", "--actor ID", code=2)
    assert "Traceback" not in err
    assert not Path(run.db).exists()  # a refused request makes no store
    people(run)
    before = snapshot(run.db)
    refused(run("import", "--format", "timelinejs", str(HOUSTON), "--actor", "whitney",
                "--type", "expulsion"), "type 'expulsion' needs field(s) count", code=2)
    refused(run("import", "--format", "timelinejs", str(HOUSTON), "--actor", "whitney",
                "--type", "meeting"), "type 'meeting' needs a target actor", code=2)
    refused(run("import", "--format", "timelinejs", str(HOUSTON), "--target", "public"),
            "--target and --type need --actor ID", code=2)
    # Without --format, told TimelineJS by its keys (tests/formats/test_sniff.py).
    assert run.ok("import", str(HOUSTON), "--actor", "whitney", "--dry-run").stdout.startswith(
        "Would import 0 actor(s)")
    refused(run("import", "--format", "timelinejs", str(HOUSTON), "--actor", "whitnee"),
            "unknown actor 'whitnee' (did you mean 'whitney'?)")  # refused before reading
    assert snapshot(run.db) == before


def test_the_seed_export_opens_in_timelinejs_and_round_trips(seeded: Runner,
                                                             tmp_path: Path) -> None:
    everyone = json.loads(seeded.ok("actor", "list", "--json").stdout)
    for pair in ((), ("russia", "nato")):
        out = tmp_path / f"seed{len(pair)}.json"
        seeded.ok("export", *pair, "--format", "timelinejs", "--out", str(out))
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert problems(doc) == []
        logged = json.loads(seeded.ok("log", *pair, "--json").stdout)
        cast = [a for a in everyone if not pair or a["id"] in pair]
        assert [s["unique_id"] for s in doc["events"]] == [e["id"] for e in logged]
        if pair:
            assert len(doc["eras"]) == 28  # the pair's fact intervals
        # An era still open at the end of the record is a fact the record holds then,
        # whoever's it is (a pair's, or one actor's own): the same, as many times.
        assert _open_eras(doc) == _facts_at_the_end(seeded, pair, cast), pair
        groups = {slide["group"] for slide in doc["events"]}
        assert "post: Russia's mission to NATO (Brussels)" in groups
        assert "channel: NATO-Russia Council" in groups
        assert "relationship: NATO - Russia" in groups
        fresh = Runner(str(tmp_path / f"fresh{len(pair)}.db"))
        first = imported(fresh, str(out))  # no --actor: the document carries ours
        assert (first["actors_added"], first["events_added"], first["skipped"]) == (
            len(cast), len(logged), {})
        assert _unrecorded(fresh.ok("log", "--json").stdout) == \
            _unrecorded(seeded.ok("log", *pair, "--json").stdout)
        assert json.loads(fresh.ok("actor", "list", "--json").stdout) == cast
        listing = ("state", "russia", "nato", "--as-of", "2021-11-02", "--json")
        assert _unrecorded(fresh.ok(*listing).stdout) == _unrecorded(seeded.ok(*listing).stdout)
        before = snapshot(fresh.db)
        assert imported(fresh, str(out))["unchanged"] == len(cast) + len(logged)
        assert snapshot(fresh.db) == before


END = "2999-12-31"  # after every event of the seed: what the record holds at its end


def _open_eras(doc: dict[str, Any]) -> Counter[tuple[str, str, Any, str]]:
    return Counter((t["subject"], t["attribute"], t["value"], t["event"])
                   for t in (era["timeline"] for era in doc["eras"]) if t["end"] is None)


def _facts_at_the_end(run: Runner, pair: tuple[str, ...], cast: list[dict[str, Any]]
                      ) -> Counter[tuple[str, str, Any, str]]:
    """Every fact the read model holds at the end: the pair's, or else each relationship's
    (once) and each actor's own."""
    held: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    if pair:
        held[pair] = json.loads(run.ok("state", *pair, "--as-of", END, "--json").stdout
                                )["facts"]
    else:
        for actor in cast:
            data = json.loads(run.ok("state", actor["id"], "--as-of", END, "--json").stdout)
            held[(actor["id"],)] = data["facts"]
            for relationship in data["relationships"]:
                held[tuple(relationship["actors"])] = relationship["facts"]
    return Counter((f["subject"], f["attribute"], f["value"], f["event"])
                   for facts in held.values() for f in facts)


def _unrecorded(text: str) -> Any:
    """A listing without its record times (a fresh store records anew)."""
    data = json.loads(text)
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict):
            item.pop("recorded_at", None)
    return data


@pytest.mark.slow  # real processes: each starts Python and the library
def test_as_a_real_process(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    Runner(db).ok("actor", "add", "whitney", "--name", "Whitney Houston")
    command = [sys.executable, "-m", "timeline", "--db", db, "import", "--format", "timelinejs",
               str(FIELD / "examples__houston__timeline2.json"), "--actor", "whitney"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.splitlines()[0] == \
        "Imported 0 actor(s) and 18 event(s); 0 record(s) already stored."
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.stdout.splitlines() == [
        "Imported 0 actor(s) and 0 event(s); 18 record(s) already stored."]
    lacking = subprocess.run(command[:-2], cwd=ROOT, capture_output=True, text=True,
                             check=False)
    assert lacking.returncode == 2 and lacking.stderr.count("\n") == 1
    assert "--actor ID" in lacking.stderr and "Traceback" not in lacking.stderr
