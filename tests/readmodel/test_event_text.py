"""Each version's content kept as text in the read model (domain.event_text): the answers
and lines written from it are, byte for byte, those written from the events it stands for,
on every kind of version (corrected, retracted, unreadable) and on any content."""

from __future__ import annotations

import datetime as dt
import gc
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.app import Timeline
from timeline.app.filters import Asked
from timeline.domain import jsonable
from timeline.domain.event_text import (
    content_text,
    event_form,
    file_line,
    one_shot,
    read_content,
)
from timeline.domain.jsonable import json_list, json_text
from timeline.domain.values import EventData
from timeline.errors import Conflict
from timeline.storage import schema

LONG_ID = "https://example.org/status/1453567689201836033"  # 19 digits in a text


def _record(app: Timeline) -> None:
    app.add_actor("a", "Ålborg")
    app.add_actor("b", "B")
    app.add_actor("c", "C")
    for i, (note, source) in enumerate([("plain", "https://example.org/1"),
                                        ("en dash \u2013 and \u00e9", LONG_ID),
                                        ('quotes " and \\ and \n and \t', "x")]):
        app.add_event({"id": f"e{i}", "type": "statement", "actor": "a", "target": "b",
                       "on": f"2020-01-0{i + 1}", "sources": [source], "note": note,
                       "about": ["c"]})
    app.add_event({"id": "x1", "type": "expulsion", "actor": "a", "target": "b",
                   "on": "2020-02-01", "fields": {"count": 3}, "sources": ["s"]})
    app.add_event({"id": "m1", "type": "meeting", "actor": "a", "target": "b", "via": "c",
                   "on": "2020-03", "sources": [{"url": "https://example.org/m",
                                                 "title": "Talks"}]})
    app.correct("x1", "recount", fields={"count": "4"})
    app.retract("e0", "a mistake")


def test_answers_and_lines_are_those_of_the_events(app: Timeline) -> None:
    _record(app)
    for retracted in (False, True):
        asked = Asked(include_retracted=retracted)
        events = list(app.listings.events(asked))
        answers = list(app.listings.answers(asked))
        assert [json_text(a) for a in answers] == [json_text(e) for e in events]
        assert "".join(json_list(answers)) == "".join(json_list(events))
    lines = [x for x in app.listings.exported_lines() if isinstance(x, str)]
    assert lines == [json.dumps(e.to_file(), ensure_ascii=False)
                     for e in app.listings.events(Asked())]
    assert len(lines) == 4 and '"status": "corrected"' in lines[-2]
    diff = app.diff("a", "b", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert json_text(diff.events) == json_text(list(diff.events)) != "[]"


def test_the_read_model_keeps_what_the_projection_read(app: Timeline) -> None:
    _record(app)
    v = schema.versions
    with app.store.db.reading() as conn:
        rows = conn.execute(v.select().order_by(v.c.event_id, v.c.version)).all()
    for row in rows:
        assert row.content is not None
        event = EventData.from_content(row.event_id, read_content(row.content))
        assert row.content == content_text(event.content())  # its own form, kept whole
    retracted = [r for r in rows if r.status == "retracted"]
    assert [r.event_id for r in retracted] == ["e0"]
    assert read_content(retracted[0].content)["note"] == "plain"  # what it retracted
    assert app.history("x1")[0].event.fields == {"count": 3}
    assert app.history("x1")[1].event.fields == {"count": 4}
    app.rebuild()
    with app.store.db.reading() as conn:
        assert conn.execute(v.select().order_by(v.c.event_id, v.c.version)).all() == rows


_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
_VALUE = st.one_of(_TEXT, st.integers(min_value=-(10**30), max_value=10**30), st.none(),
                   st.floats())  # floats and NaN: none is let in now, an old log may hold
_CONTENT = st.fixed_dictionaries({
    "type": _TEXT, "actor": _TEXT, "target": st.one_of(_TEXT, st.none()), "on": _TEXT,
    "announced": st.none(), "fields": st.dictionaries(_TEXT, _VALUE, max_size=4),
    "sources": st.lists(st.one_of(_TEXT, st.dictionaries(_TEXT, _TEXT, max_size=3)),
                        max_size=3),
    "note": st.one_of(_TEXT, st.none())},
    optional={"about": st.lists(_TEXT, max_size=3), "via": _TEXT})


@given(content=_CONTENT, event_id=_TEXT, status=st.sampled_from(["recorded", "corrected"]))
def test_a_line_is_json_of_the_event_and_the_text_reads_back_exactly(
        content: dict[str, Any], event_id: str, status: str) -> None:
    text = content_text(content)
    text.encode("utf-8")  # the store can hold it
    assert json.dumps(read_content(text)) == json.dumps(content)
    recorded = "2026-12-04T10:00:00.000001Z"
    assert file_line(event_id, text, recorded, status) == json.dumps(
        event_form(event_id, content, recorded, status), ensure_ascii=False)


_OPTIONS = st.fixed_dictionaries({"sort_keys": st.booleans(), "ensure_ascii": st.booleans(),
                                   "allow_nan": st.booleans()})


@given(content=_CONTENT, options=_OPTIONS)
def test_a_one_shot_encoder_writes_what_json_dumps_writes(
        content: dict[str, Any], options: dict[str, bool]) -> None:
    """The canonical text (ids are made from it) and the read model's text are written by
    json's C encoder called directly: byte for byte json.dumps, or the same refusal."""
    try:
        expected: str | type[Exception] = json.dumps(content, **options)
    except ValueError:  # NaN or infinity, with allow_nan=False
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError, match="Out of range float values"):
            one_shot(**options)(content)
    else:
        assert one_shot(**options)(content) == expected


def test_a_one_shot_encoder_refuses_what_json_dumps_refuses() -> None:
    encode = one_shot(sort_keys=True)
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        encode({"fields": {"x": {1}}})
    with pytest.raises(TypeError, match="not supported between instances"):
        encode({1: 2, "a": 3})  # keys json cannot sort, as json.dumps(sort_keys=True)
    assert encode({"b": [1, None, True], "a": "\u00e9\n"}) == json.dumps(
        {"b": [1, None, True], "a": "\u00e9\n"}, sort_keys=True)


def test_what_orjson_would_read_otherwise_is_read_by_json() -> None:
    # A number past 64 bits, which orjson reads as a float (equal to it, written otherwise),
    # and a lone surrogate, which orjson does not read.
    for content in ({"n": 2**64}, {"n": -(2**63) - 1}, {"t": "\ud800"}, {"t": "1" * 19},
                    {"n": 2**62}, {"n": float("nan")}, {"n": [float("-inf"), 1e-7]}):
        text = content_text(content)
        text.encode("utf-8")
        assert json.dumps(read_content(text)) == json.dumps(content)
    assert read_content(None) is None
    assert read_content("{damaged") is None  # the event shows as unreadable


def test_content_json_cannot_write_makes_the_event_unreadable_not_the_store(
        app: Timeline) -> None:
    """Content no version lets in (a nested time, a depth json cannot write) that an
    earlier version's log could hold: the event is unreadable (``check`` says so), not the
    store, and answers say the same of it everywhere."""
    _record(app)
    _tamper(app, "e1", lambda content: content["fields"].update(
        when={"_type_": "datetime_iso", "_data_": "2020-01-01T00:00:00+00:00"}))
    # As deep as json reads and cannot write again within the projection's own frames.
    _tamper(app, "e2", lambda content: content["fields"].update(deep="RAW"),
            "[" * 985 + "]" * 985)
    findings = {(f.kind, event) for f in app.check() for event in f.events}
    assert {("unreadable", "e1"), ("unreadable", "e2")} <= findings
    listed = [e for e in app.listings.events(Asked(include_retracted=True))
              if e.id in ("e1", "e2")]
    answers = [a for a in app.listings.answers(Asked(include_retracted=True))
               if a["id"] in ("e1", "e2")]
    assert [e.to_json() for e in listed] == answers
    assert app.state("a", "b", dt.date(2021, 1, 1)) is not None


def test_a_listing_writes_each_event_as_it_would_be_written_alone() -> None:
    # orjson refuses an integer past 64 bits: json writes that event, and only that one
    # (json would write the others' floats otherwise: 1e-07, not 1e-7).
    items = [{"n": 1e-7}] * 3 + [{"n": 2**70}] + [{"n": 1e-7}] * (jsonable.LIST_BATCH + 5)
    alone = "[\n  " + ",\n  ".join(json_text(i).replace("\n", "\n  ") for i in items)
    assert "".join(json_list(items)) == alone + "\n]\n"
    assert "".join(json_list(items)).count("1e-7") == len(items) - 1


def _tamper(app: Timeline, event_id: str, change: Any, raw: str = "") -> None:
    """Change what the log's entry of an event says (as another version might have written
    it), then make the read model again from the log; ``raw``: JSON text written in place
    of the text "RAW"."""
    with app.store.db.writing() as conn:
        driver: Any = conn.connection.driver_connection
        table = "stored_events" if app.config.backend == "sqlite" else "timeline_events"
        mark = "?" if app.config.backend == "sqlite" else "%s"
        (state,) = driver.execute(f"SELECT state FROM {table} WHERE originator_id = {mark}",
                                  (f"event:{event_id}",)).fetchone()
        entry = json.loads(bytes(state))
        change(entry["content"])
        driver.execute(f"UPDATE {table} SET state = {mark} WHERE originator_id = {mark}",
                       (json.dumps(entry, separators=(",", ":")).replace('"RAW"', raw)
                        .encode(), f"event:{event_id}"))
    app.rebuild()


def test_what_the_log_holds_is_what_a_record_is_compared_with(app: Timeline) -> None:
    _record(app)
    raw = {"id": "m1", "type": "meeting", "actor": "a", "target": "b", "via": "c",
           "on": "2020-03", "sources": [{"url": "https://example.org/m", "title": "Talks"}]}
    assert not app.add_event(raw)[1]  # the same record: stored already
    _tamper(app, "m1", lambda content: content.update(extra="another version's key"))
    assert app.event("m1").to_json()["via"] == "c"  # read as this version reads it
    with pytest.raises(Conflict, match="already exists with different content"):
        app.add_event(raw)


def test_a_float_the_log_holds_is_listed_as_json_writes_it(app: Timeline) -> None:
    _record(app)
    _tamper(app, "e1", lambda content: content["fields"].update(tone=float("nan"), w=1e-7))
    (found,) = [a for a in app.listings.answers(Asked()) if a["id"] == "e1"]
    assert json_text(found).count('"tone": null') == 1 and '"w": 1e-7' in json_text(found)
    lines = [x for x in app.listings.exported_lines() if isinstance(x, str)]
    assert any('"tone": NaN' in line for line in lines)  # json.dumps's own, as before


def test_a_listing_stopped_half_way_leaves_the_store_as_it_was(app: Timeline) -> None:
    _record(app)
    stopped = app.listings.events(Asked())
    assert next(stopped).id == "e1"
    stopped.close()
    for _ in range(3):  # on PostgreSQL, from a server-side cursor the first left open
        listing = app.listings.answers(Asked(include_retracted=True))
        assert [a["id"] for a in listing][:2] == ["e0", "e1"]
        assert app.state("a", "b", dt.date(2021, 1, 1)).facts
    gc.collect()
    assert len(app.list_events()) == 4
