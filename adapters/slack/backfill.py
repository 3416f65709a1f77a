"""Backfill: read the last N days of the channels the app is in through the Web API.

The same converters as live events and exports, so the same messages get the same source ids
and are stored once, however they arrive. Rate limits are honoured by a retry handler that
waits for Retry-After (history APIs are slow for apps outside the Marketplace); reading twice
is harmless, unlike posting twice, so here the client may retry.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.events import message_interactions
from adapters.slack.tenancy import token_tenant
from bot.core.model import Interaction

PAGE = 200
PATIENCE = 10  # rate-limited reads tried again, each after Slack's Retry-After


@dataclass
class BackfillReport:
    channels: int = 0
    messages: int = 0
    interactions: int = 0


async def installation_of(client: AsyncWebClient) -> tuple[str, list[str] | None]:
    """The tenant the token's installation is (adapters.slack.tenancy), and for an org-wide
    Enterprise Grid install the workspaces it was added to: an org-level token lists channels
    one workspace at a time (conversations.list needs `team_id`,
    https://api.slack.com/enterprise/apps/changes-apis), via auth.teams.list
    (https://api.slack.com/methods/auth.teams.list). None for a workspace install."""
    auth = await client.auth_test()
    tenant = token_tenant(auth)
    if not auth.get("is_enterprise_install"):
        return tenant, None
    teams: list[str] = []
    async for page in _pages(client.auth_teams_list, limit=PAGE):
        teams += [team["id"] for team in page.get("teams", []) if team.get("id")]
    return tenant, teams


async def backfill(client: AsyncWebClient, days: int, now: datetime,
                   record: Callable[[list[tuple[str, Interaction]]], None],
                   workspaces: list[str] | None = None) -> BackfillReport:
    """Store the interactions of the last `days` days, channel by channel (each its own write).
    `workspaces`: the team ids an org-wide token reads, one after another (a channel shared by
    several of them is read once)."""
    report = BackfillReport()
    client = AsyncWebClient(token=client.token, base_url=client.base_url,
                            retry_handlers=[AsyncRateLimitErrorRetryHandler(PATIENCE)])
    oldest = f"{(now - timedelta(days=days)).timestamp():.6f}"
    async for channel in _every_channel(client, workspaces):
        observed: list[tuple[str, Interaction]] = []
        async for message in _messages(client, channel, oldest):
            report.messages += 1
            observed += message_interactions(channel, message)
        if observed:
            record(observed)
        report.channels += 1
        report.interactions += len(observed)
    return report


async def _every_channel(client: AsyncWebClient, workspaces: list[str] | None
                         ) -> AsyncIterator[str]:
    seen: set[str] = set()
    for team in workspaces if workspaces is not None else [None]:
        async for channel in _channels(client, team):
            if channel not in seen:
                seen.add(channel)
                yield channel


async def _channels(client: AsyncWebClient, team: str | None) -> AsyncIterator[str]:
    """Channels the app is a member of: it only ever reads where it was invited."""
    where = {"team_id": team} if team else {}
    async for page in _pages(client.conversations_list, types="public_channel,private_channel",
                             exclude_archived=True, limit=PAGE, **where):
        for channel in page.get("channels", []):
            if channel.get("is_member"):
                yield channel["id"]


async def _messages(client: AsyncWebClient, channel: str, oldest: str) -> AsyncIterator[dict]:
    """A channel's messages since `oldest`, and each thread's replies."""
    async for page in _pages(client.conversations_history, channel=channel, oldest=oldest,
                             limit=PAGE):
        for message in page.get("messages", []):
            yield message
            if message.get("reply_count"):
                async for reply in _replies(client, channel, message["ts"]):
                    yield reply


async def _replies(client: AsyncWebClient, channel: str, ts: str) -> AsyncIterator[dict]:
    async for page in _pages(client.conversations_replies, channel=channel, ts=ts, limit=PAGE):
        for reply in page.get("messages", []):
            if reply.get("ts") != ts:  # the thread's first message came with the history
                yield reply


async def _pages(method, **arguments) -> AsyncIterator[dict]:
    """Every page of a cursor-paginated Web API method."""
    cursor = None
    while True:
        page = await method(**arguments, **({"cursor": cursor} if cursor else {}))
        yield page
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return
