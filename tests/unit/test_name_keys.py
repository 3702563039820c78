"""What a name is looked up by (``domain.names.alias_key``): case, accents and extra space do
not matter, and ASCII text, keyed without unicodedata, is keyed as any other text is."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from timeline.domain.names import alias_key


def by_decomposition(text: str) -> str:
    """The key by its definition: accents dropped from the compatibility decomposition, then
    case folded and spaces collapsed."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_is_keyed_as_by_its_decomposition(text: str) -> None:
    assert alias_key(text) == by_decomposition(text)


@given(st.text())
def test_any_text_is_keyed_by_its_decomposition(text: str) -> None:
    assert alias_key(text) == by_decomposition(text)


def test_one_name_however_it_is_written() -> None:
    assert alias_key("TÜRKİYE") == alias_key("Turkiye") == alias_key("  türkiye ") == "turkiye"
    assert alias_key("Côte d'Ivoire") == alias_key("cote  D'IVOIRE") == "cote d'ivoire"
