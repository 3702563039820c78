"""Every command through CliRunner on each backend, and the real executable as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, Runner

from timeline.domain.vocabulary import TYPES


def _seed() -> tuple[set[str], list[dict[str, Any]]]:
    """The seed's actor ids and its events, read from events/ (an actor may be listed in
    several files: it is one actor)."""
    actors: set[str] = set()
    events: list[dict[str, Any]] = []
    for path in sorted((ROOT / "events").glob("*.yaml")):
        # BaseLoader: every scalar as written (YAML 1.1 would read the key `on` as True).
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        actors |= {a["id"] for a in data.get("actors", [])}
        events += data.get("events", [])
    return actors, events


def _known_by(on: str) -> str:
    """The day an event's date is known by, as YYYY-MM-DD: the start of a year or month,
    the day a qualified date (? ~) qualifies, the end of a span (its start when open)."""
    lo, _, hi = on.rpartition("/")
    day = hi if hi != ".." else lo
    return (day.rstrip("?~") + "-01-01")[:10]


def test_actor_add_and_list(run: Runner) -> None:
    assert run.ok("actor", "add", "nato", "--name", "NATO", "--kind", "organization"
                  ).stdout == "nato\n"
    run.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    # Adding the same actor again is fine and changes nothing.
    run.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    assert run.ok("actor", "list").stdout.splitlines() == [
        "ID      NAME    KIND",
        "nato    NATO    organization",
        "russia  Russia  state",
    ]
    assert json.loads(run.ok("actor", "list", "--json").stdout) == [
        {"id": "nato", "name": "NATO", "kind": "organization"},
        {"id": "russia", "name": "Russia", "kind": "state"},
    ]


def test_add_prints_the_id_alone_and_json_gives_the_stored_event(seeded: Runner) -> None:
    out = seeded.ok(
        "add", "meeting", "--actor", "nato", "--target", "russia", "--on", "2021-12",
        "--set", "channel=saceur-cgs", "--set", "location=Baku", "--source", "https://x.test/1",
        "--note", "Generals meet", "--id", "saceur-cgs-meeting",
    ).stdout
    assert out == "saceur-cgs-meeting\n"
    made = seeded.ok("add", "statement", "--actor", "russia", "--target", "nato",
                     "--on", "2021-12-03", "--json")
    event = json.loads(made.stdout)
    assert set(event) >= {"id", "type", "actor", "target", "on", "announced", "fields",
                          "sources", "note", "recorded_at"}
    assert event["id"].startswith("statement-2021-12-03-")
    assert event["recorded_at"].endswith("Z")
    state = json.loads(seeded.ok("state", "nato", "russia", "--as-of", "2021-12-31",
                                 "--json").stdout)
    contact = next(f for f in state["facts"] if f["attribute"] == "last_contact")
    assert contact == {"subject": "channel:saceur-cgs", "attribute": "last_contact",
                       "value": "2021-12", "since": "2021-12", "event": "saceur-cgs-meeting",
                       "certainty": "certain"}


def test_reduced_precision_dates_apply_from_the_start_of_their_period(run: Runner) -> None:
    run.ok("actor", "add", "x", "--name", "X")
    run.ok("actor", "add", "y", "--name", "Y")
    run.ok("add", "relations_established", "--actor", "x", "--target", "y", "--on", "1990")
    run.ok("add", "relations_suspended", "--actor", "x", "--target", "y", "--on", "2001-06")

    def relations(day: str) -> tuple[str, str] | None:
        facts = json.loads(run.ok("state", "x", "y", "--as-of", day, "--json").stdout)["facts"]
        return next(((f["value"], f["since"]) for f in facts), None)

    assert relations("1989-12-31") is None
    assert relations("1990-01-01") == ("established", "1990")
    assert relations("2001-05-31") == ("established", "1990")
    assert relations("2001-06-01") == ("suspended", "2001-06")


def test_late_fact_changes_answers_from_its_date_only(run: Runner) -> None:
    """Recording an event dated 2014 after 2021 events changes answers from 2014 on."""
    run.ok("actor", "add", "x", "--name", "X")
    run.ok("actor", "add", "y", "--name", "Y")
    run.ok("add", "expulsion", "--actor", "x", "--target", "y", "--on", "2021-03-01",
           "--set", "count=2")
    before = {d: run.ok("state", "x", "y", "--as-of", d, "--json").stdout
              for d in ("2013-12-31", "2014-05-01", "2021-04-01")}
    run.ok("add", "expulsion", "--actor", "y", "--target", "x", "--on", "2014-05-01",
           "--set", "count=3")
    run.ok("add", "expulsion", "--actor", "x", "--target", "y", "--on", "2014-05-01",
           "--set", "count=1")
    after = {d: run.ok("state", "x", "y", "--as-of", d, "--json").stdout for d in before}
    assert after["2013-12-31"] == before["2013-12-31"]
    counts = {
        (f["attribute"], f["value"])
        for f in json.loads(after["2021-04-01"])["facts"]
    }
    assert counts == {("expelled:x", 3), ("expelled:y", 3)}


def test_log_filters_and_order(seeded: Runner) -> None:
    events = json.loads(seeded.ok("log", "nato", "russia", "--json").stdout)
    ons = [e["on"] for e in events]
    # In order of the day each is known by: the mission seen open by the day before NATO's
    # cut of 2018 stands just before it, the military line seen by 27 October 2021 after
    # NATO's statement of the 18th, Russia's measures "probably from November 1" on that day.
    assert ons[0] == "1997-05-27" and ons == sorted(ons, key=_known_by)
    assert ons.index("../2018-03-26") + 1 == ons.index("2018-03-27")
    assert ons.index("2021-10-18") + 1 == ons.index("../2021-10-27")
    assert ons[-4:] == ["2021-11-01?"] * 4
    closures = json.loads(seeded.ok("log", "russia", "nato", "--type", "office_closure",
                                    "--json").stdout)
    assert [e["fields"]["post"] for e in closures] == [
        "nato-military-liaison-mission-moscow", "nato-information-office-moscow"]
    window = json.loads(seeded.ok("log", "russia", "nato", "--from", "2021-01-01", "--to",
                                  "2021-10-31", "--json").stdout)
    assert [e["id"] for e in window] == ["nato-statement-on-russian-measures-2021",
                                         "saceur-cgs-line-opened"]
    # Every relationship's events: a month-dated one counts from its first day; the ties
    # seen by 27 October are not yet in a window ending the day before.
    window = json.loads(seeded.ok("log", "--from", "2021-10-01", "--to", "2021-10-26",
                                  "--json").stdout)
    assert [e["id"] for e in window] == ["nuland-talks-in-moscow-2021-10",
                                         "nato-statement-on-russian-measures-2021"]
    text = seeded.ok("log", "--type", "expulsion").stdout
    assert "count=7" in text and "count=8" in text and "source: " in text


def test_types_lists_the_vocabulary(run: Runner) -> None:
    types = {t["type"]: t for t in json.loads(run.ok("types", "--json").stdout)}
    assert types["expulsion"]["fields"] == ["count", "post?"]
    assert "relationship.expelled:TARGET" in types["expulsion"]["effect"]
    for name in ("relations_established", "relations_restored", "relations_suspended",
                 "relations_severed", "cooperation_suspended", "cooperation_resumed",
                 "post_opened", "post_reopened", "staff_cap", "expulsion", "mission_recall",
                 "office_closure", "agreement_signed", "agreement_suspended",
                 "agreement_terminated", "channel_opened", "channel_suspended",
                 "channel_closed", "meeting", "statement"):
        assert name in types
    assert "post_opened" in run.ok("types").stdout


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_is_what_import_reads_back(seeded: Runner, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    seeded.ok("export", "--format", fmt, "--out", str(out))
    other = Runner(str(tmp_path / "copy.db"))
    result = other.ok("import", str(out), "--json")
    imported = json.loads(result.stdout)
    actors, events = _seed()
    assert {k: imported[k] for k in ("actors_added", "events_added", "unchanged", "superseded",
                                     "repeated", "skipped", "dry_run")} == {
        "actors_added": len(actors), "events_added": len(events), "unchanged": 0,
        "superseded": 0, "repeated": 0, "skipped": {}, "dry_run": False}
    assert sum(imported["by_type"].values()) == len(events)
    # The same answers: the pair's, an actor's own facts and groups, a group's members, and
    # every event as logged (spans, uncertain days, about and via).
    for args in (("state", "russia", "nato", "--as-of", "2021-11-02", "--json"),
                 ("diff", "russia", "nato", "--from", "2021-10-01", "--to", "2021-11-02",
                  "--json"),
                 ("state", "russia", "--as-of", "2016-01-01", "--json"),
                 ("members", "nato", "--as-of", "2024-12-31", "--json"),
                 ("log", "--json")):
        mine, theirs = json.loads(seeded.ok(*args).stdout), json.loads(other.ok(*args).stdout)
        for data in (mine, theirs):
            events = data if isinstance(data, list) else (
                data.get("events", []) + data.get("pending", []))
            for event in events:
                event.pop("recorded_at")
        assert mine == theirs, args
    # Importing the export into the store it came from changes nothing.
    assert json.loads(seeded.ok("import", str(out), "--json").stdout)["events_added"] == 0


def test_export_of_one_pair_to_stdout(seeded: Runner) -> None:
    lines = seeded.ok("export", "nato", "russia").stdout.splitlines()
    assert json.loads(lines[0]) == {"actor": {"id": "nato", "name": "NATO",
                                              "kind": "organization"}}
    assert all(json.loads(line)["type"] for line in lines[2:])


def test_rebuild_gives_identical_answers(seeded: Runner) -> None:
    queries = [("state", "russia", "nato", "--as-of", d, "--json")
               for d in ("2000-01-01", "2021-10-20", "2021-11-02")]
    queries.append(("diff", "russia", "nato", "--from", "2014-01-01", "--to", "2021-11-02",
                    "--json"))
    before = [seeded.ok(*q).stdout for q in queries]
    actors, events = _seed()  # each actor and each event is one logged event
    assert seeded.ok("rebuild").stdout.startswith(
        f"Rebuilt the read model from {len(actors) + len(events)} ")
    assert [seeded.ok(*q).stdout for q in queries] == before


def test_store_from_the_environment(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from timeline.cli import cli

    db = tmp_path / "env.db"
    result = CliRunner().invoke(cli, ["actor", "add", "x", "--name", "X"],
                                env={"TIMELINE_DB": str(db)})
    assert result.exit_code == 0 and db.exists()


def test_default_store_is_timeline_db_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from timeline.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIMELINE_DB", raising=False)
    assert CliRunner().invoke(cli, ["actor", "add", "x", "--name", "X"]).exit_code == 0
    assert (tmp_path / "timeline.db").exists()


# -- the real executable ------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TIMELINE_DB", None)
    return env


@pytest.mark.slow  # real processes: each starts Python and the library
def test_console_script_and_module_as_real_processes(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("timeline")
    assert script.exists(), "the console script is installed"
    db = str(tmp_path / "p.db")
    done = subprocess.run([str(script), "--db", db, "import", "events/"], cwd=ROOT,
                          capture_output=True, text=True, env=_env(), check=False)
    assert done.returncode == 0, done.stderr
    actors, events = _seed()
    assert done.stdout.startswith(f"Imported {len(actors)} actor(s) and {len(events)} event(s)")
    assert done.stderr == ""  # no progress bar when piped
    state = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", db, "state", "russia", "nato",
         "--as-of", "2021-11-02", "--json"],
        cwd=ROOT, capture_output=True, text=True, env=_env(), check=False)
    assert state.returncode == 0, state.stderr
    facts = {(f["subject"], f["attribute"]): f["value"]
             for f in json.loads(state.stdout)["facts"]}
    assert facts[("channel:saceur-cgs", "status")] == "open"
    bad = subprocess.run([str(script), "--db", db, "state", "russia", "natto"], cwd=ROOT,
                         capture_output=True, text=True, env=_env(), check=False)
    assert bad.returncode == 1
    assert bad.stderr.strip() == ("Error: unknown actor 'natto' (did you mean 'nato'?)")
    usage = subprocess.run([str(script), "--db", db, "state"], cwd=ROOT,
                           capture_output=True, text=True, env=_env(), check=False)
    assert usage.returncode == 2
    assert usage.stderr.count("\n") == 1 and "Missing argument 'A [B]'" in usage.stderr


def test_help_works_without_a_store(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "timeline", "--db",
                           str(tmp_path / "none.db"), "add", "--help"],
                          capture_output=True, text=True, env=_env(), check=False)
    assert done.returncode == 0 and "--announced" in done.stdout
    assert not (tmp_path / "none.db").exists()


def test_log_to_a_year_or_month_runs_to_its_end(seeded: Runner) -> None:
    year = json.loads(seeded.ok("log", "--from", "2021", "--to", "2021", "--json").stdout)
    _, events = _seed()
    in_2021 = sorted(e["id"] for e in events if _known_by(e["on"]).startswith("2021"))
    assert sorted(e["id"] for e in year) == in_2021
    assert all(_known_by(e["on"]).startswith("2021") for e in year)
    assert year[-1]["on"] == "2021-11-01?"
    month = json.loads(seeded.ok("log", "russia", "nato", "--from", "2021-10", "--to",
                                 "2021-10", "--json").stdout)
    assert [e["on"] for e in month] == ["2021-10-18", "../2021-10-27"]


@pytest.mark.slow  # real processes: each starts Python and the library
def test_the_other_commands_as_real_processes(tmp_path: Path) -> None:
    from sessions import run_process

    db = str(tmp_path / "p.db")
    assert run_process(db, ["import", "events/"])[0] == 0
    code, out = run_process(db, ["export", "--format", "csv"])
    assert code == 0 and out.startswith("record,id,type,actor,target,on,")
    code, out = run_process(db, ["types", "--json"])
    assert code == 0 and [t["type"] for t in json.loads(out)] == list(TYPES)
    code, out = run_process(db, ["rebuild"])
    actors, events = _seed()
    assert (code, out) == (
        0, f"Rebuilt the read model from {len(actors) + len(events)} logged event(s).\n")
    assert run_process(db, ["retract", "founding-act-signed", "--reason", "test"])[0] == 0
    code, out = run_process(db, ["history", "founding-act-signed", "--json"])
    assert code == 0 and [v["status"] for v in json.loads(out)] == ["recorded", "retracted"]
    code, out = run_process(db, ["history", "no-such-event"])
    assert (code, out) == (1, "Error: unknown event 'no-such-event'\n")


@pytest.mark.slow  # real processes: each starts Python and the library
def test_progress_bars_show_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal (a pty) a long import shows each pass; piped, it stays quiet
    (see test_console_script_and_module_as_real_processes)."""
    import pty

    from timeline.testing import synthetic

    data = tmp_path / "big.jsonl"
    synthetic.write_jsonl(str(data), 3000)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "timeline", "--db", str(tmp_path / "t.db"),
                             "import", str(data)], stdout=slave, stderr=slave, env=_env(),
                            cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait() == 0
    screen = b"".join(chunks).decode()
    assert "Traceback" not in screen
    assert "Validating" in screen and "Storing" in screen
    assert "3000/3000" in screen
    assert "Imported" in screen and "and 3000 event(s)" in screen


def _complete(words: str, env_db: str | None = None) -> list[str]:
    env = {**_env(), "_TIMELINE_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    if env_db:
        env["TIMELINE_DB"] = env_db
    done = subprocess.run([sys.executable, "-m", "timeline"], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if line]


@pytest.mark.slow  # real processes: each starts Python and the library
def test_shell_completion_of_commands_types_and_actors(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    subprocess.run([sys.executable, "-m", "timeline", "--db", db, "import", "events/"],
                   cwd=ROOT, check=True, capture_output=True, env=_env())
    assert _complete("timeline st") == ["state"]
    assert _complete("timeline add expu") == ["expulsion"]
    assert _complete("timeline log --type office") == ["office_closure"]
    assert _complete(f"timeline --db {db} state ") == sorted(_seed()[0])
    assert _complete("timeline diff na", env_db=db) == ["nato"]
    assert _complete(f"timeline --db {db} add statement --actor ru") == ["russia"]
    missing = tmp_path / "missing.db"
    assert _complete(f"timeline --db {missing} state ") == []
    assert not missing.exists(), "completion never creates a store"
