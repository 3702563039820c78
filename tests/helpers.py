"""Helpers shared by the tests (not fixtures: those are in conftest.py): running the CLI,
checking refusals, snapshots of a store, and the ICEWS sample."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from timeline.app import Timeline
from timeline.cli import cli
from timeline.errors import InvalidValue
from timeline.testing.snapshot import whole

ROOT = Path(__file__).resolve().parent.parent


class Runner:
    """Runs ``timeline --db STORE ...`` through CliRunner, from the repository root."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, **env: Any) -> Result:
        old = Path.cwd()
        os.chdir(ROOT)
        try:
            return self.runner.invoke(
                cli, ["--db", self.db, *args], input=input, env=env or None,
                catch_exceptions=False,
            )
        finally:
            os.chdir(old)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, (result.output, result.stderr)
        return result


def snapshot(store: str) -> tuple[int, dict[str, Any]]:
    """Everything a store holds: its log and its read model."""
    app = Timeline.open(store)
    try:
        return whole(app)
    finally:
        app.close()


def refused(result: Result, *needles: str, code: int = 1) -> str:
    """A refusal: exit ``code``, one line ``Error: ...`` on stderr naming every needle."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    err = result.stderr.strip()
    assert err.startswith("Error: "), err
    assert "\n" not in err, f"error is not one line: {err!r}"
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def refusal(exc: pytest.ExceptionInfo[InvalidValue]) -> str:
    """A library refusal's message, which must be one line."""
    message = str(exc.value)
    assert "\n" not in message
    return message


def write_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def two_actors(run: Runner, name: str = "Ruritania") -> None:
    run.ok("actor", "add", "x", "--name", name, "--kind", "state")
    run.ok("actor", "add", "y", "--name", "Borduria", "--kind", "state")


# -- an ICEWS sample --------------------------------------------------------------------

ICEWS_HEADER = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
]
NATO = "North Atlantic Treaty Organization"
ICEWS_ROWS = [
    # id, date, source, source country, text, cameo, target, target country, city
    ("9001", "2021-10-18", "Russia", "Russia", "Reduce or break diplomatic relations", "161",
     NATO, "", ""),
    ("9002", "2021-10-06", NATO, "", "Expel or deport individuals", "174", "Russia", "Russia",
     ""),
    ("9003", "2021-10-07", NATO, "", "Expel or withdraw peacekeepers", "1661", "Russia",
     "Russia", ""),
    ("9004", "1997-05-27", NATO, "", "Sign formal agreement", "057", "Russia", "Russia",
     "Paris"),
    ("9005", "2021-06-14", NATO, "", "Meet at a 'third' location", "044", "Russia", "Russia",
     "Geneva"),
    ("9006", "2021-06-15", "Russia", "Russia", "Use conventional military force", "190", NATO,
     "", ""),
    ("9007", "2021-06-16", "Ukraine", "Ukraine", "Make a visit", "042", NATO, "", "Brussels"),
]


def icews_file(path: Path) -> Path:
    lines = ["\t".join(ICEWS_HEADER)]
    for (event_id, date, source, s_country, text, cameo, target, t_country, city) in ICEWS_ROWS:
        row = dict.fromkeys(ICEWS_HEADER, "")
        row.update({
            "Event ID": event_id, "Event Date": date, "Source Name": source,
            "Source Sectors": "Government", "Source Country": s_country, "Event Text": text,
            "CAMEO Code": cameo, "Intensity": "-4.0", "Target Name": target,
            "Target Sectors": "Government", "Target Country": t_country, "Story ID": "4242",
            "Sentence Number": "1", "Publisher": "Example Wire", "City": city,
            "Country": "Belgium" if city == "Brussels" else "",
        })
        lines.append("\t".join(row[c] for c in ICEWS_HEADER))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def actor_map(path: Path) -> Path:
    path.write_text(f"Russia: russia\n{NATO}: nato\n", encoding="utf-8")
    return path
