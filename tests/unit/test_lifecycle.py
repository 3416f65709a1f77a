"""The lifecycle's decisions, pure: reminders, re-matches after a decline, going quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.lifecycle import Turn, agreement, finished_at, gone_quiet, reminder_due
from bot.core.model import Person
from bot.core.programs import Program
from bot.core.rematch import FreeRound, candidate_pairs, rematch

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
START = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # the Monday after


def test_everyone_accepting_the_same_slot_is_an_agreement_dated_by_the_last_to_accept():
    said = {"ana": ("accepted", 1, NOW), "bea": ("accepted", 1, NOW + timedelta(hours=2))}
    assert agreement(["ana", "bea"], said) == (1, NOW + timedelta(hours=2))


def test_different_slots_a_missing_answer_or_another_answer_are_no_agreement():
    assert agreement(["ana", "bea"], {"ana": ("accepted", 0, NOW),
                                      "bea": ("accepted", 1, NOW)}) is None
    assert agreement(["ana", "bea"], {"ana": ("accepted", 0, NOW)}) is None
    assert agreement(["ana", "bea"], {"ana": ("accepted", 0, NOW),
                                      "bea": ("declined", None, NOW)}) is None
    assert agreement([], {}) is None


def test_a_reminder_is_due_from_a_day_before_the_slot_until_it_starts():
    agreed = START - timedelta(days=3)
    assert not reminder_due(START, agreed, START - timedelta(hours=25))
    assert reminder_due(START, agreed, START - timedelta(hours=24))
    assert reminder_due(START, agreed, START - timedelta(minutes=1))
    assert not reminder_due(START, agreed, START)


def test_a_slot_agreed_less_than_a_day_ahead_gets_no_reminder():
    agreed = START - timedelta(hours=20)
    assert not reminder_due(START, agreed, START - timedelta(hours=2))


def turn(round_id: int, days_ago: int, answered: bool = False) -> Turn:
    due = NOW - timedelta(days=days_ago)
    return Turn(round_id, due, finished_at(due, [due + timedelta(days=1)]), answered)


def test_three_finished_rounds_without_an_answer_is_quiet_named_by_the_latest():
    turns = {"ana": [turn(1, 40), turn(2, 30), turn(3, 20)]}
    assert gone_quiet(turns, {}, NOW) == {"ana": 3}


def test_one_answer_two_rounds_or_a_round_still_open_is_not_quiet():
    assert gone_quiet({"ana": [turn(1, 40), turn(2, 30, answered=True), turn(3, 20)]}, {},
                      NOW) == {}
    assert gone_quiet({"ana": [turn(2, 30), turn(3, 20)]}, {}, NOW) == {}
    assert gone_quiet({"ana": [turn(1, 40), turn(2, 30), turn(3, 2)]}, {}, NOW) == {}


def test_only_the_last_three_rounds_count_and_only_since_the_last_pause():
    turns = {"ana": [turn(1, 50, answered=True), turn(2, 40), turn(3, 30), turn(4, 20)]}
    assert gone_quiet(turns, {}, NOW) == {"ana": 4}
    assert gone_quiet(turns, {"ana": NOW - timedelta(days=35)}, NOW) == {}


def test_two_nudges_in_one_round_count_as_one_round_answered_if_either_was():
    turns = {"ana": [turn(1, 40), turn(2, 30), turn(3, 20), turn(3, 20, answered=True)]}
    assert gone_quiet(turns, {}, NOW) == {}


def people(*ids: str, **changes) -> dict[str, Person]:
    return {p: Person(p, name=p.title(), **changes.get(p, {})) for p in ids}


def free(freed=("ana",), unmatched=("cai", "dan"), horizon=START + timedelta(minutes=30)):
    return FreeRound(7, tuple(freed), tuple(unmatched), horizon)


def test_the_partner_left_alone_meets_someone_free_within_the_round():
    found = rematch(free(), people("ana", "cai", "dan"), Program(), {}, frozenset(), NOW)
    [nudge] = found
    assert nudge.members == ("ana", "cai") and nudge.slots
    assert all(s.end <= START + timedelta(minutes=30) and s.start > NOW for s in nudge.slots)


def test_someone_else_who_lost_a_partner_comes_before_the_unmatched():
    found = rematch(free(freed=("ana", "eve")), people("ana", "cai", "dan", "eve"), Program(),
                    {}, frozenset(), NOW)
    assert [n.members for n in found] == [("ana", "eve")]


def test_the_rules_of_the_program_hold_in_a_rematch():
    everyone = people("ana", "cai", "dan", "eve", ana={"do_not_pair": frozenset({"cai"})},
                      dan={"away_until": NOW + timedelta(days=9)},
                      eve={"office": "Porto"})
    last = {frozenset(("ana", "fay")): NOW - timedelta(weeks=2)}
    everyone["fay"] = Person("fay")
    round_ = free(unmatched=("cai", "dan", "eve", "fay"))
    assert candidate_pairs(round_, everyone, Program(), last, NOW) == [("ana", "eve")]
    in_person = Program(in_person=True)
    assert candidate_pairs(round_, everyone, in_person, last, NOW) == []
    assert rematch(round_, everyone, Program(), last, frozenset({frozenset(("ana", "eve"))}),
                   NOW) == []


def test_no_rematch_once_the_rounds_slots_are_over_or_when_no_slot_fits_before_they_end():
    assert rematch(free(horizon=NOW), people("ana", "cai"), Program(), {}, frozenset(),
                   NOW) == []
    soon = free(horizon=NOW + timedelta(hours=1))  # nothing can be proposed so soon
    assert rematch(soon, people("ana", "cai"), Program(), {}, frozenset(), NOW) == []
