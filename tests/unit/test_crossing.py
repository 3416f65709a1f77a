"""Crossing teams the company knows (issue 15): with `cross: teams` two people of one known team
are never paired and reasons name both teams; `communities` crosses the circles inferred from
who talks with whom; the default takes teams when most people have one."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.crossing import crossing_mode
from bot.core.model import History, Interaction, Person
from bot.core.programs import Program, ProgramError, Weights, program_from_dict
from bot.core.rounds import plan_round
from bot.service.admin_words import AdminCommand, form_values, parse_admin, settings_from_form
from tests.helpers.reasons import english

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def network() -> list[Interaction]:
    """Two circles (x, y) of twelve, each a ring of ties to the next three, and one light tie
    from each x to a y. The teams cut across the circles: even numbers in payments."""
    rows = [Interaction(f"{c}{k}", f"{c}{(k + step) % 12}", "mention",
                        NOW - timedelta(days=10 + d + k))
            for c in "xy" for k in range(12) for step in (1, 2, 3) for d in range(step)]
    rows += [Interaction(f"x{k}", f"y{k * 5 % 12}", "mention", NOW - timedelta(days=20))
             for k in range(12)]
    return sorted(rows, key=lambda r: r.at)


def people(with_team: int = 12) -> dict[str, Person]:
    """Everyone; the first `with_team` of each circle have a team."""
    return {f"{c}{k}": Person(f"{c}{k}", team=("payments", "research")[k % 2]
                              if k < with_team else None)
            for c in "xy" for k in range(12)}


def teams_in(work, crowd) -> list[set[str | None]]:
    return [{crowd[m].team for m in g.members} for g in work.groups]


@pytest.mark.parametrize("seed", range(4))
def test_crossing_teams_never_pairs_two_people_of_one_team(seed):
    crowd = people()
    work = plan_round(crowd, network(), History(), Program(cross="teams", seed=seed), NOW)
    assert work.crossing == "teams" and not work.plan.unmatched
    assert all(len(teams) == 2 for teams in teams_in(work, crowd))


def test_crossing_communities_pairs_by_circles_whatever_the_teams():
    crowd = people()
    work = plan_round(crowd, network(), History(), Program(cross="communities"), NOW)
    # here the circles cut across the teams: crossing them says nothing of the teams
    assert work.crossing == "communities"
    assert any(len(teams) == 1 for teams in teams_in(work, crowd))


def test_reasons_name_both_teams_when_crossing_them():
    work = plan_round(people(), network(), History(), Program(cross="teams"), NOW)
    reasons = [r for n in work.plan.nudges for r in english(n.reasons)]
    assert any(r.startswith("You work in research and payments, and both know ")
               or r.startswith("You work in payments and research, and both know ")
               for r in reasons), reasons


def test_the_default_crosses_teams_only_when_most_people_have_one():
    everyone = people()
    assert crossing_mode(Program(), everyone, everyone) == "teams"
    few = people(with_team=5)  # 10 of 24
    assert crossing_mode(Program(), few, few) == "communities"
    assert crossing_mode(Program(cross="off"), everyone, everyone) == "off"
    work = plan_round(few, network(), History(), Program(), NOW)
    assert work.crossing == "communities"


def test_cross_off_scores_no_crossing():
    work = plan_round(people(), network(), History(), Program(cross="off"), NOW)
    reasons = [r for n in work.plan.nudges for r in english(n.reasons)]
    assert work.crossing == "off" and not any("different circles" in r or "You work in" in r
                                              for r in reasons)


def test_the_setting_in_yaml_chat_and_form():
    assert program_from_dict({"cross": "teams"}).cross == "teams"
    with pytest.raises(ProgramError, match="cross"):
        program_from_dict({"cross": "silos"})
    said = parse_admin("admin edit coffee cross=Communities")
    assert isinstance(said, AdminCommand) and said.settings == {"cross": "communities"}
    assert parse_admin("admin edit coffee cross=auto").settings == {"cross": None}
    assert "`teams`, `communities`, `off` or `auto`" in parse_admin(
        "admin edit coffee cross=silos").text
    assert form_values(Program())["cross"] == "auto"
    settings, errors = settings_from_form({**form_values(Program(cross="off")), "name": "c"})
    assert not errors and settings["cross"] == "off"


def _kinds(work) -> Counter:
    kind = {c.pair: c.kind for c in work.candidates}
    return Counter(kind.get(tuple(sorted(p))) for g in work.groups
                   for p in zip(g.members, g.members[1:], strict=False))


@pytest.mark.parametrize("weight, more", [("bridge", "bridge"),
                                           ("friend_of_friend", "friend_of_friend")])
def test_a_programs_weight_moves_the_plan_towards_its_kind(weight, more):
    """Issue 15: bridge weights of 3 and 10 once gave the same plans. Here, with the circles
    crossed (no teams), raising a kind's weight from 0.2 to 5 gives more groups of that kind."""
    def plan(value: float):
        program = Program(cross="communities", weights=Weights(**{weight: value}))
        return _kinds(plan_round(people(0), network(), History(), program, NOW))
    low, high = plan(0.2), plan(5.0)
    assert high[more] > low[more], (low, high)
