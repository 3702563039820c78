"""What a hostile name, note or source cannot do to an output: a spreadsheet does not run a
CSV cell, a page does not take a headline or a link for HTML, a report's data cannot end its
script, a terminal does not obey an escape, a chart stays valid SVG."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import (
    Runner,
    two_actors,
)


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


def test_timelinejs_export_escapes_quotes_in_links(run: Runner) -> None:
    two_actors(run)
    run.ok("add", "statement", "--actor", "x", "--target", "y", "--on", "2020",
           "--source", 'https://x.org/"onmouseover="alert(1)', "--note", 'a "quoted" <b>note')
    doc = json.loads(run.ok("export", "--format", "timelinejs").stdout)
    text = doc["events"][0]["text"]["text"]
    assert 'href="https://x.org/&quot;onmouseover=&quot;alert(1)"' in text
    assert "<b>" not in text and "&lt;b&gt;" in text


def test_terminal_escapes_in_notes_are_shown_not_obeyed(seeded: Runner) -> None:
    seeded.ok("add", "statement", "--actor", "russia", "--on", "2021-12-01",
              "--note", "\x1b]0;owned\x07\x1b[2Jclear", "--id", "osc")
    shown = seeded.ok("log", "--from", "2021-12").stdout
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b]0;owned\\x07\\x1b[2Jclear" in shown
    assert json.loads(seeded.ok("log", "--json", "--from", "2021-12").stdout)[0]["note"] == \
        "\x1b]0;owned\x07\x1b[2Jclear", "the record keeps the text as given"


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


def test_a_control_character_in_a_name_keeps_the_svg_valid(run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "a", "--name", "A\x01")
    run.ok("actor", "add", "b", "--name", "B")
    run.ok("add", "relations_established", "--actor", "a", "--target", "b", "--on", "2001")
    out = tmp_path / "c.svg"
    result = run.ok("chart", "a", "b", "--out", str(out))
    assert "Glyph" not in result.stderr
    ET.parse(out)
