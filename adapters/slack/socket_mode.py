"""Socket Mode: the same listeners over Slack's WebSocket, each envelope's shape checked
before bolt sees it (as adapters/slack/endpoint.py checks HTTP bodies).
"""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.socket_mode.response import SocketModeResponse

from adapters.slack.request import check_shape
from bot.service.inbound import BadInput

LOG = logging.getLogger("weaktie.slack")


class CheckedSocketMode(AsyncSocketModeHandler):
    """Socket Mode with the same front door as HTTP: an envelope whose payload bolt could not
    read (the shape check of `slack_request`) is acknowledged, so that Slack does not send it
    again, and goes no further; nothing is stored and its content is not logged."""

    async def handle(self, client, req) -> None:
        try:  # slack_sdk has made the payload a dict already (SocketModeRequest)
            check_shape(req.payload)
        except BadInput as refused:
            LOG.warning("Socket Mode: refused an envelope (%s)", refused)
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        await super().handle(client, req)


def socket_mode(app: web.Application, bolt: AsyncApp, app_token: str) -> None:
    """Socket Mode (development): open the websocket when the web app starts, close it after."""
    socket = CheckedSocketMode(bolt, app_token)

    async def connect(_app: web.Application) -> None:
        await socket.connect_async()

    async def close(_app: web.Application) -> None:
        await socket.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(close)
