"""A compound coded record is bounded before it is expanded (issue 21): PLOVER and POLECAT
records whose sides name 10,000 actors each made 100 million pairs (a MemoryError after 17
s; 966 MB for a 30 KB POLECAT row) before the 50-pair bound was checked."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import Runner
from polecat_sample import polecat_file, row


def test_a_plover_record_of_10000_names_a_side_is_skipped_unexpanded(run: Runner,
                                                                     tmp_path: Path) -> None:
    names = [{"actorText": f"Name{i}", "code": "USA"} for i in range(10_000)]
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "p1", "date": "2021-01-01", "event": "CONSULT",
                                "source": names, "recipient": names}) + "\n",
                    encoding="utf-8")
    out = run.ok("import", "--format", "plover", "--create-actors", str(path)).output
    assert "more than 50 pairs of actors x1 (e.g. 100000000 pairs)" in out
    assert "Imported 0 actor(s) and 0 event(s)" in out


def test_a_polecat_row_of_10000_entities_a_side_is_skipped_unexpanded(run: Runner,
                                                                       tmp_path: Path) -> None:
    many = "; ".join(f"Name{i}" for i in range(10_000))
    path = polecat_file(tmp_path / "big.tsv", row(
        Actor_Name=many, Actor_Country="CHN", Recipient_Name=many, Recipient_Country="RUS",
        Actor_Sectors="; ".join(["Government"] * 7)))
    out = run.ok("import", "--format", "polecat", "--create-actors", str(path)).output
    assert "more than 50 pairs of actors x1 (e.g. 100000000 pairs)" in out


def test_fifty_pairs_still_pass(run: Runner, tmp_path: Path) -> None:
    sources = [{"actorText": "United States", "code": "USA"}] * 5
    targets = [{"actorText": "Russia", "code": "RUS"}] * 10
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"id": "p2", "date": "2021-01-01", "event": "CONSULT",
                                "source": sources, "recipient": targets}) + "\n",
                    encoding="utf-8")
    out = run.ok("import", "--format", "plover", "--create-actors", str(path)).output
    assert "more than 50 pairs" not in out and "coded_event x50" in out
