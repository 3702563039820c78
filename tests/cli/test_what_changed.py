"""``correct`` and ``retract`` say what changed (before -> after), in text and in JSON; the
comparison is the library's (domain.revisions.changed)."""

from __future__ import annotations

import json

from helpers import Runner, two_actors

from timeline.domain.revisions import Changed, changed, correction
from timeline.domain.values import EventData
from timeline.views.text import render_correction


def test_correct_prints_the_id_then_each_changed_item(sqlite_store: str) -> None:
    run = Runner(sqlite_store)
    two_actors(run)
    run.ok("add", "expulsion", "--actor", "x", "--target", "y", "--on", "2021-11-01?",
           "--announced", "2021-10", "--set", "count=7", "--source", "https://x.test/1",
           "--id", "e")
    out = run.ok("correct", "e", "--on", "2021-11-01", "--set", "count=8", "--set",
                 "post=embassy", "--source", "https://x.test/2", "--reason", " confirmed ")
    assert out.stdout.splitlines() == [
        "e",
        "  on: 2021-11-01? -> 2021-11-01",
        "  field count: 7 -> 8",
        "  field post: - -> embassy",
        "  sources: +1",
    ]
    out = run.ok("correct", "e", "--set", "post=", "--announced", "2021-10-06",
                 "--reason", "the day")
    assert out.stdout.splitlines() == [
        "e", "  announced: 2021-10 -> 2021-10-06", "  field post: embassy -> -"]


def test_correct_json_carries_before_after_and_the_changes(sqlite_store: str) -> None:
    run = Runner(sqlite_store)
    two_actors(run)
    run.ok("add", "statement", "--actor", "x", "--on", "2021", "--id", "s", "--note", "a")
    found = json.loads(run.ok("correct", "s", "--on", "2021~", "--reason", "why",
                              "--json").stdout)
    assert found["id"] == "s" and found["reason"] == "why"
    assert found["changes"] == [{"item": "on", "before": "2021", "after": "2021~"}]
    assert found["before"]["on"] == "2021" and found["after"]["on"] == "2021~"
    assert found["after"]["note"] == found["before"]["note"] == "a"


def test_retract_says_what_the_event_was_and_why(sqlite_store: str) -> None:
    run = Runner(sqlite_store)
    two_actors(run)
    run.ok("add", "staff_cap", "--actor", "x", "--target", "y", "--on", "../2021-10-27",
           "--set", "cap=10", "--set", "post=embassy", "--id", "c")
    assert run.ok("retract", "c", "--reason", "  no source  ").stdout == (
        "retracted c (was: ../2021-10-27 staff_cap x -> y post=embassy cap=10); "
        "reason: no source\n")
    run.ok("add", "statement", "--actor", "x", "--on", "2021", "--id", "s")
    found = json.loads(run.ok("retract", "s", "--reason", "r", "--json").stdout)
    assert found["id"] == "s" and found["reason"] == "r"
    assert "status" not in found["before"] and found["after"]["status"] == "retracted"


def test_a_refused_correction_prints_nothing_but_the_error(sqlite_store: str) -> None:
    run = Runner(sqlite_store)
    two_actors(run)
    run.ok("add", "statement", "--actor", "x", "--on", "2021", "--id", "s")
    result = run("correct", "s", "--on", "2021", "--reason", "same")
    assert result.exit_code == 1 and result.stdout == ""
    assert "changes nothing" in result.stderr


def test_changed_compares_every_item_of_the_content() -> None:
    before = EventData("e", "meeting", "x", "y", "2021", about=("z",),
                       fields={"location": "Baku"}, sources=["a", "b"])
    after = EventData("e", "meeting", "x", "w", "2021-05", via="v",
                      fields={"channel": "c"}, sources=["b", "c"], note="n")
    assert changed(before, after) == [
        Changed("on", "2021", "2021-05"), Changed("target", "y", "w"),
        Changed("via", None, "v"), Changed("about", ["z"], None), Changed("note", None, "n"),
        Changed("field channel", None, "c"), Changed("field location", "Baku", None),
        Changed("sources", ["a", "b"], ["b", "c"]),
    ]
    assert changed(before, before) == []
    lines = render_correction(correction(before, after, "why")).splitlines()
    assert lines[0] == "e" and "  about: -1" in lines and "  sources: +1 -1" in lines
    assert "  field location: Baku -> -" in lines and "  via: - -> v" in lines
