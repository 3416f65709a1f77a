"""`weaktie dashboard`: the dashboard alone, served as a process, with a link printed for the
operator; the link signs in once, and the pages it opens hold the charts."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from bot.store import Store
from entrypoints.cli import main
from tests.helpers.dashboard import csrf_in, seeded
from tests.standins.loopback import free_port


def test_an_unknown_tenant_is_one_clear_line(tmp_path, capsys):
    Store.open(f"sqlite:///{tmp_path / 'd.db'}").close()
    assert main(["dashboard", "--tenant", "nobody", "--db", str(tmp_path / "d.db")]) == 1
    assert "there is no tenant 'nobody'" in capsys.readouterr().err


def test_the_printed_link_signs_in_once_and_opens_the_charts(tmp_path):
    db = tmp_path / "d.db"
    store = Store.open(f"sqlite:///{db}")
    seeded(store)
    store.close()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "entrypoints.cli", "dashboard", "--tenant", "T1",
                               "--db", str(db), "--port", str(port)], cwd=tmp_path, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = [server.stdout.readline() for _ in range(2)]
        assert lines[0].startswith(f"weaktie: the dashboard of 'T1' on http://127.0.0.1:{port}/admin")
        link = re.search(r"http://\S+/admin/signin/\S+", lines[1]).group(0)
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
            http.cookiejar.CookieJar()))
        page = _get(browser, link)
        body = urllib.parse.urlencode({"csrf": csrf_in(page)}).encode()
        with browser.open(urllib.request.Request(link, data=body), timeout=5) as signed_in:
            assert signed_in.url.endswith("/admin") and "<svg" in signed_in.read().decode()
        try:
            _get(urllib.request.build_opener(), link)
            raise AssertionError("the link signed in twice")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(opener, url: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with opener.open(url, timeout=2) as response:
                return response.read().decode()
        except urllib.error.URLError as exc:
            if isinstance(exc, urllib.error.HTTPError) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
