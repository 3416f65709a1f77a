"""The generated organisation's shape, all from the generator's one random stream: team sizes,
departments, team names and offices, members and their favourite colleagues, the people who
change team, lunch friends across departments, clubs, and names.

Indexes are person (and team, department, office) positions; demo.orggen turns them into people.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from random import Random

from demo.orgdata import DEPARTMENTS, FIRST_NAMES, GLOBAL_TOPICS, LAST_NAMES, LOCAL_TOPICS, OFFICES

MOVER_SHARE = 0.12  # people who changed team early in the window: their old ties go dormant


def team_sizes(rng: Random, people: int) -> list[int]:
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


def departments(rng: Random, teams: int, people: int) -> tuple[tuple[int, ...], list[str]]:
    count = max(1, min(teams, round(math.sqrt(people) / 1.75)))
    names = [DEPARTMENTS[d % len(DEPARTMENTS)][0] + (f" {d // len(DEPARTMENTS) + 1}"
             if d >= len(DEPARTMENTS) else "") for d in range(count)]
    weights = [DEPARTMENTS[d % len(DEPARTMENTS)][1] * rng.lognormvariate(0.0, 0.25)
               for d in range(count)]
    team_dept = [d for d, seats in enumerate(apportion(weights, teams)) for _ in range(seats)]
    rng.shuffle(team_dept)
    return tuple(team_dept), names


def apportion(weights: list[float], seats: int) -> list[int]:
    """Split `seats` in proportion to `weights`, at least one each (largest remainder)."""
    quota = [seats * w / sum(weights) for w in weights]
    out = [max(1, int(q)) for q in quota]
    while sum(out) < seats:
        out[max(range(len(out)), key=lambda d: quota[d] - out[d])] += 1
    while sum(out) > seats:
        out[max((d for d in range(len(out)) if out[d] > 1), key=lambda d: out[d] - quota[d])] -= 1
    return out


def team_names(team_dept: tuple[int, ...]) -> list[str]:
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


def team_offices(rng: Random, team_dept: tuple[int, ...], depts: int) -> list[int]:
    weights = [w for _, _, w in OFFICES]
    home = rng.choices(range(3), weights=weights, k=depts)
    return [home[d] if rng.random() < 0.7 else rng.choices(range(3), weights=weights)[0]
            for d in team_dept]


def members(rng: Random, sizes: list[int]) -> tuple[list[int], tuple[tuple[int, ...], ...]]:
    order = list(range(sum(sizes)))
    rng.shuffle(order)  # ids are not grouped by team, as on a real workspace
    team_of = [0] * len(order)
    at = 0
    for team, size in enumerate(sizes):
        for person in order[at:at + size]:
            team_of[person] = team
        at += size
    return team_of, favourites(rng, team_of, None, team_of)


def favourites(rng: Random, team_of: list[int], before: tuple[tuple[int, ...], ...] | None,
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


def moves(rng: Random, team_of: list[int], team_dept: tuple[int, ...],
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


def move_days(moves: list[tuple[int, int, int, int]]) -> dict[int, tuple[tuple[int, int], ...]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for day, person, _, new in moves:
        out.setdefault(day, []).append((person, new))
    return {day: tuple(items) for day, items in out.items()}


def friends(rng: Random, team_of: list[int], team_dept: tuple[int, ...],
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


def interests(rng: Random, office_of: tuple[int, ...], people: int) -> tuple[tuple[str, ...], ...]:
    local_suffix = people > 1500  # big firms split local clubs by office
    topics = LOCAL_TOPICS + GLOBAL_TOPICS
    weights = [1 / (k + 1) for k in range(len(topics))]  # a few popular clubs, many small ones
    out = []
    for person in range(people):
        chosen = set(rng.choices(topics, weights=weights, k=rng.choice((0, 1, 1, 2, 2, 3))))
        out.append(tuple(sorted(
            f"#{t}-{slug(OFFICES[office_of[person]][0])}" if local_suffix and t in LOCAL_TOPICS
            else f"#{t}" for t in chosen)))
    return tuple(out)


def names(rng: Random, people: int) -> Iterator[str]:
    used: set[str] = set()
    for _ in range(people):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        while name in used:  # a middle initial, as people do when two share a name
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
        used.add(name)
        yield name


def cumulative(weights: list[float]) -> tuple[float, ...]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return tuple(out)


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")
