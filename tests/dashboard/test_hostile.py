"""/admin under arbitrary requests, into the real app: any path, cookie and form gets a 2xx, 3xx
or 4xx, never a 5xx, and a refusal writes nothing (no session, no spent link, no program). Some
examples carry a real session and its real CSRF token, so the checks past the gate are reached.
One app serves every example; each refusal is compared with the state just before it."""

from __future__ import annotations

import asyncio
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.store import Store
from bot.store.kept_schema import dashboard_links, dashboard_sessions
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.dashboard import csrf_in, link_for, seeded
from tests.helpers.slack import SECRET
from tests.standins.slack import SlackWebApi

BOUNDED = settings(max_examples=150, deadline=None)


class Served:
    def __init__(self, tmp_path) -> None:
        self.store = Store.open(f"sqlite:///{tmp_path / 'dashboard.db'}")
        seeded(self.store)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self._start())

    async def _start(self) -> None:
        self.api = TestServer(SlackWebApi(admins=frozenset({"UBOSS"})).app)
        await self.api.start_server()
        options = Settings(database_url="unused", slack_signing_secret=SECRET,
                           slack_bot_token="xoxb-test", slack_api_url=str(self.api.make_url("/api/")))
        self.client = TestClient(TestServer(build(options, self.store)))
        await self.client.start_server()
        path = await link_for(self.client)
        self.unused = await link_for(self.client)  # a live link, for examples to aim at
        page = await self.client.get(path)
        await self.client.post(path, data={"csrf": csrf_in(await page.text())})
        self.session = self.client.session.cookie_jar.filter_cookies(
            self.client.make_url("/admin"))["weaktie_session"].value
        self.csrf = csrf_in(await (await self.client.get("/admin")).text())
        self.client.session.cookie_jar.clear()

    def send(self, method: str, path: str, cookie: str, form: dict) -> int:
        async def go() -> int:
            response = await self.client.request(method, path, data=form or None,
                                                 headers={"Cookie": cookie} if cookie else {})
            await response.read()
            return response.status
        return self.loop.run_until_complete(go())

    def state(self) -> tuple:
        with self.store.engine.connect() as conn:
            return (conn.scalar(select(func.count()).select_from(dashboard_sessions)),
                    conn.scalar(select(func.count()).select_from(dashboard_links)
                                .where(dashboard_links.c.used_at.is_not(None))),
                    sorted(p.name for p, _ in self.store.programs("T1")))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        self.loop.run_until_complete(self.api.close())
        self.loop.close()
        self.store.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    app = Served(tmp_path_factory.mktemp("dashboard-hostile"))
    yield app
    app.close()


segment = st.one_of(st.text(min_size=0, max_size=60),
                    st.sampled_from(["signin", "ideas", "draft", "health", "static", "..", "%00"]))
paths = st.one_of(
    st.sampled_from(["/admin", "/admin/health", "/admin/ideas", "/admin/ideas/draft",
                     "/admin/signout", "/admin/static/dashboard.css", "LIVE"]),
    st.builds(lambda s: "/admin/signin/" + s, segment),
    st.builds(lambda a, b: f"/admin/{a}/{b}", segment, segment))
words = st.one_of(st.text(max_size=80), st.sampled_from(["1", "9", "0", "²", "-1", "1e3"]))


@BOUNDED
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]), path=paths,
       session=st.sampled_from(["none", "real", "forged"]),
       csrf=st.sampled_from(["none", "real", "forged"]),
       number=words, week=words)
def test_any_request_gets_a_2xx_3xx_or_4xx_and_a_refusal_writes_nothing(
        served, method, path, session, csrf, number, week):
    path = served.unused if path == "LIVE" else path  # a live sign-in link, without its cookie
    quoted = re.sub(r"[^\x21-\x7e]", lambda m: f"%{ord(m.group()) % 256:02X}", path)
    cookie = {"none": "", "real": f"weaktie_session={served.session}",
              "forged": "weaktie_session=" + "A" * 43}[session]
    form = {"number": number, "week": week}
    if csrf != "none":
        form["csrf"] = served.csrf if csrf == "real" else "f" * 64
    before = served.state()
    status = served.send(method, quoted, cookie, form)
    assert status < 500, (method, quoted, status)
    if status >= 400:
        assert served.state() == before, "a refused request wrote rows"
