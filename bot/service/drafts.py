"""`admin draft N`: the Nth idea of `admin health` made a draft program, created paused so that
nothing is sent until a manager looks at it and says `admin resume`. One click from the idea to
a program, never one click from the idea to nudges."""

from __future__ import annotations

import re

from bot.core.health import Suggestion, suggestions
from bot.core.programs import Program, Weights
from bot.service.network_health import health

CADENCE = "every other week mon 10:00"
# A draft leans on bridges: the idea is two groups that barely know each other.
WEIGHTS = Weights(bridge=3.0)


def draft_program(idea: Suggestion) -> Program | None:
    """The program an idea asks for, or None where no program setting can aim at it yet (a team,
    or the people of one office only: programs scope by offices and channels)."""
    if idea.kind != "bridge" or len(idea.offices) != 2:
        return None
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", office.lower()).strip("-")[:20]
                    for office in idea.offices)
    # Two offices: people meet across them, so the program is hybrid (in person pairs one office).
    return Program(name=f"bridge-{slug}"[:60].rstrip("-"), group_size=2, in_person=False,
                   offices=idea.offices, cadence=CADENCE, weights=WEIGHTS)


def draft(store, tenant, person, command, now, platform, gate) -> str:
    ideas = suggestions(health(store, tenant, now))
    number = int(command.name)
    if number > len(ideas):
        return (f"`admin health` has {len(ideas) or 'no'} idea{'' if len(ideas) == 1 else 's'} "
                "right now; `admin health` lists them with their numbers.")
    return draft_idea(store, tenant, ideas[number - 1], now, platform)


def draft_idea(store, tenant: str, idea: Suggestion, now, platform: str) -> str:
    """Create the paused program an idea asks for (chat's `admin draft N`, the dashboard's
    button); what happened, in words."""
    program = draft_program(idea)
    if program is None:
        return (f"“{idea.text}”: a program cannot be aimed at that yet (programs reach "
                "offices and channels). `admin create NAME offices=...` makes one by hand.")
    if not store.create_program(tenant, program, now, platform, state="paused"):
        return (f"There is already a program `{program.name}`: `admin show {program.name}`, "
                f"then `admin resume {program.name}` to start it.")
    return (f"Drafted `{program.name}` for “{idea.text}”: pairs across "
            f"{' and '.join(program.offices)}, {CADENCE}, leaning on bridges. It is paused: "
            f"`admin show {program.name}` to check it, `admin edit {program.name} ...` to change "
            f"it, `admin resume {program.name}` to start it.")
