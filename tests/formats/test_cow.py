"""The COW Diplomatic Exchange data (v2006.1) as observations: the published rows of the
United States (``../shared/data/field/cow/dipex_usa.csv``, bytes as published), read on
both backends, checked against cases history settles."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import FIELD, ROOT, Runner, needs_field, snapshot
from postgres_dbs import _fresh_postgres_db

pytestmark = needs_field
DATA = FIELD / "cow" / "dipex_usa.csv"
ROWS = 2756
EVENTS = 1506  # one a run of one level in each direction, and the ends
ACTORS = 214  # the United States and the 212 states it is paired with (Prussia, Germany)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql",
                                                               marks=pytest.mark.postgres)])
def cow(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[Runner]:
    """A store with the file imported once (per backend, per worker)."""
    if request.param == "sqlite":
        run = Runner(str(tmp_path_factory.mktemp("cow") / "cow.db"))
        _imported(run)
        yield run
    else:
        for url in _fresh_postgres_db():
            run = Runner(url)
            _imported(run)
            yield run


def _imported(run: Runner) -> None:
    out = run.ok("import", "--create-actors", str(DATA)).output
    assert f"Imported {ACTORS} actor(s) and {EVENTS} event(s)" in out, out
    assert f"representation x{EVENTS}" in out


def facts(run: Runner, a: str, b: str, as_of: str) -> dict[str, dict[str, Any]]:
    state = json.loads(run.ok("state", a, b, "--as-of", as_of, "--json").output)
    return {f["attribute"]: f for f in state["facts"]}


def test_the_direction_of_the_levels_is_the_codebooks(cow: Runner) -> None:
    # 2,670,1940,0,2: a US minister accredited to Saudi Arabia (Bert Fish, 1939), and no
    # Saudi envoy in Washington until 1945. DR_at_2 is side 1's representation at side 2.
    seen = facts(cow, "united-states", "saudi-arabia", "1941")
    assert seen["representation:united-states"]["value"] == "minister"
    assert seen["representation:united-states"]["since"] == "1935/1940"
    assert seen["representation:saudi-arabia"]["value"] == "none"
    # 2,740,1864,0,2: Townsend Harris's successors in Japan; Japan's first envoy to
    # Washington (a charge d'affaires, Mori Arinori) by 1874 (1,2).
    assert facts(cow, "united-states", "japan", "1865")["representation:japan"]["value"] == "none"
    japan = facts(cow, "united-states", "japan", "1875")
    assert japan["representation:japan"]["value"] == "charge_d_affaires"
    assert japan["representation:united-states"]["value"] == "minister"


def test_united_states_and_russia(cow: Runner) -> None:
    for year in ("1921", "1925", "1931"):
        seen = facts(cow, "united-states", "russia", year)
        assert {k: v["value"] for k, v in seen.items()} == {
            "representation:russia": "none", "representation:united-states": "none"}
    # Recognition in November 1933: ambassadors, possible within 1930/1935, known by 1935.
    between = facts(cow, "united-states", "russia", "1933")["representation:united-states"]
    assert (between["value"], between["certainty"], between["possible"]) == \
        ("none", "uncertain", "ambassador")
    after = facts(cow, "united-states", "russia", "1936")["representation:united-states"]
    assert (after["value"], after["since"], after["certainty"]) == \
        ("ambassador", "1930/1935", "certain")
    later = facts(cow, "united-states", "russia", "1975")
    assert {v["value"] for v in later.values()} == {"ambassador"}
    # 9, other, from 1950 to 1965: neither none nor a change to none.
    other = facts(cow, "united-states", "russia", "1956")["representation:russia"]
    assert (other["value"], other["since"]) == ("other", "1940/1950")


def test_a_change_is_dated_by_its_span_and_no_day_is_invented(cow: Runner) -> None:
    for first, certainty in (("1930", "certain"), ("1933", "possible")):
        changes = json.loads(cow.ok("changes", "--from", first, "--to", "1939", "--actor",
                                    "russia", "--json").output)["changes"]
        (change,) = [c for c in changes if c["attribute"] == "representation:united-states"]
        assert (change["before"], change["after"], change["certainty"]) == \
            ("none", "ambassador", certainty)
    log = cow.ok("log", "united-states", "russia", "--type", "representation").output
    assert "1930/1935                representation        united-states -> russia " \
        "level=ambassador" in log
    dates = {line.split()[0] for line in log.splitlines() if "representation" in line}
    assert all("/" in d for d in dates), dates  # every one a span or seen by a year


def test_states_that_left_the_system_and_came_back(cow: Runner) -> None:
    # Austria-Hungary: ambassadors in 1914, gone by 1920; ended there, not held for ever.
    ended = facts(cow, "united-states", "austria-hungary", "1925")
    assert {(v["value"], v["since"]) for v in ended.values()} == {("none", "1914/1920")}
    assert facts(cow, "united-states", "austria-hungary", "1910")[
        "representation:austria-hungary"]["value"] == "ambassador"
    # Prussia (COW 255 until 1870) is not Germany; Germany is first seen by 1874.
    assert facts(cow, "united-states", "prussia", "1880")[
        "representation:prussia"]["value"] == "none"
    germany = facts(cow, "united-states", "germany", "1875")["representation:germany"]
    assert (germany["value"], germany["since"]) == ("minister", "../1874")
    # Germany leaves the data after 1940 and is back (united) in 1990.
    assert facts(cow, "united-states", "germany", "1960")[
        "representation:germany"]["since"] == "1940/1950"
    back = facts(cow, "united-states", "germany", "1991")["representation:germany"]
    assert (back["value"], back["since"]) == ("ambassador", "1985/1990")


def test_a_reimport_stores_nothing_and_check_finds_nothing(cow: Runner) -> None:
    before = snapshot(cow.db)
    out = cow.ok("import", str(DATA)).output  # the format told from the header
    assert f"Imported 0 actor(s) and 0 event(s); {EVENTS} record(s) already stored." in out
    assert snapshot(cow.db) == before
    assert "No inconsistencies found." in cow.ok("check").output


def _exported(run: Runner) -> list[dict[str, Any]]:
    """What a store holds, as exported, without the times it was recorded at."""
    lines = [json.loads(line) for line in run.ok("export").output.splitlines()]
    return [{k: v for k, v in line.items() if k != "recorded_at"} for line in lines]


def _rows() -> list[list[str]]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, quoting=csv.QUOTE_NONE, lineterminator="\n").writerows(rows)
    return path


def test_mirror_rows_give_one_set_of_facts_and_disagreements_are_reported(
        tmp_path: Path) -> None:
    header, *rows = _rows()
    assert len(rows) == ROWS
    subset = [r for r in rows if r[1] in ("365", "670")]
    mirrored = [[b, a, year, at_2, at_1, de, version]
                for a, b, year, at_1, at_2, de, version in subset]
    alone, both = Runner(str(tmp_path / "alone.db")), Runner(str(tmp_path / "both.db"))
    alone.ok("import", "--create-actors", str(_write(tmp_path / "a.csv", [header, *subset])))
    both.ok("import", "--create-actors",
            str(_write(tmp_path / "b.csv", [header, *mirrored, *subset])))
    assert _exported(alone) == _exported(both)
    # A mirror row that says otherwise: reported with both lines; that direction is not
    # observed that year (Russia's 1935 level), so its change spans 1930/1940.
    wrong = [r if (r[0], r[2]) != ("365", "1935") else [*r[:3], "2", *r[4:]] for r in mirrored]
    run = Runner(str(tmp_path / "wrong.db"))
    path = _write(tmp_path / "w.csv", [header, *wrong, *subset])
    out = run.ok("import", "--create-actors", str(path)).output
    assert "the two rows of a pair and year disagree x1" in out
    assert f"{path}:" in out
    changed = facts(run, "united-states", "russia", "1941")["representation:united-states"]
    assert (changed["value"], changed["since"]) == ("ambassador", "1930/1940")


@pytest.mark.parametrize(("cells", "needle"), [
    (["2", "365", "1935", "4", "3", "1", "2006.1"], "DR_at_1 must be one of 0, 1, 2, 3, 9"),
    (["2", "x", "1935", "3", "3", "1", "2006.1"], "ccode2 must be a whole number"),
    (["2", "2", "1935", "3", "3", "1", "2006.1"], "a pair of one state (2) with itself"),
    (["2", "365", "0999", "3", "3", "1", "2006.1"], "year must be from 1000 to 2999"),
])
def test_bad_rows_are_refused_naming_their_line(tmp_path: Path, cells: list[str],
                                                needle: str) -> None:
    header, first, *_ = _rows()
    path = _write(tmp_path / "bad.csv", [header, first, cells])
    run = Runner(str(tmp_path / "bad.db"))
    result = run("import", "--create-actors", str(path))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and f"{path}:3: " in result.output
    assert needle in result.output
    assert "Traceback" not in result.output


def test_a_missing_row_is_not_an_end_and_a_disputed_year_says_nothing(tmp_path: Path) -> None:
    header = _rows()[0]
    rows = [["2", "20", "1920", "3", "3", "1", "v"], ["2", "20", "1930", "3", "3", "1", "v"],
            # Austria-Hungary: 1909 agreed; in 1914 its mirror row puts no American envoy
            # in Vienna; gone in 1920.
            ["2", "300", "1909", "3", "3", "1", "v"], ["2", "300", "1914", "3", "3", "1", "v"],
            ["300", "2", "1914", "0", "3", "1", "v"], ["2", "200", "1925", "3", "3", "1", "v"]]
    run = Runner(str(tmp_path / "g.db"))
    out = run.ok("import", "--create-actors",
                 str(_write(tmp_path / "g.csv", [header, *rows]))).output
    # Both members all through 1925 (Canada, the United States) and 1930 (after the United
    # Kingdom's one row): not observed, not ended.
    assert "no row of a pair of two members of the state system (not observed that year) " \
        "x2 (e.g. 2-20 1925; 2-200 1930)" in out
    assert facts(run, "united-states", "united-kingdom", "1931")[
        "representation:united-kingdom"]["value"] == "ambassador"
    canada = facts(run, "united-states", "canada", "1926")["representation:canada"]
    assert (canada["value"], canada["since"]) == ("ambassador", "../1920")
    # The disputed 1914 says nothing of the American envoy: its end spans 1909/1920.
    ended = facts(run, "united-states", "austria-hungary", "1921")
    assert ended["representation:united-states"]["since"] == "1909/1920"
    assert ended["representation:austria-hungary"]["since"] == "1914/1920"


def test_unknown_state_numbers_are_reported_with_examples(tmp_path: Path) -> None:
    header, first, *_ = _rows()
    path = _write(tmp_path / "u.csv", [header, first, ["2", "999", "1935", "3", "3", "1", "x"]])
    out = Runner(str(tmp_path / "u.db")).ok("import", "--create-actors", str(path)).output
    assert "a COW state number no table knows x1 (e.g. 999)" in out


def test_an_actor_map_files_states_under_other_ids(tmp_path: Path) -> None:
    names = tmp_path / "map.yaml"
    names.write_text("365: soviet-union\nGMY: german-state\n", encoding="utf-8")
    run = Runner(str(tmp_path / "m.db"))
    run.ok("import", "--create-actors", "--actor-map", str(names), str(DATA))
    actors = {a["id"]: a for a in json.loads(run.ok("actor", "list", "--json").output)}
    assert "russia" not in actors and "prussia" not in actors
    assert actors["soviet-union"]["name"] == "Russia"
    assert "exists_from" not in actors["german-state"]  # Prussia's years too: since 1816
    assert facts(run, "united-states", "soviet-union", "1975")[
        "representation:soviet-union"]["value"] == "ambassador"
    # Two states of one year under one id: refused, naming both rows, nothing stored.
    names.write_text("260: germany\n", encoding="utf-8")
    other = Runner(str(tmp_path / "two.db"))
    result = other("import", "--create-actors", "--actor-map", str(names), str(DATA))
    assert result.exit_code == 1
    assert "COW states 255 and 260 are both filed under 'germany' in 1990" in result.output
    assert result.output.count("\n") == 1 and f"{DATA}:" in result.output


def test_the_network_of_the_united_states_in_1900(cow: Runner, tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "us-1900.graphml"
    cow.ok("export", "united-states", "--format", "graphml", "--as-of", "1900",
           "--out", str(out))
    graph = nx.read_graphml(out, force_multigraph=True)
    certain = [(a, b, d) for a, b, d in graph.edges(data=True) if d["certainty"] == "certain"]
    assert ("united-states", "united-kingdom") in {(a, b) for a, b, _ in certain}
    us_at = {b: d["value"] for a, b, d in certain if a == "united-states"}
    assert us_at["united-kingdom"] == "ambassador" and us_at["russia"] == "ambassador"
    assert graph.nodes["united-kingdom"]["name"] == "United Kingdom"
    assert "nigeria" not in us_at  # first seen by 1960: not a fact in 1900
    # A minister in Vienna, and an ambassador possible (1899/1904): not certain.
    (vienna,) = [d for a, b, d in graph.edges(data=True)
                 if (a, b) == ("united-states", "austria-hungary")]
    assert (vienna["value"], vienna["certainty"], vienna["possible"]) == \
        ("minister", "uncertain", "ambassador")
    gexf = tmp_path / "all.gexf"
    cow.ok("export", "--format", "gexf", "--as-of", "1900", "--out", str(gexf))
    assert nx.read_gexf(gexf).number_of_edges() == graph.number_of_edges()
    rows = list(csv.DictReader(cow.ok("export", "--format", "csv-edges", "--as-of",
                                      "1900").output.splitlines()))
    assert len(rows) == graph.number_of_edges()
    assert {r["certainty"] for r in rows} == {"certain", "uncertain"}


def test_the_import_as_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    done = subprocess.run([sys.executable, "-m", "timeline", "--db", str(db), "import",
                           "--format", "cow-dipex", "--create-actors", str(DATA)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert f"{EVENTS} event(s)" in done.stdout
