"""Metrics and baselines, on tiny hand-built graphs whose answers can be read off by eye."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from bot.core.evaluation import (
    Scores,
    avoiding_groups,
    mean_scores,
    oracle_crossing,
    random_groups,
    score_groups,
)
from demo.tables import format_table

# a ==5== b ==2== c ==2== d ; e and f only share the channel #climbing. With the threshold at 2,
# every tie is strong (bot.core.ties.is_strong: at or above it), so c is a go-between of b and d.
LABELS = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "X", "f": "Y"}
CHANNELS = {"e": frozenset({"#climbing"}), "f": frozenset({"#climbing", "#cooking"})}
EVERYONE = sorted(LABELS)


def _graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_edge("a", "b", strength=5.0)
    graph.add_edge("b", "c", strength=2.0)
    graph.add_edge("c", "d", strength=2.0)
    graph.add_nodes_from(["e", "f"])
    return graph


def _score(groups: list[tuple[str, ...]], labels: dict[str, str] | None = LABELS) -> Scores:
    return score_groups(groups, EVERYONE, _graph(), CHANNELS, labels, 2.0)


def test_crossing_counts_groups_whose_members_have_different_labels() -> None:
    assert _score([("a", "b"), ("c", "d")]).crossing == 0.0
    assert _score([("a", "c"), ("c", "d")]).crossing == 0.5


def test_unknown_labels_never_count_as_crossing() -> None:
    assert _score([("a", "z")]).crossing == 0.0


def test_a_direct_tie_is_shared_context() -> None:
    assert _score([("a", "b")]).shared_context == 1.0


def test_a_mutual_contact_close_to_both_is_shared_context() -> None:
    assert _score([("a", "c")]).shared_context == 1.0


def test_a_mutual_contact_known_only_lightly_is_not_shared_context() -> None:
    graph = _graph()
    graph.add_edge("a", "h", strength=1.0)
    graph.add_edge("h", "d", strength=5.0)
    scores = score_groups([("a", "d")], EVERYONE, graph, CHANNELS, LABELS, 2.0)
    assert scores.shared_context == 0.0


def test_an_org_wide_channel_is_not_shared_context() -> None:
    everyone = {f"p{i}": frozenset({"#general"}) for i in range(40)}
    graph = nx.Graph()
    graph.add_nodes_from(everyone)
    scores = score_groups([("p1", "p2")], sorted(everyone), graph, everyone, None, 2.0)
    assert scores.shared_context == 0.0


def test_a_common_channel_is_shared_context() -> None:
    assert _score([("e", "f")]).shared_context == 1.0


def test_strangers_two_steps_apart_share_no_context() -> None:
    assert _score([("a", "d")]).shared_context == 0.0
    assert _score([("a", "e")]).shared_context == 0.0


def test_in_a_group_everyone_needs_context_with_someone() -> None:
    assert _score([("a", "b", "d")]).shared_context == 1.0  # d shares c with b
    assert _score([("a", "b", "e")]).shared_context == 0.0  # e knows neither


def test_crossing_with_context_needs_both_in_the_same_group() -> None:
    scores = _score([("a", "c"), ("a", "d"), ("a", "b"), ("e", "f")])
    assert scores.crossing == 0.75
    assert scores.shared_context == 0.75
    assert scores.crossing_with_context == 0.5


def test_strong_counts_groups_holding_a_tie_at_or_above_the_threshold() -> None:
    assert _score([("a", "b"), ("a", "c")]).strong == 0.5
    assert _score([("b", "c", "d")]).strong == 1.0  # a tie of 2 is exactly the threshold: strong
    assert score_groups([("b", "c")], EVERYONE, _graph(), CHANNELS, LABELS, 2.5).strong == 0.0


def test_coverage_is_the_share_of_eligible_people_placed() -> None:
    assert _score([("a", "c")]).coverage == pytest.approx(2 / 6)
    assert _score([("a", "c"), ("b", "d"), ("e", "f")]).coverage == 1.0
    assert _score([("a", "outsider")]).coverage == pytest.approx(1 / 6)


def test_no_groups_score_zero_without_dividing_by_zero() -> None:
    assert _score([]) == Scores(0, 0.0, 0.0, 0.0, 0.0, 0.0)


def test_without_labels_communities_of_the_graph_stand_in() -> None:
    graph = nx.Graph()
    for clique in (["a", "b", "c", "d"], ["w", "x", "y", "z"]):
        graph.add_edges_from((u, v, {"strength": 3.0}) for u in clique for v in clique if u < v)
    graph.add_edge("d", "w", strength=0.5)
    scores = score_groups([("a", "b"), ("c", "x")], list("abcdwxyz"), graph, {}, None, 10.0)
    assert scores.crossing == 0.5


def test_random_groups_place_everyone_once_and_the_odd_one_joins_a_three() -> None:
    people = [f"p{k}" for k in range(11)]
    groups = random_groups(people, 2, seed=1)
    assert sorted(m for g in groups for m in g) == sorted(people)
    assert sorted(len(g) for g in groups) == [2, 2, 2, 2, 3]


def test_random_groups_are_deterministic_for_a_seed_and_ignore_input_order() -> None:
    people = [f"p{k}" for k in range(30)]
    assert random_groups(people, 2, 5) == random_groups(list(reversed(people)), 2, 5)
    assert random_groups(people, 2, 5) != random_groups(people, 2, 6)


def test_random_groups_of_three_and_too_few_people() -> None:
    groups = random_groups([f"p{k}" for k in range(10)], 3, 0)
    assert sorted(len(g) for g in groups) == [3, 3, 4]
    assert random_groups(["solo"], 2, 0) == []
    assert random_groups(["a", "b"], 3, 0) == [("a", "b")] or random_groups(
        ["a", "b"], 3, 0) == [("b", "a")]


def _office(people: int = 40, labels: int = 4) -> dict[str, str]:
    return {f"p{k:02d}": f"dept{k % labels}" for k in range(people)}


def test_avoiding_groups_never_pair_the_same_label_when_that_is_possible() -> None:
    labels = _office()
    for seed in range(10):
        groups = avoiding_groups(sorted(labels), labels, set(), seed)
        assert sorted(m for g in groups for m in g) == sorted(labels)
        assert all(len({labels[m] for m in g}) == len(g) for g in groups)


def test_avoiding_groups_never_repeat_a_previous_pair() -> None:
    labels = _office()
    previous: set[frozenset[str]] = set()
    for seed in range(5):
        groups = avoiding_groups(sorted(labels), labels, previous, seed)
        pairs = {frozenset((a, b)) for g in groups for a in g for b in g if a < b}
        assert not pairs & previous
        assert all(len({labels[m] for m in g}) == len(g) for g in groups)
        previous |= pairs


def test_avoiding_groups_survive_a_dominant_department_and_keep_everyone() -> None:
    labels = {**{f"big{k}": "big" for k in range(15)}, **{f"s{k}": f"small{k}" for k in range(5)}}
    groups = avoiding_groups(sorted(labels), labels, set(), 3)
    assert sorted(m for g in groups for m in g) == sorted(labels)
    crossing = sum(len({labels[m] for m in g}) > 1 for g in groups)
    assert crossing == 5  # every small-department person breaks up one pair of the big one


def test_avoiding_groups_of_three_mix_three_labels_and_an_odd_person_joins() -> None:
    labels = _office(people=31, labels=3)
    groups = avoiding_groups(sorted(labels), labels, set(), 0, group_size=3)
    assert Counter(len(g) for g in groups) == Counter({3: 9, 4: 1})
    assert all(len({labels[m] for m in g}) == 3 for g in groups)


def test_avoiding_groups_are_deterministic_for_a_seed() -> None:
    labels = _office()
    assert avoiding_groups(sorted(labels), labels, set(), 4) == avoiding_groups(
        sorted(labels, reverse=True), labels, set(), 4)


def test_mean_scores_average_every_share() -> None:
    mean = mean_scores([Scores(10, 1.0, 0.5, 0.5, 0.0, 1.0), Scores(11, 0.0, 0.5, 0.0, 0.1, 0.9)])
    assert mean == Scores(10, 0.5, 0.5, 0.25, pytest.approx(0.05), pytest.approx(0.95))


def test_format_table_aligns_rows_and_prints_percentages() -> None:
    table = format_table({
        "weaktie": Scores(150, 0.78, 0.993, 0.773, 0.0, 1.0),
        "random pairing (mean of 20)": Scores(150, 0.86, 0.25, 0.21, 0.031, 1.0),
    })
    lines = table.splitlines()
    assert len(lines) == 3 and len({len(line) for line in lines}) == 1
    assert "shared context" in lines[0] and "coverage" in lines[0]
    assert lines[1].startswith("weaktie") and "99.3%" in lines[1] and "100.0%" in lines[1]
    assert "3.1%" in lines[2]


def test_the_oracle_is_a_maximum_matching_of_pairs_crossing_with_context() -> None:
    # crossing pairs with context: b-d (c close to both), c-d (a tie), e-f (#climbing); b and c
    # both need d, so at most two of the three pairs everyone makes can cross with context
    labels = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "X", "f": "Y"}
    assert oracle_crossing(EVERYONE, _graph(), CHANNELS, labels, 2.0) == pytest.approx(2 / 3)
    # with the labels of the fixture, a-c, b-d and e-f all cross with context
    assert oracle_crossing(EVERYONE, _graph(), CHANNELS, LABELS, 2.0) == 1.0
    # a strong tie is never a suggestion, however it crosses
    strong = {"a": "X", "b": "Y", "c": "X", "d": "X", "e": "X", "f": "X"}
    assert oracle_crossing(["a", "b"], _graph(), CHANNELS, strong, 2.0) == 0.0


def test_every_pair_counts_each_pair_inside_a_group_as_its_members_live_it() -> None:
    # (b, c, d): b-c and c-d are ties, c is close to both b and d: three pairs of three;
    # (a, b, e): only a-b: each of a and b has context, e has none
    scores = _score([("b", "c", "d"), ("a", "b", "e")])
    assert scores.pair_context == pytest.approx(4 / 6)
    assert scores.shared_context == 0.5
    assert _score([("a", "b"), ("c", "d")]).pair_context == 1.0
