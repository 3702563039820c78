"""Signing is not entry into force, and mutual events have no direction (issue 19, 3 and 4).

A store an earlier version made projected ``agreement_signed`` as ``in_force``: its read
model is made again from the log when opened, so it answers ``signed``, and ``check`` says
once per such agreement what changed and how to record the entry into force.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from helpers import ROOT, Runner, refused, two_actors

# Made with the code before this change (timeline at ca367c8): ruritania and borduria,
# a meeting (talks) and the signing of szohod-treaty (treaty-signed) projected as in_force.
BEFORE = Path(__file__).parent.parent / "gate" / "data" / "store-before-signed.db"


def facts(run: Runner, a: str, b: str, *args: str) -> dict[str, str]:
    state = json.loads(run.ok("state", a, b, "--json", *args).stdout)
    return {f"{f['subject']}.{f['attribute']}": f["value"] for f in state["facts"]}


def check_kinds(run: Runner) -> list[tuple[str, list[str]]]:
    return [(f["kind"], f["events"]) for f in json.loads(run("check", "--json").stdout)]


def test_a_store_made_before_answers_signed_and_check_says_how_to_fix_it(
        tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(BEFORE, db)
    with sa.create_engine(f"sqlite:///{db}").connect() as conn:  # as the old code left it
        assert conn.execute(sa.text("SELECT value FROM tl_facts")).scalars().all() == \
            ['"in_force"']  # JSON text
    run = Runner(str(db))
    assert facts(run, "ruritania", "borduria") == {"agreement:szohod-treaty.status": "signed"}
    result = run("check")
    assert result.exit_code == 1
    assert "signed on 1995-06-01" in result.stdout
    assert "earlier versions counted signing as entry into force" in result.stdout
    assert check_kinds(run) == [("signed_not_in_force", ["treaty-signed"])]
    run.ok("add", "agreement_in_force", "--actor", "ruritania", "--target", "borduria",
           "--on", "1996-01-01", "--set", "agreement=szohod-treaty", "--source", "Gazette")
    assert check_kinds(run) == []
    assert facts(run, "ruritania", "borduria", "--as-of", "1995-12-31") == {
        "agreement:szohod-treaty.status": "signed"}
    assert facts(run, "ruritania", "borduria") == {"agreement:szohod-treaty.status": "in_force"}


def test_a_read_model_of_the_old_meaning_is_made_again_on_open(run: Runner) -> None:
    two_actors(run)
    run.ok("add", "agreement_signed", "--actor", "x", "--target", "y", "--on", "2010-04-08",
           "--set", "agreement=new-start", "--source", "s", "--id", "signed")
    url = run.db if "://" in run.db else f"sqlite:///{run.db}"
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as conn:  # the read model as the old rule projected it
            conn.execute(sa.text("UPDATE tl_facts SET value = 'in_force'"))
            conn.execute(sa.text("ALTER TABLE tl_position DROP COLUMN meaning"))
    finally:
        engine.dispose()
    assert facts(run, "x", "y") == {"agreement:new-start.status": "signed"}
    # recorded by this version, the signing means only that: nothing to review
    assert check_kinds(run) == []


def test_signing_then_entry_into_force(run: Runner) -> None:
    two_actors(run)
    for type_, on in (("agreement_signed", "2010-04-08"), ("agreement_in_force", "2011-02-05")):
        run.ok("add", type_, "--actor", "x", "--target", "y", "--on", on,
               "--set", "agreement=new-start", "--source", "s")
        # signed and not (yet) in force is no inconsistency when this version recorded it
        assert check_kinds(run) == []
    assert facts(run, "x", "y", "--as-of", "2010-12-31") == {
        "agreement:new-start.status": "signed"}
    assert facts(run, "x", "y", "--as-of", "2011-02-05") == {
        "agreement:new-start.status": "in_force"}
    log = run.ok("log", "x", "y").stdout
    assert [line.split()[2:5] for line in log.splitlines() if "agreement=" in line] == \
        [["x", "-", "y"]] * 2
    assert "->" not in log


def test_a_meeting_has_no_arrow_and_names_its_host_and_place(run: Runner) -> None:
    two_actors(run)
    run.ok("add", "meeting", "--actor", "x", "--target", "y", "--on", "2021-06-16",
           "--set", "host=y", "--set", "location=Geneva", "--source", "s", "--id", "summit")
    run.ok("add", "expulsion", "--actor", "y", "--target", "x", "--on", "2021-06-17",
           "--set", "count=2", "--source", "s", "--id", "out")
    lines = run.ok("log", "x", "y").stdout.splitlines()
    assert "x - y, hosted by y, in Geneva  [summit]" in lines[0]
    assert lines[2].split()[2:5] == ["y", "->", "x"]
    refused(run("add", "meeting", "--actor", "x", "--target", "y", "--on", "2021",
                "--set", "host=z", "--source", "s"), "'host'", "x or y", "'z'")


def test_the_log_as_a_process_prints_no_arrow_for_a_meeting(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run = Runner(str(db))
    two_actors(run)
    run.ok("add", "meeting", "--actor", "x", "--target", "y", "--on", "2021",
           "--set", "host=x", "--source", "s")
    out = subprocess.run([sys.executable, "-m", "timeline", "--db", str(db), "log"],
                         capture_output=True, text=True, check=True, cwd=ROOT,
                         env=dict(os.environ)).stdout
    assert "x - y, hosted by x" in out and "->" not in out


def test_the_report_page_shows_the_seed_s_agreement_without_an_arrow(
        seeded: Runner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    seeded.ok("report", "russia", "nato", "--out", str(out))
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>',
                      out.read_text(encoding="utf-8"), re.S)
    assert found is not None
    events = {e["id"]: e for e in json.loads(found.group(1))["events"]}
    assert events["founding-act-signed"]["parties"] == "NATO - Russia"
    assert events["founding-act-in-force"]["changes"] == [
        "nato-russia-founding-act (agreement) status: in force"]
    assert events["founding-act-signed"]["changes"] == [
        "nato-russia-founding-act (agreement) status: signed"]
    assert events["nato-expels-7-russia-mission-staff-2018"]["parties"] == "NATO -> Russia"


def test_a_timelinejs_slide_of_a_meeting_has_no_arrow() -> None:
    from timeline.domain.values import EventData
    from timeline.interchange import timelinejs

    met = EventData(id="m", type="meeting", actor="x", target="y", on="2021-06-16",
                    fields={"host": "y", "location": "Geneva"}, sources=["s"])
    out = EventData(id="o", type="expulsion", actor="y", target="x", on="2021-06-17",
                    fields={"count": 2}, sources=["s"])
    slides = {s["unique_id"]: s for s in timelinejs.to_timelinejs([], [met, out])["events"]}
    assert slides["m"]["text"]["headline"] == "meeting: x - y, hosted by y, in Geneva"
    assert slides["o"]["text"]["headline"] == "expulsion: y → x (count 2)"
