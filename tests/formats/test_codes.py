"""CAMEO and PLOVER codes of the vocabulary (no store)."""

from __future__ import annotations

import json

from timeline.domain.codes import CAMEO_IMPORT, CODES, describe_types
from timeline.domain.vocabulary import TYPES
from timeline.interchange.coded import PLOVER_FACTS


def test_describe_types_lists_every_type_in_vocabulary_order() -> None:
    listing = describe_types()
    assert [entry["type"] for entry in listing] == list(TYPES)
    json.dumps(listing)


def test_describe_types_shows_fields_with_optional_ones_marked() -> None:
    by_type = {entry["type"]: entry for entry in describe_types()}
    assert by_type["post_opened"]["fields"] == ["post", "kind", "location?", "staff_cap?"]
    assert by_type["expulsion"]["fields"] == ["count", "post?"]
    assert by_type["statement"]["fields"] == []
    assert by_type["statement"]["needs_target"] is False
    assert by_type["expulsion"]["needs_target"] is True
    assert by_type["staff_cap"]["effect"] == "post.staff_cap = cap"


def test_describe_types_gives_cameo_and_plover_codes() -> None:
    by_type = {entry["type"]: entry for entry in describe_types()}
    assert by_type["expulsion"]["cameo"] == "174"
    assert by_type["expulsion"]["plover"] == {"event_type": "COERCE", "mode": "deport"}
    assert by_type["statement"]["plover"] == {"event_type": "", "mode": ""}


def test_every_type_has_codes_and_every_import_maps_to_a_type() -> None:
    assert set(CODES) == set(TYPES)
    assert set(CAMEO_IMPORT.values()) <= set(TYPES)
    assert set(PLOVER_FACTS.values()) <= set(TYPES)
    for code in CAMEO_IMPORT:
        assert len(code) == 3 and code.isdigit()


def test_exported_codes_of_the_imported_types_map_back() -> None:
    # Every type that an import can produce exports with codes that import as it again.
    for type_name in set(CAMEO_IMPORT.values()):
        assert CAMEO_IMPORT[CODES[type_name][0]] == type_name
    for type_name in set(PLOVER_FACTS.values()):
        assert PLOVER_FACTS[CODES[type_name][1][0]] == type_name
