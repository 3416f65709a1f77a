"""Socket Mode (development): events arrive over a websocket from a loopback stand-in, are
stored, and acknowledged by envelope id."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestServer

from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings, SettingsError, check_serving
from tests.helpers.slack import event, message
from tests.standins.slack import SlackWebApi


def socket_slack(envelopes: list[dict] | None = None) -> SlackWebApi:
    """apps.connections.open hands out a loopback websocket; it says hello, sends one event,
    and waits for the acknowledgement."""
    return SlackWebApi(envelopes=envelopes or [{
        "envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
        "payload": event("EvS1", message(user="UANA"))}])


def over_socket_mode(tmp_path, fake: SlackWebApi) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")

    async def main():
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_bot_token="xoxb-test",
                                slack_app_token="xapp-test", slack_api_url=str(api.make_url("/api/")))
            async with TestServer(build(settings, store)):  # startup connects the socket
                await asyncio.wait_for(fake.acked.wait(), timeout=20)

    asyncio.run(main())
    assert ("apps.connections.open", "Bearer xapp-test") in fake.called()  # the app token
    return store


def test_an_event_over_socket_mode_is_stored_and_acknowledged(tmp_path):
    fake = socket_slack()
    store = over_socket_mode(tmp_path, fake)
    assert fake.acks[0]["envelope_id"] == "env-1"
    assert [(i.actor, i.kind) for i in store.interactions("T1")] == [("UANA", "message")]


def test_an_envelope_of_the_wrong_shape_is_acknowledged_and_stores_nothing(tmp_path):
    """The front door's shape check holds over the websocket too: bolt would otherwise fail on
    these inside its context building, never acknowledge, and Slack would send them again."""
    bad = event("EvS2", message(user="UANA", ts="1700000001.000200"))
    bad["authorizations"] = "everyone"  # a list of objects, in Slack's envelope
    envelopes = [{"envelope_id": "env-bad", "type": "events_api", "payload": bad},
                 {"envelope_id": "env-list", "type": "events_api",
                  "payload": {**event("EvS4", message()), "event": ["not", "an", "object"]}},
                 {"envelope_id": "env-good", "type": "events_api",
                  "payload": event("EvS3", message(user="UBEA"))}]
    fake = socket_slack(envelopes)
    store = over_socket_mode(tmp_path, fake)
    assert sorted(a["envelope_id"] for a in fake.acks) == ["env-bad", "env-good", "env-list"]
    assert [(i.actor, i.kind) for i in store.interactions("T1")] == [("UBEA", "message")]


def test_socket_mode_goes_with_one_workspace_only():
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN"):
        check_serving(Settings("sqlite://", slack_app_token="xapp-1", slack_client_id="1",
                               slack_client_secret="2", slack_signing_secret="s",
                               secret_key="k" * 20))
    check_serving(Settings("sqlite://", slack_app_token="xapp-1", slack_bot_token="xoxb-1"))
