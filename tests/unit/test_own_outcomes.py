"""One person's own outcomes (bot/core/own_outcomes.py): lasting.py's pair rule over the asker's
own pairs only, with open windows counted apart; and the sentence that says them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.core.lasting import Group, cells
from bot.core.model import Interaction
from bot.core.own_outcomes import Own, own_outcomes
from bot.service.own_outcomes import NOTHING, words

REF = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
NOW = REF + timedelta(weeks=9)
DAY = timedelta(days=1)


def chat(a: str, b: str, *moments: datetime, kind: str = "dm") -> list[Interaction]:
    return [Interaction(a, b, kind, at) for at in moments]


def twice(a: str, b: str, start: datetime = REF) -> list[Interaction]:
    return chat(a, b, start + DAY, start + 2 * DAY)


def test_people_met_and_the_ones_still_talked_with():
    groups = [Group(("ana", "bo"), True, False, REF), Group(("ana", "cy", "di"), True, False, REF)]
    found = own_outcomes("ana", groups, twice("ana", "bo") + twice("di", "ana"), NOW)
    assert found == Own(meetups=2, pending=0, people=3, still_talk=2, within=0)


def test_a_pair_lasts_by_the_same_rule_as_the_managers_figure():
    # one chat after is not a tie; chatting as much before as after is not a new one
    group = Group(("ana", "bo"), True, False, REF)
    assert own_outcomes("ana", [group], chat("ana", "bo", REF + DAY), NOW).still_talk == 0
    before = chat("bo", "ana", REF - 2 * DAY, REF - DAY)
    assert own_outcomes("ana", [group], twice("ana", "bo") + before, NOW).still_talk == 0
    for kind in ("meeting", "join"):
        assert own_outcomes("ana", [group], chat("ana", "bo", REF + DAY, REF + 2 * DAY,
                                                 kind=kind), NOW).still_talk == 0


def test_only_the_askers_own_pairs_count():
    # cy and di kept talking; ana did with neither of them
    group = Group(("ana", "cy", "di"), True, False, REF)
    found = own_outcomes("ana", [group], twice("cy", "di"), NOW)
    assert (found.people, found.still_talk) == (2, 0)
    assert own_outcomes("cy", [group], twice("cy", "di"), NOW).still_talk == 1


def test_a_meetup_whose_eight_weeks_are_not_over_is_neither_lasting_nor_not():
    early = NOW - timedelta(weeks=3)
    groups = [Group(("ana", "bo"), True, False, REF), Group(("ana", "cy"), True, False, early)]
    found = own_outcomes("ana", groups, twice("ana", "bo") + twice("ana", "cy", early), NOW)
    assert found == Own(meetups=2, pending=1, people=2, still_talk=1, within=1)
    # the moment the window closes, the same chats make cy a lasting tie
    later = own_outcomes("ana", groups, twice("ana", "bo") + twice("ana", "cy", early),
                         early + timedelta(weeks=8))
    assert later == Own(meetups=2, pending=0, people=2, still_talk=2, within=0)


def test_groups_that_did_not_meet_or_without_the_asker_are_not_theirs():
    groups = [Group(("ana", "bo"), False, True, REF), Group(("cy", "di"), True, False, REF),
              Group(("ana",), True, False, REF)]
    assert own_outcomes("ana", groups, twice("ana", "bo"), NOW) == Own(0, 0, 0, 0, 0)


def test_someone_met_twice_is_one_person():
    groups = [Group(("ana", "bo"), True, False, REF),
              Group(("bo", "ana"), True, False, REF + timedelta(weeks=1))]
    found = own_outcomes("ana", groups, twice("ana", "bo"), NOW + timedelta(weeks=1))
    assert (found.meetups, found.people, found.still_talk) == (2, 1, 1)


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 3), st.integers(0, 3)), min_size=1,
                max_size=10))
def test_each_pair_lasts_exactly_when_lasting_py_says_its_group_of_two_lasted(pairs):
    # (met?, chats in the weeks before, chats after) per pair: the asker's count is the sum of
    # the tenant rule's lasted groups, each pair judged alone (cells: counts, not suppressed)
    groups, moments = [], []
    for i, (met, before, after) in enumerate(pairs):
        groups.append(Group(("ana", f"p{i}"), met, not met, REF))
        moments += chat("ana", f"p{i}", *(REF - (k + 1) * DAY for k in range(before)))
        moments += chat(f"p{i}", "ana", *(REF + (k + 1) * DAY for k in range(after)))
    found = own_outcomes("ana", groups, moments, NOW)
    alone = sum(cells([g], moments, NOW).met.lasted for g in groups if g.met)
    assert (found.meetups, found.people, found.still_talk, found.within) == (
        sum(m for m, _, _ in pairs), sum(m for m, _, _ in pairs), alone, 0)


def test_the_sentence_says_the_askers_counts_and_the_open_weeks():
    assert words(Own(2, 1, 4, 3, 1)).startswith(
        "In the last 91 days you met 4 people (2 meetups); you still talk with 3 of them. "
        "1 meetup is still within its eight weeks.")
    assert words(Own(1, 0, 1, 1, 0)).startswith(
        "In the last 91 days you met 1 person (1 meetup); you still talk with 1 of them.\n")
    assert words(Own(1, 1, 2, 0, 2)) == (
        "In the last 91 days you met 2 people (1 meetup). It is still within its eight weeks, "
        "so it is too early to say whether you still talk.")
    assert words(Own(0, 0, 0, 0, 0)) == NOTHING
