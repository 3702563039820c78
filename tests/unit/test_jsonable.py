"""The JSON of answers, written one way (domain/jsonable.py): one rule for ``known_at``
across every answer type, the keys the CLI's --json prints kept in their order (no store)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from timeline.app.accounts import User, UserEntry
from timeline.domain.actor_state import ActorState, Membership
from timeline.domain.aliases import AliasChange, KnownActor
from timeline.domain.diffs import Change, Diff
from timeline.domain.findings import Finding
from timeline.domain.histories import Chronicle, Interval, Version
from timeline.domain.jsonable import Jsonable, written
from timeline.domain.leads import Cited, Lead, Leads
from timeline.domain.overview import Changes, Members, Network, PairChange
from timeline.domain.records import ImportResult, Restored
from timeline.domain.revisions import Changed, Correction, Retraction
from timeline.domain.ties import Tie
from timeline.domain.values import ActorData, Answer, EventData, Fact, Proposal, State
from timeline.views.palette import STYLES, Style

RECORDED = dt.datetime(2021, 11, 2, 10, tzinfo=dt.UTC)
EVENT = EventData("c", "office_closure", "nato", "russia", "2021-11-01",
                  fields={"post": "m"}, recorded_at=RECORDED)
FACT = Fact("relationship", "relations", "suspended", "2021-11-01", "r")
INTERVAL = Interval("post:m", "status", "open", "1998-01-01", None, "1998", "opened")
MEMBER = Membership("germany", "1955-05-09", "joined")
PAIR = ("nato", "russia")
LEAD = Lead("lead-x", "meeting", PAIR, "2021-11-01", 1, 1, 1, ["icews"], ["icews-1"])

# Each answer type, built with the given known_at (None: the question did not ask).
ANSWERS: dict[type[Jsonable], Callable[[str | None], Jsonable]] = {
    State: lambda k: State(PAIR, "2021-11-02", [FACT], [EVENT], known_at=k),
    Diff: lambda k: Diff(PAIR, "2021-10-01", "2021-11-02",
                         [Change("post:m", "status", "open", None, ["c"])], [EVENT], known_at=k),
    Chronicle: lambda k: Chronicle(PAIR, {"nato": "NATO"}, [INTERVAL], [EVENT], known_at=k,
                                   revisions={"c": [Version(1, "recorded", RECORDED, None,
                                                             EVENT)]}),
    Members: lambda k: Members("nato", "2021-11-02", [MEMBER], known_at=k),
    ActorState: lambda k: ActorState(actor="russia", as_of="2021-11-02", facts=[FACT],
                                     groups=[MEMBER], relationships=[State(PAIR, "x", [FACT],
                                                                           [])],
                                     pending=[EVENT], known_at=k),
    Changes: lambda k: Changes("2021-10-01", "2021-11-02",
                               [PairChange(PAIR, "post:m", "status", "open", None, ["c"])],
                               [EVENT], known_at=k),
    Network: lambda k: Network("nato", {"nato": "NATO"}, ["russia"], {"russia": [INTERVAL]},
                               [EVENT], known_at=k),
}
KNOWN_ACTOR = KnownActor("nato", "NATO", "organization", aliases=("the Alliance",))
ALIAS = AliasChange("the Alliance", None, "nato", changed=True)
ANSWER = Answer("germany", "rejected", "2016", "veto", "certain")
PROPOSAL = Proposal("p", "A proposal", "russia", "united-states", "john-kerry", [FACT],
                    [ANSWER])
# The values inside answers, and the other answers, which have no known_at.
VALUES: list[Jsonable] = [
    KNOWN_ACTOR, ALIAS, PROPOSAL, ANSWER,
    Tie(PAIR, "post", "m", "nato", "russia", FACT, ["cap 10"]),
    ActorData("nato", "NATO", "organization"), EVENT, FACT, INTERVAL, MEMBER,
    Version(2, "corrected", RECORDED, "date fixed", EVENT),
    Change("post:m", "status", "open", None, ["c"]),
    PairChange(PAIR, "post:m", "status", "open", None, ["c"]),
    ImportResult(1, 2, 3), Restored(150, 0),
    Finding("closed_twice", "2021-11-01", ["a", "b"], "again"),
    STYLES["open"],
    Cited("icews-1", "icews", "1", "161", "Wire", "7", "", "Reduce relations"),
    LEAD, Leads([LEAD]),
    Changed("on", "2021-11-01?", "2021-11-01"),
    User("alice", "writer"), UserEntry("alice", "writer", "2026-12-04T05:00:00Z", 1),
    Correction("c", "why", [Changed("on", "2021", "2021-11")], EVENT, EVENT),
    Retraction("c", "why", EVENT, EVENT),
]
KNOWN = "2021-12-01T00:00:00.000000Z"


def _every_answer_type() -> set[type[Jsonable]]:
    found: set[type[Jsonable]] = set()
    todo = list(Jsonable.__subclasses__())
    while todo:
        kind = todo.pop()
        found.add(kind)
        todo.extend(kind.__subclasses__())
    return found


def test_every_answer_type_is_covered_here() -> None:
    covered = set(ANSWERS) | {type(v) for v in VALUES}
    assert _every_answer_type() <= covered
    with_known_at = {kind for kind in _every_answer_type()
                     if any(f.name == "known_at" for f in dataclasses.fields(kind))}
    assert with_known_at == set(ANSWERS)


@pytest.mark.parametrize("kind", list(ANSWERS), ids=lambda kind: kind.__name__)
def test_known_at_is_written_exactly_when_asked(kind: type[Jsonable]) -> None:
    unasked = ANSWERS[kind](None).to_json()
    assert "known_at" not in unasked
    asked = ANSWERS[kind](KNOWN).to_json()
    assert asked["known_at"] == KNOWN
    assert [key for key in asked if key != "known_at"] == list(unasked)
    assert json.loads(json.dumps(asked)) == asked


@pytest.mark.parametrize("value", [*VALUES, *(build(None) for build in ANSWERS.values())],
                         ids=lambda value: type(value).__name__)
def test_every_answer_is_plain_json(value: Jsonable) -> None:
    data = value.to_json()
    assert json.loads(json.dumps(data)) == data
    assert "known_at" not in json.dumps(data)


@pytest.mark.parametrize(("value", "keys"), [
    (ANSWERS[State](KNOWN), ["actors", "as_of", "facts", "pending", "known_at"]),
    (ANSWERS[Diff](KNOWN), ["actors", "from", "to", "changes", "events", "known_at"]),
    (ANSWERS[ActorState](KNOWN),
     ["actor", "as_of", "facts", "groups", "relationships", "pending", "known_at"]),
    (ANSWERS[Members](KNOWN), ["group", "as_of", "members", "known_at"]),
    (ANSWERS[Changes](KNOWN), ["from", "to", "changes", "announced", "known_at"]),
    (ImportResult(1, 2, 3), ["actors_added", "events_added", "unchanged", "superseded",
                             "repeated", "skipped", "skipped_examples", "by_type", "dry_run"]),
    (VALUES[10], ["version", "status", "recorded_at", "reason", "event"]),
    (Restored(150, 0), ["added", "already"]),
    (VALUES[-2], ["id", "reason", "changes", "before", "after"]),
    (VALUES[-1], ["id", "reason", "before", "after"]),
    (FACT, ["subject", "attribute", "value", "since", "event", "certainty"]),
    (STYLES["open"], ["colour", "phase", "ink", "dasharray"]),
], ids=lambda value: type(value).__name__ if isinstance(value, Jsonable) else "")
def test_the_keys_the_cli_prints_stay_in_their_order(value: Jsonable, keys: list[str]) -> None:
    assert list(value.to_json()) == keys


def test_an_actors_state_names_its_groups_and_writes_each_relationship_once() -> None:
    data = ANSWERS[ActorState](None).to_json()
    assert data["groups"] == [{"group": "germany", "since": "1955-05-09", "event": "joined",
                               "certainty": "certain"}]
    assert data["relationships"] == [{"actors": list(PAIR), "facts": [FACT.to_json()]}]
    members = ANSWERS[Members](None).to_json()["members"]
    assert members == [{"actor": "germany", "since": "1955-05-09", "event": "joined",
                        "certainty": "certain"}]
    maybe = Membership("germany", None, None, "possible", "joins")
    assert maybe.to_json() == {"actor": "germany", "since": None, "event": None,
                               "certainty": "possible", "possible_event": "joins"}


def test_an_alias_and_an_actors_aliases() -> None:
    assert KnownActor("nato", "NATO", "organization").to_json() == {
        "id": "nato", "name": "NATO", "kind": "organization"}
    assert KNOWN_ACTOR.to_json()["aliases"] == ["the Alliance"]
    assert ALIAS.to_json() == {"alias": "the Alliance", "before": None, "after": "nato",
                                    "changed": True}


def test_proposals_are_written_only_where_there_are_some() -> None:
    assert "proposals" not in ANSWERS[State](None).to_json()
    with_one = dataclasses.replace(ANSWERS[State](None), proposals=[PROPOSAL])
    assert with_one.to_json()["proposals"] == [{
        "proposal": "p", "name": "A proposal", "proposer": "russia",
        "addressee": "united-states", "via": "john-kerry", "facts": [FACT.to_json()],
        "answers": [{"actor": "germany", "answer": "rejected", "on": "2016", "event": "veto",
                     "certainty": "certain"}]}]


def test_changes_name_the_actor_only_when_asked_about_one() -> None:
    assert "actor" not in ANSWERS[Changes](None).to_json()
    one = dataclasses.replace(ANSWERS[Changes](None), actor="russia")
    assert one.to_json()["actor"] == "russia"


def test_a_fact_writes_its_possible_value_only_when_uncertain() -> None:
    assert "possible" not in FACT.to_json()
    maybe = Fact("post:m", "status", None, None, None, "uncertain", None, None)
    assert maybe.to_json()["possible"] is None
    assert maybe.to_json()["possible_event"] is None
    assert maybe.to_json()["possible_values"] == []


def test_values_are_written_by_one_rule() -> None:
    assert written(RECORDED) == "2021-11-02T10:00:00.000000Z"
    assert written((1, ("a", None))) == [1, ["a", None]]
    assert written({"k": [FACT]}) == {"k": [FACT.to_json()]}
    assert written(Style("#000000", "ended")) == {"colour": "#000000", "phase": "ended",
                                                  "ink": "#000000", "dasharray": "1.5,2.5"}
    with pytest.raises(TypeError):
        written(object())


def test_an_event_is_written_as_our_files_hold_it() -> None:
    data: dict[str, Any] = EVENT.to_json()
    assert list(data) == ["id", "type", "actor", "target", "on", "announced", "fields",
                          "sources", "note", "recorded_at"]
    assert data["recorded_at"] == "2021-11-02T10:00:00.000000Z"
