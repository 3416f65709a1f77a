"""The network health snapshot on small hand-built organisations: each figure, each privacy rule."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import health as health_module
from bot.core.health import Bridge, GroupShare, Suggestion, snapshot, suggestions
from bot.core.model import Interaction, Person
from bot.core.outcomes import MIN_PEOPLE
from bot.core.ties import TieParams, build_ties, communities, strong_threshold

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
# One dm today has strength 1.5, a dm each way 4.5: at 2.0 the first is weak, the second strong.
THRESHOLD = 2.0


def dm(a: str, b: str, days_ago: float = 0.0, seconds: float = 0.0) -> Interaction:
    return Interaction(a, b, "dm", NOW - timedelta(days=days_ago) + timedelta(seconds=seconds))


def staff(prefix: str, count: int, team: str | None = None, office: str | None = None) -> list[Person]:
    return [Person(f"{prefix}{i}", team=team, office=office) for i in range(count)]


def health(people, interactions, community=None, threshold=THRESHOLD, include=None, **kw):
    interactions = sorted(interactions, key=lambda i: i.at)
    ties = build_ties(interactions, NOW, TieParams())
    ids = include if include is not None else [p.id for p in people]
    return snapshot(people, ids, ties, community or {}, interactions, NOW, threshold, **kw)


def strength_of(interactions, a: str, b: str) -> float:
    return build_ties(sorted(interactions, key=lambda i: i.at), NOW, TieParams()).strength(a, b)


def chain(people: list[Person]) -> list[Interaction]:
    """Everyone in touch with the next: nobody isolated, every tie weak."""
    return [dm(a.id, b.id, days_ago=1) for a, b in zip(people, people[1:], strict=False)]


def cell(bridges: tuple[Bridge, ...], a: str, b: str) -> Bridge:
    (found,) = [x for x in bridges if {x.a, x.b} == {a, b}]
    return found


def test_a_tenant_of_eight_gets_no_figure_but_its_size():
    people = staff("l", 4, team="payments", office="Lisbon") + staff("b", 4, team="search",
                                                                         office="Berlin")
    shot = health(people, chain(people), community={p.id: 0 for p in people})
    assert shot.people == 8
    assert shot.across_communities is None and shot.across_teams is None
    assert shot.across_offices is None and shot.isolated is None
    assert shot.weak_ties_median is None and shot.new_ties is None
    assert shot.office_bridges == (Bridge("Berlin", "Lisbon", None, None, None),)
    assert shot.team_bridges == (Bridge("payments", "search", None, None, None),)
    assert shot.teams == (GroupShare("payments", None, None), GroupShare("search", None, None))
    assert suggestions(shot) == []


def offices_with_porto(porto_ties: bool):
    """Lisbon 12, Berlin 12, Porto 5; 3 Lisbon-Berlin ties, and maybe 2 Lisbon-Porto ties from
    Lisbon people who have no other tie outside Lisbon."""
    lisbon, berlin, porto = staff("l", 12, office="Lisbon"), staff("b", 12, office="Berlin"), \
        staff("p", 5, office="Porto")
    talk = chain(lisbon) + chain(berlin) + chain(porto)
    talk += [dm(f"l{i}", f"b{i}", days_ago=2) for i in range(3)]
    if porto_ties:
        talk += [dm("l10", "p0", days_ago=2), dm("l11", "p1", days_ago=2)]
    return health(lisbon + berlin + porto, talk)


def test_a_bridge_with_a_five_person_office_is_suppressed():
    shot = offices_with_porto(porto_ties=True)
    # 29 people, 12 + 12 in the large offices: showing both sizes would give Porto's 5 by
    # subtraction, so Berlin's (the smaller large office, by name on a tie) is withheld too.
    assert cell(shot.office_bridges, "Berlin", "Lisbon") == Bridge("Berlin", "Lisbon", 3, None, 12)
    assert cell(shot.office_bridges, "Lisbon", "Porto") == Bridge("Lisbon", "Porto", None, 12, None)
    assert cell(shot.office_bridges, "Berlin", "Porto") == Bridge("Berlin", "Porto", None, None,
                                                                  None)
    # Six of the 24 people of the two large offices have a tie to the other one.
    assert shot.across_offices == 25.0
    assert shot.offices == (GroupShare("Berlin", None, 25.0), GroupShare("Lisbon", 12, 25.0),
                            GroupShare("Porto", None, None))
    assert shot.people == 29


def test_no_office_figure_moves_with_the_suppressed_cell():
    with_porto, without = offices_with_porto(True), offices_with_porto(False)
    for name in ("office_bridges", "offices", "across_offices"):
        assert getattr(with_porto, name) == getattr(without, name), name
    # The worlds do differ, so the test above would notice a figure that counted Porto's ties.
    assert with_porto.new_ties == without.new_ties + 2


def test_shares_across_teams_and_communities():
    people = staff("a", 10, team="payments") + staff("s", 10, team="search") + staff("x", 3)
    talk = chain(people[:10]) + chain(people[10:20])
    talk += [dm("a0", "s0"), dm("a1", "s0"), dm("a2", "x0")]  # a2's tie is to no known team
    community = {p.id: (0 if p.id.startswith("a") else 1) for p in people}
    shot = health(people, talk, community=community)
    # a0, a1, s0 of 20 people in the two teams; x0..x2 have no team and count nowhere (and
    # since 23 - 10 - 10 would say how many have no team, payments' size is withheld).
    assert shot.across_teams == 15.0
    assert shot.teams == (GroupShare("payments", None, 20.0), GroupShare("search", 10, 10.0))
    # Community 1 holds the ten of search and the three without a team: a0, a1, a2, s0 and x0
    # reach across, of 23.
    assert shot.across_communities == round(100 * 5 / 23, 1)
    assert shot.community_bridges == (Bridge("0", "1", 3, 10, 13),)
    assert shot.across_offices is None and shot.office_bridges == ()


def test_a_single_team_gives_no_share_across_teams():
    people = staff("a", 12, team="payments") + staff("s", 4, team="search")
    shot = health(people, chain(people))
    assert shot.across_teams is None
    # 16 people: payments' 12 would give search's 4 by subtraction
    assert shot.teams == (GroupShare("payments", None, None), GroupShare("search", None, None))


def test_isolation_window_edges():
    people = staff("p", 10)
    talk = [dm("p0", "p1", days_ago=60),  # exactly 60 days: both in touch
            dm("p2", "p3", days_ago=60, seconds=-1),  # one second older: not
            dm("p4", "p5", days_ago=-1),  # tomorrow: not yet
            Interaction("p6", None, "message", NOW, "C1"),  # a post touches nobody
            Interaction("p7", "p7", "dm", NOW),  # nor a note to oneself
            dm("p8", "outsider", days_ago=3)]  # someone outside the scope still counts
    shot = health(people, talk)
    # p0, p1, p8 are in touch; the other seven of ten are isolated.
    assert shot.isolated == 70.0
    assert health(people, talk, isolation_days=61).isolated == 50.0


def test_new_ties_this_week_versus_an_older_first_contact():
    people = staff("p", 10)
    talk = chain(people)  # nine pairs in touch yesterday for the first time
    talk += [dm("p0", "p5", days_ago=30), dm("p5", "p0", days_ago=1),  # old tie, seen again
             dm("p0", "p6", days_ago=7),  # exactly a week ago: last week's
             dm("p0", "p7", days_ago=7, seconds=1),  # just inside this week
             dm("p0", "p8", days_ago=-1),  # tomorrow does not count
             dm("p0", "stranger", days_ago=1)]  # nor a pair outside the scope
    assert health(people, talk).new_ties == 10


def test_weak_ties_per_person_is_the_median_of_ties_below_the_threshold():
    people = staff("p", 10)
    # p0 has four weak ties; p1..p4 one each; p5-p6 strong (both ways) and p7..p9 none.
    talk = [dm("p0", f"p{i}") for i in range(1, 5)] + [dm("p5", "p6"), dm("p6", "p5")]
    # Counts: 4, 1, 1, 1, 1, 0, 0, 0, 0, 0: the median is 0.5.
    assert health(people, talk).weak_ties_median == 0.5
    # With a threshold above every tie, all seven are weak: 4,1,1,1,1,1,1,0,0,0 -> median 1.
    assert health(people, talk, threshold=10.0).weak_ties_median == 1.0
    # A tie exactly at the threshold is strong (bot.core.ties.is_strong), like every tie above.
    two_way = strength_of(talk, "p5", "p6")
    assert health(people, talk, threshold=two_way).weak_ties_median == 0.5
    assert health(people, talk, threshold=two_way + 1e-9).weak_ties_median == 1.0


def test_only_the_included_people_count():
    people = staff("a", 10, office="Lisbon") + staff("b", 10, office="Berlin")
    talk = chain(people[:10]) + chain(people[10:]) + [dm("a0", "b0")]
    shot = health(people, talk, include=[p.id for p in people[:10]] + ["nobody"])
    assert shot.people == 10
    assert shot.office_bridges == ()  # Berlin is out of scope, and so is the tie to it
    assert shot.new_ties == 9


def org_for_suggestions():
    lisbon, berlin, paris = (staff("l", 20, team="payments", office="Lisbon"),
                             staff("b", 20, team="search", office="Berlin"),
                             staff("f", 10, team="ads", office="Paris"))
    porto = staff("p", 5, team="ads", office="Porto")
    talk = chain(lisbon) + chain(berlin) + chain(paris) + chain(porto)
    # Lisbon-Berlin has the weakest bridge for its size, though Berlin-Paris has fewer ties.
    talk += [dm(f"l{i}", f"b{i}") for i in range(3)]  # 3 ties / 400 possible pairs
    talk += [dm(f"l{i}", f"f{i}") for i in range(3, 8)]  # 5 / 200
    talk += [dm(f"b{i}", f"f{i}") for i in range(3, 5)]  # 2 / 200
    # Porto has no tie outside it at all: its cells are suppressed and must not be picked.
    return health(lisbon + berlin + paris + porto, talk)


def test_suggestions_pick_the_weakest_unsuppressed_pair_and_the_most_inward_team():
    found = suggestions(org_for_suggestions())
    assert all(isinstance(s, Suggestion) for s in found)
    by = {(s.kind, bool(s.offices)): s for s in found}
    pair = by["bridge", True]
    assert pair.offices == ("Berlin", "Lisbon") and pair.teams == ()
    assert pair.text == "Berlin and Lisbon share 3 ties among 40 people"
    # payments: l0..l7 of 20 reach out (40%), search: b0..b4 of 20 (25%), ads: f3..f7 of 15
    # (33.3%). search is the most inward.
    inward = by["inward", False]
    assert inward.teams == ("search",) and inward.offices == ()
    assert inward.text == "75% of the search team has no tie outside it"
    assert by["inward", True].offices == ("Berlin",)
    teams_pair = by["bridge", False]
    assert teams_pair.teams == ("ads", "search")


def test_a_group_where_everyone_reaches_out_is_no_finding():
    people = staff("a", 10, team="payments") + staff("s", 10, team="search")
    talk = [dm(f"a{i}", f"s{i}") for i in range(10)]
    found = suggestions(health(people, talk))
    assert [s.kind for s in found] == ["bridge"]


def test_the_snapshot_is_frozen():
    shot = org_for_suggestions()
    with pytest.raises(dataclasses.FrozenInstanceError):
        shot.people = 1  # type: ignore[misc]


# Ids as platforms make them (U08ABCDEF): eight or more capitals and digits, which no label,
# number or field name of the output can spell by chance.
IDS = st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=8, max_size=12)


@settings(max_examples=40, deadline=None)
@given(ids=st.lists(IDS, min_size=0, max_size=40, unique=True),
       data=st.data())
def test_shares_are_percentages_and_no_id_ever_shows(ids, data):
    people = [Person(i, name=f"name-{i}", team=data.draw(st.sampled_from([None, "ops", "dev"])),
                     office=data.draw(st.sampled_from([None, "Oslo", "Rome", "Kyiv"])))
              for i in ids]
    talk = []
    if len(ids) >= 2:
        pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids),
                          st.sampled_from(["dm", "reply", "mention", "reaction"]),
                          st.floats(min_value=-2, max_value=90))
        for a, b, kind, days in data.draw(st.lists(pairs, max_size=120)):
            talk.append(Interaction(a, b, kind, NOW - timedelta(days=days)))
    talk.sort(key=lambda i: i.at)
    ties = build_ties(talk, NOW, TieParams())
    shot = snapshot(people, ids, ties, communities(ties, seed=1), talk, NOW,
                    strong_threshold(ties))
    for share in (shot.across_communities, shot.across_teams, shot.across_offices, shot.isolated):
        assert share is None or 0.0 <= share <= 100.0
    for group in shot.teams + shot.offices:
        assert group.outside is None or 0.0 <= group.outside <= 100.0
        assert group.people is None or group.people >= MIN_PEOPLE
    for bridge in shot.office_bridges + shot.team_bridges + shot.community_bridges:
        assert bridge.ties is not None or None in (bridge.people_a, bridge.people_b)
        for size in (bridge.people_a, bridge.people_b):
            assert size is None or size >= MIN_PEOPLE
    # No subtraction of shown sizes from the total gives the people of small groups, or of none
    # (secondary suppression): what is not shown is nobody, or at least MIN_PEOPLE people.
    for groups, bridges in ((shot.teams, shot.team_bridges), (shot.offices, shot.office_bridges),
                            ((), shot.community_bridges)):
        sizes = {g.label: g.people for g in groups}
        for b in bridges:
            sizes.update({b.a: b.people_a, b.b: b.people_b})
        shown = [n for n in sizes.values() if n is not None]
        hidden = shot.people - sum(shown)
        assert not shown or hidden == 0 or hidden >= MIN_PEOPLE, (sizes, shot.people)
    if len(ids) < MIN_PEOPLE:
        assert shot.isolated is None and shot.weak_ties_median is None
    shown = repr(shot) + repr(suggestions(shot))
    assert not [i for i in ids if i in shown]


def test_a_bridge_matrix_covers_only_the_largest_groups(monkeypatch):
    people = (staff("a", 12, office="Lisbon") + staff("b", 11, office="Berlin")
              + staff("c", 10, office="Athens"))
    talk = chain(people)
    assert len(health(people, talk).office_bridges) == 3
    monkeypatch.setattr(health_module, "MATRIX_GROUPS", 2)
    shot = health(people, talk)
    assert shot.office_bridges == (Bridge("Berlin", "Lisbon", 1, 11, 12),)
    # The shares still cover every office: the cap only shortens the matrix.
    assert [g.label for g in shot.offices] == ["Athens", "Berlin", "Lisbon"]
