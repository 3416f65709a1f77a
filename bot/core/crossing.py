"""What a good pair crosses, pure: the labels a round scores crossing by, and whether two people
of one label may meet at all.

Companies know their departments; communities inferred from who talks with whom are a poor
stand-in for them on some networks (issue 15: normalised mutual information 0.13 with the
disciplines at a conference). So where most people have a known team, the round crosses teams:
two people of one team are never paired, and reasons name both teams. Elsewhere it crosses the
inferred communities alone, as before; "off" scores no crossing at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.core.model import Person
from bot.core.programs import Program

TEAMS, COMMUNITIES, OFF = "teams", "communities", "off"


def crossing_mode(program: Program, people: Mapping[str, Person],
                  eligible: Iterable[str]) -> str:
    """The program's `cross`, or for None: teams when most eligible people have one."""
    if program.cross is not None:
        return program.cross
    who = list(eligible)
    with_team = sum(1 for p in who if people[p].team)
    return TEAMS if who and 2 * with_team > len(who) else COMMUNITIES


def crossing_labels(mode: str, communities: Mapping[str, int]) -> dict[str, int]:
    """Person -> the label the crossing bonus is scored by: the inferred communities, also when
    crossing teams. Two people of one team never meet there, so every pair of known teams would
    cross them and a bonus for it would tell no pair from another; the communities then find
    the silos beyond a team (a team and the one it works with every day). "off": none."""
    return {} if mode == OFF else dict(communities)
