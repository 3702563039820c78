"""Charts (svg, png, pdf) and the self-contained HTML report, checked in a real Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import Runner, refused


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
    assert ("post:russia-mission-to-nato", "staff_cap", "20", "10") in changes
    assert ("relationship", "relations", "established", "suspended") in changes
    links = [a.get_attribute("href") for a in
             find(By.ID, "events").find_elements(By.CSS_SELECTOR, "ul.sources a")]
    assert "https://tass.com/politics/1350915" in links
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
