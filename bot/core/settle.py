"""The second pass of a round: nobody left alone, nobody with only strangers when avoidable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.core.candidates import pair_candidate
from bot.core.matching import match
from bot.core.model import Candidate, Group
from bot.core.partners import channel_members, context_partners
from bot.core.rules import Rules
from bot.core.thirds import pair_thirds

OPEN_SCAN = 8  # open groups of people without context looked at per person, so it stays linear


def settle(rules: Rules, candidates: Sequence[Candidate], groups: Sequence[Group],
           unmatched: Sequence[str], group_size: int = 2, left_out: frozenset[str] = frozenset(),
           seed: int = 0) -> tuple[list[Group], list[str], list[Candidate]]:
    """A second pass for everyone the matcher left alone or put with nobody they share context
    with (hubs are everyone's best friend of a friend, so their many leaves lose out):

    1. they leave their group (a group keeps whoever still has context in it);
    2. those loose are paired (most pairs first) along the context they share with each other;
    3. someone still loose joins, as a third, a group with room where they share context with a
       member, or takes a member a group of three can spare;
    4. the rest share context with nobody free: they meet in groups of group_size (one of
       them a size larger for someone left over), so there are as few blind pairs as can be.
    5. thirds who share context with only one member of their group pair up along context
       where they can (bot/core/thirds.py).

    Returns the groups (best first), who is still unmatched (sorted) and the candidates added."""
    cap = min(group_size + 1, 4)
    kept: list[list[str]] = []
    same: dict[tuple[str, ...], Group] = {}  # groups the matcher made that stay as they were
    loose: set[str] = set(unmatched)
    for group in groups:
        rest = _fit(rules, list(group.members))
        if len(rest) > 2:
            # A group of three or more lets go of someone it can spare, who may make a pair
            # of their own with someone loose (and else comes back).
            # It keeps crossing circles if it did.
            spare = next((m for m in reversed(rest) if _spares(rules, rest, m)), None)
            if spare is not None:
                rest = [o for o in rest if o != spare]
        if len(rest) >= 2:
            kept.append(rest)
            if len(rest) == len(group.members):
                same[group.members] = group
        loose.update(m for m in group.members if m not in rest or len(rest) < 2)
    lookup = {c.pair: c for c in sorted(candidates, key=lambda c: (c.score, c.pair))}
    more: dict[tuple[str, str], Candidate] = {}
    for members in _pair_loose(rules, loose, group_size, left_out, seed, more):
        kept.append(members)
        loose.difference_update(members)
    where = {m: i for i, g in enumerate(kept) for m in g}
    everyone = channel_members(rules, rules.eligible)
    blind: list[str] = []
    partners = {a: context_partners(rules, a, everyone) for a in sorted(loose)}
    # Those with fewest options choose first, so that a hub's room goes to who needs it most.
    for a in sorted(loose, key=lambda p: (p not in left_out, len(partners[p]), p)):
        if _join(rules, kept, where, a, partners[a], cap) is None:
            blind.append(a)
    seated = _blind(rules, blind, group_size, cap)
    kept += [g for g in seated if len(g) >= 2]
    for [a] in (g for g in seated if len(g) == 1):  # nobody left out while a group has room
        _seat(rules, kept, a, cap)

    def partners_of(person: str) -> list[str]:
        if person not in partners:
            partners[person] = context_partners(rules, person, everyone)
        return partners[person]
    if group_size == 2:  # a three is then one too many; in a program of threes it is the size
        pair_thirds(rules, kept, partners_of)
    out = []
    for members in kept:
        key = tuple(sorted(members))
        out.append(same.get(key) or _group(rules, list(key), lookup, more))
    out.sort(key=lambda g: (-g.score, g.members))
    grouped = {m for g in out for m in g.members}
    still = sorted(p for p in {*unmatched, *loose} if p not in grouped)
    return out, still, list(more.values())


def _has_context(rules: Rules, person: str, members: Sequence[str]) -> bool:
    return any(rules.context.shared(person, o) for o in members if o != person)


def _pair_loose(rules: Rules, loose: set[str], group_size: int, left_out: frozenset[str],
                seed: int, more: dict[tuple[str, str], Candidate]) -> list[list[str]]:
    """Groups of loose people along the context they share, as many people placed as can be."""
    members = channel_members(rules, loose)
    options: dict[tuple[str, str], Candidate] = {}
    for a in sorted(loose):
        for b in context_partners(rules, a, members):
            pair = (a, b) if a < b else (b, a)
            if b in loose and pair not in options:
                options[pair] = pair_candidate(rules, a, b)
    if not options:
        return []
    # Every context pair is worth far more than any difference in quality: place most people.
    top = max(c.score for c in options.values())
    boosted = [replace(c, score=1.0 + 0.1 * c.score / top) for c in options.values()]
    groups, _ = match(boosted, sorted(loose), group_size, left_out, seed, rules.may_meet)
    out = []
    for group in groups:
        inside = _fit(rules, list(group.members))
        if len(inside) >= 2:
            out.append(inside)
            for i, a in enumerate(inside):
                for b in inside[i + 1:]:
                    if (a, b) in options:
                        more[a, b] = options[a, b]
    return out


def _spares(rules: Rules, members: list[str], m: str) -> bool:
    """Whether the group stays good without m: all may meet, each with context, and crossing
    circles if it did."""
    rest = [o for o in members if o != m]
    crossed = any(rules.crossing(a, b) for a in members for b in members if a < b)
    return (_fit(rules, rest) == rest
            and (not crossed or any(rules.crossing(a, b) for a in rest for b in rest if a < b)))


def _fit(rules: Rules, members: list[str]) -> list[str]:
    """Members may all meet and each shares context with another; else drop who does not fit."""
    while len(members) >= 2:
        clash = [sum(not rules.may_meet(m, o) for o in members if o != m) for m in members]
        lacking = [not _has_context(rules, m, members) for m in members]
        worst = max(range(len(members)), key=lambda i: (clash[i] + lacking[i], members[i]))
        if clash[worst] + lacking[worst] == 0:
            return members
        members = [m for i, m in enumerate(members) if i != worst]
    return members


def _join(rules: Rules, kept: list[list[str]], where: dict[str, int], a: str,
          partners: list[str], cap: int) -> int | None:
    """Seat a with a context partner: in their group if it has room and a shares context with
    every member there; else by taking a partner whose group stays good without them (a pair of
    their own); else in a partner's group with room. Every pair of a group sharing context comes
    first: that is what its members live. Returns the changed group's index."""
    rooms = [u for u in partners if u in where and len(kept[where[u]]) < cap
             and all(rules.may_meet(a, m) for m in kept[where[u]])]
    whole = [u for u in rooms if all(rules.context.shared(a, m) for m in kept[where[u]])]
    if whole:
        return _into(rules, kept, where, a, whole)
    for u in partners:
        if u not in where or len(kept[where[u]]) < 3:
            continue
        rest = [m for m in kept[where[u]] if m != u]
        if all(_has_context(rules, m, rest) for m in rest):
            i = where[u]
            kept[i] = rest
            kept.append([u, a])
            where[u] = where[a] = len(kept) - 1
            return i
    return _into(rules, kept, where, a, rooms) if rooms else None


def _into(rules: Rules, kept: list[list[str]], where: dict[str, int], a: str,
          rooms: list[str]) -> int:
    """a joins the smallest of the groups of `rooms` (its members), one crossing circles first."""
    u = min(rooms, key=lambda u: (len(kept[where[u]]), not rules.crossing(a, u), u))
    i = where[u]
    kept[i].append(a)
    where[a] = i
    return i


def _blind(rules: Rules, people: list[str], size: int, cap: int) -> list[list[str]]:
    """Groups of the program's size for people with no context partner free, by community then
    by id; someone left over makes one of them a group of up to cap. Not bigger: every pair in
    such a group are strangers, and a group of three holds three such pairs for three people
    where two pairs hold one for two."""
    order = sorted(people, key=lambda p: (rules.communities.get(p, -1), p))
    groups: list[list[str]] = []
    open_: list[int] = []
    for a in order:
        spot = next((i for i in open_[-OPEN_SCAN:]
                     if all(rules.may_meet(a, m) for m in groups[i])), None)
        if spot is None:
            groups.append([a])
            open_.append(len(groups) - 1)
        else:
            groups[spot].append(a)
            if len(groups[spot]) >= size:
                open_.remove(spot)
    # Someone alone at the end joins a group of two with room that they may meet.
    singles = [g for g in groups if len(g) == 1]
    for single in singles:
        a = single[0]
        spot = next((g for g in groups if 2 <= len(g) < cap
                     and all(rules.may_meet(a, m) for m in g)), None)
        if spot is not None:
            spot.append(a)
            single.clear()
    return [g for g in groups if g]


def _seat(rules: Rules, kept: list[list[str]], a: str, cap: int) -> None:
    """Someone no blind group could take joins any group with room they may meet, one where
    they share context with a member first, then the smallest."""
    rooms = [g for g in kept if len(g) < cap and all(rules.may_meet(a, m) for m in g)]
    if rooms:
        min(rooms, key=lambda g: (not _has_context(rules, a, g), len(g), g)).append(a)


def _group(rules: Rules, members: list[str], lookup: Mapping[tuple[str, str], Candidate],
           more: dict[tuple[str, str], Candidate]) -> Group:
    """A Group with its pairs' candidate scores and reasons, best first (new pairs explained)."""
    edges = []
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            c = lookup.get((a, b)) or more.get((a, b))
            if c is None:
                c = more[a, b] = pair_candidate(rules, a, b)
            edges.append(c)
    return Group.of(tuple(members), edges)
