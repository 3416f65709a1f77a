"""What a nudge program is (who, how often, how many, which rules) and how its settings are checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any


class ProgramError(ValueError):
    """A program setting is wrong; the message names the field and what is expected, in
    English. `key` and `facts` say the same as data, for the service to write in the reader's
    language (bot/service/problem_texts.py); an error without a key is shown as it is."""

    def __init__(self, message: str, key: str = "", **facts: object) -> None:
        super().__init__(message)
        self.key, self.facts = key, facts


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each kind of candidate counts when the matcher maximises total score."""

    dormant: float = 1.0
    friend_of_friend: float = 1.0
    bridge: float = 1.0
    acquaintance: float = 1.0
    fill: float = 0.2


@dataclass(frozen=True, slots=True)
class Program:
    """A nudge program. The default one pairs everyone in the tenant, remote-friendly."""

    name: str = "default"
    group_size: int = 2
    in_person: bool = False
    cooldown_weeks: int = 12
    half_life_days: float = 60.0
    weights: Weights = field(default_factory=Weights)
    # office -> venues where its people can meet ("Kitchen, 3rd floor", "Café Lumen")
    venues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    slot_minutes: int = 30
    slots_per_nudge: int = 3
    days_ahead: int = 5
    # Hybrid and remote programs: minutes of working hours every pair of a group must share in
    # the days_ahead window, each in their own time zone (bot/core/overlap.py); 0: no such rule.
    overlap_minutes: int = 60
    # What a good pair crosses (bot/core/crossing.py): "teams" (never two of one known team, and
    # reasons name both), "communities" (inferred from who talks with whom), "off" (no bonus);
    # None: teams when most eligible people have one, else communities.
    cross: str | None = None
    seed: int = 0
    # When rounds run by themselves, in `timezone`: words ("every other week mon 10:00") or a
    # crontab line (bot/core/cadence.py); None: only when someone runs a round. scheduler/ turns
    # it into APScheduler's CronTrigger.
    cadence: str | None = None
    timezone: str = "UTC"
    # Who takes part: people seen in these channels (ids or names; empty: everyone), working from
    # these offices (empty: any), and, for an opt-in program, only those who said `join`.
    scope: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    enrolment: str = "opt-out"
    tone: str = "warm"  # how the nudge reads: see TONES
    # People of other organisations (Slack Connect, Teams guests and federated users, stored
    # only where the tenant includes them) take part only in programs that say so.
    include_guests: bool = False


ENROLMENTS = ("opt-out", "opt-in")
CROSSINGS = ("teams", "communities", "off")
TONES = ("warm", "brief", "playful")


def program_from_dict(data: Mapping[str, Any]) -> Program:
    """Build a Program from plain settings (YAML, JSON, a database row), checking every field."""
    known = {f.name for f in fields(Program)}
    unknown = sorted(set(data) - known)
    if unknown:
        known_names = ", ".join(sorted(known))
        raise ProgramError(f"unknown program setting '{unknown[0]}' (known: {known_names})",
                           "unknown_setting", setting=unknown[0], known=known_names)
    values = dict(data)
    if "weights" in values:
        values["weights"] = _weights(values["weights"])
    if "venues" in values:
        values["venues"] = _venues(values["venues"])
    for name in ("scope", "offices"):
        if name in values:
            values[name] = _names(name, values[name])
    program = replace(Program(), **values)
    validate(program)
    return program


def program_to_dict(program: Program) -> dict[str, Any]:
    """The inverse of program_from_dict, for storing a program as JSON."""
    out = {f.name: getattr(program, f.name) for f in fields(Program)}
    out["weights"] = {f.name: getattr(program.weights, f.name) for f in fields(Weights)}
    out["venues"] = {office: list(places) for office, places in program.venues.items()}
    out["scope"], out["offices"] = list(program.scope), list(program.offices)
    return out


def validate(program: Program) -> None:
    """Raise ProgramError for the first setting out of range."""
    _check(isinstance(program.name, str) and program.name.strip() != "", "name", "a non-empty name")
    _check(_is_int(program.group_size) and 2 <= program.group_size <= 4, "group_size", "2, 3 or 4")
    _check(isinstance(program.in_person, bool), "in_person", "true or false")
    _check(isinstance(program.include_guests, bool), "include_guests", "true or false")
    _check(_is_int(program.cooldown_weeks) and 0 <= program.cooldown_weeks <= 104,
           "cooldown_weeks", "a whole number of weeks from 0 to 104")
    _check(_is_num(program.half_life_days) and program.half_life_days > 0,
           "half_life_days", "a positive number of days")
    _check(_is_int(program.slot_minutes) and 15 <= program.slot_minutes <= 240,
           "slot_minutes", "15 to 240 minutes")
    _check(_is_int(program.slots_per_nudge) and 1 <= program.slots_per_nudge <= 5,
           "slots_per_nudge", "1 to 5")
    _check(_is_int(program.days_ahead) and 1 <= program.days_ahead <= 20,
           "days_ahead", "1 to 20 working days")
    _check(_is_int(program.overlap_minutes) and 0 <= program.overlap_minutes <= 480,
           "overlap_minutes", "0 to 480 minutes of shared working hours (0: no such rule)")
    _check(program.cross is None or program.cross in CROSSINGS, "cross",
           "teams, communities or off (or auto: teams when most people have one)")
    _check(_is_int(program.seed), "seed", "a whole number")
    if program.cadence is not None:
        from bot.core.cadence import cron_fields  # here: cadence.py imports ProgramError from us
        cron_fields(program.cadence)  # raises ProgramError("cadence: ...") naming what is expected
    _check(isinstance(program.timezone, str) and program.timezone != "", "timezone",
           "an IANA time zone such as Europe/Lisbon")
    _check(program.enrolment in ENROLMENTS, "enrolment", "opt-out or opt-in")
    _check(program.tone in TONES, "tone", ", ".join(TONES))
    for name in ("scope", "offices"):
        value = getattr(program, name)
        _check(isinstance(value, tuple) and all(isinstance(v, str) and v for v in value), name,
               "a list of names")


def _weights(raw: Any) -> Weights:
    if isinstance(raw, Weights):
        return raw
    if not isinstance(raw, Mapping):
        raise ProgramError("weights: expected a mapping such as {dormant: 1, bridge: 2}",
                           "weights_mapping")
    known = {f.name for f in fields(Weights)}
    for key, value in raw.items():
        if key not in known:
            known_names = ", ".join(sorted(known))
            raise ProgramError(f"weights.{key}: unknown weight (known: {known_names})",
                               "unknown_weight", weight=key, known=known_names)
        if not _is_num(value) or value < 0:
            raise ProgramError(f"weights.{key}: expected a number >= 0, got {value!r}",
                               "weight_number", weight=key, value=repr(value))
    return Weights(**{k: float(v) for k, v in raw.items()})


def _venues(raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, Mapping):
        raise ProgramError("venues: expected a mapping of office -> list of places",
                           "venues_mapping")
    out: dict[str, tuple[str, ...]] = {}
    for office, places in raw.items():
        if isinstance(places, str) or not all(isinstance(p, str) and p for p in places):
            raise ProgramError(f"venues.{office}: expected a list of place names",
                               "venue_places", office=str(office))
        out[str(office)] = tuple(places)
    return out


def _names(name: str, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [part for part in raw.replace(",", " ").split()]
    if not isinstance(raw, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in raw):
        raise ProgramError(f"{name}: expected a list of names", "expected", field=name)
    return tuple(v.strip() for v in raw)


def _check(ok: bool, name: str, expected: str) -> None:
    if not ok:
        raise ProgramError(f"{name}: expected {expected}", "expected", field=name)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
