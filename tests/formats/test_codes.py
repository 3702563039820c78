"""CAMEO and PLOVER codes of the vocabulary (no store)."""

from __future__ import annotations

import json

from timeline.domain.codes import CAMEO_LEADS, CODES, describe_types
from timeline.domain.vocabulary import TYPES


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
    assert set(CAMEO_LEADS.values()) <= set(TYPES)
    for code in CAMEO_LEADS:
        assert len(code) == 3 and code.isdigit()


def test_exported_codes_of_the_types_codes_point_to_point_back() -> None:
    # Every type a code can point to exports with a code that points to it again.
    for type_name in set(CAMEO_LEADS.values()):
        assert CAMEO_LEADS[CODES[type_name][0]] == type_name
