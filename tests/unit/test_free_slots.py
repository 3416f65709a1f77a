"""Slots around busy calendars (bot/core/plan.py find_slots with `busy`): inside everyone's
working hours, never over a busy block, across time zones and a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.model import Person
from bot.core.plan import find_slots

MONDAY = datetime(2026, 10, 19, 6, 0, tzinfo=UTC)  # Lisbon leaves summer time on Sunday 25 Oct
ANA = Person("UANA", timezone="Europe/Lisbon")
BEA = Person("UBEA", timezone="America/New_York", work_start=8 * 60, work_end=16 * 60)


def local(slot_time: datetime, person: Person) -> int:
    at = slot_time.astimezone(ZoneInfo(person.timezone))
    return at.hour * 60 + at.minute


def overlaps(slot, busy) -> bool:
    return any(slot.start < hi and lo < slot.end for lo, hi in busy)


def test_slots_step_around_a_busy_morning():
    free = find_slots([ANA], MONDAY, 5, 30, 3)
    busy = [(s.start - timedelta(hours=1), s.end + timedelta(hours=1)) for s in free]
    moved = find_slots([ANA], MONDAY, 5, 30, 3, busy=busy)
    assert len(moved) == 3 and not any(overlaps(s, busy) for s in moved)
    assert all(local(s.start, ANA) >= 9 * 60 and local(s.end, ANA) <= 17 * 60 for s in moved)


def test_a_week_busy_from_end_to_end_gives_no_slot_and_never_widens_the_hours():
    busy = [(MONDAY, MONDAY + timedelta(days=21))]
    assert find_slots([ANA, BEA], MONDAY, 5, 30, 3, busy=busy) == []
    # without calendars, Lisbon and New York share 13:00-17:00 Lisbon (08:00-12:00 New York)
    assert len(find_slots([ANA, BEA], MONDAY, 5, 30, 3)) == 3


def test_a_busy_block_after_the_clocks_change_is_kept_clear_in_local_time():
    # Monday 26 Oct: Lisbon is on winter time (UTC+0), New York still on summer time (UTC-4)
    # until 1 Nov, so they share 12:00-17:00 UTC that day; a calendar busy for all of it
    monday = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)
    busy = [(monday, monday + timedelta(hours=5))]
    found = find_slots([ANA, BEA], datetime(2026, 10, 26, 6, 0, tzinfo=UTC), 2, 30, 3, busy=busy)
    assert found and not any(overlaps(s, busy) for s in found)
    assert all(s.start.date() != monday.date() for s in found)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 14 * 24 * 4), st.integers(1, 16)), max_size=30))
def test_no_slot_ever_lies_over_a_busy_block_or_outside_anyones_hours(blocks):
    busy = [(MONDAY + timedelta(minutes=15 * q), MONDAY + timedelta(minutes=15 * (q + n)))
            for q, n in blocks]
    for slot in find_slots([ANA, BEA], MONDAY, 5, 30, 3, busy=busy):
        assert not overlaps(slot, busy)
        for person in (ANA, BEA):
            assert person.work_start <= local(slot.start, person)
            assert local(slot.end, person) <= person.work_end
