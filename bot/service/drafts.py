"""`admin draft N`: the Nth idea of `admin health` made a draft program, created paused so that
nothing is sent until a manager looks at it and says `admin resume`. One click from the idea to
a program, never one click from the idea to nudges."""

from __future__ import annotations

import re

from bot.core.health import Suggestion, suggestions
from bot.core.programs import Program, Weights
from bot.service.language import ENGLISH, Texts, texts
from bot.service.network_health import health, idea_text

EN = texts(ENGLISH)
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


def draft(store, tenant, person, command, now, platform, gate, says: Texts = EN) -> str:
    ideas = suggestions(health(store, tenant, now))
    number = int(command.name)
    if number > len(ideas):
        if not ideas:
            return says.gettext("`admin health` has no idea right now; `admin health` lists "
                                "them with their numbers.")
        return says.ngettext("`admin health` has {n} idea right now; `admin health` lists them "
                             "with their numbers.",
                             "`admin health` has {n} ideas right now; `admin health` lists them "
                             "with their numbers.", len(ideas))
    return draft_idea(store, tenant, ideas[number - 1], now, platform, says)


def draft_idea(store, tenant: str, idea: Suggestion, now, platform: str,
               says: Texts = EN) -> str:
    """Create the paused program an idea asks for (chat's `admin draft N`, the dashboard's
    button); what happened, in words."""
    program = draft_program(idea)
    if program is None:
        return says.gettext("“{idea}”: a program cannot be aimed at that yet (programs reach "
                            "offices and channels). `admin create NAME offices=...` makes one by "
                            "hand.", idea=idea_text(idea, says))
    if not store.create_program(tenant, program, now, platform, state="paused"):
        return says.gettext("There is already a program `{name}`: `admin show {name}`, then "
                            "`admin resume {name}` to start it.", name=program.name)
    return says.gettext(
        "Drafted `{name}` for “{idea}”: pairs across {first} and {second}, {cadence}, leaning "
        "on bridges. It is paused: `admin show {name}` to check it, `admin edit {name} ...` to "
        "change it, `admin resume {name}` to start it.", name=program.name,
        idea=idea_text(idea, says),
        first=program.offices[0], second=program.offices[1], cadence=CADENCE)
