"""A program in a manager's words (`admin show NAME`, and after a form is saved)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime

from bot.core.programs import Program, Weights
from bot.service import scope

WEIGHT_WORDS = {"dormant": "dormant ties", "friend_of_friend": "friends of friends",
                "bridge": "bridges", "acquaintance": "acquaintances", "fill": "random fill"}


def described(program: Program, state: str, now: datetime,
              channel_names: Mapping[str, str]) -> str:
    weights = ", ".join(f"{WEIGHT_WORDS[f.name]} {getattr(program.weights, f.name):g}"
                        for f in fields(Weights))
    venues = "; ".join(f"{office}: {', '.join(places)}" for office, places in program.venues.items())
    who = ("only people who say `join` (opt-in)" if program.enrolment == "opt-in"
           else "everyone in scope (opt-out)")
    lines = [f"Program `{program.name}` ({state})",
             f"• When: {cadence_words(program)}{next_round(program, now, state)}",
             f"• Groups of {program.group_size}, {'in person' if program.in_person else 'hybrid'}"
             f"{_overlap(program)}; offices: {', '.join(program.offices) or 'any'}; "
             f"venues: {venues or 'none'}",
             f"• Who: {who}; scope: {scope.shown(program, channel_names) or 'everyone'}"
             f"; people of other organisations: {'paired' if program.include_guests else 'not paired'}",
             f"• Pairs cross: {_cross(program)}",
             f"• Cool-down: {program.cooldown_weeks} weeks; tone: {program.tone}",
             f"• Weights: {weights}"]
    return "\n".join(lines)


def _cross(program: Program) -> str:
    return {"teams": "teams (never two of one team)",
            "communities": "the circles seen in who talks with whom",
            "off": "nothing in particular"}.get(
                program.cross or "", "teams where most people have one, else the circles seen "
                "in who talks with whom (auto)")


def _overlap(program: Program) -> str:
    if program.in_person:
        return ""
    if not program.overlap_minutes:
        return " (any working hours: no overlap rule)"
    return f" (every pair shares {program.overlap_minutes} minutes of working hours)"


def cadence_words(program: Program) -> str:
    if not program.cadence:
        return "no cadence (rounds only when run)"
    return f"`{program.cadence}` ({program.timezone})"


def next_round(program: Program, now: datetime, state: str) -> str:
    if not program.cadence or state != "active":
        return ""
    from bot.service.due import trigger  # the clock's own reading of the cadence
    fire = trigger(program).get_next_fire_time(None, now)
    return f"; next round {fire:%a %d %b %H:%M} ({program.timezone})" if fire else ""
