"""Properties of the Teams edge, on arbitrary JSON: every converter returns a value or raises
BadInput; POST /api/messages answers an authenticated body of any shape with a 2xx or a 4xx,
and a refused one writes no row. Bodies are documented activities (see test_teams*.py for
their sources) with arbitrary parts swapped in, so the checks reach past the first field."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.teams.activity import checked_activity
from adapters.teams.events import (
    card_action_data,
    channel_names,
    channel_of,
    mentioned,
    organisation,
    organisations,
    parent_source,
    place_of,
    teams_observed,
    teams_reactions,
    tenant_of,
)
from bot.errors import BadInput
from bot.store import Store
from entrypoints.app import build
from tests.helpers.teams import activity, registered, row_counts
from tests.standins.microsoft import SERVICE_URL, MicrosoftStandIn

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
ID = st.sampled_from(["29:ana", "29:bea", "28:bot", "19:general@thread.tacv2", "", "x" * 250])
WRONG = st.one_of(st.none(), st.text(max_size=3), st.integers(), st.lists(JSON, max_size=2),
                  st.dictionaries(st.text(max_size=3), JSON, max_size=2))
ACCOUNT = st.fixed_dictionaries({"id": ID}, optional={
    "name": st.text(max_size=8), "tenantId": ID | st.just("OTHER"),
    "userRole": st.sampled_from(["user", "guest", "anonymous"]) | WRONG,
    "aadObjectId": st.text(max_size=8)})
MENTION = st.fixed_dictionaries({"type": st.just("mention"), "mentioned": ACCOUNT | WRONG})
EXECUTE = st.fixed_dictionaries({"action": st.fixed_dictionaries(
    {"type": st.just("Action.Execute"), "data": WRONG | st.fixed_dictionaries(
        {"weaktie": st.sampled_from(["answer", "profile", "program"]),
         "value": st.sampled_from(["1:0", "1:999", "3:99999999999999999999", "x"]),
         "answer": st.text(max_size=8)})})})


def listed(item) -> st.SearchStrategy:
    """A list of mostly well-formed items, some of the wrong kind."""
    return st.lists(item | WRONG, max_size=3) | WRONG


# For each part of an activity something reads: values of the right kind and of wrong ones.
PARTS = {
    ("type",): st.sampled_from(["message", "conversationUpdate", "installationUpdate",
                                "messageReaction", "invoke", "event", "typing", "42"]) | WRONG,
    ("id",): ID | WRONG, ("replyToId",): ID | WRONG, ("serviceUrl",): ID | WRONG,
    ("timestamp",): st.sampled_from(["2026-11-26T10:00:00Z", "2026-13-01", "now"]) | WRONG,
    ("text",): st.sampled_from(["join", "profile", "admin form", "help", "stop"]) | WRONG,
    ("name",): st.sampled_from(["adaptiveCard/action", "task/fetch", "signin/verifyState"])
    | WRONG,
    ("action",): st.sampled_from(["add", "add-upgrade", "remove", "remove-upgrade"]) | WRONG,
    ("value",): EXECUTE | JSON,
    ("from",): ACCOUNT | WRONG, ("recipient",): ACCOUNT | WRONG,
    ("from", "id"): ID | WRONG, ("recipient", "id"): ID | WRONG,
    ("conversation", "id"): ID | st.just("19:general@thread.tacv2;messageid=a0") | WRONG,
    ("conversation", "conversationType"): st.sampled_from(["personal", "channel", "groupChat"])
    | WRONG,
    ("conversation", "tenantId"): ID | WRONG,
    ("channelData",): st.fixed_dictionaries({}, optional={"tenant": ACCOUNT | WRONG,
                                                          "team": ACCOUNT | WRONG}) | WRONG,
    ("channelData", "tenant"): ACCOUNT | WRONG, ("channelData", "team"): ACCOUNT | WRONG,
    ("channelData", "channel"): ACCOUNT | WRONG,
    ("channelData", "eventType"): st.sampled_from(["channelCreated", "channelRenamed",
                                                   "teamRenamed", "teamMemberAdded"]) | WRONG,
    ("entities",): listed(MENTION),
    ("membersAdded",): listed(ACCOUNT), ("membersRemoved",): listed(ACCOUNT),
    ("reactionsAdded",): listed(st.fixed_dictionaries({"type": st.just("like")})),
}
# Hypothesis tries early choices most: the lists and objects, where shapes break, go first.
PATHS = sorted(PARTS, key=lambda path: path[-1] not in {
    "entities", "membersAdded", "membersRemoved", "reactionsAdded", "channelData", "tenant",
    "team", "channel", "from", "recipient", "value"})


def templates() -> list[dict]:
    """Well-formed activities of each kind the edge handles."""
    channel = activity(SERVICE_URL, "hello", "channel", mentions=["29:bea"])
    channel["channelData"] = {"tenant": {"id": "TENANT1"}, "team": {"id": "19:general@thread.tacv2"}}
    personal = activity(SERVICE_URL, "join", "personal")
    reaction = {**channel, "type": "messageReaction", "replyToId": "a1",
                "reactionsAdded": [{"type": "like"}]}
    update = {**channel, "type": "conversationUpdate", "membersAdded": [{"id": "28:bot"}]}
    install = {**channel, "type": "installationUpdate", "action": "add"}
    invoke = {**personal, "type": "invoke", "name": "adaptiveCard/action",
              "value": {"action": {"type": "Action.Execute", "data": {"weaktie": "profile"}}}}
    return [channel, personal, reaction, update, install, invoke]


def swapped(template: dict, changes: list[tuple[tuple[str, ...], object]]) -> dict:
    body = json.loads(json.dumps(template))
    for path, value in changes:
        part = body
        for key in path[:-1]:
            part = part.setdefault(key, {}) if isinstance(part, dict) else None
        if isinstance(part, dict):
            part[path[-1]] = value
    return body


# Few parts at a time: a body wrong everywhere is refused at its first field and tests
# nothing behind it.
CHANGES = st.lists(st.sampled_from(PATHS).flatmap(
    lambda path: st.tuples(st.just(path), PARTS[path])), min_size=1, max_size=2)
ACTIVITIES = st.builds(swapped, st.sampled_from(templates()), CHANGES)
CONVERTERS = [checked_activity, teams_observed, lambda a: teams_observed(a, "29:author"),
              lambda a: teams_reactions(a, "29:author"), channel_of, parent_source, tenant_of,
              place_of, channel_names, mentioned, lambda a: organisations(a, "TENANT1"),
              lambda a: organisation(a, "TENANT1"), card_action_data]


@settings(max_examples=100, deadline=None)
@given(JSON | ACTIVITIES)
def test_every_converter_returns_a_value_or_raises_bad_input(body):
    for convert in CONVERTERS:
        try:
            convert(body)
        except BadInput as exc:
            assert 0 < len(str(exc)) < 100


class ProductionServer:
    """weaktie's web app with a registered bot, on loopback, in a thread of its own so that
    Hypothesis can drive it example by example; tokens from a local key set."""

    def __init__(self, path) -> None:
        self.path, self.keys = path, MicrosoftStandIn()
        self.keys_served = self.keys.in_thread()
        self.keys_served.__enter__()
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self._call(self._start())

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=120)

    async def _start(self) -> None:
        settings = registered(self.keys)
        self.connector = TestServer(MicrosoftStandIn().app)
        await self.connector.start_server()
        self.client = TestClient(TestServer(build(settings, Store.open(f"sqlite:///{self.path}"))))
        await self.client.start_server()

    def post(self, body: dict) -> int:
        async def send() -> int:
            response = await self.client.post(
                "/api/messages", data=json.dumps(body),
                headers={"Content-Type": "application/json",
                         "Authorization": f"Bearer {self.keys.token()}"})
            await response.read()
            return response.status
        return self._call(send())

    def close(self) -> None:
        self._call(self.client.close())
        self._call(self.connector.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.keys_served.__exit__(None, None, None)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = ProductionServer(tmp_path_factory.mktemp("teams") / "teams.db")
    yield running
    running.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CHANGES)
def test_an_authenticated_body_of_any_shape_gets_2xx_or_4xx_and_a_refusal_writes_nothing(
        server, changes):
    for template in templates():  # the same parts swapped into each kind of activity
        before = row_counts(server.path)
        status = server.post(swapped(template, changes))
        assert status < 500
        if status >= 400:
            assert row_counts(server.path) == before
