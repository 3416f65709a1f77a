"""The demo's dashboard in a real browser: what `weaktie demo` stores is a story the pages tell
(the earlier round's lasting ties, the offices' matrix, an idea to draft). With
WEAKTIE_SCREENSHOTS=docs/img this test takes the screenshots the docs show."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.service.dashboard_access import link_reply
from bot.store import Store
from bot.store.dashboard import Visitor
from entrypoints.app import build
from entrypoints.cli import main
from entrypoints.config import Settings
from tests.helpers.browser import Served, chromium, errors, press_sign_in
from tests.helpers.slack import SECRET
from tests.standins.slack import SlackWebApi

pytestmark = pytest.mark.xdist_group("browser")
SHOTS = os.environ.get("WEAKTIE_SCREENSHOTS")


def test_the_demos_dashboard_tells_its_story(tmp_path, capsys):
    db = tmp_path / "weaktie-demo.db"
    assert main(["demo", "--db", str(db), "--show", "0"]) == 0
    assert "weaktie dashboard --tenant demo" in capsys.readouterr().out
    store = Store.open(f"sqlite:///{db}")
    served = Served(lambda api: build(Settings(database_url="unused", slack_signing_secret=SECRET,
                                               slack_bot_token="xoxb-test", slack_api_url=api),
                                      store), SlackWebApi().app)
    browser = chromium(1100, 1000)
    try:
        said = link_reply(store, Visitor("demo", "operator", "cli", True), datetime.now(UTC),
                          served.base)
        browser.get(re.search(r"http://\S+", said).group(0))
        press_sign_in(browser)
        lasting = browser.find_element("xpath", "//tr[th[starts-with(., 'Lasting ties')]]/td").text
        assert re.fullmatch(r"\d+(\.\d)?%", lasting), lasting  # the earlier round's figure
        for path, name in (("/admin", "programs"), ("/admin/health", "health"),
                           ("/admin/ideas", "ideas")):
            browser.set_window_size(1100, 1000)  # measured afresh: each page as tall as it is
            browser.get(served.base + path)
            assert errors(browser) == [], path
            if SHOTS:
                tall = browser.execute_script("return document.documentElement.scrollHeight")
                browser.set_window_size(1100, min(tall + 100, 2400))
                browser.save_screenshot(str(Path(SHOTS) / f"dashboard-{name}.png"))
        assert browser.find_elements("css selector", "form[action='/admin/ideas/draft']")
        browser.get(served.base + "/admin/health")
        assert "Ties between offices" in browser.find_element("tag name", "main").text
        if SHOTS:
            browser.set_window_size(390, 844)
            browser.get(served.base + "/admin")
            browser.save_screenshot(str(Path(SHOTS) / "dashboard-phone.png"))
    finally:
        browser.quit()
        served.close()
        store.close()
