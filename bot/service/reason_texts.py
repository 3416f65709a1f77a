"""A suggestion's reasons written in the reader's language, from the structured reasons the core
gives (bot/core/reasons.py: a key and its facts). The facts (people's names, teams, offices,
channels) go in as they are; the sentence, its plural and its grammar come from the catalog.

A nudge stored before reasons were structured holds English sentences: they are shown as
they are (a str here), since nothing is left to write them again from.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.core.reasons import Reason
from bot.service.language import Texts

# Sentences that open with someone's name, not "You": kept as they are after "Ana and Bea: "
NAME_FIRST = {"connector", "connector_office"}


def reason_text(reason: Reason | str, says: Texts) -> str:
    """One reason as a sentence (no final stop) in `says`' language; "" for a key this
    version does not know (a newer writer's), which callers leave out."""
    if not isinstance(reason, Reason):
        return str(reason)
    if reason.key == "pair":
        inner = reason_text(reason.get("reason") or "", says)
        if isinstance(reason.get("reason"), Reason) and reason.get("reason").key not in NAME_FIRST:
            inner = inner[:1].lower() + inner[1:]
        return says.gettext("{a} and {b}: {reason}", a=_name(reason.get("a"), says),
                            b=_name(reason.get("b"), says), reason=inner)
    facts = {k: _name(v, says) if k in ("name", "a", "b") else v for k, v in reason.facts}
    write = _SENTENCES.get(reason.key)
    try:
        return write(says, **facts) if write else ""
    except (TypeError, ValueError, KeyError):  # a stored reason missing a fact: left out
        return ""


def reason_lines(reasons, says: Texts, limit: int = 3) -> list[str]:
    """The first `limit` reasons that can be written, each a sentence."""
    written = (reason_text(r, says) for r in reasons)
    return [text for text in written if text][:limit]


def _name(value, says: Texts) -> str:
    """A person's name; one forgotten since (`forget me`) is "a colleague"."""
    return value if isinstance(value, str) and value else says.pgettext("forgotten person",
                                                                        "a colleague")


def _month(says: Texts, month: str, with_year: bool) -> str:
    """"March", or "March 2025" when it was another year, as the language names months."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "LLLL y" if with_year else "LLLL",
                       locale=says.language)


def _known_one(s: Texts, name, **_) -> str:
    return s.gettext("You both know {name}", name=name)


def _known_more(s: Texts, name, n, **_) -> str:
    return s.ngettext("You both know {name} and {n} other", "You both know {name} and {n} others",
                      n, name=name)


def _common(s: Texts, n, **_) -> str:
    return s.ngettext("You have {n} contact in common", "You have {n} contacts in common", n)


def _teams_channel(s: Texts, team_a, team_b, channel, **_) -> str:
    return s.gettext("You work in {team_a} and {team_b}, and both post in {channel}",
                     team_a=team_a, team_b=team_b, channel=channel)


def _teams_known_one(s: Texts, team_a, team_b, name, **_) -> str:
    return s.gettext("You work in {team_a} and {team_b}, and both know {name}",
                     team_a=team_a, team_b=team_b, name=name)


def _teams_known_more(s: Texts, team_a, team_b, name, n, **_) -> str:
    return s.ngettext("You work in {team_a} and {team_b}, and both know {name} and {n} other",
                      "You work in {team_a} and {team_b}, and both know {name} and {n} others",
                      n, team_a=team_a, team_b=team_b, name=name)


def _teams_common(s: Texts, team_a, team_b, n, **_) -> str:
    return s.ngettext("You work in {team_a} and {team_b}, and have {n} contact in common",
                      "You work in {team_a} and {team_b}, and have {n} contacts in common",
                      n, team_a=team_a, team_b=team_b)


def _teams_crossed(s: Texts, team_a, team_b, **_) -> str:
    return s.gettext("You work in {team_a} and {team_b}, and have crossed paths before",
                     team_a=team_a, team_b=team_b)


def _circles_channel(s: Texts, channel, **_) -> str:
    return s.gettext("You work in different circles but both post in {channel}",
                     channel=channel)


def _circles_known_one(s: Texts, name, **_) -> str:
    return s.gettext("You work in different circles but both know {name}", name=name)


def _circles_known_more(s: Texts, name, n, **_) -> str:
    return s.ngettext("You work in different circles but both know {name} and {n} other",
                      "You work in different circles but both know {name} and {n} others",
                      n, name=name)


def _circles_common(s: Texts, n, **_) -> str:
    return s.ngettext("You work in different circles but have {n} contact in common",
                      "You work in different circles but have {n} contacts in common", n)


def _circles_crossed(s: Texts, **_) -> str:
    return s.gettext("You work in different circles but have crossed paths before")


def _dormant(s: Texts, month, with_year=False, **_) -> str:
    return s.gettext("You used to talk often; the last time was in {month}",
                     month=_month(s, month, bool(with_year)))


def _acquaintance(s: Texts, **_) -> str:
    return s.gettext("You already know each other a little; a coffee would change that")


def _channel(s: Texts, channel, **_) -> str:
    return s.gettext("You both post in {channel}", channel=channel)


def _connector(s: Texts, name, **_) -> str:
    return s.gettext("{name} knows many people", name=name)


def _connector_office(s: Texts, name, office, **_) -> str:
    return s.gettext("{name} knows many people across {office}", name=name, office=office)


def _same_circles(s: Texts, **_) -> str:
    return s.gettext("You move in the same circles but have not been introduced")


def _same_office(s: Texts, office, **_) -> str:
    return s.gettext("You both work at {office}", office=office)


def _not_introduced(s: Texts, **_) -> str:
    return s.gettext("You have not been introduced yet")


_SENTENCES = {
    "known_one": _known_one, "known_more": _known_more, "common": _common,
    "teams_channel": _teams_channel, "teams_known_one": _teams_known_one,
    "teams_known_more": _teams_known_more, "teams_common": _teams_common,
    "teams_crossed": _teams_crossed, "circles_channel": _circles_channel,
    "circles_known_one": _circles_known_one, "circles_known_more": _circles_known_more,
    "circles_common": _circles_common, "circles_crossed": _circles_crossed,
    "dormant": _dormant, "acquaintance": _acquaintance, "channel": _channel,
    "connector": _connector, "connector_office": _connector_office,
    "same_circles": _same_circles, "same_office": _same_office,
    "not_introduced": _not_introduced,
}
KEYS = frozenset(_SENTENCES) | {"pair"}  # every key the core writes (a test checks)
