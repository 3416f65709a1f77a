"""A manager's settings (`size=3 tone=warm`, in `admin create` / `admin edit` and the program
form) read as a program's fields, or a Reply in the manager's language saying what was wrong.
Ranges are checked later, by program_from_dict, which names the field."""

from __future__ import annotations

from typing import Any

from bot.core.model import known_zone
from bot.core.programs import CROSSINGS
from bot.service.admin_help import admin_help
from bot.service.commands import Reply
from bot.service.language import ENGLISH, Texts, texts

EN = texts(ENGLISH)
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


def settings(words: list[str], says: Texts = EN) -> dict[str, Any] | Reply:
    out: dict[str, Any] = {}
    for word in words:
        key, eq, raw = word.partition("=")
        key = key.lower().removeprefix("weight.").removeprefix("weights.")
        if not eq or not raw.strip() and key != "scope":
            return Reply(says.gettext("`{word}`: settings look like `name=value` (`admin help` "
                                      "lists them).", word=word))
        if key == "rounds":
            if not raw.isdigit() or not 1 <= int(raw) <= 52:
                return Reply(says.gettext("`rounds`: a number of rounds from 1 to 52."))
            out["rounds"] = int(raw)
        elif key in WEIGHTS:
            value = number(raw)
            if value is None or value < 0:
                return Reply(says.gettext("`{key}`: a weight is a number, 0 or more.", key=key))
            out.setdefault("weights", {})[WEIGHTS[key]] = value
        elif key in FIELDS:
            value = _value(FIELDS[key], raw.strip(), key, says)
            if isinstance(value, Reply):
                return value
            out[FIELDS[key]] = value
        else:
            return Reply(says.gettext("I don't know the setting `{key}`.\n{help}", key=key,
                                      help=admin_help(says)))
    return out


def _value(name: str, raw: str, word: str, says: Texts) -> Any:
    """A setting's text as the value its program field holds."""
    if name in INTEGERS:
        return int(raw) if raw.isdigit() else Reply(
            says.gettext("`{word}`: a whole number, not `{raw}`.", word=word, raw=raw))
    if name == "half_life_days":
        found = number(raw)
        return found if found is not None else Reply(
            says.gettext("`{word}`: a number of days.", word=word))
    if name == "include_guests":  # people of other organisations, where the tenant keeps them
        found = {"yes": True, "true": True, "on": True, "include": True,
                 "no": False, "false": False, "off": False, "exclude": False}.get(raw.lower())
        return found if found is not None else Reply(
            says.gettext("`{word}`: `yes` or `no`.", word=word))
    if name == "in_person":
        choice = {"in-person": True, "in_person": True, "yes": True, "true": True, "on": True,
                  "hybrid": False, "remote": False, "no": False, "false": False, "off": False}
        found = choice.get(raw.lower())
        return found if found is not None else Reply(
            says.gettext("`{word}`: `in-person` or `hybrid`.", word=word))
    if name == "cadence":
        return None if raw.lower() in ("none", "off", "manual") else raw
    if name == "timezone":
        return raw if known_zone(raw) else Reply(says.gettext(
            "`{word}`: I don't know the time zone `{raw}`; try `Europe/Lisbon`.",
            word=word, raw=raw))
    if name in ("scope", "offices"):
        if raw.lower() in ("", "everyone", "all", "any"):
            return []
        if name == "scope":  # channel ids, by commas or spaces ("C012 C34")
            raw = raw.replace(" ", ",")
        return [part.strip() for part in raw.split(",") if part.strip()]
    if name == "venues":
        return _venues(raw, word, says)
    if name == "cross":  # auto: teams when most people have one (bot/core/crossing.py)
        choice = raw.lower()
        if choice in ("auto", "default"):
            return None
        return choice if choice in CROSSINGS else Reply(
            says.gettext("`{word}`: `teams`, `communities`, `off` or `auto`.", word=word))
    return raw.lower() if name in ("enrolment", "tone") else raw


def _venues(raw: str, word: str, says: Texts) -> dict[str, list[str]] | Reply:
    out: dict[str, list[str]] = {}
    for part in raw.split(";"):
        office, colon, places = part.partition(":")
        names = [p.strip() for p in places.split(",") if p.strip()]
        if not colon or not office.strip() or not names:
            return Reply(says.gettext(
                "`{word}`: offices and their places, such as "
                '`venues="Lisbon: Kitchen, Café Lumen; Berlin: Roof"`.', word=word))
        out[office.strip()] = names
    return out


def number(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None
