"""Odd and hostile input to the formats, the chart and the report (found in review)."""

from __future__ import annotations

import json
import re
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
    snapshot,
    two_actors,
)


def test_a_source_url_must_be_a_web_address(run: Runner, tmp_path: Path) -> None:
    two_actors(run)
    before = snapshot(run.db)
    data = {"events": [{"id": "s", "type": "statement", "actor": "x", "target": "y",
                        "on": "2020", "sources": [{"url": "javascript:alert(1)",
                                                   "title": "Wire"}]}]}
    path = tmp_path / "js.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused(run("import", str(path)), "javascript:alert(1)", "http")
    assert snapshot(run.db) == before


def test_timelinejs_export_escapes_quotes_in_links(run: Runner) -> None:
    two_actors(run)
    run.ok("add", "statement", "--actor", "x", "--target", "y", "--on", "2020",
           "--source", 'https://x.org/"onmouseover="alert(1)', "--note", 'a "quoted" <b>note')
    doc = json.loads(run.ok("export", "--format", "timelinejs").stdout)
    text = doc["events"][0]["text"]["text"]
    assert 'href="https://x.org/&quot;onmouseover=&quot;alert(1)"' in text
    assert "<b>" not in text and "&lt;b&gt;" in text


def test_report_data_cannot_end_or_hide_the_script(run: Runner, tmp_path: Path) -> None:
    two_actors(run, name="A </script><!--<script> $5")
    run.ok("add", "statement", "--actor", "x", "--target", "y", "--on", "2020-03",
           "--note", "a <!--<script> and </script><img src=x onerror=alert(1)>")
    out = tmp_path / "r.html"
    run.ok("report", "x", "y", "--out", str(out))
    block = re.search(r'<script type="application/json" id="data">(.*?)</script>',
                      out.read_text(encoding="utf-8"), re.S)
    assert block is not None and "<" not in block.group(1) and ">" not in block.group(1)
    assert json.loads(block.group(1))["events"][0]["note"].startswith("a <!--<script>")


def test_chart_with_dollar_signs_in_a_name(run: Runner, tmp_path: Path) -> None:
    two_actors(run, name=r"Costs $\undefinedcommand$ and $5")
    run.ok("add", "statement", "--actor", "x", "--target", "y", "--on", "2020-03-01")
    out = tmp_path / "m.svg"
    run.ok("chart", "x", "y", "--out", str(out))
    assert r"Costs $\undefinedcommand$ and $5" in out.read_text(encoding="utf-8")


def test_chart_ranges(run: Runner, tmp_path: Path) -> None:
    two_actors(run)
    run.ok("add", "expulsion", "--actor", "x", "--target", "y", "--on", "2020-03-01",
           "--set", "count=2")
    refused(run("chart", "x", "y", "--from", "2021", "--to", "2020", "--out",
                str(tmp_path / "r.png")), "--from 2021-01-01", code=2)
    one_day = run("chart", "x", "y", "--from", "2020-03-01", "--to", "2020-03-01",
                  "--out", str(tmp_path / "d.png"))
    assert one_day.exit_code == 0 and one_day.stderr == ""
    only_one = run("chart", "x", "y", "--out", str(tmp_path / "one.svg"))
    assert only_one.exit_code == 0 and "expel 2" in (tmp_path / "one.svg").read_text()


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


def test_plover_records_without_our_event_are_coded_data_and_change_no_fact(
    seeded: Runner, tmp_path: Path
) -> None:
    out = tmp_path / "seed.jsonl"
    seeded.ok("export", "russia", "nato", "--format", "plover", "--out", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == len(json.loads(seeded.ok("log", "russia", "nato", "--json").stdout))
    for line in lines:
        del line["timeline"]
        line["actor"] = line["actor"].capitalize()
    out.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    args = ("state", "russia", "nato", "--as-of", "2021-11-02", "--json")
    before = seeded.ok(*args).stdout
    # Names resolve through the built-in map ("Russia", "Nato"); each record is evidence,
    # and only the consultations are meetings (which change no fact). Of the pair's 21
    # records, 6 have no day PLOVER can read (the mission and the line seen by a day,
    # Russia's four measures of "2021-11-01?") and the 2 statements no event type.
    result = json.loads(seeded.ok("import", "--format", "plover", str(out), "--json").stdout)
    assert result["by_type"] == {"coded_event": 13, "meeting": 2}
    assert result["skipped"] == {"no date (YYYY-MM-DD)": 6, "no event type": 2}
    assert seeded.ok(*args).stdout == before


def test_report_agrees_with_the_cli_and_handles_an_empty_pair(
    seeded: Runner, tmp_path: Path, browser: object
) -> None:
    run = seeded
    run.ok("correct", "russia-recalls-mission-to-nato", "--on", "2021-12", "--reason", "t")
    run.ok("retract", "nato-caps-russia-mission-at-10", "--reason", "t")
    run.ok("add", "expulsion", "--actor", "russia", "--target", "nato", "--on", "2021-11",
           "--announced", "2021-10", "--set", "count=3")
    out = tmp_path / "r.html"
    run.ok("report", "russia", "nato", "--out", str(out))
    driver: object = browser
    driver.get(out.as_uri())  # type: ignore[attr-defined]
    for day in ("1997-05-27", "2014-04-01", "2021-10-01", "2021-10-20", "2021-11-01",
                "2021-11-30", "2021-12-01", "2022-06-01"):
        cli = json.loads(run.ok("state", "russia", "nato", "--as-of", day, "--json").stdout)
        page = driver.execute_script(  # type: ignore[attr-defined]
            "const d = dayOf(arguments[0]); return {facts: stateAt(data.intervals, d).map("
            "f => [f.subject, f.attribute, f.value, f.since, f.event]),"
            " pending: pendingAt(d).map(e => e.id),"
            " flying: inFlight(d).flatMap(e => e.touches)};",
            day)
        assert page["facts"] == [[f["subject"], f["attribute"], f["value"], f["since"],
                                  f["event"]] for f in cli["facts"]
                                 if f["value"] is not None], day
        # What the CLI calls uncertain, the page marks: an event in flight touches it.
        assert {(f["subject"], f["attribute"]) for f in cli["facts"]
                if f["certainty"] == "uncertain"} <= {tuple(t) for t in page["flying"]}, day
        assert sorted(page["pending"]) == sorted(e["id"] for e in cli["pending"]), day
    logs = [e for e in driver.get_log("browser")  # type: ignore[attr-defined]
            if e.get("level") == "SEVERE"]
    assert logs == []
    # A pair with no events has nothing to show: refused in one line, no page written.
    run.ok("actor", "add", "ruritania", "--name", "Ruritania", "--kind", "state")
    empty = tmp_path / "empty.html"
    refused(run("report", "ruritania", "nato", "--out", str(empty)),
            "no events between 'ruritania' and 'nato'")
    assert not empty.exists()
