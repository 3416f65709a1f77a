"""Tie graph + people + program rules -> scored weak-tie candidates, each with plain-word reasons."""

from __future__ import annotations

import heapq
import math
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from bot.core.context import Context
from bot.core.model import ACQUAINTANCE, BRIDGE, DORMANT, FILL, FRIEND_OF_FRIEND, Candidate, History, Person
from bot.core.programs import Program
from bot.core.ties import TieGraph, overlap_from_counts, strong_threshold

QUIET_DAYS = 45  # a tie silent this long, with enough history, is dormant
DORMANT_MIN_HISTORY = 2.0  # about two replies' worth of undecayed interaction
WALK = 8  # friends of friends: walk each person's WALK strongest ties, then WALK of theirs
QUIET_DEGREE = 3  # people with this few ties get twice the candidates: they have fewer options
RING = 32  # ... read from the go-between's RING strongest, at a place that differs per walker
CROSS_BONUS = 2.0  # crossing communities triples a pair's quality
ANCHOR_BONUS = 1.0  # up to double for a mutual contact who is a strong tie of both
DIRECT_BONUS = 0.5  # a light tie of their own: they have at least crossed paths
PRESENCE = 2.0  # a meeting with shared context is worth PRESENCE x the median candidate score
SCARCITY = 4.0  # ... and up to 1 + 2 x SCARCITY times its quality for people with one option
CONTEXT_BONUS = 3.0  # shared context (see context.py) quadruples a pair's quality
SHORTLIST = 2  # score fully only SHORTLIST * per_person cheaply pre-ranked pairs per person
FILL_OPTIONS = 3  # partners offered to someone who had no candidate, so matching has a choice
FILL_SCAN = 64  # people looked at per group when filling, so a blocked crowd stays cheap
CLOSE_SCAN = 256  # a go-between's close ties read per person looking for context partners


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

    def ties_of(self, person: str) -> Mapping[str, Mapping[str, Any]]:
        """Person's neighbours and edge attributes; empty for someone with no ties."""
        return self.adj.get(person, {})

    def allowed(self, a: str, b: str) -> bool:
        """Whether a and b may be suggested at all (strong ties are checked by the caller)."""
        if a == b or b not in self.eligible or b in self.blocked.get(a, ()):
            return False
        if self.program.in_person:
            office = self.people[a].office
            return office is not None and office == self.people[b].office
        return True

    def crossing(self, a: str, b: str) -> bool:
        """Whether a and b sit in different (known) communities."""
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
            self.close[person] = sorted(n for n, e in adj.items() if e["strength"] >= self.strong)
        return self.close[person]

    def may_meet(self, a: str, b: str) -> bool:
        """Allowed, and not already strongly tied."""
        edge = self.ties_of(a).get(b)
        return self.allowed(a, b) and (edge is None or edge["strength"] <= self.strong)

    def nameable(self, person: str) -> bool:
        """Only enrolled people we know are named in someone else's reasons."""
        known = self.people.get(person)
        return known is not None and known.enrolled


def find_candidates(ties: TieGraph, people: Mapping[str, Person], history: History,
                    program: Program, now: datetime, communities: Mapping[str, int],
                    per_person: int = 8, rules: Rules | None = None) -> list[Candidate]:
    """Scored weak-tie pairs, best first; everyone eligible gets at least a fill candidate.

    `rules` may be passed when the caller has them already (round_rules of the same arguments)."""
    if rules is None:
        rules = _rules(ties, people, history, program, now, communities)
    top: dict[str, list[str]] = {}
    found: dict[tuple[str, str], Candidate] = {}
    for person in sorted(rules.eligible):
        quiet = len(rules.ties_of(person)) <= QUIET_DEGREE
        for assessed in _best_for(rules, top, person, per_person * (1 + quiet)):
            if assessed.pair not in found:
                found[assessed.pair] = _explain(rules, assessed)
    for candidate in _fill(rules, found):
        found.setdefault(candidate.pair, candidate)
    return sorted(_prioritised(found.values()), key=lambda c: (-c.score, c.pair))


def _prioritised(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Final scores for the matcher: a meeting with shared context is worth a fixed amount on top
    of its quality (so covering more people beats one brilliant pair), and more again for people
    who have few such options (so hubs do not crowd them out)."""
    found = list(candidates)
    options = Counter(p for c in found if c.shared_context for p in c.pair)
    base = PRESENCE * median(c.score for c in found) if found else 0.0
    out = []
    for c in found:
        if c.shared_context:
            a, b = c.pair
            scarce = 1 + SCARCITY * (1 / options[a] + 1 / options[b])
            c = replace(c, score=round(c.score * scarce + base, 9))
        out.append(c)
    return out


@dataclass(frozen=True, slots=True)
class _Assessed:
    """A scored pair and the facts its reasons are written from (written only if it is kept)."""

    pair: tuple[str, str]
    score: float
    kind: str
    mutual: list[tuple[float, str]]
    channels: frozenset[str]
    last: datetime | None
    context: bool


def _rules(ties: TieGraph, people: Mapping[str, Person], history: History, program: Program,
           now: datetime, communities: Mapping[str, int]) -> Rules:
    eligible = frozenset(p for p, person in people.items() if person.available(now))
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
                 adj)


def _best_for(rules: Rules, top: dict[str, list[str]], a: str, limit: int) -> list[_Assessed]:
    """The `limit` best pairs for one person, from a bounded neighbourhood walk."""
    pool, close = _pool(rules, top, a)
    quiet_before = rules.now - timedelta(days=QUIET_DAYS)
    adj = rules.ties_of(a)
    group = rules.communities.get(a)
    groups = rules.communities
    estimates = {}
    for b, paths in pool.items():  # the cheap pre-rank; inlined: it runs for ~300 pairs a person
        edge = adj.get(b)
        dormant = edge is not None and _is_dormant(edge, quiet_before)
        context = 1 + CONTEXT_BONUS * (edge is not None or b in close)
        other = groups.get(b)
        cross = group is not None and other is not None and group != other
        estimates[b] = context * (1 + CROSS_BONUS * cross) * (1 + paths / WALK) + dormant
    shortlist = _best_keys(estimates, SHORTLIST * limit, a)
    scored = [c for c in (_assess(rules, a, b, quiet_before) for b in shortlist) if c]
    return heapq.nsmallest(limit, scored, key=lambda c: (-c.score, c.pair))


def _best_keys(values: Mapping[str, float], k: int, person: str) -> list[str]:
    """The k keys with the highest values, ties broken by _spread(person, key): the same set as
    nsmallest(k, values, key=lambda b: (-values[b], _spread(person, b))), in no useful order,
    hashing only the keys tied at the cut."""
    if len(values) <= k:
        return list(values)
    cut = heapq.nlargest(k, values.values())[-1]
    above = [b for b, v in values.items() if v > cut]
    tied = sorted((b for b, v in values.items() if v == cut), key=lambda b: _spread(person, b))
    return above + tied[:k - len(above)]


def _pool(rules: Rules, top: dict[str, list[str]], a: str) -> tuple[dict[str, int], set[str]]:
    """People two steps away through strong-ish ties (with path counts) and a's weak direct ties;
    also those reached through a go-between strongly tied to both (shared context)."""
    pool: dict[str, int] = {}
    close: set[str] = set()
    adj = rules.ties_of(a)
    strong = rules.strong
    turn = zlib.crc32(a.encode())
    vias = _top(rules, top, a)[:WALK]
    # Quiet people have few ties: read further through each, so they get as many options.
    reach = min(RING, WALK * WALK // max(1, len(vias)))
    for via in vias:
        # Each walker reads a different stretch of the go-between's strongest ties, so that the
        # many people who share one hub are not all offered the same few people.
        ring = _top(rules, top, via)
        if not ring:
            continue
        start = turn % len(ring)
        stretch = (ring[start:] + ring[:start])[:reach]
        for b in stretch:
            pool[b] = pool.get(b, 0) + 1
        if adj[via]["strength"] >= strong:
            via_adj = rules.ties_of(via)
            close.update(b for b in stretch if via_adj[b]["strength"] >= strong)
    for b in adj:
        pool.setdefault(b, 0)
    # rules.allowed and the strong-tie check, written out: this filters ~300 people a person.
    eligible, blocked = rules.eligible, rules.blocked.get(a, frozenset())
    kept = {b: n for b, n in pool.items() if b != a and b in eligible and b not in blocked
            and (b not in adj or adj[b]["strength"] <= strong)}
    if rules.program.in_person:
        kept = {b: n for b, n in kept.items() if rules.allowed(a, b)}
    return kept, close


def _top(rules: Rules, top: dict[str, list[str]], person: str) -> list[str]:
    """Person's RING strongest ties (ties broken by _spread), computed once per round."""
    if person not in top:
        adj = rules.ties_of(person)
        # Sorted by strength alone, then each run of equal strengths by _spread: the order of
        # sorting by (-strength, _spread), without hashing every neighbour of every person.
        ranked = sorted(adj, key=lambda n: -adj[n]["strength"])
        out: list[str] = []
        i = 0
        while i < len(ranked) and len(out) < RING:
            value, j = adj[ranked[i]]["strength"], i + 1
            while j < len(ranked) and adj[ranked[j]]["strength"] == value:
                j += 1
            run = ranked[i:j]
            out += run if len(run) == 1 else sorted(run, key=lambda n: _spread(person, n))
            i = j
        top[person] = out[:RING]
    return top[person]


def _spread(person: str, other: str) -> tuple[int, str]:
    """Break ties between equally good people by a stable per-person hash, not by id: by id,
    everyone's walk would run through the same low-numbered people and crowd them."""
    return zlib.crc32(f"{person}\x1f{other}".encode()), other


def _is_dormant(edge: Mapping[str, object], quiet_before: datetime) -> bool:
    return edge["history"] >= DORMANT_MIN_HISTORY and edge["last"] < quiet_before  # type: ignore[operator]


def _assess(rules: Rules, a: str, b: str, quiet_before: datetime) -> _Assessed | None:
    """Classify and score one pair; None when it is no kind of weak-tie candidate."""
    adj_a, adj_b = rules.ties_of(a), rules.ties_of(b)
    mutual = _mutuals(adj_a, adj_b, a, b)
    edge = adj_a.get(b)
    channels = rules.context.small_shared(a, b)  # org-wide channels say nothing about a pair
    cross = rules.crossing(a, b)
    anchor = max((m[0] for m in mutual), default=0.0)
    # Context.shared, from what is at hand: a mutual contact's entry is the weaker of its two ties.
    context = edge is not None or bool(channels) or anchor >= rules.strong
    if edge is not None and _is_dormant(edge, quiet_before):
        kind = DORMANT
    elif cross and (mutual or channels or edge is not None):
        kind = BRIDGE
    elif mutual:
        kind = FRIEND_OF_FRIEND
    elif edge is not None:
        kind = ACQUAINTANCE
    else:
        return None
    share = overlap_from_counts(len(mutual), len(adj_a), len(adj_b), edge is not None)
    quality = (1 + math.log2(1 + len(mutual)) / 4) * (1 - share / 2) * (1 + CROSS_BONUS * cross)
    # A go-between who knows both well, or a light tie of their own, makes the meeting natural.
    anchored = min(1.0, anchor / rules.strong) if rules.strong > 0 else 1.0
    quality *= (1 + ANCHOR_BONUS * anchored) * (1 + DIRECT_BONUS * (edge is not None))
    quality *= 1 + CONTEXT_BONUS * context
    if kind == DORMANT:
        quality *= 1 + min(1.0, edge["history"] / (5 * DORMANT_MIN_HISTORY))
    score = round(getattr(rules.program.weights, kind) * quality, 9)
    return _Assessed((a, b) if a < b else (b, a), score, kind, mutual, channels,
                     edge["last"] if edge else None, context)


def _explain(rules: Rules, assessed: _Assessed) -> Candidate:
    """The candidate with its reasons in plain words: who you both know, where you both post."""
    mutual = sorted(assessed.mutual, key=lambda m: (-m[0], m[1]))
    known, channels = _known_reason(rules, mutual), assessed.channels
    if assessed.kind == DORMANT and assessed.last is not None:
        reasons = [_dormant_reason(assessed.last, rules.now)]
    elif assessed.kind == BRIDGE:
        reasons = [_bridge_reason(rules, known, channels)]
    elif assessed.kind == ACQUAINTANCE:
        reasons = ["You already know each other a little; a coffee would change that"]
    else:
        reasons = [known or ""]
    if known and known[4:] not in reasons[0]:
        reasons.append(known)
    elif not known and assessed.kind == DORMANT and channels:
        reasons.append(f"You both post in {_channel_name(rules, channels)}")
    return Candidate(assessed.pair, assessed.score, assessed.kind, tuple(reasons),
                     assessed.context)


def _mutuals(adj_a: Mapping, adj_b: Mapping, a: str, b: str) -> list[tuple[float, str]]:
    """Mutual contacts as (how well both know them, id), in no particular order."""
    common = adj_a.keys() & adj_b.keys()  # a set intersection in C, looping over the smaller
    common.discard(a)
    common.discard(b)
    return [(sa if (sa := adj_a[n]["strength"]) < (sb := adj_b[n]["strength"]) else sb, n)
            for n in common]


def _known_reason(rules: Rules, mutual: list[tuple[float, str]]) -> str | None:
    """"You both know Bea Lind and 3 others", naming the best-known nameable mutual contact."""
    if not mutual:
        return None
    named = next((n for _, n in mutual if rules.nameable(n)), None)
    if named is None:
        return f"You have {_count(len(mutual), 'contact')} in common"
    rest = len(mutual) - 1
    tail = f" and {_count(rest, 'other')}" if rest else ""
    return f"You both know {rules.people[named].label}{tail}"


def _bridge_reason(rules: Rules, known: str | None, channels: frozenset[str]) -> str:
    if channels:
        return f"You work in different circles but both post in {_channel_name(rules, channels)}"
    if known:
        return "You work in different circles but " + known[4:]  # "both know ...", "have ..."
    return "You work in different circles but have crossed paths before"


def _dormant_reason(last: datetime, now: datetime) -> str:
    when = last.strftime("%B") if last.year == now.year else last.strftime("%B %Y")
    return f"You used to talk often; the last time was in {when}"


def _channel_name(rules: Rules, channels: frozenset[str]) -> str:
    """The shared channel to name: the smallest, as it says most about the pair."""
    channel = min(channels, key=lambda c: (rules.channel_size.get(c, 0), c))
    return channel if channel.startswith("#") else f"#{channel}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _fill(rules: Rules, found: Mapping[tuple[str, str], Candidate]) -> list[Candidate]:
    """Low-score partners for eligible people who got no candidate, so nobody is left out."""
    covered = {p for pair in found for p in pair}
    lonely = sorted(rules.eligible - covered)
    groups = _groups(rules) if lonely else {}
    return [c for a in lonely for c in _fill_for(rules, groups, a)]


def _groups(rules: Rules) -> dict[tuple[str, object], list[str]]:
    """Eligible people by channel, community, office and all together, each list sorted."""
    groups: dict[tuple[str, object], list[str]] = {("all", None): sorted(rules.eligible)}
    for p in groups["all", None]:
        keys = [("channel", c) for c in rules.ties.channels.get(p, ())]
        keys += [("community", rules.communities.get(p)), ("office", rules.people[p].office)]
        for key in keys:
            if key[1] is not None:
                groups.setdefault(key, []).append(p)
    return groups


def _fill_for(rules: Rules, groups: Mapping[tuple[str, object], list[str]],
              a: str) -> list[Candidate]:
    """Up to FILL_OPTIONS partners, closest context first; each group is read from a onwards."""
    joined = sorted(rules.ties.channels.get(a, ()), key=lambda c: (rules.channel_size[c], c))
    keys = [("channel", c) for c in joined]
    keys += [("community", rules.communities.get(a)), ("office", rules.people[a].office)]
    picked: list[str] = []
    for key in [*keys, ("all", None)]:
        members = groups.get(key, [])
        start = bisect_right(members, a)
        for i in range(min(len(members), FILL_SCAN)):
            b = members[(start + i) % len(members)]
            edge = rules.ties_of(a).get(b)
            if (b not in picked and rules.allowed(a, b)
                    and (edge is None or edge["strength"] <= rules.strong)):
                picked.append(b)
                if len(picked) == FILL_OPTIONS:
                    return [_fill_candidate(rules, a, b) for b in picked]
    return [_fill_candidate(rules, a, b) for b in picked]


def _fill_candidate(rules: Rules, a: str, b: str) -> Candidate:
    """A weak suggestion, still with a reason; shared_context says whether anything is shared."""
    mutual = sorted(_mutuals(rules.ties_of(a), rules.ties_of(b), a, b), key=lambda m: (-m[0], m[1]))
    channels = rules.shared_channels(a, b)
    office = rules.people[a].office
    if channels:
        reason, quality = f"You both post in {_channel_name(rules, channels)}", 0.5
    elif mutual:
        reason, quality = _known_reason(rules, mutual) or "", 0.5
    elif not rules.crossing(a, b) and rules.communities.get(a) is not None:
        reason, quality = "You move in the same circles but have not been introduced", 0.25
    elif office is not None and office == rules.people[b].office:
        reason, quality = f"You both work at {office}", 0.1
    else:
        reason, quality = "You have not been introduced yet", 0.1
    context = rules.context.shared(a, b)
    score = round(rules.program.weights.fill * quality, 9)
    return Candidate((a, b) if a < b else (b, a), score, FILL, (reason,), context)


def round_rules(ties: TieGraph, people: Mapping[str, Person], history: History, program: Program,
                now: datetime, communities: Mapping[str, int]) -> Rules:
    """The rules find_candidates applies, for the round pipeline's own checks."""
    return _rules(ties, people, history, program, now, communities)


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


def pair_candidate(rules: Rules, a: str, b: str) -> Candidate:
    """One pair scored and explained as find_candidates would, or as a fill when it is no kind of
    weak-tie candidate (say when they share only a small channel)."""
    assessed = _assess(rules, a, b, rules.now - timedelta(days=QUIET_DAYS))
    return _explain(rules, assessed) if assessed else _fill_candidate(rules, a, b)
