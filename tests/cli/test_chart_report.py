"""Charts (svg, png, pdf) and the self-contained HTML report, checked in a real Chromium; of a
relationship (A B) and of one actor's every relationship (A)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
from helpers import Runner, refused

from timeline.app import Timeline
from timeline.views import chart, placement


def page_data(page: str) -> Any:
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def overlaps(fig: Any) -> list[tuple[str, str]]:
    """Pairs of texts drawn on the figure's axes whose boxes overlap."""
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes for t in (*ax.texts, ax.title) if t.get_visible()
             and t.get_text() and t.get_figure() is not None]
    boxes = [(t.get_text(), placement.extent(t, renderer)) for t in texts]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]


def test_chart_of_the_seed_case_as_svg(seeded: Runner, tmp_path: Path) -> None:
    out = tmp_path / "seed.svg"
    assert seeded.ok("chart", "russia", "nato", "--as-of-marker", "2021-11-02",
                     "--out", str(out)).stdout == f"{out}\n"
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    texts = re.findall(r">([^<>]+)</text>", svg)
    for lane in ("relations", "cooperation", "nato-russia-founding-act (agreement)",
                 "saceur-cgs (channel)", "russia-mission-to-nato (post)",
                 "nato-military-liaison-mission-moscow (post)",
                 "nato-information-office-moscow (post)"):
        assert lane in texts, lane
    for label in ("expel 8", "cap 10", "recalled", "closed", "as of 2021-11-02"):
        assert label in texts, label
    assert "NATO - Russia" in " ".join(texts)
    # The same chart twice is the same file (no timestamps, stable ids).
    again = tmp_path / "again.svg"
    seeded.ok("chart", "russia", "nato", "--as-of-marker", "2021-11-02", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG\r\n\x1a\n"), (".pdf", b"%PDF-")])
def test_chart_formats_by_extension(seeded: Runner, tmp_path: Path, suffix: str,
                                    magic: bytes) -> None:
    out = tmp_path / f"weeks{suffix}"
    seeded.ok("chart", "nato", "russia", "--from", "2021-10-01", "--to", "2021-11-15",
              "--out", str(out))
    data = out.read_bytes()
    assert data.startswith(magic) and len(data) > 5_000


def test_chart_refuses_an_unknown_extension_and_actor(seeded: Runner, tmp_path: Path) -> None:
    refused(seeded("chart", "russia", "nato", "--out", str(tmp_path / "x.gif")), "x.gif",
            ".svg or .png or .pdf", code=2)
    refused(seeded("chart", "russia", "natto", "--out", str(tmp_path / "x.svg")), "'natto'")
    assert not (tmp_path / "x.svg").exists()


def test_report_is_self_contained(seeded: Runner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    seeded.ok("report", "russia", "nato", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    # No network: nothing loaded from elsewhere (links to sources are only links).
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"(https?:)?//", page)
    assert "@import" not in page
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>',
                                page, re.S).group(1).replace("<\\/", "</"))
    assert len(data["events"]) == 21 and data["intervals"]


def test_report_slider_and_diff_in_chromium(seeded: Runner, tmp_path: Path,
                                            browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver: object = browser
    out = tmp_path / "report.html"
    seeded.ok("report", "russia", "nato", "--as-of", "2021-10-20", "--out", str(out))
    driver.get(out.as_uri())  # type: ignore[attr-defined]
    find = driver.find_element  # type: ignore[attr-defined]
    assert driver.title == "NATO - Russia"  # type: ignore[attr-defined]

    def status(post: str) -> str:
        row = find(By.CSS_SELECTOR, f'#state tr[data-key="post:{post} status"]')
        return str(row.find_elements(By.TAG_NAME, "td")[2].text)

    assert find(By.ID, "asof-label").text == "2021-10-20"
    assert status("russia-mission-to-nato") == "open"
    pending = [li.get_attribute("data-id") for li in
               find(By.ID, "pending").find_elements(By.TAG_NAME, "li")]
    assert "russia-recalls-mission-to-nato" in pending
    # Move the slider with the keyboard, as a person would: 13 days on, to 2 November.
    slider = find(By.ID, "asof")
    slider.send_keys(*([Keys.ARROW_RIGHT] * 13))  # focuses it (a click would jump it)
    assert find(By.ID, "asof-label").text == "2021-11-02"
    assert status("russia-mission-to-nato") == "suspended"
    assert status("nato-information-office-moscow") == "closed"
    assert find(By.ID, "pending").text == "none"
    # The diff between two chosen dates.
    driver.execute_script(  # type: ignore[attr-defined]
        "for (const [id, v] of [['from', '2021-10-01'], ['to', '2021-11-02']]) {"
        "  const el = document.getElementById(id); el.value = v;"
        "  el.dispatchEvent(new Event('change')); }")
    rows = find(By.ID, "changes").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 7
    changes = {tuple(td.text for td in row.find_elements(By.TAG_NAME, "td")[:4]) for row in rows}
    # Names over ids: subjects, attributes and values in words.
    assert ("russia-mission-to-nato (post)", "staff cap", "20", "10") in changes
    assert ("relationship", "relations", "established", "suspended") in changes
    causes = find(By.CSS_SELECTOR, '#changes tr[data-key="relationship relations"]').text
    assert "relations suspended" in causes and "relations_suspended" not in causes
    links = [a.get_attribute("href") for a in
             find(By.ID, "events").find_elements(By.CSS_SELECTOR, "ul.sources a")]
    assert "https://tass.com/politics/1350915" in links
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


@pytest.mark.parametrize("period", [(None, None), ("2021-10-01", "2021-11-15")])
def test_no_two_texts_of_the_seed_chart_overlap(
        seeded: Runner, period: tuple[str | None, str | None]) -> None:
    """Where events crowd (six on 1 November 2021, announced in October), labels still do
    not cover each other, the values written on bars, or the counts."""
    import datetime as dt

    start, end = (dt.date.fromisoformat(d) if d else None for d in period)
    app = Timeline.open(seeded.db)
    try:
        fig = chart.build(app.chronicle("nato", "russia"), start, end, dt.date(2021, 11, 2))
    finally:
        app.close()
    try:
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert overlaps(fig) == []
        assert not any("left out" in t.get_text() for t in fig.texts)  # every label placed
    finally:
        plt.close(fig)
    for label in ("cap 10", "expel 8", "recalled", "suspended", "10", "15"):
        assert label in texts, label


def test_report_shows_retractions_and_corrections(seeded: Runner, tmp_path: Path) -> None:
    seeded.ok("correct", "nato-expels-7-russia-mission-staff-2018", "--on", "2018-03-28",
              "--reason", "in force the day after")
    seeded.ok("retract", "nato-statement-on-russian-measures-2021", "--reason",
              "not <b>NATO</b>'s")
    out = tmp_path / "report.html"
    seeded.ok("report", "russia", "nato", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert "<b>NATO</b>" not in page
    events = {e["id"]: e for e in page_data(page)["events"]}
    assert len(events) == 21  # the retracted one is still listed
    gone = events["nato-statement-on-russian-measures-2021"]
    assert gone["status"] == "retracted"
    assert [(r["status"], r["reason"]) for r in gone["revisions"]] == [
        ("retracted", "not <b>NATO</b>'s")]
    fixed = events["nato-expels-7-russia-mission-staff-2018"]
    assert [(r["status"], r["reason"], r["changes"]) for r in fixed["revisions"]] == [
        ("corrected", "in force the day after", ["on: 2018-03-27 -> 2018-03-28"])]
    assert fixed["words"] == "expulsion" and fixed["target_name"] == "Russia"


def test_retractions_struck_through_and_chart_line_in_chromium(
        seeded: Runner, tmp_path: Path, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver: Any = browser
    seeded.ok("retract", "nato-statement-on-russian-measures-2021", "--reason", "not NATO's")
    out = tmp_path / "report.html"
    seeded.ok("report", "russia", "nato", "--as-of", "2021-10-20", "--out", str(out))
    driver.get(out.as_uri())
    find = driver.find_element
    gone = find(By.CSS_SELECTOR, '#events .event[data-id="nato-statement-on-russian-'
                                 'measures-2021"]')
    what = gone.find_element(By.CSS_SELECTOR, ".what")
    assert "line-through" in what.value_of_css_property("text-decoration")
    assert "retracted" in gone.text and "not NATO's" in gone.text
    # Not counted: not pending, not among the events of a period.
    assert "nato-statement-on-russian-measures-2021" not in find(By.ID, "diff-events").text
    # The line over the chart moves with the slider, by the time axis's scale.
    line = find(By.ID, "asof-line")
    before = float(line.get_attribute("x1"))
    find(By.ID, "asof").send_keys(*([Keys.ARROW_RIGHT] * 20))
    after = float(line.get_attribute("x1"))
    box = driver.execute_script(
        "const b = document.getElementById(arguments[0]).getBBox(); return [b.x, b.width]",
        chart.AXES_GID)
    lo, hi = (page_data(out.read_text(encoding="utf-8"))["axis"][k] for k in ("from", "to"))
    import datetime as dt

    days = (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days
    assert after - before == pytest.approx(box[1] * 20 / days, rel=1e-3)
    # A source whose label is only its publisher shows where its link goes.
    tass = find(By.CSS_SELECTOR, '#events a[href="https://tass.com/politics/1350915"]')
    assert tass.text == "TASS"
    sibling = tass.find_element(By.XPATH, "following-sibling::span")
    assert sibling.text == "tass.com/politics/1350915"
