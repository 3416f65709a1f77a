"""One round, end to end and pure: interactions -> ties -> candidates -> groups -> nudges."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.core.candidates import find_candidates
from bot.core.crossing import TEAMS, crossing_labels, crossing_mode
from bot.core.eligibility import eligible
from bot.core.matching import match
from bot.core.model import Candidate, Group, History, Interaction, Person, RoundPlan
from bot.core.plan import plan_nudges
from bot.core.programs import Program
from bot.core.rules import round_rules
from bot.core.settle import settle
from bot.core.ties import TieGraph, TieParams, build_ties, communities


@dataclass(frozen=True, slots=True)
class RoundWork:
    """Every intermediate result of a round, kept so that a plan can be explained and measured."""

    ties: TieGraph
    communities: Mapping[str, int]  # inferred from the ties, whatever the round crossed
    eligible: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    groups: tuple[Group, ...]
    plan: RoundPlan
    crossing: str = "communities"  # what the round crossed: teams, communities or off


def eligible_people(people: Mapping[str, Person], program: Program, ties: TieGraph,
                    now: datetime) -> tuple[str, ...]:
    """Who can be paired this round (available and in the program's scope), in a stable order."""
    return tuple(sorted(eligible(people, program, ties.channels, now)))


def plan_round(people: Mapping[str, Person], interactions: Iterable[Interaction],
               history: History, program: Program, now: datetime,
               stage: Callable[[str], None] = lambda name: None,
               channel_names: Mapping[str, str] | None = None) -> RoundWork:
    """Plan a round for `program` at `now`; the caller stores the plan and sends it later.

    `stage(name)` is called as each stage ends, so a benchmark can time the real pipeline;
    `channel_names` (id -> name) is how reasons name a shared channel."""
    with _collector_paused():
        return _plan_round(people, interactions, history, program, now, stage,
                           channel_names or {})


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A round builds millions of small containers (edges, attribute dicts, candidates) and no
    reference cycles; Python's cycle collector would rescan them all again and again as they
    grow, a quarter of a round's time. It is paused for the round and left as it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plan_round(people: Mapping[str, Person], interactions: Iterable[Interaction],
                history: History, program: Program, now: datetime,
                stage: Callable[[str], None], channel_names: Mapping[str, str]) -> RoundWork:
    ties = build_ties(interactions, now, TieParams(half_life_days=program.half_life_days))
    stage("ties")
    groups_of = communities(ties, program.seed)
    stage("communities")
    eligible = eligible_people(people, program, ties, now)
    mode = crossing_mode(program, people, eligible)
    labels = crossing_labels(mode, groups_of)
    rules = round_rules(ties, people, history, program, now, labels, channel_names,
                        apart=mode == TEAMS)
    candidates = find_candidates(ties, people, history, program, now, labels, rules=rules)
    stage("candidates")
    groups, unmatched = match(candidates, eligible, program.group_size, history.left_out,
                              program.seed, rules.may_meet)
    groups, unmatched, more = settle(rules, candidates, groups, unmatched, program.group_size,
                                     history.left_out, program.seed)
    stage("matching")
    nudges = plan_nudges(groups, people, program, now)
    stage("plan")
    plan = RoundPlan(nudges=tuple(nudges), unmatched=tuple(unmatched))
    return RoundWork(ties, groups_of, eligible, (*candidates, *more), tuple(groups), plan, mode)
