"""The relationships as of a day as a network (``export --format graphml|gexf|csv-edges``),
on the seed, on both backends: nodes are actors, edges facts, directed where a fact is keyed
by an actor, with their certainty on the day."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from helpers import ROOT, Runner, refused


def edges(run: Runner, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(run.ok("export", "--format", "csv-edges", *args)
                               .output.splitlines()))


def test_facts_are_edges_and_keyed_facts_have_a_direction(seeded: Runner) -> None:
    found = edges(seeded, "--as-of", "2021-11-02")
    by = {(e["source"], e["target"], e["subject"], e["attribute"]): e for e in found}
    expelled = by[("nato", "russia", "relationship", "expelled:russia")]
    assert (expelled["value"], expelled["mutual"]) == ("15", "False")  # NATO expelled them
    joined = by[("poland", "nato", "membership:nato", "status")]  # the member to its group
    assert (joined["value"], joined["since"], joined["event"]) == (
        "member", "1999-03-12", "poland-joins-nato")
    relations = by[("nato", "russia", "relationship", "relations")]  # both ways alike
    assert (relations["value"], relations["mutual"], relations["certainty"]) == \
        ("suspended", "True", "certain")
    assert not any(e["source"] == e["target"] for e in found)  # an actor's own: no edge
    # A post's facts run from the actor that sends it to its host.
    mission = by[("russia", "nato", "post:russia-mission-to-nato", "expelled")]
    assert (mission["value"], mission["mutual"]) == ("15", "False")
    embassy = by[("united-states", "russia", "post:united-states-embassy-moscow", "status")]
    assert embassy["value"] == "open" and embassy["mutual"] == "False"


def test_the_day_and_its_uncertainty(seeded: Runner) -> None:
    before = {(e["subject"], e["attribute"]): e for e in edges(
        seeded, "nato", "--as-of", "2021-10-20", "--kind", "relationship")
        if {e["source"], e["target"]} == {"nato", "russia"}}
    assert before[("relationship", "relations")]["value"] == "established"
    assert before[("relationship", "expelled:russia")]["value"] == "7"
    # As the record stood in 2000: nothing recorded yet.
    assert edges(seeded, "--as-of", "2021-10-20", "--known-at", "2000-01-01") == []
    # Only NATO's relationships, and only relationship facts.
    mine = edges(seeded, "nato", "--as-of", "2021-10-20", "--kind", "relationship")
    assert mine and all("nato" in (e["source"], e["target"]) for e in mine)
    assert {e["subject"] for e in mine} == {"relationship"}


def test_graphml_and_gexf_open_in_networkx(seeded: Runner, tmp_path: Path) -> None:
    import networkx as nx

    graphml, gexf = tmp_path / "n.graphml", tmp_path / "n.gexf"
    said = seeded.ok("export", "--format", "graphml", "--as-of", "2021-11-02", "--out",
                     str(graphml)).output
    g = nx.read_graphml(graphml, force_multigraph=True)
    assert said == (f"{graphml}: {g.number_of_nodes()} actor(s) and {g.number_of_edges()} "
                    f"fact(s) as edges, as of 2021-11-02 ({g.number_of_edges()} certain, "
                    "0 uncertain)\n")
    assert g.nodes["nato"]["name"] == "NATO" and g.nodes["nato"]["kind"] == "organization"
    seeded.ok("export", "--format", "gexf", "--as-of", "2021-11-02", "--out", str(gexf))
    h = nx.read_gexf(gexf)
    assert sorted(h.nodes) == sorted(g.nodes)
    assert h.number_of_edges() == g.number_of_edges()
    assert len(edges(seeded, "--as-of", "2021-11-02")) == g.number_of_edges()


def test_flags_that_go_with_other_formats_are_usage_errors(seeded: Runner) -> None:
    refused(seeded("export", "--as-of", "2021"), "--as-of, --known-at and --kind go with",
            code=2)
    refused(seeded("export", "russia", "nato", "--format", "gexf"), "takes one actor", code=2)
    refused(seeded("export", "--format", "graphml", "--as-of", "2021-13"), "2021-13", code=2)


def test_without_networkx_graphml_is_one_line_and_no_file(
        seeded: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "networkx" or m.startswith("networkx.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "networkx", None)
    out = tmp_path / "g.graphml"
    refused(seeded("export", "--format", "graphml", "--out", str(out)),
            f"pip install -e '{ROOT}[graph]'")
    assert not out.exists()
    assert edges(seeded)  # csv-edges needs no networkx


def test_a_post_in_flight_runs_from_its_possible_sender(run: Runner) -> None:
    run.ok("actor", "add", "aa", "--name", "A", "--kind", "state")
    run.ok("actor", "add", "bb", "--name", "B", "--kind", "state")
    run.ok("add", "post_opened", "--actor", "bb", "--target", "aa", "--on", "2020/2022",
           "--set", "post=bb-embassy", "--set", "kind=embassy", "--source", "s")
    found = edges(run, "--as-of", "2021")
    assert {(e["source"], e["target"], e["attribute"], e["certainty"], e["possible"],
             e["mutual"]) for e in found} == {
        ("bb", "aa", "status", "uncertain", "open", "False"),
        ("bb", "aa", "sender", "uncertain", "bb", "False"),
        ("bb", "aa", "host", "uncertain", "aa", "False")}
