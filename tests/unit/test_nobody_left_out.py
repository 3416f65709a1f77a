"""Nobody is left out of a round while a group has room for them (issue 15): someone who shares
context with no one joins a group with room they may meet, rather than waiting a round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import History, Interaction, Person
from bot.core.programs import Program
from bot.core.rounds import plan_round
from tests.helpers.reasons import english

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _rows(*pairs: str) -> list[Interaction]:
    return sorted((Interaction(p[0], p[1], "mention", NOW - timedelta(days=d))
                   for p in pairs for d in range(1, 9)), key=lambda r: r.at)


def test_a_newcomer_with_no_ties_joins_a_pair_with_room():
    people = {p: Person(p) for p in "abcde"}  # e is new: no interaction at all
    work = plan_round(people, _rows("ab", "cd"), History(), Program(), NOW)
    assert work.plan.unmatched == ()
    assert sorted(len(g.members) for g in work.groups) == [2, 3]


def test_a_group_is_never_made_larger_than_the_size_allows():
    # groups of two, so at most three: five people with no context make a two and a three
    people = {p: Person(p) for p in "vwxyz"}
    work = plan_round(people, [], History(), Program(), NOW)
    assert work.plan.unmatched == ()
    assert all(len(g.members) <= 3 for g in work.groups)


def test_someone_who_may_meet_nobody_stays_out():
    # in person, the only one in Berlin has nobody of their office to meet
    people = {**{p: Person(p, office="Lisbon") for p in "abcd"}, "e": Person("e", office="Berlin")}
    work = plan_round(people, _rows("ab", "cd"), History(), Program(in_person=True), NOW)
    assert work.plan.unmatched == ("e",)


def test_a_newcomer_meets_a_well_connected_colleague_and_is_told_why():
    # Dana knows all twelve; a newcomer in her office knows nobody yet
    others = [f"p{i}" for i in range(12)]
    rows = sorted([Interaction("dana", o, "mention", NOW - timedelta(days=d))
                   for o in others for d in (1, 3)]
                  + [Interaction(o, others[(i + 1) % 12], "mention", NOW - timedelta(days=5))
                     for i, o in enumerate(others)], key=lambda r: r.at)
    people = {p: Person(p, name=p.title(), office="Berlin") for p in ["dana", *others, "new"]}
    work = plan_round(people, rows, History(), Program(), NOW)
    [group] = [n for n in work.plan.nudges if "new" in n.members]
    assert "dana" in group.members
    assert any("Dana knows many people across Berlin" in r for r in english(group.reasons))
