"""tests/unit opens no store: a test here that connects to a database fails, saying so.

Unit tests are the part of the fast loop that costs nothing to run; a test that needs a
store belongs in the folder of its feature (tests/cli, tests/recording, tests/readmodel...),
where the ``store`` fixture runs it on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event


@pytest.fixture(autouse=True)
def no_store(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every connection any SQLAlchemy engine makes (SQLite or PostgreSQL) is refused."""
    opened: list[str] = []

    def refuse(dbapi_connection: Any, connection_record: Any) -> None:
        opened.append(type(dbapi_connection).__module__)
        raise AssertionError(f"{request.node.nodeid} opened a store: tests/unit opens none "
                             "(move the test to its feature's folder)")

    event.listen(Engine, "connect", refuse)
    try:
        yield
    finally:
        event.remove(Engine, "connect", refuse)
    if opened:
        pytest.fail(f"{request.node.nodeid} opened a store ({opened[0]}): tests/unit opens "
                    "none; a test that needs one belongs in its feature's folder",
                    pytrace=False)
