"""Another time, end to end (tests/adapters/test_another_time*.py): a clock the app and the
clock share, busy blocks for a calendar stand-in, what a slot is in someone's own day, and
what the store holds of answers and offers (to show that a refusal wrote nothing)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.core.model import Slot
from bot.store.schema import feedback, nudges, outbox


class Clock:
    """The service's `now` (build(..., now=clock)), moved by the test between ticks."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def busy_daily(start: datetime, days: int, hours: tuple[int, int]) -> list[tuple[datetime, datetime]]:
    """Busy every day from `start` for `days` days, from hours[0] to hours[1] UTC."""
    midnight = start.replace(hour=0, minute=0)
    return [(midnight + timedelta(days=d, hours=hours[0]),
             midnight + timedelta(days=d, hours=hours[1])) for d in range(days)]


def within(slot: Slot, zone: str, start: int, end: int) -> bool:
    """Whether the slot lies inside local hours [start, end) (minutes) on a weekday there."""
    local = slot.start.astimezone(ZoneInfo(zone))
    begins = local.hour * 60 + local.minute
    length = (slot.end - slot.start).total_seconds() // 60
    return local.weekday() < 5 and begins >= start and begins + length <= end


def clear_of(slot: Slot, busy) -> bool:
    return not any(slot.start < hi and lo < slot.end for lo, hi in busy)


def written(store) -> tuple[int, int, str]:
    """(answers, outbox rows, every nudge's slots): what a refused click must leave as it was."""
    with store.engine.connect() as conn:
        answers = conn.scalar(select(func.count()).select_from(feedback))
        rows = conn.scalar(select(func.count()).select_from(outbox))
        slots = str(list(conn.execute(select(nudges.c.id, nudges.c.slots).order_by(nudges.c.id))))
    return answers, rows, slots


def offers(store, tenant: str) -> list:
    return [row for row in store.outbox(tenant) if row.kind == "offer"]
