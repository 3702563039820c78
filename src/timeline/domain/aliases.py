"""What a store's users see of names: an actor with its aliases, an alias given or moved."""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.domain.jsonable import Jsonable, only_if


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
