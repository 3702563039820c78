"""Plain values and their helpers: sources, pairs, order and JSON forms (no store)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

from timeline.domain.diffs import Change, Diff
from timeline.domain.findings import Finding
from timeline.domain.histories import Chronicle, Interval, Version
from timeline.domain.records import ImportResult
from timeline.domain.sources import is_web_url, source_parts, source_text
from timeline.domain.values import (
    UNREADABLE_TYPE,
    ActorData,
    EventData,
    Fact,
    Source,
    State,
    fact_order,
    pair_key,
    sorted_pair,
)
from timeline.domain.vocabulary import RELATIONSHIP

RECORDED = dt.datetime(2021, 11, 2, 10, 0, tzinfo=dt.UTC)


def closure(**changes: Any) -> EventData:
    base = EventData(id="c", type="office_closure", actor="russia", target="nato",
                     on="2021-11-01", announced="2021-10-18", fields={"post": "m"},
                     sources=["TASS"], note="n", recorded_at=RECORDED)
    return replace(base, **changes)


# sources -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "label", "url"),
    [
        ("TASS, 18 October 2021", "TASS, 18 October 2021", None),
        ("https://tass.com/x", "https://tass.com/x", "https://tass.com/x"),
        ("javascript:alert(1)", "javascript:alert(1)", None),
        ({"url": "https://tass.com/x", "publisher": "TASS"}, "TASS", "https://tass.com/x"),
        ({"url": "https://c.ru/a", "title": "Why", "publisher": "Carnegie",
          "published": "2021-10-27"}, "Why, Carnegie, 2021-10-27", "https://c.ru/a"),
        ({"url": "https://c.ru/a"}, "https://c.ru/a", "https://c.ru/a"),
        ({"title": "A book"}, "A book", None),
        ({"title": "Bad", "url": "javascript:alert(1)"}, "Bad", None),
        ({"title": "", "publisher": "P"}, "P", None),
    ],
)
def test_source_parts(source: Source, label: str, url: str | None) -> None:
    assert source_parts(source) == (label, url)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("TASS", "TASS"),
        ("https://tass.com/x", "https://tass.com/x"),
        ({"url": "https://tass.com/x", "publisher": "TASS"}, "TASS <https://tass.com/x>"),
        ({"url": "https://tass.com/x"}, "https://tass.com/x"),
        ({"title": "A book"}, "A book"),
        ({"title": "Bad", "url": "javascript:alert(1)"}, "Bad"),
    ],
)
def test_source_text(source: Source, text: str) -> None:
    assert source_text(source) == text


@pytest.mark.parametrize(
    ("text", "web"),
    [("http://a", True), ("https://a", True), ("HTTPS://A", True), ("Http://a", True),
     ("ftp://a", False), ("javascript:alert(1)", False), ("", False), (" https://a", False),
     ("httpx://a", False), ("mailto:a@b", False)],
)
def test_is_web_url(text: str, web: bool) -> None:
    assert is_web_url(text) is web


# pairs and order ---------------------------------------------------------------------------

def test_sorted_pair_and_pair_key_ignore_order() -> None:
    assert sorted_pair("russia", "nato") == sorted_pair("nato", "russia") == ("nato", "russia")
    assert sorted_pair("a", "a") == ("a", "a")
    assert pair_key("russia", "nato") == pair_key("nato", "russia") == "nato|russia"


def test_sorted_pair_is_by_code_point() -> None:
    assert sorted_pair("b", "Z") == ("Z", "b")


def test_fact_order_puts_the_relationship_first_then_by_name() -> None:
    keys = [("post:b", "status"), ("agreement:z", "status"), (RELATIONSHIP, "relations"),
            ("post:a", "status"), (RELATIONSHIP, "cooperation"), ("post:a", "host")]
    assert sorted(keys, key=lambda k: fact_order(*k)) == [
        (RELATIONSHIP, "cooperation"), (RELATIONSHIP, "relations"), ("agreement:z", "status"),
        ("post:a", "host"), ("post:a", "status"), ("post:b", "status"),
    ]
    assert fact_order(RELATIONSHIP, "x") == (0, RELATIONSHIP, "x")
    assert fact_order("post:a", "x") == (1, "post:a", "x")


# events ------------------------------------------------------------------------------------

def test_content_is_what_the_event_says_and_copies_its_parts() -> None:
    event = closure()
    content = event.content()
    assert content == {"type": "office_closure", "actor": "russia", "target": "nato",
                       "on": "2021-11-01", "announced": "2021-10-18", "fields": {"post": "m"},
                       "sources": ["TASS"], "note": "n"}
    content["fields"]["post"] = "other"
    content["sources"].append("more")
    assert event.fields == {"post": "m"} and event.sources == ["TASS"]


def test_from_content_round_trips_and_fills_defaults() -> None:
    event = closure(status="corrected")
    again = EventData.from_content("c", event.content(), RECORDED, "corrected")
    assert again == event
    bare = EventData.from_content("s", {"type": "statement", "actor": "a", "on": "2021"})
    assert (bare.target, bare.announced, bare.fields, bare.sources, bare.note) == (
        None, None, {}, [], None
    )
    assert (bare.recorded_at, bare.status) == (None, "recorded")


def test_event_to_json() -> None:
    data = closure().to_json()
    assert data == {"id": "c", **closure().content(),
                    "recorded_at": "2021-11-02T10:00:00.000000Z"}
    assert next(iter(data)) == "id"
    assert "status" not in data
    json.dumps(data)


def test_event_to_json_without_record_time_and_with_a_status() -> None:
    data = closure(recorded_at=None, status="retracted").to_json()
    assert data["recorded_at"] is None
    assert data["status"] == "retracted"


# the other values --------------------------------------------------------------------------

def test_actor_to_json() -> None:
    assert ActorData("nato", "NATO", "organization").to_json() == {
        "id": "nato", "name": "NATO", "kind": "organization"}
    assert ActorData("x", "X").kind == "other"


def test_version_to_json() -> None:
    version = Version(2, "corrected", RECORDED, "date fixed", closure())
    assert version.to_json() == {
        "version": 2, "status": "corrected", "recorded_at": "2021-11-02T10:00:00.000000Z",
        "reason": "date fixed", "event": closure().to_json(),
    }


def test_fact_and_interval_to_json() -> None:
    fact = Fact("post:m", "staff_cap", 10, "2021-11-01", "cap")
    assert fact.to_json() == {"subject": "post:m", "attribute": "staff_cap", "value": 10,
                              "since": "2021-11-01", "event": "cap", "certainty": "certain"}
    maybe = Fact("post:m", "status", None, None, None, "uncertain", "open", "seen",
                 (None, "open"))
    assert maybe.to_json() == {"subject": "post:m", "attribute": "status", "value": None,
                               "since": None, "event": None, "certainty": "uncertain",
                               "possible": "open", "possible_event": "seen",
                               "possible_values": [None, "open"]}
    interval = Interval("post:m", "status", "open", "1998-01-01", None, "1998", "opened")
    assert interval.to_json() == {"subject": "post:m", "attribute": "status", "value": "open",
                                  "start": "1998-01-01", "end": None, "since": "1998",
                                  "event": "opened"}


def test_state_to_json_shows_known_at_only_when_given() -> None:
    fact = Fact(RELATIONSHIP, "relations", "suspended", "2021-11-01", "r")
    state = State(("nato", "russia"), "2021-11-02", [fact], [closure()])
    data = state.to_json()
    assert data == {"actors": ["nato", "russia"], "as_of": "2021-11-02",
                    "facts": [fact.to_json()], "pending": [closure().to_json()]}
    known = State(("nato", "russia"), "2021-11-02", [], [], known_at="2021-12-01")
    assert known.to_json()["known_at"] == "2021-12-01"


def test_diff_and_change_to_json() -> None:
    change = Change("post:m", "status", "open", None, ["c"])
    assert change.to_json() == {"subject": "post:m", "attribute": "status",
                                "before": "open", "after": None, "events": ["c"],
                                "certainty": "certain"}
    assert Change("post:m", "status", None, "open", ["s"], "possible").to_json()[
        "certainty"] == "possible"
    diff = Diff(("nato", "russia"), "2021-10-01", "2021-11-02", [change], [closure()])
    data = diff.to_json()
    assert data == {"actors": ["nato", "russia"], "from": "2021-10-01", "to": "2021-11-02",
                    "changes": [change.to_json()], "events": [closure().to_json()]}
    known = Diff(("a", "b"), "2021", "2022", [], [], known_at="2022-01-01T00:00:00Z")
    assert known.to_json()["known_at"] == "2022-01-01T00:00:00Z"


def test_chronicle_to_json_shows_known_at_only_when_given() -> None:
    interval = Interval(RELATIONSHIP, "relations", "established", "1997-05-27", "2021-11-01",
                        "1997-05-27", "founding")
    chronicle = Chronicle(("nato", "russia"), {"nato": "NATO", "russia": "Russia"},
                          [interval], [closure()])
    assert chronicle.to_json() == {
        "actors": ["nato", "russia"], "names": {"nato": "NATO", "russia": "Russia"},
        "intervals": [interval.to_json()], "events": [closure().to_json()], "revisions": {},
    }


def test_import_result_to_json() -> None:
    result = ImportResult(2, 21, 3, superseded=1, skipped={"an actor no map knows": 4},
                          repeated=5, examples={"an actor no map knows": ["Unspecified Actor"]},
                          by_type={"coded_event": 20, "meeting": 1}, dry_run=True)
    assert result.to_json() == {
        "actors_added": 2, "events_added": 21, "unchanged": 3, "superseded": 1, "repeated": 5,
        "skipped": {"an actor no map knows": 4},
        "skipped_examples": {"an actor no map knows": ["Unspecified Actor"]},
        "by_type": {"coded_event": 20, "meeting": 1}, "dry_run": True}
    assert ImportResult(0, 0, 0).to_json() == {
        "actors_added": 0, "events_added": 0, "unchanged": 0, "superseded": 0, "repeated": 0,
        "skipped": {},
        "skipped_examples": {}, "by_type": {}, "dry_run": False}


def test_finding_to_json() -> None:
    finding = Finding("closed_twice", "2021-11-01", ["a", "b"], "post:m is closed again")
    assert finding.to_json() == {"kind": "closed_twice", "on": "2021-11-01",
                                 "events": ["a", "b"], "message": "post:m is closed again",
                                 "severity": "problem"}
    assert Finding("announced_far_from_on", "2021", [], "").severity == "note"
    # Two events whose order nobody knows: an answer after them may rest on it.
    assert Finding("order_unknown", "2021", [], "").severity == "problem"


# events as the log holds them --------------------------------------------------------------

def test_from_stored_reads_what_it_can() -> None:
    event = EventData.from_stored("c", closure().content(), RECORDED, "corrected")
    assert event == closure(status="corrected")


@pytest.mark.parametrize("content", [{}, {"type": 5, "actor": "a", "on": "2021"},
                                     {"type": "statement", "actor": None, "on": "2021"},
                                     None, ["statement"], {"type": "t", "actor": "a", "on": "x",
                                                           "fields": 3}])
def test_from_stored_stands_in_for_content_it_cannot_read(content: Any) -> None:
    event = EventData.from_stored("odd", content, RECORDED, "recorded")
    assert (event.id, event.type, event.recorded_at) == ("odd", UNREADABLE_TYPE, RECORDED)
    assert (event.actor, event.target, event.on, event.fields) == ("", None, "", {})
