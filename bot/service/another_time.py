""""Another time": a member of a nudge asks, and the next times that suit everyone go to the
whole group as new Accept buttons (issue 14).

The times come after the nudge's own, inside every member's working hours in their own time
zone, within the program's horizon, and free in every connected calendar (read now, as the
round's check reads them; members without one keep to their hours). They are appended to the
nudge's slots, so an Accept of the new slot i is an Accept like any other and everyone
accepting it is an agreement. The offer is an outbox row the clock sends once: into the
group's conversation where there is one (Slack's group DM), else one card per member (Teams).

Which offer a click asks for comes with the button (`Button.after`): a second click on the
same button, the partner's click at the same moment, or a platform's retry ask for the same
offer and find it made. At most MAX_OFFERS offers; after that people say a time in their chat.
"""

from __future__ import annotations

import asyncio
import zlib
from datetime import datetime, timedelta

from bot.core.later import later_slots
from bot.core.plan import horizon_days
from bot.core.programs import ProgramError, program_from_dict
from bot.errors import WeaktieError
from bot.service.calendar_connect import CalendarSetup
from bot.service.calendar_slots import _busy
from bot.service.click_texts import (
    answered_text,
    no_more_text,
    no_time_text,
    not_member_text,
    sorry_text,
    unclear_text,
)
from bot.service.language import Texts, texts
from bot.service.outbound import MAX_OFFERS
from bot.store import Store
from bot.store.offers import OfferContext

PER_OFFER = 3  # new times in one offer
# Platforms whose nudge went to one conversation of the whole group (a Slack group DM); on the
# others (Teams, where a bot cannot open a group chat) each member got their own copy.
GROUP_CONVERSATION = frozenset({"slack"})
READ_WITHIN = 2.5  # seconds for the calendars: Slack wants a click answered within 3


def parse_value(value: str) -> tuple[int, int] | None:
    """(nudge, offers the clicked message follows) from an Another time button's value: "12"
    (the nudge itself) or "12:1" (the first offer's message); None for anything else."""
    nudge, colon, after = value.partition(":")
    if not _number(nudge, 2**31 - 1) or (colon and not _number(after, MAX_OFFERS)):
        return None
    return int(nudge), int(after) if colon else 0


def _number(text: str, largest: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= largest


async def another_time(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                       platform: str, value: str, now: datetime, run,
                       says: Texts | None = None) -> str:
    """The clicker's answer; the offer, when there is one, is planned for the clock to send.
    Refused (nothing written): a value that is not ours, a nudge the person is not in, a
    nudge that had every offer it may have. Answered in `says`' language."""
    says = says or texts(None)
    parsed = parse_value(value)
    if parsed is None:
        return unclear_text(says)
    nudge_id, after = parsed
    found: OfferContext | None = await run(store.offer_context, tenant, nudge_id)
    if found is None or person not in found.nudge.members:
        return not_member_text(person, nudge_id, says)
    if found.offers >= MAX_OFFERS:
        return no_more_text(found.offers, says)
    try:
        await run(store.record_feedback, tenant, nudge_id, person, "another_time", now)
    except WeaktieError as exc:
        return sorry_text(exc, says)
    # the time everyone had agreed on is no longer agreed: its invitation goes (a new agreement
    # makes a new one), rather than standing in everyone's calendar at a time not meant
    await run(store.change_invitation, tenant, nudge_id, "cancel", now)
    if after < found.offers:  # that offer was made (a double click, the partner's click)
        return answered_text("another_time", says)
    try:
        program = program_from_dict(found.settings)
    except ProgramError:
        program = program_from_dict({})
    new, read = await _new_times(store, setup, tenant, found, program, now, run)
    if not new:
        return no_time_text(horizon_days(program.days_ahead), says)
    nudge = found.nudge
    payload = {"members": list(nudge.members), "ref": nudge.delivery_ref, "calendars": read,
               "slots": [[s.start.isoformat(), s.end.isoformat()] for s in new]}
    to = [None] if platform in GROUP_CONVERSATION else list(nudge.members)
    await run(store.add_offer, tenant, nudge_id, found.offers + 1, tuple(new), payload, to, now)
    return answered_text("another_time", says)  # made now, or by a twin that got there first


async def _new_times(store: Store, setup: CalendarSetup | None, tenant: str,
                     found: OfferContext, program, now: datetime, run):
    """The new slots, and whose calendars they heed."""
    nudge = found.nudge
    end = now + timedelta(days=horizon_days(program.days_ahead))
    links = await run(store.calendars, tenant, list(nudge.members)) if setup else {}
    readable = [links[m] for m in nudge.members if setup and setup.reads(links.get(m))]

    async def in_time(link):
        try:
            return await asyncio.wait_for(_busy(store, setup, tenant, link, now, end, run),
                                          READ_WITHIN)
        except TimeoutError:  # too slow to answer the click in time: hours only, as when down
            return None

    blocks = await asyncio.gather(*(in_time(link) for link in readable))
    busy = [b for found_blocks in blocks if found_blocks is not None for b in found_blocks]
    read = [link.person for link, b in zip(readable, blocks, strict=True) if b is not None]
    after = max((s.end for s in nudge.slots), default=now)
    turn = zlib.crc32("\x1f".join(nudge.members).encode())
    slots = later_slots(found.people, now, after, program.days_ahead, program.slot_minutes,
                        PER_OFFER, turn, busy)
    return slots, read
