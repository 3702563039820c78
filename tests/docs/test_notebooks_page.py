"""docs/notebooks.md runs as written: its ``pycon`` blocks, in order, are one doctest
session against the seed, copied into a fresh ``timeline.db`` in the current folder."""

from __future__ import annotations

import doctest
import os
import re
import shutil
from pathlib import Path

from helpers import ROOT

PAGE = ROOT / "docs" / "notebooks.md"
PYCON = re.compile(r"^```pycon\n(.*?)^```", flags=re.S | re.M)


def test_the_notebooks_page_runs_as_written(seed_file: Path, tmp_path: Path) -> None:
    blocks = PYCON.findall(PAGE.read_text(encoding="utf-8"))
    assert len(blocks) >= 4
    shutil.copyfile(seed_file, tmp_path / "timeline.db")
    test = doctest.DocTestParser().get_doctest(
        "\n".join(blocks), {}, "docs/notebooks.md", str(PAGE), 0)
    assert len(test.examples) >= 15
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        # doctest swaps sys.stdout while it runs: the report is kept and said below
        said: list[str] = []
        failed, _ = runner.run(test, out=said.append)
    finally:
        os.chdir(old)
    assert failed == 0, "docs/notebooks.md differs from what the library answers:\n" + \
        "".join(said)


def test_the_readme_points_to_it() -> None:
    assert "(docs/notebooks.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
