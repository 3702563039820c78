"""Coded data changes no fact (issue 19): on every published coded file in
../shared/data/field/, a plain import stores evidence only, and every relationship it
touches answers state, diff and changes as a store holding the same actors and no event
does. Facts that earlier versions made from coded data stay in the log and ``check`` lists
them for review (``coded_fact``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import FIELD, Runner, needs_field

from timeline.domain.codes import CAMEO_LEADS

PUBLISHED = [("icews", FIELD / "icews" / "events.2018-06-01.tab"),
             ("gdelt", FIELD / "gdelt" / "gdelt1.sample.shared.tsv"),
             ("plover", FIELD / "plover")]
WHOLE = ("--from", "1900", "--to", "2030")


def answers(run: Runner, pairs: list[tuple[str, str]]) -> list[Any]:
    out: list[Any] = [json.loads(run.ok("changes", *WHOLE, "--json").stdout)]
    for a, b in pairs:
        out.append(json.loads(run.ok("state", a, b, "--as-of", "2030", "--json").stdout))
        diff = json.loads(run.ok("diff", a, b, *WHOLE, "--json").stdout)
        diff.pop("events")  # the evidence itself, which changes nothing
        out.append(diff)
    return out


@needs_field
@pytest.mark.parametrize(("fmt", "path"), PUBLISHED, ids=[p.name for _, p in PUBLISHED])
def test_a_plain_import_of_a_published_file_changes_no_fact(
    run: Runner, tmp_path: Path, fmt: str, path: Path
) -> None:
    result = json.loads(run.ok("import", "--format", fmt, "--create-actors", str(path),
                               "--json").stdout)
    logged = json.loads(run.ok("log", "--json").stdout)
    assert result["events_added"] == len(logged) > 0
    assert {e["type"] for e in logged} == {"coded_event"}
    # The pairs of the records whose codes point to a fact: where earlier versions made one.
    pairs = sorted({tuple(sorted((e["actor"], e["target"]))) for e in logged
                    if e["fields"]["code"].split("/")[0][:3] in CAMEO_LEADS
                    or e["fields"]["code"].startswith("CONSULT")})
    assert pairs
    actors = tmp_path / "actors.json"
    actors.write_text(json.dumps({"actors": json.loads(run.ok("actor", "list", "--json")
                                                       .stdout)}), encoding="utf-8")
    empty = Runner(str(tmp_path / "empty.db"))
    empty.ok("import", str(actors))
    chosen = [(a, b) for a, b in pairs][:40]  # each answer is a command: a sample suffices
    assert answers(run, chosen) == answers(empty, chosen)


# Exactly as interchange.coded.stated() of earlier versions wrote them.
EARLIER = [
    {"id": "icews-agreement-signed-2018-06-01-israel-russia", "type": "agreement_signed",
     "actor": "israel", "target": "russia", "on": "2018-06-01",
     "fields": {"agreement": "icews-agreement-signed-2018-06-01-israel-russia",
                "name": "Agreement signed by Israel and Russia (2018-06-01)"},
     "sources": ["ICEWS coded events of 2018-06-01"],
     "note": "From ICEWS: coded as agreement signed between Israel and Russia on 2018-06-01, "
             "each side the state or organisation itself; the coded records are kept as "
             "evidence (type coded_event)."},
    {"id": "plover-meeting-2000-01-01-israel-lebanon", "type": "meeting",
     "actor": "israel", "target": "lebanon", "on": "2000-01-01", "fields": {},
     "sources": ["PLOVER coded events of 2000-01-01, PLOVER CONSULT"],
     "note": "From PLOVER: PLOVER CONSULT between Israel and Lebanon on 2000-01-01, each "
             "side the state or organisation itself; the coded records are kept as evidence "
             "(type coded_event)."},
]


def test_a_fact_an_earlier_version_made_from_coded_data_is_listed_for_review(
    run: Runner, tmp_path: Path
) -> None:
    ours = {"id": "israel-russia-meeting", "type": "meeting", "actor": "israel",
            "target": "russia", "on": "2018-06-02", "fields": {}, "sources": ["A wire"]}
    data = tmp_path / "earlier.json"
    data.write_text(json.dumps({
        "actors": [{"id": i, "name": i.capitalize(), "kind": "state"}
                   for i in ("israel", "russia", "lebanon")],
        "events": [*EARLIER, ours]}), encoding="utf-8")
    run.ok("import", str(data))
    done = run("check", "--json")
    assert done.exit_code == 1
    found = [f for f in json.loads(done.stdout) if f["kind"] == "coded_fact"]
    assert sorted(f["events"] for f in found) == [[e["id"]] for e in sorted(
        EARLIER, key=lambda e: e["id"])]
    assert all("earlier version" in f["message"] for f in found)
    # One pair at a time too.
    pair = json.loads(run("check", "israel", "lebanon", "--json").stdout)
    assert [f["events"] for f in pair if f["kind"] == "coded_fact"] == [[EARLIER[1]["id"]]]


@needs_field
def test_an_earlier_coded_fact_is_a_lead_accept_keeps_it_dismiss_retracts_it(
    run: Runner, tmp_path: Path
) -> None:
    run.ok("import", "--format", "icews", "--create-actors", str(PUBLISHED[0][1]))
    data = tmp_path / "earlier.json"
    data.write_text(json.dumps({
        "actors": [{"id": "lebanon", "name": "Lebanon", "kind": "state"}],
        "events": EARLIER}), encoding="utf-8")
    run.ok("import", str(data))
    signed, met = EARLIER[0]["id"], EARLIER[1]["id"]
    (lead,) = json.loads(run.ok("leads", "israel", "russia", "--type", "agreement_signed",
                                "--json").stdout)["leads"]
    # The rows it was made of (Israel 057 Russia, both ways, story 47402162) are its evidence.
    assert {"icews-2018-06-01-32890575", "icews-2018-06-01-32890576"} <= set(lead["evidence"])
    assert f"made a fact by an earlier version of the import: {signed}" in run.ok(
        "leads", "israel", "russia").stdout
    (alone,) = json.loads(run.ok("leads", "israel", "lebanon", "--json").stdout)["leads"]
    assert (alone["type"], alone["records"], alone["status"]) == ("meeting", 0, "open")
    # Accepting keeps the fact as it is, and check no longer lists it.
    assert run.ok("accept", lead["id"]).stdout.strip() == signed
    found = json.loads(run("check", "--json").stdout)
    assert [f["events"] for f in found if f["kind"] == "coded_fact"] == [[met]]
    # Dismissing retracts it, with the reason.
    run.ok("dismiss", alone["id"], "--reason", "the gold standard's example sentence")
    assert json.loads(run.ok("log", "israel", "lebanon", "--json").stdout)[0]["type"] == (
        "lead_dismissed")
    history = json.loads(run.ok("history", met, "--json").stdout)
    assert history[-1]["status"] == "retracted" and "example sentence" in history[-1]["reason"]
    assert [f for f in json.loads(run("check", "--json").stdout)
            if f["kind"] == "coded_fact"] == []
