"""Groups + working hours + venues + now -> nudges: who meets, when, where and why.

Each member's working hours are local wall-clock times; they are converted to UTC day by day with
zoneinfo, so a daylight-saving change moves the UTC hours on exactly the right date.
"""

from __future__ import annotations

import bisect
import functools
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.model import Group, Nudge, Person, Slot
from bot.core.programs import Program
from bot.core.reasons import Reason, pair_reason

_LEAD = timedelta(hours=2)  # never propose a time sooner than this after planning
_STEP = timedelta(minutes=15)  # candidate starts lie on a quarter-hour grid (UTC)
_COFFEE = (10 * 60 + 30, 15 * 60)  # mid-morning and mid-afternoon, local minutes
_LUNCH = (12 * 60, 13 * 60)
_EDGE = 30  # minutes after arriving or before leaving that feel rushed
_NEAR = 15  # options this close to a day's best count as equally pleasant (rotated)
_STRETCH = range(0, 8 * 60 + 1, 30)  # fallback: minutes by which hours may be widened

_Profile = tuple[str, int, int, tuple[int, ...]]  # timezone, work_start, work_end, workdays
_Window = tuple[datetime, datetime]
_Option = tuple[float, datetime]  # (discomfort, start)


def plan_nudges(groups: Sequence[Group], people: Mapping[str, Person], program: Program,
                now: datetime) -> list[Nudge]:
    """One nudge per group: members, score, reasons, proposed slots and, if known, a place."""
    cache: dict[tuple[_Profile, ...], list[list[_Option]]] = {}
    nudges = []
    for group in groups:
        members = [people.get(m) or Person(id=m) for m in group.members]
        turn = _turn(group.members)
        key = tuple(sorted(_profile(p) for p in members))
        if key not in cache:  # most groups share a few office/hours profiles
            cache[key] = _options(key, now, program.days_ahead, program.slot_minutes)
        slots = _pick(cache[key], program.slot_minutes, program.slots_per_nudge, turn)
        place = _place(members, program.venues, turn)
        nudges.append(Nudge(group.members, group.score, _reasons(group, people), tuple(slots),
                            place))
    return nudges


def _reasons(group: Group, people: Mapping[str, Person]) -> tuple[Reason | str, ...]:
    """In a group of three or more, each reason says which two it is about."""
    if len(group.members) <= 2 or len(group.pairs) != len(group.reasons):
        return group.reasons
    return tuple(pair_reason(_first(people, a), _first(people, b), reason)
                 for reason, (a, b) in zip(group.reasons, group.pairs, strict=True))


def _first(people: Mapping[str, Person], pid: str) -> str:
    person = people.get(pid)
    return person.label.split(" ")[0] if person else pid


def find_slots(members: Sequence[Person], now: datetime, days_ahead: int, minutes: int,
               count: int, turn: int = 0, busy: Sequence[_Window] = ()) -> list[Slot]:
    """Up to `count` UTC slots of `minutes` inside every member's hours, on different days.

    Slots fall on the next `days_ahead` days on which all members work, starting two hours after
    `now` at the earliest, at mid-morning or mid-afternoon coffee times where possible. When no
    slot fits everyone's hours (Sydney and London), every member's hours are widened by the least
    amount, in 30-minute steps up to 8 hours, that lets one fit: the proposal then lies as little
    outside anyone's day as possible, and nothing marks it. Workdays are never widened, so members
    with no working day in common get no slots. `turn` rotates among equally good times.

    `busy`: UTC intervals in which some member's calendar is busy (free/busy of those who
    connected one). Slots then avoid them and stay inside everyone's hours (never widened: a
    calendar that is free at 22:00 is no invitation), so there may be fewer than `count`.
    """
    profiles = tuple(sorted(_profile(p) for p in members))
    if not busy:
        return _pick(_options(profiles, now, days_ahead, minutes), minutes, count, turn)
    # The times within hours are the same for every group of these profiles (cached); a busy
    # block only takes some away, so they are filtered rather than scored again.
    length, blocks = timedelta(minutes=minutes), _merged(busy)
    days = [[(score, start) for score, start in day if _clear(start, start + length, blocks)]
            for day in _within_hours(profiles, now, days_ahead, minutes)]
    return _pick([day for day in days if day], minutes, count, turn)


def _profile(person: Person) -> _Profile:
    return (person.timezone, person.work_start, person.work_end, tuple(person.workdays))


def _zone(name: str) -> tzinfo:
    """The IANA zone, or UTC when the name is unknown or malformed."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


@functools.lru_cache(maxsize=4096)
def _within_hours(profiles: tuple[_Profile, ...], now: datetime, days_ahead: int,
                  minutes: int) -> list[list[_Option]]:
    """The candidate starts inside everyone's hours, never widened (a round's groups share a
    few profiles: computed once per round and profile set)."""
    return _options(profiles, now, days_ahead, minutes, stretches=_STRETCH[:1])


def _merged(busy: Sequence[_Window]) -> list[_Window]:
    """Busy blocks as sorted, disjoint intervals (several members' overlap)."""
    out: list[_Window] = []
    for lo, hi in sorted(busy):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        elif lo < hi:
            out.append((lo, hi))
    return out


def _clear(start: datetime, end: datetime, blocks: list[_Window]) -> bool:
    """Whether [start, end) overlaps none of the disjoint sorted blocks: only the last block
    starting before `end` can reach into it."""
    at = bisect.bisect_left(blocks, (end,))
    return at == 0 or blocks[at - 1][1] <= start


def _options(profiles: tuple[_Profile, ...], now: datetime, days_ahead: int,
             minutes: int, stretches: Sequence[int] = _STRETCH) -> list[list[_Option]]:
    """Candidate starts, grouped by day (first member's local date), for the first working days."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)  # a naive `now` is taken as UTC
    for stretch in stretches:
        starts = _starts(_shared_windows(profiles, now, days_ahead, stretch), now + _LEAD,
                         minutes)
        if starts:
            return _by_day(profiles, starts, minutes)[:days_ahead]
    return []


def _by_day(profiles: tuple[_Profile, ...], starts: list[datetime],
            minutes: int) -> list[list[_Option]]:
    """Starts scored by discomfort, grouped by the first member's local date, best first."""
    anchor = _zone(profiles[0][0])
    days: dict[date, list[_Option]] = {}
    for start in starts:
        score = sum(_discomfort(p, start, minutes) for p in profiles)
        days.setdefault(start.astimezone(anchor).date(), []).append((score, start))
    return [sorted(days[d]) for d in sorted(days)]


def _shared_windows(profiles: tuple[_Profile, ...], now: datetime, days_ahead: int,
                    stretch: int) -> list[_Window]:
    """UTC intervals in which every member is within their (widened) working hours."""
    span = horizon_days(days_ahead)
    shared: list[_Window] | None = None
    for profile in profiles:
        own = _windows(profile, now, span, stretch)
        shared = own if shared is None else _intersect(shared, own)
    return shared or []


def horizon_days(days_ahead: int) -> int:
    """Calendar days enough to hold `days_ahead` working days past weekends: how far slots
    reach (and so how far a calendar is read for them)."""
    return 2 * days_ahead + 7


def _windows(profile: _Profile, now: datetime, span: int, stretch: int) -> list[_Window]:
    """One member's working hours in UTC for each local working day from today on."""
    name, start, end, workdays = profile
    zone = _zone(name)
    today = now.astimezone(zone).date()
    out = []
    for offset in range(span):
        day = today + timedelta(days=offset)
        if day.weekday() in workdays and end > start:
            # Wall-clock arithmetic on the local date, then to UTC: DST-correct for that day.
            midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
            out.append(((midnight + timedelta(minutes=start - stretch)).astimezone(UTC),
                        (midnight + timedelta(minutes=end + stretch)).astimezone(UTC)))
    return out


def _intersect(a: list[_Window], b: list[_Window]) -> list[_Window]:
    """Intersection of two sorted lists of intervals."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _starts(windows: list[_Window], earliest: datetime, minutes: int) -> list[datetime]:
    """Quarter-hour starts of whole slots inside the windows, none before `earliest`."""
    length, out = timedelta(minutes=minutes), []
    for lo, hi in windows:
        t = _ceil(max(lo, earliest))
        while t + length <= hi:
            out.append(t)
            t += _STEP
    return out


def _ceil(t: datetime) -> datetime:
    """Round up to the quarter-hour grid."""
    t = t.astimezone(UTC).replace(second=0, microsecond=0) + (
        timedelta(minutes=1) if t.second or t.microsecond else timedelta(0))
    return t + timedelta(minutes=-t.minute % 15)


def _discomfort(profile: _Profile, start: datetime, minutes: int) -> float:
    """How far from a pleasant coffee time this start is for one member (lower is better)."""
    name, work_start, work_end, _ = profile
    local = start.astimezone(_zone(name))
    m = local.hour * 60 + local.minute
    score = float(min(abs(m - c) for c in _COFFEE))
    if m < _LUNCH[1] and m + minutes > _LUNCH[0]:
        score += 60  # people leave for lunch
    if m < work_start + _EDGE or m + minutes > work_end - _EDGE:
        score += 60  # just arrived, or about to leave
    outside = max(0, work_start - m) + max(0, m + minutes - work_end)
    return score + 10 * outside  # only non-zero when hours were widened


def _pick(days: list[list[_Option]], minutes: int, count: int, turn: int) -> list[Slot]:
    """Best times on days spread over the horizon; the same day again only if days run out."""
    if count <= 0 or not days:
        return []
    chosen = [_near_best(days[i], turn) for i in _spread(len(days), count)]
    rest = sorted((o for day in days for o in day), key=lambda o: (o[0], o[1]))
    length = timedelta(minutes=minutes)
    for _, start in rest:
        if len(chosen) >= count:
            break
        if all(abs(start - c) >= length for c in chosen):
            chosen.append(start)
    return [Slot(s, s + length) for s in sorted(chosen)]


def _spread(n: int, count: int) -> list[int]:
    """Indices of `count` of n days spread evenly, first and last included."""
    if count >= n:
        return list(range(n))
    if count == 1:
        return [0]
    return sorted({round(i * (n - 1) / (count - 1)) for i in range(count)})


def _near_best(options: list[_Option], turn: int) -> datetime:
    """One of the day's best times, rotated by group so that not everyone meets at 10:30."""
    near = [start for score, start in options if score <= options[0][0] + _NEAR]
    return near[turn % len(near)]


def _place(members: Sequence[Person], venues: Mapping[str, tuple[str, ...]],
           turn: int) -> str | None:
    """A venue of the members' common office, if they share one and it has venues."""
    offices = {p.office for p in members}
    office = offices.pop() if len(offices) == 1 else None
    places = venues.get(office, ()) if office else ()
    return places[turn % len(places)] if places else None


def _turn(member_ids: Sequence[str]) -> int:
    """A stable number per group (Python's hash() changes between runs)."""
    return zlib.crc32("\x1f".join(sorted(member_ids)).encode())
