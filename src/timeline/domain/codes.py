"""Our event types in the field's codes: CAMEO (ICEWS, GDELT) and PLOVER (type, mode),
following the PLOVER project's CAMEO-to-PLOVER table, and the codes that map back."""

from __future__ import annotations

from typing import Any

from timeline.domain.vocabulary import TYPES

# Type -> (the closest CAMEO code, (PLOVER event type, mode)). A code that fits several of
# our types points back only to the one named in CAMEO_LEADS.
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
    "agreement_in_force": ("", ("", "")),  # no code says it
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
    "representation": ("", ("", "")),  # a level observed (COW), no coded event
    "coded_event": ("", ("", "")),  # its own code is in its fields
    "lead_accepted": ("", ("", "")),  # an analyst's decision, no coded event
    "lead_dismissed": ("", ("", "")),
}

# CAMEO codes that can point to one of our types: a lead for an analyst to verify, never a
# fact by itself (see interchange.coded). 040 "consult" only where the record's text says a
# meeting; 041 (by telephone) and 045 (mediate) never: neither is a meeting of the two.
# 161 "reduce or break diplomatic relations" does not say which; 166 and 174 expel anyone
# (peacekeepers, aid workers, migrants), not only diplomats.
CAMEO_LEADS: dict[str, str] = {
    "040": "meeting", "042": "meeting", "043": "meeting", "044": "meeting",
    "054": "relations_established",  # grant diplomatic recognition
    "057": "agreement_signed",  # sign formal agreement
    "161": "relations_suspended", "164": "relations_suspended",
    "166": "expulsion", "174": "expulsion",
}
CODED_RULE = (
    "Coded data (icews, gdelt, plover, polecat) is kept as coded_event evidence and changes "
    "no fact: a coded record says that a story mentioned something, not that it happened "
    "(background sentences, homonyms, one story syndicated many times). Codes that can point "
    "to a fact, for an analyst to verify from its sources: CAMEO " + ", ".join(
        f"{code} -> {name}" for code, name in (
            ("042, 043, 044", "meeting"), ("040", "meeting where the text says a meeting"),
            ("054", "relations_established"), ("057", "agreement_signed"),
            ("161, 164", "relations_suspended"), ("166, 174", "expulsion"))) + "; never 041 "
    "(by telephone) or 045 (mediate). 'timeline leads' lists what they point to, one lead a "
    "type, pair and day with the records that support it. Facts that earlier versions made "
    "from coded data are listed by 'timeline check' (coded_fact) for review."
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
