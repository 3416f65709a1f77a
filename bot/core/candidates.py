"""Tie graph + people + program rules -> scored weak-tie candidates, each with plain-word reasons."""

from __future__ import annotations

import heapq
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from bot.core.fill import fill, fill_candidate
from bot.core.model import ACQUAINTANCE, BRIDGE, DORMANT, FRIEND_OF_FRIEND, Candidate, History, Person
from bot.core.programs import Program
from bot.core.reasons import (
    Reason,
    bridge_reason,
    channel_reason,
    dormant_reason,
    includes_known,
    known_reason,
    teams_of,
)
from bot.core.rules import Rules, mutuals, round_rules
from bot.core.ties import TieGraph, is_strong, overlap_from_counts

QUIET_DAYS = 45  # a tie silent this long, with enough history, is dormant
# ... and sooner for a pair with a fast rhythm: silent RHYTHM times its usual gap, but never
# before MIN_QUIET_DAYS (a daily pair quiet for three weeks has gone dormant; a monthly one not)
RHYTHM = 4.0
MIN_QUIET_DAYS = 14
DORMANT_MIN_HISTORY = 2.0  # about two replies' worth of undecayed interaction
WALK = 8  # friends of friends: walk each person's WALK strongest ties, then WALK of theirs
QUIET_DEGREE = 3  # people with this few ties get twice the candidates: they have fewer options
RING = 32  # ... read from the go-between's RING strongest, at a place that differs per walker
CROSS_BONUS = 2.0  # crossing communities triples a pair's quality (bot/core/crossing.py)
ANCHOR_BONUS = 1.0  # up to double for a mutual contact who is a strong tie of both
DIRECT_BONUS = 0.5  # a light tie of their own: they have at least crossed paths
PRESENCE = 2.0  # a meeting with shared context is worth PRESENCE x the median candidate score
SCARCITY = 4.0  # ... and up to 1 + 2 x SCARCITY times its quality for people with one option
CONTEXT_BONUS = 3.0  # shared context (see context.py) quadruples a pair's quality
SHORTLIST = 2  # score fully only SHORTLIST * per_person cheaply pre-ranked pairs per person


def find_candidates(ties: TieGraph, people: Mapping[str, Person], history: History,
                    program: Program, now: datetime, communities: Mapping[str, int],
                    per_person: int = 8, rules: Rules | None = None) -> list[Candidate]:
    """Scored weak-tie pairs, best first; everyone eligible gets at least a fill candidate.

    `rules` may be passed when the caller has them already (round_rules of the same arguments)."""
    if rules is None:
        rules = round_rules(ties, people, history, program, now, communities)
    top: dict[str, list[str]] = {}
    found: dict[tuple[str, str], Candidate] = {}
    for person in sorted(rules.eligible):
        quiet = len(rules.ties_of(person)) <= QUIET_DEGREE
        for assessed in _best_for(rules, top, person, per_person * (1 + quiet)):
            if assessed.pair not in found:
                found[assessed.pair] = _explain(rules, assessed)
    for candidate in fill(rules, found):
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


def _best_for(rules: Rules, top: dict[str, list[str]], a: str, limit: int) -> list[_Assessed]:
    """The `limit` best pairs for one person, from a bounded neighbourhood walk."""
    pool, close = _pool(rules, top, a)
    quiet_before = _quiet(rules.now)
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
        # is_strong, written out (as below): these run ~300 times a person
        if adj[via]["strength"] >= strong:
            via_adj = rules.ties_of(via)
            close.update(b for b in stretch if via_adj[b]["strength"] >= strong)
    for b in adj:
        pool.setdefault(b, 0)
    # rules.allowed and the strong-tie check, written out: this filters ~300 people a person.
    eligible, blocked = rules.eligible, rules.blocked.get(a, frozenset())
    kept = {b: n for b, n in pool.items() if b != a and b in eligible and b not in blocked
            and (b not in adj or adj[b]["strength"] < strong)}  # not is_strong, written out
    if rules.program.in_person:
        return {b: n for b, n in kept.items() if rules.allowed(a, b)}, close
    if rules.apart and rules.people[a].team is not None:  # never one's own team
        kept = {b: n for b, n in kept.items() if not rules.same_team(a, b)}
    if rules.hours is not None and not rules.hours.fits_all(own := rules.hours.profile(a)):
        hours, need = rules.hours, rules.hours.need  # shared working hours, read per profile
        kept = {b: n for b, n in kept.items() if hours.between(own, hours.profile(b)) >= need}
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


def _quiet(now: datetime) -> tuple[datetime, datetime, datetime]:
    """What _is_dormant compares with, computed once a round: (quiet always, quiet at the
    earliest, now)."""
    return now - timedelta(days=QUIET_DAYS), now - timedelta(days=MIN_QUIET_DAYS), now


def _is_dormant(edge: Mapping[str, Any], quiet: tuple[datetime, datetime, datetime]) -> bool:
    """Enough history, and silent QUIET_DAYS, or RHYTHM times the pair's own usual gap (the
    span of their history over its count) and at least MIN_QUIET_DAYS."""
    last = edge["last"]
    if edge["history"] < DORMANT_MIN_HISTORY or last >= quiet[1]:
        return False
    if last < quiet[0]:
        return True
    usual = (last - edge["first"]) / max(1.0, edge["history"] - 1.0)
    return quiet[2] - last >= RHYTHM * usual


def _assess(rules: Rules, a: str, b: str,
            quiet_before: tuple[datetime, datetime, datetime]) -> _Assessed | None:
    """Classify and score one pair; None when it is no kind of weak-tie candidate."""
    adj_a, adj_b = rules.ties_of(a), rules.ties_of(b)
    mutual = mutuals(adj_a, adj_b, a, b)
    edge = adj_a.get(b)
    channels = rules.context.small_shared(a, b)  # org-wide channels say nothing about a pair
    cross = rules.crossing(a, b)
    anchor = max((m[0] for m in mutual), default=0.0)
    # Context.shared, from what is at hand: a mutual contact's entry is the weaker of its two ties.
    context = edge is not None or bool(channels) or is_strong(anchor, rules.strong)
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
    quality *= (1 + CONTEXT_BONUS * context) * rules.hours_factor(a, b)  # more shared hours
    if kind == DORMANT:
        quality *= 1 + min(1.0, edge["history"] / (5 * DORMANT_MIN_HISTORY))
    score = round(getattr(rules.program.weights, kind) * quality, 9)
    return _Assessed((a, b) if a < b else (b, a), score, kind, mutual, channels,
                     edge["last"] if edge else None, context)


def _explain(rules: Rules, assessed: _Assessed) -> Candidate:
    """The candidate with its reasons in plain words: who you both know, where you both post."""
    mutual = sorted(assessed.mutual, key=lambda m: (-m[0], m[1]))
    known, channels = known_reason(rules, mutual), assessed.channels
    reasons: list[Reason]
    if assessed.kind == DORMANT and assessed.last is not None:
        reasons = [dormant_reason(assessed.last, rules.now)]
    elif assessed.kind == BRIDGE or (known and teams_of(rules, assessed.pair)):
        reasons = [bridge_reason(rules, known, channels, assessed.pair)]
    elif assessed.kind == ACQUAINTANCE:
        reasons = [Reason.of("acquaintance")]
    else:
        reasons = [known or Reason.of("not_introduced")]
    if known and reasons[0] != known and not includes_known(reasons[0]):
        reasons.append(known)
    elif not known and assessed.kind == DORMANT and channels:
        reasons.append(channel_reason(rules, channels))
    return Candidate(assessed.pair, assessed.score, assessed.kind, tuple(reasons),
                     assessed.context)


def pair_candidate(rules: Rules, a: str, b: str) -> Candidate:
    """One pair scored and explained as find_candidates would, or as a fill when it is no kind of
    weak-tie candidate (say when they share only a small channel)."""
    assessed = _assess(rules, a, b, _quiet(rules.now))
    return _explain(rules, assessed) if assessed else fill_candidate(rules, a, b)
