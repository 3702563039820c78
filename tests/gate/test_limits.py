"""The bounds of what the record takes and the pictures draw: counts up to a million, dates
from 1000 to 2999, numbers and events of bounded size, a large file refused whole by its
last record, and charts at the ends of the calendar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import (
    Runner,
    refused,
    snapshot,
    still_works,
    two_actors,
)


def test_a_huge_count_is_refused_twice_and_the_store_works(seeded: Runner) -> None:
    before = snapshot(seeded.db)
    for _ in range(2):
        refused(seeded("add", "expulsion", "--actor", "nato", "--target", "russia",
                       "--on", "2021-12-01", "--set", "count=" + "9" * 4400),
                "'count'", "1,000,000")
    refused(seeded("add", "expulsion", "--actor", "nato", "--target", "russia",
                   "--on", "2021-12-01", "--set", "count=1000001"), "1,000,000")
    assert snapshot(seeded.db) == before
    still_works(seeded)


@pytest.mark.parametrize("name", ["big.json", "big.jsonl"])
def test_numbers_of_thousands_of_digits_are_one_line(seeded: Runner, tmp_path: Path,
                                                     name: str) -> None:
    event = '{"type":"expulsion","actor":"nato","target":"russia","on":"2021",' \
            '"fields":{"count":' + "1" * 5000 + "}}"
    path = tmp_path / name
    path.write_text(event + "\n" if name.endswith("l") else '{"events":[' + event + "]}",
                    encoding="utf-8")
    refused(seeded("import", str(path)), name, "a number too long")
    refused(seeded("import", "events/", TIMELINE_IMPORT_BATCH="1" * 5000),
            "TIMELINE_IMPORT_BATCH")


def test_an_event_too_large_to_export_is_refused_and_one_just_under_travels(
        run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "a", "--name", "A")
    sources = [{"url": "https://x.org/" + "a" * 1980, "title": "é" * 2000,
                "publisher": "\x01" * 2000, "published": '"' * 2000} for _ in range(50)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"events": [{"type": "statement", "actor": "a", "on": "2021",
                                            "sources": sources}]}), encoding="utf-8")
    refused(run("import", str(path)), "characters as stored", "100,000")
    fits = [{"url": "https://x.org/" + "a" * 1000, "title": "é" * 1000} for _ in range(10)]
    path.write_text(json.dumps({"events": [{"id": "fits", "type": "statement", "actor": "a",
                                            "on": "2021", "sources": fits,
                                            "note": "\x01\"" * 2000}]}), encoding="utf-8")
    run.ok("import", str(path))
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"out.{fmt}"
        run.ok("export", "--format", fmt, "--out", str(out))
        again = Runner(str(tmp_path / f"again-{fmt}.db"))
        again.ok("import", str(out))
        assert json.loads(again.ok("log", "--json").stdout)[0]["sources"] == fits


def test_one_bad_record_at_the_end_of_a_large_file_stores_nothing(seeded: Runner,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({"id": f"s{i}", "type": "statement", "actor": "russia", "target": "nato",
                         "on": "2021-12-01"}) for i in range(10_001)]
    lines.append('{"id": "last", "type": "statement", "actor": "russia", "on": "2021", '
                 '"note": "a lone surrogate: \\ud800"}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(seeded.db)
    refused(seeded("import", str(path)), "big.jsonl:10002", "unwritable character")
    assert snapshot(seeded.db) == before
    still_works(seeded)


def test_dates_at_the_edges_draw_and_dates_beyond_are_refused(run: Runner,
                                                              tmp_path: Path) -> None:
    run.ok("actor", "add", "x", "--name", "X")
    run.ok("actor", "add", "y", "--name", "Y")
    run.ok("add", "relations_established", "--actor", "x", "--target", "y", "--on", "1000")
    run.ok("add", "relations_suspended", "--actor", "x", "--target", "y",
           "--on", "2999-12-31")
    run.ok("chart", "x", "y", "--out", str(tmp_path / "c.svg"))
    run.ok("chart", "x", "y", "--from", "0001", "--to", "9999", "--out", str(tmp_path / "c.png"))
    run.ok("report", "x", "y", "--out", str(tmp_path / "r.html"))
    for day in ("0999-12-31", "3000-01-01", "0001"):
        refused(run("add", "statement", "--actor", "x", "--on", day), day, "1000 to 2999")


def test_chart_ranges(run: Runner, tmp_path: Path) -> None:
    two_actors(run)
    run.ok("add", "expulsion", "--actor", "x", "--target", "y", "--on", "2020-03-01",
           "--set", "count=2")
    refused(run("chart", "x", "y", "--from", "2021", "--to", "2020", "--out",
                str(tmp_path / "r.png")), "the period starts on 2021-01-01", code=1)
    one_day = run("chart", "x", "y", "--from", "2020-03-01", "--to", "2020-03-01",
                  "--out", str(tmp_path / "d.png"))
    assert one_day.exit_code == 0 and one_day.stderr == ""
    only_one = run("chart", "x", "y", "--out", str(tmp_path / "one.svg"))
    assert only_one.exit_code == 0 and "expelled 2" in (tmp_path / "one.svg").read_text()


def test_a_chart_of_the_last_day_of_the_calendar(seeded: Runner, tmp_path: Path) -> None:
    seeded.ok("chart", "russia", "nato", "--from", "9999-12-31", "--to", "9999-12-31",
              "--out", str(tmp_path / "e.png"))
