"""The generated organisation's traffic: a day at a time, who acts where (team, department,
club, #random, #general, a friend) and on whom; never any text.

It draws on the World that demo.orggen builds, with its own random stream, so the structure and
the traffic vary apart.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from random import Random
from zoneinfo import ZoneInfo

from bot.core.model import Interaction
from demo.orgdata import OFFICES

# Where an interaction happens, as cumulative shares: most in the team, some in the department, a
# little in clubs, #random and #general; the rest goes to friends in other departments.
TEAM, DEPARTMENT, CLUB, RANDOM, GENERAL = 0.64, 0.84, 0.92, 0.935, 0.945
RECENT = 6  # how many recent posters a thread reply may answer
NOBODY = -1  # the target of a plain channel post
CHUNK = 2048


@dataclass(frozen=True, slots=True)
class World:
    """The hidden structure the interaction stream is drawn from; indexes are person positions."""

    seed: int
    days: tuple[date, ...]
    per_day: float
    cum: tuple[float, ...]
    office_of: tuple[int, ...]
    hours: tuple[tuple[int, int], ...]  # seconds from local midnight
    team_start: tuple[int, ...]
    team_dept: tuple[int, ...]
    team_channel: tuple[str, ...]
    dept_channel: tuple[str, ...]
    favs_start: tuple[tuple[int, ...], ...]
    favs_end: tuple[tuple[int, ...], ...]
    friends: tuple[tuple[int, ...], ...]
    interests: tuple[tuple[str, ...], ...]
    moves: dict[int, tuple[tuple[int, int], ...]]  # day index -> (person, new team)
    announcers: frozenset[int]
    ids: tuple[str, ...]


class Stream:
    """One pass over the world: who sits in which team today and who posted lately, per channel."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.rng = Random(world.seed * 7919 + 1)  # its own stream, so structure and traffic vary apart
        self.team_of = list(world.team_start)
        self.favs = list(world.favs_start)
        self.team_members = _grouped(self.team_of)
        self.dept_members = _grouped([world.team_dept[t] for t in self.team_of])
        self.recent: dict[str, deque[int]] = {}
        self.rnd = self.rng.random
        self.team_channel, self.dept_channel = world.team_channel, world.dept_channel
        self.team_dept, self.interests, self.friends = world.team_dept, world.interests, world.friends
        self.zones = [ZoneInfo(tz) for _, tz, _ in OFFICES]
        self.start = [s for s, _ in world.hours]
        self.span = [e - s for s, e in world.hours]
        self.ids = (*world.ids, None)  # NOBODY (-1) maps to no target

    def run(self) -> Iterator[Interaction]:
        """Every working day's interactions, each day sorted; days never overlap in UTC."""
        days = map(self._day, range(len(self.w.days)))
        return chain.from_iterable(chain.from_iterable(days))

    def _day(self, index: int) -> Iterator[list[Interaction]]:
        """One day in time order, in small chunks so a big day's objects stay in the CPU cache."""
        w, rnd, pick = self.w, self.rnd, self._pick
        for person, new in w.moves.get(index, ()):
            self._move(person, new)
        bases = [_local_midnight(w.days[index], zone) for zone in self.zones]
        actors = self.rng.choices(range(len(w.ids)), cum_weights=w.cum,
                                  k=int(w.per_day * (0.85 + 0.3 * rnd())))
        start, span, office_of = self.start, self.span, w.office_of
        # Times first, then whom they address in time order, so a reply answers an earlier post.
        moments = sorted([(bases[office_of[a]] + start[a] + int(rnd() * span[a]), a) for a in actors])
        ids, stamp = self.ids, datetime.fromtimestamp
        for at in range(0, len(moments), CHUNK):
            out = []
            for t, a in moments[at:at + CHUNK]:
                kind, target, channel = pick(a)
                out.append(Interaction(ids[a], ids[target], kind, stamp(t, UTC), channel))
            yield out

    def _pick(self, a: int) -> tuple[str, int, str | None]:
        """Where `a` acts (team, department, club, #random, #general, a friend) and on whom."""
        rnd, pool, favs = self.rnd, None, ()
        r = rnd()
        if r >= GENERAL and self.friends[a]:
            friend = self.friends[a][int(rnd() * len(self.friends[a]))]
            return ("dm", friend, None) if rnd() < 0.7 else ("mention", friend, "#random")
        if TEAM <= r < DEPARTMENT:
            dept = self.team_dept[self.team_of[a]]
            channel, pool = self.dept_channel[dept], self.dept_members[dept]
        elif DEPARTMENT <= r < CLUB and self.interests[a]:
            clubs = self.interests[a]
            channel = clubs[int(rnd() * len(clubs))]
        elif CLUB <= r < RANDOM:
            channel = "#random"
        elif RANDOM <= r < GENERAL:
            return self._general(a)
        else:  # the team, also for people without the clubs or friends drawn
            team = self.team_of[a]
            channel, pool, favs = self.team_channel[team], self.team_members[team], self.favs[a]
        k = rnd()
        if k < 0.35:
            return self._post(a, channel)
        target = self._recent(a, channel) if k < 0.80 else self._someone(a, pool, favs, channel)
        if target is None:
            return self._post(a, channel)
        if k < 0.80:
            return ("reply" if k < 0.60 else "reaction"), target, channel
        return ("mention", target, channel) if k < 0.90 else ("dm", target, None)

    def _general(self, a: int) -> tuple[str, int, str | None]:
        # A few people announce in #general; everyone else only reacts there.
        if a in self.w.announcers:
            return self._post(a, "#general")
        target = self._recent(a, "#general")
        return ("reaction", target, "#general") if target is not None else self._post(a, "#random")

    def _post(self, a: int, channel: str) -> tuple[str, int, str | None]:
        posters = self.recent.get(channel)
        if posters is None:
            posters = self.recent[channel] = deque(maxlen=RECENT)
        posters.append(a)
        return "message", NOBODY, channel

    def _recent(self, a: int, channel: str) -> int | None:
        posters = self.recent.get(channel)
        if not posters:
            return None
        target = posters[int(self.rnd() * len(posters))]
        return None if target == a else target

    def _someone(self, a: int, pool: list[int] | None, favs: tuple[int, ...],
                 channel: str) -> int | None:
        rnd = self.rnd
        if favs and rnd() < 0.5:
            target = favs[int(rnd() * len(favs))]
            if self.team_of[target] == self.team_of[a]:  # a favourite who moved on went quiet
                return target
        if pool and len(pool) > 1:
            target = pool[int(rnd() * len(pool))]
            return None if target == a else target
        return self._recent(a, channel)

    def _move(self, person: int, new: int) -> None:
        w, old = self.w, self.team_of[person]
        self.team_members[old].remove(person)
        self.team_members.setdefault(new, []).append(person)
        old_dept, new_dept = w.team_dept[old], w.team_dept[new]
        if old_dept != new_dept:
            self.dept_members[old_dept].remove(person)
            self.dept_members.setdefault(new_dept, []).append(person)
        self.team_of[person] = new
        self.favs[person] = w.favs_end[person]


def _grouped(labels: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for person, label in enumerate(labels):
        out.setdefault(label, []).append(person)
    return out


def _local_midnight(day: date, zone: ZoneInfo) -> int:
    """Epoch seconds of local midnight; the offset is taken at noon so DST nights don't shift hours."""
    offset = datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset() or timedelta()
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC) - offset
    return int(midnight.timestamp())
