"""PLOVER records from elsewhere through the library (no store): the published files, the
manual's record layout, and what is evidence and what is a fact; and the stream of JSON
values they are read from.

The real files are in ../shared/data/field/plover/ (see its README.md):
PLOVER_GSR_CAMEO.json is openeventdata/PLOVER gold_standard_records/PLOVER_GSR_CAMEO.txt
(commit 6ce501b, CC BY-SA 4.0); plovigy_testfile_0105.jsonl and
plovigy-DEDI-input-sample.jsonl are from openeventdata/plovigy (81f586d, 70f798a, MIT);
ICEWS-to-jsonl_sample_output.jsonl is from philip-schrodt/ICEWS-to-jsonl (4c61e0a, MIT).
The record layout is the PLOVER manual's (openeventdata/PLOVER PLOVER_MANUAL.tex,
"JSON Data Fields" and "Compound and Reciprocal Actors")."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, needs_field, refusal, write_file

from timeline.domain.records import Item
from timeline.errors import InvalidValue
from timeline.interchange import plover
from timeline.interchange.files import MAX_LINE_BYTES, json_values

pytestmark = needs_field

FIELD = ROOT.parent / "shared" / "data" / "field" / "plover"
GSR = FIELD / "PLOVER_GSR_CAMEO.json"
UNKNOWN = "an actor no map knows (add it with --actor-map)"


def read(path: Path, names: dict[str, str] | None = None) -> list[Item]:
    return list(plover.read(path, names))


def events(items: list[Item]) -> list[dict[str, Any]]:
    return [record.data for kind, record in items if kind == "event"]


def skips(items: list[Item]) -> list[tuple[str, str]]:
    return [(r.data["reason"], r.data["example"]) for kind, r in items if kind == "skip"]


def record(**changes: object) -> dict[str, object]:
    """A record as the manual lays it out."""
    base: dict[str, object] = {
        "id": "r1", "date": "2021-11-01", "event": "CONSULT", "mode": "visit",
        "context": "diplomatic",
        "source": [{"actorText": "Russia", "code": "RUS"}],
        "recipient": [{"actorText": "United States", "code": "USA"}],
        "text": "Russia and the United States hold talks."}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def jsonl(tmp_path: Path, *records: dict[str, object]) -> Path:
    return write_file(tmp_path, "p.jsonl", "".join(json.dumps(r) + "\n" for r in records))


# the published files -----------------------------------------------------------------------

def test_the_gold_standard_records_are_evidence_only() -> None:
    items = read(GSR)
    assert Counter(e["type"] for e in events(items)) == {"coded_event": 188}
    assert Counter(reason for reason, _ in skips(items)) == {
        "domestic: both sides filed under one actor": 90, UNKNOWN: 51,
        "one-sided: one source and no recipient": 15,
        "a DOCUMENT record (documentation of the file, not an event)": 1,
        "no source actor": 1}
    # Every one of its 323 records is read: kept, or skipped with its reason.
    assert len({r.where for kind, r in items if kind in ("event", "skip")}) == 323
    # "Israel and Lebanon renewed negotiations today" (CONSULT-0010), both sides the states
    # themselves, was a meeting in earlier versions; now it is evidence like the rest.
    kept = {e["id"]: e for e in events(items)}
    assert kept["plover-PLOVER-GSR01-CONSULT-0010"]["fields"] == {
        "dataset": "plover", "code": "CONSULT", "record": "PLOVER-GSR01-CONSULT-0010",
        "source_actor": "Israel (ISR)", "target_actor": "Lebanon (LBN)"}
    assert kept["plover-PLOVER-GSR01-CONSULT-0002"]["fields"]["code"] == "CONSULT/phone"


def test_gold_standard_compound_actors_become_pairs() -> None:
    kept = {e["id"]: e for e in events(read(GSR))}
    # "Senior Hungarian and Romanian officials agreed": two sources, no recipient: the
    # manual's reciprocal event, one pair.
    hungary = kept["plover-PLOVER-GSR01-AGREE-0001"]
    assert (hungary["actor"], hungary["target"]) == ("hungary", "romania")
    assert hungary["fields"]["source_actor"] == "Hungarian (HUN GOV)"
    assert hungary["sources"] == ["PLOVER record PLOVER-GSR01-AGREE-0001, OEDA team from "
                                  "CAMEO 1.1b3 manual, coded by Parus Analytics, version 0.5b1"]
    # One source and five recipients: five pairs, each with its place in the lists.
    assert [i for i in kept if "AGREE-0028" in i] == [
        f"plover-PLOVER-GSR01-AGREE-0028-1-{n}" for n in range(2, 7)]


def test_on_the_gold_standard_no_record_is_a_fact() -> None:
    kinds = Counter(r.data["type"] for kind, r in read(GSR) if kind == "event")
    assert kinds == {"coded_event": 188}  # CONSULT between states too (issue 19)


def test_prodigy_annotation_tasks_are_no_events() -> None:
    # plovigy's test file: Prodigy tasks (a label, a sentence, the PETRARCH coding as
    # text), with no date: nothing to date an event by.
    items = read(FIELD / "plovigy_testfile_0105.jsonl")
    assert events(items) == []
    assert Counter(reason for reason, _ in skips(items)) == {
        "a Prodigy annotation task (a label and a text; no date, no actors)": 294}


@pytest.mark.parametrize(("name", "count"), [("plovigy-DEDI-input-sample.jsonl", 30),
                                             ("ICEWS-to-jsonl_sample_output.jsonl", 4)])
def test_pretty_printed_records_without_actors_are_counted(name: str, count: int) -> None:
    # Named .jsonl, but pretty-printed objects one after another: read as a stream. They
    # hold a CAMEO code, a date and a country, and no source or recipient.
    items = read(FIELD / name)
    assert events(items) == []
    assert Counter(reason for reason, _ in skips(items)) == {"no source actor": count}
    assert skips(items)[0][1].endswith("(event 191)" if count == 30 else "(event 141)")


# the manual's records ----------------------------------------------------------------------

def test_a_consultation_between_the_states_is_evidence_and_no_meeting(tmp_path: Path) -> None:
    (evidence,) = events(read(jsonl(tmp_path, record())))
    assert evidence == {
        "id": "plover-r1", "type": "coded_event", "actor": "russia",
        "target": "united-states", "on": "2021-11-01", "note": record()["text"],
        "sources": ["PLOVER record r1"],
        "fields": {"dataset": "plover", "code": "CONSULT/visit", "record": "r1",
                   "source_actor": "Russia (RUS)", "target_actor": "United States (USA)"}}


@pytest.mark.parametrize("changes", [
    {"event": "SUPPORT"},  # recognition and signing share SUPPORT with praise
    {"event": ["AGREE", "CONSULT"]},  # several types: which one?
    {"context": ["diplomatic", "future"]},  # not (yet) happened
    {"context": "hypothetical"},
    {"source": [{"actorText": "Sergey Lavrov", "code": "RUS", "sector": "GOV"}]},
    {"source": [{"actorText": "Moscow", "code": "RUS"}]},
    {"source": [{"code": "RUS"}], "recipient": [{"code": "USA", "sector": "MIL"}]},
])
def test_what_is_evidence_only(tmp_path: Path, changes: dict[str, object]) -> None:
    kept = events(read(jsonl(tmp_path, record(**changes))))
    assert [e["type"] for e in kept] == ["coded_event"]


def test_list_valued_types_and_modes_are_written_as_text(tmp_path: Path) -> None:
    (evidence,) = events(read(jsonl(tmp_path, record(event=["agree", "CONSULT"],
                                                     mode=["visit", "phone"]))))
    assert evidence["fields"]["code"] == "AGREE+CONSULT/visit+phone"


def test_organisations_and_names_resolve(tmp_path: Path) -> None:
    path = jsonl(tmp_path, record(source=[{"actorText": "NATO", "code": "IGO"}]),
                 record(id="r2", source="Russia", recipient=["NATO"]),
                 record(id="r3", source=[{"actorText": "Asia-Pacific Economic Cooperation",
                                          "code": "IGO"}]))
    items = read(path)
    assert [(e["actor"], e["target"], e["type"]) for e in events(items)] == [
        ("nato", "united-states", "coded_event"), ("russia", "nato", "coded_event")]
    assert skips(items) == [(UNKNOWN, "Asia-Pacific Economic Cooperation (IGO)")]
    # With the user's map, a name speaks for the actor it maps to.
    mapped = read(path, {"Asia-Pacific Economic Cooperation": "apec"})
    assert ("apec", "united-states") in [(e["actor"], e["target"]) for e in events(mapped)]


def test_records_that_map_to_nothing_say_why_readably(tmp_path: Path) -> None:
    items = read(jsonl(tmp_path,
                       record(event="DOCUMENT"),
                       record(date=None),
                       record(date="2021-02-30"),
                       record(source=[{"actorText": "Russia"}, 5]),
                       record(recipient={"actorText": "Russia", "code": "RUS"}),
                       record(source=[], recipient=[]),
                       record(recipient=[{"actorText": f"S{n}"} for n in range(51)])))
    assert skips(items) == [
        ("a DOCUMENT record (documentation of the file, not an event)", "r1"),
        ("no date (YYYY-MM-DD)", "(none)"),
        ("no date (YYYY-MM-DD)", "2021-02-30"),
        ("an actor that is not a name, an actor object or a list of them",
         '[{"actorText": "Russia"}, 5]'),
        ("domestic: both sides filed under one actor", "Russia"),
        ("no source actor", "r1 (event CONSULT)"),
        ("more than 50 pairs of actors", "51 pairs"),
    ]


def test_records_that_are_not_objects_are_counted(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.json", json.dumps([record(), 5, "x", None]))
    assert skips(read(path)) == [("not a PLOVER record (a JSON object)", "a JSON number"),
                                 ("not a PLOVER record (a JSON object)", "a JSON string"),
                                 ("not a PLOVER record (a JSON object)", "a JSON null")]


def test_a_record_without_an_id_gets_the_same_id_each_time(tmp_path: Path) -> None:
    path = jsonl(tmp_path, record(id=None))
    first, second = (events(read(path))[0]["id"] for _ in range(2))
    assert first == second and str(first).startswith("plover-h")


# a stream of JSON values -------------------------------------------------------------------

def values(path: Path) -> list[tuple[str, Any]]:
    return list(json_values(path))


def test_json_values_reads_lines_arrays_and_pretty_printed_objects(tmp_path: Path) -> None:
    path = write_file(tmp_path, "v.jsonl",
                      '{"a": 1}\n\n{\n  "b": [\n    2\n  ]\n}\n[3, {"c": 4}\n]\n7')
    assert [(where.rsplit(":", 1)[1], value) for where, value in values(path)] == [
        ("1", {"a": 1}), ("3", {"b": [2]}), ("8", 3), ("8", {"c": 4}), ("10", 7)]
    assert values(write_file(tmp_path, "e.json", "[ ]")) == []
    assert values(write_file(tmp_path, "b.json", "\ufeff[1]")) == [(f"{tmp_path}/b.json:1", 1)]


def test_json_values_streams_values_across_pieces(tmp_path: Path) -> None:
    big = "x" * 100_000  # larger than a piece read at once
    path = write_file(tmp_path, "v.json", json.dumps([{"t": big}, 1234567, {"t": big}]))
    assert [v for _, v in values(path)] == [{"t": big}, 1234567, {"t": big}]
    # A number that a piece ends in the middle of is read whole.
    numbers = write_file(tmp_path, "n.jsonl", '"' + "x" * 65_520 + '" 123456789012345 2\n')
    assert [v for _, v in values(numbers)][1:] == [123456789012345, 2]


@pytest.mark.parametrize(("text", "line", "why"), [
    ('{"a": 1}\n{"b": }\n', 2, "malformed JSON: Expecting value"),
    ('[1, 2\n', 2, "malformed JSON: the array is not closed"),
    ('[1 2]', 1, "malformed JSON: expected ',' or ']' after an item"),
    ('[1,]', 1, "malformed JSON: Expecting value"),
    ('{"a": 1, "a": 2}', 1, "duplicate key 'a'"),
    ('\n' + "[" * 100_000, 2, "JSON nested too deeply"),
])
def test_json_values_refuses_in_one_line_naming_the_line(tmp_path: Path, text: str, line: int,
                                                        why: str) -> None:
    path = write_file(tmp_path, "v.json", text)
    with pytest.raises(InvalidValue) as exc:
        values(path)
    assert refusal(exc) == f"{path}:{line}: {why}"


def test_json_values_bounds_each_value_and_checks_utf8(tmp_path: Path) -> None:
    path = write_file(tmp_path, "v.json", '[1,\n"' + "x" * (MAX_LINE_BYTES + 200_000) + '"]')
    with pytest.raises(InvalidValue) as exc:
        values(path)
    assert refusal(exc) == f"{path}:2: a JSON value larger than 1 MB"
    latin = tmp_path / "l.json"
    latin.write_bytes(b'[1,\n"caf\xe9"]')
    with pytest.raises(InvalidValue) as exc:
        values(latin)
    assert refusal(exc) == f"{latin}:2: not UTF-8 text (invalid continuation byte)"
