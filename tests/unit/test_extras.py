"""Optional parts refused in one line when missing: the pictures and PostgreSQL are extras."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner
from helpers import ROOT

from timeline.cli import cli
from timeline.extras import EXTRAS, NotInstalled, require


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch) -> object:
    """Makes a module impossible to import, as if its extra were not installed."""
    def hide(module: str) -> None:
        for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, module, None)
    return hide


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_a_missing_extra_is_refused_naming_what_to_install(extra: str, without) -> None:  # type: ignore[no-untyped-def]
    without(EXTRAS[extra])
    with pytest.raises(NotInstalled) as refused:
        require(extra)
    message = str(refused.value)
    # From this source folder: 'timeline' on PyPI is another project.
    assert message.endswith(f"pip install -e '{ROOT}[{extra}]'")
    assert "\n" not in message


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_an_installed_extra_passes(extra: str) -> None:
    require(extra)  # the dev extra installs both; raising here fails the test


def test_a_postgres_store_without_its_driver_is_one_line_exit_1(without) -> None:  # type: ignore[no-untyped-def]
    without("psycopg")
    result = CliRunner().invoke(
        cli, ["--db", "postgresql://postgres@127.0.0.1:5432/test", "state", "a", "b"])
    assert result.exit_code == 1, result.output
    assert f"pip install -e '{ROOT}[postgres]'" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output

