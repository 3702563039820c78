"""The one-actor report's data: how each edge looks over time, and the bound on its size."""

from __future__ import annotations

from timeline.domain.histories import Interval
from timeline.domain.vocabulary import RELATIONSHIP
from timeline.views.actor_report import bounded, edges
from timeline.views.palette import style_of


def iv(subject: str, attribute: str, value: str | int, start: str,
       end: str | None = None) -> Interval:
    return Interval(subject, attribute, value, start, end, start, "e")


def test_an_edge_changes_look_only_where_the_relationship_does() -> None:
    found = [iv("post:m", "status", "open", "1998-01-01"),
             iv("post:m", "staff_cap", 30, "1998-01-01", "2018-03-27"),
             iv("post:m", "staff_cap", 20, "2018-03-27"),  # no new look: still no relations
             iv(RELATIONSHIP, "relations", "established", "2000-01-01", "2021-11-01"),
             iv(RELATIONSHIP, "relations", "suspended", "2021-11-01")]
    found += [iv("post:m", "sender", "nato", "1998-01-01")]
    looks = edges(found, {"russia": "Russia"}, "russia")
    # The edge says the pair's ties (NATO's post at Russia), not only its relations.
    assert [(e["start"], e["end"], e["label"]) for e in looks] == [
        (None, "1998-01-01", "no facts"), ("1998-01-01", "2000-01-01", "post at Russia"),
        ("2000-01-01", "2021-11-01", "established; post at Russia"),
        ("2021-11-01", None, "suspended; post at Russia")]
    assert looks[-1]["colour"] == style_of("suspended").colour
    assert looks[-1]["dasharray"] == "6,3" and looks[2]["dasharray"] == "none"
    assert edges([], {}) == [{"start": None, "end": None, "colour": "#CCCCCC",
                              "dasharray": "1.5,2.5", "width": 1.0, "label": "no facts"}]


def test_a_page_holds_at_most_so_many_intervals_the_relationships_own_first() -> None:
    found = {"b": [iv("post:m", "expelled", n, f"20{n:02d}-01-01") for n in range(10)]
             + [iv("post:m", "status", "open", "2000-01-01")],
             "c": [iv(RELATIONSHIP, "relations", "established", "2001-01-01")]}
    kept, left_out = bounded(found, limit=3)
    assert left_out == 9
    assert kept["c"] == found["c"]
    assert [(i.attribute, i.value) for i in kept["b"]] == [("expelled", 0), ("status", "open")]
    assert bounded(found) == (found, 0)
