"""A week's picture of a network's health, as aggregates only (issue 13; docs/health.md).

Pure: people, the tie graph, its communities and the interactions come in with `now`; a frozen
snapshot comes out. Nothing in it names a person: labels are offices and teams as the
organisation names them, and community numbers. The privacy rules of bot/core/outcomes.py hold:
a figure over fewer than MIN_PEOPLE people is None, and a group (office, team, community) with
fewer than MIN_PEOPLE people in scope counts as unknown wherever a figure would depend on it, so
that no share or cell can be subtracted from another to uncover a suppressed one.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import Interaction, Person
from bot.core.outcomes import MIN_PEOPLE
from bot.core.ties import TieGraph, TieParams, is_strong

WEEK = timedelta(days=7)
ISOLATION_DAYS = 60
# A bridge matrix covers this many groups, the largest: 1,000 teams would make half a million
# cells, too many to store each week or to read, and the largest groups are where a program
# would start.
MATRIX_GROUPS = 20
# Kinds that put two people in direct touch: a channel post (no target) and a join never do.
DIRECT = frozenset(TieParams().weights()) - {"message"}


@dataclass(frozen=True, slots=True)
class Bridge:
    """Ties between two groups. Below MIN_PEOPLE on either side: ties None, and that side's
    people None (the cell is suppressed; no total elsewhere adds it back: a large side's people
    are None too where showing them would let a subtraction give a small group's size)."""

    a: str
    b: str
    ties: int | None
    people_a: int | None
    people_b: int | None


@dataclass(frozen=True, slots=True)
class GroupShare:
    """Share (%) of a group's people with a tie to another group; None below MIN_PEOPLE. `people`
    is None below MIN_PEOPLE, and where it is withheld by secondary suppression (_groups)."""

    label: str
    people: int | None
    outside: float | None


@dataclass(frozen=True, slots=True)
class HealthSnapshot:
    """One week ending at `now`, over one set of people (a tenant or a program's scope)."""

    now: datetime
    people: int
    across_communities: float | None  # % with a tie to another community
    across_teams: float | None  # None with fewer than two teams of MIN_PEOPLE people
    across_offices: float | None
    isolated: float | None  # % with no direct interaction in the isolation window
    weak_ties_median: float | None
    new_ties: int | None  # pairs whose first direct interaction falls in this week
    office_bridges: tuple[Bridge, ...]
    team_bridges: tuple[Bridge, ...]
    community_bridges: tuple[Bridge, ...]  # only communities of at least MIN_PEOPLE people
    teams: tuple[GroupShare, ...]
    offices: tuple[GroupShare, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A finding in plain words, with what a draft program would scope to."""

    kind: str  # "bridge": two groups barely tied; "inward": a group with few ties outside it
    text: str
    offices: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    # the figures `text` says, for saying it again in another language (bot/service)
    ties: int = 0  # "bridge": the ties the two groups share
    people: int = 0  # "bridge": the people of both groups
    share: float = 0.0  # "inward": the share of the group with no tie outside it


def snapshot(people: Iterable[Person], include: Collection[str], ties: TieGraph,
             community: Mapping[str, int], interactions: Iterable[Interaction], now: datetime,
             threshold: float, isolation_days: int = ISOLATION_DAYS) -> HealthSnapshot:
    """The snapshot for the people whose ids are in `include`; ties count only between them.
    `threshold` is bot.core.ties.strong_threshold of the graph: a tie that is not `is_strong` is weak."""
    ids = set(include)
    everyone = [p for p in people if p.id in ids]
    ids = {p.id for p in everyone}
    n = len(everyone)
    teams = _groups({p.id: p.team for p in everyone if p.team is not None}, n)
    offices = _groups({p.id: p.office for p in everyone if p.office is not None}, n)
    comms = _groups({i: str(community[i]) for i in ids if i in community}, n)
    dims = (comms, teams, offices)
    reach: list[set[str]] = [set(), set(), set()]  # who has a tie to another (large) group
    cells: list[dict[tuple[str, str], int]] = [{}, {}, {}]
    weak = dict.fromkeys(ids, 0)
    # One pass over the graph's edges, each seen once, as in strong_threshold().
    done: set[str] = set()
    for u, adj in ties.graph.adjacency():
        if u not in ids:
            done.add(u)
            continue
        for v, attrs in adj.items():
            if v in done or v not in ids or v == u:
                continue
            if not is_strong(attrs["strength"], threshold):
                weak[u] += 1
                weak[v] += 1
            for (label, large, _), seen, cell in zip(dims, reach, cells, strict=True):
                a, b = label.get(u), label.get(v)
                if a is None or b is None or a == b:
                    continue
                key = (a, b) if a < b else (b, a)
                cell[key] = cell.get(key, 0) + 1
                if a in large and b in large:
                    seen.add(u)
                    seen.add(v)
        done.add(u)
    quiet, new = _recency(interactions, ids, now, timedelta(days=isolation_days))
    enough = n >= MIN_PEOPLE
    return HealthSnapshot(
        now=now, people=n,
        across_communities=_across(comms, reach[0]), across_teams=_across(teams, reach[1]),
        across_offices=_across(offices, reach[2]),
        isolated=_share(n - len(quiet), n) if enough else None,
        weak_ties_median=float(statistics.median(weak.values())) if enough else None,
        new_ties=new if enough else None,
        office_bridges=_bridges(offices, cells[2], every_label=True),
        team_bridges=_bridges(teams, cells[1], every_label=True),
        community_bridges=_bridges(comms, cells[0], every_label=False, key=int),
        teams=_group_shares(teams, reach[1]), offices=_group_shares(offices, reach[2]))


# A dimension: person -> label; the labels with at least MIN_PEOPLE people -> their size; and
# the large labels whose size may be shown.
_Dim = tuple[dict[str, str], dict[str, int], frozenset[str]]


def _groups(label: dict[str, str], everyone: int) -> _Dim:
    """Secondary suppression, as statistics offices do it: the people outside the large groups
    (small groups, no label) are the total minus the large groups' sizes. When they are fewer
    than MIN_PEOPLE (a 3-person office beside two of 12), the smallest large group's size is
    withheld too, so no subtraction of shown figures gives a suppressed one."""
    large = {value: size for value, size in _sizes(label).items() if size >= MIN_PEOPLE}
    sized = set(large)
    if 0 < everyone - sum(large.values()) < MIN_PEOPLE and large:
        sized.discard(min(large, key=lambda name: (large[name], name)))
    return label, large, frozenset(sized)


def _sizes(label: Mapping[str, str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for value in label.values():
        sizes[value] = sizes.get(value, 0) + 1
    return sizes


def _across(dim: _Dim, reached: set[str]) -> float | None:
    """% of the people in large groups with a tie to another large group; None unless two
    large groups exist (the whole is then at least 2 * MIN_PEOPLE people)."""
    label, large, _ = dim
    if len(large) < 2:
        return None
    return _share(sum(1 for i in reached if label[i] in large), sum(large.values()))


def _group_shares(dim: _Dim, reached: set[str]) -> tuple[GroupShare, ...]:
    label, large, sized = dim
    hits = _sizes({i: label[i] for i in reached if i in label})
    out = []
    for name, size in sorted(_sizes(label).items()):
        shown = size if name in sized else None
        if name not in large or len(large) < 2:
            out.append(GroupShare(name, shown, None))
        else:
            out.append(GroupShare(name, shown, _share(hits.get(name, 0), size)))
    return tuple(out)


def _bridges(dim: _Dim, cell: Mapping[tuple[str, str], int], every_label: bool,
             key: Callable[[str], object] = str) -> tuple[Bridge, ...]:
    """Every pair (a < b) of the MATRIX_GROUPS largest groups. Communities are computed, not
    named: a small one's cells would all be suppressed, so only large ones count (`every_label`
    False)."""
    label, large, sized = dim
    sizes = _sizes(label) if every_label else large
    biggest = sorted(sizes, key=lambda name: (-sizes[name], key(name)))[:MATRIX_GROUPS]
    names = sorted(biggest, key=key)
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a in large and b in large:
                pair = (a, b) if a < b else (b, a)
                out.append(Bridge(a, b, cell.get(pair, 0), _size(large, sized, a),
                                  _size(large, sized, b)))
            else:
                out.append(Bridge(a, b, None, _size(large, sized, a), _size(large, sized, b)))
    return tuple(out)


def _size(large: Mapping[str, int], sized: frozenset[str], name: str) -> int | None:
    return large[name] if name in sized else None


def _recency(interactions: Iterable[Interaction], ids: set[str], now: datetime,
             window: timedelta) -> tuple[set[str], int]:
    """(people with a direct interaction in [now - window, now], pairs first in touch this week).
    One pass; only pairs within `ids`, only interactions up to `now`."""
    since, week_start = now - window, now - WEEK
    touched: set[str] = set()
    first: dict[tuple[str, str], datetime] = {}
    for actor, target, kind, at, _channel in interactions:
        if target is None or actor == target or kind not in DIRECT or at > now:
            continue
        if at >= since:
            # Touched, in either direction; with someone outside the scope too: they are not
            # alone, even if this set of people does not show it.
            touched.add(actor)
            touched.add(target)
        if actor in ids and target in ids:
            pair = (actor, target) if actor < target else (target, actor)
            seen = first.get(pair)
            if seen is None or at < seen:
                first[pair] = at
    new = sum(1 for at in first.values() if at > week_start)
    return touched & ids, new


def _share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def suggestions(health: HealthSnapshot, limit: int = 4) -> list[Suggestion]:
    """What a manager could act on: the barely tied pair of offices (and of teams), and the team
    (and office) that looks most inward. From unsuppressed figures only."""
    out = []
    for bridges, field in ((health.office_bridges, "offices"), (health.team_bridges, "teams")):
        known = [b for b in bridges if b.ties is not None and b.people_a and b.people_b]
        if known:
            # Fewest ties per possible pair, so a big pair is not blamed for being big.
            worst = min(known, key=lambda b: (b.ties / (b.people_a * b.people_b), b.a, b.b))
            text = (f"{worst.a} and {worst.b} share {worst.ties} "
                    f"{'tie' if worst.ties == 1 else 'ties'} among "
                    f"{worst.people_a + worst.people_b} people")
            out.append(Suggestion("bridge", text, **{field: (worst.a, worst.b)}, ties=worst.ties,
                                  people=worst.people_a + worst.people_b))
    for groups, field, noun in ((health.teams, "teams", "team"),
                                (health.offices, "offices", "office")):
        known = [g for g in groups if g.outside is not None and g.outside < 100.0]
        if known:
            worst = min(known, key=lambda g: (g.outside, g.label))
            alone = round(100.0 - worst.outside, 1)
            text = f"{alone:g}% of the {worst.label} {noun} has no tie outside it"
            out.append(Suggestion("inward", text, **{field: (worst.label,)}, share=alone))
    return out[:limit]
