"""The optional parts of timeline and the one refusal given when one is missing.

PostgreSQL (``timeline[postgres]``), the pictures (``timeline[charts]``) and the network
formats (``timeline[graph]``) are extras: a laptop user on the SQLite default needs neither a
database driver nor matplotlib nor networkx. Code that
needs one calls :func:`require` first, so a missing part is one line naming what to install,
not an ImportError's traceback.
"""

from __future__ import annotations

import importlib

from timeline.errors import TimelineError

# What each extra brings, as the module its users import first.
EXTRAS = {"postgres": "psycopg", "charts": "matplotlib", "graph": "networkx",
          "serve": "uvicorn"}
NEEDED_FOR = {"postgres": "a PostgreSQL store needs", "charts": "pictures need",
              "graph": "GraphML and GEXF need", "serve": "'timeline serve' needs"}


class NotInstalled(TimelineError):
    """An optional part of timeline that this installation lacks."""


def require(extra: str) -> None:
    """Refuse, in one line, when ``extra``'s module cannot be imported."""
    module = EXTRAS[extra]
    try:
        importlib.import_module(module)
    except ImportError:
        raise NotInstalled(
            f"{NEEDED_FOR[extra]} the optional {extra!r} part ({module} is not installed): "
            f"{install_hint(extra)}") from None


def install_hint(extra: str) -> str:
    """How to add ``extra`` to this installation: from its source folder (the name
    ``timeline`` on PyPI is another project's, so never ``pip install 'timeline[...]'``)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file():
        return f"pip install -e '{root}[{extra}]'"
    return f"pip install -e '.[{extra}]' in timeline's source folder"


def available(extra: str) -> bool:
    """Whether ``extra``'s module is installed (a page leaves out what it would draw)."""
    import importlib.util

    return importlib.util.find_spec(EXTRAS[extra]) is not None
