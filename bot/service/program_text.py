"""A program in a manager's words (`admin show NAME`, and after a form is saved), in the
manager's language: the program's values (tone, mode, cross) are shown translated, the names a
manager gave (offices, venues, channels) as typed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.core.programs import Program
from bot.service import scope
from bot.service.language import ENGLISH, Texts, day_and_time, number, texts
from bot.service.program_words import mode_words, state_word, tone_words

EN = texts(ENGLISH)


def weight_words(program: Program, says: Texts) -> str:
    w = program.weights
    return says.gettext(
        "dormant ties {dormant}, friends of friends {friends}, bridges {bridges}, "
        "acquaintances {acquaintances}, random fill {fill}",
        dormant=number(w.dormant, says.language), friends=number(w.friend_of_friend, says.language),
        bridges=number(w.bridge, says.language),
        acquaintances=number(w.acquaintance, says.language), fill=number(w.fill, says.language))


def described(program: Program, state: str, now: datetime,
              channel_names: Mapping[str, str], says: Texts = EN) -> str:
    venues = "; ".join(f"{office}: {', '.join(places)}" for office, places in program.venues.items())
    who = says.gettext("only people who say `join` (opt-in)") if program.enrolment == "opt-in" \
        else says.gettext("everyone in scope (opt-out)")
    guests = says.gettext("paired") if program.include_guests else says.gettext("not paired")
    lines = [says.gettext("Program `{name}` ({state})", name=program.name,
                          state=state_word(state, says)),
             says.gettext("• When: {cadence}{next}", cadence=cadence_words(program, says),
                          next=next_round(program, now, state, says)),
             says.gettext("• Groups of {size}, {mode}{overlap}; offices: {offices}; venues: "
                          "{venues}", size=program.group_size,
                          mode=mode_words(program.in_person, says),
                          overlap=_overlap(program, says),
                          offices=", ".join(program.offices) or says.gettext("any"),
                          venues=venues or says.gettext("none")),
             says.gettext("• Who: {who}; scope: {scope}; people of other organisations: "
                          "{guests}", who=who,
                          scope=scope.shown(program, channel_names) or says.gettext("everyone"),
                          guests=guests),
             says.gettext("• Pairs cross: {cross}", cross=_cross(program, says)),
             says.ngettext("• Cool-down: {n} week; tone: {tone}",
                           "• Cool-down: {n} weeks; tone: {tone}", program.cooldown_weeks,
                           tone=tone_words(program.tone, says)),
             says.gettext("• Weights: {weights}", weights=weight_words(program, says))]
    return "\n".join(lines)


def _cross(program: Program, says: Texts) -> str:
    if program.cross == "teams":
        return says.gettext("teams (never two of one team)")
    if program.cross == "communities":
        return says.gettext("the circles seen in who talks with whom")
    if program.cross == "off":
        return says.gettext("nothing in particular")
    return says.gettext("teams where most people have one, else the circles seen in who talks "
                        "with whom (auto)")


def _overlap(program: Program, says: Texts) -> str:
    if program.in_person:
        return ""
    if not program.overlap_minutes:
        return says.gettext(" (any working hours: no overlap rule)")
    return says.ngettext(" (every pair shares {n} minute of working hours)",
                         " (every pair shares {n} minutes of working hours)",
                         program.overlap_minutes)


def cadence_words(program: Program, says: Texts = EN) -> str:
    if not program.cadence:
        return says.gettext("no cadence (rounds only when run)")
    return f"`{program.cadence}` ({program.timezone})"


def next_round(program: Program, now: datetime, state: str, says: Texts = EN) -> str:
    if not program.cadence or state != "active":
        return ""
    from bot.service.due import trigger  # the clock's own reading of the cadence
    fire = trigger(program).get_next_fire_time(None, now)
    if not fire:
        return ""
    return says.gettext("; next round {when}",
                        when=day_and_time(fire, says.language, program.timezone))
