"""The cadence's problems (bot/core/cadence.py, crontab.py: a ProgramError's key and facts)
written in the reader's language. The cadence words and examples ('weekly mon 10:00') are a
program's values, typed in English, so they stay as they are inside a French sentence."""

from __future__ import annotations

from bot.service.language import Texts


def cadence_problem(says: Texts, key: str, facts: dict) -> str | None:
    """The sentence for a cadence problem, or None when the key is not one of the cadence's."""
    sentence = _SENTENCES.get(key)
    if sentence is None:
        return None
    if "field" in facts:
        facts = facts | {"field": _field(says, str(facts["field"]))}
    return sentence(says, **facts)


def _field(s: Texts, name: str) -> str:
    fields = {"minute": s.pgettext("crontab field", "minute"),
              "hour": s.pgettext("crontab field", "hour"),
              "day": s.pgettext("crontab field", "day"),
              "month": s.pgettext("crontab field", "month"),
              "day_of_week": s.pgettext("crontab field", "day of week")}
    return fields.get(name, name)


_SENTENCES = {
    "cadence_expected": lambda s, examples, **_: s.gettext(
        "cadence: expected {examples}", examples=examples),
    "cadence_five_fields": lambda s, count, **_: s.gettext(
        "cadence: a crontab line has five fields (minute hour day month weekday), not {count}",
        count=count),
    "cadence_unknown_word": lambda s, token, examples, **_: s.gettext(
        "cadence: did not understand '{token}'; expected {examples}",
        token=token, examples=examples),
    "cadence_no_time": lambda s, examples, **_: s.gettext(
        "cadence: no time of day; expected one such as 10:00, as in {examples}",
        examples=examples),
    "cadence_one_time": lambda s, **_: s.gettext(
        "cadence: one time of day only (a program runs at one time)"),
    "cadence_weekdays_and_days": lambda s, **_: s.gettext(
        "cadence: 'weekdays' means Monday to Friday; name days or say weekdays, not both"),
    "cadence_daily_and_days": lambda s, **_: s.gettext(
        "cadence: 'daily' runs every day; name days with 'weekly' instead"),
    "cadence_which_day": lambda s, **_: s.gettext(
        "cadence: which day of the week? e.g. 'weekly mon 10:00' or "
        "'every other week tue 9:30'"),
    "cadence_how_often": lambda s, examples, **_: s.gettext(
        "cadence: how often? expected {examples}", examples=examples),
    "cadence_daily_and_month_day": lambda s, **_: s.gettext(
        "cadence: 'daily' runs every day; for a day of the month say 'monthly 15 10:00'"),
    "cadence_monthly_mixed": lambda s, **_: s.gettext(
        "cadence: monthly takes one day of the month: 'monthly first mon 10:00' or "
        "'monthly 15 10:00'; weekly, daily and monthly do not mix"),
    "cadence_monthly_one_day": lambda s, **_: s.gettext(
        "cadence: monthly needs one day: 'monthly first mon 10:00', 'monthly 15 10:00' or "
        "'monthly last day 10:00'"),
    "cadence_nth": lambda s, token, after, **_: s.gettext(
        "cadence: '{token} {after}': choose first, second, third, fourth or last "
        "(most months have no fifth)", token=token, after=after),
    "cadence_first_weekday": lambda s, **_: s.gettext(
        "cadence: 'first weekday' is not a cadence here; name the day, e.g. 'first mon'"),
    "cadence_interval": lambda s, token, **_: s.gettext(
        "cadence: every {token} weeks: only every week or every other week (ISO weeks); "
        "or monthly", token=token),
    "cadence_day_of_month": lambda s, token, **_: s.gettext(
        "cadence: day of month {token}: choose 1 to 28 (later days are missing in some "
        "months), or 'last day'", token=token),
    "cadence_am_pm": lambda s, token, **_: s.gettext(
        "cadence: time {token}: with am/pm the hour is 1 to 12", token=token),
    "cadence_time": lambda s, token, **_: s.gettext(
        "cadence: time {token}: expected a time of day such as 10:00 or 9:30", token=token),
    "crontab_both_days": lambda s, **_: s.gettext(
        "cadence: a crontab line restricting both day of month and day of week runs on either "
        "in cron but on both in APScheduler; use one, or 'monthly first mon 10:00' for the "
        "first Monday"),
    "crontab_item": lambda s, field, item, **_: s.gettext(
        "cadence: crontab {field} '{item}': expected a number, a range such as 1-5, a list "
        "such as 1,15, or * with an optional /step", field=field, item=item),
    "crontab_star_range": lambda s, field, item, **_: s.gettext(
        "cadence: crontab {field} '{item}': '*' takes no range", field=field, item=item),
    "crontab_zero_step": lambda s, field, item, **_: s.gettext(
        "cadence: crontab {field} '{item}': a step of 0 never advances", field=field, item=item),
    "crontab_outside": lambda s, field, item, value, first, last, **_: s.gettext(
        "cadence: crontab {field} '{item}': {value} is outside {first}-{last}",
        field=field, item=item, value=value, first=first, last=last),
    "crontab_backwards": lambda s, field, item, **_: s.gettext(
        "cadence: crontab {field} '{item}': the range runs backwards", field=field, item=item),
    "crontab_value": lambda s, field, text, **_: s.gettext(
        "cadence: crontab {field}: '{text}' is neither a number nor a name",
        field=field, text=text),
}
