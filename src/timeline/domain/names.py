"""What a store's users see of names: an actor with its aliases, an alias given or moved."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from timeline.domain.jsonable import Jsonable, only_if

MAX_NAME = 200  # characters of an actor's name, and of any name an actor is asked for by
MAX_AUTHOR = 100  # characters of the name of who records an event (``by``, recorded_by)


@dataclass(frozen=True)
class AliasChange(Jsonable):
    """An alias given, moved or withdrawn: the actor it named before and names now."""

    alias: str
    before: str | None
    after: str | None
    changed: bool


@dataclass(frozen=True)
class KnownActor(Jsonable):
    """An actor as ``actor list`` shows it: what it was registered as, and its aliases."""

    id: str
    name: str
    kind: str
    exists_from: str | None = field(default=None,
                                    metadata=only_if(lambda a: a.exists_from is not None))
    aliases: tuple[str, ...] = field(default=(), metadata=only_if(lambda a: bool(a.aliases)))


def alias_key(text: str) -> str:
    """What a name is looked up by: case, accents and extra space do not matter ("TÜRKİYE",
    "Turkiye" and "türkiye" are one name)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
