"""What employees can say to weaktie, the same words on every platform: a pure parser.

`parse(text, now)` turns one message into a Command, or into a Reply that explains what went
wrong (unknown words get help, never silence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import HOURS, known_zone, parse_hours

HELP = """Here is what you can tell me:
• `join` / `leave`: take part in coffee rounds, or stop
• `pause 2w` (or `3d`, `1m`) / `resume`: skip rounds for a while, or come back now
• `where Lisbon`: the office you work from
• `tz Europe/Lisbon`: your time zone
• `hours 9-17`: your working hours (local time)
• `status`: what I know about you and your next round
• `profile`: a form for your office, time zone and hours
• `why`: why I suggested your current match
• `outcomes`: how many people you met lately, and how many you still talk with
• `calendar connect` / `calendar disconnect`: let me see when you are free (free/busy only)
• `export`: everything I store about you, as JSON
• `forget me`: erase everything about you
Community managers: `admin help`.
I only ever see who talks with whom, never what anyone says."""

DURATION = re.compile(r"^(\d{1,3})\s*(d|day|days|w|wk|week|weeks|m|month|months)$")


@dataclass(frozen=True, slots=True)
class Command:
    """A well-formed request: `name` plus its checked value (a time, a zone, minutes...)."""

    name: str
    value: object = None


@dataclass(frozen=True, slots=True)
class Reply:
    """A message back to the person, when the words were not a command we can carry out."""

    text: str


def parse(text: str, now: datetime) -> Command | Reply:
    """One message -> the command it asks for, or a helpful reply."""
    words = " ".join(text.strip().split()).lower() if isinstance(text, str) else ""
    word, _, rest = words.partition(" ")
    if word in ("", "help", "hi", "hello", "?"):
        return Reply(HELP)
    if words in ("join", "leave", "resume", "status", "why", "export", "profile"):
        return Command(words)
    if words in ("outcomes", "my outcomes"):
        return Command("outcomes")
    if words == "forget me":
        return Reply("This erases everything I know about you, for good. "
                     "To go ahead, send `forget me now`.")
    if words == "forget me now":
        return Command("forget")
    if word == "pause":
        return _pause(rest, now)
    if word == "where":
        return Command("where", _original(text, 1)) if rest else Reply("Usage: `where Lisbon`")
    if word in ("tz", "timezone"):
        return _zone(_original(text, 1))
    if word == "hours":
        return _hours(rest)
    if word == "calendar":
        return _calendar(rest)
    return Reply(f"Sorry, I don't know `{word}`.\n{HELP}")


CALENDAR = {"": ("calendar", None), "status": ("calendar", None),
            "connect": ("calendar connect", None), "connect google": ("calendar connect", "google"),
            "connect microsoft": ("calendar connect", "microsoft"),
            "connect outlook": ("calendar connect", "microsoft"),
            "disconnect": ("calendar disconnect", None)}


def _calendar(rest: str) -> Command | Reply:
    if rest not in CALENDAR:
        return Reply("`calendar` says what is connected; `calendar connect` (or `calendar connect "
                     "google`, `calendar connect microsoft`) links yours; `calendar disconnect` "
                     "unlinks it.")
    return Command(*CALENDAR[rest])


def _original(text: str, skip: int) -> str:
    """The words after the first `skip`, as typed (office names keep their capitals)."""
    return " ".join(text.split()[skip:])


def _pause(rest: str, now: datetime) -> Command | Reply:
    found = DURATION.match(rest)
    if not found:
        return Reply("Usage: `pause 2w` (days `d`, weeks `w` or months `m`, up to 365 days)")
    amount, unit = int(found.group(1)), found.group(2)[0]
    days = amount * {"d": 1, "w": 7, "m": 30}[unit]
    if not 1 <= days <= 365:
        return Reply("A pause can last from one day to a year.")
    return Command("pause", now + timedelta(days=days))


def _zone(name: str) -> Command | Reply:
    if not known_zone(name):
        return Reply(f"I don't know the time zone `{name}`; try one like `Europe/Lisbon` or "
                     "`America/New_York`.")
    return Command("tz", name)


def _hours(rest: str) -> Command | Reply:
    if not HOURS.match(rest.strip()):
        return Reply("Usage: `hours 9-17` or `hours 8:30-16:30`")
    found = parse_hours(rest)
    if found is None:
        return Reply("Working hours need to start before they end, and span at least an hour.")
    return Command("hours", found)
