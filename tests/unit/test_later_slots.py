"""Another time (bot/core/later.py later_slots, and the button value it is asked with): the next
times after a nudge's own, inside everyone's hours and work days in their own time zones,
within the horizon, never over a busy block."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.later import later_slots
from bot.core.model import Person
from bot.core.plan import find_slots, horizon_days
from bot.service.another_time import parse_value
from bot.service.outbound import LATER, MAX_OFFERS, Button

MONDAY = datetime(2026, 10, 19, 6, 0, tzinfo=UTC)  # Lisbon leaves summer time on Sunday 25 Oct
ANA = Person("UANA", timezone="Europe/Lisbon")
BEA = Person("UBEA", timezone="America/New_York", work_start=8 * 60, work_end=16 * 60)
DEE = Person("UDEE", timezone="Asia/Tokyo", workdays=(0, 1, 2, 3))  # no Fridays


def local(moment: datetime, person: Person) -> datetime:
    return moment.astimezone(ZoneInfo(person.timezone))


def inside_hours(slot, person: Person) -> bool:
    start = local(slot.start, person)
    begins = start.hour * 60 + start.minute
    length = (slot.end - slot.start).total_seconds() // 60  # no clock changes inside working hours
    return (start.weekday() in person.workdays and begins >= person.work_start
            and begins + length <= person.work_end)


def overlaps(slot, busy) -> bool:
    return any(slot.start < hi and lo < slot.end for lo, hi in busy)


def test_the_next_times_come_after_the_nudges_own_one_a_day_inside_both_days():
    own = find_slots([ANA, BEA], MONDAY, 5, 30, 3)
    new = later_slots([ANA, BEA], MONDAY, own[-1].end, 5, 30, 3)
    assert len(new) == 3 and all(s.start >= own[-1].end for s in new)
    assert all(inside_hours(s, p) for s in new for p in (ANA, BEA))
    assert len({s.start.date() for s in new}) == 3  # the next three days that have a time
    assert new == sorted(new, key=lambda s: s.start)


def test_busy_blocks_of_a_connected_member_are_stepped_around():
    after = MONDAY + timedelta(days=2)
    free = later_slots([ANA, BEA], MONDAY, after, 5, 30, 3)
    busy = [(s.start - timedelta(minutes=45), s.end + timedelta(minutes=45)) for s in free]
    moved = later_slots([ANA, BEA], MONDAY, after, 5, 30, 3, busy=busy)
    assert len(moved) == 3 and not any(overlaps(s, busy) for s in moved)


def test_nothing_fits_when_calendars_are_full_to_the_horizon_or_no_work_day_is_shared():
    busy = [(MONDAY, MONDAY + timedelta(days=horizon_days(5) + 1))]
    assert later_slots([ANA, BEA], MONDAY, MONDAY, 5, 30, 3, busy=busy) == []
    weekend = Person("UWEN", workdays=(5, 6))
    assert later_slots([ANA, weekend], MONDAY, MONDAY, 5, 30, 3) == []
    # past the horizon there is nothing to offer
    assert later_slots([ANA], MONDAY, MONDAY + timedelta(days=horizon_days(5)), 5, 30, 3) == []


zones = st.sampled_from(["Europe/Lisbon", "America/New_York", "Asia/Tokyo", "Australia/Sydney",
                         "Asia/Kolkata", "UTC"])
people = st.builds(lambda i, zone, start, length, days: Person(
    f"U{i}", timezone=zone, work_start=start * 30, work_end=min(24 * 60, start * 30 + length * 30),
    workdays=tuple(sorted(days))), st.integers(0, 9), zones, st.integers(10, 30),
    st.integers(2, 20), st.sets(st.integers(0, 6), min_size=1))


@settings(max_examples=80, deadline=None)
@given(st.lists(people, min_size=1, max_size=4), st.integers(0, 20 * 24 * 4),
       st.integers(0, 30 * 24 * 4),
       st.lists(st.tuples(st.integers(0, 20 * 24 * 4), st.integers(1, 48)), max_size=20),
       st.integers(1, 10), st.sampled_from([15, 30, 45]))
def test_every_new_time_suits_everyone_comes_after_and_stays_in_the_horizon(
        members, now_q, after_q, blocks, days_ahead, minutes):
    now = MONDAY + timedelta(minutes=15 * now_q)
    after = MONDAY + timedelta(minutes=15 * after_q)
    busy = [(MONDAY + timedelta(minutes=15 * q), MONDAY + timedelta(minutes=15 * (q + n)))
            for q, n in blocks]
    found = later_slots(members, now, after, days_ahead, minutes, 3, busy=busy)
    assert len(found) <= 3
    for slot in found:
        assert slot.end - slot.start == timedelta(minutes=minutes)
        assert slot.start >= after and slot.start >= now + timedelta(hours=2)
        assert slot.end <= now + timedelta(days=horizon_days(days_ahead))
        assert not overlaps(slot, busy)
        assert all(inside_hours(slot, p) for p in members)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@given(st.text(max_size=30))
def test_an_another_time_value_is_read_or_refused_never_raises(value):
    found = parse_value(value)
    assert found is None or (0 <= found[0] < 2**31 and 0 <= found[1] <= MAX_OFFERS)


@given(st.integers(1, 2**31 - 1), st.integers(0, MAX_OFFERS))
def test_an_another_time_button_reads_back_as_the_offer_it_follows(nudge, after):
    assert parse_value(Button("Another time", LATER, nudge, after=after).value) == (nudge, after)


def test_values_that_are_not_an_another_time_are_refused():
    for value in ("", "x", "12:", ":1", "12:3", "12:1:1", "-1", "12:-1", "１２", "99999999999"):
        assert parse_value(value) is None, value
