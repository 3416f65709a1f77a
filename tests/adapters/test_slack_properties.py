"""POST /slack/events on signed bodies of arbitrary shape (JSON and forms), into the real app
and bolt with a loopback Slack Web API: every answer is a 2xx or a 4xx, and a 4xx leaves the
database as it was. One app serves every example (starting one per example would take
minutes), so what each refusal wrote is compared against the state just before it."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.slack import SECRET, signed
from tests.helpers.slack_shapes import commands, json_values, payloads, texts
from tests.standins.slack import SlackWebApi

BOUNDED = settings(max_examples=100, deadline=None)


class Served:
    """The app on loopback, on an event loop of its own that each example runs on."""

    def __init__(self, tmp_path) -> None:
        self.store = Store.open(f"sqlite:///{tmp_path / 'properties.db'}")
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self._start())

    async def _start(self) -> None:
        self.api = TestServer(SlackWebApi().app)
        await self.api.start_server()
        settings_ = Settings(database_url="unused", slack_signing_secret=SECRET,
                             slack_bot_token="xoxb-test",
                             slack_api_url=str(self.api.make_url("/api/")))
        self.client = TestClient(TestServer(build(settings_, self.store)))
        await self.client.start_server()

    def post(self, body: bytes, content_type: str) -> int:
        async def send() -> int:
            response = await self.client.post("/slack/events", data=body, headers={
                **signed(body), "Content-Type": content_type})
            await response.read()
            return response.status
        return self.loop.run_until_complete(send())

    def rows(self) -> dict:
        return {t: (self.store.interaction_count(t), sorted(self.store.people(t)))
                for t in self.store.tenant_names()}

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        self.loop.run_until_complete(self.api.close())
        self.loop.close()
        self.store.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    app = Served(tmp_path_factory.mktemp("slack-properties"))
    yield app
    app.close()


def answered(served: Served, body: bytes, content_type: str) -> None:
    before = served.rows()
    status = served.post(body, content_type)
    assert 200 <= status < 500, status
    if status >= 400:
        assert served.rows() == before, "a refused request wrote rows"


@BOUNDED
@given(payloads)
def test_signed_json_of_any_shape_gets_a_2xx_or_4xx_and_a_refusal_writes_nothing(served, value):
    answered(served, json.dumps(value).encode(), "application/json")


@BOUNDED
@given(st.one_of(payloads, json_values))
def test_signed_interactive_forms_of_any_shape_too(served, value):
    answered(served, urlencode({"payload": json.dumps(value)}).encode(),
             "application/x-www-form-urlencoded")


@BOUNDED
@given(st.one_of(commands, st.dictionaries(texts, texts, max_size=5)))
def test_signed_slash_command_forms_of_any_shape_too(served, fields):
    answered(served, urlencode(fields).encode(), "application/x-www-form-urlencoded")


@BOUNDED
@given(st.binary(max_size=200), st.sampled_from(["application/json",
                                                  "application/x-www-form-urlencoded"]))
def test_signed_bytes_of_any_kind_too(served, raw, content_type):
    answered(served, raw, content_type)
