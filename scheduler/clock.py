"""The clock: one APScheduler heartbeat job. Safe settings (PLATFORM-NOTES): coalesce missed
runs, never two at once, no grace limit; the job holds no state, the database does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.service.after_round import Fruitless
from bot.service.outbound import ChatAdapter
from scheduler.jobs import tick

HEARTBEAT_SECONDS = 60


def clock(store, senders: Mapping[str, ChatAdapter],
          now: Callable[[], datetime] = lambda: datetime.now(UTC),
          every: float = HEARTBEAT_SECONDS, calendars=None, profiles=None) -> AsyncIOScheduler:
    """A scheduler (not started) that ticks every `every` seconds; `calendars`: the calendar
    providers configured, if any (their free/busy shapes the slots of nudges about to go);
    `profiles`: Slack's profile reader, if any (teams from a profile field)."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    fruitless = Fruitless()  # this process's memory, kept from tick to tick

    async def heartbeat() -> None:
        await tick(store, senders, now(), fruitless, calendars, profiles)

    scheduler.add_job(heartbeat, "interval", seconds=every, id="heartbeat",
                      coalesce=True, max_instances=1, misfire_grace_time=None,
                      next_run_time=now())
    return scheduler
