"""What a TimelineJS 3 page needs of a document, checked as its JSON format says
(https://timeline.knightlab.com/docs/json-format.html) and as its TimelineConfig.js
refuses (NUKnightLab/TimelineJS3 src/js/core/TimelineConfig.js: no events, an era without
a start or an end, an end date TimelineJS takes for its start date and drops)."""

from __future__ import annotations

import re
from typing import Any

NUMBER = re.compile(r"-?[0-9]+")


def problems(document: Any) -> list[str]:
    """Every way the document breaks the format; empty when a TimelineJS page opens it."""
    found: list[str] = []
    if not isinstance(document, dict):
        return ["the document is not a JSON object"]
    events = document.get("events")
    if not isinstance(events, list) or not events:
        found.append("'events' must be a list of at least one slide")
        events = []
    if "title" in document:
        found += _slide(document["title"], "title", title=True)
    ids = [s.get("unique_id") for s in events if isinstance(s, dict) and s.get("unique_id")]
    if len(ids) != len(set(ids)):
        found.append("two slides share a unique_id")
    for index, slide in enumerate(events):
        found += _slide(slide, f"events[{index}]")
    eras = document.get("eras", [])
    if not isinstance(eras, list):
        found.append("'eras' must be a list")
        eras = []
    for index, era in enumerate(eras):
        where = f"eras[{index}]"
        if not isinstance(era, dict):
            found.append(f"{where} is not an object")
            continue
        for key in ("start_date", "end_date"):
            if key not in era:
                found.append(f"{where} has no {key} (TimelineJS requires both)")
            else:
                found += _date(era[key], f"{where}.{key}")
        text = era.get("text")
        if not isinstance(text, dict) or not isinstance(text.get("headline"), str):
            found.append(f"{where} has no text.headline (TimelineJS reads it)")
        if _dropped_end(era):
            found.append(f"{where}: TimelineJS drops an end date equal to its start, then "
                         "refuses the era")
    if document.get("scale", "human") not in ("human", "cosmological"):
        found.append("'scale' must be human or cosmological")
    return found


def _slide(slide: Any, where: str, title: bool = False) -> list[str]:
    if not isinstance(slide, dict):
        return [f"{where} is not an object"]
    found = []
    if "start_date" in slide:
        found += _date(slide["start_date"], f"{where}.start_date")
    elif not title:
        found.append(f"{where} has no start_date")
    if "end_date" in slide:
        found += _date(slide["end_date"], f"{where}.end_date")
    text = slide.get("text", {})
    if not isinstance(text, dict) or any(not isinstance(text.get(k, ""), str)
                                         for k in ("headline", "text")):
        found.append(f"{where}.text must hold text headline and text")
    media = slide.get("media")
    if media is not None and not (isinstance(media, dict) and isinstance(media.get("url"), str)):
        found.append(f"{where}.media needs a url")
    if not isinstance(slide.get("group", ""), str):
        found.append(f"{where}.group must be text")
    return found


def _date(date: Any, where: str) -> list[str]:
    if not isinstance(date, dict):
        return [f"{where} is not a date object"]
    found = []
    if not _number(date.get("year")):
        found.append(f"{where}.year is required, a number")
    for key, low, high in (("month", 1, 12), ("day", 1, 31), ("hour", 0, 23),
                           ("minute", 0, 59), ("second", 0, 59)):
        if date.get(key) in (None, ""):  # blank is not given, as in the format's examples
            continue
        if not (_number(date[key]) and low <= int(date[key]) <= high):
            found.append(f"{where}.{key} must be a number from {low} to {high}")
    if date.get("day") not in (None, "") and date.get("month") in (None, ""):
        found.append(f"{where} has a day without a month")
    if not isinstance(date.get("display_date", ""), str):
        found.append(f"{where}.display_date must be text")
    return found


def _number(value: Any) -> bool:
    """A number, or its digits as text (as the format's own examples write them)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(NUMBER.fullmatch(value)))


def _dropped_end(era: dict[str, Any]) -> bool:
    """TimelineConfig._processDates: an end date whose every property the start date has
    is equal to the start's is dropped as redundant."""
    start, end = era.get("start_date"), era.get("end_date")
    if not isinstance(start, dict) or not isinstance(end, dict):
        return False
    return all(str(end.get(key)) == str(value) for key, value in start.items())
