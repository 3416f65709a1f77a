"""What community managers can say to weaktie (`admin ...`, the same words on every platform):
a pure parser from text to an AdminCommand, or a Reply saying what was wrong."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from bot.core.model import known_zone
from bot.core.programs import CROSSINGS, Program
from bot.service.admin_help import ADMIN_HELP
from bot.service.commands import Reply

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# A person named by id, with or without "@" (the Slack adapter unescapes <@U08|eve> to U08).
MENTION = re.compile(r"^@?([A-Za-z0-9:._@-]+)$")
NEEDS_NAME = ("show", "create", "edit", "pause", "resume", "delete")
OPTIONAL_NAME = ("preview", "run", "stats", "outcomes", "form")
DELIVERY_ACTIONS = ("delivered", "resend")  # one unknown send's id (`admin deliveries`)
ACTIONS = ("programs", "managers", "grant", "revoke", *NEEDS_NAME, *OPTIONAL_NAME,
           "deliveries", *DELIVERY_ACTIONS, "guests", "health", "draft",
           "dashboard", "calendar")  # calendar: bot/service/calendar_organisation.py
GUEST_CHOICES = ("include", "exclude")  # `admin guests` alone shows the tenant's choice

# Words a manager may use for a setting -> the program field it sets.
FIELDS = {"cadence": "cadence", "tz": "timezone", "timezone": "timezone", "size": "group_size",
          "group_size": "group_size", "cooldown": "cooldown_weeks", "cooldown_weeks": "cooldown_weeks",
          "enrolment": "enrolment", "enrollment": "enrolment", "scope": "scope", "offices": "offices",
          "venues": "venues", "tone": "tone", "slots": "slots_per_nudge",
          "slots_per_nudge": "slots_per_nudge", "slot_minutes": "slot_minutes",
          "days_ahead": "days_ahead", "half_life_days": "half_life_days", "in_person": "in_person",
          "in-person": "in_person", "mode": "in_person", "guests": "include_guests",
          "include_guests": "include_guests", "overlap": "overlap_minutes",
          "overlap_minutes": "overlap_minutes", "cross": "cross"}
WEIGHTS = {"dormant": "dormant", "friends": "friend_of_friend", "friend_of_friend": "friend_of_friend",
           "bridges": "bridge", "bridge": "bridge", "acquaintances": "acquaintance",
           "acquaintance": "acquaintance", "fill": "fill", "random": "fill"}
INTEGERS = ("group_size", "cooldown_weeks", "slots_per_nudge", "slot_minutes", "days_ahead",
            "overlap_minutes")
SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True, slots=True)
class AdminCommand:
    """`action` on program `name` (or on a person, for grant/revoke), with checked `settings`
    (program field -> value, weights as {"weights": {...}}) and options such as rounds=N."""

    action: str
    name: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    confirmed: bool = False


# They build a tenant's ties: seconds when big.
SLOW = ("preview", "run", "stats", "outcomes", "health", "draft")


def takes_a_while(text: str) -> bool:
    """Whether answering these words may outlast a platform's wait for an answer."""
    words = text.strip().lower().split() if isinstance(text, str) else []
    return len(words) > 1 and words[0] == "admin" and words[1] in SLOW


def is_admin(text: str) -> bool:
    """Whether the words are addressed to the manager commands at all."""
    return isinstance(text, str) and text.strip().lower().split(" ", 1)[0] == "admin"


def parse_admin(text: str) -> AdminCommand | Reply:
    """`admin ...` -> the command it asks for, or a helpful reply."""
    try:
        words = shlex.split(text.translate(SMART_QUOTES))[1:]
    except ValueError:
        return Reply("A quote is not closed; put values with spaces in quotes: "
                     '`cadence="weekly mon 10:00"`.')
    if not words or words[0].lower() == "help":
        return Reply(ADMIN_HELP)
    action, rest = words[0].lower(), words[1:]
    if action not in ACTIONS:
        return Reply(f"Sorry, `admin {action}` is not a manager command.\n{ADMIN_HELP}")
    if action in ("programs", "managers", "health", "dashboard"):
        return AdminCommand(action) if not rest else Reply(f"`admin {action}` takes nothing more.")
    if action in ("grant", "revoke"):
        return _person(action, rest)
    if action == "draft":
        # One ASCII digit: str.isdigit() also takes "²", which int() refuses.
        if len(rest) != 1 or not re.fullmatch(r"[1-9]", rest[0]):
            return Reply("Which idea? `admin draft 1` (`admin health` numbers them).")
        return AdminCommand(action, rest[0])
    if action == "guests":
        choice = [w.lower() for w in rest]
        if choice and (len(choice) > 1 or choice[0] not in GUEST_CHOICES):
            return Reply("`admin guests` shows the choice; `admin guests include` or "
                         "`admin guests exclude` changes it.")
        return AdminCommand(action, choice[0] if choice else None)
    if action == "deliveries":
        return AdminCommand(action) if not rest else Reply("`admin deliveries` takes nothing more.")
    if action in DELIVERY_ACTIONS:
        if len(rest) != 1:
            return Reply(f"Which one? `admin {action} ID` (`admin deliveries` lists them).")
        return AdminCommand(action, rest[0])
    name = None
    if rest and "=" not in rest[0]:
        name, rest = rest[0].lower(), rest[1:]
        if not NAME.match(name):
            return Reply(f"`{name}` can't be a program name: use letters, digits, - and _.")
    if action in NEEDS_NAME and name is None:
        return Reply(f"Which program? `admin {action} NAME` (`admin programs` lists them).")
    if action == "delete":
        confirmed = [w.lower() for w in rest] == ["now"]
        if rest and not confirmed:
            return Reply(f"To delete it, send `admin delete {name} now`.")
        return AdminCommand("delete", name, confirmed=confirmed)
    settings = _settings(rest)
    if isinstance(settings, Reply):
        return settings
    if action in ("stats", "outcomes"):
        return _stats(action, name, settings)
    if action == "edit" and not settings:
        return Reply(f"What should change? `admin edit {name} size=3` (`admin help` lists settings).")
    if settings and action not in ("create", "edit"):
        return Reply(f"`admin {action}` takes no settings; change them with `admin edit`.")
    return AdminCommand(action, name, settings)


def _person(action: str, rest: list[str]) -> AdminCommand | Reply:
    found = MENTION.match(rest[0]) if len(rest) == 1 else None
    if found is None:
        return Reply(f"Whom? `admin {action} @someone`")
    return AdminCommand(action, found.group(1))


def _stats(action: str, name: str | None, settings: dict) -> AdminCommand | Reply:
    if set(settings) - {"rounds"}:
        return Reply(f"`admin {action}` takes a program and `rounds=N`, nothing else.")
    return AdminCommand(action, name, settings)


def _settings(words: list[str]) -> dict[str, Any] | Reply:
    out: dict[str, Any] = {}
    for word in words:
        key, eq, raw = word.partition("=")
        key = key.lower().removeprefix("weight.").removeprefix("weights.")
        if not eq or not raw.strip() and key != "scope":
            return Reply(f"`{word}`: settings look like `name=value` (`admin help` lists them).")
        if key == "rounds":
            if not raw.isdigit() or not 1 <= int(raw) <= 52:
                return Reply("`rounds`: a number of rounds from 1 to 52.")
            out["rounds"] = int(raw)
        elif key in WEIGHTS:
            value = _number(raw)
            if value is None or value < 0:
                return Reply(f"`{key}`: a weight is a number, 0 or more.")
            out.setdefault("weights", {})[WEIGHTS[key]] = value
        elif key in FIELDS:
            value = _value(FIELDS[key], raw.strip(), key)
            if isinstance(value, Reply):
                return value
            out[FIELDS[key]] = value
        else:
            return Reply(f"I don't know the setting `{key}`.\n{ADMIN_HELP}")
    return out


def _value(name: str, raw: str, word: str) -> Any:
    """A setting's text as the value its program field holds; ranges are checked later, by
    program_from_dict, which names the field."""
    if name in INTEGERS:
        return int(raw) if raw.isdigit() else Reply(f"`{word}`: a whole number, not `{raw}`.")
    if name == "half_life_days":
        number = _number(raw)
        return number if number is not None else Reply(f"`{word}`: a number of days.")
    if name == "include_guests":  # people of other organisations, where the tenant keeps them
        found = {"yes": True, "true": True, "on": True, "include": True,
                 "no": False, "false": False, "off": False, "exclude": False}.get(raw.lower())
        return found if found is not None else Reply(f"`{word}`: `yes` or `no`.")
    if name == "in_person":
        choice = {"in-person": True, "in_person": True, "yes": True, "true": True, "on": True,
                  "hybrid": False, "remote": False, "no": False, "false": False, "off": False}
        found = choice.get(raw.lower())
        return found if found is not None else Reply(f"`{word}`: `in-person` or `hybrid`.")
    if name == "cadence":
        return None if raw.lower() in ("none", "off", "manual") else raw
    if name == "timezone":
        return raw if known_zone(raw) else Reply(
            f"`{word}`: I don't know the time zone `{raw}`; try `Europe/Lisbon`.")
    if name in ("scope", "offices"):
        if raw.lower() in ("", "everyone", "all", "any"):
            return []
        if name == "scope":  # channel ids, by commas or spaces ("C012 C34")
            raw = raw.replace(" ", ",")
        return [part.strip() for part in raw.split(",") if part.strip()]
    if name == "venues":
        return _venues(raw, word)
    if name == "cross":  # auto: teams when most people have one (bot/core/crossing.py)
        choice = raw.lower()
        if choice in ("auto", "default"):
            return None
        return choice if choice in CROSSINGS else Reply(
            f"`{word}`: `teams`, `communities`, `off` or `auto`.")
    return raw.lower() if name in ("enrolment", "tone") else raw


def _venues(raw: str, word: str) -> dict[str, list[str]] | Reply:
    out: dict[str, list[str]] = {}
    for part in raw.split(";"):
        office, colon, places = part.partition(":")
        names = [p.strip() for p in places.split(",") if p.strip()]
        if not colon or not office.strip() or not names:
            return Reply(f"`{word}`: offices and their places, such as "
                         '`venues="Lisbon: Kitchen, Café Lumen; Berlin: Roof"`.')
        out[office.strip()] = names
    return out


def _number(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None


FORM_FIELDS = ("cadence", "tz", "size", "mode", "overlap", "cross", "offices", "venues",
               "cooldown",
               "enrolment", "scope", "tone", "dormant", "friends", "bridges", "acquaintances",
               "fill")


# A form shows every setting filled in, so a field emptied there means "none": these settings
# have such a value (scope and offices: everyone; venues: none; cadence: only when run).
CLEARED = {"scope": ("scope", []), "offices": ("offices", []), "venues": ("venues", {}),
           "cadence": ("cadence", None)}


def settings_from_form(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A program form's fields (Slack modal, Teams card; names as in FORM_FIELDS, plus `name`)
    -> (settings, {field: problem}). Empty fields are left out, except those in CLEARED (scope
    and offices even when missing; venues and cadence when sent empty)."""
    settings: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in FORM_FIELDS:
        raw = form.get(key)
        if isinstance(raw, (list, tuple)):
            raw = ",".join(str(v) for v in raw)
        raw = "" if raw is None else str(raw).strip()
        if raw == "":
            if key in CLEARED and (key in form or key in ("scope", "offices")):
                settings[CLEARED[key][0]] = CLEARED[key][1]
            continue
        found = _settings([f"{key}={raw}"])
        if isinstance(found, Reply):
            errors[key] = found.text.split("\n", 1)[0].replace("`", "")
            continue
        for name, value in found.items():
            if name == "weights":
                settings.setdefault("weights", {}).update(value)
            else:
                settings[name] = value
    name = str(form.get("name") or "").strip().lower()
    if not NAME.match(name):
        errors["name"] = "Use letters, digits, - and _ (up to 60)."
    return settings, errors


def form_name(text: str) -> str | None:
    """For `admin form [NAME]`: the program to show in a form ("" for a new one); None for any
    other words (including a form asked for with a name that can't be one: the text answers)."""
    if not is_admin(text):
        return None
    parsed = parse_admin(text)
    if isinstance(parsed, AdminCommand) and parsed.action == "form":
        return parsed.name or ""
    return None


def form_values(program: Program) -> dict[str, str]:
    """A program as the form's fields (FORM_FIELDS plus `name`), the inverse of
    settings_from_form: what a Slack modal or a Teams card shows before a manager edits it."""
    w = program.weights
    return {"name": program.name, "cadence": program.cadence or "", "tz": program.timezone,
            "size": str(program.group_size), "mode": "in-person" if program.in_person else "hybrid",
            "overlap": str(program.overlap_minutes), "cross": program.cross or "auto",
            "offices": ", ".join(program.offices),
            "venues": "; ".join(f"{office}: {', '.join(places)}"
                                for office, places in program.venues.items()),
            "cooldown": str(program.cooldown_weeks), "enrolment": program.enrolment,
            "scope": ", ".join(program.scope), "tone": program.tone,
            "dormant": f"{w.dormant:g}", "friends": f"{w.friend_of_friend:g}",
            "bridges": f"{w.bridge:g}", "acquaintances": f"{w.acquaintance:g}", "fill": f"{w.fill:g}"}
