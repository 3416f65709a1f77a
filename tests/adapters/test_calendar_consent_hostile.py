"""GET /calendar/oauth/microsoft/organisation (the admin consent's return) under arbitrary
queries, into the real app with Microsoft configured (the Graph stand-in on loopback, where no
tenant has consented): every answer is a 2xx or a 4xx, never a 5xx, and no organisation grant
is ever written. Now and then the query carries a live state, sealed with the app's key and
kept as the bot keeps one, so the checks past the state are reached too. One app serves every
example."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.service.calendar_organisation import CONSENT_PATH, SEAL, STATE_KIND
from bot.store import Store
from bot.store.kept_schema import calendar_organisations
from bot.store.keys import token_digest
from entrypoints.app import build
from entrypoints.secrets import SecretBox
from tests.helpers.calendars import settings_for
from tests.helpers.organisation import TENANT
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi

BOUNDED = settings(max_examples=120, deadline=None)


class Served:
    def __init__(self, tmp_path) -> None:
        self.store = Store.open(f"sqlite:///{tmp_path / 'consent.db'}")
        self.store.grant_manager(TENANT, "29:boss", "29:root", datetime.now(UTC), "teams")
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self._start())

    async def _start(self) -> None:
        self.servers = [TestServer(s.app) for s in (SlackWebApi(), GoogleCalendarStandIn(),
                                                    GraphStandIn())]
        for server in self.servers:
            await server.start_server()
        api, g, m = (str(s.make_url("")).rstrip("/") for s in self.servers)
        settings = settings_for(f"{api}/api/", g, m)
        self.box = SecretBox(settings.secret_key)
        self.client = TestClient(TestServer(build(settings, self.store)))
        await self.client.start_server()

    def live(self) -> str:
        """A state as `admin calendar connect` keeps one, for a manager of TENANT."""
        state = self.box.seal(SEAL + secrets.token_urlsafe(8))
        self.store.add_calendar_state(TENANT, "29:boss", STATE_KIND, token_digest(state),
                                      self.box.seal(""), datetime.now(UTC) + timedelta(hours=1),
                                      "teams")
        return state

    def get(self, query: dict) -> int:
        async def go() -> int:
            response = await self.client.get(f"{CONSENT_PATH}?{urlencode(query)}")
            await response.read()
            return response.status
        return self.loop.run_until_complete(go())

    def grants(self) -> int:
        with self.store.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(calendar_organisations))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        for server in self.servers:
            self.loop.run_until_complete(server.close())
        self.loop.close()
        self.store.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    app = Served(tmp_path_factory.mktemp("calendar-consent"))
    yield app
    app.close()


values = st.one_of(st.text(max_size=300),
                   st.sampled_from(["", "x" * 5000, "%00", "True", "true", TENANT, "LIVE"]))


@BOUNDED
@given(query=st.dictionaries(st.sampled_from(["state", "tenant", "admin_consent", "error",
                                              "error_description", "scope", "x"]),
                             values, max_size=6))
def test_any_consent_return_gets_a_2xx_or_4xx_and_grants_nothing(served, query):
    if query.get("state") == "LIVE":
        query["state"] = served.live()
    status = served.get(query)
    assert 200 <= status < 500, status
    assert served.grants() == 0
