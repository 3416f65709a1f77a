"""The rules of one round: who may meet whom, and the facts every pair check reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.context import Context
from bot.core.eligibility import eligible as eligible_people
from bot.core.model import History, Person
from bot.core.overlap import Hours
from bot.core.programs import Program
from bot.core.ties import TieGraph, is_strong, strong_threshold


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything a pair check needs, computed once per round."""

    ties: TieGraph
    people: Mapping[str, Person]
    eligible: frozenset[str]
    blocked: Mapping[str, frozenset[str]]
    communities: Mapping[str, int]
    program: Program
    now: datetime
    strong: float
    channel_size: Mapping[str, int]
    context: Context
    # person -> {neighbour: edge attrs}: networkx's own dicts, without its slower view wrappers
    adj: Mapping[str, Mapping[str, Mapping[str, Any]]]
    close: dict[str, list[str]] = field(default_factory=dict)  # strong ties by id, filled lazily
    # channel id -> the name people know it by, for reasons ("You both post in #coffee")
    channel_names: Mapping[str, str] = field(default_factory=dict)
    hours: Hours | None = None  # the shared-working-hours rule (hybrid and remote programs)
    # crossing teams (bot/core/crossing.py): two people of one known team never meet
    apart: bool = False

    def ties_of(self, person: str) -> Mapping[str, Mapping[str, Any]]:
        """Person's neighbours and edge attributes; empty for someone with no ties."""
        return self.adj.get(person, {})

    def allowed(self, a: str, b: str) -> bool:
        """Whether a and b may be suggested at all (strong ties are checked by the caller)."""
        if a == b or b not in self.eligible or b in self.blocked.get(a, ()):
            return False
        if self.apart and self.same_team(a, b):
            return False
        if self.program.in_person:
            office = self.people[a].office
            return office is not None and office == self.people[b].office
        return self.hours is None or self.hours.enough(a, b)

    def same_team(self, a: str, b: str) -> bool:
        """Whether a and b are of one known team."""
        team = self.people[a].team
        return team is not None and team == self.people[b].team

    def hours_factor(self, a: str, b: str) -> float:
        """Up to 1: how much of their working day a and b share (see overlap.py)."""
        return 1.0 if self.hours is None else self.hours.factor(a, b)

    def crossing(self, a: str, b: str) -> bool:
        """Whether a and b sit in different (known) communities (none when crossing is off)."""
        ca, cb = self.communities.get(a), self.communities.get(b)
        return ca is not None and cb is not None and ca != cb

    def shared_channels(self, a: str, b: str) -> frozenset[str]:
        """Channels both a and b posted in."""
        none: frozenset[str] = frozenset()
        return self.ties.channels.get(a, none) & self.ties.channels.get(b, none)

    def close_ties(self, person: str) -> list[str]:
        """Person's strong ties (possible go-betweens), sorted by id, computed once per round."""
        if person not in self.close:
            adj = self.ties_of(person)
            self.close[person] = sorted(n for n, e in adj.items() if is_strong(e["strength"], self.strong))
        return self.close[person]

    def may_meet(self, a: str, b: str) -> bool:
        """Allowed, and not already strongly tied."""
        edge = self.ties_of(a).get(b)
        return self.allowed(a, b) and (edge is None or not is_strong(edge["strength"], self.strong))

    def nameable(self, person: str) -> bool:
        """Only enrolled people we know are named in someone else's reasons."""
        known = self.people.get(person)
        return known is not None and known.enrolled


def round_rules(ties: TieGraph, people: Mapping[str, Person], history: History,
                program: Program, now: datetime, communities: Mapping[str, int],
                channel_names: Mapping[str, str] | None = None, apart: bool = False) -> Rules:
    """Who may meet whom this round: eligibility, cool-down, do-not-pair, offices (in person) or
    shared working hours (hybrid and remote), strong ties; with `apart`, not one's own team.
    `communities`: the labels crossing is scored by (bot/core/crossing.py)."""
    eligible = eligible_people(people, program, ties.channels, now)
    blocked: dict[str, set[str]] = {}
    cooldown = timedelta(weeks=program.cooldown_weeks)
    pairs = [tuple(pair) for pair, at in history.last_paired.items() if now - at < cooldown]
    pairs += [(p, other) for p in eligible for other in people[p].do_not_pair]
    for pair in pairs:
        if len(pair) == 2:
            a, b = pair
            blocked.setdefault(a, set()).add(b)
            blocked.setdefault(b, set()).add(a)
    sizes: dict[str, int] = {}
    for joined in ties.channels.values():
        for channel in joined:
            sizes[channel] = sizes.get(channel, 0) + 1
    adj = dict(ties.graph.adjacency())
    strong = strong_threshold(ties)
    return Rules(ties, people, eligible, {p: frozenset(s) for p, s in blocked.items()},
                 communities, program, now, strong, sizes, Context.of(adj, ties.channels, strong),
                 adj, channel_names=dict(channel_names or {}),
                 hours=_hours(people, eligible, program, now), apart=apart)


def _hours(people: Mapping[str, Person], eligible: frozenset[str], program: Program,
           now: datetime) -> Hours:
    """The round's shared-hours rule, with every eligible person's profile known up front."""
    hours = Hours(people, program, now)
    if hours.active:
        for person in sorted(eligible):
            hours.profile(person)
    return hours


def mutuals(adj_a: Mapping, adj_b: Mapping, a: str, b: str) -> list[tuple[float, str]]:
    """Mutual contacts as (how well both know them, id), in no particular order."""
    common = adj_a.keys() & adj_b.keys()  # a set intersection in C, looping over the smaller
    common.discard(a)
    common.discard(b)
    return [(sa if (sa := adj_a[n]["strength"]) < (sb := adj_b[n]["strength"]) else sb, n)
            for n in common]
