"""Inconsistencies found by folding effects over plain events (no store)."""

from __future__ import annotations

from typing import Any

from timeline.domain.checks import DEFAULT_MAX_GAP_DAYS, find_inconsistencies
from timeline.domain.findings import Finding
from timeline.domain.values import EventData


def ev(event_id: str, type_: str, on: str, *, actor: str = "russia",
       target: str | None = "nato", announced: str | None = None, **fields: Any) -> EventData:
    return EventData(id=event_id, type=type_, actor=actor, target=target, on=on,
                     announced=announced, fields=dict(fields), sources=["a source"])


def opened(event_id: str = "open", on: str = "2000-01-01", post: str = "m", **more: Any
           ) -> EventData:
    """NATO's post at Russia, from which Russia (``ev``'s default actor) expels."""
    more = {"actor": "nato", "target": "russia", **more}
    return ev(event_id, "post_opened", on, post=post, kind="mission", **more)


def findings(*events: EventData, max_gap_days: int = DEFAULT_MAX_GAP_DAYS) -> list[Finding]:
    return list(find_inconsistencies(events, max_gap_days))


def kinds(*events: EventData, max_gap_days: int = DEFAULT_MAX_GAP_DAYS) -> list[str]:
    return [f.kind for f in findings(*events, max_gap_days=max_gap_days)]


def test_a_consistent_history_has_no_findings() -> None:
    assert findings(
        opened(staff_cap=20),
        ev("cap", "staff_cap", "2021-10-06", post="m", cap=10),
        ev("expel", "expulsion", "2021-11-01", post="m", count=8, announced="2021-10-06"),
        ev("recall", "mission_recall", "2021-11-01", post="m"),
        ev("close", "office_closure", "2022-01-01", post="m"),
        ev("stmt", "statement", "2022-01-02", target=None),
        ev("rel", "relations_suspended", "2022-01-03"),
    ) == []


def test_an_empty_record_has_no_findings() -> None:
    assert findings() == []


def test_likely_duplicate_names_both_events() -> None:
    result = findings(ev("a", "relations_suspended", "2021-11-01"),
                      ev("b", "relations_suspended", "2021-11-01"))
    assert result == [Finding("likely_duplicate", "2021-11-01", ["a", "b"],
                              "two relations_suspended events by russia toward nato on "
                              "2021-11-01")]


def test_likely_duplicate_names_the_subject() -> None:
    result = findings(opened(), ev("a", "office_closure", "2021-11-01", post="m"),
                      ev("b", "office_closure", "2021-11-01", post="m"))
    duplicate = next(f for f in result if f.kind == "likely_duplicate")
    assert duplicate.events == ["a", "b"]
    assert duplicate.message == ("two office_closure events by russia toward nato on post:m "
                                 "on 2021-11-01")


def test_coded_records_and_decisions_are_not_duplicates_of_each_other() -> None:
    # Two stories coded the same day are two rows of evidence (a lead counts them).
    coded = [ev(name, "coded_event", "2018-06-01", target="china", dataset="icews", code=code)
             for name, code in (("c1", "020"), ("c2", "030"), ("c3", "020"))]
    statements = [ev(name, "statement", "2018-06-01", target="china") for name in ("s1", "s2")]
    assert [f.events for f in findings(*coded, *statements)
            if f.kind == "likely_duplicate"] == [["s1", "s2"]]


def test_the_first_of_several_repeats_is_named_each_time() -> None:
    events = [ev(name, "relations_suspended", "2021-11-01") for name in "abc"]
    assert [f.events for f in findings(*events)] == [["a", "b"], ["a", "c"]]


def test_no_duplicate_when_subject_date_actor_target_or_type_differ() -> None:
    assert "likely_duplicate" not in kinds(
        opened(), opened("open2", post="n"),
        ev("a", "office_closure", "2021-11-01", post="m"),
        ev("b", "office_closure", "2021-11-01", post="n"),
        ev("c", "relations_suspended", "2021-11-01"),
        ev("d", "relations_suspended", "2021-11-02"),
        ev("e", "relations_suspended", "2021-11-01", actor="nato", target="russia"),
        ev("f", "relations_suspended", "2021-11-01", target="belgium"),
        ev("g", "relations_severed", "2021-11-01"),
    )


def test_announced_far_from_on_counts_the_days() -> None:
    result = findings(ev("a", "relations_suspended", "2021-11-01", announced="2020-10-31"))
    assert result == [Finding("announced_far_from_on", "2021-11-01", ["a"],
                              "announced 2020-10-31, 366 days before it took effect")]


def test_announced_exactly_the_gap_before_is_no_finding() -> None:
    assert findings(ev("a", "relations_suspended", "2021-11-01", announced="2020-11-01")) == []


def test_the_gap_is_a_parameter_and_reads_partial_dates() -> None:
    late = ev("a", "relations_suspended", "2021-11", announced="2021-10-01")
    assert kinds(late, max_gap_days=30) == ["announced_far_from_on"]
    assert findings(late, max_gap_days=31) == []


def test_touching_a_post_before_it_was_opened() -> None:
    result = findings(ev("cap", "staff_cap", "2021-01-01", post="m", cap=3))
    assert result == [Finding("before_opened", "2021-01-01", ["cap"],
                              "staff_cap touches post:m before it was opened")]


def test_before_opened_is_reported_once_per_post() -> None:
    result = findings(ev("cap", "staff_cap", "2021-01-01", post="m", cap=3),
                      ev("recall", "mission_recall", "2021-02-01", post="m"),
                      ev("other", "mission_recall", "2021-02-01", post="n"))
    assert [(f.kind, f.events) for f in result] == [
        ("before_opened", ["cap"]), ("before_opened", ["other"]),
    ]


def test_posts_are_told_apart_by_relationship() -> None:
    result = findings(opened(), ev("x", "office_closure", "2021-01-01", post="m",
                                   target="belgium"))
    assert [(f.kind, f.events) for f in result] == [("before_opened", ["x"])]


def test_the_order_of_actors_does_not_make_another_relationship() -> None:
    assert findings(opened(), ev("x", "office_closure", "2021-01-01", post="m",
                               actor="nato", target="russia")) == []


def test_expulsions_without_post_touch_no_post() -> None:
    assert findings(ev("x", "expulsion", "2021-01-01", count=50)) == []


def test_expulsion_from_a_closed_post() -> None:
    result = findings(opened(), ev("close", "office_closure", "2021-01-01", post="m"),
                      ev("expel", "expulsion", "2021-02-01", post="m", count=2))
    assert result == [Finding("expulsion_from_closed_post", "2021-02-01", ["expel"],
                              "expulsion of 2 from post:m, which is closed on 2021-02-01")]


def test_expulsion_after_reopening_is_fine() -> None:
    assert findings(opened(), ev("close", "office_closure", "2021-01-01", post="m"),
                    ev("reopen", "post_reopened", "2021-06-01", post="m"),
                    ev("expel", "expulsion", "2021-07-01", post="m", count=2)) == []


def test_more_expelled_at_once_than_the_cap() -> None:
    result = findings(opened(), ev("cap", "staff_cap", "2021-01-01", post="m", cap=10),
                      ev("expel", "expulsion", "2021-02-01", post="m", count=11))
    assert result == [Finding("cap_below_expelled", "2021-02-01", ["expel"],
                              "11 expelled at once from post:m, whose staff cap is 10")]


def test_expelling_as_many_as_the_cap_is_fine() -> None:
    assert findings(opened(staff_cap=10),
                    ev("expel", "expulsion", "2021-02-01", post="m", count=10)) == []


def test_a_closed_post_over_its_cap_gives_both_findings() -> None:
    result = kinds(opened(staff_cap=1), ev("close", "office_closure", "2021-01-01", post="m"),
                   ev("expel", "expulsion", "2021-02-01", post="m", count=5))
    assert result == ["expulsion_from_closed_post", "cap_below_expelled"]


def test_closing_a_closed_post_names_the_first_closure() -> None:
    result = findings(opened(), ev("c1", "office_closure", "2021-01-01", post="m"),
                      ev("c2", "office_closure", "2021-03-01", post="m"))
    assert result == [Finding("closed_twice", "2021-03-01", ["c1", "c2"],
                              "post:m is closed again though already closed")]


def test_the_latest_closure_is_named_after_a_reopening() -> None:
    result = findings(opened(), ev("c1", "office_closure", "2021-01-01", post="m"),
                      ev("r", "post_reopened", "2021-02-01", post="m"),
                      ev("c2", "office_closure", "2021-03-01", post="m"),
                      ev("c3", "office_closure", "2021-04-01", post="m"))
    assert [(f.kind, f.events) for f in result] == [("closed_twice", ["c2", "c3"])]


def test_a_post_opened_without_target_is_kept_under_its_actor() -> None:
    events = [opened(actor="russia", target=None), ev("x", "office_closure", "2021-01-01", post="m",
                                      target=None)]
    assert findings(*events) == []


def test_findings_come_as_they_are_found() -> None:
    def events() -> Any:
        yield ev("a", "relations_suspended", "2021-11-01")
        yield ev("b", "relations_suspended", "2021-11-01")
        raise AssertionError("read past the first finding")

    first = next(iter(find_inconsistencies(events())))
    assert first.kind == "likely_duplicate"


def test_events_setting_one_fact_on_overlapping_dates_when_one_is_a_span() -> None:
    suspended = ev("sus", "relations_suspended", "2021-10-01/2021-11-30")
    restored = ev("res", "relations_restored", "2021-11-15")
    assert findings(suspended, restored) == [Finding(
        "order_unknown", "2021-11-15", ["sus", "res"],
        "sus and res set relationship.relations to suspended and established on overlapping "
        "dates: which came last is not known")]
    # Apart, the same value, counts, exact days, or another relationship: order is known.
    assert kinds(suspended, ev("res", "relations_restored", "2021-12-01")) == []
    assert kinds(suspended, ev("sus2", "relations_suspended", "2021-11-15")) == []
    assert kinds(ev("a", "relations_suspended", "2021-11-15"),
                 ev("b", "relations_restored", "2021-11-15")) == []
    assert kinds(ev("a", "expulsion", "2021-10-01/2021-11-30", count=2),
                 ev("b", "expulsion", "2021-11-15", count=3)) == []
    assert kinds(suspended, ev("res", "relations_restored", "2021-11-15", target="eu")) == []
    # No later than a day reaches back without bound; no earlier than, forward.
    assert kinds(ev("seen", "relations_established", "../2021-11-30"),
                 ev("sus", "relations_suspended", "1990")) == ["order_unknown"]
    assert kinds(ev("sus", "relations_suspended", "1990"),
                 ev("after", "relations_restored", "2021-11-01/..")) == []


def test_expelling_staff_from_a_post_one_sends_oneself() -> None:
    own = ev("expel", "expulsion", "2021-10-06", actor="nato", target="russia", post="m",
             count=8)
    assert [f.events for f in findings(opened(), own)
            if f.kind == "expelled_from_own_post"] == [["expel"]]
    assert findings(opened(), ev("expel", "expulsion", "2021-10-06", post="m", count=8)) == []


def test_a_fact_without_a_source_is_a_note_and_a_statement_needs_none() -> None:
    bare = EventData(id="rel", type="relations_suspended", actor="russia", target="nato",
                     on="2021-10-18")
    said = EventData(id="said", type="statement", actor="russia", target=None,
                     on="2021-10-18")
    found = findings(bare, said)
    assert [(f.kind, f.events, f.severity) for f in found] == [
        ("unsourced", ["rel"], "note")]
    assert "timeline correct rel --source" in found[0].message
