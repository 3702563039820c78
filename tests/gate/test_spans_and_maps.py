"""Inputs the gate had let through or crashed on (issue 21): impossible days and EDTF
seasons inside spans, actor-map names that collide when case is ignored, ICEWS rows with an
odd Event ID or date. Each is refused in one line (nothing stored) or skipped with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIELD, Runner, needs_field, refused, snapshot, two_actors, write_file


@pytest.mark.parametrize(("on", "needle"), [
    ("2021-02-29/2021-03", "2021-02-29: day is out of range for month"),
    ("../2021-02-30", "2021-02-30: day is out of range for month"),
    ("2021-01/2021-21", "2021-21 has no month 21 (months are 01 to 12"),
    ("2021-00/2021-03", "2021-00 has no month 00"),
    ("2021-04~/2021-22?", "2021-22 has no month 22"),
])
def test_a_span_with_an_impossible_end_is_refused(run: Runner, tmp_path: Path, on: str,
                                                  needle: str) -> None:
    two_actors(run)
    before = snapshot(run.db)
    refused(run("add", "statement", "--actor", "x", "--target", "y", "--on", on), needle)
    path = write_file(tmp_path, "e.yaml", "events:\n  - {type: statement, actor: x, "
                      f"target: y, on: '{on}'}}\n")
    refused(run("import", str(path)), f"{path}:", needle)
    assert snapshot(run.db) == before


def test_a_possible_span_still_passes(run: Runner) -> None:
    two_actors(run)
    run.ok("add", "statement", "--actor", "x", "--target", "y", "--on", "2020-02-29/2021-12")


def test_map_names_that_differ_only_in_spaces_must_agree(run: Runner, tmp_path: Path) -> None:
    names = write_file(tmp_path, "m.yaml", '"Russia": russia\n"Russia ": france\n')
    data = write_file(tmp_path, "e.tab", "x\n")
    refused(run("import", "--format", "icews", "--actor-map", str(names), str(data)),
            f"{names}: 'Russia' maps to 'russia' and to 'france'")


@pytest.mark.parametrize(("name", "text"), [
    ("m.yaml", "Russia: russia\nRUSSIA: france\n"),
    ("m.csv", "name,id\nRussia,russia\nrussia,russia\nRUSSIA,france\n"),
])
def test_map_names_that_differ_only_in_case_must_agree(run: Runner, tmp_path: Path,
                                                       name: str, text: str) -> None:
    names = write_file(tmp_path, name, text)
    data = write_file(tmp_path, "e.tab", "x\n")
    where = f"{names}:4" if name.endswith(".csv") else str(names)
    refused(run("import", "--format", "icews", "--actor-map", str(names), str(data)),
            f"{where}: 'Russia' and 'RUSSIA' are one name", "'russia' and 'france'")


@needs_field
def test_odd_icews_rows_are_skipped_with_a_reason(run: Runner, tmp_path: Path) -> None:
    lines = (FIELD / "icews" / "events.2018-06-01.tab").read_bytes().split(b"\n")
    header, good = lines[0], lines[1:3]
    bad_id = b"\t".join([b"2018?", *lines[3].split(b"\t")[1:]])
    cells = lines[4].split(b"\t")
    bad_day = b"\t".join([cells[0], b"2018-02-30", *cells[2:]])
    path = tmp_path / "odd.tab"
    path.write_bytes(b"\n".join([header, *good, bad_id, bad_day]) + b"\n")
    out = run.ok("import", "--format", "icews", "--create-actors", str(path)).output
    assert "an Event ID of other than letters, digits, '.', '_', '-' x1 (e.g. 2018?)" in out
    assert "an Event Date that is no day of the calendar (YYYY-MM-DD) x1 (e.g. 2018-02-30)" \
        in out


@pytest.mark.parametrize(("year", "said"), [
    ('"' + "1" * 5000 + '"', "invalid start_date x1 (e.g. year '1111"),
    ("1" * 4000, "invalid start_date x1 (e.g. year of 3986 digits or so)"),
])
def test_a_timelinejs_year_of_thousands_of_digits_is_skipped(run: Runner, tmp_path: Path,
                                                             year: str, said: str) -> None:
    run.ok("actor", "add", "a", "--name", "A")
    path = write_file(tmp_path, "t.json", '{"title": {"text": {"headline": "t"}}, "events": '
                      f'[{{"start_date": {{"year": {year}}}, "text": {{"headline": "h"}}}}]}}')
    out = run.ok("import", "--format", "timelinejs", "--actor", "a", str(path)).output
    assert said in out and len(out) < 400  # the example is cut, not 5,000 digits


def test_a_json_number_too_long_to_read_is_refused_in_one_line(run: Runner,
                                                              tmp_path: Path) -> None:
    run.ok("actor", "add", "a", "--name", "A")
    path = write_file(tmp_path, "t.json", '{"title": {"text": {"headline": "t"}}, "events": '
                      f'[{{"start_date": {{"year": {"1" * 5000}}}}}]}}')
    refused(run("import", "--format", "timelinejs", "--actor", "a", str(path)),
            f"{path}: malformed JSON: a number too long")
