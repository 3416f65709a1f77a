"""Reasons in plain words: who you both know, where you both post, when you last talked.

Only names of people, channels and months appear here: never anything anyone wrote.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.rules import Rules


def known_reason(rules: Rules, mutual: list[tuple[float, str]]) -> str | None:
    """"You both know Bea Lind and 3 others", naming the best-known nameable mutual contact."""
    if not mutual:
        return None
    named = next((n for _, n in mutual if rules.nameable(n)), None)
    if named is None:
        return f"You have {_count(len(mutual), 'contact')} in common"
    rest = len(mutual) - 1
    tail = f" and {_count(rest, 'other')}" if rest else ""
    return f"You both know {rules.people[named].label}{tail}"


def teams_of(rules: Rules, pair: tuple[str, str]) -> tuple[str, str] | None:
    """The two teams a pair works in, when the round crosses teams and both are known."""
    a, b = (rules.people[p].team for p in pair)
    return (a, b) if rules.apart and a and b else None


def bridge_reason(rules: Rules, known: str | None, channels: frozenset[str],
                  pair: tuple[str, str]) -> str:
    """Why two people of different circles (or, crossing teams, of two teams) should meet."""
    if (both := teams_of(rules, pair)) is not None:  # teams the company named: say which
        teams = f"You work in {both[0]} and {both[1]}"
        if channels:
            return f"{teams}, and both post in {channel_name(rules, channels)}"
        return f"{teams}, and {known[4:]}" if known else f"{teams}, and have crossed paths before"
    if channels:
        return f"You work in different circles but both post in {channel_name(rules, channels)}"
    if known:
        return "You work in different circles but " + known[4:]  # "both know ...", "have ..."
    return "You work in different circles but have crossed paths before"


def dormant_reason(last: datetime, now: datetime) -> str:
    when = last.strftime("%B") if last.year == now.year else last.strftime("%B %Y")
    return f"You used to talk often; the last time was in {when}"


def channel_name(rules: Rules, channels: frozenset[str]) -> str:
    """The shared channel to name: the smallest, as it says most about the pair, by the name
    people know it by (its id only while no name is known)."""
    channel = min(channels, key=lambda c: (rules.channel_size.get(c, 0), c))
    name = rules.channel_names.get(channel, channel)
    return name if name.startswith("#") else f"#{name}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

