"""`admin outcomes`: whether the groups a program's rounds suggested kept talking, read from the
stored rounds, answers and interactions (docs/outcomes.md), as aggregates only."""

from __future__ import annotations

from bot.service.admin import REFUSAL, Gate, handle_admin
from tests.helpers.outcomes import NOW, a_round


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
