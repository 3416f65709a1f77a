"""Shared working hours: how long two people's working days overlap in a program's scheduling
window, so that a hybrid or remote program never pairs people with no hour in common (Lisbon and
Sydney), and pairs who share more of their day score a little higher.

Each person's hours are local wall-clock times, converted to UTC day by day with zoneinfo as
plan.py does, so a daylight-saving change moves them on exactly the right date. People land on
few (timezone, hours, workdays) profiles, so each pair of profiles is computed once per round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from bot.core.model import Person
from bot.core.plan import _intersect as intersect  # the slot planner's own readings of hours,
from bot.core.plan import _Profile as Profile  # so that shared hours and slots never disagree
from bot.core.plan import _profile as profile_of
from bot.core.plan import _Window as Window
from bot.core.plan import _windows as working_windows
from bot.core.plan import horizon_days
from bot.core.programs import Program

FEW = 256  # up to this many profiles, each one's fit with all the others is read once
SHORTFALL = 0.2  # a pair sharing none of the shorter working day scores this much less than one
#                  sharing all of it (the bonus for more overlap, as a factor of at most 1)


def shared_minutes(a: Profile, b: Profile, now: datetime, days_ahead: int) -> int:
    """The longest stretch, in minutes, that both profiles' working hours share on one of their
    first `days_ahead` shared working days from `now` (the window plan.py draws slots from)."""
    return _longest(intersect(_own(a, now, days_ahead), _own(b, now, days_ahead)), now,
                    days_ahead)


def _own(profile: Profile, now: datetime, days_ahead: int) -> list[Window]:
    return working_windows(profile, now, horizon_days(days_ahead), 0)


def _longest(shared: list[Window], now: datetime, days_ahead: int) -> int:
    lengths = [(hi - max(lo, now)).total_seconds() for lo, hi in shared if hi > now]
    return int(max(lengths[:days_ahead], default=0) // 60)


class Hours:
    """The overlap rule of one round: who shares at least the program's `overlap_minutes` of
    working hours. Inactive (everyone may meet) for in-person programs and when set to 0."""

    __slots__ = ("need", "people", "now", "days", "index", "numbers", "profiles", "windows",
                 "pairs", "everyone")

    def __init__(self, people: Mapping[str, Person], program: Program, now: datetime) -> None:
        self.need = 0 if program.in_person else program.overlap_minutes
        self.people = people
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.days = program.days_ahead
        self.index: dict[str, int] = {}  # person -> their profile's number
        self.numbers: dict[Profile, int] = {}
        self.profiles: list[Profile] = []
        self.windows: list[list[Window]] = []
        self.pairs: dict[tuple[int, int], int] = {}  # (profile, profile) -> shared minutes
        self.everyone: dict[int, bool] = {}  # profile -> fits every profile known when asked

    @property
    def active(self) -> bool:
        return self.need > 0

    def profile(self, person: str) -> int:
        """The number of person's profile (people not known have the default hours)."""
        found = self.index.get(person)
        if found is None:
            key = profile_of(self.people.get(person) or Person(id=person))
            found = self.numbers.get(key)
            if found is None:
                found = self.numbers[key] = len(self.profiles)
                self.profiles.append(key)
                self.windows.append(_own(key, self.now, self.days))
            self.index[person] = found
        return found

    def fits_all(self, i: int) -> bool:
        """Whether profile i shares enough with every profile known so far, so that the people
        of profile i need no check against anyone known (False when there are many profiles)."""
        found = self.everyone.get(i)
        if found is None:
            found = self.everyone[i] = self.need <= 0 or len(self.profiles) <= FEW and all(
                self.between(i, j) >= self.need for j in range(len(self.profiles)))
        return found

    def between(self, i: int, j: int) -> int:
        """Shared minutes of profiles i and j, computed once."""
        key = (i, j) if i <= j else (j, i)
        found = self.pairs.get(key)
        if found is None:
            shared = intersect(self.windows[key[0]], self.windows[key[1]])
            found = self.pairs[key] = _longest(shared, self.now, self.days)
        return found

    def minutes(self, a: str, b: str) -> int:
        return self.between(self.profile(a), self.profile(b))

    def enough(self, a: str, b: str) -> bool:
        """Whether a and b may meet under the rule (always, when it is inactive)."""
        return self.need <= 0 or self.between(self.profile(a), self.profile(b)) >= self.need

    def factor(self, a: str, b: str) -> float:
        """1 for a pair sharing all of the shorter working day, down to 1 - SHORTFALL for none;
        1 when the rule is inactive."""
        if self.need <= 0:
            return 1.0
        i, j = self.profile(a), self.profile(b)
        day = min(self.profiles[i][2] - self.profiles[i][1], self.profiles[j][2] - self.profiles[j][1])
        share = min(1.0, self.between(i, j) / day) if day > 0 else 0.0
        return 1 - SHORTFALL * (1 - share)


def without_overlap(people: Mapping[str, Person], eligible: Iterable[str], program: Program,
                    now: datetime) -> int:
    """How many of `eligible` share the program's overlap with nobody else eligible (0 when the
    rule is inactive): read per profile, so it stays cheap at any size."""
    hours = Hours(people, program, now)
    if not hours.active:
        return 0
    counts = Counter(hours.profile(p) for p in eligible)
    return sum(n for i, n in counts.items()
               if not any(hours.between(i, j) >= hours.need
                          for j, m in counts.items() if j != i or n > 1))
