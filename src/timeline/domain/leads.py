"""Coded data as leads, not facts: the candidate facts coded records point to, grouped with
the records that support them and their corroboration, for an analyst to judge; and the
analyst's decisions on them. Facts earlier versions made of coded records by themselves
(``domain.coded_facts``) are leads to review too."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from timeline.domain.coded_facts import earlier_coded_fact
from timeline.domain.codes import CAMEO_LEADS
from timeline.domain.dates import PartialDate, to_micros
from timeline.domain.jsonable import Jsonable, only_if
from timeline.domain.values import EventData
from timeline.errors import InvalidValue, shown

# Leads -------------------------------------------------------------------------------------
#
# A lead is a candidate fact that coded records point to: one type, two actors (in a fixed
# order, since a record of either direction supports it), one day. Its id depends on those
# alone, so the same evidence gives the same lead in any store and any order of import.

MEETING_WORDS = re.compile(r"\b(meet|meets|meeting|meetings|met|talks)\b", re.IGNORECASE)
# CAMEO codes (three digits, or a four-digit code under one) -> the type they point to. 040
# "consult" only with a meeting word in the record's text; 041 (telephone) and 045 (mediate)
# never: see domain.codes.CAMEO_LEADS.
PLOVER_LEADS: dict[tuple[str, str], str] = {
    ("CONSULT", "visit"): "meeting", ("CONSULT", "third-party"): "meeting",
    ("SANCTION", "withdraw"): "relations_suspended",
    ("SANCTION", "expel"): "expulsion", ("COERCE", "deport"): "expulsion",
}
# What else a lead of a type could be, for the analyst who accepts it.
ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "relations_suspended": ("relations_severed", "mission_recall", "office_closure"),
}
# Records of one candidate dated a few days apart may tell of one event (a visit over two
# days, a story filed the day after): each day stays a lead of its own (its id must not
# change as evidence arrives), and leads this close are shown as each other's neighbours.
NEAR_DAYS = 3
MAX_LIMIT = 1_000_000  # leads a listing may ask for (0 asks for all)
STATUSES = ("open", "accepted", "dismissed")
OFFERED = ("open", "accepted")  # a dismissed lead is not offered again unless asked for
MAX_NAME = 64  # a dataset's name as a lead keeps it (coded records name theirs freely)
LEAD_TYPES = frozenset({*CAMEO_LEADS.values(), *PLOVER_LEADS.values()})
_STORY = re.compile(r"\bstory ([^,]+)")
_PLACE = re.compile(r", in (.+)$")  # ICEWS: "..., in City, Province, Country"
_SENTENCE = re.compile(r", sentence (\d+)\b")  # ICEWS: "..., story S, sentence N"


@dataclass(frozen=True)
class Cited(Jsonable):
    """One record a lead rests on, as an analyst checks it."""

    event: str
    dataset: str
    record: str
    code: str
    publisher: str
    story: str
    url: str
    text: str
    # Who hosted, where the code says (CAMEO 042 "make a visit": the target; 043 "host a
    # visit": the source); where, when the record names a place.
    host: str = ""
    place: str = ""
    # Coded from the story's opening (ICEWS sentence 1, GDELT IsRootEvent), and GDELT's
    # NumSources and NumArticles (0 where the record has none).
    opening: bool = False
    outlets: int = 0
    articles: int = 0
    by: str = ""  # who the record says did it (its source side): a fact's direction


@dataclass(frozen=True)
class Lead(Jsonable):
    """A candidate fact and the coded records that support it."""

    id: str
    type: str
    actors: tuple[str, str]
    on: str
    records: int
    stories: int
    publishers: int
    datasets: list[str]
    evidence: list[str]
    status: str = "open"
    # Evidence recorded after the analyst's decision, for them to see.
    new_evidence: list[str] = field(default_factory=list)
    # Leads of the same type and pair within NEAR_DAYS: perhaps the same meeting or break,
    # reported on other days; ``accept LEAD --with OTHER`` makes one fact of them.
    nearby: list[str] = field(default_factory=list)
    # Records coded from a story's opening (ICEWS sentence 1, GDELT IsRootEvent); the most
    # outlets and articles GDELT counted for one of its records.
    openings: int = 0
    gdelt_sources: int = 0
    gdelt_articles: int = 0
    cited: list[Cited] = field(default_factory=list,
                               metadata=only_if(lambda lead: False))  # text only
    # Facts an earlier version of the import made of these records by itself: accepting
    # the lead keeps them, dismissing it retracts them.
    earlier: list[str] = field(default_factory=list,
                               metadata=only_if(lambda lead: False))
    # Records whose two sides are both the state or organisation itself (as written).
    speaking: int = field(default=0, metadata=only_if(lambda lead: False))

    def rank(self) -> tuple[int, int, int, int]:
        """Best corroborated first: most publishers, stories, datasets, records."""
        return (-self.publishers, -self.stories, -len(self.datasets), -self.records)

    def order(self) -> tuple[int, int, int, int, str, str]:
        """The order leads are listed in (the read model's index tl_leads_rank)."""
        return (*self.rank(), self.on, self.id)


@dataclass(frozen=True)
class Leads(Jsonable):
    """Leads, as many as asked for, and whether there are more."""

    leads: list[Lead]
    more: bool = False  # more leads than the limit asked for


def lead_id(etype: str, a: str, b: str, day: str) -> str:
    """The lead's id: from its type, its two actors (in either order) and its day only."""
    first, second = sorted((a, b))
    digest = hashlib.sha256(f"{etype}|{first}|{second}|{day}".encode()).hexdigest()[:12]
    return f"lead-{etype.replace('_', '-')}-{day}-{digest}"


def lead_type(event: EventData) -> str | None:
    """The type of fact a coded record points to, if any (see ``domain.codes.CAMEO_LEADS``)."""
    if event.type != "coded_event" or event.target is None:
        return None
    code = str(event.fields.get("code", ""))
    if "/" in code or code.isalpha():  # PLOVER: TYPE/mode, one of each
        etype, _, mode = code.partition("/")
        if "+" in code:
            return None
        if etype == "CONSULT" and MEETING_WORDS.search(event.note or ""):
            return "meeting"
        return PLOVER_LEADS.get((etype, mode))
    three = code[:3]
    if three == "040":
        return "meeting" if code == "040" and MEETING_WORDS.search(event.note or "") else None
    return CAMEO_LEADS.get(three)


def cited(event: EventData) -> Cited:
    """What an analyst needs of a record: its dataset, id, publisher, story or URL, text."""
    fields = event.fields
    texts = [s for s in event.sources if isinstance(s, str)]
    url = next((str(s["url"]) for s in event.sources if isinstance(s, dict) and s.get("url")),
               "")
    publisher = next((found for s in texts
                      if (found := _publisher(str(fields.get("dataset", "")), s))), "")
    if url and not publisher:
        publisher = urlsplit(url).hostname or ""
    story = _first(_STORY, texts)
    code = str(fields.get("code", ""))
    host = {"042": event.target or "", "043": event.actor}.get(code[:3], "")
    opening = _first(_SENTENCE, texts) == "1" or fields.get("is_root_event") == "1"
    return Cited(event.id, str(fields.get("dataset", "")), str(fields.get("record", "")),
                 code, publisher, story or url, url, event.note or "", host,
                 _first(_PLACE, texts), opening,
                 _number(fields.get("num_sources")), _number(fields.get("num_articles")),
                 event.actor)


def _first(pattern: re.Pattern[str], texts: Sequence[str]) -> str:
    """What ``pattern``'s group holds in the first of ``texts`` where it is not empty."""
    return next((value for text in texts if (found := pattern.search(text))
                 and (value := found.group(1).strip())), "")


def _number(text: object) -> int:
    return int(text) if isinstance(text, str) and text.isdigit() and len(text) <= 9 else 0


def _publisher(dataset: str, source: str) -> str:
    parts = [p.strip() for p in source.split(",")]
    if dataset == "icews" and len(parts) > 1 and not parts[1].startswith(
            ("story ", "sentence ", "in ")):
        return parts[1]  # "ICEWS event N of D, Publisher, story S, ..."
    if dataset == "polecat" and len(parts) > 1:
        return parts[1]  # "POLECAT event N, Source, published D, ..."
    if dataset == "plover" and not source.startswith("PLOVER record"):
        return source  # the record's cite_info
    return ""


@dataclass(frozen=True)
class Support:
    """What one event version gives a lead: a record supporting it (``evidence``), a fact
    an earlier version made of such records (``earlier``), or an analyst's decision on it
    (``accepted``, ``dismissed``). The read model keeps these rows and ranks the leads they
    sum to (``summary``); ``leads_of`` sums them from the events themselves."""

    lead: str
    type: str
    first: str
    second: str
    on: str
    event: str
    role: str
    story: str = ""
    publisher: str = ""
    dataset: str = ""
    speaks: bool = False
    rec: int = 0  # when it was recorded (microseconds): evidence after a decision is new
    opening: bool = False
    outlets: int = 0
    articles: int = 0
    fact: str = ""  # the fact an acceptance names


def support_of(event: EventData, speaks: Callable[[EventData], bool] = lambda event: False,
               rec: int = 0) -> Support | None:
    """The row ``event`` gives a lead, if it gives one. Never fails: the projection calls it
    on whatever the log holds. A lead is of one exact day (a record dated more loosely is
    evidence of no lead), and a decision counts only for the lead its id, type, pair and
    day name together, under an id ``leads`` gives it (``origins.check_decision``)."""
    if event.target is None:
        return None
    first, second = sorted((event.actor, event.target))
    if event.type in DECISIONS:
        if decision_fault(event.id, event.type, event.actor, event.target, event.on,
                          event.fields) is not None:
            return None
        lead = str(event.fields["lead"])
        decided, day = parse_lead_id(lead)
        return Support(lead, decided, first, second, day, event.id, STATUS_OF[event.type],
                       rec=rec, fact=str(event.fields.get("event", ""))[:128])
    if not _exact_day(event.on):
        return None
    if earlier_coded_fact(event):
        return Support(lead_id(event.type, first, second, event.on), event.type, first,
                       second, event.on, event.id, "earlier", rec=rec)
    etype = lead_type(event)
    if etype is None:
        return None
    c = cited(event)
    return Support(lead_id(etype, first, second, event.on), etype, first, second, event.on,
                   event.id, "evidence", c.story or c.event, c.publisher, c.dataset[:MAX_NAME],
                   speaks(event), rec, c.opening, c.outlets, c.articles)


def _exact_day(text: str) -> bool:
    try:
        return len(text) == 10 and dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def summary(rows: Sequence[Support], counting: Collection[str]) -> Lead:
    """The lead the rows of one lead id sum to: its corroboration and its status (a
    dismissal is the last word; an acceptance holds while its fact, in ``counting``, is not
    retracted); evidence recorded after the last decision is new. Every row of a lead id
    names its type, pair and day (``support_of``)."""
    first = min(rows, key=lambda r: r.event)
    evidence = sorted((r for r in rows if r.role == "evidence"), key=lambda r: r.event)
    decisions = [r for r in rows if r.role == "dismissed"
                 or (r.role == "accepted" and r.fact in counting)]
    decided = [r.rec for r in decisions]
    roles = {r.role for r in decisions}
    status = ("dismissed" if "dismissed" in roles
              else "accepted" if "accepted" in roles else "open")
    return Lead(
        first.lead, first.type, (first.first, first.second), first.on, len(evidence),
        len({r.story for r in evidence}), len({r.publisher for r in evidence if r.publisher}),
        sorted({r.dataset for r in evidence}), [r.event for r in evidence], status,
        [r.event for r in evidence if decided and r.rec > max(decided)],
        openings=sum(r.opening for r in evidence),
        gdelt_sources=max((r.outlets for r in evidence), default=0),
        gdelt_articles=max((r.articles for r in evidence), default=0),
        earlier=sorted(r.event for r in rows if r.role == "earlier"),
        speaking=sum(r.speaks for r in evidence))


def leads_of(events: Iterable[EventData], etypes: Sequence[str] = (),
             speaks: Callable[[EventData], bool] = lambda event: False,
             statuses: Sequence[str] = STATUSES,
             since: Mapping[str, dt.datetime] | None = None) -> list[Lead]:
    """The leads ``events`` (in any order) give, of the types and statuses asked for, best
    corroborated first: what the read model's tables of leads hold, found by a scan.
    ``since``: when each event began to support its lead, if not when its version was
    recorded (a correction that still supports the same lead is not new evidence)."""
    grouped: dict[str, list[Support]] = {}
    records: dict[str, Cited] = {}
    events = list(events)
    counting = {event.id for event in events if event.status != "retracted"}
    for event in events:
        when = (since or {}).get(event.id, event.recorded_at)
        rec = to_micros(when) if when is not None else 0
        found = support_of(event, speaks, rec)
        if found is not None and (not etypes or found.type in etypes):
            grouped.setdefault(found.lead, []).append(found)
            if found.role == "evidence":
                records[event.id] = cited(event)
    leads = [summary(rows, counting) for rows in grouped.values()]
    day = {lead.id: PartialDate.parse(lead.on).sort_day.toordinal() for lead in leads}
    by_day = sorted(leads, key=lambda x: (x.on, x.id))
    return sorted((replace(lead, cited=[records[e] for e in lead.evidence], nearby=[
        other.id for other in by_day
        if other.id != lead.id and (other.type, other.actors) == (lead.type, lead.actors)
        and abs(day[other.id] - day[lead.id]) <= NEAR_DAYS])
        for lead in leads if lead.status in statuses), key=Lead.order)


# Decisions ---------------------------------------------------------------------------------

DECISIONS = ("lead_accepted", "lead_dismissed")
STATUS_OF = {"lead_accepted": "accepted", "lead_dismissed": "dismissed"}
_LEAD_ID = re.compile(r"lead-(?P<type>[a-z-]+)-(?P<day>\d{4}-\d{2}-\d{2})-[0-9a-f]{12}")


def decision_fault(event_id: str, type_name: str, actor: str, target: str | None, on: str,
                   fields: Mapping[str, object]) -> str | None:
    """Why a decision counts for no lead, or None: it must name the lead its own parties
    and day make (``lead_id``), under the id ``leads`` gives it (the lead's, then its
    status, then perhaps -2, -3: one made again after it was undone). The one rule of the
    gate (``origins.check_decision``), of ``check`` and of the leads' projection."""
    lead = str(fields.get("lead", ""))
    found = _LEAD_ID.fullmatch(lead)
    if found is None:
        return (f"{type_name} {event_id!r} names no lead: {shown(lead)} is not a lead id "
                "(see 'timeline leads')")
    etype, day = found["type"].replace("-", "_"), found["day"]
    if etype not in LEAD_TYPES or target is None or not _exact_day(day) or day != on or \
            lead_id(etype, actor, target, day) != lead:
        return (f"{type_name} {event_id!r} names lead {lead!r}, which is not the lead of "
                f"its own parties and day ({actor}, {target}, {on})")
    own = f"{lead}-{STATUS_OF[type_name]}"
    if event_id != own and not (event_id.startswith(f"{own}-")
                                and event_id[len(own) + 1:].isdigit()):
        return (f"{type_name} on lead {lead!r} has the id {event_id!r}; a decision's id is "
                f"{own!r} (or {own}-2, -3...)")
    return None


def parse_lead_id(text: str) -> tuple[str, str]:
    """The type and day a lead id names (its pair is in its digest only)."""
    found = _LEAD_ID.fullmatch(text)
    if found is None:
        raise InvalidValue(f"not a lead id: {text!r} (ids look like "
                           "lead-meeting-2018-06-01-0123456789ab; see 'timeline leads')")
    return found["type"].replace("-", "_"), found["day"]
