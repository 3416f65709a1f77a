"""What employees can say to weaktie, the same words on every platform: a pure parser.

`parse(text, now)` turns one message into a Command, or into a Reply that explains what went
wrong (unknown words get help, never silence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.model import HOURS, known_zone, parse_hours
from bot.service.command_words import LANGUAGE_WORDS, UNITS, in_english
from bot.service.language import ENGLISH, Texts, folded, texts

DURATION = re.compile(r"^(\d{1,3})\s*([a-z]+)$")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # any moment: `connects_calendar` reads no date


def help_text(texts: Texts) -> str:
    """The reader's own language's words (the French catalog lists the French words)."""
    return texts.gettext(
        "Here is what you can tell me:\n"
        "• `join` / `leave`: take part in coffee rounds, or stop\n"
        "• `pause 2w` (or `3d`, `1m`) / `resume`: skip rounds for a while, or come back now\n"
        "• `where Lisbon`: the office you work from\n"
        "• `tz Europe/Lisbon`: your time zone\n"
        "• `hours 9-17`: your working hours (local time)\n"
        "• `status`: what I know about you and your next round\n"
        "• `profile`: a form for your office, time zone and hours\n"
        "• `why`: why I suggested your current match\n"
        "• `outcomes`: how many people you met lately, and how many you still talk with\n"
        "• `calendar connect` / `calendar disconnect`: let me see when you are free "
        "(free/busy only)\n"
        "• `export`: everything I store about you, as JSON\n"
        "• `forget me`: erase everything about you\n"
        "• `language fr` / `language en`: the language I write to you in\n"
        "Community managers: `admin help`.\n"
        "I only ever see who talks with whom, never what anyone says.")


HELP = help_text(texts(ENGLISH))


@dataclass(frozen=True, slots=True)
class Command:
    """A well-formed request: `name` plus its checked value (a time, a zone, minutes...)."""

    name: str
    value: object = None


@dataclass(frozen=True, slots=True)
class Reply:
    """A message back to the person, when the words were not a command we can carry out."""

    text: str


def parse(text: str, now: datetime, says: Texts | None = None) -> Command | Reply:
    """One message, in English or French words -> the command it asks for, or a helpful
    reply in the reader's language (`says`: their lookups; English when not given)."""
    says = says or texts(ENGLISH)
    typed = " ".join(text.strip().split()).lower() if isinstance(text, str) else ""
    words = in_english(typed)
    word, _, rest = words.partition(" ")
    if word in ("", "help", "hi", "hello", "?"):
        return Reply(help_text(says))
    if words in ("join", "leave", "resume", "status", "why", "export", "profile"):
        return Command(words)
    if words in ("outcomes", "my outcomes"):
        return Command("outcomes")
    if words == "forget me":
        return Reply(says.gettext("This erases everything I know about you, for good. "
                                  "To go ahead, send `forget me now`."))
    if words == "forget me now":
        return Command("forget")
    if word == "pause":
        return _pause(rest, now, says)
    if word == "where":
        return Command("where", _original(text, 1)) if rest else \
            Reply(says.gettext("Usage: `where Lisbon`"))
    if word in ("tz", "timezone"):
        return _zone(_original(text, 1), says)
    if word == "hours":
        return _hours(rest, says)
    if word == "calendar":
        return _calendar(rest, says)
    if word == "language":
        return _language(rest, says)
    return Reply(says.gettext("Sorry, I don't know `{word}`.\n{help}",
                              word=typed.partition(" ")[0], help=help_text(says)))


def connects_calendar(text: str) -> bool:
    """Whether the words ask for a calendar's connect link, in either language (Slack then
    asks who the person is at work: Asker.address)."""
    found = parse(text, EPOCH)
    return isinstance(found, Command) and found.name == "calendar connect"


CALENDAR = {"": ("calendar", None), "status": ("calendar", None),
            "connect": ("calendar connect", None), "connect google": ("calendar connect", "google"),
            "connect microsoft": ("calendar connect", "microsoft"),
            "connect outlook": ("calendar connect", "microsoft"),
            "disconnect": ("calendar disconnect", None)}


def _calendar(rest: str, says: Texts) -> Command | Reply:
    if rest not in CALENDAR:
        return Reply(says.gettext(
            "`calendar` says what is connected; `calendar connect` (or `calendar connect "
            "google`, `calendar connect microsoft`) links yours; `calendar disconnect` "
            "unlinks it."))
    return Command(*CALENDAR[rest])


def _language(rest: str, says: Texts) -> Command | Reply:
    """`language fr` / `langue en` / `language auto` (back to what the platform says)."""
    if not rest:
        return Command("language")
    chosen = LANGUAGE_WORDS.get(folded(rest))
    if chosen is None:
        return Reply(says.gettext("Usage: `language fr`, `language en`, or `language auto` "
                                  "to follow your chat platform's language"))
    return Command("language", chosen)


def _original(text: str, skip: int) -> str:
    """The words after the first `skip`, as typed (office names keep their capitals)."""
    return " ".join(text.split()[skip:])


def _pause(rest: str, now: datetime, says: Texts) -> Command | Reply:
    found = DURATION.match(folded(rest))
    if not found or found.group(2) not in UNITS:
        return Reply(says.gettext(
            "Usage: `pause 2w` (days `d`, weeks `w` or months `m`, up to 365 days)"))
    days = int(found.group(1)) * UNITS[found.group(2)]
    if not 1 <= days <= 365:
        return Reply(says.gettext("A pause can last from one day to a year."))
    return Command("pause", now + timedelta(days=days))


def _zone(name: str, says: Texts) -> Command | Reply:
    if not known_zone(name):
        return Reply(says.gettext("I don't know the time zone `{zone}`; try one like "
                                  "`Europe/Lisbon` or `America/New_York`.", zone=name))
    return Command("tz", name)


def _hours(rest: str, says: Texts) -> Command | Reply:
    if not HOURS.match(rest.strip()):
        return Reply(says.gettext("Usage: `hours 9-17` or `hours 8:30-16:30`"))
    found = parse_hours(rest)
    if found is None:
        return Reply(says.gettext(
            "Working hours need to start before they end, and span at least an hour."))
    return Command("hours", found)
