"""Microsoft Teams on botbuilder: the only module that imports it (botbuilder-python is archived;
moving to the Microsoft 365 Agents SDK must stay a one-file change).

First slice: POST /api/messages with our own request handling in front of
`CloudAdapter.process_activity` (its `process()` answers 500 to bodies it cannot parse), channel
messages and mentions stored as metadata, and the shared conversation in personal chats.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from bot.core.model import Interaction

LOG = logging.getLogger("weaktie.teams")
# The activity as received: botbuilder's models drop fields we need (conversation.tenantId, the
# ids inside mention entities), so the turn reads the raw JSON. Set per request, in its task.
RAW: ContextVar[dict] = ContextVar("weaktie_teams_raw")


@dataclass(frozen=True, slots=True)
class TeamsSettings:
    app_id: str
    app_password: str
    app_type: str = "SingleTenant"
    tenant_id: str = ""


class _BotFrameworkConfig:
    """The attribute names botbuilder's configuration reader expects."""

    def __init__(self, settings: TeamsSettings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.tenant_id


def teams_observed(activity: Mapping[str, Any]) -> list[tuple[str, Interaction]]:
    """A person's message in a team channel or group chat: a post and its mentions. Only ids
    are read from the mention entities; the text is never looked at."""
    conversation = activity.get("conversation") or {}
    sender = (activity.get("from") or {}).get("id")
    if activity.get("type") != "message" or conversation.get("conversationType") == "personal":
        return []
    when = _moment(activity.get("timestamp"))
    if not isinstance(sender, str) or not conversation.get("id") or when is None:
        return []
    channel = str(conversation["id"]).split(";")[0]  # replies carry ";messageid=…" on the id
    key = f"teams:{channel}:{activity.get('id')}"
    out = [(key, Interaction(sender, None, "message", when, channel))]
    for entity in activity.get("entities") or []:
        target = ((entity or {}).get("mentioned") or {}).get("id")
        if entity.get("type") == "mention" and isinstance(target, str) and target != sender:
            out.append((f"{key}:mention:{target}", Interaction(sender, target, "mention", when,
                                                               channel)))
    return out


def tenant_of(activity: Mapping[str, Any]) -> str:
    conversation = activity.get("conversation") or {}
    tenant = conversation.get("tenantId") or ((activity.get("channelData") or {})
                                              .get("tenant") or {}).get("id")
    return str(tenant or "teams")


def _moment(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class WeaktieTeamsBot(ActivityHandler):
    """Stores channel activity; answers personal messages with the shared grammar."""

    def __init__(self, record: Callable[[str, list], Awaitable[None]],
                 converse: Callable[[str, str, str], str]) -> None:
        self.record = record
        self.converse = converse

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        raw = RAW.get()
        tenant = tenant_of(raw)
        if (raw.get("conversation") or {}).get("conversationType") == "personal":
            sender = (raw.get("from") or {}).get("id") or ""
            reply = await asyncio.to_thread(self.converse, tenant, sender, raw.get("text") or "")
            await turn_context.send_activity(reply)
            return
        observed = teams_observed(raw)
        if observed:
            await self.record(tenant, observed)


@dataclass
class TeamsEndpoint:
    """POST /api/messages: 415 for a non-JSON body, 400 for a malformed activity, 401 for a bad
    token, never a 500 for what a client sent."""

    adapter: CloudAdapter
    bot: WeaktieTeamsBot

    async def handle(self, request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            body = json.loads(await request.read())
            activity = Activity().deserialize(body) if isinstance(body, dict) else None
        except (ValueError, RecursionError, TypeError, AttributeError):
            activity = None
        if activity is None or not activity.type:
            return web.json_response({"error": "not a Bot Framework activity"}, status=400)
        RAW.set(body)
        try:
            answer = await self.adapter.process_activity(
                request.headers.get("Authorization", ""), activity, self.bot.on_turn)
        except PermissionError:
            return web.json_response({"error": "unauthorized"}, status=401)
        if answer:
            return web.json_response(answer.body, status=answer.status)
        return web.Response(status=201)


def teams_endpoint(settings: TeamsSettings | None, dev: bool,
                   record: Callable[[str, list], Awaitable[None]],
                   converse: Callable[[str, str, str], str]) -> TeamsEndpoint | None:
    """The endpoint, or None when Teams is not configured. Authentication is never silently
    off: only the explicit development switch serves without it, and says so loudly."""
    if settings is None and not dev:
        return None
    if settings is None:
        LOG.warning("WEAKTIE_DEV=1: /api/messages accepts UNAUTHENTICATED requests; "
                    "never use this in production")
        settings = TeamsSettings(app_id="", app_password="", app_type="MultiTenant")
    auth = ConfigurationBotFrameworkAuthentication(_BotFrameworkConfig(settings))
    return TeamsEndpoint(CloudAdapter(auth), WeaktieTeamsBot(record, converse))
