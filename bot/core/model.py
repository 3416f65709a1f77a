"""The domain's plain data: who interacted with whom, how strongly they are tied, what we propose.

Everything here is a frozen value. Nothing carries message text: an interaction is who, with whom,
where, when and what kind, and nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

HOURS = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$")


def known_zone(name: str) -> bool:
    """Whether `name` is an IANA time zone here. ZoneInfo reads a file by that name: an unknown
    one is ZoneInfoNotFoundError, a malformed one ValueError, one longer than a file name
    OSError; every check of a zone someone gave goes through this one."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def parse_hours(text: str) -> tuple[int, int] | None:
    """"9-17" or "8:30-16:30" -> (start, end) in minutes from midnight; None unless they start
    before they end, within the day, and span at least an hour."""
    found = HOURS.match(text.strip())
    if not found:
        return None
    start = int(found.group(1)) * 60 + int(found.group(2) or 0)
    end = int(found.group(3)) * 60 + int(found.group(4) or 0)
    return (start, end) if 0 <= start < end <= 24 * 60 and end - start >= 60 else None

# Kinds of interaction the core understands. `message` is a plain post in a channel (no target);
# `contact` is a face-to-face proximity contact; `meeting` is a meetup the members confirmed;
# `join` and `leave` (no target) say who is in a channel, which counts as shared context while
# the channel is small, but ties no two people.
KINDS = ("message", "reply", "mention", "reaction", "dm", "contact", "meeting", "join", "leave")
MEMBERSHIP = ("join", "leave")

# Candidate kinds, in the order a reader should care about them.
DORMANT = "dormant"
FRIEND_OF_FRIEND = "friend_of_friend"
BRIDGE = "bridge"
ACQUAINTANCE = "acquaintance"  # a light direct tie: they know each other a little
FILL = "fill"
CANDIDATE_KINDS = (DORMANT, FRIEND_OF_FRIEND, BRIDGE, ACQUAINTANCE, FILL)


class Interaction(NamedTuple):
    """One observed interaction; `at` is timezone-aware UTC, `target` None for a channel post.

    A NamedTuple rather than a frozen dataclass: a round reads millions of them, and a tuple is
    built three times faster."""

    actor: str
    target: str | None
    kind: str
    at: datetime
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who may be paired. Hours are local to `timezone` (IANA), minutes from midnight."""

    id: str
    name: str = ""
    team: str | None = None
    office: str | None = None
    timezone: str = "UTC"
    work_start: int = 9 * 60
    work_end: int = 17 * 60
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0, as in datetime.weekday()
    enrolled: bool = True
    paused_until: datetime | None = None
    do_not_pair: frozenset[str] = frozenset()
    away_until: datetime | None = None  # out of office (a status they set on the platform)
    idle_paused: bool = False  # paused after rounds they left unanswered, until they resume
    opted_in: bool = False  # said `join` themselves: opt-in programs take only these people
    external: bool = False  # of another organisation: paired only by programs that include guests

    @property
    def label(self) -> str:
        return self.name or self.id

    def available(self, now: datetime) -> bool:
        """Enrolled, and neither paused nor out of office at `now`."""
        return (self.enrolled and not self.idle_paused
                and (self.paused_until is None or self.paused_until <= now)
                and (self.away_until is None or self.away_until <= now))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pair worth a meetup: `pair` is sorted; `reasons` are plain words, never message content."""

    pair: tuple[str, str]
    score: float
    kind: str
    reasons: tuple  # bot.core.reasons.Reason each (a plain str: words written elsewhere)
    shared_context: bool = True


@dataclass(frozen=True, slots=True)
class Group:
    """People the matcher put together, with the summed score and reasons of their candidate edges.

    `pairs[i]` is the pair that `reasons[i]` is about (a group of three has up to three pairs)."""

    members: tuple[str, ...]
    score: float
    reasons: tuple  # bot.core.reasons.Reason each (a plain str: words written elsewhere)
    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, members: tuple[str, ...], edges: list[Candidate]) -> Group:
        """The group with its candidate edges' summed score and reasons, best edge first."""
        ordered = sorted(edges, key=lambda c: (-c.score, c.pair))
        seen: dict[str, tuple[str, str]] = {}
        for edge in ordered:
            for reason in edge.reasons:
                seen.setdefault(reason, edge.pair)
        return cls(members, sum(c.score for c in edges), tuple(seen), tuple(seen.values()))


@dataclass(frozen=True, slots=True)
class Slot:
    """A proposed meeting time, UTC."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Nudge:
    """One planned meetup suggestion for one group: who, why, when, where."""

    members: tuple[str, ...]
    score: float
    reasons: tuple  # bot.core.reasons.Reason each (a plain str: words written elsewhere)
    slots: tuple[Slot, ...]
    place: str | None = None


@dataclass(frozen=True, slots=True)
class History:
    """What earlier rounds left behind: when each pair last met or was suggested, who sat out."""

    last_paired: dict[frozenset[str], datetime] = field(default_factory=dict)
    left_out: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RoundPlan:
    """The outcome of planning one round: nudges to send and the people nobody could be matched with."""

    nudges: tuple[Nudge, ...]
    unmatched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Observed:
    """What one platform event showed: interactions under their natural keys, and who in them
    is of another organisation (`guests`: Slack Connect users, Teams guests and federated
    users) or of an organisation the event does not tell (`unverified`: someone mentioned in a
    channel shared with another organisation). The store keeps guests only where the tenant
    includes them, and an unverified person only if already known as one of the tenant's own."""

    rows: tuple[tuple[str, Interaction], ...]
    guests: frozenset[str] = frozenset()
    unverified: frozenset[str] = frozenset()
