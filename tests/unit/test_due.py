"""When rounds fall due, for every form of the cadence language, across daylight-saving changes in
the program's own time zone: at the same local time, and once per occurrence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.programs import Program
from bot.service.due import due_at

LISBON = "Europe/Lisbon"  # WET/WEST: the clocks jump 01:00 -> 02:00 in March, 02:00 -> 01:00 in October


def clock(program: Program, start: datetime, end: datetime, every=timedelta(minutes=10)) -> list[str]:
    """What a clock ticking every ten minutes plans (as scheduler/jobs.tick does): each due time
    once, counting from the latest round. Times in UTC, to show what DST did."""
    planned, since, now = [], start, start
    while now <= end:
        when = due_at(program, since, now)
        if when is not None:
            planned.append(when.astimezone(UTC).strftime("%m-%d %H:%M"))
            since = when
        now += every
    return planned


def at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def test_weekly_sunday_0230_in_lisbon_stays_at_0230_local_across_both_changes():
    program = Program(cadence="weekly sun 02:30", timezone=LISBON)
    assert clock(program, at(3, 21), at(4, 6)) == ["03-22 02:30", "03-29 01:30", "04-05 01:30"]
    assert clock(program, at(10, 17), at(11, 2)) == ["10-18 01:30", "10-25 02:30", "11-01 02:30"]


def test_a_time_the_spring_change_skips_still_runs_that_day_once():
    program = Program(cadence="every week on sunday at 1:30", timezone=LISBON)
    # 01:30 does not exist in Lisbon on 29 March 2026: the round runs at 02:30 summer time.
    assert clock(program, at(3, 21), at(4, 6)) == ["03-22 01:30", "03-29 01:30", "04-05 00:30"]


def test_a_time_the_autumn_change_repeats_runs_once_not_twice():
    program = Program(cadence="weekly sun 1:30", timezone=LISBON)
    # 01:30 happens twice in Lisbon on 25 October 2026 (00:30 and 01:30 UTC): the first counts.
    assert clock(program, at(10, 17), at(11, 2)) == ["10-18 00:30", "10-25 00:30", "11-01 01:30"]


def test_after_a_night_of_downtime_over_the_repeated_hour_the_round_runs_once():
    program = Program(cadence="30 1 * * sun", timezone=LISBON)
    assert due_at(program, at(10, 24), at(10, 26)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert due_at(program, datetime(2026, 10, 25, 0, 30, tzinfo=UTC), at(10, 26)) is None


def test_every_other_week_keeps_ten_local_and_its_fortnight_across_the_march_change():
    program = Program(cadence="every other week mon 10:00", timezone=LISBON)
    # ISO weeks 11, 13, 15: the change on Sunday 29 March falls inside the fortnight.
    assert clock(program, at(3, 8), at(4, 14)) == ["03-09 10:00", "03-23 10:00", "04-06 09:00"]


def test_every_other_week_across_the_october_change():
    program = Program(cadence="biweekly mon 10:00", timezone=LISBON)
    # ISO weeks 43 and 45 (12 October is in week 42): the change on 25 October falls between.
    assert clock(program, at(10, 10), at(11, 10)) == ["10-19 09:00", "11-02 10:00"]


def test_monthly_first_monday_keeps_ten_local_across_the_october_change():
    program = Program(cadence="monthly first mon 10:00", timezone=LISBON)
    assert clock(program, at(9, 15), at(11, 15), timedelta(hours=1)) == ["10-05 09:00", "11-02 10:00"]


def test_weekdays_in_new_york_keep_nine_local_across_the_march_change():
    program = Program(cadence="weekdays 9:00", timezone="America/New_York")
    # New York springs forward on Sunday 8 March 2026: 9:00 is 14:00 UTC, then 13:00 UTC.
    assert clock(program, at(3, 6), at(3, 10), timedelta(hours=1)) == ["03-06 14:00", "03-09 13:00"]
