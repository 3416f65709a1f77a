"""What is due, computed from stored programs and rounds: a restart, a missed tick or a cadence
change needs no job surgery. APScheduler's CronTrigger is the cadence language."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from bot.core.programs import Program


def trigger(program: Program) -> CronTrigger:
    """The program's cadence as a CronTrigger in its own time zone (DST handled there)."""
    try:
        zone = ZoneInfo(program.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"program {program.name!r}: unknown time zone {program.timezone!r}"
                         ) from None
    return CronTrigger.from_crontab(program.cadence or "", timezone=zone)


def due_at(program: Program, since: datetime, now: datetime) -> datetime | None:
    """The latest fire time in (since, now], or None. Only the latest: a program whose rounds
    fell due several times while everything was down runs once, not once per missed week."""
    cron, latest = trigger(program), None
    fire = cron.get_next_fire_time(None, since + timedelta(microseconds=1))
    while fire is not None and fire <= now:
        latest = fire
        fire = cron.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return latest
