"""Headless Chromium from Debian's packages (chromium, chromium-driver; .ci/run installs them),
driven by Selenium, against `weaktie serve`'s application on a loopback port of its own. Without
the browser the tests are skipped and say so; under CI=true that is a failure."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from concurrent.futures import Future

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def chromium(width: int = 1280, height: int = 900):
    """A headless browser that keeps its console for the test to read."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        reason = f"no {CHROMIUM} or {CHROMEDRIVER}: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests need Chromium in CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # the installed browser: Selenium Manager downloads nothing
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class Served:
    """An aiohttp application and a client of it, on an event loop in a thread of its own (the
    browser's requests arrive while the test thread waits on Selenium). `make_app(api_url)`
    builds the application once the Slack Web API stand-in `api` listens."""

    def __init__(self, make_app, api: web.Application) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.api = TestServer(api, host="127.0.0.1")
        self.client = self.run(self._start(make_app))

    async def _start(self, make_app) -> TestClient:
        await self.api.start_server()
        self.server = TestServer(make_app(str(self.api.make_url("/api/"))), host="127.0.0.1")
        client = TestClient(self.server)
        await client.start_server()
        return client

    @property
    def base(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def run(self, coroutine):
        future: Future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return future.result(timeout=60)

    def close(self) -> None:
        self.run(self.client.close())
        self.run(self.api.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def press_sign_in(browser) -> None:
    """Click the link page's button and wait for the page it leads to."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.wait import WebDriverWait
    button = browser.find_element("css selector", "button.primary")
    button.click()

    def left(_driver) -> bool:
        # The old page's button is gone once asking about it fails. Mid-navigation Chromium 156
        # may say so as "Node with given id does not belong to the document" rather than as a
        # stale element (selenium's staleness_of catches only the latter).
        try:
            button.is_enabled()
        except WebDriverException:
            return True
        return False
    WebDriverWait(browser, 20).until(left)


def errors(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
