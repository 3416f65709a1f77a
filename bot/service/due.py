"""What is due, computed from stored programs and rounds: a restart, a missed tick or a cadence
change needs no job surgery. APScheduler's CronTrigger is the cadence language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from bot.core.cadence import cron_fields
from bot.core.programs import Program


def trigger(program: Program) -> CronTrigger:
    """The program's cadence as a CronTrigger in its own time zone (DST handled there)."""
    try:
        zone = ZoneInfo(program.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"program {program.name!r}: unknown time zone {program.timezone!r}"
                         ) from None
    return CronTrigger(**cron_fields(program.cadence or ""), timezone=zone)


def due_at(program: Program, since: datetime, now: datetime) -> datetime | None:
    """The latest fire time in (since, now], in UTC, or None. Only the latest: a program whose
    rounds fell due several times while everything was down runs once, not once per missed week.
    UTC because a local time in the repeated hour never equals a time in another zone (PEP 495)."""
    cron, latest = trigger(program), None
    fire = _next(cron, since)
    while fire is not None and fire <= now:
        if not _repeated(fire, cron.timezone):
            latest = fire
        fire = _next(cron, fire)
    return None if latest is None else latest.astimezone(UTC)


def _next(cron: CronTrigger, after: datetime) -> datetime | None:
    # Step in UTC: local arithmetic drops `fold`, so a microsecond after the second 01:30 of a
    # night the clocks go back is the first 01:30 again, and the search never gets past it.
    return cron.get_next_fire_time(None, after.astimezone(UTC) + timedelta(microseconds=1))


def _repeated(fire: datetime, zone) -> bool:
    """When the clocks go back, CronTrigger fires at a wall time in the repeated hour twice (e.g.
    01:30 in Lisbon on the last Sunday of October, an hour apart): only the first one counts,
    or a program would plan two rounds that day."""
    return fire.astimezone(UTC).astimezone(zone).fold == 1  # to its own zone is a no-op: via UTC
