"""Proactive cards to one person at a time, paced per tenant and retried after a 429 or a 5xx
(Teams kept nothing); a broken connection is DeliveryUncertain (Teams may have it).
"""

from __future__ import annotations

import asyncio

from aiohttp import ClientError
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Attachment, ConversationReference
from msrest.exceptions import ClientException, ClientRequestError, HttpOperationError

from adapters.teams.render import follow_up_card, notice_card, nudge_card, offer_card, reminder_card
from bot.service.outbound import (
    DeliveryUncertain,
    FollowUpMessage,
    NoticeMessage,
    OfferMessage,
    Recipient,
    ReminderMessage,
)

PER_SECOND = 10  # Teams' default pace per tenant
CARD = "application/vnd.microsoft.card.adaptive"
RETRIES = 3  # after a 429 or a 5xx, with backoff


class TeamsNudges:
    """The ChatAdapter for Teams: the bot cannot open a group chat, so each member gets a 1:1
    card, proactively. The service runs each member's delivery states (bot/service/
    delivery.py); this posts one card to one person, paced and retried."""

    shared_conversation = False  # a group's reminder goes to each member: one outbox row each
    platform = "teams"

    def __init__(self, adapter: CloudAdapter, app_id: str) -> None:
        self.adapter, self.app_id = adapter, app_id
        self.locks: dict[str, asyncio.Lock] = {}
        self.last: dict[str, float] = {}

    async def send_to(self, message, to: Recipient) -> None:
        if isinstance(message, FollowUpMessage):
            card = follow_up_card(message, to.names, to.member)
            what = f"nudge {message.nudge} to {to.member}"
        elif isinstance(message, ReminderMessage):
            card, what = reminder_card(message, to.names, to.member), f"outbox {message.outbox}"
        elif isinstance(message, OfferMessage):
            card, what = offer_card(message, to.names, to.member), f"outbox {message.outbox}"
        elif isinstance(message, NoticeMessage):
            card, what = notice_card(message), f"outbox {message.outbox}"
        else:
            card = nudge_card(message, to.names, to.member, to.sign_ins)
            what = f"nudge {message.nudge} to {to.member}"
        await self._post(message.tenant, to.reference, Attachment(content_type=CARD,
                                                                  content=card), what)

    async def _post(self, tenant: str, ref: dict, attachment: Attachment, what: str) -> None:
        """One card to one conversation; a 429 or 5xx is retried (Teams kept nothing)."""
        async def deliver(turn_context: TurnContext) -> None:
            await turn_context.send_activity(MessageFactory.attachment(attachment))

        for attempt in range(RETRIES + 1):
            await self._pace(tenant)
            try:
                await self.adapter.continue_conversation(
                    ConversationReference().deserialize(ref), deliver, self.app_id)
                return
            except HttpOperationError as exc:
                status = getattr(exc.response, "status_code", None) or \
                    getattr(exc.response, "status", None)
                if status not in (429, 500, 502, 503, 504) or attempt == RETRIES:
                    raise
                # Teams did not take it (throttled or down): waiting and trying again is safe.
                await asyncio.sleep(_retry_after(exc.response, attempt))
            except (OSError, TimeoutError, ClientRequestError) as exc:
                # The connection broke (msrest wraps aiohttp's errors): Teams may have it.
                raise DeliveryUncertain(f"{what}: {exc}") from exc

    async def _pace(self, tenant: str) -> None:
        """At most PER_SECOND sends a second per tenant (Teams allows about that by default)."""
        lock = self.locks.setdefault(tenant, asyncio.Lock())
        async with lock:
            loop = asyncio.get_running_loop()
            wait = self.last.get(tenant, 0.0) + 1 / PER_SECOND - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self.last[tenant] = loop.time()


# What a failed call to the Bot Connector (a reply, a roster page) raises: msrest's errors
# (HttpOperationError, ClientRequestError, ValidationError), aiohttp's and the socket's.
OUTBOUND = (ClientException, ClientError, OSError, TimeoutError)


def _retry_after(response, attempt: int) -> float:
    """Retry-After when Teams gives one, else exponential backoff from half a second."""
    headers = getattr(response, "headers", None) or {}
    try:
        return min(30.0, float(headers.get("Retry-After")))
    except (TypeError, ValueError):
        return 0.5 * 2 ** attempt
