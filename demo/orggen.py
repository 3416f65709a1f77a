"""A seeded, realistic organisation and its chat interactions (never text), for demo, tests and bench.

Everything comes from one `random.Random(seed)`: the same arguments give the same people and the same
interaction stream. Interactions are generated a day at a time, so ten million of them never sit in
memory together.

The organisation's shape is drawn in demo.orgstructure, its traffic in demo.orgstream; this
module puts them together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from random import Random

from bot.core.model import Interaction, Person
from demo import orgstructure as structure
from demo.orgdata import OFFICES, VENUES
from demo.orgstream import Stream, World

STARTS = (8 * 60, 8 * 60 + 30, 9 * 60, 9 * 60 + 30, 10 * 60)  # working days start here, local minutes


@dataclass(frozen=True, slots=True)
class Move:
    """Ground truth: `person` left `old_team` for `new_team` at `at`; old teammates went quiet."""

    person: str
    old_team: str
    new_team: str
    at: datetime


@dataclass(frozen=True)
class Org:
    """A generated organisation: people, channels, ground-truth departments, venues and moves."""

    people: tuple[Person, ...]
    channels: tuple[str, ...]
    departments: dict[str, str]
    venues: dict[str, tuple[str, ...]]
    moves: tuple[Move, ...]
    now: datetime
    _world: World = field(repr=False, compare=False)

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
    team_sizes = structure.team_sizes(rng, people)
    team_dept, dept_names = structure.departments(rng, len(team_sizes), people)
    team_names = structure.team_names(team_dept)
    team_office = structure.team_offices(rng, team_dept, len(dept_names))
    team_of, favs_start = structure.members(rng, team_sizes)
    office_of = tuple(o if rng.random() < 0.92 else rng.randrange(3)
                      for o in (team_office[t] for t in team_of))
    days = _weekdays(now, months)
    moves, team_end = structure.moves(rng, team_of, team_dept, len(days))
    favs_end = structure.favourites(rng, team_end, favs_start, team_of)
    ids = tuple(f"U{i + 1:0{max(4, len(str(people)))}d}" for i in range(people))
    interests = structure.interests(rng, office_of, people)
    starts = [rng.choice(STARTS) for _ in range(people)]
    persons = tuple(
        Person(id=ids[i], name=name, team=team_names[team_end[i]], office=OFFICES[office_of[i]][0],
               timezone=OFFICES[office_of[i]][1], work_start=starts[i], work_end=starts[i] + 480)
        for i, name in enumerate(structure.names(rng, people)))
    activity = [rng.lognormvariate(0.0, 1.1) for _ in range(people)]
    world = World(
        seed=seed, days=days, per_day=people * interactions_per_person / max(1, len(days)),
        cum=structure.cumulative(activity), office_of=office_of,
        hours=tuple((s * 60, (s + 480) * 60) for s in starts), team_start=tuple(team_of),
        team_dept=team_dept, team_channel=tuple(f"#team-{t}" for t in team_names),
        dept_channel=tuple(f"#{structure.slug(d)}" for d in dept_names), favs_start=favs_start,
        favs_end=favs_end, friends=structure.friends(rng, team_end, team_dept, office_of),
        interests=interests, moves=structure.move_days(moves), announcers=frozenset(
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
    return Stream(org._world).run()


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
