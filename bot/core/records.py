"""What a round came to, as counts kept after the interactions behind them are gone, and how the
kept counts of many rounds combine into a trend (issue 13; docs/outcomes.md).

Pure: groups, answers, labels, interactions and `now` in; plain JSON-ready dicts out (the store
keeps them as they are), and rates back from them. A record holds counts, never a person, and is
never shown as such: every rate a manager reads goes through lasting.rates() or combine(), which
apply the MIN_PEOPLE rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.health import Bridge, GroupShare, HealthSnapshot
from bot.core.lasting import Cell, Cells, Group, Lasting, cells, rates
from bot.core.model import Interaction
from bot.core.outcomes import MIN_PEOPLE

QUARTER = timedelta(weeks=13)
# Closer than this (percentage points) reads "about the same": two quarters of a few dozen groups
# differ by a few points by chance alone.
SAME = 2.0


@dataclass(frozen=True, slots=True)
class Answered:
    """A group of a round and what its members said: member -> every kind they answered."""

    group: Group
    said: Mapping[str, frozenset[str]]


def round_figures(answered: Sequence[Answered], unmatched: int,
                  labels: Mapping[str, Mapping[str, str]],
                  interactions: Iterable[Interaction], now: datetime) -> dict[str, Any]:
    """The record of one round as of `now`. `labels`: dimension ("community", "team", "office")
    -> person -> label; a group crosses a dimension when its members hold two labels of it."""
    members = [a.group.members for a in answered]
    seats = sum(len(m) for m in members)
    lasting = cells([a.group for a in answered], interactions, now)
    return {
        "groups": len(answered),
        "placed": seats,
        "eligible": seats + unmatched,
        "accepted": sum(1 for a in answered for kinds in a.said.values() if "accepted" in kinds),
        "declined": sum(1 for a in answered for kinds in a.said.values() if "declined" in kinds),
        "met": sum(1 for a in answered if a.group.met),
        "crossing": {dim: sum(1 for m in members if len({by.get(p) for p in m} - {None}) > 1)
                     for dim, by in labels.items()},
        "lasting": asdict(lasting),
    }


def is_final(figures: Mapping[str, Any]) -> bool:
    """No group is still within its eight weeks: the record will not change again."""
    return figures["lasting"]["pending"] == 0


def lasting_of(figures: Mapping[str, Any]) -> Lasting:
    return rates(_cells(figures["lasting"]))


def combine(records: Iterable[Mapping[str, Any]]) -> Lasting:
    """The lasting-tie rates of several rounds together: groups and lasted add up. Distinct people
    across rounds cannot be known from counts, so a combined cell counts as many people as its
    largest round's cell (a lower bound): it is shown only when one round alone could be."""
    found = [_cells(r["lasting"]) for r in records]

    def total(name: str) -> Cell:
        parts = [getattr(c, name) for c in found]
        return Cell(sum(p.groups for p in parts), sum(p.lasted for p in parts),
                    max((p.people for p in parts), default=0))

    return rates(Cells(sum(c.groups for c in found), sum(c.pending for c in found),
                       total("met"), total("not_met"), total("base")))


def quarters(records: Sequence[tuple[datetime, Mapping[str, Any]]]
             ) -> tuple[Lasting, Lasting] | None:
    """(latest quarter, the quarter before) over final records by when their round was due: the
    latest quarter is the 13 weeks ending at the most recent final round. None without any."""
    final = [(due, figures) for due, figures in records if is_final(figures)]
    if not final:
        return None
    end = max(due for due, _ in final)
    latest = [f for due, f in final if end - QUARTER < due <= end]
    before = [f for due, f in final if end - 2 * QUARTER < due <= end - QUARTER]
    return combine(latest), combine(before)


def trend_words(now_rate: float | None, then_rate: float | None,
                then: str = "the quarter before") -> str:
    """"41%, up from 33% the quarter before"; the earlier figure only where it can be shown."""
    if now_rate is None:
        return "not shown"
    if then_rate is None:
        return f"{now_rate:g}%"
    if abs(now_rate - then_rate) < SAME:
        return f"{now_rate:g}%, about the same as {then} ({then_rate:g}%)"
    way = "up" if now_rate > then_rate else "down"
    return f"{now_rate:g}%, {way} from {then_rate:g}% {then}"


def _cells(kept: Mapping[str, Any]) -> Cells:
    return Cells(kept["groups"], kept["pending"], Cell(**kept["met"]), Cell(**kept["not_met"]),
                 Cell(**kept["base"]))



def health_figures(found: HealthSnapshot) -> dict[str, Any]:
    """A snapshot as the store keeps it: JSON-ready, labels and counts only."""
    figures = asdict(found)
    figures["now"] = found.now.isoformat()
    return figures


def snapshot_of(figures: Mapping[str, Any]) -> HealthSnapshot:
    """A kept snapshot read back (the inverse of health_figures), for what is derived from it
    later: the dashboard's ideas come from the latest kept week, not from a fresh computation."""
    values = dict(figures)
    values["now"] = datetime.fromisoformat(figures["now"])
    for name in ("office_bridges", "team_bridges", "community_bridges"):
        values[name] = tuple(Bridge(**b) for b in figures[name])
    for name in ("teams", "offices"):
        values[name] = tuple(GroupShare(**g) for g in figures[name])
    return HealthSnapshot(**values)


def week_of(now: datetime) -> datetime:
    """The start (Monday 00:00, in `now`'s zone, UTC for the clock) of the week holding `now`:
    the moment a weekly snapshot is taken as of, so that two clocks take the very same one."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start - timedelta(days=start.weekday())


def shown_round(figures: Mapping[str, Any]) -> dict[str, Any]:
    """A round's record as a manager may read it: counts when the round placed at least
    MIN_PEOPLE people (each person sits in one group of a round), else every count None; the
    lasting-tie rates as lasting.rates() shows them."""
    enough = figures["placed"] >= MIN_PEOPLE
    counts = {name: figures[name] if enough else None
              for name in ("eligible", "placed", "groups", "accepted", "declined", "met")}
    crossing = {dim: n if enough else None for dim, n in figures["crossing"].items()}
    found = lasting_of(figures)
    return {**counts, "crossing": crossing,
            "lasting": {"met": found.met, "not_met": found.not_met, "base": found.base,
                        "pending": found.pending}}
