"""GET /calendar/oauth/{provider} under arbitrary queries, into the real app with both
providers configured (their stand-ins on loopback): every answer is a 2xx or a 4xx, never a 5xx,
and a refusal connects nobody. Some examples carry a live state, so the exchange is reached (with
a code the stand-in refuses). One app serves every example."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.store import Store
from bot.store.kept_schema import calendar_connections
from entrypoints.app import build
from tests.helpers.calendars import settings_for
from tests.helpers.dashboard import say
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi

BOUNDED = settings(max_examples=120, deadline=None)


class Served:
    def __init__(self, tmp_path) -> None:
        self.store = Store.open(f"sqlite:///{tmp_path / 'callback.db'}")
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self._start())

    async def _start(self) -> None:
        self.servers = [TestServer(s.app) for s in (SlackWebApi(), GoogleCalendarStandIn(),
                                                    GraphStandIn())]
        for server in self.servers:
            await server.start_server()
        api, g, m = (str(s.make_url("")).rstrip("/") for s in self.servers)
        self.client = TestClient(TestServer(build(settings_for(f"{api}/api/", g, m),
                                                  self.store)))
        await self.client.start_server()
        said = await say(self.client, "UANA", "calendar connect google")
        link = next(w for w in said.split() if w.startswith("http"))
        self.live = parse_qs(urlsplit(link).query)["state"][0]  # a state the app issued

    def get(self, path: str) -> int:
        async def go() -> int:
            response = await self.client.get(path)
            await response.read()
            return response.status
        return self.loop.run_until_complete(go())

    def connected(self) -> int:
        with self.store.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(calendar_connections))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        for server in self.servers:
            self.loop.run_until_complete(server.close())
        self.loop.close()
        self.store.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    app = Served(tmp_path_factory.mktemp("calendar-callback"))
    yield app
    app.close()


values = st.one_of(st.text(max_size=300), st.sampled_from(["", "x" * 5000, "%00", "access_denied"]))


@BOUNDED
@given(provider=st.one_of(st.sampled_from(["google", "microsoft"]), st.text(max_size=20)),
       query=st.dictionaries(st.sampled_from(["state", "code", "error", "scope", "iss", "x"]),
                             values, max_size=5))
def test_any_callback_gets_a_2xx_or_4xx_and_connects_nobody(served, provider, query):
    safe = "".join(c if c.isalnum() else "-" for c in provider) or "-"
    if query.get("state") == "access_denied":  # now and then, the live one (spent once)
        query["state"] = served.live
    status = served.get(f"/calendar/oauth/{safe}?{urlencode(query)}")
    assert 200 <= status < 500, status
    assert served.connected() == 0
