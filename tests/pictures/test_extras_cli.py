"""A picture asked of an installation without matplotlib: one line naming the extra, exit 1,
and no file written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", ["chart", "report"])
def test_pictures_without_matplotlib(command: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    imported = runner.invoke(cli, ["--db", db, "import", str(ROOT / "events")])
    assert imported.exit_code == 0, imported.output
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out = tmp_path / ("picture.svg" if command == "chart" else "page.html")
    result = runner.invoke(cli, ["--db", db, command, "russia", "nato", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        "Error: pictures need the optional 'charts' part (matplotlib is not installed): "
        f"pip install -e '{ROOT}[charts]'"]
    assert not out.exists()
