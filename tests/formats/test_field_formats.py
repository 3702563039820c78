"""The field's formats: TimelineJS, PLOVER, ICEWS, actor maps, and the format registry
(no store)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import refusal, write_file

from timeline.domain.records import Item, Record
from timeline.domain.values import ActorData, EventData
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
    assert slide["group"] == "post: m"  # no event opens post m: its id
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
    assert doc["events"][0]["group"] == "nato"  # no other side, no name: the actor's id


def test_timelinejs_carries_our_event_without_its_recording() -> None:
    slide = timelinejs.to_timelinejs([], [EXPEL])["events"][0]
    assert slide["timeline"] == {"id": "expel", **EXPEL.content()}
    retracted = EventData(**{**STATEMENT.__dict__, "status": "retracted"})
    assert "status" not in timelinejs.ours(retracted)


def test_timelinejs_export_reads_back(tmp_path: Path) -> None:
    path = write_file(tmp_path, "t.json", "".join(timelinejs.write([NATO], [EXPEL, MONTH])))
    items = list(timelinejs.read(path))
    assert events_of(items) == [timelinejs.ours(EXPEL), timelinejs.ours(MONTH)]
    assert [(kind, record.data) for kind, record in items if kind == "actor"] == [
        ("actor", NATO.to_json())]  # the actors travel too, so a fresh store takes it
    assert [record.where for _, record in items] == [
        f"{path}: timeline_actors[0]", f"{path}: events[0]", f"{path}: events[1]"]


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


def test_plover_coded_records_are_evidence_and_none_is_a_fact(tmp_path: Path) -> None:
    # No PLOVER type is a fact by itself, not even CONSULT between the states themselves
    # (issue 19): a coded record says that a story mentioned it.
    path = write_file(tmp_path, "p.jsonl", "\n".join([
        coded(),
        coded(id=None, event_type="coerce", mode=" deport ", cite_info=None, text=None),
        coded(id="9", event_type="CONSULT", mode="visit"),
    ]) + "\n")
    events = events_of(list(plover.read(path, NAMES)))
    assert [(e["id"], e["type"]) for e in events] == [
        ("plover-7", "coded_event"), (events[1]["id"], "coded_event"),
        ("plover-9", "coded_event")]
    assert events[0] == {
        "id": "plover-7", "type": "coded_event", "actor": "russia", "target": "nato",
        "on": "2021-03-04", "sources": ["PLOVER record 7", "Reuters"], "note": "Recalled.",
        "fields": {"dataset": "plover", "code": "SANCTION/withdraw", "record": "7",
                   "source_actor": "Russia", "target_actor": "NATO"}}
    # A record without an id gets one from its content: the same on every import.
    assert str(events[1]["id"]).startswith("plover-h")
    assert events[1]["fields"]["code"] == "COERCE/deport"  # type: ignore[index]


def test_plover_without_actor_map_reads_names_with_the_built_in_map(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.jsonl", coded(actor=" russia ", recipient="nato") + "\n")
    (event,) = events_of(list(plover.read(path, None)))
    assert (event["actor"], event["target"]) == ("russia", "nato")


def test_plover_records_that_map_to_nothing_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.jsonl", "\n".join([
        coded(event_type=None, mode=None),
        coded(actor="Belgium"),
        coded(actor="Atlantis"),
        coded(recipient=""),
        coded(recipient=5),
        coded(date="4 March 2021"),
    ]) + "\n")
    items = list(plover.read(path, NAMES))
    assert [(r.data["reason"], r.data["example"]) for k, r in items if k == "skip"] == [
        ("no event type", "7"),
        ("an actor no map knows (add it with --actor-map)", "Atlantis"),
        ("one-sided: one source and no recipient", "Russia"),
        ("an actor that is not a name, an actor object or a list of them", "5"),
        ("no date (YYYY-MM-DD)", "4 March 2021"),
    ]
    # Belgium is a state the built-in map knows: kept as evidence.
    assert [e["target"] for e in events_of(items)] == ["nato"]
    assert [e["actor"] for e in events_of(items)] == ["belgium"]


# ICEWS -------------------------------------------------------------------------------------

COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
           "Event Text", "CAMEO Code", "Target Name", "Target Sectors", "Target Country",
           "Publisher", "Story ID", "City", "Country")
HEADER = "\t".join(COLUMNS)


def icews_row(event_id: str = "1", on: str = "2021-01-01", source: str = "Russia",
              code: str = "057", target: str = "NATO", **columns: str) -> str:
    """A row of the columns above: Russia (the state itself) and NATO by default; other
    columns by name with spaces as underscores (``Source_Sectors="Government"``)."""
    row = dict.fromkeys(COLUMNS, "")
    row.update({"Event ID": event_id, "Event Date": on, "Source Name": source,
                "Source Country": "Russia" if source == "Russia" else "", "CAMEO Code": code,
                "Target Name": target})
    row.update({k.replace("_", " "): v for k, v in columns.items()})
    assert set(row) == set(COLUMNS)
    return "\t".join(row[c] for c in COLUMNS)


def icews_file(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    return write_file(tmp_path, "events.tsv", "\n".join([header, *rows]) + "\n")


def test_icews_a_row_is_kept_as_evidence_with_its_code_actors_and_ids(tmp_path: Path) -> None:
    # 174 (deport) between the state and the organisation themselves: still no expulsion.
    path = icews_file(tmp_path, icews_row(
        "1", "2021-10-06", "NATO", "174", "Russia", Target_Country="Russia",
        Event_Text="Expel or deport individuals", Publisher="Reuters", Story_ID="55",
        City="Brussels", Country="Belgium"))
    assert events_of(list(icews.read(path, None))) == [{
        "id": "icews-2021-10-06-1", "type": "coded_event", "actor": "nato",
        "target": "russia", "on": "2021-10-06",
        "fields": {"dataset": "icews", "code": "174", "record": "2021-10-06-1",
                   "source_actor": "NATO", "target_actor": "Russia"},
        "sources": ["ICEWS event 1 of 2021-10-06, Reuters, story 55, in Brussels, Belgium"],
        "note": "Expel or deport individuals",
    }]


def test_icews_no_code_between_the_sides_themselves_is_a_fact(tmp_path: Path) -> None:
    # A signing coded in both directions and again by another story, and a meeting
    # between the states themselves: four pieces of evidence and no fact (issue 19).
    path = icews_file(
        tmp_path,
        icews_row("1", "20211101", "Russia", "057", "NATO", Story_ID="7"),
        icews_row("2", "2021-11-01", "NATO", "057", "Russia", Target_Country="Russia",
                  Story_ID="7"),
        icews_row("3", "2021-11-01", "Russian Federation", "057", "NATO",
                  Source_Country="Russian Federation", Story_ID="8"),
        icews_row("4", "2021-11-02", "Russia", "044", "NATO", City="Geneva"),
        icews_row("5", "2021-11-02", "Russia", "054", "NATO"),
    )
    events = events_of(list(icews.read(path, None)))
    assert {e["type"] for e in events} == {"coded_event"}
    assert [e["id"] for e in events] == [
        "icews-2021-11-01-1", "icews-2021-11-01-2", "icews-2021-11-01-3", "icews-2021-11-02-4",
        "icews-2021-11-02-5"]


def test_icews_codes_that_do_not_say_the_fact_stay_evidence(tmp_path: Path) -> None:
    # Deportation (174), expulsion of anyone (166, 1661), reducing relations (161), force
    # (190), a four-digit consultation and a missing code, all between the states
    # themselves: evidence only.
    codes = ["174", "166", "1661", "161", "190", "0431", "NA"]
    path = icews_file(tmp_path, *(icews_row(str(n), "2021-01-01", "Russia", code, "Ukraine",
                                            Target_Country="Ukraine")
                                  for n, code in enumerate(codes, 1)))
    events = events_of(list(icews.read(path, None)))
    assert {e["type"] for e in events} == {"coded_event"}
    assert [e["fields"]["code"] for e in events] == [*codes[:-1], "?"]


def test_icews_a_side_that_is_not_the_state_itself_makes_no_fact(tmp_path: Path) -> None:
    putin = "Government,Executive Office,Elite,Executive"
    path = icews_file(
        tmp_path,
        # A leader's signing (as story 47404544 of 2018-06-01 codes it)
        icews_row("1", "2018-06-01", "Vladimir Putin", "057", "United Arab Emirates",
                  Source_Sectors=putin, Source_Country="Russian Federation",
                  Target_Country="United Arab Emirates"),
        # the state named, but with a sector: a part of the government
        icews_row("2", "2018-06-01", "Russia", "057", "Israel", Source_Sectors="Government",
                  Target_Country="Israel"),
        # recognition of a separatist region (as Event ID 32892140): filed under its host
        icews_row("3", "2018-06-01", "Syria", "054", "Abkhazia", Source_Country="Syria",
                  Target_Sectors="Dissident,Separatists", Target_Country="Georgia"),
        # a parliament speaker's gesture (as Event ID 32895593)
        icews_row("4", "2018-06-01", "Vyacheslav Victorovich Volodin", "054",
                  "Legislature (Pakistan)", Source_Sectors="Legislative / Parliamentary",
                  Source_Country="Russian Federation",
                  Target_Sectors="Government,Legislative / Parliamentary",
                  Target_Country="Pakistan"),
    )
    events = events_of(list(icews.read(path, None)))
    assert {e["type"] for e in events} == {"coded_event"}
    assert [(e["actor"], e["target"], e["fields"]["source_actor"],
             e["fields"]["target_actor"]) for e in events] == [
        ("russia", "united-arab-emirates", f"Vladimir Putin ({putin})", "United Arab Emirates"),
        ("russia", "israel", "Russia (Government)", "Israel"),
        ("syria", "georgia", "Syria", "Abkhazia (Dissident,Separatists)"),
        ("russia", "pakistan", "Vyacheslav Victorovich Volodin (Legislative / Parliamentary)",
         "Legislature (Pakistan) (Government,Legislative / Parliamentary)"),
    ]


def test_icews_a_name_the_users_map_gives_files_under_its_actor(tmp_path: Path) -> None:
    path = icews_file(tmp_path, icews_row(
        "1", "2018-06-01", "Vladimir Putin", "057", "United Arab Emirates",
        Source_Sectors="Government,Executive Office", Source_Country="Russian Federation",
        Target_Country="United Arab Emirates"))
    events = events_of(list(icews.read(path, {"Vladimir Putin": "russia"})))
    assert [(e["type"], e["actor"], e["target"]) for e in events] == [
        ("coded_event", "russia", "united-arab-emirates")]


def test_icews_na_is_missing_never_a_value(tmp_path: Path) -> None:
    path = icews_file(tmp_path, icews_row(
        "1", "2021-01-01", "Russia", "036", "NATO", Source_Sectors="NA", Target_Sectors="NA",
        Target_Country="NA", Event_Text="NA", Publisher="NA", Story_ID="NA", City="NA",
        Country="Belgium"))
    (event,) = events_of(list(icews.read(path, None)))
    assert event["fields"] == {"dataset": "icews", "code": "036", "record": "2021-01-01-1",
                               "source_actor": "Russia", "target_actor": "NATO"}
    assert event["sources"] == ["ICEWS event 1 of 2021-01-01, in Belgium"]
    assert event["note"] is None


def test_icews_rows_that_map_to_nothing_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = icews_file(
        tmp_path,
        icews_row("", "2021-01-01"),
        icews_row("6", "NA"),
        icews_row("7", "2021-01-01", "Unspecified Actor", Source_Sectors="Unspecified",
                  Source_Country="NA"),
        icews_row("8", "2021-01-01", target="NA", Target_Sectors="NA", Target_Country="NA"),
        icews_row("9", "2021-01-01", "Russia", "174", "Government (Russia)",
                  Target_Sectors="Government", Target_Country="Russia"),
        icews_row("10", "2021-01-01", "Belgium", "057", "NATO"),  # no Source Country: known
    )
    items = list(icews.read(path, None))
    unknown = "an actor no map knows (add it with --actor-map)"
    assert [(record.where, record.data) for kind, record in items if kind == "skip"] == [
        (f"{path}:2", {"reason": "no Event ID or Event Date", "example": ""}),
        (f"{path}:3", {"reason": "no Event ID or Event Date", "example": ""}),
        (f"{path}:4", {"reason": unknown, "example": "Unspecified Actor (Unspecified)"}),
        (f"{path}:5", {"reason": unknown, "example": "(no name)"}),
        (f"{path}:6", {"reason": "domestic: both sides filed under one actor",
                       "example": "Russia"}),
    ]
    assert [e["id"] for e in events_of(items)] == ["icews-2021-01-01-10"]


def test_icews_offers_the_default_actors_once_with_create_actors(tmp_path: Path) -> None:
    path = icews_file(tmp_path, icews_row("1", code="036"),
                      icews_row("2", code="036", target="Ukraine"))
    assert [kind for kind, _ in icews.read(path, None)] == ["event", "event"]
    items = list(icews.read(path, None, create_actors=True))
    assert [(kind, record.data) for kind, record in items if kind == "default_actor"] == [
        ("default_actor", {"id": "russia", "name": "Russia", "kind": "state"}),
        ("default_actor", {"id": "nato", "name": "NATO", "kind": "organization"}),
        ("default_actor", {"id": "ukraine", "name": "Ukraine", "kind": "state"}),
    ]


def test_icews_quotes_are_text(tmp_path: Path) -> None:
    path = icews_file(tmp_path, icews_row("1", code="036", Event_Text='"Quoted'),
                      icews_row("2", "2021-01-02", code="036", Event_Text="Next"))
    events = events_of(list(icews.read(path, NAMES)))
    assert [e["id"] for e in events] == ["icews-2021-01-01-1", "icews-2021-01-02-2"]
    assert str(events[0]["note"]).startswith('"Quoted')
    assert events[1]["note"] == "Next"


def test_icews_needs_its_columns_but_no_actor_map(tmp_path: Path) -> None:
    path = icews_file(tmp_path, icews_row(code="036"))
    assert [e["actor"] for e in events_of(list(icews.read(path, None)))] == ["russia"]
    path = icews_file(tmp_path, header="Event ID\tEvent Date\tSource Name")
    with pytest.raises(InvalidValue) as exc:
        list(icews.read(path, None))
    assert refusal(exc) == (f"{path}:1: not an ICEWS file: no column(s) Source Sectors, "
                            "Source Country, CAMEO Code, Target Name, Target Sectors, "
                            "Target Country")
    # the columns of the earlier sample, without the sectors and countries: refused
    path = icews_file(tmp_path, header="Event ID\tEvent Date\tSource Name\tEvent Text\t"
                      "CAMEO Code\tTarget Name")
    with pytest.raises(InvalidValue) as exc:
        list(icews.read(path, NAMES))
    assert refusal(exc) == (f"{path}:1: not an ICEWS file: no column(s) Source Sectors, "
                            "Source Country, Target Sectors, Target Country")


def test_icews_a_row_cut_short_or_run_long_is_counted_not_read(tmp_path: Path) -> None:
    """A row of 10 columns would have been kept as a whole record with no story, publisher
    or place; one of 3 reported as an actor no map knows."""
    whole = icews_row("1", code="036", Country="Belgium")
    cells = whole.split("\t")
    path = icews_file(tmp_path, whole, "\t".join(cells[:10]), "\t".join(cells[:3]),
                      whole.replace("\t036\t", "\t036\t\t", 1), icews_row("5", code="036"),
                      icews_row("6", code="036") + "\t\t")  # empty cells at the end: none
    items = list(icews.read(path, None))
    assert [e["id"] for e in events_of(items)] == [
        "icews-2021-01-01-1", "icews-2021-01-01-5", "icews-2021-01-01-6"]
    width = len(HEADER.split("\t"))
    assert [(record.where, record.data["reason"], record.data["example"])
            for kind, record in items if kind == "skip"] == [
        (f"{path}:{line}", f"a row of another length than its header's {width} columns",
         f"{columns} columns") for line, columns in ((3, 10), (4, 3), (5, width + 1))]
    # A header and rows that end in a tab, as a spreadsheet may save them: every row read.
    trailing = icews_file(tmp_path, whole + "\t", icews_row("5", code="036") + "\t",
                          header=HEADER + "\t")
    assert len(events_of(list(icews.read(trailing, None)))) == 2
    trailing.write_text("\n".join([HEADER + "\t", whole, icews_row("5")]) + "\n")
    assert len(events_of(list(icews.read(trailing, None)))) == 2


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
    assert IMPORT_FORMATS == ("auto", "timelinejs", "plover", "icews", "gdelt", "polecat",
                              "cow-dipex")
    assert EXPORT_FORMATS == ("jsonl", "csv", "timelinejs", "plover")
    assert [takes_actor_map(f) for f in IMPORT_FORMATS] == [False, False, True, True, True,
                                                            True, True]


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
    # A file of any name is taken: its content tells its format (tests/formats/test_sniff.py).
    for name in ("e.tsv", "README"):
        path = tmp_path / name
        path.write_text("")
        assert expand_paths([str(path)]) == [path]


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
