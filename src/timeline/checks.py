"""Inconsistencies in the record: listed for an analyst to look at, never refused.

Each relationship's events are walked in the order they apply (``on``, then recording
order), tracking each post's status and staff cap as they stand at that point.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from timeline.dates import PartialDate
from timeline.model import EventData, pair_key

DEFAULT_MAX_GAP_DAYS = 365
SUBJECT_FIELDS = ("post", "agreement", "channel")


@dataclass(frozen=True)
class Finding:
    kind: str
    on: str
    events: list[str]
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "on": self.on, "events": list(self.events),
                "message": self.message}


@dataclass
class _Post:
    opened: bool = False
    status: str | None = None
    cap: int | None = None
    closed_by: str = ""
    touched: bool = False


_STATUS = {"post_opened": "open", "post_reopened": "open", "mission_recall": "suspended",
           "office_closure": "closed"}


def find_inconsistencies(
    events: Sequence[EventData], max_gap_days: int = DEFAULT_MAX_GAP_DAYS
) -> list[Finding]:
    """Findings for events given in the order they apply."""
    findings: list[Finding] = []
    posts: dict[tuple[str, str], _Post] = defaultdict(_Post)
    seen: dict[tuple[str, str, str, str, str], str] = {}
    for event in events:
        pair = pair_key(event.actor, event.target) if event.target else event.actor
        # Same type, actors, date and subject: two closures of two posts on one day are not.
        subject = ",".join(f"{k}:{event.fields[k]}" for k in SUBJECT_FIELDS
                           if k in event.fields)
        key = (event.type, event.actor, event.target or "", event.on, subject)
        if key in seen:
            about = f" on {subject}" if subject else ""
            findings.append(Finding(
                "likely_duplicate", event.on, [seen[key], event.id],
                f"two {event.type} events by {event.actor}{about} on {event.on}",
            ))
        else:
            seen[key] = event.id
        if event.announced:
            gap = (PartialDate.parse(event.on).start
                   - PartialDate.parse(event.announced).start).days
            if gap > max_gap_days:
                findings.append(Finding(
                    "announced_far_from_on", event.on, [event.id],
                    f"announced {event.announced}, {gap} days before it took effect",
                ))
        post_id = event.fields.get("post")
        if not isinstance(post_id, str):
            continue
        post = posts[(pair, post_id)]
        subject = f"post:{post_id}"
        if event.type == "post_opened":
            post.opened = True
        elif not post.opened and not post.touched:
            findings.append(Finding(
                "before_opened", event.on, [event.id],
                f"{event.type} touches {subject} before any post_opened",
            ))
        post.touched = True
        if event.type == "office_closure" and post.status == "closed":
            findings.append(Finding(
                "closed_twice", event.on, [post.closed_by, event.id],
                f"{subject} is closed again though already closed",
            ))
        if event.type == "expulsion":
            count = int(event.fields["count"])
            if post.status == "closed":
                findings.append(Finding(
                    "expulsion_from_closed_post", event.on, [event.id],
                    f"expulsion of {count} from {subject}, which is closed on {event.on}",
                ))
            if post.cap is not None and count > post.cap:
                findings.append(Finding(
                    "cap_below_expelled", event.on, [event.id],
                    f"{count} expelled at once from {subject}, whose staff cap is {post.cap}",
                ))
        if event.type in _STATUS:
            post.status = _STATUS[event.type]
            if post.status == "closed":
                post.closed_by = event.id
        cap = event.fields.get("cap", event.fields.get("staff_cap"))
        if event.type in ("staff_cap", "post_opened") and cap is not None:
            post.cap = int(cap)
    return findings
