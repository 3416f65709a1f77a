"""The cadence language: a few words ("every other week mon 10:00") or a crontab line, turned into
APScheduler's CronTrigger fields, which are the real cadence language underneath."""

from __future__ import annotations

import re

from bot.core.crontab import WEEKDAYS, crontab_fields
from bot.core.programs import ProgramError

DAY_NAMES = {"monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "thursday": 3, "thur": 3,
             "thurs": 3, "friday": 4, "saturday": 5, "sunday": 6}
DAY_NAMES |= {name: i for i, name in enumerate(WEEKDAYS)}
ORDINALS = {"first": "1st", "1st": "1st", "second": "2nd", "2nd": "2nd", "third": "3rd", "3rd": "3rd",
            "fourth": "4th", "4th": "4th", "fifth": "5th", "5th": "5th", "last": "last"}
FILLERS = {"on", "at", "the", "of", "in", "and", "each", "every", "a", "week's"}
FIELDS = ("minute", "hour", "day", "month", "day_of_week", "week")
# ISO weeks: "*/2" is weeks 1, 3, 5, ...; a year with 53 weeks runs in week 53 and again in week 1
# (two weeks in a row at new year). The cost of saying "every other week" with a cron trigger.
ODD_WEEKS, EVEN_WEEKS = "*/2", "2-53/2"
EXAMPLES = ("'weekly mon 10:00', 'every other week tue 9:30', 'monthly first mon 10:00', "
            "'monthly 15 10:00', 'weekdays 9:00', or a crontab line such as '0 10 * * mon'")
TIME = re.compile(r"^(\d{1,2})(?:[:h](\d{2}))?(am|pm)?$")
NUMBER = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")


def cron_fields(text: str) -> dict[str, str]:
    """CronTrigger keyword arguments for a cadence; ProgramError ("cadence: ...") if it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise _error(f"expected {EXAMPLES}", "cadence_expected", examples=EXAMPLES)
    parts = text.split()
    cronish = len(parts) >= 3 and all(re.fullmatch(r"[\d*/,-]+", p) for p in parts[:2])
    if cronish and (len(parts) == 5 or "*" in text):
        if len(parts) != 5:
            raise _error(f"a crontab line has five fields (minute hour day month weekday), "
                         f"not {len(parts)}", "cadence_five_fields", count=len(parts))
        return crontab_fields(parts)
    return _words(text)


def describe(text: str) -> str:
    """The cadence in words for people ("every other Monday at 10:00")."""
    found = cron_fields(text)
    return _describe(found) or f"crontab '{' '.join(text.split())}' (minute hour day month weekday)"


def _error(message: str, key: str, **facts: object) -> ProgramError:
    """The English message, and the same as a key and facts for the reader's language."""
    return ProgramError(f"cadence: {message}", key, **facts)


# -- words -------------------------------------------------------------------------------------


def _words(text: str) -> dict[str, str]:
    tokens = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", text.lower()).replace(",", " ").split()
    kinds: set[str] = set()
    days: list[int] = []
    times: list[tuple[int, int]] = []
    day: list[str] = []  # CronTrigger's day-of-month expression, at most one
    parity, i = ODD_WEEKS, 0
    while i < len(tokens):
        token, after = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
        i += 1
        if token in FILLERS:
            continue
        if token in ("weekly", "week", "weeks"):
            kinds.add("weekly")
        elif token in ("biweekly", "fortnightly", "fortnight", "other", "alternate", "odd", "even"):
            kinds.add("biweekly")
            parity = EVEN_WEEKS if token == "even" else parity
        elif token in ("monthly", "month", "months"):
            kinds.add("monthly")
        elif token in ("daily", "day", "days"):
            kinds.add("day")
        elif token in ("weekday", "weekdays", "workdays", "workday"):
            kinds.add("weekdays")
        elif _day(token) is not None:
            days.append(_day(token))
        elif token in ORDINALS and (_day(after) is not None or after in ("day", "weekday")):
            i += 1
            day.append(_nth(token, after))
        elif TIME.match(token) and not NUMBER.match(token):
            times.append(_time(token))
        elif NUMBER.match(token) or token == "two":
            if after in ("week", "weeks"):
                i += 1
                kinds.add(_interval(token))
            elif NUMBER.match(token) and NUMBER.match(token)[2] and _day(after) is not None:
                i += 1
                day.append(_nth(token, after))
            else:
                day.append(_day_of_month(token))
        else:
            raise _error(f"did not understand '{token}'; expected {EXAMPLES}", "cadence_unknown_word",
                         token=token, examples=EXAMPLES)
    return _resolve(kinds, days, times, day, parity)


def _resolve(kinds: set[str], days: list[int], times: list[tuple[int, int]], day: list[str],
             parity: str) -> dict[str, str]:
    if not times:
        raise _error(f"no time of day; expected one such as 10:00, as in {EXAMPLES}",
                     "cadence_no_time", examples=EXAMPLES)
    if len(times) > 1:
        raise _error("one time of day only (a program runs at one time)", "cadence_one_time")
    hour, minute = times[0]
    fields = dict.fromkeys(FIELDS, "*") | {"minute": str(minute), "hour": str(hour)}
    if "biweekly" in kinds:
        kinds.discard("weekly")  # "every other week": the word week says nothing more
    if day or "monthly" in kinds:
        return fields | {"day": _monthly(kinds, days, day)}
    if "weekdays" in kinds:
        if days:
            raise _error("'weekdays' means Monday to Friday; name days or say weekdays, not both",
                         "cadence_weekdays_and_days")
        fields["day_of_week"] = "mon-fri"
    elif days:
        if "day" in kinds:
            raise _error("'daily' runs every day; name days with 'weekly' instead",
                         "cadence_daily_and_days")
        fields["day_of_week"] = ",".join(WEEKDAYS[d] for d in sorted(set(days)))
    elif kinds & {"weekly", "biweekly"}:
        raise _error("which day of the week? e.g. 'weekly mon 10:00' or 'every other week tue 9:30'",
                     "cadence_which_day")
    elif "day" not in kinds:
        raise _error(f"how often? expected {EXAMPLES}", "cadence_how_often", examples=EXAMPLES)
    if "biweekly" in kinds:
        fields["week"] = parity
    return fields


def _monthly(kinds: set[str], days: list[int], day: list[str]) -> str:
    if "day" in kinds and "monthly" not in kinds:
        raise _error("'daily' runs every day; for a day of the month say 'monthly 15 10:00'",
                     "cadence_daily_and_month_day")
    if kinds & {"weekly", "biweekly", "weekdays"} or days:
        raise _error("monthly takes one day of the month: 'monthly first mon 10:00' or "
                     "'monthly 15 10:00'; weekly, daily and monthly do not mix", "cadence_monthly_mixed")
    if len(day) != 1:
        raise _error("monthly needs one day: 'monthly first mon 10:00', 'monthly 15 10:00' or "
                     "'monthly last day 10:00'", "cadence_monthly_one_day")
    return day[0]


def _day(token: str) -> int | None:
    return DAY_NAMES.get(token[:-1] if token.endswith("s") and token[:-1] in DAY_NAMES else token)


def _nth(token: str, after: str) -> str:
    ordinal = ORDINALS.get(token)
    if ordinal is None or ordinal == "5th":
        raise _error(f"'{token} {after}': choose first, second, third, fourth or last (most "
                     "months have no fifth)", "cadence_nth", token=token, after=after)
    if after == "day":
        return "last" if ordinal == "last" else ordinal[:-2]
    if after == "weekday":
        raise _error("'first weekday' is not a cadence here; name the day, e.g. 'first mon'",
                     "cadence_first_weekday")
    return f"{ordinal} {WEEKDAYS[_day(after)]}"


def _interval(token: str) -> str:
    if token in ("1", "1st"):
        return "weekly"
    if token in ("2", "two"):
        return "biweekly"
    raise _error(f"every {token} weeks: only every week or every other week (ISO weeks); "
                 "or monthly", "cadence_interval", token=token)


def _day_of_month(token: str) -> str:
    number = int(NUMBER.match(token)[1]) if NUMBER.match(token) else 0
    if not 1 <= number <= 28:
        raise _error(f"day of month {token}: choose 1 to 28 (later days are missing in some "
                     "months), or 'last day'", "cadence_day_of_month", token=token)
    return str(number)


def _time(token: str) -> tuple[int, int]:
    hours, minutes, half = TIME.match(token).groups()
    hour, minute = int(hours), int(minutes or 0)
    if half:
        if not 1 <= hour <= 12:
            raise _error(f"time {token}: with am/pm the hour is 1 to 12", "cadence_am_pm", token=token)
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise _error(f"time {token}: expected a time of day such as 10:00 or 9:30", "cadence_time",
                     token=token)
    return hour, minute


# -- words for people --------------------------------------------------------------------------

FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NTH = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "last": "last"}


def _describe(f: dict[str, str]) -> str | None:
    """Words for the shapes the word forms produce (and crontab lines of the same shape)."""
    if not (f["minute"].isdigit() and f["hour"].isdigit()) or f["month"] != "*":
        return None
    at = f"at {int(f['hour']):02d}:{int(f['minute']):02d}"
    weeks = {"*": "", ODD_WEEKS: "other ", EVEN_WEEKS: "other "}.get(f["week"])
    parity = " (even ISO weeks)" if f["week"] == EVEN_WEEKS else ""
    if weeks is None:
        return None
    if f["day"] != "*":
        if f["day_of_week"] != "*" or weeks:
            return None
        return _monthly_words(f["day"], at)
    dow = f["day_of_week"]
    if dow == "*":
        return f"every day of every other week {at}{parity}" if weeks else f"every day {at}"
    if dow == "mon-fri":
        return (f"every weekday (Monday to Friday) {at}" if not weeks
                else f"every weekday of every other week {at}{parity}")
    names = [FULL[WEEKDAYS.index(d)] for d in dow.split(",") if d in WEEKDAYS]
    if len(names) != len(dow.split(",")):
        return None
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"every {weeks}{listed} {at}{parity}"


def _monthly_words(day: str, at: str) -> str | None:
    if day == "last":
        return f"the last day of every month {at}"
    if day.isdigit():
        number = int(day)
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"the {number}{suffix} of every month {at}"
    nth, _, weekday = day.partition(" ")
    if nth in NTH and weekday in WEEKDAYS:
        return f"the {NTH[nth]} {FULL[WEEKDAYS.index(weekday)]} of every month {at}"
    return None
