"""The served store of the tests of ``timeline serve``: the seed on each backend, with the
users of ``serving``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import Runner
from serving import Served, add_users, client_of


@pytest.fixture
def served(seeded: Runner) -> Iterator[Served]:
    tokens = add_users(seeded.db)
    with client_of(seeded.db) as client:
        yield Served(seeded, client, tokens)
