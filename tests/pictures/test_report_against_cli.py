"""The report page, read in Chromium, says what the command line says on each day."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import (
    Runner,
    refused,
)


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
        # What the page draws for the day: the rows it selects, as report.js selects them.
        page = driver.execute_script(  # type: ignore[attr-defined]
            "const d = dayOf(arguments[0]); const id = (n) => (n === null || n === undefined"
            " ? null : data.events[n].id); return {facts: answers.state.filter("
            "f => holding(f, d)).map(f => [...answers.facts[f.fact], f.value, f.since,"
            " id(f.event), f.certainty, f.possible === undefined ? null : f.possible,"
            " id(f.possible_event)]),"
            " pending: answers.pending.filter(p => holding(p, d)).map(p => id(p.event))};",
            day)
        assert page["facts"] == [[f["subject"], f["attribute"], f["value"], f["since"],
                                  f["event"], f["certainty"], f.get("possible"),
                                  f.get("possible_event")] for f in cli["facts"]], day
        assert page["pending"] == [e["id"] for e in cli["pending"]], day
    # A diff the page looks up, as report.js looks it up, is the command line's.
    for first, last in (("2021-10-01", "2021-11-02"), ("2014-01-01", "2021-12-31"),
                        ("2021-11-01", "2021-11-01")):
        cli = json.loads(run.ok("diff", "russia", "nato", "--from", first, "--to", last,
                                "--json").stdout)
        page = driver.execute_script(  # type: ignore[attr-defined]
            "const found = answers.diffs[`${cutsBefore(dayOf(arguments[0]), false)} "
            "${cutsBefore(dayOf(arguments[1]), true)}`]; return {changes: found.changes.map("
            "n => answers.changes[n]).map(c => [...answers.facts[c.fact], c.before, c.after,"
            " c.events.map(e => data.events[e].id), c.certainty]), events: found.events"
            ".flatMap(([a, b]) => data.events.slice(a, b).map(e => e.id))};", first, last)
        assert page["changes"] == [[c["subject"], c["attribute"], c["before"], c["after"],
                                    c["events"], c["certainty"]] for c in cli["changes"]]
        assert page["events"] == [e["id"] for e in cli["events"]]
    logs = [e for e in driver.get_log("browser")  # type: ignore[attr-defined]
            if e.get("level") == "SEVERE"]
    assert logs == []
    # A pair with no events has nothing to show: refused in one line, no page written.
    run.ok("actor", "add", "ruritania", "--name", "Ruritania", "--kind", "state")
    empty = tmp_path / "empty.html"
    refused(run("report", "ruritania", "nato", "--out", str(empty)),
            "no events between 'ruritania' and 'nato'")
    assert not empty.exists()
