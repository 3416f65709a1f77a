"""A seeded, realistic organisation and its chat interactions (never text), for demo, tests and bench.

Everything comes from one `random.Random(seed)`: the same arguments give the same people and the same
interaction stream. Interactions are generated a day at a time, so ten million of them never sit in
memory together.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from random import Random
from zoneinfo import ZoneInfo

from bot.core.model import Interaction, Person
from demo.orgdata import (
    DEPARTMENTS,
    FIRST_NAMES,
    GLOBAL_TOPICS,
    LAST_NAMES,
    LOCAL_TOPICS,
    OFFICES,
    VENUES,
)

STARTS = (8 * 60, 8 * 60 + 30, 9 * 60, 9 * 60 + 30, 10 * 60)  # working days start here, local minutes
# Where an interaction happens, as cumulative shares: most in the team, some in the department, a
# little in clubs, #random and #general; the rest goes to friends in other departments.
TEAM, DEPARTMENT, CLUB, RANDOM, GENERAL = 0.64, 0.84, 0.92, 0.935, 0.945
MOVER_SHARE = 0.12  # people who changed team early in the window: their old ties go dormant
RECENT = 6  # how many recent posters a thread reply may answer
NOBODY = -1  # the target of a plain channel post
CHUNK = 2048


@dataclass(frozen=True, slots=True)
class Move:
    """Ground truth: `person` left `old_team` for `new_team` at `at`; old teammates went quiet."""

    person: str
    old_team: str
    new_team: str
    at: datetime


@dataclass(frozen=True, slots=True)
class _World:
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


@dataclass(frozen=True)
class Org:
    """A generated organisation: people, channels, ground-truth departments, venues and moves."""

    people: tuple[Person, ...]
    channels: tuple[str, ...]
    departments: dict[str, str]
    venues: dict[str, tuple[str, ...]]
    moves: tuple[Move, ...]
    now: datetime
    _world: _World = field(repr=False, compare=False)

    def interactions(self) -> Iterator[Interaction]:
        """The organisation's interactions in time order, streamed."""
        return interactions(self)


def generate_org(people: int = 300, seed: int = 7, months: int = 6,
                 interactions_per_person: int = 100, now: datetime | None = None) -> Org:
    """Build an organisation of `people` in teams, departments and three offices; deterministic."""
    if people < 2:
        raise ValueError("people: expected at least 2")
    now = _utc(now)
    rng = Random(seed)
    team_sizes = _team_sizes(rng, people)
    team_dept, dept_names = _departments(rng, len(team_sizes), people)
    team_names = _team_names(team_dept)
    team_office = _team_offices(rng, team_dept, len(dept_names))
    team_of, favs_start = _members(rng, team_sizes)
    office_of = tuple(o if rng.random() < 0.92 else rng.randrange(3)
                      for o in (team_office[t] for t in team_of))
    days = _weekdays(now, months)
    moves, team_end = _moves(rng, team_of, team_dept, len(days))
    favs_end = _favourites(rng, team_end, favs_start, team_of)
    ids = tuple(f"U{i + 1:0{max(4, len(str(people)))}d}" for i in range(people))
    interests = _interests(rng, office_of, people)
    starts = [rng.choice(STARTS) for _ in range(people)]
    persons = tuple(
        Person(id=ids[i], name=name, team=team_names[team_end[i]], office=OFFICES[office_of[i]][0],
               timezone=OFFICES[office_of[i]][1], work_start=starts[i], work_end=starts[i] + 480)
        for i, name in enumerate(_names(rng, people)))
    activity = [rng.lognormvariate(0.0, 1.1) for _ in range(people)]
    world = _World(
        seed=seed, days=days, per_day=people * interactions_per_person / max(1, len(days)),
        cum=_cumulative(activity), office_of=office_of,
        hours=tuple((s * 60, (s + 480) * 60) for s in starts), team_start=tuple(team_of),
        team_dept=team_dept, team_channel=tuple(f"#team-{t}" for t in team_names),
        dept_channel=tuple(f"#{_slug(d)}" for d in dept_names), favs_start=favs_start,
        favs_end=favs_end, friends=_friends(rng, team_end, team_dept, office_of),
        interests=interests, moves=_move_days(moves), announcers=frozenset(
            rng.sample(range(people), min(people, 3 + people // 1000))), ids=ids)
    return Org(
        people=persons,
        channels=tuple(sorted({"#general", "#random", *world.team_channel, *world.dept_channel,
                               *(c for cs in interests for c in cs)})),
        departments={ids[i]: dept_names[team_dept[team_end[i]]] for i in range(people)},
        venues={office: VENUES[office] for office, _, _ in OFFICES},
        moves=tuple(Move(ids[p], team_names[old], team_names[new],
                         datetime.combine(days[d], datetime.min.time(), UTC))
                    for d, p, old, new in moves),
        now=now, _world=world)


def interactions(org: Org) -> Iterator[Interaction]:
    """Stream `org`'s interactions in time order, one working day at a time; never any text."""
    return _Stream(org._world).run()


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC).replace(microsecond=0)
    if now.tzinfo is None:
        raise ValueError("now: expected a timezone-aware datetime")
    return now.astimezone(UTC)


def _weekdays(now: datetime, months: int) -> tuple[date, ...]:
    # Whole days before today's UTC date, so even New York's evening stays before `now`.
    end = now.date()
    start = end - timedelta(days=round(months * 30.44))
    span = (end - start).days
    return tuple(d for d in (start + timedelta(days=k) for k in range(span)) if d.weekday() < 5)


def _team_sizes(rng: Random, people: int) -> list[int]:
    sizes: list[int] = []
    rest = people
    while rest >= 15:
        sizes.append(rng.randint(5, 15))
        rest -= sizes[-1]
    if rest >= 5 or not sizes:
        sizes.append(rest)
    else:  # too few for a team of their own: they join the smallest teams
        for _ in range(rest):
            sizes[sizes.index(min(sizes))] += 1
    return sizes


def _departments(rng: Random, teams: int, people: int) -> tuple[tuple[int, ...], list[str]]:
    count = max(1, min(teams, round(math.sqrt(people) / 1.75)))
    names = [DEPARTMENTS[d % len(DEPARTMENTS)][0] + (f" {d // len(DEPARTMENTS) + 1}"
             if d >= len(DEPARTMENTS) else "") for d in range(count)]
    weights = [DEPARTMENTS[d % len(DEPARTMENTS)][1] * rng.lognormvariate(0.0, 0.25)
               for d in range(count)]
    team_dept = [d for d, seats in enumerate(_apportion(weights, teams)) for _ in range(seats)]
    rng.shuffle(team_dept)
    return tuple(team_dept), names


def _apportion(weights: list[float], seats: int) -> list[int]:
    """Split `seats` in proportion to `weights`, at least one each (largest remainder)."""
    quota = [seats * w / sum(weights) for w in weights]
    out = [max(1, int(q)) for q in quota]
    while sum(out) < seats:
        out[max(range(len(out)), key=lambda d: quota[d] - out[d])] += 1
    while sum(out) > seats:
        out[max((d for d in range(len(out)) if out[d] > 1), key=lambda d: out[d] - quota[d])] -= 1
    return out


def _team_names(team_dept: tuple[int, ...]) -> list[str]:
    per_dept: dict[int, int] = {}
    per_word: Counter[str] = Counter()
    names = []
    for d in team_dept:
        words = DEPARTMENTS[d % len(DEPARTMENTS)][2]
        k = per_dept[d] = per_dept.get(d, -1) + 1
        word = words[k % len(words)]
        per_word[word] += 1
        names.append(word if per_word[word] == 1 else f"{word}-{per_word[word]}")
    return names


def _team_offices(rng: Random, team_dept: tuple[int, ...], depts: int) -> list[int]:
    weights = [w for _, _, w in OFFICES]
    home = rng.choices(range(3), weights=weights, k=depts)
    return [home[d] if rng.random() < 0.7 else rng.choices(range(3), weights=weights)[0]
            for d in team_dept]


def _members(rng: Random, sizes: list[int]) -> tuple[list[int], tuple[tuple[int, ...], ...]]:
    order = list(range(sum(sizes)))
    rng.shuffle(order)  # ids are not grouped by team, as on a real workspace
    team_of = [0] * len(order)
    at = 0
    for team, size in enumerate(sizes):
        for person in order[at:at + size]:
            team_of[person] = team
        at += size
    return team_of, _favourites(rng, team_of, None, team_of)


def _favourites(rng: Random, team_of: list[int], before: tuple[tuple[int, ...], ...] | None,
                old_team: list[int]) -> tuple[tuple[int, ...], ...]:
    members: dict[int, list[int]] = {}
    for person, team in enumerate(team_of):
        members.setdefault(team, []).append(person)
    out = []
    for person, team in enumerate(team_of):
        if before is not None and team == old_team[person]:
            out.append(before[person])  # close colleagues stay close unless someone moved
            continue
        others = [m for m in members[team] if m != person]
        out.append(tuple(rng.sample(others, min(len(others), rng.randint(2, 4)))))
    return tuple(out)


def _moves(rng: Random, team_of: list[int], team_dept: tuple[int, ...],
           days: int) -> tuple[list[tuple[int, int, int, int]], list[int]]:
    by_dept: dict[int, list[int]] = {}
    for team, dept in enumerate(team_dept):
        by_dept.setdefault(dept, []).append(team)
    end, moves = list(team_of), []
    for person, old in enumerate(team_of):
        if rng.random() >= MOVER_SHARE or len(team_dept) < 2 or days < 10:
            continue
        same = [t for t in by_dept[team_dept[old]] if t != old]
        new = rng.choice(same) if same and rng.random() < 0.5 else rng.randrange(len(team_dept))
        if new != old:
            end[person] = new
            moves.append((rng.randint(days * 15 // 100, days * 45 // 100), person, old, new))
    return sorted(moves), end


def _move_days(moves: list[tuple[int, int, int, int]]) -> dict[int, tuple[tuple[int, int], ...]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for day, person, _, new in moves:
        out.setdefault(day, []).append((person, new))
    return {day: tuple(items) for day, items in out.items()}


def _friends(rng: Random, team_of: list[int], team_dept: tuple[int, ...],
             office_of: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    # Lunch friends across departments: weak ties with a real history, mostly in the same office.
    n = len(team_of)
    out = []
    for person in range(n):
        picks = [q for q in (rng.randrange(n) for _ in range(rng.choice((0, 0, 1, 1, 2))))
                 if team_dept[team_of[q]] != team_dept[team_of[person]]
                 and (office_of[q] == office_of[person] or rng.random() < 0.2)]
        out.append(tuple(picks))
    return tuple(out)


def _interests(rng: Random, office_of: tuple[int, ...], people: int) -> tuple[tuple[str, ...], ...]:
    local_suffix = people > 1500  # big firms split local clubs by office
    topics = LOCAL_TOPICS + GLOBAL_TOPICS
    weights = [1 / (k + 1) for k in range(len(topics))]  # a few popular clubs, many small ones
    out = []
    for person in range(people):
        chosen = set(rng.choices(topics, weights=weights, k=rng.choice((0, 1, 1, 2, 2, 3))))
        out.append(tuple(sorted(
            f"#{t}-{_slug(OFFICES[office_of[person]][0])}" if local_suffix and t in LOCAL_TOPICS
            else f"#{t}" for t in chosen)))
    return tuple(out)


def _names(rng: Random, people: int) -> Iterator[str]:
    used: set[str] = set()
    for _ in range(people):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        while name in used:  # a middle initial, as people do when two share a name
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
        used.add(name)
        yield name


def _cumulative(weights: list[float]) -> tuple[float, ...]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return tuple(out)


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


class _Stream:
    """One pass over the world: who sits in which team today and who posted lately, per channel."""

    def __init__(self, world: _World) -> None:
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


