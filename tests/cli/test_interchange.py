"""The field's formats: TimelineJS and PLOVER round trips, ICEWS import with counts."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import Runner, actor_map, icews_file, refused, snapshot


def test_icews_import_maps_what_it_can_and_counts_the_rest(run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    run.ok("actor", "add", "nato", "--name", "NATO", "--kind", "organization")
    data, names = icews_file(tmp_path / "events.tab"), actor_map(tmp_path / "names.yaml")
    result = json.loads(run.ok("import", "--format", "icews", "--actor-map", str(names),
                               str(data), "--json").stdout)
    assert result["events_added"] == 5
    assert result["skipped"] == {"CAMEO 190": 1, "unmapped actor 'Ukraine'": 1}
    text = run.ok("import", "--format", "icews", "--actor-map", str(names), str(data)).stdout
    assert "Imported 0 actor(s) and 0 event(s); 5 record(s) already stored." in text
    assert "Skipped 2 record(s) that map to no event: CAMEO 190 x1, unmapped actor " \
           "'Ukraine' x1." in text
    events = {e["id"]: e for e in json.loads(run.ok("log", "--json").stdout)}
    assert set(events) == {"icews-9001", "icews-9002", "icews-9003", "icews-9004",
                           "icews-9005"}
    assert events["icews-9001"]["type"] == "relations_suspended"
    assert events["icews-9002"]["fields"] == {"count": 1}
    assert events["icews-9003"]["type"] == "expulsion"
    assert events["icews-9004"]["fields"]["agreement"] == "icews-9004"
    assert events["icews-9005"]["fields"] == {"location": "Geneva"}
    assert events["icews-9002"]["sources"] == ["ICEWS event 9002, Example Wire, story 4242"]
    facts = {(f["subject"], f["attribute"]): f["value"] for f in json.loads(
        run.ok("state", "russia", "nato", "--as-of", "2021-11-01", "--json").stdout)["facts"]}
    assert facts[("relationship", "relations")] == "suspended"
    assert facts[("relationship", "expelled:russia")] == 2


def test_icews_needs_an_actor_map_and_its_columns(run: Runner, tmp_path: Path) -> None:
    data = icews_file(tmp_path / "events.tsv")
    refused(run("import", "--format", "icews", str(data)), "--actor-map", code=2)
    refused(run("import", str(data)), "the icews format")
    bad = tmp_path / "other.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    refused(run("import", "--format", "icews", "--actor-map",
                str(actor_map(tmp_path / "n.yaml")), str(bad)), "other.tsv:1", "Event ID")


def test_plover_round_trip(seeded: Runner, tmp_path: Path) -> None:
    out = tmp_path / "seed.plover.jsonl"
    seeded.ok("export", "--format", "plover", "--out", str(out))
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert {"event_type", "mode", "actor", "recipient", "date", "cite_info"} <= set(first)
    recall = next(json.loads(line) for line in out.read_text().splitlines()
                  if '"russia-recalls-mission-to-nato"' in line[:60])
    assert (recall["event_type"], recall["mode"], recall["cameo"]) == (
        "SANCTION", "withdraw", "161")
    other = Runner(str(tmp_path / "copy.db"))
    other.ok("import", "events/russia-nato.yaml")  # actors (and events, unchanged below)
    result = json.loads(other.ok("import", "--format", "plover", str(out), "--json").stdout)
    assert result["unchanged"] == 21 and result["events_added"] == 0
    fresh = Runner(str(tmp_path / "fresh.db"))
    fresh.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    fresh.ok("actor", "add", "nato", "--name", "NATO", "--kind", "organization")
    assert json.loads(fresh.ok("import", "--format", "plover", str(out), "--json").stdout)[
        "events_added"] == 21
    args = ("state", "russia", "nato", "--as-of", "2021-11-02", "--json")
    assert json.loads(fresh.ok(*args).stdout) == json.loads(seeded.ok(*args).stdout)


def test_plover_from_elsewhere(seeded: Runner, tmp_path: Path) -> None:
    data = tmp_path / "coded.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in [
        {"id": "p1", "date": "2022-02-01", "event_type": "COERCE", "mode": "deport",
         "actor": "RUS", "recipient": "NATO", "cite_info": "Wire, 1 Feb 2022"},
        {"id": "p2", "date": "2022-02-02", "event_type": "CONSULT", "mode": "phone",
         "actor": "NATO", "recipient": "RUS"},
        {"id": "p3", "date": "2022-02-03", "event_type": "ASSAULT", "mode": "",
         "actor": "RUS", "recipient": "NATO"},
    ]) + "\n", encoding="utf-8")
    names = tmp_path / "names.json"
    names.write_text(json.dumps({"RUS": "russia", "NATO": "nato"}), encoding="utf-8")
    result = json.loads(seeded.ok("import", "--format", "plover", "--actor-map", str(names),
                                  str(data), "--json").stdout)
    assert result["events_added"] == 2 and result["skipped"] == {"PLOVER ASSAULT/-": 1}
    logged = {e["id"]: e for e in json.loads(seeded.ok("log", "--from", "2022",
                                                       "--json").stdout)}
    assert logged["plover-p1"]["type"] == "expulsion"
    assert logged["plover-p1"]["actor"] == "russia"
    assert logged["plover-p2"]["type"] == "meeting"


def test_timelinejs_export_and_import(seeded: Runner, tmp_path: Path) -> None:
    out = tmp_path / "seed.timeline.json"
    seeded.ok("export", "russia", "nato", "--format", "timelinejs", "--out", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["title"]["text"]["headline"] == "NATO - Russia"
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert slides["saceur-cgs-line-opened"]["start_date"] == {"year": "1997",
                                                              "display_date": "1997"}
    assert slides["russia-mission-to-nato-opened"]["start_date"]["display_date"] == "1998"
    recall = slides["russia-recalls-mission-to-nato"]
    assert recall["start_date"] == {"year": "2021", "month": "11", "day": "1",
                                    "display_date": "1 November 2021"}
    assert recall["group"] == "post: Russia's mission to NATO (Brussels)"
    assert '<a href="https://tass.com/politics/1350915">' in recall["text"]["text"]
    assert recall["text"]["headline"].startswith("mission recall: Russia → NATO")
    before = snapshot(seeded.db)
    again = json.loads(seeded.ok("import", "--format", "timelinejs", str(out), "--json").stdout)
    assert again["unchanged"] == 2 + 21 and snapshot(seeded.db) == before  # actors, events
    doc["events"].append({"start_date": {"year": "2022"}, "text": {"headline": "not ours"}})
    out.write_text(json.dumps(doc), encoding="utf-8")
    assert json.loads(seeded.ok("import", "--format", "timelinejs", str(out), "--json").stdout)[
        "skipped"] == {"TimelineJS slide without timeline data": 1}


def test_types_show_cameo_and_plover(run: Runner) -> None:
    types = {t["type"]: t for t in json.loads(run.ok("types", "--json").stdout)}
    assert types["expulsion"]["cameo"] == "174"
    assert types["expulsion"]["plover"] == {"event_type": "COERCE", "mode": "deport"}
    assert all(t["cameo"] for t in types.values())
    assert "CAMEO" in run.ok("types").stdout.splitlines()[0]
