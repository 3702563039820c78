"""Corrections, retractions and "as known at": property tests against a naive replay of only
what was recorded by K, and the 18 October 2021 story."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import Runner
from hypothesis import given
from hypothesis import strategies as st
from test_properties import (
    BASE,
    PROPERTY,
    ROLES,
    counter,
    histories,
    materialize,
    record,
    stored,
)

from timeline.app import Timeline
from timeline.domain.dates import format_time, parse_record_time
from timeline.domain.values import EventData
from timeline.errors import TimelineError
from timeline.testing import snapshot
from timeline.testing.replay import replay_state


@dataclass
class Op:
    """What happened to the record, and when the store says it happened."""

    recorded_at: dt.datetime
    event_id: str
    content: dict[str, Any] | None  # None: retracted


@st.composite
def changes(draw: st.DrawFn) -> list[tuple[str, int, dict[str, Any]]]:
    """Corrections and retractions, each aimed at the i-th event (modulo how many exist)."""
    out = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["correct", "correct", "retract"]))
        target = draw(st.integers(0, 100))
        payload: dict[str, Any] = {}
        if kind == "correct":
            if draw(st.booleans()):
                day = BASE + dt.timedelta(days=draw(st.integers(0, 40)) * 9)
                payload["on"] = draw(st.sampled_from([day.isoformat(), day.isoformat()[:7]]))
                payload["announced"] = ""
            move = draw(st.sampled_from(["", "", "swap", "retarget"]))
            if move:
                payload[move] = True
            payload["count"] = draw(st.integers(1, 6))
        out.append((kind, target, payload))
    return out


def apply_change(app: Timeline, event_id: str, kind: str, payload: dict[str, Any],
                 prefix: str = "") -> EventData | None:
    try:
        if kind == "retract":
            return app.retract(event_id, "withdrawn")
        current = app.event(event_id)
        assert current is not None
        kwargs: dict[str, Any] = {}
        if "on" in payload:
            kwargs["on"], kwargs["announced"] = payload["on"], payload["announced"]
        if payload.get("swap") and current.target:
            kwargs["actor"], kwargs["target"] = current.target, current.actor
        if payload.get("retarget") and current.target:
            # Into another relationship, effects and all.
            others = [f"{prefix}{r}" for r in ROLES
                      if f"{prefix}{r}" not in (current.actor, current.target)]
            kwargs["target"] = others[0]
        if "count" in current.fields:
            kwargs["fields"] = {"count": str(payload["count"])}
        return app.correct(event_id, "revised", **kwargs)
    except TimelineError:
        return None  # retracted already, or a correction that changes nothing: refused


def known_by(ops: list[Op], known_at: dt.datetime) -> list[EventData]:
    """The events as recorded by ``known_at``, in order of first recording."""
    latest: dict[str, dict[str, Any] | None] = {}
    for op in ops:
        if op.recorded_at <= known_at:
            latest[op.event_id] = op.content
    return [EventData.from_content(i, c) for i, c in latest.items() if c is not None]


def run_history(app: Timeline, history: list[dict[str, Any]], prefix: str,
                script: list[tuple[str, int, dict[str, Any]]]) -> list[Op]:
    events = materialize(history, prefix)
    ops: list[Op] = []
    half = len(events) // 2
    for chunk, edits in ((events[:half], script[: len(script) // 2]),
                         (events[half:], script[len(script) // 2:])):
        record(app, chunk, prefix, [])
        for event in stored(chunk):
            stamp = app.event(event.id)
            assert stamp is not None and stamp.recorded_at is not None
            ops.append(Op(stamp.recorded_at, event.id, event.content()))
        known_ids = list(dict.fromkeys(op.event_id for op in ops))
        for kind, target, payload in edits:
            if not known_ids:
                break
            result = apply_change(app, known_ids[target % len(known_ids)], kind, payload,
                                  prefix)
            if result is not None:
                assert result.recorded_at is not None
                content = None if kind == "retract" else result.content()
                ops.append(Op(result.recorded_at, result.id, content))
    return ops


@PROPERTY
@given(history=histories(), script=changes(),
       days=st.lists(st.integers(-10, 400), min_size=1, max_size=3), data=st.data())
def test_known_at_equals_a_replay_of_what_was_recorded_by_then(
    app: Timeline, history: list[dict[str, Any]],
    script: list[tuple[str, int, dict[str, Any]]], days: list[int], data: st.DataObject,
) -> None:
    prefix = f"k{next(counter)}-"
    ops = run_history(app, history, prefix, script)
    moments = sorted({op.recorded_at for op in ops})
    picks = data.draw(st.lists(st.sampled_from(moments), min_size=1, max_size=3))
    tick = dt.timedelta(microseconds=1)
    checkpoints = [None, moments[0] - tick, *picks, *(m - tick for m in picks)]
    for known_at, day, (x, y) in itertools.product(
        checkpoints, days, itertools.combinations(ROLES, 2)
    ):
        a, b = f"{prefix}{x}", f"{prefix}{y}"
        as_of = BASE + dt.timedelta(days=day)
        expected = known_by(ops, known_at or dt.datetime.max.replace(tzinfo=dt.UTC))
        state = app.state(a, b, as_of, known_at)
        assert state.facts == replay_state(expected, a, b, as_of), (known_at, as_of, a, b)
    for known_at in checkpoints:
        expected = known_by(ops, known_at or dt.datetime.max.replace(tzinfo=dt.UTC))
        logged = app.list_events(known_at=known_at)
        assert {e.id: e.content() for e in logged if e.id.startswith(prefix)} == {
            e.id: e.content() for e in expected
        }


@PROPERTY
@given(history=histories(), script=changes())
def test_rebuild_reproduces_corrections_and_retractions_exactly(
    history: list[dict[str, Any]], script: list[tuple[str, int, dict[str, Any]]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = Timeline.open(str(Path(folder) / "t.db"))
        try:
            run_history(app, history, "", script)
            before = snapshot.read_model(app)
            app.rebuild()
            assert snapshot.read_model(app) == before
        finally:
            app.close()


# -- the 18 October 2021 story -----------------------------------------------------------


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
    # The correction: announced on 18 October, effective 1 November.
    run.ok("correct", "russia-recalls-mission-to-nato", "--on", "2021-11-01",
           "--announced", "2021-10-18", "--source", "https://tass.com/politics/1350915",
           "--reason", "TASS: announced 18 October, effective 1 November")
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
        (1, "recorded", "2021-11-01"), (2, "corrected", "2021-03-18"),
        (3, "corrected", "2021-11-01")]
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


@pytest.fixture
def snapshot_of() -> Any:
    from test_bad_input import snapshot

    return snapshot


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
    from test_bad_input import refused

    before = snapshot_of(seeded.db)
    refused(seeded(*args), *needles)
    assert snapshot_of(seeded.db) == before


def test_retracting_twice_or_correcting_a_retracted_event_is_refused(
    seeded: Runner, snapshot_of: Any
) -> None:
    from test_bad_input import refused

    seeded.ok("retract", "rome-declaration-signed", "--reason", "not a NATO-Russia agreement")
    before = snapshot_of(seeded.db)
    refused(seeded("retract", "rome-declaration-signed", "--reason", "again"),
            "already retracted")
    refused(seeded("correct", "rome-declaration-signed", "--on", "2002", "--reason", "x"),
            "already retracted")
    assert snapshot_of(seeded.db) == before


def test_missing_reason_is_a_usage_error(seeded: Runner) -> None:
    from test_bad_input import refused, snapshot

    before = snapshot(seeded.db)
    refused(seeded("retract", "founding-act-signed"), "--reason", code=2)
    refused(seeded("retract", "founding-act-signed", "--reason", ""), "--reason", code=2)
    refused(seeded("correct", "founding-act-signed", "--on", "1997-05-28", "--reason", "  "),
            "--reason", code=2)
    assert snapshot(seeded.db) == before


def test_record_time_parsing() -> None:
    assert format_time(parse_record_time("2021-10-18")) == "2021-10-18T23:59:59.999999Z"
    assert format_time(parse_record_time("2021-10-18T12:00:00")) == "2021-10-18T12:00:00.000000Z"
    assert format_time(parse_record_time("2021-10-18T12:00:00+02:00")) == \
        "2021-10-18T10:00:00.000000Z"


# -- check --------------------------------------------------------------------------------


def test_check_is_clean_on_the_seed(seeded: Runner) -> None:
    result = seeded("check", "russia", "nato")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "No inconsistencies found."
    assert json.loads(seeded.ok("check", "--json").stdout) == []


def test_check_lists_each_kind_of_inconsistency(run: Runner, tmp_path: Path) -> None:
    data = tmp_path / "messy.yaml"
    data.write_text("""
actors: [{id: x, name: X}, {id: y, name: Y}]
events:
  - {id: cap, type: staff_cap, actor: x, target: y, on: "2000-01-01",
     fields: {post: p, cap: 5}}
  - {id: open, type: post_opened, actor: y, target: x, on: "2000-02-01",
     fields: {post: p, kind: mission, staff_cap: 5}}
  - {id: big, type: expulsion, actor: x, target: y, on: "2001-01-01",
     fields: {count: 9, post: p}}
  - {id: shut, type: office_closure, actor: x, target: y, on: "2002-01-01", fields: {post: p}}
  - {id: shut-again, type: office_closure, actor: x, target: y, on: "2003-01-01",
     fields: {post: p}}
  - {id: late, type: expulsion, actor: x, target: y, on: "2004-01-01", fields: {count: 1, post: p}}
  - {id: early-word, type: statement, actor: x, target: y, on: "2010-01-01",
     announced: "2005-01-01"}
  - {id: twin-1, type: expulsion, actor: y, target: x, on: "2011-05-05", fields: {count: 1}}
  - {id: twin-2, type: expulsion, actor: y, target: x, on: "2011-05-05", fields: {count: 2}}
""")
    run.ok("import", str(data))
    result = run("check", "x", "y", "--json")
    assert result.exit_code == 1
    found = {(f["kind"], tuple(f["events"])) for f in json.loads(result.stdout)}
    assert found == {
        ("before_opened", ("cap",)),
        ("cap_below_expelled", ("big",)),
        ("closed_twice", ("shut", "shut-again")),
        ("expulsion_from_closed_post", ("late",)),
        ("announced_far_from_on", ("early-word",)),
        ("likely_duplicate", ("twin-1", "twin-2")),
    }
    text = run("check")
    assert text.exit_code == 1 and "closed_twice" in text.stdout
    assert run("check", "--max-gap", "2000", "--json").stdout.count("announced_far") == 0
    # Nothing was refused: the record still holds every event.
    assert len(json.loads(run.ok("log", "--json").stdout)) == 9


def test_reimporting_after_a_correction_or_retraction_stores_nothing(seeded: Runner) -> None:
    from test_bad_input import refused, snapshot

    seeded.ok("correct", "founding-act-signed", "--on", "1997-05-28", "--reason", "test")
    seeded.ok("retract", "rome-declaration-signed", "--reason", "test")
    before = snapshot(seeded.db)
    again = json.loads(seeded.ok("import", "events/", "--json").stdout)
    assert again == {"actors_added": 0, "events_added": 0, "unchanged": 23, "superseded": 2,
                     "skipped": {}}
    assert "(2 of them since corrected or retracted)" in seeded.ok("import", "events/").stdout
    assert snapshot(seeded.db) == before
    refused(seeded("add", "agreement_signed", "--actor", "nato", "--target", "russia",
                   "--on", "2002-05-28", "--set", "agreement=rome-declaration",
                   "--id", "rome-declaration-signed"), "'rome-declaration-signed'")
