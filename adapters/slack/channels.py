"""Channel names as Slack says them now, learned from events or asked once per channel
(conversations.info, off the request's path): a tie's reason can name the channel people share.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from adapters.slack.background import Background
from adapters.slack.events import slack_id

LOG = logging.getLogger("weaktie.slack")

MAX_CHANNEL_NAME = 80  # Slack's own limit on a channel's name
LOOKUP_TIMEOUT = 10  # seconds for one conversations.info, off the request's path


def unnamed_channel(body: dict) -> str | None:
    """The channel of a message or a join that may need its name looked up (not a DM, whose
    "name" would be a person's, nor a group DM, whose name lists people)."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    if event.get("type") not in ("message", "member_joined_channel"):
        return None
    if event.get("channel_type") in ("im", "mpim"):
        return None
    channel = event.get("channel")
    return channel if slack_id(channel) and not channel.startswith("D") else None


def channel_name(channel: Any) -> tuple[str, str] | None:
    """(id, name) of a channel object (channel_created, channel_rename, group_rename,
    conversations.info's answer) naming a channel, not a DM or a group DM."""
    if not isinstance(channel, dict) or not slack_id(channel.get("id")):
        return None
    name = channel.get("name")
    if not isinstance(name, str) or not 0 < len(name) <= MAX_CHANNEL_NAME or \
            channel.get("is_im") is True or channel.get("is_mpim") is True:
        return None
    return channel["id"], name


class ChannelNames:
    """Channel names as Slack says them now. Per process, each channel is asked about once
    (conversations.info, after the event is acknowledged; a failure is not retried, so a
    missing scope costs one call, not one per message), and a name learned from an event
    saves asking."""

    def __init__(self, save: Callable[[str, dict[str, str]], Awaitable[None]],
                 remembered: int = 100_000) -> None:
        self.save, self.remembered = save, remembered
        self.known: set[tuple[str, str]] = set()
        self.asking = Background()

    async def learn(self, tenant: str, channel: str, name: str) -> None:
        self._remember(tenant, channel)
        await self.save(tenant, {channel: name})

    def look_up(self, client, tenant: str, channel: str) -> None:
        if (tenant, channel) in self.known:
            return
        self._remember(tenant, channel)
        self.asking.start(self._ask(client, tenant, channel))

    async def _ask(self, client, tenant: str, channel: str) -> None:
        try:
            answer = await asyncio.wait_for(client.conversations_info(channel=channel),
                                            LOOKUP_TIMEOUT)
            found = channel_name(answer.get("channel"))
            if found and found[0] == channel:
                await self.save(tenant, {channel: found[1]})
        except Exception as exc:  # noqa: BLE001 - a missing scope, Slack down: no name yet
            LOG.warning("conversations.info failed: %s", type(exc).__name__)

    def _remember(self, tenant: str, channel: str) -> None:
        if len(self.known) >= self.remembered:  # bounded: forgetting only costs a new ask
            self.known.clear()
        self.known.add((tenant, channel))
