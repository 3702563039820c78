"""The library for notebooks (timeline.open), through a real store of the seed: its answers
carry what ``--json`` prints, as uniform rows, and show as the terminal does."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import Runner

import timeline
from timeline.errors import TimelineError
from timeline.notebook import Answer, Notebook


@pytest.fixture
def tl(seeded: Runner) -> Iterator[Notebook]:
    with timeline.open(seeded.db) as opened:
        yield opened


def dotted(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The test's own reading of "flattened": nested objects' keys joined with dots."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        out.update(dotted(value, f"{prefix}{key}.") if isinstance(value, dict)
                   else {prefix + key: value})
    return out


def same_as_the_cli(answer: Answer[Any], run: Runner, command: list[str], part: str | None,
                    context: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The answer's JSON is the command's --json, its text the command's text, and its
    records the JSON's ``part`` (or the JSON, a list), one flat row per item, the answer's
    ``context`` keys before the item's; every row with the same keys."""
    data = json.loads(run.ok(*command, "--json").stdout)
    assert answer.to_json() == data
    assert repr(answer) == str(answer) == run.ok(*command).stdout.rstrip("\n")
    items = data if part is None else data[part]
    rows = answer.records()
    assert len(rows) == len(items) > 0
    assert isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
    assert len({tuple(row) for row in rows}) == 1, "every row has the same keys"
    for row, item in zip(rows, items, strict=True):
        expected = {**{k: data[k] for k in context}, **dotted(item)}
        assert {k: v for k, v in row.items() if k in expected} == expected
        assert all(row[k] is None for k in row.keys() - expected.keys())
    return rows


def test_state_of_a_pair(tl: Notebook, seeded: Runner) -> None:
    answer = tl.state("russia", "nato", as_of="2021-11-02")
    rows = same_as_the_cli(answer, seeded, ["state", "russia", "nato", "--as-of",
                                            "2021-11-02"], "facts", ("actors", "as_of"))
    assert {"subject": "relationship", "attribute": "relations", "value": "suspended",
            "since": "2021-11-01?"}.items() <= rows[[r["attribute"] for r in rows]
                                                    .index("relations")].items()
    # As of a day written as a date, the same answer.
    assert tl.state("nato", "russia", as_of=dt.date(2021, 11, 2)).to_json() == \
        answer.to_json()


def test_state_of_an_actor_gives_a_row_per_fact_naming_whose(
        tl: Notebook, seeded: Runner) -> None:
    answer = tl.state("russia", as_of="2021-11-02")
    data = json.loads(seeded.ok("state", "russia", "--as-of", "2021-11-02", "--json").stdout)
    assert answer.to_json() == data
    rows = answer.records()
    facts = len(data["facts"]) + sum(len(r["facts"]) for r in data["relationships"])
    assert len(rows) == facts and len({tuple(r) for r in rows}) == 1
    assert {tuple(r["actors"]) for r in rows} >= {("russia",), ("nato", "russia")}


def test_changes_diff_log_members(tl: Notebook, seeded: Runner) -> None:
    same_as_the_cli(tl.changes("2021-11", "2021-11", actor="russia"), seeded,
                    ["changes", "--from", "2021-11", "--to", "2021-11", "--actor", "russia"],
                    "changes", ("from", "to", "actor"))
    diff = tl.diff("russia", "nato", "2021-10", "2021-11")
    same_as_the_cli(diff, seeded, ["diff", "russia", "nato", "--from", "2021-10", "--to",
                                   "2021-11"], "changes", ("actors", "from", "to"))
    assert [r["id"] for r in diff.records("events")] == \
        [e["id"] for e in diff.to_json()["events"]]
    log = same_as_the_cli(tl.log("russia", "nato", from_="2021-10", to="2021-11"), seeded,
                          ["log", "russia", "nato", "--from", "2021-10", "--to", "2021-11"],
                          None)
    assert "fields.count" in log[0] and "2021-11-01?" in {r["on"] for r in log}
    same_as_the_cli(tl.members("nato", as_of="2021"), seeded,
                    ["members", "nato", "--as-of", "2021"], "members", ("group", "as_of"))
    same_as_the_cli(tl.log("russia", types=["expulsion"]), seeded,
                    ["log", "--actor", "russia", "--type", "expulsion"], None)


def test_actors_history_check(tl: Notebook, seeded: Runner) -> None:
    same_as_the_cli(tl.actors(), seeded, ["actor", "list"], None)
    seeded.ok("correct", "nato-caps-russia-mission-at-10", "--set", "cap=11", "--reason", "r")
    rows = same_as_the_cli(tl.history("nato-caps-russia-mission-at-10"), seeded,
                           ["history", "nato-caps-russia-mission-at-10"], None)
    assert [r["event.fields.cap"] for r in rows] == [10, 11]
    assert tl.check().records() == [] and str(tl.check()) == "No inconsistencies found."


def test_known_at_a_day_means_its_end_as_on_the_command_line(
        tl: Notebook, seeded: Runner) -> None:
    before = tl.state("russia", "nato", as_of="2021-11-02", known_at=dt.date(2000, 1, 1))
    assert before.records() == [] and before.to_json()["known_at"].startswith("2000-01-01T23")
    assert before.to_json() == tl.state("russia", "nato", as_of="2021-11-02",
                                        known_at="2000-01-01").to_json()
    assert tl.state("russia", "nato").to_json()["as_of"] == dt.datetime.now(dt.UTC).date(
    ).isoformat()


@pytest.mark.parametrize(("ask", "named"), [
    (lambda tl: tl.state("russia", "nato", as_of="2021-13"), "'2021-13'"),
    (lambda tl: tl.state("russia", "nato", as_of="2021-11-01?"), "'2021-11-01?'"),
    (lambda tl: tl.state("russia", "nato", as_of=20211101), "20211101"),
    (lambda tl: tl.changes("2021-12", "2021-11"), "2021-12-01"),
    (lambda tl: tl.log("russia", "nato", known_at="2021-10"), "'2021-10'"),
    (lambda tl: tl.log(b="nato"), "actor"),
    (lambda tl: tl.state("russia", "nato", as_of="2021").records("nope"), "'nope'"),
    (lambda tl: tl.state("ruritania", "nato"), "ruritania"),
    # A filter that kept nothing would answer "no ties" where there are some.
    (lambda tl: tl.state("russia", "nato", kinds=["relationships"]),
     "unknown kind 'relationships' (did you mean 'relationship'?)"),
    (lambda tl: tl.state("russia", kinds=["posts"]), "unknown kind 'posts'"),
    (lambda tl: tl.state("russia", "nato", kinds="post"), "as a list (['post'])"),
    (lambda tl: tl.log("russia", "nato", types="expulsion"), "as a list (['expulsion'])"),
    (lambda tl: tl.changes("2021", "2021", types="expulsion"), "as a list (['expulsion'])"),
    (lambda tl: tl.log(types=["expulsoin"]), "unknown event type 'expulsoin'"),
    # Read to be checked, a generator would be gone for the filter: "no ties" again.
    (lambda tl: tl.state("russia", "nato", kinds=(k for k in ["post"])),
     "as a list, tuple or set, not a generator"),
    (lambda tl: tl.timeline.desk.leads(types="coded_event"), "as a list (['coded_event'])"),
])
def test_bad_input_is_one_line_naming_the_value(tl: Notebook, ask: Any, named: str) -> None:
    with pytest.raises(TimelineError) as exc:
        ask(tl)
    assert "\n" not in str(exc.value) and named in str(exc.value), str(exc.value)


def test_open_refuses_a_store_that_is_not_there(tmp_path: Any) -> None:
    with pytest.raises(TimelineError, match="no store"):
        timeline.open(str(tmp_path / "none.db"))
    assert not (tmp_path / "none.db").exists()


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None,
                    reason="pandas is not installed (nor a dependency)")
def test_records_make_a_dataframe(tl: Notebook) -> None:  # pragma: no cover - optional
    import pandas  # type: ignore[import-untyped]

    frame = pandas.DataFrame(tl.log("russia", "nato").records())
    assert {"id", "on", "type", "fields.count"} <= set(frame.columns)


def test_import_timeline_stays_light() -> None:
    """`import timeline` loads neither the store nor the notebook (open loads them)."""
    code = ("import sys, timeline; print(sorted(m for m in sys.modules "
            "if m.startswith(('timeline.', 'sqlalchemy', 'eventsourcing', 'pandas'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]", loaded
