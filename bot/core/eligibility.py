"""Who takes part in a program's round: available people inside the program's scope."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.core.model import Person
from bot.core.programs import Program


def in_scope(person: Person, program: Program, channels: frozenset[str]) -> bool:
    """Whether the program reaches `person` at all (their channels, office, enrolment); being
    available at a given time is Person.available's business."""
    if person.external and not program.include_guests:
        return False
    if program.enrolment == "opt-in" and not person.opted_in:
        return False
    if program.offices and person.office not in program.offices:
        return False
    return not program.scope or bool(channels & _channel_names(program.scope))


def eligible(people: Mapping[str, Person], program: Program,
             channels_of: Mapping[str, frozenset[str]], now: datetime) -> frozenset[str]:
    """Everyone the program may pair at `now`."""
    none: frozenset[str] = frozenset()
    return frozenset(pid for pid, person in people.items()
                     if person.available(now) and in_scope(person, program, channels_of.get(pid, none)))


def _channel_names(scope: tuple[str, ...]) -> frozenset[str]:
    """`#coffee` and `coffee` name the same channel."""
    return frozenset(name.lstrip("#") for name in scope) | frozenset(scope)
