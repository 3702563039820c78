"""The served pages in a real headless Chromium, against a real server process: sign in,
record an event through the form, see the pair's state change, follow the link to the
event, and no error in the console (a script or style the Content-Security-Policy blocked
would be one)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import Runner
from serving import PASSWORD, add_users, server_process


@pytest.fixture
def server(seeded: Runner) -> Iterator[str]:
    add_users(seeded.db)
    with server_process(seeded.db) as running:
        yield running.base
    assert b"Traceback" not in running.stderr, running.stderr.decode()


def _until(driver: Any, holds: Any) -> None:
    """Wait for a navigation a click or a script started (a click returns before it ends)."""
    deadline = time.monotonic() + 15
    while not holds():
        assert time.monotonic() < deadline, (driver.current_url, driver.page_source[-2000:])
        time.sleep(0.1)


def _ties(driver: Any) -> dict[str, str]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    found = {}
    for row in rows:
        cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
        if len(cells) == 5:  # a state's row: tie, from -> to, status, since, also
            found[cells[0]] = cells[2]
    return found


def test_sign_in_record_and_see_the_state_change(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver: Any = browser
    driver.get(server + "/pairs/albania/russia?as_of=2022-01-01")
    assert "relations" not in _ties(driver)
    assert _ties(driver)["Albania's embassy in Moscow"] == "open"  # named as the chart names it
    # Sign in: the form sends back to where it came from.
    driver.get(server + "/record")
    assert "/signin" in driver.current_url
    driver.find_element(By.NAME, "name").send_keys("wes")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    _until(driver, lambda: driver.current_url == server + "/record")
    assert "wes (writer)" in driver.find_element(By.TAG_NAME, "header").text
    # Record an event through the form.
    Select(driver.find_element(By.NAME, "type")).select_by_visible_text("relations_suspended")
    driver.find_element(By.NAME, "actor").send_keys("Albania")
    driver.find_element(By.NAME, "target").send_keys("russia")
    driver.find_element(By.NAME, "on").send_keys("2021-12-01")
    driver.find_element(By.NAME, "sources").send_keys("https://example.org/tirana")
    driver.find_element(By.NAME, "note").send_keys("Tirana suspends relations <test>")
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    _until(driver, lambda: "/events/" in driver.current_url)
    event_url = driver.current_url
    assert "by wes" in driver.find_element(By.TAG_NAME, "main").text
    assert "Tirana suspends relations <test>" in driver.find_element(By.TAG_NAME, "main").text
    # The pair's state has changed; its log links to the event.
    driver.get(server + "/pairs/albania/russia?as_of=2022-01-01")
    assert _ties(driver)["relations"] == "suspended"
    driver.find_element(By.LINK_TEXT, "relations_suspended").click()
    _until(driver, lambda: driver.current_url == event_url)
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("relations_suspended")
    # The date control's script sends its form when a date is set.
    driver.get(server + "/pairs/albania/russia?as_of=2022-01-01")
    driver.execute_script(
        "const input = document.querySelector('form.controls input[name=as_of]');"
        "input.value = '2021-11-30'; input.dispatchEvent(new Event('change'));")
    _until(driver, lambda: "as_of=2021-11-30" in driver.current_url)
    assert "relations" not in _ties(driver)
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
