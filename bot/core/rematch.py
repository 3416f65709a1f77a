"""Re-matching within a round, pure: when a member of a pair declines, the partner left alone
meets someone else who is free in the same round, under the program's rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.core.model import Group, Nudge, Person
from bot.core.overlap import Hours
from bot.core.plan import plan_nudges
from bot.core.programs import Program

REASON = "You are both free for a coffee this round"


@dataclass(frozen=True, slots=True)
class FreeRound:
    """Who is free in one round. `freed` lost their partner to a decline (in the order the
    declines came), `unmatched` were left without a group when the round was planned;
    `horizon` is when the round's last slot ends: nothing is proposed after it."""

    round_id: int
    freed: tuple[str, ...]
    unmatched: tuple[str, ...]
    horizon: datetime


def candidate_pairs(free: FreeRound, people: Mapping[str, Person], program: Program,
                    last_paired: Mapping[frozenset[str], datetime],
                    now: datetime) -> list[tuple[str, str]]:
    """(freed, partner) pairs that may meet: both still available, neither on the other's
    do-not-pair list, the same office for an in-person program (else the program's shared
    working hours), not paired within the cool-down. A freed person's
    partners come in order of preference: someone who also lost a partner (they were counting
    on a coffee too), then someone left unmatched; by id within each. Strong ties are the
    caller's to rule out: they need the tie graph."""
    if free.horizon <= now:
        return []
    others = list(free.freed) + sorted(set(free.unmatched) - set(free.freed))
    hours = Hours(people, program, now)
    return [(a, b) for a in free.freed for b in others
            if a != b and _may_meet(a, b, people, program, last_paired, now)
            and hours.enough(a, b)]


def rematch(free: FreeRound, people: Mapping[str, Person], program: Program,
            last_paired: Mapping[frozenset[str], datetime], tied: frozenset[frozenset[str]],
            now: datetime) -> list[Nudge]:
    """New nudges for the freed: each in turn meets the first candidate partner still free
    who is not strongly `tied` to them and shares a slot with them that ends within the round
    (the program's usual slots, from now on). Someone nobody can meet stays free."""
    taken: set[str] = set()
    nudges = []
    for a, b in candidate_pairs(free, people, program, last_paired, now):
        if a in taken or b in taken or frozenset((a, b)) in tied:
            continue
        nudge = _nudge((a, b), people, program, free.horizon, now)
        if nudge is not None:
            taken |= {a, b}
            nudges.append(nudge)
    return nudges


def _may_meet(a: str, b: str, people: Mapping[str, Person], program: Program,
              last_paired: Mapping[frozenset[str], datetime], now: datetime) -> bool:
    pa, pb = people.get(a), people.get(b)
    if pa is None or pb is None or not (pa.available(now) and pb.available(now)):
        return False
    if b in pa.do_not_pair or a in pb.do_not_pair:
        return False
    if program.in_person and (pa.office is None or pa.office != pb.office):
        return False
    last = last_paired.get(frozenset((a, b)))
    return last is None or now - last >= timedelta(weeks=program.cooldown_weeks)


def _nudge(pair: tuple[str, str], people: Mapping[str, Person], program: Program,
           horizon: datetime, now: datetime) -> Nudge | None:
    [planned] = plan_nudges([Group(pair, 0.0, (REASON,))], people, program, now)
    slots = tuple(s for s in planned.slots if s.end <= horizon)
    return replace(planned, slots=slots) if slots else None
