"""The rules of what a code can point to, read against the published codebooks: the CAMEO
codes named as pointing to a fact say it (or something wider, which is why none is a fact by
itself), the telephone call and mediation point to nothing, and PLOVER's types hold several
CAMEO codes each in the PLOVER project's CAMEO2PLOVER table.

Files (../shared/data/field/cameo, used as published; sources and licences in its README):
``CAMEO.eventcodes.txt`` (GDELT's CAMEO lookup, via datamission/WFP) and
``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER, CC BY-SA 4.0).
"""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from timeline.domain.codes import CAMEO_LEADS

CAMEO = ROOT.parent / "shared" / "data" / "field" / "cameo"
if not CAMEO.is_dir():  # pragma: no cover - the shared data is beside every checkout here
    pytest.skip(f"the published codebooks are not at {CAMEO}", allow_module_level=True)

# What each of our types needs the code to say.
MEANS = {"relations_established": "Grant diplomatic recognition",
         "agreement_signed": "Sign formal agreement"}


def cameo() -> dict[str, str]:
    # A few descriptions carry mojibake (044, "Meet at a third location"): read, not fixed.
    text = (CAMEO / "CAMEO.eventcodes.txt").read_bytes().decode("utf-8", "replace")
    rows = [line.split("\t") for line in text.splitlines()[1:] if "\t" in line]
    return {code: description for code, description in rows}


def plover() -> dict[str, str]:
    """CAMEO code -> PLOVER event type, from the conversion table's ``CODE: TYPE, ...`` lines."""
    table = {}
    for line in (CAMEO / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        found = re.match(r"([0-9]{3,4}):\s*([A-Z]+)", line)
        if found:
            table[found.group(1)] = found.group(2)
    return table


def test_a_code_that_points_to_a_fact_says_it_or_more() -> None:
    described = cameo()
    for code, type_name in CAMEO_LEADS.items():
        if type_name in MEANS:
            assert described[code] == MEANS[type_name], code
    assert described["174"] == "Expel or deport individuals"  # anyone, not only diplomats
    assert described["166"].startswith("Expel or withdraw")  # peacekeepers, inspectors, aid
    assert described["161"] == "Reduce or break diplomatic relations"  # which of the two?
    assert {CAMEO_LEADS[c] for c in ("042", "043", "044")} == {"meeting"}


def test_a_call_and_a_mediation_point_to_no_meeting() -> None:
    described = cameo()
    assert "telephone" in described["041"].lower()
    assert described["045"] == "Mediate"
    assert "041" not in CAMEO_LEADS and "045" not in CAMEO_LEADS


def test_plover_types_hold_several_cameo_codes_so_none_says_one_fact() -> None:
    table = plover()
    consult = sorted(code for code, t in table.items() if t == "CONSULT")
    assert consult == [f"04{n}" for n in range(7)]  # the telephone and mediation among them
    # SUPPORT holds recognition and signing with praise and apologies: it cannot say either.
    assert table["054"] == table["057"] == table["051"] == table["055"] == "SUPPORT"
