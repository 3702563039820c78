"""timeline: an event-sourced record of relationships between international actors.

In a notebook: ``tl = timeline.open("timeline.db")``, then ``tl.state("russia", "nato",
as_of="2021-11-02")`` (see timeline.notebook and docs/notebooks.md).
"""

from __future__ import annotations

# Not typing.TYPE_CHECKING: loading typing costs `timeline --help` a tenth of its time.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from timeline.notebook import Notebook

__version__ = "0.1.0"


def open(spec: str | None = None) -> Notebook:
    """The store ``spec`` names (a SQLite file, sqlite:/// or postgresql:// URL; None:
    timeline.db), to ask in a notebook; see ``timeline.notebook``."""
    # Imported here: `import timeline` (and so `timeline --help`) stays light.
    from timeline.notebook import Notebook

    return Notebook.open(spec)
