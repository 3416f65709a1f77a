"""How a program's rounds went, as aggregates only: nobody can be singled out from them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_PEOPLE = 10  # aggregates over fewer people could describe someone in particular


@dataclass(frozen=True, slots=True)
class Outcomes:
    rounds: int
    people: int  # distinct people suggested a meeting
    eligible: int  # people the program reaches and who are available now
    groups: int
    participation: float  # share of eligible people who were in a group (%)
    acceptance: float  # share of group members who accepted a time (%)
    declined: float  # share of group members who said they can't make it (%)
    confirmed: float  # share of groups where someone said "we met" (%)
    crossing: float  # share of groups spanning two or more communities (%)


def summarize(nudges: Iterable[tuple[str, tuple[str, ...], Mapping[str, set[str]]]],
              rounds: int, eligible: int, communities: Mapping[str, int]) -> Outcomes | None:
    """Aggregate the nudges of recent rounds: (state, members, {member: kinds answered}).
    None when fewer than MIN_PEOPLE people took part, so that no figure points at a person."""
    groups = [(members, said) for state, members, said in nudges if state not in ("failed",)]
    people = {m for members, _ in groups for m in members}
    if len(people) < MIN_PEOPLE:
        return None
    seats = sum(len(members) for members, _ in groups)
    accepted = sum(1 for members, said in groups for m in members if "accepted" in said.get(m, ()))
    declined = sum(1 for members, said in groups for m in members if "declined" in said.get(m, ()))
    met = sum(1 for _, said in groups if any("met" in kinds for kinds in said.values()))
    crossing = sum(1 for members, _ in groups
                   if len({communities[m] for m in members if m in communities}) > 1)
    return Outcomes(rounds, len(people), eligible, len(groups),
                    _share(len(people), max(eligible, len(people))), _share(accepted, seats),
                    _share(declined, seats), _share(met, len(groups)), _share(crossing, len(groups)))


def _share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0
