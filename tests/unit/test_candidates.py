"""Weak-tie candidates on plain data: kinds, reasons, exclusions, scoring and determinism."""

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import networkx as nx

from bot.core.candidates import find_candidates
from bot.core.context import Context
from bot.core.model import (
    BRIDGE,
    DORMANT,
    FILL,
    FRIEND_OF_FRIEND,
    Candidate,
    Group,
    History,
    Person,
)
from bot.core.partners import channel_members, context_partners
from bot.core.programs import Program, Weights
from bot.core.rules import round_rules
from bot.core.settle import settle
from bot.core.ties import TieGraph, strong_threshold
from tests.helpers.reasons import english

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
NAMES = {"ana": "Ana Ruiz", "bob": "Bob Stone", "mia": "Mia Lind", "lou": "Lou Park",
         "cy": "Cy Moreau", "zoe": "Zoe Hart"}


def tie_graph(*ties: tuple, channels: dict[str, set[str]] | None = None) -> TieGraph:
    """Ties as (a, b, strength[, history[, last]]); history defaults to strength, last to 1 day."""
    graph = nx.Graph()
    for a, b, strength, *rest in ties:
        history = rest[0] if rest else strength
        last = rest[1] if len(rest) > 1 else NOW - timedelta(days=1)
        graph.add_edge(a, b, strength=strength, history=history,
                       first=last - timedelta(days=30), last=last)
    joined = {p: frozenset(c) for p, c in (channels or {}).items()}
    return TieGraph(graph, joined, {})


def crowd(*ids: str, **changes: dict) -> dict[str, Person]:
    """People by id, named from NAMES; `changes` maps an id to Person fields to override."""
    people = {i: Person(id=i, name=NAMES.get(i, i.title())) for i in ids}
    return {i: replace(p, **changes.get(i, {})) for i, p in people.items()}


def suggest(ties: TieGraph, people: dict[str, Person], communities: dict[str, int] | None = None,
            history: History | None = None, program: Program | None = None,
            per_person: int = 8) -> dict[tuple[str, str], Candidate]:
    found = find_candidates(ties, people, history or History(), program or Program(), NOW,
                            communities or dict.fromkeys(people, 0), per_person)
    return {c.pair: c for c in found}


# ana and bob never interacted; both know Mia well and Lou a little.
FRIENDS = (("ana", "mia", 3.0), ("mia", "bob", 3.0), ("ana", "lou", 0.5), ("lou", "bob", 0.5))
EVERYONE = ("ana", "bob", "mia", "lou")


def test_friend_of_friend_names_the_best_known_mutual_contact() -> None:
    found = suggest(tie_graph(*FRIENDS), crowd(*EVERYONE))
    pair = found["ana", "bob"]
    assert pair.kind == FRIEND_OF_FRIEND
    assert english(pair.reasons) == ("You both know Mia Lind and 1 other",)
    assert pair.shared_context is True


def test_a_mutual_contact_who_opted_out_is_not_named() -> None:
    ties = tie_graph(("ana", "mia", 3.0), ("mia", "bob", 3.0), ("ana", "x", 1.0), ("x", "y", 1.0))
    people = crowd("ana", "bob", "mia", mia={"enrolled": False})
    assert english(suggest(ties, people)["ana", "bob"].reasons) == ("You have 1 contact in common",)


def test_strong_tie_is_never_suggested() -> None:
    weak = [("p1", "p2", 1.0), ("p3", "p4", 1.0), ("p5", "p6", 1.0)]
    strong = tie_graph(*FRIENDS, ("ana", "bob", 9.0), *weak)
    light = tie_graph(*FRIENDS, ("ana", "bob", 0.4), *weak)
    assert ("ana", "bob") not in suggest(strong, crowd(*EVERYONE))
    assert ("ana", "bob") in suggest(light, crowd(*EVERYONE))


def test_dormant_tie_says_when_they_last_talked() -> None:
    march = datetime(2024, 3, 10, tzinfo=UTC)
    ties = tie_graph(*FRIENDS, ("ana", "bob", 0.2, 10.0, march))
    pair = suggest(ties, crowd(*EVERYONE))["ana", "bob"]
    assert pair.kind == DORMANT
    assert english(pair.reasons)[0] == "You used to talk often; the last time was in March"
    assert english(pair.reasons)[1] == "You both know Mia Lind and 1 other"


def test_a_recent_or_slight_tie_is_not_dormant() -> None:
    march = datetime(2024, 3, 10, tzinfo=UTC)
    slight = tie_graph(*FRIENDS, ("ana", "bob", 0.1, 0.5, march))
    recent = tie_graph(*FRIENDS, ("ana", "bob", 0.2, 10.0, NOW - timedelta(days=10)))
    assert suggest(slight, crowd(*EVERYONE))["ana", "bob"].kind == FRIEND_OF_FRIEND
    assert suggest(recent, crowd(*EVERYONE))["ana", "bob"].kind == FRIEND_OF_FRIEND


def test_bridge_across_circles_names_the_most_specific_shared_channel() -> None:
    channels = {"ana": {"running", "general"}, "bob": {"running", "general"},
                "mia": {"general"}, "lou": {"general"}}
    circles = {"ana": 0, "mia": 0, "lou": 0, "bob": 1}
    pair = suggest(tie_graph(*FRIENDS, channels=channels), crowd(*EVERYONE), circles)["ana", "bob"]
    assert pair.kind == BRIDGE
    assert english(pair.reasons) == ("You work in different circles but both post in #running",
                            "You both know Mia Lind and 1 other")


def test_bridge_without_a_shared_channel_names_the_mutual_contact() -> None:
    circles = {"ana": 0, "mia": 0, "lou": 0, "bob": 1}
    pair = suggest(tie_graph(*FRIENDS), crowd(*EVERYONE), circles)["ana", "bob"]
    assert english(pair.reasons) == (
        "You work in different circles but both know Mia Lind and 1 other",)


def test_crossing_circles_scores_higher_than_the_same_support_inside_one() -> None:
    ties = tie_graph(("ana", "mia", 3.0), ("mia", "bob", 3.0), ("mia", "cy", 3.0))
    circles = {"ana": 0, "mia": 0, "cy": 0, "bob": 1}
    found = suggest(ties, crowd("ana", "bob", "mia", "cy"), circles)
    assert found["ana", "bob"].score > found["ana", "cy"].score > 0


def test_program_weights_scale_the_score() -> None:
    plain = suggest(tie_graph(*FRIENDS), crowd(*EVERYONE))["ana", "bob"].score
    doubled = Program(weights=Weights(friend_of_friend=2.0))
    assert suggest(tie_graph(*FRIENDS), crowd(*EVERYONE), program=doubled)["ana", "bob"].score \
        > plain * 1.2


def test_someone_without_ties_still_gets_a_fill_partner_with_a_reason() -> None:
    found = suggest(tie_graph(*FRIENDS), crowd(*EVERYONE, "zoe"))
    fills = [c for c in found.values() if "zoe" in c.pair]
    assert fills and all(c.kind == FILL and c.reasons and c.score > 0 for c in fills)
    assert not any(c.shared_context for c in fills)


def test_a_fill_partner_sharing_a_channel_is_preferred_and_named() -> None:
    ties = tie_graph(*FRIENDS, channels={"zoe": {"chess"}, "lou": {"chess"}})
    best = max((c for c in suggest(ties, crowd(*EVERYONE, "zoe")).values() if "zoe" in c.pair),
               key=lambda c: c.score)
    assert best.pair == ("lou", "zoe")
    assert english(best.reasons) == ("You both post in #chess",) and best.shared_context is True


def test_pair_suggested_within_the_cooldown_is_not_suggested_again() -> None:
    recent = History(last_paired={frozenset({"ana", "bob"}): NOW - timedelta(weeks=2)})
    earlier = History(last_paired={frozenset({"ana", "bob"}): NOW - timedelta(weeks=13)})
    assert ("ana", "bob") not in suggest(tie_graph(*FRIENDS), crowd(*EVERYONE), history=recent)
    assert ("ana", "bob") in suggest(tie_graph(*FRIENDS), crowd(*EVERYONE), history=earlier)


def test_do_not_pair_applies_in_either_direction() -> None:
    for who, other in (("ana", "bob"), ("bob", "ana")):
        people = crowd(*EVERYONE, **{who: {"do_not_pair": frozenset({other})}})
        assert ("ana", "bob") not in suggest(tie_graph(*FRIENDS), people)


def test_paused_opted_out_and_unknown_people_are_not_paired() -> None:
    cases = [{"bob": {"paused_until": NOW + timedelta(days=1)}}, {"bob": {"enrolled": False}}]
    for changes in cases:
        found = suggest(tie_graph(*FRIENDS), crowd(*EVERYONE, **changes))
        assert not any("bob" in pair for pair in found)
    unknown = suggest(tie_graph(*FRIENDS), crowd("ana", "mia", "lou"))
    assert not any("bob" in pair for pair in unknown)


def test_a_pause_that_has_ended_does_not_exclude() -> None:
    people = crowd(*EVERYONE, bob={"paused_until": NOW - timedelta(days=1)})
    assert ("ana", "bob") in suggest(tie_graph(*FRIENDS), people)


def test_in_person_programs_pair_only_within_a_known_office() -> None:
    in_person = Program(in_person=True)
    for offices, expected in ((("Lyon", "Lyon"), True), (("Lyon", "Oslo"), False),
                              ((None, None), False)):
        people = crowd(*EVERYONE, ana={"office": offices[0]}, bob={"office": offices[1]})
        found = suggest(tie_graph(*FRIENDS), people, program=in_person)
        assert (("ana", "bob") in found) is expected


def random_org(seed: int) -> tuple[TieGraph, dict[str, Person], dict[str, int]]:
    rng = random.Random(seed)
    ids = [f"p{i:02d}" for i in range(40)]
    dense = {True: 0.4, False: 0.03}  # teams of ten, a few ties between them
    ties = [(ids[i], ids[j], round(rng.uniform(0.1, 4.0), 2)) for i in range(40)
            for j in range(i + 1, 40) if rng.random() < dense[i // 10 == j // 10]]
    channels = {p: {f"c{rng.randrange(4)}"} for p in ids}
    return tie_graph(*ties, channels=channels), crowd(*ids), {p: int(p[1:]) // 10 for p in ids}


def test_candidates_are_deterministic_whatever_the_input_order() -> None:
    ties, people, circles = random_org(3)
    reversed_people = dict(reversed(list(people.items())))
    first = find_candidates(ties, people, History(), Program(), NOW, circles)
    again = find_candidates(ties, reversed_people, History(), Program(), NOW, circles)
    assert first == again
    assert [c.score for c in first] == sorted((c.score for c in first), reverse=True)


def test_each_person_proposes_at_most_per_person_candidates() -> None:
    ties, people, circles = random_org(5)
    found = suggest(ties, people, circles, per_person=2).values()
    assert 0 < sum(1 for c in found if c.kind != FILL) <= 2 * len(people)
    assert {p for c in found for p in c.pair} == set(people)


def settled(ties: TieGraph, people: dict[str, Person], groups: list[tuple[str, ...]],
            unmatched: list[str], communities: dict[str, int] | None = None,
            ) -> tuple[list[tuple[str, ...]], list[str]]:
    """The round's second pass (rounds.settle) after a matcher that made `groups`."""
    rules = round_rules(ties, people, History(), Program(), NOW,
                        communities or dict.fromkeys(people, 0))
    made = [Group(tuple(sorted(g)), 1.0, ()) for g in groups]
    out, still, _ = settle(rules, [], made, unmatched)
    return sorted(g.members for g in out), still


def test_context_partners_are_light_ties_close_go_betweens_and_small_channels() -> None:
    filler = (("f1", "f2", 1.0), ("f3", "f4", 1.0), ("f5", "f6", 1.0), ("f7", "f8", 0.5))
    ties = tie_graph(("ana", "mia", 3.0), ("mia", "bob", 3.0), ("ana", "lou", 0.5),
                     ("cy", "zoe", 0.5), *filler, channels={"ana": {"#knit"}, "cy": {"#knit"}})
    people = crowd("ana", "bob", "mia", "lou", "cy", "zoe")
    rules = round_rules(ties, people, History(), Program(), NOW, dict.fromkeys(people, 0))
    members = channel_members(rules, people)
    # mia is a strong tie (never suggested); bob through mia; lou a light tie; cy in #knit.
    assert context_partners(rules, "ana", members) == ["bob", "cy", "lou"]
    assert context_partners(rules, "zoe", members) == ["cy"]


def test_people_placed_without_shared_context_are_regrouped_along_their_own_ties() -> None:
    ties = tie_graph(("ana", "bob", 0.5), ("cy", "zoe", 0.5))
    people = crowd("ana", "bob", "cy", "zoe")
    groups, still = settled(ties, people, [("ana", "cy"), ("bob", "zoe")], [])
    assert groups == [("ana", "bob"), ("cy", "zoe")]
    assert still == []


def test_someone_left_over_joins_the_pair_they_share_context_with_as_a_third() -> None:
    ties = tie_graph(("ana", "bob", 0.5), ("bob", "cy", 0.5), ("mia", "lou", 0.5))
    people = crowd("ana", "bob", "cy", "mia", "lou")
    groups, still = settled(ties, people, [("ana", "bob"), ("mia", "lou")], ["cy"])
    assert groups == [("ana", "bob", "cy"), ("lou", "mia")]
    assert still == []


def test_a_group_of_three_lets_go_of_someone_who_can_pair_with_a_loose_person() -> None:
    ties = tie_graph(("ana", "bob", 0.5), ("bob", "cy", 0.5), ("cy", "zoe", 0.5))
    people = crowd("ana", "bob", "cy", "zoe")
    groups, still = settled(ties, people, [("ana", "bob", "cy")], ["zoe"])
    assert groups == [("ana", "bob"), ("cy", "zoe")]
    assert still == []


def test_people_who_share_context_with_nobody_meet_in_pairs_never_with_a_strong_tie() -> None:
    # pairs, not threes: a three of strangers holds three pairs without context for three people
    ties = tie_graph(("ana", "bob", 3.0), ("f1", "f2", 0.5), ("f3", "f4", 0.5), ("f5", "f6", 0.5))
    people = crowd("ana", "bob", "p1", "p2", "p3", "p4")
    groups, still = settled(ties, people, [("ana", "bob")], ["p1", "p2", "p3", "p4"])
    assert sorted(groups) == [("ana", "p1"), ("bob", "p2"), ("p3", "p4")]
    assert still == []


# x and w were left alone; each shares context with a member of two pairs: bob or y, lou or z
THIRDS = (("ana", "bob", 0.5), ("y", "z", 0.5), ("mia", "lou", 0.5),
          ("x", "bob", 0.5), ("x", "y", 0.5), ("w", "lou", 0.5), ("w", "z", 0.5))


def test_thirds_who_know_one_member_are_paired_along_context_instead() -> None:
    # the second pass first seats x beside ana and bob, w beside mia and lou, each knowing one;
    # then x takes z's place beside y and z pairs with w: every pair shares context
    people = crowd("ana", "bob", "y", "z", "mia", "lou", "x", "w")
    groups, still = settled(tie_graph(*THIRDS), people,
                            [("ana", "bob"), ("y", "z"), ("mia", "lou")], ["x", "w"])
    assert groups == [("ana", "bob"), ("lou", "mia"), ("w", "z"), ("x", "y")]
    assert still == []


def test_in_a_program_of_threes_a_three_is_never_split_for_a_pair() -> None:
    people = crowd("ana", "bob", "y", "z", "mia", "lou", "x", "w")
    rules = round_rules(tie_graph(*THIRDS), people, History(), Program(group_size=3), NOW,
                        dict.fromkeys(people, 0))
    made = [Group(tuple(sorted(g)), 1.0, ()) for g in
            [("ana", "bob", "x"), ("lou", "mia", "w"), ("y", "z")]]
    out, still, _ = settle(rules, [], made, [], group_size=3)
    assert sorted(len(g.members) for g in out) == [2, 3, 3] and still == []


def test_thirds_stay_where_moving_them_would_cost_a_group_crossing_circles() -> None:
    # y and z cross circles; x beside y and z beside w would leave only one pair crossing
    people = crowd("ana", "bob", "y", "z", "mia", "lou", "x", "w")
    circles = {**dict.fromkeys(people, 0), "x": 1, "w": 1, "y": 1}
    groups, still = settled(tie_graph(*THIRDS), people,
                            [("ana", "bob"), ("y", "z"), ("mia", "lou")], ["x", "w"], circles)
    assert groups == [("ana", "bob", "x"), ("lou", "mia", "w"), ("y", "z")]
    assert still == []


def test_an_odd_one_out_among_strangers_makes_one_pair_a_three() -> None:
    ties = tie_graph(("ana", "bob", 3.0), ("f1", "f2", 0.5), ("f3", "f4", 0.5), ("f5", "f6", 0.5))
    people = crowd("ana", "bob", "p1", "p2", "p3")
    groups, still = settled(ties, people, [("ana", "bob")], ["p1", "p2", "p3"])
    assert sorted(len(g) for g in groups) == [2, 3]
    assert all(not {"ana", "bob"} <= set(g) for g in groups)
    assert still == []


def test_a_candidates_shared_context_flag_follows_the_one_definition() -> None:
    flags = set()
    for seed in (1, 2, 3):
        ties, people, circles = random_org(seed)
        context = Context.of(dict(ties.graph.adjacency()), ties.channels, strong_threshold(ties))
        for c in find_candidates(ties, people, History(), Program(), NOW, circles):
            assert c.shared_context == context.shared(*c.pair), c
            flags.add(c.shared_context)
    assert flags == {True, False}  # both kinds occur, so the check above compared something


def test_a_shared_channel_is_named_by_the_name_people_know_it_by() -> None:
    channels = {"ana": {"C0RUN", "C0GEN"}, "bob": {"C0RUN", "C0GEN"},
                "mia": {"C0GEN"}, "lou": {"C0GEN"}}
    circles = {"ana": 0, "mia": 0, "lou": 0, "bob": 1}
    ties, people = tie_graph(*FRIENDS, channels=channels), crowd(*EVERYONE)
    rules = round_rules(ties, people, History(), Program(), NOW, circles, {"C0RUN": "running"})
    found = find_candidates(ties, people, History(), Program(), NOW, circles, rules=rules)
    pair = {c.pair: c for c in found}["ana", "bob"]
    assert english(pair.reasons)[0] == "You work in different circles but both post in #running"
