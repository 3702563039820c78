"""A synthetic COW Diplomatic Exchange file of the published one's shape, for benchmarks:
every ordered pair of the state system's members (``cow_states.yaml``) in each of COW's 38
observation years, 311,136 rows (the published file, with its own years of membership, has
about 335,000). Levels persist from one observation to the next and change now and then;
the two rows of a pair agree."""

from __future__ import annotations

import random
from pathlib import Path

from timeline.interchange.cow import COLUMNS, cow_states

YEARS = (1817, 1824, 1827, 1832, 1836, 1840, 1844, 1849, 1854, 1859, 1864, 1869, 1874,
         1879, 1884, 1889, 1894, 1899, 1904, 1909, 1914, 1920, 1925, 1930, 1935, 1940, 1950,
         1955, 1960, 1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000, 2005)
LEVELS = ("0", "1", "2", "3", "9")
CHANGE = 0.15  # the chance a level differs from the one observed before


def write(path: Path, scale: float = 1.0, seed: int = 20) -> int:
    """Writes the file (``scale`` < 1: the first share of the states only); returns its
    rows."""
    rng = random.Random(seed)
    states = sorted(cow_states().values(), key=lambda s: s.ccode)
    states = states[:max(2, round(len(states) * scale))]
    level: dict[tuple[int, int], str] = {}
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(f'"{c}"' for c in COLUMNS) + "\n")
        lines: list[str] = []
        for year in YEARS:
            members = [s.ccode for s in states if any(a <= year <= b for a, b in s.member)]
            for one in members:
                for two in members:
                    if one == two:
                        continue
                    key = (one, two)
                    if key not in level or rng.random() < CHANGE:
                        level[key] = rng.choice(LEVELS)
            for one in members:
                for two in members:
                    if one != two:
                        at_1, at_2 = level[(two, one)], level[(one, two)]
                        de = "0" if at_1 == at_2 == "0" else "1"
                        lines.append(f"{one},{two},{year},{at_1},{at_2},{de},2006.0999755859375")
            # Rows ordered as published: by ccode1, ccode2, then year (within the year here).
            handle.writelines(line + "\n" for line in lines)
            rows += len(lines)
            lines.clear()
    return rows
