"""Lasting ties: did the people a round put together keep talking afterwards?

Pure: the groups of a round, the tenant's interactions and `now` in, aggregates out.
docs/outcomes.md gives the reasoning at length; the rules, with their defaults as parameters:

- A group's **window** opens at its reference moment (the agreed slot's start, or the round's
  time when no slot was agreed) and lasts `weeks` (8) weeks: [reference, reference + 8 weeks).
  The comparison window is the same number of weeks before the group was *suggested*
  (`suggested`, the round's time; the reference when not given): [suggested - 8 weeks,
  suggested). Chat between the suggestion and the slot is the group arranging the meetup and
  counts on neither side, so that arranging a meeting never reads as "they talked before".
- **Chat** is a direct interaction between the two people, either way round (actor and target):
  every kind except "meeting" (a confirmed meetup is the treatment, not the outcome) and the
  membership kinds "join"/"leave" (which tie nobody). Channel posts have no target: not direct.
- A **pair lasts** when it chatted at least `min_after` (2) times in its window AND more often
  than in the comparison window: a pair who already talked daily did not form a new tie, and a
  single "thanks, nice meeting you" is not a tie either.
- A **group lasts** when at least one of its pairs lasts: one new lasting tie is the outcome the
  product exists for, and demanding every pair would make a group of four fail where a pair
  with the same single tie succeeds.
- Only groups whose window has fully passed (reference + 8 weeks <= now) are counted; the
  others are **pending**. Groups of fewer than two people are neither.
- Three rates, in percent over groups: groups that confirmed they met (someone said "met"),
  groups that did not meet (declined or left unanswered, and nobody said "met"), and the
  tenant's **base rate**: the same group test applied to random groups of the same size drawn
  from the same people over each counted group's windows (`samples` (20) per counted group, or
  every such group when there are fewer; never one holding a pair that any input group put
  together), drawn by random.Random(seed), so the same input gives the same figure.
- **Privacy** (MIN_PEOPLE, the rule of bot/core/outcomes.py): a rate whose groups hold fewer than
  MIN_PEOPLE distinct people is None. The met and not-met cells are complementary (a round's
  "lasting ties" total, stored or shown anywhere, minus one cell gives the other), so when
  either is suppressed both are. No total or per-cell count of groups is returned: a caller
  that publishes an all-groups figure must suppress it unless every cell it covers, including
  the groups that neither met nor declined, holds MIN_PEOPLE people.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations

from bot.core.model import MEMBERSHIP, Interaction
from bot.core.outcomes import MIN_PEOPLE

NOT_CHAT = frozenset(("meeting", *MEMBERSHIP))
WEEKS = 8  # a group's window, and the comparison window before it
ATTEMPTS = 10  # draws per wanted random group before giving up (grouped pairs are rejected)

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Group:
    """One group of a round. `declined`: declined or left unanswered; `reference`: the agreed
    slot's start, or the round's time; `suggested`: when the group was proposed (defaults to
    `reference`)."""

    members: tuple[str, ...]
    met: bool
    declined: bool
    reference: datetime
    suggested: datetime | None = None

    @property
    def since(self) -> datetime:
        return self.suggested if self.suggested is not None else self.reference


@dataclass(frozen=True, slots=True)
class Lasting:
    """Rates in percent (one decimal), None when suppressed or when no group is in the cell."""

    groups: int  # groups whose window has passed
    pending: int  # groups whose window is still open
    met: float | None  # groups that confirmed they met and lasted
    not_met: float | None  # groups that declined or did not answer, and lasted
    base: float | None  # random groups of the same people over the same windows that lasted


@dataclass(frozen=True, slots=True)
class Cell:
    """Counts behind one rate: groups counted, how many lasted, the distinct people in them.
    Kept (bot/core/records.py) so rounds can be combined later; never shown as such."""

    groups: int
    lasted: int
    people: int


@dataclass(frozen=True, slots=True)
class Cells:
    groups: int  # groups whose window has passed
    pending: int
    met: Cell
    not_met: Cell
    base: Cell


def lasting(groups: Iterable[Group], interactions: Iterable[Interaction], now: datetime, *,
            weeks: int = WEEKS, min_after: int = 2, samples: int = 20, seed: int = 0) -> Lasting:
    return rates(cells(groups, interactions, now, weeks=weeks, min_after=min_after,
                       samples=samples, seed=seed))


def rates(found: Cells) -> Lasting:
    """The rates a manager may see, under the privacy rules in the module's docstring."""
    met, not_met = _rate(found.met), _rate(found.not_met)
    if met is None or not_met is None:
        met = not_met = None  # complementary cells: one alone would reveal the other
    return Lasting(found.groups, found.pending, met, not_met, _rate(found.base))


def cells(groups: Iterable[Group], interactions: Iterable[Interaction], now: datetime, *,
          weeks: int = WEEKS, min_after: int = 2, samples: int = 20, seed: int = 0) -> Cells:
    span = timedelta(weeks=weeks)
    groups = [g for g in groups if len(set(g.members)) >= 2]
    done = [g for g in groups if passed(g, span, now)]
    grouped = {pair for g in groups for pair in pairs(g.members)}
    people = sorted({m for g in done for m in g.members})
    rng = random.Random(seed)
    controls = [(members, g) for g in done
                for members in _draw(people, len(set(g.members)), grouped, samples, rng)]
    needed = {pair for g in done for pair in pairs(g.members)}
    needed |= {pair for members, _ in controls for pair in pairs(members)}
    times = index(interactions, needed)

    def lasts(members: Sequence[str], group: Group) -> bool:
        return any(pair_lasts(times.get(pair, ()), group, span, min_after)
                   for pair in pairs(members))

    met = _cell([(g.members, lasts(g.members, g)) for g in done if g.met])
    not_met = _cell([(g.members, lasts(g.members, g)) for g in done
                     if not g.met and g.declined])
    base = _cell([(members, lasts(members, g)) for members, g in controls])
    return Cells(len(done), len(groups) - len(done), met, not_met, base)


def passed(group: Group, span: timedelta, now: datetime) -> bool:
    """Whether the group's window has fully passed, so its pairs can be judged."""
    return group.reference + span <= now


def pair_lasts(times: Sequence[datetime], group: Group, span: timedelta, min_after: int) -> bool:
    """The pair rule: `times` (sorted, from index()) are the pair's chats; see the docstring."""
    after = _count(times, group.reference, group.reference + span)
    return after >= min_after and after > _count(times, group.since - span, group.since)


def _count(times: Sequence[datetime], start: datetime, end: datetime) -> int:
    """Interactions in [start, end), `times` sorted."""
    return bisect_left(times, end) - bisect_left(times, start)


def _cell(found: list[tuple[Sequence[str], bool]]) -> Cell:
    return Cell(len(found), sum(1 for _, lasted in found if lasted),
                len({m for members, _ in found for m in members}))


def _rate(cell: Cell) -> float | None:
    if cell.people < MIN_PEOPLE or not cell.groups:
        return None
    return round(100.0 * cell.lasted / cell.groups, 1)


def pairs(members: Iterable[str]) -> list[Pair]:
    """Every pair of distinct members, each sorted, as index() keys them."""
    return list(combinations(sorted(set(members)), 2))


def index(interactions: Iterable[Interaction], needed: set[Pair]) -> dict[Pair, list[datetime]]:
    """The sorted times of direct chat of each needed pair, read in one pass: a year of a large
    tenant's interactions is millions of rows, and only a few hundred thousand pairs matter."""
    times: dict[Pair, list[datetime]] = {}
    for actor, target, kind, at, _channel in interactions:
        if target is None or actor == target or kind in NOT_CHAT:
            continue
        pair = (actor, target) if actor < target else (target, actor)
        if pair in needed:
            times.setdefault(pair, []).append(at)
    for found in times.values():
        found.sort()
    return times


def _draw(people: list[str], size: int, grouped: set[Pair], samples: int,
          rng: random.Random) -> list[tuple[str, ...]]:
    """Up to `samples` distinct random groups of `size` people, none holding a pair that was
    grouped together; all of them when there are no more than `samples` possible groups."""
    if size > len(people) or samples <= 0:
        return []
    if math.comb(len(people), size) <= samples:
        return [c for c in combinations(people, size) if _apart(c, grouped)]
    found: dict[tuple[str, ...], None] = {}  # insertion-ordered, so the draw order is kept
    for _ in range(samples * ATTEMPTS):
        if len(found) == samples:
            break
        candidate = tuple(sorted(rng.sample(people, size)))
        if candidate not in found and _apart(candidate, grouped):
            found[candidate] = None
    return list(found)


def _apart(members: tuple[str, ...], grouped: set[Pair]) -> bool:
    return not any(pair in grouped for pair in combinations(members, 2))
