"""What a name is: what it is looked up by, and how long it may be (an actor with its
aliases, and an alias given or moved, are ``aliases``')."""

from __future__ import annotations

MAX_NAME = 200  # characters of an actor's name, and of any name an actor is asked for by
MAX_AUTHOR = 100  # characters of the name of who records an event (``by``, recorded_by)


def alias_key(text: str) -> str:
    """What a name is looked up by: case, accents and extra space do not matter ("TÜRKİYE",
    "Turkiye" and "türkiye" are one name)."""
    if text.isascii():  # its own decomposition: unicodedata (a cold start's 1 ms) not needed
        return " ".join(text.casefold().split())
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
