"""Where an event may come from: no coded record or decision on a lead is typed by hand
(they would be facts, or reviews, no one decided), a decision names its own lead, a fact
typed for a team cites a source, and no one expels staff from a post it sends itself."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, Runner, refusal, refused, snapshot, two_actors, write_file

from timeline.app import Timeline
from timeline.domain.aggregates import Action
from timeline.domain.dates import now
from timeline.domain.leads import lead_id
from timeline.domain.records import Record
from timeline.errors import InvalidValue

CODED = {"id": "icews-1", "type": "coded_event", "actor": "x", "target": "y",
         "on": "2021-11-01", "fields": {"dataset": "icews", "code": "042"},
         "sources": ["ICEWS event 1, Example Wire, story 1"]}
LEAD = lead_id("meeting", "x", "y", "2021-11-01")
DECISION = {"id": f"{LEAD}-accepted", "type": "lead_accepted", "actor": "x", "target": "y",
            "on": "2021-11-01", "fields": {"lead": LEAD, "event": "meeting-2021-11-01-x"},
            "sources": ["an analyst's decision"]}


@pytest.fixture
def both(app: Timeline) -> Timeline:
    app.add_actor("x", "Ruritania", "state")
    app.add_actor("y", "Borduria", "state")
    return app


@pytest.mark.parametrize(("raw", "words"), [
    (CODED, "recorded by 'timeline import' of its data file"),
    (DECISION, "'timeline accept' or 'timeline dismiss'"),
    ({**DECISION, "type": "lead_dismissed", "fields": {"lead": LEAD, "reason": "no"}},
     "not typed by hand"),
])
def test_coded_records_and_decisions_are_not_typed_by_hand(both: Timeline, raw: dict[str, object],
                                                           words: str) -> None:
    before = both.log_length()
    with pytest.raises(InvalidValue) as exc:
        both.add_event(raw)
    assert words in refusal(exc) and both.log_length() == before


def test_a_coded_record_is_not_corrected_by_hand(both: Timeline) -> None:
    both.recording.add_event(CODED)  # as an import of its data records it
    with pytest.raises(InvalidValue) as exc:
        both.correct("icews-1", "recoded", fields={"code": "057"})
    assert "'icews-1' is a coded_event, not typed by hand" in refusal(exc)
    assert both.event("icews-1").fields["code"] == "042"


@pytest.mark.parametrize(("change", "words"), [
    ({"fields": {"lead": "not-a-lead", "event": "e"}}, "names no lead: 'not-a-lead'"),
    ({"target": "z"}, "not the lead of its own parties and day (x, z, 2021-11-01)"),
    ({"on": "2021-11-02"}, "not the lead of its own parties and day"),
    ({"id": "my-own-decision"}, f"a decision's id is '{LEAD}-accepted'"),
])
def test_an_imported_decision_names_its_own_lead(both: Timeline, tmp_path: Path,
                                                 change: dict[str, object], words: str) -> None:
    """A file (ours, exported) may carry decisions: each must be on the lead its own parties
    and day make, or it would mark another fact reviewed. Nothing of the file is stored."""
    both.add_actor("z", "Syldavia", "state")
    before_library = both.log_length()
    path = write_file(tmp_path, "d.jsonl", "\n".join(
        json.dumps(e) for e in (CODED, {**DECISION, **change})) + "\n")
    run = Runner(str(tmp_path / "t.db"))
    two_actors(run)
    run.ok("actor", "add", "z", "--name", "Syldavia", "--kind", "state")
    before = snapshot(run.db)
    refused(run("import", str(path)), f"{path}:2", words)
    assert snapshot(run.db) == before
    with pytest.raises(InvalidValue) as exc:
        both.import_records([], [Record("", e) for e in (CODED, {**DECISION, **change})])
    assert words in refusal(exc) and both.log_length() == before_library


def test_the_cli_refuses_a_typed_coded_record_in_one_line(tmp_path: Path) -> None:
    run = Runner(str(tmp_path / "t.db"))
    two_actors(run)
    before = snapshot(run.db)
    refused(run("add", "coded_event", "--actor", "x", "--target", "y", "--on", "2021-11-01",
                "--set", "dataset=icews", "--set", "code=042"), "not typed by hand")
    process = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", run.db, "add", "lead_dismissed", "--actor",
         "x", "--target", "y", "--on", "2021-11-01", "--set", f"lead={LEAD}",
         "--set", "reason=no"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert process.returncode == 1 and process.stderr.count("\n") == 1
    assert "'timeline accept' or 'timeline dismiss'" in process.stderr
    assert snapshot(run.db) == before


def test_an_unsourced_fact_is_warned_of_on_the_cli_and_noted_by_check(tmp_path: Path) -> None:
    run = Runner(str(tmp_path / "t.db"))
    two_actors(run)
    bare = run.ok("add", "relations_suspended", "--actor", "x", "--target", "y", "--on",
                  "2021-10-18")
    assert "changes the record and cites no source" in bare.stderr
    said = run.ok("add", "statement", "--actor", "x", "--on", "2021-10-19")
    assert said.stderr == ""  # a statement changes no fact
    found = json.loads(run.ok("check", "--json").stdout)  # a note: exit 0
    assert [(f["kind"], f["events"], f["severity"]) for f in found] == [
        ("unsourced", [bare.stdout.strip()], "note")]
    run.ok("correct", bare.stdout.strip(), "--source", "https://example.org/s",
           "--reason", "found the source")
    assert json.loads(run.ok("check", "--json").stdout) == []


@pytest.mark.parametrize("opened_first", [True, False])
def test_an_expulsion_from_a_post_the_actor_sends_is_a_problem_check_finds(
        both: Timeline, opened_first: bool) -> None:
    """Whichever order the opening and the expulsion are typed in (the gate cannot refuse
    the one typed second without answers depending on the order of typing), check lists
    it as a problem; the host's expulsion from the same post is none."""
    opened = {"type": "post_opened", "actor": "x", "target": "y", "on": "2000-01-01",
              "fields": {"post": "x-embassy", "kind": "embassy"}, "sources": ["s"]}
    own = {"type": "expulsion", "actor": "x", "target": "y", "on": "2021-10-06",
           "fields": {"count": 8, "post": "x-embassy"}, "sources": ["s"]}
    for raw in (opened, own) if opened_first else (own, opened):
        both.add_event(raw)
    both.add_event({**own, "actor": "y", "target": "x", "on": "2021-10-07"})  # the host
    found = [(f.kind, f.severity) for f in both.check()]
    assert found == [("expelled_from_own_post", "problem")]


def test_a_decision_an_earlier_version_let_in_is_listed_and_its_store_restores(
        both: Timeline, tmp_path: Path) -> None:
    """A decision typed by hand before the gate refused it stays in its log: check lists
    it (and counts it as no review), a backup restores the log as it was, and an export
    imports once it is retracted."""
    forged = {**DECISION, "id": "my-review", "fields": {"lead": "my-review", "event": "x"}}
    content = {k: v for k, v in forged.items() if k != "id"} | {"announced": None,
                                                                "note": None}
    assert both.store.append([Action.record("my-review", content, now(), None)])
    found = [(f.kind, f.events) for f in both.check()]
    assert found == [("decision_without_lead", ["my-review"])]
    backup = tmp_path / "backup.jsonl"
    backup.write_text("".join(both.backup()), encoding="utf-8")
    restored = Timeline.open(str(tmp_path / "restored.db"))
    try:
        restored.restore(backup)
        assert "".join(restored.backup()) == backup.read_text(encoding="utf-8")
    finally:
        restored.close()
    actors, events = both.export()
    fresh = Timeline.open(str(tmp_path / "fresh.db"))
    try:
        records = [Record(f"e:{n}", e.to_file()) for n, e in enumerate(events, 1)]
        with pytest.raises(InvalidValue) as exc:
            fresh.import_records([Record("", a.to_json()) for a in actors], records)
        assert "'my-review' names no lead" in refusal(exc) and fresh.log_length() == 0
        both.retract("my-review", "typed by hand, no lead")
        _, events = both.export()
        fresh.import_records([Record("", a.to_json()) for a in actors],
                             [Record("", e.to_file()) for e in events])
        assert fresh.check() == []
    finally:
        fresh.close()


@pytest.mark.parametrize(("sides", "expected"), [
    ([("y", "x")], ("y", "x")),  # Borduria expels Ruritania's: its fact, whatever the order
    ([("y", "x"), ("x", "y")], None),  # the records disagree: the analyst says
])
def test_an_accepted_lead_of_a_directed_type_takes_its_records_direction(
        both: Timeline, sides: list[tuple[str, str]], expected: tuple[str, str] | None) -> None:
    """A lead's pair has no order, an expulsion has: the fact is the records' own source
    side's, never the first of the pair by name."""
    for n, (source, target) in enumerate(sides, 1):
        both.recording.add_event({**CODED, "id": f"icews-{n}", "actor": source,
                                  "target": target,
                                  "fields": {"dataset": "icews", "code": "174"}})
    (lead,) = both.desk.leads().leads
    if expected is None:
        before = both.log_length()
        with pytest.raises(InvalidValue) as exc:
            both.desk.accept(lead.id, None, {"count": "2"}, None)
        assert "do not agree on who did it (x, y)" in refusal(exc)
        assert both.log_length() == before
        return
    fact = both.desk.accept(lead.id, None, {"count": "2"}, None)
    assert (fact.type, fact.actor, fact.target) == ("expulsion", *expected)
    assert both.state("x", "y", dt.date(2021, 11, 2)).facts[0].attribute == "expelled:x"


def test_a_decision_under_another_id_decides_nothing_anywhere(both: Timeline) -> None:
    """Lead status and check read one rule: a decision an earlier version let in under an
    id no decision is given decides nothing (the lead stays open) and check lists it."""
    both.recording.add_event(CODED)
    forged = {"type": "lead_dismissed", "actor": "x", "target": "y", "on": "2021-11-01",
              "fields": {"lead": LEAD, "reason": "no"}, "sources": ["s"],
              "announced": None, "note": None}
    assert both.store.append([Action.record("x-dismissal", forged, now(), None)])
    (lead,) = both.desk.leads().leads
    assert (lead.id, lead.status) == (LEAD, "open")
    assert [(f.kind, f.events) for f in both.check()] == [
        ("decision_without_lead", ["x-dismissal"])]


def test_a_lead_whose_fact_stands_is_accepted_whatever_its_records_say_since(
        both: Timeline) -> None:
    """Its fact recorded, its decision undone, a record the other way: accepting the lead
    again makes the decision only, on the fact as it stands (no second fact)."""
    both.recording.add_event({**CODED, "fields": {"dataset": "icews", "code": "174"},
                              "actor": "y", "target": "x"})
    (lead,) = both.desk.leads().leads
    fact = both.desk.accept(lead.id, None, {"count": "2"}, None)
    both.retract(f"{lead.id}-accepted", "undone")
    both.recording.add_event({**CODED, "id": "icews-2", "actor": "x", "target": "y",
                              "fields": {"dataset": "icews", "code": "174"}})
    again = both.desk.accept(lead.id)
    assert again.id == fact.id and (again.actor, again.target) == ("y", "x")
    assert [e.id for e in both.list_events(types=["expulsion"])] == [fact.id]
