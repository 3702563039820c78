"""Text for a terminal: tables, events, states, diffs, versions, findings (no store)."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.domain.aliases import KnownActor
from timeline.domain.codes import describe_types
from timeline.domain.diffs import Change, Diff
from timeline.domain.findings import Finding
from timeline.domain.histories import Version
from timeline.domain.records import ImportResult
from timeline.domain.values import EventData, Fact, State
from timeline.views.text import (
    render_actors,
    render_diff,
    render_events,
    render_findings,
    render_import,
    render_state,
    render_types,
    render_versions,
    table,
    visible,
)

RECORDED = dt.datetime(2021, 11, 2, 10, 0, tzinfo=dt.UTC)
RECALL = EventData(
    id="russia-recalls-mission-to-nato", type="mission_recall", actor="russia", target="nato",
    on="2021-11-01", announced="2021-10-18", fields={"post": "russia-mission-to-nato"},
    sources=["TASS", {"url": "https://tass.com/politics/1350915", "publisher": "TASS"}],
    note="Russia suspends its mission.", recorded_at=RECORDED,
)
STATEMENT = EventData(id="s", type="statement", actor="nato", target=None, on="2021-10")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("a\x1b[31mred", "a\\x1b[31mred"),
        ("two\nlines\r", "two\\nlines\\r"),
        ("tab\there", "tab\\there"),
        ("del\x7f c1\x9b", "del\\x7f c1\\x9b"),
        ("bidi\u202eevil\u2066", "bidi\\u202eevil\\u2066"),
        ("Zoë — ok", "Zoë — ok"),
        (42, "42"),
    ],
)
def test_visible_shows_control_characters_as_escapes(text: object, shown: str) -> None:
    assert visible(text) == shown


def test_table_pads_columns_and_strips_line_ends() -> None:
    assert table(("A", "LONGER"), [("xyz", None), ("1", 2)]).splitlines() == [
        "A    LONGER",
        "xyz",
        "1    2",
    ]


def test_table_cells_are_made_visible_but_not_headers() -> None:
    lines = table(("H",), [("a\nb",)]).splitlines()
    assert lines == ["H", "a\\nb"]


def test_render_events_with_everything() -> None:
    assert render_events([RECALL]).splitlines() == [
        "2021-11-01  mission_recall        russia -> nato  post=russia-mission-to-nato"
        "  [russia-recalls-mission-to-nato] (announced 2021-10-18)",
        "            Russia suspends its mission.",
        "            source: TASS",
        "            source: TASS <https://tass.com/politics/1350915>",
    ]


def test_render_events_without_sources_target_or_fields() -> None:
    assert render_events([RECALL], sources=False).count("source:") == 0
    assert render_events([STATEMENT]) == "2021-10     statement             nato  [s]"


def test_render_events_marks_retracted_ones_only() -> None:
    retracted = EventData(**{**STATEMENT.__dict__, "status": "retracted"})
    corrected = EventData(**{**STATEMENT.__dict__, "status": "corrected"})
    assert render_events([retracted]).endswith("[s] [retracted]")
    assert render_events([corrected]).endswith("[s]")


def test_render_events_escapes_what_a_file_could_say() -> None:
    hostile = EventData(id="h", type="meeting", actor="a", target="b", on="2021",
                        fields={"location": "x\x1b]0;title\x07"}, note="n\x1bote",
                        sources=["s\x1b"])
    text = render_events([hostile])
    assert "\x1b" not in text and "\x07" not in text
    assert "a - b, in x\\x1b]0;title\\x07" in text
    assert "n\\x1bote" in text and "source: s\\x1b" in text


def test_render_events_of_nothing() -> None:
    assert render_events([]) == "(no events)"


def test_render_state_with_facts_and_pending() -> None:
    state = State(("nato", "russia"), "2021-10-20",
                  [Fact("relationship", "relations", "established", "1997-05-27", "f")],
                  [RECALL], known_at="2021-12-01T00:00:00.000000Z")
    lines = render_state(state).splitlines()
    assert lines[0] == "nato - russia, as of 2021-10-20, as known at 2021-12-01T00:00:00.000000Z"
    assert lines[1].split() == ["SUBJECT", "ATTRIBUTE", "VALUE", "SINCE", "EVENT"]
    assert lines[2].split() == ["relationship", "relations", "established", "1997-05-27", "f"]
    assert lines[4] == "Pending (announced, not yet in effect):"
    assert lines[5].startswith("2021-11-01  mission_recall")
    assert "source:" not in render_state(state)


def test_render_state_without_facts() -> None:
    state = State(("a", "b"), "1900-01-01", [], [])
    assert render_state(state) == "a - b, as of 1900-01-01\n(no facts recorded by this date)"


def test_render_diff_shows_absent_values_as_dashes() -> None:
    diff = Diff(("nato", "russia"), "2021-10-01", "2021-11-02",
                [Change("post:m", "status", None, "open", ["o"]),
                 Change("post:m", "staff_cap", 20, None, ["a", "b"])], [RECALL])
    lines = render_diff(diff).splitlines()
    assert lines[0] == "nato - russia, from 2021-10-01 to 2021-11-02"
    assert lines[2].split() == ["post:m", "status", "-", "open", "o"]
    assert lines[3].split() == ["post:m", "staff_cap", "20", "-", "a,", "b"]
    assert lines[5] == "Events (1):"


def test_render_diff_without_changes() -> None:
    diff = Diff(("a", "b"), "2021", "2021-12-31", [], [], known_at="2022-01-01")
    assert render_diff(diff) == ("a - b, from 2021 to 2021-12-31, as known at 2022-01-01\n"
                                 "(no changes)\n\nEvents (0):\n(no events)")


def test_render_actors() -> None:
    assert render_actors([]) == "(no actors)"
    assert render_actors([KnownActor("nato", "NATO", "organization")]).splitlines() == [
        "ID    NAME  KIND", "nato  NATO  organization"]
    assert render_actors([KnownActor("nato", "NATO", "organization", aliases=("OTAN", "Alliance")),
                          KnownActor("x", "X", "other", "1990")]).splitlines() == [
        "ID    NAME  KIND          EXISTS FROM  ALIASES",
        "nato  NATO  organization  -            OTAN, Alliance",
        "x     X     other         1990         -"]


def test_render_types_lists_every_type_with_codes() -> None:
    table, about, rule = render_types(describe_types()).split("\n\n")
    lines = table.splitlines()
    assert "--about" in about and "--via" in about
    assert lines[0].split()[0] == "TYPE" and "meeting*" in table and "statement*" not in table
    assert lines[0].split() == ["TYPE", "FIELDS", "CAMEO", "PLOVER", "EFFECT"]
    by_type = {line.split()[0]: line for line in lines[1:]}
    assert len(by_type) == len(describe_types())
    assert rule.startswith("Coded data (icews, gdelt, plover, polecat) is kept as coded_event")
    assert "054 -> relations_established" in rule.replace("\n", " ")
    assert "count, post?" in by_type["expulsion"]
    assert "COERCE/deport" in by_type["expulsion"]
    assert by_type["relations_established"].split()[1:4] == ["-", "054", "SUPPORT"]
    assert by_type["statement"].split()[1:4] == ["-", "010", "-"]


def test_render_versions() -> None:
    versions = [
        Version(1, "recorded", RECORDED, None, RECALL),
        Version(2, "corrected", RECORDED + dt.timedelta(days=1), "date\x1b fixed", RECALL),
        Version(3, "retracted", RECORDED + dt.timedelta(days=2), None, RECALL),
    ]
    lines = render_versions(versions).splitlines()
    assert lines[0] == "v1  recorded   recorded 2021-11-02T10:00:00.000000Z"
    assert lines[1].startswith("    2021-11-01  mission_recall")
    assert lines[2] == "                Russia suspends its mission."
    assert "v2  corrected  recorded 2021-11-03T10:00:00.000000Z: date\\x1b fixed" in lines
    assert lines[-1] == "v3  retracted  recorded 2021-11-04T10:00:00.000000Z"


def test_render_findings() -> None:
    assert render_findings([]) == "No inconsistencies found."
    lines = render_findings([Finding("closed_twice", "2021-11-01", ["a", "b"], "again")])
    assert lines.splitlines()[0] == "Problems (1):"
    assert lines.splitlines()[2].split() == ["closed_twice", "2021-11-01", "a,", "b", "again"]
    note = Finding("announced_far_from_on", "2021-11-01", ["a"], "a year before")
    assert render_findings([note]).splitlines()[:3] == [
        "No problems found.", "", "Notes (1):"]
    both = render_findings([note, Finding("closed_twice", "2021-11-01", ["a"], "again")])
    assert [line for line in both.splitlines() if line.endswith(":")] == [
        "Problems (1):", "Notes (1):"]


def test_render_import() -> None:
    assert render_import(ImportResult(2, 21, 0)) == (
        "Imported 2 actor(s) and 21 event(s); 0 record(s) already stored.")
    assert render_import(ImportResult(0, 0, 21, superseded=3)) == (
        "Imported 0 actor(s) and 0 event(s); 21 record(s) already stored "
        "(3 of them since corrected or retracted).")
    text = render_import(ImportResult(0, 1, 0, skipped={"CAMEO 190": 4, "unmapped actor": 1}))
    assert text.splitlines()[1] == (
        "Skipped 5 record(s) that map to no event: CAMEO 190 x4, unmapped actor x1.")
