"""Lasting ties (bot/core/lasting.py): each rule on a small hand-built tenant, then properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.lasting import Group, lasting
from bot.core.model import Interaction

REF = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
NOW = REF + timedelta(weeks=9)
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def pairs(prefix: str, n: int) -> list[tuple[str, str]]:
    return [(f"{prefix}{i}a", f"{prefix}{i}b") for i in range(n)]


def tenant(met: int = 5, not_met: int = 5, reference: datetime = REF) -> list[Group]:
    """`met` groups that met (m0a, m0b, ...) and `not_met` that declined (d0a, d0b, ...)."""
    return ([Group(p, True, False, reference) for p in pairs("m", met)]
            + [Group(p, False, True, reference) for p in pairs("d", not_met)])


def chat(a: str, b: str, *moments: datetime, kind: str = "dm") -> list[Interaction]:
    return [Interaction(a, b, kind, at) for at in moments]


def test_a_pair_that_chats_twice_after_lasts_and_one_that_does_not_does_not():
    found = lasting(tenant(), chat("m0a", "m0b", REF + DAY, REF + 2 * DAY), NOW)
    assert (found.groups, found.pending) == (10, 0)
    assert (found.met, found.not_met) == (20.0, 0.0)


def test_a_chat_one_minute_before_the_window_counts_before_not_after():
    inside = lasting(tenant(), chat("m0a", "m0b", REF, REF + DAY), NOW)
    outside = lasting(tenant(), chat("m0a", "m0b", REF - MINUTE, REF + DAY), NOW)
    assert inside.met == 20.0
    assert outside.met == 0.0  # one after (under two), and one before


def test_the_window_closes_after_eight_weeks():
    last = REF + timedelta(weeks=8)
    assert lasting(tenant(), chat("m0a", "m0b", REF, last - MINUTE), NOW).met == 20.0
    assert lasting(tenant(), chat("m0a", "m0b", REF, last), NOW).met == 0.0
    assert lasting(tenant(), chat("m0a", "m0b", REF, last), NOW, weeks=9).met == 20.0


def test_either_direction_and_every_chat_kind_counts():
    for kind in ("reply", "mention", "reaction", "dm", "contact"):
        moments = chat("m0a", "m0b", REF, kind=kind) + chat("m0b", "m0a", REF + DAY, kind=kind)
        assert lasting(tenant(), moments, NOW).met == 20.0, kind


def test_meetings_membership_and_channel_posts_are_not_chat():
    for kind in ("meeting", "join", "leave"):
        assert lasting(tenant(), chat("m0a", "m0b", REF, REF + DAY, kind=kind), NOW).met == 0.0
    posts = [Interaction("m0a", None, "message", REF + DAY * i) for i in range(5)]
    assert lasting(tenant(), posts, NOW).met == 0.0


def test_a_pair_must_chat_more_after_than_before():
    before = [REF - DAY * i for i in (1, 2, 3)]
    same = chat("m0a", "m0b", *before, REF + DAY, REF + 2 * DAY, REF + 3 * DAY)
    more = same + chat("m0a", "m0b", REF + 4 * DAY)
    assert lasting(tenant(), same, NOW).met == 0.0
    assert lasting(tenant(), more, NOW).met == 20.0
    # chat older than the comparison window does not count against them
    old = chat("m0a", "m0b", REF - timedelta(weeks=8) - MINUTE, REF + DAY, REF + 2 * DAY)
    assert lasting(tenant(), old, NOW).met == 20.0


def test_min_after_is_a_parameter():
    once = chat("m0a", "m0b", REF + DAY)
    assert lasting(tenant(), once, NOW).met == 0.0
    assert lasting(tenant(), once, NOW, min_after=1).met == 20.0


def test_arranging_the_meetup_between_suggestion_and_slot_counts_on_neither_side():
    slot = REF + 3 * DAY
    groups = [Group(g.members, g.met, g.declined, slot, suggested=REF) for g in tenant()]
    arranging = chat("m0a", "m0b", *(REF + timedelta(hours=h) for h in range(1, 6)))
    after = chat("m0a", "m0b", slot + DAY, slot + 2 * DAY)
    assert lasting(groups, arranging + after, NOW).met == 20.0
    unsuggested = [Group(g.members, g.met, g.declined, slot) for g in groups]
    assert lasting(unsuggested, arranging + after, NOW).met == 0.0


def test_a_group_lasts_when_one_of_its_pairs_lasts():
    groups = [Group(("t1", "t2", "t3"), True, False, REF), *tenant(met=4)]
    found = lasting(groups, chat("t3", "t1", REF + DAY, REF + 2 * DAY), NOW)
    assert found.met == 20.0  # one group of five, though two of its three pairs never talked


def test_groups_whose_window_is_open_are_pending():
    late = REF + timedelta(weeks=2)
    groups = tenant() + [Group(("p1", "p2"), True, False, late)]
    moments = chat("p1", "p2", late + DAY, late + 2 * DAY)
    found = lasting(groups, moments, NOW)
    assert (found.groups, found.pending, found.met) == (10, 1, 0.0)
    exactly = lasting(groups, moments, late + timedelta(weeks=8))
    assert (exactly.groups, exactly.pending) == (11, 0)
    assert exactly.met == round(100 / 6, 1)


def test_groups_of_one_are_neither_counted_nor_pending():
    found = lasting([*tenant(), Group(("alone", "alone"), True, False, REF)], [], NOW)
    assert (found.groups, found.pending) == (10, 0)


def test_a_cell_under_ten_people_is_suppressed_with_its_complement():
    moments = chat("m0a", "m0b", REF + DAY, REF + 2 * DAY)
    small = lasting(tenant(met=4, not_met=6), moments, NOW)
    assert (small.met, small.not_met) == (None, None)  # not_met has 12 people, still hidden
    small = lasting(tenant(met=6, not_met=4), moments, NOW)
    assert (small.met, small.not_met) == (None, None)
    enough = lasting(tenant(met=5, not_met=5), moments, NOW)
    assert (enough.met, enough.not_met) == (20.0, 0.0)


def test_groups_neither_met_nor_declined_are_counted_in_no_rate():
    unconfirmed = [Group(p, False, False, REF) for p in pairs("u", 5)]
    moments = chat("u0a", "u0b", REF + DAY, REF + 2 * DAY)
    found = lasting(tenant() + unconfirmed, moments, NOW)
    assert (found.groups, found.met, found.not_met) == (15, 0.0, 0.0)


def test_the_base_rate_never_draws_a_pair_that_was_grouped():
    groups = tenant()
    talkative = [i for g in groups for i in chat(*g.members, REF + DAY, REF + 2 * DAY)]
    found = lasting(groups, talkative, NOW)
    assert (found.met, found.not_met, found.base) == (100.0, 100.0, 0.0)


def test_the_base_rate_counts_random_pairs_over_the_same_windows():
    # in a tenant of 20, every pair that was not grouped chats after the round: a base of 100%
    groups = tenant()
    people = sorted({m for g in groups for m in g.members})
    grouped = {tuple(sorted(g.members)) for g in groups}
    everyone = [i for a in people for b in people if a < b and (a, b) not in grouped
                for i in chat(a, b, REF + DAY, REF + 2 * DAY)]
    assert lasting(groups, everyone, NOW).base == 100.0
    early = [i._replace(at=i.at - timedelta(weeks=2)) for i in everyone]  # now before: none
    assert lasting(groups, early, NOW).base == 0.0


def test_the_base_rate_is_deterministic_for_a_seed_and_depends_on_it():
    groups = tenant(met=10, not_met=10)
    people = sorted({m for g in groups for m in g.members})
    # a third of the possible pairs chat after the round, so the figure depends on the draw
    some = [i for n, (a, b) in enumerate((a, b) for a in people for b in people if a < b)
            if n % 3 == 0 for i in chat(a, b, REF + DAY, REF + 2 * DAY)]
    first = lasting(groups, some, NOW, seed=7)
    assert first == lasting(groups, some, NOW, seed=7)
    assert first.base is not None and 0 < first.base < 100
    assert len({lasting(groups, some, NOW, seed=s).base for s in range(8)}) > 1


def test_the_base_rate_takes_every_group_when_there_are_few():
    groups = [Group(p, True, False, REF) for p in pairs("m", 5)]  # 10 people, 45 pairs, 5 grouped
    people = sorted({m for g in groups for m in g.members})
    one = chat(people[0], people[2], REF + DAY, REF + 2 * DAY)
    found = lasting(groups, one, NOW, samples=45)  # 45 asked: all 40 not grouped
    assert found.base == round(100 * 5 / (5 * 40), 1)  # the one pair, once per group window


def test_the_base_rate_is_suppressed_under_ten_people():
    found = lasting([Group(p, True, False, REF) for p in pairs("m", 4)], [], NOW)
    assert (found.met, found.base) == (None, None)


MOMENTS = st.integers(min_value=-10 * 7 * 24, max_value=10 * 7 * 24).map(
    lambda hours: REF + timedelta(hours=hours))
PEOPLE = [f"m{i}{s}" for i in range(5) for s in "ab"] + [f"d{i}{s}" for i in range(5) for s in "ab"]
CHATS = st.lists(st.builds(Interaction, st.sampled_from(PEOPLE), st.sampled_from(PEOPLE),
                           st.sampled_from(["dm", "reply", "meeting", "mention"]), MOMENTS),
                 max_size=60)


@settings(max_examples=60, deadline=None)
@given(CHATS, CHATS, st.integers(min_value=0, max_value=3))
def test_rates_are_shares_and_chat_outside_every_window_changes_nothing(moments, noise, shift):
    groups = [Group(g.members, g.met, g.declined, REF + timedelta(days=shift))
              for g in tenant()]
    found = lasting(groups, moments, NOW)
    for rate in (found.met, found.not_met, found.base):
        assert rate is None or 0.0 <= rate <= 100.0
    first = min(g.since for g in groups) - timedelta(weeks=8)
    last = max(g.reference for g in groups) + timedelta(weeks=8)
    outside = [i._replace(at=first - MINUTE - abs(i.at - REF)) if n % 2 else
               i._replace(at=last + abs(i.at - REF)) for n, i in enumerate(noise)]
    assert lasting(groups, moments + outside, NOW) == found
    meetings = [i._replace(kind="meeting") for i in noise]
    assert lasting(groups, moments + meetings, NOW) == found
