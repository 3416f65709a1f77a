"""Before a round's nudges go out: read the free/busy of every member who connected a calendar
and propose only times when all of them are free, inside everyone's hours (bot/core/plan.py).
Members without a calendar keep to their hours; the nudge records whose calendars were read.

Busy intervals live in memory for one nudge's computation and are dropped; nothing of anyone's
events is stored or logged. A refused grant falls back to hours and is marked, so the person is
told once how to reconnect; a provider that does not answer changes nothing (hours only).
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from dataclasses import replace
from datetime import datetime, timedelta

from bot.core.plan import find_slots, horizon_days
from bot.core.programs import program_from_dict
from bot.service import after_round
from bot.service.calendar_connect import CalendarSetup, sealed_json, tokens_of
from bot.service.calendar_port import CalendarRefused, CalendarUnavailable, Tokens
from bot.store import Store
from bot.store.calendar_checks import ToCheck
from bot.store.calendars import CalendarLink

LOG = logging.getLogger(__name__)
FRESH = timedelta(minutes=2)  # refresh an access token this close to its expiry
MARGIN = timedelta(hours=1)
IN_FLIGHT = 16  # nudges checked at once (their members' calendars are read at once too)
# Request starts a second per provider: Google allows 10,000 a minute per project (166 a
# second); Graph's calendar limits are per mailbox (10,000 per 10 minutes), and each person's
# free/busy is read with their own token (or, with an organisation's consent, the app's, which
# Graph also limits per mailbox), so only the app-wide ceiling applies there.
PACE = {"google": 150.0, "microsoft": 500.0}


async def check_calendars(store: Store, setup: CalendarSetup | None, now: datetime,
                          run) -> int:
    """Check the nudges waiting to go out; how many were checked. `run(fn, *args)` runs a
    store call off the event loop."""
    if setup is None or not setup.providers:
        return 0
    waiting: list[ToCheck] = await run(store.nudges_to_check)
    gate, paces = asyncio.Semaphore(IN_FLIGHT), {name: Pace(rate) for name, rate in PACE.items()}

    async def one(item: ToCheck) -> None:
        async with gate:
            await _check(store, setup, item, now, run, paces)

    await asyncio.gather(*(one(item) for item in waiting))
    return len(waiting)


async def _check(store: Store, setup: CalendarSetup, item: ToCheck, now: datetime, run,
                 paces: dict[str, Pace]) -> None:
    program = program_from_dict(item.settings)
    end = now + timedelta(days=horizon_days(program.days_ahead))  # as far as slots reach
    links = [link for m in item.members if setup.reads(link := item.links.get(m.id))]
    found = await asyncio.gather(*(_busy(store, setup, item.tenant, link, now, end, run,
                                         paces.get(link.provider)) for link in links))
    busy = [block for blocks in found if blocks is not None for block in blocks]
    read = [link.person for link, blocks in zip(links, found, strict=True) if blocks is not None]
    slots = None
    if read:
        turn = zlib.crc32("\x1f".join(m.id for m in item.members).encode())
        slots = tuple(find_slots(item.members, now, program.days_ahead, program.slot_minutes,
                                 program.slots_per_nudge, turn, busy)) or None
    await run(store.mark_checked, item.nudge, slots, read, now)


class Pace:
    """At most `rate` request starts a second (a provider's documented quota, with room)."""

    def __init__(self, rate: float) -> None:
        self.gap, self.next, self.lock = 1.0 / rate, 0.0, asyncio.Lock()

    async def wait(self) -> None:
        async with self.lock:
            loop = asyncio.get_running_loop()
            delay = self.next - loop.time()
            self.next = max(self.next, loop.time()) + self.gap
        if delay > 0:
            await asyncio.sleep(delay)


async def reminder_clashes(store: Store, setup: CalendarSetup | None, platform: str,
                           now: datetime, run) -> dict[int, tuple[str, ...]]:
    """Before the day-before reminders: per nudge, the members whose calendar now shows the
    agreed time busy (a meeting booked since). The invitation weaktie made fills exactly that
    time in their calendars, so a block of exactly the slot is not counted."""
    if setup is None or not setup.providers:
        return {}
    due = await run(lambda: list(after_round.reminders_due(store, platform, now)))
    found: dict[int, tuple[str, ...]] = {}
    for nudge, start, end in due:
        links = await run(store.calendars, nudge.tenant, list(nudge.members))
        busy = []
        for member in nudge.members:
            link = links.get(member)
            if not setup.reads(link):
                continue
            # asked with an hour's margin: a provider clips blocks to the window asked, and a
            # meeting reaching past the slot must not be clipped into the slot's exact shape
            blocks = await _busy(store, setup, nudge.tenant, link, start - MARGIN, end + MARGIN,
                                 run, now=now)
            if any(lo < end and start < hi and (lo, hi) != (start, end) for lo, hi in blocks or ()):
                busy.append(member)
        if busy:
            found[nudge.id] = tuple(busy)
    return found


async def _busy(store: Store, setup: CalendarSetup, tenant: str, link: CalendarLink,
                start: datetime, end: datetime, run,
                pace: Pace | None = None, now: datetime | None = None,
                ) -> list[tuple[datetime, datetime]] | None:
    """One member's busy intervals over [start, end), or None when their calendar could not
    be read; `now` (default: `start`) is when, for refreshing and marking a refusal."""
    now = now or start
    provider = setup.providers[link.provider]
    if pace is not None:
        await pace.wait()
    try:
        tokens = await fresh_tokens(store, setup, tenant, link, now, run)
        found = await provider.busy(tokens, (link.account,), start, end)
    except CalendarRefused:
        await run(store.calendar_refused, tenant, link.person, now)
        return None
    except CalendarUnavailable:
        LOG.info("calendar: %s did not answer; hours only for one member", link.provider)
        return None
    if link.account not in found:  # the provider could not read it: unknown, not all free
        return None
    return list(found[link.account])


async def fresh_tokens(store: Store, setup: CalendarSetup, tenant: str, link: CalendarLink,
                       now: datetime, run) -> Tokens:
    """The link's tokens, refreshed (and sealed again) when they are about to expire; for a
    link an organisation's grant makes, the app-only token for that Entra tenant, addressed to
    the person (a refusal there is the organisation's: its grant is marked and covers nobody)."""
    if link.organisation:
        try:
            app = await setup.organisation.app_tokens(link.organisation)
        except CalendarRefused:
            await run(store.organisation_refused, tenant, now)
            raise
        return replace(app, account=link.account)
    tokens = tokens_of(setup.box, link.sealed)
    if tokens.expires_at - FRESH > now:
        return tokens
    tokens = await setup.providers[link.provider].refresh(tokens)
    await run(store.reseal_calendar, tenant, link.person, setup.box.seal(sealed_json(tokens)))
    return tokens
