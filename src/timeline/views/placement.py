"""Labels that never overlap: each is tried at a few places around its point, nearest first,
and kept at the first where its text touches no text already drawn; where events crowd, a
label moves sideways with a leader line back to its marker, and where there is no room left
at all it is left out (and counted, so that the picture can say so)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is the optional 'charts' part: imported when drawing
    from matplotlib.text import Text

CELL = 24.0  # pixels: the side of a cell of the grid texts are indexed by
GAP = 1.0  # pixels kept free between two texts
ABOVE, BELOW = 13.0, -13.0  # points from the lane's middle: just clear of its bar
SIDEWAYS = 16.0  # points between the places tried to one side
TRIES_SIDEWAYS = 10


@dataclass(frozen=True)
class Spot:
    """Where a label goes beside its point: the offset, its alignment and whether a leader
    line joins them."""

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


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


class Board:
    """The texts and markers already drawn on a figure, in cells of a grid by where they are
    on screen: a text is compared only with those in the cells it covers."""

    def __init__(self, renderer: Any) -> None:
        self.renderer = renderer
        self.cells: dict[tuple[int, int], list[Box]] = {}

    @staticmethod
    def _cells(box: Box) -> Iterable[tuple[int, int]]:
        x0, y0, x1, y1 = box
        for cx in range(int(x0 // CELL), int(x1 // CELL) + 1):
            for cy in range(int(y0 // CELL), int(y1 // CELL) + 1):
                yield cx, cy

    def free(self, bbox: Any) -> bool:
        x0, y0, x1, y1 = bbox.x0 - GAP, bbox.y0 - GAP, bbox.x1 + GAP, bbox.y1 + GAP
        for cell in self._cells((x0, y0, x1, y1)):
            for a0, b0, a1, b1 in self.cells.get(cell, ()):
                if x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1:
                    return False
        return True

    def add(self, text: Text) -> None:
        self.add_box(extent(text, self.renderer))

    def add_point(self, ax: Any, xy: tuple[float, float], radius: float = 4.0) -> None:
        """A marker at ``xy`` (data coordinates): no text is drawn over it."""
        from matplotlib.transforms import Bbox

        x, y = ax.transData.transform(xy)
        self.add_box(Bbox.from_extents(x - radius, y - radius, x + radius, y + radius))

    def add_box(self, bbox: Any) -> None:
        box = (float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1))
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(box)


def extent(text: Text, renderer: Any) -> Any:
    """Where the text itself is drawn (an annotation's arrow left out)."""
    if hasattr(text, "update_positions"):  # an annotation: where its offset puts it now
        text.update_positions(renderer)
    from matplotlib.text import Text

    return Text.get_window_extent(text, renderer)


def place(ax: Any, board: Board, xy: tuple[float, float], label: str, **style: Any) -> bool:
    """Draw ``label`` at the first free spot around ``xy`` (in data coordinates), inside the
    axes; False, and nothing drawn, where none is free.

    The text is measured once: every other spot's box is that box moved (a chart of
    thousands of events would otherwise spend minutes measuring)."""
    tries = list(spots())
    first = tries[0]
    note = ax.annotate(label, xy, xytext=(first.dx, first.dy), textcoords="offset points",
                       va="center", ha=first.ha, annotation_clip=False, **style)
    measured = extent(note, board.renderer)
    scale = board.renderer.points_to_pixels(1.0)
    inside = ax.bbox
    for spot in tries:
        box = measured.translated(
            (spot.dx - first.dx) * scale - (measured.width if spot.ha == "right" else 0.0),
            (spot.dy - first.dy) * scale)
        if not (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0
                and box.y1 <= inside.y1 and board.free(box)):
            continue
        if spot.leader:  # drawn again, with a line from the text to its marker
            note.remove()
            note = ax.annotate(
                label, xy, xytext=(spot.dx, spot.dy), textcoords="offset points",
                va="center", ha=spot.ha, annotation_clip=False,
                arrowprops={"arrowstyle": "-", "color": "#90a4ae", "linewidth": 0.6,
                            "shrinkA": 0, "shrinkB": 3,
                            "relpos": (0.0 if spot.ha == "left" else 1.0, 0.5)},
                **style)
        else:
            note.xyann = (spot.dx, spot.dy)
            note.set_horizontalalignment(spot.ha)
        board.add(note)
        return True
    note.remove()
    return False
