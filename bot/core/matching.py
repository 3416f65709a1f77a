"""Candidates -> pairs and small groups that maximise total candidate score on a sparse graph.

Exact blossom matching (networkx) is O(n^3): 53 s at 2,000 people. We take greedy by weight (87-93%
of the optimum on sparse random graphs) and improve it with short alternating paths and cycles of
positive gain until none is left: 99.2-99.8% of the optimum, about 4 s for 100,000 people.
Groups of 3-4 are grown greedily from the candidate edges, merging the clusters that share most.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.model import Candidate, Group

_NONE = -1
_DEPTH = 8  # new edges per improving path (deeper paths recover more of the optimum, slower)
_SLACK = 0.7  # how far (in mean edge weights) a path's running gain may dip before we stop
_BUDGET = 400  # edges tried per search, so a round stays near-linear whatever the weights
_PLACED = 0.5  # what forming a pair is worth, in best candidate scores (bench/quality.py)
_Edge = tuple[int, int, float]


@dataclass(frozen=True, slots=True)
class _Graph:
    """The candidate graph on integer vertices (ids sorted), with priority-adjusted weights."""

    ids: list[str]
    adj: list[list[tuple[int, float]]]
    weight: dict[tuple[int, int], float]  # heaviest first
    edges: dict[tuple[int, int], Candidate]
    first: list[bool]  # left out last round: goes first


def match(candidates: Sequence[Candidate], eligible: Sequence[str], group_size: int = 2,
          left_out: frozenset[str] = frozenset(), seed: int = 0,
          may_group: Callable[[str, str], bool] | None = None) -> tuple[list[Group], list[str]]:
    """Group eligible people along candidate edges; return the groups and the unmatched (sorted).

    Pairs when group_size is 2, else groups of that size built greedily by shared score. Someone
    left alone joins, along a candidate edge, the group with room they share most score with
    (a pair becomes a three; a group of 3 may grow to 4; nothing grows past 4). With no room, they
    pair with a neighbour whose group of 3 or 4 stays connected without them. Whoever is still
    alone is returned as unmatched, and goes first next round (`left_out`: edges of people left
    out get a bonus that outweighs any other gain). `seed` orders the search for improvements:
    the same input and seed always give the same groups, ties broken by person id.
    `may_group(a, b)` says whether two people without a candidate edge between them may still
    share a group of three or four (the rules' every-pair checks); None: anyone may.
    """
    graph = _build(candidates, sorted(set(eligible)), left_out)
    fits = _fits(graph, may_group)
    clusters = _pairs(graph, seed) if group_size == 2 else _agglomerate(graph, group_size, fits)
    clusters = _join_singles(graph, clusters, min(group_size + 1, 4), fits)
    groups = sorted((_group(graph, c) for c in clusters if len(c) >= 2),
                    key=lambda g: (-g.score, g.members))
    grouped = {m for g in groups for m in g.members}
    return groups, [p for p in graph.ids if p not in grouped]


def _fits(graph: _Graph, may_group: Callable[[str, str], bool] | None
          ) -> Callable[[list[int], list[int]], bool]:
    """Whether every member of one cluster may share a group with every member of another."""
    ids, weight = graph.ids, graph.weight

    def fits(xs: list[int], ys: list[int]) -> bool:
        return may_group is None or all(
            (x, y) in weight or (y, x) in weight or may_group(ids[x], ids[y])
            for x in xs for y in ys)
    return fits


def _build(candidates: Sequence[Candidate], ids: list[str], left_out: frozenset[str]) -> _Graph:
    """Index people, keep the best candidate per eligible pair, add the left-out bonus."""
    index = {p: i for i, p in enumerate(ids)}
    edges: dict[tuple[int, int], Candidate] = {}
    for c in candidates:
        a, b = index.get(c.pair[0]), index.get(c.pair[1])
        if a is None or b is None or a == b or not c.score > 0:
            continue
        key = (a, b) if a < b else (b, a)
        if key not in edges or c.score > edges[key].score:
            edges[key] = c
    first = [p in left_out for p in ids]
    best = max((c.score for c in edges.values()), default=0.0)
    # A bonus above what any improving path can win back keeps a left-out person matched.
    bonus = 2.0 * _DEPTH * best
    # Every pair also counts for itself, so that a path placing two more people wins over a
    # slightly better pair: fewer are left to join someone else's pair as a stranger's third.
    placed = _PLACED * best
    weighted = [(k, placed + c.score + bonus * (first[k[0]] + first[k[1]]))
                for k, c in edges.items()]
    weight = dict(sorted(weighted, key=lambda kw: (-kw[1], kw[0])))  # heaviest first, then by id
    adj: list[list[tuple[int, float]]] = [[] for _ in ids]  # so each list is heaviest first too
    for (a, b), w in weight.items():
        adj[a].append((b, w))
        adj[b].append((a, w))
    return _Graph(ids, adj, weight, edges, first)


def _pairs(graph: _Graph, seed: int) -> list[list[int]]:
    """A near-maximum-weight matching: greedy by weight, then improving alternating paths."""
    matcher = _Matcher(graph)
    matcher.greedy()
    order = list(range(len(graph.ids)))
    random.Random(seed).shuffle(order)
    matcher.improve(order)
    mate = matcher.mate
    singles = [[v] for v in order if mate[v] == _NONE and graph.adj[v]]
    return [[v, mate[v]] for v in range(len(mate)) if v < mate[v]] + sorted(singles)


class _Matcher:
    """A matching improved by short alternating paths and cycles of positive gain.

    From each vertex it searches paths of up to _DEPTH new edges, heaviest edges first, pruned
    Lin-Kernighan style: a branch dies once its running gain sinks below -_SLACK mean weights.
    """

    def __init__(self, graph: _Graph) -> None:
        n, weights = len(graph.ids), graph.weight.values()
        self.weight = graph.weight
        self.adj = graph.adj
        self.mate, self.mw = [_NONE] * n, [0.0] * n
        self.eps = 1e-9 * max(weights, default=1.0)
        self.slack = _SLACK * sum(weights) / max(1, len(weights))
        self.freed, self.path, self.seen = _NONE, [], set()  # the search in progress
        self.budget = _BUDGET

    def greedy(self) -> None:
        """Take edges heaviest first (ties by person id) while both ends are free."""
        mate, mw = self.mate, self.mw
        for (a, b), w in self.weight.items():
            if mate[a] == _NONE and mate[b] == _NONE:
                mate[a], mate[b], mw[a], mw[b] = b, a, w, w

    def improve(self, order: list[int]) -> None:
        """Apply improving paths from each queued vertex; requeue around every change."""
        queue, queued = deque(order), bytearray([1]) * len(order)
        while queue:
            v = queue.popleft()
            queued[v] = 0
            move = self._search(v)
            if move is None:
                continue
            adj = self.adj
            for x in self._apply(move):
                if not queued[x]:
                    queued[x] = 1
                    queue.append(x)
                for y, _ in adj[x]:
                    if not queued[y]:
                        queued[y] = 1
                        queue.append(y)

    def _search(self, s: int) -> list[_Edge] | None:
        """The first positive-gain alternating path or cycle starting at s (its edge dropped)."""
        self.freed, self.path, self.seen = self.mate[s], [], {s, self.mate[s]}
        self.budget = _BUDGET
        return self._extend(s, -self.mw[s], 0)

    def _extend(self, x: int, gain: float, depth: int) -> list[_Edge] | None:
        """Try each new edge x-y, heaviest first; y's old partner z is freed."""
        eps, seen, path, mw = self.eps, self.seen, self.path, self.mw
        for y, w in self.adj[x]:
            if gain + w <= eps:
                break  # lighter edges cannot make the running gain positive either
            if y in seen:
                continue
            self.budget -= 1
            if self.budget < 0:
                return None  # near-equal weights make the search bushy: bound its work
            path.append((x, y, w))
            found = self._close(y, gain + w - mw[y], depth)
            if found is not None:
                return found
            path.pop()
        return None

    def _close(self, y: int, gain: float, depth: int) -> list[_Edge] | None:
        """End the path here if it gains, close it into a cycle, or go one edge deeper."""
        if gain > self.eps:
            return list(self.path)
        z, s0 = self.mate[y], self.freed  # s0: the start's old partner
        if z == _NONE:
            return None
        wc = self.weight.get((z, s0) if z < s0 else (s0, z)) if s0 != _NONE else None
        if wc is not None and gain + wc > self.eps:
            return self.path + [(z, s0, wc)]
        if depth + 1 >= _DEPTH or (depth > 0 and gain < -self.slack):
            return None
        self.seen.add(y)
        self.seen.add(z)
        found = self._extend(z, gain, depth + 1)
        self.seen.discard(y)
        self.seen.discard(z)
        return found

    def _apply(self, move: list[_Edge]) -> list[int]:
        """Swap in the move's edges, freeing the old partners; return every vertex touched."""
        mate, mw, touched = self.mate, self.mw, set()
        for a, b, _ in move:
            for x in (a, b):
                touched.add(x)
                if mate[x] != _NONE:
                    touched.add(mate[x])
                    mate[mate[x]], mw[mate[x]] = _NONE, 0.0
                    mate[x], mw[x] = _NONE, 0.0
        for a, b, w in move:
            mate[a], mate[b], mw[a], mw[b] = b, a, w, w
        return sorted(touched)


def _agglomerate(graph: _Graph, size: int, fits: Callable[[list[int], list[int]], bool]
                 ) -> list[list[int]]:
    """Merge clusters greedily by the score between them, never beyond `size` people, nor
    when two of their members may not meet."""
    members = [[v] for v in range(len(graph.ids))]
    cross: list[dict[int, float]] = [{} for _ in graph.ids]
    for (a, b), w in graph.weight.items():
        cross[a][b] = cross[b][a] = w
    heap = [(-w, a, b) for (a, b), w in graph.weight.items()]
    heapq.heapify(heap)
    while heap:
        w, a, b = heapq.heappop(heap)
        if cross[a].get(b) != -w or len(members[a]) + len(members[b]) > size:
            continue  # stale entry, or the merge would be too big
        if not fits(members[a], members[b]):
            continue  # a pair across them may not meet (a later merge may push them again)
        members[a] += members[b]
        members[b] = []
        for c, wc in cross[b].items():
            del cross[c][b]
            if c != a:
                cross[a][c] = cross[c][a] = cross[a].get(c, 0.0) + wc
                if len(members[a]) + len(members[c]) <= size:
                    heapq.heappush(heap, (-cross[a][c], min(a, c), max(a, c)))
        cross[b] = {}
    return [m for m in members if m and (len(m) > 1 or graph.adj[m[0]])]


def _join_singles(graph: _Graph, clusters: list[list[int]], cap: int,
                  fits: Callable[[list[int], list[int]], bool]) -> list[list[int]]:
    """Seat each person still alone: join a group with room whose members they may all meet,
    else pair with someone spared."""
    groups = [sorted(c) for c in clusters if len(c) > 1]
    where = {v: i for i, g in enumerate(groups) for v in g}
    for v in sorted((c[0] for c in clusters if len(c) == 1), key=lambda v: (not graph.first[v], v)):
        shared: dict[int, float] = {}
        for u, w in graph.adj[v]:
            if u in where and len(groups[where[u]]) < cap and (
                    where[u] in shared or fits([v], groups[where[u]])):
                shared[where[u]] = shared.get(where[u], 0.0) + w
        if shared:
            best = min(shared, key=lambda i: (-shared[i], i))
            groups[best].append(v)
            where[v] = best
        elif (u := _spare(graph, groups, where, v)) is not None:
            groups[where[u]].remove(u)
            groups.append([u, v])
            where[u] = where[v] = len(groups) - 1
    return groups


def _spare(graph: _Graph, groups: list[list[int]], where: dict[int, int], v: int) -> int | None:
    """The neighbour of v whose group of 3+ loses least by letting them go, staying connected."""
    best, best_gain = None, float("-inf")
    for u, w in graph.adj[v]:
        rest = [x for x in groups[where[u]] if x != u] if u in where else []
        if len(rest) < 2 or not _connected(graph, rest):
            continue
        gain = w - sum(graph.weight.get((min(u, x), max(u, x)), 0.0) for x in rest)
        if gain > best_gain:
            best, best_gain = u, gain
    return best


def _connected(graph: _Graph, members: list[int]) -> bool:
    """Whether a small group is connected by candidate edges (so every member has a reason)."""
    reached, frontier = {members[0]}, [members[0]]
    while frontier:
        a = frontier.pop()
        for b in members:
            if b not in reached and (min(a, b), max(a, b)) in graph.weight:
                reached.add(b)
                frontier.append(b)
    return len(reached) == len(members)


def _group(graph: _Graph, cluster: list[int]) -> Group:
    """The Group for a cluster: summed candidate scores and their reasons, best first."""
    inside = sorted(cluster)
    edges = [graph.edges[(a, b)] for i, a in enumerate(inside) for b in inside[i + 1:]
             if (a, b) in graph.edges]
    return Group.of(tuple(graph.ids[v] for v in inside), edges)
