"""`timeline import` without --format tells each file's format from its content, on the
published files of ../shared/data/field/ (sources and licences in its README: andybega/icews,
reed9999/gdelt-demo, NUKnightLab/TimelineJS3, openeventdata/PLOVER and plovigy,
philip-schrodt/ICEWS-to-jsonl, the Correlates of War project), each copied under a name
that tells nothing, so that only its content can."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import FIELD, Runner, needs_field, refused, snapshot

from timeline.errors import InvalidValue
from timeline.interchange import detect_format, expand_paths
from timeline.interchange.sniff import PREFIX_BYTES, detect, json_keys

pytestmark = needs_field

EXPECTED = {
    "icews/events.2018-06-01.tab": "icews",
    "gdelt/gdelt1.sample.shared.tsv": "gdelt",
    "plover/PLOVER_GSR_CAMEO.json": "plover",
    "plover/plovigy_testfile_0105.jsonl": "plover",
    "plover/plovigy-DEDI-input-sample.jsonl": "plover",
    "plover/ICEWS-to-jsonl_sample_output.jsonl": "plover",
    **{f"timelinejs/{p.name}": "timelinejs" for p in sorted((FIELD / "timelinejs").glob("*"))},
    # Not a format timeline reads: told apart from ours, and refused.
    "cow/dipex_usa.csv": "cow-dipex",
    "gdelt/gdelt_column_names_v1.csv": None,
    "cameo/CAMEO.eventcodes.txt": None,
}


@pytest.mark.parametrize(("name", "fmt"), sorted(EXPECTED.items()))
def test_each_field_file_is_told_by_its_content(tmp_path: Path, name: str, fmt: str | None
                                                 ) -> None:
    assert detect(FIELD / name) == fmt
    disguised = tmp_path / "data.bin"  # no extension of any format
    shutil.copyfile(FIELD / name, disguised)
    assert detect(disguised) == fmt


def test_only_a_bounded_prefix_is_read(tmp_path: Path) -> None:
    # An ICEWS header, then more rows than the prefix holds: told from the start alone.
    data = (FIELD / "icews/events.2018-06-01.tab").read_bytes()
    assert len(data) > PREFIX_BYTES
    big = tmp_path / "big.txt"
    big.write_bytes(data + b"\xff" * PREFIX_BYTES * 4)  # not UTF-8 past the prefix
    assert detect(big) == "icews"


def test_ours_is_told_by_its_keys_and_named_by_its_extension(tmp_path: Path) -> None:
    cases = {
        "a.json": ('{"actors": [], "events": []}', "auto"),
        "b.jsonl": ('{"actor": {"id": "nato", "name": "NATO", "kind": "organization"}}\n', "auto"),
        "c.jsonl": ('{"id": "x", "type": "statement", "actor": "nato", "on": "2021"}\n', "auto"),
        "d.csv": ("record,id,type,actor,target,on,announced,fields,sources,note\n", "auto"),
        "e.yaml": ("events: []\n", "auto"),
        # Our content under a name our readers do not take: not guessed at.
        "f.txt": ('{"actors": [], "events": []}', None),
        "g.json": ('{"title": {"text": {"headline": "x"}}, "events": []}', "timelinejs"),
        "h.json": ('{"timeline": {"headline": "x", "date": []}}', "timelinejs"),
        "i.json": ('[{"id": "1", "event": "AGREE", "date": "2020-01-01"}]', "plover"),
        "j.txt": ("hello", None),
    }
    for name, (text, fmt) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        assert detect(path) == fmt, name


def test_json_keys_reads_text_cut_anywhere() -> None:
    text = json.dumps({"title": {"text": "a"}, "events": [{"start_date": {"year": 1}}]})
    assert json_keys(text) >= {"title", "title/text", "events", "events/[]/start_date"}
    assert json_keys(text[:30]) >= {"title", "title/text"}
    assert json_keys('[{"event": "x\\"y", "date": "2020"}, {"id"') >= {"[]/event", "[]/date"}


def test_refusals_name_the_file_and_the_formats(tmp_path: Path) -> None:
    unknown = tmp_path / "README"
    unknown.write_text("notes\n")
    with pytest.raises(InvalidValue, match=r"README: cannot tell its format from its content; "
                       r"name it with --format \(timelinejs, plover, icews, gdelt, polecat, "
                       r"cow-dipex\)"):
        detect_format(expand_paths([str(unknown)]))
    icews, ours = tmp_path / "a.tab", tmp_path / "b.yaml"
    shutil.copyfile(FIELD / "icews/events.2018-06-01.tab", icews)
    ours.write_text("events: []\n")
    with pytest.raises(InvalidValue, match=r"a\.tab is icews and .*b\.yaml is timeline's own"):
        detect_format([icews, ours])


def test_the_cli_imports_icews_and_timelinejs_under_any_name(tmp_path: Path) -> None:
    run = Runner(str(tmp_path / "timeline.db"))
    icews = tmp_path / "coded.txt"
    shutil.copyfile(FIELD / "icews/events.2018-06-01.tab", icews)
    done = run.ok("import", str(icews), "--create-actors", "--dry-run")
    assert done.output.startswith("Would import ") and "coded_event x" in done.output
    story = tmp_path / "story.data"
    shutil.copyfile(FIELD / "timelinejs/examples__twain__marktwain.json", story)
    refused(run("import", str(story)), "story.data", "--actor ID", code=2)
    run.ok("actor", "add", "twain", "--name", "Mark Twain", "--kind", "other")
    done = run.ok("import", str(story), "--actor", "twain", "--dry-run")
    assert "Would import 0 actor(s)" in done.output
    refused(run("import", str(FIELD / "cow/dipex_usa.csv")), "dipex_usa.csv:2",
            "unknown actor 'united-states'", "--create-actors")  # told: COW's own header


def test_a_dry_run_names_every_unknown_actor(run: Runner, tmp_path: Path) -> None:
    icews = tmp_path / "coded.tab"
    shutil.copyfile(FIELD / "icews/events.2018-06-01.tab", icews)
    err = refused(run("import", str(icews), "--dry-run"), "would be refused", "more.",
                  "--create-actors")
    # The most named first, each with the line that names it first.
    assert re.search(r"unknown actor\(s\): 'united-states' in \d+ record\(s\), first at "
                     + re.escape(f"{icews}:8;"), err)
    found = re.search(r"(\d+) unknown actor\(s\).*and (\d+) more", err)
    assert found and int(found[1]) == int(found[2]) + 5 and err.count("first at") == 5
    # Without --dry-run, the first is named, as before.
    refused(run("import", str(icews)), f"{icews}:2: unknown actor 'bangladesh'")


def test_what_the_start_cannot_tell_goes_by_an_extension_of_ours(tmp_path: Path) -> None:
    # Our readers then judge it and refuse it naming its line, as they did before sniffing.
    for name, text in (("empty.json", ""), ("long.csv", '"' + "h" * 200_000 + '"\n')):
        path = tmp_path / name
        path.write_text(text)
        assert detect(path) == "auto"
        path.rename(tmp_path / "other.bin")
        assert detect(tmp_path / "other.bin") is None


def test_a_gdelt_file_with_a_damaged_row_near_its_top_is_still_gdelt(tmp_path: Path) -> None:
    """A SQLDATE cut short in its first row is the reader's to name and skip: the file is
    told by its widths and nearly all of its ids and days."""
    rows = (FIELD / "gdelt/gdelt1.sample.shared.tsv").read_text(encoding="utf-8").splitlines()
    cells = rows[0].split("\t")
    cells[1] = cells[1][:5]
    damaged = tmp_path / "damaged.tsv"
    damaged.write_text("\n".join(["\t".join(cells), *rows[1:]]) + "\n", encoding="utf-8")
    assert detect(damaged) == "gdelt"
    out = Runner(str(tmp_path / "g.db")).ok("import", "--create-actors", "--dry-run",
                                             str(damaged)).output
    assert "Would import " in out and cells[1] in out
    # A short file with one such row, a row cut short, a blank line: GDELT still.
    cut = rows[3].split("\t")[:20]
    for name, lines in (("short.tsv", ["\t".join(cells), *rows[1:5]]),
                        ("cut.tsv", [*rows[:3], "\t".join(cut), *rows[4:60], ""]),
                        ("blank.tsv", [*rows[:10], "", "  "])):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert detect(tmp_path / name) == "gdelt", name
    # Not every row a GDELT id and day: no GDELT at all.
    other = tmp_path / "other.tsv"
    other.write_text("\n".join("\t".join(["x"] * 58) for _ in range(20)) + "\n")
    assert detect(other) is None


def test_the_actors_of_foreign_slides_are_named_as_everywhere(tmp_path: Path) -> None:
    """--actor and --target take a name, an alias or a code, as every other command does;
    a state only the built-in map knows is added with the slides; a typo is refused with
    the nearest, before anything is stored."""
    story = FIELD / "timelinejs/examples__twain__marktwain.json"
    run = Runner(str(tmp_path / "timeline.db"))
    done = run.ok("import", "--format", "timelinejs", str(story), "--actor", "Germany",
                  "--target", "FRA")
    assert done.output.startswith("Imported 2 actor(s) and 17 event(s)")
    events = json.loads(run.ok("log", "germany", "france", "--json").stdout)
    assert len(events) == 17 and {(e["actor"], e["target"]) for e in events} == {
        ("germany", "france")}
    before = snapshot(run.db)
    refused(run("import", "--format", "timelinejs", str(story), "--actor", "Germny"),
            "unknown actor 'Germny' (did you mean 'Germany'?)")
    assert snapshot(run.db) == before
    fresh = tmp_path / "fresh.db"
    refused(Runner(str(fresh))("import", "--format", "timelinejs", str(story), "--actor", "zz"),
            "unknown actor 'zz'")
    assert not fresh.exists()
