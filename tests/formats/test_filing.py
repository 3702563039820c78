"""Who coded evidence is filed under, on real rows of ../shared/data/field/icews/
events.2018-06-01.tab (andybega/icews, MIT; data from the ICEWS Dataverse release, Boschee
et al., doi:10.7910/DVN/28075): an organisation's official or body is filed under the
organisation whatever ICEWS's sectors (a whole career's) and Country (a nationality) say,
and names ICEWS writes for states and organisations resolve."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import FIELD, Runner, needs_field

from timeline.interchange import icews
from timeline.interchange.actormap import acting_for, parenthesised
from timeline.interchange.coded import Resolver

pytestmark = needs_field
DATA = FIELD / "icews" / "events.2018-06-01.tab"
# Event ID -> (source, target) as filed: the UN Secretary-General (sectors of Portugal's
# government, Country Portugal), the EU's High Representative (Italy), NATO's
# Secretary-General (Norway), the European Commission, the OAS's secretariat.
FILED = {
    "32899020": ("un", "algeria"),
    "32896001": ("un", "nicaragua"),
    "32888142": ("un", "un"),
}


def rows(tmp_path: Path, wanted: set[str]) -> Path:
    """The header and the wanted rows of the published file, byte for byte."""
    lines = DATA.read_bytes().split(b"\n")
    kept = [lines[0]] + [line for line in lines[1:] if line.split(b"\t")[0].decode() in wanted]
    path = tmp_path / "rows.tab"
    path.write_bytes(b"\n".join(kept) + b"\n")
    return path


def filed(path: Path) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for kind, record in icews.read(path, None):
        if kind == "event":
            data: dict[str, Any] = record.data
            out[data["fields"]["record"].rsplit("-", 1)[1]] = (data["actor"], data["target"])
    return out


def test_the_un_secretary_general_is_filed_under_the_un(tmp_path: Path) -> None:
    found = filed(rows(tmp_path, set(FILED)))
    # 32888142 (Guterres and the UN) is now one actor's own: domestic, skipped.
    assert found == {k: v for k, v in FILED.items() if v[0] != v[1]}


def test_officials_and_bodies_of_organisations_on_the_real_rows() -> None:
    resolver = Resolver(None)
    sides: dict[str, str | None] = {}
    with DATA.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
            for side in ("Source", "Target"):
                got = resolver.icews(row[f"{side} Name"], row[f"{side} Sectors"],
                                     row[f"{side} Country"], row["Event Date"])
                sides[row[f"{side} Name"]] = got.actor.id if got.actor else None
                if row[f"{side} Name"] == "António Manuel de Oliveira Guterres":
                    assert not got.speaks  # filed under the UN, not the UN itself
    assert {name: sides[name] for name in (
        "António Manuel de Oliveira Guterres", "Federica Mogherini", "Jean-Claude Juncker",
        "Jens Stoltenberg", "Donald Tusk", "Antonio Tajani", "Cecilia Malmstrom",
        "European Commission", "European Parliament", "UN Security Council", "Europol",
        "World Health Organization", "World Trade Organization",
        "Secretariat (Organization of American States)")} == {
        "António Manuel de Oliveira Guterres": "un", "Federica Mogherini": "eu",
        "Jean-Claude Juncker": "eu", "Jens Stoltenberg": "nato", "Donald Tusk": "eu",
        "Antonio Tajani": "eu", "Cecilia Malmstrom": "eu", "European Commission": "eu",
        "European Parliament": "eu", "UN Security Council": "un", "Europol": "eu",
        "World Health Organization": "who", "World Trade Organization": "wto",
        "Secretariat (Organization of American States)": "oas"}
    # Heads of state with an organisation's sectors stay their state's.
    assert sides["Nursultan Nazarbayev"] == "kazakhstan"
    assert sides["Alassane Ouattara"] == "cote-d-ivoire"


def test_an_official_acts_for_the_organisation_only_in_office() -> None:
    assert acting_for("Jens Stoltenberg", "2018-06-01") == "nato"
    assert acting_for("Jens Stoltenberg", "2012-06-01") is None  # Norway's prime minister
    assert acting_for("Javier Solana", "1997-01-01") == "nato"
    assert acting_for("Javier Solana", "2005-01-01") == "eu"
    assert acting_for("Jens Stoltenberg", "") is None
    assert parenthesised("Foreign Affairs (Bangladesh)") == "Bangladesh"
    assert parenthesised("Criminal") == ""


def test_names_icews_writes_for_states_resolve() -> None:
    resolver = Resolver(None)
    for name in ("Holy See", "Vatican City", "Vatican"):
        side = resolver.icews(name, "", name)
        assert side.actor is not None and side.actor.id == "holy-see" and side.speaks


def test_imported_evidence_is_filed_under_the_organisation(run: Runner, tmp_path: Path) -> None:
    path = rows(tmp_path, set(FILED))
    run.ok("import", str(path), "--create-actors")
    log = json.loads(run.ok("log", "--actor", "un", "--json").stdout)
    events = log["events"] if isinstance(log, dict) else log
    assert {(e["actor"], e["target"]) for e in events} == {("un", "algeria"), ("un", "nicaragua")}
    again = run.ok("import", str(path), "--create-actors").stdout
    assert again.startswith("Imported 0 actor(s) and 0 event(s)")
