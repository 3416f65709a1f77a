"""Tie strength, decay, reciprocity, co-activity, overlap and communities on plain data."""

from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest

from bot.core import ties as ties_module
from bot.core.model import Interaction
from bot.core.ties import (
    TieGraph,
    TieParams,
    build_ties,
    communities,
    is_strong,
    overlap,
    strong_threshold,
)

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
PARAMS = TieParams()


def said(actor: str, target: str | None, kind: str = "reply", days_ago: float = 0.0,
         channel: str | None = None, seconds: float = 0.0) -> Interaction:
    """One interaction `days_ago` before NOW, shifted by `seconds`."""
    return Interaction(actor, target, kind, NOW - timedelta(days=days_ago) + timedelta(seconds=seconds),
                       channel)


def post(actor: str, channel: str, seconds: float) -> Interaction:
    """A plain channel message, `seconds` after an hour before NOW."""
    return said(actor, None, "message", days_ago=0, channel=channel, seconds=seconds - 3600)


def strength(graph: TieGraph, a: str, b: str) -> float:
    return graph.strength(a, b)


def test_a_contribution_halves_at_the_half_life() -> None:
    fresh = build_ties([said("ana", "bea")], NOW, PARAMS)
    old = build_ties([said("ana", "bea", days_ago=60)], NOW, PARAMS)
    assert strength(fresh, "ana", "bea") == pytest.approx(PARAMS.reply)
    assert strength(old, "ana", "bea") == pytest.approx(PARAMS.reply / 2)


def test_the_half_life_is_configurable() -> None:
    old = build_ties([said("ana", "bea", days_ago=10)], NOW, TieParams(half_life_days=10))
    assert strength(old, "ana", "bea") == pytest.approx(PARAMS.reply / 2)


def test_history_is_undecayed_and_first_and_last_are_recorded() -> None:
    graph = build_ties([said("ana", "bea", days_ago=120), said("bea", "ana", days_ago=90)],
                       NOW, PARAMS).graph
    edge = graph["ana"]["bea"]
    assert edge["history"] == pytest.approx(2 * PARAMS.reply)
    assert edge["first"] == NOW - timedelta(days=120)
    assert edge["last"] == NOW - timedelta(days=90)
    assert edge["strength"] < edge["history"] / 2


def test_reciprocity_makes_a_tie_stronger_than_the_same_volume_one_way() -> None:
    one_way = build_ties([said("ana", "bea"), said("ana", "bea")], NOW, PARAMS)
    both_ways = build_ties([said("ana", "bea"), said("bea", "ana")], NOW, PARAMS)
    assert strength(one_way, "ana", "bea") == pytest.approx(2 * PARAMS.reply)
    expected = 2 * PARAMS.reply * (1 + PARAMS.reciprocity_bonus)
    assert strength(both_ways, "ana", "bea") == pytest.approx(expected)


def test_each_kind_counts_with_its_own_weight() -> None:
    kinds = ["reply", "mention", "reaction", "dm", "contact", "meeting"]
    graph = build_ties([said("ana", f"p{i}", kind) for i, kind in enumerate(kinds)], NOW, PARAMS)
    got = [strength(graph, "ana", f"p{i}") for i in range(len(kinds))]
    assert got == pytest.approx([getattr(PARAMS, kind) for kind in kinds])
    assert strength(graph, "ana", "p5") > strength(graph, "ana", "p0") > strength(graph, "ana", "p4")


def test_interactions_after_now_and_self_interactions_are_ignored() -> None:
    future = Interaction("ana", "bea", "reply", NOW + timedelta(seconds=1))
    graph = build_ties([future, said("ana", "ana"), said("cy", "dan", "unknown-kind")], NOW,
                       PARAMS).graph
    assert graph.number_of_edges() == 0


def test_a_generator_is_read_in_one_pass() -> None:
    stream = (said("ana", "bea", days_ago=d) for d in (3, 2, 1))
    assert build_ties(stream, NOW, PARAMS).graph["ana"]["bea"]["history"] == pytest.approx(3.0)


def test_co_activity_links_only_posters_within_the_window() -> None:
    graph = build_ties([post("ana", "run", 0), post("bea", "run", 300), post("cy", "run", 1300)],
                       NOW, PARAMS).graph
    assert graph.has_edge("ana", "bea")
    assert not graph.has_edge("bea", "cy") and not graph.has_edge("ana", "cy")
    assert graph["ana"]["bea"]["strength"] == pytest.approx(PARAMS.message, rel=1e-3)


def test_co_activity_links_only_the_last_k_distinct_posters() -> None:
    posters = ["p1", "p2", "p3", "p4", "p1", "p5"]
    items = [post(p, "big", 10 * i) for i, p in enumerate(posters)]
    graph = build_ties(items, NOW, TieParams(coactivity_fan_in=3)).graph
    assert sorted(graph["p5"]) == ["p1", "p3", "p4"]
    assert not graph.has_edge("p1", "p1")


def test_posts_in_different_channels_do_not_link() -> None:
    graph = build_ties([post("ana", "run", 0), post("bea", "chess", 10)], NOW, PARAMS).graph
    assert graph.number_of_edges() == 0


def test_channels_and_activity_are_recorded_per_person() -> None:
    ties = build_ties([post("ana", "run", 0), post("ana", "chess", 10),
                       said("ana", "bea", channel="run"), said("bea", "ana")], NOW, PARAMS)
    assert ties.channels == {"ana": frozenset({"run", "chess"})}
    assert ties.activity == {"ana": 3, "bea": 1}


def test_interactions_carry_no_message_text() -> None:
    assert list(Interaction._fields) == ["actor", "target", "kind", "at", "channel"]


def graph_of(edges: list[tuple[str, str]], strength: float = 1.0) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from(edges, strength=strength)
    return graph


def test_overlap_follows_onnela_formula() -> None:
    # i and j share m1, m2; i also knows x; j also knows y, z: n=2, k_i=4, k_j=5.
    graph = graph_of([("i", "j"), ("i", "m1"), ("j", "m1"), ("i", "m2"), ("j", "m2"),
                      ("i", "x"), ("j", "y"), ("j", "z")])
    assert overlap(graph, "i", "j") == pytest.approx(2 / ((4 - 1) + (5 - 1) - 2))


def test_overlap_is_zero_without_other_neighbours_and_one_in_a_triangle() -> None:
    assert overlap(graph_of([("i", "j")]), "i", "j") == 0.0
    assert overlap(graph_of([("i", "j"), ("j", "k"), ("i", "k")]), "i", "j") == 1.0


def two_cliques() -> nx.Graph:
    left = [(f"a{i}", f"a{j}") for i in range(5) for j in range(i + 1, 5)]
    right = [(f"b{i}", f"b{j}") for i in range(5) for j in range(i + 1, 5)]
    graph = graph_of(left + right, strength=3.0)
    graph.add_edge("a0", "b0", strength=0.1)
    return graph


def test_communities_separate_two_groups_joined_by_one_weak_tie() -> None:
    found = communities(two_cliques(), seed=1)
    assert {found[f"a{i}"] for i in range(5)} == {0}
    assert {found[f"b{i}"] for i in range(5)} == {1}


def test_communities_are_deterministic_for_a_seed_and_insertion_order() -> None:
    graph = nx.karate_club_graph()
    nx.set_edge_attributes(graph, {e: 1.0 + (sum(e) % 3) for e in graph.edges}, "strength")
    named = nx.relabel_nodes(graph, {n: f"p{n:02d}" for n in graph})
    shuffled = nx.Graph()
    shuffled.add_edges_from(reversed(list(named.edges(data=True))))
    assert communities(named, seed=7) == communities(named, seed=7) == communities(shuffled, seed=7)


def test_large_graphs_use_a_backbone_that_keeps_the_groups(monkeypatch) -> None:
    monkeypatch.setattr(ties_module, "BACKBONE_ABOVE_EDGES", 5)
    found = communities(TieGraph(two_cliques(), {}, {}), seed=1, backbone_k=2)
    assert found["a1"] == found["a4"] != found["b1"] == found["b4"]


def test_strong_threshold_marks_the_strongest_quarter() -> None:
    graph = nx.Graph()
    for i, value in enumerate([4.0, 1.0, 3.0, 2.0, 8.0, 5.0, 7.0, 6.0]):
        graph.add_edge(f"x{i}", f"y{i}", strength=value)
    threshold = strong_threshold(graph)
    assert threshold == 7.0
    strong = sorted(s for *_, s in graph.edges(data="strength") if is_strong(s, threshold))
    assert strong == [7.0, 8.0]  # two of eight
    assert strong_threshold(nx.Graph()) == float("inf")


def test_ties_as_strong_as_the_first_of_the_strongest_quarter_are_strong_too() -> None:
    # e-mail's shape: one-way ties (1) and two-way ones (3), more than a quarter of them two-way
    threshold = strong_threshold(_edges([1.0] * 5 + [3.0] * 3))
    assert threshold == 3.0 and is_strong(3.0, threshold) and not is_strong(1.0, threshold)


def test_the_weakest_ties_are_never_strong() -> None:
    # three in four at the floor (everyone met once): only the ties above it are strong
    assert strong_threshold(_edges([1.0] * 7 + [2.0])) == 2.0
    # every tie alike, or too few to have a strongest quarter: none is strong
    assert strong_threshold(_edges([1.0] * 8)) == float("inf")
    assert strong_threshold(_edges([1.0, 5.0])) == float("inf")


def _edges(values: list[float]) -> nx.Graph:
    graph = nx.Graph()
    for i, value in enumerate(values):
        graph.add_edge(f"x{i}", f"y{i}", strength=value)
    return graph


def test_joining_a_channel_counts_as_being_in_it_and_leaving_takes_you_out():
    from datetime import UTC, datetime

    from bot.core.model import Interaction
    from bot.core.ties import TieParams, build_ties
    t = datetime(2026, 5, 1, 9, tzinfo=UTC)
    ties = build_ties([Interaction("ana", None, "join", t, "#chess"),
                       Interaction("bea", None, "join", t, "#chess"),
                       Interaction("bea", None, "leave", t.replace(hour=10), "#chess")],
                      t.replace(hour=12), TieParams())
    assert ties.channels.get("ana") == frozenset({"#chess"})
    assert "bea" not in ties.channels
    assert ties.graph.number_of_edges() == 0  # being in a channel ties nobody to anybody
