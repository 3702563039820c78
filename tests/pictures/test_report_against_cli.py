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
