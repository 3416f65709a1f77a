"""Meetup plans on plain data: slots inside everyone's hours, across zones and DST, and places."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.model import Group, Person, Slot
from bot.core.plan import find_slots, plan_nudges
from bot.core.programs import Program
from bot.core.reasons import Reason
from tests.helpers.reasons import english

THURSDAY = datetime(2026, 10, 29, 10, 0, tzinfo=UTC)  # New York still on EDT until Sunday
FRIDAY_EVENING = datetime(2026, 11, 6, 16, 0, tzinfo=UTC)


def person(pid: str, timezone: str = "UTC", start: str = "09:00", end: str = "17:00",
           office: str | None = None) -> Person:
    return Person(pid, timezone=timezone, work_start=minutes(start), work_end=minutes(end),
                  office=office)


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def local(moment: datetime, who: Person) -> datetime:
    return moment.astimezone(ZoneInfo(who.timezone))


def inside_hours(slot: Slot, who: Person) -> bool:
    start, end = local(slot.start, who), local(slot.end, who)
    return (start.date() == end.date() and start.weekday() in who.workdays
            and who.work_start <= start.hour * 60 + start.minute
            and end.hour * 60 + end.minute <= who.work_end)


def test_slots_lie_inside_every_members_hours_in_london_and_new_york() -> None:
    london, new_york = person("ln", "Europe/London"), person("ny", "America/New_York")
    slots = find_slots([london, new_york], THURSDAY, days_ahead=5, minutes=30, count=3)
    assert len(slots) == 3
    assert all(inside_hours(s, london) and inside_hours(s, new_york) for s in slots)


def test_slots_follow_new_york_wall_clock_across_the_end_of_daylight_saving() -> None:
    early_bird = person("ny", "America/New_York", "09:00", "10:00")  # 13-14 UTC, then 14-15 UTC
    slots = find_slots([early_bird], THURSDAY, days_ahead=5, minutes=30, count=3)
    assert all(inside_hours(s, early_bird) for s in slots)
    days = [local(s.start, early_bird).date() for s in slots]
    assert min(days) < datetime(2026, 11, 1).date() < max(days)
    assert {s.start.hour for s in slots} == {13, 14}  # the same local hour, a different UTC one


def test_slots_skip_weekends() -> None:
    tokyo, berlin = person("tk", "Asia/Tokyo", "08:00", "18:00"), person("be", "Europe/Berlin")
    slots = find_slots([tokyo, berlin], FRIDAY_EVENING, days_ahead=5, minutes=30, count=3)
    assert len(slots) == 3
    assert all(local(s.start, p).weekday() < 5 for s in slots for p in (tokyo, berlin))


def test_slots_are_utc_on_different_days_long_enough_and_not_too_soon() -> None:
    slots = find_slots([person("a"), person("b")], THURSDAY, days_ahead=5, minutes=45, count=3)
    assert len({s.start.date() for s in slots}) == 3
    assert all(s.start.utcoffset() == timedelta(0) for s in slots)
    assert all(s.end - s.start == timedelta(minutes=45) for s in slots)
    assert all(s.start >= THURSDAY + timedelta(hours=2) for s in slots)
    assert slots == sorted(slots, key=lambda s: s.start)


def test_slots_prefer_coffee_times_to_lunch_and_the_end_of_the_day() -> None:
    slots = find_slots([person("a", "Europe/Paris")], THURSDAY, days_ahead=5, minutes=30, count=3)
    for slot in slots:
        start = local(slot.start, person("a", "Europe/Paris"))
        assert 10 <= start.hour < 12 or 14 <= start.hour < 16


def test_slots_stay_within_the_days_ahead() -> None:
    slots = find_slots([person("a")], THURSDAY, days_ahead=2, minutes=30, count=3)
    assert {s.start.date().isoformat() for s in slots} <= {"2026-10-29", "2026-10-30"}
    assert len(slots) == 3


def test_without_any_overlap_slots_fall_as_close_as_possible_to_everyones_hours() -> None:
    sydney, london = person("sy", "Australia/Sydney"), person("ln", "Europe/London")
    slots = find_slots([sydney, london], THURSDAY, days_ahead=5, minutes=30, count=3)
    assert len(slots) == 3
    for slot in slots:
        for who in (sydney, london):
            start = local(slot.start, who)
            assert start.weekday() < 5
            assert 6 * 60 <= start.hour * 60 + start.minute <= 19 * 60


def test_an_unknown_time_zone_counts_as_utc() -> None:
    mars, utc = person("m", "Mars/Olympus_Mons"), person("u", "UTC")
    assert find_slots([mars], THURSDAY, 5, 30, 3) == find_slots([utc], THURSDAY, 5, 30, 3)


def test_members_with_no_common_working_day_get_no_slots() -> None:
    weekend = Person("w", workdays=(5, 6))
    assert find_slots([weekend, person("a")], THURSDAY, 5, 30, 3) == []


def test_each_group_gets_one_nudge_with_its_score_reasons_and_slots() -> None:
    folks = {p.id: p for p in (person("a"), person("b"), person("c", "Asia/Kolkata"))}
    groups = [Group(("a", "b"), 2.5, ("both in #chess",)), Group(("c", "a"), 1.0, ())]
    nudges = plan_nudges(groups, folks, Program(slots_per_nudge=2), THURSDAY)
    assert [(n.members, n.score, n.reasons) for n in nudges] == [
        (("a", "b"), 2.5, ("both in #chess",)), (("c", "a"), 1.0, ())]
    assert all(len(n.slots) == 2 for n in nudges)
    assert all(inside_hours(s, folks[m]) for n in nudges for s in n.slots for m in n.members)


def test_a_place_is_chosen_only_when_the_group_shares_an_office_with_venues() -> None:
    folks = {p.id: p for p in (person("a", office="Paris"), person("b", office="Paris"),
                               person("c", office="Lyon"), person("d", office="Lyon"))}
    venues = {"Paris": ("Kitchen, 3rd floor", "Café Lumen")}
    groups = [Group(("a", "b"), 1, ()), Group(("a", "c"), 1, ()), Group(("c", "d"), 1, ())]
    nudges = plan_nudges(groups, folks, Program(venues=venues), THURSDAY)
    assert nudges[0].place in venues["Paris"]
    assert [n.place for n in nudges[1:]] == [None, None]
    again = plan_nudges(groups, folks, Program(venues=venues), THURSDAY)
    assert again == nudges


def test_in_a_group_of_three_each_reason_names_the_two_it_is_about() -> None:

    people = {p: Person(p, name=n) for p, n in (("a", "Ana Ruiz"), ("b", "Bea Lind"),
                                                ("c", "Cai Wu"))}
    group = Group(("a", "b", "c"), 3.0, (Reason.of("known_one", name="Dan"),
                                         Reason.of("channel", channel="#chess")),
                  (("a", "b"), ("b", "c")))
    [nudge] = plan_nudges([group], people, Program(), datetime(2026, 6, 1, 8, tzinfo=UTC))
    assert english(nudge.reasons) == ("Ana and Bea: you both know Dan",
                                      "Bea and Cai: you both post in #chess")
    assert nudge.reasons[0] == Reason.of("pair", a="Ana", b="Bea",
                                         reason=Reason.of("known_one", name="Dan"))
