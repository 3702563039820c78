"""How each value of a fact looks in a picture: a colour from the Okabe-Ito palette (told
apart by readers with every common kind of colour blindness), and a second sign that needs
no colour at all: a hatch on a bar and a dash on a line, by what the value means for the
relationship (holding, paused, ended). Keyed on the values the vocabulary's effects set,
never on event type names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from timeline.domain.jsonable import Jsonable

Phase = str  # "holding", "paused", "ended" or "other"

# Dash patterns in points, the same numbers in matplotlib (unscaled) and in SVG.
DASHES: dict[Phase, tuple[float, ...]] = {
    "holding": (), "paused": (6.0, 3.0), "ended": (1.5, 2.5), "other": (),
}
HATCHES: dict[Phase, str] = {"holding": "", "paused": "///", "ended": "xxx", "other": "..."}


@dataclass(frozen=True)
class Style(Jsonable):
    """How a value is drawn: its colour, its phase and the ink written on it."""

    colour: str
    phase: Phase
    ink: str = "#000000"  # text drawn on the colour

    @property
    def hatch(self) -> str:
        return HATCHES[self.phase]

    @property
    def dashes(self) -> tuple[float, ...]:
        return DASHES[self.phase]

    def to_json(self) -> dict[str, Any]:
        # Its fields, and its dashes as an SVG stroke-dasharray for the pages to draw with.
        return {**super().to_json(),
                "dasharray": ",".join(f"{d:g}" for d in self.dashes) or "none"}


STYLES: dict[str, Style] = {
    # Holding: four hues, so that relations established, an agreement in force, a post or
    # channel open and cooperation active are told apart.
    "established": Style("#009E73", "holding"),  # bluish green
    "in_force": Style("#CC79A7", "holding"),  # reddish purple
    "open": Style("#0072B2", "holding", "#FFFFFF"),  # blue
    "active": Style("#56B4E9", "holding"),  # sky blue
    "suspended": Style("#E69F00", "paused"),  # orange
    "closed": Style("#D55E00", "ended"),  # vermillion
    "severed": Style("#000000", "ended", "#FFFFFF"),  # black
    "terminated": Style("#F0E442", "ended"),  # yellow
    # Memberships and proposals: Okabe-Ito has no more hues, so Paul Tol's muted scheme
    # (also safe for colour-blind readers), each with its phase's hatch as well.
    "member": Style("#332288", "holding", "#FFFFFF"),  # indigo
    "left": Style("#882255", "ended", "#FFFFFF"),  # wine
    "proposed": Style("#DDCC77", "paused"),  # sand: not yet decided
    "accepted": Style("#117733", "holding", "#FFFFFF"),  # green
    # An agreement signed, not yet in force: pending like a proposal, in the purple family
    # of its in-force colour.
    "signed": Style("#AA4499", "paused", "#FFFFFF"),  # purple
    "rejected": Style("#CC6677", "ended"),  # rose
    # Representation (COW's levels), by rank: Tol's remaining muted hues; "other" (COW's 9,
    # not a rank) is the grey of any other value.
    "ambassador": Style("#44AA99", "holding"),  # teal
    "minister": Style("#88CCEE", "holding"),  # cyan
    "charge_d_affaires": Style("#999933", "holding"),  # olive
    "none": Style("#DDDDDD", "ended"),  # pale grey: no envoy
}
OTHER = Style("#BBBBBB", "other")  # a value no entry names: grey, dotted, never a hue
# Edges of a network: a relationship with facts but no relations fact (memberships, posts,
# agreements alone), and one with nothing recorded yet by the day shown.
NEUTRAL = Style("#777777", "holding", "#FFFFFF")
NOTHING_YET = Style("#CCCCCC", "ended")
# One whose ties are only possible on the day (their events dated by a span that holds it):
# the neutral grey, dashed as a pending value is.
POSSIBLE = Style("#777777", "paused", "#FFFFFF")


def style_of(value: object) -> Style:
    return STYLES.get(str(value), OTHER)
