"""Labels that never overlap: each is tried at a few places around its point, nearest first,
and kept at the first where its text touches no text already drawn; where events crowd, a
label moves sideways with a leader line back to its marker, and where there is no room left
at all it is left out (and counted, so that the picture can say so)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from matplotlib.text import Text

BUCKET = 64.0  # pixels: texts are indexed by the columns of this width they cover
GAP = 1.0  # pixels kept free between two texts
ABOVE, BELOW = 13.0, -13.0  # points from the lane's middle: just clear of its bar
SIDEWAYS = 16.0  # points between the places tried to one side
TRIES_SIDEWAYS = 10


@dataclass(frozen=True)
class Spot:
    dx: float
    dy: float
    ha: str
    leader: bool


def spots(close: float = 3.0) -> Iterator[Spot]:
    """Beside the point, below then above, right then left; then further to either side
    (with a leader line)."""
    for dy in (BELOW, ABOVE):
        yield Spot(close, dy, "left", False)
    for dy in (BELOW, ABOVE):
        yield Spot(-close, dy, "right", False)
    for step in range(1, TRIES_SIDEWAYS + 1):
        for dy in (BELOW, ABOVE):
            yield Spot(close + step * SIDEWAYS, dy, "left", True)
            yield Spot(-close - step * SIDEWAYS, dy, "right", True)


class Board:
    """The texts already drawn on a figure, indexed by where they are on screen."""

    def __init__(self, renderer: Any) -> None:
        self.renderer = renderer
        self.columns: dict[int, list[Any]] = {}

    def _columns(self, box: Any) -> Iterable[int]:
        return range(int(box.x0 // BUCKET), int(box.x1 // BUCKET) + 1)

    def free(self, box: Any) -> bool:
        padded = box.expanded(1, 1).padded(GAP)
        return not any(padded.overlaps(other)
                       for c in self._columns(box) for other in self.columns.get(c, ()))

    def add(self, text: Text) -> None:
        self.add_box(extent(text, self.renderer))

    def add_point(self, ax: Any, xy: tuple[float, float], radius: float = 4.0) -> None:
        """A marker at ``xy`` (data coordinates): no text is drawn over it."""
        from matplotlib.transforms import Bbox

        x, y = ax.transData.transform(xy)
        self.add_box(Bbox.from_extents(x - radius, y - radius, x + radius, y + radius))

    def add_box(self, box: Any) -> None:
        for c in self._columns(box):
            self.columns.setdefault(c, []).append(box)


def extent(text: Text, renderer: Any) -> Any:
    """Where the text itself is drawn (an annotation's arrow left out)."""
    if hasattr(text, "update_positions"):  # an annotation: where its offset puts it now
        text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def place(ax: Any, board: Board, xy: tuple[float, float], label: str, **style: Any) -> bool:
    """Draw ``label`` at the first free spot around ``xy`` (in data coordinates), inside the
    axes; False, and nothing drawn, where none is free."""
    note = ax.annotate(label, xy, xytext=(0, 0), textcoords="offset points", va="center",
                       annotation_clip=False, **style)
    inside = ax.bbox
    for spot in spots():
        note.xyann = (spot.dx, spot.dy)
        note.set_horizontalalignment(spot.ha)
        box = extent(note, board.renderer)
        if (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0
                and box.y1 <= inside.y1 and board.free(box)):
            if spot.leader:  # drawn again, with a line from the text to its marker
                note.remove()
                note = ax.annotate(
                    label, xy, xytext=(spot.dx, spot.dy), textcoords="offset points",
                    va="center", ha=spot.ha, annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": "#90a4ae", "linewidth": 0.6,
                                "shrinkA": 0, "shrinkB": 3,
                                "relpos": (0.0 if spot.ha == "left" else 1.0, 0.5)},
                    **style)
            board.add(note)
            return True
    note.remove()
    return False
