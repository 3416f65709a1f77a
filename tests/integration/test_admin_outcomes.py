"""`admin outcomes`: whether the groups a program's rounds suggested kept talking, read from the
stored rounds, answers and interactions (docs/outcomes.md), as aggregates only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.admin import REFUSAL, Gate, handle_admin

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ROUND = NOW - timedelta(weeks=10)
SLOT = Slot(ROUND + timedelta(days=2), ROUND + timedelta(days=2, minutes=30))


def a_round(store, tenant: str, pairs: int, chat_after: int) -> list[tuple[str, str]]:
    """`pairs` pairs suggested ten weeks ago: the first half met and chatted `chat_after` times
    in the weeks after; the second half declined and stayed quiet."""
    groups = [(f"UA{i:02d}", f"UB{i:02d}") for i in range(pairs)]
    for who in (m for group in groups for m in group):
        store.update_person(tenant, who, "slack", enrolled=True)
    plan = RoundPlan(tuple(Nudge(g, 1.0, ("You share a channel",), (SLOT,)) for g in groups), ())
    store.save_round(tenant, Program(name="coffee"), ROUND, plan, ROUND)
    rows = []
    for n, (nudge, group) in enumerate(zip(store.nudges(tenant), groups, strict=True)):
        if n < pairs // 2:
            for who in group:
                store.record_feedback(tenant, nudge.id, who, "accepted", ROUND + timedelta(hours=1), 0)
            store.record_feedback(tenant, nudge.id, group[0], "met", SLOT.end + timedelta(hours=2))
            rows += [(f"{group}{k}", Interaction(group[0], group[1], "reply",
                                                 SLOT.start + timedelta(days=7 * (k + 1)), "C1"))
                     for k in range(chat_after)]
        else:
            store.record_feedback(tenant, nudge.id, group[1], "declined", ROUND + timedelta(hours=1))
    store.record_interactions(tenant, rows, "slack")
    return groups


def ask(store, tenant: str, who: str = "UBOSS") -> str:
    return handle_admin(store, tenant, who, "admin outcomes coffee", NOW, "slack",
                        Gate(frozenset({"UBOSS"})))


def test_groups_that_met_and_kept_talking_are_told_apart_from_those_that_did_not(store):
    groups = a_round(store, "T1", pairs=12, chat_after=3)
    said = ask(store, "T1")
    assert said.startswith("`coffee`, last 4 rounds, groups whose eight weeks have passed:")
    assert "• still talking after meeting: 100%" in said
    assert "• still talking, groups that did not meet: 0%" in said
    assert "random groups of the same people, same weeks:" in said
    assert not any(person in said for group in groups for person in group)


def test_a_single_message_after_meeting_is_not_a_lasting_tie(store):
    a_round(store, "T1", pairs=12, chat_after=1)
    assert "• still talking after meeting: 0%" in ask(store, "T1")


def test_too_few_people_on_a_side_shows_no_rate(store):
    a_round(store, "T1", pairs=6, chat_after=3)  # 6 people met, 6 did not: under 10 a side
    said = ask(store, "T1")
    assert "too few people" in said and "%" not in said


def test_an_employee_asking_is_refused(store):
    a_round(store, "T1", pairs=12, chat_after=3)
    assert ask(store, "T1", who="UA01") == REFUSAL
