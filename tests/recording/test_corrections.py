"""Corrections, retractions and "as known at" through the CLI: the 18 October 2021 story,
and refusals that change nothing. (The library-level property tests against a naive replay:
tests/readmodel/test_known_at.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, Runner, refused, snapshot


def test_the_18_october_story(seeded: Runner) -> None:
    run = seeded
    # One report put Russia's 18 October announcement in March: recorded that way first.
    run.ok("correct", "russia-recalls-mission-to-nato", "--on", "2021-03-18",
           "--announced", "2021-03-18", "--reason", "first report dated it to March")
    report_args = ("state", "russia", "nato", "--as-of", "2021-06-30", "--json")
    report = run.ok(*report_args).stdout
    diff_args = ("diff", "russia", "nato", "--from", "2021-01-01", "--to", "2021-06-30",
                 "--json")
    report_diff = run.ok(*diff_args).stdout
    published = json.loads(run.ok("history", "russia-recalls-mission-to-nato", "--json"
                                  ).stdout)[-1]["recorded_at"]
    status = {(f["subject"], f["attribute"]): f["value"]
              for f in json.loads(report)["facts"]}
    assert status[("post:russia-mission-to-nato", "status")] == "suspended"
    # The correction: announced on 18 October, effective "probably from November 1", the
    # seed's uncertain day.
    run.ok("correct", "russia-recalls-mission-to-nato", "--on", "2021-11-01?",
           "--announced", "2021-10-18", "--source", "https://tass.com/politics/1350915",
           "--reason", "TASS: announced 18 October, effective probably 1 November")
    now = {(f["subject"], f["attribute"]): f["value"]
           for f in json.loads(run.ok(*report_args).stdout)["facts"]}
    assert now[("post:russia-mission-to-nato", "status")] == "open"
    # As known when the report was published, the answer is the report, to the letter.
    then = json.loads(run.ok(*report_args, "--known-at", published).stdout)
    assert then.pop("known_at") == published
    assert then == json.loads(report)
    then_diff = json.loads(run.ok(*diff_args, "--known-at", published).stdout)
    then_diff.pop("known_at")
    assert then_diff == json.loads(report_diff)
    # The history keeps every version, with its reason.
    history = json.loads(run.ok("history", "russia-recalls-mission-to-nato", "--json").stdout)
    assert [(v["version"], v["status"], v["event"]["on"]) for v in history] == [
        (1, "recorded", "2021-11-01?"), (2, "corrected", "2021-03-18"),
        (3, "corrected", "2021-11-01?")]
    assert history[2]["reason"].startswith("TASS")
    assert "https://tass.com/politics/1350915" not in history[2]["event"]["sources"], \
        "a URL already cited is not added again"


def test_known_at_before_anything_was_recorded_knows_nothing(seeded: Runner) -> None:
    data = json.loads(seeded.ok("state", "russia", "nato", "--as-of", "2021-11-02",
                                "--known-at", "2000-01-01", "--json").stdout)
    assert data["facts"] == [] and data["known_at"] == "2000-01-01T23:59:59.999999Z"
    assert json.loads(seeded.ok("log", "--known-at", "2000-01-01", "--json").stdout) == []


def test_retracted_events_leave_state_diff_and_log(seeded: Runner) -> None:
    run = seeded
    run.ok("retract", "nato-caps-russia-mission-at-10", "--reason", "misread the source")
    facts = {(f["subject"], f["attribute"]): f["value"] for f in json.loads(
        run.ok("state", "russia", "nato", "--as-of", "2021-11-02", "--json").stdout)["facts"]}
    assert facts[("post:russia-mission-to-nato", "staff_cap")] == 20
    diff = json.loads(run.ok("diff", "russia", "nato", "--from", "2021-10-01", "--to",
                             "2021-11-02", "--json").stdout)
    assert "nato-caps-russia-mission-at-10" not in [e["id"] for e in diff["events"]]
    assert "nato-caps-russia-mission-at-10" not in run.ok("log").stdout
    everything = json.loads(run.ok("log", "--all", "--json").stdout)
    gone = next(e for e in everything if e["id"] == "nato-caps-russia-mission-at-10")
    assert gone["status"] == "retracted"
    assert "[retracted]" in run.ok("log", "--all", "--type", "staff_cap").stdout
    history = json.loads(run.ok("history", "nato-caps-russia-mission-at-10", "--json").stdout)
    assert [v["status"] for v in history] == ["recorded", "retracted"]
    assert history[1]["reason"] == "misread the source"


def test_a_correction_can_move_an_event_to_another_relationship(seeded: Runner) -> None:
    run = seeded
    run.ok("actor", "add", "belgium", "--name", "Belgium", "--kind", "state")
    run.ok("correct", "nato-statement-on-russian-measures-2021", "--target", "belgium",
           "--reason", "addressed to the host country")
    assert "nato-statement-on-russian-measures-2021" not in run.ok("log", "nato", "russia"
                                                                   ).stdout
    assert "nato-statement-on-russian-measures-2021" in run.ok("log", "nato", "belgium").stdout


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("correct", "founding-act-signd", "--on", "1997-05-28", "--reason", "x"),
         ["'founding-act-signd'", "did you mean 'founding-act-signed'"]),
        (("retract", "no-such-event", "--reason", "x"), ["'no-such-event'"]),
        (("correct", "founding-act-signed", "--on", "1997-05-27", "--reason", "same"),
         ["changes nothing"]),
        (("correct", "founding-act-signed", "--on", "1997-02-30", "--reason", "x"),
         ["'1997-02-30'"]),
        (("correct", "founding-act-signed", "--set", "colour=red", "--reason", "x"),
         ["'colour'"]),
        (("correct", "founding-act-signed", "--actor", "rusia", "--reason", "x"),
         ["'rusia'"]),
    ],
)
def test_refused_corrections_change_nothing(
    seeded: Runner, snapshot_of: Any, args: tuple[str, ...], needles: list[str]
) -> None:
    before = snapshot_of(seeded.db)
    refused(seeded(*args), *needles)
    assert snapshot_of(seeded.db) == before


def test_retracting_twice_or_correcting_a_retracted_event_is_refused(
    seeded: Runner, snapshot_of: Any
) -> None:
    seeded.ok("retract", "rome-declaration-signed", "--reason", "not a NATO-Russia agreement")
    before = snapshot_of(seeded.db)
    refused(seeded("retract", "rome-declaration-signed", "--reason", "again"),
            "already retracted")
    refused(seeded("correct", "rome-declaration-signed", "--on", "2002", "--reason", "x"),
            "already retracted")
    assert snapshot_of(seeded.db) == before


def test_missing_reason_is_a_usage_error(seeded: Runner) -> None:
    before = snapshot(seeded.db)
    refused(seeded("retract", "founding-act-signed"), "--reason", code=2)
    refused(seeded("retract", "founding-act-signed", "--reason", ""), "--reason", code=2)
    refused(seeded("correct", "founding-act-signed", "--on", "1997-05-28", "--reason", "  "),
            "--reason", code=2)
    assert snapshot(seeded.db) == before


def test_reimporting_after_a_correction_or_retraction_stores_nothing(seeded: Runner,
                                                                     tmp_path: Path) -> None:
    seeded.ok("correct", "founding-act-signed", "--on", "1997-05-28", "--reason", "test")
    seeded.ok("retract", "rome-declaration-signed", "--reason", "test")
    before = snapshot(seeded.db)
    again = json.loads(seeded.ok("import", "events/", "--json").stdout)
    # Every record of the seed's files is already stored; an actor declared in several
    # files is stored once, and counted as given again after its first (as on the first
    # import), not as stored.
    events, actor_records, actors = 0, 0, set()
    for path in (ROOT / "events").glob("*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        events += len(data.get("events", []))
        actor_records += len(data.get("actors", []))
        actors |= {actor["id"] for actor in data.get("actors", [])}
    assert actor_records > len(actors)
    assert again == {"actors_added": 0, "events_added": 0, "unchanged": len(actors) + events,
                     "superseded": 2, "repeated": actor_records - len(actors),
                     "skipped": {}, "skipped_examples": {}, "by_type": {}, "dry_run": False}
    first = json.loads(Runner(str(tmp_path / "first.db"))("import", "events/", "--json").stdout)
    assert first["repeated"] == again["repeated"]
    assert "(2 of them since corrected or retracted)" in seeded.ok("import", "events/").stdout
    assert snapshot(seeded.db) == before
    refused(seeded("add", "agreement_signed", "--actor", "nato", "--target", "russia",
                   "--on", "2002-05-28", "--set", "agreement=rome-declaration",
                   "--id", "rome-declaration-signed"), "'rome-declaration-signed'")
