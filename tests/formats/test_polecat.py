"""POLECAT weekly files through the library (no store). No POLECAT file is in
../shared/data/field/: these tests write small files in the released layout
(polecat_sample.py says where it comes from)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import refusal
from polecat_sample import COLUMNS, polecat_file, row

from timeline.domain.records import Item
from timeline.errors import InvalidValue
from timeline.interchange import polecat


def tsv(tmp_path: Path, *rows: list[str], header: list[str] = COLUMNS) -> Path:
    return polecat_file(tmp_path / "ngec_2023_03_20.txt", *rows, header=header)


def read(path: Path, names: dict[str, str] | None = None) -> list[Item]:
    return list(polecat.read(path, names))


def events(items: list[Item]) -> list[dict[str, Any]]:
    return [record.data for kind, record in items if kind == "event"]


def skips(items: list[Item]) -> list[tuple[str, str]]:
    return [(r.data["reason"], r.data["example"]) for kind, r in items if kind == "skip"]


def test_a_visit_between_the_states_is_evidence_and_no_meeting(tmp_path: Path) -> None:
    (evidence,) = events(read(tsv(tmp_path, row())))
    assert evidence == {
        "id": "polecat-a1b2c3_1", "type": "coded_event", "actor": "china", "target": "russia",
        "on": "2023-03-20", "note": None,
        "sources": ["POLECAT event a1b2c3_1, Example Wire, published 2023-03-20, in Moscow, "
                    "Moscow, RUS"],
        "fields": {"dataset": "polecat", "code": "CONSULT/visit", "record": "a1b2c3_1",
                   "source_actor": "China", "target_actor": "Russia"}}


@pytest.mark.parametrize("cells", [
    {"Actor_Name": "Xi Jinping", "Primary_Actor_Sector": "Government",
     "Actor_Title": "President"},  # a person of the state
    {"Actor_Name": "Beijing"},  # a place in it
    {"Recipient_Sectors": "Military"},
    {"Event_Type": "SANCTION", "Event_Mode": "expel"},  # not a diplomat's expulsion
    {"Event_Type": "SUPPORT"},  # recognition and signing share it with praise
    {"Contexts": "diplomatic; future"},
])
def test_what_stays_evidence(tmp_path: Path, cells: dict[str, str]) -> None:
    kept = events(read(tsv(tmp_path, row(**cells))))
    assert [e["type"] for e in kept] == ["coded_event"]
    assert (kept[0]["actor"], kept[0]["target"]) == ("china", "russia")


def test_several_entities_in_a_cell_become_pairs(tmp_path: Path) -> None:
    items = read(tsv(tmp_path, row(Actor_Name="France; Germany", Actor_Country="FRA; DEU",
                                   Recipient_Name="Ukraine", Recipient_Country="UKR")))
    assert [(e["id"], e["actor"], e["target"]) for e in events(items)
            if e["type"] == "coded_event"] == [
        ("polecat-a1b2c3_1-1-3", "france", "ukraine"),
        ("polecat-a1b2c3_1-2-3", "germany", "ukraine")]
    assert Counter(e["type"] for e in events(items)) == {"coded_event": 2}


def test_rows_that_map_to_nothing_say_why(tmp_path: Path) -> None:
    items = read(tsv(
        tmp_path,
        row("e1", Recipient_Name="None", Recipient_Country="None"),
        row("e2", Event_Date="None"),
        row("e3", Actor_Name="Police", Recipient_Name="Protesters", Actor_Country="RUS",
            Primary_Actor_Sector="Police"),
        row("e4", Actor_Name="A; B; C", Actor_Country="FRA; DEU"),
        row("e5", Actor_Name="Atlantis", Actor_Country="None"),
        row("None"),
        row("e7", Event_Type="None"),
        row("e8")[:12],
    ))
    assert skips(items) == [
        ("one-sided: one source and no recipient", "China"),
        ("no usable Event Date (YYYY-MM-DD)", "None"),
        ("domestic: both sides filed under one actor", "Russia"),
        ("names and countries of several entities that do not line up", "A; B; C"),
        ("an actor no map knows (add it with --actor-map)", "Atlantis"),
        ("no Event ID", ""),
        ("no Event Type", "e7"),
        ("a row of another length than its header", "12 columns under 40"),
    ]


def test_releases_with_extra_header_names_or_empty_columns_are_read(tmp_path: Path) -> None:
    # Some releases name Headline and others in the header of rows that lack them; some
    # end rows with empty columns.
    header = [*COLUMNS[:7], "Headline", *COLUMNS[7:], "Story ID"]
    assert len(events(read(tsv(tmp_path, row(), header=header)))) == 1
    assert len(events(read(tsv(tmp_path, [*row(), "", ""])))) == 1


def test_a_file_without_polecat_columns_is_refused(tmp_path: Path) -> None:
    path = tsv(tmp_path, header=["Event ID", "Event Date", "CAMEO Code"])
    with pytest.raises(InvalidValue) as exc:
        read(path)
    assert refusal(exc) == (f"{path}:1: not a POLECAT file: no column(s) Event Type, Actor "
                            "Name, Actor Country, Recipient Name, Recipient Country")
