"""Another time: the next slots that suit everyone once a nudge's own slots did not.

Drawn from the same readings of working hours as the round's slots (bot/core/plan.py), never
widened: a person asking for another time asks for one that is really inside everyone's day.
They come after the nudge's existing slots and within the program's horizon, free in every
connected calendar (`busy`), on the next days that have one, best coffee time of each day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.core.model import Person, Slot
from bot.core.plan import _LEAD as LEAD  # the planner's own rules, so that both always agree:
from bot.core.plan import _by_day as by_day  # no sooner than two hours from now, quarter-hour
from bot.core.plan import _clear as clear  # starts, the same discomfort scores and choice
from bot.core.plan import _merged as merged
from bot.core.plan import _pick as pick
from bot.core.plan import _profile as profile_of
from bot.core.plan import _shared_windows as shared_windows
from bot.core.plan import _starts as starts_in
from bot.core.plan import horizon_days


def later_slots(members: Sequence[Person], now: datetime, after: datetime, days_ahead: int,
                minutes: int, count: int, turn: int = 0,
                busy: Sequence[tuple[datetime, datetime]] = ()) -> list[Slot]:
    """Up to `count` UTC slots of `minutes`, each inside every member's working hours on one
    of their work days (in their own time zones), starting no sooner than `after` (the end of
    the nudge's last slot) nor two hours from `now`, within horizon_days(days_ahead) of `now`,
    overlapping none of the `busy` intervals. One per day on the first days that have one
    (the same day again only when days run out); fewer, or none, when nothing fits."""
    if count <= 0 or not members:
        return []
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    profiles = tuple(sorted(profile_of(p) for p in members))
    windows = shared_windows(profiles, now, days_ahead, 0)  # 0: hours never widened
    end = now + timedelta(days=horizon_days(days_ahead))
    length, blocks = timedelta(minutes=minutes), merged(busy)
    found = [s for s in starts_in(windows, max(after, now + LEAD), minutes)
             if s + length <= end and clear(s, s + length, blocks)]
    days = by_day(profiles, found, minutes)
    return pick(days[:count], minutes, count, turn)
