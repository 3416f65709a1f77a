"""Every cadence problem and scope channel problem the checker raises has a sentence in each
language: in English it reads exactly as the core's message, in French it is translated (none
missed by the catalog), and the values the manager typed are kept in it."""

from __future__ import annotations

import pytest

from bot.core.cadence import cron_fields
from bot.core.programs import ProgramError
from bot.service.language import texts
from bot.service.problem_texts import problem_text
from bot.service.scope import UnknownChannel, _one

BAD_CADENCES = {
    "": "cadence_expected", "0 10 *": "cadence_five_fields",
    "weekly mon 10:00 sometimes": "cadence_unknown_word", "weekly mon": "cadence_no_time",
    "weekly mon 10:00 11:00": "cadence_one_time", "weekdays mon 10:00": "cadence_weekdays_and_days",
    "daily mon 10:00": "cadence_daily_and_days", "weekly 10:00": "cadence_which_day",
    "10:00": "cadence_how_often", "daily 15 10:00": "cadence_daily_and_month_day",
    "monthly weekly 15 10:00": "cadence_monthly_mixed", "monthly 10:00": "cadence_monthly_one_day",
    "monthly 5th mon 10:00": "cadence_nth", "monthly first weekday 10:00": "cadence_first_weekday",
    "every 3 weeks mon 10:00": "cadence_interval", "monthly 30 10:00": "cadence_day_of_month",
    "weekly mon 13pm": "cadence_am_pm", "weekly mon 24:00": "cadence_time",
    "0 10 1 * mon": "crontab_both_days", "0 10 * * x-": "crontab_item",
    "0 *-3 * * *": "crontab_star_range", "*/0 10 * * *": "crontab_zero_step",
    "0 25 * * *": "crontab_outside", "0 10 * * 5-2": "crontab_backwards",
    "0 10 * foo *": "crontab_value",
}


def _raised(cadence: str) -> ProgramError:
    with pytest.raises(ProgramError) as raised:
        cron_fields(cadence)
    return raised.value


@pytest.mark.parametrize(("cadence", "key"), sorted(BAD_CADENCES.items()))
def test_each_cadence_problem_reads_as_raised_in_english_and_translated_in_french(cadence, key):
    problem, french = _raised(cadence), texts("fr")
    assert problem.key == key
    assert problem_text(problem, texts("en")) == str(problem)
    written = problem_text(problem, french)
    assert written != str(problem) and written.startswith("cadence\u00a0:")
    assert not french.missed.ids
    assert "{" not in written  # every placeholder filled


@pytest.mark.parametrize(("names", "key"), [
    ({}, "scope_none_known"), ({"C1": "general"}, "scope_unknown"),
    ({"C1": "Xcafe", "C2": "XCAFE"}, "scope_ambiguous")])
def test_a_scopes_channel_problem_reads_as_raised_in_english_and_translated_in_french(names, key):
    wanted = "xcafe" if key == "scope_ambiguous" else "nowhere"
    with pytest.raises(UnknownChannel) as raised:
        _one(f"#{wanted}", names)
    problem, french = raised.value, texts("fr")
    assert problem.key == key
    assert problem_text(problem, texts("en")) == str(problem)
    written = problem_text(problem, french)
    assert written.startswith("scope\u00a0:") and f"#{wanted}" in written and not french.missed.ids
