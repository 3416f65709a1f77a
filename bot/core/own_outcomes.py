"""One person's own outcomes: how many people their meetups brought them, and whether they
still talk with them. What `outcomes` tells an employee about themselves (docs/outcomes.md).

Pure: the person's id, the groups they were in, interactions and `now` in, their own counts
out. The rule is lasting.py's, applied to the asker's own pairs only (never a pair of two
other members of their group), and nothing that leaves names anyone:

- A **meetup** is a group of two people or more that the person was in and that confirmed it
  met (`Group.met`: someone in it said so).
- **People met** are the distinct other members of their meetups.
- They **still talk** with someone when their pair lasts (lasting.pair_lasts: at least
  `min_after` chats in the window, and more than in the weeks before) in a meetup whose window
  has passed (lasting.passed).
- A meetup whose window is still open is **pending**, and someone met in a pending meetup they
  do not already still talk with is **within their weeks**: neither lasting nor not, yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.lasting import WEEKS, Group, index, pair_lasts, pairs, passed
from bot.core.model import Interaction


@dataclass(frozen=True, slots=True)
class Own:
    """Counts about the asker alone; still_talk + within <= people."""

    meetups: int  # groups they were in that confirmed they met
    pending: int  # of those meetups, the ones still within their weeks
    people: int  # distinct people met in them
    still_talk: int  # of those people, the ones their pair lasted with
    within: int  # of those people, the ones still within their weeks (not yet lasting)


def own_outcomes(person: str, groups: Iterable[Group], interactions: Iterable[Interaction],
                 now: datetime, *, weeks: int = WEEKS, min_after: int = 2) -> Own:
    span = timedelta(weeks=weeks)
    met = [g for g in groups if g.met and person in g.members and len(set(g.members)) >= 2]
    mine = {pair for g in met for pair in pairs(g.members) if person in pair}
    times = index(interactions, mine)
    others: set[str] = set()
    lasted: set[str] = set()
    open_: set[str] = set()
    for group in met:
        members = set(group.members) - {person}
        others |= members
        if not passed(group, span, now):
            open_ |= members
            continue
        lasted |= {other for other in members
                   if pair_lasts(times.get(pairs((person, other))[0], ()), group, span, min_after)}
    pending = sum(1 for g in met if not passed(g, span, now))
    return Own(len(met), pending, len(others), len(lasted), len(open_ - lasted))
