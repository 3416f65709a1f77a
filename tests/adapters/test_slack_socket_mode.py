"""Socket Mode (development): events arrive over a websocket from a loopback stand-in, are
stored, and acknowledged by envelope id."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer

from bot.app import build
from bot.config import Settings, SettingsError, check_serving
from bot.store import Store
from tests.adapters.test_slack_events import event, message


class FakeSocketSlack:
    """apps.connections.open hands out a loopback websocket; it says hello, sends one event,
    and waits for the acknowledgement."""

    def __init__(self) -> None:
        self.acks: list[dict] = []
        self.app = web.Application()
        self.app.router.add_post("/api/{method}", self.api)
        self.app.router.add_get("/link", self.link)
        self.acked = asyncio.Event()

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "apps.connections.open":
            assert request.headers["Authorization"] == "Bearer xapp-test"
            url = str(request.url.with_path("/link").with_scheme("ws"))
            return web.json_response({"ok": True, "url": url})
        if method == "auth.test":
            return web.json_response({"ok": True, "user_id": "UBOT", "bot_id": "B1",
                                      "team_id": "T1"})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        await socket.send_json({"envelope_id": "env-1", "type": "events_api",
                                "accepts_response_payload": False,
                                "payload": event("EvS1", message(user="UANA"))})
        async for frame in socket:
            if frame.type == WSMsgType.TEXT:
                self.acks.append(json.loads(frame.data))
                self.acked.set()
        return socket


def test_an_event_over_socket_mode_is_stored_and_acknowledged(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    fake = FakeSocketSlack()

    async def main():
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_bot_token="xoxb-test",
                                slack_app_token="xapp-test", slack_api_url=str(api.make_url("/api/")))
            async with TestServer(build(settings, store)):  # startup connects the socket
                await asyncio.wait_for(fake.acked.wait(), timeout=20)

    asyncio.run(main())
    assert fake.acks[0]["envelope_id"] == "env-1"
    assert [(i.actor, i.kind) for i in store.interactions("T1")] == [("UANA", "message")]


def test_socket_mode_goes_with_one_workspace_only():
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN"):
        check_serving(Settings("sqlite://", slack_app_token="xapp-1", slack_client_id="1",
                               slack_client_secret="2", slack_signing_secret="s",
                               secret_key="k" * 20))
    check_serving(Settings("sqlite://", slack_app_token="xapp-1", slack_bot_token="xoxb-1"))
