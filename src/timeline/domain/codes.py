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
    "member_joined": ("057", ("COOPERATE", "")),  # accession is signing a treaty
    "member_left": ("160", ("RETREAT", "")),
    "proposal": ("030", ("AGREE", "")),  # express intent to cooperate: an offer
    "proposal_accepted": ("080", ("CONCEDE", "")),
    "proposal_rejected": ("120", ("REJECT", "")),  # 129 is a veto, one kind of it
    "statement": ("010", ("", "")),
    "coded_event": ("", ("", "")),  # its own code is in its fields
}

# CAMEO codes whose meaning is one of our types: a coded record (ICEWS, GDELT...) with one
# of them changes that fact, when both its sides are the state or organisation itself (see
# interchange.coded). Every other code, and every other record, is kept only as evidence:
# 174 "expel or deport individuals" and 166 say nothing of diplomats, 161 "reduce or break
# diplomatic relations" not which of the two.
CAMEO_IMPORT: dict[str, str] = {
    "054": "relations_established",  # grant diplomatic recognition
    "057": "agreement_signed",  # sign formal agreement
    **{f"04{n}": "meeting" for n in range(7)},  # consult, visit, host, meet (no fact)
}
CODED_RULE = (
    "Coded data (icews, gdelt, plover, polecat) is kept as coded_event evidence. It also "
    "changes a fact only when both sides are the state or organisation itself (not an "
    "official, a ministry, a sector or a region, unless --actor-map names it) and the code "
    "means the fact: CAMEO " + ", ".join(f"{code} -> {name}" for code, name in (
        ("054", "relations_established"), ("057", "agreement_signed"),
        ("040-046", "meeting"))) + "; PLOVER CONSULT -> meeting (its other types hold "
    "several CAMEO codes each, so none says a fact); once per day and pair."
)
EVENT_RULE = (
    "Every event may name what it is about (--about, a third actor or a topic; repeatable) "
    "and the go-between it went through (--via, an actor). A type marked * may be done by a "
    "group or organisation with no target: what it changes is then the group's own."
)

def describe_types() -> list[dict[str, Any]]:
    """The vocabulary as a listing: each type's fields, effect and codes."""
    return [
        {
            "type": t.name,
            "fields": [f.describe() for f in t.fields],
            "effect": t.effect,
            "needs_target": t.needs_target,
            "alone": t.alone,
            "cameo": CODES[t.name][0],
            "plover": {"event_type": CODES[t.name][1][0], "mode": CODES[t.name][1][1]},
        }
        for t in TYPES.values()
    ]
