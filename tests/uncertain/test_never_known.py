"""No sentinel answers a question (issue 21): an open-ended span (``2021-11-01/..``) is known
on no day anybody can ask about. Its "never" had been 9999-12-31, so ``state --as-of
9999-12-31`` called its value certain, ``changes`` to 9999 a certain change, ``check`` counted
2,913,978 days from its announcement, and the pictures' axes ran to 9999."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import Runner, findings, refused, two_actors


def _suspended(run: Runner) -> None:
    two_actors(run)
    run.ok("add", "relations_suspended", "--actor", "x", "--target", "y", "--on",
           "2021-11-01/..", "--announced", "2021-10-18", "--id", "s", "--source", "TASS")


def test_an_open_ended_span_is_known_on_no_day(run: Runner) -> None:
    _suspended(run)
    for day in ("2030", "9999-12-31"):
        (fact,) = json.loads(run.ok("state", "x", "y", "--as-of", day, "--json").output)[
            "facts"]
        assert (fact["value"], fact["certainty"], fact["possible"]) == (
            None, "uncertain", "suspended"), day
    (change,) = json.loads(run.ok("changes", "--from", "0001", "--to", "9999", "--json"
                                  ).output)["changes"]
    assert (change["after"], change["certainty"]) == ("suspended", "possible")
    assert findings(run) == set()  # announced 14 days before its first possible day


def test_announced_after_the_first_possible_day_is_refused(run: Runner) -> None:
    _suspended(run)
    refused(run("correct", "s", "--on", "2021-11-01/..", "--announced", "2999", "--reason",
                "r"), "'announced' date '2999' is after the 'on' date '2021-11-01/..'")


def test_pictures_end_where_the_record_does(run: Runner, tmp_path: Path) -> None:
    _suspended(run)
    page = tmp_path / "xy.html"
    run.ok("report", "x", "y", "--out", str(page))
    axis = re.search(r'"to": "([0-9-]+)"', page.read_text(encoding="utf-8"))
    assert axis is not None and axis.group(1) < "2100"
    run.ok("chart", "x", "y", "--out", str(tmp_path / "xy.svg"))
    run.ok("chart", "x", "--out", str(tmp_path / "x.svg"))
    run.ok("report", "x", "--out", str(tmp_path / "x.html"))


def test_an_end_past_the_years_is_refused_though_it_is_never(run: Runner) -> None:
    # 9999-12-31 is the "never" of an open end: written as an end, it is a day past 2999.
    two_actors(run)
    for on in ("9999-12-31/..", "../9999-12-31", "2021/9999-12-31"):
        refused(run("add", "statement", "--actor", "x", "--target", "y", "--on", on),
                f"'on' date '{on}' is outside the years 1000 to 2999")
