"""A POLECAT weekly file in the released layout (POLECAT, Harvard Dataverse
doi:10.7910/DVN/AJGVIT): the 40 columns of its tab-separated files, in their order, as
public loaders of the release list them (the 2023-24 files name the fifth "Event
Intensity", earlier ones "Intensity"), "None" for a missing value, several entities in one
cell separated by "; ". No POLECAT file is in ../shared/data/field/, so the tests write
their own with this."""

from __future__ import annotations

from pathlib import Path

COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People",
    "Story Organizations", "Story Locations", "Language", "Version",
]


def row(event_id: str = "a1b2c3_1", **cells: str) -> list[str]:
    values = dict.fromkeys(COLUMNS, "None")
    values.update({
        "Event ID": event_id, "Event Date": "2023-03-20", "Event Type": "CONSULT",
        "Event Mode": "visit", "Intensity": "1.0", "Quad Code": "VERBAL COOPERATION",
        "Contexts": "diplomatic", "Actor Name": "China", "Actor Country": "CHN",
        "Actor COW": "710", "Recipient Name": "Russia", "Recipient Country": "RUS",
        "Recipient COW": "365", "Placename": "Moscow", "Province": "Moscow", "Country": "RUS",
        "Source": "Example Wire", "Publication Date": "2023-03-20", "Language": "en",
        "Version": "v1"})
    values.update({k.replace("_", " "): v for k, v in cells.items()})
    return [values[c] for c in COLUMNS]


def polecat_file(path: Path, *rows: list[str], header: list[str] = COLUMNS) -> Path:
    path.write_text("\n".join("\t".join(r) for r in (header, *rows)) + "\n", encoding="utf-8")
    return path
