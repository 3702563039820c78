"""The built-in actor map (src/timeline/interchange/states.yaml): what tools/make_states.py
makes from ISO 3166-1 (pycountry, a dev dependency), every state in it once, under an id
the store takes."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from typing import Any

import pycountry
import yaml
from helpers import ROOT

from timeline.domain.vocabulary import check_id
from timeline.interchange.coded import default_actors

STATES = ROOT / "src" / "timeline" / "interchange" / "states.yaml"
TOOL = ROOT / "tools" / "make_states.py"


def entries() -> dict[str, list[dict[str, Any]]]:
    loaded: dict[str, list[dict[str, Any]]] = yaml.safe_load(STATES.read_text(encoding="utf-8"))
    return loaded


def test_the_tool_makes_the_file_exactly() -> None:
    made = subprocess.run([sys.executable, str(TOOL)], cwd=ROOT, capture_output=True,
                          timeout=120, check=False)
    assert made.returncode == 0, made.stderr.decode(errors="replace")
    assert made.stderr == b""
    assert made.stdout == STATES.read_bytes()


def test_every_iso_state_is_there_once_under_its_alpha_3_code() -> None:
    states = entries()["states"]
    assert sorted(code for s in states for code in s["codes"]) == sorted(
        c.alpha_3 for c in pycountry.countries)
    assert all(len(s["codes"]) == 1 for s in states)
    by_code = {s["codes"][0]: s for s in states}
    for country in pycountry.countries:
        # the ISO name is one of the names it is known by
        assert country.name in by_code[country.alpha_3]["names"], country.alpha_3


def test_ids_are_unique_and_valid_and_names_and_codes_name_one_actor() -> None:
    data = entries()
    everything = data["states"] + data["organizations"]
    ids = [e["id"] for e in everything]
    assert len(ids) == len(set(ids))
    for ident in ids:
        assert check_id(ident, "actor id") == ident
    names = [str(n).casefold() for e in everything for n in {e["name"], *e["names"]}]
    assert len(names) == len(set(names)), "a name would stand for two actors"
    codes = [str(c).upper() for e in everything for c in e["codes"]]
    assert len(codes) == len(set(codes))
    assert {e["id"] for e in data["organizations"]} >= {"nato", "eu", "un", "osce"}


def test_the_resolver_reads_the_same_map() -> None:
    by_name, by_code = default_actors()
    data = entries()
    assert len({a.id for a in by_code.values()}) == len(data["states"]) + len(
        [o for o in data["organizations"] if o["codes"]])
    assert {a.id for a in by_name.values()} == {
        e["id"] for e in data["states"] + data["organizations"]}
    assert {a.kind for a in by_name.values()} == {"state", "organization"}
    assert by_code["RUS"].id == "russia" and by_name["russian federation"].id == "russia"


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def test_an_id_made_from_a_name_spells_it() -> None:
    wrong = [(s["id"], s["name"]) for s in entries()["states"]
             if not s["name"].isascii() and s["id"] != _ascii_slug(s["name"])]
    assert wrong == []
