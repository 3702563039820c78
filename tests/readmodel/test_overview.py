"""The whole picture: one actor's every relationship and every change in a period equal a
naive replay of the events in order of ``on``, for any recording order, on both backends."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    BASE,
    PROPERTY,
    ROLES,
    counter,
    histories,
    materialize,
    query_days,
    record,
    stored,
)

from timeline.app import Timeline
from timeline.domain.dates import PartialDate
from timeline.domain.records import Record
from timeline.domain.values import sorted_pair
from timeline.testing.replay import replay_changes, replay_own, replay_state


@PROPERTY
@given(history=histories(), cuts=st.lists(st.integers(0, 30), max_size=3), days=query_days)
def test_an_actors_relationships_and_a_periods_changes_equal_a_replay(
    app: Timeline, history: list[dict[str, Any]], cuts: list[int], days: list[int]
) -> None:
    prefix = f"o{next(counter)}-"
    events = materialize(history, prefix)
    record(app, events, prefix, cuts)
    expected = stored(events)
    actors = [f"{prefix}{x}" for x in ROLES]
    for actor, day in itertools.product(actors, days):
        as_of = BASE + dt.timedelta(days=day)
        found = app.actor_state(actor, as_of)
        wanted = {sorted_pair(actor, other): replay_state(expected, actor, other, as_of)
                  for other in actors if other != actor}
        assert {r.actors: r.facts for r in found.relationships} == {
            pair: facts for pair, facts in wanted.items() if facts}
        assert found.facts == replay_own(expected, actor, as_of)
        # the groups it surely belongs to: a membership an event in flight may have ended
        # is shown among its relationships, as uncertain, not as a group
        assert [(g.actor, g.since, g.event) for g in found.groups] == [
            (other, f.since, f.event) for other in sorted(actors) if other != actor
            for f in replay_state(expected, actor, other, as_of)
            if (f.subject, f.value, f.certainty) == (f"membership:{other}", "member", "certain")]
        members = app.members(actor, as_of)
        # members known, and possible ones: a joining or leaving in flight may make them so
        assert [(m.actor, m.since, m.event, m.certainty) for m in members.members] == [
            (other, f.since, f.event, "certain" if f.certainty == "certain" else "possible")
            for other in sorted(actors) if other != actor
            for f in replay_state(expected, actor, other, as_of)
            if f.subject == f"membership:{actor}" and (
                f.value == "member" if f.certainty == "certain" else
                "member" in f.possible_values)]
        pending = sorted(e.id for e in expected if actor in (e.actor, e.target)
                         and e.announced and PartialDate.parse(e.announced).start <= as_of
                         < PartialDate.parse(e.on).sort_day)
        assert sorted(e.id for e in found.pending) == pending
    lo, hi = sorted(BASE + dt.timedelta(days=d) for d in days[:2])
    for whose in (None, actors[0]):
        found_changes = app.changes(lo, hi, actor=whose)
        got = {(c.actors, c.subject, c.attribute): (c.before, c.after, c.events, c.certainty)
               for c in found_changes.changes if c.actors[0].startswith(prefix)}
        owners = [*itertools.combinations(sorted(actors), 2), *((x,) for x in actors)]
        want = {(owner, *key): change for owner in owners
                if whose is None or whose in owner
                for key, change in replay_changes(expected, "|".join(owner), lo, hi).items()}
        assert got == want


def _seeded(app: Timeline) -> None:
    app.import_records(
        [Record("", {"id": x, "name": x.upper(), "kind": "state"}) for x in ("ru", "be", "us")],
        [Record("", e) for e in (
            {"id": "be-emb", "type": "post_opened", "actor": "ru", "target": "be",
             "on": "1993-01-01", "fields": {"post": "ru-emb-be", "kind": "embassy"},
             "sources": ["s"]},
            {"id": "us-rel", "type": "relations_established", "actor": "us", "target": "ru",
             "on": "1992", "sources": ["s"]},
            {"id": "us-cap", "type": "staff_cap", "actor": "us", "target": "ru",
             "on": "2021-10-20", "announced": "2021-10-06", "fields": {"post": "ru-emb-us",
                                                                       "cap": 40},
             "sources": ["s"]},
            {"id": "be-stmt", "type": "statement", "actor": "be", "target": "ru",
             "on": "2021-10-10", "sources": ["s"]},
        )])


def test_one_actor_every_relationship_and_what_is_pending(app: Timeline) -> None:
    _seeded(app)
    found = app.actor_state("ru", dt.date(2021, 10, 8))
    assert [r.actors for r in found.relationships] == [("be", "ru"), ("ru", "us")]
    assert [e.id for e in found.pending] == ["us-cap"]
    data = found.to_json()
    assert data["actor"] == "ru" and data["as_of"] == "2021-10-08"
    assert data["relationships"][0] == {"actors": ["be", "ru"], "facts": [
        f.to_json() for f in app.state("ru", "be", dt.date(2021, 10, 8)).facts]}
    assert app.actor_state("ru", dt.date(1900, 1, 1)).relationships == []


def test_every_change_in_a_period_with_its_events_and_announcements(app: Timeline) -> None:
    _seeded(app)
    october = app.changes(dt.date(2021, 10, 1), dt.date(2021, 10, 31))
    assert [(c.actors, c.subject, c.attribute, c.before, c.after, c.events)
            for c in october.changes] == [
        (("ru", "us"), "post:ru-emb-us", "staff_cap", None, 40, ["us-cap"])]
    assert [e.id for e in app.changes(dt.date(2021, 10, 1), dt.date(2021, 10, 15)).announced
            ] == ["us-cap"]
    assert app.changes(dt.date(2021, 10, 1), dt.date(2021, 10, 31), actor="be").changes == []
    assert app.changes(dt.date(2021, 10, 1), dt.date(2021, 10, 31),
                       types=["statement"]).changes == []
    assert october.to_json()["changes"][0] == {
        "actors": ["ru", "us"], "subject": "post:ru-emb-us", "attribute": "staff_cap",
        "before": None, "after": 40, "events": ["us-cap"], "certainty": "certain"}
