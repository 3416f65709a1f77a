"""Why two people should meet, as data: a message key and its named facts (who you both know,
where you both post, the two teams, when you last talked), never a sentence.

The sentences are written later, in each reader's language, from the `weaktie` catalogs
(bot/service/reason_texts.py): a French reader and an English one read the same stored reason.
Only names of people, teams, offices, channels and a month appear here: never anything anyone
wrote. Names are facts, never translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rules -> overlap -> plan -> reasons: only the type is needed here
    from bot.core.rules import Rules

# What a pair is known to share, when a bridge reason says so: one named contact, a named one
# and others, or only a count (nobody nameable)
KNOWN_KINDS = ("known_one", "known_more", "common")


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: `key` picks the sentence; `facts` are its named values, sorted by name
    (kept as pairs so that a reason is hashable: a group keeps each reason once)."""

    key: str
    facts: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **facts: object) -> Reason:
        return cls(key, tuple(sorted(facts.items())))

    def get(self, name: str, default: object = None) -> object:
        return dict(self.facts).get(name, default)

    def stored(self) -> dict:
        """As a nudge keeps it (JSON): {"key": ..., "facts": {...}}, an inner reason nested."""
        return {"key": self.key, "facts": {k: v.stored() if isinstance(v, Reason) else v
                                           for k, v in self.facts}}

    @classmethod
    def from_stored(cls, value: dict) -> Reason:
        facts = {k: cls.from_stored(v) if isinstance(v, dict) else v
                 for k, v in dict(value.get("facts") or {}).items()}
        return cls.of(str(value.get("key", "")), **facts)

    def names(self) -> list[str]:
        """Every text fact (people, teams, offices, channels), inner reasons' too."""
        found = []
        for _, value in self.facts:
            if isinstance(value, Reason):
                found += value.names()
            elif isinstance(value, str):
                found.append(value)
        return found


def known_reason(rules: Rules, mutual: list[tuple[float, str]]) -> Reason | None:
    """"You both know Bea Lind and 3 others", naming the best-known nameable mutual contact."""
    if not mutual:
        return None
    named = next((n for _, n in mutual if rules.nameable(n)), None)
    if named is None:
        return Reason.of("common", n=len(mutual))
    rest = len(mutual) - 1
    if rest:
        return Reason.of("known_more", name=rules.people[named].label, n=rest)
    return Reason.of("known_one", name=rules.people[named].label)


def teams_of(rules: Rules, pair: tuple[str, str]) -> tuple[str, str] | None:
    """The two teams a pair works in, when the round crosses teams and both are known."""
    a, b = (rules.people[p].team for p in pair)
    return (a, b) if rules.apart and a and b else None


def bridge_reason(rules: Rules, known: Reason | None, channels: frozenset[str],
                  pair: tuple[str, str]) -> Reason:
    """Why two people of different circles (or, crossing teams, of two teams) should meet:
    "teams_..." names both teams, "circles_..." says they work in different circles; then
    the shared channel, who they both know, or that they crossed paths."""
    both = teams_of(rules, pair)
    prefix, extra = ("teams", {"team_a": both[0], "team_b": both[1]}) if both else ("circles", {})
    if channels:
        return Reason.of(f"{prefix}_channel", channel=channel_name(rules, channels), **extra)
    if known is not None:
        return Reason.of(f"{prefix}_{known.key}", **dict(known.facts), **extra)
    return Reason.of(f"{prefix}_crossed", **extra)


def includes_known(reason: Reason) -> bool:
    """Whether a bridge reason already says who the pair both know."""
    return reason.key.split("_", 1)[-1] in KNOWN_KINDS and reason.key.split("_")[0] in (
        "teams", "circles")


def dormant_reason(last: datetime, now: datetime) -> Reason:
    """"The last time was in March" (with the year when it was another year)."""
    return Reason.of("dormant", month=f"{last.year:04d}-{last.month:02d}",
                     with_year=last.year != now.year)


def channel_reason(rules: Rules, channels: frozenset[str]) -> Reason:
    return Reason.of("channel", channel=channel_name(rules, channels))


def pair_reason(a: str, b: str, reason: Reason | str) -> Reason:
    """In a group of three or more: which two a reason is about ("Ana and Bea: ...")."""
    return Reason.of("pair", a=a, b=b, reason=reason)


def channel_name(rules: Rules, channels: frozenset[str]) -> str:
    """The shared channel to name: the smallest, as it says most about the pair, by the name
    people know it by (its id only while no name is known)."""
    channel = min(channels, key=lambda c: (rules.channel_size.get(c, 0), c))
    name = rules.channel_names.get(channel, channel)
    return name if name.startswith("#") else f"#{name}"
