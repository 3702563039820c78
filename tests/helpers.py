"""Helpers shared by the tests (not fixtures: those are in conftest.py): running the CLI,
checking refusals, snapshots of a store, and the ICEWS sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from timeline.app import Timeline
from timeline.cli import cli
from timeline.errors import InvalidValue
from timeline.testing.snapshot import whole

ROOT = Path(__file__).resolve().parent.parent
# The field's published files, beside the checkout (../shared/data/field, see its README).
FIELD = ROOT.parent / "shared" / "data" / "field"
# For tests of the published files: where they are not beside this checkout, those tests
# are skipped, saying so, rather than failed.
needs_field = pytest.mark.skipif(
    not FIELD.is_dir(), reason=f"the published field data is not at {FIELD} "
                               "(../shared/data/field beside the checkout)")


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

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self(*args, input=input)
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
IGO = "International Government Organization,Regional Diplomatic IGOs,Regional"
NA = "NA"  # how ICEWS writes a missing value
ICEWS_ROWS = [
    # id, date, source, its sectors, its country, text, cameo, target, its sectors, its
    # country, city. As ICEWS writes them: a state itself has no sectors and its own name as
    # its country; an organisation has sectors and no country.
    ("9001", "2021-10-18", "Russia", NA, "Russian Federation",
     "Reduce or break diplomatic relations", "161", NATO, IGO, NA, NA),
    ("9002", "2021-10-06", NATO, IGO, NA, "Expel or deport individuals", "174", "Russia", NA,
     "Russian Federation", NA),
    ("9003", "2021-10-07", NATO, IGO, NA, "Expel or withdraw peacekeepers", "1661", "Russia",
     NA, "Russian Federation", NA),
    # one signing, coded in each direction: one agreement
    ("9004", "1997-05-27", NATO, IGO, NA, "Sign formal agreement", "057", "Russia", NA,
     "Russian Federation", "Paris"),
    ("9005", "1997-05-27", "Russia", NA, "Russian Federation", "Sign formal agreement", "057",
     NATO, IGO, NA, "Paris"),
    ("9006", "2021-06-14", NATO, IGO, NA, "Meet at a 'third' location", "044", "Russia", NA,
     "Russian Federation", "Geneva"),
    ("9007", "2021-06-15", "Russia", NA, "Russian Federation",
     "Use conventional military force", "190", NATO, IGO, NA, NA),
    # an official does not speak for the state: evidence, no agreement
    ("9008", "2021-06-16", "Sergey Lavrov", "Government,Executive,Foreign Ministry",
     "Russian Federation", "Sign formal agreement", "057", NATO, IGO, NA, "Brussels"),
    # no map knows this actor: skipped
    ("9009", "2021-06-17", "Unspecified Actor", "Unspecified", NA, "Make a visit", "042",
     NATO, IGO, NA, "Brussels"),
    # both sides under Russia: domestic, skipped
    ("9010", "2021-06-18", "Police (Russia)", "Police", "Russian Federation", "Arrest",
     "173", "Citizen (Russia)", "General Population / Civilian / Social", "Russian Federation",
     "Moscow"),
]
# What the sample becomes (with the built-in map, or actor_map below).
ICEWS_CODED = 8  # rows 9001-9008: evidence
ICEWS_BY_TYPE = {"coded_event": 8}  # evidence only: no code is a fact by itself
ICEWS_SKIPPED = {"an actor no map knows (add it with --actor-map)": 1,
                 "domestic: both sides filed under one actor": 1}


def icews_file(path: Path) -> Path:
    lines = ["\t".join(ICEWS_HEADER)]
    for (event_id, date, source, s_sectors, s_country, text, cameo, target, t_sectors,
         t_country, city) in ICEWS_ROWS:
        row = dict.fromkeys(ICEWS_HEADER, NA)
        row.update({
            "Event ID": event_id, "Event Date": date, "Source Name": source,
            "Source Sectors": s_sectors, "Source Country": s_country, "Event Text": text,
            "CAMEO Code": cameo, "Intensity": "-4.0", "Target Name": target,
            "Target Sectors": t_sectors, "Target Country": t_country, "Story ID": "4242",
            "Sentence Number": "1", "Publisher": "Example Wire", "City": city,
            "Country": {"Brussels": "Belgium", "Paris": "France", "Geneva": "Switzerland",
                        "Moscow": "Russian Federation"}.get(city, NA),
        })
        lines.append("\t".join(row[c] for c in ICEWS_HEADER))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def actor_map(path: Path) -> Path:
    path.write_text(f"Russia: russia\n{NATO}: nato\n", encoding="utf-8")
    return path


# What `check` finds in the seed itself: nothing (the Kerry offer and its two vetoes share a
# span, but an answer follows its proposal: tests/seed/test_seed_story.py).
SEED_FINDINGS: set[tuple[str, tuple[str, ...]]] = set()


def findings(run: Runner, *args: str) -> set[tuple[str, tuple[str, ...]]]:
    """What `check --json` (with ``args``) finds, as (kind, events), besides the seed's own."""
    result = run("check", "--json", *args)
    found = {(f["kind"], tuple(f["events"])) for f in json.loads(result.stdout)}
    assert result.exit_code == (1 if found else 0)
    return found - SEED_FINDINGS


def still_works(run: Runner) -> None:
    """The seeded store answers, takes a new event, and `check` finds only the seed's own."""
    run.ok("state", "russia", "nato", "--as-of", "2021-11-02")
    run.ok("add", "statement", "--actor", "russia", "--on", "2021-12-01", "--note", "fine")
    found = run("check", "--json")
    assert found.exit_code == 0, found.output
    reported = json.loads(found.stdout)
    assert {(f["kind"], tuple(f["events"])) for f in reported} == SEED_FINDINGS
    assert len(reported) == len(SEED_FINDINGS)


def completions(db: str, words: str, **env: str) -> list[str]:
    """What shell completion offers for ``words`` (click's bash protocol), on store ``db``."""
    result = CliRunner().invoke(
        cli, [], prog_name="timeline",
        env={"_TIMELINE_COMPLETE": "bash_complete", "COMP_WORDS": words,
             "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
             "TIMELINE_DB": db, **env},
    )
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def damage(store: str, *statements: str) -> None:
    """Runs SQL on a store's read model behind the library's back, as damage would."""
    app = Timeline.open(store)
    try:
        with app.store.db.engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        app.close()


def python_code(code: str, *args: str, environ: Mapping[str, str] | None = None
                ) -> subprocess.CompletedProcess[str]:
    """``python -c CODE ARGS...`` run from the project's folder to its end, its output
    kept; no store named by the environment (TIMELINE_DB) but what ``environ`` adds."""
    env = {key: value for key, value in os.environ.items() if key != "TIMELINE_DB"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, check=False, env={**env, **(environ or {})})


def overlapping_texts(fig: Any) -> list[tuple[str, str]]:
    """Pairs of texts drawn on a matplotlib figure whose boxes overlap: every axes' texts
    and titles (the left one is a Text of its own, not ``ax.title``), its lane names and
    the dates of its axis, drawn first so that they are written."""
    import itertools

    from matplotlib.text import Text

    from timeline.views import placement

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes
             for t in (*(c for c in ax.get_children() if isinstance(c, Text)),
                       *((*ax.get_xticklabels(), *ax.get_yticklabels()) if ax.axison else ()))
             if t.get_visible() and t.get_text()]
    boxes = [(t.get_text(), placement.extent(t, renderer)) for t in texts]
    return [(a, b) for (a, x), (b, y) in itertools.combinations(boxes, 2) if x.overlaps(y)]
