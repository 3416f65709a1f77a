"""The program checker's problems (bot/core/programs.py: ProgramError, a key and its named
facts) written in the reader's language, as reason_texts.py writes the core's reasons; a
scope's unknown channel (bot/service/scope.py) and the cadence's problems
(bot/service/cadence_problems.py) too. Setting names, channel names and the values a person
typed are facts, shown as they are; a problem without a known key is shown in the English it
was raised with."""

from __future__ import annotations

from bot.service.cadence_problems import cadence_problem
from bot.service.language import Texts


def problem_text(problem: Exception, says: Texts) -> str:
    """The problem in `says`' language; its English message when no sentence is known for it."""
    key, facts = getattr(problem, "key", ""), getattr(problem, "facts", {})
    if key == "expected":
        sentence = _EXPECTED.get(str(facts.get("field")))
        return sentence(says) if sentence else str(problem)
    sentence = _SENTENCES.get(key)
    if sentence:
        return sentence(says, **facts)
    return cadence_problem(says, key, facts) or str(problem)


def _names(s: Texts, field: str) -> str:
    return s.gettext("{field}: expected a list of names", field=field)


_EXPECTED = {
    "name": lambda s: s.gettext("name: expected a non-empty name"),
    "group_size": lambda s: s.gettext("group_size: expected 2, 3 or 4"),
    "in_person": lambda s: s.gettext("in_person: expected true or false"),
    "include_guests": lambda s: s.gettext("include_guests: expected true or false"),
    "cooldown_weeks": lambda s: s.gettext(
        "cooldown_weeks: expected a whole number of weeks from 0 to 104"),
    "half_life_days": lambda s: s.gettext("half_life_days: expected a positive number of days"),
    "slot_minutes": lambda s: s.gettext("slot_minutes: expected 15 to 240 minutes"),
    "slots_per_nudge": lambda s: s.gettext("slots_per_nudge: expected 1 to 5"),
    "days_ahead": lambda s: s.gettext("days_ahead: expected 1 to 20 working days"),
    "overlap_minutes": lambda s: s.gettext(
        "overlap_minutes: expected 0 to 480 minutes of shared working hours (0: no such rule)"),
    "cross": lambda s: s.gettext(
        "cross: expected teams, communities or off (or auto: teams when most people have one)"),
    "seed": lambda s: s.gettext("seed: expected a whole number"),
    "timezone": lambda s: s.gettext("timezone: expected an IANA time zone such as Europe/Lisbon"),
    "enrolment": lambda s: s.gettext("enrolment: expected opt-out or opt-in"),
    "tone": lambda s: s.gettext("tone: expected warm, brief, playful"),
    "scope": lambda s: _names(s, "scope"),
    "offices": lambda s: _names(s, "offices"),
}

_SENTENCES = {
    "unknown_setting": lambda s, setting, known, **_: s.gettext(
        "unknown program setting '{setting}' (known: {known})", setting=setting, known=known),
    "weights_mapping": lambda s, **_: s.gettext(
        "weights: expected a mapping such as {dormant: 1, bridge: 2}"),
    "unknown_weight": lambda s, weight, known, **_: s.gettext(
        "weights.{weight}: unknown weight (known: {known})", weight=weight, known=known),
    "weight_number": lambda s, weight, value, **_: s.gettext(
        "weights.{weight}: expected a number >= 0, got {value}", weight=weight, value=value),
    "venues_mapping": lambda s, **_: s.gettext(
        "venues: expected a mapping of office -> list of places"),
    "venue_places": lambda s, office, **_: s.gettext(
        "venues.{office}: expected a list of place names", office=office),
    "scope_ambiguous": lambda s, channel, count, ids, **_: s.gettext(
        "scope: #{channel} names {count} channels ({ids}); use the id of the one you mean",
        channel=channel, count=count, ids=ids),
    "scope_unknown": lambda s, channel, known, **_: s.gettext(
        "scope: no channel #{channel} is known here (known: {known})",
        channel=channel, known=known),
    "scope_none_known": lambda s, channel, **_: s.gettext(
        "scope: no channel #{channel} is known here (none known yet: channels are learned from "
        "a Slack export, `weaktie backfill slack` or the app being added to them)",
        channel=channel),
}
