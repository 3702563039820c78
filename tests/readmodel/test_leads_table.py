"""The read model's tables of leads (storage.leads) against the naive oracle
(domain.leads.leads_of, a scan of the log): whatever records arrive, in whatever order,
corrected, retracted or decided on, the listed leads are those the log's events sum to. On
each backend; every example uses fresh actor ids, so one store serves them all."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from helpers import Runner, damage, refused
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import PROPERTY, PROPERTY_EXAMPLES, counter

from timeline.app import Timeline
from timeline.domain.aggregates import Action
from timeline.domain.dates import now
from timeline.domain.leads import Lead, leads_of, support_of
from timeline.errors import InvalidValue
from timeline.interchange.coded import both_speak
from timeline.storage import queries

ALL = ("open", "accepted", "dismissed")
CODES = ("042", "043", "057", "161", "166", "190", "040")
PAIRS = (("a", "b"), ("b", "a"), ("a", "c"))

steps = st.lists(st.one_of(
    st.tuples(st.just("record"), st.sampled_from(CODES), st.sampled_from(PAIRS),
              st.integers(0, 2), st.integers(0, 2), st.integers(0, 3)),
    st.tuples(st.just("retract"), st.integers(0, 30)),
    st.tuples(st.just("correct"), st.integers(0, 30), st.sampled_from(CODES)),
    st.tuples(st.just("accept"), st.integers(0, 30)),
    st.tuples(st.just("dismiss"), st.integers(0, 30)),
    st.tuples(st.just("undo"), st.integers(0, 30)),
    st.tuples(st.just("unfact"), st.integers(0, 30)),
), max_size=16)


def listed(app: Timeline, prefix: str) -> list[Lead]:
    found = app.desk.leads(statuses=ALL).leads
    return [lead for lead in found if lead.actors[0].startswith(prefix)]


def oracle(app: Timeline, prefix: str) -> list[Lead]:
    with app.store.reading() as conn:
        events = [e for e in queries.log(conn) if e.actor.startswith(prefix)]
    return leads_of(events, (), both_speak, since={e.id: supported_since(app, e.id)
                                                   for e in events})


def supported_since(app: Timeline, event_id: str) -> dt.datetime:
    """When the event's versions began, without a break, to support the lead its current
    one supports: walked back through its history."""
    versions = app.history(event_id)
    lead = support_of(versions[-1].event)
    since = versions[-1].recorded_at
    for version in reversed(versions[:-1]):
        found = support_of(version.event) if version.status != "retracted" else None
        if lead is None or found is None or found.lead != lead.lead:
            break
        since = version.recorded_at
    return since


def _run(app: Timeline, prefix: str, step: tuple[Any, ...], recorded: list[str],
         decisions: list[str]) -> None:
    kind = step[0]
    if kind == "record":
        _, code, (x, y), day, publisher, story = step
        n = next(counter)
        app.recording.add_event({
            "id": f"{prefix}icews-{n}", "type": "coded_event", "actor": prefix + x,
            "target": prefix + y, "on": f"2021-11-0{day + 1}",
            "fields": {"dataset": "icews", "code": code, "record": str(n)},
            "sources": [f"ICEWS event {n} of 2021-11-01, Wire {publisher}, story {story}"],
            "note": "The two held talks"})
        recorded.append(f"{prefix}icews-{n}")
        return
    if kind in ("retract", "correct") and recorded:
        event_id = recorded[step[1] % len(recorded)]
        if app.event(event_id).status == "retracted":
            return
        if kind == "retract":
            app.retract(event_id, "not so")
        elif app.event(event_id).fields["code"] != step[2]:
            app.recording.correct(event_id, "recoded", fields={"code": step[2]})
        return
    if kind == "undo" and decisions:
        decision = decisions.pop(step[1] % len(decisions))
        app.retract(decision, "decided too soon")
        return
    if kind == "unfact":  # an accepted lead's fact found false: the lead is open again
        facts = [str(app.event(d).fields["event"]) for d in decisions
                 if app.event(d).type == "lead_accepted"]
        facts = [f for f in facts if app.event(f).status != "retracted"]
        if facts:
            app.retract(facts[step[1] % len(facts)], "not so")
        return
    open_leads = [lead for lead in listed(app, prefix) if lead.status == "open"
                  and lead.records]
    if kind in ("accept", "dismiss") and open_leads:
        lead = open_leads[step[1] % len(open_leads)]
        if kind == "dismiss":
            decisions.append(app.desk.dismiss(lead.id, "a school band").id)
        else:
            app.desk.accept(lead.id, None, {"agreement": "x", "name": "X"} if lead.type
                            == "agreement_signed" else {"count": "1"} if lead.type
                            == "expulsion" else {})
            decisions.append(max((e.id for e in app.list_events(lead.actors)
                                  if e.type == "lead_accepted" and e.fields["lead"] == lead.id),
                                 key=lambda i: (len(i), i)))


@settings(PROPERTY, max_examples=max(10, PROPERTY_EXAMPLES // 2))  # each a store's worth
@given(history=steps)
def test_the_listed_leads_are_those_the_log_sums_to(app: Timeline,
                                                    history: list[tuple[Any, ...]]) -> None:
    prefix = f"l{next(counter)}-"
    for role in "abc":
        app.add_actor(prefix + role, role.upper(), "state")
    recorded: list[str] = []
    decisions: list[str] = []
    for step in history:
        _run(app, prefix, step, recorded, decisions)
        if step[0] in ("accept", "dismiss", "undo", "unfact"):  # decisions: compare
            assert listed(app, prefix) == oracle(app, prefix)
    assert listed(app, prefix) == oracle(app, prefix)


def test_a_rebuild_makes_the_same_leads_and_the_limit_keeps_their_order(app: Timeline
                                                                          ) -> None:
    for role in "abc":
        app.add_actor(role, role.upper(), "state")
    for n, ((x, y), code, publisher) in enumerate(itertools.product(
            PAIRS, ("042", "057", "161"), range(3))):
        for copy in range(publisher + 1):
            app.recording.add_event({
                "id": f"icews-{n}-{copy}", "type": "coded_event", "actor": x, "target": y,
                "on": "2021-11-01", "fields": {"dataset": "icews", "code": code},
                "sources": [f"ICEWS event {n} of 2021-11-01, Wire {copy}, story {n}{copy}"]})
    found = app.desk.leads(limit=0)
    assert found == app.desk.leads(limit=len(found.leads)) and not found.more
    assert [lead.publishers for lead in found.leads] == sorted(
        (lead.publishers for lead in found.leads), reverse=True)
    top = app.desk.leads(limit=2)
    assert top.leads == found.leads[:2] and top.more
    app.rebuild()
    assert app.desk.leads(limit=0) == found
    assert app.desk.leads(("c", "a")).leads == [
        lead for lead in found.leads if lead.actors == ("a", "c")]


def test_evidence_after_a_decision_is_new_evidence_and_a_decision_can_be_undone(
        app: Timeline) -> None:
    for role in "ab":
        app.add_actor(role, role.upper(), "state")

    def record(n: int) -> None:
        app.recording.add_event({"id": f"icews-{n}", "type": "coded_event", "actor": "a",
                       "target": "b", "on": "2021-11-01",
                       "fields": {"dataset": "icews", "code": "042"},
                       "sources": [f"ICEWS event {n} of 2021-11-01, Wire {n}, story {n}"]})

    record(1)
    (lead,) = app.desk.leads().leads
    fact = app.desk.accept(lead.id)
    record(2)
    (after,) = app.desk.leads().leads
    assert (after.id, after.status, after.evidence, after.new_evidence) == (
        lead.id, "accepted", ["icews-1", "icews-2"], ["icews-2"])
    # Undone (its decision retracted), the lead is open again; accepted again, its fact is
    # the one recorded before and the new decision has an id of its own.
    app.retract(f"{lead.id}-accepted", "decided too soon")
    assert [x.status for x in app.desk.leads().leads] == ["open"]
    assert app.desk.accept(lead.id).id == fact.id
    assert app.event(f"{lead.id}-accepted-2").fields["event"] == fact.id
    assert [x.status for x in app.desk.leads().leads] == ["accepted"]
    assert app.desk.leads().leads[0].new_evidence == []


def test_leads_of_nearby_days_are_shown_together_and_accepted_as_one_fact(store: str) -> None:
    """A visit reported on the day it began and on the next is two leads (a lead's id never
    changes as evidence arrives), each shown as the other's neighbour; one fact can cite
    both (accept --with), and both are accepted."""
    app = Timeline.open(store)
    try:
        for role in "ab":
            app.add_actor(role, role.upper(), "state")
        for n, (day, code) in enumerate([("01", "042"), ("02", "043"), ("09", "042"),
                                         ("02", "057")]):
            app.recording.add_event({"id": f"icews-{n}", "type": "coded_event", "actor": "a",
                           "target": "b", "on": f"2021-11-{day}",
                           "fields": {"dataset": "icews", "code": code},
                           "sources": [f"ICEWS event {n} of 2021-11-{day}, Wire, story {n}"]})
        by_day = {(lead.type, lead.on): lead for lead in app.desk.leads().leads}
    finally:
        app.close()
    first, second, far = (by_day["meeting", f"2021-11-{d}"] for d in ("01", "02", "09"))
    assert (first.nearby, second.nearby, far.nearby) == ([second.id], [first.id], [])
    assert by_day["agreement_signed", "2021-11-02"].nearby == []
    run = Runner(store)
    assert f"nearby: {second.id}" in run.ok("leads", "a", "b").stdout
    refused(run("accept", first.id, "--with", by_day["agreement_signed", "2021-11-02"].id),
            "not another day")
    fact_id = run.ok("accept", first.id, "--with", second.id).stdout.strip()
    (fact,) = [e for e in json.loads(run.ok("log", "a", "b", "--json").stdout)
              if e["id"] == fact_id]
    assert [s.split(" (")[0] for s in fact["sources"]] == [
        "ICEWS record icews-0", "ICEWS record icews-1"]
    # 042 "a visits b" says b hosted, 043 "a hosts b" says a did: no host is claimed.
    assert fact["fields"] == {}
    statuses = {lead["id"]: lead["status"] for lead in json.loads(
        run.ok("leads", "a", "b", "--json").stdout)["leads"]}
    assert (statuses[first.id], statuses[second.id], statuses[far.id]) == (
        "accepted", "accepted", "open")
    refused(run("accept", far.id, "--with", second.id), "accepted already")


def _two_records(app: Timeline) -> str:
    """Actors a, b, c; two records of one meeting of a and b; returns its lead's id."""
    for role in "abc":
        app.add_actor(role, role.upper(), "state")
    for n in (1, 2):
        app.recording.add_event({"id": f"r{n}", "type": "coded_event", "actor": "a", "target": "b",
                       "on": "2021-11-01", "fields": {"dataset": "icews", "code": "042"},
                       "sources": [f"ICEWS event {n} of 2021-11-01, Wire {n}, story {n}"]})
    (lead,) = app.desk.leads().leads
    return lead.id


def test_what_no_lead_can_be_made_of_is_recorded_and_the_store_goes_on(store: str) -> None:
    """Events the gate lets in but no lead is made of (a decision on an impossible day or on
    another pair's lead, a record dated by a month, a dataset with a long name) leave the
    store working, its leads unchanged, on both databases."""
    app = Timeline.open(store)
    try:
        lead_id = _two_records(app)
        before = app.desk.leads().leads
        digest = lead_id.rsplit("-", 1)[1]
        for n, (etype, target, on, fields) in enumerate([
                ("lead_dismissed", "b", "2021-11-01",
                 {"lead": f"lead-meeting-2021-02-30-{digest}", "reason": "x"}),
                ("lead_dismissed", "c", "2021-11-01", {"lead": lead_id, "reason": "x"}),
                ("lead_accepted", "b", "2021-11-01",
                 {"lead": f"lead-{'x' * 90}-2021-11-01-{digest}", "event": "r1"}),
                ("coded_event", "b", "2021-11",
                 {"dataset": "icews", "code": "042"}),
                ("coded_event", "b", "2021-11-03",
                 {"dataset": "icews-extended-edition-" + "x" * 100, "code": "057"})]):
            raw = {"id": f"odd-{n}", "type": etype, "actor": "a", "target": target,
                   "on": on, "fields": fields, "sources": ["by hand"]}
            if etype == "coded_event":
                app.recording.add_event(raw)
                continue
            # The gate refuses such a decision now; an earlier version let them in.
            with pytest.raises(InvalidValue, match="names"):
                app.recording.add_event(raw)
            content = {k: v for k, v in raw.items() if k != "id"}
            content |= {"announced": None, "note": None}
            assert app.store.append([Action.record(raw["id"], content, now(), None)])
        found = app.desk.leads().leads
        assert found[0] == before[0] and len(found) == 2  # and the long-named dataset's
        assert app.desk.leads(("c",)).leads == []
        app.rebuild()
        assert app.desk.leads().leads == found
    finally:
        app.close()


def test_a_read_model_an_earlier_version_wrote_to_is_made_again(sqlite_store: str) -> None:
    """A version before MEANING 3 keeps no leads: if it wrote to a store this one made,
    the tables of leads are stale, and the store is made again from the log on open."""
    app = Timeline.open(sqlite_store)
    try:
        lead_id = _two_records(app)
    finally:
        app.close()
    damage(sqlite_store, "DELETE FROM tl_leads", "UPDATE tl_position SET meaning = 2")
    app = Timeline.open(sqlite_store)
    try:
        assert [lead.id for lead in app.desk.leads().leads] == [lead_id]
    finally:
        app.close()


def test_decisions_undone_and_made_again_keep_one_fact(app: Timeline) -> None:
    lead_id = _two_records(app)
    fact = app.desk.accept(lead_id)
    app.retract(fact.id, "too soon")
    app.retract(f"{lead_id}-accepted", "too soon")
    again = app.desk.accept(lead_id)  # the first fact was retracted: a new one, -2
    assert again.id == f"{fact.id}-2"
    app.retract(f"{lead_id}-accepted-2", "too soon")
    assert app.desk.accept(lead_id).id == again.id  # -2 still counts: it is the fact
    meetings = [e for e in app.list_events(("a", "b")) if e.type == "meeting"]
    assert [e.id for e in meetings] == [again.id]
    app.recording.add_event({"id": "r3", "type": "coded_event", "actor": "a", "target": "b",
                   "on": "2021-11-02", "fields": {"dataset": "icews", "code": "042"},
                   "sources": ["ICEWS event 3 of 2021-11-02, Wire 3, story 3"]})
    app.retract(f"{lead_id}-accepted-3", "too soon")
    other = next(x.id for x in app.desk.leads().leads if x.id != lead_id)
    with pytest.raises(InvalidValue, match="recorded already"):
        app.desk.accept(lead_id, also=[other])


def test_a_correction_is_not_new_evidence_but_a_record_that_comes_to_support_is(
        app: Timeline) -> None:
    lead_id = _two_records(app)
    app.desk.accept(lead_id)
    app.recording.correct("r1", "checked", sources=["checked against the wire"])
    assert app.desk.leads().leads[0].new_evidence == []
    app.recording.add_event({"id": "r3", "type": "coded_event", "actor": "a", "target": "b",
                   "on": "2021-11-01", "fields": {"dataset": "icews", "code": "190"},
                   "sources": ["ICEWS event 3 of 2021-11-01, Wire 3, story 3"]})
    app.recording.correct("r3", "recoded", fields={"code": "043"})  # now it supports the meeting
    assert app.desk.leads().leads[0].new_evidence == ["r3"]
    with pytest.raises(InvalidValue, match="--limit"):
        app.desk.leads(limit=10**7)


def test_an_accepted_lead_whose_fact_is_retracted_is_open_again(app: Timeline) -> None:
    """No fact without a decision, and no acceptance without its fact: retracting the fact
    (found false) opens the lead again; accepting it again makes a new fact."""
    lead_id = _two_records(app)
    fact = app.desk.accept(lead_id)
    app.retract(fact.id, "the wire was wrong")
    (lead,) = app.desk.leads().leads
    assert lead.status == "open"
    again = app.desk.accept(lead_id)
    assert (again.id, app.desk.leads().leads[0].status) == (f"{fact.id}-2", "accepted")
    # Undone by its decision alone, the lead is open and its fact stands: accepting it
    # otherwise would make a second fact of one event, so it is refused, saying how.
    app.retract(f"{lead_id}-accepted-2", "too soon")
    with pytest.raises(InvalidValue, match="timeline correct"):
        app.desk.accept(lead_id, on="2021-10-31")
    app.recording.add_event({"id": "r9", "type": "coded_event", "actor": "a", "target": "c",
                   "on": "2021-11-01", "fields": {"dataset": "icews", "code": "161"},
                   "sources": ["ICEWS event 9 of 2021-11-01, Wire 9, story 9"]})
    (rupture,) = app.desk.leads(("a", "c")).leads
    app.desk.accept(rupture.id)
    app.retract(f"{rupture.id}-accepted", "too soon")
    with pytest.raises(InvalidValue, match="retract it first"):
        app.desk.accept(rupture.id, etype="relations_severed")
