"""Real invitations (issue 14): once every member of a group accepts the same time, one event
is created in the organiser's calendar (the first member, in the group's order, whose calendar
is connected and who still comes), with the others as attendees and the venue as the location.
The `.ics` link of the confirmation stays, for people without a calendar.

The event stays true to the meetup: a pair's decline cancels it; a decline in a group of three
or four, who still meet, updates who is invited; an organiser who declines, disconnects their
calendar or is forgotten hands it on (cancelled in their calendar, made again in the next
member's), because weaktie could not keep an event true in a calendar it can no longer reach.

Exactly once: the clock creates the event with a key the provider makes idempotent (Graph's
transactionId, Google's client-chosen event id), so a crash between the provider's answer and
our write finds the same event on the next tick, never a second one. A new event for the same
meetup (a new organiser) has a new key: `attempt` is part of it.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime

from bot.service.calendar_connect import CalendarSetup
from bot.service.calendar_port import CalendarRefused, CalendarUnavailable, Meeting
from bot.service.calendar_slots import fresh_tokens
from bot.service.click_texts import nudge_language
from bot.service.language import texts
from bot.store import Store
from bot.store.calendar_events import LIVE, Invitation

LOG = logging.getLogger(__name__)


def title(language: str | None) -> str:
    """The event's title in the language most of the group reads (readers.group_language):
    ours, since an invitation holds no one's words."""
    return texts(language).gettext("Coffee (suggested by weaktie)")


def plan_on_agreement(store: Store, setup: CalendarSetup | None, tenant: str, nudge: int,
                      slot: int, now: datetime) -> bool:
    """Everyone accepted `slot`: plan the invitation (or move the one made to the new time), if
    a member has a calendar to hold it."""
    if setup is None or not setup.providers:
        return False
    found = store.nudge(tenant, nudge)
    if found is None:
        return False
    links = store.calendars(tenant, list(found.members))
    organiser = next((m for m in found.members if setup.reads(links.get(m))), None)
    return organiser is not None and store.plan_invitation(tenant, nudge, organiser, slot, now)


def on_decline(store: Store, tenant: str, nudge: int, who: str, now: datetime) -> None:
    """A member declined, perhaps after everyone accepted: a group that no longer meets (fewer
    than two still coming) loses its event; one that still meets updates it, or hands it on
    when the organiser is the one not coming."""
    found = store.nudge(tenant, nudge)
    if found is None:
        return
    said = store.answers(tenant, nudge)
    coming = [m for m in found.members if _coming(said, m)]
    if len(coming) < 2:
        store.change_invitation(tenant, nudge, "cancel", now)
        return
    organiser = store.invitation_organiser(tenant, nudge)
    store.change_invitation(tenant, nudge, "move" if organiser == who else "update", now)


async def hand_on(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                  now: datetime, run) -> int:
    """Before `person`'s tokens go (`calendar disconnect`, `forget me`): cancel the events of
    meetups still ahead that they hold, and plan each again for the next member who comes and
    has a calendar (nobody: the meetup keeps its `.ics` link). How many were handed on."""
    if setup is None:
        return 0
    held = await run(store.invitations_organised_by, tenant, person)
    link = (await run(store.calendars, tenant, [person])).get(person)
    provider = setup.providers.get(link.provider) if link else None
    handed, tokens = 0, None
    for item in held:
        nudge = await run(store.nudge, tenant, item.nudge)
        if nudge is None or not 0 <= item.slot < len(nudge.slots) or \
                nudge.slots[item.slot].end <= now:
            continue  # a meetup that has happened keeps its event: it is history
        if item.state in LIVE and item.event_id and provider is not None:
            with contextlib.suppress(CalendarRefused, CalendarUnavailable):
                # read (and refreshed) once for all the events they hold
                tokens = tokens or await fresh_tokens(store, setup, tenant, link, now, run)
                await provider.cancel_event(tokens, item.event_id)
        said = await run(store.answers, tenant, item.nudge)
        off = item.state == "cancel"  # the meetup was off already: nothing to plan again
        successor = None if off else _organiser(setup, item, said, without=person)
        handed += await run(store.hand_over_invitation, tenant, item.nudge, item.state,
                            successor, now)
    return handed


async def send_invitations(store: Store, setup: CalendarSetup | None, now: datetime,
                           run) -> int:
    """Make, change and cancel the events due; how many were done."""
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


def _coming(said: dict, member: str) -> bool:
    """Whether a member still comes: anything but a decline (store.answers: kind first)."""
    return said.get(member, ("",))[0] != "declined"


def _organiser(setup: CalendarSetup, item: Invitation, said: dict,
               without: str | None = None) -> str | None:
    """The first member, in the group's order, who still comes and whose calendar is read."""
    return next((m for m in item.members if m != without
                 and _coming(said, m) and setup.reads(item.links.get(m))),
                None)


async def _one(store: Store, setup: CalendarSetup, item: Invitation, now: datetime, run) -> int:
    said = await run(store.answers, item.tenant, item.nudge)
    organiser = item.organiser
    if item.state == "planned" and (not _coming(said, organiser)
                                    or not setup.reads(item.links.get(organiser))):
        organiser = _organiser(setup, item, said)  # the planned organiser left: the next one
        await run(store.hand_over_invitation, item.tenant, item.nudge, "planned", organiser, now)
        if organiser is None:
            return 0
    link = item.links.get(organiser)
    if link is None or link.provider not in setup.providers:  # disconnected outside hand_on
        await run(store.invitation_done, item.nudge, item.state, "failed", now)
        return 0
    provider = setup.providers[link.provider]
    tokens = await fresh_tokens(store, setup, item.tenant, link, now, run)
    if item.state in ("cancel", "move"):
        if item.event_id:
            await provider.cancel_event(tokens, item.event_id)
        if item.state == "cancel":
            return int(await run(store.invitation_done, item.nudge, "cancel", "cancelled", now))
        return int(await run(store.hand_over_invitation, item.tenant, item.nudge, "move",
                             _organiser(setup, item, said, without=organiser), now))
    meeting = await _meeting(store, item, organiser, said, run)
    if meeting is None:
        await run(store.invitation_done, item.nudge, item.state, "failed", now)
        return 0
    if item.state == "update" and item.event_id:
        await provider.update_event(tokens, item.event_id, meeting)
        return int(await run(store.invitation_done, item.nudge, "update", "created", now))
    if item.state != "planned":  # an update with no event to update: nothing is known of it
        await run(store.invitation_done, item.nudge, item.state, "failed", now)
        return 0
    event = await provider.create_event(tokens, meeting)
    if await run(store.invitation_done, item.nudge, "planned", "created", now, event):
        return 1
    if await run(store.invitation_of, item.nudge) == ("cancelled", None):
        # declined while the provider was making it: cancel what it made, on the next tick
        await run(store.invitation_done, item.nudge, "cancelled", "cancel", now, event)
    return 0


async def _meeting(store: Store, item: Invitation, organiser: str, said: dict,
                   run) -> Meeting | None:
    """The event as it should now be: the agreed time, the venue, and as attendees the members
    still coming whose calendar address is known."""
    nudge = await run(store.nudge, item.tenant, item.nudge)
    if nudge is None or not 0 <= item.slot < len(nudge.slots):
        return None
    slot = nudge.slots[item.slot]
    guests = tuple(item.links[m].account for m in item.members
                   if m != organiser and m in item.links and _coming(said, m))
    key = f"weaktie:{item.tenant}:{item.nudge}:{item.slot}"
    # the first event keeps the key it always had; one made again gets its own
    key += f":{item.attempt}" if item.attempt else ""
    language = await run(nudge_language, store, item.tenant, item.nudge)
    return Meeting(key, slot.start, slot.end, title(language), nudge.place or "", guests)
