"""Interaction metadata -> a weighted, time-decayed tie graph; neighbourhood overlap; communities.

Only who, with whom, when and what kind is read: there is no message text to read.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import networkx as nx

from bot.core.model import MEMBERSHIP, Interaction

# Above this many edges Louvain runs on each person's strongest ties only (see communities()).
BACKBONE_ABOVE_EDGES = 200_000


@dataclass(frozen=True, slots=True)
class TieParams:
    """How much each kind of interaction counts, how fast it fades, and how co-activity links."""

    half_life_days: float = 60.0
    reply: float = 1.0
    mention: float = 0.8
    reaction: float = 0.3
    dm: float = 1.5
    contact: float = 0.05  # one row per 20 s of face-to-face proximity
    meeting: float = 5.0  # a meetup the members confirmed
    message: float = 0.1  # shared-channel co-activity
    reciprocity_bonus: float = 0.5
    coactivity_window_s: float = 600.0
    coactivity_fan_in: int = 3

    def weights(self) -> dict[str, float]:
        """Weight per interaction kind."""
        return {"reply": self.reply, "mention": self.mention, "reaction": self.reaction,
                "dm": self.dm, "contact": self.contact, "meeting": self.meeting,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class TieGraph:
    """Undirected ties (edge attrs strength, history, first, last) plus who posts where."""

    graph: nx.Graph
    channels: Mapping[str, frozenset[str]]
    activity: Mapping[str, int]

    def strength(self, a: str, b: str) -> float:
        """Current strength of the tie between a and b, 0.0 when there is none."""
        attrs = self.graph.get_edge_data(a, b)
        return attrs["strength"] if attrs else 0.0

    def neighbours(self, person: str) -> list[str]:
        """Everyone tied to `person`, strongest first (ties broken by id)."""
        if person not in self.graph:
            return []
        adj = self.graph[person]
        return sorted(adj, key=lambda n: (-adj[n]["strength"], n))


# An edge record while streaming: [decayed lo->hi, decayed hi->lo, history, first ts, last ts].
_Edges = dict[tuple[str, str], list[float]]


def build_ties(interactions: Iterable[Interaction], now: datetime, params: TieParams) -> TieGraph:
    """One streaming pass over time-ordered interactions; nothing dated after `now` counts."""
    now_ts = now.timestamp()
    rate = math.log(2) / (params.half_life_days * 86400.0)
    weights, exp = params.weights(), math.exp
    window, fan_in = params.coactivity_window_s, params.coactivity_fan_in
    edges: _Edges = {}
    members: dict[str, set[str]] = {}  # channel -> posters: far cheaper here than person -> channels
    activity: dict[str, int] = {}
    recent: dict[str, list[tuple[str, float]]] = {}
    # The hot loop of a round (tens of millions of items): locals only, no calls but the
    # unavoidable ones; the edge update is written out in place (see _add) for the same reason.
    for actor, target, kind, at, channel in interactions:
        weight = weights.get(kind)
        if weight is None or actor == target:
            if kind in MEMBERSHIP and channel and at.timestamp() <= now_ts:
                _membership(members, channel, actor, kind == "join")
            continue
        ts = at.timestamp()
        if ts > now_ts:
            continue
        activity[actor] = activity.get(actor, 0) + 1
        if channel:
            posters = members.get(channel)
            if posters is None:
                members[channel] = posters = set()
            posters.add(actor)
        if target is not None:
            if actor < target:
                rec = edges.get((actor, target))
                if rec is None:
                    edges[actor, target] = rec = [0.0, 0.0, 0.0, ts, ts]
                rec[0] += weight * exp(rate * (ts - now_ts))
            else:
                rec = edges.get((target, actor))
                if rec is None:
                    edges[target, actor] = rec = [0.0, 0.0, 0.0, ts, ts]
                rec[1] += weight * exp(rate * (ts - now_ts))
            rec[2] += weight
            # Time-ordered input: ts is almost never below first, so test it second.
            if ts > rec[4]:  # noqa: PLR1730
                rec[4] = ts
            elif ts < rec[3]:  # noqa: PLR1730
                rec[3] = ts
        elif channel and kind == "message":
            _co_activity(edges, recent, channel, actor, ts, exp(rate * (ts - now_ts)), weight,
                         window, fan_in)
    return TieGraph(_graph(edges, activity, params.reciprocity_bonus), _channels(members),
                    activity)


def _membership(members: dict[str, set[str]], channel: str, person: str, joined: bool) -> None:
    """A join puts a person in a channel (for context) without a post; a leave takes them out."""
    if joined:
        members.setdefault(channel, set()).add(person)
    elif channel in members:
        members[channel].discard(person)


def _channels(members: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    """Person -> the channels they posted in."""
    out: dict[str, set[str]] = {}
    for channel, posters in members.items():
        for person in posters:
            out.setdefault(person, set()).add(channel)
    return {person: frozenset(joined) for person, joined in sorted(out.items())}


def _add(edges: _Edges, a: str, b: str, decayed: float, weight: float, ts: float) -> None:
    """Add one directed contribution a -> b to the undirected record of the pair."""
    if a < b:
        rec = edges.get((a, b))
        if rec is None:
            edges[a, b] = rec = [0.0, 0.0, 0.0, ts, ts]
        rec[0] += decayed
    else:
        rec = edges.get((b, a))
        if rec is None:
            edges[b, a] = rec = [0.0, 0.0, 0.0, ts, ts]
        rec[1] += decayed
    rec[2] += weight
    # Branches rather than min()/max(): this runs for every interaction of a round.
    if ts > rec[4]:  # noqa: PLR1730
        rec[4] = ts
    elif ts < rec[3]:  # noqa: PLR1730
        rec[3] = ts


def _co_activity(edges: _Edges, recent: dict[str, list[tuple[str, float]]], channel: str,
                 actor: str, ts: float, decay: float, weight: float, window: float,
                 fan_in: int) -> None:
    """Link a post to the last k distinct other posters in its channel, within the window."""
    kept = [(actor, ts)]
    for other, seen in recent.get(channel, ()):  # most recent first, at most k + 1 entries
        if ts - seen > window:
            break  # older posters are out of every later window too: forget them
        if other != actor and len(kept) <= fan_in:
            _add(edges, actor, other, weight * decay, weight, ts)
            kept.append((other, seen))
    recent[channel] = kept


def _graph(edges: _Edges, activity: Mapping[str, int], bonus: float) -> nx.Graph:
    """The tie graph, filled straight into networkx's adjacency dicts (one shared attribute dict
    per edge, as add_edges_from does): the same graph, node and neighbour order, at a third of
    the cost for millions of edges."""
    graph = nx.Graph()
    graph.add_nodes_from(activity)
    nodes, adj, stamp = graph._node, graph._adj, datetime.fromtimestamp  # noqa: SLF001
    for (a, b), (ab, ba, history, first, last) in edges.items():
        if a not in nodes:  # someone who was only ever a target: added as add_edges_from would
            graph.add_node(a)
        if b not in nodes:
            graph.add_node(b)
        # Both directions together, rewarded when the tie runs both ways.
        high, low = (ab, ba) if ab > ba else (ba, ab)
        strength = (ab + ba) * (1.0 + bonus * low / high) if high > 0 else 0.0
        adj[a][b] = adj[b][a] = {"strength": strength, "history": history,
                                 "first": stamp(first, UTC), "last": stamp(last, UTC)}
    return graph


def overlap(graph: nx.Graph, i: str, j: str) -> float:
    """Neighbourhood overlap O_ij = n_ij / ((k_i - 1) + (k_j - 1) - n_ij) (Onnela et al. 2007)."""
    if i not in graph or j not in graph:
        return 0.0
    ni, nj = graph[i], graph[j]
    small, large = (ni, nj) if len(ni) <= len(nj) else (nj, ni)
    shared = sum(1 for n in small if n in large and n != i and n != j)
    return overlap_from_counts(shared, len(ni), len(nj), j in ni)


def overlap_from_counts(shared: int, k_i: int, k_j: int, tied: bool) -> float:
    """The overlap formula; for an untied pair the tie itself is not subtracted from the degrees."""
    edge = 1 if tied else 0
    denominator = (k_i - edge) + (k_j - edge) - shared
    return shared / denominator if denominator > 0 else 0.0


def strong_threshold(ties: TieGraph | nx.Graph) -> float:
    """The least strength of a strong tie; `is_strong` is the one test every part uses.

    Strong ties are the strongest quarter and every tie as strong as its first one (e-mail's
    two-way ties, 55% of its two strengths). The weakest ties are never strong, though: where
    three ties in four sit at the floor (a new workspace where everyone met once) only ties
    above it count, and where every tie is alike, or there are too few, none does (infinity)."""
    graph = ties.graph if isinstance(ties, TieGraph) else ties
    # Each edge once, as graph.edges(data=) would give it, without its per-edge generator.
    values, done = [], set()
    for node, adj in graph.adjacency():
        values += [attrs["strength"] for other, attrs in adj.items() if other not in done]
        done.add(node)
    values.sort()
    if not values:
        return math.inf
    # The first tie of the strongest quarter (one of four, two of eight, none of two); ties
    # equal to it are as strong as it is.
    first = math.ceil(0.75 * len(values))
    if first >= len(values):
        return math.inf
    cut = values[first]
    if cut > values[0]:
        return cut
    above = bisect.bisect_right(values, cut)
    return values[above] if above < len(values) else math.inf


def is_strong(strength: float, threshold: float) -> bool:
    """Whether a tie is strong: the rules (never suggest it), the context test (a go-between
    is strongly tied to both), the reasons and the benchmarks all ask this and nothing else."""
    return strength >= threshold


def communities(ties: TieGraph | nx.Graph, seed: int, backbone_k: int = 6) -> dict[str, int]:
    """Seeded Louvain on strength; person -> community id, ids ordered by smallest member."""
    graph = ties.graph if isinstance(ties, TieGraph) else ties
    # Louvain on a million edges is too slow here; each person's strongest ties keep the shape.
    limit = backbone_k if graph.number_of_edges() > BACKBONE_ABOVE_EDGES else None
    found = nx.community.louvain_communities(_canonical(graph, limit), weight="strength",
                                             seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda members: members[0])
    return {person: index for index, members in enumerate(ordered) for person in members}


def _canonical(graph: nx.Graph, top_k: int | None) -> nx.Graph:
    """A copy built in sorted order so Louvain's result does not depend on insertion order."""
    if top_k is None:
        kept = {(a, b) if a < b else (b, a): s for a, b, s in graph.edges(data="strength")}
    else:
        kept = {}
        for node, adj in graph.adjacency():
            best = heapq.nlargest(top_k, adj.items(), key=lambda e: (e[1]["strength"], e[0]))
            for other, attrs in best:
                kept[(node, other) if node < other else (other, node)] = attrs["strength"]
    canonical = nx.Graph()
    canonical.add_nodes_from(sorted(graph))
    canonical.add_weighted_edges_from(((a, b, kept[a, b]) for a, b in sorted(kept)),
                                      weight="strength")
    return canonical
