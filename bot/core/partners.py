"""Who shares context with whom among the people a round has left loose (see settle.py)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping

from bot.core.fill import FILL_SCAN
from bot.core.rules import Rules

CLOSE_SCAN = 256  # a go-between's close ties read per person looking for context partners


def channel_members(rules: Rules, among: Iterable[str]) -> dict[str, list[str]]:
    """The small channels (see context.py) of `among`, each with its members in `among`, sorted."""
    members: dict[str, list[str]] = {}
    for p in sorted(set(among)):
        for c in rules.ties.channels.get(p, frozenset()) & rules.context.small:
            members.setdefault(c, []).append(p)
    return members


def context_partners(rules: Rules, a: str, members: Mapping[str, list[str]]) -> list[str]:
    """People a may meet who share context with a, sorted by id: a's own light ties, people one
    of a's strong ties also knows well, and fellow members of a's small channels (`members`, see
    channel_members). A go-between or a channel is read from a onwards for a bounded stretch."""
    found = set(rules.ties_of(a))
    for via in rules.close_ties(a):
        found.update(_stretch(rules.close_ties(via), a, CLOSE_SCAN))
    for c in sorted(rules.ties.channels.get(a, frozenset()) & rules.context.small):
        found.update(_stretch(members.get(c, []), a, FILL_SCAN))
    return sorted(b for b in found if rules.may_meet(a, b))


def _stretch(ids: list[str], a: str, scan: int) -> list[str]:
    """At most `scan` of the sorted `ids`, starting after a and wrapping round."""
    if len(ids) <= scan:
        return ids
    start = bisect_right(ids, a)
    return [ids[(start + i) % len(ids)] for i in range(scan)]

