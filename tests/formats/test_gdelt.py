"""GDELT event files through the library (no store): the three layouts, actor codes, and
what is evidence and what is a fact.

The real file is ../shared/data/field/gdelt/gdelt1.sample.shared.tsv: a slice of
reed9999/gdelt-demo data_related/sample_data/events.csv (commit d5ef290), 300 rows of the
58-column GDELT 1.0 daily layout and 100 of the 57-column back-file layout (see
../shared/data/field/README.md). Layouts: the GDELT 1.0 and 2.0 event codebooks
(data.gdeltproject.org/documentation/GDELT-Data_Format_Codebook.pdf and
GDELT-Event_Codebook-V2.0.pdf)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, Runner, needs_field, refusal, refused, snapshot, write_file

from timeline.app import Timeline
from timeline.domain.records import Item
from timeline.errors import Conflict, InvalidValue
from timeline.interchange import gdelt, iter_records
from timeline.interchange.coded import Resolver

pytestmark = needs_field

SAMPLE = ROOT.parent / "shared" / "data" / "field" / "gdelt" / "gdelt1.sample.shared.tsv"
SKIPPED = {"an actor no map knows (add it with --actor-map)": 157,
           "one-sided: no Actor1 or no Actor2 code": 144,
           "domestic: both sides filed under one actor": 30}


def read(path: Path, names: dict[str, str] | None = None, create: bool = False
         ) -> list[Item]:
    return list(gdelt.read(path, names, create_actors=create))


def events(items: list[Item]) -> list[dict[str, Any]]:
    return [record.data for kind, record in items if kind == "event"]


def skips(items: list[Item]) -> list[tuple[str, str]]:
    return [(r.data["reason"], r.data["example"]) for kind, r in items if kind == "skip"]


def row(event_id: str = "1", day: str = "20211101", actor1: tuple[str, ...] = ("RUS", "RUSSIA",
        "RUS"), actor2: tuple[str, ...] = ("USA", "UNITED STATES", "USA"), code: str = "042",
        columns: int = 58) -> str:
    """A row in a layout of the codebooks; an actor is (code, name, country, known group,
    ethnic, religion 1, religion 2, type 1, type 2, type 3)."""
    sides = [list(a) + [""] * (10 - len(a)) for a in (actor1, actor2)]
    head = [event_id, day, day[:6], day[:4], "2021.8329", *sides[0], *sides[1], "1", code,
            code[:3], code[:2], "1", "1.9", "4", "1", "4", "-1.2"]
    geo = 8 if columns == 61 else 7
    places = ["1", "Moscow, Moscow City, Russia", "RS", "RS48"] + [""] * (geo - 4)
    tail = {57: ["20211102"], 58: ["20211102", "https://example.org/story"],
            61: ["20211102101500", "https://example.org/story"]}[columns]
    return "\t".join(head + places * 3 + tail)


def test_the_shared_sample_reads_each_row_by_its_layout() -> None:
    items = read(SAMPLE, create=True)
    assert Counter(str(e["type"]) for e in events(items)) == {"coded_event": 69}
    assert Counter(reason for reason, _ in skips(items)) == SKIPPED
    assert len({record.where for kind, record in items if kind in ("event", "skip")}) == 400
    # --create-actors: the states the kept rows name, once each.
    offered = [r.data["id"] for kind, r in items if kind == "default_actor"]
    assert len(offered) == len(set(offered)) == 49
    # The 58-column rows cite their story; the 57-column back file has none.
    first, last = (e for e in events(items) if e["type"] == "coded_event"
                   and e["id"] in ("gdelt-564111684", "gdelt-230482311"))
    assert first["sources"] == [
        {"url": "http://neworleanscitybusiness.com/blog/2016/07/27/cities-turn-to-local-"
                "action-to-block-oil-trains/"},
        "GDELT event 564111684 (DATEADDED 20160728), GDELT 1.0 daily file, CAMEO 172, at "
        "Washington, District of Columbia, United States"]
    # GDELT's own corroboration of the record: not a root event; 2 outlets, 12 articles.
    assert {k: first["fields"][k] for k in ("is_root_event", "num_sources",
                                             "num_articles")} == {
        "is_root_event": "0", "num_sources": "2", "num_articles": "12"}
    assert len(last["sources"]) == 1
    assert str(last["sources"][0]).startswith(
        "GDELT event 230482311 (DATEADDED 20130206), GDELT 1.0 back file, CAMEO 045, at Iraq")


def test_on_real_rows_no_record_is_a_fact() -> None:
    # Rows coded as signings and meetings between the states themselves, and the same codes
    # between places, the media and governments: all evidence alike (issue 19).
    items = read(SAMPLE)
    kept = [r.data for kind, r in items if kind == "event"]
    assert {e["type"] for e in kept} == {"coded_event"}
    pairs = {str(e["fields"]["source_actor"]) + " / " + str(e["fields"]["target_actor"])
             for e in kept if e["fields"]["code"] in ("042", "043", "057")}
    assert {"ROME (ITA) / VATICAN (VAT)", "REUTERS (USAMED) / TAIWAN (TWN)",
            "IRAN (IRNGOV) / UNITED STATES (USA)", "POLISH (POL) / ITALIAN (ITA)"} & pairs


def test_cameo_codes_stay_zero_padded_text(tmp_path: Path) -> None:
    path = write_file(tmp_path, "e.tsv", row(code="010") + "\n")
    (evidence,) = events(read(path))
    assert evidence["fields"]["code"] == "010"
    codes = {str(e["fields"]["code"]) for e in events(read(SAMPLE))
             if e["type"] == "coded_event"}
    assert "010" in codes and all(len(c) >= 3 for c in codes)


@pytest.mark.parametrize("columns", [57, 58, 61])
def test_each_layout_reads_its_date_source_and_place(tmp_path: Path, columns: int) -> None:
    path = write_file(tmp_path, "e.CSV", row(columns=columns) + "\n")
    (evidence,) = events(read(path))  # a meeting's code, and no fact (issue 19)
    assert (evidence["id"], evidence["on"], evidence["actor"], evidence["target"]) == (
        "gdelt-1", "2021-11-01", "russia", "united-states")
    added = "20211102101500" if columns == 61 else "20211102"
    name = {57: "GDELT 1.0 back file", 58: "GDELT 1.0 daily file", 61: "GDELT 2.0"}[columns]
    citation = (f"GDELT event 1 (DATEADDED {added}), {name}, CAMEO 042, at Moscow, Moscow "
                "City, Russia")
    url = [] if columns == 57 else [{"url": "https://example.org/story"}]
    assert evidence["sources"] == [*url, citation]


def test_actor_codes_speak_only_for_the_state_or_organisation_itself(tmp_path: Path) -> None:
    cases = [
        (("RUSGOV", "RUSSIA", "RUS", "", "", "", "", "GOV"), "russia", False),  # a role
        (("RUS", "MOSCOW", "RUS"), "russia", False),  # a place in it
        (("RUS", "RUSSIAN", "RUS"), "russia", False),  # an adjective
        (("RUS", "RUSSIA", "RUS", "", "", "", "", "CVL"), "russia", False),  # a type code
        (("IGOEUREEC", "THE EUROPEAN UNION", "EUR", "EEC", "", "", "", "IGO"), "eu", True),
        (("IGOUNOGOV", "THE UN", "", "UNO", "", "", "", "IGO"), "un", False),  # a part of it
        (("RUS", "THE RUSSIAN FEDERATION", "RUS"), "russia", True),
    ]
    path = write_file(tmp_path, "e.tsv", "".join(
        row(str(n), actor1=actor) + "\n" for n, (actor, _, _) in enumerate(cases)))
    kept = events(read(path))
    assert [e["actor"] for e in kept] == [actor_id for _, actor_id, _ in cases]
    resolver = Resolver(None)
    for actor, actor_id, speaks in cases:
        side = gdelt.actor_side(resolver, [*actor, *[""] * (10 - len(actor))])
        assert side is not None and side.actor is not None
        assert (side.actor.id, side.speaks) == (actor_id, speaks), actor


def test_the_users_map_names_which_codes_speak(tmp_path: Path) -> None:
    path = write_file(tmp_path, "e.tsv", row(actor1=("RUSGOV", "VLADIMIR PUTIN", "RUS")) + "\n")
    putin = ["RUSGOV", "VLADIMIR PUTIN", "RUS", *[""] * 7]
    assert [e["type"] for e in events(read(path))] == ["coded_event"]
    side = gdelt.actor_side(Resolver(None), putin)
    assert side is not None and not side.speaks
    mapped = gdelt.actor_side(Resolver({"RUSGOV": "russia"}), putin)
    assert mapped is not None and mapped.speaks


def test_what_maps_to_nothing_is_skipped_with_a_readable_reason(tmp_path: Path) -> None:
    path = write_file(tmp_path, "e.tsv", "\n".join([
        row("1", actor2=("",)),  # one-sided
        row("2", actor1=("EUR", "EUROPE", "EUR")),  # a region, not the European Union
        row("3", actor2=("RUSMIL", "ARMY", "RUS")),  # domestic
        row("4", day="20211331"),
        row("x5"),
        "1\t2\t3",  # a ragged row
        row("7", day="09991231"),
    ]) + "\n")
    assert skips(read(path)) == [
        ("one-sided: no Actor1 or no Actor2 code", "Actor2 empty"),
        ("an actor no map knows (add it with --actor-map)", "EUROPE (EUR)"),
        ("domestic: both sides filed under one actor", "Russia"),
        ("no usable SQLDATE (YYYYMMDD)", "20211331"),
        ("no GLOBALEVENTID", "x5"),
        ("a row of another length than GDELT's 57, 58 or 61 columns", "3 columns"),
        ("no usable SQLDATE (YYYYMMDD)", "09991231"),
    ]


def test_no_skip_reason_or_example_is_a_python_repr() -> None:
    for reason, example in skips(read(SAMPLE)):
        assert not reason.startswith(("[", "{", "(", "'")) and "'" not in reason[:1]
        assert not example.startswith(("[", "{", "'", '"')), example


def test_a_file_of_another_kind_is_refused_at_its_first_row(tmp_path: Path) -> None:
    path = write_file(tmp_path, "icews.tsv", "Event ID\tEvent Date\tSource Name\n1\t2\t3\n")
    with pytest.raises(InvalidValue) as exc:
        read(path)
    assert refusal(exc) == (f"{path}:1: not a GDELT event file: 3 tab-separated columns "
                            "(GDELT 1.0 has 57 or 58, GDELT 2.0 has 61)")


def test_a_header_row_is_counted_not_read(tmp_path: Path) -> None:
    header = "\t".join(["GLOBALEVENTID"] + ["x"] * 57)
    path = write_file(tmp_path, "e.tsv", header + "\n" + row() + "\n")
    items = read(path)
    assert skips(items) == [("a header row (GDELT files have none)", "GLOBALEVENTID")]
    assert len(events(items)) == 1


def test_the_registry_reads_gdelt_files_by_their_names(tmp_path: Path) -> None:
    folder = tmp_path / "gdelt"
    folder.mkdir()
    write_file(folder, "20211101.export.CSV", row() + "\n")
    from timeline.interchange import expand_paths

    files = expand_paths([str(folder)], "gdelt")
    assert [p.name for p in files] == ["20211101.export.CSV"]
    assert len([k for k, _ in iter_records(files, "gdelt", None) if k == "event"]) == 1


def test_a_record_an_earlier_version_stored_without_gdelts_counts_is_found_again(
        tmp_path: Path) -> None:
    """Versions before GDELT's IsRootEvent, NumSources and NumArticles were kept wrote the
    record without them: importing the file again finds it and changes nothing."""
    path = write_file(tmp_path, "e.tsv", row() + "\n")
    (record,) = events(read(path, create=True))
    assert (record["fields"]["is_root_event"], record["fields"]["num_sources"],
            record["fields"]["num_articles"]) == ("1", "1", "4")
    earlier = {**record, "fields": {k: v for k, v in record["fields"].items()
                                    if k not in ("is_root_event", "num_sources",
                                                 "num_articles")}}
    run = Runner(str(tmp_path / "s.db"))
    app = Timeline.open(run.db)
    try:
        app.add_actor("russia", "Russia", "state")
        app.add_actor("united-states", "United States", "state")
        app.recording.add_event(earlier)
    finally:
        app.close()
    before = snapshot(run.db)
    done = json.loads(run.ok("import", "--format", "gdelt", str(path), "--json").stdout)
    assert (done["events_added"], done["unchanged"], done["superseded"]) == (0, 1, 0)
    assert snapshot(run.db) == before
    (lead,) = json.loads(run.ok("leads", "--json").stdout)["leads"]
    assert (lead["openings"], lead["gdelt_sources"]) == (0, 0)  # not in the earlier form
    # Only GDELT's records gained those fields: another record given them is another
    # content, refused as any conflict is; and a limit out of range is a usage error.
    icews = {**earlier, "id": "icews-1", "fields": {**earlier["fields"], "dataset": "icews"}}
    app = Timeline.open(run.db)
    try:
        app.recording.add_event(icews)
        with pytest.raises(Conflict, match="different content"):
            app.recording.add_event({**icews, "fields": {**icews["fields"], "num_sources": "3"}})
    finally:
        app.close()
    refused(run("leads", "--limit", "9223372036854775807"), "--limit", code=2)
