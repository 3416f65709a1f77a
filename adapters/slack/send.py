"""Slack nudges out: a group DM with who, why, when and where, and three answer buttons.

Never twice: the Web API client does not retry a dropped connection (slack_sdk's default would
post a second copy if Slack had already accepted the first), each message carries its nudge id
in `metadata`, and a resumed delivery looks for that id in the conversation before posting.
A 429 waits for Retry-After and tries again; that is safe because Slack did not take the post.
Posts are paced per workspace just under Slack's workspace-wide allowance, so a large round
rarely meets a 429 at all; one that still comes back rate-limited is deferred (Slack kept
nothing), and a 5xx is uncertain (Slack may have kept it): never `failed`, never lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import (
    EVENT_TYPE,
    FOLLOW_UP_TYPE,
    OUTBOX_TYPE,
    blocks,
    fallback,
    follow_up_blocks,
    follow_up_text,
    notice_text_of,
    offer_blocks,
    offer_text,
    reminder_blocks,
    reminder_text,
)
from bot.service.outbound import (
    DeliveryDeferred,
    DeliveryUncertain,
    FollowUpMessage,
    NoticeMessage,
    OfferMessage,
    ReminderMessage,
)

# chat.postMessage allowance per workspace (issue 5 measures against 20/s; Slack publishes no
# figure, and a lower real one is met by the 429 handling). Paced 5% under it: requests arrive
# with jitter, and a post that lands early in a full window costs a whole Retry-After second.
PER_SECOND = 20
SPACING = 1.05 / PER_SECOND
ATTEMPTS = 4  # tries of one message through 429s before it is deferred to the next heartbeat
RETRY_BUDGET = 60.0  # seconds of 429 waits per message: a send must end well within the claim
# lease (WEAKTIE_CLAIM_LEASE) after which another process may resume it


def nudge_client(token: str, api_url: str | None) -> AsyncWebClient:
    """A Web API client that retries nothing: a dropped connection could duplicate a post, and
    rate limits are waited out by SlackNudges itself, whose retries go through the workspace's
    pacer rather than each coming back on its own the moment its wait ends."""
    extra = {"base_url": api_url} if api_url else {}
    return AsyncWebClient(token=token, retry_handlers=[], **extra)


class SlackNudges:
    """The ChatAdapter for Slack: one group DM per nudge."""

    shared_conversation = True  # a group's reminder goes once, into its group DM

    def __init__(self, client: AsyncWebClient | None = None,
                 client_for: Callable[[str], Awaitable[AsyncWebClient]] | None = None) -> None:
        """One workspace's `client`, or `client_for(team)` when serving many."""
        self.client = client
        self.client_for = client_for
        self.locks: dict[tuple, asyncio.Lock] = {}  # per event loop too: a lock serves one loop
        self.next_at: dict[str, float] = {}

    async def client_of(self, team: str) -> AsyncWebClient:
        """The Web API client for one workspace."""
        return await self.client_for(team) if self.client_for else self.client

    async def send(self, message, resume: bool) -> str:
        client = await self.client_of(message.tenant)
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + RETRY_BUDGET
        for attempt in range(ATTEMPTS):
            await self._pace(message.tenant)
            try:
                return await self.send_safely(client, message, resume)
            except SlackApiError as exc:
                status = exc.response.status_code
                wait = _retry_after(exc)
                if status == 429 and attempt + 1 < ATTEMPTS and loop.time() + wait < give_up_at:
                    # Slack kept nothing: try again after Retry-After and through the pacer
                    # again, so that retries come back spaced rather than all at once (one
                    # conversation's wait holds no other)
                    await asyncio.sleep(wait)
                    continue
                if status == 429:  # still rate-limited: deferred to the next heartbeat
                    raise DeliveryDeferred(f"{type(message).__name__}: {exc}") from exc
                if status >= 500:  # Slack may have stored the post before failing: look first
                    raise DeliveryUncertain(f"{type(message).__name__}: {exc}") from exc
                raise
        raise AssertionError("unreachable: the last attempt returns or raises")


    async def _pace(self, team: str) -> None:
        """One message each SPACING seconds per workspace, however many are in flight."""
        loop = asyncio.get_running_loop()
        async with self.locks.setdefault((loop, team), asyncio.Lock()):
            slot = max(self.next_at.get(team, 0.0), loop.time())
            self.next_at[team] = slot + SPACING  # from the slot, not the wake-up: sleeps run late
            await asyncio.sleep(slot - loop.time())

    async def send_safely(self, client: AsyncWebClient, message, resume: bool) -> str:
        if isinstance(message, (ReminderMessage, NoticeMessage, OfferMessage)):
            return await self._outbox(client, message, resume)
        if isinstance(message, FollowUpMessage):
            return await self._follow_up(client, message, resume)
        try:
            opened = await client.conversations_open(users=",".join(message.members))
            channel = opened["channel"]["id"]
            if resume:
                found = await self._posted(client, channel, message.nudge)
                if found:
                    return f"{channel}/{found}"
            posted = await client.chat_postMessage(
                channel=channel, text=fallback(message), blocks=blocks(message),
                metadata={"event_type": EVENT_TYPE, "event_payload": {"nudge": message.nudge}})
            return f"{channel}/{posted['ts']}"
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise DeliveryUncertain(f"nudge {message.nudge}: {exc}") from exc

    async def _follow_up(self, client: AsyncWebClient, message: FollowUpMessage,
                         resume: bool) -> str:
        channel = message.ref.split("/", 1)[0]
        try:
            if resume:
                found = await self._posted(client, channel, message.nudge, FOLLOW_UP_TYPE)
                if found:
                    return f"{channel}/{found}"
            posted = await client.chat_postMessage(
                channel=channel, text=follow_up_text(message), blocks=follow_up_blocks(message),
                metadata={"event_type": FOLLOW_UP_TYPE,
                          "event_payload": {"nudge": message.nudge}})
            return f"{channel}/{posted['ts']}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryUncertain(f"follow-up {message.nudge}: {exc}") from exc

    async def _outbox(self, client: AsyncWebClient,
                      message: ReminderMessage | NoticeMessage | OfferMessage, resume: bool) -> str:
        """A reminder or an offer of new times into the group DM the nudge went to; a notice
        into a DM with its person."""
        try:
            if isinstance(message, ReminderMessage):
                channel = (message.ref or "").split("/", 1)[0]
                text, shown = reminder_text(message), reminder_blocks(message)
            elif isinstance(message, OfferMessage):
                channel = (message.ref or "").split("/", 1)[0]
                text, shown = offer_text(message), offer_blocks(message)
            else:
                opened = await client.conversations_open(users=message.to)
                channel, text, shown = opened["channel"]["id"], notice_text_of(message), None
            if resume:
                found = await self._posted(client, channel, message.outbox, OUTBOX_TYPE, "outbox")
                if found:
                    return f"{channel}/{found}"
            posted = await client.chat_postMessage(
                channel=channel, text=text, **({"blocks": shown} if shown else {}),
                metadata={"event_type": OUTBOX_TYPE, "event_payload": {"outbox": message.outbox}})
            return f"{channel}/{posted['ts']}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryUncertain(f"outbox {message.outbox}: {exc}") from exc

    async def _posted(self, client: AsyncWebClient, channel: str, nudge: int,
                      kind: str = EVENT_TYPE, field: str = "nudge") -> str | None:
        """The ts of a message in `channel` whose metadata carries this id, if any."""
        history = await client.conversations_history(channel=channel, limit=50,
                                                          include_all_metadata=True)
        for item in history.get("messages", []):
            meta = item.get("metadata") or {}
            if meta.get("event_type") == kind and \
                    (meta.get("event_payload") or {}).get(field) == nudge:
                return item.get("ts")
        return None


# Builders: Block Kit and top-level text within Slack's limits (adapters/slack/block_kit.py). The text
# is what notifications and screen readers use, so it says who, when and where on its own.


def _retry_after(exc: SlackApiError) -> float:
    """Slack's Retry-After, in seconds (one when it gives none or something unreadable)."""
    headers = getattr(exc.response, "headers", None) or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), "1")
    value = value[0] if isinstance(value, list) and value else value
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return 1.0
