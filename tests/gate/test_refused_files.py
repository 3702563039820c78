"""A file that is malformed, lies about its numbers, would expand, nests without end or is
not a file at all stores nothing: one line names the file and its line, and the store is as
it was. An import is all or nothing, across every file given."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    Runner,
    refused,
    snapshot,
    still_works,
    two_actors,
)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD_EVENT = """  - id: ok-{n}
    type: statement
    actor: nato
    target: russia
    on: "2021-1{n}"
"""


@pytest.mark.parametrize(
    ("name", "text", "needles"),
    [
        ("bad.yaml", "events:\n  - id: x\n    type: [unclosed\n",
         ["bad.yaml:4", "malformed YAML", "line 3"]),
        ("bad.json", '{"events": [\n  {"id": "x",}\n]}', ["bad.json:2", "malformed JSON"]),
        ("bad.jsonl", '{"id": "a", "type": "statement", "actor": "nato", "on": "2021"}\n{oops\n',
         ["bad.jsonl:2", "malformed JSON"]),
        ("list.yaml", "- 1\n- 2\n", ["list.yaml", "expected a mapping"]),
        ("extra.yaml", "event: []\n", ["extra.yaml", "'event'"]),
        # A good record first: the bad one at line 13 must stop the whole file.
        ("mixed.yaml", "events:\n" + GOOD_EVENT.format(n=0) + GOOD_EVENT.format(n=1)
         + "  - id: bad\n    type: expulsion\n    actor: nato\n    target: russia\n"
         "    on: \"2021-10-06\"\n    fields: {count: -2}\n", ["mixed.yaml:12", "got -2"]),
        ("typo.yaml", "events:\n  - id: t\n    type: statement\n    actor: nato\n"
         "    target: russia\n    on: '2021'\n    anounced: '2020'\n",
         ["typo.yaml:2", "'anounced'", "did you mean 'announced'"]),
        ("notes.txt", "hello", ["notes.txt", "cannot tell its format", "--format"]),
        ("dupe.yaml", "events:\n" + GOOD_EVENT.format(n=0)
         + "  - id: ok-0\n    type: statement\n    actor: russia\n    target: nato\n"
         "    on: '2021'\n", ["dupe.yaml:7", "'ok-0'", "dupe.yaml:2"]),
    ],
)
def test_malformed_files_store_nothing(
    base: tuple[Runner, Any], tmp_path: Path, name: str, text: str, needles: list[str]
) -> None:
    run, before = base
    refused(run("import", write(tmp_path, name, text)), *needles)
    assert snapshot(run.db) == before


def test_import_of_a_missing_path_is_refused(base: tuple[Runner, Any], tmp_path: Path) -> None:
    run, before = base
    refused(run("import", str(tmp_path / "nowhere.yaml")), "nowhere.yaml")
    assert snapshot(run.db) == before


def test_import_is_all_or_nothing_across_files(base: tuple[Runner, Any], tmp_path: Path) -> None:
    run, before = base
    good = write(tmp_path, "a.yaml", "events:\n" + GOOD_EVENT.format(n=0))
    bad = write(tmp_path, "b.yaml", "events:\n  - id: b\n    type: statement\n"
                "    actor: nobody\n    target: nato\n    on: '2021'\n")
    refused(run("import", good, bad), "b.yaml:2", "'nobody'")
    assert snapshot(run.db) == before


def test_an_actor_name_with_nul_in_an_import_stores_nothing(seeded: Runner,
                                                            tmp_path: Path) -> None:
    data = tmp_path / "nul.json"
    data.write_text(json.dumps({
        "actors": [{"id": "ruritania", "name": "Ruri\u0000tania"}],
        "events": [{"type": "statement", "actor": "ruritania", "on": "2020"}]}))
    before = snapshot(seeded.db)
    refused(seeded("import", str(data)), "nul.json", "unwritable character")
    assert snapshot(seeded.db) == before
    still_works(seeded)


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


def test_malformed_csv_is_one_line_with_its_line(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    header = "record,id,type,actor,target,on,announced,fields,sources,note,recorded_at,name,kind"
    path.write_text(header + "\nevent,\"abc\n" + "x,y\n" * 40_000, encoding="utf-8")
    before = snapshot(run.db)
    refused(run("import", str(path)), "q.csv:", "malformed row")
    assert snapshot(run.db) == before


def test_a_bad_byte_is_reported_on_its_own_line(run: Runner, tmp_path: Path) -> None:
    two_actors(run)
    line = json.dumps({"type": "statement", "actor": "x", "target": "y", "on": "2020"})
    path = tmp_path / "bad.jsonl"
    path.write_bytes(("\n".join([line] * 700) + "\n").encode() + b'{"note": "caf\xe9"}\n'
                     + (line + "\n").encode() * 300)
    refused(run("import", str(path)), "bad.jsonl:701", "UTF-8")


def test_a_byte_order_mark_is_not_content(run: Runner, tmp_path: Path) -> None:
    two_actors(run)
    for name, text in (("bom.jsonl", json.dumps({"id": "b1", "type": "statement",
                                                  "actor": "x", "target": "y",
                                                  "on": "2020"}) + "\n"),
                       ("bom.yaml", "events:\n  - {id: b2, type: statement, actor: x, "
                                    "target: y, on: '2021'}\n"),
                       ("bom.csv", "record,id,type,actor,target,on,announced,fields,sources,"
                                   "note,name,kind\nevent,b3,statement,x,y,2022,,,,,,\n")):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
        assert json.loads(run.ok("import", str(path), "--json").stdout)["events_added"] == 1
