"""What ``timeline check`` finds: an inconsistency in the record, a problem or a note."""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.domain.jsonable import Jsonable


@dataclass(frozen=True)
class Finding(Jsonable):
    """An inconsistency in the record, for an analyst to look at: a problem (the record
    contradicts itself, or the store is damaged), or a note (unusual, not wrong)."""

    kind: str
    on: str
    events: list[str]
    message: str
    severity: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", "note" if self.kind in NOTES else "problem")


# What check notes without calling it wrong: an announcement long before its day, a fact
# citing no source. Every other finding is a problem (check exits 1): two events whose dates
# leave their order open (an answer after them may rest on the order nobody knows), a likely
# duplicate (a count it adds to is counted twice), a signing
# an earlier version read as entry into force (the answer changed).
NOTES = frozenset({"announced_far_from_on", "unsourced"})
