"""The mapping rules read against the published codebooks: every CAMEO code that changes a
fact means that fact in GDELT's CAMEO lookup, the codes that stay evidence do not, and the
PLOVER type that changes a fact holds exactly those CAMEO codes in the PLOVER project's
CAMEO2PLOVER table.

Files (../shared/data/field/cameo, used as published; sources and licences in its README):
``CAMEO.eventcodes.txt`` (GDELT's CAMEO lookup, via datamission/WFP) and
``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER, CC BY-SA 4.0).
"""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from timeline.domain.codes import CAMEO_IMPORT
from timeline.interchange.coded import PLOVER_FACTS

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


def test_a_code_that_changes_a_fact_means_it() -> None:
    described = cameo()
    for code, type_name in CAMEO_IMPORT.items():
        if type_name in MEANS:
            assert described[code] == MEANS[type_name], code
        else:  # the consultations: a meeting, which changes no fact
            assert type_name == "meeting" and code.startswith("04"), code


def test_the_codes_that_stay_evidence_do_not_say_the_fact() -> None:
    described = cameo()
    assert described["174"] == "Expel or deport individuals"  # not diplomats
    assert described["166"].startswith("Expel or withdraw")  # peacekeepers, inspectors, aid
    assert described["161"] == "Reduce or break diplomatic relations"  # which of the two?
    for code in ("174", "166", "161", "160"):
        assert code not in CAMEO_IMPORT


def test_the_plover_type_that_changes_a_fact_is_exactly_the_consultations() -> None:
    table = plover()
    for plover_type, type_name in PLOVER_FACTS.items():
        codes = sorted(code for code, t in table.items() if t == plover_type)
        assert codes == [f"04{n}" for n in range(7)]
        assert all(CAMEO_IMPORT[code] == type_name for code in codes)
    # SUPPORT holds recognition and signing with praise and apologies: it cannot say either.
    assert table["054"] == table["057"] == table["051"] == table["055"] == "SUPPORT"
    assert "SUPPORT" not in PLOVER_FACTS
