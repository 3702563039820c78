"""The field's formats: TimelineJS, PLOVER, ICEWS, actor maps, and the format registry
(no store)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import refusal, write_file

from timeline.domain.values import ActorData, EventData, Item, Record
from timeline.errors import InvalidValue
from timeline.interchange import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    estimate_records,
    expand_paths,
    icews,
    iter_records,
    load_actor_map,
    plover,
    takes_actor_map,
    timelinejs,
    write,
)

NATO = ActorData("nato", "NATO", "organization")
RUSSIA = ActorData("russia", "Russia", "state")
EXPEL = EventData(
    id="expel", type="expulsion", actor="nato", target="russia", on="2021-11-01",
    announced="2021-10-06", fields={"count": 8, "post": "m"},
    sources=["Reuters", {"url": "https://tass.com/x", "title": "T<b>"}], note="Eight <go>.",
)
STATEMENT = EventData(id="s", type="statement", actor="nato", target=None, on="2021")
MONTH = EventData(id="m", type="relations_suspended", actor="russia", target="nato",
                  on="2021-10")


def events_of(items: list[Item]) -> list[dict[str, object]]:
    return [record.data for kind, record in items if kind == "event"]


def skips_of(items: list[Item]) -> list[str]:
    return [record.data["reason"] for kind, record in items if kind == "skip"]


# TimelineJS --------------------------------------------------------------------------------

def test_timelinejs_slides_carry_dates_to_their_precision() -> None:
    doc = timelinejs.to_timelinejs([NATO, RUSSIA], [EXPEL, STATEMENT, MONTH])
    dates = [slide["start_date"] for slide in doc["events"]]
    assert dates == [
        {"year": "2021", "month": "11", "day": "1", "display_date": "1 November 2021"},
        {"year": "2021", "display_date": "2021"},
        {"year": "2021", "month": "10", "display_date": "October 2021"},
    ]


def test_timelinejs_slides_escape_text_and_link_only_web_sources() -> None:
    doc = timelinejs.to_timelinejs([NATO, ActorData("russia", "<Russia>", "state")], [EXPEL])
    slide = doc["events"][0]
    assert slide["unique_id"] == "expel"
    assert slide["group"] == "post:m"
    assert slide["text"]["headline"] == "expulsion: NATO → &lt;Russia&gt; (count 8, post m)"
    assert slide["text"]["text"] == (
        "<p>Eight &lt;go&gt;.</p><p>Announced 2021-10-06.</p><p>Source: Reuters</p>"
        '<p>Source: <a href="https://tass.com/x">T&lt;b&gt;</a></p>'
    )
    assert doc["title"]["text"]["headline"] == "&lt;Russia&gt; - NATO"


def test_timelinejs_without_actors_or_details() -> None:
    doc = timelinejs.to_timelinejs([], [STATEMENT])
    assert doc["title"]["text"]["headline"] == "timeline"
    assert doc["events"][0]["text"] == {"headline": "statement: nato", "text": ""}
    assert doc["events"][0]["group"] == "relationship"


def test_timelinejs_carries_our_event_without_its_recording() -> None:
    slide = timelinejs.to_timelinejs([], [EXPEL])["events"][0]
    assert slide["timeline"] == {"id": "expel", **EXPEL.content()}
    retracted = EventData(**{**STATEMENT.__dict__, "status": "retracted"})
    assert "status" not in timelinejs.ours(retracted)


def test_timelinejs_export_reads_back(tmp_path: Path) -> None:
    path = write_file(tmp_path, "t.json", "".join(timelinejs.write([NATO], [EXPEL, MONTH])))
    items = list(timelinejs.read(path))
    assert events_of(items) == [timelinejs.ours(EXPEL), timelinejs.ours(MONTH)]
    assert [record.where for _, record in items] == [f"{path}: events[0]", f"{path}: events[1]"]


def test_timelinejs_slides_without_our_event_are_skipped(tmp_path: Path) -> None:
    path = write_file(tmp_path, "t.json", json.dumps(
        {"events": [{"text": {"headline": "other"}}, "x", {"timeline": "no"}]}))
    assert skips_of(list(timelinejs.read(path))) == [
        "TimelineJS slide without timeline data"] * 3


@pytest.mark.parametrize("doc", [[], {"title": {}}, {"events": {}}])
def test_timelinejs_refuses_what_is_no_document(tmp_path: Path, doc: object) -> None:
    path = write_file(tmp_path, "t.json", json.dumps(doc))
    with pytest.raises(InvalidValue) as exc:
        list(timelinejs.read(path))
    assert refusal(exc) == f"{path}: not a TimelineJS document (no 'events' list)"


# PLOVER ------------------------------------------------------------------------------------

def test_plover_records_carry_codes_sources_and_our_event() -> None:
    record, statement = plover.to_plover([EXPEL, STATEMENT])
    assert {k: v for k, v in record.items() if k != "timeline"} == {
        "id": "expel", "date": "2021-11-01", "event_type": "COERCE", "mode": "deport",
        "context": "diplomatic", "actor": "nato", "recipient": "russia", "cameo": "174",
        "cite_info": "Reuters; T<b> <https://tass.com/x>", "text": "Eight <go>.",
    }
    assert record["timeline"] == timelinejs.ours(EXPEL)
    assert (statement["recipient"], statement["text"], statement["cite_info"]) == (None, "", "")


def test_plover_export_reads_back(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.jsonl", "".join(plover.write([NATO], [EXPEL, STATEMENT])))
    assert events_of(list(plover.read(path, None))) == [
        timelinejs.ours(EXPEL), timelinejs.ours(STATEMENT)]


def coded(**changes: object) -> str:
    record: dict[str, object] = {"id": "7", "date": "2021-03-04", "event_type": "SANCTION",
                                 "mode": "withdraw", "actor": "Russia", "recipient": "NATO",
                                 "cite_info": "Reuters", "text": "Recalled."}
    record.update(changes)
    return json.dumps({k: v for k, v in record.items() if v is not None})


NAMES = {"Russia": "russia", "NATO": "nato"}


def test_plover_coded_records_map_to_our_types(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.jsonl", "\n".join([
        coded(),
        coded(id=None, event_type="coerce", mode=" deport ", cite_info=None, text=None),
        coded(id="9", event_type="CONSULT", mode="visit"),
    ]) + "\n")
    assert events_of(list(plover.read(path, NAMES))) == [
        {"id": "plover-7", "type": "relations_suspended", "actor": "russia",
         "target": "nato", "on": "2021-03-04", "sources": ["Reuters"], "note": "Recalled.",
         "fields": {}},
        {"id": None, "type": "expulsion", "actor": "russia", "target": "nato",
         "on": "2021-03-04", "sources": [], "note": None, "fields": {"count": 1}},
        {"id": "plover-9", "type": "meeting", "actor": "russia", "target": "nato",
         "on": "2021-03-04", "sources": ["Reuters"], "note": "Recalled.", "fields": {}},
    ]


def test_plover_without_actor_map_takes_names_as_ids(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.jsonl", coded(actor=" russia ", recipient="nato") + "\n")
    (event,) = events_of(list(plover.read(path, None)))
    assert (event["actor"], event["target"]) == ("russia", "nato")


def test_plover_records_that_map_to_nothing_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.jsonl", "\n".join([
        coded(event_type="PROTEST", mode="demonstrate"),
        coded(event_type=None, mode=None),
        coded(actor="Belgium"),
        coded(recipient=""),
        coded(recipient=5),
    ]) + "\n")
    assert skips_of(list(plover.read(path, NAMES))) == [
        "PLOVER PROTEST/demonstrate", "PLOVER ?/-", "unmapped actor 'Belgium'",
        "unmapped actor ''", "unmapped actor 5",
    ]


# ICEWS -------------------------------------------------------------------------------------

HEADER = ("Event ID\tEvent Date\tSource Name\tSource Country\tEvent Text\tCAMEO Code\t"
          "Target Name\tTarget Country\tPublisher\tStory ID\tCity\tCountry")


def icews_file(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    return write_file(tmp_path, "events.tsv", "\n".join([header, *rows]) + "\n")


def test_icews_rows_map_to_our_types(tmp_path: Path) -> None:
    path = icews_file(
        tmp_path,
        "1\t2021-10-06\tNATO\t\tExpel\t174\tRussia\tRussia\tReuters\t55\t\t",
        "2\t20211101\tOfficial\tRussia\tSign\t057\tNATO\t\t\t\t\t",
        "3\t2021-01-02\tRussia\t\t\t0431\tNATO\t\t\t\tGeneva\tSwitzerland",
        "4\t2021-01-03\tRussia\t\tTalk\t040\tNATO\t\t\t\t\t",
    )
    events = events_of(list(icews.read(path, NAMES)))
    assert events[0] == {
        "id": "icews-1", "type": "expulsion", "actor": "nato", "target": "russia",
        "on": "2021-10-06", "fields": {"count": 1},
        "sources": ["ICEWS event 1, Reuters, story 55"],
        "note": "Expel (ICEWS, CAMEO 174); the number of people is not coded, recorded as 1",
    }
    assert (events[1]["actor"], events[1]["on"], events[1]["fields"]) == (
        "russia", "2021-11-01", {"agreement": "icews-2", "name": "Sign"})
    assert events[1]["sources"] == ["ICEWS event 2"]
    assert events[2]["type"] == "meeting"
    assert events[2]["fields"] == {"location": "Geneva, Switzerland"}
    assert "(ICEWS, CAMEO 0431)" in str(events[2]["note"])
    assert events[3]["fields"] == {}


def test_icews_agreement_without_text_is_named_by_its_event() -> None:
    fields = icews._icews_event({"Event ID": "5", "Event Text": ""}, "agreement_signed",
                                "a", "b", "057")["fields"]
    assert fields == {"agreement": "icews-5", "name": "ICEWS 5"}


def test_icews_rows_that_map_to_nothing_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = icews_file(
        tmp_path,
        "\t2021-01-01\tRussia\t\t\t174\tNATO\t\t\t\t\t",
        "6\t2021-01-01\tRussia\t\t\t190\tNATO\t\t\t\t\t",
        "7\t2021-01-01\tRussia\t\t\t\tNATO\t\t\t\t\t",
        "8\t2021-01-01\tBelgium\t\t\t174\tNATO\t\t\t\t\t",
        "9\t2021-01-01\tRussia\t\t\t174\tBelgium\t\t\t\t\t",
        "10\t2021-01-01\tRussia\t\t\t174\tOfficial\tRussia\t\t\t\t",
    )
    assert skips_of(list(icews.read(path, NAMES))) == [
        "ICEWS row without an Event ID", "CAMEO 190", "CAMEO ?",
        "unmapped actor 'Belgium'", "unmapped actor 'Belgium'",
        "actor and target map to the same actor",
    ]


def test_icews_quotes_are_text(tmp_path: Path) -> None:
    path = icews_file(tmp_path, '1\t2021-01-01\tRussia\t\t"Quoted\t174\tNATO\t\t\t\t\t',
                      "2\t2021-01-02\tRussia\t\tNext\t174\tNATO\t\t\t\t\t")
    events = events_of(list(icews.read(path, NAMES)))
    assert [e["id"] for e in events] == ["icews-1", "icews-2"]
    assert str(events[0]["note"]).startswith('"Quoted')


def test_icews_needs_an_actor_map_and_its_columns(tmp_path: Path) -> None:
    path = icews_file(tmp_path)
    with pytest.raises(InvalidValue) as exc:
        list(icews.read(path, None))
    assert refusal(exc) == "importing ICEWS needs an actor map (names to actor ids)"
    path = icews_file(tmp_path, header="Event ID\tEvent Date\tSource Name")
    with pytest.raises(InvalidValue) as exc:
        list(icews.read(path, NAMES))
    assert refusal(exc) == (f"{path}:1: not an ICEWS file: no column(s) CAMEO Code, "
                            "Target Name")


# actor maps --------------------------------------------------------------------------------

def test_actor_maps_from_yaml_json_and_csv(tmp_path: Path) -> None:
    expected = {"Russia": "russia", "NATO": "nato"}
    yaml_map = write_file(tmp_path, "m.yaml", '" Russia ": " russia "\nNATO: nato\n')
    assert load_actor_map(yaml_map) == expected
    assert load_actor_map(write_file(tmp_path, "m.json", json.dumps(expected))) == expected
    assert load_actor_map(write_file(tmp_path, "m.CSV", "id,name\nrussia, Russia\nnato,NATO\n")
                          ) == expected


@pytest.mark.parametrize("text", ["- Russia\n", "Russia: 1\n", "Russia:\n", "a: [b]\n"])
def test_an_actor_map_must_map_names_to_ids(tmp_path: Path, text: str) -> None:
    path = write_file(tmp_path, "m.yaml", text)
    with pytest.raises(InvalidValue) as exc:
        load_actor_map(path)
    assert refusal(exc) == f"{path}: an actor map is a mapping of names to actor ids"


def test_a_csv_actor_map_needs_its_columns_and_full_rows(tmp_path: Path) -> None:
    path = write_file(tmp_path, "m.csv", "name,actor\nRussia,russia\n")
    with pytest.raises(InvalidValue) as exc:
        load_actor_map(path)
    assert refusal(exc) == f"{path}:1: an actor map needs columns name,id"
    path = write_file(tmp_path, "n.csv", "name,id\nRussia,russia\nNATO, \n")
    with pytest.raises(InvalidValue) as exc:
        load_actor_map(path)
    assert refusal(exc) == f"{path}:3: a row needs a name and an id"


# the registry ------------------------------------------------------------------------------

def test_the_formats_by_name() -> None:
    assert IMPORT_FORMATS == ("auto", "timelinejs", "plover", "icews")
    assert EXPORT_FORMATS == ("jsonl", "csv", "timelinejs", "plover")
    assert [takes_actor_map(f) for f in IMPORT_FORMATS] == [False, False, True, True]


def test_write_streams_each_format() -> None:
    for fmt in EXPORT_FORMATS:
        text = "".join(write(fmt, [NATO], [EXPEL]))
        assert "expel" in text
    assert json.loads("".join(write("timelinejs", [NATO], [EXPEL])))["events"]


def test_expand_paths_finds_the_format_files_of_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.yaml", "a.JSON", "sub/c.jsonl", "d.csv", "notes.txt", "e.tsv"):
        (tmp_path / name).write_text("")
    (tmp_path / "folder.yaml").mkdir()
    assert expand_paths([str(tmp_path)]) == [
        tmp_path / "a.JSON", tmp_path / "b.yaml", tmp_path / "d.csv", tmp_path / "sub/c.jsonl"]
    assert expand_paths([str(tmp_path)], "icews") == [
        tmp_path / "d.csv", tmp_path / "e.tsv", tmp_path / "notes.txt"]


def test_expand_paths_keeps_files_in_order_and_any_extension_in_other_formats(
    tmp_path: Path
) -> None:
    first, second = tmp_path / "z.yaml", tmp_path / "a.yaml"
    first.write_text("")
    second.write_text("")
    assert expand_paths([str(first), str(second)]) == [first, second]
    odd = tmp_path / "export.data"
    odd.write_text("")
    assert expand_paths([str(odd)], "plover") == [odd]


def test_expand_paths_refusals(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = {
        str(empty): f"{empty}: the folder holds no .yaml, .yml, .json, .jsonl, .csv file",
        str(tmp_path / "none.yaml"): f"{tmp_path / 'none.yaml'}: no such file or folder",
    }
    for raw, expected in cases.items():
        with pytest.raises(InvalidValue) as exc:
            expand_paths([raw])
        assert refusal(exc) == expected
    for name, hint in (("e.tsv", " or the icews format"), ("README", "")):
        path = tmp_path / name
        path.write_text("")
        with pytest.raises(InvalidValue) as exc:
            expand_paths([str(path)])
        suffix = path.suffix or "(none)"
        assert refusal(exc) == (f"{path}: unsupported file type {suffix!r} "
                                f"(use .yaml, .yml, .json, .jsonl, .csv{hint})")


def test_expand_paths_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InvalidValue) as exc:
        expand_paths([str(fifo)])
    assert refusal(exc) == f"{fifo}: not a regular file"


def test_iter_records_reads_every_file_in_order(tmp_path: Path) -> None:
    first = write_file(tmp_path, "a.jsonl", '{"type": "statement"}\n')
    second = write_file(tmp_path, "b.yaml", "actors:\n  - {id: a}\n")
    assert list(iter_records([first, second])) == [
        ("event", Record(f"{first}:1", {"type": "statement"})),
        ("actor", Record(f"{second}:2", {"id": "a"})),
    ]


def test_estimate_records_counts_lines_of_line_based_files(tmp_path: Path) -> None:
    files = [write_file(tmp_path, "a.jsonl", "{}\n{}\n{}\n"),
             write_file(tmp_path, "b.CSV", "h\nr\n"),
             write_file(tmp_path, "c.tsv", "h\n"),
             write_file(tmp_path, "d.yaml", "a\nb\nc\nd\n")]
    assert estimate_records(files) == 6
    assert estimate_records(files[3:]) == 0
