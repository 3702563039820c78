"""Nothing unsound gets into the record, and no input can break a store: each case that
once did is refused in one line, leaves the store as it was, and the store still works."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from helpers import Runner, refused, snapshot

# What check finds in the seed itself, and nothing more: the Kerry offer and its two vetoes
# share a span, so which came last is not known from their dates.
SEED_FINDINGS = {("order_unknown", ("russia-offers-us-seat-in-normandy-format",
                                    f"{veto}-vetoes-us-seat-in-normandy-format"))
                 for veto in ("germany", "france")}


def _still_works(run: Runner) -> None:
    run.ok("state", "russia", "nato", "--as-of", "2021-11-02")
    run.ok("add", "statement", "--actor", "russia", "--on", "2021-12-01", "--note", "fine")
    found = run("check", "--json")
    assert found.exit_code == 1, found.output
    findings = json.loads(found.stdout)
    assert {(f["kind"], tuple(f["events"])) for f in findings} == SEED_FINDINGS
    assert len(findings) == len(SEED_FINDINGS)


def test_a_huge_count_is_refused_twice_and_the_store_works(seeded: Runner) -> None:
    before = snapshot(seeded.db)
    for _ in range(2):
        refused(seeded("add", "expulsion", "--actor", "nato", "--target", "russia",
                       "--on", "2021-12-01", "--set", "count=" + "9" * 4400),
                "'count'", "1,000,000")
    refused(seeded("add", "expulsion", "--actor", "nato", "--target", "russia",
                   "--on", "2021-12-01", "--set", "count=1000001"), "1,000,000")
    assert snapshot(seeded.db) == before
    _still_works(seeded)


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("--note", "a\x00b", "unwritable character '\\x00'"),
    ("--note", "a\udc80b", "unwritable character"),
    ("--source", "x\x00", "unwritable character"),
    ("--note", "n" * 5001, "longer than 5000"),
])
def test_text_the_store_cannot_hold_is_refused(seeded: Runner, field: str, value: str,
                                               needle: str) -> None:
    before = snapshot(seeded.db)
    refused(seeded("add", "statement", "--actor", "russia", "--on", "2021-12-01",
                   field, value), needle)
    assert snapshot(seeded.db) == before
    _still_works(seeded)


def test_an_actor_name_with_nul_in_an_import_stores_nothing(seeded: Runner,
                                                            tmp_path: Path) -> None:
    data = tmp_path / "nul.json"
    data.write_text(json.dumps({
        "actors": [{"id": "ruritania", "name": "Ruri\u0000tania"}],
        "events": [{"type": "statement", "actor": "ruritania", "on": "2020"}]}))
    before = snapshot(seeded.db)
    refused(seeded("import", str(data)), "nul.json", "unwritable character")
    assert snapshot(seeded.db) == before
    _still_works(seeded)


@pytest.mark.parametrize(("text", "needles"), [
    # A "billion laughs": refused at the first alias, at once, in a short message.
    ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)), ("aliases",)),
    ("events:\n  - {id: e, type: statement, actor: russia, on: '2020', on: '2021'}\n",
     ("duplicate key 'on'",)),
    ("events:\n  - {id: e, type: statement, actor: russia, on: 99}\n", ("99", "four digits")),
    ("events:\n  - {id: e, type: statement, actor: russia, on: 0x7E5}\n", ("'0x7E5'",)),
    ("events:\n  - {id: e, type: statement, actor: russia, on: '0999'}\n",
     ("'0999'", "1000 to 2999")),
    ("events:\n  - {id: e, type: statement, actor: russia, on: '2021', status: retracted}\n",
     ("'retracted'",)),
    ("events:\n  - {id: e, type: statement, actor: russia, on: '2021', recorded_at: soon}\n",
     ("'soon'",)),
    ("events:\n" + "  " * 1 + "- " + "[" * 200 + "]" * 200 + "\n", ("nested more than",)),
])
def test_yaml_that_would_expand_lie_or_nest_is_refused(seeded: Runner, tmp_path: Path,
                                                       text: str, needles: tuple[str, ...]
                                                       ) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    before = snapshot(seeded.db)
    started = time.perf_counter()
    err = refused(seeded("import", str(path)), "bad.yaml", *needles)
    assert time.perf_counter() - started < 10, "refused without expanding anything"
    assert len(err) < 400
    assert snapshot(seeded.db) == before


@pytest.mark.parametrize(("text", "needles"), [
    ('{"events": [{"id": "e", "id": "f", "type": "statement", "actor": "russia", '
     '"on": "2021"}]}', ("duplicate key 'id'",)),
    ('{"events": ' + "[" * 100_000 + "]" * 100_000 + "}", ("nested too deeply",)),
])
def test_json_with_duplicate_keys_or_runaway_nesting_is_refused(
        seeded: Runner, tmp_path: Path, text: str, needles: tuple[str, ...]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    before = snapshot(seeded.db)
    refused(seeded("import", str(path)), "bad.json", *needles)
    assert snapshot(seeded.db) == before


def test_devices_and_fifos_are_not_read(seeded: Runner, tmp_path: Path) -> None:
    refused(seeded("import", "--format", "plover", "--actor-map", "/dev/zero",
                   "events/russia-nato.yaml"), "/dev/zero", "not a regular file")
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    refused(seeded("import", "--format", "plover", str(fifo)), "pipe.jsonl",
            "not a regular file")


def test_a_csv_without_our_columns_is_refused(seeded: Runner, tmp_path: Path) -> None:
    exported = seeded.ok("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    without = io.StringIO()
    columns = [c for c in rows[0] if c != "sources"]
    writer = csv.DictWriter(without, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "no-sources.csv"
    path.write_text(without.getvalue(), encoding="utf-8")
    before = snapshot(seeded.db)
    refused(seeded("import", str(path)), "no-sources.csv:1", "sources")
    assert snapshot(seeded.db) == before
    huge = tmp_path / "huge-header.csv"
    huge.write_text('"' + "h" * 200_000 + '"\n', encoding="utf-8")
    refused(seeded("import", str(huge)), "huge-header.csv:1")


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(run: Runner,
                                                           tmp_path: Path) -> None:
    run.ok("actor", "add", "x", "--name", "=HYPERLINK(\"http://evil\")")
    run.ok("actor", "add", "y", "--name", "@SUM(A1)")
    run.ok("add", "statement", "--actor", "x", "--target", "y", "--on", "2020",
           "--note", "+1 says -2", "--id", "formula")
    exported = run.ok("export", "--format", "csv").stdout
    cells = [c for row in csv.reader(io.StringIO(exported)) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'+1 says -2" in cells
    # Our own import takes the quote off again: the round trip is exact.
    path = tmp_path / "out.csv"
    path.write_text(exported, encoding="utf-8")
    fresh = Runner(str(tmp_path / "fresh.db"))
    fresh.ok("import", str(path))
    assert json.loads(fresh.ok("log", "--json").stdout)[0]["note"] == "+1 says -2"
    assert {a["name"] for a in json.loads(fresh.ok("actor", "list", "--json").stdout)} == {
        "=HYPERLINK(\"http://evil\")", "@SUM(A1)"}


def test_timelinejs_headlines_are_text_not_html(run: Runner) -> None:
    run.ok("actor", "add", "x", "--name", "<img src=x onerror=alert(1)>")
    run.ok("actor", "add", "y", "--name", "Y")
    run.ok("add", "meeting", "--actor", "x", "--target", "y", "--on", "2020",
           "--set", "location=<b>Minsk</b>")
    document = json.loads(run.ok("export", "--format", "timelinejs").stdout)
    headline = document["events"][0]["text"]["headline"]
    assert "<" not in headline and "&lt;img" in headline and "&lt;b&gt;Minsk" in headline
    assert "<" not in document["title"]["text"]["headline"]


def test_terminal_escapes_in_notes_are_shown_not_obeyed(seeded: Runner) -> None:
    seeded.ok("add", "statement", "--actor", "russia", "--on", "2021-12-01",
              "--note", "\x1b]0;owned\x07\x1b[2Jclear", "--id", "osc")
    shown = seeded.ok("log", "--from", "2021-12").stdout
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b]0;owned\\x07\\x1b[2Jclear" in shown
    assert json.loads(seeded.ok("log", "--json", "--from", "2021-12").stdout)[0]["note"] == \
        "\x1b]0;owned\x07\x1b[2Jclear", "the record keeps the text as given"


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


def test_read_commands_never_make_a_store(tmp_path: Path) -> None:
    for args in (("state", "a", "b"), ("log",), ("actor", "list"), ("check",),
                 ("export",), ("rebuild",), ("history", "x")):
        missing = tmp_path / "typo.db"
        refused(Runner(str(missing))(*args), "no store at", "timeline import")
        assert not missing.exists(), args


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = other.read_bytes()
    for args in (("state", "a", "b"), ("actor", "add", "x", "--name", "X")):
        refused(Runner(str(other))(*args), "another application's tables")
    assert other.read_bytes() == before


def test_odd_settings_are_one_line_refusals(seeded: Runner) -> None:
    refused(Runner("postgresql://u@h:99999/x")("log"), "invalid port")
    refused(Runner("postgresql://u@h:notaport/x")("log"), "invalid port")
    refused(seeded("import", "events/", TIMELINE_IMPORT_BATCH="²"), "TIMELINE_IMPORT_BATCH")


def test_postgresql_urls_say_what_is_wrong_at_once(store: str) -> None:
    if not store.startswith("postgresql"):
        pytest.skip("about PostgreSQL URLs")
    pg_store = store
    base, _, _ = pg_store.rpartition("/")
    # URL parameters would reach our connection and not the event log's: refused.
    refused(Runner(pg_store + "?dbname=other")("actor", "list"), "parameters in the URL")
    refused(Runner(pg_store + "?sslmode=require")("actor", "list"), "PGSSLMODE")
    for url, needle in ((pg_store.replace(":5432/", ":1/"), "refused"),
                        (base + "/no_such_database_here", "does not exist")):
        started = time.perf_counter()
        refused(Runner(url)("actor", "add", "x", "--name", "X"), needle)
        assert time.perf_counter() - started < 5, "the cause at once, not after a timeout"
    # The environment reaches both connections: nothing is created over plaintext.
    refused(Runner(pg_store)("actor", "add", "x", "--name", "X", PGSSLMODE="require"), "SSL")
    refused(Runner(pg_store)("actor", "list"), "no store at")


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
    _still_works(seeded)
