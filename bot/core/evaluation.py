"""How good a round's groups are: the baselines we compare against and the metrics we report.

The baselines are what coffee-pairing bots do today: pure random pairing (Donut, RandomCoffee), and
random pairing that avoids the same department and repeats (the best open-source bots). The
metrics are shares of groups, so rounds of different sizes compare.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from random import Random

import networkx as nx

from bot.core.context import Context
from bot.core.ties import is_strong

TRIES = 32  # random draws before a best-effort pick settles for the least bad one


@dataclass(frozen=True, slots=True)
class Scores:
    """Shares (0..1) of groups with each property, and of eligible people placed; `groups` counts."""

    groups: int
    crossing: float
    shared_context: float
    crossing_with_context: float
    strong: float
    coverage: float
    # every pair inside the groups (a group of three has three): the share sharing context, as
    # the members live it; shared_context asks only that each member has it with someone
    pair_context: float = 0.0


def random_groups(eligible: Sequence[str], group_size: int, seed: int) -> list[tuple[str, ...]]:
    """Shuffle and cut into groups, like Donut or RandomCoffee; the odd one joins a group."""
    people = sorted(set(eligible))  # input order must not change the outcome of a seed
    Random(seed).shuffle(people)
    if len(people) < 2:
        return []
    if len(people) < group_size:
        return [tuple(people)]
    count = len(people) // group_size
    groups = [people[k * group_size:(k + 1) * group_size] for k in range(count)]
    for k, person in enumerate(people[count * group_size:]):
        groups[-1 - k % count].append(person)
    return [tuple(g) for g in groups]


def avoiding_groups(eligible: Sequence[str], labels: Mapping[str, str],
                    previous: set[frozenset[str]], seed: int,
                    group_size: int = 2) -> list[tuple[str, ...]]:
    """Random groups that never share a label nor repeat a pair, as far as that is possible."""
    rng = Random(seed)
    people = sorted(set(eligible))
    rng.shuffle(people)
    if len(people) < 2:
        return []
    pool = _Pool(people, {p: labels.get(p, _unlabelled(p)) for p in people}, rng)
    groups: list[list[str]] = []
    while len(pool) >= group_size:
        group = [pool.take(pool.from_largest())]  # the biggest label first keeps the rest mixable
        while len(group) < group_size:
            group.append(pool.take(_best(pool.draws(), group, pool.label, previous)))
        groups.append(group)
    for person in pool.draws():
        if not groups:
            return [tuple(people)]
        choices = [groups[rng.randrange(len(groups))] for _ in range(min(TRIES, len(groups)))]
        min(choices, key=lambda g: _penalty(person, g, pool.label, previous)).append(person)
    return [tuple(g) for g in groups]


def score_groups(groups: Sequence[Sequence[str]], eligible: Sequence[str], graph: nx.Graph,
                 channels: Mapping[str, frozenset[str]], labels: Mapping[str, str] | None,
                 strong: float) -> Scores:
    """Score a round; without labels, seeded Louvain communities of `graph` stand in for them."""
    label = labels if labels is not None else _communities(graph)
    adj = graph.adj
    context = Context.of(adj, channels, strong)
    crossing = with_context = both = too_strong = pairs = pairs_shared = 0
    for group in groups:
        crosses = len({label[m] for m in group if m in label}) > 1  # unknown labels never cross
        near = {m: adj.get(m, {}) for m in group}
        shared = all(any(context.shared(a, b) for b in group if b != a) for a in group)
        inside = [context.shared(a, b) for a, b in _pairs(group)]
        pairs += len(inside)
        pairs_shared += sum(inside)
        crossing += crosses
        with_context += shared
        both += crosses and shared
        too_strong += any(is_strong(adj[a][b].get("strength", 0.0), strong) for a, b in _pairs(group)
                          if b in near[a])
    wanted = set(eligible)
    placed = sum(1 for g in groups for m in set(g) if m in wanted)
    return Scores(groups=len(groups), crossing=_share(crossing, len(groups)),
                  shared_context=_share(with_context, len(groups)),
                  crossing_with_context=_share(both, len(groups)),
                  strong=_share(too_strong, len(groups)), coverage=_share(placed, len(wanted)),
                  pair_context=_share(pairs_shared, pairs))


def mean_scores(runs: Sequence[Scores]) -> Scores:
    """The average of several runs (say random pairing over 20 seeds)."""
    if not runs:
        raise ValueError("mean_scores: expected at least one run")
    means = {f.name: sum(getattr(r, f.name) for r in runs) / len(runs) for f in fields(Scores)}
    return Scores(**{**means, "groups": round(means["groups"])})


class _Pool:
    """The people still to place: random picks, removal and the largest label, each O(log n)."""

    def __init__(self, people: list[str], labels: dict[str, Hashable], rng: Random) -> None:
        self.label, self.rng = labels, rng
        self.everyone = _Bag(people)
        self.by_label: dict[Hashable, _Bag] = {}
        for person in people:
            self.by_label.setdefault(labels[person], _Bag([])).add(person)
        self.heap = [(-len(bag), k, lab) for k, (lab, bag) in enumerate(self.by_label.items())]
        heapq.heapify(self.heap)
        self.pushes = len(self.heap)

    def __len__(self) -> int:
        return len(self.everyone)

    def from_largest(self) -> str:
        while True:  # entries go stale as labels shrink; skip them lazily
            size, _, lab = self.heap[0]
            if -size == len(self.by_label[lab]) > 0:
                return self.by_label[lab].pick(self.rng)
            heapq.heappop(self.heap)

    def draws(self) -> Iterator[str]:
        """People still in the pool: all of them when few are left, else random ones."""
        items = self.everyone.items
        if len(items) <= TRIES:
            yield from list(items)
        else:
            for _ in range(TRIES):
                yield self.everyone.pick(self.rng)

    def take(self, person: str) -> str:
        self.everyone.remove(person)
        bag = self.by_label[self.label[person]]
        bag.remove(person)
        self.pushes += 1
        heapq.heappush(self.heap, (-len(bag), self.pushes, self.label[person]))
        return person


class _Bag:
    """A list with O(1) random pick and removal (swap with the last)."""

    def __init__(self, items: Iterable[str]) -> None:
        self.items = list(items)
        self.where = {item: k for k, item in enumerate(self.items)}

    def __len__(self) -> int:
        return len(self.items)

    def add(self, item: str) -> None:
        self.where[item] = len(self.items)
        self.items.append(item)

    def remove(self, item: str) -> None:
        k, last = self.where.pop(item), self.items.pop()
        if last != item:
            self.items[k], self.where[last] = last, k

    def pick(self, rng: Random) -> str:
        return self.items[rng.randrange(len(self.items))]


def _best(options: Iterable[str], group: list[str], label: Mapping[str, Hashable],
          previous: set[frozenset[str]]) -> str:
    """The first option that breaks no rule, else the least bad one."""
    best, worst = "", 2**31
    for person in options:
        penalty = _penalty(person, group, label, previous)
        if penalty == 0:
            return person
        if penalty < worst:
            best, worst = person, penalty
    return best


def _penalty(person: str, group: list[str], label: Mapping[str, Hashable],
             previous: set[frozenset[str]]) -> int:
    # A shared label weighs more than a repeat; a person already in the group is ruled out.
    if person in group:
        return 1_000_000
    same = sum(label[person] == label[m] for m in group)
    repeats = sum(frozenset((person, m)) in previous for m in group)
    return 2 * same + repeats


def _communities(graph: nx.Graph) -> dict[str, int]:
    parts = nx.community.louvain_communities(graph, weight="strength", seed=0)
    return {member: k for k, part in enumerate(parts) for member in part}


def _pairs(group: Sequence[str]) -> Iterable[tuple[str, str]]:
    return ((group[i], group[j]) for i in range(len(group)) for j in range(i + 1, len(group)))


def _unlabelled(person: str) -> tuple[str, str]:
    return ("unlabelled", person)  # a label of one: never the same as anyone else's


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def oracle_crossing(eligible: Sequence[str], graph: nx.Graph,
                    channels: Mapping[str, frozenset[str]], labels: Mapping[str, str],
                    strong: float) -> float:
    """The best share of groups crossing labels with shared context that any plan of pairs
    placing everyone could reach: a maximum matching among the eligible pairs of two labels who
    share context and are not strongly tied, over the number of pairs everyone makes."""
    adj = graph.adj
    context = Context.of(adj, channels, strong)
    wanted = set(eligible)
    members: dict[str, set[str]] = {}
    for person, joined in channels.items():
        for channel in joined & context.small:
            members.setdefault(channel, set()).add(person)
    good = nx.Graph()
    for a in wanted:
        near = set(adj.get(a, {}))
        near |= {c for m in near if is_strong(adj[a][m].get("strength", 0.0), strong)
                 for c in adj[m] if is_strong(adj[m][c].get("strength", 0.0), strong)}
        near |= {c for ch in channels.get(a, frozenset()) & context.small for c in members[ch]}
        for b in near:
            if (a < b and b in wanted and a in labels and b in labels and labels[a] != labels[b]
                    and not is_strong(adj.get(a, {}).get(b, {}).get("strength", 0.0), strong)
                    and context.shared(a, b)):
                good.add_edge(a, b)
    best = nx.max_weight_matching(good, maxcardinality=True)
    return _share(len(best), len(wanted) // 2)
