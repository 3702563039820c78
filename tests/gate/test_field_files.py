"""The field's files as they come, and the actor maps that read them: odd quoting, a byte
order mark, CRLF and missing ids in ICEWS; actor maps checked row by row; a folder of data
with its map beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import (
    ICEWS_BY_TYPE,
    ICEWS_HEADER,
    ICEWS_SKIPPED,
    Runner,
    actor_map,
    icews_file,
    refused,
)


def test_icews_quotes_bom_crlf_and_missing_ids(run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "russia", "--name", "Russia")
    run.ok("actor", "add", "nato", "--name", "NATO")
    base = icews_file(tmp_path / "base.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in base[1:5]]
    text_at = ICEWS_HEADER.index("Event Text")
    rows[0][text_at] = '"Quoted text that never closes'
    rows[2][ICEWS_HEADER.index("Event ID")] = ""
    rows[3][ICEWS_HEADER.index("Event Date")] = "NA"
    content = "\r\n".join(["\t".join(ICEWS_HEADER)] + ["\t".join(r) for r in rows]) + "\r\n"
    data = tmp_path / "odd.tab"
    data.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    result = json.loads(run.ok("import", "--format", "icews", str(data), "--json").stdout)
    assert result["events_added"] == 2
    assert result["by_type"] == {"coded_event": 2}
    assert result["skipped"] == {"no Event ID or Event Date": 2}
    assert not result["skipped_examples"].get("no Event ID or Event Date")  # nothing to name
    logged = json.loads(run.ok("log", "--json").stdout)
    assert [e["id"] for e in logged] == ["icews-2021-10-06-9002", "icews-2021-10-18-9001"]
    note = logged[-1]["note"]
    assert note == '"Quoted text that never closes'  # no quote swallowed the rows after it
    # The byte order mark is not part of the first column's name, nor CR of the last value.
    assert logged[0]["fields"]["record"] == "2021-10-06-9002"
    assert all("\r" not in json.dumps(e) for e in logged)


@pytest.mark.parametrize(("text", "needles"), [
    ("name,id\nRussia\n", ["names.csv:2", "a name and an id"]),
    ("label,actor\n", ["names.csv:1", "name,id"]),
])
def test_actor_map_csv_is_checked(run: Runner, tmp_path: Path, text: str,
                                  needles: list[str]) -> None:
    names = tmp_path / "names.csv"
    names.write_text(text, encoding="utf-8")
    refused(run("import", "--format", "icews", "--actor-map", str(names),
                str(icews_file(tmp_path / "e.tsv"))), *needles)


def test_an_actor_map_naming_one_name_twice_is_refused(seeded: Runner, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name,id\nRussia,russia\nRussia,nato\n", encoding="utf-8")
    data = tmp_path / "p.jsonl"
    data.write_text("", encoding="utf-8")
    refused(seeded("import", "--format", "plover", "--actor-map", str(names), str(data)),
            "names.csv:3", "'Russia'")


def test_formats_read_their_own_files_from_a_folder(run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "russia", "--name", "Russia")
    run.ok("actor", "add", "nato", "--name", "NATO")
    folder = tmp_path / "icews"
    folder.mkdir()
    icews_file(folder / "2021.tsv")
    names = actor_map(folder / "names.yaml")  # beside the data: not read as data
    result = json.loads(run.ok("import", "--format", "icews", "--actor-map", str(names),
                               str(folder), "--json").stdout)
    assert result["by_type"] == ICEWS_BY_TYPE
    assert result["events_added"] == sum(ICEWS_BY_TYPE.values())
    assert result["skipped"] == ICEWS_SKIPPED
    refused(run("import", "--actor-map", str(names), "events/"), "--actor-map", code=2)
