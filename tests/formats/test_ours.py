"""Our own files: YAML, JSON, JSON Lines and CSV, read and written (no store)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import refusal, write_file

from timeline.domain.records import Item, Record
from timeline.domain.values import ActorData, EventData
from timeline.errors import InvalidValue
from timeline.interchange.ours import CSV_COLUMNS, read, write_csv, write_jsonl

NATO = ActorData("nato", "NATO", "organization")
RECALL = EventData(
    id="recall", type="mission_recall", actor="russia", target="nato", on="2021-11-01",
    announced="2021-10-18", fields={"post": "russia-mission-to-nato"},
    sources=["TASS", {"url": "https://tass.com/x", "publisher": "TASS"}], note="Recalled.",
)


def records(path: Path) -> list[Item]:
    return list(read(path))


# YAML and JSON documents -------------------------------------------------------------------

def test_yaml_records_name_their_lines(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.yaml", "actors:\n  - {id: nato, name: NATO}\nevents:\n"
                 "  - type: statement\n    actor: nato\n    on: 2021-10-18\n")
    assert records(path) == [
        ("actor", Record(f"{path}:2", {"id": "nato", "name": "NATO"})),
        ("event", Record(f"{path}:4", {"type": "statement", "actor": "nato",
                                       "on": "2021-10-18"})),
    ]


def test_yml_is_yaml_and_an_empty_document_holds_nothing(tmp_path: Path) -> None:
    assert records(write_file(tmp_path, "a.YML", "# nothing yet\n")) == []
    assert records(write_file(tmp_path, "b.yaml", "actors:\nevents: []\n")) == []


def test_json_records_name_their_index(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.json", json.dumps({"events": [{"type": "statement"}],
                                                 "actors": [{"id": "a"}]}))
    assert records(path) == [
        ("actor", Record(f"{path}: actors[0]", {"id": "a"})),
        ("event", Record(f"{path}: events[0]", {"type": "statement"})),
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.yaml", "- a\n- b\n", "expected a mapping with 'actors' and 'events' lists, found list"),
        ("a.json", "[]", "expected a mapping with 'actors' and 'events' lists, found list"),
        ("a.yaml", "event: []\n", "unknown top-level key 'event' (expected actors, events)"),
        ("a.yaml", "events: {type: x}\n", "'events' must be a list"),
        ("a.json", '{"actors": "nato"}', "'actors' must be a list"),
    ],
)
def test_document_shape_refusals(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write_file(tmp_path, name, text)
    with pytest.raises(InvalidValue) as exc:
        records(path)
    assert refusal(exc) == f"{path}: {expected}"


def test_each_item_must_be_a_mapping(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.json", '{"events": [{"type": "statement"}, "statement"]}')
    with pytest.raises(InvalidValue) as exc:
        records(path)
    assert refusal(exc) == f"{path}: events[1]: each of 'events' must be a mapping, got 'statement'"


# JSON Lines --------------------------------------------------------------------------------

def test_jsonl_events_and_actors(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.jsonl", '{"actor": {"id": "nato"}}\n\n{"type": "statement"}\n'
                 '{"actor": "nato", "type": "statement"}\n')
    assert records(path) == [
        ("actor", Record(f"{path}:1", {"id": "nato"})),
        ("event", Record(f"{path}:3", {"type": "statement"})),
        ("event", Record(f"{path}:4", {"actor": "nato", "type": "statement"})),
    ]


def test_jsonl_actor_that_is_not_a_mapping_is_an_event(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.jsonl", '{"actor": "nato"}\n')
    assert records(path) == [("event", Record(f"{path}:1", {"actor": "nato"}))]


# CSV ---------------------------------------------------------------------------------------

def csv_text(*rows: str, header: str = ",".join(CSV_COLUMNS)) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_csv_rows_become_actors_and_events(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.csv", csv_text(
        "actor,nato,,,,,,,,,,NATO,organization",
        'event,e1,expulsion,nato,russia,2021-11-01,,"{""count"": 8}","[""TASS""]",Note,'
        "2021-11-02T00:00:00Z,,",
    ))
    assert records(path) == [
        ("actor", Record(f"{path}:2", {"id": "nato", "name": "NATO", "kind": "organization"})),
        ("event", Record(f"{path}:3", {"id": "e1", "type": "expulsion", "actor": "nato",
                                       "target": "russia", "on": "2021-11-01", "note": "Note",
                                       "fields": {"count": 8}, "sources": ["TASS"]})),
    ]


def test_csv_without_recorded_at_is_accepted(tmp_path: Path) -> None:
    header = ",".join(c for c in CSV_COLUMNS if c != "recorded_at")
    path = write_file(tmp_path, "a.csv", csv_text("actor,nato,,,,,,,,,NATO,state", header=header))
    assert records(path)[0][1].data["kind"] == "state"


def test_csv_short_rows_leave_cells_empty(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.csv", csv_text("actor,nato"))
    assert records(path) == [
        ("actor", Record(f"{path}:2", {"id": "nato", "name": None, "kind": None}))]


def test_csv_extra_cells_are_ignored(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.csv", csv_text(
        "event,e1,statement,nato,,2021,,,,,,,,,,extra"))
    assert records(path)[0][1].data == {"id": "e1", "type": "statement", "actor": "nato",
                                         "on": "2021"}


def test_csv_header_must_have_every_exported_column(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.csv", "record,id,type,actor,target,on\nactor,nato,,,,\n")
    with pytest.raises(InvalidValue) as exc:
        records(path)
    message = refusal(exc)
    assert message.startswith(f"{path}:1: CSV header lacks column(s) announced, fields, sources")
    assert "recorded_at" not in message


def test_csv_record_column_must_say_actor_or_event(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.csv", csv_text("actor,nato,,,,,,,,,,NATO,", "Event,e1"))
    with pytest.raises(InvalidValue) as exc:
        records(path)
    assert refusal(exc) == f"{path}:3: column 'record' must be 'actor' or 'event', got 'Event'"


def test_csv_record_column_refusal_is_cut_short(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.csv", csv_text("x" * 500))
    with pytest.raises(InvalidValue) as exc:
        records(path)
    assert refusal(exc).endswith(f"got {'x' * 40!r}")


def test_csv_json_columns_name_their_line_and_column(tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.csv", csv_text("event,e1,statement,nato,,2021,,{oops,,,,,"))
    with pytest.raises(InvalidValue) as exc:
        records(path)
    assert refusal(exc).startswith(f"{path}:2: column 'fields': malformed JSON: ")


# writing -----------------------------------------------------------------------------------

def test_jsonl_export_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("".join(write_jsonl([NATO], [RECALL])), encoding="utf-8")
    assert [(kind, record.data) for kind, record in records(path)] == [
        ("actor", NATO.to_json()), ("event", RECALL.to_json()),
    ]


def test_jsonl_export_keeps_text_unescaped() -> None:
    (line,) = write_jsonl([ActorData("a", "Zoë", "state")], [])
    assert "Zoë" in line and line.endswith("\n")


def test_csv_export_is_one_piece_a_record(tmp_path: Path) -> None:
    pieces = list(write_csv([NATO], [RECALL]))
    assert len(pieces) == 3
    assert pieces[0] == ",".join(CSV_COLUMNS) + "\r\n"  # RFC 4180 line ends
    assert pieces[1] == "actor,nato,,,,,,,,,,NATO,organization,,,\r\n"


def test_csv_export_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("".join(write_csv([NATO], [RECALL])), encoding="utf-8")
    (_, actor), (_, event) = records(path)
    assert actor.data == NATO.to_json()
    content = {k: v for k, v in RECALL.content().items() if v is not None}
    assert event.data == {"id": "recall", **content}


@pytest.mark.parametrize("note", ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)",
                                  "\tindented", "'quoted", "plain"])
def test_csv_export_neutralises_formulas_and_reads_them_back(tmp_path: Path, note: str) -> None:
    event = EventData(id="e", type="statement", actor="nato", target=None, on="2021",
                      note=note)
    text = "".join(write_csv([ActorData("a", note, "state")], [event]))
    actor_row, event_row = list(csv.DictReader(io.StringIO(text, newline="")))
    for cell in (actor_row["name"], event_row["note"]):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    path = tmp_path / "out.csv"
    path.write_text(text, encoding="utf-8", newline="")
    (_, actor), (_, read_event) = records(path)
    assert actor.data["name"] == note
    assert read_event.data["note"] == note


@pytest.mark.parametrize("note", ["'=x", "'-) a smile", "'+1"])
def test_csv_export_keeps_a_leading_quote_before_a_formula_character(
    tmp_path: Path, note: str
) -> None:
    event = EventData(id="e", type="statement", actor="nato", target=None, on="2021",
                      note=note)
    path = tmp_path / "out.csv"
    path.write_text("".join(write_csv([], [event])), encoding="utf-8", newline="")
    ((_, read_event),) = records(path)
    assert read_event.data["note"] == note


@pytest.mark.parametrize("note", ["\rback", "one\rtwo"])
def test_csv_export_of_a_carriage_return_reads_back(tmp_path: Path, note: str) -> None:
    event = EventData(id="e", type="statement", actor="nato", target=None, on="2021",
                      note=note)
    path = tmp_path / "out.csv"
    path.write_text("".join(write_csv([], [event])), encoding="utf-8", newline="")
    ((_, read_event),) = records(path)
    assert read_event.data["note"] == note
