"""The second hostile review's findings, each now refused in one line or handled, with the
store as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, Runner, refused, snapshot

from timeline.app import Timeline
from timeline.domain.values import Item, Record
from timeline.errors import Conflict


def test_export_will_not_write_over_the_store(seeded: Runner, tmp_path: Path) -> None:
    if not seeded.db.endswith(".db"):
        pytest.skip("a SQLite store's own file")
    before = snapshot(seeded.db)
    refused(seeded("export", "--out", seeded.db), "will not write over", "database")
    assert snapshot(seeded.db) == before
    seeded.ok("state", "russia", "nato")


def test_a_postgresql_database_not_in_utf8_is_refused(tmp_path: Path) -> None:
    base = os.environ.get("TIMELINE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("PostgreSQL tests need TIMELINE_TEST_POSTGRES_URL")
    import psycopg

    name = f"tl_latin1_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' "
                     "TEMPLATE template0".encode())
    try:
        url = base.rsplit("/", 1)[0] + f"/{name}"
        refused(Runner(url)("actor", "add", "c", "--name", "日本"), "LATIN1", "UTF8")
        with psycopg.connect(url) as conn:
            tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            assert tables.fetchone() == (0,), "nothing was created"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def test_another_eventsourcing_applications_file_is_refused(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE stored_events (id INTEGER PRIMARY KEY, payload TEXT)")
        conn.execute("INSERT INTO stored_events (payload) VALUES ('precious')")
    before = other.read_bytes()
    for args in (("actor", "list"), ("actor", "add", "a", "--name", "A")):
        refused(Runner(str(other))(*args), "another application's tables")
    assert other.read_bytes() == before


@pytest.mark.parametrize(("text", "needle"), [
    ("on: 02021", "'02021'"),
    ("on: 0999", "'0999'"),
    ("on: '2021', fields: {count: !!int abc}", "not a decimal integer"),
    ("on: '2021', fields: {count: !!float x}", "malformed YAML"),
    ("on: !!timestamp 2021-02-30", "malformed YAML"),
    ("on: '2021', fields: {count: " + "1" * 5000 + "}", "'count'"),
])
def test_yaml_numbers_are_decimal_or_refused(seeded: Runner, tmp_path: Path, text: str,
                                             needle: str) -> None:
    path = tmp_path / "n.yaml"
    path.write_text("events:\n  - {type: expulsion, actor: nato, target: russia, " + text + "}\n",
                    encoding="utf-8")
    before = snapshot(seeded.db)
    refused(seeded("import", str(path)), "n.yaml", needle)
    assert snapshot(seeded.db) == before


def test_a_yaml_count_with_a_leading_zero_is_read_in_decimal(seeded: Runner,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "z.yaml"
    path.write_text("events:\n  - {id: z, type: expulsion, actor: nato, target: russia, "
                    "on: '2021-12-01', fields: {count: 010}}\n", encoding="utf-8")
    seeded.ok("import", str(path))
    assert json.loads(seeded.ok("log", "--json", "--from", "2021-12").stdout)[0]["fields"] == {
        "count": 10}


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


def test_an_actor_registered_differently_during_an_import_stops_it(app: Timeline) -> None:
    def items() -> Iterator[Item]:
        yield "actor", Record("f:1", {"id": "x", "name": "Name From File", "kind": "state"})
        yield "actor", Record("f:2", {"id": "y", "name": "Y"})
        yield "event", Record("f:3", {"type": "statement", "actor": "x", "on": "2001"})
        # Between the two passes, another process registers x as something else.
        other = Timeline.open(app.config.display)
        try:
            other.add_actor("x", "Other Name", "official")
        finally:
            other.close()

    with pytest.raises(Conflict, match="'x' was registered by another process meanwhile"):
        app.import_stream(items)
    assert app.list_events() == []
    assert [(a.id, a.name) for a in app.actors()] == [("x", "Other Name")]


def test_a_refused_command_leaves_no_new_store_behind(tmp_path: Path) -> None:
    for args in (("add", "bogus", "--actor", "x", "--on", "2021"),
                 ("actor", "add", "bad id", "--name", "X"),
                 ("import", str(ROOT / "events" / "russia-nato.yaml"), "--format", "icews",
                  "--actor-map", str(ROOT / "events" / "russia-nato.yaml"))):
        new = tmp_path / "new.db"
        result = Runner(str(new))(*args)
        assert result.exit_code == 1, result.output
        assert not new.exists() and not Path(f"{new}-wal").exists(), args


def test_a_fifo_as_the_store_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "timeline", "--db", str(fifo), "actor", "list"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "not a regular file" in done.stderr


def test_a_control_character_in_a_name_keeps_the_svg_valid(run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "a", "--name", "A\x01")
    run.ok("actor", "add", "b", "--name", "B")
    run.ok("add", "relations_established", "--actor", "a", "--target", "b", "--on", "2001")
    out = tmp_path / "c.svg"
    result = run.ok("chart", "a", "b", "--out", str(out))
    assert "Glyph" not in result.stderr
    ET.parse(out)


def test_known_at_means_the_end_of_a_day_however_the_day_is_written(seeded: Runner) -> None:
    dashed = seeded.ok("log", "--known-at", "2099-11-25", "--json").stdout
    for other in ("20991125", "2099-W48-3"):
        assert seeded.ok("log", "--known-at", other, "--json").stdout == dashed


def test_a_write_error_on_standard_output_is_one_line(seeded: Runner) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", seeded.db, "state",
                               "russia", "nato"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: cannot write the output: No space left on device"


def test_a_chart_of_the_last_day_of_the_calendar(seeded: Runner, tmp_path: Path) -> None:
    seeded.ok("chart", "russia", "nato", "--from", "9999-12-31", "--to", "9999-12-31",
              "--out", str(tmp_path / "e.png"))


def test_an_actor_map_naming_one_name_twice_is_refused(seeded: Runner, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name,id\nRussia,russia\nRussia,nato\n", encoding="utf-8")
    data = tmp_path / "p.jsonl"
    data.write_text("", encoding="utf-8")
    refused(seeded("import", "--format", "plover", "--actor-map", str(names), str(data)),
            "names.csv:3", "'Russia'")
