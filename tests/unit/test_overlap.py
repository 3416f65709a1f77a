"""Shared working hours in pairing, on plain data: which pairs share enough of their day in
their own time zones (daylight saving included), groups checked pair by pair, the setting's
0 turning the rule off, in-person programs untouched, and the preview's count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations

import networkx as nx

from bot.core.matching import match
from bot.core.model import Candidate, History, Interaction, Person
from bot.core.overlap import Hours, shared_minutes, without_overlap
from bot.core.plan import _profile as profile_of
from bot.core.programs import Program
from bot.core.rematch import FreeRound, candidate_pairs
from bot.core.rounds import plan_round
from bot.core.rules import round_rules
from bot.core.ties import TieGraph

WINTER = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # a Thursday: Lisbon UTC+0, New York UTC-5
# US clocks go forward on Sunday 8 March 2026, Europe's only on 29 March: from Monday 9 March,
# Lisbon (UTC+0) and New York (UTC-4) are an hour closer for three weeks.
BEFORE_US_DST = datetime(2026, 2, 26, 6, 0, tzinfo=UTC)  # Thursday: the window ends on 5 March
DST_WEEK = datetime(2026, 3, 5, 6, 0, tzinfo=UTC)  # Thursday: the window reaches 9-11 March

ZONES = {"lis": "Europe/Lisbon", "ber": "Europe/Berlin", "ny": "America/New_York",
         "la": "America/Los_Angeles", "syd": "Australia/Sydney"}


def someone(pid: str, start: int = 9 * 60, end: int = 17 * 60, **more) -> Person:
    """A person whose time zone is named by their id's prefix ("lis1": Lisbon), 9-17 local."""
    zone = next(z for prefix, z in ZONES.items() if pid.startswith(prefix))
    return Person(pid, name=pid, timezone=zone, work_start=start, work_end=end, **more)


def minutes(a: str, b: str, now: datetime = WINTER, days: int = 5) -> int:
    return shared_minutes(profile_of(someone(a)), profile_of(someone(b)), now, days)


def test_lisbon_and_sydney_share_no_working_minute():
    assert minutes("lis", "syd") == 0
    assert minutes("lis", "syd", BEFORE_US_DST) == 0  # Sydney in summer time, Lisbon not


def test_shared_minutes_are_exact_in_each_zones_own_hours():
    assert minutes("lis", "ny") == 180  # 09-17 UTC and 14-22 UTC
    assert minutes("ber", "ny") == 120  # 08-16 UTC and 14-22 UTC
    assert minutes("ny", "la") == 300  # 14-22 UTC and 17-01 UTC
    assert minutes("la", "syd") == 180  # 17-01 UTC and 22-06 UTC (Sydney in summer time)
    assert minutes("lis", "la") == 0  # 09-17 UTC and 17-01 UTC only touch
    assert minutes("lis", "lis") == 480
    early = profile_of(someone("ny", start=7 * 60, end=12 * 60))  # 12-17 UTC
    assert shared_minutes(profile_of(someone("lis")), early, WINTER, 5) == 300


def test_the_week_new_york_changes_its_clocks_and_lisbon_does_not():
    assert minutes("lis", "ny", BEFORE_US_DST) == 180
    assert minutes("lis", "ny", DST_WEEK) == 240  # Monday 9 March: 09-17 UTC and 13-21 UTC
    assert minutes("lis", "ny", DST_WEEK, days=2) == 180  # Thursday and Friday only
    program = Program(overlap_minutes=200)
    people = {p.id: p for p in (someone("lis1"), someone("ny1"))}
    assert not Hours(people, program, BEFORE_US_DST).enough("lis1", "ny1")
    assert Hours(people, program, DST_WEEK).enough("lis1", "ny1")


def test_only_shared_work_days_count():
    sunday_to_thursday = someone("ny2", workdays=(6, 0, 1, 2, 3))
    friday_only = someone("ny1", workdays=(4,))
    people = {p.id: p for p in (sunday_to_thursday, friday_only)}
    assert Hours(people, Program(), WINTER).minutes("ny1", "ny2") == 0


def test_time_already_past_today_does_not_count():
    late_in_the_day = WINTER.replace(hour=16, minute=30)  # Lisbon 16:30 on Thursday
    people = {"lis1": someone("lis1"), "lis2": someone("lis2")}
    assert Hours(people, Program(days_ahead=1), late_in_the_day).minutes("lis1", "lis2") == 30
    assert Hours(people, Program(days_ahead=2), late_in_the_day).minutes("lis1", "lis2") == 480


def test_overlap_is_computed_once_per_pair_of_profiles():
    people = {f"{z}{i}": someone(f"{z}{i}") for z in ("lis", "ny", "syd") for i in range(200)}
    hours = Hours(people, Program(), WINTER)
    assert all(hours.enough(a, b) for a in people if a.startswith("lis")
               for b in people if b.startswith("ny"))
    assert not any(hours.enough(a, "syd7") for a in people if a.startswith("lis"))
    assert len(hours.profiles) == 3 and len(hours.pairs) == 2


def rules_for(people: list[Person], program: Program, now: datetime = WINTER):
    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in people)
    ties = TieGraph(graph, {}, {})
    crowd = {p.id: p for p in people}
    return round_rules(ties, crowd, History(), program, now, dict.fromkeys(crowd, 0))


def test_a_hybrid_program_allows_only_pairs_sharing_enough_hours():
    people = [someone("lis1"), someone("ny1"), someone("syd1")]
    rules = rules_for(people, Program(overlap_minutes=60))
    assert rules.allowed("lis1", "ny1") and rules.allowed("ny1", "lis1")
    assert not rules.allowed("lis1", "syd1") and not rules.allowed("syd1", "lis1")
    assert not rules.allowed("ny1", "syd1")  # 14-22 UTC and 22-06 UTC
    strict = rules_for(people, Program(overlap_minutes=181))
    assert not strict.allowed("lis1", "ny1")


def test_overlap_zero_turns_the_rule_off():
    rules = rules_for([someone("lis1"), someone("syd1")], Program(overlap_minutes=0))
    assert rules.allowed("lis1", "syd1")
    assert rules.hours_factor("lis1", "syd1") == 1.0


def test_in_person_programs_keep_their_office_rule():
    people = [someone("lis1", office="Lisbon"), someone("syd1", office="Lisbon"),
              someone("lis2", office="Porto")]
    rules = rules_for(people, Program(in_person=True, overlap_minutes=480))
    assert rules.allowed("lis1", "syd1")  # one office: the hours rule does not apply
    assert not rules.allowed("lis1", "lis2")
    assert rules.hours_factor("lis1", "syd1") == 1.0


def test_more_shared_hours_score_higher():
    rules = rules_for([someone("lis1"), someone("lis2"), someone("ny1")], Program())
    assert rules.hours_factor("lis1", "lis2") == 1.0
    assert rules.hours_factor("lis1", "ny1") == 1 - 0.2 * (1 - 180 / 480)


def friends_across_zones(*chains: tuple[str, ...]) -> list[Interaction]:
    """Replies along each chain, every few days, so neighbours in it are light ties."""
    rows = []
    for chain in chains:
        for a, b in zip(chain, chain[1:], strict=False):
            for day in (3, 9, 20):
                rows.append(Interaction(a, b, "reply", WINTER - timedelta(days=day), "C1"))
    return sorted(rows, key=lambda r: r.at)


def groups_of(program: Program, people: list[Person], rows: list[Interaction]):
    crowd = {p.id: p for p in people}
    work = plan_round(crowd, rows, History(), program, WINTER)
    return [g.members for g in work.groups], work.plan.unmatched


def test_lisbon_and_sydney_are_never_paired_in_a_hybrid_program():
    people = [someone(p) for p in ("lis1", "lis2", "syd1", "syd2")]
    rows = friends_across_zones(("lis1", "syd1"), ("lis2", "syd2"))  # they only know across
    groups, unmatched = groups_of(Program(), people, rows)
    assert sorted(groups) == [("lis1", "lis2"), ("syd1", "syd2")] and not unmatched
    anyhow, _ = groups_of(Program(overlap_minutes=0), people, rows)
    assert any({m[:3] for m in g} == {"lis", "syd"} for g in anyhow)  # what the rule prevents


def test_every_pair_of_a_group_of_three_shares_hours():
    # New York shares hours with Lisbon and with Los Angeles, but Lisbon and LA share none.
    people = [someone(p) for p in ("lis1", "lis2", "ny1", "ny2", "la1", "la2")]
    rows = friends_across_zones(("lis1", "ny1", "la1"), ("lis2", "ny2", "la2"),
                                ("lis1", "ny2"), ("ny1", "la2"))
    crowd = {p.id: p for p in people}
    hours = Hours(crowd, Program(), WINTER)
    groups, unmatched = groups_of(Program(group_size=3), people, rows)
    assert groups and not unmatched
    assert all(hours.enough(a, b) for g in groups for a, b in combinations(g, 2))


def test_the_matcher_builds_no_group_around_a_pair_that_may_not_meet():
    edges = [Candidate(("a", "b"), 5.0, "bridge", ("r",)), Candidate(("b", "c"), 5.0, "bridge", ("r",)),
             Candidate(("c", "d"), 1.0, "bridge", ("r",)), Candidate(("a", "d"), 1.0, "bridge", ("r",))]
    together, _ = match(edges, "abcd", group_size=3)
    assert any({"a", "c"} <= set(g.members) for g in together)  # as it was, unchecked
    apart = lambda x, y: {x, y} != {"a", "c"}  # noqa: E731
    groups, unmatched = match(edges, "abcd", group_size=3, may_group=apart)
    assert not any({"a", "c"} <= set(g.members) for g in groups)
    assert sorted(m for g in groups for m in g.members) + unmatched == list("abcd")
    pairs, _ = match(edges[:2], "abc", group_size=2, may_group=apart)  # the odd one joins a pair
    assert pairs and not any({"a", "c"} <= set(g.members) for g in pairs)


def test_a_partner_left_alone_is_rematched_only_within_shared_hours():
    people = {p.id: p for p in (someone("lis1"), someone("syd1"), someone("lis2"))}
    free = FreeRound(1, ("lis1",), ("syd1", "lis2"), WINTER + timedelta(days=7))
    assert candidate_pairs(free, people, Program(), {}, WINTER) == [("lis1", "lis2")]
    assert candidate_pairs(free, people, Program(overlap_minutes=0), {}, WINTER) == \
        [("lis1", "lis2"), ("lis1", "syd1")]


def test_the_preview_counts_people_with_no_possible_partner():
    crowd = {p.id: p for p in [someone(f"lis{i}") for i in range(5)] + [someone("syd1"),
             someone("ny1")]}
    assert without_overlap(crowd, crowd, Program(), WINTER) == 1  # Sydney shares no hour
    assert without_overlap(crowd, {"syd1", "ny1", "lis0"}, Program(), WINTER) == 1
    assert without_overlap(crowd, {"syd1", "ny1"}, Program(), WINTER) == 2
    crowd["la1"] = someone("la1")  # 3 hours with Sydney, 5 with New York
    assert without_overlap(crowd, crowd, Program(), WINTER) == 0
    assert without_overlap(crowd, crowd, Program(overlap_minutes=200), WINTER) == 1  # Sydney
    assert without_overlap(crowd, crowd, Program(overlap_minutes=400), WINTER) == 3
    assert without_overlap(crowd, ["syd1", "lis1"], Program(overlap_minutes=0), WINTER) == 0
    assert without_overlap(crowd, ["syd1", "lis1"], Program(in_person=True), WINTER) == 0


def test_a_profile_fitting_every_other_needs_no_check_per_person():
    people = {p.id: p for p in (someone("lis1"), someone("ny1"), someone("la1"))}
    hours = Hours(people, Program(), WINTER)
    lis, ny, la = (hours.profile(p) for p in ("lis1", "ny1", "la1"))
    assert hours.fits_all(ny) and not hours.fits_all(lis) and not hours.fits_all(la)
    assert Hours(people, Program(overlap_minutes=0), WINTER).fits_all(lis)
    many = {f"lis{i}": someone(f"lis{i}", start=i) for i in range(300)}  # 300 profiles
    crowded = Hours(many, Program(), WINTER)
    assert not crowded.fits_all(min(crowded.profile(p) for p in many))  # too many to read
