"""The cadence language: words and crontab lines become CronTrigger fields, in words for people;
anything else is refused saying what is expected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.core.cadence import cron_fields, describe
from bot.core.programs import Program, ProgramError, program_from_dict

EVERY = {"minute": "0", "hour": "10", "day": "*", "month": "*", "day_of_week": "*", "week": "*"}


@pytest.mark.parametrize("text, fields, words", [
    ("weekly mon 10:00", {"day_of_week": "mon"}, "every Monday at 10:00"),
    ("every week on tuesday at 9:30", {"day_of_week": "tue", "hour": "9", "minute": "30"},
     "every Tuesday at 09:30"),
    ("every other week mon 10:00", {"day_of_week": "mon", "week": "*/2"},
     "every other Monday at 10:00"),
    ("biweekly mon 10:00", {"day_of_week": "mon", "week": "*/2"}, "every other Monday at 10:00"),
    ("Fortnightly on Mondays at 10am", {"day_of_week": "mon", "week": "*/2"},
     "every other Monday at 10:00"),
    ("every 2 weeks on mon, thu at 3pm", {"day_of_week": "mon,thu", "week": "*/2", "hour": "15"},
     "every other Monday and Thursday at 15:00"),
    ("even weeks fri 10:00", {"day_of_week": "fri", "week": "2-53/2"},
     "every other Friday at 10:00 (even ISO weeks)"),
    ("monthly first mon 10:00", {"day": "1st mon"}, "the first Monday of every month at 10:00"),
    ("first monday of the month at 10:00", {"day": "1st mon"},
     "the first Monday of every month at 10:00"),
    ("monthly last fri 10:00", {"day": "last fri"}, "the last Friday of every month at 10:00"),
    ("monthly 15 10:00", {"day": "15"}, "the 15th of every month at 10:00"),
    ("monthly on the 2nd at 10:00", {"day": "2"}, "the 2nd of every month at 10:00"),
    ("monthly last day 10:00", {"day": "last"}, "the last day of every month at 10:00"),
    ("daily 10:00", {}, "every day at 10:00"),
    ("weekdays 10:00", {"day_of_week": "mon-fri"}, "every weekday (Monday to Friday) at 10:00"),
    ("0 10 * * mon", {"day_of_week": "mon"}, "every Monday at 10:00"),
    ("0 10 * * 1-5", {"day_of_week": "mon-fri"}, "every weekday (Monday to Friday) at 10:00"),
    ("0 10 15 * *", {"day": "15"}, "the 15th of every month at 10:00"),
])
def test_words_and_crontab_lines_become_cron_trigger_fields(text, fields, words):
    assert cron_fields(text) == EVERY | fields
    assert describe(text) == words
    CronTrigger(**cron_fields(text), timezone="Europe/Lisbon")  # APScheduler takes every one


def test_crontab_weekday_numbers_keep_their_crontab_meaning():
    # APScheduler 3 counts weekdays from Monday = 0; crontab from Sunday = 0 (and 7).
    assert cron_fields("0 10 * * 1")["day_of_week"] == "mon"
    assert cron_fields("0 10 * * 0")["day_of_week"] == cron_fields("0 10 * * 7")["day_of_week"] == "sun"
    assert cron_fields("0 10 * * */2")["day_of_week"] == "tue,thu,sat,sun"  # 0, 2, 4, 6
    assert cron_fields("0 10 * * 0-6")["day_of_week"] == "*"


def test_a_crontab_line_fires_on_the_days_crontab_would():
    trigger = CronTrigger(**cron_fields("30 9 * * 1"), timezone="UTC")
    fire = trigger.get_next_fire_time(None, datetime(2026, 6, 3, tzinfo=UTC))  # a Wednesday
    assert fire == datetime(2026, 6, 8, 9, 30, tzinfo=UTC) and fire.strftime("%A") == "Monday"


def test_month_names_become_numbers_and_an_unusual_line_is_described_as_crontab():
    assert cron_fields("0 9 1 jan,jul *")["month"] == "1,7"
    assert describe("0 */2 * * *") == "crontab '0 */2 * * *' (minute hour day month weekday)"


def test_every_other_week_runs_in_odd_iso_weeks_and_twice_in_a_row_after_week_53():
    trigger = CronTrigger(**cron_fields("every other week mon 10:00"), timezone="UTC")
    fires, moment = [], datetime(2026, 12, 1, tzinfo=UTC)
    for _ in range(4):
        moment = trigger.get_next_fire_time(None, moment + timedelta(microseconds=1))
        fires.append(moment.isocalendar().week)
    assert fires == [51, 53, 1, 3]  # 2026 has 53 ISO weeks: Mondays 28 Dec and 4 Jan both run


@pytest.mark.parametrize("text, expected", [
    ("", "expected 'weekly mon 10:00'"),
    ("weekly mon", "no time of day"),
    ("weekly 10:00", "which day of the week"),
    ("monthly 10:00", "monthly needs one day"),
    ("monthly 31 10:00", "choose 1 to 28"),
    ("monthly fifth mon 10:00", "first, second, third, fourth or last"),
    ("daily mon 10:00", "'daily' runs every day"),
    ("weekly monthly mon 10:00", "do not mix"),
    ("every 3 weeks mon 10:00", "only every week or every other week"),
    ("weekly mon 25:00", "time 25:00"),
    ("weekly mon 13pm", "hour is 1 to 12"),
    ("weekly mon 10:00 11:00", "one time of day only"),
    ("whenever lunch 12:00", "did not understand 'whenever'"),
    ("0 10 * *", "five fields (minute hour day month weekday), not 4"),
    ("0 0 10 * * mon", "five fields"),
    ("0 24 * * *", "hour '24': 24 is outside 0-23"),
    ("0 10 * * 8", "day of week '8'"),
    ("0 10 * 5-1 *", "runs backwards"),
    ("*/0 10 * * *", "step of 0"),
    ("0 10 L * *", "neither a number nor a name"),
    ("0 10 1 * mon", "both day of month and day of week"),
])
def test_a_bad_cadence_is_refused_saying_what_is_expected(text, expected):
    with pytest.raises(ProgramError, match=r"^cadence: ") as refused:
        cron_fields(text)
    assert expected in str(refused.value)


def test_a_program_checks_its_cadence_with_the_same_language():
    assert program_from_dict({"cadence": "every other week mon 10:00"}).cadence == \
        "every other week mon 10:00"
    assert Program().cadence is None
    with pytest.raises(ProgramError, match="^cadence: which day of the week"):
        program_from_dict({"cadence": "weekly 10:00"})
