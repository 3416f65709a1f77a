"""A classic 5-field crontab line as CronTrigger fields, with crontab's meaning kept."""

from __future__ import annotations

import re

from bot.core.programs import ProgramError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # CronTrigger's names, Monday first
CRON_LIMITS = {"minute": (0, 59), "hour": (0, 23), "day": (1, 31), "month": (1, 12),
               "day_of_week": (0, 7)}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab counts from Sunday
ITEM = re.compile(r"^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:/(\d+))?$")


def crontab_fields(parts: list[str]) -> dict[str, str]:
    """Classic crontab meaning, spelled so CronTrigger agrees: APScheduler 3 numbers weekdays from
    Monday (0 = Monday) while crontab numbers them from Sunday, so weekdays become names."""
    names = ("minute", "hour", "day", "month", "day_of_week")
    lower = [p.lower() for p in parts]
    fields = {name: _cron_field(name, text) for name, text in zip(names, lower, strict=True)}
    if not lower[2].startswith("*") and not lower[4].startswith("*"):
        raise _error("a crontab line restricting both day of month and day of week runs on "
                     "either in cron but on both in APScheduler; use one, or "
                     "'monthly first mon 10:00' for the first Monday", "crontab_both_days")
    weekdays = _expand("day_of_week", lower[4])
    fields["day_of_week"] = "*" if len(weekdays) == 7 else _weekday_list(weekdays)
    return fields | {"week": "*"}


def _cron_field(name: str, text: str) -> str:
    items = []
    for item in text.split(","):
        low, high, step = _item(name, item)
        if low is None:
            items.append("*" if step is None else f"*/{step}")
        else:
            items.append(str(low) + ("" if high is None else f"-{high}")
                         + ("" if step is None else f"/{step}"))
    return ",".join(items)


def _item(name: str, item: str) -> tuple[int | None, int | None, int | None]:
    first, last = CRON_LIMITS[name]
    match = ITEM.match(item)
    if not match:
        raise _error(f"crontab {name.replace('_', ' ')} '{item}': expected a number, a range "
                     f"such as 1-5, a list such as 1,15, or * with an optional /step",
                     "crontab_item", field=name, item=item)
    start, end, step = match.groups()
    low = None if start == "*" else _cron_value(name, start)
    high = None if end is None else _cron_value(name, end)
    if start == "*" and end is not None:
        raise _error(f"crontab {name.replace('_', ' ')} '{item}': '*' takes no range",
                     "crontab_star_range", field=name, item=item)
    if step is not None and int(step) == 0:
        raise _error(f"crontab {name.replace('_', ' ')} '{item}': a step of 0 never advances",
                     "crontab_zero_step", field=name, item=item)
    for value in (low, high):
        if value is not None and not first <= value <= last:
            raise _error(f"crontab {name.replace('_', ' ')} '{item}': {value} is outside "
                         f"{first}-{last}", "crontab_outside", field=name, item=item, value=value,
                         first=first, last=last)
    if low is not None and high is not None and low > high:
        raise _error(f"crontab {name.replace('_', ' ')} '{item}': the range runs backwards",
                     "crontab_backwards", field=name, item=item)
    return low, high, None if step is None else int(step)


def _cron_value(name: str, text: str) -> int:
    if text.isdigit():
        return int(text)
    names = {"month": MONTHS, "day_of_week": CRON_DAYS}.get(name, ())
    if text[:3] in names and len(text) == 3:
        return names.index(text) + (1 if name == "month" else 0)
    raise _error(f"crontab {name.replace('_', ' ')}: '{text}' is neither a number nor a name",
                 "crontab_value", field=name, text=text)


def _expand(name: str, text: str) -> set[int]:
    """The weekdays (Monday = 0) a crontab day-of-week field selects, in cron's meaning."""
    out: set[int] = set()
    for item in text.split(","):
        low, high, step = _item(name, item)
        start, end = (0, 6) if low is None else (low, low if high is None and step is None else
                                                  (7 if high is None else high))
        out |= {(d - 1) % 7 for d in range(start, end + 1, step or 1)}
    return out


def _weekday_list(days: set[int]) -> str:
    return "mon-fri" if days == set(range(5)) else ",".join(WEEKDAYS[d] for d in sorted(days))


def _error(message: str, key: str, **facts: object) -> ProgramError:
    """The English message, and the same as a key and facts for the reader's language."""
    return ProgramError(f"cadence: {message}", key, **facts)
