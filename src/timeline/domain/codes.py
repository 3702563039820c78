"""Our event types in the field's codes: CAMEO (ICEWS, GDELT) and PLOVER (type, mode),
following the PLOVER project's CAMEO-to-PLOVER table, and the codes that map back."""

from __future__ import annotations

from typing import Any

from timeline.domain.vocabulary import TYPES

# Type -> (the closest CAMEO code, (PLOVER event type, mode)). A code that fits several of
# our types maps back only to the one named in CAMEO_IMPORT.
CODES: dict[str, tuple[str, tuple[str, str]]] = {
    "relations_established": ("054", ("SUPPORT", "")),
    "relations_restored": ("054", ("SUPPORT", "")),
    "relations_suspended": ("161", ("SANCTION", "withdraw")),
    "relations_severed": ("161", ("SANCTION", "withdraw")),
    "cooperation_suspended": ("160", ("SANCTION", "")),
    "cooperation_resumed": ("060", ("COOPERATE", "")),
    "post_opened": ("050", ("SUPPORT", "")),
    "post_reopened": ("050", ("SUPPORT", "")),
    "staff_cap": ("172", ("COERCE", "restrict")),
    "expulsion": ("174", ("COERCE", "deport")),
    "mission_recall": ("161", ("SANCTION", "withdraw")),
    "office_closure": ("166", ("SANCTION", "expel")),
    "agreement_signed": ("057", ("SUPPORT", "")),
    "agreement_suspended": ("160", ("SANCTION", "")),
    "agreement_terminated": ("160", ("SANCTION", "")),
    "channel_opened": ("040", ("CONSULT", "")),
    "channel_suspended": ("164", ("SANCTION", "withdraw")),
    "channel_closed": ("164", ("SANCTION", "withdraw")),
    "meeting": ("040", ("CONSULT", "")),
    "statement": ("010", ("", "")),
    "coded_event": ("", ("", "")),  # its own code is in its fields
}

# CAMEO codes that map to one of our types on import (from ICEWS or GDELT); the rest are
# counted and reported, never dropped silently.
CAMEO_IMPORT: dict[str, str] = {
    "054": "relations_established",
    "160": "cooperation_suspended",
    "161": "relations_suspended",
    "166": "expulsion",
    "174": "expulsion",
    "057": "agreement_signed",
    "040": "meeting", "041": "meeting", "042": "meeting", "043": "meeting",
    "044": "meeting", "045": "meeting", "046": "meeting",
}

# PLOVER (event type, mode) pairs that map to one of our types on import.
PLOVER_IMPORT: dict[tuple[str, str], str] = {
    ("SANCTION", "withdraw"): "relations_suspended",
    ("SANCTION", "expel"): "expulsion",
    ("COERCE", "deport"): "expulsion",
    ("CONSULT", ""): "meeting",
}


def describe_types() -> list[dict[str, Any]]:
    """The vocabulary as a listing: each type's fields, effect and codes."""
    return [
        {
            "type": t.name,
            "fields": [f.describe() for f in t.fields],
            "effect": t.effect,
            "needs_target": t.needs_target,
            "cameo": CODES[t.name][0],
            "plover": {"event_type": CODES[t.name][1][0], "mode": CODES[t.name][1][1]},
        }
        for t in TYPES.values()
    ]
