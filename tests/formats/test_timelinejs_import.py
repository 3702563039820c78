"""TimelineJS documents as people write them, read as events (no store), and our export as
a page opens it.

The published files are TimelineJS's own examples and templates, NUKnightLab/TimelineJS3
(snapshot 27f700e, MPL-2.0), in ../shared/data/field/timelinejs/ (see its README): used as
published, never edited.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import needs_field, refusal, write_file
from timelinejs_spec import problems

from timeline.domain.records import Item
from timeline.domain.validation import MAX_NOTE, validate_event
from timeline.domain.values import ActorData, EventData
from timeline.errors import InvalidValue
from timeline.interchange import timelinejs
from timeline.interchange.timelinejs import SlideEvents
from timeline.interchange.timelinejs_slides import plain_text, slide_event

pytestmark = needs_field

FIELD = Path(__file__).resolve().parents[3] / "shared" / "data" / "field" / "timelinejs"
SPEC = SlideEvents("whitney", "public", "statement")
BEFORE_1000 = "start_date before the year 1000"

# Each published file: slides read, events made, slides skipped by reason.
PUBLISHED = {
    "examples__houston__timeline2.json": (18, 18, {}),  # TimelineJS 2 (timeline.date)
    "examples__houston__timeline3.json": (18, 18, {}),
    "examples__timeline3.json": (18, 18, {}),
    "examples__twain__marktwain.json": (17, 17, {}),
    "static__welcome__welcome.json": (17, 17, {}),  # {"timeline": {"slides": ...}}
    "template__all-media-types.json": (41, 41, {}),
    "template__cosmo-mixed.json": (11, 5, {BEFORE_1000: 6}),
    "template__cosmo.json": (7, 0, {BEFORE_1000: 7}),
    "template__eras.json": (20, 0, {BEFORE_1000: 20, "TimelineJS era, not an event": 3}),
}


def events_of(items: list[Item]) -> list[dict[str, Any]]:
    return [record.data for kind, record in items if kind == "event"]


def skips_of(items: list[Item]) -> dict[str, int]:
    return dict(Counter(record.data["reason"] for kind, record in items if kind == "skip"))


def one(slide: object, spec: SlideEvents = SPEC) -> Item:
    return slide_event("f.json: events[0]", slide, spec)


def test_the_published_files_are_all_there() -> None:
    assert sorted(p.name for p in FIELD.glob("*.json")) == sorted(PUBLISHED)


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_each_published_file_reads_as_events_or_reasons(name: str) -> None:
    slides, made, skipped = PUBLISHED[name]
    items = list(timelinejs.read(FIELD / name, slides=SPEC))
    events = events_of(items)
    assert len(events) == made and skips_of(items) == skipped
    assert len(events) + sum(n for why, n in skipped.items() if "era" not in why) == slides
    for event in events:  # every one passes the gate, as the import will check it
        validate_event(event, {"whitney", "public"})


def test_timelinejs_2_reads_as_its_timelinejs_3_version() -> None:
    two = events_of(list(timelinejs.read(FIELD / "examples__houston__timeline2.json",
                                         slides=SPEC)))
    three = events_of(list(timelinejs.read(FIELD / "examples__houston__timeline3.json",
                                           slides=SPEC)))
    assert two == three


def test_a_published_slide_in_full() -> None:
    first = events_of(list(timelinejs.read(FIELD / "examples__twain__marktwain.json",
                                           slides=SPEC)))
    hannibal = first[2]
    assert hannibal == {
        "type": "statement", "actor": "whitney", "target": "public", "on": "1920-01-05",
        "sources": [{"url": "http://instagram.com/p/lEPdm4J20m/",
                     "title": "Mark Twain's boyhood home in Hannibal, Missouri."}],
        "note": "Hannibal, Missouri. Moves to Hannibal, Missouri, which later serves as the "
                "model town for Tom Sawyer and Huckleberry Finn. (end date: 1923-01-05 "
                "06:45:56; time: 06:45:56)",
    }
    assert first[-1]["on"] == "2014"  # month, day and time given blank: a year, no day made up


def test_published_skips_name_the_year() -> None:
    items = list(timelinejs.read(FIELD / "template__cosmo.json", slides=SPEC))
    assert items[0][1].data == {"reason": BEFORE_1000, "example": "year -13800000000"}
    assert items[0][1].where.endswith("template__cosmo.json: events[0]")


@pytest.mark.parametrize(("date", "on"), [
    ({"year": "1978"}, "1978"),
    ({"year": 1963, "month": 8, "day": 9}, "1963-08-09"),
    ({"year": "1908", "month": "05", "day": "13"}, "1908-05-13"),
    ({"year": 1904, "month": "6", "day": ""}, "1904-06"),
    ({"year": 2000.0, "month": None, "display_date": "Y2K"}, "2000"),
])
def test_dates_keep_the_precision_they_give(date: dict[str, object], on: str) -> None:
    kind, record = one({"start_date": date})
    assert kind == "event" and record.data["on"] == on


@pytest.mark.parametrize(("slide", "reason", "example"), [
    ({}, "no start_date", ""),
    ({"start_date": {"year": ""}}, "invalid start_date", "no year"),
    ({"start_date": " "}, "no start_date", ""),
    ({"start_date": "1978"}, "invalid start_date", "not a date object: '1978'"),
    ({"start_date": {"month": 3}}, "invalid start_date", "no year"),
    ({"start_date": {"year": "-4600000000"}}, BEFORE_1000, "year -4600000000"),
    ({"start_date": {"year": 3050}}, "start_date after the year 2999", "year 3050"),
    ({"start_date": {"year": 2021, "month": 13}}, "invalid start_date", "month 13"),
    ({"start_date": {"year": 2021, "month": 2, "day": 30}}, "invalid start_date", "2021-02-30"),
    ({"start_date": {"year": 2021, "day": 3}}, "invalid start_date", "day 3 without a month"),
    ({"start_date": {"year": "MMXXI"}}, "invalid start_date", "year 'MMXXI'"),
    ({"start_date": {"year": True}}, "invalid start_date", "year True"),
    ({"start_date": {"year": 2021, "hour": 6}}, "invalid start_date",
     "a time of day in 2021, without a day"),
    ({"start_date": {"year": 2021, "month": 1, "day": 1, "hour": 25}}, "invalid start_date",
     "time 25:0:0"),
    ({"start_date": {"year": 2021, "month": 1, "day": 1, "minute": 5}}, "invalid start_date",
     "minutes without an hour"),
    ({"start_date": {"year": 2021}, "end_date": {"year": 2022, "month": 0}},
     "invalid end_date", "month 0"),
    ("a slide", "TimelineJS slide that is not a JSON object", "'a slide'"),
])
def test_slides_without_a_usable_date_are_skipped_never_guessed(
        slide: object, reason: str, example: str) -> None:
    kind, record = one(slide)
    assert kind == "skip" and record.data == {"reason": reason, "example": example}


def test_the_note_is_plain_text_with_what_we_have_no_place_for() -> None:
    _, record = one({
        "start_date": {"year": 2021, "month": 10, "day": 18, "hour": 9, "minute": 5,
                       "display_date": "<b>18 Oct</b>"},
        "end_date": {"year": "-251902000"},
        "text": {"headline": "Lavrov <em>speaks</em>",
                 "text": "<p>Russia&rsquo;s answer:</p><p>no&nbsp;more\n  missions</p>"
                         "<script>x()</script>"},
        "group": " <i>Moscow</i> ",
    })
    assert record.data["note"] == (
        "Lavrov speaks. Russia\u2019s answer: no more missions (group: Moscow; end date: "
        "-251902000; time: 09:05; date shown as: 18 Oct)")
    assert one({"start_date": {"year": 2021}, "text": {"headline": "Done.", "text": "Yes"}}
               )[1].data["note"] == "Done. Yes"
    assert one({"start_date": {"year": 2021}, "text": "just words"})[1].data["note"] == \
        "just words"
    assert one({"start_date": {"year": 2021}})[1].data["note"] is None


def test_a_long_slide_is_cut_to_our_note_bound_and_says_so() -> None:
    _, record = one({"start_date": {"year": 2021}, "group": "G",
                     "text": {"text": "word " * 3000}})
    note = record.data["note"]
    assert len(note) == MAX_NOTE
    assert note.endswith("… [cut: the slide's text has 14,999 characters] (group: G)")


def test_media_and_links_are_the_sources() -> None:
    _, record = one({
        "start_date": {"year": 2021},
        "media": {"url": "//upload.wikimedia.org/a.jpg", "caption": "A <i>map</i>",
                  "credit": "<a href='http://x.org'>X</a>"},
        "text": {"text": 'See <a href="https://nato.int/a">this</a> and '
                         '<a href="javascript:alert(1)">that</a> and '
                         '<a href="https://nato.int/a">again</a>.'},
    })
    assert record.data["sources"] == [
        {"url": "https://upload.wikimedia.org/a.jpg", "title": "A map", "publisher": "X"},
        {"url": "https://nato.int/a"},
    ]
    for media, source in [
        ({"url": "/static/img/family.jpg", "credit": "Tom"}, "media: /static/img/family.jpg; Tom"),
        ({"url": "<blockquote>To be <b>or</b> not</blockquote>"}, "media: To be or not"),
        ({"url": "x" * 3000}, "media: " + "x" * 1992 + "…"),
    ]:
        assert one({"start_date": {"year": 2021}, "media": media})[1].data["sources"] == [source]
    assert one({"start_date": {"year": 2021}, "media": {"url": ""}})[1].data["sources"] == []


def test_plain_text_of_html() -> None:
    assert plain_text("a<br>b<p>c</p>d &amp; e") == ("a b c d & e", [])
    assert plain_text(None) == ("", [])
    assert plain_text("<a href=' https://a.org/x '>a</a><a href='https://a b'>b</a>")[1] == [
        {"url": "https://a.org/x"}]


@pytest.mark.parametrize(("args", "message"), [
    (("a", None, "expulsion"), "type 'expulsion' needs field(s) count, which a slide does "
     "not give; use one of: relations_established"),
    (("a", None, "meeting"), "type 'meeting' needs a target actor"),
    (("a", "a", "statement"), "a relationship needs two different actors, got 'a' twice"),
    (("a", None, "statment"), "unknown event type 'statment' (did you mean 'statement'?)"),
])
def test_slide_types_must_be_ones_a_slide_can_make(args: tuple[str, str | None, str],
                                                   message: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        SlideEvents.checked(*args)
    assert refusal(exc).startswith(message)
    assert SlideEvents.checked("a", None, "statement") == SlideEvents("a", None, "statement")


def test_layouts_other_than_timelinejs_are_refused(tmp_path: Path) -> None:
    for doc in ({"timeline": {"headline": "x"}}, {"slides": []}, "text"):
        path = write_file(tmp_path, "t.json", json.dumps(doc))
        with pytest.raises(InvalidValue) as exc:
            list(timelinejs.read(path, slides=SPEC))
        assert refusal(exc) == f"{path}: not a TimelineJS document (no 'events' list)"
    path = write_file(tmp_path, "t.json", json.dumps({"events": [], "eras": {}}))
    with pytest.raises(InvalidValue) as exc:
        list(timelinejs.read(path))
    assert refusal(exc) == f"{path}: 'eras' must be a list"


def test_only_documents_without_our_events_need_an_actor(tmp_path: Path) -> None:
    ours = write_file(tmp_path, "ours.json", "".join(timelinejs.write([NATO], [EXPEL])))
    mixed = json.loads(ours.read_text(encoding="utf-8"))
    mixed["events"].append({"start_date": {"year": 2022}})
    both = write_file(tmp_path, "both.json", json.dumps(mixed))
    empty = write_file(tmp_path, "empty.json", json.dumps({"events": []}))
    assert timelinejs.foreign_document([ours, both, empty]) is None
    assert timelinejs.foreign_document([ours, FIELD / "template__cosmo.json"]) == \
        FIELD / "template__cosmo.json"
    items = list(timelinejs.read(both, slides=SlideEvents("nato")))
    assert [kind for kind, _ in items] == ["actor", "event", "event"]
    assert events_of(items)[1]["on"] == "2022"


# -- the export, as a TimelineJS page opens it ----------------------------------------------

NATO = ActorData("nato", "NATO", "organization")
RUSSIA = ActorData("russia", "Russia & co <b>", "state")
OPENED = EventData(id="opened", type="post_opened", actor="russia", target="nato",
                   on="1998", fields={"post": "m", "kind": "mission", "location": "Brussels"})
EXPEL = EventData(id="expel", type="expulsion", actor="nato", target="russia",
                  on="2021-10-06", fields={"count": 8, "post": "m"})
CLOSED = EventData(id="closed", type="mission_recall", actor="russia", target="nato",
                   on="2021-11-01", fields={"post": "m"})
SIGNED = EventData(id="signed", type="agreement_signed", actor="nato", target="russia",
                   on="1997-05", fields={"agreement": "fa", "name": "Founding Act"})
SAID = EventData(id="said", type="statement", actor="nato", target=None, on="2021")


def test_the_export_is_a_document_timelinejs_opens() -> None:
    doc = timelinejs.to_timelinejs([NATO, RUSSIA], [SIGNED, OPENED, SAID, EXPEL, CLOSED])
    assert problems(doc) == []
    assert doc["title"]["text"]["headline"] == "NATO - Russia &amp; co &lt;b&gt;"
    groups = [slide["group"] for slide in doc["events"]]
    assert groups == [
        "agreement: Founding Act",
        "post: Russia \uff06 co \u2039b\u203a's mission to NATO (Brussels)",  # no markup
        "NATO",
        *["post: Russia \uff06 co \u2039b\u203a's mission to NATO (Brussels)"] * 2,
    ]
    assert doc["timeline_actors"] == [NATO.to_json(), RUSSIA.to_json()]


def test_each_fact_interval_is_an_era() -> None:
    doc = timelinejs.to_timelinejs([NATO, RUSSIA], [SIGNED, OPENED, EXPEL, CLOSED])
    eras = {(e["timeline"]["subject"], e["timeline"]["attribute"], e["timeline"]["start"]): e
            for e in doc["eras"]}
    assert len(eras) == 7  # agreement status; post status x2, sender, host, expelled; pair
    opened = eras[("post:m", "status", "1998")]
    assert opened["start_date"] == {"year": "1998", "display_date": "1998"}
    assert opened["end_date"] == {"year": "2021", "month": "11", "day": "1",
                                  "display_date": "1 November 2021"}
    assert opened["timeline"]["end"] == "2021-11-01" and opened["timeline"]["value"] == "open"
    recalled = eras[("post:m", "status", "2021-11-01")]
    assert recalled["end_date"] == {"year": "2022", "display_date": "no end recorded"}
    assert recalled["timeline"]["end"] is None
    assert recalled["text"]["headline"].endswith(" - status: suspended")
    assert eras[("post:m", "host", "1998")]["text"]["headline"].endswith(" - host: NATO")
    pair = eras[("relationship", "expelled:russia", "2021-10-06")]
    assert pair["text"]["headline"] == (
        "relationship: NATO - Russia &amp; co &lt;b&gt; - expelled (Russia &amp; co "
        "&lt;b&gt;): 8")
    signed = eras[("agreement:fa", "status", "1997-05")]
    assert signed["text"]["headline"] == "agreement: Founding Act - status: signed"


def test_an_era_never_ends_where_timelinejs_would_take_it_for_its_start() -> None:
    # A year-precise start and a later date in the same year: TimelineJS compares only the
    # start's keys, so the display date has to tell them apart.
    later = EventData(id="later", type="mission_recall", actor="russia", target="nato",
                      on="1998-03-02", fields={"post": "m"})
    doc = timelinejs.to_timelinejs([NATO, RUSSIA], [OPENED, later])
    assert problems(doc) == []


def test_many_actors_are_counted_in_the_title() -> None:
    actors = [ActorData(f"a{i}", f"A{i}") for i in range(5)]
    doc = timelinejs.to_timelinejs(actors, [SAID])
    assert doc["title"]["text"]["headline"] == "A0 - A1 - A2 - 2 other actor(s)"
