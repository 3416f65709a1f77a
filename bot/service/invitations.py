"""Real invitations (issue 14): once every member of a group accepts the same time, one event
is created in the organiser's calendar (the first member, in the group's order, whose calendar
is connected), with the others as attendees and the venue as the location; a member declining
afterwards cancels it. The `.ics` link of the confirmation stays, for people without a calendar.

Exactly once: the clock creates the event with a key the provider makes idempotent (Graph's
transactionId, Google's client-chosen event id), so a crash between the provider's answer and
our write finds the same event on the next tick, never a second one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.service.calendar_connect import CalendarSetup
from bot.service.calendar_port import CalendarRefused, CalendarUnavailable, Meeting
from bot.service.calendar_slots import fresh_tokens
from bot.store import Store
from bot.store.calendar_events import Invitation

LOG = logging.getLogger(__name__)
TITLE = "Coffee (suggested by weaktie)"  # ours: an invitation holds no one's words


def plan_on_agreement(store: Store, setup: CalendarSetup | None, tenant: str, nudge: int,
                      slot: int, now: datetime) -> bool:
    """Everyone accepted `slot`: plan the invitation, if a member has a calendar to hold it."""
    if setup is None or not setup.providers:
        return False
    found = store.nudge(tenant, nudge)
    if found is None:
        return False
    links = store.calendars(tenant, list(found.members))
    organiser = next((m for m in found.members if setup.reads(links.get(m))), None)
    return organiser is not None and store.plan_invitation(tenant, nudge, organiser, slot, now)


async def send_invitations(store: Store, setup: CalendarSetup | None, now: datetime,
                           run) -> int:
    """Create the planned events and cancel the ones to cancel; how many were done."""
    if setup is None or not setup.providers:
        return 0
    done = 0
    for item in await run(store.invitations_due):
        try:
            done += await _one(store, setup, item, now, run)
        except CalendarRefused:
            link = item.links.get(item.organiser)
            if link is not None:
                await run(store.calendar_refused, item.tenant, link.person, now)
            await run(store.invitation_done, item.nudge, item.state, "failed", now)
        except CalendarUnavailable:
            LOG.info("calendar: an invitation waits for its provider (nudge %d)", item.nudge)
    return done


async def _one(store: Store, setup: CalendarSetup, item: Invitation, now: datetime, run) -> int:
    link = item.links.get(item.organiser)
    if link is None or link.provider not in setup.providers:  # disconnected since
        await run(store.invitation_done, item.nudge, item.state, "failed", now)
        return 0
    provider = setup.providers[link.provider]
    tokens = await fresh_tokens(store, setup, item.tenant, link, now, run)
    if item.state == "cancel":
        if item.event_id:
            await provider.cancel_event(tokens, item.event_id)
        return int(await run(store.invitation_done, item.nudge, "cancel", "cancelled", now))
    nudge = await run(store.nudge, item.tenant, item.nudge)
    if nudge is None or not 0 <= item.slot < len(nudge.slots):
        await run(store.invitation_done, item.nudge, "planned", "failed", now)
        return 0
    slot = nudge.slots[item.slot]
    guests = tuple(item.links[m].account for m in item.members
                   if m != item.organiser and m in item.links)
    meeting = Meeting(f"weaktie:{item.tenant}:{item.nudge}:{item.slot}", slot.start, slot.end,
                      TITLE, nudge.place or "", guests)
    event = await provider.create_event(tokens, meeting)
    if await run(store.invitation_done, item.nudge, "planned", "created", now, event):
        return 1
    if await run(store.invitation_of, item.nudge) == ("cancelled", None):
        # declined while the provider was making it: cancel what it made, on the next tick
        await run(store.invitation_done, item.nudge, "cancelled", "cancel", now, event)
    return 0
