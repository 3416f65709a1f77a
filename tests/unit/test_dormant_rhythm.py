"""A tie goes dormant relative to the pair's own rhythm (issue 15): a pair that talked every
day and went quiet three weeks ago is dormant; a pair that talks once a month, quiet as long,
is not yet; anyone quiet 45 days is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import DORMANT, History, Interaction, Person
from bot.core.programs import Program
from bot.core.rounds import plan_round

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _kinds(rows: list[Interaction]) -> dict[tuple[str, str], str]:
    people = {p: Person(p) for r in rows for p in (r.actor, r.target)}
    work = plan_round(people, sorted(rows, key=lambda r: r.at), History(), Program(), NOW)
    return {c.pair: c.kind for c in work.candidates}


def _every(a: str, b: str, days: int, times: int, quiet: int) -> list[Interaction]:
    return [Interaction(a, b, "reply", NOW - timedelta(days=quiet + days * k)) for k in range(times)]


def test_a_daily_pair_quiet_for_three_weeks_is_dormant_a_monthly_one_not_yet():
    kinds = _kinds(_every("a", "b", 1, 30, quiet=20) + _every("c", "d", 30, 6, quiet=20))
    assert kinds[("a", "b")] == DORMANT
    assert kinds[("c", "d")] != DORMANT


def test_two_weeks_of_quiet_is_never_enough_and_45_days_always_is():
    kinds = _kinds(_every("a", "b", 1, 30, quiet=10) + _every("c", "d", 30, 6, quiet=50))
    assert kinds[("a", "b")] != DORMANT  # a holiday, not a lost tie
    assert kinds[("c", "d")] == DORMANT
