"""The dashboard in a real browser: headless Chromium (Debian's package) driven by Selenium,
against the real application on loopback. The manager's link comes from the bot, asked over a
signed Slack slash command; the browser presses the sign-in button as a person would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.service.clockwork import keep_week
from bot.service.dashboard_access import link_reply
from bot.store import Store
from bot.store.dashboard import Visitor
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.browser import Served, chromium, errors, press_sign_in
from tests.helpers.dashboard import BOSS, LINK, link_for, people_of, seeded
from tests.helpers.outcomes import NOW, a_round
from tests.helpers.slack import SECRET
from tests.standins.slack import SlackWebApi

pytestmark = pytest.mark.xdist_group("browser")  # one worker starts the browser once
PAGES = ("/admin", "/admin/health", "/admin/ideas")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'dashboard.db'}")
    seeded(store)
    a_round(store, "T8", pairs=4, chat_after=3)  # a tenant of 8 people
    keep_week(store, NOW)

    def make_app(api_url: str):
        return build(Settings(database_url="unused", slack_signing_secret=SECRET,
                              slack_bot_token="xoxb-test", slack_api_url=api_url), store)

    served = Served(make_app, SlackWebApi(admins=frozenset({BOSS})).app)
    served.store = store
    yield served
    served.close()
    store.close()


@pytest.fixture(scope="module")
def browser(site):
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture
def fresh(browser):
    """The browser with no cookie and an empty console."""
    browser.delete_all_cookies()
    browser.get_log("browser")
    return browser


def link(site, team: str = "T1") -> str:
    return site.base + site.run(link_for(site.client, BOSS, team))


def signed_in(browser, site, team: str = "T1") -> None:
    browser.get(link(site, team))
    press_sign_in(browser)
    assert browser.current_url == site.base + "/admin", browser.page_source[:400]


def test_the_link_signs_in_once_and_never_again(site, fresh):
    url = link(site)
    fresh.get(url)
    press_sign_in(fresh)
    assert fresh.current_url == site.base + "/admin"
    assert fresh.find_element("tag name", "h1").text == "Programs"
    fresh.get(url)  # the same link, in the same browser
    assert "has expired or was used already" in fresh.find_element("tag name", "main").text
    fresh.delete_all_cookies()
    fresh.get(url)  # or anyone else's
    assert "has expired or was used already" in fresh.find_element("tag name", "main").text
    fresh.get(site.base + "/admin")
    assert "not signed in" in fresh.find_element("tag name", "main").text
    assert not errors(fresh) or all("403" in e["message"] for e in errors(fresh))


def test_an_expired_link_and_an_employees_link_are_refused(site, fresh):
    store = site.store
    expired = LINK.search(link_reply(store, Visitor("T1", BOSS, "slack", True),
                                     datetime.now(UTC) - timedelta(minutes=11), None)).group(1)
    employee = LINK.search(link_reply(store, Visitor("T1", "UA05", "slack", False),
                                      datetime.now(UTC), None)).group(1)
    for path, words in ((expired, "has expired"), (employee, "Only community managers")):
        fresh.get(site.base + path)
        text = fresh.find_element("tag name", "main").text
        assert words in text and "admin dashboard" in text
        assert not fresh.find_elements("css selector", "button.primary")


def test_every_page_draws_its_charts_with_no_console_error(site, fresh):
    signed_in(fresh, site)
    for path in PAGES:
        fresh.get(site.base + path)
        drawn = fresh.execute_script(
            "return [...document.querySelectorAll('figure.chart svg')].map(s => {"
            "const r = s.getBoundingClientRect();"
            "return [r.width, r.height, s.querySelectorAll('path, circle').length]; })")
        charts = len(drawn) if path != "/admin/ideas" else len(
            fresh.find_elements("css selector", ".ideas li"))  # the ideas page lists, no chart
        assert charts >= 1, path
        for width, height, marks in drawn:
            assert width > 300 and height > 100 and marks > 5, (path, drawn)
        # each chart has its words (the figure's caption) and the table behind it
        assert len(fresh.find_elements("css selector", "figcaption")) == len(drawn)
        assert len(fresh.find_elements("css selector", "table")) >= len(drawn)
        found = errors(fresh)
        assert found == [], (path, found)


def test_a_tenant_of_eight_shows_suppressed_cells(site, fresh):
    signed_in(fresh, site, "T8")
    cells = {c.text for c in fresh.find_elements("css selector", "td")}
    assert cells == {"suppressed"}
    fresh.get(site.base + "/admin/health")
    assert "every figure is suppressed" in fresh.find_element("tag name", "main").text


def test_the_html_never_holds_a_persons_name_or_id(site, fresh):
    signed_in(fresh, site)
    people = people_of(site.store)
    assert people
    for path in PAGES:
        fresh.get(site.base + path)
        html = fresh.page_source
        leaked = [p for person, name in people for p in (person, name) if p and p in html]
        assert leaked == [] and BOSS not in html, (path, leaked)


def test_the_pages_fit_a_phone(site, fresh):
    signed_in(fresh, site)
    fresh.set_window_size(390, 844)
    try:
        for path in PAGES:
            fresh.get(site.base + path)
            wide, room = fresh.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            assert wide <= room, (path, wide, room)
    finally:
        fresh.set_window_size(1280, 900)
